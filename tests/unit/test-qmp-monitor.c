/*
 * The QMP and HMP protocol layers, driven through detached monitors (no
 * chardev): greeting, negotiation, request envelope errors, argument
 * validation, id echo, events, pretty output, HMP parsing.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qmp-registry.h"
#include "monitor/monitor-internal.h"

/* Feeds text and returns every line printed, CRLF-checked and split. */
static char **qmp_exchange(Monitor *mon, const char *text)
{
    g_autofree char *out = NULL;
    char **lines;
    guint n;

    if (text) {
        monitor_qmp_feed(mon, text, strlen(text));
    }
    out = monitor_take_output(mon);
    /* Every line ends with CRLF; there is no bare LF. */
    for (char *p = out; *p; p++) {
        if (*p == '\n') {
            g_assert_true(p > out && p[-1] == '\r');
        }
    }
    g_assert_true(!*out || g_str_has_suffix(out, "\r\n"));
    lines = g_strsplit(out, "\r\n", -1);
    n = g_strv_length(lines);
    g_free(lines[n - 1]);          /* the empty piece after the last CRLF */
    lines[n - 1] = NULL;
    return lines;
}

static char *qmp_one(Monitor *mon, const char *text)
{
    g_auto(GStrv) lines = qmp_exchange(mon, text);

    g_assert_cmpuint(g_strv_length(lines), ==, 1);
    return g_strdup(lines[0]);
}

static void check(Monitor *mon, const char *text, const char *expect)
{
    g_autofree char *got = qmp_one(mon, text);

    g_assert_cmpstr(got, ==, expect);
}

static Monitor *negotiated(void)
{
    Monitor *mon = monitor_qmp_new_detached(false);

    g_strfreev(qmp_exchange(mon, NULL));
    check(mon, "{\"execute\": \"qmp_capabilities\"}", "{\"return\": {}}");
    return mon;
}

static void test_greeting(void)
{
    Monitor *mon = monitor_qmp_new_detached(false);
    g_autofree char *g = qmp_one(mon, NULL);

    g_assert_cmpstr(g, ==,
        "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, "
        "\"major\": 7}, \"package\": \"vireo-" VIREO_VERSION "\"}, "
        "\"capabilities\": [\"oob\"]}}");
    monitor_free(mon);
}

static void test_negotiation(void)
{
    Monitor *mon = monitor_qmp_new_detached(false);

    g_strfreev(qmp_exchange(mon, NULL));
    check(mon, "{\"execute\": \"query-version\"}",
          "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
          "\"Expecting capabilities negotiation with 'qmp_capabilities'\"}}");
    check(mon, "{\"execute\": \"nope\", \"id\": 1}",
          "{\"id\": 1, \"error\": {\"class\": \"CommandNotFound\", \"desc\": "
          "\"Expecting capabilities negotiation with 'qmp_capabilities'\"}}");
    check(mon, "{\"execute\": \"qmp_capabilities\", "
          "\"arguments\": {\"enable\": [\"foo\"]}}",
          "{\"error\": {\"class\": \"GenericError\", \"desc\": "
          "\"Parameter 'enable[0]' does not accept value 'foo'\"}}");
    check(mon, "{\"execute\": \"qmp_capabilities\", \"id\": \"a\"}",
          "{\"return\": {}, \"id\": \"a\"}");
    check(mon, "{\"execute\": \"qmp_capabilities\"}",
          "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
          "\"Capabilities negotiation is already complete, command "
          "ignored\"}}");
    monitor_free(mon);
}

