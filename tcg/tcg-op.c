/*
 * The tcg_gen_* builders: each appends one or a few ops to tcg_ctx.
 * They do no optimisation of their own beyond dropping self-moves;
 * tcg_optimize() does the folding.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg-internal.h"
#include "exec/exec-all.h"

#define T32(v) temp_arg(tcgv_i32_temp(v))
#define T64(v) temp_arg(tcgv_i64_temp(v))
#define TP(v)  temp_arg(tcgv_ptr_temp(v))
#define C32(x) tcg_constant_i32(x)
#define C64(x) tcg_constant_i64(x)

static void emit1(TCGOpcode opc, TCGType type, TCGArg a0)
{
    TCGOp *op = tcg_emit_op(opc, type, 1);
    op->args[0] = a0;
}

static void emit2(TCGOpcode opc, TCGType type, TCGArg a0, TCGArg a1)
{
    TCGOp *op = tcg_emit_op(opc, type, 2);
    op->args[0] = a0;
    op->args[1] = a1;
}

static void emit3(TCGOpcode opc, TCGType type, TCGArg a0, TCGArg a1,
                  TCGArg a2)
{
    TCGOp *op = tcg_emit_op(opc, type, 3);
    op->args[0] = a0;
    op->args[1] = a1;
    op->args[2] = a2;
}

static void emit4(TCGOpcode opc, TCGType type, TCGArg a0, TCGArg a1,
                  TCGArg a2, TCGArg a3)
{
    TCGOp *op = tcg_emit_op(opc, type, 4);
    op->args[0] = a0;
    op->args[1] = a1;
    op->args[2] = a2;
    op->args[3] = a3;
}

static void emit6(TCGOpcode opc, TCGType type, TCGArg a0, TCGArg a1,
                  TCGArg a2, TCGArg a3, TCGArg a4, TCGArg a5)
{
    TCGOp *op = tcg_emit_op(opc, type, 6);
    op->args[0] = a0;
    op->args[1] = a1;
    op->args[2] = a2;
    op->args[3] = a3;
    op->args[4] = a4;
    op->args[5] = a5;
}

/* --- moves --- */

void tcg_gen_mov_i32(TCGv_i32 ret, TCGv_i32 a)
{
    if (ret != a) {
        emit2(INDEX_op_mov, TCG_TYPE_I32, T32(ret), T32(a));
    }
}

void tcg_gen_mov_i64(TCGv_i64 ret, TCGv_i64 a)
{
    if (ret != a) {
        emit2(INDEX_op_mov, TCG_TYPE_I64, T64(ret), T64(a));
    }
}

void tcg_gen_movi_i32(TCGv_i32 ret, int32_t val)
{
    tcg_gen_mov_i32(ret, C32(val));
}

void tcg_gen_movi_i64(TCGv_i64 ret, int64_t val)
{
    tcg_gen_mov_i64(ret, C64(val));
}

/* --- binary and unary ops, register and immediate forms --- */

