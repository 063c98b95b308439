/*
 * Private to memory/: the FlatView representation and the hooks the parts
 * of the memory API use to talk to each other.
 */
#ifndef MEMORY_INTERNAL_H
#define MEMORY_INTERNAL_H

#include "exec/memory.h"

/* 2^64 and friends: range arithmetic never overflows in 128 bits. */
typedef unsigned __int128 u128;
typedef __int128 s128;
#define U128_2_64 ((u128)1 << 64)

static inline u128 mr_size128(const MemoryRegion *mr)
{
    return mr->size == UINT64_MAX ? U128_2_64 : (u128)mr->size;
}

/* One piece of the flattened view: [addr, last] (inclusive, so the whole
 * 2^64 space fits) maps to mr at offset_in_region. */
typedef struct FlatRange {
    MemoryRegion *mr;
    hwaddr offset_in_region;
    hwaddr addr;
    hwaddr last;
    uint8_t dirty_log_mask;
    bool readonly;
    bool nonvolatile;
    bool romd_mode;
} FlatRange;

struct FlatView {
    int ref;                      /* atomic */
    uint64_t gen;                 /* unique per rendering, never reused */
    MemoryRegion *root;
    FlatRange *ranges;            /* sorted by addr, non-overlapping */
    unsigned nr;
    unsigned nr_alloc;
};

static inline u128 fr_size128(const FlatRange *fr)
{
    return (u128)fr->last - fr->addr + 1;
}

/* flatview.c */
FlatView *flatview_render(MemoryRegion *root);
void flatview_ref(FlatView *fv);
void flatview_unref(FlatView *fv);
/* The range containing addr, or NULL. */
FlatRange *flatview_lookup(FlatView *fv, hwaddr addr);
/* First range starting above addr (to size a hole), or NULL. */
FlatRange *flatview_next_after(FlatView *fv, hwaddr addr);
MemoryRegionSection flatrange_to_section(FlatView *fv, const FlatRange *fr);
/* Marks the topology dirty; rebuilds now unless inside a transaction. */
void memory_region_update_pending_set(void);
/* Every address space, in creation order. */
GList *memory_address_spaces(void);
extern bool global_dirty_log;

/* region.c */
uint8_t memory_region_effective_log_mask(MemoryRegion *mr);
/* True for ROM devices whose reads currently go to RAM. */
bool memory_region_romd_reads(const MemoryRegion *mr);

/* dispatch.c */
MemTxResult flatview_rw(FlatView *fv, hwaddr addr, MemTxAttrs attrs,
                        uint8_t *buf, hwaddr len, bool is_write,
                        bool rom_write);

/* ramblock.c */
RAMBlock *ram_block_new(MemoryRegion *mr, uint64_t size, uint64_t max_size,
                        int fd, uint64_t fd_offset, bool shared, void *host,
                        Error **errp);
void ram_block_free(RAMBlock *rb);
/* Records a write of [offset, offset+len) for the clients in mask, and
 * tells TCG about pages that held translated code. */
void ram_block_dirty_range(RAMBlock *rb, uint64_t offset, uint64_t len,
                           uint8_t mask);
RAMBlock *ram_block_from_host(void *host, uint64_t *offset);

#endif
