/*
 * x86 CPU models and the X86CPU object: -cpu parsing, feature properties,
 * architectural reset state, and "info registers".
 *
 * A model only advertises what is implemented: under TCG, realize masks
 * every model with tcg-features.c (warning for each bit dropped, failing
 * with "enforce"), and "max" is that table; under KVM, target/i386/kvm/
 * filters by KVM_GET_SUPPORTED_CPUID and gives "max" the host's set.
 */
#include "qemu/osdep.h"
#include "target/i386/cpu-internal.h"
#include "qapi/error.h"
#include "qemu/option.h"
#include "qemu/cutils.h"
#include "hw/qdev-properties.h"
#include "hw/i386/x86-boot.h"
#include "target/i386/cpu-hflags.h"
#include "system/kvm.h"
#include "system/accel.h"
#include "qemu/error-report.h"

/* fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36
 * clflush mmx fxsr sse sse2 (QEMU's qemu64 set) */
#define BASE_1_EDX 0x078bfbfd
#define VME (1u << 1)

static const X86CPUModel x86_models[] = {
    {
        .name = "qemu64",
        .desc = "QEMU Virtual CPU version 2.5+",
        .vendor = "AuthenticAMD",
        .family = 15, .model = 107, .stepping = 1,
        .level = 0xd, .xlevel = 0x8000000a,
        .model_id = "QEMU Virtual CPU version 2.5+",
        .features = {
            [FEAT_1_EDX] = BASE_1_EDX,
            [FEAT_1_ECX] = (1u << 0) | (1u << 13),        /* pni cx16 */
            [FEAT_8000_0001_EDX] = (1u << 11) | (1u << 20) | (1u << 29),
            [FEAT_8000_0001_ECX] = (1u << 0),            /* lahf-lm */
        },
    },
    {
        .name = "max",
        .desc = "Enables all features supported by the accelerator in the "
                "current host",
        .vendor = "AuthenticAMD",
        .family = 15, .model = 107, .stepping = 1,
        .level = 0xd, .xlevel = 0x8000000a,
        .model_id = "QEMU TCG CPU version 2.5+",
        .max = true,        /* tcg-features.c; KVM: the host's */
    },
    {
        .name = "Skylake-Client",
        .desc = "Intel Core Processor (Skylake)",
        .vendor = "GenuineIntel",
        .family = 6, .model = 94, .stepping = 3,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Skylake)",
        .features = {
            [FEAT_1_EDX] = BASE_1_EDX | VME,
            /* pni pclmulqdq ssse3 fma cx16 pcid sse4.1 sse4.2 x2apic
             * movbe popcnt tsc-deadline aes xsave avx f16c rdrand */
            [FEAT_1_ECX] = 0x7eba3203 & ~(1u << 27) & ~(1u << 31) &
                           ~(1u << 5),
            /* fsgsbase bmi1 hle avx2 smep bmi2 erms invpcid rtm rdseed
             * adx smap clflushopt */
            [FEAT_7_0_EBX] = (0x009c4fbb & ~(1u << 2)) | (1u << 23),
            [FEAT_8000_0001_EDX] = (1u << 11) | (1u << 20) | (1u << 27) |
                                   (1u << 29),
            [FEAT_8000_0001_ECX] = (1u << 0) | (1u << 5) | (1u << 8),
            [FEAT_XSAVE] = 0x7,   /* xsaveopt xsavec xgetbv1 */
        },
    },
    {
        /* Intel Westmere: everything in it runs under TCG. */
        .name = "Westmere",
        .desc = "Westmere E56xx/L56xx/X56xx (Nehalem-C)",
        .vendor = "GenuineIntel",
        .family = 6, .model = 44, .stepping = 1,
        .level = 0xb, .xlevel = 0x80000008,
        .model_id = "Westmere E56xx/L56xx/X56xx (Nehalem-C)",
        .features = {
            [FEAT_1_EDX] = BASE_1_EDX,
            /* pni pclmulqdq ssse3 cx16 sse4.1 sse4.2 popcnt aes */
            [FEAT_1_ECX] = (1u << 0) | (1u << 1) | (1u << 9) | (1u << 13) |
                           (1u << 19) | (1u << 20) | (1u << 23) | (1u << 25),
            /* syscall nx rdtscp lm */
            [FEAT_8000_0001_EDX] = (1u << 11) | (1u << 20) | (1u << 27) |
                                   (1u << 29),
            [FEAT_8000_0001_ECX] = (1u << 0),            /* lahf-lm */
        },
    },
    {
        .name = "host",
        .desc = "processor with all supported host features",
    },
};