static void test_envelope_errors(void)
{
    Monitor *mon = negotiated();
    static const char *const cases[][2] = {
        { "[]", "QMP input must be a JSON object" },
        { "\"x\"", "QMP input must be a JSON object" },
        { "{}", "QMP input lacks member 'execute'" },
        { "{\"foo\": 1}", "QMP input member 'foo' is unexpected" },
        { "{\"execute\": 1}", "QMP input member 'execute' must be a string" },
        { "{\"execute\": \"query-name\", \"arguments\": []}",
          "QMP input member 'arguments' must be an object" },
        { "{\"exec-oob\": \"query-name\"}",
          "QMP input member 'exec-oob' is unexpected" },
        { "{\"execute\": \"query-name\", \"arguments\": {\"x\": 1}}",
          "Parameter 'x' is unexpected" },
        { "{\"execute\": \"qom-get\", \"arguments\": {\"path\": 1}}",
          "Invalid parameter type for 'path', expected: string" },
        { "{\"execute\": \"qom-get\", \"arguments\": {}}",
          "Parameter 'path' is missing" },
        { "{\"execute\": \"qom-list-types\", "
          "\"arguments\": {\"abstract\": null}}",
          "Invalid parameter type for 'abstract', expected: boolean" },
        { "{\"execute\": \"human-monitor-command\", \"arguments\": "
          "{\"command-line\": \"x\", \"cpu-index\": 1.5}}",
          "Invalid parameter type for 'cpu-index', expected: integer" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *expect = g_strdup_printf(
            "{\"error\": {\"class\": \"GenericError\", \"desc\": \"%s\"}}",
            cases[i][1]);

        check(mon, cases[i][0], expect);
    }
    check(mon, "{\"execute\": \"nope\", \"id\": {\"x\": [1, null]}}",
          "{\"id\": {\"x\": [1, null]}, \"error\": {\"class\": "
          "\"CommandNotFound\", \"desc\": \"The command nope has not been "
          "found\"}}");
    monitor_free(mon);
}

static void test_parse_error_recovery(void)
{
    Monitor *mon = negotiated();
    g_auto(GStrv) lines = NULL;
    g_autofree char *bad = qmp_one(mon, "{\"execute\": }");

    g_assert_true(g_str_has_prefix(bad, "{\"error\": {\"class\": "
                                   "\"GenericError\", \"desc\": \"JSON parse "
                                   "error, "));
    /* Several requests in one read, one split across reads. */
    lines = qmp_exchange(mon, "{\"execute\": \"query-name\", \"id\": 1}\n"
                              "  {\"execute\": \"query-name\", \"id\": 2}"
                              "{\"execute\": \"query-");
    g_assert_cmpuint(g_strv_length(lines), ==, 2);
    g_assert_cmpstr(lines[0], ==, "{\"return\": {}, \"id\": 1}");
    g_assert_cmpstr(lines[1], ==, "{\"return\": {}, \"id\": 2}");
    check(mon, "name\", \"id\": 3}", "{\"return\": {}, \"id\": 3}");
    monitor_free(mon);
}

static void test_oob(void)
{
    Monitor *mon = monitor_qmp_new_detached(false);

    g_strfreev(qmp_exchange(mon, NULL));
    check(mon, "{\"execute\": \"qmp_capabilities\", "
          "\"arguments\": {\"enable\": [\"oob\"]}}", "{\"return\": {}}");
    check(mon, "{\"exec-oob\": \"query-name\", \"id\": 7}",
          "{\"id\": 7, \"error\": {\"class\": \"GenericError\", \"desc\": "
          "\"The command query-name does not support OOB\"}}");
    check(mon, "{\"exec-oob\": \"query-name\", \"execute\": \"query-name\"}",
          "{\"error\": {\"class\": \"GenericError\", \"desc\": "
          "\"QMP input must not contain both 'execute' and 'exec-oob'\"}}");
    monitor_free(mon);
}

static void test_events(void)
{
    Monitor *early = monitor_qmp_new_detached(false);
    Monitor *mon = negotiated();
    g_autofree char *ev = NULL;
    g_autofree char *none = NULL;

    g_strfreev(qmp_exchange(early, NULL));
    qapi_event_send("STOP", NULL);
    ev = qmp_one(mon, NULL);
    g_assert_true(g_str_has_prefix(ev, "{\"timestamp\": {\"seconds\": "));
    g_assert_true(strstr(ev, "\"microseconds\": "));
    g_assert_true(g_str_has_suffix(ev, "}, \"event\": \"STOP\"}"));
    /* Not sent before negotiation. */
    none = monitor_take_output(early);
    g_assert_cmpstr(none, ==, "");
    monitor_free(mon);
    monitor_free(early);
}

static void test_pretty(void)
{
    Monitor *mon = monitor_qmp_new_detached(true);
    g_autofree char *out = monitor_take_output(mon);
    const char *req = "{\"execute\": \"qmp_capabilities\", \"id\": 1}";

    g_assert_true(g_str_has_prefix(out, "{\r\n    \"QMP\": {\r\n"));
    monitor_qmp_feed(mon, req, strlen(req));
    g_free(out);
    out = monitor_take_output(mon);
    g_assert_cmpstr(out, ==, "{\r\n    \"return\": {},\r\n    \"id\": 1\r\n}"
                             "\r\n");
    monitor_free(mon);
}

static void test_introspection(void)
{
    Monitor *mon = negotiated();
    g_autofree char *out = qmp_one(mon, "{\"execute\": \"query-qmp-schema\"}");
    g_autoptr(JsonParser) p = json_parser_new();
    JsonArray *list;
    bool found = false;

    g_assert_true(json_parser_load_from_data(p, out, -1, NULL));
    list = json_object_get_array_member(
        json_node_get_object(json_parser_get_root(p)), "return");
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *e = json_array_get_object_element(list, i);

        if (!strcmp(json_object_get_string_member(e, "name"),
                    "query-status")) {
            g_assert_cmpstr(json_object_get_string_member(e, "meta-type"),
                            ==, "command");
            g_assert_true(json_object_has_member(e, "arg-type"));
            g_assert_true(json_object_has_member(e, "ret-type"));
            found = true;
        }
    }
    g_assert_true(found);
    /* Every command of the table is listed by query-commands. */
    g_free(out);
    out = qmp_one(mon, "{\"execute\": \"query-commands\"}");
    for (size_t i = 0; i < qmp_commands_count; i++) {
        g_autofree char *needle = g_strdup_printf("{\"name\": \"%s\"}",
                                                  qmp_commands[i].name);
        g_assert_nonnull(strstr(out, needle));
    }
    monitor_free(mon);
}

