/*
 * "socket": a stream socket, unix (path=) or TCP (host=, port=), as a
 * client (default; reconnect=N retries every N seconds after a failure or
 * hang-up) or a server (server=on; wait=on, the default, blocks start-up
 * until the first client). A server takes one client at a time and
 * listens again when it leaves. fd=N adopts an inherited socket.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/option.h"
#include "qemu/cutils.h"
#include "qemu/timer.h"

#include <glib-unix.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

typedef struct SocketChardev {
    Chardev parent;
    bool is_unix;
    bool is_listen;
    bool nodelay;
    int ipv4, ipv6;              /* -1 unset, else 0/1 */
    char *path;                  /* unix */
    char *host, *port;           /* tcp */
    int64_t reconnect;           /* seconds, 0: never */
    int listen_fd;
    int fd;                      /* the connection, -1 if none */
    GSource *watch;
    QEMUTimer *reconnect_timer;
    QEMUBH *hup_bh;              /* disconnect noticed while writing */
    char *addr_desc;             /* "unix:/p,server=on" / "tcp:h:p" */
} SocketChardev;
#define SOCKET_CHARDEV(obj) \
    OBJECT_CHECK(SocketChardev, (obj), TYPE_CHARDEV_SOCKET)

static void tcp_chr_accept(void *opaque);
static void tcp_chr_disconnect(SocketChardev *s);

/* --- addresses --------------------------------------------------------- */

static bool unix_addr(const char *path, struct sockaddr_un *un,
                      Error **errp)
{
    memset(un, 0, sizeof(*un));
    un->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(un->sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", path);
        return false;
    }
    strcpy(un->sun_path, path);
    return true;
}

static struct addrinfo *tcp_resolve(SocketChardev *s, bool passive,
                                    Error **errp)
{
    struct addrinfo hints = {
        .ai_socktype = SOCK_STREAM,
        .ai_flags = passive ? AI_PASSIVE : AI_ADDRCONFIG,
        .ai_family = AF_UNSPEC,
    };
    struct addrinfo *res = NULL;
    const char *host = s->host && *s->host ? s->host : NULL;
    int rc;

    if (s->ipv4 == 1 && s->ipv6 != 1) {
        hints.ai_family = AF_INET;
    } else if (s->ipv6 == 1 && s->ipv4 != 1) {
        hints.ai_family = AF_INET6;
    }
    if (!host && passive && hints.ai_family == AF_UNSPEC) {
        host = "0.0.0.0";    /* QEMU's default listen address */
    }
    rc = getaddrinfo(host, s->port, &hints, &res);
    if (rc != 0) {
        error_setg(errp, "address resolution failed for %s:%s: %s",
                   host ? host : "", s->port, gai_strerror(rc));
        return NULL;
    }
    return res;
}

static char *sockaddr_desc(int fd, bool peer)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char host[NI_MAXHOST], serv[NI_MAXSERV];

    if ((peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
              : getsockname(fd, (struct sockaddr *)&ss, &len)) < 0) {
        return NULL;
    }
    if (ss.ss_family == AF_UNIX) {
        size_t off = offsetof(struct sockaddr_un, sun_path);

        /* Unnamed sockets (socketpair) have no path at all. */
        return g_strndup(((struct sockaddr_un *)&ss)->sun_path,
                         len > off ? len - off : 0);
    }
    if (getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host),
                    serv, sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV)) {
        return NULL;
    }
    return g_strdup_printf("%s:%s", host, serv);
}

static void tcp_chr_update_filename(SocketChardev *s)
{
    Chardev *chr = CHARDEV(s);
    g_autofree char *peer = NULL;

    if (s->fd < 0) {
        qemu_chr_set_filename(chr, g_strdup_printf("disconnected:%s",
                                                   s->addr_desc));
    } else if (s->is_unix) {
        qemu_chr_set_filename(chr, g_strdup(s->addr_desc));
    } else {
        peer = sockaddr_desc(s->fd, true);
        qemu_chr_set_filename(chr, g_strdup_printf("%s <-> %s",
                                                   s->addr_desc,
                                                   peer ? peer : "?"));
    }
}

/* --- connection state --------------------------------------------------- */

static void tcp_chr_read(Chardev *chr, GIOCondition cond)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    uint8_t buf[4096];
    int len = MIN(qemu_chr_be_can_write(chr), (int)sizeof(buf));
    ssize_t n;

    if (len <= 0) {
        return;
    }
    do {
        n = recv(s->fd, buf, len, 0);
    } while (n < 0 && errno == EINTR);
    if (n > 0) {
        qemu_chr_be_write(chr, buf, n);
    } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
        tcp_chr_disconnect(s);
    }
}

