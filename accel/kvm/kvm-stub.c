/*
 * Builds without KVM (--disable-kvm, non-Linux hosts): -accel kvm refuses
 * with a reason and the device-facing API answers "not KVM".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "system/accel.h"
#include "system/kvm.h"
#include "qapi/error.h"

bool kvm_enabled(void) { return false; }
bool kvm_irqchip_in_kernel(void) { return false; }
bool kvm_irqchip_is_split(void) { return false; }
bool kvm_ioapic_in_kernel(void) { return false; }
bool kvm_pit_in_kernel(void) { return false; }
int kvm_check_extension(unsigned int cap) { return 0; }
int kvm_set_irq(int gsi, int level) { return -ENOSYS; }
int kvm_irqchip_send_msi(uint64_t addr, uint32_t data) { return -ENOSYS; }

int kvm_irqchip_add_msi_route(uint64_t addr, uint32_t data, Error **errp)
{
    error_setg(errp, "KVM is not compiled into this build");
    return -ENOSYS;
}

int kvm_irqchip_update_msi_route(int virq, uint64_t addr, uint32_t data)
{
    return -ENOSYS;
}

void kvm_irqchip_release_virq(int virq) { }
int kvm_irqchip_commit_routes(void) { return -ENOSYS; }

int kvm_irqchip_add_irqfd_notifier_gsi(EventNotifier *n,
                                       EventNotifier *resample, int gsi)
{
    return -ENOSYS;
}

int kvm_irqchip_remove_irqfd_notifier_gsi(EventNotifier *n, int gsi)
{
    return -ENOSYS;
}

int kvm_set_ioeventfd_mmio(EventNotifier *n, hwaddr addr, unsigned size,
                           bool datamatch, uint64_t data, bool assign)
{
    return -ENOSYS;
}

int kvm_set_ioeventfd_pio(EventNotifier *n, uint16_t port, unsigned size,
                          bool datamatch, uint64_t data, bool assign)
{
    return -ENOSYS;
}

bool kvm_host_available(char **reason)
{
    if (reason) {
        *reason = g_strdup("KVM is not compiled into this build of Vireo");
    }
    return false;
}

static void kvm_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "kvm";
    ac->unavailable_reason = "kvm accelerator not compiled into this build "
                             "(configure without --disable-kvm)";
}

static const TypeInfo kvm_accel_type = {
    .name = TYPE_KVM_ACCEL,
    .parent = TYPE_ACCEL,
    .instance_size = sizeof(AccelState),
    .class_init = kvm_accel_class_init,
};

static void kvm_accel_register_types(void)
{
    type_register_static(&kvm_accel_type);
}

type_init(kvm_accel_register_types)
