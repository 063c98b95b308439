/*
 * x86 page walker unit test: page tables built in guest RAM (a RAM
 * region in system memory, no machine, no accelerator), translated with
 * x86_mmu_translate() in every paging mode, checking physical addresses,
 * page sizes, TLB rights, accessed/dirty updates and #PF error codes.
 * Paging rules are facts from the Intel SDM vol. 3 chapter 4.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qapi/error.h"
#include "exec/memory.h"
#include "exec/ramblock.h"
#include "target/i386/tcg/sys-internal.h"
#include "exec/cpu-ldst.h"

#define RAM_SIZE (64 * MiB)

static CPUX86State *env;

static void wq(uint64_t pa, uint64_t v)
{
    address_space_stq_le(&address_space_memory, pa, v,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

static void wl(uint64_t pa, uint32_t v)
{
    address_space_stl_le(&address_space_memory, pa, v,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

static uint64_t rq(uint64_t pa)
{
    return address_space_ldq_le(&address_space_memory, pa,
                                MEMTXATTRS_UNSPECIFIED, NULL);
}

static void clear_tables(void)
{
    address_space_set(&address_space_memory, 0x100000, 0, 0x100000,
                      MEMTXATTRS_UNSPECIFIED);
}

/* Sets the paging mode: 0 off, 1 32-bit, 2 PAE, 4 4-level, 5 5-level. */
static void set_mode(int mode)
{
    env->cr[0] = CR0_PE | CR0_ET | (mode ? CR0_PG : 0);
    env->cr[4] = 0;
    env->efer = 0;
    if (mode >= 2) {
        env->cr[4] |= CR4_PAE;
    }
    if (mode >= 4) {
        env->efer = EFER_LME | EFER_LMA;
    }
    if (mode == 5) {
        env->cr[4] |= CR4_LA57;
    }
    env->cr[3] = 0x100000;
    env->a20_mask = ~0ull;
    env->pkru = 0;
    env->eflags = 2;
    x86_update_hflags(env);
    clear_tables();
}

static bool tr(uint64_t addr, int access, int mmu, X86Translation *t)
{
    memset(t, 0xaa, sizeof(*t));
    return x86_mmu_translate(env, addr, access, mmu, t);
}

static uint32_t fault(uint64_t addr, int access, int mmu)
{
    X86Translation t;

    g_assert_false(tr(addr, access, mmu, &t));
    return t.pf_error;
}

static uint64_t phys(uint64_t addr, int access, int mmu)
{
    X86Translation t;

    g_assert_true(tr(addr, access, mmu, &t));
    return t.paddr;
}

#define URW (PG_P | PG_RW | PG_US)

