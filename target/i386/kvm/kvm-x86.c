/*
 * x86 under KVM: VM set-up (TSS and identity map pages, GSI routes of
 * the PC's PIC and IOAPIC), vCPU set-up (CPUID, MSR list, XSAVE area,
 * LAPIC reset image), the state carried between env and the kernel
 * (regs, sregs, XSAVE, XCRs, MSRs, LAPIC, events, MP state, debug
 * registers, nested state) and the userspace-irqchip run hooks.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "target/i386/kvm/kvm-x86.h"
#include "target/i386/cpu-hflags.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "hw/boards.h"
#include "hw/intc/apic.h"
#include "hw/intc/ioapic.h"
#include "hw/intc/i8259.h"

#define KVM_TSS_ADDR          0xfeffd000
#define KVM_IDENTITY_MAP_ADDR 0xfeffc000

/* MSR numbers (Intel SDM vol. 4, AMD APM vol. 2, KVM's msr.rst). */
#define MSR_IA32_TSC              0x10
#define MSR_IA32_FEATURE_CONTROL  0x3a
#define MSR_IA32_TSC_ADJUST       0x3b
#define MSR_IA32_SPEC_CTRL        0x48
#define MSR_IA32_UMWAIT_CONTROL   0xe1
#define MSR_IA32_SYSENTER_CS      0x174
#define MSR_IA32_SYSENTER_ESP     0x175
#define MSR_IA32_SYSENTER_EIP     0x176
#define MSR_IA32_MISC_ENABLE      0x1a0
#define MSR_MTRR_PHYSBASE0        0x200
#define MSR_MTRR_FIX64K_00000     0x250
#define MSR_MTRR_FIX16K_80000     0x258
#define MSR_MTRR_FIX16K_A0000     0x259
#define MSR_MTRR_FIX4K_C0000      0x268
#define MSR_PAT                   0x277
#define MSR_MTRR_DEF_TYPE         0x2ff
#define MSR_IA32_TSC_DEADLINE     0x6e0
#define MSR_IA32_BNDCFGS          0xd90
#define MSR_IA32_XSS              0xda0
#define MSR_STAR                  0xc0000081
#define MSR_LSTAR                 0xc0000082
#define MSR_CSTAR                 0xc0000083
#define MSR_FMASK                 0xc0000084
#define MSR_KERNEL_GS_BASE        0xc0000102
#define MSR_TSC_AUX               0xc0000103
#define MSR_KVM_WALL_CLOCK_NEW    0x4b564d00
#define MSR_KVM_SYSTEM_TIME_NEW   0x4b564d01
#define MSR_KVM_ASYNC_PF_EN       0x4b564d02
#define MSR_KVM_STEAL_TIME        0x4b564d03
#define MSR_KVM_PV_EOI_EN         0x4b564d04
#define MSR_KVM_POLL_CONTROL      0x4b564d05

/* Where each MSR lives in env; level is the least put level that writes
 * it (TSC only on a full put: writing it at run time would make the
 * guest's clock jump). */
typedef struct MSRSlot {
    uint32_t index;
    size_t offset;
    int level;
} MSRSlot;

#define ENV(f) offsetof(CPUX86State, f)
static const MSRSlot msr_slots[] = {
    { MSR_IA32_SYSENTER_CS, ENV(sysenter_cs), KVM_PUT_RESET_STATE },
    { MSR_IA32_SYSENTER_ESP, ENV(sysenter_esp), KVM_PUT_RESET_STATE },
    { MSR_IA32_SYSENTER_EIP, ENV(sysenter_eip), KVM_PUT_RESET_STATE },
    { MSR_PAT, ENV(pat), KVM_PUT_RESET_STATE },
    { MSR_STAR, ENV(star), KVM_PUT_RESET_STATE },
    { MSR_LSTAR, ENV(lstar), KVM_PUT_RESET_STATE },
    { MSR_CSTAR, ENV(cstar), KVM_PUT_RESET_STATE },
    { MSR_FMASK, ENV(fmask), KVM_PUT_RESET_STATE },
    { MSR_KERNEL_GS_BASE, ENV(kernelgsbase), KVM_PUT_RESET_STATE },
    { MSR_TSC_AUX, ENV(tsc_aux), KVM_PUT_RESET_STATE },
    { MSR_IA32_TSC, ENV(tsc), KVM_PUT_FULL_STATE },
    { MSR_IA32_TSC_ADJUST, ENV(tsc_adjust), KVM_PUT_FULL_STATE },
    { MSR_IA32_TSC_DEADLINE, ENV(tsc_deadline), KVM_PUT_RESET_STATE },
    { MSR_IA32_MISC_ENABLE, ENV(misc_enable), KVM_PUT_RESET_STATE },
    { MSR_IA32_UMWAIT_CONTROL, ENV(umwait_control), KVM_PUT_RESET_STATE },
    { MSR_IA32_SPEC_CTRL, ENV(spec_ctrl), KVM_PUT_RESET_STATE },
    { MSR_IA32_XSS, ENV(xss), KVM_PUT_RESET_STATE },
    { MSR_IA32_BNDCFGS, ENV(bndcfgs), KVM_PUT_RESET_STATE },
    { MSR_IA32_FEATURE_CONTROL, ENV(feature_control), KVM_PUT_RESET_STATE },
    { MSR_MTRR_DEF_TYPE, ENV(mtrr_deftype), KVM_PUT_RESET_STATE },
    { MSR_MTRR_FIX64K_00000, ENV(mtrr_fixed[0]), KVM_PUT_RESET_STATE },
    { MSR_MTRR_FIX16K_80000, ENV(mtrr_fixed[1]), KVM_PUT_RESET_STATE },
    { MSR_MTRR_FIX16K_A0000, ENV(mtrr_fixed[2]), KVM_PUT_RESET_STATE },
    { MSR_MTRR_FIX4K_C0000 + 0, ENV(mtrr_fixed[3]), KVM_PUT_RESET_STATE },
    { MSR_MTRR_FIX4K_C0000 + 1, ENV(mtrr_fixed[4]), KVM_PUT_RESET_STATE },
    { MSR_MTRR_FIX4K_C0000 + 2, ENV(mtrr_fixed[5]), KVM_PUT_RESET_STATE },
    { MSR_MTRR_FIX4K_C0000 + 3, ENV(mtrr_fixed[6]), KVM_PUT_RESET_STATE },
    { MSR_MTRR_FIX4K_C0000 + 4, ENV(mtrr_fixed[7]), KVM_PUT_RESET_STATE },
    { MSR_MTRR_FIX4K_C0000 + 5, ENV(mtrr_fixed[8]), KVM_PUT_RESET_STATE },
    { MSR_MTRR_FIX4K_C0000 + 6, ENV(mtrr_fixed[9]), KVM_PUT_RESET_STATE },
    { MSR_MTRR_FIX4K_C0000 + 7, ENV(mtrr_fixed[10]), KVM_PUT_RESET_STATE },
#define MTRR_VAR(i) \
    { MSR_MTRR_PHYSBASE0 + 2 * (i), ENV(mtrr_var_base[i]), \
      KVM_PUT_RESET_STATE }, \
    { MSR_MTRR_PHYSBASE0 + 2 * (i) + 1, ENV(mtrr_var_mask[i]), \
      KVM_PUT_RESET_STATE }
    MTRR_VAR(0), MTRR_VAR(1), MTRR_VAR(2), MTRR_VAR(3),
    MTRR_VAR(4), MTRR_VAR(5), MTRR_VAR(6), MTRR_VAR(7),
    /* kvmclock and the other PV MSRs: after the TSC. */
    { MSR_KVM_WALL_CLOCK_NEW, ENV(wall_clock_msr), KVM_PUT_RESET_STATE },
    { MSR_KVM_SYSTEM_TIME_NEW, ENV(system_time_msr), KVM_PUT_RESET_STATE },
    { MSR_KVM_ASYNC_PF_EN, ENV(async_pf_en_msr), KVM_PUT_RESET_STATE },
    { MSR_KVM_STEAL_TIME, ENV(steal_time_msr), KVM_PUT_RESET_STATE },
    { MSR_KVM_PV_EOI_EN, ENV(pv_eoi_en_msr), KVM_PUT_RESET_STATE },
    { MSR_KVM_POLL_CONTROL, ENV(poll_control_msr), KVM_PUT_RESET_STATE },
};

