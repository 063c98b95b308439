/*
 * The native x86-64 backend: every op on edge values against a C
 * reference and against the interpreter backend (same op list, whole
 * CPU state compared), operand forms that stress the allocator (globals,
 * constants, TB and EBB temps, aliasing), register pressure, helper
 * calls, the soft-TLB fast path, TB chaining, goto_ptr, the host-feature
 * fallbacks, and thousands of random programs (tcg-randprog).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include "tcg/tcg.h"
#include "exec/exec-all.h"
#include "target/i386/cpu.h"
#include "tcg-randprog.h"

/* from tcg/x86_64/native.h (test hook) */
void tcg_native_set_host_features(unsigned mask);
unsigned tcg_native_get_host_features(void);

#define CODE_SIZE (8 * 1024 * 1024)
#define SCRATCH_OFS ((intptr_t)offsetof(CPUX86State, xmm_regs))
#define SCRATCH_SIZE 128

static X86CPU *cpu_n, *cpu_i, *cpu_init;
static uint8_t *env;              /* cpu_n's env: what tests look at */
static uint8_t *nat_buf, *nat_start;
static uint8_t *int_buf, *int_start;
static const void *nat_epilogue, *int_epilogue;
static RandProgGlobals rg;
static TranslationBlock tb_n, tb_i;
static bool check_interp = true;

#define GOFS(i) (rg.ofs64[i])
#define WOFS(i) (rg.ofs32[i])

static uint64_t get64(int i)
{
    uint64_t v;
    memcpy(&v, env + GOFS(i), 8);
    return v;
}

static void set64(int i, uint64_t v)
{
    memcpy(env + GOFS(i), &v, 8);
}

static uint32_t get32(int i)
{
    uint32_t v;
    memcpy(&v, env + WOFS(i), 4);
    return v;
}

static uint32_t get32_above(int i)
{
    uint32_t v;
    memcpy(&v, env + WOFS(i) + 4, 4);
    return v;
}

static void set32(int i, uint32_t v)
{
    memcpy(env + WOFS(i), &v, 4);
}