static void test_paging_off(void)
{
    X86Translation t;

    set_mode(0);
    g_assert_true(tr(0x12345678, 1, MMU_USER_IDX, &t));
    g_assert_cmphex(t.paddr, ==, 0x12345678);
    g_assert_cmpint(t.prot, ==, PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    env->a20_mask = ~(1ull << 20);
    g_assert_cmphex(phys(0x1fffff, 0, MMU_KSMAP_IDX), ==, 0x0fffff);
    /* The physical index ignores paging. */
    set_mode(1);
    g_assert_cmphex(phys(0xabc000, 2, MMU_PHYS_IDX), ==, 0xabc000);
}

static void test_32bit_4k(void)
{
    X86Translation t;

    set_mode(1);
    wl(0x100000 + 4 * 1, 0x101000 | URW);               /* 4M..8M */
    wl(0x101000 + 4 * 2, 0x345000 | URW);               /* 0x402000 */
    g_assert_true(tr(0x402abc, 0, MMU_USER_IDX, &t));
    g_assert_cmphex(t.paddr, ==, 0x345abc);
    g_assert_cmpint(t.page_size, ==, 4096);
    /* A read sets A but not D, and leaves the page read-only in the TLB. */
    g_assert_cmphex(rq(0x101008) & 0xffffffff, ==, 0x345000 | URW | PG_A);
    g_assert_cmphex(rq(0x100004) & 0xffffffff, ==, 0x101000 | URW | PG_A);
    g_assert_cmpint(t.prot, ==, PAGE_READ | PAGE_EXEC);
    /* A write sets D and gets write permission. */
    g_assert_true(tr(0x402abc, 1, MMU_USER_IDX, &t));
    g_assert_cmpint(t.prot, ==, PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    g_assert_cmphex(rq(0x101008) & 0xffffffff, ==,
                    0x345000 | URW | PG_A | PG_D);
    /* Not present: P=0, W and U as accessed. */
    g_assert_cmphex(fault(0x403000, 0, MMU_KSMAP_IDX), ==, 0);
    g_assert_cmphex(fault(0x403000, 1, MMU_USER_IDX), ==, PF_ERR_W | PF_ERR_U);
    g_assert_cmphex(fault(0x800000, 1, MMU_KSMAP_IDX), ==, PF_ERR_W);
    /* The address is truncated to 32 bits outside long mode. */
    g_assert_cmphex(phys(0x100402abcull, 0, MMU_USER_IDX), ==, 0x345abc);
}

static void test_32bit_rights(void)
{
    set_mode(1);
    wl(0x100000, 0x101000 | URW);
    wl(0x101000, 0x200000 | PG_P);                      /* sup, RO */
    wl(0x101004, 0x201000 | PG_P | PG_US);              /* user, RO */
    g_assert_cmphex(fault(0x0000, 0, MMU_USER_IDX), ==, PF_ERR_P | PF_ERR_U);
    g_assert_cmphex(fault(0x1000, 1, MMU_USER_IDX), ==,
                    PF_ERR_P | PF_ERR_W | PF_ERR_U);
    phys(0x1000, 0, MMU_USER_IDX);
    /* Supervisor writes to read-only pages only fault with CR0.WP. */
    phys(0x0000, 1, MMU_KSMAP_IDX);
    env->cr[0] |= CR0_WP;
    g_assert_cmphex(fault(0x0000, 1, MMU_KSMAP_IDX), ==, PF_ERR_P | PF_ERR_W);
    /* R/W of the directory entry counts too. */
    wl(0x100000, 0x101000 | PG_P | PG_US);
    wl(0x101004, 0x201000 | URW);
    g_assert_cmphex(fault(0x1000, 1, MMU_USER_IDX), ==,
                    PF_ERR_P | PF_ERR_W | PF_ERR_U);
}

static void test_32bit_pse(void)
{
    X86Translation t;

    set_mode(1);
    wl(0x100000 + 4 * 3, 0x00800000 | PG_PS | URW);     /* 12M -> 8M */
    /* Without CR4.PSE the PS bit is ignored: the entry is a table. */
    wl(0x800000 + 4 * 0, 0);
    g_assert_cmphex(fault(0xc00000, 0, MMU_USER_IDX), ==, PF_ERR_U);
    env->cr[4] |= CR4_PSE;
    g_assert_true(tr(0xc12345, 0, MMU_USER_IDX, &t));
    g_assert_cmphex(t.paddr, ==, 0x812345);
    g_assert_cmpint(t.page_size, ==, 4 * MiB);
    /* PSE-36: bits 20:13 are physical 39:32. */
    wl(0x100000 + 4 * 4, 0x00400000 | (0x3u << 13) | PG_PS | URW);
    g_assert_cmphex(phys(0x1000010, 0, MMU_USER_IDX), ==, 0x300400010ull);
    /* Bit 21 is reserved. */
    wl(0x100000 + 4 * 5, 0x00400000 | (1u << 21) | PG_PS | URW);
    g_assert_cmphex(fault(0x1400000, 0, MMU_USER_IDX), ==,
                    PF_ERR_P | PF_ERR_RSVD | PF_ERR_U);
}

static void test_pae(void)
{
    X86Translation t;

    set_mode(2);
    env->cr[3] = 0x100fe0;                              /* 32-byte aligned */
    wq(0x100fe0 + 8 * 1, 0x102000 | PG_P);              /* 1G..2G */
    wq(0x102000 + 8 * 2, 0x600000 | PG_PS | URW);       /* 2M page at 1G+4M */
    wq(0x102000 + 8 * 3, 0x103000 | URW);
    wq(0x103000 + 8 * 5, 0x777000 | URW | PG_NX);
    g_assert_true(tr(0x40412345, 1, MMU_USER_IDX, &t));
    g_assert_cmphex(t.paddr, ==, 0x612345);
    g_assert_cmpint(t.page_size, ==, 2 * MiB);
    g_assert_cmphex(rq(0x102010), ==, 0x600000 | PG_PS | URW | PG_A | PG_D);
    /* The PDPTE has no A bit. */
    g_assert_cmphex(rq(0x100fe8), ==, 0x102000 | PG_P);
    /* NX is reserved without EFER.NXE ... */
    g_assert_cmphex(fault(0x40605000, 0, MMU_USER_IDX), ==,
                    PF_ERR_P | PF_ERR_RSVD | PF_ERR_U);
    /* ... and forbids fetches with it. */
    env->efer |= EFER_NXE;
    g_assert_cmphex(phys(0x40605000, 0, MMU_USER_IDX), ==, 0x777000);
    g_assert_cmphex(fault(0x40605000, 2, MMU_USER_IDX), ==,
                    PF_ERR_P | PF_ERR_U | PF_ERR_I);
    g_assert_true(tr(0x40605000, 0, MMU_USER_IDX, &t));
    g_assert_false(t.prot & PAGE_EXEC);
    /* Reserved PDPTE bits. */
    wq(0x100fe0, 0x104000 | PG_P | PG_RW);
    g_assert_cmphex(fault(0x1000, 0, MMU_KSMAP_IDX), ==,
                    PF_ERR_P | PF_ERR_RSVD);
    /* Not-present PDPTE. */
    g_assert_cmphex(fault(0x80000000, 2, MMU_KSMAP_IDX), ==, PF_ERR_I);
}

/* 4-level tables mapping va through fresh tables at base; returns the
 * address of the level-1 table. */
static void map4(uint64_t va, uint64_t leaf, int level, uint64_t base)
{
    uint64_t table = 0x100000;

    for (int l = 4; l > level; l--) {
        uint64_t idx = (va >> (12 + 9 * (l - 1))) & 0x1ff;
        uint64_t e = rq(table + idx * 8);

        if (!(e & PG_P)) {
            e = base | URW;
            base += 0x1000;
            wq(table + idx * 8, e);
        }
        table = e & 0x000ffffffffff000ull;
    }
    wq(table + ((va >> (12 + 9 * (level - 1))) & 0x1ff) * 8, leaf);
}

static void test_long_mode(void)
{
    X86Translation t;

    set_mode(4);
    env->efer |= EFER_NXE;
    map4(0x00007f0000001000ull, 0x2345000 | URW, 1, 0x110000);
    g_assert_cmphex(phys(0x00007f0000001abcull, 0, MMU_USER_IDX), ==,
                    0x2345abc);
    map4(0xffff800000200000ull, 0x400000 | PG_PS | PG_P | PG_RW, 2,
         0x120000);
    g_assert_true(tr(0xffff800000212345ull, 1, MMU_KSMAP_IDX, &t));
    g_assert_cmphex(t.paddr, ==, 0x412345);
    g_assert_cmpint(t.page_size, ==, 2 * MiB);
    g_assert_cmphex(fault(0xffff800000212345ull, 0, MMU_USER_IDX), ==,
                    PF_ERR_P | PF_ERR_U);
    /* 1 GiB pages need pdpe1gb. */
    map4(0x0000004000000000ull, 0x40000000 | PG_PS | URW, 3, 0x130000);
    env->features[FEAT_8000_0001_EDX] &= ~(1u << 26);
    g_assert_cmphex(fault(0x0000004000000000ull, 0, MMU_USER_IDX), ==,
                    PF_ERR_P | PF_ERR_RSVD | PF_ERR_U);
    env->features[FEAT_8000_0001_EDX] |= 1u << 26;
    g_assert_true(tr(0x0000004012345678ull, 0, MMU_USER_IDX, &t));
    g_assert_cmphex(t.paddr, ==, 0x52345678);
    g_assert_cmpint(t.page_size, ==, 1 * GiB);
    /* Reserved: 1G page bits 29:13, PS in a PML4E, physical bits. */
    map4(0x0000008000000000ull, 0x40000000 | (1u << 13) | PG_PS | URW, 3,
         0x140000);
    g_assert_cmphex(fault(0x0000008000000000ull, 0, MMU_USER_IDX), ==,
                    PF_ERR_P | PF_ERR_RSVD | PF_ERR_U);
    wq(0x100000 + 8 * 5, 0x150000 | PG_PS | URW);
    g_assert_cmphex(fault(5ull << 39, 1, MMU_USER_IDX), ==,
                    PF_ERR_P | PF_ERR_RSVD | PF_ERR_W | PF_ERR_U);
    map4(0x0000000000003000ull, (1ull << X86_PHYS_BITS) | 0x3000 | URW, 1,
         0x160000);
    g_assert_cmphex(fault(0x3000, 0, MMU_KSMAP_IDX), ==,
                    PF_ERR_P | PF_ERR_RSVD);
    /* NX anywhere on the path forbids fetches: I/D set with NXE. */
    map4(0x0000000000005000ull, 0x5000 | URW | PG_NX, 1, 0x170000);
    g_assert_cmphex(fault(0x5000, 2, MMU_USER_IDX), ==,
                    PF_ERR_P | PF_ERR_U | PF_ERR_I);
    g_assert_cmphex(fault(0x7000, 2, MMU_USER_IDX), ==,
                    PF_ERR_U | PF_ERR_I);
}

static void test_smep_smap(void)
{
    X86Translation t;

    set_mode(4);
    map4(0x1000, 0x1000 | URW, 1, 0x110000);
    /* SMEP: no supervisor fetch from user pages. */
    phys(0x1000, 2, MMU_KSMAP_IDX);
    env->cr[4] |= CR4_SMEP;
    g_assert_cmphex(fault(0x1000, 2, MMU_KSMAP_IDX), ==, PF_ERR_P | PF_ERR_I);
    g_assert_true(tr(0x1000, 0, MMU_KSMAP_IDX, &t));
    g_assert_false(t.prot & PAGE_EXEC);
    phys(0x1000, 2, MMU_USER_IDX);
    /* SMAP: supervisor data accesses to user pages only via KNOSMAP. */
    phys(0x1000, 0, MMU_KSMAP_IDX);
    env->cr[4] |= CR4_SMAP;
    g_assert_cmphex(fault(0x1000, 0, MMU_KSMAP_IDX), ==, PF_ERR_P);
    g_assert_cmphex(fault(0x1000, 1, MMU_KSMAP_IDX), ==, PF_ERR_P | PF_ERR_W);
    phys(0x1000, 1, MMU_KNOSMAP_IDX);
    phys(0x1000, 1, MMU_USER_IDX);
    /* The mmu index choice follows CPL and EFLAGS.AC. */
    env->segs[R_CS].flags = DESC_P | DESC_S | DESC_CS | DESC_L;
    x86_update_hflags(env);
    g_assert_cmpint(cpu_mmu_index(env), ==, MMU_KSMAP_IDX);
    env->eflags |= AC_MASK;
    g_assert_cmpint(cpu_mmu_index(env), ==, MMU_KNOSMAP_IDX);
    g_assert_cmpint(cpu_mmu_index_kernel(env), ==, MMU_KNOSMAP_IDX);
    env->segs[R_CS].flags |= 3u << DESC_DPL_SHIFT;
    x86_update_hflags(env);
    g_assert_cmpint(cpu_mmu_index(env), ==, MMU_USER_IDX);
    g_assert_cmpint(cpu_mmu_index_kernel(env), ==, MMU_KSMAP_IDX);
}

static void test_pku(void)
{
    X86Translation t;

    set_mode(4);
    map4(0x1000, 0x1000 | URW | (5ull << 59), 1, 0x110000);
    map4(0x2000, 0x2000 | PG_P | PG_RW | (5ull << 59), 1, 0x110000);
    env->pkru = 1u << (5 * 2);                          /* AD for key 5 */
    /* Keys only count with CR4.PKE. */
    phys(0x1000, 0, MMU_USER_IDX);
    env->cr[4] |= CR4_PKE;
    g_assert_cmphex(fault(0x1000, 0, MMU_USER_IDX), ==,
                    PF_ERR_P | PF_ERR_U | PF_ERR_PK);
    g_assert_cmphex(fault(0x1000, 0, MMU_KNOSMAP_IDX), ==,
                    PF_ERR_P | PF_ERR_PK);
    /* Fetches and supervisor pages ignore keys. */
    phys(0x1000, 2, MMU_USER_IDX);
    phys(0x2000, 1, MMU_KSMAP_IDX);
    /* WD: user writes fault, supervisor writes only with CR0.WP. */
    env->pkru = 2u << (5 * 2);
    g_assert_true(tr(0x1000, 0, MMU_USER_IDX, &t));
    g_assert_false(t.prot & PAGE_WRITE);
    g_assert_cmphex(fault(0x1000, 1, MMU_USER_IDX), ==,
                    PF_ERR_P | PF_ERR_W | PF_ERR_U | PF_ERR_PK);
    phys(0x1000, 1, MMU_KNOSMAP_IDX);
    env->cr[0] |= CR0_WP;
    g_assert_cmphex(fault(0x1000, 1, MMU_KNOSMAP_IDX), ==,
                    PF_ERR_P | PF_ERR_W | PF_ERR_PK);
}

static void test_la57(void)
{
    set_mode(5);
    /* PML5[1] -> PML4[0] -> PDPT[0] -> PD[0] -> PT[1] */
    wq(0x100000 + 8 * 1, 0x101000 | URW);
    wq(0x101000, 0x102000 | URW);
    wq(0x102000, 0x103000 | URW);
    wq(0x103000, 0x104000 | URW);
    wq(0x104000 + 8, 0x9000 | URW);
    g_assert_cmphex(phys((1ull << 48) | 0x1234, 0, MMU_USER_IDX), ==,
                    0x9234);
    /* PS is reserved in a PML5E. */
    wq(0x100000 + 8 * 2, 0x101000 | URW | PG_PS);
    g_assert_cmphex(fault(2ull << 48, 0, MMU_USER_IDX), ==,
                    PF_ERR_P | PF_ERR_RSVD | PF_ERR_U);
}

static void test_phys_access(void)
{
    CPUState *cs = env_cpu(env);

    x86_stq_phys(cs, 0x3000, 0x1122334455667788ull);
    g_assert_cmphex(x86_ldq_phys(cs, 0x3000), ==, 0x1122334455667788ull);
    g_assert_cmphex(x86_ldl_phys(cs, 0x3004), ==, 0x11223344);
    g_assert_true(x86_cmpxchgl_phys(cs, 0x3000, 0x55667788, 1));
    g_assert_false(x86_cmpxchgl_phys(cs, 0x3000, 0x55667788, 2));
    g_assert_true(x86_cmpxchgq_phys(cs, 0x3000, 0x1122334400000001ull, 7));
    g_assert_cmphex(x86_ldq_phys(cs, 0x3000), ==, 7);
    /* Nothing mapped: the compare-exchange fails, reads are all ones. */
    g_assert_false(x86_cmpxchgq_phys(cs, 0x80000000ull, 0, 1));
}

/*
 * Page tables in RAM are read and updated through host pointers: an A/D
 * update must still count as a guest store (dirty logging, invalidation
 * of translated code on that page), a memory map change must not leave
 * the walker reading the old RAM, and tables in MMIO keep working
 * through the memory API.
 */
static MemoryRegion ram;
static unsigned code_hook_calls;
static uint64_t code_hook_offset;

static void code_hook(RAMBlock *rb, uint64_t offset, uint64_t len)
{
    code_hook_calls++;
    code_hook_offset = offset;
}

static void test_ad_tracking(void)
{
    uint64_t va = 0x00007f0000001000ull;

    set_mode(4);
    map4(va, 0x2345000 | URW, 1, 0x110000);     /* PTE page 0x112000 */
    memory_region_set_log(&ram, true, DIRTY_MEMORY_VGA);
    memory_region_reset_dirty(&ram, 0, RAM_SIZE, DIRTY_MEMORY_VGA);

    /* A read sets A on every level: those table pages are dirty. */
    g_assert_cmphex(phys(va, 0, MMU_USER_IDX), ==, 0x2345000);
    g_assert_cmphex(rq(0x112008) & (PG_A | PG_D), ==, PG_A);
    for (uint64_t pt = 0x110000; pt <= 0x112000; pt += 0x1000) {
        g_assert_true(memory_region_get_dirty(&ram, pt, 0x1000,
                                              DIRTY_MEMORY_VGA));
    }
    g_assert_true(memory_region_get_dirty(&ram, 0x100000, 0x1000,
                                          DIRTY_MEMORY_VGA));
    g_assert_false(memory_region_get_dirty(&ram, 0x113000, 0x1000,
                                           DIRTY_MEMORY_VGA));
    /* Nothing to update: nothing written. */
    memory_region_reset_dirty(&ram, 0, RAM_SIZE, DIRTY_MEMORY_VGA);
    g_assert_cmphex(phys(va, 0, MMU_USER_IDX), ==, 0x2345000);
    g_assert_false(memory_region_get_dirty(&ram, 0x100000, 0x13000,
                                           DIRTY_MEMORY_VGA));

    /* Migration logging too; and a write sets D on the leaf only. */
    memory_global_dirty_log_start();
    memory_region_reset_dirty(&ram, 0, RAM_SIZE, DIRTY_MEMORY_MIGRATION);
    g_assert_cmphex(phys(va, 1, MMU_USER_IDX), ==, 0x2345000);
    g_assert_cmphex(rq(0x112008) & (PG_A | PG_D), ==, PG_A | PG_D);
    g_assert_cmphex(rq(0x111000 + 8 * ((va >> 21) & 0x1ff)) & PG_D, ==, 0);
    g_assert_true(memory_region_get_dirty(&ram, 0x112000, 0x1000,
                                          DIRTY_MEMORY_MIGRATION));
    g_assert_false(memory_region_get_dirty(&ram, 0x110000, 0x2000,
                                           DIRTY_MEMORY_MIGRATION));
    memory_global_dirty_log_stop();
    memory_region_set_log(&ram, false, DIRTY_MEMORY_VGA);

    /* Translated code on a page-table page is invalidated by A/D. */
    ram_block_set_code_write_hook(code_hook);
    code_hook_calls = 0;
    wq(0x112008, 0x2345000 | URW);              /* A and D clear again */
    ram_block_protect_code(ram.ram_block, 0x112000, 0x1000);
    g_assert_cmphex(phys(va, 0, MMU_USER_IDX), ==, 0x2345000);
    g_assert_cmpuint(code_hook_calls, ==, 1);
    g_assert_cmphex(code_hook_offset, ==, 0x112000);
    g_assert_cmphex(phys(va, 1, MMU_USER_IDX), ==, 0x2345000);
    g_assert_cmpuint(code_hook_calls, ==, 1);   /* unprotected by then */
    ram_block_set_code_write_hook(NULL);

    /* 32-bit tables (4-byte entries) go the same way. */
    set_mode(1);
    wl(0x100000 + 4 * 1, 0x101000 | URW);
    wl(0x101000 + 4 * 2, 0x345000 | URW);
    memory_region_set_log(&ram, true, DIRTY_MEMORY_VGA);
    memory_region_reset_dirty(&ram, 0, RAM_SIZE, DIRTY_MEMORY_VGA);
    g_assert_cmphex(phys(0x402000, 1, MMU_USER_IDX), ==, 0x345000);
    g_assert_cmphex(rq(0x101008) & 0xffffffff, ==,
                    0x345000 | URW | PG_A | PG_D);
    g_assert_cmphex(rq(0x101008) >> 32, ==, 0);   /* neighbour untouched */
    g_assert_true(memory_region_get_dirty(&ram, 0x101000, 0x1000,
                                          DIRTY_MEMORY_VGA));
    memory_region_set_log(&ram, false, DIRTY_MEMORY_VGA);
}

/* A RAM region put over the tables between two walks: the second walk
 * reads the new RAM (the walker's cached host pointer is per view). */
static void test_map_change(void)
{
    static MemoryRegion over;
    uint64_t va = 0x00007f0000001000ull;
    uint8_t *h;

    set_mode(4);
    map4(va, 0x2345000 | URW, 1, 0x110000);
    g_assert_cmphex(phys(va, 0, MMU_USER_IDX), ==, 0x2345000);
    memory_region_init_ram(&over, NULL, "test-x86-mmu.over", 0x100000,
                           &error_abort);
    h = memory_region_get_ram_ptr(&over);
    /* The same tables but a different leaf. */
    address_space_read(&address_space_memory, 0x100000,
                       MEMTXATTRS_UNSPECIFIED, h, 0x100000);
    memory_region_add_subregion_overlap(get_system_memory(), 0x100000,
                                        &over, 1);
    wq(0x112008, 0x3456000 | URW);
    g_assert_cmphex(phys(va, 0, MMU_USER_IDX), ==, 0x3456000);
    memory_region_del_subregion(get_system_memory(), &over);
    g_assert_cmphex(phys(va, 0, MMU_USER_IDX), ==, 0x2345000);
    memory_region_finalize(&over);
}

/* Page tables in MMIO: read and updated through the device. */
static uint64_t mmio_table[512];
static unsigned mmio_writes;

static uint64_t pt_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    uint64_t v = mmio_table[(addr & 0xfff) / 8];

    return size == 8 ? v : (v >> (8 * (addr & 7))) & ((1ull << (8 * size)) - 1);
}

static void pt_mmio_write(void *opaque, hwaddr addr, uint64_t v,
                          unsigned size)
{
    g_assert_cmpuint(size, ==, 8);
    mmio_table[(addr & 0xfff) / 8] = v;
    mmio_writes++;
}

static const MemoryRegionOps pt_mmio_ops = {
    .read = pt_mmio_read,
    .write = pt_mmio_write,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 8 },
};

