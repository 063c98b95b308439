/*
 * Differential tests of the MMX/SSE..SSE4.2/AES/PCLMUL helpers against
 * the host CPU: each instruction is assembled at run time into a small
 * function (operands in xmm1 <- xmm2, xmm0 and EAX/EDX implicit) and run
 * on random and edge-case operands under varied MXCSR settings; the
 * helper must produce the same register, flags and MXCSR. Instructions
 * the host lacks are skipped with a reason; AES and PCLMUL also have
 * known-answer tests (FIPS-197 appendix C.1, carry-less products).
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include "target/i386/tcg/simd-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

typedef struct HostRegs {
    uint32_t eax, edx, ecx, eflags;
} HostRegs;

typedef void (*HostFn)(uint32_t *mxcsr, void *d, void *s, void *x0,
                       HostRegs *regs);

static uint8_t *jit_buf;
static size_t jit_used;

static bool jit_init(void)
{
    if (!jit_buf) {
        void *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            return false;
        }
        jit_buf = p;
    }
    return true;
}

static void emit(uint8_t **p, const uint8_t *b, size_t n)
{
    memcpy(*p, b, n);
    *p += n;
}
#define EMIT(p, ...) \
    do { \
        static const uint8_t b_[] = { __VA_ARGS__ }; \
        emit(p, b_, sizeof(b_)); \
    } while (0)

/*
 * insn: prefix bytes + opcode bytes, then ModRM 0xCA (reg xmm1/mm1,
 * rm xmm2/mm2) and an optional imm8.
 */
static HostFn jit_compile(const uint8_t *insn, int len, bool mmx, int imm)
{
    uint8_t *start, *p;

    if (jit_used + 128 > (1 << 20)) {
        jit_used = 0;
    }
    start = p = jit_buf + jit_used;
    EMIT(&p, 0x0f, 0xae, 0x5c, 0x24, 0xe8);        /* stmxcsr [rsp-24] */
    EMIT(&p, 0x0f, 0xae, 0x17);                    /* ldmxcsr [rdi] */
    if (mmx) {
        EMIT(&p, 0x0f, 0x6f, 0x0e);                /* movq mm1, [rsi] */
        EMIT(&p, 0x0f, 0x6f, 0x12);                /* movq mm2, [rdx] */
    } else {
        EMIT(&p, 0xf3, 0x0f, 0x6f, 0x0e);          /* movdqu xmm1, [rsi] */
        EMIT(&p, 0xf3, 0x0f, 0x6f, 0x12);          /* movdqu xmm2, [rdx] */
    }
    EMIT(&p, 0xf3, 0x0f, 0x6f, 0x01);              /* movdqu xmm0, [rcx] */
    EMIT(&p, 0x49, 0x89, 0xc9);                    /* mov r9, rcx */
    EMIT(&p, 0x41, 0x8b, 0x00);                    /* mov eax, [r8] */
    EMIT(&p, 0x41, 0x8b, 0x50, 0x04);              /* mov edx, [r8+4] */
    EMIT(&p, 0x41, 0x8b, 0x48, 0x08);              /* mov ecx, [r8+8] */
    emit(&p, insn, len);
    *p++ = 0xca;
    if (imm >= 0) {
        *p++ = imm;
    }
    EMIT(&p, 0x9c, 0x58);                          /* pushfq; pop rax */
    EMIT(&p, 0x41, 0x89, 0x40, 0x0c);              /* mov [r8+12], eax */
    EMIT(&p, 0x41, 0x89, 0x48, 0x08);              /* mov [r8+8], ecx */
    if (mmx) {
        EMIT(&p, 0x0f, 0x7f, 0x0e);                /* movq [rsi], mm1 */
        EMIT(&p, 0x0f, 0x77);                      /* emms */
    } else {
        EMIT(&p, 0xf3, 0x0f, 0x7f, 0x0e);          /* movdqu [rsi], xmm1 */
    }
    EMIT(&p, 0xf3, 0x41, 0x0f, 0x7f, 0x01);        /* movdqu [r9], xmm0 */
    EMIT(&p, 0x0f, 0xae, 0x1f);                    /* stmxcsr [rdi] */
    EMIT(&p, 0x0f, 0xae, 0x54, 0x24, 0xe8);        /* ldmxcsr [rsp-24] */
    EMIT(&p, 0xc3);
    jit_used += p - start;
    return (HostFn)(void *)start;
}