static uint8_t *map_code(void)
{
    void *p = mmap(NULL, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert(p != MAP_FAILED);
    return p;
}

static void setup(void)
{
    TCGContext *s;

    tcg_init();
    randprog_register_globals(&rg, offsetof(CPUX86State, regs), 8, 8);
    cpu_n = g_malloc0(sizeof(X86CPU));
    cpu_i = g_malloc0(sizeof(X86CPU));
    cpu_init = g_malloc0(sizeof(X86CPU));
    env = (uint8_t *)&cpu_n->env;
    s = tcg_ctx;

    int_buf = map_code();
    s->code_buf = s->code_ptr = int_buf;
    s->code_end = int_buf + CODE_SIZE;
    tcg_backend_interp.init_code_buffer(s);
    int_start = s->code_ptr;
    int_epilogue = tcg_code_gen_epilogue;

    nat_buf = map_code();
    s->code_buf = s->code_ptr = nat_buf;
    s->code_end = nat_buf + CODE_SIZE;
    tcg_backend_native.init_code_buffer(s);
    nat_start = s->code_ptr;
    nat_epilogue = tcg_code_gen_epilogue;
    g_assert(nat_epilogue != NULL);
}

static void begin(void)
{
    tcg_func_start(tcg_ctx);
}

static int gen_native(TranslationBlock *tb, uint8_t *at, uint8_t *end)
{
    TCGContext *s = tcg_ctx;

    memset(tb, 0, sizeof(*tb));
    s->code_buf = s->code_ptr = at;
    s->code_end = end;
    s->backend = &tcg_backend_native;
    return tcg_backend_native.gen_code(s, tb);
}

static void gen_interp(TranslationBlock *tb)
{
    TCGContext *s = tcg_ctx;
    int n;

    memset(tb, 0, sizeof(*tb));
    s->code_buf = s->code_ptr = int_start;
    s->code_end = int_buf + CODE_SIZE;
    s->backend = &tcg_backend_interp;
    n = tcg_backend_interp.gen_code(s, tb);
    g_assert_cmpint(n, >, 0);
}

static char *describe_ops(void)
{
    GString *out = g_string_new(NULL);

    tcg_dump_ops(tcg_ctx, out);
    return g_string_free(out, false);
}

/*
 * Optimizes (if asked), runs liveness, translates with both backends and
 * runs both on copies of cpu_n's state; the states must match after.
 * Returns the native exit value.
 */
static uintptr_t run_both(bool opt)
{
    uintptr_t rn, ri;
    int n;

    if (opt) {
        tcg_optimize(tcg_ctx);
    }
    tcg_liveness_analysis(tcg_ctx);
    memcpy(cpu_init, cpu_n, sizeof(X86CPU));
    n = gen_native(&tb_n, nat_start, nat_buf + CODE_SIZE);
    g_assert_cmpint(n, >, 0);
    g_assert(tb_n.tc.ptr == nat_start && tb_n.tc.size == (uint32_t)n);
    rn = tcg_backend_native.exec(&cpu_n->env, tb_n.tc.ptr);
    if (!check_interp) {
        return rn;
    }
    gen_interp(&tb_i);
    memcpy(cpu_i, cpu_init, sizeof(X86CPU));
    ri = tcg_backend_interp.exec(&cpu_i->env, tb_i.tc.ptr);
    if (rn != ri || memcmp(&cpu_n->env, &cpu_i->env, sizeof(CPUX86State))) {
        char *ops = describe_ops();
        for (size_t i = 0; i < sizeof(CPUX86State); i++) {
            if (((uint8_t *)&cpu_n->env)[i] != ((uint8_t *)&cpu_i->env)[i]) {
                g_printerr("first difference at env+%zu\n", i);
                break;
            }
        }
        g_error("native and interp differ (exit %#" PRIxPTR " vs %#"
                PRIxPTR ")\n%s", rn, ri, ops);
    }
    return rn;
}

static uintptr_t run(bool opt)
{
    tcg_gen_exit_tb(NULL, 0);
    return run_both(opt);
}

/* ---------------- reference semantics ---------------- */

static const uint64_t vals[] = {
    0, 1, 2, 0x1f, 0x20, 0x3f, 0x40, 0x7f, 0x80, 0xff, 0x8000,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
    0x123456789abcdef0ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
    0xfffffffffffffffeULL, 0xffffffffffffffffULL, 0xffffffff80000000ULL,
};

typedef enum {
    B_ADD, B_SUB, B_MUL, B_AND, B_OR, B_XOR, B_ANDC, B_SHL, B_SHR, B_SAR,
    B_ROTL, B_ROTR, B_DIV, B_DIVU, B_REM, B_REMU, B_CLZ, B_CTZ, B_NB
} BinOp;

static const char *const bin_names[B_NB] = {
    "add", "sub", "mul", "and", "or", "xor", "andc", "shl", "shr", "sar",
    "rotl", "rotr", "div", "divu", "rem", "remu", "clz", "ctz",
};

static uint64_t rotl(uint64_t a, unsigned c, int w)
{
    uint64_t m = w == 64 ? ~0ull : 0xffffffffull;
    a &= m;
    c &= w - 1;
    return c ? ((a << c) | (a >> (w - c))) & m : a;
}

static bool bin_ok(BinOp op, int w, uint64_t a, uint64_t b)
{
    if (op >= B_DIV && op <= B_REMU) {
        if (w == 64) {
            return b != 0 && !((op == B_DIV || op == B_REM) &&
                               a == 1ull << 63 && b == ~0ull);
        }
        return (uint32_t)b != 0 &&
               !((op == B_DIV || op == B_REM) && (uint32_t)a == 1u << 31 &&
                 (uint32_t)b == ~0u);
    }
    return true;
}

/* a op b on w-bit values (the result truncated to w bits). */
static uint64_t ref_bin(BinOp op, int w, uint64_t a, uint64_t b)
{
    uint64_t m = w == 64 ? ~0ull : 0xffffffffull;
    int64_t sa = w == 64 ? (int64_t)a : (int32_t)a;
    int64_t sb = w == 64 ? (int64_t)b : (int32_t)b;
    uint64_t r;

    a &= m;
    b &= m;
    switch (op) {
    case B_ADD:  r = a + b; break;
    case B_SUB:  r = a - b; break;
    case B_MUL:  r = a * b; break;
    case B_AND:  r = a & b; break;
    case B_OR:   r = a | b; break;
    case B_XOR:  r = a ^ b; break;
    case B_ANDC: r = a & ~b; break;
    case B_SHL:  r = a << (b & (w - 1)); break;
    case B_SHR:  r = a >> (b & (w - 1)); break;
    case B_SAR:  r = sa >> (b & (w - 1)); break;
    case B_ROTL: r = rotl(a, b, w); break;
    case B_ROTR: r = rotl(a, w - (b & (w - 1)), w); break;
    case B_DIV:  r = sa / sb; break;
    case B_DIVU: r = a / b; break;
    case B_REM:  r = sa % sb; break;
    case B_REMU: r = a % b; break;
    case B_CLZ:  r = a ? __builtin_clzll(a) - (64 - w) : b; break;
    case B_CTZ:  r = a ? __builtin_ctzll(a) : b; break;
    default:     g_assert_not_reached();
    }
    return r & m;
}

static void gen_bin64(BinOp op, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    switch (op) {
    case B_ADD:  tcg_gen_add_i64(d, a, b); break;
    case B_SUB:  tcg_gen_sub_i64(d, a, b); break;
    case B_MUL:  tcg_gen_mul_i64(d, a, b); break;
    case B_AND:  tcg_gen_and_i64(d, a, b); break;
    case B_OR:   tcg_gen_or_i64(d, a, b); break;
    case B_XOR:  tcg_gen_xor_i64(d, a, b); break;
    case B_ANDC: tcg_gen_andc_i64(d, a, b); break;
    case B_SHL:  tcg_gen_shl_i64(d, a, b); break;
    case B_SHR:  tcg_gen_shr_i64(d, a, b); break;
    case B_SAR:  tcg_gen_sar_i64(d, a, b); break;
    case B_ROTL: tcg_gen_rotl_i64(d, a, b); break;
    case B_ROTR: tcg_gen_rotr_i64(d, a, b); break;
    case B_DIV:  tcg_gen_div_i64(d, a, b); break;
    case B_DIVU: tcg_gen_divu_i64(d, a, b); break;
    case B_REM:  tcg_gen_rem_i64(d, a, b); break;
    case B_REMU: tcg_gen_remu_i64(d, a, b); break;
    case B_CLZ:  tcg_gen_clz_i64(d, a, b); break;
    case B_CTZ:  tcg_gen_ctz_i64(d, a, b); break;
    default:     g_assert_not_reached();
    }
}

static void gen_bin32(BinOp op, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    switch (op) {
    case B_ADD:  tcg_gen_add_i32(d, a, b); break;
    case B_SUB:  tcg_gen_sub_i32(d, a, b); break;
    case B_MUL:  tcg_gen_mul_i32(d, a, b); break;
    case B_AND:  tcg_gen_and_i32(d, a, b); break;
    case B_OR:   tcg_gen_or_i32(d, a, b); break;
    case B_XOR:  tcg_gen_xor_i32(d, a, b); break;
    case B_ANDC: tcg_gen_andc_i32(d, a, b); break;
    case B_SHL:  tcg_gen_shl_i32(d, a, b); break;
    case B_SHR:  tcg_gen_shr_i32(d, a, b); break;
    case B_SAR:  tcg_gen_sar_i32(d, a, b); break;
    case B_ROTL: tcg_gen_rotl_i32(d, a, b); break;
    case B_ROTR: tcg_gen_rotr_i32(d, a, b); break;
    case B_DIV:  tcg_gen_div_i32(d, a, b); break;
    case B_DIVU: tcg_gen_divu_i32(d, a, b); break;
    case B_REM:  tcg_gen_rem_i32(d, a, b); break;
    case B_REMU: tcg_gen_remu_i32(d, a, b); break;
    case B_CLZ:  tcg_gen_clz_i32(d, a, b); break;
    case B_CTZ:  tcg_gen_ctz_i32(d, a, b); break;
    default:     g_assert_not_reached();
    }
}

/*
 * One program, many operand forms of the same a op b: globals, constant
 * second/first/both, TB temp in place (t = t op b), EBB temp as second
 * operand and output (e = a op e), and an output aliasing the first
 * input global (g1 = g1 op g0 style, through a copy).
 */
static void check_bin64(BinOp op, uint64_t a, uint64_t b, bool opt)
{
    TCGv_i64 ca, cb, t, e;
    uint64_t want = ref_bin(op, 64, a, b);

    begin();
    ca = tcg_constant_i64(a);
    cb = tcg_constant_i64(b);
    set64(0, a);
    set64(1, b);
    t = tcg_temp_new_i64();
    e = tcg_temp_ebb_new_i64();
    gen_bin64(op, rg.g64[2], rg.g64[0], rg.g64[1]);
    gen_bin64(op, rg.g64[3], rg.g64[0], cb);
    gen_bin64(op, rg.g64[4], ca, rg.g64[1]);
    gen_bin64(op, rg.g64[5], ca, cb);
    tcg_gen_mov_i64(t, rg.g64[0]);
    gen_bin64(op, t, t, rg.g64[1]);
    tcg_gen_mov_i64(rg.g64[6], t);
    tcg_gen_mov_i64(e, rg.g64[1]);
    gen_bin64(op, e, rg.g64[0], e);
    tcg_gen_mov_i64(rg.g64[7], e);
    /* in place on a global: g0 = g0 op g1 last (g0 is read above) */
    gen_bin64(op, rg.g64[0], rg.g64[0], rg.g64[1]);
    g_assert_cmphex(run(opt), ==, 0);
    for (int i = 2; i < 8; i++) {
        if (get64(i) != want) {
            g_error("%s_i64(%#" PRIx64 ", %#" PRIx64 ") opt=%d form %d: "
                    "got %#" PRIx64 " want %#" PRIx64, bin_names[op], a, b,
                    opt, i, get64(i), want);
        }
    }
    g_assert_cmphex(get64(0), ==, want);
}

static void check_bin32(BinOp op, uint32_t a, uint32_t b, bool opt)
{
    TCGv_i32 ca, cb, t, e;
    uint32_t want = ref_bin(op, 32, a, b);

    begin();
    ca = tcg_constant_i32(a);
    cb = tcg_constant_i32(b);
    memset(env + WOFS(0), 0xaa, 8 * 8);
    set32(0, a);
    set32(1, b);
    t = tcg_temp_new_i32();
    e = tcg_temp_ebb_new_i32();
    gen_bin32(op, rg.g32[2], rg.g32[0], rg.g32[1]);
    gen_bin32(op, rg.g32[3], rg.g32[0], cb);
    gen_bin32(op, rg.g32[4], ca, rg.g32[1]);
    gen_bin32(op, rg.g32[5], ca, cb);
    tcg_gen_mov_i32(t, rg.g32[0]);
    gen_bin32(op, t, t, rg.g32[1]);
    tcg_gen_mov_i32(rg.g32[6], t);
    tcg_gen_mov_i32(e, rg.g32[1]);
    gen_bin32(op, e, rg.g32[0], e);
    tcg_gen_mov_i32(rg.g32[7], e);
    g_assert_cmphex(run(opt), ==, 0);
    for (int i = 2; i < 8; i++) {
        if (get32(i) != want) {
            g_error("%s_i32(%#x, %#x) opt=%d form %d: got %#x want %#x",
                    bin_names[op], a, b, opt, i, get32(i), want);
        }
        g_assert_cmphex(get32_above(i), ==, 0xaaaaaaaa);
    }
}

static void test_binary(void)
{
    for (BinOp op = 0; op < B_NB; op++) {
        for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
            for (size_t j = 0; j < G_N_ELEMENTS(vals); j++) {
                for (int opt = 0; opt < 2; opt++) {
                    if (bin_ok(op, 64, vals[i], vals[j])) {
                        check_bin64(op, vals[i], vals[j], opt);
                    }
                    if (bin_ok(op, 32, vals[i], vals[j])) {
                        check_bin32(op, vals[i], vals[j], opt);
                    }
                }
            }
        }
    }
}

