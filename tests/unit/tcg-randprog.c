/*
 * Deterministic random TCG IR programs (see tcg-randprog.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "tcg-randprog.h"

typedef struct Rng {
    uint64_t s;
} Rng;

static uint64_t rng_next(Rng *r)
{
    /* xorshift64* */
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545f4914f6cdd1dULL;
}

static unsigned rng_below(Rng *r, unsigned n)
{
    return (unsigned)(rng_next(r) % n);
}

static void rng_seed(Rng *r, uint64_t seed, uint64_t salt)
{
    r->s = (seed ^ salt) * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL;
    if (!r->s) {
        r->s = 1;
    }
    for (int i = 0; i < 4; i++) {
        rng_next(r);
    }
}

/* Values that find corner cases more often than uniform ones. */
static uint64_t rng_value(Rng *r)
{
    static const uint64_t special[] = {
        0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 0xff, 0x100, 0xffff,
        0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
        0x7fffffffffffffffULL, 0x8000000000000000ULL, ~0ULL, ~1ULL,
        0xfffffffffffffff0ULL, 0x8000000080000000ULL,
    };

    switch (rng_below(r, 4)) {
    case 0:
        return special[rng_below(r, G_N_ELEMENTS(special))];
    case 1:
        return (int64_t)(int8_t)rng_next(r);
    default:
        return rng_next(r);
    }
}

/* --- helpers --- */

static intptr_t bump_ofs_r0, bump_ofs_r1, bump_ofs_w0, bump_ofs_w1;

uint64_t randprog_helper_mix64(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t x = a * 0x9e3779b97f4a7c15ULL ^ (b >> 7) ^ (c << 13);

    return x ^ (x >> 29);
}

uint32_t randprog_helper_mix32(uint32_t a, uint32_t b)
{
    uint32_t x = a * 0x85ebca6bu ^ (b >> 3) ^ (b << 11);

    return x ^ (x >> 15);
}

void randprog_helper_bump(void *env, uint64_t v)
{
    uint8_t *e = env;
    uint64_t r0, r1;
    uint32_t w0, w1;

    memcpy(&r0, e + bump_ofs_r0, 8);
    memcpy(&w0, e + bump_ofs_w0, 4);
    r1 = r0 * 3 + v + w0;
    w1 = (uint32_t)r0 ^ (w0 << 1) ^ (uint32_t)v;
    memcpy(e + bump_ofs_r1, &r1, 8);
    memcpy(e + bump_ofs_w1, &w1, 4);
}

static const TCGHelperInfo info_mix64 = {
    .func = (void *)randprog_helper_mix64, .name = "randprog_mix64",
    .flags = TCG_CALL_NO_RWG_SE | TCG_CALL_NO_FAULT, .nb_args = 3,
    .ret = TCG_CALL_I64,
    .args = { TCG_CALL_I64, TCG_CALL_I64, TCG_CALL_I64 },
};
static const TCGHelperInfo info_mix32 = {
    .func = (void *)randprog_helper_mix32, .name = "randprog_mix32",
    .flags = TCG_CALL_NO_RWG_SE | TCG_CALL_NO_FAULT, .nb_args = 2,
    .ret = TCG_CALL_I32, .args = { TCG_CALL_I32, TCG_CALL_I32 },
};
static const TCGHelperInfo info_bump = {
    .func = (void *)randprog_helper_bump, .name = "randprog_bump",
    .flags = TCG_CALL_NO_FAULT, .nb_args = 2,
    .ret = TCG_CALL_VOID, .args = { TCG_CALL_I64, TCG_CALL_I64 },
};

