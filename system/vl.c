/*
 * Start-up: parse the command line into option lists, validate everything
 * that can be validated before anything starts, then build in dependency
 * order (logging, chardevs, objects, machine, accelerator, board, devices,
 * monitors) and enter the main loop. Any error prints one line naming the
 * option at fault and exits 1 before the guest starts.
 */
#include "qemu/osdep.h"
#include "system/system.h"
#include "system/options.h"
#include "system/runstate.h"
#include "system/accel.h"
#include "system/qtest.h"
#include "system/vl-internal.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/option.h"
#include "qemu/cutils.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qom/object.h"
#include "hw/boards.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "hw/char/serial.h"
#include "chardev/char.h"
#include "monitor/monitor.h"
#include "target/i386/cpu.h"
#include "system/hostmem.h"

const char *qemu_name;
QemuUUID qemu_uuid;
bool qemu_uuid_set;
int display_type_none = 1;
Chardev *serial_hds[MAX_ISA_SERIAL_PORTS];
VlBootConfig vl_boot_config;
VlRtcConfig vl_rtc_config;

/* An option occurrence: its argument and where it was on the command line
 * (for error locations). */
typedef struct VlArg {
    VlOptionIndex index;
    const char *arg;
    int argi;           /* index of the option in argv */
    int argc;           /* 1 or 2 */
} VlArg;

typedef struct VlState {
    char **argv;
    GPtrArray *args;    /* VlArg *, in command-line order */
    const char *machine_type;
    JsonObject *machine_opts;     /* merged -machine options */
    const char *accel_list;       /* -machine accel=a:b */
    GPtrArray *accels;            /* VlArg * of -accel */
    const char *cpu_option;
    bool nographic;
    bool nodefaults;
    bool daemonize;
    const char *pidfile;
    const char *qtest_chr;
    const char *qtest_log;
    const char *incoming;
    bool default_serial, default_monitor;
} VlState;

static VlState vl;

static void vl_loc(VlArg *a)
{
    loc_set_cmdline(vl.argv, a->argi, a->argc);
}

static QEMU_NORETURN void vl_fail(Error *err)
{
    error_report_err(err);
    exit(1);
}

/* Runs f and exits with its error, located at a. */
#define VL_CHECK(a, call)                               \
    do {                                                \
        Error *err_ = NULL;                             \
        vl_loc(a);                                      \
        call;                                           \
        if (err_) {                                     \
            vl_fail(err_);                              \
        }                                               \
        loc_set_none();                                 \
    } while (0)

static const VlOption *vl_find_option(const char *name)
{
    for (const VlOption *o = vl_options; o->name; o++) {
        if (!strcmp(o->name, name)) {
            return o;
        }
    }
    return NULL;
}

static void vl_print_help(void)
{
    printf("QEMU emulator version 7.2.0 (vireo-%s)\n"
           "usage: vireo-system-x86_64 [options] [disk_image]\n\n",
           VIREO_VERSION);
    for (const VlOption *o = vl_options; o->name; o++) {
        if (o->help) {
            printf("%s\n", o->help);
        }
    }
    printf("\nDuring emulation, with -nographic, Ctrl-A h lists the "
           "console escapes.\n");
}

static void vl_print_version(void)
{
    printf("QEMU emulator version 7.2.0 (vireo-%s)\n"
           "Vireo is a QEMU-compatible emulator; the version above is the "
           "QEMU release whose interfaces it follows.\n", VIREO_VERSION);
}

/* Phase 1: split argv into options; only syntax is checked here. */
static void vl_parse_argv(int argc, char **argv)
{
    vl.argv = argv;
    vl.args = g_ptr_array_new();
    for (int i = 1; i < argc; i++) {
        const char *name = argv[i];
        const VlOption *o;
        VlArg *a;

        if (name[0] != '-') {
            loc_set_cmdline(argv, i, 1);
            error_report("%s: drive images are not supported yet", name);
            exit(1);
        }
        name++;
        if (name[0] == '-') {
            name++;     /* --opt means -opt */
        }
        o = vl_find_option(name);
        if (!o) {
            loc_set_cmdline(argv, i, 1);
            error_report("invalid option");
            exit(1);
        }
        a = g_new0(VlArg, 1);
        a->index = o->index;
        a->argi = i;
        a->argc = 1;
        if (o->has_arg) {
            if (i + 1 >= argc) {
                loc_set_cmdline(argv, i, 1);
                error_report("requires an argument");
                exit(1);
            }
            a->arg = argv[++i];
            a->argc = 2;
        }
        g_ptr_array_add(vl.args, a);
    }
    loc_set_none();
}

static bool is_help(const char *s)
{
    return s && (!strcmp(s, "help") || !strcmp(s, "?"));
}

static void vl_machine_help(void)
{
    g_autoptr(GSList) classes = machine_class_list();

    printf("Supported machines are:\n");
    for (GSList *l = classes; l; l = l->next) {
        MachineClass *mc = l->data;
        if (mc->alias) {
            printf("%-20s %s (alias of %s)\n", mc->alias, mc->desc, mc->name);
        }
        printf("%-20s %s%s%s\n", mc->name, mc->desc,
               mc->is_default ? " (default)" : "",
               mc->deprecation_reason ? " (deprecated)" : "");
    }
}

