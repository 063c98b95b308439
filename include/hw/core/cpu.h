/*
 * Architecture-neutral part of a vCPU. target/i386/cpu.h embeds it in
 * X86CPU.
 */
#ifndef HW_CORE_CPU_H
#define HW_CORE_CPU_H

#include "hw/qdev-core.h"

#define TYPE_CPU "cpu"

struct CPUState {
    DeviceState parent_obj;
    int cpu_index;                /* 0.. in creation order */
    int64_t thread_id;            /* host tid of its thread */
    GThread *thread;
    bool created;
    bool stop;                    /* asked to stop */
    bool stopped;
    bool halted;                  /* HLT: waiting for an interrupt */
    bool unplug;
    volatile int exit_request;
    uint32_t interrupt_request;   /* CPU_INTERRUPT_* */
    int32_t exception_index;
    int socket_id, die_id, core_id, thread_id_in_core;
    void *accel;                  /* accelerator's per-vCPU state */
    GCond halt_cond;
};

#define CPU_INTERRUPT_HARD   0x0002  /* external interrupt pending */
#define CPU_INTERRUPT_EXITTB 0x0004
#define CPU_INTERRUPT_HALT   0x0020
#define CPU_INTERRUPT_NMI    0x0200
#define CPU_INTERRUPT_INIT   0x0400
#define CPU_INTERRUPT_SIPI   0x0800
#define CPU_INTERRUPT_SMI    0x1000
#define CPU_INTERRUPT_MCE    0x2000

typedef struct CPUClass {
    DeviceClass parent_class;
    /* "info registers" */
    void (*dump_state)(CPUState *cpu, GString *out, int flags);
    /* Architectural id used by query-cpus-fast "props". */
    int64_t (*get_arch_id)(CPUState *cpu);
    /* qom-type suffix etc. */
    const char *target_name;
    void (*reset)(CPUState *cpu);
} CPUClass;

#define CPU(obj) OBJECT_CHECK(CPUState, (obj), TYPE_CPU)
#define CPU_CLASS(k) OBJECT_CLASS_CHECK(CPUClass, (k), TYPE_CPU)
#define CPU_GET_CLASS(obj) OBJECT_GET_CLASS(CPUClass, (obj), TYPE_CPU)

/* All vCPUs, in cpu_index order. */
extern GPtrArray *cpu_list;
#define CPU_FOREACH(cpu) \
    for (guint _ci = 0; _ci < cpu_list->len && \
         ((cpu) = g_ptr_array_index(cpu_list, _ci), 1); _ci++)
CPUState *qemu_get_cpu(int index);
CPUState *cpu_by_arch_id(int64_t id);

void cpu_interrupt(CPUState *cpu, int mask);
void cpu_reset_interrupt(CPUState *cpu, int mask);
void cpu_reset(CPUState *cpu);
void qemu_cpu_kick(CPUState *cpu);
/* Starts/stops all vCPU threads (vm_start / vm_stop). */
void resume_all_vcpus(void);
void pause_all_vcpus(void);
bool qemu_cpu_is_self(CPUState *cpu);
CPUState *current_cpu_get(void);
/* A vCPU thread names itself (NULL on other threads). */
void current_cpu_set(CPUState *cpu);
/* A vCPU thread that has set cpu->stopped tells pause_all_vcpus(). */
void qemu_cpu_stopped_notify(void);
/* Accelerator state sync (no-ops where the accelerator keeps none). */
void cpu_synchronize_state(CPUState *cpu);
void cpu_synchronize_post_init(CPUState *cpu);

#endif