void randprog_register_globals(RandProgGlobals *g, intptr_t ofs,
                               int n64, int n32)
{
    g_assert(n64 >= 2 && n64 <= RANDPROG_MAX_GLOBALS);
    g_assert(n32 >= 2 && n32 <= RANDPROG_MAX_GLOBALS);
    g->n64 = n64;
    g->n32 = n32;
    for (int i = 0; i < n64; i++) {
        g->ofs64[i] = ofs;
        g->g64[i] = tcg_global_mem_new_i64(tcg_env, ofs,
                                           g_strdup_printf("r%d", i));
        ofs += 8;
    }
    for (int i = 0; i < n32; i++) {
        g->ofs32[i] = ofs;
        g->g32[i] = tcg_global_mem_new_i32(tcg_env, ofs,
                                           g_strdup_printf("w%d", i));
        ofs += 8;
    }
    g->end = ofs;
    bump_ofs_r0 = g->ofs64[0];
    bump_ofs_r1 = g->ofs64[1];
    bump_ofs_w0 = g->ofs32[0];
    bump_ofs_w1 = g->ofs32[1];
}

void randprog_init_env(uint64_t seed, void *env, const RandProgGlobals *g,
                       const RandProgOpts *o)
{
    uint8_t *e = env;
    Rng r;

    rng_seed(&r, seed, 0xe17);
    for (int i = 0; i < g->n64; i++) {
        uint64_t v = rng_value(&r);
        memcpy(e + g->ofs64[i], &v, 8);
    }
    for (int i = 0; i < g->n32; i++) {
        uint64_t v = (uint32_t)rng_value(&r);   /* upper half zero too */
        memcpy(e + g->ofs32[i], &v, 8);
    }
    if (o && o->env_ldst) {
        for (int i = 0; i < o->scratch_size; i += 8) {
            uint64_t v = rng_value(&r);
            memcpy(e + o->scratch_ofs + i, &v, 8);
        }
    }
}

/* --- the generator --- */

#define MAX_VALS 64

typedef struct Gen {
    Rng r;
    const RandProgOpts *o;
    const RandProgGlobals *g;
    /* Writable temps (globals, TB temps, live EBB temps) per type. */
    TCGv_i64 d64[MAX_VALS];
    TCGv_i32 d32[MAX_VALS];
    int nd64, nd32;
    TCGv_i64 new64[2];             /* written by the op being emitted */
    TCGv_i32 new32[2];
    int nnew64, nnew32;
    int nfixed64, nfixed32;        /* entries before this are not EBB */
    TCGLabel *pending[8];
    int npending;
    int left;
} Gen;

static TCGv_i64 src64(Gen *G)
{
    if (rng_below(&G->r, 5) == 0) {
        return tcg_constant_i64(rng_value(&G->r));
    }
    return G->d64[rng_below(&G->r, G->nd64)];
}

static TCGv_i32 src32(Gen *G)
{
    if (rng_below(&G->r, 5) == 0) {
        return tcg_constant_i32(rng_value(&G->r));
    }
    return G->d32[rng_below(&G->r, G->nd32)];
}

/*
 * Destinations: a global, a TB temp, a live EBB temp, or sometimes a new
 * EBB temp that joins the source pool only once written (commit()), so
 * that nothing ever reads an unwritten temp.
 */
static TCGv_i64 dst64(Gen *G)
{
    if (G->nd64 + G->nnew64 < MAX_VALS && rng_below(&G->r, 6) == 0) {
        TCGv_i64 t = tcg_temp_ebb_new_i64();
        G->new64[G->nnew64++] = t;
        return t;
    }
    return G->d64[rng_below(&G->r, G->nd64)];
}

static TCGv_i32 dst32(Gen *G)
{
    if (G->nd32 + G->nnew32 < MAX_VALS && rng_below(&G->r, 6) == 0) {
        TCGv_i32 t = tcg_temp_ebb_new_i32();
        G->new32[G->nnew32++] = t;
        return t;
    }
    return G->d32[rng_below(&G->r, G->nd32)];
}

static void commit(Gen *G)
{
    for (int i = 0; i < G->nnew64; i++) {
        G->d64[G->nd64++] = G->new64[i];
    }
    for (int i = 0; i < G->nnew32; i++) {
        G->d32[G->nd32++] = G->new32[i];
    }
    G->nnew64 = G->nnew32 = 0;
}

/*
 * EBB temps die at the next label (those written after a brcond are
 * only written on the fall-through path).
 */
