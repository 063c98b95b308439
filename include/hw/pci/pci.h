/*
 * PCI: the bus, the device base type (config space, BARs, INTx, MSI) and
 * the helpers devices and host bridges use.
 *
 * A PCI device subclasses TYPE_PCI_DEVICE, fills PCIDeviceClass (ids,
 * class code, realize) and in realize registers its BARs:
 *
 *     memory_region_init_io(&s->mmio, OBJECT(s), &ops, s, "foo-mmio", 4096);
 *     pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->mmio);
 *
 * The core keeps each BAR's region mapped in the bus's memory or I/O space
 * at the address the guest programmed, while the matching COMMAND decode
 * bit is set. Interrupts: pci_set_irq(pdev, level) on the pin given by
 * config[PCI_INTERRUPT_PIN] (1 = INTA, set it in realize). DMA goes
 * through pci_get_address_space(pdev), which only reaches memory while
 * the guest has set COMMAND.MASTER.
 */
#ifndef HW_PCI_PCI_H
#define HW_PCI_PCI_H

#include "hw/qdev-core.h"
#include "exec/memory.h"
#include "hw/pci/pci_regs.h"
#include "hw/pci/pci_ids.h"

#define TYPE_PCI_DEVICE "pci-device"
#define TYPE_PCI_BUS "PCI"
#define TYPE_PCIE_BUS "PCIE"
/* Interfaces a PCI device type declares in its TypeInfo. */
#define INTERFACE_CONVENTIONAL_PCI_DEVICE "conventional-pci-device"
#define INTERFACE_PCIE_DEVICE "pci-express-device"

#define PCI_DEVFN(slot, func)   ((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn)         (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)         ((devfn) & 0x07)
#define PCI_BUILD_BDF(bus, devfn) (((bus) << 8) | (devfn))
#define PCI_SLOT_MAX            32
#define PCI_FUNC_MAX            8
#define PCI_DEVFN_MAX           256

#define PCI_CONFIG_SPACE_SIZE   0x100
#define PCIE_CONFIG_SPACE_SIZE  0x1000
#define PCI_CONFIG_HEADER_SIZE  0x40

#define PCI_NUM_REGIONS         7       /* BAR0-5 and the expansion ROM */
#define PCI_ROM_SLOT            6
#define PCI_NUM_PINS            4       /* INTA..INTD */

typedef uint64_t pcibus_t;
#define PCI_BAR_UNMAPPED        (~(pcibus_t)0)

typedef void PCIConfigWriteFunc(PCIDevice *pci_dev, uint32_t address,
                                uint32_t data, int len);
typedef uint32_t PCIConfigReadFunc(PCIDevice *pci_dev, uint32_t address,
                                   int len);
/* Host bridge hooks: map_irq turns (device, pin 0..3) into the bus's IRQ
 * index 0..nirq-1 (e.g. PIRQ A..D); set_irq drives that line. */
typedef int (*pci_map_irq_fn)(PCIDevice *pci_dev, int irq_num);
typedef void (*pci_set_irq_fn)(void *opaque, int irq_num, int level);

typedef struct PCIIORegion {
    pcibus_t addr;          /* where it is mapped; PCI_BAR_UNMAPPED if not */
    pcibus_t size;          /* power of two; 0: BAR not implemented */
    uint8_t type;           /* PCI_BASE_ADDRESS_SPACE_IO or memory flags */
    MemoryRegion *memory;
    MemoryRegion *address_space;    /* bus memory or I/O space */
} PCIIORegion;

typedef struct PCIDeviceClass {
    DeviceClass parent_class;

    void (*realize)(PCIDevice *dev, Error **errp);
    void (*exit)(PCIDevice *dev);
    /* NULL: pci_default_read_config / pci_default_write_config. Overrides
     * should call the defaults for registers they do not handle. */
    PCIConfigReadFunc *config_read;
    PCIConfigWriteFunc *config_write;

    uint16_t vendor_id;
    uint16_t device_id;
    uint8_t revision;
    uint16_t class_id;              /* base << 8 | sub (PCI_CLASS_*) */
    uint16_t subsystem_vendor_id;   /* 0: not set */
    uint16_t subsystem_id;
    bool is_bridge;                 /* type 1 header */
    bool is_express;                /* 4 KiB config space */
} PCIDeviceClass;

struct PCIDevice {
    DeviceState qdev;

    /* Config space and its masks, config_size bytes each. */
    uint8_t *config;
    uint8_t *cmask;         /* bits checked on migration load */
    uint8_t *wmask;         /* bits the guest may write */
    uint8_t *w1cmask;       /* bits cleared by writing 1 */
    uint8_t *used;          /* bytes owned by a capability */
    uint32_t config_size;

    int32_t devfn;          /* addr= property; -1: first free slot */
    char name[64];
    bool multifunction;     /* multifunction= property */
    PCIIORegion io_regions[PCI_NUM_REGIONS];

