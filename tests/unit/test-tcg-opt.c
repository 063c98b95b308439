/*
 * The optimizer, liveness and dump passes on small op lists: what gets
 * folded, what must be kept, life bits, and the text format.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "exec/exec-all.h"
#include "target/i386/cpu.h"

static TCGv_i64 r0, r1, r2;
static TCGv_i32 w0, w1;
static intptr_t r0_ofs;

static void setup(void)
{
    tcg_init();
    r0_ofs = offsetof(CPUX86State, regs[0]);
    r0 = tcg_global_mem_new_i64(tcg_env, r0_ofs, "rax");
    r1 = tcg_global_mem_new_i64(tcg_env, offsetof(CPUX86State, regs[1]),
                                "rcx");
    r2 = tcg_global_mem_new_i64(tcg_env, offsetof(CPUX86State, regs[2]),
                                "rdx");
    w0 = tcg_global_mem_new_i32(tcg_env, offsetof(CPUX86State, regs[3]),
                                "w0");
    w1 = tcg_global_mem_new_i32(tcg_env, offsetof(CPUX86State, regs[4]),
                                "w1");
}

static void begin(void)
{
    tcg_func_start(tcg_ctx);
}

static int count_ops(TCGOpcode opc)
{
    int n = 0;

    for (int i = 0; i < tcg_ctx->nb_ops; i++) {
        n += tcg_ctx->ops[i].opc == opc;
    }
    return n;
}

/* The first op with this opcode writing (or, for stores, reading) t. */
static TCGOp *find_op(TCGOpcode opc, TCGTemp *t)
{
    for (int i = 0; i < tcg_ctx->nb_ops; i++) {
        TCGOp *op = &tcg_ctx->ops[i];

        if (op->opc == opc && (!t || arg_temp(op->args[0]) == t)) {
            return op;
        }
    }
    return NULL;
}

static char *dump(void)
{
    GString *s = g_string_new(NULL);

    tcg_dump_ops(tcg_ctx, s);
    return g_string_free(s, false);
}

#define T64(v) tcgv_i64_temp(v)
#define T32(v) tcgv_i32_temp(v)

static void assert_movi(TCGTemp *dst, uint64_t val)
{
    TCGOp *op = find_op(INDEX_op_mov, dst);
    TCGTemp *src;

    g_assert_nonnull(op);
    src = arg_temp(op->args[1]);
    g_assert_cmpint(src->kind, ==, TEMP_CONST);
    if (dst->type == TCG_TYPE_I32) {
        g_assert_cmphex((uint32_t)src->val, ==, (uint32_t)val);
    } else {
        g_assert_cmphex(src->val, ==, val);
    }
}

static void test_fold_constants(void)
{
    begin();
    tcg_gen_add_i64(r0, tcg_constant_i64(40), tcg_constant_i64(2));
    tcg_gen_shl_i64(r1, tcg_constant_i64(1), tcg_constant_i64(65));
    tcg_gen_add_i32(w0, tcg_constant_i32(-1), tcg_constant_i32(1));
    tcg_gen_sar_i32(w1, tcg_constant_i32(0x80000000), tcg_constant_i32(4));
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_add), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_shl), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_sar), ==, 0);
    assert_movi(T64(r0), 42);
    assert_movi(T64(r1), 2);
    assert_movi(T32(w0), 0);
    assert_movi(T32(w1), 0xf8000000);
}

/* Values flow through temps and moves, and on into later ops. */
static void test_propagation(void)
{
    TCGv_i64 t;

    begin();
    t = tcg_temp_new_i64();
    tcg_gen_movi_i64(t, 5);
    tcg_gen_addi_i64(t, t, 6);
    tcg_gen_mul_i64(r0, t, t);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    assert_movi(T64(r0), 121);
    g_assert_cmpint(count_ops(INDEX_op_mul), ==, 0);

    /* Copies: uses of t read r1 itself. */
    begin();
    t = tcg_temp_ebb_new_i64();
    tcg_gen_mov_i64(t, r1);
    tcg_gen_add_i64(r0, t, r2);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    g_assert(arg_temp(find_op(INDEX_op_add, T64(r0))->args[1]) == T64(r1));
    tcg_liveness_analysis(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_mov), ==, 0);

    /* A copy whose source changes keeps the old value. */
    begin();
    t = tcg_temp_ebb_new_i64();
    tcg_gen_mov_i64(t, r1);
    tcg_gen_addi_i64(r1, r1, 1);
    tcg_gen_add_i64(r0, t, r2);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    g_assert(arg_temp(find_op(INDEX_op_add, T64(r0))->args[1]) == T64(t));
}

