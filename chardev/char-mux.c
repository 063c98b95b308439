/*
 * The multiplexer (mux=on, "mon:stdio"): up to MAX_MUX frontends share
 * one backend. Output from every frontend goes out; input goes to the
 * focused one. Escape sequences (Ctrl-A by default, see -echr):
 *   C-a c  switch focus    C-a x  quit       C-a h  help
 *   C-a b  send break      C-a C-a  a literal C-a
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "system/runstate.h"

#define MAX_MUX 4
#define MUX_PENDING_MAX 4096

typedef struct MuxChardev {
    Chardev parent;
    Chardev *drv;                   /* the real backend, "<id>-base" */
    CharBackend chr;                /* our frontend on drv */
    CharBackend *backends[MAX_MUX];
    int mux_cnt;
    int focus;                      /* -1: no frontend yet */
    bool got_escape;
    GByteArray *pending;            /* input the focus could not take yet */
} MuxChardev;
#define MUX_CHARDEV(obj) OBJECT_CHECK(MuxChardev, (obj), TYPE_CHARDEV_MUX)

static CharBackend *mux_focused(MuxChardev *d)
{
    return d->focus >= 0 ? d->backends[d->focus] : NULL;
}

static void mux_send_event(CharBackend *be, QEMUChrEvent event)
{
    if (be && be->chr_event) {
        be->chr_event(be->opaque, event);
    }
}

void mux_chr_set_focus(Chardev *chr, int tag)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    if (tag < 0 || tag >= d->mux_cnt || !d->backends[tag] ||
        tag == d->focus) {
        return;
    }
    mux_send_event(mux_focused(d), CHR_EVENT_MUX_OUT);
    d->focus = tag;
    /* Typed-ahead input belonged to the old focus. */
    g_byte_array_set_size(d->pending, 0);
    chr->be = d->backends[tag];
    mux_send_event(d->backends[tag], CHR_EVENT_MUX_IN);
}

static void mux_print(MuxChardev *d, const char *text)
{
    qemu_chr_write(d->drv, (const uint8_t *)text, strlen(text), true);
}

static void mux_print_help(MuxChardev *d)
{
    static const char *const lines[] = {
        "h    print this help",
        "x    exit emulator",
        "s    save disk data back to file (if -snapshot)",
        "t    toggle console timestamps",
        "b    send break (magic sysrq)",
        "c    switch between console and monitor",
    };
    char esc[8];

    if (term_escape_char > 0 && term_escape_char < 26) {
        snprintf(esc, sizeof(esc), "C-%c", term_escape_char - 1 + 'a');
    } else {
        snprintf(esc, sizeof(esc), "0x%02x", term_escape_char & 0xff);
    }
    mux_print(d, "\n\r");
    for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
        g_autofree char *l = g_strdup_printf("%s %s\n\r", esc, lines[i]);
        mux_print(d, l);
    }
    {
        g_autofree char *l = g_strdup_printf("%s %s  sends %s\n\r",
                                             esc, esc, esc);
        mux_print(d, l);
    }
}

/* Returns true if c goes to the focused frontend. */
static bool mux_proc_byte(MuxChardev *d, int c)
{
    if (!d->got_escape) {
        if (c == term_escape_char) {
            d->got_escape = true;
            return false;
        }
        return true;
    }
    d->got_escape = false;
    switch (c) {
    case 'h':
    case '?':
        mux_print_help(d);
        break;
    case 'x':
        mux_print(d, "QEMU: Terminated\n\r");
        qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_UI);
        break;
    case 'b':
        mux_send_event(mux_focused(d), CHR_EVENT_BREAK);
        break;
    case 'c':
        if (d->mux_cnt > 0) {
            int next = d->focus;

            /* Skip detached slots. */
            for (int i = 0; i < MAX_MUX; i++) {
                next = (next + 1) % d->mux_cnt;
                if (d->backends[next]) {
                    break;
                }
            }
            mux_chr_set_focus(CHARDEV(d), next);
        }
        break;
    case 's':
    case 't':
        break;                 /* accepted, nothing to do here */
    default:
        return c == term_escape_char;
    }
    return false;
}

/* Delivers pending input as far as the focused frontend takes it. */
static void mux_flush_pending(MuxChardev *d)
{
    CharBackend *be = mux_focused(d);
    int n;

    while (d->pending->len && be && be->chr_can_read && be->chr_read) {
        n = MIN(be->chr_can_read(be->opaque), (int)d->pending->len);
        if (n <= 0) {
            return;
        }
        be->chr_read(be->opaque, d->pending->data, n);
        g_byte_array_remove_range(d->pending, 0, n);
        be = mux_focused(d);
    }
}

