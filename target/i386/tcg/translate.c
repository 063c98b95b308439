/*
 * x86 frontend: the TB loop, instruction prefixes and the services every
 * decoder uses (code fetch, operands, lazy flags, jumps, exceptions).
 * The opcodes themselves are in translate-int.c (integer), translate-sys.c
 * (system), translate-fpu.c and translate-sse.c. See docs/devel/tcg-x86.md.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/translate.h"
#include "exec/cpu-ldst.h"
#include "exec/translation-block.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-gen.h"

TCGv cpu_regs[CPU_NB_REGS];
TCGv cpu_seg_base[R_NB_SEGS];
TCGv cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
TCGv_i32 cpu_cc_op;

/* VIREO_X86_TRACE=1: a trace helper call per instruction (debugging). */
static bool x86_trace_enabled;

void tcg_x86_init(void)
{
    static const char reg_names[CPU_NB_REGS][4] = {
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
    };
    static const char seg_names[R_NB_SEGS][8] = {
        "es_base", "cs_base", "ss_base", "ds_base", "fs_base", "gs_base",
    };

    for (int i = 0; i < CPU_NB_REGS; i++) {
        cpu_regs[i] = tcg_global_mem_new_i64(
            tcg_env, offsetof(CPUX86State, regs[i]), reg_names[i]);
    }
    for (int i = 0; i < R_NB_SEGS; i++) {
        cpu_seg_base[i] = tcg_global_mem_new_i64(
            tcg_env, offsetof(CPUX86State, segs[i].base), seg_names[i]);
    }
    cpu_cc_dst = tcg_global_mem_new_i64(tcg_env,
                                        offsetof(CPUX86State, cc_dst),
                                        "cc_dst");
    cpu_cc_src = tcg_global_mem_new_i64(tcg_env,
                                        offsetof(CPUX86State, cc_src),
                                        "cc_src");
    cpu_cc_src2 = tcg_global_mem_new_i64(tcg_env,
                                         offsetof(CPUX86State, cc_src2),
                                         "cc_src2");
    cpu_cc_op = tcg_global_mem_new_i32(tcg_env,
                                       offsetof(CPUX86State, cc_op),
                                       "cc_op");
    x86_trace_enabled = getenv("VIREO_X86_TRACE") != NULL;
}

TCGv tcg_tmp(DisasContext *s)
{
    g_assert(s->tmp_used < (int)ARRAY_SIZE(s->tmp_pool));
    return s->tmp_pool[s->tmp_used++];
}

/* ------------------------------------------------------------------ */
/* Code fetch                                                          */

static void check_insn_len(DisasContext *s, int n)
{
    /* An instruction is at most 15 bytes: longer ones raise #GP. */
    if (s->pc + n - s->pc_start > 15) {
        siglongjmp(s->jmpbuf, 1);
    }
}

uint8_t x86_ldub_code(DisasContext *s)
{
    uint8_t v;

    check_insn_len(s, 1);
    v = cpu_ldub_code(s->env, s->pc);
    s->pc++;
    return v;
}

uint16_t x86_lduw_code(DisasContext *s)
{
    uint16_t v = x86_ldub_code(s);

    return v | (uint16_t)x86_ldub_code(s) << 8;
}

uint32_t x86_ldl_code(DisasContext *s)
{
    uint32_t v;

    check_insn_len(s, 4);
    if ((s->pc & ~TARGET_PAGE_MASK) <= TARGET_PAGE_SIZE - 4) {
        v = cpu_ldl_code(s->env, s->pc);
        s->pc += 4;
        return v;
    }
    v = x86_lduw_code(s);
    return v | (uint32_t)x86_lduw_code(s) << 16;
}

uint64_t x86_ldq_code(DisasContext *s)
{
    uint64_t v = x86_ldl_code(s);

    return v | (uint64_t)x86_ldl_code(s) << 32;
}

uint64_t insn_get(DisasContext *s, MemOp ot)
{
    switch (ot & MO_SIZE) {
    case MO_8:
        return x86_ldub_code(s);
    case MO_16:
        return x86_lduw_code(s);
    case MO_32:
        return x86_ldl_code(s);
    default:
        return (uint64_t)(int64_t)(int32_t)x86_ldl_code(s);
    }
}

int64_t insn_get_signed(DisasContext *s, MemOp ot)
{
    switch (ot & MO_SIZE) {
    case MO_8:
        return (int8_t)x86_ldub_code(s);
    case MO_16:
        return (int16_t)x86_lduw_code(s);
    default:
        return (int32_t)x86_ldl_code(s);
    }
}

/* ------------------------------------------------------------------ */
/* eip                                                                 */

uint64_t cur_eip(DisasContext *s)
{
    uint64_t eip = s->pc_start - s->cs_base;

    return s->code64 ? eip : (uint32_t)eip;
}

uint64_t next_eip(DisasContext *s)
{
    uint64_t eip = s->pc - s->cs_base;

    if (s->code64) {
        return eip;
    }
    return s->code32 ? (uint32_t)eip : (uint16_t)eip;
}

void gen_update_eip_cur(DisasContext *s)
{
    tcg_gen_st_i64(tcg_constant_i64(cur_eip(s)), tcg_env,
                   offsetof(CPUX86State, eip));
}

void gen_update_eip_next(DisasContext *s)
{
    tcg_gen_st_i64(tcg_constant_i64(next_eip(s)), tcg_env,
                   offsetof(CPUX86State, eip));
}

void gen_set_eip(DisasContext *s, TCGv eip)
{
    tcg_gen_st_i64(eip, tcg_env, offsetof(CPUX86State, eip));
}

/* ------------------------------------------------------------------ */
/* Registers and memory                                                */

