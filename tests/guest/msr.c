/*
 * MSRs: EFER (mode bits, writable bits, reserved bits), APIC_BASE, the
 * TSC (monotonic, RDMSR vs RDTSC, writes), PAT (reset value, invalid
 * types), SYSENTER/SYSCALL and segment-base MSRs, TSC_AUX, #GP for
 * unknown MSRs and for RDMSR at CPL 3.
 */
#include "guest.h"
#include "apic.h"
#include "desc.h"
#include "processor.h"

#define X86_FEATURE_SYSCALL X86_FEATURE(0x80000001, 0, EDX, 11)

/* Writes val, reads it back, restores the old value. */
static bool msr_roundtrip(u32 index, u64 val)
{
    u64 old, got;

    if (rdmsr_safe(index, &old) != -1 || wrmsr_safe(index, val) != -1) {
        return false;
    }
    got = rdmsr(index);
    wrmsr(index, old);
    return got == val;
}

/* QEMU's TCG accepts many writes that CPUs (and KVM) refuse with #GP. */
#define TCG_ACCEPTS "accepted without #GP (QEMU's TCG)"
#define TCG_ACCEPTS_PAT "accepted without #GP (QEMU's TCG; KVM on PVM hosts)"

static void expect_wrmsr_gp_note(u32 index, u64 val, const char *what,
                                 const char *note)
{
    u64 old = rdmsr(index);
    int v = wrmsr_safe(index, val);

    if (v == -1) {
        wrmsr(index, old);
    }
    report_known(v == GP_VECTOR, v == -1, note, "%s raises #GP", what);
}

static void expect_wrmsr_gp(u32 index, u64 val, const char *what)
{
    u64 old = rdmsr(index);
    int v = wrmsr_safe(index, val);

    if (v == -1) {
        wrmsr(index, old);
    }
    report_known(v == GP_VECTOR, v == -1, TCG_ACCEPTS, "%s raises #GP",
                 what);
}

static void test_efer(void)
{
    u64 efer;

    if (!cpu_has(X86_FEATURE_LM) && !cpu_has(X86_FEATURE_NX)) {
        report_skip("EFER: neither long mode nor NX in CPUID");
        return;
    }
    efer = rdmsr(MSR_EFER);
#ifdef __x86_64__
    report((efer & (EFER_LME | EFER_LMA)) == (EFER_LME | EFER_LMA),
           "EFER.LME and EFER.LMA are set in long mode");
    expect_wrmsr_gp(MSR_EFER, efer & ~EFER_LME,
                    "clearing EFER.LME with paging on");
#else
    report(!(efer & EFER_LMA), "EFER.LMA is clear in protected mode");
#endif
    if (cpu_has(X86_FEATURE_SYSCALL)) {
        report(msr_roundtrip(MSR_EFER, efer ^ EFER_SCE),
               "EFER.SCE is writable");
    } else {
        report_skip("EFER.SCE: no SYSCALL");
    }
    if (cpu_has(X86_FEATURE_NX)) {
        report(msr_roundtrip(MSR_EFER, efer | EFER_NXE),
               "EFER.NXE is writable with NX");
    } else {
        report(wrmsr_safe(MSR_EFER, efer | EFER_NXE) == GP_VECTOR,
               "EFER.NXE is reserved without NX");
    }
    expect_wrmsr_gp(MSR_EFER, efer | BIT(2), "a reserved EFER bit");
    report(rdmsr(MSR_EFER) == efer, "EFER is unchanged after the #GPs");
}

static void test_apic_base(void)
{
    u64 base = rdmsr(MSR_IA32_APICBASE);
    unsigned phys = cpu_phys_bits();

    report(base & APIC_BASE_BSP, "APIC_BASE.BSP is set on the BSP");
    report(base & APIC_BASE_EN, "APIC_BASE.EN is set at boot");
    report((base & ~0xfffull) == APIC_DEFAULT_BASE,
           "APIC_BASE address is 0xfee00000");
    if (phys < 52) {
        expect_wrmsr_gp(MSR_IA32_APICBASE, base | (1ull << phys),
                        "an APIC_BASE bit above MAXPHYADDR");
    }
    report(rdmsr(MSR_IA32_APICBASE) == base, "APIC_BASE is unchanged");
}

