/*
 * "stdio": the emulator's stdin/stdout. On a terminal, input is switched
 * to raw mode (so Ctrl-A escapes and guest line editing work) and the
 * original settings come back at exit. signal=off also passes Ctrl-C to
 * the guest instead of interrupting the emulator.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "qemu/option.h"

#include <termios.h>

static bool stdio_in_use;
static bool stdio_termios_saved;
static struct termios stdio_saved_tty;

static void stdio_restore_tty(void)
{
    if (stdio_termios_saved) {
        tcsetattr(0, TCSANOW, &stdio_saved_tty);
    }
}

static void stdio_set_raw(bool allow_signals)
{
    struct termios tty;

    if (tcgetattr(0, &tty) < 0) {
        return;
    }
    if (!stdio_termios_saved) {
        stdio_saved_tty = tty;
        stdio_termios_saved = true;
        atexit(stdio_restore_tty);
    }
    tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
                     ICRNL | IXON);
    tty.c_oflag |= OPOST;
    tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!allow_signals) {
        tty.c_lflag &= ~ISIG;
    }
    tty.c_cflag &= ~(CSIZE | PARENB);
    tty.c_cflag |= CS8;
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    tcsetattr(0, TCSANOW, &tty);
}

static void stdio_chr_open(Chardev *chr, JsonObject *opts, bool *be_opened,
                           Error **errp)
{
    Error *err = NULL;
    bool allow_signals = opt_get_bool(opts, "signal", true, &err);

    if (err) {
        error_propagate(errp, err);
        return;
    }
    if (stdio_in_use) {
        error_setg(errp, "cannot use stdio by multiple character devices");
        return;
    }
    stdio_in_use = true;
    if (isatty(0)) {
        stdio_set_raw(allow_signals);
    }
    /* fd 0/1 belong to the process: never closed here. */
    fd_chardev_set_fds(FD_CHARDEV(chr), 0, 1, false);
    chr->filename = g_strdup("stdio");
}

static void stdio_chr_finalize(Object *obj)
{
    if (FD_CHARDEV(obj)->fd_out >= 0) {
        stdio_restore_tty();
        stdio_in_use = false;
    }
}

static void stdio_chr_class_init(ObjectClass *oc, void *data)
{
    static const char *const keys[] = { "signal", NULL };
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->open = stdio_chr_open;
    cc->opt_keys = keys;
}

static const TypeInfo stdio_chr_type = {
    .name = TYPE_CHARDEV_STDIO,
    .parent = TYPE_CHARDEV_FD,
    .instance_finalize = stdio_chr_finalize,
    .class_init = stdio_chr_class_init,
};

static void stdio_chr_register_types(void)
{
    type_register_static(&stdio_chr_type);
}
type_init(stdio_chr_register_types)