static bool byte_reg_is_xh(DisasContext *s, int reg)
{
    return reg >= 4 && reg < 8 && !(s->prefix & PREFIX_REX);
}

void gen_op_mov_v_reg(DisasContext *s, MemOp ot, TCGv t, int reg)
{
    switch (ot & MO_SIZE) {
    case MO_8:
        if (byte_reg_is_xh(s, reg)) {
            tcg_gen_extract_i64(t, cpu_regs[reg - 4], 8, 8);
        } else {
            tcg_gen_ext8u_i64(t, cpu_regs[reg]);
        }
        break;
    case MO_16:
        tcg_gen_ext16u_i64(t, cpu_regs[reg]);
        break;
    case MO_32:
        tcg_gen_ext32u_i64(t, cpu_regs[reg]);
        break;
    default:
        tcg_gen_mov_i64(t, cpu_regs[reg]);
        break;
    }
    if ((ot & MO_SIGN) && (ot & MO_SIZE) != MO_64) {
        tcg_gen_ext_i64(t, t, ot);
    }
}

/*
 * Register reg as an operand of width ot for an operation that only
 * looks at its low ot bits (ALU ops, stores, TEST): the bits above may
 * be garbage. The global itself (no copy, no extension) unless it is
 * AH..BH, which is extracted into t.
 */
TCGv gen_reg_src(DisasContext *s, MemOp ot, TCGv t, int reg)
{
    if ((ot & MO_SIZE) == MO_8 && byte_reg_is_xh(s, reg)) {
        tcg_gen_extract_i64(t, cpu_regs[reg - 4], 8, 8);
        return t;
    }
    return cpu_regs[reg];
}

void gen_op_mov_reg_v(DisasContext *s, MemOp ot, int reg, TCGv t)
{
    switch (ot & MO_SIZE) {
    case MO_8:
        if (byte_reg_is_xh(s, reg)) {
            tcg_gen_deposit_i64(cpu_regs[reg - 4], cpu_regs[reg - 4], t,
                                8, 8);
        } else {
            tcg_gen_deposit_i64(cpu_regs[reg], cpu_regs[reg], t, 0, 8);
        }
        break;
    case MO_16:
        tcg_gen_deposit_i64(cpu_regs[reg], cpu_regs[reg], t, 0, 16);
        break;
    case MO_32:
        tcg_gen_ext32u_i64(cpu_regs[reg], t);
        break;
    default:
        tcg_gen_mov_i64(cpu_regs[reg], t);
        break;
    }
}

void gen_op_ld(DisasContext *s, MemOp ot, TCGv val, TCGv addr)
{
    tcg_gen_qemu_ld_i64(val, addr, s->mem_index, ot);
}

void gen_op_st(DisasContext *s, MemOp ot, TCGv val, TCGv addr)
{
    tcg_gen_qemu_st_i64(val, addr, s->mem_index, ot & ~MO_SIGN);
}

void gen_lea_v_seg(DisasContext *s, MemOp aflag, TCGv ea, int def_seg,
                   int ovr_seg)
{
    switch (aflag) {
    case MO_16:
        tcg_gen_ext16u_i64(s->A0, ea);
        if (ovr_seg < 0) {
            ovr_seg = def_seg;
        }
        break;
    case MO_32:
        tcg_gen_ext32u_i64(s->A0, ea);
        if (ovr_seg < 0 && s->addseg) {
            ovr_seg = def_seg;
        }
        break;
    default:
        tcg_gen_mov_i64(s->A0, ea);
        break;
    }
    if (s->code64) {
        /* Only FS and GS have bases in 64-bit mode. */
        if (ovr_seg == R_FS || ovr_seg == R_GS) {
            tcg_gen_add_i64(s->A0, s->A0, cpu_seg_base[ovr_seg]);
        }
    } else if (ovr_seg >= 0) {
        tcg_gen_add_i64(s->A0, s->A0, cpu_seg_base[ovr_seg]);
        tcg_gen_ext32u_i64(s->A0, s->A0);
    }
}

/* Decoded ModRM memory operand. base -1: none, -2: RIP-relative. */
typedef struct AddressParts {
    int def_seg;
    int base;
    int index;
    int scale;
    int64_t disp;
} AddressParts;

static AddressParts decode_modrm_address(DisasContext *s, int modrm)
{
    AddressParts a = { R_DS, -1, -1, 0, 0 };
    int mod = (modrm >> 6) & 3;
    int rm = modrm & 7;

    if (s->aflag == MO_16) {
        static const int8_t base16[8] = { R_EBX, R_EBX, R_EBP, R_EBP,
                                          R_ESI, R_EDI, R_EBP, R_EBX };
        static const int8_t index16[8] = { R_ESI, R_EDI, R_ESI, R_EDI,
                                           -1, -1, -1, -1 };
        if (mod == 0 && rm == 6) {
            a.disp = (int16_t)x86_lduw_code(s);
            return a;
        }
        if (mod == 1) {
            a.disp = (int8_t)x86_ldub_code(s);
        } else if (mod == 2) {
            a.disp = (int16_t)x86_lduw_code(s);
        }
        a.base = base16[rm];
        a.index = index16[rm];
        if (rm == 2 || rm == 3 || rm == 6) {
            a.def_seg = R_SS;
        }
        return a;
    }

    {
        bool havesib = rm == 4;
        int base = rm;

        if (havesib) {
            int sib = x86_ldub_code(s);
            a.scale = sib >> 6;
            a.index = ((sib >> 3) & 7) | s->rex_x;
            if (a.index == 4) {
                a.index = -1;       /* no index (r12 with REX.X is fine) */
            }
            base = sib & 7;
        }
        switch (mod) {
        case 0:
            if (base == 5) {
                base = -1;
                a.disp = (int32_t)x86_ldl_code(s);
                if (s->code64 && !havesib) {
                    base = -2;
                }
            }
            break;
        case 1:
            a.disp = (int8_t)x86_ldub_code(s);
            break;
        case 2:
            a.disp = (int32_t)x86_ldl_code(s);
            break;
        }
        if (base >= 0) {
            base |= s->rex_b;
            if (base == R_ESP || base == R_EBP) {
                a.def_seg = R_SS;
            }
        }
        a.base = base;
    }
    return a;
}

