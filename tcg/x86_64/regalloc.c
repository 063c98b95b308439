/*
 * The native backend's local register allocator. One forward pass over
 * the op list: each temp is in a register, in memory (env field or frame
 * slot), a known constant, or dead. Globals are cached in registers and
 * written back at basic-block ends and before ops that may fault or
 * calls that read them; TB temps go to frame slots at block ends; EBB
 * temps die at labels. TCGOp.life frees registers at last use.
 */
#include "qemu/osdep.h"
#include "native.h"

/* Callee-saved first: values then survive helper calls in place. */
static const int alloc_order[] = {
    TCG_REG_RBX, TCG_REG_R12, TCG_REG_R13, TCG_REG_R14, TCG_REG_R15,
    TCG_REG_R10, TCG_REG_R11, TCG_REG_R9, TCG_REG_R8, TCG_REG_RDI, TCG_REG_RSI, TCG_REG_RDX, TCG_REG_RCX, TCG_REG_RAX,
};

static int temp_index(NativeCtx *nc, TCGTemp *ts)
{
    return (int)(ts - nc->s->temps);
}

static bool temp_is_local(TCGTemp *ts)
{
    return ts->kind == TEMP_EBB || ts->kind == TEMP_TB;
}

void ra_init(NativeCtx *nc)
{
    TCGContext *s = nc->s;

    memset(nc->reg_to_temp, 0, sizeof(nc->reg_to_temp));
    nc->locked = 0;
    nc->scratch = 0;
    nc->nb_slots = 0;
    nc->too_big = false;
    g_array_set_size(nc->free_slots, 0);
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];

        ts->reg = -1;
        ts->slot = -1;
        switch (ts->kind) {
        case TEMP_FIXED:
            ts->val_type = VAL_REG;
            ts->reg = TCG_REG_ENV;
            ts->mem_coherent = true;
            break;
        case TEMP_GLOBAL:
            ts->val_type = VAL_MEM;
            ts->mem_coherent = true;
            break;
        case TEMP_CONST:
            ts->val_type = VAL_CONST;
            ts->mem_coherent = true;
            break;
        default:
            ts->val_type = VAL_DEAD;
            ts->mem_coherent = false;
            break;
        }
    }
}

bool ra_is_const(NativeCtx *nc, TCGTemp *ts, int64_t *val)
{
    if (ts->kind == TEMP_CONST) {
        *val = ts->val;
        return true;
    }
    if (ts->val_type == VAL_CONST) {
        *val = nc->cval[temp_index(nc, ts)];
        return true;
    }
    return false;
}

int ra_mem_base(NativeCtx *nc, TCGTemp *ts, intptr_t *off)
{
    if (ts->kind == TEMP_GLOBAL) {
        *off = ts->mem_offset;
        return TCG_REG_ENV;
    }
    if (ts->slot < 0) {
        if (nc->free_slots->len) {
            ts->slot = g_array_index(nc->free_slots, int,
                                     nc->free_slots->len - 1);
            g_array_set_size(nc->free_slots, nc->free_slots->len - 1);
        } else if (nc->nb_slots < FRAME_NB_SLOTS) {
            ts->slot = nc->nb_slots++;
        } else {
            /* keep emitting; gen_code reports the TB as too big */
            nc->too_big = true;
            ts->slot = 0;
        }
    }
    *off = FRAME_SLOT_OFF + ts->slot * 8;
    return TCG_REG_RSP;
}

void ra_sync(NativeCtx *nc, TCGTemp *ts)
{
    intptr_t off;
    int base;

    if (!temp_is_local(ts) && ts->kind != TEMP_GLOBAL) {
        return;
    }
    if (ts->mem_coherent) {
        return;
    }
    switch (ts->val_type) {
    case VAL_REG:
        base = ra_mem_base(nc, ts, &off);
        nat_st(nc, ts->type, ts->reg, base, off);
        break;
    case VAL_CONST:
        base = ra_mem_base(nc, ts, &off);
        nat_sti(nc, ts->type, nc->cval[temp_index(nc, ts)], base, off);
        break;
    default:
        return;
    }
    ts->mem_coherent = true;
}

void ra_free_reg(NativeCtx *nc, TCGTemp *ts)
{
    if (ts->val_type == VAL_REG && ts->kind != TEMP_FIXED) {
        nc->reg_to_temp[ts->reg] = NULL;
        ts->reg = -1;
        ts->val_type = VAL_MEM;
    }
}

