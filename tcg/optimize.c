/*
 * The IR optimizer: constant folding, copy propagation and algebraic
 * simplification within extended basic blocks (from a label to the next
 * label; a conditional branch's fall-through continues the EBB).
 *
 * Everything known is forgotten at labels; globals are forgotten at
 * helper calls that may write them and at env stores over their bytes.
 * The op list is rebuilt as it goes; results that become unused are
 * left for tcg_liveness_analysis() to delete.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg-internal.h"

typedef struct OptTemp {
    bool is_const;
    uint64_t val;           /* canonical: I32 values zero-extended */
    uint64_t z;             /* bits that may be 1 (known-zero tracking) */
    int prev, next;         /* circular list of temps holding one value */
    uint32_t seq;           /* when it joined the list (oldest wins) */
} OptTemp;

typedef struct Opt {
    TCGContext *s;
    OptTemp *t;
    TCGOp *out;
    int nout, cap;
    uint32_t seq;
} Opt;

static uint64_t type_mask(TCGType type)
{
    return type == TCG_TYPE_I32 ? 0xffffffffULL : ~0ULL;
}

static uint64_t canon_val(TCGType type, uint64_t v)
{
    return v & type_mask(type);
}

static int tidx(Opt *o, TCGTemp *t)
{
    return (int)(t - o->s->temps);
}

static void unlink_copy(Opt *o, int i)
{
    OptTemp *ti = &o->t[i];

    o->t[ti->prev].next = ti->next;
    o->t[ti->next].prev = ti->prev;
    ti->prev = ti->next = i;
}

/* The temp's value changes: forget what we knew. */
static void reset_temp(Opt *o, TCGTemp *t)
{
    int i = tidx(o, t);

    if (t->kind == TEMP_CONST || t->kind == TEMP_FIXED) {
        return;
    }
    unlink_copy(o, i);
    o->t[i].is_const = false;
    o->t[i].z = ~0ULL;
}

/* Forgets everything about temps [0, n). */
static void reset_all(Opt *o, int n)
{
    for (int i = 0; i < n; i++) {
        o->t[i].is_const = false;
        o->t[i].z = ~0ULL;
        o->t[i].prev = o->t[i].next = i;
    }
}

static void reset_globals(Opt *o)
{
    for (int i = 0; i < o->s->nb_globals; i++) {
        reset_temp(o, &o->s->temps[i]);
    }
}

static bool temp_is_const(Opt *o, TCGTemp *t)
{
    return t->kind == TEMP_CONST || o->t[tidx(o, t)].is_const;
}

static uint64_t temp_val(Opt *o, TCGTemp *t)
{
    if (t->kind == TEMP_CONST) {
        return canon_val(t->type, t->val);
    }
    return o->t[tidx(o, t)].val;
}

/* Bits of t's value that may be set (within its type). */
static uint64_t temp_z(Opt *o, TCGTemp *t)
{
    if (temp_is_const(o, t)) {
        return temp_val(o, t);
    }
    if (t->kind == TEMP_FIXED) {
        return ~0ULL;
    }
    return o->t[tidx(o, t)].z & type_mask(t->type);
}

static TCGTemp *const_temp(Opt *o, TCGType type, uint64_t v)
{
    return tcg_constant_internal(type, type == TCG_TYPE_I32 ? (int32_t)v
                                                           : (int64_t)v);
}

/* The best name for t's current value: a constant, or the oldest copy. */
static TCGTemp *canon_temp(Opt *o, TCGTemp *t)
{
    int i = tidx(o, t), best = i;

    if (t->kind == TEMP_CONST || t->kind == TEMP_FIXED) {
        return t;
    }
    if (o->t[i].is_const) {
        return const_temp(o, t->type, o->t[i].val);
    }
    for (int j = o->t[i].next; j != i; j = o->t[j].next) {
        if (o->t[j].seq < o->t[best].seq) {
            best = j;
        }
    }
    return &o->s->temps[best];
}

static TCGOp *emit(Opt *o, const TCGOp *op)
{
    if (o->nout == o->cap) {
        o->cap = o->cap * 2 + 64;
        o->out = g_renew(TCGOp, o->out, o->cap);
    }
    o->out[o->nout] = *op;
    return &o->out[o->nout++];
}

