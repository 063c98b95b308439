/*
 * x86 frontend: the integer instructions of the one-byte and 0F maps
 * (arithmetic, logic, shifts, bit operations, data movement, stack,
 * near control transfer, string operations). System instructions are in
 * translate-sys.c.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/translate.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-gen.h"

enum { OP_ADD, OP_OR, OP_ADC, OP_SBB, OP_AND, OP_SUB, OP_XOR, OP_CMP };
enum { OP_ROL, OP_ROR, OP_RCL, OP_RCR, OP_SHL, OP_SHR, OP_SHL1, OP_SAR };

static MemOp byte_or_dflag(DisasContext *s, int b)
{
    return (b & 1) ? s->dflag : MO_8;
}

static int modrm_reg(DisasContext *s, int modrm)
{
    return ((modrm >> 3) & 7) | s->rex_r;
}

static int modrm_rm(DisasContext *s, int modrm)
{
    return (modrm & 7) | s->rex_b;
}

static bool is_mem(int modrm)
{
    return (modrm >> 6) != 3;
}

static bool lock_ok(DisasContext *s, int modrm)
{
    /* LOCK is legal only on a memory destination of the RMW forms. */
    return !(s->prefix & PREFIX_LOCK) || is_mem(modrm);
}

static CCOp cc_sized(CCOp base, MemOp ot)
{
    return base + (ot & MO_SIZE);
}

/* ------------------------------------------------------------------ */
/* Stack                                                               */

MemOp gen_stack_op_size(DisasContext *s)
{
    if (s->code64) {
        return (s->prefix & PREFIX_DATA) && !s->rex_w ? MO_16 : MO_64;
    }
    return s->dflag;
}

MemOp gen_stack_addr_size(DisasContext *s)
{
    return s->code64 ? MO_64 : s->ss32 ? MO_32 : MO_16;
}

/* A0 = SS:(rSP + offset). */
static void gen_stack_a0(DisasContext *s, int64_t offset)
{
    TCGv t = tcg_tmp(s);

    tcg_gen_addi_i64(t, cpu_regs[R_ESP], offset);
    gen_lea_v_seg(s, gen_stack_addr_size(s), t, R_SS, -1);
}

void gen_stack_update(DisasContext *s, int64_t addend)
{
    TCGv t = tcg_tmp(s);

    tcg_gen_addi_i64(t, cpu_regs[R_ESP], addend);
    gen_op_mov_reg_v(s, gen_stack_addr_size(s), R_ESP, t);
}

void gen_push_v(DisasContext *s, MemOp ot, TCGv val)
{
    int size = 1 << ot;

    gen_stack_a0(s, -size);
    gen_op_st(s, ot, val, s->A0);
    gen_stack_update(s, -size);
}

void gen_pop_v(DisasContext *s, MemOp ot, TCGv val)
{
    gen_stack_a0(s, 0);
    gen_op_ld(s, ot, val, s->A0);
}

void gen_pop_update(DisasContext *s, MemOp ot)
{
    gen_stack_update(s, 1 << ot);
}

static void gen_pusha(DisasContext *s)
{
    MemOp ot = s->dflag;
    int size = 1 << ot;

    for (int i = 0; i < 8; i++) {
        gen_stack_a0(s, -(i + 1) * size);
        gen_op_st(s, ot, cpu_regs[i], s->A0);
    }
    gen_stack_update(s, -8 * size);
}

static void gen_popa(DisasContext *s)
{
    MemOp ot = s->dflag;
    int size = 1 << ot;
    TCGv v[8];

    /* Load everything first: a fault leaves the registers alone. */
    for (int i = 0; i < 8; i++) {
        v[i] = tcg_tmp(s);
        if (i == R_ESP) {
            continue;       /* skipped */
        }
        gen_stack_a0(s, (7 - i) * size);
        gen_op_ld(s, ot, v[i], s->A0);
    }
    for (int i = 0; i < 8; i++) {
        if (i != R_ESP) {
            gen_op_mov_reg_v(s, ot, i, v[i]);
        }
    }
    gen_stack_update(s, 8 * size);
}

static void gen_enter(DisasContext *s, int esp_addend, int level)
{
    MemOp ot = gen_stack_op_size(s);
    MemOp a_ot = gen_stack_addr_size(s);
    int size = 1 << ot;
    TCGv frame = tcg_tmp(s), t = tcg_tmp(s), ebp_val = tcg_tmp(s);

    level &= 31;
    /* Push rBP. */
    tcg_gen_subi_i64(frame, cpu_regs[R_ESP], size);
    gen_lea_v_seg(s, a_ot, frame, R_SS, -1);
    gen_op_st(s, ot, cpu_regs[R_EBP], s->A0);

    if (level) {
        for (int i = 1; i < level; i++) {
            tcg_gen_subi_i64(t, cpu_regs[R_EBP], size * i);
            gen_lea_v_seg(s, a_ot, t, R_SS, -1);
            gen_op_ld(s, ot, ebp_val, s->A0);
            tcg_gen_subi_i64(t, frame, size * i);
            gen_lea_v_seg(s, a_ot, t, R_SS, -1);
            gen_op_st(s, ot, ebp_val, s->A0);
        }
        tcg_gen_subi_i64(t, frame, size * level);
        gen_lea_v_seg(s, a_ot, t, R_SS, -1);
        gen_op_st(s, ot, frame, s->A0);
    }
    tcg_gen_subi_i64(t, frame, esp_addend + size * level);
    gen_op_mov_reg_v(s, ot, R_EBP, frame);
    gen_op_mov_reg_v(s, a_ot, R_ESP, t);
}

static void gen_leave(DisasContext *s)
{
    MemOp ot = gen_stack_op_size(s);
    MemOp a_ot = gen_stack_addr_size(s);
    TCGv t = tcg_tmp(s);

    gen_lea_v_seg(s, a_ot, cpu_regs[R_EBP], R_SS, -1);
    gen_op_ld(s, ot, s->T0, s->A0);
    tcg_gen_addi_i64(t, cpu_regs[R_EBP], 1 << ot);
    gen_op_mov_reg_v(s, a_ot, R_ESP, t);
    gen_op_mov_reg_v(s, ot, R_EBP, s->T0);
}

/* ------------------------------------------------------------------ */
/* ALU                                                                 */

static void gen_atomic_rmw(DisasContext *s, TCGv old, int op, MemOp ot,
                           TCGv val)
{
    gen_helper_atomic_rmw(old, tcg_env, s->A0, val,
                          tcg_constant_i32(X86_ATOMIC_DESC(ot, op,
                                                           s->mem_index)));
}

/*
 * dst op= src. d: register number, or -1 for memory at s->A0. src must
 * not be s->T0; only its low ot bits matter (it may be a register
 * global, see gen_reg_src). Leaves the result in s->T0, its bits above
 * ot undefined (the cc consumers and helpers mask by size).
 */
static void gen_alu(DisasContext *s, int op, MemOp ot, int d, TCGv src)
{
    TCGv carry = NULL, res = s->T0;
    bool lock = (s->prefix & PREFIX_LOCK) && d < 0;

    if (d >= 0 && src == cpu_regs[d] && op != OP_CMP) {
        /* add eax, eax: cc_src must be the value before the write. */
        TCGv t = tcg_tmp(s);
        tcg_gen_mov_i64(t, src);
        src = t;
    }

    if (op == OP_ADC || op == OP_SBB) {
        carry = tcg_tmp(s);
        gen_compute_c(s, carry);
    }
    if (lock) {
        TCGv v = tcg_tmp(s), old = s->T0;
        switch (op) {
        case OP_ADD:
            gen_atomic_rmw(s, old, X86_ATOMIC_ADD, ot, src);
            tcg_gen_add_i64(res, old, src);
            break;
        case OP_ADC:
            tcg_gen_add_i64(v, src, carry);
            gen_atomic_rmw(s, old, X86_ATOMIC_ADD, ot, v);
            tcg_gen_add_i64(res, old, v);
            break;
        case OP_SUB:
            tcg_gen_neg_i64(v, src);
            gen_atomic_rmw(s, old, X86_ATOMIC_ADD, ot, v);
            tcg_gen_sub_i64(res, old, src);
            break;
        case OP_SBB:
            tcg_gen_add_i64(v, src, carry);
            tcg_gen_neg_i64(v, v);
            gen_atomic_rmw(s, old, X86_ATOMIC_ADD, ot, v);
            tcg_gen_add_i64(res, old, v);
            break;
        case OP_AND:
            gen_atomic_rmw(s, old, X86_ATOMIC_AND, ot, src);
            tcg_gen_and_i64(res, old, src);
            break;
        case OP_OR:
            gen_atomic_rmw(s, old, X86_ATOMIC_OR, ot, src);
            tcg_gen_or_i64(res, old, src);
            break;
        case OP_XOR:
            gen_atomic_rmw(s, old, X86_ATOMIC_XOR, ot, src);
            tcg_gen_xor_i64(res, old, src);
            break;
        default:
            g_assert_not_reached();
        }
    } else {
        TCGv a = tcg_tmp(s);
        if (d < 0) {
            gen_op_ld(s, ot, a, s->A0);
        } else {
            a = gen_reg_src(s, ot, a, d);
        }
        switch (op) {
        case OP_ADD:
            tcg_gen_add_i64(res, a, src);
            break;
        case OP_ADC:
            tcg_gen_add_i64(res, a, src);
            tcg_gen_add_i64(res, res, carry);
            break;
        case OP_SUB:
        case OP_CMP:
            tcg_gen_sub_i64(res, a, src);
            break;
        case OP_SBB:
            tcg_gen_sub_i64(res, a, src);
            tcg_gen_sub_i64(res, res, carry);
            break;
        case OP_AND:
            tcg_gen_and_i64(res, a, src);
            break;
        case OP_OR:
            tcg_gen_or_i64(res, a, src);
            break;
        case OP_XOR:
            tcg_gen_xor_i64(res, a, src);
            break;
        }
        if (op != OP_CMP) {
            if (d < 0) {
                gen_op_st(s, ot, res, s->A0);
            } else {
                gen_op_mov_reg_v(s, ot, d, res);
            }
        }
    }

    /* Flags last: a faulting store must leave them untouched. */
    switch (op) {
    case OP_ADD:
        tcg_gen_mov_i64(cpu_cc_src, src);
        tcg_gen_mov_i64(cpu_cc_dst, res);
        set_cc_op(s, cc_sized(CC_OP_ADDB, ot));
        break;
    case OP_ADC:
        tcg_gen_mov_i64(cpu_cc_src, src);
        tcg_gen_mov_i64(cpu_cc_src2, carry);
        tcg_gen_mov_i64(cpu_cc_dst, res);
        set_cc_op(s, cc_sized(CC_OP_ADCB, ot));
        break;
    case OP_SUB:
    case OP_CMP:
        tcg_gen_mov_i64(cpu_cc_src, src);
        tcg_gen_mov_i64(cpu_cc_dst, res);
        set_cc_op(s, cc_sized(CC_OP_SUBB, ot));
        break;
    case OP_SBB:
        tcg_gen_mov_i64(cpu_cc_src, src);
        tcg_gen_mov_i64(cpu_cc_src2, carry);
        tcg_gen_mov_i64(cpu_cc_dst, res);
        set_cc_op(s, cc_sized(CC_OP_SBBB, ot));
        break;
    default:
        tcg_gen_mov_i64(cpu_cc_dst, res);
        set_cc_op(s, cc_sized(CC_OP_LOGICB, ot));
        break;
    }
}

