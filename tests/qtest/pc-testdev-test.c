/*
 * pc-testdev: the 0xe0 scratch register (byte lanes of one dword, also at
 * 0xe8), the 0xe4 flush port, the IRQ lines at 0x2000 + n and the MMIO
 * scratch at 0xff000000.
 *
 * Also runs against QEMU without a qtest accelerator: QTEST_ACCEL="tcg -S".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "libqtest.h"

#define ARGS "-machine pc -device pc-testdev"

static void test_ioport(void)
{
    QTestState *s = qtest_init(ARGS);

    qtest_outl(s, 0xe0, 0x12345678);
    g_assert_cmphex(qtest_inl(s, 0xe0), ==, 0x12345678);
    qtest_outb(s, 0xe0, 0xab);
    g_assert_cmphex(qtest_inl(s, 0xe0), ==, 0x123456ab);
    g_assert_cmphex(qtest_inb(s, 0xe1), ==, 0x56);
    qtest_outw(s, 0xe2, 0xcdef);
    g_assert_cmphex(qtest_inl(s, 0xe0), ==, 0xcdef56ab);
    g_assert_cmphex(qtest_inw(s, 0xe2), ==, 0xcdef);
    g_assert_cmphex(qtest_inb(s, 0xe3), ==, 0xcd);
    qtest_quit(s);
}

static void test_ioport_byte(void)
{
    QTestState *s = qtest_init(ARGS);

    /* 0xe8 is the same register, reached byte by byte. */
    qtest_outl(s, 0xe0, 0xcafef00d);
    g_assert_cmphex(qtest_inl(s, 0xe8), ==, 0xcafef00d);
    qtest_outl(s, 0xe8, 0x55667788);
    g_assert_cmphex(qtest_inl(s, 0xe0), ==, 0x55667788);
    qtest_outb(s, 0xe9, 0x05);
    g_assert_cmphex(qtest_inl(s, 0xe8), ==, 0x55660588);
    g_assert_cmphex(qtest_inw(s, 0xe8), ==, 0x0588);
    qtest_quit(s);
}

static void test_flush_port(void)
{
    QTestState *s = qtest_init(ARGS);

    g_assert_cmphex(qtest_inl(s, 0xe4), ==, 0);
    /* Flushing a RAM page keeps its contents. */
    qtest_writel(s, 0x100000, 0xdeadbeef);
    qtest_outl(s, 0xe4, 0x100000);
    g_assert_cmphex(qtest_readl(s, 0x100000), ==, 0xdeadbeef);
    g_assert_cmphex(qtest_inl(s, 0xe4), ==, 0);
    qtest_quit(s);
}

static void test_iomem(void)
{
    QTestState *s = qtest_init(ARGS);

    g_assert_cmphex(qtest_readl(s, 0xff000000), ==, 0);
    qtest_writel(s, 0xff000000, 0xdeadbeef);
    g_assert_cmphex(qtest_readl(s, 0xff000000), ==, 0xdeadbeef);
    g_assert_cmphex(qtest_readb(s, 0xff000001), ==, 0xbe);
    qtest_writeq(s, 0xff00fff8, 0x0123456789abcdefULL);
    g_assert_cmphex(qtest_readq(s, 0xff00fff8), ==, 0x0123456789abcdefULL);
    g_assert_cmphex(qtest_readw(s, 0xff00fffe), ==, 0x0123);
    qtest_quit(s);
}

static void test_irq_lines(void)
{
    QTestState *s = qtest_init(ARGS);

    qtest_irq_intercept_in(s, "ioapic");
    g_assert_false(qtest_get_irq(s, 5));
    qtest_outb(s, 0x2005, 1);
    g_assert_true(qtest_get_irq(s, 5));
    qtest_outb(s, 0x2005, 0);
    g_assert_false(qtest_get_irq(s, 5));
    qtest_outb(s, 0x200a, 1);
    g_assert_true(qtest_get_irq(s, 10));
    g_assert_false(qtest_get_irq(s, 5));
    qtest_outb(s, 0x200a, 0);
    g_assert_false(qtest_get_irq(s, 10));
    g_assert_cmphex(qtest_inb(s, 0x2005), ==, 0);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/pc-testdev/ioport", test_ioport);
    qtest_add_func("/pc-testdev/ioport-byte", test_ioport_byte);
    qtest_add_func("/pc-testdev/flush-page", test_flush_port);
    qtest_add_func("/pc-testdev/iomem", test_iomem);
    qtest_add_func("/pc-testdev/irq-lines", test_irq_lines);
    return g_test_run();
}
