/*
 * The TCG IR through the interpreter backend: every op against a C
 * reference on edge values (register, constant and folded operands,
 * optimizer on and off), branches, calls, env and guest memory, TB exits
 * and chaining, and random programs with the optimizer on and off.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "exec/exec-all.h"
#include "target/i386/cpu.h"
#include "tcg-randprog.h"

#define CODE_SIZE (4 * 1024 * 1024)

static X86CPU *cpu;
static uint8_t *env;
static uint8_t *code_buf;
static uint8_t *code_start;      /* after the epilogue */
static RandProgGlobals rg;
static TranslationBlock tbs[4];

#define GOFS(i)  (rg.ofs64[i])
#define WOFS(i)  (rg.ofs32[i])
#define SCRATCH_OFS ((intptr_t)offsetof(CPUX86State, xmm_regs))
#define SCRATCH_SIZE 128

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

/* The 4 bytes above an I32 global, to check they are never written. */
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

static void setup(void)
{
    TCGContext *s;

    tcg_init();
    randprog_register_globals(&rg, offsetof(CPUX86State, regs), 8, 8);
    cpu = g_malloc0(sizeof(X86CPU));
    env = (uint8_t *)&cpu->env;
    code_buf = g_malloc0(CODE_SIZE);
    s = tcg_ctx;
    s->code_buf = s->code_ptr = code_buf;
    s->code_end = code_buf + CODE_SIZE;
    s->backend = &tcg_backend_interp;
    tcg_backend_interp.init_code_buffer(s);
    code_start = s->code_ptr;
    g_assert(tcg_code_gen_epilogue != NULL);
}

static void begin(void)
{
    tcg_func_start(tcg_ctx);
    tcg_ctx->code_ptr = code_start;
}

/*
 * Translates the current ops into tb at code_ptr (advancing it).
 * opt: 0 = as emitted, 1 = liveness, 2 = optimizer and liveness.
 */
static void compile_level(TranslationBlock *tb, int opt)
{
    TCGContext *s = tcg_ctx;
    int n;

    if (opt >= 2) {
        tcg_optimize(s);
    }
    if (opt >= 1) {
        tcg_liveness_analysis(s);
    }
    memset(tb, 0, sizeof(*tb));
    n = tcg_backend_interp.gen_code(s, tb);
    g_assert_cmpint(n, >, 0);
    g_assert((uint8_t *)tb->tc.ptr >= s->code_ptr);
    s->code_ptr += n;
}

static void compile(TranslationBlock *tb, bool opt)
{
    compile_level(tb, opt ? 2 : 1);
}

static uintptr_t run(bool opt)
{
    tcg_gen_exit_tb(NULL, 0);
    compile(&tbs[0], opt);
    return tcg_backend_interp.exec(env, tbs[0].tc.ptr);
}

/* ---------------- reference semantics ---------------- */

static const uint64_t vals[] = {
    0, 1, 2, 0x1f, 0x20, 0x21, 0x3f, 0x40, 0x7f, 0x80, 0xff, 0x8000,
    0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0x100000000ULL,
    0x123456789abcdef0ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
    0xfffffffffffffffeULL, 0xffffffffffffffffULL, 0xffffffff80000000ULL,
};

static uint64_t rol64(uint64_t a, unsigned c)
{
    c &= 63;
    return c ? (a << c) | (a >> (64 - c)) : a;
}

static uint32_t rol32(uint32_t a, unsigned c)
{
    c &= 31;
    return c ? (a << c) | (a >> (32 - c)) : a;
}

typedef enum {
    B_ADD, B_SUB, B_MUL, B_AND, B_OR, B_XOR, B_ANDC, B_SHL, B_SHR, B_SAR,
    B_ROTL, B_ROTR, B_DIV, B_DIVU, B_REM, B_REMU, B_CLZ, B_CTZ, B_NB
} BinOp;

static const char *const bin_names[B_NB] = {
    "add", "sub", "mul", "and", "or", "xor", "andc", "shl", "shr", "sar",
    "rotl", "rotr", "div", "divu", "rem", "remu", "clz", "ctz",
};

static bool bin_ok(BinOp op, bool is64, uint64_t a, uint64_t b)
{
    if (op >= B_DIV && op <= B_REMU) {
        if (is64) {
            return b != 0 && !((op == B_DIV || op == B_REM) &&
                               a == 0x8000000000000000ULL && b == ~0ULL);
        }
        return (uint32_t)b != 0 &&
            !((op == B_DIV || op == B_REM) && (uint32_t)a == 0x80000000u &&
              (uint32_t)b == 0xffffffffu);
    }
    return true;
}

static uint64_t ref_bin64(BinOp op, uint64_t a, uint64_t b)
{
    switch (op) {
    case B_ADD:  return a + b;
    case B_SUB:  return a - b;
    case B_MUL:  return a * b;
    case B_AND:  return a & b;
    case B_OR:   return a | b;
    case B_XOR:  return a ^ b;
    case B_ANDC: return a & ~b;
    case B_SHL:  return a << (b & 63);
    case B_SHR:  return a >> (b & 63);
    case B_SAR:  return (uint64_t)((int64_t)a >> (b & 63));
    case B_ROTL: return rol64(a, b & 63);
    case B_ROTR: return rol64(a, (64 - (b & 63)) & 63);
    case B_DIV:  return (uint64_t)((int64_t)a / (int64_t)b);
    case B_DIVU: return a / b;
    case B_REM:  return (uint64_t)((int64_t)a % (int64_t)b);
    case B_REMU: return a % b;
    case B_CLZ:  return a ? (uint64_t)__builtin_clzll(a) : b;
    case B_CTZ:  return a ? (uint64_t)__builtin_ctzll(a) : b;
    default:     g_assert_not_reached();
    }
}