static void tcp_chr_listen_watch(SocketChardev *s, bool on)
{
    if (s->listen_fd >= 0) {
        qemu_set_fd_handler(s->listen_fd, on ? tcp_chr_accept : NULL, NULL,
                            s);
    }
}

static void tcp_chr_new_client(SocketChardev *s, int fd)
{
    Chardev *chr = CHARDEV(s);
    int one = 1;

    g_unix_set_fd_nonblocking(fd, TRUE, NULL);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (!s->is_unix && s->nodelay) {
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    s->fd = fd;
    /* One client at a time: further ones wait in the backlog. */
    tcp_chr_listen_watch(s, false);
    s->watch = chr_io_add_read_watch(chr, fd, tcp_chr_read);
    tcp_chr_update_filename(s);
    qemu_chr_be_event(chr, CHR_EVENT_OPENED);
}

static void tcp_chr_disconnect(SocketChardev *s)
{
    Chardev *chr = CHARDEV(s);

    if (s->fd < 0) {
        return;
    }
    chr_io_remove_watch(&s->watch);
    close(s->fd);
    s->fd = -1;
    tcp_chr_update_filename(s);
    if (s->is_listen) {
        tcp_chr_listen_watch(s, true);
    } else if (s->reconnect > 0) {
        timer_mod(s->reconnect_timer,
                  qemu_clock_get_ms(QEMU_CLOCK_REALTIME) +
                  s->reconnect * 1000);
    }
    qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
}

static void tcp_chr_hup_bh(void *opaque)
{
    tcp_chr_disconnect(opaque);
}

static int tcp_chr_accept_fd(SocketChardev *s)
{
    int fd;

    do {
        fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

static void tcp_chr_accept(void *opaque)
{
    SocketChardev *s = opaque;
    int fd;

    if (s->fd >= 0) {
        return;
    }
    fd = tcp_chr_accept_fd(s);
    if (fd >= 0) {
        tcp_chr_new_client(s, fd);
    }
}

/* Blocking connect; -1 with errp on failure. */
static int tcp_chr_connect_fd(SocketChardev *s, Error **errp)
{
    int fd = -1, err = 0;

    if (s->is_unix) {
        struct sockaddr_un un;

        if (!unix_addr(s->path, &un, errp)) {
            return -1;
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
            error_setg_errno(errp, errno, "Failed to connect to '%s'",
                             s->path);
            if (fd >= 0) {
                close(fd);
            }
            return -1;
        }
        return fd;
    } else {
        struct addrinfo *res = tcp_resolve(s, false, errp);

        if (!res) {
            return -1;
        }
        for (struct addrinfo *a = res; a; a = a->ai_next) {
            fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC,
                        a->ai_protocol);
            if (fd < 0) {
                err = errno;
                continue;
            }
            if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
                break;
            }
            err = errno;
            close(fd);
            fd = -1;
        }
        freeaddrinfo(res);
        if (fd < 0) {
            error_setg_errno(errp, err, "Failed to connect to '%s:%s'",
                             s->host ? s->host : "", s->port);
        }
        return fd;
    }
}

static void tcp_chr_reconnect_cb(void *opaque)
{
    SocketChardev *s = opaque;
    int fd;

    if (s->fd >= 0) {
        return;
    }
    fd = tcp_chr_connect_fd(s, NULL);
    if (fd >= 0) {
        tcp_chr_new_client(s, fd);
    } else {
        timer_mod(s->reconnect_timer,
                  qemu_clock_get_ms(QEMU_CLOCK_REALTIME) +
                  s->reconnect * 1000);
    }
}

static bool tcp_chr_listen(SocketChardev *s, Error **errp)
{
    int fd = -1, err = 0, one = 1;

    if (s->is_unix) {
        struct sockaddr_un un;
        struct stat st;

        if (!unix_addr(s->path, &un, errp)) {
            return false;
        }
        /* A stale socket from an earlier run would make bind fail. */
        if (stat(s->path, &st) == 0 && S_ISSOCK(st.st_mode)) {
            unlink(s->path);
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            error_setg_errno(errp, errno, "Failed to create socket");
            return false;
        }
        if (bind(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
            error_setg_errno(errp, errno, "Failed to bind socket to %s",
                             s->path);
            close(fd);
            return false;
        }
    } else {
        struct addrinfo *res = tcp_resolve(s, true, errp);

        if (!res) {
            return false;
        }
        for (struct addrinfo *a = res; a; a = a->ai_next) {
            fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC,
                        a->ai_protocol);
            if (fd < 0) {
                err = errno;
                continue;
            }
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
            if (bind(fd, a->ai_addr, a->ai_addrlen) == 0) {
                break;
            }
            err = errno;
            close(fd);
            fd = -1;
        }
        freeaddrinfo(res);
        if (fd < 0) {
            error_setg_errno(errp, err, "Failed to bind socket to %s:%s",
                             s->host ? s->host : "", s->port);
            return false;
        }
    }
    if (listen(fd, 1) < 0) {
        error_setg_errno(errp, errno, "Failed to listen on socket");
        close(fd);
        return false;
    }
    s->listen_fd = fd;
    return true;
}

/* Blocks until a client connects (server) or the connect succeeds. */
static int tcp_chr_wait_connected(Chardev *chr, Error **errp)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    int fd;

    while (s->fd < 0) {
        if (s->is_listen) {
            struct pollfd pfd = { .fd = s->listen_fd, .events = POLLIN };

            if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
                error_setg_errno(errp, errno, "Failed to wait for a "
                                 "connection on %s", s->addr_desc);
                return -1;
            }
            fd = tcp_chr_accept_fd(s);
            if (fd < 0 && errno != EAGAIN && errno != EINTR) {
                error_setg_errno(errp, errno, "Failed to accept a "
                                 "connection on %s", s->addr_desc);
                return -1;
            }
        } else {
            fd = tcp_chr_connect_fd(s, errp);
            if (fd < 0) {
                return -1;
            }
        }
        if (fd >= 0) {
            tcp_chr_new_client(s, fd);
        }
    }
    return 0;
}