static void test_tsc(void)
{
    u64 a, b, c, d;
    bool mono = true;

    a = rdtsc();
    for (int i = 0; i < 1000; i++) {
        b = rdtsc();
        if (b < a) {
            mono = false;
        }
        a = b;
    }
    report(mono, "RDTSC never goes backwards");
    a = rdtsc();
    b = rdmsr(MSR_IA32_TSC);
    c = rdtsc();
    report_known(a <= b && b <= c, b == 0, "RDMSR reads 0 (QEMU's TCG)",
                 "RDMSR(TSC) lies between two RDTSCs");
    d = 1ull << 60;
    wrmsr(MSR_IA32_TSC, d);
    a = rdtsc();
    report_known(a >= d && a - d < (1ull << 50), a < d,
                 "the write was ignored (QEMU's TCG; KVM on PVM hosts)",
                 "a written TSC counts on from the value written");
    if (cpu_has(X86_FEATURE_RDTSCP)) {
        u32 aux;

        wrmsr(MSR_TSC_AUX, 0x1234);
        asm volatile("rdtscp" : "=c"(aux) : : "eax", "edx");
        report(aux == 0x1234, "RDTSCP returns TSC_AUX");
    } else {
        report_skip("TSC_AUX: no RDTSCP");
    }
}

static void test_pat(void)
{
    u64 pat;

    if (!cpu_has(X86_FEATURE_PAT)) {
        report_skip("PAT: not in CPUID");
        return;
    }
    pat = rdmsr(MSR_IA32_CR_PAT);
    report(pat == 0x0007040600070406ull, "PAT has its reset value");
    report(msr_roundtrip(MSR_IA32_CR_PAT, 0x0000000001050406ull),
           "PAT is writable");
    expect_wrmsr_gp_note(MSR_IA32_CR_PAT, (pat & ~7ull) | 2,
                         "PAT memory type 2", TCG_ACCEPTS_PAT);
    expect_wrmsr_gp_note(MSR_IA32_CR_PAT, pat | 0x08, "a reserved PAT bit",
                         TCG_ACCEPTS_PAT);
    report(rdmsr(MSR_IA32_CR_PAT) == pat, "PAT is unchanged after the #GPs");
}

static void test_sysenter_syscall(void)
{
    if (cpu_has(X86_FEATURE_SEP)) {
        report(msr_roundtrip(MSR_IA32_SYSENTER_CS, 0x10) &&
               msr_roundtrip(MSR_IA32_SYSENTER_ESP, 0x12345678) &&
               msr_roundtrip(MSR_IA32_SYSENTER_EIP, 0x87654321),
               "SYSENTER_CS/ESP/EIP are read/write");
    } else {
        report_skip("SYSENTER MSRs: no SEP");
    }
    if (cpu_has(X86_FEATURE_SYSCALL)) {
        report(msr_roundtrip(MSR_STAR, 0x0023001000000000ull),
               "STAR is read/write");
    } else {
        report_skip("STAR: no SYSCALL");
    }
#ifdef __x86_64__
    report(msr_roundtrip(MSR_LSTAR, 0xffffffff81000000ull),
           "LSTAR is read/write");
    expect_wrmsr_gp(MSR_LSTAR, 0x8000000000000000ull,
                    "a non-canonical LSTAR");
#endif
}

#ifdef __x86_64__
static u64 fs_probe = 0x0123456789abcdefull;

