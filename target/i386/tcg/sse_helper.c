/*
 * SSE/SSE2 floating point on the host's SSE unit with the guest's MXCSR
 * rounding, DAZ and FTZ loaded (all exceptions masked on the host; the
 * guest's unmasked ones become #XM/#UD here). SSE3 and SSE4.1 operations
 * are composed from SSE2 ones or written in C: the host may lack them.
 */
#include "qemu/osdep.h"
#include <emmintrin.h>
#include <math.h>
#include "target/i386/tcg/simd-internal.h"
#include "exec/cpu-ldst.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

typedef __m128i V;

static inline V vload(const void *p)
{
    return _mm_loadu_si128((const V *)p);
}

static inline void vstore(void *p, V v)
{
    _mm_storeu_si128((V *)p, v);
}

/* Guest rounding, DAZ and FTZ; all exceptions masked; flags clear. */
static inline uint32_t host_mxcsr(CPUX86State *env)
{
    return (env->mxcsr & (0x6000 | MXCSR_DAZ | MXCSR_FTZ)) | 0x1f80;
}

#define SSE_PRE  "stmxcsr %[h]\n\tldmxcsr %[g]\n\t"
#define SSE_POST "\n\tstmxcsr %[o]\n\tldmxcsr %[h]"

/* d = d OP s on the host; fl = the exception flags it raised */
#define SSE_ASM2(insn, d, s, fl)                                        \
    do {                                                                \
        uint32_t g_ = host_mxcsr(env), h_ = 0, o_ = 0;                  \
        asm volatile(SSE_PRE insn " %[vs], %[vd]" SSE_POST              \
                     : [vd] "+x"(d), [h] "+m"(h_), [o] "=m"(o_)         \
                     : [vs] "x"(s), [g] "m"(g_));                       \
        (fl) |= o_ & MXCSR_EXC;                                         \
    } while (0)

/*
 * Flags into MXCSR; an unmasked one raises #XM (CR4.OSXMMEXCPT) or #UD
 * before the destination is written.
 */
static void sse_finish(CPUX86State *env, uint32_t fl, uintptr_t ra)
{
    env->mxcsr |= fl;
    if (fl & ~(env->mxcsr >> MXCSR_MASK_SHIFT) & MXCSR_EXC) {
        raise_exception_ra(env, (env->cr[4] & FPU_CR4_OSXMMEXCPT) ?
                           FPU_EXCP_XM : FPU_EXCP_UD, ra);
    }
}

