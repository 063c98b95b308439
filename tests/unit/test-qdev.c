/*
 * Unit tests for hw/core: qemu_irq, devices and buses, static properties,
 * -global, GPIO wiring, reset order, -device / device_add and the help and
 * qtree output.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qemu/option.h"
#include "chardev/char.h"
#include "hw/irq.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"

#define TYPE_TOY_BUS "ToyBus"
#define TYPE_TOY_BRIDGE "toy-bridge"
#define TYPE_TOY_DEV "toy-dev"
#define TYPE_TOY_SUB "toy-dev-sub"
#define TYPE_TOY_GLOB "toy-glob"
#define TYPE_TOY_NOUSER "toy-nouser"

typedef struct ToyDev {
    DeviceState parent_obj;
    bool b;
    uint32_t bits;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int32_t i32;
    int64_t i64;
    uint64_t sz;
    char *str;
    CharBackend chr;
    Object *link;
    int32_t devfn;
    QemuUUID uuid;
    OnOffAuto ooa;
    bool fail;
    qemu_irq out[2];
    qemu_irq ctl_out;
    int last_n, last_level, events;
    int reset_seq;
} ToyDev;

#define TOY_DEV(obj) OBJECT_CHECK(ToyDev, (obj), TYPE_TOY_DEV)

typedef struct ToyBridge {
    SysBusDevice parent_obj;
    BusState *bus;
    int reset_seq;
} ToyBridge;

#define TOY_BRIDGE(obj) OBJECT_CHECK(ToyBridge, (obj), TYPE_TOY_BRIDGE)

static int reset_counter;

static Property toy_props[] = {
    DEFINE_PROP_BOOL("b", ToyDev, b, true),
    DEFINE_PROP_BIT("bit3", ToyDev, bits, 3, true),
    DEFINE_PROP_UINT8("u8", ToyDev, u8, 8),
    DEFINE_PROP_UINT16("u16", ToyDev, u16, 16),
    DEFINE_PROP_UINT32("u32", ToyDev, u32, -1),
    DEFINE_PROP_UINT64("u64", ToyDev, u64, 64),
    DEFINE_PROP_INT32("i32", ToyDev, i32, -32),
    DEFINE_PROP_INT64("i64", ToyDev, i64, -64),
    DEFINE_PROP_SIZE("sz", ToyDev, sz, 2 * MiB),
    DEFINE_PROP_STRING("str", ToyDev, str),
    DEFINE_PROP_CHR("chardev", ToyDev, chr),
    DEFINE_PROP_LINK("link", ToyDev, link, TYPE_TOY_BRIDGE, Object *),
    DEFINE_PROP_PCI_DEVFN("addr", ToyDev, devfn, -1),
    DEFINE_PROP_UUID("uuid", ToyDev, uuid),
    DEFINE_PROP_ON_OFF_AUTO("ooa", ToyDev, ooa, ON_OFF_AUTO_AUTO),
    DEFINE_PROP_BOOL("fail", ToyDev, fail, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void toy_gpio_in(void *opaque, int n, int level)
{
    ToyDev *s = opaque;

    s->last_n = n;
    s->last_level = level;
    s->events++;
}

static void toy_init(Object *obj)
{
    ToyDev *s = TOY_DEV(obj);

    qdev_init_gpio_in(DEVICE(obj), toy_gpio_in, 2);
    qdev_init_gpio_in_named(DEVICE(obj), toy_gpio_in, "ctl", 1);
    qdev_init_gpio_out(DEVICE(obj), s->out, 2);
    qdev_init_gpio_out_named(DEVICE(obj), &s->ctl_out, "ctl", 1);
    s->last_n = -1;
}

static void toy_realize(DeviceState *dev, Error **errp)
{
    if (TOY_DEV(dev)->fail) {
        error_setg(errp, "toy refuses to realize");
    }
}

static void toy_reset(DeviceState *dev)
{
    TOY_DEV(dev)->reset_seq = ++reset_counter;
}

static void toy_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = toy_realize;
    dc->reset = toy_reset;
    dc->bus_type = TYPE_TOY_BUS;
    dc->desc = "toy device";
    device_class_set_categories(dc, DEVICE_CATEGORY_MISC);
    device_class_set_props(dc, toy_props);
}

static void nouser_class_init(ObjectClass *klass, void *data)
{
    DEVICE_CLASS(klass)->user_creatable = false;
}

/* In realize, so the bus name can use the device's id ("br1.0"). */
static void bridge_realize(DeviceState *dev, Error **errp)
{
    ToyBridge *s = TOY_BRIDGE(dev);

    s->bus = qbus_new(TYPE_TOY_BUS, dev, NULL);
}

