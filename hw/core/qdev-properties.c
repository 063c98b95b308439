/*
 * Static device properties: each Property names a field of the device's
 * state; device_class_set_props() turns the table into class properties
 * whose setters refuse once the device is realized. Values arrive as
 * JsonNode: JSON-typed (QMP, -device {...}) or strings parsed the way the
 * command line does (-device x,prop=value, -global).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qemu/option.h"
#include "qemu/error-report.h"
#include "chardev/char.h"
#include "hw/qdev-properties.h"
#include "qdev-internal.h"

void *object_field_prop_ptr(Object *obj, Property *prop)
{
    return (char *)obj + prop->offset;
}

/* "Property 'isa-serial.chardev' can't find value 'nope'" style names. */
#define PROP_FMT "Property '%s.%s'"
#define PROP_ARGS(obj, prop) object_get_typename(obj), (prop)->name

/* bool and bits */

static JsonNode *get_bool(Object *obj, Property *prop, Error **errp)
{
    return json_node_new_bool(*(bool *)object_field_prop_ptr(obj, prop));
}

static void set_bool(Object *obj, Property *prop, const JsonNode *value,
                     Error **errp)
{
    qom_value_to_bool(value, prop->name, object_field_prop_ptr(obj, prop),
                      errp);
}

static void set_default_bool(Object *obj, const Property *prop)
{
    *(bool *)object_field_prop_ptr(obj, (Property *)prop) = prop->defval.u;
}

const PropertyInfo qdev_prop_bool = {
    .name = "bool",
    .get = get_bool,
    .set = set_bool,
    .set_default_value = set_default_bool,
};

static JsonNode *get_bit(Object *obj, Property *prop, Error **errp)
{
    uint32_t *p = object_field_prop_ptr(obj, prop);

    return json_node_new_bool(*p & (1U << prop->bitnr));
}

static void set_bit_value(Object *obj, Property *prop, bool on)
{
    uint32_t *p = object_field_prop_ptr(obj, prop);

    if (on) {
        *p |= 1U << prop->bitnr;
    } else {
        *p &= ~(1U << prop->bitnr);
    }
}

static void set_bit(Object *obj, Property *prop, const JsonNode *value,
                    Error **errp)
{
    bool on;

    if (qom_value_to_bool(value, prop->name, &on, errp)) {
        set_bit_value(obj, prop, on);
    }
}

static void set_default_bit(Object *obj, const Property *prop)
{
    set_bit_value(obj, (Property *)prop, prop->defval.u);
}

const PropertyInfo qdev_prop_bit = {
    .name = "bool",
    .description = "on/off",
    .get = get_bit,
    .set = set_bit,
    .set_default_value = set_default_bit,
};

static JsonNode *get_bit64(Object *obj, Property *prop, Error **errp)
{
    uint64_t *p = object_field_prop_ptr(obj, prop);

    return json_node_new_bool(*p & (1ULL << prop->bitnr));
}

static void set_bit64_value(Object *obj, Property *prop, bool on)
{
    uint64_t *p = object_field_prop_ptr(obj, prop);

    if (on) {
        *p |= 1ULL << prop->bitnr;
    } else {
        *p &= ~(1ULL << prop->bitnr);
    }
}

static void set_bit64(Object *obj, Property *prop, const JsonNode *value,
                      Error **errp)
{
    bool on;

    if (qom_value_to_bool(value, prop->name, &on, errp)) {
        set_bit64_value(obj, prop, on);
    }
}

static void set_default_bit64(Object *obj, const Property *prop)
{
    set_bit64_value(obj, (Property *)prop, prop->defval.u);
}

const PropertyInfo qdev_prop_bit64 = {
    .name = "bool",
    .description = "on/off",
    .get = get_bit64,
    .set = set_bit64,
    .set_default_value = set_default_bit64,
};

/* Integers. Unsigned fields by width; errors come from qom_value_to_*. */

