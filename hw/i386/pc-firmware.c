/*
 * The pc board's firmware interface: fw_cfg and its standard items, the
 * BIOS image (or a direct kernel boot instead), the e820 map, the ACPI PM
 * device and the ACPI tables. See docs/devel/firmware.md.
 */
#include "qemu/osdep.h"
#include "hw/i386/pc.h"
#include "hw/i386/x86-boot.h"
#include "hw/i386/acpi-build.h"
#include "hw/nvram/fw_cfg.h"
#include "hw/acpi/piix4-pm.h"
#include "hw/pci/pci.h"
#include "exec/memory.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "system/system.h"
#include "system/vl-internal.h"

#define PC_BIOS_DEFAULT     "bios-256k.bin"
#define PC_BIOS_MAX_SIZE    (16 * MiB)
#define PC_ISA_BIOS_SIZE    (128 * KiB)
#define PC_ISA_BIOS_BASE    0xe0000

/* -bios: a ROM at 4 GiB - size, its last 128 KiB also at 0xe0000. */
static bool pc_load_bios(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    const char *name = ms->firmware ? ms->firmware : PC_BIOS_DEFAULT;
    g_autofree char *path = qemu_find_file(name);
    g_autofree char *contents = NULL;
    GError *gerr = NULL;
    gsize size = 0;
    uint64_t isa_size;

    if (!path) {
        error_setg(errp, "could not load PC BIOS '%s'", name);
        error_append_hint(errp, "No such file in the firmware search path "
                          "(-L); use -bios to name one.\n");
        return false;
    }
    if (!g_file_get_contents(path, &contents, &size, &gerr)) {
        error_setg(errp, "could not load PC BIOS '%s': %s", name,
                   gerr->message);
        g_error_free(gerr);
        return false;
    }
    if (size == 0 || size % (64 * KiB) || size > PC_BIOS_MAX_SIZE) {
        error_setg(errp, "could not load PC BIOS '%s'", name);
        error_append_hint(errp, "Its size (%zu bytes) must be a non-zero "
                          "multiple of 64 KiB, at most 16 MiB.\n",
                          (size_t)size);
        return false;
    }
    if (!memory_region_init_rom(&pcms->bios, OBJECT(pcms), "pc.bios", size,
                                errp)) {
        return false;
    }
    memcpy(memory_region_get_ram_ptr(&pcms->bios), contents, size);
    memory_region_add_subregion(pcms->pci_memory, 4 * GiB - size,
                                &pcms->bios);

    isa_size = MIN(size, PC_ISA_BIOS_SIZE);
    memory_region_init_alias(&pcms->isa_bios, OBJECT(pcms), "isa-bios",
                             &pcms->bios, size - isa_size, isa_size);
    memory_region_set_readonly(&pcms->isa_bios, true);
    memory_region_add_subregion_overlap(pcms->pci_memory,
                                        0x100000 - isa_size,
                                        &pcms->isa_bios, 1);
    return true;
}

/*
 * Direct kernel boot runs no firmware; the legacy BIOS area still gets a
 * ROM so that the ACPI RSDP can be found by the classic 0xe0000-0xfffff
 * scan.
 */
static bool pc_map_boot_rom(PCMachineState *pcms, Error **errp)
{
    if (!memory_region_init_rom(&pcms->isa_bios, OBJECT(pcms), "isa-bios",
                                PC_ISA_BIOS_SIZE, errp)) {
        return false;
    }
    memset(memory_region_get_ram_ptr(&pcms->isa_bios), 0, PC_ISA_BIOS_SIZE);
    memory_region_add_subregion_overlap(pcms->pci_memory, PC_ISA_BIOS_BASE,
                                        &pcms->isa_bios, 1);
    return true;
}

static uint16_t pc_boot_device(void)
{
    const char *order = vl_boot_config.order;

    /* The first letter of -boot order, as a byte (SeaBIOS reads it). */
    return order && order[0] ? (uint8_t)order[0] : 'c';
}