/* INC/DEC of register d or memory at A0 (d < 0). */
static void gen_incdec(DisasContext *s, MemOp ot, int d, int c)
{
    TCGv cf = tcg_tmp(s);

    gen_compute_c(s, cf);
    if ((s->prefix & PREFIX_LOCK) && d < 0) {
        gen_atomic_rmw(s, s->T0, X86_ATOMIC_ADD, ot, tcg_constant_i64(c));
        tcg_gen_addi_i64(s->T0, s->T0, c);
    } else {
        if (d < 0) {
            gen_op_ld(s, ot, s->T0, s->A0);
        } else {
            gen_op_mov_v_reg(s, ot, s->T0, d);
        }
        tcg_gen_addi_i64(s->T0, s->T0, c);
        if (d < 0) {
            gen_op_st(s, ot, s->T0, s->A0);
        } else {
            gen_op_mov_reg_v(s, ot, d, s->T0);
        }
    }
    tcg_gen_mov_i64(cpu_cc_src, cf);
    tcg_gen_mov_i64(cpu_cc_dst, s->T0);
    set_cc_op(s, cc_sized(c > 0 ? CC_OP_INCB : CC_OP_DECB, ot));
}

/* ------------------------------------------------------------------ */
/* Shifts and rotates                                                  */

/*
 * Loads the operand of a group-2 instruction into T0: register or
 * memory (A0 computed).
 */
static void gen_shift_load(DisasContext *s, int modrm, MemOp ot, bool sign)
{
    if (is_mem(modrm)) {
        gen_lea_modrm(s, modrm);
        gen_op_ld(s, ot | (sign ? MO_SIGN : 0), s->T0, s->A0);
    } else {
        gen_op_mov_v_reg(s, ot, s->T0, modrm_rm(s, modrm));
        if (sign) {
            tcg_gen_ext_i64(s->T0, s->T0, ot | MO_SIGN);
        }
    }
}

static void gen_shift_store(DisasContext *s, int modrm, MemOp ot, TCGv v)
{
    if (is_mem(modrm)) {
        gen_op_st(s, ot, v, s->A0);
    } else {
        gen_op_mov_reg_v(s, ot, modrm_rm(s, modrm), v);
    }
}

/*
 * Installs new lazy flags (dst, src as CCOp op) when count != 0 and
 * keeps the old ones otherwise. count: masked count (a TCGv), or NULL
 * when known non-zero.
 */
static void gen_shift_flags(DisasContext *s, CCOp op, TCGv dst, TCGv src,
                            TCGv count)
{
    if (!count) {
        tcg_gen_mov_i64(cpu_cc_dst, dst);
        tcg_gen_mov_i64(cpu_cc_src, src);
        set_cc_op(s, op);
        return;
    }
    {
        TCGv z = tcg_constant_i64(0);
        TCGv_i32 t = s->tmp2_i32, c32 = s->tmp3_i32;

        gen_update_cc_op(s);
        tcg_gen_movcond_i64(TCG_COND_NE, cpu_cc_dst, count, z, dst,
                            cpu_cc_dst);
        tcg_gen_movcond_i64(TCG_COND_NE, cpu_cc_src, count, z, src,
                            cpu_cc_src);
        tcg_gen_extrl_i64_i32(c32, count);
        tcg_gen_movi_i32(t, op);
        tcg_gen_movcond_i32(TCG_COND_NE, cpu_cc_op, c32,
                            tcg_constant_i32(0), t, cpu_cc_op);
        set_cc_op(s, CC_OP_DYNAMIC);
    }
}

/* SHL/SHR/SAR of T0 by count (TCGv, already masked). */
static void gen_shift_var(DisasContext *s, int op, MemOp ot, int modrm,
                          TCGv count, bool known_nonzero)
{
    TCGv res = s->T1, part = s->tmp0, cm1 = s->tmp1;
    bool sar = op == OP_SAR;

    gen_shift_load(s, modrm, ot, sar);
    /* count 0 gives garbage in part, never used (flags kept) */
    tcg_gen_subi_i64(cm1, count, 1);
    tcg_gen_andi_i64(cm1, cm1, 63);
    switch (op) {
    case OP_SHL:
    case OP_SHL1:
        tcg_gen_shl_i64(res, s->T0, count);
        tcg_gen_shl_i64(part, s->T0, cm1);
        break;
    case OP_SHR:
        tcg_gen_shr_i64(res, s->T0, count);
        tcg_gen_shr_i64(part, s->T0, cm1);
        break;
    default:
        tcg_gen_sar_i64(res, s->T0, count);
        tcg_gen_sar_i64(part, s->T0, cm1);
        break;
    }
    gen_shift_store(s, modrm, ot, res);
    gen_shift_flags(s, cc_sized(op == OP_SHL || op == OP_SHL1 ?
                                CC_OP_SHLB : CC_OP_SARB, ot),
                    res, part, known_nonzero ? NULL : count);
}

/* Replicates an ot-wide value over 64 bits so rotl/rotr_i64 rotate it. */
static void gen_replicate(TCGv v, MemOp ot)
{
    switch (ot) {
    case MO_8:
        tcg_gen_ext8u_i64(v, v);
        tcg_gen_muli_i64(v, v, 0x0101010101010101ULL);
        break;
    case MO_16:
        tcg_gen_ext16u_i64(v, v);
        tcg_gen_muli_i64(v, v, 0x0001000100010001ULL);
        break;
    case MO_32:
        tcg_gen_ext32u_i64(v, v);
        tcg_gen_muli_i64(v, v, 0x0000000100000001ULL);
        break;
    default:
        break;
    }
}

static void gen_rot(DisasContext *s, int op, MemOp ot, int modrm,
                    TCGv count, bool known_nonzero)
{
    int bits = 8 << ot;
    TCGv res = s->T1, cf = s->tmp0, of = s->tmp1, fl = tcg_tmp(s);
    TCGv val = s->T0;

    if (ot == MO_32 && !is_mem(modrm) && (op == OP_ROL || op == OP_ROR)) {
        val = cpu_regs[modrm_rm(s, modrm)];     /* low half used */
    } else {
        gen_shift_load(s, modrm, ot, false);
    }
    gen_compute_eflags(s);
    if (op == OP_RCL || op == OP_RCR) {
        TCGv raw = tcg_tmp(s);
        tcg_gen_mov_i64(raw, count);
        if (op == OP_RCL) {
            gen_helper_rcl(res, tcg_env, s->T0, raw, tcg_constant_i32(ot));
        } else {
            gen_helper_rcr(res, tcg_env, s->T0, raw, tcg_constant_i32(ot));
        }
        gen_shift_store(s, modrm, ot, res);
        /* The helper updated cc_src (still CC_OP_EFLAGS). */
        return;
    }
    if (ot == MO_32) {
        /* A 32-bit rotate, zero-extended: no replication needed. */
        TCGv_i32 v = s->tmp2_i32, c = s->tmp3_i32;
        tcg_gen_extrl_i64_i32(v, val);
        tcg_gen_extrl_i64_i32(c, count);    /* folded when constant */
        if (op == OP_ROL) {
            tcg_gen_rotl_i32(v, v, c);
        } else {
            tcg_gen_rotr_i32(v, v, c);
        }
        tcg_gen_extu_i32_i64(res, v);
    } else {
        tcg_gen_mov_i64(res, s->T0);
        gen_replicate(res, ot);
        if (op == OP_ROL) {
            tcg_gen_rotl_i64(res, res, count);
        } else {
            tcg_gen_rotr_i64(res, res, count);
        }
        if (ot != MO_64) {
            tcg_gen_ext_i64(res, res, ot);
        }
    }
    /* ROL: CF = bit 0, OF = CF ^ MSB. ROR: CF = MSB, OF = MSB ^ MSB-1. */
    if (op == OP_ROL) {
        tcg_gen_andi_i64(cf, res, 1);
        tcg_gen_shri_i64(of, res, bits - 1);
        tcg_gen_xor_i64(of, of, cf);
    } else {
        tcg_gen_shri_i64(cf, res, bits - 1);
        tcg_gen_andi_i64(cf, cf, 1);
        tcg_gen_shri_i64(of, res, bits - 2);
        tcg_gen_xor_i64(of, of, cf);
    }
    tcg_gen_andi_i64(of, of, 1);
    tcg_gen_shli_i64(of, of, 11);
    tcg_gen_andi_i64(fl, cpu_cc_src, ~(uint64_t)(CC_C | CC_O));
    tcg_gen_or_i64(fl, fl, cf);
    tcg_gen_or_i64(fl, fl, of);
    gen_shift_store(s, modrm, ot, res);
    if (known_nonzero) {
        tcg_gen_mov_i64(cpu_cc_src, fl);
    } else {
        tcg_gen_movcond_i64(TCG_COND_NE, cpu_cc_src, count,
                            tcg_constant_i64(0), fl, cpu_cc_src);
    }
}

/* Group 2: op with count in CL (count_imm < 0) or an immediate. */
static void gen_shift(DisasContext *s, int op, MemOp ot, int modrm,
                      int count_imm)
{
    int mask = ot == MO_64 ? 0x3f : 0x1f;
    TCGv count = s->tmp2;
    bool nonzero = false;

    if (count_imm >= 0) {
        count_imm &= mask;
        if (count_imm == 0) {
            /* Flags unaffected; a 32-bit register is still written. */
            gen_shift_load(s, modrm, ot, false);
            if (!is_mem(modrm)) {
                gen_shift_store(s, modrm, ot, s->T0);
            }
            return;
        }
        tcg_gen_movi_i64(count, count_imm);
        nonzero = true;
    } else {
        tcg_gen_andi_i64(count, cpu_regs[R_ECX], mask);
    }
    switch (op) {
    case OP_ROL:
    case OP_ROR:
    case OP_RCL:
    case OP_RCR:
        if (op == OP_ROL || op == OP_ROR) {
            gen_rot(s, op, ot, modrm, count, nonzero);
        } else {
            gen_rot(s, op, ot, modrm, count, nonzero);
        }
        break;
    default:
        if (!nonzero) {
            /* Keep a copy: gen_shift_var clobbers tmp registers. */
            TCGv c = tcg_tmp(s);
            tcg_gen_mov_i64(c, count);
            count = c;
        }
        gen_shift_var(s, op, ot, modrm, count, nonzero);
        break;
    }
}

