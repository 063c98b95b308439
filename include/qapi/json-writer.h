/*
 * JSON text in QEMU's QMP style: compact output separates with ", " and
 * ": "; pretty output indents by four spaces. Strings are escaped to plain
 * ASCII (\uXXXX for the rest), so any client decoder can read them.
 */
#ifndef QAPI_JSON_WRITER_H
#define QAPI_JSON_WRITER_H

#include "qemu/osdep.h"
#include <json-glib/json-glib.h>

void json_write_node(GString *out, JsonNode *node, bool pretty);
void json_write_object(GString *out, JsonObject *obj, bool pretty);
/* Appends s as a quoted, escaped JSON string. */
void json_write_string(GString *out, const char *s);

#endif
