/*
 * PCI host bridge base: configuration mechanism #1 (PCI Local Bus
 * Specification 3.0, 3.2.2.3.2). CONFIG_ADDRESS latches on dword writes
 * only; narrower accesses to 0xcf8-0xcfb are not config cycles (0xcf9 is
 * the PIIX reset control register, mapped over it).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/pci/pci_host.h"
#include "qemu/log.h"

static PCIDevice *pci_dev_find_by_addr(PCIBus *bus, uint32_t addr)
{
    uint8_t bus_num = addr >> 16;
    uint8_t devfn = addr >> 8;

    return pci_find_device(bus, bus_num, devfn);
}

void pci_data_write(PCIBus *s, uint32_t addr, uint32_t val, unsigned len)
{
    PCIDevice *pci_dev = pci_dev_find_by_addr(s, addr);

    if (!pci_dev) {
        return;     /* master abort: the write goes nowhere */
    }
    pci_host_config_write_common(pci_dev, addr & 0xff, PCI_CONFIG_SPACE_SIZE,
                                 val, len);
}

uint32_t pci_data_read(PCIBus *s, uint32_t addr, unsigned len)
{
    PCIDevice *pci_dev = pci_dev_find_by_addr(s, addr);

    if (!pci_dev) {
        return ~0u >> (32 - 8 * len);
    }
    return pci_host_config_read_common(pci_dev, addr & 0xff,
                                       PCI_CONFIG_SPACE_SIZE, len);
}

static uint64_t pci_host_conf_read(void *opaque, hwaddr addr, unsigned len)
{
    PCIHostState *s = opaque;

    if (addr != 0 || len != 4) {
        if (s->narrow_ops && s->narrow_ops->read) {
            return s->narrow_ops->read(s->narrow_opaque, addr, len);
        }
        return ~0ull >> (64 - 8 * len);
    }
    return s->config_reg;
}

static void pci_host_conf_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned len)
{
    PCIHostState *s = opaque;

    if (addr != 0 || len != 4) {
        if (s->narrow_ops && s->narrow_ops->write) {
            s->narrow_ops->write(s->narrow_opaque, addr, val, len);
        }
        return;
    }
    /* Bits 1:0 are hardwired to 0. */
    s->config_reg = val & ~3u;
}

static uint64_t pci_host_data_read(void *opaque, hwaddr addr, unsigned len)
{
    PCIHostState *s = opaque;

    if (!(s->config_reg & PCI_CONFIG_ENABLE) || !s->bus) {
        return ~0ull >> (64 - 8 * len);
    }
    return pci_data_read(s->bus, s->config_reg | (addr & 3), len);
}

static void pci_host_data_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned len)
{
    PCIHostState *s = opaque;

    if (!(s->config_reg & PCI_CONFIG_ENABLE) || !s->bus) {
        return;
    }
    pci_data_write(s->bus, s->config_reg | (addr & 3), val, len);
}

static const MemoryRegionOps pci_host_conf_ops = {
    .read = pci_host_conf_read,
    .write = pci_host_conf_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static const MemoryRegionOps pci_host_data_ops = {
    .read = pci_host_data_read,
    .write = pci_host_data_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

void pci_host_conf_init(PCIHostState *phb, Object *obj)
{
    memory_region_init_io(&phb->conf_mem, obj, &pci_host_conf_ops, phb,
                          "pci-conf-idx", 4);
    memory_region_init_io(&phb->data_mem, obj, &pci_host_data_ops, phb,
                          "pci-conf-data", 4);
}

void pci_host_set_narrow_io(PCIHostState *phb, const MemoryRegionOps *ops,
                            void *opaque)
{
    phb->narrow_ops = ops;
    phb->narrow_opaque = opaque;
}

PCIHostState *pci_bus_get_host(PCIBus *bus)
{
    DeviceState *parent = bus->qbus.parent;

    if (!parent || !object_dynamic_cast(OBJECT(parent),
                                        TYPE_PCI_HOST_BRIDGE)) {
        return NULL;
    }
    return PCI_HOST_BRIDGE(parent);
}

static const TypeInfo pci_host_type_info = {
    .name = TYPE_PCI_HOST_BRIDGE,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(PCIHostState),
    .abstract = true,
};

static void pci_host_register_types(void)
{
    type_register_static(&pci_host_type_info);
}
type_init(pci_host_register_types)