static void bridge_reset(DeviceState *dev)
{
    TOY_BRIDGE(dev)->reset_seq = ++reset_counter;
}

static void bridge_class_init(ObjectClass *klass, void *data)
{
    DEVICE_CLASS(klass)->reset = bridge_reset;
    DEVICE_CLASS(klass)->realize = bridge_realize;
}

static void toy_bus_class_init(ObjectClass *klass, void *data)
{
    BUS_CLASS(klass)->max_dev = 2;
}

static const TypeInfo toy_types[] = {
    {
        .name = TYPE_TOY_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
        .class_init = toy_bus_class_init,
    }, {
        .name = TYPE_TOY_BRIDGE,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(ToyBridge),
        .class_init = bridge_class_init,
    }, {
        .name = TYPE_TOY_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(ToyDev),
        .instance_init = toy_init,
        .class_init = toy_class_init,
    }, {
        .name = TYPE_TOY_SUB,
        .parent = TYPE_TOY_DEV,
    }, {
        .name = TYPE_TOY_GLOB,
        .parent = TYPE_TOY_DEV,
    }, {
        .name = TYPE_TOY_NOUSER,
        .parent = TYPE_TOY_DEV,
        .class_init = nouser_class_init,
    },
};

DEFINE_TYPES(toy_types)

#define assert_error(err, msg) do {                                 \
        g_assert_nonnull(err);                                      \
        g_assert_cmpstr(error_get_pretty(err), ==, (msg));          \
        error_free(err);                                            \
        (err) = NULL;                                               \
    } while (0)

/* A realized bridge on the system bus: its bus takes two toy devices. */
static ToyBridge *new_bridge(const char *id)
{
    DeviceState *dev = qdev_new(TYPE_TOY_BRIDGE);

    if (id) {
        qdev_set_id(dev, g_strdup(id), &error_abort);
    }
    qdev_realize_and_unref(dev, NULL, &error_abort);
    return TOY_BRIDGE(dev);
}

/* A split line lives as long as the board that wired it: here, the
 * program. Globals, so leak checkers see them as still reachable. */
qemu_irq split_line, split_target;

static void test_irq(void)
{
    ToyDev a = { .last_n = -1 }, b = { .last_n = -1 };
    qemu_irq *irqs = qemu_allocate_irqs(toy_gpio_in, &a, 3);
    qemu_irq split;

    qemu_set_irq(NULL, 1);      /* unconnected: no crash, no effect */
    qemu_irq_raise(irqs[2]);
    g_assert_cmpint(a.last_n, ==, 2);
    g_assert_cmpint(a.last_level, ==, 1);

    split_target = qemu_allocate_irq(toy_gpio_in, &b, 7);
    split = split_line = qemu_irq_split(irqs[1], split_target);
    qemu_irq_pulse(split);
    g_assert_cmpint(a.last_n, ==, 1);
    g_assert_cmpint(a.last_level, ==, 0);
    g_assert_cmpint(b.last_n, ==, 7);
    g_assert_cmpint(b.events, ==, 2);
    qemu_free_irqs(irqs, 3);
}

static void test_defaults(void)
{
    ToyDev *s = TOY_DEV(qdev_new(TYPE_TOY_DEV));
    g_autofree char *uuid = NULL;

    g_assert_true(s->b);
    g_assert_cmphex(s->bits, ==, 1 << 3);
    g_assert_cmpuint(s->u8, ==, 8);
    g_assert_cmpuint(s->u16, ==, 16);
    g_assert_cmpuint(s->u32, ==, UINT32_MAX);
    g_assert_cmpuint(s->u64, ==, 64);
    g_assert_cmpint(s->i32, ==, -32);
    g_assert_cmpint(s->i64, ==, -64);
    g_assert_cmpuint(s->sz, ==, 2 * MiB);
    g_assert_null(s->str);
    g_assert_cmpint(s->devfn, ==, -1);
    g_assert_cmpint(s->ooa, ==, ON_OFF_AUTO_AUTO);
    g_assert_false(qemu_uuid_is_null(&s->uuid));    /* "auto" */
    g_assert_cmpuint(object_property_get_uint(OBJECT(s), "u32", &error_abort),
                     ==, UINT32_MAX);
    uuid = object_property_get_str(OBJECT(s), "str", &error_abort);
    g_assert_cmpstr(uuid, ==, "");
    object_unref(OBJECT(s));
}

