/*
 * ACPI tables of the pc machine: RSDP, RSDT, XSDT, FADT (rev 5), FACS,
 * DSDT, MADT and HPET, built in C; delivered through fw_cfg with a
 * table-loader script, and installed directly for kernel boots.
 */
#include "qemu/osdep.h"
#include "hw/i386/acpi-build.h"
#include "hw/i386/x86-boot.h"
#include "hw/acpi/aml-build.h"
#include "hw/acpi/bios-linker-loader.h"
#include "hw/acpi/piix4-pm.h"
#include "hw/nvram/fw_cfg.h"
#include "hw/char/serial.h"
#include "exec/memory.h"
#include "qapi/error.h"
#include "qemu/error-report.h"

#define ACPI_TABLES_FILE  "etc/acpi/tables"
#define ACPI_RSDP_FILE    "etc/acpi/rsdp"
#define ACPI_LOADER_FILE  "etc/table-loader"

#define IOAPIC_BASE       0xfec00000
#define LAPIC_BASE        0xfee00000
#define HPET_BASE         0xfed00000
#define PC_RESET_PORT     0xcf9
#define PC_RESET_VALUE    0x06
#define RTC_CENTURY_REG   0x32

typedef struct AcpiBuildState {
    GArray *tables;
    GArray *rsdp;
    BIOSLinker *linker;
    GArray *table_offsets;        /* uint32_t, for RSDT/XSDT */
} AcpiBuildState;

uint64_t pc_acpi_area_base(PCMachineState *pcms)
{
    return QEMU_ALIGN_DOWN(pcms->below_4g_mem_size, 4 * KiB) -
           PC_ACPI_AREA_SIZE;
}

static void acpi_add_table(AcpiBuildState *b, size_t off)
{
    uint32_t o = off;

    acpi_table_end(b->tables, off);
    g_array_append_val(b->table_offsets, o);
    bios_linker_loader_add_checksum(b->linker, ACPI_TABLES_FILE, off,
                                    b->tables->len - off, off + 9);
}

/* A pointer field at blob offset 'at' to a table at offset 'target'. */
static void acpi_link(AcpiBuildState *b, GArray *blob, const char *file,
                      size_t at, uint8_t size, uint64_t target)
{
    for (int i = 0; i < size; i++) {
        blob->data[at + i] = target >> (8 * i);
    }
    bios_linker_loader_add_pointer(b->linker, file, at, size,
                                   ACPI_TABLES_FILE);
}

static size_t build_facs(AcpiBuildState *b)
{
    size_t off = b->tables->len;

    acpi_append(b->tables, "FACS", 4);
    acpi_append_u32(b->tables, 64);
    acpi_append_zeros(b->tables, 56);   /* no waking vector, no lock */
    return off;
}

/* ---- DSDT ---- */

static Aml *isa_dev(const char *name, const char *hid, Aml *crs, int uid)
{
    Aml *dev = aml_new();

    aml_append(dev, aml_name_decl("_HID", aml_eisaid(hid)));
    if (uid >= 0) {
        aml_append(dev, aml_name_decl("_UID", aml_int(uid)));
    }
    aml_append(dev, aml_name_decl("_CRS", aml_resource_template(crs)));
    return aml_device(name, dev);
}

static void build_serial_devs(PCMachineState *pcms, Aml *isa)
{
    BusState *bus = BUS(pcms->isa_bus);

    for (GList *l = bus->children; l; l = l->next) {
        Object *o = OBJECT(l->data);
        uint64_t idx, base, irq;
        char name[8];
        Aml *crs;

        if (!object_dynamic_cast(o, TYPE_ISA_SERIAL)) {
            continue;
        }
        idx = object_property_get_uint(o, "index", NULL);
        base = object_property_get_uint(o, "iobase", NULL);
        irq = object_property_get_uint(o, "irq", NULL);
        if (idx > 9 || base > 0xfff8 || irq > 15) {
            continue;
        }
        snprintf(name, sizeof(name), "COM%u", (unsigned)idx + 1);
        crs = aml_new();
        aml_append(crs, aml_io(base, base, 0, 8));
        aml_append(crs, aml_irq_no_flags(irq));
        aml_append(isa, isa_dev(name, "PNP0501", crs, idx + 1));
    }
}