#define DEF_SSE_BIN(name)                                               \
void helper_##name(CPUX86State *env, void *d, void *s)                  \
{                                                                       \
    V a = vload(d), b = vload(s);                                       \
    uint32_t fl = 0;                                                    \
                                                                        \
    SSE_ASM2(#name, a, b, fl);                                          \
    sse_finish(env, fl, GETPC());                                       \
    vstore(d, a);                                                       \
}
#define DEF_SSE_BIN4(op) \
    DEF_SSE_BIN(op##ps) DEF_SSE_BIN(op##pd) \
    DEF_SSE_BIN(op##ss) DEF_SSE_BIN(op##sd)

DEF_SSE_BIN4(add)
DEF_SSE_BIN4(sub)
DEF_SSE_BIN4(mul)
DEF_SSE_BIN4(div)
DEF_SSE_BIN4(min)
DEF_SSE_BIN4(max)
DEF_SSE_BIN4(sqrt)
DEF_SSE_BIN(rcpps)
DEF_SSE_BIN(rcpss)
DEF_SSE_BIN(rsqrtps)
DEF_SSE_BIN(rsqrtss)
DEF_SSE_BIN(cvtps2pd)
DEF_SSE_BIN(cvtpd2ps)
DEF_SSE_BIN(cvtss2sd)
DEF_SSE_BIN(cvtsd2ss)
DEF_SSE_BIN(cvtdq2ps)
DEF_SSE_BIN(cvtps2dq)
DEF_SSE_BIN(cvttps2dq)
DEF_SSE_BIN(cvtdq2pd)
DEF_SSE_BIN(cvtpd2dq)
DEF_SSE_BIN(cvttpd2dq)

/* Compares: the predicate is an immediate of the host instruction. */
#define SSE_CMP_CASES(insn, a, b, fl)                                   \
    switch (imm & 7) {                                                  \
    case 0: SSE_ASM2(insn " $0,", a, b, fl); break;                     \
    case 1: SSE_ASM2(insn " $1,", a, b, fl); break;                     \
    case 2: SSE_ASM2(insn " $2,", a, b, fl); break;                     \
    case 3: SSE_ASM2(insn " $3,", a, b, fl); break;                     \
    case 4: SSE_ASM2(insn " $4,", a, b, fl); break;                     \
    case 5: SSE_ASM2(insn " $5,", a, b, fl); break;                     \
    case 6: SSE_ASM2(insn " $6,", a, b, fl); break;                     \
    default: SSE_ASM2(insn " $7,", a, b, fl); break;                    \
    }

#define DEF_SSE_CMP(name)                                               \
void helper_##name(CPUX86State *env, void *d, void *s, uint32_t imm)    \
{                                                                       \
    V a = vload(d), b = vload(s);                                       \
    uint32_t fl = 0;                                                    \
                                                                        \
    SSE_CMP_CASES(#name, a, b, fl)                                      \
    sse_finish(env, fl, GETPC());                                       \
    vstore(d, a);                                                       \
}
DEF_SSE_CMP(cmpps)
DEF_SSE_CMP(cmppd)
DEF_SSE_CMP(cmpss)
DEF_SSE_CMP(cmpsd)

#define DEF_SSE_COMI(name)                                              \
uint32_t helper_##name(CPUX86State *env, void *d, void *s)              \
{                                                                       \
    V a = vload(d), b = vload(s);                                       \
    uint32_t g_ = host_mxcsr(env), h_ = 0, o_ = 0;                      \
    bool z, p, c;                                                       \
                                                                        \
    asm volatile(SSE_PRE #name " %[vs], %[vd]" SSE_POST                 \
                 : "=@ccz"(z), "=@ccp"(p), "=@ccc"(c),                  \
                   [h] "+m"(h_), [o] "=m"(o_)                           \
                 : [vd] "x"(a), [vs] "x"(b), [g] "m"(g_));              \
    sse_finish(env, o_ & MXCSR_EXC, GETPC());                           \
    return (z ? CC_Z : 0) | (p ? CC_P : 0) | (c ? CC_C : 0);            \
}
DEF_SSE_COMI(comiss)
DEF_SSE_COMI(ucomiss)
DEF_SSE_COMI(comisd)
DEF_SSE_COMI(ucomisd)

/* --- MMX <-> XMM conversions: via the packed forms on zero-padding --- */

void helper_cvtpi2ps(CPUX86State *env, void *d, void *s)
{
    V a = _mm_loadl_epi64((const V *)s), r = a;
    uint32_t fl = 0;

    SSE_ASM2("cvtdq2ps", r, a, fl);
    sse_finish(env, fl, GETPC());
    memcpy(d, &r, 8);
}

void helper_cvtpi2pd(CPUX86State *env, void *d, void *s)
{
    V a = _mm_loadl_epi64((const V *)s), r = a;
    uint32_t fl = 0;

    SSE_ASM2("cvtdq2pd", r, a, fl);
    sse_finish(env, fl, GETPC());
    vstore(d, r);
}

#define DEF_SSE_TO_MMX(name, insn, lanes64)                             \
void helper_##name(CPUX86State *env, void *d, void *s)                  \
{                                                                       \
    V a = (lanes64) ? vload(s) : _mm_loadl_epi64((const V *)s), r = a;  \
    uint32_t fl = 0;                                                    \
                                                                        \
    SSE_ASM2(insn, r, a, fl);                                           \
    sse_finish(env, fl, GETPC());                                       \
    memcpy(d, &r, 8);                                                   \
}
DEF_SSE_TO_MMX(cvtps2pi, "cvtps2dq", 0)
DEF_SSE_TO_MMX(cvttps2pi, "cvttps2dq", 0)
DEF_SSE_TO_MMX(cvtpd2pi, "cvtpd2dq", 1)
DEF_SSE_TO_MMX(cvttpd2pi, "cvttpd2dq", 1)

/* --- integer register <-> scalar --- */

#define DEF_SSE_FROM_INT(name, insn, type)                              \
void helper_##name(CPUX86State *env, void *d, type val)                 \
{                                                                       \
    V a = vload(d);                                                     \
    uint32_t g_ = host_mxcsr(env), h_ = 0, o_ = 0;                      \
                                                                        \
    asm volatile(SSE_PRE insn " %[v], %[vd]" SSE_POST                   \
                 : [vd] "+x"(a), [h] "+m"(h_), [o] "=m"(o_)             \
                 : [v] "rm"(val), [g] "m"(g_));                         \
    sse_finish(env, o_ & MXCSR_EXC, GETPC());                           \
    vstore(d, a);                                                       \
}
DEF_SSE_FROM_INT(cvtsi2ss, "cvtsi2ssl", uint32_t)
DEF_SSE_FROM_INT(cvtsq2ss, "cvtsi2ssq", uint64_t)
DEF_SSE_FROM_INT(cvtsi2sd, "cvtsi2sdl", uint32_t)
DEF_SSE_FROM_INT(cvtsq2sd, "cvtsi2sdq", uint64_t)

#define DEF_SSE_TO_INT(name, insn, type, mod)                           \
type helper_##name(CPUX86State *env, void *s)                           \
{                                                                       \
    V a = vload(s);                                                     \
    uint32_t g_ = host_mxcsr(env), h_ = 0, o_ = 0;                      \
    type r;                                                             \
                                                                        \
    asm volatile(SSE_PRE insn " %[vs], %" mod "[r]" SSE_POST            \
                 : [r] "=r"(r), [h] "+m"(h_), [o] "=m"(o_)              \
                 : [vs] "x"(a), [g] "m"(g_));                           \
    sse_finish(env, o_ & MXCSR_EXC, GETPC());                           \
    return r;                                                           \
}
DEF_SSE_TO_INT(cvtss2si, "cvtss2si", uint32_t, "k")
DEF_SSE_TO_INT(cvtss2sq, "cvtss2si", uint64_t, "q")
DEF_SSE_TO_INT(cvttss2si, "cvttss2si", uint32_t, "k")
DEF_SSE_TO_INT(cvttss2sq, "cvttss2si", uint64_t, "q")
DEF_SSE_TO_INT(cvtsd2si, "cvtsd2si", uint32_t, "k")
DEF_SSE_TO_INT(cvtsd2sq, "cvtsd2si", uint64_t, "q")
DEF_SSE_TO_INT(cvttsd2si, "cvttsd2si", uint32_t, "k")
DEF_SSE_TO_INT(cvttsd2sq, "cvttsd2si", uint64_t, "q")

/* --- SSE3, from SSE2 operations on rearranged lanes --- */

void helper_addsubps(CPUX86State *env, void *d, void *s)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16);
    SimdVec ea = a, eb = b, oa = a, ob = b, r;
    V x, y;
    uint32_t fl = 0;

    /* even lanes subtract, odd lanes add; idle lanes hold +0 */
    ea.l[1] = ea.l[3] = eb.l[1] = eb.l[3] = 0;
    oa.l[0] = oa.l[2] = ob.l[0] = ob.l[2] = 0;
    x = vload(&ea);
    y = vload(&eb);
    SSE_ASM2("subps", x, y, fl);
    vstore(&ea, x);
    x = vload(&oa);
    y = vload(&ob);
    SSE_ASM2("addps", x, y, fl);
    vstore(&oa, x);
    sse_finish(env, fl, GETPC());
    r.l[0] = ea.l[0];
    r.l[1] = oa.l[1];
    r.l[2] = ea.l[2];
    r.l[3] = oa.l[3];
    simd_put(d, &r, 16);
}

void helper_addsubpd(CPUX86State *env, void *d, void *s)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16), r;
    V x, y;
    uint32_t fl = 0;

    x = _mm_set_epi64x(0, a.q[0]);
    y = _mm_set_epi64x(0, b.q[0]);
    SSE_ASM2("subpd", x, y, fl);
    r.q[0] = _mm_cvtsi128_si64(x);
    x = _mm_set_epi64x(a.q[1], 0);
    y = _mm_set_epi64x(b.q[1], 0);
    SSE_ASM2("addpd", x, y, fl);
    vstore(&a, x);
    r.q[1] = a.q[1];
    sse_finish(env, fl, GETPC());
    simd_put(d, &r, 16);
}