static uint32_t ref_bin32(BinOp op, uint32_t a, uint32_t b)
{
    switch (op) {
    case B_ADD:  return a + b;
    case B_SUB:  return a - b;
    case B_MUL:  return a * b;
    case B_AND:  return a & b;
    case B_OR:   return a | b;
    case B_XOR:  return a ^ b;
    case B_ANDC: return a & ~b;
    case B_SHL:  return a << (b & 31);
    case B_SHR:  return a >> (b & 31);
    case B_SAR:  return (uint32_t)((int32_t)a >> (b & 31));
    case B_ROTL: return rol32(a, b & 31);
    case B_ROTR: return rol32(a, (32 - (b & 31)) & 31);
    case B_DIV:  return (uint32_t)((int32_t)a / (int32_t)b);
    case B_DIVU: return a / b;
    case B_REM:  return (uint32_t)((int32_t)a % (int32_t)b);
    case B_REMU: return a % b;
    case B_CLZ:  return a ? (uint32_t)__builtin_clz(a) : b;
    case B_CTZ:  return a ? (uint32_t)__builtin_ctz(a) : b;
    default:     g_assert_not_reached();
    }
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
 * r2 = a op b (registers), r3 = a op $b, r4 = $a op b, r5 = $a op $b
 * (the last one folded when the optimizer runs); a also through a TB
 * temp and an EBB temp into r6 and r7.
 */
static void check_bin64(BinOp op, uint64_t a, uint64_t b, bool opt)
{
    TCGv_i64 ca, cb, t, e;
    uint64_t want = ref_bin64(op, a, b);

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
    g_assert_cmphex(run(opt), ==, 0);
    for (int i = 2; i < 8; i++) {
        if (get64(i) != want) {
            g_error("%s_i64(%#" PRIx64 ", %#" PRIx64 ") opt=%d form %d: "
                    "got %#" PRIx64 " want %#" PRIx64, bin_names[op], a, b,
                    opt, i, get64(i), want);
        }
    }
}

static void check_bin32(BinOp op, uint32_t a, uint32_t b, bool opt)
{
    TCGv_i32 ca, cb, t;
    uint32_t want = ref_bin32(op, a, b);

    begin();
    ca = tcg_constant_i32(a);
    cb = tcg_constant_i32(b);
    memset(env + WOFS(0), 0xaa, 8 * 8);
    set32(0, a);
    set32(1, b);
    t = tcg_temp_new_i32();
    gen_bin32(op, rg.g32[2], rg.g32[0], rg.g32[1]);
    gen_bin32(op, rg.g32[3], rg.g32[0], cb);
    gen_bin32(op, rg.g32[4], ca, rg.g32[1]);
    gen_bin32(op, rg.g32[5], ca, cb);
    tcg_gen_mov_i32(t, rg.g32[0]);
    gen_bin32(op, t, t, rg.g32[1]);
    tcg_gen_mov_i32(rg.g32[6], t);
    g_assert_cmphex(run(opt), ==, 0);
    for (int i = 2; i < 7; i++) {
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
                    if (bin_ok(op, true, vals[i], vals[j])) {
                        check_bin64(op, vals[i], vals[j], opt);
                    }
                    if (bin_ok(op, false, vals[i], vals[j])) {
                        check_bin32(op, vals[i], vals[j], opt);
                    }
                }
            }
        }
    }
}

/* Same value as both operands: x - x, x ^ x, x & x ... */
static void test_binary_same(void)
{
    for (BinOp op = 0; op < B_NB; op++) {
        for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
            uint64_t a = vals[i];

            for (int opt = 0; opt < 2; opt++) {
                if (bin_ok(op, true, a, a)) {
                    begin();
                    set64(0, a);
                    gen_bin64(op, rg.g64[2], rg.g64[0], rg.g64[0]);
                    run(opt);
                    g_assert_cmphex(get64(2), ==, ref_bin64(op, a, a));
                }
                if (bin_ok(op, false, a, a)) {
                    begin();
                    set32(0, a);
                    gen_bin32(op, rg.g32[2], rg.g32[0], rg.g32[0]);
                    run(opt);
                    g_assert_cmphex(get32(2), ==, ref_bin32(op, a, a));
                }
            }
        }
    }
}

typedef enum {
    U_NEG, U_NOT, U_EXT8S, U_EXT8U, U_EXT16S, U_EXT16U, U_EXT32S, U_EXT32U,
    U_BSWAP16, U_BSWAP32, U_BSWAP64, U_CTPOP, U_MOV, U_NB
} UnOp;

static uint64_t ref_un64(UnOp op, uint64_t a)
{
    switch (op) {
    case U_NEG:     return -a;
    case U_NOT:     return ~a;
    case U_EXT8S:   return (int64_t)(int8_t)a;
    case U_EXT8U:   return (uint8_t)a;
    case U_EXT16S:  return (int64_t)(int16_t)a;
    case U_EXT16U:  return (uint16_t)a;
    case U_EXT32S:  return (int64_t)(int32_t)a;
    case U_EXT32U:  return (uint32_t)a;
    case U_BSWAP16: return ((a >> 8) & 0xff) | ((a & 0xff) << 8);
    case U_BSWAP32: return __builtin_bswap32(a);
    case U_BSWAP64: return __builtin_bswap64(a);
    case U_CTPOP:   return __builtin_popcountll(a);
    case U_MOV:     return a;
    default:        g_assert_not_reached();
    }
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
                begin();
                set64(0, a);
                gen_un(op, true, tcgv_i64_temp(rg.g64[2]),
                       tcgv_i64_temp(rg.g64[0]));
                gen_un(op, true, tcgv_i64_temp(rg.g64[3]),
                       tcgv_i64_temp(tcg_constant_i64(a)));
                run(opt);
                g_assert_cmphex(get64(2), ==, ref_un64(op, a));
                g_assert_cmphex(get64(3), ==, ref_un64(op, a));

                begin();
                set32(0, a);
                if (gen_un(op, false, tcgv_i32_temp(rg.g32[2]),
                           tcgv_i32_temp(rg.g32[0]))) {
                    gen_un(op, false, tcgv_i32_temp(rg.g32[3]),
                           tcgv_i32_temp(tcg_constant_i32(a)));
                    run(opt);
                    g_assert_cmphex(get32(2), ==,
                                    (uint32_t)ref_un64(op, (uint32_t)a));
                    g_assert_cmphex(get32(3), ==,
                                    (uint32_t)ref_un64(op, (uint32_t)a));
                }
            }
        }
    }
}

