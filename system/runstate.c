/*
 * Run state and requests. Devices and monitors raise requests (reset,
 * shutdown, powerdown, exit) from any thread; the main loop carries them
 * out between iterations, so a device never resets the machine from inside
 * its own register write.
 */
#include "qemu/osdep.h"
#include "system/runstate.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qemu/error-report.h"
#include "qemu/option.h"
#include "monitor/monitor.h"
#include "monitor/qapi-events-sys.h"
#include "qemu/atomic.h"
#include "hw/qdev-core.h"
#include "hw/core/cpu.h"
#include "hw/boards.h"

bool no_reboot;
bool no_shutdown;
bool autostart = true;

static RunState current_run_state = RUN_STATE_PRELAUNCH;

static const char *const runstate_names[RUN_STATE__MAX] = {
    [RUN_STATE_DEBUG] = "debug",
    [RUN_STATE_INMIGRATE] = "inmigrate",
    [RUN_STATE_INTERNAL_ERROR] = "internal-error",
    [RUN_STATE_IO_ERROR] = "io-error",
    [RUN_STATE_PAUSED] = "paused",
    [RUN_STATE_POSTMIGRATE] = "postmigrate",
    [RUN_STATE_PRELAUNCH] = "prelaunch",
    [RUN_STATE_FINISH_MIGRATE] = "finish-migrate",
    [RUN_STATE_RESTORE_VM] = "restore-vm",
    [RUN_STATE_RUNNING] = "running",
    [RUN_STATE_SAVE_VM] = "save-vm",
    [RUN_STATE_SHUTDOWN] = "shutdown",
    [RUN_STATE_SUSPENDED] = "suspended",
    [RUN_STATE_WATCHDOG] = "watchdog",
    [RUN_STATE_GUEST_PANICKED] = "guest-panicked",
    [RUN_STATE_COLO] = "colo",
};

static const char *const shutdown_cause_names[SHUTDOWN_CAUSE__MAX] = {
    [SHUTDOWN_CAUSE_NONE] = "none",
    [SHUTDOWN_CAUSE_HOST_ERROR] = "host-error",
    [SHUTDOWN_CAUSE_HOST_QMP_QUIT] = "host-qmp-quit",
    [SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET] = "host-qmp-system-reset",
    [SHUTDOWN_CAUSE_HOST_SIGNAL] = "host-signal",
    [SHUTDOWN_CAUSE_HOST_UI] = "host-ui",
    [SHUTDOWN_CAUSE_GUEST_SHUTDOWN] = "guest-shutdown",
    [SHUTDOWN_CAUSE_GUEST_RESET] = "guest-reset",
    [SHUTDOWN_CAUSE_GUEST_PANIC] = "guest-panic",
    [SHUTDOWN_CAUSE_SUBSYSTEM_RESET] = "subsystem-reset",
    [SHUTDOWN_CAUSE_SNAPSHOT_LOAD] = "snapshot-load",
};

const char *runstate_name(RunState state)
{
    return state < RUN_STATE__MAX ? runstate_names[state] : "unknown";
}

const char *shutdown_cause_name(ShutdownCause cause)
{
    return cause < SHUTDOWN_CAUSE__MAX ? shutdown_cause_names[cause]
                                       : "unknown";
}

RunState runstate_get(void)
{
    return current_run_state;
}

bool runstate_check(RunState state)
{
    return current_run_state == state;
}

void runstate_set(RunState new_state)
{
    assert(new_state < RUN_STATE__MAX);
    current_run_state = new_state;
}

bool runstate_is_running(void)
{
    return runstate_check(RUN_STATE_RUNNING);
}

/* Run-state observers. */
typedef struct VMChangeEntry {
    VMChangeStateHandler *cb;
    void *opaque;
} VMChangeEntry;

static GList *vm_change_handlers;

void *qemu_add_vm_change_state_handler(VMChangeStateHandler *cb, void *opaque)
{
    VMChangeEntry *e = g_new0(VMChangeEntry, 1);

    e->cb = cb;
    e->opaque = opaque;
    vm_change_handlers = g_list_append(vm_change_handlers, e);
    return e;
}

void qemu_del_vm_change_state_handler(void *entry)
{
    vm_change_handlers = g_list_remove(vm_change_handlers, entry);
    g_free(entry);
}

static void vm_state_notify(bool running, RunState state)
{
    /* Starting: in registration order; stopping: in reverse. */
    if (running) {
        for (GList *l = vm_change_handlers; l; l = l->next) {
            VMChangeEntry *e = l->data;
            e->cb(e->opaque, running, state);
        }
    } else {
        for (GList *l = g_list_last(vm_change_handlers); l; l = l->prev) {
            VMChangeEntry *e = l->data;
            e->cb(e->opaque, running, state);
        }
    }
}

int vm_stop(RunState state)
{
    if (!runstate_is_running()) {
        runstate_set(state);
        return 0;
    }
    pause_all_vcpus();
    cpu_disable_ticks();
    runstate_set(state);
    vm_state_notify(false, state);
    qapi_event_send_stop();
    return 0;
}

