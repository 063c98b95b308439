/*
 * The IR interpreter backend: the reference the native backend is
 * compared with, and a fallback on any host.
 *
 * gen_code compiles the op list into position-independent bytecode of
 * 32-bit words. Each instruction is
 *   word 0: TCGOpcode (bits 0-7), op type (bit 8), length in words
 *           (bits 16-31)
 *   then one operand word per output and input (see OPND_*), then the
 *   constant arguments (one word each; 64-bit ones take two).
 * Operands name a frame slot (EBB/TB temps), a global (read and written
 * directly in env, so globals are always in memory: nothing to sync
 * before calls and faults), a constant in the TB's pool (relative to
 * the instruction) or env itself. Branch targets are word offsets
 * relative to the branching instruction.
 *
 * goto_tb carries an aligned 8-byte slot holding the bytecode address
 * to continue at: the next instruction (its exit_tb) when unchained, or
 * the target TB's code.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg/tcg-internal.h"
#include "exec/exec-all.h"
#include "target/i386/cpu.h"

/* Operand kinds, bits 0-2; bit 3: the temp is I32; bits 4-31: payload. */
enum {
    OPND_FRAME = 0,     /* frame[payload] */
    OPND_G64 = 1,       /* *(uint64_t *)(env + payload) */
    OPND_G32 = 2,       /* *(uint32_t *)(env + payload) */
    OPND_CONST = 3,     /* 8 bytes at (insn + payload words) */
    OPND_ENV = 4,
};
#define OPND_I32      8
#define OPND_SHIFT    4
#define OPND_MAX      ((1 << 27) - 1)

__thread uintptr_t tcg_interp_retaddr;

#define ALIGN_PTR_UP(p, n) \
    ((void *)QEMU_ALIGN_UP((uintptr_t)(p), (uintptr_t)(n)))

/* ---------------- the compiler ---------------- */

typedef struct ConstFixup {
    uint32_t word;        /* operand word to patch */
    uint32_t insn;        /* start of its instruction (words) */
    uint32_t pool_idx;
} ConstFixup;

typedef struct LabelFixup {
    uint32_t word;        /* branch offset word to patch */
    uint32_t insn;
    int label;
} LabelFixup;

typedef struct InterpGen {
    TCGContext *s;
    uintptr_t base;            /* final address of word 0 */
    GArray *code;              /* uint32_t */
    GArray *pool;              /* uint64_t */
    GArray *cfix, *lfix;
    GHashTable *pool_map;      /* temp index + 1 -> pool index + 1 */
    int32_t *label_pos;        /* word offset of each label, or -1 */
    bool too_big;
} InterpGen;

static uint32_t gen_pos(InterpGen *g)
{
    return g->code->len;
}

static void gen_word(InterpGen *g, uint32_t w)
{
    g_array_append_val(g->code, w);
}

static void gen_word64(InterpGen *g, uint64_t v)
{
    gen_word(g, (uint32_t)v);
    gen_word(g, (uint32_t)(v >> 32));
}

static uint32_t opnd_word(uint32_t kind, int64_t payload, bool is32)
{
    return kind | (is32 ? OPND_I32 : 0) | ((uint32_t)payload << OPND_SHIFT);
}

