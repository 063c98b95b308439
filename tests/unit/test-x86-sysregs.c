/*
 * x86 system registers unit test: hflags derivation and the TB key,
 * CPUID leaves generated from the model, RDMSR/WRMSR rules (EFER,
 * IA32_UMWAIT_CONTROL, PAT, MTRRs, bases, TSC...), MOV CR0/CR4 checks,
 * XSETBV, the I/O permission bitmap, RDTSC/RDPMC privilege and the
 * UMWAIT/TPAUSE operand rules. No machine and no accelerator: a CPU
 * object, guest RAM, and helpers called directly with the exception
 * hook. Facts from the Intel SDM vols. 2-4.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "exec/memory.h"
#include "target/i386/tcg/sys-internal.h"
#include <setjmp.h>

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

static CPUX86State *env;
static sigjmp_buf jb;
static int last_vec, last_err;

static void hook(CPUX86State *e, int vector, int error_code)
{
    last_vec = vector;
    last_err = error_code;
    siglongjmp(jb, 1);
}

#define EXPECT_EXC(vec, err, stmt) \
    do { \
        last_vec = -2; \
        if (!sigsetjmp(jb, 0)) { \
            stmt; \
            g_assert_not_reached(); \
        } \
        env->old_exception = -1; \
        g_assert_cmpint(last_vec, ==, (vec)); \
        g_assert_cmphex(last_err, ==, (err)); \
    } while (0)

static void seg(int s, uint32_t sel, uint64_t base, uint32_t flags)
{
    cpu_x86_load_seg_cache(env, s, sel, base, 0xffffffff, flags);
}

/* Flat 32-bit protected mode at CPL cpl. */
static void pmode(int cpl)
{
    cpu_reset(env_cpu(env));
    env->cr[0] = CR0_PE | CR0_ET;
    env->eflags = 0x2;
    seg(R_CS, 0x08 | cpl, 0, 0xc09b00 | (cpl << DESC_DPL_SHIFT));
    for (int s = 0; s < R_NB_SEGS; s++) {
        if (s != R_CS) {
            seg(s, 0x10 | cpl, 0, 0xc09300 | (cpl << DESC_DPL_SHIFT));
        }
    }
}

/* ---- hflags -------------------------------------------------------------- */