void ra_dead(NativeCtx *nc, TCGTemp *ts)
{
    if (ts->kind == TEMP_FIXED || ts->kind == TEMP_CONST) {
        return;
    }
    if (ts->val_type == VAL_REG) {
        nc->reg_to_temp[ts->reg] = NULL;
        ts->reg = -1;
    }
    if (ts->kind == TEMP_GLOBAL) {
        /* discarded: whatever env holds is as good as anything */
        ts->val_type = VAL_MEM;
        ts->mem_coherent = true;
        return;
    }
    ts->val_type = VAL_DEAD;
    ts->mem_coherent = false;
    if (ts->kind == TEMP_EBB && ts->slot >= 0) {
        g_array_append_val(nc->free_slots, ts->slot);
        ts->slot = -1;
    }
}

void ra_evict(NativeCtx *nc, int reg)
{
    TCGTemp *ts = nc->reg_to_temp[reg];

    if (ts) {
        ra_sync(nc, ts);
        ra_free_reg(nc, ts);
    }
}

int ra_alloc(NativeCtx *nc, RegSet allowed, RegSet prefer)
{
    RegSet avail = allowed & ALLOC_REGS & ~nc->locked;
    int victim = -1;

    assert(avail);
    for (int pass = 0; pass < 2; pass++) {
        RegSet want = pass == 0 ? avail & prefer : avail;
        for (int i = 0; i < ARRAY_SIZE(alloc_order); i++) {
            int r = alloc_order[i];
            if ((want & REG_BIT(r)) && !nc->reg_to_temp[r]) {
                nc->locked |= REG_BIT(r);
                return r;
            }
        }
    }
    /* Spill: prefer a value whose memory copy is current (no store). */
    for (int i = 0; i < ARRAY_SIZE(alloc_order); i++) {
        int r = alloc_order[i];
        if (avail & REG_BIT(r)) {
            if (victim < 0 || nc->reg_to_temp[r]->mem_coherent) {
                victim = r;
                if (nc->reg_to_temp[r]->mem_coherent) {
                    break;
                }
            }
        }
    }
    ra_move_away(nc, victim);
    nc->locked |= REG_BIT(victim);
    return victim;
}

void ra_move_away(NativeCtx *nc, int reg)
{
    TCGTemp *ts = nc->reg_to_temp[reg];
    RegSet avail = ALLOC_REGS & ~nc->locked & ~REG_BIT(reg);

    if (!ts) {
        return;
    }
    /* another free register beats a store now and a load later */
    for (int i = 0; i < ARRAY_SIZE(alloc_order); i++) {
        int r = alloc_order[i];
        if ((avail & REG_BIT(r)) && !nc->reg_to_temp[r]) {
            nat_mov(nc, ts->type, r, reg);
            nc->reg_to_temp[reg] = NULL;
            nc->reg_to_temp[r] = ts;
            ts->reg = r;
            return;
        }
    }
    ra_evict(nc, reg);
}

void ra_take(NativeCtx *nc, int reg)
{
    assert(!(nc->locked & REG_BIT(reg)));
    ra_move_away(nc, reg);
    nc->locked |= REG_BIT(reg);
}

int ra_scratch(NativeCtx *nc, RegSet allowed)
{
    int r = ra_alloc(nc, allowed, 0);

    nc->scratch |= REG_BIT(r);
    return r;
}

int ra_load(NativeCtx *nc, TCGTemp *ts, RegSet allowed)
{
    int64_t val;
    intptr_t off;
    int base, r;

    if (ts->val_type == VAL_REG) {
        if (allowed & REG_BIT(ts->reg)) {
            if (ts->kind != TEMP_FIXED) {
                nc->locked |= REG_BIT(ts->reg);
            }
            return ts->reg;
        }
        if (ts->kind == TEMP_FIXED || (nc->locked & REG_BIT(ts->reg))) {
            /* the current op uses it where it is: copy */
            r = ra_scratch(nc, allowed);
            nat_mov(nc, ts->type, r, ts->reg);
            return r;
        }
        r = ra_alloc(nc, allowed, 0);
        nat_mov(nc, ts->type, r, ts->reg);
        nc->reg_to_temp[ts->reg] = NULL;
        nc->reg_to_temp[r] = ts;
        ts->reg = r;
        return r;
    }
    if (ts->kind == TEMP_CONST) {
        r = ra_scratch(nc, allowed);
        nat_movi(nc, ts->type, r, ts->val, false);
        return r;
    }
    r = ra_alloc(nc, allowed, 0);
    switch (ts->val_type) {
    case VAL_CONST:
        ra_is_const(nc, ts, &val);
        nat_movi(nc, ts->type, r, val, false);
        break;
    case VAL_MEM:
        base = ra_mem_base(nc, ts, &off);
        nat_ld(nc, ts->type, r, base, off);
        ts->mem_coherent = true;
        break;
    default:
        /* read before written: any value will do */
        ts->mem_coherent = false;
        break;
    }
    ts->val_type = VAL_REG;
    ts->reg = r;
    nc->reg_to_temp[r] = ts;
    return r;
}