static void test_simplify(void)
{
    begin();
    tcg_gen_addi_i64(r0, r1, 0);
    tcg_gen_andi_i64(r1, r2, 0);
    tcg_gen_xor_i64(r2, r0, r0);
    tcg_gen_andi_i32(w0, w1, -1);
    tcg_gen_shli_i32(w1, w0, 32);       /* count modulo 32: x << 0 */
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_add), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_and), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_xor), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_shl), ==, 0);
    assert_movi(T64(r1), 0);
    assert_movi(T64(r2), 0);
    g_assert(arg_temp(find_op(INDEX_op_mov, T64(r0))->args[1]) == T64(r1));

    /* Not simplified: and with a non-mask, shift by 33 (I64). */
    begin();
    tcg_gen_andi_i32(w0, w1, 0x7fffffff);
    tcg_gen_shli_i64(r0, r1, 33);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_and), ==, 1);
    g_assert_cmpint(count_ops(INDEX_op_shl), ==, 1);
}

/* Known-zero bits: extensions and masks that change nothing go away. */
static void test_known_bits(void)
{
    TCGv_i64 t, u;

    begin();
    t = tcg_temp_new_i64();
    u = tcg_temp_new_i64();
    tcg_gen_qemu_ld_i64(t, r0, 1, MO_UL);
    tcg_gen_ext32u_i64(r1, t);                  /* already 32 bits */
    tcg_gen_shri_i64(u, t, 8);
    tcg_gen_andi_i64(r2, u, 0xffffff);          /* already 24 bits */
    tcg_gen_ext32u_i64(r0, r0);                 /* unknown: kept */
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_ext32u), ==, 1);
    g_assert_cmpint(count_ops(INDEX_op_and), ==, 0);
    g_assert(arg_temp(find_op(INDEX_op_mov, T64(r1))->args[1]) == T64(t));

    /* A 32-bit rotate done on the doubled value becomes an I32 rotate. */
    begin();
    t = tcg_temp_new_i64();
    tcg_gen_ext32u_i64(t, r0);
    tcg_gen_muli_i64(t, t, 0x100000001ULL);
    tcg_gen_rotli_i64(t, t, 13);
    tcg_gen_ext32u_i64(t, t);
    tcg_gen_ext32u_i64(r1, t);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_mul), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_ext32u), ==, 1);
    g_assert_cmpint(count_ops(INDEX_op_rotl), ==, 1);
    g_assert_cmpint(find_op(INDEX_op_rotl, NULL)->type, ==, TCG_TYPE_I32);
    g_assert_cmpint(count_ops(INDEX_op_extu_i32_i64), ==, 1);
}

/* A TB temp confined to one EBB, written first, becomes an EBB temp. */
static void test_narrow_tb_temps(void)
{
    TCGv_i64 local, wide;
    TCGLabel *l;

    begin();
    local = tcg_temp_new_i64();
    wide = tcg_temp_new_i64();
    l = gen_new_label();
    tcg_gen_addi_i64(local, r0, 1);
    tcg_gen_mov_i64(wide, local);
    tcg_gen_brcondi_i64(TCG_COND_EQ, local, 0, l);
    tcg_gen_mov_i64(r1, local);
    tcg_gen_set_label(l);
    tcg_gen_mov_i64(r2, wide);
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(tcg_ctx);
    g_assert_cmpint(T64(local)->kind, ==, TEMP_EBB);
    g_assert_cmpint(T64(wide)->kind, ==, TEMP_TB);
}