static void pc_fw_cfg_items(PCMachineState *pcms, FWCfgState *fw)
{
    MachineState *ms = MACHINE(pcms);
    uint8_t *uuid = g_memdup2(&qemu_uuid, 16);
    size_t e820_size;
    uint8_t *e820 = e820_to_blob(&e820_size);
    int n;
    uint8_t *legacy;
    uint32_t count;

    fw_cfg_add_bytes(fw, FW_CFG_UUID, uuid, 16);
    fw_cfg_add_i64(fw, FW_CFG_RAM_SIZE, ms->ram_size);
    fw_cfg_add_i16(fw, FW_CFG_NOGRAPHIC, !ms->graphics);
    fw_cfg_add_i16(fw, FW_CFG_NB_CPUS, ms->smp.cpus);
    fw_cfg_add_i16(fw, FW_CFG_MAX_CPUS, ms->smp.max_cpus ? ms->smp.max_cpus
                                                         : ms->smp.cpus);
    fw_cfg_add_i16(fw, FW_CFG_BOOT_DEVICE, pc_boot_device());
    fw_cfg_add_i16(fw, FW_CFG_BOOT_MENU, vl_boot_config.menu);
    fw_cfg_add_i64(fw, FW_CFG_NUMA, 0);
    fw_cfg_add_i32(fw, FW_CFG_IRQ0_OVERRIDE, 1);

    /* etc/e820 and the legacy key (u32 count, then the same entries). */
    fw_cfg_add_file(fw, "etc/e820", e820, e820_size, &error_abort);
    e820_entries(&n);
    legacy = g_malloc0(4 + e820_size);
    count = GUINT32_TO_LE(n);
    memcpy(legacy, &count, 4);
    memcpy(legacy + 4, e820, e820_size);
    fw_cfg_add_bytes(fw, FW_CFG_E820_TABLE, legacy, 4 + e820_size);

    if (vl_boot_config.menu && vl_boot_config.splash_time >= 0) {
        uint16_t *wait = g_new(uint16_t, 1);
        *wait = GUINT16_TO_LE(MIN(vl_boot_config.splash_time, 0xffff));
        fw_cfg_add_file(fw, "etc/boot-menu-wait", wait, 2, &error_abort);
    }
    if (vl_boot_config.reboot_timeout >= 0) {
        uint32_t *wait = g_new(uint32_t, 1);
        *wait = GUINT32_TO_LE(MIN(vl_boot_config.reboot_timeout, 0xffff));
        fw_cfg_add_file(fw, "etc/boot-fail-wait", wait, 4, &error_abort);
    }
    /* Filled in once every -device exists (bootindex order). */
    fw_cfg_add_file(fw, "bootorder", NULL, 0, &error_abort);
}

static void pc_firmware_machine_done(void *opaque)
{
    PCMachineState *pcms = opaque;

    if (pcms->acpi != ON_OFF_AUTO_OFF) {
        pc_acpi_build(pcms, MACHINE(pcms)->kernel_filename != NULL);
    }
}

bool pc_firmware_init(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    bool acpi = pcms->acpi != ON_OFF_AUTO_OFF;
    bool direct = ms->kernel_filename != NULL;
    FWCfgState *fw;

    if (!direct && (ms->initrd_filename || ms->kernel_cmdline)) {
        error_setg(errp, ms->initrd_filename
                   ? "-initrd only allowed with -kernel option"
                   : "-append only allowed with -kernel option");
        return false;
    }
    if (direct) {
        /* No firmware: describe the legacy hole and keep the tables out
         * of the guest's way ourselves. */
        e820_add_entry(0xa0000, 0x100000 - 0xa0000, E820_RESERVED);
        if (acpi) {
            e820_add_entry(pc_acpi_area_base(pcms), PC_ACPI_AREA_SIZE,
                           E820_ACPI);
        }
        if (!pc_map_boot_rom(pcms, errp)) {
            return false;
        }
    } else if (!pc_load_bios(pcms, errp)) {
        return false;
    }

    fw = fw_cfg_init_io_dma(FW_CFG_IO_BASE, FW_CFG_DMA_IO_BASE,
                            &address_space_memory);
    pcms->fw_cfg = fw;
    pc_fw_cfg_items(pcms, fw);

    if (acpi) {
        PCIDevice *pm = piix4_pm_create(pcms->pci_bus, PCI_DEVFN(1, 3),
                                        pcms->gsi[PC_ACPI_SCI_IRQ], errp);
        if (!pm) {
            return false;
        }
        pcms->acpi_pm = DEVICE(pm);
    }

    if (direct) {
        X86BootInfo bi = {
            .kernel_filename = ms->kernel_filename,
            .initrd_filename = ms->initrd_filename,
            .cmdline = ms->kernel_cmdline ? ms->kernel_cmdline : "",
            .ram_below_4g = e820_ram_below(4 * GiB),
            .rsdp_addr = acpi ? X86_BOOT_RSDP_ADDR : 0,
        };
        if (!x86_load_kernel(&bi, fw, errp)) {
            return false;
        }
    }
    qemu_add_machine_init_done_hook(pc_firmware_machine_done, pcms);
    return true;
}
