/*
 * ACPI PM function of the pc machine (PIIX4-PM-like, 8086:7113 at 01.3).
 * Register map and behaviour: include/hw/acpi/piix4-pm.h.
 */
#include "qemu/osdep.h"
#include "hw/acpi/piix4-pm.h"
#include "hw/irq.h"
#include "exec/memory.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "system/runstate.h"
#include "hw/i386/pc.h"

typedef struct PIIX4PMState {
    PCIDevice parent_obj;
    MemoryRegion io;              /* PMBA block */
    MemoryRegion apm_io;          /* 0xb2-0xb3 */
    uint32_t io_base;             /* where io is mapped, 0 if not */
    qemu_irq sci;
    QEMUTimer *tmr_timer;
    int64_t tmr_overflow_ns;      /* next 2^23-tick boundary */
    uint16_t pm1_sts, pm1_en, pm1_cnt;
    uint16_t gpe_sts, gpe_en;
    uint8_t apmc, apms;
} PIIX4PMState;

#define PIIX4_PM(obj) OBJECT_CHECK(PIIX4PMState, (obj), TYPE_PIIX4_PM)

static uint32_t pm_tmr_ticks(int64_t ns)
{
    return (unsigned __int128)ns * ACPI_PM_TIMER_FREQUENCY /
           NANOSECONDS_PER_SECOND;
}

/* Virtual time at which the tick count reaches ticks (rounded up). */
static int64_t pm_tmr_ns(uint64_t ticks)
{
    return ((unsigned __int128)ticks * NANOSECONDS_PER_SECOND +
            ACPI_PM_TIMER_FREQUENCY - 1) / ACPI_PM_TIMER_FREQUENCY;
}

static void pm_tmr_arm(PIIX4PMState *s, int64_t now)
{
    uint64_t ticks = pm_tmr_ticks(now);

    s->tmr_overflow_ns = pm_tmr_ns((ticks | 0x7fffff) + 1);
    if (s->pm1_en & ACPI_BITMASK_TIMER_ENABLE) {
        timer_mod_ns(s->tmr_timer, s->tmr_overflow_ns);
    } else {
        timer_del(s->tmr_timer);
    }
}

/* TMR_STS is set each time bit 23 of the counter flips. */
static void pm_tmr_update(PIIX4PMState *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (now >= s->tmr_overflow_ns) {
        s->pm1_sts |= ACPI_BITMASK_TIMER_STATUS;
    }
    pm_tmr_arm(s, now);
}

static void pm_update_sci(PIIX4PMState *s)
{
    uint16_t events = ACPI_BITMASK_TIMER_ENABLE |
                      ACPI_BITMASK_GLOBAL_LOCK_ENABLE |
                      ACPI_BITMASK_POWER_BUTTON_ENABLE |
                      ACPI_BITMASK_RT_CLOCK_ENABLE;
    bool level = (s->pm1_cnt & ACPI_BITMASK_SCI_ENABLE) &&
                 ((s->pm1_sts & s->pm1_en & events) ||
                  (s->gpe_sts & s->gpe_en));

    qemu_set_irq(s->sci, level);
}

static void pm_tmr_timer_cb(void *opaque)
{
    PIIX4PMState *s = opaque;

    pm_tmr_update(s);
    pm_update_sci(s);
}

static void pm_cnt_write(PIIX4PMState *s, uint16_t val)
{
    /* SLP_EN is write-only: act on it, never store it. */
    s->pm1_cnt = val & ~ACPI_BITMASK_SLEEP_ENABLE;
    if (val & ACPI_BITMASK_SLEEP_ENABLE) {
        unsigned typ = (val & ACPI_SLP_TYP_MASK) >> ACPI_SLP_TYP_SHIFT;

        switch (typ) {
        case ACPI_SLP_TYP_S5:
            qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
            break;
        default:
            qemu_log_mask(LOG_UNIMP, "piix4-pm: sleep type %u not "
                          "supported\n", typ);
            break;
        }
    }
}

static uint64_t pm_io_read(void *opaque, hwaddr addr, unsigned size)
{
    PIIX4PMState *s = opaque;
    uint64_t v;

    switch (addr) {
    case ACPI_PM1_STS:
        pm_tmr_update(s);
        v = s->pm1_sts;
        break;
    case ACPI_PM1_EN:
        v = s->pm1_en;
        break;
    case ACPI_PM1_CNT:
        v = s->pm1_cnt;
        break;
    case ACPI_PM_TMR:
        v = pm_tmr_ticks(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL)) & 0xffffff;
        break;
    case ACPI_GPE0_STS:
        v = s->gpe_sts;
        break;
    case ACPI_GPE0_EN:
        v = s->gpe_en;
        break;
    default:
        v = 0;
        break;
    }
    return v;
}

static void pm_io_write(void *opaque, hwaddr addr, uint64_t val,
                        unsigned size)
{
    PIIX4PMState *s = opaque;

    switch (addr) {
    case ACPI_PM1_STS:
        pm_tmr_update(s);
        s->pm1_sts &= ~val;
        break;
    case ACPI_PM1_EN:
        s->pm1_en = val;
        pm_tmr_arm(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        break;
    case ACPI_PM1_CNT:
        pm_cnt_write(s, val);
        break;
    case ACPI_GPE0_STS:
        s->gpe_sts &= ~val;
        break;
    case ACPI_GPE0_EN:
        s->gpe_en = val;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "piix4-pm: write to read-only or "
                      "unknown register +0x%x\n", (unsigned)addr);
        return;
    }
    pm_update_sci(s);
}

/* Registers are 16-bit (the timer 32-bit); the core splits wider or
 * unaligned accesses for us. */
