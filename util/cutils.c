/*
 * Strict string parsers: numbers, sizes, booleans, base64, UUIDs.
 *
 * Unlike strtol(), these reject empty input and (without endptr) trailing
 * junk, and report overflow instead of silently clamping.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qapi/error.h"

/*
 * Common tail of the strto* wrappers: ep is where strto* stopped.
 * Returns -EINVAL when nothing was parsed or, with no endptr, when junk
 * follows the number.
 */
static int check_strtox(const char *nptr, const char *ep,
                        const char **endptr, int libc_errno)
{
    if (ep == nptr) {
        if (endptr) {
            *endptr = nptr;
        }
        return -EINVAL;
    }
    if (endptr) {
        *endptr = ep;
    } else if (*ep) {
        return -EINVAL;
    }
    return libc_errno == ERANGE ? -ERANGE : 0;
}

/* Skips leading blanks and reports whether a '-' sign follows. */
static bool has_minus(const char *nptr)
{
    while (g_ascii_isspace(*nptr)) {
        nptr++;
    }
    return *nptr == '-';
}

int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result)
{
    char *ep;
    long long v;

    if (!nptr) {
        if (endptr) {
            *endptr = NULL;
        }
        return -EINVAL;
    }
    errno = 0;
    v = strtoll(nptr, &ep, base);
    *result = v;
    return check_strtox(nptr, ep, endptr, errno);
}

int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result)
{
    char *ep;
    unsigned long long v;
    int ret;

    if (!nptr) {
        if (endptr) {
            *endptr = NULL;
        }
        return -EINVAL;
    }
    errno = 0;
    v = strtoull(nptr, &ep, base);
    ret = check_strtox(nptr, ep, endptr, errno);
    if (ret == -ERANGE) {
        *result = UINT64_MAX;
        return ret;
    }
    /* strtoull() silently wraps "-1" to UINT64_MAX; we do not. */
    if (ret == 0 && has_minus(nptr) && v != 0) {
        *result = 0;
        return -ERANGE;
    }
    *result = v;
    return ret;
}

int qemu_strtoi(const char *nptr, const char **endptr, int base, int *result)
{
    int64_t v;
    int ret = qemu_strtoi64(nptr, endptr, base, &v);

    if (ret == 0 && (v < INT_MIN || v > INT_MAX)) {
        *result = v < 0 ? INT_MIN : INT_MAX;
        return -ERANGE;
    }
    if (ret == -ERANGE) {
        *result = v < 0 ? INT_MIN : INT_MAX;
        return ret;
    }
    *result = (int)v;
    return ret;
}

int qemu_strtoul(const char *nptr, const char **endptr, int base,
                 unsigned long *result)
{
    uint64_t v;
    int ret = qemu_strtou64(nptr, endptr, base, &v);

    if (ret == 0 && v > ULONG_MAX) {
        *result = ULONG_MAX;
        return -ERANGE;
    }
    *result = (unsigned long)v;
    return ret;
}

static int suffix_shift(char c)
{
    switch (g_ascii_toupper(c)) {
    case 'B': return 0;
    case 'K': return 10;
    case 'M': return 20;
    case 'G': return 30;
    case 'T': return 40;
    case 'P': return 50;
    case 'E': return 60;
    default:  return -1;
    }
}

/*
 * "<int>[.<frac>][suffix]" with a binary suffix; a bare number is scaled by
 * 2^default_shift. A fraction needs an explicit unit larger than a byte
 * ("1.5G"), since "1.5" of an implied unit is easy to misread.
 */
static int do_strtosz(const char *nptr, const char **end, int default_shift,
                      uint64_t *result)
{
    const char *p = nptr;
    const char *digits_end;
    uint64_t ipart, fpart_num = 0, fpart_den = 1, val;
    bool has_frac = false, hex = false;
    int shift, ret;

    *result = 0;
    if (end) {
        *end = nptr;
    }
    if (!nptr) {
        return -EINVAL;
    }
    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (*p == '-' || *p == '+') {
        return -EINVAL;
    }
    hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
    ret = qemu_strtou64(p, &digits_end, hex ? 16 : 10, &ipart);
    if (ret == -EINVAL) {
        return -EINVAL;
    }
    if (ret == -ERANGE) {
        return -ERANGE;
    }
    p = digits_end;
    if (*p == '.') {
        if (hex) {
            return -EINVAL;
        }
        p++;
        if (!g_ascii_isdigit(*p)) {
            return -EINVAL;
        }
        has_frac = true;
        /* Up to 18 digits of fraction keep num and den within 64 bits. */
        while (g_ascii_isdigit(*p)) {
            if (fpart_den < 1000000000000000000ULL) {
                fpart_num = fpart_num * 10 + (*p - '0');
                fpart_den *= 10;
            }
            p++;
        }
    }
    shift = suffix_shift(*p);
    if (shift >= 0) {
        p++;
        if (has_frac && shift == 0) {
            return -EINVAL;
        }
    } else {
        if (has_frac) {
            return -EINVAL;
        }
        shift = default_shift;
    }
    if (end) {
        *end = p;
    } else if (*p) {
        return -EINVAL;
    }
    if (shift && ipart > (UINT64_MAX >> shift)) {
        return -ERANGE;
    }
    val = ipart << shift;
    if (has_frac && fpart_num) {
        /* fraction * 2^shift, truncated; computed in 128 bits. */
        unsigned __int128 f = ((unsigned __int128)fpart_num << shift)
                              / fpart_den;
        if (val + (uint64_t)f < val) {
            return -ERANGE;
        }
        val += (uint64_t)f;
    }
    *result = val;
    return 0;
}

