/*
 * The main loop: one GLib context (the default one, so g_idle_add() and
 * friends work too) iterated by hand, so the BQL can be dropped exactly
 * around the poll and timers can set the poll timeout in nanoseconds.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "main-loop-int.h"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>

static bool main_loop_ready;
static __thread bool is_main_thread;
static int notify_fd = -1;

bool qemu_in_main_thread(void)
{
    /* Before init there is only one thread that matters: the caller. */
    return is_main_thread || !main_loop_ready;
}

GMainContext *qemu_get_main_context(void)
{
    return g_main_context_default();
}

/* --- fd handlers ------------------------------------------------------ */

typedef struct FdHandler {
    GSource source;
    gpointer tag;
    int fd;
    IOHandler *fd_read;
    IOHandler *fd_write;
    void *opaque;
    bool removed;
} FdHandler;

static GHashTable *fd_handlers;       /* fd -> FdHandler* */
static GMutex fd_handlers_lock;

static GIOCondition fd_handler_cond(IOHandler *fd_read, IOHandler *fd_write)
{
    return (fd_read ? G_IO_IN | G_IO_HUP | G_IO_ERR : 0) |
           (fd_write ? G_IO_OUT | G_IO_ERR : 0);
}

static gboolean fd_handler_dispatch(GSource *source, GSourceFunc unused,
                                    gpointer unused2)
{
    FdHandler *h = (FdHandler *)source;
    GIOCondition rev = g_source_query_unix_fd(source, h->tag);

    if (rev & G_IO_NVAL) {
        /* Closed without removing the handler: drop the watch rather
         * than spin at 100% CPU on an invalid descriptor. */
        g_warning("fd %d was closed while still watched by the main loop",
                  h->fd);
        qemu_set_fd_handler(h->fd, NULL, NULL, NULL);
        return G_SOURCE_REMOVE;
    }
    /* Either callback may remove or replace the handler; GLib keeps the
     * source alive for the duration of the dispatch. */
    if ((rev & (G_IO_IN | G_IO_HUP | G_IO_ERR)) && h->fd_read) {
        h->fd_read(h->opaque);
    }
    if (!h->removed && (rev & (G_IO_OUT | G_IO_ERR)) && h->fd_write) {
        h->fd_write(h->opaque);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs fd_handler_funcs = {
    .dispatch = fd_handler_dispatch,
};

void qemu_set_fd_handler(int fd, IOHandler *fd_read, IOHandler *fd_write,
                         void *opaque)
{
    FdHandler *h;

    g_assert(fd >= 0);
    g_mutex_lock(&fd_handlers_lock);
    if (!fd_handlers) {
        fd_handlers = g_hash_table_new(NULL, NULL);
    }
    h = g_hash_table_lookup(fd_handlers, GINT_TO_POINTER(fd));
    if (!fd_read && !fd_write) {
        if (h) {
            g_hash_table_remove(fd_handlers, GINT_TO_POINTER(fd));
            h->removed = true;
            g_source_destroy(&h->source);
            g_source_unref(&h->source);
        }
    } else if (h) {
        h->fd_read = fd_read;
        h->fd_write = fd_write;
        h->opaque = opaque;
        g_source_modify_unix_fd(&h->source, h->tag,
                                fd_handler_cond(fd_read, fd_write));
    } else {
        h = (FdHandler *)g_source_new(&fd_handler_funcs, sizeof(FdHandler));
        h->fd = fd;
        h->fd_read = fd_read;
        h->fd_write = fd_write;
        h->opaque = opaque;
        h->tag = g_source_add_unix_fd(&h->source, fd,
                                      fd_handler_cond(fd_read, fd_write));
        g_source_set_name(&h->source, "vireo-fd-handler");
        g_hash_table_insert(fd_handlers, GINT_TO_POINTER(fd), h);
        g_source_attach(&h->source, qemu_get_main_context());
    }
    g_mutex_unlock(&fd_handlers_lock);
    if (!qemu_in_main_thread()) {
        qemu_notify_event();
    }
}

/* --- cross-thread wake-up --------------------------------------------- */

static void notify_drain(void *opaque)
{
    uint64_t v;

    while (read(notify_fd, &v, sizeof(v)) == sizeof(v)) {
        /* nothing: waking up was the point */
    }
}

void qemu_notify_event(void)
{
    uint64_t one = 1;

    if (notify_fd < 0) {
        return;
    }
    /* EAGAIN means the counter is saturated: a wake-up is pending anyway. */
    while (write(notify_fd, &one, sizeof(one)) < 0 && errno == EINTR) {
    }
}

int qemu_init_main_loop(Error **errp)
{
    if (main_loop_ready) {
        return 0;
    }
    notify_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (notify_fd < 0) {
        error_setg_errno(errp, errno, "Failed to create the main loop's "
                         "notification eventfd");
        return -1;
    }
    /* Peers that go away must give EPIPE, not kill the emulator. */
    signal(SIGPIPE, SIG_IGN);
    is_main_thread = true;
    main_loop_ready = true;
    qemu_set_fd_handler(notify_fd, notify_drain, NULL, NULL);
    qemu_mutex_lock_iothread();
    return 0;
}

/* --- one iteration ---------------------------------------------------- */

/* Poll timeout in ns from GLib's (ms) and the timers' (ns); -1: forever. */
static int64_t poll_timeout_ns(int glib_timeout_ms, bool nonblocking)
{
    int64_t t = qemu_clock_deadline_ns_all();

    if (nonblocking || qemu_bh_pending()) {
        return 0;
    }
    if (glib_timeout_ms >= 0) {
        int64_t g = (int64_t)glib_timeout_ms * SCALE_MS;
        t = t < 0 ? g : MIN(t, g);
    }
    return t;
}

void main_loop_wait(bool nonblocking)
{
    GMainContext *ctx = qemu_get_main_context();
    GPollFD local[32];
    GPollFD *fds = local;
    int nfds_alloc = ARRAY_SIZE(local);
    int max_prio, glib_timeout, nfds;
    int64_t timeout;
    bool had_bql = qemu_mutex_iothread_locked();

    if (!g_main_context_acquire(ctx)) {
        fprintf(stderr, "BUG: main_loop_wait on a thread that does not "
                "own the main context\n");
        abort();
    }
    g_main_context_prepare(ctx, &max_prio);
    for (;;) {
        nfds = g_main_context_query(ctx, max_prio, &glib_timeout,
                                    fds, nfds_alloc);
        if (nfds <= nfds_alloc) {
            break;
        }
        if (fds != local) {
            g_free(fds);
        }
        nfds_alloc = nfds;
        fds = g_new(GPollFD, nfds_alloc);
    }
    timeout = poll_timeout_ns(glib_timeout, nonblocking);

    if (had_bql) {
        qemu_mutex_unlock_iothread();
    }
    /* GPollFD has struct pollfd's layout on every Unix GLib supports. */
    QEMU_BUILD_BUG_ON(sizeof(GPollFD) != sizeof(struct pollfd));
    if (timeout < 0) {
        ppoll((struct pollfd *)fds, nfds, NULL, NULL);
    } else {
        struct timespec ts = {
            .tv_sec = timeout / NANOSECONDS_PER_SECOND,
            .tv_nsec = timeout % NANOSECONDS_PER_SECOND,
        };
        ppoll((struct pollfd *)fds, nfds, &ts, NULL);
    }
    if (had_bql) {
        qemu_mutex_lock_iothread();
    }

    if (g_main_context_check(ctx, max_prio, fds, nfds)) {
        g_main_context_dispatch(ctx);
    }
    g_main_context_release(ctx);
    if (fds != local) {
        g_free(fds);
    }

    qemu_clock_run_all_timers();
    qemu_bh_poll();
}
