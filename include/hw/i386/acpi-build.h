/*
 * ACPI tables of the pc machine (hw/i386/acpi-build.c).
 *
 * Always served through fw_cfg for firmware ("etc/acpi/tables",
 * "etc/acpi/rsdp", "etc/table-loader"). On a direct kernel boot, where no
 * firmware runs, Vireo also runs the table-loader itself: the tables go
 * to the top PC_ACPI_AREA_SIZE of RAM below 4 GiB (an E820_ACPI range)
 * and the RSDP to X86_BOOT_RSDP_ADDR (0xf0000) in the BIOS-area ROM.
 */
#ifndef HW_I386_ACPI_BUILD_H
#define HW_I386_ACPI_BUILD_H

#include "hw/i386/pc.h"

#define PC_ACPI_AREA_SIZE (128 * KiB)

/* First byte of the in-RAM table area of a direct boot. */
uint64_t pc_acpi_area_base(PCMachineState *pcms);

/* Builds the tables (once every device exists); installs them in guest
 * memory too when install_in_memory. */
void pc_acpi_build(PCMachineState *pcms, bool install_in_memory);

#endif
