/*
 * Reset. device_cold_reset() resets a device's subtree children first: the
 * devices on its buses (in plug order, each with its own subtree), then the
 * buses, then the device itself. A bridge or controller thus resets last
 * and sees its children already quiet when it re-establishes its state.
 * qemu_devices_reset() covers the whole /machine tree and then runs the
 * handlers of qemu_register_reset in registration order.
 */
#include "qemu/osdep.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "qdev-internal.h"

void bus_cold_reset(BusState *bus)
{
    BusClass *bc = BUS_GET_CLASS(bus);

    for (GList *l = bus->children; l; l = l->next) {
        device_cold_reset(l->data);
    }
    if (bc->reset) {
        bc->reset(bus);
    }
}

void device_cold_reset(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    for (GList *l = dev->child_bus; l; l = l->next) {
        bus_cold_reset(l->data);
    }
    if (dc->reset && dev->realized) {
        dc->reset(dev);
    }
}

typedef struct ResetEntry {
    void (*func)(void *opaque);
    void *opaque;
} ResetEntry;

static GList *reset_handlers;

void qemu_register_reset(void (*func)(void *opaque), void *opaque)
{
    ResetEntry *re = g_new0(ResetEntry, 1);

    re->func = func;
    re->opaque = opaque;
    reset_handlers = g_list_append(reset_handlers, re);
}

void qemu_unregister_reset(void (*func)(void *opaque), void *opaque)
{
    for (GList *l = reset_handlers; l; l = l->next) {
        ResetEntry *re = l->data;

        if (re->func == func && re->opaque == opaque) {
            reset_handlers = g_list_delete_link(reset_handlers, l);
            g_free(re);
            return;
        }
    }
}

/* Devices outside the sysbus tree (no parent bus) root their own subtree. */
static int reset_busless(Object *obj, void *opaque)
{
    DeviceState *dev = (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE);

    if (dev && !dev->parent_bus && dev->realized) {
        device_cold_reset(dev);
    }
    return 0;
}

void qemu_devices_reset(void)
{
    Object *machine = object_resolve_path("/machine", NULL);

    bus_cold_reset(sysbus_get_default());
    if (machine) {
        object_child_foreach_recursive(machine, reset_busless, NULL);
    }
    /* A handler may unregister itself (or another): walk a copy. */
    GList *copy = g_list_copy(reset_handlers);
    for (GList *l = copy; l; l = l->next) {
        if (g_list_find(reset_handlers, l->data)) {
            ResetEntry *re = l->data;
            re->func(re->opaque);
        }
    }
    g_list_free(copy);
}