#define GEN_BIN(name)                                                   \
void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)         \
{                                                                       \
    emit3(INDEX_op_##name, TCG_TYPE_I32, T32(ret), T32(a), T32(b));     \
}                                                                       \
void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)         \
{                                                                       \
    emit3(INDEX_op_##name, TCG_TYPE_I64, T64(ret), T64(a), T64(b));     \
}
#define GEN_BINI(name)                                                  \
void tcg_gen_##name##i_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b)         \
{                                                                       \
    tcg_gen_##name##_i32(ret, a, C32(b));                               \
}                                                                       \
void tcg_gen_##name##i_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b)         \
{                                                                       \
    tcg_gen_##name##_i64(ret, a, C64(b));                               \
}
#define GEN_UN(name)                                                    \
void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a)                     \
{                                                                       \
    emit2(INDEX_op_##name, TCG_TYPE_I32, T32(ret), T32(a));             \
}                                                                       \
void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a)                     \
{                                                                       \
    emit2(INDEX_op_##name, TCG_TYPE_I64, T64(ret), T64(a));             \
}

GEN_BIN(add) GEN_BINI(add)
GEN_BIN(sub) GEN_BINI(sub)
GEN_BIN(mul) GEN_BINI(mul)
GEN_BIN(and) GEN_BINI(and)
GEN_BIN(or) GEN_BINI(or)
GEN_BIN(xor) GEN_BINI(xor)
GEN_BIN(andc)
GEN_BIN(shl) GEN_BINI(shl)
GEN_BIN(shr) GEN_BINI(shr)
GEN_BIN(sar) GEN_BINI(sar)
GEN_BIN(rotl) GEN_BINI(rotl)
GEN_BIN(rotr) GEN_BINI(rotr)
GEN_BIN(div) GEN_BIN(divu)
GEN_BIN(rem) GEN_BIN(remu)
GEN_BIN(clz) GEN_BIN(ctz)
GEN_UN(neg) GEN_UN(not)
GEN_UN(ext8s) GEN_UN(ext8u)
GEN_UN(ext16s) GEN_UN(ext16u)
GEN_UN(bswap16) GEN_UN(bswap32)
GEN_UN(ctpop)

void tcg_gen_subfi_i32(TCGv_i32 ret, int32_t a, TCGv_i32 b)
{
    tcg_gen_sub_i32(ret, C32(a), b);
}

void tcg_gen_subfi_i64(TCGv_i64 ret, int64_t a, TCGv_i64 b)
{
    tcg_gen_sub_i64(ret, C64(a), b);
}

void tcg_gen_ext32s_i64(TCGv_i64 ret, TCGv_i64 a)
{
    emit2(INDEX_op_ext32s, TCG_TYPE_I64, T64(ret), T64(a));
}

void tcg_gen_ext32u_i64(TCGv_i64 ret, TCGv_i64 a)
{
    emit2(INDEX_op_ext32u, TCG_TYPE_I64, T64(ret), T64(a));
}

void tcg_gen_extu_i32_i64(TCGv_i64 ret, TCGv_i32 a)
{
    emit2(INDEX_op_extu_i32_i64, TCG_TYPE_I64, T64(ret), T32(a));
}

void tcg_gen_ext_i32_i64(TCGv_i64 ret, TCGv_i32 a)
{
    emit2(INDEX_op_ext_i32_i64, TCG_TYPE_I64, T64(ret), T32(a));
}

void tcg_gen_extrl_i64_i32(TCGv_i32 ret, TCGv_i64 a)
{
    emit2(INDEX_op_extrl_i64_i32, TCG_TYPE_I32, T32(ret), T64(a));
}

void tcg_gen_extrh_i64_i32(TCGv_i32 ret, TCGv_i64 a)
{
    emit2(INDEX_op_extrh_i64_i32, TCG_TYPE_I32, T32(ret), T64(a));
}

void tcg_gen_ext_i64(TCGv_i64 ret, TCGv_i64 a, MemOp mop)
{
    bool sign = mop & MO_SIGN;

    switch (mop & MO_SIZE) {
    case MO_8:
        (sign ? tcg_gen_ext8s_i64 : tcg_gen_ext8u_i64)(ret, a);
        break;
    case MO_16:
        (sign ? tcg_gen_ext16s_i64 : tcg_gen_ext16u_i64)(ret, a);
        break;
    case MO_32:
        (sign ? tcg_gen_ext32s_i64 : tcg_gen_ext32u_i64)(ret, a);
        break;
    default:
        tcg_gen_mov_i64(ret, a);
        break;
    }
}

void tcg_gen_mulu2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 a, TCGv_i32 b)
{
    emit4(INDEX_op_mulu2, TCG_TYPE_I32, T32(rl), T32(rh), T32(a), T32(b));
}

void tcg_gen_mulu2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 a, TCGv_i64 b)
{
    emit4(INDEX_op_mulu2, TCG_TYPE_I64, T64(rl), T64(rh), T64(a), T64(b));
}

void tcg_gen_muls2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 a, TCGv_i32 b)
{
    emit4(INDEX_op_muls2, TCG_TYPE_I32, T32(rl), T32(rh), T32(a), T32(b));
}

void tcg_gen_muls2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 a, TCGv_i64 b)
{
    emit4(INDEX_op_muls2, TCG_TYPE_I64, T64(rl), T64(rh), T64(a), T64(b));
}

void tcg_gen_add2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh)
{
    emit6(INDEX_op_add2, TCG_TYPE_I64, T64(rl), T64(rh), T64(al), T64(ah),
          T64(bl), T64(bh));
}

void tcg_gen_sub2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh)
{
    emit6(INDEX_op_sub2, TCG_TYPE_I64, T64(rl), T64(rh), T64(al), T64(ah),
          T64(bl), T64(bh));
}

/* --- bit fields --- */

