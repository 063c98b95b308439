/*
 * Error reporting: functions that can fail take `Error **errp` and fill it
 * with error_setg(); only main() decides to exit.
 *
 *   Error *err = NULL;
 *   foo(&err);
 *   if (err) { error_propagate(errp, err); return; }
 *
 * Pass &error_fatal to exit(1) on error (start-up only), &error_abort when an
 * error would be a programming bug, NULL to ignore.
 */
#ifndef QAPI_ERROR_H
#define QAPI_ERROR_H

#include "qemu/osdep.h"

/* The QMP error classes. */
typedef enum ErrorClass {
    ERROR_CLASS_GENERIC_ERROR,
    ERROR_CLASS_COMMAND_NOT_FOUND,
    ERROR_CLASS_DEVICE_NOT_ACTIVE,
    ERROR_CLASS_DEVICE_NOT_FOUND,
    ERROR_CLASS_KVM_MISSING_CAP,
} ErrorClass;

extern Error *error_fatal;
extern Error *error_abort;

void error_setg_internal(Error **errp, const char *src, int line,
                         const char *func, ErrorClass cls,
                         const char *fmt, ...) QEMU_PRINTF(6, 7);
#define error_setg(errp, fmt, ...) \
    error_setg_internal((errp), __FILE__, __LINE__, __func__, \
                        ERROR_CLASS_GENERIC_ERROR, fmt, ##__VA_ARGS__)
#define error_set(errp, cls, fmt, ...) \
    error_setg_internal((errp), __FILE__, __LINE__, __func__, \
                        (cls), fmt, ##__VA_ARGS__)
/* Appends ": strerror(os_errno)". */
void error_setg_errno_internal(Error **errp, const char *src, int line,
                               const char *func, int os_errno,
                               const char *fmt, ...) QEMU_PRINTF(6, 7);
#define error_setg_errno(errp, os_errno, fmt, ...) \
    error_setg_errno_internal((errp), __FILE__, __LINE__, __func__, \
                              (os_errno), fmt, ##__VA_ARGS__)

/* Moves local_err into *dst_errp (or reports/frees it for fatal/NULL). */
void error_propagate(Error **dst_errp, Error *local_err);
/* "prefix" + existing message. */
void error_prepend(Error **errp, const char *fmt, ...) QEMU_PRINTF(2, 3);
/* Extra lines printed after the message by error_report_err(). */
void error_append_hint(Error **errp, const char *fmt, ...) QEMU_PRINTF(2, 3);

const char *error_get_pretty(const Error *err);
ErrorClass error_get_class(const Error *err);
const char *error_class_name(ErrorClass cls);   /* "GenericError", ... */
Error *error_copy(const Error *err);
void error_free(Error *err);
void error_free_or_abort(Error **errp);

/* Prints "vireo-system-x86_64: [location: ]msg" to stderr (or the current
 * HMP monitor) and frees err. */
void error_report_err(Error *err);
void warn_report_err(Error *err);
/* error_prepend(fmt...) then error_report_err(). */
void error_reportf_err(Error *err, const char *fmt, ...) QEMU_PRINTF(2, 3);
/* The hint text appended with error_append_hint(), NULL if none. */
const char *error_get_hint(const Error *err);

/*
 * ERRP_GUARD(): at the top of a function that dereferences errp (to test
 * for failure or append hints), makes errp safe to use even when the caller
 * passed NULL or &error_fatal; the error is propagated on return.
 */
typedef struct ErrorPropagator {
    Error *local_err;
    Error **errp;
} ErrorPropagator;

static inline void error_propagator_cleanup(ErrorPropagator *prop)
{
    error_propagate(prop->errp, prop->local_err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ErrorPropagator, error_propagator_cleanup)

#define ERRP_GUARD()                                            \
    g_auto(ErrorPropagator) _auto_errp_prop = { .errp = errp }; \
    do {                                                        \
        if (!errp || errp == &error_fatal) {                    \
            errp = &_auto_errp_prop.local_err;                  \
        }                                                       \
    } while (0)

#endif