/* dst = src, recording the copy or the constant. */
static void emit_mov(Opt *o, TCGType type, TCGTemp *dst, TCGTemp *src)
{
    TCGOp op = { .opc = INDEX_op_mov, .type = type, .nb_oargs = 1,
                 .nb_iargs = 1 };
    int d = tidx(o, dst), sidx = tidx(o, src);

    if (dst == src) {
        return;
    }
    /* Already equal (same copy list): nothing to do. */
    for (int j = o->t[d].next; j != d; j = o->t[j].next) {
        if (j == sidx) {
            return;
        }
    }
    op.args[0] = temp_arg(dst);
    op.args[1] = temp_arg(src);
    emit(o, &op);
    reset_temp(o, dst);
    if (temp_is_const(o, src)) {
        o->t[d].is_const = true;
        o->t[d].val = canon_val(type, temp_val(o, src));
    } else {
        OptTemp *ts = &o->t[sidx], *td = &o->t[d];

        td->z = temp_z(o, src);
        /* Join src's list, as the newest member. */
        if (ts->next == sidx) {
            ts->seq = o->seq++;
        }
        td->seq = o->seq++;
        td->next = sidx;
        td->prev = ts->prev;
        o->t[ts->prev].next = d;
        ts->prev = d;
    }
}

static void emit_movi(Opt *o, TCGType type, TCGTemp *dst, uint64_t v)
{
    emit_mov(o, type, dst, const_temp(o, type, canon_val(type, v)));
}

/* ---- folding: the same semantics as the interpreter ---- */

static uint64_t sext(uint64_t v, TCGType type)
{
    return type == TCG_TYPE_I32 ? (uint64_t)(int64_t)(int32_t)v : v;
}

static bool fold_binary(TCGOpcode opc, TCGType type, uint64_t a, uint64_t b,
                        uint64_t *r)
{
    unsigned w = type == TCG_TYPE_I32 ? 32 : 64;
    unsigned c = b & (w - 1);
    int64_t sa = sext(a, type), sb = sext(b, type);

    switch (opc) {
    case INDEX_op_add:  *r = a + b; break;
    case INDEX_op_sub:  *r = a - b; break;
    case INDEX_op_mul:  *r = a * b; break;
    case INDEX_op_and:  *r = a & b; break;
    case INDEX_op_or:   *r = a | b; break;
    case INDEX_op_xor:  *r = a ^ b; break;
    case INDEX_op_andc: *r = a & ~b; break;
    case INDEX_op_shl:  *r = a << c; break;
    case INDEX_op_shr:  *r = a >> c; break;
    case INDEX_op_sar:  *r = (uint64_t)(sa >> c); break;
    case INDEX_op_rotl:
        *r = c ? (a << c) | (a >> (w - c)) : a;
        break;
    case INDEX_op_rotr:
        *r = c ? (a >> c) | (a << (w - c)) : a;
        break;
    case INDEX_op_div:
    case INDEX_op_rem:
        if (sb == 0 || sb == -1) {
            return false;       /* leave the odd cases to run time */
        }
        *r = opc == INDEX_op_div ? (uint64_t)(sa / sb) : (uint64_t)(sa % sb);
        break;
    case INDEX_op_divu:
    case INDEX_op_remu:
        if (b == 0) {
            return false;
        }
        *r = opc == INDEX_op_divu ? a / b : a % b;
        break;
    case INDEX_op_clz:
        *r = a ? (uint64_t)(__builtin_clzll(a) - (64 - w)) : b;
        break;
    case INDEX_op_ctz:
        *r = a ? (uint64_t)__builtin_ctzll(a) : b;
        break;
    default:
        return false;
    }
    *r = canon_val(type, *r);
    return true;
}

