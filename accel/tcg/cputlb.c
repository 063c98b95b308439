/*
 * The soft TLB (exec/cpu-tlb.h): filling it from the target's page walk,
 * flushing it, and the slow paths of guest loads and stores that the fast
 * path in generated code does not handle: misses, MMIO and ROM, pages
 * holding translated code (TLB_NOTDIRTY), accesses crossing a page.
 *
 * A vCPU's TLB is changed only by the thread running that vCPU (or by a
 * thread in an exclusive section); other threads leave a pending flush
 * and kick it (tlb_flush_pending). The one exception is code protection:
 * any translating thread sets TLB_NOTDIRTY in every vCPU's entries that
 * write a page that now holds code. Each vCPU's tlb_lock orders that
 * with the owner's fills, flushes and TLB_NOTDIRTY clearing, so that no
 * entry installed from a stale "page has no code" answer survives.
 */
#include "qemu/osdep.h"
#include "qemu/atomic.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "exec/cpu-ldst.h"
#include "exec/ramblock.h"
#include "target/i386/tcg/tcg-cpu.h"
#include "internal.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED

enum { ACCESS_READ = 0, ACCESS_WRITE = 1, ACCESS_EXEC = 2 };

/* x86 vectors the runtime raises itself. */
#define EXCP_UD 6
#define EXCP_GP 13

