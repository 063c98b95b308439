/* String and number parsing shared by the command line, QMP and devices. */
#ifndef QEMU_CUTILS_H
#define QEMU_CUTILS_H

#include "qemu/osdep.h"

/*
 * Number parsers: return 0 on success, -EINVAL for text that is not a
 * number (or has trailing junk when endptr is NULL), -ERANGE on overflow.
 */
int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result);
int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result);
int qemu_strtoi(const char *nptr, const char **endptr, int base, int *result);
int qemu_strtoul(const char *nptr, const char **endptr, int base,
                 unsigned long *result);
/*
 * Sizes: "1024", "64k", "2M", "1G", "1T", "1.5G". A bare number is bytes for
 * qemu_strtosz and MiB for qemu_strtosz_MiB (the -m convention).
 */
int qemu_strtosz(const char *nptr, const char **end, uint64_t *result);
int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result);
/* "on"/"off"/"yes"/"no"/"true"/"false". */
bool qemu_parse_bool(const char *str, bool *result);

/* "help" or "?": the option value asks for a list of choices. */
static inline bool is_help_option(const char *s)
{
    return s && (!strcmp(s, "help") || !strcmp(s, "?"));
}

/* Copies with truncation, always NUL-terminates. */
void pstrcpy(char *buf, int buf_size, const char *str);
bool strstart(const char *str, const char *val, const char **ptr);

/* Host page size helpers. */
size_t qemu_host_page_size(void);

/* Base64 with error reporting (g_base64_decode does not validate).
 * in_len (size_t)-1 means "in is NUL-terminated". Returns a g_malloc'ed
 * buffer (never NULL on success, even for empty input). */
uint8_t *qbase64_decode(const char *in, size_t in_len, size_t *out_len,
                        Error **errp);

/* UUIDs: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx". */
typedef struct QemuUUID { uint8_t data[16]; } QemuUUID;
int qemu_uuid_parse(const char *str, QemuUUID *uuid);
char *qemu_uuid_unparse_strdup(const QemuUUID *uuid);
bool qemu_uuid_is_null(const QemuUUID *uu);

#endif