static void test_hflags(void)
{
    uint64_t pc, cs_base;
    uint32_t flags;

    cpu_reset(env_cpu(env));
    /* Reset: real mode, 16-bit, CPL 0. */
    g_assert_cmphex(env->hflags & (HF_PE | HF_CS32 | HF_SS32 | HF_CPL_MASK),
                    ==, 0);
    g_assert_true(env->hflags & HF_ADDSEG);
    x86_cpu_get_tb_cpu_state(env, &pc, &cs_base, &flags);
    g_assert_cmphex(pc, ==, 0xfffffff0);
    g_assert_cmphex(cs_base, ==, 0xffff0000);

    pmode(0);
    g_assert_cmphex(env->hflags & (HF_PE | HF_CS32 | HF_SS32 | HF_ADDSEG),
                    ==, HF_PE | HF_CS32 | HF_SS32);
    seg(R_DS, 0x10, 0x1000, 0xc09300);
    g_assert_true(env->hflags & HF_ADDSEG);
    pmode(3);
    g_assert_cmpint(env->hflags & HF_CPL_MASK, ==, 3);
    /* Virtual-8086: CPL 3 whatever CS says. */
    pmode(0);
    env->eflags |= VM_MASK;
    x86_update_hflags(env);
    g_assert_cmpint(env->hflags & HF_CPL_MASK, ==, 3);
    g_assert_true(env->hflags & HF_VM);
    /* Long mode: CS.L gives 64-bit code (with flat SS/CS32 semantics). */
    pmode(0);
    env->efer = EFER_LME | EFER_LMA;
    seg(R_CS, 0x08, 0, 0xa09b00);
    g_assert_cmphex(env->hflags & (HF_LMA | HF_CS64 | HF_CS32 | HF_SS32),
                    ==, HF_LMA | HF_CS64 | HF_CS32 | HF_SS32);
    /* Compatibility mode: 32-bit code with LMA. */
    seg(R_CS, 0x08, 0, 0xc09b00);
    g_assert_cmphex(env->hflags & (HF_LMA | HF_CS64 | HF_CS32),
                    ==, HF_LMA | HF_CS32);
    /* CR0 / CR4 / XCR0 bits. */
    env->cr[0] |= CR0_MP | CR0_TS | CR0_WP | CR0_AM | CR0_PG;
    env->cr[4] = CR4_OSFXSR | CR4_SMAP | CR4_UMIP | CR4_PKE | CR4_FSGSBASE;
    x86_update_hflags(env);
    g_assert_cmphex(env->hflags & (HF_MP | HF_EM | HF_TS | HF_WP | HF_AM |
                                   HF_PG | HF_OSFXSR | HF_SMAP | HF_UMIP |
                                   HF_PKRU | HF_FSGSBASE | HF_OSXSAVE),
                    ==, HF_MP | HF_TS | HF_WP | HF_AM | HF_PG | HF_OSFXSR |
                        HF_SMAP | HF_UMIP | HF_PKRU | HF_FSGSBASE);
    env->xcr0 = 7;
    x86_update_hflags(env);
    g_assert_false(env->hflags & HF_AVX_EN);
    env->cr[4] |= CR4_OSXSAVE;
    x86_update_hflags(env);
    g_assert_true(env->hflags & (HF_AVX_EN | HF_OSXSAVE));
    /* The TB key takes TF/IOPL/AC/RF from EFLAGS as they are now. */
    env->eflags |= TF_MASK | (2 << 12) | AC_MASK;
    env->eip = 0x1234;
    x86_cpu_get_tb_cpu_state(env, &pc, &cs_base, &flags);
    g_assert_cmphex(flags & (HF_TF | HF_AC | (3u << HF_IOPL_SHIFT)), ==,
                    HF_TF | HF_AC | (2u << HF_IOPL_SHIFT));
    g_assert_cmphex(pc, ==, 0x1234);
    /* Interrupt shadow survives recomputation. */
    env->hflags |= HF_INHIBIT_IRQ;
    x86_update_hflags(env);
    g_assert_true(env->hflags & HF_INHIBIT_IRQ);
}

/* ---- CPUID ------------------------------------------------------------------ */

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    x86_cpuid(env, leaf, sub, &r[0], &r[1], &r[2], &r[3]);
}

