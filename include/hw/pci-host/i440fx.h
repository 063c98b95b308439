/*
 * Intel 440FX PCI and memory controller (PMC, 82441FX) at 00.0 of the pc
 * board's root bus, and its host-bridge sysbus device owning "pci.0".
 *
 * PAM (0x59-0x5f) decides, per segment of 0xc0000-0xfffff, whether CPU
 * reads and writes go to DRAM or to PCI (where the board maps the BIOS
 * and option ROMs); SMRAM (0x72) decides whether 0xa0000-0xbffff shows
 * DRAM or PCI (VGA).
 */
#ifndef HW_PCI_HOST_I440FX_H
#define HW_PCI_HOST_I440FX_H

#include "hw/pci/pci_host.h"

#define TYPE_I440FX_PCI_HOST_BRIDGE "i440FX-pcihost"
#define TYPE_I440FX_PCI_DEVICE "i440FX"

#define I440FX_PAM          0x59
#define I440FX_PAM_SIZE     7
#define I440FX_SMRAM        0x72

/*
 * Builds the host bridge and the PMC at 00.0.
 *  system_memory  where the PAM/SMRAM overlays and pci_memory are mapped
 *  system_io      where 0xcf8/0xcfc go, and the bus's I/O space
 *  ram            the guest RAM region (offsets 0..1M are the low RAM
 *                 that PAM and SMRAM can show)
 *  pci_memory     the PCI memory space container (size UINT64_MAX); the
 *                 board maps ROMs in it (0xc0000.., isa-bios at 0xe0000,
 *                 bios at 4G - size). i440fx_init maps it into
 *                 system_memory at 0, priority -1, below RAM.
 * The board maps RAM (e.g. an alias "ram-below-4g") at priority 0; the
 * PAM/SMRAM overlays sit at priority 1 above it.
 */
PCIBus *i440fx_init(MemoryRegion *system_memory, MemoryRegion *system_io,
                    MemoryRegion *ram, MemoryRegion *pci_memory,
                    Error **errp);

#endif