static Aml *build_isa_scope(PCMachineState *pcms)
{
    Aml *isa = aml_new();
    Aml *crs;

    aml_append(isa, aml_name_decl("_ADR", aml_int(0x00010000)));

    crs = aml_new();
    aml_append(crs, aml_io(0x70, 0x70, 1, 8));
    aml_append(crs, aml_irq_no_flags(8));
    aml_append(isa, isa_dev("RTC", "PNP0B00", crs, -1));

    if (pcms->i8042) {
        crs = aml_new();
        aml_append(crs, aml_io(0x60, 0x60, 1, 1));
        aml_append(crs, aml_io(0x64, 0x64, 1, 1));
        aml_append(crs, aml_irq_no_flags(1));
        aml_append(isa, isa_dev("KBD", "PNP0303", crs, -1));
        crs = aml_new();
        aml_append(crs, aml_irq_no_flags(12));
        aml_append(isa, isa_dev("MOU", "PNP0F13", crs, -1));
    }

    crs = aml_new();
    aml_append(crs, aml_io(0x20, 0x20, 1, 2));
    aml_append(crs, aml_io(0xa0, 0xa0, 1, 2));
    aml_append(crs, aml_irq_no_flags(2));
    aml_append(isa, isa_dev("PIC", "PNP0000", crs, -1));

    if (pcms->pit) {
        crs = aml_new();
        aml_append(crs, aml_io(0x40, 0x40, 1, 4));
        aml_append(crs, aml_irq_no_flags(0));
        aml_append(isa, isa_dev("TMR", "PNP0100", crs, -1));
    }
    build_serial_devs(pcms, isa);
    return aml_device("ISA", isa);
}

static Aml *build_pci0(PCMachineState *pcms)
{
    Aml *pci = aml_new();
    Aml *crs = aml_new();
    uint64_t hole = MAX(pcms->below_4g_mem_size, 0x100000);

    aml_append(pci, aml_name_decl("_HID", aml_eisaid("PNP0A03")));
    aml_append(pci, aml_name_decl("_ADR", aml_int(0)));
    aml_append(pci, aml_name_decl("_UID", aml_int(0)));

    aml_append(crs, aml_word_bus_number(0, 0xff));
    aml_append(crs, aml_io(0xcf8, 0xcf8, 1, 8));
    aml_append(crs, aml_word_io(0x0000, 0x0cf7));
    aml_append(crs, aml_word_io(0x0d00, 0xffff));
    aml_append(crs, aml_dword_memory(0xa0000, 0xbffff, true));
    if (hole < IOAPIC_BASE) {
        aml_append(crs, aml_dword_memory(hole, IOAPIC_BASE - 1, false));
    }
    aml_append(pci, aml_name_decl("_CRS", aml_resource_template(crs)));
    aml_append(pci, build_isa_scope(pcms));
    return aml_device("PCI0", pci);
}

static size_t build_dsdt(AcpiBuildState *b, PCMachineState *pcms)
{
    size_t off = acpi_table_begin(b->tables, "DSDT", 2);
    Aml *dsdt = aml_new();
    Aml *sb = aml_new();
    Aml *s5 = aml_new();

    aml_append(sb, build_pci0(pcms));
    if (pcms->hpet) {
        Aml *hpet = aml_new();
        Aml *crs = aml_new();

        aml_append(hpet, aml_name_decl("_HID", aml_eisaid("PNP0103")));
        aml_append(hpet, aml_name_decl("_UID", aml_int(0)));
        aml_append(crs, aml_memory32_fixed(HPET_BASE, 0x400, false));
        aml_append(hpet, aml_name_decl("_CRS", aml_resource_template(crs)));
        aml_append(sb, aml_device("HPET", hpet));
    }
    aml_append(dsdt, aml_scope("\\_SB", sb));

    /* \_S5: PM1a and PM1b SLP_TYP for soft-off, two reserved. */
    for (int i = 0; i < 4; i++) {
        aml_append(s5, aml_int(i < 2 ? ACPI_SLP_TYP_S5 : 0));
    }
    aml_append(dsdt, aml_name_decl("\\_S5", aml_package(s5, 4)));
    aml_append(dsdt, aml_scope("\\_GPE", aml_new()));

    acpi_append(b->tables, dsdt->data, dsdt->len);
    aml_free(dsdt);
    acpi_add_table(b, off);
    return off;
}

/* ---- FADT ---- */

#define FADT_FIRMWARE_CTRL  36
#define FADT_DSDT           40
#define FADT_X_DSDT         140

