/*
 * QOM core: the type table, class initialisation, instances, casts and the
 * generic property table. Ready-made property kinds live in
 * object-props.c, the composition tree in object-tree.c and -object support
 * in object-interfaces.c.
 */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "qapi/error.h"
#include "qemu/option.h"
#include "qom-internal.h"

#define QOM_CAST_CACHE_SIZE 4

typedef struct TypeImpl {
    char *name;
    char *parent_name;
    struct TypeImpl *parent_type;
    size_t class_size;
    size_t instance_size;
    void (*class_init)(ObjectClass *klass, void *data);
    void (*class_base_init)(ObjectClass *klass, void *data);
    void *class_data;
    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);
    bool abstract;
    int num_interfaces;
    char **interface_names;
    ObjectClass *class;
    bool initializing;          /* catches a class_init that recurses */
    /*
     * Casts of this class that returned the class itself (to an
     * ancestor, not an interface): the name the caller passed, usually
     * a literal, compared by pointer; and the type it named. Any thread
     * may overwrite an entry, so a hit is trusted only after checking
     * the type's name; and since every cached type is an ancestor, even
     * a pair torn by a concurrent update gives a correct answer.
     */
    struct {
        const char *typename;
        struct TypeImpl *target;
    } cast_cache[QOM_CAST_CACHE_SIZE];
    unsigned cast_cache_next;
} TypeImpl;

static GHashTable *type_table;  /* name -> TypeImpl */

static GHashTable *type_table_get(void)
{
    if (!type_table) {
        type_table = g_hash_table_new(g_str_hash, g_str_equal);
    }
    return type_table;
}

static TypeImpl *type_get_by_name(const char *name)
{
    if (!name) {
        return NULL;
    }
    return g_hash_table_lookup(type_table_get(), name);
}

Type type_register_static(const TypeInfo *info)
{
    TypeImpl *ti;
    int i;

    if (!info->name || !*info->name) {
        fprintf(stderr, "qom: registering a type without a name\n");
        abort();
    }
    if (type_get_by_name(info->name)) {
        fprintf(stderr, "qom: registering type '%s' which already exists\n",
                info->name);
        abort();
    }
    ti = g_new0(TypeImpl, 1);
    ti->name = g_strdup(info->name);
    ti->parent_name = g_strdup(info->parent);
    ti->class_size = info->class_size;
    ti->instance_size = info->instance_size;
    ti->class_init = info->class_init;
    ti->class_base_init = info->class_base_init;
    ti->class_data = info->class_data;
    ti->instance_init = info->instance_init;
    ti->instance_post_init = info->instance_post_init;
    ti->instance_finalize = info->instance_finalize;
    ti->abstract = info->abstract;
    for (i = 0; info->interfaces && info->interfaces[i].type; i++) {
        ti->num_interfaces++;
    }
    ti->interface_names = g_new0(char *, ti->num_interfaces + 1);
    for (i = 0; i < ti->num_interfaces; i++) {
        ti->interface_names[i] = g_strdup(info->interfaces[i].type);
    }
    g_hash_table_insert(type_table_get(), ti->name, ti);
    return ti;
}

void type_register_static_array(const TypeInfo *infos, int nr_infos)
{
    int i;

    for (i = 0; i < nr_infos; i++) {
        type_register_static(&infos[i]);
    }
}

static TypeImpl *type_get_parent(TypeImpl *ti)
{
    if (!ti->parent_type && ti->parent_name) {
        ti->parent_type = type_get_by_name(ti->parent_name);
        if (!ti->parent_type) {
            fprintf(stderr, "qom: type '%s' has unknown parent type '%s'\n",
                    ti->name, ti->parent_name);
            abort();
        }
    }
    return ti->parent_type;
}

/* True if ti is target_type or derives from it. */
static bool type_is_ancestor(TypeImpl *ti, TypeImpl *target_type)
{
    while (ti) {
        if (ti == target_type) {
            return true;
        }
        ti = type_get_parent(ti);
    }
    return false;
}

static bool type_is_interface(TypeImpl *ti)
{
    TypeImpl *iface = type_get_by_name(TYPE_INTERFACE);

    return iface && type_is_ancestor(ti, iface);
}

