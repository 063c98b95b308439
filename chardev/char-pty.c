/*
 * "pty": a pseudo-terminal whose slave (/dev/pts/N) is announced on
 * stderr. Until something opens the slave, the master reports hang-up;
 * we poll for that once a second and only then count as connected, so
 * output is discarded rather than piling up with nobody reading.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "qemu/timer.h"

#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <glib-unix.h>

typedef struct PtyChardev {
    Chardev parent;
    int fd;
    GSource *watch;
    QEMUTimer *poll_timer;
    bool connected;
} PtyChardev;
#define PTY_CHARDEV(obj) OBJECT_CHECK(PtyChardev, (obj), TYPE_CHARDEV_PTY)

static void pty_chr_state(PtyChardev *s, bool connected);

/* True if a slave is open (the master no longer hangs up). */
static bool pty_slave_open(PtyChardev *s)
{
    struct pollfd pfd = { .fd = s->fd, .events = POLLOUT };

    return poll(&pfd, 1, 0) >= 0 && !(pfd.revents & POLLHUP);
}

static void pty_chr_read(Chardev *chr, GIOCondition cond)
{
    PtyChardev *s = PTY_CHARDEV(chr);
    uint8_t buf[4096];
    int len = MIN(qemu_chr_be_can_write(chr), (int)sizeof(buf));
    ssize_t n = 0;

    if (len > 0) {
        do {
            n = read(s->fd, buf, len);
        } while (n < 0 && errno == EINTR);
    }
    if (n > 0) {
        qemu_chr_be_write(chr, buf, n);
    } else if ((n < 0 && errno != EAGAIN) || (cond & G_IO_HUP)) {
        /* EIO: the last slave user closed it. */
        pty_chr_state(s, false);
    }
}

static void pty_poll_timer_cb(void *opaque)
{
    PtyChardev *s = opaque;

    if (pty_slave_open(s)) {
        pty_chr_state(s, true);
    } else {
        timer_mod(s->poll_timer,
                  qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 1000);
    }
}

static void pty_chr_state(PtyChardev *s, bool connected)
{
    Chardev *chr = CHARDEV(s);

    if (connected == s->connected) {
        return;
    }
    s->connected = connected;
    if (connected) {
        timer_del(s->poll_timer);
        s->watch = chr_io_add_read_watch(chr, s->fd, pty_chr_read);
        qemu_chr_be_event(chr, CHR_EVENT_OPENED);
    } else {
        chr_io_remove_watch(&s->watch);
        timer_mod(s->poll_timer,
                  qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 1000);
        qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
    }
}

static int pty_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    PtyChardev *s = PTY_CHARDEV(chr);

    if (!s->connected) {
        if (!pty_slave_open(s)) {
            return len;        /* nobody listening: discard */
        }
        /* Report the connection from the loop: not under the write lock. */
        timer_mod(s->poll_timer, qemu_clock_get_ms(QEMU_CLOCK_REALTIME));
    }
    return chr_io_write(s->fd, buf, len);
}

static void pty_chr_open(Chardev *chr, JsonObject *opts, bool *be_opened,
                         Error **errp)
{
    PtyChardev *s = PTY_CHARDEV(chr);
    struct termios tty;
    char name[PATH_MAX];
    int master, slave;

    if (openpty(&master, &slave, name, NULL, NULL) < 0) {
        error_setg_errno(errp, errno, "Failed to create PTY");
        return;
    }
    /* Raw, so bytes pass unchanged; the settings live on the pair. */
    if (tcgetattr(slave, &tty) == 0) {
        cfmakeraw(&tty);
        tcsetattr(slave, TCSAFLUSH, &tty);
    }
    close(slave);
    fcntl(master, F_SETFD, FD_CLOEXEC);
    g_unix_set_fd_nonblocking(master, TRUE, NULL);
    s->fd = master;
    s->poll_timer = timer_new_ms(QEMU_CLOCK_REALTIME, pty_poll_timer_cb, s);

    chr->filename = g_strdup_printf("pty:%s", name);
    fprintf(stderr, "char device redirected to %s (label %s)\n",
            name, chr->label);
    *be_opened = false;
    timer_mod(s->poll_timer, qemu_clock_get_ms(QEMU_CLOCK_REALTIME));
}

static void pty_chr_init(Object *obj)
{
    PTY_CHARDEV(obj)->fd = -1;
}

static void pty_chr_finalize(Object *obj)
{
    PtyChardev *s = PTY_CHARDEV(obj);

    chr_io_remove_watch(&s->watch);
    timer_free(s->poll_timer);
    if (s->fd >= 0) {
        close(s->fd);
    }
}

static void pty_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->open = pty_chr_open;
    cc->chr_write = pty_chr_write;
}

static const TypeInfo pty_chr_type = {
    .name = TYPE_CHARDEV_PTY,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(PtyChardev),
    .instance_init = pty_chr_init,
    .instance_finalize = pty_chr_finalize,
    .class_init = pty_chr_class_init,
};

static void pty_chr_register_types(void)
{
    type_register_static(&pty_chr_type);
}
type_init(pty_chr_register_types)
