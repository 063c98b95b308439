/*
 * GDT entries, the IDT, per-CPU TSS, and the C side of exception entry:
 * installed handlers first, then an armed ASM_TRY, then try_call/run_user,
 * else unexpected interrupts count as failures and unexpected exceptions
 * end the test.
 */
#include "desc.h"
#include "apic.h"
#include "isa.h"
#include "layout.h"
#include "processor.h"
#include "smp.h"

extern u64 gdt[], gdt_end[];
extern struct { u16 limit; ulong base; } __attribute__((packed)) gdt_descr;
extern ulong isr_table[256];
extern void try_recover(void);
extern void user_enter(void (*fn)(void *), void *arg, void *stack_top);
extern u8 user_return_ud2[];

#ifdef __x86_64__
struct idt_entry {
    u16 offset0;
    u16 selector;
    u8 ist;
    u8 type_attr;
    u16 offset1;
    u32 offset2;
    u32 reserved;
} __attribute__((packed));

struct tss {
    u32 reserved0;
    u64 rsp0, rsp1, rsp2;
    u64 reserved1;
    u64 ist[7];
    u64 reserved2;
    u16 reserved3;
    u16 iomap_base;
} __attribute__((packed));
#else
struct idt_entry {
    u16 offset0;
    u16 selector;
    u8 zero;
    u8 type_attr;
    u16 offset1;
} __attribute__((packed));

struct tss {
    u32 link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
    u32 eax, ecx, edx, ebx, esp, ebp, esi, edi;
    u32 es, cs, ss, ds, fs, gs, ldt;
    u16 trap, iomap_base;
} __attribute__((packed));
#endif

static struct idt_entry idt[256] __aligned(16);
static struct tss tss[MAX_CPUS] __aligned(16);
static handler_fn handlers[256];
/* Per CPU: user-mode stack, and the stack exceptions from CPL 3 use. */
static u8 user_stacks[MAX_CPUS][AUX_STACK_SIZE] __aligned(16);
static u8 ring0_stacks[MAX_CPUS][AUX_STACK_SIZE] __aligned(16);

struct exception_info last_exception;
volatile ulong try_resume_ip;
volatile int try_vector = -1;
volatile ulong try_sp;
volatile int try_result;

static const char *const names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
    "#DF", "#CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "#15",
    "#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "#22", "#23",
    "#24", "#25", "#26", "#27", "#HV", "#VC", "#SX", "#31",
};

const char *exception_name(unsigned vector)
{
    return vector < 32 ? names[vector] : "IRQ";
}

void set_idt_entry(u8 vector, void *addr, unsigned type, unsigned dpl)
{
    struct idt_entry *e = &idt[vector];
    ulong a = (ulong)addr;

    memset(e, 0, sizeof(*e));
    e->offset0 = a & 0xffff;
    e->offset1 = (a >> 16) & 0xffff;
#ifdef __x86_64__
    e->offset2 = a >> 32;
#endif
    e->selector = KERNEL_CS;
    e->type_attr = 0x80 | (dpl & 3) << 5 | (type & 0xf);
}

void set_idt_gate(u8 vector, unsigned type, unsigned dpl, bool present)
{
    struct idt_entry *e = &idt[vector];

    e->type_attr = (present ? 0x80 : 0) | (dpl & 3) << 5 | (type & 0xf);
}

void *idt_stub(u8 vector)
{
    return (void *)isr_table[vector];
}

handler_fn handle_exception(u8 vector, handler_fn fn)
{
    handler_fn old = handlers[vector];

    handlers[vector] = fn;
    return old;
}

void gdt_set_entry(u16 sel, u32 base, u32 limit, u8 access, u8 flags)
{
    u64 d = (limit & 0xffff) | (u64)(base & 0xffffff) << 16 |
            (u64)access << 40 | (u64)((limit >> 16) & 0xf) << 48 |
            (u64)(flags & 0xf) << 52 | (u64)(base >> 24) << 56;

    gdt[sel >> 3] = d;
}

u64 gdt_get_entry(u16 sel)
{
    return gdt[sel >> 3];
}