/* SHLD/SHRD Ev, Gv, count. */
static void gen_shiftd(DisasContext *s, bool right, MemOp ot, int modrm,
                       int count_imm)
{
    int bits = 8 << ot;
    int mask = ot == MO_64 ? 0x3f : 0x1f;
    TCGv count = tcg_tmp(s), cm1 = tcg_tmp(s), b = tcg_tmp(s);
    TCGv x = tcg_tmp(s), res = tcg_tmp(s), part = tcg_tmp(s);
    bool nonzero = false;

    if (count_imm >= 0) {
        count_imm &= mask;
        if (count_imm == 0) {
            gen_shift_load(s, modrm, ot, false);
            if (!is_mem(modrm)) {
                gen_shift_store(s, modrm, ot, s->T0);
            }
            return;
        }
        tcg_gen_movi_i64(count, count_imm);
        nonzero = true;
    } else {
        tcg_gen_andi_i64(count, cpu_regs[R_ECX], mask);
    }
    gen_shift_load(s, modrm, ot, false);
    gen_op_mov_v_reg(s, ot, b, modrm_reg(s, modrm));
    tcg_gen_subi_i64(cm1, count, 1);
    tcg_gen_andi_i64(cm1, cm1, 63);

    if (ot == MO_64) {
        TCGv inv = tcg_tmp(s), t = tcg_tmp(s);
        /* inv = 64 - count, in 1..63 when count != 0 */
        tcg_gen_subfi_i64(inv, 64, count);
        tcg_gen_andi_i64(inv, inv, 63);
        if (right) {
            tcg_gen_shr_i64(res, s->T0, count);
            tcg_gen_shl_i64(t, b, inv);
            tcg_gen_or_i64(res, res, t);
            tcg_gen_shr_i64(part, s->T0, cm1);
        } else {
            tcg_gen_shl_i64(res, s->T0, count);
            tcg_gen_shr_i64(t, b, inv);
            tcg_gen_or_i64(res, res, t);
            tcg_gen_shl_i64(part, s->T0, cm1);
        }
        /* count 0: inv is 0 too and b leaked into the result */
        tcg_gen_movcond_i64(TCG_COND_EQ, res, count, tcg_constant_i64(0),
                            s->T0, res);
    } else if (right) {
        /* x = b:a (b above a); result = low bits of x >> count. */
        if (ot == MO_16) {
            /* Counts above 16 shift a's copy back in, like hardware. */
            tcg_gen_deposit_i64(x, s->T0, b, 16, 16);
            tcg_gen_deposit_i64(x, x, s->T0, 32, 16);
        } else {
            tcg_gen_deposit_i64(x, s->T0, b, 32, 32);
        }
        tcg_gen_shr_i64(res, x, count);
        tcg_gen_shr_i64(part, x, cm1);
    } else {
        /* x = a:b (a above b) at the top of the value */
        if (ot == MO_16) {
            tcg_gen_deposit_i64(x, b, s->T0, 16, 16);
            tcg_gen_deposit_i64(x, tcg_constant_i64(0), x, 0, 32);
            tcg_gen_shli_i64(x, x, 16);
            tcg_gen_or_i64(x, x, s->T0);      /* a:b:a, a at bit 32 */
            tcg_gen_shl_i64(res, x, count);
            tcg_gen_shri_i64(res, res, 32);
            tcg_gen_shl_i64(part, x, cm1);
            tcg_gen_shri_i64(part, part, 32);
        } else {
            tcg_gen_deposit_i64(x, b, s->T0, 32, 32);
            tcg_gen_shl_i64(res, x, count);
            tcg_gen_shri_i64(res, res, bits);
            tcg_gen_shl_i64(part, x, cm1);
            tcg_gen_shri_i64(part, part, bits);
        }
    }
    gen_shift_store(s, modrm, ot, res);
    gen_shift_flags(s, cc_sized(right ? CC_OP_SARB : CC_OP_SHLB, ot),
                    res, part, nonzero ? NULL : count);
}

/* ------------------------------------------------------------------ */
/* Multiply and divide                                                 */

static void gen_mul_group(DisasContext *s, int op, MemOp ot)
{
    /* op: 4 MUL, 5 IMUL; T0 = operand. */
    TCGv lo = s->T1, hi = s->tmp0, a = s->tmp1;

    switch (ot) {
    case MO_8:
        if (op == 4) {
            tcg_gen_ext8u_i64(a, cpu_regs[R_EAX]);
            tcg_gen_mul_i64(lo, a, s->T0);
            tcg_gen_deposit_i64(cpu_regs[R_EAX], cpu_regs[R_EAX], lo, 0, 16);
            tcg_gen_mov_i64(cpu_cc_dst, lo);
            tcg_gen_shri_i64(cpu_cc_src, lo, 8);
        } else {
            tcg_gen_ext8s_i64(a, cpu_regs[R_EAX]);
            tcg_gen_ext8s_i64(s->T0, s->T0);
            tcg_gen_mul_i64(lo, a, s->T0);
            tcg_gen_deposit_i64(cpu_regs[R_EAX], cpu_regs[R_EAX], lo, 0, 16);
            tcg_gen_mov_i64(cpu_cc_dst, lo);
            tcg_gen_ext8s_i64(a, lo);
            tcg_gen_ext16s_i64(hi, lo);
            tcg_gen_sub_i64(cpu_cc_src, a, hi);
        }
        break;
    case MO_16:
        if (op == 4) {
            tcg_gen_ext16u_i64(a, cpu_regs[R_EAX]);
            tcg_gen_mul_i64(lo, a, s->T0);
            tcg_gen_shri_i64(hi, lo, 16);
            tcg_gen_deposit_i64(cpu_regs[R_EAX], cpu_regs[R_EAX], lo, 0, 16);
            tcg_gen_deposit_i64(cpu_regs[R_EDX], cpu_regs[R_EDX], hi, 0, 16);
            tcg_gen_mov_i64(cpu_cc_dst, lo);
            tcg_gen_ext16u_i64(cpu_cc_src, hi);
        } else {
            tcg_gen_ext16s_i64(a, cpu_regs[R_EAX]);
            tcg_gen_ext16s_i64(s->T0, s->T0);
            tcg_gen_mul_i64(lo, a, s->T0);
            tcg_gen_shri_i64(hi, lo, 16);
            tcg_gen_deposit_i64(cpu_regs[R_EAX], cpu_regs[R_EAX], lo, 0, 16);
            tcg_gen_deposit_i64(cpu_regs[R_EDX], cpu_regs[R_EDX], hi, 0, 16);
            tcg_gen_mov_i64(cpu_cc_dst, lo);
            tcg_gen_ext16s_i64(a, lo);
            tcg_gen_ext32s_i64(hi, lo);
            tcg_gen_sub_i64(cpu_cc_src, a, hi);
        }
        break;
    case MO_32:
        if (op == 4) {
            tcg_gen_ext32u_i64(a, cpu_regs[R_EAX]);
            tcg_gen_ext32u_i64(s->T0, s->T0);
            tcg_gen_mul_i64(lo, a, s->T0);
            tcg_gen_shri_i64(hi, lo, 32);
            tcg_gen_ext32u_i64(cpu_regs[R_EAX], lo);
            tcg_gen_mov_i64(cpu_regs[R_EDX], hi);
            tcg_gen_mov_i64(cpu_cc_dst, lo);
            tcg_gen_mov_i64(cpu_cc_src, hi);
        } else {
            tcg_gen_ext32s_i64(a, cpu_regs[R_EAX]);
            tcg_gen_ext32s_i64(s->T0, s->T0);
            tcg_gen_mul_i64(lo, a, s->T0);
            tcg_gen_shri_i64(hi, lo, 32);
            tcg_gen_ext32u_i64(cpu_regs[R_EAX], lo);
            tcg_gen_ext32u_i64(cpu_regs[R_EDX], hi);
            tcg_gen_mov_i64(cpu_cc_dst, lo);
            tcg_gen_ext32s_i64(a, lo);
            tcg_gen_sub_i64(cpu_cc_src, a, lo);
        }
        break;
    default:
        if (op == 4) {
            tcg_gen_mulu2_i64(lo, hi, cpu_regs[R_EAX], s->T0);
            tcg_gen_mov_i64(cpu_regs[R_EAX], lo);
            tcg_gen_mov_i64(cpu_regs[R_EDX], hi);
            tcg_gen_mov_i64(cpu_cc_dst, lo);
            tcg_gen_mov_i64(cpu_cc_src, hi);
        } else {
            tcg_gen_muls2_i64(lo, hi, cpu_regs[R_EAX], s->T0);
            tcg_gen_mov_i64(cpu_regs[R_EAX], lo);
            tcg_gen_mov_i64(cpu_regs[R_EDX], hi);
            tcg_gen_mov_i64(cpu_cc_dst, lo);
            tcg_gen_sari_i64(a, lo, 63);
            tcg_gen_sub_i64(cpu_cc_src, a, hi);
        }
        break;
    }
    set_cc_op(s, cc_sized(CC_OP_MULB, ot));
}

/* IMUL reg, a, b (two- and three-operand forms). */
static void gen_imul3(DisasContext *s, MemOp ot, int reg, TCGv a, TCGv b)
{
    TCGv lo = s->tmp0, hi = s->tmp1, t = s->tmp2;

    if (ot == MO_64) {
        tcg_gen_muls2_i64(lo, hi, a, b);
        tcg_gen_sari_i64(t, lo, 63);
        tcg_gen_sub_i64(cpu_cc_src, t, hi);
    } else {
        tcg_gen_ext_i64(t, a, ot | MO_SIGN);
        tcg_gen_ext_i64(hi, b, ot | MO_SIGN);
        tcg_gen_mul_i64(lo, t, hi);
        tcg_gen_ext_i64(t, lo, ot | MO_SIGN);
        tcg_gen_sub_i64(cpu_cc_src, t, lo);
    }
    gen_op_mov_reg_v(s, ot, reg, lo);
    tcg_gen_mov_i64(cpu_cc_dst, lo);
    set_cc_op(s, cc_sized(CC_OP_MULB, ot));
}

static void gen_div(DisasContext *s, bool sign, MemOp ot)
{
    /* The helpers raise #DE with the restore machinery (GETPC). */
    switch (ot) {
    case MO_8:
        sign ? gen_helper_idivb(tcg_env, s->T0)
             : gen_helper_divb(tcg_env, s->T0);
        break;
    case MO_16:
        sign ? gen_helper_idivw(tcg_env, s->T0)
             : gen_helper_divw(tcg_env, s->T0);
        break;
    case MO_32:
        sign ? gen_helper_idivl(tcg_env, s->T0)
             : gen_helper_divl(tcg_env, s->T0);
        break;
    default:
        sign ? gen_helper_idivq(tcg_env, s->T0)
             : gen_helper_divq(tcg_env, s->T0);
        break;
    }
}

/* ------------------------------------------------------------------ */
/* String instructions                                                 */

enum { STR_MOVS, STR_CMPS, STR_STOS, STR_LODS, STR_SCAS, STR_INS, STR_OUTS };

/* T = DF * size (env->df is +1/-1). */
static void gen_string_delta(DisasContext *s, MemOp ot, TCGv t)
{
    TCGv_i32 d = s->tmp2_i32;

    tcg_gen_ld_i32(d, tcg_env, offsetof(CPUX86State, df));
    tcg_gen_ext_i32_i64(t, d);
    tcg_gen_shli_i64(t, t, ot);
}

static void gen_string_src_a0(DisasContext *s)
{
    gen_lea_v_seg(s, s->aflag, cpu_regs[R_ESI], R_DS, s->override);
}

static void gen_string_dst_a0(DisasContext *s)
{
    gen_lea_v_seg(s, s->aflag, cpu_regs[R_EDI], R_ES, -1);
}

static void gen_advance(DisasContext *s, int reg, TCGv delta)
{
    TCGv t = tcg_tmp(s);

    tcg_gen_add_i64(t, cpu_regs[reg], delta);
    gen_op_mov_reg_v(s, s->aflag, reg, t);
}

void gen_check_io(DisasContext *s, TCGv_i32 port, MemOp ot);
void gen_in(DisasContext *s, MemOp ot, TCGv val, TCGv_i32 port);
void gen_out(DisasContext *s, MemOp ot, TCGv_i32 port, TCGv val);

