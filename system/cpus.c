/*
 * The vCPU list and the architecture-neutral CPU type. Running vCPUs is the
 * accelerator's job (AccelOpsClass); under -accel qtest nothing runs.
 */
#include "qemu/osdep.h"
#include "hw/core/cpu.h"
#include "system/accel.h"
#include "qemu/main-loop.h"
#include "qemu/atomic.h"

GPtrArray *cpu_list;

static const AccelOpsClass *cpus_accel_ops(void)
{
    AccelState *accel = current_accel();

    return accel ? ACCEL_GET_CLASS(accel)->ops : NULL;
}

CPUState *qemu_get_cpu(int index)
{
    if (!cpu_list || index < 0 || (guint)index >= cpu_list->len) {
        return NULL;
    }
    return g_ptr_array_index(cpu_list, index);
}

CPUState *cpu_by_arch_id(int64_t id)
{
    CPUState *cpu;

    if (!cpu_list) {
        return NULL;
    }
    CPU_FOREACH(cpu) {
        CPUClass *cc = CPU_GET_CLASS(cpu);
        if (cc->get_arch_id && cc->get_arch_id(cpu) == id) {
            return cpu;
        }
    }
    return NULL;
}

void qemu_cpu_kick(CPUState *cpu)
{
    const AccelOpsClass *ops = cpus_accel_ops();

    qatomic_set(&cpu->exit_request, 1);
    if (ops && ops->kick_vcpu_thread) {
        ops->kick_vcpu_thread(cpu);
    }
}

void cpu_interrupt(CPUState *cpu, int mask)
{
    __atomic_fetch_or(&cpu->interrupt_request, mask, __ATOMIC_SEQ_CST);
    qemu_cpu_kick(cpu);
}

void cpu_reset_interrupt(CPUState *cpu, int mask)
{
    __atomic_fetch_and(&cpu->interrupt_request, ~mask, __ATOMIC_SEQ_CST);
}

static void cpu_synchronize_post_reset(CPUState *cpu);

void cpu_reset(CPUState *cpu)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);

    cpu->interrupt_request = 0;
    cpu->halted = false;
    cpu->exception_index = -1;
    if (cc->reset) {
        cc->reset(cpu);
    }
    cpu_synchronize_post_reset(cpu);
}

/* The accelerator keeps its own copy of the registers (KVM). */
static void cpu_synchronize_post_reset(CPUState *cpu)
{
    const AccelOpsClass *ops = cpus_accel_ops();

    if (ops && ops->synchronize_post_reset) {
        ops->synchronize_post_reset(cpu);
    }
}

void cpu_synchronize_state(CPUState *cpu)
{
    const AccelOpsClass *ops = cpus_accel_ops();

    if (ops && ops->synchronize_state) {
        ops->synchronize_state(cpu);
    }
}

void cpu_synchronize_post_init(CPUState *cpu)
{
    const AccelOpsClass *ops = cpus_accel_ops();

    if (ops && ops->synchronize_post_init) {
        ops->synchronize_post_init(cpu);
    }
}

static __thread CPUState *current_cpu_tls;
static GCond qemu_pause_cond;

CPUState *current_cpu_get(void)
{
    return current_cpu_tls;
}

void current_cpu_set(CPUState *cpu)
{
    current_cpu_tls = cpu;
}

void qemu_cpu_stopped_notify(void)
{
    g_cond_broadcast(&qemu_pause_cond);
}

/* vCPUs without a thread (qtest) count as stopped. */
static bool all_vcpus_paused(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        if (cpu->thread && !cpu->stopped && !qemu_cpu_is_self(cpu)) {
            return false;
        }
    }
    return true;
}

bool qemu_cpu_is_self(CPUState *cpu)
{
    return current_cpu_tls == cpu;
}

void pause_all_vcpus(void)
{
    CPUState *cpu;

    if (!cpu_list) {
        return;
    }
    CPU_FOREACH(cpu) {
        cpu->stop = true;
        qemu_cpu_kick(cpu);
    }
    if (current_cpu_tls) {
        /* A vCPU stopping the VM stops itself now; waiting for the others
         * from here could deadlock with one doing the same. */
        current_cpu_tls->stopped = true;
        return;
    }
    /* vCPU threads must be out of guest mode before state is touched. */
    while (bql_locked() && !all_vcpus_paused()) {
        qemu_cond_wait_bql(&qemu_pause_cond);
    }
}

void resume_all_vcpus(void)
{
    CPUState *cpu;

    if (!cpu_list) {
        return;
    }
    CPU_FOREACH(cpu) {
        cpu->stop = false;
        cpu->stopped = false;
        g_cond_broadcast(&cpu->halt_cond);
    }
}

static void cpu_common_realize(DeviceState *dev, Error **errp)
{
    CPUState *cpu = CPU(dev);
    const AccelOpsClass *ops = cpus_accel_ops();

    if (!cpu_list) {
        cpu_list = g_ptr_array_new();
    }
    cpu->cpu_index = cpu_list->len;
    cpu->thread_id = gettid();
    g_ptr_array_add(cpu_list, cpu);
    if (ops && ops->create_vcpu_thread &&
        !ops->create_vcpu_thread(cpu, errp)) {
        g_ptr_array_remove(cpu_list, cpu);
        return;
    }
    cpu->created = true;
}

static void cpu_common_reset(DeviceState *dev)
{
    cpu_reset(CPU(dev));
}

static void cpu_common_init(Object *obj)
{
    CPUState *cpu = CPU(obj);

    cpu->exception_index = -1;
    g_cond_init(&cpu->halt_cond);
}

static void cpu_common_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = cpu_common_realize;
    dc->reset = cpu_common_reset;
    dc->user_creatable = false;
    device_class_set_categories(dc, DEVICE_CATEGORY_CPU);
}

static const TypeInfo cpu_type_info = {
    .name = TYPE_CPU,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(CPUState),
    .instance_init = cpu_common_init,
    .abstract = true,
    .class_size = sizeof(CPUClass),
    .class_init = cpu_common_class_init,
};

static void cpu_register_types(void)
{
    type_register_static(&cpu_type_info);
}

type_init(cpu_register_types)
