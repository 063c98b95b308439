/*
 * Generated differential tests of the x86 translator (test-x86-diff):
 * the case list built by x86-diff-gen.c and the environment both the
 * host and the guest run it in.
 */
#ifndef TESTS_UNIT_X86_DIFF_H
#define TESTS_UNIT_X86_DIFF_H

#include <stdbool.h>
#include <stdint.h>

/* Fixed addresses, the same natively (mmap) and in the guest (RAM). */
#define DIFF_CODE_ADDR  0x10000     /* one page of code */
#define DIFF_FX_ADDR    0x20000     /* FXSAVE images: in, out, host */
#define DIFF_DATA_ADDR  0x100000    /* the data buffer (compared) */
#define DIFF_DATA_SIZE  0x10000

/* Pointer registers every case gets (offsets into the data buffer). */
#define DIFF_RBX_OFF    0x400
#define DIFF_R13_OFF    0x800
#define DIFF_RSP_OFF    0x8000

#define F_C 0x1u
#define F_P 0x4u
#define F_A 0x10u
#define F_Z 0x40u
#define F_S 0x80u
#define F_D 0x400u
#define F_O 0x800u
#define F_ARITH (F_O | F_S | F_Z | F_A | F_P | F_C)
#define F_ALL   (F_ARITH | F_D)

enum {
    RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
    R8, R9, R10, R11, R12, R13, R14, R15,
};

typedef struct DiffRegs {
    uint64_t r[16];
    uint64_t flags;
} DiffRegs;

typedef enum DiffCat {
    CAT_ALU, CAT_INCDEC, CAT_SHIFT, CAT_MULDIV, CAT_BITOPS, CAT_BMI,
    CAT_COND, CAT_BCD, CAT_STRING, CAT_ATOMIC, CAT_SSE, CAT_X87,
    CAT_COUNT,
} DiffCat;

typedef struct DiffCase DiffCase;

/* Adjusts random inputs so the case is defined and does not fault. */
typedef void DiffFixup(const DiffCase *c, DiffRegs *in, uint8_t *mem);
/* EFLAGS bits defined after the case, when they depend on the inputs. */
typedef uint32_t DiffFlagsFn(const DiffCase *c, const DiffRegs *in);

struct DiffCase {
    char name[72];
    uint8_t code[96];
    uint8_t len;
    uint8_t cat;
    bool compat;        /* 32-bit compatibility-mode code segment */
    bool fpu;           /* random x87/SSE state in, FXSAVE image compared */
    bool fp_data;       /* fill the data buffer with floating-point values */
    bool strings;       /* RSI/RDI/RCX set up for string instructions */
    uint32_t flags_mask;
    uint16_t fsw_mask;  /* x87 status word bits compared */
    bool cc_undef_invalid; /* C0..C3 undefined after #IA or a NaN input */
    uint16_t fixed_regs; /* inputs the minimiser leaves alone */
    DiffFixup *fixup;
    DiffFlagsFn *flags_fn;
    int p[4];           /* parameters of fixup / flags_fn */
};

/* Host features that decide which templates are generated. */
typedef struct DiffHostFeatures {
    bool popcnt, lzcnt, bmi1, bmi2, adx, ssse3, sse41, cx16;
} DiffHostFeatures;

/* Builds the case list; returns the number of cases (*out: g_new). */
int x86_diff_generate(const DiffHostFeatures *hf, DiffCase **out);
const char *x86_diff_cat_name(DiffCat cat);

/* Random numbers shared by the generator and the harness. */
uint64_t diff_rnd(void);
uint64_t diff_rnd_value(void);

#endif