static const MemoryRegionOps pm_io_ops = {
    .read = pm_io_read,
    .write = pm_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 2, .max_access_size = 4 },
};

static uint64_t apm_io_read(void *opaque, hwaddr addr, unsigned size)
{
    PIIX4PMState *s = opaque;

    return addr == 0 ? s->apmc : s->apms;
}

static void apm_io_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    PIIX4PMState *s = opaque;

    if (addr == 1) {
        s->apms = val;
        return;
    }
    s->apmc = val;
    if (val == ACPI_ENABLE_VALUE) {
        s->pm1_cnt |= ACPI_BITMASK_SCI_ENABLE;
    } else if (val == ACPI_DISABLE_VALUE) {
        s->pm1_cnt &= ~ACPI_BITMASK_SCI_ENABLE;
    }
    pm_update_sci(s);
}

static const MemoryRegionOps apm_io_ops = {
    .read = apm_io_read,
    .write = apm_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

/* Maps the PM block where PMBA says, if PMREGMISC enables it. */
static void pm_io_space_update(PIIX4PMState *s)
{
    PCIDevice *d = PCI_DEVICE(s);
    MemoryRegion *io = pci_get_bus(d)->address_space_io;
    uint32_t base = pci_get_long(d->config + PIIX4_PM_PMBA) & 0xffc0;
    bool on = d->config[PIIX4_PM_PMREGMISC] & 1;

    if (!on) {
        base = 0;
    }
    if (base == s->io_base) {
        return;
    }
    if (s->io_base) {
        memory_region_del_subregion(io, &s->io);
    }
    s->io_base = base;
    if (base) {
        memory_region_add_subregion(io, base, &s->io);
    }
}

static void pm_write_config(PCIDevice *d, uint32_t addr, uint32_t val,
                            int len)
{
    pci_default_write_config(d, addr, val, len);
    if ((addr < PIIX4_PM_PMBA + 4 && addr + len > PIIX4_PM_PMBA) ||
        (addr <= PIIX4_PM_PMREGMISC && addr + len > PIIX4_PM_PMREGMISC)) {
        pm_io_space_update(PIIX4_PM(d));
    }
}

static void pm_powerdown_notify(void *opaque)
{
    PIIX4PMState *s = opaque;

    s->pm1_sts |= ACPI_BITMASK_POWER_BUTTON_STATUS;
    pm_update_sci(s);
}

static void pm_reset(DeviceState *dev)
{
    PIIX4PMState *s = PIIX4_PM(dev);
    PCIDevice *d = PCI_DEVICE(dev);

    s->pm1_sts = s->pm1_en = s->pm1_cnt = 0;
    s->gpe_sts = s->gpe_en = 0;
    s->apmc = s->apms = 0;
    /* What the BIOS would program, so a direct kernel boot finds the
     * block at the address the FADT gives. */
    pci_set_long(d->config + PIIX4_PM_PMBA, PC_ACPI_PM_BASE | 1);
    d->config[PIIX4_PM_PMREGMISC] = 1;
    /* There is no SMM: report the APM SMI as already set up (as QEMU
     * does with smm=off). SeaBIOS then skips its SMM relocation, which
     * would wait forever for an SMI handler to clear APMS. */
    pci_set_long(d->config + PIIX4_PM_DEVACTB, PIIX4_PM_DEVACTB_APMC_EN);
    pm_io_space_update(s);
    pm_tmr_arm(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    pm_update_sci(s);
}

static void pm_realize(PCIDevice *d, Error **errp)
{
    PIIX4PMState *s = PIIX4_PM(d);

    pci_set_word(d->wmask + PIIX4_PM_PMBA, 0xffc0);
    d->wmask[PIIX4_PM_PMREGMISC] = 1;
    d->config[PCI_INTERRUPT_PIN] = 0;
    memory_region_init_io(&s->io, OBJECT(s), &pm_io_ops, s, "piix4-pm",
                          PIIX4_PM_IO_SIZE);
    memory_region_init_io(&s->apm_io, OBJECT(s), &apm_io_ops, s, "apm-io",
                          2);
    memory_region_add_subregion(pci_get_bus(d)->address_space_io,
                                APM_CNT_IOPORT, &s->apm_io);
    s->tmr_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, pm_tmr_timer_cb, s);
    qemu_register_powerdown_notifier(pm_powerdown_notify, s);
    pm_reset(DEVICE(d));
}

static void pm_instance_init(Object *obj)
{
    PIIX4PMState *s = PIIX4_PM(obj);

    qdev_init_gpio_out_named(DEVICE(obj), &s->sci, "sci", 1);
}

static void pm_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = pm_realize;
    k->config_write = pm_write_config;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = 0x7113;
    k->revision = 0x03;
    k->class_id = 0x0680;         /* bridge, other */
    dc->reset = pm_reset;
    dc->desc = "PM (ACPI PM1 events/control, PM timer, GPE0)";
    dc->user_creatable = false;
}

static const TypeInfo pm_types[] = {
    {
        .name = TYPE_PIIX4_PM,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(PIIX4PMState),
        .instance_init = pm_instance_init,
        .class_init = pm_class_init,
        .interfaces = (InterfaceInfo[]) {
            { INTERFACE_CONVENTIONAL_PCI_DEVICE },
            { },
        },
    },
};

DEFINE_TYPES(pm_types)

PCIDevice *piix4_pm_create(PCIBus *bus, int devfn, qemu_irq sci,
                           Error **errp)
{
    PCIDevice *d = pci_new(devfn, TYPE_PIIX4_PM);

    qdev_connect_gpio_out_named(DEVICE(d), "sci", 0, sci);
    if (!pci_realize_and_unref(d, bus, errp)) {
        return NULL;
    }
    return d;
}
