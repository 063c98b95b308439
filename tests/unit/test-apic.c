/*
 * Local APIC unit test: two vCPUs with their APICs, created without a
 * machine or accelerator, driven through the public entry points (x2APIC
 * MSRs, MSI / bus delivery, acknowledge) with the virtual clock stepped
 * by hand. Register layout and semantics from the Intel SDM vol. 3,
 * "Advanced Programmable Interrupt Controller".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "qemu/main-loop.h"
#include "qapi/error.h"
#include "hw/core/cpu.h"
#include "hw/intc/apic.h"
#include "target/i386/cpu.h"

/* x2APIC MSR numbers (0x800 + xAPIC offset / 16). */
#define MSR_ID      0x802
#define MSR_VER     0x803
#define MSR_TPR     0x808
#define MSR_APR     0x809
#define MSR_PPR     0x80a
#define MSR_EOI     0x80b
#define MSR_LDR     0x80d
#define MSR_DFR     0x80e
#define MSR_SVR     0x80f
#define MSR_ISR0    0x810
#define MSR_TMR0    0x818
#define MSR_IRR0    0x820
#define MSR_ESR     0x828
#define MSR_ICR     0x830
#define MSR_ICR2    0x831
#define MSR_LVTT    0x832
#define MSR_LVT0    0x835
#define MSR_TMICT   0x838
#define MSR_TMCCT   0x839
#define MSR_TDCR    0x83e
#define MSR_SELF    0x83f

#define BASE_X2APIC (APIC_DEFAULT_ADDRESS | MSR_IA32_APICBASE_ENABLE | \
                     MSR_IA32_APICBASE_EXTD)

#define ID0 0x00
#define ID1 0x12

#define ICR_DEST(id)        ((uint64_t)(id) << 32)
#define ICR_FIXED           (0 << 8)
#define ICR_NMI             (4 << 8)
#define ICR_INIT            (5 << 8)
#define ICR_SIPI            (6 << 8)
#define ICR_LEVEL_ASSERT    (1 << 14)
#define ICR_TRIG_LEVEL      (1 << 15)
#define ICR_SH_SELF         (1 << 18)
#define ICR_SH_ALL          (2 << 18)
#define ICR_SH_OTHERS       (3 << 18)

#define LVT_MASKED          (1 << 16)
#define LVT_PERIODIC        (1 << 17)
#define LVT_TSCDEADLINE     (2 << 17)

static CPUState *cpu[2];
static DeviceState *apic[2];

static uint64_t rd(int n, uint32_t msr)
{
    uint64_t v = 0xdeadbeef;

    g_assert_true(apic_msr_read(apic[n], msr, &v));
    return v;
}

static void wr(int n, uint32_t msr, uint64_t v)
{
    g_assert_true(apic_msr_write(apic[n], msr, v));
}

static uint32_t irq_req(int n)
{
    return cpu[n]->interrupt_request;
}

static void clear_req(void)
{
    cpu[0]->interrupt_request = 0;
    cpu[1]->interrupt_request = 0;
}

/* One bit of the IRR / ISR / TMR (base MSR 0x820 / 0x810 / 0x818). */
static bool vec_bit(int n, uint32_t base, int vec)
{
    return rd(n, base + vec / 32) & (1u << (vec % 32));
}

static bool irr_empty(int n)
{
    for (int i = 0; i < 8; i++) {
        if (rd(n, MSR_IRR0 + i)) {
            return false;
        }
    }
    return true;
}

static bool isr_empty(int n)
{
    for (int i = 0; i < 8; i++) {
        if (rd(n, MSR_ISR0 + i)) {
            return false;
        }
    }
    return true;
}

static void msi(uint32_t dest, uint32_t data)
{
    apic_deliver_msi(APIC_DEFAULT_ADDRESS | (dest << 12), data);
}

/* Both APICs from reset into x2APIC mode, software-enabled, SVR 0xff. */
static void setup(void)
{
    for (int n = 0; n < 2; n++) {
        device_cold_reset(apic[n]);
        g_assert_true(cpu_set_apic_base(apic[n], BASE_X2APIC));
        wr(n, MSR_SVR, 0x1ff);
    }
    clear_req();
}

/* ---- tests --------------------------------------------------------- */