static void test_segment_bases(void)
{
    u64 v, old_fs = rdmsr(MSR_FS_BASE);

    wrmsr(MSR_FS_BASE, (ulong)&fs_probe);
    asm volatile("mov %%fs:0, %0" : "=r"(v));
    report(v == fs_probe, "FS_BASE moves %%fs:0");
    wrmsr(MSR_FS_BASE, old_fs);
    report(msr_roundtrip(MSR_GS_BASE, 0xffff800000001000ull) &&
           msr_roundtrip(MSR_KERNEL_GS_BASE, 0x00007fff00002000ull),
           "GS_BASE and KERNEL_GS_BASE are read/write");
    expect_wrmsr_gp(MSR_KERNEL_GS_BASE, 0x0000800000000000ull,
                    "a non-canonical KERNEL_GS_BASE");
    wrmsr(MSR_GS_BASE, 0);
    v = 0x1111;
    asm volatile("mov %%gs:0, %%rax\n\t"
                 "swapgs\n\t"
                 "swapgs\n\t" : : : "rax", "memory");
    wrmsr(MSR_KERNEL_GS_BASE, 0x1000);
    asm volatile("swapgs" ::: "memory");
    v = rdmsr(MSR_GS_BASE);
    asm volatile("swapgs" ::: "memory");
    report(v == 0x1000 && rdmsr(MSR_KERNEL_GS_BASE) == 0x1000 &&
           rdmsr(MSR_GS_BASE) == 0, "SWAPGS exchanges the GS bases");
}
#endif

static void user_rdmsr(void *arg)
{
    (void)rdmsr(MSR_IA32_TSC);
}

static void test_gp(void)
{
    u64 v;
    int vec = rdmsr_safe(0x12345678, &v);

    if (vec == -1 && v == 0) {
        /* QEMU's TCG reads unknown MSRs as 0 (KVM and CPUs raise #GP). */
        report_skip("RDMSR of a nonexistent MSR gave 0, no #GP");
    } else {
        report(vec == GP_VECTOR, "RDMSR of a nonexistent MSR raises #GP");
    }
    vec = wrmsr_safe(0x12345678, 1);
    if (vec == -1) {
        report_skip("WRMSR of a nonexistent MSR was ignored, no #GP");
    } else {
        report(vec == GP_VECTOR, "WRMSR of a nonexistent MSR raises #GP");
    }
    report(run_user(user_rdmsr, NULL) == GP_VECTOR &&
           last_exception.error_code == 0, "RDMSR at CPL 3 raises #GP(0)");
}

/* What Linux touches at boot: MCi_CTL and, on AMD, SYSCFG and IntPend. */
static void test_boot_msrs(void)
{
    struct cpuid v0 = cpuid(0);
    bool amd = v0.b == 0x68747541;              /* "Auth"enticAMD */
    u64 v = 0;
    int vec;

    if (cpuid(1).d & BIT(14)) {                 /* MCA */
        u64 old = rdmsr(0x410), got = 0;

        /* Each MCi_CTL bit enables one error type: any value is valid. */
        vec = wrmsr_safe(0x410, 0xfffffffffffffbffull);
        if (vec == -1) {
            got = rdmsr(0x410);
            wrmsr(0x410, old);
        }
        report_known(vec == -1 && got == 0xfffffffffffffbffull, vec == -1,
                     "the write is ignored (QEMU's TCG)",
                     "MC4_CTL takes ~0 with bit 10 clear (as Linux writes "
                     "it)");
    } else {
        report_skip("MC4_CTL: no MCA");
    }
    if (!amd) {
        report_skip("SYSCFG: not an AMD-vendor model");
        return;
    }
    vec = rdmsr_safe(0xc0010010, &v);
    report(vec == -1, "AMD SYSCFG (0xc0010010) reads without #GP (0x%llx)",
           (unsigned long long)v);
    v = 0;
    vec = rdmsr_safe(0xc0010055, &v);
    report(vec == -1, "AMD interrupt pending (0xc0010055) reads without "
           "#GP (0x%llx)", (unsigned long long)v);
}

int main(void)
{
    test_efer();
    test_apic_base();
    test_tsc();
    test_pat();
    test_sysenter_syscall();
#ifdef __x86_64__
    test_segment_bases();
#endif
    test_gp();
    test_boot_msrs();
    return 0;
}
