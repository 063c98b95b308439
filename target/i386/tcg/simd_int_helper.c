/*
 * MMX/SSE2/SSSE3/SSE4.1/SSE4.2 integer SIMD helpers, in portable C (the
 * host is only guaranteed SSE2). Each operation is written once over n
 * bytes and instantiated for MMX (8) and XMM (16).
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/simd-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

#define NELEM(field) ((int)(n / sizeof(a.field[0])))

/* r.F[i] = EXPR(A, B) with A = a.F[i], B = b.F[i] */
#define DEF_ELEM(name, F, EXPR)                                         \
static inline void name##_n(void *dp, const void *sp, int n)            \
{                                                                       \
    SimdVec a = simd_get(dp, n), b = simd_get(sp, n), r;                \
    for (int i = 0; i < NELEM(F); i++) {                                \
        __typeof__(a.F[0]) A = a.F[i], B = b.F[i];                      \
        (void)A; (void)B;                                               \
        r.F[i] = (EXPR);                                                \
    }                                                                   \
    simd_put(dp, &r, n);                                                \
}

#define INST_MX(name)                                                   \
void helper_##name##_mmx(CPUX86State *env, void *d, void *s)            \
{                                                                       \
    name##_n(d, s, 8);                                                  \
}                                                                       \
void helper_##name##_xmm(CPUX86State *env, void *d, void *s)            \
{                                                                       \
    name##_n(d, s, 16);                                                 \
}
#define INST_X(name)                                                    \
void helper_##name##_xmm(CPUX86State *env, void *d, void *s)            \
{                                                                       \
    name##_n(d, s, 16);                                                 \
}

#define ELEM_MX(name, F, EXPR) DEF_ELEM(name, F, EXPR) INST_MX(name)
#define ELEM_X(name, F, EXPR) DEF_ELEM(name, F, EXPR) INST_X(name)

ELEM_MX(paddb, b, A + B)
ELEM_MX(paddw, w, A + B)
ELEM_MX(paddd, l, A + B)
ELEM_MX(paddq, q, A + B)
ELEM_MX(psubb, b, A - B)
ELEM_MX(psubw, w, A - B)
ELEM_MX(psubd, l, A - B)
ELEM_MX(psubq, q, A - B)
ELEM_MX(paddusb, b, sat_u8(A + B))
ELEM_MX(paddusw, w, sat_u16(A + B))
ELEM_MX(paddsb, sb, sat_s8(A + B))
ELEM_MX(paddsw, sw, sat_s16(A + B))
ELEM_MX(psubusb, b, sat_u8(A - B))
ELEM_MX(psubusw, w, sat_u16(A - B))
ELEM_MX(psubsb, sb, sat_s8(A - B))
ELEM_MX(psubsw, sw, sat_s16(A - B))
ELEM_MX(pminub, b, A < B ? A : B)
ELEM_MX(pmaxub, b, A > B ? A : B)
ELEM_MX(pminsw, sw, A < B ? A : B)
ELEM_MX(pmaxsw, sw, A > B ? A : B)
ELEM_MX(pand, q, A & B)
ELEM_MX(pandn, q, ~A & B)
ELEM_MX(por, q, A | B)
ELEM_MX(pxor, q, A ^ B)
ELEM_MX(pcmpeqb, b, A == B ? 0xff : 0)
ELEM_MX(pcmpeqw, w, A == B ? 0xffff : 0)
ELEM_MX(pcmpeqd, l, A == B ? 0xffffffffu : 0)
ELEM_MX(pcmpgtb, sb, A > B ? -1 : 0)
ELEM_MX(pcmpgtw, sw, A > B ? -1 : 0)
ELEM_MX(pcmpgtd, sl, A > B ? -1 : 0)
ELEM_MX(pmullw, w, (uint16_t)(A * B))
ELEM_MX(pmulhw, sw, (int16_t)(((int32_t)A * B) >> 16))
ELEM_MX(pmulhuw, w, (uint16_t)(((uint32_t)A * B) >> 16))
ELEM_MX(pavgb, b, (A + B + 1) >> 1)
ELEM_MX(pavgw, w, (A + B + 1) >> 1)
/* SSSE3 */
ELEM_MX(pmulhrsw, sw, (int16_t)((((int32_t)A * B >> 14) + 1) >> 1))
ELEM_MX(psignb, sb, B < 0 ? (int8_t)-A : B == 0 ? 0 : A)
ELEM_MX(psignw, sw, B < 0 ? (int16_t)-A : B == 0 ? 0 : A)
ELEM_MX(psignd, sl, B < 0 ? (int32_t)(0u - (uint32_t)A) : B == 0 ? 0 : A)
ELEM_MX(pabsb, sb, B < 0 ? (int8_t)-B : B)
ELEM_MX(pabsw, sw, B < 0 ? (int16_t)-B : B)
ELEM_MX(pabsd, sl, B < 0 ? (int32_t)(0u - (uint32_t)B) : B)
/* SSE4.1 / SSE4.2 */
ELEM_X(pminsb, sb, A < B ? A : B)
ELEM_X(pminsd, sl, A < B ? A : B)
ELEM_X(pminuw, w, A < B ? A : B)
ELEM_X(pminud, l, A < B ? A : B)
ELEM_X(pmaxsb, sb, A > B ? A : B)
ELEM_X(pmaxsd, sl, A > B ? A : B)
ELEM_X(pmaxuw, w, A > B ? A : B)
ELEM_X(pmaxud, l, A > B ? A : B)
ELEM_X(pmulld, l, A * B)
ELEM_X(pcmpeqq, q, A == B ? ~0ull : 0)
ELEM_X(pcmpgtq, sq, A > B ? -1 : 0)

