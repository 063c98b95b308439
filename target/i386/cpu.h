/*
 * The x86 vCPU: architectural state (CPUX86State) and the X86CPU object.
 * Accelerators read and write env; migration will carry it.
 */
#ifndef TARGET_I386_CPU_H
#define TARGET_I386_CPU_H

#include "hw/core/cpu.h"
#include "exec/cpu-tlb.h"

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

/* An SSE/AVX register (AVX-512 would widen it). */
typedef union X86XMMReg {
    uint8_t b[32];
    uint16_t w[16];
    uint32_t l[8];
    uint64_t q[4];
    float f[8];
    double d[4];
} X86XMMReg;

/* An x87 register: 64-bit significand and sign+exponent (80 bits). */
typedef struct X86FPReg {
    uint64_t mant;                /* also the MMX register */
    uint16_t exp;                 /* sign in bit 15 */
    uint16_t pad[3];
} X86FPReg;

/*
 * hflags: mode bits derived from CRs, EFER, segments and EFLAGS, kept
 * up to date by every helper that changes those (x86_update_hflags()),
 * and part of a TB's flags, so translated code can assume them.
 */
#define HF_CPL_SHIFT      0       /* 2 bits: current privilege level */
#define HF_CPL_MASK       (3u << HF_CPL_SHIFT)
#define HF_INHIBIT_IRQ    (1u << 3)   /* MOV SS / STI shadow */
#define HF_CS32           (1u << 4)   /* CS.D: 32-bit code */
#define HF_SS32           (1u << 5)   /* SS.B: 32-bit stack */
#define HF_ADDSEG         (1u << 6)   /* DS/ES/SS base may be non-zero */
#define HF_PE             (1u << 7)   /* CR0.PE */
#define HF_TF             (1u << 8)   /* EFLAGS.TF */
#define HF_MP             (1u << 9)   /* CR0.MP */
#define HF_EM             (1u << 10)  /* CR0.EM */
#define HF_TS             (1u << 11)  /* CR0.TS */
#define HF_IOPL_SHIFT     12          /* 2 bits: EFLAGS.IOPL */
#define HF_LMA            (1u << 14)  /* EFER.LMA: long mode active */
#define HF_CS64           (1u << 15)  /* CS.L in long mode: 64-bit code */
#define HF_RF             (1u << 16)  /* EFLAGS.RF */
#define HF_VM             (1u << 17)  /* EFLAGS.VM: virtual-8086 */
#define HF_AC             (1u << 18)  /* EFLAGS.AC */
#define HF_SMM            (1u << 19)
#define HF_OSFXSR         (1u << 20)  /* CR4.OSFXSR */
#define HF_SMAP           (1u << 21)  /* CR4.SMAP */
#define HF_UMIP           (1u << 22)  /* CR4.UMIP */
#define HF_PKRU           (1u << 23)  /* CR4.PKE */
#define HF_AVX_EN         (1u << 24)  /* XCR0 SSE|AVX and CR4.OSXSAVE */
#define HF_FSGSBASE       (1u << 25)  /* CR4.FSGSBASE */
#define HF_PG             (1u << 26)  /* CR0.PG */
#define HF_WP             (1u << 27)  /* CR0.WP */
#define HF_OSXSAVE        (1u << 28)  /* CR4.OSXSAVE */
#define HF_AM             (1u << 29)  /* CR0.AM */

/* hflags2: not part of TB flags */
#define HF2_GIF           (1u << 0)
#define HF2_NMI           (1u << 1)   /* NMI blocked until IRET */
#define HF2_VINTR         (1u << 2)

/*
 * Soft-TLB indices (exec/cpu-tlb.h): supervisor accesses with SMAP
 * checks, user accesses, supervisor accesses that bypass SMAP (implicit
 * supervisor accesses such as descriptor tables, or EFLAGS.AC set), and
 * physical (paging off / page walker).
 */
#define MMU_KSMAP_IDX   0
#define MMU_USER_IDX    1
#define MMU_KNOSMAP_IDX 2
#define MMU_PHYS_IDX    3

/* cc_op values: the lazy flags representation (target/i386/tcg/). */
typedef enum CCOp {
    CC_OP_DYNAMIC,   /* must compute from env->cc_op at run time */
    CC_OP_EFLAGS,    /* cc_src holds the flags (O S Z A P C bits) */
    CC_OP_MULB, CC_OP_MULW, CC_OP_MULL, CC_OP_MULQ,
    CC_OP_ADDB, CC_OP_ADDW, CC_OP_ADDL, CC_OP_ADDQ,
    CC_OP_ADCB, CC_OP_ADCW, CC_OP_ADCL, CC_OP_ADCQ,
    CC_OP_SUBB, CC_OP_SUBW, CC_OP_SUBL, CC_OP_SUBQ,
    CC_OP_SBBB, CC_OP_SBBW, CC_OP_SBBL, CC_OP_SBBQ,
    CC_OP_LOGICB, CC_OP_LOGICW, CC_OP_LOGICL, CC_OP_LOGICQ,
    CC_OP_INCB, CC_OP_INCW, CC_OP_INCL, CC_OP_INCQ,
    CC_OP_DECB, CC_OP_DECW, CC_OP_DECL, CC_OP_DECQ,
    CC_OP_SHLB, CC_OP_SHLW, CC_OP_SHLL, CC_OP_SHLQ,
    CC_OP_SARB, CC_OP_SARW, CC_OP_SARL, CC_OP_SARQ,
    CC_OP_BMILGB, CC_OP_BMILGW, CC_OP_BMILGL, CC_OP_BMILGQ,
    CC_OP_ADCX, CC_OP_ADOX, CC_OP_ADCOX,
    CC_OP_CLR,       /* Z and P set, rest clear */
    CC_OP_POPCNT,
    CC_OP_NB,
} CCOp;

