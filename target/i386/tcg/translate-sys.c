/*
 * x86 frontend: system instructions (segments, far control transfer,
 * interrupts, I/O, EFLAGS.IF, descriptor tables, CRs/DRs, MSRs, CPUID,
 * fast system calls, fences and cache control) and the VEX-encoded BMI
 * group. Most call the helpers of helper-sys.h; the real-mode forms of
 * far transfers and segment loads are inline.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/translate.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-gen.h"

bool gen_sys_onebyte(DisasContext *s, int b);
bool gen_sys_0f(DisasContext *s, int b);
void gen_check_io(DisasContext *s, TCGv_i32 port, MemOp ot);
void gen_in(DisasContext *s, MemOp ot, TCGv val, TCGv_i32 port);
void gen_out(DisasContext *s, MemOp ot, TCGv_i32 port, TCGv val);

static bool is_mem(int modrm)
{
    return (modrm >> 6) != 3;
}

static int modrm_rm(DisasContext *s, int modrm)
{
    return (modrm & 7) | s->rex_b;
}

static int modrm_reg(DisasContext *s, int modrm)
{
    return ((modrm >> 3) & 7) | s->rex_r;
}

/* Before a helper that may fault or reads eip/cc state. */
static void gen_sys_prepare(DisasContext *s)
{
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
}

/* #GP(0) unless CPL 0 (real mode is CPL 0); true if raised. */
static bool check_cpl0(DisasContext *s)
{
    if (s->cpl != 0) {
        gen_exception_gpf(s);
        return true;
    }
    return false;
}

/* Protected mode outside vm86 (else #UD). */
static bool protected_only(DisasContext *s)
{
    return s->pe && !s->vm86;
}

static uint32_t insn_len(DisasContext *s)
{
    return s->pc - s->pc_start;
}

/* The helpers' operand-size code: 0 = 16, 1 = 32, 2 = 64 bits. */
static int size_shift(MemOp ot)
{
    return ot == MO_16 ? 0 : ot == MO_32 ? 1 : 2;
}

/* Sets env->cc_op = EFLAGS before a helper that edits flags in cc_src. */
static void gen_flags_for_helper(DisasContext *s)
{
    gen_compute_eflags(s);
    gen_update_cc_op(s);
}

/* ------------------------------------------------------------------ */
/* Segments                                                            */

static void gen_real_seg_load(DisasContext *s, int seg, TCGv sel)
{
    TCGv t = tcg_tmp(s);
    TCGv_i32 t32 = s->tmp2_i32;

    tcg_gen_ext16u_i64(t, sel);
    tcg_gen_extrl_i64_i32(t32, t);
    tcg_gen_st_i32(t32, tcg_env,
                   offsetof(CPUX86State, segs[seg].selector));
    tcg_gen_shli_i64(cpu_seg_base[seg], t, 4);
}

void gen_movl_seg(DisasContext *s, int seg, TCGv val)
{
    if (protected_only(s)) {
        TCGv_i32 sel = s->tmp3_i32;
        tcg_gen_extrl_i64_i32(sel, val);
        tcg_gen_andi_i32(sel, sel, 0xffff);
        gen_sys_prepare(s);
        gen_helper_load_seg(tcg_env, tcg_constant_i32(seg), sel);
        if (seg == R_SS) {
            s->base.is_jmp = DISAS_EOB_INHIBIT;
        } else if (!s->code64 && seg <= R_DS) {
            /* ADDSEG may change. */
            s->base.is_jmp = DISAS_EOB_NEXT;
        }
    } else {
        gen_real_seg_load(s, seg, val);
        if (seg == R_SS) {
            s->base.is_jmp = DISAS_EOB_INHIBIT;
        }
    }
}

static void gen_push_seg(DisasContext *s, int seg)
{
    MemOp ot = gen_stack_op_size(s);

    tcg_gen_ld32u_i64(s->T0, tcg_env,
                      offsetof(CPUX86State, segs[seg].selector));
    gen_push_v(s, ot, s->T0);
}

static void gen_pop_seg(DisasContext *s, int seg)
{
    MemOp ot = gen_stack_op_size(s);

    gen_pop_v(s, ot, s->T0);
    gen_movl_seg(s, seg, s->T0);
    gen_pop_update(s, ot);
}

/* LES/LDS/LSS/LFS/LGS Gv, Mp */
static bool gen_lxs(DisasContext *s, int seg)
{
    int modrm = x86_ldub_code(s);
    MemOp ot = s->dflag;

    if (!is_mem(modrm)) {
        return false;
    }
    gen_lea_modrm(s, modrm);
    gen_op_ld(s, ot, s->T1, s->A0);
    tcg_gen_addi_i64(s->A0, s->A0, 1 << ot);
    gen_op_ld(s, MO_16, s->T0, s->A0);
    gen_movl_seg(s, seg, s->T0);
    gen_op_mov_reg_v(s, ot, modrm_reg(s, modrm), s->T1);
    return true;
}

/* ------------------------------------------------------------------ */
/* Far transfers                                                       */

/* JMP/CALL far to sel:T0 (eip in T0, selector in T1). */
static void gen_far_jmp(DisasContext *s, bool call, MemOp ot)
{
    TCGv_i32 sel = s->tmp3_i32;

    tcg_gen_extrl_i64_i32(sel, s->T1);
    tcg_gen_andi_i32(sel, sel, 0xffff);
    if (ot == MO_16) {
        tcg_gen_ext16u_i64(s->T0, s->T0);
    }
    if (protected_only(s)) {
        gen_sys_prepare(s);
        if (call) {
            gen_helper_lcall_protected(tcg_env, sel, s->T0,
                                       tcg_constant_i32(size_shift(ot)),
                                       tcg_constant_i64(next_eip(s)));
        } else {
            gen_helper_ljmp_protected(tcg_env, sel, s->T0,
                                      tcg_constant_i64(next_eip(s)));
        }
        set_cc_op(s, CC_OP_DYNAMIC);
        s->base.is_jmp = DISAS_EOB_ONLY;
    } else if (call) {
        gen_sys_prepare(s);
        gen_helper_lcall_real(tcg_env, sel, s->T0,
                              tcg_constant_i32(size_shift(ot)),
                              tcg_constant_i32(next_eip(s)));
        s->base.is_jmp = DISAS_EOB_ONLY;
    } else {
        gen_real_seg_load(s, R_CS, s->T1);
        gen_set_eip(s, s->T0);
        s->base.is_jmp = DISAS_JUMP;
    }
}

