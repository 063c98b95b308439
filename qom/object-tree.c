/*
 * The composition tree: child<> properties own their child (one reference
 * each), link<> properties point elsewhere. Paths are the child property
 * names from the root, e.g. /machine/peripheral/net0.
 */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "qapi/error.h"
#include "qemu/option.h"
#include "qom-internal.h"

/* child<> */

static JsonNode *child_prop_get(Object *obj, const char *name, void *opaque,
                                Error **errp)
{
    char *path = object_get_canonical_path(opaque);
    JsonNode *node = json_node_new_str(path ? path : "");

    g_free(path);
    return node;
}

static void child_prop_release(Object *obj, const char *name, void *opaque)
{
    Object *child = opaque;

    if (child->class->unparent) {
        child->class->unparent(child);
    }
    child->parent = NULL;
    object_unref(child);
}

bool object_property_is_child(ObjectProperty *prop)
{
    return prop->get == child_prop_get;
}

ObjectProperty *object_property_try_add_child(Object *obj, const char *name,
                                              Object *child, Error **errp)
{
    ObjectProperty *prop;
    char *type;

    if (child->parent) {
        error_setg(errp, "Object of type '%s' already has a parent",
                   object_get_typename(child));
        return NULL;
    }
    type = g_strdup_printf("child<%s>", object_get_typename(child));
    prop = object_property_try_add(obj, name, type, child_prop_get, NULL,
                                   child_prop_release, child, errp);
    g_free(type);
    if (prop) {
        object_ref(child);
        child->parent = obj;
    }
    return prop;
}

ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child)
{
    return object_property_try_add_child(obj, name, child, &error_abort);
}

void object_unparent(Object *obj)
{
    Object *parent = obj->parent;
    GHashTableIter iter;
    gpointer key, value;

    if (!parent) {
        return;
    }
    g_hash_table_iter_init(&iter, parent->properties);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        ObjectProperty *prop = value;
        if (object_property_is_child(prop) && prop->opaque == obj) {
            object_property_del(parent, prop->name);
            return;
        }
    }
}

/* link<> */

typedef struct LinkProperty {
    Object **targetp;
    char *target_type;
    void (*check)(const Object *obj, const char *name, Object *val,
                  Error **errp);
    ObjectPropertyLinkFlags flags;
} LinkProperty;

static JsonNode *link_prop_get(Object *obj, const char *name, void *opaque,
                               Error **errp)
{
    LinkProperty *lp = opaque;
    char *path = *lp->targetp ? object_get_canonical_path(*lp->targetp)
                              : NULL;
    JsonNode *node = json_node_new_str(path ? path : "");

    g_free(path);
    return node;
}

static bool link_apply(Object *obj, const char *name, LinkProperty *lp,
                       Object *target, Error **errp)
{
    ERRP_GUARD();
    Object *old = *lp->targetp;

    if (target && !object_dynamic_cast(target, lp->target_type)) {
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   name, lp->target_type);
        return false;
    }
    if (lp->check) {
        lp->check(obj, name, target, errp);
        if (*errp) {
            return false;
        }
    }
    if (lp->flags & OBJ_PROP_LINK_STRONG) {
        object_ref(target);
    }
    *lp->targetp = target;
    if (lp->flags & OBJ_PROP_LINK_STRONG) {
        object_unref(old);
    }
    return true;
}

static void link_prop_set(Object *obj, const char *name,
                          const JsonNode *value, void *opaque, Error **errp)
{
    LinkProperty *lp = opaque;
    const char *path = qom_value_to_str(value, name, errp);
    Object *target = NULL;
    bool ambiguous = false;

    if (!path) {
        return;
    }
    if (*path) {
        target = object_resolve_path_type(path, lp->target_type, &ambiguous);
        if (!target) {
            if (ambiguous) {
                error_setg(errp, "Path '%s' does not uniquely identify an "
                           "object", path);
            } else if (object_resolve_path(path, NULL)) {
                error_setg(errp, "Invalid parameter type for '%s', "
                           "expected: %s", name, lp->target_type);
            } else {
                error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                          "Device '%s' not found", path);
            }
            return;
        }
    }
    link_apply(obj, name, lp, target, errp);
}

