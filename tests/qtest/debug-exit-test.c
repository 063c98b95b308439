/*
 * isa-debug-exit: a guest write of v exits with status (v << 1) | 1, at
 * any offset of the iobase/iosize window and with any access width.
 *
 * Also runs against QEMU without a qtest accelerator: QTEST_ACCEL="tcg -S".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "libqtest.h"

static void check_exit(const char *args, int width, uint16_t port,
                       uint32_t val, int want)
{
    QTestState *s = qtest_init(args);

    switch (width) {
    case 1:
        qtest_outb(s, port, val);
        break;
    case 2:
        qtest_outw(s, port, val);
        break;
    default:
        qtest_outl(s, port, val);
        break;
    }
    g_assert_cmpint(qtest_wait_qemu(s), ==, want);
    qtest_quit(s);
}

static void test_write_zero(void)
{
    check_exit("-machine pc -device isa-debug-exit", 1, 0x501, 0, 1);
}

static void test_write_five(void)
{
    check_exit("-machine pc -device isa-debug-exit", 1, 0x501, 5, 11);
}

static void test_second_port(void)
{
    /* iosize=2 by default: 0x502 is the second byte. */
    check_exit("-machine pc -device isa-debug-exit", 1, 0x502, 3, 7);
}

static void test_word_write(void)
{
    /* Only the low 8 bits of the status survive exit(). */
    check_exit("-machine pc -device isa-debug-exit", 2, 0x501, 0x105, 11);
}

static void test_properties(void)
{
    check_exit("-machine pc -device isa-debug-exit,iobase=0x600,iosize=4",
               1, 0x603, 0x10, 33);
}

static void test_outside_window(void)
{
    /* A write next to the window must not exit. */
    QTestState *s = qtest_init("-machine pc -device "
                               "isa-debug-exit,iobase=0x600,iosize=1");

    qtest_outb(s, 0x601, 7);
    g_assert_true(qtest_probe_child(s));
    g_assert_cmpint(qtest_inb(s, 0x600), ==, 0);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/debug-exit/write-0", test_write_zero);
    qtest_add_func("/debug-exit/write-5", test_write_five);
    qtest_add_func("/debug-exit/second-port", test_second_port);
    qtest_add_func("/debug-exit/word", test_word_write);
    qtest_add_func("/debug-exit/iobase-iosize", test_properties);
    qtest_add_func("/debug-exit/outside-window", test_outside_window);
    return g_test_run();
}
