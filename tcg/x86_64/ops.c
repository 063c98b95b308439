/*
 * Native backend: host code for the arithmetic, logic, comparison,
 * extension, bit-field, host-memory and call ops. Each emitter asks the
 * allocator for its inputs (register, env/frame memory or immediate),
 * picks an output register (reusing a dying input's register for x86's
 * two-operand forms when it can) and emits the instructions.
 */
#include "qemu/osdep.h"
#include "native.h"

#define ARG(i) arg_temp(op->args[i])
#define ANY_REGS (ALLOC_REGS | REG_BIT(TCG_REG_ENV))

typedef enum { OPND_REG, OPND_MEM, OPND_IMM } OpndKind;

/* An input as an instruction operand. */
typedef struct Opnd {
    OpndKind kind;
    int reg;                      /* OPND_REG */
    int base;                     /* OPND_MEM */
    intptr_t off;
    int64_t val;                  /* OPND_IMM (fits imm32) */
} Opnd;

static inline int type_bits(TCGType type)
{
    return type == TCG_TYPE_I32 ? 32 : 64;
}

static int64_t type_trunc(TCGType type, int64_t v)
{
    return type == TCG_TYPE_I32 ? (int64_t)(uint32_t)v : v;
}

/* Locks ts's register so that allocations for this op leave it alone. */
static void lock_in(NativeCtx *nc, TCGTemp *ts)
{
    if (ts->val_type == VAL_REG && ts->kind != TEMP_FIXED) {
        nc->locked |= REG_BIT(ts->reg);
    }
}

static Opnd opnd_get(NativeCtx *nc, TCGTemp *ts, TCGType type, bool imm_ok,
                     bool mem_ok)
{
    Opnd o = { 0 };
    int64_t val;

    if (ra_is_const(nc, ts, &val)) {
        if (type == TCG_TYPE_I32) {
            val = (int32_t)val;
        }
        if (imm_ok && fits_s32(val)) {
            o.kind = OPND_IMM;
            o.val = val;
            return o;
        }
        o.kind = OPND_REG;
        o.reg = ra_scratch(nc, ALLOC_REGS);
        nat_movi(nc, type, o.reg, val, false);
        return o;
    }
    if (ts->val_type == VAL_MEM && mem_ok) {
        o.kind = OPND_MEM;
        o.base = ra_mem_base(nc, ts, &o.off);
        return o;
    }
    o.kind = OPND_REG;
    o.reg = ra_load(nc, ts, ANY_REGS);
    return o;
}

/* "opc dst, src" for reg/rm-form opcodes (src register or memory). */
static void opnd_op(NativeCtx *nc, int opc, int dst, const Opnd *o)
{
    if (o->kind == OPND_REG) {
        nat_out_modrm(nc, opc, dst, o->reg);
    } else {
        assert(o->kind == OPND_MEM);
        nat_out_modrm_offset(nc, opc, dst, o->base, o->off);
    }
}

static void opnd_mov(NativeCtx *nc, TCGType type, int dst, const Opnd *o,
                     bool keep_flags)
{
    switch (o->kind) {
    case OPND_REG:
        nat_mov(nc, type, dst, o->reg);
        break;
    case OPND_MEM:
        nat_ld(nc, type, dst, o->base, o->off);
        break;
    case OPND_IMM:
        nat_movi(nc, type, dst, o->val, keep_flags);
        break;
    }
}

static void opnd_arith(NativeCtx *nc, TCGType type, int c, int dst,
                       const Opnd *o)
{
    if (o->kind == OPND_IMM) {
        nat_arith_ri(nc, type, c, dst, o->val);
    } else {
        opnd_op(nc, (OPC_ARITH_GvEv + (c << 3)) | rexw(type), dst, o);
    }
}

/*
 * Output register for "d = f(a)" two-operand sequences: a's own register
 * when it may be overwritten, else a fresh one holding a copy of a.
 */
static int out_copy_of(NativeCtx *nc, TCGOp *op, int ai, TCGType type,
                       RegSet allowed)
{
    TCGTemp *a = ARG(ai);
    Opnd oa;
    int d;

    if (ra_can_reuse(nc, op, ai, ARG(0)) && (allowed & REG_BIT(a->reg))) {
        nc->locked |= REG_BIT(a->reg);
        return a->reg;
    }
    lock_in(nc, a);
    d = ra_alloc(nc, allowed, 0);
    oa = opnd_get(nc, a, type, true, true);
    opnd_mov(nc, type, d, &oa, false);
    return d;
}

/* --- moves, constants --- */

static void emit_mov(NativeCtx *nc, TCGOp *op, TCGType type)
{
    TCGTemp *out = ARG(0), *a = ARG(1);
    int64_t val;
    intptr_t off;
    int base, d;

    if (out == a) {
        return;
    }
    if (ra_is_const(nc, a, &val)) {
        ra_set_out_const(nc, out, val);
        return;
    }
    if (ra_can_reuse(nc, op, 1, out)) {
        /* hand the register over */
        ra_set_out(nc, out, a->reg);
        return;
    }
    lock_in(nc, a);
    d = ra_alloc(nc, ALLOC_REGS, 0);
    if (a->val_type == VAL_REG) {
        nat_mov(nc, type, d, a->reg);
    } else if (a->val_type == VAL_MEM) {
        base = ra_mem_base(nc, a, &off);
        nat_ld(nc, type, d, base, off);
    }
    ra_set_out(nc, out, d);
}

/* --- arithmetic --- */

static void emit_ext_opc(NativeCtx *nc, TCGOp *op, int ai, int opc);

