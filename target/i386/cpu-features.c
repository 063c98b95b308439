/*
 * CPUID feature names (as -cpu +name/-name and QOM properties use them) and
 * where each lives: feature word and bit. Facts from the Intel SDM / AMD APM
 * CPUID chapters.
 */
#include "qemu/osdep.h"
#include "target/i386/cpu-internal.h"

static const char *const feat_1_edx[32] = {
    "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce",
    "cx8", "apic", NULL, "sep", "mtrr", "pge", "mca", "cmov",
    "pat", "pse36", "pn", "clflush", NULL, "ds", "acpi", "mmx",
    "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};
static const char *const feat_1_ecx[32] = {
    "pni", "pclmulqdq", "dtes64", "monitor", "ds-cpl", "vmx", "smx", "est",
    "tm2", "ssse3", "cid", NULL, "fma", "cx16", "xtpr", "pdcm",
    NULL, "pcid", "dca", "sse4.1", "sse4.2", "x2apic", "movbe", "popcnt",
    "tsc-deadline", "aes", "xsave", "osxsave", "avx", "f16c", "rdrand",
    "hypervisor",
};
static const char *const feat_7_0_ebx[32] = {
    "fsgsbase", "tsc-adjust", "sgx", "bmi1", "hle", "avx2", NULL, "smep",
    "bmi2", "erms", "invpcid", "rtm", NULL, NULL, "mpx", NULL,
    "avx512f", "avx512dq", "rdseed", "adx", "smap", "avx512ifma",
    "pcommit", "clflushopt", "clwb", "intel-pt", "avx512pf", "avx512er",
    "avx512cd", "sha-ni", "avx512bw", "avx512vl",
};
static const char *const feat_7_0_ecx[32] = {
    NULL, "avx512vbmi", "umip", "pku", NULL, "waitpkg", "avx512vbmi2",
    NULL, "gfni", "vaes", "vpclmulqdq", "avx512vnni", "avx512bitalg",
    NULL, "avx512-vpopcntdq", NULL, "la57", NULL, NULL, NULL, NULL, NULL,
    "rdpid", NULL, "bus-lock-detect", "cldemote", NULL, "movdiri",
    "movdir64b", NULL, "sgxlc", "pks",
};
static const char *const feat_7_0_edx[32] = {
    NULL, NULL, "avx512-4vnniw", "avx512-4fmaps", "fsrm", NULL, NULL, NULL,
    "avx512-vp2intersect", NULL, "md-clear", NULL, NULL, NULL,
    "serialize", NULL, "tsx-ldtrk", NULL, "pconfig", NULL, NULL, NULL,
    "amx-bf16", "avx512-fp16", "amx-tile", "amx-int8", "spec-ctrl",
    "stibp", NULL, "arch-capabilities", "core-capability", "ssbd",
};
static const char *const feat_8000_0001_edx[32] = {
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, "syscall", NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, NULL, "nx", NULL, "mmxext", NULL,
    NULL, "fxsr-opt", "pdpe1gb", "rdtscp", NULL, "lm", "3dnowext", "3dnow",
};
static const char *const feat_8000_0001_ecx[32] = {
    "lahf-lm", "cmp-legacy", "svm", "extapic", "cr8legacy", "abm", "sse4a",
    "misalignsse", "3dnowprefetch", "osvw", "ibs", "xop", "skinit", "wdt",
    NULL, "lwp", "fma4", "tce", NULL, "nodeid-msr", NULL, "tbm",
    "topoext", "perfctr-core", "perfctr-nb", NULL, NULL, NULL, NULL, NULL,
    NULL, NULL,
};
static const char *const feat_xsave[32] = {
    "xsaveopt", "xsavec", "xgetbv1", "xsaves", "xfd",
};

const FeatureWordInfo feature_word_info[FEATURE_WORDS] = {
    [FEAT_1_EDX] = { feat_1_edx, "CPUID.01H:EDX" },
    [FEAT_1_ECX] = { feat_1_ecx, "CPUID.01H:ECX" },
    [FEAT_7_0_EBX] = { feat_7_0_ebx, "CPUID.07H:EBX" },
    [FEAT_7_0_ECX] = { feat_7_0_ecx, "CPUID.07H:ECX" },
    [FEAT_7_0_EDX] = { feat_7_0_edx, "CPUID.07H:EDX" },
    [FEAT_8000_0001_EDX] = { feat_8000_0001_edx, "CPUID.80000001H:EDX" },
    [FEAT_8000_0001_ECX] = { feat_8000_0001_ecx, "CPUID.80000001H:ECX" },
    /* Subleaf 1, spelled as QEMU prints it. */
    [FEAT_XSAVE] = { feat_xsave, "CPUID.0DH:EAX" },
};

/* Accepts the alternative spellings QEMU users type (sse4_1, lahf_lm). */
bool x86_feature_lookup(const char *name, FeatureWord *w, int *bit)
{
    g_autofree char *norm = g_strdup(name);

    for (char *p = norm; *p; p++) {
        if (*p == '_' && !(p > norm && g_str_has_prefix(p - 3, "sse4"))) {
            *p = '-';
        }
    }
    if (!strcmp(norm, "sse4_1") || !strcmp(norm, "sse4-1")) {
        strcpy(norm, "sse4.1");
    } else if (!strcmp(norm, "sse4_2") || !strcmp(norm, "sse4-2")) {
        strcpy(norm, "sse4.2");
    }
    for (int i = 0; i < FEATURE_WORDS; i++) {
        for (int b = 0; b < 32; b++) {
            const char *n = feature_word_info[i].names[b];
            if (n && !strcmp(n, norm)) {
                *w = i;
                *bit = b;
                return true;
            }
        }
    }
    return false;
}
