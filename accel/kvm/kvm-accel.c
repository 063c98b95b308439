/*
 * The KVM accelerator's type. The vCPU run loop and memory slots are a
 * separate piece of work; until they land, -accel kvm refuses clearly, and
 * says first whether the host could run it at all.
 */
#include "qemu/osdep.h"
#include "system/accel.h"
#include "qapi/error.h"

static int kvm_accel_init_machine(MachineState *ms, Error **errp)
{
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

    if (fd < 0) {
        error_setg_errno(errp, errno,
                         "Could not access KVM kernel module");
        error_append_hint(errp, "failed to initialize kvm\n");
        return -1;
    }
    close(fd);
    error_setg(errp, "the kvm accelerator is not yet available in this "
               "build of Vireo (use -accel qtest for device tests)");
    return -1;
}

static void kvm_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "kvm";
    ac->init_machine = kvm_accel_init_machine;
}

static const TypeInfo kvm_accel_type = {
    .name = ACCEL_CLASS_NAME("kvm"),
    .parent = TYPE_ACCEL,
    .instance_size = sizeof(AccelState),
    .class_init = kvm_accel_class_init,
};

static void kvm_accel_register_types(void)
{
    type_register_static(&kvm_accel_type);
}

type_init(kvm_accel_register_types)
