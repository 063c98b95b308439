/*
 * Internals of the native x86-64 backend (tcg/x86_64/), shared by the
 * encoder, the register allocator and the op emitters. See
 * docs/devel/tcg-native.md.
 */
#ifndef TCG_X86_64_NATIVE_H
#define TCG_X86_64_NATIVE_H

#include "tcg/tcg.h"

enum {
    TCG_REG_RAX, TCG_REG_RCX, TCG_REG_RDX, TCG_REG_RBX, TCG_REG_RSP, TCG_REG_RBP, TCG_REG_RSI, TCG_REG_RDI,
    TCG_REG_R8, TCG_REG_R9, TCG_REG_R10, TCG_REG_R11, TCG_REG_R12, TCG_REG_R13, TCG_REG_R14, TCG_REG_R15,
    NB_REGS
};

/* env lives in rbp for the whole TB (callee-saved, no REX for 32-bit ops). */
#define TCG_REG_ENV TCG_REG_RBP

typedef uint32_t RegSet;
#define REG_BIT(r) ((RegSet)1 << (r))
#define CALL_CLOBBER_REGS                                                \
    (REG_BIT(TCG_REG_RAX) | REG_BIT(TCG_REG_RCX) | REG_BIT(TCG_REG_RDX) | REG_BIT(TCG_REG_RSI) | \
     REG_BIT(TCG_REG_RDI) | REG_BIT(TCG_REG_R8) | REG_BIT(TCG_REG_R9) | REG_BIT(TCG_REG_R10) |   \
     REG_BIT(TCG_REG_R11))
#define ALLOC_REGS (0xffffu & ~(REG_BIT(TCG_REG_RSP) | REG_BIT(TCG_REG_ENV)))

/* Where a temp's value lives now (TCGTemp.val_type). */
enum { VAL_DEAD, VAL_REG, VAL_MEM, VAL_CONST };

/*
 * Stack frame below the callee-saved registers pushed by the prologue:
 *   rsp + 0 .. 127:   slow paths save caller-saved registers (8 * regno)
 *   rsp + 128 ...:    spill slots, 8 bytes each
 * rsp stays 16-byte aligned inside TB code.
 */
#define FRAME_SAVE_OFF 0
#define FRAME_SLOT_OFF 128
#define FRAME_NB_SLOTS 256
#define FRAME_SIZE (FRAME_SLOT_OFF + FRAME_NB_SLOTS * 8 + 8)

/* Host CPU features the emitters may use (cpuid, at first use). */
#define NATIVE_HAVE_LZCNT  0x1
#define NATIVE_HAVE_BMI1   0x2     /* tzcnt, andn */
#define NATIVE_HAVE_POPCNT 0x4
#define NATIVE_HAVE_BMI2   0x8     /* shlx/shrx/sarx */
extern unsigned native_host_features;
/* For tests: restricts the features used from now on (mask of above). */
void tcg_native_set_host_features(unsigned mask);
unsigned tcg_native_get_host_features(void);

/* A forward branch waiting for its label: rel32 field at 'at'. */
typedef struct NativeReloc {
    uint8_t *at;
    TCGLabel *label;
} NativeReloc;

/* A guest memory access's slow path, emitted after the TB's main code. */
typedef struct NativeLdst {
    bool is_ld;
    TCGType type;
    MemOpIdx oi;
    int addr_reg;                 /* or -1: constant addr_val */
    int64_t addr_val;
    int data_reg;                 /* ld: output; st: value (or -1) */
    int64_t data_val;             /* st: constant value when data_reg < 0 */
    RegSet save;                  /* live caller-saved regs to preserve */
    uint8_t *miss_at;             /* the jne's rel32 field */
    uint8_t *ret;                 /* where the fast path ends */
} NativeLdst;

typedef struct NativeCtx {
    TCGContext *s;
    uint8_t *code;                /* next byte (mirrors s->code_ptr) */
    uint8_t *limit;               /* code_end minus a safety margin */
    TCGTemp *reg_to_temp[NB_REGS];
    RegSet locked;                /* used by the op being emitted */
    RegSet scratch;               /* op-local values, freed after the op */
    int nb_slots;                 /* slots handed out so far */
    GArray *free_slots;           /* int: recycled slot numbers */
    GArray *relocs;               /* NativeReloc */
    GArray *ldst;                 /* NativeLdst */
    int64_t cval[TCG_MAX_TEMPS];  /* value of temps with VAL_CONST */
    bool too_big;                 /* out of spill slots or 16-bit offsets */
} NativeCtx;

/* --- emit.c: the instruction encoder --- */

/* Opcode flags combined with the opcode byte. */
#define P_EXT      0x100          /* 0x0f escape */
#define P_EXT38    0x200          /* 0x0f 0x38 */
#define P_EXT3A    0x400          /* 0x0f 0x3a */
#define P_DATA16   0x800          /* 0x66 */
#define P_REXW     0x1000
#define P_REXB_R   0x2000         /* reg field is a byte register */
#define P_REXB_RM  0x4000         /* rm field is a byte register */
#define P_F3       0x8000
#define P_F2       0x10000

