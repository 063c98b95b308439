/*
 * Unit tests of the TCG runtime's bookkeeping (accel/tcg/), without a
 * frontend or backend: the TB hash and its lookup key, host-pc -> insn
 * mapping for precise exceptions, the soft TLB (entries, flags, flushes,
 * the slow paths for RAM, MMIO, ROM and page-crossing accesses),
 * invalidation of TBs by guest physical range (guest stores, DMA through
 * the code-write hook) and chaining bookkeeping.
 *
 * The vCPU is a bare X86CPU (no QOM object): these paths only use its
 * env, soft TLB and runtime state. Every test's TLB entries are installed
 * with tlb_set_page, so no page walk (x86_cpu_tlb_fill) is needed.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/main-loop.h"
#include "exec/memory.h"
#include "exec/ramblock.h"
#include "exec/cpu-ldst.h"
#include "accel/tcg/internal.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED
#define PAGE TARGET_PAGE_SIZE

/* Guest physical map shared by the tests (set up once). */
#define RAM_SIZE   (1 * MiB)
#define ROM_BASE   0x100000
#define MMIO_BASE  0x200000
#define ALIAS_BASE 0x300000       /* maps RAM [0, 64 KiB) a second time */

static MemoryRegion ram, rom, mmio, alias;
static uint8_t *ram_host, *rom_host;
static X86CPU *vcpu;
static CPUState *cs;
static CPUX86State *env;

/* The MMIO device: a log of accesses, reads return addr ^ 0xa5a5. */
static uint64_t mmio_last_addr, mmio_last_val;
static unsigned mmio_last_size, mmio_writes, mmio_reads;

static uint64_t mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    mmio_reads++;
    mmio_last_addr = addr;
    mmio_last_size = size;
    return (addr ^ 0xa5a5a5a5a5a5a5a5ull) &
           (size == 8 ? ~0ull : (1ull << (8 * size)) - 1);
}

static void mmio_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    mmio_writes++;
    mmio_last_addr = addr;
    mmio_last_val = val;
    mmio_last_size = size;
}

static const MemoryRegionOps mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8,
               .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8,
              .unaligned = true },
};

static void setup_machine(void)
{
    MemoryRegion *sys = get_system_memory();

    memory_region_init_ram(&ram, NULL, "test.ram", RAM_SIZE, &error_abort);
    memory_region_add_subregion(sys, 0, &ram);
    memory_region_init_rom(&rom, NULL, "test.rom", 64 * KiB, &error_abort);
    memory_region_add_subregion(sys, ROM_BASE, &rom);
    memory_region_init_io(&mmio, NULL, &mmio_ops, NULL, "test.mmio", PAGE);
    memory_region_add_subregion(sys, MMIO_BASE, &mmio);
    memory_region_init_alias(&alias, NULL, "test.alias", &ram, 0, 64 * KiB);
    memory_region_add_subregion(sys, ALIAS_BASE, &alias);
    ram_host = memory_region_get_ram_ptr(&ram);
    rom_host = memory_region_get_ram_ptr(&rom);

    vcpu = g_new0(X86CPU, 1);
    cs = &vcpu->parent_obj;
    env = &vcpu->env;
    cpu_list = g_ptr_array_new();
    g_ptr_array_add(cpu_list, cs);
    tcg_cpu_state(cs);
    tlb_init_cpu(cs);
    tb_maint_init();
    tcg_memory_hooks_init();
}

/*
 * A TB record as tb_gen_code would leave it, without host code: a fake,
 * unique tc.ptr puts it in the TB tree, which frees it at the flush.
 */
static TranslationBlock *make_tb(uint64_t pc, uint64_t phys, uint16_t size,
                                 uint32_t flags)
{
    static uintptr_t fake_code = 0x10000;
    TranslationBlock *tb = tb_alloc_record(1);

    tb->tc.ptr = (void *)fake_code;
    tb->tc.size = 16;
    fake_code += 16;
    tb_tree_insert(tb);

    tb->pc = pc;
    tb->flags = flags;
    tb->size = size;
    tb->icount = 1;
    tb->page_addr[0] = phys & TARGET_PAGE_MASK;
    if (((pc + size - 1) & TARGET_PAGE_MASK) != (pc & TARGET_PAGE_MASK)) {
        tb->page_addr[1] = (phys & TARGET_PAGE_MASK) + PAGE;
    }
    return tb;
}

