/*
 * "pc-testdev": the test device kvm-unit-tests drive on the pc machine.
 *
 *  0xe0-0xe3   32-bit scratch register, accessible with any width and
 *              alignment (byte lanes of one little-endian dword)
 *  0xe4-0xe7   write a guest-physical address: the host mapping of that
 *              RAM page is re-protected, which makes KVM drop its
 *              translation (tests of the MMU notifier path); reads 0
 *  0xe8-0xeb   the same scratch register as 0xe0, byte-wise
 *  0x2000-0x2017  byte n: writing v sets ISA IRQ line n to level v; the
 *              ISA bus has 16 lines, so 16-23 are ignored with a log
 *  0xff000000  64 KiB MMIO scratch memory (MMIO instruction emulation)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/isa/isa.h"
#include "hw/irq.h"
#include "hw/misc/isa-testdevs.h"
#include "qemu/log.h"
#include "qapi/error.h"

#define IOPORT_BASE     0xe0
#define FLUSH_BASE      0xe4
#define IOPORT_BYTE_BASE 0xe8
#define IRQ_BASE        0x2000
#define IRQ_LINES       24
#define IOMEM_BASE      0xff000000
#define IOMEM_LEN       0x10000

typedef struct PCTestdev {
    ISADevice parent_obj;
    MemoryRegion ioport;
    MemoryRegion flush;
    MemoryRegion ioport_byte;
    MemoryRegion irq;
    MemoryRegion iomem;
    uint32_t ioport_data;
    uint8_t *iomem_buf;
} PCTestdev;

#define PC_TESTDEV(obj) OBJECT_CHECK(PCTestdev, (obj), TYPE_PC_TESTDEV)

static uint64_t scratch_read(PCTestdev *d, hwaddr addr, unsigned size)
{
    uint64_t val = 0;

    for (unsigned i = 0; i < size && addr + i < 4; i++) {
        val |= (uint64_t)((d->ioport_data >> (8 * (addr + i))) & 0xff)
               << (8 * i);
    }
    return val;
}

static void scratch_write(PCTestdev *d, hwaddr addr, uint64_t val,
                          unsigned size)
{
    for (unsigned i = 0; i < size && addr + i < 4; i++) {
        unsigned shift = 8 * (addr + i);

        d->ioport_data = (d->ioport_data & ~(0xffu << shift)) |
                         (((val >> (8 * i)) & 0xff) << shift);
    }
}

static uint64_t ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    return scratch_read(opaque, addr, size);
}

static void ioport_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    scratch_write(opaque, addr, val, size);
}

static const MemoryRegionOps ioport_ops = {
    .read = ioport_read,
    .write = ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 4, .unaligned = true },
};

static const MemoryRegionOps ioport_byte_ops = {
    .read = ioport_read,
    .write = ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static uint64_t flush_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void flush_write(void *opaque, hwaddr addr, uint64_t val,
                        unsigned size)
{
    hwaddr page = val & TARGET_PAGE_MASK;
    MemoryRegionSection sec;
    uint8_t *host;
    uintptr_t hpage;

    sec = memory_region_find(get_system_memory(), page, TARGET_PAGE_SIZE);
    if (!sec.mr || !memory_region_is_ram(sec.mr) || sec.mr->readonly ||
        sec.size < TARGET_PAGE_SIZE) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "pc-testdev: flush of 0x%" HWADDR_PRIx
                      ", which is not RAM\n", page);
        return;
    }
    host = memory_region_get_ram_ptr(sec.mr);
    if (!host) {
        return;
    }
    host += sec.offset_within_region;
    hpage = (uintptr_t)host & ~(qemu_real_host_page_size - 1);
    /* Changing the protection invalidates the host PTE, which KVM's MMU
     * notifier turns into a zap of the guest mapping. */
    mprotect((void *)hpage, qemu_real_host_page_size, PROT_READ);
    mprotect((void *)hpage, qemu_real_host_page_size,
             PROT_READ | PROT_WRITE);
}