void ra_set_out(NativeCtx *nc, TCGTemp *ts, int reg)
{
    TCGTemp *old = nc->reg_to_temp[reg];

    assert(ts->kind != TEMP_CONST && ts->kind != TEMP_FIXED);
    if (old && old != ts) {
        /* an input that dies here handed its register over */
        assert(old->kind != TEMP_GLOBAL || old->mem_coherent);
        old->reg = -1;
        old->val_type = old->mem_coherent ? VAL_MEM : VAL_DEAD;
    }
    if (ts->val_type == VAL_REG && ts->reg != reg) {
        nc->reg_to_temp[ts->reg] = NULL;
    }
    ts->val_type = VAL_REG;
    ts->reg = reg;
    ts->mem_coherent = false;
    nc->reg_to_temp[reg] = ts;
    nc->scratch &= ~REG_BIT(reg);
    nc->locked |= REG_BIT(reg);
}

void ra_set_out_const(NativeCtx *nc, TCGTemp *ts, int64_t val)
{
    assert(ts->kind != TEMP_CONST && ts->kind != TEMP_FIXED);
    if (ts->val_type == VAL_REG) {
        nc->reg_to_temp[ts->reg] = NULL;
        ts->reg = -1;
    }
    if (ts->type == TCG_TYPE_I32) {
        val = (int32_t)val;
    }
    ts->val_type = VAL_CONST;
    ts->mem_coherent = false;
    nc->cval[temp_index(nc, ts)] = val;
}

void ra_sync_globals(NativeCtx *nc)
{
    TCGContext *s = nc->s;

    for (int i = 0; i < s->nb_globals; i++) {
        ra_sync(nc, &s->temps[i]);
    }
}

void ra_sync_bb_end(NativeCtx *nc)
{
    TCGContext *s = nc->s;

    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        if (ts->kind == TEMP_GLOBAL || ts->kind == TEMP_TB) {
            ra_sync(nc, ts);
        }
    }
}

void ra_forget_globals(NativeCtx *nc)
{
    TCGContext *s = nc->s;

    for (int i = 0; i < s->nb_globals; i++) {
        TCGTemp *ts = &s->temps[i];
        if (ts->kind == TEMP_GLOBAL) {
            assert(ts->mem_coherent);
            ra_free_reg(nc, ts);
            ts->val_type = VAL_MEM;
        }
    }
}

void ra_reset_at_label(NativeCtx *nc)
{
    TCGContext *s = nc->s;

    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        switch (ts->kind) {
        case TEMP_GLOBAL:
        case TEMP_TB:
            /* every path in wrote its value back */
            if (ts->val_type == VAL_REG) {
                nc->reg_to_temp[ts->reg] = NULL;
                ts->reg = -1;
            }
            ts->val_type = VAL_MEM;
            ts->mem_coherent = true;
            break;
        case TEMP_EBB:
            ra_dead(nc, ts);
            break;
        default:
            break;
        }
    }
}

bool ra_can_reuse(NativeCtx *nc, const TCGOp *op, int argi, TCGTemp *out)
{
    TCGTemp *ts = arg_temp(op->args[argi]);

    if (ts->val_type != VAL_REG || ts->kind == TEMP_FIXED) {
        return false;
    }
    if (ts == out) {
        return true;
    }
    return temp_is_local(ts) && op_arg_dead(op, argi);
}

void ra_op_done(NativeCtx *nc, const TCGOp *op, int nb_oargs, int nb_iargs)
{
    for (int i = nb_oargs; i < nb_oargs + nb_iargs; i++) {
        TCGTemp *ts = arg_temp(op->args[i]);
        bool is_out = false;

        if (!op_arg_dead(op, i) || !temp_is_local(ts)) {
            continue;
        }
        for (int j = 0; j < nb_oargs; j++) {
            is_out |= arg_temp(op->args[j]) == ts;
        }
        if (!is_out) {
            ra_dead(nc, ts);
        }
    }
    for (int i = 0; i < nb_oargs; i++) {
        TCGTemp *ts = arg_temp(op->args[i]);
        if (op_arg_dead(op, i) && temp_is_local(ts)) {
            ra_dead(nc, ts);
        }
    }
    nc->locked = 0;
    nc->scratch = 0;
}
