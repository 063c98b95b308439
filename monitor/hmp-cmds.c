/*
 * HMP commands. Most wrap the QMP handler of the same job so both
 * monitors behave alike; the "info" ones format state for people.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "chardev/char.h"
#include "exec/memory.h"
#include "hw/core/cpu.h"
#include "hw/qdev-core.h"
#include "qemu/cutils.h"
#include "system/accel.h"
#include "system/runstate.h"
#include "system/system.h"
#include "monitor-internal.h"

/* Runs a QMP handler without arguments, printing an error if any. */
static void hmp_qmp(Monitor *mon, QmpCommandFunc *fn)
{
    g_autoptr(JsonObject) args = json_object_new();
    JsonNode *ret = NULL;
    Error *err = NULL;

    fn(args, &ret, &err);
    if (ret) {
        json_node_unref(ret);
    }
    hmp_handle_error(mon, err);
}

static void hmp_help(Monitor *mon, int argc, char **argv)
{
    const HMPCommand *cmd;

    if (argc < 2) {
        hmp_help_table(mon, hmp_cmds, "");
        return;
    }
    cmd = hmp_find_cmd(hmp_cmds, argv[1]);
    if (!cmd) {
        monitor_printf(mon, "unknown command: '%s'\n", argv[1]);
        return;
    }
    if (cmd->sub && argc > 2) {
        const HMPCommand *sub = hmp_find_cmd(cmd->sub, argv[2]);

        if (!sub) {
            monitor_printf(mon, "unknown command: '%s %s'\n", argv[1],
                           argv[2]);
            return;
        }
        monitor_printf(mon, "%s %s %s -- %s\n", argv[1], sub->name,
                       sub->params ? sub->params : "", sub->help);
        return;
    }
    if (cmd->sub) {
        hmp_help_table(mon, cmd->sub, "info ");
        return;
    }
    monitor_printf(mon, "%s %s -- %s\n", cmd->name,
                   cmd->params ? cmd->params : "", cmd->help);
}

static void hmp_info(Monitor *mon, int argc, char **argv)
{
    /* Only reached without a subcommand. */
    hmp_help_table(mon, hmp_info_cmds, "info ");
}

static void hmp_stop(Monitor *mon, int argc, char **argv)
{
    hmp_qmp(mon, qmp_stop);
}

static void hmp_cont(Monitor *mon, int argc, char **argv)
{
    hmp_qmp(mon, qmp_cont);
}

static void hmp_system_reset(Monitor *mon, int argc, char **argv)
{
    hmp_qmp(mon, qmp_system_reset);
}

static void hmp_system_powerdown(Monitor *mon, int argc, char **argv)
{
    hmp_qmp(mon, qmp_system_powerdown);
}

static void hmp_quit(Monitor *mon, int argc, char **argv)
{
    hmp_qmp(mon, qmp_quit);
}

static CPUState *mon_get_cpu(Monitor *mon)
{
    if (mon->mon_cpu) {
        return mon->mon_cpu;
    }
    return (cpu_list && cpu_list->len) ? g_ptr_array_index(cpu_list, 0)
                                       : NULL;
}

static void hmp_cpu(Monitor *mon, int argc, char **argv)
{
    int index;
    CPUState *cpu;

    if (argc < 2 || qemu_strtoi(argv[1], NULL, 10, &index) < 0 ||
        index < 0 || !cpu_list || !(cpu = qemu_get_cpu(index))) {
        monitor_printf(mon, "invalid CPU index\n");
        return;
    }
    mon->mon_cpu = cpu;
}

static void hmp_info_status(Monitor *mon, int argc, char **argv)
{
    RunState state = runstate_get();

    if (runstate_is_running()) {
        monitor_printf(mon, "VM status: running\n");
    } else if (state == RUN_STATE_PAUSED) {
        monitor_printf(mon, "VM status: paused\n");
    } else {
        monitor_printf(mon, "VM status: paused (%s)\n",
                       runstate_name(state));
    }
}

static void dump_cpu(Monitor *mon, CPUState *cpu)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);
    AccelState *accel = current_accel();
    g_autoptr(GString) out = g_string_new(NULL);

    /* Registers may live in the accelerator (KVM) until pulled. */
    if (accel && ACCEL_GET_CLASS(accel)->ops &&
        ACCEL_GET_CLASS(accel)->ops->synchronize_state) {
        ACCEL_GET_CLASS(accel)->ops->synchronize_state(cpu);
    }
    if (!cc->dump_state) {
        monitor_printf(mon, "CPU#%d: register dump not supported\n",
                       cpu->cpu_index);
        return;
    }
    cc->dump_state(cpu, out, 0);
    monitor_puts(mon, out->str);
}

