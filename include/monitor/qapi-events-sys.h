/*
 * Typed senders for the run-state and device events declared in
 * qapi/run-state.json and qapi/qom.json. runstate.c and qdev call these;
 * each one sends to every QMP monitor past capabilities negotiation.
 */
#ifndef MONITOR_QAPI_EVENTS_SYS_H
#define MONITOR_QAPI_EVENTS_SYS_H

#include "qemu/osdep.h"
#include "system/runstate.h"

void qapi_event_send_stop(void);
void qapi_event_send_resume(void);
void qapi_event_send_powerdown(void);
/* {"guest": guest, "reason": shutdown_cause_name(reason)} */
void qapi_event_send_shutdown(bool guest, ShutdownCause reason);
void qapi_event_send_reset(bool guest, ShutdownCause reason);
void qapi_event_send_suspend(void);
void qapi_event_send_wakeup(void);
/* action: "pause", "poweroff" or "run" */
void qapi_event_send_guest_panicked(const char *action);
/* device is the -device id (NULL if none), path the QOM path. */
void qapi_event_send_device_deleted(const char *device, const char *path);

#endif
