/*
 * Exclusive sections and work for vCPU threads (docs/devel/tcg.md,
 * "Threads and locks").
 *
 * Exclusive sections: every vCPU thread brackets cpu_exec with
 * cpu_exec_start/cpu_exec_end, which count the vCPUs that may be running
 * translated code. start_exclusive waits (kicking them) until that count
 * is zero and keeps new ones out until end_exclusive. That is when the
 * TB cache can be flushed, or one insn can run with the others stopped.
 *
 * Work: run_on_cpu / async_run_on_cpu / async_safe_run_on_cpu queue a
 * function on a vCPU; its thread runs it between cpu_exec calls (with the
 * BQL; safe work in an exclusive section, without it).
 */
#include "qemu/osdep.h"
#include "qemu/atomic.h"
#include "qemu/main-loop.h"
#include "hw/core/cpu.h"
#include "internal.h"

struct TCGWorkItem {
    TCGWorkItem *next;
    TCGRunOnCpuFn *fn;
    void *data;
    bool safe;                    /* in an exclusive section */
    bool sync;                    /* run_on_cpu waits: on its stack */
    bool done;
};

static GMutex excl_lock;
static GCond excl_cond;           /* excl_running or excl_active changed */
static int excl_running;          /* vCPUs between exec_start and _end */
static bool excl_active;          /* a section runs or waits to start */
static __thread bool excl_owner;  /* this thread is in the section */

/* run_on_cpu waiters (with the BQL). */
static GCond work_done_cond;

/* ---- exclusive sections ---- */

void cpu_exec_start(CPUState *cpu)
{
    TCGCPUState *tcs = tcg_cpu_state(cpu);

    g_mutex_lock(&excl_lock);
    while (excl_active) {
        g_cond_wait(&excl_cond, &excl_lock);
    }
    excl_running++;
    qatomic_store_release(&tcs->running, true);
    g_mutex_unlock(&excl_lock);
}

void cpu_exec_end(CPUState *cpu)
{
    TCGCPUState *tcs = tcg_cpu_state(cpu);

    g_mutex_lock(&excl_lock);
    qatomic_store_release(&tcs->running, false);
    if (--excl_running == 0 && excl_active) {
        g_cond_broadcast(&excl_cond);
    }
    g_mutex_unlock(&excl_lock);
}

bool tcg_cpu_running(CPUState *cpu)
{
    return qatomic_load_acquire(&tcg_cpu_state(cpu)->running);
}

void tcg_kick_exit(CPUState *cpu)
{
    qatomic_set(&cpu->exit_request, 1);
}

void start_exclusive(void)
{
    CPUState *self = current_cpu_get();
    CPUState *cpu;

    g_assert(!bql_locked());
    g_assert(!excl_owner);
    g_assert(!self || !self->accel || !tcg_cpu_running(self));
    g_mutex_lock(&excl_lock);
    while (excl_active) {
        g_cond_wait(&excl_cond, &excl_lock);
    }
    excl_active = true;
    if (excl_running && cpu_list) {
        CPU_FOREACH(cpu) {
            if (cpu->accel && tcg_cpu_running(cpu)) {
                tcg_kick_exit(cpu);
            }
        }
    }
    while (excl_running > 0) {
        g_cond_wait(&excl_cond, &excl_lock);
    }
    g_mutex_unlock(&excl_lock);
    excl_owner = true;
}

void end_exclusive(void)
{
    g_assert(excl_owner);
    excl_owner = false;
    g_mutex_lock(&excl_lock);
    excl_active = false;
    g_cond_broadcast(&excl_cond);
    g_mutex_unlock(&excl_lock);
}

bool tcg_in_exclusive(void)
{
    return excl_owner;
}

/*
 * Runs fn with no vCPU in translated code. Round-robin: the caller is the
 * only thread that runs TB code, and it is between time slices.
 */
