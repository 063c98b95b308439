/*
 * PCI core (PCI Local Bus Specification 3.0): buses, the device base type
 * with its configuration space, BAR decoding into the bus's memory and I/O
 * spaces, INTx routing through the host bridge, and capabilities.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/pci/pci.h"
#include "hw/qdev-properties.h"
#include "qemu/log.h"
#include "qemu/error-report.h"
#include "qapi/error.h"

/* COMMAND bits the guest may write (others read as zero). */
#define PCI_COMMAND_WMASK (PCI_COMMAND_IO | PCI_COMMAND_MEMORY | \
                           PCI_COMMAND_MASTER | PCI_COMMAND_SERR | \
                           PCI_COMMAND_INTX_DISABLE)
#define PCI_STATUS_W1C (PCI_STATUS_PARITY | PCI_STATUS_SIG_TARGET_ABORT | \
                        PCI_STATUS_REC_TARGET_ABORT | \
                        PCI_STATUS_REC_MASTER_ABORT | \
                        PCI_STATUS_SIG_SYSTEM_ERROR | \
                        PCI_STATUS_DETECTED_PARITY)

static GSList *pci_root_buses;

static bool ranges_overlap(uint32_t a, uint32_t alen, uint32_t b,
                           uint32_t blen)
{
    return a < b + blen && b < a + alen;
}

/* Buses. */

static void pci_bus_reset(BusState *qbus)
{
    PCIBus *bus = PCI_BUS(qbus);

    for (int devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        if (bus->devices[devfn]) {
            pci_device_reset(bus->devices[devfn]);
        }
    }
    for (int i = 0; i < bus->nirq; i++) {
        if (bus->irq_count[i]) {
            /* Every pin was deasserted above; nothing may stay high. */
            bus->irq_count[i] = 0;
            bus->set_irq(bus->irq_opaque, i, 0);
        }
    }
}

static char *pcibus_get_dev_path(DeviceState *dev)
{
    PCIDevice *d = PCI_DEVICE(dev);

    return g_strdup_printf("0000:%02x:%02x.%x", pci_bus_num(pci_get_bus(d)),
                           PCI_SLOT(d->devfn), PCI_FUNC(d->devfn));
}

static char *pcibus_get_fw_dev_path(DeviceState *dev)
{
    PCIDevice *d = PCI_DEVICE(dev);
    const char *name = qdev_fw_name(dev);

    if (PCI_FUNC(d->devfn)) {
        return g_strdup_printf("%s@%x,%x", name, PCI_SLOT(d->devfn),
                               PCI_FUNC(d->devfn));
    }
    return g_strdup_printf("%s@%x", name, PCI_SLOT(d->devfn));
}

static void pcibus_print_dev(GString *out, DeviceState *dev, int indent)
{
    PCIDevice *d = PCI_DEVICE(dev);

    g_string_append_printf(out, "%*saddr = %02x.%x\n", indent, "",
                           PCI_SLOT(d->devfn), PCI_FUNC(d->devfn));
    g_string_append_printf(out, "%*spci id = %04x:%04x (class %04x)\n",
                           indent, "",
                           pci_get_word(d->config + PCI_VENDOR_ID),
                           pci_get_word(d->config + PCI_DEVICE_ID),
                           pci_get_word(d->config + PCI_CLASS_DEVICE));
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &d->io_regions[i];

        if (!r->size) {
            continue;
        }
        g_string_append_printf(out, "%*sbar %d: %s at 0x%" PRIx64
                               " [0x%" PRIx64 "]\n", indent, "", i,
                               r->type & PCI_BASE_ADDRESS_SPACE_IO ? "i/o"
                                                                   : "mem",
                               r->addr, r->addr + r->size - 1);
    }
}

PCIBus *pci_root_bus_new(DeviceState *parent, const char *name,
                         MemoryRegion *address_space_mem,
                         MemoryRegion *address_space_io,
                         uint8_t devfn_min, const char *typename)
{
    PCIBus *bus = PCI_BUS(qbus_new(typename ? typename : TYPE_PCI_BUS,
                                   parent, name));

    bus->address_space_mem = address_space_mem;
    bus->address_space_io = address_space_io;
    bus->devfn_min = devfn_min;
    bus->bus_num = 0;
    /* device_add/device_del work; guest notification (ACPI) belongs to
     * the board's hotplug controller, when it has one. */
    bus->qbus.hotpluggable = true;
    pci_root_buses = g_slist_append(pci_root_buses, bus);
    return bus;
}

