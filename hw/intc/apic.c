/*
 * Local APIC, modelled after the Intel SDM (vol. 3, "Advanced Programmable
 * Interrupt Controller"): xAPIC MMIO registers, x2APIC MSRs, IRR/ISR/TMR
 * with PPR-based acceptance, EOI (with broadcast to the I/O APICs for
 * level-triggered vectors), LVT entries, the APIC timer (one-shot,
 * periodic, TSC-deadline) on the virtual clock, and the interprocessor
 * messages (fixed, lowest priority, SMI, NMI, INIT, SIPI) that the ICR,
 * the I/O APIC and MSI writes send.
 *
 * The 1 MiB window at 0xfee00000 is shared by all CPUs: a CPU's access
 * reaches its own APIC, a write from anything else is an MSI.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/core/cpu.h"
#include "exec/memory.h"
#include "hw/intc/apic.h"
#include "hw/intc/ioapic.h"
#include "system/kvm.h"

OBJECT_DECLARE_SIMPLE_TYPE(APICState, APIC)

#define APIC_VERSION        0x14
#define APIC_LVT_NB         6
#define APIC_LVT_TIMER      0
#define APIC_LVT_THERMAL    1
#define APIC_LVT_PERFORM    2
#define APIC_LVT_LINT0      3
#define APIC_LVT_LINT1      4
#define APIC_LVT_ERROR      5

#define APIC_LVT_MASKED         (1 << 16)
#define APIC_LVT_LEVEL_TRIGGER  (1 << 15)
#define APIC_LVT_REMOTE_IRR     (1 << 14)
#define APIC_LVT_DELIV_STS      (1 << 12)
#define APIC_LVT_TIMER_SHIFT    17
#define APIC_LVT_TIMER_ONESHOT  0
#define APIC_LVT_TIMER_PERIODIC 1
#define APIC_LVT_TIMER_TSCDEADLINE 2

#define APIC_DM_FIXED   0
#define APIC_DM_LOWPRI  1
#define APIC_DM_SMI     2
#define APIC_DM_NMI     4
#define APIC_DM_INIT    5
#define APIC_DM_SIPI    6
#define APIC_DM_EXTINT  7

#define APIC_DESTMODE_FLAT    0xf
#define APIC_DESTMODE_CLUSTER 0x0

#define APIC_SV_ENABLE              (1 << 8)
#define APIC_SV_DIRECTED_EOI        (1 << 12)

#define APIC_ESR_SEND_ILLEGAL_VECTOR    (1 << 5)
#define APIC_ESR_RECV_ILLEGAL_VECTOR    (1 << 6)
#define APIC_ESR_ILLEGAL_ADDRESS        (1 << 7)

/* The timer counts at this rate before the divider. */
#define APIC_BUS_HZ 1000000000ULL

struct APICState {
    DeviceState parent_obj;

    CPUState *cpu;
    uint32_t id;            /* property "id" */
    uint64_t apicbase;
    uint8_t arb_id;
    uint8_t tpr;
    uint32_t spurious_vec;
    uint8_t log_dest;       /* xAPIC LDR[31:24] */
    uint8_t dest_mode;      /* DFR[31:28] */
    uint32_t isr[8];
    uint32_t tmr[8];
    uint32_t irr[8];
    uint32_t lvt[APIC_LVT_NB];
    uint32_t esr;           /* as last latched by an ESR write */
    uint32_t pending_esr;
    uint32_t icr[2];
    uint32_t divide_conf;
    int count_shift;
    uint32_t initial_count;
    int64_t initial_count_load_time;
    int64_t next_time;
    QEMUTimer *timer;
    uint64_t tsc_deadline;
    uint64_t tsc_hz;
    int sipi_vector;
    bool wait_for_sipi;
    bool bsp;
    int pic_level;          /* LINT0 input from the 8259 */
};

static GPtrArray *local_apics;
static MemoryRegion apic_window;

static void apic_update_irq(APICState *s);
static void apic_timer_update(APICState *s, int64_t now);

/* ---- 256-bit vector sets ---------------------------------------------- */

static void set_bit256(uint32_t *tab, int n)
{
    tab[n >> 5] |= 1u << (n & 31);
}

static void clear_bit256(uint32_t *tab, int n)
{
    tab[n >> 5] &= ~(1u << (n & 31));
}

static bool test_bit256(const uint32_t *tab, int n)
{
    return tab[n >> 5] & (1u << (n & 31));
}

/* Highest set bit, -1 if none. */
static int get_highest_bit256(const uint32_t *tab)
{
    int i;

    for (i = 7; i >= 0; i--) {
        if (tab[i]) {
            return i * 32 + 31 - __builtin_clz(tab[i]);
        }
    }
    return -1;
}

/* ---- helpers ----------------------------------------------------------- */

static bool is_x2apic_mode(APICState *s)
{
    return s->apicbase & MSR_IA32_APICBASE_EXTD;
}

static bool apic_hw_enabled(APICState *s)
{
    return s->apicbase & MSR_IA32_APICBASE_ENABLE;
}

static bool apic_sw_enabled(APICState *s)
{
    return s->spurious_vec & APIC_SV_ENABLE;
}

