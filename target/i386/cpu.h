/*
 * The x86 vCPU: architectural state (CPUX86State) and the X86CPU object.
 * Accelerators read and write env; migration will carry it.
 */
#ifndef TARGET_I386_CPU_H
#define TARGET_I386_CPU_H

#include "hw/core/cpu.h"

#define TYPE_X86_CPU "x86_64-cpu"
#define X86_CPU_TYPE_SUFFIX "-" TYPE_X86_CPU
#define X86_CPU_TYPE_NAME(name) (name X86_CPU_TYPE_SUFFIX)

enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI,
       R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15, CPU_NB_REGS };
enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS, R_NB_SEGS };

typedef struct SegmentCache {
    uint32_t selector;
    uint64_t base;
    uint32_t limit;
    uint32_t flags;               /* descriptor bits 8..23 of the high word */
} SegmentCache;

/* CPUID feature words, in the order of the cpuid leaves they come from. */
typedef enum FeatureWord {
    FEAT_1_EDX,                   /* CPUID[1].EDX */
    FEAT_1_ECX,                   /* CPUID[1].ECX */
    FEAT_7_0_EBX,                 /* CPUID[EAX=7,ECX=0].EBX */
    FEAT_7_0_ECX,                 /* CPUID[EAX=7,ECX=0].ECX */
    FEAT_7_0_EDX,                 /* CPUID[EAX=7,ECX=0].EDX */
    FEAT_8000_0001_EDX,           /* CPUID[8000_0001].EDX */
    FEAT_8000_0001_ECX,           /* CPUID[8000_0001].ECX */
    FEAT_XSAVE,                   /* CPUID[EAX=0xd,ECX=1].EAX */
    FEATURE_WORDS,
} FeatureWord;

typedef struct CPUX86State {
    uint64_t regs[CPU_NB_REGS];
    uint64_t eip;
    uint64_t eflags;
    SegmentCache segs[R_NB_SEGS];
    SegmentCache ldt, tr, gdt, idt;
    uint64_t cr[5];               /* cr0, cr1 (unused), cr2, cr3, cr4 */
    uint64_t cr8;
    uint64_t dr[8];
    uint64_t efer;
    uint64_t star, lstar, cstar, fmask, kernelgsbase;
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
    uint64_t pat;
    uint64_t tsc, tsc_aux, tsc_deadline;
    uint64_t apic_base;
    uint64_t misc_enable;
    uint64_t umwait_control;      /* IA32_UMWAIT_CONTROL (0xe1) */
    uint64_t xcr0;
    uint32_t a20_mask_enabled;
    /* CPUID model */
    uint32_t cpuid_level, cpuid_xlevel;
    uint32_t cpuid_vendor1, cpuid_vendor2, cpuid_vendor3;
    uint32_t cpuid_version;       /* family/model/stepping, CPUID[1].EAX */
    char cpuid_model[48];
    uint32_t features[FEATURE_WORDS];
} CPUX86State;

typedef struct X86CPU {
    CPUState parent_obj;
    CPUX86State env;
    uint32_t apic_id;
    DeviceState *apic_state;      /* the local APIC device */
    bool enforce_cpuid;
    bool check_cpuid;
    uint32_t user_features_on[FEATURE_WORDS];
    uint32_t user_features_off[FEATURE_WORDS];
} X86CPU;

typedef struct X86CPUModel X86CPUModel;

typedef struct X86CPUClass {
    CPUClass parent_class;
    const X86CPUModel *model;     /* NULL for the abstract base */
} X86CPUClass;

#define X86_CPU(obj) OBJECT_CHECK(X86CPU, (obj), TYPE_X86_CPU)
#define X86_CPU_CLASS(k) OBJECT_CLASS_CHECK(X86CPUClass, (k), TYPE_X86_CPU)
#define X86_CPU_GET_CLASS(obj) \
    OBJECT_GET_CLASS(X86CPUClass, (obj), TYPE_X86_CPU)

/* -cpu help */
void x86_cpu_list(FILE *f);
/*
 * Resolves "-cpu model,+feat,-feat,prop=val": returns the CPU type name
 * (g_free) and fills *props with the properties to apply to each CPU
 * (feature names map to bool properties). Errors name the model or
 * feature at fault.
 */
char *x86_cpu_parse_model(const char *cpu_option, JsonObject **props,
                          Error **errp);
/* Creates, configures and realizes one vCPU. */
X86CPU *x86_cpu_create(const char *type, JsonObject *props, uint32_t apic_id,
                       Error **errp);

#endif
