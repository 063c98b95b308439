/*
 * MemoryRegion: initialisation, the tree (subregions ordered by priority),
 * and the setters that change the guest-visible layout. Every layout change
 * ends in memory_region_update_pending_set(), which rebuilds the FlatViews
 * now or at the end of the enclosing transaction.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "exec/memory.h"
#include "memory-internal.h"

void memory_region_init(MemoryRegion *mr, Object *owner, const char *name,
                        uint64_t size)
{
    memset(mr, 0, sizeof(*mr));
    mr->owner = owner;
    mr->name = g_strdup(name);
    mr->size = size;
    mr->enabled = true;
    mr->romd_mode = true;
}

void memory_region_init_io(MemoryRegion *mr, Object *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size)
{
    memory_region_init(mr, owner, name, size);
    mr->ops = ops;
    mr->opaque = opaque;
    mr->terminates = true;
}

static bool init_ram_common(MemoryRegion *mr, Object *owner, const char *name,
                           uint64_t size, uint64_t max_size, int fd,
                           uint64_t offset, bool shared, void *host,
                           Error **errp)
{
    memory_region_init(mr, owner, name, size);
    mr->ram = true;
    mr->terminates = true;
    if (size == 0 || size == UINT64_MAX) {
        error_setg(errp, "cannot set up guest memory '%s': invalid size",
                   name ? name : "");
        g_clear_pointer(&mr->name, g_free);
        return false;
    }
    mr->ram_block = ram_block_new(mr, size, max_size, fd, offset, shared,
                                  host, errp);
    if (!mr->ram_block) {
        g_clear_pointer(&mr->name, g_free);
        return false;
    }
    return true;
}

bool memory_region_init_ram(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp)
{
    return init_ram_common(mr, owner, name, size, size, -1, 0, false, NULL,
                           errp);
}

bool memory_region_init_resizeable_ram(MemoryRegion *mr, Object *owner,
                                       const char *name, uint64_t size,
                                       uint64_t max_size, Error **errp)
{
    if (max_size < size) {
        error_setg(errp, "cannot set up guest memory '%s': maximum size "
                   "0x%" PRIx64 " below size 0x%" PRIx64, name, max_size,
                   size);
        return false;
    }
    return init_ram_common(mr, owner, name, size, max_size, -1, 0, false,
                           NULL, errp);
}

bool memory_region_init_ram_from_fd(MemoryRegion *mr, Object *owner,
                                    const char *name, uint64_t size,
                                    bool shared, int fd, uint64_t offset,
                                    Error **errp)
{
    return init_ram_common(mr, owner, name, size, size, fd, offset, shared,
                           NULL, errp);
}

void memory_region_init_ram_ptr(MemoryRegion *mr, Object *owner,
                                const char *name, uint64_t size, void *ptr)
{
    /* Only a duplicate block name can fail here: a programming error. */
    init_ram_common(mr, owner, name, size, size, -1, 0, false, ptr,
                    &error_abort);
}

bool memory_region_init_rom(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp)
{
    if (!memory_region_init_ram(mr, owner, name, size, errp)) {
        return false;
    }
    mr->readonly = true;
    return true;
}

bool memory_region_init_rom_device(MemoryRegion *mr, Object *owner,
                                   const MemoryRegionOps *ops, void *opaque,
                                   const char *name, uint64_t size,
                                   Error **errp)
{
    if (!memory_region_init_ram(mr, owner, name, size, errp)) {
        return false;
    }
    mr->ram = false;
    mr->rom_device = true;
    mr->ops = ops;
    mr->opaque = opaque;
    return true;
}

void memory_region_init_alias(MemoryRegion *mr, Object *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size)
{
    memory_region_init(mr, owner, name, size);
    mr->alias = orig;
    mr->alias_offset = offset;
}

void memory_region_finalize(MemoryRegion *mr)
{
    memory_region_transaction_begin();
    if (mr->container) {
        memory_region_del_subregion(mr->container, mr);
    }
    while (mr->subregions) {
        memory_region_del_subregion(mr, mr->subregions->data);
    }
    memory_region_transaction_commit();
    if (mr->destructor) {
        mr->destructor(mr);
    }
    if (mr->ram_block) {
        ram_block_free(mr->ram_block);
        mr->ram_block = NULL;
    }
    g_clear_pointer(&mr->name, g_free);
}

/*
 * Higher priority first; a newcomer goes before the existing regions of
 * equal priority, so among equals the one added last wins.
 */
static void add_subregion_common(MemoryRegion *mr, hwaddr offset,
                                 MemoryRegion *sub)
{
    GList *l;

    assert(!sub->container);
    sub->container = mr;
    sub->addr = offset;
    for (l = mr->subregions; l; l = l->next) {
        MemoryRegion *other = l->data;
        if (sub->priority >= other->priority) {
            break;
        }
    }
    mr->subregions = g_list_insert_before(mr->subregions, l, sub);
    memory_region_update_pending_set();
}

void memory_region_add_subregion(MemoryRegion *mr, hwaddr offset,
                                 MemoryRegion *subregion)
{
    subregion->priority = 0;
    add_subregion_common(mr, offset, subregion);
}

void memory_region_add_subregion_overlap(MemoryRegion *mr, hwaddr offset,
                                         MemoryRegion *subregion,
                                         int priority)
{
    subregion->priority = priority;
    add_subregion_common(mr, offset, subregion);
}