#define DEF_SSE_HORIZ_PS(name, insn)                                    \
void helper_##name(CPUX86State *env, void *d, void *s)                  \
{                                                                       \
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16), x, y;             \
    V vx, vy;                                                           \
    uint32_t fl = 0;                                                    \
                                                                        \
    x.l[0] = a.l[0]; y.l[0] = a.l[1];                                   \
    x.l[1] = a.l[2]; y.l[1] = a.l[3];                                   \
    x.l[2] = b.l[0]; y.l[2] = b.l[1];                                   \
    x.l[3] = b.l[2]; y.l[3] = b.l[3];                                   \
    vx = vload(&x);                                                     \
    vy = vload(&y);                                                     \
    SSE_ASM2(insn, vx, vy, fl);                                         \
    sse_finish(env, fl, GETPC());                                       \
    vstore(d, vx);                                                      \
}
DEF_SSE_HORIZ_PS(haddps, "addps")
DEF_SSE_HORIZ_PS(hsubps, "subps")

#define DEF_SSE_HORIZ_PD(name, insn)                                    \
void helper_##name(CPUX86State *env, void *d, void *s)                  \
{                                                                       \
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16), x, y;             \
    V vx, vy;                                                           \
    uint32_t fl = 0;                                                    \
                                                                        \
    x.q[0] = a.q[0]; y.q[0] = a.q[1];                                   \
    x.q[1] = b.q[0]; y.q[1] = b.q[1];                                   \
    vx = vload(&x);                                                     \
    vy = vload(&y);                                                     \
    SSE_ASM2(insn, vx, vy, fl);                                         \
    sse_finish(env, fl, GETPC());                                       \
    vstore(d, vx);                                                      \
}
DEF_SSE_HORIZ_PD(haddpd, "addpd")
DEF_SSE_HORIZ_PD(hsubpd, "subpd")

