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

/* ---------------- comparisons ---------------- */

static const TCGCond conds[] = {
    TCG_COND_NEVER, TCG_COND_ALWAYS, TCG_COND_EQ, TCG_COND_NE,
    TCG_COND_LT, TCG_COND_GE, TCG_COND_LE, TCG_COND_GT, TCG_COND_LTU,
    TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU, TCG_COND_TSTEQ,
    TCG_COND_TSTNE,
};

static const uint64_t cvals[] = {
    0, 1, 0x7f, 0x80, 0x7fffffff, 0x80000000, 0xffffffff,
    0x100000000ULL, 0x8000000000000000ULL, 0xffffffffffffffffULL,
    0xfffffffffffffffeULL,
};

static bool ref_cond(TCGCond c, int w, uint64_t a, uint64_t b)
{
    uint64_t m = w == 64 ? ~0ull : 0xffffffffull;
    int64_t sa = w == 64 ? (int64_t)a : (int32_t)a;
    int64_t sb = w == 64 ? (int64_t)b : (int32_t)b;

    a &= m;
    b &= m;
    switch (c) {
    case TCG_COND_NEVER:  return false;
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ:     return a == b;
    case TCG_COND_NE:     return a != b;
    case TCG_COND_LT:     return sa < sb;
    case TCG_COND_GE:     return sa >= sb;
    case TCG_COND_LE:     return sa <= sb;
    case TCG_COND_GT:     return sa > sb;
    case TCG_COND_LTU:    return a < b;
    case TCG_COND_GEU:    return a >= b;
    case TCG_COND_LEU:    return a <= b;
    case TCG_COND_GTU:    return a > b;
    case TCG_COND_TSTEQ:  return (a & b) == 0;
    case TCG_COND_TSTNE:  return (a & b) != 0;
    }
    g_assert_not_reached();
}

/*
 * setcond (reg/reg, reg/const, const/reg), negsetcond, movcond (value
 * operands aliasing the compared ones too) and brcond, I64 then I32.
 */
static void check_cond64(TCGCond c, uint64_t a, uint64_t b, bool opt)
{
    TCGv_i64 ca = tcg_constant_i64(a), cb = tcg_constant_i64(b);
    TCGv_i64 t = tcg_temp_new_i64();
    TCGLabel *l = gen_new_label();
    bool want = ref_cond(c, 64, a, b);

    set64(0, a);
    set64(1, b);
    set64(7, 0x1234);
    tcg_gen_setcond_i64(c, rg.g64[2], rg.g64[0], rg.g64[1]);
    tcg_gen_setcond_i64(c, rg.g64[3], rg.g64[0], cb);
    tcg_gen_setcond_i64(c, rg.g64[4], ca, rg.g64[1]);
    tcg_gen_negsetcond_i64(c, rg.g64[5], rg.g64[0], rg.g64[1]);
    tcg_gen_movi_i64(t, 0x5555);
    tcg_gen_movcond_i64(c, rg.g64[6], rg.g64[0], rg.g64[1], rg.g64[0], t);
    tcg_gen_brcond_i64(c, rg.g64[0], rg.g64[1], l);
    tcg_gen_movi_i64(rg.g64[7], 0x4321);
    tcg_gen_set_label(l);
    tcg_gen_movcond_i64(c, rg.g64[1], rg.g64[0], cb, rg.g64[1], rg.g64[0]);
    run(opt);
    g_assert_cmphex(get64(2), ==, want);
    g_assert_cmphex(get64(3), ==, want);
    g_assert_cmphex(get64(4), ==, want);
    g_assert_cmphex(get64(5), ==, want ? ~0ull : 0);
    g_assert_cmphex(get64(6), ==, want ? a : 0x5555);
    g_assert_cmphex(get64(7), ==, want ? 0x1234 : 0x4321);
    g_assert_cmphex(get64(1), ==, want ? b : a);
}

static void check_cond32(TCGCond c, uint32_t a, uint32_t b, bool opt)
{
    TCGv_i32 ca = tcg_constant_i32(a), cb = tcg_constant_i32(b);
    TCGLabel *l = gen_new_label();
    bool want = ref_cond(c, 32, a, b);

    memset(env + WOFS(0), 0xaa, 8 * 8);
    set32(0, a);
    set32(1, b);
    set32(7, 0x1234);
    tcg_gen_setcond_i32(c, rg.g32[2], rg.g32[0], rg.g32[1]);
    tcg_gen_setcond_i32(c, rg.g32[3], rg.g32[0], cb);
    tcg_gen_setcond_i32(c, rg.g32[4], ca, rg.g32[1]);
    tcg_gen_movcond_i32(c, rg.g32[6], rg.g32[0], rg.g32[1], cb, ca);
    tcg_gen_brcond_i32(c, rg.g32[0], cb, l);
    tcg_gen_movi_i32(rg.g32[7], 0x4321);
    tcg_gen_set_label(l);
    run(opt);
    g_assert_cmphex(get32(2), ==, want);
    g_assert_cmphex(get32(3), ==, want);
    g_assert_cmphex(get32(4), ==, want);
    g_assert_cmphex(get32(6), ==, want ? b : a);
    g_assert_cmphex(get32(7), ==, want ? 0x1234 : 0x4321);
    g_assert_cmphex(get32_above(2), ==, 0xaaaaaaaa);
}