static void test_mmio_tables(void)
{
    static MemoryRegion mmio;
    uint64_t va = 0x00007f0000001000ull;

    set_mode(4);
    memory_region_init_io(&mmio, NULL, &pt_mmio_ops, NULL,
                          "test-x86-mmu.pt-mmio", 0x1000);
    memory_region_add_subregion(get_system_memory(), 0x8000000, &mmio);
    /* The PTE page is the device; the upper levels are RAM. */
    map4(va, 0, 2, 0x110000);
    wq(0x111000 + 8 * ((va >> 21) & 0x1ff), 0x8000000 | URW);
    memset(mmio_table, 0, sizeof(mmio_table));
    mmio_table[1] = 0x2345000 | URW;
    mmio_writes = 0;
    g_assert_cmphex(phys(va, 1, MMU_USER_IDX), ==, 0x2345000);
    g_assert_cmphex(mmio_table[1], ==, 0x2345000 | URW | PG_A | PG_D);
    g_assert_cmpuint(mmio_writes, ==, 1);
    memory_region_del_subregion(get_system_memory(), &mmio);
    memory_region_finalize(&mmio);
}

/* vCPU threads walking while another clears A bits in their tables:
 * every walk finds the right page and leaves A set on its path. */
typedef struct WalkThread {
    CPUX86State *env;
    uint64_t va, pa;
    unsigned wrong;
} WalkThread;

