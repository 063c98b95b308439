/*
 * The memory API. A MemoryRegion tree (containers, RAM, ROM, MMIO, aliases,
 * with priorities for overlap) is flattened into a FlatView per AddressSpace
 * whenever it changes; listeners (KVM memslots, TCG TLB flush, ...) hear the
 * difference. All guest memory access goes through an AddressSpace.
 */
#ifndef EXEC_MEMORY_H
#define EXEC_MEMORY_H

#include "qemu/osdep.h"
#include "qom/object.h"

typedef enum device_endian {
    DEVICE_NATIVE_ENDIAN,
    DEVICE_BIG_ENDIAN,
    DEVICE_LITTLE_ENDIAN,
} device_endian;

typedef uint32_t MemTxResult;
#define MEMTX_OK 0
#define MEMTX_ERROR (1U << 0)          /* device returned an error */
#define MEMTX_DECODE_ERROR (1U << 1)   /* nothing at that address */
#define MEMTX_ACCESS_ERROR (1U << 2)   /* e.g. write to read-only */

typedef struct MemTxAttrs {
    unsigned int unspecified:1;
    unsigned int secure:1;
    unsigned int user:1;
    unsigned int requester_id:16;
} MemTxAttrs;
#define MEMTXATTRS_UNSPECIFIED ((MemTxAttrs) { .unspecified = 1 })

typedef struct MemoryRegionOps {
    uint64_t (*read)(void *opaque, hwaddr addr, unsigned size);
    void (*write)(void *opaque, hwaddr addr, uint64_t data, unsigned size);
    /* Optional variants that can report errors; used instead when set. */
    MemTxResult (*read_with_attrs)(void *opaque, hwaddr addr, uint64_t *data,
                                   unsigned size, MemTxAttrs attrs);
    MemTxResult (*write_with_attrs)(void *opaque, hwaddr addr, uint64_t data,
                                    unsigned size, MemTxAttrs attrs);
    device_endian endianness;
    /* What the guest may do: other accesses are rejected (reads return all
     * ones, writes are dropped, LOG_GUEST_ERROR). 0 means 1 / 4. */
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
    } valid;
    /* What the callbacks implement: larger or smaller accesses are split
     * or combined by the core. 0 means 1 / 4. */
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
    } impl;
} MemoryRegionOps;

/* Dirty-bitmap clients. */
#define DIRTY_MEMORY_VGA       0
#define DIRTY_MEMORY_CODE      1
#define DIRTY_MEMORY_MIGRATION 2
#define DIRTY_MEMORY_NUM       3

struct MemoryRegion {
    Object *owner;
    char *name;
    uint64_t size;                /* UINT64_MAX means 2^64 */
    hwaddr addr;                  /* offset in the container */
    MemoryRegion *container;
    MemoryRegion *alias;
    hwaddr alias_offset;
    int32_t priority;
    bool enabled;
    bool ram;
    bool rom_device;
    bool readonly;                /* ROM: writes are ignored */
    bool is_iommu;
    bool terminates;              /* RAM or MMIO (not a container/alias) */
    bool nonvolatile;
    uint8_t dirty_log_mask;       /* 1 << DIRTY_MEMORY_* being logged */
    const MemoryRegionOps *ops;
    void *opaque;
    RAMBlock *ram_block;
    GList *subregions;            /* by priority, highest first */
    unsigned ioeventfd_nb;
    void *ioeventfds;
    uint32_t refcount_owner_less;
    void (*destructor)(MemoryRegion *mr);
    /* ROM device: reads come from RAM while set (the default). */
    bool romd_mode;
};

/* A contiguous range of the flattened view. */
struct MemoryRegionSection {
    uint64_t size;                /* 0 means 2^64 */
    MemoryRegion *mr;
    FlatView *fv;
    hwaddr offset_within_region;
    hwaddr offset_within_address_space;
    bool readonly;
    bool nonvolatile;
};

