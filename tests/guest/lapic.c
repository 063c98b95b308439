/*
 * Local APIC: version and writable registers, self IPIs, TPR blocking,
 * ISR/EOI, the timer in one-shot, periodic, masked and TSC-deadline
 * modes, and the same through x2APIC MSRs when CPUID has x2APIC.
 */
#include "guest.h"
#include "apic.h"
#include "desc.h"
#include "processor.h"
#include "vm.h"

#define TIMER_VECTOR    0xe0
#define IPI_VECTOR      0xd0

static volatile int timer_count, ipi_count;
static volatile bool isr_seen;

static void timer_handler(struct ex_regs *r)
{
    timer_count++;
    apic_eoi();
}

static void ipi_handler(struct ex_regs *r)
{
    ipi_count++;
    isr_seen = apic_isr_bit(IPI_VECTOR);
    apic_eoi();
}

static void test_registers(void)
{
    u32 lvr = apic_read(APIC_LVR);

    report_info("APIC version register 0x%x", lvr);
    report((lvr & 0xff) >= 0x10 && (lvr & 0xff) <= 0x15,
           "integrated APIC version (0x10-0x15)");
    report(((lvr >> 16) & 0xff) >= 3, "at least 4 LVT entries");
    report((apic_read(APIC_SPIV) & 0x1ff) ==
           (APIC_SPIV_ENABLE | APIC_SPURIOUS_VECTOR),
           "SVR holds the enable bit and spurious vector");
    apic_write(APIC_TPR, 0x20);
    report(apic_read(APIC_TPR) == 0x20, "TPR is read/write");
    apic_write(APIC_TPR, 0);
    apic_write(APIC_TDCR, 0xa);
    report((apic_read(APIC_TDCR) & 0xb) == 0xa, "TDCR is read/write");
}

static void self_ipi(void)
{
    apic_icr_write(APIC_DEST_SELF | APIC_DM_FIXED | IPI_VECTOR, 0);
}

static void test_ipi(void)
{
    ipi_count = 0;
    sti();
    self_ipi();
    report(WAIT_UNTIL(ipi_count == 1), "a self IPI arrives");
    report_known(isr_seen, host_is_pvm(),
                 "ISR reads clear (KVM on PVM hosts)",
                 "the ISR bit is set in the handler");
    report(!apic_isr_bit(IPI_VECTOR), "EOI clears the ISR bit");

    apic_write(APIC_TPR, 0xf0);
    self_ipi();
    for (int i = 0; i < 100000; i++) {
        pause();
    }
    report(ipi_count == 1 && apic_irr_bit(IPI_VECTOR),
           "TPR 0xf0 holds vector 0xd0 pending in IRR");
    apic_write(APIC_TPR, 0);
    report(WAIT_UNTIL(ipi_count == 2), "lowering TPR delivers it");
    cli();
}

static void test_oneshot(void)
{
    timer_count = 0;
    sti();
    apic_timer_oneshot(TIMER_VECTOR, 100000, 1);
    report(WAIT_UNTIL(timer_count >= 1), "one-shot timer interrupt arrives");
    for (int i = 0; i < 200000; i++) {
        pause();
    }
    report(timer_count == 1, "one-shot timer fires once");
    report(apic_read(APIC_TMCCT) == 0, "current count is 0 after expiry");
    cli();
}

static void test_periodic(void)
{
    timer_count = 0;
    sti();
    apic_timer_periodic(TIMER_VECTOR, 200000, 1);
    report(WAIT_UNTIL(timer_count >= 4), "periodic timer interrupts keep "
           "arriving");
    report(apic_read(APIC_TMCCT) != 0 ||
           apic_read(APIC_TMCCT) != 0, "periodic timer reloads the count");
    apic_timer_stop();
    cli();
    {
        int n = timer_count;

        sti();
        for (int i = 0; i < 200000; i++) {
            pause();
        }
        cli();
        report(timer_count <= n + 1, "a stopped timer stays quiet");
    }
}

static void test_masked(void)
{
    timer_count = 0;
    sti();
    apic_write(APIC_TDCR, 0xb);
    apic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
    apic_write(APIC_TMICT, 10000);
    report(WAIT_UNTIL(apic_read(APIC_TMCCT) == 0), "a masked timer counts "
           "down");
    for (int i = 0; i < 100000; i++) {
        pause();
    }
    report(timer_count == 0, "a masked timer raises no interrupt");
    cli();
    apic_timer_stop();
}

static void test_deadline(void)
{
    if (!cpu_has(X86_FEATURE_TSC_DEADLINE)) {
        report_skip("TSC deadline timer: not in CPUID");
        return;
    }
    timer_count = 0;
    apic_write(APIC_LVTT, APIC_TIMER_DEADLINE | TIMER_VECTOR);
    sti();
    wrmsr(MSR_IA32_TSC_DEADLINE, rdtsc() + 100000);
    report(WAIT_UNTIL(timer_count == 1), "TSC deadline interrupt arrives");
    report(rdmsr(MSR_IA32_TSC_DEADLINE) == 0, "the deadline MSR reads 0 "
           "after it fired");
    wrmsr(MSR_IA32_TSC_DEADLINE, rdtsc() + 1000000000000ull);
    wrmsr(MSR_IA32_TSC_DEADLINE, 0);
    for (int i = 0; i < 100000; i++) {
        pause();
    }
    report(timer_count == 1, "writing 0 disarms the deadline");
    cli();
    apic_timer_stop();
}

static void test_x2apic(void)
{
    u32 initial = cpuid(1).b >> 24;

    if (!enable_x2apic()) {
        report_skip("x2APIC: not in CPUID");
        return;
    }
    report(rdmsr(MSR_IA32_APICBASE) & APIC_BASE_EXTD, "x2APIC mode is on");
    report(apic_id() == initial, "x2APIC ID matches the initial APIC ID");
    report((u32)rdmsr(0x80d) == ((initial >> 4) << 16 | 1u << (initial & 15)),
           "x2APIC LDR is derived from the ID");
    ipi_count = 0;
    sti();
    wrmsr(0x83f, IPI_VECTOR);           /* SELF IPI register */
    report(WAIT_UNTIL(ipi_count == 1), "x2APIC SELF IPI arrives");
    apic_icr_write(APIC_DEST_SELF | IPI_VECTOR, 0);
    report(WAIT_UNTIL(ipi_count == 2), "x2APIC ICR self IPI arrives");
    timer_count = 0;
    apic_timer_oneshot(TIMER_VECTOR, 100000, 2);
    report(WAIT_UNTIL(timer_count == 1), "x2APIC one-shot timer arrives");
    cli();
    {
        u64 v;

        report(rdmsr_safe(0x831, &v) == GP_VECTOR,
               "reading the x2APIC ICR2 MSR (0x831) raises #GP");
    }
    reset_apic_to_xapic();
    report(!(rdmsr(MSR_IA32_APICBASE) & APIC_BASE_EXTD) &&
           apic_id() == initial, "back in xAPIC mode");
}

int main(void)
{
    if (!cpu_has(X86_FEATURE_APIC)) {
        report_skip("local APIC: not in CPUID");
        return 0;
    }
    setup_vm();
    handle_irq(TIMER_VECTOR, timer_handler);
    handle_irq(IPI_VECTOR, ipi_handler);
    apic_enable();
    test_registers();
    test_ipi();
    test_oneshot();
    test_periodic();
    test_masked();
    test_deadline();
    test_x2apic();
    return 0;
}
