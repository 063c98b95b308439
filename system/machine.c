/*
 * The machine base type: the properties every -machine has, the RAM
 * backend hook-up, and the registry behind -machine help / query-machines.
 */
#include "qemu/osdep.h"
#include "hw/boards.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "qapi/error.h"
#include "qemu/option.h"
#include "qemu/cutils.h"

MachineState *current_machine;

Object *qdev_get_machine(void)
{
    return container_get(object_get_root(), "/machine");
}

MachineState *qdev_get_machine_state(void)
{
    return current_machine;
}

static gint machine_class_cmp(gconstpointer a, gconstpointer b)
{
    const MachineClass *ma = a, *mb = b;

    return strcmp(ma->name, mb->name);
}

GSList *machine_class_list(void)
{
    GSList *classes = object_class_get_list(TYPE_MACHINE, false);

    return g_slist_sort(classes, machine_class_cmp);
}

MachineClass *machine_class_find(const char *name)
{
    g_autoptr(GSList) classes = object_class_get_list(TYPE_MACHINE, false);

    for (GSList *l = classes; l; l = l->next) {
        MachineClass *mc = l->data;
        if (!strcmp(mc->name, name) || (mc->alias && !strcmp(mc->alias, name))) {
            return mc;
        }
    }
    return NULL;
}

#define MACHINE_STR_PROP(field, propname)                                 \
    static char *machine_get_##field(Object *obj, Error **errp)           \
    {                                                                     \
        return g_strdup(MACHINE(obj)->field);                             \
    }                                                                     \
    static void machine_set_##field(Object *obj, const char *value,       \
                                    Error **errp)                         \
    {                                                                     \
        MachineState *ms = MACHINE(obj);                                  \
        g_free(ms->field);                                                \
        ms->field = g_strdup(value);                                      \
    }

MACHINE_STR_PROP(kernel_filename, "kernel")
MACHINE_STR_PROP(initrd_filename, "initrd")
MACHINE_STR_PROP(kernel_cmdline, "append")
MACHINE_STR_PROP(firmware, "firmware")
MACHINE_STR_PROP(dtb, "dtb")
MACHINE_STR_PROP(dumpdtb, "dumpdtb")
MACHINE_STR_PROP(ram_memdev_id, "memory-backend")

static bool machine_get_usb(Object *obj, Error **errp)
{
    return MACHINE(obj)->usb;
}

static void machine_set_usb(Object *obj, bool value, Error **errp)
{
    if (value) {
        error_setg(errp, "USB is not supported by this machine yet");
        return;
    }
    MACHINE(obj)->usb = value;
}

static bool machine_get_graphics(Object *obj, Error **errp)
{
    return MACHINE(obj)->graphics;
}

static void machine_set_graphics(Object *obj, bool value, Error **errp)
{
    MACHINE(obj)->graphics = value;
}

/* Accepted for command-line compatibility; they only affect host policy. */
static bool machine_get_true(Object *obj, Error **errp)
{
    return true;
}

static void machine_set_ignored_bool(Object *obj, bool value, Error **errp)
{
}

static const char *const kernel_irqchip_names[] = {
    "on", "off", "split", NULL,
};

static int machine_get_kernel_irqchip(Object *obj, Error **errp)
{
    MachineState *ms = MACHINE(obj);

    if (ms->kernel_irqchip_split) {
        return 2;
    }
    return ms->kernel_irqchip == ON_OFF_AUTO_OFF ? 1 : 0;
}

static void machine_set_kernel_irqchip(Object *obj, int value, Error **errp)
{
    MachineState *ms = MACHINE(obj);

    ms->kernel_irqchip_split = value == 2;
    ms->kernel_irqchip = value == 1 ? ON_OFF_AUTO_OFF : ON_OFF_AUTO_ON;
}

static void machine_initfn(Object *obj)
{
    MachineState *ms = MACHINE(obj);
    MachineClass *mc = MACHINE_GET_CLASS(obj);

    ms->graphics = true;
    ms->kernel_irqchip = ON_OFF_AUTO_AUTO;
    ms->ram_size = mc->default_ram_size;
    ms->maxram_size = mc->default_ram_size;
    ms->cpus = g_ptr_array_new();
}

static void machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->default_ram_size = 128 * MiB;
    mc->max_cpus = 1;
    mc->min_cpus = 1;
    mc->default_cpus = 1;
    object_class_property_add_str(oc, "kernel", machine_get_kernel_filename,
                                  machine_set_kernel_filename);
    object_class_property_add_str(oc, "initrd", machine_get_initrd_filename,
                                  machine_set_initrd_filename);
    object_class_property_add_str(oc, "append", machine_get_kernel_cmdline,
                                  machine_set_kernel_cmdline);
    object_class_property_add_str(oc, "firmware", machine_get_firmware,
                                  machine_set_firmware);
    object_class_property_add_str(oc, "dtb", machine_get_dtb,
                                  machine_set_dtb);
    object_class_property_add_str(oc, "dumpdtb", machine_get_dumpdtb,
                                  machine_set_dumpdtb);
    object_class_property_add_str(oc, "memory-backend",
                                  machine_get_ram_memdev_id,
                                  machine_set_ram_memdev_id);
    object_class_property_set_description(oc, "memory-backend",
                                          "Set RAM backend "
                                          "Valid value is ID of hostmem "
                                          "based backend");
    object_class_property_add_bool(oc, "usb", machine_get_usb,
                                   machine_set_usb);
    object_class_property_add_bool(oc, "graphics", machine_get_graphics,
                                   machine_set_graphics);
    object_class_property_add_bool(oc, "dump-guest-core", machine_get_true,
                                   machine_set_ignored_bool);
    object_class_property_add_bool(oc, "mem-merge", machine_get_true,
                                   machine_set_ignored_bool);
    object_class_property_add_bool(oc, "suppress-vmdesc", machine_get_true,
                                   machine_set_ignored_bool);
    object_class_property_add_enum(oc, "kernel-irqchip", "OnOffSplit",
                                   kernel_irqchip_names,
                                   machine_get_kernel_irqchip,
                                   machine_set_kernel_irqchip);
}

static const TypeInfo machine_info = {
    .name = TYPE_MACHINE,
    .parent = TYPE_OBJECT,
    .abstract = true,
    .class_size = sizeof(MachineClass),
    .class_init = machine_class_init,
    .instance_size = sizeof(MachineState),
    .instance_init = machine_initfn,
};

/* "none": no devices, no CPUs unless -smp asks; useful for QMP probing. */
static void none_machine_init(MachineState *ms)
{
    if (ms->ram) {
        memory_region_add_subregion(get_system_memory(), 0, ms->ram);
    }
}

static void none_machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->name = "none";
    mc->desc = "empty machine";
    mc->init = none_machine_init;
    mc->max_cpus = 1;
    mc->default_cpus = 0;
    mc->min_cpus = 0;
    mc->default_ram_size = 0;
    mc->no_serial = true;
    mc->default_cpu_type = "qemu64-x86_64-cpu";
}

static const TypeInfo none_machine_info = {
    .name = MACHINE_TYPE_NAME("none"),
    .parent = TYPE_MACHINE,
    .class_init = none_machine_class_init,
};

static void machine_register_types(void)
{
    type_register_static(&machine_info);
    type_register_static(&none_machine_info);
}

type_init(machine_register_types)