static void build_fadt(AcpiBuildState *b, PCMachineState *pcms,
                       size_t facs, size_t dsdt)
{
    GArray *t = b->tables;
    size_t off = acpi_table_begin(t, "FACP", 5);
    uint32_t pm = PC_ACPI_PM_BASE;
    uint32_t flags = (1 << 0) |   /* WBINVD */
                     (1 << 2) |   /* PROC_C1 */
                     (1 << 5) |   /* SLP_BUTTON: no fixed sleep button */
                     (1 << 7) |   /* RTC_S4 */
                     (1 << 10);   /* RESET_REG_SUP */

    acpi_append_u32(t, 0);        /* FIRMWARE_CTRL, linked below */
    acpi_append_u32(t, 0);        /* DSDT */
    acpi_append_u8(t, 0);         /* reserved */
    acpi_append_u8(t, 0);         /* preferred PM profile: unspecified */
    acpi_append_u16(t, PC_ACPI_SCI_IRQ);
    acpi_append_u32(t, APM_CNT_IOPORT);
    acpi_append_u8(t, ACPI_ENABLE_VALUE);
    acpi_append_u8(t, ACPI_DISABLE_VALUE);
    acpi_append_u8(t, 0);         /* S4BIOS_REQ */
    acpi_append_u8(t, 0);         /* PSTATE_CNT */
    acpi_append_u32(t, pm + ACPI_PM1_STS);     /* PM1a_EVT_BLK */
    acpi_append_u32(t, 0);
    acpi_append_u32(t, pm + ACPI_PM1_CNT);     /* PM1a_CNT_BLK */
    acpi_append_u32(t, 0);
    acpi_append_u32(t, 0);                     /* PM2_CNT_BLK */
    acpi_append_u32(t, pm + ACPI_PM_TMR);
    acpi_append_u32(t, pm + ACPI_GPE0_STS);
    acpi_append_u32(t, 0);                     /* GPE1_BLK */
    acpi_append_u8(t, 4);         /* PM1_EVT_LEN */
    acpi_append_u8(t, 2);         /* PM1_CNT_LEN */
    acpi_append_u8(t, 0);         /* PM2_CNT_LEN */
    acpi_append_u8(t, 4);         /* PM_TMR_LEN */
    acpi_append_u8(t, ACPI_GPE0_LEN);
    acpi_append_u8(t, 0);         /* GPE1_BLK_LEN */
    acpi_append_u8(t, 0);         /* GPE1_BASE */
    acpi_append_u8(t, 0);         /* CST_CNT */
    acpi_append_u16(t, 0xfff);    /* P_LVL2_LAT: C2 unsupported */
    acpi_append_u16(t, 0xfff);    /* P_LVL3_LAT: C3 unsupported */
    acpi_append_u16(t, 0);        /* FLUSH_SIZE */
    acpi_append_u16(t, 0);        /* FLUSH_STRIDE */
    acpi_append_u8(t, 0);         /* DUTY_OFFSET */
    acpi_append_u8(t, 0);         /* DUTY_WIDTH */
    acpi_append_u8(t, 0);         /* DAY_ALRM */
    acpi_append_u8(t, 0);         /* MON_ALRM */
    acpi_append_u8(t, RTC_CENTURY_REG);
    /* IAPC_BOOT_ARCH: LEGACY_DEVICES, 8042 */
    acpi_append_u16(t, 1 | (pcms->i8042 ? 2 : 0));
    acpi_append_u8(t, 0);
    acpi_append_u32(t, flags);
    acpi_append_gas(t, 1, 8, 0, 1, PC_RESET_PORT);  /* RESET_REG */
    acpi_append_u8(t, PC_RESET_VALUE);
    acpi_append_u16(t, 0);        /* ARM_BOOT_ARCH */
    acpi_append_u8(t, 1);         /* FADT minor version: 5.1 */
    acpi_append_u64(t, 0);        /* X_FIRMWARE_CTRL: FIRMWARE_CTRL used */
    acpi_append_u64(t, 0);        /* X_DSDT */
    acpi_append_gas(t, 1, 32, 0, 2, pm + ACPI_PM1_STS);
    acpi_append_gas(t, 0, 0, 0, 0, 0);
    acpi_append_gas(t, 1, 16, 0, 2, pm + ACPI_PM1_CNT);
    acpi_append_gas(t, 0, 0, 0, 0, 0);
    acpi_append_gas(t, 0, 0, 0, 0, 0);              /* X_PM2_CNT_BLK */
    acpi_append_gas(t, 1, 32, 0, 3, pm + ACPI_PM_TMR);
    acpi_append_gas(t, 1, ACPI_GPE0_LEN * 8, 0, 1, pm + ACPI_GPE0_STS);
    acpi_append_gas(t, 0, 0, 0, 0, 0);              /* X_GPE1_BLK */
    acpi_append_gas(t, 0, 0, 0, 0, 0);              /* SLEEP_CONTROL_REG */
    acpi_append_gas(t, 0, 0, 0, 0, 0);              /* SLEEP_STATUS_REG */
    assert(t->len - off == 268);

    acpi_link(b, t, ACPI_TABLES_FILE, off + FADT_FIRMWARE_CTRL, 4, facs);
    acpi_link(b, t, ACPI_TABLES_FILE, off + FADT_DSDT, 4, dsdt);
    acpi_link(b, t, ACPI_TABLES_FILE, off + FADT_X_DSDT, 8, dsdt);
    acpi_add_table(b, off);
}