static void x86_cpu_vendor_words(CPUX86State *env, const char *vendor)
{
    char v[13] = { 0 };

    strncpy(v, vendor, 12);
    memcpy(&env->cpuid_vendor1, v, 4);
    memcpy(&env->cpuid_vendor2, v + 4, 4);
    memcpy(&env->cpuid_vendor3, v + 8, 4);
}

static void x86_cpu_set_version(CPUX86State *env, int family, int model,
                                int stepping)
{
    uint32_t v = (stepping & 0xf) | ((model & 0xf) << 4) |
                 (((model >> 4) & 0xf) << 16);

    if (family > 0xf) {
        v |= (0xf << 8) | (((family - 0xf) & 0xff) << 20);
    } else {
        v |= (family & 0xf) << 8;
    }
    env->cpuid_version = v;
}

/* Feature bool properties: "+feat" and "feat=on" both land here. */
static JsonNode *x86_feature_get(Object *obj, const char *name, void *opaque,
                                 Error **errp)
{
    X86CPU *cpu = X86_CPU(obj);
    int w = GPOINTER_TO_INT(opaque) >> 5, bit = GPOINTER_TO_INT(opaque) & 31;

    return json_node_new_bool(cpu->env.features[w] & (1u << bit));
}

static void x86_feature_set(Object *obj, const char *name,
                            const JsonNode *value, void *opaque, Error **errp)
{
    X86CPU *cpu = X86_CPU(obj);
    int w = GPOINTER_TO_INT(opaque) >> 5, bit = GPOINTER_TO_INT(opaque) & 31;
    bool on;

    JsonNode *v = (JsonNode *)value;

    if (JSON_NODE_HOLDS_VALUE(v) &&
        json_node_get_value_type(v) == G_TYPE_BOOLEAN) {
        on = json_node_get_boolean(v);
    } else if (JSON_NODE_HOLDS_VALUE(v) &&
               json_node_get_value_type(v) == G_TYPE_STRING &&
               qemu_parse_bool(json_node_get_string(v), &on)) {
        /* parsed */
    } else {
        error_setg(errp, "Parameter '%s' expects 'on' or 'off'", name);
        return;
    }
    if (on) {
        cpu->user_features_on[w] |= 1u << bit;
        cpu->user_features_off[w] &= ~(1u << bit);
        cpu->env.features[w] |= 1u << bit;
    } else {
        cpu->user_features_off[w] |= 1u << bit;
        cpu->user_features_on[w] &= ~(1u << bit);
        cpu->env.features[w] &= ~(1u << bit);
    }
}

static char *x86_get_model_id(Object *obj, Error **errp)
{
    return g_strdup(X86_CPU(obj)->env.cpuid_model);
}

static void x86_set_model_id(Object *obj, const char *value, Error **errp)
{
    pstrcpy(X86_CPU(obj)->env.cpuid_model,
            sizeof(X86_CPU(obj)->env.cpuid_model), value);
}

static char *x86_get_vendor(Object *obj, Error **errp)
{
    CPUX86State *env = &X86_CPU(obj)->env;
    char v[13];

    memcpy(v, &env->cpuid_vendor1, 4);
    memcpy(v + 4, &env->cpuid_vendor2, 4);
    memcpy(v + 8, &env->cpuid_vendor3, 4);
    v[12] = 0;
    return g_strdup(v);
}

static void x86_set_vendor(Object *obj, const char *value, Error **errp)
{
    if (strlen(value) != 12) {
        error_setg(errp, "Property 'vendor' doesn't take value '%s'", value);
        return;
    }
    x86_cpu_vendor_words(&X86_CPU(obj)->env, value);
}