static void gen_retf(DisasContext *s, int addend)
{
    MemOp ot = s->dflag;

    if (protected_only(s)) {
        gen_sys_prepare(s);
        gen_helper_lret_protected(tcg_env, tcg_constant_i32(size_shift(ot)),
                                  tcg_constant_i32(addend));
        set_cc_op(s, CC_OP_DYNAMIC);
        s->base.is_jmp = DISAS_EOB_ONLY;
        return;
    }
    gen_pop_v(s, ot, s->T0);
    tcg_gen_addi_i64(s->A0, s->A0, 1 << ot);
    gen_op_ld(s, MO_16, s->T1, s->A0);
    gen_stack_update(s, 2 * (1 << ot) + addend);
    gen_real_seg_load(s, R_CS, s->T1);
    if (ot == MO_16) {
        tcg_gen_ext16u_i64(s->T0, s->T0);
    }
    gen_set_eip(s, s->T0);
    s->base.is_jmp = DISAS_JUMP;
}

static void gen_iret(DisasContext *s)
{
    MemOp ot = s->dflag;

    if (!s->pe) {
        gen_sys_prepare(s);
        gen_helper_iret_real(tcg_env, tcg_constant_i32(size_shift(ot)));
    } else if (s->vm86) {
        if (s->iopl != 3) {
            gen_exception_gpf(s);
            return;
        }
        gen_sys_prepare(s);
        gen_helper_iret_real(tcg_env, tcg_constant_i32(size_shift(ot)));
    } else {
        gen_sys_prepare(s);
        gen_helper_iret_protected(tcg_env, tcg_constant_i32(size_shift(ot)),
                                  tcg_constant_i32(next_eip(s)));
    }
    set_cc_op(s, CC_OP_DYNAMIC);
    s->base.is_jmp = DISAS_EOB_ONLY;
}

/* ------------------------------------------------------------------ */
/* I/O                                                                 */

void gen_check_io(DisasContext *s, TCGv_i32 port, MemOp ot)
{
    if (s->pe && (s->cpl > s->iopl || s->vm86)) {
        gen_sys_prepare(s);
        gen_helper_check_io(tcg_env, port, tcg_constant_i32(1 << ot));
    }
}

void gen_in(DisasContext *s, MemOp ot, TCGv val, TCGv_i32 port)
{
    TCGv_i32 v = s->tmp2_i32;

    gen_sys_prepare(s);
    switch (ot) {
    case MO_8:
        gen_helper_inb(v, tcg_env, port);
        break;
    case MO_16:
        gen_helper_inw(v, tcg_env, port);
        break;
    default:
        gen_helper_inl(v, tcg_env, port);
        break;
    }
    tcg_gen_extu_i32_i64(val, v);
}

void gen_out(DisasContext *s, MemOp ot, TCGv_i32 port, TCGv val)
{
    TCGv_i32 v = s->tmp2_i32;

    gen_sys_prepare(s);
    tcg_gen_extrl_i64_i32(v, val);
    switch (ot) {
    case MO_8:
        gen_helper_outb(tcg_env, port, v);
        break;
    case MO_16:
        gen_helper_outw(tcg_env, port, v);
        break;
    default:
        gen_helper_outl(tcg_env, port, v);
        break;
    }
}

static void gen_inout(DisasContext *s, int b)
{
    MemOp ot = (b & 1) ? (s->dflag == MO_16 ? MO_16 : MO_32) : MO_8;
    TCGv_i32 port = s->tmp3_i32;

    if (b & 8) {        /* port in DX */
        tcg_gen_extrl_i64_i32(port, cpu_regs[R_EDX]);
        tcg_gen_andi_i32(port, port, 0xffff);
    } else {
        tcg_gen_movi_i32(port, x86_ldub_code(s));
    }
    gen_check_io(s, port, ot);
    if (b & 2) {
        gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
        gen_out(s, ot, port, s->T0);
    } else {
        gen_in(s, ot, s->T0, port);
        gen_op_mov_reg_v(s, ot, R_EAX, s->T0);
    }
}

/* ------------------------------------------------------------------ */
/* EFLAGS                                                              */

static void gen_update_eflags_bits(DisasContext *s, uint64_t clear,
                                   uint64_t set)
{
    TCGv t = s->tmp0;

    tcg_gen_ld_i64(t, tcg_env, offsetof(CPUX86State, eflags));
    tcg_gen_andi_i64(t, t, ~clear);
    tcg_gen_ori_i64(t, t, set);
    tcg_gen_st_i64(t, tcg_env, offsetof(CPUX86State, eflags));
}

static void gen_update_hflags_bits(DisasContext *s, uint32_t clear,
                                   uint32_t set)
{
    TCGv_i32 t = s->tmp2_i32;

    tcg_gen_ld_i32(t, tcg_env, offsetof(CPUX86State, hflags));
    tcg_gen_andi_i32(t, t, ~clear);
    tcg_gen_ori_i32(t, t, set);
    tcg_gen_st_i32(t, tcg_env, offsetof(CPUX86State, hflags));
}

/* Can this code change EFLAGS.IF directly? */
static bool if_allowed(DisasContext *s)
{
    if (!s->pe) {
        return true;
    }
    if (s->vm86) {
        return s->iopl == 3;
    }
    return s->cpl <= s->iopl;
}

static bool gen_pushf(DisasContext *s)
{
    MemOp ot = gen_stack_op_size(s);

    if (s->vm86 && s->iopl != 3) {
        gen_exception_gpf(s);       /* no VME */
        return true;
    }
    gen_update_cc_op(s);
    gen_helper_read_eflags(s->T0, tcg_env);
    gen_push_v(s, ot, s->T0);
    return true;
}

static bool gen_popf(DisasContext *s)
{
    MemOp ot = gen_stack_op_size(s);
    uint64_t mask = TF_MASK | AC_MASK | ID_MASK | NT_MASK;

    if (s->vm86 && s->iopl != 3) {
        gen_exception_gpf(s);
        return true;
    }
    if (!s->pe || s->cpl == 0) {
        mask |= IF_MASK | IOPL_MASK;
    } else if (s->cpl <= s->iopl || s->vm86) {
        mask |= IF_MASK;
    }
    if (ot == MO_16) {
        mask &= 0xffff;
    }
    gen_pop_v(s, ot, s->T0);
    gen_update_cc_op(s);
    gen_helper_write_eflags(tcg_env, s->T0, tcg_constant_i32(mask));
    gen_pop_update(s, ot);
    set_cc_op(s, CC_OP_EFLAGS);
    s->cc_op_dirty = false;         /* the helper set env->cc_op */
    s->base.is_jmp = DISAS_EOB_NEXT;
    return true;
}

/* ------------------------------------------------------------------ */
/* The one-byte map's system part                                      */