static void test_apic_base(void)
{
    int n;

    for (n = 0; n < 2; n++) {
        device_cold_reset(apic[n]);
    }
    /* Reset: enabled xAPIC at 0xfee00000, BSP flag on CPU 0 only. */
    g_assert_cmphex(cpu_get_apic_base(apic[0]), ==, 0xfee00900);
    g_assert_cmphex(cpu_get_apic_base(apic[1]), ==, 0xfee00800);

    /* x2APIC MSRs #GP in xAPIC mode. */
    {
        uint64_t v;
        g_assert_false(apic_msr_read(apic[1], MSR_ID, &v));
        g_assert_false(apic_msr_write(apic[1], MSR_TPR, 0));
    }

    /* Reserved bits and EXTD without ENABLE are invalid. */
    g_assert_false(cpu_set_apic_base(apic[1], APIC_DEFAULT_ADDRESS |
                                     MSR_IA32_APICBASE_ENABLE | 1));
    g_assert_false(cpu_set_apic_base(apic[1], APIC_DEFAULT_ADDRESS |
                                     MSR_IA32_APICBASE_EXTD));
    g_assert_cmphex(cpu_get_apic_base(apic[1]), ==, 0xfee00800);

    /* Enable x2APIC; the BSP bit is kept (it is read-only). */
    g_assert_true(cpu_set_apic_base(apic[0], BASE_X2APIC));
    g_assert_cmphex(cpu_get_apic_base(apic[0]), ==, 0xfee00d00);
    g_assert_true(cpu_set_apic_base(apic[1], BASE_X2APIC |
                                    MSR_IA32_APICBASE_BSP));
    g_assert_cmphex(cpu_get_apic_base(apic[1]), ==, 0xfee00c00);

    /* x2APIC -> xAPIC directly is invalid; through disabled it works. */
    g_assert_false(cpu_set_apic_base(apic[1], APIC_DEFAULT_ADDRESS |
                                     MSR_IA32_APICBASE_ENABLE));
    g_assert_cmphex(cpu_get_apic_base(apic[1]), ==, 0xfee00c00);
    g_assert_true(cpu_set_apic_base(apic[1], APIC_DEFAULT_ADDRESS));
    g_assert_cmphex(cpu_get_apic_base(apic[1]), ==, 0xfee00000);
    g_assert_true(cpu_set_apic_base(apic[1], APIC_DEFAULT_ADDRESS |
                                    MSR_IA32_APICBASE_ENABLE));
    g_assert_cmphex(cpu_get_apic_base(apic[1]), ==, 0xfee00800);
    g_assert_true(cpu_set_apic_base(apic[1], BASE_X2APIC));

    /* A hardware-disabled APIC takes no messages. */
    g_assert_true(cpu_set_apic_base(apic[1], APIC_DEFAULT_ADDRESS));
    clear_req();
    apic_deliver_irq(ID1, 0, 4 /* NMI */, 0, 0);
    g_assert_cmphex(irq_req(1), ==, 0);
}

static void test_id_version(void)
{
    uint64_t v;

    setup();
    g_assert_cmphex(rd(0, MSR_ID), ==, ID0);
    g_assert_cmphex(rd(1, MSR_ID), ==, ID1);
    /* Version 0x14, max LVT 5, EOI-broadcast suppression supported. */
    g_assert_cmphex(rd(0, MSR_VER), ==, 0x01050014);
    g_assert_cmphex(rd(1, MSR_VER), ==, 0x01050014);
    /* x2APIC LDR: cluster (id >> 4) in 31:16, 1 << (id & 15) below. */
    g_assert_cmphex(rd(0, MSR_LDR), ==, 0x00000001);
    g_assert_cmphex(rd(1, MSR_LDR), ==, 0x00010004);
    g_assert_cmphex(rd(1, MSR_SVR), ==, 0x1ff);
    g_assert_cmphex(rd(1, MSR_LVTT), ==, LVT_MASKED);
    /* The BSP's LINT0 starts as unmasked ExtINT (virtual wire). */
    g_assert_cmphex(rd(0, MSR_LVT0), ==, 0x700);
    g_assert_cmphex(rd(1, MSR_LVT0), ==, LVT_MASKED);

    /* Read-only registers #GP on write and keep their value. */
    g_assert_false(apic_msr_write(apic[1], MSR_ID, 7));
    g_assert_false(apic_msr_write(apic[1], MSR_VER, 0));
    g_assert_false(apic_msr_write(apic[1], MSR_LDR, 0));
    g_assert_false(apic_msr_write(apic[1], MSR_PPR, 0));
    g_assert_false(apic_msr_write(apic[1], MSR_ISR0, 0));
    g_assert_false(apic_msr_write(apic[1], MSR_TMR0 + 7, 0));
    g_assert_false(apic_msr_write(apic[1], MSR_IRR0 + 3, 0));
    g_assert_false(apic_msr_write(apic[1], MSR_TMCCT, 0));
    g_assert_cmphex(rd(1, MSR_ID), ==, ID1);
    g_assert_cmphex(rd(1, MSR_LDR), ==, 0x00010004);

    /* Absent in x2APIC mode: APR, DFR, ICR2. */
    g_assert_false(apic_msr_read(apic[1], MSR_APR, &v));
    g_assert_false(apic_msr_write(apic[1], MSR_APR, 0));
    g_assert_false(apic_msr_read(apic[1], MSR_DFR, &v));
    g_assert_false(apic_msr_write(apic[1], MSR_DFR, 0));
    g_assert_false(apic_msr_read(apic[1], MSR_ICR2, &v));
    g_assert_false(apic_msr_write(apic[1], MSR_ICR2, 0));
    /* Write-only: EOI, SELF IPI. */
    g_assert_false(apic_msr_read(apic[1], MSR_EOI, &v));
    g_assert_false(apic_msr_read(apic[1], MSR_SELF, &v));
    /* Unallocated offsets and indexes outside 0x800-0x8ff. */
    g_assert_false(apic_msr_read(apic[1], 0x804, &v));
    g_assert_false(apic_msr_write(apic[1], 0x804, 0));
    g_assert_false(apic_msr_read(apic[1], 0x8ff, &v));
    g_assert_false(apic_msr_read(apic[1], 0x7ff, &v));
    g_assert_false(apic_msr_read(apic[1], 0x900, &v));
    /* EOI must be written with 0; reserved upper halves. */
    g_assert_false(apic_msr_write(apic[1], MSR_EOI, 1));
    g_assert_false(apic_msr_write(apic[1], MSR_SVR, 1ULL << 32 | 0x1ff));
    g_assert_false(apic_msr_write(apic[1], MSR_LVTT, 1ULL << 32));
    g_assert_false(apic_msr_write(apic[1], MSR_TMICT, 1ULL << 32));
    g_assert_false(apic_msr_write(apic[1], MSR_SELF, 1ULL << 32 | 0x40));
    g_assert_cmphex(rd(1, MSR_SVR), ==, 0x1ff);
    g_assert_true(irr_empty(1));
}

