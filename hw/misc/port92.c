/*
 * "port92": PS/2 System Control Port A at I/O 0x92. Bit 1 drives the A20
 * gate (GPIO out "a20"); a 0 -> 1 transition of bit 0 requests a fast
 * reset of the machine. Other bits are latched and read back.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/isa/isa.h"
#include "hw/irq.h"
#include "hw/misc/isa-testdevs.h"
#include "qapi/error.h"
#include "system/runstate.h"

#define PORT92_RESET    0x01
#define PORT92_A20      0x02

typedef struct Port92State {
    ISADevice parent_obj;
    MemoryRegion io;
    uint8_t outport;
    qemu_irq a20_out;
} Port92State;

#define PORT92(obj) OBJECT_CHECK(Port92State, (obj), TYPE_PORT92)

static uint64_t port92_read(void *opaque, hwaddr addr, unsigned size)
{
    Port92State *s = opaque;

    return s->outport;
}

static void port92_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    Port92State *s = opaque;
    uint8_t old = s->outport;

    s->outport = val;
    qemu_set_irq(s->a20_out, !!(val & PORT92_A20));
    if ((val & PORT92_RESET) && !(old & PORT92_RESET)) {
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

static const MemoryRegionOps port92_ops = {
    .read = port92_read,
    .write = port92_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static void port92_initfn(Object *obj)
{
    Port92State *s = PORT92(obj);

    qdev_init_gpio_out_named(DEVICE(obj), &s->a20_out, PORT92_A20_LINE, 1);
}

static void port92_realize(DeviceState *dev, Error **errp)
{
    Port92State *s = PORT92(dev);

    memory_region_init_io(&s->io, OBJECT(dev), &port92_ops, s, "port92", 1);
    isa_register_ioport(ISA_DEVICE(dev), &s->io, 0x92);
}

static void port92_reset(DeviceState *dev)
{
    Port92State *s = PORT92(dev);

    /* A20 follows the A20 gate lines of its other drivers after reset. */
    s->outport &= ~(PORT92_RESET | PORT92_A20);
}

static void port92_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = port92_realize;
    dc->reset = port92_reset;
    dc->desc = "System Control Port A (fast A20, fast reset)";
    /* Wired by the board: its A20 output must be connected. */
    dc->user_creatable = false;
    device_class_set_categories(dc, DEVICE_CATEGORY_MISC);
}

static const TypeInfo port92_info = {
    .name = TYPE_PORT92,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(Port92State),
    .instance_init = port92_initfn,
    .class_init = port92_class_init,
};

static void port92_register_types(void)
{
    type_register_static(&port92_info);
}
type_init(port92_register_types)
