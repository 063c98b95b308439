/*
 * Tests of the qtest protocol itself (both libqtest and the server).
 *
 * Also runs against another emulator binary: with a binary that has no
 * qtest accelerator, set QTEST_ACCEL (e.g. "tcg -S") and the clock tests
 * are skipped.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "libqtest.h"

#define MACHINE "-machine pc -m 16M"

static bool have_qtest_accel(void)
{
    const char *accel = getenv("QTEST_ACCEL");

    return !accel || !strcmp(accel, "qtest");
}

/* Real QEMU aborts on some malformed lines; those checks are ours only. */
static bool server_is_vireo(void)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");

    return bin && strstr(bin, "vireo");
}

static void test_mem_scalar(void)
{
    QTestState *s = qtest_init(MACHINE);

    qtest_writeb(s, 0x1000, 0x5a);
    g_assert_cmphex(qtest_readb(s, 0x1000), ==, 0x5a);
    qtest_writew(s, 0x1000, 0xbeef);
    g_assert_cmphex(qtest_readw(s, 0x1000), ==, 0xbeef);
    g_assert_cmphex(qtest_readb(s, 0x1000), ==, 0xef);   /* little-endian */
    qtest_writel(s, 0x1000, 0xdeadbeef);
    g_assert_cmphex(qtest_readl(s, 0x1000), ==, 0xdeadbeef);
    qtest_writeq(s, 0x1000, 0x0123456789abcdefULL);
    g_assert_cmphex(qtest_readq(s, 0x1000), ==, 0x0123456789abcdefULL);
    g_assert_cmphex(qtest_readl(s, 0x1004), ==, 0x01234567);
    g_assert_false(qtest_big_endian(s));
    qtest_quit(s);
}

static void test_mem_bulk(void)
{
    QTestState *s = qtest_init(MACHINE);
    uint8_t out[300], in[300];

    for (size_t i = 0; i < sizeof(out); i++) {
        out[i] = (uint8_t)(i * 7 + 3);
    }

    /* hex */
    qtest_memwrite(s, 0x1000, out, sizeof(out));
    memset(in, 0, sizeof(in));
    qtest_memread(s, 0x1000, in, sizeof(in));
    g_assert_cmpmem(in, sizeof(in), out, sizeof(out));

    /* base64, and mixing the two encodings */
    for (size_t i = 0; i < sizeof(out); i++) {
        out[i] ^= 0xa5;
    }
    qtest_bufwrite(s, 0x2001, out, sizeof(out));
    memset(in, 0, sizeof(in));
    qtest_bufread(s, 0x2001, in, sizeof(in));
    g_assert_cmpmem(in, sizeof(in), out, sizeof(out));
    qtest_memread(s, 0x2001, in, 5);
    g_assert_cmpmem(in, 5, out, 5);
    /* odd sizes exercise base64 padding */
    qtest_bufread(s, 0x2002, in, 1);
    g_assert_cmphex(in[0], ==, out[1]);
    qtest_bufread(s, 0x2002, in, 2);
    g_assert_cmpmem(in, 2, out + 1, 2);

    /* memset */
    qtest_memset(s, 0x3000, 0xcc, 64);
    qtest_memread(s, 0x2fff, in, 66);
    g_assert_cmphex(in[0], ==, 0);
    for (int i = 1; i <= 64; i++) {
        g_assert_cmphex(in[i], ==, 0xcc);
    }
    g_assert_cmphex(in[65], ==, 0);
    qtest_quit(s);
}

/* Large transfers in both encodings, across page boundaries. */
static void test_mem_large(void)
{
    QTestState *s = qtest_init(MACHINE);
    size_t size = 1 << 20;
    uint8_t *out = g_malloc(size), *in = g_malloc(size);
    GRand *rand = g_rand_new_with_seed(42);

    for (size_t i = 0; i < size; i++) {
        out[i] = (uint8_t)g_rand_int(rand);
    }
    qtest_bufwrite(s, 0x100123, out, size);
    qtest_memread(s, 0x100123, in, size);
    g_assert_true(memcmp(in, out, size) == 0);
    for (size_t i = 0; i < size; i++) {
        out[i] = ~out[i];
    }
    qtest_memwrite(s, 0x200321, out, size);
    qtest_bufread(s, 0x200321, in, size);
    g_assert_true(memcmp(in, out, size) == 0);
    g_rand_free(rand);
    g_free(out);
    g_free(in);
    qtest_quit(s);
}

