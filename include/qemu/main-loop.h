/*
 * The main loop (GLib-based): fd handlers, bottom halves, timers, and the
 * big lock (BQL) that serialises device state between the main loop and
 * vCPU threads. Device callbacks always run with the BQL held.
 */
#ifndef QEMU_MAIN_LOOP_H
#define QEMU_MAIN_LOOP_H

#include "qemu/osdep.h"

/* The calling thread becomes the main-loop thread and returns holding the
 * BQL (do not take it again there). Idempotent; 0 or -1 with errp. */
int qemu_init_main_loop(Error **errp);
/* One iteration: waits for fds/timers (not at all if nonblocking), with
 * the BQL released during the wait if the caller holds it. */
void main_loop_wait(bool nonblocking);
/* Wakes main_loop_wait from another thread. */
void qemu_notify_event(void);
GMainContext *qemu_get_main_context(void);

typedef void IOHandler(void *opaque);
typedef bool IOCanReadHandler(void *opaque);
/* Watches fd; NULL handlers remove the watch. */
void qemu_set_fd_handler(int fd, IOHandler *fd_read, IOHandler *fd_write,
                         void *opaque);

/* Bottom halves: callbacks run by the main loop soon after scheduling. */
typedef void QEMUBHFunc(void *opaque);
QEMUBH *qemu_bh_new(QEMUBHFunc *cb, void *opaque);
void qemu_bh_schedule(QEMUBH *bh);
void qemu_bh_cancel(QEMUBH *bh);
void qemu_bh_delete(QEMUBH *bh);

/* The big QEMU lock. */
void qemu_mutex_lock_iothread(void);
void qemu_mutex_unlock_iothread(void);
bool qemu_mutex_iothread_locked(void);
#define bql_lock() qemu_mutex_lock_iothread()
#define bql_unlock() qemu_mutex_unlock_iothread()
#define bql_locked() qemu_mutex_iothread_locked()
/* Waits on cond with the BQL (held by the caller) released meanwhile. */
void qemu_cond_wait_bql(GCond *cond);

/* Signals the main loop should handle (SIGTERM/SIGINT/SIGHUP -> shutdown
 * request with reason "host-signal"). */
void os_setup_signal_handling(void);

#endif