static void vl_accel_help(void)
{
    g_autoptr(GSList) classes = object_class_get_list(TYPE_ACCEL, false);

    printf("Accelerators supported in QEMU binary:\n");
    for (GSList *l = classes; l; l = l->next) {
        printf("%s\n", ACCEL_CLASS(l->data)->name);
    }
}

/* Merges -machine options; the last value of a key wins, as in QEMU. */
static void vl_machine_opts(VlArg *a)
{
    Error *err = NULL;
    JsonObject *o;

    vl_loc(a);
    o = keyval_parse(a->arg, "type", KEYVAL_BARE_FLAGS | KEYVAL_LAST_WINS,
                     &err);
    if (!o) {
        vl_fail(err);
    }
    if (is_help(opt_get_str(o, "type", NULL))) {
        vl_machine_help();
        exit(0);
    }
    if (!vl.machine_opts) {
        vl.machine_opts = json_object_new();
    }
    g_autoptr(GList) members = json_object_get_members(o);
    for (GList *l = members; l; l = l->next) {
        json_object_set_member(vl.machine_opts, l->data,
                               json_object_dup_member(o, l->data));
    }
    json_object_unref(o);
    loc_set_none();
}

static void vl_parse_name(VlArg *a)
{
    static const char *const keys[] = {
        "guest", "debug-threads", "process", NULL,
    };
    Error *err = NULL;
    JsonObject *o;

    vl_loc(a);
    o = keyval_parse(a->arg, "guest", KEYVAL_BARE_FLAGS, &err);
    if (!o || !opt_check_keys(o, keys, &err)) {
        vl_fail(err);
    }
    opt_get_bool(o, "debug-threads", false, &err);
    if (err) {
        vl_fail(err);
    }
    qemu_name = g_strdup(opt_get_str(o, "guest", NULL));
    if (opt_get_str(o, "process", NULL)) {
        g_autofree char *p = g_strndup(opt_get_str(o, "process", NULL), 15);
        prctl_set_name(p);
    }
    json_object_unref(o);
    loc_set_none();
}

static void vl_parse_msg(VlArg *a)
{
    static const char *const keys[] = { "timestamp", "guest-name", NULL };
    Error *err = NULL;
    JsonObject *o;

    vl_loc(a);
    o = keyval_parse(a->arg, "timestamp", KEYVAL_BARE_FLAGS, &err);
    if (!o || !opt_check_keys(o, keys, &err)) {
        vl_fail(err);
    }
    error_with_timestamp = opt_get_bool(o, "timestamp", false, &err);
    if (!err) {
        opt_get_bool(o, "guest-name", false, &err);
    }
    if (err) {
        vl_fail(err);
    }
    json_object_unref(o);
    loc_set_none();
}

/* -m [size=]N[,slots=n,maxmem=size]: a bare number is MiB. */
static void vl_parse_m(VlArg *a, MachineState *ms)
{
    static const char *const keys[] = { "size", "slots", "maxmem", NULL };
    Error *err = NULL;
    JsonObject *o;
    const char *size;
    uint64_t sz, maxmem;

    vl_loc(a);
    o = keyval_parse(a->arg, "size", KEYVAL_LAST_WINS, &err);
    if (!o || !opt_check_keys(o, keys, &err)) {
        vl_fail(err);
    }
    size = opt_get_str(o, "size", NULL);
    if (size) {
        if (qemu_strtosz_MiB(size, NULL, &sz) < 0) {
            error_report("Parameter 'size' expects a non-negative number "
                         "below 2^64");
            fprintf(stderr, "Optional suffix k, M, G, T, P or E means kilo-, "
                         "mega-, giga-, tera-, peta-\nand exabytes, "
                         "respectively.\n");
            exit(1);
        }
        sz = QEMU_ALIGN_UP(sz, 8 * KiB);
        if (sz == 0) {
            error_report("ram size can't be 0");
            exit(1);
        }
        ms->ram_size = sz;
    }
    ms->ram_slots = opt_get_number(o, "slots", 0, &err);
    if (err) {
        vl_fail(err);
    }
    maxmem = opt_get_size(o, "maxmem", ms->ram_size, &err);
    if (err) {
        vl_fail(err);
    }
    if (maxmem < ms->ram_size) {
        error_report("invalid value of maxmem: maximum memory size "
                     "(0x%" PRIx64 ") must be at least the initial memory "
                     "size (0x%" PRIx64 ")", maxmem, ms->ram_size);
        exit(1);
    }
    if (json_object_has_member(o, "maxmem") && !ms->ram_slots &&
        maxmem > ms->ram_size) {
        error_report("invalid value of maxmem: memory slots were not "
                     "specified but maxmem (0x%" PRIx64 ") is larger than "
                     "the initial memory", maxmem);
        exit(1);
    }
    ms->maxram_size = maxmem;
    json_object_unref(o);
    loc_set_none();
}