static void end_ebb(Gen *G)
{
    for (int i = G->nfixed64; i < G->nd64; i++) {
        tcg_temp_free_i64(G->d64[i]);
    }
    for (int i = G->nfixed32; i < G->nd32; i++) {
        tcg_temp_free_i32(G->d32[i]);
    }
    G->nd64 = G->nfixed64;
    G->nd32 = G->nfixed32;
}

static TCGCond rand_cond(Gen *G)
{
    static const TCGCond conds[] = {
        TCG_COND_EQ, TCG_COND_NE, TCG_COND_LT, TCG_COND_GE, TCG_COND_LE,
        TCG_COND_GT, TCG_COND_LTU, TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU,
        TCG_COND_TSTEQ, TCG_COND_TSTNE, TCG_COND_NEVER, TCG_COND_ALWAYS,
    };
    unsigned n = rng_below(&G->r, 8) ? 12 : 14;

    return conds[rng_below(&G->r, n)];
}

static void rand_field(Gen *G, unsigned width, unsigned *ofs, unsigned *len)
{
    *len = 1 + rng_below(&G->r, width);
    *ofs = rng_below(&G->r, width - *len + 1);
}

/* A divisor that is never 0 and never -1: +/-((x >> 1) | 2). */
static TCGv_i64 divisor64(TCGv_i64 x, bool neg)
{
    TCGv_i64 d = tcg_temp_ebb_new_i64();

    tcg_gen_shri_i64(d, x, 1);
    tcg_gen_ori_i64(d, d, 2);
    if (neg) {
        tcg_gen_neg_i64(d, d);
    }
    return d;
}

static TCGv_i32 divisor32(TCGv_i32 x, bool neg)
{
    TCGv_i32 d = tcg_temp_ebb_new_i32();

    tcg_gen_shri_i32(d, x, 1);
    tcg_gen_ori_i32(d, d, 2);
    if (neg) {
        tcg_gen_neg_i32(d, d);
    }
    return d;
}

/*
 * Every random choice is made in a statement of its own: C leaves the
 * order of evaluation of arguments open, and the same seed must give the
 * same program with any compiler.
 */
typedef struct Operands {
    TCGv_i64 a, b, c, e;
    TCGv_i32 a32, b32, c32, e32;
    uint64_t imm;
    TCGCond cond;
    unsigned sel, sub, ofs, len;
} Operands;

static void pick_operands(Gen *G, Operands *x, unsigned nsel)
{
    x->sel = rng_below(&G->r, nsel);
    x->sub = rng_below(&G->r, 8);
    x->a = src64(G);
    x->b = src64(G);
    x->c = src64(G);
    x->e = src64(G);
    x->a32 = src32(G);
    x->b32 = src32(G);
    x->c32 = src32(G);
    x->e32 = src32(G);
    x->imm = rng_value(&G->r);
    x->cond = rand_cond(G);
}