static void emit_binop(NativeCtx *nc, TCGOp *op, int c, bool commutative)
{
    TCGType type = op->type;
    TCGTemp *out = ARG(0);
    int ai = 1, bi = 2;
    int64_t av, bv;
    bool ac, bc;
    TCGTemp *a, *b;
    Opnd ob;
    int d;

    ac = ra_is_const(nc, ARG(1), &av);
    bc = ra_is_const(nc, ARG(2), &bv);
    if (commutative &&
        ((ac && !bc) ||
         (!bc && !ra_can_reuse(nc, op, 1, out) &&
          ra_can_reuse(nc, op, 2, out)))) {
        ai = 2;
        bi = 1;
        bc = ac;
        bv = av;
    }
    a = ARG(ai);
    b = ARG(bi);
    if (bc && type == TCG_TYPE_I32) {
        bv = (int32_t)bv;
    }
    lock_in(nc, a);
    lock_in(nc, b);

    if (c == ARITH_AND && bc) {
        /* zero-extensions are three-operand movzx/mov */
        uint64_t m = type_trunc(type, bv);
        if (m == 0xff) {
            emit_ext_opc(nc, op, ai, OPC_MOVZBL | P_REXB_RM);
            return;
        } else if (m == 0xffff) {
            emit_ext_opc(nc, op, ai, OPC_MOVZWL);
            return;
        } else if (m == 0xffffffffu) {
            emit_ext_opc(nc, op, ai, OPC_MOVL_GvEv);
            return;
        }
    }
    if (c < 0 && bc && fits_s32(bv)) {
        /* three-operand imul d, a, imm */
        Opnd oa = opnd_get(nc, a, type, false, true);
        d = ra_can_reuse(nc, op, ai, out) ? a->reg
                                          : ra_alloc(nc, ALLOC_REGS, 0);
        if (fits_s8(bv)) {
            opnd_op(nc, OPC_IMUL_GvEvIb | rexw(type), d, &oa);
            nat_out8(nc, bv);
        } else {
            opnd_op(nc, OPC_IMUL_GvEvIz | rexw(type), d, &oa);
            nat_out32(nc, bv);
        }
        ra_set_out(nc, out, d);
        return;
    }
    if ((c == ARITH_ADD || c == ARITH_SUB) && a->val_type == VAL_REG &&
        !ra_can_reuse(nc, op, ai, out)) {
        /* three-operand add via lea */
        if (bc && (c == ARITH_ADD ? fits_s32(bv) : fits_s32(-bv))) {
            d = ra_alloc(nc, ALLOC_REGS, 0);
            nat_lea(nc, type, d, a->reg, -1, 0, c == ARITH_ADD ? bv : -bv);
            ra_set_out(nc, out, d);
            return;
        }
        if (c == ARITH_ADD && b->val_type == VAL_REG && b->reg != TCG_REG_RSP) {
            d = ra_alloc(nc, ALLOC_REGS, 0);
            nat_lea(nc, type, d, a->reg, b->reg, 0, 0);
            ra_set_out(nc, out, d);
            return;
        }
    }
    d = out_copy_of(nc, op, ai, type, ALLOC_REGS);
    ob = opnd_get(nc, b, type, c >= 0, true);
    if (c < 0) {
        opnd_op(nc, OPC_IMUL_GvEv | rexw(type), d, &ob);
    } else if (ob.kind == OPND_IMM && ob.val == 0 &&
               (c == ARITH_ADD || c == ARITH_SUB || c == ARITH_OR ||
                c == ARITH_XOR)) {
        /* nothing to do */
    } else {
        opnd_arith(nc, type, c, d, &ob);
    }
    ra_set_out(nc, out, d);
}

static void emit_unary_grp3(NativeCtx *nc, TCGOp *op, int ext)
{
    int d = out_copy_of(nc, op, 1, op->type, ALLOC_REGS);

    nat_out_modrm(nc, OPC_GRP3_Ev | rexw(op->type), ext, d);
    ra_set_out(nc, ARG(0), d);
}

static void emit_andc(NativeCtx *nc, TCGOp *op)
{
    TCGType type = op->type;
    TCGTemp *a = ARG(1), *b = ARG(2);
    int64_t bv;
    Opnd oa;
    int d;

    if (ra_is_const(nc, b, &bv) &&
        (type == TCG_TYPE_I32 || fits_s32(~bv))) {
        lock_in(nc, a);
        d = out_copy_of(nc, op, 1, type, ALLOC_REGS);
        nat_arith_ri(nc, type, ARITH_AND, d, ~bv);
        ra_set_out(nc, ARG(0), d);
        return;
    }
    if (native_host_features & NATIVE_HAVE_BMI1) {
        int rb, ra;
        lock_in(nc, a);
        lock_in(nc, b);
        rb = opnd_get(nc, b, type, false, false).reg;
        ra = opnd_get(nc, a, type, false, false).reg;
        d = ra_can_reuse(nc, op, 1, ARG(0)) ? ra
            : ra_can_reuse(nc, op, 2, ARG(0)) ? rb
            : ra_alloc(nc, ALLOC_REGS, 0);
        nat_out_vex_modrm(nc, OPC_ANDN | rexw(type), d, rb, ra);
        ra_set_out(nc, ARG(0), d);
        return;
    }
    lock_in(nc, a);
    d = out_copy_of(nc, op, 2, type, ALLOC_REGS);
    nat_out_modrm(nc, OPC_GRP3_Ev | rexw(type), EXT3_NOT, d);
    oa = opnd_get(nc, a, type, true, true);
    opnd_arith(nc, type, ARITH_AND, d, &oa);
    ra_set_out(nc, ARG(0), d);
}

static void emit_shift(NativeCtx *nc, TCGOp *op, int sub)
{
    TCGType type = op->type;
    TCGTemp *a = ARG(1), *b = ARG(2);
    int64_t bv;
    int d, rc;

    if (ra_is_const(nc, b, &bv)) {
        int count = bv & (type_bits(type) - 1);
        lock_in(nc, a);
        d = out_copy_of(nc, op, 1, type, ALLOC_REGS);
        if (count) {
            nat_shift_ri(nc, type, sub, d, count);
        }
        ra_set_out(nc, ARG(0), d);
        return;
    }
    if ((native_host_features & NATIVE_HAVE_BMI2) &&
        (sub == SHIFT_SHL || sub == SHIFT_SHR || sub == SHIFT_SAR)) {
        int opc = sub == SHIFT_SHL ? OPC_SHLX
                  : sub == SHIFT_SHR ? OPC_SHRX : OPC_SARX;
        int ra;
        lock_in(nc, a);
        lock_in(nc, b);
        rc = opnd_get(nc, b, type, false, false).reg;
        ra = opnd_get(nc, a, type, false, false).reg;
        d = ra_can_reuse(nc, op, 1, ARG(0)) ? ra
            : ra_can_reuse(nc, op, 2, ARG(0)) ? rc
            : ra_alloc(nc, ALLOC_REGS, 0);
        nat_out_vex_modrm(nc, opc | rexw(type), d, rc, ra);
        ra_set_out(nc, ARG(0), d);
        return;
    }
    /* the count goes in cl */
    rc = ra_load(nc, b, REG_BIT(TCG_REG_RCX));
    assert(rc == TCG_REG_RCX);
    if (a == b) {
        d = ra_alloc(nc, ALLOC_REGS, 0);
        nat_mov(nc, type, d, TCG_REG_RCX);
    } else {
        d = out_copy_of(nc, op, 1, type, ALLOC_REGS & ~REG_BIT(TCG_REG_RCX));
    }
    nat_out_modrm(nc, OPC_SHIFT_cl | rexw(type), sub, d);
    ra_set_out(nc, ARG(0), d);
}

/*
 * Before two outputs take their registers: an output's old register may
 * be the other output's new one, and its old value is dead anyway.
 */
static void detach_outputs(NativeCtx *nc, TCGOp *op, int nb_oargs)
{
    for (int i = 0; i < nb_oargs; i++) {
        TCGTemp *ts = ARG(i);
        if (ts->val_type == VAL_REG) {
            nc->reg_to_temp[ts->reg] = NULL;
            ts->reg = -1;
            ts->val_type = VAL_DEAD;
        }
    }
}

/*
 * Puts input argi in the fixed register reg for this op (rax for
 * mul/div); whatever else lived there moves away first.
 */