/* -smp: fills the missing topology values and checks the product. */
static void vl_parse_smp(VlArg *a, MachineState *ms, MachineClass *mc)
{
    static const char *const keys[] = {
        "cpus", "sockets", "dies", "cores", "threads", "maxcpus", NULL,
    };
    static const char *const nums[] = {
        "cpus", "sockets", "dies", "cores", "threads", "maxcpus",
    };
    uint64_t v[6] = { 0 };
    Error *err = NULL;
    JsonObject *o;
    uint64_t cpus, sockets, dies, cores, threads, maxcpus;

    vl_loc(a);
    o = keyval_parse(a->arg, "cpus", KEYVAL_LAST_WINS, &err);
    if (!o || !opt_check_keys(o, keys, &err)) {
        vl_fail(err);
    }
    for (int i = 0; i < 6; i++) {
        const char *s = opt_get_str(o, nums[i], NULL);
        if (s && (qemu_strtou64(s, NULL, 0, &v[i]) < 0 || v[i] > 4096)) {
            loc_set_none();
            error_report("Parameter 'smp.%s' expects integer", nums[i]);
            exit(1);
        }
        if (s && v[i] == 0) {
            loc_set_none();
            error_report("Invalid CPU topology: CPU topology parameters "
                         "must be greater than zero");
            exit(1);
        }
    }
    json_object_unref(o);
    loc_set_none();
    cpus = v[0], sockets = v[1], dies = v[2] ? v[2] : 1, cores = v[3];
    threads = v[4], maxcpus = v[5];
    if (v[2] > 1 && !mc->smp_dies_supported) {
        error_report("dies not supported by this machine's CPU topology");
        exit(1);
    }
    maxcpus = maxcpus ? maxcpus : cpus;
    threads = threads ? threads : 1;
    if (!sockets && !cores) {
        /* As QEMU 7.2's current machine types: cores before sockets. */
        sockets = 1;
        cores = maxcpus ? maxcpus / (dies * threads) : 1;
        cores = cores ? cores : 1;
    } else if (!sockets) {
        sockets = maxcpus ? maxcpus / (dies * cores * threads) : 1;
        sockets = sockets ? sockets : 1;
    } else if (!cores) {
        cores = maxcpus ? maxcpus / (sockets * dies * threads) : 1;
        cores = cores ? cores : 1;
    }
    if (!maxcpus) {
        maxcpus = sockets * dies * cores * threads;
    }
    if (!cpus) {
        cpus = maxcpus;
    }
    if (sockets * dies * cores * threads != maxcpus) {
        error_report("Invalid CPU topology: product of the hierarchy must "
                     "match maxcpus: sockets (%" PRIu64 ") * dies (%" PRIu64
                     ") * cores (%" PRIu64 ") * threads (%" PRIu64
                     ") != maxcpus (%" PRIu64 ")",
                     sockets, dies, cores, threads, maxcpus);
        exit(1);
    }
    if (maxcpus < cpus) {
        error_report("Invalid CPU topology: maxcpus must be equal to or "
                     "greater than smp: sockets (%" PRIu64 ") * dies (%"
                     PRIu64 ") * cores (%" PRIu64 ") * threads (%" PRIu64
                     ") == maxcpus (%" PRIu64 ") < smp_cpus (%" PRIu64 ")",
                     sockets, dies, cores, threads, maxcpus, cpus);
        exit(1);
    }
    if (cpus < (uint64_t)mc->min_cpus) {
        error_report("Invalid SMP CPUs %" PRIu64 ". The min CPUs supported "
                     "by machine '%s' is %d", cpus, mc->name, mc->min_cpus);
        exit(1);
    }
    if (maxcpus > (uint64_t)mc->max_cpus) {
        error_report("Invalid SMP CPUs %" PRIu64 ". The max CPUs supported "
                     "by machine '%s' is %d", maxcpus, mc->name,
                     mc->max_cpus);
        exit(1);
    }
    ms->smp = (CpuTopology) {
        .cpus = cpus, .sockets = sockets, .dies = dies, .cores = cores,
        .threads = threads, .max_cpus = maxcpus,
    };
}

static void vl_parse_boot(VlArg *a)
{
    static const char *const keys[] = {
        "order", "once", "menu", "splash", "splash-time", "reboot-timeout",
        "strict", NULL,
    };
    Error *err = NULL;
    JsonObject *o;

    vl_loc(a);
    o = keyval_parse(a->arg, "order", KEYVAL_LAST_WINS, &err);
    if (!o || !opt_check_keys(o, keys, &err)) {
        vl_fail(err);
    }
    loc_set_none();
    static const char *const drive_keys[] = { "order", "once" };
    for (size_t i = 0; i < ARRAY_SIZE(drive_keys); i++) {
        const char *s = opt_get_str(o, drive_keys[i], NULL);
        for (; s && *s; s++) {
            if (*s < 'a' || *s > 'p') {
                error_report("Invalid boot device '%c'", *s);
                exit(1);
            }
        }
    }
    vl_boot_config.order = g_strdup(opt_get_str(o, "order", "cad"));
    vl_boot_config.once = g_strdup(opt_get_str(o, "once", NULL));
    vl_boot_config.menu = opt_get_bool(o, "menu", false, &err);
    if (!err) {
        vl_boot_config.strict = opt_get_bool(o, "strict", false, &err);
    }
    if (!err) {
        vl_boot_config.reboot_timeout =
            opt_get_number(o, "reboot-timeout", (uint64_t)-1, &err);
    }
    if (!err) {
        vl_boot_config.splash_time =
            opt_get_number(o, "splash-time", (uint64_t)-1, &err);
    }
    if (err) {
        vl_fail(err);
    }
    json_object_unref(o);
}