static void x86_cpu_initfn(Object *obj)
{
    X86CPU *cpu = X86_CPU(obj);
    const X86CPUModel *m = X86_CPU_GET_CLASS(obj)->model;

    if (!m || !m->vendor) {
        return;
    }
    x86_cpu_vendor_words(&cpu->env, m->vendor);
    x86_cpu_set_version(&cpu->env, m->family, m->model, m->stepping);
    cpu->env.cpuid_level = m->level;
    cpu->env.cpuid_xlevel = m->xlevel;
    pstrcpy(cpu->env.cpuid_model, sizeof(cpu->env.cpuid_model), m->model_id);
    if (m->max) {
        for (int w = 0; w < FEATURE_WORDS; w++) {
            cpu->env.features[w] = x86_tcg_supported_word(w);
        }
    } else {
        memcpy(cpu->env.features, m->features, sizeof(cpu->env.features));
    }
    /* The APIC feature follows the presence of a local APIC. */
    cpu->env.features[FEAT_1_EDX] |= 1u << 9;
}

/*
 * Drops the bits TCG does not implement. Like QEMU, each dropped bit warns
 * (model bits too) unless check=off; with enforce the CPU fails to realize.
 */
static bool x86_cpu_filter_tcg(X86CPU *cpu, Error **errp)
{
    CPUX86State *env = &cpu->env;
    bool lost_any = false;

    for (int w = 0; w < FEATURE_WORDS; w++) {
        uint32_t lost = env->features[w] & ~x86_tcg_supported_word(w);

        for (int b = 0; b < 32; b++) {
            const char *name = feature_word_info[w].names[b];

            if (!(lost & (1u << b))) {
                continue;
            }
            lost_any = true;
            if (cpu->check_cpuid || cpu->enforce_cpuid) {
                warn_report("TCG doesn't support requested feature: "
                            "%s%s%s [bit %d]", feature_word_info[w].where,
                            name ? "." : "", name ? name : "", b);
            }
        }
        env->features[w] &= ~lost;
    }
    if (lost_any && cpu->enforce_cpuid) {
        error_setg(errp, "TCG doesn't support requested features");
        return false;
    }
    return true;
}

static void x86_cpu_realize(DeviceState *dev, Error **errp)
{
    const X86CPUModel *m = X86_CPU_GET_CLASS(dev)->model;
    DeviceClass *parent = DEVICE_CLASS(object_class_by_name(TYPE_CPU));

    if (m && !m->vendor && !kvm_enabled()) {
        error_setg(errp, "CPU model '%s' requires KVM", m->name);
        return;
    }
    /* The accelerator is chosen before the board creates CPUs (vl.c). */
    if (accel_is("tcg") && !x86_cpu_filter_tcg(X86_CPU(dev), errp)) {
        return;
    }
    parent->realize(dev, errp);
}

/*
 * Direct kernel boot: CPU 0 starts where the loader left it (x86-boot.h),
 * in protected or long mode with flat segments from the boot GDT.
 */
static void x86_cpu_apply_boot_state(CPUX86State *env,
                                     const X86BootState *bs)
{
    uint32_t code = bs->mode == X86_BOOT_LONG64 ? 0xaf9b00 : 0xcf9b00;

    env->regs[R_EAX] = bs->rax;
    env->regs[R_EBX] = bs->rbx;
    env->regs[R_ESI] = bs->rsi;
    env->regs[R_ESP] = bs->rsp;
    env->regs[R_EDX] = 0;
    env->eip = bs->rip;
    env->cr[0] = bs->cr0;
    env->cr[3] = bs->cr3;
    env->cr[4] = bs->cr4;
    env->efer = bs->efer;
    env->gdt = (SegmentCache) { .base = bs->gdt_base,
                                .limit = bs->gdt_limit };
    env->idt = (SegmentCache) { .base = 0, .limit = 0 };
    for (int i = 0; i < R_NB_SEGS; i++) {
        env->segs[i] = (SegmentCache) {
            .selector = bs->ds, .base = 0, .limit = 0xffffffff,
            .flags = 0xcf9300,
        };
    }
    env->segs[R_CS] = (SegmentCache) {
        .selector = bs->cs, .base = 0, .limit = 0xffffffff, .flags = code,
    };
    env->ldt = (SegmentCache) { .limit = 0xffff, .flags = 0x8200 };
    env->tr = (SegmentCache) { .limit = 0xffff, .flags = 0x8b00 };
}

