/*
 * Ready-made property kinds (bool, string, enum, uintN fields) and the
 * value conversions every setter shares: JSON-typed values as QMP sends
 * them, or strings parsed the way the command line does.
 */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qemu/option.h"

static bool node_is(const JsonNode *v, GType t)
{
    return v && JSON_NODE_HOLDS_VALUE((JsonNode *)v) &&
           json_node_get_value_type((JsonNode *)v) == t;
}

static const char *node_str(const JsonNode *v)
{
    return node_is(v, G_TYPE_STRING) ? json_node_get_string((JsonNode *)v) : NULL;
}

bool qom_value_to_bool(const JsonNode *v, const char *name, bool *out,
                       Error **errp)
{
    const char *s;

    if (node_is(v, G_TYPE_BOOLEAN)) {
        *out = json_node_get_boolean((JsonNode *)v);
        return true;
    }
    s = node_str(v);
    if (!s) {
        error_setg(errp, "Invalid parameter type for '%s', expected: boolean",
                   name);
        return false;
    }
    if (!qemu_parse_bool(s, out)) {
        error_setg(errp, "Parameter '%s' expects 'on' or 'off'", name);
        return false;
    }
    return true;
}

bool qom_value_to_int(const JsonNode *v, const char *name,
                      const char *type_desc, int64_t min, int64_t max,
                      int64_t *out, Error **errp)
{
    const char *s;
    int64_t val;

    if (node_is(v, G_TYPE_INT64)) {
        val = json_node_get_int((JsonNode *)v);
    } else if ((s = node_str(v))) {
        int ret = qemu_strtoi64(s, NULL, 0, &val);
        if (ret == -EINVAL) {
            error_setg(errp, "Parameter '%s' expects integer", name);
            return false;
        }
        if (ret == -ERANGE) {
            error_setg(errp, "Parameter '%s' expects %s", name, type_desc);
            return false;
        }
    } else {
        error_setg(errp, "Invalid parameter type for '%s', expected: integer",
                   name);
        return false;
    }
    if (val < min || val > max) {
        error_setg(errp, "Parameter '%s' expects %s", name, type_desc);
        return false;
    }
    *out = val;
    return true;
}

bool qom_value_to_uint(const JsonNode *v, const char *name,
                       const char *type_desc, uint64_t max, uint64_t *out,
                       Error **errp)
{
    const char *s;
    uint64_t val;

    if (node_is(v, G_TYPE_INT64)) {
        int64_t i = json_node_get_int((JsonNode *)v);
        /* Negative JSON is a range error, except the uint64 bit pattern
         * our own getters produce for values above INT64_MAX. */
        if (i < 0 && max != UINT64_MAX) {
            error_setg(errp, "Parameter '%s' expects %s", name, type_desc);
            return false;
        }
        val = (uint64_t)i;
    } else if ((s = node_str(v))) {
        int ret = qemu_strtou64(s, NULL, 0, &val);
        if (ret == -EINVAL) {
            error_setg(errp, "Parameter '%s' expects integer", name);
            return false;
        }
        if (ret == -ERANGE) {
            error_setg(errp, "Parameter '%s' expects %s", name, type_desc);
            return false;
        }
    } else {
        error_setg(errp, "Invalid parameter type for '%s', expected: integer",
                   name);
        return false;
    }
    if (val > max) {
        error_setg(errp, "Parameter '%s' expects %s", name, type_desc);
        return false;
    }
    *out = val;
    return true;
}

bool qom_value_to_size(const JsonNode *v, const char *name, uint64_t *out,
                       Error **errp)
{
    const char *s;

    if (node_is(v, G_TYPE_INT64)) {
        *out = (uint64_t)json_node_get_int((JsonNode *)v);
        return true;
    }
    s = node_str(v);
    if (!s) {
        error_setg(errp, "Invalid parameter type for '%s', expected: integer",
                   name);
        return false;
    }
    if (qemu_strtosz(s, NULL, out) < 0) {
        error_setg(errp, "Parameter '%s' expects a size value", name);
        return false;
    }
    return true;
}

const char *qom_value_to_str(const JsonNode *v, const char *name,
                             Error **errp)
{
    const char *s = node_str(v);

    if (!s) {
        error_setg(errp, "Invalid parameter type for '%s', expected: string",
                   name);
    }
    return s;
}

JsonNode *qom_value_from_uint(uint64_t v)
{
    return json_node_new_int((int64_t)v);
}

/* bool via callbacks */

typedef struct BoolProperty {
    bool (*get)(Object *, Error **);
    void (*set)(Object *, bool, Error **);
} BoolProperty;

static JsonNode *bool_prop_get(Object *obj, const char *name, void *opaque,
                               Error **errp)
{
    ERRP_GUARD();
    BoolProperty *bp = opaque;
    bool v = bp->get(obj, errp);

    return *errp ? NULL : json_node_new_bool(v);
}