static void gen_operand(InterpGen *g, uint32_t insn, TCGArg arg)
{
    TCGTemp *t = arg_temp(arg);
    bool is32 = t->type == TCG_TYPE_I32;
    int idx = temp_idx(t);

    switch (t->kind) {
    case TEMP_EBB:
    case TEMP_TB:
        gen_word(g, opnd_word(OPND_FRAME, idx - g->s->nb_globals, is32));
        break;
    case TEMP_GLOBAL:
        if (t->mem_offset > OPND_MAX || t->mem_offset < -OPND_MAX) {
            g_error("tcg interp: global %s at offset %" PRIdPTR
                    " out of range", t->name, t->mem_offset);
        }
        gen_word(g, opnd_word(is32 ? OPND_G32 : OPND_G64, t->mem_offset,
                              is32));
        break;
    case TEMP_FIXED:
        gen_word(g, opnd_word(OPND_ENV, 0, false));
        break;
    case TEMP_CONST: {
        gpointer p = g_hash_table_lookup(g->pool_map,
                                         GINT_TO_POINTER(idx + 1));
        ConstFixup f;
        uint64_t v = t->val;

        if (!p) {
            g_array_append_val(g->pool, v);
            p = GINT_TO_POINTER(g->pool->len);
            g_hash_table_insert(g->pool_map, GINT_TO_POINTER(idx + 1), p);
        }
        f.word = gen_pos(g);
        f.insn = insn;
        f.pool_idx = GPOINTER_TO_INT(p) - 1;
        g_array_append_val(g->cfix, f);
        gen_word(g, opnd_word(OPND_CONST, 0, is32));
        break;
    }
    }
}

static void gen_label_ref(InterpGen *g, uint32_t insn, TCGLabel *l)
{
    LabelFixup f = { .word = gen_pos(g), .insn = insn, .label = l->id };

    g_array_append_val(g->lfix, f);
    gen_word(g, 0);
}

static uint32_t gen_start(InterpGen *g, const TCGOp *op)
{
    uint32_t pos = gen_pos(g);

    gen_word(g, op->opc | (op->type == TCG_TYPE_I64 ? 0x100 : 0));
    return pos;
}

static void gen_finish(InterpGen *g, uint32_t insn)
{
    uint32_t *w = &g_array_index(g->code, uint32_t, insn);
    uint32_t len = gen_pos(g) - insn;

    g_assert(len < 0x10000);
    *w |= len << 16;
}

static void gen_temps(InterpGen *g, uint32_t insn, const TCGOp *op)
{
    int n = op->nb_oargs + op->nb_iargs;

    for (int i = 0; i < n; i++) {
        gen_operand(g, insn, op->args[i]);
    }
}

static void gen_goto_tb(InterpGen *g, TranslationBlock *tb, const TCGOp *op)
{
    uint32_t insn = gen_start(g, op);
    unsigned n = op->args[0];
    uint32_t slot, reset;

    /* Pad so that the slot is 8-byte aligned in its final place. */
    while ((g->base + (gen_pos(g) * 4)) & 7) {
        gen_word(g, 0);
    }
    slot = gen_pos(g);
    reset = slot + 2;
    gen_word64(g, g->base + reset * 4);
    gen_finish(g, insn);
    if (slot * 4 > 0xffff || reset * 4 > 0xffff) {
        g->too_big = true;
        return;
    }
    tb->jmp_insn_offset[n] = slot * 4;
    tb->jmp_reset_offset[n] = reset * 4;
}

