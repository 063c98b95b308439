/*
 * Intel 440FX PCIset: the host bridge ("i440FX-pcihost", owning "pci.0"
 * and the 0xcf8/0xcfc config ports) and the 82441FX PMC at 00.0.
 *
 * PAM: each of the 13 segments of 0xc0000-0xfffff has four possible views
 * (82441FX datasheet, PAM registers): 00 all cycles to PCI, 01 reads from
 * DRAM / writes to PCI, 10 reads from PCI / writes to DRAM, 11 DRAM. Each
 * view is a region in system memory at priority 1 (over the board's RAM);
 * exactly one per segment is enabled.
 *
 * SMRAM (0x72): with G_SMRAME and D_OPEN, 0xa0000-0xbffff shows DRAM;
 * otherwise it is forwarded to PCI (legacy VGA). The SMM-only view is not
 * modelled (no SMM address space yet).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/pci-host/i440fx.h"
#include "hw/boards.h"
#include "qemu/log.h"
#include "qapi/error.h"

#define PAM_SEGMENTS    13
#define SMRAM_BASE      0xa0000
#define SMRAM_SIZE      0x20000

#define SMRAM_D_OPEN    0x40
#define SMRAM_D_CLS     0x20
#define SMRAM_D_LCK     0x10
#define SMRAM_G_SMRAME  0x08
#define SMRAM_C_BASE_SEG 0x02   /* hardwired: 0xa0000 */

enum { PAM_PCI, PAM_RE, PAM_WE, PAM_RW, PAM_MODES };

typedef struct I440FXState I440FXState;

typedef struct PAMSegment {
    I440FXState *s;
    hwaddr base;
    uint64_t size;
    MemoryRegion view[PAM_MODES];
    int mode;
} PAMSegment;

struct I440FXState {
    PCIDevice parent_obj;
    MemoryRegion *system_memory;
    MemoryRegion *pci_memory;
    MemoryRegion *ram;
    AddressSpace pci_as;        /* for the "reads from PCI" view */
    PAMSegment pam[PAM_SEGMENTS];
    MemoryRegion smram_region;
    bool mapped;
};

#define I440FX_PCI_DEVICE(obj) \
    OBJECT_CHECK(I440FXState, (obj), TYPE_I440FX_PCI_DEVICE)

typedef struct I440FXHost {
    PCIHostState parent_obj;
} I440FXHost;

/* Write-enable-only view: reads come from PCI, writes land in DRAM. */
static uint64_t pam_wo_read(void *opaque, hwaddr addr, unsigned size)
{
    PAMSegment *seg = opaque;
    uint8_t buf[8] = { 0 };
    uint64_t val = 0;

    address_space_read(&seg->s->pci_as, seg->base + addr,
                       MEMTXATTRS_UNSPECIFIED, buf, size);
    for (unsigned i = 0; i < size; i++) {
        val |= (uint64_t)buf[i] << (8 * i);
    }
    return val;
}

static void pam_wo_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    PAMSegment *seg = opaque;
    uint8_t *host = memory_region_get_ram_ptr(seg->s->ram);
    hwaddr off = seg->base + addr;

    if (!host || off + size > memory_region_size(seg->s->ram)) {
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        host[off + i] = val >> (8 * i);
    }
    memory_region_set_dirty(seg->s->ram, off, size);
}

static const MemoryRegionOps pam_wo_ops = {
    .read = pam_wo_read,
    .write = pam_wo_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8,
               .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8,
              .unaligned = true },
};

/* PAM register nibble for segment i (0: 0xf0000, 1..12: 16K pieces). */
static int pam_mode_of(I440FXState *s, int i)
{
    uint8_t *c = PCI_DEVICE(s)->config;

    if (i == 0) {
        return (c[I440FX_PAM] >> 4) & 3;
    }
    return (c[I440FX_PAM + 1 + (i - 1) / 2] >> (((i - 1) & 1) * 4)) & 3;
}

