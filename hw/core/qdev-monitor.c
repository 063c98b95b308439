/*
 * The user's side of qdev: -device / device_add, -device help,
 * -device DRIVER,help and "info qtree", in QEMU's formats.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/option.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "monitor/qapi-events-sys.h"
#include "qdev-internal.h"

/* Short names -device accepts besides the type names (QEMU's, on x86). */
static const struct {
    const char *typename;
    const char *alias;
} qdev_alias_table[] = {
    { "AC97", "ac97" },
    { "ES1370", "es1370" },
    { "e1000", "e1000-82540em" },
    { "ich9-ahci", "ahci" },
    { "lsi53c895a", "lsi" },
    { "virtio-9p-pci", "virtio-9p" },
    { "virtio-balloon-pci", "virtio-balloon" },
    { "virtio-blk-pci", "virtio-blk" },
    { "virtio-gpu-pci", "virtio-gpu" },
    { "virtio-input-host-pci", "virtio-input-host" },
    { "virtio-iommu-pci", "virtio-iommu" },
    { "virtio-keyboard-pci", "virtio-keyboard" },
    { "virtio-mouse-pci", "virtio-mouse" },
    { "virtio-net-pci", "virtio-net" },
    { "virtio-rng-pci", "virtio-rng" },
    { "virtio-scsi-pci", "virtio-scsi" },
    { "virtio-serial-pci", "virtio-serial" },
    { "virtio-tablet-pci", "virtio-tablet" },
};

static const char *qdev_class_get_alias(const char *typename)
{
    for (size_t i = 0; i < ARRAY_SIZE(qdev_alias_table); i++) {
        if (!strcmp(qdev_alias_table[i].typename, typename)) {
            return qdev_alias_table[i].alias;
        }
    }
    return NULL;
}

static bool is_device_type(const char *name)
{
    ObjectClass *oc = object_class_by_name(name);

    return oc && object_class_dynamic_cast(oc, TYPE_DEVICE);
}

const char *qdev_resolve_driver_alias(const char *name)
{
    if (!name) {
        return NULL;
    }
    if (is_device_type(name)) {
        return name;
    }
    for (size_t i = 0; i < ARRAY_SIZE(qdev_alias_table); i++) {
        if (!strcmp(qdev_alias_table[i].alias, name) &&
            is_device_type(qdev_alias_table[i].typename)) {
            return qdev_alias_table[i].typename;
        }
    }
    return NULL;
}

/* -device / device_add */

static DeviceClass *qdev_get_device_class(const char **driver, Error **errp)
{
    const char *name = qdev_resolve_driver_alias(*driver);
    ObjectClass *oc;
    DeviceClass *dc;

    if (!name) {
        error_setg(errp, "'%s' is not a valid device model name", *driver);
        return NULL;
    }
    oc = object_class_by_name(name);
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter 'driver' expects a non-abstract device "
                   "type");
        return NULL;
    }
    dc = DEVICE_CLASS(oc);
    if (!dc->user_creatable) {
        error_setg(errp, "Parameter 'driver' expects a pluggable device type");
        return NULL;
    }
    *driver = name;
    return dc;
}

static GType node_value_type(JsonNode *node)
{
    return node && JSON_NODE_HOLDS_VALUE(node)
           ? json_node_get_value_type(node) : G_TYPE_INVALID;
}

/* -device {...} and device_add: JSON values must have the property's type
 * (the setters would also parse strings, as the command line needs). */
static bool check_json_type(DeviceState *dev, const char *key,
                            JsonNode *node, Error **errp)
{
    Property *prop = qdev_find_static_prop(object_get_class(OBJECT(dev)),
                                           key);
    const PropertyInfo *info;
    GType t = node_value_type(node);
    const char *want;

    if (!prop) {
        return true;    /* other properties check their own values */
    }
    info = prop->info;
    if (info == &qdev_prop_pci_devfn) {
        if (t == G_TYPE_INT64 || t == G_TYPE_STRING) {
            return true;
        }
        want = "integer";
    } else if (info == &qdev_prop_bool || info == &qdev_prop_bit ||
               info == &qdev_prop_bit64) {
        if (t == G_TYPE_BOOLEAN) {
            return true;
        }
        want = "boolean";
    } else if (info == &qdev_prop_uint8 || info == &qdev_prop_uint16 ||
               info == &qdev_prop_uint32 || info == &qdev_prop_uint64 ||
               info == &qdev_prop_int32 || info == &qdev_prop_int64 ||
               info == &qdev_prop_size) {
        if (t == G_TYPE_INT64) {
            return true;
        }
        want = "integer";
    } else if (info == &qdev_prop_string || info == &qdev_prop_chr ||
               info == &qdev_prop_link || info == &qdev_prop_uuid ||
               info->enum_table) {
        if (t == G_TYPE_STRING) {
            return true;
        }
        want = "string";
    } else {
        return true;    /* a device's own PropertyInfo decides */
    }
    error_setg(errp, "Invalid parameter type for '%s', expected: %s", key,
               want);
    return false;
}

