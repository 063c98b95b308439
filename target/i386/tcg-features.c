/*
 * The CPUID feature bits the TCG x86 frontend implements: what "-cpu max"
 * advertises under TCG, and the mask every model is filtered through at
 * realize time. A bit is listed only after its instructions, MSRs or
 * control-register bits were found in target/i386/tcg/ and exercised by a
 * test (docs/devel/cpu-models.md names the test of each bit).
 *
 * Left out on purpose, although some code exists:
 *   vme          no virtual-8086 interrupt redirection (CR4.VME ignored)
 *   monitor      MWAIT does not wake on stores to the monitored line
 *   tsc-adjust   a WRMSR to the TSC does not update IA32_TSC_ADJUST
 *   sse4a        EXTRQ/INSERTQ/MOVNTSS/MOVNTSD are not decoded
 *   osxsave, ospke    not features: CPUID mirrors CR4 (cpuid_helper.c)
 */
#include "qemu/osdep.h"
#include "target/i386/cpu-internal.h"

const X86TCGFeature x86_tcg_feature_list[] = {
    /* CPUID.01H:EDX */
    { FEAT_1_EDX, 0, "x87 decoder (translate-fpu.c)" },
    { FEAT_1_EDX, 2, "CR4.DE: DR4/DR5 #UD (misc_helper.c)" },
    { FEAT_1_EDX, 3, "4 MiB pages in the walker (mmu_helper.c)" },
    { FEAT_1_EDX, 4, "RDTSC, CR4.TSD" },
    { FEAT_1_EDX, 5, "RDMSR/WRMSR (msr_helper.c)" },
    { FEAT_1_EDX, 6, "PAE walks" },
    { FEAT_1_EDX, 7, "CR4.MCE" },
    { FEAT_1_EDX, 8, "CMPXCHG8B" },
    { FEAT_1_EDX, 9, "local APIC (hw/intc/apic.c)" },
    { FEAT_1_EDX, 11, "SYSENTER/SYSEXIT (syscall_helper.c)" },
    { FEAT_1_EDX, 12, "MTRR MSRs" },
    { FEAT_1_EDX, 13, "CR4.PGE (global pages flushed too: a superset)" },
    { FEAT_1_EDX, 14, "MCG_* and MCi_* MSRs" },
    { FEAT_1_EDX, 15, "CMOVcc, FCMOVcc" },
    { FEAT_1_EDX, 16, "IA32_PAT" },
    { FEAT_1_EDX, 17, "PSE-36 walks" },
    { FEAT_1_EDX, 19, "CLFLUSH" },
    { FEAT_1_EDX, 23, "MMX (translate-sse.c)" },
    { FEAT_1_EDX, 24, "FXSAVE/FXRSTOR (xsave_helper.c)" },
    { FEAT_1_EDX, 25, "SSE" },
    { FEAT_1_EDX, 26, "SSE2" },
    /* CPUID.01H:ECX */
    { FEAT_1_ECX, 0, "SSE3 incl. FISTTP" },
    { FEAT_1_ECX, 1, "PCLMULQDQ (aes_helper.c)" },
    { FEAT_1_ECX, 9, "SSSE3" },
    { FEAT_1_ECX, 13, "CMPXCHG16B" },
    { FEAT_1_ECX, 17, "CR4.PCIDE, CR3 bit 63 (every CR3 write flushes)" },
    { FEAT_1_ECX, 19, "SSE4.1" },
    { FEAT_1_ECX, 20, "SSE4.2, CRC32, PCMPxSTRx" },
    { FEAT_1_ECX, 21, "x2APIC MSRs 0x800-0x8ff (hw/intc/apic.c)" },
    { FEAT_1_ECX, 22, "MOVBE" },
    { FEAT_1_ECX, 23, "POPCNT" },
    { FEAT_1_ECX, 24, "IA32_TSC_DEADLINE" },
    { FEAT_1_ECX, 25, "AES-NI" },
    { FEAT_1_ECX, 26, "XSAVE/XRSTOR, XGETBV/XSETBV (x87, SSE)" },
    { FEAT_1_ECX, 30, "RDRAND" },
    /* CPUID.07H:EBX */
    { FEAT_7_0_EBX, 0, "RD/WRFSBASE, RD/WRGSBASE" },
    { FEAT_7_0_EBX, 3, "ANDN BEXTR BLSI BLSMSK BLSR TZCNT" },
    { FEAT_7_0_EBX, 7, "SMEP in the walker" },
    { FEAT_7_0_EBX, 8, "BZHI MULX PDEP PEXT RORX SARX SHLX SHRX" },
    { FEAT_7_0_EBX, 9, "REP MOVSB/STOSB (a performance hint)" },
    { FEAT_7_0_EBX, 10, "INVPCID" },
    { FEAT_7_0_EBX, 18, "RDSEED" },
    { FEAT_7_0_EBX, 19, "ADCX/ADOX" },
    { FEAT_7_0_EBX, 20, "SMAP in the walker, CLAC/STAC" },
    { FEAT_7_0_EBX, 23, "CLFLUSHOPT" },
    { FEAT_7_0_EBX, 24, "CLWB" },
    /* CPUID.07H:ECX */
    { FEAT_7_0_ECX, 2, "UMIP: SGDT SIDT SLDT SMSW STR #GP at CPL > 0" },
    { FEAT_7_0_ECX, 3, "PKU: RDPKRU/WRPKRU, CR4.PKE, PKRU in the walker" },
    { FEAT_7_0_ECX, 5, "UMONITOR/UMWAIT/TPAUSE, IA32_UMWAIT_CONTROL" },
    { FEAT_7_0_ECX, 16, "5-level paging, 57-bit canonical checks" },
    { FEAT_7_0_ECX, 22, "RDPID" },
    /* CPUID.07H:EDX */
    { FEAT_7_0_EDX, 26, "IA32_SPEC_CTRL.IBRS, IA32_PRED_CMD" },
    { FEAT_7_0_EDX, 27, "IA32_SPEC_CTRL.STIBP" },
    { FEAT_7_0_EDX, 29, "IA32_ARCH_CAPABILITIES" },
    { FEAT_7_0_EDX, 31, "IA32_SPEC_CTRL.SSBD" },
    /* CPUID.80000001H:EDX */
    { FEAT_8000_0001_EDX, 11, "SYSCALL/SYSRET" },
    { FEAT_8000_0001_EDX, 20, "EFER.NXE, XD in the walker" },
    { FEAT_8000_0001_EDX, 22, "SSE integer ops on MMX registers, PSHUFW" },
    { FEAT_8000_0001_EDX, 26, "1 GiB pages in the walker" },
    { FEAT_8000_0001_EDX, 27, "RDTSCP, IA32_TSC_AUX" },
    { FEAT_8000_0001_EDX, 29, "long mode" },
    /* CPUID.80000001H:ECX */
    { FEAT_8000_0001_ECX, 0, "LAHF/SAHF in 64-bit mode" },
    { FEAT_8000_0001_ECX, 5, "LZCNT" },
    { FEAT_8000_0001_ECX, 8, "PREFETCHW" },
    /* CPUID.(EAX=0DH,ECX=1):EAX */
    { FEAT_XSAVE, 0, "XSAVEOPT (saves like XSAVE)" },
    { FEAT_XSAVE, 1, "XSAVEC (compacted format)" },
    { FEAT_XSAVE, 2, "XGETBV with ECX=1" },
};
const size_t x86_tcg_feature_count = ARRAY_SIZE(x86_tcg_feature_list);

uint32_t x86_tcg_supported_word(FeatureWord w)
{
    uint32_t v = 0;

    for (size_t i = 0; i < x86_tcg_feature_count; i++) {
        if (x86_tcg_feature_list[i].word == w) {
            v |= 1u << x86_tcg_feature_list[i].bit;
        }
    }
    return v;
}
