/*
 * Private to tcg/: the context's hidden part and helpers shared by the
 * optimizer, liveness, dump and the backends.
 */
#ifndef TCG_TCG_INTERNAL_H
#define TCG_TCG_INTERNAL_H

#include "tcg/tcg.h"

typedef struct TCGConstKey {
    int64_t val;
    TCGType type;
} TCGConstKey;

/* Every TCGContext is allocated inside one of these. */
typedef struct TCGContextFull {
    TCGContext s;
    GHashTable *consts;           /* TCGConstKey -> temp index + 1 */
} TCGContextFull;

TCGTemp *tcg_temp_new_internal(TCGType type, TCGTempKind kind);
void tcg_temp_free_internal(TCGTemp *t);
TCGTemp *tcg_constant_internal(TCGType type, int64_t val);

/* Argument counts of an op (calls carry theirs in the op). */
static inline int tcg_op_nb_oargs(const TCGOp *op)
{
    return op->nb_oargs;
}
static inline int tcg_op_nb_iargs(const TCGOp *op)
{
    return op->nb_iargs;
}
static inline int tcg_op_nb_cargs(const TCGOp *op)
{
    return tcg_op_defs[op->opc].nb_cargs;
}

static inline const TCGHelperInfo *tcg_call_info(const TCGOp *op)
{
    return (const TCGHelperInfo *)op->args[op->nb_oargs + op->nb_iargs];
}

/* Evaluates a condition on values of the given type. */
static inline bool tcg_eval_cond(TCGCond c, TCGType type,
                                 uint64_t a, uint64_t b)
{
    if (type == TCG_TYPE_I32) {
        a = (uint32_t)a;
        b = (uint32_t)b;
        if (c >= TCG_COND_LT && c <= TCG_COND_GT) {
            a = (int64_t)(int32_t)a;
            b = (int64_t)(int32_t)b;
        }
    }
    switch (c) {
    case TCG_COND_NEVER:  return false;
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ:     return a == b;
    case TCG_COND_NE:     return a != b;
    case TCG_COND_LT:     return (int64_t)a < (int64_t)b;
    case TCG_COND_GE:     return (int64_t)a >= (int64_t)b;
    case TCG_COND_LE:     return (int64_t)a <= (int64_t)b;
    case TCG_COND_GT:     return (int64_t)a > (int64_t)b;
    case TCG_COND_LTU:    return a < b;
    case TCG_COND_GEU:    return a >= b;
    case TCG_COND_LEU:    return a <= b;
    case TCG_COND_GTU:    return a > b;
    case TCG_COND_TSTEQ:  return (a & b) == 0;
    case TCG_COND_TSTNE:  return (a & b) != 0;
    }
    g_assert_not_reached();
}

/* Swapping the operands: a c b == b swap(c) a. */
static inline TCGCond tcg_swap_cond(TCGCond c)
{
    switch (c) {
    case TCG_COND_LT:  return TCG_COND_GT;
    case TCG_COND_GT:  return TCG_COND_LT;
    case TCG_COND_LE:  return TCG_COND_GE;
    case TCG_COND_GE:  return TCG_COND_LE;
    case TCG_COND_LTU: return TCG_COND_GTU;
    case TCG_COND_GTU: return TCG_COND_LTU;
    case TCG_COND_LEU: return TCG_COND_GEU;
    case TCG_COND_GEU: return TCG_COND_LEU;
    default:           return c;
    }
}

/* The negation: !(a c b) == a invert(c) b. */
static inline TCGCond tcg_invert_cond(TCGCond c)
{
    switch (c) {
    case TCG_COND_NEVER:  return TCG_COND_ALWAYS;
    case TCG_COND_ALWAYS: return TCG_COND_NEVER;
    case TCG_COND_EQ:     return TCG_COND_NE;
    case TCG_COND_NE:     return TCG_COND_EQ;
    case TCG_COND_LT:     return TCG_COND_GE;
    case TCG_COND_GE:     return TCG_COND_LT;
    case TCG_COND_LE:     return TCG_COND_GT;
    case TCG_COND_GT:     return TCG_COND_LE;
    case TCG_COND_LTU:    return TCG_COND_GEU;
    case TCG_COND_GEU:    return TCG_COND_LTU;
    case TCG_COND_LEU:    return TCG_COND_GTU;
    case TCG_COND_GTU:    return TCG_COND_LEU;
    case TCG_COND_TSTEQ:  return TCG_COND_TSTNE;
    case TCG_COND_TSTNE:  return TCG_COND_TSTEQ;
    }
    g_assert_not_reached();
}

const char *tcg_cond_name(TCGCond c);

#endif
