/*
 * The qtest line protocol: one command per line, words separated by
 * spaces; replies "OK [value]" or "FAIL reason". Everything the peer sends
 * is validated here before a backend hook sees it: numbers must parse and
 * fit, transfer sizes are bounded, and nothing the peer says can make us
 * allocate more than about QTEST_MAX_LINE bytes at once.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qtest-proto.h"

#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>
#include <sys/types.h>

/* Irq levels remembered to suppress repeated notices of the same level. */
#define QTEST_IRQ_TRACKED 256

struct QTestProto {
    const QTestBackendOps *ops;
    void *opaque;
    FILE *log;
    gint64 start_us;
    GString *rx;
    bool discarding;        /* skipping the rest of an over-long line */
    int8_t irq_level[QTEST_IRQ_TRACKED];   /* -1 unknown */
};

/* ------------------------------------------------------------------ */
/* Output and log                                                      */

static double elapsed(QTestProto *s)
{
    return (g_get_monotonic_time() - s->start_us) / 1e6;
}

static void log_line(QTestProto *s, char dir, const char *text, size_t len)
{
    if (s->log) {
        fprintf(s->log, "[%c +%f] %.*s\n", dir, elapsed(s), (int)len, text);
        fflush(s->log);
    }
}

static void send_text(QTestProto *s, const char *text)
{
    size_t len = strlen(text);
    char *buf = g_malloc(len + 2);

    memcpy(buf, text, len);
    buf[len] = '\n';
    buf[len + 1] = '\0';
    log_line(s, 'S', text, len);
    s->ops->send(s->opaque, buf, len + 1);
    g_free(buf);
}

static void G_GNUC_PRINTF(2, 3) sendf(QTestProto *s, const char *fmt, ...)
{
    va_list ap;
    char *text;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    send_text(s, text);
    g_free(text);
}

static void send_ok(QTestProto *s)
{
    send_text(s, "OK");
}

/* Takes ownership of msg. */
static void send_fail_take(QTestProto *s, char *msg)
{
    sendf(s, "FAIL %s", msg ? msg : "unknown error");
    g_free(msg);
}

#define send_fail(s, ...) send_fail_take((s), g_strdup_printf(__VA_ARGS__))

void qtest_proto_send_irq(QTestProto *s, int n, bool level)
{
    if (n >= 0 && n < QTEST_IRQ_TRACKED) {
        if (s->irq_level[n] == level) {
            return;
        }
        s->irq_level[n] = level;
    }
    sendf(s, "IRQ %s %d", level ? "raise" : "lower", n);
}

/* ------------------------------------------------------------------ */
/* Parsing helpers                                                     */

/* Unsigned number in C syntax (decimal, 0x hex, 0 octal), nothing else. */
static bool parse_u64(const char *w, uint64_t *v)
{
    uint64_t r = 0;
    unsigned base = 10;
    const char *p = w;

    if (!*p) {
        return false;
    }
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
        if (!*p) {
            return false;
        }
    } else if (p[0] == '0' && p[1]) {
        base = 8;
        p++;
    }
    for (; *p; p++) {
        unsigned d;
        if (*p >= '0' && *p <= '9') {
            d = *p - '0';
        } else if (*p >= 'a' && *p <= 'f') {
            d = *p - 'a' + 10;
        } else if (*p >= 'A' && *p <= 'F') {
            d = *p - 'A' + 10;
        } else {
            return false;
        }
        if (d >= base || r > (UINT64_MAX - d) / base) {
            return false;
        }
        r = r * base + d;
    }
    *v = r;
    return true;
}