static void bool_prop_set(Object *obj, const char *name,
                          const JsonNode *value, void *opaque, Error **errp)
{
    BoolProperty *bp = opaque;
    bool v;

    if (qom_value_to_bool(value, name, &v, errp)) {
        bp->set(obj, v, errp);
    }
}

static void opaque_release(Object *obj, const char *name, void *opaque)
{
    g_free(opaque);
}

static BoolProperty *bool_prop_new(bool (*get)(Object *, Error **),
                                   void (*set)(Object *, bool, Error **))
{
    BoolProperty *bp = g_new0(BoolProperty, 1);

    bp->get = get;
    bp->set = set;
    return bp;
}

ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                                         bool (*get)(Object *, Error **),
                                         void (*set)(Object *, bool, Error **))
{
    return object_property_add(obj, name, "bool",
                               get ? bool_prop_get : NULL,
                               set ? bool_prop_set : NULL,
                               opaque_release, bool_prop_new(get, set));
}

ObjectProperty *object_class_property_add_bool(ObjectClass *klass,
                                         const char *name,
                                         bool (*get)(Object *, Error **),
                                         void (*set)(Object *, bool, Error **))
{
    /* Class properties live as long as the class: no release. */
    return object_class_property_add(klass, name, "bool",
                                     get ? bool_prop_get : NULL,
                                     set ? bool_prop_set : NULL,
                                     NULL, bool_prop_new(get, set));
}

/* string via callbacks */

typedef struct StringProperty {
    char *(*get)(Object *, Error **);
    void (*set)(Object *, const char *, Error **);
} StringProperty;

static JsonNode *str_prop_get(Object *obj, const char *name, void *opaque,
                              Error **errp)
{
    ERRP_GUARD();
    StringProperty *sp = opaque;
    char *s = sp->get(obj, errp);
    JsonNode *node;

    if (*errp) {
        g_free(s);
        return NULL;
    }
    node = json_node_new_str(s ? s : "");
    g_free(s);
    return node;
}

static void str_prop_set(Object *obj, const char *name,
                         const JsonNode *value, void *opaque, Error **errp)
{
    StringProperty *sp = opaque;
    const char *s = qom_value_to_str(value, name, errp);

    if (s) {
        sp->set(obj, s, errp);
    }
}

static StringProperty *str_prop_new(char *(*get)(Object *, Error **),
                                    void (*set)(Object *, const char *,
                                                Error **))
{
    StringProperty *sp = g_new0(StringProperty, 1);

    sp->get = get;
    sp->set = set;
    return sp;
}

ObjectProperty *object_property_add_str(Object *obj, const char *name,
                                        char *(*get)(Object *, Error **),
                                        void (*set)(Object *, const char *,
                                                    Error **))
{
    return object_property_add(obj, name, "string",
                               get ? str_prop_get : NULL,
                               set ? str_prop_set : NULL,
                               opaque_release, str_prop_new(get, set));
}

ObjectProperty *object_class_property_add_str(ObjectClass *klass,
                                        const char *name,
                                        char *(*get)(Object *, Error **),
                                        void (*set)(Object *, const char *,
                                                    Error **))
{
    return object_class_property_add(klass, name, "string",
                                     get ? str_prop_get : NULL,
                                     set ? str_prop_set : NULL,
                                     NULL, str_prop_new(get, set));
}

/* enum via callbacks; the value is the index into table */

typedef struct EnumProperty {
    const char *const *table;
    int (*get)(Object *, Error **);
    void (*set)(Object *, int, Error **);
} EnumProperty;

static JsonNode *enum_prop_get(Object *obj, const char *name, void *opaque,
                               Error **errp)
{
    ERRP_GUARD();
    EnumProperty *ep = opaque;
    int v = ep->get(obj, errp);
    int n;

    if (*errp) {
        return NULL;
    }
    for (n = 0; ep->table[n]; n++) {
        /* count */
    }
    if (v < 0 || v >= n) {
        error_setg(errp, "Property '%s' has invalid value %d", name, v);
        return NULL;
    }
    return json_node_new_str(ep->table[v]);
}

static void enum_prop_set(Object *obj, const char *name,
                          const JsonNode *value, void *opaque, Error **errp)
{
    EnumProperty *ep = opaque;
    const char *s = qom_value_to_str(value, name, errp);
    int i;

    if (!s) {
        return;
    }
    for (i = 0; ep->table[i]; i++) {
        if (!strcmp(ep->table[i], s)) {
            ep->set(obj, i, errp);
            return;
        }
    }
    error_setg(errp, "Parameter '%s' does not accept value '%s'", name, s);
}