static void test_ext_between_types(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        uint64_t a = vals[i];

        for (int opt = 0; opt < 2; opt++) {
            begin();
            set64(0, a);
            set32(0, a);
            tcg_gen_extu_i32_i64(rg.g64[2], rg.g32[0]);
            tcg_gen_ext_i32_i64(rg.g64[3], rg.g32[0]);
            tcg_gen_extrl_i64_i32(rg.g32[2], rg.g64[0]);
            tcg_gen_extrh_i64_i32(rg.g32[3], rg.g64[0]);
            tcg_gen_extu_i32_i64(rg.g64[4], tcg_constant_i32(a));
            tcg_gen_ext_i32_i64(rg.g64[5], tcg_constant_i32(a));
            tcg_gen_extrl_i64_i32(rg.g32[4], tcg_constant_i64(a));
            tcg_gen_extrh_i64_i32(rg.g32[5], tcg_constant_i64(a));
            for (int m = 0; m < 8; m++) {
                /* tcg_gen_ext_i64 by MemOp */
                if (m < 2) {
                    tcg_gen_ext_i64(rg.g64[6 + m], rg.g64[0],
                                    m ? MO_SW : MO_UB);
                }
            }
            run(opt);
            g_assert_cmphex(get64(2), ==, (uint32_t)a);
            g_assert_cmphex(get64(3), ==, (uint64_t)(int64_t)(int32_t)a);
            g_assert_cmphex(get32(2), ==, (uint32_t)a);
            g_assert_cmphex(get32(3), ==, (uint32_t)(a >> 32));
            g_assert_cmphex(get64(4), ==, (uint32_t)a);
            g_assert_cmphex(get64(5), ==, (uint64_t)(int64_t)(int32_t)a);
            g_assert_cmphex(get32(4), ==, (uint32_t)a);
            g_assert_cmphex(get32(5), ==, (uint32_t)(a >> 32));
            g_assert_cmphex(get64(6), ==, (uint8_t)a);
            g_assert_cmphex(get64(7), ==, (uint64_t)(int64_t)(int16_t)a);
        }
    }
}

static uint64_t field_mask(unsigned len)
{
    return len == 64 ? ~0ULL : (1ULL << len) - 1;
}