PCIBus *pci_get_root_bus(void)
{
    return pci_root_buses ? pci_root_buses->data : NULL;
}

void pci_bus_irqs(PCIBus *bus, pci_set_irq_fn set_irq, pci_map_irq_fn map_irq,
                  void *irq_opaque, int nirq)
{
    bus->set_irq = set_irq;
    bus->map_irq = map_irq;
    bus->irq_opaque = irq_opaque;
    bus->nirq = nirq;
    g_free(bus->irq_count);
    bus->irq_count = g_new0(int, nirq);
}

int pci_swizzle_map_irq_fn(PCIDevice *pci_dev, int pin)
{
    return (pin + PCI_SLOT(pci_dev->devfn)) % PCI_NUM_PINS;
}

PCIBus *pci_get_bus(const PCIDevice *dev)
{
    return PCI_BUS(dev->qdev.parent_bus);
}

int pci_bus_num(PCIBus *bus)
{
    return bus->bus_num;
}

PCIDevice *pci_find_device(PCIBus *bus, int bus_num, uint8_t devfn)
{
    if (!bus || pci_bus_num(bus) != bus_num) {
        return NULL;
    }
    return bus->devices[devfn];
}

void pci_for_each_device(PCIBus *bus, int bus_num,
                         void (*fn)(PCIBus *bus, PCIDevice *d, void *opaque),
                         void *opaque)
{
    if (!bus || pci_bus_num(bus) != bus_num) {
        return;
    }
    for (int devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        if (bus->devices[devfn]) {
            fn(bus, bus->devices[devfn], opaque);
        }
    }
}

/* INTx. */

int pci_intx(PCIDevice *pci_dev)
{
    return pci_get_byte(pci_dev->config + PCI_INTERRUPT_PIN) - 1;
}

/* Adds or removes one asserted pin on the bus's shared line. */
static void pci_bus_change_irq(PCIDevice *dev, int pin, int change)
{
    PCIBus *bus = pci_get_bus(dev);
    int irq_num;

    if (!bus->map_irq || !bus->set_irq) {
        return;
    }
    irq_num = bus->map_irq(dev, pin);
    if (irq_num < 0 || irq_num >= bus->nirq) {
        qemu_log_mask(LOG_GUEST_ERROR, "pci: %s pin %d maps to bad IRQ %d\n",
                      dev->name, pin, irq_num);
        return;
    }
    bus->irq_count[irq_num] += change;
    bus->set_irq(bus->irq_opaque, irq_num, bus->irq_count[irq_num] != 0);
}

/* Propagates the device's pin levels, gated by COMMAND.INTX_DISABLE. */
static void pci_update_irq_lines(PCIDevice *dev)
{
    bool disabled = pci_get_word(dev->config + PCI_COMMAND) &
                    PCI_COMMAND_INTX_DISABLE;
    int want = disabled ? 0 : dev->irq_state;

    for (int pin = 0; pin < PCI_NUM_PINS; pin++) {
        int bit = 1 << pin;

        if ((want ^ dev->irq_bus_state) & bit) {
            pci_bus_change_irq(dev, pin, (want & bit) ? 1 : -1);
        }
    }
    dev->irq_bus_state = want;
}

void pci_set_irq(PCIDevice *pci_dev, int level)
{
    int pin = pci_intx(pci_dev);
    uint16_t status;

    if (pin < 0 || pin >= PCI_NUM_PINS) {
        qemu_log_mask(LOG_UNIMP, "pci: %s raises INTx without a pin\n",
                      pci_dev->name);
        return;
    }
    if (level) {
        pci_dev->irq_state |= 1 << pin;
    } else {
        pci_dev->irq_state &= ~(1 << pin);
    }
    status = pci_get_word(pci_dev->config + PCI_STATUS);
    if (pci_dev->irq_state) {
        status |= PCI_STATUS_INTERRUPT;
    } else {
        status &= ~PCI_STATUS_INTERRUPT;
    }
    pci_set_word(pci_dev->config + PCI_STATUS, status);
    pci_update_irq_lines(pci_dev);
}

/* BARs. */

static uint32_t pci_bar_offset(PCIDevice *d, int reg)
{
    if (reg == PCI_ROM_SLOT) {
        return PCI_DEVICE_GET_CLASS(d)->is_bridge ? PCI_ROM_ADDRESS1
                                                  : PCI_ROM_ADDRESS;
    }
    return PCI_BASE_ADDRESS_0 + reg * 4;
}

