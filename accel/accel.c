/*
 * The accelerator registry: "-accel NAME" instantiates type NAME-accel,
 * applies its properties and runs init_machine.
 */
#include "qemu/osdep.h"
#include "system/accel.h"
#include "qapi/error.h"
#include "hw/boards.h"

static AccelState *the_accel;
static const char *the_accel_name;

AccelState *current_accel(void)
{
    return the_accel;
}

const char *current_accel_name(void)
{
    return the_accel_name ? the_accel_name : "none";
}

bool accel_is(const char *name)
{
    return the_accel_name && strcmp(the_accel_name, name) == 0;
}

AccelState *accel_init(const char *name, JsonObject *props, MachineState *ms,
                       Error **errp)
{
    g_autofree char *type = g_strconcat(name, ACCEL_CLASS_SUFFIX, NULL);
    ObjectClass *oc = object_class_by_name(type);
    AccelClass *ac;
    Object *obj;
    static const char *const skip[] = { "accel", NULL };

    if (!oc || !object_class_dynamic_cast(oc, TYPE_ACCEL) ||
        object_class_is_abstract(oc)) {
        error_setg(errp, "invalid accelerator %s", name);
        return NULL;
    }
    ac = ACCEL_CLASS(oc);
    if (ac->unavailable_reason) {
        error_setg(errp, "%s", ac->unavailable_reason);
        return NULL;
    }
    obj = object_new(type);
    if (props && !object_set_properties_from_json(obj, props, skip, errp)) {
        object_unref(obj);
        return NULL;
    }
    if (ac->init_machine && ac->init_machine(ms, errp) < 0) {
        object_unref(obj);
        return NULL;
    }
    the_accel = (AccelState *)obj;
    the_accel_name = ac->name;
    if (ms) {
        ms->accelerator = the_accel;
    }
    return the_accel;
}

static const TypeInfo accel_type = {
    .name = TYPE_ACCEL,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(AccelState),
    .class_size = sizeof(AccelClass),
    .abstract = true,
};

static void accel_register_types(void)
{
    type_register_static(&accel_type);
}

type_init(accel_register_types)
