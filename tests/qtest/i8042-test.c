/*
 * i8042 keyboard controller: self-test, interface tests, command byte,
 * keyboard and mouse command replies, IRQ 1 and the 0xFE reset pulse.
 *
 * Also runs against QEMU without a qtest accelerator: QTEST_ACCEL="tcg -S".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "libqtest.h"

#define DATA 0x60
#define CMD 0x64

#define ARGS "-machine pc"

static uint8_t read_data(QTestState *s)
{
    g_assert_cmphex(qtest_inb(s, CMD) & 0x01, ==, 0x01);    /* OBF */
    return qtest_inb(s, DATA);
}

static void test_self_test(void)
{
    QTestState *s = qtest_init(ARGS);

    g_assert_cmphex(qtest_inb(s, CMD) & 0x01, ==, 0);
    qtest_outb(s, CMD, 0xaa);
    g_assert_cmphex(read_data(s), ==, 0x55);
    g_assert_cmphex(qtest_inb(s, CMD) & 0x05, ==, 0x04);    /* SYS, empty */
    qtest_outb(s, CMD, 0xab);
    g_assert_cmphex(read_data(s), ==, 0x00);
    qtest_outb(s, CMD, 0xa9);
    g_assert_cmphex(read_data(s), ==, 0x00);
    qtest_quit(s);
}

static void test_command_byte(void)
{
    QTestState *s = qtest_init(ARGS);

    qtest_outb(s, CMD, 0x60);
    qtest_outb(s, DATA, 0x45);
    qtest_outb(s, CMD, 0x20);
    g_assert_cmphex(read_data(s), ==, 0x45);
    /* Disable/enable the mouse port flip bit 5. */
    qtest_outb(s, CMD, 0xa7);
    qtest_outb(s, CMD, 0x20);
    g_assert_cmphex(read_data(s), ==, 0x65);
    qtest_outb(s, CMD, 0xa8);
    qtest_outb(s, CMD, 0x20);
    g_assert_cmphex(read_data(s), ==, 0x45);
    /* Output port: not in reset, A20 on. */
    qtest_outb(s, CMD, 0xd0);
    g_assert_cmphex(read_data(s) & 0x03, ==, 0x03);
    qtest_quit(s);
}

static void test_keyboard(void)
{
    QTestState *s = qtest_init(ARGS);

    qtest_outb(s, CMD, 0x60);
    qtest_outb(s, DATA, 0x00);      /* no interrupts, no translation */
    qtest_outb(s, DATA, 0xff);
    g_assert_cmphex(read_data(s), ==, 0xfa);
    g_assert_cmphex(read_data(s), ==, 0xaa);
    g_assert_cmphex(qtest_inb(s, CMD) & 0x01, ==, 0);
    qtest_outb(s, DATA, 0xee);
    g_assert_cmphex(read_data(s), ==, 0xee);
    qtest_outb(s, DATA, 0xf2);
    g_assert_cmphex(read_data(s), ==, 0xfa);
    g_assert_cmphex(read_data(s), ==, 0xab);
    g_assert_cmphex(read_data(s), ==, 0x83);
    qtest_outb(s, DATA, 0xed);
    g_assert_cmphex(read_data(s), ==, 0xfa);
    qtest_outb(s, DATA, 0x07);
    g_assert_cmphex(read_data(s), ==, 0xfa);

    /* With translation the ID's second byte becomes set 1's 0x41. */
    qtest_outb(s, CMD, 0x60);
    qtest_outb(s, DATA, 0x40);
    qtest_outb(s, DATA, 0xf2);
    g_assert_cmphex(read_data(s), ==, 0xfa);
    g_assert_cmphex(read_data(s), ==, 0xab);
    g_assert_cmphex(read_data(s), ==, 0x41);
    qtest_quit(s);
}

static void test_mouse(void)
{
    QTestState *s = qtest_init(ARGS);

    qtest_outb(s, CMD, 0x60);
    qtest_outb(s, DATA, 0x00);
    qtest_outb(s, CMD, 0xd4);
    qtest_outb(s, DATA, 0xff);
    g_assert_cmphex(qtest_inb(s, CMD) & 0x21, ==, 0x21);    /* mouse byte */
    g_assert_cmphex(qtest_inb(s, DATA), ==, 0xfa);
    g_assert_cmphex(read_data(s), ==, 0xaa);
    g_assert_cmphex(read_data(s), ==, 0x00);
    qtest_outb(s, CMD, 0xd4);
    qtest_outb(s, DATA, 0xf2);
    g_assert_cmphex(read_data(s), ==, 0xfa);
    g_assert_cmphex(read_data(s), ==, 0x00);
    g_assert_cmphex(qtest_inb(s, CMD) & 0x21, ==, 0);
    qtest_quit(s);
}

static void test_kbd_irq(void)
{
    QTestState *s = qtest_init(ARGS);

    qtest_irq_intercept_in(s, "ioapic");
    qtest_outb(s, CMD, 0x60);
    qtest_outb(s, DATA, 0x01);      /* keyboard interrupt on */
    g_assert_false(qtest_get_irq(s, 1));
    qtest_outb(s, DATA, 0xee);
    g_assert_true(qtest_get_irq(s, 1));
    g_assert_cmphex(qtest_inb(s, DATA), ==, 0xee);
    g_assert_false(qtest_get_irq(s, 1));
    qtest_quit(s);
}

static void test_reset_pulse(void)
{
    QTestState *s = qtest_init(ARGS);
    JsonObject *ev;

    qtest_outb(s, CMD, 0xfe);
    ev = qtest_qmp_eventwait_ref(s, "RESET");
    g_assert_nonnull(ev);
    json_object_unref(ev);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/i8042/self-test", test_self_test);
    qtest_add_func("/i8042/command-byte", test_command_byte);
    qtest_add_func("/i8042/keyboard", test_keyboard);
    qtest_add_func("/i8042/mouse", test_mouse);
    qtest_add_func("/i8042/kbd-irq", test_kbd_irq);
    qtest_add_func("/i8042/reset-pulse", test_reset_pulse);
    return g_test_run();
}
