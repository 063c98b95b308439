/*
 * HMP, the human monitor: a "(qemu) " prompt, minimal line editing
 * (backspace, arrow keys ignored), and command dispatch through the tables
 * in hmp-cmds.c. hmp_run_command() runs one line for human-monitor-command.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "chardev/char.h"
#include "monitor-internal.h"

#define HMP_PROMPT "(qemu) "

const HMPCommand *hmp_find_cmd(const HMPCommand *table, const char *name)
{
    for (const HMPCommand *c = table; c->name; c++) {
        g_auto(GStrv) names = g_strsplit(c->name, "|", -1);

        for (char **n = names; *n; n++) {
            if (!strcmp(*n, name)) {
                return c;
            }
        }
    }
    return NULL;
}

void hmp_help_table(Monitor *mon, const HMPCommand *table,
                    const char *prefix)
{
    for (const HMPCommand *c = table; c->name; c++) {
        monitor_printf(mon, "%s%s %s -- %s\n", prefix, c->name,
                       c->params ? c->params : "", c->help);
    }
}

void hmp_handle_error(Monitor *mon, Error *err)
{
    if (err) {
        monitor_printf(mon, "Error: %s\n", error_get_pretty(err));
        error_free(err);
    }
}

/* Splits on blanks; "double quotes" group words, \" and \\ escape. */
static bool hmp_split(const char *line, GPtrArray *argv, Error **errp)
{
    const char *p = line;

    for (;;) {
        GString *word;

        while (g_ascii_isspace(*p)) {
            p++;
        }
        if (!*p) {
            return true;
        }
        word = g_string_new(NULL);
        while (*p && !g_ascii_isspace(*p)) {
            if (*p != '"') {
                g_string_append_c(word, *p++);
                continue;
            }
            for (p++; *p != '"'; p++) {
                if (!*p) {
                    error_setg(errp, "unterminated string literal");
                    g_string_free(word, TRUE);
                    return false;
                }
                if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) {
                    p++;
                }
                g_string_append_c(word, *p);
            }
            p++;
        }
        g_ptr_array_add(argv, g_string_free(word, FALSE));
    }
}

static void hmp_run(Monitor *mon, const HMPCommand *table, const char *what,
                    int argc, char **argv)
{
    const HMPCommand *cmd = hmp_find_cmd(table, argv[0]);

    if (!cmd) {
        monitor_printf(mon, "unknown command: '%s%s'\n", what, argv[0]);
        return;
    }
    if (cmd->sub && argc > 1) {
        g_autofree char *prefix = g_strdup_printf("%s%s ", what, argv[0]);

        hmp_run(mon, cmd->sub, prefix, argc - 1, argv + 1);
        return;
    }
    if (argc - 1 > cmd->max_args) {
        monitor_printf(mon, "%s: extraneous characters at the end of line\n"
                       "Try \"help %s%s\" for more information\n",
                       argv[0], what, argv[0]);
        return;
    }
    cmd->cmd(mon, argc, argv);
}

/* error_report() during an HMP command prints on that monitor. The hook
 * is process-wide, so text from other threads still goes to stderr. */
static void hmp_error_output(const char *msg, void *opaque)
{
    Monitor *mon = opaque;

    if (monitor_cur() == mon) {
        monitor_puts(mon, msg);
    } else {
        fputs(msg, stderr);
    }
}

void hmp_handle_command(Monitor *mon, const char *cmdline)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    void (*old_hook)(const char *msg, void *opaque);
    void *old_opaque;
    Error *err = NULL;
    Monitor *old;

    if (!hmp_split(cmdline, argv, &err)) {
        hmp_handle_error(mon, err);
        return;
    }
    if (!argv->len) {
        return;
    }
    g_ptr_array_add(argv, NULL);
    old = monitor_set_cur(mon);
    error_get_output_hook(&old_hook, &old_opaque);
    error_set_output_hook(hmp_error_output, mon);
    hmp_run(mon, hmp_cmds, "", argv->len - 1, (char **)argv->pdata);
    error_set_output_hook(old_hook, old_opaque);
    monitor_set_cur(old);
}

static Monitor *hmp_new(bool use_readline)
{
    Monitor *mon = g_new0(Monitor, 1);

    mon->use_readline = use_readline;
    mon->outbuf = g_string_new(NULL);
    mon->line = g_string_new(NULL);
    return mon;
}

Monitor *monitor_hmp_new_detached(void)
{
    Monitor *mon = hmp_new(false);

    mon->detached = true;
    return mon;
}

char *hmp_run_command_on_cpu(const char *command_line, CPUState *cpu)
{
    Monitor *mon = monitor_hmp_new_detached();
    char *out;

    mon->mon_cpu = cpu;
    hmp_handle_command(mon, command_line);
    out = monitor_take_output(mon);
    monitor_free(mon);
    return out;
}

char *hmp_run_command(const char *command_line)
{
    return hmp_run_command_on_cpu(command_line, NULL);
}