static BusState *device_add_find_bus(DeviceClass *dc, const char *driver,
                                     const char *path, Error **errp)
{
    BusState *bus;

    if (path) {
        bus = qbus_find(path, errp);
        if (!bus) {
            return NULL;
        }
        if (!dc->bus_type ||
            !object_dynamic_cast(OBJECT(bus), dc->bus_type)) {
            error_setg(errp, "Device '%s' can't go on %s bus", driver,
                       object_get_typename(OBJECT(bus)));
            return NULL;
        }
        return bus;
    }
    if (!dc->bus_type) {
        return NULL;
    }
    bus = qbus_find_recursive(sysbus_get_default(), NULL, dc->bus_type);
    if (!bus) {
        error_setg(errp, "No '%s' bus found for device '%s'", dc->bus_type,
                   driver);
    }
    return bus;
}

static const char *opt_string(JsonObject *opts, const char *key,
                              Error **errp)
{
    JsonNode *node = json_object_get_member(opts, key);

    if (!node) {
        return NULL;
    }
    if (node_value_type(node) != G_TYPE_STRING) {
        error_setg(errp, "Invalid parameter type for '%s', expected: string",
                   key);
        return NULL;
    }
    return json_node_get_string(node);
}

/*
 * Without from_json every scalar is read as its option string, as QEMU's
 * QMP device_add does (libvirt sends "addr": "0x3", "bootindex": 1).
 */
static char *scalar_to_option_string(JsonNode *node)
{
    switch (node_value_type(node)) {
    case G_TYPE_STRING:
        return g_strdup(json_node_get_string(node));
    case G_TYPE_INT64:
        return g_strdup_printf("%" PRId64, json_node_get_int(node));
    case G_TYPE_BOOLEAN:
        return g_strdup(json_node_get_boolean(node) ? "on" : "off");
    case G_TYPE_DOUBLE:
        return g_strdup_printf("%.17g", json_node_get_double(node));
    default:
        return NULL;
    }
}

DeviceState *qdev_device_add(JsonObject *opts, bool from_json, Error **errp)
{
    Error *local_err = NULL;
    const char *driver, *path, *id;
    DeviceClass *dc;
    BusState *bus = NULL;
    DeviceState *dev;
    GList *members;

    driver = opt_string(opts, "driver", &local_err);
    if (!driver) {
        if (!local_err) {
            error_setg(&local_err, "Parameter 'driver' is missing");
        }
        error_propagate(errp, local_err);
        return NULL;
    }
    dc = qdev_get_device_class(&driver, errp);
    if (!dc) {
        return NULL;
    }

    path = opt_string(opts, "bus", &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return NULL;
    }
    if (path || dc->bus_type) {
        bus = device_add_find_bus(dc, driver, path, errp);
        if (!bus) {
            return NULL;
        }
    }
    if (qdev_hotplug_phase()) {
        if (!dc->hotpluggable) {
            error_setg(errp, "Device '%s' does not support hotplugging",
                       driver);
            return NULL;
        }
        if (bus && !bus->hotpluggable) {
            error_setg(errp, "Bus '%s' does not support hotplugging",
                       bus->name);
            return NULL;
        }
        if (!bus) {
            error_setg(errp, "Device '%s' can not be hotplugged on this "
                       "machine", driver);
            return NULL;
        }
    }

    id = opt_string(opts, "id", &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return NULL;
    }

    dev = qdev_new(driver);
    qdev_set_id(dev, g_strdup(id), &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        object_unref(OBJECT(dev));
        return NULL;
    }

    members = json_object_get_members(opts);
    for (GList *l = members; l; l = l->next) {
        const char *key = l->data;
        JsonNode *node = json_object_get_member(opts, key);
        bool ok;

        if (!strcmp(key, "driver") || !strcmp(key, "bus") ||
            !strcmp(key, "id")) {
            continue;
        }
        if (from_json) {
            ok = check_json_type(dev, key, node, &local_err) &&
                 object_property_set(OBJECT(dev), key, node, &local_err);
        } else {
            g_autofree char *text = scalar_to_option_string(node);

            ok = text ? object_property_parse(OBJECT(dev), key, text,
                                              &local_err)
                      : object_property_set(OBJECT(dev), key, node,
                                            &local_err);
        }
        if (!ok) {
            g_list_free(members);
            goto fail;
        }
    }
    g_list_free(members);

    if (!qdev_realize(dev, bus, &local_err)) {
        goto fail;
    }
    /* The /machine/peripheral* child property keeps it alive. */
    object_unref(OBJECT(dev));
    return dev;

fail:
    error_propagate(errp, local_err);
    object_unparent_device(dev);
    object_unref(OBJECT(dev));
    return NULL;
}

