/*
 * Shared between the x87/MMX/SSE helpers and their decoders
 * (fpu_helper.c, sse_helper.c, xsave_helper.c, translate-fpu.c,
 * translate-sse.c). Not an interface for other subsystems.
 */
#ifndef TARGET_I386_TCG_FPU_INTERNAL_H
#define TARGET_I386_TCG_FPU_INTERNAL_H

#include "target/i386/tcg/tcg-cpu.h"

/* x87 status word */
#define FPUS_IE  0x0001
#define FPUS_DE  0x0002
#define FPUS_ZE  0x0004
#define FPUS_OE  0x0008
#define FPUS_UE  0x0010
#define FPUS_PE  0x0020
#define FPUS_SF  0x0040
#define FPUS_ES  0x0080
#define FPUS_C0  0x0100
#define FPUS_C1  0x0200
#define FPUS_C2  0x0400
#define FPUS_C3  0x4000
#define FPUS_B   0x8000
#define FPUS_CC  (FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3)
#define FPUS_EXC 0x003f

/* fst_mem kinds */
enum {
    FST_M32, FST_M64, FST_M80, FST_I16, FST_I32, FST_I64, FST_BCD,
    FST_KIND_MASK = 7,
    FST_POP = 8,
    FST_TRUNC = 16,
};

/* xsave/xrstor kinds */
#define XSAVE_KIND_STD   0
#define XSAVE_KIND_OPT   1
#define XSAVE_KIND_C     2
#define XSAVE_KIND_REXW  0x10

/* x87 control word */
#define FPUC_EXC_MASK 0x003f
#define FPUC_PC_SHIFT 8
#define FPUC_RC_SHIFT 10

/* MXCSR */
#define MXCSR_IE  0x0001
#define MXCSR_DE  0x0002
#define MXCSR_ZE  0x0004
#define MXCSR_OE  0x0008
#define MXCSR_UE  0x0010
#define MXCSR_PE  0x0020
#define MXCSR_EXC 0x003f
#define MXCSR_DAZ 0x0040
#define MXCSR_MASK_SHIFT 7
#define MXCSR_RC_SHIFT 13
#define MXCSR_FTZ 0x8000
/* Writable MXCSR bits (MXCSR_MASK reported by FXSAVE). */
#define MXCSR_WRITABLE 0xffff

/* CR0 / CR4 bits the FPU code looks at */
#define FPU_CR0_MP (1u << 1)
#define FPU_CR0_EM (1u << 2)
#define FPU_CR0_TS (1u << 3)
#define FPU_CR0_NE (1u << 5)
#define FPU_CR4_OSFXSR     (1u << 9)
#define FPU_CR4_OSXMMEXCPT (1u << 10)
#define FPU_CR4_OSXSAVE    (1u << 18)

/* Exception vectors */
#define FPU_EXCP_UD 6
#define FPU_EXCP_NM 7
#define FPU_EXCP_GP 13
#define FPU_EXCP_MF 16
#define FPU_EXCP_XM 19

/* XSAVE state components */
#define XSTATE_X87 (1ull << 0)
#define XSTATE_SSE (1ull << 1)
#define XSTATE_YMM (1ull << 2)

/* CPUID feature bits, as (word, bit) pairs for fpu_has_feature(). */
typedef enum FpuFeature {
    FPUF_FPU, FPUF_CMOV, FPUF_MMX, FPUF_FXSR, FPUF_SSE, FPUF_SSE2,
    FPUF_SSE3, FPUF_PCLMUL, FPUF_SSSE3, FPUF_SSE41, FPUF_SSE42,
    FPUF_POPCNT, FPUF_AES, FPUF_XSAVE, FPUF_MMXEXT, FPUF_XSAVEOPT,
    FPUF_XSAVEC, FPUF_SSE4A,
    FPUF_NB,
    /* SSE-era MMX-register instructions: SSE, or AMD's MMXEXT */
    FPUF_SSE_MMX = FPUF_NB,
} FpuFeature;

static inline bool fpu_has_feature(const CPUX86State *env, FpuFeature f)
{
    static const struct { uint8_t word, bit; } map[FPUF_NB] = {
        [FPUF_FPU] = { FEAT_1_EDX, 0 },
        [FPUF_CMOV] = { FEAT_1_EDX, 15 },
        [FPUF_MMX] = { FEAT_1_EDX, 23 },
        [FPUF_FXSR] = { FEAT_1_EDX, 24 },
        [FPUF_SSE] = { FEAT_1_EDX, 25 },
        [FPUF_SSE2] = { FEAT_1_EDX, 26 },
        [FPUF_SSE3] = { FEAT_1_ECX, 0 },
        [FPUF_PCLMUL] = { FEAT_1_ECX, 1 },
        [FPUF_SSSE3] = { FEAT_1_ECX, 9 },
        [FPUF_SSE41] = { FEAT_1_ECX, 19 },
        [FPUF_SSE42] = { FEAT_1_ECX, 20 },
        [FPUF_POPCNT] = { FEAT_1_ECX, 23 },
        [FPUF_AES] = { FEAT_1_ECX, 25 },
        [FPUF_XSAVE] = { FEAT_1_ECX, 26 },
        [FPUF_MMXEXT] = { FEAT_8000_0001_EDX, 22 },
        [FPUF_XSAVEOPT] = { FEAT_XSAVE, 0 },
        [FPUF_XSAVEC] = { FEAT_XSAVE, 1 },
        [FPUF_SSE4A] = { FEAT_8000_0001_ECX, 6 },
    };
    if (f == FPUF_SSE_MMX) {
        return fpu_has_feature(env, FPUF_SSE) ||
               fpu_has_feature(env, FPUF_MMXEXT);
    }
    return (env->features[map[f].word] >> map[f].bit) & 1;
}

/* ST(i) in physical register order */
static inline X86FPReg *fpu_st(CPUX86State *env, int i)
{
    return &env->fpregs[(env->fpstt + i) & 7];
}

/* The status word with TOP merged in, as FSTSW stores it. */
static inline uint16_t fpu_get_fsw(const CPUX86State *env)
{
    return (env->fpus & ~0x3800) | ((env->fpstt & 7) << 11);
}

/* The abridged tag byte of FXSAVE: bit i set = register i valid. */
uint8_t fpu_abridged_tags(const CPUX86State *env);
/* The full 16-bit tag word (FSTENV), classifying each register. */
uint16_t fpu_full_tags(const CPUX86State *env);
void fpu_set_full_tags(CPUX86State *env, uint16_t ftw);
/* Reloading the control/status word: recompute ES/B. */
void fpu_set_fsw(CPUX86State *env, uint16_t fsw);
void fpu_set_fcw(CPUX86State *env, uint16_t fcw);
void fpu_set_mxcsr(CPUX86State *env, uint32_t mxcsr);
/* FNINIT state */
void fpu_reset_x87(CPUX86State *env);

#endif