static void test_branch_folding(void)
{
    TCGLabel *l1, *l2;

    begin();
    l1 = gen_new_label();
    l2 = gen_new_label();
    tcg_gen_brcond_i64(TCG_COND_LTU, tcg_constant_i64(1),
                       tcg_constant_i64(2), l1);     /* always */
    tcg_gen_brcond_i32(TCG_COND_LT, tcg_constant_i32(1),
                       tcg_constant_i32(-1), l2);    /* never (signed) */
    tcg_gen_brcond_i64(TCG_COND_EQ, r0, r0, l2);     /* always */
    tcg_gen_set_label(l1);
    tcg_gen_set_label(l2);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_brcond), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_br), ==, 2);

    /* Constant first: swapped with the condition mirrored. */
    begin();
    l1 = gen_new_label();
    tcg_gen_brcond_i64(TCG_COND_LT, tcg_constant_i64(5), r0, l1);
    tcg_gen_setcond_i64(TCG_COND_GEU, r1, tcg_constant_i64(5), r0);
    tcg_gen_set_label(l1);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    {
        TCGOp *op = find_op(INDEX_op_brcond, T64(r0));

        g_assert_nonnull(op);
        g_assert_cmpint(op->args[2], ==, TCG_COND_GT);
        op = find_op(INDEX_op_setcond, T64(r1));
        g_assert(arg_temp(op->args[1]) == T64(r0));
        g_assert_cmpint(op->args[3], ==, TCG_COND_LEU);
    }
}

/* What is known is forgotten at labels, calls and env stores. */
static void helper_nop(void *env)
{
}

static const TCGHelperInfo info_writes = {
    .func = (void *)helper_nop, .name = "writes", .flags = 0, .nb_args = 1,
    .ret = TCG_CALL_VOID, .args = { TCG_CALL_I64 },
};
static const TCGHelperInfo info_nowrite = {
    .func = (void *)helper_nop, .name = "nowrite",
    .flags = TCG_CALL_NO_WRITE_GLOBALS, .nb_args = 1,
    .ret = TCG_CALL_VOID, .args = { TCG_CALL_I64 },
};
static const TCGHelperInfo info_pure = {
    .func = (void *)helper_nop, .name = "pure", .flags = TCG_CALL_NO_RWG_SE,
    .nb_args = 1, .ret = TCG_CALL_I64, .args = { TCG_CALL_I64 },
};

static void test_forgetting(void)
{
    TCGTemp *envarg[1];
    TCGv_i64 t, a[4];
    TCGLabel *l;

    begin();
    envarg[0] = tcgv_ptr_temp(tcg_env);
    t = tcg_temp_new_i64();
    for (int i = 0; i < 4; i++) {
        a[i] = tcg_temp_new_i64();
    }
    l = gen_new_label();
    tcg_gen_movi_i64(t, 5);
    tcg_gen_movi_i64(r0, 5);
    tcg_gen_movi_i64(r1, 5);
    tcg_gen_movi_i64(r2, 5);
    tcg_gen_st_i64(tcg_constant_i64(9), tcg_env, r0_ofs);
    tcg_gen_callN(&info_nowrite, NULL, 1, envarg);
    tcg_gen_addi_i64(a[2], r2, 1);      /* folded: nowrite */
    tcg_gen_addi_i64(a[0], r0, 1);      /* not folded: env store */
    tcg_gen_callN(&info_writes, NULL, 1, envarg);
    tcg_gen_addi_i64(a[1], r1, 1);      /* not folded: call */
    tcg_gen_set_label(l);
    tcg_gen_addi_i64(a[3], t, 1);       /* not folded: label */
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    assert_movi(T64(a[2]), 6);
    g_assert_nonnull(find_op(INDEX_op_add, T64(a[0])));
    g_assert_nonnull(find_op(INDEX_op_add, T64(a[1])));
    g_assert_nonnull(find_op(INDEX_op_add, T64(a[3])));
}

