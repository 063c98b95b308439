/*
 * KVM vCPUs: one host thread each. The thread takes the BQL except while
 * in KVM_RUN. A kick (SIG_IPI) sets kvm_run.immediate_exit from the signal
 * handler, so a kick that lands just before KVM_RUN still makes it return
 * at once with EINTR. Exits for port I/O and MMIO go to the memory API
 * with the BQL held; the architecture (target/i386/kvm) handles the rest.
 *
 * Register state: the kernel's copy is authoritative while the vCPU runs;
 * synchronize_state pulls it into env and marks it dirty, and a dirty env
 * is pushed back before the next KVM_RUN.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "accel/kvm/kvm-internal.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qemu/atomic.h"
#include "system/runstate.h"
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#define SIG_IPI SIGUSR1

static __thread KVMVcpu *self_vcpu;

static void kvm_ipi_handler(int sig)
{
    KVMVcpu *v = self_vcpu;

    if (v && v->run) {
        /* KVM_RUN returns -EINTR now, or at once if not yet entered. */
        __atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_RELAXED);
    }
}

static void kvm_init_ipi_signal(void)
{
    static gsize done;

    if (g_once_init_enter(&done)) {
        struct sigaction sa = { .sa_handler = kvm_ipi_handler };

        sigemptyset(&sa.sa_mask);
        sigaction(SIG_IPI, &sa, NULL);
        g_once_init_leave(&done, 1);
    }
}

static bool kvm_fail_here(CPUState *cpu, const char *step)
{
    KVMState *s = kvm_state;

    return s->fail_vcpu == cpu->cpu_index &&
           !strcmp(s->fail_step ? s->fail_step : "create", step);
}

/* ------------------------------------------------------------------ */
/* State sync                                                          */

static void kvm_report_state_error(CPUState *cpu, Error *err)
{
    error_prepend(&err, "kvm: vCPU %d: ", cpu->cpu_index);
    error_report_err(err);
}

static void do_get_registers(CPUState *cpu, void *data)
{
    KVMVcpu *v = kvm_vcpu(cpu);
    Error *err = NULL;

    if (!v->dirty) {
        if (kvm_arch_get_registers(cpu, &err) < 0) {
            kvm_report_state_error(cpu, err);
            return;
        }
        v->dirty = true;
    }
}

static void do_put_registers(CPUState *cpu, void *data)
{
    KVMVcpu *v = kvm_vcpu(cpu);
    Error *err = NULL;

    if (kvm_arch_put_registers(cpu, GPOINTER_TO_INT(data), &err) < 0) {
        kvm_report_state_error(cpu, err);
        return;
    }
    v->dirty = false;
}

static void kvm_synchronize_state(CPUState *cpu)
{
    if (cpu->accel && !kvm_vcpu(cpu)->dirty) {
        kvm_run_on_vcpu(cpu, do_get_registers, NULL);
    }
}

static void kvm_synchronize_post_reset(CPUState *cpu)
{
    if (!cpu->accel) {
        return;
    }
    kvm_arch_reset_vcpu(cpu);
    kvm_run_on_vcpu(cpu, do_put_registers,
                    GINT_TO_POINTER(KVM_PUT_RESET_STATE));
}

static void kvm_synchronize_post_init(CPUState *cpu)
{
    if (!cpu->accel) {
        return;
    }
    kvm_run_on_vcpu(cpu, do_put_registers,
                    GINT_TO_POINTER(KVM_PUT_FULL_STATE));
}

/* ------------------------------------------------------------------ */
/* run_on_vcpu                                                         */

static bool vcpu_parked(CPUState *cpu)
{
    return cpu->stopped || !cpu->thread;
}

void kvm_run_on_vcpu(CPUState *cpu, void (*fn)(CPUState *, void *),
                     void *data)
{
    KVMVcpu *v = kvm_vcpu(cpu);

    /* Parked vCPUs are outside KVM_RUN and wait for the BQL we hold. */
    if (qemu_cpu_is_self(cpu) || vcpu_parked(cpu) || !bql_locked()) {
        fn(cpu, data);
        return;
    }
    while (v->work_fn) {
        qemu_cond_wait_bql(&v->work_cond);
    }
    v->work_fn = fn;
    v->work_data = data;
    v->work_done = false;
    qemu_cpu_kick(cpu);
    while (!v->work_done) {
        qemu_cond_wait_bql(&v->work_cond);
    }
}

static void kvm_process_work(CPUState *cpu)
{
    KVMVcpu *v = kvm_vcpu(cpu);

    if (v->work_fn) {
        v->work_fn(cpu, v->work_data);
        v->work_fn = NULL;
        v->work_done = true;
        g_cond_broadcast(&v->work_cond);
    }
}

