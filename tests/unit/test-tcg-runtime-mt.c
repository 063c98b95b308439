/*
 * Multi-threaded tests of the TCG runtime (accel/tcg/) without a frontend
 * or backend: host threads play vCPU threads (cpu_exec_start/end around
 * a short "TB", pending TLB flushes applied at its boundaries) and check
 * the MTTCG machinery:
 *
 * - exclusive sections: nobody runs while one is held, two requesters
 *   take turns, running "vCPUs" are kicked out;
 * - run_on_cpu / async_run_on_cpu / async_safe_run_on_cpu: on the right
 *   thread, with the BQL (or, safe, in an exclusive section without it),
 *   in order;
 * - the TB hash, page lists and jump lists under concurrent lookups,
 *   insertions, chaining and invalidation;
 * - tlb_flush_all_cpus_synced: every other vCPU flushed (or out of
 *   translated code with the flush pending) when it returns, and two
 *   vCPUs flushing each other at once do not deadlock;
 * - code protection from one thread racing with TLB fills by the owner.
 *
 * Every loop is bounded; nothing here depends on timing.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/atomic.h"
#include "qemu/main-loop.h"
#include "exec/memory.h"
#include "exec/ramblock.h"
#include "accel/tcg/internal.h"

#define NCPUS 4
#define PAGE TARGET_PAGE_SIZE
#define RAM_SIZE (1 * MiB)

static MemoryRegion ram;
static X86CPU *vcpus[NCPUS];
static CPUState *cpus[NCPUS];

/* ---- fake vCPU threads ---- */

typedef void VcpuBody(int idx, void *opaque);

typedef struct Vcpu {
    int idx;
    GThread *thread;
    VcpuBody *body;               /* one "TB"; NULL: just spin */
    void *opaque;
    bool process_work;            /* run queued work between "TBs" */
    unsigned long tbs;            /* "TBs" run */
} Vcpu;

static Vcpu vthreads[NCPUS];
static bool vcpus_stop;
static bool vcpus_started[NCPUS];
static int vcpus_first;           /* fake threads for vCPUs first.. */

static gpointer vcpu_thread_fn(gpointer opaque)
{
    Vcpu *v = opaque;
    CPUState *cpu = cpus[v->idx];

    cpu->thread = g_thread_self();
    current_cpu_set(cpu);
    qatomic_store_release(&vcpus_started[v->idx], true);
    while (!qatomic_load_acquire(&vcpus_stop)) {
        if (v->process_work) {
            bql_lock();
            tcg_process_queued_work(cpu);
            bql_unlock();
        }
        cpu_exec_start(cpu);
        /* A "TB": starts by applying pending flushes, like cpu_exec. */
        tlb_flush_pending(cpu);
        if (v->body) {
            v->body(v->idx, v->opaque);
        } else {
            for (int i = 0; i < 100 && !qatomic_read(&cpu->exit_request);
                 i++) {
                __asm__ __volatile__("pause");
            }
        }
        qatomic_set(&cpu->exit_request, 0);
        cpu_exec_end(cpu);
        qatomic_inc(&v->tbs);
        if ((v->tbs & 63) == 0) {
            g_thread_yield();
        }
    }
    current_cpu_set(NULL);
    return NULL;
}

/* Fake threads for vCPUs first..NCPUS-1. */
static void vcpus_start_from(int first, VcpuBody *body, void *opaque,
                             bool process_work)
{
    vcpus_first = first;
    qatomic_set(&vcpus_stop, false);
    for (int i = first; i < NCPUS; i++) {
        Vcpu *v = &vthreads[i];

        v->idx = i;
        v->body = body;
        v->opaque = opaque;
        v->process_work = process_work;
        v->tbs = 0;
        vcpus_started[i] = false;
        v->thread = g_thread_new("fake-vcpu", vcpu_thread_fn, v);
    }
    for (int i = first; i < NCPUS; i++) {
        while (!qatomic_load_acquire(&vcpus_started[i])) {
            g_thread_yield();
        }
    }
}

static void vcpus_start(VcpuBody *body, void *opaque, bool process_work)
{
    vcpus_start_from(0, body, opaque, process_work);
}

static void vcpus_join(void)
{
    qatomic_store_release(&vcpus_stop, true);
    for (int i = vcpus_first; i < NCPUS; i++) {
        g_thread_join(vthreads[i].thread);
        cpus[i]->thread = NULL;
    }
}