static void test_bitfields(void)
{
    static const uint64_t fv[] = {
        0x123456789abcdef0ULL, 0xfedcba9876543210ULL, ~0ULL, 0,
        0x8000000000000001ULL,
    };

    for (size_t i = 0; i < G_N_ELEMENTS(fv); i++) {
        uint64_t a = fv[i], b = ~fv[(i + 1) % G_N_ELEMENTS(fv)] ^ 0x5a5a;

        for (unsigned len = 1; len <= 64; len += (len < 4 || len > 60) ? 1 : 7) {
            for (unsigned ofs = 0; ofs + len <= 64; ofs += 5) {
                for (int opt = 0; opt < 2; opt++) {
                    uint64_t m = field_mask(len);
                    uint64_t ex = (a >> ofs) & m;
                    uint64_t sx = (ex & (1ULL << (len - 1))) ? ex | ~m : ex;
                    uint64_t dep = (a & ~(m << ofs)) | ((b & m) << ofs);

                    begin();
                    set64(0, a);
                    set64(1, b);
                    tcg_gen_extract_i64(rg.g64[2], rg.g64[0], ofs, len);
                    tcg_gen_sextract_i64(rg.g64[3], rg.g64[0], ofs, len);
                    tcg_gen_deposit_i64(rg.g64[4], rg.g64[0], rg.g64[1],
                                        ofs, len);
                    tcg_gen_deposit_i64(rg.g64[5], tcg_constant_i64(a),
                                        tcg_constant_i64(b), ofs, len);
                    tcg_gen_extract_i64(rg.g64[6], tcg_constant_i64(a),
                                        ofs, len);
                    tcg_gen_sextract_i64(rg.g64[7], tcg_constant_i64(a),
                                         ofs, len);
                    run(opt);
                    g_assert_cmphex(get64(2), ==, ex);
                    g_assert_cmphex(get64(3), ==, sx);
                    g_assert_cmphex(get64(4), ==, dep);
                    g_assert_cmphex(get64(5), ==, dep);
                    g_assert_cmphex(get64(6), ==, ex);
                    g_assert_cmphex(get64(7), ==, sx);

                    if (ofs + len <= 32) {
                        uint32_t a32 = a, b32 = b;
                        uint32_t m32 = m;
                        uint32_t ex32 = (a32 >> ofs) & m32;
                        uint32_t sx32 = (ex32 & (1u << (len - 1)))
                                        ? ex32 | ~m32 : ex32;
                        uint32_t dep32 = (a32 & ~(m32 << ofs)) |
                                         ((b32 & m32) << ofs);

                        begin();
                        set32(0, a32);
                        set32(1, b32);
                        tcg_gen_extract_i32(rg.g32[2], rg.g32[0], ofs, len);
                        tcg_gen_sextract_i32(rg.g32[3], rg.g32[0], ofs, len);
                        tcg_gen_deposit_i32(rg.g32[4], rg.g32[0], rg.g32[1],
                                            ofs, len);
                        tcg_gen_deposit_i32(rg.g32[5], tcg_constant_i32(a32),
                                            tcg_constant_i32(b32), ofs, len);
                        tcg_gen_sextract_i32(rg.g32[6], tcg_constant_i32(a32),
                                             ofs, len);
                        run(opt);
                        g_assert_cmphex(get32(2), ==, ex32);
                        g_assert_cmphex(get32(3), ==, sx32);
                        g_assert_cmphex(get32(4), ==, dep32);
                        g_assert_cmphex(get32(5), ==, dep32);
                        g_assert_cmphex(get32(6), ==, sx32);
                    }
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

            for (int opt = 0; opt < 2; opt++) {
                begin();
                set64(0, a);
                set64(1, b);
                set32(0, a);
                set32(1, b);
                tcg_gen_mulu2_i64(rg.g64[2], rg.g64[3], rg.g64[0], rg.g64[1]);
                tcg_gen_muls2_i64(rg.g64[4], rg.g64[5], rg.g64[0], rg.g64[1]);
                tcg_gen_mulu2_i32(rg.g32[2], rg.g32[3], rg.g32[0], rg.g32[1]);
                tcg_gen_muls2_i32(rg.g32[4], rg.g32[5], rg.g32[0],
                                  tcg_constant_i32(b));
                tcg_gen_add2_i64(rg.g64[6], rg.g64[7], rg.g64[0], rg.g64[1],
                                 rg.g64[1], rg.g64[0]);
                run(opt);
                g_assert_cmphex(get64(2), ==, (uint64_t)pu);
                g_assert_cmphex(get64(3), ==, (uint64_t)(pu >> 64));
                g_assert_cmphex(get64(4), ==, (uint64_t)ps);
                g_assert_cmphex(get64(5), ==,
                                (uint64_t)((unsigned __int128)ps >> 64));
                g_assert_cmphex(get32(2), ==, (uint32_t)pu32);
                g_assert_cmphex(get32(3), ==, (uint32_t)(pu32 >> 32));
                g_assert_cmphex(get32(4), ==, (uint32_t)ps32);
                g_assert_cmphex(get32(5), ==, (uint32_t)((uint64_t)ps32 >> 32));
                g_assert_cmphex(get64(6), ==, (uint64_t)(x + y));
                g_assert_cmphex(get64(7), ==, (uint64_t)((x + y) >> 64));

                begin();
                set64(0, a);
                set64(1, b);
                tcg_gen_sub2_i64(rg.g64[2], rg.g64[3], rg.g64[0], rg.g64[1],
                                 rg.g64[1], rg.g64[0]);
                tcg_gen_sub2_i64(rg.g64[4], rg.g64[5], tcg_constant_i64(a),
                                 tcg_constant_i64(b), tcg_constant_i64(b),
                                 tcg_constant_i64(a));
                /* Outputs overlapping inputs. */
                tcg_gen_mov_i64(rg.g64[6], rg.g64[0]);
                tcg_gen_mov_i64(rg.g64[7], rg.g64[1]);
                tcg_gen_mulu2_i64(rg.g64[7], rg.g64[6], rg.g64[6],
                                  rg.g64[7]);
                run(opt);
                g_assert_cmphex(get64(2), ==, (uint64_t)(x - y));
                g_assert_cmphex(get64(3), ==, (uint64_t)((x - y) >> 64));
                g_assert_cmphex(get64(4), ==, (uint64_t)(x - y));
                g_assert_cmphex(get64(5), ==, (uint64_t)((x - y) >> 64));
                g_assert_cmphex(get64(7), ==, (uint64_t)pu);
                g_assert_cmphex(get64(6), ==, (uint64_t)(pu >> 64));
            }
        }
    }
}

static const TCGCond all_conds[] = {
    TCG_COND_NEVER, TCG_COND_ALWAYS, TCG_COND_EQ, TCG_COND_NE, TCG_COND_LT,
    TCG_COND_GE, TCG_COND_LE, TCG_COND_GT, TCG_COND_LTU, TCG_COND_GEU,
    TCG_COND_LEU, TCG_COND_GTU, TCG_COND_TSTEQ, TCG_COND_TSTNE,
};

static bool ref_cond64(TCGCond c, uint64_t a, uint64_t b)
{
    int64_t sa = a, sb = b;

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
    case TCG_COND_TSTEQ:  return !(a & b);
    case TCG_COND_TSTNE:  return !!(a & b);
    }
    g_assert_not_reached();
}

static bool ref_cond32(TCGCond c, uint32_t a, uint32_t b)
{
    switch (c) {
    case TCG_COND_LT: return (int32_t)a < (int32_t)b;
    case TCG_COND_GE: return (int32_t)a >= (int32_t)b;
    case TCG_COND_LE: return (int32_t)a <= (int32_t)b;
    case TCG_COND_GT: return (int32_t)a > (int32_t)b;
    default:          return ref_cond64(c, a, b);
    }
}

static void test_conditions(void)
{
    for (size_t k = 0; k < G_N_ELEMENTS(all_conds); k++) {
        TCGCond c = all_conds[k];

        for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
            for (size_t j = 0; j < G_N_ELEMENTS(vals); j++) {
                uint64_t a = vals[i], b = vals[j];
                bool r64 = ref_cond64(c, a, b);
                bool r32 = ref_cond32(c, a, b);

                for (int opt = 0; opt < 2; opt++) {
                    TCGLabel *l1, *l2;

                    begin();
                    set64(0, a);
                    set64(1, b);
                    set32(0, a);
                    set32(1, b);
                    tcg_gen_setcond_i64(c, rg.g64[2], rg.g64[0], rg.g64[1]);
                    tcg_gen_setcondi_i64(c, rg.g64[3], rg.g64[0], b);
                    tcg_gen_negsetcond_i64(c, rg.g64[4], rg.g64[0],
                                           rg.g64[1]);
                    tcg_gen_movcond_i64(c, rg.g64[5], rg.g64[0], rg.g64[1],
                                        tcg_constant_i64(111), rg.g64[1]);
                    tcg_gen_setcond_i32(c, rg.g32[2], rg.g32[0], rg.g32[1]);
                    tcg_gen_setcondi_i32(c, rg.g32[3], tcg_constant_i32(a), b);
                    tcg_gen_movcond_i32(c, rg.g32[4], rg.g32[0], rg.g32[1],
                                        rg.g32[0], tcg_constant_i32(77));
                    /* Branches: r6 = taken64, w5 = taken32. */
                    l1 = gen_new_label();
                    l2 = gen_new_label();
                    tcg_gen_movi_i64(rg.g64[6], 1);
                    tcg_gen_brcond_i64(c, rg.g64[0], rg.g64[1], l1);
                    tcg_gen_movi_i64(rg.g64[6], 0);
                    tcg_gen_set_label(l1);
                    tcg_gen_movi_i32(rg.g32[5], 1);
                    tcg_gen_brcondi_i32(c, rg.g32[0], b, l2);
                    tcg_gen_movi_i32(rg.g32[5], 0);
                    tcg_gen_set_label(l2);
                    /* Both constant: folded by the optimizer. */
                    tcg_gen_setcond_i64(c, rg.g64[7], tcg_constant_i64(a),
                                        tcg_constant_i64(b));
                    tcg_gen_setcond_i32(c, rg.g32[6], tcg_constant_i32(a),
                                        tcg_constant_i32(b));
                    run(opt);
                    g_assert_cmphex(get64(2), ==, r64);
                    g_assert_cmphex(get64(3), ==, r64);
                    g_assert_cmphex(get64(4), ==, r64 ? ~0ULL : 0);
                    g_assert_cmphex(get64(5), ==, r64 ? 111 : b);
                    g_assert_cmphex(get32(2), ==, r32);
                    g_assert_cmphex(get32(3), ==, r32);
                    g_assert_cmphex(get32(4), ==, r32 ? (uint32_t)a : 77);
                    g_assert_cmphex(get64(6), ==, r64);
                    g_assert_cmphex(get32(5), ==, r32);
                    g_assert_cmphex(get64(7), ==, r64);
                    g_assert_cmphex(get32(6), ==, r32);
                }
            }
        }
    }
}

