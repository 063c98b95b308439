/*
 * QMP wire behaviour: greeting, capabilities negotiation, error classes,
 * recovery from bad input, id echo, events ordered before replies, QOM
 * access, introspection, HMP passthrough, extra monitors and reconnects.
 *
 * Written against QEMU 7.2's behaviour: QTEST_QEMU_BINARY=qemu-system-x86_64
 * runs it against real QEMU too (the Vireo-only checks are skipped).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include "libqtest.h"

#define MACHINE "-machine pc -m 16M"

static bool server_is_vireo(void)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");

    return bin && strstr(bin, "vireo");
}

/* Asserts resp is an error of class cls (and desc, if not NULL). */
static void assert_error(JsonObject *resp, const char *cls, const char *desc)
{
    JsonObject *err;

    g_assert_false(json_object_has_member(resp, "return"));
    err = json_object_get_object_member(resp, "error");
    g_assert_nonnull(err);
    g_assert_cmpstr(json_object_get_string_member(err, "class"), ==, cls);
    if (desc) {
        g_assert_cmpstr(json_object_get_string_member(err, "desc"), ==, desc);
    }
    json_object_unref(resp);
}

static void test_greeting_and_negotiation(void)
{
    QTestState *s = qtest_init_without_qmp_handshake(MACHINE);
    JsonObject *greeting = qtest_qmp_receive_dict(s);
    JsonObject *qmp, *version, *qemu;
    JsonArray *caps;
    bool oob = false;

    qmp = json_object_get_object_member(greeting, "QMP");
    g_assert_nonnull(qmp);
    version = json_object_get_object_member(qmp, "version");
    qemu = json_object_get_object_member(version, "qemu");
    g_assert_cmpint(json_object_get_int_member(qemu, "major"), ==, 7);
    g_assert_cmpint(json_object_get_int_member(qemu, "minor"), ==, 2);
    g_assert_true(json_object_has_member(qemu, "micro"));
    g_assert_nonnull(json_object_get_string_member(version, "package"));
    if (server_is_vireo()) {
        g_assert_cmpint(json_object_get_int_member(qemu, "micro"), ==, 0);
        g_assert_true(g_str_has_prefix(
            json_object_get_string_member(version, "package"), "vireo-"));
    }
    caps = json_object_get_array_member(qmp, "capabilities");
    for (guint i = 0; i < json_array_get_length(caps); i++) {
        oob |= !strcmp(json_array_get_string_element(caps, i), "oob");
    }
    g_assert_true(oob);
    json_object_unref(greeting);

    assert_error(qtest_qmp(s, "{'execute': 'query-status'}"),
                 "CommandNotFound",
                 "Expecting capabilities negotiation with "
                 "'qmp_capabilities'");
    assert_error(qtest_qmp(s, "{'execute': 'qmp_capabilities', "
                              "'arguments': {'enable': ['nope']}}"),
                 "GenericError", NULL);
    qtest_qmp_assert_success(s, "{'execute': 'qmp_capabilities'}");
    assert_error(qtest_qmp(s, "{'execute': 'qmp_capabilities'}"),
                 "CommandNotFound",
                 "Capabilities negotiation is already complete, command "
                 "ignored");
    qtest_qmp_assert_success(s, "{'execute': 'query-status'}");
    qtest_quit(s);
}

