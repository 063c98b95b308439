/*
 * Native backend: guest memory access (qemu_ld/qemu_st). The inline
 * fast path looks the address up in the soft TLB (exec/cpu-tlb.h) and
 * does the host access; a miss jumps to an out-of-line slow path at the
 * end of the TB that calls helper_ld_mmu/helper_st_mmu and comes back.
 */
#include "qemu/osdep.h"
#include "native.h"
#include "exec/exec-all.h"
#include "target/i386/cpu.h"

#define ARG(i) arg_temp(op->args[i])
#define ANY_REGS (ALLOC_REGS | REG_BIT(TCG_REG_ENV))

#define CPU_TLB_ENTRY_BITS 5
QEMU_BUILD_BUG_ON(sizeof(CPUTLBEntry) != (1 << CPU_TLB_ENTRY_BITS));
QEMU_BUILD_BUG_ON(offsetof(CPUTLB, table) != 0);

/*
 * t0 = &entry - env - table offset (index scaled by the entry size), then
 * compare the page of the access's last byte (or of its first byte with
 * the alignment bits kept, for MO_ALIGN) with the entry's tag: the entry
 * chosen by the first byte's page can never hold the next page's tag, so
 * a page-crossing access misses. On a hit t0 = addend. A constant address
 * (ra < 0, value aval) has its entry and tag computed here instead.
 * Allocates its scratch registers before emitting the branch.
 */
static uint8_t *emit_tlb_lookup(NativeCtx *nc, int ra, int64_t aval,
                                MemOpIdx oi, bool is_ld, int *t0p)
{
    MemOp mop = get_memop(oi);
    int size = 1 << (mop & MO_SIZE);
    intptr_t table = TLB_ENV_OFFSET +
        (intptr_t)get_mmuidx(oi) * CPU_TLB_SIZE * sizeof(CPUTLBEntry);
    intptr_t cmp_off = is_ld ? offsetof(CPUTLBEntry, addr_read)
                             : offsetof(CPUTLBEntry, addr_write);
    int t0 = ra_scratch(nc, ALLOC_REGS), t1;
    uint8_t *miss;

    if (ra < 0) {
        uint64_t tag = mop & MO_ALIGN
            ? aval & (TARGET_PAGE_MASK | (size - 1))
            : (aval + size - 1) & TARGET_PAGE_MASK;
        table += ((aval >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1)) *
                 sizeof(CPUTLBEntry);
        if (fits_s32(tag)) {
            nat_out_modrm_offset(nc, OPC_ARITH_EvIz | P_REXW, ARITH_CMP,
                                 TCG_REG_ENV, table + cmp_off);
            nat_out32(nc, tag);
        } else {
            t1 = ra_scratch(nc, ALLOC_REGS);
            nat_movi(nc, TCG_TYPE_I64, t1, tag, false);
            nat_out_modrm_offset(nc, OPC_CMP_GvEv | P_REXW, t1, TCG_REG_ENV,
                                 table + cmp_off);
        }
        nat_out8(nc, 0x0f);
        nat_out8(nc, 0x80 + JCC_JNE);
        miss = nc->code;
        nat_out32(nc, 0);
        nat_out_modrm_offset(nc, OPC_MOVL_GvEv | P_REXW, t0, TCG_REG_ENV,
                             table + offsetof(CPUTLBEntry, addend));
        *t0p = t0;
        return miss;
    }
    t1 = ra_scratch(nc, ALLOC_REGS);
    nat_mov(nc, TCG_TYPE_I64, t0, ra);
    nat_shift_ri(nc, TCG_TYPE_I64, SHIFT_SHR,
                 t0, TARGET_PAGE_BITS - CPU_TLB_ENTRY_BITS);
    nat_arith_ri(nc, TCG_TYPE_I32, ARITH_AND, t0,
                 (CPU_TLB_SIZE - 1) << CPU_TLB_ENTRY_BITS);
    if (mop & MO_ALIGN) {
        nat_mov(nc, TCG_TYPE_I64, t1, ra);
        nat_arith_ri(nc, TCG_TYPE_I64, ARITH_AND, t1,
                     (int32_t)(TARGET_PAGE_MASK | (size - 1)));
    } else {
        if (size > 1) {
            nat_lea(nc, TCG_TYPE_I64, t1, ra, -1, 0, size - 1);
        } else {
            nat_mov(nc, TCG_TYPE_I64, t1, ra);
        }
        nat_arith_ri(nc, TCG_TYPE_I64, ARITH_AND, t1,
                     (int32_t)TARGET_PAGE_MASK);
    }
    nat_out_modrm_sib(nc, OPC_CMP_GvEv | P_REXW, t1, TCG_REG_ENV, t0, 0,
                      table + cmp_off);
    nat_out8(nc, 0x0f);
    nat_out8(nc, 0x80 + JCC_JNE);
    miss = nc->code;
    nat_out32(nc, 0);
    nat_out_modrm_sib(nc, OPC_MOVL_GvEv | P_REXW, t0, TCG_REG_ENV, t0, 0,
                      table + offsetof(CPUTLBEntry, addend));
    *t0p = t0;
    return miss;
}

