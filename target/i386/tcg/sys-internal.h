/*
 * Shared between the x86 system helpers (excp/seg/mmu/misc/msr/io):
 * architectural constants, guest memory access for helpers, the page
 * walker, descriptor tables and stacks. Not an interface for other
 * subsystems: see tcg-cpu.h for that. Constants are facts from the
 * Intel SDM vol. 3 / AMD APM vol. 2.
 */
#ifndef TARGET_I386_TCG_SYS_INTERNAL_H
#define TARGET_I386_TCG_SYS_INTERNAL_H

#include "tcg/tcg.h"              /* MemOpIdx for exec-all.h */
#include "target/i386/tcg/tcg-cpu.h"
#include "target/i386/cpu-hflags.h"

/* Unfinished paths abort loudly rather than misbehave silently. */
#define X86_SYS_UNIMPL() \
    do { \
        fprintf(stderr, "vireo: %s: not implemented yet\n", __func__); \
        abort(); \
    } while (0)

/* CR0 */
#define CR0_PE (1ull << 0)
#define CR0_MP (1ull << 1)
#define CR0_EM (1ull << 2)
#define CR0_TS (1ull << 3)
#define CR0_ET (1ull << 4)
#define CR0_NE (1ull << 5)
#define CR0_WP (1ull << 16)
#define CR0_AM (1ull << 18)
#define CR0_NW (1ull << 29)
#define CR0_CD (1ull << 30)
#define CR0_PG (1ull << 31)
/* CR4 */
#define CR4_VME        (1ull << 0)
#define CR4_PVI        (1ull << 1)
#define CR4_TSD        (1ull << 2)
#define CR4_DE         (1ull << 3)
#define CR4_PSE        (1ull << 4)
#define CR4_PAE        (1ull << 5)
#define CR4_MCE        (1ull << 6)
#define CR4_PGE        (1ull << 7)
#define CR4_PCE        (1ull << 8)
#define CR4_OSFXSR     (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define CR4_UMIP       (1ull << 11)
#define CR4_LA57       (1ull << 12)
#define CR4_VMXE       (1ull << 13)
#define CR4_FSGSBASE   (1ull << 16)
#define CR4_PCIDE      (1ull << 17)
#define CR4_OSXSAVE    (1ull << 18)
#define CR4_SMEP       (1ull << 20)
#define CR4_SMAP       (1ull << 21)
#define CR4_PKE        (1ull << 22)
/* EFER */
#define EFER_SCE   (1ull << 0)
#define EFER_LME   (1ull << 8)
#define EFER_LMA   (1ull << 10)
#define EFER_NXE   (1ull << 11)
#define EFER_SVME  (1ull << 12)
#define EFER_FFXSR (1ull << 14)

/* Exception vectors */
enum {
    EXCP_DE = 0, EXCP_DB = 1, EXCP_NMI = 2, EXCP_BP = 3, EXCP_OF = 4,
    EXCP_BR = 5, EXCP_UD = 6, EXCP_NM = 7, EXCP_DF = 8, EXCP_TS = 10,
    EXCP_NP = 11, EXCP_SS = 12, EXCP_GP = 13, EXCP_PF = 14, EXCP_MF = 16,
    EXCP_AC = 17, EXCP_MC = 18, EXCP_XM = 19,
};

/* #PF error code */
#define PF_ERR_P    (1u << 0)
#define PF_ERR_W    (1u << 1)
#define PF_ERR_U    (1u << 2)
#define PF_ERR_RSVD (1u << 3)
#define PF_ERR_I    (1u << 4)
#define PF_ERR_PK   (1u << 5)

/* Paging-structure entry bits */
#define PG_P    (1ull << 0)
#define PG_RW   (1ull << 1)
#define PG_US   (1ull << 2)
#define PG_PWT  (1ull << 3)
#define PG_PCD  (1ull << 4)
#define PG_A    (1ull << 5)
#define PG_D    (1ull << 6)
#define PG_PS   (1ull << 7)
#define PG_G    (1ull << 8)
#define PG_NX   (1ull << 63)

/* Segment descriptor high word (and SegmentCache.flags, same positions) */
#define DESC_TYPE_SHIFT 8
#define DESC_A    (1u << 8)       /* accessed */
#define DESC_W    (1u << 9)       /* data: writable */
#define DESC_R    (1u << 9)       /* code: readable */
#define DESC_E    (1u << 10)      /* data: expand-down */
#define DESC_C    (1u << 10)      /* code: conforming */
#define DESC_CS   (1u << 11)      /* code (vs data) */
#define DESC_TSS_BUSY (1u << 9)
#define DESC_S    (1u << 12)      /* code/data (vs system) */
#define DESC_DPL_SHIFT 13
#define DESC_P    (1u << 15)
#define DESC_AVL  (1u << 20)
#define DESC_L    (1u << 21)
#define DESC_B    (1u << 22)
#define DESC_G    (1u << 23)