static void test_errors(void)
{
    QTestState *s = qtest_init(MACHINE);

    assert_error(qtest_qmp(s, "{'execute': 'no-such-command'}"),
                 "CommandNotFound",
                 "The command no-such-command has not been found");
    assert_error(qtest_qmp(s, "{'exec': 'query-status'}"), "GenericError",
                 "QMP input member 'exec' is unexpected");
    assert_error(qtest_qmp(s, "{'id': 1}"), "GenericError",
                 "QMP input lacks member 'execute'");
    assert_error(qtest_qmp(s, "{'execute': 'query-status', "
                              "'arguments': {'x': 1}}"),
                 "GenericError", "Parameter 'x' is unexpected");
    assert_error(qtest_qmp(s, "{'execute': 'qom-get', "
                              "'arguments': {'path': '/machine'}}"),
                 "GenericError", "Parameter 'property' is missing");
    assert_error(qtest_qmp(s, "{'execute': 'qom-list', "
                              "'arguments': {'path': 5}}"),
                 "GenericError",
                 "Invalid parameter type for 'path', expected: string");

    /* Malformed or non-object input: an error, then business as usual. */
    qtest_qmp_send_raw(s, "{\"execute\": }\n");
    assert_error(qtest_qmp_receive(s), "GenericError", NULL);
    qtest_qmp_send_raw(s, "[1, 2]\n");
    assert_error(qtest_qmp_receive(s), "GenericError",
                 "QMP input must be a JSON object");
    qtest_qmp_send_raw(s, "}\n");
    assert_error(qtest_qmp_receive(s), "GenericError", NULL);
    qtest_qmp_assert_success(s, "{'execute': 'query-status'}");

    /* Two requests in one write, both answered in order. */
    qtest_qmp_send_raw(s, "{\"execute\": \"query-name\", \"id\": 1}"
                          "{\"execute\": \"query-name\", \"id\": 2}\n");
    for (int i = 1; i <= 2; i++) {
        JsonObject *resp = qtest_qmp_receive(s);

        g_assert_cmpint(json_object_get_int_member(resp, "id"), ==, i);
        json_object_unref(resp);
    }
    g_assert_true(qtest_probe_child(s));
    qtest_quit(s);
}

static void test_id_echo(void)
{
    QTestState *s = qtest_init(MACHINE);
    static const char *const ids[] = {
        "\"abc\"", "42", "-1.5", "true", "null", "[1, \"two\", {}]",
        "{\"nested\": {\"x\": [null]}}",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        g_autofree char *req = g_strdup_printf(
            "{\"execute\": \"query-status\", \"id\": %s}\n", ids[i]);
        g_autofree char *bad = g_strdup_printf(
            "{\"execute\": \"nope\", \"id\": %s}\n", ids[i]);
        JsonObject *resp;
        g_autofree char *got = NULL;
        g_autofree char *got_err = NULL;
        g_autoptr(JsonParser) p = json_parser_new();
        g_autofree char *want = NULL;

        g_assert_true(json_parser_load_from_data(p, ids[i], -1, NULL));
        want = qtest_json_node_to_string(json_parser_get_root(p));

        qtest_qmp_send_raw(s, req);
        resp = qtest_qmp_receive(s);
        g_assert_true(json_object_has_member(resp, "return"));
        got = qtest_json_node_to_string(json_object_get_member(resp, "id"));
        g_assert_cmpstr(got, ==, want);
        json_object_unref(resp);

        /* Errors carry the id too. */
        qtest_qmp_send_raw(s, bad);
        resp = qtest_qmp_receive(s);
        g_assert_true(json_object_has_member(resp, "error"));
        got_err = qtest_json_node_to_string(json_object_get_member(resp,
                                                                   "id"));
        g_assert_cmpstr(got_err, ==, want);
        json_object_unref(resp);
    }
    qtest_quit(s);
}

static void assert_status(QTestState *s, const char *status, bool running)
{
    JsonObject *info = json_node_get_object(
        qtest_qmp_assert_success(s, "{'execute': 'query-status'}"));

    g_assert_cmpstr(json_object_get_string_member(info, "status"), ==,
                    status);
    g_assert_cmpint(json_object_get_boolean_member(info, "running"), ==,
                    running);
    g_assert_false(json_object_get_boolean_member(info, "singlestep"));
}

