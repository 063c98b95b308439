/*
 * RDMSR/WRMSR. MSR numbers and their reserved-bit rules are facts from
 * the Intel SDM vol. 4 ("Model-Specific Registers") and the AMD APM.
 * An MSR the model does not advertise, or an unknown one, is #GP(0)
 * (logged under -d unimp).
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "hw/intc/apic.h"
#include "target/i386/tcg/sys-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

#define MCG_CTL_P (1ull << 8)
/* AMD SYSCFG: TOM2 and the fixed-MTRR RdMem/WrMem controls, none modelled */
#define MSR_AMD_SYSCFG 0xc0010010
/* AMD interrupt pending and CMP-halt (C1E): none modelled */
#define MSR_AMD_INT_PENDING 0xc0010055

static bool is_amd(CPUX86State *env)
{
    return env->cpuid_vendor1 == 0x68747541;        /* "Auth" */
}

static bool locked_call_begin(void)
{
    bool locked = bql_locked();

    if (!locked) {
        bql_lock();
    }
    return locked;
}

static void locked_call_end(bool was_locked)
{
    if (!was_locked) {
        bql_unlock();
    }
}

static bool canonical(CPUX86State *env, uint64_t a)
{
    int bits = (env->cr[4] & CR4_LA57) ? 57 : 48;

    return (uint64_t)((int64_t)(a << (64 - bits)) >> (64 - bits)) == a;
}

/* Memory types valid in PAT entries and MTRRs (UC WC WT WP WB, UC-). */
static bool valid_mem_type(unsigned t, bool pat)
{
    return t == 0 || t == 1 || t == 4 || t == 5 || t == 6 || (pat && t == 7);
}

static uint64_t efer_valid_bits(CPUX86State *env)
{
    uint64_t v = 0;

    if (x86_feature(env, FEAT_8000_0001_EDX, 11)) {
        v |= EFER_SCE;
    }
    if (x86_feature(env, FEAT_8000_0001_EDX, 29)) {
        v |= EFER_LME | EFER_LMA;
    }
    if (x86_feature(env, FEAT_8000_0001_EDX, 20)) {
        v |= EFER_NXE;
    }
    if (x86_feature(env, FEAT_8000_0001_ECX, 2)) {
        v |= EFER_SVME;
    }
    if (x86_feature(env, FEAT_8000_0001_EDX, 25)) {
        v |= EFER_FFXSR;
    }
    return v;
}

static bool has_mca(CPUX86State *env)
{
    return x86_feature(env, FEAT_1_EDX, 7) && x86_feature(env, FEAT_1_EDX, 14);
}

static bool has_lm(CPUX86State *env)
{
    return x86_feature(env, FEAT_8000_0001_EDX, 29);
}