static void run_exclusive(void (*fn)(CPUState *cpu, void *data),
                          CPUState *cpu, void *data)
{
    if (!tcg_mttcg_enabled) {
        excl_owner = true;
        fn(cpu, data);
        excl_owner = false;
        return;
    }
    bql_unlock();
    start_exclusive();
    fn(cpu, data);
    end_exclusive();
    bql_lock();
}

/* ---- work queues ---- */

/* Whether work for cpu must be queued rather than run by the caller. */
static bool work_needs_queue(CPUState *cpu)
{
    return cpu->thread && cpu->thread != g_thread_self();
}

static void queue_work(CPUState *cpu, TCGWorkItem *wi)
{
    TCGCPUState *tcs = tcg_cpu_state(cpu);

    wi->next = NULL;
    g_mutex_lock(&tcs->work_lock);
    if (tcs->work_last) {
        tcs->work_last->next = wi;
    } else {
        tcs->work_first = wi;
    }
    tcs->work_last = wi;
    g_mutex_unlock(&tcs->work_lock);
    /* Out of cpu_exec, and awake if it waits. */
    qemu_cpu_kick(cpu);
}

static TCGWorkItem *dequeue_work(CPUState *cpu)
{
    TCGCPUState *tcs = tcg_cpu_state(cpu);
    TCGWorkItem *wi;

    g_mutex_lock(&tcs->work_lock);
    wi = tcs->work_first;
    if (wi) {
        tcs->work_first = wi->next;
        if (!tcs->work_first) {
            tcs->work_last = NULL;
        }
    }
    g_mutex_unlock(&tcs->work_lock);
    return wi;
}

bool tcg_cpu_work_pending(CPUState *cpu)
{
    TCGCPUState *tcs = cpu->accel;

    return tcs && qatomic_read(&tcs->work_first) != NULL;
}

void run_on_cpu(CPUState *cpu, TCGRunOnCpuFn *fn, void *data)
{
    TCGWorkItem wi = { .fn = fn, .data = data, .sync = true };

    g_assert(bql_locked());
    if (!work_needs_queue(cpu)) {
        fn(cpu, data);
        return;
    }
    {
        CPUState *self = current_cpu_get();
        /* See internal.h: waiting from translated code could deadlock. */
        g_assert(!self || !self->accel || !tcg_cpu_running(self));
    }
    queue_work(cpu, &wi);
    while (!qatomic_load_acquire(&wi.done)) {
        qemu_cond_wait_bql(&work_done_cond);
    }
}

void async_run_on_cpu(CPUState *cpu, TCGRunOnCpuFn *fn, void *data)
{
    TCGWorkItem *wi = g_new0(TCGWorkItem, 1);

    wi->fn = fn;
    wi->data = data;
    queue_work(cpu, wi);
}

void async_safe_run_on_cpu(CPUState *cpu, TCGRunOnCpuFn *fn, void *data)
{
    TCGWorkItem *wi = g_new0(TCGWorkItem, 1);

    wi->fn = fn;
    wi->data = data;
    wi->safe = true;
    queue_work(cpu, wi);
}

static void run_global_safe_work(CPUState *cpu, void *data)
{
    tcg_safe_work_run();
}

void tcg_process_queued_work(CPUState *cpu)
{
    TCGWorkItem *wi;
    bool ran_sync = false;

    g_assert(bql_locked());
    if (tcg_safe_work_pending()) {
        run_exclusive(run_global_safe_work, cpu, NULL);
    }
    while ((wi = dequeue_work(cpu))) {
        if (wi->safe) {
            run_exclusive(wi->fn, cpu, wi->data);
        } else {
            wi->fn(cpu, wi->data);
        }
        if (wi->sync) {
            qatomic_store_release(&wi->done, true);
            ran_sync = true;
        } else {
            g_free(wi);
        }
    }
    if (ran_sync) {
        g_cond_broadcast(&work_done_cond);
    }
}