typedef struct KVMX86Vcpu {
    struct kvm_cpuid2 *cpuid;
    /* Indices into msr_slots this vCPU saves. */
    unsigned *msrs;
    unsigned nr_msrs;
    struct kvm_lapic_state lapic;           /* last read, or reset image */
    struct kvm_lapic_state lapic_reset;
    bool lapic_valid;
} KVMX86Vcpu;

static struct kvm_msr_list *msr_index_list;

bool kvm_x86_has_msr(uint32_t index)
{
    if (!msr_index_list) {
        return false;
    }
    for (uint32_t i = 0; i < msr_index_list->nmsrs; i++) {
        if (msr_index_list->indices[i] == index) {
            return true;
        }
    }
    return false;
}

static int kvm_load_msr_list(KVMState *s, Error **errp)
{
    struct kvm_msr_list probe = { .nmsrs = 0 };
    int r = kvm_ioctl(s, KVM_GET_MSR_INDEX_LIST, &probe);

    if (r < 0 && r != -E2BIG) {
        error_setg_errno(errp, -r, "kvm: KVM_GET_MSR_INDEX_LIST failed");
        return -1;
    }
    msr_index_list = g_malloc0(sizeof(*msr_index_list) +
                               probe.nmsrs * sizeof(uint32_t));
    msr_index_list->nmsrs = probe.nmsrs;
    r = kvm_ioctl(s, KVM_GET_MSR_INDEX_LIST, msr_index_list);
    if (r < 0) {
        error_setg_errno(errp, -r, "kvm: KVM_GET_MSR_INDEX_LIST failed");
        g_free(msr_index_list);
        msr_index_list = NULL;
        return -1;
    }
    return 0;
}

int kvm_arch_init(KVMState *s, MachineState *ms, Error **errp)
{
    int r;

    if (kvm_load_msr_list(s, errp) < 0 ||
        !kvm_x86_supported_cpuid(s, errp)) {
        return -1;
    }
    /* VMX without unrestricted guest runs real mode through these. */
    if (kvm_check_extension(KVM_CAP_SET_IDENTITY_MAP_ADDR)) {
        uint64_t addr = KVM_IDENTITY_MAP_ADDR;

        r = kvm_vm_ioctl(s, KVM_SET_IDENTITY_MAP_ADDR, &addr);
        if (r < 0) {
            error_setg_errno(errp, -r, "kvm: KVM_SET_IDENTITY_MAP_ADDR "
                             "failed");
            return -1;
        }
    }
    r = kvm_vm_ioctl(s, KVM_SET_TSS_ADDR, (void *)(uintptr_t)KVM_TSS_ADDR);
    if (r < 0) {
        error_setg_errno(errp, -r, "kvm: KVM_SET_TSS_ADDR failed");
        return -1;
    }
    return 0;
}

/* PC wiring: GSI 0-15 reach the PIC pair (not 2, the cascade) and the
 * IOAPIC, ISA IRQ 0 at IOAPIC pin 2 as the MADT says; GSI 16-23 the
 * IOAPIC only. */
void kvm_arch_init_irq_routing(KVMState *s)
{
    for (unsigned gsi = 0; gsi < IOAPIC_NUM_PINS; gsi++) {
        struct kvm_irq_routing_entry e = {
            .gsi = gsi, .type = KVM_IRQ_ROUTING_IRQCHIP,
        };

        if (gsi == 2) {
            continue;
        }
        if (gsi < 16) {
            e.u.irqchip.irqchip = gsi < 8 ? KVM_IRQCHIP_PIC_MASTER
                                          : KVM_IRQCHIP_PIC_SLAVE;
            e.u.irqchip.pin = gsi & 7;
            kvm_add_routing_entry(s, &e);
        }
        e.u.irqchip.irqchip = KVM_IRQCHIP_IOAPIC;
        e.u.irqchip.pin = gsi == 0 ? 2 : gsi;
        kvm_add_routing_entry(s, &e);
    }
}

