/*
 * The TCG intermediate representation (IR) and the code generator's
 * context. The frontend (target/i386/tcg/) emits ops with the tcg_gen_*
 * functions into the thread's TCGContext; tcg_optimize() rewrites them;
 * a backend (tcg/x86_64/ native code, tcg/interp/ interpreter) turns
 * them into something the runtime (accel/tcg/) can execute.
 *
 * See docs/devel/tcg.md for the op semantics and the rules the frontend
 * must follow (temps, globals, faults).
 */
#ifndef TCG_TCG_H
#define TCG_TCG_H

#include "qemu/osdep.h"

/* Guest state at each insn_start, for restoring after a fault. */
#define TCG_INSN_START_WORDS 2
#define TCG_MAX_OP_ARGS      16
#define TCG_MAX_TEMPS        2048
#define TCG_MAX_HELPER_ARGS  6
/* Guest instructions in one TB (also bounded by one guest page). */
#define TCG_MAX_INSNS        512

typedef enum TCGType {
    TCG_TYPE_I32 = 0,
    TCG_TYPE_I64 = 1,
    TCG_TYPE_PTR = TCG_TYPE_I64,   /* host pointers are 64-bit */
} TCGType;

/*
 * Conditions. Bit 3 set means unsigned; TSTEQ/TSTNE test (a & b) == 0
 * and (a & b) != 0.
 */
typedef enum TCGCond {
    TCG_COND_NEVER  = 0,
    TCG_COND_ALWAYS = 1,
    TCG_COND_EQ     = 8,
    TCG_COND_NE     = 9,
    TCG_COND_LT     = 2,
    TCG_COND_GE     = 3,
    TCG_COND_LE     = 4,
    TCG_COND_GT     = 5,
    TCG_COND_LTU    = 10,
    TCG_COND_GEU    = 11,
    TCG_COND_LEU    = 12,
    TCG_COND_GTU    = 13,
    TCG_COND_TSTEQ  = 6,
    TCG_COND_TSTNE  = 7,
} TCGCond;

/* Memory operation: size, signedness (little-endian guest and host). */
typedef enum MemOp {
    MO_8     = 0,
    MO_16    = 1,
    MO_32    = 2,
    MO_64    = 3,
    MO_SIZE  = 3,
    MO_SIGN  = 4,
    MO_UB    = MO_8,
    MO_UW    = MO_16,
    MO_UL    = MO_32,
    MO_UQ    = MO_64,
    MO_SB    = MO_8 | MO_SIGN,
    MO_SW    = MO_16 | MO_SIGN,
    MO_SL    = MO_32 | MO_SIGN,
    /* Raise the target's alignment fault when not naturally aligned
     * (x86: #AC only when CR0.AM & EFLAGS.AC & CPL 3; also #GP for
     * aligned SSE operands). */
    MO_ALIGN = 8,
    /* Must be done as one atomic host access (LOCK'd ops, MTTCG). */
    MO_ATOM  = 16,
} MemOp;

/* MemOp and mmu index packed into one constant argument. */
typedef uint32_t MemOpIdx;
static inline MemOpIdx make_memop_idx(MemOp op, unsigned mmu_idx)
{
    return ((uint32_t)op << 4) | mmu_idx;
}
static inline MemOp get_memop(MemOpIdx oi) { return (MemOp)(oi >> 4); }
static inline unsigned get_mmuidx(MemOpIdx oi) { return oi & 15; }

/* mb argument */
#define TCG_MO_LD_LD  0x01
#define TCG_MO_ST_LD  0x02
#define TCG_MO_LD_ST  0x04
#define TCG_MO_ST_ST  0x08
#define TCG_MO_ALL    0x0f

typedef uintptr_t TCGArg;

/* Op flags (TCGOpDef.flags). */
#define TCG_OPF_BB_END        0x01  /* ends a basic block */
#define TCG_OPF_CALL_CLOBBER  0x02  /* clobbers call-clobbered host regs */
#define TCG_OPF_SIDE_EFFECTS  0x04  /* never removed even if outputs dead */
#define TCG_OPF_BB_EXIT       0x08  /* leaves the TB */
#define TCG_OPF_COND_BRANCH   0x10
#define TCG_OPF_NOT_PRESENT   0x20  /* no host code of its own */
#define TCG_OPF_MAY_FAULT     0x40  /* globals synced to env before it */

typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg/tcg-opc.h"
#undef DEF
    NB_OPS,
} TCGOpcode;

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint8_t flags;
} TCGOpDef;
extern const TCGOpDef tcg_op_defs[NB_OPS];

