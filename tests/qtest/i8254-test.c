/*
 * 8254 PIT: counter programming (LSB, MSB, word, BCD), counter latch,
 * read-back status, and with the qtest clock: mode 2 rate, mode 0 OUT on
 * IRQ 0 (IOAPIC pin 2), channel 2 gated through port 0x61.
 *
 * Also runs against QEMU without a qtest accelerator: QTEST_ACCEL="tcg -S"
 * (the clock tests are skipped then).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "libqtest.h"

#define PIT_FREQ 1193182LL
#define CTRL 0x43

static bool have_qtest_accel(void)
{
    const char *accel = getenv("QTEST_ACCEL");

    return !accel || !strcmp(accel, "qtest");
}

static uint16_t latch_word(QTestState *s, int ch)
{
    uint16_t v;

    qtest_outb(s, CTRL, ch << 6);           /* counter latch command */
    v = qtest_inb(s, 0x40 + ch);
    v |= qtest_inb(s, 0x40 + ch) << 8;
    return v;
}

static uint8_t read_status(QTestState *s, int ch)
{
    qtest_outb(s, CTRL, 0xe0 | (2 << ch));  /* read-back, status only */
    return qtest_inb(s, 0x40 + ch);
}

static void test_reset_state(void)
{
    QTestState *s = qtest_init("-machine pc");
    int ch;

    for (ch = 0; ch < 3; ch++) {
        /* mode 3, binary, OUT high */
        g_assert_cmphex(read_status(s, ch) & 0x8f, ==, 0x86);
    }
    qtest_quit(s);
}

static void test_program_word(void)
{
    QTestState *s = qtest_init("-machine pc");

    qtest_outb(s, CTRL, 0x34);              /* ch0, LSB+MSB, mode 2 */
    qtest_outb(s, 0x40, 0x34);
    qtest_outb(s, 0x40, 0x12);
    g_assert_cmphex(read_status(s, 0) & 0x3f, ==, 0x34);
    g_assert_cmphex(latch_word(s, 0), ==, 0x1234);

    /* direct reads alternate LSB, MSB */
    g_assert_cmphex(qtest_inb(s, 0x40), ==, 0x34);
    g_assert_cmphex(qtest_inb(s, 0x40), ==, 0x12);

    /* modes 6 and 7 are read back as programmed */
    qtest_outb(s, CTRL, 0x3c);              /* mode 6 (= 2) */
    qtest_outb(s, 0x40, 0x00);
    qtest_outb(s, 0x40, 0x10);
    g_assert_cmphex(read_status(s, 0) & 0x3f, ==, 0x3c);
    qtest_quit(s);
}

static void test_program_byte(void)
{
    QTestState *s = qtest_init("-machine pc");

    qtest_outb(s, CTRL, 0x50);              /* ch1, LSB only, mode 0 */
    qtest_outb(s, 0x41, 0x80);
    g_assert_cmphex(read_status(s, 1) & 0x3f, ==, 0x10);
    g_assert_cmphex(qtest_inb(s, 0x41), ==, 0x80);
    g_assert_cmphex(qtest_inb(s, 0x41), ==, 0x80);

    qtest_outb(s, CTRL, 0x66);              /* ch1, MSB only, mode 3 */
    qtest_outb(s, 0x41, 0x12);
    g_assert_cmphex(read_status(s, 1) & 0x3f, ==, 0x26);
    g_assert_cmphex(qtest_inb(s, 0x41), ==, 0x12);
    qtest_quit(s);
}

static void test_bcd(void)
{
    QTestState *s = qtest_init("-machine pc");

    qtest_outb(s, CTRL, 0xb1);              /* ch2, word, mode 0, BCD */
    qtest_outb(s, 0x42, 0x99);
    qtest_outb(s, 0x42, 0x12);
    g_assert_cmphex(read_status(s, 2) & 0x3f, ==, 0x31);
    g_assert_cmphex(latch_word(s, 2), ==, 0x1299);
    qtest_quit(s);
}

static void test_latch(void)
{
    QTestState *s = qtest_init("-machine pc");

    qtest_outb(s, CTRL, 0x70);              /* ch1, word, mode 0 */
    qtest_outb(s, 0x41, 0xcd);
    qtest_outb(s, 0x41, 0xab);
    qtest_outb(s, CTRL, 0x40);              /* latch ch1 */
    g_assert_cmphex(qtest_inb(s, 0x41), ==, 0xcd);
    /* a second latch before the first is read out is ignored */
    qtest_outb(s, 0x41, 0x11);              /* reload LSB ... */
    qtest_outb(s, 0x41, 0x22);              /* ... and MSB: 0x2211 */
    qtest_outb(s, CTRL, 0x40);
    g_assert_cmphex(qtest_inb(s, 0x41), ==, 0xab);
    /* latch consumed: the new count shows */
    g_assert_cmphex(latch_word(s, 1), ==, 0x2211);

    /* read-back latching status and count: status comes first */
    qtest_outb(s, CTRL, 0xc4);              /* !COUNT=0 !STATUS=0, ch1 */
    g_assert_cmphex(qtest_inb(s, 0x41) & 0x3f, ==, 0x30);
    g_assert_cmphex(qtest_inb(s, 0x41), ==, 0x11);
    g_assert_cmphex(qtest_inb(s, 0x41), ==, 0x22);
    qtest_quit(s);
}

