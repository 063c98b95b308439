/*
 * TB bookkeeping: the hash table keyed by (guest physical pc, cs_base,
 * flags, cflags), the per-guest-physical-page lists that find the TBs to
 * drop when code is written (self-modifying code, DMA, loaders), direct
 * chaining between TBs, flushing the whole cache, and the safe-work
 * queue that runs jobs while no vCPU executes translated code.
 *
 * Locking: tb_lock guards changes to the hash table, the page lists and
 * the jump lists. It is taken after the BQL, never before it. Lookups in
 * the hash table take no lock: chains are published with release stores
 * and TB records are only freed by tb_flush_now, which runs with no vCPU
 * in translated code (a reader walking a TB that was just removed may
 * miss and translate again; tb_link then returns the live TB).
 */
#include "qemu/osdep.h"
#include "qemu/atomic.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "exec/ramblock.h"
#include "hw/core/cpu.h"
#include "internal.h"

#define TB_HASH_BITS 16
#define TB_HASH_SIZE (1u << TB_HASH_BITS)

/* TB list entries are tagged pointers: TB | n (which of its pages/slots). */
#define TB_TAG_TB(v) ((TranslationBlock *)((v) & ~(uintptr_t)1))
#define TB_TAG_N(v) ((int)((v) & 1))

typedef struct PageDesc {
    uintptr_t first_tb;           /* TB | n, threaded via page_next[n] */
} PageDesc;

static GMutex tb_lock;
static TranslationBlock **tb_htable;
static GHashTable *tb_pages;      /* guest physical page -> PageDesc */
static unsigned tb_live;
static unsigned tb_flushes;
static uint64_t tb_inval_seq;

/*
 * Invalidation sequence numbers, so that a translation is refused only if
 * code it read changed: tb_inval_seq counts invalidations; each bucket of
 * guest physical pages remembers the value of the last one that touched
 * it, and tb_flush_seq the value at the last flush.
 */
#define TB_PAGE_SEQ_BITS 12
#define TB_PAGE_SEQ_SIZE (1u << TB_PAGE_SEQ_BITS)
static uint64_t tb_page_seq[TB_PAGE_SEQ_SIZE];
static uint64_t tb_flush_seq;

static inline unsigned tb_page_seq_idx(uint64_t page)
{
    return (unsigned)((page >> TARGET_PAGE_BITS) & (TB_PAGE_SEQ_SIZE - 1));
}

/* Marks guest physical [start, end) as changed; tb_lock held. */
static void tb_page_seq_bump_locked(uint64_t start, uint64_t end)
{
    uint64_t seq = qatomic_fetch_add(&tb_inval_seq, 1) + 1;
    uint64_t first = start >> TARGET_PAGE_BITS;
    uint64_t last = (end - 1) >> TARGET_PAGE_BITS;

    if (last - first >= TB_PAGE_SEQ_SIZE) {
        for (unsigned i = 0; i < TB_PAGE_SEQ_SIZE; i++) {
            tb_page_seq[i] = seq;
        }
        return;
    }
    for (uint64_t p = first; p <= last; p++) {
        tb_page_seq[p & (TB_PAGE_SEQ_SIZE - 1)] = seq;
    }
}

static void tb_maint_init_locked(void)
{
    if (!tb_htable) {
        qatomic_store_release(&tb_htable,
                              g_new0(TranslationBlock *, TB_HASH_SIZE));
        tb_pages = g_hash_table_new_full(g_int64_hash, g_int64_equal,
                                         g_free, g_free);
    }
}

void tb_maint_init(void)
{
    g_mutex_lock(&tb_lock);
    tb_maint_init_locked();
    g_mutex_unlock(&tb_lock);
}

static uint32_t tb_hash_func(uint64_t phys_pc, uint64_t cs_base,
                             uint32_t flags, uint32_t cflags)
{
    uint64_t h = phys_pc * 0x9e3779b97f4a7c15ull;

    h ^= (cs_base + 0x632be59bd9b4e019ull) * 0xc2b2ae3d27d4eb4full;
    h ^= ((uint64_t)flags << 32 | (cflags & ~CF_INVALID)) *
         0x165667b19e3779f9ull;
    h ^= h >> 29;
    return (uint32_t)(h >> (64 - TB_HASH_BITS));
}