static bool walkers_stop;

static gpointer walk_thread_fn(gpointer opaque)
{
    WalkThread *w = opaque;

    for (int i = 0; i < 20000; i++) {
        X86Translation t;

        if (!x86_mmu_translate(w->env, w->va, i & 1, MMU_USER_IDX, &t) ||
            t.paddr != w->pa) {
            w->wrong++;
        }
    }
    return NULL;
}

static gpointer clear_a_fn(gpointer opaque)
{
    uint64_t *pte = opaque;

    while (!__atomic_load_n(&walkers_stop, __ATOMIC_ACQUIRE)) {
        for (int i = 0; i < 4; i++) {
            __atomic_fetch_and(&pte[i], ~(uint64_t)(PG_A | PG_D),
                               __ATOMIC_SEQ_CST);
        }
    }
    return NULL;
}

static void test_ad_race(void)
{
    WalkThread w[2];
    GThread *th[2], *clr;
    uint8_t *host = memory_region_get_ram_ptr(&ram);

    set_mode(4);
    for (int i = 0; i < 4; i++) {
        map4(0x00007f0000000000ull + i * 0x1000, (0x2000000 + i * 0x1000) |
             URW, 1, 0x110000);
    }
    walkers_stop = false;
    clr = g_thread_new("clear-a", clear_a_fn, host + 0x112000);
    for (int i = 0; i < 2; i++) {
        w[i] = (WalkThread) { .env = env,
                              .va = 0x00007f0000000000ull + i * 0x1000,
                              .pa = 0x2000000 + i * 0x1000 };
        th[i] = g_thread_new("walker", walk_thread_fn, &w[i]);
    }
    for (int i = 0; i < 2; i++) {
        g_thread_join(th[i]);
        g_assert_cmpuint(w[i].wrong, ==, 0);
    }
    __atomic_store_n(&walkers_stop, true, __ATOMIC_RELEASE);
    g_thread_join(clr);
    g_assert_cmphex(phys(0x00007f0000000000ull, 1, MMU_USER_IDX), ==,
                    0x2000000);
    g_assert_cmphex(rq(0x112000) & (PG_A | PG_D), ==, PG_A | PG_D);
}