static void load_fixed(NativeCtx *nc, TCGOp *op, int argi, int reg,
                       int nb_oargs)
{
    TCGTemp *ts = ARG(argi);
    bool overwritable = op_arg_dead(op, argi) &&
                        (ts->kind == TEMP_EBB || ts->kind == TEMP_TB);
    Opnd o;

    for (int i = 0; i < nb_oargs; i++) {
        overwritable |= ARG(i) == ts;
    }
    if (ts->val_type == VAL_REG && ts->reg == reg &&
        ts->kind != TEMP_FIXED) {
        if (!overwritable) {
            ra_move_away(nc, reg);
        }
        nc->locked |= REG_BIT(reg);
        return;
    }
    ra_take(nc, reg);
    o = opnd_get(nc, ts, op->type, true, true);
    opnd_mov(nc, op->type, reg, &o, false);
}

static void emit_mul2(NativeCtx *nc, TCGOp *op, bool sign)
{
    TCGType type = op->type;
    int rb;

    rb = ra_load(nc, ARG(3), ANY_REGS & ~(REG_BIT(TCG_REG_RAX) | REG_BIT(TCG_REG_RDX)));
    nc->locked |= rb == TCG_REG_ENV ? 0 : REG_BIT(rb);
    ra_take(nc, TCG_REG_RDX);
    load_fixed(nc, op, 2, TCG_REG_RAX, 2);
    nat_out_modrm(nc, OPC_GRP3_Ev | rexw(type),
                  sign ? EXT3_IMUL : EXT3_MUL, rb);
    detach_outputs(nc, op, 2);
    ra_set_out(nc, ARG(0), TCG_REG_RAX);
    ra_set_out(nc, ARG(1), TCG_REG_RDX);
}

static void emit_div(NativeCtx *nc, TCGOp *op, bool sign, bool rem)
{
    TCGType type = op->type;
    int rb;

    rb = ra_load(nc, ARG(2), ANY_REGS & ~(REG_BIT(TCG_REG_RAX) | REG_BIT(TCG_REG_RDX)));
    nc->locked |= rb == TCG_REG_ENV ? 0 : REG_BIT(rb);
    ra_take(nc, TCG_REG_RDX);
    load_fixed(nc, op, 1, TCG_REG_RAX, 1);
    if (sign) {
        nat_out_opc(nc, 0x99 | rexw(type), 0, 0, 0);    /* cdq / cqo */
    } else {
        nat_out_modrm(nc, OPC_XOR_GvEv, TCG_REG_RDX, TCG_REG_RDX);
    }
    nat_out_modrm(nc, OPC_GRP3_Ev | rexw(type),
                  sign ? EXT3_IDIV : EXT3_DIV, rb);
    ra_set_out(nc, ARG(0), rem ? TCG_REG_RDX : TCG_REG_RAX);
}

static void emit_addsub2(NativeCtx *nc, TCGOp *op, bool sub)
{
    TCGType type = op->type;
    Opnd al, ah, bl, bh;
    int dl, dh;

    for (int i = 2; i < 6; i++) {
        lock_in(nc, ARG(i));
    }
    al = opnd_get(nc, ARG(2), type, true, true);
    ah = opnd_get(nc, ARG(3), type, true, true);
    bl = opnd_get(nc, ARG(4), type, true, true);
    bh = opnd_get(nc, ARG(5), type, true, true);
    /* fresh outputs: no input is overwritten before it is read */
    dl = ra_alloc(nc, ALLOC_REGS, 0);
    dh = ra_alloc(nc, ALLOC_REGS, 0);
    opnd_mov(nc, type, dl, &al, false);
    opnd_mov(nc, type, dh, &ah, false);
    opnd_arith(nc, type, sub ? ARITH_SUB : ARITH_ADD, dl, &bl);
    opnd_arith(nc, type, sub ? ARITH_SBB : ARITH_ADC, dh, &bh);
    detach_outputs(nc, op, 2);
    ra_set_out(nc, ARG(0), dl);
    ra_set_out(nc, ARG(1), dh);
}

/* --- extensions, bit fields, byte swaps, bit counts --- */

static int64_t fold_ext(TCGOpcode opc, TCGType type, int64_t v)
{
    switch (opc) {
    case INDEX_op_ext8s:
        return (int8_t)v;
    case INDEX_op_ext8u:
        return (uint8_t)v;
    case INDEX_op_ext16s:
        return (int16_t)v;
    case INDEX_op_ext16u:
        return (uint16_t)v;
    case INDEX_op_ext32s:
    case INDEX_op_ext_i32_i64:
        return (int32_t)v;
    case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64:
        return (uint32_t)v;
    case INDEX_op_extrh_i64_i32:
        return v >> 32;
    default:
        g_assert_not_reached();
    }
}

/* d = opc(a) for movzx/movsx/mov-style "reg, r/m" opcodes. */
static void emit_ext_opc(NativeCtx *nc, TCGOp *op, int ai, int opc)
{
    TCGTemp *a = ARG(ai);
    Opnd oa;
    int d;

    lock_in(nc, a);
    oa = opnd_get(nc, a, TCG_TYPE_I64, false, true);
    if (oa.kind == OPND_REG && ra_can_reuse(nc, op, ai, ARG(0))) {
        d = oa.reg;
    } else {
        d = ra_alloc(nc, ALLOC_REGS, 0);
    }
    opnd_op(nc, opc, d, &oa);
    ra_set_out(nc, ARG(0), d);
}

static void emit_ext(NativeCtx *nc, TCGOp *op)
{
    TCGType type = op->type;
    int64_t v;
    int opc;

    if (ra_is_const(nc, ARG(1), &v)) {
        ra_set_out_const(nc, ARG(0), fold_ext(op->opc, type, v));
        return;
    }
    switch (op->opc) {
    case INDEX_op_ext8s:
        opc = OPC_MOVSBL | P_REXB_RM | rexw(type);
        break;
    case INDEX_op_ext8u:
        opc = OPC_MOVZBL | P_REXB_RM;
        break;
    case INDEX_op_ext16s:
        opc = OPC_MOVSWL | rexw(type);
        break;
    case INDEX_op_ext16u:
        opc = OPC_MOVZWL;
        break;
    case INDEX_op_ext32s:
    case INDEX_op_ext_i32_i64:
        opc = OPC_MOVSLQ;
        break;
    case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64:
        opc = OPC_MOVL_GvEv;
        break;
    default:
        g_assert_not_reached();
    }
    emit_ext_opc(nc, op, 1, opc);
}

