/* Helpers shared by the files of hw/core; not an API for devices. */
#ifndef HW_CORE_QDEV_INTERNAL_H
#define HW_CORE_QDEV_INTERNAL_H

#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"

/* /machine/<name>, created on first use ("unattached", "peripheral"...). */
Object *qdev_machine_container(const char *name);

/* Plugging: the bus holds a reference on each child. */
bool qdev_set_parent_bus(DeviceState *dev, BusState *bus, Error **errp);
void qdev_unplug_from_bus(DeviceState *dev);

/* Static properties (qdev-properties.c). */
void qdev_props_set_defaults(DeviceState *dev);
void qdev_props_release(DeviceState *dev);
/* The Property of class (or an ancestor) named name, NULL if none. */
Property *qdev_find_static_prop(ObjectClass *klass, const char *name);

/* Calls fn on every static property of obj's class chain, leaf first. */
void qdev_foreach_prop_table(ObjectClass *klass,
                             void (*fn)(Object *obj, Property *prop,
                                        void *opaque),
                             Object *obj, void *opaque);

/* Bus lifecycle (bus.c). */
void qbus_unrealize(BusState *bus);

#endif
