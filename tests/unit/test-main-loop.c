/* Main loop: bottom halves, fd handlers, cross-thread wake-ups, BQL. */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qapi/error.h"

#include <signal.h>
#include <glib-unix.h>

static GString *trace;

static void trace_cb(void *opaque)
{
    g_string_append(trace, opaque);
}

static void reset_trace(void)
{
    if (!trace) {
        trace = g_string_new("");
    }
    g_string_truncate(trace, 0);
}

/* Drains pending work without blocking. */
static void drain(void)
{
    for (int i = 0; i < 5; i++) {
        main_loop_wait(true);
    }
}

static void test_bh_order(void)
{
    QEMUBH *a = qemu_bh_new(trace_cb, "a");
    QEMUBH *b = qemu_bh_new(trace_cb, "b");
    QEMUBH *c = qemu_bh_new(trace_cb, "c");

    reset_trace();
    qemu_bh_schedule(c);
    qemu_bh_schedule(a);
    qemu_bh_schedule(b);
    qemu_bh_schedule(c);          /* already scheduled: runs once */
    main_loop_wait(true);
    g_assert_cmpstr(trace->str, ==, "cab");

    qemu_bh_schedule(a);
    qemu_bh_schedule(b);
    qemu_bh_cancel(a);
    drain();
    g_assert_cmpstr(trace->str, ==, "cabb");

    qemu_bh_schedule(c);
    qemu_bh_delete(c);            /* deleting a scheduled BH unqueues it */
    drain();
    g_assert_cmpstr(trace->str, ==, "cabb");
    qemu_bh_delete(a);
    qemu_bh_delete(b);
}

/* A BH that reschedules itself runs once per round, never in a loop. */
static int self_count;
static QEMUBH *self_bh;

static void self_cb(void *opaque)
{
    self_count++;
    qemu_bh_schedule(self_bh);
}

static void test_bh_self_reschedule(void)
{
    self_count = 0;
    self_bh = qemu_bh_new(self_cb, NULL);
    qemu_bh_schedule(self_bh);
    main_loop_wait(true);
    g_assert_cmpint(self_count, ==, 1);
    main_loop_wait(true);
    g_assert_cmpint(self_count, ==, 2);
    qemu_bh_delete(self_bh);
    drain();
    g_assert_cmpint(self_count, ==, 2);
}

/* A BH may delete itself from its own callback. */
static void delete_self_cb(void *opaque)
{
    QEMUBH **p = opaque;

    g_string_append(trace, "d");
    qemu_bh_delete(*p);
    *p = NULL;
}

static void test_bh_delete_self(void)
{
    QEMUBH *bh;

    reset_trace();
    bh = qemu_bh_new(delete_self_cb, &bh);
    qemu_bh_schedule(bh);
    drain();
    g_assert_cmpstr(trace->str, ==, "d");
    g_assert_null(bh);
}

typedef struct PipeCtx {
    int fds[2];
    GString *got;
    int writable;
} PipeCtx;

static void pipe_read(void *opaque)
{
    PipeCtx *p = opaque;
    char buf[64];
    ssize_t n = read(p->fds[0], buf, sizeof(buf));

    if (n > 0) {
        g_string_append_len(p->got, buf, n);
    } else {
        /* EOF: the handler must remove itself or it would spin. */
        g_string_append(p->got, "<eof>");
        qemu_set_fd_handler(p->fds[0], NULL, NULL, NULL);
    }
}

static void pipe_write(void *opaque)
{
    PipeCtx *p = opaque;

    p->writable++;
    qemu_set_fd_handler(p->fds[1], NULL, NULL, NULL);
}

static void test_fd_handler(void)
{
    PipeCtx p = { .got = g_string_new("") };

    g_assert_true(g_unix_open_pipe(p.fds, FD_CLOEXEC, NULL));
    qemu_set_fd_handler(p.fds[0], pipe_read, NULL, &p);
    drain();
    g_assert_cmpstr(p.got->str, ==, "");

    g_assert_cmpint(write(p.fds[1], "hello", 5), ==, 5);
    main_loop_wait(false);        /* blocks until readable */
    g_assert_cmpstr(p.got->str, ==, "hello");

    /* Write readiness, removed from its own callback. */
    qemu_set_fd_handler(p.fds[1], NULL, pipe_write, &p);
    drain();
    g_assert_cmpint(p.writable, ==, 1);

    close(p.fds[1]);
    main_loop_wait(false);
    g_assert_cmpstr(p.got->str, ==, "hello<eof>");
    drain();
    g_assert_cmpstr(p.got->str, ==, "hello<eof>");
    close(p.fds[0]);
    g_string_free(p.got, true);
}

