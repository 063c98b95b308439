/*
 * QMP, the JSON monitor: greeting, capabilities negotiation, request
 * parsing and dispatch through the generated command table, responses and
 * events. One request is handled at a time, in the main loop; "exec-oob"
 * requests (after the client enabled "oob") run the same way, so their
 * replies are never delayed behind another command.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/json-writer.h"
#include "qapi/qmp-registry.h"
#include "monitor-internal.h"

static void qmp_send(Monitor *mon, JsonObject *msg)
{
    g_autoptr(GString) text = g_string_new(NULL);

    json_write_object(text, msg, mon->pretty);
    g_string_append_c(text, '\n');
    monitor_puts(mon, text->str);
}

void monitor_qmp_send_event(Monitor *mon, JsonObject *event)
{
    if (monitor_output_pending(mon) > MONITOR_OUTPUT_MAX) {
        return;     /* the client stopped reading; do not grow forever */
    }
    qmp_send(mon, event);
}

static void qmp_send_greeting(Monitor *mon)
{
    g_autoptr(JsonObject) msg = json_object_new();
    JsonObject *qmp = json_object_new();
    JsonObject *version = json_object_new();
    JsonObject *qemu = json_object_new();
    JsonArray *caps = json_array_new();

    json_object_set_int_member(qemu, "micro", VIREO_QEMU_COMPAT_MICRO);
    json_object_set_int_member(qemu, "minor", VIREO_QEMU_COMPAT_MINOR);
    json_object_set_int_member(qemu, "major", VIREO_QEMU_COMPAT_MAJOR);
    json_object_set_object_member(version, "qemu", qemu);
    json_object_set_string_member(version, "package", "vireo-" VIREO_VERSION);
    json_object_set_object_member(qmp, "version", version);
    json_array_add_string_element(caps, "oob");
    json_object_set_array_member(qmp, "capabilities", caps);
    json_object_set_object_member(msg, "QMP", qmp);
    qmp_send(mon, msg);
}

/* Back to the state of a fresh connection. */
static void qmp_reset(Monitor *mon)
{
    mon->commands_mode = false;
    mon->oob_enabled = false;
    json_stream_reset(mon->js);
}

static void qmp_send_response(Monitor *mon, JsonNode *id, JsonNode *ret,
                              Error *err)
{
    g_autoptr(JsonObject) rsp = json_object_new();

    if (err) {
        JsonObject *e = json_object_new();

        if (id) {
            json_object_set_member(rsp, "id", json_node_copy(id));
        }
        json_object_set_string_member(e, "class",
                                      error_class_name(error_get_class(err)));
        json_object_set_string_member(e, "desc", error_get_pretty(err));
        json_object_set_object_member(rsp, "error", e);
        error_free(err);
    } else {
        if (ret) {
            json_object_set_member(rsp, "return", ret);
        } else {
            json_object_set_object_member(rsp, "return", json_object_new());
        }
        if (id) {
            json_object_set_member(rsp, "id", json_node_copy(id));
        }
    }
    qmp_send(mon, rsp);
}

/* Checks the request's envelope; returns the command name or NULL. */
static const char *qmp_check_request(Monitor *mon, JsonObject *req,
                                     bool *oob, Error **errp)
{
    g_autoptr(GList) keys = json_object_get_members(req);
    const char *exec = NULL, *exec_oob = NULL;

    for (GList *k = keys; k; k = k->next) {
        const char *key = k->data;
        JsonNode *v = json_object_get_member(req, key);

        if (!strcmp(key, "execute") ||
            (!strcmp(key, "exec-oob") && mon->oob_enabled)) {
            if (!JSON_NODE_HOLDS_VALUE(v) ||
                json_node_get_value_type(v) != G_TYPE_STRING) {
                error_setg(errp, "QMP input member '%s' must be a string",
                           key);
                return NULL;
            }
            if (!strcmp(key, "execute")) {
                exec = json_node_get_string(v);
            } else {
                exec_oob = json_node_get_string(v);
            }
        } else if (!strcmp(key, "arguments")) {
            if (!JSON_NODE_HOLDS_OBJECT(v)) {
                error_setg(errp,
                           "QMP input member 'arguments' must be an object");
                return NULL;
            }
        } else if (strcmp(key, "id")) {
            error_setg(errp, "QMP input member '%s' is unexpected", key);
            return NULL;
        }
    }
    if (exec && exec_oob) {
        error_setg(errp, "QMP input must not contain both 'execute' "
                   "and 'exec-oob'");
        return NULL;
    }
    if (!exec && !exec_oob) {
        error_setg(errp, "QMP input lacks member 'execute'");
        return NULL;
    }
    *oob = exec_oob != NULL;
    return exec ? exec : exec_oob;
}