/* ---------------- control flow ---------------- */

static void test_loop(void)
{
    for (int opt = 0; opt < 2; opt++) {
        TCGv_i64 i, sum;
        TCGLabel *top, *out;

        begin();
        i = tcg_temp_new_i64();
        sum = tcg_temp_new_i64();
        top = gen_new_label();
        out = gen_new_label();
        set64(0, 100);
        tcg_gen_movi_i64(i, 0);
        tcg_gen_movi_i64(sum, 0);
        tcg_gen_set_label(top);
        tcg_gen_brcond_i64(TCG_COND_GEU, i, rg.g64[0], out);
        tcg_gen_add_i64(sum, sum, i);
        tcg_gen_addi_i64(i, i, 1);
        tcg_gen_br(top);
        tcg_gen_set_label(out);
        tcg_gen_mov_i64(rg.g64[1], sum);
        run(opt);
        g_assert_cmpuint(get64(1), ==, 4950);
    }
}

/* A branch over an exit, and a second exit path. */
static void test_exits(void)
{
    for (int opt = 0; opt < 2; opt++) {
        for (uint64_t v = 0; v < 2; v++) {
            TCGLabel *l;
            TranslationBlock *fake = &tbs[3];
            uintptr_t ret;

            begin();
            l = gen_new_label();
            set64(0, v);
            tcg_gen_brcondi_i64(TCG_COND_EQ, rg.g64[0], 0, l);
            tcg_gen_movi_i64(rg.g64[1], 5);
            tcg_gen_exit_tb(fake, 1);
            tcg_gen_set_label(l);
            tcg_gen_movi_i64(rg.g64[1], 6);
            ret = run(opt);
            if (v) {
                g_assert_cmphex(ret, ==, (uintptr_t)fake | 1);
                g_assert_cmpuint(get64(1), ==, 5);
            } else {
                g_assert_cmphex(ret, ==, 0);
                g_assert_cmpuint(get64(1), ==, 6);
            }
        }
    }
}

/* goto_tb slots: unchained they exit, chained they continue in tb 1. */
static void test_chaining(void)
{
    TranslationBlock *a = &tbs[1], *b = &tbs[2];
    uintptr_t ret;

    begin();
    tcg_gen_insn_start(0x100, 0);
    tcg_gen_addi_i64(rg.g64[0], rg.g64[0], 1);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(a, 0);
    compile(a, true);
    g_assert_cmpuint(a->jmp_insn_offset[0], !=, 0xffff);
    g_assert_cmpuint(a->jmp_insn_offset[1], ==, 0xffff);
    g_assert_cmpuint(a->jmp_insn_offset[0] % 8, ==, 0);

    tcg_func_start(tcg_ctx);
    tcg_gen_insn_start(0x200, 0);
    tcg_gen_addi_i64(rg.g64[0], rg.g64[0], 0x100);
    tcg_gen_goto_tb(1);
    tcg_gen_exit_tb(b, 1);
    compile(b, true);

    set64(0, 0);
    ret = tcg_backend_interp.exec(env, a->tc.ptr);
    g_assert_cmphex(ret, ==, (uintptr_t)a);
    g_assert_cmphex(get64(0), ==, 1);

    tcg_backend_interp.set_jmp_target(a, 0, b);
    ret = tcg_backend_interp.exec(env, a->tc.ptr);
    g_assert_cmphex(ret, ==, (uintptr_t)b | 1);
    g_assert_cmphex(get64(0), ==, 0x102);

    /* b chained back to a would loop; chain b to nothing, unchain a. */
    tcg_backend_interp.set_jmp_target(b, 1, NULL);
    tcg_backend_interp.set_jmp_target(a, 0, NULL);
    ret = tcg_backend_interp.exec(env, a->tc.ptr);
    g_assert_cmphex(ret, ==, (uintptr_t)a);
    g_assert_cmphex(get64(0), ==, 0x103);
}

/* goto_ptr to the epilogue returns 0; to a TB's code runs it. */
static void test_goto_ptr(void)
{
    TranslationBlock *b = &tbs[2];
    TCGv_ptr p;
    uintptr_t ret;

    begin();
    tcg_gen_movi_i64(rg.g64[1], 42);
    tcg_gen_exit_tb(b, 2);
    compile(b, false);

    tcg_func_start(tcg_ctx);
    p = tcg_temp_new_ptr();
    tcg_gen_ld_ptr(p, tcg_env, GOFS(0));
    tcg_gen_goto_ptr(p);
    compile(&tbs[0], true);

    set64(0, (uintptr_t)tcg_code_gen_epilogue);
    set64(1, 0);
    ret = tcg_backend_interp.exec(env, tbs[0].tc.ptr);
    g_assert_cmphex(ret, ==, 0);
    g_assert_cmphex(get64(1), ==, 0);

    set64(0, (uintptr_t)b->tc.ptr);
    ret = tcg_backend_interp.exec(env, tbs[0].tc.ptr);
    g_assert_cmphex(ret, ==, (uintptr_t)b | 2);
    g_assert_cmphex(get64(1), ==, 42);
}

