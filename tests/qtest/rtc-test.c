/*
 * MC146818 RTC: reading the time, setting it in BCD and binary, 12-hour
 * mode, alarm (with don't-care bytes), periodic and update-ended
 * interrupts on IRQ 8 (seen at IOAPIC pin 8), UIP, CMOS RAM.
 *
 * Time moves with qtest clock_step. Against QEMU without a qtest
 * accelerator (QTEST_ACCEL="tcg -S") the RTC runs on the host clock, so
 * the same tests sleep instead of stepping.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <time.h>

#include "libqtest.h"

#define REG_A 0x0a
#define REG_B 0x0b
#define REG_C 0x0c
#define REG_D 0x0d
#define CENTURY 0x32

static bool have_qtest_accel(void)
{
    const char *accel = getenv("QTEST_ACCEL");

    return !accel || !strcmp(accel, "qtest");
}

static void advance(QTestState *s, int64_t ns)
{
    if (have_qtest_accel()) {
        qtest_clock_step(s, ns);
    } else {
        g_usleep(ns / 1000);
    }
}

static uint8_t cmos_read(QTestState *s, uint8_t reg)
{
    qtest_outb(s, 0x70, reg);
    return qtest_inb(s, 0x71);
}

static void cmos_write(QTestState *s, uint8_t reg, uint8_t val)
{
    qtest_outb(s, 0x70, reg);
    qtest_outb(s, 0x71, val);
}

static int unbcd(int v)
{
    return (v >> 4) * 10 + (v & 0xf);
}

/* Sets the time with SET held; values are already in the register format. */
static void set_time(QTestState *s, uint8_t regb, int cent, int year, int mon,
                     int day, int hour, int min, int sec)
{
    cmos_write(s, REG_B, regb | 0x80);
    cmos_write(s, 0x00, sec);
    cmos_write(s, 0x02, min);
    cmos_write(s, 0x04, hour);
    cmos_write(s, 0x07, day);
    cmos_write(s, 0x08, mon);
    cmos_write(s, 0x09, year);
    cmos_write(s, CENTURY, cent);
    cmos_write(s, REG_B, regb);
}

/* Waits out an update cycle so that a multi-register read is coherent. */
static void wait_no_uip(QTestState *s)
{
    int i;

    for (i = 0; i < 10000 && (cmos_read(s, REG_A) & 0x80); i++) {
        advance(s, 100000);
    }
}

static time_t read_rtc_bcd24(QTestState *s)
{
    struct tm tm = { 0 };

    wait_no_uip(s);
    tm.tm_sec = unbcd(cmos_read(s, 0x00));
    tm.tm_min = unbcd(cmos_read(s, 0x02));
    tm.tm_hour = unbcd(cmos_read(s, 0x04));
    tm.tm_mday = unbcd(cmos_read(s, 0x07));
    tm.tm_mon = unbcd(cmos_read(s, 0x08)) - 1;
    tm.tm_year = unbcd(cmos_read(s, CENTURY)) * 100 +
                 unbcd(cmos_read(s, 0x09)) - 1900;
    return timegm(&tm);
}

static char *find_rtc(QTestState *s, const char *path, int depth)
{
    JsonNode *ret;
    JsonArray *arr;
    char *found = NULL;

    ret = qtest_qmp_assert_success_ref(s,
            "{'execute': 'qom-list', 'arguments': {'path': '%s'}}", path);
    arr = json_node_get_array(ret);
    for (guint i = 0; i < json_array_get_length(arr) && !found; i++) {
        JsonObject *p = json_array_get_object_element(arr, i);
        const char *name = json_object_get_string_member(p, "name");
        const char *type = json_object_get_string_member(p, "type");
        char *child = g_strdup_printf("%s/%s", path, name);

        if (!strcmp(type, "child<mc146818rtc>")) {
            found = g_strdup(child);
        } else if (depth > 0 && g_str_has_prefix(type, "child<") &&
                   !g_str_has_prefix(type, "child<irq") &&
                   !g_str_has_prefix(type, "child<memory-region")) {
            found = find_rtc(s, child, depth - 1);
        }
        g_free(child);
    }
    json_node_unref(ret);
    return found;
}