static uint64_t uint_field_get(Object *obj, Property *prop, unsigned width)
{
    void *p = object_field_prop_ptr(obj, prop);

    switch (width) {
    case 1: return *(uint8_t *)p;
    case 2: return *(uint16_t *)p;
    case 4: return *(uint32_t *)p;
    default: return *(uint64_t *)p;
    }
}

static void uint_field_put(Object *obj, Property *prop, unsigned width,
                           uint64_t v)
{
    void *p = object_field_prop_ptr(obj, prop);

    switch (width) {
    case 1: *(uint8_t *)p = v; break;
    case 2: *(uint16_t *)p = v; break;
    case 4: *(uint32_t *)p = v; break;
    default: *(uint64_t *)p = v; break;
    }
}

#define DEFINE_UINT_INFO(bits, bytes)                                       \
static JsonNode *get_uint##bits(Object *obj, Property *prop, Error **errp)  \
{                                                                           \
    return qom_value_from_uint(uint_field_get(obj, prop, bytes));           \
}                                                                           \
static void set_uint##bits(Object *obj, Property *prop,                     \
                           const JsonNode *value, Error **errp)             \
{                                                                           \
    uint64_t v;                                                             \
    if (qom_value_to_uint(value, prop->name, "uint" #bits "_t",             \
                          UINT##bits##_MAX, &v, errp)) {                    \
        uint_field_put(obj, prop, bytes, v);                                \
    }                                                                       \
}                                                                           \
static void set_default_uint##bits(Object *obj, const Property *prop)       \
{                                                                           \
    uint_field_put(obj, (Property *)prop, bytes, prop->defval.u);           \
}                                                                           \
const PropertyInfo qdev_prop_uint##bits = {                                 \
    .name = "uint" #bits,                                                   \
    .get = get_uint##bits,                                                  \
    .set = set_uint##bits,                                                  \
    .set_default_value = set_default_uint##bits,                            \
};

DEFINE_UINT_INFO(8, 1)
DEFINE_UINT_INFO(16, 2)
DEFINE_UINT_INFO(32, 4)
DEFINE_UINT_INFO(64, 8)

static JsonNode *get_int32(Object *obj, Property *prop, Error **errp)
{
    return json_node_new_int(*(int32_t *)object_field_prop_ptr(obj, prop));
}

static void set_int32(Object *obj, Property *prop, const JsonNode *value,
                      Error **errp)
{
    int64_t v;

    if (qom_value_to_int(value, prop->name, "int32_t", INT32_MIN, INT32_MAX,
                         &v, errp)) {
        *(int32_t *)object_field_prop_ptr(obj, prop) = v;
    }
}

static void set_default_int32(Object *obj, const Property *prop)
{
    *(int32_t *)object_field_prop_ptr(obj, (Property *)prop) = prop->defval.i;
}

const PropertyInfo qdev_prop_int32 = {
    .name = "int32",
    .get = get_int32,
    .set = set_int32,
    .set_default_value = set_default_int32,
};

static JsonNode *get_int64(Object *obj, Property *prop, Error **errp)
{
    return json_node_new_int(*(int64_t *)object_field_prop_ptr(obj, prop));
}

static void set_int64(Object *obj, Property *prop, const JsonNode *value,
                      Error **errp)
{
    int64_t v;

    if (qom_value_to_int(value, prop->name, "int64_t", INT64_MIN, INT64_MAX,
                         &v, errp)) {
        *(int64_t *)object_field_prop_ptr(obj, prop) = v;
    }
}

static void set_default_int64(Object *obj, const Property *prop)
{
    *(int64_t *)object_field_prop_ptr(obj, (Property *)prop) = prop->defval.i;
}

const PropertyInfo qdev_prop_int64 = {
    .name = "int64",
    .get = get_int64,
    .set = set_int64,
    .set_default_value = set_default_int64,
};