/* Execution, x87/SSE, MSR and event state that RESET defines. */
static void x86_cpu_reset_exec_state(CPUX86State *env)
{
    bool mca = (env->features[FEAT_1_EDX] & (1u << 7)) &&
               (env->features[FEAT_1_EDX] & (1u << 14));

    env->a20_mask = ~0ull;
    env->cc_op = CC_OP_EFLAGS;
    env->cc_src = env->cc_dst = env->cc_src2 = 0;
    env->df = 1;
    env->hflags = 0;
    env->hflags2 = HF2_GIF;
    env->error_code = 0;
    env->exception_is_int = 0;
    env->exception_next_eip = 0;
    env->old_exception = -1;
    env->exception_nr = -1;
    env->interrupt_injected = -1;
    memset(env->fpregs, 0, sizeof(env->fpregs));
    env->fpstt = 0;
    env->fpus = 0;
    env->fpuc = 0x37f;
    memset(env->fptags, 1, sizeof(env->fptags));
    env->fpop = 0;
    env->fpip = env->fpdp = 0;
    env->fpcs = env->fpds = 0;
    memset(env->xmm_regs, 0, sizeof(env->xmm_regs));
    env->mxcsr = 0x1f80;
    env->pkru = 0;
    memset(env->mtrr_fixed, 0, sizeof(env->mtrr_fixed));
    memset(env->mtrr_var_base, 0, sizeof(env->mtrr_var_base));
    memset(env->mtrr_var_mask, 0, sizeof(env->mtrr_var_mask));
    env->mtrr_deftype = 0;
    env->mcg_cap = mca ? (1u << 8) | X86_MCE_BANKS : 0;   /* MCG_CTL_P */
    env->mcg_status = 0;
    env->mcg_ctl = 0;
    memset(env->mce_banks, 0, sizeof(env->mce_banks));
    env->spec_ctrl = 0;
    env->feature_control = 0;
    env->tsc_adjust = 0;
    env->smbase = 0x30000;
    env->monitor_addr = 0;
    env->monitor_armed = false;
    env->xss = 0;
}

static void x86_cpu_reset(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;

    memset(env->regs, 0, sizeof(env->regs));
    env->regs[R_EDX] = env->cpuid_version;
    env->eip = 0xfff0;
    env->eflags = 0x2;
    for (int i = 0; i < R_NB_SEGS; i++) {
        env->segs[i] = (SegmentCache) {
            .selector = 0, .base = 0, .limit = 0xffff, .flags = 0x9300,
        };
    }
    env->segs[R_CS] = (SegmentCache) {
        .selector = 0xf000, .base = 0xffff0000, .limit = 0xffff,
        .flags = 0x9b00,
    };
    env->ldt = (SegmentCache) { .limit = 0xffff, .flags = 0x8200 };
    env->tr = (SegmentCache) { .limit = 0xffff, .flags = 0x8b00 };
    env->gdt = (SegmentCache) { .limit = 0xffff };
    env->idt = (SegmentCache) { .limit = 0xffff };
    memset(env->cr, 0, sizeof(env->cr));
    env->cr[0] = 0x60000010;
    env->cr8 = 0;
    memset(env->dr, 0, sizeof(env->dr));
    env->dr[6] = 0xffff0ff0;
    env->dr[7] = 0x400;
    env->efer = 0;
    env->star = env->lstar = env->cstar = env->fmask = 0;
    env->kernelgsbase = 0;
    env->sysenter_cs = env->sysenter_esp = env->sysenter_eip = 0;
    env->pat = 0x0007040600070406ULL;
    env->tsc = 0;
    env->tsc_aux = 0;
    env->tsc_deadline = 0;
    env->apic_base = 0xfee00000ULL | (1u << 11) |
                     (cs->cpu_index == 0 ? (1u << 8) : 0);
    env->misc_enable = 1;   /* fast strings */
    env->umwait_control = 0x186a0;   /* architectural reset value */
    env->xcr0 = 1;
    env->a20_mask_enabled = 1;
    x86_cpu_reset_exec_state(env);
    /* Application processors wait for INIT/SIPI. */
    cs->halted = !(env->apic_base & (1u << 8));
    if (cs->cpu_index == 0 && x86_boot_state.valid) {
        x86_cpu_apply_boot_state(env, &x86_boot_state);
    }
    x86_update_hflags(env);
}

static void seg_dump(GString *out, const char *name, const SegmentCache *s)
{
    g_string_append_printf(out, "%-3s=%04x %016" PRIx64 " %08x %08x\n",
                           name, s->selector, s->base, s->limit, s->flags);
}

