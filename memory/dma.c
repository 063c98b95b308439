/*
 * address_space_map/unmap: zero-copy DMA into RAM, with one bounce buffer
 * for everything else (MMIO, ROM writes). The bounce buffer is small and
 * single: a caller that gets NULL (or a shorter *plen) loops or retries.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "exec/memory.h"
#include "memory-internal.h"

/* Enough for the rare DMA to MMIO; RAM never bounces. */
#define BOUNCE_BUFFER_SIZE (4 * KiB)

static struct {
    bool in_use;                        /* atomic */
    AddressSpace *as;
    hwaddr addr;
    hwaddr len;
    MemTxAttrs attrs;
    uint8_t buffer[BOUNCE_BUFFER_SIZE] __attribute__((aligned(64)));
} bounce;

static bool map_is_direct(const FlatRange *fr, bool is_write)
{
    MemoryRegion *mr = fr->mr;

    if (!mr->ram_block) {
        return false;
    }
    if (is_write) {
        return mr->ram && !fr->readonly;
    }
    return mr->ram || fr->romd_mode;
}

void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs)
{
    hwaddr len = *plen, off, l;
    FlatView *fv;
    FlatRange *fr;
    void *ptr = NULL;

    *plen = 0;
    if (len == 0 || !as->current_map) {
        return NULL;
    }
    fv = address_space_get_flatview(as);
    fr = flatview_lookup(fv, addr);
    if (!fr) {
        goto out;
    }
    off = fr->offset_in_region + (addr - fr->addr);
    l = (hwaddr)MIN((u128)len, (u128)fr->last + 1 - addr);

    if (map_is_direct(fr, is_write)) {
        RAMBlock *rb = fr->mr->ram_block;
        if (off >= rb->used_length) {
            goto out;
        }
        l = MIN(l, rb->used_length - off);
        /* The owner must outlive the mapping, whatever the tree does. */
        memory_region_ref(fr->mr);
        ptr = rb->host + off;
        *plen = l;
        goto out;
    }
    if (__atomic_exchange_n(&bounce.in_use, true, __ATOMIC_ACQUIRE)) {
        goto out;                       /* busy: caller retries later */
    }
    l = MIN(l, (hwaddr)BOUNCE_BUFFER_SIZE);
    bounce.as = as;
    bounce.addr = addr;
    bounce.len = l;
    bounce.attrs = attrs;
    if (!is_write) {
        flatview_rw(fv, addr, attrs, bounce.buffer, l, false, false);
    }
    ptr = bounce.buffer;
    *plen = l;
out:
    flatview_unref(fv);
    return ptr;
}

void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                         bool is_write, hwaddr access_len)
{
    RAMBlock *rb;
    uint64_t off;

    if (!buffer) {
        return;
    }
    if (buffer == bounce.buffer) {
        if (is_write) {
            address_space_write(bounce.as, bounce.addr, bounce.attrs,
                                bounce.buffer, MIN(access_len, bounce.len));
        }
        bounce.as = NULL;
        __atomic_store_n(&bounce.in_use, false, __ATOMIC_RELEASE);
        return;
    }
    rb = ram_block_from_host(buffer, &off);
    if (!rb) {
        error_report("address_space_unmap: %p was not mapped", buffer);
        return;
    }
    if (is_write) {
        ram_block_dirty_range(rb, off, MIN(access_len, len),
                              memory_region_effective_log_mask(rb->mr));
    }
    memory_region_unref(rb->mr);
}