static void test_cond(void)
{
    for (size_t k = 0; k < G_N_ELEMENTS(conds); k++) {
        for (size_t i = 0; i < G_N_ELEMENTS(cvals); i++) {
            for (size_t j = 0; j < G_N_ELEMENTS(cvals); j++) {
                for (int opt = 0; opt < 2; opt++) {
                    begin();
                    check_cond64(conds[k], cvals[i], cvals[j], opt);
                    begin();
                    check_cond32(conds[k], cvals[i], cvals[j], opt);
                }
            }
        }
    }
}

/* ---------------- bit fields, double-word ops ---------------- */

static uint64_t ref_extract(int w, uint64_t a, int ofs, int len, bool sign)
{
    uint64_t x = (w == 64 ? a : (uint32_t)a) >> ofs;
    uint64_t m = w == 64 ? ~0ull : 0xffffffffull;

    if (sign) {
        return ((int64_t)(x << (64 - len)) >> (64 - len)) & m;
    }
    return len == 64 ? x : x & ((1ull << len) - 1);
}

static uint64_t ref_deposit(int w, uint64_t a, uint64_t b, int ofs, int len)
{
    uint64_t field = len == 64 ? ~0ull : ((1ull << len) - 1) << ofs;
    uint64_t m = w == 64 ? ~0ull : 0xffffffffull;

    return ((a & ~field) | ((b << ofs) & field)) & m;
}

static void test_bitfield(void)
{
    static const uint64_t a = 0x8badf00ddeadbeefULL, b = 0xc3a5965a0ff01234ULL;

    for (int w = 32; w <= 64; w += 32) {
        for (int ofs = 0; ofs < w; ofs++) {
            for (int len = 1; ofs + len <= w; len++) {
                bool opt = (ofs + len) & 1;

                begin();
                if (w == 64) {
                    set64(0, a);
                    set64(1, b);
                    tcg_gen_extract_i64(rg.g64[2], rg.g64[0], ofs, len);
                    tcg_gen_sextract_i64(rg.g64[3], rg.g64[0], ofs, len);
                    tcg_gen_deposit_i64(rg.g64[4], rg.g64[0], rg.g64[1],
                                        ofs, len);
                    tcg_gen_deposit_i64(rg.g64[5], rg.g64[0],
                                        tcg_constant_i64(b), ofs, len);
                    tcg_gen_deposit_i64(rg.g64[6], rg.g64[0], rg.g64[0],
                                        ofs, len);
                    run(opt);
                    g_assert_cmphex(get64(2), ==,
                                    ref_extract(64, a, ofs, len, false));
                    g_assert_cmphex(get64(3), ==,
                                    ref_extract(64, a, ofs, len, true));
                    g_assert_cmphex(get64(4), ==,
                                    ref_deposit(64, a, b, ofs, len));
                    g_assert_cmphex(get64(5), ==,
                                    ref_deposit(64, a, b, ofs, len));
                    g_assert_cmphex(get64(6), ==,
                                    ref_deposit(64, a, a, ofs, len));
                } else {
                    set32(0, (uint32_t)a);
                    set32(1, (uint32_t)b);
                    tcg_gen_extract_i32(rg.g32[2], rg.g32[0], ofs, len);
                    tcg_gen_sextract_i32(rg.g32[3], rg.g32[0], ofs, len);
                    tcg_gen_deposit_i32(rg.g32[4], rg.g32[0], rg.g32[1],
                                        ofs, len);
                    tcg_gen_deposit_i32(rg.g32[5], tcg_constant_i32((uint32_t)a),
                                        rg.g32[1], ofs, len);
                    run(opt);
                    g_assert_cmphex(get32(2), ==,
                                    ref_extract(32, a, ofs, len, false));
                    g_assert_cmphex(get32(3), ==,
                                    ref_extract(32, a, ofs, len, true));
                    g_assert_cmphex(get32(4), ==,
                                    ref_deposit(32, a, b, ofs, len));
                    g_assert_cmphex(get32(5), ==,
                                    ref_deposit(32, a, b, ofs, len));
                }
            }
        }
    }
}