static bool parse_int(const char *w, int *v)
{
    uint64_t u;
    bool neg = *w == '-';

    if (!parse_u64(w + neg, &u) || u > (uint64_t)INT_MAX + neg) {
        return false;
    }
    *v = neg ? (int)-(int64_t)u : (int)u;
    return true;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

/* Strict base64 decode (padding optional) into out, which holds cap bytes.
 * Returns the decoded length, or -1 for bad input or more than cap bytes. */
static ssize_t b64_decode(const char *in, uint8_t *out, size_t cap)
{
    size_t len = strlen(in), n = 0;
    uint32_t acc = 0;
    int bits = 0;

    while (len > 0 && in[len - 1] == '=') {
        len--;
    }
    if (strlen(in) - len > 2 || len % 4 == 1 ||
        (strlen(in) != len && strlen(in) % 4 != 0)) {
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        int v = b64_value(in[i]);
        if (v < 0) {
            return -1;
        }
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n == cap) {
                return -1;
            }
            out[n++] = (uint8_t)(acc >> bits);
        }
    }
    /* Leftover bits must be zero in canonical encoding; be lenient. */
    return (ssize_t)n;
}

/* addr..addr+size-1 must not wrap around the address space. */
static bool range_ok(uint64_t addr, uint64_t size)
{
    return size == 0 || addr + (size - 1) >= addr;
}

/* ------------------------------------------------------------------ */
/* Verbs                                                               */

typedef struct Cmd {
    QTestProto *s;
    char **w;          /* words; w[0] is the verb */
    int argc;          /* words after the verb */
} Cmd;

static bool want_args(Cmd *c, int n, const char *usage)
{
    if (c->argc != n) {
        send_fail(c->s, "usage: %s %s", c->w[0], usage);
        return false;
    }
    return true;
}

static bool arg_u64(Cmd *c, int i, const char *what, uint64_t max,
                    uint64_t *v)
{
    if (!parse_u64(c->w[i], v) || *v > max) {
        send_fail(c->s, "invalid %s '%.64s'", what, c->w[i]);
        return false;
    }
    return true;
}

static unsigned verb_width(const char *verb)
{
    switch (verb[strlen(verb) - 1]) {
    case 'b': return 1;
    case 'w': return 2;
    case 'l': return 4;
    default:  return 8;
    }
}

static uint64_t width_max(unsigned width)
{
    return width == 8 ? UINT64_MAX : (1ull << (8 * width)) - 1;
}

static void do_out(Cmd *c)
{
    unsigned width = verb_width(c->w[0]);
    uint64_t port, val;

    if (want_args(c, 2, "PORT VALUE") &&
        arg_u64(c, 1, "port", 0xffff, &port) &&
        arg_u64(c, 2, "value", width_max(width), &val)) {
        c->s->ops->io_write(c->s->opaque, (uint16_t)port, width,
                            (uint32_t)val);
        send_ok(c->s);
    }
}

static void do_in(Cmd *c)
{
    unsigned width = verb_width(c->w[0]);
    uint64_t port;

    if (want_args(c, 1, "PORT") && arg_u64(c, 1, "port", 0xffff, &port)) {
        uint32_t v = c->s->ops->io_read(c->s->opaque, (uint16_t)port, width);
        sendf(c->s, "OK 0x%04" PRIx32, v);
    }
}

static void do_write_scalar(Cmd *c)
{
    unsigned width = verb_width(c->w[0]);
    uint64_t addr, val;
    uint8_t buf[8];

    if (!want_args(c, 2, "ADDR VALUE") ||
        !arg_u64(c, 1, "address", UINT64_MAX, &addr) ||
        !arg_u64(c, 2, "value", width_max(width), &val)) {
        return;
    }
    if (!range_ok(addr, width)) {
        send_fail(c->s, "access wraps around the address space");
        return;
    }
    /* Target byte order (x86: little-endian). */
    for (unsigned i = 0; i < width; i++) {
        unsigned shift = c->s->ops->big_endian ? 8 * (width - 1 - i) : 8 * i;
        buf[i] = (uint8_t)(val >> shift);
    }
    c->s->ops->mem_rw(c->s->opaque, addr, buf, width, true);
    send_ok(c->s);
}

static void do_read_scalar(Cmd *c)
{
    unsigned width = verb_width(c->w[0]);
    uint64_t addr, val = 0;
    uint8_t buf[8];

    if (!want_args(c, 1, "ADDR") ||
        !arg_u64(c, 1, "address", UINT64_MAX, &addr)) {
        return;
    }
    if (!range_ok(addr, width)) {
        send_fail(c->s, "access wraps around the address space");
        return;
    }
    c->s->ops->mem_rw(c->s->opaque, addr, buf, width, false);
    for (unsigned i = 0; i < width; i++) {
        unsigned shift = c->s->ops->big_endian ? 8 * (width - 1 - i) : 8 * i;
        val |= (uint64_t)buf[i] << shift;
    }
    sendf(c->s, "OK 0x%016" PRIx64, val);
}