struct AddressSpace {
    char *name;
    MemoryRegion *root;
    FlatView *current_map;
    GList *listeners;
};

/* Listener callbacks run with the global lock held, inside a transaction:
 * begin, then region_del / region_add / region_nop for each section, then
 * commit. log_* follow dirty logging on/off for a section. */
struct MemoryListener {
    const char *name;
    void (*begin)(MemoryListener *listener);
    void (*commit)(MemoryListener *listener);
    void (*region_add)(MemoryListener *listener, MemoryRegionSection *sec);
    void (*region_del)(MemoryListener *listener, MemoryRegionSection *sec);
    void (*region_nop)(MemoryListener *listener, MemoryRegionSection *sec);
    void (*log_start)(MemoryListener *listener, MemoryRegionSection *sec,
                      int old_mask, int new_mask);
    void (*log_stop)(MemoryListener *listener, MemoryRegionSection *sec,
                     int old_mask, int new_mask);
    void (*log_sync)(MemoryListener *listener, MemoryRegionSection *sec);
    void (*log_global_start)(MemoryListener *listener);
    void (*log_global_stop)(MemoryListener *listener);
    unsigned priority;            /* add in ascending, del in descending */
    AddressSpace *address_space;
};

/* Initialisation. owner may be NULL; name is copied. */
void memory_region_init(MemoryRegion *mr, Object *owner, const char *name,
                        uint64_t size);
void memory_region_init_io(MemoryRegion *mr, Object *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size);
/* Anonymous RAM (mmap). */
bool memory_region_init_ram(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp);
/* RAM backed by an fd (memfd / file); offset into the fd; shared selects
 * MAP_SHARED. */
bool memory_region_init_ram_from_fd(MemoryRegion *mr, Object *owner,
                                    const char *name, uint64_t size,
                                    bool shared, int fd, uint64_t offset,
                                    Error **errp);
/* RAM at an existing host pointer (not freed by us). */
void memory_region_init_ram_ptr(MemoryRegion *mr, Object *owner,
                                const char *name, uint64_t size, void *ptr);
/* ROM: RAM the guest cannot write. */
bool memory_region_init_rom(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp);
/* Reads from RAM, writes go to ops->write. */
bool memory_region_init_rom_device(MemoryRegion *mr, Object *owner,
                                   const MemoryRegionOps *ops, void *opaque,
                                   const char *name, uint64_t size,
                                   Error **errp);
void memory_region_init_alias(MemoryRegion *mr, Object *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size);
void memory_region_finalize(MemoryRegion *mr);

/* Tree building. Every change triggers a FlatView rebuild (batched inside
 * a transaction). */
void memory_region_add_subregion(MemoryRegion *mr, hwaddr offset,
                                 MemoryRegion *subregion);
void memory_region_add_subregion_overlap(MemoryRegion *mr, hwaddr offset,
                                         MemoryRegion *subregion,
                                         int priority);
void memory_region_del_subregion(MemoryRegion *mr, MemoryRegion *subregion);
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);
void memory_region_set_size(MemoryRegion *mr, uint64_t size);
void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset);
void memory_region_set_readonly(MemoryRegion *mr, bool readonly);
void memory_region_transaction_begin(void);
void memory_region_transaction_commit(void);
/* ROM device: romd on = reads from RAM, off = reads go to ops->read. */
void memory_region_rom_device_set_romd(MemoryRegion *mr, bool romd_mode);
/* Keep the owner (and so the region) alive, e.g. across a DMA mapping. */
void memory_region_ref(MemoryRegion *mr);
void memory_region_unref(MemoryRegion *mr);

/* Queries. */
uint64_t memory_region_size(MemoryRegion *mr);
const char *memory_region_name(const MemoryRegion *mr);
bool memory_region_is_ram(MemoryRegion *mr);
bool memory_region_is_rom(MemoryRegion *mr);
bool memory_region_is_mapped(MemoryRegion *mr);
void *memory_region_get_ram_ptr(MemoryRegion *mr);
int memory_region_get_fd(MemoryRegion *mr);
Object *memory_region_owner(MemoryRegion *mr);
/* Finds what is mapped at addr in the flattened view of mr's tree; the
 * section's mr is NULL if nothing is. */