static uint64_t pow2ceil64(uint64_t v)
{
    uint64_t p = 1;

    while (p < v && p) {
        p <<= 1;
    }
    return p;
}

void pci_register_bar(PCIDevice *pci_dev, int region_num, uint8_t type,
                      MemoryRegion *memory)
{
    PCIIORegion *r;
    uint64_t size = memory_region_size(memory);
    uint32_t off;
    uint64_t wmask;
    bool is64 = !(type & PCI_BASE_ADDRESS_SPACE_IO) &&
                (type & PCI_BASE_ADDRESS_MEM_TYPE_64);

    if (region_num < 0 || region_num >= PCI_NUM_REGIONS ||
        (is64 && (region_num == 5 || region_num == PCI_ROM_SLOT))) {
        error_report("pci: %s registers invalid BAR %d", pci_dev->name,
                     region_num);
        abort();
    }
    size = pow2ceil64(size);
    if (type & PCI_BASE_ADDRESS_SPACE_IO) {
        size = MAX(size, 4);
    } else {
        size = MAX(size, region_num == PCI_ROM_SLOT ? 2048 : 16);
    }

    r = &pci_dev->io_regions[region_num];
    r->addr = PCI_BAR_UNMAPPED;
    r->size = size;
    r->type = type;
    r->memory = memory;
    r->address_space = (type & PCI_BASE_ADDRESS_SPACE_IO)
                       ? pci_get_bus(pci_dev)->address_space_io
                       : pci_get_bus(pci_dev)->address_space_mem;

    off = pci_bar_offset(pci_dev, region_num);
    wmask = ~(size - 1);
    if (region_num == PCI_ROM_SLOT) {
        /* Type bits would be the enable bit: it is writable instead. */
        pci_set_long(pci_dev->config + off, 0);
        pci_set_long(pci_dev->wmask + off,
                     (uint32_t)wmask | PCI_ROM_ADDRESS_ENABLE);
    } else {
        pci_set_long(pci_dev->config + off, type);
        if (is64) {
            pci_set_quad(pci_dev->wmask + off, wmask & ~0xfULL);
            pci_set_quad(pci_dev->cmask + off, ~0ULL);
        } else if (type & PCI_BASE_ADDRESS_SPACE_IO) {
            pci_set_long(pci_dev->wmask + off, (uint32_t)wmask & ~0x3u);
        } else {
            pci_set_long(pci_dev->wmask + off, (uint32_t)wmask & ~0xfu);
        }
    }
    pci_set_long(pci_dev->cmask + off, ~0u);
}

pcibus_t pci_get_bar_addr(PCIDevice *pci_dev, int region_num)
{
    if (region_num < 0 || region_num >= PCI_NUM_REGIONS) {
        return PCI_BAR_UNMAPPED;
    }
    return pci_dev->io_regions[region_num].addr;
}

/* Where BAR reg decodes now, or PCI_BAR_UNMAPPED. */
static pcibus_t pci_bar_address(PCIDevice *d, int reg)
{
    PCIIORegion *r = &d->io_regions[reg];
    uint16_t cmd = pci_get_word(d->config + PCI_COMMAND);
    uint32_t off = pci_bar_offset(d, reg);
    pcibus_t size = r->size;
    pcibus_t new_addr, last_addr;

    if (r->type & PCI_BASE_ADDRESS_SPACE_IO) {
        if (!(cmd & PCI_COMMAND_IO)) {
            return PCI_BAR_UNMAPPED;
        }
        new_addr = pci_get_long(d->config + off) & ~(size - 1);
        last_addr = new_addr + size - 1;
        /* 0 is "not programmed"; x86 I/O space ends at 64 KiB. */
        if (new_addr == 0 || last_addr > 0xffff || last_addr < new_addr) {
            return PCI_BAR_UNMAPPED;
        }
        return new_addr;
    }

    if (!(cmd & PCI_COMMAND_MEMORY)) {
        return PCI_BAR_UNMAPPED;
    }
    if (reg == PCI_ROM_SLOT) {
        uint32_t rom = pci_get_long(d->config + off);

        if (!(rom & PCI_ROM_ADDRESS_ENABLE)) {
            return PCI_BAR_UNMAPPED;
        }
        new_addr = rom & ~(size - 1) & PCI_ROM_ADDRESS_MASK;
    } else if (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64) {
        new_addr = pci_get_quad(d->config + off) & ~(size - 1);
    } else {
        new_addr = pci_get_long(d->config + off) & ~(size - 1);
    }
    new_addr &= ~(pcibus_t)0xf;
    last_addr = new_addr + size - 1;
    /* Unprogrammed (0), wrapped, or all ones (being sized): not mapped. */
    if (new_addr == 0 || last_addr <= new_addr) {
        return PCI_BAR_UNMAPPED;
    }
    /* A BAR ending at 4G - 1 is one being sized (all ones written), never
     * a real placement: mapping it would hide the BIOS for a moment. */
    if (new_addr <= UINT32_MAX && last_addr >= UINT32_MAX) {
        return PCI_BAR_UNMAPPED;
    }
    if (last_addr == PCI_BAR_UNMAPPED) {
        return PCI_BAR_UNMAPPED;
    }
    return new_addr;
}

