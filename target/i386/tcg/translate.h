/*
 * The x86 frontend's decoder state and the services its decoders share:
 * translate.c (TB loop, operands, flags, jumps), translate-int.c and
 * translate-0f.c (integer and system opcodes), translate-fpu.c (x87) and
 * translate-sse.c (MMX/SSE). See docs/devel/tcg-x86.md.
 *
 * Conventions:
 *  - TCGv is a 64-bit value (the helper type "tl"). Guest registers are
 *    the globals cpu_regs[]; read them with gen_op_mov_v_reg() and write
 *    them with gen_op_mov_reg_v(), which implement the x86 partial-write
 *    rules (AH..BH without REX, 32-bit writes zero-extend).
 *  - Addresses: s->pc is the linear address (cs_base + eip) of the next
 *    byte to decode; s->pc_start of the current instruction; eip =
 *    linear - s->cs_base. env->eip is stored only when needed
 *    (gen_update_eip_cur() before a helper that reads env->eip).
 *  - Faults in generated loads/stores and in helpers that use
 *    cpu_loop_exit_restore(GETPC()) are precise: the runtime restores eip
 *    and cc_op from the instruction's insn_start. Read every memory
 *    operand before writing any guest register.
 *  - Lazy flags: s->cc_op is the CCOp known at translation time
 *    (CC_OP_DYNAMIC: in cpu_cc_op at run time). A decoder that sets the
 *    flags writes cpu_cc_dst/src/src2 and calls set_cc_op(); one that
 *    calls a helper reading or writing EFLAGS through env calls
 *    gen_update_cc_op() first (and set_cc_op(s, CC_OP_EFLAGS) after a
 *    helper that leaves O S Z A P C in env->cc_src).
 */
#ifndef TARGET_I386_TCG_TRANSLATE_H
#define TARGET_I386_TCG_TRANSLATE_H

#include "qemu/osdep.h"
#include <setjmp.h>
#include "tcg/tcg.h"
#include "target/i386/cpu.h"
#include "target/i386/tcg/tcg-cpu.h"

typedef TCGv_i64 TCGv;

/* Exception vectors. */
#define EXCP00_DIVZ   0
#define EXCP01_DB     1
#define EXCP02_NMI    2
#define EXCP03_INT3   3
#define EXCP04_INTO   4
#define EXCP05_BOUND  5
#define EXCP06_ILLOP  6
#define EXCP07_PREX   7
#define EXCP0D_GPF    13
#define EXCP0E_PAGE   14
#define EXCP10_COPR   16
#define EXCP11_ALGN   17
#define EXCP12_MCHK   18

/* Prefixes seen before the opcode (s->prefix). */
#define PREFIX_REPZ   0x01    /* F3 */
#define PREFIX_REPNZ  0x02    /* F2 */
#define PREFIX_LOCK   0x04    /* F0 */
#define PREFIX_DATA   0x08    /* 66 */
#define PREFIX_ADR    0x10    /* 67 */
#define PREFIX_VEX    0x20    /* C4/C5: see vex_l, vex_v, vex_w */
#define PREFIX_REX    0x40    /* a REX byte (64-bit mode) */

/* Operations of helper_atomic_rmw (desc bits 4..7). */
enum {
    X86_ATOMIC_ADD,
    X86_ATOMIC_AND,
    X86_ATOMIC_OR,
    X86_ATOMIC_XOR,
    X86_ATOMIC_XCHG,
    X86_ATOMIC_NEG,
};
#define X86_ATOMIC_DESC(ot, op, mmu_idx) \
    ((uint32_t)((ot) & MO_SIZE) | (uint32_t)(op) << 4 | \
     (uint32_t)(mmu_idx) << 8)

