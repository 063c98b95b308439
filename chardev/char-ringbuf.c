/*
 * "ringbuf" (alias "memory"): keeps the last size= bytes the frontend
 * wrote, for ringbuf-read; ringbuf-write feeds the frontend.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "qemu/option.h"

typedef struct RingBufChardev {
    Chardev parent;
    size_t size;            /* power of two */
    uint64_t prod, cons;    /* free-running; bytes are at index & (size-1) */
    uint8_t *cbuf;
} RingBufChardev;
#define RINGBUF_CHARDEV(obj) \
    OBJECT_CHECK(RingBufChardev, (obj), TYPE_CHARDEV_RINGBUF)

static size_t ringbuf_count(RingBufChardev *d)
{
    return d->prod - d->cons;
}

static int ringbuf_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    RingBufChardev *d = RINGBUF_CHARDEV(chr);

    for (int i = 0; i < len; i++) {
        d->cbuf[d->prod++ & (d->size - 1)] = buf[i];
        if (ringbuf_count(d) > d->size) {
            d->cons++;         /* overwrite the oldest byte */
        }
    }
    return len;
}

static void ringbuf_chr_open(Chardev *chr, JsonObject *opts,
                             bool *be_opened, Error **errp)
{
    RingBufChardev *d = RINGBUF_CHARDEV(chr);
    Error *err = NULL;
    uint64_t size = opt_get_size(opts, "size", 64 * KiB, &err);

    if (err) {
        error_propagate(errp, err);
        return;
    }
    if (size == 0 || (size & (size - 1)) || size > 1 * GiB) {
        error_setg(errp, "size of ringbuf chardev must be power of two");
        return;
    }
    d->size = size;
    d->cbuf = g_malloc0(size);
}

static void ringbuf_chr_finalize(Object *obj)
{
    g_free(RINGBUF_CHARDEV(obj)->cbuf);
}

static RingBufChardev *ringbuf_find(const char *device, Error **errp)
{
    Chardev *chr = qemu_chr_find(device);

    if (!chr) {
        error_setg(errp, "Device '%s' not found", device);
        return NULL;
    }
    if (!object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_RINGBUF)) {
        error_setg(errp, "%s is not a ringbuf device", device);
        return NULL;
    }
    return RINGBUF_CHARDEV(chr);
}

bool qemu_chr_ringbuf_write(const char *device, const uint8_t *data,
                            size_t len, Error **errp)
{
    RingBufChardev *d = ringbuf_find(device, errp);

    if (!d) {
        return false;
    }
    g_mutex_lock(&d->parent.chr_write_lock);
    ringbuf_chr_write(&d->parent, data, len);
    g_mutex_unlock(&d->parent.chr_write_lock);
    /* Like QEMU, the bytes also go to the frontend (as if typed). */
    qemu_chr_be_write(&d->parent, data, len);
    return true;
}

uint8_t *qemu_chr_ringbuf_read(const char *device, int64_t size,
                               size_t *len, Error **errp)
{
    RingBufChardev *d = ringbuf_find(device, errp);
    uint8_t *out;
    size_t n;

    *len = 0;
    if (!d) {
        return NULL;
    }
    if (size < 0) {
        error_setg(errp, "size must be greater than zero");
        return NULL;
    }
    g_mutex_lock(&d->parent.chr_write_lock);
    n = MIN((uint64_t)size, ringbuf_count(d));
    out = g_malloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        out[i] = d->cbuf[d->cons++ & (d->size - 1)];
    }
    out[n] = 0;
    g_mutex_unlock(&d->parent.chr_write_lock);
    *len = n;
    return out;
}

static void ringbuf_chr_class_init(ObjectClass *oc, void *data)
{
    static const char *const keys[] = { "size", NULL };
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->open = ringbuf_chr_open;
    cc->chr_write = ringbuf_chr_write;
    cc->opt_keys = keys;
}

static const TypeInfo ringbuf_types[] = {
    {
        .name = TYPE_CHARDEV_RINGBUF,
        .parent = TYPE_CHARDEV,
        .instance_size = sizeof(RingBufChardev),
        .instance_finalize = ringbuf_chr_finalize,
        .class_init = ringbuf_chr_class_init,
    }, {
        .name = "chardev-memory",
        .parent = TYPE_CHARDEV_RINGBUF,
    },
};

DEFINE_TYPES(ringbuf_types)