static KVMX86Vcpu *x86_vcpu(CPUState *cs)
{
    return kvm_vcpu(cs)->arch;
}

static unsigned machine_ncpus(void)
{
    unsigned n = cpu_list ? cpu_list->len : 1;

    if (current_machine && current_machine->smp.cpus > n) {
        n = current_machine->smp.cpus;
    }
    return MAX(n, 1);
}

int kvm_arch_init_vcpu(CPUState *cs, Error **errp)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;
    KVMState *s = kvm_state;
    KVMX86Vcpu *a = g_new0(KVMX86Vcpu, 1);
    int r;

    kvm_vcpu(cs)->arch = a;
    a->cpuid = kvm_x86_build_cpuid(cpu, machine_ncpus(), errp);
    if (!a->cpuid) {
        return -1;
    }
    r = kvm_vcpu_ioctl(cs, KVM_SET_CPUID2, a->cpuid);
    if (r < 0) {
        error_setg_errno(errp, -r, "kvm: KVM_SET_CPUID2 for vCPU %d failed",
                         cs->cpu_index);
        return -1;
    }
    a->msrs = g_new(unsigned, ARRAY_SIZE(msr_slots));
    for (unsigned i = 0; i < ARRAY_SIZE(msr_slots); i++) {
        uint32_t idx = msr_slots[i].index;

        if (!kvm_x86_has_msr(idx)) {
            continue;
        }
        /* Only with the features that give the guest these MSRs. */
        if (idx == MSR_IA32_UMWAIT_CONTROL &&
            !(env->features[FEAT_7_0_ECX] & (1u << 5))) {
            continue;
        }
        if (idx == MSR_IA32_TSC_DEADLINE && !kvm_irqchip_in_kernel()) {
            continue;
        }
        if (idx == MSR_IA32_BNDCFGS &&
            !(env->features[FEAT_7_0_EBX] & (1u << 14))) {
            continue;
        }
        if (idx == MSR_IA32_XSS &&
            !(env->features[FEAT_XSAVE] & (1u << 3))) {
            continue;
        }
        if (idx == MSR_IA32_SPEC_CTRL &&
            !(env->features[FEAT_7_0_EDX] & (1u << 26))) {
            continue;
        }
        if (idx == MSR_IA32_FEATURE_CONTROL &&
            !(env->features[FEAT_1_ECX] & (1u << 5))) {
            continue;
        }
        if (idx == MSR_TSC_AUX &&
            !(env->features[FEAT_8000_0001_EDX] & (1u << 27)) &&
            !(env->features[FEAT_7_0_ECX] & (1u << 22))) {
            continue;
        }
        a->msrs[a->nr_msrs++] = i;
    }
    if (s->xsave_size) {
        env->xsave_buf_len = s->xsave_size;
        env->xsave_buf = g_malloc0(s->xsave_size);
    }
    if (s->nested_state_size > (int)sizeof(struct kvm_nested_state) &&
        (env->features[FEAT_1_ECX] & (1u << 5) ||
         env->features[FEAT_8000_0001_ECX] & (1u << 2))) {
        env->nested_state_len = s->nested_state_size;
        env->nested_state = g_malloc0(s->nested_state_size);
    }
    r = kvm_vcpu_ioctl(cs, KVM_GET_TSC_KHZ, NULL);
    if (r > 0) {
        env->tsc_khz = r;
    }
    if (kvm_irqchip_in_kernel()) {
        r = kvm_vcpu_ioctl(cs, KVM_GET_LAPIC, &a->lapic_reset);
        if (r < 0) {
            error_setg_errno(errp, -r, "kvm: KVM_GET_LAPIC for vCPU %d "
                             "failed", cs->cpu_index);
            return -1;
        }
    }
    return 0;
}

void kvm_arch_destroy_vcpu(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);
    KVMX86Vcpu *a = x86_vcpu(cs);

    g_free(cpu->env.xsave_buf);
    cpu->env.xsave_buf = NULL;
    cpu->env.xsave_buf_len = 0;
    g_free(cpu->env.nested_state);
    cpu->env.nested_state = NULL;
    cpu->env.nested_state_len = 0;
    if (a) {
        g_free(a->cpuid);
        g_free(a->msrs);
        g_free(a);
    }
    kvm_vcpu(cs)->arch = NULL;
}

static inline uint32_t lapic_reg(struct kvm_lapic_state *l, unsigned off)
{
    uint32_t v;

    memcpy(&v, l->regs + off, 4);
    return v;
}

static inline void lapic_set(struct kvm_lapic_state *l, unsigned off,
                             uint32_t v)
{
    memcpy(l->regs + off, &v, 4);
}