bool x86_msr_read(CPUX86State *env, uint32_t index, uint64_t *val)
{
    X86CPU *cpu = env_archcpu(env);
    bool l;

    switch (index) {
    case MSR_IA32_TSC:
        *val = x86_get_tsc(env);
        return true;
    case MSR_IA32_APICBASE:
        if (cpu->apic_state) {
            l = locked_call_begin();
            env->apic_base = cpu_get_apic_base(cpu->apic_state);
            locked_call_end(l);
        }
        *val = env->apic_base;
        return true;
    case MSR_IA32_FEATURE_CONTROL:
        *val = env->feature_control;
        return true;
    case MSR_IA32_TSC_ADJUST:
        if (!x86_feature(env, FEAT_7_0_EBX, 1)) {
            break;
        }
        *val = env->tsc_adjust;
        return true;
    case MSR_IA32_SPEC_CTRL:
        if (!x86_feature(env, FEAT_7_0_EDX, 26)) {
            break;
        }
        *val = env->spec_ctrl;
        return true;
    case MSR_IA32_UCODE_REV:
        *val = 0x100000000ull;
        return true;
    case MSR_IA32_UMWAIT_CONTROL:
        if (!x86_feature(env, FEAT_7_0_ECX, 5)) {
            break;
        }
        *val = env->umwait_control;
        return true;
    case MSR_MTRRcap:
        if (!x86_feature(env, FEAT_1_EDX, 12)) {
            break;
        }
        /* Variable count, fixed ranges, write-combining. */
        *val = X86_MTRR_VAR_COUNT | (1u << 8) | (1u << 10);
        return true;
    case MSR_IA32_ARCH_CAPABILITIES:
        if (!x86_feature(env, FEAT_7_0_EDX, 29)) {
            break;
        }
        /* RDCL_NO IBRS_ALL... none claimed except "not affected" bits a
         * software emulator can honestly report: RDCL_NO, MDS_NO. */
        *val = (1u << 0) | (1u << 5);
        return true;
    case MSR_IA32_SYSENTER_CS:
        *val = env->sysenter_cs;
        return true;
    case MSR_IA32_SYSENTER_ESP:
        *val = env->sysenter_esp;
        return true;
    case MSR_IA32_SYSENTER_EIP:
        *val = env->sysenter_eip;
        return true;
    case MSR_MCG_CAP:
        if (!has_mca(env)) {
            break;
        }
        *val = env->mcg_cap;
        return true;
    case MSR_MCG_STATUS:
        if (!has_mca(env)) {
            break;
        }
        *val = env->mcg_status;
        return true;
    case MSR_MCG_CTL:
        if (!has_mca(env) || !(env->mcg_cap & MCG_CTL_P)) {
            break;
        }
        *val = env->mcg_ctl;
        return true;
    case MSR_IA32_MISC_ENABLE:
        *val = env->misc_enable;
        return true;
    case MSR_PAT:
        *val = env->pat;
        return true;
    case MSR_MTRRdefType:
        *val = env->mtrr_deftype;
        return true;
    case MSR_MTRRfix64K_00000:
        *val = env->mtrr_fixed[0];
        return true;
    case MSR_MTRRfix16K_80000:
    case MSR_MTRRfix16K_A0000:
        *val = env->mtrr_fixed[1 + index - MSR_MTRRfix16K_80000];
        return true;
    case MSR_MTRRfix4K_C0000 ... MSR_MTRRfix4K_F8000:
        *val = env->mtrr_fixed[3 + index - MSR_MTRRfix4K_C0000];
        return true;
    case MSR_MTRRphysBase0 ... MSR_MTRRphysBase0 + 2 * X86_MTRR_VAR_COUNT - 1:
        if (index & 1) {
            *val = env->mtrr_var_mask[(index - MSR_MTRRphysBase0) / 2];
        } else {
            *val = env->mtrr_var_base[(index - MSR_MTRRphysBase0) / 2];
        }
        return true;
    case MSR_MC0_CTL ... MSR_MC0_CTL + 4 * X86_MCE_BANKS - 1:
        if (!has_mca(env)) {
            break;
        }
        *val = env->mce_banks[index - MSR_MC0_CTL];
        return true;
    case MSR_IA32_TSC_DEADLINE:
        if (!x86_feature(env, FEAT_1_ECX, 24) || !cpu->apic_state) {
            break;
        }
        l = locked_call_begin();
        *val = apic_get_tsc_deadline(cpu->apic_state);
        locked_call_end(l);
        return true;
    case MSR_X2APIC_FIRST ... MSR_X2APIC_LAST: {
        bool ok;

        if (!cpu->apic_state) {
            break;
        }
        l = locked_call_begin();
        ok = apic_msr_read(cpu->apic_state, index, val);
        locked_call_end(l);
        return ok;
    }
    case MSR_IA32_XSS:
        if (!(env->features[FEAT_XSAVE] & (1u << 3))) {
            break;
        }
        *val = env->xss;
        return true;
    case MSR_EFER:
        *val = env->efer;
        return true;
    case MSR_STAR:
        *val = env->star;
        return true;
    case MSR_LSTAR:
        if (!has_lm(env)) {
            break;
        }
        *val = env->lstar;
        return true;
    case MSR_CSTAR:
        if (!has_lm(env)) {
            break;
        }
        *val = env->cstar;
        return true;
    case MSR_FMASK:
        if (!has_lm(env)) {
            break;
        }
        *val = env->fmask;
        return true;
    case MSR_FSBASE:
        if (!has_lm(env)) {
            break;
        }
        *val = env->segs[R_FS].base;
        return true;
    case MSR_GSBASE:
        if (!has_lm(env)) {
            break;
        }
        *val = env->segs[R_GS].base;
        return true;
    case MSR_KERNELGSBASE:
        if (!has_lm(env)) {
            break;
        }
        *val = env->kernelgsbase;
        return true;
    case MSR_TSC_AUX:
        if (!x86_feature(env, FEAT_8000_0001_EDX, 27) &&
            !x86_feature(env, FEAT_7_0_ECX, 22)) {
            break;
        }
        *val = env->tsc_aux;
        return true;
    case MSR_AMD_SYSCFG:
        /* Linux's MTRR setup reads it on AMD (family 0xf and later). */
    case MSR_AMD_INT_PENDING:
        /* Linux's AMD E400 idle check reads it (C1E off: 0). */
        if (!is_amd(env)) {
            break;
        }
        *val = 0;
        return true;
    default:
        qemu_log_mask(LOG_UNIMP, "x86: rdmsr of unknown MSR %#x\n", index);
        return false;
    }
    qemu_log_mask(LOG_UNIMP, "x86: rdmsr %#x: not on this CPU model\n",
                  index);
    return false;
}