static void check_field(unsigned ofs, unsigned len, unsigned width)
{
    g_assert(len >= 1 && len <= width && ofs < width && ofs + len <= width);
}

void tcg_gen_extract_i32(TCGv_i32 ret, TCGv_i32 a, unsigned ofs, unsigned len)
{
    check_field(ofs, len, 32);
    emit4(INDEX_op_extract, TCG_TYPE_I32, T32(ret), T32(a), ofs, len);
}

void tcg_gen_extract_i64(TCGv_i64 ret, TCGv_i64 a, unsigned ofs, unsigned len)
{
    check_field(ofs, len, 64);
    emit4(INDEX_op_extract, TCG_TYPE_I64, T64(ret), T64(a), ofs, len);
}

void tcg_gen_sextract_i32(TCGv_i32 ret, TCGv_i32 a, unsigned ofs,
                          unsigned len)
{
    check_field(ofs, len, 32);
    emit4(INDEX_op_sextract, TCG_TYPE_I32, T32(ret), T32(a), ofs, len);
}

void tcg_gen_sextract_i64(TCGv_i64 ret, TCGv_i64 a, unsigned ofs,
                          unsigned len)
{
    check_field(ofs, len, 64);
    emit4(INDEX_op_sextract, TCG_TYPE_I64, T64(ret), T64(a), ofs, len);
}

void tcg_gen_deposit_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b,
                         unsigned ofs, unsigned len)
{
    TCGOp *op;

    check_field(ofs, len, 32);
    op = tcg_emit_op(INDEX_op_deposit, TCG_TYPE_I32, 5);
    op->args[0] = T32(ret);
    op->args[1] = T32(a);
    op->args[2] = T32(b);
    op->args[3] = ofs;
    op->args[4] = len;
}

void tcg_gen_deposit_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b,
                         unsigned ofs, unsigned len)
{
    TCGOp *op;

    check_field(ofs, len, 64);
    op = tcg_emit_op(INDEX_op_deposit, TCG_TYPE_I64, 5);
    op->args[0] = T64(ret);
    op->args[1] = T64(a);
    op->args[2] = T64(b);
    op->args[3] = ofs;
    op->args[4] = len;
}

void tcg_gen_bswap64_i64(TCGv_i64 ret, TCGv_i64 a)
{
    emit2(INDEX_op_bswap64, TCG_TYPE_I64, T64(ret), T64(a));
}

void tcg_gen_clzi_i64(TCGv_i64 ret, TCGv_i64 a, int64_t zero_val)
{
    tcg_gen_clz_i64(ret, a, C64(zero_val));
}

void tcg_gen_ctzi_i64(TCGv_i64 ret, TCGv_i64 a, int64_t zero_val)
{
    tcg_gen_ctz_i64(ret, a, C64(zero_val));
}

/* --- comparisons and branches --- */

void tcg_gen_setcond_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    emit4(INDEX_op_setcond, TCG_TYPE_I32, T32(ret), T32(a), T32(b), c);
}

void tcg_gen_setcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    emit4(INDEX_op_setcond, TCG_TYPE_I64, T64(ret), T64(a), T64(b), c);
}

void tcg_gen_setcondi_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 a, int32_t b)
{
    tcg_gen_setcond_i32(c, ret, a, C32(b));
}

void tcg_gen_setcondi_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, int64_t b)
{
    tcg_gen_setcond_i64(c, ret, a, C64(b));
}

void tcg_gen_negsetcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    emit4(INDEX_op_negsetcond, TCG_TYPE_I64, T64(ret), T64(a), T64(b), c);
}

void tcg_gen_movcond_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2)
{
    emit6(INDEX_op_movcond, TCG_TYPE_I32, T32(ret), T32(c1), T32(c2),
          T32(v1), T32(v2), c);
}

void tcg_gen_movcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2)
{
    emit6(INDEX_op_movcond, TCG_TYPE_I64, T64(ret), T64(c1), T64(c2),
          T64(v1), T64(v2), c);
}

void tcg_gen_brcond_i32(TCGCond c, TCGv_i32 a, TCGv_i32 b, TCGLabel *l)
{
    if (c == TCG_COND_ALWAYS) {
        tcg_gen_br(l);
    } else if (c != TCG_COND_NEVER) {
        l->refs++;
        emit4(INDEX_op_brcond, TCG_TYPE_I32, T32(a), T32(b), c,
              (TCGArg)l);
    }
}