/* ------------------------------------------------------------------ */
/* Exits                                                               */

static void kvm_handle_io(struct kvm_run *run)
{
    uint8_t *data = (uint8_t *)run + run->io.data_offset;
    bool is_write = run->io.direction == KVM_EXIT_IO_OUT;

    for (uint32_t i = 0; i < run->io.count; i++) {
        address_space_rw(&address_space_io, run->io.port,
                         MEMTXATTRS_UNSPECIFIED, data, run->io.size,
                         is_write);
        data += run->io.size;
    }
}

static const char *kvm_exit_name(uint32_t reason)
{
    static const char *const names[] = {
        [KVM_EXIT_UNKNOWN] = "UNKNOWN", [KVM_EXIT_EXCEPTION] = "EXCEPTION",
        [KVM_EXIT_IO] = "IO", [KVM_EXIT_HYPERCALL] = "HYPERCALL",
        [KVM_EXIT_DEBUG] = "DEBUG", [KVM_EXIT_HLT] = "HLT",
        [KVM_EXIT_MMIO] = "MMIO", [KVM_EXIT_SHUTDOWN] = "SHUTDOWN",
        [KVM_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
        [KVM_EXIT_INTERNAL_ERROR] = "INTERNAL_ERROR",
        [KVM_EXIT_SYSTEM_EVENT] = "SYSTEM_EVENT",
    };

    return reason < ARRAY_SIZE(names) && names[reason] ? names[reason]
                                                       : "(other)";
}

static void kvm_dump_vcpu(CPUState *cpu)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);
    GString *out = g_string_new(NULL);
    KVMVcpu *v = kvm_vcpu(cpu);
    Error *err = NULL;

    if (!v->dirty && kvm_arch_get_registers(cpu, &err) == 0) {
        v->dirty = true;
    }
    error_free(err);
    if (cc->dump_state) {
        cc->dump_state(cpu, out, 0);
    }
    fprintf(stderr, "%s", out->str);
    g_string_free(out, true);
}

static int kvm_handle_internal_error(CPUState *cpu, struct kvm_run *run)
{
    error_report("KVM internal error. Suberror: %u", run->internal.suberror);
    for (uint32_t i = 0; i < run->internal.ndata &&
         i < ARRAY_SIZE(run->internal.data); i++) {
        error_report("extra data[%u]: 0x%016" PRIx64, i,
                     (uint64_t)run->internal.data[i]);
    }
    if (run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION) {
        error_report("emulation failure");
    }
    return -1;
}

static int kvm_handle_system_event(CPUState *cpu, struct kvm_run *run)
{
    switch (run->system_event.type) {
    case KVM_SYSTEM_EVENT_SHUTDOWN:
        qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
        return EXCP_INTERRUPT;
    case KVM_SYSTEM_EVENT_RESET:
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        return EXCP_INTERRUPT;
    case KVM_SYSTEM_EVENT_CRASH:
        kvm_dump_vcpu(cpu);
        qemu_system_guest_panicked();
        return EXCP_INTERRUPT;
    default:
        error_report("kvm: unknown system event %u",
                     run->system_event.type);
        return -1;
    }
}