static void vl_parse_rtc(VlArg *a)
{
    static const char *const keys[] = { "base", "clock", "driftfix", NULL };
    Error *err = NULL;
    JsonObject *o;
    const char *base, *clock, *drift;

    vl_loc(a);
    o = keyval_parse(a->arg, NULL, KEYVAL_LAST_WINS, &err);
    if (!o || !opt_check_keys(o, keys, &err)) {
        vl_fail(err);
    }
    base = opt_get_str(o, "base", "utc");
    clock = opt_get_str(o, "clock", "host");
    drift = opt_get_str(o, "driftfix", "none");
    loc_set_none();
    if (!strcmp(base, "utc")) {
        vl_rtc_config.localtime = false;
    } else if (!strcmp(base, "localtime")) {
        vl_rtc_config.localtime = true;
    } else {
        struct tm tm = { 0 };
        const char *end = strptime(base, "%Y-%m-%dT%H:%M:%S", &tm);
        if (!end || *end) {
            memset(&tm, 0, sizeof(tm));
            end = strptime(base, "%Y-%m-%d", &tm);
        }
        if (!end || *end) {
            error_report("invalid datetime format");
            fprintf(stderr, "valid formats: '2006-06-17T16:01:21' or "
                         "'2006-06-17'\n");
            exit(1);
        }
        vl_rtc_config.base_set = true;
        vl_rtc_config.base_time = timegm(&tm);
    }
    if (!strcmp(clock, "host")) {
        vl_rtc_config.clock = QEMU_CLOCK_HOST;
    } else if (!strcmp(clock, "rt")) {
        vl_rtc_config.clock = QEMU_CLOCK_REALTIME;
    } else if (!strcmp(clock, "vm")) {
        vl_rtc_config.clock = QEMU_CLOCK_VIRTUAL;
    } else {
        error_report("invalid option value '%s'", clock);
        exit(1);
    }
    if (!strcmp(drift, "slew")) {
        vl_rtc_config.driftfix_slew = true;
    } else if (strcmp(drift, "none")) {
        error_report("invalid option value '%s'", drift);
        exit(1);
    }
    /* The RTC device takes the same settings as properties. */
    qdev_prop_register_global("mc146818rtc", "base", base);
    qdev_prop_register_global("mc146818rtc", "clock", clock);
    qdev_prop_register_global("mc146818rtc", "lost_tick_policy",
                              vl_rtc_config.driftfix_slew ? "slew"
                                                          : "discard");
    json_object_unref(o);
}

static void vl_parse_overcommit(VlArg *a)
{
    static const char *const keys[] = { "mem-lock", "cpu-pm", NULL };
    Error *err = NULL;
    JsonObject *o;

    vl_loc(a);
    o = keyval_parse(a->arg, NULL, KEYVAL_LAST_WINS, &err);
    if (!o || !opt_check_keys(o, keys, &err)) {
        vl_fail(err);
    }
    vl_overcommit.mem_lock = opt_get_bool(o, "mem-lock", false, &err);
    if (!err) {
        vl_overcommit.cpu_pm = opt_get_bool(o, "cpu-pm", false, &err);
    }
    if (err) {
        vl_fail(err);
    }
    json_object_unref(o);
    loc_set_none();
}

static void vl_check_display(VlArg *a)
{
    g_autofree char *type = g_strdup(a->arg);
    char *comma = strchr(type, ',');

    if (comma) {
        *comma = 0;
    }
    vl_loc(a);
    if (strcmp(type, "none")) {
        static const char *const known[] = {
            "gtk", "sdl", "curses", "vnc", "egl-headless", "dbus",
            "spice-app", "cocoa", "default", NULL,
        };
        if (g_strv_contains(known, type)) {
            error_report("Display '%s' is not available in this build; "
                         "use -display none", type);
        } else {
            error_report("Parameter 'type' does not accept value '%s'", type);
        }
        exit(1);
    }
    loc_set_none();
}

static void vl_check_vga(VlArg *a)
{
    static const char *const known[] = {
        "std", "cirrus", "vmware", "qxl", "xenfb", "tcx", "cg3", "virtio",
        "ati", "bochs-display", "ramfb", NULL,
    };

    if (!strcmp(a->arg, "none")) {
        return;
    }
    vl_loc(a);
    if (g_strv_contains(known, a->arg)) {
        error_report("VGA type '%s' is not available in this build; "
                     "use -vga none", a->arg);
    } else {
        loc_set_none();
        error_report("unknown vga type: %s", a->arg);
    }
    exit(1);
}

/* Help requests print and exit 0 before anything is created. */
static void vl_handle_help(void)
{
    for (guint i = 0; i < vl.args->len; i++) {
        VlArg *a = g_ptr_array_index(vl.args, i);
        Error *err = NULL;

        switch (a->index) {
        case OPT_h:
            vl_print_help();
            exit(0);
        case OPT_version:
            vl_print_version();
            exit(0);
        case OPT_cpu:
            if (is_help(a->arg)) {
                x86_cpu_list(stdout);
                exit(0);
            }
            break;
        case OPT_accel:
            if (is_help(a->arg)) {
                vl_accel_help();
                exit(0);
            }
            break;
        case OPT_device: {
            const char *s = a->arg;
            if (is_help(s)) {
                qdev_print_device_list(stdout);
                exit(0);
            }
            if (g_str_has_suffix(s, ",help") || g_str_has_suffix(s, ",?")) {
                g_autofree char *drv = g_strndup(s, strrchr(s, ',') - s);
                if (g_str_has_prefix(drv, "driver=")) {
                    memmove(drv, drv + 7, strlen(drv + 7) + 1);
                }
                vl_loc(a);
                if (!qdev_print_device_props(stdout, drv, &err)) {
                    vl_fail(err);
                }
                exit(0);
            }
            break;
        }
        case OPT_chardev:
            if (is_help(a->arg)) {
                qemu_chr_print_backends(stdout);
                exit(0);
            }
            break;
        case OPT_object: {
            g_autofree char *type = g_strdup(a->arg);
            char *comma = strchr(type, ',');
            JsonObject *o = NULL;
            if (comma) {
                *comma = 0;
                o = keyval_parse(comma + 1, NULL, KEYVAL_BARE_FLAGS, NULL);
            }
            if ((is_help(type) || (o && json_object_has_member(o, "help"))) &&
                user_creatable_print_help(type, o)) {
                exit(0);
            }
            if (o) {
                json_object_unref(o);
            }
            break;
        }
        case OPT_d:
            if (is_help(a->arg)) {
                qemu_print_log_usage(stdout);
                exit(0);
            }
            break;
        default:
            break;
        }
    }
}

