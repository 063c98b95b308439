/* Chardevs: creation and its errors, ringbuf, file, sockets through the
 * main loop, mux focus and escapes, pty, legacy names, query, help. */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "qemu/main-loop.h"
#include "qemu/option.h"
#include "qemu/timer.h"
#include "qapi/error.h"

#include <sys/socket.h>
#include <sys/un.h>

static char *tmpdir;

/* A frontend that records what it gets. */
typedef struct FeState {
    CharBackend be;
    GString *in;
    int room;                 /* what can_read reports */
    int opened, closed, mux_in, mux_out, brk;
} FeState;

static int fe_can_read(void *opaque)
{
    return ((FeState *)opaque)->room;
}

static void fe_read(void *opaque, const uint8_t *buf, int size)
{
    FeState *fe = opaque;

    g_assert_cmpint(size, <=, fe->room);
    g_string_append_len(fe->in, (const char *)buf, size);
}

static void fe_event(void *opaque, QEMUChrEvent event)
{
    FeState *fe = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        fe->opened++;
        break;
    case CHR_EVENT_CLOSED:
        fe->closed++;
        break;
    case CHR_EVENT_MUX_IN:
        fe->mux_in++;
        break;
    case CHR_EVENT_MUX_OUT:
        fe->mux_out++;
        break;
    case CHR_EVENT_BREAK:
        fe->brk++;
        break;
    }
}

static void fe_attach(FeState *fe, Chardev *chr)
{
    memset(fe, 0, sizeof(*fe));
    fe->in = g_string_new("");
    fe->room = 4096;
    qemu_chr_fe_init(&fe->be, chr, &error_abort);
    qemu_chr_fe_set_handlers(&fe->be, fe_can_read, fe_read, fe_event, fe,
                             NULL, true);
}

static void fe_detach(FeState *fe, bool del)
{
    qemu_chr_fe_deinit(&fe->be, del);
    g_string_free(fe->in, true);
}

static Chardev *chr_new(const char *optstr, Error **errp)
{
    g_autoptr(JsonObject) opts = keyval_parse(optstr, "backend",
                                              KEYVAL_BARE_FLAGS, errp);

    return opts ? qemu_chr_new_from_opts(opts, errp) : NULL;
}

/* Runs the loop until cond holds (or 5 s pass: the test then fails). */
#define WAIT_FOR(cond) do {                                            \
        int64_t deadline_ = get_clock() + 5 * NANOSECONDS_PER_SECOND;  \
        while (!(cond) && get_clock() < deadline_) {                   \
            main_loop_wait(false);                                     \
        }                                                              \
        g_assert_true(cond);                                           \
    } while (0)

static void spin(int iterations)
{
    for (int i = 0; i < iterations; i++) {
        main_loop_wait(true);
    }
}

