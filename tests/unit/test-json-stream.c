/*
 * JSON stream splitter and writer: values across and within reads,
 * recovery after bad input, limits, and QMP-style output.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/json-stream.h"
#include "qapi/json-writer.h"

typedef struct Seen {
    GPtrArray *items;       /* "V:<json>" or "E:<message>" */
} Seen;

static void collect(void *opaque, JsonNode *value, Error *err)
{
    Seen *s = opaque;

    if (err) {
        g_ptr_array_add(s->items, g_strdup_printf("E:%s",
                                                  error_get_pretty(err)));
        error_free(err);
    } else {
        g_autoptr(GString) out = g_string_new("V:");

        json_write_node(out, value, false);
        g_ptr_array_add(s->items, g_string_free(g_steal_pointer(&out),
                                                FALSE));
        json_node_unref(value);
    }
}

static Seen *seen_new(void)
{
    Seen *s = g_new0(Seen, 1);

    s->items = g_ptr_array_new_with_free_func(g_free);
    return s;
}

static void seen_free(Seen *s)
{
    g_ptr_array_free(s->items, TRUE);
    g_free(s);
}

static const char *item(Seen *s, guint i)
{
    g_assert_cmpuint(i, <, s->items->len);
    return g_ptr_array_index(s->items, i);
}

static void feed(JsonStream *js, const char *text)
{
    json_stream_feed(js, text, strlen(text));
}

static void test_several_per_read(void)
{
    Seen *s = seen_new();
    JsonStream *js = json_stream_new(collect, s);

    feed(js, " {\"a\": 1}\n\r\t{\"b\": [1, 2, {\"c\": \"}{][\"}]}[]");
    g_assert_cmpuint(s->items->len, ==, 3);
    g_assert_cmpstr(item(s, 0), ==, "V:{\"a\": 1}");
    g_assert_cmpstr(item(s, 1), ==, "V:{\"b\": [1, 2, {\"c\": \"}{][\"}]}");
    g_assert_cmpstr(item(s, 2), ==, "V:[]");
    json_stream_free(js);
    seen_free(s);
}

static void test_byte_by_byte(void)
{
    const char *text = "{\"execute\": \"x\\\"}\", \"id\": [1, {\"n\": null}]}";
    Seen *s = seen_new();
    JsonStream *js = json_stream_new(collect, s);

    for (const char *p = text; *p; p++) {
        g_assert_cmpuint(s->items->len, ==, 0);
        json_stream_feed(js, p, 1);
    }
    g_assert_cmpuint(s->items->len, ==, 1);
    g_assert_cmpstr(item(s, 0), ==,
                    "V:{\"execute\": \"x\\\"}\", \"id\": [1, {\"n\": null}]}");
    json_stream_free(js);
    seen_free(s);
}

static void test_scalars(void)
{
    Seen *s = seen_new();
    JsonStream *js = json_stream_new(collect, s);

    /* A bare number ends only at a delimiter or at flush. */
    feed(js, "42");
    g_assert_cmpuint(s->items->len, ==, 0);
    feed(js, " \"str\" true");
    json_stream_flush(js);
    g_assert_cmpuint(s->items->len, ==, 3);
    g_assert_cmpstr(item(s, 0), ==, "V:42");
    g_assert_cmpstr(item(s, 1), ==, "V:\"str\"");
    g_assert_cmpstr(item(s, 2), ==, "V:true");
    json_stream_free(js);
    seen_free(s);
}

/* QEMU accepts 'single-quoted' strings; brackets inside them are text. */
static void test_single_quotes(void)
{
    Seen *s = seen_new();
    JsonStream *js = json_stream_new(collect, s);

    feed(js, "{'execute': '}{', 'id': 'it\\'s \"x\"'}");
    g_assert_cmpuint(s->items->len, ==, 1);
    g_assert_cmpstr(item(s, 0), ==,
                    "V:{\"execute\": \"}{\", \"id\": \"it's \\\"x\\\"\"}");
    json_stream_free(js);
    seen_free(s);
}