static void x86_cpu_dump_state(CPUState *cs, GString *out, int flags)
{
    CPUX86State *env = &X86_CPU(cs)->env;
    static const char *const reg_names[CPU_NB_REGS] = {
        "RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI",
        "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15",
    };
    static const int order[CPU_NB_REGS] = {
        R_EAX, R_EBX, R_ECX, R_EDX, R_ESI, R_EDI, R_EBP, R_ESP,
        R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15,
    };
    static const char *const seg_names[R_NB_SEGS] = {
        "ES", "CS", "SS", "DS", "FS", "GS",
    };

    for (int i = 0; i < CPU_NB_REGS; i++) {
        g_string_append_printf(out, "%s=%016" PRIx64 "%s",
                               reg_names[order[i]], env->regs[order[i]],
                               (i & 3) == 3 ? "\n" : " ");
    }
    g_string_append_printf(out, "RIP=%016" PRIx64 " RFL=%08" PRIx64
                           " CPL=%d II=0 A20=%d SMM=0 HLT=%d\n",
                           env->eip, env->eflags,
                           (env->segs[R_CS].flags >> 13) & 3,
                           env->a20_mask_enabled, cs->halted);
    for (int i = 0; i < R_NB_SEGS; i++) {
        seg_dump(out, seg_names[i], &env->segs[i]);
    }
    seg_dump(out, "LDT", &env->ldt);
    seg_dump(out, "TR", &env->tr);
    g_string_append_printf(out, "GDT=     %016" PRIx64 " %08x\n",
                           env->gdt.base, env->gdt.limit);
    g_string_append_printf(out, "IDT=     %016" PRIx64 " %08x\n",
                           env->idt.base, env->idt.limit);
    g_string_append_printf(out, "CR0=%08" PRIx64 " CR2=%016" PRIx64
                           " CR3=%016" PRIx64 " CR4=%08" PRIx64 "\n",
                           env->cr[0], env->cr[2], env->cr[3], env->cr[4]);
    for (int i = 0; i < 4; i++) {
        g_string_append_printf(out, "DR%d=%016" PRIx64 " ", i, env->dr[i]);
    }
    g_string_append_printf(out, "\nDR6=%016" PRIx64 " DR7=%016" PRIx64 "\n",
                           env->dr[6], env->dr[7]);
    g_string_append_printf(out, "EFER=%016" PRIx64 "\n", env->efer);
}

static int64_t x86_cpu_get_arch_id(CPUState *cs)
{
    return X86_CPU(cs)->apic_id;
}

static Property x86_cpu_props[] = {
    DEFINE_PROP_UINT32("apic-id", X86CPU, apic_id, 0),
    DEFINE_PROP_BOOL("enforce", X86CPU, enforce_cpuid, false),
    DEFINE_PROP_BOOL("check", X86CPU, check_cpuid, true),
    DEFINE_PROP_UINT32("level", X86CPU, env.cpuid_level, 0),
    DEFINE_PROP_UINT32("xlevel", X86CPU, env.cpuid_xlevel, 0),
    DEFINE_PROP_END_OF_LIST(),
};

static void x86_cpu_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    CPUClass *cc = CPU_CLASS(oc);
    X86CPUClass *xcc = X86_CPU_CLASS(oc);

    xcc->model = data;
    if (data) {
        return;     /* the base class set everything up */
    }
    dc->realize = x86_cpu_realize;
    device_class_set_props(dc, x86_cpu_props);
    cc->reset = x86_cpu_reset;
    cc->dump_state = x86_cpu_dump_state;
    cc->get_arch_id = x86_cpu_get_arch_id;
    cc->target_name = "x86_64";
    object_class_property_add_str(oc, "model-id", x86_get_model_id,
                                  x86_set_model_id);
    object_class_property_add_str(oc, "vendor", x86_get_vendor,
                                  x86_set_vendor);
    for (int w = 0; w < FEATURE_WORDS; w++) {
        for (int b = 0; b < 32; b++) {
            const char *name = feature_word_info[w].names[b];
            if (name) {
                object_class_property_add(oc, name, "bool", x86_feature_get,
                                          x86_feature_set, NULL,
                                          GINT_TO_POINTER(w * 32 + b));
            }
        }
    }
}