static int64_t date_member(JsonNode *date, const char *name)
{
    return json_object_get_int_member(json_node_get_object(date), name);
}

static void test_registers(void)
{
    QTestState *s = qtest_init("-machine pc");
    int i;

    g_assert_cmphex(cmos_read(s, REG_A) & 0x7f, ==, 0x26);
    g_assert_cmphex(cmos_read(s, REG_B), ==, 0x02);   /* BCD, 24h */
    g_assert_cmphex(cmos_read(s, REG_C), ==, 0x00);
    g_assert_cmphex(cmos_read(s, REG_D), ==, 0x80);   /* valid RAM/time */
    /* D is read-only; UIP is read-only */
    cmos_write(s, REG_D, 0x00);
    g_assert_cmphex(cmos_read(s, REG_D), ==, 0x80);
    cmos_write(s, REG_A, 0xff);
    g_assert_cmphex(cmos_read(s, REG_A), ==, 0x7f);
    cmos_write(s, REG_A, 0x26);

    /* CMOS RAM, and bit 7 of port 0x70 (NMI mask) is not part of the index */
    for (i = 0x40; i < 0x80; i++) {
        cmos_write(s, i, i ^ 0xa5);
    }
    for (i = 0x40; i < 0x80; i++) {
        g_assert_cmphex(cmos_read(s, i), ==, i ^ 0xa5);
        g_assert_cmphex(cmos_read(s, i | 0x80), ==, i ^ 0xa5);
    }
    /* the index register is write-only */
    g_assert_cmphex(qtest_inb(s, 0x70), ==, 0xff);
    qtest_quit(s);
}

static void test_read_time(void)
{
    QTestState *s = qtest_init("-machine pc");
    time_t host = g_get_real_time() / G_USEC_PER_SEC;
    time_t rtc = read_rtc_bcd24(s);

    /* base=utc by default */
    g_assert_cmpint(labs((long)(rtc - host)), <=, 3);
    qtest_quit(s);
}

static void test_set_time_bcd(void)
{
    QTestState *s = qtest_init("-machine pc");
    char *rtc = find_rtc(s, "/machine", 3);
    JsonNode *date;

    g_assert_nonnull(rtc);
    set_time(s, 0x02, 0x20, 0x11, 0x02, 0x03, 0x04, 0x05, 0x06);
    g_assert_cmphex(cmos_read(s, 0x09), ==, 0x11);
    g_assert_cmphex(cmos_read(s, 0x08), ==, 0x02);
    g_assert_cmphex(cmos_read(s, 0x07), ==, 0x03);
    g_assert_cmphex(cmos_read(s, 0x04), ==, 0x04);
    g_assert_cmphex(cmos_read(s, 0x02), ==, 0x05);
    g_assert_cmpint(unbcd(cmos_read(s, 0x00)) - 6, <=, 1);
    /* 2011-02-03 was a Thursday: day of week 5 (Sunday = 1) */
    advance(s, 1000000000LL);
    g_assert_cmphex(cmos_read(s, 0x06), ==, 0x05);

    date = qtest_qmp_assert_success_ref(s,
        "{'execute': 'qom-get', 'arguments': "
        "{'path': '%s', 'property': 'date'}}", rtc);
    g_assert_cmpint(date_member(date, "tm_year"), ==, 111);
    g_assert_cmpint(date_member(date, "tm_mon"), ==, 1);
    g_assert_cmpint(date_member(date, "tm_mday"), ==, 3);
    g_assert_cmpint(date_member(date, "tm_hour"), ==, 4);
    g_assert_cmpint(date_member(date, "tm_min"), ==, 5);
    json_node_unref(date);
    g_free(rtc);
    qtest_quit(s);
}

