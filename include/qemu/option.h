/*
 * Option strings: "value,key=value,flag,noflag" as -device, -chardev,
 * -machine etc. take them, parsed into a JsonObject whose values are strings.
 * ",," stands for a literal comma inside a value. Keys are kept flat:
 * "file.filename=x" gives the key "file.filename". Keys are made of
 * letters, digits, '-', '_' and '.'.
 */
#ifndef QEMU_OPTION_H
#define QEMU_OPTION_H

#include "qemu/osdep.h"
#include <json-glib/json-glib.h>

typedef enum KeyvalFlags {
    /* A bare "key" means key=on and "nokey" means key=off (legacy QemuOpts). */
    KEYVAL_BARE_FLAGS = 1 << 0,
    /* A later "key=" replaces an earlier one instead of being an error. */
    KEYVAL_LAST_WINS = 1 << 1,
} KeyvalFlags;

/*
 * implied_key names a first item without '=' (e.g. "driver" for -device,
 * "type" for -machine, "backend" for -chardev); NULL if there is none.
 * Errors name the item at fault: "Invalid parameter ''", "Parameter 'x'
 * is duplicated" ...
 */
JsonObject *keyval_parse(const char *params, const char *implied_key,
                         KeyvalFlags flags, Error **errp);
/* JSON object text (starting with '{') or keyval, as -device accepts. */
JsonObject *keyval_parse_or_json(const char *params, const char *implied_key,
                                 KeyvalFlags flags, Error **errp);

/* Typed look-ups of a parsed option (string or JSON-typed values). Each
 * returns def when the key is absent and sets errp on a bad value, naming
 * the parameter: "Parameter 'size' expects a size". */
const char *opt_get_str(JsonObject *o, const char *key, const char *def);
bool opt_get_bool(JsonObject *o, const char *key, bool def, Error **errp);
uint64_t opt_get_number(JsonObject *o, const char *key, uint64_t def,
                        Error **errp);
uint64_t opt_get_size(JsonObject *o, const char *key, uint64_t def,
                      Error **errp);
/* Removes and returns a copy (caller frees), NULL if absent. */
char *opt_take_str(JsonObject *o, const char *key);
/* Fails naming the first key not in the NULL-terminated allowed list:
 * "Invalid parameter 'foo'". */
bool opt_check_keys(JsonObject *o, const char *const *allowed, Error **errp);

/* JSON helpers used across QMP and QOM. json_node_to_text(NULL) gives
 * "null"; json_from_text fails with "JSON parse error, ..." . */
char *json_node_to_text(JsonNode *node, bool pretty);
JsonNode *json_from_text(const char *text, Error **errp);
JsonNode *json_node_new_str(const char *s);
JsonNode *json_node_new_int(int64_t v);
JsonNode *json_node_new_bool(bool v);
/* These two steal the caller's reference: do not unref obj/arr after. */
JsonNode *json_node_new_obj(JsonObject *obj);
JsonNode *json_node_new_arr(JsonArray *arr);

#endif
