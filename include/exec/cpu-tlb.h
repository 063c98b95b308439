/*
 * The soft TLB: a direct-mapped table per mmu index, looked up inline by
 * the native backend on every guest load and store.
 *
 * Fast path for an access of size S at guest virtual address A with mmu
 * index M (see docs/devel/tcg.md):
 *   e = &cpu->tlb.table[M][(A >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1)]
 *   cmp = load ? e->addr_read : e->addr_write
 *   hit if ((A & TARGET_PAGE_MASK) == cmp) and the access does not cross
 *   the page ((A & ~TARGET_PAGE_MASK) + S <= TARGET_PAGE_SIZE);
 *   host address = A + e->addend.
 * Any TLB_* flag in the compared field makes the compare fail, so MMIO,
 * pages with translated code (writes) and invalid entries take the slow
 * path (helper_ld_mmu / helper_st_mmu).
 */
#ifndef EXEC_CPU_TLB_H
#define EXEC_CPU_TLB_H

#include "qemu/osdep.h"

#ifndef TARGET_PAGE_BITS      /* also in exec/memory.h */
#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1 << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(uint64_t)(TARGET_PAGE_SIZE - 1))
#endif

#define CPU_TLB_BITS 10
#define CPU_TLB_SIZE (1 << CPU_TLB_BITS)
/* x86: see MMU_*_IDX in target/i386/cpu.h */
#define NB_MMU_MODES 4

/* Flags in the low bits of addr_read/addr_write/addr_code. */
#define TLB_INVALID_MASK (1ULL << 0)   /* empty entry (value -1 also) */
#define TLB_MMIO         (1ULL << 1)   /* not RAM: dispatch through memory API */
#define TLB_NOTDIRTY     (1ULL << 2)   /* page has TBs: writes check SMC */
#define TLB_WATCHPOINT   (1ULL << 3)
#define TLB_FLAGS_MASK   0xfffULL

typedef struct CPUTLBEntry {
    uint64_t addr_read;
    uint64_t addr_write;
    uint64_t addr_code;
    uintptr_t addend;             /* host address - guest virtual address */
} CPUTLBEntry;

/* What the slow path needs beyond the fast-path entry. */
typedef struct CPUTLBEntryFull {
    uint64_t phys_addr;           /* guest physical page */
    int prot;                     /* PAGE_READ | PAGE_WRITE | PAGE_EXEC */
    void *mr;                     /* MemoryRegion * for MMIO */
    uint64_t mr_offset;           /* page's offset inside mr */
} CPUTLBEntryFull;

#define PAGE_READ  1
#define PAGE_WRITE 2
#define PAGE_EXEC  4

typedef struct CPUTLB {
    CPUTLBEntry table[NB_MMU_MODES][CPU_TLB_SIZE];
    CPUTLBEntryFull full[NB_MMU_MODES][CPU_TLB_SIZE];
} CPUTLB;

#endif
