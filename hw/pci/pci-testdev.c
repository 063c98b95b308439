/*
 * "pci-testdev": a PCI function for exercising the PCI core and guests'
 * PCI code: BAR0 is 4 KiB of memory-space scratch, BAR1 256 bytes of I/O
 * scratch, and INTA follows byte 0 of BAR0 (nonzero asserts), so tests
 * can check sizing, decode enables, mapping and INTx routing. Same ids,
 * class and BAR layout as QEMU's device of that name; its ioeventfd test
 * table is not modelled.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/pci/pci.h"

#define TYPE_PCI_TESTDEV "pci-testdev"
#define MEM_SIZE 4096
#define IO_SIZE 256

typedef struct PCITestDevState {
    PCIDevice parent_obj;
    MemoryRegion mmio;
    MemoryRegion portio;
    uint8_t mem[MEM_SIZE];
    uint8_t io[IO_SIZE];
} PCITestDevState;

#define PCI_TESTDEV(obj) OBJECT_CHECK(PCITestDevState, (obj), TYPE_PCI_TESTDEV)

static uint64_t buf_read(const uint8_t *buf, unsigned buflen, hwaddr addr,
                         unsigned size)
{
    uint64_t val = 0;

    for (unsigned i = 0; i < size && addr + i < buflen; i++) {
        val |= (uint64_t)buf[addr + i] << (8 * i);
    }
    return val;
}

static void buf_write(uint8_t *buf, unsigned buflen, hwaddr addr,
                      uint64_t val, unsigned size)
{
    for (unsigned i = 0; i < size && addr + i < buflen; i++) {
        buf[addr + i] = val >> (8 * i);
    }
}

static uint64_t testdev_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    PCITestDevState *d = opaque;

    return buf_read(d->mem, MEM_SIZE, addr, size);
}

static void testdev_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                               unsigned size)
{
    PCITestDevState *d = opaque;

    buf_write(d->mem, MEM_SIZE, addr, val, size);
    if (addr == 0) {
        pci_set_irq(PCI_DEVICE(d), d->mem[0] != 0);
    }
}

static uint64_t testdev_io_read(void *opaque, hwaddr addr, unsigned size)
{
    PCITestDevState *d = opaque;

    return buf_read(d->io, IO_SIZE, addr, size);
}

static void testdev_io_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    PCITestDevState *d = opaque;

    buf_write(d->io, IO_SIZE, addr, val, size);
}

static const MemoryRegionOps testdev_mmio_ops = {
    .read = testdev_mmio_read,
    .write = testdev_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static const MemoryRegionOps testdev_io_ops = {
    .read = testdev_io_read,
    .write = testdev_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static void testdev_realize(PCIDevice *pdev, Error **errp)
{
    PCITestDevState *d = PCI_TESTDEV(pdev);

    pci_config_set_interrupt_pin(pdev->config, 1);
    memory_region_init_io(&d->mmio, OBJECT(d), &testdev_mmio_ops, d,
                          "pci-testdev-mmio", MEM_SIZE);
    memory_region_init_io(&d->portio, OBJECT(d), &testdev_io_ops, d,
                          "pci-testdev-portio", IO_SIZE);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &d->mmio);
    pci_register_bar(pdev, 1, PCI_BASE_ADDRESS_SPACE_IO, &d->portio);
}

static void testdev_reset(DeviceState *dev)
{
    PCITestDevState *d = PCI_TESTDEV(dev);

    memset(d->mem, 0, sizeof(d->mem));
    memset(d->io, 0, sizeof(d->io));
}

static void testdev_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = testdev_realize;
    k->vendor_id = PCI_VENDOR_ID_REDHAT;
    k->device_id = PCI_DEVICE_ID_REDHAT_TEST;
    k->revision = 0;
    k->class_id = PCI_CLASS_OTHERS;
    dc->desc = "PCI test device";
    dc->reset = testdev_reset;
    dc->user_creatable = true;
    device_class_set_categories(dc, DEVICE_CATEGORY_MISC);
}

static const TypeInfo testdev_info = {
    .name = TYPE_PCI_TESTDEV,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PCITestDevState),
    .class_init = testdev_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { },
    },
};

static void testdev_register_types(void)
{
    type_register_static(&testdev_info);
}
type_init(testdev_register_types)