#define OPC_ARITH_EvIz  0x81
#define OPC_ARITH_EvIb  0x83
#define OPC_ARITH_GvEv  0x03      /* | ARITH_* << 3 */
#define OPC_ADD_GvEv    0x03
#define OPC_AND_GvEv    0x23
#define OPC_OR_GvEv     0x0b
#define OPC_XOR_GvEv    0x33
#define OPC_CMP_GvEv    0x3b
#define OPC_SHIFT_1     0xd1
#define OPC_SHIFT_Ib    0xc1
#define OPC_SHIFT_cl    0xd3
#define OPC_GRP3_Ev     0xf7
#define OPC_GRP5        0xff
#define OPC_MOVL_EvGv   0x89      /* store */
#define OPC_MOVL_GvEv   0x8b      /* load */
#define OPC_MOVB_EvGv   0x88
#define OPC_MOVL_EvIz   0xc7
#define OPC_MOVB_EvIb   0xc6
#define OPC_MOVL_Iv     0xb8
#define OPC_MOVZBL      (0xb6 | P_EXT)
#define OPC_MOVZWL      (0xb7 | P_EXT)
#define OPC_MOVSBL      (0xbe | P_EXT)
#define OPC_MOVSWL      (0xbf | P_EXT)
#define OPC_MOVSLQ      (0x63 | P_REXW)
#define OPC_LEA         0x8d
#define OPC_IMUL_GvEv   (0xaf | P_EXT)
#define OPC_IMUL_GvEvIb 0x6b
#define OPC_IMUL_GvEvIz 0x69
#define OPC_TESTL       0x85
#define OPC_XCHG        0x87
#define OPC_SETCC       (0x90 | P_EXT | P_REXB_RM)
#define OPC_CMOVCC      (0x40 | P_EXT)
#define OPC_JCC_short   0x70
#define OPC_JCC_long    (0x80 | P_EXT)
#define OPC_JMP_short   0xeb
#define OPC_JMP_long    0xe9
#define OPC_CALL_Jz     0xe8
#define OPC_BSWAP       (0xc8 | P_EXT)
#define OPC_BSF         (0xbc | P_EXT)
#define OPC_BSR         (0xbd | P_EXT)
#define OPC_TZCNT       (0xbc | P_EXT | P_F3)
#define OPC_LZCNT       (0xbd | P_EXT | P_F3)
#define OPC_POPCNT      (0xb8 | P_EXT | P_F3)
#define OPC_SHLX        (0xf7 | P_EXT38 | P_DATA16)
#define OPC_SHRX        (0xf7 | P_EXT38 | P_F2)
#define OPC_SARX        (0xf7 | P_EXT38 | P_F3)
#define OPC_ANDN        (0xf2 | P_EXT38)

enum { ARITH_ADD, ARITH_OR, ARITH_ADC, ARITH_SBB,
       ARITH_AND, ARITH_SUB, ARITH_XOR, ARITH_CMP };
enum { SHIFT_ROL = 0, SHIFT_ROR = 1, SHIFT_SHL = 4, SHIFT_SHR = 5,
       SHIFT_SAR = 7 };
enum { EXT3_TEST = 0, EXT3_NOT = 2, EXT3_NEG = 3, EXT3_MUL = 4,
       EXT3_IMUL = 5, EXT3_DIV = 6, EXT3_IDIV = 7 };
enum { EXT5_CALL_Ev = 2, EXT5_JMP_Ev = 4 };

/* x86 condition codes */
enum { JCC_JO, JCC_JNO, JCC_JB, JCC_JAE, JCC_JE, JCC_JNE, JCC_JBE, JCC_JA,
       JCC_JS, JCC_JNS, JCC_JP, JCC_JNP, JCC_JL, JCC_JGE, JCC_JLE, JCC_JG };

static inline void nat_out8(NativeCtx *nc, uint8_t v)
{
    *nc->code++ = v;
}
static inline void nat_out16(NativeCtx *nc, uint16_t v)
{
    memcpy(nc->code, &v, 2);
    nc->code += 2;
}
static inline void nat_out32(NativeCtx *nc, uint32_t v)
{
    memcpy(nc->code, &v, 4);
    nc->code += 4;
}
static inline void nat_out64(NativeCtx *nc, uint64_t v)
{
    memcpy(nc->code, &v, 8);
    nc->code += 8;
}
static inline void nat_patch32(uint8_t *at, int32_t v)
{
    memcpy(at, &v, 4);
}
static inline int rexw(TCGType type)
{
    return type == TCG_TYPE_I64 ? P_REXW : 0;
}

void nat_out_opc(NativeCtx *nc, int opc, int r, int rm, int x);
void nat_out_modrm(NativeCtx *nc, int opc, int r, int rm);
/* [base + index << shift + offset]; index -1: none. */
void nat_out_modrm_sib(NativeCtx *nc, int opc, int r, int base, int index,
                       int shift, intptr_t offset);