typedef enum TCGTempKind {
    /* Dead at the end of its extended basic block (any set_label). */
    TEMP_EBB,
    /* Lives across the whole TB, branches and labels included. */
    TEMP_TB,
    /* A field of the CPU state (env + mem_offset), cached in registers
     * between syncs; same index in every TCGContext. */
    TEMP_GLOBAL,
    /* The env pointer: always in a fixed host register. */
    TEMP_FIXED,
    /* An immutable constant (tcg_constant_*). */
    TEMP_CONST,
} TCGTempKind;

typedef struct TCGTemp {
    TCGType type;
    TCGTempKind kind;
    int64_t val;                  /* TEMP_CONST value */
    intptr_t mem_offset;          /* TEMP_GLOBAL: offset from env */
    const char *name;             /* globals: for -d op dumps */
    bool allocated;               /* in use (not on the free list) */
    /* Scratch space for the optimizer and backends. */
    int state;
    void *state_ptr;
    int reg;                      /* backend: host register or -1 */
    int val_type;                 /* backend: where the value lives */
    intptr_t slot;                /* backend: spill slot offset */
    bool mem_coherent;            /* backend: memory copy is current */
} TCGTemp;

typedef struct TCGLabel {
    int id;
    bool present;                 /* set_label emitted */
    int refs;                     /* branches to it (optimizer) */
    uintptr_t value;              /* backend: code offset once placed */
    void *backend_data;           /* backend: pending relocations */
} TCGLabel;

typedef struct TCGOp {
    uint16_t opc;                 /* TCGOpcode */
    uint8_t type;                 /* TCGType of the operation */
    uint8_t nb_oargs, nb_iargs;   /* calls: real counts */
    uint32_t life;                /* liveness: bit i = arg i dies here */
    TCGArg args[TCG_MAX_OP_ARGS];
} TCGOp;

/* Helper calls. */
#define TCG_CALL_NO_READ_GLOBALS  0x1   /* helper does not read env globals */
#define TCG_CALL_NO_WRITE_GLOBALS 0x2   /* ... nor write them */
#define TCG_CALL_NO_SIDE_EFFECTS  0x4   /* removable when result unused */
#define TCG_CALL_NO_RWG (TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS)
#define TCG_CALL_NO_RWG_SE (TCG_CALL_NO_RWG | TCG_CALL_NO_SIDE_EFFECTS)
/* Helper may not raise an exception (longjmp out). */
#define TCG_CALL_NO_FAULT         0x8

/* Kinds of helper arguments and results (SysV ABI, integer registers). */
typedef enum TCGCallType {
    TCG_CALL_VOID,
    TCG_CALL_I32,                 /* uint32_t / int32_t */
    TCG_CALL_I64,                 /* uint64_t / int64_t / pointers */
} TCGCallType;

typedef struct TCGHelperInfo {
    void *func;
    const char *name;
    unsigned flags;               /* TCG_CALL_* */
    uint8_t nb_args;
    uint8_t ret;                  /* TCGCallType */
    uint8_t args[TCG_MAX_HELPER_ARGS];
} TCGHelperInfo;

typedef struct TranslationBlock TranslationBlock;
typedef struct TCGBackend TCGBackend;

typedef struct TCGContext {
    TCGTemp temps[TCG_MAX_TEMPS];
    int nb_globals;               /* temps[0..nb_globals) are globals */
    int nb_temps;
    TCGOp *ops;
    int nb_ops, ops_cap;
    TCGLabel **labels;
    int nb_labels, labels_cap;
    int nb_insns;                 /* insn_start ops emitted */

    /* Code buffer (set by the runtime before gen_code). */
    uint8_t *code_buf;            /* start of this TB's code */
    uint8_t *code_ptr;            /* next byte to write */
    uint8_t *code_end;            /* past the end of usable space */
    TranslationBlock *tb;
    const TCGBackend *backend;

    /*
     * Filled by the backend: for guest insn i, the offset from the TB's
     * code start of the end of its host code, and its insn_start data.
     */
    uint32_t insn_end_off[TCG_MAX_INSNS];
    uint64_t insn_data[TCG_MAX_INSNS][TCG_INSN_START_WORDS];

    /* Free lists of TEMP_EBB/TEMP_TB temps, by type and kind. */
    GArray *free_temps[2][2];
    void *backend_state;
} TCGContext;