/* device_del */

void qdev_unplug(DeviceState *dev, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    BusState *bus = dev->parent_bus;
    BusClass *bc;

    if (!bus) {
        error_setg(errp, "Device '%s' does not support hotplugging",
                   dev->id ? dev->id : object_get_typename(OBJECT(dev)));
        return;
    }
    if (!bus->hotpluggable) {
        error_setg(errp, "Bus '%s' does not support hotplugging", bus->name);
        return;
    }
    if (!dc->hotpluggable) {
        error_setg(errp, "Device '%s' does not support hotplugging",
                   object_get_typename(OBJECT(dev)));
        return;
    }
    if (dev->pending_deleted_event) {
        error_setg(errp, "Device %s is already in the process of unplug",
                   dev->id ? dev->id : object_get_typename(OBJECT(dev)));
        return;
    }
    bc = BUS_GET_CLASS(bus);
    if (bc->unplug_request) {
        Error *local_err = NULL;

        dev->pending_deleted_event = true;
        bc->unplug_request(bus, dev, &local_err);
        if (local_err) {
            dev->pending_deleted_event = false;
            error_propagate(errp, local_err);
        }
        return;
    }
    qdev_unplug_complete(dev);
}

void qdev_unplug_complete(DeviceState *dev)
{
    g_autofree char *id = g_strdup(dev->id);
    g_autofree char *path = object_get_canonical_path(OBJECT(dev));

    object_unparent_device(dev);
    qapi_event_send_device_deleted(id, path);
}

/* -device help */

static const char *const category_names[DEVICE_CATEGORY_MAX] = {
    [DEVICE_CATEGORY_BRIDGE] = "Controller/Bridge/Hub",
    [DEVICE_CATEGORY_USB] = "USB",
    [DEVICE_CATEGORY_STORAGE] = "Storage",
    [DEVICE_CATEGORY_NETWORK] = "Network",
    [DEVICE_CATEGORY_INPUT] = "Input",
    [DEVICE_CATEGORY_DISPLAY] = "Display",
    [DEVICE_CATEGORY_SOUND] = "Sound",
    [DEVICE_CATEGORY_MISC] = "Misc",
    [DEVICE_CATEGORY_CPU] = "CPU",
    [DEVICE_CATEGORY_WATCHDOG] = "Watchdog",
};

static gint class_name_casecmp(gconstpointer a, gconstpointer b)
{
    return g_ascii_strcasecmp(object_class_get_name((ObjectClass *)a),
                              object_class_get_name((ObjectClass *)b));
}

static void print_devinfo(FILE *f, DeviceClass *dc)
{
    const char *name = object_class_get_name(OBJECT_CLASS(dc));
    const char *alias = qdev_class_get_alias(name);

    fprintf(f, "name \"%s\"", name);
    if (dc->bus_type) {
        fprintf(f, ", bus %s", dc->bus_type);
    }
    if (alias) {
        fprintf(f, ", alias \"%s\"", alias);
    }
    if (dc->desc) {
        fprintf(f, ", desc \"%s\"", dc->desc);
    }
    fprintf(f, "\n");
}

