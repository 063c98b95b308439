/*
 * Running vCPUs under TCG, in one of two ways:
 *
 * - round-robin (thread=single): one host thread runs every vCPU in
 *   turn. A vCPU keeps the thread until it halts, is kicked, or its time
 *   slice ends (a realtime timer kicks it).
 * - MTTCG (thread=multi): one host thread per vCPU ("CPU n/TCG").
 *
 * Either way a vCPU thread holds the BQL except while guest code runs
 * (cpu_exec takes it back for devices), brackets cpu_exec with
 * cpu_exec_start/end (exclusive sections, cpu-work.c), and between
 * cpu_exec calls runs queued work (run_on_cpu, safe work).
 *
 * Stop/start follow system/cpus.c: pause_all_vcpus() sets cpu->stop and
 * kicks; the thread answers with cpu->stopped and
 * qemu_cpu_stopped_notify(); resume_all_vcpus() clears both and
 * broadcasts each vCPU's halt_cond, where the thread sleeps when its
 * vCPU (round-robin: every vCPU) cannot run. Every waker holds the BQL
 * (a kick from a thread without it takes it around the broadcast), so
 * no wake-up is lost.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/atomic.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "hw/core/cpu.h"
#include "target/i386/tcg/tcg-cpu.h"
#include "internal.h"

#define TCG_RR_SLICE_MS 10

bool tcg_mttcg_enabled;
bool tcg_threads_started;
GThread *tcg_rr_thread;

static CPUState *rr_current;          /* vCPU in cpu_exec, or NULL */
static CPUState *rr_first_cpu;        /* whose halt_cond the thread waits on */
static QEMUTimer *rr_slice_timer;
static int64_t rr_thread_tid;
static GMutex rr_start_lock;
static GCond rr_start_cond;

void tcg_kick_all(void)
{
    CPUState *cpu;

    if (!cpu_list) {
        return;
    }
    CPU_FOREACH(cpu) {
        qemu_cpu_kick(cpu);
    }
}

/* Whether the vCPU thread has to look at anything but guest code. */
static bool tcg_cpu_wants_loop(CPUState *cpu)
{
    return qatomic_read(&cpu->stop) || qatomic_read(&cpu->unplug) ||
           tcg_cpu_work_pending(cpu) || tcg_safe_work_pending();
}

/*
 * Runs cpu_exec for cpu on the calling thread, BQL dropped meanwhile.
 * MTTCG: after PAUSE (EXCP_YIELD) or an EXCP_ATOMIC step, goes back into
 * guest code without taking the BQL unless the thread has work: spin
 * loops must not hammer the BQL.
 */
static int tcg_run_cpu(CPUState *cpu)
{
    int r;

    bql_unlock();
    for (;;) {
        cpu_exec_start(cpu);
        r = cpu_exec(cpu);
        cpu_exec_end(cpu);
        if (r == EXCP_ATOMIC) {
            cpu_exec_step_atomic(cpu);
        } else if (r == EXCP_YIELD && tcg_mttcg_enabled) {
            /* The host CPU may be overcommitted: let whoever the guest
             * waits for run. */
            g_thread_yield();
        } else {
            break;
        }
        if (!tcg_mttcg_enabled || tcg_cpu_wants_loop(cpu)) {
            break;
        }
    }
    bql_lock();
    return r;
}

/* ---- round-robin ---- */

static void rr_kick_current(void)
{
    CPUState *cur = qatomic_read(&rr_current);

    if (cur) {
        qatomic_set(&cur->exit_request, 1);
    }
}

/* Time slice: with several vCPUs, the running one yields periodically. */
static void rr_slice_timer_cb(void *opaque)
{
    rr_kick_current();
    timer_mod(rr_slice_timer,
              qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + TCG_RR_SLICE_MS);
}

static bool rr_cpu_runnable(CPUState *cpu)
{
    if (cpu->stop) {
        if (!cpu->stopped) {
            cpu->stopped = true;
            qemu_cpu_stopped_notify();
        }
        return false;
    }
    if (cpu->stopped || cpu->unplug) {
        return false;
    }
    return !cpu->halted || x86_cpu_has_work(cpu);
}

/* Runs one vCPU for a slice; returns cpu_exec's result. */
static int rr_run_cpu(CPUState *cpu)
{
    int r;

    current_cpu_set(cpu);
    qatomic_set(&rr_current, cpu);
    r = tcg_run_cpu(cpu);
    qatomic_set(&rr_current, NULL);
    current_cpu_set(NULL);
    return r;
}

