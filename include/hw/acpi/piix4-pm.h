/*
 * ACPI power management for the pc machine, modelled on the Intel PIIX4
 * power-management function (PCI 8086:7113, here at 00:01.3).
 *
 * I/O block at PMBA (config 0x40, enabled by config 0x80 bit 0; both
 * preset to PC_ACPI_PM_BASE so direct kernel boots need no firmware):
 *   +0x00 PM1_STS  (16)  TMR_STS 0, GBL_STS 5, PWRBTN_STS 8, RTC_STS 10,
 *                        WAK_STS 15; write 1 to clear
 *   +0x02 PM1_EN   (16)  TMR_EN 0, GBL_EN 5, PWRBTN_EN 8, RTC_EN 10
 *   +0x04 PM1_CNT  (16)  SCI_EN 0, SLP_TYP 10-12, SLP_EN 13
 *   +0x08 PM_TMR   (32)  3.579545 MHz, 24 bits
 *   +0x0c GPE0_STS (16), +0x0e GPE0_EN (16)
 * APM control at I/O 0xb2 (the FADT's SMI_CMD; 0xf1 sets SCI_EN, 0xf0
 * clears it) and status at 0xb3.
 * SCI: level, on the "sci" GPIO output (ISA IRQ 9), raised while
 * SCI_EN and any enabled status bit is set.
 * Sleep: SLP_EN with SLP_TYP 0 (the DSDT's \_S5) powers off.
 */
#ifndef HW_ACPI_PIIX4_PM_H
#define HW_ACPI_PIIX4_PM_H

#include "hw/pci/pci.h"

#define TYPE_PIIX4_PM "PIIX4_PM"

#define PIIX4_PM_PMBA           0x40
#define PIIX4_PM_DEVACTB        0x58
#define PIIX4_PM_DEVACTB_APMC_EN (1u << 25)  /* APMC writes raise SMI */
#define PIIX4_PM_PMREGMISC      0x80
#define PIIX4_PM_IO_SIZE        64

#define ACPI_PM1_STS            0x00
#define ACPI_PM1_EN             0x02
#define ACPI_PM1_CNT            0x04
#define ACPI_PM_TMR             0x08
#define ACPI_GPE0_STS           0x0c
#define ACPI_GPE0_EN            0x0e
#define ACPI_GPE0_LEN           4

#define ACPI_BITMASK_TIMER_STATUS       0x0001
#define ACPI_BITMASK_GLOBAL_LOCK_STATUS 0x0020
#define ACPI_BITMASK_POWER_BUTTON_STATUS 0x0100
#define ACPI_BITMASK_RT_CLOCK_STATUS    0x0400
#define ACPI_BITMASK_WAKE_STATUS        0x8000
#define ACPI_BITMASK_TIMER_ENABLE       0x0001
#define ACPI_BITMASK_GLOBAL_LOCK_ENABLE 0x0020
#define ACPI_BITMASK_POWER_BUTTON_ENABLE 0x0100
#define ACPI_BITMASK_RT_CLOCK_ENABLE    0x0400
#define ACPI_BITMASK_SCI_ENABLE         0x0001
#define ACPI_BITMASK_SLEEP_ENABLE       0x2000
#define ACPI_SLP_TYP_SHIFT              10
#define ACPI_SLP_TYP_MASK               0x1c00

#define ACPI_SLP_TYP_S5         0
#define ACPI_SLP_TYP_S3         1

#define APM_CNT_IOPORT          0xb2
#define APM_STS_IOPORT          0xb3
#define ACPI_ENABLE_VALUE       0xf1
#define ACPI_DISABLE_VALUE      0xf0

#define ACPI_PM_TIMER_FREQUENCY 3579545

/* Creates and realizes the PM function at devfn with its SCI on sci. */
PCIDevice *piix4_pm_create(PCIBus *bus, int devfn, qemu_irq sci,
                           Error **errp);

#endif