static void emit_extrh(NativeCtx *nc, TCGOp *op)
{
    TCGTemp *a = ARG(1);
    int64_t v;
    int d;

    if (ra_is_const(nc, a, &v)) {
        ra_set_out_const(nc, ARG(0), v >> 32);
        return;
    }
    if (a->val_type == VAL_MEM) {
        /* just the high half of the field */
        intptr_t off;
        int base = ra_mem_base(nc, a, &off);
        d = ra_alloc(nc, ALLOC_REGS, 0);
        nat_ld(nc, TCG_TYPE_I32, d, base, off + 4);
        ra_set_out(nc, ARG(0), d);
        return;
    }
    d = out_copy_of(nc, op, 1, TCG_TYPE_I64, ALLOC_REGS);
    nat_shift_ri(nc, TCG_TYPE_I64, SHIFT_SHR, d, 32);
    ra_set_out(nc, ARG(0), d);
}

static uint64_t len_mask(int len)
{
    return len >= 64 ? ~0ull : (1ull << len) - 1;
}

static void emit_extract(NativeCtx *nc, TCGOp *op, bool sign)
{
    TCGType type = op->type;
    int w = type_bits(type);
    unsigned ofs = op->args[2], len = op->args[3];
    int64_t v;
    int d;

    if (ra_is_const(nc, ARG(1), &v)) {
        uint64_t x = (uint64_t)v >> ofs;
        if (sign) {
            x = (int64_t)(x << (64 - len)) >> (64 - len);
        } else {
            x &= len_mask(len);
        }
        ra_set_out_const(nc, ARG(0), x);
        return;
    }
    if (ofs == 0 && (len == 8 || len == 16 || (len == 32 && w == 64))) {
        int opc;
        if (len == 8) {
            opc = (sign ? OPC_MOVSBL | rexw(type) : OPC_MOVZBL) | P_REXB_RM;
        } else if (len == 16) {
            opc = sign ? OPC_MOVSWL | rexw(type) : OPC_MOVZWL;
        } else {
            opc = sign ? OPC_MOVSLQ : OPC_MOVL_GvEv;
        }
        emit_ext_opc(nc, op, 1, opc);
        return;
    }
    d = out_copy_of(nc, op, 1, type, ALLOC_REGS);
    if (ofs + len == w) {
        nat_shift_ri(nc, type, sign ? SHIFT_SAR : SHIFT_SHR, d, ofs);
    } else if (!sign && len < 32) {
        if (ofs) {
            nat_shift_ri(nc, type, SHIFT_SHR, d, ofs);
        }
        nat_arith_ri(nc, TCG_TYPE_I32, ARITH_AND, d, len_mask(len));
    } else {
        nat_shift_ri(nc, type, SHIFT_SHL, d, w - ofs - len);
        nat_shift_ri(nc, type, sign ? SHIFT_SAR : SHIFT_SHR, d, w - len);
    }
    ra_set_out(nc, ARG(0), d);
}

static void emit_deposit(NativeCtx *nc, TCGOp *op)
{
    TCGType type = op->type;
    int w = type_bits(type);
    unsigned ofs = op->args[3], len = op->args[4];
    uint64_t mask = len_mask(len) << ofs;
    TCGTemp *a = ARG(1), *b = ARG(2);
    int64_t av, bv;
    int d, rb, t;

    if (len == w) {
        Opnd ob;
        lock_in(nc, b);
        d = ra_alloc(nc, ALLOC_REGS, 0);
        ob = opnd_get(nc, b, type, true, true);
        opnd_mov(nc, type, d, &ob, false);
        ra_set_out(nc, ARG(0), d);
        return;
    }
    if (ra_is_const(nc, b, &bv)) {
        int64_t clear = type_trunc(type, ~mask), set = ((uint64_t)bv << ofs) & mask;
        if (ra_is_const(nc, a, &av)) {
            ra_set_out_const(nc, ARG(0), (av & ~mask) | set);
            return;
        }
        d = out_copy_of(nc, op, 1, type, ALLOC_REGS);
        if (type == TCG_TYPE_I32 || fits_s32(clear)) {
            nat_arith_ri(nc, type, ARITH_AND, d, clear);
        } else {
            t = ra_scratch(nc, ALLOC_REGS);
            nat_movi(nc, type, t, clear, false);
            nat_arith_rr(nc, type, ARITH_AND, d, t);
        }
        if (set) {
            if (type == TCG_TYPE_I32 || fits_s32(set)) {
                nat_arith_ri(nc, type, ARITH_OR, d, set);
            } else {
                t = ra_scratch(nc, ALLOC_REGS);
                nat_movi(nc, type, t, set, false);
                nat_arith_rr(nc, type, ARITH_OR, d, t);
            }
        }
        ra_set_out(nc, ARG(0), d);
        return;
    }
    lock_in(nc, a);
    lock_in(nc, b);
    rb = opnd_get(nc, b, type, false, false).reg;
    if (ofs == 0 && (len == 8 || len == 16)) {
        if (a == b) {
            ra_set_out(nc, ARG(0), out_copy_of(nc, op, 1, type, ALLOC_REGS));
            return;
        }
        d = out_copy_of(nc, op, 1, type, ALLOC_REGS);
        if (len == 8) {
            nat_out_modrm(nc, OPC_MOVB_EvGv | P_REXB_R | P_REXB_RM, rb, d);
        } else {
            nat_out_modrm(nc, OPC_MOVL_EvGv | P_DATA16, rb, d);
        }
        ra_set_out(nc, ARG(0), d);
        return;
    }
    /* t = b's low len bits at ofs, zeros elsewhere */
    t = ra_scratch(nc, ALLOC_REGS);
    nat_mov(nc, type, t, rb);
    nat_shift_ri(nc, type, SHIFT_SHL, t, w - len);
    if (w - len - ofs) {
        nat_shift_ri(nc, type, SHIFT_SHR, t, w - len - ofs);
    }
    d = out_copy_of(nc, op, 1, type, ALLOC_REGS);
    if (type == TCG_TYPE_I32 || fits_s32(~mask)) {
        nat_arith_ri(nc, type, ARITH_AND, d, ~mask);
    } else {
        /* clear the field without a 64-bit mask constant */
        if (ofs) {
            nat_shift_ri(nc, type, SHIFT_ROR, d, ofs);
        }
        nat_shift_ri(nc, type, SHIFT_SHR, d, len);
        nat_shift_ri(nc, type, SHIFT_SHL, d, len);
        if (ofs) {
            nat_shift_ri(nc, type, SHIFT_ROL, d, ofs);
        }
    }
    nat_arith_rr(nc, type, ARITH_OR, d, t);
    ra_set_out(nc, ARG(0), d);
}

static void emit_bswap(NativeCtx *nc, TCGOp *op)
{
    int d = out_copy_of(nc, op, 1, op->type, ALLOC_REGS);

    switch (op->opc) {
    case INDEX_op_bswap16:
        /* rol d16, 8 then zero-extend */
        nat_out_modrm(nc, OPC_SHIFT_Ib | P_DATA16, SHIFT_ROL, d);
        nat_out8(nc, 8);
        nat_out_modrm(nc, OPC_MOVZWL, d, d);
        break;
    case INDEX_op_bswap32:
        nat_out_opc(nc, OPC_BSWAP + (d & 7), 0, d, 0);
        break;
    default:
        nat_out_opc(nc, (OPC_BSWAP + (d & 7)) | P_REXW, 0, d, 0);
        break;
    }
    ra_set_out(nc, ARG(0), d);
}