/* ADDR SIZE with SIZE <= max and no wrap-around; false after a FAIL. */
static bool addr_size(Cmd *c, uint64_t max, uint64_t *addr, uint64_t *size)
{
    if (!arg_u64(c, 1, "address", UINT64_MAX, addr)) {
        return false;
    }
    if (!parse_u64(c->w[2], size)) {
        send_fail(c->s, "invalid size '%.64s'", c->w[2]);
        return false;
    }
    if (*size > max) {
        send_fail(c->s, "size %" PRIu64 " exceeds the limit of %" PRIu64,
                  *size, max);
        return false;
    }
    if (!range_ok(*addr, *size)) {
        send_fail(c->s, "access wraps around the address space");
        return false;
    }
    return true;
}

static void do_read(Cmd *c)
{
    static const char digits[] = "0123456789abcdef";
    uint64_t addr, size;
    uint8_t *data;
    char *text;

    if (!want_args(c, 2, "ADDR SIZE") ||
        !addr_size(c, QTEST_MAX_XFER, &addr, &size)) {
        return;
    }
    data = g_malloc(size ? size : 1);
    c->s->ops->mem_rw(c->s->opaque, addr, data, size, false);
    text = g_malloc(5 + 2 * size + 1);
    memcpy(text, "OK 0x", 5);
    for (uint64_t i = 0; i < size; i++) {
        text[5 + 2 * i] = digits[data[i] >> 4];
        text[5 + 2 * i + 1] = digits[data[i] & 15];
    }
    text[5 + 2 * size] = '\0';
    send_text(c->s, text);
    g_free(text);
    g_free(data);
}

static void do_write(Cmd *c)
{
    uint64_t addr, size;
    const char *hex;
    uint8_t *data;

    if (!want_args(c, 3, "ADDR SIZE 0xDATA") ||
        !addr_size(c, QTEST_MAX_XFER, &addr, &size)) {
        return;
    }
    hex = c->w[3];
    if (hex[0] != '0' || (hex[1] != 'x' && hex[1] != 'X')) {
        send_fail(c->s, "data must start with 0x");
        return;
    }
    hex += 2;
    if (strlen(hex) != 2 * size) {
        send_fail(c->s, "data has %zu hex digits, expected %" PRIu64,
                  strlen(hex), 2 * size);
        return;
    }
    data = g_malloc(size ? size : 1);
    for (uint64_t i = 0; i < size; i++) {
        int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            send_fail(c->s, "invalid hex digit in data");
            g_free(data);
            return;
        }
        data[i] = (uint8_t)(hi << 4 | lo);
    }
    c->s->ops->mem_rw(c->s->opaque, addr, data, size, true);
    g_free(data);
    send_ok(c->s);
}

static void do_b64read(Cmd *c)
{
    uint64_t addr, size;
    uint8_t *data;
    char *b64;

    if (!want_args(c, 2, "ADDR SIZE") ||
        !addr_size(c, QTEST_MAX_XFER, &addr, &size)) {
        return;
    }
    data = g_malloc(size ? size : 1);
    c->s->ops->mem_rw(c->s->opaque, addr, data, size, false);
    b64 = g_base64_encode(data, size);
    sendf(c->s, "OK %s", b64);
    g_free(b64);
    g_free(data);
}

static void do_b64write(Cmd *c)
{
    uint64_t addr, size;
    uint8_t *data;
    ssize_t n;

    if (!want_args(c, 3, "ADDR SIZE BASE64") ||
        !addr_size(c, QTEST_MAX_XFER, &addr, &size)) {
        return;
    }
    data = g_malloc(size ? size : 1);
    n = b64_decode(c->w[3], data, size);
    if (n < 0 || (uint64_t)n != size) {
        g_free(data);
        send_fail(c->s, "data is not base64 of exactly %" PRIu64 " bytes",
                  size);
        return;
    }
    c->s->ops->mem_rw(c->s->opaque, addr, data, size, true);
    g_free(data);
    send_ok(c->s);
}