static void test_validator(void)
{
    static const QapiType u8 = { .name = "uint8", .c_name = "uint8_t",
                                 .kind = QAPI_KIND_INT, .int_min = 0,
                                 .int_max = 255 };
    static const QapiMember inner_m[] = { { "v", &u8, false } };
    static const QapiType inner = { .name = "Inner",
                                    .kind = QAPI_KIND_OBJECT,
                                    .members = inner_m, .n_members = 1 };
    static const QapiMember outer_m[] = { { "in", &inner, true } };
    static const QapiType outer = { .name = "arguments",
                                    .kind = QAPI_KIND_OBJECT,
                                    .members = outer_m, .n_members = 1 };
    static const char *const cases[][2] = {
        { "{}", NULL },
        { "{\"in\": {\"v\": 255}}", NULL },
        { "{\"in\": {\"v\": 256}}", "Parameter 'in.v' expects uint8_t" },
        { "{\"in\": {\"v\": -1}}", "Parameter 'in.v' expects uint8_t" },
        { "{\"in\": {}}", "Parameter 'in.v' is missing" },
        { "{\"in\": {\"v\": 1, \"w\": 2}}", "Parameter 'in.w' is unexpected" },
        { "{\"in\": 3}", "Invalid parameter type for 'in', expected: object" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(JsonParser) p = json_parser_new();
        Error *err = NULL;
        bool ok;

        g_assert_true(json_parser_load_from_data(p, cases[i][0], -1, NULL));
        ok = qapi_validate_object(&outer,
                json_node_get_object(json_parser_get_root(p)), &err);
        if (!cases[i][1]) {
            g_assert_true(ok);
            g_assert_null(err);
        } else {
            g_assert_false(ok);
            g_assert_cmpstr(error_get_pretty(err), ==, cases[i][1]);
            error_free(err);
        }
    }
}

static void test_hmp(void)
{
    g_autofree char *unknown = hmp_run_command("frobnicate now");
    g_autofree char *info_unknown = hmp_run_command("info frob");
    g_autofree char *version = hmp_run_command("info version");
    g_autofree char *help = hmp_run_command("help");
    g_autofree char *extra = hmp_run_command("info version please");
    g_autofree char *empty = hmp_run_command("   ");
    g_autofree char *quote = hmp_run_command("help \"info");

    g_assert_cmpstr(unknown, ==, "unknown command: 'frobnicate'\r\n");
    g_assert_cmpstr(info_unknown, ==, "unknown command: 'info frob'\r\n");
    g_assert_cmpstr(version, ==, "7.2.0 (vireo-" VIREO_VERSION ")\r\n");
    g_assert_nonnull(strstr(help, "cont|c  -- resume emulation\r\n"));
    g_assert_true(g_str_has_prefix(extra, "version: extraneous characters"));
    g_assert_cmpstr(empty, ==, "");
    g_assert_cmpstr(quote, ==, "Error: unterminated string literal\r\n");
}

static void test_hmp_line_editing(void)
{
    Monitor *mon = monitor_hmp_new_detached();
    g_autofree char *out = NULL;
    /* Backspace, an arrow key, CRLF as one line end. */
    const char *keys = "info versiom\x7fn\x1b[A\r\n\n";

    monitor_hmp_feed(mon, keys, strlen(keys));
    out = monitor_take_output(mon);
    g_assert_cmpstr(out, ==, "7.2.0 (vireo-" VIREO_VERSION ")\r\n");
    monitor_free(mon);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qmp/greeting", test_greeting);
    g_test_add_func("/qmp/negotiation", test_negotiation);
    g_test_add_func("/qmp/envelope-errors", test_envelope_errors);
    g_test_add_func("/qmp/parse-error-recovery", test_parse_error_recovery);
    g_test_add_func("/qmp/oob", test_oob);
    g_test_add_func("/qmp/events", test_events);
    g_test_add_func("/qmp/pretty", test_pretty);
    g_test_add_func("/qmp/introspection", test_introspection);
    g_test_add_func("/qapi/validator", test_validator);
    g_test_add_func("/hmp/commands", test_hmp);
    g_test_add_func("/hmp/line-editing", test_hmp_line_editing);
    return g_test_run();
}
