/*
 * PC system control port B (I/O port 0x61), the part that belongs to the
 * timer: bit 0 gates PIT channel 2, bit 1 enables the speaker data (kept,
 * no sound), bit 4 is the DRAM refresh toggle (flips every 15.085 us),
 * bit 5 reads channel 2's OUT. Bits 2-3 (NMI enables) read back as
 * written; bits 6-7 (NMI status) read as 0.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/qdev-properties.h"
#include "hw/isa/isa.h"
#include "hw/timer/i8254.h"

OBJECT_DECLARE_SIMPLE_TYPE(Port61State, PORT61)

#define REFRESH_PERIOD_NS 15085

struct Port61State {
    ISADevice parent_obj;

    MemoryRegion io;
    Object *pit;            /* link "pit" */
    uint8_t data_on;
    uint8_t nmi_bits;       /* bits 2-3 as written */
};

static uint64_t port61_read(void *opaque, hwaddr addr, unsigned size)
{
    Port61State *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint8_t val = s->nmi_bits | (s->data_on << 1);

    val |= ((now / REFRESH_PERIOD_NS) & 1) << 4;
    if (s->pit) {
        val |= pit_get_gate(ISA_DEVICE(s->pit), 2);
        val |= pit_get_out(ISA_DEVICE(s->pit), 2) << 5;
    }
    return val;
}

static void port61_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    Port61State *s = opaque;

    s->data_on = (val >> 1) & 1;
    s->nmi_bits = val & 0x0c;
    if (s->pit) {
        pit_set_gate(ISA_DEVICE(s->pit), 2, val & 1);
    }
}

static const MemoryRegionOps port61_ops = {
    .read = port61_read,
    .write = port61_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 1,
    .impl.min_access_size = 1,
    .impl.max_access_size = 1,
};

static void port61_reset(DeviceState *dev)
{
    Port61State *s = PORT61(dev);

    s->data_on = 0;
    s->nmi_bits = 0;
    if (s->pit) {
        pit_set_gate(ISA_DEVICE(s->pit), 2, 0);
    }
}

static void port61_realize(DeviceState *dev, Error **errp)
{
    Port61State *s = PORT61(dev);

    if (s->pit && !object_dynamic_cast(s->pit, TYPE_I8254)) {
        error_setg(errp, "i8254-port61: 'pit' must be an %s", TYPE_I8254);
        return;
    }
    memory_region_init_io(&s->io, OBJECT(dev), &port61_ops, s, "port61", 1);
    isa_register_ioport(ISA_DEVICE(dev), &s->io, 0x61);
}

static Property port61_properties[] = {
    DEFINE_PROP_LINK("pit", Port61State, pit, TYPE_I8254, Object *),
    DEFINE_PROP_END_OF_LIST(),
};

static void port61_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = port61_realize;
    dc->reset = port61_reset;
    dc->desc = "PC system control port B (0x61)";
    dc->user_creatable = false;
    dc->bus_type = TYPE_ISA_BUS;
    device_class_set_props(dc, port61_properties);
}

static const TypeInfo port61_types[] = {
    {
        .name = TYPE_PORT61,
        .parent = TYPE_ISA_DEVICE,
        .instance_size = sizeof(Port61State),
        .class_init = port61_class_init,
    },
};

DEFINE_TYPES(port61_types)

ISADevice *i8254_port61_init(ISABus *bus, ISADevice *pit)
{
    ISADevice *isa = isa_new(TYPE_PORT61);

    object_property_set_link(OBJECT(isa), "pit", OBJECT(pit), &error_abort);
    isa_realize_and_unref(isa, bus, &error_fatal);
    return isa;
}
