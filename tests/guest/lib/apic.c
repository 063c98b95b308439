/* Local APIC in xAPIC or x2APIC mode, and the IOAPIC. */
#include "apic.h"
#include "processor.h"

static bool x2apic_mode;

bool apic_is_x2apic(void)
{
    return x2apic_mode;
}

u32 apic_read(unsigned reg)
{
    if (x2apic_mode) {
        return rdmsr(0x800 + (reg >> 4));
    }
    return mmio_read32(APIC_DEFAULT_BASE + reg);
}

void apic_write(unsigned reg, u32 val)
{
    if (x2apic_mode) {
        wrmsr(0x800 + (reg >> 4), val);
    } else {
        mmio_write32(APIC_DEFAULT_BASE + reg, val);
    }
}

void apic_enable(void)
{
    u64 base = rdmsr(MSR_IA32_APICBASE);

    if (!(base & APIC_BASE_EN)) {
        wrmsr(MSR_IA32_APICBASE, (base & ~0xfffull) | APIC_DEFAULT_BASE |
              APIC_BASE_EN | (base & APIC_BASE_BSP));
    }
    x2apic_mode = rdmsr(MSR_IA32_APICBASE) & APIC_BASE_EXTD;
    apic_write(APIC_SPIV, APIC_SPIV_ENABLE | APIC_SPURIOUS_VECTOR);
}

bool enable_x2apic(void)
{
    u64 base;

    if (!cpu_has(X86_FEATURE_X2APIC)) {
        return false;
    }
    base = rdmsr(MSR_IA32_APICBASE);
    wrmsr(MSR_IA32_APICBASE, base | APIC_BASE_EN | APIC_BASE_EXTD);
    x2apic_mode = true;
    apic_write(APIC_SPIV, APIC_SPIV_ENABLE | APIC_SPURIOUS_VECTOR);
    return true;
}

void reset_apic_to_xapic(void)
{
    u64 base = rdmsr(MSR_IA32_APICBASE);

    if (base & APIC_BASE_EXTD) {
        base &= ~(APIC_BASE_EN | APIC_BASE_EXTD);
        wrmsr(MSR_IA32_APICBASE, base);
    }
    wrmsr(MSR_IA32_APICBASE, base | APIC_BASE_EN);
    x2apic_mode = false;
    apic_write(APIC_SPIV, APIC_SPIV_ENABLE | APIC_SPURIOUS_VECTOR);
}

u32 apic_id(void)
{
    u32 id = apic_read(APIC_ID);

    return x2apic_mode ? id : id >> 24;
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}

void apic_icr_write(u32 icr_low, u32 dest)
{
    if (x2apic_mode) {
        wrmsr(0x830, (u64)dest << 32 | icr_low);
        return;
    }
    mmio_write32(APIC_DEFAULT_BASE + APIC_ICR2, dest << 24);
    mmio_write32(APIC_DEFAULT_BASE + APIC_ICR, icr_low);
    for (int i = 0; i < 1000000; i++) {
        if (!(mmio_read32(APIC_DEFAULT_BASE + APIC_ICR) & APIC_ICR_BUSY)) {
            break;
        }
        pause();
    }
}

bool apic_isr_bit(u8 vector)
{
    return apic_read(APIC_ISR + (vector / 32) * 0x10) & BIT(vector % 32);
}

bool apic_irr_bit(u8 vector)
{
    return apic_read(APIC_IRR + (vector / 32) * 0x10) & BIT(vector % 32);
}

/* TDCR encoding: bits 0, 1 and 3; 0b1011 is divide by 1. */
static u32 divide_config(unsigned divide)
{
    static const u8 codes[] = { 0xb, 0x0, 0x1, 0x2, 0x3, 0x8, 0x9, 0xa };
    unsigned i = 0;

    while (i < 7 && (1u << i) < divide) {
        i++;
    }
    return codes[i];
}

static void timer_start(u32 mode, u8 vector, u32 count, unsigned divide)
{
    apic_write(APIC_TMICT, 0);
    apic_write(APIC_TDCR, divide_config(divide));
    apic_write(APIC_LVTT, mode | vector);
    apic_write(APIC_TMICT, count);
}

void apic_timer_oneshot(u8 vector, u32 count, unsigned divide)
{
    timer_start(APIC_TIMER_ONESHOT, vector, count, divide);
}

void apic_timer_periodic(u8 vector, u32 count, unsigned divide)
{
    timer_start(APIC_TIMER_PERIODIC, vector, count, divide);
}

void apic_timer_stop(void)
{
    apic_write(APIC_TMICT, 0);
    apic_write(APIC_LVTT, APIC_LVT_MASKED | APIC_SPURIOUS_VECTOR);
}

u32 ioapic_read(unsigned reg)
{
    mmio_write32(IOAPIC_BASE, reg);
    return mmio_read32(IOAPIC_BASE + 0x10);
}

void ioapic_write(unsigned reg, u32 val)
{
    mmio_write32(IOAPIC_BASE, reg);
    mmio_write32(IOAPIC_BASE + 0x10, val);
}

unsigned ioapic_pins(void)
{
    return ((ioapic_read(IOAPIC_REG_VERSION) >> 16) & 0xff) + 1;
}

void ioapic_set_redir(unsigned pin, u8 vector, bool level, u8 dest)
{
    ioapic_write(IOAPIC_REDIR_BASE + 2 * pin + 1, (u32)dest << 24);
    ioapic_write(IOAPIC_REDIR_BASE + 2 * pin,
                 vector | (level ? IOAPIC_LEVEL : 0));
}

u64 ioapic_get_redir(unsigned pin)
{
    return ioapic_read(IOAPIC_REDIR_BASE + 2 * pin) |
           (u64)ioapic_read(IOAPIC_REDIR_BASE + 2 * pin + 1) << 32;
}

void ioapic_mask(unsigned pin, bool masked)
{
    u32 lo = ioapic_read(IOAPIC_REDIR_BASE + 2 * pin);

    lo = masked ? lo | IOAPIC_MASKED : lo & ~IOAPIC_MASKED;
    ioapic_write(IOAPIC_REDIR_BASE + 2 * pin, lo);
}