static TranslationBlock *link_tb(TranslationBlock *tb)
{
    TranslationBlock *r = tb_link(tb, tb_inval_seq_read());

    g_assert(r == tb);
    tlb_protect_code_page(tb->page_addr[0]);
    if (tb->page_addr[1] != (uint64_t)-1) {
        tlb_protect_code_page(tb->page_addr[1]);
    }
    return tb;
}

static bool tb_is_valid(TranslationBlock *tb)
{
    return !(tb->cflags & CF_INVALID);
}

static void test_cleanup(void)
{
    tb_flush_now();
    tlb_flush(cs);
    /* Unprotect everything the test may have protected. */
    ram_block_set_dirty(ram.ram_block, 0, RAM_SIZE, DIRTY_MEMORY_CODE);
    ram_block_set_dirty(rom.ram_block, 0, 64 * KiB, DIRTY_MEMORY_CODE);
}

/* ---- TB hash ---- */

static void test_tb_hash_lookup(void)
{
    TranslationBlock *a = link_tb(make_tb(0x401000, 0x1000, 16, 0x10));
    TranslationBlock *b = link_tb(make_tb(0x401000, 0x1000, 16, 0x20));
    TranslationBlock *c = link_tb(make_tb(0x7000, 0x7000, 8, 0x10));
    TranslationBlock *dup;

    g_assert(tb_htable_lookup(0x1000, 0x401000, 0, 0x10, 0) == a);
    g_assert(tb_htable_lookup(0x1000, 0x401000, 0, 0x20, 0) == b);
    g_assert(tb_htable_lookup(0x7000, 0x7000, 0, 0x10, 0) == c);
    /* Every part of the key counts. */
    g_assert_null(tb_htable_lookup(0x1000, 0x401000, 0, 0x30, 0));
    g_assert_null(tb_htable_lookup(0x1000, 0x401000, 8, 0x10, 0));
    g_assert_null(tb_htable_lookup(0x1000, 0x401000, 0, 0x10, 1));
    g_assert_null(tb_htable_lookup(0x2000, 0x401000, 0, 0x10, 0));
    g_assert_null(tb_htable_lookup(0x1000, 0x501000, 0, 0x10, 0));
    g_assert_cmpuint(tb_count_live(), ==, 3);

    /* A second translation of the same key yields the first. */
    dup = make_tb(0x401000, 0x1000, 16, 0x10);
    g_assert(tb_link(dup, tb_inval_seq_read()) == a);

    /* A translation that raced with a code write is refused. */
    dup = make_tb(0x9000, 0x9000, 4, 0);
    {
        uint64_t seq = tb_inval_seq_read();
        tb_invalidate_phys_range(0x9000, 0x9001);
        g_assert_null(tb_link(dup, seq));
    }

    /* Invalidated TBs leave the table. */
    tb_phys_invalidate(a);
    g_assert_false(tb_is_valid(a));
    g_assert_null(tb_htable_lookup(0x1000, 0x401000, 0, 0x10, 0));
    g_assert(tb_htable_lookup(0x1000, 0x401000, 0, 0x20, 0) == b);
    g_assert_cmpuint(tb_count_live(), ==, 2);

    /* Many TBs: chains in buckets still find each one. */
    for (int i = 0; i < 2000; i++) {
        link_tb(make_tb(0x20000 + i * 8, 0x20000 + i * 8, 8, i & 3));
    }
    for (int i = 0; i < 2000; i++) {
        TranslationBlock *t = tb_htable_lookup(0x20000 + i * 8,
                                               0x20000 + i * 8, 0, i & 3, 0);
        g_assert_nonnull(t);
        g_assert_cmphex(t->pc, ==, 0x20000 + i * 8);
    }
    tb_flush_now();
    g_assert_cmpuint(tb_count_live(), ==, 0);
    test_cleanup();
}

/* ---- host pc -> insn ---- */