void kvm_arch_reset_vcpu(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;
    KVMX86Vcpu *a = x86_vcpu(cs);
    bool bsp = cs->cpu_index == 0;

    /* Architectural FPU reset (FNINIT + MXCSR default). */
    env->fpuc = 0x37f;
    env->fpus = 0;
    env->fpstt = 0;
    memset(env->fptags, 1, sizeof(env->fptags));
    env->mxcsr = 0x1f80;
    if (env->xsave_buf) {
        memset(env->xsave_buf, 0, env->xsave_buf_len);
    }
    env->exception_nr = -1;
    env->exception_pending = env->exception_injected = false;
    env->has_error_code = env->exception_has_payload = false;
    env->interrupt_injected = -1;
    env->nmi_injected = env->nmi_pending = false;
    env->sipi_vector = 0;
    env->tsc_valid = false;
    env->system_time_msr = env->wall_clock_msr = 0;
    env->async_pf_en_msr = env->pv_eoi_en_msr = env->steal_time_msr = 0;
    env->poll_control_msr = 1;
    env->mtrr_deftype = 0;
    memset(env->mtrr_fixed, 0, sizeof(env->mtrr_fixed));
    memset(env->mtrr_var_base, 0, sizeof(env->mtrr_var_base));
    memset(env->mtrr_var_mask, 0, sizeof(env->mtrr_var_mask));
    if (env->nested_state) {
        memset(env->nested_state, 0, env->nested_state_len);
    }
    /* APs wait for INIT/SIPI in the in-kernel LAPIC. */
    if (bsp) {
        env->mp_state = KVM_MP_STATE_RUNNABLE;
    } else {
        env->mp_state = kvm_irqchip_in_kernel() ? KVM_MP_STATE_UNINITIALIZED
                                                : KVM_MP_STATE_INIT_RECEIVED;
    }
    cs->halted = !bsp && !kvm_irqchip_in_kernel();
    if (a && kvm_irqchip_in_kernel()) {
        a->lapic = a->lapic_reset;
        lapic_set(&a->lapic, 0x20, cpu->apic_id << 24);
        /* The BSP's LINT0 starts as ExtINT so the PIC reaches it before
         * the guest programs its APIC (virtual wire mode). */
        lapic_set(&a->lapic, 0x350, bsp ? 0x700 : 0x10000);
        a->lapic_valid = true;
    }
}

/* ------------------------------------------------------------------ */
/* Segments                                                            */

static void seg_to_kvm(struct kvm_segment *k, const SegmentCache *c,
                       bool v86)
{
    uint32_t f = c->flags;

    memset(k, 0, sizeof(*k));
    k->base = c->base;
    k->limit = c->limit;
    k->selector = c->selector;
    if (v86) {
        k->type = 3;
        k->present = 1;
        k->dpl = 3;
        k->s = 1;
        return;
    }
    k->type = (f >> 8) & 0xf;
    k->s = (f >> 12) & 1;
    k->dpl = (f >> 13) & 3;
    k->present = (f >> 15) & 1;
    k->avl = (f >> 20) & 1;
    k->l = (f >> 21) & 1;
    k->db = (f >> 22) & 1;
    k->g = (f >> 23) & 1;
    k->unusable = !k->present;
}

static void seg_from_kvm(SegmentCache *c, const struct kvm_segment *k)
{
    c->base = k->base;
    c->limit = k->limit;
    c->selector = k->selector;
    c->flags = k->unusable ? 0 :
               (k->type << 8) | (k->s << 12) | (k->dpl << 13) |
               (k->present << 15) | (k->avl << 20) | (k->l << 21) |
               (k->db << 22) | (k->g << 23);
}

/* ------------------------------------------------------------------ */
/* Put                                                                 */

static int put_regs(CPUState *cs, CPUX86State *env, Error **errp)
{
    struct kvm_regs r = {
        .rax = env->regs[R_EAX], .rbx = env->regs[R_EBX],
        .rcx = env->regs[R_ECX], .rdx = env->regs[R_EDX],
        .rsi = env->regs[R_ESI], .rdi = env->regs[R_EDI],
        .rsp = env->regs[R_ESP], .rbp = env->regs[R_EBP],
        .r8 = env->regs[R_R8], .r9 = env->regs[R_R9],
        .r10 = env->regs[R_R10], .r11 = env->regs[R_R11],
        .r12 = env->regs[R_R12], .r13 = env->regs[R_R13],
        .r14 = env->regs[R_R14], .r15 = env->regs[R_R15],
        .rip = env->eip, .rflags = env->eflags,
    };
    int ret = kvm_vcpu_ioctl(cs, KVM_SET_REGS, &r);

    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM_SET_REGS failed");
    }
    return ret;
}

static int put_sregs(CPUState *cs, CPUX86State *env, Error **errp)
{
    struct kvm_sregs s = { 0 };
    bool v86 = env->eflags & VM_MASK;
    int ret;

    seg_to_kvm(&s.cs, &env->segs[R_CS], v86);
    seg_to_kvm(&s.ds, &env->segs[R_DS], v86);
    seg_to_kvm(&s.es, &env->segs[R_ES], v86);
    seg_to_kvm(&s.fs, &env->segs[R_FS], v86);
    seg_to_kvm(&s.gs, &env->segs[R_GS], v86);
    seg_to_kvm(&s.ss, &env->segs[R_SS], v86);
    seg_to_kvm(&s.tr, &env->tr, false);
    seg_to_kvm(&s.ldt, &env->ldt, false);
    s.gdt.base = env->gdt.base;
    s.gdt.limit = env->gdt.limit;
    s.idt.base = env->idt.base;
    s.idt.limit = env->idt.limit;
    s.cr0 = env->cr[0];
    s.cr2 = env->cr[2];
    s.cr3 = env->cr[3];
    s.cr4 = env->cr[4];
    s.cr8 = env->cr8;
    s.efer = env->efer;
    s.apic_base = env->apic_base;
    ret = kvm_vcpu_ioctl(cs, KVM_SET_SREGS, &s);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM_SET_SREGS failed");
    }
    return ret;
}

/* The legacy (FXSAVE) part of the XSAVE image from env, and back. */
static void fx_from_env(uint8_t *x, CPUX86State *env)
{
    uint16_t fsw = (env->fpus & ~0x3800) | ((env->fpstt & 7) << 11);
    uint8_t ftw = 0;

    for (int i = 0; i < 8; i++) {
        ftw |= (!env->fptags[i]) << i;
    }
    memcpy(x + 0, &env->fpuc, 2);
    memcpy(x + 2, &fsw, 2);
    x[4] = ftw;
    memcpy(x + 6, &env->fpop, 2);
    memcpy(x + 8, &env->fpip, 8);
    memcpy(x + 16, &env->fpdp, 8);
    memcpy(x + 24, &env->mxcsr, 4);
    for (int i = 0; i < 8; i++) {
        X86FPReg *r = &env->fpregs[(env->fpstt + i) & 7];

        memset(x + 32 + i * 16, 0, 16);
        memcpy(x + 32 + i * 16, &r->mant, 8);
        memcpy(x + 32 + i * 16 + 8, &r->exp, 2);
    }
    for (int i = 0; i < 16; i++) {
        memcpy(x + 160 + i * 16, env->xmm_regs[i].b, 16);
    }
}