static void test_set_time_binary(void)
{
    QTestState *s = qtest_init("-machine pc");
    int sec;

    /* binary, 24h: 2011-12-31 23:59:58, then roll into the new year */
    set_time(s, 0x06, 20, 11, 12, 31, 23, 59, 58);
    g_assert_cmpint(cmos_read(s, 0x09), ==, 11);
    g_assert_cmpint(cmos_read(s, 0x04), ==, 23);
    advance(s, 2500000000LL);
    wait_no_uip(s);
    sec = cmos_read(s, 0x00);
    g_assert_cmpint(sec, <=, 1);
    g_assert_cmpint(cmos_read(s, 0x02), ==, 0);
    g_assert_cmpint(cmos_read(s, 0x04), ==, 0);
    g_assert_cmpint(cmos_read(s, 0x07), ==, 1);
    g_assert_cmpint(cmos_read(s, 0x08), ==, 1);
    g_assert_cmpint(cmos_read(s, 0x09), ==, 12);
    qtest_quit(s);
}

static void test_12h(void)
{
    QTestState *s = qtest_init("-machine pc");
    char *rtc = find_rtc(s, "/machine", 3);
    JsonNode *date;

    /* 12-hour BCD: 1 PM is 0x81, 12 AM (midnight) is 0x12 */
    set_time(s, 0x00, 0x20, 0x15, 0x06, 0x15, 0x81, 0x30, 0x00);
    g_assert_cmphex(cmos_read(s, 0x04), ==, 0x81);
    date = qtest_qmp_assert_success_ref(s,
        "{'execute': 'qom-get', 'arguments': "
        "{'path': '%s', 'property': 'date'}}", rtc);
    g_assert_cmpint(date_member(date, "tm_hour"), ==, 13);
    json_node_unref(date);

    set_time(s, 0x00, 0x20, 0x15, 0x06, 0x15, 0x12, 0x30, 0x00);
    date = qtest_qmp_assert_success_ref(s,
        "{'execute': 'qom-get', 'arguments': "
        "{'path': '%s', 'property': 'date'}}", rtc);
    g_assert_cmpint(date_member(date, "tm_hour"), ==, 0);
    json_node_unref(date);

    /* 11:59:59 AM rolls over to 12 PM */
    set_time(s, 0x00, 0x20, 0x15, 0x06, 0x15, 0x11, 0x59, 0x59);
    advance(s, 1500000000LL);
    wait_no_uip(s);
    g_assert_cmphex(cmos_read(s, 0x04), ==, 0x92);
    g_assert_cmphex(cmos_read(s, 0x02), ==, 0x00);
    g_free(rtc);
    qtest_quit(s);
}

static void test_alarm(void)
{
    QTestState *s = qtest_init("-machine pc");
    uint8_t c;

    qtest_irq_intercept_in(s, "ioapic");
    set_time(s, 0x02, 0x20, 0x20, 0x01, 0x01, 0x12, 0x00, 0x00);
    cmos_write(s, 0x01, 0x05);          /* 12:00:05 */
    cmos_write(s, 0x03, 0x00);
    cmos_write(s, 0x05, 0x12);
    cmos_read(s, REG_C);
    cmos_write(s, REG_B, 0x02 | 0x20);  /* AIE */
    g_assert_false(qtest_get_irq(s, 8));
    advance(s, 4000000000LL);
    g_assert_false(qtest_get_irq(s, 8));
    advance(s, 2000000000LL);
    g_assert_true(qtest_get_irq(s, 8));
    c = cmos_read(s, REG_C);
    /* IRQF | AF (PF runs at the default rate too, without PIE) */
    g_assert_cmphex(c & 0xa0, ==, 0xa0);
    g_assert_false(qtest_get_irq(s, 8));
    g_assert_cmphex(cmos_read(s, REG_C) & 0xa0, ==, 0x00);

    /* don't care: hours and minutes 0xff, seconds 0x09 -> 12:00:09 */
    cmos_write(s, 0x03, 0xff);
    cmos_write(s, 0x05, 0xc0);
    cmos_write(s, 0x01, 0x09);
    advance(s, 1000000000LL);
    g_assert_false(qtest_get_irq(s, 8));
    advance(s, 3000000000LL);
    g_assert_true(qtest_get_irq(s, 8));
    g_assert_cmphex(cmos_read(s, REG_C) & 0xa0, ==, 0xa0);
    g_assert_cmphex(cmos_read(s, 0x00), >=, 0x09);
    g_assert_cmphex(cmos_read(s, 0x00), <=, 0x10);
    qtest_quit(s);
}