static void test_cpuid(void)
{
    uint32_t r[4], brand[12];
    char vendor[13] = { 0 };
    uint32_t saved[FEATURE_WORDS], saved_vendor1 = env->cpuid_vendor1;

    cpu_reset(env_cpu(env));
    memcpy(saved, env->features, sizeof(saved));
    cpuid(0, 0, r);
    memcpy(vendor, &r[1], 4);
    memcpy(vendor + 4, &r[3], 4);
    memcpy(vendor + 8, &r[2], 4);
    g_assert_cmpstr(vendor, ==, "AuthenticAMD");
    g_assert_cmphex(r[0], ==, env->cpuid_level);
    cpuid(1, 0, r);
    g_assert_cmphex(r[0], ==, env->cpuid_version);
    g_assert_cmphex(r[1] >> 24, ==, env_archcpu(env)->apic_id);
    g_assert_cmphex(r[3], ==, env->features[FEAT_1_EDX]);
    g_assert_false(r[2] & (1u << 27));          /* OSXSAVE follows CR4 */
    env->cr[4] |= CR4_OSXSAVE;
    cpuid(1, 0, r);
    g_assert_true(r[2] & (1u << 27));
    env->cr[4] = 0;
    /* Leaf 7: WAITPKG only when the model has it. */
    cpuid(7, 0, r);
    g_assert_false(r[2] & (1u << 5));
    env->features[FEAT_7_0_ECX] |= 1u << 5;
    cpuid(7, 0, r);
    g_assert_true(r[2] & (1u << 5));
    /* XSAVE sizes: legacy 576, AVX at 576 + 256. */
    env->features[FEAT_1_ECX] |= (1u << 26) | (1u << 28);
    env->xcr0 = 3;
    cpuid(0xd, 0, r);
    g_assert_cmphex(r[0], ==, 7);
    g_assert_cmpint(r[1], ==, 576);
    g_assert_cmpint(r[2], ==, 832);
    cpuid(0xd, 2, r);
    g_assert_cmpint(r[0], ==, 256);
    g_assert_cmpint(r[1], ==, 576);
    /* Brand string and address sizes. */
    for (int i = 0; i < 3; i++) {
        cpuid(0x80000002 + i, 0, &brand[i * 4]);
    }
    g_assert_cmpint(memcmp(brand, env->cpuid_model,
                           strlen(env->cpuid_model)), ==, 0);
    cpuid(0x80000008, 0, r);
    g_assert_cmphex(r[0] & 0xffff, ==, (48 << 8) | X86_PHYS_BITS);
    cpuid(0x80000001, 0, r);
    g_assert_true(r[3] & (1u << 29));           /* lm */
    /* Out of range: zeros on AMD, the last basic leaf on Intel. */
    cpuid(env->cpuid_xlevel + 1, 0, r);
    g_assert_cmphex(r[0] | r[1] | r[2] | r[3], ==, 0);
    env->cpuid_vendor1 = 0x756e6547;
    cpuid(0x8fffffff, 0, r);
    {
        uint32_t last[4];
        cpuid(env->cpuid_level, 0, last);
        g_assert_cmpmem(r, 16, last, 16);
    }
    /* Leaf 4 (Intel): cache levels, then a null type. */
    cpuid(4, 0, r);
    g_assert_cmphex(r[0] & 0x1f, ==, 1);
    cpuid(4, 4, r);
    g_assert_cmphex(r[0] & 0x1f, ==, 0);
    /* Leaf 0xb: x2APIC id and level types. */
    cpuid(0xb, 0, r);
    g_assert_cmphex((r[2] >> 8) & 0xff, ==, 1);
    cpuid(0xb, 1, r);
    g_assert_cmphex((r[2] >> 8) & 0xff, ==, 2);
    cpuid(0xb, 2, r);
    g_assert_cmphex((r[2] >> 8) & 0xff, ==, 0);
    memcpy(env->features, saved, sizeof(saved));
    env->cpuid_vendor1 = saved_vendor1;
    cpu_reset(env_cpu(env));
}

/* ---- MSRs -------------------------------------------------------------------- */

static uint64_t rd(uint32_t msr)
{
    uint64_t v = 0xdeadbeef;

    g_assert_true(x86_msr_read(env, msr, &v));
    return v;
}

