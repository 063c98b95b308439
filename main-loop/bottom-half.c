/*
 * Bottom halves: deferred callbacks run by the main loop in the order they
 * were scheduled. Scheduling is safe from any thread; a BH scheduled while
 * BHs run waits for the next round so a self-rescheduling BH cannot starve
 * the loop.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "main-loop-int.h"

struct QEMUBH {
    QEMUBHFunc *cb;
    void *opaque;
    bool scheduled;
};

static GMutex bh_lock;
static GQueue bh_pending = G_QUEUE_INIT;   /* scheduled, for the next round */
static GQueue bh_running = G_QUEUE_INIT;   /* taken by the current round */

QEMUBH *qemu_bh_new(QEMUBHFunc *cb, void *opaque)
{
    QEMUBH *bh = g_new0(QEMUBH, 1);

    bh->cb = cb;
    bh->opaque = opaque;
    return bh;
}

void qemu_bh_schedule(QEMUBH *bh)
{
    bool wake = false;

    g_mutex_lock(&bh_lock);
    if (!bh->scheduled) {
        bh->scheduled = true;
        g_queue_push_tail(&bh_pending, bh);
        wake = true;
    }
    g_mutex_unlock(&bh_lock);
    if (wake && !qemu_in_main_thread()) {
        qemu_notify_event();
    }
}

/* Caller holds bh_lock. */
static void bh_unqueue(QEMUBH *bh)
{
    if (bh->scheduled) {
        bh->scheduled = false;
        if (!g_queue_remove(&bh_pending, bh)) {
            g_queue_remove(&bh_running, bh);
        }
    }
}

void qemu_bh_cancel(QEMUBH *bh)
{
    g_mutex_lock(&bh_lock);
    bh_unqueue(bh);
    g_mutex_unlock(&bh_lock);
}

void qemu_bh_delete(QEMUBH *bh)
{
    if (!bh) {
        return;
    }
    /* Safe from inside bh's own callback: the runner no longer touches a
     * BH once its callback has started. */
    qemu_bh_cancel(bh);
    g_free(bh);
}

bool qemu_bh_pending(void)
{
    bool pending;

    g_mutex_lock(&bh_lock);
    pending = !g_queue_is_empty(&bh_pending);
    g_mutex_unlock(&bh_lock);
    return pending;
}

bool qemu_bh_poll(void)
{
    bool ran = false;

    g_mutex_lock(&bh_lock);
    /* Nested main_loop_wait (from a callback) keeps draining one queue. */
    while (!g_queue_is_empty(&bh_pending)) {
        g_queue_push_tail(&bh_running, g_queue_pop_head(&bh_pending));
    }
    for (;;) {
        QEMUBH *bh = g_queue_pop_head(&bh_running);
        QEMUBHFunc *cb;
        void *opaque;

        if (!bh) {
            break;
        }
        bh->scheduled = false;
        cb = bh->cb;
        opaque = bh->opaque;
        g_mutex_unlock(&bh_lock);
        cb(opaque);
        ran = true;
        g_mutex_lock(&bh_lock);
    }
    g_mutex_unlock(&bh_lock);
    return ran;
}
