/* The command-line option table, shared by the parser and -h. */
#ifndef SYSTEM_OPTIONS_H
#define SYSTEM_OPTIONS_H

typedef enum VlOptionIndex {
    OPT_accel, OPT_append, OPT_bios, OPT_boot, OPT_chardev, OPT_cpu,
    OPT_D, OPT_d, OPT_daemonize, OPT_device, OPT_display, OPT_enable_kvm,
    OPT_global, OPT_h, OPT_incoming, OPT_initrd, OPT_kernel, OPT_L, OPT_m,
    OPT_machine, OPT_mon, OPT_monitor, OPT_msg, OPT_name, OPT_net,
    OPT_no_reboot, OPT_no_shutdown, OPT_no_user_config, OPT_nodefaults,
    OPT_nographic, OPT_object, OPT_overcommit, OPT_parallel, OPT_pidfile,
    OPT_qmp, OPT_qmp_pretty, OPT_qtest, OPT_qtest_log, OPT_rtc, OPT_S,
    OPT_sandbox, OPT_serial, OPT_smp, OPT_uuid, OPT_version, OPT_vga,
    OPT_drive, OPT_netdev, OPT_no_acpi, OPT_no_hpet,
} VlOptionIndex;

typedef struct VlOption {
    const char *name;
    bool has_arg;
    VlOptionIndex index;
    const char *help;         /* "-m [size=]megs[,slots=n,maxmem=size]" ... */
} VlOption;

extern const VlOption vl_options[];

#endif