/* One iteration of string operation kind. */
static void gen_string_body(DisasContext *s, int kind, MemOp ot, TCGv delta)
{
    switch (kind) {
    case STR_MOVS:
        gen_string_src_a0(s);
        gen_op_ld(s, ot, s->T0, s->A0);
        gen_string_dst_a0(s);
        gen_op_st(s, ot, s->T0, s->A0);
        gen_advance(s, R_ESI, delta);
        gen_advance(s, R_EDI, delta);
        break;
    case STR_STOS:
        gen_string_dst_a0(s);
        gen_op_st(s, ot, cpu_regs[R_EAX], s->A0);
        gen_advance(s, R_EDI, delta);
        break;
    case STR_LODS:
        gen_string_src_a0(s);
        gen_op_ld(s, ot, s->T0, s->A0);
        gen_op_mov_reg_v(s, ot, R_EAX, s->T0);
        gen_advance(s, R_ESI, delta);
        break;
    case STR_SCAS:
        gen_string_dst_a0(s);
        gen_op_ld(s, ot, s->T1, s->A0);
        gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
        gen_advance(s, R_EDI, delta);
        tcg_gen_sub_i64(cpu_cc_dst, s->T0, s->T1);
        tcg_gen_mov_i64(cpu_cc_src, s->T1);
        set_cc_op(s, cc_sized(CC_OP_SUBB, ot));
        break;
    case STR_CMPS:
        gen_string_src_a0(s);
        gen_op_ld(s, ot, s->T0, s->A0);
        gen_string_dst_a0(s);
        gen_op_ld(s, ot, s->T1, s->A0);
        gen_advance(s, R_ESI, delta);
        gen_advance(s, R_EDI, delta);
        tcg_gen_sub_i64(cpu_cc_dst, s->T0, s->T1);
        tcg_gen_mov_i64(cpu_cc_src, s->T1);
        set_cc_op(s, cc_sized(CC_OP_SUBB, ot));
        break;
    case STR_INS: {
        TCGv_i32 port = s->tmp3_i32;
        tcg_gen_extrl_i64_i32(port, cpu_regs[R_EDX]);
        tcg_gen_andi_i32(port, port, 0xffff);
        gen_in(s, ot, s->T0, port);
        gen_string_dst_a0(s);
        gen_op_st(s, ot, s->T0, s->A0);
        gen_advance(s, R_EDI, delta);
        break;
    }
    case STR_OUTS: {
        TCGv_i32 port = s->tmp3_i32;
        gen_string_src_a0(s);
        gen_op_ld(s, ot, s->T0, s->A0);
        tcg_gen_extrl_i64_i32(port, cpu_regs[R_EDX]);
        tcg_gen_andi_i32(port, port, 0xffff);
        gen_out(s, ot, port, s->T0);
        gen_advance(s, R_ESI, delta);
        break;
    }
    }
}

static void gen_string(DisasContext *s, int kind, MemOp ot)
{
    TCGv delta = tcg_tmp(s);
    bool rep = s->prefix & (PREFIX_REPZ | PREFIX_REPNZ);

    if (kind == STR_INS || kind == STR_OUTS) {
        TCGv_i32 port = s->tmp3_i32;
        tcg_gen_extrl_i64_i32(port, cpu_regs[R_EDX]);
        tcg_gen_andi_i32(port, port, 0xffff);
        gen_check_io(s, port, ot);
    }
    gen_string_delta(s, ot, delta);
    if (!rep) {
        gen_string_body(s, kind, ot, delta);
        return;
    }

    /*
     * One iteration per pass: the loop is a jump back to this
     * instruction, so interrupts and faults see precise state.
     */
    {
        TCGLabel *done = gen_new_label();
        TCGv cx = tcg_tmp(s);

        gen_update_cc_op(s);
        gen_op_mov_v_reg(s, s->aflag, cx, R_ECX);
        tcg_gen_brcondi_i64(TCG_COND_EQ, cx, 0, done);
        gen_string_body(s, kind, ot, delta);
        tcg_gen_subi_i64(cx, cx, 1);
        gen_op_mov_reg_v(s, s->aflag, R_ECX, cx);
        gen_update_cc_op(s);
        tcg_gen_brcondi_i64(TCG_COND_EQ, cx, 0, done);
        if (kind == STR_CMPS || kind == STR_SCAS) {
            TCGv r = gen_ext_tl(s, cpu_cc_dst, ot, false);
            /* REPZ stops when not equal, REPNZ when equal. */
            tcg_gen_brcondi_i64((s->prefix & PREFIX_REPZ) ? TCG_COND_NE
                                                          : TCG_COND_EQ,
                                r, 0, done);
        }
        gen_jmp_tb(s, cur_eip(s), 1);
        tcg_gen_set_label(done);
        set_cc_op(s, CC_OP_DYNAMIC);
        gen_jmp_tb(s, next_eip(s), 0);
    }
}

/* ------------------------------------------------------------------ */
/* Bit operations                                                      */

/*
 * BT/BTS/BTR/BTC: op 0..3. T1 = bit offset; for memory with a register
 * offset (reg_offset) the address moves by the offset's high part.
 */
static void gen_bt(DisasContext *s, int op, MemOp ot, int modrm,
                   bool reg_offset)
{
    int bits = 8 << ot;
    TCGv off = s->T1, mask = s->tmp0, bit = s->tmp1, res = s->tmp2;

    if (is_mem(modrm)) {
        int def_seg;
        gen_lea_modrm_ea(s, modrm, &def_seg);
        if (reg_offset) {
            TCGv d = tcg_tmp(s);
            tcg_gen_ext_i64(d, off, ot | MO_SIGN);
            tcg_gen_sari_i64(d, d, 3 + ot);
            tcg_gen_shli_i64(d, d, ot);
            tcg_gen_add_i64(s->A0, s->A0, d);
        }
        gen_lea_v_seg(s, s->aflag, s->A0, def_seg, s->override);
    }
    tcg_gen_andi_i64(off, off, bits - 1);
    tcg_gen_shl_i64(mask, tcg_constant_i64(1), off);

    if (is_mem(modrm) && (s->prefix & PREFIX_LOCK) && op != 0) {
        static const int aop[4] = { 0, X86_ATOMIC_OR, X86_ATOMIC_AND,
                                    X86_ATOMIC_XOR };
        TCGv v = tcg_tmp(s);
        if (op == 2) {
            tcg_gen_not_i64(v, mask);
        } else {
            tcg_gen_mov_i64(v, mask);
        }
        gen_atomic_rmw(s, s->T0, aop[op], ot, v);
    } else {
        if (is_mem(modrm)) {
            gen_op_ld(s, ot, s->T0, s->A0);
        } else {
            gen_op_mov_v_reg(s, ot, s->T0, modrm_rm(s, modrm));
        }
        if (op != 0) {
            switch (op) {
            case 1:
                tcg_gen_or_i64(res, s->T0, mask);
                break;
            case 2:
                tcg_gen_andc_i64(res, s->T0, mask);
                break;
            default:
                tcg_gen_xor_i64(res, s->T0, mask);
                break;
            }
            if (is_mem(modrm)) {
                gen_op_st(s, ot, res, s->A0);
            } else {
                gen_op_mov_reg_v(s, ot, modrm_rm(s, modrm), res);
            }
        }
    }
    /* CF = the old bit; ZF (and the rest) unchanged. */
    tcg_gen_shr_i64(bit, s->T0, off);
    tcg_gen_andi_i64(bit, bit, 1);
    gen_compute_eflags(s);
    tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_C);
    tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, bit);
}

/* BSF/BSR/TZCNT/LZCNT/POPCNT: T0 = source. */
static void gen_bitscan(DisasContext *s, int b, MemOp ot, int reg)
{
    int bits = 8 << ot;
    TCGv res = s->T1, old = s->tmp0;

    switch (b) {
    case 0xbc:      /* BSF: dest not written for a zero source */
    case 0xbd: {    /* BSR */
        TCGLabel *zero = gen_new_label();
        (void)old;
        gen_update_cc_op(s);
        tcg_gen_mov_i64(cpu_cc_dst, s->T0);
        set_cc_op(s, cc_sized(CC_OP_LOGICB, ot));
        gen_update_cc_op(s);
        tcg_gen_brcondi_i64(TCG_COND_EQ, s->T0, 0, zero);
        if (b == 0xbc) {
            tcg_gen_ctzi_i64(res, s->T0, 0);
        } else {
            tcg_gen_clzi_i64(res, s->T0, 0);
            tcg_gen_subfi_i64(res, 63, res);
        }
        gen_op_mov_reg_v(s, ot, reg, res);
        tcg_gen_set_label(zero);
        break;
    }
    case 0x1bc:     /* TZCNT */
        tcg_gen_ctzi_i64(res, s->T0, bits);
        gen_op_mov_reg_v(s, ot, reg, res);
        tcg_gen_mov_i64(cpu_cc_src, s->T0);
        tcg_gen_mov_i64(cpu_cc_dst, res);
        set_cc_op(s, cc_sized(CC_OP_BMILGB, ot));
        break;
    case 0x1bd:     /* LZCNT */
        tcg_gen_clzi_i64(res, s->T0, 64);
        tcg_gen_subi_i64(res, res, 64 - bits);
        gen_op_mov_reg_v(s, ot, reg, res);
        tcg_gen_mov_i64(cpu_cc_src, s->T0);
        tcg_gen_mov_i64(cpu_cc_dst, res);
        set_cc_op(s, cc_sized(CC_OP_BMILGB, ot));
        break;
    default:        /* POPCNT */
        tcg_gen_ctpop_i64(res, s->T0);
        gen_op_mov_reg_v(s, ot, reg, res);
        tcg_gen_mov_i64(cpu_cc_src, s->T0);
        set_cc_op(s, CC_OP_POPCNT);
        break;
    }
}

/* ------------------------------------------------------------------ */
/* The one-byte map                                                    */

bool gen_sys_onebyte(DisasContext *s, int b);

/* XCHG/XADD/CMPXCHG on register or memory. */
static void gen_xchg_mem(DisasContext *s, MemOp ot, int modrm, int reg)
{
    gen_op_mov_v_reg(s, ot, s->T1, reg);
    if (is_mem(modrm)) {
        gen_lea_modrm(s, modrm);
        /* Always atomic with memory. */
        gen_atomic_rmw(s, s->T0, X86_ATOMIC_XCHG, ot, s->T1);
    } else {
        int rm = modrm_rm(s, modrm);
        gen_op_mov_v_reg(s, ot, s->T0, rm);
        gen_op_mov_reg_v(s, ot, rm, s->T1);
    }
    gen_op_mov_reg_v(s, ot, reg, s->T0);
}

static void gen_jcc(DisasContext *s, int b, int64_t diff)
{
    TCGLabel *taken = gen_new_label();
    MemOp ot = s->code64 ? MO_64 : s->dflag;

    gen_jcc_label(s, b, taken);
    gen_jmp_tb(s, next_eip(s), 1);
    tcg_gen_set_label(taken);
    gen_jmp_rel(s, ot, diff, 0);
}

static void gen_ret_near(DisasContext *s, int addend)
{
    MemOp ot = s->code64 ? MO_64 : s->dflag;

    gen_pop_v(s, ot, s->T0);
    gen_stack_update(s, (1 << ot) + addend);
    if (ot == MO_16) {
        tcg_gen_ext16u_i64(s->T0, s->T0);
    }
    gen_set_eip(s, s->T0);
    gen_jr(s);
}

static void gen_loop(DisasContext *s, int b, int64_t diff)
{
    TCGLabel *taken = gen_new_label(), *not_taken = gen_new_label();
    TCGv cx = tcg_tmp(s);
    MemOp ot = s->code64 ? MO_64 : s->dflag;

    if (b == 0xe0 || b == 0xe1) {
        /* The ZF test must not change the cc state on one path only. */
        gen_compute_eflags(s);
    }
    gen_update_cc_op(s);
    gen_op_mov_v_reg(s, s->aflag, cx, R_ECX);
    if (b == 0xe3) {        /* JrCXZ */
        tcg_gen_brcondi_i64(TCG_COND_EQ, cx, 0, taken);
    } else {
        tcg_gen_subi_i64(cx, cx, 1);
        gen_op_mov_reg_v(s, s->aflag, R_ECX, cx);
        gen_op_mov_v_reg(s, s->aflag, cx, R_ECX);
        tcg_gen_brcondi_i64(TCG_COND_EQ, cx, 0, not_taken);
        if (b != 0xe2) {
            /* LOOPNE (e0) needs ZF = 0, LOOPE (e1) ZF = 1. */
            gen_jcc_label(s, b == 0xe0 ? 5 : 4, taken);
            tcg_gen_br(not_taken);
        } else {
            tcg_gen_br(taken);
        }
    }
    tcg_gen_set_label(not_taken);
    gen_jmp_tb(s, next_eip(s), 1);
    tcg_gen_set_label(taken);
    gen_jmp_rel(s, ot, diff, 0);
}

