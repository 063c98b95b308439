/*
 * Intel 82093AA I/O APIC.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_INTC_IOAPIC_H
#define HW_INTC_IOAPIC_H

#include "hw/sysbus.h"

#define TYPE_IOAPIC "ioapic"
#define IOAPIC_NUM_PINS 24
#define IOAPIC_DEFAULT_BASE_ADDRESS 0xfec00000

/*
 * The board creates it with qdev_new(TYPE_IOAPIC), adds it to the QOM tree
 * as "ioapic" (qtests find it by that partial path), realizes it, maps MMIO
 * region 0 at IOAPIC_DEFAULT_BASE_ADDRESS and drives GPIO inputs 0..23
 * (GSI n). Interrupts go out as MSI writes through apic_deliver_msi().
 */

/* A local APIC's EOI of a level-triggered vector: clears Remote IRR of
 * every I/O APIC entry with that vector, re-delivering if still asserted. */
void ioapic_eoi_broadcast(int vector);

#endif
