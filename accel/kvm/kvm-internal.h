/*
 * Shared between the KVM accelerator's files (accel/kvm/) and its x86
 * part (target/i386/kvm/). Not for devices: they use system/kvm.h.
 */
#ifndef ACCEL_KVM_INTERNAL_H
#define ACCEL_KVM_INTERNAL_H

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "linux-headers/vireo-kvm.h"
#include "system/accel.h"
#include "system/kvm.h"
#include "exec/memory.h"
#include "hw/core/cpu.h"

/* One memory slot: a page-aligned run of guest RAM backed by host memory. */
typedef struct KVMSlot {
    uint32_t id;                  /* KVM slot number */
    hwaddr start;                 /* guest physical */
    uint64_t size;
    void *host;
    uint32_t flags;               /* KVM_MEM_LOG_DIRTY_PAGES, _READONLY */
    MemoryRegion *mr;
    hwaddr offset_in_mr;          /* of start, for dirty bits */
} KVMSlot;

/*
 * The slot table: any number of slots up to what KVM allows, ids reused
 * lowest first. Lookup by guest start address. The ioctl is a hook so
 * unit tests can run the bookkeeping without a VM.
 */
typedef struct KVMSlotTable {
    GHashTable *by_start;         /* hwaddr* -> KVMSlot* */
    unsigned long *used_ids;      /* bitmap over max_slots */
    unsigned max_slots;
    unsigned nr_used;
    unsigned peak;                /* most slots at once, for tests */
    int (*set_region)(void *opaque, const KVMSlot *slot, bool del);
    void *opaque;
} KVMSlotTable;

void kvm_slots_init(KVMSlotTable *t, unsigned max_slots,
                    int (*set_region)(void *, const KVMSlot *, bool),
                    void *opaque);
void kvm_slots_destroy(KVMSlotTable *t);
/*
 * The listener's view of a FlatView section: trims it to host pages and
 * adds, removes or re-flags its slot. Sub-page RAM stays unmapped (its
 * accesses exit as MMIO and are served by the memory API).
 */
int kvm_slots_add_section(KVMSlotTable *t, MemoryRegionSection *sec,
                          uint64_t page_size, Error **errp);
int kvm_slots_del_section(KVMSlotTable *t, MemoryRegionSection *sec,
                          uint64_t page_size);
KVMSlot *kvm_slots_find_section(KVMSlotTable *t, MemoryRegionSection *sec,
                                uint64_t page_size);
int kvm_slots_set_flags(KVMSlotTable *t, KVMSlot *slot, uint32_t flags);
KVMSlot *kvm_slots_by_id(KVMSlotTable *t, uint32_t id);

/* What kvm_cpu_exec returns (the values TCG's cpu_exec uses). */
#ifndef EXCP_INTERRUPT
#define EXCP_INTERRUPT  0x10000
#define EXCP_HLT        0x10001
#endif

typedef struct KVMState {
    AccelState parent_obj;
    /* properties */
    KVMIrqchipMode irqchip_mode;
    bool irqchip_mode_set;
    uint32_t dirty_ring_size;     /* entries; 0: use KVM_GET_DIRTY_LOG */
    int fail_vcpu;                /* x-fail-vcpu: test hook, -1 off */
    char *fail_step;              /* x-fail-step: create|mmap|arch|thread */
    /* the VM */
    int fd;                       /* /dev/kvm */
    int vmfd;
    int vcpu_mmap_size;
    int nr_vcpus_max;
    KVMSlotTable slots;
    MemoryListener mem_listener;
    bool manual_dirty_protect;
    bool dirty_ring_on;
    uint32_t dirty_ring_bytes;
    bool exception_payload;
    int nested_state_size;
    int xsave_size;               /* KVM_CAP_XSAVE2 size, or 4096 */
    bool has_xcrs;
    bool has_debugregs;
    bool has_vcpu_events;
    bool has_pit_state2;
    bool pit_in_kernel;
    bool cpu_pm;                  /* -overcommit cpu-pm=on applied */
    /* GSI routing */
    struct kvm_irq_routing *routes;
    unsigned nr_routes_alloc;
    unsigned long *used_gsi;
    unsigned gsi_count;
    bool routes_dirty;
    /* KVM_GET_CLOCK across stop/start */
    uint64_t clock;
    bool clock_valid;
    void *vmstate_handler;
} KVMState;

#define KVM_STATE(obj) OBJECT_CHECK(KVMState, (obj), TYPE_KVM_ACCEL)

extern KVMState *kvm_state;

/* Per-vCPU state (CPUState.accel). */
typedef struct KVMVcpu {
    int fd;
    struct kvm_run *run;
    size_t run_size;
    pthread_t pthread;
    bool dirty;                   /* env is newer than the kernel */
    bool destroy;
    /* run_on_vcpu */
    void (*work_fn)(CPUState *cpu, void *data);
    void *work_data;
    bool work_done;
    GCond work_cond;
    /* dirty ring */
    struct kvm_dirty_gfn *ring;
    uint32_t ring_next;
    /* arch */
    void *arch;
} KVMVcpu;

static inline KVMVcpu *kvm_vcpu(CPUState *cpu)
{
    return cpu->accel;
}

/* ioctl wrappers: return the ioctl's result or -errno. */
int kvm_ioctl(KVMState *s, unsigned long req, ...);
int kvm_vm_ioctl(KVMState *s, unsigned long req, ...);
int kvm_vcpu_ioctl(CPUState *cpu, unsigned long req, ...);
int kvm_vm_enable_cap(KVMState *s, unsigned cap, uint64_t arg0);

/* Runs fn on the vCPU's thread (or here if it is parked); BQL held. */
void kvm_run_on_vcpu(CPUState *cpu, void (*fn)(CPUState *, void *),
                     void *data);

/* Pulls dirty pages from the rings into the memory API's bitmaps. */
void kvm_dirty_ring_reap(KVMState *s);

/* Full state levels for put. */
#define KVM_PUT_RUNTIME_STATE 1   /* what changes while running */
#define KVM_PUT_RESET_STATE   2   /* plus MSRs, LAPIC */
#define KVM_PUT_FULL_STATE    3   /* plus TSC, nested state */

/* target/i386/kvm: the architecture hooks. */
int kvm_arch_init(KVMState *s, MachineState *ms, Error **errp);
int kvm_arch_init_vcpu(CPUState *cpu, Error **errp);
void kvm_arch_destroy_vcpu(CPUState *cpu);
void kvm_arch_reset_vcpu(CPUState *cpu);
int kvm_arch_get_registers(CPUState *cpu, Error **errp);
int kvm_arch_put_registers(CPUState *cpu, int level, Error **errp);
void kvm_arch_pre_run(CPUState *cpu, struct kvm_run *run);
void kvm_arch_post_run(CPUState *cpu, struct kvm_run *run);
/* Exits the generic loop does not know: 0 continue, >0 leave, <0 fail. */
int kvm_arch_handle_exit(CPUState *cpu, struct kvm_run *run);
/* Before running: true if the vCPU must stay halted (userspace APIC). */
bool kvm_arch_vcpu_halted(CPUState *cpu);
/* The in-kernel irqchip's GSI routing defaults (PIC + IOAPIC pins). */
void kvm_arch_init_irq_routing(KVMState *s);
/* Adds a route entry (irqchip pin or MSI); kvm-irq.c. */
void kvm_add_routing_entry(KVMState *s, struct kvm_irq_routing_entry *e);
int kvm_irqchip_init(KVMState *s, Error **errp);

#endif
