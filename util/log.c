/*
 * -d item masks and the -D log file.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "qemu/cutils.h"

int qemu_loglevel;

static FILE *logfile;           /* NULL: stderr */
static GMutex log_lock;         /* serialises whole records across vCPUs */

typedef struct LogItem {
    int mask;
    const char *name;
    const char *help;
} LogItem;

static const LogItem log_items[] = {
    { CPU_LOG_TB_OUT_ASM, "out_asm",
      "show generated host assembly code for each compiled TB" },
    { CPU_LOG_TB_IN_ASM, "in_asm",
      "show target assembly code for each compiled TB" },
    { CPU_LOG_TB_OP, "op", "show micro ops for each compiled TB" },
    { CPU_LOG_TB_OP_OPT, "op_opt", "show micro ops after optimization" },
    { CPU_LOG_TB_OP_IND, "op_ind",
      "show micro ops before indirect lowering" },
    { CPU_LOG_INT, "int",
      "show interrupts/exceptions in short format" },
    { CPU_LOG_EXEC, "exec",
      "show trace before each executed TB (lots of logs)" },
    { CPU_LOG_TB_CPU, "cpu",
      "show CPU registers before entering a TB (lots of logs)" },
    { CPU_LOG_TB_FPU, "fpu", "include FPU registers in the 'cpu' logging" },
    { CPU_LOG_MMU, "mmu", "log MMU-related activities" },
    { CPU_LOG_PCALL, "pcall",
      "x86 only: show protected mode far calls/returns/exceptions" },
    { CPU_LOG_RESET, "cpu_reset", "show CPU state before CPU resets" },
    { LOG_UNIMP, "unimp", "log unimplemented functionality" },
    { LOG_GUEST_ERROR, "guest_errors",
      "log when the guest OS does something invalid (eg accessing a\n"
      "non-existent register)" },
    { CPU_LOG_PAGE, "page",
      "dump pages at beginning of user mode emulation" },
    { CPU_LOG_TB_NOCHAIN, "nochain",
      "do not chain compiled TBs so that \"exec\" and \"cpu\" show\n"
      "complete traces" },
    { CPU_LOG_PLUGIN, "plugin", "output from TCG plugins" },
    { LOG_STRACE, "strace",
      "log every user-mode syscall, its input, and its result" },
    { LOG_TRACE, "trace", "enable trace output" },
};

void qemu_print_log_usage(FILE *f)
{
    size_t i;

    fprintf(f, "Log items (comma separated):\n");
    for (i = 0; i < ARRAY_SIZE(log_items); i++) {
        fprintf(f, "%-15s %s\n", log_items[i].name, log_items[i].help);
    }
    fprintf(f, "%-15s %s\n", "trace:PATTERN",
            "enable trace events (accepted; Vireo has no trace events yet)");
}

int qemu_str_to_log_mask(const char *str, Error **errp)
{
    char **items;
    int mask = 0;
    size_t i, j;

    if (!str || !*str) {
        error_setg(errp, "Empty log item list; use -d help to list items");
        return 0;
    }
    if (is_help_option(str)) {
        qemu_print_log_usage(stdout);
        return 0;
    }
    items = g_strsplit(str, ",", -1);
    for (i = 0; items[i]; i++) {
        const char *item = items[i];
        bool found = false;

        if (g_str_equal(item, "all")) {
            for (j = 0; j < ARRAY_SIZE(log_items); j++) {
                mask |= log_items[j].mask;
            }
            continue;
        }
        if (g_str_has_prefix(item, "trace:")) {
            mask |= LOG_TRACE;
            continue;
        }
        for (j = 0; j < ARRAY_SIZE(log_items); j++) {
            if (g_str_equal(item, log_items[j].name)) {
                mask |= log_items[j].mask;
                found = true;
                break;
            }
        }
        if (!found) {
            error_setg(errp, "Invalid log item '%s'", item);
            error_append_hint(errp, "Use -d help to list the log items.\n");
            mask = 0;
            break;
        }
    }
    g_strfreev(items);
    return mask;
}

void qemu_set_log(int mask)
{
    qemu_loglevel = mask;
}

/* "%d" in the name becomes the PID (as with -D foo-%d.log); any other
 * conversion is rejected rather than passed to printf. */
static char *expand_log_filename(const char *tmpl, Error **errp)
{
    const char *p = strchr(tmpl, '%');

    if (!p) {
        return g_strdup(tmpl);
    }
    if (p[1] != 'd' || strchr(p + 2, '%')) {
        error_setg(errp, "Bad logfile template: %s", tmpl);
        return NULL;
    }
    return g_strdup_printf("%.*s%d%s", (int)(p - tmpl), tmpl, (int)getpid(),
                           p + 2);
}

bool qemu_set_log_filename(const char *filename, Error **errp)
{
    FILE *f = NULL;

    if (filename && *filename) {
        char *name = expand_log_filename(filename, errp);
        if (!name) {
            return false;
        }
        f = fopen(name, "w");
        if (!f) {
            error_setg_errno(errp, errno, "Error opening logfile %s", name);
            g_free(name);
            return false;
        }
        g_free(name);
        setvbuf(f, NULL, _IOLBF, 0);
    }
    g_mutex_lock(&log_lock);
    if (logfile) {
        fclose(logfile);
    }
    logfile = f;
    g_mutex_unlock(&log_lock);
    return true;
}

FILE *qemu_log_trylock(void)
{
    g_mutex_lock(&log_lock);
    return logfile ? logfile : stderr;
}

void qemu_log_unlock(FILE *f)
{
    if (f) {
        fflush(f);
    }
    g_mutex_unlock(&log_lock);
}

void qemu_log(const char *fmt, ...)
{
    va_list ap;
    FILE *f = qemu_log_trylock();

    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    qemu_log_unlock(f);
}
