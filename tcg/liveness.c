/*
 * Liveness analysis: one backward pass over the op list that fills
 * TCGOp.life (bit i set: argument i's value is not needed after this op;
 * for an output, the value written is never read) and deletes ops whose
 * results nobody reads and which have no other effect.
 *
 * No control-flow graph: at every branch the conservative state is
 * assumed (globals and TEMP_TB temps live); globals are also live at TB
 * exits, before ops that may fault and around helper calls that may
 * touch them; TEMP_EBB temps are dead at labels.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg-internal.h"

enum { DEAD = 0, LIVE = 1 };

static void set_globals(TCGContext *s, int state)
{
    for (int i = 0; i < s->nb_globals; i++) {
        s->temps[i].state = state;
    }
}

/* State at a TB exit: only globals matter. */
static void state_exit(TCGContext *s)
{
    set_globals(s, LIVE);
    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        s->temps[i].state = DEAD;
    }
}

/* State at a branch: globals and TB temps may be read at the target. */
static void state_branch(TCGContext *s, bool keep_ebb)
{
    set_globals(s, LIVE);
    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        TCGTemp *t = &s->temps[i];

        if (t->kind == TEMP_TB) {
            t->state = LIVE;
        } else if (t->kind == TEMP_EBB && !keep_ebb) {
            t->state = DEAD;
        }
    }
}

static void kill_ebb(TCGContext *s)
{
    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        if (s->temps[i].kind == TEMP_EBB) {
            s->temps[i].state = DEAD;
        }
    }
}

static bool temp_tracked(const TCGTemp *t)
{
    return t->kind != TEMP_CONST && t->kind != TEMP_FIXED;
}

static bool op_removable(const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    switch (op->opc) {
    case INDEX_op_call:
        return (tcg_call_info(op)->flags & TCG_CALL_NO_SIDE_EFFECTS) != 0;
    case INDEX_op_insn_start:
    case INDEX_op_set_label:
    case INDEX_op_discard:
        return false;
    case INDEX_op_nop:
        return true;
    default:
        return op->nb_oargs > 0 &&
            !(def->flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END |
                            TCG_OPF_BB_EXIT));
    }
}

/*
 * A TEMP_TB temp whose uses all lie in one extended basic block and
 * which is written there before it is read never carries a value across
 * a label or a branch: it is an EBB temp (no store at block ends).
 */
static void narrow_tb_temps(TCGContext *s)
{
    enum { UNSEEN = 0, LOCAL = 1, WIDE = 2 };
    int *ebb = g_new0(int, s->nb_temps);
    int cur = 0;

    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        s->temps[i].state = UNSEEN;
    }
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        int nout = op->nb_oargs, nin = op->nb_iargs;

        if (op->opc == INDEX_op_set_label) {
            cur++;
            continue;
        }
        /* inputs are read before outputs are written */
        for (int k = nout; k < nout + nin; k++) {
            TCGTemp *t = arg_temp(op->args[k]);
            int idx = (int)(t - s->temps);

            if (t->kind == TEMP_TB &&
                (t->state == UNSEEN || ebb[idx] != cur)) {
                t->state = WIDE;
            }
        }
        for (int k = 0; k < nout; k++) {
            TCGTemp *t = arg_temp(op->args[k]);
            int idx = (int)(t - s->temps);

            if (t->kind != TEMP_TB) {
                continue;
            }
            if (t->state == UNSEEN) {
                t->state = LOCAL;
                ebb[idx] = cur;
            } else if (ebb[idx] != cur) {
                t->state = WIDE;
            }
        }
    }
    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        TCGTemp *t = &s->temps[i];

        if (t->kind == TEMP_TB && t->state == LOCAL) {
            t->kind = TEMP_EBB;
        }
    }
    g_free(ebb);
}

void tcg_liveness_analysis(TCGContext *s)
{
    narrow_tb_temps(s);
    int n;

    for (int i = 0; i < s->nb_temps; i++) {
        s->temps[i].state = DEAD;
    }
    state_exit(s);

    for (int i = s->nb_ops - 1; i >= 0; i--) {
        TCGOp *op = &s->ops[i];
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int nout = op->nb_oargs, nin = op->nb_iargs;
        bool any_live = false;
        uint32_t life = 0;

        /* What is live after this op, given how it leaves the block. */
        switch (op->opc) {
        case INDEX_op_exit_tb:
        case INDEX_op_goto_tb:
        case INDEX_op_goto_ptr:
            state_exit(s);
            break;
        case INDEX_op_br:
            state_branch(s, false);
            break;
        case INDEX_op_brcond:
            state_branch(s, true);
            break;
        case INDEX_op_set_label:
            /* Nothing reads an EBB temp across a label. */
            kill_ebb(s);
            break;
        case INDEX_op_discard:
            arg_temp(op->args[0])->state = DEAD;
            op->life = 0;
            continue;
        default:
            break;
        }

        for (int k = 0; k < nout; k++) {
            TCGTemp *t = arg_temp(op->args[k]);

            if (t->state == LIVE) {
                any_live = true;
            }
        }
        if (!any_live && op_removable(op)) {
            op->opc = INDEX_op_nop;
            op->nb_oargs = op->nb_iargs = 0;
            op->life = 0;
            continue;
        }

        /* Outputs: dead before the op (it defines them). */
        for (int k = 0; k < nout; k++) {
            TCGTemp *t = arg_temp(op->args[k]);

            if (t->state == DEAD) {
                life |= 1u << k;
            }
        }
        for (int k = 0; k < nout; k++) {
            arg_temp(op->args[k])->state = DEAD;
        }

        /* Globals in memory for helpers that may use them and for faults. */
        if (op->opc == INDEX_op_call) {
            unsigned fl = tcg_call_info(op)->flags;

            if ((fl & TCG_CALL_NO_RWG) != TCG_CALL_NO_RWG) {
                set_globals(s, LIVE);
            }
        } else if (def->flags & TCG_OPF_MAY_FAULT) {
            set_globals(s, LIVE);
        }

        /* Inputs: dying here if not needed after the op. */
        for (int k = nout; k < nout + nin; k++) {
            TCGTemp *t = arg_temp(op->args[k]);

            if (temp_tracked(t) && t->state == DEAD) {
                life |= 1u << k;
            }
        }
        for (int k = nout; k < nout + nin; k++) {
            arg_temp(op->args[k])->state = LIVE;
        }
        op->life = life;
    }

    /* Drop the deleted ops. */
    n = 0;
    for (int i = 0; i < s->nb_ops; i++) {
        if (s->ops[i].opc != INDEX_op_nop) {
            if (n != i) {
                s->ops[n] = s->ops[i];
            }
            n++;
        }
    }
    s->nb_ops = n;
}
