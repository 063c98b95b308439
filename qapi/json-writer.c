/* JSON serialisation in QMP's wire style; see include/qapi/json-writer.h. */
#include "qemu/osdep.h"
#include <math.h>
#include "qapi/json-writer.h"

static void write_node(GString *out, JsonNode *node, bool pretty, int level);

static void newline(GString *out, bool pretty, int level)
{
    if (pretty) {
        g_string_append_c(out, '\n');
        for (int i = 0; i < level; i++) {
            g_string_append(out, "    ");
        }
    }
}

void json_write_string(GString *out, const char *s)
{
    const char *p = s;

    g_string_append_c(out, '"');
    while (*p) {
        gunichar c = g_utf8_get_char_validated(p, -1);

        if (c == (gunichar)-1 || c == (gunichar)-2) {
            /* Not UTF-8: show the byte as U+FFFD rather than fail. */
            g_string_append(out, "\\uFFFD");
            p++;
            continue;
        }
        p = g_utf8_next_char(p);
        switch (c) {
        case '"':  g_string_append(out, "\\\""); break;
        case '\\': g_string_append(out, "\\\\"); break;
        case '\b': g_string_append(out, "\\b"); break;
        case '\f': g_string_append(out, "\\f"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\r': g_string_append(out, "\\r"); break;
        case '\t': g_string_append(out, "\\t"); break;
        default:
            if (c >= 0x20 && c < 0x7f) {
                g_string_append_c(out, (char)c);
            } else if (c < 0x10000) {
                g_string_append_printf(out, "\\u%04X", c);
            } else {
                c -= 0x10000;
                g_string_append_printf(out, "\\u%04X\\u%04X",
                                       0xd800 | (c >> 10), 0xdc00 | (c & 0x3ff));
            }
        }
    }
    g_string_append_c(out, '"');
}

static void write_value(GString *out, JsonNode *node)
{
    switch (json_node_get_value_type(node)) {
    case G_TYPE_INT64:
        g_string_append_printf(out, "%" PRId64, json_node_get_int(node));
        break;
    case G_TYPE_DOUBLE: {
        double d = json_node_get_double(node);
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        if (!isfinite(d)) {
            g_string_append(out, "null");   /* JSON has no inf/nan */
            break;
        }
        g_ascii_dtostr(buf, sizeof(buf), d);
        g_string_append(out, buf);
        if (!strpbrk(buf, ".eE")) {
            g_string_append(out, ".0");     /* stays a float when re-read */
        }
        break;
    }
    case G_TYPE_BOOLEAN:
        g_string_append(out, json_node_get_boolean(node) ? "true" : "false");
        break;
    case G_TYPE_STRING:
        json_write_string(out, json_node_get_string(node));
        break;
    default:
        g_string_append(out, "null");
    }
}

static void write_object(GString *out, JsonObject *obj, bool pretty,
                         int level)
{
    g_autoptr(GList) members = json_object_get_members(obj);

    if (!members) {
        g_string_append(out, "{}");
        return;
    }
    g_string_append_c(out, '{');
    for (GList *m = members; m; m = m->next) {
        newline(out, pretty, level + 1);
        json_write_string(out, m->data);
        g_string_append(out, ": ");
        write_node(out, json_object_get_member(obj, m->data), pretty,
                   level + 1);
        if (m->next) {
            g_string_append(out, pretty ? "," : ", ");
        }
    }
    newline(out, pretty, level);
    g_string_append_c(out, '}');
}

static void write_array(GString *out, JsonArray *arr, bool pretty, int level)
{
    guint n = json_array_get_length(arr);

    if (!n) {
        g_string_append(out, "[]");
        return;
    }
    g_string_append_c(out, '[');
    for (guint i = 0; i < n; i++) {
        newline(out, pretty, level + 1);
        write_node(out, json_array_get_element(arr, i), pretty, level + 1);
        if (i + 1 < n) {
            g_string_append(out, pretty ? "," : ", ");
        }
    }
    newline(out, pretty, level);
    g_string_append_c(out, ']');
}

static void write_node(GString *out, JsonNode *node, bool pretty, int level)
{
    if (!node) {
        g_string_append(out, "null");
        return;
    }
    switch (json_node_get_node_type(node)) {
    case JSON_NODE_OBJECT:
        write_object(out, json_node_get_object(node), pretty, level);
        break;
    case JSON_NODE_ARRAY:
        write_array(out, json_node_get_array(node), pretty, level);
        break;
    case JSON_NODE_VALUE:
        write_value(out, node);
        break;
    case JSON_NODE_NULL:
        g_string_append(out, "null");
        break;
    }
}

void json_write_node(GString *out, JsonNode *node, bool pretty)
{
    write_node(out, node, pretty, 0);
}

void json_write_object(GString *out, JsonObject *obj, bool pretty)
{
    write_object(out, obj, pretty, 0);
}