/* ---------------- env memory, calls ---------------- */

static void test_env_ldst(void)
{
    static const uint8_t pattern[16] = {
        0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7, 0xf8,
        0x09, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x70,
    };
    intptr_t o = SCRATCH_OFS;

    for (int opt = 0; opt < 2; opt++) {
        begin();
        memcpy(env + o, pattern, 16);
        memset(env + o + 16, 0, 48);
        tcg_gen_ld8u_i64(rg.g64[0], tcg_env, o + 1);
        tcg_gen_ld8s_i64(rg.g64[1], tcg_env, o + 1);
        tcg_gen_ld16u_i64(rg.g64[2], tcg_env, o + 1);
        tcg_gen_ld16s_i64(rg.g64[3], tcg_env, o + 1);
        tcg_gen_ld32u_i64(rg.g64[4], tcg_env, o + 3);
        tcg_gen_ld32s_i64(rg.g64[5], tcg_env, o + 3);
        tcg_gen_ld_i64(rg.g64[6], tcg_env, o + 5);
        tcg_gen_ld8u_i32(rg.g32[0], tcg_env, o + 2);
        tcg_gen_ld8s_i32(rg.g32[1], tcg_env, o + 2);
        tcg_gen_ld16u_i32(rg.g32[2], tcg_env, o + 6);
        tcg_gen_ld16s_i32(rg.g32[3], tcg_env, o + 6);
        tcg_gen_ld_i32(rg.g32[4], tcg_env, o + 9);
        tcg_gen_st8_i64(tcg_constant_i64(0x1122334455667788ULL), tcg_env,
                        o + 16);
        tcg_gen_st16_i64(tcg_constant_i64(0x1122334455667788ULL), tcg_env,
                         o + 18);
        tcg_gen_st32_i64(tcg_constant_i64(0x1122334455667788ULL), tcg_env,
                         o + 21);
        tcg_gen_st_i64(tcg_constant_i64(0x1122334455667788ULL), tcg_env,
                       o + 32);
        tcg_gen_st8_i32(tcg_constant_i32(0xaabbccdd), tcg_env, o + 40);
        tcg_gen_st16_i32(tcg_constant_i32(0xaabbccdd), tcg_env, o + 42);
        tcg_gen_st_i32(tcg_constant_i32(0xaabbccdd), tcg_env, o + 44);
        run(opt);
        g_assert_cmphex(get64(0), ==, 0x92);
        g_assert_cmphex(get64(1), ==, 0xffffffffffffff92ULL);
        g_assert_cmphex(get64(2), ==, 0xa392);
        g_assert_cmphex(get64(3), ==, 0xffffffffffffa392ULL);
        g_assert_cmphex(get64(4), ==, 0xe7d6c5b4);
        g_assert_cmphex(get64(5), ==, 0xffffffffe7d6c5b4ULL);
        g_assert_cmphex(get64(6), ==, 0x4d3c2b1a09f8e7d6ULL);
        g_assert_cmphex(get32(0), ==, 0xa3);
        g_assert_cmphex(get32(1), ==, 0xffffffa3);
        g_assert_cmphex(get32(2), ==, 0xf8e7);
        g_assert_cmphex(get32(3), ==, 0xfffff8e7);
        g_assert_cmphex(get32(4), ==, 0x4d3c2b1a);
        g_assert_cmphex(env[o + 16], ==, 0x88);
        g_assert_cmphex(env[o + 17], ==, 0);
        g_assert_cmphex(env[o + 18], ==, 0x88);
        g_assert_cmphex(env[o + 19], ==, 0x77);
        g_assert_cmphex(env[o + 20], ==, 0);
        g_assert_cmphex(env[o + 21], ==, 0x88);
        g_assert_cmphex(env[o + 24], ==, 0x55);
        g_assert_cmphex(env[o + 25], ==, 0);
        g_assert_cmphex(env[o + 32], ==, 0x88);
        g_assert_cmphex(env[o + 39], ==, 0x11);
        g_assert_cmphex(env[o + 40], ==, 0xdd);
        g_assert_cmphex(env[o + 41], ==, 0);
        g_assert_cmphex(env[o + 42], ==, 0xdd);
        g_assert_cmphex(env[o + 43], ==, 0xcc);
        g_assert_cmphex(env[o + 44], ==, 0xdd);
        g_assert_cmphex(env[o + 47], ==, 0xaa);
        g_assert_cmphex(env[o + 48], ==, 0);
    }
}

static uintptr_t seen_retaddr;
static int helper_calls;

static uint64_t helper_six(uint64_t a, uint64_t b, uint64_t c, uint32_t d,
                           uint64_t e, uint64_t f)
{
    seen_retaddr = GETPC();
    helper_calls++;
    return a * 1 + b * 2 + c * 3 + (uint64_t)d * 4 + e * 5 + f * 6;
}

static uint32_t helper_ret32(void *e)
{
    g_assert(e == env);
    helper_calls++;
    return 0xdeadbeef;
}

static void helper_side(void *e)
{
    uint64_t v;

    /* Globals are in memory when a helper without NO_RWG runs. */
    memcpy(&v, (uint8_t *)e + GOFS(0), 8);
    v = v * 2 + 1;
    memcpy((uint8_t *)e + GOFS(1), &v, 8);
    helper_calls++;
}