static void emit_op64(Gen *G)
{
    Operands x;
    TCGv_i64 d, d2, dv;
    unsigned sh;

    pick_operands(G, &x, 40);
    sh = x.imm & 63;
    d = dst64(G);
    switch (x.sel) {
    case 0:  tcg_gen_add_i64(d, x.a, x.b); break;
    case 1:  tcg_gen_sub_i64(d, x.a, x.b); break;
    case 2:  tcg_gen_mul_i64(d, x.a, x.b); break;
    case 3:  tcg_gen_and_i64(d, x.a, x.b); break;
    case 4:  tcg_gen_or_i64(d, x.a, x.b); break;
    case 5:  tcg_gen_xor_i64(d, x.a, x.b); break;
    case 6:  tcg_gen_andc_i64(d, x.a, x.b); break;
    case 7:  tcg_gen_shl_i64(d, x.a, x.b); break;
    case 8:  tcg_gen_shr_i64(d, x.a, x.b); break;
    case 9:  tcg_gen_sar_i64(d, x.a, x.b); break;
    case 10: tcg_gen_rotl_i64(d, x.a, x.b); break;
    case 11: tcg_gen_rotr_i64(d, x.a, x.b); break;
    case 12:
        switch (x.sub) {
        case 0: tcg_gen_addi_i64(d, x.a, x.imm); break;
        case 1: tcg_gen_subi_i64(d, x.a, x.imm); break;
        case 2: tcg_gen_andi_i64(d, x.a, x.imm); break;
        case 3: tcg_gen_xori_i64(d, x.a, x.imm); break;
        case 4: tcg_gen_shli_i64(d, x.a, sh); break;
        case 5: tcg_gen_sari_i64(d, x.a, sh); break;
        case 6: tcg_gen_rotli_i64(d, x.a, sh); break;
        default: tcg_gen_subfi_i64(d, x.imm, x.a); break;
        }
        break;
    case 13: tcg_gen_neg_i64(d, x.a); break;
    case 14: tcg_gen_not_i64(d, x.a); break;
    case 15:
        switch (x.sub % 6) {
        case 0: tcg_gen_ext8s_i64(d, x.a); break;
        case 1: tcg_gen_ext8u_i64(d, x.a); break;
        case 2: tcg_gen_ext16s_i64(d, x.a); break;
        case 3: tcg_gen_ext16u_i64(d, x.a); break;
        case 4: tcg_gen_ext32s_i64(d, x.a); break;
        default: tcg_gen_ext32u_i64(d, x.a); break;
        }
        break;
    case 16:
        if (x.sub & 1) {
            tcg_gen_extu_i32_i64(d, x.a32);
        } else {
            tcg_gen_ext_i32_i64(d, x.a32);
        }
        break;
    case 17:
        rand_field(G, 64, &x.ofs, &x.len);
        if (x.sub & 1) {
            tcg_gen_extract_i64(d, x.a, x.ofs, x.len);
        } else {
            tcg_gen_sextract_i64(d, x.a, x.ofs, x.len);
        }
        break;
    case 18:
        rand_field(G, 64, &x.ofs, &x.len);
        tcg_gen_deposit_i64(d, x.a, x.b, x.ofs, x.len);
        break;
    case 19:
        switch (x.sub % 3) {
        case 0: tcg_gen_bswap16_i64(d, x.a); break;
        case 1: tcg_gen_bswap32_i64(d, x.a); break;
        default: tcg_gen_bswap64_i64(d, x.a); break;
        }
        break;
    case 20:
        switch (x.sub % 5) {
        case 0: tcg_gen_clz_i64(d, x.a, x.b); break;
        case 1: tcg_gen_ctz_i64(d, x.a, x.b); break;
        case 2: tcg_gen_clzi_i64(d, x.a, 64); break;
        case 3: tcg_gen_ctzi_i64(d, x.a, 64); break;
        default: tcg_gen_ctpop_i64(d, x.a); break;
        }
        break;
    case 21:
    case 22:
        d2 = dst64(G);
        if (d2 == d) {
            tcg_gen_mov_i64(d, x.a);
            break;
        }
        switch ((x.sel - 21) * 2 + (x.sub & 1)) {
        case 0: tcg_gen_mulu2_i64(d, d2, x.a, x.b); break;
        case 1: tcg_gen_muls2_i64(d, d2, x.a, x.b); break;
        case 2: tcg_gen_add2_i64(d, d2, x.a, x.b, x.c, x.e); break;
        default: tcg_gen_sub2_i64(d, d2, x.a, x.b, x.c, x.e); break;
        }
        break;
    case 23:
        dv = divisor64(x.b, x.sub & 2);
        switch (x.sub & 5) {
        case 0: tcg_gen_divu_i64(d, x.a, dv); break;
        case 1: tcg_gen_remu_i64(d, x.a, dv); break;
        case 4: tcg_gen_div_i64(d, x.a, dv); break;
        default: tcg_gen_rem_i64(d, x.a, dv); break;
        }
        tcg_temp_free_i64(dv);
        break;
    case 24: tcg_gen_setcond_i64(x.cond, d, x.a, x.b); break;
    case 25: tcg_gen_setcondi_i64(x.cond, d, x.a, x.imm); break;
    case 26: tcg_gen_negsetcond_i64(x.cond, d, x.a, x.b); break;
    case 27: tcg_gen_movcond_i64(x.cond, d, x.a, x.b, x.c, x.e); break;
    case 28: tcg_gen_mov_i64(d, x.a); break;
    case 29: tcg_gen_movi_i64(d, x.imm); break;
    case 30: tcg_gen_ext_i64(d, x.a, x.sub & 7); break;
    default:
        /* Chains where one result feeds the next. */
        tcg_gen_add_i64(d, x.a, x.b);
        tcg_gen_xor_i64(d, d, x.c);
        tcg_gen_shri_i64(d, d, sh);
        break;
    }
    commit(G);
}

