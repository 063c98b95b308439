/*
 * Clocks and timers.
 *  QEMU_CLOCK_REALTIME: monotonic host time, runs while the VM is stopped.
 *  QEMU_CLOCK_VIRTUAL:  guest time; stops when the VM stops; under
 *                       -accel qtest it moves only by qtest clock_step/set.
 *  QEMU_CLOCK_HOST:     wall-clock time (follows host clock changes).
 * Timers fire from the main loop with the global lock held.
 */
#ifndef QEMU_TIMER_H
#define QEMU_TIMER_H

#include "qemu/osdep.h"

typedef enum QEMUClockType {
    QEMU_CLOCK_REALTIME = 0,
    QEMU_CLOCK_VIRTUAL = 1,
    QEMU_CLOCK_HOST = 2,
    QEMU_CLOCK_MAX
} QEMUClockType;

#define SCALE_MS 1000000
#define SCALE_US 1000
#define SCALE_NS 1

typedef void QEMUTimerCB(void *opaque);

struct QEMUTimer {
    int64_t expire_time;          /* in the clock's ns; -1: not pending */
    QEMUClockType type;
    QEMUTimerCB *cb;
    void *opaque;
    int scale;
    QEMUTimer *next;
};

int64_t qemu_clock_get_ns(QEMUClockType type);
static inline int64_t qemu_clock_get_ms(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_MS;
}
static inline int64_t qemu_clock_get_us(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_US;
}
/* Host monotonic time in ns, independent of clocks. */
int64_t get_clock_realtime(void);
int64_t get_clock(void);

/* Timers: expire_time is in units of the timer's scale. */
void timer_init_full(QEMUTimer *ts, QEMUClockType type, int scale,
                     QEMUTimerCB *cb, void *opaque);
QEMUTimer *timer_new_full(QEMUClockType type, int scale, QEMUTimerCB *cb,
                          void *opaque);
static inline QEMUTimer *timer_new_ns(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new_full(type, SCALE_NS, cb, opaque);
}
static inline QEMUTimer *timer_new_us(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new_full(type, SCALE_US, cb, opaque);
}
static inline QEMUTimer *timer_new_ms(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new_full(type, SCALE_MS, cb, opaque);
}
void timer_mod(QEMUTimer *ts, int64_t expire_time);
void timer_mod_ns(QEMUTimer *ts, int64_t expire_time_ns);
/* Only moves the deadline earlier. */
void timer_mod_anticipate(QEMUTimer *ts, int64_t expire_time);
void timer_del(QEMUTimer *ts);
void timer_free(QEMUTimer *ts);           /* deletes first; NULL is ok */
bool timer_pending(QEMUTimer *ts);
bool timer_expired(QEMUTimer *ts, int64_t current_time);
int64_t timer_expire_time_ns(QEMUTimer *ts);   /* -1 if not pending */

/* ns until the earliest pending timer of the clock, -1 if none. */
int64_t qemu_clock_deadline_ns(QEMUClockType type);
/* Earliest over all clocks that run now; -1 if none. */
int64_t qemu_clock_deadline_ns_all(void);
/* Runs expired timers of one clock / all clocks; true if any ran. */
bool qemu_clock_run_timers(QEMUClockType type);
bool qemu_clock_run_all_timers(void);
/* Enables/disables a clock's timers (the virtual clock stops with the VM). */
void qemu_clock_enable(QEMUClockType type, bool enabled);

/*
 * The virtual clock. Normally it follows the host monotonic clock while
 * the VM runs and freezes while it is stopped. In manual mode (qtest) it
 * only moves through qemu_clock_advance_virtual / qemu_clock_set_virtual,
 * which run the virtual timers that come due, in order, each seeing the
 * clock at its own deadline.
 */
void qemu_clock_set_virtual_manual(bool manual);
bool qemu_clock_virtual_is_manual(void);
/* Returns the new clock value. */
int64_t qemu_clock_advance_virtual(int64_t ns);
int64_t qemu_clock_set_virtual(int64_t target_ns);
/* Pause/resume for vm_stop/vm_start. */
void cpu_disable_ticks(void);
void cpu_enable_ticks(void);

/* Guest-visible TSC-ish counter for devices that need ticks. */
int64_t cpu_get_ticks(void);

#endif
