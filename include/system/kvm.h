/*
 * The KVM accelerator as the rest of Vireo sees it: whether it runs, how
 * interrupts reach the in-kernel irqchip, and the irqfd / ioeventfd
 * plumbing virtio uses. Everything here is safe to call when KVM is not
 * the accelerator: predicates answer false and actions fail with -ENOSYS.
 */
#ifndef SYSTEM_KVM_H
#define SYSTEM_KVM_H

#include "qemu/osdep.h"
#include "qemu/event_notifier.h"

#define TYPE_KVM_ACCEL "kvm-accel"

typedef enum KVMIrqchipMode {
    KVM_IRQCHIP_MODE_ON,      /* PIC, IOAPIC, LAPIC, PIT in the kernel */
    KVM_IRQCHIP_MODE_SPLIT,   /* LAPIC in the kernel, the rest userspace */
    KVM_IRQCHIP_MODE_OFF,     /* everything in userspace (TCG's models) */
} KVMIrqchipMode;

/* True once -accel kvm has initialised the VM. */
bool kvm_enabled(void);
/* The local APICs are in the kernel (kernel-irqchip=on or split). */
bool kvm_irqchip_in_kernel(void);
/* kernel-irqchip=split: IOAPIC, PIC and PIT stay in userspace. */
bool kvm_irqchip_is_split(void);
/* kernel-irqchip=on: PIC, IOAPIC (and the PIT) are in the kernel. */
bool kvm_ioapic_in_kernel(void);
/* The PIT is the kernel's (KVM_CREATE_PIT2). */
bool kvm_pit_in_kernel(void);

/* KVM_CHECK_EXTENSION on the VM (or /dev/kvm before it exists). */
int kvm_check_extension(unsigned int cap);

/* Raises or lowers a GSI of the in-kernel irqchip (KVM_IRQ_LINE). */
int kvm_set_irq(int gsi, int level);
/* Sends one MSI to the in-kernel LAPICs (KVM_SIGNAL_MSI). */
int kvm_irqchip_send_msi(uint64_t addr, uint32_t data);

/*
 * GSI routing for MSI sources (virtio queues, PCI MSI): a route is a GSI
 * number ("virq") that can be bound to an irqfd. Changes are batched
 * until kvm_irqchip_commit_routes().
 */
int kvm_irqchip_add_msi_route(uint64_t addr, uint32_t data, Error **errp);
int kvm_irqchip_update_msi_route(int virq, uint64_t addr, uint32_t data);
void kvm_irqchip_release_virq(int virq);
int kvm_irqchip_commit_routes(void);

/*
 * irqfd: writing to n raises gsi in the kernel without leaving it. With
 * a resample notifier the GSI is level-triggered: the kernel lowers it
 * on EOI and signals resample so the device can raise it again.
 */
int kvm_irqchip_add_irqfd_notifier_gsi(EventNotifier *n,
                                       EventNotifier *resample, int gsi);
int kvm_irqchip_remove_irqfd_notifier_gsi(EventNotifier *n, int gsi);

/*
 * ioeventfd: a guest write of size bytes at addr (optionally only of
 * value data) signals n instead of exiting to Vireo.
 */
int kvm_set_ioeventfd_mmio(EventNotifier *n, hwaddr addr, unsigned size,
                           bool datamatch, uint64_t data, bool assign);
int kvm_set_ioeventfd_pio(EventNotifier *n, uint16_t port, unsigned size,
                          bool datamatch, uint64_t data, bool assign);

/* query-kvm: KVM could run here (a usable /dev/kvm). */
bool kvm_host_available(char **reason);

#endif