static void set_size(Object *obj, Property *prop, const JsonNode *value,
                     Error **errp)
{
    uint64_t v;

    if (qom_value_to_size(value, prop->name, &v, errp)) {
        *(uint64_t *)object_field_prop_ptr(obj, prop) = v;
    }
}

const PropertyInfo qdev_prop_size = {
    .name = "size",
    .get = get_uint64,
    .set = set_size,
    .set_default_value = set_default_uint64,
};

/* Strings */

static JsonNode *get_string(Object *obj, Property *prop, Error **errp)
{
    char **p = object_field_prop_ptr(obj, prop);

    return json_node_new_str(*p ? *p : "");
}

static void set_string(Object *obj, Property *prop, const JsonNode *value,
                       Error **errp)
{
    char **p = object_field_prop_ptr(obj, prop);
    const char *s = qom_value_to_str(value, prop->name, errp);

    if (s) {
        g_free(*p);
        *p = g_strdup(s);
    }
}

static void release_string(Object *obj, const char *name, void *opaque)
{
    char **p = object_field_prop_ptr(obj, opaque);

    g_free(*p);
    *p = NULL;
}

const PropertyInfo qdev_prop_string = {
    .name = "str",
    .get = get_string,
    .set = set_string,
    .release = release_string,
};

/* Character device backends, by -chardev id. */

static JsonNode *get_chr(Object *obj, Property *prop, Error **errp)
{
    CharBackend *be = object_field_prop_ptr(obj, prop);

    return json_node_new_str(be->chr && be->chr->label ? be->chr->label : "");
}

static void set_chr(Object *obj, Property *prop, const JsonNode *value,
                    Error **errp)
{
    CharBackend *be = object_field_prop_ptr(obj, prop);
    const char *s = qom_value_to_str(value, prop->name, errp);
    Error *local_err = NULL;
    Chardev *chr;

    if (!s) {
        return;
    }
    if (!*s) {
        /* chardev="" means no backend. */
        if (be->chr) {
            qemu_chr_fe_deinit(be, false);
        }
        return;
    }
    chr = qemu_chr_find(s);
    if (!chr) {
        error_setg(errp, PROP_FMT " can't find value '%s'",
                   PROP_ARGS(obj, prop), s);
        return;
    }
    if (be->chr == chr) {
        return;
    }
    if (be->chr) {
        qemu_chr_fe_deinit(be, false);
    }
    if (!qemu_chr_fe_init(be, chr, &local_err)) {
        error_setg(errp, PROP_FMT " can't take value '%s': %s",
                   PROP_ARGS(obj, prop), s, error_get_pretty(local_err));
        error_free(local_err);
    }
}

static void release_chr(Object *obj, const char *name, void *opaque)
{
    CharBackend *be = object_field_prop_ptr(obj, opaque);

    if (be->chr) {
        qemu_chr_fe_deinit(be, false);
    }
}

const PropertyInfo qdev_prop_chr = {
    .name = "str",
    .description = "ID of a chardev to use as a backend",
    .get = get_chr,
    .set = set_chr,
    .release = release_chr,
};

/* Links to other objects, by QOM path (absolute or a unique partial one). */

static JsonNode *get_link(Object *obj, Property *prop, Error **errp)
{
    Object **p = object_field_prop_ptr(obj, prop);
    g_autofree char *path = *p ? object_get_canonical_path(*p) : NULL;

    return json_node_new_str(path ? path : "");
}

static void set_link(Object *obj, Property *prop, const JsonNode *value,
                     Error **errp)
{
    Object **p = object_field_prop_ptr(obj, prop);
    const char *s = qom_value_to_str(value, prop->name, errp);
    bool ambiguous = false;
    Object *target = NULL;

    if (!s) {
        return;
    }
    if (*s) {
        target = object_resolve_path(s, &ambiguous);
        if (!target) {
            if (ambiguous) {
                error_setg(errp, "Path '%s' is ambiguous", s);
            } else {
                error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                          "Device '%s' not found", s);
            }
            return;
        }
        if (prop->link_type &&
            !object_dynamic_cast(target, prop->link_type)) {
            error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                       prop->name, prop->link_type);
            return;
        }
        object_ref(target);
    }
    if (*p) {
        object_unref(*p);
    }
    *p = target;
}