static int interp_gen_code(TCGContext *s, TranslationBlock *tb)
{
    InterpGen gen = { .s = s }, *g = &gen;
    uint8_t *start = (uint8_t *)ALIGN_PTR_UP(s->code_ptr, 8);
    int insn_idx = -1;
    size_t code_bytes, pool_off, total;
    int ret;

    g->base = (uintptr_t)start;
    g->code = g_array_sized_new(false, false, sizeof(uint32_t),
                                s->nb_ops * 4 + 16);
    g->pool = g_array_new(false, false, sizeof(uint64_t));
    g->cfix = g_array_new(false, false, sizeof(ConstFixup));
    g->lfix = g_array_new(false, false, sizeof(LabelFixup));
    g->pool_map = g_hash_table_new(NULL, NULL);
    g->label_pos = g_new(int32_t, s->nb_labels + 1);
    for (int i = 0; i < s->nb_labels; i++) {
        g->label_pos[i] = -1;
    }
    tb->jmp_insn_offset[0] = tb->jmp_insn_offset[1] = 0xffff;
    tb->jmp_reset_offset[0] = tb->jmp_reset_offset[1] = 0xffff;

    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        uint32_t insn;

        switch ((TCGOpcode)op->opc) {
        case INDEX_op_nop:
        case INDEX_op_discard:
            continue;
        case INDEX_op_insn_start:
            if (insn_idx >= 0) {
                s->insn_end_off[insn_idx] = gen_pos(g) * 4;
            }
            insn_idx++;
            s->insn_data[insn_idx][0] = op->args[0];
            s->insn_data[insn_idx][1] = op->args[1];
            continue;
        case INDEX_op_set_label:
            g->label_pos[arg_label(op->args[0])->id] = gen_pos(g);
            continue;
        case INDEX_op_goto_tb:
            gen_goto_tb(g, tb, op);
            continue;
        case INDEX_op_br:
            insn = gen_start(g, op);
            gen_label_ref(g, insn, arg_label(op->args[0]));
            break;
        case INDEX_op_brcond:
            insn = gen_start(g, op);
            gen_temps(g, insn, op);
            gen_word(g, op->args[2]);
            gen_label_ref(g, insn, arg_label(op->args[3]));
            break;
        case INDEX_op_exit_tb:
            insn = gen_start(g, op);
            gen_word64(g, op->args[0]);
            break;
        case INDEX_op_call:
            insn = gen_start(g, op);
            gen_word(g, op->nb_oargs | (op->nb_iargs << 8));
            gen_temps(g, insn, op);
            gen_word64(g, (uintptr_t)tcg_call_info(op));
            break;
        default: {
            int nc = tcg_op_nb_cargs(op);
            int nt = op->nb_oargs + op->nb_iargs;

            insn = gen_start(g, op);
            gen_temps(g, insn, op);
            for (int j = 0; j < nc; j++) {
                gen_word(g, (uint32_t)op->args[nt + j]);
            }
            break;
        }
        }
        gen_finish(g, insn);
    }
    if (insn_idx >= 0) {
        s->insn_end_off[insn_idx] = gen_pos(g) * 4;
    }

    /* Pool after the code, 8-byte aligned. */
    code_bytes = gen_pos(g) * 4;
    pool_off = QEMU_ALIGN_UP(g->base + code_bytes, 8) - g->base;
    total = pool_off + g->pool->len * 8;

    for (guint i = 0; i < g->cfix->len; i++) {
        ConstFixup *f = &g_array_index(g->cfix, ConstFixup, i);
        int64_t rel = (int64_t)(pool_off / 4 + f->pool_idx * 2) - f->insn;

        g_assert(rel <= OPND_MAX);
        g_array_index(g->code, uint32_t, f->word) |= (uint32_t)rel
                                                     << OPND_SHIFT;
    }
    for (guint i = 0; i < g->lfix->len; i++) {
        LabelFixup *f = &g_array_index(g->lfix, LabelFixup, i);
        int32_t pos = g->label_pos[f->label];

        g_assert(pos >= 0);     /* branch to a label never set */
        g_array_index(g->code, uint32_t, f->word) = (uint32_t)(pos - f->insn);
    }

    if (g->too_big) {
        ret = -2;
    } else if (start + total > s->code_end) {
        ret = -1;
    } else {
        memcpy(start, g->code->data, code_bytes);
        memset(start + code_bytes, 0, pool_off - code_bytes);
        if (g->pool->len) {
            memcpy(start + pool_off, g->pool->data, g->pool->len * 8);
        }
        tb->tc.ptr = start;
        tb->tc.size = total;
        ret = start + total - s->code_ptr;
    }

    g_array_free(g->code, true);
    g_array_free(g->pool, true);
    g_array_free(g->cfix, true);
    g_array_free(g->lfix, true);
    g_hash_table_destroy(g->pool_map);
    g_free(g->label_pos);
    return ret;
}