/* EFLAGS bits */
#define CC_C   0x0001
#define CC_P   0x0004
#define CC_A   0x0010
#define CC_Z   0x0040
#define CC_S   0x0080
#define CC_O   0x0800
#define TF_MASK   0x00000100
#define IF_MASK   0x00000200
#define DF_MASK   0x00000400
#define IOPL_MASK 0x00003000
#define NT_MASK   0x00004000
#define RF_MASK   0x00010000
#define VM_MASK   0x00020000
#define AC_MASK   0x00040000
#define VIF_MASK  0x00080000
#define VIP_MASK  0x00100000
#define ID_MASK   0x00200000

/* Variable-range MTRRs */
#define X86_MTRR_VAR_COUNT 8
#define X86_MTRR_FIXED_COUNT 11
#define X86_MCE_BANKS 10

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

    /* --- Execution state used by TCG (accel/tcg, target/i386/tcg). --- */
    /* Lazy flags: eflags holds only the non-arithmetic bits while
     * running translated code; cc_op/cc_* describe O S Z A P C. */
    uint64_t cc_dst, cc_src, cc_src2;
    uint32_t cc_op;               /* CCOp */
    int32_t df;                   /* 1 or -1 (EFLAGS.DF) */
    uint32_t hflags, hflags2;
    uint64_t a20_mask;            /* ~(1 << 20) when A20 is off */
    /* Exception being delivered. */
    int32_t error_code;
    int32_t exception_is_int;     /* software INT n */
    uint64_t exception_next_eip;
    int32_t old_exception;        /* for double-fault detection, -1 */
    /* x87 */
    X86FPReg fpregs[8];           /* physical register order */
    uint32_t fpstt;               /* top of stack */
    uint16_t fpus, fpuc;          /* status and control words */
    uint8_t fptags[8];            /* 1 = empty */
    uint16_t fpop;
    uint64_t fpip, fpdp;
    uint16_t fpcs, fpds;
    /* SSE/AVX */
    X86XMMReg xmm_regs[16];
    X86XMMReg xmm_t0;             /* scratch for helpers */
    uint32_t mxcsr;
    uint32_t pkru;
    /* MSRs beyond the ones above */
    uint64_t mtrr_fixed[X86_MTRR_FIXED_COUNT];
    uint64_t mtrr_var_base[X86_MTRR_VAR_COUNT];
    uint64_t mtrr_var_mask[X86_MTRR_VAR_COUNT];
    uint64_t mtrr_deftype;
    uint64_t mcg_cap, mcg_status, mcg_ctl;
    uint64_t mce_banks[X86_MCE_BANKS * 4];
    uint64_t spec_ctrl;
    uint64_t feature_control;
    uint64_t tsc_adjust;
    int64_t tsc_offset;           /* guest TSC = host ticks + offset */
    uint64_t smbase;
    uint64_t monitor_addr;        /* MONITOR / UMONITOR armed address */
    bool monitor_armed;
    uint64_t xss;
    uint64_t bndcfgs;

    /* --- Pending events (KVM_GET/SET_VCPU_EVENTS, TCG delivery). --- */
    int32_t exception_nr;         /* -1 none */
    bool exception_pending, exception_injected, has_error_code;
    bool exception_has_payload;
    uint64_t exception_payload;
    int32_t interrupt_injected;   /* vector or -1 */
    bool soft_interrupt;
    bool nmi_injected, nmi_pending;
    uint8_t sipi_vector;
    uint32_t mp_state;            /* KVM_MP_STATE_* encoding */
    bool tsc_valid;
    uint32_t tsc_khz;

    /* --- KVM paravirtual MSRs. --- */
    uint64_t system_time_msr, wall_clock_msr;
    uint64_t async_pf_en_msr, pv_eoi_en_msr, steal_time_msr;
    uint64_t poll_control_msr;

    /* --- Opaque accelerator blobs (KVM): XSAVE area, nested state. --- */
    void *xsave_buf;
    uint32_t xsave_buf_len;
    void *nested_state;           /* struct kvm_nested_state + data */
    uint32_t nested_state_len;
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
    /* The soft TLB sits right after env: generated code reaches it at a
     * small positive offset from the env register. */
    CPUTLB tlb;
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

static inline X86CPU *env_archcpu(CPUX86State *env)
{
    return container_of(env, X86CPU, env);
}
static inline CPUState *env_cpu(CPUX86State *env)
{
    return &env_archcpu(env)->parent_obj;
}
/* Offset of the TLB from env, for the native backend's fast path. */
#define TLB_ENV_OFFSET ((intptr_t)offsetof(X86CPU, tlb) - \
                        (intptr_t)offsetof(X86CPU, env))
/* Offset of CPUState.exit_request from env (negative). */
#define EXIT_REQUEST_ENV_OFFSET \
    ((intptr_t)offsetof(X86CPU, parent_obj.exit_request) - \
     (intptr_t)offsetof(X86CPU, env))

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