static void test_restore_mapping(void)
{
    static uint8_t code[256];
    TranslationBlock *tb = tb_alloc_record(3);
    TranslationBlock *tb2 = tb_alloc_record(1);
    uint32_t ends[3] = { 10, 40, 100 };
    uint64_t data[3][TCG_INSN_START_WORDS] = { { 1, 0 }, { 2, 0 }, { 3, 0 } };

    tb->tc.ptr = code;
    tb->tc.size = 120;        /* slow paths after the last insn */
    tb->icount = 3;
    tb->insn_end_off = memcpy(g_malloc(sizeof(ends)), ends, sizeof(ends));
    tb->insn_data = memcpy(g_malloc(sizeof(data)), data, sizeof(data));
    tb2->tc.ptr = code + 128;
    tb2->tc.size = 64;
    tb2->icount = 1;
    tb2->insn_end_off = g_new0(uint32_t, 1);
    tb2->insn_end_off[0] = 64;
    tb2->insn_data = g_malloc0(sizeof(*tb2->insn_data));
    tb_tree_insert(tb2);
    tb_tree_insert(tb);

    /* A return address points just past a byte of the insn's code. */
    g_assert_cmpint(tb_insn_index(tb, (uintptr_t)code + 1), ==, 0);
    g_assert_cmpint(tb_insn_index(tb, (uintptr_t)code + 10), ==, 0);
    g_assert_cmpint(tb_insn_index(tb, (uintptr_t)code + 11), ==, 1);
    g_assert_cmpint(tb_insn_index(tb, (uintptr_t)code + 40), ==, 1);
    g_assert_cmpint(tb_insn_index(tb, (uintptr_t)code + 41), ==, 2);
    g_assert_cmpint(tb_insn_index(tb, (uintptr_t)code + 100), ==, 2);
    g_assert_cmpint(tb_insn_index(tb, (uintptr_t)code + 101), ==, -1);
    g_assert_cmpint(tb_insn_index(tb, (uintptr_t)code), ==, -1);

    g_assert(tb_find_by_host_pc((uintptr_t)code + 1) == tb);
    g_assert(tb_find_by_host_pc((uintptr_t)code + 120) == tb);
    g_assert_null(tb_find_by_host_pc((uintptr_t)code + 121));
    g_assert(tb_find_by_host_pc((uintptr_t)code + 129) == tb2);
    g_assert(tb_find_by_host_pc((uintptr_t)code + 192) == tb2);
    g_assert_null(tb_find_by_host_pc((uintptr_t)code + 193));
    g_assert_null(tb_find_by_host_pc((uintptr_t)code));
    g_assert_false(cpu_restore_state(cs, 0));
    g_assert_false(cpu_restore_state(cs, (uintptr_t)code + 250));
    test_cleanup();
}

/* ---- TLB ---- */

static CPUTLBEntry *entry(int mmu_idx, uint64_t vaddr)
{
    return &vcpu->tlb.table[mmu_idx]
        [(vaddr >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1)];
}

static void test_tlb_entries(void)
{
    uint64_t va = 0xffff800000042000ull;
    CPUTLBEntry *e;

    /* RAM, all permissions: the fast path hits with addend. */
    tlb_set_page(cs, va + 0x123, 0x5000, PAGE_READ | PAGE_WRITE | PAGE_EXEC,
                 0, PAGE);
    e = entry(0, va);
    g_assert_cmphex(e->addr_read, ==, va);
    g_assert_cmphex(e->addr_write, ==, va);
    g_assert_cmphex(e->addr_code, ==, va);
    g_assert(va + 0x10 + e->addend == (uintptr_t)(ram_host + 0x5010));
    g_assert(tlb_vaddr_to_host(env, va + 8, 1, 0) == ram_host + 0x5008);
    /* Other mmu indexes are untouched. */
    g_assert_cmphex(entry(1, va)->addr_read, ==, (uint64_t)-1);

    /* Read-only, no exec. */
    tlb_set_page(cs, va, 0x6000, PAGE_READ, 1, PAGE);
    e = entry(1, va);
    g_assert_cmphex(e->addr_read, ==, va);
    g_assert_cmphex(e->addr_write, ==, (uint64_t)-1);
    g_assert_cmphex(e->addr_code, ==, (uint64_t)-1);

    /* ROM: reads direct, writes through the slow path (ignored). */
    tlb_set_page(cs, 0x10000, ROM_BASE, PAGE_READ | PAGE_WRITE | PAGE_EXEC,
                 2, PAGE);
    e = entry(2, 0x10000);
    g_assert_cmphex(e->addr_read, ==, 0x10000);
    g_assert_cmphex(e->addr_write, ==, 0x10000 | TLB_MMIO);
    g_assert_cmphex(e->addr_code, ==, 0x10000);

    /* MMIO: everything slow. */
    tlb_set_page(cs, 0x20000, MMIO_BASE, PAGE_READ | PAGE_WRITE | PAGE_EXEC,
                 2, PAGE);
    e = entry(2, 0x20000);
    g_assert_cmphex(e->addr_read, ==, 0x20000 | TLB_MMIO);
    g_assert_cmphex(e->addr_write, ==, 0x20000 | TLB_MMIO);
    g_assert_null(tlb_vaddr_to_host(env, 0x20000, 0, 2));

    /* A page holding code: writes are NOTDIRTY, reads stay fast. */
    link_tb(make_tb(0x7000, 0x7000, 8, 0));
    tlb_set_page(cs, 0x30000, 0x7000, PAGE_READ | PAGE_WRITE, 0, PAGE);
    e = entry(0, 0x30000);
    g_assert_cmphex(e->addr_read, ==, 0x30000);
    g_assert_cmphex(e->addr_write, ==, 0x30000 | TLB_NOTDIRTY);
    g_assert_null(tlb_vaddr_to_host(env, 0x30000, 1, 0));

    /* Protecting a page later makes existing writable entries slow. */
    tlb_set_page(cs, 0x31000, 0x8000, PAGE_READ | PAGE_WRITE, 0, PAGE);
    g_assert_cmphex(entry(0, 0x31000)->addr_write, ==, 0x31000);
    link_tb(make_tb(0x8010, 0x8010, 8, 0));
    g_assert_cmphex(entry(0, 0x31000)->addr_write, ==,
                    0x31000 | TLB_NOTDIRTY);
    test_cleanup();
}

