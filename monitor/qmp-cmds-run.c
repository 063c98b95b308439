/* QMP commands about the running VM: run state, machines, CPUs,
 * accelerators, identity. */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "hw/boards.h"
#include "hw/core/cpu.h"
#include "qemu/cutils.h"
#include "system/accel.h"
#include "system/runstate.h"
#include "system/system.h"

static JsonNode *object_node(JsonObject *obj)
{
    JsonNode *node = json_node_init_object(json_node_alloc(), obj);

    json_object_unref(obj);
    return node;
}

static JsonNode *array_node(JsonArray *arr)
{
    JsonNode *node = json_node_init_array(json_node_alloc(), arr);

    json_array_unref(arr);
    return node;
}

void qmp_query_status(JsonObject *args, JsonNode **ret, Error **errp)
{
    JsonObject *info = json_object_new();

    json_object_set_string_member(info, "status",
                                  runstate_name(runstate_get()));
    json_object_set_boolean_member(info, "singlestep", false);
    json_object_set_boolean_member(info, "running", runstate_is_running());
    *ret = object_node(info);
}

void qmp_stop(JsonObject *args, JsonNode **ret, Error **errp)
{
    /* During incoming migration, "stop" means "do not start after it". */
    if (runstate_check(RUN_STATE_INMIGRATE)) {
        autostart = false;
        return;
    }
    vm_stop(RUN_STATE_PAUSED);
}

static bool runstate_needs_reset(void)
{
    return runstate_check(RUN_STATE_INTERNAL_ERROR) ||
           runstate_check(RUN_STATE_SHUTDOWN) ||
           runstate_check(RUN_STATE_GUEST_PANICKED);
}

void qmp_cont(JsonObject *args, JsonNode **ret, Error **errp)
{
    if (runstate_needs_reset()) {
        error_setg(errp, "Resetting the Virtual Machine is required");
        return;
    }
    if (runstate_check(RUN_STATE_SUSPENDED) || runstate_is_running()) {
        return;
    }
    if (runstate_check(RUN_STATE_FINISH_MIGRATE)) {
        error_setg(errp, "Migration is not finalized yet");
        return;
    }
    if (runstate_check(RUN_STATE_INMIGRATE)) {
        autostart = true;
        return;
    }
    if (vm_start() < 0) {
        error_setg(errp, "Cannot continue from VM state '%s'",
                   runstate_name(runstate_get()));
    }
}

void qmp_system_reset(JsonObject *args, JsonNode **ret, Error **errp)
{
    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
}

void qmp_system_powerdown(JsonObject *args, JsonNode **ret, Error **errp)
{
    qemu_system_powerdown_request();
}

void qmp_query_kvm(JsonObject *args, JsonNode **ret, Error **errp)
{
    JsonObject *info = json_object_new();
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

    if (fd >= 0) {
        close(fd);
    }
    json_object_set_boolean_member(info, "enabled", accel_is("kvm"));
    json_object_set_boolean_member(info, "present", fd >= 0);
    *ret = object_node(info);
}

void qmp_query_target(JsonObject *args, JsonNode **ret, Error **errp)
{
    JsonObject *info = json_object_new();

    json_object_set_string_member(info, "arch", "x86_64");
    *ret = object_node(info);
}

void qmp_query_name(JsonObject *args, JsonNode **ret, Error **errp)
{
    JsonObject *info = json_object_new();

    if (qemu_name) {
        json_object_set_string_member(info, "name", qemu_name);
    }
    *ret = object_node(info);
}

void qmp_query_uuid(JsonObject *args, JsonNode **ret, Error **errp)
{
    JsonObject *info = json_object_new();
    g_autofree char *uuid = qemu_uuid_unparse_strdup(&qemu_uuid);

    json_object_set_string_member(info, "UUID", uuid);
    *ret = object_node(info);
}

void qmp_query_machines(JsonObject *args, JsonNode **ret, Error **errp)
{
    g_autoptr(GSList) classes = machine_class_list();
    JsonArray *list = json_array_new();

    for (GSList *l = classes; l; l = l->next) {
        MachineClass *mc = l->data;
        JsonObject *m = json_object_new();

        json_object_set_string_member(m, "name", mc->name);
        if (mc->alias) {
            json_object_set_string_member(m, "alias", mc->alias);
        }
        if (mc->is_default) {
            json_object_set_boolean_member(m, "is-default", true);
        }
        json_object_set_int_member(m, "cpu-max", mc->max_cpus);
        json_object_set_boolean_member(m, "hotpluggable-cpus", false);
        json_object_set_boolean_member(m, "numa-mem-supported", false);
        json_object_set_boolean_member(m, "deprecated",
                                       mc->deprecation_reason != NULL);
        if (mc->default_cpu_type) {
            json_object_set_string_member(m, "default-cpu-type",
                                          mc->default_cpu_type);
        }
        if (mc->default_ram_id) {
            json_object_set_string_member(m, "default-ram-id",
                                          mc->default_ram_id);
        }
        json_array_add_object_element(list, m);
    }
    *ret = array_node(list);
}

void qmp_query_cpus_fast(JsonObject *args, JsonNode **ret, Error **errp)
{
    JsonArray *list = json_array_new();
    bool dies = false;
    CPUState *cpu;

    if (current_machine) {
        dies = MACHINE_GET_CLASS(current_machine)->smp_dies_supported;
    }
    if (cpu_list) {
        CPU_FOREACH(cpu) {
            JsonObject *c = json_object_new();
            JsonObject *props = json_object_new();
            g_autofree char *path = object_get_canonical_path(OBJECT(cpu));

            json_object_set_int_member(c, "cpu-index", cpu->cpu_index);
            json_object_set_string_member(c, "qom-path", path);
            json_object_set_int_member(c, "thread-id", cpu->thread_id);
            json_object_set_int_member(props, "core-id", cpu->core_id);
            json_object_set_int_member(props, "thread-id",
                                       cpu->thread_id_in_core);
            if (dies) {
                json_object_set_int_member(props, "die-id", cpu->die_id);
            }
            json_object_set_int_member(props, "socket-id", cpu->socket_id);
            json_object_set_object_member(c, "props", props);
            json_object_set_string_member(c, "target", "x86_64");
            json_array_add_object_element(list, c);
        }
    }
    *ret = array_node(list);
}