MemoryRegionSection memory_region_find(MemoryRegion *mr, hwaddr addr,
                                       uint64_t size);

/*
 * One access of size 1/2/4/8 at addr within an MMIO (or ROM device)
 * region, as a CPU issues it: checked against ops.valid (rejected: reads
 * give all ones, writes are dropped, MEMTX_DECODE_ERROR), then split or
 * widened to ops.impl. *data is the little-endian value of the bytes.
 */
MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *data, unsigned size,
                                        MemTxAttrs attrs);
MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t data, unsigned size,
                                         MemTxAttrs attrs);
/* Whether ops.valid allows this access (and the region has callbacks). */
bool memory_region_access_valid(MemoryRegion *mr, hwaddr addr,
                                unsigned size, bool is_write);

/* Dirty tracking for RAM regions. */
void memory_region_set_log(MemoryRegion *mr, bool log, unsigned client);
void memory_region_set_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size);
bool memory_region_get_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                             unsigned client);
/* Returns whether any page in the range was dirty and clears them. */
bool memory_region_test_and_clear_dirty(MemoryRegion *mr, hwaddr addr,
                                        hwaddr size, unsigned client);
void memory_region_reset_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                               unsigned client);
/* Asks listeners (KVM) to pull their dirty logs into the bitmaps. */
void memory_global_dirty_log_sync(void);
void memory_global_dirty_log_start(void);
void memory_global_dirty_log_stop(void);

/* Address spaces. */
void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name);
void address_space_destroy(AddressSpace *as);
MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write);
MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, void *buf, hwaddr len);
MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf, hwaddr len);
/* Writes even to ROM (for loading firmware). */
MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    MemTxAttrs attrs, const void *buf,
                                    hwaddr len);
/* Fixed-size little-endian accessors; result may be NULL. */
uint8_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                           MemTxResult *result);
uint16_t address_space_lduw_le(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result);
uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result);
void address_space_stb(AddressSpace *as, hwaddr addr, uint8_t val,
                       MemTxAttrs attrs, MemTxResult *result);
void address_space_stw_le(AddressSpace *as, hwaddr addr, uint16_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result);
/* Fills len bytes with c. */
MemTxResult address_space_set(AddressSpace *as, hwaddr addr, uint8_t c,
                              hwaddr len, MemTxAttrs attrs);

/*
 * Direct access for DMA: maps up to *plen bytes of RAM at addr (shortening
 * *plen at the end of a RAM section); returns NULL if addr is not RAM or
 * out of range. Non-RAM (MMIO) targets get a bounce buffer (one at a time).
 * unmap marks written RAM dirty.
 */
void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs);
void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                         bool is_write, hwaddr access_len);
/* True if [addr, addr+len) can be accessed (is mapped, RAM or MMIO). */
bool address_space_access_valid(AddressSpace *as, hwaddr addr, hwaddr len,
                                bool is_write, MemTxAttrs attrs);

/* Whether dirty logging for migration is on (memory_global_dirty_log_*). */
bool memory_global_dirty_log_enabled(void);

/* The flattened view: sections in address order. */
FlatView *address_space_to_flatview(AddressSpace *as);

/*
 * A reference on as's current view, for a batch of accesses; drop it
 * with address_space_put_flatview (flatview_unref is also correct, but
 * slower next time). Cheap on a thread that used as before: each thread
 * caches its last views, and a memory map change empties every cache.
 */
FlatView *address_space_get_flatview(AddressSpace *as);
void address_space_put_flatview(AddressSpace *as, FlatView *fv);

/*
 * Direct access to guest RAM for hot paths (the TCG page walker). A span
 * is the RAM range of a view around a guest physical address: host
 * pointers computed from it are valid while a reference on that view is
 * held (RAM stays allocated), and writes through them must be reported
 * with memory_ram_span_notify_write, which sets the dirty bits of the
 * logging clients and invalidates translated code there, as a write
 * through the memory API would.
 */