/* x op x through one global: both operands in one register. */
static void test_binary_same(void)
{
    for (BinOp op = 0; op < B_NB; op++) {
        for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
            uint64_t a = vals[i];

            if (bin_ok(op, 64, a, a)) {
                begin();
                set64(0, a);
                gen_bin64(op, rg.g64[2], rg.g64[0], rg.g64[0]);
                gen_bin64(op, rg.g64[0], rg.g64[0], rg.g64[0]);
                run(false);
                g_assert_cmphex(get64(2), ==, ref_bin(op, 64, a, a));
                g_assert_cmphex(get64(0), ==, ref_bin(op, 64, a, a));
            }
            if (bin_ok(op, 32, a, a)) {
                begin();
                set32(0, a);
                gen_bin32(op, rg.g32[2], rg.g32[0], rg.g32[0]);
                run(false);
                g_assert_cmphex(get32(2), ==, ref_bin(op, 32, a, a));
            }
        }
    }
}

typedef enum {
    U_NEG, U_NOT, U_EXT8S, U_EXT8U, U_EXT16S, U_EXT16U, U_EXT32S, U_EXT32U,
    U_BSWAP16, U_BSWAP32, U_BSWAP64, U_CTPOP, U_MOV, U_NB
} UnOp;

static uint64_t ref_un(UnOp op, int w, uint64_t a)
{
    uint64_t m = w == 64 ? ~0ull : 0xffffffffull;
    uint64_t r;

    a &= m;
    switch (op) {
    case U_NEG:     r = -a; break;
    case U_NOT:     r = ~a; break;
    case U_EXT8S:   r = (int64_t)(int8_t)a; break;
    case U_EXT8U:   r = (uint8_t)a; break;
    case U_EXT16S:  r = (int64_t)(int16_t)a; break;
    case U_EXT16U:  r = (uint16_t)a; break;
    case U_EXT32S:  r = (int64_t)(int32_t)a; break;
    case U_EXT32U:  r = (uint32_t)a; break;
    case U_BSWAP16: r = ((a >> 8) & 0xff) | ((a & 0xff) << 8); break;
    case U_BSWAP32: r = __builtin_bswap32(a); break;
    case U_BSWAP64: r = __builtin_bswap64(a); break;
    case U_CTPOP:   r = __builtin_popcountll(a); break;
    case U_MOV:     r = a; break;
    default:        g_assert_not_reached();
    }
    return r & m;
}

