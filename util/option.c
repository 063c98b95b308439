/*
 * Option strings ("driver,key=value,flag") and their typed look-ups, plus
 * the small JSON helpers QMP and QOM share.
 */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "qemu/cutils.h"
#include "qapi/error.h"

/*
 * Reads up to the next unescaped ',' (",," stands for ',') or, when
 * stop_at_eq, up to '='. Returns the unescaped text; *pp is left on the
 * terminator.
 */
static char *scan_token(const char **pp, bool stop_at_eq)
{
    const char *p = *pp;
    GString *s = g_string_new(NULL);

    while (*p) {
        if (*p == ',') {
            if (p[1] == ',') {
                g_string_append_c(s, ',');
                p += 2;
                continue;
            }
            break;
        }
        if (stop_at_eq && *p == '=') {
            break;
        }
        g_string_append_c(s, *p++);
    }
    *pp = p;
    return g_string_free(s, false);
}

static bool key_is_valid(const char *key)
{
    const char *p;

    if (!*key) {
        return false;
    }
    for (p = key; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.') {
            return false;
        }
    }
    return true;
}

static bool keyval_store(JsonObject *obj, const char *key, const char *value,
                         KeyvalFlags flags, Error **errp)
{
    if (json_object_has_member(obj, key) && !(flags & KEYVAL_LAST_WINS)) {
        error_setg(errp, "Parameter '%s' is duplicated", key);
        return false;
    }
    json_object_set_string_member(obj, key, value);
    return true;
}

JsonObject *keyval_parse(const char *params, const char *implied_key,
                         KeyvalFlags flags, Error **errp)
{
    JsonObject *obj = json_object_new();
    const char *p = params ? params : "";
    bool first = true;

    while (*p) {
        char *key, *value;
        bool ok;

        key = scan_token(&p, true);
        if (*p != '=') {
            /* An item without '=': implied key, bare flag, or an error. */
            if (first && implied_key) {
                ok = keyval_store(obj, implied_key, key, flags, errp);
            } else if (!*key && (*p == '\0')) {
                /* A trailing ',' is tolerated, as QemuOpts does. */
                ok = true;
            } else if (!key_is_valid(key)) {
                error_setg(errp, "Invalid parameter '%s'", key);
                ok = false;
            } else if (flags & KEYVAL_BARE_FLAGS) {
                if (g_str_has_prefix(key, "no") && key[2]) {
                    ok = keyval_store(obj, key + 2, "off", flags, errp);
                } else {
                    ok = keyval_store(obj, key, "on", flags, errp);
                }
            } else {
                error_setg(errp, "Expected '=' after parameter '%s'", key);
                ok = false;
            }
            g_free(key);
        } else {
            if (!key_is_valid(key)) {
                /* Name the whole item so an empty key is still visible. */
                error_setg(errp, "Invalid parameter '%s'", key);
                g_free(key);
                ok = false;
            } else {
                p++;    /* skip '=' */
                value = scan_token(&p, false);
                ok = keyval_store(obj, key, value, flags, errp);
                g_free(key);
                g_free(value);
            }
        }
        if (!ok) {
            json_object_unref(obj);
            return NULL;
        }
        first = false;
        if (*p == ',') {
            p++;
        }
    }
    return obj;
}

JsonObject *keyval_parse_or_json(const char *params, const char *implied_key,
                                 KeyvalFlags flags, Error **errp)
{
    const char *p = params ? params : "";
    JsonNode *node;
    JsonObject *obj;

    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (*p != '{') {
        return keyval_parse(params, implied_key, flags, errp);
    }
    node = json_from_text(p, errp);
    if (!node) {
        return NULL;
    }
    if (!JSON_NODE_HOLDS_OBJECT(node)) {
        error_setg(errp, "JSON option text must be an object");
        json_node_unref(node);
        return NULL;
    }
    obj = json_object_ref(json_node_get_object(node));
    json_node_unref(node);
    return obj;
}

/* The member as a string if it is one, NULL otherwise. */
static const char *member_string(JsonNode *n)
{
    if (JSON_NODE_HOLDS_VALUE(n) &&
        json_node_get_value_type(n) == G_TYPE_STRING) {
        return json_node_get_string(n);
    }
    return NULL;
}

static bool member_is_int(JsonNode *n)
{
    return JSON_NODE_HOLDS_VALUE(n) &&
           json_node_get_value_type(n) == G_TYPE_INT64;
}

const char *opt_get_str(JsonObject *o, const char *key, const char *def)
{
    JsonNode *n = o ? json_object_get_member(o, key) : NULL;
    const char *s;

    if (!n) {
        return def;
    }
    s = member_string(n);
    return s ? s : def;
}

