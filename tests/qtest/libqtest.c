/*
 * libqtest: client side of the qtest protocol, for device tests.
 *
 * The test process listens on two unix sockets in a private temporary
 * directory; the emulator connects to both as a client (qtest line protocol
 * and a QMP monitor). Every wait polls in one-second slices and checks that
 * the emulator is still alive, so a crash turns into a clear test failure
 * instead of a hang.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* accept4 */
#endif
#include "libqtest.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define QTEST_MAX_IRQ 256   /* as many as the server tracks */
/* Seconds to wait for a reply before declaring the emulator hung. */
#define QTEST_DEFAULT_TIMEOUT 120

struct QTestState {
    pid_t pid;
    bool reaped;            /* waitpid() done; status holds the result */
    bool status_reported;   /* status already handed to the caller */
    int status;
    int expected_status;

    int qtest_fd;
    int qmp_fd;
    GString *qtest_rx;
    GString *qmp_rx;

    bool irq_level[QTEST_MAX_IRQ];
    int big_endian;         /* -1: not asked yet */

    GQueue events;          /* JsonObject *, received while waiting */
    GQueue responses;       /* JsonObject *, received while waiting */
    JsonNode *last_return;  /* owned, for qtest_qmp_assert_success() */

    bool log;
    int timeout_s;
};

/* ------------------------------------------------------------------ */
/* Process handling                                                    */

static int decode_wait_status(int wstatus)
{
    if (WIFEXITED(wstatus)) {
        return WEXITSTATUS(wstatus);
    }
    if (WIFSIGNALED(wstatus)) {
        return 128 + WTERMSIG(wstatus);
    }
    return -1;
}

bool qtest_probe_child(QTestState *s)
{
    int wstatus;
    pid_t r;

    if (s->reaped) {
        return false;
    }
    do {
        r = waitpid(s->pid, &wstatus, WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r == 0) {
        return true;
    }
    s->reaped = true;
    s->status = r == s->pid ? decode_wait_status(wstatus) : -1;
    return false;
}

static void reap_blocking(QTestState *s)
{
    int wstatus;
    pid_t r;

    if (s->reaped) {
        return;
    }
    do {
        r = waitpid(s->pid, &wstatus, 0);
    } while (r < 0 && errno == EINTR);
    s->reaped = true;
    s->status = r == s->pid ? decode_wait_status(wstatus) : -1;
}

/* Wait up to timeout_ms for the child to exit; true if it did. */
static bool reap_with_timeout(QTestState *s, int timeout_ms)
{
    for (int waited = 0; waited < timeout_ms; waited += 10) {
        if (!qtest_probe_child(s)) {
            return true;
        }
        g_usleep(10 * 1000);
    }
    return !qtest_probe_child(s);
}

pid_t qtest_pid(QTestState *s)
{
    return s->pid;
}

static G_GNUC_NORETURN void die_child_gone(QTestState *s, const char *what)
{
    g_error("qtest: emulator (pid %d) exited with status %d while the test "
            "waited on its %s socket", (int)s->pid, s->status, what);
}

/* ------------------------------------------------------------------ */
/* Sockets                                                             */

static int listen_unix(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    g_assert(strlen(path) < sizeof(addr.sun_path));
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert(fd >= 0);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        listen(fd, 1) < 0) {
        g_error("qtest: cannot listen on %s: %s", path, g_strerror(errno));
    }
    return fd;
}

int qtest_socket_client(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    g_assert(strlen(path) < sizeof(addr.sun_path));
    strcpy(addr.sun_path, path);
    /* The emulator may still be creating the socket: retry for ~2 s. */
    for (int tries = 0; tries < 100; tries++) {
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        g_assert_cmpint(fd, >=, 0);
        if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0) {
            return fd;
        }
        close(fd);
        g_usleep(20 * 1000);
    }
    g_error("qtest: cannot connect to %s", path);
}

/* Accept one connection, failing clearly if the child dies or hangs. */
static int accept_or_die(QTestState *s, int lfd, const char *what)
{
    for (int waited = 0; ; waited++) {
        struct pollfd pfd = { .fd = lfd, .events = POLLIN };
        int r = poll(&pfd, 1, 1000);

        if (r > 0) {
            int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
            if (fd >= 0) {
                return fd;
            }
            if (errno != EINTR && errno != EAGAIN) {
                g_error("qtest: accept (%s): %s", what, g_strerror(errno));
            }
        } else if (r < 0 && errno != EINTR) {
            g_error("qtest: poll: %s", g_strerror(errno));
        }
        if (!qtest_probe_child(s)) {
            die_child_gone(s, what);
        }
        if (waited >= s->timeout_s) {
            g_error("qtest: emulator did not connect its %s socket within %d s",
                    what, s->timeout_s);
        }
    }
}