static bool fold_unary(TCGOpcode opc, TCGType type, uint64_t a, uint64_t *r)
{
    switch (opc) {
    case INDEX_op_neg:    *r = -a; break;
    case INDEX_op_not:    *r = ~a; break;
    case INDEX_op_ext8s:  *r = (uint64_t)(int64_t)(int8_t)a; break;
    case INDEX_op_ext8u:  *r = (uint8_t)a; break;
    case INDEX_op_ext16s: *r = (uint64_t)(int64_t)(int16_t)a; break;
    case INDEX_op_ext16u: *r = (uint16_t)a; break;
    case INDEX_op_ext32s:
    case INDEX_op_ext_i32_i64:
        *r = (uint64_t)(int64_t)(int32_t)a;
        break;
    case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_extrl_i64_i32:
        *r = (uint32_t)a;
        break;
    case INDEX_op_extrh_i64_i32: *r = a >> 32; break;
    case INDEX_op_bswap16: *r = __builtin_bswap16((uint16_t)a); break;
    case INDEX_op_bswap32: *r = __builtin_bswap32((uint32_t)a); break;
    case INDEX_op_bswap64: *r = __builtin_bswap64(a); break;
    case INDEX_op_ctpop:  *r = __builtin_popcountll(a); break;
    default:
        return false;
    }
    *r = canon_val(type, *r);
    return true;
}

static uint64_t field_mask(unsigned len)
{
    return len >= 64 ? ~0ULL : (1ULL << len) - 1;
}

/*
 * Result of (a cond b) when known at compile time: 0, 1, or -1 when not.
 * a and b are temps after canonicalisation.
 */
static int fold_cond(Opt *o, TCGCond c, TCGType type, TCGTemp *a, TCGTemp *b)
{
    if (c == TCG_COND_ALWAYS) {
        return 1;
    }
    if (c == TCG_COND_NEVER) {
        return 0;
    }
    if (temp_is_const(o, a) && temp_is_const(o, b)) {
        return tcg_eval_cond(c, type, temp_val(o, a), temp_val(o, b));
    }
    if (a == b) {
        switch (c) {
        case TCG_COND_EQ: case TCG_COND_GE: case TCG_COND_LE:
        case TCG_COND_GEU: case TCG_COND_LEU:
            return 1;
        case TCG_COND_NE: case TCG_COND_LT: case TCG_COND_GT:
        case TCG_COND_LTU: case TCG_COND_GTU:
            return 0;
        default:
            return -1;
        }
    }
    /* x tst 0 */
    if ((c == TCG_COND_TSTEQ || c == TCG_COND_TSTNE) &&
        ((temp_is_const(o, b) && temp_val(o, b) == 0) ||
         (temp_is_const(o, a) && temp_val(o, a) == 0))) {
        return c == TCG_COND_TSTEQ;
    }
    return -1;
}

static void reset_outputs(Opt *o, const TCGOp *op)
{
    for (int k = 0; k < op->nb_oargs; k++) {
        reset_temp(o, arg_temp(op->args[k]));
    }
}

static int store_size(const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_st8:  return 1;
    case INDEX_op_st16: return 2;
    case INDEX_op_st32: return 4;
    default:            return op->type == TCG_TYPE_I32 ? 4 : 8;
    }
}

/* A store into env over a global's bytes changes that global. */
static void store_env(Opt *o, const TCGOp *op)
{
    TCGTemp *base = arg_temp(op->args[1]);
    intptr_t off = (intptr_t)op->args[2];
    int size = store_size(op);

    if (base->kind != TEMP_FIXED) {
        reset_globals(o);
        return;
    }
    for (int i = 0; i < o->s->nb_globals; i++) {
        TCGTemp *g = &o->s->temps[i];
        int gsize = g->type == TCG_TYPE_I32 ? 4 : 8;

        if (g->kind == TEMP_GLOBAL && off < g->mem_offset + gsize &&
            g->mem_offset < off + size) {
            reset_temp(o, g);
        }
    }
}