static void release_link(Object *obj, const char *name, void *opaque)
{
    Object **p = object_field_prop_ptr(obj, opaque);

    if (*p) {
        object_unref(*p);
        *p = NULL;
    }
}

const PropertyInfo qdev_prop_link = {
    .name = "link",
    .get = get_link,
    .set = set_link,
    .release = release_link,
};

/* PCI device/function: "slot[.fn]" in hex ("03.0", "1f.7", "3"), or the
 * devfn as a number; -1 lets the bus choose. */

static bool parse_devfn(const char *s, int32_t *devfn)
{
    char *end;
    unsigned long slot, fn = 0;

    if (!g_ascii_isxdigit(*s)) {
        return false;
    }
    slot = strtoul(s, &end, 16);
    if (*end == '.') {
        const char *f = end + 1;

        if (!g_ascii_isxdigit(*f)) {
            return false;
        }
        fn = strtoul(f, &end, 16);
    }
    if (*end || slot > 0x1f || fn > 7) {
        return false;
    }
    *devfn = slot << 3 | fn;
    return true;
}

static void set_pci_devfn(Object *obj, Property *prop, const JsonNode *value,
                          Error **errp)
{
    int32_t *p = object_field_prop_ptr(obj, prop);
    GType t = JSON_NODE_HOLDS_VALUE((JsonNode *)value)
              ? json_node_get_value_type((JsonNode *)value) : G_TYPE_INVALID;

    if (t == G_TYPE_INT64) {
        int64_t v = json_node_get_int((JsonNode *)value);

        if (v < -1 || v > 255) {
            error_setg(errp, PROP_FMT " doesn't take value '%" PRId64 "'",
                       PROP_ARGS(obj, prop), v);
            return;
        }
        *p = v;
    } else if (t == G_TYPE_STRING) {
        const char *s = json_node_get_string((JsonNode *)value);
        int32_t devfn;

        if (!parse_devfn(s, &devfn)) {
            error_setg(errp, PROP_FMT " doesn't take value '%s'",
                       PROP_ARGS(obj, prop), s);
            return;
        }
        *p = devfn;
    } else {
        error_setg(errp, "Invalid parameter type for '%s', expected: integer",
                   prop->name);
    }
}

const PropertyInfo qdev_prop_pci_devfn = {
    .name = "int32",
    .description = "Slot and optional function number, example: 06.0 or 06",
    .get = get_int32,
    .set = set_pci_devfn,
    .set_default_value = set_default_int32,
};

/* UUIDs; "auto" picks a random one (the default of DEFINE_PROP_UUID). */

static JsonNode *get_uuid(Object *obj, Property *prop, Error **errp)
{
    g_autofree char *s =
        qemu_uuid_unparse_strdup(object_field_prop_ptr(obj, prop));

    return json_node_new_str(s);
}

static void uuid_generate_random(QemuUUID *uuid)
{
    g_autofree char *s = g_uuid_string_random();

    qemu_uuid_parse(s, uuid);
}

static void set_uuid(Object *obj, Property *prop, const JsonNode *value,
                     Error **errp)
{
    QemuUUID *uuid = object_field_prop_ptr(obj, prop);
    const char *s = qom_value_to_str(value, prop->name, errp);

    if (!s) {
        return;
    }
    if (!strcmp(s, "auto")) {
        uuid_generate_random(uuid);
    } else if (qemu_uuid_parse(s, uuid) < 0) {
        error_setg(errp, PROP_FMT " doesn't take value '%s'",
                   PROP_ARGS(obj, prop), s);
    }
}