static void test_msr(void)
{
    uint64_t v;

    cpu_reset(env_cpu(env));
    /* EFER: SCE LME NXE on qemu64; SVME and bit 1 reserved. */
    g_assert_true(x86_msr_write(env, MSR_EFER, EFER_SCE | EFER_NXE));
    g_assert_cmphex(rd(MSR_EFER), ==, EFER_SCE | EFER_NXE);
    g_assert_false(x86_msr_write(env, MSR_EFER, 2));
    g_assert_false(x86_msr_write(env, MSR_EFER, EFER_SVME));
    /* LMA is read-only. */
    g_assert_true(x86_msr_write(env, MSR_EFER, EFER_LMA));
    g_assert_false(rd(MSR_EFER) & EFER_LMA);
    /* LME cannot change with paging on. */
    env->cr[0] |= CR0_PE | CR0_PG;
    g_assert_false(x86_msr_write(env, MSR_EFER, EFER_LME));
    env->cr[0] &= ~(CR0_PE | CR0_PG);

    /* IA32_UMWAIT_CONTROL: needs WAITPKG; bit 1 and 63:32 reserved. */
    g_assert_false(x86_msr_read(env, MSR_IA32_UMWAIT_CONTROL, &v));
    env->features[FEAT_7_0_ECX] |= 1u << 5;
    g_assert_cmphex(rd(MSR_IA32_UMWAIT_CONTROL), ==, 0x186a0);
    g_assert_true(x86_msr_write(env, MSR_IA32_UMWAIT_CONTROL, 0x1001));
    g_assert_cmphex(rd(MSR_IA32_UMWAIT_CONTROL), ==, 0x1001);
    g_assert_false(x86_msr_write(env, MSR_IA32_UMWAIT_CONTROL, 2));
    g_assert_false(x86_msr_write(env, MSR_IA32_UMWAIT_CONTROL, 1ull << 32));
    g_assert_cmphex(rd(MSR_IA32_UMWAIT_CONTROL), ==, 0x1001);
    env->features[FEAT_7_0_ECX] &= ~(1u << 5);

    /* PAT: memory types 2 and 3 are reserved. */
    g_assert_cmphex(rd(MSR_PAT), ==, 0x0007040600070406ull);
    g_assert_false(x86_msr_write(env, MSR_PAT, 0x02));
    g_assert_true(x86_msr_write(env, MSR_PAT, 0x0106));
    /* MTRRs */
    g_assert_cmphex(rd(MSR_MTRRcap) & 0xff, ==, X86_MTRR_VAR_COUNT);
    g_assert_true(x86_msr_write(env, MSR_MTRRdefType, 0xc06));
    g_assert_false(x86_msr_write(env, MSR_MTRRdefType, 0x1006));
    g_assert_false(x86_msr_write(env, MSR_MTRRdefType, 0xc07));
    g_assert_true(x86_msr_write(env, MSR_MTRRphysBase0 + 2, 0x80000006));
    g_assert_cmphex(rd(MSR_MTRRphysBase0 + 2), ==, 0x80000006);
    g_assert_false(x86_msr_write(env, MSR_MTRRphysBase0 + 3, 0x100));
    g_assert_false(x86_msr_write(env, MSR_MTRRphysBase0,
                                 1ull << X86_PHYS_BITS));
    g_assert_true(x86_msr_write(env, MSR_MTRRfix4K_F8000,
                                0x0606060606060606ull));
    g_assert_cmphex(env->mtrr_fixed[10], ==, 0x0606060606060606ull);
    /* Bases: canonical only. */
    g_assert_true(x86_msr_write(env, MSR_GSBASE, 0xffff888000000000ull));
    g_assert_cmphex(env->segs[R_GS].base, ==, 0xffff888000000000ull);
    g_assert_false(x86_msr_write(env, MSR_FSBASE, 0x0000800000000000ull));
    g_assert_false(x86_msr_write(env, MSR_LSTAR, 0x8000000000000000ull));
    g_assert_true(x86_msr_write(env, MSR_KERNELGSBASE, 0x1000));
    g_assert_cmphex(rd(MSR_KERNELGSBASE), ==, 0x1000);
    g_assert_true(x86_msr_write(env, MSR_FMASK, 0x1234567800000200ull));
    g_assert_cmphex(rd(MSR_FMASK), ==, 0x200);
    /* SYSENTER */
    g_assert_true(x86_msr_write(env, MSR_IA32_SYSENTER_CS, 0x10008));
    g_assert_cmphex(rd(MSR_IA32_SYSENTER_CS), ==, 0x8);
    /* Feature control locks itself. */
    g_assert_true(x86_msr_write(env, MSR_IA32_FEATURE_CONTROL, 1));
    g_assert_false(x86_msr_write(env, MSR_IA32_FEATURE_CONTROL, 0));
    /* Machine check: qemu64 has MCA with 10 banks. */
    g_assert_cmphex(rd(MSR_MCG_CAP), ==, 0x100 | X86_MCE_BANKS);
    g_assert_true(x86_msr_write(env, MSR_MC0_CTL + 4, ~0ull));
    /* MCi_CTL takes any value (Linux: ~0 without bit 10 to MC4_CTL). */
    g_assert_true(x86_msr_write(env, MSR_MC0_CTL + 16, 0xfffffffffffffbffull));
    g_assert_cmphex(rd(MSR_MC0_CTL + 16), ==, 0xfffffffffffffbffull);
    /* AMD SYSCFG (qemu64 is AMD): reads 0 (Linux's MTRR setup reads it) */
    g_assert_cmphex(rd(0xc0010010), ==, 0);
    g_assert_true(x86_msr_write(env, 0xc0010010, 0));
    g_assert_false(x86_msr_write(env, 0xc0010010, 1ull << 19));
    g_assert_cmphex(rd(0xc0010055), ==, 0);     /* AMD IntPend: no C1E */
    g_assert_false(x86_msr_write(env, MSR_MC0_CTL + 5, 1));
    g_assert_false(x86_msr_write(env, MSR_MCG_CAP, 0));
    /* Absent on this model / unknown / no APIC: #GP. */
    g_assert_false(x86_msr_read(env, MSR_IA32_SPEC_CTRL, &v));
    g_assert_false(x86_msr_read(env, 0x12345678, &v));
    g_assert_false(x86_msr_write(env, 0x12345678, 0));
    g_assert_false(x86_msr_read(env, 0x802, &v));
    g_assert_false(x86_msr_read(env, MSR_IA32_TSC_DEADLINE, &v));
    /* TSC_AUX needs rdtscp; 63:32 reserved. */
    env->features[FEAT_8000_0001_EDX] |= 1u << 27;
    g_assert_true(x86_msr_write(env, MSR_TSC_AUX, 7));
    g_assert_cmphex(rd(MSR_TSC_AUX), ==, 7);
    g_assert_false(x86_msr_write(env, MSR_TSC_AUX, 1ull << 32));
    env->features[FEAT_8000_0001_EDX] &= ~(1u << 27);
}

