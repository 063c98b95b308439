/*
 * MMX/SSE/SSE2..SSE4.2/AES/PCLMUL decoding (0F, 0F38, 0F3A maps), called
 * by the frontend's decoder. Moves are emitted as IR loads/stores on env;
 * everything else is a helper call found in a table keyed by opcode and
 * mandatory prefix, with pointers to the operands in env (a memory
 * source is first loaded into env->xmm_t0).
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/translate.h"
#include "target/i386/tcg/fpu-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-gen.h"

/* Mandatory prefix index */
enum { P_NONE, P_66, P_F3, P_F2 };

/* Table entry flags */
#define E_MMX    0x01    /* operands are MMX registers */
#define E_IMM    0x02    /* imm8 follows */
#define E_ALIGN  0x04    /* a 16-byte memory operand must be aligned */
#define E_FLAGS  0x08    /* helper returns O S Z A P C for cc_src */
#define E_MMXSRC 0x10    /* source is an MMX register (CVTPI2Px) */
#define E_MMXDST 0x20    /* destination is an MMX register (CVTPx2PI) */
#define E_MEMIMM 0x40    /* INSERTPS: imm[7:6] ignored for memory */

typedef struct SseEnt {
    uint8_t map, op, pfx;
    uint8_t feat;                 /* FpuFeature */
    uint8_t flags;
    uint8_t msize;                /* memory operand size in bytes */
    const TCGHelperInfo *h;
} SseEnt;