static void fx_to_env(CPUX86State *env, const uint8_t *x)
{
    uint16_t fsw;
    uint8_t ftw = x[4];

    memcpy(&env->fpuc, x + 0, 2);
    memcpy(&fsw, x + 2, 2);
    env->fpstt = (fsw >> 11) & 7;
    env->fpus = fsw & ~0x3800;
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = !((ftw >> i) & 1);
    }
    memcpy(&env->fpop, x + 6, 2);
    memcpy(&env->fpip, x + 8, 8);
    memcpy(&env->fpdp, x + 16, 8);
    memcpy(&env->mxcsr, x + 24, 4);
    for (int i = 0; i < 8; i++) {
        X86FPReg *r = &env->fpregs[(env->fpstt + i) & 7];

        memcpy(&r->mant, x + 32 + i * 16, 8);
        memcpy(&r->exp, x + 32 + i * 16 + 8, 2);
    }
    for (int i = 0; i < 16; i++) {
        memcpy(env->xmm_regs[i].b, x + 160 + i * 16, 16);
    }
}

#define XSAVE_HDR_OFFSET  512
#define XSAVE_YMMH_OFFSET 576

static int put_fpu(CPUState *cs, CPUX86State *env, Error **errp)
{
    int ret;

    if (env->xsave_buf) {
        uint8_t *x = env->xsave_buf;
        uint64_t bv;

        fx_from_env(x, env);
        if (env->xsave_buf_len >= XSAVE_YMMH_OFFSET + 256) {
            for (int i = 0; i < 16; i++) {
                memcpy(x + XSAVE_YMMH_OFFSET + i * 16,
                       env->xmm_regs[i].b + 16, 16);
            }
        }
        memcpy(&bv, x + XSAVE_HDR_OFFSET, 8);
        bv |= 3;                        /* x87 and SSE state present */
        if (env->xcr0 & 4) {
            bv |= 4;
        }
        memcpy(x + XSAVE_HDR_OFFSET, &bv, 8);
        ret = kvm_vcpu_ioctl(cs, KVM_SET_XSAVE, x);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM_SET_XSAVE failed");
        }
        return ret;
    } else {
        struct kvm_fpu f = { 0 };
        uint8_t fx[512] = { 0 };

        fx_from_env(fx, env);
        memcpy(&f.fcw, fx, 2);
        memcpy(&f.fsw, fx + 2, 2);
        f.ftwx = fx[4];
        memcpy(&f.last_opcode, fx + 6, 2);
        memcpy(&f.last_ip, fx + 8, 8);
        memcpy(&f.last_dp, fx + 16, 8);
        memcpy(&f.mxcsr, fx + 24, 4);
        memcpy(f.fpr, fx + 32, 128);
        memcpy(f.xmm, fx + 160, 256);
        ret = kvm_vcpu_ioctl(cs, KVM_SET_FPU, &f);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM_SET_FPU failed");
        }
        return ret;
    }
}

static int put_xcrs(CPUState *cs, CPUX86State *env, Error **errp)
{
    struct kvm_xcrs x = { .nr_xcrs = 1 };
    int ret;

    if (!kvm_state->has_xcrs || !env->xsave_buf) {
        return 0;
    }
    x.xcrs[0].xcr = 0;
    x.xcrs[0].value = env->xcr0 ? env->xcr0 : 1;
    ret = kvm_vcpu_ioctl(cs, KVM_SET_XCRS, &x);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM_SET_XCRS failed");
    }
    return ret;
}

static int put_msrs(CPUState *cs, CPUX86State *env, int level, Error **errp)
{
    KVMX86Vcpu *a = x86_vcpu(cs);
    g_autofree struct kvm_msrs *m = g_malloc0(sizeof(*m) +
                                              a->nr_msrs *
                                              sizeof(struct kvm_msr_entry));
    unsigned n = 0;
    int ret;

    for (unsigned i = 0; i < a->nr_msrs; i++) {
        const MSRSlot *sl = &msr_slots[a->msrs[i]];

        if (sl->level > level) {
            continue;
        }
        m->entries[n].index = sl->index;
        memcpy(&m->entries[n].data, (uint8_t *)env + sl->offset, 8);
        n++;
    }
    m->nmsrs = n;
    ret = kvm_vcpu_ioctl(cs, KVM_SET_MSRS, m);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM_SET_MSRS failed");
        return ret;
    }
    if ((unsigned)ret < n) {
        /* The first one KVM refused: say which, keep the rest going. */
        warn_report("kvm: vCPU %d: MSR 0x%x = 0x%" PRIx64 " was refused",
                    cs->cpu_index, m->entries[ret].index,
                    (uint64_t)m->entries[ret].data);
    }
    return 0;
}

static int put_lapic(CPUState *cs, Error **errp)
{
    KVMX86Vcpu *a = x86_vcpu(cs);
    int ret;

    if (!kvm_irqchip_in_kernel() || !a->lapic_valid) {
        return 0;
    }
    ret = kvm_vcpu_ioctl(cs, KVM_SET_LAPIC, &a->lapic);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM_SET_LAPIC failed");
    }
    return ret;
}