/* Until every fake vCPU ran at least n more "TBs". */
static void vcpus_wait_progress(unsigned long n)
{
    unsigned long base[NCPUS];

    for (int i = vcpus_first; i < NCPUS; i++) {
        base[i] = qatomic_read(&vthreads[i].tbs);
    }
    for (int i = vcpus_first; i < NCPUS; i++) {
        while (qatomic_read(&vthreads[i].tbs) < base[i] + n) {
            g_thread_yield();
        }
    }
}

/* ---- exclusive sections ---- */

static int inside_tb;             /* fake vCPUs inside a "TB" */
static bool excl_held;
static int excl_holders;
static unsigned excl_violations;

static void excl_body(int idx, void *opaque)
{
    qatomic_inc(&inside_tb);
    if (qatomic_read(&excl_held)) {
        qatomic_inc(&excl_violations);
    }
    for (int i = 0; i < 50 && !qatomic_read(&cpus[idx]->exit_request); i++) {
        __asm__ __volatile__("pause");
    }
    qatomic_dec(&inside_tb);
}

static void excl_section(void)
{
    start_exclusive();
    g_assert_true(tcg_in_exclusive());
    if (qatomic_fetch_add(&excl_holders, 1) != 0) {
        qatomic_inc(&excl_violations);
    }
    qatomic_set(&excl_held, true);
    if (qatomic_read(&inside_tb) != 0) {
        qatomic_inc(&excl_violations);
    }
    for (int i = 0; i < NCPUS; i++) {
        if (tcg_cpu_running(cpus[i])) {
            qatomic_inc(&excl_violations);
        }
    }
    qatomic_set(&excl_held, false);
    qatomic_dec(&excl_holders);
    end_exclusive();
    g_assert_false(tcg_in_exclusive());
}

static gpointer excl_requester(gpointer opaque)
{
    for (int i = 0; i < 200; i++) {
        excl_section();
    }
    return NULL;
}

static void test_exclusive(void)
{
    GThread *other;

    vcpus_start(excl_body, NULL, false);
    vcpus_wait_progress(10);
    /* Two threads want exclusive sections at once: they take turns. */
    other = g_thread_new("excl", excl_requester, NULL);
    for (int i = 0; i < 200; i++) {
        excl_section();
        if (i % 50 == 0) {
            /* The vCPUs run again in between. */
            vcpus_wait_progress(1);
        }
    }
    g_thread_join(other);
    vcpus_wait_progress(10);
    vcpus_join();
    g_assert_cmpuint(excl_violations, ==, 0);
}

/* ---- run_on_cpu and friends ---- */

typedef struct WorkLog {
    int seq[256];
    int n;
    unsigned bad;
} WorkLog;

static WorkLog work_log[NCPUS];

static void work_sync_fn(CPUState *cpu, void *data)
{
    /* On the vCPU's own thread, with the BQL. */
    if (cpu->thread != g_thread_self() || !bql_locked() ||
        tcg_cpu_running(cpu)) {
        work_log[cpu->cpu_index].bad++;
    }
    *(int *)data = cpu->cpu_index + 100;
}

static void work_async_fn(CPUState *cpu, void *data)
{
    WorkLog *l = &work_log[cpu->cpu_index];

    if (cpu->thread != g_thread_self() || !bql_locked()) {
        l->bad++;
    }
    if (l->n < (int)G_N_ELEMENTS(l->seq)) {
        l->seq[l->n++] = GPOINTER_TO_INT(data);
    }
}

static void work_safe_fn(CPUState *cpu, void *data)
{
    WorkLog *l = &work_log[cpu->cpu_index];

    /* No BQL, no vCPU in translated code. */
    if (cpu->thread != g_thread_self() || bql_locked() ||
        !tcg_in_exclusive()) {
        l->bad++;
    }
    for (int i = 0; i < NCPUS; i++) {
        if (tcg_cpu_running(cpus[i])) {
            l->bad++;
        }
    }
    if (l->n < (int)G_N_ELEMENTS(l->seq)) {
        l->seq[l->n++] = GPOINTER_TO_INT(data);
    }
}

