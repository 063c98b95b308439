/*
 * Intel 82093AA I/O APIC (version 0x20: 24 pins and the EOI register).
 *
 * Indirect register access: IOREGSEL (offset 0x00) selects a register that
 * IOWIN (offset 0x10) reads and writes; EOI (offset 0x40) clears Remote IRR
 * of level-triggered entries with the written vector. Interrupts leave as
 * MSI-format messages through apic_deliver_msi(), the same path a PCI
 * device's MSI write takes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "hw/intc/ioapic.h"
#include "hw/intc/apic.h"

OBJECT_DECLARE_SIMPLE_TYPE(IOAPICState, IOAPIC)

#define IOAPIC_IOREGSEL         0x00
#define IOAPIC_IOWIN            0x10
#define IOAPIC_EOI              0x40

#define IOAPIC_REG_ID           0x00
#define IOAPIC_REG_VER          0x01
#define IOAPIC_REG_ARB          0x02
#define IOAPIC_REG_REDTBL_BASE  0x10

#define IOAPIC_ID_SHIFT         24
#define IOAPIC_ID_MASK          0xf

#define IOAPIC_LVT_DEST_SHIFT           56
#define IOAPIC_LVT_MASKED               (1ULL << 16)
#define IOAPIC_LVT_TRIGGER_MODE         (1ULL << 15)
#define IOAPIC_LVT_REMOTE_IRR           (1ULL << 14)
#define IOAPIC_LVT_POLARITY             (1ULL << 13)
#define IOAPIC_LVT_DELIV_STATUS         (1ULL << 12)
#define IOAPIC_LVT_DEST_MODE            (1ULL << 11)
#define IOAPIC_LVT_DELIV_MODE_SHIFT     8
#define IOAPIC_RO_BITS  (IOAPIC_LVT_REMOTE_IRR | IOAPIC_LVT_DELIV_STATUS)

#define IOAPIC_DM_FIXED         0
#define IOAPIC_DM_LOWEST        1
#define IOAPIC_DM_SMI           2
#define IOAPIC_DM_NMI           4
#define IOAPIC_DM_INIT          5
#define IOAPIC_DM_EXTINT        7

struct IOAPICState {
    SysBusDevice parent_obj;

    MemoryRegion io_memory;
    uint8_t id;
    uint8_t ioregsel;
    uint32_t irr;           /* pending: edge latched or level asserted */
    uint32_t level;         /* current input levels */
    uint64_t ioredtbl[IOAPIC_NUM_PINS];

    uint8_t version;        /* property: 0x11 or 0x20 */
};

/* For ioapic_eoi_broadcast(); a PC has one I/O APIC. */
static GSList *ioapics;

static bool ioapic_entry_level(uint64_t entry)
{
    return entry & IOAPIC_LVT_TRIGGER_MODE;
}

static void ioapic_send(IOAPICState *s, int pin)
{
    uint64_t entry = s->ioredtbl[pin];
    uint8_t dest = entry >> IOAPIC_LVT_DEST_SHIFT;
    uint8_t dest_mode = (entry & IOAPIC_LVT_DEST_MODE) ? 1 : 0;
    uint8_t mode = (entry >> IOAPIC_LVT_DELIV_MODE_SHIFT) & 7;
    uint8_t vector = entry & 0xff;
    uint8_t trig = ioapic_entry_level(entry) ? 1 : 0;
    uint64_t addr;
    uint32_t data;

    if (mode == IOAPIC_DM_EXTINT) {
        /* ExtINT: the vector comes from the 8259 on INTA. */
        vector = 0;
    }
    addr = APIC_DEFAULT_ADDRESS | ((uint64_t)dest << 12) | (dest_mode << 2);
    data = vector | (mode << 8) | (trig << 15);
    apic_deliver_msi(addr, data);
}