static size_t type_class_get_size(TypeImpl *ti)
{
    TypeImpl *p;

    if (ti->class_size) {
        return ti->class_size;
    }
    p = type_get_parent(ti);
    return p ? type_class_get_size(p) : sizeof(ObjectClass);
}

static size_t type_object_get_size(TypeImpl *ti)
{
    TypeImpl *p;

    if (ti->instance_size) {
        return ti->instance_size;
    }
    p = type_get_parent(ti);
    return p ? type_object_get_size(p) : 0;
}

static void type_initialize(TypeImpl *ti);

/*
 * Gives klass its own copy of interface iface_ti, seeded from template
 * (the parent class's copy, so inherited methods carry over) or from the
 * interface type's own class.
 */
static void type_add_interface(ObjectClass *klass, TypeImpl *iface_ti,
                               InterfaceClass *template)
{
    ObjectClass *src;
    size_t size;
    InterfaceClass *ic;

    type_initialize(iface_ti);
    src = template ? &template->parent_class : iface_ti->class;
    size = type_class_get_size(iface_ti);
    ic = g_malloc0(size);
    memcpy(ic, src, size);
    ic->parent_class.type = iface_ti;
    ic->parent_class.interfaces = NULL;
    ic->parent_class.properties =
        g_hash_table_new(g_str_hash, g_str_equal);
    ic->concrete_class = klass;
    ic->interface_type = iface_ti;
    klass->interfaces = g_slist_append(klass->interfaces, ic);
}

static bool class_has_interface(ObjectClass *klass, TypeImpl *iface_ti)
{
    GSList *l;

    for (l = klass->interfaces; l; l = l->next) {
        InterfaceClass *ic = l->data;
        if (type_is_ancestor(ic->interface_type, iface_ti)) {
            return true;
        }
    }
    return false;
}

static void type_initialize(TypeImpl *ti)
{
    TypeImpl *parent, *p;
    size_t class_size;
    GSList *l;
    int i;

    if (ti->class) {
        return;
    }
    if (ti->initializing) {
        fprintf(stderr, "qom: type '%s' is used by its own class_init\n",
                ti->name);
        abort();
    }
    ti->initializing = true;
    class_size = type_class_get_size(ti);
    ti->instance_size = type_object_get_size(ti);
    if (type_is_interface(ti) && class_size < sizeof(InterfaceClass)) {
        class_size = sizeof(InterfaceClass);
    }
    ti->class_size = class_size;
    ti->class = g_malloc0(class_size);

    parent = type_get_parent(ti);
    if (parent) {
        type_initialize(parent);
        if (parent->class_size > class_size ||
            parent->instance_size > ti->instance_size) {
            fprintf(stderr, "qom: type '%s' is smaller than its parent "
                    "'%s'\n", ti->name, parent->name);
            abort();
        }
        memcpy(ti->class, parent->class, parent->class_size);
        ti->class->interfaces = NULL;
        for (l = parent->class->interfaces; l; l = l->next) {
            InterfaceClass *pic = l->data;
            type_add_interface(ti->class, pic->interface_type, pic);
        }
    }
    ti->class->type = ti;
    ti->class->properties = g_hash_table_new(g_str_hash, g_str_equal);

    for (i = 0; i < ti->num_interfaces; i++) {
        TypeImpl *iface = type_get_by_name(ti->interface_names[i]);
        if (!iface || !type_is_interface(iface)) {
            fprintf(stderr, "qom: type '%s' implements '%s', which is not "
                    "a registered interface\n", ti->name,
                    ti->interface_names[i]);
            abort();
        }
        if (!class_has_interface(ti->class, iface)) {
            type_add_interface(ti->class, iface, NULL);
        }
    }

    /* Ancestors' class_base_init hooks see every subclass first. */
    for (p = parent; p; p = type_get_parent(p)) {
        if (p->class_base_init) {
            p->class_base_init(ti->class, ti->class_data);
        }
    }
    if (ti->class_init) {
        ti->class_init(ti->class, ti->class_data);
    }
    ti->initializing = false;
}

/* Classes */

ObjectClass *object_class_by_name(const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        return NULL;
    }
    type_initialize(ti);
    return ti->class;
}

ObjectClass *module_object_class_by_name(const char *typename)
{
    return object_class_by_name(typename);
}

const char *object_class_get_name(ObjectClass *klass)
{
    return klass->type->name;
}