static void test_periodic(void)
{
    QTestState *s = qtest_init("-machine pc");
    int i;

    qtest_irq_intercept_in(s, "ioapic");
    cmos_write(s, REG_A, 0x2f);          /* 2 Hz */
    cmos_read(s, REG_C);
    cmos_write(s, REG_B, 0x02 | 0x40);   /* PIE */
    for (i = 0; i < 4; i++) {
        advance(s, 600000000LL);
        g_assert_true(qtest_get_irq(s, 8));
        g_assert_cmphex(cmos_read(s, REG_C) & 0xc0, ==, 0xc0);
        g_assert_false(qtest_get_irq(s, 8));
    }
    /* PIE clear: no interrupt; the datasheet has PF set regardless of
     * PIE (QEMU 7.2 leaves it clear, so that part is checked on ours) */
    cmos_write(s, REG_B, 0x02);
    cmos_read(s, REG_C);
    advance(s, 600000000LL);
    g_assert_false(qtest_get_irq(s, 8));
    if (have_qtest_accel()) {
        g_assert_cmphex(cmos_read(s, REG_C) & 0xc0, ==, 0x40);
    } else {
        cmos_read(s, REG_C);
    }
    /* rate 0 stops it */
    cmos_write(s, REG_A, 0x20);
    advance(s, 600000000LL);
    g_assert_cmphex(cmos_read(s, REG_C) & 0x40, ==, 0x00);
    qtest_quit(s);
}

static void test_update_ended(void)
{
    QTestState *s = qtest_init("-machine pc");

    qtest_irq_intercept_in(s, "ioapic");
    cmos_read(s, REG_C);
    cmos_write(s, REG_B, 0x02 | 0x10);   /* UIE */
    advance(s, 1100000000LL);
    g_assert_true(qtest_get_irq(s, 8));
    g_assert_cmphex(cmos_read(s, REG_C) & 0x90, ==, 0x90);
    g_assert_false(qtest_get_irq(s, 8));
    /* SET stops updates and clears UIE */
    cmos_write(s, REG_B, 0x80 | 0x02 | 0x10);
    g_assert_cmphex(cmos_read(s, REG_B), ==, 0x82);
    cmos_write(s, REG_B, 0x02);
    qtest_quit(s);
}

static void test_uip(void)
{
    QTestState *s = qtest_init("-machine pc");
    int i, sec0, steps = 0;
    bool seen = false;

    /* UIP rises before the update; the seconds change when it falls */
    set_time(s, 0x02, 0x20, 0x20, 0x01, 0x01, 0x00, 0x00, 0x00);
    sec0 = cmos_read(s, 0x00);
    for (i = 0; i < 30000 && !seen; i++) {
        seen = cmos_read(s, REG_A) & 0x80;
        if (!seen) {
            advance(s, 50000);
            steps++;
        }
    }
    g_assert_true(seen);
    /* not for the whole second: only in the last few milliseconds */
    g_assert_cmpint(steps, >, 10);
    for (i = 0; i < 1000 && (cmos_read(s, REG_A) & 0x80); i++) {
        advance(s, 50000);
    }
    g_assert_false(cmos_read(s, REG_A) & 0x80);
    g_assert_cmphex(cmos_read(s, 0x00), !=, sec0);

    /* no UIP while SET holds the clock */
    cmos_write(s, REG_B, 0x82);
    for (i = 0; i < 25; i++) {
        g_assert_false(cmos_read(s, REG_A) & 0x80);
        advance(s, 50000000);
    }
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/rtc/registers", test_registers);
    qtest_add_func("/rtc/read-time", test_read_time);
    qtest_add_func("/rtc/set-time-bcd", test_set_time_bcd);
    qtest_add_func("/rtc/set-time-binary", test_set_time_binary);
    qtest_add_func("/rtc/12h", test_12h);
    qtest_add_func("/rtc/alarm", test_alarm);
    qtest_add_func("/rtc/periodic", test_periodic);
    qtest_add_func("/rtc/update-ended", test_update_ended);
    qtest_add_func("/rtc/uip", test_uip);
    return g_test_run();
}