static bool rr_work_pending(void)
{
    CPUState *cpu;

    if (tcg_safe_work_pending()) {
        return true;
    }
    CPU_FOREACH(cpu) {
        if (tcg_cpu_work_pending(cpu)) {
            return true;
        }
    }
    return false;
}

static void rr_process_work(void)
{
    unsigned n = cpu_list ? cpu_list->len : 0;

    for (unsigned i = 0; i < n; i++) {
        CPUState *cpu = g_ptr_array_index(cpu_list, i);

        current_cpu_set(cpu);
        tcg_process_queued_work(cpu);
        current_cpu_set(NULL);
    }
}

static gpointer rr_thread_fn(gpointer opaque)
{
    unsigned next = 0;

    g_mutex_lock(&rr_start_lock);
    rr_thread_tid = gettid();
    g_cond_broadcast(&rr_start_cond);
    g_mutex_unlock(&rr_start_lock);

    bql_lock();
    tcg_thread_context_init();
    for (;;) {
        bool ran = false;
        unsigned n = cpu_list ? cpu_list->len : 0;

        rr_process_work();
        for (unsigned i = 0; i < n; i++) {
            CPUState *cpu = g_ptr_array_index(cpu_list, (next + i) % n);

            /* Kicks before this point are covered by the checks below. */
            qatomic_set(&cpu->exit_request, 0);
            if (!rr_cpu_runnable(cpu)) {
                continue;
            }
            if (rr_run_cpu(cpu) != EXCP_HALTED) {
                ran = true;
            }
            next = (next + i + 1) % n;
            if (rr_work_pending() || (cpu_list && cpu_list->len != n)) {
                break;
            }
        }
        if (!ran && !rr_work_pending()) {
            /* Every waker (kick, resume, interrupt) holds the BQL. */
            qemu_cond_wait_bql(&rr_first_cpu->halt_cond);
        }
    }
    return NULL;
}

static bool rr_create_vcpu_thread(CPUState *cpu, Error **errp)
{
    if (!tcg_rr_thread) {
        rr_first_cpu = cpu;
        g_mutex_lock(&rr_start_lock);
        tcg_rr_thread = g_thread_new("CPU 0/TCG", rr_thread_fn, NULL);
        while (!rr_thread_tid) {
            g_cond_wait(&rr_start_cond, &rr_start_lock);
        }
        g_mutex_unlock(&rr_start_lock);
    }
    cpu->thread = tcg_rr_thread;
    cpu->thread_id = rr_thread_tid;
    cpu->created = true;
    if (cpu_list && cpu_list->len > 1 && !rr_slice_timer) {
        rr_slice_timer = timer_new_ms(QEMU_CLOCK_REALTIME, rr_slice_timer_cb,
                                      NULL);
        timer_mod(rr_slice_timer,
                  qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + TCG_RR_SLICE_MS);
    }
    return true;
}

static void rr_kick_vcpu_thread(CPUState *cpu)
{
    /* Whoever runs now yields, so the kicked vCPU's request is seen. */
    rr_kick_current();
    if (rr_first_cpu) {
        g_cond_broadcast(&rr_first_cpu->halt_cond);
    }
}

/* ---- MTTCG: one thread per vCPU ---- */

static GMutex mttcg_start_lock;
static GCond mttcg_start_cond;

static bool mttcg_cpu_can_run(CPUState *cpu)
{
    return !cpu->stop && !cpu->stopped && !cpu->unplug;
}

/* Nothing to do until someone wakes us (BQL held). */
static bool mttcg_cpu_idle(CPUState *cpu)
{
    if (cpu->unplug || tcg_cpu_work_pending(cpu) || tcg_safe_work_pending()) {
        return false;
    }
    if (cpu->stop || cpu->stopped) {
        return true;
    }
    return cpu->halted && !x86_cpu_has_work(cpu);
}

static void mttcg_wait_io_event(CPUState *cpu)
{
    for (;;) {
        if (cpu->stop && !cpu->stopped) {
            cpu->stopped = true;
            qemu_cpu_stopped_notify();
        }
        if (!mttcg_cpu_idle(cpu)) {
            break;
        }
        qemu_cond_wait_bql(&cpu->halt_cond);
    }
    tcg_process_queued_work(cpu);
}