static int put_events(CPUState *cs, CPUX86State *env, int level,
                      Error **errp)
{
    struct kvm_vcpu_events ev = { 0 };
    bool exc = env->exception_nr >= 0;
    int ret;

    if (!kvm_state->has_vcpu_events) {
        return 0;
    }
    if (kvm_state->exception_payload) {
        ev.exception.injected = exc && env->exception_injected;
        ev.exception.pending = exc && env->exception_pending;
        ev.exception_has_payload = env->exception_has_payload;
        ev.exception_payload = env->exception_payload;
        ev.flags |= KVM_VCPUEVENT_VALID_PAYLOAD;
    } else {
        ev.exception.injected = exc &&
            (env->exception_injected || env->exception_pending);
    }
    ev.exception.nr = exc ? env->exception_nr : 0;
    ev.exception.has_error_code = env->has_error_code;
    ev.exception.error_code = env->error_code;
    ev.interrupt.injected = env->interrupt_injected >= 0;
    ev.interrupt.nr = env->interrupt_injected >= 0 ? env->interrupt_injected
                                                   : 0;
    ev.interrupt.soft = env->soft_interrupt;
    ev.interrupt.shadow = (env->hflags & HF_INHIBIT_IRQ) ? 1 : 0;
    ev.nmi.injected = env->nmi_injected;
    ev.nmi.masked = (env->hflags2 & HF2_NMI) ? 1 : 0;
    ev.flags |= KVM_VCPUEVENT_VALID_SHADOW;
    if (level >= KVM_PUT_RESET_STATE) {
        /* At run time the in-kernel LAPIC may have queued an NMI or a
         * SIPI meanwhile: only a reset or a restore overrides them. */
        ev.nmi.pending = env->nmi_pending;
        ev.sipi_vector = env->sipi_vector;
        ev.flags |= KVM_VCPUEVENT_VALID_NMI_PENDING |
                    KVM_VCPUEVENT_VALID_SIPI_VECTOR;
    }
    ret = kvm_vcpu_ioctl(cs, KVM_SET_VCPU_EVENTS, &ev);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM_SET_VCPU_EVENTS failed");
    }
    return ret;
}

static int put_mp_state(CPUState *cs, CPUX86State *env, Error **errp)
{
    struct kvm_mp_state mp = { .mp_state = env->mp_state };
    int ret;

    if (!kvm_irqchip_in_kernel()) {
        return 0;
    }
    ret = kvm_vcpu_ioctl(cs, KVM_SET_MP_STATE, &mp);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM_SET_MP_STATE failed");
    }
    return ret;
}

static int put_debugregs(CPUState *cs, CPUX86State *env, Error **errp)
{
    struct kvm_debugregs d = { 0 };
    int ret;

    if (!kvm_state->has_debugregs) {
        return 0;
    }
    for (int i = 0; i < 4; i++) {
        d.db[i] = env->dr[i];
    }
    d.dr6 = env->dr[6];
    d.dr7 = env->dr[7];
    ret = kvm_vcpu_ioctl(cs, KVM_SET_DEBUGREGS, &d);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM_SET_DEBUGREGS failed");
    }
    return ret;
}

static int put_nested(CPUState *cs, CPUX86State *env, Error **errp)
{
    struct kvm_nested_state *n = env->nested_state;
    int ret;

    /* A restored image has a size; a zeroed one means "not in a nested
     * guest", which KVM_SET_NESTED_STATE needs no telling of. */
    if (!n || n->size < sizeof(*n)) {
        return 0;
    }
    ret = kvm_vcpu_ioctl(cs, KVM_SET_NESTED_STATE, n);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM_SET_NESTED_STATE failed");
    }
    return ret;
}

