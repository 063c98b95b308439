/*
 * 82093AA I/O APIC: ID/version/arbitration registers, redirection table
 * read/write with read-only bits, and Remote IRR of level-triggered
 * entries cleared by the version-0x20 EOI register.
 *
 * Also runs against QEMU without a qtest accelerator: QTEST_ACCEL="tcg -S".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "libqtest.h"

#define IOAPIC_BASE 0xfec00000ULL
#define IOREGSEL (IOAPIC_BASE + 0x00)
#define IOWIN    (IOAPIC_BASE + 0x10)
#define IOEOI    (IOAPIC_BASE + 0x40)

#define REMOTE_IRR (1u << 14)

/* set_irq_in on the unnamed GPIO input list, QEMU's "unnamed-gpio-in". */
static void set_irq_in_unnamed(QTestState *s, const char *path, int num,
                               int level)
{
    qtest_set_irq_in(s, path, "unnamed-gpio-in", num, level);
}

static uint32_t ioapic_read(QTestState *s, uint8_t reg)
{
    qtest_writeb(s, IOREGSEL, reg);
    return qtest_readl(s, IOWIN);
}

static void ioapic_write(QTestState *s, uint8_t reg, uint32_t val)
{
    qtest_writeb(s, IOREGSEL, reg);
    qtest_writel(s, IOWIN, val);
}

static void test_id_version(void)
{
    QTestState *s = qtest_init("-machine pc");

    /* version 0x20, 24 entries (max redirection entry 23) */
    g_assert_cmphex(ioapic_read(s, 0x01), ==, 0x00170020);
    /* version is read-only */
    ioapic_write(s, 0x01, 0);
    g_assert_cmphex(ioapic_read(s, 0x01), ==, 0x00170020);

    g_assert_cmphex(ioapic_read(s, 0x00), ==, 0);
    ioapic_write(s, 0x00, 0xffffffff);
    g_assert_cmphex(ioapic_read(s, 0x00), ==, 0x0f000000);   /* 4-bit ID */
    /* the arbitration ID follows the ID and is read-only */
    ioapic_write(s, 0x02, 0);
    g_assert_cmphex(ioapic_read(s, 0x02), ==, 0x0f000000);
    ioapic_write(s, 0x00, 0x02000000);
    g_assert_cmphex(ioapic_read(s, 0x00), ==, 0x02000000);

    /* IOREGSEL holds one byte */
    qtest_writel(s, IOREGSEL, 0x12345610);
    g_assert_cmphex(qtest_readl(s, IOREGSEL), ==, 0x10);

    /* registers past the table read as 0 */
    g_assert_cmphex(ioapic_read(s, 0x03), ==, 0);
    g_assert_cmphex(ioapic_read(s, 0x40), ==, 0);
    g_assert_cmphex(ioapic_read(s, 0xff), ==, 0);
    qtest_quit(s);
}

static void test_redirection_table(void)
{
    QTestState *s = qtest_init("-machine pc");
    int pin;

    /* every entry starts masked */
    for (pin = 0; pin < 24; pin++) {
        g_assert_cmphex(ioapic_read(s, 0x10 + 2 * pin), ==, 0x00010000);
        g_assert_cmphex(ioapic_read(s, 0x11 + 2 * pin), ==, 0);
    }
    for (pin = 0; pin < 24; pin++) {
        ioapic_write(s, 0x10 + 2 * pin, 0x00010000 | (0x30 + pin));
        ioapic_write(s, 0x11 + 2 * pin, (uint32_t)pin << 24);
    }
    for (pin = 0; pin < 24; pin++) {
        g_assert_cmphex(ioapic_read(s, 0x10 + 2 * pin), ==,
                        0x00010000 | (0x30 + pin));
        g_assert_cmphex(ioapic_read(s, 0x11 + 2 * pin), ==,
                        (uint32_t)pin << 24);
    }
    /* delivery status (12) and Remote IRR (14) are read-only */
    ioapic_write(s, 0x10, 0xffffffff);
    g_assert_cmphex(ioapic_read(s, 0x10), ==, 0xffffafff);
    ioapic_write(s, 0x10, 0x00010000);
    ioapic_write(s, 0x11, 0xff000000);
    g_assert_cmphex(ioapic_read(s, 0x11), ==, 0xff000000);
    /* the neighbour was not touched */
    g_assert_cmphex(ioapic_read(s, 0x12), ==, 0x00010031);
    qtest_quit(s);
}

static void test_level_remote_irr(void)
{
    QTestState *s = qtest_init("-machine pc");
    const int pin = 10;
    const uint8_t reg = 0x10 + 2 * pin;

    /* level-triggered, active high, fixed, physical dest 0, vector 0x5a */
    ioapic_write(s, reg + 1, 0);
    ioapic_write(s, reg, 0x0000805a);
    g_assert_cmphex(ioapic_read(s, reg) & REMOTE_IRR, ==, 0);

    set_irq_in_unnamed(s, "ioapic", pin, 1);
    g_assert_cmphex(ioapic_read(s, reg) & REMOTE_IRR, ==, REMOTE_IRR);

    /* EOI of another vector changes nothing */
    qtest_writel(s, IOEOI, 0x5b);
    g_assert_cmphex(ioapic_read(s, reg) & REMOTE_IRR, ==, REMOTE_IRR);
    /* EOI while the line is still high re-delivers */
    qtest_writel(s, IOEOI, 0x5a);
    g_assert_cmphex(ioapic_read(s, reg) & REMOTE_IRR, ==, REMOTE_IRR);
    set_irq_in_unnamed(s, "ioapic", pin, 0);
    g_assert_cmphex(ioapic_read(s, reg) & REMOTE_IRR, ==, REMOTE_IRR);
    qtest_writel(s, IOEOI, 0x5a);
    g_assert_cmphex(ioapic_read(s, reg) & REMOTE_IRR, ==, 0);

    /* masked: no delivery, so no Remote IRR */
    ioapic_write(s, reg, 0x0001805a);
    set_irq_in_unnamed(s, "ioapic", pin, 1);
    g_assert_cmphex(ioapic_read(s, reg) & REMOTE_IRR, ==, 0);
    /* unmasking an asserted level entry delivers it */
    ioapic_write(s, reg, 0x0000805a);
    g_assert_cmphex(ioapic_read(s, reg) & REMOTE_IRR, ==, REMOTE_IRR);
    set_irq_in_unnamed(s, "ioapic", pin, 0);
    qtest_writel(s, IOEOI, 0x5a);

    /* edge-triggered entries never show Remote IRR */
    ioapic_write(s, reg, 0x0000005a);
    set_irq_in_unnamed(s, "ioapic", pin, 1);
    g_assert_cmphex(ioapic_read(s, reg) & REMOTE_IRR, ==, 0);
    set_irq_in_unnamed(s, "ioapic", pin, 0);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/ioapic/id-version", test_id_version);
    qtest_add_func("/ioapic/redirection-table", test_redirection_table);
    qtest_add_func("/ioapic/level-remote-irr", test_level_remote_irr);
    return g_test_run();
}