static void set_default_uuid(Object *obj, const Property *prop)
{
    uuid_generate_random(object_field_prop_ptr(obj, (Property *)prop));
}

static char *print_default_uuid(const Property *prop)
{
    return g_strdup("\"auto\"");
}

const PropertyInfo qdev_prop_uuid = {
    .name = "str",
    .description = "UUID (aka GUID) or \"auto\" for random value (default)",
    .get = get_uuid,
    .set = set_uuid,
    .set_default_value = set_default_uuid,
    .print_default = print_default_uuid,
};

/* on/off/auto */

static const char *const on_off_auto_table[] = { "auto", "on", "off", NULL };

static JsonNode *get_enum(Object *obj, Property *prop, Error **errp)
{
    int *p = object_field_prop_ptr(obj, prop);
    const char *const *table = prop->info->enum_table;
    int n = g_strv_length((char **)table);

    return json_node_new_str(*p >= 0 && *p < n ? table[*p] : "");
}

static void set_enum(Object *obj, Property *prop, const JsonNode *value,
                     Error **errp)
{
    int *p = object_field_prop_ptr(obj, prop);
    const char *const *table = prop->info->enum_table;
    const char *s = qom_value_to_str(value, prop->name, errp);

    if (!s) {
        return;
    }
    for (int i = 0; table[i]; i++) {
        if (!strcmp(table[i], s)) {
            *p = i;
            return;
        }
    }
    error_setg(errp, "Parameter '%s' does not accept value '%s'",
               prop->name, s);
}

static void set_default_enum(Object *obj, const Property *prop)
{
    *(int *)object_field_prop_ptr(obj, (Property *)prop) = prop->defval.i;
}

const PropertyInfo qdev_prop_on_off_auto = {
    .name = "OnOffAuto",
    .description = "on/off/auto",
    .enum_table = on_off_auto_table,
    .get = get_enum,
    .set = set_enum,
    .set_default_value = set_default_enum,
};

/* Class properties. */

static bool info_is_unsigned(const PropertyInfo *info)
{
    return info == &qdev_prop_uint8 || info == &qdev_prop_uint16 ||
           info == &qdev_prop_uint32 || info == &qdev_prop_uint64 ||
           info == &qdev_prop_size;
}

static JsonNode *static_prop_get(Object *obj, const char *name, void *opaque,
                                 Error **errp)
{
    Property *prop = opaque;

    return prop->info->get(obj, prop, errp);
}

static void static_prop_set(Object *obj, const char *name,
                            const JsonNode *value, void *opaque, Error **errp)
{
    Property *prop = opaque;
    DeviceState *dev = DEVICE(obj);

    if (dev->realized) {
        if (dev->id) {
            error_setg(errp, "Attempt to set property '%s' on device '%s' "
                       "(type '%s') after it was realized", name, dev->id,
                       object_get_typename(obj));
        } else {
            error_setg(errp, "Attempt to set property '%s' on anonymous "
                       "device (type '%s') after it was realized", name,
                       object_get_typename(obj));
        }
        return;
    }
    prop->info->set(obj, prop, value, errp);
}

/*
 * The default as a JsonNode, for introspection (-device X,help, qom).
 * Instances get defaults from set_default_value in device_initfn, not
 * through the setter, so "auto" UUIDs and wide unsigned values need no
 * round trip through JSON.
 */
static JsonNode *prop_default_node(const Property *prop)
{
    const PropertyInfo *info = prop->info;

    if (!prop->set_default) {
        return NULL;
    }
    if (info == &qdev_prop_bool || info == &qdev_prop_bit ||
        info == &qdev_prop_bit64) {
        return json_node_new_bool(prop->defval.u);
    }
    if (info->enum_table) {
        int n = g_strv_length((char **)info->enum_table);

        return prop->defval.i >= 0 && prop->defval.i < n
               ? json_node_new_str(info->enum_table[prop->defval.i]) : NULL;
    }
    if (info == &qdev_prop_uuid) {
        return json_node_new_str("auto");
    }
    if (info_is_unsigned(info)) {
        return qom_value_from_uint(prop->defval.u);
    }
    return json_node_new_int(prop->defval.i);
}