/* ---- MADT ---- */

static void madt_iso(GArray *t, uint8_t irq, uint32_t gsi, uint16_t flags)
{
    acpi_append_u8(t, 2);         /* interrupt source override */
    acpi_append_u8(t, 10);
    acpi_append_u8(t, 0);         /* bus: ISA */
    acpi_append_u8(t, irq);
    acpi_append_u32(t, gsi);
    acpi_append_u16(t, flags);
}

#define MADT_FLAGS_LEVEL_HIGH 0x000d   /* active high, level triggered */

static void build_madt(AcpiBuildState *b, PCMachineState *pcms)
{
    MachineState *ms = MACHINE(pcms);
    GArray *t = b->tables;
    size_t off = acpi_table_begin(t, "APIC", 3);
    static const uint8_t pci_irqs[] = { 5, PC_ACPI_SCI_IRQ, 10, 11 };

    acpi_append_u32(t, LAPIC_BASE);
    acpi_append_u32(t, 1);        /* PCAT_COMPAT: there are 8259s too */
    for (unsigned i = 0; i < ms->smp.cpus; i++) {
        acpi_append_u8(t, 0);     /* processor local APIC */
        acpi_append_u8(t, 8);
        acpi_append_u8(t, i);     /* ACPI processor UID */
        acpi_append_u8(t, i);     /* APIC ID, as the board assigns */
        acpi_append_u32(t, 1);    /* enabled */
    }
    acpi_append_u8(t, 1);         /* I/O APIC */
    acpi_append_u8(t, 12);
    acpi_append_u8(t, 0);         /* IOAPIC id */
    acpi_append_u8(t, 0);
    acpi_append_u32(t, IOAPIC_BASE);
    acpi_append_u32(t, 0);        /* GSI base */

    madt_iso(t, 0, 2, 0);         /* PIT on pin 2, bus-conforming */
    for (unsigned i = 0; i < ARRAY_SIZE(pci_irqs); i++) {
        madt_iso(t, pci_irqs[i], pci_irqs[i], MADT_FLAGS_LEVEL_HIGH);
    }
    acpi_append_u8(t, 4);         /* local APIC NMI on LINT1, all CPUs */
    acpi_append_u8(t, 6);
    acpi_append_u8(t, 0xff);
    acpi_append_u16(t, 0);
    acpi_append_u8(t, 1);
    acpi_add_table(b, off);
}

static void build_hpet(AcpiBuildState *b)
{
    GArray *t = b->tables;
    size_t off = acpi_table_begin(t, "HPET", 1);

    acpi_append_u32(t, 0x8086a201);   /* event timer block id */
    acpi_append_gas(t, 0, 64, 0, 0, HPET_BASE);
    acpi_append_u8(t, 0);             /* HPET number */
    acpi_append_u16(t, 0x80);         /* minimum clock tick */
    acpi_append_u8(t, 0);             /* no page protection */
    acpi_add_table(b, off);
}

/* RSDT (4-byte) or XSDT (8-byte) entries for every table but the FADT's
 * children. */
static size_t build_xsdt(AcpiBuildState *b, const char *sig, int width,
                         guint ntables)
{
    GArray *t = b->tables;
    size_t off = acpi_table_begin(t, sig, 1);

    for (guint i = 0; i < ntables; i++) {
        size_t at = t->len;
        acpi_append_zeros(t, width);
        acpi_link(b, t, ACPI_TABLES_FILE, at, width,
                  g_array_index(b->table_offsets, uint32_t, i));
    }
    acpi_table_end(t, off);
    bios_linker_loader_add_checksum(b->linker, ACPI_TABLES_FILE, off,
                                    t->len - off, off + 9);
    return off;
}

