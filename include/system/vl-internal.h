/* State the command line leaves for the board and the rest of start-up. */
#ifndef SYSTEM_VL_INTERNAL_H
#define SYSTEM_VL_INTERNAL_H

#include "qemu/osdep.h"
#include "qemu/timer.h"
#include <time.h>

/* -boot */
typedef struct VlBootConfig {
    char *order;                  /* "cad" by default */
    char *once;
    bool menu;
    bool strict;
    int64_t reboot_timeout;       /* ms, -1 if unset */
    int64_t splash_time;
} VlBootConfig;
extern VlBootConfig vl_boot_config;

/* -rtc */
typedef struct VlRtcConfig {
    bool localtime;
    bool base_set;
    time_t base_time;             /* base=DATE, UTC seconds */
    QEMUClockType clock;          /* host (default), rt, vm */
    bool driftfix_slew;
} VlRtcConfig;
extern VlRtcConfig vl_rtc_config;
/* The guest's wall-clock time now, per -rtc, into *tm (UTC or local). */
void qemu_get_timedate(struct tm *tm, int offset);

/* -overcommit */
typedef struct VlOvercommit {
    bool mem_lock;
    bool cpu_pm;
} VlOvercommit;
extern VlOvercommit vl_overcommit;
extern bool vl_ram_size_given;

/* Hooks run once the board and every -device exist (fw_cfg bootorder,
 * ACPI tables that list devices). */
void qemu_add_machine_init_done_hook(void (*fn)(void *opaque), void *opaque);
void vl_machine_done(MachineState *ms);

/* os-posix.c */
void prctl_set_name(const char *name);
bool qemu_write_pidfile(const char *path, Error **errp);
void vl_remove_pidfile(const char *path);
void vl_daemonize_start(void);
void vl_daemonize_finish(void);

/* sandbox.c (-sandbox) */
bool vl_parse_sandbox(const char *arg, Error **errp);
void vl_sandbox_apply(void);

/* vl-accel.c */
void vl_enable_kvm_flag(void);
void vl_legacy_machine_flag(const char *prop_off);
void vl_check_overcommit_cpu_pm(void);

#endif
