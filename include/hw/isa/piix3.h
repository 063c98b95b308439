/*
 * Intel PIIX3 (82371SB) function 0: the PCI-to-ISA bridge. It owns the
 * ISA bus ("isa.0"), routes PCI INTA-D (PIRQ A-D, registers 0x60-0x63)
 * to ISA IRQs, and has the reset control register at I/O 0xcf9.
 */
#ifndef HW_ISA_PIIX3_H
#define HW_ISA_PIIX3_H

#include "hw/pci/pci.h"
#include "hw/isa/isa.h"

#define TYPE_PIIX3_DEVICE "PIIX3"

#define PIIX_PIRQCA         0x60
#define PIIX_NUM_PIRQS      4
#define PIIX_RCR_IOPORT     0xcf9

/* The ISA bus the PIIX3 at pci_dev owns. */
ISABus *piix3_get_isa_bus(PCIDevice *pci_dev);

#endif