static void emit_op32(Gen *G)
{
    Operands x;
    TCGv_i32 d, d2, dv;
    unsigned sh;

    pick_operands(G, &x, 34);
    sh = x.imm & 31;
    d = dst32(G);
    switch (x.sel) {
    case 0:  tcg_gen_add_i32(d, x.a32, x.b32); break;
    case 1:  tcg_gen_sub_i32(d, x.a32, x.b32); break;
    case 2:  tcg_gen_mul_i32(d, x.a32, x.b32); break;
    case 3:  tcg_gen_and_i32(d, x.a32, x.b32); break;
    case 4:  tcg_gen_or_i32(d, x.a32, x.b32); break;
    case 5:  tcg_gen_xor_i32(d, x.a32, x.b32); break;
    case 6:  tcg_gen_andc_i32(d, x.a32, x.b32); break;
    case 7:  tcg_gen_shl_i32(d, x.a32, x.b32); break;
    case 8:  tcg_gen_shr_i32(d, x.a32, x.b32); break;
    case 9:  tcg_gen_sar_i32(d, x.a32, x.b32); break;
    case 10: tcg_gen_rotl_i32(d, x.a32, x.b32); break;
    case 11: tcg_gen_rotr_i32(d, x.a32, x.b32); break;
    case 12:
        switch (x.sub) {
        case 0: tcg_gen_addi_i32(d, x.a32, x.imm); break;
        case 1: tcg_gen_muli_i32(d, x.a32, x.imm); break;
        case 2: tcg_gen_ori_i32(d, x.a32, x.imm); break;
        case 3: tcg_gen_xori_i32(d, x.a32, x.imm); break;
        case 4: tcg_gen_shri_i32(d, x.a32, sh); break;
        case 5: tcg_gen_sari_i32(d, x.a32, sh); break;
        case 6: tcg_gen_rotri_i32(d, x.a32, sh); break;
        default: tcg_gen_subfi_i32(d, x.imm, x.a32); break;
        }
        break;
    case 13: tcg_gen_neg_i32(d, x.a32); break;
    case 14: tcg_gen_not_i32(d, x.a32); break;
    case 15:
        switch (x.sub & 3) {
        case 0: tcg_gen_ext8s_i32(d, x.a32); break;
        case 1: tcg_gen_ext8u_i32(d, x.a32); break;
        case 2: tcg_gen_ext16s_i32(d, x.a32); break;
        default: tcg_gen_ext16u_i32(d, x.a32); break;
        }
        break;
    case 16:
        if (x.sub & 1) {
            tcg_gen_extrl_i64_i32(d, x.a);
        } else {
            tcg_gen_extrh_i64_i32(d, x.a);
        }
        break;
    case 17:
        rand_field(G, 32, &x.ofs, &x.len);
        if (x.sub & 1) {
            tcg_gen_extract_i32(d, x.a32, x.ofs, x.len);
        } else {
            tcg_gen_sextract_i32(d, x.a32, x.ofs, x.len);
        }
        break;
    case 18:
        rand_field(G, 32, &x.ofs, &x.len);
        tcg_gen_deposit_i32(d, x.a32, x.b32, x.ofs, x.len);
        break;
    case 19:
        if (x.sub & 1) {
            tcg_gen_bswap16_i32(d, x.a32);
        } else {
            tcg_gen_bswap32_i32(d, x.a32);
        }
        break;
    case 20:
        switch (x.sub % 3) {
        case 0: tcg_gen_clz_i32(d, x.a32, x.b32); break;
        case 1: tcg_gen_ctz_i32(d, x.a32, x.b32); break;
        default: tcg_gen_ctpop_i32(d, x.a32); break;
        }
        break;
    case 21:
        d2 = dst32(G);
        if (d2 == d) {
            tcg_gen_mov_i32(d, x.a32);
            break;
        }
        if (x.sub & 1) {
            tcg_gen_mulu2_i32(d, d2, x.a32, x.b32);
        } else {
            tcg_gen_muls2_i32(d, d2, x.a32, x.b32);
        }
        break;
    case 22:
        dv = divisor32(x.b32, x.sub & 2);
        switch (x.sub & 5) {
        case 0: tcg_gen_divu_i32(d, x.a32, dv); break;
        case 1: tcg_gen_remu_i32(d, x.a32, dv); break;
        case 4: tcg_gen_div_i32(d, x.a32, dv); break;
        default: tcg_gen_rem_i32(d, x.a32, dv); break;
        }
        tcg_temp_free_i32(dv);
        break;
    case 23: tcg_gen_setcond_i32(x.cond, d, x.a32, x.b32); break;
    case 24: tcg_gen_setcondi_i32(x.cond, d, x.a32, x.imm); break;
    case 25:
        tcg_gen_movcond_i32(x.cond, d, x.a32, x.b32, x.c32, x.e32);
        break;
    case 26: tcg_gen_mov_i32(d, x.a32); break;
    case 27: tcg_gen_movi_i32(d, x.imm); break;
    default:
        tcg_gen_sub_i32(d, x.a32, x.b32);
        tcg_gen_and_i32(d, d, x.c32);
        tcg_gen_shli_i32(d, d, sh);
        break;
    }
    commit(G);
}