static void gen_address_parts(DisasContext *s, AddressParts *a, TCGv ea)
{
    bool have = false;

    if (a->base == -2) {
        /* RIP-relative: from the end of the instruction. */
        uint64_t rip = s->pc + s->rip_offset - s->cs_base;
        tcg_gen_movi_i64(ea, rip + a->disp);
        return;
    }
    if (a->base >= 0) {
        tcg_gen_mov_i64(ea, cpu_regs[a->base]);
        have = true;
    }
    if (a->index >= 0) {
        if (have) {
            TCGv t = tcg_tmp(s);
            tcg_gen_shli_i64(t, cpu_regs[a->index], a->scale);
            tcg_gen_add_i64(ea, ea, t);
        } else {
            tcg_gen_shli_i64(ea, cpu_regs[a->index], a->scale);
            have = true;
        }
    }
    if (!have) {
        tcg_gen_movi_i64(ea, a->disp);
    } else if (a->disp) {
        tcg_gen_addi_i64(ea, ea, a->disp);
    }
}

TCGv gen_lea_modrm_ea(DisasContext *s, int modrm, int *def_seg)
{
    AddressParts a = decode_modrm_address(s, modrm);

    gen_address_parts(s, &a, s->A0);
    if (def_seg) {
        *def_seg = a.def_seg;
    }
    return s->A0;
}

TCGv gen_lea_modrm(DisasContext *s, int modrm)
{
    int def_seg;

    gen_lea_modrm_ea(s, modrm, &def_seg);
    gen_lea_v_seg(s, s->aflag, s->A0, def_seg, s->override);
    return s->A0;
}

void gen_nop_modrm(DisasContext *s, int modrm)
{
    if ((modrm >> 6) != 3) {
        decode_modrm_address(s, modrm);
    }
}

void gen_ld_modrm(DisasContext *s, int modrm, MemOp ot, TCGv val)
{
    if ((modrm >> 6) == 3) {
        gen_op_mov_v_reg(s, ot, val, (modrm & 7) | s->rex_b);
    } else {
        gen_lea_modrm(s, modrm);
        gen_op_ld(s, ot, val, s->A0);
    }
}

/* The r/m operand like gen_reg_src(): bits above ot may be garbage. */
TCGv gen_ld_modrm_src(DisasContext *s, int modrm, MemOp ot, TCGv val)
{
    if ((modrm >> 6) == 3) {
        return gen_reg_src(s, ot, val, (modrm & 7) | s->rex_b);
    }
    gen_lea_modrm(s, modrm);
    gen_op_ld(s, ot, val, s->A0);
    return val;
}

void gen_st_modrm(DisasContext *s, int modrm, MemOp ot, TCGv val)
{
    if ((modrm >> 6) == 3) {
        gen_op_mov_reg_v(s, ot, (modrm & 7) | s->rex_b, val);
    } else {
        gen_lea_modrm(s, modrm);
        gen_op_st(s, ot, val, s->A0);
    }
}

/* ------------------------------------------------------------------ */
/* Lazy condition codes                                                */

enum { USES_DST = 1, USES_SRC = 2, USES_SRC2 = 4 };

static int cc_op_uses(CCOp op)
{
    if (op >= CC_OP_MULB && op <= CC_OP_BMILGQ) {
        switch (op - ((op - CC_OP_MULB) & 3)) {
        case CC_OP_ADCB:
        case CC_OP_SBBB:
            return USES_DST | USES_SRC | USES_SRC2;
        case CC_OP_LOGICB:
            return USES_DST;
        default:
            return USES_DST | USES_SRC;
        }
    }
    switch (op) {
    case CC_OP_EFLAGS:
    case CC_OP_POPCNT:
        return USES_SRC;
    case CC_OP_CLR:
        return 0;
    case CC_OP_ADCX:
        return USES_DST | USES_SRC;
    case CC_OP_ADOX:
        return USES_SRC | USES_SRC2;
    default:
        return USES_DST | USES_SRC | USES_SRC2;
    }
}

void set_cc_op(DisasContext *s, CCOp op)
{
    int dead;

    if (s->cc_op == op) {
        return;
    }
    /* Values the new representation does not need are dead. */
    dead = cc_op_uses(s->cc_op) & ~cc_op_uses(op);
    if (op == CC_OP_DYNAMIC) {
        dead = 0;
    }
    if (dead & USES_DST) {
        tcg_gen_discard_i64(cpu_cc_dst);
    }
    if (dead & USES_SRC) {
        tcg_gen_discard_i64(cpu_cc_src);
    }
    if (dead & USES_SRC2) {
        tcg_gen_discard_i64(cpu_cc_src2);
    }
    s->cc_op = op;
    s->cc_op_dirty = op != CC_OP_DYNAMIC;
}

void gen_update_cc_op(DisasContext *s)
{
    if (s->cc_op_dirty) {
        tcg_gen_movi_i32(cpu_cc_op, s->cc_op);
        s->cc_op_dirty = false;
    }
}

