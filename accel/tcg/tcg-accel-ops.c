/*
 * Running vCPUs under TCG. Single-threaded round-robin: one host thread
 * runs every vCPU in turn; it holds the BQL except while guest code runs
 * (cpu_exec takes it back for devices). A vCPU keeps the thread until it
 * halts, is kicked, or its time slice ends (a realtime timer kicks it).
 *
 * Stop/start follow system/cpus.c: pause_all_vcpus() sets cpu->stop and
 * kicks; this thread answers with cpu->stopped and
 * qemu_cpu_stopped_notify(); resume_all_vcpus() clears both and
 * broadcasts each vCPU's halt_cond, where this thread sleeps when no
 * vCPU can run.
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
    bql_unlock();
    r = cpu_exec(cpu);
    bql_lock();
    qatomic_set(&rr_current, NULL);
    current_cpu_set(NULL);
    if (r == EXCP_ATOMIC) {
        /* No other vCPU runs concurrently here: TBs are never
         * CF_PARALLEL, so this should not happen; say so once. */
        static bool warned;
        if (!warned) {
            warned = true;
            qemu_log_mask(LOG_UNIMP, "tcg: EXCP_ATOMIC without MTTCG\n");
        }
    }
    return r;
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

        tcg_safe_work_run();
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
            if (tcg_safe_work_pending() || (cpu_list && cpu_list->len != n)) {
                break;
            }
        }
        if (!ran && !tcg_safe_work_pending()) {
            /* Every waker (kick, resume, interrupt) holds the BQL. */
            qemu_cond_wait_bql(&rr_first_cpu->halt_cond);
        }
    }
    return NULL;
}

static bool tcg_create_vcpu_thread(CPUState *cpu, Error **errp)
{
    tcg_cpu_state(cpu);
    tlb_init_cpu(cpu);
    /* The VM starts with resume_all_vcpus() (vm_start, cont). */
    cpu->stopped = true;

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

static void tcg_kick_vcpu_thread(CPUState *cpu)
{
    /* Whoever runs now yields, so the kicked vCPU's request is seen. */
    rr_kick_current();
    if (rr_first_cpu) {
        g_cond_broadcast(&rr_first_cpu->halt_cond);
    }
}

static void tcg_destroy_vcpu_thread(CPUState *cpu)
{
    /* The shared thread stays; the vCPU simply is not scheduled. */
    cpu->unplug = true;
    cpu->created = false;
}

static void tcg_synchronize_noop(CPUState *cpu)
{
}

static void tcg_synchronize_post_reset(CPUState *cpu)
{
    TCGCPUState *tcs = tcg_cpu_state(cpu);

    /* New CR0/CR3/mode: nothing cached for the old state may survive. */
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
