/*
 * CPUID: every leaf generated from the CPU model in env (vendor, family,
 * feature words, brand string) and the -smp topology. Leaf layouts are
 * facts from the Intel SDM vol. 2 "CPUID" and the AMD APM vol. 3.
 */
#include "qemu/osdep.h"
#include "hw/boards.h"
#include "target/i386/tcg/sys-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

/* XSAVE components: x87, SSE, AVX (the ones the TCG model implements). */
#define XSTATE_FP   (1ull << 0)
#define XSTATE_SSE  (1ull << 1)
#define XSTATE_AVX  (1ull << 2)
#define XSAVE_LEGACY_SIZE 576       /* legacy area + XSAVE header */
#define XSAVE_AVX_OFFSET  576
#define XSAVE_AVX_SIZE    256

uint64_t x86_xcr0_supported(CPUX86State *env)
{
    uint64_t v = XSTATE_FP | XSTATE_SSE;

    if (x86_feature(env, FEAT_1_ECX, 28)) {
        v |= XSTATE_AVX;
    }
    return v;
}

static uint32_t xsave_size(uint64_t xcr0)
{
    return (xcr0 & XSTATE_AVX) ? XSAVE_AVX_OFFSET + XSAVE_AVX_SIZE
                               : XSAVE_LEGACY_SIZE;
}

static bool is_intel(CPUX86State *env)
{
    return env->cpuid_vendor1 == 0x756e6547;        /* "Genu" */
}

static unsigned smp_threads(void)
{
    return current_machine && current_machine->smp.threads ?
           current_machine->smp.threads : 1;
}

static unsigned smp_cores(void)
{
    return current_machine && current_machine->smp.cores ?
           current_machine->smp.cores : 1;
}

/* Bits an APIC ID field needs for n items. */
static unsigned id_bits(unsigned n)
{
    unsigned b = 0;

    while ((1u << b) < n) {
        b++;
    }
    return b;
}

/* Deterministic cache parameters (leaf 4; AMD 0x8000001d has the same
 * layout): level 1 data 32K, level 1 code 32K, level 2 1M, level 3 16M. */
static void cache_leaf(unsigned n, uint32_t *eax, uint32_t *ebx,
                       uint32_t *ecx, uint32_t *edx)
{
    static const struct {
        int type, level, ways, sets, shared_by_core;
    } c[] = {
        { 1, 1, 8, 64, 0 },
        { 2, 1, 8, 64, 0 },
        { 3, 2, 16, 1024, 0 },
        { 3, 3, 16, 16384, 1 },
    };
    unsigned threads = smp_threads(), cores = smp_cores();
    unsigned sharing;

    if (n >= ARRAY_SIZE(c)) {
        *eax = *ebx = *ecx = *edx = 0;
        return;
    }
    sharing = c[n].shared_by_core ? threads * cores : threads;
    *eax = c[n].type | (c[n].level << 5) | (1u << 8) |
           ((sharing - 1) << 14) | ((cores - 1) << 26);
    *ebx = (64 - 1) | ((1 - 1) << 12) | ((c[n].ways - 1) << 22);
    *ecx = c[n].sets - 1;
    *edx = c[n].level == 3 ? (1u << 1) : 0;     /* inclusive L3 */
}

