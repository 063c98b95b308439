/*
 * 16550A (isa-serial, COM1 at 0x3f8, IRQ 4): reset values, divisor latch,
 * loopback, FIFO trigger levels and overrun, IIR priorities and the THRE
 * interrupt on the ISA line.
 *
 * Also runs against QEMU without a qtest accelerator: QTEST_ACCEL="tcg -S".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "libqtest.h"

#define COM1 0x3f8
#define RBR (COM1 + 0)
#define THR (COM1 + 0)
#define DLL (COM1 + 0)
#define IER (COM1 + 1)
#define DLM (COM1 + 1)
#define IIR (COM1 + 2)
#define FCR (COM1 + 2)
#define LCR (COM1 + 3)
#define MCR (COM1 + 4)
#define LSR (COM1 + 5)
#define MSR (COM1 + 6)
#define SCR (COM1 + 7)

#define ARGS "-machine pc -serial null"

static void test_reset_values(void)
{
    QTestState *s = qtest_init(ARGS);

    g_assert_cmphex(qtest_inb(s, LSR), ==, 0x60);   /* THRE | TEMT */
    g_assert_cmphex(qtest_inb(s, IIR), ==, 0x01);   /* no interrupt */
    g_assert_cmphex(qtest_inb(s, IER), ==, 0x00);
    g_assert_cmphex(qtest_inb(s, LCR), ==, 0x00);
    /* OUT2 may be preset by the board; nothing else. */
    g_assert_cmphex(qtest_inb(s, MCR) & ~0x08, ==, 0x00);
    /* Connected line: DCD, DSR, CTS. */
    g_assert_cmphex(qtest_inb(s, MSR) & 0xf0, ==, 0xb0);
    qtest_quit(s);
}

static void test_scratch_and_divisor(void)
{
    QTestState *s = qtest_init(ARGS);

    qtest_outb(s, SCR, 0xa5);
    g_assert_cmphex(qtest_inb(s, SCR), ==, 0xa5);

    qtest_outb(s, IER, 0x05);
    qtest_outb(s, LCR, 0x80);                       /* DLAB */
    qtest_outb(s, DLL, 0x01);
    qtest_outb(s, DLM, 0x02);
    g_assert_cmphex(qtest_inb(s, DLL), ==, 0x01);
    g_assert_cmphex(qtest_inb(s, DLM), ==, 0x02);
    g_assert_cmphex(qtest_inb(s, LCR), ==, 0x80);
    qtest_outb(s, LCR, 0x03);                       /* 8N1 */
    /* IER is back and was not touched by the DLM write. */
    g_assert_cmphex(qtest_inb(s, IER), ==, 0x05);
    g_assert_cmphex(qtest_inb(s, LCR), ==, 0x03);
    /* IER bits 7:4 do not exist. */
    qtest_outb(s, IER, 0xff);
    g_assert_cmphex(qtest_inb(s, IER), ==, 0x0f);
    qtest_quit(s);
}

static void test_loopback(void)
{
    QTestState *s = qtest_init(ARGS);

    qtest_outb(s, LCR, 0x03);
    qtest_outb(s, MCR, 0x10);
    qtest_outb(s, THR, 0x5a);
    g_assert_cmphex(qtest_inb(s, LSR) & 0x61, ==, 0x61);
    g_assert_cmphex(qtest_inb(s, RBR), ==, 0x5a);
    g_assert_cmphex(qtest_inb(s, LSR), ==, 0x60);

    /* Modem outputs come back as modem inputs. */
    qtest_outb(s, MCR, 0x1f);
    g_assert_cmphex(qtest_inb(s, MSR) & 0xf0, ==, 0xf0);
    qtest_outb(s, MCR, 0x12);                       /* RTS only */
    g_assert_cmphex(qtest_inb(s, MSR) & 0xf0, ==, 0x10);
    qtest_outb(s, MCR, 0x19);                       /* DTR, OUT2 */
    g_assert_cmphex(qtest_inb(s, MSR) & 0xf0, ==, 0xa0);
    qtest_quit(s);
}

