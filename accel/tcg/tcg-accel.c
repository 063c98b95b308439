/*
 * The TCG accelerator: -accel tcg[,backend=native|interp][,tb-size=MiB]
 * [,thread=single|multi]. init_machine sets up the code generator, the
 * x86 frontend's globals, the code buffer and the hooks that keep
 * translated code coherent with guest memory. See docs/devel/tcg.md.
 */
#include "qemu/osdep.h"
#include "system/accel.h"
#include "qapi/error.h"
#include "config-host.h"

#if CONFIG_TCG
#include "qom/object.h"
#include "hw/boards.h"
#include "target/i386/tcg/tcg-cpu.h"
#include "internal.h"

/* accel_init() runs init_machine before the object is current: the
 * (single) accelerator's settings live here. */
static const TCGBackend *opt_backend = &tcg_backend_native;
static uint64_t opt_tb_size_mib;      /* 0: default */
/* thread=: -1 not given (multi with several vCPUs), 0 single, 1 multi. */
static int opt_mttcg = -1;

static char *tcg_get_backend(Object *obj, Error **errp)
{
    return g_strdup(opt_backend->name);
}

static void tcg_set_backend(Object *obj, const char *value, Error **errp)
{
    if (!strcmp(value, "native")) {
        opt_backend = &tcg_backend_native;
    } else if (!strcmp(value, "interp")) {
        opt_backend = &tcg_backend_interp;
    } else {
        error_setg(errp, "Invalid 'backend' value '%s' (native or interp)",
                   value);
    }
}

static char *tcg_get_thread(Object *obj, Error **errp)
{
    if (opt_mttcg < 0) {
        return g_strdup(tcg_mttcg_enabled ? "multi" : "single");
    }
    return g_strdup(opt_mttcg ? "multi" : "single");
}

static void tcg_set_thread(Object *obj, const char *value, Error **errp)
{
    if (!strcmp(value, "single")) {
        opt_mttcg = false;
    } else if (!strcmp(value, "multi")) {
        opt_mttcg = true;
    } else {
        error_setg(errp, "Invalid 'thread' setting %s", value);
    }
}

static JsonNode *tcg_get_tb_size(Object *obj, const char *name, void *opaque,
                                 Error **errp)
{
    return qom_value_from_uint(opt_tb_size_mib);
}

static void tcg_set_tb_size(Object *obj, const char *name,
                            const JsonNode *value, void *opaque, Error **errp)
{
    uint64_t v;

    if (!qom_value_to_uint(value, name, "uint64", UINT64_MAX, &v, errp)) {
        return;
    }
    if (v > 16 * 1024) {
        error_setg(errp, "tb-size=%" PRIu64 ": at most 16384 (MiB)", v);
        return;
    }
    opt_tb_size_mib = v;
}

static int tcg_init_machine(MachineState *ms, Error **errp)
{
    /*
     * x86 guests on an x86-64 host: both TSO, so plain host loads and
     * stores give the guest its memory ordering; LOCK'd ops are host
     * atomics (or EXCP_ATOMIC). So one thread per vCPU is the default
     * as soon as there can be several vCPUs.
     */
    if (opt_mttcg < 0) {
        tcg_mttcg_enabled = ms && MAX(ms->smp.cpus, ms->smp.max_cpus) > 1;
    } else {
        tcg_mttcg_enabled = opt_mttcg;
    }
    tcg_cflags_default = tcg_mttcg_enabled ? CF_PARALLEL : 0;
    tcg_init();
    tcg_x86_init();
    if (!tcg_code_buffer_init(opt_backend, opt_tb_size_mib * MiB, errp)) {
        return -1;
    }
    tcg_memory_hooks_init();
    return 0;
}

static void tcg_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "tcg";
    ac->init_machine = tcg_init_machine;
    ac->ops = &tcg_accel_ops;
    object_class_property_add_str(oc, "backend", tcg_get_backend,
                                  tcg_set_backend);
    object_class_property_set_description(oc, "backend",
        "code generator: native (x86-64 host code) or interp (IR "
        "interpreter)");
    object_class_property_add_str(oc, "thread", tcg_get_thread,
                                  tcg_set_thread);
    object_class_property_set_description(oc, "thread",
        "single: one thread runs all vCPUs; multi: one thread per vCPU");
    object_class_property_add(oc, "tb-size", "int", tcg_get_tb_size,
                              tcg_set_tb_size, NULL, NULL);
    object_class_property_set_description(oc, "tb-size",
        "translation cache size in MiB (default 256)");
}

#else

static void tcg_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "tcg";
    ac->unavailable_reason =
        "the tcg accelerator is not available in this build of Vireo "
        "(configured with --disable-tcg)";
}

#endif

static const TypeInfo tcg_accel_type = {
    .name = ACCEL_CLASS_NAME("tcg"),
    .parent = TYPE_ACCEL,
    .instance_size = sizeof(AccelState),
    .class_init = tcg_accel_class_init,
};

static void tcg_accel_register_types(void)
{
    type_register_static(&tcg_accel_type);
}

type_init(tcg_accel_register_types)
