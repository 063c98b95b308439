/*
 * Character devices. A Chardev is a backend (stdio, file, pty, socket, ...)
 * created by -chardev, -serial, -monitor, -qmp; a device or monitor talks
 * to it through a CharBackend embedded in its state.
 */
#ifndef CHARDEV_CHAR_H
#define CHARDEV_CHAR_H

#include "qemu/osdep.h"
#include "qom/object.h"
#include "qemu/main-loop.h"

#define TYPE_CHARDEV "chardev"
/* Backend type names are "chardev-" + backend: chardev-stdio, -null, -file,
 * -pty, -socket, -mux, -ringbuf, -pipe. */
#define TYPE_CHARDEV_MUX "chardev-mux"
#define TYPE_CHARDEV_NULL "chardev-null"
#define TYPE_CHARDEV_FILE "chardev-file"
#define TYPE_CHARDEV_PIPE "chardev-pipe"
#define TYPE_CHARDEV_STDIO "chardev-stdio"
#define TYPE_CHARDEV_PTY "chardev-pty"
#define TYPE_CHARDEV_SOCKET "chardev-socket"
#define TYPE_CHARDEV_RINGBUF "chardev-ringbuf"

typedef enum QEMUChrEvent {
    CHR_EVENT_BREAK,      /* serial break */
    CHR_EVENT_OPENED,     /* peer connected / backend opened */
    CHR_EVENT_MUX_IN,     /* mux focus moved to this frontend */
    CHR_EVENT_MUX_OUT,    /* mux focus moved away */
    CHR_EVENT_CLOSED,     /* peer disconnected */
} QEMUChrEvent;

typedef int IOCanReadHandlerInt(void *opaque);   /* bytes it can take now */
typedef void IOReadHandler(void *opaque, const uint8_t *buf, int size);
typedef void IOEventHandler(void *opaque, QEMUChrEvent event);

struct Chardev {
    Object parent_obj;
    char *label;                  /* the -chardev id= */
    char *filename;               /* description for query-chardev */
    CharBackend *be;              /* the frontend, if one is attached */
    bool be_open;                 /* peer connected */
    int logfd;                    /* logfile=, -1 if none */
    GMutex chr_write_lock;
};

typedef struct ChardevClass {
    ObjectClass parent_class;
    bool internal;                /* not creatable with -chardev */
    bool supports_yank;
    /* opts holds every -chardev key (strings); backend-specific keys
     * unknown to open() are errors it reports. *be_opened false delays
     * CHR_EVENT_OPENED until a peer connects. */
    void (*open)(Chardev *chr, JsonObject *opts, bool *be_opened,
                 Error **errp);
    /* Returns bytes written (may be short), or -1 with errno. */
    int (*chr_write)(Chardev *chr, const uint8_t *buf, int len);
    void (*chr_accept_input)(Chardev *chr);   /* frontend can read again */
    void (*chr_update_read_handler)(Chardev *chr);
    void (*chr_set_fe_open)(Chardev *chr, int fe_open);
    void (*chr_be_event)(Chardev *chr, QEMUChrEvent event);
    int (*chr_wait_connected)(Chardev *chr, Error **errp);
    /* Names of the keys open() accepts besides the common ones. */
    const char *const *opt_keys;
} ChardevClass;

#define CHARDEV(obj) OBJECT_CHECK(Chardev, (obj), TYPE_CHARDEV)
#define CHARDEV_CLASS(k) OBJECT_CLASS_CHECK(ChardevClass, (k), TYPE_CHARDEV)
#define CHARDEV_GET_CLASS(obj) \
    OBJECT_GET_CLASS(ChardevClass, (obj), TYPE_CHARDEV)

/*
 * Creation. opts: { "backend": "socket", "id": "c0", "path": ..., ... }
 * as parsed from "-chardev socket,id=c0,path=..." (KEYVAL_BARE_FLAGS).
 * Common keys: id, backend, mux=on|off, logfile, logappend.
 */
Chardev *qemu_chr_new_from_opts(JsonObject *opts, Error **errp);
/*
 * The short forms -serial/-monitor/-qmp accept: "stdio", "null", "none",
 * "pty", "file:PATH", "unix:PATH[,server=on,wait=off]",
 * "tcp:HOST:PORT[,server=on,wait=off]", "chardev:ID", "mon:stdio".
 * label becomes the id ("serial0", "compat_monitor0").
 */
Chardev *qemu_chr_new(const char *label, const char *filename, Error **errp);
Chardev *qemu_chr_find(const char *label);
void qemu_chr_delete(Chardev *chr);
/* query-chardev: a list of {label, filename, frontend-open}. */
JsonArray *qemu_chr_query(void);
/* -chardev help */
void qemu_chr_print_backends(FILE *f);
/* Waits for socket server=on,wait=on chardevs to get a client. */
int qemu_chr_wait_connected(Chardev *chr, Error **errp);
/* True for mux=on / "mon:" chardevs (several frontends share one). */
bool qemu_chr_is_mux(Chardev *chr);

/*
 * Ring buffer chardevs (ringbuf-write / ringbuf-read). Read returns up to
 * size bytes (g_free) and sets *len; errors name the device:
 * "Device 'x' not found", "x is not a ringbuf device".
 */
bool qemu_chr_ringbuf_write(const char *device, const uint8_t *data,
                            size_t len, Error **errp);
uint8_t *qemu_chr_ringbuf_read(const char *device, int64_t size,
                               size_t *len, Error **errp);

/* The mux escape character (-echr), Ctrl-A by default. */
extern int term_escape_char;

/* Backend side: data from the outside world to the frontend. */
int qemu_chr_be_can_write(Chardev *s);
void qemu_chr_be_write(Chardev *s, const uint8_t *buf, int len);
void qemu_chr_be_event(Chardev *s, QEMUChrEvent event);

/* Frontend side (devices, monitors). */
struct CharBackend {
    Chardev *chr;
    IOEventHandler *chr_event;
    IOCanReadHandlerInt *chr_can_read;
    IOReadHandler *chr_read;
    void *opaque;
    int tag;                      /* index in a mux */
    int fe_open;
};

bool qemu_chr_fe_init(CharBackend *b, Chardev *s, Error **errp);
void qemu_chr_fe_deinit(CharBackend *b, bool del);
void qemu_chr_fe_set_handlers(CharBackend *b,
                              IOCanReadHandlerInt *fd_can_read,
                              IOReadHandler *fd_read,
                              IOEventHandler *fd_event,
                              void *opaque, GMainContext *context,
                              bool set_open);
static inline Chardev *qemu_chr_fe_get_driver(CharBackend *be)
{
    return be->chr;
}
static inline bool qemu_chr_fe_backend_connected(CharBackend *be)
{
    return be->chr != NULL;
}
bool qemu_chr_fe_backend_open(CharBackend *be);
/* Non-blocking best effort; returns bytes written or -1. */
int qemu_chr_fe_write(CharBackend *be, const uint8_t *buf, int len);
/* Blocks until all is written (or the peer is gone). */
int qemu_chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len);
void qemu_chr_fe_printf(CharBackend *be, const char *fmt, ...)
    QEMU_PRINTF(2, 3);
void qemu_chr_fe_accept_input(CharBackend *be);
void qemu_chr_fe_set_open(CharBackend *be, int fe_open);
void qemu_chr_fe_take_focus(CharBackend *b);    /* mux */

#endif
