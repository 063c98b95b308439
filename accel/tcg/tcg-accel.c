/*
 * The TCG accelerator's type. The translator itself is a separate piece of
 * work (see docs/devel/tcg.md); until it lands, -accel tcg says so.
 */
#include "qemu/osdep.h"
#include "system/accel.h"

static void tcg_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "tcg";
    ac->unavailable_reason =
        "the tcg accelerator is not yet available in this build of Vireo "
        "(use -accel qtest for device tests)";
}

static const TypeInfo tcg_accel_type = {
    .name = ACCEL_CLASS_NAME("tcg"),
    .parent = TYPE_ACCEL,
    .instance_size = sizeof(AccelState),
    .class_init = tcg_accel_class_init,
};

static void tcg_accel_register_types(void)
{
    type_register_static(&tcg_accel_type);
}

type_init(tcg_accel_register_types)
