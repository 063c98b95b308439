/*
 * "pipe": path= names a pair of FIFOs PATH.in (we read) and PATH.out (we
 * write); if they do not both exist, PATH itself is used both ways.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "qemu/option.h"

static void pipe_chr_open(Chardev *chr, JsonObject *opts, bool *be_opened,
                          Error **errp)
{
    const char *path = opt_get_str(opts, "path", NULL);
    g_autofree char *in = NULL;
    g_autofree char *out = NULL;
    int fd_in, fd_out;

    if (!path) {
        error_setg(errp, "chardev: pipe: no device path given");
        return;
    }
    in = g_strdup_printf("%s.in", path);
    out = g_strdup_printf("%s.out", path);
    /* O_RDWR keeps a FIFO open without a peer instead of blocking. */
    fd_in = open(in, O_RDWR | O_CLOEXEC);
    fd_out = open(out, O_RDWR | O_CLOEXEC);
    if (fd_in < 0 || fd_out < 0) {
        if (fd_in >= 0) {
            close(fd_in);
        }
        if (fd_out >= 0) {
            close(fd_out);
        }
        fd_in = fd_out = open(path, O_RDWR | O_CLOEXEC);
        if (fd_in < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'", path);
            return;
        }
    }
    fd_chardev_set_fds(FD_CHARDEV(chr), fd_in, fd_out, true);
    chr->filename = g_strdup_printf("pipe:%s", path);
}

static void pipe_chr_class_init(ObjectClass *oc, void *data)
{
    static const char *const keys[] = { "path", NULL };
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->open = pipe_chr_open;
    cc->opt_keys = keys;
}

static const TypeInfo pipe_chr_type = {
    .name = TYPE_CHARDEV_PIPE,
    .parent = TYPE_CHARDEV_FD,
    .class_init = pipe_chr_class_init,
};

static void pipe_chr_register_types(void)
{
    type_register_static(&pipe_chr_type);
}
type_init(pipe_chr_register_types)