static void emit_clz_ctz(NativeCtx *nc, TCGOp *op, bool clz)
{
    TCGType type = op->type;
    int w = type_bits(type);
    TCGTemp *a = ARG(1), *b = ARG(2);
    bool have = native_host_features &
                (clz ? NATIVE_HAVE_LZCNT : NATIVE_HAVE_BMI1);
    int64_t av, bv;
    bool bc = ra_is_const(nc, b, &bv);
    Opnd oa, ob;
    int d, s = -1;

    if (ra_is_const(nc, a, &av)) {
        uint64_t x = type_trunc(type, av);
        int64_t r = !x ? bv
                    : clz ? (type == TCG_TYPE_I32 ? __builtin_clz(x)
                                                  : __builtin_clzll(x))
                          : __builtin_ctzll(x);
        if (x || bc) {
            ra_set_out_const(nc, ARG(0), r);
            return;
        }
    }
    if (bc) {
        bv = type_trunc(type, bv);
    }
    lock_in(nc, a);
    lock_in(nc, b);
    oa = opnd_get(nc, a, type, false, true);
    if (have && bc && bv == w) {
        /* lzcnt/tzcnt already give the width for 0 */
        d = (oa.kind == OPND_REG && ra_can_reuse(nc, op, 1, ARG(0)))
            ? oa.reg : ra_alloc(nc, ALLOC_REGS, 0);
        opnd_op(nc, (clz ? OPC_LZCNT : OPC_TZCNT) | rexw(type), d, &oa);
        ra_set_out(nc, ARG(0), d);
        return;
    }
    if (!have && clz) {
        /* clz = bsr ^ (w - 1): the zero case picks b ^ (w - 1) */
        s = ra_scratch(nc, ALLOC_REGS);
        if (bc) {
            nat_movi(nc, type, s, bv ^ (w - 1), false);
        } else {
            ob = opnd_get(nc, b, type, false, true);
            opnd_mov(nc, type, s, &ob, false);
            nat_arith_ri(nc, type, ARITH_XOR, s, w - 1);
        }
        ob.kind = OPND_REG;
        ob.reg = s;
    } else {
        ob = opnd_get(nc, b, type, false, true);
    }
    /* d must not share b's register: it is written before the cmov */
    if (oa.kind == OPND_REG && a != b && ra_can_reuse(nc, op, 1, ARG(0))) {
        d = oa.reg;
    } else {
        d = ra_alloc(nc, ALLOC_REGS, 0);
    }
    if (have) {
        opnd_op(nc, (clz ? OPC_LZCNT : OPC_TZCNT) | rexw(type), d, &oa);
        /* CF = source was zero */
        opnd_op(nc, (OPC_CMOVCC + JCC_JB) | rexw(type), d, &ob);
    } else {
        opnd_op(nc, (clz ? OPC_BSR : OPC_BSF) | rexw(type), d, &oa);
        opnd_op(nc, (OPC_CMOVCC + JCC_JE) | rexw(type), d, &ob);
        if (clz) {
            nat_arith_ri(nc, type, ARITH_XOR, d, w - 1);
        }
    }
    ra_set_out(nc, ARG(0), d);
}

static void emit_ctpop(NativeCtx *nc, TCGOp *op)
{
    TCGType type = op->type;
    TCGTemp *a = ARG(1);
    int64_t av;
    Opnd oa;
    int d, t, m;

    if (ra_is_const(nc, a, &av)) {
        ra_set_out_const(nc, ARG(0),
                         __builtin_popcountll(type_trunc(type, av)));
        return;
    }
    lock_in(nc, a);
    oa = opnd_get(nc, a, type, false, true);
    if (native_host_features & NATIVE_HAVE_POPCNT) {
        d = (oa.kind == OPND_REG && ra_can_reuse(nc, op, 1, ARG(0)))
            ? oa.reg : ra_alloc(nc, ALLOC_REGS, 0);
        opnd_op(nc, OPC_POPCNT | rexw(type), d, &oa);
        ra_set_out(nc, ARG(0), d);
        return;
    }
    /* SWAR bit count */
    d = (oa.kind == OPND_REG && ra_can_reuse(nc, op, 1, ARG(0)))
        ? oa.reg : ra_alloc(nc, ALLOC_REGS, 0);
    opnd_mov(nc, type, d, &oa, false);
    t = ra_scratch(nc, ALLOC_REGS);
    m = ra_scratch(nc, ALLOC_REGS);
    nat_mov(nc, type, t, d);
    nat_shift_ri(nc, type, SHIFT_SHR, t, 1);
    nat_movi(nc, type, m, 0x5555555555555555ull, false);
    nat_arith_rr(nc, type, ARITH_AND, t, m);
    nat_arith_rr(nc, type, ARITH_SUB, d, t);
    nat_movi(nc, type, m, 0x3333333333333333ull, false);
    nat_mov(nc, type, t, d);
    nat_shift_ri(nc, type, SHIFT_SHR, t, 2);
    nat_arith_rr(nc, type, ARITH_AND, t, m);
    nat_arith_rr(nc, type, ARITH_AND, d, m);
    nat_arith_rr(nc, type, ARITH_ADD, d, t);
    nat_mov(nc, type, t, d);
    nat_shift_ri(nc, type, SHIFT_SHR, t, 4);
    nat_arith_rr(nc, type, ARITH_ADD, d, t);
    nat_movi(nc, type, m, 0x0f0f0f0f0f0f0f0full, false);
    nat_arith_rr(nc, type, ARITH_AND, d, m);
    nat_movi(nc, type, m, 0x0101010101010101ull, false);
    nat_out_modrm(nc, OPC_IMUL_GvEv | rexw(type), d, m);
    nat_shift_ri(nc, type, SHIFT_SHR, d, type_bits(type) - 8);
    ra_set_out(nc, ARG(0), d);
}

/* --- comparisons --- */

int nat_cond_to_jcc(TCGCond c)
{
    switch (c) {
    case TCG_COND_EQ:
    case TCG_COND_TSTEQ:
        return JCC_JE;
    case TCG_COND_NE:
    case TCG_COND_TSTNE:
        return JCC_JNE;
    case TCG_COND_LT:
        return JCC_JL;
    case TCG_COND_GE:
        return JCC_JGE;
    case TCG_COND_LE:
        return JCC_JLE;
    case TCG_COND_GT:
        return JCC_JG;
    case TCG_COND_LTU:
        return JCC_JB;
    case TCG_COND_GEU:
        return JCC_JAE;
    case TCG_COND_LEU:
        return JCC_JBE;
    case TCG_COND_GTU:
        return JCC_JA;
    default:
        g_assert_not_reached();
    }
}