static void test_double_word(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(vals); j++) {
            uint64_t a = vals[i], b = vals[j];
            unsigned __int128 pu = (unsigned __int128)a * b;
            __int128 ps = (__int128)(int64_t)a * (int64_t)b;
            uint64_t pu32 = (uint64_t)(uint32_t)a * (uint32_t)b;
            int64_t ps32 = (int64_t)(int32_t)a * (int32_t)b;
            unsigned __int128 x = ((unsigned __int128)b << 64) | a;
            unsigned __int128 y = ((unsigned __int128)a << 64) | b;
            TCGv_i32 l32, h32;

            begin();
            set64(0, a);
            set64(1, b);
            tcg_gen_mulu2_i64(rg.g64[2], rg.g64[3], rg.g64[0], rg.g64[1]);
            tcg_gen_muls2_i64(rg.g64[4], rg.g64[5], rg.g64[0], rg.g64[1]);
            tcg_gen_add2_i64(rg.g64[6], rg.g64[7], rg.g64[0], rg.g64[1],
                             rg.g64[1], rg.g64[0]);
            /* outputs over inputs: (g0, g1) = (g0, g1) - (b, a) */
            tcg_gen_sub2_i64(rg.g64[0], rg.g64[1], rg.g64[0], rg.g64[1],
                             tcg_constant_i64(b), tcg_constant_i64(a));
            l32 = tcg_temp_new_i32();
            h32 = tcg_temp_new_i32();
            tcg_gen_extrl_i64_i32(l32, rg.g64[2]);
            tcg_gen_extrl_i64_i32(h32, rg.g64[3]);
            set32(0, a);
            set32(1, b);
            tcg_gen_mulu2_i32(rg.g32[2], rg.g32[3], rg.g32[0], rg.g32[1]);
            tcg_gen_muls2_i32(rg.g32[4], rg.g32[5], rg.g32[0], rg.g32[1]);
            tcg_gen_muls2_i32(rg.g32[0], rg.g32[1], rg.g32[1], rg.g32[0]);
            run(i & 1);
            g_assert_cmphex(get64(2), ==, (uint64_t)pu);
            g_assert_cmphex(get64(3), ==, (uint64_t)(pu >> 64));
            g_assert_cmphex(get64(4), ==, (uint64_t)ps);
            g_assert_cmphex(get64(5), ==, (uint64_t)(ps >> 64));
            g_assert_cmphex(get64(6), ==, (uint64_t)(x + y));
            g_assert_cmphex(get64(7), ==, (uint64_t)((x + y) >> 64));
            g_assert_cmphex(get64(0), ==, (uint64_t)(x - y));
            g_assert_cmphex(get64(1), ==, (uint64_t)((x - y) >> 64));
            g_assert_cmphex(get32(2), ==, (uint32_t)pu32);
            g_assert_cmphex(get32(3), ==, (uint32_t)(pu32 >> 32));
            g_assert_cmphex(get32(4), ==, (uint32_t)ps32);
            g_assert_cmphex(get32(5), ==, (uint32_t)((uint64_t)ps32 >> 32));
            g_assert_cmphex(get32(0), ==, (uint32_t)ps32);
            g_assert_cmphex(get32(1), ==, (uint32_t)((uint64_t)ps32 >> 32));
        }
    }
}

/* ---------------- helper calls, register pressure ---------------- */

static uint64_t h_mix6(uint64_t a, uint32_t b, uint64_t c, uint32_t d,
                       uint64_t e, uint64_t f)
{
    return a * 3 + (uint64_t)b * 5 + c * 7 + (uint64_t)d * 11 + e * 13 +
           f * 17;
}

static uint32_t h_const(void)
{
    return 0x12345678;
}

/* Reads r0, writes r1 (flags 0): globals must be synced and reloaded. */
static void h_globals(void *envp, uint64_t v)
{
    uint64_t r0;

    memcpy(&r0, (uint8_t *)envp + GOFS(0), 8);
    r0 = r0 * 2 + v;
    memcpy((uint8_t *)envp + GOFS(1), &r0, 8);
}

/* Clobbers every call-clobbered register it may. */
static uint64_t h_clobber(uint64_t a)
{
    __asm__ volatile("" ::: "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
                     "r11", "memory");
    return a + 1;
}

static const TCGHelperInfo info_mix6 = {
    .func = h_mix6, .name = "mix6", .flags = TCG_CALL_NO_RWG_SE,
    .nb_args = 6, .ret = TCG_CALL_I64,
    .args = { TCG_CALL_I64, TCG_CALL_I32, TCG_CALL_I64, TCG_CALL_I32,
              TCG_CALL_I64, TCG_CALL_I64 },
};
static const TCGHelperInfo info_const = {
    .func = h_const, .name = "const", .flags = TCG_CALL_NO_RWG,
    .nb_args = 0, .ret = TCG_CALL_I32,
};
static const TCGHelperInfo info_globals = {
    .func = h_globals, .name = "globals", .flags = 0,
    .nb_args = 2, .ret = TCG_CALL_VOID,
    .args = { TCG_CALL_I64, TCG_CALL_I64 },
};
static const TCGHelperInfo info_clobber = {
    .func = h_clobber, .name = "clobber", .flags = TCG_CALL_NO_RWG,
    .nb_args = 1, .ret = TCG_CALL_I64, .args = { TCG_CALL_I64 },
};

static void gen_call(const TCGHelperInfo *info, TCGTemp *ret, int n, ...)
{
    TCGTemp *args[TCG_MAX_HELPER_ARGS];
    va_list ap;

    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        args[i] = va_arg(ap, TCGTemp *);
    }
    va_end(ap);
    tcg_gen_callN(info, ret, n, args);
}

#define T64(v) tcgv_i64_temp(v)
#define T32(v) tcgv_i32_temp(v)