/* Sends cmd and asserts the very next message is event, then the reply. */
static void assert_event_then_reply(QTestState *s, const char *cmd,
                                    const char *event)
{
    JsonObject *msg, *ts;

    qtest_qmp_send(s, "{'execute': '%s', 'id': 'x'}", cmd);
    msg = qtest_qmp_receive_dict(s);
    g_assert_cmpstr(json_object_get_string_member(msg, "event"), ==, event);
    ts = json_object_get_object_member(msg, "timestamp");
    g_assert_nonnull(ts);
    g_assert_cmpint(json_object_get_int_member(ts, "seconds"), >, 0);
    g_assert_true(json_object_has_member(ts, "microseconds"));
    json_object_unref(msg);
    msg = qtest_qmp_receive_dict(s);
    g_assert_true(json_object_has_member(msg, "return"));
    g_assert_cmpstr(json_object_get_string_member(msg, "id"), ==, "x");
    json_object_unref(msg);
}

static void test_stop_cont(void)
{
    QTestState *s = qtest_init(MACHINE);

    assert_status(s, "running", true);
    assert_event_then_reply(s, "stop", "STOP");
    assert_status(s, "paused", false);
    /* Stopping a stopped VM is fine and says nothing. */
    qtest_qmp_assert_success(s, "{'execute': 'stop'}");
    assert_event_then_reply(s, "cont", "RESUME");
    assert_status(s, "running", true);
    qtest_qmp_assert_success(s, "{'execute': 'cont'}");
    qtest_quit(s);
}

static void test_prelaunch(void)
{
    QTestState *s = qtest_init(MACHINE " -S");

    assert_status(s, "prelaunch", false);
    assert_event_then_reply(s, "cont", "RESUME");
    assert_status(s, "running", true);
    qtest_quit(s);
}

static void test_reset_event(void)
{
    QTestState *s = qtest_init(MACHINE);
    JsonObject *ev, *data;

    qtest_qmp_assert_success(s, "{'execute': 'system_reset'}");
    ev = qtest_qmp_eventwait_ref(s, "RESET");
    data = json_object_get_object_member(ev, "data");
    g_assert_false(json_object_get_boolean_member(data, "guest"));
    g_assert_cmpstr(json_object_get_string_member(data, "reason"), ==,
                    "host-qmp-system-reset");
    json_object_unref(ev);
    qtest_quit(s);
}

static void test_quit(void)
{
    QTestState *s = qtest_init(MACHINE);
    JsonObject *ev, *data;

    qtest_qmp_assert_success(s, "{'execute': 'quit'}");
    ev = qtest_qmp_eventwait_ref(s, "SHUTDOWN");
    data = json_object_get_object_member(ev, "data");
    g_assert_false(json_object_get_boolean_member(data, "guest"));
    g_assert_cmpstr(json_object_get_string_member(data, "reason"), ==,
                    "host-qmp-quit");
    json_object_unref(ev);
    g_assert_cmpint(qtest_wait_qemu(s), ==, 0);
    qtest_quit(s);
}

static bool list_has(JsonArray *list, const char *name, const char *prefix)
{
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *e = json_array_get_object_element(list, i);

        if (!strcmp(json_object_get_string_member(e, "name"), name) &&
            (!prefix || g_str_has_prefix(json_object_get_string_member(e,
                                                        "type"), prefix))) {
            return true;
        }
    }
    return false;
}