static TCGCond cond_swap(TCGCond c)
{
    switch (c) {
    case TCG_COND_LT:
        return TCG_COND_GT;
    case TCG_COND_GT:
        return TCG_COND_LT;
    case TCG_COND_LE:
        return TCG_COND_GE;
    case TCG_COND_GE:
        return TCG_COND_LE;
    case TCG_COND_LTU:
        return TCG_COND_GTU;
    case TCG_COND_GTU:
        return TCG_COND_LTU;
    case TCG_COND_LEU:
        return TCG_COND_GEU;
    case TCG_COND_GEU:
        return TCG_COND_LEU;
    default:
        return c;
    }
}

static bool cond_eval(TCGType type, TCGCond c, int64_t a, int64_t b)
{
    uint64_t ua = type_trunc(type, a), ub = type_trunc(type, b);
    int64_t sa = type == TCG_TYPE_I32 ? (int32_t)a : a;
    int64_t sb = type == TCG_TYPE_I32 ? (int32_t)b : b;

    switch (c) {
    case TCG_COND_NEVER:
        return false;
    case TCG_COND_ALWAYS:
        return true;
    case TCG_COND_EQ:
        return ua == ub;
    case TCG_COND_NE:
        return ua != ub;
    case TCG_COND_TSTEQ:
        return (ua & ub) == 0;
    case TCG_COND_TSTNE:
        return (ua & ub) != 0;
    case TCG_COND_LT:
        return sa < sb;
    case TCG_COND_GE:
        return sa >= sb;
    case TCG_COND_LE:
        return sa <= sb;
    case TCG_COND_GT:
        return sa > sb;
    case TCG_COND_LTU:
        return ua < ub;
    case TCG_COND_GEU:
        return ua >= ub;
    case TCG_COND_LEU:
        return ua <= ub;
    case TCG_COND_GTU:
        return ua > ub;
    }
    g_assert_not_reached();
}

typedef struct Cmp {
    TCGType type;
    TCGCond cond;
    Opnd a, b;
} Cmp;

/*
 * Decides a comparison: constant (returns true, *result set) or loads
 * its operands for cmp_emit (which must follow without anything that
 * could need a register in between).
 */
static bool cmp_prepare(NativeCtx *nc, Cmp *c, TCGType type, TCGTemp *a,
                        TCGTemp *b, TCGCond cond, bool *result)
{
    int64_t av, bv;
    bool ac = ra_is_const(nc, a, &av), bc = ra_is_const(nc, b, &bv);

    if (cond == TCG_COND_NEVER || cond == TCG_COND_ALWAYS || (ac && bc)) {
        *result = cond_eval(type, cond, av, bv);
        return true;
    }
    if (ac) {
        TCGTemp *t = a;
        a = b;
        b = t;
        cond = cond_swap(cond);
    }
    c->type = type;
    c->cond = cond;
    lock_in(nc, a);
    lock_in(nc, b);
    c->a = opnd_get(nc, a, type, false, true);
    c->b = opnd_get(nc, b, type, true, c->a.kind == OPND_REG);
    return false;
}

static int cmp_emit(NativeCtx *nc, const Cmp *c)
{
    bool tst = c->cond == TCG_COND_TSTEQ || c->cond == TCG_COND_TSTNE;
    int w = rexw(c->type);

    if (c->b.kind == OPND_IMM) {
        if (c->b.val == 0 && !tst && c->a.kind == OPND_REG) {
            /* test sets ZF/SF and clears CF/OF like cmp with 0 */
            nat_out_modrm(nc, OPC_TESTL | w, c->a.reg, c->a.reg);
        } else if (tst) {
            if (c->a.kind == OPND_REG && c->a.reg == TCG_REG_RAX) {
                nat_out_opc(nc, 0xa9 | w, 0, 0, 0);
            } else {
                Opnd a = c->a;
                opnd_op(nc, OPC_GRP3_Ev | w, EXT3_TEST, &a);
            }
            nat_out32(nc, c->b.val);
        } else if (c->a.kind == OPND_REG) {
            nat_arith_ri(nc, c->type, ARITH_CMP, c->a.reg, c->b.val);
        } else if (fits_s8(c->b.val)) {
            nat_out_modrm_offset(nc, OPC_ARITH_EvIb | w, ARITH_CMP,
                                 c->a.base, c->a.off);
            nat_out8(nc, c->b.val);
        } else {
            nat_out_modrm_offset(nc, OPC_ARITH_EvIz | w, ARITH_CMP,
                                 c->a.base, c->a.off);
            nat_out32(nc, c->b.val);
        }
    } else if (c->a.kind == OPND_REG) {
        opnd_op(nc, (tst ? OPC_TESTL : OPC_CMP_GvEv) | w, c->a.reg, &c->b);
    } else {
        /* cmp r/m, r computes a - b with a in memory */
        Opnd a = c->a;
        assert(c->b.kind == OPND_REG);
        opnd_op(nc, (tst ? OPC_TESTL : 0x39) | w, c->b.reg, &a);
    }
    return nat_cond_to_jcc(c->cond);
}

static void emit_setcond(NativeCtx *nc, TCGOp *op, bool neg)
{
    TCGType type = op->type;
    Cmp c;
    bool res;
    int d, jcc;

    if (cmp_prepare(nc, &c, type, ARG(1), ARG(2), op->args[3], &res)) {
        ra_set_out_const(nc, ARG(0), res ? (neg ? -1 : 1) : 0);
        return;
    }
    d = ra_alloc(nc, ALLOC_REGS, 0);
    nat_out_modrm(nc, OPC_XOR_GvEv, d, d);
    jcc = cmp_emit(nc, &c);
    nat_out_modrm(nc, OPC_SETCC + jcc, 0, d);
    if (neg) {
        nat_out_modrm(nc, OPC_GRP3_Ev | rexw(type), EXT3_NEG, d);
    }
    ra_set_out(nc, ARG(0), d);
}

static void emit_movcond(NativeCtx *nc, TCGOp *op)
{
    TCGType type = op->type;
    TCGTemp *v1 = ARG(3), *v2 = ARG(4);
    Opnd o1, o2;
    Cmp c;
    bool res;
    int d, jcc;

    lock_in(nc, v1);
    lock_in(nc, v2);
    if (cmp_prepare(nc, &c, type, ARG(1), ARG(2), op->args[5], &res)) {
        /* becomes a mov of the chosen value */
        TCGOp m = *op;
        m.args[1] = op->args[res ? 3 : 4];
        m.life = (op->life & 1) | (((op->life >> (res ? 3 : 4)) & 1) << 1);
        emit_mov(nc, &m, type);
        return;
    }
    o1 = opnd_get(nc, v1, type, false, true);
    o2 = opnd_get(nc, v2, type, false, true);
    if (o2.kind == OPND_REG && ra_can_reuse(nc, op, 4, ARG(0))) {
        d = o2.reg;
        jcc = cmp_emit(nc, &c);
        opnd_op(nc, (OPC_CMOVCC + jcc) | rexw(type), d, &o1);
    } else if (o1.kind == OPND_REG && ra_can_reuse(nc, op, 3, ARG(0))) {
        d = o1.reg;
        jcc = cmp_emit(nc, &c);
        opnd_op(nc, (OPC_CMOVCC + (jcc ^ 1)) | rexw(type), d, &o2);
    } else {
        d = ra_alloc(nc, ALLOC_REGS, 0);
        opnd_mov(nc, type, d, &o2, false);
        jcc = cmp_emit(nc, &c);
        opnd_op(nc, (OPC_CMOVCC + jcc) | rexw(type), d, &o1);
    }
    ra_set_out(nc, ARG(0), d);
}

