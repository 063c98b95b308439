/*
 * Monitors: QMP (JSON, mode=control) and HMP (human, mode=readline) on a
 * chardev. QMP commands are declared in the qapi/ schema files; the generated table
 * (qapi/qapi-commands.c, built by scripts/qapi-gen.py) checks arguments
 * against the schema and calls the handler qmp_<name with _ for ->.
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include "qemu/osdep.h"
#include <json-glib/json-glib.h>

/* Handler of a QMP command: args is the (validated) "arguments" object
 * (never NULL); set *ret to the return value (NULL means {}) or set errp. */
typedef void QmpCommandFunc(JsonObject *args, JsonNode **ret, Error **errp);

bool monitor_init_qmp(Chardev *chr, bool pretty, Error **errp);
bool monitor_init_hmp(Chardev *chr, bool use_readline, Error **errp);
/* -mon chardev=ID,mode=control|readline,pretty=on|off */
bool monitor_init_opts(JsonObject *opts, Error **errp);
void monitor_cleanup(void);

/* Emits {"event": name, "data": data, "timestamp": {...}} on every QMP
 * monitor that has left capabilities negotiation. Takes data (may be NULL). */
void qapi_event_send(const char *name, JsonObject *data);

/* The monitor running the current command (NULL outside one). */
Monitor *monitor_cur(void);
bool monitor_cur_is_qmp(void);
/* Output for HMP commands. */
int monitor_printf(Monitor *mon, const char *fmt, ...) QEMU_PRINTF(2, 3);
/* Runs an HMP command line and returns what it printed (for
 * human-monitor-command); errors are printed into the output. */
char *hmp_run_command(const char *command_line);

#endif