typedef struct MemoryRamSpan {
    hwaddr addr, last;            /* guest physical, inclusive */
    uint8_t *host;                /* host address of addr */
    RAMBlock *rb;
    uint64_t offset;              /* block offset of addr */
    uint64_t gen;                 /* the view it came from */
    uint8_t dirty_mask;           /* DIRTY_MEMORY_* clients logging it */
    bool writable;                /* false: ROM, read-only alias, romd */
} MemoryRamSpan;

/* False if addr is not RAM (or ROM, or a ROM device in romd mode) in fv. */
bool flatview_ram_span(FlatView *fv, hwaddr addr, MemoryRamSpan *span);
/* Whether span was taken from fv (views are never equal across map
 * changes, even at the same address). */
bool flatview_ram_span_current(FlatView *fv, const MemoryRamSpan *span);
void memory_ram_span_notify_write(const MemoryRamSpan *span, hwaddr addr,
                                  hwaddr len);
void flatview_for_each_range(FlatView *fv,
                             bool (*cb)(hwaddr start, hwaddr len,
                                        MemoryRegion *mr, hwaddr offset_in_region,
                                        void *opaque),
                             void *opaque);

/* Listeners: on register, region_add is called for every current section. */
void memory_listener_register(MemoryListener *listener, AddressSpace *as);
void memory_listener_unregister(MemoryListener *listener);

/* The two global spaces and their roots. */
MemoryRegion *get_system_memory(void);
MemoryRegion *get_system_io(void);
extern AddressSpace address_space_memory;
extern AddressSpace address_space_io;

/* Legacy helpers on address_space_memory. */
void cpu_physical_memory_rw(hwaddr addr, void *buf, hwaddr len,
                            bool is_write);
static inline void cpu_physical_memory_read(hwaddr addr, void *buf,
                                            hwaddr len)
{
    cpu_physical_memory_rw(addr, buf, len, false);
}
static inline void cpu_physical_memory_write(hwaddr addr, const void *buf,
                                             hwaddr len)
{
    cpu_physical_memory_rw(addr, (void *)buf, len, true);
}

/* Allocates bitmaps for max_size but maps size; grows within max_size via
 * memory_region_ram_resize (fw_cfg blobs, ACPI tables). */
bool memory_region_init_resizeable_ram(MemoryRegion *mr, Object *owner,
                                       const char *name, uint64_t size,
                                       uint64_t max_size, Error **errp);
bool memory_region_ram_resize(MemoryRegion *mr, uint64_t newsize,
                              Error **errp);

/* "info mtree" text (-f for flat view). Disabled regions are left out,
 * as in QEMU, unless disabled (-D) is set. */
void mtree_info(GString *out, bool flatview);
void mtree_info_ext(GString *out, bool flatview, bool disabled);

/* RAM blocks, for migration and balloon. */
struct RAMBlock {
    MemoryRegion *mr;
    char *idstr;
    uint8_t *host;
    uint64_t used_length;
    uint64_t max_length;
    int fd;
    uint64_t fd_offset;
    bool shared;
    unsigned long *dirty[DIRTY_MEMORY_NUM];  /* one bit per target page */
    bool own_host;                /* mapped by us: munmap on free */
    uint64_t page_size;           /* host page size backing it */
};
#ifndef TARGET_PAGE_BITS
#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1 << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(uint64_t)(TARGET_PAGE_SIZE - 1))
#endif
RAMBlock *qemu_ram_block_by_name(const char *name);
void qemu_ram_foreach_block(void (*fn)(RAMBlock *rb, void *opaque),
                            void *opaque);
/* Gives the pages back to the host (MADV_DONTNEED / fallocate punch hole). */
int ram_block_discard_range(RAMBlock *rb, uint64_t start, size_t length);

#endif