void x86_cpuid(CPUX86State *env, uint32_t leaf, uint32_t subleaf,
               uint32_t *eax, uint32_t *ebx, uint32_t *ecx, uint32_t *edx)
{
    X86CPU *cpu = env_archcpu(env);
    unsigned threads = smp_threads(), cores = smp_cores();

    *eax = *ebx = *ecx = *edx = 0;
    if (leaf >= 0x80000000) {
        if (leaf > env->cpuid_xlevel) {
            if (!is_intel(env)) {
                return;
            }
            /* Intel answers out-of-range leaves with the last basic one. */
            leaf = env->cpuid_level;
        }
    } else if (leaf >= 0x40000000) {
        return;                       /* no hypervisor leaves under TCG */
    } else if (leaf > env->cpuid_level) {
        leaf = env->cpuid_level;
    }

    switch (leaf) {
    case 0:
        *eax = env->cpuid_level;
        *ebx = env->cpuid_vendor1;
        *edx = env->cpuid_vendor2;
        *ecx = env->cpuid_vendor3;
        break;
    case 1:
        *eax = env->cpuid_version;
        *ebx = (cpu->apic_id << 24) | (8 << 8);      /* CLFLUSH 64 bytes */
        if (threads * cores > 1) {
            *ebx |= MIN(threads * cores, 255u) << 16;
        }
        *ecx = env->features[FEAT_1_ECX];
        *edx = env->features[FEAT_1_EDX];
        if (threads * cores > 1) {
            *edx |= 1u << 28;                         /* HTT */
        }
        if (env->cr[4] & CR4_OSXSAVE) {
            *ecx |= 1u << 27;
        } else {
            *ecx &= ~(1u << 27);
        }
        if (!(env->apic_base & (1u << 11))) {
            *edx &= ~(1u << 9);       /* APIC globally disabled */
        }
        break;
    case 2:
        *eax = 1;                     /* one iteration; use leaf 4 */
        *edx = 0xff << 24;            /* descriptor 0xff: see leaf 4 */
        break;
    case 4:
        if (is_intel(env)) {
            cache_leaf(subleaf, eax, ebx, ecx, edx);
        }
        break;
    case 5:
        if (x86_feature(env, FEAT_1_ECX, 3)) {
            *eax = 64;
            *ebx = 64;
            *ecx = 3;                 /* EMX, interrupt break-event */
        }
        break;
    case 6:
        *eax = 1u << 2;               /* ARAT: APIC timer always running */
        break;
    case 7:
        if (subleaf == 0) {
            *ebx = env->features[FEAT_7_0_EBX];
            *ecx = env->features[FEAT_7_0_ECX];
            *edx = env->features[FEAT_7_0_EDX];
            if (env->cr[4] & CR4_PKE) {
                *ecx |= 1u << 4;      /* OSPKE */
            } else {
                *ecx &= ~(1u << 4);
            }
        }
        break;
    case 0xb: {
        unsigned smt_bits = id_bits(threads);
        unsigned pkg_bits = smt_bits + id_bits(cores);

        *edx = cpu->apic_id;
        *ecx = subleaf & 0xff;
        if (subleaf == 0) {
            *eax = smt_bits;
            *ebx = threads;
            *ecx |= 1u << 8;          /* SMT level */
        } else if (subleaf == 1) {
            *eax = pkg_bits;
            *ebx = threads * cores;
            *ecx |= 2u << 8;          /* core level */
        }
        break;
    }
    case 0xd:
        if (!x86_feature(env, FEAT_1_ECX, 26)) {
            break;
        }
        if (subleaf == 0) {
            uint64_t sup = x86_xcr0_supported(env);

            *eax = (uint32_t)sup;
            *edx = sup >> 32;
            *ebx = xsave_size(env->xcr0);
            *ecx = xsave_size(sup);
        } else if (subleaf == 1) {
            *eax = env->features[FEAT_XSAVE];
            if (env->features[FEAT_XSAVE] & (1u << 3)) {
                *ebx = xsave_size(env->xcr0 | env->xss);
            }
        } else if (subleaf == 2 && (x86_xcr0_supported(env) & XSTATE_AVX)) {
            *eax = XSAVE_AVX_SIZE;
            *ebx = XSAVE_AVX_OFFSET;
        }
        break;
    case 0x80000000:
        *eax = env->cpuid_xlevel;
        *ebx = env->cpuid_vendor1;
        *edx = env->cpuid_vendor2;
        *ecx = env->cpuid_vendor3;
        break;
    case 0x80000001:
        *eax = env->cpuid_version;
        *ecx = env->features[FEAT_8000_0001_ECX];
        *edx = env->features[FEAT_8000_0001_EDX];
        if (!is_intel(env)) {
            /* AMD repeats these leaf-1 EDX bits here. */
            *edx |= env->features[FEAT_1_EDX] & 0x0183f3ff;
        }
        break;
    case 0x80000002: case 0x80000003: case 0x80000004: {
        uint32_t w[4];
        char model[48] = { 0 };

        memcpy(model, env->cpuid_model,
               MIN(sizeof(model), strnlen(env->cpuid_model, 48)));
        memcpy(w, model + (leaf - 0x80000002) * 16, 16);
        *eax = w[0];
        *ebx = w[1];
        *ecx = w[2];
        *edx = w[3];
        break;
    }
    case 0x80000005:
        if (!is_intel(env)) {
            /* L1 TLBs and caches: 64 KiB 2-way, 64-byte lines. */
            *eax = 0x01ff01ff;
            *ebx = 0x01ff01ff;
            *ecx = 0x40020140;
            *edx = 0x40020140;
        }
        break;
    case 0x80000006:
        /* L2: 512 KiB, 16-way, 64-byte lines. */
        *ecx = (512u << 16) | (0x8 << 12) | 64;
        break;
    case 0x80000007:
        *edx = 1u << 8;               /* invariant TSC */
        break;
    case 0x80000008:
        *eax = X86_PHYS_BITS |
               (((env->cr[4] & CR4_LA57) || x86_feature(env, FEAT_7_0_ECX, 16)
                 ? 57 : 48) << 8);
        if (!is_intel(env) && threads * cores > 1) {
            *ecx = (threads * cores - 1) |
                   (id_bits(threads * cores) << 12);
        }
        break;
    default:
        break;
    }
}

void helper_cpuid(CPUX86State *env)
{
    uint32_t a, b, c, d;

    x86_cpuid(env, env->regs[R_EAX], env->regs[R_ECX], &a, &b, &c, &d);
    env->regs[R_EAX] = a;
    env->regs[R_EBX] = b;
    env->regs[R_ECX] = c;
    env->regs[R_EDX] = d;
}
