/*
 * The ISA bus and the abstract ISA device type.
 *
 * The bus hands devices 16 proxy IRQ lines that forward to the inputs the
 * board registers (PIC + IOAPIC), so devices may be created before or
 * after the board wires the interrupt controllers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/isa/isa.h"
#include "hw/irq.h"
#include "qapi/error.h"
#include "qemu/error-report.h"

static void isa_bus_irq_handler(void *opaque, int n, int level)
{
    ISABus *bus = opaque;

    bus->irq_level[n] = level;
    if (bus->irqs_in && bus->irqs_in[n]) {
        qemu_set_irq(bus->irqs_in[n], level);
    }
}

static void isa_bus_instance_init(Object *obj)
{
    ISABus *bus = ISA_BUS(obj);

    bus->irq_proxy = qemu_allocate_irqs(isa_bus_irq_handler, bus,
                                        ISA_NUM_IRQS);
}

static void isa_bus_instance_finalize(Object *obj)
{
    ISABus *bus = ISA_BUS(obj);

    qemu_free_irqs(bus->irq_proxy, ISA_NUM_IRQS);
}

ISABus *isa_bus_new(DeviceState *dev, MemoryRegion *address_space,
                    MemoryRegion *address_space_io, Error **errp)
{
    ISABus *bus;

    bus = ISA_BUS(qbus_new(TYPE_ISA_BUS, dev, "isa.0"));
    bus->address_space = address_space;
    bus->address_space_io = address_space_io;
    return bus;
}

void isa_bus_register_input_irqs(ISABus *bus, qemu_irq *irqs_in)
{
    bus->irqs_in = irqs_in;
    /* Replay levels devices set before the board wired the bus. */
    for (int i = 0; i < ISA_NUM_IRQS; i++) {
        if (irqs_in && irqs_in[i] && bus->irq_level[i]) {
            qemu_set_irq(irqs_in[i], bus->irq_level[i]);
        }
    }
}

ISABus *isa_bus_from_device(ISADevice *dev)
{
    BusState *bus = qdev_get_parent_bus(DEVICE(dev));

    return bus ? ISA_BUS(bus) : NULL;
}

qemu_irq isa_bus_get_irq(ISABus *bus, unsigned isairq)
{
    if (isairq >= ISA_NUM_IRQS) {
        /* Device models and boards pass constants: this is a code bug. */
        error_report("isa: IRQ %u requested, the ISA bus has only %d lines",
                     isairq, ISA_NUM_IRQS);
        abort();
    }
    return bus->irq_proxy[isairq];
}

qemu_irq isa_get_irq(ISADevice *dev, unsigned isairq)
{
    ISABus *bus = isa_bus_from_device(dev);

    if (!bus) {
        error_report("isa: %s is not plugged into an ISA bus",
                     object_get_typename(OBJECT(dev)));
        abort();
    }
    return isa_bus_get_irq(bus, isairq);
}

void isa_register_ioport(ISADevice *dev, MemoryRegion *io, uint16_t start)
{
    memory_region_add_subregion(isa_address_space_io(dev), start, io);
    if (dev->ioport_id == 0) {
        dev->ioport_id = start;
    }
}

MemoryRegion *isa_address_space(ISADevice *dev)
{
    ISABus *bus = dev ? isa_bus_from_device(dev) : NULL;

    return bus && bus->address_space ? bus->address_space
                                     : get_system_memory();
}

MemoryRegion *isa_address_space_io(ISADevice *dev)
{
    ISABus *bus = dev ? isa_bus_from_device(dev) : NULL;

    return bus && bus->address_space_io ? bus->address_space_io
                                        : get_system_io();
}

ISADevice *isa_new(const char *name)
{
    return ISA_DEVICE(qdev_new(name));
}

bool isa_realize_and_unref(ISADevice *dev, ISABus *bus, Error **errp)
{
    return qdev_realize_and_unref(DEVICE(dev), BUS(bus), errp);
}

ISADevice *isa_create_simple(ISABus *bus, const char *name)
{
    ISADevice *dev = isa_new(name);

    isa_realize_and_unref(dev, bus, &error_fatal);
    return dev;
}

static char *isa_bus_get_fw_dev_path(DeviceState *dev)
{
    ISADevice *d = ISA_DEVICE(dev);
    const char *name = qdev_fw_name(dev);

    if (d->ioport_id) {
        return g_strdup_printf("%s@%04x", name, d->ioport_id);
    }
    return g_strdup(name);
}

static void isa_bus_class_init(ObjectClass *klass, void *data)
{
    BusClass *k = BUS_CLASS(klass);

    k->get_fw_dev_path = isa_bus_get_fw_dev_path;
}

static void isa_device_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->bus_type = TYPE_ISA_BUS;
}

static const TypeInfo isa_types[] = {
    {
        .name = TYPE_ISA_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(ISABus),
        .instance_init = isa_bus_instance_init,
        .instance_finalize = isa_bus_instance_finalize,
        .class_init = isa_bus_class_init,
    },
    {
        .name = TYPE_ISA_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(ISADevice),
        .abstract = true,
        .class_init = isa_device_class_init,
    },
};
DEFINE_TYPES(isa_types)
