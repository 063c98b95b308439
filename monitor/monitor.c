/*
 * What QMP and HMP monitors share: the list of monitors, buffered output
 * with CRLF line ends and back-pressure, the current monitor, event
 * broadcast, -mon option handling and shutdown.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/json-writer.h"
#include "qapi/qmp-registry.h"
#include "qemu/cutils.h"
#include "qemu/timer.h"
#include "monitor-internal.h"

static GList *monitors;
static __thread Monitor *cur_mon;

void monitor_list_add(Monitor *mon)
{
    monitors = g_list_append(monitors, mon);
}

Monitor *monitor_cur(void)
{
    return cur_mon;
}

bool monitor_cur_is_qmp(void)
{
    return cur_mon && cur_mon->is_qmp;
}

Monitor *monitor_set_cur(Monitor *mon)
{
    Monitor *old = cur_mon;

    cur_mon = mon;
    return old;
}

size_t monitor_output_pending(Monitor *mon)
{
    return mon->outbuf->len;
}

static void monitor_flush_timer_cb(void *opaque)
{
    monitor_flush(opaque);
}

void monitor_flush(Monitor *mon)
{
    bool was_throttled = mon->outbuf->len >= MONITOR_OUTPUT_THROTTLE;

    if (mon->detached || !mon->outbuf->len) {
        return;
    }
    if (!qemu_chr_fe_backend_connected(&mon->chr)) {
        g_string_truncate(mon->outbuf, 0);
        return;
    }
    while (mon->outbuf->len) {
        int len = MIN(mon->outbuf->len, (gsize)INT_MAX);
        int n = qemu_chr_fe_write(&mon->chr, (uint8_t *)mon->outbuf->str,
                                  len);

        if (n > 0) {
            g_string_erase(mon->outbuf, 0, n);
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
            errno != EINTR) {
            /* The peer is gone; a reconnecting client starts afresh. */
            g_string_truncate(mon->outbuf, 0);
            break;
        }
        /* Full: try again shortly rather than block the main loop. */
        if (!mon->flush_timer) {
            mon->flush_timer = timer_new_ms(QEMU_CLOCK_REALTIME,
                                            monitor_flush_timer_cb, mon);
        }
        if (!timer_pending(mon->flush_timer)) {
            timer_mod(mon->flush_timer,
                      qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 10);
        }
        return;
    }
    if (was_throttled) {
        qemu_chr_fe_accept_input(&mon->chr);
    }
}

void monitor_puts(Monitor *mon, const char *str)
{
    mon->at_prompt = false;
    for (const char *p = str; *p; p++) {
        if (*p == '\n') {
            g_string_append_c(mon->outbuf, '\r');
        }
        g_string_append_c(mon->outbuf, *p);
    }
    monitor_flush(mon);
}

int monitor_printf(Monitor *mon, const char *fmt, ...)
{
    g_autofree char *buf = NULL;
    va_list ap;
    int len;

    if (!mon || mon->is_qmp) {
        return -1;
    }
    va_start(ap, fmt);
    buf = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    len = strlen(buf);
    monitor_puts(mon, buf);
    return len;
}

char *monitor_take_output(Monitor *mon)
{
    char *out = g_strdup(mon->outbuf->str);

    g_string_truncate(mon->outbuf, 0);
    return out;
}

void monitor_free(Monitor *mon)
{
    if (!mon) {
        return;
    }
    monitors = g_list_remove(monitors, mon);
    if (cur_mon == mon) {
        cur_mon = NULL;
    }
    if (!mon->detached) {
        qemu_chr_fe_deinit(&mon->chr, false);
    }
    timer_free(mon->flush_timer);
    if (mon->banner_bh) {
        qemu_bh_delete(mon->banner_bh);
    }
    json_stream_free(mon->js);
    if (mon->line) {
        g_string_free(mon->line, TRUE);
    }
    g_string_free(mon->outbuf, TRUE);
    g_free(mon);
}