static inline int desc_dpl(uint32_t e2)
{
    return (e2 >> DESC_DPL_SHIFT) & 3;
}

static inline uint32_t desc_base(uint32_t e1, uint32_t e2)
{
    return (e1 >> 16) | ((e2 & 0xff) << 16) | (e2 & 0xff000000);
}

static inline uint32_t desc_limit(uint32_t e1, uint32_t e2)
{
    uint32_t limit = (e1 & 0xffff) | (e2 & 0x000f0000);

    return (e2 & DESC_G) ? (limit << 12) | 0xfff : limit;
}

static inline int x86_cpl(CPUX86State *env)
{
    return (env->hflags & HF_CPL_MASK) >> HF_CPL_SHIFT;
}

static inline bool x86_lma(CPUX86State *env)
{
    return env->hflags & HF_LMA;
}

static inline bool x86_feature(CPUX86State *env, FeatureWord w, int bit)
{
    return env->features[w] & (1u << bit);
}

/* MSR numbers */
#define MSR_IA32_TSC             0x10
#define MSR_IA32_APICBASE        0x1b
#define MSR_IA32_FEATURE_CONTROL 0x3a
#define MSR_IA32_TSC_ADJUST      0x3b
#define MSR_IA32_SPEC_CTRL       0x48
#define MSR_IA32_PRED_CMD        0x49
#define MSR_IA32_UCODE_REV       0x8b
#define MSR_IA32_UMWAIT_CONTROL  0xe1
#define MSR_MTRRcap              0xfe
#define MSR_IA32_ARCH_CAPABILITIES 0x10a
#define MSR_IA32_SYSENTER_CS     0x174
#define MSR_IA32_SYSENTER_ESP    0x175
#define MSR_IA32_SYSENTER_EIP    0x176
#define MSR_MCG_CAP              0x179
#define MSR_MCG_STATUS           0x17a
#define MSR_MCG_CTL              0x17b
#define MSR_IA32_MISC_ENABLE     0x1a0
#define MSR_MTRRphysBase0        0x200
#define MSR_MTRRfix64K_00000     0x250
#define MSR_MTRRfix16K_80000     0x258
#define MSR_MTRRfix16K_A0000     0x259
#define MSR_MTRRfix4K_C0000      0x268
#define MSR_MTRRfix4K_F8000      0x26f
#define MSR_PAT                  0x277
#define MSR_MTRRdefType          0x2ff
#define MSR_MC0_CTL              0x400
#define MSR_IA32_TSC_DEADLINE    0x6e0
#define MSR_X2APIC_FIRST         0x800
#define MSR_X2APIC_LAST          0x8ff
#define MSR_IA32_XSS             0xda0
#define MSR_EFER                 0xc0000080
#define MSR_STAR                 0xc0000081
#define MSR_LSTAR                0xc0000082
#define MSR_CSTAR                0xc0000083
#define MSR_FMASK                0xc0000084
#define MSR_FSBASE               0xc0000100
#define MSR_GSBASE               0xc0000101
#define MSR_KERNELGSBASE         0xc0000102
#define MSR_TSC_AUX              0xc0000103

/* Physical and linear address widths advertised in CPUID 0x80000008. */
#define X86_PHYS_BITS 40

/* --- Exceptions (excp_helper.c) --- */
/*
 * Test seam: when set, called instead of leaving to the cpu_exec loop
 * (unit tests longjmp out of it). Never set in the emulator.
 */
extern void (*x86_sys_exception_hook)(CPUX86State *env, int vector,
                                      int error_code);
/* #PF with CR2 = addr. */
G_NORETURN void x86_raise_page_fault(CPUX86State *env, uint64_t addr,
                                     uint32_t error_code, uintptr_t ra);

/* --- Guest memory for helpers (mmu_helper.c) --- */
/*
 * Linear-address loads/stores with mmu index and host return address;
 * they fault like the instruction would. Normally through the soft TLB
 * (cpu_*_mmuidx_ra); with x86_sys_direct_access (unit tests, no
 * runtime) through the page walker and physical memory.
 */
extern bool x86_sys_direct_access;
uint64_t x86_sys_ld(CPUX86State *env, uint64_t addr, int size, int mmu_idx,
                    uintptr_t ra);
void x86_sys_st(CPUX86State *env, uint64_t addr, uint64_t val, int size,
                int mmu_idx, uintptr_t ra);

/* The page walker's answer for one linear address. */
typedef struct X86Translation {
    uint64_t paddr;           /* physical address (A20 applied) */
    uint64_t page_size;       /* 4 KiB, 2 MiB, 4 MiB or 1 GiB */
    int prot;                 /* PAGE_* allowed for this mmu_idx */
    uint32_t pf_error;        /* #PF error code when the walk fails */
} X86Translation;

