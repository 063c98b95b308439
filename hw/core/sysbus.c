/*
 * The main system bus and sys-bus-device: devices with MMIO regions the
 * board maps into system memory and IRQ outputs ("sysbus-irq") it wires.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "qdev-internal.h"

#define SYSBUS_IRQ "sysbus-irq"

static BusState *main_system_bus;

BusState *sysbus_get_default(void)
{
    if (!main_system_bus) {
        Object *machine = container_get(object_get_root(), "/machine");

        main_system_bus = qbus_new(TYPE_SYSTEM_BUS, NULL, "main-system-bus");
        /* The tree owns it from here on; it lives as long as the process. */
        object_property_add_child(machine, "sysbus", OBJECT(main_system_bus));
        object_unref(OBJECT(main_system_bus));
        qbus_realize(main_system_bus, &error_abort);
    }
    return main_system_bus;
}

static void sysbus_dev_print(GString *out, DeviceState *dev, int indent)
{
    SysBusDevice *s = SYS_BUS_DEVICE(dev);

    for (int i = 0; i < s->num_mmio; i++) {
        MemoryRegion *mr = s->mmio[i].memory;

        g_string_append_printf(out, "%*smmio %016" HWADDR_PRIx "/%016"
                               PRIx64 "\n", indent, "", s->mmio[i].addr,
                               mr ? memory_region_size(mr) : 0);
    }
}

static char *sysbus_get_fw_dev_path(DeviceState *dev)
{
    SysBusDevice *s = SYS_BUS_DEVICE(dev);

    if (s->num_mmio) {
        return g_strdup_printf("%s@%" HWADDR_PRIx, qdev_fw_name(dev),
                               s->mmio[0].addr);
    }
    if (s->num_pio) {
        return g_strdup_printf("%s@i%04x", qdev_fw_name(dev), s->pio[0]);
    }
    return g_strdup(qdev_fw_name(dev));
}

static void system_bus_class_init(ObjectClass *klass, void *data)
{
    BusClass *bc = BUS_CLASS(klass);

    bc->print_dev = sysbus_dev_print;
    bc->get_fw_dev_path = sysbus_get_fw_dev_path;
}

void sysbus_init_mmio(SysBusDevice *dev, MemoryRegion *memory)
{
    g_assert(dev->num_mmio < QDEV_MAX_MMIO);
    dev->mmio[dev->num_mmio].addr = (hwaddr)-1;
    dev->mmio[dev->num_mmio].memory = memory;
    dev->num_mmio++;
}

MemoryRegion *sysbus_mmio_get_region(SysBusDevice *dev, int n)
{
    g_assert(n >= 0 && n < dev->num_mmio);
    return dev->mmio[n].memory;
}

static void sysbus_mmio_map_common(SysBusDevice *dev, int n, hwaddr addr,
                                   bool may_overlap, int priority)
{
    MemoryRegion *mr;

    g_assert(n >= 0 && n < dev->num_mmio);
    mr = dev->mmio[n].memory;
    if (dev->mmio[n].addr == addr && memory_region_is_mapped(mr)) {
        return;
    }
    if (dev->mmio[n].addr != (hwaddr)-1 && memory_region_is_mapped(mr)) {
        memory_region_del_subregion(get_system_memory(), mr);
    }
    dev->mmio[n].addr = addr;
    if (may_overlap) {
        memory_region_add_subregion_overlap(get_system_memory(), addr, mr,
                                            priority);
    } else {
        memory_region_add_subregion(get_system_memory(), addr, mr);
    }
}

void sysbus_mmio_map(SysBusDevice *dev, int n, hwaddr addr)
{
    sysbus_mmio_map_common(dev, n, addr, false, 0);
}

void sysbus_mmio_map_overlap(SysBusDevice *dev, int n, hwaddr addr,
                             int priority)
{
    sysbus_mmio_map_common(dev, n, addr, true, priority);
}

void sysbus_init_irq(SysBusDevice *dev, qemu_irq *p)
{
    qdev_init_gpio_out_named(DEVICE(dev), p, SYSBUS_IRQ, 1);
}

void sysbus_connect_irq(SysBusDevice *dev, int n, qemu_irq irq)
{
    qdev_connect_gpio_out_named(DEVICE(dev), SYSBUS_IRQ, n, irq);
}

/* dev's sysbus IRQ outputs become target's: connecting dev's line n sets
 * target's pin n (for a container device that wraps another). */
void sysbus_pass_irq(SysBusDevice *dev, SysBusDevice *target)
{
    NamedGPIOList *from = qdev_get_named_gpio_list(DEVICE(target),
                                                   SYSBUS_IRQ);
    NamedGPIOList *to = qdev_get_named_gpio_list(DEVICE(dev), SYSBUS_IRQ);

    to->out = g_renew(qemu_irq *, to->out, to->num_out + from->num_out);
    for (int i = 0; i < from->num_out; i++) {
        to->out[to->num_out + i] = from->out[i];
    }
    to->num_out += from->num_out;
}

bool sysbus_realize(SysBusDevice *dev, Error **errp)
{
    return qdev_realize(DEVICE(dev), sysbus_get_default(), errp);
}

bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp)
{
    return qdev_realize_and_unref(DEVICE(dev), sysbus_get_default(), errp);
}

DeviceState *sysbus_create_simple(const char *name, hwaddr addr, qemu_irq irq)
{
    DeviceState *dev = qdev_new(name);
    SysBusDevice *s = SYS_BUS_DEVICE(dev);

    sysbus_realize_and_unref(s, &error_fatal);
    if (addr != (hwaddr)-1) {
        sysbus_mmio_map(s, 0, addr);
    }
    if (irq) {
        sysbus_connect_irq(s, 0, irq);
    }
    return dev;
}

static void sys_bus_device_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->bus_type = TYPE_SYSTEM_BUS;
    /* Boards map and wire sysbus devices; -device cannot. */
    dc->user_creatable = false;
}

static const TypeInfo sysbus_types[] = {
    {
        .name = TYPE_SYSTEM_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
        .class_init = system_bus_class_init,
    },
    {
        .name = TYPE_SYS_BUS_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(SysBusDevice),
        .abstract = true,
        .class_size = sizeof(SysBusDeviceClass),
        .class_init = sys_bus_device_class_init,
    },
};

DEFINE_TYPES(sysbus_types)