static APICState *apic_of_cpu(CPUState *cpu)
{
    guint i;

    if (!cpu || !local_apics) {
        return NULL;
    }
    for (i = 0; i < local_apics->len; i++) {
        APICState *s = g_ptr_array_index(local_apics, i);
        if (s->cpu == cpu) {
            return s;
        }
    }
    return NULL;
}

DeviceState *cpu_get_apic(CPUState *cpu)
{
    APICState *s = apic_of_cpu(cpu);

    return s ? DEVICE(s) : NULL;
}

static void apic_cpu_interrupt(APICState *s, int mask)
{
    if (s->cpu) {
        cpu_interrupt(s->cpu, mask);
    }
}

static void apic_cpu_reset_interrupt(APICState *s, int mask)
{
    if (s->cpu) {
        cpu_reset_interrupt(s->cpu, mask);
    }
}

static uint32_t apic_get_ppr(APICState *s)
{
    int isrv = get_highest_bit256(s->isr);

    if (isrv < 0) {
        isrv = 0;
    }
    if ((s->tpr & 0xf0) >= (isrv & 0xf0)) {
        return s->tpr;
    }
    return isrv & 0xf0;
}

static uint32_t apic_get_arb_pri(APICState *s)
{
    int isrv = get_highest_bit256(s->isr);
    int irrv = get_highest_bit256(s->irr);
    int v = MAX(isrv, irrv);

    /* Mask only after the "none" case: -1 & 0xf0 would read as 0xf0. */
    v = v < 0 ? 0 : v & 0xf0;
    return (s->tpr & 0xf0) >= v ? s->tpr : (uint32_t)v;
}

static void apic_set_error(APICState *s, uint32_t error)
{
    uint32_t lvt = s->lvt[APIC_LVT_ERROR];

    s->pending_esr |= error;
    if (!(lvt & APIC_LVT_MASKED)) {
        /* The error vector is delivered as a fixed interrupt. */
        int vector = lvt & 0xff;
        if (vector >= 16) {
            set_bit256(s->irr, vector);
            clear_bit256(s->tmr, vector);
            apic_update_irq(s);
        }
    }
}

/* An interrupt the APIC accepts for service (fixed / lowest priority). */
static void apic_set_irq(APICState *s, int vector, int trigger_mode)
{
    if (vector < 16) {
        apic_set_error(s, APIC_ESR_RECV_ILLEGAL_VECTOR);
        return;
    }
    set_bit256(s->irr, vector);
    if (trigger_mode) {
        set_bit256(s->tmr, vector);
    } else {
        clear_bit256(s->tmr, vector);
    }
    apic_update_irq(s);
}

/* The highest requested vector, or -1 if none or the APIC is disabled. */
static int apic_highest_irr(APICState *s)
{
    if (!apic_hw_enabled(s) || !apic_sw_enabled(s)) {
        return -1;
    }
    return get_highest_bit256(s->irr);
}

/* A vector whose class does not exceed the processor priority waits. */
static bool apic_vector_masked(APICState *s, int vector)
{
    return (vector & 0xf0) <= (apic_get_ppr(s) & 0xf0);
}

/* -1: nothing; otherwise the vector the CPU would take now. */
static int apic_irq_pending(APICState *s)
{
    int irrv = apic_highest_irr(s);

    return irrv >= 0 && !apic_vector_masked(s, irrv) ? irrv : -1;
}

static int apic_accept_pic(APICState *s)
{
    uint32_t lvt0 = s->lvt[APIC_LVT_LINT0];

    if (!apic_hw_enabled(s)) {
        return 1;       /* hardware-disabled: INTR goes straight through */
    }
    return !(lvt0 & APIC_LVT_MASKED) && ((lvt0 >> 8) & 7) == APIC_DM_EXTINT;
}

static void apic_update_irq(APICState *s)
{
    if (apic_irq_pending(s) >= 0 || (s->pic_level && apic_accept_pic(s))) {
        apic_cpu_interrupt(s, CPU_INTERRUPT_HARD);
    } else {
        apic_cpu_reset_interrupt(s, CPU_INTERRUPT_HARD);
    }
}

void apic_poll_irq(DeviceState *dev)
{
    apic_update_irq(APIC(dev));
}

static void apic_deliver_one(APICState *s, uint8_t delivery_mode,
                             uint8_t vector, uint8_t trigger_mode)
{
    switch (delivery_mode) {
    case APIC_DM_FIXED:
    case APIC_DM_LOWPRI:
        apic_set_irq(s, vector, trigger_mode);
        break;
    case APIC_DM_SMI:
        apic_cpu_interrupt(s, CPU_INTERRUPT_SMI);
        break;
    case APIC_DM_NMI:
        apic_cpu_interrupt(s, CPU_INTERRUPT_NMI);
        break;
    case APIC_DM_INIT:
        apic_cpu_interrupt(s, CPU_INTERRUPT_INIT);
        break;
    case APIC_DM_SIPI:
        if (s->wait_for_sipi) {
            s->sipi_vector = vector;
            apic_cpu_interrupt(s, CPU_INTERRUPT_SIPI);
        }
        break;
    case APIC_DM_EXTINT:
        /* The vector comes from the 8259 on the CPU's acknowledge. */
        apic_cpu_interrupt(s, CPU_INTERRUPT_HARD);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "apic: reserved delivery mode %u\n", delivery_mode);
        break;
    }
}