/* --- SSE4.1 ROUNDxx: C's rounding functions are IEEE roundToIntegral --- */

static int round_mode(CPUX86State *env, uint32_t imm)
{
    return (imm & 4) ? (env->mxcsr >> MXCSR_RC_SHIFT) & 3 : imm & 3;
}

static uint32_t round_f32(CPUX86State *env, uint32_t x, uint32_t imm,
                          uint32_t *fl)
{
    uint32_t e = (x >> 23) & 0xff, m = x & 0x7fffff;
    float f, r;
    uint32_t out;

    if (e == 0xff) {
        if (m && !(m & 0x400000)) {
            *fl |= MXCSR_IE;
            return x | 0x400000;
        }
        return x;
    }
    if (e == 0 && m && (env->mxcsr & MXCSR_DAZ)) {
        return x & 0x80000000;
    }
    if (e >= 150) {
        return x;                   /* already an integer */
    }
    memcpy(&f, &x, 4);
    switch (round_mode(env, imm)) {
    case 0: r = nearbyintf(f); break;
    case 1: r = floorf(f); break;
    case 2: r = ceilf(f); break;
    default: r = truncf(f); break;
    }
    memcpy(&out, &r, 4);
    if (r != f && !(imm & 8)) {
        *fl |= MXCSR_PE;
    }
    return out;
}

static uint64_t round_f64(CPUX86State *env, uint64_t x, uint32_t imm,
                          uint32_t *fl)
{
    uint64_t e = (x >> 52) & 0x7ff, m = x & ((1ull << 52) - 1);
    double f, r;
    uint64_t out;

    if (e == 0x7ff) {
        if (m && !(m & (1ull << 51))) {
            *fl |= MXCSR_IE;
            return x | (1ull << 51);
        }
        return x;
    }
    if (e == 0 && m && (env->mxcsr & MXCSR_DAZ)) {
        return x & (1ull << 63);
    }
    if (e >= 1075) {
        return x;
    }
    memcpy(&f, &x, 8);
    switch (round_mode(env, imm)) {
    case 0: r = nearbyint(f); break;
    case 1: r = floor(f); break;
    case 2: r = ceil(f); break;
    default: r = trunc(f); break;
    }
    memcpy(&out, &r, 8);
    if (r != f && !(imm & 8)) {
        *fl |= MXCSR_PE;
    }
    return out;
}