int main(int argc, char **argv)
{
    X86CPU *cpu;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    memory_region_init_ram(&ram, NULL, "test-x86-mmu.ram", RAM_SIZE,
                           &error_abort);
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    cpu = x86_cpu_create(X86_CPU_TYPE_NAME("qemu64"), NULL, 0, &error_abort);
    cpu_reset(CPU(cpu));
    env = &cpu->env;

    g_test_add_func("/x86/mmu/paging-off", test_paging_off);
    g_test_add_func("/x86/mmu/32bit-4k", test_32bit_4k);
    g_test_add_func("/x86/mmu/32bit-rights", test_32bit_rights);
    g_test_add_func("/x86/mmu/32bit-pse", test_32bit_pse);
    g_test_add_func("/x86/mmu/pae", test_pae);
    g_test_add_func("/x86/mmu/long-mode", test_long_mode);
    g_test_add_func("/x86/mmu/smep-smap", test_smep_smap);
    g_test_add_func("/x86/mmu/pku", test_pku);
    g_test_add_func("/x86/mmu/la57", test_la57);
    g_test_add_func("/x86/mmu/phys-access", test_phys_access);
    g_test_add_func("/x86/mmu/ad-tracking", test_ad_tracking);
    g_test_add_func("/x86/mmu/map-change", test_map_change);
    g_test_add_func("/x86/mmu/mmio-tables", test_mmio_tables);
    g_test_add_func("/x86/mmu/ad-race", test_ad_race);
    return g_test_run();
}