void gen_compute_eflags(DisasContext *s)
{
    if (s->cc_op == CC_OP_EFLAGS) {
        return;
    }
    if (s->cc_op == CC_OP_CLR) {
        tcg_gen_movi_i64(cpu_cc_src, CC_Z | CC_P);
        set_cc_op(s, CC_OP_EFLAGS);
        return;
    }
    if (s->cc_op == CC_OP_DYNAMIC) {
        gen_helper_cc_compute_all(cpu_cc_src, cpu_cc_dst, cpu_cc_src,
                                  cpu_cc_src2, cpu_cc_op);
    } else {
        gen_helper_cc_compute_all(cpu_cc_src, cpu_cc_dst, cpu_cc_src,
                                  cpu_cc_src2, tcg_constant_i32(s->cc_op));
    }
    set_cc_op(s, CC_OP_EFLAGS);
}

/* A condition as one TCG comparison. */
typedef struct CCPrepare {
    TCGCond cond;
    TCGv reg;
    TCGv reg2;
    int64_t imm;
    bool use_reg2;
} CCPrepare;

static int cc_size(DisasContext *s)
{
    return (s->cc_op - CC_OP_MULB) & 3;
}

static CCOp cc_group(DisasContext *s)
{
    if (s->cc_op >= CC_OP_MULB && s->cc_op <= CC_OP_BMILGQ) {
        return s->cc_op - cc_size(s);
    }
    return s->cc_op;
}

TCGv gen_ext_tl(DisasContext *s, TCGv src, MemOp size, bool sign)
{
    TCGv t;

    if ((size & MO_SIZE) == MO_64) {
        return src;
    }
    t = tcg_tmp(s);
    tcg_gen_ext_i64(t, src, (size & MO_SIZE) | (sign ? MO_SIGN : 0));
    return t;
}

static CCPrepare cc_mask(TCGv reg, DisasContext *s, uint64_t mask)
{
    TCGv t = tcg_tmp(s);

    tcg_gen_andi_i64(t, reg, mask);
    return (CCPrepare){ .cond = TCG_COND_NE, .reg = t, .imm = 0 };
}

static CCPrepare cc_always(TCGCond c)
{
    return (CCPrepare){ .cond = c, .reg = NULL };
}

/* The first operand of a SUB-type cc state: dst + src. */
static TCGv cc_sub_src1(DisasContext *s, bool sign)
{
    TCGv t = tcg_tmp(s);

    tcg_gen_add_i64(t, cpu_cc_dst, cpu_cc_src);
    return gen_ext_tl(s, t, cc_size(s), sign);
}

static CCPrepare prepare_c(DisasContext *s)
{
    int size = cc_size(s);
    TCGv t;

    switch (cc_group(s)) {
    case CC_OP_SUBB:
        return (CCPrepare){ .cond = TCG_COND_LTU,
                            .reg = cc_sub_src1(s, false),
                            .reg2 = gen_ext_tl(s, cpu_cc_src, size, false),
                            .use_reg2 = true };
    case CC_OP_ADDB:
        return (CCPrepare){ .cond = TCG_COND_LTU,
                            .reg = gen_ext_tl(s, cpu_cc_dst, size, false),
                            .reg2 = gen_ext_tl(s, cpu_cc_src, size, false),
                            .use_reg2 = true };
    case CC_OP_LOGICB:
    case CC_OP_CLR:
    case CC_OP_POPCNT:
        return cc_always(TCG_COND_NEVER);
    case CC_OP_INCB:
    case CC_OP_DECB:
        return cc_mask(cpu_cc_src, s, 1);
    case CC_OP_SHLB:
        t = tcg_tmp(s);
        tcg_gen_shri_i64(t, cpu_cc_src, (8 << size) - 1);
        return cc_mask(t, s, 1);
    case CC_OP_SARB:
        return cc_mask(cpu_cc_src, s, 1);
    case CC_OP_MULB:
        return (CCPrepare){ .cond = TCG_COND_NE, .reg = cpu_cc_src,
                            .imm = 0 };
    case CC_OP_BMILGB:
        return (CCPrepare){ .cond = TCG_COND_EQ,
                            .reg = gen_ext_tl(s, cpu_cc_src, size, false),
                            .imm = 0 };
    case CC_OP_EFLAGS:
        return cc_mask(cpu_cc_src, s, CC_C);
    default:
        /* ADC, SBB, ADCX/ADOX, dynamic: ask the helper for CF. */
        t = tcg_tmp(s);
        if (s->cc_op == CC_OP_DYNAMIC) {
            gen_helper_cc_compute_c(t, cpu_cc_dst, cpu_cc_src, cpu_cc_src2,
                                    cpu_cc_op);
        } else {
            gen_helper_cc_compute_c(t, cpu_cc_dst, cpu_cc_src, cpu_cc_src2,
                                    tcg_constant_i32(s->cc_op));
        }
        return (CCPrepare){ .cond = TCG_COND_NE, .reg = t, .imm = 0 };
    }
}

/* Is the result (cc_dst) the thing ZF/SF/PF describe? */
static bool cc_has_result(DisasContext *s)
{
    return s->cc_op >= CC_OP_MULB && s->cc_op <= CC_OP_BMILGQ;
}

static CCPrepare prepare_z(DisasContext *s)
{
    if (cc_has_result(s)) {
        return (CCPrepare){ .cond = TCG_COND_EQ,
                            .reg = gen_ext_tl(s, cpu_cc_dst, cc_size(s),
                                              false),
                            .imm = 0 };
    }
    switch (s->cc_op) {
    case CC_OP_CLR:
        return cc_always(TCG_COND_ALWAYS);
    case CC_OP_POPCNT:
        return (CCPrepare){ .cond = TCG_COND_EQ, .reg = cpu_cc_src,
                            .imm = 0 };
    default:
        gen_compute_eflags(s);
        return cc_mask(cpu_cc_src, s, CC_Z);
    }
}