static void do_memset(Cmd *c)
{
    uint64_t addr, size, pattern;

    if (!want_args(c, 3, "ADDR SIZE PATTERN") ||
        !addr_size(c, QTEST_MAX_MEMSET, &addr, &size) ||
        !arg_u64(c, 3, "pattern", 0xff, &pattern)) {
        return;
    }
    if (size) {
        c->s->ops->mem_set(c->s->opaque, addr, (uint8_t)pattern, size);
    }
    send_ok(c->s);
}

static void clock_reply(Cmd *c, int64_t now, char *err)
{
    if (now < 0) {
        send_fail_take(c->s, err);
    } else {
        g_free(err);
        sendf(c->s, "OK %" PRIi64, now);
    }
}

static void do_clock_step(Cmd *c)
{
    int64_t now;
    uint64_t ns;
    char *err = NULL;

    if (c->argc > 1) {
        want_args(c, 1, "[NS]");
        return;
    }
    if (c->argc == 0) {
        now = c->s->ops->clock_step_next(c->s->opaque, &err);
        clock_reply(c, now, err);
        return;
    }
    if (arg_u64(c, 1, "step", INT64_MAX, &ns)) {
        now = c->s->ops->clock_step(c->s->opaque, (int64_t)ns, &err);
        clock_reply(c, now, err);
    }
}

static void do_clock_set(Cmd *c)
{
    int64_t now;
    uint64_t ns;
    char *err = NULL;

    if (want_args(c, 1, "NS") && arg_u64(c, 1, "time", INT64_MAX, &ns)) {
        /* Separate statement: err must be read after the call. */
        now = c->s->ops->clock_set(c->s->opaque, (int64_t)ns, &err);
        clock_reply(c, now, err);
    }
}

static void do_irq_intercept(Cmd *c)
{
    bool out = g_str_has_suffix(c->w[0], "_out");
    char *err = NULL;

    if (!want_args(c, 1, "QOM-PATH")) {
        return;
    }
    if (c->s->ops->irq_intercept(c->s->opaque, c->w[1], out, &err)) {
        send_ok(c->s);
    } else {
        send_fail_take(c->s, err);
    }
}

static void do_set_irq_in(Cmd *c)
{
    const char *name;
    int num, level;
    char *err = NULL;

    if (!want_args(c, 4, "QOM-PATH NAME NUM LEVEL")) {
        return;
    }
    if (!parse_int(c->w[3], &num) || num < 0) {
        send_fail(c->s, "invalid irq number '%.64s'", c->w[3]);
        return;
    }
    if (!parse_int(c->w[4], &level)) {
        send_fail(c->s, "invalid level '%.64s'", c->w[4]);
        return;
    }
    /* QEMU spells the unnamed list "unnamed-gpio-in"; accept "unnamed". */
    name = c->w[2];
    if (!strcmp(name, "unnamed-gpio-in") || !strcmp(name, "unnamed")) {
        name = NULL;
    }
    if (c->s->ops->set_irq_in(c->s->opaque, c->w[1], name, num, level,
                              &err)) {
        send_ok(c->s);
    } else {
        send_fail_take(c->s, err);
    }
}

static void do_endianness(Cmd *c)
{
    if (want_args(c, 0, "")) {
        sendf(c->s, "OK %s", c->s->ops->big_endian ? "big" : "little");
    }
}

static const struct {
    const char *verb;
    void (*fn)(Cmd *c);
} verbs[] = {
    { "outb", do_out }, { "outw", do_out }, { "outl", do_out },
    { "inb", do_in }, { "inw", do_in }, { "inl", do_in },
    { "writeb", do_write_scalar }, { "writew", do_write_scalar },
    { "writel", do_write_scalar }, { "writeq", do_write_scalar },
    { "readb", do_read_scalar }, { "readw", do_read_scalar },
    { "readl", do_read_scalar }, { "readq", do_read_scalar },
    { "read", do_read }, { "write", do_write },
    { "b64read", do_b64read }, { "b64write", do_b64write },
    { "memset", do_memset },
    { "clock_step", do_clock_step }, { "clock_set", do_clock_set },
    { "irq_intercept_in", do_irq_intercept },
    { "irq_intercept_out", do_irq_intercept },
    { "set_irq_in", do_set_irq_in },
    { "endianness", do_endianness },
};