/* Delivery through a local vector table entry. */
static void apic_local_deliver(APICState *s, int lvt_index)
{
    uint32_t lvt = s->lvt[lvt_index];
    uint8_t mode = (lvt >> 8) & 7;
    int trigger = 0;

    if (lvt & APIC_LVT_MASKED) {
        return;
    }
    switch (mode) {
    case APIC_DM_FIXED:
    case APIC_DM_SMI:
    case APIC_DM_NMI:
    case APIC_DM_EXTINT:
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "apic: LVT %d: reserved delivery "
                      "mode %u\n", lvt_index, mode);
        return;
    }
    if (lvt_index == APIC_LVT_LINT0 || lvt_index == APIC_LVT_LINT1) {
        trigger = !!(lvt & APIC_LVT_LEVEL_TRIGGER);
    }
    apic_deliver_one(s, mode, lvt & 0xff, trigger);
}

void apic_deliver_pic_intr(DeviceState *dev, int level)
{
    APICState *s = APIC(dev);
    uint32_t lvt = s->lvt[APIC_LVT_LINT0];

    if (level == s->pic_level) {
        return;
    }
    s->pic_level = level;
    if (kvm_irqchip_is_split()) {
        /* LINT0 is the in-kernel LAPIC's: KVM injects the 8259's vector
         * (KVM_INTERRUPT) when that LAPIC takes ExtINT. HARD kicks it. */
        if (level) {
            apic_cpu_interrupt(s, CPU_INTERRUPT_HARD);
        } else {
            apic_cpu_reset_interrupt(s, CPU_INTERRUPT_HARD);
        }
        return;
    }
    if (!apic_hw_enabled(s) || ((lvt >> 8) & 7) == APIC_DM_EXTINT) {
        apic_update_irq(s);
        return;
    }
    if (level) {
        apic_local_deliver(s, APIC_LVT_LINT0);
    } else if ((lvt & APIC_LVT_LEVEL_TRIGGER) && ((lvt >> 8) & 7) == 0) {
        /* A level-triggered fixed LINT0 drops its request. */
        clear_bit256(s->irr, lvt & 0xff);
        apic_update_irq(s);
    }
}

void apic_deliver_nmi(DeviceState *dev)
{
    APICState *s = APIC(dev);

    if (!apic_hw_enabled(s)) {
        apic_cpu_interrupt(s, CPU_INTERRUPT_NMI);
        return;
    }
    apic_local_deliver(s, APIC_LVT_LINT1);
}

int apic_accept_pic_intr(DeviceState *dev)
{
    return dev ? apic_accept_pic(APIC(dev)) : 1;
}

/* ---- message delivery -------------------------------------------------- */

static bool apic_match_dest(APICState *s, uint32_t dest, uint8_t dest_mode)
{
    if (is_x2apic_mode(s)) {
        if (dest == 0xffffffff) {
            return true;
        }
        if (!dest_mode) {
            return s->id == dest;
        }
        /* Logical: cluster in 31:16, member bitmap in 15:0. */
        return (dest >> 16) == (s->id >> 4) &&
               (dest & 0xffff & (1u << (s->id & 0xf)));
    }
    dest &= 0xff;
    if (dest == 0xff) {
        return true;
    }
    if (!dest_mode) {
        return (s->id & 0xff) == dest;
    }
    if (s->dest_mode == APIC_DESTMODE_FLAT) {
        return dest & s->log_dest;
    }
    if (s->dest_mode == APIC_DESTMODE_CLUSTER) {
        return (dest >> 4) == (s->log_dest >> 4) &&
               (dest & s->log_dest & 0xf);
    }
    return false;
}

static void apic_deliver_to(GPtrArray *targets, uint8_t delivery_mode,
                            uint8_t vector, uint8_t trigger_mode)
{
    guint i;

    if (delivery_mode == APIC_DM_LOWPRI && targets->len > 1) {
        /* Lowest priority: the target with the lowest arbitration
         * priority (first one on a tie). */
        APICState *best = NULL;
        for (i = 0; i < targets->len; i++) {
            APICState *s = g_ptr_array_index(targets, i);
            if (!best || apic_get_arb_pri(s) < apic_get_arb_pri(best)) {
                best = s;
            }
        }
        apic_deliver_one(best, delivery_mode, vector, trigger_mode);
        return;
    }
    for (i = 0; i < targets->len; i++) {
        apic_deliver_one(g_ptr_array_index(targets, i), delivery_mode,
                         vector, trigger_mode);
    }
}