/* Opcodes LOCK may prefix (their forms check the memory operand). */
static bool lockable_onebyte(int b)
{
    switch (b) {
    case 0x00: case 0x01: case 0x08: case 0x09: case 0x10: case 0x11:
    case 0x18: case 0x19: case 0x20: case 0x21: case 0x28: case 0x29:
    case 0x30: case 0x31: case 0x80 ... 0x83: case 0x86: case 0x87:
    case 0xf6: case 0xf7: case 0xfe: case 0xff:
        return true;
    default:
        return false;
    }
}

static bool lockable_0f(int b)
{
    switch (b) {
    case 0xab: case 0xb3: case 0xbb: case 0xba: case 0xb0: case 0xb1:
    case 0xc0: case 0xc1: case 0xc7:
        return true;
    default:
        return false;
    }
}

bool disas_insn_onebyte(DisasContext *s, int b)
{
    MemOp ot;
    int modrm, reg, op;
    int64_t imm;
    TCGv src;

    if ((s->prefix & PREFIX_LOCK) && !lockable_onebyte(b)) {
        return false;
    }
    switch (b) {
    case 0x00 ... 0x05:
    case 0x08 ... 0x0d:
    case 0x10 ... 0x15:
    case 0x18 ... 0x1d:
    case 0x20 ... 0x25:
    case 0x28 ... 0x2d:
    case 0x30 ... 0x35:
    case 0x38 ... 0x3d:
        op = (b >> 3) & 7;
        ot = byte_or_dflag(s, b);
        switch (b & 7) {
        case 0:
        case 1:     /* Ev, Gv */
            modrm = x86_ldub_code(s);
            if (!lock_ok(s, modrm) || ((s->prefix & PREFIX_LOCK) &&
                                       op == OP_CMP)) {
                return false;
            }
            reg = modrm_reg(s, modrm);
            src = gen_reg_src(s, ot, s->T1, reg);
            if (is_mem(modrm)) {
                gen_lea_modrm(s, modrm);
                gen_alu(s, op, ot, -1, src);
            } else {
                gen_alu(s, op, ot, modrm_rm(s, modrm), src);
            }
            return true;
        case 2:
        case 3:     /* Gv, Ev */
            if (s->prefix & PREFIX_LOCK) {
                return false;
            }
            modrm = x86_ldub_code(s);
            reg = modrm_reg(s, modrm);
            src = gen_ld_modrm_src(s, modrm, ot, s->T1);
            gen_alu(s, op, ot, reg, src);
            return true;
        default:    /* AL/eAX, imm */
            if (s->prefix & PREFIX_LOCK) {
                return false;
            }
            imm = insn_get(s, ot);
            tcg_gen_movi_i64(s->T1, imm);
            gen_alu(s, op, ot, R_EAX, s->T1);
            return true;
        }

    case 0x40 ... 0x4f:     /* INC/DEC r (REX in 64-bit mode) */
        if (s->prefix & PREFIX_LOCK) {
            return false;
        }
        gen_incdec(s, s->dflag, b & 7, b < 0x48 ? 1 : -1);
        return true;

    case 0x50 ... 0x57:     /* PUSH r */
        ot = gen_stack_op_size(s);
        gen_op_mov_v_reg(s, ot, s->T0, (b & 7) | s->rex_b);
        gen_push_v(s, ot, s->T0);
        return true;
    case 0x58 ... 0x5f:     /* POP r */
        ot = gen_stack_op_size(s);
        gen_pop_v(s, ot, s->T0);
        gen_pop_update(s, ot);
        gen_op_mov_reg_v(s, ot, (b & 7) | s->rex_b, s->T0);
        return true;
    case 0x60:
        if (s->code64) {
            return false;
        }
        gen_pusha(s);
        return true;
    case 0x61:
        if (s->code64) {
            return false;
        }
        gen_popa(s);
        return true;
    case 0x62:              /* BOUND */
        if (s->code64) {
            return false;
        }
        ot = s->dflag;
        modrm = x86_ldub_code(s);
        if (!is_mem(modrm)) {
            return false;
        }
        gen_op_mov_v_reg(s, ot, s->T0, modrm_reg(s, modrm));
        gen_lea_modrm(s, modrm);
        gen_update_cc_op(s);
        gen_helper_bound(tcg_env, s->T0, s->A0,
                         tcg_constant_i32(ot | s->mem_index << 4));
        return true;
    case 0x63:
        if (s->code64) {   /* MOVSXD */
            modrm = x86_ldub_code(s);
            reg = modrm_reg(s, modrm);
            gen_ld_modrm(s, modrm, s->dflag == MO_64 ? MO_SL : s->dflag,
                         s->T0);
            gen_op_mov_reg_v(s, s->dflag, reg, s->T0);
            return true;
        }
        return gen_sys_onebyte(s, b);       /* ARPL */

    case 0x68:              /* PUSH imm */
    case 0x6a:
        ot = gen_stack_op_size(s);
        imm = b == 0x68 ? insn_get_signed(s, ot == MO_16 ? MO_16 : MO_32)
                        : insn_get_signed(s, MO_8);
        tcg_gen_movi_i64(s->T0, imm);
        gen_push_v(s, ot, s->T0);
        return true;
    case 0x69:              /* IMUL Gv, Ev, imm */
    case 0x6b:
        ot = s->dflag;
        modrm = x86_ldub_code(s);
        reg = modrm_reg(s, modrm);
        s->rip_offset = b == 0x69 ? (ot == MO_16 ? 2 : 4) : 1;
        gen_ld_modrm(s, modrm, ot, s->T0);
        imm = b == 0x69 ? insn_get_signed(s, ot) : insn_get_signed(s, MO_8);
        tcg_gen_movi_i64(s->T1, imm);
        gen_imul3(s, ot, reg, s->T0, s->T1);
        return true;
    case 0x6c:              /* INS */
    case 0x6d:
        ot = (b & 1) ? (s->dflag == MO_16 ? MO_16 : MO_32) : MO_8;
        gen_string(s, STR_INS, ot);
        return true;
    case 0x6e:              /* OUTS */
    case 0x6f:
        ot = (b & 1) ? (s->dflag == MO_16 ? MO_16 : MO_32) : MO_8;
        gen_string(s, STR_OUTS, ot);
        return true;

    case 0x70 ... 0x7f:     /* Jcc rel8 */
        imm = insn_get_signed(s, MO_8);
        gen_jcc(s, b & 15, imm);
        return true;

    case 0x80 ... 0x83:     /* group 1 */
        if (b == 0x82 && s->code64) {
            return false;
        }
        ot = byte_or_dflag(s, b);
        modrm = x86_ldub_code(s);
        op = (modrm >> 3) & 7;
        if (!lock_ok(s, modrm) || ((s->prefix & PREFIX_LOCK) &&
                                   op == OP_CMP)) {
            return false;
        }
        if (is_mem(modrm)) {
            s->rip_offset = (b == 0x81) ? (ot == MO_16 ? 2 : 4) : 1;
            gen_lea_modrm(s, modrm);
        }
        imm = (b == 0x81) ? insn_get_signed(s, ot) : insn_get_signed(s, MO_8);
        tcg_gen_movi_i64(s->T1, imm);
        gen_alu(s, op, ot, is_mem(modrm) ? -1 : modrm_rm(s, modrm), s->T1);
        return true;

    case 0x84:              /* TEST Ev, Gv */
    case 0x85:
        ot = byte_or_dflag(s, b);
        modrm = x86_ldub_code(s);
        src = gen_ld_modrm_src(s, modrm, ot, s->T0);
        tcg_gen_and_i64(cpu_cc_dst, src,
                        gen_reg_src(s, ot, s->T1, modrm_reg(s, modrm)));
        set_cc_op(s, cc_sized(CC_OP_LOGICB, ot));
        return true;
    case 0x86:              /* XCHG Ev, Gv */
    case 0x87:
        ot = byte_or_dflag(s, b);
        modrm = x86_ldub_code(s);
        if (!lock_ok(s, modrm)) {
            return false;
        }
        gen_xchg_mem(s, ot, modrm, modrm_reg(s, modrm));
        return true;
    case 0x88:              /* MOV Ev, Gv */
    case 0x89:
        ot = byte_or_dflag(s, b);
        modrm = x86_ldub_code(s);
        gen_st_modrm(s, modrm, ot,
                     gen_reg_src(s, ot, s->T0, modrm_reg(s, modrm)));
        return true;
    case 0x8a:              /* MOV Gv, Ev */
    case 0x8b:
        ot = byte_or_dflag(s, b);
        modrm = x86_ldub_code(s);
        reg = modrm_reg(s, modrm);
        if (is_mem(modrm) && ot >= MO_32) {
            /* The load zero-extends: straight into the register (a
             * faulting load leaves it alone). */
            gen_lea_modrm(s, modrm);
            gen_op_ld(s, ot, cpu_regs[reg], s->A0);
            return true;
        }
        gen_op_mov_reg_v(s, ot, reg, gen_ld_modrm_src(s, modrm, ot, s->T0));
        return true;
    case 0x8d: {            /* LEA */
        modrm = x86_ldub_code(s);
        if (!is_mem(modrm)) {
            return false;
        }
        gen_lea_modrm_ea(s, modrm, NULL);
        if (s->aflag != MO_64) {
            tcg_gen_ext_i64(s->A0, s->A0, s->aflag);
        }
        gen_op_mov_reg_v(s, s->dflag, modrm_reg(s, modrm), s->A0);
        return true;
    }
    case 0x8f:              /* POP Ev */
        modrm = x86_ldub_code(s);
        if (((modrm >> 3) & 7) != 0) {
            return false;
        }
        ot = gen_stack_op_size(s);
        gen_pop_v(s, ot, s->T0);
        if (is_mem(modrm)) {
            /* The address uses rSP after the pop. */
            gen_pop_update(s, ot);
            gen_st_modrm(s, modrm, ot, s->T0);
        } else {
            gen_pop_update(s, ot);
            gen_op_mov_reg_v(s, ot, modrm_rm(s, modrm), s->T0);
        }
        return true;

    case 0x90:              /* NOP, PAUSE, XCHG r8, rAX */
        if (s->rex_b) {
            gen_op_mov_v_reg(s, s->dflag, s->T0, R_R8);
            gen_op_mov_v_reg(s, s->dflag, s->T1, R_EAX);
            gen_op_mov_reg_v(s, s->dflag, R_EAX, s->T0);
            gen_op_mov_reg_v(s, s->dflag, R_R8, s->T1);
            return true;
        }
        if (s->prefix & PREFIX_REPZ) {
            /* PAUSE: let other vCPUs run. */
            gen_update_cc_op(s);
            gen_update_eip_cur(s);
            gen_helper_pause(tcg_env,
                             tcg_constant_i32(s->pc - s->pc_start));
            s->base.is_jmp = DISAS_NORETURN;
        }
        return true;
    case 0x91 ... 0x97:     /* XCHG r, rAX */
        reg = (b & 7) | s->rex_b;
        gen_op_mov_v_reg(s, s->dflag, s->T0, reg);
        gen_op_mov_v_reg(s, s->dflag, s->T1, R_EAX);
        gen_op_mov_reg_v(s, s->dflag, R_EAX, s->T0);
        gen_op_mov_reg_v(s, s->dflag, reg, s->T1);
        return true;
    case 0x98:              /* CBW/CWDE/CDQE */
        switch (s->dflag) {
        case MO_16:
            tcg_gen_ext8s_i64(s->T0, cpu_regs[R_EAX]);
            break;
        case MO_32:
            tcg_gen_ext16s_i64(s->T0, cpu_regs[R_EAX]);
            break;
        default:
            tcg_gen_ext32s_i64(s->T0, cpu_regs[R_EAX]);
            break;
        }
        gen_op_mov_reg_v(s, s->dflag, R_EAX, s->T0);
        return true;
    case 0x99:              /* CWD/CDQ/CQO */
        tcg_gen_ext_i64(s->T0, cpu_regs[R_EAX], s->dflag | MO_SIGN);
        tcg_gen_sari_i64(s->T0, s->T0, 63);
        gen_op_mov_reg_v(s, s->dflag, R_EDX, s->T0);
        return true;
    case 0x9b:              /* FWAIT: #NM if MP and TS */
        if ((s->flags & (HF_MP | HF_TS)) == (HF_MP | HF_TS)) {
            gen_exception(s, EXCP07_PREX);
        }
        return true;
    case 0x9e:              /* SAHF */
    case 0x9f:              /* LAHF */
        if (s->code64 && !x86_has_feature(s, FEAT_8000_0001_ECX, 0)) {
            return false;
        }
        gen_compute_eflags(s);
        if (b == 0x9f) {
            tcg_gen_andi_i64(s->T0, cpu_cc_src,
                             CC_S | CC_Z | CC_A | CC_P | CC_C);
            tcg_gen_ori_i64(s->T0, s->T0, 2);
            tcg_gen_deposit_i64(cpu_regs[R_EAX], cpu_regs[R_EAX], s->T0,
                                8, 8);
        } else {
            tcg_gen_shri_i64(s->T0, cpu_regs[R_EAX], 8);
            tcg_gen_andi_i64(s->T0, s->T0, CC_S | CC_Z | CC_A | CC_P | CC_C);
            tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, CC_O);
            tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, s->T0);
        }
        return true;

    case 0xa0 ... 0xa3: {   /* MOV AL/eAX <-> moffs */
        uint64_t off;
        ot = byte_or_dflag(s, b);
        off = s->aflag == MO_64 ? x86_ldq_code(s)
                                : insn_get(s, s->aflag);
        tcg_gen_movi_i64(s->T1, off);
        gen_lea_v_seg(s, s->aflag, s->T1, R_DS, s->override);
        if (b & 2) {
            gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
            gen_op_st(s, ot, s->T0, s->A0);
        } else {
            gen_op_ld(s, ot, s->T0, s->A0);
            gen_op_mov_reg_v(s, ot, R_EAX, s->T0);
        }
        return true;
    }
    case 0xa4:
    case 0xa5:
        gen_string(s, STR_MOVS, byte_or_dflag(s, b));
        return true;
    case 0xa6:
    case 0xa7:
        gen_string(s, STR_CMPS, byte_or_dflag(s, b));
        return true;
    case 0xa8:              /* TEST AL/eAX, imm */
    case 0xa9:
        ot = byte_or_dflag(s, b);
        imm = insn_get(s, ot);
        tcg_gen_andi_i64(cpu_cc_dst, cpu_regs[R_EAX], imm);
        set_cc_op(s, cc_sized(CC_OP_LOGICB, ot));
        return true;
    case 0xaa:
    case 0xab:
        gen_string(s, STR_STOS, byte_or_dflag(s, b));
        return true;
    case 0xac:
    case 0xad:
        gen_string(s, STR_LODS, byte_or_dflag(s, b));
        return true;
    case 0xae:
    case 0xaf:
        gen_string(s, STR_SCAS, byte_or_dflag(s, b));
        return true;

    case 0xb0 ... 0xb7:     /* MOV r8, imm8 */
        imm = x86_ldub_code(s);
        tcg_gen_movi_i64(s->T0, imm);
        gen_op_mov_reg_v(s, MO_8, (b & 7) | s->rex_b, s->T0);
        return true;
    case 0xb8 ... 0xbf:     /* MOV r, imm (imm64 with REX.W) */
        imm = s->dflag == MO_64 ? (int64_t)x86_ldq_code(s)
                                : (int64_t)insn_get(s, s->dflag);
        tcg_gen_movi_i64(s->T0, imm);
        gen_op_mov_reg_v(s, s->dflag, (b & 7) | s->rex_b, s->T0);
        return true;

    case 0xc0:              /* group 2 */
    case 0xc1:
    case 0xd0 ... 0xd3:
        ot = byte_or_dflag(s, b);
        modrm = x86_ldub_code(s);
        op = (modrm >> 3) & 7;
        if (s->prefix & PREFIX_LOCK) {
            return false;
        }
        if (b <= 0xc1) {
            if (is_mem(modrm)) {
                /* Peek the count after the ModRM bytes. */
                s->rip_offset = 1;
            }
            {
                uint64_t save = s->pc;
                int c;
                gen_nop_modrm(s, modrm);
                c = x86_ldub_code(s);
                s->pc = save;
                gen_shift(s, op, ot, modrm, c);
                x86_ldub_code(s);      /* skip the count */
            }
        } else if (b <= 0xd1) {
            gen_shift(s, op, ot, modrm, 1);
        } else {
            gen_shift(s, op, ot, modrm, -1);
        }
        return true;

    case 0xc2:              /* RET imm16 */
        imm = x86_lduw_code(s);
        gen_ret_near(s, imm);
        return true;
    case 0xc3:              /* RET */
        gen_ret_near(s, 0);
        return true;
    case 0xc6:              /* MOV Ev, imm */
    case 0xc7:
        ot = byte_or_dflag(s, b);
        modrm = x86_ldub_code(s);
        if (((modrm >> 3) & 7) != 0) {
            return false;   /* XABORT/XBEGIN: no RTM */
        }
        if (is_mem(modrm)) {
            s->rip_offset = ot == MO_8 ? 1 : ot == MO_16 ? 2 : 4;
            gen_lea_modrm(s, modrm);
            imm = insn_get(s, ot);
            tcg_gen_movi_i64(s->T0, imm);
            gen_op_st(s, ot, s->T0, s->A0);
        } else {
            imm = insn_get(s, ot);
            tcg_gen_movi_i64(s->T0, imm);
            gen_op_mov_reg_v(s, ot, modrm_rm(s, modrm), s->T0);
        }
        return true;
    case 0xc8: {            /* ENTER */
        int esp_addend = x86_lduw_code(s);
        int level = x86_ldub_code(s);
        gen_enter(s, esp_addend, level);
        return true;
    }
    case 0xc9:              /* LEAVE */
        gen_leave(s);
        return true;

    case 0xd4:              /* AAM */
    case 0xd5:              /* AAD */
        if (s->code64) {
            return false;
        }
        imm = x86_ldub_code(s);
        if (b == 0xd4) {
            if (imm == 0) {
                gen_exception(s, EXCP00_DIVZ);
                return true;
            }
            tcg_gen_ext8u_i64(s->T0, cpu_regs[R_EAX]);
            tcg_gen_divu_i64(s->T1, s->T0, tcg_constant_i64(imm));
            tcg_gen_remu_i64(s->T0, s->T0, tcg_constant_i64(imm));
            tcg_gen_deposit_i64(s->T0, s->T0, s->T1, 8, 8);
        } else {
            tcg_gen_extract_i64(s->T1, cpu_regs[R_EAX], 8, 8);
            tcg_gen_muli_i64(s->T1, s->T1, imm);
            tcg_gen_add_i64(s->T0, cpu_regs[R_EAX], s->T1);
            tcg_gen_ext8u_i64(s->T0, s->T0);
        }
        tcg_gen_deposit_i64(cpu_regs[R_EAX], cpu_regs[R_EAX], s->T0, 0, 16);
        tcg_gen_ext8u_i64(cpu_cc_dst, s->T0);
        set_cc_op(s, CC_OP_LOGICB);
        return true;
    case 0xd6:              /* SALC (undocumented) */
        if (s->code64) {
            return false;
        }
        gen_compute_c(s, s->T0);
        tcg_gen_neg_i64(s->T0, s->T0);
        gen_op_mov_reg_v(s, MO_8, R_EAX, s->T0);
        return true;
    case 0xd7:              /* XLAT */
        tcg_gen_ext8u_i64(s->T0, cpu_regs[R_EAX]);
        tcg_gen_add_i64(s->T0, s->T0, cpu_regs[R_EBX]);
        gen_lea_v_seg(s, s->aflag, s->T0, R_DS, s->override);
        gen_op_ld(s, MO_8, s->T0, s->A0);
        gen_op_mov_reg_v(s, MO_8, R_EAX, s->T0);
        return true;
    case 0xd8 ... 0xdf:     /* x87 */
        modrm = x86_ldub_code(s);
        return disas_x87(s, s->env, b, modrm);

    case 0xe0 ... 0xe3:     /* LOOPNE, LOOPE, LOOP, JrCXZ */
        imm = insn_get_signed(s, MO_8);
        gen_loop(s, b, imm);
        return true;
    case 0xe8: {            /* CALL rel */
        MemOp jot = s->code64 ? MO_64 : s->dflag;
        imm = insn_get_signed(s, jot == MO_16 ? MO_16 : MO_32);
        tcg_gen_movi_i64(s->T0, next_eip(s));
        gen_push_v(s, jot, s->T0);
        gen_jmp_rel(s, jot, imm, 0);
        return true;
    }
    case 0xe9: {            /* JMP rel */
        MemOp jot = s->code64 ? MO_64 : s->dflag;
        imm = insn_get_signed(s, jot == MO_16 ? MO_16 : MO_32);
        gen_jmp_rel(s, jot, imm, 0);
        return true;
    }
    case 0xeb:              /* JMP rel8 */
        imm = insn_get_signed(s, MO_8);
        gen_jmp_rel(s, s->code64 ? MO_64 : s->dflag, imm, 0);
        return true;

    case 0xf5:              /* CMC */
    case 0xf8:              /* CLC */
    case 0xf9:              /* STC */
        gen_compute_eflags(s);
        if (b == 0xf5) {
            tcg_gen_xori_i64(cpu_cc_src, cpu_cc_src, CC_C);
        } else if (b == 0xf8) {
            tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_C);
        } else {
            tcg_gen_ori_i64(cpu_cc_src, cpu_cc_src, CC_C);
        }
        return true;
    case 0xfc:              /* CLD */
    case 0xfd:              /* STD */
        tcg_gen_st_i32(tcg_constant_i32(b == 0xfc ? 1 : -1), tcg_env,
                       offsetof(CPUX86State, df));
        return true;

    case 0xf6:              /* group 3 */
    case 0xf7:
        ot = byte_or_dflag(s, b);
        modrm = x86_ldub_code(s);
        op = (modrm >> 3) & 7;
        if ((s->prefix & PREFIX_LOCK) && (op < 2 || op > 3 ||
                                          !is_mem(modrm))) {
            return false;
        }
        switch (op) {
        case 0:
        case 1:             /* TEST Ev, imm */
            if (is_mem(modrm)) {
                s->rip_offset = ot == MO_8 ? 1 : ot == MO_16 ? 2 : 4;
            }
            gen_ld_modrm(s, modrm, ot, s->T0);
            imm = insn_get(s, ot);
            tcg_gen_andi_i64(cpu_cc_dst, s->T0, imm);
            set_cc_op(s, cc_sized(CC_OP_LOGICB, ot));
            return true;
        case 2:             /* NOT */
            if (is_mem(modrm)) {
                gen_lea_modrm(s, modrm);
                if (s->prefix & PREFIX_LOCK) {
                    gen_atomic_rmw(s, s->T0, X86_ATOMIC_XOR, ot,
                                   tcg_constant_i64(-1));
                } else {
                    gen_op_ld(s, ot, s->T0, s->A0);
                    tcg_gen_not_i64(s->T0, s->T0);
                    gen_op_st(s, ot, s->T0, s->A0);
                }
            } else {
                gen_op_mov_v_reg(s, ot, s->T0, modrm_rm(s, modrm));
                tcg_gen_not_i64(s->T0, s->T0);
                gen_op_mov_reg_v(s, ot, modrm_rm(s, modrm), s->T0);
            }
            return true;
        case 3:             /* NEG */
            if (is_mem(modrm)) {
                gen_lea_modrm(s, modrm);
                if (s->prefix & PREFIX_LOCK) {
                    gen_atomic_rmw(s, s->T1, X86_ATOMIC_NEG, ot,
                                   tcg_constant_i64(0));
                    tcg_gen_neg_i64(s->T0, s->T1);
                } else {
                    gen_op_ld(s, ot, s->T1, s->A0);
                    tcg_gen_neg_i64(s->T0, s->T1);
                    gen_op_st(s, ot, s->T0, s->A0);
                }
            } else {
                gen_op_mov_v_reg(s, ot, s->T1, modrm_rm(s, modrm));
                tcg_gen_neg_i64(s->T0, s->T1);
                gen_op_mov_reg_v(s, ot, modrm_rm(s, modrm), s->T0);
            }
            tcg_gen_mov_i64(cpu_cc_src, s->T1);
            tcg_gen_mov_i64(cpu_cc_dst, s->T0);
            set_cc_op(s, cc_sized(CC_OP_SUBB, ot));
            return true;
        case 4:             /* MUL */
        case 5:             /* IMUL */
            gen_ld_modrm(s, modrm, ot, s->T0);
            gen_mul_group(s, op, ot);
            return true;
        default:            /* DIV, IDIV */
            gen_ld_modrm(s, modrm, ot, s->T0);
            gen_div(s, op == 7, ot);
            return true;
        }

    case 0xfe:              /* group 4 */
    case 0xff:              /* group 5 */
        ot = byte_or_dflag(s, b);
        modrm = x86_ldub_code(s);
        op = (modrm >> 3) & 7;
        if (b == 0xfe && op > 1) {
            return false;
        }
        if ((s->prefix & PREFIX_LOCK) && (op > 1 || !is_mem(modrm))) {
            return false;
        }
        switch (op) {
        case 0:             /* INC */
        case 1:             /* DEC */
            if (is_mem(modrm)) {
                gen_lea_modrm(s, modrm);
                gen_incdec(s, ot, -1, op == 0 ? 1 : -1);
            } else {
                gen_incdec(s, ot, modrm_rm(s, modrm), op == 0 ? 1 : -1);
            }
            return true;
        case 2:             /* CALL Ev */
        case 4: {           /* JMP Ev */
            MemOp jot = s->code64 ? MO_64 : s->dflag;
            gen_ld_modrm(s, modrm, jot, s->T0);
            if (op == 2) {
                tcg_gen_movi_i64(s->T1, next_eip(s));
                gen_push_v(s, jot, s->T1);
            }
            if (jot == MO_16) {
                tcg_gen_ext16u_i64(s->T0, s->T0);
            } else if (jot == MO_32) {
                tcg_gen_ext32u_i64(s->T0, s->T0);
            }
            gen_set_eip(s, s->T0);
            gen_jr(s);
            return true;
        }
        case 6: {           /* PUSH Ev */
            MemOp pot = gen_stack_op_size(s);
            gen_ld_modrm(s, modrm, pot, s->T0);
            gen_push_v(s, pot, s->T0);
            return true;
        }
        default:            /* CALLF/JMPF m16:xx (3, 5); 7 invalid */
            return gen_sys_onebyte(s, b);
        }

    default:
        return gen_sys_onebyte(s, b);
    }
}

