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
    int fd;
} ChrIOWatch;

static gboolean chr_io_prepare(GSource *source, gint *timeout)
{
    ChrIOWatch *w = (ChrIOWatch *)source;
    bool want = qemu_chr_be_can_write(w->chr) > 0;

    /* GLib would still poll an fd with no events and poll(2) reports
     * hang-up regardless, so a full frontend on a dead peer would spin:
     * take the fd out of the poll set until there is room. */
    if (want && !w->tag) {
        w->tag = g_source_add_unix_fd(source, w->fd,
                                      G_IO_IN | G_IO_HUP | G_IO_ERR);
    } else if (!want && w->tag) {
        g_source_remove_unix_fd(source, w->tag);
        w->tag = NULL;
    }
    *timeout = -1;
    return FALSE;
}

static gboolean chr_io_dispatch(GSource *source, GSourceFunc unused,
                                gpointer unused2)
{
    ChrIOWatch *w = (ChrIOWatch *)source;
    GIOCondition rev = w->tag ? g_source_query_unix_fd(source, w->tag) : 0;

    if (rev) {
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
    w->fd = fd;
    w->tag = NULL;             /* polled once the frontend has room */
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
