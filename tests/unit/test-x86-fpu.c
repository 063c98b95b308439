/*
 * x87 helpers against the host's x87: arithmetic under every rounding
 * and precision control (reference computed by compiler-generated long
 * double code), loads, compares (FCOM/FCOMI), FXAM classes, the register
 * stack (overflow/underflow, tags, TOP) and the D9 E0..FF group.
 */
#include "qemu/osdep.h"
#include <math.h>
#include "target/i386/tcg/fpu-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

static uint64_t rng = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static long double rnd_ld(void)
{
    static const long double special[] = {
        0.0L, -0.0L, 1.0L, -1.0L, 3.0L, 1e4000L, -1e-4940L,
        1.0L / 3.0L, 0x1p-16445L, 1e308L, -2.5L,
    };
    long double v;

    switch (rnd() % 5) {
    case 0:
        return special[rnd() % G_N_ELEMENTS(special)];
    case 1: {
        /* random significand and exponent, J bit set */
        X86FPReg r = { .mant = rnd() | (1ull << 63),
                       .exp = (uint16_t)((rnd() % 200) + 16383 - 100) |
                              (rnd() & 1 ? 0x8000 : 0) };
        memcpy(&v, &r, 10);
        return v;
    }
    case 2:
        return __builtin_infl() * (rnd() & 1 ? 1 : -1);
    default:
        return ((long double)(int64_t)rnd() / 0x1p60L) *
               (long double)(rnd() % 1000 + 1);
    }
}

static CPUX86State *new_env(uint16_t cw)
{
    CPUX86State *env = g_new0(CPUX86State, 1);

    helper_fninit(env);
    env->fpuc = cw;
    return env;
}

static void set_st(CPUX86State *env, int i, long double v)
{
    X86FPReg *r = &env->fpregs[(env->fpstt + i) & 7];

    memcpy(r, &v, 10);
    env->fptags[(env->fpstt + i) & 7] = 0;
}

static long double get_st(CPUX86State *env, int i)
{
    long double v = 0;

    memcpy(&v, &env->fpregs[(env->fpstt + i) & 7], 10);
    return v;
}

static long double host_arith(int op, long double a, long double b,
                              uint16_t cw, uint16_t *sw)
{
    volatile long double va = a, vb = b, r = 0;
    uint16_t save;

    asm volatile("fnstcw %0" : "=m"(save));
    asm volatile("fnclex\n\tfldcw %0" : : "m"(cw) : "memory");
    switch (op) {
    case 0: r = va + vb; break;
    case 1: r = va * vb; break;
    case 4: r = va - vb; break;
    case 5: r = vb - va; break;
    case 6: r = va / vb; break;
    default: r = vb / va; break;
    }
    asm volatile("fnstsw %0\n\tfldcw %1" : "=m"(*sw) : "m"(save) : "memory");
    return r;
}

static void test_arith(void)
{
    static const int ops[] = { 0, 1, 4, 5, 6, 7 };
    int n = 0;

    for (int iter = 0; iter < 3000; iter++) {
        int op = ops[rnd() % 6];
        /* exceptions masked; random precision and rounding control */
        uint16_t cw = 0x3f | (uint16_t)((rnd() % 4) << 8) |
                      (uint16_t)((rnd() % 4) << 10) | 0x40;
        long double a = rnd_ld(), b = rnd_ld(), hr;
        uint16_t sw = 0;
        CPUX86State *env = new_env(cw);
        bool swap = rnd() & 1;

        env->fpstt = 6;
        set_st(env, 0, a);
        set_st(env, 1, b);
        if (!swap) {
            helper_farith_reg(env, op | 0 << 3 | 1 << 6);   /* ST0 op= ST1 */
        } else {
            /* DC form: ST1 = ST1 op ST0, then compare ST1 */
            set_st(env, 0, b);
            set_st(env, 1, a);
            helper_farith_reg(env, op | 1 << 3 | 0 << 6);
        }
        hr = host_arith(op, a, b, cw, &sw);
        long double got = get_st(env, swap ? 1 : 0);
        if (memcmp(&got, (const void *)&hr, 10) ||
            (env->fpus & FPUS_EXC) != (sw & FPUS_EXC)) {
            g_test_message("op %d cw %04x a %La b %La: host %La sw %04x, "
                           "helper %La fpus %04x", op, cw, a, b, hr, sw,
                           got, env->fpus);
            g_test_fail();
            g_free(env);
            return;
        }
        n++;
        g_free(env);
    }
    g_assert_cmpint(n, ==, 3000);
}