bool gen_sys_onebyte(DisasContext *s, int b)
{
    int modrm;
    MemOp ot;

    switch (b) {
    case 0x06:              /* PUSH ES/CS/SS/DS */
    case 0x0e:
    case 0x16:
    case 0x1e:
        if (s->code64) {
            return false;
        }
        gen_push_seg(s, b >> 3);
        return true;
    case 0x07:              /* POP ES/SS/DS */
    case 0x17:
    case 0x1f:
        if (s->code64) {
            return false;
        }
        gen_pop_seg(s, b >> 3);
        return true;
    case 0x27:
    case 0x2f:
    case 0x37:
    case 0x3f:
        if (s->code64) {
            return false;
        }
        gen_flags_for_helper(s);
        switch (b) {
        case 0x27:
            gen_helper_daa(tcg_env);
            break;
        case 0x2f:
            gen_helper_das(tcg_env);
            break;
        case 0x37:
            gen_helper_aaa(tcg_env);
            break;
        default:
            gen_helper_aas(tcg_env);
            break;
        }
        return true;
    case 0x63: {            /* ARPL Ew, Gw */
        TCGv d = s->tmp0, r = s->tmp1, z = s->tmp2;
        if (!protected_only(s)) {
            return false;
        }
        modrm = x86_ldub_code(s);
        gen_ld_modrm(s, modrm, MO_16, s->T0);
        gen_op_mov_v_reg(s, MO_16, s->T1, modrm_reg(s, modrm));
        tcg_gen_andi_i64(d, s->T0, 3);
        tcg_gen_andi_i64(r, s->T1, 3);
        tcg_gen_setcond_i64(TCG_COND_LTU, z, d, r);
        tcg_gen_andi_i64(s->T1, s->T0, ~3);
        tcg_gen_or_i64(s->T1, s->T1, r);
        tcg_gen_movcond_i64(TCG_COND_NE, s->T0, z, tcg_constant_i64(0),
                            s->T1, s->T0);
        if (is_mem(modrm)) {
            gen_op_st(s, MO_16, s->T0, s->A0);
        } else {
            gen_op_mov_reg_v(s, MO_16, modrm_rm(s, modrm), s->T0);
        }
        gen_compute_eflags(s);
        tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_Z);
        tcg_gen_shli_i64(z, z, 6);
        tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, z);
        return true;
    }
    case 0x8c: {            /* MOV Ev, Sw */
        int seg;
        modrm = x86_ldub_code(s);
        seg = (modrm >> 3) & 7;
        if (seg >= R_NB_SEGS) {
            return false;
        }
        tcg_gen_ld32u_i64(s->T0, tcg_env,
                          offsetof(CPUX86State, segs[seg].selector));
        ot = is_mem(modrm) ? MO_16 : s->dflag;
        gen_st_modrm(s, modrm, ot, s->T0);
        return true;
    }
    case 0x8e: {            /* MOV Sw, Ew */
        int seg;
        modrm = x86_ldub_code(s);
        seg = (modrm >> 3) & 7;
        if (seg >= R_NB_SEGS || seg == R_CS) {
            return false;
        }
        gen_ld_modrm(s, modrm, MO_16, s->T0);
        gen_movl_seg(s, seg, s->T0);
        return true;
    }
    case 0x9a: {            /* CALLF ptr16:16/32 */
        uint64_t off;
        uint32_t sel;
        if (s->code64) {
            return false;
        }
        off = insn_get(s, s->dflag);
        sel = x86_lduw_code(s);
        tcg_gen_movi_i64(s->T0, off);
        tcg_gen_movi_i64(s->T1, sel);
        gen_far_jmp(s, true, s->dflag);
        return true;
    }
    case 0xea: {            /* JMPF ptr16:16/32 */
        uint64_t off;
        uint32_t sel;
        if (s->code64) {
            return false;
        }
        off = insn_get(s, s->dflag);
        sel = x86_lduw_code(s);
        tcg_gen_movi_i64(s->T0, off);
        tcg_gen_movi_i64(s->T1, sel);
        gen_far_jmp(s, false, s->dflag);
        return true;
    }
    case 0x9c:
        return gen_pushf(s);
    case 0x9d:
        return gen_popf(s);
    case 0xc4:              /* LES (VEX in 64-bit/protected mode handled) */
        if (s->code64) {
            return false;
        }
        return gen_lxs(s, R_ES);
    case 0xc5:              /* LDS */
        if (s->code64) {
            return false;
        }
        return gen_lxs(s, R_DS);
    case 0xca:              /* RETF imm16 */
        gen_retf(s, x86_lduw_code(s));
        return true;
    case 0xcb:
        gen_retf(s, 0);
        return true;
    case 0xcc:              /* INT3 */
        gen_sys_prepare(s);
        gen_helper_raise_interrupt(tcg_env, tcg_constant_i32(EXCP03_INT3),
                                   tcg_constant_i32(insn_len(s)));
        s->base.is_jmp = DISAS_NORETURN;
        return true;
    case 0xcd: {            /* INT imm8 */
        int n = x86_ldub_code(s);
        if (s->vm86 && s->iopl != 3) {
            gen_exception_gpf(s);
            return true;
        }
        gen_sys_prepare(s);
        gen_helper_raise_interrupt(tcg_env, tcg_constant_i32(n),
                                   tcg_constant_i32(insn_len(s)));
        s->base.is_jmp = DISAS_NORETURN;
        return true;
    }
    case 0xce: {            /* INTO */
        TCGLabel *skip = gen_new_label();
        if (s->code64) {
            return false;
        }
        gen_jcc_label(s, 1, skip);      /* NO */
        gen_update_eip_cur(s);
        gen_helper_raise_interrupt(tcg_env, tcg_constant_i32(EXCP04_INTO),
                                   tcg_constant_i32(insn_len(s)));
        tcg_gen_set_label(skip);
        return true;
    }
    case 0xcf:
        gen_iret(s);
        return true;
    case 0xe4 ... 0xe7:
    case 0xec ... 0xef:
        gen_inout(s, b);
        return true;
    case 0xf1:              /* INT1 / ICEBP: a #DB trap */
        gen_update_cc_op(s);
        gen_update_eip_next(s);
        gen_helper_raise_exception(tcg_env, tcg_constant_i32(EXCP01_DB));
        s->base.is_jmp = DISAS_NORETURN;
        return true;
    case 0xf4:              /* HLT */
        if (check_cpl0(s)) {
            return true;
        }
        gen_sys_prepare(s);
        gen_helper_hlt(tcg_env, tcg_constant_i32(insn_len(s)));
        s->base.is_jmp = DISAS_NORETURN;
        return true;
    case 0xfa:              /* CLI */
    case 0xfb:              /* STI */
        if (!if_allowed(s)) {
            gen_exception_gpf(s);       /* no VME/PVI */
            return true;
        }
        if (b == 0xfa) {
            gen_update_eflags_bits(s, IF_MASK, 0);
        } else {
            gen_update_eflags_bits(s, 0, IF_MASK);
            s->base.is_jmp = DISAS_EOB_INHIBIT;
        }
        return true;
    case 0xff: {            /* CALLF m / JMPF m */
        int op;
        modrm = x86_ldub_code(s);
        op = (modrm >> 3) & 7;
        if ((op != 3 && op != 5) || !is_mem(modrm)) {
            return false;
        }
        ot = s->dflag;
        gen_lea_modrm(s, modrm);
        gen_op_ld(s, ot, s->T0, s->A0);
        tcg_gen_addi_i64(s->A0, s->A0, 1 << ot);
        gen_op_ld(s, MO_16, s->T1, s->A0);
        gen_far_jmp(s, op == 3, ot);
        return true;
    }
    default:
        return false;
    }
}