void tcg_gen_brcond_i64(TCGCond c, TCGv_i64 a, TCGv_i64 b, TCGLabel *l)
{
    if (c == TCG_COND_ALWAYS) {
        tcg_gen_br(l);
    } else if (c != TCG_COND_NEVER) {
        l->refs++;
        emit4(INDEX_op_brcond, TCG_TYPE_I64, T64(a), T64(b), c,
              (TCGArg)l);
    }
}

void tcg_gen_brcondi_i32(TCGCond c, TCGv_i32 a, int32_t b, TCGLabel *l)
{
    tcg_gen_brcond_i32(c, a, C32(b), l);
}

void tcg_gen_brcondi_i64(TCGCond c, TCGv_i64 a, int64_t b, TCGLabel *l)
{
    tcg_gen_brcond_i64(c, a, C64(b), l);
}

void tcg_gen_br(TCGLabel *l)
{
    l->refs++;
    emit1(INDEX_op_br, TCG_TYPE_I64, (TCGArg)l);
}

void tcg_gen_set_label(TCGLabel *l)
{
    g_assert(!l->present);
    l->present = true;
    emit1(INDEX_op_set_label, TCG_TYPE_I64, (TCGArg)l);
}

/* --- host memory --- */

#define GEN_LD(fn, T, conv, opc, type)                                    \
void tcg_gen_##fn(T ret, TCGv_ptr base, intptr_t offset)                  \
{                                                                         \
    emit3(INDEX_op_##opc, type, conv(ret), TP(base), (TCGArg)offset);     \
}
#define GEN_ST(fn, T, conv, opc, type)                                    \
void tcg_gen_##fn(T val, TCGv_ptr base, intptr_t offset)                  \
{                                                                         \
    emit3(INDEX_op_##opc, type, conv(val), TP(base), (TCGArg)offset);     \
}

GEN_LD(ld8u_i32, TCGv_i32, T32, ld8u, TCG_TYPE_I32)
GEN_LD(ld8s_i32, TCGv_i32, T32, ld8s, TCG_TYPE_I32)
GEN_LD(ld16u_i32, TCGv_i32, T32, ld16u, TCG_TYPE_I32)
GEN_LD(ld16s_i32, TCGv_i32, T32, ld16s, TCG_TYPE_I32)
GEN_LD(ld_i32, TCGv_i32, T32, ld, TCG_TYPE_I32)
GEN_LD(ld8u_i64, TCGv_i64, T64, ld8u, TCG_TYPE_I64)
GEN_LD(ld8s_i64, TCGv_i64, T64, ld8s, TCG_TYPE_I64)
GEN_LD(ld16u_i64, TCGv_i64, T64, ld16u, TCG_TYPE_I64)
GEN_LD(ld16s_i64, TCGv_i64, T64, ld16s, TCG_TYPE_I64)
GEN_LD(ld32u_i64, TCGv_i64, T64, ld32u, TCG_TYPE_I64)
GEN_LD(ld32s_i64, TCGv_i64, T64, ld32s, TCG_TYPE_I64)
GEN_LD(ld_i64, TCGv_i64, T64, ld, TCG_TYPE_I64)
GEN_LD(ld_ptr, TCGv_ptr, TP, ld, TCG_TYPE_PTR)
GEN_ST(st8_i32, TCGv_i32, T32, st8, TCG_TYPE_I32)
GEN_ST(st16_i32, TCGv_i32, T32, st16, TCG_TYPE_I32)
GEN_ST(st_i32, TCGv_i32, T32, st, TCG_TYPE_I32)
GEN_ST(st8_i64, TCGv_i64, T64, st8, TCG_TYPE_I64)
GEN_ST(st16_i64, TCGv_i64, T64, st16, TCG_TYPE_I64)
GEN_ST(st32_i64, TCGv_i64, T64, st32, TCG_TYPE_I64)
GEN_ST(st_i64, TCGv_i64, T64, st, TCG_TYPE_I64)
GEN_ST(st_ptr, TCGv_ptr, TP, st, TCG_TYPE_PTR)

void tcg_gen_addi_ptr(TCGv_ptr ret, TCGv_ptr a, intptr_t b)
{
    emit3(INDEX_op_add, TCG_TYPE_PTR, TP(ret), TP(a),
          temp_arg(tcg_constant_internal(TCG_TYPE_PTR, b)));
}

/* --- guest memory --- */

void tcg_gen_qemu_ld_i32(TCGv_i32 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp mop)
{
    g_assert((mop & MO_SIZE) <= MO_32);
    emit3(INDEX_op_qemu_ld, TCG_TYPE_I32, T32(val), T64(addr),
          make_memop_idx(mop, mmu_idx));
}

void tcg_gen_qemu_ld_i64(TCGv_i64 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp mop)
{
    emit3(INDEX_op_qemu_ld, TCG_TYPE_I64, T64(val), T64(addr),
          make_memop_idx(mop, mmu_idx));
}

void tcg_gen_qemu_st_i32(TCGv_i32 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp mop)
{
    g_assert((mop & MO_SIZE) <= MO_32);
    emit3(INDEX_op_qemu_st, TCG_TYPE_I32, T32(val), T64(addr),
          make_memop_idx(mop, mmu_idx));
}

void tcg_gen_qemu_st_i64(TCGv_i64 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp mop)
{
    emit3(INDEX_op_qemu_st, TCG_TYPE_I64, T64(val), T64(addr),
          make_memop_idx(mop, mmu_idx));
}

/* --- calls --- */

void tcg_gen_callN(const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                   TCGTemp **args)
{
    int nout = ret ? 1 : 0;
    TCGOp *op;

    g_assert(nargs == info->nb_args && nargs <= TCG_MAX_HELPER_ARGS);
    g_assert((info->ret == TCG_CALL_VOID) == (ret == NULL));
    op = tcg_emit_op(INDEX_op_call, TCG_TYPE_I64, nout + nargs + 1);
    op->nb_oargs = nout;
    op->nb_iargs = nargs;
    if (ret) {
        op->args[0] = temp_arg(ret);
    }
    for (int i = 0; i < nargs; i++) {
        op->args[nout + i] = temp_arg(args[i]);
    }
    op->args[nout + nargs] = (TCGArg)info;
}

/* --- leaving the TB --- */

void tcg_gen_insn_start(uint64_t pc, uint64_t data1)
{
    g_assert(tcg_ctx->nb_insns < TCG_MAX_INSNS);
    emit2(INDEX_op_insn_start, TCG_TYPE_I64, pc, data1);
    tcg_ctx->nb_insns++;
}

void tcg_gen_goto_tb(unsigned n)
{
    g_assert(n < 2);
    emit1(INDEX_op_goto_tb, TCG_TYPE_I64, n);
}

void tcg_gen_exit_tb(const TranslationBlock *tb, unsigned idx)
{
    uintptr_t val = (uintptr_t)tb;

    g_assert(idx <= TB_EXIT_MASK);
    g_assert((val & TB_EXIT_MASK) == 0);
    if (tb) {
        val |= idx;
    } else {
        g_assert(idx == 0);
    }
    emit1(INDEX_op_exit_tb, TCG_TYPE_I64, val);
}

/* The runtime may not be linked in yet (unit tests, early bring-up). */
#pragma weak helper_lookup_tb_ptr

static const TCGHelperInfo helper_info_lookup_tb_ptr = {
    .func = (void *)helper_lookup_tb_ptr,
    .name = "lookup_tb_ptr",
    .flags = TCG_CALL_NO_WRITE_GLOBALS | TCG_CALL_NO_FAULT,
    .nb_args = 1,
    .ret = TCG_CALL_I64,
    .args = { TCG_CALL_I64 },
};

void tcg_gen_lookup_and_goto_ptr(void)
{
    TCGv_ptr ptr =
        temp_tcgv_ptr(tcg_temp_new_internal(TCG_TYPE_PTR, TEMP_EBB));
    TCGTemp *args[1] = { tcgv_ptr_temp(tcg_env) };

    tcg_gen_callN(&helper_info_lookup_tb_ptr, tcgv_ptr_temp(ptr), 1, args);
    tcg_gen_goto_ptr(ptr);
    tcg_temp_free_ptr(ptr);
}

void tcg_gen_goto_ptr(TCGv_ptr target)
{
    emit1(INDEX_op_goto_ptr, TCG_TYPE_PTR, TP(target));
}

void tcg_gen_mb(unsigned bar)
{
    emit1(INDEX_op_mb, TCG_TYPE_I64, bar);
}

void tcg_gen_discard_i64(TCGv_i64 t)
{
    emit1(INDEX_op_discard, TCG_TYPE_I64, T64(t));
}

void tcg_gen_discard_i32(TCGv_i32 t)
{
    emit1(INDEX_op_discard, TCG_TYPE_I32, T32(t));
}