/* --- operands --- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

typedef enum OpKind { K_INT, K_PS, K_PD, K_COUNT, K_STR } OpKind;

static const uint32_t f32_special[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
    0x7fc00000, 0xffc00000, 0x7fa00000, 0x00000001, 0x807fffff, 0x00800000,
    0x7f7fffff, 0x4b000000, 0x3f000000, 0xbfc00000, 0x4effffff, 0xcf000000,
    0x5f000000, 0x3fc00000, 0x40490fdb,
};
static const uint64_t f64_special[] = {
    0, 1ull << 63, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
    0x7ff4000000000000ull, 1, 0x800fffffffffffffull, 0x0010000000000000ull,
    0x7fefffffffffffffull, 0x4330000000000000ull, 0x3fe0000000000000ull,
    0xc1e0000000000000ull, 0x41dfffffffc00000ull, 0x43e0000000000000ull,
    0x3ff8000000000000ull, 0x400921fb54442d18ull,
};

static float rnd_f32_normal(void)
{
    return ((double)(int64_t)rnd() / (double)(1ull << 62)) *
           (1 << (rnd() % 24));
}

static void gen_operand(SimdVec *v, OpKind k)
{
    switch (k) {
    case K_PS:
        for (int i = 0; i < 4; i++) {
            int c = rnd() % 4;
            if (c == 0) {
                v->l[i] = f32_special[rnd() % G_N_ELEMENTS(f32_special)];
            } else if (c == 1) {
                v->l[i] = rnd();
            } else {
                v->f[i] = rnd_f32_normal();
            }
        }
        break;
    case K_PD:
        for (int i = 0; i < 2; i++) {
            int c = rnd() % 4;
            if (c == 0) {
                v->q[i] = f64_special[rnd() % G_N_ELEMENTS(f64_special)];
            } else if (c == 1) {
                v->q[i] = rnd();
            } else {
                v->d[i] = rnd_f32_normal() * 1.000001;
            }
        }
        break;
    case K_COUNT:
        v->q[0] = (rnd() % 4) ? rnd() % 70 : rnd();
        v->q[1] = rnd();
        break;
    case K_STR:
        /* small alphabets so that matches happen; zeros end strings */
        for (int i = 0; i < 16; i++) {
            v->b[i] = (rnd() % 8) ? 'a' + rnd() % 4 : 0;
        }
        break;
    default:
        v->q[0] = rnd();
        v->q[1] = rnd();
        if (rnd() % 4 == 0) {
            static const uint8_t pat[] = { 0, 0xff, 0x80, 0x7f, 0x01 };
            memset(v, pat[rnd() % 5], 16);
        }
        break;
    }
}

/* --- the table --- */

typedef void (*Helper2)(CPUX86State *, void *, void *);
typedef void (*Helper3)(CPUX86State *, void *, void *, uint32_t);
typedef uint32_t (*HelperF)(CPUX86State *, void *, void *);
typedef uint32_t (*HelperFI)(CPUX86State *, void *, void *, uint32_t);

typedef enum ImmKind { I_NONE, I_ANY, I_CMP, I_ROUND } ImmKind;
typedef enum ResKind { R_REG, R_FLAGS, R_STR } ResKind;

typedef struct SseCase {
    const char *name;
    const char *feature;          /* __builtin_cpu_supports name */
    uint8_t enc[4];
    int enc_len;
    bool mmx;
    OpKind kind;
    ImmKind imm;
    ResKind res;
    void *helper;
    uint32_t flag_mask;           /* for R_FLAGS */
    int str_kind;                 /* pcmpstr kind bits */
} SseCase;

#define C2(nm, feat, k, h, ...) \
    { nm, feat, { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ }), \
      false, k, I_NONE, R_REG, (void *)(h) }
#define CM(nm, feat, k, h, ...) \
    { nm, feat, { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ }), \
      true, k, I_NONE, R_REG, (void *)(h) }
#define C3(nm, feat, k, im, h, ...) \
    { nm, feat, { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ }), \
      false, k, im, R_REG, (void *)(h) }
#define CM3(nm, feat, k, im, h, ...) \
    { nm, feat, { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ }), \
      true, k, im, R_REG, (void *)(h) }