static Chardev *vl_chardev_from_spec(VlArg *a, const char *label)
{
    Error *err = NULL;
    Chardev *chr;

    vl_loc(a);
    chr = qemu_chr_new(label, a->arg, &err);
    if (err) {
        vl_fail(err);
    }
    loc_set_none();
    return chr;
}

static void vl_create_chardevs(void)
{
    for (guint i = 0; i < vl.args->len; i++) {
        VlArg *a = g_ptr_array_index(vl.args, i);
        Error *err = NULL;
        JsonObject *o;

        if (a->index != OPT_chardev) {
            continue;
        }
        vl_loc(a);
        o = keyval_parse(a->arg, "backend", KEYVAL_BARE_FLAGS, &err);
        if (!o || !qemu_chr_new_from_opts(o, &err)) {
            vl_fail(err);
        }
        json_object_unref(o);
        loc_set_none();
    }
}

static void vl_create_objects(void)
{
    for (guint i = 0; i < vl.args->len; i++) {
        VlArg *a = g_ptr_array_index(vl.args, i);
        Error *err = NULL;
        JsonObject *o;

        if (a->index != OPT_object) {
            continue;
        }
        vl_loc(a);
        o = keyval_parse_or_json(a->arg, "qom-type", KEYVAL_BARE_FLAGS, &err);
        if (!o || !user_creatable_add(o, &err)) {
            vl_fail(err);
        }
        json_object_unref(o);
        loc_set_none();
    }
}

static void vl_register_globals(void)
{
    for (guint i = 0; i < vl.args->len; i++) {
        VlArg *a = g_ptr_array_index(vl.args, i);

        if (a->index == OPT_global) {
            VL_CHECK(a, qdev_prop_register_global_str(a->arg, &err_));
        }
    }
}

static void vl_create_devices(void)
{
    for (guint i = 0; i < vl.args->len; i++) {
        VlArg *a = g_ptr_array_index(vl.args, i);
        Error *err = NULL;
        JsonObject *o;
        bool json;

        if (a->index != OPT_device) {
            continue;
        }
        vl_loc(a);
        json = a->arg[0] == '{';
        o = keyval_parse_or_json(a->arg, "driver", 0, &err);
        if (!o || !qdev_device_add(o, json, &err)) {
            vl_fail(err);
        }
        json_object_unref(o);
        loc_set_none();
    }
}

static void vl_create_monitors(void)
{
    int n_mon = 0;

    for (guint i = 0; i < vl.args->len; i++) {
        VlArg *a = g_ptr_array_index(vl.args, i);
        Error *err = NULL;
        JsonObject *o;
        Chardev *chr;

        switch (a->index) {
        case OPT_monitor:
        case OPT_qmp:
        case OPT_qmp_pretty: {
            g_autofree char *label = g_strdup_printf("compat_monitor%d",
                                                     n_mon++);
            if (!strcmp(a->arg, "none")) {
                break;
            }
            chr = vl_chardev_from_spec(a, label);
            if (!chr) {
                break;
            }
            vl_loc(a);
            if (a->index == OPT_monitor) {
                monitor_init_hmp(chr, true, &err);
            } else {
                monitor_init_qmp(chr, a->index == OPT_qmp_pretty, &err);
            }
            if (err) {
                vl_fail(err);
            }
            loc_set_none();
            break;
        }
        case OPT_mon:
            vl_loc(a);
            o = keyval_parse(a->arg, "chardev", KEYVAL_BARE_FLAGS, &err);
            if (!o || !monitor_init_opts(o, &err)) {
                vl_fail(err);
            }
            json_object_unref(o);
            loc_set_none();
            break;
        default:
            break;
        }
    }
}

static void vl_create_serials(void)
{
    int n = 0;

    for (guint i = 0; i < vl.args->len; i++) {
        VlArg *a = g_ptr_array_index(vl.args, i);
        g_autofree char *label = NULL;

        if (a->index != OPT_serial) {
            continue;
        }
        if (n >= MAX_ISA_SERIAL_PORTS) {
            vl_loc(a);
            error_report("too many serial ports");
            exit(1);
        }
        label = g_strdup_printf("serial%d", n);
        serial_hds[n++] = strcmp(a->arg, "none") ?
                          vl_chardev_from_spec(a, label) : NULL;
    }
}

/* Defaults QEMU creates unless -nodefaults or an explicit option says
 * otherwise: serial on the mux with the monitor for -nographic; without a
 * display, serial to null. */