void apic_deliver_irq(uint32_t dest, uint8_t dest_mode, uint8_t delivery_mode,
                      uint8_t vector, uint8_t trigger_mode)
{
    GPtrArray *targets;
    guint i;

    if (!local_apics) {
        return;
    }
    targets = g_ptr_array_new();
    for (i = 0; i < local_apics->len; i++) {
        APICState *s = g_ptr_array_index(local_apics, i);
        if (apic_hw_enabled(s) && apic_match_dest(s, dest, dest_mode)) {
            g_ptr_array_add(targets, s);
        }
    }
    apic_deliver_to(targets, delivery_mode, vector, trigger_mode);
    g_ptr_array_free(targets, true);
}

void apic_deliver_msi(uint64_t addr, uint32_t data)
{
    uint32_t dest = (addr >> 12) & 0xff;
    uint8_t dest_mode = (addr >> 2) & 1;
    uint8_t vector = data & 0xff;
    uint8_t delivery_mode = (data >> 8) & 7;
    uint8_t trigger_mode = (data >> 15) & 1;

    /* KVM's in-kernel LAPICs (kernel-irqchip=on or split) take MSIs. */
    if (kvm_irqchip_in_kernel()) {
        kvm_irqchip_send_msi(addr, data);
        return;
    }
    if ((addr & 0xfff00000ULL) != APIC_DEFAULT_ADDRESS) {
        qemu_log_mask(LOG_GUEST_ERROR, "apic: MSI to bad address 0x%"
                      PRIx64 "\n", addr);
        return;
    }
    /* Extended destination ID (bits 11:5) for more than 255 CPUs. */
    dest |= ((addr >> 5) & 0x7f) << 8;
    if (dest == 0xff) {
        dest = 0xffffffff;      /* xAPIC broadcast reaches x2APICs too */
    }
    apic_deliver_irq(dest, dest_mode, delivery_mode, vector, trigger_mode);
}

/* ICR send: destination shorthand applies here. */
static void apic_send_ipi(APICState *s)
{
    uint32_t lo = s->icr[0];
    uint32_t dest = is_x2apic_mode(s) ? s->icr[1] : s->icr[1] >> 24;
    uint8_t delivery_mode = (lo >> 8) & 7;
    uint8_t dest_mode = (lo >> 11) & 1;
    uint8_t vector = lo & 0xff;
    uint8_t trigger_mode = (lo >> 15) & 1;
    uint8_t level = (lo >> 14) & 1;
    GPtrArray *targets;
    guint i;

    if (delivery_mode == APIC_DM_INIT && !level && trigger_mode) {
        /* INIT level de-assert: only resynchronises arbitration IDs. */
        for (i = 0; i < local_apics->len; i++) {
            APICState *t = g_ptr_array_index(local_apics, i);
            t->arb_id = t->id;
        }
        return;
    }
    if ((delivery_mode == APIC_DM_FIXED || delivery_mode == APIC_DM_LOWPRI)
        && vector < 16) {
        apic_set_error(s, APIC_ESR_SEND_ILLEGAL_VECTOR);
        return;
    }
    if (!is_x2apic_mode(s) && dest == 0xff) {
        dest = 0xffffffff;
    }
    targets = g_ptr_array_new();
    switch ((lo >> 18) & 3) {
    case 0: /* no shorthand */
        for (i = 0; i < local_apics->len; i++) {
            APICState *t = g_ptr_array_index(local_apics, i);
            if (apic_hw_enabled(t) && apic_match_dest(t, dest, dest_mode)) {
                g_ptr_array_add(targets, t);
            }
        }
        break;
    case 1: /* self */
        g_ptr_array_add(targets, s);
        break;
    case 2: /* all including self */
    case 3: /* all excluding self */
        for (i = 0; i < local_apics->len; i++) {
            APICState *t = g_ptr_array_index(local_apics, i);
            if (apic_hw_enabled(t) && (t != s || ((lo >> 18) & 3) == 2)) {
                g_ptr_array_add(targets, t);
            }
        }
        break;
    }
    apic_deliver_to(targets, delivery_mode, vector, trigger_mode);
    g_ptr_array_free(targets, true);
}

/* ---- acknowledge and EOI ---------------------------------------------- */

int apic_get_interrupt(DeviceState *dev)
{
    APICState *s = APIC(dev);
    int intno = apic_highest_irr(s);

    if (intno < 0) {
        return -1;
    }
    if (apic_vector_masked(s, intno)) {
        /* Masked by a TPR raised after INTR was signalled. */
        return s->spurious_vec & 0xff;
    }
    clear_bit256(s->irr, intno);
    set_bit256(s->isr, intno);
    apic_update_irq(s);
    return intno;
}

static void apic_eoi(APICState *s)
{
    int isrv = get_highest_bit256(s->isr);

    if (isrv < 0) {
        return;
    }
    clear_bit256(s->isr, isrv);
    if (test_bit256(s->tmr, isrv) &&
        !(s->spurious_vec & APIC_SV_DIRECTED_EOI)) {
        ioapic_eoi_broadcast(isrv);
    }
    apic_update_irq(s);
}

/* ---- timer ------------------------------------------------------------- */

static int apic_timer_mode(APICState *s)
{
    return (s->lvt[APIC_LVT_TIMER] >> APIC_LVT_TIMER_SHIFT) & 3;
}