static inline void pmuludq_n(void *dp, const void *sp, int n)
{
    SimdVec a = simd_get(dp, n), b = simd_get(sp, n), r;

    for (int i = 0; i < n / 8; i++) {
        r.q[i] = (uint64_t)a.l[2 * i] * b.l[2 * i];
    }
    simd_put(dp, &r, n);
}
INST_MX(pmuludq)

static inline void pmuldq_n(void *dp, const void *sp, int n)
{
    SimdVec a = simd_get(dp, n), b = simd_get(sp, n), r;

    for (int i = 0; i < n / 8; i++) {
        r.sq[i] = (int64_t)a.sl[2 * i] * b.sl[2 * i];
    }
    simd_put(dp, &r, n);
}
INST_X(pmuldq)

static inline void pmaddwd_n(void *dp, const void *sp, int n)
{
    SimdVec a = simd_get(dp, n), b = simd_get(sp, n), r;

    for (int i = 0; i < n / 4; i++) {
        int64_t s = (int32_t)a.sw[2 * i] * b.sw[2 * i] +
                    (int64_t)((int32_t)a.sw[2 * i + 1] * b.sw[2 * i + 1]);
        r.l[i] = (uint32_t)s;
    }
    simd_put(dp, &r, n);
}
INST_MX(pmaddwd)

static inline void pmaddubsw_n(void *dp, const void *sp, int n)
{
    SimdVec a = simd_get(dp, n), b = simd_get(sp, n), r;

    for (int i = 0; i < n / 2; i++) {
        r.sw[i] = sat_s16(a.b[2 * i] * b.sb[2 * i] +
                          a.b[2 * i + 1] * b.sb[2 * i + 1]);
    }
    simd_put(dp, &r, n);
}
INST_MX(pmaddubsw)

static inline void psadbw_n(void *dp, const void *sp, int n)
{
    SimdVec a = simd_get(dp, n), b = simd_get(sp, n), r;

    for (int g = 0; g < n / 8; g++) {
        unsigned sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += abs(a.b[g * 8 + i] - b.b[g * 8 + i]);
        }
        r.q[g] = sum;
    }
    simd_put(dp, &r, n);
}
INST_MX(psadbw)

/* Packs: the low half of r from a, the high half from b. */
#define DEF_PACK(name, F, RF, SAT)                                      \
static inline void name##_n(void *dp, const void *sp, int n)            \
{                                                                       \
    SimdVec a = simd_get(dp, n), b = simd_get(sp, n), r;                \
    int k = NELEM(F);                                                   \
    for (int i = 0; i < k; i++) {                                       \
        r.RF[i] = SAT(a.F[i]);                                          \
        r.RF[k + i] = SAT(b.F[i]);                                      \
    }                                                                   \
    simd_put(dp, &r, n);                                                \
}
DEF_PACK(packsswb, sw, sb, sat_s8) INST_MX(packsswb)
DEF_PACK(packuswb, sw, b, sat_u8) INST_MX(packuswb)
DEF_PACK(packssdw, sl, sw, sat_s16) INST_MX(packssdw)