/* ---- with the virtual clock ---------------------------------------- */

static int64_t ticks_to_ns(int64_t ticks)
{
    return (ticks * 1000000000LL + PIT_FREQ - 1) / PIT_FREQ;
}

static void test_mode2_rate(void)
{
    QTestState *s;
    int64_t ticks;
    int count;

    if (!have_qtest_accel()) {
        g_test_skip("needs the qtest accelerator's clock");
        return;
    }
    s = qtest_init("-machine pc");
    qtest_outb(s, CTRL, 0x34);
    qtest_outb(s, 0x40, 1000 & 0xff);
    qtest_outb(s, 0x40, 1000 >> 8);
    qtest_clock_step(s, 1000000);           /* 1 ms = 1193 ticks */
    ticks = 1000000LL * PIT_FREQ / 1000000000LL;
    count = latch_word(s, 0);
    g_assert_cmpint(count, ==, 1000 - ticks % 1000);

    /* 100 more periods later it is back to the same phase */
    qtest_clock_step(s, ticks_to_ns(100 * 1000));
    g_assert_cmpint(abs(latch_word(s, 0) - count), <=, 1);
    qtest_quit(s);
}

static void test_mode0_irq(void)
{
    QTestState *s;

    if (!have_qtest_accel()) {
        g_test_skip("needs the qtest accelerator's clock");
        return;
    }
    s = qtest_init("-machine pc");
    /* ISA IRQ 0 reaches the IOAPIC on pin 2 */
    qtest_irq_intercept_in(s, "ioapic");
    qtest_outb(s, CTRL, 0x30);              /* ch0, word, mode 0 */
    qtest_outb(s, 0x40, 1193 & 0xff);
    qtest_outb(s, 0x40, 1193 >> 8);
    g_assert_false(qtest_get_irq(s, 2));
    qtest_clock_step(s, 900000);
    g_assert_false(qtest_get_irq(s, 2));
    g_assert_cmphex(read_status(s, 0) & 0x80, ==, 0);
    qtest_clock_step(s, 200000);
    g_assert_true(qtest_get_irq(s, 2));
    g_assert_cmphex(read_status(s, 0) & 0x80, ==, 0x80);
    /* reprogramming mode 0 drives OUT low again */
    qtest_outb(s, CTRL, 0x30);
    g_assert_false(qtest_get_irq(s, 2));
    qtest_quit(s);
}

static void test_gate_port61(void)
{
    QTestState *s;
    uint8_t r1, r2;
    int i;
    bool toggled = false;

    if (!have_qtest_accel()) {
        g_test_skip("needs the qtest accelerator's clock");
        return;
    }
    s = qtest_init("-machine pc");
    qtest_outb(s, 0x61, 0x00);              /* gate 2 low */
    qtest_outb(s, CTRL, 0xb0);              /* ch2, word, mode 0 */
    qtest_outb(s, 0x42, 100);
    qtest_outb(s, 0x42, 0);
    qtest_clock_step(s, 1000000);
    /* held by the gate: count unchanged, OUT low */
    g_assert_cmpint(latch_word(s, 2), ==, 100);
    g_assert_cmphex(qtest_inb(s, 0x61) & 0x21, ==, 0x00);

    qtest_outb(s, 0x61, 0x01);              /* gate 2 high */
    g_assert_cmphex(qtest_inb(s, 0x61) & 0x01, ==, 0x01);
    qtest_clock_step(s, ticks_to_ns(50));
    g_assert_cmpint(latch_word(s, 2), ==, 50);
    g_assert_cmphex(qtest_inb(s, 0x61) & 0x20, ==, 0x00);
    qtest_clock_step(s, ticks_to_ns(50));
    g_assert_cmphex(qtest_inb(s, 0x61) & 0x20, ==, 0x20);

    /* the refresh bit toggles every ~15 us */
    r1 = qtest_inb(s, 0x61) & 0x10;
    for (i = 0; i < 4 && !toggled; i++) {
        qtest_clock_step(s, 15085);
        r2 = qtest_inb(s, 0x61) & 0x10;
        toggled = r1 != r2;
    }
    g_assert_true(toggled);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/i8254/reset-state", test_reset_state);
    qtest_add_func("/i8254/program-word", test_program_word);
    qtest_add_func("/i8254/program-byte", test_program_byte);
    qtest_add_func("/i8254/bcd", test_bcd);
    qtest_add_func("/i8254/latch", test_latch);
    qtest_add_func("/i8254/mode2-rate", test_mode2_rate);
    qtest_add_func("/i8254/mode0-irq", test_mode0_irq);
    qtest_add_func("/i8254/gate-port61", test_gate_port61);
    return g_test_run();
}