/* Replacing the handlers of a watched fd takes effect immediately. */
static void test_fd_handler_replace(void)
{
    PipeCtx p = { .got = g_string_new("") };
    PipeCtx q = { .got = g_string_new("") };

    g_assert_true(g_unix_open_pipe(p.fds, FD_CLOEXEC, NULL));
    q.fds[0] = p.fds[0];
    qemu_set_fd_handler(p.fds[0], pipe_read, NULL, &p);
    qemu_set_fd_handler(p.fds[0], pipe_read, NULL, &q);
    g_assert_cmpint(write(p.fds[1], "x", 1), ==, 1);
    main_loop_wait(false);
    g_assert_cmpstr(p.got->str, ==, "");
    g_assert_cmpstr(q.got->str, ==, "x");
    qemu_set_fd_handler(p.fds[0], NULL, NULL, NULL);
    qemu_set_fd_handler(p.fds[0], NULL, NULL, NULL);   /* no-op */
    close(p.fds[0]);
    close(p.fds[1]);
    g_string_free(p.got, true);
    g_string_free(q.got, true);
}

/* Another thread schedules a BH while the loop sleeps with no timeout;
 * it must wake up, and the BQL must be free while it sleeps. */
static volatile bool thread_bh_ran;

static void thread_bh_cb(void *opaque)
{
    g_assert_true(qemu_mutex_iothread_locked());
    thread_bh_ran = true;
}

static gpointer waker_thread(gpointer opaque)
{
    g_usleep(20000);
    qemu_mutex_lock_iothread();           /* free while the loop polls */
    qemu_bh_schedule(opaque);
    qemu_mutex_unlock_iothread();
    return NULL;
}

static void test_cross_thread_wakeup(void)
{
    QEMUBH *bh = qemu_bh_new(thread_bh_cb, NULL);
    GThread *t = g_thread_new("waker", waker_thread, bh);
    int64_t start = get_clock();

    g_assert_true(qemu_mutex_iothread_locked());
    while (!thread_bh_ran &&
           get_clock() - start < 5 * NANOSECONDS_PER_SECOND) {
        main_loop_wait(false);
    }
    g_assert_true(thread_bh_ran);
    g_assert_true(qemu_mutex_iothread_locked());
    g_thread_join(t);
    qemu_bh_delete(bh);
}

static gpointer notify_thread(gpointer opaque)
{
    g_usleep(20000);
    qemu_notify_event();
    return NULL;
}

static void test_notify(void)
{
    GThread *t = g_thread_new("notify", notify_thread, NULL);
    int64_t start = get_clock();

    main_loop_wait(false);        /* returns only because of the notify */
    g_assert_cmpint(get_clock() - start, <, 5 * NANOSECONDS_PER_SECOND);
    g_thread_join(t);
}

/* GLib sources attached to the default context run too. */
static gboolean idle_cb(gpointer opaque)
{
    trace_cb(opaque);
    return G_SOURCE_REMOVE;
}

static void test_glib_sources(void)
{
    reset_trace();
    g_idle_add(idle_cb, "i");
    drain();
    g_assert_cmpstr(trace->str, ==, "i");
}

/* SIGTERM becomes a shutdown request via the loop instead of killing us. */
static void test_sigterm_survives(void)
{
    os_setup_signal_handling();
    g_assert_cmpint(raise(SIGTERM), ==, 0);
    drain();
    g_assert_cmpint(raise(SIGPIPE), ==, 0);
    drain();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_cmpint(qemu_init_main_loop(&error_abort), ==, 0);
    g_assert_cmpint(qemu_init_main_loop(&error_abort), ==, 0);
    g_test_add_func("/main-loop/bh/order", test_bh_order);
    g_test_add_func("/main-loop/bh/self-reschedule", test_bh_self_reschedule);
    g_test_add_func("/main-loop/bh/delete-self", test_bh_delete_self);
    g_test_add_func("/main-loop/fd/pipe", test_fd_handler);
    g_test_add_func("/main-loop/fd/replace", test_fd_handler_replace);
    g_test_add_func("/main-loop/thread/bh-wakeup", test_cross_thread_wakeup);
    g_test_add_func("/main-loop/thread/notify", test_notify);
    g_test_add_func("/main-loop/glib-sources", test_glib_sources);
    g_test_add_func("/main-loop/signals/sigterm", test_sigterm_survives);
    return g_test_run();
}
