/*
 * Human-readable error messages on stderr, in QEMU's format:
 *   vireo-system-x86_64: -m foo: Parameter 'size' expects a size
 * The "-m foo: " part is the current location, set by the option parser.
 */
#ifndef QEMU_ERROR_REPORT_H
#define QEMU_ERROR_REPORT_H

#include "qemu/osdep.h"

void error_report(const char *fmt, ...) QEMU_PRINTF(1, 2);
void warn_report(const char *fmt, ...) QEMU_PRINTF(1, 2);
void info_report(const char *fmt, ...) QEMU_PRINTF(1, 2);
void error_vreport(const char *fmt, va_list ap) QEMU_PRINTF(1, 0);

/* Program name used as the prefix (default "vireo-system-x86_64"). */
void error_set_progname(const char *argv0);
const char *error_get_progname(void);

/*
 * Location: while the command line is processed, messages are prefixed with
 * the option at fault. loc_set_cmdline(argv, i, n) names argv[i..i+n-1];
 * loc_set_none() clears it. loc_push/loc_pop nest.
 */
void loc_set_cmdline(char **argv, int idx, int cnt);
void loc_set_none(void);
/* "file:line: " for messages about a configuration file. */
void loc_set_file(const char *fname, int lineno);
void loc_push_none(void);
void loc_pop(void);

/* Raw output (no prefix, no newline added) to the same place as
 * error_report(): used for hints and multi-line help text. */
void error_printf(const char *fmt, ...) QEMU_PRINTF(1, 2);
void error_vprintf(const char *fmt, va_list ap) QEMU_PRINTF(1, 0);

/* Warns only the first time this call site runs. */
#define warn_report_once(fmt, ...)                  \
    do {                                            \
        static bool warned_;                        \
        if (!warned_) {                             \
            warned_ = true;                         \
            warn_report(fmt, ##__VA_ARGS__);        \
        }                                           \
    } while (0)

/* -msg timestamp=on */
extern bool error_with_timestamp;

/* While an HMP monitor runs a command, errors go to it instead of stderr. */
void error_set_output_hook(void (*hook)(const char *msg, void *opaque),
                           void *opaque);
/* The hook in force (NULL if none), so a nested user can restore it. */
void error_get_output_hook(void (**hook)(const char *msg, void *opaque),
                           void **opaque);

#endif