/* Algebraic identities with one known operand or equal operands. */
static bool simplify_binary(Opt *o, TCGOp *op)
{
    TCGType type = op->type;
    TCGTemp *d = arg_temp(op->args[0]);
    TCGTemp *x = arg_temp(op->args[1]), *y = arg_temp(op->args[2]);
    bool xc = temp_is_const(o, x), yc = temp_is_const(o, y);
    uint64_t xv = xc ? temp_val(o, x) : 0, yv = yc ? temp_val(o, y) : 0;
    uint64_t ones = type_mask(type);
    unsigned wmask = type == TCG_TYPE_I32 ? 31 : 63;

    switch (op->opc) {
    case INDEX_op_add:
    case INDEX_op_or:
    case INDEX_op_xor:
        if (yc && yv == 0) {
            emit_mov(o, type, d, x);
            return true;
        }
        if (xc && xv == 0) {
            emit_mov(o, type, d, y);
            return true;
        }
        if (op->opc == INDEX_op_or) {
            if ((yc && yv == ones) || (xc && xv == ones)) {
                emit_movi(o, type, d, ones);
                return true;
            }
            if (x == y) {
                emit_mov(o, type, d, x);
                return true;
            }
        }
        if (op->opc == INDEX_op_xor && x == y) {
            emit_movi(o, type, d, 0);
            return true;
        }
        break;
    case INDEX_op_sub:
        if (yc && yv == 0) {
            emit_mov(o, type, d, x);
            return true;
        }
        if (x == y) {
            emit_movi(o, type, d, 0);
            return true;
        }
        break;
    case INDEX_op_and:
        if ((yc && yv == 0) || (xc && xv == 0)) {
            emit_movi(o, type, d, 0);
            return true;
        }
        if (yc && yv == ones) {
            emit_mov(o, type, d, x);
            return true;
        }
        if (xc && xv == ones) {
            emit_mov(o, type, d, y);
            return true;
        }
        if (x == y) {
            emit_mov(o, type, d, x);
            return true;
        }
        break;
    case INDEX_op_andc:
        if (yc && yv == 0) {
            emit_mov(o, type, d, x);
            return true;
        }
        if ((xc && xv == 0) || x == y || (yc && yv == ones)) {
            emit_movi(o, type, d, 0);
            return true;
        }
        break;
    case INDEX_op_mul:
        if ((yc && yv == 0) || (xc && xv == 0)) {
            emit_movi(o, type, d, 0);
            return true;
        }
        if (yc && yv == 1) {
            emit_mov(o, type, d, x);
            return true;
        }
        if (xc && xv == 1) {
            emit_mov(o, type, d, y);
            return true;
        }
        break;
    case INDEX_op_shl:
    case INDEX_op_shr:
    case INDEX_op_sar:
    case INDEX_op_rotl:
    case INDEX_op_rotr:
        if (yc && (yv & wmask) == 0) {
            emit_mov(o, type, d, x);
            return true;
        }
        if (xc && xv == 0) {
            emit_movi(o, type, d, 0);
            return true;
        }
        if ((op->opc == INDEX_op_sar || op->opc == INDEX_op_rotl ||
             op->opc == INDEX_op_rotr) && xc && xv == ones) {
            emit_movi(o, type, d, ones);
            return true;
        }
        break;
    case INDEX_op_clz:
    case INDEX_op_ctz:
        if (xc && xv == 0) {
            emit_mov(o, type, d, y);
            return true;
        }
        break;
    default:
        break;
    }
    return false;
}