static void interp_init_code_buffer(TCGContext *s)
{
    /* The epilogue: one exit_tb 0 that goto_ptr can jump to. */
    uint32_t *p = (uint32_t *)ALIGN_PTR_UP(s->code_ptr, 8);

    g_assert((uint8_t *)(p + 4) <= s->code_end);
    p[0] = INDEX_op_exit_tb | 0x100 | (3 << 16);
    p[1] = 0;
    p[2] = 0;
    p[3] = 0;
    tcg_code_gen_epilogue = p;
    s->code_ptr = (uint8_t *)(p + 4);
}

static void interp_set_jmp_target(TranslationBlock *tb, int n,
                                  const TranslationBlock *target)
{
    uint8_t *code = tb->tc.ptr;
    uintptr_t *slot = (uintptr_t *)(code + tb->jmp_insn_offset[n]);
    uintptr_t dest = target ? (uintptr_t)target->tc.ptr
                            : (uintptr_t)(code + tb->jmp_reset_offset[n]);

    g_assert(tb->jmp_insn_offset[n] != 0xffff);
    __atomic_store_n(slot, dest, __ATOMIC_RELEASE);
}

/* ---------------- the interpreter ---------------- */

static inline uint64_t rd(const uint32_t *insn, uint32_t w,
                          const uint64_t *frame, uint8_t *env)
{
    int32_t payload = (int32_t)w >> OPND_SHIFT;
    uint64_t v;

    switch (w & 7) {
    case OPND_FRAME:
        v = frame[payload];
        break;
    case OPND_G64:
        memcpy(&v, env + payload, 8);
        break;
    case OPND_G32: {
        uint32_t v32;

        memcpy(&v32, env + payload, 4);
        return v32;
    }
    case OPND_CONST:
        memcpy(&v, insn + payload, 8);
        break;
    default:
        return (uintptr_t)env;
    }
    return (w & OPND_I32) ? (uint32_t)v : v;
}

static inline void wr(uint32_t w, uint64_t v, uint64_t *frame, uint8_t *env)
{
    int32_t payload = (int32_t)w >> OPND_SHIFT;

    if (w & OPND_I32) {
        v = (uint32_t)v;
    }
    switch (w & 7) {
    case OPND_FRAME:
        frame[payload] = v;
        break;
    case OPND_G64:
        memcpy(env + payload, &v, 8);
        break;
    case OPND_G32: {
        uint32_t v32 = v;

        memcpy(env + payload, &v32, 4);
        break;
    }
    default:
        g_assert_not_reached();     /* constants and env are read-only */
    }
}

/* Extends a loaded value per memop. */
static uint64_t ld_extend(uint64_t v, MemOp mop)
{
    switch (mop & (MO_SIZE | MO_SIGN)) {
    case MO_UB: return (uint8_t)v;
    case MO_SB: return (int8_t)v;
    case MO_UW: return (uint16_t)v;
    case MO_SW: return (int16_t)v;
    case MO_UL: return (uint32_t)v;
    case MO_SL: return (int32_t)v;
    default:    return v;
    }
}

/* The inline soft-TLB probe (exec/cpu-tlb.h); NULL means slow path. */
static void *tlb_fast(uint8_t *env, uint64_t addr, MemOpIdx oi, bool store)
{
    CPUTLB *tlb = (CPUTLB *)(env + TLB_ENV_OFFSET);
    MemOp mop = get_memop(oi);
    unsigned size = 1u << (mop & MO_SIZE);
    CPUTLBEntry *e = &tlb->table[get_mmuidx(oi)]
                                [(addr >> TARGET_PAGE_BITS) &
                                 (CPU_TLB_SIZE - 1)];
    uint64_t cmp = store ? e->addr_write : e->addr_read;

    if ((addr & TARGET_PAGE_MASK) != cmp ||
        (addr & ~TARGET_PAGE_MASK) + size > TARGET_PAGE_SIZE) {
        return NULL;
    }
    if ((mop & (MO_ALIGN | MO_ATOM)) && (addr & (size - 1))) {
        return NULL;
    }
    return (void *)(uintptr_t)(addr + e->addend);
}

