/*
 * Unit tests of the qtest line protocol (accel/qtest/qtest-proto.c)
 * against a fake machine: 64 KiB of RAM, 64 Ki I/O ports, a clock with
 * one pending timer, and one device "/dev/a" with 4 GPIO inputs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "accel/qtest/qtest-proto.h"

#define RAM_SIZE 0x10000

typedef struct Fake {
    QTestProto *p;
    GString *out;
    uint8_t ram[RAM_SIZE];
    uint8_t ports[0x10000 + 4];
    int last_io_size;
    int64_t clock;
    int64_t deadline;        /* -1 none */
    bool intercepted;
    uint64_t memset_calls;
} Fake;

static void fake_mem_rw(void *opaque, uint64_t addr, void *buf, size_t len,
                        bool is_write)
{
    Fake *f = opaque;

    for (size_t i = 0; i < len; i++) {
        uint64_t a = addr + i;
        if (is_write) {
            if (a < RAM_SIZE) {
                f->ram[a] = ((uint8_t *)buf)[i];
            }
        } else {
            ((uint8_t *)buf)[i] = a < RAM_SIZE ? f->ram[a] : 0xff;
        }
    }
}

static void fake_mem_set(void *opaque, uint64_t addr, uint8_t c,
                         uint64_t len)
{
    Fake *f = opaque;

    f->memset_calls++;
    for (uint64_t i = 0; i < len && addr + i < RAM_SIZE; i++) {
        f->ram[addr + i] = c;
    }
}

static uint32_t fake_io_read(void *opaque, uint16_t port, unsigned size)
{
    Fake *f = opaque;
    uint32_t v = 0;

    f->last_io_size = size;
    for (unsigned i = 0; i < size; i++) {
        v |= (uint32_t)f->ports[port + i] << (8 * i);
    }
    return v;
}

static void fake_io_write(void *opaque, uint16_t port, unsigned size,
                          uint32_t val)
{
    Fake *f = opaque;

    f->last_io_size = size;
    for (unsigned i = 0; i < size; i++) {
        f->ports[port + i] = (uint8_t)(val >> (8 * i));
    }
}

static int64_t fake_clock_step(void *opaque, int64_t ns, char **err)
{
    Fake *f = opaque;

    if (ns > INT64_MAX - f->clock) {
        *err = g_strdup("clock overflow");
        return -1;
    }
    f->clock += ns;
    if (f->deadline >= 0 && f->clock >= f->deadline) {
        f->deadline = -1;
        qtest_proto_send_irq(f->p, 2, true);   /* the "timer" fires */
    }
    return f->clock;
}

static int64_t fake_clock_step_next(void *opaque, char **err)
{
    Fake *f = opaque;

    if (f->deadline < 0) {
        return f->clock;
    }
    return fake_clock_step(opaque, f->deadline - f->clock, err);
}

static int64_t fake_clock_set(void *opaque, int64_t ns, char **err)
{
    Fake *f = opaque;

    if (ns < f->clock) {
        *err = g_strdup("clock cannot go backwards");
        return -1;
    }
    return fake_clock_step(opaque, ns - f->clock, err);
}

static bool fake_irq_intercept(void *opaque, const char *path, bool out,
                               char **err)
{
    Fake *f = opaque;

    if (strcmp(path, "/dev/a")) {
        *err = g_strdup("Unknown device");
        return false;
    }
    f->intercepted = true;
    return true;
}

static bool fake_set_irq_in(void *opaque, const char *path, const char *name,
                            int num, int level, char **err)
{
    Fake *f = opaque;

    if (strcmp(path, "/dev/a") || name || num >= 4) {
        *err = g_strdup("no such line");
        return false;
    }
    if (f->intercepted) {
        qtest_proto_send_irq(f->p, num, level);
    }
    return true;
}

static void fake_send(void *opaque, const char *text, size_t len)
{
    Fake *f = opaque;

    g_string_append_len(f->out, text, (gssize)len);
}

static const QTestBackendOps fake_ops = {
    .mem_rw = fake_mem_rw,
    .mem_set = fake_mem_set,
    .io_read = fake_io_read,
    .io_write = fake_io_write,
    .clock_step = fake_clock_step,
    .clock_step_next = fake_clock_step_next,
    .clock_set = fake_clock_set,
    .irq_intercept = fake_irq_intercept,
    .set_irq_in = fake_set_irq_in,
    .send = fake_send,
};

