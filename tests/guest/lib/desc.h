/*
 * Descriptors and exceptions: the GDT layout, the IDT (every vector has
 * an entry stub that saves the registers and calls a C handler), catching
 * expected exceptions, and running code in user mode (CPL 3).
 */
#ifndef GUEST_DESC_H
#define GUEST_DESC_H

#include "guest.h"

/* GDT selectors (the same table in both flavours). */
#define KERNEL_CS64     0x08
#define KERNEL_DS       0x10
#define KERNEL_CS32     0x18
#define USER_CS32       0x20
#define USER_DS         0x28
#define USER_CS64       0x30
/* Free for tests (gdt_set_entry); zero (null descriptors) at boot. */
#define TEST_SEL0       0x38
#define TEST_SEL1       0x40
#define TEST_SEL2       0x48
#define TEST_SEL3       0x50
/* One 16-byte TSS slot per CPU from here. */
#define TSS_SEL_BASE    0x60

#ifdef __x86_64__
#define KERNEL_CS       KERNEL_CS64
#define USER_CS         USER_CS64
#else
#define KERNEL_CS       KERNEL_CS32
#define USER_CS         USER_CS32
#endif

#define DE_VECTOR   0
#define DB_VECTOR   1
#define NMI_VECTOR  2
#define BP_VECTOR   3
#define OF_VECTOR   4
#define BR_VECTOR   5
#define UD_VECTOR   6
#define NM_VECTOR   7
#define DF_VECTOR   8
#define TS_VECTOR   10
#define NP_VECTOR   11
#define SS_VECTOR   12
#define GP_VECTOR   13
#define PF_VECTOR   14
#define MF_VECTOR   16
#define AC_VECTOR   17
#define MC_VECTOR   18
#define XM_VECTOR   19

/* Registers at the exception, as the entry stub saved them; a handler
 * may change them (ip, flags, general registers) before returning. */
struct ex_regs {
#ifdef __x86_64__
    ulong r15, r14, r13, r12, r11, r10, r9, r8;
    ulong di, si, bp, bx, dx, cx, ax;
#else
    ulong di, si, bp, unused_sp, bx, dx, cx, ax;
#endif
    ulong vector, error_code;
    ulong ip, cs, flags;
    /* Always saved in 64-bit mode; in 32-bit mode only when the
     * exception came from user mode. */
    ulong sp, ss;
};

typedef void (*handler_fn)(struct ex_regs *regs);

/* Installs fn for vector (exception or interrupt); NULL restores the
 * default. Returns the previous handler. Interrupt handlers send their
 * own EOI. */
handler_fn handle_exception(u8 vector, handler_fn fn);
#define handle_irq handle_exception

/* Changes an IDT entry's gate: type (0xe interrupt, 0xf trap), DPL and
 * present bit. */
void set_idt_gate(u8 vector, unsigned type, unsigned dpl, bool present);
void set_idt_entry(u8 vector, void *addr, unsigned type, unsigned dpl);
/* The address of vector's entry stub. */
void *idt_stub(u8 vector);

/* Writes GDT entry sel with a flat segment (base, limit, access byte,
 * flags nibble); access bit 7 is P, so access 0x12 is a not-present data
 * segment. */
void gdt_set_entry(u16 sel, u32 base, u32 limit, u8 access, u8 flags);
u64 gdt_get_entry(u16 sel);

/* Details of the last exception caught by ASM_TRY, try_call or
 * run_user. */
struct exception_info {
    int vector;
    ulong error_code;
    ulong ip;
    ulong cs;
    ulong cr2;
};
extern struct exception_info last_exception;

/*
 * Catching an expected exception in an asm snippet: the snippet starts
 * with ASM_TRY_BEGIN and ends with ASM_TRY_END; an exception inside it
 * resumes at the end with all registers as they were at the fault. Then
 * exception_vector() returns the vector or -1. One CPU at a time.
 *
 *     asm volatile(ASM_TRY_BEGIN "ud2\n\t" ASM_TRY_END ::: "memory");
 *     report(exception_vector() == UD_VECTOR, "ud2 raises #UD");
 */
extern volatile ulong try_resume_ip;
extern volatile int try_vector;
#ifdef __x86_64__
#define ASM_TRY_BEGIN \
    "movl $-1, try_vector\n\tmovq $1001f, try_resume_ip\n\t"
#define ASM_TRY_END "1001:\n\tmovq $0, try_resume_ip\n\t"
#else
#define ASM_TRY_BEGIN \
    "movl $-1, try_vector\n\tmovl $1001f, try_resume_ip\n\t"
#define ASM_TRY_END "1001:\n\tmovl $0, try_resume_ip\n\t"
#endif

/* Loads the address of a label into an asm operand, e.g.
 * LOAD_LABEL("2f", "%[ip]"). */
#ifdef __x86_64__
#define LOAD_LABEL(label, op) "lea " label "(%%rip), " op "\n\t"
#else
#define LOAD_LABEL(label, op) "mov $" label ", " op "\n\t"
#endif

static inline int exception_vector(void)
{
    return try_vector;
}

static inline ulong exception_error_code(void)
{
    return last_exception.error_code;
}

/* RDMSR/WRMSR that return the exception vector (-1 if none). */
static inline int rdmsr_safe(u32 index, u64 *val)
{
    u32 lo = 0, hi = 0;

    asm volatile(ASM_TRY_BEGIN "rdmsr\n\t" ASM_TRY_END
                 : "+a"(lo), "+d"(hi) : "c"(index) : "memory");
    *val = lo | (u64)hi << 32;
    return exception_vector();
}

static inline int wrmsr_safe(u32 index, u64 val)
{
    asm volatile(ASM_TRY_BEGIN "wrmsr\n\t" ASM_TRY_END
                 : : "a"((u32)val), "d"((u32)(val >> 32)), "c"(index)
                 : "memory");
    return exception_vector();
}

/* Calls fn(arg); returns -1 if it returned, or the vector of the first
 * exception it raised (fn is abandoned there). Nests. */
int try_call(void (*fn)(void *), void *arg);

/* Runs fn(arg) at CPL 3 (flat user segments, a user stack, the current
 * page tables, which map everything user-accessible at boot) and returns
 * -1 when fn returns, or the vector of the exception that ended it. */
int run_user(void (*fn)(void *), void *arg);

/* i386: the previous-task link of this CPU's TSS (IRET with NT=1 goes
 * there); no effect on x86_64. */
void set_tss_link(u16 sel);

/* Per-CPU setup of GDT, IDT and TSS (the library does it on every CPU). */
void desc_init_cpu(int cpu);

/* Exception mnemonic ("#GP") or "IRQ" for vectors >= 32. */
const char *exception_name(unsigned vector);

#endif