static CCPrepare prepare_s(DisasContext *s)
{
    if (cc_has_result(s)) {
        return (CCPrepare){ .cond = TCG_COND_LT,
                            .reg = gen_ext_tl(s, cpu_cc_dst, cc_size(s),
                                              true),
                            .imm = 0 };
    }
    switch (s->cc_op) {
    case CC_OP_CLR:
    case CC_OP_POPCNT:
        return cc_always(TCG_COND_NEVER);
    default:
        gen_compute_eflags(s);
        return cc_mask(cpu_cc_src, s, CC_S);
    }
}

static CCPrepare prepare_o(DisasContext *s)
{
    switch (cc_group(s)) {
    case CC_OP_CLR:
    case CC_OP_POPCNT:
    case CC_OP_LOGICB:
        return cc_always(TCG_COND_NEVER);
    case CC_OP_MULB:
        return (CCPrepare){ .cond = TCG_COND_NE, .reg = cpu_cc_src,
                            .imm = 0 };
    default:
        gen_compute_eflags(s);
        return cc_mask(cpu_cc_src, s, CC_O);
    }
}

static CCPrepare prepare_cc(DisasContext *s, int b)
{
    CCPrepare cc;
    int size = cc_size(s);
    TCGv t;

    switch ((b >> 1) & 7) {
    case 0:     /* O */
        cc = prepare_o(s);
        break;
    case 1:     /* B */
        cc = prepare_c(s);
        break;
    case 2:     /* Z */
        cc = prepare_z(s);
        break;
    case 3:     /* BE */
        if (cc_group(s) == CC_OP_SUBB) {
            cc = (CCPrepare){ .cond = TCG_COND_LEU,
                              .reg = cc_sub_src1(s, false),
                              .reg2 = gen_ext_tl(s, cpu_cc_src, size, false),
                              .use_reg2 = true };
        } else if (cc_group(s) == CC_OP_LOGICB) {
            cc = prepare_z(s);
        } else {
            gen_compute_eflags(s);
            cc = cc_mask(cpu_cc_src, s, CC_C | CC_Z);
        }
        break;
    case 4:     /* S */
        cc = prepare_s(s);
        break;
    case 5:     /* P */
        if (s->cc_op == CC_OP_CLR) {
            cc = cc_always(TCG_COND_ALWAYS);
        } else {
            gen_compute_eflags(s);
            cc = cc_mask(cpu_cc_src, s, CC_P);
        }
        break;
    case 6:     /* L: SF != OF */
        if (cc_group(s) == CC_OP_SUBB) {
            cc = (CCPrepare){ .cond = TCG_COND_LT,
                              .reg = cc_sub_src1(s, true),
                              .reg2 = gen_ext_tl(s, cpu_cc_src, size, true),
                              .use_reg2 = true };
        } else if (cc_group(s) == CC_OP_LOGICB) {
            cc = prepare_s(s);
        } else {
            gen_compute_eflags(s);
            t = tcg_tmp(s);
            tcg_gen_shri_i64(t, cpu_cc_src, 4);
            tcg_gen_xor_i64(t, t, cpu_cc_src);
            cc = cc_mask(t, s, CC_S);
        }
        break;
    default:    /* LE: ZF or SF != OF */
        if (cc_group(s) == CC_OP_SUBB) {
            cc = (CCPrepare){ .cond = TCG_COND_LE,
                              .reg = cc_sub_src1(s, true),
                              .reg2 = gen_ext_tl(s, cpu_cc_src, size, true),
                              .use_reg2 = true };
        } else if (cc_group(s) == CC_OP_LOGICB) {
            cc = (CCPrepare){ .cond = TCG_COND_LE,
                              .reg = gen_ext_tl(s, cpu_cc_dst, size, true),
                              .imm = 0 };
        } else {
            gen_compute_eflags(s);
            t = tcg_tmp(s);
            tcg_gen_shri_i64(t, cpu_cc_src, 4);
            tcg_gen_xor_i64(t, t, cpu_cc_src);
            cc = cc_mask(t, s, CC_S | CC_Z);
        }
        break;
    }
    if (b & 1) {
        switch (cc.cond) {
        case TCG_COND_NEVER:
            cc.cond = TCG_COND_ALWAYS;
            break;
        case TCG_COND_ALWAYS:
            cc.cond = TCG_COND_NEVER;
            break;
        case TCG_COND_EQ: cc.cond = TCG_COND_NE; break;
        case TCG_COND_NE: cc.cond = TCG_COND_EQ; break;
        case TCG_COND_LT: cc.cond = TCG_COND_GE; break;
        case TCG_COND_GE: cc.cond = TCG_COND_LT; break;
        case TCG_COND_LE: cc.cond = TCG_COND_GT; break;
        case TCG_COND_GT: cc.cond = TCG_COND_LE; break;
        case TCG_COND_LTU: cc.cond = TCG_COND_GEU; break;
        case TCG_COND_GEU: cc.cond = TCG_COND_LTU; break;
        case TCG_COND_LEU: cc.cond = TCG_COND_GTU; break;
        case TCG_COND_GTU: cc.cond = TCG_COND_LEU; break;
        default:
            g_assert_not_reached();
        }
    }
    return cc;
}