static bool gen_un(UnOp op, bool is64, TCGTemp *d, TCGTemp *a)
{
    if (is64) {
        TCGv_i64 dd = temp_tcgv_i64(d), aa = temp_tcgv_i64(a);

        switch (op) {
        case U_NEG:     tcg_gen_neg_i64(dd, aa); break;
        case U_NOT:     tcg_gen_not_i64(dd, aa); break;
        case U_EXT8S:   tcg_gen_ext8s_i64(dd, aa); break;
        case U_EXT8U:   tcg_gen_ext8u_i64(dd, aa); break;
        case U_EXT16S:  tcg_gen_ext16s_i64(dd, aa); break;
        case U_EXT16U:  tcg_gen_ext16u_i64(dd, aa); break;
        case U_EXT32S:  tcg_gen_ext32s_i64(dd, aa); break;
        case U_EXT32U:  tcg_gen_ext32u_i64(dd, aa); break;
        case U_BSWAP16: tcg_gen_bswap16_i64(dd, aa); break;
        case U_BSWAP32: tcg_gen_bswap32_i64(dd, aa); break;
        case U_BSWAP64: tcg_gen_bswap64_i64(dd, aa); break;
        case U_CTPOP:   tcg_gen_ctpop_i64(dd, aa); break;
        case U_MOV:     tcg_gen_mov_i64(dd, aa); break;
        default:        g_assert_not_reached();
        }
        return true;
    } else {
        TCGv_i32 dd = temp_tcgv_i32(d), aa = temp_tcgv_i32(a);

        switch (op) {
        case U_NEG:     tcg_gen_neg_i32(dd, aa); break;
        case U_NOT:     tcg_gen_not_i32(dd, aa); break;
        case U_EXT8S:   tcg_gen_ext8s_i32(dd, aa); break;
        case U_EXT8U:   tcg_gen_ext8u_i32(dd, aa); break;
        case U_EXT16S:  tcg_gen_ext16s_i32(dd, aa); break;
        case U_EXT16U:  tcg_gen_ext16u_i32(dd, aa); break;
        case U_BSWAP16: tcg_gen_bswap16_i32(dd, aa); break;
        case U_BSWAP32: tcg_gen_bswap32_i32(dd, aa); break;
        case U_CTPOP:   tcg_gen_ctpop_i32(dd, aa); break;
        case U_MOV:     tcg_gen_mov_i32(dd, aa); break;
        default:        return false;
        }
        return true;
    }
}