static Fake *fake_new(void)
{
    Fake *f = g_new0(Fake, 1);

    f->out = g_string_new(NULL);
    f->deadline = -1;
    f->p = qtest_proto_new(&fake_ops, f, NULL);
    return f;
}

static void fake_free(Fake *f)
{
    qtest_proto_free(f->p);
    g_string_free(f->out, TRUE);
    g_free(f);
}

/* Run one line, return everything it sent (owned by the caller). */
static char *run(Fake *f, const char *line)
{
    g_string_truncate(f->out, 0);
    qtest_proto_feed(f->p, (const uint8_t *)line, strlen(line));
    qtest_proto_feed(f->p, (const uint8_t *)"\n", 1);
    return g_strdup(f->out->str);
}

#define assert_reply(f, line, expect) do {                 \
        char *r_ = run((f), (line));                       \
        g_assert_cmpstr(r_, ==, expect);                   \
        g_free(r_);                                        \
    } while (0)

#define assert_fail(f, line) do {                          \
        char *r_ = run((f), (line));                       \
        if (!g_str_has_prefix(r_, "FAIL ") ||              \
            strchr(r_, '\n') != r_ + strlen(r_) - 1) {     \
            g_error("'%s' gave '%s'", (line), r_);         \
        }                                                  \
        g_free(r_);                                        \
    } while (0)

static void test_scalar(void)
{
    Fake *f = fake_new();

    assert_reply(f, "writeb 0x10 0x12", "OK\n");
    assert_reply(f, "readb 0x10", "OK 0x0000000000000012\n");
    assert_reply(f, "writew 0x10 0xbeef", "OK\n");
    g_assert_cmphex(f->ram[0x10], ==, 0xef);
    g_assert_cmphex(f->ram[0x11], ==, 0xbe);
    assert_reply(f, "writel 0x10 3735928559", "OK\n");     /* decimal */
    assert_reply(f, "readl 0x10", "OK 0x00000000deadbeef\n");
    assert_reply(f, "writeq 0x10 0x1122334455667788", "OK\n");
    assert_reply(f, "readq 0x10", "OK 0x1122334455667788\n");
    assert_reply(f, "readw 0x16", "OK 0x0000000000001122\n");
    assert_reply(f, "readq 0xfffffffffffffff8", "OK 0xffffffffffffffff\n");
    /* Values must fit the width. */
    assert_fail(f, "writeb 0x10 0x100");
    assert_fail(f, "writew 0x10 0x10000");
    assert_fail(f, "writel 0x10 0x100000000");
    assert_fail(f, "writeq 0x10 0x10000000000000000");
    /* Wrap-around. */
    assert_fail(f, "readq 0xfffffffffffffffc");
    assert_reply(f, "endianness", "OK little\n");
    fake_free(f);
}

static void test_io(void)
{
    Fake *f = fake_new();

    assert_reply(f, "outb 0x80 0x42", "OK\n");
    g_assert_cmpint(f->last_io_size, ==, 1);
    assert_reply(f, "inb 0x80", "OK 0x0042\n");
    assert_reply(f, "outw 0x70 0x1234", "OK\n");
    g_assert_cmpint(f->last_io_size, ==, 2);
    assert_reply(f, "inw 0x70", "OK 0x1234\n");
    assert_reply(f, "outl 0xcf8 0x80000000", "OK\n");
    g_assert_cmpint(f->last_io_size, ==, 4);
    assert_reply(f, "inl 0xcf8", "OK 0x80000000\n");
    assert_reply(f, "outb 0xffff 1", "OK\n");
    assert_fail(f, "outb 0x10000 1");
    assert_fail(f, "outb 0x80 256");
    assert_fail(f, "outw 0x80 0x10000");
    assert_fail(f, "inb");
    assert_fail(f, "inb 0x80 0x1");
    assert_fail(f, "outb 0x80");
    assert_fail(f, "inb -1");
    assert_fail(f, "inb 0x");
    assert_fail(f, "inb 0x80z");
    assert_fail(f, "inb 09");              /* not octal */
    fake_free(f);
}