/* Delivers every pending, unmasked entry that may be delivered. */
static void ioapic_service(IOAPICState *s)
{
    int pin;

    for (pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        uint32_t mask = 1u << pin;
        uint64_t entry = s->ioredtbl[pin];

        if (!(s->irr & mask) || (entry & IOAPIC_LVT_MASKED)) {
            continue;
        }
        if (ioapic_entry_level(entry)) {
            /* One message per assertion until the EOI clears Remote IRR. */
            if (entry & IOAPIC_LVT_REMOTE_IRR) {
                continue;
            }
            s->ioredtbl[pin] |= IOAPIC_LVT_REMOTE_IRR;
        } else {
            s->irr &= ~mask;
        }
        ioapic_send(s, pin);
    }
}

static void ioapic_set_irq(void *opaque, int pin, int level)
{
    IOAPICState *s = opaque;
    uint32_t mask;

    if (pin < 0 || pin >= IOAPIC_NUM_PINS) {
        return;
    }
    mask = 1u << pin;
    /* Lines are active-high here; the board models polarity. */
    if (ioapic_entry_level(s->ioredtbl[pin])) {
        if (level) {
            s->irr |= mask;
            s->level |= mask;
            ioapic_service(s);
        } else {
            s->irr &= ~mask;
            s->level &= ~mask;
        }
    } else {
        if (level && !(s->level & mask)) {
            /* A masked entry ignores the edge (82093AA). */
            if (!(s->ioredtbl[pin] & IOAPIC_LVT_MASKED)) {
                s->irr |= mask;
                ioapic_service(s);
            }
        }
        if (level) {
            s->level |= mask;
        } else {
            s->level &= ~mask;
        }
    }
}

static void ioapic_eoi(IOAPICState *s, int vector)
{
    int pin;
    bool any = false;

    for (pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        uint64_t entry = s->ioredtbl[pin];

        if ((entry & 0xff) == vector && ioapic_entry_level(entry) &&
            (entry & IOAPIC_LVT_REMOTE_IRR)) {
            s->ioredtbl[pin] &= ~IOAPIC_LVT_REMOTE_IRR;
            any = true;
        }
    }
    if (any) {
        ioapic_service(s);
    }
}

void ioapic_eoi_broadcast(int vector)
{
    GSList *l;

    for (l = ioapics; l; l = l->next) {
        ioapic_eoi(l->data, vector);
    }
}

static uint32_t ioapic_reg_read(IOAPICState *s)
{
    uint8_t sel = s->ioregsel;
    int index;

    switch (sel) {
    case IOAPIC_REG_ID:
    case IOAPIC_REG_ARB:
        /* The arbitration ID is loaded from the APIC ID. */
        return (uint32_t)(s->id & IOAPIC_ID_MASK) << IOAPIC_ID_SHIFT;
    case IOAPIC_REG_VER:
        return s->version | ((IOAPIC_NUM_PINS - 1) << 16);
    default:
        index = (sel - IOAPIC_REG_REDTBL_BASE) >> 1;
        if (sel >= IOAPIC_REG_REDTBL_BASE && index < IOAPIC_NUM_PINS) {
            return (sel & 1) ? s->ioredtbl[index] >> 32
                             : s->ioredtbl[index] & 0xffffffff;
        }
        qemu_log_mask(LOG_GUEST_ERROR,
                      "ioapic: read of unknown register 0x%02x\n", sel);
        return 0;
    }
}

static void ioapic_reg_write(IOAPICState *s, uint32_t val)
{
    uint8_t sel = s->ioregsel;
    int index;
    uint64_t old, entry;

    switch (sel) {
    case IOAPIC_REG_ID:
        s->id = (val >> IOAPIC_ID_SHIFT) & IOAPIC_ID_MASK;
        return;
    case IOAPIC_REG_VER:
    case IOAPIC_REG_ARB:
        return;     /* read-only */
    default:
        break;
    }
    index = (sel - IOAPIC_REG_REDTBL_BASE) >> 1;
    if (sel < IOAPIC_REG_REDTBL_BASE || index >= IOAPIC_NUM_PINS) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "ioapic: write 0x%08x to unknown register 0x%02x\n",
                      val, sel);
        return;
    }
    old = s->ioredtbl[index];
    if (sel & 1) {
        entry = (old & 0xffffffffULL) | ((uint64_t)val << 32);
    } else {
        entry = (old & ~0xffffffffULL) | val;
        entry = (entry & ~IOAPIC_RO_BITS) | (old & IOAPIC_RO_BITS);
    }
    if (!ioapic_entry_level(entry)) {
        /* Remote IRR is undefined for edge entries: keep it clear. */
        entry &= ~IOAPIC_LVT_REMOTE_IRR;
    }
    s->ioredtbl[index] = entry;
    /* A level entry still asserted requests again (e.g. after unmask). */
    if (ioapic_entry_level(entry)) {
        if (s->level & (1u << index)) {
            s->irr |= 1u << index;
        }
    } else if (!ioapic_entry_level(old)) {
        /* keep a latched edge */
    } else {
        s->irr &= ~(1u << index);
    }
    ioapic_service(s);
}