/* The host access [addend + address]. */
static void emit_host_access(NativeCtx *nc, int opc, int r, int t0, int ra,
                             int64_t aval)
{
    if (ra < 0) {
        nat_out_modrm_offset(nc, opc, r, t0, aval);
    } else {
        nat_out_modrm_sib(nc, opc, r, t0, ra, 0, 0);
    }
}

/* The address in a register, or -1 for a constant usable as disp32. */
static int addr_prepare(NativeCtx *nc, TCGTemp *addr, int64_t *aval)
{
    if (ra_is_const(nc, addr, aval) && fits_s32(*aval)) {
        return -1;
    }
    *aval = 0;
    return ra_load(nc, addr, ANY_REGS);
}

/* Caller-saved registers holding values the slow path must preserve. */
static RegSet live_clobbered(NativeCtx *nc, int except)
{
    RegSet set = 0;

    for (int r = 0; r < NB_REGS; r++) {
        if (nc->reg_to_temp[r] && r != except &&
            (CALL_CLOBBER_REGS & REG_BIT(r))) {
            set |= REG_BIT(r);
        }
    }
    return set;
}

static int ld_opc(MemOp mop, TCGType type)
{
    switch (mop & (MO_SIZE | MO_SIGN)) {
    case MO_UB:
        return OPC_MOVZBL;
    case MO_SB:
        return OPC_MOVSBL | rexw(type);
    case MO_UW:
        return OPC_MOVZWL;
    case MO_SW:
        return OPC_MOVSWL | rexw(type);
    case MO_SL:
        return type == TCG_TYPE_I64 ? OPC_MOVSLQ : OPC_MOVL_GvEv;
    case MO_UL:
        return OPC_MOVL_GvEv;
    default:
        return OPC_MOVL_GvEv | rexw(type);
    }
}

void nat_emit_qemu_ld(NativeCtx *nc, TCGOp *op)
{
    TCGType type = op->type;
    TCGTemp *addr = ARG(1);
    MemOpIdx oi = op->args[2];
    NativeLdst l = { .is_ld = true, .type = type, .oi = oi };
    int64_t aval;
    int ra, t0, d;

    /* the access may fault: env must hold every global */
    ra_sync_globals(nc);
    ra = addr_prepare(nc, addr, &aval);
    /*
     * Every register is chosen before the lookup's branch: a spill emitted
     * between the branch to the slow path and its return would be skipped
     * on a miss.
     */
    d = (ra >= 0 && ra_can_reuse(nc, op, 1, ARG(0)) && ra == addr->reg)
        ? ra : ra_alloc(nc, ALLOC_REGS, 0);
    l.miss_at = emit_tlb_lookup(nc, ra, aval, oi, true, &t0);
    emit_host_access(nc, ld_opc(get_memop(oi), type), d, t0, ra, aval);
    l.ret = nc->code;
    l.addr_reg = ra;
    l.addr_val = aval;
    l.data_reg = d;
    ra_set_out(nc, ARG(0), d);
    l.save = live_clobbered(nc, d);
    g_array_append_val(nc->ldst, l);
}