/* ------------------------------------------------------------------ */
/* The 0F map (integer part)                                           */

bool gen_sys_0f(DisasContext *s, int b);
bool disas_insn_0f38(DisasContext *s, int b);

bool disas_insn_0f(DisasContext *s, int b)
{
    MemOp ot;
    int modrm, reg;

    if ((s->prefix & PREFIX_LOCK) && !lockable_0f(b)) {
        return false;
    }
    switch (b) {
    case 0x19 ... 0x1f:     /* NOP Ev, ENDBR (hint space 0F 19-1F) */
        modrm = x86_ldub_code(s);
        gen_nop_modrm(s, modrm);
        return true;
    case 0x18:              /* PREFETCH hints */
        modrm = x86_ldub_code(s);
        gen_nop_modrm(s, modrm);
        return true;
    case 0x0d:              /* PREFETCHW */
        modrm = x86_ldub_code(s);
        if (!is_mem(modrm)) {
            return false;
        }
        gen_nop_modrm(s, modrm);
        return true;
    case 0x0b:              /* UD2 */
    case 0xb9:              /* UD1 */
    case 0xff:              /* UD0 */
        return false;

    case 0x40 ... 0x4f:     /* CMOVcc */
        ot = s->dflag;
        modrm = x86_ldub_code(s);
        reg = modrm_reg(s, modrm);
        gen_ld_modrm(s, modrm, ot, s->T0);
        gen_op_mov_v_reg(s, ot, s->T1, reg);
        gen_cmovcc(s, b & 15, s->T1, s->T0);
        /* A 32-bit destination is written (zero-extended) either way. */
        gen_op_mov_reg_v(s, ot, reg, s->T1);
        return true;
    case 0x80 ... 0x8f: {   /* Jcc rel16/32 */
        MemOp jot = s->code64 ? MO_64 : s->dflag;
        int64_t imm = insn_get_signed(s, jot == MO_16 ? MO_16 : MO_32);
        gen_jcc(s, b & 15, imm);
        return true;
    }
    case 0x90 ... 0x9f:     /* SETcc */
        modrm = x86_ldub_code(s);
        gen_setcc(s, b & 15, s->T0);
        gen_st_modrm(s, modrm, MO_8, s->T0);
        return true;

    case 0xa3:              /* BT Ev, Gv */
    case 0xab:              /* BTS */
    case 0xb3:              /* BTR */
    case 0xbb:              /* BTC */
        ot = s->dflag;
        modrm = x86_ldub_code(s);
        if (!lock_ok(s, modrm) || ((s->prefix & PREFIX_LOCK) && b == 0xa3)) {
            return false;
        }
        gen_op_mov_v_reg(s, ot, s->T1, modrm_reg(s, modrm));
        gen_bt(s, (b >> 3) & 3, ot, modrm, true);
        return true;
    case 0xba: {            /* BT group: Ev, imm8 */
        int op;
        ot = s->dflag;
        modrm = x86_ldub_code(s);
        op = (modrm >> 3) & 7;
        if (op < 4 || !lock_ok(s, modrm) ||
            ((s->prefix & PREFIX_LOCK) && op == 4)) {
            return false;
        }
        if (is_mem(modrm)) {
            uint64_t save;
            int imm;
            s->rip_offset = 1;
            save = s->pc;
            gen_nop_modrm(s, modrm);
            imm = x86_ldub_code(s);
            s->pc = save;
            tcg_gen_movi_i64(s->T1, imm);
            gen_bt(s, op - 4, ot, modrm, false);
            x86_ldub_code(s);
        } else {
            tcg_gen_movi_i64(s->T1, x86_ldub_code(s));
            gen_bt(s, op - 4, ot, modrm, false);
        }
        return true;
    }
    case 0xa4:              /* SHLD imm */
    case 0xa5:              /* SHLD CL */
    case 0xac:              /* SHRD imm */
    case 0xad:              /* SHRD CL */
        ot = s->dflag;
        modrm = x86_ldub_code(s);
        if (b & 1) {
            gen_shiftd(s, b >= 0xac, ot, modrm, -1);
        } else {
            uint64_t save;
            int c;
            if (is_mem(modrm)) {
                s->rip_offset = 1;
            }
            save = s->pc;
            gen_nop_modrm(s, modrm);
            c = x86_ldub_code(s);
            s->pc = save;
            gen_shiftd(s, b >= 0xac, ot, modrm, c);
            x86_ldub_code(s);
        }
        return true;
    case 0xaf:              /* IMUL Gv, Ev */
        ot = s->dflag;
        modrm = x86_ldub_code(s);
        reg = modrm_reg(s, modrm);
        gen_ld_modrm(s, modrm, ot, s->T0);
        gen_op_mov_v_reg(s, ot, s->T1, reg);
        gen_imul3(s, ot, reg, s->T1, s->T0);
        return true;
    case 0xb0:              /* CMPXCHG Eb, Gb */
    case 0xb1: {
        TCGv cmpv = s->tmp2, newv = s->T1, old = s->T0;
        ot = byte_or_dflag(s, b);
        modrm = x86_ldub_code(s);
        if (!lock_ok(s, modrm)) {
            return false;
        }
        reg = modrm_reg(s, modrm);
        gen_op_mov_v_reg(s, ot, newv, reg);
        gen_op_mov_v_reg(s, ot, cmpv, R_EAX);
        if (is_mem(modrm)) {
            gen_lea_modrm(s, modrm);
            if (s->prefix & PREFIX_LOCK) {
                gen_helper_atomic_cmpxchg(old, tcg_env, s->A0, cmpv, newv,
                    tcg_constant_i32(X86_ATOMIC_DESC(ot, 0, s->mem_index)));
            } else {
                TCGv st = tcg_tmp(s);
                gen_op_ld(s, ot, old, s->A0);
                tcg_gen_movcond_i64(TCG_COND_EQ, st, old, cmpv, newv, old);
                gen_op_st(s, ot, st, s->A0);
            }
        } else {
            /* A register destination is only written when equal. */
            int rm = modrm_rm(s, modrm);
            TCGLabel *ne = gen_new_label();
            gen_op_mov_v_reg(s, ot, old, rm);
            gen_update_cc_op(s);
            tcg_gen_brcond_i64(TCG_COND_NE, old, cmpv, ne);
            gen_op_mov_reg_v(s, ot, rm, newv);
            tcg_gen_set_label(ne);
        }
        /* rAX = old when not equal (equal: old == rAX anyway, but a
         * 32-bit write would clear the top of RAX: skip it then). */
        {
            TCGLabel *eq = gen_new_label();
            tcg_gen_brcond_i64(TCG_COND_EQ, old, cmpv, eq);
            gen_op_mov_reg_v(s, ot, R_EAX, old);
            tcg_gen_set_label(eq);
        }
        tcg_gen_sub_i64(cpu_cc_dst, cmpv, old);
        tcg_gen_mov_i64(cpu_cc_src, old);
        set_cc_op(s, cc_sized(CC_OP_SUBB, ot));
        return true;
    }
    case 0xc0:              /* XADD */
    case 0xc1:
        ot = byte_or_dflag(s, b);
        modrm = x86_ldub_code(s);
        if (!lock_ok(s, modrm)) {
            return false;
        }
        reg = modrm_reg(s, modrm);
        gen_op_mov_v_reg(s, ot, s->T1, reg);
        if (is_mem(modrm)) {
            TCGv old = s->tmp2;
            gen_lea_modrm(s, modrm);
            if (s->prefix & PREFIX_LOCK) {
                gen_atomic_rmw(s, old, X86_ATOMIC_ADD, ot, s->T1);
                tcg_gen_add_i64(s->T0, old, s->T1);
            } else {
                gen_op_ld(s, ot, old, s->A0);
                tcg_gen_add_i64(s->T0, old, s->T1);
                gen_op_st(s, ot, s->T0, s->A0);
            }
            gen_op_mov_reg_v(s, ot, reg, old);
        } else {
            int rm = modrm_rm(s, modrm);
            TCGv old = s->tmp2;
            gen_op_mov_v_reg(s, ot, old, rm);
            tcg_gen_add_i64(s->T0, old, s->T1);
            gen_op_mov_reg_v(s, ot, reg, old);
            gen_op_mov_reg_v(s, ot, rm, s->T0);
        }
        tcg_gen_mov_i64(cpu_cc_src, s->T1);
        tcg_gen_mov_i64(cpu_cc_dst, s->T0);
        set_cc_op(s, cc_sized(CC_OP_ADDB, ot));
        return true;
    case 0xc3:              /* MOVNTI */
        modrm = x86_ldub_code(s);
        if (!is_mem(modrm)) {
            return false;
        }
        ot = s->dflag == MO_64 ? MO_64 : MO_32;
        gen_op_mov_v_reg(s, ot, s->T0, modrm_reg(s, modrm));
        gen_st_modrm(s, modrm, ot, s->T0);
        return true;
    case 0xc8 ... 0xcf:     /* BSWAP */
        reg = (b & 7) | s->rex_b;
        if (s->dflag == MO_64) {
            tcg_gen_bswap64_i64(cpu_regs[reg], cpu_regs[reg]);
        } else if (s->dflag == MO_32) {
            tcg_gen_ext32u_i64(s->T0, cpu_regs[reg]);
            tcg_gen_bswap32_i64(s->T0, s->T0);
            gen_op_mov_reg_v(s, MO_32, reg, s->T0);
        } else {
            /* Undefined; hardware clears the low word. */
            tcg_gen_movi_i64(s->T0, 0);
            gen_op_mov_reg_v(s, MO_16, reg, s->T0);
        }
        return true;
    case 0xb6:              /* MOVZX Gv, Eb */
    case 0xb7:              /* MOVZX Gv, Ew */
    case 0xbe:              /* MOVSX Gv, Eb */
    case 0xbf:              /* MOVSX Gv, Ew */
        modrm = x86_ldub_code(s);
        ot = (b & 1) ? MO_16 : MO_8;
        if (b & 8) {
            ot |= MO_SIGN;
        }
        if (is_mem(modrm)) {
            gen_ld_modrm(s, modrm, ot, s->T0);
        } else {
            gen_op_mov_v_reg(s, ot & MO_SIZE, s->T0, modrm_rm(s, modrm));
            tcg_gen_ext_i64(s->T0, s->T0, ot);
        }
        gen_op_mov_reg_v(s, s->dflag, modrm_reg(s, modrm), s->T0);
        return true;
    case 0xbc:              /* BSF / TZCNT */
    case 0xbd:              /* BSR / LZCNT */
    case 0xb8: {            /* POPCNT (F3) */
        int kind = b;
        ot = s->dflag;
        if (b == 0xb8) {
            if (!(s->prefix & PREFIX_REPZ) ||
                !x86_has_feature(s, FEAT_1_ECX, 23)) {
                return false;
            }
        } else if (s->prefix & PREFIX_REPZ) {
            bool has = b == 0xbc ? x86_has_feature(s, FEAT_7_0_EBX, 3)
                                 : x86_has_feature(s, FEAT_8000_0001_ECX, 5);
            if (has) {
                kind = 0x100 | b;
            }
        }
        modrm = x86_ldub_code(s);
        gen_ld_modrm(s, modrm, ot, s->T0);
        gen_bitscan(s, kind, ot, modrm_reg(s, modrm));
        return true;
    }
    case 0xc7:              /* group 9 */
        modrm = x86_ldub_code(s);
        switch ((modrm >> 3) & 7) {
        case 1: {           /* CMPXCHG8B / CMPXCHG16B */
            bool q = s->dflag == MO_64;
            if (!is_mem(modrm) ||
                (s->prefix & (PREFIX_REPZ | PREFIX_REPNZ))) {
                return false;
            }
            if (q ? !x86_has_feature(s, FEAT_1_ECX, 13)
                  : !x86_has_feature(s, FEAT_1_EDX, 8)) {
                return false;
            }
            gen_lea_modrm(s, modrm);
            gen_compute_eflags(s);
            gen_update_cc_op(s);
            if (q) {
                gen_helper_cmpxchg16b(tcg_env, s->A0,
                                      tcg_constant_i32(s->mem_index));
            } else {
                gen_helper_cmpxchg8b(tcg_env, s->A0,
                                     tcg_constant_i32(s->mem_index));
            }
            return true;
        }
        default:
            s->pc--;        /* let the system decoder re-read modrm */
            return gen_sys_0f(s, b);
        }
    case 0x38:
        b = x86_ldub_code(s);
        if (b >= 0xf0 || (b == 0x82 && (s->prefix & PREFIX_DATA))) {
            return disas_insn_0f38(s, b);
        }
        modrm = x86_ldub_code(s);
        return disas_sse(s, s->env, 0x200 | b, modrm);
    case 0x3a:
        b = x86_ldub_code(s);
        modrm = x86_ldub_code(s);
        return disas_sse(s, s->env, 0x300 | b, modrm);
    case 0x10 ... 0x17:
    case 0x28 ... 0x2f:
    case 0x50 ... 0x7f:
    case 0xc2:
    case 0xc4 ... 0xc6:
    case 0xd0 ... 0xfe:
        /* EMMS has no ModRM byte. */
        modrm = b == 0x77 ? 0 : x86_ldub_code(s);
        return disas_sse(s, s->env, 0x100 | b, modrm);
    case 0x0e:              /* FEMMS */
        return disas_sse(s, s->env, 0x100 | b, 0);
    default:
        return gen_sys_0f(s, b);
    }
}