ObjectClass *object_class_get_parent(ObjectClass *klass)
{
    TypeImpl *p = type_get_parent(klass->type);

    if (!p) {
        return NULL;
    }
    type_initialize(p);
    return p->class;
}

bool object_class_is_abstract(ObjectClass *klass)
{
    return klass->type->abstract || type_is_interface(klass->type);
}

static void cast_cache_add(TypeImpl *ti, const char *typename,
                           TypeImpl *target)
{
    unsigned i = __atomic_fetch_add(&ti->cast_cache_next, 1,
                                    __ATOMIC_RELAXED) % QOM_CAST_CACHE_SIZE;

    __atomic_store_n(&ti->cast_cache[i].target, target, __ATOMIC_RELEASE);
    __atomic_store_n(&ti->cast_cache[i].typename, typename, __ATOMIC_RELAXED);
}

ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *typename)
{
    TypeImpl *target, *ti;
    ObjectClass *found = NULL;
    GSList *l;

    if (!klass || !typename) {
        return NULL;
    }
    ti = klass->type;
    if (!strcmp(ti->name, typename)) {
        return klass;   /* the exact type, without a hash lookup */
    }
    for (int i = 0; i < QOM_CAST_CACHE_SIZE; i++) {
        if (__atomic_load_n(&ti->cast_cache[i].typename, __ATOMIC_RELAXED) ==
            typename) {
            target = __atomic_load_n(&ti->cast_cache[i].target,
                                     __ATOMIC_ACQUIRE);
            if (target && !strcmp(target->name, typename)) {
                return klass;
            }
        }
    }
    target = type_get_by_name(typename);
    if (!target) {
        return NULL;
    }
    if (type_is_ancestor(ti, target)) {
        cast_cache_add(ti, typename, target);
        return klass;
    }
    for (l = klass->interfaces; l; l = l->next) {
        InterfaceClass *ic = l->data;
        if (type_is_ancestor(ic->interface_type, target)) {
            if (found) {
                return NULL;    /* ambiguous */
            }
            found = &ic->parent_class;
        }
    }
    return found;
}

ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func)
{
    ObjectClass *ret;

    if (!klass) {
        return NULL;
    }
    ret = object_class_dynamic_cast(klass, typename);
    if (!ret) {
        fprintf(stderr, "%s:%d:%s: Object class '%s' is not an instance of "
                "type '%s'\n", file, line, func, klass->type->name,
                typename);
        abort();
    }
    return ret;
}

static gint class_name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(object_class_get_name((ObjectClass *)a),
                  object_class_get_name((ObjectClass *)b));
}

GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract)
{
    GHashTableIter iter;
    gpointer value;
    GSList *list = NULL;
    GPtrArray *types = g_ptr_array_new();
    guint i;

    /* Snapshot first: class_init may register nothing, but it may look
     * classes up, and the table must not change under the iterator. */
    g_hash_table_iter_init(&iter, type_table_get());
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        g_ptr_array_add(types, value);
    }
    for (i = 0; i < types->len; i++) {
        TypeImpl *ti = g_ptr_array_index(types, i);
        type_initialize(ti);
        if (!include_abstract && object_class_is_abstract(ti->class)) {
            continue;
        }
        if (implements_type &&
            !object_class_dynamic_cast(ti->class, implements_type)) {
            continue;
        }
        list = g_slist_prepend(list, ti->class);
    }
    g_ptr_array_free(types, true);
    return g_slist_sort(list, class_name_cmp);
}

void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque)
{
    GSList *list = object_class_get_list(implements_type, include_abstract);
    GSList *l;

    for (l = list; l; l = l->next) {
        fn(l->data, opaque);
    }
    g_slist_free(list);
}

/* Instances */

static void object_property_free(ObjectProperty *prop)
{
    g_free(prop->name);
    g_free(prop->type);
    g_free(prop->description);
    if (prop->defval) {
        json_node_unref(prop->defval);
    }
    g_free(prop);
}

static void object_init_with_type(Object *obj, TypeImpl *ti)
{
    TypeImpl *parent = type_get_parent(ti);

    if (parent) {
        object_init_with_type(obj, parent);
    }
    if (ti->instance_init) {
        ti->instance_init(obj);
    }
}