bool opt_get_bool(JsonObject *o, const char *key, bool def, Error **errp)
{
    JsonNode *n = o ? json_object_get_member(o, key) : NULL;
    const char *s;
    bool v;

    if (!n) {
        return def;
    }
    if (JSON_NODE_HOLDS_VALUE(n) &&
        json_node_get_value_type(n) == G_TYPE_BOOLEAN) {
        return json_node_get_boolean(n);
    }
    s = member_string(n);
    if (s && qemu_parse_bool(s, &v)) {
        return v;
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", key);
    return def;
}

uint64_t opt_get_number(JsonObject *o, const char *key, uint64_t def,
                        Error **errp)
{
    JsonNode *n = o ? json_object_get_member(o, key) : NULL;
    const char *s;
    uint64_t v;

    if (!n) {
        return def;
    }
    if (member_is_int(n)) {
        int64_t i = json_node_get_int(n);
        if (i >= 0) {
            return i;
        }
    } else if ((s = member_string(n)) && qemu_strtou64(s, NULL, 0, &v) == 0) {
        return v;
    }
    error_setg(errp, "Parameter '%s' expects a number", key);
    return def;
}

uint64_t opt_get_size(JsonObject *o, const char *key, uint64_t def,
                      Error **errp)
{
    JsonNode *n = o ? json_object_get_member(o, key) : NULL;
    const char *s;
    uint64_t v;

    if (!n) {
        return def;
    }
    if (member_is_int(n)) {
        int64_t i = json_node_get_int(n);
        if (i >= 0) {
            return i;
        }
    } else if ((s = member_string(n)) && qemu_strtosz(s, NULL, &v) == 0) {
        return v;
    }
    error_setg(errp, "Parameter '%s' expects a size", key);
    error_append_hint(errp, "Optional suffix k, M, G, T, P or E means kilo-, "
                      "mega-, giga-, tera-, peta-\n"
                      "and exabytes, respectively.\n");
    return def;
}

char *opt_take_str(JsonObject *o, const char *key)
{
    JsonNode *n = o ? json_object_get_member(o, key) : NULL;
    const char *s;
    char *ret;

    if (!n) {
        return NULL;
    }
    s = member_string(n);
    /* A JSON-typed value (e.g. "id": 3) is returned as its JSON text. */
    ret = s ? g_strdup(s) : json_node_to_text(n, false);
    json_object_remove_member(o, key);
    return ret;
}

bool opt_check_keys(JsonObject *o, const char *const *allowed, Error **errp)
{
    GList *members, *l;
    bool ok = true;

    if (!o) {
        return true;
    }
    members = json_object_get_members(o);
    for (l = members; l; l = l->next) {
        const char *key = l->data;
        bool found = false;
        size_t i;

        for (i = 0; allowed && allowed[i]; i++) {
            if (g_str_equal(key, allowed[i])) {
                found = true;
                break;
            }
        }
        if (!found) {
            error_setg(errp, "Invalid parameter '%s'", key);
            ok = false;
            break;
        }
    }
    g_list_free(members);
    return ok;
}

char *json_node_to_text(JsonNode *node, bool pretty)
{
    JsonGenerator *gen;
    char *text;

    if (!node) {
        return g_strdup("null");
    }
    gen = json_generator_new();
    json_generator_set_pretty(gen, pretty);
    if (pretty) {
        json_generator_set_indent(gen, 4);
    }
    json_generator_set_root(gen, node);
    text = json_generator_to_data(gen, NULL);
    g_object_unref(gen);
    return text;
}

JsonNode *json_from_text(const char *text, Error **errp)
{
    JsonParser *parser = json_parser_new_immutable();
    GError *gerr = NULL;
    JsonNode *root;

    if (!json_parser_load_from_data(parser, text ? text : "", -1, &gerr)) {
        error_setg(errp, "JSON parse error, %s",
                   gerr ? gerr->message : "unknown error");
        g_clear_error(&gerr);
        g_object_unref(parser);
        return NULL;
    }
    root = json_parser_steal_root(parser);
    g_object_unref(parser);
    if (!root) {
        error_setg(errp, "JSON parse error, empty input");
        return NULL;
    }
    return root;
}

JsonNode *json_node_new_str(const char *s)
{
    JsonNode *n = json_node_new(JSON_NODE_VALUE);

    json_node_set_string(n, s ? s : "");
    return n;
}

JsonNode *json_node_new_int(int64_t v)
{
    JsonNode *n = json_node_new(JSON_NODE_VALUE);

    json_node_set_int(n, v);
    return n;
}

JsonNode *json_node_new_bool(bool v)
{
    JsonNode *n = json_node_new(JSON_NODE_VALUE);

    json_node_set_boolean(n, v);
    return n;
}

JsonNode *json_node_new_obj(JsonObject *obj)
{
    JsonNode *n = json_node_new(JSON_NODE_OBJECT);

    json_node_take_object(n, obj);
    return n;
}

JsonNode *json_node_new_arr(JsonArray *arr)
{
    JsonNode *n = json_node_new(JSON_NODE_ARRAY);

    json_node_take_array(n, arr);
    return n;
}