static void test_run_on_cpu(void)
{
    vcpus_start(NULL, NULL, true);
    bql_lock();
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < NCPUS; i++) {
            int out = -1;

            run_on_cpu(cpus[i], work_sync_fn, &out);
            g_assert_cmpint(out, ==, i + 100);
        }
    }
    /* Async work runs in queue order; safe work in its place. */
    for (int k = 0; k < 64; k++) {
        for (int i = 0; i < NCPUS; i++) {
            if (k % 8 == 7) {
                async_safe_run_on_cpu(cpus[i], work_safe_fn,
                                      GINT_TO_POINTER(k));
            } else {
                async_run_on_cpu(cpus[i], work_async_fn,
                                 GINT_TO_POINTER(k));
            }
        }
    }
    for (int i = 0; i < NCPUS; i++) {
        int out;

        /* Queued after the rest: when it is done, they are. */
        run_on_cpu(cpus[i], work_sync_fn, &out);
        g_assert_cmpint(work_log[i].n, ==, 64);
        for (int k = 0; k < 64; k++) {
            g_assert_cmpint(work_log[i].seq[k], ==, k);
        }
        g_assert_cmpuint(work_log[i].bad, ==, 0);
    }
    bql_unlock();
    vcpus_join();
    /* Without a thread (or on its own), the work runs at once. */
    bql_lock();
    {
        int out = -1;

        run_on_cpu(cpus[0], work_sync_fn, &out);
        g_assert_cmpint(out, ==, 100);
    }
    bql_unlock();
}

/* ---- TB hash, page lists and chaining under concurrency ---- */

#define TB_PAGES 8
#define TB_PCS_PER_PAGE 16
#define TB_KEYS (TB_PAGES * TB_PCS_PER_PAGE)
#define TB_BASE 0x40000

static GPtrArray *all_tbs;        /* every record made (tb_all_lock) */
static GMutex all_tbs_lock;
static unsigned tb_bad;

static uint64_t key_pc(unsigned k)
{
    return TB_BASE + (k / TB_PCS_PER_PAGE) * PAGE +
           (k % TB_PCS_PER_PAGE) * 32;
}

/* A TB record as tb_gen_code would leave it, without host code. */
static TranslationBlock *make_tb(uint64_t pc)
{
    static uintptr_t fake_code = 0x100000;
    TranslationBlock *tb = tb_alloc_record(1);

    tb->tc.ptr = (void *)__atomic_fetch_add(&fake_code, 64,
                                            __ATOMIC_RELAXED);
    tb->tc.size = 64;
    tb_tree_insert(tb);
    tb->pc = pc;
    tb->size = 16;
    tb->icount = 1;
    tb->cflags = CF_PARALLEL;
    tb->page_addr[0] = pc & TARGET_PAGE_MASK;
    /* Chaining slots (no backend: only the bookkeeping). */
    tb->jmp_insn_offset[0] = tb->jmp_insn_offset[1] = 0;
    g_mutex_lock(&all_tbs_lock);
    g_ptr_array_add(all_tbs, tb);
    g_mutex_unlock(&all_tbs_lock);
    return tb;
}

static void tb_body(int idx, void *opaque)
{
    TranslationBlock *prev = NULL;
    uint32_t r = g_random_int();

    for (int i = 0; i < 32; i++) {
        unsigned k = (r + i * 7919u * (idx + 1)) % TB_KEYS;
        uint64_t pc = key_pc(k);
        TranslationBlock *tb = tb_htable_lookup(pc, pc, 0, 0, CF_PARALLEL);

        if (!tb) {
            uint64_t seq = tb_inval_seq_read();
            TranslationBlock *fresh = make_tb(pc);

            tb = tb_link(fresh, seq);
            if (tb != fresh) {
                /* Refused (code changed) or a twin won: never used. */
                fresh->cflags |= CF_INVALID;
            }
        }
        if (tb && (tb->pc != pc || tb->page_addr[0] != (pc & TARGET_PAGE_MASK))) {
            qatomic_inc(&tb_bad);
        }
        if (tb && prev) {
            /* Chaining drops quietly if either side is invalid. */
            tb_add_jump(prev, i & 1, tb);
        }
        prev = tb;
    }
}

static gpointer tb_invalidator(gpointer opaque)
{
    for (int i = 0; i < 3000; i++) {
        unsigned p = g_random_int_range(0, TB_PAGES);
        uint64_t start = TB_BASE + p * PAGE + g_random_int_range(0, PAGE);

        tb_invalidate_phys_range(start, start + g_random_int_range(1, 600));
        if (i % 500 == 0) {
            /* Whole pages too. */
            tb_invalidate_phys_range(TB_BASE, TB_BASE + 2 * PAGE);
        }
        if (i % 16 == 0) {
            g_thread_yield();
        }
    }
    return NULL;
}