/* Subclass first, so a parent's post_init sees what subclasses set up. */
static void object_post_init_with_type(Object *obj, TypeImpl *ti)
{
    TypeImpl *parent = type_get_parent(ti);

    if (ti->instance_post_init) {
        ti->instance_post_init(obj);
    }
    if (parent) {
        object_post_init_with_type(obj, parent);
    }
}

/* Class properties with a default apply it before any instance_init. */
static void object_class_property_init_all(Object *obj)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    object_class_property_iter_init(&iter, obj->class);
    while ((prop = object_property_iter_next(&iter))) {
        if (prop->init) {
            prop->init(obj, prop);
        }
    }
}

static void object_initialize_with_type(Object *obj, size_t size,
                                        TypeImpl *ti)
{
    type_initialize(ti);
    if (object_class_is_abstract(ti->class)) {
        fprintf(stderr, "qom: cannot instantiate abstract type '%s'\n",
                ti->name);
        abort();
    }
    if (size < ti->instance_size || ti->instance_size < sizeof(Object)) {
        fprintf(stderr, "qom: instance of '%s' needs %zu bytes, got %zu\n",
                ti->name, ti->instance_size, size);
        abort();
    }
    memset(obj, 0, size);
    obj->class = ti->class;
    obj->ref = 1;
    obj->properties = g_hash_table_new(g_str_hash, g_str_equal);
    object_class_property_init_all(obj);
    object_init_with_type(obj, ti);
    object_post_init_with_type(obj, ti);
}

static TypeImpl *type_get_or_abort(const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        fprintf(stderr, "qom: unknown type '%s'\n",
                typename ? typename : "(null)");
        abort();
    }
    return ti;
}

void object_initialize(void *data, size_t size, const char *typename)
{
    object_initialize_with_type(data, size, type_get_or_abort(typename));
}

static Object *object_new_with_type(TypeImpl *ti)
{
    Object *obj;

    type_initialize(ti);
    obj = g_malloc(ti->instance_size);
    object_initialize_with_type(obj, ti->instance_size, ti);
    obj->free = g_free;
    return obj;
}

Object *object_new(const char *typename)
{
    return object_new_with_type(type_get_or_abort(typename));
}

Object *object_new_with_class(ObjectClass *klass)
{
    return object_new_with_type(klass->type);
}

Object *object_try_new(const char *typename, Error **errp)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        error_setg(errp, "Unknown type '%s'", typename ? typename : "");
        return NULL;
    }
    type_initialize(ti);
    if (object_class_is_abstract(ti->class)) {
        error_setg(errp, "Type '%s' is abstract", typename);
        return NULL;
    }
    return object_new_with_type(ti);
}

/* Releases every instance property; tolerant of releases that add or drop
 * other properties of the same object. */
static void object_property_del_all(Object *obj)
{
    GHashTableIter iter;
    gpointer key, value;

    for (;;) {
        ObjectProperty *prop;

        g_hash_table_iter_init(&iter, obj->properties);
        if (!g_hash_table_iter_next(&iter, &key, &value)) {
            break;
        }
        prop = value;
        g_hash_table_iter_steal(&iter);
        if (prop->release) {
            prop->release(obj, prop->name, prop->opaque);
        }
        object_property_free(prop);
    }
}

static void object_finalize(Object *obj)
{
    TypeImpl *ti = obj->class->type;

    object_property_del_all(obj);
    for (; ti; ti = type_get_parent(ti)) {
        if (ti->instance_finalize) {
            ti->instance_finalize(obj);
        }
    }
    /* A finalizer may have added properties (it should not); drop them. */
    object_property_del_all(obj);
    g_hash_table_unref(obj->properties);
    obj->properties = NULL;
    if (obj->free) {
        obj->free(obj);
    }
}

Object *object_ref(void *objptr)
{
    Object *obj = objptr;

    if (!obj) {
        return NULL;
    }
    __atomic_fetch_add(&obj->ref, 1, __ATOMIC_SEQ_CST);
    return obj;
}

void object_unref(void *objptr)
{
    Object *obj = objptr;

    if (!obj) {
        return;
    }
    if (obj->ref == 0) {
        fprintf(stderr, "qom: unref of a dead object of type '%s'\n",
                obj->class ? obj->class->type->name : "?");
        abort();
    }
    if (__atomic_sub_fetch(&obj->ref, 1, __ATOMIC_SEQ_CST) == 0) {
        object_finalize(obj);
    }
}

