/*
 * Human-readable IR dumps (-d op, -d op_opt), one op per line:
 *   add_i64 rax,rax,$0x10
 *   brcond_i32 tmp3,$0x0,ne,$L2
 *   qemu_ld_i64 tmp5,tmp4,leq,mmu1
 * Temps print as the global's name, env, tmpN (TB temps), ebbN (EBB
 * temps) or $value (constants); "dead:" lists the arguments that die at
 * the op once liveness has run.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg-internal.h"

const char *tcg_cond_name(TCGCond c)
{
    switch (c) {
    case TCG_COND_NEVER:  return "never";
    case TCG_COND_ALWAYS: return "always";
    case TCG_COND_EQ:     return "eq";
    case TCG_COND_NE:     return "ne";
    case TCG_COND_LT:     return "lt";
    case TCG_COND_GE:     return "ge";
    case TCG_COND_LE:     return "le";
    case TCG_COND_GT:     return "gt";
    case TCG_COND_LTU:    return "ltu";
    case TCG_COND_GEU:    return "geu";
    case TCG_COND_LEU:    return "leu";
    case TCG_COND_GTU:    return "gtu";
    case TCG_COND_TSTEQ:  return "tsteq";
    case TCG_COND_TSTNE:  return "tstne";
    }
    return "cond?";
}

static void dump_temp(TCGContext *s, GString *out, TCGTemp *t)
{
    int idx = (int)(t - s->temps);

    switch (t->kind) {
    case TEMP_GLOBAL:
    case TEMP_FIXED:
        g_string_append(out, t->name ? t->name : "global?");
        break;
    case TEMP_CONST:
        g_string_append_printf(out, "$0x%" PRIx64,
                               t->type == TCG_TYPE_I32
                               ? (uint64_t)(uint32_t)t->val
                               : (uint64_t)t->val);
        break;
    case TEMP_TB:
        g_string_append_printf(out, "tmp%d", idx - s->nb_globals);
        break;
    case TEMP_EBB:
        g_string_append_printf(out, "ebb%d", idx - s->nb_globals);
        break;
    }
}

static void dump_memop(GString *out, MemOpIdx oi)
{
    static const char *const sizes[4] = { "b", "w", "l", "q" };
    MemOp mop = get_memop(oi);

    g_string_append_printf(out, "%s%s%s%s,mmu%u",
                           (mop & MO_SIGN) ? "s" : "u", sizes[mop & MO_SIZE],
                           (mop & MO_ALIGN) ? "+al" : "",
                           (mop & MO_ATOM) ? "+atom" : "",
                           get_mmuidx(oi));
}

static bool op_is_typed(TCGOpcode opc)
{
    const TCGOpDef *def = &tcg_op_defs[opc];

    switch (opc) {
    case INDEX_op_call:
    case INDEX_op_insn_start:
    case INDEX_op_nop:
        return false;
    default:
        return def->nb_oargs + def->nb_iargs > 0;
    }
}

static void dump_op(TCGContext *s, GString *out, const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    int nt = op->nb_oargs + op->nb_iargs;
    int nc = def->nb_cargs;
    bool first = true;

#define SEP() do { g_string_append(out, first ? " " : ","); first = false; } \
    while (0)

    g_string_append_printf(out, " %s", def->name);
    if (op_is_typed(op->opc)) {
        g_string_append(out, op->type == TCG_TYPE_I32 ? "_i32" : "_i64");
    }

    if (op->opc == INDEX_op_call) {
        const TCGHelperInfo *info = tcg_call_info(op);

        SEP();
        g_string_append(out, info->name ? info->name : "?");
        g_string_append_printf(out, ",$0x%x", info->flags);
    }
    for (int k = 0; k < nt; k++) {
        SEP();
        dump_temp(s, out, arg_temp(op->args[k]));
    }

    switch (op->opc) {
    case INDEX_op_call:
        break;
    case INDEX_op_set_label:
    case INDEX_op_br:
        SEP();
        g_string_append_printf(out, "$L%d", arg_label(op->args[0])->id);
        break;
    case INDEX_op_brcond:
        SEP();
        g_string_append(out, tcg_cond_name(op->args[nt]));
        SEP();
        g_string_append_printf(out, "$L%d", arg_label(op->args[nt + 1])->id);
        break;
    case INDEX_op_setcond:
    case INDEX_op_negsetcond:
    case INDEX_op_movcond:
        SEP();
        g_string_append(out, tcg_cond_name(op->args[nt]));
        break;
    case INDEX_op_qemu_ld:
    case INDEX_op_qemu_st:
        SEP();
        dump_memop(out, op->args[nt]);
        break;
    case INDEX_op_exit_tb: {
        uintptr_t v = op->args[0];

        SEP();
        if (v) {
            g_string_append_printf(out, "tb+%u", (unsigned)(v & TB_EXIT_MASK));
        } else {
            g_string_append(out, "$0x0");
        }
        break;
    }
    default:
        for (int k = 0; k < nc; k++) {
            SEP();
            if (op->opc >= INDEX_op_ld8u && op->opc <= INDEX_op_st) {
                g_string_append_printf(out, "$%" PRIdPTR,
                                       (intptr_t)op->args[nt + k]);
            } else {
                g_string_append_printf(out, "$0x%" PRIx64,
                                       (uint64_t)op->args[nt + k]);
            }
        }
        break;
    }

    if (op->life) {
        g_string_append(out, "  dead:");
        for (int k = 0; k < nt; k++) {
            if (op->life & (1u << k)) {
                g_string_append_printf(out, " %d", k);
            }
        }
    }
    g_string_append_c(out, '\n');
#undef SEP
}

void tcg_dump_ops(TCGContext *s, GString *out)
{
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];

        if (op->opc == INDEX_op_insn_start && i > 0) {
            g_string_append_c(out, '\n');
        }
        dump_op(s, out, op);
    }
}