static uint64_t ioapic_mem_read(void *opaque, hwaddr addr, unsigned size)
{
    IOAPICState *s = opaque;
    uint32_t val;

    switch (addr & 0xff) {
    case IOAPIC_IOREGSEL:
        return s->ioregsel;
    case IOAPIC_IOWIN:
        val = ioapic_reg_read(s);
        if (size < 4) {
            val &= (1u << (size * 8)) - 1;
        }
        return val;
    default:
        return 0;
    }
}

static void ioapic_mem_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    IOAPICState *s = opaque;

    switch (addr & 0xff) {
    case IOAPIC_IOREGSEL:
        s->ioregsel = val;
        break;
    case IOAPIC_IOWIN:
        if (size != 4) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "ioapic: %u-byte write to IOWIN ignored\n", size);
            break;
        }
        ioapic_reg_write(s, val);
        break;
    case IOAPIC_EOI:
        if (s->version >= 0x20) {
            ioapic_eoi(s, val & 0xff);
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "ioapic: write to unknown offset 0x%" HWADDR_PRIx "\n",
                      addr);
        break;
    }
}

static const MemoryRegionOps ioapic_io_ops = {
    .read = ioapic_mem_read,
    .write = ioapic_mem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 4,
    .impl.min_access_size = 1,
    .impl.max_access_size = 4,
};

static void ioapic_reset(DeviceState *dev)
{
    IOAPICState *s = IOAPIC(dev);
    int i;

    s->id = 0;
    s->ioregsel = 0;
    s->irr = 0;
    for (i = 0; i < IOAPIC_NUM_PINS; i++) {
        s->ioredtbl[i] = IOAPIC_LVT_MASKED;
    }
}

static void ioapic_realize(DeviceState *dev, Error **errp)
{
    IOAPICState *s = IOAPIC(dev);

    if (s->version != 0x11 && s->version != 0x20) {
        error_setg(errp, "ioapic: version 0x%x not supported (0x11, 0x20)",
                   s->version);
        return;
    }
    memory_region_init_io(&s->io_memory, OBJECT(dev), &ioapic_io_ops, s,
                          "ioapic", 0x1000);
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &s->io_memory);
    ioapics = g_slist_append(ioapics, s);
}

static void ioapic_unrealize(DeviceState *dev)
{
    ioapics = g_slist_remove(ioapics, IOAPIC(dev));
}

static void ioapic_instance_init(Object *obj)
{
    qdev_init_gpio_in(DEVICE(obj), ioapic_set_irq, IOAPIC_NUM_PINS);
}

static Property ioapic_properties[] = {
    DEFINE_PROP_UINT8("version", IOAPICState, version, 0x20),
    DEFINE_PROP_END_OF_LIST(),
};

static void ioapic_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = ioapic_realize;
    dc->unrealize = ioapic_unrealize;
    dc->reset = ioapic_reset;
    dc->desc = "Intel 82093AA I/O APIC";
    dc->user_creatable = false;
    device_class_set_props(dc, ioapic_properties);
}

static const TypeInfo ioapic_types[] = {
    {
        .name = TYPE_IOAPIC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(IOAPICState),
        .instance_init = ioapic_instance_init,
        .class_init = ioapic_class_init,
    },
};

DEFINE_TYPES(ioapic_types)