static void build_idt(void)
{
    for (int v = 0; v < 256; v++) {
        /* Interrupt gates: IF stays clear in handlers. INT3 and INTO
         * may be used from CPL 3. */
        unsigned dpl = (v == BP_VECTOR || v == OF_VECTOR) ? 3 : 0;
        set_idt_entry(v, (void *)isr_table[v], 0xe, dpl);
    }
}

void desc_init_cpu(int cpu)
{
    struct { u16 limit; ulong base; } __attribute__((packed)) idtr = {
        sizeof(idt) - 1, (ulong)idt
    };
    u16 sel = TSS_SEL_BASE + 16 * cpu;
    struct tss *t = &tss[cpu];
    ulong base = (ulong)t;

    if (cpu == 0) {
        build_idt();
    }
    memset(t, 0, sizeof(*t));
#ifdef __x86_64__
    t->rsp0 = (ulong)ring0_stacks[cpu + 1];
#else
    t->esp0 = (ulong)ring0_stacks[cpu + 1];
    t->ss0 = KERNEL_DS;
#endif
    /* No I/O bitmap: IN/OUT at CPL 3 (IOPL 0) raise #GP. */
    t->iomap_base = sizeof(*t);
    gdt_set_entry(sel, base, sizeof(*t) - 1, 0x89, 0);
#ifdef __x86_64__
    gdt[(sel >> 3) + 1] = (u64)base >> 32;
#endif
    asm volatile("lgdt %0" : : "m"(gdt_descr));
    asm volatile("lidt %0" : : "m"(idtr));
    asm volatile("ltr %0" : : "r"(sel));
}

void set_tss_link(u16 sel)
{
#ifndef __x86_64__
    tss[smp_id()].link = sel;
#endif
}

static void record(struct ex_regs *r)
{
    last_exception.vector = r->vector;
    last_exception.error_code = r->error_code;
    last_exception.ip = r->ip;
    last_exception.cs = r->cs;
    last_exception.cr2 = r->vector == PF_VECTOR ? read_cr2() : 0;
}

struct user_call {
    void (*fn)(void *);
    void *arg;
    void *stack;
};

static void user_enter_call(void *p)
{
    struct user_call *c = p;

    user_enter(c->fn, c->arg, c->stack);
}

int run_user(void (*fn)(void *), void *arg)
{
    struct user_call call = { fn, arg, user_stacks[smp_id() + 1] };

    return try_call(user_enter_call, &call);
}

void do_exception(struct ex_regs *r)
{
    unsigned v = r->vector;

    if (handlers[v]) {
        handlers[v](r);
        return;
    }
    if (v < 32 && try_resume_ip) {
        record(r);
        try_vector = v;
        r->ip = try_resume_ip;
        try_resume_ip = 0;
        return;
    }
    if (v < 32 && try_sp) {
        /* run_user()'s code ends with a UD2 at user_return_ud2 (no INT n:
         * some hypervisors do not deliver those from CPL 3). */
        if (v == UD_VECTOR && (r->cs & 3) == 3 &&
            r->ip == (ulong)user_return_ud2) {
            try_result = -1;
        } else {
            record(r);
            try_result = v;
        }
        r->ip = (ulong)try_recover;
        r->cs = KERNEL_CS;
        r->flags = (r->flags & X86_EFLAGS_IF) | 2;
        r->sp = try_sp;
        r->ss = KERNEL_DS;
        return;
    }
    if (v == APIC_SPURIOUS_VECTOR || v == PIC_SPURIOUS_MASTER ||
        v == PIC_SPURIOUS_SLAVE) {
        return;
    }
    if (v >= 32) {
        report_unexpected("unexpected interrupt, vector 0x%x on CPU %d",
                          v, smp_id());
        apic_eoi();
        if (v >= PIC_VECTOR_BASE && v < PIC_VECTOR_BASE + 16) {
            pic_eoi(v - PIC_VECTOR_BASE);
        }
        return;
    }
    abort_test("unexpected exception %s (vector %u), error code 0x%lx at "
               "%04lx:%lx, flags 0x%lx, cr2 0x%lx, CPU %d",
               exception_name(v), v, r->error_code, r->cs, r->ip,
               r->flags, v == PF_VECTOR ? read_cr2() : 0UL, smp_id());
}