/* The calling thread's context (each vCPU thread has one). */
extern __thread TCGContext *tcg_ctx;

/*
 * Typed handles. They encode a temp index so that the same handle names
 * the same global in every thread's context.
 */
typedef struct TCGv_i32_d *TCGv_i32;
typedef struct TCGv_i64_d *TCGv_i64;
typedef struct TCGv_ptr_d *TCGv_ptr;

static inline TCGTemp *tcgv_i32_temp(TCGv_i32 v)
{
    return &tcg_ctx->temps[(uintptr_t)v - 1];
}
static inline TCGTemp *tcgv_i64_temp(TCGv_i64 v)
{
    return &tcg_ctx->temps[(uintptr_t)v - 1];
}
static inline TCGTemp *tcgv_ptr_temp(TCGv_ptr v)
{
    return &tcg_ctx->temps[(uintptr_t)v - 1];
}
static inline int temp_idx(TCGTemp *t) { return (int)(t - tcg_ctx->temps); }
static inline TCGv_i32 temp_tcgv_i32(TCGTemp *t)
{
    return (TCGv_i32)(uintptr_t)(temp_idx(t) + 1);
}
static inline TCGv_i64 temp_tcgv_i64(TCGTemp *t)
{
    return (TCGv_i64)(uintptr_t)(temp_idx(t) + 1);
}
static inline TCGv_ptr temp_tcgv_ptr(TCGTemp *t)
{
    return (TCGv_ptr)(uintptr_t)(temp_idx(t) + 1);
}
static inline TCGTemp *arg_temp(TCGArg a) { return (TCGTemp *)a; }
static inline TCGArg temp_arg(TCGTemp *t) { return (TCGArg)t; }
static inline TCGLabel *arg_label(TCGArg a) { return (TCGLabel *)a; }

/* The env pointer (TEMP_FIXED), valid after tcg_init(). */
extern TCGv_ptr tcg_env;

/*
 * Start-up: tcg_init() creates the global template context (call once,
 * before registering globals); tcg_context_create() makes a context for
 * a vCPU thread that shares the globals.
 */
void tcg_init(void);
TCGContext *tcg_context_create(void);
TCGv_i32 tcg_global_mem_new_i32(TCGv_ptr base, intptr_t offset,
                                const char *name);
TCGv_i64 tcg_global_mem_new_i64(TCGv_ptr base, intptr_t offset,
                                const char *name);
/* Resets ops, labels and non-global temps for a new TB. */
void tcg_func_start(TCGContext *s);

TCGv_i32 tcg_temp_new_i32(void);          /* TEMP_TB */
TCGv_i64 tcg_temp_new_i64(void);
TCGv_ptr tcg_temp_new_ptr(void);
TCGv_i32 tcg_temp_ebb_new_i32(void);      /* TEMP_EBB */
TCGv_i64 tcg_temp_ebb_new_i64(void);
/* Optional: returns the temp for reuse within this TB. */
void tcg_temp_free_i32(TCGv_i32 t);
void tcg_temp_free_i64(TCGv_i64 t);
void tcg_temp_free_ptr(TCGv_ptr t);
/* Interned constants; never written, never freed. */
TCGv_i32 tcg_constant_i32(int32_t val);
TCGv_i64 tcg_constant_i64(int64_t val);
TCGv_ptr tcg_constant_ptr(intptr_t val);

TCGLabel *gen_new_label(void);

/* Emission: appends one op; returns it. */
TCGOp *tcg_emit_op(TCGOpcode opc, TCGType type, int nargs);

/* --- The op builders (tcg/tcg-op.c). 'i' variants take a constant. --- */
#define TCG_GEN_BINARY(name)                                             \
    void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);     \
    void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
#define TCG_GEN_BINARYI(name)                                            \
    void tcg_gen_##name##i_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b);     \
    void tcg_gen_##name##i_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b);
#define TCG_GEN_UNARY(name)                                              \
    void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a);                 \
    void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a);