static void apic_set_divide(APICState *s, uint32_t val)
{
    int v;

    s->divide_conf = val & 0xb;
    v = (s->divide_conf & 3) | ((s->divide_conf >> 1) & 4);
    s->count_shift = (v + 1) & 7;
}

static int64_t apic_ticks_to_ns(APICState *s, uint64_t ticks)
{
    /* APIC_BUS_HZ is 1 GHz: a tick before the divider is 1 ns. */
    return (int64_t)(ticks << s->count_shift);
}

static uint32_t apic_get_current_count(APICState *s)
{
    int64_t d;

    if (apic_timer_mode(s) == APIC_LVT_TIMER_TSCDEADLINE ||
        !s->initial_count) {
        return 0;
    }
    d = (qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->initial_count_load_time)
        >> s->count_shift;
    if (d < 0) {
        d = 0;
    }
    if (apic_timer_mode(s) == APIC_LVT_TIMER_PERIODIC) {
        return s->initial_count - (uint32_t)(d % ((uint64_t)s->initial_count));
    }
    if ((uint64_t)d >= s->initial_count) {
        return 0;
    }
    return s->initial_count - d;
}

static void apic_tsc_deadline_update(APICState *s)
{
    int64_t now_ticks, delta, expire;

    if (apic_timer_mode(s) != APIC_LVT_TIMER_TSCDEADLINE ||
        !s->tsc_deadline) {
        timer_del(s->timer);
        return;
    }
    now_ticks = cpu_get_ticks();
    delta = (int64_t)(s->tsc_deadline - (uint64_t)now_ticks);
    if (delta < 0) {
        delta = 0;
    }
    expire = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
             (int64_t)((__int128)delta * NANOSECONDS_PER_SECOND / s->tsc_hz);
    timer_mod(s->timer, expire);
}

/* (Re)arms the count-down timer for the current count; now = virtual ns. */
static void apic_timer_update(APICState *s, int64_t now)
{
    int64_t period, d, next;

    if (apic_timer_mode(s) == APIC_LVT_TIMER_TSCDEADLINE) {
        apic_tsc_deadline_update(s);
        return;
    }
    if (!s->initial_count) {
        timer_del(s->timer);
        return;
    }
    period = apic_ticks_to_ns(s, s->initial_count);
    d = now - s->initial_count_load_time;
    if (apic_timer_mode(s) == APIC_LVT_TIMER_PERIODIC) {
        next = s->initial_count_load_time + (d / period + 1) * period;
    } else {
        next = s->initial_count_load_time + period;
        if (d >= period) {
            timer_del(s->timer);
            return;
        }
    }
    s->next_time = next;
    timer_mod(s->timer, next);
}

static void apic_timer_cb(void *opaque)
{
    APICState *s = opaque;

    apic_local_deliver(s, APIC_LVT_TIMER);
    if (apic_timer_mode(s) == APIC_LVT_TIMER_TSCDEADLINE) {
        s->tsc_deadline = 0;
        return;
    }
    if (apic_timer_mode(s) == APIC_LVT_TIMER_PERIODIC) {
        apic_timer_update(s, s->next_time);
    }
}

void apic_set_tsc_deadline(DeviceState *dev, uint64_t deadline)
{
    APICState *s = APIC(dev);

    if (apic_timer_mode(s) != APIC_LVT_TIMER_TSCDEADLINE) {
        return;     /* ignored outside TSC-deadline mode */
    }
    s->tsc_deadline = deadline;
    apic_tsc_deadline_update(s);
}

uint64_t apic_get_tsc_deadline(DeviceState *dev)
{
    APICState *s = APIC(dev);

    return apic_timer_mode(s) == APIC_LVT_TIMER_TSCDEADLINE ?
           s->tsc_deadline : 0;
}

void apic_set_tsc_frequency(DeviceState *dev, uint64_t hz)
{
    APICState *s = APIC(dev);

    s->tsc_hz = hz ? hz : NANOSECONDS_PER_SECOND;
    apic_tsc_deadline_update(s);
}

/* ---- register file ----------------------------------------------------- */

static const uint32_t lvt_write_mask[APIC_LVT_NB] = {
    [APIC_LVT_TIMER]   = 0x000700ff,   /* vector, mask, timer mode */
    [APIC_LVT_THERMAL] = 0x000107ff,
    [APIC_LVT_PERFORM] = 0x000107ff,
    [APIC_LVT_LINT0]   = 0x0001a7ff,   /* + polarity, trigger */
    [APIC_LVT_LINT1]   = 0x0001a7ff,
    [APIC_LVT_ERROR]   = 0x000100ff,
};

static void apic_write_lvt(APICState *s, int n, uint32_t val)
{
    int old_mode = apic_timer_mode(s);
    uint32_t old = s->lvt[n];

    val &= lvt_write_mask[n];
    if (n == APIC_LVT_TIMER && ((val >> APIC_LVT_TIMER_SHIFT) & 3) == 3) {
        qemu_log_mask(LOG_GUEST_ERROR, "apic: reserved timer mode 3\n");
        val &= ~(3u << APIC_LVT_TIMER_SHIFT);
    }
    if (!apic_sw_enabled(s)) {
        val |= APIC_LVT_MASKED;     /* cannot unmask while disabled */
    }
    /* Remote IRR of LINT0/1 is read-only. */
    s->lvt[n] = val | (old & APIC_LVT_REMOTE_IRR);
    if (n == APIC_LVT_TIMER) {
        int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        if (apic_timer_mode(s) != old_mode) {
            /* Switching modes disarms the timer and clears the count. */
            s->tsc_deadline = 0;
            s->initial_count = 0;
            timer_del(s->timer);
        }
        apic_timer_update(s, now);
    } else if (n == APIC_LVT_LINT0) {
        apic_update_irq(s);
    }
}