static void test_qom(void)
{
    QTestState *s = qtest_init(MACHINE " -chardev null,id=dc "
                               "-device isa-debugcon,chardev=dc,id=dbg,"
                               "iobase=0x402");
    JsonArray *list;
    JsonNode *ret;
    JsonObject *resp;

    list = json_node_get_array(qtest_qmp_assert_success(s,
                "{'execute': 'qom-list', 'arguments': {'path': '/machine'}}"));
    g_assert_true(list_has(list, "type", NULL));
    g_assert_true(list_has(list, "peripheral", "child<"));
    g_assert_true(list_has(list, "unattached", "child<"));

    /* A device property set on the command line reads back... */
    ret = qtest_qmp_assert_success(s, "{'execute': 'qom-get', 'arguments': "
                                   "{'path': '/machine/peripheral/dbg', "
                                   "'property': 'iobase'}}");
    g_assert_cmpint(json_node_get_int(ret), ==, 0x402);
    ret = qtest_qmp_assert_success(s, "{'execute': 'qom-get', 'arguments': "
                                   "{'path': 'dbg', 'property': 'realized'}}");
    g_assert_true(json_node_get_boolean(ret));
    /* ...and cannot change once the device is realized. */
    assert_error(qtest_qmp(s, "{'execute': 'qom-set', 'arguments': "
                           "{'path': '/machine/peripheral/dbg', "
                           "'property': 'iobase', 'value': 1}}"),
                 "GenericError", NULL);

    /* A property that may change at run time: set, get, set back. */
    qtest_qmp_assert_success(s, "{'execute': 'qom-set', 'arguments': "
                             "{'path': '/machine', 'property': 'append', "
                             "'value': 'console=ttyS0'}}");
    ret = qtest_qmp_assert_success(s, "{'execute': 'qom-get', 'arguments': "
                                   "{'path': '/machine', "
                                   "'property': 'append'}}");
    g_assert_cmpstr(json_node_get_string(ret), ==, "console=ttyS0");
    qtest_qmp_assert_success(s, "{'execute': 'qom-set', 'arguments': "
                             "{'path': '/machine', 'property': 'append', "
                             "'value': ''}}");

    assert_error(qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                           "{'path': '/nowhere', 'property': 'x'}}"),
                 "DeviceNotFound", "Device '/nowhere' not found");
    assert_error(qtest_qmp(s, "{'execute': 'qom-list', 'arguments': "
                           "{'path': '/nowhere'}}"),
                 "DeviceNotFound", "Device '/nowhere' not found");
    resp = qtest_qmp(s, "{'execute': 'qom-get', 'arguments': "
                     "{'path': '/machine', 'property': 'no-such-prop'}}");
    assert_error(resp, "GenericError", NULL);
    qtest_quit(s);
}

static void test_qom_types(void)
{
    QTestState *s = qtest_init(MACHINE);
    JsonArray *list;

    list = json_node_get_array(qtest_qmp_assert_success(s,
                "{'execute': 'qom-list-types', "
                "'arguments': {'implements': 'device'}}"));
    g_assert_true(list_has(list, "isa-serial", NULL));
    g_assert_false(list_has(list, "device", NULL));   /* abstract */
    list = json_node_get_array(qtest_qmp_assert_success(s,
                "{'execute': 'qom-list-types', "
                "'arguments': {'implements': 'device', 'abstract': true}}"));
    g_assert_true(list_has(list, "device", NULL));

    list = json_node_get_array(qtest_qmp_assert_success(s,
                "{'execute': 'device-list-properties', "
                "'arguments': {'typename': 'isa-serial'}}"));
    g_assert_true(list_has(list, "iobase", NULL));
    g_assert_true(list_has(list, "chardev", NULL));
    g_assert_false(list_has(list, "realized", NULL));
    assert_error(qtest_qmp(s, "{'execute': 'device-list-properties', "
                           "'arguments': {'typename': 'nope'}}"),
                 "DeviceNotFound", "Device 'nope' not found");
    assert_error(qtest_qmp(s, "{'execute': 'device-list-properties', "
                           "'arguments': {'typename': 'device'}}"),
                 "GenericError",
                 "Parameter 'typename' expects a non-abstract device type");

    list = json_node_get_array(qtest_qmp_assert_success(s,
                "{'execute': 'qom-list-properties', "
                "'arguments': {'typename': 'isa-serial'}}"));
    g_assert_true(list_has(list, "iobase", NULL));
    assert_error(qtest_qmp(s, "{'execute': 'qom-list-properties', "
                           "'arguments': {'typename': 'nope'}}"),
                 "DeviceNotFound", "Class 'nope' not found");
    qtest_quit(s);
}

