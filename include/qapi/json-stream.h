/*
 * Splits a byte stream into JSON values, the way a QMP server reads its
 * input: any whitespace between values, several values per read, one value
 * across many reads. Each complete value is parsed (json-glib) and handed to
 * the callback; malformed input produces an error and the stream recovers at
 * the next value. Sizes and nesting are bounded so a peer cannot make the
 * server buffer without limit.
 */
#ifndef QAPI_JSON_STREAM_H
#define QAPI_JSON_STREAM_H

#include "qemu/osdep.h"
#include <json-glib/json-glib.h>

/* Defaults; json_stream_set_limits() can lower them (tests). */
#define JSON_STREAM_MAX_SIZE   (16 * MiB)
#define JSON_STREAM_MAX_DEPTH  1024

/* Exactly one of value / err is set; the callee owns it. The messages start
 * with "JSON parse error, ". */
typedef void JsonStreamEmit(void *opaque, JsonNode *value, Error *err);

typedef struct JsonStream JsonStream;

JsonStream *json_stream_new(JsonStreamEmit *emit, void *opaque);
void json_stream_set_limits(JsonStream *js, size_t max_size, int max_depth);
void json_stream_feed(JsonStream *js, const void *buf, size_t len);
/* Drops any partial value (peer disconnected). */
void json_stream_reset(JsonStream *js);
/* End of input: a pending top-level scalar is emitted, a partial
 * object/array is reported as an error. */
void json_stream_flush(JsonStream *js);
void json_stream_free(JsonStream *js);

#endif
