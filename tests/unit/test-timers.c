/* Clocks and timers: ordering, re-arming, manual virtual clock. */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "qemu/main-loop.h"
#include "qapi/error.h"

typedef struct Fired {
    int id;
    int64_t clock_at_fire;
} Fired;

static GArray *fired;

typedef struct TimerCtx {
    int id;
    QEMUTimer *ts;
} TimerCtx;

static void record_cb(void *opaque)
{
    TimerCtx *c = opaque;
    Fired f = { c->id, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) };

    g_array_append_val(fired, f);
}

static void setup(void)
{
    if (!fired) {
        fired = g_array_new(false, false, sizeof(Fired));
    }
    g_array_set_size(fired, 0);
    qemu_clock_set_virtual_manual(true);
}

/* The example from the qtest protocol: deadline 100 set at 0. */
static void test_manual_advance(void)
{
    TimerCtx c = { .id = 1 };
    int64_t base;

    setup();
    base = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    c.ts = timer_new_ns(QEMU_CLOCK_VIRTUAL, record_cb, &c);
    timer_mod(c.ts, base + 100);
    g_assert_true(timer_pending(c.ts));
    g_assert_cmpint(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), ==, 100);

    g_assert_cmpint(qemu_clock_advance_virtual(50), ==, base + 50);
    g_assert_cmpuint(fired->len, ==, 0);
    g_assert_true(timer_pending(c.ts));

    g_assert_cmpint(qemu_clock_advance_virtual(60), ==, base + 110);
    g_assert_cmpuint(fired->len, ==, 1);
    g_assert_cmpint(g_array_index(fired, Fired, 0).clock_at_fire, ==,
                    base + 100);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, base + 110);
    g_assert_false(timer_pending(c.ts));
    timer_free(c.ts);
}

/* Deadline order, not arming order; equal deadlines in arming order. */
static void test_order(void)
{
    TimerCtx c[5];
    static const int64_t when[5] = { 300, 100, 200, 100, 50 };
    static const int expect[5] = { 4, 1, 3, 2, 0 };
    int64_t base;

    setup();
    base = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    for (int i = 0; i < 5; i++) {
        c[i].id = i;
        c[i].ts = timer_new_ns(QEMU_CLOCK_VIRTUAL, record_cb, &c[i]);
        timer_mod(c[i].ts, base + when[i]);
    }
    qemu_clock_advance_virtual(1000);
    g_assert_cmpuint(fired->len, ==, 5);
    for (int i = 0; i < 5; i++) {
        Fired *f = &g_array_index(fired, Fired, i);
        g_assert_cmpint(f->id, ==, expect[i]);
        g_assert_cmpint(f->clock_at_fire, ==, base + when[expect[i]]);
        timer_free(c[i].ts);
    }
}

/* A callback that re-arms itself inside the window fires again. */
static void periodic_cb(void *opaque)
{
    TimerCtx *c = opaque;

    record_cb(c);
    if (fired->len < 10) {
        timer_mod(c->ts, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + 30);
    }
}

static void test_rearm(void)
{
    TimerCtx c = { .id = 7 };
    int64_t base;

    setup();
    base = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    c.ts = timer_new_ns(QEMU_CLOCK_VIRTUAL, periodic_cb, &c);
    timer_mod(c.ts, base + 30);
    qemu_clock_advance_virtual(100);
    /* 30, 60, 90 within the window; next at 120 stays pending. */
    g_assert_cmpuint(fired->len, ==, 3);
    g_assert_cmpint(g_array_index(fired, Fired, 2).clock_at_fire, ==,
                    base + 90);
    g_assert_cmpint(timer_expire_time_ns(c.ts), ==, base + 120);
    timer_free(c.ts);
}

static void test_del_and_anticipate(void)
{
    TimerCtx c = { .id = 1 };
    int64_t base;

    setup();
    base = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    c.ts = timer_new_ns(QEMU_CLOCK_VIRTUAL, record_cb, &c);
    timer_mod(c.ts, base + 100);
    timer_mod_anticipate(c.ts, base + 200);       /* later: ignored */
    g_assert_cmpint(timer_expire_time_ns(c.ts), ==, base + 100);
    timer_mod_anticipate(c.ts, base + 40);        /* earlier: taken */
    g_assert_cmpint(timer_expire_time_ns(c.ts), ==, base + 40);
    g_assert_true(timer_expired(c.ts, base + 40));
    g_assert_false(timer_expired(c.ts, base + 39));
    timer_del(c.ts);
    g_assert_false(timer_pending(c.ts));
    g_assert_cmpint(timer_expire_time_ns(c.ts), ==, -1);
    timer_del(c.ts);                              /* idempotent */
    qemu_clock_advance_virtual(500);
    g_assert_cmpuint(fired->len, ==, 0);
    g_assert_cmpint(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), ==, -1);
    timer_free(c.ts);
    timer_free(NULL);
}