/* How the TB ends after the current instruction (s->base.is_jmp). */
typedef enum DisasJumpType {
    DISAS_NEXT,          /* continue with the next instruction */
    DISAS_TOO_MANY,      /* stop here (limits): chain to the next insn */
    DISAS_NORETURN,      /* the exit is already emitted (exception, jump) */
    DISAS_EOB_NEXT,      /* mode/TB-key state changed: store the next eip,
                          * leave without chaining */
    DISAS_EOB_ONLY,      /* env->eip already stored: leave, no chaining */
    DISAS_EOB_INHIBIT,   /* like EOB_NEXT, and set HF_INHIBIT_IRQ
                          * (STI, MOV SS, POP SS) */
    DISAS_JUMP,          /* env->eip stored: look the target TB up */
} DisasJumpType;

typedef struct DisasContextBase {
    TranslationBlock *tb;
    uint64_t pc_first;            /* linear pc of the TB's first insn */
    uint64_t pc_next;             /* linear pc of the next insn */
    DisasJumpType is_jmp;
    int num_insns;
    int max_insns;
} DisasContextBase;

typedef struct DisasContext {
    DisasContextBase base;
    CPUX86State *env;             /* for code fetch and feature words only */

    /* Current instruction. */
    uint64_t pc_start;            /* linear address of its first byte */
    uint64_t pc;                  /* next byte to fetch */
    int prefix;                   /* PREFIX_* */
    int override;                 /* segment override R_ES.. or -1 */
    MemOp dflag;                  /* operand size: MO_16, MO_32, MO_64 */
    MemOp aflag;                  /* address size: MO_16, MO_32, MO_64 */
    int rex_r, rex_x, rex_b;      /* 8 or 0, ready to OR into reg numbers */
    bool rex_w;
    int vex_l;                    /* VEX.L */
    int vex_v;                    /* VEX.vvvv, un-inverted (0..15) */
    int vex_map;                  /* 1 = 0F, 2 = 0F38, 3 = 0F3A */
    /*
     * Bytes of immediate that follow the ModRM/SIB/displacement: a
     * decoder sets it before gen_lea_modrm() so RIP-relative addresses
     * are computed from the end of the instruction (e.g. 1 for imm8).
     */
    int rip_offset;

    /* Translation-time constants of the TB (from tb->flags). */
    uint64_t cs_base;
    uint32_t flags;               /* hflags */
    int cpl, iopl;
    bool pe, vm86, code32, code64, ss32, addseg, lma;
    int mem_index;                /* MMU_*_IDX for guest data accesses */
    uint32_t cpuid_features[FEATURE_WORDS];   /* env->features */
    bool jmp_opt;                 /* goto_tb chaining allowed */

    /* Lazy flags state at this point of the translation. */
    CCOp cc_op;
    bool cc_op_dirty;             /* cpu_cc_op is stale */

    /* Scratch values, valid within one instruction. */
    TCGv A0;                      /* effective address (gen_lea_modrm) */
    TCGv T0, T1;                  /* operands */
    TCGv tmp0, tmp1, tmp2;
    TCGv_i32 tmp2_i32, tmp3_i32;

    /* Internal to translate.c. */
    sigjmp_buf jmpbuf;            /* instruction too long */
    TCGv tmp_pool[16];
    int tmp_used;
    bool inhibit_first;           /* TB starts in an interrupt shadow */
} DisasContext;

/* Globals (created by tcg_x86_init). */
extern TCGv cpu_regs[CPU_NB_REGS];
extern TCGv cpu_seg_base[R_NB_SEGS];
extern TCGv cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
extern TCGv_i32 cpu_cc_op;

/* Does the vCPU model have CPUID feature bit 'bit' of word 'w'? */
static inline bool x86_has_feature(DisasContext *s, FeatureWord w, int bit)
{
    return (s->cpuid_features[w] >> bit) & 1;
}

/* --- Code fetch: returns the next bytes and advances s->pc. --- */
uint8_t x86_ldub_code(DisasContext *s);
uint16_t x86_lduw_code(DisasContext *s);
uint32_t x86_ldl_code(DisasContext *s);
uint64_t x86_ldq_code(DisasContext *s);
/* An immediate of size ot (MO_64 reads 4 bytes: imm32 sign-extended). */
uint64_t insn_get(DisasContext *s, MemOp ot);
/* Signed imm8 / imm of size ot, sign-extended. */
int64_t insn_get_signed(DisasContext *s, MemOp ot);

