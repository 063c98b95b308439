/*
 * Unit tests for util/option.c: keyval option strings, the JSON form, the
 * typed getters and the JSON helpers.
 */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "qapi/error.h"

/* Parses and expects failure with exactly msg. */
static void check_parse_error(const char *params, const char *implied,
                              KeyvalFlags flags, const char *msg)
{
    Error *err = NULL;
    JsonObject *o = keyval_parse(params, implied, flags, &err);

    g_assert_null(o);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static void test_basic(void)
{
    JsonObject *o = keyval_parse("e1000,netdev=n0,mac=52:54:00:12:34:56",
                                 "driver", 0, &error_abort);

    g_assert_cmpuint(json_object_get_size(o), ==, 3);
    g_assert_cmpstr(opt_get_str(o, "driver", NULL), ==, "e1000");
    g_assert_cmpstr(opt_get_str(o, "netdev", NULL), ==, "n0");
    g_assert_cmpstr(opt_get_str(o, "mac", NULL), ==, "52:54:00:12:34:56");
    g_assert_cmpstr(opt_get_str(o, "absent", "dflt"), ==, "dflt");
    json_object_unref(o);

    o = keyval_parse("", "driver", 0, &error_abort);
    g_assert_cmpuint(json_object_get_size(o), ==, 0);
    json_object_unref(o);

    /* Without an implied key, the first item needs '=' too. */
    check_parse_error("e1000", NULL, 0,
                      "Expected '=' after parameter 'e1000'");
    /* The implied key applies to the first item only. */
    check_parse_error("a,b", "driver", 0, "Expected '=' after parameter 'b'");
}

static void test_escape(void)
{
    JsonObject *o = keyval_parse("file,,name,path=/a,,b,,,x=",
                                 "driver", 0, &error_abort);

    g_assert_cmpstr(opt_get_str(o, "driver", NULL), ==, "file,name");
    g_assert_cmpstr(opt_get_str(o, "path", NULL), ==, "/a,b,");
    g_assert_cmpstr(opt_get_str(o, "x", NULL), ==, "");
    json_object_unref(o);

    /* '=' inside a value is literal. */
    o = keyval_parse("append=console=ttyS0 root=/dev/sda", NULL, 0,
                     &error_abort);
    g_assert_cmpstr(opt_get_str(o, "append", NULL), ==,
                    "console=ttyS0 root=/dev/sda");
    json_object_unref(o);
}

static void test_bare_flags(void)
{
    JsonObject *o = keyval_parse("socket,id=c0,server,nowait,path=/tmp/s",
                                 "backend", KEYVAL_BARE_FLAGS, &error_abort);

    g_assert_cmpstr(opt_get_str(o, "backend", NULL), ==, "socket");
    g_assert_cmpstr(opt_get_str(o, "server", NULL), ==, "on");
    g_assert_cmpstr(opt_get_str(o, "wait", NULL), ==, "off");
    g_assert_true(opt_get_bool(o, "server", false, &error_abort));
    g_assert_false(opt_get_bool(o, "wait", true, &error_abort));
    json_object_unref(o);

    check_parse_error("socket,server", "backend", 0,
                      "Expected '=' after parameter 'server'");
}

static void test_duplicates(void)
{
    JsonObject *o;

    check_parse_error("a=1,b=2,a=3", NULL, 0, "Parameter 'a' is duplicated");
    check_parse_error("e1000,driver=x", "driver", 0,
                      "Parameter 'driver' is duplicated");
    check_parse_error("server,noserver", NULL, KEYVAL_BARE_FLAGS,
                      "Parameter 'server' is duplicated");

    o = keyval_parse("a=1,b=2,a=3", NULL, KEYVAL_LAST_WINS, &error_abort);
    g_assert_cmpstr(opt_get_str(o, "a", NULL), ==, "3");
    json_object_unref(o);
}

static void test_bad_keys(void)
{
    JsonObject *o;

    check_parse_error("=foo", NULL, 0, "Invalid parameter ''");
    check_parse_error("a=1,=2", NULL, 0, "Invalid parameter ''");
    check_parse_error("a b=1", NULL, 0, "Invalid parameter 'a b'");
    /* A trailing comma is tolerated. */
    o = keyval_parse("a=1,", NULL, 0, &error_abort);
    g_assert_cmpuint(json_object_get_size(o), ==, 1);
    json_object_unref(o);
    /* Dotted keys stay flat. */
    o = keyval_parse("file.filename=x.img", NULL, 0, &error_abort);
    g_assert_cmpstr(opt_get_str(o, "file.filename", NULL), ==, "x.img");
    json_object_unref(o);
}

static void test_json_form(void)
{
    Error *err = NULL;
    JsonObject *o = keyval_parse_or_json(
        " {\"driver\":\"isa-serial\",\"iobase\":1016,\"x\":true,"
        "\"size\":\"64M\"}", "driver", 0, &error_abort);

    g_assert_cmpstr(opt_get_str(o, "driver", NULL), ==, "isa-serial");
    g_assert_cmpuint(opt_get_number(o, "iobase", 0, &error_abort), ==, 1016);
    g_assert_true(opt_get_bool(o, "x", false, &error_abort));
    g_assert_cmpuint(opt_get_size(o, "size", 0, &error_abort), ==, 64 * MiB);
    /* JSON types are kept: an int is not a string. */
    g_assert_null(opt_get_str(o, "iobase", NULL));
    json_object_unref(o);

    o = keyval_parse_or_json("isa-serial,iobase=0x3f8", "driver", 0,
                             &error_abort);
    g_assert_cmpuint(opt_get_number(o, "iobase", 0, &error_abort), ==, 0x3f8);
    json_object_unref(o);

    g_assert_null(keyval_parse_or_json("{\"driver\":", "driver", 0, &err));
    g_assert_true(g_str_has_prefix(error_get_pretty(err),
                                   "JSON parse error"));
    error_free_or_abort(&err);
}

static void test_getters(void)
{
    Error *err = NULL;
    JsonObject *o = keyval_parse("size=1Mx,n=12z,b=maybe,m=2G,k=0x10,neg=-1",
                                 NULL, 0, &error_abort);

    g_assert_cmpuint(opt_get_size(o, "size", 7, &err), ==, 7);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'size' expects a size");
    error_free_or_abort(&err);
    g_assert_cmpuint(opt_get_number(o, "n", 7, &err), ==, 7);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'n' expects a number");
    error_free_or_abort(&err);
    g_assert_cmpuint(opt_get_number(o, "neg", 7, &err), ==, 7);
    error_free_or_abort(&err);
    g_assert_true(opt_get_bool(o, "b", true, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'b' expects 'on' or 'off'");
    error_free_or_abort(&err);
    g_assert_cmpuint(opt_get_size(o, "m", 0, &error_abort), ==, 2 * GiB);
    g_assert_cmpuint(opt_get_number(o, "k", 0, &error_abort), ==, 16);
    g_assert_cmpuint(opt_get_size(o, "absent", 5, &error_abort), ==, 5);
    json_object_unref(o);
}

static void test_take_and_check(void)
{
    static const char *const allowed[] = { "id", "path", NULL };
    Error *err = NULL;
    JsonObject *o = keyval_parse("id=a,path=/x,bogus=1", NULL, 0,
                                 &error_abort);
    char *s;

    g_assert_false(opt_check_keys(o, allowed, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'bogus'");
    error_free_or_abort(&err);

    s = opt_take_str(o, "bogus");
    g_assert_cmpstr(s, ==, "1");
    g_free(s);
    g_assert_null(opt_take_str(o, "bogus"));
    g_assert_true(opt_check_keys(o, allowed, &error_abort));
    json_object_unref(o);
}

static void test_json_helpers(void)
{
    Error *err = NULL;
    JsonObject *obj = json_object_new();
    JsonNode *n;
    char *text;

    json_object_set_int_member(obj, "a", 1);
    n = json_node_new_obj(obj);   /* steals obj */
    text = json_node_to_text(n, false);
    g_assert_cmpstr(text, ==, "{\"a\":1}");
    g_free(text);
    json_node_unref(n);

    n = json_node_new_bool(true);
    text = json_node_to_text(n, false);
    g_assert_cmpstr(text, ==, "true");
    g_free(text);
    json_node_unref(n);

    text = json_node_to_text(NULL, false);
    g_assert_cmpstr(text, ==, "null");
    g_free(text);

    n = json_from_text("[1, \"x\"]", &error_abort);
    g_assert_true(JSON_NODE_HOLDS_ARRAY(n));
    json_node_unref(n);
    g_assert_null(json_from_text("[1,", &err));
    error_free_or_abort(&err);
    g_assert_null(json_from_text("", &err));
    error_free_or_abort(&err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/keyval/basic", test_basic);
    g_test_add_func("/keyval/escape", test_escape);
    g_test_add_func("/keyval/bare_flags", test_bare_flags);
    g_test_add_func("/keyval/duplicates", test_duplicates);
    g_test_add_func("/keyval/bad_keys", test_bad_keys);
    g_test_add_func("/keyval/json_form", test_json_form);
    g_test_add_func("/keyval/getters", test_getters);
    g_test_add_func("/keyval/take_and_check", test_take_and_check);
    g_test_add_func("/keyval/json_helpers", test_json_helpers);
    return g_test_run();
}