static void test_queries(void)
{
    QTestState *s = qtest_init(MACHINE " -name guest=vm1 "
                               "-uuid 12345678-1234-1234-1234-123456789abc");
    JsonObject *o;
    JsonArray *a;
    bool pc = false;

    o = json_node_get_object(qtest_qmp_assert_success(s,
                "{'execute': 'query-version'}"));
    g_assert_cmpint(json_object_get_int_member(
        json_object_get_object_member(o, "qemu"), "major"), ==, 7);
    o = json_node_get_object(qtest_qmp_assert_success(s,
                "{'execute': 'query-name'}"));
    g_assert_cmpstr(json_object_get_string_member(o, "name"), ==, "vm1");
    o = json_node_get_object(qtest_qmp_assert_success(s,
                "{'execute': 'query-uuid'}"));
    g_assert_cmpstr(json_object_get_string_member(o, "UUID"), ==,
                    "12345678-1234-1234-1234-123456789abc");
    o = json_node_get_object(qtest_qmp_assert_success(s,
                "{'execute': 'query-target'}"));
    g_assert_cmpstr(json_object_get_string_member(o, "arch"), ==, "x86_64");
    o = json_node_get_object(qtest_qmp_assert_success(s,
                "{'execute': 'query-kvm'}"));
    g_assert_false(json_object_get_boolean_member(o, "enabled"));
    g_assert_cmpint(json_object_get_boolean_member(o, "present"), ==,
                    access("/dev/kvm", R_OK | W_OK) == 0);

    a = json_node_get_array(qtest_qmp_assert_success(s,
                "{'execute': 'query-machines'}"));
    for (guint i = 0; i < json_array_get_length(a); i++) {
        o = json_array_get_object_element(a, i);
        g_assert_true(json_object_has_member(o, "cpu-max"));
        g_assert_true(json_object_has_member(o, "deprecated"));
        pc |= !strcmp(json_object_get_string_member(o, "name"), "pc") ||
              (json_object_has_member(o, "alias") &&
               !strcmp(json_object_get_string_member(o, "alias"), "pc"));
    }
    g_assert_true(pc);

    a = json_node_get_array(qtest_qmp_assert_success(s,
                "{'execute': 'query-cpus-fast'}"));
    g_assert_cmpuint(json_array_get_length(a), >=, 1);
    o = json_array_get_object_element(a, 0);
    g_assert_cmpint(json_object_get_int_member(o, "cpu-index"), ==, 0);
    g_assert_cmpstr(json_object_get_string_member(o, "target"), ==,
                    "x86_64");
    g_assert_true(g_str_has_prefix(
        json_object_get_string_member(o, "qom-path"), "/machine/"));
    g_assert_true(json_object_has_member(
        json_object_get_object_member(o, "props"), "socket-id"));

    a = json_node_get_array(qtest_qmp_assert_success(s,
                "{'execute': 'query-chardev'}"));
    g_assert_cmpuint(json_array_get_length(a), >=, 1);
    a = json_node_get_array(qtest_qmp_assert_success(s,
                "{'execute': 'query-commands'}"));
    g_assert_true(list_has(a, "query-status", NULL));
    g_assert_true(list_has(a, "qmp_capabilities", NULL));
    qtest_quit(s);
}

static void test_schema(void)
{
    QTestState *s = qtest_init(MACHINE);
    JsonArray *list = json_node_get_array(qtest_qmp_assert_success(s,
                "{'execute': 'query-qmp-schema'}"));
    g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);
    JsonObject *status = NULL;

    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *e = json_array_get_object_element(list, i);
        const char *name = json_object_get_string_member(e, "name");

        g_assert_nonnull(json_object_get_string_member(e, "meta-type"));
        g_hash_table_insert(names, (char *)name, e);
        if (!strcmp(name, "query-status")) {
            status = e;
        }
    }
    g_assert_nonnull(status);
    g_assert_cmpstr(json_object_get_string_member(status, "meta-type"), ==,
                    "command");
    /* Type references resolve within the list. */
    g_assert_nonnull(g_hash_table_lookup(names,
        json_object_get_string_member(status, "arg-type")));
    g_assert_nonnull(g_hash_table_lookup(names,
        json_object_get_string_member(status, "ret-type")));
    g_assert_nonnull(g_hash_table_lookup(names, "SHUTDOWN"));
    g_assert_nonnull(g_hash_table_lookup(names, "str"));
    qtest_quit(s);
}

