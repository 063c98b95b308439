/*
 * Interrupts under KVM: the in-kernel irqchip (kernel-irqchip=on: PIC,
 * IOAPIC, LAPIC, PIT; split: LAPIC only), its GSI routing table, MSIs,
 * and the eventfd plumbing (irqfd, ioeventfd) virtio devices use.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "accel/kvm/kvm-internal.h"
#include "qapi/error.h"
#include "qemu/error-report.h"

#define BITS_PER_LONG (sizeof(unsigned long) * 8)

static void kvm_irqchip_reset_routes(KVMState *s)
{
    g_free(s->routes);
    s->routes = g_malloc0(sizeof(*s->routes));
    s->nr_routes_alloc = 0;
    g_free(s->used_gsi);
    s->used_gsi = g_new0(unsigned long,
                         DIV_ROUND_UP(MAX(s->gsi_count, 1), BITS_PER_LONG));
}

static void gsi_mark(KVMState *s, unsigned gsi, bool used)
{
    if (gsi >= s->gsi_count) {
        return;
    }
    if (used) {
        s->used_gsi[gsi / BITS_PER_LONG] |= 1UL << (gsi % BITS_PER_LONG);
    } else {
        s->used_gsi[gsi / BITS_PER_LONG] &= ~(1UL << (gsi % BITS_PER_LONG));
    }
}

static bool gsi_used(KVMState *s, unsigned gsi)
{
    return gsi < s->gsi_count &&
           (s->used_gsi[gsi / BITS_PER_LONG] >> (gsi % BITS_PER_LONG)) & 1;
}

void kvm_add_routing_entry(KVMState *s, struct kvm_irq_routing_entry *e)
{
    struct kvm_irq_routing *r = s->routes;

    if (r->nr == s->nr_routes_alloc) {
        s->nr_routes_alloc = MAX(64, s->nr_routes_alloc * 2);
        r = g_realloc(r, sizeof(*r) +
                      s->nr_routes_alloc * sizeof(r->entries[0]));
        s->routes = r;
    }
    r->entries[r->nr++] = *e;
    gsi_mark(s, e->gsi, true);
    s->routes_dirty = true;
}

int kvm_irqchip_commit_routes(void)
{
    KVMState *s = kvm_state;
    int r;

    if (!kvm_irqchip_in_kernel()) {
        return -ENOSYS;
    }
    s->routes->flags = 0;
    r = kvm_vm_ioctl(s, KVM_SET_GSI_ROUTING, s->routes);
    if (r < 0) {
        error_report("kvm: KVM_SET_GSI_ROUTING failed: %s", strerror(-r));
        return r;
    }
    s->routes_dirty = false;
    return 0;
}

int kvm_irqchip_init(KVMState *s, Error **errp)
{
    int r;

    if (s->irqchip_mode == KVM_IRQCHIP_MODE_OFF) {
        return 0;
    }
    if (!kvm_check_extension(KVM_CAP_IRQCHIP) ||
        !kvm_check_extension(KVM_CAP_IRQ_ROUTING)) {
        error_setg(errp, "kvm: kernel-irqchip=%s: the host has no in-kernel "
                   "irqchip (KVM_CAP_IRQCHIP, KVM_CAP_IRQ_ROUTING)",
                   s->irqchip_mode == KVM_IRQCHIP_MODE_ON ? "on" : "split");
        return -1;
    }
    s->gsi_count = kvm_check_extension(KVM_CAP_IRQ_ROUTING);
    if (s->irqchip_mode == KVM_IRQCHIP_MODE_SPLIT) {
        if (!kvm_check_extension(KVM_CAP_SPLIT_IRQCHIP)) {
            error_setg(errp, "kvm: kernel-irqchip=split: the host lacks "
                       "KVM_CAP_SPLIT_IRQCHIP");
            return -1;
        }
        /* 24 IOAPIC pins' worth of routes reserved for userspace. */
        r = kvm_vm_enable_cap(s, KVM_CAP_SPLIT_IRQCHIP, 24);
        if (r < 0) {
            error_setg_errno(errp, -r, "kvm: kernel-irqchip=split: "
                             "KVM_CAP_SPLIT_IRQCHIP failed");
            return -1;
        }
    } else {
        r = kvm_vm_ioctl(s, KVM_CREATE_IRQCHIP, NULL);
        if (r < 0) {
            error_setg_errno(errp, -r, "kvm: KVM_CREATE_IRQCHIP failed");
            return -1;
        }
        if (kvm_check_extension(KVM_CAP_PIT2)) {
            struct kvm_pit_config pit = {
                .flags = KVM_PIT_SPEAKER_DUMMY,
            };

            r = kvm_vm_ioctl(s, KVM_CREATE_PIT2, &pit);
            if (r < 0) {
                error_setg_errno(errp, -r, "kvm: KVM_CREATE_PIT2 failed");
                return -1;
            }
            s->pit_in_kernel = true;
        }
    }
    kvm_irqchip_reset_routes(s);
    if (s->irqchip_mode == KVM_IRQCHIP_MODE_ON) {
        kvm_arch_init_irq_routing(s);
        /* Routing is needed before any vCPU exists. */
        s->routes->flags = 0;
        r = kvm_vm_ioctl(s, KVM_SET_GSI_ROUTING, s->routes);
        if (r < 0) {
            error_setg_errno(errp, -r, "kvm: KVM_SET_GSI_ROUTING failed");
            return -1;
        }
        s->routes_dirty = false;
    }
    return 0;
}

int kvm_set_irq(int gsi, int level)
{
    struct kvm_irq_level irq = { .irq = gsi, .level = level };
    int r;

    if (!kvm_irqchip_in_kernel()) {
        return -ENOSYS;
    }
    r = kvm_vm_ioctl(kvm_state, KVM_IRQ_LINE, &irq);
    return r < 0 ? r : 0;
}

