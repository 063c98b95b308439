/*
 * JSON stream splitter: tracks strings and bracket nesting byte by byte to
 * find where each top-level value ends, then parses that text with
 * json-glib. See include/qapi/json-stream.h.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/json-stream.h"

struct JsonStream {
    JsonStreamEmit *emit;
    void *opaque;
    size_t max_size;
    int max_depth;

    GString *buf;         /* text of the value being collected */
    char *stack;          /* expected closers, '}' or ']' */
    int depth;
    char quote;           /* inside a string: '"', or '\'' (QEMU allows it) */
    bool escape;
    bool literal;         /* a top-level scalar (number, true, ...) */
    bool skipping;        /* over a limit: discard until the value ends */
};

JsonStream *json_stream_new(JsonStreamEmit *emit, void *opaque)
{
    JsonStream *js = g_new0(JsonStream, 1);

    js->emit = emit;
    js->opaque = opaque;
    js->buf = g_string_new(NULL);
    json_stream_set_limits(js, JSON_STREAM_MAX_SIZE, JSON_STREAM_MAX_DEPTH);
    return js;
}

void json_stream_set_limits(JsonStream *js, size_t max_size, int max_depth)
{
    js->max_size = max_size;
    js->max_depth = max_depth;
    g_free(js->stack);
    js->stack = g_malloc(max_depth + 1);
    json_stream_reset(js);
}

void json_stream_reset(JsonStream *js)
{
    g_string_truncate(js->buf, 0);
    js->depth = 0;
    js->quote = 0;
    js->escape = js->literal = js->skipping = false;
}

void json_stream_free(JsonStream *js)
{
    if (js) {
        g_string_free(js->buf, TRUE);
        g_free(js->stack);
        g_free(js);
    }
}

static void emit_error(JsonStream *js, const char *fmt, ...) QEMU_PRINTF(2, 3);
static void emit_error(JsonStream *js, const char *fmt, ...)
{
    Error *err = NULL;
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(&err, "JSON parse error, %s", msg);
    js->emit(js->opaque, NULL, err);
}

/* json-glib says "<data>:1:7: Parse error: unexpected character"; keep the
 * part after the location, which is what a client can act on. */
static const char *parse_error_text(const char *msg)
{
    const char *p = strstr(msg, "Parse error: ");

    if (p) {
        return p + strlen("Parse error: ");
    }
    p = strstr(msg, ": ");
    return p ? p + 2 : msg;
}

/* The value in buf is complete: parse and hand it over. */
static void finish_value(JsonStream *js)
{
    g_autoptr(JsonParser) parser = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autofree char *text = NULL;
    size_t len = js->buf->len;
    bool skipped = js->skipping;

    text = g_string_free(js->buf, FALSE);
    js->buf = g_string_new(NULL);
    json_stream_reset(js);
    if (skipped) {
        return;     /* already reported */
    }
    if (!g_utf8_validate(text, len, NULL)) {
        emit_error(js, "invalid UTF-8 sequence");
        return;
    }
    parser = json_parser_new_immutable();
    if (!json_parser_load_from_data(parser, text, len, &gerr)) {
        emit_error(js, "%s", parse_error_text(gerr->message));
        return;
    }
    js->emit(js->opaque, json_node_copy(json_parser_get_root(parser)), NULL);
}

/* Over a limit: report once, then drop bytes until the value ends. */
static void start_skipping(JsonStream *js, const char *why)
{
    if (!js->skipping) {
        js->skipping = true;
        g_string_truncate(js->buf, 0);
        emit_error(js, "%s", why);
    }
}

static void append(JsonStream *js, char c)
{
    if (js->skipping) {
        return;
    }
    if (js->buf->len >= js->max_size) {
        start_skipping(js, "message too large");
        return;
    }
    g_string_append_c(js->buf, c);
}

static void feed_byte(JsonStream *js, unsigned char c)
{
    if (c == 0xfe || c == 0xff) {
        /* Never valid in UTF-8: a client's way to resynchronise. */
        bool had_input = js->buf->len || js->depth || js->literal;

        json_stream_reset(js);
        emit_error(js, "stray byte 0x%02x%s", c,
                   had_input ? ", partial input discarded" : "");
        return;
    }
    if (js->quote == '\'') {
        /* Rewritten as a double-quoted string for the parser. */
        if (js->escape) {
            js->escape = false;
            if (c != '\'') {
                append(js, '\\');
            }
            append(js, c);
        } else if (c == '\\') {
            js->escape = true;
        } else if (c == '"') {
            append(js, '\\');
            append(js, '"');
        } else if (c == '\'') {
            js->quote = 0;
            append(js, '"');
            if (js->depth == 0) {
                finish_value(js);
            }
        } else {
            append(js, c);
        }
        return;
    }
    if (js->quote) {
        append(js, c);
        if (js->escape) {
            js->escape = false;
        } else if (c == '\\') {
            js->escape = true;
        } else if (c == '"') {
            js->quote = 0;
            if (js->depth == 0) {
                finish_value(js);
            }
        }
        return;
    }
    if (js->literal && (g_ascii_isspace(c) || strchr("{}[]\"',:", c))) {
        /* A top-level scalar ends at the first delimiter. */
        finish_value(js);
    }
    switch (c) {
    case ' ': case '\t': case '\r': case '\n':
        if (js->depth > 0) {
            append(js, c);
        }
        return;
    case '{': case '[':
        if (js->depth >= js->max_depth) {
            start_skipping(js, "nesting too deep");
        } else if (!js->skipping) {
            js->stack[js->depth] = c == '{' ? '}' : ']';
        }
        js->depth++;
        append(js, c);
        return;
    case '}': case ']':
        if (js->depth == 0) {
            emit_error(js, "unexpected '%c'", c);
            return;
        }
        js->depth--;
        if (!js->skipping && js->stack[js->depth] != c) {
            json_stream_reset(js);
            emit_error(js, "unexpected '%c'", c);
            return;
        }
        append(js, c);
        if (js->depth == 0) {
            finish_value(js);
        }
        return;
    case '"': case '\'':
        js->quote = c;
        append(js, '"');
        return;
    default:
        if (js->depth == 0) {
            js->literal = true;
        }
        append(js, c);
        return;
    }
}

void json_stream_feed(JsonStream *js, const void *buf, size_t len)
{
    const unsigned char *p = buf;

    for (size_t i = 0; i < len; i++) {
        feed_byte(js, p[i]);
    }
}

void json_stream_flush(JsonStream *js)
{
    if (js->literal && js->depth == 0 && !js->quote) {
        finish_value(js);
    } else if (js->buf->len || js->depth || js->quote) {
        bool skipped = js->skipping;

        json_stream_reset(js);
        if (!skipped) {
            emit_error(js, "unexpected end of input");
        }
    }
}