void nat_jump_label(NativeCtx *nc, int jcc, TCGLabel *l)
{
    NativeReloc r;

    if (l->backend_data) {
        /* placed already: backward, maybe short */
        uint8_t *target = (uint8_t *)l->value;
        intptr_t disp = target - (nc->code + 2);
        if (fits_s8(disp)) {
            nat_out8(nc, jcc < 0 ? OPC_JMP_short : OPC_JCC_short + jcc);
            nat_out8(nc, disp);
            return;
        }
        if (jcc < 0) {
            nat_out8(nc, OPC_JMP_long);
        } else {
            nat_out8(nc, 0x0f);
            nat_out8(nc, 0x80 + jcc);
        }
        nat_out32(nc, target - (nc->code + 4));
        return;
    }
    if (jcc < 0) {
        nat_out8(nc, OPC_JMP_long);
    } else {
        nat_out8(nc, 0x0f);
        nat_out8(nc, 0x80 + jcc);
    }
    r.at = nc->code;
    r.label = l;
    g_array_append_val(nc->relocs, r);
    nat_out32(nc, 0);
}

void nat_emit_brcond(NativeCtx *nc, TCGOp *op)
{
    TCGLabel *l = arg_label(op->args[3]);
    Cmp c;
    bool res;
    int jcc;

    if (cmp_prepare(nc, &c, op->type, ARG(0), ARG(1), op->args[2], &res)) {
        ra_sync_bb_end(nc);
        if (res) {
            nat_jump_label(nc, -1, l);
        }
        return;
    }
    /* stores only: the operands stay where cmp_prepare put them */
    ra_sync_bb_end(nc);
    jcc = cmp_emit(nc, &c);
    nat_jump_label(nc, jcc, l);
}

/* --- host memory --- */

static void emit_ld(NativeCtx *nc, TCGOp *op)
{
    TCGType type = op->type;
    TCGTemp *base = ARG(1);
    intptr_t off = op->args[2];
    int rb, d, opc;

    switch (op->opc) {
    case INDEX_op_ld8u:
        opc = OPC_MOVZBL;
        break;
    case INDEX_op_ld8s:
        opc = OPC_MOVSBL | rexw(type);
        break;
    case INDEX_op_ld16u:
        opc = OPC_MOVZWL;
        break;
    case INDEX_op_ld16s:
        opc = OPC_MOVSWL | rexw(type);
        break;
    case INDEX_op_ld32u:
        opc = OPC_MOVL_GvEv;
        break;
    case INDEX_op_ld32s:
        opc = OPC_MOVSLQ;
        break;
    default:
        opc = OPC_MOVL_GvEv | rexw(type);
        break;
    }
    rb = ra_load(nc, base, ANY_REGS);
    if (!fits_s32(off)) {
        int t = ra_scratch(nc, ALLOC_REGS);
        nat_movi(nc, TCG_TYPE_I64, t, off, false);
        nat_arith_rr(nc, TCG_TYPE_I64, ARITH_ADD, t, rb);
        rb = t;
        off = 0;
    }
    d = ra_can_reuse(nc, op, 1, ARG(0)) && rb == base->reg
        ? rb : ra_alloc(nc, ALLOC_REGS, 0);
    nat_out_modrm_offset(nc, opc, d, rb, off);
    ra_set_out(nc, ARG(0), d);
}

static void emit_st(NativeCtx *nc, TCGOp *op)
{
    TCGType type = op->type;
    TCGTemp *val = ARG(0), *base = ARG(1);
    intptr_t off = op->args[2];
    int64_t v;
    int rb, rv, size;

    switch (op->opc) {
    case INDEX_op_st8:
        size = 1;
        break;
    case INDEX_op_st16:
        size = 2;
        break;
    case INDEX_op_st32:
        size = 4;
        break;
    default:
        size = type == TCG_TYPE_I32 ? 4 : 8;
        break;
    }
    lock_in(nc, val);
    rb = ra_load(nc, base, ANY_REGS);
    if (!fits_s32(off)) {
        int t = ra_scratch(nc, ALLOC_REGS);
        nat_movi(nc, TCG_TYPE_I64, t, off, false);
        nat_arith_rr(nc, TCG_TYPE_I64, ARITH_ADD, t, rb);
        rb = t;
        off = 0;
    }
    if (ra_is_const(nc, val, &v)) {
        switch (size) {
        case 1:
            nat_out_modrm_offset(nc, OPC_MOVB_EvIb, 0, rb, off);
            nat_out8(nc, v);
            break;
        case 2:
            nat_out_modrm_offset(nc, OPC_MOVL_EvIz | P_DATA16, 0, rb, off);
            nat_out16(nc, v);
            break;
        case 4:
            nat_sti(nc, TCG_TYPE_I32, v, rb, off);
            break;
        default:
            nat_sti(nc, TCG_TYPE_I64, v, rb, off);
            break;
        }
        return;
    }
    rv = ra_load(nc, val, ANY_REGS);
    switch (size) {
    case 1:
        nat_out_modrm_offset(nc, OPC_MOVB_EvGv | P_REXB_R, rv, rb, off);
        break;
    case 2:
        nat_out_modrm_offset(nc, OPC_MOVL_EvGv | P_DATA16, rv, rb, off);
        break;
    case 4:
        nat_st(nc, TCG_TYPE_I32, rv, rb, off);
        break;
    default:
        nat_st(nc, TCG_TYPE_I64, rv, rb, off);
        break;
    }
}

/* --- helper calls (SysV: args in rdi rsi rdx rcx r8 r9, result rax) --- */

static const int call_arg_regs[TCG_MAX_HELPER_ARGS] = {
    TCG_REG_RDI, TCG_REG_RSI, TCG_REG_RDX, TCG_REG_RCX, TCG_REG_R8, TCG_REG_R9,
};