static void build_rsdp(AcpiBuildState *b, size_t rsdt, size_t xsdt)
{
    GArray *r = b->rsdp;

    acpi_append(r, "RSD PTR ", 8);
    acpi_append_u8(r, 0);         /* checksum of the first 20 bytes */
    acpi_append(r, ACPI_OEM_ID, 6);
    acpi_append_u8(r, 2);         /* ACPI 2.0+ */
    acpi_append_u32(r, 0);        /* RSDT address */
    acpi_append_u32(r, 36);
    acpi_append_u64(r, 0);        /* XSDT address */
    acpi_append_u8(r, 0);         /* extended checksum */
    acpi_append_zeros(r, 3);
    acpi_link(b, r, ACPI_RSDP_FILE, 16, 4, rsdt);
    acpi_link(b, r, ACPI_RSDP_FILE, 24, 8, xsdt);
    bios_linker_loader_add_checksum(b->linker, ACPI_RSDP_FILE, 0, 20, 8);
    bios_linker_loader_add_checksum(b->linker, ACPI_RSDP_FILE, 0, 36, 32);
}

static void acpi_build_tables(AcpiBuildState *b, PCMachineState *pcms)
{
    size_t facs, dsdt, rsdt, xsdt;
    guint n;

    b->tables = g_array_new(false, true, 1);
    b->rsdp = g_array_new(false, true, 1);
    b->table_offsets = g_array_new(false, true, sizeof(uint32_t));
    b->linker = bios_linker_loader_new();
    bios_linker_loader_alloc(b->linker, ACPI_TABLES_FILE, b->tables, 64,
                             false);
    bios_linker_loader_alloc(b->linker, ACPI_RSDP_FILE, b->rsdp, 16, true);

    facs = build_facs(b);
    dsdt = build_dsdt(b, pcms);
    /* The DSDT is reached through the FADT, not the RSDT. */
    g_array_set_size(b->table_offsets, 0);
    build_fadt(b, pcms, facs, dsdt);
    build_madt(b, pcms);
    if (pcms->hpet) {
        build_hpet(b);
    }
    n = b->table_offsets->len;
    rsdt = build_xsdt(b, "RSDT", 4, n);
    xsdt = build_xsdt(b, "XSDT", 8, n);
    build_rsdp(b, rsdt, xsdt);
}

static void acpi_build_free(AcpiBuildState *b, bool free_blobs)
{
    bios_linker_loader_free(b->linker);
    g_array_free(b->table_offsets, true);
    g_array_free(b->tables, free_blobs);
    g_array_free(b->rsdp, free_blobs);
}

typedef struct AcpiInstall {
    uint64_t tables, rsdp;
} AcpiInstall;

static uint64_t acpi_install_addr(const char *file, void *opaque)
{
    AcpiInstall *in = opaque;

    return !strcmp(file, ACPI_RSDP_FILE) ? in->rsdp : in->tables;
}

/* Direct kernel boot: do what the firmware's table loader would. */
static void acpi_install_in_memory(PCMachineState *pcms)
{
    AcpiBuildState b;
    AcpiInstall in = {
        .tables = pc_acpi_area_base(pcms),
        .rsdp = X86_BOOT_RSDP_ADDR,
    };

    acpi_build_tables(&b, pcms);
    if (b.tables->len > PC_ACPI_AREA_SIZE) {
        error_report("ACPI tables (%u bytes) do not fit the %u-byte area; "
                     "the guest will not see them", b.tables->len,
                     (unsigned)PC_ACPI_AREA_SIZE);
    } else {
        bios_linker_loader_apply(b.linker, acpi_install_addr, &in);
        address_space_write_rom(&address_space_memory, in.tables,
                                MEMTXATTRS_UNSPECIFIED, b.tables->data,
                                b.tables->len);
        address_space_write_rom(&address_space_memory, in.rsdp,
                                MEMTXATTRS_UNSPECIFIED, b.rsdp->data,
                                b.rsdp->len);
    }
    acpi_build_free(&b, true);
}

void pc_acpi_build(PCMachineState *pcms, bool install_in_memory)
{
    AcpiBuildState b;
    GArray *script;
    FWCfgState *fw = pcms->fw_cfg;

    acpi_build_tables(&b, pcms);
    script = bios_linker_loader_script(b.linker);
    if (fw) {
        /* fw_cfg keeps pointing at the blobs: they live for the VM. */
        fw_cfg_add_file(fw, ACPI_TABLES_FILE, b.tables->data, b.tables->len,
                        &error_abort);
        fw_cfg_add_file(fw, ACPI_RSDP_FILE, b.rsdp->data, b.rsdp->len,
                        &error_abort);
        fw_cfg_add_file(fw, ACPI_LOADER_FILE,
                        g_memdup2(script->data, script->len), script->len,
                        &error_abort);
    }
    acpi_build_free(&b, false);
    if (install_in_memory) {
        acpi_install_in_memory(pcms);
    }
}