    /* DMA: bus_master_as sees system memory while COMMAND.MASTER is set. */
    AddressSpace bus_master_as;
    MemoryRegion bus_master_container_region;
    MemoryRegion bus_master_enable_region;

    PCIConfigReadFunc *config_read;
    PCIConfigWriteFunc *config_write;

    int irq_state;          /* bit n: pin n asserted by the device */
    int irq_bus_state;      /* pins counted on the bus (not INTx-disabled) */
    uint32_t cap_present;   /* QEMU_PCI_CAP_* */
    uint8_t msi_cap;        /* offset of the MSI capability, 0 if none */
    uint8_t msi_vectors;    /* vectors the capability advertises */
};

struct PCIBus {
    BusState qbus;
    uint8_t devfn_min;
    pci_set_irq_fn set_irq;
    pci_map_irq_fn map_irq;
    void *irq_opaque;
    int nirq;
    int *irq_count;         /* per bus IRQ: number of asserted pins */
    PCIDevice *devices[PCI_DEVFN_MAX];
    PCIDevice *parent_dev;  /* bridge above this bus, NULL for the root */
    MemoryRegion *address_space_mem;
    MemoryRegion *address_space_io;
    int bus_num;            /* 0 for a root bus */
};

#define QEMU_PCI_CAP_MSI        (1u << 0)
#define QEMU_PCI_CAP_MSIX       (1u << 1)
#define QEMU_PCI_CAP_EXPRESS    (1u << 2)
#define QEMU_PCI_CAP_MULTIFUNCTION (1u << 3)

#define PCI_DEVICE(obj) OBJECT_CHECK(PCIDevice, (obj), TYPE_PCI_DEVICE)
#define PCI_DEVICE_CLASS(k) \
    OBJECT_CLASS_CHECK(PCIDeviceClass, (k), TYPE_PCI_DEVICE)
#define PCI_DEVICE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(PCIDeviceClass, (obj), TYPE_PCI_DEVICE)
#define PCI_BUS(obj) OBJECT_CHECK(PCIBus, (obj), TYPE_PCI_BUS)

/*
 * Buses (for host bridges). The root bus is named name ("pci.0"), which
 * -device ...,bus=pci.0 and devices without bus= find.
 */
PCIBus *pci_root_bus_new(DeviceState *parent, const char *name,
                         MemoryRegion *address_space_mem,
                         MemoryRegion *address_space_io,
                         uint8_t devfn_min, const char *typename);
void pci_bus_irqs(PCIBus *bus, pci_set_irq_fn set_irq, pci_map_irq_fn map_irq,
                  void *irq_opaque, int nirq);
/* Standard swizzle of pin by slot: (pin + slot) % 4. */
int pci_swizzle_map_irq_fn(PCIDevice *pci_dev, int pin);
PCIBus *pci_get_bus(const PCIDevice *dev);
int pci_bus_num(PCIBus *bus);
/* The device at devfn on bus number bus_num (below bus), or NULL. */
PCIDevice *pci_find_device(PCIBus *bus, int bus_num, uint8_t devfn);
void pci_for_each_device(PCIBus *bus, int bus_num,
                         void (*fn)(PCIBus *bus, PCIDevice *d, void *opaque),
                         void *opaque);
/* The first root bus created, for boards and -device. */
PCIBus *pci_get_root_bus(void);

/* Creation (board code). devfn -1: first free slot at or above devfn_min. */
PCIDevice *pci_new(int devfn, const char *name);
PCIDevice *pci_new_multifunction(int devfn, bool multifunction,
                                 const char *name);
bool pci_realize_and_unref(PCIDevice *dev, PCIBus *bus, Error **errp);
PCIDevice *pci_create_simple(PCIBus *bus, int devfn, const char *name);
PCIDevice *pci_create_simple_multifunction(PCIBus *bus, int devfn,
                                           bool multifunction,
                                           const char *name);

/* BARs. type: PCI_BASE_ADDRESS_SPACE_IO, or PCI_BASE_ADDRESS_SPACE_MEMORY
 * | PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH. The
 * region's size is rounded up to a power of two (minimum 4 for I/O, 16
 * for memory). A 64-bit BAR takes region_num and region_num + 1. */
void pci_register_bar(PCIDevice *pci_dev, int region_num, uint8_t type,
                      MemoryRegion *memory);
pcibus_t pci_get_bar_addr(PCIDevice *pci_dev, int region_num);
/* Re-evaluates every BAR mapping (after the device changed config). */
void pci_update_mappings(PCIDevice *d);

/* Config space access as the guest sees it (through the host bridge). */
uint32_t pci_default_read_config(PCIDevice *d, uint32_t address, int len);
void pci_default_write_config(PCIDevice *d, uint32_t address, uint32_t val,
                              int len);
/* Dispatch through the device's config_read/config_write, bounds-checked
 * against its config size; used by host bridges. */
uint32_t pci_host_config_read_common(PCIDevice *pci_dev, uint32_t addr,
                                     uint32_t limit, uint32_t len);