static void test_tlb_flush(void)
{
    uint64_t rwx = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
    TCGCPUState *tcs = tcg_cpu_state(cs);
    TranslationBlock *tb;

    for (int i = 0; i < 4; i++) {
        tlb_set_page(cs, 0x40000 + i * PAGE, 0x1000 * i, rwx, 0, PAGE);
        tlb_set_page(cs, 0x40000 + i * PAGE, 0x1000 * i, rwx, 1, PAGE);
    }
    tlb_flush_page(cs, 0x41abc);
    g_assert_cmphex(entry(0, 0x41000)->addr_read, ==, (uint64_t)-1);
    g_assert_cmphex(entry(1, 0x41000)->addr_read, ==, (uint64_t)-1);
    g_assert_cmphex(entry(0, 0x42000)->addr_read, ==, 0x42000);
    /* An entry in the same slot for another page survives. */
    tlb_set_page(cs, 0x40000 + CPU_TLB_SIZE * PAGE, 0x9000, rwx, 2, PAGE);
    tlb_flush_page(cs, 0x40000);
    g_assert_cmphex(entry(2, 0x40000)->addr_read, ==,
                    0x40000 + CPU_TLB_SIZE * PAGE);
    g_assert_cmphex(entry(0, 0x40000)->addr_read, ==, (uint64_t)-1);

    /* Large page (2 MiB): flushing any 4K of it drops the index. */
    tlb_set_page(cs, 0x600000 + 0x3000, 0x0, rwx, 3, 2 * MiB);
    g_assert(0x603000 + entry(3, 0x603000)->addend ==
             (uintptr_t)(ram_host + 0x3000));
    tlb_set_page(cs, 0x900000, 0xa000, rwx, 3, PAGE);
    tlb_flush_page(cs, 0x7ff000);
    g_assert_cmphex(entry(3, 0x603000)->addr_read, ==, (uint64_t)-1);
    g_assert_cmphex(entry(3, 0x900000)->addr_read, ==, (uint64_t)-1);
    g_assert_cmphex(entry(0, 0x42000)->addr_read, ==, 0x42000);

    /* The jump cache forgets TBs of flushed pages (and the page before). */
    tb = make_tb(0x42ff0, 0x2ff0, 32, 0);   /* not linked */
    tcs->jmp_cache[tb_jmp_cache_hash(tb->pc)] = tb;
    tlb_flush_page(cs, 0x44000);
    g_assert(tcs->jmp_cache[tb_jmp_cache_hash(tb->pc)] == tb);
    tlb_flush_page(cs, 0x43000);
    g_assert_null(tcs->jmp_cache[tb_jmp_cache_hash(tb->pc)]);
    tcs->jmp_cache[tb_jmp_cache_hash(tb->pc)] = tb;

    /* Full flush. */
    tlb_flush(cs);
    for (int i = 0; i < NB_MMU_MODES; i++) {
        for (int j = 0; j < CPU_TLB_SIZE; j++) {
            g_assert_cmphex(vcpu->tlb.table[i][j].addr_read, ==,
                            (uint64_t)-1);
        }
    }
    g_assert_null(tcs->jmp_cache[tb_jmp_cache_hash(tb->pc)]);

    /* Deferred flushes (left by another thread) apply on request. */
    tlb_set_page(cs, 0x40000, 0x0, rwx, 0, PAGE);
    tcs->pending_tlb_flush = 1u << 0;
    tlb_flush_pending(cs);
    g_assert_cmphex(entry(0, 0x40000)->addr_read, ==, (uint64_t)-1);
    g_assert_cmpuint(tcs->pending_tlb_flush, ==, 0);
    test_cleanup();
}