static void test_mem_operands(void)
{
    for (int iter = 0; iter < 1000; iter++) {
        uint16_t cw = 0x37f | (uint16_t)((rnd() % 4) << 10);
        long double a = rnd_ld();
        double m = (double)rnd_ld();
        int32_t mi = (int32_t)rnd();
        uint64_t mbits;
        uint16_t sw;
        CPUX86State *env = new_env(cw);
        long double hr;

        memcpy(&mbits, &m, 8);
        env->fpstt = 7;
        set_st(env, 0, a);
        helper_farith_m64(env, 0, mbits);                  /* FADD m64 */
        hr = host_arith(0, a, (long double)m, cw, &sw);
        long double got = get_st(env, 0);
        g_assert_cmpmem(&got, 10, (const void *)&hr, 10);

        set_st(env, 0, a);
        helper_farith_mi32(env, 6, mi);                    /* FIDIV m32 */
        hr = host_arith(6, a, (long double)mi, cw, &sw);
        got = get_st(env, 0);
        g_assert_cmpmem(&got, 10, (const void *)&hr, 10);
        g_free(env);
    }
}

static void test_stack(void)
{
    CPUX86State *env = new_env(0x37f);
    double one = 1.0;
    uint64_t bits;

    memcpy(&bits, &one, 8);
    for (int i = 0; i < 8; i++) {
        helper_fld_m64(env, bits);
        g_assert_cmpuint(env->fpstt, ==, (8 - 1 - i) & 7);
        g_assert_cmpuint(env->fpus & FPUS_IE, ==, 0);
    }
    /* ninth push: overflow, IE|SF|C1, the indefinite is loaded */
    helper_fld_m64(env, bits);
    g_assert_cmphex(env->fpus & (FPUS_IE | FPUS_SF | FPUS_C1), ==,
                    FPUS_IE | FPUS_SF | FPUS_C1);
    g_assert_cmphex(fpu_st(env, 0)->exp, ==, 0xffff);
    g_assert_cmphex(fpu_st(env, 0)->mant, ==, 0xc000000000000000ull);
    /* full tag word: all valid except ST0 special (NaN) */
    helper_fninit(env);
    g_assert_cmphex(fpu_full_tags(env), ==, 0xffff);
    /* underflow: FADD with an empty ST1, unmasked IE leaves ST0 alone */
    env->fpuc = 0x37e;
    helper_fld_m64(env, bits);
    helper_farith_reg(env, 0 | 0 << 3 | 1 << 6);
    g_assert_cmphex(env->fpus & (FPUS_IE | FPUS_SF | FPUS_C1 | FPUS_ES), ==,
                    FPUS_IE | FPUS_SF | FPUS_ES);
    g_assert_cmphex(fpu_st(env, 0)->exp, ==, 0x3fff);
    helper_fnclex(env);
    g_assert_cmphex(env->fpus & (FPUS_EXC | FPUS_ES | FPUS_B), ==, 0);
    /* FXCH, FINCSTP/FDECSTP */
    helper_fld_const(env, 3);           /* pi */
    helper_fxch(env, 1);
    g_assert_cmphex(fpu_st(env, 0)->exp, ==, 0x3fff);
    helper_fspecial(env, 0x17);         /* D9 F7: modrm - 0xe0 */
    g_assert_cmpuint(env->fpstt, ==, 7);
    helper_fspecial(env, 0x16);         /* D9 F6 */
    g_assert_cmpuint(env->fpstt, ==, 6);
    /* FCMOVcc with an empty ST(i) faults even when the condition is false */
    helper_fnclex(env);
    env->fpuc = 0x37f;
    env->fpus |= FPUS_C1;
    helper_ffree(env, 1);
    helper_fcmov(env, 1);
    g_assert_cmphex(env->fpus & (FPUS_IE | FPUS_SF | FPUS_C1), ==,
                    FPUS_IE | FPUS_SF);
    g_assert_cmphex(fpu_st(env, 0)->exp, ==, 0xffff);   /* indefinite */
    g_assert_cmpuint(env->fpstt, ==, 6);
    /* FXTRACT on an empty ST0 (masked): pushes two indefinites */
    helper_fnclex(env);
    helper_ffree(env, 0);
    helper_fspecial(env, 0x14);
    g_assert_cmphex(env->fpus & (FPUS_IE | FPUS_SF), ==, FPUS_IE | FPUS_SF);
    g_assert_cmpuint(env->fpstt, ==, 5);
    g_assert_cmphex(fpu_st(env, 0)->exp, ==, 0xffff);
    g_assert_cmphex(fpu_st(env, 1)->exp, ==, 0xffff);
    g_assert_cmphex(fpu_st(env, 0)->mant, ==, 0xc000000000000000ull);
    g_free(env);
}