/* Every link of a live TB goes to a live TB that lists it back. */
static void check_chains(void)
{
    unsigned live = 0;

    for (guint i = 0; i < all_tbs->len; i++) {
        TranslationBlock *tb = g_ptr_array_index(all_tbs, i);

        if (tb->cflags & CF_INVALID) {
            /* Fully unlinked: nothing jumps in or out. */
            g_assert_cmphex(tb->jmp_dest[0], ==, 0);
            g_assert_cmphex(tb->jmp_dest[1], ==, 0);
            continue;
        }
        live++;
        g_assert(tb_htable_lookup(tb->pc, tb->pc, 0, 0, CF_PARALLEL) == tb);
        for (int n = 0; n < 2; n++) {
            TranslationBlock *d = (TranslationBlock *)tb->jmp_dest[n];
            bool listed = false;

            if (!d) {
                continue;
            }
            g_assert_false(d->cflags & CF_INVALID);
            for (uintptr_t v = d->jmp_list_head; v;) {
                TranslationBlock *s = (TranslationBlock *)(v & ~(uintptr_t)1);
                int m = v & 1;

                if (s == tb && m == n) {
                    listed = true;
                }
                v = s->jmp_list_next[m];
            }
            g_assert_true(listed);
        }
    }
    g_assert_cmpuint(live, ==, tb_count_live());
}

static void test_tb_concurrency(void)
{
    GThread *inv;

    all_tbs = g_ptr_array_new();
    vcpus_start(tb_body, NULL, false);
    inv = g_thread_new("invalidate", tb_invalidator, NULL);
    g_thread_join(inv);
    vcpus_wait_progress(20);
    vcpus_join();
    g_assert_cmpuint(tb_bad, ==, 0);
    check_chains();
    /* Everything goes; nothing stays linked. */
    tb_invalidate_phys_range(TB_BASE, TB_BASE + TB_PAGES * PAGE);
    g_assert_cmpuint(tb_count_live(), ==, 0);
    check_chains();
    tb_flush_now();
    g_ptr_array_free(all_tbs, true);
    all_tbs = NULL;
}

/* ---- synchronous TLB flushes ---- */

#define FLUSH_VA 0x7000
static unsigned fill_epoch;
static unsigned filled[NCPUS];
static bool in_body[NCPUS];
static bool rival_mode;

static CPUTLBEntry *tlb_entry_of(int i, uint64_t va)
{
    return &vcpus[i]->tlb.table[0][(va >> TARGET_PAGE_BITS) &
                                   (CPU_TLB_SIZE - 1)];
}

static bool entry_valid(int i, uint64_t va)
{
    uint64_t a = qatomic_read(&tlb_entry_of(i, va)->addr_read);

    return (a & (TARGET_PAGE_MASK | TLB_INVALID_MASK)) == va;
}

/*
 * A "TB" of the other vCPUs: refill the entry when asked (a new epoch),
 * then run a while with it. In rival mode vCPU 1 also flushes everyone,
 * as a helper would, while vCPU 0 does the same.
 */
static void flush_body(int idx, void *opaque)
{
    unsigned e = qatomic_load_acquire(&fill_epoch);

    qatomic_store_release(&in_body[idx], true);
    if (qatomic_read(&filled[idx]) != e) {
        tlb_set_page(cpus[idx], FLUSH_VA, 0x3000, PAGE_READ | PAGE_WRITE,
                     0, PAGE);
        qatomic_store_release(&filled[idx], e);
    }
    if (idx == 1 && qatomic_read(&rival_mode)) {
        tlb_flush_all_cpus_synced(cpus[idx]);
    }
    /* Kicks are only seen at the next "TB". */
    for (int i = 0; i < 1000; i++) {
        __asm__ __volatile__("pause");
    }
    qatomic_store_release(&in_body[idx], false);
}