void memory_region_del_subregion(MemoryRegion *mr, MemoryRegion *subregion)
{
    assert(subregion->container == mr);
    subregion->container = NULL;
    mr->subregions = g_list_remove(mr->subregions, subregion);
    memory_region_update_pending_set();
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled == enabled) {
        return;
    }
    mr->enabled = enabled;
    memory_region_update_pending_set();
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    MemoryRegion *container = mr->container;

    if (mr->addr == addr) {
        return;
    }
    if (!container) {
        mr->addr = addr;
        return;
    }
    /* Re-adding keeps the priority; among equals it now counts as newest. */
    memory_region_transaction_begin();
    memory_region_del_subregion(container, mr);
    add_subregion_common(container, addr, mr);
    memory_region_transaction_commit();
}

void memory_region_set_size(MemoryRegion *mr, uint64_t size)
{
    if (mr->ram_block && (size == 0 || size > mr->ram_block->used_length)) {
        /* A RAM region never shows more than its block holds. */
        error_report("memory region '%s': size 0x%" PRIx64 " exceeds its "
                     "RAM (0x%" PRIx64 "); use memory_region_ram_resize",
                     mr->name, size, mr->ram_block->used_length);
        return;
    }
    if (mr->size == size) {
        return;
    }
    mr->size = size;
    memory_region_update_pending_set();
}

bool memory_region_ram_resize(MemoryRegion *mr, uint64_t newsize,
                              Error **errp)
{
    RAMBlock *rb = mr->ram_block;

    if (!rb) {
        error_setg(errp, "memory region '%s' is not RAM", mr->name);
        return false;
    }
    if (newsize == 0 || newsize > rb->max_length) {
        error_setg(errp, "Size too large: %s: 0x%" PRIx64 " > 0x%" PRIx64,
                   rb->idstr, newsize, rb->max_length);
        return false;
    }
    if (newsize < rb->used_length) {
        /* Hand the tail back so a later grow reads zeroes. */
        uint64_t start = QEMU_ALIGN_UP(newsize, rb->page_size);
        if (start < rb->used_length) {
            ram_block_discard_range(rb, start, rb->used_length - start);
        }
    }
    rb->used_length = newsize;
    if (mr->size != newsize) {
        mr->size = newsize;
        memory_region_update_pending_set();
    }
    return true;
}

void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset)
{
    if (mr->alias_offset == offset) {
        return;
    }
    mr->alias_offset = offset;
    memory_region_update_pending_set();
}

void memory_region_set_readonly(MemoryRegion *mr, bool readonly)
{
    if (mr->readonly == readonly) {
        return;
    }
    mr->readonly = readonly;
    memory_region_update_pending_set();
}

void memory_region_rom_device_set_romd(MemoryRegion *mr, bool romd_mode)
{
    if (mr->romd_mode == romd_mode) {
        return;
    }
    mr->romd_mode = romd_mode;
    memory_region_update_pending_set();
}

void memory_region_ref(MemoryRegion *mr)
{
    if (mr && mr->owner) {
        object_ref(mr->owner);
    }
}

void memory_region_unref(MemoryRegion *mr)
{
    if (mr && mr->owner) {
        object_unref(mr->owner);
    }
}

uint64_t memory_region_size(MemoryRegion *mr)
{
    return mr->size;
}

const char *memory_region_name(const MemoryRegion *mr)
{
    return mr->name ? mr->name : "";
}

bool memory_region_is_ram(MemoryRegion *mr)
{
    return mr->ram;
}

bool memory_region_is_rom(MemoryRegion *mr)
{
    return mr->ram && mr->readonly;
}

bool memory_region_is_mapped(MemoryRegion *mr)
{
    return mr->container != NULL;
}

bool memory_region_romd_reads(const MemoryRegion *mr)
{
    return mr->rom_device && mr->romd_mode;
}

/* Follows aliases down to the region holding the RAM; *offset accumulates
 * the alias offsets. */
static MemoryRegion *resolve_alias(MemoryRegion *mr, hwaddr *offset)
{
    while (mr->alias) {
        *offset += mr->alias_offset;
        mr = mr->alias;
    }
    return mr;
}

void *memory_region_get_ram_ptr(MemoryRegion *mr)
{
    hwaddr offset = 0;

    mr = resolve_alias(mr, &offset);
    if (!mr->ram_block || offset >= mr->ram_block->max_length) {
        return NULL;
    }
    return mr->ram_block->host + offset;
}

int memory_region_get_fd(MemoryRegion *mr)
{
    hwaddr offset = 0;

    mr = resolve_alias(mr, &offset);
    return mr->ram_block ? mr->ram_block->fd : -1;
}

Object *memory_region_owner(MemoryRegion *mr)
{
    return mr->owner;
}

uint8_t memory_region_effective_log_mask(MemoryRegion *mr)
{
    uint8_t mask;

    if (!mr->ram_block) {
        return 0;
    }
    mask = mr->dirty_log_mask;
    if (global_dirty_log) {
        mask |= 1 << DIRTY_MEMORY_MIGRATION;
    }
    return mask;
}

void memory_region_set_log(MemoryRegion *mr, bool log, unsigned client)
{
    uint8_t mask;

    if (client >= DIRTY_MEMORY_NUM) {
        return;
    }
    mask = mr->dirty_log_mask;
    if (log) {
        mask |= 1 << client;
    } else {
        mask &= ~(1 << client);
    }
    if (mask == mr->dirty_log_mask) {
        return;
    }
    mr->dirty_log_mask = mask;
    /* The FlatView diff turns the mask change into log_start/log_stop. */
    memory_region_update_pending_set();
}

void memory_region_set_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size)
{
    hwaddr offset = addr;

    mr = resolve_alias(mr, &offset);
    if (mr->ram_block) {
        ram_block_dirty_range(mr->ram_block, offset, size,
                              memory_region_effective_log_mask(mr));
    }
}
