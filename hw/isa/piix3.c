/*
 * Intel 82371SB (PIIX3) function 0: PCI-to-ISA bridge.
 *
 * It owns the ISA bus and is the PCI bus's interrupt router: PCI INTx pins
 * are swizzled onto PIRQ A-D ((pin + slot - 1) mod 4, the PC convention
 * firmware and ACPI tables assume), and PIRQRC[A-D] (0x60-0x63) steer each
 * PIRQ to an ISA IRQ (bit 7 set: not routed). The raw PIRQ levels are also
 * GPIO outputs "pirq" 0-3, which a board may wire to IOAPIC GSIs 16-19.
 *
 * Reset control register (0xcf9): writing bit 2 = 1 resets the system
 * (bit 1 selects hard reset, which is the same thing here).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/isa/piix3.h"
#include "hw/pci/pci_host.h"
#include "hw/irq.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "system/runstate.h"

#define PIIX_PIRQ_DISABLE   0x80
#define PIIX_PIRQ_IRQ_MASK  0x0f

#define RCR_SRST            0x02
#define RCR_RCPU            0x04

typedef struct PIIX3State {
    PCIDevice parent_obj;
    ISABus *isa_bus;
    int pirq_level[PIIX_NUM_PIRQS];
    qemu_irq pirq_out[PIIX_NUM_PIRQS];
    uint8_t rcr;
    /* ISA IRQ each PIRQ currently drives (-1: none), to drop it on
     * reroute. */
    int routed_irq[PIIX_NUM_PIRQS];
} PIIX3State;

#define PIIX3(obj) OBJECT_CHECK(PIIX3State, (obj), TYPE_PIIX3_DEVICE)

ISABus *piix3_get_isa_bus(PCIDevice *pci_dev)
{
    return PIIX3(pci_dev)->isa_bus;
}

/* ISA IRQ a PIRQRC value selects, or -1. IRQ 0, 1, 2, 8 and 13 are
 * reserved by the datasheet. */
static int pirq_target(uint8_t rc)
{
    int irq = rc & PIIX_PIRQ_IRQ_MASK;

    if (rc & PIIX_PIRQ_DISABLE) {
        return -1;
    }
    if (irq <= 2 || irq == 8 || irq == 13) {
        return -1;
    }
    return irq;
}

static void piix3_set_isa_irq(PIIX3State *s, int irq)
{
    int level = 0;

    for (int p = 0; p < PIIX_NUM_PIRQS; p++) {
        if (s->routed_irq[p] == irq) {
            level |= s->pirq_level[p];
        }
    }
    qemu_set_irq(isa_bus_get_irq(s->isa_bus, irq), level);
}

/* Re-evaluates routing after PIRQRC writes or reset. */
static void piix3_update_routing(PIIX3State *s)
{
    uint8_t *c = PCI_DEVICE(s)->config;

    for (int p = 0; p < PIIX_NUM_PIRQS; p++) {
        int old = s->routed_irq[p];
        int new = pirq_target(c[PIIX_PIRQCA + p]);

        if (!(c[PIIX_PIRQCA + p] & PIIX_PIRQ_DISABLE) && new < 0) {
            qemu_log_mask(LOG_GUEST_ERROR, "piix3: PIRQ%c routed to "
                          "reserved IRQ %d, ignored\n", 'A' + p,
                          c[PIIX_PIRQCA + p] & PIIX_PIRQ_IRQ_MASK);
        }
        if (old == new) {
            continue;
        }
        s->routed_irq[p] = new;
        if (old >= 0) {
            piix3_set_isa_irq(s, old);
        }
        if (new >= 0) {
            piix3_set_isa_irq(s, new);
        }
    }
}

static void piix3_set_irq(void *opaque, int pirq, int level)
{
    PIIX3State *s = opaque;

    if (pirq < 0 || pirq >= PIIX_NUM_PIRQS) {
        return;
    }
    s->pirq_level[pirq] = level;
    qemu_set_irq(s->pirq_out[pirq], level);
    if (s->routed_irq[pirq] >= 0) {
        piix3_set_isa_irq(s, s->routed_irq[pirq]);
    }
}

static int piix3_map_irq(PCIDevice *pci_dev, int pin)
{
    return (pin + PCI_SLOT(pci_dev->devfn) - 1) & 3;
}

static void piix3_write_config(PCIDevice *d, uint32_t addr, uint32_t val,
                               int len)
{
    pci_default_write_config(d, addr, val, len);
    if (addr < PIIX_PIRQCA + PIIX_NUM_PIRQS && addr + len > PIIX_PIRQCA) {
        piix3_update_routing(PIIX3(d));
    }
}

