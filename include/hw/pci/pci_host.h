/*
 * PCI host bridges: the system-bus side of a root PCI bus, with the
 * configuration mechanism #1 registers (CONFIG_ADDRESS at 0xcf8, 32-bit
 * only; CONFIG_DATA at 0xcfc-0xcff, byte/word/dword).
 */
#ifndef HW_PCI_PCI_HOST_H
#define HW_PCI_PCI_HOST_H

#include "hw/sysbus.h"
#include "hw/pci/pci.h"

#define TYPE_PCI_HOST_BRIDGE "pci-host-bridge"

typedef struct PCIHostState {
    SysBusDevice busdev;
    MemoryRegion conf_mem;      /* CONFIG_ADDRESS, 4 bytes */
    MemoryRegion data_mem;      /* CONFIG_DATA, 4 bytes */
    uint32_t config_reg;        /* last CONFIG_ADDRESS value */
    PCIBus *bus;
    /* Byte/word accesses to 0xcf8-0xcfb are not config cycles; a chipset
     * register there (PIIX reset control at 0xcf9) takes them. Offsets
     * are from 0xcf8. */
    const MemoryRegionOps *narrow_ops;
    void *narrow_opaque;
} PCIHostState;

#define PCI_HOST_BRIDGE(obj) \
    OBJECT_CHECK(PCIHostState, (obj), TYPE_PCI_HOST_BRIDGE)

/* CONFIG_ADDRESS bit 31 enables the cycle; bits 23:16 bus, 15:8 devfn,
 * 7:2 register. */
#define PCI_CONFIG_ENABLE       0x80000000u

/* Config cycle for addr (CONFIG_ADDRESS layout, low 2 bits = byte offset)
 * on bus or a bus below it. Absent functions read all ones. */
void pci_data_write(PCIBus *s, uint32_t addr, uint32_t val, unsigned len);
uint32_t pci_data_read(PCIBus *s, uint32_t addr, unsigned len);

/* Initialises conf_mem/data_mem (owner obj) for mechanism #1 on
 * phb->bus; the caller maps them (0xcf8 and 0xcfc in the I/O space). */
void pci_host_conf_init(PCIHostState *phb, Object *obj);

/* Installs the handler of non-dword accesses to 0xcf8-0xcfb. */
void pci_host_set_narrow_io(PCIHostState *phb, const MemoryRegionOps *ops,
                            void *opaque);
/* The host bridge above bus (NULL if bus is not a root bus). */
PCIHostState *pci_bus_get_host(PCIBus *bus);

#endif