static void test_tpr_ppr(void)
{
    setup();
    g_assert_cmphex(rd(1, MSR_TPR), ==, 0);
    g_assert_cmphex(rd(1, MSR_PPR), ==, 0);
    wr(1, MSR_TPR, 0x2f);
    g_assert_cmphex(rd(1, MSR_TPR), ==, 0x2f);
    g_assert_cmphex(rd(1, MSR_PPR), ==, 0x2f);
    g_assert_cmpuint(cpu_get_apic_tpr(apic[1]), ==, 2);
    /* CR8 <-> TPR[7:4] */
    cpu_set_apic_tpr(apic[1], 5);
    g_assert_cmphex(rd(1, MSR_TPR), ==, 0x50);
    g_assert_cmpuint(cpu_get_apic_tpr(apic[1]), ==, 5);
    wr(1, MSR_TPR, 0x20);

    /* With 0x61 in service, PPR = ISRV class when it beats TPR. */
    msi(ID1, 0x61);
    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, 0x61);
    g_assert_cmphex(rd(1, MSR_PPR), ==, 0x60);
    wr(1, MSR_TPR, 0x75);
    g_assert_cmphex(rd(1, MSR_PPR), ==, 0x75);
    wr(1, MSR_TPR, 0x63);
    g_assert_cmphex(rd(1, MSR_PPR), ==, 0x63);
    wr(1, MSR_TPR, 0x00);
    wr(1, MSR_EOI, 0);
    g_assert_cmphex(rd(1, MSR_PPR), ==, 0);
}

