/*
 * The KVM accelerator: /dev/kvm, the VM, its capabilities and properties
 * (-accel kvm,kernel-irqchip=on|off|split,dirty-ring-size=N), and the
 * ioctl wrappers the other files use. Memory slots are in kvm-memslots.c,
 * vCPU threads in kvm-vcpu.c, interrupts in kvm-irq.c, x86 state in
 * target/i386/kvm/.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "accel/kvm/kvm-internal.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/cutils.h"
#include "hw/boards.h"
#include "system/runstate.h"
#include "system/vl-internal.h"
#include <sys/ioctl.h>

KVMState *kvm_state;

bool kvm_enabled(void)
{
    return kvm_state != NULL && kvm_state->vmfd >= 0;
}

bool kvm_irqchip_in_kernel(void)
{
    return kvm_enabled() && kvm_state->irqchip_mode != KVM_IRQCHIP_MODE_OFF;
}

bool kvm_irqchip_is_split(void)
{
    return kvm_enabled() &&
           kvm_state->irqchip_mode == KVM_IRQCHIP_MODE_SPLIT;
}

bool kvm_ioapic_in_kernel(void)
{
    return kvm_enabled() && kvm_state->irqchip_mode == KVM_IRQCHIP_MODE_ON;
}

bool kvm_pit_in_kernel(void)
{
    return kvm_enabled() && kvm_state->pit_in_kernel;
}

/* ------------------------------------------------------------------ */
/* ioctls                                                              */

static int do_ioctl(int fd, unsigned long req, void *arg)
{
    int r = ioctl(fd, req, arg);

    return r < 0 ? -errno : r;
}

int kvm_ioctl(KVMState *s, unsigned long req, ...)
{
    va_list ap;
    void *arg;

    va_start(ap, req);
    arg = va_arg(ap, void *);
    va_end(ap);
    return do_ioctl(s->fd, req, arg);
}

int kvm_vm_ioctl(KVMState *s, unsigned long req, ...)
{
    va_list ap;
    void *arg;

    va_start(ap, req);
    arg = va_arg(ap, void *);
    va_end(ap);
    return do_ioctl(s->vmfd, req, arg);
}

int kvm_vcpu_ioctl(CPUState *cpu, unsigned long req, ...)
{
    va_list ap;
    void *arg;

    va_start(ap, req);
    arg = va_arg(ap, void *);
    va_end(ap);
    return do_ioctl(kvm_vcpu(cpu)->fd, req, arg);
}

int kvm_vm_enable_cap(KVMState *s, unsigned cap, uint64_t arg0)
{
    struct kvm_enable_cap ec = { .cap = cap, .args = { arg0 } };

    return kvm_vm_ioctl(s, KVM_ENABLE_CAP, &ec);
}

int kvm_check_extension(unsigned int cap)
{
    int r;

    if (!kvm_state) {
        return 0;
    }
    if (kvm_state->vmfd >= 0) {
        r = do_ioctl(kvm_state->vmfd, KVM_CHECK_EXTENSION,
                     (void *)(uintptr_t)cap);
    } else {
        r = do_ioctl(kvm_state->fd, KVM_CHECK_EXTENSION,
                     (void *)(uintptr_t)cap);
    }
    return r < 0 ? 0 : r;
}

/* ------------------------------------------------------------------ */
/* Host probing (also for query-kvm without -accel kvm)                */

bool kvm_host_available(char **reason)
{
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    int v;

    if (fd < 0) {
        if (reason) {
            *reason = g_strdup_printf("Could not access KVM kernel module: "
                                      "%s", strerror(errno));
        }
        return false;
    }
    v = ioctl(fd, KVM_GET_API_VERSION, 0);
    close(fd);
    if (v != KVM_API_VERSION) {
        if (reason) {
            *reason = g_strdup_printf("kvm version (%d) is not supported "
                                      "(need %d)", v, KVM_API_VERSION);
        }
        return false;
    }
    return true;
}