void gen_setcc(DisasContext *s, int b, TCGv reg)
{
    CCPrepare cc = prepare_cc(s, b);

    if (cc.cond == TCG_COND_NEVER || cc.cond == TCG_COND_ALWAYS) {
        tcg_gen_movi_i64(reg, cc.cond == TCG_COND_ALWAYS);
    } else if (cc.use_reg2) {
        tcg_gen_setcond_i64(cc.cond, reg, cc.reg, cc.reg2);
    } else {
        tcg_gen_setcondi_i64(cc.cond, reg, cc.reg, cc.imm);
    }
}

/* CF as 0/1 in reg (ADC, SBB, RCL, SETB...). */
void gen_compute_c(DisasContext *s, TCGv reg)
{
    gen_setcc(s, 2, reg);
}

void gen_jcc_label(DisasContext *s, int b, TCGLabel *l)
{
    CCPrepare cc = prepare_cc(s, b);

    /* Both paths leave with the same cc_op. */
    gen_update_cc_op(s);
    if (cc.cond == TCG_COND_NEVER) {
        return;
    }
    if (cc.cond == TCG_COND_ALWAYS) {
        tcg_gen_br(l);
    } else if (cc.use_reg2) {
        tcg_gen_brcond_i64(cc.cond, cc.reg, cc.reg2, l);
    } else {
        tcg_gen_brcondi_i64(cc.cond, cc.reg, cc.imm, l);
    }
}

void gen_cmovcc(DisasContext *s, int b, TCGv dest, TCGv src)
{
    CCPrepare cc = prepare_cc(s, b);

    if (cc.cond == TCG_COND_ALWAYS) {
        tcg_gen_mov_i64(dest, src);
    } else if (cc.cond == TCG_COND_NEVER) {
        return;
    } else if (cc.use_reg2) {
        tcg_gen_movcond_i64(cc.cond, dest, cc.reg, cc.reg2, src, dest);
    } else {
        tcg_gen_movcond_i64(cc.cond, dest, cc.reg, tcg_constant_i64(cc.imm),
                            src, dest);
    }
}

/* ------------------------------------------------------------------ */
/* Exceptions and TB exits                                             */

void gen_exception(DisasContext *s, int vector)
{
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    gen_helper_raise_exception(tcg_env, tcg_constant_i32(vector));
    s->base.is_jmp = DISAS_NORETURN;
}

void gen_exception_err(DisasContext *s, int vector, int error_code)
{
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    gen_helper_raise_exception_err(tcg_env, tcg_constant_i32(vector),
                                   tcg_constant_i32(error_code));
    s->base.is_jmp = DISAS_NORETURN;
}

void gen_exception_gpf(DisasContext *s)
{
    gen_exception_err(s, EXCP0D_GPF, 0);
}

void gen_illegal_opcode(DisasContext *s)
{
    gen_exception(s, EXCP06_ILLOP);
}

void gen_eob_next(DisasContext *s)
{
    s->base.is_jmp = DISAS_EOB_NEXT;
}

/*
 * Leaves the TB with env->eip already stored. Single-step traps; after
 * an interrupt shadow or when asked to, returns to the main loop so that
 * interrupts are looked at; otherwise looks the next TB up directly.
 */
static void gen_eob(DisasContext *s, bool lookup, bool inhibit)
{
    gen_update_cc_op(s);
    if (inhibit && !s->inhibit_first) {
        TCGv_i32 t = tcg_temp_new_i32();
        tcg_gen_ld_i32(t, tcg_env, offsetof(CPUX86State, hflags));
        tcg_gen_ori_i32(t, t, HF_INHIBIT_IRQ);
        tcg_gen_st_i32(t, tcg_env, offsetof(CPUX86State, hflags));
        tcg_temp_free_i32(t);
    }
    if (s->flags & HF_TF) {
        gen_helper_single_step(tcg_env);
    } else if (lookup && !s->inhibit_first &&
               !(s->base.tb->cflags & CF_NO_GOTO_PTR)) {
        tcg_gen_lookup_and_goto_ptr();
    } else {
        tcg_gen_exit_tb(NULL, 0);
    }
    s->base.is_jmp = DISAS_NORETURN;
}

void gen_jr(DisasContext *s)
{
    gen_eob(s, true, false);
}

static bool use_goto_tb(DisasContext *s, uint64_t pc)
{
    return s->jmp_opt &&
           ((pc ^ s->base.pc_first) & TARGET_PAGE_MASK) == 0;
}

void gen_jmp_tb(DisasContext *s, uint64_t eip, int tb_num)
{
    uint64_t pc = s->cs_base + eip;

    gen_update_cc_op(s);
    if (use_goto_tb(s, pc)) {
        /*
         * eip is stored before the jump: a chained TB that sees an exit
         * request at its start leaves with env->eip as its first insn.
         */
        tcg_gen_st_i64(tcg_constant_i64(eip), tcg_env,
                       offsetof(CPUX86State, eip));
        tcg_gen_goto_tb(tb_num);
        tcg_gen_exit_tb(s->base.tb, tb_num);
        s->base.is_jmp = DISAS_NORETURN;
    } else {
        tcg_gen_st_i64(tcg_constant_i64(eip), tcg_env,
                       offsetof(CPUX86State, eip));
        gen_jr(s);
    }
}

uint64_t gen_mask_eip(DisasContext *s, MemOp ot, uint64_t eip)
{
    if (s->code64 && ot == MO_64) {
        return eip;
    }
    return ot == MO_16 ? (uint16_t)eip : (uint32_t)eip;
}

void gen_jmp_rel(DisasContext *s, MemOp ot, int64_t diff, int tb_num)
{
    gen_jmp_tb(s, gen_mask_eip(s, ot, next_eip(s) + diff), tb_num);
}

/* ------------------------------------------------------------------ */
/* Prefixes and dispatch                                               */