void pci_update_mappings(PCIDevice *d)
{
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &d->io_regions[i];
        pcibus_t new_addr;

        if (!r->size || !r->memory || !r->address_space) {
            continue;
        }
        new_addr = pci_bar_address(d, i);
        if (new_addr == r->addr) {
            continue;
        }
        if (r->addr != PCI_BAR_UNMAPPED) {
            memory_region_del_subregion(r->address_space, r->memory);
        }
        r->addr = new_addr;
        if (r->addr != PCI_BAR_UNMAPPED) {
            /* Above anything the board put in the PCI space (priority 1). */
            memory_region_add_subregion_overlap(r->address_space, r->addr,
                                                r->memory, 1);
        }
    }
}

static void pci_update_bus_master(PCIDevice *d)
{
    memory_region_set_enabled(&d->bus_master_enable_region,
                              pci_get_word(d->config + PCI_COMMAND) &
                              PCI_COMMAND_MASTER);
}

/* Config space. */

uint32_t pci_default_read_config(PCIDevice *d, uint32_t address, int len)
{
    uint32_t val = 0;

    for (int i = 0; i < len && address + i < d->config_size; i++) {
        val |= (uint32_t)d->config[address + i] << (8 * i);
    }
    return val;
}

void pci_default_write_config(PCIDevice *d, uint32_t address, uint32_t val,
                              int len)
{
    uint16_t old_cmd = pci_get_word(d->config + PCI_COMMAND);

    for (int i = 0; i < len && address + i < d->config_size; i++) {
        uint32_t a = address + i;
        uint8_t b = val >> (8 * i);
        uint8_t wmask = d->wmask[a];
        uint8_t w1c = d->w1cmask[a];

        d->config[a] = (d->config[a] & ~wmask) | (b & wmask);
        d->config[a] &= ~(b & w1c);
    }

    if (ranges_overlap(address, len, PCI_BASE_ADDRESS_0, 24) ||
        ranges_overlap(address, len, PCI_ROM_ADDRESS, 4) ||
        ranges_overlap(address, len, PCI_ROM_ADDRESS1, 4) ||
        ranges_overlap(address, len, PCI_COMMAND, 2)) {
        pci_update_mappings(d);
    }
    if (ranges_overlap(address, len, PCI_COMMAND, 2)) {
        uint16_t cmd = pci_get_word(d->config + PCI_COMMAND);

        if ((cmd ^ old_cmd) & PCI_COMMAND_MASTER) {
            pci_update_bus_master(d);
        }
        if ((cmd ^ old_cmd) & PCI_COMMAND_INTX_DISABLE) {
            pci_update_irq_lines(d);
        }
    }
    if (d->msi_cap) {
        msi_write_config(d, address, val, len);
    }
}

uint32_t pci_host_config_read_common(PCIDevice *pci_dev, uint32_t addr,
                                     uint32_t limit, uint32_t len)
{
    limit = MIN(limit, pci_dev->config_size);
    if (addr >= limit || len > limit - addr) {
        return ~0u >> (32 - 8 * len);
    }
    return pci_dev->config_read(pci_dev, addr, len);
}

void pci_host_config_write_common(PCIDevice *pci_dev, uint32_t addr,
                                  uint32_t limit, uint32_t val, uint32_t len)
{
    limit = MIN(limit, pci_dev->config_size);
    if (addr >= limit || len > limit - addr) {
        return;
    }
    pci_dev->config_write(pci_dev, addr, val, len);
}

/* Capabilities. */