ObjectClass *object_get_class(Object *obj)
{
    return obj->class;
}

const char *object_get_typename(const Object *obj)
{
    return obj->class->type->name;
}

Object *object_dynamic_cast(Object *obj, const char *typename)
{
    if (obj && object_class_dynamic_cast(obj->class, typename)) {
        return obj;
    }
    return NULL;
}

Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line,
                                   const char *func)
{
    if (!obj) {
        return NULL;
    }
    if (!object_class_dynamic_cast(obj->class, typename)) {
        fprintf(stderr, "%s:%d:%s: Object %p of type '%s' is not an "
                "instance of type '%s'\n", file, line, func, (void *)obj,
                object_get_typename(obj), typename);
        abort();
    }
    return obj;
}

/* Property table */

ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name)
{
    for (; klass; klass = object_class_get_parent(klass)) {
        ObjectProperty *prop = g_hash_table_lookup(klass->properties, name);
        if (prop) {
            return prop;
        }
    }
    return NULL;
}

ObjectProperty *object_property_find(Object *obj, const char *name)
{
    ObjectProperty *prop = object_class_property_find(obj->class, name);

    if (prop) {
        return prop;
    }
    return g_hash_table_lookup(obj->properties, name);
}

ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp)
{
    ObjectProperty *prop = object_property_find(obj, name);

    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found",
                   object_get_typename(obj), name);
    }
    return prop;
}

static ObjectProperty *property_new(const char *name, const char *type,
                                    ObjectPropertyGet *get,
                                    ObjectPropertySet *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque)
{
    ObjectProperty *prop = g_new0(ObjectProperty, 1);

    prop->name = g_strdup(name);
    prop->type = g_strdup(type);
    prop->get = get;
    prop->set = set;
    prop->release = release;
    prop->opaque = opaque;
    return prop;
}

ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                        const char *type,
                                        ObjectPropertyGet *get,
                                        ObjectPropertySet *set,
                                        ObjectPropertyRelease *release,
                                        void *opaque, Error **errp)
{
    ObjectProperty *prop;
    size_t len = strlen(name);

    /* "name[*]" picks the first free "name[N]". */
    if (len >= 3 && !strcmp(name + len - 3, "[*]")) {
        int i;
        for (i = 0; i < INT_MAX; i++) {
            char *full = g_strdup_printf("%.*s[%d]", (int)(len - 3), name, i);
            if (!object_property_find(obj, full)) {
                prop = object_property_try_add(obj, full, type, get, set,
                                               release, opaque, errp);
                g_free(full);
                return prop;
            }
            g_free(full);
        }
        error_setg(errp, "No free index for property '%s'", name);
        return NULL;
    }
    if (object_property_find(obj, name)) {
        error_setg(errp, "attempt to add duplicate property '%s' to object "
                   "(type '%s')", name, object_get_typename(obj));
        return NULL;
    }
    prop = property_new(name, type, get, set, release, opaque);
    g_hash_table_insert(obj->properties, prop->name, prop);
    return prop;
}

ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyGet *get,
                                    ObjectPropertySet *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque)
{
    return object_property_try_add(obj, name, type, get, set, release,
                                   opaque, &error_abort);
}

void object_property_del(Object *obj, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(obj->properties, name);

    if (!prop) {
        return;
    }
    /* Unlink first: release may unparent a child that looks us up. */
    g_hash_table_steal(obj->properties, name);
    if (prop->release) {
        prop->release(obj, prop->name, prop->opaque);
    }
    object_property_free(prop);
}

ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name, const char *type,
                                          ObjectPropertyGet *get,
                                          ObjectPropertySet *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque)
{
    ObjectProperty *prop;

    if (object_class_property_find(klass, name)) {
        fprintf(stderr, "qom: attempt to add duplicate property '%s' to "
                "class (type '%s')\n", name, object_class_get_name(klass));
        abort();
    }
    prop = property_new(name, type, get, set, release, opaque);
    g_hash_table_insert(klass->properties, prop->name, prop);
    return prop;
}