static void i440fx_update_memory(I440FXState *s)
{
    uint8_t smram = PCI_DEVICE(s)->config[I440FX_SMRAM];

    if (!s->mapped) {
        return;
    }
    memory_region_transaction_begin();
    for (int i = 0; i < PAM_SEGMENTS; i++) {
        PAMSegment *seg = &s->pam[i];
        int mode = pam_mode_of(s, i);

        if (mode != seg->mode) {
            memory_region_set_enabled(&seg->view[seg->mode], false);
            memory_region_set_enabled(&seg->view[mode], true);
            seg->mode = mode;
        }
    }
    memory_region_set_enabled(&s->smram_region,
                              !((smram & SMRAM_G_SMRAME) &&
                                (smram & SMRAM_D_OPEN)));
    memory_region_transaction_commit();
}

static void i440fx_write_smram(I440FXState *s, uint8_t val)
{
    uint8_t *c = PCI_DEVICE(s)->config;
    uint8_t old = c[I440FX_SMRAM];

    if (old & SMRAM_D_LCK) {
        /* Locked until reset: only D_CLS may still change. */
        c[I440FX_SMRAM] = (old & ~(SMRAM_D_CLS | SMRAM_D_OPEN)) |
                          (val & SMRAM_D_CLS);
        return;
    }
    val = (val & (SMRAM_D_OPEN | SMRAM_D_CLS | SMRAM_D_LCK |
                  SMRAM_G_SMRAME)) | SMRAM_C_BASE_SEG;
    if (val & SMRAM_D_LCK) {
        val &= ~SMRAM_D_OPEN;
    }
    c[I440FX_SMRAM] = val;
}

static void i440fx_write_config(PCIDevice *d, uint32_t addr, uint32_t val,
                                int len)
{
    I440FXState *s = I440FX_PCI_DEVICE(d);

    pci_default_write_config(d, addr, val, len);
    if (addr <= I440FX_SMRAM && I440FX_SMRAM < addr + len) {
        i440fx_write_smram(s, val >> (8 * (I440FX_SMRAM - addr)));
    }
    if (addr < I440FX_PAM + I440FX_PAM_SIZE && addr + len > I440FX_PAM) {
        i440fx_update_memory(s);
    } else if (addr <= I440FX_SMRAM && I440FX_SMRAM < addr + len) {
        i440fx_update_memory(s);
    }
}

static void i440fx_map_memory(I440FXState *s)
{
    Object *o = OBJECT(s);

    address_space_init(&s->pci_as, s->pci_memory, "i440FX-pci-view");
    memory_region_transaction_begin();
    for (int i = 0; i < PAM_SEGMENTS; i++) {
        PAMSegment *seg = &s->pam[i];

        seg->s = s;
        seg->base = i == 0 ? 0xf0000 : 0xc0000 + (i - 1) * 0x4000;
        seg->size = i == 0 ? 0x10000 : 0x4000;
        memory_region_init_alias(&seg->view[PAM_PCI], o, "pam-pci",
                                 s->pci_memory, seg->base, seg->size);
        memory_region_init_alias(&seg->view[PAM_RE], o, "pam-rom",
                                 s->ram, seg->base, seg->size);
        memory_region_set_readonly(&seg->view[PAM_RE], true);
        memory_region_init_io(&seg->view[PAM_WE], o, &pam_wo_ops, seg,
                              "pam-wo", seg->size);
        memory_region_init_alias(&seg->view[PAM_RW], o, "pam-ram",
                                 s->ram, seg->base, seg->size);
        for (int m = 0; m < PAM_MODES; m++) {
            memory_region_set_enabled(&seg->view[m], m == PAM_PCI);
            memory_region_add_subregion_overlap(s->system_memory, seg->base,
                                                &seg->view[m], 1);
        }
        seg->mode = PAM_PCI;
    }
    memory_region_init_alias(&s->smram_region, o, "smram-region",
                             s->pci_memory, SMRAM_BASE, SMRAM_SIZE);
    memory_region_add_subregion_overlap(s->system_memory, SMRAM_BASE,
                                        &s->smram_region, 1);
    memory_region_transaction_commit();
    s->mapped = true;
}