void qdev_print_device_list(FILE *f)
{
    GSList *list = object_class_get_list(TYPE_DEVICE, false);
    bool printed_any = false;

    list = g_slist_sort(list, class_name_casecmp);
    /* One group per category, then the devices that name none. */
    for (int cat = 0; cat <= DEVICE_CATEGORY_MAX; cat++) {
        bool header = false;

        for (GSList *l = list; l; l = l->next) {
            DeviceClass *dc = DEVICE_CLASS(l->data);

            if (!dc->user_creatable) {
                continue;
            }
            if (cat < DEVICE_CATEGORY_MAX ? !(dc->categories & (1UL << cat))
                                          : dc->categories != 0) {
                continue;
            }
            if (!header) {
                fprintf(f, "%s%s devices:\n", printed_any ? "\n" : "",
                        cat < DEVICE_CATEGORY_MAX ? category_names[cat]
                                                  : "Uncategorized");
                header = true;
                printed_any = true;
            }
            print_devinfo(f, dc);
        }
    }
    g_slist_free(list);
}

/* -device DRIVER,help */

static const char *const hidden_props[] = {
    "type", "realized", "hotpluggable", "hotplugged", "parent_bus", NULL
};

static gint prop_name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(((const ObjectProperty *)a)->name,
                  ((const ObjectProperty *)b)->name);
}

static char *render_default(Object *obj, ObjectProperty *op)
{
    Property *prop = qdev_find_static_prop(object_get_class(obj), op->name);
    JsonNode *d = op->defval;

    if (prop && prop->info->print_default) {
        return prop->info->print_default(prop);
    }
    if (prop && !prop->set_default) {
        return NULL;
    }
    switch (node_value_type(d)) {
    case G_TYPE_BOOLEAN:
        return g_strdup(json_node_get_boolean(d) ? "true" : "false");
    case G_TYPE_INT64:
        if (prop && (prop->info == &qdev_prop_uint8 ||
                     prop->info == &qdev_prop_uint16 ||
                     prop->info == &qdev_prop_uint32 ||
                     prop->info == &qdev_prop_uint64 ||
                     prop->info == &qdev_prop_size)) {
            return g_strdup_printf("%" PRIu64,
                                   (uint64_t)json_node_get_int(d));
        }
        return g_strdup_printf("%" PRId64, json_node_get_int(d));
    case G_TYPE_STRING:
        return g_strdup_printf("\"%s\"", json_node_get_string(d));
    default:
        return NULL;
    }
}

bool qdev_print_device_props(FILE *f, const char *driver, Error **errp)
{
    const char *name = qdev_resolve_driver_alias(driver);
    ObjectPropertyIterator iter;
    ObjectProperty *op;
    GList *props = NULL;
    Object *obj;

    if (!name) {
        error_setg(errp, "Device '%s' not found", driver);
        return false;
    }
    if (object_class_is_abstract(object_class_by_name(name))) {
        error_setg(errp, "Parameter 'driver' expects a non-abstract device "
                   "type");
        return false;
    }
    /* Instance properties exist only on an instance. */
    obj = object_new(name);
    object_property_iter_init(&iter, obj);
    while ((op = object_property_iter_next(&iter))) {
        if (!g_strv_contains(hidden_props, op->name)) {
            props = g_list_prepend(props, op);
        }
    }
    props = g_list_sort(props, prop_name_cmp);
    if (!props) {
        fprintf(f, "There are no options for %s.\n", name);
    } else {
        fprintf(f, "%s options:\n", name);
    }
    for (GList *l = props; l; l = l->next) {
        g_autofree char *line = NULL;
        g_autofree char *def = NULL;

        op = l->data;
        line = g_strdup_printf("  %s=<%s>", op->name, op->type);
        def = render_default(obj, op);
        if (op->description || def) {
            fprintf(f, "%-24s - %s", line,
                    op->description ? op->description : "");
            if (def) {
                fprintf(f, " (default: %s)", def);
            }
            fprintf(f, "\n");
        } else {
            fprintf(f, "%s\n", line);
        }
    }
    g_list_free(props);
    object_unref(obj);
    return true;
}

/* info qtree */

static char *size_to_str(uint64_t val)
{
    static const char *const suffixes[] = {
        "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"
    };
    int i = 0;
    double d = val;

    while (d >= 1024 && i < (int)ARRAY_SIZE(suffixes) - 1) {
        d /= 1024;
        i++;
    }
    return g_strdup_printf("%0.3g %s", d, suffixes[i]);
}