static void send_all(QTestState *s, int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            qtest_probe_child(s);
            g_error("qtest: write to emulator failed: %s (emulator %s)",
                    g_strerror(errno),
                    s->reaped ? "has exited" : "still running");
        }
        buf += n;
        len -= (size_t)n;
    }
}

/*
 * Return the next line (without CR/LF) from fd, buffering in rx. With
 * block false, return NULL when no complete line is available now.
 */
static char *read_line(QTestState *s, int fd, GString *rx, bool block,
                       const char *what)
{
    int waited = 0;

    for (;;) {
        char *nl = memchr(rx->str, '\n', rx->len);
        if (nl) {
            size_t len = (size_t)(nl - rx->str);
            char *line = g_strndup(rx->str, len);
            g_string_erase(rx, 0, (gssize)len + 1);
            if (len > 0 && line[len - 1] == '\r') {
                line[len - 1] = '\0';
            }
            return line;
        }

        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        int r = poll(&pfd, 1, block ? 1000 : 0);
        if (r < 0 && errno != EINTR) {
            g_error("qtest: poll: %s", g_strerror(errno));
        }
        if (r > 0) {
            char buf[4096];
            ssize_t n = recv(fd, buf, sizeof(buf), 0);
            if (n > 0) {
                g_string_append_len(rx, buf, n);
                continue;
            }
            if (n == 0) {
                /* EOF: the emulator is gone or closed the connection. */
                if (reap_with_timeout(s, 5000)) {
                    die_child_gone(s, what);
                }
                g_error("qtest: emulator closed the %s socket", what);
            }
            if (errno != EINTR && errno != EAGAIN) {
                g_error("qtest: read (%s): %s", what, g_strerror(errno));
            }
            continue;
        }
        if (!block) {
            return NULL;
        }
        if (r == 0) {
            if (!qtest_probe_child(s)) {
                die_child_gone(s, what);
            }
            if (++waited >= s->timeout_s) {
                g_error("qtest: no reply on the %s socket within %d s",
                        what, s->timeout_s);
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Start-up and shutdown                                               */

static void child_setup(void)
{
    /* Do not outlive an aborted test. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
}

static QTestState *qtest_spawn(const char *extra_args, bool handshake)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");
    const char *log = getenv("QTEST_LOG");
    const char *accel = getenv("QTEST_ACCEL");
    const char *timeout = getenv("QTEST_TIMEOUT");
    QTestState *s;
    GError *err = NULL;
    char *tmpdir, *qtest_path, *qmp_path, *accel_arg, *log_arg, *cmd;
    int qtest_lfd, qmp_lfd;

    if (!bin || !*bin) {
        g_test_message("QTEST_QEMU_BINARY must be set to the emulator to test");
        abort();
    }

    s = g_new0(QTestState, 1);
    s->big_endian = -1;
    s->qtest_rx = g_string_new(NULL);
    s->qmp_rx = g_string_new(NULL);
    g_queue_init(&s->events);
    g_queue_init(&s->responses);
    s->log = log && *log;
    s->timeout_s = timeout ? atoi(timeout) : 0;
    if (s->timeout_s <= 0) {
        s->timeout_s = QTEST_DEFAULT_TIMEOUT;
    }

    tmpdir = g_dir_make_tmp("qtest-XXXXXX", &err);
    g_assert_no_error(err);
    qtest_path = g_build_filename(tmpdir, "qtest.sock", NULL);
    qmp_path = g_build_filename(tmpdir, "qmp.sock", NULL);
    qtest_lfd = listen_unix(qtest_path);
    qmp_lfd = listen_unix(qmp_path);

    if (!accel) {
        accel_arg = g_strdup("-accel qtest");
    } else if (*accel) {
        accel_arg = g_strdup_printf("-accel %s", accel);
    } else {
        accel_arg = g_strdup("");
    }
    if (!s->log) {
        log_arg = g_strdup("/dev/null");
    } else if (!strcmp(log, "1")) {
        log_arg = g_strdup("/dev/fd/2");
    } else {
        log_arg = g_strdup(log);
    }
    cmd = g_strdup_printf("exec %s -qtest unix:%s -qtest-log %s "
                          "-chardev socket,path=%s,id=char0 "
                          "-mon chardev=char0,mode=control "
                          "-display none -nodefaults %s %s",
                          bin, qtest_path, log_arg, qmp_path, accel_arg,
                          extra_args ? extra_args : "");
    if (s->log) {
        g_printerr("qtest: starting: %s\n", cmd);
    }

    fflush(stdout);
    fflush(stderr);
    s->pid = fork();
    g_assert(s->pid >= 0);
    if (s->pid == 0) {
        child_setup();
        execlp("sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }

    s->qtest_fd = accept_or_die(s, qtest_lfd, "qtest");
    s->qmp_fd = accept_or_die(s, qmp_lfd, "QMP");
    close(qtest_lfd);
    close(qmp_lfd);
    unlink(qtest_path);
    unlink(qmp_path);
    rmdir(tmpdir);
    g_free(tmpdir);
    g_free(qtest_path);
    g_free(qmp_path);
    g_free(accel_arg);
    g_free(log_arg);
    g_free(cmd);

    if (handshake) {
        JsonObject *greeting = qtest_qmp_receive_dict(s);
        if (!json_object_has_member(greeting, "QMP")) {
            char *txt = qtest_json_to_string(greeting);
            g_error("qtest: expected a QMP greeting, got %s", txt);
        }
        json_object_unref(greeting);
        qtest_qmp_assert_success(s, "{'execute': 'qmp_capabilities'}");
    }
    return s;
}

QTestState *qtest_init(const char *extra_args)
{
    return qtest_spawn(extra_args, true);
}

QTestState *qtest_init_without_qmp_handshake(const char *extra_args)
{
    return qtest_spawn(extra_args, false);
}

QTestState *qtest_vinitf(const char *fmt, va_list ap)
{
    char *args = g_strdup_vprintf(fmt, ap);
    QTestState *s = qtest_init(args);

    g_free(args);
    return s;
}

QTestState *qtest_initf(const char *fmt, ...)
{
    va_list ap;
    QTestState *s;

    va_start(ap, fmt);
    s = qtest_vinitf(fmt, ap);
    va_end(ap);
    return s;
}

void qtest_set_expected_status(QTestState *s, int status)
{
    s->expected_status = status;
}

int qtest_wait_qemu(QTestState *s)
{
    reap_blocking(s);
    s->status_reported = true;
    return s->status;
}

int qtest_kill_qemu(QTestState *s)
{
    if (!s->reaped) {
        kill(s->pid, SIGKILL);
        reap_blocking(s);
    }
    s->status_reported = true;
    return s->status;
}

static void free_queue(GQueue *q)
{
    JsonObject *o;

    while ((o = g_queue_pop_head(q))) {
        json_object_unref(o);
    }
}

void qtest_quit(QTestState *s)
{
    if (!s) {
        return;
    }
    if (!s->reaped) {
        kill(s->pid, SIGTERM);
        if (!reap_with_timeout(s, s->timeout_s * 1000)) {
            kill(s->pid, SIGKILL);
            reap_blocking(s);
            g_error("qtest: emulator ignored SIGTERM for %d s", s->timeout_s);
        }
    }
    if (s->qtest_fd >= 0) {
        close(s->qtest_fd);
    }
    if (s->qmp_fd >= 0) {
        close(s->qmp_fd);
    }
    if (!s->status_reported && s->status != s->expected_status) {
        g_error("qtest: emulator exit status %d, expected %d",
                s->status, s->expected_status);
    }
    free_queue(&s->events);
    free_queue(&s->responses);
    if (s->last_return) {
        json_node_unref(s->last_return);
    }
    g_string_free(s->qtest_rx, TRUE);
    g_string_free(s->qmp_rx, TRUE);
    g_free(s);
}

/* ------------------------------------------------------------------ */
/* qtest line protocol                                                 */

/* Handle an "IRQ raise N" / "IRQ lower N" line; false if it is not one. */
static bool handle_irq_line(QTestState *s, const char *line)
{
    const char *p;
    bool raise;
    char *end;
    unsigned long n;

    if (g_str_has_prefix(line, "IRQ raise ")) {
        raise = true;
        p = line + strlen("IRQ raise ");
    } else if (g_str_has_prefix(line, "IRQ lower ")) {
        raise = false;
        p = line + strlen("IRQ lower ");
    } else {
        return false;
    }
    errno = 0;
    n = strtoul(p, &end, 0);
    if (end == p || *end || errno) {
        g_error("qtest: malformed IRQ line '%s'", line);
    }
    if (n < QTEST_MAX_IRQ) {
        s->irq_level[n] = raise;
    }
    return true;
}

static bool is_response(const char *line)
{
    static const char *const kinds[] = { "OK", "FAIL", "ERR" };

    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
        size_t n = strlen(kinds[i]);
        if (!strncmp(line, kinds[i], n) &&
            (line[n] == '\0' || line[n] == ' ')) {
            return true;
        }
    }
    return false;
}

/* Next reply line, consuming asynchronous IRQ lines on the way. */
static char *qtest_recv_reply(QTestState *s)
{
    for (;;) {
        char *line = read_line(s, s->qtest_fd, s->qtest_rx, true, "qtest");
        if (s->log) {
            g_printerr("qtest< %s\n", line);
        }
        if (handle_irq_line(s, line)) {
            g_free(line);
            continue;
        }
        if (!is_response(line)) {
            g_error("qtest: protocol error, unexpected line '%s'", line);
        }
        return line;
    }
}

static void qtest_send_line(QTestState *s, const char *line)
{
    size_t len = strlen(line);

    if (s->log) {
        g_printerr("qtest> %s\n", line);
    }
    send_all(s, s->qtest_fd, line, len);
    send_all(s, s->qtest_fd, "\n", 1);
}

char *qtest_raw_cmd(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    char *cmd;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qtest_send_line(s, cmd);
    g_free(cmd);
    return qtest_recv_reply(s);
}

/*
 * Send a command and require an "OK" reply. Returns the words of the reply
 * after "OK" (a NULL-terminated vector, possibly empty).
 */
static char **qtest_cmd_ok(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
static char **qtest_cmd_ok(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    char *cmd, *reply, **words;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qtest_send_line(s, cmd);
    reply = qtest_recv_reply(s);
    if (strncmp(reply, "OK", 2) != 0) {
        /* Keep the command short in the message: writes can be huge. */
        if (strlen(cmd) > 200) {
            strcpy(cmd + 190, "...");
        }
        g_error("qtest: '%s' failed: %s", cmd, reply);
    }
    words = g_strsplit(reply + 2 + (reply[2] == ' '), " ", -1);
    g_free(reply);
    g_free(cmd);
    return words;
}

static void qtest_cmd_void(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
static void qtest_cmd_void(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    char *cmd;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_strfreev(qtest_cmd_ok(s, "%s", cmd));
    g_free(cmd);
}

static uint64_t parse_u64_reply(char **words, const char *cmd)
{
    char *end;
    uint64_t v;

    if (!words[0] || !*words[0]) {
        g_error("qtest: '%s' returned no value", cmd);
    }
    errno = 0;
    v = g_ascii_strtoull(words[0], &end, 0);
    if (*end || errno) {
        g_error("qtest: '%s' returned a bad number '%s'", cmd, words[0]);
    }
    return v;
}

static uint64_t qtest_cmd_u64(QTestState *s, const char *verb, uint64_t arg)
{
    char **words = qtest_cmd_ok(s, "%s 0x%" PRIx64, verb, arg);
    uint64_t v = parse_u64_reply(words, verb);

    g_strfreev(words);
    return v;
}

void qtest_outb(QTestState *s, uint16_t port, uint8_t value)
{
    qtest_cmd_void(s, "outb 0x%x 0x%x", port, value);
}

void qtest_outw(QTestState *s, uint16_t port, uint16_t value)
{
    qtest_cmd_void(s, "outw 0x%x 0x%x", port, value);
}

void qtest_outl(QTestState *s, uint16_t port, uint32_t value)
{
    qtest_cmd_void(s, "outl 0x%x 0x%x", port, value);
}

uint8_t qtest_inb(QTestState *s, uint16_t port)
{
    return (uint8_t)qtest_cmd_u64(s, "inb", port);
}

uint16_t qtest_inw(QTestState *s, uint16_t port)
{
    return (uint16_t)qtest_cmd_u64(s, "inw", port);
}

uint32_t qtest_inl(QTestState *s, uint16_t port)
{
    return (uint32_t)qtest_cmd_u64(s, "inl", port);
}

void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value)
{
    qtest_cmd_void(s, "writeb 0x%" PRIx64 " 0x%x", addr, value);
}

void qtest_writew(QTestState *s, uint64_t addr, uint16_t value)
{
    qtest_cmd_void(s, "writew 0x%" PRIx64 " 0x%x", addr, value);
}

void qtest_writel(QTestState *s, uint64_t addr, uint32_t value)
{
    qtest_cmd_void(s, "writel 0x%" PRIx64 " 0x%x", addr, value);
}

void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value)
{
    qtest_cmd_void(s, "writeq 0x%" PRIx64 " 0x%" PRIx64, addr, value);
}

uint8_t qtest_readb(QTestState *s, uint64_t addr)
{
    return (uint8_t)qtest_cmd_u64(s, "readb", addr);
}

uint16_t qtest_readw(QTestState *s, uint64_t addr)
{
    return (uint16_t)qtest_cmd_u64(s, "readw", addr);
}

uint32_t qtest_readl(QTestState *s, uint64_t addr)
{
    return (uint32_t)qtest_cmd_u64(s, "readl", addr);
}

uint64_t qtest_readq(QTestState *s, uint64_t addr)
{
    return qtest_cmd_u64(s, "readq", addr);
}

static int hex_nibble(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = (char)g_ascii_tolower(c);
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    uint8_t *out = data;
    char **words;
    const char *hex;

    if (!size) {
        return;
    }
    words = qtest_cmd_ok(s, "read 0x%" PRIx64 " 0x%zx", addr, size);
    hex = words[0];
    if (!hex || strncmp(hex, "0x", 2) != 0 || strlen(hex) != 2 + 2 * size) {
        g_error("qtest: read of %zu bytes returned '%.40s'", size,
                hex ? hex : "");
    }
    hex += 2;
    for (size_t i = 0; i < size; i++) {
        int hi = hex_nibble(hex[2 * i]), lo = hex_nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            g_error("qtest: read returned a bad hex digit at byte %zu", i);
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    g_strfreev(words);
}

void qtest_memwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *in = data;
    char *hex;

    if (!size) {
        return;
    }
    hex = g_malloc(2 * size + 1);
    for (size_t i = 0; i < size; i++) {
        hex[2 * i] = digits[in[i] >> 4];
        hex[2 * i + 1] = digits[in[i] & 15];
    }
    hex[2 * size] = '\0';
    qtest_cmd_void(s, "write 0x%" PRIx64 " 0x%zx 0x%s", addr, size, hex);
    g_free(hex);
}

void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    char **words;
    guchar *bytes;
    gsize len;

    if (!size) {
        return;
    }
    words = qtest_cmd_ok(s, "b64read 0x%" PRIx64 " 0x%zx", addr, size);
    if (!words[0]) {
        g_error("qtest: b64read returned no data");
    }
    bytes = g_base64_decode(words[0], &len);
    if (len != size) {
        g_error("qtest: b64read of %zu bytes returned %zu", size, (size_t)len);
    }
    memcpy(data, bytes, size);
    g_free(bytes);
    g_strfreev(words);
}

void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size)
{
    char *b64;

    if (!size) {
        return;
    }
    b64 = g_base64_encode(data, size);
    qtest_cmd_void(s, "b64write 0x%" PRIx64 " 0x%zx %s", addr, size, b64);
    g_free(b64);
}

void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern, size_t size)
{
    if (!size) {
        return;
    }
    qtest_cmd_void(s, "memset 0x%" PRIx64 " 0x%zx 0x%02x", addr, size,
                   pattern);
}

static int64_t clock_reply(QTestState *s, char **words, const char *cmd)
{
    int64_t v = (int64_t)parse_u64_reply(words, cmd);

    g_strfreev(words);
    return v;
}

int64_t qtest_clock_step(QTestState *s, int64_t step)
{
    g_assert(step >= 0);
    return clock_reply(s, qtest_cmd_ok(s, "clock_step %" PRId64, step),
                       "clock_step");
}

int64_t qtest_clock_step_next(QTestState *s)
{
    return clock_reply(s, qtest_cmd_ok(s, "clock_step"), "clock_step");
}

int64_t qtest_clock_set(QTestState *s, int64_t val)
{
    g_assert(val >= 0);
    return clock_reply(s, qtest_cmd_ok(s, "clock_set %" PRId64, val),
                       "clock_set");
}

void qtest_irq_intercept_in(QTestState *s, const char *qom_path)
{
    qtest_cmd_void(s, "irq_intercept_in %s", qom_path);
}

void qtest_irq_intercept_out(QTestState *s, const char *qom_path)
{
    qtest_cmd_void(s, "irq_intercept_out %s", qom_path);
}

void qtest_set_irq_in(QTestState *s, const char *qom_path, const char *name,
                      int num, int level)
{
    qtest_cmd_void(s, "set_irq_in %s %s %d %d", qom_path,
                   name && *name ? name : "unnamed-gpio-in", num, level);
}

bool qtest_get_irq(QTestState *s, int num)
{
    char *line;

    g_assert(num >= 0 && num < QTEST_MAX_IRQ);
    /* Take in IRQ lines that arrived since the last reply. */
    while ((line = read_line(s, s->qtest_fd, s->qtest_rx, false, "qtest"))) {
        if (s->log) {
            g_printerr("qtest< %s\n", line);
        }
        if (!handle_irq_line(s, line)) {
            g_error("qtest: protocol error, unsolicited line '%s'", line);
        }
        g_free(line);
    }
    return s->irq_level[num];
}

bool qtest_big_endian(QTestState *s)
{
    if (s->big_endian < 0) {
        char **words = qtest_cmd_ok(s, "endianness");
        if (words[0] && !strcmp(words[0], "big")) {
            s->big_endian = 1;
        } else if (words[0] && !strcmp(words[0], "little")) {
            s->big_endian = 0;
        } else {
            g_error("qtest: bad endianness reply '%s'",
                    words[0] ? words[0] : "");
        }
        g_strfreev(words);
    }
    return s->big_endian;
}

/* ------------------------------------------------------------------ */
/* QMP                                                                 */

char *qtest_json_node_to_string(JsonNode *node)
{
    return json_to_string(node, FALSE);
}

char *qtest_json_to_string(JsonObject *obj)
{
    JsonNode *node = json_node_alloc();
    char *txt;

    json_node_init_object(node, obj);
    txt = json_to_string(node, FALSE);
    json_node_unref(node);
    return txt;
}

/* Format fmt with single quotes of the format itself turned into double. */
static char *qmp_format(const char *fmt, va_list ap)
{
    GString *f = g_string_sized_new(strlen(fmt));
    char *txt;

    for (const char *p = fmt; *p; p++) {
        if (p[0] == '\\' && p[1] == '\'') {
            g_string_append_c(f, '\'');
            p++;
        } else if (*p == '\'') {
            g_string_append_c(f, '"');
        } else {
            g_string_append_c(f, *p);
        }
    }
    txt = g_strdup_vprintf(f->str, ap);
    g_string_free(f, TRUE);
    return txt;
}

static JsonObject *parse_object(const char *txt, GError **errp)
{
    JsonParser *parser = json_parser_new_immutable();
    JsonObject *obj = NULL;

    if (json_parser_load_from_data(parser, txt, -1, errp)) {
        JsonNode *root = json_parser_get_root(parser);
        if (root && JSON_NODE_HOLDS_OBJECT(root)) {
            obj = json_object_ref(json_node_get_object(root));
        } else {
            g_set_error(errp, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                        "not a JSON object");
        }
    }
    g_object_unref(parser);
    return obj;
}

void qtest_qmp_send_raw(QTestState *s, const char *text)
{
    if (s->log) {
        g_printerr("qmp> %s\n", text);
    }
    send_all(s, s->qmp_fd, text, strlen(text));
}

void qtest_qmp_vsend(QTestState *s, const char *fmt, va_list ap)
{
    char *txt = qmp_format(fmt, ap);
    GError *err = NULL;
    JsonObject *obj = parse_object(txt, &err);

    /* Catch bad JSON in the test itself, not as a puzzling server error. */
    if (!obj) {
        g_error("qtest: qmp command is not a JSON object (%s): %s",
                err->message, txt);
    }
    json_object_unref(obj);
    if (s->log) {
        g_printerr("qmp> %s\n", txt);
    }
    send_all(s, s->qmp_fd, txt, strlen(txt));
    send_all(s, s->qmp_fd, "\n", 1);
    g_free(txt);
}

void qtest_qmp_send(QTestState *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    qtest_qmp_vsend(s, fmt, ap);
    va_end(ap);
}

JsonObject *qtest_qmp_receive_dict(QTestState *s)
{
    for (;;) {
        char *line = read_line(s, s->qmp_fd, s->qmp_rx, true, "QMP");
        GError *err = NULL;
        JsonObject *obj;

        if (s->log) {
            g_printerr("qmp< %s\n", line);
        }
        if (!*line) {
            g_free(line);
            continue;
        }
        obj = parse_object(line, &err);
        if (!obj) {
            g_error("qtest: bad QMP message (%s): %s", err->message, line);
        }
        g_free(line);
        return obj;
    }
}

static bool is_event(JsonObject *obj)
{
    return json_object_has_member(obj, "event");
}

JsonObject *qtest_qmp_receive(QTestState *s)
{
    JsonObject *obj = g_queue_pop_head(&s->responses);

    while (!obj) {
        obj = qtest_qmp_receive_dict(s);
        if (is_event(obj)) {
            g_queue_push_tail(&s->events, obj);
            obj = NULL;
        }
    }
    return obj;
}

JsonObject *qtest_vqmp(QTestState *s, const char *fmt, va_list ap)
{
    qtest_qmp_vsend(s, fmt, ap);
    return qtest_qmp_receive(s);
}

JsonObject *qtest_qmp(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    JsonObject *obj;

    va_start(ap, fmt);
    obj = qtest_vqmp(s, fmt, ap);
    va_end(ap);
    return obj;
}

static JsonNode *vqmp_assert_success(QTestState *s, const char *fmt,
                                     va_list ap)
{
    JsonObject *resp = qtest_vqmp(s, fmt, ap);
    JsonNode *ret = json_object_get_member(resp, "return");

    if (!ret) {
        char *txt = qtest_json_to_string(resp);
        g_error("qtest: QMP command failed: %s", txt);
    }
    ret = json_node_ref(ret);
    json_object_unref(resp);
    return ret;
}

JsonNode *qtest_qmp_assert_success(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    JsonNode *ret;

    va_start(ap, fmt);
    ret = vqmp_assert_success(s, fmt, ap);
    va_end(ap);
    if (s->last_return) {
        json_node_unref(s->last_return);
    }
    s->last_return = ret;
    return ret;
}

JsonNode *qtest_qmp_assert_success_ref(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    JsonNode *ret;

    va_start(ap, fmt);
    ret = vqmp_assert_success(s, fmt, ap);
    va_end(ap);
    return ret;
}

static bool event_is(JsonObject *obj, const char *event)
{
    const char *name = json_object_get_string_member_with_default(obj,
                                                                  "event",
                                                                  NULL);
    return name && !strcmp(name, event);
}

JsonObject *qtest_qmp_event_ref(QTestState *s, const char *event)
{
    for (GList *l = s->events.head; l; l = l->next) {
        if (event_is(l->data, event)) {
            JsonObject *obj = l->data;
            g_queue_delete_link(&s->events, l);
            return obj;
        }
    }
    return NULL;
}

JsonObject *qtest_qmp_eventwait_ref(QTestState *s, const char *event)
{
    JsonObject *obj = qtest_qmp_event_ref(s, event);

    while (!obj) {
        obj = qtest_qmp_receive_dict(s);
        if (!is_event(obj)) {
            /* A reply to an earlier qtest_qmp_send(): keep it. */
            g_queue_push_tail(&s->responses, obj);
            obj = NULL;
        } else if (!event_is(obj, event)) {
            g_queue_push_tail(&s->events, obj);
            obj = NULL;
        }
    }
    return obj;
}

void qtest_qmp_eventwait(QTestState *s, const char *event)
{
    json_object_unref(qtest_qmp_eventwait_ref(s, event));
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

const char *qtest_get_arch(void)
{
    return "x86_64";
}

void qtest_add_func(const char *path, GTestFunc fn)
{
    char *full = g_strdup_printf("/%s/%s", qtest_get_arch(),
                                 path[0] == '/' ? path + 1 : path);

    g_test_add_func(full, fn);
    g_free(full);
}

void qtest_add_data_func(const char *path, const void *data,
                         GTestDataFunc fn)
{
    char *full = g_strdup_printf("/%s/%s", qtest_get_arch(),
                                 path[0] == '/' ? path + 1 : path);

    g_test_add_data_func(full, data, fn);
    g_free(full);
}
