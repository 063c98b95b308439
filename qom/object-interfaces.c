/*
 * User-creatable objects: -object and object-add create them under
 * /objects/<id>; object-del removes them.
 */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/option.h"

static const TypeInfo user_creatable_info = {
    .name = TYPE_USER_CREATABLE,
    .parent = TYPE_INTERFACE,
    .class_size = sizeof(UserCreatableClass),
};

static void register_user_creatable(void)
{
    type_register_static(&user_creatable_info);
}
type_init(register_user_creatable)

/* QEMU's rule for IDs: a letter, then letters, digits, '-', '.', '_'. */
static bool id_wellformed(const char *id)
{
    const char *p;

    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

void user_creatable_complete(Object *obj, Error **errp)
{
    UserCreatableClass *ucc = (UserCreatableClass *)
        object_class_dynamic_cast(object_get_class(obj), TYPE_USER_CREATABLE);

    if (ucc && ucc->complete) {
        ucc->complete(obj, errp);
    }
}

static ObjectClass *user_creatable_class(const char *type, Error **errp)
{
    ObjectClass *klass = object_class_by_name(type);

    if (!klass || object_class_is_abstract(klass) ||
        !object_class_dynamic_cast(klass, TYPE_USER_CREATABLE)) {
        error_setg(errp, "Parameter 'qom-type' does not accept value '%s'",
                   type);
        return NULL;
    }
    return klass;
}

Object *user_creatable_add(JsonObject *props, Error **errp)
{
    ERRP_GUARD();
    static const char *const skip[] = { "qom-type", "id", NULL };
    const char *type, *id;
    ObjectClass *klass;
    Object *obj;
    GList *members, *l;

    type = opt_get_str(props, "qom-type", NULL);
    if (!type) {
        error_setg(errp, "Parameter 'qom-type' is missing");
        return NULL;
    }
    id = opt_get_str(props, "id", NULL);
    if (!id) {
        error_setg(errp, "Parameter 'id' is missing");
        return NULL;
    }
    if (!id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, "
                          "'-', '.', '_', starting with a letter.\n");
        return NULL;
    }
    klass = user_creatable_class(type, errp);
    if (!klass) {
        return NULL;
    }
    obj = object_new_with_class(klass);

    /* Unknown keys are the user's typo: name the key, not the type. */
    members = json_object_get_members(props);
    for (l = members; l; l = l->next) {
        const char *key = l->data;
        if (strcmp(key, "qom-type") && strcmp(key, "id") &&
            !object_property_find(obj, key)) {
            error_setg(errp, "Invalid parameter '%s'", key);
            break;
        }
    }
    g_list_free(members);
    if (*errp ||
        !object_set_properties_from_json(obj, props, skip, errp) ||
        !object_property_try_add_child(object_get_objects_root(), id, obj,
                                       errp)) {
        object_unref(obj);
        return NULL;
    }
    user_creatable_complete(obj, errp);
    if (*errp) {
        object_unparent(obj);
        object_unref(obj);
        return NULL;
    }
    /* The /objects tree now holds the only reference. */
    object_unref(obj);
    return obj;
}

bool user_creatable_del(const char *id, Error **errp)
{
    Object *root = object_get_objects_root();
    Object *obj = object_resolve_path_component(root, id);
    UserCreatableClass *ucc;

    if (!obj || obj->parent != root) {
        error_setg(errp, "object '%s' not found", id);
        return false;
    }
    ucc = (UserCreatableClass *)
        object_class_dynamic_cast(object_get_class(obj), TYPE_USER_CREATABLE);
    if (ucc && ucc->can_be_deleted && !ucc->can_be_deleted(obj)) {
        error_setg(errp, "object '%s' is in use, can not be deleted", id);
        return false;
    }
    object_unparent(obj);
    return true;
}

static gint prop_name_cmp(gconstpointer a, gconstpointer b)
{
    const ObjectProperty *pa = *(ObjectProperty *const *)a;
    const ObjectProperty *pb = *(ObjectProperty *const *)b;

    return strcmp(pa->name, pb->name);
}

/* "  name=<type>            - description", sorted by name. */
static void print_type_properties(ObjectClass *klass)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    GPtrArray *props = g_ptr_array_new();
    Object *obj = object_new_with_class(klass);
    guint i;

    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        if (prop->set) {
            g_ptr_array_add(props, prop);
        }
    }
    g_ptr_array_sort(props, prop_name_cmp);
    if (props->len == 0) {
        printf("There are no options for %s.\n", object_class_get_name(klass));
    } else {
        printf("%s options:\n", object_class_get_name(klass));
    }
    for (i = 0; i < props->len; i++) {
        char *left;
        prop = g_ptr_array_index(props, i);
        left = g_strdup_printf("%s=<%s>", prop->name, prop->type);
        if (prop->description) {
            printf("  %-22s - %s\n", left, prop->description);
        } else {
            printf("  %s\n", left);
        }
        g_free(left);
    }
    g_ptr_array_free(props, true);
    object_unref(obj);
}

bool user_creatable_print_help(const char *type, JsonObject *opts)
{
    ObjectClass *klass;

    if (type && !strcmp(type, "help")) {
        GSList *list = object_class_get_list(TYPE_USER_CREATABLE, false);
        GSList *l;

        printf("List of user creatable objects:\n");
        for (l = list; l; l = l->next) {
            printf("  %s\n", object_class_get_name(l->data));
        }
        g_slist_free(list);
        return true;
    }
    if (!type || !opts || !json_object_has_member(opts, "help")) {
        return false;
    }
    klass = object_class_by_name(type);
    if (!klass || object_class_is_abstract(klass) ||
        !object_class_dynamic_cast(klass, TYPE_USER_CREATABLE)) {
        /* Not a help request we can answer; let the caller report it. */
        return false;
    }
    print_type_properties(klass);
    return true;
}