ObjectProperty *object_class_property_add_enum(ObjectClass *klass,
                                        const char *name, const char *typename,
                                        const char *const *table,
                                        int (*get)(Object *, Error **),
                                        void (*set)(Object *, int, Error **))
{
    EnumProperty *ep = g_new0(EnumProperty, 1);

    ep->table = table;
    ep->get = get;
    ep->set = set;
    return object_class_property_add(klass, name, typename,
                                     get ? enum_prop_get : NULL,
                                     set ? enum_prop_set : NULL,
                                     NULL, ep);
}

/* Unsigned integer fields, by pointer (instance) or offset (class). */

typedef struct UintPtrProperty {
    unsigned width;             /* bytes: 1, 2, 4, 8 */
    bool by_offset;
    const void *ptr;
    size_t offset;
} UintPtrProperty;

static void *uint_field(Object *obj, UintPtrProperty *up)
{
    return up->by_offset ? (char *)obj + up->offset : (void *)up->ptr;
}

static JsonNode *uint_prop_get(Object *obj, const char *name, void *opaque,
                               Error **errp)
{
    UintPtrProperty *up = opaque;
    void *field = uint_field(obj, up);
    uint64_t v;

    switch (up->width) {
    case 1: v = *(uint8_t *)field; break;
    case 2: v = *(uint16_t *)field; break;
    case 4: v = *(uint32_t *)field; break;
    default: v = *(uint64_t *)field; break;
    }
    return qom_value_from_uint(v);
}

static void uint_prop_set(Object *obj, const char *name,
                          const JsonNode *value, void *opaque, Error **errp)
{
    UintPtrProperty *up = opaque;
    void *field = uint_field(obj, up);
    static const char *const desc[] = {
        [1] = "uint8_t", [2] = "uint16_t", [4] = "uint32_t", [8] = "uint64_t",
    };
    uint64_t max = up->width == 8 ? UINT64_MAX
                                  : (UINT64_C(1) << (up->width * 8)) - 1;
    uint64_t v;

    if (!qom_value_to_uint(value, name, desc[up->width], max, &v, errp)) {
        return;
    }
    switch (up->width) {
    case 1: *(uint8_t *)field = v; break;
    case 2: *(uint16_t *)field = v; break;
    case 4: *(uint32_t *)field = v; break;
    default: *(uint64_t *)field = v; break;
    }
}

static ObjectProperty *add_uint_ptr(Object *obj, const char *name,
                                    unsigned width, const void *ptr,
                                    ObjectPropertyFlags flags)
{
    static const char *const type[] = {
        [1] = "uint8", [2] = "uint16", [4] = "uint32", [8] = "uint64",
    };
    UintPtrProperty *up = g_new0(UintPtrProperty, 1);

    up->width = width;
    up->ptr = ptr;
    return object_property_add(obj, name, type[width],
                               flags & OBJ_PROP_FLAG_READ ? uint_prop_get
                                                          : NULL,
                               flags & OBJ_PROP_FLAG_WRITE ? uint_prop_set
                                                           : NULL,
                               opaque_release, up);
}

ObjectProperty *object_property_add_uint8_ptr(Object *obj, const char *name,
                                              const uint8_t *v,
                                              ObjectPropertyFlags flags)
{
    return add_uint_ptr(obj, name, 1, v, flags);
}

ObjectProperty *object_property_add_uint16_ptr(Object *obj, const char *name,
                                               const uint16_t *v,
                                               ObjectPropertyFlags flags)
{
    return add_uint_ptr(obj, name, 2, v, flags);
}

ObjectProperty *object_property_add_uint32_ptr(Object *obj, const char *name,
                                               const uint32_t *v,
                                               ObjectPropertyFlags flags)
{
    return add_uint_ptr(obj, name, 4, v, flags);
}

ObjectProperty *object_property_add_uint64_ptr(Object *obj, const char *name,
                                               const uint64_t *v,
                                               ObjectPropertyFlags flags)
{
    return add_uint_ptr(obj, name, 8, v, flags);
}

static ObjectProperty *class_add_uint_ptr(ObjectClass *klass,
                                          const char *name, unsigned width,
                                          size_t offset,
                                          ObjectPropertyFlags flags)
{
    UintPtrProperty *up = g_new0(UintPtrProperty, 1);

    up->width = width;
    up->by_offset = true;
    up->offset = offset;
    return object_class_property_add(klass, name,
                                     width == 4 ? "uint32" : "uint64",
                                     flags & OBJ_PROP_FLAG_READ
                                         ? uint_prop_get : NULL,
                                     flags & OBJ_PROP_FLAG_WRITE
                                         ? uint_prop_set : NULL,
                                     NULL, up);
}

