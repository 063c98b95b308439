/* "null": discards output, never has input. "vc" is the same when there
 * is no display to put a text console on. */
#include "qemu/osdep.h"
#include "chardev/char.h"

static int null_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    return len;
}

static void null_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->chr_write = null_chr_write;
}

static void vc_chr_open(Chardev *chr, JsonObject *opts, bool *be_opened,
                        Error **errp)
{
    chr->filename = g_strdup("vc");
}

static void vc_chr_class_init(ObjectClass *oc, void *data)
{
    static const char *const keys[] = { "width", "height", "cols", "rows",
                                        NULL };
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->open = vc_chr_open;
    cc->opt_keys = keys;
}

static const TypeInfo null_types[] = {
    {
        .name = TYPE_CHARDEV_NULL,
        .parent = TYPE_CHARDEV,
        .instance_size = sizeof(Chardev),
        .class_init = null_chr_class_init,
    }, {
        .name = "chardev-vc",
        .parent = TYPE_CHARDEV_NULL,
        .class_init = vc_chr_class_init,
    },
};

DEFINE_TYPES(null_types)