static void test_prop_parse(void)
{
    Object *obj = OBJECT(qdev_new(TYPE_TOY_DEV));
    ToyDev *s = TOY_DEV(obj);
    ToyBridge *br = new_bridge(NULL);
    g_autofree char *br_path = object_get_canonical_path(OBJECT(br));
    g_autofree char *got = NULL;
    Error *err = NULL;

    g_assert_true(object_property_parse(obj, "b", "off", &error_abort));
    g_assert_false(s->b);
    object_property_parse(obj, "b", "maybe", &err);
    assert_error(err, "Parameter 'b' expects 'on' or 'off'");

    g_assert_true(object_property_parse(obj, "bit3", "off", &error_abort));
    g_assert_cmphex(s->bits, ==, 0);

    g_assert_true(object_property_parse(obj, "u8", "0xff", &error_abort));
    g_assert_cmpuint(s->u8, ==, 255);
    object_property_parse(obj, "u8", "256", &err);
    assert_error(err, "Parameter 'u8' expects uint8_t");
    object_property_parse(obj, "u16", "xyz", &err);
    assert_error(err, "Parameter 'u16' expects integer");
    object_property_parse(obj, "u32", "0x100000000", &err);
    assert_error(err, "Parameter 'u32' expects uint32_t");
    g_assert_cmpuint(s->u32, ==, UINT32_MAX);     /* unchanged on error */
    g_assert_true(object_property_parse(obj, "u64", "18446744073709551615",
                                        &error_abort));
    g_assert_cmpuint(s->u64, ==, UINT64_MAX);
    g_assert_true(object_property_parse(obj, "i32", "-5", &error_abort));
    g_assert_cmpint(s->i32, ==, -5);
    object_property_parse(obj, "i32", "2147483648", &err);
    assert_error(err, "Parameter 'i32' expects int32_t");

    g_assert_true(object_property_parse(obj, "sz", "64M", &error_abort));
    g_assert_cmpuint(s->sz, ==, 64 * MiB);
    g_assert_false(object_property_parse(obj, "sz", "3Q", &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;

    g_assert_true(object_property_parse(obj, "str", "hello", &error_abort));
    g_assert_cmpstr(s->str, ==, "hello");

    g_assert_true(object_property_parse(obj, "addr", "03.1", &error_abort));
    g_assert_cmpint(s->devfn, ==, 3 << 3 | 1);
    g_assert_true(object_property_parse(obj, "addr", "1f", &error_abort));
    g_assert_cmpint(s->devfn, ==, 0x1f << 3);
    object_property_parse(obj, "addr", "1f.8", &err);
    assert_error(err, "Property 'toy-dev.addr' doesn't take value '1f.8'");
    object_property_parse(obj, "addr", "20", &err);
    assert_error(err, "Property 'toy-dev.addr' doesn't take value '20'");

    g_assert_true(object_property_parse(obj, "uuid",
                  "12345678-1234-5678-9abc-def012345678", &error_abort));
    got = object_property_get_str(obj, "uuid", &error_abort);
    g_assert_cmpstr(got, ==, "12345678-1234-5678-9abc-def012345678");
    object_property_parse(obj, "uuid", "zz", &err);
    assert_error(err, "Property 'toy-dev.uuid' doesn't take value 'zz'");

    g_assert_true(object_property_parse(obj, "ooa", "off", &error_abort));
    g_assert_cmpint(s->ooa, ==, ON_OFF_AUTO_OFF);
    object_property_parse(obj, "ooa", "maybe", &err);
    assert_error(err, "Parameter 'ooa' does not accept value 'maybe'");

    object_property_parse(obj, "chardev", "nope", &err);
    assert_error(err, "Property 'toy-dev.chardev' can't find value 'nope'");

    g_assert_true(object_property_parse(obj, "link", br_path, &error_abort));
    g_assert_true(s->link == OBJECT(br));
    object_property_parse(obj, "link", "/machine", &err);
    assert_error(err, "Invalid parameter type for 'link', expected: "
                 TYPE_TOY_BRIDGE);
    object_property_parse(obj, "link", "/nope/nada", &err);
    assert_error(err, "Device '/nope/nada' not found");

    object_property_parse(obj, "nosuch", "1", &err);
    assert_error(err, "Property 'toy-dev.nosuch' not found");
    object_unref(obj);
    object_unparent_device(DEVICE(br));
}

static void test_set_after_realize(void)
{
    ToyBridge *br = new_bridge(NULL);
    DeviceState *dev = qdev_new(TYPE_TOY_DEV);
    Error *err = NULL;

    qdev_realize(dev, br->bus, &error_abort);
    object_property_parse(OBJECT(dev), "u32", "5", &err);
    assert_error(err, "Attempt to set property 'u32' on anonymous device "
                 "(type 'toy-dev') after it was realized");
    g_free(dev->id);
    dev->id = g_strdup("d0");
    object_property_parse(OBJECT(dev), "u32", "5", &err);
    assert_error(err, "Attempt to set property 'u32' on device 'd0' "
                 "(type 'toy-dev') after it was realized");
    /* Reading still works. */
    g_assert_cmpuint(object_property_get_uint(OBJECT(dev), "u32",
                                              &error_abort), ==, UINT32_MAX);
    object_unref(OBJECT(dev));
    object_unparent_device(DEVICE(br));
}

static void test_realize_failure(void)
{
    ToyBridge *br = new_bridge(NULL);
    DeviceState *dev = qdev_new(TYPE_TOY_DEV);
    Error *err = NULL;

    qdev_prop_set_bit(dev, "fail", true);
    g_assert_false(qdev_realize(dev, br->bus, &err));
    assert_error(err, "toy refuses to realize");
    g_assert_false(dev->realized);
    g_assert_null(dev->parent_bus);
    g_assert_cmpint(br->bus->num_children, ==, 0);
    g_assert_null(OBJECT(dev)->parent);     /* not left in unattached */

    /* It can be fixed and realized afterwards. */
    qdev_prop_set_bit(dev, "fail", false);
    g_assert_true(qdev_realize(dev, br->bus, &error_abort));
    g_assert_true(dev->realized);
    g_assert_true(dev->parent_bus == br->bus);
    g_assert_true(object_property_get_bool(OBJECT(dev), "realized",
                                           &error_abort));
    object_unref(OBJECT(dev));
    object_unparent_device(DEVICE(br));
}

static void test_globals(void)
{
    Error *err = NULL;
    DeviceState *dev;
    ToyBridge *br = new_bridge(NULL);

    qdev_prop_register_global("toy-glob", "u16", "0x2f8");
    g_assert_true(qdev_prop_register_global_str("toy-glob.str=x,y",
                                                &error_abort));
    g_assert_true(qdev_prop_register_global_str("nodriver.foo=1",
                                                &error_abort));
    g_assert_true(qdev_prop_register_global_str(
                      "driver=toy-glob,property=u8,value=9", &error_abort));
    qdev_prop_register_global_str("toy-glob.u8", &err);
    assert_error(err, "Invalid parameter 'toy-glob.u8'");
    qdev_prop_register_global_str(".u8=1", &err);
    assert_error(err, "Invalid parameter '.u8'");
    qdev_prop_register_global_str("toy-glob.=1", &err);
    assert_error(err, "Invalid parameter 'toy-glob.'");

    dev = qdev_new(TYPE_TOY_GLOB);
    g_assert_cmpuint(TOY_DEV(dev)->u16, ==, 0x2f8);
    g_assert_cmpuint(TOY_DEV(dev)->u8, ==, 9);
    g_assert_cmpstr(TOY_DEV(dev)->str, ==, "x,y");
    /* Properties set after creation win over globals. */
    qdev_prop_set_uint16(dev, "u16", 0x3f8);
    g_assert_true(qdev_realize(dev, br->bus, &error_abort));
    g_assert_cmpuint(TOY_DEV(dev)->u16, ==, 0x3f8);
    object_unref(OBJECT(dev));

    /* Only toy-glob and its subtypes: toy-dev itself is untouched. */
    dev = qdev_new(TYPE_TOY_DEV);
    g_assert_cmpuint(TOY_DEV(dev)->u16, ==, 16);
    object_unref(OBJECT(dev));

    /* A bad value is reported when the device is realized. */
    qdev_prop_register_global("toy-glob", "i32", "zz");
    dev = qdev_new(TYPE_TOY_GLOB);
    g_assert_false(qdev_realize(dev, br->bus, &err));
    assert_error(err, "can't apply global toy-glob.i32=zz: "
                 "Parameter 'i32' expects integer");
    g_assert_cmpint(br->bus->num_children, ==, 1);
    object_unref(OBJECT(dev));
    object_unparent_device(DEVICE(br));
}

static void test_globals_subtype(void)
{
    DeviceState *dev;

    qdev_prop_register_global("toy-dev", "i64", "77");
    dev = qdev_new(TYPE_TOY_SUB);
    g_assert_cmpint(TOY_DEV(dev)->i64, ==, 77);
    object_unref(OBJECT(dev));
    dev = qdev_new(TYPE_TOY_DEV);
    g_assert_cmpint(TOY_DEV(dev)->i64, ==, 77);
    object_unref(OBJECT(dev));
}

static int intercepted_n = -1, intercepted_level = -1;

static void intercept(void *opaque, int n, int level)
{
    intercepted_n = n;
    intercepted_level = level;
}

static void test_gpio(void)
{
    ToyBridge *br = new_bridge(NULL);
    DeviceState *a = qdev_new(TYPE_TOY_DEV);
    DeviceState *b = qdev_new(TYPE_TOY_DEV);
    ToyDev *sa = TOY_DEV(a), *sb = TOY_DEV(b);
    NamedGPIOList *ngl;

    qdev_realize_and_unref(a, br->bus, &error_abort);
    qdev_realize_and_unref(b, br->bus, &error_abort);
    qdev_connect_gpio_out(a, 1, qdev_get_gpio_in(b, 0));
    qdev_connect_gpio_out_named(a, "ctl", 0,
                                qdev_get_gpio_in_named(b, "ctl", 0));
    g_assert_true(qdev_get_gpio_out_connector(a, NULL, 1) ==
                  qdev_get_gpio_in(b, 0));
    g_assert_null(qdev_get_gpio_out_connector(a, NULL, 0));
    g_assert_null(qdev_get_gpio_out_connector(a, "nope", 0));

    qemu_irq_raise(sa->out[0]);                 /* unconnected */
    g_assert_cmpint(sb->events, ==, 0);
    qemu_irq_raise(sa->out[1]);
    g_assert_cmpint(sb->last_n, ==, 0);
    g_assert_cmpint(sb->last_level, ==, 1);
    qemu_irq_lower(sa->ctl_out);
    g_assert_cmpint(sb->last_n, ==, 0);
    g_assert_cmpint(sb->last_level, ==, 0);
    g_assert_cmpint(sb->events, ==, 2);

    ngl = qdev_get_named_gpio_list(b, "ctl");
    g_assert_cmpint(ngl->num_in, ==, 1);
    g_assert_cmpint(ngl->num_out, ==, 1);

    /* qtest: inputs numbered unnamed first, then named. */
    qdev_intercept_gpio_in(b, intercept);
    qemu_irq_raise(sa->out[1]);
    g_assert_cmpint(intercepted_n, ==, 0);
    g_assert_cmpint(intercepted_level, ==, 1);
    qemu_irq_raise(sa->ctl_out);
    g_assert_cmpint(intercepted_n, ==, 2);
    g_assert_cmpint(sb->events, ==, 2);         /* device saw nothing */

    qdev_intercept_gpio_out(a, intercept);
    qemu_irq_lower(sa->out[0]);
    g_assert_cmpint(intercepted_n, ==, 0);
    g_assert_cmpint(intercepted_level, ==, 0);
    qemu_irq_raise(sa->ctl_out);
    g_assert_cmpint(intercepted_n, ==, 2);
    g_assert_cmpint(intercepted_level, ==, 1);
    object_unparent_device(DEVICE(br));
}

static void test_bus_plug(void)
{
    ToyBridge *br = new_bridge(NULL);
    ToyBridge *named = new_bridge("br1");
    DeviceState *d[3];
    Error *err = NULL;

    g_assert_true(g_str_has_prefix(br->bus->name, "toybus."));
    g_assert_cmpstr(named->bus->name, ==, "br1.0");
    g_assert_true(qbus_find("br1.0", &error_abort) == named->bus);
    g_assert_true(qdev_get_child_bus(DEVICE(named), "br1.0") == named->bus);

    for (int i = 0; i < 3; i++) {
        d[i] = qdev_new(TYPE_TOY_DEV);
    }
    g_assert_true(qdev_realize(d[0], named->bus, &error_abort));
    g_assert_true(qdev_realize(d[1], named->bus, &error_abort));
    g_assert_true(named->bus->full);
    g_assert_false(qdev_realize(d[2], named->bus, &err));
    assert_error(err, "Bus 'br1.0' is full");
    g_assert_false(d[2]->realized);

    /* The wrong kind of bus. */
    g_assert_false(qdev_realize(d[2], sysbus_get_default(), &err));
    assert_error(err, "Device 'toy-dev' can't go on System bus");
    /* A bus-type device without a bus. */
    g_assert_false(qdev_realize(d[2], NULL, &err));
    assert_error(err, "Device 'toy-dev' needs a bus of type ToyBus");

    /* The search for a bus with room skips the full one. */
    g_assert_true(qbus_find_recursive(DEVICE(named)->child_bus->data, NULL,
                                      TYPE_TOY_BUS) == NULL);

    /* Unplugging frees a slot. */
    object_unparent_device(d[1]);
    g_assert_false(named->bus->full);
    g_assert_cmpint(named->bus->num_children, ==, 1);
    g_assert_true(qdev_realize(d[2], named->bus, &error_abort));

    for (int i = 0; i < 3; i++) {
        object_unref(OBJECT(d[i]));
    }
    object_unparent_device(DEVICE(br));
    object_unparent_device(DEVICE(named));
}

static void test_tree_paths(void)
{
    ToyBridge *br = new_bridge(NULL);
    DeviceState *dev = qdev_new(TYPE_TOY_DEV);
    g_autofree char *path = object_get_canonical_path(OBJECT(br));
    g_autofree char *bus_path = object_get_canonical_path(OBJECT(br->bus));
    g_autofree char *expect = NULL;
    g_autofree char *dev_path = NULL;
    Error *err = NULL;

    g_assert_true(g_str_has_prefix(path, "/machine/unattached/device["));
    g_assert_true(DEVICE(br)->parent_bus == sysbus_get_default());
    expect = g_strdup_printf("%s/%s", path, br->bus->name);
    g_assert_cmpstr(bus_path, ==, expect);
    g_assert_true(object_resolve_path("/machine/sysbus", NULL) ==
                  OBJECT(sysbus_get_default()));

    qdev_set_id(dev, g_strdup("mydev"), &error_abort);
    qdev_realize_and_unref(dev, br->bus, &error_abort);
    dev_path = object_get_canonical_path(OBJECT(dev));
    g_assert_cmpstr(dev_path, ==, "/machine/peripheral/mydev");
    g_assert_cmpstr(dev->canonical_path, ==, "/machine/peripheral/mydev");
    g_assert_true(qdev_find_by_id_or_path("mydev", &error_abort) == dev);
    g_assert_null(qdev_find_by_id_or_path("nodev", &err));
    assert_error(err, "Device 'nodev' not found");

    /* Unparenting the bridge takes its bus and devices along. */
    object_unparent_device(DEVICE(br));
    g_assert_null(object_resolve_path("/machine/peripheral/mydev", NULL));
}

static void reset_handler(void *opaque)
{
    *(int *)opaque = ++reset_counter;
}

static void test_reset(void)
{
    ToyBridge *br = new_bridge(NULL);
    DeviceState *a = qdev_new(TYPE_TOY_DEV);
    DeviceState *b = qdev_new(TYPE_TOY_DEV);
    int handler_seq = 0;

    qdev_realize_and_unref(a, br->bus, &error_abort);
    qdev_realize_and_unref(b, br->bus, &error_abort);

    reset_counter = 0;
    device_cold_reset(DEVICE(br));
    /* Children first, in plug order, then the parent. */
    g_assert_cmpint(TOY_DEV(a)->reset_seq, ==, 1);
    g_assert_cmpint(TOY_DEV(b)->reset_seq, ==, 2);
    g_assert_cmpint(br->reset_seq, ==, 3);

    reset_counter = 0;
    qemu_register_reset(reset_handler, &handler_seq);
    qemu_devices_reset();
    /* The whole tree before the handlers. */
    g_assert_cmpint(br->reset_seq, >, TOY_DEV(b)->reset_seq);
    g_assert_cmpint(handler_seq, >, br->reset_seq);
    qemu_unregister_reset(reset_handler, &handler_seq);
    handler_seq = 0;
    qemu_devices_reset();
    g_assert_cmpint(handler_seq, ==, 0);
    object_unparent_device(DEVICE(br));
}

static JsonObject *opts(const char *text, bool json)
{
    if (text[0] == '{') {
        JsonNode *n = json_from_text(text, &error_abort);
        JsonObject *o = json_object_ref(json_node_get_object(n));

        json_node_unref(n);
        return o;
    }
    return keyval_parse(text, "driver", 0, &error_abort);
}

static void add_fails(const char *text, bool json, const char *msg)
{
    JsonObject *o = opts(text, json);
    Error *err = NULL;

    g_assert_null(qdev_device_add(o, json, &err));
    g_assert_nonnull(err);
    if (g_strcmp0(error_get_pretty(err), msg)) {
        g_printerr("device_add %s\n", text);
    }
    assert_error(err, msg);
    json_object_unref(o);
}

static DeviceState *add_ok(const char *text, bool json)
{
    JsonObject *o = opts(text, json);
    DeviceState *dev = qdev_device_add(o, json, &error_abort);

    json_object_unref(o);
    return dev;
}

static void test_device_add(void)
{
    ToyBridge *br = new_bridge("dabr");
    DeviceState *dev;
    g_autofree char *path = NULL;
    int before;

    add_fails("id=x", false, "Parameter 'driver' is missing");
    add_fails("nope", false, "'nope' is not a valid device model name");
    add_fails("device", false,
              "Parameter 'driver' expects a non-abstract device type");
    add_fails(TYPE_TOY_NOUSER, false,
              "Parameter 'driver' expects a pluggable device type");
    add_fails("toy-dev,id=1a", false, "Parameter 'id' expects an identifier");
    add_fails("toy-dev,bus=nobus", false, "Bus 'nobus' not found");
    add_fails("toy-dev,bus=main-system-bus", false,
              "Device 'toy-dev' can't go on System bus");
    add_fails("toy-dev,u8=300", false, "Parameter 'u8' expects uint8_t");
    add_fails("toy-dev,foo=1", false, "Property 'toy-dev.foo' not found");
    add_fails("toy-dev,fail=on", false, "toy refuses to realize");
    add_fails("{\"driver\": \"toy-dev\", \"u32\": \"0x10\"}", true,
              "Invalid parameter type for 'u32', expected: integer");
    add_fails("{\"driver\": \"toy-dev\", \"b\": \"on\"}", true,
              "Invalid parameter type for 'b', expected: boolean");
    add_fails("{\"driver\": 3}", true,
              "Invalid parameter type for 'driver', expected: string");
    /* Nothing was left behind by the failures. */
    g_assert_cmpint(br->bus->num_children, ==, 0);
    g_assert_null(object_resolve_path("/machine/peripheral/x", NULL));

    dev = add_ok("toy-dev,id=d-1.x_y,bus=dabr.0,u32=0x2f8,addr=03.0", false);
    g_assert_cmpstr(dev->id, ==, "d-1.x_y");
    g_assert_cmpuint(TOY_DEV(dev)->u32, ==, 0x2f8);
    g_assert_cmpint(TOY_DEV(dev)->devfn, ==, 3 << 3);
    g_assert_true(dev->parent_bus == br->bus);
    g_assert_true(object_resolve_path("/machine/peripheral/d-1.x_y", NULL) ==
                  OBJECT(dev));
    add_fails("toy-dev,id=d-1.x_y", false, "Duplicate ID 'd-1.x_y' for device");

    /* QMP device_add style: scalars of any JSON type read as strings. */
    dev = add_ok("{\"driver\": \"toy-dev\", \"u32\": \"0x10\", \"b\": \"off\","
                 " \"str\": 12, \"bit3\": false}", false);
    g_assert_cmpuint(TOY_DEV(dev)->u32, ==, 0x10);
    g_assert_false(TOY_DEV(dev)->b);
    g_assert_cmpstr(TOY_DEV(dev)->str, ==, "12");
    g_assert_cmphex(TOY_DEV(dev)->bits, ==, 0);
    object_unparent_device(dev);

    /* No bus= picks the first bus of the right type with room. */
    dev = add_ok("{\"driver\": \"toy-dev\", \"u32\": 7, \"b\": false,"
                 " \"addr\": 5}", true);
    g_assert_cmpuint(TOY_DEV(dev)->u32, ==, 7);
    g_assert_false(TOY_DEV(dev)->b);
    g_assert_cmpint(TOY_DEV(dev)->devfn, ==, 5);
    path = object_get_canonical_path(OBJECT(dev));
    g_assert_true(g_str_has_prefix(path, "/machine/peripheral-anon/device["));

    /* device_del: the toy bus refuses until it says it is hotpluggable. */
    {
        DeviceState *victim = qdev_find_by_id_or_path("d-1.x_y",
                                                      &error_abort);
        Error *err = NULL;

        qdev_unplug(victim, &err);
        g_assert_nonnull(err);
        g_assert_cmpstr(error_get_pretty(err), ==,
                        "Bus 'dabr.0' does not support hotplugging");
        error_free(err);
        br->bus->hotpluggable = true;
        qdev_unplug(victim, &error_abort);
        g_assert_null(object_resolve_path("/machine/peripheral/d-1.x_y",
                                          NULL));
        g_assert_cmpint(br->bus->num_children, ==, 1);
        dev = add_ok("toy-dev,id=again", false);
        g_assert_true(dev->parent_bus == br->bus);
    }

    /* Both buses of toy bridges are full or gone now: */
    before = br->bus->num_children;
    g_assert_cmpint(before, ==, 2);
    add_fails("toy-dev,bus=dabr.0", false, "Bus 'dabr.0' is full");
    object_unparent_device(DEVICE(br));
    add_fails("toy-dev", false, "No 'ToyBus' bus found for device 'toy-dev'");
}

static char *capture_file(void (*fn)(FILE *f, void *opaque), void *opaque)
{
    FILE *f = tmpfile();
    GString *text = g_string_new(NULL);
    char chunk[4096];
    size_t n;

    g_assert_nonnull(f);
    fn(f, opaque);
    rewind(f);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        g_string_append_len(text, chunk, n);
    }
    fclose(f);
    return g_string_free(text, false);
}

static void print_list(FILE *f, void *opaque)
{
    qdev_print_device_list(f);
}

static void print_props(FILE *f, void *opaque)
{
    qdev_print_device_props(f, opaque, &error_abort);
}

static void test_help(void)
{
    g_autofree char *list = capture_file(print_list, NULL);
    g_autofree char *props = capture_file(print_props, (void *)"toy-dev");
    Error *err = NULL;
    const char *misc;

    misc = strstr(list, "Misc devices:\n");
    g_assert_nonnull(misc);
    g_assert_nonnull(strstr(misc,
                     "\nname \"toy-dev\", bus ToyBus, desc \"toy device\"\n"));
    g_assert_null(strstr(list, "toy-nouser"));
    g_assert_null(strstr(list, "toy-bridge"));     /* sysbus: not -device */

    g_assert_true(g_str_has_prefix(props, "toy-dev options:\n"));
    g_assert_nonnull(strstr(props,
        "\n  u32=<uint32>           -  (default: 4294967295)\n"));
    g_assert_nonnull(strstr(props,
        "\n  addr=<int32>           - Slot and optional function number,"
        " example: 06.0 or 06 (default: -1)\n"));
    g_assert_nonnull(strstr(props,
        "\n  chardev=<str>          - ID of a chardev to use as a backend\n"));
    g_assert_nonnull(strstr(props,
        "\n  ooa=<OnOffAuto>        - on/off/auto (default: \"auto\")\n"));
    g_assert_nonnull(strstr(props,
        "\n  bit3=<bool>            - on/off (default: true)\n"));
    g_assert_nonnull(strstr(props, "\n  str=<str>\n"));
    g_assert_nonnull(strstr(props, "\n  link=<link<toy-bridge>>\n"));
    g_assert_null(strstr(props, "realized"));
    /* Sorted by name. */
    g_assert_true(strstr(props, "  addr=") < strstr(props, "  b="));

    g_assert_false(qdev_print_device_props(stderr, "nope", &err));
    assert_error(err, "Device 'nope' not found");
}

static void test_qtree(void)
{
    ToyBridge *br = new_bridge("qt");
    GString *out = g_string_new(NULL);
    DeviceState *dev = qdev_new(TYPE_TOY_DEV);

    qdev_set_id(dev, g_strdup("leaf"), &error_abort);
    qdev_prop_set_uint32(dev, "u32", 0x3f8);
    qdev_realize_and_unref(dev, br->bus, &error_abort);
    qdev_print_tree(out);
    g_assert_true(g_str_has_prefix(out->str,
                                   "bus: main-system-bus\n  type System\n"));
    g_assert_nonnull(strstr(out->str,
        "\n  dev: toy-bridge, id \"qt\"\n"
        "    bus: qt.0\n"
        "      type ToyBus\n"
        "      dev: toy-dev, id \"leaf\"\n"
        "        gpio-in \"ctl\" 1\n"
        "        gpio-in \"\" 2\n"
        "        gpio-out \"ctl\" 1\n"
        "        gpio-out \"\" 2\n"
        "        b = true\n"
        "        bit3 = true\n"
        "        u8 = 8 (0x8)\n"
        "        u16 = 16 (0x10)\n"
        "        u32 = 1016 (0x3f8)\n"
        "        u64 = 64 (0x40)\n"
        "        i32 = -32 (0xffffffe0)\n"
        "        i64 = -64 (0xffffffffffffffc0)\n"
        "        sz = 2097152 (2 MiB)\n"
        "        str = \"\"\n"
        "        chardev = \"\"\n"
        "        link = \"\"\n"
        "        addr = <unset>\n"
        "        uuid = \""));
    g_assert_nonnull(strstr(out->str, "\"\n"
        "        ooa = \"auto\"\n"
        "        fail = false\n"));
    object_unparent_device(DEVICE(br));
    g_string_free(out, true);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qdev/irq", test_irq);
    g_test_add_func("/qdev/props/defaults", test_defaults);
    g_test_add_func("/qdev/props/parse", test_prop_parse);
    g_test_add_func("/qdev/props/after-realize", test_set_after_realize);
    g_test_add_func("/qdev/realize/failure", test_realize_failure);
    g_test_add_func("/qdev/globals/match", test_globals);
    g_test_add_func("/qdev/globals/subtype", test_globals_subtype);
    g_test_add_func("/qdev/gpio", test_gpio);
    g_test_add_func("/qdev/bus/plug", test_bus_plug);
    g_test_add_func("/qdev/tree/paths", test_tree_paths);
    g_test_add_func("/qdev/reset/order", test_reset);
    g_test_add_func("/qdev/device-add", test_device_add);
    g_test_add_func("/qdev/help", test_help);
    g_test_add_func("/qdev/qtree", test_qtree);
    return g_test_run();
}