static void test_synced_flush(void)
{
    CPUState *src = cpus[0];
    unsigned bad = 0;

    /* The test thread plays vCPU 0, in a helper of a running TB. */
    vcpus_start_from(1, flush_body, NULL, false);
    src->thread = g_thread_self();
    current_cpu_set(src);

    for (unsigned e = 1; e <= 100; e++) {
        qatomic_store_release(&fill_epoch, e);
        for (int i = 1; i < NCPUS; i++) {
            while (qatomic_load_acquire(&filled[i]) != e) {
                g_thread_yield();
            }
        }
        cpu_exec_start(src);
        tlb_flush_all_cpus_synced(src);
        cpu_exec_end(src);
        /*
         * No refill happens before the next epoch. So a vCPU in a "TB"
         * now started it after flushing, and a vCPU whose flush is no
         * longer pending has flushed; only one that is out, with the
         * flush pending, may still hold the entry.
         */
        for (int i = 1; i < NCPUS; i++) {
            TCGCPUState *tcs = tcg_cpu_state(cpus[i]);
            bool body = qatomic_load_acquire(&in_body[i]);
            uint32_t pending = qatomic_load_acquire(&tcs->pending_tlb_flush);

            if (entry_valid(i, FLUSH_VA) && (body || !pending)) {
                bad++;
            }
        }
    }
    /* Two vCPUs flushing each other at once do not wait for ever. */
    qatomic_store_release(&rival_mode, true);
    for (int i = 0; i < 300; i++) {
        cpu_exec_start(src);
        tlb_flush_all_cpus_synced(src);
        cpu_exec_end(src);
    }
    vcpus_wait_progress(20);
    qatomic_store_release(&rival_mode, false);

    vcpus_join();
    current_cpu_set(NULL);
    src->thread = NULL;
    g_assert_cmpuint(bad, ==, 0);
}

/* ---- code protection vs. the owner's fills ---- */

#define PROT_VA 0x9000
#define PROT_PA 0x5000
static bool filler_stop;

static gpointer owner_filler(gpointer opaque)
{
    CPUState *cpu = cpus[2];

    cpu->thread = g_thread_self();
    while (!qatomic_load_acquire(&filler_stop)) {
        tlb_set_page(cpu, PROT_VA, PROT_PA, PAGE_READ | PAGE_WRITE, 0, PAGE);
    }
    return NULL;
}

static void test_protect_vs_fill(void)
{
    RAMBlock *rb = ram.ram_block;
    unsigned bad = 0;
    GThread *t;

    qatomic_set(&filler_stop, false);
    t = g_thread_new("filler", owner_filler, NULL);
    for (int i = 0; i < 20000; i++) {
        uint64_t aw;

        /* No code: the owner may install a fast entry... */
        ram_block_set_dirty(rb, PROT_PA, PAGE, DIRTY_MEMORY_CODE);
        /* ...then the page holds code: no entry may write it directly. */
        tlb_protect_code_page(PROT_PA);
        aw = qatomic_read(&tlb_entry_of(2, PROT_VA)->addr_write);
        if ((aw & (TARGET_PAGE_MASK | TLB_INVALID_MASK)) == PROT_VA &&
            !(aw & TLB_NOTDIRTY)) {
            bad++;
        }
    }
    qatomic_store_release(&filler_stop, true);
    g_thread_join(t);
    cpus[2]->thread = NULL;
    ram_block_set_dirty(rb, 0, RAM_SIZE, DIRTY_MEMORY_CODE);
    g_assert_cmpuint(bad, ==, 0);
}

/* ---- setup ---- */

static void setup(void)
{
    memory_region_init_ram(&ram, NULL, "test.ram", RAM_SIZE, &error_abort);
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    cpu_list = g_ptr_array_new();
    for (int i = 0; i < NCPUS; i++) {
        vcpus[i] = g_new0(X86CPU, 1);
        cpus[i] = &vcpus[i]->parent_obj;
        cpus[i]->cpu_index = i;
        g_ptr_array_add(cpu_list, cpus[i]);
        tcg_cpu_state(cpus[i]);
        tlb_init_cpu(cpus[i]);
    }
    tb_maint_init();
    tcg_memory_hooks_init();
    /* What tcg_init_machine sets for thread=multi. */
    tcg_mttcg_enabled = true;
    tcg_cflags_default = CF_PARALLEL;
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup();
    g_test_add_func("/tcg-runtime-mt/exclusive", test_exclusive);
    g_test_add_func("/tcg-runtime-mt/run-on-cpu", test_run_on_cpu);
    g_test_add_func("/tcg-runtime-mt/tb-concurrency", test_tb_concurrency);
    g_test_add_func("/tcg-runtime-mt/synced-flush", test_synced_flush);
    g_test_add_func("/tcg-runtime-mt/protect-vs-fill", test_protect_vs_fill);
    return g_test_run();
}
