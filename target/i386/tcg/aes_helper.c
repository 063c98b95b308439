/*
 * AES-NI (from the FIPS-197 definitions), PCLMULQDQ and the SSE4.2
 * string compares, in portable C: the host may lack them.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/simd-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

/* --- AES --- */

static uint8_t aes_sbox[256], aes_inv_sbox[256];

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t p = 0;

    while (b) {
        if (b & 1) {
            p ^= a;
        }
        a = (a << 1) ^ ((a & 0x80) ? 0x1b : 0);
        b >>= 1;
    }
    return p;
}

static uint8_t rotl8(uint8_t x, int n)
{
    return (x << n) | (x >> (8 - n));
}

/* S-box: multiplicative inverse in GF(2^8), then the affine map. */
static void __attribute__((constructor)) aes_init_tables(void)
{
    for (int x = 0; x < 256; x++) {
        uint8_t inv = 0;

        if (x) {
            for (int y = 1; y < 256; y++) {
                if (gf_mul(x, y) == 1) {
                    inv = y;
                    break;
                }
            }
        }
        uint8_t s = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^
                    rotl8(inv, 4) ^ 0x63;
        aes_sbox[x] = s;
        aes_inv_sbox[s] = x;
    }
}

/* State byte i is row i % 4, column i / 4 (the XMM byte order). */
static void aes_shift_rows(uint8_t st[16], bool inv)
{
    uint8_t t[16];

    for (int c = 0; c < 4; c++) {
        for (int r = 0; r < 4; r++) {
            if (inv) {
                t[r + 4 * ((c + r) & 3)] = st[r + 4 * c];
            } else {
                t[r + 4 * c] = st[r + 4 * ((c + r) & 3)];
            }
        }
    }
    memcpy(st, t, 16);
}

static void aes_sub_bytes(uint8_t st[16], bool inv)
{
    for (int i = 0; i < 16; i++) {
        st[i] = inv ? aes_inv_sbox[st[i]] : aes_sbox[st[i]];
    }
}

static void aes_mix_columns(uint8_t st[16], bool inv)
{
    static const uint8_t fwd[4] = { 2, 3, 1, 1 };
    static const uint8_t bwd[4] = { 14, 11, 13, 9 };
    const uint8_t *m = inv ? bwd : fwd;

    for (int c = 0; c < 4; c++) {
        uint8_t *col = st + 4 * c, a[4];

        memcpy(a, col, 4);
        for (int r = 0; r < 4; r++) {
            col[r] = gf_mul(a[0], m[(4 - r) & 3]) ^
                     gf_mul(a[1], m[(5 - r) & 3]) ^
                     gf_mul(a[2], m[(6 - r) & 3]) ^
                     gf_mul(a[3], m[(7 - r) & 3]);
        }
    }
}

static void aes_round(void *d, void *s, bool dec, bool last)
{
    SimdVec st = simd_get(d, 16), key = simd_get(s, 16);

    aes_shift_rows(st.b, dec);
    aes_sub_bytes(st.b, dec);
    if (!last) {
        aes_mix_columns(st.b, dec);
    }
    st.q[0] ^= key.q[0];
    st.q[1] ^= key.q[1];
    simd_put(d, &st, 16);
}

void helper_aesenc_xmm(CPUX86State *env, void *d, void *s)
{
    aes_round(d, s, false, false);
}

void helper_aesenclast_xmm(CPUX86State *env, void *d, void *s)
{
    aes_round(d, s, false, true);
}

void helper_aesdec_xmm(CPUX86State *env, void *d, void *s)
{
    aes_round(d, s, true, false);
}

void helper_aesdeclast_xmm(CPUX86State *env, void *d, void *s)
{
    aes_round(d, s, true, true);
}

void helper_aesimc_xmm(CPUX86State *env, void *d, void *s)
{
    SimdVec st = simd_get(s, 16);

    aes_mix_columns(st.b, true);
    simd_put(d, &st, 16);
}

static uint32_t aes_sub_word(uint32_t w)
{
    return aes_sbox[w & 0xff] | aes_sbox[(w >> 8) & 0xff] << 8 |
           aes_sbox[(w >> 16) & 0xff] << 16 |
           (uint32_t)aes_sbox[w >> 24] << 24;
}

void helper_aeskeygenassist_xmm(CPUX86State *env, void *d, void *s,
                                uint32_t imm)
{
    SimdVec b = simd_get(s, 16), r;
    uint32_t rcon = imm & 0xff;
    uint32_t x1 = aes_sub_word(b.l[1]), x3 = aes_sub_word(b.l[3]);

    r.l[0] = x1;
    r.l[1] = ((x1 >> 8) | (x1 << 24)) ^ rcon;
    r.l[2] = x3;
    r.l[3] = ((x3 >> 8) | (x3 << 24)) ^ rcon;
    simd_put(d, &r, 16);
}

/* --- PCLMULQDQ --- */