static void test_scale(void)
{
    TimerCtx c = { .id = 1 };
    int64_t base;

    setup();
    base = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    c.ts = timer_new_us(QEMU_CLOCK_VIRTUAL, record_cb, &c);
    timer_mod(c.ts, base / SCALE_US + 3);
    g_assert_cmpint(timer_expire_time_ns(c.ts), ==,
                    (base / SCALE_US + 3) * SCALE_US);
    /* Absurd deadlines saturate instead of wrapping negative. */
    timer_mod(c.ts, INT64_MAX / 2);
    g_assert_cmpint(timer_expire_time_ns(c.ts), ==, INT64_MAX);
    timer_mod(c.ts, -5);
    g_assert_cmpint(timer_expire_time_ns(c.ts), ==, 0);
    timer_free(c.ts);
}

/* Backwards set is ignored; set runs timers up to the target. */
static void test_set_virtual(void)
{
    TimerCtx c = { .id = 3 };
    int64_t base;

    setup();
    base = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    c.ts = timer_new_ns(QEMU_CLOCK_VIRTUAL, record_cb, &c);
    timer_mod(c.ts, base + 1000);
    g_assert_cmpint(qemu_clock_set_virtual(base + 999), ==, base + 999);
    g_assert_cmpuint(fired->len, ==, 0);
    g_assert_cmpint(qemu_clock_set_virtual(base + 5), ==, base + 999);
    g_assert_cmpint(qemu_clock_set_virtual(base + 1000), ==, base + 1000);
    g_assert_cmpuint(fired->len, ==, 1);
    g_assert_cmpint(g_array_index(fired, Fired, 0).clock_at_fire, ==,
                    base + 1000);
    timer_free(c.ts);
}

/* A disabled clock keeps moving but runs no timers. */
static void test_disabled_clock(void)
{
    TimerCtx c = { .id = 1 };
    int64_t base;

    setup();
    base = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    c.ts = timer_new_ns(QEMU_CLOCK_VIRTUAL, record_cb, &c);
    timer_mod(c.ts, base + 10);
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
    qemu_clock_advance_virtual(20);
    g_assert_cmpuint(fired->len, ==, 0);
    g_assert_false(qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL));
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    /* Overdue: runs at the next opportunity, seeing the current time. */
    g_assert_true(qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL));
    g_assert_cmpuint(fired->len, ==, 1);
    g_assert_cmpint(g_array_index(fired, Fired, 0).clock_at_fire, ==,
                    base + 20);
    timer_free(c.ts);
}

/* Automatic mode: the virtual clock stops while ticks are disabled. */
static void test_ticks_pause(void)
{
    int64_t a, b;

    qemu_clock_set_virtual_manual(false);
    cpu_enable_ticks();
    a = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_usleep(2000);
    b = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_assert_cmpint(b - a, >=, 2 * SCALE_MS);

    cpu_disable_ticks();
    a = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_usleep(5000);
    b = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_assert_cmpint(a, ==, b);

    cpu_enable_ticks();
    g_usleep(1000);
    b = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    /* Resumes from where it froze: the 5 ms pause is not counted. */
    g_assert_cmpint(b - a, >=, 1 * SCALE_MS);
    g_assert_cmpint(b - a, <, 5 * SCALE_MS);
    cpu_disable_ticks();

    /* Switching to manual keeps the reading. */
    a = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    qemu_clock_set_virtual_manual(true);
    g_assert_true(qemu_clock_virtual_is_manual());
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, a);
}

/* Realtime timers fire from main_loop_wait, which sleeps until then. */
static void rt_cb(void *opaque)
{
    *(int64_t *)opaque = get_clock();
}

static void test_realtime_main_loop(void)
{
    int64_t fired_at = 0, start = get_clock();
    QEMUTimer *ts = timer_new_ms(QEMU_CLOCK_REALTIME, rt_cb, &fired_at);

    timer_mod(ts, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 20);
    g_assert_cmpint(qemu_clock_deadline_ns(QEMU_CLOCK_REALTIME), >,
                    10 * SCALE_MS);
    while (!fired_at && get_clock() - start < 2 * NANOSECONDS_PER_SECOND) {
        main_loop_wait(false);
    }
    g_assert_cmpint(fired_at, !=, 0);
    g_assert_cmpint(fired_at - start, >=, 19 * SCALE_MS);
    timer_free(ts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    g_test_add_func("/timers/manual-advance", test_manual_advance);
    g_test_add_func("/timers/order", test_order);
    g_test_add_func("/timers/rearm", test_rearm);
    g_test_add_func("/timers/del-anticipate", test_del_and_anticipate);
    g_test_add_func("/timers/scale", test_scale);
    g_test_add_func("/timers/set-virtual", test_set_virtual);
    g_test_add_func("/timers/disabled-clock", test_disabled_clock);
    g_test_add_func("/timers/ticks-pause", test_ticks_pause);
    g_test_add_func("/timers/realtime-main-loop", test_realtime_main_loop);
    return g_test_run();
}
