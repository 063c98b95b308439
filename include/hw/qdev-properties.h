/*
 * Static device properties: a table of Property entries, each backed by a
 * field of the device's state struct, settable until realize.
 *
 *   static Property serial_props[] = {
 *       DEFINE_PROP_UINT32("iobase", ISASerialState, iobase, -1),
 *       DEFINE_PROP_CHR("chardev", ISASerialState, chr),
 *       DEFINE_PROP_END_OF_LIST(),
 *   };
 *   device_class_set_props(dc, serial_props);
 */
#ifndef HW_QDEV_PROPERTIES_H
#define HW_QDEV_PROPERTIES_H

#include "hw/qdev-core.h"

typedef struct PropertyInfo PropertyInfo;

struct Property {
    const char *name;
    const PropertyInfo *info;
    ptrdiff_t offset;
    uint8_t bitnr;                /* for bit properties */
    bool set_default;
    union {
        int64_t i;
        uint64_t u;
    } defval;
    const char *link_type;        /* for link properties */
};

struct PropertyInfo {
    const char *name;             /* shown in -device X,help: "uint32" */
    const char *description;
    const char *const *enum_table;/* NULL-terminated for enum props */
    /* Defaults to the field; value is JSON-typed or a string to parse. */
    JsonNode *(*get)(Object *obj, Property *prop, Error **errp);
    void (*set)(Object *obj, Property *prop, const JsonNode *value,
                Error **errp);
    void (*set_default_value)(Object *obj, const Property *prop);
    void (*release)(Object *obj, const char *name, void *opaque);
    /* Renders the default for help output; NULL: no default shown. */
    char *(*print_default)(const Property *prop);
};

extern const PropertyInfo qdev_prop_bit;        /* a bit of a uint32_t */
extern const PropertyInfo qdev_prop_bit64;      /* a bit of a uint64_t */
extern const PropertyInfo qdev_prop_bool;
extern const PropertyInfo qdev_prop_uint8;
extern const PropertyInfo qdev_prop_uint16;
extern const PropertyInfo qdev_prop_uint32;
extern const PropertyInfo qdev_prop_int32;
extern const PropertyInfo qdev_prop_uint64;
extern const PropertyInfo qdev_prop_int64;
extern const PropertyInfo qdev_prop_size;
extern const PropertyInfo qdev_prop_string;
extern const PropertyInfo qdev_prop_chr;        /* CharBackend field */
extern const PropertyInfo qdev_prop_link;       /* Object * field */
extern const PropertyInfo qdev_prop_pci_devfn;  /* "slot[.fn]" -> int32 */
extern const PropertyInfo qdev_prop_uuid;       /* QemuUUID field */
extern const PropertyInfo qdev_prop_on_off_auto;/* OnOffAuto field */

typedef enum OnOffAuto {
    ON_OFF_AUTO_AUTO,
    ON_OFF_AUTO_ON,
    ON_OFF_AUTO_OFF,
} OnOffAuto;

/* The sizeof term checks at compile time that the field has type _type. */
#define DEFINE_PROP(_name, _state, _field, _prop, _type, ...) {   \
        .name = (_name),                                          \
        .info = &(_prop),                                         \
        .offset = offsetof(_state, _field)                        \
            + 0 * sizeof(&((_state *)0)->_field == (_type *)0),   \
        __VA_ARGS__                                               \
    }
#define DEFINE_PROP_SIGNED(_name, _state, _field, _defval, _prop, _type) \
    DEFINE_PROP(_name, _state, _field, _prop, _type,                    \
                .set_default = true, .defval.i = (_type)(_defval))
#define DEFINE_PROP_UNSIGNED(_name, _state, _field, _defval, _prop, _type) \
    DEFINE_PROP(_name, _state, _field, _prop, _type,                      \
                .set_default = true, .defval.u = (_type)(_defval))

#define DEFINE_PROP_BIT(_name, _state, _field, _bit, _defval) {   \
        .name = (_name),                                          \
        .info = &(qdev_prop_bit),                                 \
        .bitnr = (_bit),                                          \
        .offset = offsetof(_state, _field)                        \
            + 0 * sizeof(&((_state *)0)->_field == (uint32_t *)0), \
        .set_default = true,                                      \
        .defval.u = (bool)(_defval),                              \
    }
