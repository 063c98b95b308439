/*
 * Machines: -machine TYPE selects a MachineClass ("pc", "none"); its init()
 * builds the board. The MachineState holds what the command line said.
 */
#ifndef HW_BOARDS_H
#define HW_BOARDS_H

#include "qemu/osdep.h"
#include "qom/object.h"
#include "exec/memory.h"
#include "qemu/cutils.h"

#define TYPE_MACHINE "machine"
#define TYPE_MACHINE_SUFFIX "-machine"
#define MACHINE_TYPE_NAME(name) (name TYPE_MACHINE_SUFFIX)

typedef struct CpuTopology {
    unsigned int cpus;
    unsigned int sockets;
    unsigned int dies;
    unsigned int cores;
    unsigned int threads;
    unsigned int max_cpus;
} CpuTopology;

struct MachineClass {
    ObjectClass parent_class;
    const char *name;             /* "pc" (type is name + "-machine") */
    const char *alias;
    const char *desc;
    const char *deprecation_reason;
    void (*init)(MachineState *ms);
    void (*reset)(MachineState *ms, int reason);
    int max_cpus;
    int min_cpus;
    int default_cpus;
    bool is_default;
    bool no_serial, no_parallel, no_floppy, no_cdrom, no_sdcard;
    int default_display_none;
    const char *default_cpu_type;
    uint64_t default_ram_size;
    const char *default_ram_id;
    bool smp_dies_supported;
    const char *default_machine_opts;
};

struct MachineState {
    Object parent_obj;
    /* -machine properties */
    char *dtb;
    char *dumpdtb;
    char *firmware;               /* -bios */
    char *kernel_filename;        /* -kernel */
    char *kernel_cmdline;         /* -append */
    char *initrd_filename;        /* -initrd */
    char *ram_memdev_id;          /* memory-backend= */
    char *cpu_type;               /* -cpu model (resolved type name) */
    JsonObject *cpu_props;        /* -cpu model,feat=on,... properties */
    char *cpu_model;              /* -cpu string as given */
    char *boot_order;             /* -boot order= */
    char *boot_once;
    bool boot_menu;
    bool usb;
    bool graphics;                /* false with -nographic */
    uint64_t ram_size;            /* -m size */
    uint64_t maxram_size;         /* -m maxmem */
    uint64_t ram_slots;           /* -m slots */
    MemoryRegion *ram;            /* the RAM backend's region */
    CpuTopology smp;
    AccelState *accelerator;
    int kernel_irqchip;           /* ON_OFF_AUTO_*, split below */
    bool kernel_irqchip_split;
    GPtrArray *cpus;              /* CPUState * */
};

#define MACHINE(obj) OBJECT_CHECK(MachineState, (obj), TYPE_MACHINE)
#define MACHINE_CLASS(k) OBJECT_CLASS_CHECK(MachineClass, (k), TYPE_MACHINE)
#define MACHINE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(MachineClass, (obj), TYPE_MACHINE)

/* The machine being run, NULL before it is created. */
extern MachineState *current_machine;
MachineState *qdev_get_machine_state(void);
/* "/machine" */
Object *qdev_get_machine(void);

/* query-machines and -machine help. */
GSList *machine_class_list(void);   /* MachineClass *, sorted by name */
MachineClass *machine_class_find(const char *name);   /* name or alias */

#endif