void device_class_set_props(DeviceClass *dc, Property *props)
{
    ObjectClass *klass = OBJECT_CLASS(dc);

    dc->props_ = props;
    for (Property *prop = props; prop && prop->name; prop++) {
        g_autofree char *type = NULL;
        ObjectProperty *op;

        if (prop->info == &qdev_prop_link) {
            type = g_strdup_printf("link<%s>",
                                   prop->link_type ? prop->link_type
                                                   : TYPE_OBJECT);
        } else {
            type = g_strdup(prop->info->name);
        }
        op = object_class_property_add(klass, prop->name, type,
                                       prop->info->get ? static_prop_get
                                                       : NULL,
                                       prop->info->set ? static_prop_set
                                                       : NULL,
                                       NULL, prop);
        if (prop->info->description) {
            object_class_property_set_description(klass, prop->name,
                                                  prop->info->description);
        }
        /* Introspection only: op->init stays NULL (see prop_default_node). */
        op->defval = prop_default_node(prop);
    }
}

Property *qdev_find_static_prop(ObjectClass *klass, const char *name)
{
    for (; klass; klass = object_class_get_parent(klass)) {
        DeviceClass *dc;

        if (!object_class_dynamic_cast(klass, TYPE_DEVICE)) {
            break;
        }
        dc = DEVICE_CLASS(klass);
        for (Property *prop = dc->props_; prop && prop->name; prop++) {
            if (!strcmp(prop->name, name)) {
                return prop;
            }
        }
    }
    return NULL;
}

/*
 * Each class's own table, leaf first. A subclass that never called
 * device_class_set_props inherits its parent's props_ pointer (class
 * structs are copied), so a table is visited only where it first appears.
 */
void qdev_foreach_prop_table(ObjectClass *klass,
                             void (*fn)(Object *obj, Property *prop,
                                        void *opaque),
                             Object *obj, void *opaque)
{
    for (; klass && object_class_dynamic_cast(klass, TYPE_DEVICE);
         klass = object_class_get_parent(klass)) {
        Property *table = DEVICE_CLASS(klass)->props_;
        ObjectClass *parent = object_class_get_parent(klass);

        if (!table) {
            continue;
        }
        if (parent && object_class_dynamic_cast(parent, TYPE_DEVICE) &&
            DEVICE_CLASS(parent)->props_ == table) {
            continue;
        }
        for (Property *prop = table; prop->name; prop++) {
            fn(obj, prop, opaque);
        }
    }
}

static void prop_set_default(Object *obj, Property *prop, void *opaque)
{
    if (prop->set_default && prop->info->set_default_value) {
        prop->info->set_default_value(obj, prop);
    }
}

static void prop_release(Object *obj, Property *prop, void *opaque)
{
    if (prop->info->release) {
        prop->info->release(obj, prop->name, prop);
    }
}

void qdev_props_set_defaults(DeviceState *dev)
{
    qdev_foreach_prop_table(object_get_class(OBJECT(dev)), prop_set_default,
                            OBJECT(dev), NULL);
}

void qdev_props_release(DeviceState *dev)
{
    qdev_foreach_prop_table(object_get_class(OBJECT(dev)), prop_release,
                            OBJECT(dev), NULL);
}

/* Board setters: a failure is a bug in the board, so abort. */

