/*
 * The guest's CPUID under KVM: the chosen model's features intersected
 * with KVM_GET_SUPPORTED_CPUID (a missing feature warns and is dropped,
 * or fails with enforce), "-cpu host"/"max" take the host's set, and the
 * KVM paravirtual leaves (0x40000000) offer kvmclock, PV EOI, async PF
 * and friends as the host does.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "target/i386/kvm/kvm-x86.h"
#include "target/i386/cpu-internal.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/cutils.h"

enum { REG_EAX, REG_EBX, REG_ECX, REG_EDX };

static const struct {
    uint32_t leaf, index;
    int reg;
} feature_word_leaf[FEATURE_WORDS] = {
    [FEAT_1_EDX] = { 1, 0, REG_EDX },
    [FEAT_1_ECX] = { 1, 0, REG_ECX },
    [FEAT_7_0_EBX] = { 7, 0, REG_EBX },
    [FEAT_7_0_ECX] = { 7, 0, REG_ECX },
    [FEAT_7_0_EDX] = { 7, 0, REG_EDX },
    [FEAT_8000_0001_EDX] = { 0x80000001, 0, REG_EDX },
    [FEAT_8000_0001_ECX] = { 0x80000001, 0, REG_ECX },
    [FEAT_XSAVE] = { 0xd, 1, REG_EAX },
};

/* KVM paravirtual features (CPUID 0x40000001 EAX) Vireo offers. */
#define KVM_PV_WANTED ((1u << 0) | (1u << 1) | (1u << 3) | (1u << 4) | \
                       (1u << 5) | (1u << 6) | (1u << 7) | (1u << 9) | \
                       (1u << 10) | (1u << 11) | (1u << 12) | (1u << 13) | \
                       (1u << 14) | (1u << 15) | (1u << 24))

static struct kvm_cpuid2 *supported_cpuid;

struct kvm_cpuid2 *kvm_x86_supported_cpuid(KVMState *s, Error **errp)
{
    int n = 64;

    if (supported_cpuid) {
        return supported_cpuid;
    }
    for (;;) {
        struct kvm_cpuid2 *c = g_malloc0(sizeof(*c) +
                                         n * sizeof(c->entries[0]));
        int r;

        c->nent = n;
        r = kvm_ioctl(s, KVM_GET_SUPPORTED_CPUID, c);
        if (r == 0) {
            supported_cpuid = c;
            return c;
        }
        g_free(c);
        if (r != -E2BIG || n > 4096) {
            error_setg_errno(errp, -r, "kvm: KVM_GET_SUPPORTED_CPUID failed");
            return NULL;
        }
        n *= 2;
    }
}

struct kvm_cpuid_entry2 *kvm_x86_cpuid_find(struct kvm_cpuid2 *c,
                                            uint32_t leaf, uint32_t index)
{
    for (uint32_t i = 0; i < c->nent; i++) {
        struct kvm_cpuid_entry2 *e = &c->entries[i];

        if (e->function == leaf &&
            (!(e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) ||
             e->index == index)) {
            return e;
        }
    }
    return NULL;
}

static uint32_t *entry_reg(struct kvm_cpuid_entry2 *e, int reg)
{
    switch (reg) {
    case REG_EAX:
        return &e->eax;
    case REG_EBX:
        return &e->ebx;
    case REG_ECX:
        return &e->ecx;
    default:
        return &e->edx;
    }
}

uint32_t kvm_x86_supported_word(KVMState *s, FeatureWord w)
{
    struct kvm_cpuid2 *c = kvm_x86_supported_cpuid(s, NULL);
    struct kvm_cpuid_entry2 *e;
    uint32_t v;

    if (!c) {
        return 0;
    }
    e = kvm_x86_cpuid_find(c, feature_word_leaf[w].leaf,
                           feature_word_leaf[w].index);
    v = e ? *entry_reg(e, feature_word_leaf[w].reg) : 0;
    if (w == FEAT_1_ECX) {
        v |= 1u << 31;                  /* hypervisor: always ours */
        if (kvm_irqchip_in_kernel() &&
            kvm_check_extension(KVM_CAP_TSC_DEADLINE_TIMER)) {
            v |= 1u << 24;              /* tsc-deadline */
        }
        if (!kvm_irqchip_in_kernel()) {
            v &= ~(1u << 21);           /* no x2apic without the LAPIC */
        }
    }
    return v;
}

bool kvm_x86_model_is_host(X86CPU *cpu)
{
    const X86CPUModel *m = X86_CPU_GET_CLASS(cpu)->model;

    return m && (!m->vendor || !strcmp(m->name, "max"));
}

