/*
 * The frontend side of a chardev: what devices and monitors use through
 * the CharBackend embedded in their state.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "chardev-internal.h"
#include "qapi/error.h"

bool qemu_chr_fe_init(CharBackend *b, Chardev *s, Error **errp)
{
    int tag = 0;

    if (s) {
        if (qemu_chr_is_mux(s)) {
            if (!mux_chr_attach_frontend(s, b, errp)) {
                return false;
            }
            tag = b->tag;
        } else if (s->be) {
            error_setg(errp, "Device '%s' is in use", s->label);
            return false;
        } else {
            s->be = b;
        }
    }
    b->fe_open = false;
    b->tag = tag;
    b->chr = s;
    return true;
}

void qemu_chr_fe_deinit(CharBackend *b, bool del)
{
    Chardev *chr = b->chr;

    if (!chr) {
        return;
    }
    qemu_chr_fe_set_handlers(b, NULL, NULL, NULL, NULL, NULL, true);
    if (chr->be == b) {
        chr->be = NULL;
    }
    if (qemu_chr_is_mux(chr)) {
        mux_chr_detach_frontend(chr, b);
    }
    b->chr = NULL;
    if (del) {
        qemu_chr_delete(chr);
    }
}

void qemu_chr_fe_set_handlers(CharBackend *b,
                              IOCanReadHandlerInt *fd_can_read,
                              IOReadHandler *fd_read,
                              IOEventHandler *fd_event,
                              void *opaque, GMainContext *context,
                              bool set_open)
{
    Chardev *s = b->chr;
    ChardevClass *cc;
    bool fe_open = fd_can_read || fd_read || fd_event;

    if (!s) {
        return;
    }
    cc = CHARDEV_GET_CLASS(s);
    b->chr_can_read = fd_can_read;
    b->chr_read = fd_read;
    b->chr_event = fd_event;
    b->opaque = opaque;
    if (cc->chr_update_read_handler) {
        cc->chr_update_read_handler(s);
    }
    if (set_open) {
        qemu_chr_fe_set_open(b, fe_open);
    }
    if (fe_open && qemu_chr_is_mux(s)) {
        mux_chr_set_handlers_done(s, b);
    } else if (fe_open && s->be_open && fd_event) {
        /* The backend was already open: tell the new frontend. */
        fd_event(opaque, CHR_EVENT_OPENED);
    }
    qemu_notify_event();
}

bool qemu_chr_fe_backend_open(CharBackend *be)
{
    return be->chr && be->chr->be_open;
}

int qemu_chr_fe_write(CharBackend *be, const uint8_t *buf, int len)
{
    return be->chr ? qemu_chr_write(be->chr, buf, len, false) : 0;
}

int qemu_chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len)
{
    return be->chr ? qemu_chr_write(be->chr, buf, len, true) : 0;
}

void qemu_chr_fe_printf(CharBackend *be, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *buf = NULL;

    va_start(ap, fmt);
    buf = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_chr_fe_write_all(be, (uint8_t *)buf, strlen(buf));
}

void qemu_chr_fe_accept_input(CharBackend *be)
{
    Chardev *s = be->chr;

    if (!s) {
        return;
    }
    if (CHARDEV_GET_CLASS(s)->chr_accept_input) {
        CHARDEV_GET_CLASS(s)->chr_accept_input(s);
    }
    /* May come from a vCPU thread while the loop sleeps without the fd. */
    qemu_notify_event();
}

void qemu_chr_fe_set_open(CharBackend *be, int fe_open)
{
    Chardev *s = be->chr;

    if (!s || be->fe_open == fe_open) {
        return;
    }
    be->fe_open = fe_open;
    if (CHARDEV_GET_CLASS(s)->chr_set_fe_open) {
        CHARDEV_GET_CLASS(s)->chr_set_fe_open(s, fe_open);
    }
}

void qemu_chr_fe_take_focus(CharBackend *b)
{
    if (b->chr && qemu_chr_is_mux(b->chr)) {
        mux_chr_set_focus(b->chr, b->tag);
    }
}