void helper_roundps(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec b = simd_get(s, 16), r;
    uint32_t fl = 0;

    for (int i = 0; i < 4; i++) {
        r.l[i] = round_f32(env, b.l[i], imm, &fl);
    }
    sse_finish(env, fl, GETPC());
    simd_put(d, &r, 16);
}

void helper_roundpd(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec b = simd_get(s, 16), r;
    uint32_t fl = 0;

    for (int i = 0; i < 2; i++) {
        r.q[i] = round_f64(env, b.q[i], imm, &fl);
    }
    sse_finish(env, fl, GETPC());
    simd_put(d, &r, 16);
}

void helper_roundss(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16);
    uint32_t fl = 0;

    a.l[0] = round_f32(env, b.l[0], imm, &fl);
    sse_finish(env, fl, GETPC());
    simd_put(d, &a, 16);
}

void helper_roundsd(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16);
    uint32_t fl = 0;

    a.q[0] = round_f64(env, b.q[0], imm, &fl);
    sse_finish(env, fl, GETPC());
    simd_put(d, &a, 16);
}

/* --- SSE4.1 dot products: masked lanes are +0 and raise nothing --- */

void helper_dpps(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16), p, x, y, r;
    V va, vb;
    uint32_t fl = 0, sum;

    for (int i = 0; i < 4; i++) {
        if (!((imm >> (4 + i)) & 1)) {
            a.l[i] = b.l[i] = 0;
        }
    }
    va = vload(&a);
    vb = vload(&b);
    SSE_ASM2("mulps", va, vb, fl);
    vstore(&p, va);
    x = (SimdVec){ .l = { p.l[0], p.l[2], 0, 0 } };
    y = (SimdVec){ .l = { p.l[1], p.l[3], 0, 0 } };
    va = vload(&x);
    vb = vload(&y);
    SSE_ASM2("addps", va, vb, fl);
    vstore(&x, va);
    va = _mm_cvtsi32_si128(x.l[0]);
    vb = _mm_cvtsi32_si128(x.l[1]);
    SSE_ASM2("addss", va, vb, fl);
    sum = _mm_cvtsi128_si32(va);
    sse_finish(env, fl, GETPC());
    for (int i = 0; i < 4; i++) {
        r.l[i] = ((imm >> i) & 1) ? sum : 0;
    }
    simd_put(d, &r, 16);
}

void helper_dppd(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16), p, r;
    V va, vb;
    uint32_t fl = 0;
    uint64_t sum;

    for (int i = 0; i < 2; i++) {
        if (!((imm >> (4 + i)) & 1)) {
            a.q[i] = b.q[i] = 0;
        }
    }
    va = vload(&a);
    vb = vload(&b);
    SSE_ASM2("mulpd", va, vb, fl);
    vstore(&p, va);
    va = _mm_cvtsi64_si128(p.q[0]);
    vb = _mm_cvtsi64_si128(p.q[1]);
    SSE_ASM2("addsd", va, vb, fl);
    sum = _mm_cvtsi128_si64(va);
    sse_finish(env, fl, GETPC());
    for (int i = 0; i < 2; i++) {
        r.q[i] = ((imm >> i) & 1) ? sum : 0;
    }
    simd_put(d, &r, 16);
}

/* --- MASKMOVQ / MASKMOVDQU --- */

void helper_maskmov(CPUX86State *env, void *data, void *mask, uint64_t addr,
                    uint32_t size)
{
    uintptr_t ra = GETPC();
    int mmu = cpu_mmu_index(env);
    SimdVec v = simd_get(data, size), m = simd_get(mask, size);

    for (uint32_t i = 0; i < size && i < 16; i++) {
        if (m.b[i] & 0x80) {
            cpu_stb_mmuidx_ra(env, addr + i, v.b[i], mmu, ra);
        }
    }
}