static uint64_t tb_phys_pc(const TranslationBlock *tb)
{
    return tb->page_addr[0] | (tb->pc & ~TARGET_PAGE_MASK);
}

uint64_t tb_inval_seq_read(void)
{
    return qatomic_load_acquire(&tb_inval_seq);
}

unsigned tb_count_live(void)
{
    return qatomic_read(&tb_live);
}

unsigned tb_flush_count(void)
{
    return qatomic_read(&tb_flushes);
}

/* ---- hash table ---- */

/* With or without tb_lock (see the top of the file). */
static TranslationBlock *tb_htable_find(uint64_t phys_pc, uint64_t pc,
                                        uint64_t cs_base, uint32_t flags,
                                        uint32_t cflags)
{
    TranslationBlock **table = qatomic_load_acquire(&tb_htable);
    uint32_t h = tb_hash_func(phys_pc, cs_base, flags, cflags);

    if (!table) {
        return NULL;
    }
    /* An invalidated TB has CF_INVALID in cflags: it never matches. */
    for (TranslationBlock *tb = qatomic_load_acquire(&table[h]); tb;
         tb = qatomic_load_acquire(&tb->hash_next)) {
        if (tb->pc == pc && tb_phys_pc(tb) == phys_pc &&
            tb->cs_base == cs_base && tb->flags == flags &&
            qatomic_read(&tb->cflags) == cflags) {
            return tb;
        }
    }
    return NULL;
}

TranslationBlock *tb_htable_lookup(uint64_t phys_pc, uint64_t pc,
                                   uint64_t cs_base, uint32_t flags,
                                   uint32_t cflags)
{
    return tb_htable_find(phys_pc, pc, cs_base, flags, cflags);
}

static void tb_htable_remove_locked(TranslationBlock *tb)
{
    TranslationBlock **pp = &tb_htable[tb->hash];

    while (*pp) {
        if (*pp == tb) {
            /* tb keeps its hash_next: a lock-free reader standing on tb
             * goes on down the chain. */
            qatomic_store_release(pp, tb->hash_next);
            return;
        }
        pp = &(*pp)->hash_next;
    }
}

/* ---- page lists ---- */

static PageDesc *page_find(uint64_t page, bool alloc)
{
    PageDesc *pd = g_hash_table_lookup(tb_pages, &page);

    if (!pd && alloc) {
        uint64_t *key = g_new(uint64_t, 1);
        *key = page;
        pd = g_new0(PageDesc, 1);
        g_hash_table_insert(tb_pages, key, pd);
    }
    return pd;
}

static void page_add_tb(TranslationBlock *tb, int n)
{
    PageDesc *pd = page_find(tb->page_addr[n], true);

    tb->page_next[n] = pd->first_tb;
    pd->first_tb = (uintptr_t)tb | n;
}

static void page_remove_tb(TranslationBlock *tb, int n)
{
    uint64_t page = tb->page_addr[n];
    PageDesc *pd = page_find(page, false);
    uintptr_t *pp;

    if (!pd) {
        return;
    }
    for (pp = &pd->first_tb; *pp; ) {
        TranslationBlock *t = TB_TAG_TB(*pp);
        int m = TB_TAG_N(*pp);
        if (t == tb && m == n) {
            *pp = t->page_next[m];
            break;
        }
        pp = &t->page_next[m];
    }
    if (!pd->first_tb) {
        g_hash_table_remove(tb_pages, &page);
    }
}

bool tb_page_has_code(uint64_t phys_page)
{
    bool ret;

    g_mutex_lock(&tb_lock);
    tb_maint_init_locked();
    ret = page_find(phys_page & TARGET_PAGE_MASK, false) != NULL;
    g_mutex_unlock(&tb_lock);
    return ret;
}

/* Guest physical bytes of tb on its page n: [*start, *end). */
static void tb_page_span(const TranslationBlock *tb, int n, uint64_t *start,
                         uint64_t *end)
{
    uint64_t first_len = TARGET_PAGE_SIZE - (tb->pc & ~TARGET_PAGE_MASK);
    uint64_t size = tb->size ? tb->size : 1;

    if (n == 0) {
        *start = tb_phys_pc(tb);
        *end = *start + MIN(size, first_len);
    } else {
        *start = tb->page_addr[1];
        *end = *start + (size > first_len ? size - first_len : 0);
    }
}

