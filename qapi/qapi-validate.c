/*
 * Checks JSON values against the generated type descriptors, so command
 * handlers only ever see arguments of the declared shape. Messages follow
 * QEMU's wording, which scripts and libvirt's logs show to users.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qmp-registry.h"

static int cmp_command(const void *key, const void *elt)
{
    return strcmp(key, ((const QmpCommand *)elt)->name);
}

const QmpCommand *qmp_find_command(const char *name)
{
    return bsearch(name, qmp_commands, qmp_commands_count,
                   sizeof(qmp_commands[0]), cmp_command);
}

static int cmp_event(const void *key, const void *elt)
{
    return strcmp(key, ((const QapiEvent *)elt)->name);
}

const QapiEvent *qapi_find_event(const char *name)
{
    return bsearch(name, qapi_events, qapi_events_count,
                   sizeof(qapi_events[0]), cmp_event);
}

static void type_error(Error **errp, const char *name, const char *expected)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
               name, expected);
}

static bool node_is(JsonNode *node, GType type)
{
    return JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == type;
}

static bool validate_int(const QapiType *type, const char *name,
                         JsonNode *value, Error **errp)
{
    int64_t v;

    if (!node_is(value, G_TYPE_INT64)) {
        type_error(errp, name, "integer");
        return false;
    }
    v = json_node_get_int(value);
    if (type->is_unsigned ? v < 0
                          : (v < type->int_min || v > type->int_max)) {
        error_setg(errp, "Parameter '%s' expects %s", name, type->c_name);
        return false;
    }
    return true;
}

static bool validate_enum(const QapiType *type, const char *name,
                          JsonNode *value, Error **errp)
{
    const char *s;

    if (!node_is(value, G_TYPE_STRING)) {
        type_error(errp, name, "string");
        return false;
    }
    s = json_node_get_string(value);
    for (const char *const *v = type->values; *v; v++) {
        if (!strcmp(*v, s)) {
            return true;
        }
    }
    error_setg(errp, "Parameter '%s' does not accept value '%s'", name, s);
    return false;
}

static bool validate_members(const QapiType *type, const char *prefix,
                             JsonObject *obj, Error **errp)
{
    g_autoptr(GList) keys = NULL;

    for (size_t i = 0; i < type->n_members; i++) {
        const QapiMember *m = &type->members[i];
        JsonNode *v = obj ? json_object_get_member(obj, m->name) : NULL;
        g_autofree char *path = prefix ? g_strdup_printf("%s.%s", prefix,
                                                         m->name)
                                       : g_strdup(m->name);

        if (!v) {
            if (!m->optional) {
                error_setg(errp, "Parameter '%s' is missing", path);
                return false;
            }
            continue;
        }
        if (!qapi_validate_value(m->type, path, v, errp)) {
            return false;
        }
    }
    if (!obj || type->allow_extra) {
        return true;
    }
    keys = json_object_get_members(obj);
    for (GList *k = keys; k; k = k->next) {
        bool known = false;

        for (size_t i = 0; i < type->n_members && !known; i++) {
            known = !strcmp(type->members[i].name, k->data);
        }
        if (!known) {
            if (prefix) {
                error_setg(errp, "Parameter '%s.%s' is unexpected", prefix,
                           (const char *)k->data);
            } else {
                error_setg(errp, "Parameter '%s' is unexpected",
                           (const char *)k->data);
            }
            return false;
        }
    }
    return true;
}

bool qapi_validate_value(const QapiType *type, const char *name,
                         JsonNode *value, Error **errp)
{
    switch (type->kind) {
    case QAPI_KIND_ANY:
        return true;
    case QAPI_KIND_STR:
        if (!node_is(value, G_TYPE_STRING)) {
            type_error(errp, name, "string");
            return false;
        }
        return true;
    case QAPI_KIND_BOOL:
        if (!node_is(value, G_TYPE_BOOLEAN)) {
            type_error(errp, name, "boolean");
            return false;
        }
        return true;
    case QAPI_KIND_INT:
        return validate_int(type, name, value, errp);
    case QAPI_KIND_NUMBER:
        if (!node_is(value, G_TYPE_INT64) && !node_is(value, G_TYPE_DOUBLE)) {
            type_error(errp, name, "number");
            return false;
        }
        return true;
    case QAPI_KIND_NULL:
        if (!JSON_NODE_HOLDS_NULL(value)) {
            type_error(errp, name, "null");
            return false;
        }
        return true;
    case QAPI_KIND_ENUM:
        return validate_enum(type, name, value, errp);
    case QAPI_KIND_OBJECT:
        if (!JSON_NODE_HOLDS_OBJECT(value)) {
            type_error(errp, name, "object");
            return false;
        }
        return validate_members(type, name, json_node_get_object(value),
                                errp);
    case QAPI_KIND_ARRAY: {
        JsonArray *arr;

        if (!JSON_NODE_HOLDS_ARRAY(value)) {
            type_error(errp, name, "array");
            return false;
        }
        arr = json_node_get_array(value);
        for (guint i = 0; i < json_array_get_length(arr); i++) {
            g_autofree char *elt = g_strdup_printf("%s[%u]", name, i);

            if (!qapi_validate_value(type->element, elt,
                                     json_array_get_element(arr, i), errp)) {
                return false;
            }
        }
        return true;
    }
    }
    g_assert_not_reached();
}

bool qapi_validate_object(const QapiType *type, JsonObject *args,
                          Error **errp)
{
    g_assert(type->kind == QAPI_KIND_OBJECT);
    return validate_members(type, NULL, args, errp);
}