/* ------------------------------------------------------------------ */
/* 0F 00 and 0F 01                                                     */

static bool gen_group6(DisasContext *s)
{
    int modrm = x86_ldub_code(s);
    int op = (modrm >> 3) & 7;
    MemOp ot;

    if (!protected_only(s)) {
        return false;
    }
    switch (op) {
    case 0:                 /* SLDT */
    case 1:                 /* STR */
        if ((s->flags & HF_UMIP) && s->cpl > 0) {
            gen_exception_gpf(s);
            return true;
        }
        tcg_gen_ld32u_i64(s->T0, tcg_env, op == 0 ?
                          offsetof(CPUX86State, ldt.selector) :
                          offsetof(CPUX86State, tr.selector));
        ot = is_mem(modrm) ? MO_16 : s->dflag;
        gen_st_modrm(s, modrm, ot, s->T0);
        return true;
    case 2:                 /* LLDT */
    case 3:                 /* LTR */
        if (check_cpl0(s)) {
            return true;
        }
        gen_ld_modrm(s, modrm, MO_16, s->T0);
        tcg_gen_extrl_i64_i32(s->tmp3_i32, s->T0);
        gen_sys_prepare(s);
        if (op == 2) {
            gen_helper_lldt(tcg_env, s->tmp3_i32);
        } else {
            gen_helper_ltr(tcg_env, s->tmp3_i32);
        }
        return true;
    case 4:                 /* VERR */
    case 5:                 /* VERW */
        gen_ld_modrm(s, modrm, MO_16, s->T0);
        gen_flags_for_helper(s);
        gen_update_eip_cur(s);
        if (op == 4) {
            gen_helper_verr(tcg_env, s->T0);
        } else {
            gen_helper_verw(tcg_env, s->T0);
        }
        return true;
    default:
        return false;
    }
}

static bool gen_group7_reg(DisasContext *s, int modrm)
{
    switch (modrm) {
    case 0xc8:              /* MONITOR */
        if (!x86_has_feature(s, FEAT_1_ECX, 3)) {
            return false;
        }
        if (check_cpl0(s)) {
            return true;
        }
        gen_lea_v_seg(s, s->aflag, cpu_regs[R_EAX], R_DS, s->override);
        gen_sys_prepare(s);
        gen_helper_monitor(tcg_env, s->A0);
        return true;
    case 0xc9:              /* MWAIT */
        if (!x86_has_feature(s, FEAT_1_ECX, 3)) {
            return false;
        }
        if (check_cpl0(s)) {
            return true;
        }
        gen_sys_prepare(s);
        gen_helper_mwait(tcg_env, tcg_constant_i32(insn_len(s)));
        s->base.is_jmp = DISAS_NORETURN;
        return true;
    case 0xca:              /* CLAC */
    case 0xcb:              /* STAC */
        if (!x86_has_feature(s, FEAT_7_0_EBX, 20) || s->cpl != 0) {
            return false;
        }
        if (modrm == 0xca) {
            gen_update_eflags_bits(s, AC_MASK, 0);
            gen_update_hflags_bits(s, HF_AC, 0);
        } else {
            gen_update_eflags_bits(s, 0, AC_MASK);
            gen_update_hflags_bits(s, 0, HF_AC);
        }
        s->base.is_jmp = DISAS_EOB_NEXT;
        return true;
    case 0xd0:              /* XGETBV */
        if (!(s->flags & HF_OSXSAVE) ||
            (s->prefix & (PREFIX_LOCK | PREFIX_DATA | PREFIX_REPZ |
                          PREFIX_REPNZ))) {
            return false;
        }
        gen_sys_prepare(s);
        gen_helper_xgetbv(tcg_env);
        return true;
    case 0xd1:              /* XSETBV */
        if (!(s->flags & HF_OSXSAVE) ||
            (s->prefix & (PREFIX_LOCK | PREFIX_DATA | PREFIX_REPZ |
                          PREFIX_REPNZ))) {
            return false;
        }
        if (check_cpl0(s)) {
            return true;
        }
        gen_sys_prepare(s);
        gen_helper_xsetbv(tcg_env);
        s->base.is_jmp = DISAS_EOB_NEXT;
        return true;
    case 0xee:              /* RDPKRU (the helper checks CR4.PKE, ECX) */
        if (s->prefix & (PREFIX_LOCK | PREFIX_DATA | PREFIX_REPZ |
                         PREFIX_REPNZ)) {
            return false;
        }
        tcg_gen_extrl_i64_i32(s->tmp3_i32, cpu_regs[R_ECX]);
        gen_sys_prepare(s);
        gen_helper_rdpkru(s->tmp2_i32, tcg_env, s->tmp3_i32);
        tcg_gen_extu_i32_i64(cpu_regs[R_EAX], s->tmp2_i32);
        tcg_gen_movi_i64(cpu_regs[R_EDX], 0);
        return true;
    case 0xef:              /* WRPKRU */
        if (s->prefix & (PREFIX_LOCK | PREFIX_DATA | PREFIX_REPZ |
                         PREFIX_REPNZ)) {
            return false;
        }
        tcg_gen_extrl_i64_i32(s->tmp3_i32, cpu_regs[R_ECX]);
        tcg_gen_deposit_i64(s->T0, cpu_regs[R_EAX], cpu_regs[R_EDX], 32, 32);
        gen_sys_prepare(s);
        gen_helper_wrpkru(tcg_env, s->tmp3_i32, s->T0);
        s->base.is_jmp = DISAS_EOB_NEXT;
        return true;
    case 0xf8:              /* SWAPGS */
        if (!s->code64) {
            return false;
        }
        if (check_cpl0(s)) {
            return true;
        }
        gen_sys_prepare(s);
        gen_helper_swapgs(tcg_env);
        return true;
    case 0xf9:              /* RDTSCP */
        if (!x86_has_feature(s, FEAT_8000_0001_EDX, 27)) {
            return false;
        }
        gen_sys_prepare(s);
        gen_helper_rdtscp(tcg_env);
        return true;
    default:
        return false;
    }
}

