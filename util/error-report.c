/*
 * error_report() and friends: "progname: [location: ]message" on stderr, or
 * through the HMP output hook while a monitor command runs.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"

typedef enum LocKind {
    LOC_NONE,
    LOC_CMDLINE,
    LOC_FILE,
} LocKind;

typedef struct Loc {
    LocKind kind;
    char **argv;
    int idx;
    int cnt;
    const char *fname;
    int lineno;
} Loc;

static char *progname;
static Loc cur_loc;
static GArray *loc_stack;       /* saved Loc, for loc_push/loc_pop */

bool error_with_timestamp;

static void (*output_hook)(const char *msg, void *opaque);
static void *output_hook_opaque;

void error_set_progname(const char *argv0)
{
    g_free(progname);
    progname = argv0 && *argv0 ? g_path_get_basename(argv0) : NULL;
}

const char *error_get_progname(void)
{
    return progname ? progname : "vireo-system-x86_64";
}

void loc_set_cmdline(char **argv, int idx, int cnt)
{
    cur_loc = (Loc) { .kind = LOC_CMDLINE, .argv = argv, .idx = idx,
                      .cnt = cnt };
}

void loc_set_file(const char *fname, int lineno)
{
    cur_loc = (Loc) { .kind = LOC_FILE, .fname = fname, .lineno = lineno };
}

void loc_set_none(void)
{
    cur_loc = (Loc) { .kind = LOC_NONE };
}

void loc_push_none(void)
{
    if (!loc_stack) {
        loc_stack = g_array_new(false, false, sizeof(Loc));
    }
    g_array_append_val(loc_stack, cur_loc);
    loc_set_none();
}

void loc_pop(void)
{
    if (!loc_stack || loc_stack->len == 0) {
        /* Unbalanced pop: a programming bug, but never worth a crash. */
        loc_set_none();
        return;
    }
    cur_loc = g_array_index(loc_stack, Loc, loc_stack->len - 1);
    g_array_set_size(loc_stack, loc_stack->len - 1);
}

void error_set_output_hook(void (*hook)(const char *msg, void *opaque),
                           void *opaque)
{
    output_hook = hook;
    output_hook_opaque = opaque;
}

void error_get_output_hook(void (**hook)(const char *msg, void *opaque),
                           void **opaque)
{
    *hook = output_hook;
    *opaque = output_hook_opaque;
}

static void emit(const char *text)
{
    if (output_hook) {
        output_hook(text, output_hook_opaque);
    } else {
        fputs(text, stderr);
        fflush(stderr);
    }
}

void error_vprintf(const char *fmt, va_list ap)
{
    char *text = g_strdup_vprintf(fmt, ap);

    emit(text);
    g_free(text);
}

void error_printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_vprintf(fmt, ap);
    va_end(ap);
}

static void append_location(GString *s)
{
    int i;

    switch (cur_loc.kind) {
    case LOC_CMDLINE:
        for (i = 0; i < cur_loc.cnt; i++) {
            const char *arg = cur_loc.argv[cur_loc.idx + i];
            if (!arg) {
                break;
            }
            g_string_append_printf(s, "%s%s", i ? " " : "", arg);
        }
        g_string_append(s, ": ");
        break;
    case LOC_FILE:
        g_string_append(s, cur_loc.fname ? cur_loc.fname : "<stdin>");
        if (cur_loc.lineno) {
            g_string_append_printf(s, ":%d", cur_loc.lineno);
        }
        g_string_append(s, ": ");
        break;
    case LOC_NONE:
        break;
    }
}

typedef enum ReportType {
    REPORT_ERROR,
    REPORT_WARNING,
    REPORT_INFO,
} ReportType;

static void vreport(ReportType type, const char *fmt, va_list ap)
{
    GString *s = g_string_new(NULL);

    if (error_with_timestamp) {
        GDateTime *now = g_date_time_new_now_utc();
        char *stamp = g_date_time_format(now, "%Y-%m-%dT%H:%M:%S.%fZ");
        g_string_append_printf(s, "%s ", stamp);
        g_free(stamp);
        g_date_time_unref(now);
    }
    /* Inside an HMP command the user knows which program is talking. */
    if (!output_hook) {
        g_string_append_printf(s, "%s: ", error_get_progname());
    }
    append_location(s);
    if (type == REPORT_WARNING) {
        g_string_append(s, "warning: ");
    } else if (type == REPORT_INFO) {
        g_string_append(s, "info: ");
    }
    g_string_append_vprintf(s, fmt, ap);
    g_string_append_c(s, '\n');
    emit(s->str);
    g_string_free(s, true);
}

void error_vreport(const char *fmt, va_list ap)
{
    vreport(REPORT_ERROR, fmt, ap);
}

void error_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_ERROR, fmt, ap);
    va_end(ap);
}

void warn_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_WARNING, fmt, ap);
    va_end(ap);
}

void info_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_INFO, fmt, ap);
    va_end(ap);
}