static void apic_set_spurious(APICState *s, uint32_t val)
{
    int i;

    s->spurious_vec = val & 0x11ff;
    if (!apic_sw_enabled(s)) {
        for (i = 0; i < APIC_LVT_NB; i++) {
            s->lvt[i] |= APIC_LVT_MASKED;
        }
    }
    apic_update_irq(s);
}

/* Reads register index (offset >> 4); false: no such register. */
static bool apic_reg_read(APICState *s, int index, uint64_t *val)
{
    switch (index) {
    case 0x02: /* ID */
        *val = is_x2apic_mode(s) ? s->id : (uint64_t)(s->id & 0xff) << 24;
        break;
    case 0x03: /* version: max LVT entry in 23:16, EOI-broadcast suppress */
        *val = APIC_VERSION | ((APIC_LVT_NB - 1) << 16) | (1u << 24);
        break;
    case 0x08:
        *val = s->tpr;
        break;
    case 0x09:
        *val = apic_get_arb_pri(s);
        break;
    case 0x0a:
        *val = apic_get_ppr(s);
        break;
    case 0x0b: /* EOI: write-only, reads as 0 in xAPIC mode */
        *val = 0;
        break;
    case 0x0d:
        if (is_x2apic_mode(s)) {
            *val = ((s->id >> 4) << 16) | (1u << (s->id & 0xf));
        } else {
            *val = (uint32_t)s->log_dest << 24;
        }
        break;
    case 0x0e:
        *val = ((uint32_t)s->dest_mode << 28) | 0x0fffffff;
        break;
    case 0x0f:
        *val = s->spurious_vec;
        break;
    case 0x10 ... 0x17:
        *val = s->isr[index & 7];
        break;
    case 0x18 ... 0x1f:
        *val = s->tmr[index & 7];
        break;
    case 0x20 ... 0x27:
        *val = s->irr[index & 7];
        break;
    case 0x28:
        *val = s->esr;
        break;
    case 0x30:
        *val = s->icr[0];
        if (is_x2apic_mode(s)) {
            *val |= (uint64_t)s->icr[1] << 32;
        }
        break;
    case 0x31:
        *val = s->icr[1];
        break;
    case 0x32 ... 0x37:
        *val = s->lvt[index - 0x32];
        break;
    case 0x38:
        *val = s->initial_count;
        break;
    case 0x39:
        *val = apic_get_current_count(s);
        break;
    case 0x3e:
        *val = s->divide_conf;
        break;
    default:
        *val = 0;
        return false;
    }
    return true;
}

static bool apic_reg_write(APICState *s, int index, uint64_t val)
{
    switch (index) {
    case 0x02:
        if (is_x2apic_mode(s)) {
            return false;
        }
        s->id = (s->id & ~0xffu) | ((val >> 24) & 0xff);
        break;
    case 0x03:
        break;      /* read-only */
    case 0x08:
        s->tpr = val & 0xff;
        apic_update_irq(s);
        break;
    case 0x09:
    case 0x0a:
        break;      /* read-only */
    case 0x0b:
        apic_eoi(s);
        break;
    case 0x0d:
        if (is_x2apic_mode(s)) {
            return false;
        }
        s->log_dest = val >> 24;
        break;
    case 0x0e:
        if (is_x2apic_mode(s)) {
            return false;
        }
        s->dest_mode = (val >> 28) & 0xf;
        break;
    case 0x0f:
        apic_set_spurious(s, val);
        break;
    case 0x10 ... 0x27:
        break;      /* ISR, TMR, IRR are read-only */
    case 0x28:
        /* A write latches the errors seen since the last one. */
        s->esr = s->pending_esr;
        s->pending_esr = 0;
        break;
    case 0x30:
        s->icr[0] = val & ~(uint32_t)APIC_LVT_DELIV_STS;
        if (is_x2apic_mode(s)) {
            s->icr[1] = val >> 32;
        }
        apic_send_ipi(s);
        break;
    case 0x31:
        if (is_x2apic_mode(s)) {
            return false;
        }
        s->icr[1] = val & 0xff000000;
        break;
    case 0x32 ... 0x37:
        apic_write_lvt(s, index - 0x32, val);
        break;
    case 0x38:
        if (apic_timer_mode(s) == APIC_LVT_TIMER_TSCDEADLINE) {
            break;      /* ignored in TSC-deadline mode */
        }
        s->initial_count = val;
        s->initial_count_load_time = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        apic_timer_update(s, s->initial_count_load_time);
        break;
    case 0x39:
        break;      /* current count is read-only */
    case 0x3e: {
        uint32_t cur = apic_get_current_count(s);
        int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        apic_set_divide(s, val);
        /* Keep counting down from the current count at the new rate. */
        if (s->initial_count && cur) {
            s->initial_count_load_time =
                now - apic_ticks_to_ns(s, s->initial_count - cur);
            apic_timer_update(s, now);
        }
        break;
    }
    case 0x3f: /* SELF IPI (x2APIC only) */
        if (!is_x2apic_mode(s)) {
            return false;
        }
        apic_set_irq(s, val & 0xff, 0);
        break;
    default:
        return false;
    }
    return true;
}