static void i440fx_realize(PCIDevice *d, Error **errp)
{
    I440FXState *s = I440FX_PCI_DEVICE(d);

    /* Status: medium DEVSEL timing, as the datasheet's default. */
    pci_set_word(d->config + PCI_STATUS, PCI_STATUS_DEVSEL_MEDIUM);
    /* Only the RE/WE bits of PAM are implemented. */
    d->wmask[I440FX_PAM] = 0x30;
    memset(d->wmask + I440FX_PAM + 1, 0x33, I440FX_PAM_SIZE - 1);
    d->wmask[I440FX_SMRAM] = 0;     /* handled in i440fx_write_smram */
    d->config[I440FX_SMRAM] = SMRAM_C_BASE_SEG;

    if (s->system_memory && s->pci_memory && s->ram) {
        i440fx_map_memory(s);
    }
}

static void i440fx_reset(DeviceState *dev)
{
    I440FXState *s = I440FX_PCI_DEVICE(dev);
    PCIDevice *d = PCI_DEVICE(dev);

    memset(d->config + I440FX_PAM, 0, I440FX_PAM_SIZE);
    d->config[I440FX_SMRAM] = SMRAM_C_BASE_SEG;
    i440fx_update_memory(s);
}

PCIBus *i440fx_init(MemoryRegion *system_memory, MemoryRegion *system_io,
                    MemoryRegion *ram, MemoryRegion *pci_memory,
                    Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_I440FX_PCI_HOST_BRIDGE);
    PCIHostState *phb = PCI_HOST_BRIDGE(dev);
    Object *machine = qdev_get_machine();
    PCIDevice *d;
    I440FXState *s;

    if (machine) {
        object_property_add_child(machine, "i440fx", OBJECT(dev));
    }
    phb->bus = pci_root_bus_new(dev, "pci.0", pci_memory, system_io, 0,
                                TYPE_PCI_BUS);
    if (!sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), errp)) {
        return NULL;
    }
    pci_host_conf_init(phb, OBJECT(dev));
    memory_region_add_subregion(system_io, 0xcf8, &phb->conf_mem);
    memory_region_add_subregion(system_io, 0xcfc, &phb->data_mem);
    /* PCI memory is what the CPU sees where nothing else decodes. */
    memory_region_add_subregion_overlap(system_memory, 0, pci_memory, -1);

    d = pci_new(PCI_DEVFN(0, 0), TYPE_I440FX_PCI_DEVICE);
    s = I440FX_PCI_DEVICE(d);
    s->system_memory = system_memory;
    s->pci_memory = pci_memory;
    s->ram = ram;
    if (!pci_realize_and_unref(d, phb->bus, errp)) {
        return NULL;
    }
    return phb->bus;
}

static void i440fx_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = i440fx_realize;
    k->config_write = i440fx_write_config;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = PCI_DEVICE_ID_INTEL_82441;
    k->revision = 0x02;
    k->class_id = PCI_CLASS_BRIDGE_HOST;
    dc->desc = "Host bridge";
    dc->reset = i440fx_reset;
    /* Part of the chipset: i440fx_init creates it. */
    dc->user_creatable = false;
    dc->hotpluggable = false;
    device_class_set_categories(dc, DEVICE_CATEGORY_BRIDGE);
}

static void i440fx_host_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->fw_name = "pci";
    dc->user_creatable = false;
    device_class_set_categories(dc, DEVICE_CATEGORY_BRIDGE);
}

static const TypeInfo i440fx_types[] = {
    {
        .name = TYPE_I440FX_PCI_DEVICE,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(I440FXState),
        .class_init = i440fx_class_init,
        .interfaces = (InterfaceInfo[]) {
            { INTERFACE_CONVENTIONAL_PCI_DEVICE },
            { },
        },
    },
    {
        .name = TYPE_I440FX_PCI_HOST_BRIDGE,
        .parent = TYPE_PCI_HOST_BRIDGE,
        .instance_size = sizeof(I440FXHost),
        .class_init = i440fx_host_class_init,
    },
};
DEFINE_TYPES(i440fx_types)