static void test_tsc(void)
{
    cpu_reset(env_cpu(env));
    env->tsc_khz = 2000000;                     /* 2 GHz */
    env->tsc_offset = 0;
    qemu_clock_set_virtual(1000);
    g_assert_cmpuint(x86_get_tsc(env), ==, 2000);
    qemu_clock_advance_virtual(500);
    g_assert_cmpuint(rd(MSR_IA32_TSC), ==, 3000);
    g_assert_true(x86_msr_write(env, MSR_IA32_TSC, 100000));
    g_assert_cmpuint(rd(MSR_IA32_TSC), ==, 100000);
    qemu_clock_advance_virtual(10);
    g_assert_cmpuint(rd(MSR_IA32_TSC), ==, 100020);
    pmode(0);
    env->tsc_khz = 2000000;
    env->tsc_offset = 0;
    helper_rdtsc(env);
    g_assert_cmpuint(((uint64_t)env->regs[R_EDX] << 32) | env->regs[R_EAX],
                     ==, x86_get_tsc(env));
    /* CR4.TSD: RDTSC only at CPL 0; RDPMC needs CR4.PCE at CPL 3. */
    pmode(3);
    env->cr[4] |= CR4_TSD;
    EXPECT_EXC(EXCP_GP, 0, helper_rdtsc(env));
    EXPECT_EXC(EXCP_GP, 0, helper_rdpmc(env));
    env->cr[4] |= CR4_PCE;
    env->regs[R_ECX] = 0;
    helper_rdpmc(env);
    env->tsc_khz = 0;
}

