/*
 * TYPE_BUS: buses are children of the device that provides them, named
 * "<name>" if given, "<parent-id>.<n>" if the parent has an id, else
 * "<bus-type-lowercase>.<n>" with n counted per bus class ("pci.0").
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "qdev-internal.h"

static void qbus_init_internal(BusState *bus, DeviceState *parent,
                               const char *name)
{
    bus->parent = parent;
    if (name) {
        bus->name = g_strdup(name);
    } else if (parent && parent->id) {
        bus->name = g_strdup_printf("%s.%d", parent->id,
                                    parent->num_child_bus);
    } else {
        BusClass *bc = BUS_GET_CLASS(bus);
        g_autofree char *type =
            g_ascii_strdown(object_get_typename(OBJECT(bus)), -1);

        bus->name = g_strdup_printf("%s.%d", type, bc->automatic_ids++);
    }
    if (parent) {
        parent->child_bus = g_list_append(parent->child_bus, bus);
        parent->num_child_bus++;
        object_property_add_child(OBJECT(parent), bus->name, OBJECT(bus));
        /* The parent's child property now holds the only reference. */
        object_unref(OBJECT(bus));
    }
}

BusState *qbus_new(const char *typename, DeviceState *parent,
                   const char *name)
{
    BusState *bus = BUS(object_new(typename));

    qbus_init_internal(bus, parent, name);
    return bus;
}

void qbus_init(void *bus, size_t size, const char *typename,
               DeviceState *parent, const char *name)
{
    object_initialize(bus, size, typename);
    qbus_init_internal(BUS(bus), parent, name);
}

static bool bus_get_realized(Object *obj, Error **errp)
{
    return BUS(obj)->realized;
}

static void bus_set_realized(Object *obj, bool value, Error **errp)
{
    BusState *bus = BUS(obj);
    BusClass *bc = BUS_GET_CLASS(bus);
    Error *local_err = NULL;

    if (value == bus->realized) {
        return;
    }
    if (value) {
        if (bc->realize) {
            bc->realize(bus, &local_err);
            if (local_err) {
                error_propagate(errp, local_err);
                return;
            }
        }
        bus->realized = true;
        return;
    }
    /* Unrealize: the devices on the bus first. */
    for (GList *l = bus->children; l; l = l->next) {
        qdev_unrealize(l->data);
    }
    if (bc->unrealize) {
        bc->unrealize(bus);
    }
    bus->realized = false;
}

bool qbus_realize(BusState *bus, Error **errp)
{
    return object_property_set_bool(OBJECT(bus), "realized", true, errp);
}

void qbus_unrealize(BusState *bus)
{
    if (bus->realized) {
        object_property_set_bool(OBJECT(bus), "realized", false, NULL);
    }
}

/* The ObjectClass.unparent hook: drops the devices, then leaves the parent. */
static void bus_unparent(Object *obj)
{
    BusState *bus = BUS(obj);

    while (bus->children) {
        object_unparent_device(bus->children->data);
    }
    qbus_unrealize(bus);
    if (bus->parent) {
        bus->parent->child_bus = g_list_remove(bus->parent->child_bus, bus);
        bus->parent->num_child_bus--;
        bus->parent = NULL;
    }
}

static void bus_finalize(Object *obj)
{
    BusState *bus = BUS(obj);

    g_list_free(bus->children);
    g_free(bus->name);
}

static void bus_class_init(ObjectClass *klass, void *data)
{
    klass->unparent = bus_unparent;
    object_class_property_add_bool(klass, "realized", bus_get_realized,
                                   bus_set_realized);
}

static const TypeInfo bus_type_info = {
    .name = TYPE_BUS,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(BusState),
    .instance_finalize = bus_finalize,
    .abstract = true,
    .class_size = sizeof(BusClass),
    .class_init = bus_class_init,
};

static void bus_register_types(void)
{
    type_register_static(&bus_type_info);
}

type_init(bus_register_types)

/* Look-ups. */

BusState *qdev_get_child_bus(DeviceState *dev, const char *name)
{
    for (GList *l = dev->child_bus; l; l = l->next) {
        BusState *bus = l->data;

        if (!strcmp(bus->name, name)) {
            return bus;
        }
    }
    return NULL;
}

BusState *qdev_get_parent_bus(DeviceState *dev)
{
    return dev->parent_bus;
}

