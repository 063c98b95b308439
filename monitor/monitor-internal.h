/*
 * State shared by the monitor implementation files (not a public API;
 * tests/unit includes it to drive a monitor without a chardev).
 */
#ifndef MONITOR_MONITOR_INTERNAL_H
#define MONITOR_MONITOR_INTERNAL_H

#include "qemu/osdep.h"
#include "monitor/monitor.h"
#include "chardev/char.h"
#include "qapi/json-stream.h"

/* Stop reading a client's input while this much output waits for it. */
#define MONITOR_OUTPUT_THROTTLE   (64 * KiB)
/* Beyond this, events for a client that does not read are dropped. */
#define MONITOR_OUTPUT_MAX        (16 * MiB)
/* HMP command lines longer than this are cut. */
#define HMP_LINE_MAX              4096

struct Monitor {
    bool is_qmp;
    bool detached;          /* no chardev: output collects in outbuf */
    CharBackend chr;
    GString *outbuf;        /* CRLF-converted text not yet written */
    QEMUTimer *flush_timer; /* retries a short write */

    /* QMP */
    bool pretty;
    bool commands_mode;     /* capabilities negotiation is done */
    bool oob_enabled;
    JsonStream *js;

    /* HMP */
    bool use_readline;
    GString *line;
    bool skip_lf;           /* "\r\n" ends one line, not two */
    int esc_state;          /* inside an ANSI escape sequence */
    CPUState *mon_cpu;      /* for info registers; NULL: the first CPU */
    bool at_prompt;         /* the last output was the prompt */
    bool banner_pending;    /* on a mux: greet when first focused */
    QEMUBH *banner_bh;
};

/* monitor.c */
void monitor_list_add(Monitor *mon);
void monitor_puts(Monitor *mon, const char *str);
void monitor_flush(Monitor *mon);
size_t monitor_output_pending(Monitor *mon);
/* Makes mon current while a command runs; returns the previous one. */
Monitor *monitor_set_cur(Monitor *mon);
/* Takes what a detached monitor printed. */
char *monitor_take_output(Monitor *mon);
void monitor_free(Monitor *mon);

/* qmp.c */
Monitor *monitor_qmp_new_detached(bool pretty);
void monitor_qmp_feed(Monitor *mon, const void *buf, size_t len);
void monitor_qmp_send_event(Monitor *mon, JsonObject *event);

/* hmp.c */
Monitor *monitor_hmp_new_detached(void);
void monitor_hmp_feed(Monitor *mon, const void *buf, size_t len);
void hmp_handle_command(Monitor *mon, const char *cmdline);
/* hmp_run_command() with cpu as the monitor's current CPU. */
char *hmp_run_command_on_cpu(const char *command_line, CPUState *cpu);
/* "Error: <message>" on the monitor; frees err. */
void hmp_handle_error(Monitor *mon, Error *err);

/* An HMP command: argv[0] is the name as typed. */
typedef struct HMPCommand HMPCommand;
struct HMPCommand {
    const char *name;       /* "cont|c": the name, then aliases */
    const char *params;     /* for help: "[-f]" */
    const char *help;
    int max_args;           /* beyond argv[0]; more is an error */
    void (*cmd)(Monitor *mon, int argc, char **argv);
    const HMPCommand *sub;  /* "info": a table of subcommands */
};
/* hmp-cmds.c: the tables, terminated by { NULL }. */
extern const HMPCommand hmp_cmds[];
extern const HMPCommand hmp_info_cmds[];
void hmp_help_table(Monitor *mon, const HMPCommand *table,
                    const char *prefix);
const HMPCommand *hmp_find_cmd(const HMPCommand *table, const char *name);

/* Version we report: the QEMU release whose QMP/HMP behaviour we match. */
#define VIREO_QEMU_COMPAT_MAJOR 7
#define VIREO_QEMU_COMPAT_MINOR 2
#define VIREO_QEMU_COMPAT_MICRO 0
#define VIREO_QEMU_COMPAT_STRING "7.2.0"

#endif