TCGCPUState *tcg_cpu_state(CPUState *cpu)
{
    TCGCPUState *tcs = qatomic_read((TCGCPUState **)&cpu->accel);

    if (!tcs) {
        TCGCPUState *fresh = g_new0(TCGCPUState, 1);
        void *expect = NULL;

        fresh->cflags_next_tb = -1;
        fresh->last_code_page = -1;
        g_mutex_init(&fresh->tlb_lock);
        g_mutex_init(&fresh->work_lock);
        for (int i = 0; i < NB_MMU_MODES; i++) {
            fresh->large_page_addr[i] = fresh->large_page_mask[i] = -1;
        }
        memset(fresh->vtable, 0xff, sizeof(fresh->vtable));
        if (__atomic_compare_exchange_n(&cpu->accel, &expect, fresh, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            /* A zeroed entry would map page 0 to host address 0. */
            X86CPU *xc = tcg_x86(cpu);
            memset(xc->tlb.table, 0xff, sizeof(xc->tlb.table));
            memset(xc->tlb.full, 0, sizeof(xc->tlb.full));
            tcs = fresh;
        } else {
            g_mutex_clear(&fresh->tlb_lock);
            g_mutex_clear(&fresh->work_lock);
            g_free(fresh);
            tcs = expect;
        }
    }
    return tcs;
}

bool tcg_cpu_is_owned(CPUState *cpu)
{
    if (tcg_in_exclusive()) {
        return true;        /* no vCPU runs */
    }
    if (tcg_mttcg_enabled) {
        return !cpu->thread || cpu->thread == g_thread_self();
    }
    return !tcg_rr_thread || tcg_rr_thread == g_thread_self();
}

static inline CPUTLBEntry *tlb_entry(CPUArchState *env, int mmu_idx,
                                     uint64_t addr)
{
    return &env_archcpu(env)->tlb.table[mmu_idx]
        [(addr >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1)];
}

static inline CPUTLBEntryFull *tlb_full(CPUArchState *env, int mmu_idx,
                                        uint64_t addr)
{
    return &env_archcpu(env)->tlb.full[mmu_idx]
        [(addr >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1)];
}

/* The page part of a comparator matches and it is not invalid. */
static inline bool tlb_hit(uint64_t tlb_addr, uint64_t addr)
{
    return (addr & TARGET_PAGE_MASK) ==
           (tlb_addr & (TARGET_PAGE_MASK | TLB_INVALID_MASK));
}

static inline uint64_t tlb_cmp(const CPUTLBEntry *e, int access)
{
    switch (access) {
    case ACCESS_READ:
        return qatomic_read(&e->addr_read);
    case ACCESS_WRITE:
        return qatomic_read(&e->addr_write);
    default:
        return qatomic_read(&e->addr_code);
    }
}

/* The page an entry translates, or -1 if it is empty. */
static inline uint64_t tlb_entry_page(const CPUTLBEntry *e)
{
    if (!(e->addr_read & TLB_INVALID_MASK)) {
        return e->addr_read & TARGET_PAGE_MASK;
    }
    if (!(e->addr_write & TLB_INVALID_MASK)) {
        return e->addr_write & TARGET_PAGE_MASK;
    }
    if (!(e->addr_code & TLB_INVALID_MASK)) {
        return e->addr_code & TARGET_PAGE_MASK;
    }
    return -1;
}

/* A miss in the table: swap in addr's entry from the victim TLB if there. */
static bool tlb_victim_swap(CPUArchState *env, CPUTLBEntry *e, uint64_t addr,
                            int access, int mmu_idx)
{
    TCGCPUState *tcs = tcg_cpu_state(env_cpu(env));

    for (int k = 0; k < CPU_VTLB_SIZE; k++) {
        CPUTLBEntry *v = &tcs->vtable[mmu_idx][k];

        if (tlb_hit(tlb_cmp(v, access), addr)) {
            CPUTLBEntryFull *full = tlb_full(env, mmu_idx, addr);
            CPUTLBEntryFull *vfull = &tcs->vfull[mmu_idx][k];
            CPUTLBEntry te;
            CPUTLBEntryFull tf;

            g_mutex_lock(&tcs->tlb_lock);
            te = *e;
            tf = *full;
            qatomic_set(&e->addend, v->addend);
            qatomic_set(&e->addr_read, v->addr_read);
            qatomic_set(&e->addr_code, v->addr_code);
            qatomic_set(&e->addr_write, v->addr_write);
            *full = *vfull;
            *v = te;
            *vfull = tf;
            g_mutex_unlock(&tcs->tlb_lock);
            return true;
        }
    }
    return false;
}

/* ---- flushing ---- */

static void tlb_flush_mmu_locked(X86CPU *xc, TCGCPUState *tcs, int mmu_idx)
{
    memset(xc->tlb.table[mmu_idx], 0xff, sizeof(xc->tlb.table[mmu_idx]));
    memset(xc->tlb.full[mmu_idx], 0, sizeof(xc->tlb.full[mmu_idx]));
    memset(tcs->vtable[mmu_idx], 0xff, sizeof(tcs->vtable[mmu_idx]));
    memset(tcs->vfull[mmu_idx], 0, sizeof(tcs->vfull[mmu_idx]));
    tcs->large_page_addr[mmu_idx] = -1;
    tcs->large_page_mask[mmu_idx] = -1;
}

static void tlb_flush_by_mask_now(CPUState *cpu, uint32_t mask)
{
    X86CPU *xc = tcg_x86(cpu);
    TCGCPUState *tcs = tcg_cpu_state(cpu);

    g_mutex_lock(&tcs->tlb_lock);
    for (int i = 0; i < NB_MMU_MODES; i++) {
        if (mask & (1u << i)) {
            tlb_flush_mmu_locked(xc, tcs, i);
        }
    }
    g_mutex_unlock(&tcs->tlb_lock);
    tb_jmp_cache_clear(cpu);
}

void tlb_init_cpu(CPUState *cpu)
{
    tlb_flush_by_mask_now(cpu, TLB_FLUSH_ALL_MMU);
}

void tlb_flush_pending(CPUState *cpu)
{
    TCGCPUState *tcs = tcg_cpu_state(cpu);
    uint32_t mask;

    mask = qatomic_load_acquire(&tcs->pending_tlb_flush);
    if (mask) {
        /* Flush, then clear: tlb_flush_others_synced waits for zero. A
         * request for the same bits arriving meanwhile is covered, since
         * nothing was filled since the flush. */
        tlb_flush_by_mask_now(cpu, mask);
        qatomic_fetch_and(&tcs->pending_tlb_flush, ~mask);
    }
}

/* Another thread's flush: cpu applies it before its next TB. */
static void tlb_flush_async(CPUState *cpu, uint32_t mask)
{
    qatomic_fetch_or(&tcg_cpu_state(cpu)->pending_tlb_flush, mask);
    tcg_kick_exit(cpu);
}

void tlb_flush(CPUState *cpu)
{
    if (tcg_cpu_is_owned(cpu)) {
        tlb_flush_by_mask_now(cpu, TLB_FLUSH_ALL_MMU);
    } else {
        tlb_flush_async(cpu, TLB_FLUSH_ALL_MMU);
    }
}

void tlb_flush_page(CPUState *cpu, uint64_t vaddr)
{
    X86CPU *xc = tcg_x86(cpu);
    TCGCPUState *tcs = tcg_cpu_state(cpu);
    uint64_t page = vaddr & TARGET_PAGE_MASK;

    if (!tcg_cpu_is_owned(cpu)) {
        tlb_flush_async(cpu, TLB_FLUSH_ALL_MMU);
        return;
    }
    g_mutex_lock(&tcs->tlb_lock);
    for (int i = 0; i < NB_MMU_MODES; i++) {
        CPUTLBEntry *e;

        if ((page & tcs->large_page_mask[i]) == tcs->large_page_addr[i]) {
            /* Somewhere in a large page: we do not know its 4K pieces. */
            tlb_flush_mmu_locked(xc, tcs, i);
            continue;
        }
        e = tlb_entry(&xc->env, i, page);
        if (tlb_hit(e->addr_read, page) || tlb_hit(e->addr_write, page) ||
            tlb_hit(e->addr_code, page)) {
            memset(e, 0xff, sizeof(*e));
        }
        for (int k = 0; k < CPU_VTLB_SIZE; k++) {
            e = &tcs->vtable[i][k];
            if (tlb_hit(e->addr_read, page) || tlb_hit(e->addr_write, page) ||
                tlb_hit(e->addr_code, page)) {
                memset(e, 0xff, sizeof(*e));
            }
        }
    }
    g_mutex_unlock(&tcs->tlb_lock);
    tb_jmp_cache_clear_page(cpu, page);
}

/*
 * Flushes from a vCPU that every vCPU must have done before it goes on:
 * the others get a pending flush and a kick, and the caller waits until
 * each has applied it or is outside cpu_exec (it applies pending flushes
 * before its first TB). While waiting, the caller applies flushes others
 * ask of it, so two vCPUs flushing at once do not wait for each other.
 * With the BQL held the wait could deadlock (a vCPU may be blocked on
 * it in an MMIO access), so the others are only asked.
 */
static void tlb_flush_others_synced(CPUState *src, uint32_t mask)
{
    CPUState *cpu;
    bool wait = tcg_mttcg_enabled && !bql_locked() && !tcg_in_exclusive();

    CPU_FOREACH(cpu) {
        if (cpu != src) {
            if (tcg_cpu_is_owned(cpu)) {
                tlb_flush_by_mask_now(cpu, mask);
            } else {
                tlb_flush_async(cpu, mask);
            }
        }
    }
    if (!wait) {
        return;
    }
    CPU_FOREACH(cpu) {
        TCGCPUState *tcs;

        if (cpu == src || !cpu->accel) {
            continue;
        }
        tcs = tcg_cpu_state(cpu);
        while (qatomic_load_acquire(&tcs->pending_tlb_flush) &&
               tcg_cpu_running(cpu)) {
            if (src && src->accel) {
                tlb_flush_pending(src);
            }
            g_thread_yield();
        }
    }
}

void tlb_flush_all_cpus_synced(CPUState *src)
{
    if (src) {
        tlb_flush(src);
    }
    if (cpu_list) {
        tlb_flush_others_synced(src, TLB_FLUSH_ALL_MMU);
    }
}

void tlb_flush_page_all_cpus_synced(CPUState *src, uint64_t vaddr)
{
    if (src) {
        tlb_flush_page(src, vaddr);
    }
    if (cpu_list) {
        /* Others do not queue single pages: they flush everything. */
        tlb_flush_others_synced(src, TLB_FLUSH_ALL_MMU);
    }
}

/* ---- filling ---- */

void *tcg_phys_to_host(uint64_t paddr, RAMBlock **rb, uint64_t *rb_offset)
{
    MemoryRegionSection sec = memory_region_find(get_system_memory(),
                                                 paddr, 1);
    MemoryRegion *mr = sec.mr;

    if (!mr || !mr->ram_block ||
        (!mr->ram && !(mr->rom_device && mr->romd_mode))) {
        return NULL;
    }
    if (rb) {
        *rb = mr->ram_block;
    }
    if (rb_offset) {
        *rb_offset = sec.offset_within_region;
    }
    return (uint8_t *)memory_region_get_ram_ptr(mr) +
           sec.offset_within_region;
}

/* Page has translated code: its RAM block's code bit is clear. */
static bool page_is_code(RAMBlock *rb, uint64_t off)
{
    return !ram_block_get_dirty(rb, off & TARGET_PAGE_MASK, TARGET_PAGE_SIZE,
                                DIRTY_MEMORY_CODE);
}

static bool region_logs_writes(MemoryRegion *mr)
{
    return (mr->dirty_log_mask & ~(1u << DIRTY_MEMORY_CODE)) ||
           memory_global_dirty_log_enabled();
}

void tlb_set_page(CPUState *cpu, uint64_t vaddr, uint64_t paddr, int prot,
                  int mmu_idx, uint64_t size)
{
    X86CPU *xc = tcg_x86(cpu);
    TCGCPUState *tcs = tcg_cpu_state(cpu);
    uint64_t vaddr_page, paddr_page;
    MemoryRegionSection sec;
    MemoryRegion *mr;
    CPUTLBEntry n, *e;
    CPUTLBEntryFull *full;
    uint8_t *host = NULL;

    g_assert(mmu_idx >= 0 && mmu_idx < NB_MMU_MODES);
    if (size < TARGET_PAGE_SIZE) {
        size = TARGET_PAGE_SIZE;
    }
    vaddr_page = vaddr & TARGET_PAGE_MASK;
    paddr_page = (paddr & ~(size - 1)) | (vaddr & (size - 1) &
                                          TARGET_PAGE_MASK);
    if (size > TARGET_PAGE_SIZE) {
        uint64_t lp_mask = ~(size - 1);
        uint64_t lp_addr = vaddr & lp_mask;

        if (tcs->large_page_addr[mmu_idx] == (uint64_t)-1) {
            tcs->large_page_addr[mmu_idx] = lp_addr;
            tcs->large_page_mask[mmu_idx] = lp_mask;
        } else {
            /* Widen the tracked range to cover both. */
            lp_mask &= tcs->large_page_mask[mmu_idx];
            while ((tcs->large_page_addr[mmu_idx] ^ lp_addr) & lp_mask) {
                lp_mask <<= 1;
            }
            tcs->large_page_mask[mmu_idx] = lp_mask;
            tcs->large_page_addr[mmu_idx] = lp_addr & lp_mask;
        }
    }

    sec = memory_region_find(get_system_memory(), paddr_page,
                             TARGET_PAGE_SIZE);
    mr = sec.mr;
    /* A page split between regions goes through the memory API whole. */
    if (mr && (sec.offset_within_address_space != paddr_page ||
               sec.size < TARGET_PAGE_SIZE)) {
        mr = NULL;
    }
    if (mr && mr->ram_block &&
        (mr->ram || (mr->rom_device && mr->romd_mode))) {
        host = (uint8_t *)memory_region_get_ram_ptr(mr) +
               sec.offset_within_region;
    }

    n.addr_read = n.addr_write = n.addr_code = -1;
    /* From the code check to the entry store (see the top of the file). */
    g_mutex_lock(&tcs->tlb_lock);
    if (host) {
        n.addend = (uintptr_t)host - vaddr_page;
        if (prot & PAGE_READ) {
            n.addr_read = vaddr_page;
        }
        if (prot & PAGE_EXEC) {
            n.addr_code = vaddr_page;
        }
        if (prot & PAGE_WRITE) {
            if (sec.readonly || mr->readonly || mr->rom_device) {
                n.addr_write = vaddr_page | TLB_MMIO;
            } else {
                n.addr_write = vaddr_page;
                if (page_is_code(mr->ram_block, sec.offset_within_region) ||
                    region_logs_writes(mr)) {
                    n.addr_write |= TLB_NOTDIRTY;
                }
            }
        }
    } else {
        n.addend = 0;
        if (prot & PAGE_READ) {
            n.addr_read = vaddr_page | TLB_MMIO;
        }
        if (prot & PAGE_WRITE) {
            n.addr_write = vaddr_page | TLB_MMIO;
        }
        if (prot & PAGE_EXEC) {
            n.addr_code = vaddr_page | TLB_MMIO;
        }
    }

    e = tlb_entry(&xc->env, mmu_idx, vaddr_page);
    full = tlb_full(&xc->env, mmu_idx, vaddr_page);
    if (tlb_entry_page(e) != (uint64_t)-1 &&
        tlb_entry_page(e) != vaddr_page) {
        /* Keep the evicted translation: a conflicting page comes back
         * without a page walk. */
        unsigned k = tcs->vindex[mmu_idx]++ % CPU_VTLB_SIZE;

        tcs->vtable[mmu_idx][k] = *e;
        tcs->vfull[mmu_idx][k] = *full;
    }
    full->phys_addr = paddr_page;
    full->prot = prot;
    full->mr = mr;
    full->mr_offset = mr ? sec.offset_within_region : 0;
    qatomic_set(&e->addend, n.addend);
    qatomic_set(&e->addr_read, n.addr_read);
    qatomic_set(&e->addr_code, n.addr_code);
    qatomic_set(&e->addr_write, n.addr_write);
    g_mutex_unlock(&tcs->tlb_lock);
}

void tlb_protect_code_page(uint64_t phys_page)
{
    static GMutex protect_lock;
    RAMBlock *rb;
    uint64_t off;
    uint8_t *host = tcg_phys_to_host(phys_page & TARGET_PAGE_MASK, &rb, &off);
    CPUState *cpu;

    if (!host) {
        return;             /* not RAM */
    }
    /*
     * Serialised, so that a second translator of the page (which finds
     * it protected already) does not read code before the first one has
     * made every vCPU's entries for it slow.
     */
    g_mutex_lock(&protect_lock);
    if (!ram_block_test_and_clear_dirty(rb, off, TARGET_PAGE_SIZE,
                                        DIRTY_MEMORY_CODE) || !cpu_list) {
        g_mutex_unlock(&protect_lock);
        return;             /* protected already */
    }
    /* Entries writing this page directly must take the slow path now. */
    CPU_FOREACH(cpu) {
        X86CPU *xc = tcg_x86(cpu);
        TCGCPUState *tcs = tcg_cpu_state(cpu);

        g_mutex_lock(&tcs->tlb_lock);
        for (int i = 0; i < NB_MMU_MODES; i++) {
            for (int j = 0; j < CPU_TLB_SIZE; j++) {
                CPUTLBEntry *e = &xc->tlb.table[i][j];
                uint64_t aw = qatomic_read(&e->addr_write);
                if (!(aw & (TLB_INVALID_MASK | TLB_MMIO | TLB_NOTDIRTY)) &&
                    (aw & TARGET_PAGE_MASK) + qatomic_read(&e->addend) ==
                    (uintptr_t)host) {
                    qatomic_fetch_or(&e->addr_write, TLB_NOTDIRTY);
                }
            }
            for (int k = 0; k < CPU_VTLB_SIZE; k++) {
                CPUTLBEntry *e = &tcs->vtable[i][k];
                uint64_t aw = e->addr_write;
                if (!(aw & (TLB_INVALID_MASK | TLB_MMIO | TLB_NOTDIRTY)) &&
                    (aw & TARGET_PAGE_MASK) + e->addend == (uintptr_t)host) {
                    e->addr_write = aw | TLB_NOTDIRTY;
                }
            }
        }
        g_mutex_unlock(&tcs->tlb_lock);
    }
    g_mutex_unlock(&protect_lock);
}

/*
 * Makes sure vaddr's page is in the TLB for access; returns the entry,
 * or NULL if probe and the page is not accessible.
 */
static CPUTLBEntry *tlb_fill_entry(CPUArchState *env, uint64_t addr,
                                   int size, int access, int mmu_idx,
                                   bool probe, uintptr_t ra)
{
    CPUTLBEntry *e = tlb_entry(env, mmu_idx, addr);

    if (likely(tlb_hit(tlb_cmp(e, access), addr))) {
        return e;
    }
    if (tlb_victim_swap(env, e, addr, access, mmu_idx)) {
        return e;
    }
    if (!x86_cpu_tlb_fill(env_cpu(env), addr, size, access, mmu_idx, probe,
                          ra)) {
        return NULL;
    }
    e = tlb_entry(env, mmu_idx, addr);
    if (!tlb_hit(tlb_cmp(e, access), addr)) {
        /* The target filled without the permission it did not refuse. */
        if (probe) {
            return NULL;
        }
        g_error("tcg: tlb_fill for 0x%" PRIx64 " (access %d, mmu %d) did "
                "not install a usable entry", addr, access, mmu_idx);
    }
    return e;
}

/* ---- I/O ---- */

static uint64_t io_read(CPUArchState *env, CPUTLBEntryFull *full,
                        uint64_t addr, unsigned size)
{
    uint64_t off = addr & ~TARGET_PAGE_MASK;
    uint64_t val = 0;
    bool locked = bql_locked();

    if (!locked) {
        bql_lock();
    }
    if (full->mr) {
        memory_region_dispatch_read(full->mr, full->mr_offset + off, &val,
                                    size, ATTRS);
    } else {
        uint8_t buf[8] = { 0 };
        address_space_read(&address_space_memory, full->phys_addr + off,
                           ATTRS, buf, size);
        for (unsigned i = 0; i < size; i++) {
            val |= (uint64_t)buf[i] << (8 * i);
        }
    }
    if (!locked) {
        bql_unlock();
    }
    return val;
}

static void io_write(CPUArchState *env, CPUTLBEntryFull *full, uint64_t addr,
                     uint64_t val, unsigned size)
{
    uint64_t off = addr & ~TARGET_PAGE_MASK;
    MemoryRegion *mr = full->mr;
    bool locked;

    if (mr && mr->ram && !mr->rom_device) {
        return;             /* ROM: writes are ignored */
    }
    locked = bql_locked();
    if (!locked) {
        bql_lock();
    }
    if (mr) {
        memory_region_dispatch_write(mr, full->mr_offset + off, val, size,
                                     ATTRS);
    } else {
        uint8_t buf[8];
        for (unsigned i = 0; i < size; i++) {
            buf[i] = val >> (8 * i);
        }
        address_space_write(&address_space_memory, full->phys_addr + off,
                            ATTRS, buf, size);
    }
    if (!locked) {
        bql_unlock();
    }
}

/* ---- RAM access ---- */

static inline uint64_t ram_load(const void *p, unsigned size)
{
    switch (size) {
    case 1:
        return *(const uint8_t *)p;
    case 2: {
        uint16_t v;
        memcpy(&v, p, 2);
        return v;
    }
    case 4: {
        uint32_t v;
        memcpy(&v, p, 4);
        return v;
    }
    default: {
        uint64_t v;
        memcpy(&v, p, 8);
        return v;
    }
    }
}

static inline void ram_store(void *p, uint64_t val, unsigned size)
{
    switch (size) {
    case 1:
        *(uint8_t *)p = val;
        break;
    case 2: {
        uint16_t v = val;
        memcpy(p, &v, 2);
        break;
    }
    case 4: {
        uint32_t v = val;
        memcpy(p, &v, 4);
        break;
    }
    default:
        memcpy(p, &val, 8);
        break;
    }
}

/*
 * A store to a RAM page with TLB_NOTDIRTY. Before it: if it rewrites the
 * running TB, restart in a TB of its own (longjmp). After it: drop the
 * translations it overwrote (store first, so a translation racing on
 * another vCPU either saw the new bytes or is dropped or refused), record
 * the write for dirty logging, and when nothing needs watching any more
 * put the entry back on the fast path.
 */
static void notdirty_prepare(CPUArchState *env, CPUTLBEntryFull *full,
                             uint64_t addr, unsigned size, uintptr_t ra)
{
    MemoryRegion *mr = full->mr;
    uint64_t phys = full->phys_addr | (addr & ~TARGET_PAGE_MASK);

    if (mr && mr->ram_block && page_is_code(mr->ram_block, full->mr_offset)) {
        tb_check_smc_current(env_cpu(env), phys, phys + size, ra);
    }
}

static void notdirty_finish(CPUArchState *env, CPUTLBEntry *e,
                            CPUTLBEntryFull *full, uint64_t addr,
                            unsigned size)
{
    MemoryRegion *mr = full->mr;
    TCGCPUState *tcs = tcg_cpu_state(env_cpu(env));
    uint64_t off, phys = full->phys_addr | (addr & ~TARGET_PAGE_MASK);

    if (!mr || !mr->ram_block) {
        return;
    }
    if (page_is_code(mr->ram_block, full->mr_offset)) {
        tb_invalidate_phys_range(phys, phys + size);
    }
    off = full->mr_offset + (addr & ~TARGET_PAGE_MASK);
    for (unsigned c = 0; c < DIRTY_MEMORY_NUM; c++) {
        if (c != DIRTY_MEMORY_CODE &&
            ((mr->dirty_log_mask & (1u << c)) ||
             (c == DIRTY_MEMORY_MIGRATION &&
              memory_global_dirty_log_enabled()))) {
            ram_block_set_dirty(mr->ram_block, off, size, c);
        }
    }
    g_mutex_lock(&tcs->tlb_lock);
    if (!page_is_code(mr->ram_block, full->mr_offset) &&
        !region_logs_writes(mr)) {
        /* Nothing to watch any more: back to the fast path. */
        uint64_t aw = qatomic_read(&e->addr_write);
        if (tlb_hit(aw, addr) && (aw & TLB_NOTDIRTY)) {
            qatomic_set(&e->addr_write, aw & ~TLB_NOTDIRTY);
        }
    }
    g_mutex_unlock(&tcs->tlb_lock);
}

/* ---- loads and stores within one page ---- */

static uint64_t ld_page(CPUArchState *env, uint64_t addr, unsigned size,
                        int mmu_idx, int access, uintptr_t ra)
{
    CPUTLBEntry *e = tlb_fill_entry(env, addr, size, access, mmu_idx, false,
                                    ra);
    uint64_t cmp = tlb_cmp(e, access);

    if (unlikely(cmp & TLB_MMIO)) {
        CPUTLBEntryFull *full = tlb_full(env, mmu_idx, addr);
        if (access == ACCESS_EXEC) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "tcg: executing from non-RAM at 0x%" PRIx64
                          " (physical 0x%" PRIx64 ")\n", addr,
                          full->phys_addr | (addr & ~TARGET_PAGE_MASK));
            raise_exception_ra(env, EXCP_UD, ra);
        }
        return io_read(env, full, addr, size);
    }
    return ram_load((void *)(uintptr_t)(addr + e->addend), size);
}