static void test_calls(void)
{
    for (int opt = 0; opt < 2; opt++) {
        TCGv_i64 e = tcg_temp_ebb_new_i64();
        TCGv_i32 w;

        begin();
        e = tcg_temp_ebb_new_i64();
        w = tcg_temp_new_i32();
        set64(0, 100);
        set64(2, 0x1000);
        set32(0, 7);
        set32(1, 9);
        tcg_gen_movi_i64(e, 0x777);
        /* args in every position, one of them twice, constants too */
        gen_call(&info_mix6, T64(rg.g64[3]), 6, T64(rg.g64[2]),
                 T32(rg.g32[0]), T64(e), T32(rg.g32[1]),
                 T64(tcg_constant_i64(5)), T64(rg.g64[2]));
        gen_call(&info_const, T32(w), 0);
        tcg_gen_mov_i32(rg.g32[2], w);
        /* r0 modified in a register must reach the helper; r1 reloaded */
        tcg_gen_addi_i64(rg.g64[0], rg.g64[0], 1);
        tcg_gen_movi_i64(rg.g64[1], 1);
        gen_call(&info_globals, NULL, 2, tcgv_ptr_temp(tcg_env),
                 T64(e));
        tcg_gen_addi_i64(rg.g64[4], rg.g64[1], 3);
        tcg_gen_add_i64(rg.g64[5], e, rg.g64[0]);
        run(opt);
        g_assert_cmphex(get64(3), ==,
                        h_mix6(0x1000, 7, 0x777, 9, 5, 0x1000));
        g_assert_cmphex(get32(2), ==, 0x12345678);
        g_assert_cmphex(get64(1), ==, 101 * 2 + 0x777);
        g_assert_cmphex(get64(4), ==, 101 * 2 + 0x777 + 3);
        g_assert_cmphex(get64(5), ==, 0x777 + 101);
    }
}

/*
 * More live values than host registers, across helper calls, a branch
 * and a label (TB temps), with EBB temps live across calls only.
 */
#define NPRESS 40

static void test_pressure(void)
{
    for (int opt = 0; opt < 2; opt++) {
        TCGv_i64 t[NPRESS], e[NPRESS], acc;
        TCGv_i32 w[8];
        TCGLabel *l;
        uint64_t want = 0, r0 = 0x123456789ULL, r1 = 0xabcdefULL;
        uint32_t want32 = 0;

        begin();
        set64(0, r0);
        set64(1, r1);
        for (int i = 0; i < NPRESS; i++) {
            t[i] = tcg_temp_new_i64();
            e[i] = tcg_temp_ebb_new_i64();
            tcg_gen_muli_i64(t[i], rg.g64[0], i + 1);
            tcg_gen_xori_i64(e[i], rg.g64[1], i * 0x1111);
        }
        for (int i = 0; i < 8; i++) {
            w[i] = tcg_temp_new_i32();
            tcg_gen_extrl_i64_i32(w[i], t[i * 3]);
            tcg_gen_addi_i32(w[i], w[i], i);
        }
        gen_call(&info_clobber, T64(rg.g64[2]), 1, T64(t[5]));
        acc = tcg_temp_ebb_new_i64();
        tcg_gen_movi_i64(acc, 0);
        for (int i = 0; i < NPRESS; i++) {
            tcg_gen_add_i64(acc, acc, e[i]);
            gen_call(&info_clobber, T64(e[i]), 1, T64(e[i]));
        }
        for (int i = 0; i < NPRESS; i++) {
            tcg_gen_xor_i64(acc, acc, e[i]);
        }
        tcg_gen_mov_i64(rg.g64[3], acc);
        l = gen_new_label();
        tcg_gen_brcondi_i64(TCG_COND_EQ, rg.g64[0], 0, l);
        for (int i = 0; i < NPRESS; i += 2) {
            tcg_gen_addi_i64(t[i], t[i], 1);
        }
        tcg_gen_set_label(l);
        tcg_gen_movi_i64(rg.g64[4], 0);
        for (int i = 0; i < NPRESS; i++) {
            tcg_gen_add_i64(rg.g64[4], rg.g64[4], t[i]);
        }
        tcg_gen_movi_i32(rg.g32[0], 0);
        for (int i = 0; i < 8; i++) {
            tcg_gen_xor_i32(rg.g32[0], rg.g32[0], w[i]);
        }
        run(opt);

        g_assert_cmphex(get64(2), ==, r0 * 6 + 1);
        for (int i = 0; i < NPRESS; i++) {
            want += r1 ^ (i * 0x1111);
        }
        for (int i = 0; i < NPRESS; i++) {
            want ^= (r1 ^ (i * 0x1111)) + 1;
        }
        g_assert_cmphex(get64(3), ==, want);
        want = 0;
        for (int i = 0; i < NPRESS; i++) {
            want += r0 * (i + 1) + !(i & 1);
        }
        g_assert_cmphex(get64(4), ==, want);
        for (int i = 0; i < 8; i++) {
            want32 ^= (uint32_t)(r0 * (i * 3 + 1)) + i;
        }
        g_assert_cmphex(get32(0), ==, want32);
    }
}

/* ---------------- guest memory ---------------- */

/*
 * A fake soft TLB in cpu_n: two RAM pages at GVA and GVA + 4K backed by
 * gmem (mmu index 1), an MMIO page at GVA + 8K, and in mmu index 2 the
 * page GVA mapped to gmem's third page. Page-crossing accesses miss the
 * fast path and go through the runtime's helper_ld_mmu/helper_st_mmu.
 */