/* --- writing ----------------------------------------------------------- */

static int tcp_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    ssize_t n;

    if (s->fd < 0) {
        return len;          /* nobody connected: dropped, like QEMU */
    }
    do {
        n = send(s->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        /* Peer gone: tear down from the loop, not under the write lock
         * (CLOSED handlers may write). */
        qemu_bh_schedule(s->hup_bh);
        return len;
    }
    return n;
}

/* --- creation ---------------------------------------------------------- */

static bool tcp_chr_parse(SocketChardev *s, JsonObject *opts, int *fdp,
                          bool *wait, Error **errp)
{
    const char *path = opt_get_str(opts, "path", NULL);
    const char *host = opt_get_str(opts, "host", NULL);
    const char *port = opt_get_str(opts, "port", NULL);
    const char *fdstr = opt_get_str(opts, "fd", NULL);
    static const char *const unsupported[] = {
        "telnet", "tn3270", "websocket", "abstract", NULL
    };
    Error *err = NULL;
    bool nodelay_legacy;

    for (int i = 0; unsupported[i]; i++) {
        if (opt_get_bool(opts, unsupported[i], false, &err)) {
            error_setg(errp, "chardev: socket: '%s' is not supported",
                       unsupported[i]);
            return false;
        }
        if (err) {
            error_propagate(errp, err);
            return false;
        }
    }
    if (opt_get_str(opts, "tls-creds", NULL)) {
        error_setg(errp, "chardev: socket: 'tls-creds' is not supported");
        return false;
    }
    s->is_listen = opt_get_bool(opts, "server", false, &err);
    if (!err) {
        *wait = opt_get_bool(opts, "wait", true, &err);
    }
    if (!err) {
        s->nodelay = opt_get_bool(opts, "nodelay", false, &err);
    }
    if (!err) {
        nodelay_legacy = opt_get_bool(opts, "delay", true, &err);
        s->nodelay |= !nodelay_legacy;
    }
    if (!err) {
        s->reconnect = opt_get_number(opts, "reconnect", 0, &err);
    }
    if (!err && json_object_has_member(opts, "ipv4")) {
        s->ipv4 = opt_get_bool(opts, "ipv4", false, &err);
    }
    if (!err && json_object_has_member(opts, "ipv6")) {
        s->ipv6 = opt_get_bool(opts, "ipv6", false, &err);
    }
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    if (s->reconnect > INT32_MAX) {
        error_setg(errp, "Parameter 'reconnect' expects a number of "
                   "seconds up to %d", INT32_MAX);
        return false;
    }
    if (s->is_listen && s->reconnect) {
        error_setg(errp, "'reconnect' option is incompatible with socket "
                   "in server listen mode");
        return false;
    }
    if (!s->is_listen && json_object_has_member(opts, "wait")) {
        error_setg(errp, "'wait' option is incompatible with socket in "
                   "client connect mode");
        return false;
    }

    *fdp = -1;
    if (path) {
        s->is_unix = true;
        s->path = g_strdup(path);
    } else if (host) {
        if (!port) {
            error_setg(errp, "chardev: socket: no port given");
            return false;
        }
        s->host = g_strdup(host);
        s->port = g_strdup(port);
    } else if (fdstr) {
        if (qemu_strtoi(fdstr, NULL, 10, fdp) < 0 || *fdp < 0) {
            error_setg(errp, "Unable to parse FD number %s", fdstr);
            return false;
        }
    } else if (port) {
        s->host = g_strdup("");
        s->port = g_strdup(port);
    } else {
        error_setg(errp, "chardev: socket: no host given");
        return false;
    }
    return true;
}