static inline uint16_t sat_u16_64(int64_t x)
{
    return x > 65535 ? 65535 : x < 0 ? 0 : x;
}
DEF_PACK(packusdw, sl, w, sat_u16_64) INST_X(packusdw)

/* Interleaves: from the low (hi = 0) or high half of a and b. */
#define DEF_UNPACK(name, F, HI)                                         \
static inline void name##_n(void *dp, const void *sp, int n)            \
{                                                                       \
    SimdVec a = simd_get(dp, n), b = simd_get(sp, n), r;                \
    int k = NELEM(F) / 2, base = (HI) ? k : 0;                          \
    for (int i = 0; i < k; i++) {                                       \
        r.F[2 * i] = a.F[base + i];                                     \
        r.F[2 * i + 1] = b.F[base + i];                                 \
    }                                                                   \
    simd_put(dp, &r, n);                                                \
}
DEF_UNPACK(punpcklbw, b, 0) INST_MX(punpcklbw)
DEF_UNPACK(punpcklwd, w, 0) INST_MX(punpcklwd)
DEF_UNPACK(punpckldq, l, 0) INST_MX(punpckldq)
DEF_UNPACK(punpckhbw, b, 1) INST_MX(punpckhbw)
DEF_UNPACK(punpckhwd, w, 1) INST_MX(punpckhwd)
DEF_UNPACK(punpckhdq, l, 1) INST_MX(punpckhdq)
DEF_UNPACK(punpcklqdq, q, 0) INST_X(punpcklqdq)
DEF_UNPACK(punpckhqdq, q, 1) INST_X(punpckhqdq)

/* Shifts by the unsigned 64-bit count in b.q[0]. */
#define DEF_SHIFT(name, F, BITS, OP, ARITH)                             \
static inline void name##_n(void *dp, const void *sp, int n)            \
{                                                                       \
    SimdVec a = simd_get(dp, n), b = simd_get(sp, 8), r;                \
    uint64_t c = b.q[0];                                                \
    for (int i = 0; i < NELEM(F); i++) {                                \
        if (c >= BITS) {                                                \
            r.F[i] = (ARITH) ? (a.F[i] OP (BITS - 1)) : 0;              \
        } else {                                                        \
            r.F[i] = a.F[i] OP c;                                       \
        }                                                               \
    }                                                                   \
    simd_put(dp, &r, n);                                                \
}
DEF_SHIFT(psllw, w, 16, <<, 0) INST_MX(psllw)
DEF_SHIFT(pslld, l, 32, <<, 0) INST_MX(pslld)
DEF_SHIFT(psllq, q, 64, <<, 0) INST_MX(psllq)
DEF_SHIFT(psrlw, w, 16, >>, 0) INST_MX(psrlw)
DEF_SHIFT(psrld, l, 32, >>, 0) INST_MX(psrld)
DEF_SHIFT(psrlq, q, 64, >>, 0) INST_MX(psrlq)
DEF_SHIFT(psraw, sw, 16, >>, 1) INST_MX(psraw)
DEF_SHIFT(psrad, sl, 32, >>, 1) INST_MX(psrad)

void helper_pslldq_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec a = simd_get(s, 16), r = { .q = { 0, 0 } };
    unsigned sh = imm & 0xff;

    for (unsigned i = sh; i < 16; i++) {
        r.b[i] = a.b[i - sh];
    }
    simd_put(d, &r, 16);
}

void helper_psrldq_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec a = simd_get(s, 16), r = { .q = { 0, 0 } };
    unsigned sh = imm & 0xff;

    for (unsigned i = 0; i + sh < 16; i++) {
        r.b[i] = a.b[i + sh];
    }
    simd_put(d, &r, 16);
}

void helper_pshufw_mmx(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec b = simd_get(s, 8), r;

    for (int i = 0; i < 4; i++) {
        r.w[i] = b.w[(imm >> (2 * i)) & 3];
    }
    simd_put(d, &r, 8);
}

void helper_pshufd_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec b = simd_get(s, 16), r;

    for (int i = 0; i < 4; i++) {
        r.l[i] = b.l[(imm >> (2 * i)) & 3];
    }
    simd_put(d, &r, 16);
}

void helper_pshuflw_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec b = simd_get(s, 16), r = b;

    for (int i = 0; i < 4; i++) {
        r.w[i] = b.w[(imm >> (2 * i)) & 3];
    }
    simd_put(d, &r, 16);
}