static void hmp_info_registers(Monitor *mon, int argc, char **argv)
{
    CPUState *cpu;

    if (argc > 1 && !strcmp(argv[1], "-a")) {
        if (cpu_list) {
            CPU_FOREACH(cpu) {
                monitor_printf(mon, "\nCPU#%d\n", cpu->cpu_index);
                dump_cpu(mon, cpu);
            }
        }
        return;
    }
    if (argc > 1) {
        int index;

        if (qemu_strtoi(argv[1], NULL, 10, &index) < 0 || index < 0 ||
            !cpu_list || !(cpu = qemu_get_cpu(index))) {
            monitor_printf(mon, "CPU#%s not available\n", argv[1]);
            return;
        }
    } else {
        cpu = mon_get_cpu(mon);
    }
    if (!cpu) {
        monitor_printf(mon, "No CPU available\n");
        return;
    }
    dump_cpu(mon, cpu);
}

static void hmp_info_mtree(Monitor *mon, int argc, char **argv)
{
    g_autoptr(GString) out = g_string_new(NULL);
    bool flat = false;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-f")) {
            flat = true;
        } else {
            monitor_printf(mon, "info mtree: unknown option '%s'\n",
                           argv[i]);
            return;
        }
    }
    mtree_info(out, flat);
    monitor_puts(mon, out->str);
}

static void hmp_info_qtree(Monitor *mon, int argc, char **argv)
{
    g_autoptr(GString) out = g_string_new(NULL);

    qdev_print_tree(out);
    monitor_puts(mon, out->str);
}

static void hmp_info_cpus(Monitor *mon, int argc, char **argv)
{
    CPUState *cur = mon_get_cpu(mon);
    CPUState *cpu;

    if (!cpu_list) {
        return;
    }
    CPU_FOREACH(cpu) {
        monitor_printf(mon, "%c CPU #%d: thread_id=%" PRId64 "\n",
                       cpu == cur ? '*' : ' ', cpu->cpu_index,
                       cpu->thread_id);
    }
}

static void hmp_info_chardev(Monitor *mon, int argc, char **argv)
{
    g_autoptr(JsonArray) list = qemu_chr_query();

    for (guint i = 0; list && i < json_array_get_length(list); i++) {
        JsonObject *c = json_array_get_object_element(list, i);

        monitor_printf(mon, "%s: filename=%s\n",
                       json_object_get_string_member(c, "label"),
                       json_object_get_string_member(c, "filename"));
    }
}

static void hmp_info_version(Monitor *mon, int argc, char **argv)
{
    monitor_printf(mon, "%s (vireo-%s)\n", VIREO_QEMU_COMPAT_STRING,
                   VIREO_VERSION);
}

static void hmp_info_kvm(Monitor *mon, int argc, char **argv)
{
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

    if (fd < 0) {
        monitor_printf(mon, "kvm support: not available\n");
        return;
    }
    close(fd);
    monitor_printf(mon, "kvm support: %s\n",
                   accel_is("kvm") ? "enabled" : "disabled");
}

static void hmp_info_name(Monitor *mon, int argc, char **argv)
{
    if (qemu_name) {
        monitor_printf(mon, "%s\n", qemu_name);
    }
}

static void hmp_info_uuid(Monitor *mon, int argc, char **argv)
{
    g_autofree char *uuid = qemu_uuid_unparse_strdup(&qemu_uuid);

    monitor_printf(mon, "%s\n", uuid);
}

const HMPCommand hmp_info_cmds[] = {
    { "chardev", "", "show the character devices", 0, hmp_info_chardev },
    { "cpus", "", "show infos for each CPU", 0, hmp_info_cpus },
    { "kvm", "", "show KVM information", 0, hmp_info_kvm },
    { "mtree", "[-f]", "show memory tree (-f: dump flat view for address "
      "spaces)", 1, hmp_info_mtree },
    { "name", "", "show the current VM name", 0, hmp_info_name },
    { "qtree", "", "show device tree", 0, hmp_info_qtree },
    { "registers", "[-a|vcpu]", "show the cpu registers (-a: all CPUs; "
      "vcpu: that CPU)", 1, hmp_info_registers },
    { "status", "", "show the current VM status (running|paused)", 0,
      hmp_info_status },
    { "uuid", "", "show the current VM UUID", 0, hmp_info_uuid },
    { "version", "", "show the version of QEMU", 0, hmp_info_version },
    { NULL },
};

const HMPCommand hmp_cmds[] = {
    { "cont|c", "", "resume emulation", 0, hmp_cont },
    { "cpu", "index", "set the default CPU", 1, hmp_cpu },
    { "help|?", "[cmd]", "show the help", 2, hmp_help },
    { "info", "[subcommand]", "show various information about the system "
      "state", 0, hmp_info, hmp_info_cmds },
    { "quit|q", "", "quit the emulator", 0, hmp_quit },
    { "stop|s", "", "stop emulation", 0, hmp_stop },
    { "system_powerdown", "", "send system power down event", 0,
      hmp_system_powerdown },
    { "system_reset", "", "reset the system", 0, hmp_system_reset },
    { NULL },
};
