/* Page-table walks and edits for 4-level (x86_64) and PAE (i386) paging. */
#include "vm.h"
#include "processor.h"

extern u64 boot_pae_pdpt[];

#ifdef __x86_64__
#define LEVELS 4
#else
#define LEVELS 3
#endif

static unsigned index_of(ulong va, int level)
{
    unsigned shift = 12 + 9 * (level - 1);

    return ((u64)va >> shift) & (level == 3 && LEVELS == 3 ? 3 : 511);
}

static pteval_t *root(void)
{
#ifdef __x86_64__
    return (pteval_t *)(read_cr3() & PT_ADDR_MASK);
#else
    return (pteval_t *)(read_cr3() & ~0x1ful);
#endif
}

void setup_vm(void)
{
#ifndef __x86_64__
    if (read_cr0() & X86_CR0_PG) {
        return;
    }
    write_cr4(read_cr4() | X86_CR4_PAE);
    write_cr3((ulong)boot_pae_pdpt);
    write_cr0(read_cr0() | X86_CR0_PG);
#endif
}

bool enable_nx(void)
{
    if (!cpu_has(X86_FEATURE_NX)) {
        return false;
    }
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
    return true;
}

void flush_tlb(void)
{
    write_cr3(read_cr3());
}

pteval_t *get_pte(ulong va, int *level)
{
    pteval_t *table = root();

    for (int l = LEVELS; l >= 1; l--) {
        pteval_t *e = &table[index_of(va, l)];

        if (l == 1 || (l == 2 && (*e & PT_PAGE_SIZE))) {
            *level = l;
            return e;
        }
        if (!(*e & PT_PRESENT)) {
            return NULL;
        }
        table = (pteval_t *)(ulong)(*e & PT_ADDR_MASK);
    }
    return NULL;
}

/* The flags of an upper-level entry: as permissive as possible; the
 * last level decides. PAE PDPTEs take only the present bit. */
static pteval_t table_flags(int level)
{
    if (LEVELS == 3 && level == 3) {
        return PT_PRESENT;
    }
    return PT_PRESENT | PT_WRITABLE | PT_USER;
}

pteval_t *get_pte_4k(ulong va)
{
    pteval_t *table = root();

    for (int l = LEVELS; l > 1; l--) {
        pteval_t *e = &table[index_of(va, l)];

        if (!(*e & PT_PRESENT)) {
            *e = (ulong)alloc_page() | table_flags(l);
        } else if (l == 2 && (*e & PT_PAGE_SIZE)) {
            pteval_t *pt = alloc_page();
            pteval_t big = *e;
            /* Keep the attributes; the 2 MiB PAT bit (12) is an address
             * bit in a 4 KiB entry. */
            pteval_t flags = big & ~PT_ADDR_MASK & ~PT_PAGE_SIZE;
            u64 base = big & PT_ADDR_MASK & ~(LARGE_PAGE_SIZE - 1);

            for (int i = 0; i < 512; i++) {
                pt[i] = (base + i * PAGE_SIZE) | flags;
            }
            *e = (ulong)pt | table_flags(2);
            flush_tlb();
        }
        table = (pteval_t *)(ulong)(*e & PT_ADDR_MASK);
    }
    return &table[index_of(va, 1)];
}

pteval_t *install_page(ulong va, u64 pa, pteval_t flags)
{
    pteval_t *pte = get_pte_4k(va);

    *pte = (pa & PT_ADDR_MASK) | flags;
    invlpg((void *)va);
    return pte;
}

void unmap_page(ulong va)
{
    set_pte_flags(va, 0, PT_PRESENT);
}

void set_pte_flags(ulong va, pteval_t set, pteval_t clear)
{
    pteval_t *pte = get_pte_4k(va);

    *pte = (*pte & ~clear) | set;
    invlpg((void *)va);
}