#define M(op, pfx, feat, fl, sz, name) \
    { 1, op, pfx, feat, fl, sz, &helper_info_##name }
#define M38(op, pfx, feat, fl, sz, name) \
    { 2, op, pfx, feat, fl, sz, &helper_info_##name }
#define M3A(op, pfx, feat, fl, sz, name) \
    { 3, op, pfx, feat, fl, sz, &helper_info_##name }
/* integer op: MMX (no prefix) and XMM (66) forms */
#define MI(op, name, feat2) \
    M(op, P_NONE, FPUF_MMX, E_MMX, 8, name##_mmx), \
    M(op, P_66, feat2, E_ALIGN, 16, name##_xmm)
/* MMX form added by SSE/MMXEXT (mfeat) or SSE2, XMM form by SSE2 */
#define MIX(op, name, mfeat) \
    M(op, P_NONE, mfeat, E_MMX, 8, name##_mmx), \
    M(op, P_66, FPUF_SSE2, E_ALIGN, 16, name##_xmm)
#define MS3(op, name) \
    M38(op, P_NONE, FPUF_SSSE3, E_MMX, 8, name##_mmx), \
    M38(op, P_66, FPUF_SSSE3, E_ALIGN, 16, name##_xmm)
#define M41(op, name, sz) \
    M38(op, P_66, FPUF_SSE41, (sz) == 16 ? E_ALIGN : 0, sz, name##_xmm)
/* float op in its four forms */
#define MF(op, name) \
    M(op, P_NONE, FPUF_SSE, E_ALIGN, 16, name##ps), \
    M(op, P_66, FPUF_SSE2, E_ALIGN, 16, name##pd), \
    M(op, P_F3, FPUF_SSE, 0, 4, name##ss), \
    M(op, P_F2, FPUF_SSE2, 0, 8, name##sd)

static const SseEnt sse_table[] = {
    M(0x14, P_NONE, FPUF_SSE, E_ALIGN, 16, punpckldq_xmm),    /* UNPCKLPS */
    M(0x14, P_66, FPUF_SSE2, E_ALIGN, 16, punpcklqdq_xmm),    /* UNPCKLPD */
    M(0x15, P_NONE, FPUF_SSE, E_ALIGN, 16, punpckhdq_xmm),    /* UNPCKHPS */
    M(0x15, P_66, FPUF_SSE2, E_ALIGN, 16, punpckhqdq_xmm),    /* UNPCKHPD */
    M(0x2a, P_NONE, FPUF_SSE, E_MMXSRC, 8, cvtpi2ps),
    M(0x2a, P_66, FPUF_SSE2, E_MMXSRC, 8, cvtpi2pd),
    M(0x2c, P_NONE, FPUF_SSE, E_MMXDST, 8, cvttps2pi),
    M(0x2c, P_66, FPUF_SSE2, E_MMXDST | E_ALIGN, 16, cvttpd2pi),
    M(0x2d, P_NONE, FPUF_SSE, E_MMXDST, 8, cvtps2pi),
    M(0x2d, P_66, FPUF_SSE2, E_MMXDST | E_ALIGN, 16, cvtpd2pi),
    M(0x2e, P_NONE, FPUF_SSE, E_FLAGS, 4, ucomiss),
    M(0x2e, P_66, FPUF_SSE2, E_FLAGS, 8, ucomisd),
    M(0x2f, P_NONE, FPUF_SSE, E_FLAGS, 4, comiss),
    M(0x2f, P_66, FPUF_SSE2, E_FLAGS, 8, comisd),
    MF(0x51, sqrt),
    M(0x52, P_NONE, FPUF_SSE, E_ALIGN, 16, rsqrtps),
    M(0x52, P_F3, FPUF_SSE, 0, 4, rsqrtss),
    M(0x53, P_NONE, FPUF_SSE, E_ALIGN, 16, rcpps),
    M(0x53, P_F3, FPUF_SSE, 0, 4, rcpss),
    M(0x54, P_NONE, FPUF_SSE, E_ALIGN, 16, pand_xmm),
    M(0x54, P_66, FPUF_SSE2, E_ALIGN, 16, pand_xmm),
    M(0x55, P_NONE, FPUF_SSE, E_ALIGN, 16, pandn_xmm),
    M(0x55, P_66, FPUF_SSE2, E_ALIGN, 16, pandn_xmm),
    M(0x56, P_NONE, FPUF_SSE, E_ALIGN, 16, por_xmm),
    M(0x56, P_66, FPUF_SSE2, E_ALIGN, 16, por_xmm),
    M(0x57, P_NONE, FPUF_SSE, E_ALIGN, 16, pxor_xmm),
    M(0x57, P_66, FPUF_SSE2, E_ALIGN, 16, pxor_xmm),
    MF(0x58, add), MF(0x59, mul),
    M(0x5a, P_NONE, FPUF_SSE2, 0, 8, cvtps2pd),
    M(0x5a, P_66, FPUF_SSE2, E_ALIGN, 16, cvtpd2ps),
    M(0x5a, P_F3, FPUF_SSE2, 0, 4, cvtss2sd),
    M(0x5a, P_F2, FPUF_SSE2, 0, 8, cvtsd2ss),
    M(0x5b, P_NONE, FPUF_SSE2, E_ALIGN, 16, cvtdq2ps),
    M(0x5b, P_66, FPUF_SSE2, E_ALIGN, 16, cvtps2dq),
    M(0x5b, P_F3, FPUF_SSE2, E_ALIGN, 16, cvttps2dq),
    MF(0x5c, sub), MF(0x5d, min), MF(0x5e, div), MF(0x5f, max),
    MI(0x60, punpcklbw, FPUF_SSE2), MI(0x61, punpcklwd, FPUF_SSE2),
    MI(0x62, punpckldq, FPUF_SSE2), MI(0x63, packsswb, FPUF_SSE2),
    MI(0x64, pcmpgtb, FPUF_SSE2), MI(0x65, pcmpgtw, FPUF_SSE2),
    MI(0x66, pcmpgtd, FPUF_SSE2), MI(0x67, packuswb, FPUF_SSE2),
    MI(0x68, punpckhbw, FPUF_SSE2), MI(0x69, punpckhwd, FPUF_SSE2),
    MI(0x6a, punpckhdq, FPUF_SSE2), MI(0x6b, packssdw, FPUF_SSE2),
    M(0x6c, P_66, FPUF_SSE2, E_ALIGN, 16, punpcklqdq_xmm),
    M(0x6d, P_66, FPUF_SSE2, E_ALIGN, 16, punpckhqdq_xmm),
    M(0x70, P_NONE, FPUF_SSE_MMX, E_MMX | E_IMM, 8, pshufw_mmx),
    M(0x70, P_66, FPUF_SSE2, E_IMM | E_ALIGN, 16, pshufd_xmm),
    M(0x70, P_F3, FPUF_SSE2, E_IMM | E_ALIGN, 16, pshufhw_xmm),
    M(0x70, P_F2, FPUF_SSE2, E_IMM | E_ALIGN, 16, pshuflw_xmm),
    MI(0x74, pcmpeqb, FPUF_SSE2), MI(0x75, pcmpeqw, FPUF_SSE2),
    MI(0x76, pcmpeqd, FPUF_SSE2),
    M(0x7c, P_66, FPUF_SSE3, E_ALIGN, 16, haddpd),
    M(0x7c, P_F2, FPUF_SSE3, E_ALIGN, 16, haddps),
    M(0x7d, P_66, FPUF_SSE3, E_ALIGN, 16, hsubpd),
    M(0x7d, P_F2, FPUF_SSE3, E_ALIGN, 16, hsubps),
    M(0xc2, P_NONE, FPUF_SSE, E_IMM | E_ALIGN, 16, cmpps),
    M(0xc2, P_66, FPUF_SSE2, E_IMM | E_ALIGN, 16, cmppd),
    M(0xc2, P_F3, FPUF_SSE, E_IMM, 4, cmpss),
    M(0xc2, P_F2, FPUF_SSE2, E_IMM, 8, cmpsd),
    M(0xc6, P_NONE, FPUF_SSE, E_IMM | E_ALIGN, 16, shufps_xmm),
    M(0xc6, P_66, FPUF_SSE2, E_IMM | E_ALIGN, 16, shufpd_xmm),
    M(0xd0, P_66, FPUF_SSE3, E_ALIGN, 16, addsubpd),
    M(0xd0, P_F2, FPUF_SSE3, E_ALIGN, 16, addsubps),
    MI(0xd1, psrlw, FPUF_SSE2), MI(0xd2, psrld, FPUF_SSE2),
    MI(0xd3, psrlq, FPUF_SSE2), MIX(0xd4, paddq, FPUF_SSE2),
    MI(0xd5, pmullw, FPUF_SSE2),
    MI(0xd8, psubusb, FPUF_SSE2), MI(0xd9, psubusw, FPUF_SSE2),
    MIX(0xda, pminub, FPUF_SSE_MMX), MI(0xdb, pand, FPUF_SSE2),
    MI(0xdc, paddusb, FPUF_SSE2), MI(0xdd, paddusw, FPUF_SSE2),
    MIX(0xde, pmaxub, FPUF_SSE_MMX), MI(0xdf, pandn, FPUF_SSE2),
    MIX(0xe0, pavgb, FPUF_SSE_MMX), MI(0xe1, psraw, FPUF_SSE2),
    MI(0xe2, psrad, FPUF_SSE2), MIX(0xe3, pavgw, FPUF_SSE_MMX),
    MIX(0xe4, pmulhuw, FPUF_SSE_MMX), MI(0xe5, pmulhw, FPUF_SSE2),
    M(0xe6, P_66, FPUF_SSE2, E_ALIGN, 16, cvttpd2dq),
    M(0xe6, P_F3, FPUF_SSE2, 0, 8, cvtdq2pd),
    M(0xe6, P_F2, FPUF_SSE2, E_ALIGN, 16, cvtpd2dq),
    MI(0xe8, psubsb, FPUF_SSE2), MI(0xe9, psubsw, FPUF_SSE2),
    MIX(0xea, pminsw, FPUF_SSE_MMX), MI(0xeb, por, FPUF_SSE2),
    MI(0xec, paddsb, FPUF_SSE2), MI(0xed, paddsw, FPUF_SSE2),
    MIX(0xee, pmaxsw, FPUF_SSE_MMX), MI(0xef, pxor, FPUF_SSE2),
    MI(0xf1, psllw, FPUF_SSE2), MI(0xf2, pslld, FPUF_SSE2),
    MI(0xf3, psllq, FPUF_SSE2), MIX(0xf4, pmuludq, FPUF_SSE2),
    MI(0xf5, pmaddwd, FPUF_SSE2), MIX(0xf6, psadbw, FPUF_SSE_MMX),
    MI(0xf8, psubb, FPUF_SSE2), MI(0xf9, psubw, FPUF_SSE2),
    MI(0xfa, psubd, FPUF_SSE2), MIX(0xfb, psubq, FPUF_SSE2),
    MI(0xfc, paddb, FPUF_SSE2), MI(0xfd, paddw, FPUF_SSE2),
    MI(0xfe, paddd, FPUF_SSE2),
    /* 0F 38 */
    MS3(0x00, pshufb), MS3(0x01, phaddw), MS3(0x02, phaddd),
    MS3(0x03, phaddsw), MS3(0x04, pmaddubsw), MS3(0x05, phsubw),
    MS3(0x06, phsubd), MS3(0x07, phsubsw), MS3(0x08, psignb),
    MS3(0x09, psignw), MS3(0x0a, psignd), MS3(0x0b, pmulhrsw),
    MS3(0x1c, pabsb), MS3(0x1d, pabsw), MS3(0x1e, pabsd),
    M41(0x10, pblendvb, 16), M41(0x14, blendvps, 16), M41(0x15, blendvpd, 16),
    M38(0x17, P_66, FPUF_SSE41, E_ALIGN | E_FLAGS, 16, ptest_xmm),
    M41(0x20, pmovsxbw, 8), M41(0x21, pmovsxbd, 4), M41(0x22, pmovsxbq, 2),
    M41(0x23, pmovsxwd, 8), M41(0x24, pmovsxwq, 4), M41(0x25, pmovsxdq, 8),
    M41(0x28, pmuldq, 16), M41(0x29, pcmpeqq, 16), M41(0x2b, packusdw, 16),
    M41(0x30, pmovzxbw, 8), M41(0x31, pmovzxbd, 4), M41(0x32, pmovzxbq, 2),
    M41(0x33, pmovzxwd, 8), M41(0x34, pmovzxwq, 4), M41(0x35, pmovzxdq, 8),
    M38(0x37, P_66, FPUF_SSE42, E_ALIGN, 16, pcmpgtq_xmm),
    M41(0x38, pminsb, 16), M41(0x39, pminsd, 16), M41(0x3a, pminuw, 16),
    M41(0x3b, pminud, 16), M41(0x3c, pmaxsb, 16), M41(0x3d, pmaxsd, 16),
    M41(0x3e, pmaxuw, 16), M41(0x3f, pmaxud, 16), M41(0x40, pmulld, 16),
    M41(0x41, phminposuw, 16),
    M38(0xdb, P_66, FPUF_AES, E_ALIGN, 16, aesimc_xmm),
    M38(0xdc, P_66, FPUF_AES, E_ALIGN, 16, aesenc_xmm),
    M38(0xdd, P_66, FPUF_AES, E_ALIGN, 16, aesenclast_xmm),
    M38(0xde, P_66, FPUF_AES, E_ALIGN, 16, aesdec_xmm),
    M38(0xdf, P_66, FPUF_AES, E_ALIGN, 16, aesdeclast_xmm),
    /* 0F 3A */
    M3A(0x08, P_66, FPUF_SSE41, E_IMM | E_ALIGN, 16, roundps),
    M3A(0x09, P_66, FPUF_SSE41, E_IMM | E_ALIGN, 16, roundpd),
    M3A(0x0a, P_66, FPUF_SSE41, E_IMM, 4, roundss),
    M3A(0x0b, P_66, FPUF_SSE41, E_IMM, 8, roundsd),
    M3A(0x0c, P_66, FPUF_SSE41, E_IMM | E_ALIGN, 16, blendps_xmm),
    M3A(0x0d, P_66, FPUF_SSE41, E_IMM | E_ALIGN, 16, blendpd_xmm),
    M3A(0x0e, P_66, FPUF_SSE41, E_IMM | E_ALIGN, 16, pblendw_xmm),
    M3A(0x0f, P_NONE, FPUF_SSSE3, E_IMM | E_MMX, 8, palignr_mmx),
    M3A(0x0f, P_66, FPUF_SSSE3, E_IMM | E_ALIGN, 16, palignr_xmm),
    M3A(0x21, P_66, FPUF_SSE41, E_IMM | E_MEMIMM, 4, insertps_xmm),
    M3A(0x40, P_66, FPUF_SSE41, E_IMM | E_ALIGN, 16, dpps),
    M3A(0x41, P_66, FPUF_SSE41, E_IMM | E_ALIGN, 16, dppd),
    M3A(0x42, P_66, FPUF_SSE41, E_IMM | E_ALIGN, 16, mpsadbw_xmm),
    M3A(0x44, P_66, FPUF_PCLMUL, E_IMM | E_ALIGN, 16, pclmulqdq_xmm),
    M3A(0xdf, P_66, FPUF_AES, E_IMM | E_ALIGN, 16, aeskeygenassist_xmm),
};

static const SseEnt *sse_lookup(int map, int op, int pfx)
{
    for (size_t i = 0; i < G_N_ELEMENTS(sse_table); i++) {
        const SseEnt *e = &sse_table[i];
        if (e->map == map && e->op == op && e->pfx == pfx) {
            return e;
        }
    }
    return NULL;
}

/* --- operands --- */

static inline intptr_t xmm_off(int n)
{
    return offsetof(CPUX86State, xmm_regs[n]);
}

static inline intptr_t mmx_off(int n)
{
    return offsetof(CPUX86State, fpregs[n & 7].mant);
}

#define XMM_T0 offsetof(CPUX86State, xmm_t0)

static TCGv_ptr env_ptr(intptr_t off)
{
    TCGv_ptr p = tcg_temp_new_ptr();

    tcg_gen_addi_ptr(p, tcg_env, off);
    return p;
}

static void gen_check_align16(DisasContext *s)
{
    TCGLabel *ok;
    TCGv t = tcg_temp_new_i64();

    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    ok = gen_new_label();
    tcg_gen_andi_i64(t, s->A0, 15);
    tcg_gen_brcondi_i64(TCG_COND_EQ, t, 0, ok);
    gen_helper_raise_exception_err(tcg_env, tcg_constant_i32(EXCP0D_GPF),
                                   tcg_constant_i32(0));
    tcg_gen_set_label(ok);
}

/* Guest memory at A0 <-> env + off, size 2/4/8/16 bytes. */
static void gen_ld_env(DisasContext *s, intptr_t off, int size)
{
    TCGv t = tcg_temp_new_i64();

    switch (size) {
    case 2:
        gen_op_ld(s, MO_16, t, s->A0);
        tcg_gen_st16_i64(t, tcg_env, off);
        break;
    case 4:
        gen_op_ld(s, MO_32, t, s->A0);
        tcg_gen_st32_i64(t, tcg_env, off);
        break;
    case 8:
        gen_op_ld(s, MO_64, t, s->A0);
        tcg_gen_st_i64(t, tcg_env, off);
        break;
    default: {
        TCGv a = tcg_temp_new_i64(), t2 = tcg_temp_new_i64();
        /* both halves read before either is written */
        tcg_gen_addi_i64(a, s->A0, 8);
        gen_op_ld(s, MO_64, t, s->A0);
        gen_op_ld(s, MO_64, t2, a);
        tcg_gen_st_i64(t, tcg_env, off);
        tcg_gen_st_i64(t2, tcg_env, off + 8);
        break;
    }
    }
}

static void gen_st_env(DisasContext *s, intptr_t off, int size)
{
    TCGv t = tcg_temp_new_i64();

    switch (size) {
    case 4:
        tcg_gen_ld32u_i64(t, tcg_env, off);
        gen_op_st(s, MO_32, t, s->A0);
        break;
    case 8:
        tcg_gen_ld_i64(t, tcg_env, off);
        gen_op_st(s, MO_64, t, s->A0);
        break;
    default: {
        TCGv a = tcg_temp_new_i64(), t2 = tcg_temp_new_i64();
        tcg_gen_addi_i64(a, s->A0, 8);
        tcg_gen_ld_i64(t, tcg_env, off);
        tcg_gen_ld_i64(t2, tcg_env, off + 8);
        gen_op_st(s, MO_64, t, s->A0);
        gen_op_st(s, MO_64, t2, a);
        break;
    }
    }
}

static void gen_mov_env(intptr_t dst, intptr_t src, int size)
{
    TCGv t = tcg_temp_new_i64();

    for (int i = 0; i < size; i += 8) {
        tcg_gen_ld_i64(t, tcg_env, src + i);
        tcg_gen_st_i64(t, tcg_env, dst + i);
    }
}

static void gen_zero_env(intptr_t dst, int size)
{
    for (int i = 0; i < size; i += 8) {
        tcg_gen_st_i64(tcg_constant_i64(0), tcg_env, dst + i);
    }
}

/* MMX instructions empty the x87 stack pointer and tag every register. */
static void gen_enter_mmx(void)
{
    tcg_gen_st_i32(tcg_constant_i32(0), tcg_env,
                   offsetof(CPUX86State, fpstt));
    tcg_gen_st_i64(tcg_constant_i64(0), tcg_env,
                   offsetof(CPUX86State, fptags));
}

typedef struct SseInsn {
    int pfx;
    int reg, rm;                  /* with REX for XMM operands */
    bool mem;
} SseInsn;

/* Loads the E operand's memory into xmm_t0 (or returns the register). */
static intptr_t gen_src(DisasContext *s, SseInsn *in, int modrm, int size,
                        bool mmx, bool align)
{
    if (!in->mem) {
        return mmx ? mmx_off(in->rm) : xmm_off(in->rm);
    }
    gen_lea_modrm(s, modrm);
    if (align && size == 16) {
        gen_check_align16(s);
    }
    gen_ld_env(s, XMM_T0, size);
    return XMM_T0;
}

static bool gen_table_op(DisasContext *s, SseInsn *in, const SseEnt *e,
                         int modrm)
{
    bool mmx_d = e->flags & (E_MMX | E_MMXDST);
    bool mmx_s = e->flags & (E_MMX | E_MMXSRC);
    intptr_t doff = mmx_d ? mmx_off(in->reg) : xmm_off(in->reg), soff;
    TCGTemp *args[4];
    int nargs = 3;
    uint32_t imm = 0;
    TCGv_i32 ret = NULL;

    if (e->flags & E_IMM) {
        s->rip_offset = 1;
    }
    soff = gen_src(s, in, modrm, e->msize, mmx_s, e->flags & E_ALIGN);
    if (e->flags & E_IMM) {
        imm = x86_ldub_code(s);
        if ((e->flags & E_MEMIMM) && in->mem) {
            imm &= 0x3f;
        }
    }
    if (e->flags & (E_MMX | E_MMXSRC | E_MMXDST)) {
        gen_enter_mmx();
    }
    args[0] = tcgv_ptr_temp(tcg_env);
    args[1] = tcgv_ptr_temp(env_ptr(doff));
    args[2] = tcgv_ptr_temp(env_ptr(soff));
    if (e->flags & E_IMM) {
        args[3] = tcgv_i32_temp(tcg_constant_i32(imm));
        nargs = 4;
    }
    if (e->flags & E_FLAGS) {
        ret = tcg_temp_new_i32();
        gen_update_cc_op(s);
    }
    tcg_gen_callN(e->h, ret ? tcgv_i32_temp(ret) : NULL, nargs, args);
    if (ret) {
        tcg_gen_extu_i32_i64(cpu_cc_src, ret);
        set_cc_op(s, CC_OP_EFLAGS);
    }
    return true;
}

/* --- special forms --- */

static bool gen_shift_imm(DisasContext *s, SseInsn *in, int op, int modrm)
{
    /* 0F 71/72/73 /r ib: the register is in rm */
    static const TCGHelperInfo *const tab[3][8][2] = {
        [0][2] = { &helper_info_psrlw_mmx, &helper_info_psrlw_xmm },
        [0][4] = { &helper_info_psraw_mmx, &helper_info_psraw_xmm },
        [0][6] = { &helper_info_psllw_mmx, &helper_info_psllw_xmm },
        [1][2] = { &helper_info_psrld_mmx, &helper_info_psrld_xmm },
        [1][4] = { &helper_info_psrad_mmx, &helper_info_psrad_xmm },
        [1][6] = { &helper_info_pslld_mmx, &helper_info_pslld_xmm },
        [2][2] = { &helper_info_psrlq_mmx, &helper_info_psrlq_xmm },
        [2][6] = { &helper_info_psllq_mmx, &helper_info_psllq_xmm },
    };
    int r = (modrm >> 3) & 7;
    bool x = in->pfx == P_66;
    uint32_t imm;
    intptr_t off;
    TCGTemp *args[4];

    if (in->mem || (in->pfx != P_NONE && in->pfx != P_66)) {
        return false;
    }
    imm = x86_ldub_code(s);
    off = x ? xmm_off(in->rm) : mmx_off(in->rm);
    args[0] = tcgv_ptr_temp(tcg_env);
    args[1] = tcgv_ptr_temp(env_ptr(off));
    if (op == 0x73 && (r == 3 || r == 7)) {
        if (!x) {
            return false;
        }
        args[2] = args[1];
        args[3] = tcgv_i32_temp(tcg_constant_i32(imm));
        tcg_gen_callN(r == 3 ? &helper_info_psrldq_xmm
                             : &helper_info_pslldq_xmm, NULL, 4, args);
        return true;
    }
    if (!tab[op - 0x71][r][x]) {
        return false;
    }
    if (!x) {
        gen_enter_mmx();
    }
    tcg_gen_st_i64(tcg_constant_i64(imm), tcg_env, XMM_T0);
    args[2] = tcgv_ptr_temp(env_ptr(XMM_T0));
    tcg_gen_callN(tab[op - 0x71][r][x], NULL, 3, args);
    return true;
}

/* Reads the E operand as a general register or memory of size ot. */
static void gen_ld_gpr_e(DisasContext *s, SseInsn *in, int modrm, MemOp ot,
                         TCGv t)
{
    if (in->mem) {
        gen_lea_modrm(s, modrm);
        gen_op_ld(s, ot, t, s->A0);
    } else {
        gen_op_mov_v_reg(s, ot, t, in->rm);
        if (ot < MO_64) {
            tcg_gen_ext_i64(t, t, ot);
        }
    }
}

static bool gen_0f_special(DisasContext *s, SseInsn *in, int op, int modrm,
                           bool *handled)
{
    int pfx = in->pfx;
    TCGv t = tcg_temp_new_i64();
    intptr_t d = xmm_off(in->reg);

    *handled = true;
    switch (op) {
    case 0x10: case 0x11:       /* MOVUPS/MOVUPD/MOVSS/MOVSD */
        if (pfx == P_F3 || pfx == P_F2) {
            int sz = pfx == P_F3 ? 4 : 8;
            if (op == 0x10) {
                if (in->mem) {
                    gen_lea_modrm(s, modrm);
                    gen_ld_env(s, XMM_T0, sz);
                    gen_zero_env(d, 16);
                    if (sz == 4) {
                        tcg_gen_ld32u_i64(t, tcg_env, XMM_T0);
                        tcg_gen_st32_i64(t, tcg_env, d);
                    } else {
                        gen_mov_env(d, XMM_T0, 8);
                    }
                } else if (sz == 4) {
                    tcg_gen_ld32u_i64(t, tcg_env, xmm_off(in->rm));
                    tcg_gen_st32_i64(t, tcg_env, d);
                } else {
                    gen_mov_env(d, xmm_off(in->rm), 8);
                }
            } else if (in->mem) {
                gen_lea_modrm(s, modrm);
                gen_st_env(s, d, sz);
            } else if (sz == 4) {
                tcg_gen_ld32u_i64(t, tcg_env, d);
                tcg_gen_st32_i64(t, tcg_env, xmm_off(in->rm));
            } else {
                gen_mov_env(xmm_off(in->rm), d, 8);
            }
            return true;
        }
        /* fall through */
    case 0x28: case 0x29:       /* MOVAPS/MOVAPD */
    case 0x6f: case 0x7f:       /* MOVDQA/MOVDQU (MMX: MOVQ) */
        if ((op == 0x28 || op == 0x29) && pfx > P_66) {
            return false;
        }
        if (op == 0x6f || op == 0x7f) {
            if (pfx == P_NONE) {
                gen_enter_mmx();
                d = mmx_off(in->reg);
                if (op == 0x6f) {
                    if (in->mem) {
                        gen_lea_modrm(s, modrm);
                        gen_ld_env(s, d, 8);
                    } else {
                        gen_mov_env(d, mmx_off(in->rm), 8);
                    }
                } else if (in->mem) {
                    gen_lea_modrm(s, modrm);
                    gen_st_env(s, d, 8);
                } else {
                    gen_mov_env(mmx_off(in->rm), d, 8);
                }
                return true;
            }
            if (pfx == P_F2) {
                return false;
            }
        }
        {
            bool align = op == 0x28 || op == 0x29 ||
                         ((op == 0x6f || op == 0x7f) && pfx == P_66);
            bool load = op == 0x10 || op == 0x28 || op == 0x6f;
            if (in->mem) {
                gen_lea_modrm(s, modrm);
                if (align) {
                    gen_check_align16(s);
                }
                if (load) {
                    gen_ld_env(s, d, 16);
                } else {
                    gen_st_env(s, d, 16);
                }
            } else if (load) {
                gen_mov_env(d, xmm_off(in->rm), 16);
            } else {
                gen_mov_env(xmm_off(in->rm), d, 16);
            }
        }
        return true;
    case 0x12: case 0x13: case 0x16: case 0x17: {
        int hi = op >= 0x16 ? 8 : 0;
        if (op == 0x12 && pfx == P_F2) {        /* MOVDDUP */
            intptr_t src = gen_src(s, in, modrm, 8, false, false);
            tcg_gen_ld_i64(t, tcg_env, src);
            tcg_gen_st_i64(t, tcg_env, d);
            tcg_gen_st_i64(t, tcg_env, d + 8);
            return true;
        }
        if ((op == 0x12 || op == 0x16) && pfx == P_F3) { /* MOVSL/SHDUP */
            TCGv t2 = tcg_temp_new_i64();
            intptr_t src = gen_src(s, in, modrm, 16, false, true);
            int o = op == 0x12 ? 0 : 4;
            tcg_gen_ld32u_i64(t, tcg_env, src + o);
            tcg_gen_ld32u_i64(t2, tcg_env, src + 8 + o);
            tcg_gen_st32_i64(t, tcg_env, d);
            tcg_gen_st32_i64(t, tcg_env, d + 4);
            tcg_gen_st32_i64(t2, tcg_env, d + 8);
            tcg_gen_st32_i64(t2, tcg_env, d + 12);
            return true;
        }
        if (pfx > P_66) {
            return false;
        }
        if (op == 0x12 || op == 0x16) {
            if (in->mem) {                      /* MOVLPS/MOVHPS load */
                gen_lea_modrm(s, modrm);
                gen_ld_env(s, d + hi, 8);
            } else if (pfx == P_NONE) {         /* MOVHLPS / MOVLHPS */
                gen_mov_env(d + hi, xmm_off(in->rm) + (8 - hi), 8);
            } else {
                return false;
            }
        } else {
            if (!in->mem) {
                return false;
            }
            gen_lea_modrm(s, modrm);             /* MOVLPS/MOVHPS store */
            gen_st_env(s, d + hi, 8);
        }
        return true;
    }
    case 0x2b:                  /* MOVNTPS/MOVNTPD */
    case 0xe7:                  /* MOVNTQ / MOVNTDQ */
        if (!in->mem || pfx > P_66) {
            return false;
        }
        gen_lea_modrm(s, modrm);
        if (op == 0xe7 && pfx == P_NONE) {
            gen_enter_mmx();
            gen_st_env(s, mmx_off(in->reg), 8);
            return true;
        }
        gen_check_align16(s);
        gen_st_env(s, d, 16);
        return true;
    case 0x2a:                  /* CVTSI2SS/SD */
    case 0x2c: case 0x2d: {     /* CVT(T)SS2SI / SD2SI */
        MemOp ot = s->rex_w ? MO_64 : MO_32;
        if (pfx < P_F3) {
            *handled = false;
            return false;
        }
        if (op == 0x2a) {
            gen_ld_gpr_e(s, in, modrm, ot, t);
            if (ot == MO_64) {
                (pfx == P_F3 ? gen_helper_cvtsq2ss : gen_helper_cvtsq2sd)
                    (tcg_env, env_ptr(d), t);
            } else {
                TCGv_i32 v = tcg_temp_new_i32();
                tcg_gen_extrl_i64_i32(v, t);
                (pfx == P_F3 ? gen_helper_cvtsi2ss : gen_helper_cvtsi2sd)
                    (tcg_env, env_ptr(d), v);
            }
        } else {
            bool trunc = op == 0x2c, ss = pfx == P_F3;
            intptr_t src = gen_src(s, in, modrm, ss ? 4 : 8, false, false);
            int dreg = ((modrm >> 3) & 7) | s->rex_r;
            TCGv_ptr p = env_ptr(src);
            if (ot == MO_64) {
                (ss ? (trunc ? gen_helper_cvttss2sq : gen_helper_cvtss2sq)
                    : (trunc ? gen_helper_cvttsd2sq : gen_helper_cvtsd2sq))
                    (t, tcg_env, p);
            } else {
                TCGv_i32 v = tcg_temp_new_i32();
                (ss ? (trunc ? gen_helper_cvttss2si : gen_helper_cvtss2si)
                    : (trunc ? gen_helper_cvttsd2si : gen_helper_cvtsd2si))
                    (v, tcg_env, p);
                tcg_gen_extu_i32_i64(t, v);
            }
            gen_op_mov_reg_v(s, ot, dreg, t);
        }
        return true;
    }
    case 0x50: {                /* MOVMSKPS/PD */
        TCGv_i32 v = tcg_temp_new_i32();
        if (in->mem || pfx > P_66) {
            return false;
        }
        (pfx == P_66 ? gen_helper_movmskpd : gen_helper_movmskps)
            (v, tcg_env, env_ptr(xmm_off(in->rm)));
        tcg_gen_extu_i32_i64(t, v);
        gen_op_mov_reg_v(s, MO_32, ((modrm >> 3) & 7) | s->rex_r, t);
        return true;
    }
    case 0xd7: {                /* PMOVMSKB */
        TCGv_i32 v = tcg_temp_new_i32();
        if (in->mem || pfx > P_66) {
            return false;
        }
        if (pfx == P_NONE) {
            gen_enter_mmx();
            gen_helper_pmovmskb_mmx(v, tcg_env, env_ptr(mmx_off(in->rm)));
        } else {
            gen_helper_pmovmskb_xmm(v, tcg_env, env_ptr(xmm_off(in->rm)));
        }
        tcg_gen_extu_i32_i64(t, v);
        gen_op_mov_reg_v(s, MO_32, ((modrm >> 3) & 7) | s->rex_r, t);
        return true;
    }
    case 0x6e:                  /* MOVD/MOVQ mm/xmm, r/m */
    case 0x7e:                  /* MOVD/MOVQ r/m, mm/xmm; F3: MOVQ xmm */
        if (op == 0x7e && pfx == P_F3) {
            intptr_t src = gen_src(s, in, modrm, 8, false, false);
            gen_mov_env(d, src, 8);
            gen_zero_env(d + 8, 8);
            return true;
        }
        if (pfx > P_66) {
            return false;
        }
        {
            MemOp ot = s->rex_w ? MO_64 : MO_32;
            intptr_t r = pfx == P_NONE ? mmx_off(in->reg) : d;
            if (pfx == P_NONE) {
                gen_enter_mmx();
            }
            if (op == 0x6e) {
                gen_ld_gpr_e(s, in, modrm, ot, t);
                if (ot == MO_32) {
                    tcg_gen_ext32u_i64(t, t);
                }
                tcg_gen_st_i64(t, tcg_env, r);
                if (pfx == P_66) {
                    gen_zero_env(d + 8, 8);
                }
            } else {
                tcg_gen_ld_i64(t, tcg_env, r);
                if (in->mem) {
                    gen_lea_modrm(s, modrm);
                    gen_op_st(s, ot, t, s->A0);
                } else {
                    gen_op_mov_reg_v(s, ot, in->rm, t);
                }
            }
        }
        return true;
    case 0x71: case 0x72: case 0x73:
        return gen_shift_imm(s, in, op, modrm);
    case 0x77:                  /* EMMS */
    case 0x0e:                  /* FEMMS */
        gen_helper_emms(tcg_env);
        return true;
    case 0xc4: {                /* PINSRW */
        int n = pfx == P_66 ? 8 : 4;
        intptr_t r = pfx == P_66 ? d : mmx_off(in->reg);
        uint32_t imm;
        if (pfx > P_66) {
            return false;
        }
        s->rip_offset = 1;
        gen_ld_gpr_e(s, in, modrm, MO_16, t);
        imm = x86_ldub_code(s);
        if (pfx == P_NONE) {
            gen_enter_mmx();
        }
        tcg_gen_st16_i64(t, tcg_env, r + 2 * (imm & (n - 1)));
        return true;
    }
    case 0xc5: {                /* PEXTRW r, mm/xmm */
        int n = pfx == P_66 ? 8 : 4;
        uint32_t imm;
        intptr_t r;
        if (pfx > P_66 || in->mem) {
            return false;
        }
        imm = x86_ldub_code(s);
        r = pfx == P_66 ? xmm_off(in->rm) : mmx_off(in->rm);
        if (pfx == P_NONE) {
            gen_enter_mmx();
        }
        tcg_gen_ld16u_i64(t, tcg_env, r + 2 * (imm & (n - 1)));
        gen_op_mov_reg_v(s, MO_32, ((modrm >> 3) & 7) | s->rex_r, t);
        return true;
    }
    case 0xd6:
        if (pfx == P_66) {      /* MOVQ xmm/m64, xmm */
            if (in->mem) {
                gen_lea_modrm(s, modrm);
                gen_st_env(s, d, 8);
            } else {
                gen_mov_env(xmm_off(in->rm), d, 8);
                gen_zero_env(xmm_off(in->rm) + 8, 8);
            }
            return true;
        }
        if (in->mem) {
            return false;
        }
        gen_enter_mmx();
        if (pfx == P_F3) {      /* MOVQ2DQ xmm, mm */
            gen_mov_env(d, mmx_off(in->rm), 8);
            gen_zero_env(d + 8, 8);
            return true;
        }
        if (pfx == P_F2) {      /* MOVDQ2Q mm, xmm */
            gen_mov_env(mmx_off(in->reg), xmm_off(in->rm), 8);
            return true;
        }
        return false;
    case 0xf0:                  /* LDDQU */
        if (pfx != P_F2 || !in->mem) {
            return false;
        }
        gen_lea_modrm(s, modrm);
        gen_ld_env(s, d, 16);
        return true;
    case 0xf7: {                /* MASKMOVQ / MASKMOVDQU */
        bool x = pfx == P_66;
        TCGv a = tcg_temp_new_i64();
        if (in->mem || pfx > P_66) {
            return false;
        }
        if (!x) {
            gen_enter_mmx();
        }
        tcg_gen_mov_i64(a, cpu_regs[R_EDI]);
        if (s->aflag == MO_32) {
            tcg_gen_ext32u_i64(a, a);
        } else if (s->aflag == MO_16) {
            tcg_gen_ext16u_i64(a, a);
        }
        gen_lea_v_seg(s, s->aflag, a, R_DS, s->override);
        gen_helper_maskmov(tcg_env,
                           env_ptr(x ? d : mmx_off(in->reg)),
                           env_ptr(x ? xmm_off(in->rm) : mmx_off(in->rm)),
                           s->A0, tcg_constant_i32(x ? 16 : 8));
        return true;
    }
    default:
        *handled = false;
        return false;
    }
}

/* 0F 3A 14-17, 20, 22: element extract/insert with general registers. */
static bool gen_3a_special(DisasContext *s, SseInsn *in, int op, int modrm,
                           bool *handled)
{
    TCGv t = tcg_temp_new_i64();
    intptr_t x = xmm_off(in->reg);
    uint32_t imm;
    MemOp ot;
    int sz;

    *handled = true;
    switch (op) {
    case 0x14: ot = MO_8; sz = 1; break;
    case 0x15: ot = MO_16; sz = 2; break;
    case 0x16: case 0x22:
        ot = s->rex_w ? MO_64 : MO_32;
        sz = s->rex_w ? 8 : 4;
        break;
    case 0x17: ot = MO_32; sz = 4; break;
    case 0x20: ot = MO_8; sz = 1; break;
    default:
        *handled = false;
        return false;
    }
    if (in->pfx != P_66) {
        return false;
    }
    s->rip_offset = 1;
    if (in->mem) {
        gen_lea_modrm(s, modrm);
    }
    imm = x86_ldub_code(s);
    if (op >= 0x20) {           /* PINSRB / PINSRD / PINSRQ */
        if (in->mem) {
            gen_op_ld(s, ot, t, s->A0);
        } else {
            gen_op_mov_v_reg(s, ot == MO_64 ? MO_64 : MO_32, t, in->rm);
        }
        x += (imm & (16 / sz - 1)) * sz;
        switch (sz) {
        case 1: tcg_gen_st8_i64(t, tcg_env, x); break;
        case 4: tcg_gen_st32_i64(t, tcg_env, x); break;
        default: tcg_gen_st_i64(t, tcg_env, x); break;
        }
        return true;
    }
    /* PEXTRB/W/D/Q, EXTRACTPS */
    x += (imm & (16 / sz - 1)) * sz;
    switch (sz) {
    case 1: tcg_gen_ld8u_i64(t, tcg_env, x); break;
    case 2: tcg_gen_ld16u_i64(t, tcg_env, x); break;
    case 4: tcg_gen_ld32u_i64(t, tcg_env, x); break;
    default: tcg_gen_ld_i64(t, tcg_env, x); break;
    }
    if (in->mem) {
        gen_op_st(s, ot, t, s->A0);
    } else {
        gen_op_mov_reg_v(s, sz == 8 ? MO_64 : MO_32, in->rm, t);
    }
    return true;
}

/*
 * 0F AE /0-/6 memory forms; also 0F C7 /3-/5 (XRSTORS XSAVEC XSAVES),
 * passed as r = 0xc7 << 3 | reg: only XSAVEC is implemented.
 */
static bool gen_0fae(DisasContext *s, SseInsn *in, int modrm, int map_op)
{
    int r = (modrm >> 3) & 7;
    TCGv_i32 v;
    TCGv t;

    if (!in->mem || in->pfx != P_NONE) {
        return false;
    }
    if (map_op == 0xc7) {
        if (r != 4) {
            return false;
        }
        r |= 0xc7 << 3;
    }
    if (s->flags & HF_TS) {
        gen_exception(s, EXCP07_PREX);
        return true;
    }
    gen_lea_modrm(s, modrm);
    switch (r) {
    case 0:                     /* FXSAVE */
    case 1:                     /* FXRSTOR */
        if (!fpu_has_feature(s->env, FPUF_FXSR)) {
            return false;
        }
        if (s->flags & HF_EM) {
            gen_exception(s, EXCP07_PREX);
            return true;
        }
        (r == 0 ? gen_helper_fxsave : gen_helper_fxrstor)
            (tcg_env, s->A0, tcg_constant_i32(s->rex_w));
        return true;
    case 2:                     /* LDMXCSR */
    case 3:                     /* STMXCSR */
        if (!fpu_has_feature(s->env, FPUF_SSE) ||
            !(s->flags & HF_OSFXSR) || (s->flags & HF_EM)) {
            return false;
        }
        t = tcg_temp_new_i64();
        if (r == 2) {
            v = tcg_temp_new_i32();
            gen_op_ld(s, MO_32, t, s->A0);
            tcg_gen_extrl_i64_i32(v, t);
            gen_helper_ldmxcsr(tcg_env, v);
        } else {
            tcg_gen_ld32u_i64(t, tcg_env, offsetof(CPUX86State, mxcsr));
            gen_op_st(s, MO_32, t, s->A0);
        }
        return true;
    case 4:                     /* XSAVE */
    case 5:                     /* XRSTOR */
    case 6:                     /* XSAVEOPT */
    case 0xc7 << 3 | 4: {       /* XSAVEC (0F C7 /4, from disas_sse) */
        TCGv req = tcg_temp_new_i64();
        if (!fpu_has_feature(s->env, FPUF_XSAVE) ||
            !(s->flags & HF_OSXSAVE) ||
            (r == 6 && !fpu_has_feature(s->env, FPUF_XSAVEOPT)) ||
            (r > 7 && !fpu_has_feature(s->env, FPUF_XSAVEC))) {
            return false;
        }
        tcg_gen_ext32u_i64(req, cpu_regs[R_EAX]);
        tcg_gen_deposit_i64(req, req, cpu_regs[R_EDX], 32, 32);
        if (r != 5) {
            int kind = r == 4 ? XSAVE_KIND_STD :
                       r == 6 ? XSAVE_KIND_OPT : XSAVE_KIND_C;
            gen_helper_xsave(tcg_env, s->A0, req,
                             tcg_constant_i32(kind |
                                              (s->rex_w ? XSAVE_KIND_REXW
                                                        : 0)));
        } else {
            gen_helper_xrstor(tcg_env, s->A0, req,
                              tcg_constant_i32(s->rex_w));
        }
        return true;
    }
    default:
        return false;
    }
}

/* PCMPESTRx/PCMPISTRx (0F 3A 60-63) */
static bool gen_pcmpstr(DisasContext *s, SseInsn *in, int op, int modrm)
{
    TCGv_i32 fl = tcg_temp_new_i32();
    intptr_t src;
    uint32_t imm, kind;

    if (in->pfx != P_66 || !fpu_has_feature(s->env, FPUF_SSE42)) {
        return false;
    }
    s->rip_offset = 1;
    src = gen_src(s, in, modrm, 16, false, false);
    imm = x86_ldub_code(s);
    kind = (op & 2 ? 0 : 1) | (op & 1 ? 0 : 2) | (s->rex_w ? 4 : 0);
    gen_update_cc_op(s);
    gen_helper_pcmpstr_xmm(fl, tcg_env, env_ptr(xmm_off(in->reg)),
                           env_ptr(src),
                           tcg_constant_i32(imm | kind << 8));
    tcg_gen_extu_i32_i64(cpu_cc_src, fl);
    set_cc_op(s, CC_OP_EFLAGS);
    return true;
}

bool disas_sse(DisasContext *s, CPUX86State *env, int b, int modrm)
{
    int map = b >> 8, op = b & 0xff;
    SseInsn in;
    const SseEnt *e;
    bool handled, mmx_form;

    if (s->prefix & PREFIX_VEX) {
        return false;           /* AVX is not advertised */
    }
    in.pfx = (s->prefix & PREFIX_REPNZ) ? P_F2 :
             (s->prefix & PREFIX_REPZ) ? P_F3 :
             (s->prefix & PREFIX_DATA) ? P_66 : P_NONE;
    in.mem = (modrm >> 6) != 3;
    in.reg = ((modrm >> 3) & 7) | s->rex_r;
    in.rm = (modrm & 7) | (in.mem ? 0 : s->rex_b);

    if (map == 1 && (op == 0xae || op == 0xc7)) {
        return gen_0fae(s, &in, modrm, op);
    }
    if (map == 1 && (op == 0x77 || op == 0x0e)) {
        if (op == 0x0e || !fpu_has_feature(env, FPUF_MMX)) {
            return false;       /* FEMMS is 3DNow! */
        }
        if (s->flags & HF_EM) {
            return false;
        }
        if (s->flags & HF_TS) {
            gen_exception(s, EXCP07_PREX);
            return true;
        }
        gen_helper_emms(tcg_env);
        return true;
    }

    e = sse_lookup(map, op, in.pfx);
    /* MMX forms: no prefix and an MMX register operand */
    mmx_form = e ? (e->flags & (E_MMX | E_MMXSRC | E_MMXDST)) != 0
                 : (in.pfx == P_NONE && map == 1 &&
                    ((op >= 0x60 && op <= 0x7f && op != 0x7c && op != 0x7d) ||
                     op >= 0xc4 || op == 0x71 || op == 0x72 || op == 0x73));
    if (mmx_form && (e ? (e->flags & E_MMX) : true)) {
        /* MMX registers are in the x87 regs: MMX rules for the checks */
        if (s->flags & HF_EM) {
            return false;
        }
        if (!fpu_has_feature(env, FPUF_MMX)) {
            return false;
        }
    } else {
        if (!(s->flags & HF_OSFXSR) || (s->flags & HF_EM)) {
            return false;
        }
        if (!fpu_has_feature(env, FPUF_SSE)) {
            return false;
        }
    }
    if (s->flags & HF_TS) {
        gen_exception(s, EXCP07_PREX);
        return true;
    }

    if (e) {
        if (!fpu_has_feature(env, e->feat)) {
            return false;
        }
        return gen_table_op(s, &in, e, modrm);
    }
    if (map == 1) {
        bool ok;
        /* PINSRW PEXTRW PMOVMSKB MOVNTQ MASKMOVQ on MMX: SSE or MMXEXT */
        if (in.pfx == P_NONE && (op == 0xc4 || op == 0xc5 || op == 0xd7 ||
                                 op == 0xe7 || op == 0xf7) &&
            !fpu_has_feature(env, FPUF_SSE_MMX)) {
            return false;
        }
        ok = gen_0f_special(s, &in, op, modrm, &handled);
        if (handled) {
            return ok;
        }
        return false;
    }
    if (map == 2 && op == 0x2a && in.pfx == P_66 && in.mem) {   /* MOVNTDQA */
        if (!fpu_has_feature(env, FPUF_SSE41)) {
            return false;
        }
        gen_lea_modrm(s, modrm);
        gen_check_align16(s);
        gen_ld_env(s, xmm_off(in.reg), 16);
        return true;
    }
    if (map == 3) {
        bool ok;
        if (op >= 0x60 && op <= 0x63) {
            return gen_pcmpstr(s, &in, op, modrm);
        }
        if (!fpu_has_feature(env, FPUF_SSE41)) {
            return false;
        }
        ok = gen_3a_special(s, &in, op, modrm, &handled);
        if (handled) {
            return ok;
        }
    }
    return false;
}