static void test_unary(void)
{
    for (UnOp op = 0; op < U_NB; op++) {
        for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
            uint64_t a = vals[i];

            for (int opt = 0; opt < 2; opt++) {
                TCGv_i64 t;
                TCGv_i32 t32;

                begin();
                set64(0, a);
                t = tcg_temp_new_i64();
                gen_un(op, true, tcgv_i64_temp(rg.g64[1]),
                       tcgv_i64_temp(rg.g64[0]));
                gen_un(op, true, tcgv_i64_temp(rg.g64[2]),
                       tcgv_i64_temp(tcg_constant_i64(a)));
                tcg_gen_mov_i64(t, rg.g64[0]);
                gen_un(op, true, tcgv_i64_temp(t), tcgv_i64_temp(t));
                tcg_gen_mov_i64(rg.g64[3], t);
                gen_un(op, true, tcgv_i64_temp(rg.g64[0]),
                       tcgv_i64_temp(rg.g64[0]));
                run(opt);
                for (int k = 0; k < 4; k++) {
                    if (get64(k) != ref_un(op, 64, a)) {
                        g_error("unary %d i64(%#" PRIx64 ") form %d: got %#"
                                PRIx64, op, a, k, get64(k));
                    }
                }

                begin();
                memset(env + WOFS(0), 0xaa, 8 * 8);
                set32(0, a);
                t32 = tcg_temp_new_i32();
                if (!gen_un(op, false, tcgv_i32_temp(rg.g32[1]),
                            tcgv_i32_temp(rg.g32[0]))) {
                    continue;
                }
                gen_un(op, false, tcgv_i32_temp(rg.g32[2]),
                       tcgv_i32_temp(tcg_constant_i32(a)));
                tcg_gen_mov_i32(t32, rg.g32[0]);
                gen_un(op, false, tcgv_i32_temp(t32), tcgv_i32_temp(t32));
                tcg_gen_mov_i32(rg.g32[3], t32);
                run(opt);
                for (int k = 1; k < 4; k++) {
                    if (get32(k) != (uint32_t)ref_un(op, 32, a)) {
                        g_error("unary %d i32(%#x) form %d: got %#x", op,
                                (uint32_t)a, k, get32(k));
                    }
                    g_assert_cmphex(get32_above(k), ==, 0xaaaaaaaa);
                }
            }
        }
    }
}

/* ---------------- random programs ---------------- */

static void run_random(uint64_t seed, bool opt, int nb_ops, bool calls)
{
    RandProgOpts o = {
        .nb_ops = nb_ops,
        .branches = true,
        .env_ldst = true,
        .calls = calls,
        .scratch_ofs = SCRATCH_OFS,
        .scratch_size = SCRATCH_SIZE,
    };

    begin();
    randprog_emit(seed, &o, &rg);
    randprog_init_env(seed, env, &rg, &o);
    run_both(opt);
}

static void test_random(void)
{
    for (uint64_t seed = 1; seed <= 3000; seed++) {
        run_random(seed, seed & 1, 20 + seed % 80, seed % 3 != 0);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup();
    g_test_add_func("/tcg-native/binary", test_binary);
    g_test_add_func("/tcg-native/binary-same", test_binary_same);
    g_test_add_func("/tcg-native/unary", test_unary);
    g_test_add_func("/tcg-native/random", test_random);
    return g_test_run();
}