/* --- Operands. --- */
/*
 * Decodes the memory operand of modrm (mod != 3): SIB, displacement,
 * RIP-relative (see rip_offset), default segment and overrides, and
 * returns s->A0 holding the linear address (segment base added,
 * truncated to the address size outside 64-bit mode). Valid until the
 * next gen_lea_modrm().
 */
TCGv gen_lea_modrm(DisasContext *s, int modrm);
/* Effective address without segment (LEA); in s->A0. */
TCGv gen_lea_modrm_ea(DisasContext *s, int modrm, int *def_seg);
/* Adds the segment base to an offset (in place on s->A0). */
void gen_lea_v_seg(DisasContext *s, MemOp aflag, TCGv ea, int def_seg,
                   int ovr_seg);
/* Skips a ModRM memory operand without emitting code (NOP Ev, hints). */
void gen_nop_modrm(DisasContext *s, int modrm);

/* Guest memory at a linear address with s->mem_index. val is zero- or
 * (MO_SIGN) sign-extended to 64 bits on loads. */
void gen_op_ld(DisasContext *s, MemOp ot, TCGv val, TCGv addr);
void gen_op_st(DisasContext *s, MemOp ot, TCGv val, TCGv addr);

/* Register reg of size ot (8-bit: AL..BL, AH..BH or SPL.. with REX). */
void gen_op_mov_v_reg(DisasContext *s, MemOp ot, TCGv t, int reg);
void gen_op_mov_reg_v(DisasContext *s, MemOp ot, int reg, TCGv t);
/*
 * ModRM "E" operand of size ot into/from val: a register (mod == 3,
 * reg number includes REX.B) or memory (address left in s->A0).
 */
void gen_ld_modrm(DisasContext *s, int modrm, MemOp ot, TCGv val);
/*
 * Operands whose bits above ot may be garbage, for ops that use only the
 * low ot bits: a register global itself (do not write it) or t/val.
 */
TCGv gen_reg_src(DisasContext *s, MemOp ot, TCGv t, int reg);
TCGv gen_ld_modrm_src(DisasContext *s, int modrm, MemOp ot, TCGv val);
void gen_st_modrm(DisasContext *s, int modrm, MemOp ot, TCGv val);

/* --- Flags. --- */
void set_cc_op(DisasContext *s, CCOp op);
/* Stores s->cc_op into cpu_cc_op if stale (before helpers, exits). */
void gen_update_cc_op(DisasContext *s);
/* Materialises O S Z A P C into cpu_cc_src; s->cc_op = CC_OP_EFLAGS. */
void gen_compute_eflags(DisasContext *s);
/* reg = 1 if condition b (the low nibble of Jcc/SETcc) holds, else 0. */
void gen_setcc(DisasContext *s, int b, TCGv reg);
/* Branches to l if condition b holds. */
void gen_jcc_label(DisasContext *s, int b, TCGLabel *l);

/* --- eip, exceptions, TB exits. --- */
void gen_update_eip_cur(DisasContext *s);    /* env->eip = this insn */
void gen_update_eip_next(DisasContext *s);   /* env->eip = next insn */
/* eip of this instruction's start / of the next instruction. */
uint64_t cur_eip(DisasContext *s);
uint64_t next_eip(DisasContext *s);
/* Raises vector (no error code) at the current insn; ends the TB. */
void gen_exception(DisasContext *s, int vector);
void gen_exception_err(DisasContext *s, int vector, int error_code);
void gen_exception_gpf(DisasContext *s);     /* #GP(0) */
void gen_illegal_opcode(DisasContext *s);    /* #UD */
/* Ends the TB after this insn, re-looking up state (hflags changed). */
void gen_eob_next(DisasContext *s);