int vm_prepare_start(void)
{
    if (runstate_is_running()) {
        return -1;
    }
    cpu_enable_ticks();
    runstate_set(RUN_STATE_RUNNING);
    vm_state_notify(true, RUN_STATE_RUNNING);
    qapi_event_send_resume();
    return 0;
}

int vm_start(void)
{
    if (vm_prepare_start() == 0) {
        resume_all_vcpus();
    }
    return 0;
}

/* Requests. Written from any thread, read by the main loop. */
static int reset_requested;          /* ShutdownCause or 0 */
static int shutdown_requested;       /* ShutdownCause or 0 */
static int powerdown_requested;
static int exit_requested;
static int exit_status;
static int shutdown_signal;
static pid_t shutdown_pid;

void qemu_system_reset_request(ShutdownCause reason)
{
    if (no_reboot && reason != SHUTDOWN_CAUSE_SUBSYSTEM_RESET &&
        reason != SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET) {
        /* -no-reboot: a guest reset ends the VM instead. */
        qatomic_set_int(&shutdown_requested, reason);
    } else {
        qatomic_set_int(&reset_requested, reason);
    }
    qemu_notify_event();
}

void qemu_system_shutdown_request(ShutdownCause reason)
{
    qatomic_set_int(&shutdown_requested, reason);
    qemu_notify_event();
}

void qemu_system_killed(int signal, pid_t pid)
{
    shutdown_signal = signal;
    shutdown_pid = pid;
    no_shutdown = false;
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_SIGNAL);
}

void qemu_system_powerdown_request(void)
{
    qatomic_set_int(&powerdown_requested, 1);
    qemu_notify_event();
}

void qemu_system_exit_request(int status)
{
    exit_status = status;
    qatomic_set_int(&exit_requested, 1);
    qemu_notify_event();
}

void qemu_system_guest_panicked(void)
{
    qapi_event_send_guest_panicked("pause");
    vm_stop(RUN_STATE_GUEST_PANICKED);
}

typedef struct PowerdownNotifier {
    void (*fn)(void *opaque);
    void *opaque;
} PowerdownNotifier;

static GList *powerdown_notifiers;

void qemu_register_powerdown_notifier(void (*fn)(void *opaque), void *opaque)
{
    PowerdownNotifier *n = g_new0(PowerdownNotifier, 1);

    n->fn = fn;
    n->opaque = opaque;
    powerdown_notifiers = g_list_append(powerdown_notifiers, n);
}

static bool shutdown_cause_is_guest(ShutdownCause cause)
{
    return cause >= SHUTDOWN_CAUSE_GUEST_SHUTDOWN &&
           cause <= SHUTDOWN_CAUSE_GUEST_PANIC;
}

void qemu_system_reset(ShutdownCause reason)
{
    MachineClass *mc = current_machine ? MACHINE_GET_CLASS(current_machine)
                                       : NULL;

    if (mc && mc->reset) {
        mc->reset(current_machine, reason);
    } else {
        qemu_devices_reset();
    }
    if (reason != SHUTDOWN_CAUSE_NONE) {
        qapi_event_send_reset(shutdown_cause_is_guest(reason), reason);
    }
}

/* Returns true when the process should end, with *status set. */
static bool main_loop_should_exit(int *status)
{
    int request;

    if (qatomic_xchg_int(&exit_requested, 0)) {
        *status = exit_status;
        return true;
    }
    request = qatomic_xchg_int(&shutdown_requested, 0);
    if (request) {
        if (request == SHUTDOWN_CAUSE_HOST_SIGNAL && shutdown_signal) {
            error_report("terminating on signal %d from pid %d",
                         shutdown_signal, (int)shutdown_pid);
        }
        qapi_event_send_shutdown(shutdown_cause_is_guest(request), request);
        if (no_shutdown && request >= SHUTDOWN_CAUSE_GUEST_SHUTDOWN) {
            vm_stop(RUN_STATE_SHUTDOWN);
        } else {
            *status = 0;
            return true;
        }
    }
    request = qatomic_xchg_int(&reset_requested, 0);
    if (request) {
        pause_all_vcpus();
        qemu_system_reset(request);
        resume_all_vcpus();
        if (!runstate_check(RUN_STATE_RUNNING) &&
            !runstate_check(RUN_STATE_INMIGRATE) &&
            !runstate_check(RUN_STATE_PRELAUNCH) &&
            !runstate_check(RUN_STATE_PAUSED)) {
            runstate_set(RUN_STATE_PAUSED);
        }
    }
    if (qatomic_xchg_int(&powerdown_requested, 0)) {
        qapi_event_send_powerdown();
        for (GList *l = powerdown_notifiers; l; l = l->next) {
            PowerdownNotifier *n = l->data;
            n->fn(n->opaque);
        }
    }
    return false;
}

int qemu_main_loop(void)
{
    int status = 0;

    while (!main_loop_should_exit(&status)) {
        main_loop_wait(false);
    }
    return status;
}