void object_property_set_description(Object *obj, const char *name,
                                     const char *description)
{
    ObjectProperty *prop = object_property_find(obj, name);

    if (prop) {
        g_free(prop->description);
        prop->description = g_strdup(description);
    }
}

void object_class_property_set_description(ObjectClass *klass,
                                           const char *name,
                                           const char *description)
{
    ObjectProperty *prop = g_hash_table_lookup(klass->properties, name);

    if (prop) {
        g_free(prop->description);
        prop->description = g_strdup(description);
    }
}

void object_property_set_default(ObjectProperty *prop, JsonNode *defval)
{
    if (prop->defval) {
        json_node_unref(prop->defval);
    }
    prop->defval = defval;
    prop->init = defval ? object_property_init_defval : NULL;
}

void object_property_init_defval(Object *obj, ObjectProperty *prop)
{
    if (prop->defval && prop->set) {
        prop->set(obj, prop->name, prop->defval, prop->opaque, &error_abort);
    }
}

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj)
{
    object_class_property_iter_init(iter, obj->class);
    iter->pending = obj->properties;
}

void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass)
{
    g_hash_table_iter_init(&iter->iter, klass->properties);
    iter->nextclass = object_class_get_parent(klass);
    iter->pending = NULL;
}

ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter)
{
    gpointer key, val;

    while (!g_hash_table_iter_next(&iter->iter, &key, &val)) {
        if (iter->nextclass) {
            g_hash_table_iter_init(&iter->iter, iter->nextclass->properties);
            iter->nextclass = object_class_get_parent(iter->nextclass);
        } else if (iter->pending) {
            g_hash_table_iter_init(&iter->iter, iter->pending);
            iter->pending = NULL;
        } else {
            return NULL;
        }
    }
    return val;
}

/* Generic access */

JsonNode *object_property_get(Object *obj, const char *name, Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return NULL;
    }
    if (!prop->get) {
        error_setg(errp, "Property '%s.%s' is not readable",
                   object_get_typename(obj), name);
        return NULL;
    }
    return prop->get(obj, name, prop->opaque, errp);
}

bool object_property_set(Object *obj, const char *name, const JsonNode *value,
                         Error **errp)
{
    ERRP_GUARD();
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return false;
    }
    if (!prop->set) {
        error_setg(errp, "Property '%s.%s' is not writable",
                   object_get_typename(obj), name);
        return false;
    }
    if (!value) {
        error_setg(errp, "Property '%s.%s' needs a value",
                   object_get_typename(obj), name);
        return false;
    }
    prop->set(obj, name, value, prop->opaque, errp);
    return !*errp;
}

bool object_property_parse(Object *obj, const char *name, const char *string,
                           Error **errp)
{
    JsonNode *node = json_node_new_str(string);
    bool ok = object_property_set(obj, name, node, errp);

    json_node_unref(node);
    return ok;
}

bool object_set_properties_from_json(Object *obj, JsonObject *props,
                                     const char *const *skip, Error **errp)
{
    GList *members, *l;
    bool ok = true;

    if (!props) {
        return true;
    }
    members = json_object_get_members(props);
    for (l = members; l && ok; l = l->next) {
        const char *key = l->data;
        size_t i;
        bool skipped = false;

        for (i = 0; skip && skip[i]; i++) {
            if (!strcmp(skip[i], key)) {
                skipped = true;
                break;
            }
        }
        if (!skipped) {
            ok = object_property_set(obj, key,
                                     json_object_get_member(props, key),
                                     errp);
        }
    }
    g_list_free(members);
    return ok;
}

/* Every object answers "type" with its type name, as qom-list shows. */
static char *object_get_type(Object *obj, Error **errp)
{
    return g_strdup(object_get_typename(obj));
}

static void object_class_init(ObjectClass *klass, void *data)
{
    object_class_property_add_str(klass, "type", object_get_type, NULL);
}

static const TypeInfo object_info = {
    .name = TYPE_OBJECT,
    .instance_size = sizeof(Object),
    .class_size = sizeof(ObjectClass),
    .class_init = object_class_init,
    .abstract = true,
};

static const TypeInfo interface_info = {
    .name = TYPE_INTERFACE,
    .class_size = sizeof(InterfaceClass),
    .abstract = true,
};

static void register_base_types(void)
{
    type_register_static(&object_info);
    type_register_static(&interface_info);
}
type_init(register_base_types)