static void test_errors_recover(void)
{
    Seen *s = seen_new();
    JsonStream *js = json_stream_new(collect, s);

    feed(js, "{\"execute\": foo}");
    feed(js, "}");
    feed(js, "{\"a\": [}");
    feed(js, "{\"ok\": 1}");
    g_assert_cmpuint(s->items->len, ==, 4);
    g_assert_true(g_str_has_prefix(item(s, 0), "E:JSON parse error, "));
    g_assert_cmpstr(item(s, 1), ==, "E:JSON parse error, unexpected '}'");
    g_assert_cmpstr(item(s, 2), ==, "E:JSON parse error, unexpected '}'");
    g_assert_cmpstr(item(s, 3), ==, "V:{\"ok\": 1}");
    json_stream_free(js);
    seen_free(s);
}

static void test_resync_byte(void)
{
    Seen *s = seen_new();
    JsonStream *js = json_stream_new(collect, s);

    feed(js, "{\"half\": ");
    feed(js, "\xff");
    feed(js, "{\"ok\": 2}");
    g_assert_cmpuint(s->items->len, ==, 2);
    g_assert_true(g_str_has_prefix(item(s, 0), "E:JSON parse error, stray"));
    g_assert_cmpstr(item(s, 1), ==, "V:{\"ok\": 2}");
    json_stream_free(js);
    seen_free(s);
}

static void test_limits(void)
{
    Seen *s = seen_new();
    JsonStream *js = json_stream_new(collect, s);
    g_autoptr(GString) big = g_string_new("{\"k\": \"");

    json_stream_set_limits(js, 64, 4);
    for (int i = 0; i < 1000; i++) {
        g_string_append(big, "xxxxxxxx{}[]");
    }
    g_string_append(big, "\"}");
    feed(js, big->str);
    feed(js, "[[[[[[[[1]]]]]]]]");
    feed(js, "{\"ok\": 3}");
    g_assert_cmpuint(s->items->len, ==, 3);
    g_assert_cmpstr(item(s, 0), ==, "E:JSON parse error, message too large");
    g_assert_cmpstr(item(s, 1), ==, "E:JSON parse error, nesting too deep");
    g_assert_cmpstr(item(s, 2), ==, "V:{\"ok\": 3}");
    json_stream_free(js);
    seen_free(s);
}

static void test_flush_partial(void)
{
    Seen *s = seen_new();
    JsonStream *js = json_stream_new(collect, s);

    feed(js, "{\"a\": ");
    json_stream_flush(js);
    feed(js, "{}");
    g_assert_cmpuint(s->items->len, ==, 2);
    g_assert_cmpstr(item(s, 0), ==,
                    "E:JSON parse error, unexpected end of input");
    g_assert_cmpstr(item(s, 1), ==, "V:{}");
    json_stream_free(js);
    seen_free(s);
}

static void test_writer(void)
{
    g_autoptr(JsonParser) p = json_parser_new();
    g_autoptr(GString) out = g_string_new(NULL);
    const char *in = "{\"s\": \"a\\u00e9\\n\\\"\\ud83d\\ude00\", "
                     "\"n\": -5, \"f\": 0.5, \"b\": false, \"z\": null, "
                     "\"o\": {}, \"l\": [1, []]}";

    g_assert_true(json_parser_load_from_data(p, in, -1, NULL));
    json_write_node(out, json_parser_get_root(p), false);
    g_assert_cmpstr(out->str, ==,
                    "{\"s\": \"a\\u00E9\\n\\\"\\uD83D\\uDE00\", \"n\": -5, "
                    "\"f\": 0.5, \"b\": false, \"z\": null, \"o\": {}, "
                    "\"l\": [1, []]}");
    g_string_truncate(out, 0);
    g_assert_true(json_parser_load_from_data(p, "{\"a\": [1, 2], \"b\": {}}",
                                             -1, NULL));
    json_write_node(out, json_parser_get_root(p), true);
    g_assert_cmpstr(out->str, ==,
                    "{\n    \"a\": [\n        1,\n        2\n    ],\n"
                    "    \"b\": {}\n}");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/json-stream/several-per-read", test_several_per_read);
    g_test_add_func("/json-stream/byte-by-byte", test_byte_by_byte);
    g_test_add_func("/json-stream/scalars", test_scalars);
    g_test_add_func("/json-stream/single-quotes", test_single_quotes);
    g_test_add_func("/json-stream/errors-recover", test_errors_recover);
    g_test_add_func("/json-stream/resync-byte", test_resync_byte);
    g_test_add_func("/json-stream/limits", test_limits);
    g_test_add_func("/json-stream/flush-partial", test_flush_partial);
    g_test_add_func("/json-writer/format", test_writer);
    return g_test_run();
}