static void test_bulk(void)
{
    Fake *f = fake_new();

    assert_reply(f, "write 0x100 3 0xaaBBcc", "OK\n");
    assert_reply(f, "read 0x100 3", "OK 0xaabbcc\n");
    assert_reply(f, "read 0x100 0", "OK 0x\n");
    assert_reply(f, "b64read 0x100 3", "OK qrvM\n");
    assert_reply(f, "b64write 0x200 2 AQI=", "OK\n");
    assert_reply(f, "b64write 0x202 2 AQI", "OK\n");        /* unpadded */
    assert_reply(f, "read 0x200 4", "OK 0x01020102\n");
    assert_reply(f, "b64read 0x200 1", "OK AQ==\n");
    assert_reply(f, "memset 0x300 4 0x5a", "OK\n");
    assert_reply(f, "read 0x2ff 6", "OK 0x005a5a5a5a00\n");
    assert_reply(f, "memset 0x300 0 0x5a", "OK\n");
    g_assert_cmpuint(f->memset_calls, ==, 1);

    assert_fail(f, "read");
    assert_fail(f, "read 0x100");
    assert_fail(f, "read 0x100 x");
    assert_fail(f, "read 0x100 -1");
    assert_fail(f, "read 0x100 0xffffffffffffffff");
    assert_fail(f, "read 0x100 0x800001");                 /* > max */
    assert_fail(f, "read 0xffffffffffffffff 2");           /* wraps */
    assert_fail(f, "write 0x100 2");
    assert_fail(f, "write 0x100 2 0x1");
    assert_fail(f, "write 0x100 2 0x123");
    assert_fail(f, "write 0x100 2 0x12345");
    assert_fail(f, "write 0x100 2 1234");
    assert_fail(f, "write 0x100 2 0xzz34");
    assert_fail(f, "write 0x100 1 0x112233");
    assert_fail(f, "write 0x100 0x800001 0x00");
    assert_fail(f, "b64write 0x100 4 !!!!");
    assert_fail(f, "b64write 0x100 4 AQI=");               /* 2 bytes */
    assert_fail(f, "b64write 0x100 1 AQI=");               /* too many */
    assert_fail(f, "b64write 0x100 1 A");
    assert_fail(f, "b64write 0x100 1 A===");
    assert_fail(f, "b64write 0x100 1 AQ=x");
    assert_fail(f, "b64read 0x100 99999999999");
    assert_fail(f, "memset 0x100 4");
    assert_fail(f, "memset 0x100 4 0x100");
    assert_fail(f, "memset 0x100 0xffffffffffff 1");
    /* Failed writes left memory alone. */
    assert_reply(f, "read 0x100 3", "OK 0xaabbcc\n");
    g_assert_cmpuint(f->memset_calls, ==, 1);
    fake_free(f);
}

static void test_clock(void)
{
    Fake *f = fake_new();

    assert_reply(f, "clock_step", "OK 0\n");               /* no timer */
    assert_reply(f, "clock_step 100", "OK 100\n");
    f->deadline = 1000;
    assert_reply(f, "clock_step", "IRQ raise 2\nOK 1000\n");
    assert_reply(f, "clock_set 5000", "OK 5000\n");
    assert_fail(f, "clock_set 4000");
    assert_fail(f, "clock_step -1");
    assert_fail(f, "clock_step x");
    assert_fail(f, "clock_step 1 2");
    assert_fail(f, "clock_step 0x8000000000000000");
    assert_fail(f, "clock_set");
    assert_fail(f, "clock_step 9223372036854775807");      /* overflow */
    assert_reply(f, "clock_step 0", "OK 5000\n");
    fake_free(f);
}

static void test_irq(void)
{
    Fake *f = fake_new();

    assert_fail(f, "irq_intercept_in");
    assert_fail(f, "irq_intercept_in /nope");
    assert_reply(f, "set_irq_in /dev/a unnamed 1 1", "OK\n");  /* silent */
    assert_reply(f, "irq_intercept_in /dev/a", "OK\n");
    assert_reply(f, "set_irq_in /dev/a unnamed 1 1", "IRQ raise 1\nOK\n");
    /* Same level again: no notice. */
    assert_reply(f, "set_irq_in /dev/a unnamed 1 1", "OK\n");
    assert_reply(f, "set_irq_in /dev/a unnamed-gpio-in 1 0",
                 "IRQ lower 1\nOK\n");
    assert_fail(f, "set_irq_in /dev/a unnamed 4 1");
    assert_fail(f, "set_irq_in /dev/a named 0 1");
    assert_fail(f, "set_irq_in /dev/a unnamed -1 1");
    assert_fail(f, "set_irq_in /dev/a unnamed 0 x");
    assert_fail(f, "set_irq_in /dev/a unnamed 0");
    assert_fail(f, "set_irq_in /dev/a unnamed 99999999999 1");
    fake_free(f);
}

