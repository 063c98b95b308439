/*
 * Clocks and timers. Each clock keeps its pending timers in a list sorted
 * by deadline (ties in arming order), so running them and computing the
 * next deadline only look at the head.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "qemu/main-loop.h"
#include "main-loop-int.h"

#include <time.h>

typedef struct TimerList {
    GMutex lock;
    QEMUTimer *head;
    bool enabled;
} TimerList;

static TimerList timer_lists[QEMU_CLOCK_MAX] = {
    [QEMU_CLOCK_REALTIME] = { .enabled = true },
    [QEMU_CLOCK_VIRTUAL] = { .enabled = true },
    [QEMU_CLOCK_HOST] = { .enabled = true },
};

/*
 * Virtual clock state, under vclock_lock. Automatic mode: while ticking,
 * virtual = get_clock() - offset; while stopped it reads frozen. Manual
 * mode (qtest): it reads manual_ns, moved only by advance/set. The VM
 * starts stopped (prelaunch) at 0.
 */
static GMutex vclock_lock;
static bool vclock_ticking;
static bool vclock_manual;
static int64_t vclock_offset;
static int64_t vclock_frozen;
static int64_t vclock_manual_ns;

static int64_t clock_gettime_ns(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

int64_t get_clock(void)
{
    return clock_gettime_ns(CLOCK_MONOTONIC);
}

int64_t get_clock_realtime(void)
{
    return clock_gettime_ns(CLOCK_REALTIME);
}

static int64_t virtual_clock_locked(void)
{
    if (vclock_manual) {
        return vclock_manual_ns;
    }
    return vclock_ticking ? get_clock() - vclock_offset : vclock_frozen;
}

int64_t qemu_clock_get_ns(QEMUClockType type)
{
    int64_t v;

    switch (type) {
    case QEMU_CLOCK_REALTIME:
        return get_clock();
    case QEMU_CLOCK_HOST:
        return get_clock_realtime();
    case QEMU_CLOCK_VIRTUAL:
        g_mutex_lock(&vclock_lock);
        v = virtual_clock_locked();
        g_mutex_unlock(&vclock_lock);
        return v;
    default:
        g_assert_not_reached();
    }
}

/* True if the clock moves by itself, so waiting for its deadline helps. */
static bool clock_advances(QEMUClockType type)
{
    bool r;

    if (type != QEMU_CLOCK_VIRTUAL) {
        return true;
    }
    g_mutex_lock(&vclock_lock);
    r = !vclock_manual && vclock_ticking;
    g_mutex_unlock(&vclock_lock);
    return r;
}

void cpu_disable_ticks(void)
{
    g_mutex_lock(&vclock_lock);
    if (vclock_ticking) {
        vclock_frozen = get_clock() - vclock_offset;
        vclock_ticking = false;
    }
    g_mutex_unlock(&vclock_lock);
}

void cpu_enable_ticks(void)
{
    g_mutex_lock(&vclock_lock);
    if (!vclock_ticking) {
        vclock_offset = get_clock() - vclock_frozen;
        vclock_ticking = true;
    }
    g_mutex_unlock(&vclock_lock);
    /* Virtual deadlines now count for the poll timeout. */
    qemu_notify_event();
}

int64_t cpu_get_ticks(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

/* --- timers ------------------------------------------------------------ */

void timer_init_full(QEMUTimer *ts, QEMUClockType type, int scale,
                     QEMUTimerCB *cb, void *opaque)
{
    g_assert(type >= 0 && type < QEMU_CLOCK_MAX);
    g_assert(scale > 0);
    memset(ts, 0, sizeof(*ts));
    ts->expire_time = -1;
    ts->type = type;
    ts->scale = scale;
    ts->cb = cb;
    ts->opaque = opaque;
}

QEMUTimer *timer_new_full(QEMUClockType type, int scale, QEMUTimerCB *cb,
                          void *opaque)
{
    QEMUTimer *ts = g_new(QEMUTimer, 1);

    timer_init_full(ts, type, scale, cb, opaque);
    return ts;
}

/* Caller holds the list lock. */
static void timer_unlink_locked(TimerList *tl, QEMUTimer *ts)
{
    QEMUTimer **p;

    ts->expire_time = -1;
    for (p = &tl->head; *p; p = &(*p)->next) {
        if (*p == ts) {
            *p = ts->next;
            break;
        }
    }
    ts->next = NULL;
}

/* Caller holds the list lock; returns true if ts became the head. */
static bool timer_insert_locked(TimerList *tl, QEMUTimer *ts, int64_t when)
{
    QEMUTimer **p;

    for (p = &tl->head; *p; p = &(*p)->next) {
        if ((*p)->expire_time > when) {
            break;
        }
    }
    ts->expire_time = when;
    ts->next = *p;
    *p = ts;
    return p == &tl->head;
}

static void timer_mod_ns_common(QEMUTimer *ts, int64_t when, bool anticipate)
{
    TimerList *tl = &timer_lists[ts->type];
    bool new_head = false;

    when = MAX(when, 0);
    g_mutex_lock(&tl->lock);
    if (!anticipate || ts->expire_time < 0 || when < ts->expire_time) {
        timer_unlink_locked(tl, ts);
        new_head = timer_insert_locked(tl, ts, when);
    }
    g_mutex_unlock(&tl->lock);
    /* An earlier deadline shortens the poll another thread may be in. */
    if (new_head && !qemu_in_main_thread()) {
        qemu_notify_event();
    }
}

static int64_t scale_to_ns(int64_t t, int scale)
{
    if (t > INT64_MAX / scale) {
        return INT64_MAX;
    }
    if (t < INT64_MIN / scale) {
        return 0;
    }
    return t * scale;
}

void timer_mod_ns(QEMUTimer *ts, int64_t expire_time_ns)
{
    timer_mod_ns_common(ts, expire_time_ns, false);
}

void timer_mod(QEMUTimer *ts, int64_t expire_time)
{
    timer_mod_ns_common(ts, scale_to_ns(expire_time, ts->scale), false);
}

void timer_mod_anticipate(QEMUTimer *ts, int64_t expire_time)
{
    timer_mod_ns_common(ts, scale_to_ns(expire_time, ts->scale), true);
}

void timer_del(QEMUTimer *ts)
{
    TimerList *tl = &timer_lists[ts->type];

    g_mutex_lock(&tl->lock);
    if (ts->expire_time >= 0) {
        timer_unlink_locked(tl, ts);
    }
    g_mutex_unlock(&tl->lock);
}

void timer_free(QEMUTimer *ts)
{
    if (ts) {
        timer_del(ts);
        g_free(ts);
    }
}

bool timer_pending(QEMUTimer *ts)
{
    return ts->expire_time >= 0;
}

bool timer_expired(QEMUTimer *ts, int64_t current_time)
{
    return timer_pending(ts) &&
           ts->expire_time <= scale_to_ns(current_time, ts->scale);
}

int64_t timer_expire_time_ns(QEMUTimer *ts)
{
    return ts->expire_time;
}

/* --- deadlines and running -------------------------------------------- */

static int64_t head_expire(QEMUClockType type)
{
    TimerList *tl = &timer_lists[type];
    int64_t e;

    g_mutex_lock(&tl->lock);
    e = tl->head ? tl->head->expire_time : -1;
    g_mutex_unlock(&tl->lock);
    return e;
}

int64_t qemu_clock_deadline_ns(QEMUClockType type)
{
    int64_t e = head_expire(type);

    if (e < 0) {
        return -1;
    }
    return MAX(e - qemu_clock_get_ns(type), 0);
}

int64_t qemu_clock_deadline_ns_all(void)
{
    int64_t best = -1;

    for (int type = 0; type < QEMU_CLOCK_MAX; type++) {
        int64_t d;

        if (!timer_lists[type].enabled) {
            continue;
        }
        d = qemu_clock_deadline_ns(type);
        /* A stopped clock's future deadline never comes by waiting; an
         * overdue one still has to run now. */
        if (d < 0 || (d > 0 && !clock_advances(type))) {
            continue;
        }
        best = best < 0 ? d : MIN(best, d);
    }
    return best;
}

/*
 * Pops the head timer if it is due at `now`; the callback runs unlocked
 * so it may re-arm or free its own timer.
 */
static QEMUTimer *pop_expired(TimerList *tl, int64_t now)
{
    QEMUTimer *ts;

    g_mutex_lock(&tl->lock);
    ts = tl->head;
    if (ts && ts->expire_time <= now) {
        tl->head = ts->next;
        ts->next = NULL;
        ts->expire_time = -1;
    } else {
        ts = NULL;
    }
    g_mutex_unlock(&tl->lock);
    return ts;
}

bool qemu_clock_run_timers(QEMUClockType type)
{
    TimerList *tl = &timer_lists[type];
    bool ran = false;
    int64_t now;
    QEMUTimer *ts;

    if (!tl->enabled) {
        return false;
    }
    /* Sample once: a timer re-armed for "now" runs next time, not in a
     * loop that never ends. */
    now = qemu_clock_get_ns(type);
    while ((ts = pop_expired(tl, now))) {
        ts->cb(ts->opaque);
        ran = true;
    }
    return ran;
}

bool qemu_clock_run_all_timers(void)
{
    bool ran = false;

    for (int type = 0; type < QEMU_CLOCK_MAX; type++) {
        ran |= qemu_clock_run_timers(type);
    }
    return ran;
}

void qemu_clock_enable(QEMUClockType type, bool enabled)
{
    g_assert(type >= 0 && type < QEMU_CLOCK_MAX);
    timer_lists[type].enabled = enabled;
    if (enabled) {
        qemu_notify_event();
    }
}

/* --- manual virtual clock (qtest) ------------------------------------- */

void qemu_clock_set_virtual_manual(bool manual)
{
    g_mutex_lock(&vclock_lock);
    if (manual != vclock_manual) {
        /* Switching keeps the current reading: no jump either way. */
        int64_t now = virtual_clock_locked();

        vclock_manual = manual;
        vclock_manual_ns = now;
        vclock_frozen = now;
        vclock_offset = get_clock() - now;
    }
    g_mutex_unlock(&vclock_lock);
}

bool qemu_clock_virtual_is_manual(void)
{
    bool m;

    g_mutex_lock(&vclock_lock);
    m = vclock_manual;
    g_mutex_unlock(&vclock_lock);
    return m;
}

int64_t qemu_clock_set_virtual(int64_t target_ns)
{
    TimerList *tl = &timer_lists[QEMU_CLOCK_VIRTUAL];
    QEMUTimer *ts;
    int64_t now;

    if (!qemu_clock_virtual_is_manual()) {
        /* Only qtest drives the clock; a running VM's clock is not set. */
        return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    }
    /* The clock never runs backwards: an earlier target changes nothing. */
    for (;;) {
        g_mutex_lock(&tl->lock);
        ts = tl->enabled ? tl->head : NULL;
        if (!ts || ts->expire_time > target_ns) {
            g_mutex_unlock(&tl->lock);
            break;
        }
        tl->head = ts->next;
        ts->next = NULL;
        g_mutex_lock(&vclock_lock);
        vclock_manual_ns = MAX(vclock_manual_ns, ts->expire_time);
        g_mutex_unlock(&vclock_lock);
        ts->expire_time = -1;
        g_mutex_unlock(&tl->lock);
        /* Each callback sees the clock at its own deadline. */
        ts->cb(ts->opaque);
    }
    g_mutex_lock(&vclock_lock);
    vclock_manual_ns = MAX(vclock_manual_ns, target_ns);
    now = vclock_manual_ns;
    g_mutex_unlock(&vclock_lock);
    return now;
}

int64_t qemu_clock_advance_virtual(int64_t ns)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (ns < 0) {
        ns = 0;
    }
    return qemu_clock_set_virtual(ns > INT64_MAX - now ? INT64_MAX
                                                       : now + ns);
}
