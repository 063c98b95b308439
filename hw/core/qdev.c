/*
 * TYPE_DEVICE: creation, the "realized" property, plugging into a bus, ids
 * under /machine/peripheral, and tear-down.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qemu/option.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "qdev-internal.h"

static bool machine_creation_done;

void qdev_machine_creation_done(void)
{
    machine_creation_done = true;
}

bool qdev_hotplug_phase(void)
{
    return machine_creation_done;
}

Object *qdev_machine_container(const char *name)
{
    g_autofree char *path = g_strdup_printf("/machine/%s", name);

    return container_get(object_get_root(), path);
}

DeviceState *qdev_try_new(const char *name)
{
    ObjectClass *oc = module_object_class_by_name(name);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE) ||
        object_class_is_abstract(oc)) {
        return NULL;
    }
    return DEVICE(object_new(name));
}

DeviceState *qdev_new(const char *name)
{
    DeviceState *dev = qdev_try_new(name);

    if (!dev) {
        /* Boards name their devices statically: a missing one is a bug. */
        g_error("qdev_new: unknown or abstract device type '%s'", name);
    }
    return dev;
}

/* Plugging into a bus. */

bool qdev_set_parent_bus(DeviceState *dev, BusState *bus, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    BusClass *bc = BUS_GET_CLASS(bus);

    if (!dc->bus_type || !object_dynamic_cast(OBJECT(bus), dc->bus_type)) {
        error_setg(errp, "Device '%s' can't go on %s bus",
                   object_get_typename(OBJECT(dev)),
                   object_get_typename(OBJECT(bus)));
        return false;
    }
    if (dev->parent_bus) {
        error_setg(errp, "Device '%s' is already on bus '%s'",
                   object_get_typename(OBJECT(dev)), dev->parent_bus->name);
        return false;
    }
    if (bus->full || (bc->max_dev && bus->num_children >= bc->max_dev)) {
        error_setg(errp, "Bus '%s' is full", bus->name);
        return false;
    }
    if (bc->check_address && !bc->check_address(bus, dev, errp)) {
        return false;
    }
    object_ref(OBJECT(dev));
    bus->children = g_list_append(bus->children, dev);
    bus->num_children++;
    bus->full = bc->max_dev && bus->num_children >= bc->max_dev;
    dev->parent_bus = bus;
    return true;
}

void qdev_unplug_from_bus(DeviceState *dev)
{
    BusState *bus = dev->parent_bus;

    if (!bus) {
        return;
    }
    bus->children = g_list_remove(bus->children, dev);
    bus->num_children--;
    bus->full = false;
    dev->parent_bus = NULL;
    object_unref(OBJECT(dev));
}

/* Realize. */

static void device_unrealize_now(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    /* Children go first: they may still use what the parent provides. */
    for (GList *l = dev->child_bus; l; l = l->next) {
        qbus_unrealize(l->data);
    }
    if (dc->unrealize) {
        dc->unrealize(dev);
    }
    dev->realized = false;
}

static bool device_get_realized(Object *obj, Error **errp)
{
    return DEVICE(obj)->realized;
}

static void device_set_realized(Object *obj, bool value, Error **errp)
{
    DeviceState *dev = DEVICE(obj);
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    Error *local_err = NULL;
    bool parented_here = false;
    GList *l;

    if (value == dev->realized) {
        return;
    }
    if (!value) {
        device_unrealize_now(dev);
        return;
    }

    if (dev->global_err) {
        error_propagate(errp, error_copy(dev->global_err));
        return;
    }
    if (!obj->parent) {
        static int unattached_count;
        g_autofree char *name =
            g_strdup_printf("device[%d]", unattached_count++);

        object_property_add_child(qdev_machine_container("unattached"),
                                  name, obj);
        parented_here = true;
    }

    if (dc->realize) {
        dc->realize(dev, &local_err);
        if (local_err) {
            goto fail;
        }
    }
    dev->realized = true;
    for (l = dev->child_bus; l; l = l->next) {
        if (!qbus_realize(l->data, &local_err)) {
            goto fail_buses;
        }
    }
    g_free(dev->canonical_path);
    dev->canonical_path = object_get_canonical_path(obj);
    dev->hotplugged = machine_creation_done;
    if (dev->hotplugged) {
        /* Cold-plugged devices get reset with the machine; this one not. */
        device_cold_reset(dev);
    }
    return;

fail_buses:
    device_unrealize_now(dev);
fail:
    dev->realized = false;
    if (parented_here) {
        object_unparent(obj);
    }
    error_propagate(errp, local_err);
}

bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (dev->realized) {
        error_setg(errp, "Device '%s' is already realized",
                   object_get_typename(OBJECT(dev)));
        return false;
    }
    if (!bus && dc->bus_type && !strcmp(dc->bus_type, TYPE_SYSTEM_BUS)) {
        bus = sysbus_get_default();
    }
    if (bus) {
        if (!qdev_set_parent_bus(dev, bus, errp)) {
            return false;
        }
    } else if (dc->bus_type) {
        error_setg(errp, "Device '%s' needs a bus of type %s",
                   object_get_typename(OBJECT(dev)), dc->bus_type);
        return false;
    }
    if (!object_property_set_bool(OBJECT(dev), "realized", true, errp)) {
        qdev_unplug_from_bus(dev);
        return false;
    }
    return true;
}

bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp)
{
    bool ok = qdev_realize(dev, bus, errp);

    object_unref(OBJECT(dev));
    return ok;
}

void qdev_unrealize(DeviceState *dev)
{
    if (dev->realized) {
        object_property_set_bool(OBJECT(dev), "realized", false, NULL);
    }
}