static void test_compare(void)
{
    static const struct {
        long double a, b;
        uint16_t cc;                    /* C3 C2 C0 */
        uint32_t fl;
    } t[] = {
        { 1.0L, 2.0L, FPUS_C0, CC_C },
        { 2.0L, 1.0L, 0, 0 },
        { 2.0L, 2.0L, FPUS_C3, CC_Z },
        { -0.0L, 0.0L, FPUS_C3, CC_Z },
        { __builtin_nanl(""), 1.0L, FPUS_C0 | FPUS_C2 | FPUS_C3,
          CC_C | CC_P | CC_Z },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
        CPUX86State *env = new_env(0x37f);

        env->fpstt = 6;
        set_st(env, 0, t[i].a);
        set_st(env, 1, t[i].b);
        helper_fcom_reg(env, 1 | 1 << 5);           /* FUCOM ST1 */
        g_assert_cmphex(env->fpus & (FPUS_C0 | FPUS_C2 | FPUS_C3), ==,
                        t[i].cc);
        g_assert_cmphex(helper_fcomi(env, 1 | 1 << 5), ==, t[i].fl);
        g_assert_cmpuint(env->fpus & FPUS_IE, ==, 0);    /* QNaN: FUCOM */
        helper_fcom_reg(env, 1);                     /* FCOM: IE on NaN */
        g_assert_cmpuint(env->fpus & FPUS_IE, ==,
                         (t[i].cc & FPUS_C2) ? FPUS_IE : 0);
        helper_fcom_reg(env, 1 | 2 << 3);            /* FCOMPP */
        g_assert_cmpuint(env->fpstt, ==, 0);
        g_assert_cmpuint(env->fptags[6] & env->fptags[7], ==, 1);
        g_free(env);
    }
}

static void test_fxam(void)
{
    static const struct {
        long double v;
        uint16_t cc;
    } t[] = {
        { 1.0L, FPUS_C2 },
        { -1.0L, FPUS_C2 | FPUS_C1 },
        { 0.0L, FPUS_C3 },
        { __builtin_infl(), FPUS_C2 | FPUS_C0 },
        { __builtin_nanl(""), FPUS_C0 },
        { 0x1p-16445L, FPUS_C3 | FPUS_C2 },
    };
    CPUX86State *env = new_env(0x37f);

    helper_fspecial(env, 0x05);                      /* empty */
    g_assert_cmphex(env->fpus & FPUS_CC & ~FPUS_C1, ==, FPUS_C3 | FPUS_C0);
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
        uint16_t sw;
        env->fpstt = 7;
        set_st(env, 0, t[i].v);
        helper_fspecial(env, 0x05);
        g_assert_cmphex(env->fpus & FPUS_CC, ==, t[i].cc);
        /* the host agrees */
        asm volatile("fldt %1\n\tfxam\n\tfnstsw %0\n\tfstp %%st(0)"
                     : "=m"(sw) : "m"(t[i].v) : "st");
        g_assert_cmphex(sw & FPUS_CC, ==, t[i].cc);
    }
    g_free(env);
}

static void test_special_ops(void)
{
    CPUX86State *env = new_env(0x37f);
    long double v;

    env->fpstt = 7;
    set_st(env, 0, 2.0L);
    helper_fspecial(env, 0x1a);                      /* FSQRT */
    v = get_st(env, 0);
    g_assert_true(v == sqrtl(2.0L));

    helper_fspecial(env, 0x12);                      /* FPTAN: pushes 1 */
    g_assert_cmpuint(env->fpstt, ==, 6);
    g_assert_true(get_st(env, 0) == 1.0L);

    helper_fspecial(env, 0x13);                      /* FPATAN(x/1) */
    g_assert_cmpuint(env->fpstt, ==, 7);

    set_st(env, 0, 7.0L);
    helper_fld_const(env, 6);                        /* 0 */
    set_st(env, 0, 3.0L);                            /* ST0 3, ST1 7? */
    helper_fxch(env, 1);                             /* ST0 7, ST1 3 */
    helper_fspecial(env, 0x18);                      /* FPREM: 7 rem 3 */
    g_assert_true(get_st(env, 0) == 1.0L);
    /* quotient 2: C1 = q0 = 0, C3 = q1 = 1, C0 = q2 = 0; C2 = 0 done */
    g_assert_cmphex(env->fpus & FPUS_CC, ==, FPUS_C3);

    helper_fspecial(env, 0x14);                      /* FXTRACT(1) */
    g_assert_true(get_st(env, 0) == 1.0L);
    g_assert_true(get_st(env, 1) == 0.0L);
    g_free(env);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86-fpu/arith", test_arith);
    g_test_add_func("/x86-fpu/mem-operands", test_mem_operands);
    g_test_add_func("/x86-fpu/stack", test_stack);
    g_test_add_func("/x86-fpu/compare", test_compare);
    g_test_add_func("/x86-fpu/fxam", test_fxam);
    g_test_add_func("/x86-fpu/special", test_special_ops);
    return g_test_run();
}