static void test_fixed_msi(void)
{
    setup();
    /* Edge-triggered fixed vector 0x41 to ID1. */
    msi(ID1, 0x41);
    g_assert_cmphex(rd(1, MSR_IRR0 + 2), ==, 0x2);
    g_assert_cmphex(rd(1, MSR_TMR0 + 2), ==, 0);
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_HARD);
    g_assert_cmphex(irq_req(0), ==, 0);
    g_assert_true(irr_empty(0));

    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, 0x41);
    g_assert_cmphex(rd(1, MSR_IRR0 + 2), ==, 0);
    g_assert_cmphex(rd(1, MSR_ISR0 + 2), ==, 0x2);
    g_assert_cmphex(irq_req(1), ==, 0);
    g_assert_cmphex(rd(1, MSR_PPR), ==, 0x40);
    /* Nothing else pending. */
    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, -1);

    wr(1, MSR_EOI, 0);
    g_assert_true(isr_empty(1));
    g_assert_true(irr_empty(1));
    g_assert_cmphex(rd(1, MSR_PPR), ==, 0);

    /* Level-triggered: TMR set, cleared by a later edge on the vector. */
    msi(ID1, 0x8000 | 0x42);
    g_assert_cmphex(rd(1, MSR_TMR0 + 2), ==, 0x4);
    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, 0x42);
    wr(1, MSR_EOI, 0);
    g_assert_true(isr_empty(1));
    msi(ID1, 0x42);
    g_assert_cmphex(rd(1, MSR_TMR0 + 2), ==, 0);
    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, 0x42);
    wr(1, MSR_EOI, 0);

    /* A destination nobody has; the xAPIC broadcast reaches both. */
    clear_req();
    msi(0x01, 0x43);
    g_assert_true(irr_empty(0));
    g_assert_true(irr_empty(1));
    g_assert_cmphex(irq_req(0) | irq_req(1), ==, 0);
    msi(0xff, 0x44);
    g_assert_true(vec_bit(0, MSR_IRR0, 0x44));
    g_assert_true(vec_bit(1, MSR_IRR0, 0x44));
    g_assert_cmphex(irq_req(0), ==, CPU_INTERRUPT_HARD);
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_HARD);

    /* An MSI outside 0xfeexxxxx is dropped. */
    setup();
    apic_deliver_msi(0xfed00000 | (ID1 << 12), 0x45);
    g_assert_true(irr_empty(1));

    /* Vectors 0-15 are illegal: ESR "received illegal vector". */
    wr(1, MSR_ESR, 0);
    msi(ID1, 0x05);
    g_assert_true(irr_empty(1));
    g_assert_cmphex(rd(1, MSR_ESR), ==, 0);   /* latched on write */
    wr(1, MSR_ESR, 0);
    g_assert_cmphex(rd(1, MSR_ESR), ==, 0x40);
    wr(1, MSR_ESR, 0);
    g_assert_cmphex(rd(1, MSR_ESR), ==, 0);
}

static void test_priority(void)
{
    setup();
    /* TPR class 5 masks class 4. */
    wr(1, MSR_TPR, 0x50);
    msi(ID1, 0x45);
    g_assert_true(vec_bit(1, MSR_IRR0, 0x45));
    g_assert_cmphex(irq_req(1), ==, 0);
    /* Same class as TPR is masked too. */
    msi(ID1, 0x5f);
    g_assert_cmphex(irq_req(1), ==, 0);
    /* A higher class gets through, highest vector first. */
    msi(ID1, 0x61);
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_HARD);
    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, 0x61);
    g_assert_cmphex(irq_req(1), ==, 0);

    /* Lowering the TPR: the in-service class 6 still blocks 0x5f/0x45 */
    wr(1, MSR_TPR, 0);
    g_assert_cmphex(irq_req(1), ==, 0);
    msi(ID1, 0x62);     /* same class as the in-service one */
    g_assert_cmphex(irq_req(1), ==, 0);
    /* Nesting: class 8 preempts class 6. */
    msi(ID1, 0x81);
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_HARD);
    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, 0x81);
    g_assert_cmphex(rd(1, MSR_ISR0 + 4), ==, 0x2);
    g_assert_cmphex(rd(1, MSR_ISR0 + 3), ==, 0x2);
    g_assert_cmphex(rd(1, MSR_PPR), ==, 0x80);
    g_assert_cmphex(irq_req(1), ==, 0);

    /* EOI retires the highest in-service vector first. */
    wr(1, MSR_EOI, 0);
    g_assert_cmphex(rd(1, MSR_ISR0 + 4), ==, 0);
    g_assert_cmphex(rd(1, MSR_ISR0 + 3), ==, 0x2);
    g_assert_cmphex(irq_req(1), ==, 0);
    wr(1, MSR_EOI, 0);
    g_assert_true(isr_empty(1));
    /* Now 0x62, 0x5f, 0x45 in that order. */
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_HARD);
    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, 0x62);
    wr(1, MSR_EOI, 0);
    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, 0x5f);
    wr(1, MSR_EOI, 0);
    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, 0x45);
    wr(1, MSR_EOI, 0);
    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, -1);
    g_assert_cmphex(irq_req(1), ==, 0);
    g_assert_true(irr_empty(1));
    g_assert_true(isr_empty(1));
}

static void test_spurious(void)
{
    setup();
    wr(1, MSR_SVR, 0x1ef);
    g_assert_cmphex(rd(1, MSR_SVR), ==, 0x1ef);
    msi(ID1, 0x41);
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_HARD);
    /* The TPR rises before the acknowledge: spurious vector, no ISR. */
    wr(1, MSR_TPR, 0x50);
    g_assert_cmphex(irq_req(1), ==, 0);
    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, 0xef);
    g_assert_true(isr_empty(1));
    g_assert_true(vec_bit(1, MSR_IRR0, 0x41));
    /* No EOI needed; lowering the TPR presents 0x41 again. */
    wr(1, MSR_TPR, 0);
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_HARD);
    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, 0x41);
    wr(1, MSR_EOI, 0);
    g_assert_true(isr_empty(1));
}