static MemOpIdx oi(MemOp mop, int idx)
{
    return make_memop_idx(mop, idx);
}

static void test_slow_paths(void)
{
    uint64_t rw = PAGE_READ | PAGE_WRITE;

    /* RAM through the helpers (as after a fast-path miss). */
    tlb_set_page(cs, 0x50000, 0x3000, rw, 0, PAGE);
    tlb_set_page(cs, 0x51000, 0x9000, rw, 0, PAGE);
    helper_st_mmu(env, 0x50010, 0x1122334455667788ull, oi(MO_UQ, 0), 0);
    g_assert_cmphex(ram_host[0x3010], ==, 0x88);
    g_assert_cmphex(ram_host[0x3017], ==, 0x11);
    g_assert_cmphex(helper_ld_mmu(env, 0x50010, oi(MO_UL, 0), 0), ==,
                    0x55667788);
    g_assert_cmphex(helper_ld_mmu(env, 0x50017, oi(MO_SB, 0), 0), ==,
                    0x11);
    ram_host[0x3020] = 0x80;
    ram_host[0x3021] = 0xff;
    g_assert_cmphex(helper_ld_mmu(env, 0x50020, oi(MO_SW, 0), 0), ==,
                    0xffffffffffffff80ull);
    g_assert_cmphex(helper_ld_mmu(env, 0x50020, oi(MO_UW, 0), 0), ==,
                    0xff80);
    g_assert_cmphex(cpu_lduw_mmuidx_ra(env, 0x50020, 0, 0), ==, 0xff80);

    /* Crossing into a page that is physically elsewhere. */
    helper_st_mmu(env, 0x50ffd, 0xa1a2a3a4a5a6a7a8ull, oi(MO_UQ, 0), 0);
    g_assert_cmphex(ram_host[0x3ffd], ==, 0xa8);
    g_assert_cmphex(ram_host[0x3fff], ==, 0xa6);
    g_assert_cmphex(ram_host[0x9000], ==, 0xa5);
    g_assert_cmphex(ram_host[0x9004], ==, 0xa1);
    g_assert_cmphex(helper_ld_mmu(env, 0x50ffd, oi(MO_UQ, 0), 0), ==,
                    0xa1a2a3a4a5a6a7a8ull);
    g_assert_cmphex(cpu_ldl_mmuidx_ra(env, 0x50ffe, 0, 0), ==, 0xa4a5a6a7);

    /* MMIO: dispatched with the region offset and size. */
    tlb_set_page(cs, 0x52000, MMIO_BASE, rw, 0, PAGE);
    mmio_writes = mmio_reads = 0;
    cpu_stw_mmuidx_ra(env, 0x52010, 0xbeef, 0, 0);
    g_assert_cmpuint(mmio_writes, ==, 1);
    g_assert_cmphex(mmio_last_addr, ==, 0x10);
    g_assert_cmphex(mmio_last_val, ==, 0xbeef);
    g_assert_cmpuint(mmio_last_size, ==, 2);
    g_assert_cmphex(cpu_ldl_mmuidx_ra(env, 0x52020, 0, 0), ==,
                    0x20 ^ 0xa5a5a5a5);
    g_assert_cmpuint(mmio_reads, ==, 1);
    g_assert_cmpuint(mmio_last_size, ==, 4);
    g_assert_false(bql_locked());

    /* ROM: reads direct, writes ignored. */
    rom_host[0x44] = 0x5a;
    tlb_set_page(cs, 0x53000, ROM_BASE, rw, 0, PAGE);
    cpu_stb_mmuidx_ra(env, 0x53044, 0x99, 0, 0);
    g_assert_cmphex(rom_host[0x44], ==, 0x5a);
    g_assert_cmphex(cpu_ldub_mmuidx_ra(env, 0x53044, 0, 0), ==, 0x5a);

    /* probe_access: host pointer for RAM, NULL for MMIO. */
    g_assert(probe_access(env, 0x50100, 16, 1, 0, 0) == ram_host + 0x3100);
    g_assert_null(probe_access(env, 0x52000, 4, 0, 0, 0));
    test_cleanup();
}

