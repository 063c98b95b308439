/*
 * Intel 8254 programmable interval timer and the PC's port 0x61.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_TIMER_I8254_H
#define HW_TIMER_I8254_H

#include "hw/isa/isa.h"

#define TYPE_I8254 "isa-pit"
#define TYPE_PORT61 "i8254-port61"
#define PIT_FREQ 1193182

/*
 * The PIT at iobase (0x40..0x43); channel 0's OUT drives GPIO out 0,
 * connected to ISA IRQ isairq (0 on a PC; the board routes IRQ0 to IOAPIC
 * pin 2). alt_irq, if set, is used instead of the ISA IRQ.
 * Named GPIO input "hpet-legacy" (1 line): while high, channel 0's output
 * is disconnected (HPET legacy replacement).
 */
ISADevice *i8254_pit_init(ISABus *bus, int iobase, int isairq,
                          qemu_irq alt_irq);
/* System control port B at 0x61: bit 0 gate 2, bit 1 speaker data,
 * bit 4 refresh toggle, bit 5 OUT 2. */
ISADevice *i8254_port61_init(ISABus *bus, ISADevice *pit);

/* Channel accessors for port 0x61 (and a future speaker). */
void pit_set_gate(ISADevice *dev, int channel, int level);
int pit_get_gate(ISADevice *dev, int channel);
int pit_get_out(ISADevice *dev, int channel);

#endif
