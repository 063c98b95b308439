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

int main(int argc, char **argv)
{
    static MemoryRegion ram;
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
    return g_test_run();
}