static uint64_t host_load(void *p, MemOp mop)
{
    uint64_t v = 0;

    if (mop & MO_ATOM) {
        switch (mop & MO_SIZE) {
        case MO_8:  v = __atomic_load_n((uint8_t *)p, __ATOMIC_RELAXED); break;
        case MO_16: v = __atomic_load_n((uint16_t *)p, __ATOMIC_RELAXED); break;
        case MO_32: v = __atomic_load_n((uint32_t *)p, __ATOMIC_RELAXED); break;
        default:    v = __atomic_load_n((uint64_t *)p, __ATOMIC_RELAXED); break;
        }
    } else {
        memcpy(&v, p, 1u << (mop & MO_SIZE));     /* little-endian host */
    }
    return v;
}

static void host_store(void *p, uint64_t v, MemOp mop)
{
    if (mop & MO_ATOM) {
        switch (mop & MO_SIZE) {
        case MO_8:  __atomic_store_n((uint8_t *)p, v, __ATOMIC_RELAXED); break;
        case MO_16: __atomic_store_n((uint16_t *)p, v, __ATOMIC_RELAXED); break;
        case MO_32: __atomic_store_n((uint32_t *)p, v, __ATOMIC_RELAXED); break;
        default:    __atomic_store_n((uint64_t *)p, v, __ATOMIC_RELAXED); break;
        }
    } else {
        memcpy(p, &v, 1u << (mop & MO_SIZE));
    }
}

typedef uint64_t (*HelperFn)(uint64_t, uint64_t, uint64_t, uint64_t,
                             uint64_t, uint64_t);

static uint64_t do_call(const TCGHelperInfo *info, const uint64_t *a)
{
    /* SysV: extra integer arguments are ignored by the callee. */
    HelperFn fn = (HelperFn)info->func;

    return fn(a[0], a[1], a[2], a[3], a[4], a[5]);
}

static uint64_t bswap_n(uint64_t v, int bytes)
{
    switch (bytes) {
    case 2:  return __builtin_bswap16((uint16_t)v);
    case 4:  return __builtin_bswap32((uint32_t)v);
    default: return __builtin_bswap64(v);
    }
}