/* Reset control register, reached through the host bridge at 0xcf9. */
static uint64_t piix3_rcr_read(void *opaque, hwaddr addr, unsigned size)
{
    PIIX3State *s = opaque;

    if (addr <= 1 && 1 < addr + size) {
        return (uint64_t)s->rcr << (8 * (1 - addr)) |
               (~0ull >> (64 - 8 * size) & ~(0xffull << (8 * (1 - addr))));
    }
    return ~0ull >> (64 - 8 * size);
}

static void piix3_rcr_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    PIIX3State *s = opaque;
    uint8_t v;

    if (!(addr <= 1 && 1 < addr + size)) {
        return;
    }
    v = val >> (8 * (1 - addr));
    if (v & RCR_RCPU) {
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
    s->rcr = v & RCR_SRST;
}

static const MemoryRegionOps piix3_rcr_ops = {
    .read = piix3_rcr_read,
    .write = piix3_rcr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void piix3_reset(DeviceState *dev)
{
    PIIX3State *s = PIIX3(dev);
    uint8_t *c = PCI_DEVICE(dev)->config;

    /* 82371SB datasheet defaults of the function 0 registers. */
    c[0x4c] = 0x4d;                 /* IORT */
    c[0x4e] = 0x03;                 /* XBCS */
    c[0x4f] = 0x00;
    memset(c + PIIX_PIRQCA, PIIX_PIRQ_DISABLE, PIIX_NUM_PIRQS);
    c[0x69] = 0x02;                 /* TOM */
    c[0x6a] = 0x00;                 /* MSTAT */
    c[0x6b] = 0x00;
    c[0x70] = 0x80;                 /* MBIRQ0 */
    c[0x71] = 0x00;
    c[0x76] = 0x0c;                 /* MBDMA0 */
    c[0x77] = 0x0c;                 /* MBDMA1 */
    c[0x78] = 0x02;                 /* PCSC */
    c[0x79] = 0x00;
    c[0x80] = 0x00;                 /* APICBASE */
    c[0x82] = 0x00;                 /* DLC */
    c[0xa0] = 0x08;                 /* SMICNTL */
    memset(c + 0xa2, 0, 0xa8 - 0xa2);   /* SMIEN, SEE */
    c[0xa8] = 0x0f;                 /* FTMR */
    memset(c + 0xaa, 0, 0xb0 - 0xaa);   /* SMIREQ, CTLTMR, CTHTMR */
    s->rcr = 0;
    memset(s->pirq_level, 0, sizeof(s->pirq_level));
    piix3_update_routing(s);
    for (int p = 0; p < PIIX_NUM_PIRQS; p++) {
        qemu_set_irq(s->pirq_out[p], 0);
    }
}

static void piix3_initfn(Object *obj)
{
    PIIX3State *s = PIIX3(obj);

    qdev_init_gpio_out_named(DEVICE(obj), s->pirq_out, "pirq",
                             PIIX_NUM_PIRQS);
    for (int p = 0; p < PIIX_NUM_PIRQS; p++) {
        s->routed_irq[p] = -1;
    }
}

static void piix3_realize(PCIDevice *d, Error **errp)
{
    PIIX3State *s = PIIX3(d);
    PCIBus *bus = pci_get_bus(d);
    PCIHostState *phb = pci_bus_get_host(bus);

    s->isa_bus = isa_bus_new(DEVICE(d), bus->address_space_mem,
                             bus->address_space_io, errp);
    if (!s->isa_bus) {
        return;
    }
    pci_set_word(d->config + PCI_STATUS, PCI_STATUS_DEVSEL_MEDIUM);
    pci_bus_irqs(bus, piix3_set_irq, piix3_map_irq, s, PIIX_NUM_PIRQS);
    if (phb) {
        pci_host_set_narrow_io(phb, &piix3_rcr_ops, s);
    }
    piix3_reset(DEVICE(d));
}

static void piix3_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = piix3_realize;
    k->config_write = piix3_write_config;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = PCI_DEVICE_ID_INTEL_82371SB_0;
    k->revision = 0x00;
    k->class_id = PCI_CLASS_BRIDGE_ISA;
    dc->desc = "ISA bridge";
    dc->reset = piix3_reset;
    /* Part of the chipset: the board creates it (it owns the ISA bus). */
    dc->user_creatable = false;
    dc->hotpluggable = false;
    device_class_set_categories(dc, DEVICE_CATEGORY_BRIDGE);
}

static const TypeInfo piix3_info = {
    .name = TYPE_PIIX3_DEVICE,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PIIX3State),
    .instance_init = piix3_initfn,
    .class_init = piix3_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { },
    },
};

static void piix3_register_types(void)
{
    type_register_static(&piix3_info);
}
type_init(piix3_register_types)