/* Capabilities without which Vireo's KVM support cannot work at all. */
static const struct {
    unsigned cap;
    const char *name;
} kvm_required_caps[] = {
    { KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY" },
    { KVM_CAP_DESTROY_MEMORY_REGION_WORKS,
      "KVM_CAP_DESTROY_MEMORY_REGION_WORKS" },
    { KVM_CAP_JOIN_MEMORY_REGIONS_WORKS, "KVM_CAP_JOIN_MEMORY_REGIONS_WORKS" },
    { KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT" },
    { KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID" },
    { KVM_CAP_SET_TSS_ADDR, "KVM_CAP_SET_TSS_ADDR" },
    { KVM_CAP_MP_STATE, "KVM_CAP_MP_STATE" },
};

static int kvm_set_user_region(void *opaque, const KVMSlot *slot, bool del)
{
    KVMState *s = opaque;
    struct kvm_userspace_memory_region r = {
        .slot = slot->id,
        .flags = del ? 0 : slot->flags,
        .guest_phys_addr = slot->start,
        .memory_size = del ? 0 : slot->size,
        .userspace_addr = (uintptr_t)slot->host,
    };

    return kvm_vm_ioctl(s, KVM_SET_USER_MEMORY_REGION, &r);
}

void kvm_memory_listener_register(KVMState *s);

static void kvm_vm_state_change(void *opaque, bool running, RunState state)
{
    KVMState *s = opaque;
    struct kvm_clock_data data = { 0 };

    /* The guest's clock does not run while the VM is stopped. */
    if (!running) {
        if (!s->clock_valid &&
            kvm_vm_ioctl(s, KVM_GET_CLOCK, &data) == 0) {
            s->clock = data.clock;
            s->clock_valid = true;
        }
        return;
    }
    if (s->clock_valid) {
        data.clock = s->clock;
        kvm_vm_ioctl(s, KVM_SET_CLOCK, &data);
        s->clock_valid = false;
    }
}

static int kvm_create_vm(KVMState *s, Error **errp)
{
    int r;

    do {
        r = do_ioctl(s->fd, KVM_CREATE_VM, 0);
    } while (r == -EINTR);
    if (r < 0) {
        error_setg_errno(errp, -r, "failed to initialize kvm: "
                         "KVM_CREATE_VM failed");
        if (r == -EINVAL) {
            error_append_hint(errp, "the host kernel may not support this "
                              "VM type\n");
        } else if (r == -ENOMEM) {
            error_append_hint(errp, "the host is out of memory\n");
        }
        return r;
    }
    s->vmfd = r;
    return 0;
}

static int kvm_setup_dirty_tracking(KVMState *s, Error **errp)
{
    int r;

    if (s->dirty_ring_size) {
        unsigned cap = KVM_CAP_DIRTY_LOG_RING_ACQ_REL;
        int max = kvm_check_extension(cap);

        if (!max) {
            cap = KVM_CAP_DIRTY_LOG_RING;
            max = kvm_check_extension(cap);
        }
        s->dirty_ring_bytes = s->dirty_ring_size * sizeof(struct kvm_dirty_gfn);
        if (!max) {
            error_setg(errp, "kvm: dirty-ring-size=%u: the host does not "
                       "offer the dirty ring (KVM_CAP_DIRTY_LOG_RING)",
                       s->dirty_ring_size);
            return -1;
        }
        if (s->dirty_ring_size & (s->dirty_ring_size - 1) ||
            s->dirty_ring_bytes < qemu_real_host_page_size ||
            s->dirty_ring_bytes > (unsigned)max) {
            error_setg(errp, "kvm: dirty-ring-size=%u: must be a power of "
                       "two between %zu and %zu entries",
                       s->dirty_ring_size,
                       (size_t)qemu_real_host_page_size /
                       sizeof(struct kvm_dirty_gfn),
                       (size_t)max / sizeof(struct kvm_dirty_gfn));
            return -1;
        }
        r = kvm_vm_enable_cap(s, cap, s->dirty_ring_bytes);
        if (r < 0) {
            error_setg_errno(errp, -r, "kvm: enabling the dirty ring failed");
            return -1;
        }
        s->dirty_ring_on = true;
        return 0;
    }
    if (kvm_check_extension(KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2) &
        KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE) {
        /* Clearing is explicit (KVM_CLEAR_DIRTY_LOG) after each sync. */
        s->manual_dirty_protect =
            kvm_vm_enable_cap(s, KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2,
                              KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE) == 0;
    }
    return 0;
}

/* -overcommit cpu-pm=on: the guest's HLT, MWAIT and PAUSE stay in it. */
static int kvm_setup_cpu_pm(KVMState *s, Error **errp)
{
    int avail, want, r;

    if (!vl_overcommit.cpu_pm) {
        return 0;
    }
    avail = kvm_check_extension(KVM_CAP_X86_DISABLE_EXITS);
    want = KVM_X86_DISABLE_EXITS_HLT | KVM_X86_DISABLE_EXITS_PAUSE;
    if ((avail & want) != want) {
        error_setg(errp, "-overcommit cpu-pm=on: the host cannot let the "
                   "guest run HLT and PAUSE without exits "
                   "(KVM_CAP_X86_DISABLE_EXITS offers 0x%x, needs 0x%x)",
                   avail, want);
        return -1;
    }
    want |= avail & (KVM_X86_DISABLE_EXITS_MWAIT |
                     KVM_X86_DISABLE_EXITS_CSTATE);
    r = kvm_vm_enable_cap(s, KVM_CAP_X86_DISABLE_EXITS, want);
    if (r < 0) {
        error_setg_errno(errp, -r, "-overcommit cpu-pm=on: "
                         "KVM_CAP_X86_DISABLE_EXITS failed");
        return -1;
    }
    s->cpu_pm = true;
    return 0;
}

static void kvm_close(KVMState *s)
{
    if (s->vmfd >= 0) {
        close(s->vmfd);
        s->vmfd = -1;
    }
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
}

static int kvm_init_machine(MachineState *ms, Error **errp)
{
    /* accel_init created the object just before this; find it. */
    KVMState *s = kvm_state;
    int r;

    if (!s) {
        error_setg(errp, "kvm: no accelerator object");
        return -1;
    }
    s->fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (s->fd < 0) {
        error_setg_errno(errp, errno, "Could not access KVM kernel module");
        error_append_hint(errp, "failed to initialize kvm\n");
        goto fail;
    }
    r = do_ioctl(s->fd, KVM_GET_API_VERSION, 0);
    if (r != KVM_API_VERSION) {
        error_setg(errp, "kvm version (%d) is not supported (need %d)", r,
                   KVM_API_VERSION);
        goto fail;
    }
    for (size_t i = 0; i < ARRAY_SIZE(kvm_required_caps); i++) {
        if (!kvm_check_extension(kvm_required_caps[i].cap)) {
            error_setg(errp, "kvm: the host lacks %s, which Vireo needs",
                       kvm_required_caps[i].name);
            goto fail;
        }
    }
    if (kvm_create_vm(s, errp) < 0) {
        goto fail;
    }
    s->vcpu_mmap_size = do_ioctl(s->fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (s->vcpu_mmap_size < (int)sizeof(struct kvm_run)) {
        error_setg(errp, "kvm: KVM_GET_VCPU_MMAP_SIZE returned %d",
                   s->vcpu_mmap_size);
        goto fail;
    }
    s->nr_vcpus_max = kvm_check_extension(KVM_CAP_MAX_VCPUS);
    if (!s->nr_vcpus_max) {
        s->nr_vcpus_max = kvm_check_extension(KVM_CAP_NR_VCPUS);
    }
    if (!s->nr_vcpus_max) {
        s->nr_vcpus_max = 4;
    }
    if (ms && ms->smp.max_cpus > (unsigned)s->nr_vcpus_max) {
        error_setg(errp, "kvm: the number of CPUs (%u) exceeds the "
                   "host's maximum of %d vCPUs per VM",
                   ms->smp.max_cpus, s->nr_vcpus_max);
        goto fail;
    }
    s->has_xcrs = kvm_check_extension(KVM_CAP_XCRS);
    s->has_debugregs = kvm_check_extension(KVM_CAP_DEBUGREGS);
    s->has_vcpu_events = kvm_check_extension(KVM_CAP_VCPU_EVENTS);
    s->has_pit_state2 = kvm_check_extension(KVM_CAP_PIT_STATE2);
    s->nested_state_size = kvm_check_extension(KVM_CAP_NESTED_STATE);
    s->xsave_size = kvm_check_extension(KVM_CAP_XSAVE2);
    if (s->xsave_size < (int)sizeof(struct kvm_xsave)) {
        s->xsave_size = kvm_check_extension(KVM_CAP_XSAVE) ?
                        (int)sizeof(struct kvm_xsave) : 0;
    }
    if (kvm_check_extension(KVM_CAP_EXCEPTION_PAYLOAD)) {
        s->exception_payload =
            kvm_vm_enable_cap(s, KVM_CAP_EXCEPTION_PAYLOAD, 1) == 0;
    }
    {
        int nslots = kvm_check_extension(KVM_CAP_NR_MEMSLOTS);

        kvm_slots_init(&s->slots, nslots > 0 ? nslots : 32,
                       kvm_set_user_region, s);
    }
    if (kvm_setup_dirty_tracking(s, errp) < 0 ||
        kvm_setup_cpu_pm(s, errp) < 0 ||
        kvm_arch_init(s, ms, errp) < 0 ||
        kvm_irqchip_init(s, errp) < 0) {
        goto fail;
    }
    kvm_memory_listener_register(s);
    s->vmstate_handler = qemu_add_vm_change_state_handler(
        kvm_vm_state_change, s);
    return 0;

fail:
    if (s->slots.by_start) {
        kvm_slots_destroy(&s->slots);
    }
    kvm_close(s);
    kvm_state = NULL;
    return -1;
}

/* ------------------------------------------------------------------ */
/* Properties                                                          */

static const char *const irqchip_names[] = { "on", "split", "off" };

static char *kvm_get_kernel_irqchip(Object *obj, Error **errp)
{
    return g_strdup(irqchip_names[KVM_STATE(obj)->irqchip_mode]);
}

static void kvm_set_kernel_irqchip(Object *obj, const char *value,
                                   Error **errp)
{
    KVMState *s = KVM_STATE(obj);
    bool b;

    for (int i = 0; i < 3; i++) {
        if (!strcmp(value, irqchip_names[i])) {
            s->irqchip_mode = i;
            s->irqchip_mode_set = true;
            return;
        }
    }
    if (qemu_parse_bool(value, &b)) {
        s->irqchip_mode = b ? KVM_IRQCHIP_MODE_ON : KVM_IRQCHIP_MODE_OFF;
        s->irqchip_mode_set = true;
        return;
    }
    error_setg(errp, "Parameter 'kernel-irqchip' does not accept value "
               "'%s' (on, off or split)", value);
}

static char *kvm_get_dirty_ring_size(Object *obj, Error **errp)
{
    return g_strdup_printf("%u", KVM_STATE(obj)->dirty_ring_size);
}

static void kvm_set_dirty_ring_size(Object *obj, const char *value,
                                    Error **errp)
{
    uint64_t v;

    if (qemu_strtou64(value, NULL, 0, &v) < 0 || v > UINT32_MAX) {
        error_setg(errp, "Parameter 'dirty-ring-size' expects a number of "
                   "entries");
        return;
    }
    KVM_STATE(obj)->dirty_ring_size = v;
}

static char *kvm_get_fail_vcpu(Object *obj, Error **errp)
{
    return g_strdup_printf("%d", KVM_STATE(obj)->fail_vcpu);
}

static void kvm_set_fail_vcpu(Object *obj, const char *value, Error **errp)
{
    int64_t v;

    if (qemu_strtoi64(value, NULL, 0, &v) < 0 || v < -1 || v > INT_MAX) {
        error_setg(errp, "Parameter 'x-fail-vcpu' expects a vCPU index");
        return;
    }
    KVM_STATE(obj)->fail_vcpu = v;
}

static char *kvm_get_fail_step(Object *obj, Error **errp)
{
    return g_strdup(KVM_STATE(obj)->fail_step ? KVM_STATE(obj)->fail_step
                                              : "create");
}

static void kvm_set_fail_step(Object *obj, const char *value, Error **errp)
{
    static const char *const steps[] = { "create", "mmap", "arch",
                                         "thread", NULL };

    if (!g_strv_contains(steps, value)) {
        error_setg(errp, "Parameter 'x-fail-step' expects create, mmap, "
                   "arch or thread");
        return;
    }
    g_free(KVM_STATE(obj)->fail_step);
    KVM_STATE(obj)->fail_step = g_strdup(value);
}

static void kvm_accel_instance_init(Object *obj)
{
    KVMState *s = KVM_STATE(obj);

    s->fd = -1;
    s->vmfd = -1;
    s->irqchip_mode = KVM_IRQCHIP_MODE_ON;
    s->fail_vcpu = -1;
    /* One accelerator per process; init_machine finds it here. */
    kvm_state = s;
}

static void kvm_accel_instance_finalize(Object *obj)
{
    KVMState *s = KVM_STATE(obj);

    g_free(s->fail_step);
    if (kvm_state == s) {
        kvm_close(s);
        kvm_state = NULL;
    }
}

extern const AccelOpsClass kvm_accel_ops;

static void kvm_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "kvm";
    ac->init_machine = kvm_init_machine;
    ac->ops = &kvm_accel_ops;
    object_class_property_add_str(oc, "kernel-irqchip",
                                  kvm_get_kernel_irqchip,
                                  kvm_set_kernel_irqchip);
    object_class_property_set_description(oc, "kernel-irqchip",
        "Configure KVM in-kernel irqchip (on, off, split)");
    object_class_property_add_str(oc, "dirty-ring-size",
                                  kvm_get_dirty_ring_size,
                                  kvm_set_dirty_ring_size);
    object_class_property_set_description(oc, "dirty-ring-size",
        "Size of KVM dirty page ring buffer (default: 0, i.e. use bitmap)");
    object_class_property_add_str(oc, "x-fail-vcpu", kvm_get_fail_vcpu,
                                  kvm_set_fail_vcpu);
    object_class_property_set_description(oc, "x-fail-vcpu",
        "Testing: make creating this vCPU fail");
    object_class_property_add_str(oc, "x-fail-step", kvm_get_fail_step,
                                  kvm_set_fail_step);
    object_class_property_set_description(oc, "x-fail-step",
        "Testing: the step of x-fail-vcpu that fails");
}

static const TypeInfo kvm_accel_type = {
    .name = TYPE_KVM_ACCEL,
    .parent = TYPE_ACCEL,
    .instance_size = sizeof(KVMState),
    .instance_init = kvm_accel_instance_init,
    .instance_finalize = kvm_accel_instance_finalize,
    .class_init = kvm_accel_class_init,
};

static void kvm_accel_register_types(void)
{
    type_register_static(&kvm_accel_type);
}

type_init(kvm_accel_register_types)