static void test_sw_disable(void)
{
    setup();
    wr(1, MSR_LVTT, 0x30);
    g_assert_cmphex(rd(1, MSR_LVTT), ==, 0x30);
    /* SVR bit 8 clear: all LVTs masked, cannot be unmasked. */
    wr(1, MSR_SVR, 0xff);
    g_assert_cmphex(rd(1, MSR_SVR), ==, 0xff);
    g_assert_cmphex(rd(1, MSR_LVTT), ==, LVT_MASKED | 0x30);
    wr(1, MSR_LVTT, 0x31);
    g_assert_cmphex(rd(1, MSR_LVTT), ==, LVT_MASKED | 0x31);
    /* Fixed interrupts are not presented to the CPU. */
    msi(ID1, 0x41);
    g_assert_cmphex(irq_req(1), ==, 0);
    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, -1);
    g_assert_true(isr_empty(1));
    /* NMI (and INIT / SIPI / SMI) still are. */
    msi(ID1, 0x400);
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_NMI);

    /* Re-enabling leaves the LVTs masked until rewritten. */
    setup();
    wr(1, MSR_SVR, 0xff);
    wr(1, MSR_SVR, 0x1ff);
    g_assert_cmphex(rd(1, MSR_LVTT), ==, LVT_MASKED);
    wr(1, MSR_LVTT, 0x31);
    g_assert_cmphex(rd(1, MSR_LVTT), ==, 0x31);
    msi(ID1, 0x41);
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_HARD);
    g_assert_cmpint(apic_get_interrupt(apic[1]), ==, 0x41);
    wr(1, MSR_EOI, 0);
}

/* Pending fixed vector taken and retired; asserts it was the only one. */
static void take(int n, int vec)
{
    g_assert_cmphex(irq_req(n), ==, CPU_INTERRUPT_HARD);
    g_assert_cmpint(apic_get_interrupt(apic[n]), ==, vec);
    wr(n, MSR_EOI, 0);
    g_assert_true(irr_empty(n));
    g_assert_true(isr_empty(n));
    g_assert_cmphex(irq_req(n), ==, 0);
}

static void test_timer_oneshot(void)
{
    int64_t t0;

    setup();
    wr(1, MSR_LVTT, 0x30);
    wr(1, MSR_TDCR, 0x3);               /* divide by 16 */
    g_assert_cmphex(rd(1, MSR_TDCR), ==, 0x3);
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    wr(1, MSR_TMICT, 100);              /* 1600 ns */
    g_assert_cmphex(rd(1, MSR_TMICT), ==, 100);
    g_assert_cmphex(rd(1, MSR_TMCCT), ==, 100);

    qemu_clock_advance_virtual(800);
    g_assert_cmphex(rd(1, MSR_TMCCT), ==, 50);
    qemu_clock_advance_virtual(799);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, t0 + 1599);
    g_assert_cmphex(rd(1, MSR_TMCCT), ==, 1);
    g_assert_cmphex(irq_req(1), ==, 0);
    g_assert_true(irr_empty(1));
    qemu_clock_advance_virtual(1);
    g_assert_true(vec_bit(1, MSR_IRR0, 0x30));
    g_assert_cmphex(rd(1, MSR_TMCCT), ==, 0);
    g_assert_cmphex(irq_req(0), ==, 0);
    take(1, 0x30);
    /* One-shot: no second expiry. */
    qemu_clock_advance_virtual(100000);
    g_assert_true(irr_empty(1));
    g_assert_cmphex(irq_req(1), ==, 0);
    g_assert_cmphex(rd(1, MSR_TMCCT), ==, 0);
    g_assert_cmphex(rd(1, MSR_TMICT), ==, 100);

    /* Divide by 1 (1011b): 7 ns for 7 ticks. */
    wr(1, MSR_TDCR, 0xb);
    wr(1, MSR_TMICT, 7);
    qemu_clock_advance_virtual(6);
    g_assert_cmphex(irq_req(1), ==, 0);
    qemu_clock_advance_virtual(1);
    take(1, 0x30);

    /* Divide by 128 (1010b): count 3 is 384 ns. */
    wr(1, MSR_TDCR, 0xa);
    wr(1, MSR_TMICT, 3);
    qemu_clock_advance_virtual(383);
    g_assert_cmphex(irq_req(1), ==, 0);
    g_assert_cmphex(rd(1, MSR_TMCCT), ==, 1);
    qemu_clock_advance_virtual(1);
    take(1, 0x30);

    /* Divide by 2 (0000b) switched to 1 mid-count: the rest at 1 ns. */
    wr(1, MSR_TDCR, 0x0);
    wr(1, MSR_TMICT, 100);              /* 200 ns */
    qemu_clock_advance_virtual(100);
    g_assert_cmphex(rd(1, MSR_TMCCT), ==, 50);
    wr(1, MSR_TDCR, 0xb);
    g_assert_cmphex(rd(1, MSR_TMCCT), ==, 50);
    qemu_clock_advance_virtual(49);
    g_assert_cmphex(irq_req(1), ==, 0);
    qemu_clock_advance_virtual(1);
    take(1, 0x30);

    /* Writing 0 to the initial count stops the timer. */
    wr(1, MSR_TMICT, 10);
    wr(1, MSR_TMICT, 0);
    qemu_clock_advance_virtual(1000);
    g_assert_cmphex(irq_req(1), ==, 0);
    g_assert_true(irr_empty(1));

    /* A masked timer counts but delivers nothing. */
    wr(1, MSR_LVTT, LVT_MASKED | 0x30);
    wr(1, MSR_TMICT, 10);
    qemu_clock_advance_virtual(20);
    g_assert_cmphex(rd(1, MSR_TMCCT), ==, 0);
    g_assert_cmphex(irq_req(1), ==, 0);
    g_assert_true(irr_empty(1));
}