static void qmp_dispatch(Monitor *mon, JsonObject *req, JsonNode **ret,
                         Error **errp)
{
    const QmpCommand *cmd;
    const char *name;
    JsonNode *args_node;
    g_autoptr(JsonObject) args = NULL;
    Monitor *old;
    bool oob = false;

    name = qmp_check_request(mon, req, &oob, errp);
    if (!name) {
        return;
    }
    cmd = qmp_find_command(name);
    if (!mon->commands_mode) {
        if (!cmd || strcmp(name, "qmp_capabilities")) {
            error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                      "Expecting capabilities negotiation with "
                      "'qmp_capabilities'");
            return;
        }
    } else if (cmd && !strcmp(name, "qmp_capabilities")) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Capabilities negotiation is already complete, "
                  "command ignored");
        return;
    }
    if (!cmd) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "The command %s has not been found", name);
        return;
    }
    if (oob && !(cmd->flags & QMP_CMD_ALLOW_OOB)) {
        error_setg(errp, "The command %s does not support OOB", name);
        return;
    }
    args_node = json_object_get_member(req, "arguments");
    args = args_node ? json_object_ref(json_node_get_object(args_node))
                     : json_object_new();
    if (!qapi_validate_object(cmd->args, args, errp)) {
        return;
    }
    old = monitor_set_cur(mon);
    cmd->fn(args, ret, errp);
    monitor_set_cur(old);
}

/* One complete JSON value arrived (or a parse error). */
static void qmp_handle_value(void *opaque, JsonNode *value, Error *err)
{
    Monitor *mon = opaque;
    JsonObject *req;
    JsonNode *id, *ret = NULL;

    if (err) {
        qmp_send_response(mon, NULL, NULL, err);
        return;
    }
    if (!JSON_NODE_HOLDS_OBJECT(value)) {
        error_setg(&err, "QMP input must be a JSON object");
        qmp_send_response(mon, NULL, NULL, err);
        json_node_unref(value);
        return;
    }
    req = json_node_get_object(value);
    id = json_object_get_member(req, "id");
    qmp_dispatch(mon, req, &ret, &err);
    if (err && ret) {
        json_node_unref(ret);
        ret = NULL;
    }
    qmp_send_response(mon, id, ret, err);
    json_node_unref(value);
}

void monitor_qmp_feed(Monitor *mon, const void *buf, size_t len)
{
    json_stream_feed(mon->js, buf, len);
}

static int qmp_can_read(void *opaque)
{
    Monitor *mon = opaque;

    /* Back-pressure: a client that does not read its replies waits. */
    return monitor_output_pending(mon) >= MONITOR_OUTPUT_THROTTLE ? 0 : 4096;
}

static void qmp_read(void *opaque, const uint8_t *buf, int size)
{
    monitor_qmp_feed(opaque, buf, size);
}

static void qmp_event(void *opaque, QEMUChrEvent event)
{
    Monitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        qmp_reset(mon);
        g_string_truncate(mon->outbuf, 0);   /* nothing is owed to a new peer */
        qmp_send_greeting(mon);
        break;
    case CHR_EVENT_CLOSED:
        qmp_reset(mon);
        g_string_truncate(mon->outbuf, 0);
        break;
    default:
        break;
    }
}

static Monitor *qmp_new(bool pretty)
{
    Monitor *mon = g_new0(Monitor, 1);

    mon->is_qmp = true;
    mon->pretty = pretty;
    mon->outbuf = g_string_new(NULL);
    mon->js = json_stream_new(qmp_handle_value, mon);
    return mon;
}

Monitor *monitor_qmp_new_detached(bool pretty)
{
    Monitor *mon = qmp_new(pretty);

    mon->detached = true;
    monitor_list_add(mon);
    qmp_send_greeting(mon);
    return mon;
}

bool monitor_init_qmp(Chardev *chr, bool pretty, Error **errp)
{
    Monitor *mon = qmp_new(pretty);

    if (!qemu_chr_fe_init(&mon->chr, chr, errp)) {
        json_stream_free(mon->js);
        g_string_free(mon->outbuf, TRUE);
        g_free(mon);
        return false;
    }
    monitor_list_add(mon);
    qemu_chr_fe_set_handlers(&mon->chr, qmp_can_read, qmp_read, qmp_event,
                             mon, NULL, true);
    return true;
}

/* Handler of qmp_capabilities: the only command allowed before it. */
void qmp_qmp_capabilities(JsonObject *args, JsonNode **ret, Error **errp)
{
    Monitor *mon = monitor_cur();
    JsonArray *enable = json_object_has_member(args, "enable")
        ? json_object_get_array_member(args, "enable") : NULL;
    bool oob = false;

    for (guint i = 0; enable && i < json_array_get_length(enable); i++) {
        /* The schema allows only known capabilities. */
        oob |= !strcmp(json_array_get_string_element(enable, i), "oob");
    }
    if (!mon || !mon->is_qmp) {
        error_setg(errp, "qmp_capabilities is only valid on a QMP monitor");
        return;
    }
    mon->oob_enabled = oob;
    mon->commands_mode = true;
}