static void test_liveness_removes(void)
{
    TCGv_i64 t, u;
    TCGTemp *envarg[1];

    begin();
    envarg[0] = tcgv_ptr_temp(tcg_env);
    t = tcg_temp_new_i64();
    u = tcg_temp_ebb_new_i64();
    tcg_gen_insn_start(0, 0);
    tcg_gen_addi_i64(t, r0, 1);                     /* dead TB temp */
    tcg_gen_movi_i64(r1, 1);                        /* overwritten */
    tcg_gen_movi_i64(r1, 2);
    tcg_gen_callN(&info_pure, tcgv_i64_temp(u), 1, envarg);  /* unused */
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_add), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_call), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_mov), ==, 1);
    assert_movi(T64(r1), 2);
    g_assert_cmpint(count_ops(INDEX_op_insn_start), ==, 1);
    g_assert_cmpint(count_ops(INDEX_op_exit_tb), ==, 1);
}

static void test_liveness_keeps(void)
{
    TCGv_i64 t;
    TCGTemp *envarg[1];
    TCGLabel *l;

    begin();
    envarg[0] = tcgv_ptr_temp(tcg_env);
    t = tcg_temp_new_i64();
    l = gen_new_label();
    tcg_gen_st_i64(r0, tcg_env, 0x100);             /* side effect */
    tcg_gen_callN(&info_writes, NULL, 1, envarg);   /* side effect */
    tcg_gen_mb(TCG_MO_ALL);
    tcg_gen_movi_i64(r1, 7);        /* live: the load below may fault */
    tcg_gen_qemu_ld_i64(t, r0, 0, MO_UQ);           /* result unused */
    tcg_gen_movi_i64(r1, 8);
    tcg_gen_qemu_st_i64(r2, r0, 0, MO_UQ);
    tcg_gen_movi_i64(r2, 3);        /* live: read by the helper */
    tcg_gen_callN(&info_writes, NULL, 1, envarg);
    tcg_gen_movi_i64(r2, 4);
    tcg_gen_movi_i64(t, 11);        /* TB temp live across a branch */
    tcg_gen_brcondi_i64(TCG_COND_EQ, r0, 0, l);
    tcg_gen_movi_i64(r0, 1);        /* global live at the label */
    tcg_gen_set_label(l);
    tcg_gen_mov_i64(r1, t);
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_st), ==, 1);
    g_assert_cmpint(count_ops(INDEX_op_call), ==, 2);
    g_assert_cmpint(count_ops(INDEX_op_mb), ==, 1);
    g_assert_cmpint(count_ops(INDEX_op_qemu_ld), ==, 1);
    g_assert_cmpint(count_ops(INDEX_op_qemu_st), ==, 1);
    /* r1=7, r1=8 (live at the store's fault), r2=3, r2=4, t=11, r0=1,
     * r1=t */
    g_assert_cmpint(count_ops(INDEX_op_mov), ==, 7);
}

static void test_life_bits(void)
{
    TCGv_i64 t, u;
    TCGOp *op;

    begin();
    t = tcg_temp_new_i64();
    u = tcg_temp_new_i64();
    tcg_gen_add_i64(t, r0, r1);
    tcg_gen_add_i64(u, t, r1);      /* t dies; r1 lives on */
    tcg_gen_add_i64(r2, u, r1);     /* u dies; r1 is a global: lives */
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(tcg_ctx);
    op = find_op(INDEX_op_add, T64(u));
    g_assert_cmphex(op->life, ==, 1u << 1);
    op = find_op(INDEX_op_add, T64(r2));
    g_assert_cmphex(op->life, ==, 1u << 1);
    op = find_op(INDEX_op_add, T64(t));
    g_assert_cmphex(op->life, ==, 0);

    /* An output nobody reads on a side-effect op is marked dead. */
    begin();
    t = tcg_temp_new_i64();
    tcg_gen_qemu_ld_i64(t, r0, 0, MO_UQ);
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(tcg_ctx);
    op = find_op(INDEX_op_qemu_ld, T64(t));
    g_assert_cmphex(op->life & 1, ==, 1);
}

