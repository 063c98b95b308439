/*
 * HLT: woken by the LAPIC timer (one-shot, periodic), by an interrupt
 * already pending at STI;HLT, and by the PIT through the 8259 and the
 * LAPIC's LINT0 in ExtINT mode; the interrupt returns to the instruction
 * after HLT.
 */
#include "guest.h"
#include "apic.h"
#include "desc.h"
#include "isa.h"
#include "processor.h"

#define TIMER_VECTOR    0xe0
#define IPI_VECTOR      0xd0

static volatile int count;
static volatile ulong irq_ip;

static void handler(struct ex_regs *r)
{
    count++;
    irq_ip = r->ip;
    apic_eoi();
}

static void pit_handler(struct ex_regs *r)
{
    count++;
    irq_ip = r->ip;
    pic_eoi(0);
}

/* STI; HLT, returning the address just after the HLT. */
static ulong halt_once(void)
{
    ulong ip;

    asm volatile(LOAD_LABEL("2f", "%0") "sti\n\thlt\n\t2:\n\tcli\n\t"
                 : "=&r"(ip) : : "memory");
    return ip;
}

static void test_timer(void)
{
    ulong ip;

    count = 0;
    apic_timer_oneshot(TIMER_VECTOR, 200000, 1);
    ip = halt_once();
    report(count == 1, "HLT wakes on a one-shot timer interrupt");
    report(irq_ip == ip, "the interrupt returns after the HLT");

    count = 0;
    apic_timer_periodic(TIMER_VECTOR, 300000, 1);
    for (int i = 0; i < 3; i++) {
        halt_once();
    }
    apic_timer_stop();
    report(count >= 3, "three HLTs, three periodic timer interrupts");
    /* A tick may have been latched in IRR before the stop: take it. */
    sti();
    for (int i = 0; i < 100000; i++) {
        pause();
    }
    cli();
}

static void test_pending(void)
{
    count = 0;
    apic_icr_write(APIC_DEST_SELF | APIC_DM_FIXED | IPI_VECTOR, 0);
    halt_once();
    report(count == 1, "an interrupt pending at STI;HLT wakes the HLT");
}

static void test_pit(void)
{
    ulong ip;

    handle_irq(PIC_VECTOR_BASE, pit_handler);
    apic_write(APIC_LVT0, APIC_DM_EXTINT);
    pic_mask(0, false);
    count = 0;
    pit_oneshot(2000);
    ip = halt_once();
    pic_mask(0, true);
    apic_write(APIC_LVT0, APIC_LVT_MASKED | APIC_DM_EXTINT);
    report(count == 1 && irq_ip == ip, "HLT wakes on the PIT through the "
           "8259 and LINT0 (ExtINT)");
}

int main(void)
{
    handle_irq(TIMER_VECTOR, handler);
    handle_irq(IPI_VECTOR, handler);
    apic_enable();
    test_timer();
    test_pending();
    test_pit();
    return 0;
}