void x86_cpu_list(FILE *f)
{
    fprintf(f, "Available CPUs:\n");
    for (size_t i = 0; i < ARRAY_SIZE(x86_models); i++) {
        fprintf(f, "x86 %-20s  %s\n", x86_models[i].name,
                x86_models[i].desc);
    }
    fprintf(f, "\nRecognized CPUID flags:\n");
    for (int w = 0; w < FEATURE_WORDS; w++) {
        GString *line = g_string_new("  ");
        for (int b = 0; b < 32; b++) {
            const char *name = feature_word_info[w].names[b];
            if (name) {
                g_string_append_printf(line, "%s ", name);
            }
        }
        fprintf(f, "%s\n", line->str);
        g_string_free(line, true);
    }
}

char *x86_cpu_parse_model(const char *cpu_option, JsonObject **props,
                          Error **errp)
{
    g_auto(GStrv) parts = g_strsplit(cpu_option, ",", -1);
    g_autofree char *type = NULL;
    ObjectClass *oc;
    JsonObject *p;

    if (!parts[0] || !*parts[0]) {
        error_setg(errp, "unable to find CPU model ''");
        return NULL;
    }
    type = g_strconcat(parts[0], X86_CPU_TYPE_SUFFIX, NULL);
    oc = object_class_by_name(type);
    if (!oc || !object_class_dynamic_cast(oc, TYPE_X86_CPU) ||
        object_class_is_abstract(oc)) {
        error_setg(errp, "unable to find CPU model '%s'", parts[0]);
        return NULL;
    }
    p = json_object_new();
    for (int i = 1; parts[i]; i++) {
        const char *item = parts[i];
        g_autofree char *key = NULL;
        const char *value;
        char *eq = strchr(item, '=');
        FeatureWord w;
        int bit;

        if (!*item) {
            continue;
        }
        if (item[0] == '+' || item[0] == '-') {
            key = g_strdup(item + 1);
            value = item[0] == '+' ? "on" : "off";
        } else if (eq) {
            key = g_strndup(item, eq - item);
            value = eq + 1;
        } else {
            key = g_strdup(item);
            value = "on";
        }
        /* Canonical spelling: sse4_1 -> sse4.1, lahf_lm -> lahf-lm. */
        if (x86_feature_lookup(key, &w, &bit)) {
            g_free(key);
            key = g_strdup(feature_word_info[w].names[bit]);
        }
        if (!object_class_property_find(oc, key)) {
            error_setg(errp, "Property '%s.%s' not found", type, key);
            json_object_unref(p);
            return NULL;
        }
        json_object_set_string_member(p, key, value);
    }
    *props = p;
    return g_steal_pointer(&type);
}

X86CPU *x86_cpu_create(const char *type, JsonObject *props, uint32_t apic_id,
                       Error **errp)
{
    Object *obj = object_new(type);

    if (props && !object_set_properties_from_json(obj, props, NULL, errp)) {
        object_unref(obj);
        return NULL;
    }
    object_property_set_uint(obj, "apic-id", apic_id, &error_abort);
    if (!qdev_realize(DEVICE(obj), NULL, errp)) {
        object_unref(obj);
        return NULL;
    }
    object_unref(obj);      /* the /machine tree holds it now */
    return X86_CPU(obj);
}

static const TypeInfo x86_cpu_type = {
    .name = TYPE_X86_CPU,
    .parent = TYPE_CPU,
    .instance_size = sizeof(X86CPU),
    .instance_init = x86_cpu_initfn,
    .abstract = true,
    .class_size = sizeof(X86CPUClass),
    .class_init = x86_cpu_class_init,
};

static void x86_cpu_register_types(void)
{
    /* Static storage: type infos live as long as the type registry. */
    static TypeInfo model_types[ARRAY_SIZE(x86_models)];
    static char model_type_names[ARRAY_SIZE(x86_models)][64];

    type_register_static(&x86_cpu_type);
    for (size_t i = 0; i < ARRAY_SIZE(x86_models); i++) {
        TypeInfo *ti = &model_types[i];

        snprintf(model_type_names[i], sizeof(model_type_names[i]), "%s%s",
                 x86_models[i].name, X86_CPU_TYPE_SUFFIX);
        ti->name = model_type_names[i];
        ti->parent = TYPE_X86_CPU;
        ti->class_init = x86_cpu_class_init;
        ti->class_data = (void *)&x86_models[i];
        type_register_static(ti);
    }
}

type_init(x86_cpu_register_types)