static void test_hmp_passthrough(void)
{
    QTestState *s = qtest_init(MACHINE);
    JsonNode *ret;

    ret = qtest_qmp_assert_success(s, "{'execute': 'human-monitor-command', "
                                   "'arguments': {'command-line': "
                                   "'info status'}}");
    g_assert_cmpstr(json_node_get_string(ret), ==,
                    "VM status: running\r\n");
    ret = qtest_qmp_assert_success(s, "{'execute': 'human-monitor-command', "
                                   "'arguments': {'command-line': 'xyzzy'}}");
    g_assert_cmpstr(json_node_get_string(ret), ==,
                    "unknown command: 'xyzzy'\r\n");
    assert_error(qtest_qmp(s, "{'execute': 'human-monitor-command', "
                           "'arguments': {'command-line': 'info status', "
                           "'cpu-index': 99}}"),
                 "GenericError", NULL);
    qtest_quit(s);
}

static void test_device_add_del(void)
{
    QTestState *s = qtest_init(MACHINE);

    assert_error(qtest_qmp(s, "{'execute': 'device_add', "
                           "'arguments': {'id': 'x'}}"),
                 "GenericError", "Parameter 'driver' is missing");
    assert_error(qtest_qmp(s, "{'execute': 'device_add', "
                           "'arguments': {'driver': 'no-such-device'}}"),
                 "GenericError", NULL);
    /* ISA has no hotplug. */
    assert_error(qtest_qmp(s, "{'execute': 'device_add', "
                           "'arguments': {'driver': 'isa-debugcon', "
                           "'iobase': 1026}}"),
                 "GenericError", NULL);
    assert_error(qtest_qmp(s, "{'execute': 'device_del', "
                           "'arguments': {'id': 'nope'}}"),
                 "DeviceNotFound", NULL);
    g_assert_true(qtest_probe_child(s));
    qtest_quit(s);
}

static void test_ringbuf(void)
{
    QTestState *s = qtest_init(MACHINE " -chardev ringbuf,id=rb,size=1024");
    JsonNode *ret;

    qtest_qmp_assert_success(s, "{'execute': 'ringbuf-write', 'arguments': "
                             "{'device': 'rb', 'data': 'hello'}}");
    qtest_qmp_assert_success(s, "{'execute': 'ringbuf-write', 'arguments': "
                             "{'device': 'rb', 'data': 'IQ==', "
                             "'format': 'base64'}}");
    ret = qtest_qmp_assert_success(s, "{'execute': 'ringbuf-read', "
                                   "'arguments': {'device': 'rb', "
                                   "'size': 100}}");
    g_assert_cmpstr(json_node_get_string(ret), ==, "hello!");
    qtest_qmp_assert_success(s, "{'execute': 'ringbuf-write', 'arguments': "
                             "{'device': 'rb', 'data': 'abc'}}");
    ret = qtest_qmp_assert_success(s, "{'execute': 'ringbuf-read', "
                                   "'arguments': {'device': 'rb', 'size': 3, "
                                   "'format': 'base64'}}");
    g_assert_cmpstr(json_node_get_string(ret), ==, "YWJj");
    assert_error(qtest_qmp(s, "{'execute': 'ringbuf-read', 'arguments': "
                           "{'device': 'rb', 'size': 3, 'format': 'hex'}}"),
                 "GenericError",
                 "Parameter 'format' does not accept value 'hex'");
    assert_error(qtest_qmp(s, "{'execute': 'ringbuf-read', 'arguments': "
                           "{'device': 'nope', 'size': 3}}"),
                 "GenericError", NULL);
    qtest_quit(s);
}