/* Runs the vCPU until it must leave: EXCP_INTERRUPT, EXCP_HLT, or -1. */
static int kvm_cpu_exec(CPUState *cpu)
{
    KVMVcpu *v = kvm_vcpu(cpu);
    struct kvm_run *run = v->run;
    int ret = 0;

    if (kvm_arch_vcpu_halted(cpu)) {
        return EXCP_HLT;
    }
    do {
        int r;

        if (v->dirty) {
            Error *err = NULL;

            if (kvm_arch_put_registers(cpu, KVM_PUT_RUNTIME_STATE,
                                       &err) < 0) {
                kvm_report_state_error(cpu, err);
                ret = -1;
                break;
            }
            v->dirty = false;
        }
        kvm_arch_pre_run(cpu, run);
        if (qatomic_read(&cpu->exit_request)) {
            /* Let KVM finish pending I/O, then come straight back. */
            run->immediate_exit = 1;
        }
        bql_unlock();
        r = ioctl(v->fd, KVM_RUN, 0);
        r = r < 0 ? -errno : r;
        bql_lock();
        run->immediate_exit = 0;
        kvm_arch_post_run(cpu, run);

        if (r < 0) {
            if (r == -EINTR || r == -EAGAIN) {
                ret = EXCP_INTERRUPT;
                break;
            }
            error_report("kvm: KVM_RUN failed on vCPU %d: %s",
                         cpu->cpu_index, strerror(-r));
            ret = -1;
            break;
        }
        switch (run->exit_reason) {
        case KVM_EXIT_IO:
            kvm_handle_io(run);
            break;
        case KVM_EXIT_MMIO:
            address_space_rw(&address_space_memory, run->mmio.phys_addr,
                             MEMTXATTRS_UNSPECIFIED, run->mmio.data,
                             run->mmio.len, run->mmio.is_write);
            break;
        case KVM_EXIT_IRQ_WINDOW_OPEN:
        case KVM_EXIT_INTR:
            ret = EXCP_INTERRUPT;
            break;
        case KVM_EXIT_SHUTDOWN:
            /* Triple fault: the machine resets. */
            qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
            ret = EXCP_INTERRUPT;
            break;
        case KVM_EXIT_UNKNOWN:
            error_report("KVM: unknown exit, hardware reason 0x%" PRIx64,
                         (uint64_t)run->hw.hardware_exit_reason);
            ret = -1;
            break;
        case KVM_EXIT_FAIL_ENTRY:
            error_report("KVM: entry failed, hardware error 0x%" PRIx64,
                         (uint64_t)run->fail_entry.hardware_entry_failure_reason);
            ret = -1;
            break;
        case KVM_EXIT_INTERNAL_ERROR:
            ret = kvm_handle_internal_error(cpu, run);
            break;
        case KVM_EXIT_SYSTEM_EVENT:
            ret = kvm_handle_system_event(cpu, run);
            break;
        case KVM_EXIT_DIRTY_RING_FULL:
            kvm_dirty_ring_reap(kvm_state);
            break;
        default:
            ret = kvm_arch_handle_exit(cpu, run);
            if (ret < 0) {
                error_report("kvm: unhandled exit %u (%s)",
                             run->exit_reason,
                             kvm_exit_name(run->exit_reason));
            }
            break;
        }
    } while (ret == 0);

    if (ret < 0) {
        kvm_dump_vcpu(cpu);
        vm_stop(RUN_STATE_INTERNAL_ERROR);
    }
    qatomic_set(&cpu->exit_request, 0);
    return ret;
}

/* ------------------------------------------------------------------ */
/* The thread                                                          */

static bool vcpu_can_run(CPUState *cpu)
{
    return !cpu->stop && !cpu->stopped && !kvm_vcpu(cpu)->destroy &&
           runstate_is_running();
}

static void *kvm_vcpu_thread_fn(void *opaque)
{
    CPUState *cpu = opaque;
    KVMVcpu *v = kvm_vcpu(cpu);
    sigset_t set;

    bql_lock();
    current_cpu_set(cpu);
    self_vcpu = v;
    cpu->thread_id = syscall(SYS_gettid);
    sigemptyset(&set);
    sigaddset(&set, SIG_IPI);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);

    while (!v->destroy) {
        kvm_process_work(cpu);
        if (vcpu_can_run(cpu)) {
            int r = kvm_cpu_exec(cpu);

            if (r == EXCP_HLT) {
                cpu->halted = true;
            }
        }
        kvm_process_work(cpu);
        if (cpu->stop && !cpu->stopped) {
            cpu->stopped = true;
            qemu_cpu_stopped_notify();
        }
        while (!v->destroy && !v->work_fn &&
               (!vcpu_can_run(cpu) || kvm_arch_vcpu_halted(cpu))) {
            if (cpu->stop && !cpu->stopped) {
                cpu->stopped = true;
                qemu_cpu_stopped_notify();
            }
            qemu_cond_wait_bql(&cpu->halt_cond);
        }
    }
    self_vcpu = NULL;
    current_cpu_set(NULL);
    bql_unlock();
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Create / destroy                                                    */

static void kvm_vcpu_free(CPUState *cpu)
{
    KVMVcpu *v = kvm_vcpu(cpu);

    if (!v) {
        return;
    }
    if (v->arch) {
        kvm_arch_destroy_vcpu(cpu);
    }
    if (v->ring) {
        munmap(v->ring, kvm_state->dirty_ring_bytes);
    }
    if (v->run) {
        munmap(v->run, v->run_size);
    }
    if (v->fd >= 0) {
        close(v->fd);
    }
    g_cond_clear(&v->work_cond);
    g_free(v);
    cpu->accel = NULL;
}