static void test_dump(void)
{
    TCGLabel *l;
    TCGv_i64 t;
    TCGv_i32 e;
    g_autofree char *text = NULL;

    begin();
    l = gen_new_label();
    t = tcg_temp_new_i64();
    e = tcg_temp_ebb_new_i32();
    tcg_gen_insn_start(0x1234, 5);
    tcg_gen_addi_i64(r0, r0, 0x10);
    tcg_gen_movi_i32(e, -1);
    tcg_gen_brcondi_i32(TCG_COND_NE, e, 0, l);
    tcg_gen_qemu_ld_i64(t, r1, 1, MO_SL | MO_ALIGN);
    tcg_gen_set_label(l);
    tcg_gen_exit_tb(NULL, 0);
    text = dump();
    g_assert_nonnull(strstr(text, " insn_start $0x1234,$0x5\n"));
    g_assert_nonnull(strstr(text, " add_i64 rax,rax,$0x10\n"));
    g_assert_nonnull(strstr(text, " mov_i32 ebb1,$0xffffffff\n"));
    g_assert_nonnull(strstr(text, " brcond_i32 ebb1,$0x0,ne,$L0\n"));
    g_assert_nonnull(strstr(text, " qemu_ld_i64 tmp0,rcx,sl+al,mmu1\n"));
    g_assert_nonnull(strstr(text, " set_label $L0\n"));
    g_assert_nonnull(strstr(text, " exit_tb $0x0\n"));
}

/* Globals are shared: a second context sees the same indices. */
static void test_contexts(void)
{
    TCGContext *main_ctx = tcg_ctx;
    TCGContext *s2 = tcg_context_create();

    g_assert_cmpint(s2->nb_globals, ==, main_ctx->nb_globals);
    g_assert_cmpstr(s2->temps[temp_idx(T64(r1))].name, ==, "rcx");
    g_assert_cmpint(s2->temps[temp_idx(T64(r1))].mem_offset, ==,
                    offsetof(CPUX86State, regs[1]));
    tcg_ctx = s2;
    tcg_func_start(s2);
    tcg_gen_addi_i64(r1, r1, 1);
    g_assert(arg_temp(s2->ops[0].args[0]) == &s2->temps[temp_idx(T64(r1))]);
    tcg_ctx = main_ctx;
}

/* Temps come back from the free lists by type and kind; constants are
 * interned. */
static void test_temps(void)
{
    TCGv_i64 a, b;
    TCGv_i32 c;

    begin();
    a = tcg_temp_new_i64();
    tcg_temp_free_i64(a);
    c = tcg_temp_new_i32();
    b = tcg_temp_new_i64();
    g_assert(a == b);
    g_assert((void *)c != (void *)a);
    g_assert(tcg_constant_i64(7) == tcg_constant_i64(7));
    g_assert((void *)tcg_constant_i32(7) != (void *)tcg_constant_i64(7));
    g_assert(tcg_constant_i32(-1) == tcg_constant_i32(0xffffffff));
    g_assert_cmpint(tcgv_i64_temp(tcg_temp_ebb_new_i64())->kind, ==,
                    TEMP_EBB);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup();
    g_test_add_func("/tcg/opt/fold-constants", test_fold_constants);
    g_test_add_func("/tcg/opt/propagation", test_propagation);
    g_test_add_func("/tcg/opt/simplify", test_simplify);
    g_test_add_func("/tcg/opt/known-bits", test_known_bits);
    g_test_add_func("/tcg/opt/branch-folding", test_branch_folding);
    g_test_add_func("/tcg/liveness/narrow-tb-temps", test_narrow_tb_temps);
    g_test_add_func("/tcg/opt/forgetting", test_forgetting);
    g_test_add_func("/tcg/liveness/removes", test_liveness_removes);
    g_test_add_func("/tcg/liveness/keeps", test_liveness_keeps);
    g_test_add_func("/tcg/liveness/life-bits", test_life_bits);
    g_test_add_func("/tcg/dump", test_dump);
    g_test_add_func("/tcg/contexts", test_contexts);
    g_test_add_func("/tcg/temps", test_temps);
    return g_test_run();
}