uint8_t pci_find_capability(PCIDevice *pci_dev, uint8_t cap_id)
{
    uint8_t off;
    int guard = 0;

    if (!(pci_get_word(pci_dev->config + PCI_STATUS) & PCI_STATUS_CAP_LIST)) {
        return 0;
    }
    off = pci_dev->config[PCI_CAPABILITY_LIST] & ~3;
    while (off && guard++ < 64) {
        if (pci_dev->config[off + PCI_CAP_LIST_ID] == cap_id) {
            return off;
        }
        off = pci_dev->config[off + PCI_CAP_LIST_NEXT] & ~3;
    }
    return 0;
}

static int pci_find_space(PCIDevice *pdev, uint8_t size)
{
    for (int off = PCI_CONFIG_HEADER_SIZE;
         off + size <= PCI_CONFIG_SPACE_SIZE; off += 4) {
        bool free = true;

        for (int i = 0; i < size; i++) {
            if (pdev->used[off + i]) {
                free = false;
                break;
            }
        }
        if (free) {
            return off;
        }
    }
    return 0;
}

int pci_add_capability(PCIDevice *pdev, uint8_t cap_id, uint8_t offset,
                       uint8_t size, Error **errp)
{
    if (!offset) {
        offset = pci_find_space(pdev, size);
        if (!offset) {
            error_setg(errp, "%s: no room for PCI capability 0x%x",
                       pdev->name, cap_id);
            return -1;
        }
    } else {
        if (offset < PCI_CONFIG_HEADER_SIZE ||
            offset + size > PCI_CONFIG_SPACE_SIZE) {
            error_setg(errp, "%s: PCI capability 0x%x at 0x%x outside the "
                       "device-specific config space", pdev->name, cap_id,
                       offset);
            return -1;
        }
        for (int i = offset; i < offset + size; i++) {
            if (pdev->used[i]) {
                error_setg(errp, "%s:%02x.%x Attempt to add PCI capability "
                           "%x at offset %x overlaps existing capability",
                           pdev->name, PCI_SLOT(pdev->devfn),
                           PCI_FUNC(pdev->devfn), cap_id, offset);
                return -1;
            }
        }
    }

    pdev->config[offset + PCI_CAP_LIST_ID] = cap_id;
    pdev->config[offset + PCI_CAP_LIST_NEXT] =
        pdev->config[PCI_CAPABILITY_LIST];
    pdev->config[PCI_CAPABILITY_LIST] = offset;
    pci_set_word(pdev->config + PCI_STATUS,
                 pci_get_word(pdev->config + PCI_STATUS) |
                 PCI_STATUS_CAP_LIST);
    memset(pdev->used + offset, 0xff, size);
    /* Capabilities are read-only unless their owner opens bits up. */
    memset(pdev->wmask + offset, 0, size);
    memset(pdev->cmask + offset, 0xff, size);
    return offset;
}

void pci_del_capability(PCIDevice *pci_dev, uint8_t cap_id, uint8_t cap_size)
{
    uint8_t prev = PCI_CAPABILITY_LIST;
    uint8_t off = pci_dev->config[PCI_CAPABILITY_LIST];
    int guard = 0;

    while (off && guard++ < 64) {
        if (pci_dev->config[off + PCI_CAP_LIST_ID] == cap_id) {
            pci_dev->config[prev] = pci_dev->config[off + PCI_CAP_LIST_NEXT];
            memset(pci_dev->used + off, 0, cap_size);
            memset(pci_dev->wmask + off, 0xff, cap_size);
            memset(pci_dev->cmask + off, 0, cap_size);
            memset(pci_dev->config + off, 0, cap_size);
            break;
        }
        prev = off + PCI_CAP_LIST_NEXT;
        off = pci_dev->config[off + PCI_CAP_LIST_NEXT];
    }
    if (!pci_dev->config[PCI_CAPABILITY_LIST]) {
        pci_set_word(pci_dev->config + PCI_STATUS,
                     pci_get_word(pci_dev->config + PCI_STATUS) &
                     ~PCI_STATUS_CAP_LIST);
    }
}

/* DMA. */

AddressSpace *pci_get_address_space(PCIDevice *dev)
{
    return &dev->bus_master_as;
}

/* Reset. */