static void expect_error(const char *optstr, const char *msg)
{
    Error *err = NULL;
    Chardev *chr = chr_new(optstr, &err);

    if (!err) {
        g_test_message("no error for '%s'", optstr);
    }
    g_assert_null(chr);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static void test_errors(void)
{
    g_autofree char *nosock = g_build_filename(tmpdir, "nope.sock", NULL);
    g_autofree char *msg = NULL;
    g_autofree char *opt = NULL;
    Error *err = NULL;
    Chardev *chr;
    FeState fe;
    CharBackend be2 = { 0 };

    expect_error("null", "chardev: no id specified");
    expect_error("id=x", "chardev: \"x\" missing backend");
    expect_error("foo,id=x", "'foo' is not a valid char driver name");
    expect_error("mux,id=x", "'mux' is not a valid char driver name");
    expect_error("null,id=x,bogus=1", "Invalid parameter 'bogus'");
    expect_error("null,id=1x", "Parameter 'id' expects an identifier");
    expect_error("null,id=x,mux=maybe",
                 "Parameter 'mux' expects 'on' or 'off'");
    expect_error("file,id=x", "chardev: file: no filename given");
    expect_error("file,id=x,path=/nonexistent/dir/f",
                 "Could not open '/nonexistent/dir/f': "
                 "No such file or directory");
    expect_error("pipe,id=x", "chardev: pipe: no device path given");
    expect_error("socket,id=x", "chardev: socket: no host given");
    expect_error("socket,id=x,host=localhost",
                 "chardev: socket: no port given");
    expect_error("socket,id=x,path=/tmp/a,server=on,reconnect=2",
                 "'reconnect' option is incompatible with socket in "
                 "server listen mode");
    expect_error("socket,id=x,path=/tmp/a,wait=off",
                 "'wait' option is incompatible with socket in client "
                 "connect mode");
    expect_error("socket,id=x,path=/tmp/a,reconnect=abc",
                 "Parameter 'reconnect' expects a number");
    expect_error("socket,id=x,fd=0", "File descriptor '0' is not a socket");
    expect_error("socket,id=x,path=/tmp/a,telnet=on",
                 "chardev: socket: 'telnet' is not supported");
    expect_error("ringbuf,id=x,size=3",
                 "size of ringbuf chardev must be power of two");
    expect_error("null,id=x,logfile=/nonexistent/dir/log",
                 "Unable to open logfile '/nonexistent/dir/log': "
                 "No such file or directory");
    opt = g_strdup_printf("socket,id=x,path=%s", nosock);
    msg = g_strdup_printf("Failed to connect to '%s': No such file or "
                          "directory", nosock);
    expect_error(opt, msg);
    /* Nothing half-created stays registered. */
    g_assert_null(qemu_chr_find("x"));

    chr = chr_new("null,id=dup", &error_abort);
    expect_error("null,id=dup", "Duplicate ID 'dup' for chardev");
    expect_error("ringbuf,id=dup,mux=on", "Duplicate ID 'dup' for chardev");

    /* A plain chardev takes one frontend. */
    fe_attach(&fe, chr);
    g_assert_false(qemu_chr_fe_init(&be2, chr, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Device 'dup' is in use");
    error_free_or_abort(&err);
    fe_detach(&fe, true);
    g_assert_null(qemu_chr_find("dup"));

    /* Legacy names. */
    g_assert_null(qemu_chr_new("serialX", "none", &error_abort));
    g_assert_null(qemu_chr_new("serialX", "foo:bar", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "'foo:bar' is not a valid char driver");
    error_free_or_abort(&err);
    g_assert_null(qemu_chr_new("serialX", "chardev:nope", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "chardev 'nope' not found");
    error_free_or_abort(&err);
    g_assert_null(qemu_chr_new("serialX", "tcp:localhost", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "chardev: socket: no port given");
    error_free(err);
}

static void test_ringbuf(void)
{
    Chardev *chr = chr_new("ringbuf,id=rb0,size=16", &error_abort);
    Error *err = NULL;
    FeState fe;
    uint8_t *data;
    size_t len;

    g_assert_true(chr->be_open);
    fe_attach(&fe, chr);
    g_assert_cmpint(fe.opened, ==, 1);   /* already open when attached */

    g_assert_cmpint(qemu_chr_fe_write(&fe.be, (uint8_t *)"0123456789", 10),
                    ==, 10);
    data = qemu_chr_ringbuf_read("rb0", 4, &len, &error_abort);
    g_assert_cmpuint(len, ==, 4);
    g_assert_cmpmem(data, 4, "0123", 4);
    g_free(data);

    /* Overflow keeps the newest 16 bytes. */
    qemu_chr_fe_write_all(&fe.be, (uint8_t *)"abcdefghijklmnopqrst", 20);
    data = qemu_chr_ringbuf_read("rb0", 100, &len, &error_abort);
    g_assert_cmpuint(len, ==, 16);
    g_assert_cmpmem(data, 16, "efghijklmnopqrst", 16);
    g_free(data);
    data = qemu_chr_ringbuf_read("rb0", 100, &len, &error_abort);
    g_assert_cmpuint(len, ==, 0);
    g_free(data);

    /* ringbuf-write: readable back, and seen by the frontend. */
    g_assert_true(qemu_chr_ringbuf_write("rb0", (uint8_t *)"xyz", 3,
                                         &error_abort));
    g_assert_cmpstr(fe.in->str, ==, "xyz");
    data = qemu_chr_ringbuf_read("rb0", 3, &len, &error_abort);
    g_assert_cmpmem(data, len, "xyz", 3);
    g_free(data);

    g_assert_null(qemu_chr_ringbuf_read("nope", 1, &len, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Device 'nope' not found");
    error_free_or_abort(&err);
    chr_new("null,id=notring", &error_abort);
    g_assert_false(qemu_chr_ringbuf_write("notring", (uint8_t *)"a", 1,
                                          &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "notring is not a ringbuf device");
    error_free(err);
    qemu_chr_delete(qemu_chr_find("notring"));
    fe_detach(&fe, true);
}

static char *slurp(const char *path)
{
    char *text = NULL;

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

static void test_file(void)
{
    g_autofree char *out = g_build_filename(tmpdir, "out.txt", NULL);
    g_autofree char *in = g_build_filename(tmpdir, "in.txt", NULL);
    g_autofree char *log = g_build_filename(tmpdir, "log.txt", NULL);
    g_autofree char *opt = NULL;
    g_autofree char *text = NULL;
    Chardev *chr;
    FeState fe;

    g_assert_true(g_file_set_contents(in, "typed", -1, NULL));
    opt = g_strdup_printf("file,id=f0,path=%s,in=%s,logfile=%s",
                          out, in, log);
    chr = chr_new(opt, &error_abort);
    fe_attach(&fe, chr);
    qemu_chr_fe_printf(&fe.be, "hello %d\n", 42);
    text = slurp(out);
    g_assert_cmpstr(text, ==, "hello 42\n");
    g_free(text);
    text = slurp(log);
    g_assert_cmpstr(text, ==, "hello 42\n");
    g_free(text);

    /* Input file, flow-controlled: nothing while the frontend is full. */
    fe.room = 0;
    spin(3);
    g_assert_cmpstr(fe.in->str, ==, "");
    fe.room = 2;
    WAIT_FOR(fe.in->len == 5);
    g_assert_cmpstr(fe.in->str, ==, "typed");
    fe_detach(&fe, true);

    /* append=on keeps what was there; the default truncates. */
    g_free(opt);
    opt = g_strdup_printf("file,id=f1,path=%s,append=on", out);
    chr = chr_new(opt, &error_abort);
    fe_attach(&fe, chr);
    qemu_chr_fe_write_all(&fe.be, (uint8_t *)"more\n", 5);
    text = slurp(out);
    g_assert_cmpstr(text, ==, "hello 42\nmore\n");
    g_free(text);
    fe_detach(&fe, true);
    g_free(opt);
    opt = g_strdup_printf("file,id=f2,path=%s", out);
    chr = chr_new(opt, &error_abort);
    text = slurp(out);
    g_assert_cmpstr(text, ==, "");
    qemu_chr_delete(chr);
}

static JsonObject *query_find(const char *label)
{
    g_autoptr(JsonArray) arr = qemu_chr_query();

    for (guint i = 0; i < json_array_get_length(arr); i++) {
        JsonObject *o = json_array_get_object_element(arr, i);

        if (!strcmp(json_object_get_string_member(o, "label"), label)) {
            return json_object_ref(o);
        }
    }
    return NULL;
}

static void assert_filename(const char *label, const char *expect)
{
    g_autoptr(JsonObject) o = query_find(label);

    g_assert_nonnull(o);
    g_assert_cmpstr(json_object_get_string_member(o, "filename"), ==,
                    expect);
}

/* A server and a client chardev in one process, through the loop. */
static void test_socket_unix(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "s.sock", NULL);
    g_autofree char *opt = NULL;
    g_autofree char *fname = NULL;
    Chardev *srv, *cli;
    FeState s, c;

    opt = g_strdup_printf("socket,id=srv,path=%s,server=on,wait=off", path);
    srv = chr_new(opt, &error_abort);
    fe_attach(&s, srv);
    g_assert_false(srv->be_open);
    fname = g_strdup_printf("disconnected:unix:%s,server=on", path);
    assert_filename("srv", fname);

    g_free(opt);
    opt = g_strdup_printf("socket,id=cli,path=%s", path);
    cli = chr_new(opt, &error_abort);
    g_assert_true(cli->be_open);          /* connected synchronously */
    fe_attach(&c, cli);
    g_assert_cmpint(c.opened, ==, 1);
    WAIT_FOR(s.opened == 1);
    g_free(fname);
    fname = g_strdup_printf("unix:%s,server=on", path);
    assert_filename("srv", fname);

    qemu_chr_fe_write_all(&c.be, (uint8_t *)"ping", 4);
    WAIT_FOR(s.in->len == 4);
    g_assert_cmpstr(s.in->str, ==, "ping");
    qemu_chr_fe_write_all(&s.be, (uint8_t *)"pong", 4);
    WAIT_FOR(c.in->len == 4);
    g_assert_cmpstr(c.in->str, ==, "pong");

    /* Flow control: a full frontend leaves data in the socket. */
    s.room = 0;
    qemu_chr_fe_write_all(&c.be, (uint8_t *)"abcdef", 6);
    spin(5);
    g_assert_cmpstr(s.in->str, ==, "ping");
    s.room = 4;
    qemu_chr_fe_accept_input(&s.be);
    WAIT_FOR(s.in->len == 10);
    g_assert_cmpstr(s.in->str, ==, "pingabcdef");

    /* Client leaves: server sees CLOSED and accepts a new client. */
    fe_detach(&c, true);
    WAIT_FOR(s.closed == 1);
    g_assert_false(srv->be_open);
    cli = chr_new(opt, &error_abort);
    fe_attach(&c, cli);
    WAIT_FOR(s.opened == 2);
    qemu_chr_fe_write_all(&c.be, (uint8_t *)"again", 5);
    WAIT_FOR(s.in->len == 15);

    /* Server leaves: the client sees CLOSED; writes are dropped. */
    fe_detach(&s, true);
    WAIT_FOR(c.closed == 1);
    g_assert_cmpint(qemu_chr_fe_write(&c.be, (uint8_t *)"x", 1), ==, 1);
    g_free(fname);
    fname = g_strdup_printf("disconnected:unix:%s", path);
    assert_filename("cli", fname);
    fe_detach(&c, true);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

/* TCP, through the legacy syntax, with the QEMU 5-era bare flags. */
static void test_socket_tcp(void)
{
    Chardev *srv, *cli;
    FeState s, c;
    const char *fn;
    g_autofree char *addr = NULL;
    char *port;

    srv = qemu_chr_new("tsrv", "tcp:127.0.0.1:0,server,nowait",
                       &error_abort);
    fn = srv->filename;
    g_assert_true(g_str_has_prefix(fn, "disconnected:tcp:127.0.0.1:"));
    g_assert_true(g_str_has_suffix(fn, ",server=on"));
    addr = g_strdup(fn + strlen("disconnected:tcp:"));
    *strchr(addr, ',') = '\0';
    port = strrchr(addr, ':') + 1;
    g_assert_cmpint(atoi(port), >, 0);
    fe_attach(&s, srv);

    {
        g_autofree char *legacy = g_strdup_printf("tcp:%s", addr);

        cli = qemu_chr_new("tcli", legacy, &error_abort);
    }
    fe_attach(&c, cli);
    WAIT_FOR(s.opened == 1);
    g_assert_true(g_str_has_prefix(srv->filename, "tcp:127.0.0.1:"));
    g_assert_nonnull(strstr(srv->filename, ",server=on <-> 127.0.0.1:"));
    qemu_chr_fe_write_all(&c.be, (uint8_t *)"tcp!", 4);
    WAIT_FOR(s.in->len == 4);
    g_assert_cmpstr(s.in->str, ==, "tcp!");
    fe_detach(&c, true);
    WAIT_FOR(s.closed == 1);
    fe_detach(&s, true);
}

/* reconnect=N: a missing server is retried in the background. */
static void test_socket_reconnect(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "r.sock", NULL);
    g_autofree char *opt = NULL;
    Chardev *cli, *srv;
    FeState c, s;

    opt = g_strdup_printf("socket,id=rcli,path=%s,reconnect=1", path);
    cli = chr_new(opt, &error_abort);
    fe_attach(&c, cli);
    g_assert_false(cli->be_open);
    g_free(opt);
    opt = g_strdup_printf("socket,id=rsrv,path=%s,server=on,wait=off",
                          path);
    srv = chr_new(opt, &error_abort);
    fe_attach(&s, srv);
    WAIT_FOR(c.opened == 1 && s.opened == 1);

    /* Lost connection: the client comes back by itself. */
    fe_detach(&s, true);
    WAIT_FOR(c.closed == 1);
    srv = chr_new(opt, &error_abort);
    fe_attach(&s, srv);
    WAIT_FOR(c.opened == 2 && s.opened == 1);
    fe_detach(&c, true);
    fe_detach(&s, true);
}

/* fd=N: an inherited connected socket. */
static void test_socket_fd(void)
{
    int sv[2];
    g_autofree char *opt = NULL;
    Chardev *chr;
    FeState fe;
    char buf[8];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    opt = g_strdup_printf("socket,id=fdsock,fd=%d", sv[0]);
    chr = chr_new(opt, &error_abort);
    fe_attach(&fe, chr);
    g_assert_cmpint(fe.opened, ==, 1);
    g_assert_cmpint(write(sv[1], "in", 2), ==, 2);
    WAIT_FOR(fe.in->len == 2);
    qemu_chr_fe_write_all(&fe.be, (uint8_t *)"out", 3);
    g_assert_cmpint(read(sv[1], buf, sizeof(buf)), ==, 3);
    g_assert_cmpmem(buf, 3, "out", 3);
    close(sv[1]);
    WAIT_FOR(fe.closed == 1);
    fe_detach(&fe, true);
}

/* A full frontend on a hung-up socket must not make the loop spin. */
static void timer_flag_cb(void *opaque)
{
    *(bool *)opaque = true;
}

static void test_socket_full_hup(void)
{
    int sv[2], iterations = 0;
    g_autofree char *opt = NULL;
    bool fired = false;
    QEMUTimer *t = timer_new_ms(QEMU_CLOCK_REALTIME, timer_flag_cb, &fired);
    FeState fe;

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    opt = g_strdup_printf("socket,id=fullhup,fd=%d", sv[0]);
    fe_attach(&fe, chr_new(opt, &error_abort));
    fe.room = 0;
    close(sv[1]);
    timer_mod(t, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 50);
    while (!fired) {
        main_loop_wait(false);
        iterations++;
    }
    g_assert_cmpint(iterations, <, 10);
    g_assert_cmpint(fe.closed, ==, 0);
    /* With room again, the hang-up is seen. */
    fe.room = 16;
    qemu_chr_fe_accept_input(&fe.be);
    WAIT_FOR(fe.closed == 1);
    fe_detach(&fe, true);
    timer_free(t);
}

/* Mux over a ringbuf base: input injected at the base, output read back. */
static void test_mux(void)
{
    Chardev *mux = chr_new("ringbuf,id=mx,mux=on", &error_abort);
    Chardev *base = qemu_chr_find("mx-base");
    FeState a, b;
    uint8_t *out;
    size_t len;
    Error *err = NULL;
    CharBackend extra[4] = { 0 };

    g_assert_true(qemu_chr_is_mux(mux));
    g_assert_nonnull(base);
    g_assert_false(qemu_chr_is_mux(base));

    fe_attach(&a, mux);
    fe_attach(&b, mux);
    /* The last frontend to install handlers has the focus. */
    g_assert_cmpint(b.mux_in, ==, 1);
    g_assert_cmpint(a.mux_out, ==, 1);
    g_assert_cmpint(a.opened, ==, 1);
    g_assert_cmpint(b.opened, ==, 1);

    qemu_chr_be_write(base, (uint8_t *)"to-b", 4);
    g_assert_cmpstr(b.in->str, ==, "to-b");
    g_assert_cmpstr(a.in->str, ==, "");

    /* C-a c switches, in the middle of a buffer. */
    qemu_chr_be_write(base, (uint8_t *)"1\001c2", 4);
    g_assert_cmpstr(b.in->str, ==, "to-b1");
    g_assert_cmpstr(a.in->str, ==, "2");
    g_assert_cmpint(a.mux_in, ==, 1);
    g_assert_cmpint(b.mux_out, ==, 1);

    /* C-a C-a is a literal C-a; C-a b a break. */
    qemu_chr_be_write(base, (uint8_t *)"\001\001\001b", 4);
    g_assert_cmpstr(a.in->str, ==, "2\001");
    g_assert_cmpint(a.brk, ==, 1);

    /* A full focus holds input back until it accepts more. */
    a.room = 0;
    qemu_chr_be_write(base, (uint8_t *)"Z", 1);
    g_assert_cmpstr(a.in->str, ==, "2\001");
    g_assert_cmpint(qemu_chr_be_can_write(base), ==, 0);
    a.room = 10;
    qemu_chr_fe_accept_input(&a.be);
    g_assert_cmpstr(a.in->str, ==, "2\001Z");

    /* Both frontends write out through the base. */
    qemu_chr_fe_write_all(&a.be, (uint8_t *)"A", 1);
    qemu_chr_fe_write_all(&b.be, (uint8_t *)"B", 1);
    out = qemu_chr_ringbuf_read("mx-base", 100, &len, &error_abort);
    g_assert_cmpmem(out, len, "AB", 2);
    g_free(out);

    /* C-a h prints the help on the base. */
    qemu_chr_be_write(base, (uint8_t *)"\001h", 2);
    out = qemu_chr_ringbuf_read("mx-base", 4096, &len, &error_abort);
    g_assert_nonnull(g_strstr_len((char *)out, len, "C-a h    print this help"));
    g_assert_nonnull(g_strstr_len((char *)out, len, "C-a c    switch"));
    g_free(out);

    /* Base events reach every frontend. */
    qemu_chr_be_event(base, CHR_EVENT_CLOSED);
    g_assert_cmpint(a.closed, ==, 1);
    g_assert_cmpint(b.closed, ==, 1);

    /* At most four frontends. */
    g_assert_true(qemu_chr_fe_init(&extra[0], mux, &error_abort));
    g_assert_true(qemu_chr_fe_init(&extra[1], mux, &error_abort));
    g_assert_false(qemu_chr_fe_init(&extra[2], mux, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "too many uses of multiplexed chardev 'mx'");
    error_free(err);
    qemu_chr_fe_deinit(&extra[0], false);
    qemu_chr_fe_deinit(&extra[1], false);

    /* take_focus; deleting the mux deletes its base. */
    qemu_chr_fe_take_focus(&b.be);
    g_assert_cmpint(b.mux_in, ==, 2);
    fe_detach(&a, false);
    fe_detach(&b, true);
    g_assert_null(qemu_chr_find("mx"));
    g_assert_null(qemu_chr_find("mx-base"));
}

static void test_pty(void)
{
    Chardev *chr = chr_new("pty,id=pty0", &error_abort);
    FeState fe;
    const char *name;
    int slave;
    char buf[8];

    g_assert_true(g_str_has_prefix(chr->filename, "pty:/dev/pts/"));
    name = chr->filename + strlen("pty:");
    fe_attach(&fe, chr);
    g_assert_false(chr->be_open);
    /* Nobody on the slave: output is dropped, not an error. */
    g_assert_cmpint(qemu_chr_fe_write(&fe.be, (uint8_t *)"lost", 4), ==, 4);

    slave = open(name, O_RDWR | O_NOCTTY);
    g_assert_cmpint(slave, >=, 0);
    WAIT_FOR(fe.opened == 1);
    g_assert_cmpint(write(slave, "hi", 2), ==, 2);
    WAIT_FOR(fe.in->len == 2);
    g_assert_cmpstr(fe.in->str, ==, "hi");
    qemu_chr_fe_write_all(&fe.be, (uint8_t *)"yo", 2);
    g_assert_cmpint(read(slave, buf, sizeof(buf)), ==, 2);
    g_assert_cmpmem(buf, 2, "yo", 2);
    close(slave);
    WAIT_FOR(fe.closed == 1);
    fe_detach(&fe, true);
}

static void test_legacy(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "legacy.txt", NULL);
    g_autofree char *spec = g_strdup_printf("file:%s", path);
    Chardev *chr;
    FeState fe;

    chr = qemu_chr_new("serial0", "null", &error_abort);
    g_assert_cmpstr(chr->label, ==, "serial0");
    g_assert_true(qemu_chr_new("serialY", "chardev:serial0",
                               &error_abort) == chr);
    qemu_chr_delete(chr);

    chr = qemu_chr_new("serial1", spec, &error_abort);
    fe_attach(&fe, chr);
    qemu_chr_fe_write_all(&fe.be, (uint8_t *)"L", 1);
    {
        g_autofree char *text = slurp(path);
        g_assert_cmpstr(text, ==, "L");
    }
    fe_detach(&fe, true);

    chr = qemu_chr_new("compat_monitor0", "mon:null", &error_abort);
    g_assert_true(qemu_chr_is_mux(chr));
    qemu_chr_delete(chr);
    chr = qemu_chr_new("vc0", "vc:80Cx24C", &error_abort);
    g_assert_cmpstr(chr->filename, ==, "vc");
    qemu_chr_delete(chr);
}

static void test_query_and_help(void)
{
    g_autoptr(JsonObject) o = NULL;
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    Chardev *chr = chr_new("null,id=q0", &error_abort);
    FeState fe;

    o = query_find("q0");
    g_assert_nonnull(o);
    g_assert_cmpstr(json_object_get_string_member(o, "filename"), ==,
                    "null");
    g_assert_false(json_object_get_boolean_member(o, "frontend-open"));
    fe_attach(&fe, chr);
    json_object_unref(o);
    o = query_find("q0");
    g_assert_true(json_object_get_boolean_member(o, "frontend-open"));
    fe_detach(&fe, true);
    g_assert_null(query_find("q0"));

    qemu_chr_print_backends(f);
    fclose(f);
    g_assert_true(g_str_has_prefix(text,
                                   "Available chardev backend types: \n"));
    for (const char *const *n = (const char *const[]){ "socket", "stdio",
             "file", "pipe", "pty", "null", "ringbuf", "memory", "vc",
             NULL }; *n; n++) {
        g_autofree char *line = g_strdup_printf("\n  %s\n", *n);
        g_assert_nonnull(strstr(text, line));
    }
    g_assert_null(strstr(text, "  mux\n"));
    g_assert_null(strstr(text, "  fd\n"));
    free(text);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    tmpdir = g_dir_make_tmp("vireo-test-char-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);

    g_test_add_func("/char/errors", test_errors);
    g_test_add_func("/char/ringbuf", test_ringbuf);
    g_test_add_func("/char/file", test_file);
    g_test_add_func("/char/socket/unix", test_socket_unix);
    g_test_add_func("/char/socket/tcp", test_socket_tcp);
    g_test_add_func("/char/socket/reconnect", test_socket_reconnect);
    g_test_add_func("/char/socket/fd", test_socket_fd);
    g_test_add_func("/char/socket/full-frontend-hup", test_socket_full_hup);
    g_test_add_func("/char/mux", test_mux);
    g_test_add_func("/char/pty", test_pty);
    g_test_add_func("/char/legacy", test_legacy);
    g_test_add_func("/char/query-help", test_query_and_help);
    ret = g_test_run();

    {
        g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
        if (system(cmd)) {
            /* leftovers in /tmp are harmless */
        }
    }
    return ret;
}