/* Mask of the low n bits (n may be 64). */
static uint64_t low_bits(unsigned n)
{
    return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

/* Number of significant bits of z (0 for 0). */
static unsigned nbits(uint64_t z)
{
    return z ? 64 - __builtin_clzll(z) : 0;
}

/* May-be-one bits of the single output of op (inputs as emitted). */
static uint64_t op_out_z(Opt *o, const TCGOp *op)
{
    TCGType type = op->type;
    uint64_t tm = type_mask(type);
    unsigned w = type == TCG_TYPE_I32 ? 32 : 64;
    uint64_t za = ~0ULL, zb = ~0ULL;
    TCGTemp *b = NULL;

    if (op->nb_iargs >= 1) {
        za = temp_z(o, arg_temp(op->args[op->nb_oargs]));
    }
    if (op->nb_iargs >= 2) {
        b = arg_temp(op->args[op->nb_oargs + 1]);
        zb = temp_z(o, b);
    }
    switch (op->opc) {
    case INDEX_op_and:
        return za & zb & tm;
    case INDEX_op_or:
    case INDEX_op_xor:
        return (za | zb) & tm;
    case INDEX_op_andc:
        return za & tm;
    case INDEX_op_add:
        /* one more bit than the wider input, for the carry */
        return low_bits(nbits(za | zb) + 1) & tm;
    case INDEX_op_mul:
        return low_bits(nbits(za) + nbits(zb)) & tm;
    case INDEX_op_shl:
    case INDEX_op_shr:
    case INDEX_op_sar:
        if (!temp_is_const(o, b)) {
            break;
        }
        {
            unsigned c = temp_val(o, b) & (w - 1);
            if (op->opc == INDEX_op_shl) {
                return (za << c) & tm;
            }
            if (op->opc == INDEX_op_shr || !((za >> (w - 1)) & 1)) {
                return (za & tm) >> c;
            }
        }
        break;
    case INDEX_op_ext8u:
        return za & 0xff;
    case INDEX_op_ext16u:
        return za & 0xffff;
    case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_extrl_i64_i32:
        return za & 0xffffffffULL;
    case INDEX_op_extrh_i64_i32:
        return za >> 32;
    case INDEX_op_ext8s:
        return (za & 0x80) ? tm : za & 0xff;
    case INDEX_op_ext16s:
        return (za & 0x8000) ? tm : za & 0xffff;
    case INDEX_op_ext32s:
    case INDEX_op_ext_i32_i64:
        return (za & 0x80000000ULL) ? tm : za & 0xffffffffULL;
    case INDEX_op_extract:
        return (za >> op->args[2]) & field_mask(op->args[3]);
    case INDEX_op_sextract: {
        unsigned ofs = op->args[2], len = op->args[3];
        if (!((za >> (ofs + len - 1)) & 1)) {
            return (za >> ofs) & field_mask(len);
        }
        break;
    }
    case INDEX_op_deposit: {
        uint64_t m = field_mask(op->args[4]) << op->args[3];
        return ((za & ~m) | ((zb << op->args[3]) & m)) & tm;
    }
    case INDEX_op_setcond:
        return 1;
    case INDEX_op_movcond:
        return (temp_z(o, arg_temp(op->args[3])) |
                temp_z(o, arg_temp(op->args[4]))) & tm;
    case INDEX_op_bswap16:
        return 0xffff;
    case INDEX_op_bswap32:
        return 0xffffffffULL;
    case INDEX_op_ctpop:
        return 0x7f;
    case INDEX_op_clz:
    case INDEX_op_ctz:
        return (0x7f | zb) & tm;
    case INDEX_op_ld8u:
        return 0xff;
    case INDEX_op_ld16u:
        return 0xffff;
    case INDEX_op_ld32u:
        return 0xffffffffULL;
    case INDEX_op_qemu_ld: {
        MemOp mop = get_memop(op->args[2]);
        if (!(mop & MO_SIGN)) {
            return low_bits(8 << (mop & MO_SIZE)) & tm;
        }
        break;
    }
    default:
        break;
    }
    return tm;
}

/*
 * Emits op unchanged and forgets its outputs, keeping what is known of
 * the bits of a single output (computed before the inputs are reset).
 */
static void emit_reset(Opt *o, TCGOp *op)
{
    uint64_t z = op->nb_oargs == 1 ? op_out_z(o, op) : ~0ULL;

    emit(o, op);
    reset_outputs(o, op);
    if (op->nb_oargs == 1) {
        TCGTemp *d = arg_temp(op->args[0]);

        if (d->kind != TEMP_FIXED && d->kind != TEMP_CONST) {
            o->t[tidx(o, d)].z = z;
        }
    }
}

/*
 * Extensions and masks that change nothing, given the known-zero bits
 * of the input, become moves.
 */
static bool simplify_known_bits(Opt *o, TCGOp *op)
{
    TCGType type = op->type;
    TCGTemp *d = arg_temp(op->args[0]), *a = arg_temp(op->args[1]);
    uint64_t za = temp_z(o, a), keep;

    switch (op->opc) {
    case INDEX_op_ext8u:
        keep = 0xff;
        break;
    case INDEX_op_ext16u:
        keep = 0xffff;
        break;
    case INDEX_op_ext32u:
        keep = 0xffffffffULL;
        break;
    case INDEX_op_ext8s:
        keep = 0x7f;
        break;
    case INDEX_op_ext16s:
        keep = 0x7fff;
        break;
    case INDEX_op_ext32s:
        keep = 0x7fffffffULL;
        break;
    case INDEX_op_extract:
        if (op->args[2] != 0) {
            return false;
        }
        keep = field_mask(op->args[3]);
        break;
    case INDEX_op_and: {
        TCGTemp *b = arg_temp(op->args[2]);
        if (!temp_is_const(o, b)) {
            return false;
        }
        keep = temp_val(o, b);
        if ((za & keep) == 0) {
            emit_movi(o, type, d, 0);
            return true;
        }
        break;
    }
    default:
        return false;
    }
    if (za & ~keep & type_mask(type)) {
        return false;
    }
    emit_mov(o, type, d, a);
    return true;
}

static void opt_arith(Opt *o, TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    TCGType type = op->type;
    bool all_const = true;
    uint64_t v[6], r;

    for (int k = 0; k < op->nb_iargs; k++) {
        TCGTemp *t = arg_temp(op->args[op->nb_oargs + k]);

        if (!temp_is_const(o, t)) {
            all_const = false;
        } else {
            v[k] = temp_val(o, t);
        }
    }

    if (all_const && op->nb_oargs == 1) {
        TCGTemp *d = arg_temp(op->args[0]);
        bool ok = false;

        switch (op->opc) {
        case INDEX_op_extract: {
            unsigned ofs = op->args[2], len = op->args[3];
            r = (v[0] >> ofs) & field_mask(len);
            ok = true;
            break;
        }
        case INDEX_op_sextract: {
            unsigned ofs = op->args[2], len = op->args[3];
            r = (uint64_t)((int64_t)(v[0] << (64 - ofs - len)) >> (64 - len));
            ok = true;
            break;
        }
        case INDEX_op_deposit: {
            unsigned ofs = op->args[3], len = op->args[4];
            uint64_t m = field_mask(len) << ofs;
            r = (v[0] & ~m) | ((v[1] << ofs) & m);
            ok = true;
            break;
        }
        default:
            if (def->nb_iargs == 1) {
                ok = fold_unary(op->opc, type, v[0], &r);
            } else if (def->nb_iargs == 2) {
                ok = fold_binary(op->opc, type, v[0], v[1], &r);
            }
            break;
        }
        if (ok) {
            emit_movi(o, type, d, r);
            return;
        }
    }

    if (all_const && op->nb_oargs == 2) {
        TCGTemp *dl = arg_temp(op->args[0]), *dh = arg_temp(op->args[1]);
        uint64_t lo, hi;

        switch (op->opc) {
        case INDEX_op_mulu2:
            if (type == TCG_TYPE_I64) {
                unsigned __int128 p = (unsigned __int128)v[0] * v[1];
                lo = p;
                hi = p >> 64;
            } else {
                uint64_t p = v[0] * v[1];
                lo = p;
                hi = p >> 32;
            }
            break;
        case INDEX_op_muls2:
            if (type == TCG_TYPE_I64) {
                __int128 p = (__int128)(int64_t)v[0] * (int64_t)v[1];
                lo = (uint64_t)p;
                hi = (uint64_t)((unsigned __int128)p >> 64);
            } else {
                uint64_t p = (uint64_t)((int64_t)(int32_t)v[0] *
                                        (int64_t)(int32_t)v[1]);
                lo = p;
                hi = p >> 32;
            }
            break;
        case INDEX_op_add2:
        case INDEX_op_sub2:
            if (type == TCG_TYPE_I64) {
                unsigned __int128 x = ((unsigned __int128)v[1] << 64) | v[0];
                unsigned __int128 y = ((unsigned __int128)v[3] << 64) | v[2];
                unsigned __int128 z = op->opc == INDEX_op_add2 ? x + y : x - y;
                lo = z;
                hi = z >> 64;
            } else {
                uint64_t x = (v[1] << 32) | v[0];
                uint64_t y = (v[3] << 32) | v[2];
                uint64_t z = op->opc == INDEX_op_add2 ? x + y : x - y;
                lo = z;
                hi = z >> 32;
            }
            break;
        default:
            goto no_fold;
        }
        if (dl != dh) {
            emit_movi(o, type, dl, lo);
            emit_movi(o, type, dh, hi);
            return;
        }
    }
no_fold:
    if (op->nb_oargs == 1 && op->nb_iargs == 2 && simplify_binary(o, op)) {
        return;
    }
    if (op->nb_oargs == 1 && simplify_known_bits(o, op)) {
        return;
    }
    emit_reset(o, op);
}

/* Constants go second in commutative ops and comparisons. */
static void swap_operands(Opt *o, TCGOp *op)
{
    int a, b;
    TCGArg t;

    switch (op->opc) {
    case INDEX_op_add:
    case INDEX_op_mul:
    case INDEX_op_and:
    case INDEX_op_or:
    case INDEX_op_xor:
    case INDEX_op_setcond:
    case INDEX_op_negsetcond:
    case INDEX_op_movcond:
        a = 1;
        break;
    case INDEX_op_brcond:
        a = 0;
        break;
    default:
        return;
    }
    b = a + 1;
    if (!temp_is_const(o, arg_temp(op->args[a])) ||
        temp_is_const(o, arg_temp(op->args[b]))) {
        return;
    }
    t = op->args[a];
    op->args[a] = op->args[b];
    op->args[b] = t;
    switch (op->opc) {
    case INDEX_op_setcond:
    case INDEX_op_negsetcond:
        op->args[3] = tcg_swap_cond(op->args[3]);
        break;
    case INDEX_op_brcond:
        op->args[2] = tcg_swap_cond(op->args[2]);
        break;
    case INDEX_op_movcond:
        op->args[5] = tcg_swap_cond(op->args[5]);
        break;
    default:
        break;
    }
}

static TCGOp make_op(TCGOpcode opc, TCGType type, TCGTemp *d, TCGTemp *a,
                     TCGTemp *b)
{
    TCGOp op = { .opc = opc, .type = type, .nb_oargs = 1,
                 .nb_iargs = b ? 2 : 1 };

    op.args[0] = temp_arg(d);
    op.args[1] = temp_arg(a);
    if (b) {
        op.args[2] = temp_arg(b);
    }
    return op;
}

/*
 * A 32-bit rotate done in 64 bits: "mul d, x, 0x100000001" (x known to
 * fit 32 bits: its low half copied to the high half), "rotl/rotr d, d, c",
 * "ext32u d, d". Becomes a 32-bit rotate of x. Returns how many of the
 * following input ops it consumed (0: no match).
 */
static int fold_rot32(Opt *o, const TCGOp *mul, int i)
{
    TCGContext *s = o->s;
    TCGTemp *d = arg_temp(mul->args[0]), *x = arg_temp(mul->args[1]);
    TCGTemp *k = arg_temp(mul->args[2]), *c, *t, *c32;
    const TCGOp *rot, *ext;
    TCGOp op;

    if (mul->type != TCG_TYPE_I64 || i + 2 >= s->nb_ops ||
        !temp_is_const(o, k) || temp_val(o, k) != 0x100000001ULL ||
        (temp_z(o, x) >> 32) != 0 || d->kind == TEMP_FIXED) {
        return 0;
    }
    rot = &s->ops[i + 1];
    ext = &s->ops[i + 2];
    if ((rot->opc != INDEX_op_rotl && rot->opc != INDEX_op_rotr) ||
        rot->type != TCG_TYPE_I64 || arg_temp(rot->args[0]) != d ||
        arg_temp(rot->args[1]) != d || ext->opc != INDEX_op_ext32u ||
        ext->type != TCG_TYPE_I64 || arg_temp(ext->args[0]) != d ||
        arg_temp(ext->args[1]) != d) {
        return 0;
    }
    c = canon_temp(o, arg_temp(rot->args[2]));
    if (c == d) {
        return 0;
    }
    /* rotating the doubled value by c or c + 32 is the same */
    t = tcg_temp_new_internal(TCG_TYPE_I32, TEMP_EBB);
    if (temp_is_const(o, c)) {
        c32 = const_temp(o, TCG_TYPE_I32, temp_val(o, c) & 31);
    } else {
        c32 = tcg_temp_new_internal(TCG_TYPE_I32, TEMP_EBB);
        op = make_op(INDEX_op_extrl_i64_i32, TCG_TYPE_I32, c32, c, NULL);
        emit_reset(o, &op);
    }
    op = make_op(INDEX_op_extrl_i64_i32, TCG_TYPE_I32, t, x, NULL);
    emit_reset(o, &op);
    op = make_op(rot->opc, TCG_TYPE_I32, t, t, c32);
    emit_reset(o, &op);
    op = make_op(INDEX_op_extu_i32_i64, TCG_TYPE_I64, d, t, NULL);
    emit_reset(o, &op);
    return 2;
}

void tcg_optimize(TCGContext *s)
{
    Opt opt = { .s = s }, *o = &opt;

    g_assert(s == tcg_ctx);
    o->t = g_new0(OptTemp, TCG_MAX_TEMPS);
    o->cap = s->nb_ops + 16;
    o->out = g_new(TCGOp, o->cap);
    reset_all(o, TCG_MAX_TEMPS);

    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp op = s->ops[i];
        const TCGOpDef *def = &tcg_op_defs[op.opc];

        /* Inputs by their best name. */
        for (int k = op.nb_oargs; k < op.nb_oargs + op.nb_iargs; k++) {
            op.args[k] = temp_arg(canon_temp(o, arg_temp(op.args[k])));
        }

        swap_operands(o, &op);

        switch ((TCGOpcode)op.opc) {
        case INDEX_op_nop:
            break;
        case INDEX_op_discard:
            reset_temp(o, arg_temp(op.args[0]));
            emit(o, &op);
            break;
        case INDEX_op_set_label:
            /* Constants made since need no reset: they are never linked. */
            reset_all(o, s->nb_temps);
            emit(o, &op);
            break;
        case INDEX_op_mov:
            emit_mov(o, op.type, arg_temp(op.args[0]), arg_temp(op.args[1]));
            break;
        case INDEX_op_mul: {
            int n = fold_rot32(o, &op, i);

            if (n) {
                i += n;
            } else {
                opt_arith(o, &op);
            }
            break;
        }
        case INDEX_op_call: {
            unsigned fl = tcg_call_info(&op)->flags;

            emit(o, &op);
            if (!(fl & TCG_CALL_NO_WRITE_GLOBALS)) {
                reset_globals(o);
            }
            reset_outputs(o, &op);
            break;
        }
        case INDEX_op_brcond: {
            TCGLabel *l = arg_label(op.args[3]);
            int c = fold_cond(o, op.args[2], op.type, arg_temp(op.args[0]),
                              arg_temp(op.args[1]));

            if (c == 0) {
                l->refs--;
            } else if (c == 1) {
                TCGOp br = { .opc = INDEX_op_br, .type = TCG_TYPE_I64 };

                br.args[0] = (TCGArg)l;
                emit(o, &br);
            } else {
                emit(o, &op);
            }
            break;
        }
        case INDEX_op_setcond:
        case INDEX_op_negsetcond: {
            int c = fold_cond(o, op.args[3], op.type, arg_temp(op.args[1]),
                              arg_temp(op.args[2]));

            if (c >= 0) {
                uint64_t v = c ? (op.opc == INDEX_op_setcond ? 1 : ~0ULL) : 0;
                emit_movi(o, op.type, arg_temp(op.args[0]), v);
            } else {
                emit_reset(o, &op);
            }
            break;
        }
        case INDEX_op_movcond: {
            int c = fold_cond(o, op.args[5], op.type, arg_temp(op.args[1]),
                              arg_temp(op.args[2]));

            if (c >= 0 || op.args[3] == op.args[4]) {
                TCGTemp *src = arg_temp(op.args[c == 0 ? 4 : 3]);
                emit_mov(o, op.type, arg_temp(op.args[0]), src);
            } else {
                emit_reset(o, &op);
            }
            break;
        }
        case INDEX_op_st8:
        case INDEX_op_st16:
        case INDEX_op_st32:
        case INDEX_op_st:
            emit(o, &op);
            store_env(o, &op);
            break;
        default:
            if (def->flags & (TCG_OPF_BB_END | TCG_OPF_BB_EXIT |
                              TCG_OPF_SIDE_EFFECTS) ||
                op.opc == INDEX_op_insn_start ||
                (op.opc >= INDEX_op_ld8u && op.opc <= INDEX_op_ld)) {
                emit_reset(o, &op);
            } else {
                opt_arith(o, &op);
            }
            break;
        }
    }

    g_free(s->ops);
    s->ops = o->out;
    s->nb_ops = o->nout;
    s->ops_cap = o->cap;
    if (s->ops_cap == 0) {
        s->ops_cap = 16;
        s->ops = g_renew(TCGOp, s->ops, s->ops_cap);
    }
    g_free(o->t);
}