/* ---- chaining ---- */

static void jmp_list_remove(TranslationBlock *dest, TranslationBlock *src,
                            int n)
{
    uintptr_t *pp = &dest->jmp_list_head;

    while (*pp) {
        TranslationBlock *t = TB_TAG_TB(*pp);
        int m = TB_TAG_N(*pp);
        if (t == src && m == n) {
            *pp = t->jmp_list_next[m];
            return;
        }
        pp = &t->jmp_list_next[m];
    }
}

static void set_jmp_target(TranslationBlock *tb, int n,
                           const TranslationBlock *target)
{
    if (tcg_backend && tcg_backend->set_jmp_target) {
        tcg_backend->set_jmp_target(tb, n, target);
    }
}

void tb_add_jump(TranslationBlock *from, int n, TranslationBlock *to)
{
    g_assert(n == 0 || n == 1);
    if (from->jmp_insn_offset[n] == 0xffff) {
        return;
    }
    g_mutex_lock(&tb_lock);
    if (!((qatomic_read(&from->cflags) | qatomic_read(&to->cflags)) &
          CF_INVALID) && !from->jmp_dest[n]) {
        from->jmp_dest[n] = (uintptr_t)to;
        from->jmp_list_next[n] = to->jmp_list_head;
        to->jmp_list_head = (uintptr_t)from | n;
        set_jmp_target(from, n, to);
    }
    g_mutex_unlock(&tb_lock);
}

/* ---- invalidation ---- */

static void tb_jmp_cache_remove(TranslationBlock *tb)
{
    unsigned h = tb_jmp_cache_hash(tb->pc);
    CPUState *cpu;

    if (!cpu_list) {
        return;
    }
    CPU_FOREACH(cpu) {
        TCGCPUState *tcs = cpu->accel;
        if (tcs) {
            TranslationBlock *expect = tb;
            __atomic_compare_exchange_n(&tcs->jmp_cache[h], &expect, NULL,
                                        false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST);
        }
    }
}

static void tb_phys_invalidate_locked(TranslationBlock *tb)
{
    if (qatomic_fetch_or(&tb->cflags, CF_INVALID) & CF_INVALID) {
        return;
    }
    tb_htable_remove_locked(tb);
    page_remove_tb(tb, 0);
    if (tb->page_addr[1] != (uint64_t)-1) {
        page_remove_tb(tb, 1);
    }
    /* Whoever jumps here goes back to its exit stub. */
    while (tb->jmp_list_head) {
        TranslationBlock *src = TB_TAG_TB(tb->jmp_list_head);
        int n = TB_TAG_N(tb->jmp_list_head);
        tb->jmp_list_head = src->jmp_list_next[n];
        src->jmp_list_next[n] = 0;
        src->jmp_dest[n] = 0;
        set_jmp_target(src, n, NULL);
    }
    /* And we leave the lists of the TBs we jump to. */
    for (int n = 0; n < 2; n++) {
        TranslationBlock *dest = (TranslationBlock *)tb->jmp_dest[n];
        if (dest) {
            jmp_list_remove(dest, tb, n);
            tb->jmp_dest[n] = 0;
        }
    }
    tb_jmp_cache_remove(tb);
    tb_live--;
    qatomic_fetch_add(&tb_inval_seq, 1);
}

void tb_phys_invalidate(TranslationBlock *tb)
{
    g_mutex_lock(&tb_lock);
    tb_phys_invalidate_locked(tb);
    g_mutex_unlock(&tb_lock);
}

/* Page no longer holds code: guest writes may take the fast path again. */
static void page_unprotect(uint64_t page)
{
    RAMBlock *rb;
    uint64_t off;

    if (tcg_phys_to_host(page, &rb, &off)) {
        ram_block_set_dirty(rb, off, TARGET_PAGE_SIZE, DIRTY_MEMORY_CODE);
    }
}