/* ---- invalidation ---- */

static void test_invalidate_range(void)
{
    TranslationBlock *a = link_tb(make_tb(0x1100, 0x1100, 0x20, 0));
    TranslationBlock *b = link_tb(make_tb(0x1200, 0x1200, 0x10, 0));
    /* Spans pages 0x1000 and 0x2000. */
    TranslationBlock *c = link_tb(make_tb(0x1ff8, 0x1ff8, 0x10, 0));
    TranslationBlock *d = link_tb(make_tb(0x3000, 0x3000, 0x10, 0));

    g_assert_true(tb_page_has_code(0x1000));
    g_assert_true(tb_page_has_code(0x2000));
    /* Bytes between TBs: nothing happens. */
    tb_invalidate_phys_range(0x1120, 0x1200);
    g_assert_true(tb_is_valid(a) && tb_is_valid(b));
    /* Last byte of a. */
    tb_invalidate_phys_range(0x111f, 0x1120);
    g_assert_false(tb_is_valid(a));
    g_assert_true(tb_is_valid(b));
    /* The second page of a two-page TB. */
    tb_invalidate_phys_range(0x2004, 0x2005);
    g_assert_false(tb_is_valid(c));
    g_assert_false(tb_page_has_code(0x2000));
    g_assert_true(tb_is_valid(b) && tb_is_valid(d));
    /* The page keeps protection while b lives on it. */
    g_assert_false(ram_block_get_dirty(ram.ram_block, 0x1000, PAGE,
                                       DIRTY_MEMORY_CODE));
    tb_invalidate_phys_range(0x1000, 0x4000);
    g_assert_false(tb_is_valid(b) || tb_is_valid(d));
    g_assert_false(tb_page_has_code(0x1000));
    /* Pages without TBs are writable at full speed again. */
    g_assert_true(ram_block_get_dirty(ram.ram_block, 0x1000, PAGE,
                                      DIRTY_MEMORY_CODE));
    g_assert_cmpuint(tb_count_live(), ==, 0);
    test_cleanup();
}

static void test_smc_store(void)
{
    TranslationBlock *a = link_tb(make_tb(0x4000, 0x4000, 0x10, 0));
    TranslationBlock *b = link_tb(make_tb(0x4800, 0x4800, 0x10, 0));
    CPUTLBEntry *e;

    /* A guest store to a code page takes the slow path... */
    tlb_set_page(cs, 0x60000, 0x4000, PAGE_READ | PAGE_WRITE, 0, PAGE);
    e = entry(0, 0x60000);
    g_assert_cmphex(e->addr_write, ==, 0x60000 | TLB_NOTDIRTY);
    /* ...data next to code leaves the code alone... */
    cpu_stl_mmuidx_ra(env, 0x60100, 0xdeadbeef, 0, 0);
    g_assert_true(tb_is_valid(a) && tb_is_valid(b));
    g_assert_cmphex(ram_host[0x4100], ==, 0xef);
    g_assert_cmphex(e->addr_write, ==, 0x60000 | TLB_NOTDIRTY);
    /* ...a store over a TB drops it... */
    cpu_stb_mmuidx_ra(env, 0x60004, 0x90, 0, 0);
    g_assert_false(tb_is_valid(a));
    g_assert_true(tb_is_valid(b));
    g_assert_cmphex(ram_host[0x4004], ==, 0x90);
    /* ...and when the last TB goes, the page is fast again. */
    cpu_stw_mmuidx_ra(env, 0x6080e, 0x1234, 0, 0);
    g_assert_false(tb_is_valid(b));
    g_assert_cmphex(e->addr_write, ==, 0x60000);
    test_cleanup();
}