int kvm_arch_put_registers(CPUState *cs, int level, Error **errp)
{
    CPUX86State *env = &X86_CPU(cs)->env;

    /* Nested state first: it decides how the rest is interpreted. */
    if (level >= KVM_PUT_FULL_STATE && put_nested(cs, env, errp) < 0) {
        return -1;
    }
    if (put_regs(cs, env, errp) < 0 ||
        put_xcrs(cs, env, errp) < 0 ||
        put_fpu(cs, env, errp) < 0 ||
        put_sregs(cs, env, errp) < 0) {
        return -1;
    }
    if (level >= KVM_PUT_RESET_STATE &&
        (put_msrs(cs, env, level, errp) < 0 ||
         put_lapic(cs, errp) < 0 ||
         put_mp_state(cs, env, errp) < 0)) {
        return -1;
    }
    if (put_events(cs, env, level, errp) < 0 ||
        put_debugregs(cs, env, errp) < 0) {
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Get                                                                 */

int kvm_arch_get_registers(CPUState *cs, Error **errp)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;
    KVMX86Vcpu *a = x86_vcpu(cs);
    struct kvm_regs r;
    struct kvm_sregs s;
    bool shadow = env->hflags & HF_INHIBIT_IRQ;
    int ret;

    ret = kvm_vcpu_ioctl(cs, KVM_GET_REGS, &r);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM_GET_REGS failed");
        return -1;
    }
    env->regs[R_EAX] = r.rax; env->regs[R_EBX] = r.rbx;
    env->regs[R_ECX] = r.rcx; env->regs[R_EDX] = r.rdx;
    env->regs[R_ESI] = r.rsi; env->regs[R_EDI] = r.rdi;
    env->regs[R_ESP] = r.rsp; env->regs[R_EBP] = r.rbp;
    env->regs[R_R8] = r.r8; env->regs[R_R9] = r.r9;
    env->regs[R_R10] = r.r10; env->regs[R_R11] = r.r11;
    env->regs[R_R12] = r.r12; env->regs[R_R13] = r.r13;
    env->regs[R_R14] = r.r14; env->regs[R_R15] = r.r15;
    env->eip = r.rip;
    env->eflags = r.rflags;

    if (env->xsave_buf) {
        ret = kvm_vcpu_ioctl(cs, env->xsave_buf_len > sizeof(struct kvm_xsave)
                             ? KVM_GET_XSAVE2 : KVM_GET_XSAVE,
                             env->xsave_buf);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM_GET_XSAVE failed");
            return -1;
        }
        fx_to_env(env, env->xsave_buf);
        if (env->xsave_buf_len >= XSAVE_YMMH_OFFSET + 256) {
            for (int i = 0; i < 16; i++) {
                memcpy(env->xmm_regs[i].b + 16, (uint8_t *)env->xsave_buf +
                       XSAVE_YMMH_OFFSET + i * 16, 16);
            }
        }
    } else {
        struct kvm_fpu f;
        uint8_t fx[512] = { 0 };

        ret = kvm_vcpu_ioctl(cs, KVM_GET_FPU, &f);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM_GET_FPU failed");
            return -1;
        }
        memcpy(fx, &f.fcw, 2);
        memcpy(fx + 2, &f.fsw, 2);
        fx[4] = f.ftwx;
        memcpy(fx + 6, &f.last_opcode, 2);
        memcpy(fx + 8, &f.last_ip, 8);
        memcpy(fx + 16, &f.last_dp, 8);
        memcpy(fx + 24, &f.mxcsr, 4);
        memcpy(fx + 32, f.fpr, 128);
        memcpy(fx + 160, f.xmm, 256);
        fx_to_env(env, fx);
    }
    if (kvm_state->has_xcrs && env->xsave_buf) {
        struct kvm_xcrs x = { 0 };

        ret = kvm_vcpu_ioctl(cs, KVM_GET_XCRS, &x);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM_GET_XCRS failed");
            return -1;
        }
        for (uint32_t i = 0; i < x.nr_xcrs; i++) {
            if (x.xcrs[i].xcr == 0) {
                env->xcr0 = x.xcrs[i].value;
            }
        }
    }

    ret = kvm_vcpu_ioctl(cs, KVM_GET_SREGS, &s);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "KVM_GET_SREGS failed");
        return -1;
    }
    seg_from_kvm(&env->segs[R_CS], &s.cs);
    seg_from_kvm(&env->segs[R_DS], &s.ds);
    seg_from_kvm(&env->segs[R_ES], &s.es);
    seg_from_kvm(&env->segs[R_FS], &s.fs);
    seg_from_kvm(&env->segs[R_GS], &s.gs);
    seg_from_kvm(&env->segs[R_SS], &s.ss);
    seg_from_kvm(&env->tr, &s.tr);
    seg_from_kvm(&env->ldt, &s.ldt);
    env->gdt.base = s.gdt.base;
    env->gdt.limit = s.gdt.limit;
    env->idt.base = s.idt.base;
    env->idt.limit = s.idt.limit;
    env->cr[0] = s.cr0;
    env->cr[2] = s.cr2;
    env->cr[3] = s.cr3;
    env->cr[4] = s.cr4;
    env->cr8 = s.cr8;
    env->efer = s.efer;
    env->apic_base = s.apic_base;

    if (a->nr_msrs) {
        g_autofree struct kvm_msrs *m =
            g_malloc0(sizeof(*m) + a->nr_msrs * sizeof(struct kvm_msr_entry));

        m->nmsrs = a->nr_msrs;
        for (unsigned i = 0; i < a->nr_msrs; i++) {
            m->entries[i].index = msr_slots[a->msrs[i]].index;
        }
        ret = kvm_vcpu_ioctl(cs, KVM_GET_MSRS, m);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM_GET_MSRS failed");
            return -1;
        }
        for (int i = 0; i < ret; i++) {
            uint64_t v = m->entries[i].data;

            memcpy((uint8_t *)env + msr_slots[a->msrs[i]].offset, &v, 8);
        }
        env->tsc_valid = true;
    }

    if (kvm_irqchip_in_kernel()) {
        struct kvm_mp_state mp;

        ret = kvm_vcpu_ioctl(cs, KVM_GET_LAPIC, &a->lapic);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM_GET_LAPIC failed");
            return -1;
        }
        a->lapic_valid = true;
        ret = kvm_vcpu_ioctl(cs, KVM_GET_MP_STATE, &mp);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM_GET_MP_STATE failed");
            return -1;
        }
        env->mp_state = mp.mp_state;
        cs->halted = mp.mp_state == KVM_MP_STATE_HALTED;
    }

    if (kvm_state->has_vcpu_events) {
        struct kvm_vcpu_events ev;

        ret = kvm_vcpu_ioctl(cs, KVM_GET_VCPU_EVENTS, &ev);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM_GET_VCPU_EVENTS failed");
            return -1;
        }
        env->exception_injected = ev.exception.injected;
        env->exception_pending = kvm_state->exception_payload &&
                                 ev.exception.pending;
        env->exception_nr = env->exception_injected ||
                            env->exception_pending ? ev.exception.nr : -1;
        env->has_error_code = ev.exception.has_error_code;
        env->error_code = ev.exception.error_code;
        env->exception_has_payload = kvm_state->exception_payload &&
                                     ev.exception_has_payload;
        env->exception_payload = ev.exception_payload;
        env->interrupt_injected = ev.interrupt.injected ? ev.interrupt.nr
                                                        : -1;
        env->soft_interrupt = ev.interrupt.soft;
        env->nmi_injected = ev.nmi.injected;
        env->nmi_pending = ev.nmi.pending;
        if (ev.nmi.masked) {
            env->hflags2 |= HF2_NMI;
        } else {
            env->hflags2 &= ~HF2_NMI;
        }
        env->sipi_vector = ev.sipi_vector;
        shadow = ev.interrupt.shadow;
    }

    if (kvm_state->has_debugregs) {
        struct kvm_debugregs d;

        ret = kvm_vcpu_ioctl(cs, KVM_GET_DEBUGREGS, &d);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM_GET_DEBUGREGS failed");
            return -1;
        }
        for (int i = 0; i < 4; i++) {
            env->dr[i] = d.db[i];
        }
        env->dr[6] = d.dr6;
        env->dr[7] = d.dr7;
    }

    if (env->nested_state) {
        struct kvm_nested_state *n = env->nested_state;

        memset(n, 0, sizeof(*n));
        n->size = env->nested_state_len;
        ret = kvm_vcpu_ioctl(cs, KVM_GET_NESTED_STATE, n);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "KVM_GET_NESTED_STATE failed");
            return -1;
        }
    }

    x86_update_hflags(env);
    /* The interrupt shadow is not derived state: keep KVM's. */
    if (shadow) {
        env->hflags |= HF_INHIBIT_IRQ;
    } else {
        env->hflags &= ~HF_INHIBIT_IRQ;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Running with a userspace irqchip                                    */

/*
 * kernel-irqchip=split: the 8259 is in userspace, LINT0 in the kernel.
 * While the 8259's INTR is high, its vector goes in with KVM_INTERRUPT
 * as soon as KVM says the vCPU can take it (ready_for_interrupt_injection
 * covers IF, the interrupt shadow and the LAPIC's LINT0 accepting
 * ExtINT); until then an interrupt window is requested. The 8259 is
 * acknowledged only when its vector is injected. Only the BSP's LINT0 is
 * wired to the 8259.
 */
static void kvm_split_pre_run(CPUState *cs, struct kvm_run *run)
{
    bool intr = cs->cpu_index == 0 && isa_pic && pic_get_output(isa_pic);

    if (intr && run->ready_for_interrupt_injection) {
        struct kvm_interrupt irq = { .irq = pic_read_irq(isa_pic) };
        int r = kvm_vcpu_ioctl(cs, KVM_INTERRUPT, &irq);

        if (r < 0) {
            error_report("kvm: injecting ExtINT vector %u failed: %s",
                         irq.irq, strerror(-r));
        }
        intr = pic_get_output(isa_pic);
    }
    run->request_interrupt_window = intr;
}

void kvm_arch_pre_run(CPUState *cs, struct kvm_run *run)
{
    X86CPU *cpu = X86_CPU(cs);
    DeviceState *apic = cpu->apic_state;

    if (kvm_irqchip_is_split()) {
        kvm_split_pre_run(cs, run);
        return;
    }
    if (kvm_irqchip_in_kernel()) {
        return;
    }
    if (cs->interrupt_request & CPU_INTERRUPT_NMI) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_NMI);
        if (kvm_vcpu_ioctl(cs, KVM_NMI, NULL) < 0) {
            error_report("kvm: injecting an NMI failed");
        }
    }
    if ((cs->interrupt_request & CPU_INTERRUPT_HARD) &&
        run->ready_for_interrupt_injection && run->if_flag) {
        int irq = apic ? apic_get_interrupt(apic)
                       : (isa_pic ? pic_read_irq(isa_pic) : -1);

        if (irq < 0 && apic && apic_accept_pic_intr(apic) && isa_pic) {
            irq = pic_read_irq(isa_pic);
        }
        if (irq >= 0) {
            struct kvm_interrupt intr = { .irq = irq };

            if (kvm_vcpu_ioctl(cs, KVM_INTERRUPT, &intr) < 0) {
                error_report("kvm: injecting interrupt %d failed", irq);
            }
        }
    }
    /* Exit as soon as the guest can take the next one. */
    run->request_interrupt_window =
        (cs->interrupt_request & CPU_INTERRUPT_HARD) ? 1 : 0;
    if (apic) {
        run->cr8 = cpu_get_apic_tpr(apic);
    }
}