/* 0F 38 F0-FF: MOVBE, CRC32, ADCX/ADOX (the rest is SSE). */
bool disas_insn_0f38(DisasContext *s, int b)
{
    int modrm = x86_ldub_code(s);
    int reg = modrm_reg(s, modrm);
    MemOp ot;

    switch (b) {
    case 0x82:              /* INVPCID r, m128 (66) */
        if (!is_mem(modrm) || !x86_has_feature(s, FEAT_7_0_EBX, 10)) {
            return false;
        }
        if (s->cpl != 0) {
            gen_exception_gpf(s);
            return true;
        }
        gen_lea_modrm(s, modrm);
        gen_op_mov_v_reg(s, s->code64 ? MO_64 : MO_32, s->T0, reg);
        tcg_gen_extrl_i64_i32(s->tmp2_i32, s->T0);
        gen_update_cc_op(s);
        gen_update_eip_cur(s);
        gen_helper_invpcid(tcg_env, s->tmp2_i32, s->A0);
        s->base.is_jmp = DISAS_EOB_NEXT;
        return true;
    case 0xf0:
    case 0xf1:
        if (s->prefix & PREFIX_REPNZ) {     /* CRC32 */
            if (!x86_has_feature(s, FEAT_1_ECX, 20)) {
                return false;
            }
            ot = b == 0xf0 ? MO_8 : s->dflag;
            gen_ld_modrm(s, modrm, ot, s->T0);
            tcg_gen_extrl_i64_i32(s->tmp2_i32, cpu_regs[reg]);
            gen_helper_crc32(s->T0, s->tmp2_i32, s->T0,
                             tcg_constant_i32(8 << ot));
            gen_op_mov_reg_v(s, s->dflag == MO_64 ? MO_64 : MO_32, reg,
                             s->T0);
            return true;
        }
        /* MOVBE */
        if (!is_mem(modrm) || !x86_has_feature(s, FEAT_1_ECX, 22) ||
            (s->prefix & PREFIX_REPZ)) {
            return false;
        }
        ot = s->dflag;
        gen_lea_modrm(s, modrm);
        if (b == 0xf0) {
            gen_op_ld(s, ot, s->T0, s->A0);
            if (ot == MO_16) {
                tcg_gen_bswap16_i64(s->T0, s->T0);
            } else if (ot == MO_32) {
                tcg_gen_bswap32_i64(s->T0, s->T0);
            } else {
                tcg_gen_bswap64_i64(s->T0, s->T0);
            }
            gen_op_mov_reg_v(s, ot, reg, s->T0);
        } else {
            gen_op_mov_v_reg(s, ot, s->T0, reg);
            if (ot == MO_16) {
                tcg_gen_bswap16_i64(s->T0, s->T0);
            } else if (ot == MO_32) {
                tcg_gen_bswap32_i64(s->T0, s->T0);
            } else {
                tcg_gen_bswap64_i64(s->T0, s->T0);
            }
            gen_op_st(s, ot, s->T0, s->A0);
        }
        return true;
    case 0xf6: {            /* ADCX (66) / ADOX (F3) */
        bool adox;
        TCGv cin = s->tmp0, res = s->T1, cout = s->tmp1;
        if (!x86_has_feature(s, FEAT_7_0_EBX, 19)) {
            return false;
        }
        if (s->prefix & PREFIX_DATA) {
            adox = false;
        } else if (s->prefix & PREFIX_REPZ) {
            adox = true;
        } else {
            return false;
        }
        ot = s->dflag == MO_64 ? MO_64 : MO_32;
        gen_ld_modrm(s, modrm, ot, s->T0);
        /* Bring the state to ADCX/ADOX/ADCOX form with cc_src = EFLAGS. */
        switch (s->cc_op) {
        case CC_OP_ADCX:
        case CC_OP_ADOX:
        case CC_OP_ADCOX:
            break;
        default:
            gen_compute_eflags(s);
            break;
        }
        /* carry in */
        if (adox) {
            if (s->cc_op == CC_OP_ADOX || s->cc_op == CC_OP_ADCOX) {
                tcg_gen_mov_i64(cin, cpu_cc_src2);
            } else {
                tcg_gen_extract_i64(cin, cpu_cc_src, 11, 1);
            }
        } else {
            if (s->cc_op == CC_OP_ADCX || s->cc_op == CC_OP_ADCOX) {
                tcg_gen_mov_i64(cin, cpu_cc_dst);
            } else {
                tcg_gen_andi_i64(cin, cpu_cc_src, 1);
            }
        }
        {
            TCGv a = tcg_tmp(s);
            gen_op_mov_v_reg(s, ot, a, reg);
            if (ot == MO_64) {
                TCGv z = tcg_constant_i64(0), hi = tcg_tmp(s);
                tcg_gen_add2_i64(res, hi, a, z, s->T0, z);
                tcg_gen_add2_i64(res, cout, res, hi, cin, z);
            } else {
                tcg_gen_add_i64(res, a, s->T0);
                tcg_gen_add_i64(res, res, cin);
                tcg_gen_shri_i64(cout, res, 32);
            }
        }
        gen_op_mov_reg_v(s, ot, reg, res);
        if (adox) {
            tcg_gen_mov_i64(cpu_cc_src2, cout);
            if (s->cc_op == CC_OP_ADCX || s->cc_op == CC_OP_ADCOX) {
                set_cc_op(s, CC_OP_ADCOX);
            } else {
                set_cc_op(s, CC_OP_ADOX);
            }
        } else {
            tcg_gen_mov_i64(cpu_cc_dst, cout);
            if (s->cc_op == CC_OP_ADOX || s->cc_op == CC_OP_ADCOX) {
                set_cc_op(s, CC_OP_ADCOX);
            } else {
                set_cc_op(s, CC_OP_ADCX);
            }
        }
        return true;
    }
    default:
        return disas_sse(s, s->env, 0x200 | b, modrm);
    }
}
