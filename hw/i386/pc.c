/*
 * The pc machine: an i440FX/PIIX3 PC. Wires RAM, CPUs and their local
 * APICs, the PCI host bridge at 00.0, the PIIX3 ISA bridge at 01.0, the
 * interrupt controllers (8259 pair + IOAPIC, fed by 24 GSI lines), the
 * ISA devices of a PC, and hands the firmware side (fw_cfg, ACPI, e820,
 * kernel loading) to pc_firmware_init().
 */
#include "qemu/osdep.h"
#include "hw/i386/pc.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/pci-host/i440fx.h"
#include "hw/isa/piix3.h"
#include "hw/intc/i8259.h"
#include "hw/intc/ioapic.h"
#include "hw/intc/apic.h"
#include "hw/char/serial.h"
#include "hw/input/i8042.h"
#include "hw/misc/isa-testdevs.h"
#include "hw/timer/i8254.h"
#include "hw/rtc/mc146818rtc.h"
#include "target/i386/cpu.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/cutils.h"
#include "system/runstate.h"
#include "system/kvm.h"

/* RAM above this goes above 4 GiB, leaving room for PCI and firmware. */
#define PC_DEFAULT_LOWMEM 0xe0000000ULL

/*
 * A GSI drives the PIC (ISA lines 0-15) and the IOAPIC. ISA IRQ 0 (the
 * PIT) arrives at IOAPIC pin 2, as the MADT's interrupt source override
 * tells the guest.
 */
static void pc_gsi_handler(void *opaque, int n, int level)
{
    PCMachineState *pcms = opaque;

    /* kernel-irqchip=on: the kernel's PIC and IOAPIC take the GSI. */
    if (kvm_ioapic_in_kernel()) {
        kvm_set_irq(n, level);
        return;
    }
    if (n < ISA_NUM_IRQS && pcms->i8259) {
        qemu_set_irq(pcms->i8259[n], level);
    }
    if (pcms->ioapic) {
        qemu_set_irq(qdev_get_gpio_in(pcms->ioapic, n == 0 ? 2 : n), level);
    }
}

/* The PIC's INT output: through LINT0 of the boot CPU's APIC (ExtINT),
 * or straight to the CPU if it has none. */
static void pc_pic_irq_request(void *opaque, int n, int level)
{
    CPUState *cpu = qemu_get_cpu(0);
    DeviceState *apic;

    if (!cpu) {
        return;
    }
    apic = cpu_get_apic(cpu);
    if (apic) {
        apic_deliver_pic_intr(apic, level);
    } else if (level) {
        cpu_interrupt(cpu, CPU_INTERRUPT_HARD);
    } else {
        cpu_reset_interrupt(cpu, CPU_INTERRUPT_HARD);
    }
}

static void pc_memory_init(PCMachineState *pcms)
{
    MachineState *ms = MACHINE(pcms);
    MemoryRegion *sysmem = get_system_memory();
    uint64_t lowmem = MIN(pcms->max_ram_below_4g, PC_DEFAULT_LOWMEM);

    if (ms->ram_size >= lowmem) {
        pcms->below_4g_mem_size = lowmem;
        pcms->above_4g_mem_size = ms->ram_size - lowmem;
    } else {
        pcms->below_4g_mem_size = ms->ram_size;
        pcms->above_4g_mem_size = 0;
    }
    memory_region_init_alias(&pcms->ram_below_4g, OBJECT(pcms),
                             "ram-below-4g", ms->ram, 0,
                             pcms->below_4g_mem_size);
    memory_region_add_subregion(sysmem, 0, &pcms->ram_below_4g);
    e820_add_entry(0, pcms->below_4g_mem_size, E820_RAM);
    if (pcms->above_4g_mem_size) {
        memory_region_init_alias(&pcms->ram_above_4g, OBJECT(pcms),
                                 "ram-above-4g", ms->ram,
                                 pcms->below_4g_mem_size,
                                 pcms->above_4g_mem_size);
        memory_region_add_subregion(sysmem, 4 * GiB, &pcms->ram_above_4g);
        e820_add_entry(4 * GiB, pcms->above_4g_mem_size, E820_RAM);
    }
    pcms->pci_memory = g_new0(MemoryRegion, 1);
    memory_region_init(pcms->pci_memory, OBJECT(pcms), "pci", UINT64_MAX);
}

static void pc_cpus_init(PCMachineState *pcms)
{
    MachineState *ms = MACHINE(pcms);

    for (unsigned i = 0; i < ms->smp.cpus; i++) {
        X86CPU *cpu = x86_cpu_create(ms->cpu_type, ms->cpu_props, i,
                                     &error_fatal);
        cpu->apic_state = apic_new(CPU(cpu), i);
        g_ptr_array_add(ms->cpus, cpu);
    }
}