static void test_timer_periodic(void)
{
    setup();
    wr(0, MSR_LVTT, LVT_PERIODIC | 0x31);
    g_assert_cmphex(rd(0, MSR_LVTT), ==, LVT_PERIODIC | 0x31);
    wr(0, MSR_TDCR, 0x0);               /* divide by 2 */
    wr(0, MSR_TMICT, 1000);             /* period 2000 ns */

    qemu_clock_advance_virtual(500);
    g_assert_cmphex(rd(0, MSR_TMCCT), ==, 750);
    qemu_clock_advance_virtual(1499);
    g_assert_cmphex(rd(0, MSR_TMCCT), ==, 1);
    g_assert_cmphex(irq_req(0), ==, 0);
    qemu_clock_advance_virtual(1);
    take(0, 0x31);
    /* Reloaded: full count again, next expiry one period later. */
    g_assert_cmphex(rd(0, MSR_TMCCT), ==, 1000);
    qemu_clock_advance_virtual(1999);
    g_assert_cmphex(irq_req(0), ==, 0);
    qemu_clock_advance_virtual(1);
    take(0, 0x31);
    qemu_clock_advance_virtual(500);
    g_assert_cmphex(rd(0, MSR_TMCCT), ==, 750);

    /* Divide change mid-period (to 8: 0010b): the rest at 8 ns a tick. */
    wr(0, MSR_TDCR, 0x2);
    g_assert_cmphex(rd(0, MSR_TMCCT), ==, 750);
    qemu_clock_advance_virtual(750 * 8 - 1);
    g_assert_cmphex(irq_req(0), ==, 0);
    qemu_clock_advance_virtual(1);
    take(0, 0x31);
    /* Then whole periods of 8000 ns. */
    qemu_clock_advance_virtual(7999);
    g_assert_cmphex(irq_req(0), ==, 0);
    qemu_clock_advance_virtual(1);
    take(0, 0x31);

    /* Stopping. */
    wr(0, MSR_TMICT, 0);
    qemu_clock_advance_virtual(100000);
    g_assert_cmphex(irq_req(0), ==, 0);
    g_assert_true(irr_empty(0));
    g_assert_true(irr_empty(1));
}

static void test_timer_tsc_deadline(void)
{
    int64_t now;

    setup();
    wr(1, MSR_LVTT, LVT_TSCDEADLINE | 0x32);
    g_assert_cmphex(rd(1, MSR_LVTT), ==, LVT_TSCDEADLINE | 0x32);
    /* Initial count is ignored in this mode; current count reads 0. */
    wr(1, MSR_TMICT, 5);
    g_assert_cmphex(rd(1, MSR_TMICT), ==, 0);
    g_assert_cmphex(rd(1, MSR_TMCCT), ==, 0);
    qemu_clock_advance_virtual(100);
    g_assert_cmphex(irq_req(1), ==, 0);

    /* Default TSC: 1 GHz, one tick a virtual ns. */
    now = cpu_get_ticks();
    apic_set_tsc_deadline(apic[1], now + 5000);
    g_assert_cmphex(apic_get_tsc_deadline(apic[1]), ==, now + 5000);
    qemu_clock_advance_virtual(4999);
    g_assert_cmphex(irq_req(1), ==, 0);
    g_assert_true(irr_empty(1));
    qemu_clock_advance_virtual(1);
    g_assert_true(vec_bit(1, MSR_IRR0, 0x32));
    g_assert_cmphex(apic_get_tsc_deadline(apic[1]), ==, 0);
    take(1, 0x32);
    qemu_clock_advance_virtual(100000);
    g_assert_cmphex(irq_req(1), ==, 0);

    /* 2 GHz TSC: 10000 ticks are 5000 ns. */
    apic_set_tsc_frequency(apic[1], 2000000000ULL);
    now = cpu_get_ticks();
    apic_set_tsc_deadline(apic[1], now + 10000);
    qemu_clock_advance_virtual(4999);
    g_assert_cmphex(irq_req(1), ==, 0);
    qemu_clock_advance_virtual(1);
    take(1, 0x32);
    apic_set_tsc_frequency(apic[1], 1000000000ULL);

    /* Writing 0 disarms; a deadline in the past fires at once. */
    now = cpu_get_ticks();
    apic_set_tsc_deadline(apic[1], now + 10);
    apic_set_tsc_deadline(apic[1], 0);
    qemu_clock_advance_virtual(100);
    g_assert_cmphex(irq_req(1), ==, 0);
    apic_set_tsc_deadline(apic[1], 1);
    qemu_clock_advance_virtual(0);
    take(1, 0x32);

    /* Leaving the mode disarms the timer and clears the deadline. */
    now = cpu_get_ticks();
    apic_set_tsc_deadline(apic[1], now + 10);
    wr(1, MSR_LVTT, 0x32);
    g_assert_cmphex(apic_get_tsc_deadline(apic[1]), ==, 0);
    qemu_clock_advance_virtual(100);
    g_assert_cmphex(irq_req(1), ==, 0);
    /* ... and the MSR is ignored outside the mode. */
    apic_set_tsc_deadline(apic[1], cpu_get_ticks() + 10);
    g_assert_cmphex(apic_get_tsc_deadline(apic[1]), ==, 0);
    qemu_clock_advance_virtual(100);
    g_assert_cmphex(irq_req(1), ==, 0);
}