static void link_prop_release(Object *obj, const char *name, void *opaque)
{
    LinkProperty *lp = opaque;

    if ((lp->flags & OBJ_PROP_LINK_STRONG) && *lp->targetp) {
        object_unref(*lp->targetp);
        *lp->targetp = NULL;
    }
    g_free(lp->target_type);
    g_free(lp);
}

ObjectProperty *object_property_add_link(Object *obj, const char *name,
                            const char *type, Object **targetp,
                            void (*check)(const Object *obj, const char *name,
                                          Object *val, Error **errp),
                            ObjectPropertyLinkFlags flags)
{
    LinkProperty *lp = g_new0(LinkProperty, 1);
    char *full_type = g_strdup_printf("link<%s>", type);
    ObjectProperty *prop;

    lp->targetp = targetp;
    lp->target_type = g_strdup(type);
    lp->check = check;
    lp->flags = flags;
    /* Without a check the link is read-only, as in QEMU. */
    prop = object_property_add(obj, name, full_type, link_prop_get,
                               check ? link_prop_set : NULL,
                               link_prop_release, lp);
    g_free(full_type);
    return prop;
}

void object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp)
{
    /* Any value is fine. */
}

Object *object_property_target(Object *obj, ObjectProperty *prop)
{
    if (prop->get == child_prop_get) {
        return prop->opaque;
    }
    if (prop->get == link_prop_get) {
        return *((LinkProperty *)prop->opaque)->targetp;
    }
    return NULL;
}

/* Links are set directly, so the target need not be in the tree. */
bool object_property_set_link(Object *obj, const char *name, Object *value,
                              Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    char *path;
    bool ok;

    if (!prop) {
        return false;
    }
    if (prop->get == link_prop_get) {
        if (!prop->set) {
            error_setg(errp, "Property '%s.%s' is not writable",
                       object_get_typename(obj), name);
            return false;
        }
        return link_apply(obj, name, prop->opaque, value, errp);
    }
    path = value ? object_get_canonical_path(value) : g_strdup("");
    if (!path) {
        error_setg(errp, "Object for property '%s' is not in the "
                   "composition tree", name);
        return false;
    }
    ok = object_property_set_str(obj, name, path, errp);
    g_free(path);
    return ok;
}

Object *object_property_get_link(Object *obj, const char *name, Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    char *path;
    Object *target = NULL;

    if (!prop) {
        return NULL;
    }
    if (prop->get == link_prop_get || prop->get == child_prop_get) {
        return object_property_target(obj, prop);
    }
    path = object_property_get_str(obj, name, errp);
    if (path && *path) {
        target = object_resolve_path(path, NULL);
        if (!target) {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        }
    }
    g_free(path);
    return target;
}

/* Roots and containers */

static const TypeInfo container_info = {
    .name = TYPE_CONTAINER,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Object),
};

static void register_container(void)
{
    type_register_static(&container_info);
}
type_init(register_container)

Object *object_get_root(void)
{
    static Object *root;

    if (!root) {
        root = object_new(TYPE_CONTAINER);
    }
    return root;
}

Object *object_get_objects_root(void)
{
    return container_get(object_get_root(), "/objects");
}

Object *container_get(Object *root, const char *path)
{
    char **parts = g_strsplit(path, "/", -1);
    Object *obj = root;
    int i;

    for (i = 0; parts[i]; i++) {
        Object *child;

        if (!*parts[i]) {
            continue;
        }
        child = object_resolve_path_component(obj, parts[i]);
        if (!child) {
            child = object_new(TYPE_CONTAINER);
            object_property_add_child(obj, parts[i], child);
            object_unref(child);
        }
        obj = child;
    }
    g_strfreev(parts);
    return obj;
}

/* Paths */

Object *object_resolve_path_component(Object *parent, const char *part)
{
    ObjectProperty *prop = object_property_find(parent, part);

    return prop ? object_property_target(parent, prop) : NULL;
}