static int mux_chr_can_read(void *opaque)
{
    MuxChardev *d = opaque;
    CharBackend *be;

    /* Frontends that never call accept_input still get pending data. */
    mux_flush_pending(d);
    if (d->pending->len) {
        return 0;
    }
    be = mux_focused(d);
    /* Escape bytes are consumed here, so accept at least one while the
     * focus is full; anything it cannot take waits in pending. */
    if (be && be->chr_can_read) {
        return MAX(be->chr_can_read(be->opaque), 1);
    }
    return 1;
}

static void mux_chr_read(void *opaque, const uint8_t *buf, int size)
{
    MuxChardev *d = opaque;

    for (int i = 0; i < size; i++) {
        if (mux_proc_byte(d, buf[i]) && mux_focused(d) &&
            d->pending->len < MUX_PENDING_MAX) {
            g_byte_array_append(d->pending, &buf[i], 1);
        }
        /* Deliver before a later byte may switch the focus. */
        mux_flush_pending(d);
    }
}

static void mux_chr_event(void *opaque, QEMUChrEvent event)
{
    MuxChardev *d = opaque;

    if (event == CHR_EVENT_OPENED || event == CHR_EVENT_CLOSED) {
        d->parent.be_open = event == CHR_EVENT_OPENED;
    }
    for (int i = 0; i < d->mux_cnt; i++) {
        mux_send_event(d->backends[i], event);
    }
}

static int mux_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    return qemu_chr_write(MUX_CHARDEV(chr)->drv, buf, len, false);
}

static void mux_chr_accept_input(Chardev *chr)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    mux_flush_pending(d);
    qemu_chr_fe_accept_input(&d->chr);
}

bool mux_chr_attach_frontend(Chardev *chr, CharBackend *b, Error **errp)
{
    MuxChardev *d = MUX_CHARDEV(chr);
    int tag = -1;

    for (int i = 0; i < MAX_MUX; i++) {
        if (!d->backends[i]) {
            tag = i;
            break;
        }
    }
    if (tag < 0) {
        error_setg(errp, "too many uses of multiplexed chardev '%s'",
                   chr->label);
        return false;
    }
    d->backends[tag] = b;
    d->mux_cnt = MAX(d->mux_cnt, tag + 1);
    b->tag = tag;
    if (d->focus < 0) {
        d->focus = tag;
        chr->be = b;
    }
    return true;
}

void mux_chr_detach_frontend(Chardev *chr, CharBackend *b)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    if (b->tag < 0 || b->tag >= MAX_MUX || d->backends[b->tag] != b) {
        return;
    }
    d->backends[b->tag] = NULL;
    if (d->focus == b->tag) {
        d->focus = -1;
        chr->be = NULL;
        for (int i = 0; i < d->mux_cnt; i++) {
            if (d->backends[i]) {
                d->focus = i;
                chr->be = d->backends[i];
                break;
            }
        }
    }
}

/* Like QEMU, the frontend that last installs handlers takes the focus. */
void mux_chr_set_handlers_done(Chardev *chr, CharBackend *b)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    mux_chr_set_focus(chr, b->tag);
    if (d->drv->be_open) {
        mux_send_event(b, CHR_EVENT_OPENED);
    }
}

Chardev *qemu_chr_new_mux(const char *id, Chardev *base, Error **errp)
{
    MuxChardev *d = MUX_CHARDEV(object_new(TYPE_CHARDEV_MUX));
    Chardev *chr = CHARDEV(d);

    chr->label = g_strdup(id);
    chr->filename = g_strdup(base->filename);
    d->drv = base;
    if (!qemu_chr_fe_init(&d->chr, base, errp)) {
        object_unref(OBJECT(d));
        return NULL;
    }
    qemu_chr_fe_set_handlers(&d->chr, mux_chr_can_read, mux_chr_read,
                             mux_chr_event, d, NULL, true);
    chr->be_open = base->be_open;
    qemu_chr_register(chr);
    return chr;
}

static void mux_chr_init(Object *obj)
{
    MuxChardev *d = MUX_CHARDEV(obj);

    d->focus = -1;
    d->pending = g_byte_array_new();
}

static void mux_chr_finalize(Object *obj)
{
    MuxChardev *d = MUX_CHARDEV(obj);

    for (int i = 0; i < d->mux_cnt; i++) {
        if (d->backends[i]) {
            d->backends[i]->chr = NULL;
        }
    }
    CHARDEV(d)->be = NULL;
    /* The base exists only for us: it goes too. */
    qemu_chr_fe_deinit(&d->chr, d->drv != NULL);
    g_byte_array_unref(d->pending);
}

static void mux_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->internal = true;
    cc->chr_write = mux_chr_write;
    cc->chr_accept_input = mux_chr_accept_input;
}

static const TypeInfo mux_chr_type = {
    .name = TYPE_CHARDEV_MUX,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(MuxChardev),
    .instance_init = mux_chr_init,
    .instance_finalize = mux_chr_finalize,
    .class_init = mux_chr_class_init,
};

static void mux_chr_register_types(void)
{
    type_register_static(&mux_chr_type);
}
type_init(mux_chr_register_types)