/* ---- the shared MMIO window ------------------------------------------- */

static uint64_t apic_mem_read(void *opaque, hwaddr addr, unsigned size)
{
    APICState *s = apic_of_cpu(current_cpu_get());
    uint64_t val;
    int index = (addr >> 4) & 0xff;

    if (!s || is_x2apic_mode(s) || !apic_hw_enabled(s)) {
        return 0;
    }
    if (!apic_reg_read(s, index, &val)) {
        apic_set_error(s, APIC_ESR_ILLEGAL_ADDRESS);
        return 0;
    }
    if (size < 4) {
        val >>= (addr & 3) * 8;
    }
    return (uint32_t)val;
}

static void apic_mem_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    APICState *s = apic_of_cpu(current_cpu_get());
    int index = (addr >> 4) & 0xff;

    if (!s) {
        /* Not a CPU: an MSI write from a device. */
        apic_deliver_msi(APIC_DEFAULT_ADDRESS + addr, val);
        return;
    }
    if (is_x2apic_mode(s) || !apic_hw_enabled(s)) {
        return;
    }
    if (size != 4 || (addr & 0xf)) {
        qemu_log_mask(LOG_GUEST_ERROR, "apic: %u-byte write at 0x%"
                      HWADDR_PRIx " ignored\n", size, addr);
        return;
    }
    if (index == 0x3f || !apic_reg_write(s, index, val)) {
        apic_set_error(s, APIC_ESR_ILLEGAL_ADDRESS);
    }
}

static const MemoryRegionOps apic_io_ops = {
    .read = apic_mem_read,
    .write = apic_mem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 4,
    .impl.min_access_size = 1,
    .impl.max_access_size = 4,
};

/* ---- x2APIC MSRs ------------------------------------------------------- */

bool apic_msr_read(DeviceState *dev, uint32_t index, uint64_t *val)
{
    APICState *s = APIC(dev);
    int reg = index - 0x800;

    if (!is_x2apic_mode(s) || index < 0x800 || index > 0x8ff) {
        return false;
    }
    /* Write-only or absent in x2APIC mode. */
    if (reg == 0x0b || reg == 0x0e || reg == 0x31 || reg == 0x3f ||
        reg == 0x09) {
        return false;
    }
    return apic_reg_read(s, reg, val);
}

bool apic_msr_write(DeviceState *dev, uint32_t index, uint64_t val)
{
    APICState *s = APIC(dev);
    int reg = index - 0x800;

    if (!is_x2apic_mode(s) || index < 0x800 || index > 0x8ff) {
        return false;
    }
    switch (reg) {
    case 0x02: case 0x03: case 0x09: case 0x0a: case 0x0d: case 0x0e:
    case 0x10 ... 0x27: case 0x31: case 0x39:
        return false;       /* read-only or absent: #GP */
    case 0x0b:
        if (val) {
            return false;   /* EOI must be written with 0 */
        }
        break;
    case 0x0f: case 0x28: case 0x32 ... 0x38: case 0x3e: case 0x3f:
        if (val >> 32) {
            return false;   /* reserved upper half */
        }
        break;
    default:
        break;
    }
    return apic_reg_write(s, reg, val);
}

/* ---- base MSR, TPR, reset --------------------------------------------- */

static void apic_reset_regs(APICState *s)
{
    int i;

    timer_del(s->timer);
    s->tpr = 0;
    s->spurious_vec = 0xff;
    s->log_dest = 0;
    s->dest_mode = APIC_DESTMODE_FLAT;
    memset(s->isr, 0, sizeof(s->isr));
    memset(s->tmr, 0, sizeof(s->tmr));
    memset(s->irr, 0, sizeof(s->irr));
    for (i = 0; i < APIC_LVT_NB; i++) {
        s->lvt[i] = APIC_LVT_MASKED;
    }
    s->esr = 0;
    s->pending_esr = 0;
    memset(s->icr, 0, sizeof(s->icr));
    apic_set_divide(s, 0);
    s->initial_count = 0;
    s->initial_count_load_time = 0;
    s->next_time = 0;
    s->tsc_deadline = 0;
    s->arb_id = s->id;
}

void apic_init_reset(DeviceState *dev)
{
    APICState *s = APIC(dev);

    apic_reset_regs(s);
    s->wait_for_sipi = !s->bsp;
    apic_update_irq(s);
}

int apic_get_sipi_vector(DeviceState *dev)
{
    APICState *s = APIC(dev);

    s->wait_for_sipi = false;
    return s->sipi_vector;
}