static const TCGHelperInfo info_six = {
    .func = (void *)helper_six, .name = "six",
    .flags = TCG_CALL_NO_RWG, .nb_args = 6, .ret = TCG_CALL_I64,
    .args = { TCG_CALL_I64, TCG_CALL_I64, TCG_CALL_I64, TCG_CALL_I32,
              TCG_CALL_I64, TCG_CALL_I64 },
};
static const TCGHelperInfo info_ret32 = {
    .func = (void *)helper_ret32, .name = "ret32",
    .flags = TCG_CALL_NO_RWG_SE, .nb_args = 1, .ret = TCG_CALL_I32,
    .args = { TCG_CALL_I64 },
};
static const TCGHelperInfo info_side = {
    .func = (void *)helper_side, .name = "side",
    .flags = 0, .nb_args = 1, .ret = TCG_CALL_VOID,
    .args = { TCG_CALL_I64 },
};

static void test_calls(void)
{
    for (int opt = 0; opt < 2; opt++) {
        TCGTemp *args[6];
        TCGv_i64 t;
        TCGv_i32 w;
        TCGTemp *envarg[1];
        uint8_t *tc;

        begin();
        t = tcg_temp_new_i64();
        w = tcg_temp_new_i32();
        set64(0, 10);
        set32(0, 0xffffffff);
        tcg_gen_insn_start(0x10, 0);
        tcg_gen_movi_i64(t, 1000);
        args[0] = tcgv_i64_temp(rg.g64[0]);
        args[1] = tcgv_i64_temp(t);
        args[2] = tcgv_i64_temp(tcg_constant_i64(-1));
        args[3] = tcgv_i32_temp(rg.g32[0]);
        args[4] = tcgv_i64_temp(tcg_constant_i64(7));
        args[5] = tcgv_i64_temp(rg.g64[0]);
        tcg_gen_insn_start(0x11, 0);
        tcg_gen_callN(&info_six, tcgv_i64_temp(rg.g64[2]), 6, args);
        tcg_gen_insn_start(0x12, 0);
        envarg[0] = tcgv_ptr_temp(tcg_env);
        tcg_gen_callN(&info_ret32, tcgv_i32_temp(w), 1, envarg);
        tcg_gen_extu_i32_i64(rg.g64[3], w);
        /* A result nobody uses, from a pure helper: may be removed. */
        tcg_gen_callN(&info_ret32, tcgv_i32_temp(w), 1, envarg);
        tcg_gen_movi_i64(rg.g64[0], 21);
        tcg_gen_callN(&info_side, NULL, 1, envarg);
        tcg_gen_addi_i64(rg.g64[1], rg.g64[1], 1);
        helper_calls = 0;
        seen_retaddr = 0;
        g_assert_cmphex(run(opt), ==, 0);
        g_assert_cmphex(get64(2), ==, 10 + 2000 - 3 + 4 * 0xffffffffULL +
                        35 + 60);
        g_assert_cmphex(get64(3), ==, 0xdeadbeef);
        g_assert_cmphex(get64(1), ==, 44);
        g_assert_cmpint(helper_calls, >=, 3);
        /* GETPC() inside helper_six points into insn 1's bytecode. */
        tc = tbs[0].tc.ptr;
        g_assert_cmpuint(seen_retaddr, >, (uintptr_t)tc +
                         tcg_ctx->insn_end_off[0]);
        g_assert_cmpuint(seen_retaddr, <=, (uintptr_t)tc +
                         tcg_ctx->insn_end_off[1]);
        g_assert_cmphex(tcg_interp_retaddr, ==, 0);
        g_assert_cmphex(tcg_ctx->insn_data[1][0], ==, 0x11);
    }
}

/* ---------------- guest memory (soft-TLB fast path) ---------------- */

static void tlb_map(unsigned mmu_idx, uint64_t vaddr, void *host, bool wr)
{
    CPUTLBEntry *e = &cpu->tlb.table[mmu_idx]
                                    [(vaddr >> TARGET_PAGE_BITS) &
                                     (CPU_TLB_SIZE - 1)];

    e->addr_read = vaddr & TARGET_PAGE_MASK;
    e->addr_write = wr ? vaddr & TARGET_PAGE_MASK : TLB_INVALID_MASK;
    e->addend = (uintptr_t)host - (vaddr & TARGET_PAGE_MASK);
}

static void test_qemu_ldst(void)
{
    uint8_t *page = g_malloc0(TARGET_PAGE_SIZE);
    uint64_t va = 0xffff800012345000ULL;

    tlb_map(1, va, page, true);
    for (int i = 0; i < 16; i++) {
        page[i] = 0xf0 + i;
    }
    for (int opt = 0; opt < 2; opt++) {
        begin();
        set64(0, va + 1);
        tcg_gen_insn_start(0, 0);
        tcg_gen_qemu_ld_i64(rg.g64[1], rg.g64[0], 1, MO_UB);
        tcg_gen_qemu_ld_i64(rg.g64[2], rg.g64[0], 1, MO_SW);
        tcg_gen_qemu_ld_i64(rg.g64[3], rg.g64[0], 1, MO_SL);
        tcg_gen_qemu_ld_i64(rg.g64[4], rg.g64[0], 1, MO_UQ);
        tcg_gen_qemu_ld_i32(rg.g32[0], rg.g64[0], 1, MO_SB);
        tcg_gen_qemu_ld_i32(rg.g32[1], rg.g64[0], 1, MO_UW);
        tcg_gen_qemu_ld_i32(rg.g32[2], rg.g64[0], 1, MO_UL);
        tcg_gen_addi_i64(rg.g64[5], rg.g64[0], 0x100);
        tcg_gen_qemu_st_i64(tcg_constant_i64(0x0102030405060708ULL),
                            rg.g64[5], 1, MO_UQ);
        tcg_gen_addi_i64(rg.g64[5], rg.g64[0], 0x200);
        tcg_gen_qemu_st_i32(tcg_constant_i32(0xa1b2c3d4),
                            tcg_constant_i64(va + 0x202), 1,
                            MO_UW | MO_ATOM);
        tcg_gen_qemu_st_i64(tcg_constant_i64(0xa1b2c3d4e5f6ULL), rg.g64[5],
                            1, MO_UB);
        run(opt);
        g_assert_cmphex(get64(1), ==, 0xf1);
        g_assert_cmphex(get64(2), ==, 0xfffffffffffff2f1ULL);
        g_assert_cmphex(get64(3), ==, 0xfffffffff4f3f2f1ULL);
        g_assert_cmphex(get64(4), ==, 0xf8f7f6f5f4f3f2f1ULL);
        g_assert_cmphex(get32(0), ==, 0xfffffff1);
        g_assert_cmphex(get32(1), ==, 0xf2f1);
        g_assert_cmphex(get32(2), ==, 0xf4f3f2f1);
        g_assert_cmphex(page[0x101], ==, 0x08);
        g_assert_cmphex(page[0x108], ==, 0x01);
        g_assert_cmphex(page[0x201], ==, 0xf6);
        g_assert_cmphex(page[0x202], ==, 0xd4);
        g_assert_cmphex(page[0x203], ==, 0xc3);
        g_assert_cmphex(page[0x204], ==, 0);
    }
    memset(&cpu->tlb, 0, sizeof(cpu->tlb));
    g_free(page);
}

