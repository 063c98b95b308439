/*
 * Accelerators (tcg, kvm, qtest) behind one interface. -accel NAME[,props]
 * or -machine accel=a:b:c picks the first that initialises.
 */
#ifndef SYSTEM_ACCEL_H
#define SYSTEM_ACCEL_H

#include "qemu/osdep.h"
#include "qom/object.h"

#define TYPE_ACCEL "accel"
#define ACCEL_CLASS_SUFFIX "-accel"
#define ACCEL_CLASS_NAME(a) (a ACCEL_CLASS_SUFFIX)

struct AccelState {
    Object parent_obj;
};

typedef struct AccelOpsClass AccelOpsClass;

typedef struct AccelClass {
    ObjectClass parent_class;
    const char *name;
    /* Creates the VM (KVM_CREATE_VM, TB cache, ...); may fail. */
    int (*init_machine)(MachineState *ms, Error **errp);
    bool (*has_memory)(MachineState *ms, AddressSpace *as, hwaddr start,
                       hwaddr size);
    /* "not yet available" accelerators set this to refuse with a reason. */
    const char *unavailable_reason;
    const AccelOpsClass *ops;
} AccelClass;

/* What the accelerator does with vCPUs. */
struct AccelOpsClass {
    /* Creates the vCPU and its thread. */
    bool (*create_vcpu_thread)(CPUState *cpu, Error **errp);
    void (*kick_vcpu_thread)(CPUState *cpu);
    void (*destroy_vcpu_thread)(CPUState *cpu);
    /* Pulls register state from / pushes it to the accelerator. */
    void (*synchronize_state)(CPUState *cpu);
    void (*synchronize_post_reset)(CPUState *cpu);
    void (*synchronize_post_init)(CPUState *cpu);
    bool (*cpus_are_resettable)(void);
    int64_t (*get_virtual_clock)(void);
};

#define ACCEL_CLASS(k) OBJECT_CLASS_CHECK(AccelClass, (k), TYPE_ACCEL)
#define ACCEL_GET_CLASS(obj) OBJECT_GET_CLASS(AccelClass, (obj), TYPE_ACCEL)

AccelState *current_accel(void);
const char *current_accel_name(void);
bool accel_is(const char *name);        /* "kvm", "tcg", "qtest" */
/* Instantiates, applies props (from -accel x,k=v), runs init_machine. */
AccelState *accel_init(const char *name, JsonObject *props, MachineState *ms,
                       Error **errp);

#endif