void object_unparent_device(DeviceState *dev)
{
    Object *obj = OBJECT(dev);

    object_ref(obj);
    qdev_unrealize(dev);
    qdev_unplug_from_bus(dev);
    if (obj->parent) {
        object_unparent(obj);
    }
    object_unref(obj);
}

/* The ObjectClass.unparent hook: runs when the tree lets go of a device. */
static void device_unparent(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    qdev_unrealize(dev);
    while (dev->child_bus) {
        BusState *bus = dev->child_bus->data;
        /* The bus's own unparent hook takes it off child_bus. */
        object_unparent(OBJECT(bus));
        if (dev->child_bus && dev->child_bus->data == bus) {
            dev->child_bus = g_list_remove(dev->child_bus, bus);
        }
    }
    qdev_unplug_from_bus(dev);
}

/* Ids: -device id= names the device under /machine/peripheral. */

static bool id_wellformed(const char *id)
{
    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *p = id; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

void qdev_set_id(DeviceState *dev, char *id, Error **errp)
{
    Object *obj = OBJECT(dev);

    if (obj->parent) {
        error_setg(errp, "Device '%s' is already in the tree",
                   object_get_typename(obj));
        g_free(id);
        return;
    }
    if (id) {
        Object *container = qdev_machine_container("peripheral");

        if (!id_wellformed(id)) {
            error_setg(errp, "Parameter 'id' expects an identifier");
            error_append_hint(errp, "Identifiers consist of letters, digits, "
                              "'-', '.', '_', starting with a letter.\n");
            g_free(id);
            return;
        }
        if (object_property_find(container, id)) {
            error_setg(errp, "Duplicate ID '%s' for device", id);
            g_free(id);
            return;
        }
        g_free(dev->id);
        dev->id = id;
        object_property_add_child(container, id, obj);
    } else {
        static int anon_count;
        g_autofree char *name = g_strdup_printf("device[%d]", anon_count++);

        object_property_add_child(qdev_machine_container("peripheral-anon"),
                                  name, obj);
    }
}

DeviceState *qdev_find_by_id_or_path(const char *id, Error **errp)
{
    Object *obj = NULL;

    if (id && *id) {
        g_autofree char *path =
            g_strdup_printf("/machine/peripheral/%s", id);

        obj = object_resolve_path_type(path, TYPE_DEVICE, NULL);
        if (!obj) {
            bool ambiguous = false;

            obj = object_resolve_path_type(id, TYPE_DEVICE, &ambiguous);
            if (ambiguous) {
                obj = NULL;
            }
        }
    }
    if (!obj) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", id ? id : "");
        return NULL;
    }
    return DEVICE(obj);
}

/* The type. */

static void device_initfn(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    dev->instance_id_alias = -1;
    qdev_props_set_defaults(dev);
}

static void device_post_init(Object *obj)
{
    DeviceState *dev = DEVICE(obj);
    Error *err = NULL;

    /* After every instance_init, before any caller sets properties. */
    qdev_prop_set_globals(dev, &err);
    if (err) {
        dev->global_err = err;
    }
}

static void device_finalize(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    for (GList *l = dev->gpios; l; l = l->next) {
        NamedGPIOList *ngl = l->data;

        qemu_free_irqs(ngl->in, ngl->num_in);
        g_free(ngl->out);
        g_free(ngl->name);
        g_free(ngl);
    }
    g_list_free(dev->gpios);
    dev->gpios = NULL;
    if (dev->gpio_out_intercepts) {
        g_ptr_array_free(dev->gpio_out_intercepts, true);
    }
    if (dev->gpio_in_intercept_copies) {
        g_ptr_array_free(dev->gpio_in_intercept_copies, true);
    }
    qdev_props_release(dev);
    g_list_free(dev->child_bus);
    g_free(dev->id);
    g_free(dev->canonical_path);
    if (dev->global_err) {
        error_free(dev->global_err);
    }
}

static JsonNode *device_get_parent_bus(Object *obj, const char *name,
                                       void *opaque, Error **errp)
{
    DeviceState *dev = DEVICE(obj);
    g_autofree char *path = NULL;

    if (dev->parent_bus) {
        path = object_get_canonical_path(OBJECT(dev->parent_bus));
    }
    return json_node_new_str(path ? path : "");
}

static bool device_get_hotpluggable(Object *obj, Error **errp)
{
    DeviceState *dev = DEVICE(obj);
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    return dc->hotpluggable &&
           (!dev->parent_bus || dev->parent_bus->hotpluggable);
}

static bool device_get_hotplugged(Object *obj, Error **errp)
{
    return DEVICE(obj)->hotplugged;
}

static void device_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    klass->unparent = device_unparent;
    /* Boards create most devices; -device may only take those that opt in
     * (set per class), but any device can be unplugged if its bus can. */
    dc->hotpluggable = true;
    dc->user_creatable = true;
    object_class_property_add_bool(klass, "realized", device_get_realized,
                                   device_set_realized);
    object_class_property_add_bool(klass, "hotpluggable",
                                   device_get_hotpluggable, NULL);
    object_class_property_add_bool(klass, "hotplugged",
                                   device_get_hotplugged, NULL);
    object_class_property_add(klass, "parent_bus", "link<bus>",
                              device_get_parent_bus, NULL, NULL, NULL);
}

static const TypeInfo device_type_info = {
    .name = TYPE_DEVICE,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(DeviceState),
    .instance_init = device_initfn,
    .instance_post_init = device_post_init,
    .instance_finalize = device_finalize,
    .abstract = true,
    .class_size = sizeof(DeviceClass),
    .class_init = device_class_init,
};

static void qdev_register_types(void)
{
    type_register_static(&device_type_info);
}

type_init(qdev_register_types)