static const MemoryRegionOps flush_ops = {
    .read = flush_read,
    .write = flush_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static uint64_t irq_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void irq_write(void *opaque, hwaddr addr, uint64_t val,
                      unsigned size)
{
    PCTestdev *d = opaque;

    if (addr >= ISA_NUM_IRQS) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "pc-testdev: IRQ %u is beyond the ISA bus's %d\n",
                      (unsigned)addr, ISA_NUM_IRQS);
        return;
    }
    qemu_set_irq(isa_get_irq(ISA_DEVICE(d), addr), val & 0xff);
}

static const MemoryRegionOps irq_ops = {
    .read = irq_read,
    .write = irq_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static uint64_t iomem_read(void *opaque, hwaddr addr, unsigned size)
{
    PCTestdev *d = opaque;
    uint64_t val = 0;

    for (unsigned i = 0; i < size && addr + i < IOMEM_LEN; i++) {
        val |= (uint64_t)d->iomem_buf[addr + i] << (8 * i);
    }
    return val;
}

static void iomem_write(void *opaque, hwaddr addr, uint64_t val,
                        unsigned size)
{
    PCTestdev *d = opaque;

    for (unsigned i = 0; i < size && addr + i < IOMEM_LEN; i++) {
        d->iomem_buf[addr + i] = val >> (8 * i);
    }
}

static const MemoryRegionOps iomem_ops = {
    .read = iomem_read,
    .write = iomem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};

static void testdev_realize(DeviceState *dev, Error **errp)
{
    PCTestdev *d = PC_TESTDEV(dev);
    ISADevice *isa = ISA_DEVICE(dev);
    Object *o = OBJECT(dev);

    d->iomem_buf = g_malloc0(IOMEM_LEN);
    memory_region_init_io(&d->ioport, o, &ioport_ops, d,
                          "pc-testdev-ioport", 4);
    memory_region_init_io(&d->flush, o, &flush_ops, d,
                          "pc-testdev-flush-page", 4);
    memory_region_init_io(&d->ioport_byte, o, &ioport_byte_ops, d,
                          "pc-testdev-ioport-byte", 4);
    memory_region_init_io(&d->irq, o, &irq_ops, d,
                          "pc-testdev-irq-line", IRQ_LINES);
    memory_region_init_io(&d->iomem, o, &iomem_ops, d,
                          "pc-testdev-iomem", IOMEM_LEN);
    isa_register_ioport(isa, &d->ioport, IOPORT_BASE);
    isa_register_ioport(isa, &d->flush, FLUSH_BASE);
    isa_register_ioport(isa, &d->ioport_byte, IOPORT_BYTE_BASE);
    isa_register_ioport(isa, &d->irq, IRQ_BASE);
    memory_region_add_subregion(isa_address_space(isa), IOMEM_BASE,
                                &d->iomem);
}

static void testdev_unrealize(DeviceState *dev)
{
    PCTestdev *d = PC_TESTDEV(dev);
    ISADevice *isa = ISA_DEVICE(dev);

    memory_region_del_subregion(isa_address_space(isa), &d->iomem);
    memory_region_del_subregion(isa_address_space_io(isa), &d->ioport);
    memory_region_del_subregion(isa_address_space_io(isa), &d->flush);
    memory_region_del_subregion(isa_address_space_io(isa), &d->ioport_byte);
    memory_region_del_subregion(isa_address_space_io(isa), &d->irq);
    g_free(d->iomem_buf);
    d->iomem_buf = NULL;
}

static void testdev_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = testdev_realize;
    dc->unrealize = testdev_unrealize;
    dc->desc = "PC test device for kvm-unit-tests";
    dc->user_creatable = true;
    device_class_set_categories(dc, DEVICE_CATEGORY_MISC);
}

static const TypeInfo testdev_info = {
    .name = TYPE_PC_TESTDEV,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(PCTestdev),
    .class_init = testdev_class_init,
};

static void testdev_register_types(void)
{
    type_register_static(&testdev_info);
}
type_init(testdev_register_types)