/* Whether tb's code covers guest physical bytes of [start, end). */
static bool tb_overlaps(const TranslationBlock *tb, uint64_t start,
                        uint64_t end)
{
    for (int n = 0; n < 2; n++) {
        uint64_t s, e;

        if (tb->page_addr[n] == (uint64_t)-1) {
            continue;
        }
        tb_page_span(tb, n, &s, &e);
        if (s < end && start < e) {
            return true;
        }
    }
    return false;
}

/*
 * The TB the calling vCPU runs (from the helper's retaddr), if writing
 * [start, end) changes code of it after the writing insn: the write
 * must be redone in a TB of its own. Another vCPU may have invalidated
 * the TB already; we still run it, so its validity does not matter.
 */
static TranslationBlock *tb_current_modified(CPUState *cpu, uint64_t start,
                                             uint64_t end, uintptr_t retaddr)
{
    TranslationBlock *current;

    if (!cpu || !retaddr) {
        return NULL;
    }
    current = tb_find_by_host_pc(retaddr);
    if (current && (current->cflags & CF_COUNT_MASK) != 1 &&
        tb_overlaps(current, start, end)) {
        return current;
    }
    return NULL;
}

void tb_invalidate_phys_range_ra(CPUState *cpu, uint64_t start, uint64_t end,
                                 uintptr_t retaddr)
{
    bool current_modified;
    GArray *emptied = NULL;

    if (end <= start) {
        return;
    }
    current_modified = tb_current_modified(cpu, start, end, retaddr) != NULL;
    g_mutex_lock(&tb_lock);
    tb_maint_init_locked();
    /* Translations in flight that read these bytes are refused. */
    tb_page_seq_bump_locked(start, end);
    for (uint64_t page = start & TARGET_PAGE_MASK; page < end;
         page += TARGET_PAGE_SIZE) {
        PageDesc *pd = page_find(page, false);
        uintptr_t v;

        if (!pd) {
            if (page + TARGET_PAGE_SIZE < page) {
                break;
            }
            continue;
        }
        v = pd->first_tb;
        while (v) {
            TranslationBlock *tb = TB_TAG_TB(v);
            int n = TB_TAG_N(v);
            uint64_t s, e;

            v = tb->page_next[n];
            tb_page_span(tb, n, &s, &e);
            if (s < end && start < e) {
                tb_phys_invalidate_locked(tb);
            }
        }
        if (!page_find(page, false)) {
            if (!emptied) {
                emptied = g_array_new(false, false, sizeof(uint64_t));
            }
            g_array_append_val(emptied, page);
        }
        if (page + TARGET_PAGE_SIZE < page) {
            break;
        }
    }
    g_mutex_unlock(&tb_lock);
    if (emptied) {
        for (guint i = 0; i < emptied->len; i++) {
            page_unprotect(g_array_index(emptied, uint64_t, i));
        }
        g_array_free(emptied, true);
    }
    if (current_modified) {
        /*
         * The store rewrites code of the TB running it: redo the store's
         * insn in a TB of its own, which may modify itself.
         */
        cpu_restore_state(cpu, retaddr);
        tcg_cpu_state(cpu)->cflags_next_tb = 1 | tcg_curr_cflags(cpu);
        cpu_loop_exit_noexc(cpu);
    }
}

void tb_check_smc_current(CPUState *cpu, uint64_t start, uint64_t end,
                          uintptr_t retaddr)
{
    if (end > start && tb_current_modified(cpu, start, end, retaddr)) {
        tb_invalidate_phys_range_ra(cpu, start, end, retaddr);
    }
}

void tb_invalidate_phys_range(uint64_t start, uint64_t end)
{
    tb_invalidate_phys_range_ra(NULL, start, end, 0);
}

/* ---- publishing a TB ---- */