static void st_page(CPUArchState *env, uint64_t addr, uint64_t val,
                    unsigned size, int mmu_idx, uintptr_t ra)
{
    CPUTLBEntry *e = tlb_fill_entry(env, addr, size, ACCESS_WRITE, mmu_idx,
                                    false, ra);
    uint64_t cmp = qatomic_read(&e->addr_write);
    CPUTLBEntryFull *full;

    if (likely(!(cmp & TLB_FLAGS_MASK))) {
        ram_store((void *)(uintptr_t)(addr + e->addend), val, size);
        return;
    }
    full = tlb_full(env, mmu_idx, addr);
    if (cmp & TLB_MMIO) {
        io_write(env, full, addr, val, size);
        return;
    }
    notdirty_prepare(env, full, addr, size, ra);
    /* Nothing above changed the entry: it is still ours. */
    ram_store((void *)(uintptr_t)(addr + e->addend), val, size);
    notdirty_finish(env, e, full, addr, size);
}

static inline bool crosses_page(uint64_t addr, unsigned size)
{
    return (addr & ~TARGET_PAGE_MASK) + size > TARGET_PAGE_SIZE;
}

static G_NORETURN void unaligned_fault(CPUArchState *env, uint64_t addr,
                                       uintptr_t ra)
{
    /* MO_ALIGN is used for operands that must be aligned (SSE): #GP(0). */
    raise_exception_err_ra(env, EXCP_GP, 0, ra);
}