void qtest_proto_process_line(QTestProto *s, const char *line)
{
    GPtrArray *words = g_ptr_array_new();
    char *copy = g_strdup(line);
    char *p = copy;
    Cmd c = { .s = s };

    log_line(s, 'R', line, strlen(line));
    /* Split on runs of blanks; a trailing CR (telnet, CRLF peers) too. */
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r') {
            *p++ = '\0';
        }
        if (!*p) {
            break;
        }
        g_ptr_array_add(words, p);
        while (*p && *p != ' ' && *p != '\t' && *p != '\r') {
            p++;
        }
    }
    g_ptr_array_add(words, NULL);
    c.w = (char **)words->pdata;
    c.argc = (int)words->len - 2;

    if (!c.w[0]) {
        send_fail(s, "empty command");
    } else {
        size_t i;
        for (i = 0; i < G_N_ELEMENTS(verbs); i++) {
            if (!strcmp(c.w[0], verbs[i].verb)) {
                verbs[i].fn(&c);
                break;
            }
        }
        if (i == G_N_ELEMENTS(verbs)) {
            send_fail(s, "Unknown command '%.64s'", c.w[0]);
        }
    }
    g_ptr_array_free(words, TRUE);
    g_free(copy);
}

/* ------------------------------------------------------------------ */
/* Input                                                               */

void qtest_proto_feed(QTestProto *s, const uint8_t *buf, size_t len)
{
    while (len > 0) {
        const uint8_t *nl = memchr(buf, '\n', len);
        size_t chunk = nl ? (size_t)(nl - buf) : len;

        if (s->discarding) {
            /* Rest of a line we already refused. */
        } else if (s->rx->len + chunk > QTEST_MAX_LINE) {
            g_string_truncate(s->rx, 0);
            s->discarding = true;
            send_fail(s, "line longer than %u bytes", QTEST_MAX_LINE);
        } else {
            g_string_append_len(s->rx, (const char *)buf, (gssize)chunk);
        }
        if (!nl) {
            return;
        }
        if (!s->discarding) {
            /* NUL bytes would silently cut the line short: refuse them. */
            if (memchr(s->rx->str, '\0', s->rx->len)) {
                send_fail(s, "NUL byte in command");
            } else {
                qtest_proto_process_line(s, s->rx->str);
            }
        }
        g_string_truncate(s->rx, 0);
        s->discarding = false;
        buf += chunk + 1;
        len -= chunk + 1;
    }
}

void qtest_proto_opened(QTestProto *s)
{
    g_string_truncate(s->rx, 0);
    s->discarding = false;
    memset(s->irq_level, -1, sizeof(s->irq_level));
    if (s->log) {
        fprintf(s->log, "[I %f] OPENED\n", elapsed(s));
        fflush(s->log);
    }
}

void qtest_proto_closed(QTestProto *s)
{
    g_string_truncate(s->rx, 0);
    s->discarding = false;
    if (s->log) {
        fprintf(s->log, "[I +%f] CLOSED\n", elapsed(s));
        fflush(s->log);
    }
}

QTestProto *qtest_proto_new(const QTestBackendOps *ops, void *opaque,
                            FILE *log)
{
    QTestProto *s = g_new0(QTestProto, 1);

    s->ops = ops;
    s->opaque = opaque;
    s->log = log;
    s->start_us = g_get_monotonic_time();
    s->rx = g_string_new(NULL);
    memset(s->irq_level, -1, sizeof(s->irq_level));
    return s;
}

void qtest_proto_free(QTestProto *s)
{
    if (s) {
        g_string_free(s->rx, TRUE);
        g_free(s);
    }
}
