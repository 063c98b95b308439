/*
 * Devices: objects with properties, a realize step, reset, GPIO lines, and
 * a place on a bus. -device and device_add create them through qdev_new,
 * property setting, then qdev_realize onto a bus.
 */
#ifndef HW_QDEV_CORE_H
#define HW_QDEV_CORE_H

#include "qemu/osdep.h"
#include "qom/object.h"
#include "hw/irq.h"

#define TYPE_DEVICE "device"
#define TYPE_BUS "bus"

typedef enum DeviceCategory {
    DEVICE_CATEGORY_BRIDGE,
    DEVICE_CATEGORY_USB,
    DEVICE_CATEGORY_STORAGE,
    DEVICE_CATEGORY_NETWORK,
    DEVICE_CATEGORY_INPUT,
    DEVICE_CATEGORY_DISPLAY,
    DEVICE_CATEGORY_SOUND,
    DEVICE_CATEGORY_MISC,
    DEVICE_CATEGORY_CPU,
    DEVICE_CATEGORY_WATCHDOG,
    DEVICE_CATEGORY_MAX
} DeviceCategory;

typedef struct Property Property;
typedef struct VMStateDescription VMStateDescription;

typedef void (*DeviceRealize)(DeviceState *dev, Error **errp);
typedef void (*DeviceUnrealize)(DeviceState *dev);
typedef void (*DeviceReset)(DeviceState *dev);

struct DeviceClass {
    ObjectClass parent_class;
    unsigned long categories;     /* bitmap of 1 << DeviceCategory */
    const char *fw_name;
    const char *desc;
    Property *props_;             /* set with device_class_set_props() */
    bool user_creatable;          /* -device / device_add may create it */
    bool hotpluggable;
    DeviceReset reset;            /* cold and warm reset */
    DeviceRealize realize;
    DeviceUnrealize unrealize;
    const VMStateDescription *vmsd;
    const char *bus_type;         /* NULL: sysbus-less, no bus */
};

typedef struct NamedGPIOList {
    char *name;                   /* NULL for the unnamed list */
    qemu_irq *in;
    int num_in;
    int num_out;
    qemu_irq **out;               /* num_out pointers to the device's pins */
} NamedGPIOList;

struct DeviceState {
    Object parent_obj;
    char *id;                     /* -device id=, NULL if none */
    char *canonical_path;
    bool realized;
    bool pending_deleted_event;
    BusState *parent_bus;
    GList *child_bus;             /* BusState * */
    GList *gpios;                 /* NamedGPIOList * */
    int num_child_bus;
    int instance_id_alias;
    int alias_required_for_version;
    bool hotplugged;              /* realized after machine creation */
    /* A -global that failed to apply at creation; realize reports it. */
    Error *global_err;
    GPtrArray *gpio_out_intercepts; /* qemu_irq the device owns (qtest) */
    GPtrArray *gpio_in_intercept_copies; /* original lines, intercepted */
};

struct BusClass {
    ObjectClass parent_class;
    /* "bus.0 /path ... " for info qtree */
    void (*print_dev)(GString *out, DeviceState *dev, int indent);
    char *(*get_dev_path)(DeviceState *dev);
    char *(*get_fw_dev_path)(DeviceState *dev);
    /* Called before a device is plugged in; may refuse. */
    bool (*check_address)(BusState *bus, DeviceState *dev, Error **errp);
    void (*realize)(BusState *bus, Error **errp);
    void (*unrealize)(BusState *bus);
    void (*reset)(BusState *bus);
    int max_dev;                  /* 0: unlimited */
    int automatic_ids;
    /* device_del on a hotpluggable bus: asks the guest to let go (e.g.
     * ACPI eject); the bus calls qdev_unplug_complete() when it has. NULL:
     * the device is removed at once. */
    void (*unplug_request)(BusState *bus, DeviceState *dev, Error **errp);
};

struct BusState {
    Object obj;
    DeviceState *parent;
    char *name;
    int max_index;
    bool realized;
    bool full;
    int num_children;
    GList *children;              /* DeviceState *, in plug order */
    /* The bus's owner sets this when devices may come and go at run time
     * (device_add after start-up); otherwise hotplug is refused. */
    bool hotpluggable;
};

#define DEVICE(obj) OBJECT_CHECK(DeviceState, (obj), TYPE_DEVICE)
#define DEVICE_CLASS(k) OBJECT_CLASS_CHECK(DeviceClass, (k), TYPE_DEVICE)
#define DEVICE_GET_CLASS(obj) OBJECT_GET_CLASS(DeviceClass, (obj), TYPE_DEVICE)
#define BUS(obj) OBJECT_CHECK(BusState, (obj), TYPE_BUS)
#define BUS_CLASS(k) OBJECT_CLASS_CHECK(BusClass, (k), TYPE_BUS)
#define BUS_GET_CLASS(obj) OBJECT_GET_CLASS(BusClass, (obj), TYPE_BUS)