static void test_ipi(void)
{
    setup();
    /* Fixed, physical destination ID1. */
    wr(0, MSR_ICR, ICR_DEST(ID1) | ICR_FIXED | 0x50);
    g_assert_cmphex(rd(0, MSR_ICR), ==, ICR_DEST(ID1) | 0x50);
    g_assert_cmphex(rd(1, MSR_IRR0 + 2), ==, 0x10000);
    g_assert_cmphex(irq_req(0), ==, 0);
    g_assert_true(irr_empty(0));
    take(1, 0x50);

    /* Back to ID0. */
    wr(1, MSR_ICR, ICR_DEST(ID0) | 0x51);
    g_assert_cmphex(irq_req(1), ==, 0);
    take(0, 0x51);

    /* NMI: no vector, no IRR. */
    wr(0, MSR_ICR, ICR_DEST(ID1) | ICR_NMI | ICR_LEVEL_ASSERT);
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_NMI);
    g_assert_cmphex(irq_req(0), ==, 0);
    g_assert_true(irr_empty(1));
    clear_req();

    /* INIT assert, then INIT level de-assert (delivers nothing). */
    wr(0, MSR_ICR, ICR_DEST(ID1) | ICR_INIT | ICR_LEVEL_ASSERT);
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_INIT);
    g_assert_cmphex(irq_req(0), ==, 0);
    clear_req();
    wr(0, MSR_ICR, ICR_DEST(ID1) | ICR_INIT | ICR_TRIG_LEVEL);
    g_assert_cmphex(irq_req(1), ==, 0);
    g_assert_cmphex(irq_req(0), ==, 0);

    /* SIPI: the AP (waiting since reset) takes the vector. */
    wr(0, MSR_ICR, ICR_DEST(ID1) | ICR_SIPI | ICR_LEVEL_ASSERT | 0x9a);
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_SIPI);
    g_assert_cmpint(apic_get_sipi_vector(apic[1]), ==, 0x9a);
    clear_req();
    /* A second SIPI is ignored once the first was taken. */
    wr(0, MSR_ICR, ICR_DEST(ID1) | ICR_SIPI | ICR_LEVEL_ASSERT | 0x11);
    g_assert_cmphex(irq_req(1), ==, 0);
    g_assert_cmpint(apic_get_sipi_vector(apic[1]), ==, 0x9a);
    /* The BSP does not wait for a SIPI. */
    wr(1, MSR_ICR, ICR_DEST(ID0) | ICR_SIPI | ICR_LEVEL_ASSERT | 0x22);
    g_assert_cmphex(irq_req(0), ==, 0);
    /* After INIT the AP waits again. */
    apic_init_reset(apic[1]);
    wr(0, MSR_ICR, ICR_DEST(ID1) | ICR_SIPI | ICR_LEVEL_ASSERT | 0x23);
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_SIPI);
    g_assert_cmpint(apic_get_sipi_vector(apic[1]), ==, 0x23);

    /* Shorthands. */
    setup();
    wr(0, MSR_ICR, ICR_SH_OTHERS | 0x56);
    g_assert_true(irr_empty(0));
    g_assert_cmphex(irq_req(0), ==, 0);
    take(1, 0x56);
    wr(0, MSR_ICR, ICR_SH_ALL | 0x57);
    take(0, 0x57);
    take(1, 0x57);
    wr(1, MSR_ICR, ICR_SH_SELF | ICR_DEST(ID0) | 0x58);
    g_assert_true(irr_empty(0));
    take(1, 0x58);
    /* x2APIC broadcast destination. */
    wr(1, MSR_ICR, ICR_DEST(0xffffffffu) | 0x59);
    take(0, 0x59);
    take(1, 0x59);
    /* x2APIC logical: cluster 1, member bit 2 is ID 0x12. */
    wr(0, MSR_ICR, ICR_DEST(0x00010004) | (1 << 11) | 0x5a);
    g_assert_true(irr_empty(0));
    take(1, 0x5a);
    wr(0, MSR_ICR, ICR_DEST(0x00000004) | (1 << 11) | 0x5b);
    g_assert_true(irr_empty(0));
    g_assert_true(irr_empty(1));
    g_assert_cmphex(irq_req(1), ==, 0);

    /* Illegal vector: not sent, ESR bit 5 on the sender. */
    wr(0, MSR_ESR, 0);
    wr(0, MSR_ICR, ICR_DEST(ID1) | 0x0f);
    g_assert_true(irr_empty(1));
    g_assert_cmphex(irq_req(1), ==, 0);
    wr(0, MSR_ESR, 0);
    g_assert_cmphex(rd(0, MSR_ESR), ==, 0x20);
    g_assert_cmphex(rd(1, MSR_ESR), ==, 0);
}