static void emit_ldst(Gen *G)
{
    Rng *r = &G->r;
    const RandProgOpts *o = G->o;
    intptr_t off;
    unsigned kind = rng_below(r, 16);
    static const int sizes[16] = { 1, 1, 2, 2, 4, 4, 8, 1, 2, 4, 8,
                                   1, 1, 2, 2, 4 };
    int size = sizes[kind];

    off = o->scratch_ofs + rng_below(r, o->scratch_size / size) * size;
    switch (kind) {
    case 0:  tcg_gen_ld8u_i64(dst64(G), tcg_env, off); break;
    case 1:  tcg_gen_ld8s_i64(dst64(G), tcg_env, off); break;
    case 2:  tcg_gen_ld16u_i64(dst64(G), tcg_env, off); break;
    case 3:  tcg_gen_ld16s_i64(dst64(G), tcg_env, off); break;
    case 4:  tcg_gen_ld32u_i64(dst64(G), tcg_env, off); break;
    case 5:  tcg_gen_ld32s_i64(dst64(G), tcg_env, off); break;
    case 6:  tcg_gen_ld_i64(dst64(G), tcg_env, off); break;
    case 7:  tcg_gen_st8_i64(src64(G), tcg_env, off); break;
    case 8:  tcg_gen_st16_i64(src64(G), tcg_env, off); break;
    case 9:  tcg_gen_st32_i64(src64(G), tcg_env, off); break;
    case 10: tcg_gen_st_i64(src64(G), tcg_env, off); break;
    case 11: tcg_gen_ld8u_i32(dst32(G), tcg_env, off); break;
    case 12: tcg_gen_st8_i32(src32(G), tcg_env, off); break;
    case 13: tcg_gen_ld16s_i32(dst32(G), tcg_env, off); break;
    case 14: tcg_gen_st16_i32(src32(G), tcg_env, off); break;
    default:
        if (rng_below(r, 2)) {
            tcg_gen_ld_i32(dst32(G), tcg_env, off);
        } else {
            tcg_gen_st_i32(src32(G), tcg_env, off);
        }
        break;
    }
    commit(G);
}

static void emit_call(Gen *G)
{
    TCGTemp *args[3];

    switch (rng_below(&G->r, 3)) {
    case 0:
        for (int i = 0; i < 3; i++) {
            args[i] = tcgv_i64_temp(src64(G));
        }
        tcg_gen_callN(&info_mix64, tcgv_i64_temp(dst64(G)), 3, args);
        break;
    case 1:
        for (int i = 0; i < 2; i++) {
            args[i] = tcgv_i32_temp(src32(G));
        }
        tcg_gen_callN(&info_mix32, tcgv_i32_temp(dst32(G)), 2, args);
        break;
    default:
        args[0] = tcgv_ptr_temp(tcg_env);
        args[1] = tcgv_i64_temp(src64(G));
        tcg_gen_callN(&info_bump, NULL, 2, args);
        break;
    }
    commit(G);
}