/*
 * The decoders of the other x86 translation files, called by the main
 * decoder after prefixes (s->prefix, REX, VEX) have been consumed:
 *
 * disas_x87: b = the opcode byte 0xd8..0xdf, modrm already fetched
 *   (s->pc is past it). Handles #NM (CR0.EM/TS) itself.
 * disas_sse: b = opcode | map << 8, map 1 = 0F xx, 2 = 0F 38 xx,
 *   3 = 0F 3A xx (the bytes after 0F, or the VEX map with PREFIX_VEX
 *   set and vex_l/vex_v filled); modrm already fetched (s->pc past it);
 *   mandatory prefixes 66/F3/F2 are in s->prefix (PREFIX_DATA/REPZ/REPNZ
 *   and dflag reflects 66). Opcodes routed here: 0F 10-17, 28-2F, 50-7F,
 *   AE /0-/5 (memory forms: FXSAVE FXRSTOR LDMXCSR STMXCSR XSAVE XRSTOR
 *   and variants), C2-C6, D0-FF, 0F 38 00-EF, 0F 3A 00-EF, and every
 *   VEX-encoded opcode except the BMI1/BMI2 GPR ops (0F38 F0-F7, 0F3A F0).
 *   0F 0E (FEMMS) / 0F 77 (EMMS) included.
 * Both return false for an encoding they do not know: the caller raises
 * #UD. They may emit exceptions themselves (then return true).
 */
bool disas_x87(DisasContext *s, CPUX86State *env, int b, int modrm);
bool disas_sse(DisasContext *s, CPUX86State *env, int b, int modrm);

/* --- Internal to the integer/system decoders. --- */
/* A scratch TCGv from a per-TB pool, recycled at each instruction. */
TCGv tcg_tmp(DisasContext *s);
/* src zero/sign-extended from size (a scratch temp; src itself for 64). */
TCGv gen_ext_tl(DisasContext *s, TCGv src, MemOp size, bool sign);
void gen_compute_c(DisasContext *s, TCGv reg);          /* reg = CF */
void gen_cmovcc(DisasContext *s, int b, TCGv dest, TCGv src);
void gen_set_eip(DisasContext *s, TCGv eip);             /* env->eip = eip */
/* Leaves the TB; env->eip must be stored: looks the next TB up. */
void gen_jr(DisasContext *s);
/* Direct jump to eip (chained when on the TB's page), tb_num 0 or 1. */
void gen_jmp_tb(DisasContext *s, uint64_t eip, int tb_num);
/* Truncates a new eip to operand size ot (16/32 bit, 64 in long mode). */
uint64_t gen_mask_eip(DisasContext *s, MemOp ot, uint64_t eip);
/* Jump to next_eip + diff, truncated to ot. */
void gen_jmp_rel(DisasContext *s, MemOp ot, int64_t diff, int tb_num);

/* Stack (translate-int.c). Operand size of push/pop/call in this mode. */
MemOp gen_stack_op_size(DisasContext *s);
MemOp gen_stack_addr_size(DisasContext *s);
void gen_push_v(DisasContext *s, MemOp ot, TCGv val);
/* Loads the top of the stack into val (no rSP change), then
 * gen_pop_update() adds the size to rSP. */
void gen_pop_v(DisasContext *s, MemOp ot, TCGv val);
void gen_pop_update(DisasContext *s, MemOp ot);
/* Writes rSP + addend (stack address size) */
void gen_stack_update(DisasContext *s, int64_t addend);
/* Segment load with all the mode checks (translate-sys.c); val = selector.
 * May end the TB (s->base.is_jmp). */
void gen_movl_seg(DisasContext *s, int seg, TCGv val);

/* Decoders (translate-int.c, translate-sys.c): false = #UD. */
bool disas_insn_onebyte(DisasContext *s, int b);
bool disas_insn_0f(DisasContext *s, int b);
/* b = opcode | VEX map << 8. */
bool disas_insn_vex(DisasContext *s, int b);

#endif