void apic_designate_bsp(DeviceState *dev, bool bsp)
{
    APICState *s = APIC(dev);

    s->bsp = bsp;
    if (bsp) {
        s->apicbase |= MSR_IA32_APICBASE_BSP;
    } else {
        s->apicbase &= ~MSR_IA32_APICBASE_BSP;
    }
}

bool cpu_set_apic_base(DeviceState *dev, uint64_t val)
{
    APICState *s;
    uint64_t en, extd;

    if (!dev) {
        return true;
    }
    s = APIC(dev);
    en = val & MSR_IA32_APICBASE_ENABLE;
    extd = val & MSR_IA32_APICBASE_EXTD;
    if (val & ~(MSR_IA32_APICBASE_BASE | MSR_IA32_APICBASE_ENABLE |
                MSR_IA32_APICBASE_EXTD | MSR_IA32_APICBASE_BSP) ||
        (extd && !en) ||
        /* x2APIC -> xAPIC directly is invalid; go through disabled. */
        (is_x2apic_mode(s) && en && !extd)) {
        return false;
    }
    if ((val & MSR_IA32_APICBASE_BASE) != APIC_DEFAULT_ADDRESS) {
        qemu_log_mask(LOG_UNIMP, "apic: relocating the APIC base to 0x%"
                      PRIx64 " is not supported\n",
                      (uint64_t)(val & MSR_IA32_APICBASE_BASE));
    }
    if (!en && apic_hw_enabled(s)) {
        /* Hardware disable: as after reset, but the ID survives. */
        apic_reset_regs(s);
    }
    s->apicbase = (val & ~MSR_IA32_APICBASE_BSP) |
                  (s->apicbase & MSR_IA32_APICBASE_BSP);
    apic_update_irq(s);
    return true;
}

uint64_t cpu_get_apic_base(DeviceState *dev)
{
    return dev ? APIC(dev)->apicbase : 0;
}

void cpu_set_apic_tpr(DeviceState *dev, uint8_t val)
{
    APICState *s;

    if (!dev) {
        return;
    }
    s = APIC(dev);
    s->tpr = (val & 0xf) << 4;
    apic_update_irq(s);
}

uint8_t cpu_get_apic_tpr(DeviceState *dev)
{
    return dev ? APIC(dev)->tpr >> 4 : 0;
}

static void apic_reset(DeviceState *dev)
{
    APICState *s = APIC(dev);

    s->bsp = s->cpu ? s->cpu->cpu_index == 0 : s->id == 0;
    s->apicbase = APIC_DEFAULT_ADDRESS | MSR_IA32_APICBASE_ENABLE |
                  (s->bsp ? MSR_IA32_APICBASE_BSP : 0);
    s->pic_level = 0;
    s->sipi_vector = 0;
    apic_init_reset(dev);
    if (s->bsp) {
        /*
         * Firmware normally programs virtual-wire mode (LINT0 = ExtINT)
         * on the BSP; doing it at reset lets PIC interrupts reach the
         * BSP once software enables the APIC, as guests expect.
         */
        s->lvt[APIC_LVT_LINT0] = APIC_DM_EXTINT << 8;
    }
}

static void apic_realize(DeviceState *dev, Error **errp)
{
    APICState *s = APIC(dev);

    if (!local_apics) {
        local_apics = g_ptr_array_new();
    }
    if (!memory_region_size(&apic_window)) {
        memory_region_init_io(&apic_window, NULL, &apic_io_ops, NULL,
                              "apic-msi", MSI_ADDR_SIZE);
        memory_region_add_subregion_overlap(get_system_memory(),
                                            APIC_DEFAULT_ADDRESS,
                                            &apic_window, 0x1000);
    }
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, apic_timer_cb, s);
    s->tsc_hz = NANOSECONDS_PER_SECOND;
    g_ptr_array_add(local_apics, s);
    apic_reset(dev);
}

static void apic_unrealize(DeviceState *dev)
{
    APICState *s = APIC(dev);

    timer_free(s->timer);
    s->timer = NULL;
    g_ptr_array_remove(local_apics, s);
}

static Property apic_properties[] = {
    DEFINE_PROP_UINT32("id", APICState, id, 0),
    DEFINE_PROP_END_OF_LIST(),
};

static void apic_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = apic_realize;
    dc->unrealize = apic_unrealize;
    dc->reset = apic_reset;
    dc->desc = "local APIC";
    dc->user_creatable = false;
    device_class_set_props(dc, apic_properties);
}

static const TypeInfo apic_types[] = {
    {
        .name = TYPE_APIC,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(APICState),
        .class_init = apic_class_init,
    },
};

DEFINE_TYPES(apic_types)

DeviceState *apic_new(CPUState *cpu, uint32_t apic_id)
{
    DeviceState *dev = qdev_new(TYPE_APIC);

    APIC(dev)->cpu = cpu;
    qdev_prop_set_uint32(dev, "id", apic_id);
    if (cpu) {
        object_property_add_child(OBJECT(cpu), "lapic", OBJECT(dev));
    }
    qdev_realize_and_unref(dev, NULL, &error_fatal);
    return dev;
}