static void vl_create_defaults(void)
{
    Error *err = NULL;

    if (!vl.default_serial) {
        return;
    }
    if (vl.nographic) {
        serial_hds[0] = qemu_chr_new("serial0", "mon:stdio", &err);
        if (err) {
            vl_fail(err);
        }
        if (vl.default_monitor) {
            if (!monitor_init_hmp(serial_hds[0], true, &err)) {
                vl_fail(err);
            }
        }
    } else {
        serial_hds[0] = qemu_chr_new("serial0", "null", &err);
        if (err) {
            vl_fail(err);
        }
    }
}

static MachineClass *vl_select_machine(void)
{
    const char *type = vl.machine_opts ?
                       opt_get_str(vl.machine_opts, "type", NULL) : NULL;
    MachineClass *mc = NULL;

    if (type) {
        mc = machine_class_find(type);
        if (!mc) {
            error_report("unsupported machine type");
            fprintf(stderr, "Use -machine help to list supported machines\n");
            exit(1);
        }
        return mc;
    }
    g_autoptr(GSList) classes = machine_class_list();
    for (GSList *l = classes; l; l = l->next) {
        if (((MachineClass *)l->data)->is_default) {
            return l->data;
        }
    }
    error_report("No machine specified, and there is no default");
    fprintf(stderr, "Use -machine help to list supported machines\n");
    exit(1);
}

static void vl_apply_machine_opts(MachineState *ms)
{
    static const char *const skip[] = { "type", "accel", NULL };
    Error *err = NULL;

    if (!vl.machine_opts) {
        return;
    }
    g_autoptr(GList) members = json_object_get_members(vl.machine_opts);
    for (GList *l = members; l; l = l->next) {
        const char *key = l->data;
        const char *val;

        if (g_strv_contains(skip, key)) {
            continue;
        }
        val = json_node_get_string(json_object_get_member(vl.machine_opts,
                                                          key));
        if (!object_property_find(OBJECT(ms), key)) {
            error_report("Property '%s.%s' not found",
                         object_get_typename(OBJECT(ms)), key);
            exit(1);
        }
        if (!object_property_parse(OBJECT(ms), key, val ? val : "", &err)) {
            vl_fail(err);
        }
    }
}

/* An accelerator to try: from -accel (with its properties and location)
 * or from -machine accel=a:b. */
typedef struct AccelTry {
    char *name;
    JsonObject *props;
    VlArg *where;       /* NULL: no command-line location to name */
} AccelTry;

static void accel_try_free(gpointer p)
{
    AccelTry *t = p;

    g_free(t->name);
    if (t->props) {
        json_object_unref(t->props);
    }
    g_free(t);
}

/* -accel a -accel b, or -machine accel=a:b: the first that starts wins;
 * each failure is reported, and with several candidates a final line says
 * none worked. */
static void vl_init_accel(MachineState *ms)
{
    g_autoptr(GPtrArray) tries = g_ptr_array_new_with_free_func(
        accel_try_free);

    for (guint i = 0; i < vl.args->len; i++) {
        VlArg *a = g_ptr_array_index(vl.args, i);
        Error *err = NULL;
        AccelTry *t;
        JsonObject *o;

        if (a->index != OPT_accel) {
            continue;
        }
        vl_loc(a);
        o = keyval_parse(a->arg, "accel", KEYVAL_BARE_FLAGS, &err);
        if (!o) {
            vl_fail(err);
        }
        if (!opt_get_str(o, "accel", NULL)) {
            error_report("Parameter 'accel' is missing");
            exit(1);
        }
        loc_set_none();
        t = g_new0(AccelTry, 1);
        t->name = g_strdup(opt_get_str(o, "accel", NULL));
        t->props = o;
        t->where = a;
        g_ptr_array_add(tries, t);
    }
    if (!tries->len) {
        /* -qtest implies the qtest accelerator, as in QEMU. */
        const char *list = vl.accel_list ? vl.accel_list
                                         : vl.qtest_chr ? "qtest" : "tcg";
        g_auto(GStrv) names = g_strsplit(list, ":", -1);

        for (int i = 0; names[i]; i++) {
            AccelTry *t = g_new0(AccelTry, 1);

            t->name = g_strdup(names[i]);
            g_ptr_array_add(tries, t);
        }
    }
    for (guint i = 0; i < tries->len; i++) {
        AccelTry *t = g_ptr_array_index(tries, i);
        Error *err = NULL;

        if (t->where) {
            vl_loc(t->where);
        }
        if (accel_init(t->name, t->props, ms, &err)) {
            loc_set_none();
            return;
        }
        error_report_err(err);
        loc_set_none();
    }
    if (tries->len > 1) {
        error_report("no accelerator found");
    }
    exit(1);
}

/* -enable-kvm is -machine accel=kvm. */
static void vl_machine_opt_set(const char *key, const char *value)
{
    if (!vl.machine_opts) {
        vl.machine_opts = json_object_new();
    }
    json_object_set_string_member(vl.machine_opts, key, value);
}

void vl_enable_kvm_flag(void)
{
    vl_machine_opt_set("accel", "kvm");
}

/* -no-acpi / -no-hpet are -machine acpi=off / hpet=off. */
void vl_legacy_machine_flag(const char *prop_off)
{
    vl_machine_opt_set(prop_off, "off");
}