void nat_emit_call(NativeCtx *nc, TCGOp *op)
{
    int nb_oargs = op->nb_oargs, nb_iargs = op->nb_iargs;
    const TCGHelperInfo *info =
        (const TCGHelperInfo *)op->args[nb_oargs + nb_iargs];
    unsigned flags = info->flags;

    assert(nb_iargs <= TCG_MAX_HELPER_ARGS && nb_oargs <= 1);
    if ((flags & TCG_CALL_NO_RWG) != TCG_CALL_NO_RWG) {
        ra_sync_globals(nc);
    }
    for (int i = 0; i < nb_iargs; i++) {
        TCGTemp *ts = ARG(nb_oargs + i);
        int reg = call_arg_regs[i];
        int64_t v;
        intptr_t off;
        int base;

        if (nc->reg_to_temp[reg] == ts) {
            nc->locked |= REG_BIT(reg);
            continue;
        }
        ra_take(nc, reg);
        if (ra_is_const(nc, ts, &v)) {
            nat_movi(nc, ts->type, reg, v, false);
        } else if (ts->val_type == VAL_REG) {
            nat_mov(nc, ts->type, reg, ts->reg);
        } else if (ts->val_type == VAL_MEM) {
            base = ra_mem_base(nc, ts, &off);
            nat_ld(nc, ts->type, reg, base, off);
        }
    }
    /* arguments whose last use this is need no saving */
    for (int i = nb_oargs; i < nb_oargs + nb_iargs; i++) {
        TCGTemp *ts = ARG(i);
        if (op_arg_dead(op, i) &&
            (ts->kind == TEMP_EBB || ts->kind == TEMP_TB)) {
            ra_dead(nc, ts);
        }
    }
    if (!(flags & TCG_CALL_NO_WRITE_GLOBALS)) {
        ra_forget_globals(nc);
    }
    /* values in call-clobbered registers move to callee-saved ones */
    for (int r = 0; r < NB_REGS; r++) {
        TCGTemp *ts = nc->reg_to_temp[r];
        int to = -1;

        if (!ts || !(CALL_CLOBBER_REGS & REG_BIT(r))) {
            continue;
        }
        for (int j = 0; j < NB_REGS; j++) {
            if ((ALLOC_REGS & ~CALL_CLOBBER_REGS & REG_BIT(j)) &&
                !nc->reg_to_temp[j] && !(nc->locked & REG_BIT(j))) {
                to = j;
                break;
            }
        }
        if (to >= 0) {
            nat_mov(nc, ts->type, to, r);
            nc->reg_to_temp[r] = NULL;
            nc->reg_to_temp[to] = ts;
            ts->reg = to;
        } else {
            ra_evict(nc, r);
        }
    }
    nat_call_to(nc, info->func);
    if (nb_oargs) {
        ra_set_out(nc, ARG(0), TCG_REG_RAX);
    }
}

/* --- dispatch --- */

bool nat_emit_op(NativeCtx *nc, TCGOp *op)
{
    TCGType type = op->type;

    switch (op->opc) {
    case INDEX_op_mov:
    case INDEX_op_extrl_i64_i32:
        emit_mov(nc, op, op->opc == INDEX_op_mov ? type : TCG_TYPE_I32);
        break;
    case INDEX_op_add:
        emit_binop(nc, op, ARITH_ADD, true);
        break;
    case INDEX_op_sub:
        emit_binop(nc, op, ARITH_SUB, false);
        break;
    case INDEX_op_and:
        emit_binop(nc, op, ARITH_AND, true);
        break;
    case INDEX_op_or:
        emit_binop(nc, op, ARITH_OR, true);
        break;
    case INDEX_op_xor:
        emit_binop(nc, op, ARITH_XOR, true);
        break;
    case INDEX_op_mul:
        emit_binop(nc, op, -1, true);
        break;
    case INDEX_op_neg:
        emit_unary_grp3(nc, op, EXT3_NEG);
        break;
    case INDEX_op_not:
        emit_unary_grp3(nc, op, EXT3_NOT);
        break;
    case INDEX_op_andc:
        emit_andc(nc, op);
        break;
    case INDEX_op_shl:
        emit_shift(nc, op, SHIFT_SHL);
        break;
    case INDEX_op_shr:
        emit_shift(nc, op, SHIFT_SHR);
        break;
    case INDEX_op_sar:
        emit_shift(nc, op, SHIFT_SAR);
        break;
    case INDEX_op_rotl:
        emit_shift(nc, op, SHIFT_ROL);
        break;
    case INDEX_op_rotr:
        emit_shift(nc, op, SHIFT_ROR);
        break;
    case INDEX_op_mulu2:
        emit_mul2(nc, op, false);
        break;
    case INDEX_op_muls2:
        emit_mul2(nc, op, true);
        break;
    case INDEX_op_add2:
        emit_addsub2(nc, op, false);
        break;
    case INDEX_op_sub2:
        emit_addsub2(nc, op, true);
        break;
    case INDEX_op_div:
        emit_div(nc, op, true, false);
        break;
    case INDEX_op_divu:
        emit_div(nc, op, false, false);
        break;
    case INDEX_op_rem:
        emit_div(nc, op, true, true);
        break;
    case INDEX_op_remu:
        emit_div(nc, op, false, true);
        break;
    case INDEX_op_ext8s:
    case INDEX_op_ext8u:
    case INDEX_op_ext16s:
    case INDEX_op_ext16u:
    case INDEX_op_ext32s:
    case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_ext_i32_i64:
        emit_ext(nc, op);
        break;
    case INDEX_op_extrh_i64_i32:
        emit_extrh(nc, op);
        break;
    case INDEX_op_extract:
        emit_extract(nc, op, false);
        break;
    case INDEX_op_sextract:
        emit_extract(nc, op, true);
        break;
    case INDEX_op_deposit:
        emit_deposit(nc, op);
        break;
    case INDEX_op_bswap16:
    case INDEX_op_bswap32:
    case INDEX_op_bswap64:
        emit_bswap(nc, op);
        break;
    case INDEX_op_clz:
        emit_clz_ctz(nc, op, true);
        break;
    case INDEX_op_ctz:
        emit_clz_ctz(nc, op, false);
        break;
    case INDEX_op_ctpop:
        emit_ctpop(nc, op);
        break;
    case INDEX_op_setcond:
        emit_setcond(nc, op, false);
        break;
    case INDEX_op_negsetcond:
        emit_setcond(nc, op, true);
        break;
    case INDEX_op_movcond:
        emit_movcond(nc, op);
        break;
    case INDEX_op_ld8u:
    case INDEX_op_ld8s:
    case INDEX_op_ld16u:
    case INDEX_op_ld16s:
    case INDEX_op_ld32u:
    case INDEX_op_ld32s:
    case INDEX_op_ld:
        emit_ld(nc, op);
        break;
    case INDEX_op_st8:
    case INDEX_op_st16:
    case INDEX_op_st32:
    case INDEX_op_st:
        emit_st(nc, op);
        break;
    case INDEX_op_mb:
        if (op->args[0] & TCG_MO_ST_LD) {
            /* lock orl $0, (%rsp): a full barrier cheaper than mfence */
            nat_out8(nc, 0xf0);
            nat_out_modrm_offset(nc, OPC_ARITH_EvIb, ARITH_OR, TCG_REG_RSP, 0);
            nat_out8(nc, 0);
        }
        break;
    default:
        return false;
    }
    return true;
}