static void test_cr_checks(void)
{
    uint32_t saved = env->features[FEAT_7_0_EBX];

    cpu_reset(env_cpu(env));
    g_assert_true(x86_cr0_write_ok(env, CR0_PE | CR0_ET));
    g_assert_false(x86_cr0_write_ok(env, CR0_PG));
    g_assert_false(x86_cr0_write_ok(env, CR0_NW));
    g_assert_false(x86_cr0_write_ok(env, 1ull << 32));
    g_assert_true(x86_cr0_write_ok(env, CR0_NW | CR0_CD));
    /* Long mode needs CR4.PAE when paging turns on with EFER.LME. */
    env->efer = EFER_LME;
    g_assert_false(x86_cr0_write_ok(env, CR0_PE | CR0_PG));
    env->cr[4] = CR4_PAE;
    g_assert_true(x86_cr0_write_ok(env, CR0_PE | CR0_PG));
    env->efer = 0;
    env->cr[4] = 0;
    /* CR4 bits only with their CPUID features. */
    g_assert_true(x86_cr4_write_ok(env, CR4_PAE | CR4_PGE | CR4_OSFXSR));
    g_assert_false(x86_cr4_write_ok(env, CR4_SMEP));
    g_assert_false(x86_cr4_write_ok(env, CR4_VMXE));
    g_assert_false(x86_cr4_write_ok(env, 1ull << 32));
    env->features[FEAT_7_0_EBX] |= 1u << 7;
    g_assert_true(x86_cr4_write_ok(env, CR4_SMEP));
    env->features[FEAT_7_0_EBX] = saved;
    /* In long mode PAE stays on. */
    env->efer = EFER_LME | EFER_LMA;
    env->cr[4] = CR4_PAE;
    x86_update_hflags(env);
    g_assert_false(x86_cr4_write_ok(env, 0));
    env->efer = 0;
    env->cr[4] = 0;
    x86_update_hflags(env);
    /* Reading/writing CRs at CPL 3 faults. */
    pmode(3);
    EXPECT_EXC(EXCP_GP, 0, helper_read_crN(env, 0));
    EXPECT_EXC(EXCP_GP, 0, helper_write_crN(env, 4, 0));
    pmode(0);
    EXPECT_EXC(EXCP_GP, 0, helper_write_crN(env, 4, CR4_VMXE));
    EXPECT_EXC(EXCP_GP, 0, helper_write_crN(env, 8, 0x10));
    helper_write_crN(env, 2, 0xabc);
    g_assert_cmphex(helper_read_crN(env, 2), ==, 0xabc);
    /* Debug registers: DR4 aliases DR6 unless CR4.DE. */
    helper_set_dr(env, 6, 0);
    g_assert_cmphex(helper_get_dr(env, 4), ==, 0xffff0ff0);
    env->cr[4] |= CR4_DE;
    EXPECT_EXC(EXCP_UD, 0, helper_get_dr(env, 4));
}

static void test_xsetbv(void)
{
    pmode(0);
    env->features[FEAT_1_ECX] |= (1u << 26) | (1u << 28);   /* xsave avx */
    env->regs[R_ECX] = 0;
    env->regs[R_EDX] = 0;
    env->regs[R_EAX] = 7;
    EXPECT_EXC(EXCP_UD, 0, helper_xsetbv(env));
    env->cr[4] |= CR4_OSXSAVE;
    x86_update_hflags(env);
    helper_xsetbv(env);
    g_assert_cmphex(env->xcr0, ==, 7);
    g_assert_true(env->hflags & HF_AVX_EN);
    env->regs[R_EAX] = 6;                       /* x87 bit must be set */
    EXPECT_EXC(EXCP_GP, 0, helper_xsetbv(env));
    env->regs[R_EAX] = 5;                       /* AVX without SSE */
    EXPECT_EXC(EXCP_GP, 0, helper_xsetbv(env));
    env->regs[R_EAX] = 0x1f;                    /* unsupported */
    EXPECT_EXC(EXCP_GP, 0, helper_xsetbv(env));
    env->regs[R_EAX] = 3;
    env->regs[R_ECX] = 1;
    EXPECT_EXC(EXCP_GP, 0, helper_xsetbv(env));
    env->regs[R_ECX] = 0;
    helper_xgetbv(env);
    g_assert_cmphex(env->regs[R_EAX], ==, 7);
    env->features[FEAT_1_ECX] &= ~((1u << 26) | (1u << 28));
}

static void test_io_bitmap(void)
{
    /* 32-bit TSS at 0x3000, bitmap at offset 0x68, limit covering 0x400
     * ports plus the terminating byte. */
    pmode(3);
    address_space_set(&address_space_memory, 0x3000, 0, 0x1000,
                      MEMTXATTRS_UNSPECIFIED);
    address_space_stw_le(&address_space_memory, 0x3066, 0x68,
                         MEMTXATTRS_UNSPECIFIED, NULL);
    address_space_stb(&address_space_memory, 0x3068 + 0x80 / 8, 0x02,
                      MEMTXATTRS_UNSPECIFIED, NULL);    /* port 0x81 */
    address_space_stb(&address_space_memory, 0x3068 + 0x80, 0xff,
                      MEMTXATTRS_UNSPECIFIED, NULL);
    env->tr = (SegmentCache) { .selector = 0x28, .base = 0x3000,
                               .limit = 0x68 + 0x80, .flags = 0x8b00 };
    helper_check_io(env, 0x80, 1);
    EXPECT_EXC(EXCP_GP, 0, helper_check_io(env, 0x81, 1));
    EXPECT_EXC(EXCP_GP, 0, helper_check_io(env, 0x80, 2));  /* spans 0x81 */
    helper_check_io(env, 0x82, 4);
    /* Beyond the bitmap (TSS limit): denied. */
    EXPECT_EXC(EXCP_GP, 0, helper_check_io(env, 0x800, 1));
    /* IOPL 3 needs no bitmap; in vm86 the bitmap always applies. */
    env->eflags |= IOPL_MASK;
    helper_check_io(env, 0x81, 1);
    env->eflags |= VM_MASK;
    EXPECT_EXC(EXCP_GP, 0, helper_check_io(env, 0x81, 1));
    /* A 16-bit TSS has no bitmap. */
    env->eflags &= ~(VM_MASK | IOPL_MASK);
    env->tr.flags = 0x8300;
    EXPECT_EXC(EXCP_GP, 0, helper_check_io(env, 0x80, 1));
}

