/* AP start-up and the on_cpu() work queue (one slot per CPU). */
#include "smp.h"
#include "apic.h"
#include "desc.h"
#include "fwcfg.h"
#include "layout.h"
#include "processor.h"

extern u8 trampoline_start[], trampoline_end[];
extern u32 ap_cr0, ap_cr3, ap_cr4, ap_efer;

struct work {
    void (*volatile fn)(void *);
    void *volatile arg;
};

static struct work work[MAX_CPUS];
static u32 apic_ids[MAX_CPUS];
static volatile int online = 1;
static int8_t id_to_cpu[256];
static bool bsp_x2apic;

static u32 initial_apic_id(void)
{
    return cpuid(1).b >> 24;
}

int smp_id(void)
{
    int c = id_to_cpu[initial_apic_id()];

    return c < 0 ? 0 : c;
}

int cpu_count(void)
{
    return online;
}

u32 cpu_apic_id(int cpu)
{
    return apic_ids[cpu];
}

static void wake_handler(struct ex_regs *regs)
{
    apic_eoi();
}

void smp_bsp_init(void)
{
    memset(id_to_cpu, -1, sizeof(id_to_cpu));
    id_to_cpu[initial_apic_id()] = 0;
    apic_ids[0] = initial_apic_id();
}

void ap_entry(int cpu)
{
    desc_init_cpu(cpu);
    if (bsp_x2apic) {
        enable_x2apic();
    } else {
        apic_enable();
    }
    apic_ids[cpu] = apic_id();
    id_to_cpu[initial_apic_id()] = cpu;
    atomic_inc(&online);
    for (;;) {
        cli();
        if (work[cpu].fn) {
            void (*fn)(void *) = work[cpu].fn;

            fn(work[cpu].arg);
            barrier();
            work[cpu].fn = NULL;
        } else {
            safe_halt();
        }
    }
}

int smp_init(void)
{
    unsigned want = fwcfg_present() ? fwcfg_nb_cpus() : 1;

    if (want > MAX_CPUS) {
        printf("smp: %u CPUs, using the first %d\n", want, MAX_CPUS);
        want = MAX_CPUS;
    }
    if (want <= 1 || online > 1) {
        return online;
    }
    handle_irq(SMP_WAKE_VECTOR, wake_handler);
    apic_enable();
    bsp_x2apic = apic_is_x2apic();
    memcpy((void *)TRAMPOLINE_ADDR, trampoline_start,
           trampoline_end - trampoline_start);
    ap_cr0 = read_cr0();
    if (ap_cr0 & X86_CR0_PG) {
        ap_cr3 = read_cr3();
        ap_cr4 = read_cr4();
        if (cpu_has(X86_FEATURE_LM) || cpu_has(X86_FEATURE_NX)) {
            ap_efer = rdmsr(MSR_EFER) & ~EFER_LMA;
        }
    }
    barrier();
    apic_icr_write(APIC_DEST_OTHERS | APIC_DM_INIT | APIC_ICR_ASSERT, 0);
    for (int i = 0; i < 10000; i++) {
        pause();
    }
    for (int n = 0; n < 2 && online < (int)want; n++) {
        apic_icr_write(APIC_DEST_OTHERS | APIC_DM_STARTUP |
                       (TRAMPOLINE_ADDR >> 12), 0);
        for (int i = 0; i < 10000 && online < (int)want; i++) {
            pause();
        }
    }
    for (long i = 0; i < 200000000L && online < (int)want; i++) {
        pause();
    }
    if (online < (int)want) {
        printf("smp: only %d of %u CPUs came up\n", online, want);
    }
    return online;
}

void on_cpu_async(int cpu, void (*fn)(void *), void *arg)
{
    if (cpu == smp_id()) {
        fn(arg);
        return;
    }
    while (work[cpu].fn) {
        pause();
    }
    work[cpu].arg = arg;
    barrier();
    work[cpu].fn = fn;
    apic_icr_write(APIC_DM_FIXED | SMP_WAKE_VECTOR, apic_ids[cpu]);
}

bool cpu_idle(int cpu)
{
    return !work[cpu].fn;
}

void on_cpu(int cpu, void (*fn)(void *), void *arg)
{
    on_cpu_async(cpu, fn, arg);
    while (!cpu_idle(cpu)) {
        pause();
    }
}

void on_cpus(void (*fn)(void *), void *arg)
{
    int self = smp_id();

    for (int c = 0; c < online; c++) {
        if (c != self) {
            on_cpu_async(c, fn, arg);
        }
    }
    fn(arg);
    for (int c = 0; c < online; c++) {
        while (!cpu_idle(c)) {
            pause();
        }
    }
}