static void disas_insn(DisasContext *s)
{
    int b, prefixes = 0;
    bool rex_w = false;
    int rex_r = 0, rex_x = 0, rex_b = 0;
    bool ok;

    s->pc = s->pc_start;
    s->override = -1;
    s->rip_offset = 0;
    s->vex_l = 0;
    s->vex_v = 0;
    s->vex_map = 0;
    s->tmp_used = 0;

    for (;;) {
        b = x86_ldub_code(s);
        switch (b) {
        case 0xf3:
            prefixes |= PREFIX_REPZ;
            prefixes &= ~PREFIX_REPNZ;
            continue;
        case 0xf2:
            prefixes |= PREFIX_REPNZ;
            prefixes &= ~PREFIX_REPZ;
            continue;
        case 0xf0:
            prefixes |= PREFIX_LOCK;
            continue;
        case 0x2e:
            s->override = R_CS;
            continue;
        case 0x36:
            s->override = R_SS;
            continue;
        case 0x3e:
            s->override = R_DS;
            continue;
        case 0x26:
            s->override = R_ES;
            continue;
        case 0x64:
            s->override = R_FS;
            continue;
        case 0x65:
            s->override = R_GS;
            continue;
        case 0x66:
            prefixes |= PREFIX_DATA;
            continue;
        case 0x67:
            prefixes |= PREFIX_ADR;
            continue;
        default:
            break;
        }
        if (s->code64 && b >= 0x40 && b <= 0x4f) {
            /* REX: only effective right before the opcode. */
            prefixes |= PREFIX_REX;
            rex_w = (b >> 3) & 1;
            rex_r = (b & 4) << 1;
            rex_x = (b & 2) << 2;
            rex_b = (b & 1) << 3;
            b = x86_ldub_code(s);
            if ((b >= 0x40 && b <= 0x4f) || b == 0xf3 || b == 0xf2 ||
                b == 0xf0 || b == 0x66 || b == 0x67 || b == 0x2e ||
                b == 0x36 || b == 0x3e || b == 0x26 || b == 0x64 ||
                b == 0x65) {
                /* A REX followed by another prefix is ignored. */
                prefixes &= ~PREFIX_REX;
                rex_w = false;
                rex_r = rex_x = rex_b = 0;
                s->pc--;
                continue;
            }
        }
        break;
    }

    /* VEX (C4/C5): in 16/32-bit mode only when ModRM.mod would be 3. */
    if ((b == 0xc4 || b == 0xc5) && !(s->vm86) && (s->code64 || s->pe)) {
        uint8_t b1 = cpu_ldub_code(s->env, s->pc);
        if (s->code64 || (b1 & 0xc0) == 0xc0) {
            int vex3, vex2;
            if (prefixes & (PREFIX_REPZ | PREFIX_REPNZ | PREFIX_LOCK |
                            PREFIX_DATA | PREFIX_REX)) {
                gen_illegal_opcode(s);
                return;
            }
            vex2 = x86_ldub_code(s);
            rex_r = (~vex2 >> 4) & 8;
            if (b == 0xc5) {
                vex3 = vex2;
                s->vex_map = 1;
            } else {
                rex_x = s->code64 ? (~vex2 >> 3) & 8 : 0;
                rex_b = s->code64 ? (~vex2 >> 2) & 8 : 0;
                s->vex_map = vex2 & 0x1f;
                vex3 = x86_ldub_code(s);
                rex_w = s->code64 && (vex3 & 0x80);
            }
            s->vex_v = (~vex3 >> 3) & 15;
            if (!s->code64) {
                s->vex_v &= 7;
            }
            s->vex_l = (vex3 >> 2) & 1;
            switch (vex3 & 3) {
            case 1:
                prefixes |= PREFIX_DATA;
                break;
            case 2:
                prefixes |= PREFIX_REPZ;
                break;
            case 3:
                prefixes |= PREFIX_REPNZ;
                break;
            }
            prefixes |= PREFIX_VEX | PREFIX_REX;
            b = x86_ldub_code(s);
            if (s->vex_map < 1 || s->vex_map > 3) {
                gen_illegal_opcode(s);
                return;
            }
            b |= s->vex_map << 8;
        }
    }

    s->prefix = prefixes;
    s->rex_w = rex_w;
    s->rex_r = rex_r;
    s->rex_x = rex_x;
    s->rex_b = rex_b;

    if (s->code64) {
        s->dflag = rex_w ? MO_64 : (prefixes & PREFIX_DATA) ? MO_16 : MO_32;
        s->aflag = (prefixes & PREFIX_ADR) ? MO_32 : MO_64;
    } else {
        bool d32 = s->code32 ^ !!(prefixes & PREFIX_DATA);
        bool a32 = s->code32 ^ !!(prefixes & PREFIX_ADR);
        s->dflag = d32 ? MO_32 : MO_16;
        s->aflag = a32 ? MO_32 : MO_16;
    }

    if (b >= 0x100) {
        /* VEX-encoded: BMI GPR ops are ours, the rest SSE/AVX. */
        ok = disas_insn_vex(s, b);
    } else if (b == 0x0f) {
        b = x86_ldub_code(s);
        ok = disas_insn_0f(s, b);
    } else {
        ok = disas_insn_onebyte(s, b);
    }
    if (!ok) {
        gen_illegal_opcode(s);
    }
}