void pci_device_reset(PCIDevice *dev)
{
    uint16_t cmd = pci_get_word(dev->config + PCI_COMMAND);
    uint16_t status = pci_get_word(dev->config + PCI_STATUS);

    pci_set_word(dev->config + PCI_COMMAND,
                 cmd & ~pci_get_word(dev->wmask + PCI_COMMAND));
    pci_set_word(dev->config + PCI_STATUS,
                 status & ~pci_get_word(dev->w1cmask + PCI_STATUS));
    dev->config[PCI_CACHE_LINE_SIZE] = 0;
    dev->config[PCI_LATENCY_TIMER] = 0;
    dev->config[PCI_INTERRUPT_LINE] = 0;
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &dev->io_regions[i];
        uint32_t off = pci_bar_offset(dev, i);

        if (!r->size) {
            continue;
        }
        if (i == PCI_ROM_SLOT) {
            pci_set_long(dev->config + off, 0);
        } else {
            pci_set_long(dev->config + off, r->type);
            if (!(r->type & PCI_BASE_ADDRESS_SPACE_IO) &&
                (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64)) {
                pci_set_long(dev->config + off + 4, 0);
            }
        }
    }
    pci_update_mappings(dev);
    pci_update_bus_master(dev);
    dev->irq_state = 0;
    pci_set_word(dev->config + PCI_STATUS,
                 pci_get_word(dev->config + PCI_STATUS) &
                 ~PCI_STATUS_INTERRUPT);
    pci_update_irq_lines(dev);
    if (dev->msi_cap) {
        msi_reset(dev);
    }
}

/* Device registration. */

static void pci_config_alloc(PCIDevice *d)
{
    d->config = g_malloc0(d->config_size);
    d->cmask = g_malloc0(d->config_size);
    d->wmask = g_malloc0(d->config_size);
    d->w1cmask = g_malloc0(d->config_size);
    d->used = g_malloc0(d->config_size);
}

static void pci_config_free(PCIDevice *d)
{
    g_free(d->config);
    g_free(d->cmask);
    g_free(d->wmask);
    g_free(d->w1cmask);
    g_free(d->used);
    d->config = d->cmask = d->wmask = d->w1cmask = d->used = NULL;
}

static const char *pci_dev_id(PCIDevice *d)
{
    return d->qdev.id ? d->qdev.id : "(null)";
}

/* Multifunction rules: function 0 decides whether other functions may
 * exist (header type bit 7). */
static bool pci_check_multifunction(PCIBus *bus, PCIDevice *dev, int devfn,
                                    Error **errp)
{
    int slot = PCI_SLOT(devfn);
    PCIDevice *f0 = bus->devices[PCI_DEVFN(slot, 0)];

    if (PCI_FUNC(devfn) == 0) {
        if (dev->multifunction) {
            return true;
        }
        for (int fn = 1; fn < PCI_FUNC_MAX; fn++) {
            if (bus->devices[PCI_DEVFN(slot, fn)]) {
                error_setg(errp, "PCI: %x.0 indicates single function, but "
                           "%x.%x is already populated.", slot, slot, fn);
                return false;
            }
        }
        return true;
    }
    if (f0 && !f0->multifunction) {
        error_setg(errp, "PCI: %x.0 indicates single function, but %x.%x "
                   "is already populated.", slot, slot, PCI_FUNC(devfn));
        return false;
    }
    return true;
}

