/*
 * Page tables. The x86_64 flavour runs with 4-level tables identity
 * mapping the first 4 GiB in 2 MiB pages from boot; the i386 flavour
 * gets the same mapping through PAE paging from setup_vm(). Every
 * mapping is user-accessible and writable at boot. The helpers split a
 * 2 MiB page into 4 KiB ones when a test touches part of it.
 */
#ifndef GUEST_VM_H
#define GUEST_VM_H

#include "guest.h"

#define PAGE_SIZE       4096ul
#define LARGE_PAGE_SIZE (2ul << 20)

#define PT_PRESENT      BIT_ULL(0)
#define PT_WRITABLE     BIT_ULL(1)
#define PT_USER         BIT_ULL(2)
#define PT_PWT          BIT_ULL(3)
#define PT_PCD          BIT_ULL(4)
#define PT_ACCESSED     BIT_ULL(5)
#define PT_DIRTY        BIT_ULL(6)
#define PT_PAGE_SIZE    BIT_ULL(7)
#define PT_GLOBAL       BIT_ULL(8)
#define PT_NX           BIT_ULL(63)
#define PT_ADDR_MASK    0x000ffffffffff000ull

/* #PF error code bits */
#define PFERR_PRESENT   BIT(0)
#define PFERR_WRITE     BIT(1)
#define PFERR_USER      BIT(2)
#define PFERR_RSVD      BIT(3)
#define PFERR_FETCH     BIT(4)

typedef u64 pteval_t;

/* Turns paging on (i386: PAE with the boot tables; x86_64: already). */
void setup_vm(void);
/* Sets EFER.NXE if CPUID has NX; false otherwise. */
bool enable_nx(void);
/* The last-level entry mapping va (a 2 MiB entry if not split); NULL
 * if a level on the way is not present. level gets 1 or 2. */
pteval_t *get_pte(ulong va, int *level);
/* The 4 KiB entry for va, splitting a 2 MiB page (and creating missing
 * tables) on the way. */
pteval_t *get_pte_4k(ulong va);
/* Maps va to pa with flags (PT_PRESENT etc.) and invalidates va. */
pteval_t *install_page(ulong va, u64 pa, pteval_t flags);
/* Clears the present bit and invalidates va. */
void unmap_page(ulong va);
/* Sets and clears flag bits of va's 4 KiB entry and invalidates va. */
void set_pte_flags(ulong va, pteval_t set, pteval_t clear);
/* Reloads CR3: flushes all non-global TLB entries. */
void flush_tlb(void);

#endif