#define DEFINE_PROP_BIT64(_name, _state, _field, _bit, _defval) { \
        .name = (_name),                                          \
        .info = &(qdev_prop_bit64),                               \
        .bitnr = (_bit),                                          \
        .offset = offsetof(_state, _field)                        \
            + 0 * sizeof(&((_state *)0)->_field == (uint64_t *)0), \
        .set_default = true,                                      \
        .defval.u = (bool)(_defval),                              \
    }
#define DEFINE_PROP_BOOL(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_bool, bool)
#define DEFINE_PROP_UINT8(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint8, uint8_t)
#define DEFINE_PROP_UINT16(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint16, uint16_t)
#define DEFINE_PROP_UINT32(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint32, uint32_t)
#define DEFINE_PROP_INT32(_n, _s, _f, _d) \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_int32, int32_t)
#define DEFINE_PROP_UINT64(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint64, uint64_t)
#define DEFINE_PROP_INT64(_n, _s, _f, _d) \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_int64, int64_t)
#define DEFINE_PROP_SIZE(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_size, uint64_t)
#define DEFINE_PROP_PCI_DEVFN(_n, _s, _f, _d) \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_pci_devfn, int32_t)
#define DEFINE_PROP_ON_OFF_AUTO(_n, _s, _f, _d) \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_on_off_auto, OnOffAuto)
#define DEFINE_PROP_STRING(_n, _s, _f) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_string, char *)
/* Struct-typed fields: type-check through a pointer ((T)0 is no struct). */
#define DEFINE_PROP_STRUCT(_name, _state, _field, _prop, _type) {  \
        .name = (_name),                                          \
        .info = &(_prop),                                         \
        .offset = offsetof(_state, _field)                        \
            + 0 * sizeof(&((_state *)0)->_field == (_type *)0),   \
    }
#define DEFINE_PROP_CHR(_n, _s, _f) \
    DEFINE_PROP_STRUCT(_n, _s, _f, qdev_prop_chr, CharBackend)
/* Defaults to "auto": a random UUID per instance, as QEMU does. */
#define DEFINE_PROP_UUID(_n, _s, _f) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_uuid, QemuUUID, .set_default = true)
#define DEFINE_PROP_UUID_NODEFAULT(_n, _s, _f) \
    DEFINE_PROP_STRUCT(_n, _s, _f, qdev_prop_uuid, QemuUUID)
#define DEFINE_PROP_LINK(_n, _s, _f, _type, _ptr_type) {          \
        .name = (_n),                                             \
        .info = &(qdev_prop_link),                                \
        .link_type = _type,                                       \
        .offset = offsetof(_s, _f)                                \
            + 0 * sizeof(((_s *)0)->_f == (_ptr_type)0),          \
    }
#define DEFINE_PROP_END_OF_LIST() {}

void device_class_set_props(DeviceClass *dc, Property *props);

/* The field a Property describes, for custom PropertyInfo code. */
void *object_field_prop_ptr(Object *obj, Property *prop);

/* Setters for board code (abort on error: a board bug). */
void qdev_prop_set_bit(DeviceState *dev, const char *name, bool value);
void qdev_prop_set_uint8(DeviceState *dev, const char *name, uint8_t value);
void qdev_prop_set_uint16(DeviceState *dev, const char *name, uint16_t value);
void qdev_prop_set_uint32(DeviceState *dev, const char *name, uint32_t value);
void qdev_prop_set_int32(DeviceState *dev, const char *name, int32_t value);
void qdev_prop_set_uint64(DeviceState *dev, const char *name, uint64_t value);
void qdev_prop_set_string(DeviceState *dev, const char *name,
                          const char *value);
void qdev_prop_set_chr(DeviceState *dev, const char *name, Chardev *value);

/* -global driver.prop=value: stored, applied to each new instance of driver
 * (or a subtype) before its own properties; unknown drivers are accepted. */
void qdev_prop_register_global(const char *driver, const char *property,
                               const char *value);
/* Parses "driver.prop=value"; errors name the malformed part. */
bool qdev_prop_register_global_str(const char *str, Error **errp);
void qdev_prop_set_globals(DeviceState *dev, Error **errp);
/* After machine creation: warns about globals whose driver is unknown
 * ("global nodrv.foo has invalid class name"). */
void qdev_prop_check_globals(void);

#endif
