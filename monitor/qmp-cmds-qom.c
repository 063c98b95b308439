/* QMP access to the object model: walk the tree, read and write
 * properties, list types and the properties they offer. */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "hw/qdev-core.h"
#include "qom/object.h"

static Object *resolve(const char *path, Error **errp)
{
    bool ambiguous = false;
    Object *obj = object_resolve_path(path, &ambiguous);

    if (!obj) {
        if (ambiguous) {
            error_setg(errp, "Path '%s' is ambiguous", path);
        } else {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        }
    }
    return obj;
}

static JsonNode *array_node(JsonArray *arr)
{
    JsonNode *node = json_node_init_array(json_node_alloc(), arr);

    json_array_unref(arr);
    return node;
}

static JsonObject *property_info(ObjectProperty *prop, bool details)
{
    JsonObject *info = json_object_new();

    json_object_set_string_member(info, "name", prop->name);
    json_object_set_string_member(info, "type", prop->type);
    if (details && prop->description) {
        json_object_set_string_member(info, "description",
                                      prop->description);
    }
    if (details && prop->defval) {
        json_object_set_member(info, "default-value",
                               json_node_copy(prop->defval));
    }
    return info;
}

void qmp_qom_list(JsonObject *args, JsonNode **ret, Error **errp)
{
    Object *obj = resolve(json_object_get_string_member(args, "path"), errp);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    JsonArray *list;

    if (!obj) {
        return;
    }
    list = json_array_new();
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        json_array_add_object_element(list, property_info(prop, false));
    }
    *ret = array_node(list);
}

void qmp_qom_get(JsonObject *args, JsonNode **ret, Error **errp)
{
    Object *obj = resolve(json_object_get_string_member(args, "path"), errp);

    if (obj) {
        *ret = object_property_get(obj,
                    json_object_get_string_member(args, "property"), errp);
    }
}

void qmp_qom_set(JsonObject *args, JsonNode **ret, Error **errp)
{
    Object *obj = resolve(json_object_get_string_member(args, "path"), errp);

    if (obj) {
        object_property_set(obj,
                            json_object_get_string_member(args, "property"),
                            json_object_get_member(args, "value"), errp);
    }
}

void qmp_qom_list_types(JsonObject *args, JsonNode **ret, Error **errp)
{
    const char *implements = json_object_has_member(args, "implements")
        ? json_object_get_string_member(args, "implements") : NULL;
    bool abstract = json_object_has_member(args, "abstract") &&
                    json_object_get_boolean_member(args, "abstract");
    JsonArray *list = json_array_new();
    g_autoptr(GSList) classes = NULL;

    /* An unknown "implements" matches nothing, as in QEMU. */
    if (!implements || object_class_by_name(implements)) {
        classes = object_class_get_list(implements, abstract);
    }
    for (GSList *l = classes; l; l = l->next) {
        ObjectClass *klass = l->data;
        ObjectClass *parent = object_class_get_parent(klass);
        JsonObject *t = json_object_new();

        json_object_set_string_member(t, "name",
                                      object_class_get_name(klass));
        if (object_class_is_abstract(klass)) {
            json_object_set_boolean_member(t, "abstract", true);
        }
        if (parent) {
            json_object_set_string_member(t, "parent",
                                          object_class_get_name(parent));
        }
        json_array_add_object_element(list, t);
    }
    *ret = array_node(list);
}

void qmp_qom_list_properties(JsonObject *args, JsonNode **ret, Error **errp)
{
    const char *name = json_object_get_string_member(args, "typename");
    ObjectClass *klass = object_class_by_name(name);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    Object *obj = NULL;
    JsonArray *list;

    if (!klass) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Class '%s' not found", name);
        return;
    }
    if (object_class_dynamic_cast(klass, TYPE_INTERFACE)) {
        error_setg(errp, "Parameter 'typename' expects a non-interface type");
        return;
    }
    /* An abstract class has only class properties; a concrete one is
     * instantiated so instance properties show too. */
    if (object_class_is_abstract(klass)) {
        object_class_property_iter_init(&iter, klass);
    } else {
        obj = object_new_with_class(klass);
        object_property_iter_init(&iter, obj);
    }
    list = json_array_new();
    while ((prop = object_property_iter_next(&iter))) {
        json_array_add_object_element(list, property_info(prop, true));
    }
    if (obj) {
        object_unref(obj);
    }
    *ret = array_node(list);
}

/* Properties every device has that -device users cannot set. */
static bool device_prop_is_internal(ObjectProperty *prop)
{
    static const char *const hidden[] = {
        "type", "realized", "hotpluggable", "hotplugged", "parent_bus",
    };

    for (size_t i = 0; i < ARRAY_SIZE(hidden); i++) {
        if (!strcmp(prop->name, hidden[i])) {
            return true;
        }
    }
    return g_str_has_prefix(prop->name, "legacy-") ||
           g_str_has_prefix(prop->type, "child<");
}

void qmp_device_list_properties(JsonObject *args, JsonNode **ret,
                                Error **errp)
{
    const char *name = json_object_get_string_member(args, "typename");
    ObjectClass *klass = object_class_by_name(name);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    JsonArray *list;
    Object *obj;

    if (!klass) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", name);
        return;
    }
    if (!object_class_dynamic_cast(klass, TYPE_DEVICE) ||
        object_class_is_abstract(klass)) {
        error_setg(errp,
                   "Parameter 'typename' expects a non-abstract device type");
        return;
    }
    obj = object_new_with_class(klass);
    list = json_array_new();
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        if (!device_prop_is_internal(prop)) {
            json_array_add_object_element(list, property_info(prop, true));
        }
    }
    object_unref(obj);
    *ret = array_node(list);
}