int kvm_irqchip_send_msi(uint64_t addr, uint32_t data)
{
    struct kvm_msi msi = {
        .address_lo = (uint32_t)addr,
        .address_hi = addr >> 32,
        .data = data,
    };

    if (!kvm_irqchip_in_kernel()) {
        return -ENOSYS;
    }
    return kvm_vm_ioctl(kvm_state, KVM_SIGNAL_MSI, &msi);
}

static int kvm_alloc_gsi(KVMState *s)
{
    /* Above the IOAPIC pins, which fixed routes own. */
    for (unsigned g = 24; g < s->gsi_count; g++) {
        if (!gsi_used(s, g)) {
            return g;
        }
    }
    return -ENOSPC;
}

int kvm_irqchip_add_msi_route(uint64_t addr, uint32_t data, Error **errp)
{
    KVMState *s = kvm_state;
    struct kvm_irq_routing_entry e = { .type = KVM_IRQ_ROUTING_MSI };
    int gsi;

    if (!kvm_irqchip_in_kernel()) {
        error_setg(errp, "kvm: MSI routes need the in-kernel irqchip");
        return -ENOSYS;
    }
    gsi = kvm_alloc_gsi(s);
    if (gsi < 0) {
        error_setg(errp, "kvm: out of GSIs for MSI routes (%u)",
                   s->gsi_count);
        return gsi;
    }
    e.gsi = gsi;
    e.u.msi.address_lo = (uint32_t)addr;
    e.u.msi.address_hi = addr >> 32;
    e.u.msi.data = data;
    kvm_add_routing_entry(s, &e);
    return gsi;
}

int kvm_irqchip_update_msi_route(int virq, uint64_t addr, uint32_t data)
{
    KVMState *s = kvm_state;

    if (!kvm_irqchip_in_kernel()) {
        return -ENOSYS;
    }
    for (unsigned i = 0; i < s->routes->nr; i++) {
        struct kvm_irq_routing_entry *e = &s->routes->entries[i];

        if (e->gsi == (unsigned)virq && e->type == KVM_IRQ_ROUTING_MSI) {
            e->u.msi.address_lo = (uint32_t)addr;
            e->u.msi.address_hi = addr >> 32;
            e->u.msi.data = data;
            s->routes_dirty = true;
            return 0;
        }
    }
    return -ESRCH;
}

void kvm_irqchip_release_virq(int virq)
{
    KVMState *s = kvm_state;
    struct kvm_irq_routing *r;

    if (!kvm_irqchip_in_kernel()) {
        return;
    }
    r = s->routes;
    for (unsigned i = 0; i < r->nr; i++) {
        if (r->entries[i].gsi == (unsigned)virq) {
            r->entries[i] = r->entries[--r->nr];
            i--;
            s->routes_dirty = true;
        }
    }
    gsi_mark(s, virq, false);
}

static int kvm_irqfd(EventNotifier *n, EventNotifier *resample, int gsi,
                     bool assign)
{
    struct kvm_irqfd irqfd = {
        .fd = event_notifier_get_fd(n),
        .gsi = gsi,
        .flags = assign ? 0 : KVM_IRQFD_FLAG_DEASSIGN,
    };

    if (!kvm_irqchip_in_kernel() || !kvm_check_extension(KVM_CAP_IRQFD)) {
        return -ENOSYS;
    }
    if (resample && assign) {
        irqfd.flags |= KVM_IRQFD_FLAG_RESAMPLE;
        irqfd.resamplefd = event_notifier_get_fd(resample);
    }
    if (kvm_state->routes_dirty) {
        kvm_irqchip_commit_routes();
    }
    return kvm_vm_ioctl(kvm_state, KVM_IRQFD, &irqfd);
}

int kvm_irqchip_add_irqfd_notifier_gsi(EventNotifier *n,
                                       EventNotifier *resample, int gsi)
{
    return kvm_irqfd(n, resample, gsi, true);
}

int kvm_irqchip_remove_irqfd_notifier_gsi(EventNotifier *n, int gsi)
{
    return kvm_irqfd(n, NULL, gsi, false);
}

static int kvm_ioeventfd(EventNotifier *n, uint64_t addr, unsigned size,
                         bool datamatch, uint64_t data, bool assign,
                         bool pio)
{
    struct kvm_ioeventfd io = {
        .datamatch = datamatch ? data : 0,
        .addr = addr,
        .len = size,
        .fd = event_notifier_get_fd(n),
        .flags = (datamatch ? KVM_IOEVENTFD_FLAG_DATAMATCH : 0) |
                 (pio ? KVM_IOEVENTFD_FLAG_PIO : 0) |
                 (assign ? 0 : KVM_IOEVENTFD_FLAG_DEASSIGN),
    };

    if (!kvm_enabled() || !kvm_check_extension(KVM_CAP_IOEVENTFD)) {
        return -ENOSYS;
    }
    if (size != 0 && size != 1 && size != 2 && size != 4 && size != 8) {
        return -EINVAL;
    }
    return kvm_vm_ioctl(kvm_state, KVM_IOEVENTFD, &io);
}

int kvm_set_ioeventfd_mmio(EventNotifier *n, hwaddr addr, unsigned size,
                           bool datamatch, uint64_t data, bool assign)
{
    return kvm_ioeventfd(n, addr, size, datamatch, data, assign, false);
}

int kvm_set_ioeventfd_pio(EventNotifier *n, uint16_t port, unsigned size,
                          bool datamatch, uint64_t data, bool assign)
{
    return kvm_ioeventfd(n, port, size, datamatch, data, assign, true);
}