static void test_io(void)
{
    QTestState *s = qtest_init(MACHINE);

    /* Port 0x80 is the POST diagnostic port; writes must be accepted. */
    qtest_outb(s, 0x80, 0x42);
    (void)qtest_inb(s, 0x80);
    qtest_outw(s, 0x80, 0x1234);
    (void)qtest_inw(s, 0x80);
    qtest_outl(s, 0x80, 0x12345678);
    (void)qtest_inl(s, 0x80);
    /* The session is still in step after all that. */
    qtest_writeb(s, 0x1000, 0x77);
    g_assert_cmphex(qtest_readb(s, 0x1000), ==, 0x77);
    qtest_quit(s);
}

static void test_clock(void)
{
    QTestState *s;
    int64_t t0, t1, t2;

    if (!have_qtest_accel()) {
        g_test_skip("QTEST_ACCEL is not qtest: the clock is not ours to move");
        return;
    }
    s = qtest_init(MACHINE);
    t0 = qtest_clock_step(s, 0);
    t1 = qtest_clock_step(s, 1000);
    g_assert_cmpint(t1, ==, t0 + 1000);
    t2 = qtest_clock_step(s, 1);
    g_assert_cmpint(t2, ==, t1 + 1);
    g_assert_cmpint(qtest_clock_set(s, t2 + 5000000), ==, t2 + 5000000);
    /* The clock does not move on its own. */
    g_usleep(20 * 1000);
    g_assert_cmpint(qtest_clock_step(s, 0), ==, t2 + 5000000);
    /* To the next timer, if any: never backwards. */
    g_assert_cmpint(qtest_clock_step_next(s), >=, t2 + 5000000);
    if (server_is_vireo()) {
        char *reply = qtest_raw_cmd(s, "clock_set 0");
        g_assert_true(g_str_has_prefix(reply, "FAIL"));
        g_free(reply);
    }
    qtest_quit(s);
}

static void assert_rejected(QTestState *s, const char *cmd)
{
    char *reply = qtest_raw_cmd(s, "%s", cmd);

    if (!g_str_has_prefix(reply, "FAIL") && !g_str_has_prefix(reply, "ERR")) {
        g_error("'%s' was accepted: %s", cmd, reply);
    }
    g_free(reply);
}

static void test_invalid(void)
{
    QTestState *s = qtest_init(MACHINE);

    assert_rejected(s, "invalid");
    assert_rejected(s, "readbogus 0x1000");
    if (server_is_vireo()) {
        static const char *const bad[] = {
            "", "   ", "read", "read 0x1000", "read zz 4", "read 0x1000 -1",
            "read 0x1000 0xffffffffffffffff", "read 0x1000 999999999999",
            "write 0x1000 2", "write 0x1000 2 0x1", "write 0x1000 2 0xzzzz",
            "write 0x1000 1 0x112233", "b64write 0x1000 4 !!!",
            "b64read 0x1000 99999999999", "memset 0x1000 4",
            "memset 0x1000 0xffffffffffff 0x1", "readb", "writeb 0x1000",
            "outb", "outb 0x10000 1", "inb 0x80 extra junk",
            "clock_step -5", "clock_step abc", "clock_set", "clock_set x",
            "irq_intercept_in", "irq_intercept_in /no/such/device",
            "set_irq_in /no/such unnamed 0 1", "set_irq_in", "readq 0x1000 1",
        };
        for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
            assert_rejected(s, bad[i]);
        }
    }
    if (server_is_vireo()) {
        /* A line longer than any command may be is refused, not stored. */
        size_t len = 40u << 20;
        char *big = g_malloc(len + 1);
        memset(big, 'a', len);
        big[len] = '\0';
        assert_rejected(s, big);
        g_free(big);
    }
    /* Still alive and in step. */
    qtest_writel(s, 0x1000, 0xcafef00d);
    g_assert_cmphex(qtest_readl(s, 0x1000), ==, 0xcafef00d);
    g_assert_true(qtest_probe_child(s));
    qtest_quit(s);
}