/* Integer ops in MMX (0F xx) and XMM (66 0F xx) form */
#define CINT(name, op, feat, k) \
    CM(#name "/mmx", feat, k, helper_##name##_mmx, 0x0f, op), \
    C2(#name "/xmm", feat, k, helper_##name##_xmm, 0x66, 0x0f, op)
#define CSSSE3(name, op) \
    CM(#name "/mmx", "ssse3", K_INT, helper_##name##_mmx, 0x0f, 0x38, op), \
    C2(#name "/xmm", "ssse3", K_INT, helper_##name##_xmm, 0x66, 0x0f, 0x38, op)
#define CSSE41(name, op) \
    C2(#name, "sse4.1", K_INT, helper_##name##_xmm, 0x66, 0x0f, 0x38, op)
#define CFP(name, op, feat) \
    C2(#name "ps", feat, K_PS, helper_##name##ps, 0x0f, op), \
    C2(#name "pd", feat, K_PD, helper_##name##pd, 0x66, 0x0f, op), \
    C2(#name "ss", feat, K_PS, helper_##name##ss, 0xf3, 0x0f, op), \
    C2(#name "sd", feat, K_PD, helper_##name##sd, 0xf2, 0x0f, op)

static const SseCase cases[] = {
    CINT(paddb, 0xfc, "sse2", K_INT), CINT(paddw, 0xfd, "sse2", K_INT),
    CINT(paddd, 0xfe, "sse2", K_INT), CINT(paddq, 0xd4, "sse2", K_INT),
    CINT(psubb, 0xf8, "sse2", K_INT), CINT(psubw, 0xf9, "sse2", K_INT),
    CINT(psubd, 0xfa, "sse2", K_INT), CINT(psubq, 0xfb, "sse2", K_INT),
    CINT(paddusb, 0xdc, "sse2", K_INT), CINT(paddusw, 0xdd, "sse2", K_INT),
    CINT(paddsb, 0xec, "sse2", K_INT), CINT(paddsw, 0xed, "sse2", K_INT),
    CINT(psubusb, 0xd8, "sse2", K_INT), CINT(psubusw, 0xd9, "sse2", K_INT),
    CINT(psubsb, 0xe8, "sse2", K_INT), CINT(psubsw, 0xe9, "sse2", K_INT),
    CINT(pminub, 0xda, "sse2", K_INT), CINT(pmaxub, 0xde, "sse2", K_INT),
    CINT(pminsw, 0xea, "sse2", K_INT), CINT(pmaxsw, 0xee, "sse2", K_INT),
    CINT(pand, 0xdb, "sse2", K_INT), CINT(pandn, 0xdf, "sse2", K_INT),
    CINT(por, 0xeb, "sse2", K_INT), CINT(pxor, 0xef, "sse2", K_INT),
    CINT(pcmpeqb, 0x74, "sse2", K_INT), CINT(pcmpeqw, 0x75, "sse2", K_INT),
    CINT(pcmpeqd, 0x76, "sse2", K_INT), CINT(pcmpgtb, 0x64, "sse2", K_INT),
    CINT(pcmpgtw, 0x65, "sse2", K_INT), CINT(pcmpgtd, 0x66, "sse2", K_INT),
    CINT(pmullw, 0xd5, "sse2", K_INT), CINT(pmulhw, 0xe5, "sse2", K_INT),
    CINT(pmulhuw, 0xe4, "sse2", K_INT), CINT(pmuludq, 0xf4, "sse2", K_INT),
    CINT(pmaddwd, 0xf5, "sse2", K_INT), CINT(psadbw, 0xf6, "sse2", K_INT),
    CINT(pavgb, 0xe0, "sse2", K_INT), CINT(pavgw, 0xe3, "sse2", K_INT),
    CINT(packsswb, 0x63, "sse2", K_INT), CINT(packuswb, 0x67, "sse2", K_INT),
    CINT(packssdw, 0x6b, "sse2", K_INT),
    CINT(punpcklbw, 0x60, "sse2", K_INT), CINT(punpcklwd, 0x61, "sse2", K_INT),
    CINT(punpckldq, 0x62, "sse2", K_INT), CINT(punpckhbw, 0x68, "sse2", K_INT),
    CINT(punpckhwd, 0x69, "sse2", K_INT), CINT(punpckhdq, 0x6a, "sse2", K_INT),
    C2("punpcklqdq", "sse2", K_INT, helper_punpcklqdq_xmm, 0x66, 0x0f, 0x6c),
    C2("punpckhqdq", "sse2", K_INT, helper_punpckhqdq_xmm, 0x66, 0x0f, 0x6d),
    CINT(psllw, 0xf1, "sse2", K_COUNT), CINT(pslld, 0xf2, "sse2", K_COUNT),
    CINT(psllq, 0xf3, "sse2", K_COUNT), CINT(psrlw, 0xd1, "sse2", K_COUNT),
    CINT(psrld, 0xd2, "sse2", K_COUNT), CINT(psrlq, 0xd3, "sse2", K_COUNT),
    CINT(psraw, 0xe1, "sse2", K_COUNT), CINT(psrad, 0xe2, "sse2", K_COUNT),
    CM3("pshufw", "sse", K_INT, I_ANY, helper_pshufw_mmx, 0x0f, 0x70),
    C3("pshufd", "sse2", K_INT, I_ANY, helper_pshufd_xmm, 0x66, 0x0f, 0x70),
    C3("pshuflw", "sse2", K_INT, I_ANY, helper_pshuflw_xmm, 0xf2, 0x0f, 0x70),
    C3("pshufhw", "sse2", K_INT, I_ANY, helper_pshufhw_xmm, 0xf3, 0x0f, 0x70),
    C3("shufps", "sse", K_INT, I_ANY, helper_shufps_xmm, 0x0f, 0xc6),
    C3("shufpd", "sse2", K_INT, I_ANY, helper_shufpd_xmm, 0x66, 0x0f, 0xc6),
    /* SSSE3 */
    CSSSE3(pshufb, 0x00), CSSSE3(phaddw, 0x01), CSSSE3(phaddd, 0x02),
    CSSSE3(phaddsw, 0x03), CSSSE3(pmaddubsw, 0x04), CSSSE3(phsubw, 0x05),
    CSSSE3(phsubd, 0x06), CSSSE3(phsubsw, 0x07), CSSSE3(psignb, 0x08),
    CSSSE3(psignw, 0x09), CSSSE3(psignd, 0x0a), CSSSE3(pmulhrsw, 0x0b),
    CSSSE3(pabsb, 0x1c), CSSSE3(pabsw, 0x1d), CSSSE3(pabsd, 0x1e),
    CM3("palignr/mmx", "ssse3", K_INT, I_ANY, helper_palignr_mmx,
        0x0f, 0x3a, 0x0f),
    C3("palignr/xmm", "ssse3", K_INT, I_ANY, helper_palignr_xmm,
       0x66, 0x0f, 0x3a, 0x0f),
    /* SSE4.1 */
    CSSE41(pblendvb, 0x10), CSSE41(blendvps, 0x14), CSSE41(blendvpd, 0x15),
    CSSE41(pmovsxbw, 0x20), CSSE41(pmovsxbd, 0x21), CSSE41(pmovsxbq, 0x22),
    CSSE41(pmovsxwd, 0x23), CSSE41(pmovsxwq, 0x24), CSSE41(pmovsxdq, 0x25),
    CSSE41(pmuldq, 0x28), CSSE41(pcmpeqq, 0x29), CSSE41(packusdw, 0x2b),
    CSSE41(pmovzxbw, 0x30), CSSE41(pmovzxbd, 0x31), CSSE41(pmovzxbq, 0x32),
    CSSE41(pmovzxwd, 0x33), CSSE41(pmovzxwq, 0x34), CSSE41(pmovzxdq, 0x35),
    CSSE41(pminsb, 0x38), CSSE41(pminsd, 0x39), CSSE41(pminuw, 0x3a),
    CSSE41(pminud, 0x3b), CSSE41(pmaxsb, 0x3c), CSSE41(pmaxsd, 0x3d),
    CSSE41(pmaxuw, 0x3e), CSSE41(pmaxud, 0x3f), CSSE41(pmulld, 0x40),
    CSSE41(phminposuw, 0x41),
    C2("pcmpgtq", "sse4.2", K_INT, helper_pcmpgtq_xmm, 0x66, 0x0f, 0x38, 0x37),
    C3("blendps", "sse4.1", K_INT, I_ANY, helper_blendps_xmm,
       0x66, 0x0f, 0x3a, 0x0c),
    C3("blendpd", "sse4.1", K_INT, I_ANY, helper_blendpd_xmm,
       0x66, 0x0f, 0x3a, 0x0d),
    C3("pblendw", "sse4.1", K_INT, I_ANY, helper_pblendw_xmm,
       0x66, 0x0f, 0x3a, 0x0e),
    C3("insertps", "sse4.1", K_INT, I_ANY, helper_insertps_xmm,
       0x66, 0x0f, 0x3a, 0x21),
    C3("mpsadbw", "sse4.1", K_INT, I_ANY, helper_mpsadbw_xmm,
       0x66, 0x0f, 0x3a, 0x42),
    C3("roundps", "sse4.1", K_PS, I_ROUND, helper_roundps,
       0x66, 0x0f, 0x3a, 0x08),
    C3("roundpd", "sse4.1", K_PD, I_ROUND, helper_roundpd,
       0x66, 0x0f, 0x3a, 0x09),
    C3("roundss", "sse4.1", K_PS, I_ROUND, helper_roundss,
       0x66, 0x0f, 0x3a, 0x0a),
    C3("roundsd", "sse4.1", K_PD, I_ROUND, helper_roundsd,
       0x66, 0x0f, 0x3a, 0x0b),
    C3("dpps", "sse4.1", K_PS, I_ANY, helper_dpps, 0x66, 0x0f, 0x3a, 0x40),
    C3("dppd", "sse4.1", K_PD, I_ANY, helper_dppd, 0x66, 0x0f, 0x3a, 0x41),
    { "ptest", "sse4.1", { 0x66, 0x0f, 0x38, 0x17 }, 4, false, K_INT,
      I_NONE, R_FLAGS, (void *)helper_ptest_xmm, 0x8d5 },
    /* AES, PCLMUL */
    C2("aesenc", "aes", K_INT, helper_aesenc_xmm, 0x66, 0x0f, 0x38, 0xdc),
    C2("aesenclast", "aes", K_INT, helper_aesenclast_xmm,
       0x66, 0x0f, 0x38, 0xdd),
    C2("aesdec", "aes", K_INT, helper_aesdec_xmm, 0x66, 0x0f, 0x38, 0xde),
    C2("aesdeclast", "aes", K_INT, helper_aesdeclast_xmm,
       0x66, 0x0f, 0x38, 0xdf),
    C2("aesimc", "aes", K_INT, helper_aesimc_xmm, 0x66, 0x0f, 0x38, 0xdb),
    C3("aeskeygenassist", "aes", K_INT, I_ANY, helper_aeskeygenassist_xmm,
       0x66, 0x0f, 0x3a, 0xdf),
    C3("pclmulqdq", "pclmul", K_INT, I_ANY, helper_pclmulqdq_xmm,
       0x66, 0x0f, 0x3a, 0x44),
    /* SSE4.2 strings */
    { "pcmpestri", "sse4.2", { 0x66, 0x0f, 0x3a, 0x61 }, 4, false, K_STR,
      I_ANY, R_STR, (void *)helper_pcmpstr_xmm, 0x8d5, 1 },
    { "pcmpestrm", "sse4.2", { 0x66, 0x0f, 0x3a, 0x60 }, 4, false, K_STR,
      I_ANY, R_STR, (void *)helper_pcmpstr_xmm, 0x8d5, 3 },
    { "pcmpistri", "sse4.2", { 0x66, 0x0f, 0x3a, 0x63 }, 4, false, K_STR,
      I_ANY, R_STR, (void *)helper_pcmpstr_xmm, 0x8d5, 0 },
    { "pcmpistrm", "sse4.2", { 0x66, 0x0f, 0x3a, 0x62 }, 4, false, K_STR,
      I_ANY, R_STR, (void *)helper_pcmpstr_xmm, 0x8d5, 2 },
    /* SSE/SSE2 floating point */
    CFP(add, 0x58, "sse2"), CFP(sub, 0x5c, "sse2"), CFP(mul, 0x59, "sse2"),
    CFP(div, 0x5e, "sse2"), CFP(min, 0x5d, "sse2"), CFP(max, 0x5f, "sse2"),
    CFP(sqrt, 0x51, "sse2"),
    C2("rcpps", "sse", K_PS, helper_rcpps, 0x0f, 0x53),
    C2("rcpss", "sse", K_PS, helper_rcpss, 0xf3, 0x0f, 0x53),
    C2("rsqrtps", "sse", K_PS, helper_rsqrtps, 0x0f, 0x52),
    C2("rsqrtss", "sse", K_PS, helper_rsqrtss, 0xf3, 0x0f, 0x52),
    C3("cmpps", "sse", K_PS, I_CMP, helper_cmpps, 0x0f, 0xc2),
    C3("cmppd", "sse2", K_PD, I_CMP, helper_cmppd, 0x66, 0x0f, 0xc2),
    C3("cmpss", "sse", K_PS, I_CMP, helper_cmpss, 0xf3, 0x0f, 0xc2),
    C3("cmpsd", "sse2", K_PD, I_CMP, helper_cmpsd, 0xf2, 0x0f, 0xc2),
    { "comiss", "sse", { 0x0f, 0x2f }, 2, false, K_PS, I_NONE, R_FLAGS,
      (void *)helper_comiss, 0x45 },
    { "ucomiss", "sse", { 0x0f, 0x2e }, 2, false, K_PS, I_NONE, R_FLAGS,
      (void *)helper_ucomiss, 0x45 },
    { "comisd", "sse2", { 0x66, 0x0f, 0x2f }, 3, false, K_PD, I_NONE,
      R_FLAGS, (void *)helper_comisd, 0x45 },
    { "ucomisd", "sse2", { 0x66, 0x0f, 0x2e }, 3, false, K_PD, I_NONE,
      R_FLAGS, (void *)helper_ucomisd, 0x45 },
    C2("cvtps2pd", "sse2", K_PS, helper_cvtps2pd, 0x0f, 0x5a),
    C2("cvtpd2ps", "sse2", K_PD, helper_cvtpd2ps, 0x66, 0x0f, 0x5a),
    C2("cvtss2sd", "sse2", K_PS, helper_cvtss2sd, 0xf3, 0x0f, 0x5a),
    C2("cvtsd2ss", "sse2", K_PD, helper_cvtsd2ss, 0xf2, 0x0f, 0x5a),
    C2("cvtdq2ps", "sse2", K_INT, helper_cvtdq2ps, 0x0f, 0x5b),
    C2("cvtps2dq", "sse2", K_PS, helper_cvtps2dq, 0x66, 0x0f, 0x5b),
    C2("cvttps2dq", "sse2", K_PS, helper_cvttps2dq, 0xf3, 0x0f, 0x5b),
    C2("cvttpd2dq", "sse2", K_PD, helper_cvttpd2dq, 0x66, 0x0f, 0xe6),
    C2("cvtdq2pd", "sse2", K_INT, helper_cvtdq2pd, 0xf3, 0x0f, 0xe6),
    C2("cvtpd2dq", "sse2", K_PD, helper_cvtpd2dq, 0xf2, 0x0f, 0xe6),
    /* SSE3 */
    C2("addsubps", "sse3", K_PS, helper_addsubps, 0xf2, 0x0f, 0xd0),
    C2("addsubpd", "sse3", K_PD, helper_addsubpd, 0x66, 0x0f, 0xd0),
    C2("haddps", "sse3", K_PS, helper_haddps, 0xf2, 0x0f, 0x7c),
    C2("haddpd", "sse3", K_PD, helper_haddpd, 0x66, 0x0f, 0x7c),
    C2("hsubps", "sse3", K_PS, helper_hsubps, 0xf2, 0x0f, 0x7d),
    C2("hsubpd", "sse3", K_PD, helper_hsubpd, 0x66, 0x0f, 0x7d),
};

static bool host_has(const char *f)
{
    __builtin_cpu_init();
    if (!strcmp(f, "sse")) {
        return __builtin_cpu_supports("sse");
    } else if (!strcmp(f, "sse2")) {
        return __builtin_cpu_supports("sse2");
    } else if (!strcmp(f, "sse3")) {
        return __builtin_cpu_supports("sse3");
    } else if (!strcmp(f, "ssse3")) {
        return __builtin_cpu_supports("ssse3");
    } else if (!strcmp(f, "sse4.1")) {
        return __builtin_cpu_supports("sse4.1");
    } else if (!strcmp(f, "sse4.2")) {
        return __builtin_cpu_supports("sse4.2");
    } else if (!strcmp(f, "aes")) {
        return __builtin_cpu_supports("aes");
    } else if (!strcmp(f, "pclmul")) {
        return __builtin_cpu_supports("pclmul");
    }
    return false;
}

#define CASES_PER_OP 400

static void run_case(const void *data)
{
    const SseCase *c = data;
    int n = c->mmx ? 8 : 16;
    CPUX86State *env;
    HostFn fixed = NULL;

    if (!host_has(c->feature)) {
        g_test_skip("host CPU lacks the instruction");
        return;
    }
    if (!jit_init()) {
        g_test_skip("cannot map executable memory");
        return;
    }
    env = g_new0(CPUX86State, 1);
    if (c->imm == I_NONE) {
        fixed = jit_compile(c->enc, c->enc_len, c->mmx, -1);
    }
    for (int iter = 0; iter < CASES_PER_OP; iter++) {
        SimdVec d, s, x0, hd, hx0, hs;
        HostRegs regs;
        uint32_t mx, hmx, imm = 0, hflags = 0, flags = 0;
        HostFn fn = fixed;

        gen_operand(&d, c->kind);
        gen_operand(&s, c->kind);
        gen_operand(&x0, K_INT);
        if (rnd() % 8 == 0) {
            s = d;                            /* same operands */
        }
        /* rounding mode, DAZ, FTZ vary; exceptions masked */
        mx = 0x1f80 | (rnd() % 4) << 13;
        if (rnd() % 4 == 0) {
            mx |= MXCSR_DAZ;
        }
        if (rnd() % 4 == 0) {
            mx |= MXCSR_FTZ;
        }
        if (rnd() % 8 == 0) {
            mx |= rnd() & MXCSR_EXC;         /* sticky flags already set */
        }
        switch (c->imm) {
        case I_ANY:
            imm = rnd() & 0xff;
            break;
        case I_CMP:
            imm = rnd() & 7;
            break;
        case I_ROUND:
            imm = rnd() & 0xf;
            break;
        default:
            break;
        }
        if (c->imm != I_NONE) {
            fn = jit_compile(c->enc, c->enc_len, c->mmx, imm);
        }
        regs.eax = (rnd() % 4) ? rnd() % 20 : (uint32_t)-(rnd() % 20);
        regs.edx = (rnd() % 4) ? rnd() % 20 : (uint32_t)-(rnd() % 20);
        regs.ecx = 0x5a5a5a5a;
        regs.eflags = 0;

        hd = d;
        hx0 = x0;
        hs = s;
        hmx = mx;
        fn(&hmx, &hd, &hs, &hx0, &regs);
        hflags = regs.eflags;

        env->mxcsr = mx;
        memcpy(&env->xmm_regs[0], &x0, 16);
        env->regs[R_EAX] = regs.eax == 0 ? 0 : (uint32_t)regs.eax;
        env->regs[R_EAX] = (uint64_t)(uint32_t)regs.eax;
        env->regs[R_EDX] = (uint64_t)(uint32_t)regs.edx;
        env->regs[R_ECX] = 0x5a5a5a5a;
        /* the helpers see dst and src in env, like translated code */
        memcpy(&env->xmm_regs[1], &d, 16);
        memcpy(&env->xmm_regs[2], &s, 16);
        {
            void *dp = &env->xmm_regs[1], *sp = &env->xmm_regs[2];
            if (iter % 8 == 0 && !memcmp(&d, &s, 16)) {
                sp = dp;                      /* the very same register */
            }
            switch (c->res) {
            case R_FLAGS:
                flags = ((HelperF)c->helper)(env, dp, sp);
                break;
            case R_STR:
                flags = ((HelperFI)c->helper)(env, dp, sp,
                                              imm | c->str_kind << 8);
                break;
            default:
                if (c->imm == I_NONE) {
                    ((Helper2)c->helper)(env, dp, sp);
                } else {
                    ((Helper3)c->helper)(env, dp, sp, imm);
                }
                break;
            }
        }
        if (memcmp(&env->xmm_regs[1], &hd, n) ||
            env->mxcsr != hmx ||
            (c->res != R_REG && (flags & c->flag_mask) !=
                                (hflags & c->flag_mask)) ||
            (c->res == R_STR && (c->str_kind & 2) &&
             memcmp(&env->xmm_regs[0], &hx0, 16)) ||
            (c->res == R_STR && !(c->str_kind & 2) &&
             (uint32_t)env->regs[R_ECX] != regs.ecx)) {
            g_test_message("%s imm=%02x mxcsr=%04x: d=%016" PRIx64 "%016"
                           PRIx64 " s=%016" PRIx64 "%016" PRIx64,
                           c->name, imm, mx, d.q[1], d.q[0], s.q[1], s.q[0]);
            g_test_message("  host   %016" PRIx64 "%016" PRIx64
                           " mxcsr=%04x flags=%03x ecx=%u",
                           hd.q[1], hd.q[0], hmx,
                           hflags & c->flag_mask, regs.ecx);
            g_test_message("  helper %016" PRIx64 "%016" PRIx64
                           " mxcsr=%04x flags=%03x ecx=%u",
                           env->xmm_regs[1].q[1], env->xmm_regs[1].q[0],
                           env->mxcsr, flags & c->flag_mask,
                           (uint32_t)env->regs[R_ECX]);
            g_test_fail();
            break;
        }
    }
    g_free(env);
}

/* FIPS-197 appendix C.1: AES-128 encrypt and decrypt one block. */
static void test_aes_fips197(void)
{
    static const uint8_t key[16] = {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
        0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    };
    static const uint8_t pt[16] = {
        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
        0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
    };
    static const uint8_t ct[16] = {
        0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
        0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a,
    };
    static const uint8_t rcon[10] = {
        0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36,
    };
    CPUX86State *env = g_new0(CPUX86State, 1);
    SimdVec rk[11], t, st;

    /* key expansion with AESKEYGENASSIST, as software does it */
    memcpy(&rk[0], key, 16);
    for (int i = 1; i <= 10; i++) {
        SimdVec prev = rk[i - 1];
        uint32_t w;

        helper_aeskeygenassist_xmm(env, &t, &prev, rcon[i - 1]);
        w = t.l[3];
        rk[i].l[0] = prev.l[0] ^ w;
        rk[i].l[1] = prev.l[1] ^ rk[i].l[0];
        rk[i].l[2] = prev.l[2] ^ rk[i].l[1];
        rk[i].l[3] = prev.l[3] ^ rk[i].l[2];
    }
    memcpy(&st, pt, 16);
    st.q[0] ^= rk[0].q[0];
    st.q[1] ^= rk[0].q[1];
    for (int i = 1; i < 10; i++) {
        helper_aesenc_xmm(env, &st, &rk[i]);
    }
    helper_aesenclast_xmm(env, &st, &rk[10]);
    g_assert_cmpmem(&st, 16, ct, 16);

    /* equivalent inverse cipher: AESIMC on the middle round keys */
    st.q[0] ^= rk[10].q[0];
    st.q[1] ^= rk[10].q[1];
    for (int i = 9; i >= 1; i--) {
        helper_aesimc_xmm(env, &t, &rk[i]);
        helper_aesdec_xmm(env, &st, &t);
    }
    helper_aesdeclast_xmm(env, &st, &rk[0]);
    g_assert_cmpmem(&st, 16, pt, 16);
    g_free(env);
}

static void test_pclmul_vectors(void)
{
    uint64_t r[2];

    x86_pclmul(3, 3, r);              /* (x+1)^2 = x^2+1 */
    g_assert_cmphex(r[0], ==, 5);
    g_assert_cmphex(r[1], ==, 0);
    x86_pclmul(1ull << 63, 1ull << 63, r);
    g_assert_cmphex(r[0], ==, 0);
    g_assert_cmphex(r[1], ==, 1ull << 62);
    x86_pclmul(~0ull, ~0ull, r);      /* alternating bits */
    g_assert_cmphex(r[0], ==, 0x5555555555555555ull);
    g_assert_cmphex(r[1], ==, 0x5555555555555555ull);
}

static void test_shift_bytes(void)
{
    CPUX86State *env = g_new0(CPUX86State, 1);
    SimdVec v, r;

    for (int i = 0; i < 16; i++) {
        v.b[i] = i + 1;
    }
    for (unsigned sh = 0; sh < 20; sh++) {
        helper_pslldq_xmm(env, &r, &v, sh);
        for (unsigned i = 0; i < 16; i++) {
            g_assert_cmpuint(r.b[i], ==, i >= sh ? v.b[i - sh] : 0);
        }
        helper_psrldq_xmm(env, &r, &v, sh);
        for (unsigned i = 0; i < 16; i++) {
            g_assert_cmpuint(r.b[i], ==, i + sh < 16 ? v.b[i + sh] : 0);
        }
    }
    g_free(env);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path = g_strdup_printf("/x86-sse/host/%s",
                                                cases[i].name);
        g_test_add_data_func(path, &cases[i], run_case);
    }
    g_test_add_func("/x86-sse/aes/fips197", test_aes_fips197);
    g_test_add_func("/x86-sse/pclmul/vectors", test_pclmul_vectors);
    g_test_add_func("/x86-sse/pslldq-psrldq", test_shift_bytes);
    return g_test_run();
}
