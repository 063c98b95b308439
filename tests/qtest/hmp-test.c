/*
 * HMP: many commands through human-monitor-command, none may crash the
 * emulator or wedge the QMP monitor; and the interactive monitor on a
 * socket (banner, "(qemu) " prompt, echo, line editing).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include "libqtest.h"

#define MACHINE "-machine pc -m 16M"

/* line as the body of a JSON string. */
static char *json_escape(const char *line)
{
    GString *out = g_string_new(NULL);

    for (const unsigned char *p = (const unsigned char *)line; *p; p++) {
        if (*p == '"' || *p == '\\') {
            g_string_append_printf(out, "\\%c", *p);
        } else if (*p < 0x20) {
            g_string_append_printf(out, "\\u%04x", *p);
        } else {
            g_string_append_c(out, *p);
        }
    }
    return g_string_free(out, FALSE);
}

static char *hmp(QTestState *s, const char *line)
{
    g_autofree char *esc = json_escape(line);
    JsonNode *ret = qtest_qmp_assert_success(s,
        "{\"execute\": \"human-monitor-command\", "
        "\"arguments\": {\"command-line\": \"%s\"}}", esc);

    g_assert_true(JSON_NODE_HOLDS_VALUE(ret));
    return g_strdup(json_node_get_string(ret));
}

static void test_commands_do_not_crash(void)
{
    static const char *const lines[] = {
        "help", "help info", "help info status", "help nope", "?",
        "info", "info status", "info registers", "info registers -a",
        "info registers 0", "info registers 99", "info mtree",
        "info mtree -f", "info mtree -x", "info qtree", "info cpus",
        "info chardev", "info version", "info kvm", "info name",
        "info uuid", "info nope", "info status extra",
        "cpu 0", "cpu 99", "cpu", "cpu -1", "cpu zz",
        "stop", "info status", "stop", "c", "cont", "info status",
        "system_reset", "system_powerdown",
        "", "   ", "\t", "x", "\"", "\"unterminated", "info \"status\"",
        "\x01\x02", "help help help help", "info info info",
    };
    QTestState *s = qtest_init(MACHINE);
    g_autoptr(GString) longline = g_string_new("info ");

    for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
        g_autofree char *out = hmp(s, lines[i]);

        g_assert_true(qtest_probe_child(s));
    }
    for (int i = 0; i < 10000; i++) {
        g_string_append(longline, "abcdefgh");
    }
    g_free(hmp(s, longline->str));
    g_assert_true(qtest_probe_child(s));
    qtest_qmp_assert_success(s, "{'execute': 'query-status'}");
    qtest_quit(s);
}

static void test_outputs(void)
{
    QTestState *s = qtest_init(MACHINE " -name hmpvm");
    g_autofree char *status = hmp(s, "info status");
    g_autofree char *version = hmp(s, "info version");
    g_autofree char *name = hmp(s, "info name");
    g_autofree char *help = hmp(s, "help");
    g_autofree char *unknown = hmp(s, "bogus arg");
    g_autofree char *cpus = hmp(s, "info cpus");
    g_autofree char *stop = hmp(s, "stop");
    g_autofree char *paused = hmp(s, "info status");
    g_autofree char *cont = hmp(s, "c");
    g_autofree char *running = hmp(s, "info status");
    g_autofree char *mtree = hmp(s, "info mtree");

    g_assert_cmpstr(status, ==, "VM status: running\r\n");
    g_assert_true(g_str_has_prefix(version, "7.2."));
    g_assert_cmpstr(name, ==, "hmpvm\r\n");
    g_assert_nonnull(strstr(help, "info "));
    g_assert_nonnull(strstr(help, "cont|c"));
    g_assert_cmpstr(unknown, ==, "unknown command: 'bogus'\r\n");
    g_assert_true(g_str_has_prefix(cpus, "* CPU #0: thread_id="));
    g_assert_cmpstr(stop, ==, "");
    g_assert_cmpstr(paused, ==, "VM status: paused\r\n");
    g_assert_cmpstr(cont, ==, "");
    g_assert_cmpstr(running, ==, "VM status: running\r\n");
    g_assert_nonnull(strstr(mtree, "address-space: memory"));
    qtest_quit(s);
}

/* Reads until the text read so far ends with the prompt. */
static char *read_to_prompt(int fd)
{
    GString *buf = g_string_new(NULL);
    char c;

    while (!g_str_has_suffix(buf->str, "(qemu) ")) {
        g_assert_cmpint(read(fd, &c, 1), ==, 1);
        g_string_append_c(buf, c);
    }
    return g_string_free(buf, FALSE);
}

static void test_interactive(void)
{
    g_autofree char *dir = g_dir_make_tmp("hmp-test-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "hmp.sock", NULL);
    g_autofree char *args = g_strdup_printf(
        MACHINE " -monitor unix:%s,server=on,wait=off", path);
    QTestState *s = qtest_init(args);
    int fd = qtest_socket_client(path);
    g_autofree char *banner = read_to_prompt(fd);
    g_autofree char *reply = NULL;
    const char *typed = "info statux\x7fs\r\n";

    g_assert_true(g_str_has_prefix(banner, "QEMU "));
    g_assert_nonnull(strstr(banner, " monitor - type 'help' for more "
                            "information\r\n"));
    g_assert_cmpint(write(fd, typed, strlen(typed)), ==,
                    (ssize_t)strlen(typed));
    reply = read_to_prompt(fd);
    g_assert_nonnull(strstr(reply, "VM status: running\r\n"));
    close(fd);
    qtest_qmp_assert_success(s, "{'execute': 'query-status'}");
    qtest_quit(s);
    unlink(path);
    rmdir(dir);
}

static void test_quit(void)
{
    QTestState *s = qtest_init(MACHINE);

    g_free(hmp(s, "quit"));
    qtest_qmp_eventwait(s, "SHUTDOWN");
    g_assert_cmpint(qtest_wait_qemu(s), ==, 0);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/hmp/no-crash", test_commands_do_not_crash);
    qtest_add_func("/hmp/outputs", test_outputs);
    qtest_add_func("/hmp/interactive", test_interactive);
    qtest_add_func("/hmp/quit", test_quit);
    return g_test_run();
}
