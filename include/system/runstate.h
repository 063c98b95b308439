/*
 * The VM's run state and the requests (reset, shutdown, powerdown) that
 * devices and monitors raise and the main loop carries out.
 */
#ifndef SYSTEM_RUNSTATE_H
#define SYSTEM_RUNSTATE_H

#include "qemu/osdep.h"

typedef enum RunState {
    RUN_STATE_DEBUG,
    RUN_STATE_INMIGRATE,
    RUN_STATE_INTERNAL_ERROR,
    RUN_STATE_IO_ERROR,
    RUN_STATE_PAUSED,
    RUN_STATE_POSTMIGRATE,
    RUN_STATE_PRELAUNCH,
    RUN_STATE_FINISH_MIGRATE,
    RUN_STATE_RESTORE_VM,
    RUN_STATE_RUNNING,
    RUN_STATE_SAVE_VM,
    RUN_STATE_SHUTDOWN,
    RUN_STATE_SUSPENDED,
    RUN_STATE_WATCHDOG,
    RUN_STATE_GUEST_PANICKED,
    RUN_STATE_COLO,
    RUN_STATE__MAX
} RunState;

/* QMP spelling: "running", "paused", "prelaunch", "shutdown", ... */
const char *runstate_name(RunState state);
RunState runstate_get(void);
bool runstate_check(RunState state);
void runstate_set(RunState new_state);
bool runstate_is_running(void);

/* Why the VM stopped / shut down. */
typedef enum ShutdownCause {
    SHUTDOWN_CAUSE_NONE,
    SHUTDOWN_CAUSE_HOST_ERROR,
    SHUTDOWN_CAUSE_HOST_QMP_QUIT,
    SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET,
    SHUTDOWN_CAUSE_HOST_SIGNAL,
    SHUTDOWN_CAUSE_HOST_UI,
    SHUTDOWN_CAUSE_GUEST_SHUTDOWN,
    SHUTDOWN_CAUSE_GUEST_RESET,
    SHUTDOWN_CAUSE_GUEST_PANIC,
    SHUTDOWN_CAUSE_SUBSYSTEM_RESET,
    SHUTDOWN_CAUSE_SNAPSHOT_LOAD,
    SHUTDOWN_CAUSE__MAX
} ShutdownCause;
/* "host-qmp-quit", "guest-shutdown", ... */
const char *shutdown_cause_name(ShutdownCause cause);

/* Requests: safe from any thread; the main loop acts on them. */
void qemu_system_reset_request(ShutdownCause reason);
void qemu_system_shutdown_request(ShutdownCause reason);
void qemu_system_powerdown_request(void);
void qemu_system_killed(int signal, pid_t pid);
void qemu_system_guest_panicked(void);
/* Exit the process with this status once the main loop sees it (used by
 * isa-debug-exit). */
void qemu_system_exit_request(int status);

/* Powerdown notifiers (the ACPI PM device raises its power button). */
void qemu_register_powerdown_notifier(void (*fn)(void *opaque), void *opaque);

/* Stops vCPUs and the virtual clock; sends STOP. */
int vm_stop(RunState state);
/* Starts from paused/prelaunch; sends RESUME. Returns -1 if not allowed. */
int vm_start(void);
int vm_prepare_start(void);
/* Resets the machine (devices then CPUs); sends RESET with the cause. */
void qemu_system_reset(ShutdownCause reason);

/* -no-reboot, -no-shutdown, -S */
extern bool no_reboot;
extern bool no_shutdown;
extern bool autostart;

/* Run-state change observers. */
typedef void VMChangeStateHandler(void *opaque, bool running, RunState state);
void *qemu_add_vm_change_state_handler(VMChangeStateHandler *cb,
                                       void *opaque);
void qemu_del_vm_change_state_handler(void *entry);

/* The main loop: runs until a shutdown/exit request; returns exit status. */
int qemu_main_loop(void);

#endif