TCG_GEN_UNARY(mov)
void tcg_gen_movi_i32(TCGv_i32 ret, int32_t val);
void tcg_gen_movi_i64(TCGv_i64 ret, int64_t val);
TCG_GEN_BINARY(add) TCG_GEN_BINARYI(add)
TCG_GEN_BINARY(sub) TCG_GEN_BINARYI(sub)
void tcg_gen_subfi_i32(TCGv_i32 ret, int32_t a, TCGv_i32 b);   /* a - b */
void tcg_gen_subfi_i64(TCGv_i64 ret, int64_t a, TCGv_i64 b);
TCG_GEN_BINARY(mul) TCG_GEN_BINARYI(mul)
TCG_GEN_BINARY(and) TCG_GEN_BINARYI(and)
TCG_GEN_BINARY(or) TCG_GEN_BINARYI(or)
TCG_GEN_BINARY(xor) TCG_GEN_BINARYI(xor)
TCG_GEN_BINARY(andc)
TCG_GEN_BINARY(shl) TCG_GEN_BINARYI(shl)
TCG_GEN_BINARY(shr) TCG_GEN_BINARYI(shr)
TCG_GEN_BINARY(sar) TCG_GEN_BINARYI(sar)
TCG_GEN_BINARY(rotl) TCG_GEN_BINARYI(rotl)
TCG_GEN_BINARY(rotr) TCG_GEN_BINARYI(rotr)
TCG_GEN_BINARY(div) TCG_GEN_BINARY(divu)
TCG_GEN_BINARY(rem) TCG_GEN_BINARY(remu)
TCG_GEN_UNARY(neg) TCG_GEN_UNARY(not)
TCG_GEN_UNARY(ext8s) TCG_GEN_UNARY(ext8u)
TCG_GEN_UNARY(ext16s) TCG_GEN_UNARY(ext16u)
void tcg_gen_ext32s_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ext32u_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_extu_i32_i64(TCGv_i64 ret, TCGv_i32 a);
void tcg_gen_ext_i32_i64(TCGv_i64 ret, TCGv_i32 a);
void tcg_gen_extrl_i64_i32(TCGv_i32 ret, TCGv_i64 a);
void tcg_gen_extrh_i64_i32(TCGv_i32 ret, TCGv_i64 a);
/* Extends per MemOp (size and MO_SIGN) within i64. */
void tcg_gen_ext_i64(TCGv_i64 ret, TCGv_i64 a, MemOp mop);
void tcg_gen_mulu2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_mulu2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_muls2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_muls2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_add2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh);
void tcg_gen_sub2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh);
void tcg_gen_extract_i32(TCGv_i32 ret, TCGv_i32 a, unsigned ofs, unsigned len);
void tcg_gen_extract_i64(TCGv_i64 ret, TCGv_i64 a, unsigned ofs, unsigned len);
void tcg_gen_sextract_i32(TCGv_i32 ret, TCGv_i32 a, unsigned ofs, unsigned len);
void tcg_gen_sextract_i64(TCGv_i64 ret, TCGv_i64 a, unsigned ofs, unsigned len);
void tcg_gen_deposit_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b,
                         unsigned ofs, unsigned len);
void tcg_gen_deposit_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b,
                         unsigned ofs, unsigned len);
TCG_GEN_UNARY(bswap16) TCG_GEN_UNARY(bswap32)
void tcg_gen_bswap64_i64(TCGv_i64 ret, TCGv_i64 a);
TCG_GEN_BINARY(clz) TCG_GEN_BINARY(ctz)
void tcg_gen_clzi_i64(TCGv_i64 ret, TCGv_i64 a, int64_t zero_val);
void tcg_gen_ctzi_i64(TCGv_i64 ret, TCGv_i64 a, int64_t zero_val);
TCG_GEN_UNARY(ctpop)
void tcg_gen_setcond_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_setcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_setcondi_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_setcondi_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_negsetcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_movcond_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2);
void tcg_gen_movcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2);
void tcg_gen_brcond_i32(TCGCond c, TCGv_i32 a, TCGv_i32 b, TCGLabel *l);
void tcg_gen_brcond_i64(TCGCond c, TCGv_i64 a, TCGv_i64 b, TCGLabel *l);
void tcg_gen_brcondi_i32(TCGCond c, TCGv_i32 a, int32_t b, TCGLabel *l);
void tcg_gen_brcondi_i64(TCGCond c, TCGv_i64 a, int64_t b, TCGLabel *l);
void tcg_gen_br(TCGLabel *l);
void tcg_gen_set_label(TCGLabel *l);

/* Host memory relative to a pointer temp (normally tcg_env). */
#define TCG_GEN_LD(name, T) \
    void tcg_gen_##name(T ret, TCGv_ptr base, intptr_t offset);
#define TCG_GEN_ST(name, T) \
    void tcg_gen_##name(T val, TCGv_ptr base, intptr_t offset);