/*
 * The CMOS bytes firmware reads for memory sizing: base memory (KiB) at
 * 0x15/0x16, extended memory 1M-64M (KiB) at 0x17/0x18 and 0x30/0x31,
 * memory 16M-4G in 64 KiB units at 0x34/0x35, above 4G in 64 KiB units at
 * 0x5b-0x5d, and the CPU count at 0x5f (SeaBIOS reads it minus one).
 */
static void pc_cmos_init(PCMachineState *pcms)
{
    ISADevice *rtc = ISA_DEVICE(pcms->rtc);
    MachineState *ms = MACHINE(pcms);
    uint64_t ext, mid, high;

    mc146818rtc_set_cmos_data(rtc, 0x15, 640 & 0xff);
    mc146818rtc_set_cmos_data(rtc, 0x16, 640 >> 8);
    ext = pcms->below_4g_mem_size > MiB ?
          (pcms->below_4g_mem_size - MiB) / KiB : 0;
    ext = MIN(ext, 65535);
    mc146818rtc_set_cmos_data(rtc, 0x17, ext & 0xff);
    mc146818rtc_set_cmos_data(rtc, 0x18, ext >> 8);
    mc146818rtc_set_cmos_data(rtc, 0x30, ext & 0xff);
    mc146818rtc_set_cmos_data(rtc, 0x31, ext >> 8);
    mid = pcms->below_4g_mem_size > 16 * MiB ?
          (pcms->below_4g_mem_size - 16 * MiB) / (64 * KiB) : 0;
    mid = MIN(mid, 65535);
    mc146818rtc_set_cmos_data(rtc, 0x34, mid & 0xff);
    mc146818rtc_set_cmos_data(rtc, 0x35, mid >> 8);
    high = pcms->above_4g_mem_size / (64 * KiB);
    mc146818rtc_set_cmos_data(rtc, 0x5b, high & 0xff);
    mc146818rtc_set_cmos_data(rtc, 0x5c, (high >> 8) & 0xff);
    mc146818rtc_set_cmos_data(rtc, 0x5d, (high >> 16) & 0xff);
    mc146818rtc_set_cmos_data(rtc, 0x5f, ms->smp.cpus - 1);
    /* Equipment byte: FPU present, no floppy, VGA-less. */
    mc146818rtc_set_cmos_data(rtc, 0x14, 0x02);
}

static DeviceState *pc_isa_device(PCMachineState *pcms, const char *type)
{
    ISADevice *dev = isa_new(type);

    isa_realize_and_unref(dev, pcms->isa_bus, &error_fatal);
    return DEVICE(dev);
}

static void pc_init(MachineState *ms)
{
    PCMachineState *pcms = PC_MACHINE(ms);
    PCIDevice *piix3;
    qemu_irq *gsi;
    SysBusDevice *sbd;

    pc_memory_init(pcms);
    pc_cpus_init(pcms);

    pcms->pci_bus = i440fx_init(get_system_memory(), get_system_io(),
                                ms->ram, pcms->pci_memory, &error_fatal);
    piix3 = pci_create_simple_multifunction(pcms->pci_bus, PCI_DEVFN(1, 0),
                                            true, TYPE_PIIX3_DEVICE);
    pcms->isa_bus = piix3_get_isa_bus(piix3);

    gsi = qemu_allocate_irqs(pc_gsi_handler, pcms, PC_GSI_NUM);
    memcpy(pcms->gsi, gsi, sizeof(pcms->gsi));
    g_free(gsi);
    isa_bus_register_input_irqs(pcms->isa_bus, pcms->gsi);

    pcms->pic_out = qemu_allocate_irq(pc_pic_irq_request, pcms, 0);
    pcms->i8259 = i8259_init(pcms->isa_bus, pcms->pic_out);

    pcms->ioapic = qdev_new(TYPE_IOAPIC);
    object_property_add_child(OBJECT(ms), "ioapic", OBJECT(pcms->ioapic));
    sbd = SYS_BUS_DEVICE(pcms->ioapic);
    sysbus_realize_and_unref(sbd, &error_fatal);
    sysbus_mmio_map(sbd, 0, IOAPIC_DEFAULT_BASE_ADDRESS);

    pcms->rtc = DEVICE(mc146818_rtc_init(pcms->isa_bus, 2000, NULL));
    pc_cmos_init(pcms);
    /* The guest's RTC time, as QEMU's pc machine exposes it. */
    object_property_add_alias(OBJECT(ms), "rtc-time", OBJECT(pcms->rtc),
                              "date");
    /* With KVM's in-kernel PIT (and its port 0x61), no userspace one. */
    if (pcms->pit && !kvm_pit_in_kernel()) {
        ISADevice *pit = i8254_pit_init(pcms->isa_bus, 0x40, 0, NULL);
        i8254_port61_init(pcms->isa_bus, pit);
    }
    if (pcms->i8042) {
        pc_isa_device(pcms, TYPE_I8042);
    }
    pc_isa_device(pcms, TYPE_PORT92);
    serial_hds_isa_init(pcms->isa_bus, 0, MAX_ISA_SERIAL_PORTS);

    if (!pc_firmware_init(pcms, &error_fatal)) {
        exit(1);
    }
}