void kvm_arch_post_run(CPUState *cs, struct kvm_run *run)
{
    X86CPU *cpu = X86_CPU(cs);
    DeviceState *apic = cpu->apic_state;

    if (run->if_flag) {
        cpu->env.eflags |= IF_MASK;
    } else {
        cpu->env.eflags &= ~IF_MASK;
    }
    /*
     * Only on a change: the APIC re-evaluates INTR on these writes, and
     * a pending interrupt the guest cannot take yet (IF=0) would then be
     * raised again from this thread on every exit. That self-kick sets
     * immediate_exit, so KVM_RUN would return at once, forever, without
     * the guest ever reaching its STI (the kernel-irqchip=off hang).
     */
    if (!kvm_irqchip_in_kernel() && apic) {
        if (cpu_get_apic_tpr(apic) != (run->cr8 & 0xf)) {
            cpu_set_apic_tpr(apic, run->cr8);
        }
        if ((cpu_get_apic_base(apic) ^ run->apic_base) &
            ~(uint64_t)MSR_IA32_APICBASE_BSP) {
            cpu_set_apic_base(apic, run->apic_base);
        }
    }
}

/* Userspace APIC: INIT puts the vCPU in wait-for-SIPI, SIPI starts it
 * at vector << 12 in real mode. */
static void userspace_init_sipi(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;

    if (cs->interrupt_request & CPU_INTERRUPT_INIT) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_INIT);
        cpu_reset(cs);
        if (cpu->apic_state) {
            apic_init_reset(cpu->apic_state);
        }
        env->mp_state = KVM_MP_STATE_INIT_RECEIVED;
        cs->halted = true;
    }
    if (cs->interrupt_request & CPU_INTERRUPT_SIPI) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_SIPI);
        if (env->mp_state == KVM_MP_STATE_INIT_RECEIVED && cpu->apic_state) {
            int vector = apic_get_sipi_vector(cpu->apic_state);

            env->segs[R_CS] = (SegmentCache) {
                .selector = vector << 8, .base = (uint64_t)vector << 12,
                .limit = 0xffff, .flags = 0x9b00,
            };
            env->eip = 0;
            env->mp_state = KVM_MP_STATE_RUNNABLE;
            cs->halted = false;
            kvm_vcpu(cs)->dirty = true;
        }
    }
}

bool kvm_arch_vcpu_halted(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);

    if (kvm_irqchip_in_kernel()) {
        return false;
    }
    userspace_init_sipi(cs);
    if (cpu->env.mp_state == KVM_MP_STATE_INIT_RECEIVED) {
        return true;
    }
    if (!cs->halted) {
        return false;
    }
    if (((cs->interrupt_request & CPU_INTERRUPT_HARD) &&
         (cpu->env.eflags & IF_MASK)) ||
        (cs->interrupt_request & CPU_INTERRUPT_NMI)) {
        cs->halted = false;
        return false;
    }
    return true;
}

int kvm_arch_handle_exit(CPUState *cs, struct kvm_run *run)
{
    switch (run->exit_reason) {
    case KVM_EXIT_HLT:
        cs->halted = true;
        return EXCP_HLT;
    case KVM_EXIT_SET_TPR:
        return 0;
    case KVM_EXIT_IOAPIC_EOI:
        ioapic_eoi_broadcast(run->eoi.vector);
        return 0;
    case KVM_EXIT_DEBUG:
        return EXCP_INTERRUPT;
    default:
        return -1;
    }
}