void helper_pshufhw_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec b = simd_get(s, 16), r = b;

    for (int i = 0; i < 4; i++) {
        r.w[4 + i] = b.w[4 + ((imm >> (2 * i)) & 3)];
    }
    simd_put(d, &r, 16);
}

void helper_shufps_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16), r;

    r.l[0] = a.l[imm & 3];
    r.l[1] = a.l[(imm >> 2) & 3];
    r.l[2] = b.l[(imm >> 4) & 3];
    r.l[3] = b.l[(imm >> 6) & 3];
    simd_put(d, &r, 16);
}

void helper_shufpd_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16), r;

    r.q[0] = a.q[imm & 1];
    r.q[1] = b.q[(imm >> 1) & 1];
    simd_put(d, &r, 16);
}

/* --- SSSE3 --- */

static inline void pshufb_n(void *dp, const void *sp, int n)
{
    SimdVec a = simd_get(dp, n), b = simd_get(sp, n), r;

    for (int i = 0; i < n; i++) {
        r.b[i] = (b.b[i] & 0x80) ? 0 : a.b[b.b[i] & (n - 1)];
    }
    simd_put(dp, &r, n);
}
INST_MX(pshufb)

/* Horizontal: r[i] = a[2i] op a[2i+1], then the same over b. */
#define DEF_HORIZ(name, F, EXPR)                                        \
static inline void name##_n(void *dp, const void *sp, int n)            \
{                                                                       \
    SimdVec a = simd_get(dp, n), b = simd_get(sp, n), r;                \
    int k = NELEM(F) / 2;                                               \
    for (int i = 0; i < k; i++) {                                       \
        __typeof__(a.F[0]) X = a.F[2 * i], Y = a.F[2 * i + 1];          \
        r.F[i] = (EXPR);                                                \
        X = b.F[2 * i];                                                 \
        Y = b.F[2 * i + 1];                                             \
        r.F[k + i] = (EXPR);                                            \
    }                                                                   \
    simd_put(dp, &r, n);                                                \
}
DEF_HORIZ(phaddw, w, X + Y) INST_MX(phaddw)
DEF_HORIZ(phaddd, l, X + Y) INST_MX(phaddd)
DEF_HORIZ(phaddsw, sw, sat_s16(X + Y)) INST_MX(phaddsw)
DEF_HORIZ(phsubw, w, X - Y) INST_MX(phsubw)
DEF_HORIZ(phsubd, l, X - Y) INST_MX(phsubd)
DEF_HORIZ(phsubsw, sw, sat_s16(X - Y)) INST_MX(phsubsw)

static inline void palignr_n(void *dp, const void *sp, int n, uint32_t imm)
{
    uint8_t cat[32];
    SimdVec r;

    memcpy(cat, sp, n);
    memcpy(cat + n, dp, n);
    for (int i = 0; i < n; i++) {
        unsigned j = (imm & 0xff) + i;
        r.b[i] = j < (unsigned)(2 * n) ? cat[j] : 0;
    }
    simd_put(dp, &r, n);
}

void helper_palignr_mmx(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    palignr_n(d, s, 8, imm);
}

void helper_palignr_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    palignr_n(d, s, 16, imm);
}

/* --- SSE4.1 --- */

void helper_phminposuw_xmm(CPUX86State *env, void *d, void *s)
{
    SimdVec b = simd_get(s, 16), r = { .q = { 0, 0 } };
    int idx = 0;

    for (int i = 1; i < 8; i++) {
        if (b.w[i] < b.w[idx]) {
            idx = i;
        }
    }
    r.w[0] = b.w[idx];
    r.w[1] = idx;
    simd_put(d, &r, 16);
}

#define DEF_PMOV(name, SF, DF)                                          \
void helper_##name##_xmm(CPUX86State *env, void *d, void *s)            \
{                                                                       \
    SimdVec b = simd_get(s, 16), r;                                     \
    for (int i = 0; i < (int)(16 / sizeof(r.DF[0])); i++) {             \
        r.DF[i] = b.SF[i];                                              \
    }                                                                   \
    simd_put(d, &r, 16);                                                \
}
DEF_PMOV(pmovsxbw, sb, sw)
DEF_PMOV(pmovsxbd, sb, sl)
DEF_PMOV(pmovsxbq, sb, sq)
DEF_PMOV(pmovsxwd, sw, sl)
DEF_PMOV(pmovsxwq, sw, sq)
DEF_PMOV(pmovsxdq, sl, sq)
DEF_PMOV(pmovzxbw, b, w)
DEF_PMOV(pmovzxbd, b, l)
DEF_PMOV(pmovzxbq, b, q)
DEF_PMOV(pmovzxwd, w, l)
DEF_PMOV(pmovzxwq, w, q)
DEF_PMOV(pmovzxdq, l, q)