static void print_prop(Object *obj, Property *prop, void *opaque)
{
    GString *out = ((void **)opaque)[0];
    int indent = GPOINTER_TO_INT(((void **)opaque)[1]);
    const PropertyInfo *info = prop->info;
    JsonNode *v;
    g_autofree char *text = NULL;

    if (!info->get) {
        return;
    }
    v = info->get(obj, prop, NULL);
    if (!v) {
        return;
    }
    if (info == &qdev_prop_pci_devfn) {
        int64_t devfn = json_node_get_int(v);

        text = devfn < 0 ? g_strdup("<unset>")
                         : g_strdup_printf("%02x.%x", (int)(devfn >> 3),
                                           (int)(devfn & 7));
    } else if (info == &qdev_prop_size) {
        g_autofree char *sz = size_to_str(json_node_get_int(v));

        text = g_strdup_printf("%" PRIu64 " (%s)",
                               (uint64_t)json_node_get_int(v), sz);
    } else {
        switch (node_value_type(v)) {
        case G_TYPE_BOOLEAN:
            text = g_strdup(json_node_get_boolean(v) ? "true" : "false");
            break;
        case G_TYPE_INT64: {
            int64_t i = json_node_get_int(v);
            uint64_t hex = i;

            if (info == &qdev_prop_int32) {
                hex = (uint32_t)i;
            }
            text = info == &qdev_prop_int32 || info == &qdev_prop_int64
                   ? g_strdup_printf("%" PRId64 " (0x%" PRIx64 ")", i, hex)
                   : g_strdup_printf("%" PRIu64 " (0x%" PRIx64 ")", hex, hex);
            break;
        }
        case G_TYPE_STRING:
            text = g_strdup_printf("\"%s\"", json_node_get_string(v));
            break;
        default:
            text = json_node_to_text(v, false);
            break;
        }
    }
    g_string_append_printf(out, "%*s%s = %s\n", indent, "", prop->name, text);
    json_node_unref(v);
}

static void print_bus(GString *out, BusState *bus, int indent);

/* Newest first, as QEMU lists devices, buses and GPIO lists. */
static void print_dev(GString *out, DeviceState *dev, int indent)
{
    BusState *bus = dev->parent_bus;
    void *opaque[2] = { out, GINT_TO_POINTER(indent + 2) };

    g_string_append_printf(out, "%*sdev: %s, id \"%s\"\n", indent, "",
                           object_get_typename(OBJECT(dev)),
                           dev->id ? dev->id : "");
    indent += 2;
    for (GList *l = g_list_last(dev->gpios); l; l = l->prev) {
        NamedGPIOList *ngl = l->data;

        if (ngl->num_in) {
            g_string_append_printf(out, "%*sgpio-in \"%s\" %d\n", indent, "",
                                   ngl->name ? ngl->name : "", ngl->num_in);
        }
    }
    for (GList *l = g_list_last(dev->gpios); l; l = l->prev) {
        NamedGPIOList *ngl = l->data;

        if (ngl->num_out) {
            g_string_append_printf(out, "%*sgpio-out \"%s\" %d\n", indent,
                                   "", ngl->name ? ngl->name : "",
                                   ngl->num_out);
        }
    }
    qdev_foreach_prop_table(object_get_class(OBJECT(dev)), print_prop,
                            OBJECT(dev), opaque);
    if (bus && BUS_GET_CLASS(bus)->print_dev) {
        BUS_GET_CLASS(bus)->print_dev(out, dev, indent);
    }
    for (GList *l = g_list_last(dev->child_bus); l; l = l->prev) {
        print_bus(out, l->data, indent);
    }
}

static void print_bus(GString *out, BusState *bus, int indent)
{
    g_string_append_printf(out, "%*sbus: %s\n", indent, "", bus->name);
    g_string_append_printf(out, "%*stype %s\n", indent + 2, "",
                           object_get_typename(OBJECT(bus)));
    for (GList *l = g_list_last(bus->children); l; l = l->prev) {
        print_dev(out, l->data, indent + 2);
    }
}

void qdev_print_tree(GString *out)
{
    print_bus(out, sysbus_get_default(), 0);
}