static void test_irq(void)
{
    QTestState *s = qtest_init(MACHINE);
    char *reply;

    /* A partial QOM path, resolved by the server; the I/O APIC has 24
     * inputs on the unnamed list. */
    qtest_irq_intercept_in(s, "ioapic");
    /* Intercepting the same device again is harmless. */
    qtest_irq_intercept_in(s, "ioapic");
    g_assert_false(qtest_get_irq(s, 5));
    qtest_set_irq_in(s, "ioapic", NULL, 5, 1);
    g_assert_true(qtest_get_irq(s, 5));
    g_assert_false(qtest_get_irq(s, 6));
    qtest_set_irq_in(s, "ioapic", NULL, 6, 1);
    qtest_set_irq_in(s, "ioapic", NULL, 5, 0);
    g_assert_false(qtest_get_irq(s, 5));
    g_assert_true(qtest_get_irq(s, 6));
    /* Replies stay in step with the IRQ notices. */
    qtest_writeb(s, 0x1000, 0x33);
    g_assert_cmphex(qtest_readb(s, 0x1000), ==, 0x33);
    if (server_is_vireo()) {
        /* Only one device at a time (QEMU would abort on some of these). */
        reply = qtest_raw_cmd(s, "irq_intercept_out ioapic");
        g_assert_true(g_str_has_prefix(reply, "FAIL"));
        g_free(reply);
        reply = qtest_raw_cmd(s, "set_irq_in ioapic unnamed-gpio-in 24 1");
        g_assert_true(g_str_has_prefix(reply, "FAIL"));
        g_free(reply);
        reply = qtest_raw_cmd(s, "set_irq_in ioapic no-such-list 0 1");
        g_assert_true(g_str_has_prefix(reply, "FAIL"));
        g_free(reply);
    }
    qtest_quit(s);
}

static void test_qmp(void)
{
    QTestState *s = qtest_init(MACHINE);
    JsonObject *resp, *err;
    JsonNode *ret;

    ret = qtest_qmp_assert_success(s, "{'execute': 'query-status'}");
    g_assert_true(JSON_NODE_HOLDS_OBJECT(ret));
    g_assert_true(json_object_has_member(json_node_get_object(ret), "status"));
    g_assert_true(json_object_has_member(json_node_get_object(ret),
                                         "running"));

    resp = qtest_qmp(s, "{'execute': 'no-such-command-%d'}", 42);
    g_assert_false(json_object_has_member(resp, "return"));
    err = json_object_get_object_member(resp, "error");
    g_assert_nonnull(err);
    g_assert_cmpstr(json_object_get_string_member(err, "class"), ==,
                    "CommandNotFound");
    json_object_unref(resp);

    /* An "id" comes back with the reply. */
    resp = qtest_qmp(s, "{'execute': 'query-status', 'id': 'x%d'}", 7);
    g_assert_cmpstr(json_object_get_string_member(resp, "id"), ==, "x7");
    json_object_unref(resp);

    /* Malformed JSON gets an error and the monitor keeps working. */
    qtest_qmp_send_raw(s, "{'execute': }\n");
    resp = qtest_qmp_receive(s);
    g_assert_true(json_object_has_member(resp, "error"));
    json_object_unref(resp);
    qtest_qmp_assert_success(s, "{'execute': 'query-status'}");

    /* qtest and QMP are independent channels of the same session. */
    qtest_writeb(s, 0x1000, 0x11);
    g_assert_cmphex(qtest_readb(s, 0x1000), ==, 0x11);
    qtest_quit(s);
}

static void test_quit_event(void)
{
    QTestState *s = qtest_init(MACHINE);
    JsonObject *ev;

    qtest_qmp_send(s, "{'execute': 'quit'}");
    ev = qtest_qmp_eventwait_ref(s, "SHUTDOWN");
    g_assert_true(json_object_has_member(ev, "timestamp"));
    json_object_unref(ev);
    g_assert_cmpint(qtest_wait_qemu(s), ==, 0);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/protocol/mem/scalar", test_mem_scalar);
    qtest_add_func("/protocol/mem/bulk", test_mem_bulk);
    qtest_add_func("/protocol/mem/large", test_mem_large);
    qtest_add_func("/protocol/io", test_io);
    qtest_add_func("/protocol/irq", test_irq);
    qtest_add_func("/protocol/clock", test_clock);
    qtest_add_func("/protocol/invalid", test_invalid);
    qtest_add_func("/protocol/qmp", test_qmp);
    qtest_add_func("/protocol/quit-event", test_quit_event);
    return g_test_run();
}