static uint64_t do_ld(CPUArchState *env, uint64_t addr, MemOp mop,
                      int mmu_idx, int access, uintptr_t ra)
{
    unsigned size = 1u << (mop & MO_SIZE);
    uint64_t val;

    if ((mop & MO_ALIGN) && (addr & (size - 1))) {
        unaligned_fault(env, addr, ra);
    }
    if (likely(!crosses_page(addr, size))) {
        val = ld_page(env, addr, size, mmu_idx, access, ra);
    } else {
        uint64_t next = (addr & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;

        /* Both pages must be accessible before anything is read. */
        tlb_fill_entry(env, addr, next - addr, access, mmu_idx, false, ra);
        tlb_fill_entry(env, next, size - (next - addr), access, mmu_idx,
                       false, ra);
        val = 0;
        for (unsigned i = 0; i < size; i++) {
            val |= ld_page(env, addr + i, 1, mmu_idx, access, ra) << (8 * i);
        }
    }
    if (mop & MO_SIGN) {
        unsigned shift = 64 - 8 * size;
        val = (uint64_t)((int64_t)(val << shift) >> shift);
    }
    return val;
}

static void do_st(CPUArchState *env, uint64_t addr, uint64_t val, MemOp mop,
                  int mmu_idx, uintptr_t ra)
{
    unsigned size = 1u << (mop & MO_SIZE);

    if ((mop & MO_ALIGN) && (addr & (size - 1))) {
        unaligned_fault(env, addr, ra);
    }
    if (likely(!crosses_page(addr, size))) {
        st_page(env, addr, val, size, mmu_idx, ra);
    } else {
        uint64_t next = (addr & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;

        /* No byte is written unless both pages are writable. */
        tlb_fill_entry(env, addr, next - addr, ACCESS_WRITE, mmu_idx, false,
                       ra);
        tlb_fill_entry(env, next, size - (next - addr), ACCESS_WRITE,
                       mmu_idx, false, ra);
        for (unsigned i = 0; i < size; i++) {
            st_page(env, addr + i, val >> (8 * i), 1, mmu_idx, ra);
        }
    }
}

uint64_t helper_ld_mmu(CPUArchState *env, uint64_t addr, MemOpIdx oi,
                       uintptr_t retaddr)
{
    return do_ld(env, addr, get_memop(oi), get_mmuidx(oi), ACCESS_READ,
                 retaddr);
}

void helper_st_mmu(CPUArchState *env, uint64_t addr, uint64_t val,
                   MemOpIdx oi, uintptr_t retaddr)
{
    do_st(env, addr, val, get_memop(oi), get_mmuidx(oi), retaddr);
}

uint32_t cpu_ldub_mmuidx_ra(CPUArchState *env, uint64_t addr, int mmu_idx,
                            uintptr_t ra)
{
    return do_ld(env, addr, MO_UB, mmu_idx, ACCESS_READ, ra);
}

uint32_t cpu_lduw_mmuidx_ra(CPUArchState *env, uint64_t addr, int mmu_idx,
                            uintptr_t ra)
{
    return do_ld(env, addr, MO_UW, mmu_idx, ACCESS_READ, ra);
}

uint32_t cpu_ldl_mmuidx_ra(CPUArchState *env, uint64_t addr, int mmu_idx,
                           uintptr_t ra)
{
    return do_ld(env, addr, MO_UL, mmu_idx, ACCESS_READ, ra);
}

uint64_t cpu_ldq_mmuidx_ra(CPUArchState *env, uint64_t addr, int mmu_idx,
                           uintptr_t ra)
{
    return do_ld(env, addr, MO_UQ, mmu_idx, ACCESS_READ, ra);
}

void cpu_stb_mmuidx_ra(CPUArchState *env, uint64_t addr, uint32_t val,
                       int mmu_idx, uintptr_t ra)
{
    do_st(env, addr, val, MO_UB, mmu_idx, ra);
}

void cpu_stw_mmuidx_ra(CPUArchState *env, uint64_t addr, uint32_t val,
                       int mmu_idx, uintptr_t ra)
{
    do_st(env, addr, val, MO_UW, mmu_idx, ra);
}

void cpu_stl_mmuidx_ra(CPUArchState *env, uint64_t addr, uint32_t val,
                       int mmu_idx, uintptr_t ra)
{
    do_st(env, addr, val, MO_UL, mmu_idx, ra);
}

void cpu_stq_mmuidx_ra(CPUArchState *env, uint64_t addr, uint64_t val,
                       int mmu_idx, uintptr_t ra)
{
    do_st(env, addr, val, MO_UQ, mmu_idx, ra);
}

/* ---- instruction fetch ---- */

/*
 * The translator reads code through here: the page is protected before
 * its bytes are read, so a write racing with translation is seen (the
 * write invalidates, and tb_link refuses the stale TB).
 */
static uint64_t code_fetch(CPUArchState *env, uint64_t addr, MemOp mop)
{
    int mmu_idx = cpu_mmu_index(env);
    unsigned size = 1u << (mop & MO_SIZE);
    TCGCPUState *tcs = tcg_cpu_state(env_cpu(env));
    uint64_t page = get_page_addr_code(env, addr) & TARGET_PAGE_MASK;

    if (page != tcs->last_code_page) {
        tlb_protect_code_page(page);
        tcs->last_code_page = page;
    }
    if (crosses_page(addr, size)) {
        uint64_t next = (addr & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;
        uint64_t p2 = get_page_addr_code(env, next) & TARGET_PAGE_MASK;
        tlb_protect_code_page(p2);
        tcs->last_code_page = p2;
    }
    return do_ld(env, addr, mop, mmu_idx, ACCESS_EXEC, 0);
}

uint32_t cpu_ldub_code(CPUArchState *env, uint64_t addr)
{
    return code_fetch(env, addr, MO_UB);
}

uint32_t cpu_lduw_code(CPUArchState *env, uint64_t addr)
{
    return code_fetch(env, addr, MO_UW);
}

uint32_t cpu_ldl_code(CPUArchState *env, uint64_t addr)
{
    return code_fetch(env, addr, MO_UL);
}

uint64_t cpu_ldq_code(CPUArchState *env, uint64_t addr)
{
    return code_fetch(env, addr, MO_UQ);
}

uint64_t get_page_addr_code(CPUArchState *env, uint64_t addr)
{
    int mmu_idx = cpu_mmu_index(env);
    CPUTLBEntry *e = tlb_fill_entry(env, addr, 1, ACCESS_EXEC, mmu_idx,
                                    false, 0);
    CPUTLBEntryFull *full = tlb_full(env, mmu_idx, addr);

    if (unlikely(e->addr_code & TLB_MMIO)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "tcg: executing from non-RAM at 0x%" PRIx64
                      " (physical 0x%" PRIx64 ")\n", addr,
                      full->phys_addr | (addr & ~TARGET_PAGE_MASK));
        raise_exception(env, EXCP_UD);
    }
    return full->phys_addr | (addr & ~TARGET_PAGE_MASK);
}

uint64_t get_page_addr_code_probe(CPUArchState *env, uint64_t addr)
{
    int mmu_idx = cpu_mmu_index(env);
    CPUTLBEntry *e = tlb_fill_entry(env, addr, 1, ACCESS_EXEC, mmu_idx, true,
                                    0);

    if (!e || (e->addr_code & TLB_MMIO)) {
        return -1;
    }
    return tlb_full(env, mmu_idx, addr)->phys_addr |
           (addr & ~TARGET_PAGE_MASK);
}

/* ---- probing ---- */

void *probe_access(CPUArchState *env, uint64_t vaddr, int size, int access,
                   int mmu_idx, uintptr_t retaddr)
{
    CPUTLBEntry *e;
    uint64_t cmp;

    g_assert(!crosses_page(vaddr, size > 0 ? size : 1));
    e = tlb_fill_entry(env, vaddr, size > 0 ? size : 1, access, mmu_idx,
                       false, retaddr);
    cmp = tlb_cmp(e, access);
    if (cmp & TLB_MMIO) {
        return NULL;
    }
    if (access == ACCESS_WRITE && (cmp & TLB_NOTDIRTY) && size > 0) {
        /* The caller writes directly: drop the code it overwrites (before
         * the write, unlike stores: see docs/devel/tcg.md). */
        CPUTLBEntryFull *full = tlb_full(env, mmu_idx, vaddr);
        notdirty_prepare(env, full, vaddr, size, retaddr);
        notdirty_finish(env, e, full, vaddr, size);
    }
    return (void *)(uintptr_t)(vaddr + e->addend);
}

void *tlb_vaddr_to_host(CPUArchState *env, uint64_t vaddr, int access,
                        int mmu_idx)
{
    CPUTLBEntry *e = tlb_fill_entry(env, vaddr, 1, access, mmu_idx, true, 0);

    if (!e || (tlb_cmp(e, access) & (TLB_MMIO | TLB_NOTDIRTY))) {
        return NULL;
    }
    return (void *)(uintptr_t)(vaddr + e->addend);
}