static void pci_init_config(PCIDevice *d, PCIDeviceClass *pc)
{
    uint8_t *c = d->config;

    pci_config_set_vendor_id(c, pc->vendor_id);
    pci_config_set_device_id(c, pc->device_id);
    pci_config_set_revision(c, pc->revision);
    pci_config_set_class(c, pc->class_id);
    c[PCI_HEADER_TYPE] = pc->is_bridge ? PCI_HEADER_TYPE_BRIDGE
                                       : PCI_HEADER_TYPE_NORMAL;
    if (d->multifunction) {
        c[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MULTI_FUNCTION;
    }
    if (!pc->is_bridge) {
        /* Like QEMU's machines: every device names the virtual platform
         * as its subsystem unless it has its own. */
        pci_set_word(c + PCI_SUBSYSTEM_VENDOR_ID,
                     pc->subsystem_vendor_id ? pc->subsystem_vendor_id
                                             : PCI_SUBVENDOR_ID_REDHAT_QUMRANET);
        pci_set_word(c + PCI_SUBSYSTEM_ID,
                     pc->subsystem_vendor_id ? pc->subsystem_id
                                             : PCI_SUBDEVICE_ID_QEMU);
    }

    /* Header: command, cache line, latency and interrupt line are the
     * writable parts; the device-specific area is writable by default and
     * devices (and capabilities) narrow it. */
    pci_set_word(d->wmask + PCI_COMMAND, PCI_COMMAND_WMASK);
    pci_set_word(d->w1cmask + PCI_STATUS, PCI_STATUS_W1C);
    d->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
    d->wmask[PCI_LATENCY_TIMER] = 0xff;
    d->wmask[PCI_INTERRUPT_LINE] = 0xff;
    memset(d->wmask + PCI_CONFIG_HEADER_SIZE, 0xff,
           d->config_size - PCI_CONFIG_HEADER_SIZE);
    memset(d->cmask, 0xff, PCI_CONFIG_HEADER_SIZE);
    d->cmask[PCI_COMMAND] = d->cmask[PCI_COMMAND + 1] = 0;
    d->cmask[PCI_STATUS] = d->cmask[PCI_STATUS + 1] = 0;
    if (pc->is_bridge) {
        d->wmask[PCI_PRIMARY_BUS] = 0xff;
        d->wmask[PCI_SECONDARY_BUS] = 0xff;
        d->wmask[PCI_SUBORDINATE_BUS] = 0xff;
        d->wmask[PCI_SEC_LATENCY_TIMER] = 0xff;
        d->wmask[PCI_IO_BASE] = 0xf0;
        d->wmask[PCI_IO_LIMIT] = 0xf0;
        pci_set_word(d->wmask + PCI_MEMORY_BASE, 0xfff0);
        pci_set_word(d->wmask + PCI_MEMORY_LIMIT, 0xfff0);
        pci_set_word(d->wmask + PCI_PREF_MEMORY_BASE, 0xfff0);
        pci_set_word(d->wmask + PCI_PREF_MEMORY_LIMIT, 0xfff0);
        pci_set_long(d->wmask + PCI_PREF_BASE_UPPER32, ~0u);
        pci_set_long(d->wmask + PCI_PREF_LIMIT_UPPER32, ~0u);
        pci_set_word(d->wmask + PCI_BRIDGE_CONTROL, 0x0fff);
    }
}

static void pci_qdev_realize(DeviceState *qdev, Error **errp)
{
    PCIDevice *d = PCI_DEVICE(qdev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);
    PCIBus *bus = PCI_BUS(qdev_get_parent_bus(qdev));
    const char *name = object_get_typename(OBJECT(d));
    int devfn = d->devfn;
    Error *err = NULL;

    if (devfn < 0) {
        for (devfn = bus->devfn_min; devfn < PCI_DEVFN_MAX;
             devfn += PCI_FUNC_MAX) {
            if (!bus->devices[devfn]) {
                break;
            }
        }
        if (devfn >= PCI_DEVFN_MAX) {
            error_setg(errp, "PCI: no slot/function available for %s, all in "
                       "use or reserved", name);
            return;
        }
    } else if (devfn >= PCI_DEVFN_MAX) {
        error_setg(errp, "PCI: invalid address %d for %s", devfn, name);
        return;
    } else if (bus->devices[devfn]) {
        PCIDevice *other = bus->devices[devfn];

        error_setg(errp, "PCI: slot %d function %d not available for %s, "
                   "in use by %s,id=%s", PCI_SLOT(devfn), PCI_FUNC(devfn),
                   name, other->name, pci_dev_id(other));
        return;
    } else if (devfn < bus->devfn_min) {
        error_setg(errp, "PCI: slot %d function %d not available for %s, "
                   "reserved", PCI_SLOT(devfn), PCI_FUNC(devfn), name);
        return;
    }
    if (!pci_check_multifunction(bus, d, devfn, errp)) {
        return;
    }

    d->devfn = devfn;
    g_strlcpy(d->name, name, sizeof(d->name));
    d->config_size = pc->is_express ? PCIE_CONFIG_SPACE_SIZE
                                    : PCI_CONFIG_SPACE_SIZE;
    pci_config_alloc(d);
    pci_init_config(d, pc);
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        d->io_regions[i].addr = PCI_BAR_UNMAPPED;
    }
    d->config_read = pc->config_read ? pc->config_read
                                     : pci_default_read_config;
    d->config_write = pc->config_write ? pc->config_write
                                       : pci_default_write_config;
    d->irq_state = 0;
    d->irq_bus_state = 0;

    /* Bus-master DMA: an alias of system memory switched by COMMAND. */
    memory_region_init(&d->bus_master_container_region, OBJECT(d),
                       "bus master container", UINT64_MAX);
    memory_region_init_alias(&d->bus_master_enable_region, OBJECT(d),
                             "bus master", get_system_memory(), 0,
                             UINT64_MAX);
    memory_region_set_enabled(&d->bus_master_enable_region, false);
    memory_region_add_subregion(&d->bus_master_container_region, 0,
                                &d->bus_master_enable_region);
    address_space_init(&d->bus_master_as, &d->bus_master_container_region,
                       d->name);

    bus->devices[devfn] = d;
    if (pc->realize) {
        pc->realize(d, &err);
        if (err) {
            error_propagate(errp, err);
            bus->devices[devfn] = NULL;
            address_space_destroy(&d->bus_master_as);
            memory_region_del_subregion(&d->bus_master_container_region,
                                        &d->bus_master_enable_region);
            pci_config_free(d);
            return;
        }
    }
}

