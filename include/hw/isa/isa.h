/*
 * The ISA bus: 16 IRQ lines (wired to the PIC pair and the IOAPIC by the
 * board) and the I/O port space. ISA devices register their port ranges
 * and take IRQs by number.
 */
#ifndef HW_ISA_H
#define HW_ISA_H

#include "hw/qdev-core.h"
#include "exec/memory.h"

#define ISA_NUM_IRQS 16
#define TYPE_ISA_BUS "ISA"
#define TYPE_ISA_DEVICE "isa-device"

struct ISABus {
    BusState parent_obj;
    MemoryRegion *address_space;      /* ISA memory (0..16M window) */
    MemoryRegion *address_space_io;   /* I/O ports */
    qemu_irq *irqs_in;                /* ISA_NUM_IRQS lines */
    /* What devices get from isa_get_irq: forwards to irqs_in[n]. */
    qemu_irq *irq_proxy;
    int irq_level[ISA_NUM_IRQS];
};

struct ISADevice {
    DeviceState parent_obj;
    int ioport_id;                    /* first registered port, for paths */
};

#define ISA_BUS(obj) OBJECT_CHECK(ISABus, (obj), TYPE_ISA_BUS)
#define ISA_DEVICE(obj) OBJECT_CHECK(ISADevice, (obj), TYPE_ISA_DEVICE)

/* Creates "isa.0" below dev (the PCI-ISA bridge). NULL address spaces mean
 * the system memory / I/O spaces. */
ISABus *isa_bus_new(DeviceState *dev, MemoryRegion *address_space,
                    MemoryRegion *address_space_io, Error **errp);
void isa_bus_register_input_irqs(ISABus *bus, qemu_irq *irqs_in);
ISABus *isa_bus_from_device(ISADevice *dev);
/* The bus's IRQ line isairq (0..15); aborts for isairq >= 16 (a board or
 * device model bug, never guest-controlled). */
qemu_irq isa_get_irq(ISADevice *dev, unsigned isairq);
qemu_irq isa_bus_get_irq(ISABus *bus, unsigned isairq);
/* Maps io at port start in the bus's I/O space. */
void isa_register_ioport(ISADevice *dev, MemoryRegion *io, uint16_t start);
MemoryRegion *isa_address_space(ISADevice *dev);
MemoryRegion *isa_address_space_io(ISADevice *dev);
ISADevice *isa_new(const char *name);
ISADevice *isa_create_simple(ISABus *bus, const char *name);
bool isa_realize_and_unref(ISADevice *dev, ISABus *bus, Error **errp);

#endif