const char *object_get_canonical_path_component(const Object *obj)
{
    GHashTableIter iter;
    gpointer key, value;

    if (!obj->parent) {
        return NULL;
    }
    g_hash_table_iter_init(&iter, obj->parent->properties);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        ObjectProperty *prop = value;
        if (object_property_is_child(prop) && prop->opaque == obj) {
            return prop->name;
        }
    }
    return NULL;
}

char *object_get_canonical_path(const Object *obj)
{
    Object *root = object_get_root();
    GString *path = g_string_new(NULL);

    if (obj == root) {
        g_string_free(path, true);
        return g_strdup("/");
    }
    while (obj != root) {
        const char *comp = object_get_canonical_path_component(obj);
        if (!comp) {
            /* Not attached to the root. */
            g_string_free(path, true);
            return NULL;
        }
        g_string_prepend(path, comp);
        g_string_prepend_c(path, '/');
        obj = obj->parent;
    }
    return g_string_free(path, false);
}

static Object *resolve_abs(Object *start, char **parts, const char *typename)
{
    Object *obj = start;
    int i;

    for (i = 0; obj && parts[i]; i++) {
        if (*parts[i]) {
            obj = object_resolve_path_component(obj, parts[i]);
        }
    }
    return obj ? object_dynamic_cast(obj, typename) : NULL;
}

/*
 * A partial path matches wherever it resolves below parent, walking only
 * child<> edges (links could loop). Two distinct matches are ambiguous.
 */
static Object *resolve_partial(Object *parent, char **parts,
                               const char *typename, bool *ambiguous)
{
    Object *found = resolve_abs(parent, parts, typename);
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, parent->properties);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        ObjectProperty *prop = value;
        Object *hit;

        if (!object_property_is_child(prop)) {
            continue;
        }
        hit = resolve_partial(prop->opaque, parts, typename, ambiguous);
        if (*ambiguous) {
            return NULL;
        }
        if (hit) {
            if (found && found != hit) {
                *ambiguous = true;
                return NULL;
            }
            found = hit;
        }
    }
    return found;
}

Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguousp)
{
    bool ambiguous = false;
    char **parts;
    Object *obj;

    if (ambiguousp) {
        *ambiguousp = false;
    }
    if (!path || !*path) {
        return NULL;
    }
    parts = g_strsplit(path, "/", -1);
    if (path[0] == '/') {
        obj = resolve_abs(object_get_root(), parts, typename);
    } else {
        /* Skip empty components ("a//b", trailing '/'); an all-empty
         * partial path names nothing. */
        char **p;
        bool any = false;
        for (p = parts; *p; p++) {
            any |= **p != '\0';
        }
        obj = any ? resolve_partial(object_get_root(), parts, typename,
                                    &ambiguous)
                  : NULL;
    }
    g_strfreev(parts);
    if (ambiguousp) {
        *ambiguousp = ambiguous;
    }
    return obj;
}

Object *object_resolve_path(const char *path, bool *ambiguous)
{
    return object_resolve_path_type(path, TYPE_OBJECT, ambiguous);
}

/* Iteration over children */

static GPtrArray *children_snapshot(Object *obj)
{
    GPtrArray *arr = g_ptr_array_new_with_free_func(object_unref);
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, obj->properties);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        ObjectProperty *prop = value;
        if (object_property_is_child(prop)) {
            g_ptr_array_add(arr, object_ref(prop->opaque));
        }
    }
    return arr;
}

static int do_child_foreach(Object *obj,
                            int (*fn)(Object *child, void *opaque),
                            void *opaque, bool recurse)
{
    /* A snapshot with references: fn may unparent children. */
    GPtrArray *children = children_snapshot(obj);
    int ret = 0;
    guint i;

    for (i = 0; i < children->len && ret == 0; i++) {
        Object *child = g_ptr_array_index(children, i);
        ret = fn(child, opaque);
        if (ret == 0 && recurse) {
            ret = do_child_foreach(child, fn, opaque, true);
        }
    }
    g_ptr_array_free(children, true);
    return ret;
}

int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque)
{
    return do_child_foreach(obj, fn, opaque, false);
}

int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque)
{
    return do_child_foreach(obj, fn, opaque, true);
}