static inline void nat_out_modrm_offset(NativeCtx *nc, int opc, int r,
                                        int base, intptr_t offset)
{
    nat_out_modrm_sib(nc, opc, r, base, -1, 0, offset);
}
/* [rip + disp] addressing target; imm_len bytes of immediate follow. */
void nat_out_modrm_rip(NativeCtx *nc, int opc, int r, const void *target,
                       int imm_len);

void nat_mov(NativeCtx *nc, TCGType type, int dst, int src);
/* keep_flags: never use xor (it would clobber EFLAGS). */
void nat_movi(NativeCtx *nc, TCGType type, int reg, int64_t val,
              bool keep_flags);
void nat_ld(NativeCtx *nc, TCGType type, int reg, int base, intptr_t off);
void nat_st(NativeCtx *nc, TCGType type, int reg, int base, intptr_t off);
/* Stores a constant without needing a register. */
void nat_sti(NativeCtx *nc, TCGType type, int64_t val, int base,
             intptr_t off);
void nat_arith_rr(NativeCtx *nc, TCGType type, int c, int dst, int src);
/* val must fit a sign-extended imm32 for I64. */
void nat_arith_ri(NativeCtx *nc, TCGType type, int c, int reg, int64_t val);
void nat_shift_ri(NativeCtx *nc, TCGType type, int c, int reg, int count);
void nat_lea(NativeCtx *nc, TCGType type, int dst, int base, int index,
             int shift, intptr_t off);
void nat_nops(NativeCtx *nc, int n);
void nat_jmp_to(NativeCtx *nc, const void *target);
void nat_call_to(NativeCtx *nc, const void *target);
/* VEX-encoded reg, vvvv, rm (BMI1/BMI2 forms). */
void nat_out_vex_modrm(NativeCtx *nc, int opc, int r, int v, int rm);
static inline bool fits_s32(int64_t v)
{
    return v == (int32_t)v;
}
static inline bool fits_s8(int64_t v)
{
    return v == (int8_t)v;
}

/* --- regalloc.c --- */
void ra_init(NativeCtx *nc);
bool ra_is_const(NativeCtx *nc, TCGTemp *ts, int64_t *val);
/* Register in allowed (not locked), spilling if needed; locks it. */
int ra_alloc(NativeCtx *nc, RegSet allowed, RegSet prefer);
/* A locked register for op-local use, released after the op. */
int ra_scratch(NativeCtx *nc, RegSet allowed);
/* Loads ts into a register in allowed and locks it. */
int ra_load(NativeCtx *nc, TCGTemp *ts, RegSet allowed);
/* Frees whatever lives in reg (storing it if needed). */
void ra_evict(NativeCtx *nc, int reg);
/* Moves reg's owner to a free register (or memory); reg keeps the value. */
void ra_move_away(NativeCtx *nc, int reg);
/* ra_move_away, then locks reg for the current op's own use. */
void ra_take(NativeCtx *nc, int reg);
/* Makes ts the owner of reg (output written). */
void ra_set_out(NativeCtx *nc, TCGTemp *ts, int reg);
void ra_set_out_const(NativeCtx *nc, TCGTemp *ts, int64_t val);
/* Memory copy of ts made current. */
void ra_sync(NativeCtx *nc, TCGTemp *ts);
void ra_free_reg(NativeCtx *nc, TCGTemp *ts);
void ra_dead(NativeCtx *nc, TCGTemp *ts);
/* Memory location of ts (allocating a frame slot if needed). */
int ra_mem_base(NativeCtx *nc, TCGTemp *ts, intptr_t *off);
void ra_sync_globals(NativeCtx *nc);
void ra_sync_bb_end(NativeCtx *nc);      /* globals and TB temps */
void ra_forget_globals(NativeCtx *nc);   /* after a call that writes them */
void ra_reset_at_label(NativeCtx *nc);
/* End of op: unlocks, frees scratch, kills args marked dead. */
void ra_op_done(NativeCtx *nc, const TCGOp *op, int nb_oargs, int nb_iargs);
/* The arg dies at this op and its register may be reused for output. */
bool ra_can_reuse(NativeCtx *nc, const TCGOp *op, int argi,
                  TCGTemp *out);
static inline bool op_arg_dead(const TCGOp *op, int i)
{
    return (op->life >> i) & 1;
}

/* --- ops.c --- */
/* Emits one op; false if the op is unknown. */
bool nat_emit_op(NativeCtx *nc, TCGOp *op);
void nat_emit_call(NativeCtx *nc, TCGOp *op);
void nat_emit_brcond(NativeCtx *nc, TCGOp *op);
int nat_cond_to_jcc(TCGCond c);
void nat_jump_label(NativeCtx *nc, int jcc, TCGLabel *l);

/* --- ldst.c --- */
void nat_emit_qemu_ld(NativeCtx *nc, TCGOp *op);
void nat_emit_qemu_st(NativeCtx *nc, TCGOp *op);
/* false if the buffer ran out */
bool nat_emit_ldst_slow_paths(NativeCtx *nc);

#endif