static uintptr_t interp_exec(void *env_ptr, const void *tc_ptr)
{
    uint8_t *env = env_ptr;
    uint64_t frame[TCG_MAX_TEMPS];
    const uint32_t *pc = tc_ptr;

    tcg_interp_retaddr = 0;
    for (;;) {
        const uint32_t *insn = pc;
        uint32_t w0 = insn[0];
        bool is64 = w0 & 0x100;
        unsigned width = is64 ? 64 : 32;
        uint64_t a, b, r;

#define R(i) rd(insn, insn[1 + (i)], frame, env)
#define W(i, v) wr(insn[1 + (i)], (v), frame, env)
#define C(i) insn[1 + (i)]
#define SX(v) (is64 ? (int64_t)(v) : (int64_t)(int32_t)(v))

        pc = insn + (w0 >> 16);
        switch ((TCGOpcode)(w0 & 0xff)) {
        case INDEX_op_br:
            pc = insn + (int32_t)C(0);
            break;
        case INDEX_op_brcond:
            if (tcg_eval_cond(C(2), is64 ? TCG_TYPE_I64 : TCG_TYPE_I32,
                              R(0), R(1))) {
                pc = insn + (int32_t)C(3);
            }
            break;
        case INDEX_op_call: {
            unsigned nout = C(0) & 0xff, nin = C(0) >> 8;
            uint64_t args[TCG_MAX_HELPER_ARGS] = { 0 };
            const TCGHelperInfo *info;
            uint64_t fp;

            for (unsigned i = 0; i < nin; i++) {
                args[i] = rd(insn, insn[2 + nout + i], frame, env);
            }
            memcpy(&fp, &insn[2 + nout + nin], 8);
            info = (const TCGHelperInfo *)(uintptr_t)fp;
            /* GETPC() in the helper: this op's place in the TB. */
            tcg_interp_retaddr = (uintptr_t)pc;
            r = do_call(info, args);
            tcg_interp_retaddr = 0;
            if (nout) {
                if (info->ret == TCG_CALL_I32) {
                    r = (uint32_t)r;
                }
                wr(insn[2], r, frame, env);
            }
            break;
        }
        case INDEX_op_goto_tb: {
            const uintptr_t *slot =
                (const uintptr_t *)ALIGN_PTR_UP(insn + 1, 8);

            pc = (const uint32_t *)__atomic_load_n(slot, __ATOMIC_ACQUIRE);
            break;
        }
        case INDEX_op_exit_tb:
            memcpy(&r, &insn[1], 8);
            return r;
        case INDEX_op_goto_ptr:
            pc = (const uint32_t *)(uintptr_t)R(0);
            break;
        case INDEX_op_mb:
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            break;

        case INDEX_op_mov:
            W(0, R(1));
            break;
        case INDEX_op_ld8u: {
            uint8_t v;
            memcpy(&v, (uint8_t *)(uintptr_t)R(1) + (int32_t)C(2), 1);
            W(0, v);
            break;
        }
        case INDEX_op_ld8s: {
            int8_t v;
            memcpy(&v, (uint8_t *)(uintptr_t)R(1) + (int32_t)C(2), 1);
            W(0, (int64_t)v);
            break;
        }
        case INDEX_op_ld16u: {
            uint16_t v;
            memcpy(&v, (uint8_t *)(uintptr_t)R(1) + (int32_t)C(2), 2);
            W(0, v);
            break;
        }
        case INDEX_op_ld16s: {
            int16_t v;
            memcpy(&v, (uint8_t *)(uintptr_t)R(1) + (int32_t)C(2), 2);
            W(0, (int64_t)v);
            break;
        }
        case INDEX_op_ld32u: {
            uint32_t v;
            memcpy(&v, (uint8_t *)(uintptr_t)R(1) + (int32_t)C(2), 4);
            W(0, v);
            break;
        }
        case INDEX_op_ld32s: {
            int32_t v;
            memcpy(&v, (uint8_t *)(uintptr_t)R(1) + (int32_t)C(2), 4);
            W(0, (int64_t)v);
            break;
        }
        case INDEX_op_ld: {
            uint64_t v = 0;
            memcpy(&v, (uint8_t *)(uintptr_t)R(1) + (int32_t)C(2),
                   is64 ? 8 : 4);
            W(0, v);
            break;
        }
        case INDEX_op_st8:
        case INDEX_op_st16:
        case INDEX_op_st32:
        case INDEX_op_st: {
            unsigned opc = w0 & 0xff;
            unsigned n = opc == INDEX_op_st8 ? 1 : opc == INDEX_op_st16 ? 2
                       : opc == INDEX_op_st32 ? 4 : is64 ? 8 : 4;
            uint64_t v = R(0);
            memcpy((uint8_t *)(uintptr_t)R(1) + (int32_t)C(2), &v, n);
            break;
        }

        case INDEX_op_add:
            W(0, R(1) + R(2));
            break;
        case INDEX_op_sub:
            W(0, R(1) - R(2));
            break;
        case INDEX_op_mul:
            W(0, R(1) * R(2));
            break;
        case INDEX_op_neg:
            W(0, -R(1));
            break;
        case INDEX_op_and:
            W(0, R(1) & R(2));
            break;
        case INDEX_op_or:
            W(0, R(1) | R(2));
            break;
        case INDEX_op_xor:
            W(0, R(1) ^ R(2));
            break;
        case INDEX_op_andc:
            W(0, R(1) & ~R(2));
            break;
        case INDEX_op_not:
            W(0, ~R(1));
            break;
        case INDEX_op_shl:
            W(0, R(1) << (R(2) & (width - 1)));
            break;
        case INDEX_op_shr:
            W(0, R(1) >> (R(2) & (width - 1)));
            break;
        case INDEX_op_sar:
            W(0, (uint64_t)(SX(R(1)) >> (R(2) & (width - 1))));
            break;
        case INDEX_op_rotl:
        case INDEX_op_rotr: {
            unsigned c = R(2) & (width - 1);

            a = R(1);
            if ((w0 & 0xff) == INDEX_op_rotr) {
                c = (width - c) & (width - 1);
            }
            r = c ? (a << c) | (a >> (width - c)) : a;
            W(0, r);
            break;
        }
        case INDEX_op_mulu2:
            a = R(2);
            b = R(3);
            if (is64) {
                unsigned __int128 p = (unsigned __int128)a * b;
                W(0, (uint64_t)p);
                W(1, (uint64_t)(p >> 64));
            } else {
                r = a * b;
                W(0, r);
                W(1, r >> 32);
            }
            break;
        case INDEX_op_muls2:
            a = R(2);
            b = R(3);
            if (is64) {
                __int128 p = (__int128)(int64_t)a * (int64_t)b;
                W(0, (uint64_t)p);
                W(1, (uint64_t)((unsigned __int128)p >> 64));
            } else {
                r = (uint64_t)((int64_t)(int32_t)a * (int64_t)(int32_t)b);
                W(0, r);
                W(1, r >> 32);
            }
            break;
        case INDEX_op_add2:
        case INDEX_op_sub2: {
            uint64_t al = R(2), ah = R(3), bl = R(4), bh = R(5);
            bool add = (w0 & 0xff) == INDEX_op_add2;

            if (is64) {
                unsigned __int128 x = ((unsigned __int128)ah << 64) | al;
                unsigned __int128 y = ((unsigned __int128)bh << 64) | bl;
                unsigned __int128 z = add ? x + y : x - y;
                W(0, (uint64_t)z);
                W(1, (uint64_t)(z >> 64));
            } else {
                uint64_t x = (ah << 32) | (uint32_t)al;
                uint64_t y = (bh << 32) | (uint32_t)bl;
                uint64_t z = add ? x + y : x - y;
                W(0, z);
                W(1, z >> 32);
            }
            break;
        }
        case INDEX_op_div:
        case INDEX_op_rem: {
            int64_t x = SX(R(1)), y = SX(R(2)), q, m;
            /* Never passed by the frontend; must not trap the host. */
            if (y == 0) {
                q = 0;
                m = x;
            } else if (y == -1) {
                q = (int64_t)(0 - (uint64_t)x);
                m = 0;
            } else {
                q = x / y;
                m = x % y;
            }
            W(0, (w0 & 0xff) == INDEX_op_div ? (uint64_t)q : (uint64_t)m);
            break;
        }
        case INDEX_op_divu:
        case INDEX_op_remu:
            a = R(1);
            b = R(2);
            if (b == 0) {
                r = (w0 & 0xff) == INDEX_op_divu ? 0 : a;
            } else {
                r = (w0 & 0xff) == INDEX_op_divu ? a / b : a % b;
            }
            W(0, r);
            break;
        case INDEX_op_ext8s:
            W(0, (int64_t)(int8_t)R(1));
            break;
        case INDEX_op_ext8u:
            W(0, (uint8_t)R(1));
            break;
        case INDEX_op_ext16s:
            W(0, (int64_t)(int16_t)R(1));
            break;
        case INDEX_op_ext16u:
            W(0, (uint16_t)R(1));
            break;
        case INDEX_op_ext32s:
        case INDEX_op_ext_i32_i64:
            W(0, (int64_t)(int32_t)R(1));
            break;
        case INDEX_op_ext32u:
        case INDEX_op_extu_i32_i64:
        case INDEX_op_extrl_i64_i32:
            W(0, (uint32_t)R(1));
            break;
        case INDEX_op_extrh_i64_i32:
            W(0, R(1) >> 32);
            break;
        case INDEX_op_extract: {
            unsigned ofs = C(2), len = C(3);
            W(0, (R(1) >> ofs) & (len == 64 ? ~0ULL : (1ULL << len) - 1));
            break;
        }
        case INDEX_op_sextract: {
            unsigned ofs = C(2), len = C(3);
            W(0, (uint64_t)((int64_t)(R(1) << (64 - ofs - len)) >> (64 - len)));
            break;
        }
        case INDEX_op_deposit: {
            unsigned ofs = C(3), len = C(4);
            uint64_t m = (len == 64 ? ~0ULL : (1ULL << len) - 1) << ofs;
            W(0, (R(1) & ~m) | ((R(2) << ofs) & m));
            break;
        }
        case INDEX_op_bswap16:
            W(0, bswap_n(R(1), 2));
            break;
        case INDEX_op_bswap32:
            W(0, bswap_n(R(1), 4));
            break;
        case INDEX_op_bswap64:
            W(0, bswap_n(R(1), 8));
            break;
        case INDEX_op_clz:
            a = R(1);
            if (!a) {
                r = R(2);
            } else {
                r = is64 ? __builtin_clzll(a) : __builtin_clz((uint32_t)a);
            }
            W(0, r);
            break;
        case INDEX_op_ctz:
            a = R(1);
            W(0, a ? (uint64_t)__builtin_ctzll(a) : R(2));
            break;
        case INDEX_op_ctpop:
            W(0, __builtin_popcountll(R(1)));
            break;
        case INDEX_op_setcond:
        case INDEX_op_negsetcond: {
            bool c = tcg_eval_cond(C(3), is64 ? TCG_TYPE_I64 : TCG_TYPE_I32,
                                   R(1), R(2));
            if ((w0 & 0xff) == INDEX_op_negsetcond) {
                W(0, c ? ~0ULL : 0);
            } else {
                W(0, c);
            }
            break;
        }
        case INDEX_op_movcond: {
            bool c = tcg_eval_cond(C(5), is64 ? TCG_TYPE_I64 : TCG_TYPE_I32,
                                   R(1), R(2));
            W(0, c ? R(3) : R(4));
            break;
        }
        case INDEX_op_qemu_ld: {
            uint64_t addr = R(1);
            MemOpIdx oi = C(2);
            void *host = tlb_fast(env, addr, oi, false);

            if (host) {
                r = host_load(host, get_memop(oi));
            } else {
                tcg_interp_retaddr = (uintptr_t)pc;
                r = helper_ld_mmu((CPUArchState *)env, addr, oi,
                                  (uintptr_t)pc);
                tcg_interp_retaddr = 0;
            }
            W(0, ld_extend(r, get_memop(oi)));
            break;
        }
        case INDEX_op_qemu_st: {
            uint64_t v = R(0), addr = R(1);
            MemOpIdx oi = C(2);
            void *host = tlb_fast(env, addr, oi, true);

            if (host) {
                host_store(host, v, get_memop(oi));
            } else {
                tcg_interp_retaddr = (uintptr_t)pc;
                helper_st_mmu((CPUArchState *)env, addr, v, oi,
                              (uintptr_t)pc);
                tcg_interp_retaddr = 0;
            }
            break;
        }
        default:
            g_error("tcg interp: bad opcode %u at %p", w0 & 0xff, insn);
        }
#undef R
#undef W
#undef C
#undef SX
    }
}

const TCGBackend tcg_backend_interp = {
    .name = "interp",
    .init_code_buffer = interp_init_code_buffer,
    .gen_code = interp_gen_code,
    .exec = interp_exec,
    .set_jmp_target = interp_set_jmp_target,
};