static void hmp_prompt(Monitor *mon)
{
    if (mon->use_readline) {
        monitor_puts(mon, HMP_PROMPT);
        mon->at_prompt = true;
    }
}

static void hmp_end_line(Monitor *mon)
{
    g_autofree char *line = g_strdup(mon->line->str);

    g_string_truncate(mon->line, 0);
    if (mon->use_readline) {
        monitor_puts(mon, "\n");
    }
    hmp_handle_command(mon, line);
    hmp_prompt(mon);
}

static void hmp_feed_byte(Monitor *mon, unsigned char c)
{
    if (mon->esc_state) {
        /* ESC [ params final: cursor keys and the like, ignored. */
        if (mon->esc_state == 1) {
            mon->esc_state = (c == '[' || c == 'O') ? 2 : 0;
        } else if (c >= 0x40 && c <= 0x7e) {
            mon->esc_state = 0;
        }
        return;
    }
    if (mon->skip_lf && c == '\n') {
        mon->skip_lf = false;
        return;
    }
    mon->skip_lf = false;
    switch (c) {
    case '\r':
        mon->skip_lf = true;
        /* fall through */
    case '\n':
        hmp_end_line(mon);
        return;
    case 0x1b:
        mon->esc_state = 1;
        return;
    case 0x08: case 0x7f:
        if (mon->line->len) {
            /* Drop a whole UTF-8 character. */
            gsize n = mon->line->len;

            do {
                n--;
            } while (n && ((unsigned char)mon->line->str[n] & 0xc0) == 0x80);
            g_string_truncate(mon->line, n);
            if (mon->use_readline) {
                monitor_puts(mon, "\b \b");
            }
        }
        return;
    default:
        if ((c < 0x20 && c != '\t') || mon->line->len >= HMP_LINE_MAX) {
            return;
        }
        g_string_append_c(mon->line, c);
        if (mon->use_readline) {
            char s[2] = { c, 0 };

            monitor_puts(mon, s);
        }
    }
}

void monitor_hmp_feed(Monitor *mon, const void *buf, size_t len)
{
    const unsigned char *p = buf;

    for (size_t i = 0; i < len; i++) {
        hmp_feed_byte(mon, p[i]);
    }
}

static int hmp_can_read(void *opaque)
{
    Monitor *mon = opaque;

    return monitor_output_pending(mon) >= MONITOR_OUTPUT_THROTTLE ? 0 : 1024;
}

static void hmp_read(void *opaque, const uint8_t *buf, int size)
{
    monitor_hmp_feed(opaque, buf, size);
}

static void hmp_greet(Monitor *mon)
{
    mon->banner_pending = false;
    monitor_printf(mon, "QEMU %s monitor - type 'help' for more "
                   "information\n", VIREO_QEMU_COMPAT_STRING);
    hmp_prompt(mon);
}

/* After startup: a mux's monitor that kept the focus greets now. */
static void hmp_banner_bh(void *opaque)
{
    Monitor *mon = opaque;

    if (mon->banner_pending && mon->chr.chr &&
        mon->chr.chr->be == &mon->chr) {
        hmp_greet(mon);
    }
}

static void hmp_event(void *opaque, QEMUChrEvent event)
{
    Monitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        g_string_truncate(mon->line, 0);
        g_string_truncate(mon->outbuf, 0);
        mon->esc_state = 0;
        if (mon->chr.chr && qemu_chr_is_mux(mon->chr.chr)) {
            /*
             * As QEMU: behind a mux (-nographic, mon:stdio) the banner
             * waits until the monitor has the focus, so it does not
             * land in front of the guest's console output.
             */
            mon->banner_pending = true;
            if (!mon->banner_bh) {
                mon->banner_bh = qemu_bh_new(hmp_banner_bh, mon);
            }
            qemu_bh_schedule(mon->banner_bh);
            break;
        }
        hmp_greet(mon);
        break;
    case CHR_EVENT_MUX_IN:
        /* Focus came back: show a prompt, unless one is already showing. */
        if (mon->banner_pending) {
            hmp_greet(mon);
        } else if (!mon->at_prompt) {
            hmp_prompt(mon);
        }
        break;
    case CHR_EVENT_CLOSED:
        mon->banner_pending = false;
        g_string_truncate(mon->line, 0);
        g_string_truncate(mon->outbuf, 0);
        break;
    default:
        break;
    }
}

bool monitor_init_hmp(Chardev *chr, bool use_readline, Error **errp)
{
    Monitor *mon = hmp_new(use_readline);

    if (!qemu_chr_fe_init(&mon->chr, chr, errp)) {
        g_string_free(mon->line, TRUE);
        g_string_free(mon->outbuf, TRUE);
        g_free(mon);
        return false;
    }
    monitor_list_add(mon);
    qemu_chr_fe_set_handlers(&mon->chr, hmp_can_read, hmp_read, hmp_event,
                             mon, NULL, true);
    return true;
}