/* Reads one CRLF-terminated line. */
static char *read_line(int fd)
{
    GString *line = g_string_new(NULL);
    char c;

    while (!g_str_has_suffix(line->str, "\r\n")) {
        ssize_t n = read(fd, &c, 1);

        g_assert_cmpint(n, ==, 1);
        g_string_append_c(line, c);
    }
    g_string_truncate(line, line->len - 2);
    return g_string_free(line, FALSE);
}

static void send_str(int fd, const char *s)
{
    g_assert_cmpint(write(fd, s, strlen(s)), ==, (ssize_t)strlen(s));
}

static void test_second_monitor_reconnect(void)
{
    g_autofree char *dir = g_dir_make_tmp("qmp-test-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "q2.sock", NULL);
    g_autofree char *args = g_strdup_printf(
        MACHINE " -chardev socket,id=q2,path=%s,server=on,wait=off "
        "-mon chardev=q2,mode=control", path);
    QTestState *s = qtest_init(args);

    for (int round = 0; round < 2; round++) {
        int fd = qtest_socket_client(path);
        g_autofree char *greeting = read_line(fd);
        g_autofree char *early = NULL;
        g_autofree char *ok = NULL;
        g_autofree char *status = NULL;

        g_assert_true(g_str_has_prefix(greeting, "{\"QMP\": "));
        /* Each connection starts in negotiation mode. */
        send_str(fd, "{\"execute\": \"query-status\"}\n");
        early = read_line(fd);
        g_assert_nonnull(strstr(early, "CommandNotFound"));
        send_str(fd, "{\"execute\": \"qmp_capabilities\"}\n");
        ok = read_line(fd);
        g_assert_cmpstr(ok, ==, "{\"return\": {}}");
        send_str(fd, "{\"execute\": \"query-status\"}\n");
        status = read_line(fd);
        g_assert_nonnull(strstr(status, "\"status\": \"running\""));
        close(fd);
        /* The main monitor is unaffected. */
        qtest_qmp_assert_success(s, "{'execute': 'query-status'}");
    }
    qtest_quit(s);
    unlink(path);
    rmdir(dir);
}

static void test_pretty_monitor(void)
{
    g_autofree char *dir = g_dir_make_tmp("qmp-test-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "q3.sock", NULL);
    g_autofree char *args = g_strdup_printf(
        MACHINE " -chardev socket,id=q3,path=%s,server=on,wait=off "
        "-mon chardev=q3,mode=control,pretty=on", path);
    QTestState *s = qtest_init(args);
    int fd = qtest_socket_client(path);
    g_autofree char *first = read_line(fd);
    g_autofree char *second = read_line(fd);

    g_assert_cmpstr(first, ==, "{");
    g_assert_cmpstr(second, ==, "    \"QMP\": {");
    close(fd);
    qtest_quit(s);
    unlink(path);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/qmp/greeting-negotiation",
                   test_greeting_and_negotiation);
    qtest_add_func("/qmp/errors", test_errors);
    qtest_add_func("/qmp/id-echo", test_id_echo);
    qtest_add_func("/qmp/stop-cont", test_stop_cont);
    qtest_add_func("/qmp/prelaunch", test_prelaunch);
    qtest_add_func("/qmp/reset-event", test_reset_event);
    qtest_add_func("/qmp/quit", test_quit);
    qtest_add_func("/qmp/qom", test_qom);
    qtest_add_func("/qmp/qom-types", test_qom_types);
    qtest_add_func("/qmp/queries", test_queries);
    qtest_add_func("/qmp/schema", test_schema);
    qtest_add_func("/qmp/hmp-passthrough", test_hmp_passthrough);
    qtest_add_func("/qmp/device-add-del", test_device_add_del);
    qtest_add_func("/qmp/ringbuf", test_ringbuf);
    qtest_add_func("/qmp/second-monitor-reconnect",
                   test_second_monitor_reconnect);
    qtest_add_func("/qmp/pretty", test_pretty_monitor);
    return g_test_run();
}