/* Lifecycle. */
DeviceState *qdev_new(const char *name);
DeviceState *qdev_try_new(const char *name);      /* NULL if no such type */
/* Plugs dev into bus (NULL for bus-less devices), adds it to the /machine
 * tree (/machine/unattached/device[N] if it has no parent yet) and realizes
 * it. On failure nothing stays plugged. */
bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp);
bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp);
void qdev_unrealize(DeviceState *dev);
/* Unrealizes, unplugs and unparents. */
void object_unparent_device(DeviceState *dev);
void qdev_set_id(DeviceState *dev, char *id, Error **errp);
/* Finds a device by -device id= ("/machine/peripheral/<id>") or path. */
DeviceState *qdev_find_by_id_or_path(const char *id, Error **errp);

/* Reset: cold reset of the whole /machine tree in tree order, then the
 * handlers registered with qemu_register_reset. */
void device_cold_reset(DeviceState *dev);
void bus_cold_reset(BusState *bus);
void qemu_register_reset(void (*func)(void *opaque), void *opaque);
void qemu_unregister_reset(void (*func)(void *opaque), void *opaque);
void qemu_devices_reset(void);

/* GPIO lines. Inputs are allocated by the device; outputs are pointers the
 * board connects to someone's input. */
void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n);
void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n);
void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n);
void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n);
qemu_irq qdev_get_gpio_in(DeviceState *dev, int n);
qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n);
void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq pin);
void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq pin);
qemu_irq qdev_get_gpio_out_connector(DeviceState *dev, const char *name,
                                     int n);
NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev, const char *name);
/* qtest: intercept all inputs / outputs (unnamed first, then named). */
void qdev_intercept_gpio_in(DeviceState *dev, qemu_irq_handler handler);
void qdev_intercept_gpio_out(DeviceState *dev, qemu_irq_handler handler);

/* Buses. */
BusState *qbus_new(const char *typename, DeviceState *parent,
                   const char *name);
void qbus_init(void *bus, size_t size, const char *typename,
               DeviceState *parent, const char *name);
bool qbus_realize(BusState *bus, Error **errp);
BusState *qdev_get_child_bus(DeviceState *dev, const char *name);
BusState *qdev_get_parent_bus(DeviceState *dev);
/* For -device bus=NAME: "pci.0", "isa.0", or a path. */
BusState *qbus_find(const char *path, Error **errp);
/* The first bus of type bus_typename with room for another device. */
BusState *qbus_find_recursive(BusState *bus, const char *name,
                              const char *bus_typename);
const char *qdev_fw_name(DeviceState *dev);
BusState *sysbus_get_default(void);

/* Tree walk for info qtree / qom: calls fn on every device below bus. */
int qbus_walk_children(BusState *bus,
                       int (*devfn)(DeviceState *dev, void *opaque),
                       void *opaque);

/*
 * Start-up vs. run time: once the board is built, main() calls
 * qdev_machine_creation_done(); devices realized after it are hotplugged
 * (reset at realize, and need a hotpluggable bus).
 */
void qdev_machine_creation_done(void);
bool qdev_hotplug_phase(void);

/* The type name -device accepts for name: the name itself or its alias
 * ("virtio-net" -> "virtio-net-pci"). NULL if neither names a device. */
const char *qdev_resolve_driver_alias(const char *name);

/* "info qtree" text. */
void qdev_print_tree(GString *out);

/* -device help / -device DRIVER,help */
void qdev_print_device_list(FILE *f);
bool qdev_print_device_props(FILE *f, const char *driver, Error **errp);

/*
 * device_del: errors "Bus 'isa.0' does not support hotplugging", "Device x
 * is already in the process of unplug". Unplugging may complete later (see
 * BusClass.unplug_request); qdev_unplug_complete() removes the device and
 * emits DEVICE_DELETED.
 */
void qdev_unplug(DeviceState *dev, Error **errp);
void qdev_unplug_complete(DeviceState *dev);

/*
 * Creates a device from parsed -device options (driver, id, bus, props).
 * from_json (-device {...} only): values must have the property's JSON
 * type. Otherwise (-device k=v, and QMP device_add, which in QEMU 7.2
 * accepts "iobase": "0x3f8" as libvirt sends it) every scalar is read as
 * its option string. The returned device belongs to the /machine tree (no
 * reference for the caller).
 */
DeviceState *qdev_device_add(JsonObject *opts, bool from_json, Error **errp);

static inline void device_class_set_categories(DeviceClass *dc,
                                               DeviceCategory cat)
{
    dc->categories |= 1UL << cat;
}

#endif