TranslationBlock *tb_link(TranslationBlock *tb, uint64_t inval_seq)
{
    TranslationBlock *old;

    g_mutex_lock(&tb_lock);
    tb_maint_init_locked();
    if (qatomic_read(&tb_inval_seq) != inval_seq &&
        (tb_flush_seq > inval_seq ||
         tb_page_seq[tb_page_seq_idx(tb->page_addr[0])] > inval_seq ||
         (tb->page_addr[1] != (uint64_t)-1 &&
          tb_page_seq[tb_page_seq_idx(tb->page_addr[1])] > inval_seq))) {
        /* Code it was made from changed (or everything was flushed). */
        g_mutex_unlock(&tb_lock);
        return NULL;
    }
    old = tb_htable_find(tb_phys_pc(tb), tb->pc, tb->cs_base, tb->flags,
                         tb->cflags);
    if (old && old->page_addr[1] == tb->page_addr[1]) {
        g_mutex_unlock(&tb_lock);
        return old;
    }
    if (old) {
        /* Same start, other second page: the old mapping is gone. */
        tb_phys_invalidate_locked(old);
    }
    tb->hash = tb_hash_func(tb_phys_pc(tb), tb->cs_base, tb->flags,
                            tb->cflags);
    tb->hash_next = tb_htable[tb->hash];
    /* Lock-free readers see the TB's fields before the TB. */
    qatomic_store_release(&tb_htable[tb->hash], tb);
    page_add_tb(tb, 0);
    if (tb->page_addr[1] != (uint64_t)-1) {
        page_add_tb(tb, 1);
    }
    tb_live++;
    g_mutex_unlock(&tb_lock);
    return tb;
}

/* ---- jump caches ---- */

void tb_jmp_cache_clear(CPUState *cpu)
{
    TCGCPUState *tcs = tcg_cpu_state(cpu);

    for (unsigned i = 0; i < TB_JMP_CACHE_SIZE; i++) {
        qatomic_set(&tcs->jmp_cache[i], NULL);
    }
}

void tb_jmp_cache_clear_page(CPUState *cpu, uint64_t vaddr)
{
    TCGCPUState *tcs = tcg_cpu_state(cpu);
    uint64_t page = vaddr & TARGET_PAGE_MASK;

    /* A TB starting on the page before may run into this one. */
    for (unsigned i = 0; i < TB_JMP_CACHE_SIZE; i++) {
        TranslationBlock *tb = qatomic_read(&tcs->jmp_cache[i]);
        if (tb) {
            uint64_t p = tb->pc & TARGET_PAGE_MASK;
            if (p == page || p + TARGET_PAGE_SIZE == page) {
                qatomic_set(&tcs->jmp_cache[i], NULL);
            }
        }
    }
}

/* ---- flushing everything ---- */

void tb_flush_now(void)
{
    CPUState *cpu;

    g_mutex_lock(&tb_lock);
    tb_maint_init_locked();
    memset(tb_htable, 0, sizeof(*tb_htable) * TB_HASH_SIZE);
    g_hash_table_remove_all(tb_pages);
    if (cpu_list) {
        CPU_FOREACH(cpu) {
            if (cpu->accel) {
                tb_jmp_cache_clear(cpu);
            }
        }
    }
    tb_tree_remove_all();
    tcg_code_buffer_reset();
    tb_live = 0;
    tb_flush_seq = qatomic_fetch_add(&tb_inval_seq, 1) + 1;
    qatomic_inc(&tb_flushes);
    g_mutex_unlock(&tb_lock);
    qemu_log_mask(CPU_LOG_TB_OUT_ASM | CPU_LOG_EXEC, "tb_flush: cache %u\n",
                  tb_flush_count());
}

static void tb_flush_work(void *opaque)
{
    unsigned seen = (unsigned)(uintptr_t)opaque;

    /* Two vCPUs asking at once still flush once. */
    if (tb_flush_count() == seen) {
        tb_flush_now();
    }
}

void tb_flush(CPUState *cpu)
{
    tcg_safe_work_schedule(tb_flush_work,
                           (void *)(uintptr_t)tb_flush_count());
}

/* ---- safe work ---- */

typedef struct SafeWork {
    TCGSafeWorkFn *fn;
    void *opaque;
} SafeWork;

static GMutex safe_work_lock;
static GArray *safe_work;

void tcg_safe_work_schedule(TCGSafeWorkFn *fn, void *opaque)
{
    SafeWork w = { fn, opaque };

    if (!qatomic_read(&tcg_threads_started) || tcg_in_exclusive()) {
        /* No vCPU runs translated code: now is safe. */
        fn(opaque);
        return;
    }
    g_mutex_lock(&safe_work_lock);
    if (!safe_work) {
        qatomic_store_release(&safe_work,
                              g_array_new(false, false, sizeof(SafeWork)));
    }
    g_array_append_val(safe_work, w);
    g_mutex_unlock(&safe_work_lock);
    tcg_kick_all();
}