static bool gen_group7(DisasContext *s)
{
    int modrm = x86_ldub_code(s);
    int op = (modrm >> 3) & 7;

    if (!is_mem(modrm)) {
        switch (op) {
        case 4:             /* SMSW r */
            break;
        case 6:             /* LMSW r */
            break;
        default:
            return gen_group7_reg(s, modrm);
        }
    }
    switch (op) {
    case 0:                 /* SGDT */
    case 1: {               /* SIDT */
        size_t base_off = op == 0 ? offsetof(CPUX86State, gdt.base)
                                  : offsetof(CPUX86State, idt.base);
        size_t limit_off = op == 0 ? offsetof(CPUX86State, gdt.limit)
                                   : offsetof(CPUX86State, idt.limit);
        if ((s->flags & HF_UMIP) && s->cpl > 0) {
            gen_exception_gpf(s);
            return true;
        }
        gen_lea_modrm(s, modrm);
        tcg_gen_ld32u_i64(s->T0, tcg_env, limit_off);
        gen_op_st(s, MO_16, s->T0, s->A0);
        tcg_gen_addi_i64(s->A0, s->A0, 2);
        tcg_gen_ld_i64(s->T0, tcg_env, base_off);
        gen_op_st(s, s->code64 ? MO_64 : MO_32, s->T0, s->A0);
        return true;
    }
    case 2:                 /* LGDT */
    case 3: {               /* LIDT */
        size_t base_off = op == 2 ? offsetof(CPUX86State, gdt.base)
                                  : offsetof(CPUX86State, idt.base);
        size_t limit_off = op == 2 ? offsetof(CPUX86State, gdt.limit)
                                   : offsetof(CPUX86State, idt.limit);
        if (check_cpl0(s)) {
            return true;
        }
        gen_lea_modrm(s, modrm);
        gen_op_ld(s, MO_16, s->T1, s->A0);
        tcg_gen_addi_i64(s->A0, s->A0, 2);
        gen_op_ld(s, s->code64 ? MO_64 : MO_32, s->T0, s->A0);
        if (!s->code64 && s->dflag == MO_16) {
            tcg_gen_andi_i64(s->T0, s->T0, 0xffffff);
        }
        tcg_gen_st_i64(s->T0, tcg_env, base_off);
        tcg_gen_extrl_i64_i32(s->tmp2_i32, s->T1);
        tcg_gen_st_i32(s->tmp2_i32, tcg_env, limit_off);
        return true;
    }
    case 4:                 /* SMSW */
        if ((s->flags & HF_UMIP) && s->cpl > 0) {
            gen_exception_gpf(s);
            return true;
        }
        tcg_gen_ld_i64(s->T0, tcg_env, offsetof(CPUX86State, cr[0]));
        gen_st_modrm(s, modrm, is_mem(modrm) ? MO_16 : s->dflag, s->T0);
        return true;
    case 6:                 /* LMSW */
        if (check_cpl0(s)) {
            return true;
        }
        gen_ld_modrm(s, modrm, MO_16, s->T0);
        gen_sys_prepare(s);
        gen_helper_lmsw(tcg_env, s->T0);
        s->base.is_jmp = DISAS_EOB_NEXT;
        return true;
    case 7:                 /* INVLPG */
        if (check_cpl0(s)) {
            return true;
        }
        gen_lea_modrm(s, modrm);
        gen_sys_prepare(s);
        gen_helper_invlpg(tcg_env, s->A0);
        s->base.is_jmp = DISAS_EOB_NEXT;
        return true;
    default:
        return false;
    }
}

/* ------------------------------------------------------------------ */
/* 0F AE (fences, FS/GS base, WAITPKG, cache lines) and 0F C7          */

/* #GP(0) unless v is canonical (48 bits, 57 with CR4.LA57: not in hflags) */
static void gen_check_canonical(DisasContext *s, TCGv v)
{
    TCGLabel *ok = gen_new_label();
    TCGv sh = tcg_temp_new_i64(), t = tcg_temp_new_i64();

    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    tcg_gen_ld_i64(sh, tcg_env, offsetof(CPUX86State, cr[4]));
    tcg_gen_extract_i64(sh, sh, 12, 1);         /* CR4.LA57 */
    tcg_gen_shli_i64(t, sh, 3);
    tcg_gen_add_i64(sh, sh, t);                 /* 9 = 57 - 48, or 0 */
    tcg_gen_subfi_i64(sh, 64 - 48, sh);         /* 16, or 7 with LA57 */
    tcg_gen_shl_i64(t, v, sh);
    tcg_gen_sar_i64(t, t, sh);
    tcg_gen_brcond_i64(TCG_COND_EQ, t, v, ok);
    gen_helper_raise_exception_err(tcg_env, tcg_constant_i32(EXCP0D_GPF),
                                   tcg_constant_i32(0));
    tcg_gen_set_label(ok);
}