static gpointer mttcg_thread_fn(gpointer opaque)
{
    CPUState *cpu = opaque;

    g_mutex_lock(&mttcg_start_lock);
    cpu->thread = g_thread_self();
    cpu->thread_id = gettid();
    g_cond_broadcast(&mttcg_start_cond);
    g_mutex_unlock(&mttcg_start_lock);

    current_cpu_set(cpu);
    tcg_thread_context_init();
    bql_lock();
    while (!cpu->unplug) {
        if (mttcg_cpu_can_run(cpu)) {
            /* EXCP_HLT, EXCP_HALTED, EXCP_DEBUG...: the wait below sorts
             * them out. */
            tcg_run_cpu(cpu);
        }
        mttcg_wait_io_event(cpu);
    }
    current_cpu_set(NULL);
    bql_unlock();
    return NULL;
}

static bool mttcg_create_vcpu_thread(CPUState *cpu, Error **errp)
{
    g_autofree char *name = g_strdup_printf("CPU %d/TCG", cpu->cpu_index);
    GThread *t;

    g_mutex_lock(&mttcg_start_lock);
    cpu->thread_id = 0;
    t = g_thread_new(name, mttcg_thread_fn, cpu);
    while (!qatomic_read(&cpu->thread_id)) {
        g_cond_wait(&mttcg_start_cond, &mttcg_start_lock);
    }
    g_mutex_unlock(&mttcg_start_lock);
    g_assert(cpu->thread == t);
    cpu->created = true;
    return true;
}

static void mttcg_kick_vcpu_thread(CPUState *cpu)
{
    /* exit_request is set: it leaves translated code. If it waits on
     * halt_cond, the broadcast must not fall between its check and its
     * wait: both happen with the BQL held. */
    if (!cpu->thread || cpu->thread == g_thread_self()) {
        return;
    }
    if (bql_locked()) {
        g_cond_broadcast(&cpu->halt_cond);
    } else {
        bql_lock();
        g_cond_broadcast(&cpu->halt_cond);
        bql_unlock();
    }
}

/* ---- AccelOpsClass ---- */

static bool tcg_create_vcpu_thread(CPUState *cpu, Error **errp)
{
    bool ok;

    tcg_cpu_state(cpu);
    tlb_init_cpu(cpu);
    /* The VM starts with resume_all_vcpus() (vm_start, cont). */
    cpu->stopped = true;
    ok = tcg_mttcg_enabled ? mttcg_create_vcpu_thread(cpu, errp)
                           : rr_create_vcpu_thread(cpu, errp);
    if (ok) {
        qatomic_set(&tcg_threads_started, true);
    }
    return ok;
}

static void tcg_kick_vcpu_thread(CPUState *cpu)
{
    if (tcg_mttcg_enabled) {
        mttcg_kick_vcpu_thread(cpu);
    } else {
        rr_kick_vcpu_thread(cpu);
    }
}

static void tcg_destroy_vcpu_thread(CPUState *cpu)
{
    GThread *t = cpu->thread;

    cpu->unplug = true;
    cpu->created = false;
    if (!tcg_mttcg_enabled || !t || t == g_thread_self()) {
        /* Round-robin: the shared thread stays; the vCPU is not
         * scheduled any more. */
        return;
    }
    qemu_cpu_kick(cpu);
    if (bql_locked()) {
        bql_unlock();
        g_thread_join(t);
        bql_lock();
    } else {
        g_thread_join(t);
    }
    cpu->thread = NULL;
}

static void tcg_synchronize_noop(CPUState *cpu)
{
}

static void tcg_synchronize_post_reset(CPUState *cpu)
{
    TCGCPUState *tcs = tcg_cpu_state(cpu);

    /* New CR0/CR3/mode: nothing cached for the old state may survive.
     * The vCPU is stopped, or this is its own thread. */
    tcs->cflags_next_tb = -1;
    tlb_flush(cpu);
    tb_jmp_cache_clear(cpu);
}

static bool tcg_cpus_are_resettable(void)
{
    return true;
}

const AccelOpsClass tcg_accel_ops = {
    .create_vcpu_thread = tcg_create_vcpu_thread,
    .kick_vcpu_thread = tcg_kick_vcpu_thread,
    .destroy_vcpu_thread = tcg_destroy_vcpu_thread,
    .synchronize_state = tcg_synchronize_noop,
    .synchronize_post_reset = tcg_synchronize_post_reset,
    .synchronize_post_init = tcg_synchronize_noop,
    .cpus_are_resettable = tcg_cpus_are_resettable,
};