int qemu_strtosz(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 0, result);
}

int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 20, result);
}

bool qemu_parse_bool(const char *str, bool *result)
{
    if (!str) {
        return false;
    }
    if (!strcmp(str, "on") || !strcmp(str, "yes") || !strcmp(str, "true")) {
        *result = true;
        return true;
    }
    if (!strcmp(str, "off") || !strcmp(str, "no") || !strcmp(str, "false")) {
        *result = false;
        return true;
    }
    return false;
}

void pstrcpy(char *buf, int buf_size, const char *str)
{
    int i;

    if (buf_size <= 0) {
        return;
    }
    for (i = 0; i < buf_size - 1 && str[i]; i++) {
        buf[i] = str[i];
    }
    buf[i] = '\0';
}

bool strstart(const char *str, const char *val, const char **ptr)
{
    size_t n = strlen(val);

    if (strncmp(str, val, n) != 0) {
        return false;
    }
    if (ptr) {
        *ptr = str + n;
    }
    return true;
}

size_t qemu_host_page_size(void)
{
    if (!qemu_real_host_page_size) {
        long sz = sysconf(_SC_PAGESIZE);
        return sz > 0 ? (size_t)sz : 4096;
    }
    return qemu_real_host_page_size;
}

static bool is_base64_char(char c)
{
    return g_ascii_isalnum(c) || c == '+' || c == '/';
}

uint8_t *qbase64_decode(const char *in, size_t in_len, size_t *out_len,
                        Error **errp)
{
    size_t i, pad = 0;
    char *copy;
    gsize len = 0;
    uint8_t *out;

    *out_len = 0;
    if (in_len == (size_t)-1) {
        in_len = strlen(in);
    } else if (memchr(in, '\0', in_len)) {
        error_setg(errp, "Base64 data contains embedded NUL characters");
        return NULL;
    }
    if (in_len % 4) {
        error_setg(errp, "Base64 data length %zu is not a multiple of 4",
                   in_len);
        return NULL;
    }
    for (i = 0; i < in_len; i++) {
        char c = in[i];
        if (c == '=') {
            pad++;
            continue;
        }
        if (pad || !is_base64_char(c)) {
            error_setg(errp, "Base64 data contains invalid character at "
                       "offset %zu", i);
            return NULL;
        }
    }
    if (pad > 2) {
        error_setg(errp, "Base64 data has too much '=' padding");
        return NULL;
    }
    if (in_len == 0) {
        return g_new0(uint8_t, 1);
    }
    copy = g_strndup(in, in_len);
    out = g_base64_decode(copy, &len);
    g_free(copy);
    *out_len = len;
    return out;
}

int qemu_uuid_parse(const char *str, QemuUUID *uuid)
{
    int i, n = 0;

    if (!str || strlen(str) != 36) {
        return -1;
    }
    for (i = 0; i < 36; i++) {
        char c = str[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') {
                return -1;
            }
            continue;
        }
        if (!g_ascii_isxdigit(c)) {
            return -1;
        }
        if (n % 2 == 0) {
            uuid->data[n / 2] = g_ascii_xdigit_value(c) << 4;
        } else {
            uuid->data[n / 2] |= g_ascii_xdigit_value(c);
        }
        n++;
    }
    return 0;
}

char *qemu_uuid_unparse_strdup(const QemuUUID *uuid)
{
    const uint8_t *d = uuid->data;

    return g_strdup_printf("%02x%02x%02x%02x-%02x%02x-%02x%02x-"
                           "%02x%02x-%02x%02x%02x%02x%02x%02x",
                           d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7],
                           d[8], d[9], d[10], d[11], d[12], d[13], d[14],
                           d[15]);
}

bool qemu_uuid_is_null(const QemuUUID *uu)
{
    static const QemuUUID null_uuid;

    return memcmp(uu, &null_uuid, sizeof(null_uuid)) == 0;
}