void qdev_prop_set_bit(DeviceState *dev, const char *name, bool value)
{
    object_property_set_bool(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint8(DeviceState *dev, const char *name, uint8_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint16(DeviceState *dev, const char *name, uint16_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint32(DeviceState *dev, const char *name, uint32_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_int32(DeviceState *dev, const char *name, int32_t value)
{
    object_property_set_int(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint64(DeviceState *dev, const char *name, uint64_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_string(DeviceState *dev, const char *name,
                          const char *value)
{
    object_property_set_str(OBJECT(dev), name, value ? value : "",
                            &error_abort);
}

void qdev_prop_set_chr(DeviceState *dev, const char *name, Chardev *value)
{
    object_property_set_str(OBJECT(dev), name,
                            value && value->label ? value->label : "",
                            &error_abort);
}

/* -global */

typedef struct GlobalProperty {
    char *driver;
    char *property;
    char *value;
    bool used;
} GlobalProperty;

static GPtrArray *global_props;

void qdev_prop_register_global(const char *driver, const char *property,
                               const char *value)
{
    GlobalProperty *g = g_new0(GlobalProperty, 1);

    if (!global_props) {
        global_props = g_ptr_array_new();
    }
    g->driver = g_strdup(driver);
    g->property = g_strdup(property);
    g->value = g_strdup(value);
    g_ptr_array_add(global_props, g);
}

/* "driver.property=value", or "driver=D,property=P,value=V". */
bool qdev_prop_register_global_str(const char *str, Error **errp)
{
    const char *eq, *dot;
    g_autofree char *key = NULL;

    if (g_str_has_prefix(str, "driver=") ||
        g_str_has_prefix(str, "property=") ||
        g_str_has_prefix(str, "value=")) {
        g_autoptr(JsonObject) o = keyval_parse(str, NULL, 0, errp);
        static const char *const keys[] = {
            "driver", "property", "value", NULL
        };

        if (!o || !opt_check_keys(o, keys, errp)) {
            return false;
        }
        for (int i = 0; keys[i]; i++) {
            if (!opt_get_str(o, keys[i], NULL)) {
                error_setg(errp, "Parameter '%s' is missing", keys[i]);
                return false;
            }
        }
        qdev_prop_register_global(opt_get_str(o, "driver", NULL),
                                  opt_get_str(o, "property", NULL),
                                  opt_get_str(o, "value", NULL));
        return true;
    }

    eq = strchr(str, '=');
    key = eq ? g_strndup(str, eq - str) : g_strdup(str);
    dot = strchr(key, '.');
    if (!eq || !dot || dot == key || !dot[1]) {
        error_setg(errp, "Invalid parameter '%s'", key);
        return false;
    }
    {
        g_autofree char *driver = g_strndup(key, dot - key);

        qdev_prop_register_global(driver, dot + 1, eq + 1);
    }
    return true;
}

void qdev_prop_set_globals(DeviceState *dev, Error **errp)
{
    Object *obj = OBJECT(dev);

    if (!global_props) {
        return;
    }
    for (guint i = 0; i < global_props->len; i++) {
        GlobalProperty *g = g_ptr_array_index(global_props, i);
        Error *err = NULL;

        /* Unknown drivers are accepted: the type may never be created. */
        if (!object_class_by_name(g->driver) ||
            !object_dynamic_cast(obj, g->driver)) {
            continue;
        }
        g->used = true;
        if (!object_property_parse(obj, g->property, g->value, &err)) {
            error_setg(errp, "can't apply global %s.%s=%s: %s", g->driver,
                       g->property, g->value, error_get_pretty(err));
            error_free(err);
            return;
        }
    }
}

void qdev_prop_check_globals(void)
{
    if (!global_props) {
        return;
    }
    for (guint i = 0; i < global_props->len; i++) {
        GlobalProperty *g = g_ptr_array_index(global_props, i);
        ObjectClass *oc = object_class_by_name(g->driver);

        if (g->used) {
            continue;
        }
        if (!oc) {
            warn_report("global %s.%s has invalid class name", g->driver,
                        g->property);
        } else if (!object_class_dynamic_cast(oc, TYPE_DEVICE)) {
            warn_report("global %s.%s is not a device property", g->driver,
                        g->property);
        }
    }
}