void pci_host_config_write_common(PCIDevice *pci_dev, uint32_t addr,
                                  uint32_t limit, uint32_t val, uint32_t len);

/* INTx on the device's interrupt pin. */
void pci_set_irq(PCIDevice *pci_dev, int level);
static inline void pci_irq_assert(PCIDevice *pci_dev)
{
    pci_set_irq(pci_dev, 1);
}
static inline void pci_irq_deassert(PCIDevice *pci_dev)
{
    pci_set_irq(pci_dev, 0);
}
static inline void pci_irq_pulse(PCIDevice *pci_dev)
{
    pci_irq_assert(pci_dev);
    pci_irq_deassert(pci_dev);
}
/* Pin 0..3 of the device (from config[PCI_INTERRUPT_PIN] - 1). */
int pci_intx(PCIDevice *pci_dev);

/* Capabilities: offset 0 picks the first free dword-aligned spot after the
 * header. Returns the offset, or -1 with errp set (overlap, no room). */
int pci_add_capability(PCIDevice *pdev, uint8_t cap_id, uint8_t offset,
                       uint8_t size, Error **errp);
void pci_del_capability(PCIDevice *pci_dev, uint8_t cap_id, uint8_t cap_size);
/* Offset of the first capability with that id, 0 if none. */
uint8_t pci_find_capability(PCIDevice *pci_dev, uint8_t cap_id);

/* DMA. */
AddressSpace *pci_get_address_space(PCIDevice *dev);
static inline MemTxResult pci_dma_read(PCIDevice *dev, hwaddr addr,
                                       void *buf, hwaddr len)
{
    return address_space_read(pci_get_address_space(dev), addr,
                              MEMTXATTRS_UNSPECIFIED, buf, len);
}
static inline MemTxResult pci_dma_write(PCIDevice *dev, hwaddr addr,
                                        const void *buf, hwaddr len)
{
    return address_space_write(pci_get_address_space(dev), addr,
                               MEMTXATTRS_UNSPECIFIED, buf, len);
}

/* Resets config (command, BARs, status, interrupt line) and INTx. */
void pci_device_reset(PCIDevice *dev);

/* Little-endian config accessors. */
static inline void pci_set_byte(uint8_t *config, uint8_t val)
{
    *config = val;
}
static inline uint8_t pci_get_byte(const uint8_t *config)
{
    return *config;
}
static inline void pci_set_word(uint8_t *config, uint16_t val)
{
    config[0] = val;
    config[1] = val >> 8;
}
static inline uint16_t pci_get_word(const uint8_t *config)
{
    return config[0] | (config[1] << 8);
}
static inline void pci_set_long(uint8_t *config, uint32_t val)
{
    pci_set_word(config, val);
    pci_set_word(config + 2, val >> 16);
}
static inline uint32_t pci_get_long(const uint8_t *config)
{
    return pci_get_word(config) | ((uint32_t)pci_get_word(config + 2) << 16);
}
static inline void pci_set_quad(uint8_t *config, uint64_t val)
{
    pci_set_long(config, val);
    pci_set_long(config + 4, val >> 32);
}
static inline uint64_t pci_get_quad(const uint8_t *config)
{
    return pci_get_long(config) | ((uint64_t)pci_get_long(config + 4) << 32);
}
static inline void pci_config_set_vendor_id(uint8_t *c, uint16_t v)
{
    pci_set_word(c + PCI_VENDOR_ID, v);
}
static inline void pci_config_set_device_id(uint8_t *c, uint16_t v)
{
    pci_set_word(c + PCI_DEVICE_ID, v);
}
static inline void pci_config_set_revision(uint8_t *c, uint8_t v)
{
    pci_set_byte(c + PCI_REVISION_ID, v);
}
static inline void pci_config_set_class(uint8_t *c, uint16_t v)
{
    pci_set_word(c + PCI_CLASS_DEVICE, v);
}
static inline void pci_config_set_prog_interface(uint8_t *c, uint8_t v)
{
    pci_set_byte(c + PCI_CLASS_PROG, v);
}
static inline void pci_config_set_interrupt_pin(uint8_t *c, uint8_t v)
{
    pci_set_byte(c + PCI_INTERRUPT_PIN, v);
}

/*
 * MSI (hw/pci/msi.c). A message is a 32-bit little-endian write of the
 * data to the address into system memory (the LAPIC's 0xfee00000 window).
 */
int msi_init(PCIDevice *dev, uint8_t offset, unsigned int nr_vectors,
             bool msi64bit, bool msi_per_vector_mask, Error **errp);
void msi_uninit(PCIDevice *dev);
bool msi_enabled(const PCIDevice *dev);
unsigned int msi_nr_vectors_allocated(const PCIDevice *dev);
/* Sends vector (or sets its pending bit if masked). */
void msi_notify(PCIDevice *dev, unsigned int vector);
/* Called by pci_default_write_config; resends unmasked pending vectors. */
void msi_write_config(PCIDevice *dev, uint32_t addr, uint32_t val, int len);
void msi_reset(PCIDevice *dev);

#endif