/*
 * Translates addr for an access (0 read, 1 write, 2 execute) in mmu_idx,
 * setting accessed/dirty bits. Returns false with t->pf_error on a
 * fault. No exception is raised.
 */
bool x86_mmu_translate(CPUX86State *env, uint64_t addr, int access,
                       int mmu_idx, X86Translation *t);

/*
 * A stack being pushed to or popped from: SS base, the SP bits in use
 * (0xffff, 0xffffffff or all), the running SP and the access rights.
 */
typedef struct X86Stack {
    uint64_t base;
    uint64_t mask;
    uint64_t sp;
    int mmu_idx;
    bool flat64;                  /* 64-bit: no base, no wrap */
    uintptr_t ra;
} X86Stack;

static inline uint64_t x86_stack_addr(const X86Stack *s)
{
    if (s->flat64) {
        return s->sp;
    }
    return (s->base + (s->sp & s->mask)) & 0xffffffff;
}

static inline void x86_push(CPUX86State *env, X86Stack *s, uint64_t v,
                            int size)
{
    s->sp = s->flat64 ? s->sp - size : (s->sp & ~s->mask) |
                                       ((s->sp - size) & s->mask);
    x86_sys_st(env, x86_stack_addr(s), v, size, s->mmu_idx, s->ra);
}

static inline uint64_t x86_pop(CPUX86State *env, X86Stack *s, int size)
{
    uint64_t v = x86_sys_ld(env, x86_stack_addr(s), size, s->mmu_idx,
                            s->ra);

    s->sp = s->flat64 ? s->sp + size : (s->sp & ~s->mask) |
                                       ((s->sp + size) & s->mask);
    return v;
}

/* The current SS:SP as an X86Stack. */
static inline X86Stack x86_cur_stack(CPUX86State *env, int mmu_idx,
                                     uintptr_t ra)
{
    X86Stack s = {
        .base = env->segs[R_SS].base,
        .mask = (env->hflags & HF_SS32) ? 0xffffffff : 0xffff,
        .sp = env->regs[R_ESP],
        .mmu_idx = mmu_idx,
        .flat64 = env->hflags & HF_CS64,
        .ra = ra,
    };
    return s;
}

/* Writes SP back keeping the bits above the stack size. */
static inline void x86_set_sp(CPUX86State *env, const X86Stack *s)
{
    if (s->flat64) {
        env->regs[R_ESP] = s->sp;
    } else {
        env->regs[R_ESP] = (env->regs[R_ESP] & ~s->mask) | (s->sp & s->mask);
    }
}

/* --- Segments (seg_helper.c) --- */
/* Reads the 8-byte descriptor for selector from the GDT/LDT; false if
 * beyond the table limit. */
bool x86_load_desc(CPUX86State *env, uint32_t selector, uint32_t *e1,
                   uint32_t *e2, uintptr_t ra);
/* Task switch to the TSS named by selector (descriptor e1/e2). source:
 * 0 JMP, 1 CALL / interrupt, 2 IRET. next_eip is saved in the old TSS. */
void x86_task_switch(CPUX86State *env, uint32_t selector, uint32_t e1,
                     uint32_t e2, int source, uint64_t next_eip,
                     uintptr_t ra);

/* --- Interrupts (interrupt.c) --- */
/* Delivers vector now (exception, software INT or hardware interrupt). */
void x86_do_interrupt(CPUX86State *env, int intno, bool is_int,
                      int error_code, uint64_t next_eip, bool is_hw);

/* --- Time (misc_helper.c) --- */
/* The guest TSC now: virtual clock scaled to tsc_khz, plus tsc_offset. */
uint64_t x86_get_tsc(CPUX86State *env);
/* Ends a UMWAIT/TPAUSE wait early because an event arrived. */
void x86_wait_wake_event(CPUX86State *env);
bool x86_wait_timer_expired(CPUX86State *env);

/* MOV to CR0 / CR4 checks (reserved bits, mode rules): false = #GP(0). */
bool x86_cr0_write_ok(CPUX86State *env, uint64_t val);
bool x86_cr4_write_ok(CPUX86State *env, uint64_t val);

/* --- MSRs (msr_helper.c) --- */
/* Reads/writes an MSR with the WRMSR/RDMSR rules; false means #GP(0). */
bool x86_msr_read(CPUX86State *env, uint32_t index, uint64_t *val);
bool x86_msr_write(CPUX86State *env, uint32_t index, uint64_t val);

/* --- CPUID (cpuid_helper.c) --- */
void x86_cpuid(CPUX86State *env, uint32_t leaf, uint32_t subleaf,
               uint32_t *eax, uint32_t *ebx, uint32_t *ecx, uint32_t *edx);
/* XCR0 bits this CPU model supports. */
uint64_t x86_xcr0_supported(CPUX86State *env);

#endif
