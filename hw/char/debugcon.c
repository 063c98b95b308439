/*
 * "isa-debugcon": the Bochs-style debug console firmware writes to
 * (SeaBIOS and OVMF use port 0xe9 or 0x402). Bytes written go to the
 * chardev; a read returns the readback value so software can detect it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/isa/isa.h"
#include "hw/misc/isa-testdevs.h"
#include "hw/qdev-properties.h"
#include "chardev/char.h"
#include "qapi/error.h"

typedef struct ISADebugconState {
    ISADevice parent_obj;
    uint32_t iobase;
    uint32_t readback;
    CharBackend chr;
    MemoryRegion io;
} ISADebugconState;

#define ISA_DEBUGCON(obj) \
    OBJECT_CHECK(ISADebugconState, (obj), TYPE_ISA_DEBUGCON_DEVICE)

static uint64_t debugcon_read(void *opaque, hwaddr addr, unsigned size)
{
    ISADebugconState *s = opaque;

    return s->readback;
}

static void debugcon_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    ISADebugconState *s = opaque;
    uint8_t ch = val;

    /* Blocking, like a real console: firmware logs must not be lost. */
    qemu_chr_fe_write_all(&s->chr, &ch, 1);
}

static const MemoryRegionOps debugcon_ops = {
    .read = debugcon_read,
    .write = debugcon_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static void debugcon_realize(DeviceState *dev, Error **errp)
{
    ISADebugconState *s = ISA_DEBUGCON(dev);

    if (s->iobase > 0xffff) {
        error_setg(errp, "iobase 0x%x is out of the I/O port range",
                   s->iobase);
        return;
    }
    if (!qemu_chr_fe_backend_connected(&s->chr)) {
        error_setg(errp, "Can't create isa-debugcon, empty char device");
        return;
    }
    memory_region_init_io(&s->io, OBJECT(dev), &debugcon_ops, s,
                          TYPE_ISA_DEBUGCON_DEVICE, 1);
    isa_register_ioport(ISA_DEVICE(dev), &s->io, s->iobase);
}

static Property debugcon_properties[] = {
    DEFINE_PROP_UINT32("iobase", ISADebugconState, iobase, 0xe9),
    DEFINE_PROP_CHR("chardev", ISADebugconState, chr),
    DEFINE_PROP_UINT32("readback", ISADebugconState, readback, 0xe9),
    DEFINE_PROP_END_OF_LIST(),
};

static void debugcon_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = debugcon_realize;
    dc->desc = "ISA debug console";
    dc->user_creatable = true;
    device_class_set_props(dc, debugcon_properties);
    device_class_set_categories(dc, DEVICE_CATEGORY_MISC);
}

static const TypeInfo debugcon_info = {
    .name = TYPE_ISA_DEBUGCON_DEVICE,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(ISADebugconState),
    .class_init = debugcon_class_init,
};

static void debugcon_register_types(void)
{
    type_register_static(&debugcon_info);
}
type_init(debugcon_register_types)
