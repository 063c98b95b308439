/*
 * "isa-serial": a 16550A on the ISA bus. index picks the PC's COM1-COM4
 * port and IRQ defaults; iobase and irq override them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/char/serial.h"
#include "hw/isa/isa.h"
#include "hw/qdev-properties.h"
#include "qapi/error.h"

typedef struct ISASerialState {
    ISADevice parent_obj;
    uint32_t index;
    uint32_t iobase;
    uint32_t isairq;
    SerialState state;
} ISASerialState;

#define ISA_SERIAL(obj) OBJECT_CHECK(ISASerialState, (obj), TYPE_ISA_SERIAL)

static const uint16_t isa_serial_io[MAX_ISA_SERIAL_PORTS] = {
    0x3f8, 0x2f8, 0x3e8, 0x2e8
};
static const uint8_t isa_serial_irq[MAX_ISA_SERIAL_PORTS] = {
    4, 3, 4, 3
};

/* Instances created so far, for index auto-assignment. */
static uint32_t isa_serial_next_index;

static void isa_serial_realize(DeviceState *dev, Error **errp)
{
    ISASerialState *isa = ISA_SERIAL(dev);
    ISADevice *isadev = ISA_DEVICE(dev);
    SerialState *s = &isa->state;
    Error *err = NULL;

    if (isa->index == UINT32_MAX) {
        isa->index = isa_serial_next_index;
    }
    if (isa->index >= MAX_ISA_SERIAL_PORTS &&
        (isa->iobase == UINT32_MAX || isa->isairq == UINT32_MAX)) {
        error_setg(errp, "Max. supported number of ISA serial ports is %d.",
                   MAX_ISA_SERIAL_PORTS);
        return;
    }
    if (isa->iobase == UINT32_MAX) {
        isa->iobase = isa_serial_io[isa->index];
    }
    if (isa->isairq == UINT32_MAX) {
        isa->isairq = isa_serial_irq[isa->index];
    }
    if (isa->iobase > 0xfff8) {
        error_setg(errp, "iobase 0x%x is out of the I/O port range",
                   isa->iobase);
        return;
    }
    if (isa->isairq >= ISA_NUM_IRQS) {
        error_setg(errp, "irq %u is not an ISA IRQ (0-%d)", isa->isairq,
                   ISA_NUM_IRQS - 1);
        return;
    }
    if (isa->index >= isa_serial_next_index) {
        isa_serial_next_index = isa->index + 1;
    }

    s->owner = dev;
    s->irq = isa_get_irq(isadev, isa->isairq);
    serial_realize_core(s, &err);
    if (err) {
        error_propagate(errp, err);
        return;
    }
    memory_region_init_io(&s->io, OBJECT(dev), &serial_io_ops, s, "serial",
                          8);
    isa_register_ioport(isadev, &s->io, isa->iobase);
}

static void isa_serial_unrealize(DeviceState *dev)
{
    ISASerialState *isa = ISA_SERIAL(dev);

    memory_region_del_subregion(isa_address_space_io(ISA_DEVICE(dev)),
                                &isa->state.io);
    serial_exit_core(&isa->state);
}

static void isa_serial_reset(DeviceState *dev)
{
    serial_reset(&ISA_SERIAL(dev)->state);
}

static Property isa_serial_properties[] = {
    DEFINE_PROP_UINT32("index", ISASerialState, index, -1),
    DEFINE_PROP_UINT32("iobase", ISASerialState, iobase, -1),
    DEFINE_PROP_UINT32("irq", ISASerialState, isairq, -1),
    DEFINE_PROP_CHR("chardev", ISASerialState, state.chr),
    DEFINE_PROP_UINT32("baudbase", ISASerialState, state.baudbase, 115200),
    DEFINE_PROP_END_OF_LIST(),
};

static void isa_serial_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = isa_serial_realize;
    dc->unrealize = isa_serial_unrealize;
    dc->reset = isa_serial_reset;
    dc->desc = "16550A UART on the ISA bus";
    dc->user_creatable = true;
    device_class_set_props(dc, isa_serial_properties);
    device_class_set_categories(dc, DEVICE_CATEGORY_INPUT);
}

static const TypeInfo isa_serial_info = {
    .name = TYPE_ISA_SERIAL,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(ISASerialState),
    .class_init = isa_serial_class_init,
};

static void isa_serial_register_types(void)
{
    type_register_static(&isa_serial_info);
}
type_init(isa_serial_register_types)

void serial_hds_isa_init(ISABus *bus, int from, int to)
{
    if (from < 0) {
        from = 0;
    }
    if (to > MAX_ISA_SERIAL_PORTS) {
        to = MAX_ISA_SERIAL_PORTS;
    }
    for (int i = from; i < to; i++) {
        ISADevice *dev;

        if (!serial_hds[i]) {
            continue;
        }
        dev = isa_new(TYPE_ISA_SERIAL);
        qdev_prop_set_uint32(DEVICE(dev), "index", i);
        qdev_prop_set_chr(DEVICE(dev), "chardev", serial_hds[i]);
        isa_realize_and_unref(dev, bus, &error_fatal);
    }
}