const char *qdev_fw_name(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    return dc->fw_name ? dc->fw_name : object_get_typename(OBJECT(dev));
}

static bool bus_has_room(BusState *bus)
{
    BusClass *bc = BUS_GET_CLASS(bus);

    return !bus->full && !(bc->max_dev && bus->num_children >= bc->max_dev);
}

BusState *qbus_find_recursive(BusState *bus, const char *name,
                              const char *bus_typename)
{
    bool match = true;

    if (name && strcmp(bus->name, name)) {
        match = false;
    }
    if (bus_typename && !object_dynamic_cast(OBJECT(bus), bus_typename)) {
        match = false;
    }
    /* A named bus is the answer even when full (the caller says so);
     * an anonymous search wants one with room. */
    if (!name && !bus_has_room(bus)) {
        match = false;
    }
    if (match) {
        return bus;
    }
    for (GList *l = bus->children; l; l = l->next) {
        DeviceState *dev = l->data;

        for (GList *b = dev->child_bus; b; b = b->next) {
            BusState *found = qbus_find_recursive(b->data, name, bus_typename);

            if (found) {
                return found;
            }
        }
    }
    return NULL;
}

/* A device on bus by id, else by type name (first match). */
static DeviceState *qbus_find_dev(BusState *bus, const char *elem)
{
    for (GList *l = bus->children; l; l = l->next) {
        DeviceState *dev = l->data;

        if (dev->id && !strcmp(dev->id, elem)) {
            return dev;
        }
    }
    for (GList *l = bus->children; l; l = l->next) {
        DeviceState *dev = l->data;

        if (!strcmp(object_get_typename(OBJECT(dev)), elem)) {
            return dev;
        }
    }
    return NULL;
}

/*
 * Paths: "pci.0" (a bus name anywhere in the tree), a QOM path to a bus,
 * or the legacy "/bus/dev/bus..." walk from the main system bus where each
 * device is named by id or type and each bus by name.
 */
BusState *qbus_find(const char *path, Error **errp)
{
    g_auto(GStrv) elems = NULL;
    BusState *bus;
    int i;

    if (!path || !*path) {
        error_setg(errp, "Bus '' not found");
        return NULL;
    }
    if (!strchr(path, '/')) {
        bus = qbus_find_recursive(sysbus_get_default(), path, NULL);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", path);
        }
        return bus;
    }
    if (path[0] == '/') {
        Object *obj = object_resolve_path_type(path, TYPE_BUS, NULL);

        if (obj) {
            return BUS(obj);
        }
    }

    elems = g_strsplit(path, "/", -1);
    i = 0;
    if (path[0] == '/') {
        bus = sysbus_get_default();
        i = 1;
        /* "/main-system-bus/..." may name the root explicitly. */
        if (elems[i] && !strcmp(elems[i], bus->name)) {
            i++;
        }
    } else {
        bus = qbus_find_recursive(sysbus_get_default(), elems[0], NULL);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", elems[0]);
            return NULL;
        }
        i = 1;
    }
    while (elems[i] && *elems[i]) {
        DeviceState *dev = qbus_find_dev(bus, elems[i]);

        if (!dev) {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", elems[i]);
            return NULL;
        }
        i++;
        if (!elems[i] || !*elems[i]) {
            /* A path ending at a device means its only bus. */
            if (dev->num_child_bus == 1) {
                return dev->child_bus->data;
            }
            if (dev->num_child_bus == 0) {
                error_setg(errp, "Device '%s' has no child bus",
                           elems[i - 1]);
            } else {
                error_setg(errp, "Device '%s' has multiple child buses",
                           elems[i - 1]);
            }
            return NULL;
        }
        bus = qdev_get_child_bus(dev, elems[i]);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", elems[i]);
            return NULL;
        }
        i++;
    }
    return bus;
}

int qbus_walk_children(BusState *bus,
                       int (*devfn)(DeviceState *dev, void *opaque),
                       void *opaque)
{
    for (GList *l = bus->children; l; l = l->next) {
        DeviceState *dev = l->data;
        int ret = devfn(dev, opaque);

        if (ret) {
            return ret;
        }
        for (GList *b = dev->child_bus; b; b = b->next) {
            ret = qbus_walk_children(b->data, devfn, opaque);
            if (ret) {
                return ret;
            }
        }
    }
    return 0;
}