void gen_intermediate_code(CPUState *cs, TranslationBlock *tb, int max_insns)
{
    CPUX86State *env = &X86_CPU(cs)->env;
    DisasContext dc, *s = &dc;
    uint32_t flags = tb->flags;

    memset(s, 0, sizeof(*s));
    s->env = env;
    s->base.tb = tb;
    s->base.pc_first = tb->pc;
    s->base.pc_next = tb->pc;
    s->base.is_jmp = DISAS_NEXT;
    s->base.max_insns = max_insns;
    s->cs_base = tb->cs_base;
    s->flags = flags;
    s->cpl = (flags >> HF_CPL_SHIFT) & 3;
    s->iopl = (flags >> HF_IOPL_SHIFT) & 3;
    s->pe = flags & HF_PE;
    s->vm86 = flags & HF_VM;
    s->code64 = flags & HF_CS64;
    s->code32 = flags & HF_CS32;
    s->ss32 = flags & HF_SS32;
    s->addseg = flags & HF_ADDSEG;
    s->lma = flags & HF_LMA;
    s->mem_index = cpu_mmu_index(env);
    memcpy(s->cpuid_features, env->features, sizeof(s->cpuid_features));
    s->cc_op = CC_OP_DYNAMIC;
    s->cc_op_dirty = false;
    s->inhibit_first = flags & HF_INHIBIT_IRQ;
    s->jmp_opt = !(tb->cflags & CF_NO_GOTO_TB) &&
                 !(flags & (HF_TF | HF_INHIBIT_IRQ));
    if (flags & (HF_TF | HF_INHIBIT_IRQ | HF_RF)) {
        /* Traps and shadows are taken per instruction. */
        s->base.max_insns = 1;
    }

    s->A0 = tcg_temp_new_i64();
    s->T0 = tcg_temp_new_i64();
    s->T1 = tcg_temp_new_i64();
    s->tmp0 = tcg_temp_new_i64();
    s->tmp1 = tcg_temp_new_i64();
    s->tmp2 = tcg_temp_new_i64();
    s->tmp2_i32 = tcg_temp_new_i32();
    s->tmp3_i32 = tcg_temp_new_i32();
    for (int i = 0; i < (int)ARRAY_SIZE(s->tmp_pool); i++) {
        s->tmp_pool[i] = tcg_temp_new_i64();
    }

    gen_tb_start(tb);

    if (flags & (HF_INHIBIT_IRQ | HF_RF)) {
        /* The shadow and RF last for one instruction: this one. */
        TCGv_i32 t = tcg_temp_new_i32();
        tcg_gen_ld_i32(t, tcg_env, offsetof(CPUX86State, hflags));
        tcg_gen_andi_i32(t, t, ~(HF_INHIBIT_IRQ | HF_RF));
        tcg_gen_st_i32(t, tcg_env, offsetof(CPUX86State, hflags));
        if (flags & HF_RF) {
            TCGv t64 = tcg_temp_new_i64();
            tcg_gen_ld_i64(t64, tcg_env, offsetof(CPUX86State, eflags));
            tcg_gen_andi_i64(t64, t64, ~(uint64_t)RF_MASK);
            tcg_gen_st_i64(t64, tcg_env, offsetof(CPUX86State, eflags));
        }
    }

    for (;;) {
        s->pc_start = s->base.pc_next;
        tcg_gen_insn_start(s->pc_start, s->cc_op);
        s->base.num_insns++;
        if (x86_trace_enabled) {
            gen_helper_trace_insn(tcg_env, tcg_constant_i64(s->pc_start));
        }

        if (sigsetjmp(s->jmpbuf, 0) == 0) {
            disas_insn(s);
        } else {
            /* Longer than 15 bytes. */
            s->pc = s->pc_start;
            gen_exception_gpf(s);
        }
        s->base.pc_next = s->pc;

        if (s->base.is_jmp != DISAS_NEXT) {
            break;
        }
        /*
         * Stop at the page end, and before an instruction that could
         * cross it (a fetch fault must happen with precise state, i.e.
         * in the TB the instruction starts).
         */
        if (s->base.num_insns >= s->base.max_insns ||
            ((s->base.pc_next ^ s->base.pc_first) & TARGET_PAGE_MASK) ||
            (s->base.pc_next & ~TARGET_PAGE_MASK) > TARGET_PAGE_SIZE - 16 ||
            tcg_ctx->nb_temps > TCG_MAX_TEMPS - 128 ||
            tcg_ctx->nb_ops > 8000) {
            s->base.is_jmp = DISAS_TOO_MANY;
            break;
        }
    }

    switch (s->base.is_jmp) {
    case DISAS_NORETURN:
        break;
    case DISAS_TOO_MANY:
        gen_update_cc_op(s);
        gen_jmp_tb(s, next_eip(s), 0);
        break;
    case DISAS_EOB_NEXT:
        gen_update_cc_op(s);
        gen_update_eip_next(s);
        gen_eob(s, false, false);
        break;
    case DISAS_EOB_INHIBIT:
        gen_update_cc_op(s);
        gen_update_eip_next(s);
        gen_eob(s, false, true);
        break;
    case DISAS_EOB_ONLY:
        gen_eob(s, false, false);
        break;
    case DISAS_JUMP:
        gen_jr(s);
        break;
    default:
        g_assert_not_reached();
    }

    gen_tb_end(tb, s->base.num_insns);
    tb->size = s->base.pc_next - s->base.pc_first;
    tb->icount = s->base.num_insns;
}

void x86_restore_state_to_opc(CPUState *cs, const TranslationBlock *tb,
                              const uint64_t *data)
{
    CPUX86State *env = &X86_CPU(cs)->env;
    uint64_t eip = data[0] - tb->cs_base;

    if (!(tb->flags & HF_CS64)) {
        eip = (tb->flags & HF_CS32) ? (uint32_t)eip : (uint16_t)eip;
    }
    env->eip = eip;
    if (data[1] != CC_OP_DYNAMIC) {
        env->cc_op = data[1];
    }
}
