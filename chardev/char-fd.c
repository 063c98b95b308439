/*
 * Chardevs on a pair of file descriptors, the common part of file, pipe
 * and stdio: input through the flow-controlled read watch, output by
 * write(2).
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "chardev-internal.h"

static void fd_chr_read(Chardev *chr, GIOCondition cond)
{
    FDChardev *s = FD_CHARDEV(chr);
    uint8_t buf[4096];
    int len = MIN(qemu_chr_be_can_write(chr), (int)sizeof(buf));
    ssize_t n;

    if (len <= 0) {
        return;
    }
    do {
        n = read(s->fd_in, buf, len);
    } while (n < 0 && errno == EINTR);
    if (n > 0) {
        qemu_chr_be_write(chr, buf, n);
    } else if (n == 0 || errno != EAGAIN) {
        /* EOF (or a dead fd): nothing more will come. */
        fd_chardev_stop_input(s);
    }
}

void fd_chardev_stop_input(FDChardev *s)
{
    chr_io_remove_watch(&s->watch);
}

void fd_chardev_set_fds(FDChardev *s, int fd_in, int fd_out, bool own)
{
    s->fd_in = fd_in;
    s->fd_out = fd_out;
    s->close_fds = own;
    if (fd_in >= 0) {
        s->watch = chr_io_add_read_watch(CHARDEV(s), fd_in, fd_chr_read);
    }
}

static int fd_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    FDChardev *s = FD_CHARDEV(chr);

    if (s->fd_out < 0) {
        return len;
    }
    return chr_io_write(s->fd_out, buf, len);
}

static void fd_chr_init(Object *obj)
{
    FDChardev *s = FD_CHARDEV(obj);

    s->fd_in = -1;
    s->fd_out = -1;
}

static void fd_chr_finalize(Object *obj)
{
    FDChardev *s = FD_CHARDEV(obj);

    chr_io_remove_watch(&s->watch);
    if (s->close_fds) {
        if (s->fd_in >= 0) {
            close(s->fd_in);
        }
        if (s->fd_out >= 0 && s->fd_out != s->fd_in) {
            close(s->fd_out);
        }
    }
}

static void fd_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->chr_write = fd_chr_write;
}

static const TypeInfo fd_chr_type = {
    .name = TYPE_CHARDEV_FD,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(FDChardev),
    .instance_init = fd_chr_init,
    .instance_finalize = fd_chr_finalize,
    .class_init = fd_chr_class_init,
    .abstract = true,
};

static void fd_chr_register_types(void)
{
    type_register_static(&fd_chr_type);
}
type_init(fd_chr_register_types)
