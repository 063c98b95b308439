/* QMP commands about the protocol itself: version, command list, schema
 * introspection, quit, and the HMP passthrough. */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "hw/core/cpu.h"
#include "system/runstate.h"
#include "monitor-internal.h"

void qmp_query_version(JsonObject *args, JsonNode **ret, Error **errp)
{
    JsonObject *info = json_object_new();
    JsonObject *qemu = json_object_new();

    json_object_set_int_member(qemu, "micro", VIREO_QEMU_COMPAT_MICRO);
    json_object_set_int_member(qemu, "minor", VIREO_QEMU_COMPAT_MINOR);
    json_object_set_int_member(qemu, "major", VIREO_QEMU_COMPAT_MAJOR);
    json_object_set_object_member(info, "qemu", qemu);
    json_object_set_string_member(info, "package", "vireo-" VIREO_VERSION);
    *ret = json_node_init_object(json_node_alloc(), info);
    json_object_unref(info);
}

void qmp_query_commands(JsonObject *args, JsonNode **ret, Error **errp)
{
    JsonArray *list = json_array_new();

    for (size_t i = 0; i < qmp_commands_count; i++) {
        JsonObject *c = json_object_new();

        json_object_set_string_member(c, "name", qmp_commands[i].name);
        json_array_add_object_element(list, c);
    }
    *ret = json_node_init_array(json_node_alloc(), list);
    json_array_unref(list);
}

void qmp_query_qmp_schema(JsonObject *args, JsonNode **ret, Error **errp)
{
    static JsonNode *schema;

    /* Parsed once; every call returns a copy. */
    if (!schema) {
        g_autoptr(JsonParser) parser = json_parser_new_immutable();
        g_autoptr(GError) gerr = NULL;

        if (!json_parser_load_from_data(parser, qapi_introspect_json, -1,
                                        &gerr)) {
            error_setg(errp, "Schema introspection data is corrupt: %s",
                       gerr->message);
            return;
        }
        schema = json_node_copy(json_parser_get_root(parser));
    }
    *ret = json_node_copy(schema);
}

void qmp_quit(JsonObject *args, JsonNode **ret, Error **errp)
{
    /* The reply goes out first; main() flushes monitors before exit. */
    no_shutdown = false;
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
}

void qmp_human_monitor_command(JsonObject *args, JsonNode **ret,
                               Error **errp)
{
    const char *line = json_object_get_string_member(args, "command-line");
    CPUState *cpu = NULL;
    g_autofree char *out = NULL;

    if (json_object_has_member(args, "cpu-index")) {
        int64_t idx = json_object_get_int_member(args, "cpu-index");

        cpu = (idx >= 0 && idx <= INT_MAX) ? qemu_get_cpu(idx) : NULL;
        if (!cpu) {
            error_setg(errp, "Parameter 'cpu-index' expects a CPU number");
            return;
        }
    }
    out = hmp_run_command_on_cpu(line, cpu);
    *ret = json_node_new(JSON_NODE_VALUE);
    json_node_set_string(*ret, out);
}