void qapi_event_send(const char *name, JsonObject *data)
{
    const QapiEvent *ev = qapi_find_event(name);
    g_autoptr(JsonObject) event = json_object_new();
    JsonObject *ts = json_object_new();
    int64_t now = g_get_real_time();

    /* An event the schema does not declare, or with the wrong data, is a
     * bug in the emitter: say so, but still deliver it. */
    if (!ev) {
        g_warning("QMP event %s is not in the schema", name);
    } else if (ev->data) {
        Error *err = NULL;

        if (!qapi_validate_object(ev->data, data, &err)) {
            g_warning("QMP event %s: %s", name, error_get_pretty(err));
            error_free(err);
        }
    }
    json_object_set_int_member(ts, "seconds", now / G_USEC_PER_SEC);
    json_object_set_int_member(ts, "microseconds", now % G_USEC_PER_SEC);
    json_object_set_object_member(event, "timestamp", ts);
    json_object_set_string_member(event, "event", name);
    if (data) {
        json_object_set_object_member(event, "data", data);
    }
    for (GList *l = monitors; l; l = l->next) {
        Monitor *mon = l->data;

        if (mon->is_qmp && mon->commands_mode) {
            monitor_qmp_send_event(mon, event);
        }
    }
}

static bool opt_bool(JsonObject *opts, const char *key, bool def,
                     bool *out, Error **errp)
{
    JsonNode *n = json_object_get_member(opts, key);

    *out = def;
    if (!n) {
        return true;
    }
    if (JSON_NODE_HOLDS_VALUE(n) &&
        json_node_get_value_type(n) == G_TYPE_BOOLEAN) {
        *out = json_node_get_boolean(n);
        return true;
    }
    if (JSON_NODE_HOLDS_VALUE(n) &&
        json_node_get_value_type(n) == G_TYPE_STRING &&
        qemu_parse_bool(json_node_get_string(n), out)) {
        return true;
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", key);
    return false;
}

static const char *opt_str(JsonObject *opts, const char *key)
{
    JsonNode *n = json_object_get_member(opts, key);

    if (n && JSON_NODE_HOLDS_VALUE(n) &&
        json_node_get_value_type(n) == G_TYPE_STRING) {
        return json_node_get_string(n);
    }
    return NULL;
}

bool monitor_init_opts(JsonObject *opts, Error **errp)
{
    static const char *const known[] = { "id", "chardev", "mode", "pretty" };
    g_autoptr(GList) keys = json_object_get_members(opts);
    const char *chardev, *mode;
    Chardev *chr;
    bool pretty;

    for (GList *k = keys; k; k = k->next) {
        bool ok = false;

        for (size_t i = 0; i < ARRAY_SIZE(known) && !ok; i++) {
            ok = !strcmp(known[i], k->data);
        }
        if (!ok) {
            error_setg(errp, "Invalid parameter '%s'", (const char *)k->data);
            return false;
        }
    }
    chardev = opt_str(opts, "chardev");
    if (!chardev) {
        error_setg(errp, "Parameter 'chardev' is missing");
        return false;
    }
    chr = qemu_chr_find(chardev);
    if (!chr) {
        error_setg(errp, "chardev \"%s\" not found", chardev);
        return false;
    }
    if (!opt_bool(opts, "pretty", false, &pretty, errp)) {
        return false;
    }
    mode = opt_str(opts, "mode");
    if (!mode || !strcmp(mode, "readline")) {
        if (pretty) {
            error_setg(errp, "'pretty' is not compatible with HMP monitors");
            return false;
        }
        return monitor_init_hmp(chr, true, errp);
    }
    if (!strcmp(mode, "control")) {
        return monitor_init_qmp(chr, pretty, errp);
    }
    error_setg(errp, "Parameter 'mode' does not accept value '%s'", mode);
    return false;
}

void monitor_cleanup(void)
{
    /* Deliver what is still queued (the reply to "quit"), blocking: the
     * process is about to exit. */
    while (monitors) {
        Monitor *mon = monitors->data;

        if (!mon->detached && mon->outbuf->len &&
            qemu_chr_fe_backend_connected(&mon->chr)) {
            qemu_chr_fe_write_all(&mon->chr, (uint8_t *)mon->outbuf->str,
                                  mon->outbuf->len);
            g_string_truncate(mon->outbuf, 0);
        }
        monitor_free(mon);
    }
}