static bool gen_group15(DisasContext *s)
{
    int modrm = x86_ldub_code(s);
    int op = (modrm >> 3) & 7;

    if (is_mem(modrm)) {
        if (op <= 5 || (op == 6 && !(s->prefix & PREFIX_DATA))) {
            /* FXSAVE FXRSTOR LDMXCSR STMXCSR XSAVE XRSTOR XSAVEOPT */
            return disas_sse(s, s->env, 0x1ae, modrm);
        }
        /* CLWB (66 /6), CLFLUSH (/7), CLFLUSHOPT (66 /7) */
        if (s->prefix & (PREFIX_REPZ | PREFIX_REPNZ)) {
            return false;
        }
        if (op == 7 && !(s->prefix & PREFIX_DATA) &&
            !x86_has_feature(s, FEAT_1_EDX, 19)) {
            return false;
        }
        /* CLFLUSHOPT: CPUID.07H:EBX bit 23; CLWB: bit 24 */
        if ((s->prefix & PREFIX_DATA) &&
            !x86_has_feature(s, FEAT_7_0_EBX, op == 7 ? 23 : 24)) {
            return false;
        }
        gen_nop_modrm(s, modrm);
        return true;
    }

    if (s->prefix & PREFIX_REPZ) {
        switch (op) {
        case 0:             /* RDFSBASE */
        case 1:             /* RDGSBASE */
        case 2:             /* WRFSBASE */
        case 3: {           /* WRGSBASE */
            MemOp ot = s->dflag == MO_64 ? MO_64 : MO_32;
            int seg = (op & 1) ? R_GS : R_FS;
            if (!s->code64 || !(s->flags & HF_FSGSBASE)) {
                return false;
            }
            if (op < 2) {
                gen_op_mov_reg_v(s, ot, modrm_rm(s, modrm),
                                 cpu_seg_base[seg]);
            } else {
                gen_op_mov_v_reg(s, ot, s->T0, modrm_rm(s, modrm));
                gen_check_canonical(s, s->T0);
                tcg_gen_mov_i64(cpu_seg_base[seg], s->T0);
            }
            return true;
        }
        case 6:             /* UMONITOR r */
            if (!x86_has_feature(s, FEAT_7_0_ECX, 5)) {
                return false;
            }
            gen_op_mov_v_reg(s, s->aflag, s->T0, modrm_rm(s, modrm));
            gen_lea_v_seg(s, s->aflag, s->T0, R_DS, s->override);
            gen_sys_prepare(s);
            gen_helper_umonitor(tcg_env, s->A0);
            return true;
        default:
            return false;
        }
    }
    if (op == 6 && (s->prefix & (PREFIX_REPNZ | PREFIX_DATA))) {
        /* UMWAIT (F2) / TPAUSE (66) r32 */
        if (!x86_has_feature(s, FEAT_7_0_ECX, 5)) {
            return false;
        }
        tcg_gen_extrl_i64_i32(s->tmp3_i32, cpu_regs[modrm_rm(s, modrm)]);
        gen_flags_for_helper(s);
        gen_update_eip_cur(s);
        if (s->prefix & PREFIX_REPNZ) {
            gen_helper_umwait(tcg_env, s->tmp3_i32,
                              tcg_constant_i32(insn_len(s)));
        } else {
            gen_helper_tpause(tcg_env, s->tmp3_i32,
                              tcg_constant_i32(insn_len(s)));
        }
        s->base.is_jmp = DISAS_EOB_NEXT;
        return true;
    }
    if (s->prefix & (PREFIX_REPNZ | PREFIX_DATA | PREFIX_LOCK)) {
        return false;
    }
    /* LFENCE MFENCE: SSE2; SFENCE: SSE or AMD's MMXEXT */
    if (op == 7 ? !x86_has_feature(s, FEAT_1_EDX, 25) &&
                  !x86_has_feature(s, FEAT_8000_0001_EDX, 22)
                : !x86_has_feature(s, FEAT_1_EDX, 26)) {
        return false;
    }
    switch (op) {
    case 5:                 /* LFENCE */
        tcg_gen_mb(TCG_MO_LD_LD | TCG_MO_LD_ST);
        return true;
    case 6:                 /* MFENCE */
        tcg_gen_mb(TCG_MO_ALL);
        return true;
    case 7:                 /* SFENCE */
        tcg_gen_mb(TCG_MO_ST_ST);
        return true;
    default:
        return false;
    }
}

static bool gen_group9(DisasContext *s)
{
    int modrm = x86_ldub_code(s);
    int op = (modrm >> 3) & 7;
    MemOp ot;

    if (is_mem(modrm)) {
        /* /1 CMPXCHG8B/16B is in translate-int.c; XRSTORS/XSAVEC/XSAVES */
        if (op >= 3 && op <= 5) {
            return disas_sse(s, s->env, 0x1c7, modrm);
        }
        return false;
    }
    switch (op) {
    case 6:                 /* RDRAND */
    case 7:                 /* RDSEED / RDPID (F3) */
        if (op == 7 && (s->prefix & PREFIX_REPZ)) {
            if (!x86_has_feature(s, FEAT_7_0_ECX, 22)) {
                return false;
            }
            gen_sys_prepare(s);
            gen_helper_rdpid(s->T0, tcg_env);
            gen_op_mov_reg_v(s, s->code64 ? MO_64 : MO_32,
                             modrm_rm(s, modrm), s->T0);
            return true;
        }
        if (s->prefix & (PREFIX_REPZ | PREFIX_REPNZ | PREFIX_LOCK)) {
            return false;
        }
        if (op == 6 ? !x86_has_feature(s, FEAT_1_ECX, 30)
                    : !x86_has_feature(s, FEAT_7_0_EBX, 18)) {
            return false;
        }
        ot = s->dflag;
        gen_flags_for_helper(s);
        gen_update_eip_cur(s);
        gen_helper_rdrand(s->T0, tcg_env);
        gen_op_mov_reg_v(s, ot, modrm_rm(s, modrm), s->T0);
        return true;
    default:
        return false;
    }
}

/* ------------------------------------------------------------------ */
/* The 0F map's system part                                            */

