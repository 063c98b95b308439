/*
 * fd plumbing shared by the fd-based backends: a read watch that polls
 * only while the frontend has room (flow control) and a write helper.
 */
#include "qemu/osdep.h"
#include "chardev-internal.h"

typedef struct ChrIOWatch {
    GSource source;
    Chardev *chr;
    gpointer tag;
    ChrIOReadFunc *fn;
    GIOCondition events;
} ChrIOWatch;

static gboolean chr_io_prepare(GSource *source, gint *timeout)
{
    ChrIOWatch *w = (ChrIOWatch *)source;
    /* GLib leaves fds without events out of the poll, so a frontend that
     * is full sees neither data nor hang-up until it has room again. */
    GIOCondition want = qemu_chr_be_can_write(w->chr) > 0
                        ? G_IO_IN | G_IO_HUP | G_IO_ERR : 0;

    if (want != w->events) {
        w->events = want;
        g_source_modify_unix_fd(source, w->tag, want);
    }
    *timeout = -1;
    return FALSE;
}

static gboolean chr_io_dispatch(GSource *source, GSourceFunc unused,
                                gpointer unused2)
{
    ChrIOWatch *w = (ChrIOWatch *)source;
    GIOCondition rev = g_source_query_unix_fd(source, w->tag);

    if (rev & w->events) {
        w->fn(w->chr, rev);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs chr_io_funcs = {
    .prepare = chr_io_prepare,
    .dispatch = chr_io_dispatch,
};

GSource *chr_io_add_read_watch(Chardev *chr, int fd, ChrIOReadFunc *fn)
{
    ChrIOWatch *w = (ChrIOWatch *)g_source_new(&chr_io_funcs,
                                               sizeof(ChrIOWatch));

    w->chr = chr;
    w->fn = fn;
    w->events = 0;
    w->tag = g_source_add_unix_fd(&w->source, fd, 0);
    g_source_set_name(&w->source, "vireo-chardev-read");
    g_source_attach(&w->source, qemu_get_main_context());
    return &w->source;
}

void chr_io_remove_watch(GSource **src)
{
    if (*src) {
        g_source_destroy(*src);
        g_source_unref(*src);
        *src = NULL;
    }
}

int chr_io_write(int fd, const uint8_t *buf, int len)
{
    ssize_t r;

    do {
        r = write(fd, buf, len);
    } while (r < 0 && errno == EINTR);
    return r;
}
