/*
 * RAM blocks at block granularity, for migration and TCG. Offsets are
 * relative to the block; one dirty bit per TARGET_PAGE_SIZE page.
 */
#ifndef EXEC_RAMBLOCK_H
#define EXEC_RAMBLOCK_H

#include "exec/memory.h"

/*
 * DIRTY_MEMORY_CODE: a clear bit means the page holds translated code.
 * TCG clears bits with ram_block_protect_code(); a later write to such a
 * page calls the hook (to invalidate the translations) and sets the bit
 * again. Without a hook, code tracking costs nothing.
 */
typedef void RAMCodeWriteFn(RAMBlock *rb, uint64_t offset, uint64_t len);
void ram_block_set_code_write_hook(RAMCodeWriteFn *fn);
void ram_block_protect_code(RAMBlock *rb, uint64_t offset, uint64_t len);

/* Dirty bits of one client; ranges are clipped to the block. */
bool ram_block_get_dirty(RAMBlock *rb, uint64_t offset, uint64_t len,
                         unsigned client);
bool ram_block_test_and_clear_dirty(RAMBlock *rb, uint64_t offset,
                                    uint64_t len, unsigned client);
void ram_block_set_dirty(RAMBlock *rb, uint64_t offset, uint64_t len,
                         unsigned client);
/* Number of target pages in the block (bitmap length in bits). */
uint64_t ram_block_nr_pages(const RAMBlock *rb);

#endif