bool gen_sys_0f(DisasContext *s, int b)
{
    int modrm;

    switch (b) {
    case 0x00:
        return gen_group6(s);
    case 0x01:
        return gen_group7(s);
    case 0x02:              /* LAR */
    case 0x03: {            /* LSL */
        TCGLabel *skip = gen_new_label();
        MemOp ot = s->dflag;
        if (!protected_only(s)) {
            return false;
        }
        modrm = x86_ldub_code(s);
        gen_ld_modrm(s, modrm, MO_16, s->T1);
        gen_flags_for_helper(s);
        gen_update_eip_cur(s);
        if (b == 0x02) {
            gen_helper_lar(s->T0, tcg_env, s->T1);
        } else {
            gen_helper_lsl(s->T0, tcg_env, s->T1);
        }
        tcg_gen_andi_i64(s->tmp0, cpu_cc_src, CC_Z);
        tcg_gen_brcondi_i64(TCG_COND_EQ, s->tmp0, 0, skip);
        gen_op_mov_reg_v(s, ot, modrm_reg(s, modrm), s->T0);
        tcg_gen_set_label(skip);
        return true;
    }
    case 0x05:              /* SYSCALL */
        gen_sys_prepare(s);
        gen_helper_syscall(tcg_env, tcg_constant_i32(insn_len(s)));
        set_cc_op(s, CC_OP_DYNAMIC);
        s->base.is_jmp = DISAS_EOB_ONLY;
        return true;
    case 0x07:              /* SYSRET */
        gen_sys_prepare(s);
        gen_helper_sysret(tcg_env,
                          tcg_constant_i32(s->dflag == MO_64 ? 2 : 1));
        set_cc_op(s, CC_OP_DYNAMIC);
        s->base.is_jmp = DISAS_EOB_ONLY;
        return true;
    case 0x06:              /* CLTS */
        if (check_cpl0(s)) {
            return true;
        }
        gen_sys_prepare(s);
        gen_helper_clts(tcg_env);
        s->base.is_jmp = DISAS_EOB_NEXT;
        return true;
    case 0x08:              /* INVD */
    case 0x09:              /* WBINVD */
        check_cpl0(s);
        return true;
    case 0x20:              /* MOV r, CRn */
    case 0x22: {            /* MOV CRn, r */
        int cr;
        MemOp ot = s->code64 ? MO_64 : MO_32;
        modrm = x86_ldub_code(s);
        cr = ((modrm >> 3) & 7) | s->rex_r;
        if (cr != 0 && cr != 2 && cr != 3 && cr != 4 && cr != 8) {
            return false;
        }
        if (check_cpl0(s)) {
            return true;
        }
        gen_sys_prepare(s);
        if (b == 0x20) {
            gen_helper_read_crN(s->T0, tcg_env, tcg_constant_i32(cr));
            gen_op_mov_reg_v(s, ot, (modrm & 7) | s->rex_b, s->T0);
        } else {
            gen_op_mov_v_reg(s, ot, s->T0, (modrm & 7) | s->rex_b);
            gen_helper_write_crN(tcg_env, tcg_constant_i32(cr), s->T0);
            s->base.is_jmp = DISAS_EOB_NEXT;
        }
        return true;
    }
    case 0x21:              /* MOV r, DRn */
    case 0x23: {            /* MOV DRn, r */
        int dr;
        MemOp ot = s->code64 ? MO_64 : MO_32;
        modrm = x86_ldub_code(s);
        dr = ((modrm >> 3) & 7) | s->rex_r;
        if (dr > 7) {
            return false;
        }
        if (check_cpl0(s)) {
            return true;
        }
        gen_sys_prepare(s);
        if (b == 0x21) {
            gen_helper_get_dr(s->T0, tcg_env, tcg_constant_i32(dr));
            gen_op_mov_reg_v(s, ot, (modrm & 7) | s->rex_b, s->T0);
        } else {
            gen_op_mov_v_reg(s, ot, s->T0, (modrm & 7) | s->rex_b);
            gen_helper_set_dr(tcg_env, tcg_constant_i32(dr), s->T0);
            s->base.is_jmp = DISAS_EOB_NEXT;
        }
        return true;
    }
    case 0x30:              /* WRMSR */
        if (check_cpl0(s)) {
            return true;
        }
        gen_sys_prepare(s);
        gen_helper_wrmsr(tcg_env);
        s->base.is_jmp = DISAS_EOB_NEXT;
        return true;
    case 0x31:              /* RDTSC */
        gen_sys_prepare(s);
        gen_helper_rdtsc(tcg_env);
        return true;
    case 0x32:              /* RDMSR */
        if (check_cpl0(s)) {
            return true;
        }
        gen_sys_prepare(s);
        gen_helper_rdmsr(tcg_env);
        return true;
    case 0x33:              /* RDPMC */
        gen_sys_prepare(s);
        gen_helper_rdpmc(tcg_env);
        return true;
    case 0x34:              /* SYSENTER */
        if (s->code64 && !x86_has_feature(s, FEAT_1_EDX, 11)) {
            return false;
        }
        gen_sys_prepare(s);
        gen_helper_sysenter(tcg_env);
        s->base.is_jmp = DISAS_EOB_ONLY;
        return true;
    case 0x35:              /* SYSEXIT */
        gen_sys_prepare(s);
        gen_helper_sysexit(tcg_env,
                           tcg_constant_i32(s->dflag == MO_64 ? 2 : 1));
        s->base.is_jmp = DISAS_EOB_ONLY;
        return true;
    case 0xa0:              /* PUSH FS */
        gen_push_seg(s, R_FS);
        return true;
    case 0xa1:              /* POP FS */
        gen_pop_seg(s, R_FS);
        return true;
    case 0xa8:              /* PUSH GS */
        gen_push_seg(s, R_GS);
        return true;
    case 0xa9:              /* POP GS */
        gen_pop_seg(s, R_GS);
        return true;
    case 0xa2:              /* CPUID */
        gen_sys_prepare(s);
        gen_helper_cpuid(tcg_env);
        return true;
    case 0xae:
        return gen_group15(s);
    case 0xb2:
        return gen_lxs(s, R_SS);
    case 0xb4:
        return gen_lxs(s, R_FS);
    case 0xb5:
        return gen_lxs(s, R_GS);
    case 0xc7:
        return gen_group9(s);
    default:
        return false;
    }
}

/* ------------------------------------------------------------------ */
/* VEX: BMI1/BMI2                                                      */