#define GVA UINT64_C(0x7f1234560000)
/* the same pages at an address that fits a disp32 (constant addresses) */
#define LOWVA UINT64_C(0x104000)
#define LD_IDX 1

static uint8_t *gmem;
static MemoryRegion mmio_mr;
static GString *mmio_log;

static uint64_t mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    g_string_append_printf(mmio_log, "r%u@%" PRIx64 ";", size, addr);
    return 0x1122334455667788ULL >> (8 * (addr & 7));
}

static void mmio_write(void *opaque, hwaddr addr, uint64_t val,
                       unsigned size)
{
    g_string_append_printf(mmio_log, "w%u@%" PRIx64 "=%" PRIx64 ";", size,
                           addr, val);
}

static const MemoryRegionOps mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static void tlb_set(int mmu_idx, uint64_t va, uint8_t *host, uint64_t flags)
{
    unsigned i = (va >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1);
    CPUTLBEntry *e = &cpu_n->tlb.table[mmu_idx][i];

    e->addr_read = e->addr_write = e->addr_code = va | flags;
    e->addend = (uintptr_t)host - va;
}

static void tlb_setup(void)
{
    unsigned i = ((GVA + 0x2000) >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1);

    if (!gmem) {
        gmem = mmap(NULL, 0x3000, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        g_assert(gmem != MAP_FAILED);
        mmio_log = g_string_new(NULL);
        memory_region_init_io(&mmio_mr, NULL, &mmio_ops, NULL, "test-mmio",
                              0x1000);
    }
    memset(cpu_n->tlb.table, 0xff, sizeof(cpu_n->tlb.table));
    tlb_set(LD_IDX, GVA, gmem, 0);
    tlb_set(LD_IDX, GVA + 0x1000, gmem + 0x1000, 0);
    tlb_set(LD_IDX, GVA + 0x2000, NULL, TLB_MMIO);
    cpu_n->tlb.full[LD_IDX][i].mr = &mmio_mr;
    cpu_n->tlb.full[LD_IDX][i].mr_offset = 0;
    tlb_set(LD_IDX, LOWVA, gmem, 0);
    tlb_set(LD_IDX, LOWVA + 0x1000, gmem + 0x1000, 0);
    tlb_set(LD_IDX, LOWVA + 0x2000, NULL, TLB_MMIO);
    i = ((LOWVA + 0x2000) >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1);
    cpu_n->tlb.full[LD_IDX][i].mr = &mmio_mr;
    cpu_n->tlb.full[LD_IDX][i].mr_offset = 0;
    tlb_set(2, GVA, gmem + 0x2000, 0);
    for (int k = 0; k < 0x3000; k++) {
        gmem[k] = k * 7 + (k >> 8);
    }
    g_string_truncate(mmio_log, 0);
}

static uint64_t ref_load(uint64_t va, MemOp mop, int w)
{
    unsigned size = 1 << (mop & MO_SIZE);
    uint64_t v = 0;

    for (unsigned k = 0; k < size; k++) {
        v |= (uint64_t)gmem[va - GVA + k] << (8 * k);
    }
    if (mop & MO_SIGN) {
        v = (int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size);
    }
    return w == 64 ? v : (uint32_t)v;
}

static const MemOp ld_mops[] = {
    MO_UB, MO_SB, MO_UW, MO_SW, MO_UL, MO_SL, MO_UQ,
    MO_UW | MO_ALIGN, MO_UL | MO_ALIGN, MO_UQ | MO_ALIGN,
};
static const uint64_t ld_offs[] = {
    0, 1, 8, 0x7f3, 0xff8, 0xff9, 0xffc, 0xffd, 0xffe, 0xfff, 0x1000,
    0x1ff8,
};

static void test_qemu_ld(void)
{
    check_interp = false;       /* both backends would share gmem */
    for (size_t m = 0; m < G_N_ELEMENTS(ld_mops); m++) {
        MemOp mop = ld_mops[m];
        unsigned size = 1 << (mop & MO_SIZE);

        for (size_t k = 0; k < G_N_ELEMENTS(ld_offs); k++) {
            uint64_t va = GVA + ld_offs[k];
            TCGv_i64 t = tcg_temp_new_i64();

            if ((mop & MO_ALIGN) && (va & (size - 1))) {
                continue;       /* would raise #GP */
            }
            begin();
            tlb_setup();
            t = tcg_temp_new_i64();
            set64(0, va);
            tcg_gen_insn_start(0x1000, 0);
            tcg_gen_qemu_ld_i64(rg.g64[1], rg.g64[0], LD_IDX, mop);
            tcg_gen_movi_i64(t, va);
            tcg_gen_qemu_ld_i64(t, t, LD_IDX, mop);
            tcg_gen_mov_i64(rg.g64[2], t);
            tcg_gen_qemu_ld_i64(rg.g64[3], tcg_constant_i64(va), LD_IDX,
                                mop);
            if (size <= 4) {
                tcg_gen_qemu_ld_i32(rg.g32[0], rg.g64[0], LD_IDX, mop);
            }
            tcg_gen_qemu_ld_i64(rg.g64[4], tcg_constant_i64(va - GVA + LOWVA),
                                LD_IDX, mop);
            if (size <= 4) {
                tcg_gen_qemu_ld_i32(rg.g32[1],
                                    tcg_constant_i64(va - GVA + LOWVA),
                                    LD_IDX, mop);
            }
            /* the address global itself as destination */
            tcg_gen_qemu_ld_i64(rg.g64[0], rg.g64[0], LD_IDX, mop);
            run(k & 1);
            for (int i = 0; i < 5; i++) {
                if (get64(i) != ref_load(va, mop, 64)) {
                    g_error("qemu_ld mop %#x at +%#" PRIx64 " form %d: got %#"
                            PRIx64 " want %#" PRIx64, mop, va - GVA, i,
                            get64(i), ref_load(va, mop, 64));
                }
            }
            if (size <= 4) {
                g_assert_cmphex(get32(0), ==, ref_load(va, mop, 32));
                g_assert_cmphex(get32(1), ==, ref_load(va, mop, 32));
            }
        }
    }
    /* mmu index 2 maps the same address elsewhere */
    begin();
    tlb_setup();
    set64(0, GVA + 16);
    tcg_gen_qemu_ld_i64(rg.g64[1], rg.g64[0], 2, MO_UQ);
    run(false);
    g_assert_cmphex(get64(1), ==, ref_load(GVA + 0x2010, MO_UQ, 64));
    check_interp = true;
}

static void test_qemu_st(void)
{
    check_interp = false;
    for (int sz = 0; sz < 4; sz++) {
        unsigned size = 1 << sz;

        for (size_t k = 0; k < G_N_ELEMENTS(ld_offs); k++) {
            uint64_t va = GVA + ld_offs[k];
            uint64_t v = 0x8877665544332211ULL;
            uint8_t want[0x3000];

            begin();
            tlb_setup();
            memcpy(want, gmem, sizeof(want));
            set64(0, va);
            set64(1, v);
            set32(1, ~(uint32_t)v);
            if (sz == 3) {
                tcg_gen_qemu_st_i64(rg.g64[1], rg.g64[0], LD_IDX, sz);
                tcg_gen_qemu_st_i64(tcg_constant_i64(~v),
                                    tcg_constant_i64(va - GVA + LOWVA + 0x10),
                                    LD_IDX, sz);
            } else {
                tcg_gen_qemu_st_i32(rg.g32[1], rg.g64[0], LD_IDX, sz);
                tcg_gen_qemu_st_i64(tcg_constant_i64(v),
                                    tcg_constant_i64(va - GVA + LOWVA + 0x10),
                                    LD_IDX, sz);
                tcg_gen_qemu_st_i32(rg.g32[1], tcg_constant_i64(va + 0x20),
                                    LD_IDX, sz);
            }
            /* read back through the fast path of the other size */
            tcg_gen_qemu_ld_i64(rg.g64[2], rg.g64[0], LD_IDX, sz);
            run(k & 1);
            for (unsigned b = 0; b < size; b++) {
                uint64_t first = sz == 3 ? v : ~(uint32_t)v;
                uint64_t second = sz == 3 ? ~v : v;
                want[va - GVA + b] = first >> (8 * b);
                if (va - GVA + 0x10 + b < sizeof(want)) {
                    want[va - GVA + 0x10 + b] = second >> (8 * b);
                }
                if (sz < 3 && va - GVA + 0x20 + b < sizeof(want)) {
                    want[va - GVA + 0x20 + b] = ~(uint32_t)v >> (8 * b);
                }
            }
            if (va - GVA + 0x10 + size > 0x2000) {
                /* the second store went to the MMIO page */
                want[0x2000 - 1] = want[0x2000 - 1];
                memcpy(want + 0x2000, gmem + 0x2000, 0x1000);
            }
            if (memcmp(gmem, want, 0x2000) != 0) {
                g_error("qemu_st size %u at +%#" PRIx64 " wrong", size,
                        va - GVA);
            }
            g_assert_cmphex(get64(2), ==, ref_load(va, sz, 64));
        }
    }
    check_interp = true;
}

static void test_qemu_mmio(void)
{
    TCGv_i64 t[20];

    check_interp = false;
    begin();
    tlb_setup();
    set64(0, GVA + 0x2008);
    set64(1, 0x1234);
    /* live values across the slow path call */
    for (int i = 0; i < 20; i++) {
        t[i] = tcg_temp_new_i64();
        tcg_gen_muli_i64(t[i], rg.g64[1], i + 3);
    }
    tcg_gen_qemu_ld_i64(rg.g64[2], rg.g64[0], LD_IDX, MO_UL);
    tcg_gen_qemu_ld_i32(rg.g32[2], rg.g64[0], LD_IDX, MO_SB);
    tcg_gen_qemu_st_i64(rg.g64[1], rg.g64[0], LD_IDX, MO_UW);
    tcg_gen_movi_i64(rg.g64[3], 0);
    for (int i = 0; i < 20; i++) {
        tcg_gen_add_i64(rg.g64[3], rg.g64[3], t[i]);
    }
    run(false);
    g_assert_cmphex(get64(2), ==, 0x55667788);
    g_assert_cmphex(get32(2), ==, 0xffffff88);
    g_assert_cmpstr(mmio_log->str, ==, "r4@8;r1@8;w2@8=1234;");
    g_assert_cmphex(get64(3), ==, 0x1234ULL * (3 + 22) * 20 / 2);
    check_interp = true;
}

/* ---------------- TB exits and chaining ---------------- */

static TranslationBlock tb_a, tb_b;

static uint8_t *gen_at(TranslationBlock *tb, uint8_t *at)
{
    int n;

    tcg_liveness_analysis(tcg_ctx);
    n = gen_native(tb, at, nat_buf + CODE_SIZE);
    g_assert_cmpint(n, >, 0);
    return at + ROUND_UP(n, 16);
}

static void test_goto_tb(void)
{
    uint8_t *p = nat_start;
    uintptr_t ret;

    /* A: r0 += 1; goto_tb 0 / exit 0; goto_tb 1 / exit 1 by r0 parity */
    begin();
    {
        TCGLabel *l = gen_new_label();
        tcg_gen_insn_start(0, 0);
        tcg_gen_addi_i64(rg.g64[0], rg.g64[0], 1);
        tcg_gen_brcondi_i64(TCG_COND_TSTNE, rg.g64[0], 1, l);
        tcg_gen_goto_tb(0);
        tcg_gen_exit_tb(&tb_a, 0);
        tcg_gen_set_label(l);
        tcg_gen_goto_tb(1);
        tcg_gen_exit_tb(&tb_a, 1);
    }
    p = gen_at(&tb_a, p);
    /* B: r1 += 0x10; exit 0 */
    begin();
    tcg_gen_addi_i64(rg.g64[1], rg.g64[1], 0x10);
    tcg_gen_exit_tb(NULL, 0);
    p = gen_at(&tb_b, p);

    for (int n = 0; n < 2; n++) {
        g_assert_cmpuint(tb_a.jmp_insn_offset[n], !=, 0xffff);
        g_assert_cmpuint((tb_a.jmp_insn_offset[n] + 1 +
                          (uintptr_t)tb_a.tc.ptr) % 4, ==, 0);
        g_assert_cmpuint(tb_a.jmp_reset_offset[n], ==,
                         tb_a.jmp_insn_offset[n] + 5);
    }
    g_assert_cmpuint(tb_b.jmp_insn_offset[0], ==, 0);

    set64(0, 0);
    set64(1, 0);
    ret = tcg_backend_native.exec(env, tb_a.tc.ptr);
    g_assert_cmphex(ret, ==, (uintptr_t)&tb_a | 1);
    ret = tcg_backend_native.exec(env, tb_a.tc.ptr);
    g_assert_cmphex(ret, ==, (uintptr_t)&tb_a | 0);
    g_assert_cmphex(get64(1), ==, 0);

    tcg_backend_native.set_jmp_target(&tb_a, 0, &tb_b);
    ret = tcg_backend_native.exec(env, tb_a.tc.ptr);
    g_assert_cmphex(ret, ==, (uintptr_t)&tb_a | 1);
    ret = tcg_backend_native.exec(env, tb_a.tc.ptr);
    g_assert_cmphex(ret, ==, 0);
    g_assert_cmphex(get64(1), ==, 0x10);
    tcg_backend_native.set_jmp_target(&tb_a, 1, &tb_b);
    ret = tcg_backend_native.exec(env, tb_a.tc.ptr);
    g_assert_cmphex(ret, ==, 0);
    g_assert_cmphex(get64(1), ==, 0x20);
    g_assert_cmphex(get64(0), ==, 5);

    tcg_backend_native.set_jmp_target(&tb_a, 0, NULL);
    tcg_backend_native.set_jmp_target(&tb_a, 1, NULL);
    ret = tcg_backend_native.exec(env, tb_a.tc.ptr);
    g_assert_cmphex(ret, ==, (uintptr_t)&tb_a | 0);
    g_assert_cmphex(get64(1), ==, 0x20);
}

static const void *next_code;

static const void *h_next(void *envp)
{
    return next_code;
}

static const TCGHelperInfo info_next = {
    .func = h_next, .name = "next", .flags = TCG_CALL_NO_WRITE_GLOBALS,
    .nb_args = 1, .ret = TCG_CALL_I64, .args = { TCG_CALL_I64 },
};

static void test_goto_ptr(void)
{
    uint8_t *p = nat_start;
    TCGv_ptr dst;

    begin();
    tcg_gen_movi_i64(rg.g64[0], 0x99);
    dst = tcg_temp_new_ptr();
    gen_call(&info_next, tcgv_ptr_temp(dst), 1, tcgv_ptr_temp(tcg_env));
    tcg_gen_goto_ptr(dst);
    p = gen_at(&tb_a, p);
    begin();
    tcg_gen_addi_i64(rg.g64[1], rg.g64[0], 1);
    tcg_gen_exit_tb(&tb_b, 0);
    p = gen_at(&tb_b, p);

    set64(1, 0);
    next_code = tb_b.tc.ptr;
    g_assert_cmphex(tcg_backend_native.exec(env, tb_a.tc.ptr), ==,
                    (uintptr_t)&tb_b);
    g_assert_cmphex(get64(1), ==, 0x9a);
    next_code = nat_epilogue;
    set64(1, 0);
    g_assert_cmphex(tcg_backend_native.exec(env, tb_a.tc.ptr), ==, 0);
    g_assert_cmphex(get64(0), ==, 0x99);
    g_assert_cmphex(get64(1), ==, 0);
}

static void test_insn_offsets(void)
{
    int n;

    begin();
    for (int i = 0; i < 5; i++) {
        tcg_gen_insn_start(0x100 + i, i * 3);
        for (int k = 0; k <= i; k++) {
            tcg_gen_addi_i64(rg.g64[k + 2], rg.g64[k + 2], i + 1);
        }
    }
    set64(0, GVA);
    tlb_setup();
    tcg_gen_qemu_ld_i64(rg.g64[1], rg.g64[0], LD_IDX, MO_UQ);
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(tcg_ctx);
    n = gen_native(&tb_n, nat_start, nat_buf + CODE_SIZE);
    g_assert_cmpint(n, >, 0);
    for (int i = 0; i < 5; i++) {
        g_assert_cmphex(tcg_ctx->insn_data[i][0], ==, 0x100 + i);
        g_assert_cmphex(tcg_ctx->insn_data[i][1], ==, i * 3);
        g_assert_cmpuint(tcg_ctx->insn_end_off[i], >,
                         (i ? tcg_ctx->insn_end_off[i - 1] : 0));
    }
    /* the slow path of the load lies after the last insn */
    g_assert_cmpuint(tcg_ctx->insn_end_off[4], <, (unsigned)n);
}

static void test_overflow(void)
{
    int n;

    begin();
    for (int i = 0; i < 200; i++) {
        tcg_gen_addi_i64(rg.g64[i & 7], rg.g64[(i + 1) & 7], i);
    }
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(tcg_ctx);
    n = gen_native(&tb_n, nat_start, nat_start + 512);
    g_assert_cmpint(n, ==, -1);
    n = gen_native(&tb_n, nat_start, nat_start + 64);
    g_assert_cmpint(n, ==, -1);

    /* a goto_tb whose offsets do not fit 16 bits */
    begin();
    for (int i = 0; i < 40000; i++) {
        tcg_gen_add_i64(rg.g64[i & 7], rg.g64[(i + 3) & 7],
                        rg.g64[(i + 5) & 7]);
    }
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(&tb_n, 0);
    tcg_liveness_analysis(tcg_ctx);
    n = gen_native(&tb_n, nat_start, nat_buf + CODE_SIZE);
    g_assert_cmpint(n, ==, -2);
}

static void run_random(uint64_t seed, bool opt, int nb_ops, bool calls);

/* The bsr/bsf/SWAR/cl-shift paths a newer host never takes. */
static void test_no_host_features(void)
{
    static const BinOp ops[] = { B_CLZ, B_CTZ, B_SHL, B_SHR, B_SAR, B_ANDC };
    unsigned saved = tcg_native_get_host_features();

    tcg_native_set_host_features(0);
    for (size_t o = 0; o < G_N_ELEMENTS(ops); o++) {
        for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
            for (size_t j = 0; j < G_N_ELEMENTS(vals); j += 3) {
                check_bin64(ops[o], vals[i], vals[j], j & 1);
                check_bin32(ops[o], vals[i], vals[j], j & 1);
            }
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        begin();
        set64(0, vals[i]);
        set32(0, vals[i]);
        tcg_gen_ctpop_i64(rg.g64[1], rg.g64[0]);
        tcg_gen_ctpop_i32(rg.g32[1], rg.g32[0]);
        run(false);
        g_assert_cmpuint(get64(1), ==, __builtin_popcountll(vals[i]));
        g_assert_cmpuint(get32(1), ==, __builtin_popcount((uint32_t)vals[i]));
    }
    for (uint64_t seed = 5001; seed <= 5500; seed++) {
        run_random(seed, seed & 1, 60, true);
    }
    tcg_native_set_host_features(saved);
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
    g_test_add_func("/tcg-native/cond", test_cond);
    g_test_add_func("/tcg-native/bitfield", test_bitfield);
    g_test_add_func("/tcg-native/double-word", test_double_word);
    g_test_add_func("/tcg-native/calls", test_calls);
    g_test_add_func("/tcg-native/pressure", test_pressure);
    g_test_add_func("/tcg-native/qemu-ld", test_qemu_ld);
    g_test_add_func("/tcg-native/qemu-st", test_qemu_st);
    g_test_add_func("/tcg-native/qemu-mmio", test_qemu_mmio);
    g_test_add_func("/tcg-native/goto-tb", test_goto_tb);
    g_test_add_func("/tcg-native/goto-ptr", test_goto_ptr);
    g_test_add_func("/tcg-native/insn-offsets", test_insn_offsets);
    g_test_add_func("/tcg-native/overflow", test_overflow);
    g_test_add_func("/tcg-native/no-host-features", test_no_host_features);
    g_test_add_func("/tcg-native/random", test_random);
    return g_test_run();
}