static void test_fifo(void)
{
    QTestState *s = qtest_init(ARGS);
    int i;

    qtest_outb(s, LCR, 0x03);
    qtest_outb(s, MCR, 0x10);
    qtest_outb(s, FCR, 0xc7);                       /* enable, trigger 14 */
    g_assert_cmphex(qtest_inb(s, IIR) & 0xc0, ==, 0xc0);
    qtest_outb(s, IER, 0x05);                       /* RDA + RLS */

    for (i = 0; i < 13; i++) {
        qtest_outb(s, THR, 0x30 + i);
    }
    g_assert_cmphex(qtest_inb(s, IIR), ==, 0xc1);   /* below trigger */
    qtest_outb(s, THR, 0x30 + i++);
    g_assert_cmphex(qtest_inb(s, IIR), ==, 0xc4);   /* 14: data available */
    qtest_outb(s, THR, 0x30 + i++);
    qtest_outb(s, THR, 0x30 + i++);
    g_assert_cmphex(qtest_inb(s, LSR) & 0x02, ==, 0);   /* 16 fit */
    qtest_outb(s, THR, 0x99);                       /* 17th overruns */
    g_assert_cmphex(qtest_inb(s, IIR), ==, 0xc6);   /* line status first */
    g_assert_cmphex(qtest_inb(s, LSR) & 0x03, ==, 0x03);
    /* Reading LSR cleared OE; data available is next. */
    g_assert_cmphex(qtest_inb(s, IIR), ==, 0xc4);
    for (i = 0; i < 16; i++) {
        g_assert_cmphex(qtest_inb(s, RBR), ==, 0x30 + i);
        if (i == 2) {
            /* 13 left: below the trigger again. */
            g_assert_cmphex(qtest_inb(s, IIR), ==, 0xc1);
        }
    }
    g_assert_cmphex(qtest_inb(s, LSR) & 0x01, ==, 0);

    /* Clearing the receive FIFO drops queued data. */
    qtest_outb(s, THR, 0x42);
    g_assert_cmphex(qtest_inb(s, LSR) & 0x01, ==, 0x01);
    qtest_outb(s, FCR, 0xc3);
    g_assert_cmphex(qtest_inb(s, LSR) & 0x01, ==, 0);

    /* Trigger level 1 (FCR bits 7:6 = 0). */
    qtest_outb(s, FCR, 0x01);
    qtest_outb(s, THR, 0x43);
    g_assert_cmphex(qtest_inb(s, IIR), ==, 0xc4);
    g_assert_cmphex(qtest_inb(s, RBR), ==, 0x43);

    /* Disabling the FIFO drops the IIR FIFO bits. */
    qtest_outb(s, FCR, 0x00);
    g_assert_cmphex(qtest_inb(s, IIR) & 0xc0, ==, 0);
    qtest_quit(s);
}

static void test_iir_priorities(void)
{
    QTestState *s = qtest_init(ARGS);

    qtest_outb(s, LCR, 0x03);
    qtest_outb(s, MCR, 0x10);
    qtest_inb(s, MSR);
    qtest_outb(s, IER, 0x07);                       /* RDA, THRE, RLS */
    /* THR is empty: enabling ETBEI interrupts at once. */
    g_assert_cmphex(qtest_inb(s, IIR), ==, 0x02);
    /* Reading IIR acknowledged it. */
    g_assert_cmphex(qtest_inb(s, IIR), ==, 0x01);

    qtest_outb(s, THR, 0x11);
    /* Received data outranks the new THRE interrupt. */
    g_assert_cmphex(qtest_inb(s, IIR), ==, 0x04);
    qtest_outb(s, THR, 0x22);                       /* overrun */
    g_assert_cmphex(qtest_inb(s, IIR), ==, 0x06);
    g_assert_cmphex(qtest_inb(s, LSR) & 0x03, ==, 0x03);
    g_assert_cmphex(qtest_inb(s, IIR), ==, 0x04);
    g_assert_cmphex(qtest_inb(s, RBR), ==, 0x22);
    g_assert_cmphex(qtest_inb(s, IIR), ==, 0x02);
    g_assert_cmphex(qtest_inb(s, IIR), ==, 0x01);
    qtest_quit(s);
}

static void test_thre_irq(void)
{
    QTestState *s = qtest_init(ARGS);

    qtest_irq_intercept_in(s, "ioapic");
    qtest_outb(s, LCR, 0x03);
    g_assert_false(qtest_get_irq(s, 4));
    qtest_outb(s, IER, 0x02);
    g_assert_true(qtest_get_irq(s, 4));
    g_assert_cmphex(qtest_inb(s, IIR), ==, 0x02);
    g_assert_false(qtest_get_irq(s, 4));
    /* Sending a byte empties THR again. */
    qtest_outb(s, THR, 'x');
    g_assert_true(qtest_get_irq(s, 4));
    qtest_outb(s, IER, 0x00);
    g_assert_false(qtest_get_irq(s, 4));
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/serial/reset-values", test_reset_values);
    qtest_add_func("/serial/scratch-divisor", test_scratch_and_divisor);
    qtest_add_func("/serial/loopback", test_loopback);
    qtest_add_func("/serial/fifo", test_fifo);
    qtest_add_func("/serial/iir-priorities", test_iir_priorities);
    qtest_add_func("/serial/thre-irq", test_thre_irq);
    return g_test_run();
}