static void test_self_ipi(void)
{
    setup();
    wr(0, MSR_SELF, 0x66);
    g_assert_cmphex(rd(0, MSR_IRR0 + 3), ==, 0x40);
    g_assert_cmphex(irq_req(1), ==, 0);
    g_assert_true(irr_empty(1));
    take(0, 0x66);
    wr(1, MSR_SELF, 0x67);
    g_assert_cmphex(irq_req(0), ==, 0);
    take(1, 0x67);
}

static void test_lowest_priority(void)
{
    setup();
    /* Bus message: lowest priority to both; the lower TPR wins. */
    wr(0, MSR_TPR, 0x80);
    wr(1, MSR_TPR, 0x10);
    apic_deliver_irq(0xffffffff, 0, 1, 0x90, 0);
    g_assert_true(irr_empty(0));
    take(1, 0x90);
    wr(0, MSR_TPR, 0x10);
    wr(1, MSR_TPR, 0x80);
    apic_deliver_irq(0xffffffff, 0, 1, 0x91, 0);
    g_assert_true(irr_empty(1));
    take(0, 0x91);
    /* Fixed via the bus to one physical ID. */
    apic_deliver_irq(ID1, 0, 0, 0x92, 0);
    g_assert_true(irr_empty(0));
    g_assert_true(vec_bit(1, MSR_IRR0, 0x92));
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_HARD);
    apic_deliver_irq(ID1, 0, 5, 0, 0);
    g_assert_cmphex(irq_req(1), ==, CPU_INTERRUPT_HARD | CPU_INTERRUPT_INIT);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    qemu_clock_set_virtual_manual(true);

    /*
     * No machine and no accelerator: the CPUs get no vCPU thread and
     * realize attaches them under /machine/unattached.
     */
    for (int n = 0; n < 2; n++) {
        X86CPU *c = x86_cpu_create(X86_CPU_TYPE_NAME("qemu64"), NULL,
                                   n ? ID1 : ID0, &error_abort);
        cpu[n] = CPU(c);
        apic[n] = apic_new(cpu[n], n ? ID1 : ID0);
        c->apic_state = apic[n];
        g_assert_cmpint(cpu[n]->cpu_index, ==, n);
        g_assert_true(cpu_get_apic(cpu[n]) == apic[n]);
    }

    g_test_add_func("/apic/base", test_apic_base);
    g_test_add_func("/apic/id-version", test_id_version);
    g_test_add_func("/apic/tpr-ppr", test_tpr_ppr);
    g_test_add_func("/apic/fixed-msi", test_fixed_msi);
    g_test_add_func("/apic/priority", test_priority);
    g_test_add_func("/apic/spurious", test_spurious);
    g_test_add_func("/apic/sw-disable", test_sw_disable);
    g_test_add_func("/apic/timer/oneshot", test_timer_oneshot);
    g_test_add_func("/apic/timer/periodic", test_timer_periodic);
    g_test_add_func("/apic/timer/tsc-deadline", test_timer_tsc_deadline);
    g_test_add_func("/apic/ipi", test_ipi);
    g_test_add_func("/apic/self-ipi", test_self_ipi);
    g_test_add_func("/apic/lowest-priority", test_lowest_priority);
    return g_test_run();
}
