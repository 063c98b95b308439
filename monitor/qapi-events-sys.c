/* Typed event senders; see include/monitor/qapi-events-sys.h. */
#include "qemu/osdep.h"
#include "monitor/monitor.h"
#include "monitor/qapi-events-sys.h"
#include "qapi/qapi-events.h"

void qapi_event_send_stop(void)
{
    qapi_event_send(QAPI_EVENT_STOP, NULL);
}

void qapi_event_send_resume(void)
{
    qapi_event_send(QAPI_EVENT_RESUME, NULL);
}

void qapi_event_send_powerdown(void)
{
    qapi_event_send(QAPI_EVENT_POWERDOWN, NULL);
}

static JsonObject *guest_reason(bool guest, ShutdownCause reason)
{
    JsonObject *data = json_object_new();

    json_object_set_boolean_member(data, "guest", guest);
    json_object_set_string_member(data, "reason",
                                  shutdown_cause_name(reason));
    return data;
}

void qapi_event_send_shutdown(bool guest, ShutdownCause reason)
{
    qapi_event_send(QAPI_EVENT_SHUTDOWN, guest_reason(guest, reason));
}

void qapi_event_send_reset(bool guest, ShutdownCause reason)
{
    qapi_event_send(QAPI_EVENT_RESET, guest_reason(guest, reason));
}

void qapi_event_send_suspend(void)
{
    qapi_event_send(QAPI_EVENT_SUSPEND, NULL);
}

void qapi_event_send_wakeup(void)
{
    qapi_event_send(QAPI_EVENT_WAKEUP, NULL);
}

void qapi_event_send_guest_panicked(const char *action)
{
    JsonObject *data = json_object_new();

    json_object_set_string_member(data, "action", action);
    qapi_event_send(QAPI_EVENT_GUEST_PANICKED, data);
}

void qapi_event_send_device_deleted(const char *device, const char *path)
{
    JsonObject *data = json_object_new();

    if (device) {
        json_object_set_string_member(data, "device", device);
    }
    json_object_set_string_member(data, "path", path);
    qapi_event_send(QAPI_EVENT_DEVICE_DELETED, data);
}