void vl_check_overcommit_cpu_pm(void)
{
    if (vl_overcommit.cpu_pm && !accel_is("kvm")) {
        error_report("-overcommit cpu-pm=on: requires the kvm accelerator "
                     "(the %s accelerator has no host CPU power management "
                     "to pass through)", current_accel_name());
        exit(1);
    }
}

typedef struct InitDoneHook {
    void (*fn)(void *opaque);
    void *opaque;
} InitDoneHook;

static GList *init_done_hooks;

void qemu_add_machine_init_done_hook(void (*fn)(void *opaque), void *opaque)
{
    InitDoneHook *h = g_new0(InitDoneHook, 1);

    h->fn = fn;
    h->opaque = opaque;
    init_done_hooks = g_list_append(init_done_hooks, h);
}

void vl_machine_done(MachineState *ms)
{
    for (GList *l = init_done_hooks; l; l = l->next) {
        InitDoneHook *h = l->data;
        h->fn(h->opaque);
    }
}

static void vl_setup_ram(MachineState *ms, MachineClass *mc)
{
    Error *err = NULL;

    if (ms->ram_memdev_id) {
        g_autofree char *path = g_strdup_printf("/objects/%s",
                                                ms->ram_memdev_id);
        Object *backend = object_resolve_path(path, NULL);
        uint64_t size;

        if (!backend || !object_dynamic_cast(backend, "memory-backend")) {
            error_report("Memory backend '%s' not found", ms->ram_memdev_id);
            exit(1);
        }
        size = object_property_get_uint(backend, "size", &error_abort);
        if (vl_ram_size_given && size != ms->ram_size) {
            error_report("Size specified by -m option must match size of "
                         "explicitly specified 'memory-backend' property");
            exit(1);
        }
        ms->ram_size = size;
        if (ms->maxram_size < size) {
            ms->maxram_size = size;
        }
        ms->ram = host_memory_backend_get_memory(MEMORY_BACKEND(backend));
        return;
    }
    if (!ms->ram_size) {
        return;
    }
    ms->ram = g_new0(MemoryRegion, 1);
    if (!memory_region_init_ram(ms->ram, OBJECT(ms),
                                mc->default_ram_id ? mc->default_ram_id
                                                   : "pc.ram",
                                ms->ram_size, &err)) {
        vl_fail(err);
    }
}

static void vl_write_pidfile(void)
{
    Error *err = NULL;

    if (vl.pidfile && !qemu_write_pidfile(vl.pidfile, &err)) {
        error_prepend(&err, "cannot create PID file: ");
        vl_fail(err);
    }
}

bool vl_ram_size_given;
VlOvercommit vl_overcommit;