/* ---------------- random programs ---------------- */

static void run_random(uint64_t seed, RandProgOpts *o, int opt,
                       uint8_t *out)
{
    begin();
    randprog_emit(seed, o, &rg);
    randprog_init_env(seed, env, &rg, o);
    tcg_ctx->code_ptr = code_start;
    compile_level(&tbs[0], opt);
    g_assert_cmphex(tcg_backend_interp.exec(env, tbs[0].tc.ptr), ==, 0);
    memset(out, 0, 512);
    memcpy(out, env + rg.ofs64[0], rg.end - rg.ofs64[0]);
    memcpy(out + 256, env + SCRATCH_OFS, SCRATCH_SIZE);
}

static void random_programs(bool branches, int n)
{
    RandProgOpts o = {
        .nb_ops = 60, .branches = branches, .env_ldst = true, .calls = true,
        .scratch_ofs = SCRATCH_OFS, .scratch_size = SCRATCH_SIZE,
    };
    uint8_t a[512], b[512];

    for (int i = 0; i < 2 * n; i++) {
        int seed = i / 2 + 1;
        int level = 1 + i % 2;      /* compare 0 with 1, then 0 with 2 */

        o.nb_ops = 20 + seed % 100;
        run_random(seed, &o, 0, a);
        run_random(seed, &o, level, b);
        if (memcmp(a, b, sizeof(a))) {
            GString *dump = g_string_new(NULL);

            begin();
            randprog_emit(seed, &o, &rg);
            tcg_dump_ops(tcg_ctx, dump);
            g_printerr("%s", dump->str);
            for (int i = 0; i < 512; i += 8) {
                uint64_t x, y;

                memcpy(&x, a + i, 8);
                memcpy(&y, b + i, 8);
                if (x != y) {
                    g_printerr("offset %d: %#" PRIx64 " vs %#" PRIx64 "\n",
                               i, x, y);
                }
            }
            g_error("random program %d (branches=%d): level %d changed "
                    "the result", seed, branches, level);
        }
    }
}

static void test_random_straight(void)
{
    random_programs(false, 400);
}

static void test_random_branchy(void)
{
    random_programs(true, 400);
}

/* Same seed, same ops: the generator is deterministic. */
static void test_random_deterministic(void)
{
    RandProgOpts o = {
        .nb_ops = 80, .branches = true, .env_ldst = true, .calls = true,
        .scratch_ofs = SCRATCH_OFS, .scratch_size = SCRATCH_SIZE,
    };
    GString *d1 = g_string_new(NULL), *d2 = g_string_new(NULL);

    begin();
    randprog_emit(77, &o, &rg);
    tcg_dump_ops(tcg_ctx, d1);
    begin();
    randprog_emit(77, &o, &rg);
    tcg_dump_ops(tcg_ctx, d2);
    g_assert_cmpstr(d1->str, ==, d2->str);
    g_assert_cmpint(tcg_ctx->nb_ops, >, 40);
    g_string_free(d1, true);
    g_string_free(d2, true);
}

/* A too-small code buffer gives -1 and writes nothing past its end. */
static void test_buffer_full(void)
{
    TCGContext *s = tcg_ctx;
    uint8_t *saved_end = s->code_end;
    int n;

    begin();
    for (int i = 0; i < 50; i++) {
        tcg_gen_addi_i64(rg.g64[0], rg.g64[0], i);
    }
    tcg_gen_exit_tb(NULL, 0);
    s->code_end = s->code_ptr + 64;
    memset(&tbs[0], 0, sizeof(tbs[0]));
    n = tcg_backend_interp.gen_code(s, &tbs[0]);
    s->code_end = saved_end;
    g_assert_cmpint(n, ==, -1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup();
    g_test_add_func("/tcg/interp/binary", test_binary);
    g_test_add_func("/tcg/interp/binary-same", test_binary_same);
    g_test_add_func("/tcg/interp/unary", test_unary);
    g_test_add_func("/tcg/interp/ext-types", test_ext_between_types);
    g_test_add_func("/tcg/interp/bitfields", test_bitfields);
    g_test_add_func("/tcg/interp/double-word", test_double_word);
    g_test_add_func("/tcg/interp/conditions", test_conditions);
    g_test_add_func("/tcg/interp/loop", test_loop);
    g_test_add_func("/tcg/interp/exits", test_exits);
    g_test_add_func("/tcg/interp/chaining", test_chaining);
    g_test_add_func("/tcg/interp/goto-ptr", test_goto_ptr);
    g_test_add_func("/tcg/interp/env-ldst", test_env_ldst);
    g_test_add_func("/tcg/interp/calls", test_calls);
    g_test_add_func("/tcg/interp/qemu-ldst", test_qemu_ldst);
    g_test_add_func("/tcg/interp/buffer-full", test_buffer_full);
    g_test_add_func("/tcg/randprog/deterministic", test_random_deterministic);
    g_test_add_func("/tcg/randprog/straight", test_random_straight);
    g_test_add_func("/tcg/randprog/branchy", test_random_branchy);
    return g_test_run();
}