static void test_framing(void)
{
    Fake *f = fake_new();
    char *r;

    assert_fail(f, "");
    assert_fail(f, "   ");
    assert_fail(f, "nope");
    assert_fail(f, "READB 0x10");
    /* Blanks and CR are separators. */
    assert_reply(f, "  writeb\t0x10   0x7  \r", "OK\n");
    assert_reply(f, "readb 0x10\r", "OK 0x0000000000000007\n");

    /* Several lines in one chunk, and one line split over chunks. */
    g_string_truncate(f->out, 0);
    qtest_proto_feed(f->p, (const uint8_t *)"readb 0x10\nreadb 0x10\nrea",
                     strlen("readb 0x10\nreadb 0x10\nrea"));
    qtest_proto_feed(f->p, (const uint8_t *)"db 0x10\n", 8);
    g_assert_cmpstr(f->out->str, ==,
                    "OK 0x0000000000000007\nOK 0x0000000000000007\n"
                    "OK 0x0000000000000007\n");

    /* NUL in the middle of a line. */
    g_string_truncate(f->out, 0);
    qtest_proto_feed(f->p, (const uint8_t *)"readb\0 0x10\n", 12);
    g_assert_true(g_str_has_prefix(f->out->str, "FAIL "));

    /* An over-long line is refused once, then the session goes on. */
    g_string_truncate(f->out, 0);
    {
        size_t chunk = 1 << 20;
        char *junk = g_malloc(chunk);
        memset(junk, 'a', chunk);
        for (size_t sent = 0; sent < QTEST_MAX_LINE + 2 * chunk;
             sent += chunk) {
            qtest_proto_feed(f->p, (const uint8_t *)junk, chunk);
        }
        g_free(junk);
    }
    g_assert_true(g_str_has_prefix(f->out->str, "FAIL "));
    g_assert_cmpint(strchr(f->out->str, '\n') - f->out->str + 1, ==,
                    (long)f->out->len);
    qtest_proto_feed(f->p, (const uint8_t *)"\n", 1);
    r = run(f, "readb 0x10");
    g_assert_cmpstr(r, ==, "OK 0x0000000000000007\n");
    g_free(r);
    fake_free(f);
}

/* Random garbage must never crash or get a non-FAIL/OK reply. */
static void test_fuzz(void)
{
    static const char *const pieces[] = {
        "read", "write", "b64read", "b64write", "memset", "readb", "writeq",
        "outb", "inl", "clock_step", "clock_set", "set_irq_in",
        "irq_intercept_in", "/dev/a", "unnamed", "0x", "0x10", "0xffff",
        "-1", "18446744073709551615", "18446744073709551616", "AQI=", "=",
        "0xzz", "1", "0", "  ", "\t", "\r", "99999999999999999999",
    };
    Fake *f = fake_new();
    GRand *rand = g_rand_new_with_seed(1234);

    for (int i = 0; i < 20000; i++) {
        GString *line = g_string_new(NULL);
        int n = g_rand_int_range(rand, 0, 6);
        for (int j = 0; j < n; j++) {
            g_string_append(line, pieces[g_rand_int_range(rand, 0,
                                                G_N_ELEMENTS(pieces))]);
            g_string_append_c(line, ' ');
        }
        char *r = run(f, line->str);
        /* Every line gets exactly one OK/FAIL, maybe after IRQ notices. */
        const char *last = r;
        for (const char *q = r; (q = strchr(q, '\n')) && q[1]; q++) {
            last = q + 1;
        }
        if (!g_str_has_prefix(last, "OK") && !g_str_has_prefix(last, "FAIL ")) {
            g_error("'%s' gave '%s'", line->str, r);
        }
        g_free(r);
        g_string_free(line, TRUE);
    }
    g_rand_free(rand);
    fake_free(f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qtest-proto/scalar", test_scalar);
    g_test_add_func("/qtest-proto/io", test_io);
    g_test_add_func("/qtest-proto/bulk", test_bulk);
    g_test_add_func("/qtest-proto/clock", test_clock);
    g_test_add_func("/qtest-proto/irq", test_irq);
    g_test_add_func("/qtest-proto/framing", test_framing);
    g_test_add_func("/qtest-proto/fuzz", test_fuzz);
    return g_test_run();
}