static bool write_efer(CPUX86State *env, uint64_t val)
{
    uint64_t valid = efer_valid_bits(env);

    if (val & ~valid) {
        return false;
    }
    /* LME cannot change while paging is on; LMA is read-only. */
    if ((env->cr[0] & CR0_PG) && ((val ^ env->efer) & EFER_LME)) {
        return false;
    }
    val = (val & ~EFER_LMA) | (env->efer & EFER_LMA);
    if (((val ^ env->efer) & EFER_NXE) && (env->cr[0] & CR0_PG)) {
        tlb_flush(env_cpu(env));
    }
    env->efer = val;
    x86_update_hflags(env);
    return true;
}

bool x86_msr_write(CPUX86State *env, uint32_t index, uint64_t val)
{
    X86CPU *cpu = env_archcpu(env);
    bool l, ok;

    switch (index) {
    case MSR_IA32_TSC:
        env->tsc_offset += val - x86_get_tsc(env);
        return true;
    case MSR_IA32_APICBASE:
        if (!cpu->apic_state) {
            env->apic_base = val;
            return true;
        }
        l = locked_call_begin();
        ok = cpu_set_apic_base(cpu->apic_state, val);
        if (ok) {
            env->apic_base = cpu_get_apic_base(cpu->apic_state);
        }
        locked_call_end(l);
        return ok;
    case MSR_IA32_FEATURE_CONTROL:
        if (env->feature_control & 1) {
            return false;               /* locked until reset */
        }
        env->feature_control = val;
        return true;
    case MSR_IA32_TSC_ADJUST:
        if (!x86_feature(env, FEAT_7_0_EBX, 1)) {
            break;
        }
        env->tsc_offset += val - env->tsc_adjust;
        env->tsc_adjust = val;
        return true;
    case MSR_IA32_SPEC_CTRL:
        if (!x86_feature(env, FEAT_7_0_EDX, 26)) {
            break;
        }
        if (val & ~7ull) {              /* IBRS STIBP SSBD */
            return false;
        }
        env->spec_ctrl = val;
        return true;
    case MSR_IA32_PRED_CMD:
        if (!x86_feature(env, FEAT_7_0_EDX, 26)) {
            break;
        }
        return !(val & ~1ull);          /* IBPB: nothing to flush */
    case MSR_IA32_UCODE_REV:
        return true;
    case MSR_IA32_UMWAIT_CONTROL:
        if (!x86_feature(env, FEAT_7_0_ECX, 5)) {
            break;
        }
        /* Bits 31:2 time limit, bit 0 C0.2 disable; bit 1 and 63:32
         * reserved. */
        if (val & (2ull | 0xffffffff00000000ull)) {
            return false;
        }
        env->umwait_control = val;
        return true;
    case MSR_IA32_SYSENTER_CS:
        env->sysenter_cs = val & 0xffff;
        return true;
    case MSR_IA32_SYSENTER_ESP:
    case MSR_IA32_SYSENTER_EIP:
        if (has_lm(env) && !canonical(env, val)) {
            return false;
        }
        if (index == MSR_IA32_SYSENTER_ESP) {
            env->sysenter_esp = val;
        } else {
            env->sysenter_eip = val;
        }
        return true;
    case MSR_MCG_STATUS:
        if (!has_mca(env)) {
            break;
        }
        env->mcg_status = val;
        return true;
    case MSR_MCG_CTL:
        if (!has_mca(env) || !(env->mcg_cap & MCG_CTL_P)) {
            break;
        }
        if (val != 0 && val != ~0ull) {
            return false;
        }
        env->mcg_ctl = val;
        return true;
    case MSR_IA32_MISC_ENABLE:
        env->misc_enable = val;
        return true;
    case MSR_PAT:
        for (int i = 0; i < 8; i++) {
            if (!valid_mem_type((val >> (i * 8)) & 0xff, true)) {
                return false;
            }
        }
        env->pat = val;
        return true;
    case MSR_MTRRdefType:
        if (val & ~0xcffull || !valid_mem_type(val & 0xff, false)) {
            return false;
        }
        env->mtrr_deftype = val;
        return true;
    case MSR_MTRRfix64K_00000:
    case MSR_MTRRfix16K_80000:
    case MSR_MTRRfix16K_A0000:
    case MSR_MTRRfix4K_C0000 ... MSR_MTRRfix4K_F8000: {
        int slot = index == MSR_MTRRfix64K_00000 ? 0 :
                   index <= MSR_MTRRfix16K_A0000 ?
                   1 + index - MSR_MTRRfix16K_80000 :
                   3 + index - MSR_MTRRfix4K_C0000;

        for (int i = 0; i < 8; i++) {
            if (!valid_mem_type((val >> (i * 8)) & 0xff, false)) {
                return false;
            }
        }
        env->mtrr_fixed[slot] = val;
        return true;
    }
    case MSR_MTRRphysBase0 ... MSR_MTRRphysBase0 + 2 * X86_MTRR_VAR_COUNT - 1: {
        int n = (index - MSR_MTRRphysBase0) / 2;
        uint64_t phys = ~((1ull << X86_PHYS_BITS) - 1);

        if (index & 1) {
            if (val & (phys | 0x7ffull)) {
                return false;
            }
            env->mtrr_var_mask[n] = val;
        } else {
            if (val & (phys | 0xf00ull) || !valid_mem_type(val & 0xff, false)) {
                return false;
            }
            env->mtrr_var_base[n] = val;
        }
        return true;
    }
    case MSR_MC0_CTL ... MSR_MC0_CTL + 4 * X86_MCE_BANKS - 1: {
        int reg = (index - MSR_MC0_CTL) & 3;

        if (!has_mca(env)) {
            break;
        }
        /*
         * CTL: any value (each bit enables the reporting of one error
         * type; Linux writes ~0 with bit 10 clear to bank 4).
         * STATUS: only clearing.
         */
        if (reg == 1 && val) {
            return false;
        }
        env->mce_banks[index - MSR_MC0_CTL] = val;
        return true;
    }
    case MSR_IA32_TSC_DEADLINE:
        if (!x86_feature(env, FEAT_1_ECX, 24) || !cpu->apic_state) {
            break;
        }
        l = locked_call_begin();
        apic_set_tsc_deadline(cpu->apic_state, val);
        locked_call_end(l);
        env->tsc_deadline = val;
        return true;
    case MSR_X2APIC_FIRST ... MSR_X2APIC_LAST:
        if (!cpu->apic_state) {
            break;
        }
        l = locked_call_begin();
        ok = apic_msr_write(cpu->apic_state, index, val);
        locked_call_end(l);
        return ok;
    case MSR_IA32_XSS:
        if (!(env->features[FEAT_XSAVE] & (1u << 3))) {
            break;
        }
        if (val) {                      /* no supervisor state modelled */
            return false;
        }
        env->xss = val;
        return true;
    case MSR_EFER:
        return write_efer(env, val);
    case MSR_STAR:
        env->star = val;
        return true;
    case MSR_LSTAR:
    case MSR_CSTAR:
    case MSR_FSBASE:
    case MSR_GSBASE:
    case MSR_KERNELGSBASE:
        if (!has_lm(env)) {
            break;
        }
        if (!canonical(env, val)) {
            return false;
        }
        switch (index) {
        case MSR_LSTAR:
            env->lstar = val;
            break;
        case MSR_CSTAR:
            env->cstar = val;
            break;
        case MSR_FSBASE:
            env->segs[R_FS].base = val;
            break;
        case MSR_GSBASE:
            env->segs[R_GS].base = val;
            break;
        default:
            env->kernelgsbase = val;
            break;
        }
        return true;
    case MSR_FMASK:
        if (!has_lm(env)) {
            break;
        }
        env->fmask = (uint32_t)val;
        return true;
    case MSR_TSC_AUX:
        if (!x86_feature(env, FEAT_8000_0001_EDX, 27) &&
            !x86_feature(env, FEAT_7_0_ECX, 22)) {
            break;
        }
        if (val >> 32) {
            return false;
        }
        env->tsc_aux = val;
        return true;
    case MSR_AMD_SYSCFG:
    case MSR_AMD_INT_PENDING:
        if (!is_amd(env)) {
            break;
        }
        if (val) {
            qemu_log_mask(LOG_UNIMP, "x86: MSR %#x bits %#" PRIx64
                          " not implemented\n", index, val);
            return false;
        }
        return true;
    default:
        qemu_log_mask(LOG_UNIMP, "x86: wrmsr of unknown MSR %#x "
                      "value %#" PRIx64 "\n", index, val);
        return false;
    }
    qemu_log_mask(LOG_UNIMP, "x86: wrmsr %#x: not on this CPU model\n",
                  index);
    return false;
}

void helper_rdmsr(CPUX86State *env)
{
    uintptr_t ra = GETPC();
    uint64_t val = 0;

    if (x86_cpl(env) != 0 ||
        !x86_msr_read(env, (uint32_t)env->regs[R_ECX], &val)) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    env->regs[R_EAX] = (uint32_t)val;
    env->regs[R_EDX] = val >> 32;
}

void helper_wrmsr(CPUX86State *env)
{
    uintptr_t ra = GETPC();
    uint64_t val = ((uint64_t)(uint32_t)env->regs[R_EDX] << 32) |
                   (uint32_t)env->regs[R_EAX];

    if (x86_cpl(env) != 0 ||
        !x86_msr_write(env, (uint32_t)env->regs[R_ECX], val)) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
}
