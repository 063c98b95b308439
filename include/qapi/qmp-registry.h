/*
 * The QMP schema at run time: type descriptors, the command table and the
 * event table that scripts/qapi-gen.py generates from the qapi/ schema files, and the
 * validator that checks JSON values against them.
 */
#ifndef QAPI_QMP_REGISTRY_H
#define QAPI_QMP_REGISTRY_H

#include "qemu/osdep.h"
#include <json-glib/json-glib.h>
#include "monitor/monitor.h"

typedef enum QapiKind {
    QAPI_KIND_STR,
    QAPI_KIND_BOOL,
    QAPI_KIND_INT,        /* range in int_min/int_max (or uint_max) */
    QAPI_KIND_NUMBER,     /* int or float */
    QAPI_KIND_NULL,
    QAPI_KIND_ANY,
    QAPI_KIND_ENUM,
    QAPI_KIND_OBJECT,
    QAPI_KIND_ARRAY,
} QapiKind;

typedef struct QapiType QapiType;

typedef struct QapiMember {
    const char *name;
    const QapiType *type;
    bool optional;
} QapiMember;

struct QapiType {
    const char *name;            /* schema name ("int64", "StatusInfo") */
    const char *c_name;          /* for messages ("int64_t") */
    QapiKind kind;
    int64_t int_min;
    int64_t int_max;
    bool is_unsigned;            /* uint64: range 0..UINT64_MAX */
    const char *const *values;   /* enum, NULL-terminated */
    const QapiMember *members;   /* object */
    size_t n_members;
    bool allow_extra;            /* members beyond these are passed on */
    const QapiType *element;     /* array */
};

enum {
    QMP_CMD_ALLOW_OOB = 1 << 0,
    QMP_CMD_ALLOW_PRECONFIG = 1 << 1,
};

typedef struct QmpCommand {
    const char *name;
    QmpCommandFunc *fn;
    const QapiType *args;        /* an object type (possibly empty) */
    unsigned flags;
} QmpCommand;

typedef struct QapiEvent {
    const char *name;
    const QapiType *data;        /* NULL: no data member */
} QapiEvent;

/* Generated tables, sorted by name. */
extern const QmpCommand qmp_commands[];
extern const size_t qmp_commands_count;
extern const QapiEvent qapi_events[];
extern const size_t qapi_events_count;
/* The query-qmp-schema return value, as JSON text. */
extern const char qapi_introspect_json[];

/* NULL if the schema has no such command / event. */
const QmpCommand *qmp_find_command(const char *name);
const QapiEvent *qapi_find_event(const char *name);

/*
 * Checks args (NULL counts as {}) against an object type, with QMP's error
 * messages: "Parameter 'x' is missing", "Parameter 'x' is unexpected",
 * "Invalid parameter type for 'x', expected: string", ... Nested members
 * are named "a.b" and list elements "a[0]".
 */
bool qapi_validate_object(const QapiType *type, JsonObject *args,
                          Error **errp);
/* The same for any value; name is the parameter path for messages. */
bool qapi_validate_value(const QapiType *type, const char *name,
                         JsonNode *value, Error **errp);

#endif