int qemu_main(int argc, char **argv)
{
    MachineClass *mc;
    MachineState *ms;
    Error *err = NULL;
    bool start_paused = false;
    bool enable_kvm = false;
    int status;
    const char *bios = NULL;

    error_set_progname(argv[0]);
    vl_parse_argv(argc, argv);
    vl_handle_help();

    vl.default_serial = true;
    vl.default_monitor = true;

    /* Options that only set flags or need no other object. */
    for (guint i = 0; i < vl.args->len; i++) {
        VlArg *a = g_ptr_array_index(vl.args, i);

        switch (a->index) {
        case OPT_machine:
            vl_machine_opts(a);
            break;
        case OPT_enable_kvm:
            enable_kvm = true;
            break;
        case OPT_cpu:
            vl.cpu_option = a->arg;
            break;
        case OPT_d: {
            int mask;
            vl_loc(a);
            mask = qemu_str_to_log_mask(a->arg, &err);
            if (!mask && err) {
                vl_fail(err);
            }
            qemu_set_log(mask);
            loc_set_none();
            break;
        }
        case OPT_D:
            VL_CHECK(a, qemu_set_log_filename(a->arg, &err_));
            break;
        case OPT_msg:
            vl_parse_msg(a);
            break;
        case OPT_name:
            vl_parse_name(a);
            break;
        case OPT_uuid:
            if (qemu_uuid_parse(a->arg, &qemu_uuid) < 0) {
                vl_loc(a);
                error_report("failed to parse UUID string: wrong format");
                exit(1);
            }
            qemu_uuid_set = true;
            break;
        case OPT_S:
            start_paused = true;
            break;
        case OPT_no_reboot:
            no_reboot = true;
            break;
        case OPT_no_shutdown:
            no_shutdown = true;
            break;
        case OPT_nodefaults:
            vl.nodefaults = true;
            vl.default_serial = false;
            vl.default_monitor = false;
            break;
        case OPT_nographic:
            vl.nographic = true;
            break;
        case OPT_no_user_config:
            break;      /* Vireo reads no user config files */
        case OPT_daemonize:
            vl.daemonize = true;
            break;
        case OPT_pidfile:
            vl.pidfile = a->arg;
            break;
        case OPT_L:
            qemu_add_data_dir(a->arg);
            break;
        case OPT_bios:
            bios = a->arg;
            break;
        case OPT_display:
            vl_check_display(a);
            break;
        case OPT_vga:
            vl_check_vga(a);
            break;
        case OPT_serial:
            vl.default_serial = false;
            break;
        case OPT_monitor:
        case OPT_qmp:
        case OPT_qmp_pretty:
        case OPT_mon:
            vl.default_monitor = false;
            break;
        case OPT_parallel:
            if (strcmp(a->arg, "none")) {
                vl_loc(a);
                error_report("parallel ports are not supported yet; "
                             "use -parallel none");
                exit(1);
            }
            break;
        case OPT_net:
            if (strcmp(a->arg, "none")) {
                vl_loc(a);
                error_report("networking is not supported yet; use -net none");
                exit(1);
            }
            break;
        case OPT_netdev:
        case OPT_drive:
            vl_loc(a);
            error_report("%s is not supported yet",
                         a->index == OPT_drive ? "-drive" : "-netdev");
            exit(1);
        case OPT_no_acpi:
        case OPT_no_hpet:
            vl_legacy_machine_flag(a->index == OPT_no_acpi ? "acpi" : "hpet");
            break;
        case OPT_rtc:
            vl_parse_rtc(a);
            break;
        case OPT_boot:
            vl_parse_boot(a);
            break;
        case OPT_overcommit:
            vl_parse_overcommit(a);
            break;
        case OPT_sandbox:
            VL_CHECK(a, vl_parse_sandbox(a->arg, &err_));
            break;
        case OPT_qtest:
            vl.qtest_chr = a->arg;
            break;
        case OPT_qtest_log:
            vl.qtest_log = a->arg;
            break;
        case OPT_incoming:
            vl.incoming = a->arg;
            vl_loc(a);
            error_report("incoming migration is not yet supported");
            exit(1);
        default:
            break;
        }
    }
    if (vl.nographic && vl.daemonize) {
        error_report("-nographic cannot be used with -daemonize");
        exit(1);
    }
    if (enable_kvm) {
        vl_enable_kvm_flag();
    }
    if (vl.machine_opts && opt_get_str(vl.machine_opts, "accel", NULL)) {
        vl.accel_list = opt_get_str(vl.machine_opts, "accel", NULL);
    }

    if (qemu_init_main_loop(&err) < 0) {
        vl_fail(err);
    }
    os_setup_signal_handling();
    if (vl.daemonize) {
        vl_daemonize_start();
    }
    vl_write_pidfile();

    vl_create_chardevs();
    vl_create_objects();

    mc = vl_select_machine();
    ms = MACHINE(object_new(object_class_get_name(OBJECT_CLASS(mc))));
    object_property_add_child(object_get_root(), "machine", OBJECT(ms));
    object_unref(ms);
    current_machine = ms;
    ms->smp = (CpuTopology) {
        .cpus = mc->default_cpus, .sockets = mc->default_cpus ? 1 : 0,
        .dies = 1, .cores = 1, .threads = 1, .max_cpus = mc->default_cpus,
    };
    for (guint i = 0; i < vl.args->len; i++) {
        VlArg *a = g_ptr_array_index(vl.args, i);
        switch (a->index) {
        case OPT_m:
            vl_parse_m(a, ms);
            vl_ram_size_given = true;
            break;
        case OPT_smp:
            vl_parse_smp(a, ms, mc);
            break;
        case OPT_kernel:
            g_free(ms->kernel_filename);
            ms->kernel_filename = g_strdup(a->arg);
            break;
        case OPT_initrd:
            g_free(ms->initrd_filename);
            ms->initrd_filename = g_strdup(a->arg);
            break;
        case OPT_append:
            g_free(ms->kernel_cmdline);
            ms->kernel_cmdline = g_strdup(a->arg);
            break;
        default:
            break;
        }
    }
    vl_apply_machine_opts(ms);
    if (bios) {
        g_free(ms->firmware);
        ms->firmware = g_strdup(bios);
    }
    if (ms->kernel_cmdline && !ms->kernel_filename) {
        error_report("-append only allowed with -kernel option");
        exit(1);
    }
    if (ms->initrd_filename && !ms->kernel_filename) {
        error_report("-initrd only allowed with -kernel option");
        exit(1);
    }
    ms->graphics = ms->graphics && !vl.nographic;
    if (vl_overcommit.mem_lock && mlockall(MCL_CURRENT | MCL_FUTURE) < 0) {
        error_report("locking memory failed: %s", strerror(errno));
        exit(1);
    }

    vl_init_accel(ms);
    if (vl.qtest_chr &&
        !qtest_server_init(vl.qtest_chr, vl.qtest_log, &err)) {
        vl_fail(err);
    }
    vl_check_overcommit_cpu_pm();

    if (vl.cpu_option || mc->default_cpu_type) {
        g_autofree char *type = NULL;
        JsonObject *props = NULL;

        if (vl.cpu_option) {
            type = x86_cpu_parse_model(vl.cpu_option, &props, &err);
            if (!type) {
                vl_fail(err);
            }
        } else {
            type = g_strdup(mc->default_cpu_type);
        }
        ms->cpu_type = g_strdup(type);
        ms->cpu_props = props;
    }
    vl_setup_ram(ms, mc);
    vl_create_serials();
    vl_create_defaults();
    vl_register_globals();

    mc->init(ms);
    vl_create_devices();
    vl_create_monitors();
    vl_machine_done(ms);
    /* From here on, device_add is hotplug. */
    qdev_machine_creation_done();
    qdev_prop_check_globals();

    qemu_system_reset(SHUTDOWN_CAUSE_NONE);
    vl_sandbox_apply();
    if (vl.daemonize) {
        vl_daemonize_finish();
    }
    if (start_paused || !autostart) {
        runstate_set(RUN_STATE_PRELAUNCH);
    } else {
        vm_start();
    }
    status = qemu_main_loop();
    monitor_cleanup();
    vl_remove_pidfile(vl.pidfile);
    return status;
}
