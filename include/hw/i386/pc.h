/*
 * The pc machine (i440FX + PIIX3): board state shared between the wiring
 * (hw/i386/pc.c) and the firmware interface (fw_cfg, e820, ACPI, kernel
 * loaders in hw/i386/pc-firmware.c and friends).
 */
#ifndef HW_I386_PC_H
#define HW_I386_PC_H

#include "hw/boards.h"
#include "hw/isa/isa.h"
#include "hw/pci/pci.h"
#include "hw/qdev-properties.h"

#define TYPE_PC_MACHINE "generic-pc-machine"

/* Number of global system interrupts: ISA 0-15, PCI 16-23. */
#define PC_GSI_NUM 24
/* ACPI power-management I/O block (PM1a event/control, timer). */
#define PC_ACPI_PM_BASE 0x600
#define PC_ACPI_SCI_IRQ 9

typedef struct PCMachineState {
    MachineState parent_obj;
    /* properties */
    OnOffAuto acpi;
    bool hpet;
    bool pit;
    bool smm;
    bool vmport;
    bool i8042;
    uint64_t max_ram_below_4g;
    /* board */
    uint64_t below_4g_mem_size;
    uint64_t above_4g_mem_size;
    MemoryRegion *pci_memory;
    MemoryRegion ram_below_4g, ram_above_4g;
    MemoryRegion bios, isa_bios;
    PCIBus *pci_bus;
    ISABus *isa_bus;
    qemu_irq gsi[PC_GSI_NUM];
    qemu_irq *i8259;
    qemu_irq pic_out;            /* the PIC's INT line to the CPU */
    DeviceState *ioapic;
    DeviceState *rtc;
    FWCfgState *fw_cfg;
    DeviceState *acpi_pm;        /* the PM device raising SCI */
} PCMachineState;

#define PC_MACHINE(obj) OBJECT_CHECK(PCMachineState, (obj), TYPE_PC_MACHINE)

/*
 * Firmware interface, called by pc.c once devices exist:
 *  - creates fw_cfg (I/O 0x510/0x511, DMA 0x514) with the standard items
 *    and the e820 table,
 *  - loads -bios (or the default SeaBIOS image) into pcms->bios, unless a
 *    kernel is booted directly,
 *  - loads -kernel/-initrd/-append (Linux bzImage, multiboot, PVH ELF),
 *  - creates the ACPI PM device and registers the ACPI table build for
 *    when the machine is complete.
 * Errors name the file at fault ("could not load kernel 'x': ...").
 */
bool pc_firmware_init(PCMachineState *pcms, Error **errp);

/* The e820 map the board describes to firmware and Linux. */
#define E820_RAM        1
#define E820_RESERVED   2
#define E820_ACPI       3
#define E820_NVS        4
#define E820_UNUSABLE   5
void e820_add_entry(uint64_t address, uint64_t length, uint32_t type);
int e820_get_num_entries(void);
bool e820_get_entry(int idx, uint32_t type, uint64_t *address,
                    uint64_t *length);

#endif