bool disas_insn_vex(DisasContext *s, int b)
{
    int modrm = x86_ldub_code(s);
    int reg = modrm_reg(s, modrm);
    int vreg = s->vex_v;
    MemOp ot = s->code64 && s->rex_w ? MO_64 : MO_32;
    int pp = (s->prefix & PREFIX_DATA) ? 1 : (s->prefix & PREFIX_REPZ) ? 2
           : (s->prefix & PREFIX_REPNZ) ? 3 : 0;
    bool bmi1 = x86_has_feature(s, FEAT_7_0_EBX, 3);
    bool bmi2 = x86_has_feature(s, FEAT_7_0_EBX, 8);
    int bits = 8 << ot;

    if (b == 0x3f0 && pp == 3) {            /* RORX Gy, Ey, ib */
        int c;
        if (!bmi2 || s->vex_l) {
            return false;
        }
        if (is_mem(modrm)) {
            s->rip_offset = 1;
        }
        gen_ld_modrm(s, modrm, ot, s->T0);
        c = x86_ldub_code(s) & (bits - 1);
        if (ot == MO_64) {
            tcg_gen_rotri_i64(s->T0, s->T0, c);
        } else {
            TCGv_i32 t = s->tmp2_i32;
            tcg_gen_extrl_i64_i32(t, s->T0);
            tcg_gen_rotri_i32(t, t, c);
            tcg_gen_extu_i32_i64(s->T0, t);
        }
        gen_op_mov_reg_v(s, ot, reg, s->T0);
        return true;
    }
    if ((b >> 8) != 2 || b < 0x2f0 || s->vex_l) {
        return disas_sse(s, s->env, b, modrm);
    }

    switch ((b & 0xff) | pp << 8) {
    case 0x0f2:             /* ANDN Gy, By, Ey */
        if (!bmi1) {
            return false;
        }
        gen_ld_modrm(s, modrm, ot, s->T0);
        gen_op_mov_v_reg(s, ot, s->T1, vreg);
        tcg_gen_andc_i64(s->T0, s->T0, s->T1);
        gen_op_mov_reg_v(s, ot, reg, s->T0);
        tcg_gen_mov_i64(cpu_cc_dst, s->T0);
        set_cc_op(s, CC_OP_LOGICB + ot);
        return true;
    case 0x0f3: {           /* group 17: BLSR/BLSMSK/BLSI By, Ey */
        int op = (modrm >> 3) & 7;
        if (!bmi1 || op < 1 || op > 3) {
            return false;
        }
        gen_ld_modrm(s, modrm, ot, s->T0);
        switch (op) {
        case 1:             /* BLSR: x & (x - 1) */
            tcg_gen_subi_i64(s->T1, s->T0, 1);
            tcg_gen_and_i64(s->T1, s->T1, s->T0);
            tcg_gen_mov_i64(cpu_cc_src, s->T0);
            break;
        case 2:             /* BLSMSK: x ^ (x - 1) */
            tcg_gen_subi_i64(s->T1, s->T0, 1);
            tcg_gen_xor_i64(s->T1, s->T1, s->T0);
            tcg_gen_mov_i64(cpu_cc_src, s->T0);
            break;
        default:            /* BLSI: x & -x; CF = (x != 0) */
            tcg_gen_neg_i64(s->T1, s->T0);
            tcg_gen_and_i64(s->T1, s->T1, s->T0);
            tcg_gen_ext_i64(s->T0, s->T0, ot);
            tcg_gen_setcondi_i64(TCG_COND_EQ, cpu_cc_src, s->T0, 0);
            break;
        }
        gen_op_mov_reg_v(s, ot, vreg, s->T1);
        tcg_gen_mov_i64(cpu_cc_dst, s->T1);
        set_cc_op(s, CC_OP_BMILGB + ot);
        return true;
    }
    case 0x0f5:             /* BZHI Gy, Ey, By */
        if (!bmi2) {
            return false;
        }
        {
            TCGv n = s->tmp0, m = s->tmp1;
            gen_ld_modrm(s, modrm, ot, s->T0);
            tcg_gen_ext8u_i64(n, cpu_regs[vreg]);
            /* mask = n < bits ? (1 << n) - 1 : all ones */
            tcg_gen_andi_i64(s->tmp2, n, 63);
            tcg_gen_shl_i64(m, tcg_constant_i64(1), s->tmp2);
            tcg_gen_subi_i64(m, m, 1);
            tcg_gen_movcond_i64(TCG_COND_GEU, m, n, tcg_constant_i64(bits),
                                tcg_constant_i64(-1), m);
            tcg_gen_and_i64(s->T0, s->T0, m);
            gen_op_mov_reg_v(s, ot, reg, s->T0);
            /* CF = n > bits - 1: BMILG's CF is (src == 0). */
            tcg_gen_setcondi_i64(TCG_COND_LTU, cpu_cc_src, n, bits);
            tcg_gen_mov_i64(cpu_cc_dst, s->T0);
            set_cc_op(s, CC_OP_BMILGB + ot);
        }
        return true;
    case 0x2f5:             /* PEXT (F3) */
    case 0x3f5:             /* PDEP (F2) */
        if (!bmi2) {
            return false;
        }
        gen_ld_modrm(s, modrm, ot, s->T1);
        gen_op_mov_v_reg(s, ot, s->T0, vreg);
        if (pp == 2) {
            gen_helper_pext(s->T0, s->T0, s->T1);
        } else {
            gen_helper_pdep(s->T0, s->T0, s->T1);
        }
        gen_op_mov_reg_v(s, ot, reg, s->T0);
        return true;
    case 0x3f6: {           /* MULX Gy, By, Ey (F2): rDX * Ey */
        TCGv lo = s->tmp0, hi = s->tmp1;
        if (!bmi2) {
            return false;
        }
        gen_ld_modrm(s, modrm, ot, s->T0);
        if (ot == MO_64) {
            tcg_gen_mulu2_i64(lo, hi, cpu_regs[R_EDX], s->T0);
        } else {
            tcg_gen_ext32u_i64(s->T1, cpu_regs[R_EDX]);
            tcg_gen_mul_i64(lo, s->T1, s->T0);
            tcg_gen_shri_i64(hi, lo, 32);
        }
        /* By gets the low half, Gy the high (written last). */
        gen_op_mov_reg_v(s, ot, vreg, lo);
        gen_op_mov_reg_v(s, ot, reg, hi);
        return true;
    }
    case 0x0f7:             /* BEXTR Gy, Ey, By */
        if (!bmi1) {
            return false;
        }
        {
            TCGv start = s->tmp0, len = s->tmp1, m = s->tmp2;
            gen_ld_modrm(s, modrm, ot, s->T0);
            tcg_gen_extract_i64(start, cpu_regs[vreg], 0, 8);
            tcg_gen_extract_i64(len, cpu_regs[vreg], 8, 8);
            /* start >= bits gives 0 */
            tcg_gen_andi_i64(s->T1, start, 63);
            tcg_gen_shr_i64(s->T1, s->T0, s->T1);
            tcg_gen_movcond_i64(TCG_COND_GEU, s->T1, start,
                                tcg_constant_i64(bits), tcg_constant_i64(0),
                                s->T1);
            tcg_gen_andi_i64(m, len, 63);
            tcg_gen_shl_i64(m, tcg_constant_i64(1), m);
            tcg_gen_subi_i64(m, m, 1);
            tcg_gen_movcond_i64(TCG_COND_GEU, m, len,
                                tcg_constant_i64(64), tcg_constant_i64(-1),
                                m);
            tcg_gen_and_i64(s->T1, s->T1, m);
            gen_op_mov_reg_v(s, ot, reg, s->T1);
            tcg_gen_mov_i64(cpu_cc_dst, s->T1);
            set_cc_op(s, CC_OP_LOGICB + ot);
        }
        return true;
    case 0x1f7:             /* SHLX (66) */
    case 0x2f7:             /* SARX (F3) */
    case 0x3f7: {           /* SHRX (F2) */
        TCGv c = s->tmp0;
        if (!bmi2) {
            return false;
        }
        gen_ld_modrm(s, modrm, ot, s->T0);
        tcg_gen_andi_i64(c, cpu_regs[vreg], bits - 1);
        if (pp == 1) {
            tcg_gen_shl_i64(s->T0, s->T0, c);
        } else if (pp == 2) {
            tcg_gen_ext_i64(s->T0, s->T0, ot | MO_SIGN);
            tcg_gen_sar_i64(s->T0, s->T0, c);
        } else {
            tcg_gen_shr_i64(s->T0, s->T0, c);
        }
        gen_op_mov_reg_v(s, ot, reg, s->T0);
        return true;
    }
    default:
        return disas_sse(s, s->env, b, modrm);
    }
}