static void pci_qdev_unrealize(DeviceState *qdev)
{
    PCIDevice *d = PCI_DEVICE(qdev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);
    PCIBus *bus = pci_get_bus(d);

    /* Drop any asserted pin and every BAR mapping. */
    d->irq_state = 0;
    pci_update_irq_lines(d);
    if (pc->exit) {
        pc->exit(d);
    }
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &d->io_regions[i];

        if (r->size && r->addr != PCI_BAR_UNMAPPED) {
            memory_region_del_subregion(r->address_space, r->memory);
            r->addr = PCI_BAR_UNMAPPED;
        }
    }
    address_space_destroy(&d->bus_master_as);
    memory_region_del_subregion(&d->bus_master_container_region,
                                &d->bus_master_enable_region);
    if (bus->devices[d->devfn] == d) {
        bus->devices[d->devfn] = NULL;
    }
    pci_config_free(d);
}

/* Board helpers. */

PCIDevice *pci_new_multifunction(int devfn, bool multifunction,
                                 const char *name)
{
    DeviceState *dev = qdev_new(name);

    qdev_prop_set_int32(dev, "addr", devfn);
    qdev_prop_set_bit(dev, "multifunction", multifunction);
    return PCI_DEVICE(dev);
}

PCIDevice *pci_new(int devfn, const char *name)
{
    return pci_new_multifunction(devfn, false, name);
}

bool pci_realize_and_unref(PCIDevice *dev, PCIBus *bus, Error **errp)
{
    return qdev_realize_and_unref(&dev->qdev, &bus->qbus, errp);
}

PCIDevice *pci_create_simple_multifunction(PCIBus *bus, int devfn,
                                           bool multifunction,
                                           const char *name)
{
    PCIDevice *dev = pci_new_multifunction(devfn, multifunction, name);

    pci_realize_and_unref(dev, bus, &error_fatal);
    return dev;
}

PCIDevice *pci_create_simple(PCIBus *bus, int devfn, const char *name)
{
    return pci_create_simple_multifunction(bus, devfn, false, name);
}

/* Types. */

static Property pci_props[] = {
    DEFINE_PROP_PCI_DEVFN("addr", PCIDevice, devfn, -1),
    DEFINE_PROP_BOOL("multifunction", PCIDevice, multifunction, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void pci_device_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = pci_qdev_realize;
    dc->unrealize = pci_qdev_unrealize;
    dc->bus_type = TYPE_PCI_BUS;
    dc->hotpluggable = true;
    device_class_set_props(dc, pci_props);
}

static void pci_bus_class_init(ObjectClass *klass, void *data)
{
    BusClass *k = BUS_CLASS(klass);

    k->print_dev = pcibus_print_dev;
    k->get_dev_path = pcibus_get_dev_path;
    k->get_fw_dev_path = pcibus_get_fw_dev_path;
    k->reset = pci_bus_reset;
}

static void pci_bus_finalize(Object *obj)
{
    PCIBus *bus = PCI_BUS(obj);

    pci_root_buses = g_slist_remove(pci_root_buses, bus);
    g_free(bus->irq_count);
}

static const TypeInfo pci_types[] = {
    {
        .name = TYPE_PCI_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(PCIBus),
        .instance_finalize = pci_bus_finalize,
        .class_init = pci_bus_class_init,
    },
    {
        .name = TYPE_PCIE_BUS,
        .parent = TYPE_PCI_BUS,
    },
    {
        .name = INTERFACE_CONVENTIONAL_PCI_DEVICE,
        .parent = TYPE_INTERFACE,
    },
    {
        .name = INTERFACE_PCIE_DEVICE,
        .parent = TYPE_INTERFACE,
    },
    {
        .name = TYPE_PCI_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(PCIDevice),
        .class_size = sizeof(PCIDeviceClass),
        .abstract = true,
        .class_init = pci_device_class_init,
    },
};
DEFINE_TYPES(pci_types)