/* -cpu host / max: identity, levels and features from the host's CPUID. */
static void load_host_model(X86CPU *cpu, struct kvm_cpuid2 *c)
{
    CPUX86State *env = &cpu->env;
    struct kvm_cpuid_entry2 *e;
    KVMState *s = kvm_state;

    if ((e = kvm_x86_cpuid_find(c, 0, 0))) {
        env->cpuid_level = e->eax;
        env->cpuid_vendor1 = e->ebx;
        env->cpuid_vendor2 = e->edx;
        env->cpuid_vendor3 = e->ecx;
    }
    if ((e = kvm_x86_cpuid_find(c, 1, 0))) {
        env->cpuid_version = e->eax;
    }
    if ((e = kvm_x86_cpuid_find(c, 0x80000000, 0))) {
        env->cpuid_xlevel = e->eax;
    }
    memset(env->cpuid_model, 0, sizeof(env->cpuid_model));
    for (int i = 0; i < 3; i++) {
        e = kvm_x86_cpuid_find(c, 0x80000002 + i, 0);
        if (e) {
            memcpy(env->cpuid_model + i * 16, &e->eax, 4);
            memcpy(env->cpuid_model + i * 16 + 4, &e->ebx, 4);
            memcpy(env->cpuid_model + i * 16 + 8, &e->ecx, 4);
            memcpy(env->cpuid_model + i * 16 + 12, &e->edx, 4);
        }
    }
    env->cpuid_model[47] = 0;
    for (int w = 0; w < FEATURE_WORDS; w++) {
        env->features[w] = (kvm_x86_supported_word(s, w) |
                            cpu->user_features_on[w]) &
                           ~cpu->user_features_off[w];
    }
}

/* Drops what the host cannot run; warns (check) or fails (enforce). */
static int filter_features(X86CPU *cpu, Error **errp)
{
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);
    GString *missing = g_string_new(NULL);
    int r = 0;

    for (int w = 0; w < FEATURE_WORDS; w++) {
        uint32_t host = kvm_x86_supported_word(kvm_state, w);
        uint32_t lost = env->features[w] & ~host;

        for (int b = 0; b < 32; b++) {
            const char *name = feature_word_info[w].names[b];
            g_autofree char *line = NULL;

            if (!(lost & (1u << b))) {
                continue;
            }
            line = g_strdup_printf("host doesn't support requested feature: "
                                   "%s%s%s [bit %d]",
                                   feature_word_info[w].where,
                                   name ? "." : "", name ? name : "", b);
            if (cpu->enforce_cpuid) {
                g_string_append_printf(missing, "%s%s",
                                       missing->len ? "\n" : "", line);
            } else if ((cpu->check_cpuid || cpu->enforce_cpuid) &&
                       cs->cpu_index == 0) {
                warn_report("%s", line);
            }
        }
        env->features[w] &= host;
    }
    if (missing->len) {
        error_setg(errp, "%s", missing->str);
        error_append_hint(errp, "-cpu ...,enforce refuses to start without "
                          "them\n");
        r = -1;
    }
    g_string_free(missing, true);
    return r;
}

/* XCR0 components the guest's features allow. */
static uint64_t allowed_xcr0(CPUX86State *env)
{
    uint64_t x = 0x3;                                       /* x87, SSE */

    if (env->features[FEAT_1_ECX] & (1u << 28)) {
        x |= 1u << 2;                                       /* AVX */
    }
    if (env->features[FEAT_7_0_EBX] & (1u << 14)) {
        x |= 3u << 3;                                       /* MPX */
    }
    if (env->features[FEAT_7_0_EBX] & (1u << 16)) {
        x |= 7u << 5;                                       /* AVX-512 */
    }
    if (env->features[FEAT_7_0_ECX] & (1u << 3)) {
        x |= 1u << 9;                                       /* PKRU */
    }
    if (env->features[FEAT_7_0_EDX] & (1u << 24)) {
        x |= 3ull << 17;                                    /* AMX */
    }
    return x;
}

static void set_topology(X86CPU *cpu, struct kvm_cpuid2 *c, unsigned ncpus)
{
    unsigned shift = 0;

    while ((1u << shift) < ncpus) {
        shift++;
    }
    for (uint32_t i = 0; i < c->nent; i++) {
        struct kvm_cpuid_entry2 *e = &c->entries[i];

        switch (e->function) {
        case 1:
            e->ebx = (e->ebx & 0xffff) | (MIN(ncpus, 255) << 16) |
                     (cpu->apic_id << 24);
            e->ebx = (e->ebx & ~0xff00u) | (8u << 8);     /* clflush 64 */
            if (ncpus > 1) {
                e->edx |= 1u << 28;
            } else {
                e->edx &= ~(1u << 28);
            }
            break;
        case 4:
            /* One core per package per cache, shared by ncpus. */
            if (e->eax & 0x1f) {
                e->eax = (e->eax & 0x3fff) |
                         ((ncpus > 1 ? (1u << shift) - 1 : 0) << 14);
            }
            break;
        case 0xb:
        case 0x1f:
            e->edx = cpu->apic_id;
            if (e->index == 0) {
                e->eax = 0;
                e->ebx = 1;
                e->ecx = 1u << 8;
            } else if (e->index == 1) {
                e->eax = shift;
                e->ebx = ncpus;
                e->ecx = (2u << 8) | 1;
            } else {
                e->eax = e->ebx = 0;
                e->ecx = e->index;
            }
            break;
        default:
            break;
        }
    }
}