bool tcg_safe_work_pending(void)
{
    /* Lock-free: vCPU threads ask on their way back into guest code. The
     * array exists only while it holds work. */
    return qatomic_load_acquire(&safe_work) != NULL;
}

bool tcg_safe_work_run(void)
{
    GArray *work;

    g_mutex_lock(&safe_work_lock);
    work = safe_work;
    qatomic_set(&safe_work, NULL);
    g_mutex_unlock(&safe_work_lock);
    if (!work) {
        return false;
    }
    for (guint i = 0; i < work->len; i++) {
        SafeWork *w = &g_array_index(work, SafeWork, i);
        w->fn(w->opaque);
    }
    g_array_free(work, true);
    return true;
}

/* ---- keeping translations coherent with guest memory ---- */

typedef struct CodeWriteCtx {
    RAMBlock *rb;
    uint64_t offset, len;
} CodeWriteCtx;

static bool code_write_range(hwaddr start, hwaddr len, MemoryRegion *mr,
                             hwaddr offset_in_region, void *opaque)
{
    CodeWriteCtx *c = opaque;

    if (mr && mr->ram_block == c->rb &&
        c->offset < offset_in_region + len &&
        offset_in_region < c->offset + c->len) {
        uint64_t lo = MAX(c->offset, offset_in_region);
        uint64_t hi = MIN(c->offset + c->len, offset_in_region + len);
        tb_invalidate_phys_range(start + (lo - offset_in_region),
                                 start + (hi - offset_in_region));
    }
    return false;
}

/* DMA, loaders, and the CPUs' physical-address helpers wrote code. */
static void tcg_code_write_hook(RAMBlock *rb, uint64_t offset, uint64_t len)
{
    CodeWriteCtx c = { rb, offset, len };
    /* vCPU threads may get here without the BQL; the view is only
     * stable under it. */
    bool locked = bql_locked();

    if (!locked) {
        bql_lock();
    }
    /* Every guest physical address the block is mapped at (aliases). */
    flatview_for_each_range(address_space_to_flatview(&address_space_memory),
                            code_write_range, &c);
    if (!locked) {
        bql_unlock();
    }
}

static bool topology_changed_code;

static void tcg_listener_region_change(MemoryListener *l,
                                       MemoryRegionSection *sec)
{
    if (sec->mr && sec->mr->ram_block) {
        topology_changed_code = true;
    }
}

static void tcg_listener_flush_tlbs(void)
{
    CPUState *cpu;

    if (!cpu_list) {
        return;
    }
    CPU_FOREACH(cpu) {
        tlb_flush(cpu);
    }
}

/*
 * The guest physical map changed. TLB entries hold host pointers and
 * regions: flush them. TBs are keyed by guest physical address, so if
 * RAM or ROM moved, a TB may now describe other memory: flush those too.
 */
static void tcg_listener_commit(MemoryListener *l)
{
    tcg_listener_flush_tlbs();
    if (topology_changed_code) {
        topology_changed_code = false;
        tb_flush(NULL);
    }
}

/* Dirty logging started: RAM writes must take the slow path to log. */
static void tcg_listener_log_start(MemoryListener *l,
                                   MemoryRegionSection *sec, int old_mask,
                                   int new_mask)
{
    tcg_listener_flush_tlbs();
}

static void tcg_listener_log_global_start(MemoryListener *l)
{
    tcg_listener_flush_tlbs();
}

static MemoryListener tcg_memory_listener = {
    .name = "tcg",
    .region_add = tcg_listener_region_change,
    .region_del = tcg_listener_region_change,
    .commit = tcg_listener_commit,
    .log_start = tcg_listener_log_start,
    .log_global_start = tcg_listener_log_global_start,
    .priority = 10,
};

void tcg_memory_hooks_init(void)
{
    static bool done;

    if (done) {
        return;
    }
    done = true;
    ram_block_set_code_write_hook(tcg_code_write_hook);
    memory_listener_register(&tcg_memory_listener, &address_space_memory);
    topology_changed_code = false;
}
