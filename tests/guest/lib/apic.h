/*
 * Local APIC (xAPIC MMIO at 0xfee00000 or x2APIC MSRs 0x800+) and IOAPIC
 * (0xfec00000). Register offsets are the xAPIC ones; in x2APIC mode the
 * same offset maps to MSR 0x800 + (offset >> 4).
 */
#ifndef GUEST_APIC_H
#define GUEST_APIC_H

#include "guest.h"

#define APIC_DEFAULT_BASE   0xfee00000UL
#define IOAPIC_BASE         0xfec00000UL

#define APIC_ID         0x20
#define APIC_LVR        0x30
#define APIC_TPR        0x80
#define APIC_PPR        0xa0
#define APIC_EOI        0xb0
#define APIC_LDR        0xd0
#define APIC_DFR        0xe0
#define APIC_SPIV       0xf0
#define APIC_ISR        0x100
#define APIC_TMR        0x180
#define APIC_IRR        0x200
#define APIC_ESR        0x280
#define APIC_ICR        0x300
#define APIC_ICR2       0x310
#define APIC_LVTT       0x320
#define APIC_LVTTHMR    0x330
#define APIC_LVTPC      0x340
#define APIC_LVT0       0x350
#define APIC_LVT1       0x360
#define APIC_LVTERR     0x370
#define APIC_TMICT      0x380
#define APIC_TMCCT      0x390
#define APIC_TDCR       0x3e0
#define APIC_SELF_IPI   0x3f0       /* x2APIC only */

#define APIC_SPIV_ENABLE    BIT(8)
#define APIC_LVT_MASKED     BIT(16)
#define APIC_LVT_LEVEL      BIT(15)
#define APIC_LVT_PENDING    BIT(12)
#define APIC_TIMER_ONESHOT  (0u << 17)
#define APIC_TIMER_PERIODIC (1u << 17)
#define APIC_TIMER_DEADLINE (2u << 17)

#define APIC_DM_FIXED       0x000
#define APIC_DM_NMI         0x400
#define APIC_DM_INIT        0x500
#define APIC_DM_STARTUP     0x600
#define APIC_DM_EXTINT      0x700
#define APIC_ICR_BUSY       BIT(12)
#define APIC_ICR_ASSERT     BIT(14)
#define APIC_ICR_LEVEL      BIT(15)
#define APIC_DEST_SELF      (1u << 18)
#define APIC_DEST_ALL       (2u << 18)
#define APIC_DEST_OTHERS    (3u << 18)

#define APIC_SPURIOUS_VECTOR 0xff

/* Software-enables the local APIC in its current mode (xAPIC unless
 * x2APIC was enabled) with the spurious vector 0xff. */
void apic_enable(void);
/* Switches to x2APIC mode; false if CPUID lacks it. */
bool enable_x2apic(void);
/* Back to xAPIC mode (through disabled, as the SDM requires). */
void reset_apic_to_xapic(void);
bool apic_is_x2apic(void);
u32 apic_read(unsigned reg);
void apic_write(unsigned reg, u32 val);
/* The local APIC ID in the current mode's format (8 bits for xAPIC). */
u32 apic_id(void);
void apic_eoi(void);
/* Sends an IPI: icr_low (vector, delivery mode, shorthand) to dest
 * (APIC ID); waits for the xAPIC's delivery status to clear. */
void apic_icr_write(u32 icr_low, u32 dest);
bool apic_isr_bit(u8 vector);
bool apic_irr_bit(u8 vector);

/* Timer: divide is 1, 2, 4, ... 128. */
void apic_timer_oneshot(u8 vector, u32 count, unsigned divide);
void apic_timer_periodic(u8 vector, u32 count, unsigned divide);
void apic_timer_stop(void);

/* IOAPIC. */
#define IOAPIC_REG_ID       0x00
#define IOAPIC_REG_VERSION  0x01
#define IOAPIC_REDIR_BASE   0x10
#define IOAPIC_MASKED       BIT(16)
#define IOAPIC_LEVEL        BIT(15)
#define IOAPIC_REMOTE_IRR   BIT(14)
#define IOAPIC_ACTIVE_LOW   BIT(13)
#define IOAPIC_DELIV_STATUS BIT(12)

u32 ioapic_read(unsigned reg);
void ioapic_write(unsigned reg, u32 val);
unsigned ioapic_pins(void);
/* Routes pin to vector, fixed delivery, physical destination dest. */
void ioapic_set_redir(unsigned pin, u8 vector, bool level, u8 dest);
u64 ioapic_get_redir(unsigned pin);
void ioapic_mask(unsigned pin, bool masked);

#endif