static bool kvm_create_vcpu_thread(CPUState *cpu, Error **errp)
{
    KVMState *s = kvm_state;
    KVMVcpu *v;
    CPUClass *cc = CPU_GET_CLASS(cpu);
    unsigned long vcpu_id = cc->get_arch_id ? cc->get_arch_id(cpu)
                                            : cpu->cpu_index;
    pthread_attr_t attr;
    sigset_t set, old;
    int r;

    kvm_init_ipi_signal();
    v = g_new0(KVMVcpu, 1);
    v->fd = -1;
    g_cond_init(&v->work_cond);
    cpu->accel = v;

    r = kvm_fail_here(cpu, "create") ? -EMFILE
        : kvm_vm_ioctl(s, KVM_CREATE_VCPU, (void *)vcpu_id);
    if (r < 0) {
        error_setg_errno(errp, -r, "kvm: KVM_CREATE_VCPU for vCPU %d "
                         "(APIC ID %lu) failed", cpu->cpu_index, vcpu_id);
        goto fail;
    }
    v->fd = r;
    v->run_size = s->vcpu_mmap_size;
    v->run = kvm_fail_here(cpu, "mmap") ? MAP_FAILED
             : mmap(NULL, v->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                    v->fd, 0);
    if (v->run == MAP_FAILED) {
        v->run = NULL;
        error_setg_errno(errp, kvm_fail_here(cpu, "mmap") ? ENOMEM : errno,
                         "kvm: mapping kvm_run of vCPU %d failed",
                         cpu->cpu_index);
        goto fail;
    }
    if (s->dirty_ring_on) {
        v->ring = mmap(NULL, s->dirty_ring_bytes, PROT_READ | PROT_WRITE,
                       MAP_SHARED, v->fd,
                       KVM_DIRTY_LOG_PAGE_OFFSET * qemu_real_host_page_size);
        if (v->ring == MAP_FAILED) {
            v->ring = NULL;
            error_setg_errno(errp, errno, "kvm: mapping the dirty ring of "
                             "vCPU %d failed", cpu->cpu_index);
            goto fail;
        }
    }
    if (kvm_fail_here(cpu, "arch")) {
        error_setg(errp, "kvm: vCPU %d: injected failure in CPU setup "
                   "(x-fail-step=arch)", cpu->cpu_index);
        goto fail;
    }
    if (kvm_arch_init_vcpu(cpu, errp) < 0) {
        goto fail;
    }

    /* The thread starts with SIG_IPI blocked and unblocks it itself. */
    cpu->stopped = true;
    cpu->stop = false;
    sigemptyset(&set);
    sigaddset(&set, SIG_IPI);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    pthread_attr_init(&attr);
    r = kvm_fail_here(cpu, "thread") ? EAGAIN
        : pthread_create(&v->pthread, &attr, kvm_vcpu_thread_fn, cpu);
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (r) {
        error_setg_errno(errp, r, "kvm: creating the thread of vCPU %d "
                         "failed", cpu->cpu_index);
        goto fail;
    }
    /* Marks "has a thread" for pause_all_vcpus; never dereferenced. */
    cpu->thread = (GThread *)v;
    return true;

fail:
    kvm_vcpu_free(cpu);
    return false;
}

static void kvm_kick_vcpu_thread(CPUState *cpu)
{
    KVMVcpu *v = kvm_vcpu(cpu);

    if (!v || !cpu->thread) {
        return;
    }
    g_cond_broadcast(&cpu->halt_cond);
    if (!qemu_cpu_is_self(cpu)) {
        pthread_kill(v->pthread, SIG_IPI);
    } else if (v->run) {
        v->run->immediate_exit = 1;
    }
}

static void kvm_destroy_vcpu_thread(CPUState *cpu)
{
    KVMVcpu *v = kvm_vcpu(cpu);
    bool locked = bql_locked();

    if (!v) {
        return;
    }
    if (cpu->thread) {
        v->destroy = true;
        qemu_cpu_kick(cpu);
        if (locked) {
            bql_unlock();
        }
        pthread_join(v->pthread, NULL);
        if (locked) {
            bql_lock();
        }
        cpu->thread = NULL;
    }
    kvm_vcpu_free(cpu);
    cpu->created = false;
}

static bool kvm_cpus_are_resettable(void)
{
    return true;
}

const AccelOpsClass kvm_accel_ops = {
    .create_vcpu_thread = kvm_create_vcpu_thread,
    .kick_vcpu_thread = kvm_kick_vcpu_thread,
    .destroy_vcpu_thread = kvm_destroy_vcpu_thread,
    .synchronize_state = kvm_synchronize_state,
    .synchronize_post_reset = kvm_synchronize_post_reset,
    .synchronize_post_init = kvm_synchronize_post_init,
    .cpus_are_resettable = kvm_cpus_are_resettable,
};