static void test_umwait_rules(void)
{
    pmode(3);
    env->cc_src = CC_C | CC_Z;
    /* Reserved control bits: #GP(0). */
    EXPECT_EXC(EXCP_GP, 0, helper_tpause(env, 2, 3));
    /* CR4.TSD at CPL 3: #GP(0). */
    env->cr[4] |= CR4_TSD;
    EXPECT_EXC(EXCP_GP, 0, helper_tpause(env, 0, 3));
    env->cr[4] &= ~CR4_TSD;
    /* A deadline already passed returns at once with CF=0. */
    env->regs[R_EDX] = 0;
    env->regs[R_EAX] = 0;
    env->eip = 0x100;
    helper_tpause(env, 1, 3);
    g_assert_cmphex(env->cc_src, ==, CC_Z);
    g_assert_cmphex(env->eip, ==, 0x100);
    /* UMWAIT without UMONITOR: nothing to wait for. */
    env->cc_src = CC_C;
    env->regs[R_EDX] = 0xffffffff;
    helper_umwait(env, 0, 3);
    g_assert_cmphex(env->cc_src, ==, 0);
}

static void test_pkru(void)
{
    pmode(3);
    EXPECT_EXC(EXCP_UD, 0, helper_rdpkru(env, 0));
    EXPECT_EXC(EXCP_UD, 0, helper_wrpkru(env, 0, 0));
    env->cr[4] |= CR4_PKE;
    env->pkru = 0x55;
    g_assert_cmphex(helper_rdpkru(env, 0), ==, 0x55);
    EXPECT_EXC(EXCP_GP, 0, helper_rdpkru(env, 1));
    EXPECT_EXC(EXCP_GP, 0, helper_wrpkru(env, 0, 1ull << 32));
    EXPECT_EXC(EXCP_GP, 0, helper_wrpkru(env, 1, 0));
}

int main(int argc, char **argv)
{
    static MemoryRegion ram;
    X86CPU *cpu;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    qemu_clock_set_virtual_manual(true);
    memory_region_init_ram(&ram, NULL, "test-x86-sysregs.ram", 1 * MiB,
                           &error_abort);
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    cpu = x86_cpu_create(X86_CPU_TYPE_NAME("qemu64"), NULL, 0, &error_abort);
    cpu_reset(CPU(cpu));
    env = &cpu->env;
    x86_sys_direct_access = true;
    x86_sys_exception_hook = hook;

    g_test_add_func("/x86/sysregs/hflags", test_hflags);
    g_test_add_func("/x86/sysregs/cpuid", test_cpuid);
    g_test_add_func("/x86/sysregs/msr", test_msr);
    g_test_add_func("/x86/sysregs/tsc", test_tsc);
    g_test_add_func("/x86/sysregs/cr-checks", test_cr_checks);
    g_test_add_func("/x86/sysregs/xsetbv", test_xsetbv);
    g_test_add_func("/x86/sysregs/io-bitmap", test_io_bitmap);
    g_test_add_func("/x86/sysregs/umwait-rules", test_umwait_rules);
    g_test_add_func("/x86/sysregs/pkru", test_pkru);
    return g_test_run();
}
