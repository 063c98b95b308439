/* Private glue between the chardev files. */
#ifndef CHARDEV_INTERNAL_H
#define CHARDEV_INTERNAL_H

#include "qemu/osdep.h"
#include "chardev/char.h"

/* Keys every -chardev accepts. */
#define CHARDEV_COMMON_KEYS "id", "backend", "mux", "logfile", "logappend"

/* Writes to the backend under chr_write_lock and logs what went out.
 * write_all retries until everything is written or the backend fails. */
int qemu_chr_write(Chardev *s, const uint8_t *buf, int len, bool write_all);
/* Updates s->filename (query-chardev); takes ownership of filename. */
void qemu_chr_set_filename(Chardev *s, char *filename);
/* Adds a created chardev to the registry and to /chardevs (the tree takes
 * over the caller's reference). */
void qemu_chr_register(Chardev *chr);
/* Creates an anonymous-typed chardev without a registry entry check of
 * the common keys (used by mux for its base). */
Chardev *qemu_chr_create(const char *typename, const char *id,
                         JsonObject *opts, Error **errp);

/*
 * Read watch with flow control: fd is polled for input only while the
 * frontend can take data, so a slow guest leaves data in the kernel
 * instead of dropping it. fn reads at most qemu_chr_be_can_write() bytes
 * (cond may also carry G_IO_HUP/G_IO_ERR).
 */
typedef void ChrIOReadFunc(Chardev *chr, GIOCondition cond);
GSource *chr_io_add_read_watch(Chardev *chr, int fd, ChrIOReadFunc *fn);
void chr_io_remove_watch(GSource **src);
/* Non-blocking-aware write: bytes written, or -1 with errno. */
int chr_io_write(int fd, const uint8_t *buf, int len);

/* Chardevs backed by a pair of fds (file, pipe, stdio, pty). */
#define TYPE_CHARDEV_FD "chardev-fd"
typedef struct FDChardev {
    Chardev parent;
    int fd_in;               /* -1: no input */
    int fd_out;              /* -1: output discarded */
    GSource *watch;
    bool close_fds;          /* owned (not stdio) */
} FDChardev;
#define FD_CHARDEV(obj) OBJECT_CHECK(FDChardev, (obj), TYPE_CHARDEV_FD)
void fd_chardev_set_fds(FDChardev *s, int fd_in, int fd_out, bool own);
void fd_chardev_stop_input(FDChardev *s);

/* Mux: wraps base (taking it over) as the chardev named id. */
Chardev *qemu_chr_new_mux(const char *id, Chardev *base, Error **errp);
/* A mux's frontends; called by char-fe.c. */
bool mux_chr_attach_frontend(Chardev *mux, CharBackend *b, Error **errp);
void mux_chr_detach_frontend(Chardev *mux, CharBackend *b);
void mux_chr_set_handlers_done(Chardev *mux, CharBackend *b);
void mux_chr_set_focus(Chardev *mux, int tag);

#endif
