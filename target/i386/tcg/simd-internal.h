/*
 * Element views of an MMX (8-byte) or XMM (16-byte) operand, shared by
 * the SIMD helpers. Helpers copy operands into a SimdVec first, because
 * dst and src may be the same register.
 */
#ifndef TARGET_I386_TCG_SIMD_INTERNAL_H
#define TARGET_I386_TCG_SIMD_INTERNAL_H

#include "target/i386/tcg/fpu-internal.h"

typedef union SimdVec {
    uint8_t b[16];
    int8_t sb[16];
    uint16_t w[8];
    int16_t sw[8];
    uint32_t l[4];
    int32_t sl[4];
    uint64_t q[2];
    int64_t sq[2];
    float f[4];
    double d[2];
} SimdVec;

static inline SimdVec simd_get(const void *p, int n)
{
    SimdVec v = { .q = { 0, 0 } };

    memcpy(&v, p, n);
    return v;
}

static inline void simd_put(void *p, const SimdVec *v, int n)
{
    memcpy(p, v, n);
}

static inline int8_t sat_s8(int x)
{
    return x > 127 ? 127 : x < -128 ? -128 : x;
}
static inline uint8_t sat_u8(int x)
{
    return x > 255 ? 255 : x < 0 ? 0 : x;
}
static inline int16_t sat_s16(int x)
{
    return x > 32767 ? 32767 : x < -32768 ? -32768 : x;
}
static inline uint16_t sat_u16(int x)
{
    return x > 65535 ? 65535 : x < 0 ? 0 : x;
}

/* Software helpers used by tests too (aes_helper.c). */
void x86_pclmul(uint64_t a, uint64_t b, uint64_t r[2]);

#endif