void x86_pclmul(uint64_t a, uint64_t b, uint64_t r[2])
{
    uint64_t lo = 0, hi = 0;

    for (int i = 0; i < 64; i++) {
        if ((b >> i) & 1) {
            lo ^= a << i;
            hi ^= i ? a >> (64 - i) : 0;
        }
    }
    r[0] = lo;
    r[1] = hi;
}

void helper_pclmulqdq_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16), r;

    x86_pclmul(a.q[imm & 1], b.q[(imm >> 4) & 1], r.q);
    simd_put(d, &r, 16);
}

/* --- PCMPESTRI/PCMPESTRM/PCMPISTRI/PCMPISTRM --- */

static int pcmpstr_elem(const SimdVec *v, int i, int fmt)
{
    switch (fmt) {
    case 0: return v->b[i];
    case 1: return v->w[i];
    case 2: return v->sb[i];
    default: return v->sw[i];
    }
}

static int pcmpstr_implicit_len(const SimdVec *v, int n, int fmt)
{
    for (int i = 0; i < n; i++) {
        if (pcmpstr_elem(v, i, fmt) == 0) {
            return i;
        }
    }
    return n;
}

static int pcmpstr_explicit_len(int64_t len, int n)
{
    if (len < 0) {
        len = len == INT64_MIN ? n : -len;
    }
    return len > n ? n : (int)len;
}

uint32_t helper_pcmpstr_xmm(CPUX86State *env, void *d, void *s, uint32_t arg)
{
    SimdVec a = simd_get(d, 16), b = simd_get(s, 16);
    unsigned imm = arg & 0xff, kind = arg >> 8;
    int fmt = imm & 3, agg = (imm >> 2) & 3, pol = (imm >> 4) & 3;
    int n = (imm & 1) ? 8 : 16;
    int la, lb;
    uint32_t res1 = 0, res2, fl = 0;

    if (kind & 1) {
        bool w = kind & 4;
        int64_t ra = w ? (int64_t)env->regs[R_EAX]
                       : (int64_t)(int32_t)env->regs[R_EAX];
        int64_t rd = w ? (int64_t)env->regs[R_EDX]
                       : (int64_t)(int32_t)env->regs[R_EDX];
        la = pcmpstr_explicit_len(ra, n);
        lb = pcmpstr_explicit_len(rd, n);
    } else {
        la = pcmpstr_implicit_len(&a, n, fmt);
        lb = pcmpstr_implicit_len(&b, n, fmt);
    }

    for (int j = 0; j < n; j++) {
        bool bit = false;
        int bj = pcmpstr_elem(&b, j, fmt);

        switch (agg) {
        case 0: /* equal any */
            for (int i = 0; i < la && j < lb && !bit; i++) {
                bit = pcmpstr_elem(&a, i, fmt) == bj;
            }
            break;
        case 1: /* ranges */
            for (int i = 0; i + 1 < la && j < lb && !bit; i += 2) {
                bit = pcmpstr_elem(&a, i, fmt) <= bj &&
                      bj <= pcmpstr_elem(&a, i + 1, fmt);
            }
            break;
        case 2: /* equal each */
            if (j >= la && j >= lb) {
                bit = true;
            } else if (j >= la || j >= lb) {
                bit = false;
            } else {
                bit = pcmpstr_elem(&a, j, fmt) == bj;
            }
            break;
        default: /* equal ordered */
            bit = true;
            for (int k = 0; k < n - j && bit; k++) {
                if (k >= la) {
                    break;                       /* a ended: match */
                }
                if (j + k >= lb) {
                    bit = false;
                } else {
                    bit = pcmpstr_elem(&a, k, fmt) ==
                          pcmpstr_elem(&b, j + k, fmt);
                }
            }
            break;
        }
        res1 |= (uint32_t)bit << j;
    }

    switch (pol) {
    case 1:
        res2 = ~res1;
        break;
    case 3:
        res2 = res1 ^ ((1u << lb) - 1);
        break;
    default:
        res2 = res1;
        break;
    }
    res2 &= (1u << n) - 1;

    if (kind & 2) {
        X86XMMReg *x0 = &env->xmm_regs[0];
        SimdVec m = { .q = { 0, 0 } };

        if (imm & 0x40) {
            for (int j = 0; j < n; j++) {
                if (n == 16) {
                    m.b[j] = (res2 >> j) & 1 ? 0xff : 0;
                } else {
                    m.w[j] = (res2 >> j) & 1 ? 0xffff : 0;
                }
            }
        } else {
            m.l[0] = res2;
        }
        memcpy(x0, &m, 16);
    } else {
        uint32_t idx;

        if (!res2) {
            idx = n;
        } else if (imm & 0x40) {
            idx = 31 - __builtin_clz(res2);
        } else {
            idx = __builtin_ctz(res2);
        }
        env->regs[R_ECX] = idx;
    }
    fl |= res2 ? CC_C : 0;
    fl |= lb < n ? CC_Z : 0;
    fl |= la < n ? CC_S : 0;
    fl |= (res2 & 1) ? CC_O : 0;
    return fl;
}