static void test_dma_write_hook(void)
{
    TranslationBlock *a = link_tb(make_tb(0x5000, 0x5000, 0x10, 0));
    TranslationBlock *b = link_tb(make_tb(0x6000, 0x6000, 0x10, 0));
    TranslationBlock *c = link_tb(make_tb(ALIAS_BASE + 0x7000,
                                          ALIAS_BASE + 0x7000, 0x10, 0));
    uint8_t buf[4] = { 1, 2, 3, 4 };

    /* A device writing guest memory (DMA, loader) drops the code. */
    address_space_write(&address_space_memory, 0x5008, ATTRS, buf, 4);
    g_assert_false(tb_is_valid(a));
    g_assert_true(tb_is_valid(b));
    g_assert_cmphex(ram_host[0x5008], ==, 1);
    /* Writes to RAM reach TBs at every address it is mapped at. */
    address_space_write(&address_space_memory, 0x7000, ATTRS, buf, 1);
    g_assert_false(tb_is_valid(c));
    address_space_write(&address_space_memory, ALIAS_BASE + 0x6000, ATTRS,
                        buf, 1);
    g_assert_false(tb_is_valid(b));
    test_cleanup();
}

/* ---- chaining ---- */

static void test_chaining(void)
{
    TranslationBlock *a = link_tb(make_tb(0x8000, 0x8000, 0x10, 0));
    TranslationBlock *b = link_tb(make_tb(0x8100, 0x8100, 0x10, 0));
    TranslationBlock *c = link_tb(make_tb(0x8200, 0x8200, 0x10, 0));

    a->jmp_insn_offset[0] = a->jmp_insn_offset[1] = 0;
    b->jmp_insn_offset[0] = 0;
    /* a.0 -> b, a.1 -> c, b.0 -> c; c has no slots. */
    tb_add_jump(a, 0, b);
    tb_add_jump(a, 1, c);
    tb_add_jump(b, 0, c);
    tb_add_jump(c, 0, a);
    g_assert(a->jmp_dest[0] == (uintptr_t)b);
    g_assert(a->jmp_dest[1] == (uintptr_t)c);
    g_assert(b->jmp_dest[0] == (uintptr_t)c);
    g_assert_cmphex(c->jmp_dest[0], ==, 0);
    g_assert(b->jmp_list_head == ((uintptr_t)a | 0));
    /* c's incoming list holds b.0 then a.1. */
    g_assert(c->jmp_list_head == ((uintptr_t)b | 0));
    g_assert(b->jmp_list_next[0] == ((uintptr_t)a | 1));
    /* Chaining an already chained slot keeps the first target. */
    tb_add_jump(a, 0, c);
    g_assert(a->jmp_dest[0] == (uintptr_t)b);

    /* Invalidating c unchains both jumps into it. */
    tb_phys_invalidate(c);
    g_assert_cmphex(a->jmp_dest[1], ==, 0);
    g_assert_cmphex(b->jmp_dest[0], ==, 0);
    g_assert_cmphex(c->jmp_list_head, ==, 0);
    /* Never chain to an invalid TB. */
    tb_add_jump(b, 0, c);
    g_assert_cmphex(b->jmp_dest[0], ==, 0);

    /* Invalidating a source takes it off its target's list. */
    tb_add_jump(b, 0, a);
    tb_phys_invalidate(a);
    g_assert_cmphex(b->jmp_list_head, ==, 0);
    g_assert_cmphex(b->jmp_dest[0], ==, 0);
    test_cleanup();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup_machine();
    g_test_add_func("/tcg-runtime/tb/hash-lookup", test_tb_hash_lookup);
    g_test_add_func("/tcg-runtime/tb/restore-mapping", test_restore_mapping);
    g_test_add_func("/tcg-runtime/tlb/entries", test_tlb_entries);
    g_test_add_func("/tcg-runtime/tlb/flush", test_tlb_flush);
    g_test_add_func("/tcg-runtime/tlb/slow-paths", test_slow_paths);
    g_test_add_func("/tcg-runtime/invalidate/range", test_invalidate_range);
    g_test_add_func("/tcg-runtime/invalidate/smc-store", test_smc_store);
    g_test_add_func("/tcg-runtime/invalidate/dma-hook", test_dma_write_hook);
    g_test_add_func("/tcg-runtime/chaining", test_chaining);
    return g_test_run();
}