void helper_pblendvb_xmm(CPUX86State *env, void *d, void *s)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16);
    const X86XMMReg *m = &env->xmm_regs[0];

    for (int i = 0; i < 16; i++) {
        if (m->b[i] & 0x80) {
            a.b[i] = b.b[i];
        }
    }
    simd_put(d, &a, 16);
}

void helper_blendvps_xmm(CPUX86State *env, void *d, void *s)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16);
    const X86XMMReg *m = &env->xmm_regs[0];

    for (int i = 0; i < 4; i++) {
        if (m->l[i] >> 31) {
            a.l[i] = b.l[i];
        }
    }
    simd_put(d, &a, 16);
}

void helper_blendvpd_xmm(CPUX86State *env, void *d, void *s)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16);
    const X86XMMReg *m = &env->xmm_regs[0];

    for (int i = 0; i < 2; i++) {
        if (m->q[i] >> 63) {
            a.q[i] = b.q[i];
        }
    }
    simd_put(d, &a, 16);
}

void helper_blendps_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16);

    for (int i = 0; i < 4; i++) {
        if ((imm >> i) & 1) {
            a.l[i] = b.l[i];
        }
    }
    simd_put(d, &a, 16);
}

void helper_blendpd_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16);

    for (int i = 0; i < 2; i++) {
        if ((imm >> i) & 1) {
            a.q[i] = b.q[i];
        }
    }
    simd_put(d, &a, 16);
}

void helper_pblendw_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16);

    for (int i = 0; i < 8; i++) {
        if ((imm >> i) & 1) {
            a.w[i] = b.w[i];
        }
    }
    simd_put(d, &a, 16);
}

void helper_mpsadbw_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16), r;
    int boff = (imm & 3) * 4, aoff = ((imm >> 2) & 1) * 4;

    for (int i = 0; i < 8; i++) {
        unsigned sum = 0;
        for (int j = 0; j < 4; j++) {
            sum += abs(a.b[aoff + i + j] - b.b[boff + j]);
        }
        r.w[i] = sum;
    }
    simd_put(d, &r, 16);
}

/* The decoder clears imm[7:6] for a memory source (an m32). */
void helper_insertps_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16);

    a.l[(imm >> 4) & 3] = b.l[(imm >> 6) & 3];
    for (int i = 0; i < 4; i++) {
        if ((imm >> i) & 1) {
            a.l[i] = 0;
        }
    }
    simd_put(d, &a, 16);
}

uint32_t helper_ptest_xmm(CPUX86State *env, void *d, void *s)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16);
    uint32_t fl = 0;

    if (!((a.q[0] & b.q[0]) | (a.q[1] & b.q[1]))) {
        fl |= CC_Z;
    }
    if (!((~a.q[0] & b.q[0]) | (~a.q[1] & b.q[1]))) {
        fl |= CC_C;
    }
    return fl;
}

/* --- moves that gather bits --- */

static uint32_t pmovmskb_n(const void *sp, int n)
{
    SimdVec b = simd_get(sp, n);
    uint32_t r = 0;

    for (int i = 0; i < n; i++) {
        r |= (uint32_t)(b.b[i] >> 7) << i;
    }
    return r;
}

uint32_t helper_pmovmskb_mmx(CPUX86State *env, void *s)
{
    return pmovmskb_n(s, 8);
}

uint32_t helper_pmovmskb_xmm(CPUX86State *env, void *s)
{
    return pmovmskb_n(s, 16);
}

uint32_t helper_movmskps(CPUX86State *env, void *s)
{
    SimdVec b = simd_get(s, 16);
    uint32_t r = 0;

    for (int i = 0; i < 4; i++) {
        r |= (b.l[i] >> 31) << i;
    }
    return r;
}

uint32_t helper_movmskpd(CPUX86State *env, void *s)
{
    SimdVec b = simd_get(s, 16);

    return (uint32_t)(b.q[0] >> 63) | (uint32_t)(b.q[1] >> 63) << 1;
}