ObjectProperty *object_class_property_add_uint32_ptr(ObjectClass *klass,
                                               const char *name,
                                               size_t offset,
                                               ObjectPropertyFlags flags)
{
    return class_add_uint_ptr(klass, name, 4, offset, flags);
}

ObjectProperty *object_class_property_add_uint64_ptr(ObjectClass *klass,
                                               const char *name,
                                               size_t offset,
                                               ObjectPropertyFlags flags)
{
    return class_add_uint_ptr(klass, name, 8, offset, flags);
}

/* Typed conveniences over object_property_get/set. */

static bool set_node(Object *obj, const char *name, JsonNode *node,
                     Error **errp)
{
    bool ok = object_property_set(obj, name, node, errp);

    json_node_unref(node);
    return ok;
}

bool object_property_set_str(Object *obj, const char *name,
                             const char *value, Error **errp)
{
    return set_node(obj, name, json_node_new_str(value), errp);
}

bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp)
{
    return set_node(obj, name, json_node_new_bool(value), errp);
}

bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp)
{
    return set_node(obj, name, json_node_new_int(value), errp);
}

bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp)
{
    return set_node(obj, name, qom_value_from_uint(value), errp);
}

char *object_property_get_str(Object *obj, const char *name, Error **errp)
{
    JsonNode *node = object_property_get(obj, name, errp);
    char *ret = NULL;

    if (!node) {
        return NULL;
    }
    if (node_is(node, G_TYPE_STRING)) {
        ret = g_strdup(json_node_get_string(node));
    } else {
        error_setg(errp, "Invalid parameter type for '%s', expected: string",
                   name);
    }
    json_node_unref(node);
    return ret;
}

bool object_property_get_bool(Object *obj, const char *name, Error **errp)
{
    JsonNode *node = object_property_get(obj, name, errp);
    bool ret = false;

    if (!node) {
        return false;
    }
    if (node_is(node, G_TYPE_BOOLEAN)) {
        ret = json_node_get_boolean(node);
    } else {
        error_setg(errp, "Invalid parameter type for '%s', expected: boolean",
                   name);
    }
    json_node_unref(node);
    return ret;
}

int64_t object_property_get_int(Object *obj, const char *name, Error **errp)
{
    JsonNode *node = object_property_get(obj, name, errp);
    int64_t ret = -1;

    if (!node) {
        return -1;
    }
    if (node_is(node, G_TYPE_INT64)) {
        ret = json_node_get_int(node);
    } else {
        error_setg(errp, "Invalid parameter type for '%s', expected: integer",
                   name);
    }
    json_node_unref(node);
    return ret;
}

uint64_t object_property_get_uint(Object *obj, const char *name,
                                  Error **errp)
{
    ERRP_GUARD();
    int64_t v = object_property_get_int(obj, name, errp);

    return *errp ? 0 : (uint64_t)v;
}

const char *object_property_get_type(Object *obj, const char *name,
                                     Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    return prop ? prop->type : NULL;
}

/* Aliases */

typedef struct AliasProperty {
    Object *target_obj;
    char *target_name;
} AliasProperty;

static JsonNode *alias_get(Object *obj, const char *name, void *opaque,
                           Error **errp)
{
    AliasProperty *ap = opaque;

    return object_property_get(ap->target_obj, ap->target_name, errp);
}

static void alias_set(Object *obj, const char *name, const JsonNode *value,
                      void *opaque, Error **errp)
{
    AliasProperty *ap = opaque;

    object_property_set(ap->target_obj, ap->target_name, value, errp);
}

static void alias_release(Object *obj, const char *name, void *opaque)
{
    AliasProperty *ap = opaque;

    g_free(ap->target_name);
    g_free(ap);
}

ObjectProperty *object_property_add_alias(Object *obj, const char *name,
                                          Object *target_obj,
                                          const char *target_name)
{
    ObjectProperty *target = object_property_find(target_obj, target_name);
    ObjectProperty *prop;
    AliasProperty *ap;
    char *type;

    if (!target) {
        fprintf(stderr, "qom: alias '%s' to missing property '%s.%s'\n",
                name, object_get_typename(target_obj), target_name);
        abort();
    }
    /* A child seen through an alias is a link, not a second owner. */
    if (g_str_has_prefix(target->type, "child<")) {
        type = g_strdup_printf("link%s", target->type + strlen("child"));
    } else {
        type = g_strdup(target->type);
    }
    ap = g_new0(AliasProperty, 1);
    ap->target_obj = target_obj;
    ap->target_name = g_strdup(target_name);
    prop = object_property_add(obj, name, type,
                               target->get ? alias_get : NULL,
                               target->set ? alias_set : NULL,
                               alias_release, ap);
    g_free(type);
    if (target->description) {
        prop->description = g_strdup(target->description);
    }
    return prop;
}