/* Removes entries the model does not reach. */
static void trim_leaves(struct kvm_cpuid2 *c, uint32_t level, uint32_t xlevel,
                        bool keep_xsave)
{
    uint32_t n = 0;

    for (uint32_t i = 0; i < c->nent; i++) {
        struct kvm_cpuid_entry2 *e = &c->entries[i];
        bool keep;

        if (e->function < 0x40000000) {
            keep = e->function <= level;
        } else if (e->function < 0x80000000) {
            keep = true;                    /* hypervisor leaves */
        } else {
            keep = e->function <= xlevel;
        }
        if (e->function == 0xd && !keep_xsave) {
            keep = false;
        }
        if (keep) {
            c->entries[n++] = *e;
        }
    }
    c->nent = n;
}

struct kvm_cpuid2 *kvm_x86_build_cpuid(X86CPU *cpu, unsigned ncpus,
                                       Error **errp)
{
    CPUX86State *env = &cpu->env;
    KVMState *s = kvm_state;
    struct kvm_cpuid2 *host = kvm_x86_supported_cpuid(s, errp);
    struct kvm_cpuid2 *c;
    struct kvm_cpuid_entry2 *e;
    size_t sz;
    uint32_t host_level, host_xlevel;
    uint64_t xcr0;

    if (!host) {
        return NULL;
    }
    if (kvm_x86_model_is_host(cpu)) {
        load_host_model(cpu, host);
    }
    if (filter_features(cpu, errp) < 0) {
        return NULL;
    }
    sz = sizeof(*c) + host->nent * sizeof(c->entries[0]);
    c = g_malloc0(sz);
    memcpy(c, host, sz);

    e = kvm_x86_cpuid_find(c, 0, 0);
    host_level = e ? e->eax : 1;
    e = kvm_x86_cpuid_find(c, 0x80000000, 0);
    host_xlevel = e ? e->eax : 0x80000000;
    env->cpuid_level = MIN(env->cpuid_level, host_level);
    if (env->cpuid_xlevel < 0x80000000) {
        env->cpuid_xlevel = 0x80000000;
    }
    env->cpuid_xlevel = MIN(env->cpuid_xlevel, host_xlevel);
    trim_leaves(c, env->cpuid_level, env->cpuid_xlevel,
                env->features[FEAT_1_ECX] & (1u << 26));

    /* The model's identity and features. */
    for (uint32_t i = 0; i < c->nent; i++) {
        e = &c->entries[i];
        switch (e->function) {
        case 0:
            e->eax = env->cpuid_level;
            e->ebx = env->cpuid_vendor1;
            e->edx = env->cpuid_vendor2;
            e->ecx = env->cpuid_vendor3;
            break;
        case 1:
            e->eax = env->cpuid_version;
            /* OSXSAVE is dynamic (CR4); KVM keeps it current. */
            e->ecx = (env->features[FEAT_1_ECX] & ~(1u << 27)) |
                     (e->ecx & (1u << 27));
            e->edx = env->features[FEAT_1_EDX];
            break;
        case 7:
            if (e->index == 0) {
                /* OSPKE is dynamic too. */
                e->ebx = env->features[FEAT_7_0_EBX];
                e->ecx = (env->features[FEAT_7_0_ECX] & ~(1u << 4)) |
                         (e->ecx & (1u << 4));
                e->edx = env->features[FEAT_7_0_EDX];
            }
            break;
        case 0xd:
            xcr0 = allowed_xcr0(env);
            if (e->index == 0) {
                e->eax &= (uint32_t)xcr0;
                e->edx &= (uint32_t)(xcr0 >> 32);
            } else if (e->index == 1) {
                e->eax = env->features[FEAT_XSAVE];
            } else if (e->index < 64 && !(xcr0 & (1ull << e->index))) {
                e->eax = e->ebx = e->ecx = e->edx = 0;
            }
            break;
        case 0x40000001:
            if (!kvm_x86_model_is_host(cpu)) {
                e->eax &= KVM_PV_WANTED;
            }
            break;
        case 0x80000000:
            e->eax = env->cpuid_xlevel;
            e->ebx = env->cpuid_vendor1;
            e->edx = env->cpuid_vendor2;
            e->ecx = env->cpuid_vendor3;
            break;
        case 0x80000001:
            e->eax = env->cpuid_version;
            e->ecx = env->features[FEAT_8000_0001_ECX];
            e->edx = env->features[FEAT_8000_0001_EDX];
            break;
        case 0x80000002:
        case 0x80000003:
        case 0x80000004: {
            const char *m = env->cpuid_model + (e->function - 0x80000002) * 16;

            memcpy(&e->eax, m, 4);
            memcpy(&e->ebx, m + 4, 4);
            memcpy(&e->ecx, m + 8, 4);
            memcpy(&e->edx, m + 12, 4);
            break;
        }
        default:
            break;
        }
    }
    set_topology(cpu, c, ncpus);
    return c;
}