static void pc_machine_reset(MachineState *ms, int reason)
{
    CPUState *cpu;

    qemu_devices_reset();
    if (cpu_list) {
        CPU_FOREACH(cpu) {
            cpu_reset(cpu);
        }
    }
}

static const char *const on_off_auto_names[] = { "auto", "on", "off", NULL };

static int pc_get_acpi(Object *obj, Error **errp)
{
    return PC_MACHINE(obj)->acpi;
}

static void pc_set_acpi(Object *obj, int value, Error **errp)
{
    PC_MACHINE(obj)->acpi = value;
}

#define PC_BOOL_PROP(field)                                               \
    static bool pc_get_##field(Object *obj, Error **errp)                 \
    {                                                                     \
        return PC_MACHINE(obj)->field;                                    \
    }                                                                     \
    static void pc_set_##field(Object *obj, bool value, Error **errp)     \
    {                                                                     \
        PC_MACHINE(obj)->field = value;                                   \
    }
static bool pc_get_hpet(Object *obj, Error **errp)
{
    return PC_MACHINE(obj)->hpet;
}

/* The ACPI tables can describe an HPET, but there is no HPET device yet:
 * refuse rather than advertise hardware that is not there. */
static void pc_set_hpet(Object *obj, bool value, Error **errp)
{
    if (value) {
        error_setg(errp, "the HPET is not available yet in this build of "
                   "Vireo; use hpet=off");
        return;
    }
    PC_MACHINE(obj)->hpet = false;
}

PC_BOOL_PROP(pit)
PC_BOOL_PROP(smm)
PC_BOOL_PROP(vmport)
PC_BOOL_PROP(i8042)

static char *pc_get_max_ram_below_4g(Object *obj, Error **errp)
{
    return g_strdup_printf("%" PRIu64, PC_MACHINE(obj)->max_ram_below_4g);
}

static void pc_set_max_ram_below_4g(Object *obj, const char *value,
                                    Error **errp)
{
    uint64_t v;

    if (qemu_strtosz(value, NULL, &v) < 0) {
        error_setg(errp, "Parameter 'max-ram-below-4g' expects a size");
        return;
    }
    if (v > 4 * GiB) {
        error_setg(errp, "Machine option 'max-ram-below-4g=%" PRIu64
                   "' expects size less than or equal to 4G", v);
        return;
    }
    PC_MACHINE(obj)->max_ram_below_4g = v ? v : PC_DEFAULT_LOWMEM;
}

static void pc_machine_initfn(Object *obj)
{
    PCMachineState *pcms = PC_MACHINE(obj);

    pcms->acpi = ON_OFF_AUTO_AUTO;
    pcms->hpet = false;
    pcms->pit = true;
    pcms->smm = false;
    pcms->vmport = false;
    pcms->i8042 = true;
    pcms->max_ram_below_4g = PC_DEFAULT_LOWMEM;
}

static void pc_machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->reset = pc_machine_reset;
    mc->default_ram_size = 128 * MiB;
    mc->default_ram_id = "pc.ram";
    mc->default_cpu_type = X86_CPU_TYPE_NAME("qemu64");
    mc->max_cpus = 255;
    mc->default_cpus = 1;
    mc->min_cpus = 1;
    mc->smp_dies_supported = true;
    object_class_property_add_enum(oc, "acpi", "OnOffAuto",
                                   on_off_auto_names, pc_get_acpi,
                                   pc_set_acpi);
    object_class_property_add_bool(oc, "hpet", pc_get_hpet, pc_set_hpet);
    object_class_property_add_bool(oc, "pit", pc_get_pit, pc_set_pit);
    object_class_property_add_bool(oc, "smm", pc_get_smm, pc_set_smm);
    object_class_property_add_bool(oc, "vmport", pc_get_vmport,
                                   pc_set_vmport);
    object_class_property_add_bool(oc, "i8042", pc_get_i8042,
                                   pc_set_i8042);
    object_class_property_add_str(oc, "max-ram-below-4g",
                                  pc_get_max_ram_below_4g,
                                  pc_set_max_ram_below_4g);
}

static void pc_i440fx_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->name = "pc-i440fx-7.2";
    mc->alias = "pc";
    mc->desc = "Standard PC (i440FX + PIIX, 1996)";
    mc->is_default = true;
    mc->init = pc_init;
}

static const TypeInfo pc_machine_types[] = {
    {
        .name = TYPE_PC_MACHINE,
        .parent = TYPE_MACHINE,
        .abstract = true,
        .instance_size = sizeof(PCMachineState),
        .instance_init = pc_machine_initfn,
        .class_init = pc_machine_class_init,
    },
    {
        .name = MACHINE_TYPE_NAME("pc-i440fx-7.2"),
        .parent = TYPE_PC_MACHINE,
        .class_init = pc_i440fx_class_init,
    },
};

DEFINE_TYPES(pc_machine_types)
