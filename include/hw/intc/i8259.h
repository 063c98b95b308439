/*
 * Intel 8259A programmable interrupt controller, the PC's master/slave pair.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_INTC_I8259_H
#define HW_INTC_I8259_H

#include "hw/isa/isa.h"

#define TYPE_ISA_I8259 "isa-i8259"

/*
 * Creates and realizes the pair on bus: master at 0x20/0x21 (ELCR 0x4d0),
 * slave at 0xa0/0xa1 (ELCR 0x4d1) cascaded on master input 2; the master's
 * INT output drives parent_irq. Returns 16 lines (ISA IRQ 0..15), g_new'd.
 * The master becomes isa_pic.
 */
qemu_irq *i8259_init(ISABus *bus, qemu_irq parent_irq);

/* The master created by i8259_init (NULL before). */
extern DeviceState *isa_pic;

/*
 * Interrupt acknowledge cycle (INTA) on the pair whose master is d:
 * returns the vector, or the spurious vector (IRQ7/IRQ15) when the
 * request went away. Call only when the INT output is asserted.
 */
int pic_read_irq(DeviceState *d);
/* Current level of the master's INT output (0 or 1). */
int pic_get_output(DeviceState *d);

#endif