static void emit_straight(Gen *G)
{
    const RandProgOpts *o = G->o;
    unsigned k = rng_below(&G->r, 20);

    if (o->env_ldst && k < 2) {
        emit_ldst(G);
    } else if (o->calls && k == 2) {
        emit_call(G);
    } else if (k < 12) {
        emit_op64(G);
    } else {
        emit_op32(G);
    }
}

static void place_label(Gen *G, int i)
{
    end_ebb(G);
    tcg_gen_set_label(G->pending[i]);
    G->pending[i] = G->pending[--G->npending];
}

static void emit_loop(Gen *G)
{
    TCGv_i64 cnt = tcg_temp_new_i64();
    TCGLabel *top = gen_new_label();
    int body = 1 + rng_below(&G->r, 6);

    tcg_gen_movi_i64(cnt, 1 + rng_below(&G->r, 4));
    end_ebb(G);
    tcg_gen_set_label(top);
    for (int i = 0; i < body; i++) {
        emit_straight(G);
    }
    tcg_gen_subi_i64(cnt, cnt, 1);
    tcg_gen_brcondi_i64(TCG_COND_NE, cnt, 0, top);
    tcg_temp_free_i64(cnt);
    G->left -= body + 3;
}

static void emit_branch(Gen *G)
{
    TCGLabel *l = gen_new_label();
    TCGCond c = rand_cond(G);

    if (rng_below(&G->r, 2)) {
        TCGv_i64 a = src64(G);
        TCGv_i64 b = src64(G);

        tcg_gen_brcond_i64(c, a, b, l);
    } else {
        TCGv_i32 a = src32(G);
        uint64_t b = rng_value(&G->r);

        tcg_gen_brcondi_i32(c, a, b, l);
    }
    G->pending[G->npending++] = l;
}

void randprog_emit(uint64_t seed, const RandProgOpts *o,
                   const RandProgGlobals *g)
{
    Gen G = { .o = o, .g = g };
    int ntb;

    rng_seed(&G.r, seed, 0x9e0);
    for (int i = 0; i < g->n64; i++) {
        G.d64[G.nd64++] = g->g64[i];
    }
    for (int i = 0; i < g->n32; i++) {
        G.d32[G.nd32++] = g->g32[i];
    }
    /* A few TB temps, initialised from globals before any use. */
    ntb = rng_below(&G.r, 4);
    for (int i = 0; i < ntb; i++) {
        TCGv_i64 t64 = tcg_temp_new_i64();
        TCGv_i32 t32 = tcg_temp_new_i32();

        tcg_gen_xori_i64(t64, g->g64[i % g->n64], rng_value(&G.r));
        tcg_gen_mov_i32(t32, g->g32[i % g->n32]);
        G.d64[G.nd64++] = t64;
        G.d32[G.nd32++] = t32;
    }
    G.nfixed64 = G.nd64;
    G.nfixed32 = G.nd32;

    tcg_gen_insn_start(0x1000, 0);
    G.left = o->nb_ops;
    while (G.left > 0) {
        unsigned k = rng_below(&G.r, 40);

        if (k == 0 && o->branches && G.npending == 0) {
            emit_loop(&G);
            continue;
        }
        if (k < 3 && o->branches && G.npending < 8) {
            emit_branch(&G);
        } else if (k < 6 && G.npending) {
            place_label(&G, rng_below(&G.r, G.npending));
        } else if (k == 6) {
            tcg_gen_insn_start(0x1000 + o->nb_ops - G.left, G.left);
        } else {
            emit_straight(&G);
        }
        G.left--;
    }
    while (G.npending) {
        place_label(&G, 0);
    }
    end_ebb(&G);
    tcg_gen_exit_tb(NULL, 0);
}