/* fd=N: an inherited socket, listening or connected. */
static bool tcp_chr_adopt_fd(SocketChardev *s, int fd, Error **errp)
{
    struct stat st;
    int listening = 0, family = 0;
    socklen_t len = sizeof(int);
    g_autofree char *desc = NULL;

    if (fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
        error_setg(errp, "File descriptor '%d' is not a socket", fd);
        return false;
    }
    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len);
    len = sizeof(int);
    getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &len);
    s->is_unix = family == AF_UNIX;
    s->is_listen = listening;
    desc = sockaddr_desc(fd, false);
    s->addr_desc = g_strdup_printf("%s:%s%s", s->is_unix ? "unix" : "tcp",
                                   desc ? desc : "?",
                                   s->is_listen ? ",server=on" : "");
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (s->is_listen) {
        s->listen_fd = fd;
        tcp_chr_listen_watch(s, true);
    } else {
        tcp_chr_new_client(s, fd);
    }
    return true;
}

static void tcp_chr_open(Chardev *chr, JsonObject *opts, bool *be_opened,
                         Error **errp)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    bool wait = false;
    int fd;

    *be_opened = false;
    if (!tcp_chr_parse(s, opts, &fd, &wait, errp)) {
        return;
    }
    s->reconnect_timer = timer_new_ms(QEMU_CLOCK_REALTIME,
                                      tcp_chr_reconnect_cb, s);
    s->hup_bh = qemu_bh_new(tcp_chr_hup_bh, s);
    if (fd >= 0) {
        tcp_chr_adopt_fd(s, fd, errp);
        return;
    }
    if (s->is_listen) {
        if (!tcp_chr_listen(s, errp)) {
            return;
        }
        if (s->is_unix) {
            s->addr_desc = g_strdup_printf("unix:%s,server=on", s->path);
        } else {
            g_autofree char *local = sockaddr_desc(s->listen_fd, false);

            s->addr_desc = g_strdup_printf("tcp:%s,server=on",
                                           local ? local : s->port);
        }
        tcp_chr_update_filename(s);
        if (wait) {
            info_report("QEMU waiting for connection on: %s", chr->filename);
            if (tcp_chr_wait_connected(chr, errp) < 0) {
                return;
            }
        } else {
            tcp_chr_listen_watch(s, true);
        }
        return;
    }

    s->addr_desc = s->is_unix ? g_strdup_printf("unix:%s", s->path)
                              : g_strdup_printf("tcp:%s:%s", s->host,
                                                s->port);
    tcp_chr_update_filename(s);
    if (s->reconnect) {
        /* Retried in the background: a missing server is not fatal. */
        tcp_chr_reconnect_cb(s);
        return;
    }
    fd = tcp_chr_connect_fd(s, errp);
    if (fd >= 0) {
        tcp_chr_new_client(s, fd);
    }
}

static void tcp_chr_init(Object *obj)
{
    SocketChardev *s = SOCKET_CHARDEV(obj);

    s->fd = -1;
    s->listen_fd = -1;
    s->ipv4 = s->ipv6 = -1;
}

static void tcp_chr_finalize(Object *obj)
{
    SocketChardev *s = SOCKET_CHARDEV(obj);

    chr_io_remove_watch(&s->watch);
    if (s->fd >= 0) {
        close(s->fd);
    }
    if (s->listen_fd >= 0) {
        qemu_set_fd_handler(s->listen_fd, NULL, NULL, NULL);
        close(s->listen_fd);
        if (s->is_unix && s->path) {
            unlink(s->path);
        }
    }
    timer_free(s->reconnect_timer);
    qemu_bh_delete(s->hup_bh);
    g_free(s->path);
    g_free(s->host);
    g_free(s->port);
    g_free(s->addr_desc);
}

static void tcp_chr_class_init(ObjectClass *oc, void *data)
{
    static const char *const keys[] = {
        "path", "host", "port", "to", "ipv4", "ipv6", "server", "wait",
        "nodelay", "delay", "reconnect", "fd", "telnet", "tn3270",
        "websocket", "tls-creds", "tls-authz", "abstract", "tight", NULL
    };
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->open = tcp_chr_open;
    cc->chr_write = tcp_chr_write;
    cc->chr_wait_connected = tcp_chr_wait_connected;
    cc->opt_keys = keys;
    cc->supports_yank = true;
}

static const TypeInfo tcp_chr_type = {
    .name = TYPE_CHARDEV_SOCKET,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(SocketChardev),
    .instance_init = tcp_chr_init,
    .instance_finalize = tcp_chr_finalize,
    .class_init = tcp_chr_class_init,
};

static void tcp_chr_register_types(void)
{
    type_register_static(&tcp_chr_type);
}
type_init(tcp_chr_register_types)