TCG_GEN_LD(ld8u_i32, TCGv_i32) TCG_GEN_LD(ld8s_i32, TCGv_i32)
TCG_GEN_LD(ld16u_i32, TCGv_i32) TCG_GEN_LD(ld16s_i32, TCGv_i32)
TCG_GEN_LD(ld_i32, TCGv_i32)
TCG_GEN_LD(ld8u_i64, TCGv_i64) TCG_GEN_LD(ld8s_i64, TCGv_i64)
TCG_GEN_LD(ld16u_i64, TCGv_i64) TCG_GEN_LD(ld16s_i64, TCGv_i64)
TCG_GEN_LD(ld32u_i64, TCGv_i64) TCG_GEN_LD(ld32s_i64, TCGv_i64)
TCG_GEN_LD(ld_i64, TCGv_i64) TCG_GEN_LD(ld_ptr, TCGv_ptr)
TCG_GEN_ST(st8_i32, TCGv_i32) TCG_GEN_ST(st16_i32, TCGv_i32)
TCG_GEN_ST(st_i32, TCGv_i32)
TCG_GEN_ST(st8_i64, TCGv_i64) TCG_GEN_ST(st16_i64, TCGv_i64)
TCG_GEN_ST(st32_i64, TCGv_i64) TCG_GEN_ST(st_i64, TCGv_i64)
TCG_GEN_ST(st_ptr, TCGv_ptr)
void tcg_gen_addi_ptr(TCGv_ptr ret, TCGv_ptr a, intptr_t b);

/* Guest memory (addr: guest virtual address, I64). */
void tcg_gen_qemu_ld_i32(TCGv_i32 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp mop);
void tcg_gen_qemu_ld_i64(TCGv_i64 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp mop);
void tcg_gen_qemu_st_i32(TCGv_i32 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp mop);
void tcg_gen_qemu_st_i64(TCGv_i64 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp mop);

/* Calls: args are temps of the helper's argument types, in order. */
void tcg_gen_callN(const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                   TCGTemp **args);

/* Control flow out of the TB. */
void tcg_gen_insn_start(uint64_t pc, uint64_t data1);
void tcg_gen_goto_tb(unsigned n);
/* exit_tb(NULL, 0): plain return; exit_tb(tb, n): chainable slot n. */
void tcg_gen_exit_tb(const TranslationBlock *tb, unsigned idx);
/* Jumps to the TB for the current env state, or returns to the runtime
 * (via helper_lookup_tb_ptr). */
void tcg_gen_lookup_and_goto_ptr(void);
void tcg_gen_goto_ptr(TCGv_ptr target);
void tcg_gen_mb(unsigned bar);
void tcg_gen_discard_i64(TCGv_i64 t);
void tcg_gen_discard_i32(TCGv_i32 t);

/* Optimizer: constant folding, copy propagation, dead code (tcg/optimize.c). */
void tcg_optimize(TCGContext *s);
/* Liveness: fills TCGOp.life, removes dead ops (tcg/liveness.c). */
void tcg_liveness_analysis(TCGContext *s);
/* Human-readable op list for -d op / op_opt. */
void tcg_dump_ops(TCGContext *s, GString *out);

/*
 * Backends. gen_code translates tcg_ctx's ops for tb into
 * s->code_ptr..s->code_end and fills tb->tc (see translation-block.h) and
 * s->insn_end_off; returns the code size, or -1 if the buffer is too
 * small (the runtime flushes and retries), or -2 if this TB is too big
 * for the backend (the runtime retries with fewer guest insns).
 */
struct TCGBackend {
    const char *name;             /* "native", "interp" */
    /* Once per code buffer: emits shared code (prologue, stubs). */
    void (*init_code_buffer)(TCGContext *s);
    int (*gen_code)(TCGContext *s, TranslationBlock *tb);
    /* Runs TB code; returns the exit_tb value (TranslationBlock * |
     * exit index in the low 2 bits, or 0). */
    uintptr_t (*exec)(void *env, const void *tc_ptr);
    /* Patches jump slot n of tb to go to target's code (chaining) or,
     * with target NULL, back to its exit (unchaining). Atomic with
     * respect to vCPUs running the code. */
    void (*set_jmp_target)(TranslationBlock *tb, int n,
                           const TranslationBlock *target);
};

extern const TCGBackend tcg_backend_native;
extern const TCGBackend tcg_backend_interp;

/* exit_tb low bits */
#define TB_EXIT_MASK      3
#define TB_EXIT_IDX0      0
#define TB_EXIT_IDX1      1
#define TB_EXIT_REQUESTED 3   /* exit request seen at TB entry */

#endif