void nat_emit_qemu_st(NativeCtx *nc, TCGOp *op)
{
    TCGTemp *val = ARG(0), *addr = ARG(1);
    MemOpIdx oi = op->args[2];
    MemOp mop = get_memop(oi);
    int size = 1 << (mop & MO_SIZE);
    NativeLdst l = { .is_ld = false, .type = op->type, .oi = oi };
    int64_t v = 0, aval;
    int ra, rv = -1, t0;

    ra_sync_globals(nc);
    if (val->val_type == VAL_REG && val->kind != TEMP_FIXED) {
        nc->locked |= REG_BIT(val->reg);
    }
    ra = addr_prepare(nc, addr, &aval);
    if (!ra_is_const(nc, val, &v) || (size == 8 && !fits_s32(v))) {
        rv = ra_load(nc, val, ANY_REGS);
    }
    l.miss_at = emit_tlb_lookup(nc, ra, aval, oi, false, &t0);
    if (rv >= 0) {
        switch (size) {
        case 1:
            emit_host_access(nc, OPC_MOVB_EvGv | P_REXB_R, rv, t0, ra, aval);
            break;
        case 2:
            emit_host_access(nc, OPC_MOVL_EvGv | P_DATA16, rv, t0, ra, aval);
            break;
        case 4:
            emit_host_access(nc, OPC_MOVL_EvGv, rv, t0, ra, aval);
            break;
        default:
            emit_host_access(nc, OPC_MOVL_EvGv | P_REXW, rv, t0, ra, aval);
            break;
        }
    } else {
        switch (size) {
        case 1:
            emit_host_access(nc, OPC_MOVB_EvIb, 0, t0, ra, aval);
            nat_out8(nc, v);
            break;
        case 2:
            emit_host_access(nc, OPC_MOVL_EvIz | P_DATA16, 0, t0, ra, aval);
            nat_out16(nc, v);
            break;
        case 4:
            emit_host_access(nc, OPC_MOVL_EvIz, 0, t0, ra, aval);
            nat_out32(nc, v);
            break;
        default:
            emit_host_access(nc, OPC_MOVL_EvIz | P_REXW, 0, t0, ra, aval);
            nat_out32(nc, v);
            break;
        }
    }
    l.ret = nc->code;
    l.addr_reg = ra;
    l.addr_val = aval;
    l.data_reg = rv;
    l.data_val = v;
    l.save = live_clobbered(nc, -1);
    g_array_append_val(nc->ldst, l);
}

static void slow_addr_to_rsi(NativeCtx *nc, const NativeLdst *l)
{
    if (l->addr_reg < 0) {
        nat_movi(nc, TCG_TYPE_I64, TCG_REG_RSI, l->addr_val, false);
    } else {
        nat_mov(nc, TCG_TYPE_I64, TCG_REG_RSI, l->addr_reg);
    }
}

/* rsi = addr, rdx = val without clobbering either on the way. */
static void slow_args(NativeCtx *nc, const NativeLdst *l)
{
    int a = l->addr_reg, v = l->data_reg;

    if (l->is_ld) {
        slow_addr_to_rsi(nc, l);
    } else if (v < 0) {
        slow_addr_to_rsi(nc, l);
        nat_movi(nc, TCG_TYPE_I64, TCG_REG_RDX, l->data_val, false);
    } else if (v == TCG_REG_RSI && a == TCG_REG_RDX) {
        nat_out_modrm(nc, OPC_XCHG | P_REXW, TCG_REG_RSI, TCG_REG_RDX);
    } else if (v == TCG_REG_RSI) {
        nat_mov(nc, TCG_TYPE_I64, TCG_REG_RDX, TCG_REG_RSI);
        slow_addr_to_rsi(nc, l);
    } else {
        slow_addr_to_rsi(nc, l);
        nat_mov(nc, TCG_TYPE_I64, TCG_REG_RDX, v);
    }
}

bool nat_emit_ldst_slow_paths(NativeCtx *nc)
{
    for (guint i = 0; i < nc->ldst->len; i++) {
        NativeLdst *l = &g_array_index(nc->ldst, NativeLdst, i);
        MemOp mop = get_memop(l->oi);

        if (nc->code + 256 > nc->s->code_end) {
            return false;
        }
        nat_patch32(l->miss_at, nc->code - (l->miss_at + 4));
        for (int r = 0; r < NB_REGS; r++) {
            if (l->save & REG_BIT(r)) {
                nat_st(nc, TCG_TYPE_I64, r, TCG_REG_RSP, FRAME_SAVE_OFF + 8 * r);
            }
        }
        slow_args(nc, l);
        nat_mov(nc, TCG_TYPE_I64, TCG_REG_RDI, TCG_REG_ENV);
        /* helper_{ld,st}_mmu(env, addr, [val,] oi, retaddr) */
        nat_movi(nc, TCG_TYPE_I32, l->is_ld ? TCG_REG_RDX : TCG_REG_RCX, l->oi, false);
        nat_out_modrm_rip(nc, OPC_LEA | P_REXW, l->is_ld ? TCG_REG_RCX : TCG_REG_R8,
                          l->ret, 0);
        nat_call_to(nc, l->is_ld ? (void *)helper_ld_mmu
                                 : (void *)helper_st_mmu);
        if (l->is_ld) {
            /* extend as the fast path would have */
            nat_out_modrm(nc, ld_opc(mop, l->type), l->data_reg, TCG_REG_RAX);
        }
        for (int r = 0; r < NB_REGS; r++) {
            if (l->save & REG_BIT(r)) {
                nat_ld(nc, TCG_TYPE_I64, r, TCG_REG_RSP, FRAME_SAVE_OFF + 8 * r);
            }
        }
        nat_jmp_to(nc, l->ret);
    }
    return true;
}
