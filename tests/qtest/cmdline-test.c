/*
 * The command line, as a user types it: good options start (or print and
 * exit 0), bad ones print one line naming the option and exit 1 before
 * anything runs.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "libqtest.h"

static const char *binary(void)
{
    const char *b = getenv("QTEST_QEMU_BINARY");

    g_assert_nonnull(b);
    return b;
}

/* Runs the emulator with args (and qtest plumbing that needs no peer);
 * returns its exit status, with stdout/stderr in *out / *err. */
static int run(const char *args, char **out, char **err)
{
    g_autofree char *cmd = g_strdup_printf(
        "exec %s -display none -qtest null -qtest-log none %s "
        "</dev/null", binary(), args);
    g_autoptr(GError) gerr = NULL;
    char *argv[] = { "sh", "-c", cmd, NULL };
    int status;

    g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, out, err, &status, &gerr));
    g_assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

typedef struct BadCase {
    const char *args;
    const char *message;        /* the line it must print on stderr */
} BadCase;

static const BadCase bad_cases[] = {
    { "-m foo", "vireo-system-x86_64: -m foo: Parameter 'size' expects a "
      "non-negative number below 2^64" },
    { "-m 0", "ram size can't be 0" },
    { "-smp foo", "Parameter 'smp.cpus' expects integer" },
    { "-smp 2,sockets=3", "Invalid CPU topology: product of the hierarchy "
      "must match maxcpus: sockets (3) * dies (1) * cores (1) * threads (1) "
      "!= maxcpus (2)" },
    /* Without sockets and cores, one socket (QEMU 7.2 says the same). */
    { "-smp 5,threads=2", "Invalid CPU topology: product of the hierarchy "
      "must match maxcpus: sockets (1) * dies (1) * cores (2) * threads (2) "
      "!= maxcpus (5)" },
    { "-smp 300", "The max CPUs supported by machine 'pc-i440fx-7.2' is 255" },
    { "-machine nope", "unsupported machine type" },
    { "-M pc,foo=bar", "Property 'pc-i440fx-7.2-machine.foo' not found" },
    { "-accel nope", "-accel nope: invalid accelerator nope" },
    { "-machine accel=nope", "invalid accelerator nope" },
    { "-accel nope -accel tcg,thread=bogus", "no accelerator found" },
    { "-machine accel=nope:nope2", "no accelerator found" },
    { "-cpu nope", "unable to find CPU model 'nope'" },
    { "-cpu qemu64,+nope", "Property 'qemu64-x86_64-cpu.nope' not found" },
    { "-device nope", "-device nope: 'nope' is not a valid device model name" },
    { "-device isa-serial,foo=1", "Property 'isa-serial.foo' not found" },
    { "-device isa-serial,iobase=xyz", "Parameter 'iobase' expects integer" },
    { "-device isa-serial,bus=nope", "Bus 'nope' not found" },
    { "-device isa-serial,id=1x", "Parameter 'id' expects an identifier" },
    { "-device isa-serial,id=a -device isa-serial,id=a",
      "Duplicate ID 'a' for device" },
    { "-M none -device isa-serial", "No 'ISA' bus found for device" },
    { "-chardev nope,id=a", "'nope' is not a valid char driver name" },
    { "-chardev null", "-chardev null: chardev: no id specified" },
    { "-serial nope:x", "'nope:x' is not a valid char driver" },
    { "-bogus", "-bogus: invalid option" },
    { "-kernel", "-kernel: requires an argument" },
    { "-incoming tcp:0:4444", "incoming migration is not yet supported" },
    { "-d nope", "Invalid log item 'nope'" },
    { "-name guest=foo,bad=1", "Invalid parameter 'bad'" },
    { "-uuid xyz", "failed to parse UUID string: wrong format" },
    { "-rtc base=bad", "invalid datetime format" },
    { "-boot order=z", "Invalid boot device 'z'" },
    { "-overcommit foo=on", "-overcommit foo=on: Invalid parameter 'foo'" },
    { "-overcommit cpu-pm=on", "requires the kvm accelerator" },
    { "-object nope,id=x", "Parameter 'qom-type' does not accept value 'nope'" },
    { "-object memory-backend-ram,id=m,size=0", "doesn't take value '0'" },
    { "-M pc,memory-backend=nope", "Memory backend 'nope' not found" },
    { "-M pc,hpet=on", "the HPET is not available yet" },
    { "-global foo", "-global foo: Invalid parameter 'foo'" },
    { "-display bogus", "Parameter 'type' does not accept value 'bogus'" },
    { "-vga bogus", "unknown vga type: bogus" },
    { "-append x", "-append only allowed with -kernel option" },
    { "-initrd x", "-initrd only allowed with -kernel option" },
    { "-sandbox on,spawn=maybe", "invalid argument for spawn" },
    { "-accel tcg,thread=bogus",
      "-accel tcg,thread=bogus: Invalid 'thread' setting bogus" },
    { "-pidfile /nonexistent-dir/x.pid", "cannot create PID file" },
};

static void test_bad_option(gconstpointer data)
{
    const BadCase *c = data;
    g_autofree char *out = NULL, *err = NULL;
    int status = run(c->args, &out, &err);

    if (!strstr(err, c->message)) {
        g_test_message("args: %s\nstderr: %s", c->args, err);
    }
    g_assert_cmpint(status, ==, 1);
    g_assert_nonnull(strstr(err, c->message));
    /* One error, not a cascade. */
    g_assert_true(g_str_has_prefix(err, "vireo-system-x86_64: "));
}

static void test_help_outputs(void)
{
    static const struct {
        const char *args;
        const char *expect;
    } cases[] = {
        { "-version", "QEMU emulator version 7.2.0 (vireo-" },
        { "-machine help", "pc-i440fx-7.2        Standard PC (i440FX + PIIX, "
          "1996) (default)" },
        { "-M help", "pc                   Standard PC (i440FX + PIIX, 1996) "
          "(alias of pc-i440fx-7.2)" },
        { "-cpu help", "x86 qemu64" },
        { "-accel help", "qtest" },
        { "-device help", "name \"isa-serial\", bus ISA" },
        { "-device isa-serial,help", "isa-serial options:" },
        { "-chardev help", "Available chardev backend types:" },
        { "-d help", "guest_errors" },
        { "-h", "-machine [type=]name" },
        { "--version", "QEMU emulator version" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *out = NULL, *err = NULL;
        int status = run(cases[i].args, &out, &err);

        if (!strstr(out, cases[i].expect)) {
            g_test_message("args: %s\nstdout: %s", cases[i].args, out);
        }
        g_assert_cmpint(status, ==, 0);
        g_assert_nonnull(strstr(out, cases[i].expect));
    }
}

/* -S starts paused; the machine options and -name/-uuid are visible. */
static void test_prelaunch_and_identity(void)
{
    QTestState *qts = qtest_init("-S -name guest=vm1 "
                                 "-uuid 12345678-1234-1234-1234-123456789abc "
                                 "-m 256 -smp 2,sockets=1,cores=2");
    JsonNode *ret;
    JsonObject *o;
    JsonArray *cpus;

    ret = qtest_qmp_assert_success_ref(qts, "{'execute': 'query-status'}");
    o = json_node_get_object(ret);
    g_assert_cmpstr(json_object_get_string_member(o, "status"), ==,
                    "prelaunch");
    g_assert_false(json_object_get_boolean_member(o, "running"));
    json_node_unref(ret);

    ret = qtest_qmp_assert_success_ref(qts, "{'execute': 'query-name'}");
    g_assert_cmpstr(json_object_get_string_member(json_node_get_object(ret),
                                                  "name"), ==, "vm1");
    json_node_unref(ret);

    ret = qtest_qmp_assert_success_ref(qts, "{'execute': 'query-uuid'}");
    g_assert_cmpstr(json_object_get_string_member(json_node_get_object(ret),
                                                  "UUID"), ==,
                    "12345678-1234-1234-1234-123456789abc");
    json_node_unref(ret);

    ret = qtest_qmp_assert_success_ref(qts, "{'execute': 'query-cpus-fast'}");
    cpus = json_node_get_array(ret);
    g_assert_cmpint(json_array_get_length(cpus), ==, 2);
    json_node_unref(ret);
    qtest_quit(qts);
}

/* -global applies to devices the machine creates; a -global for a driver
 * nobody instantiates is accepted. */
static void test_global(void)
{
    QTestState *qts = qtest_init("-global isa-serial.baudbase=9600 "
                                 "-global nosuchdriver.foo=1 "
                                 "-device isa-serial,id=s1,iobase=0x2f8,irq=3");
    JsonNode *ret;

    ret = qtest_qmp_assert_success_ref(qts,
        "{'execute': 'qom-get', 'arguments': "
        "{'path': '/machine/peripheral/s1', 'property': 'baudbase'}}");
    g_assert_cmpint(json_node_get_int(ret), ==, 9600);
    json_node_unref(ret);
    qtest_quit(qts);
}

/* A RAM backend object becomes the machine's RAM. */
static void test_memory_backend(void)
{
    QTestState *qts = qtest_init("-object memory-backend-memfd,id=ram0,"
                                 "size=64M -M pc,memory-backend=ram0");

    qtest_writel(qts, 0x100000, 0xcafef00d);
    g_assert_cmphex(qtest_readl(qts, 0x100000), ==, 0xcafef00d);
    qtest_quit(qts);
}

/* -rtc base=DATE sets the guest's clock, seen through /machine rtc-time. */
static void test_rtc_base(void)
{
    QTestState *qts = qtest_init("-rtc base=2006-06-17T16:01:21,clock=vm");
    JsonNode *ret;
    JsonObject *tm;

    ret = qtest_qmp_assert_success_ref(qts,
        "{'execute': 'qom-get', 'arguments': "
        "{'path': '/machine', 'property': 'rtc-time'}}");
    tm = json_node_get_object(ret);
    g_assert_cmpint(json_object_get_int_member(tm, "tm_year"), ==, 106);
    g_assert_cmpint(json_object_get_int_member(tm, "tm_mon"), ==, 5);
    g_assert_cmpint(json_object_get_int_member(tm, "tm_mday"), ==, 17);
    g_assert_cmpint(json_object_get_int_member(tm, "tm_hour"), ==, 16);
    json_node_unref(ret);
    qtest_quit(qts);
}

/* SIGTERM ends the VM with status 0 and a SHUTDOWN event reason. */
static void test_sigterm(void)
{
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *dir = g_dir_make_tmp("vireo-cmdline-XXXXXX", NULL);
    g_autofree char *pidfile = g_build_filename(dir, "vm.pid", NULL);
    g_autofree char *args = g_strdup_printf("-pidfile %s -daemonize",
                                            pidfile);
    g_autofree char *pidtext = NULL;
    int status = run(args, &out, &err);
    long pid;

    /* -daemonize returns once start-up is done, with the pidfile written. */
    g_assert_cmpint(status, ==, 0);
    g_assert_true(g_file_get_contents(pidfile, &pidtext, NULL, NULL));
    pid = strtol(pidtext, NULL, 10);
    g_assert_cmpint(pid, >, 1);
    g_assert_cmpint(kill(pid, 0), ==, 0);
    g_assert_cmpint(kill(pid, SIGTERM), ==, 0);
    for (int i = 0; i < 200 && kill(pid, 0) == 0; i++) {
        g_usleep(10 * 1000);
    }
    g_assert_cmpint(kill(pid, 0), !=, 0);
    /* The pidfile is removed at exit. */
    g_assert_false(g_file_test(pidfile, G_FILE_TEST_EXISTS));
    rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
        g_autofree char *name = g_strdup_printf("/cmdline/bad/%zu", i);
        g_test_add_data_func(name, &bad_cases[i], test_bad_option);
    }
    g_test_add_func("/cmdline/help", test_help_outputs);
    g_test_add_func("/cmdline/prelaunch-identity", test_prelaunch_and_identity);
    g_test_add_func("/cmdline/global", test_global);
    g_test_add_func("/cmdline/memory-backend", test_memory_backend);
    g_test_add_func("/cmdline/daemonize-sigterm", test_sigterm);
    g_test_add_func("/cmdline/rtc-base", test_rtc_base);
    return g_test_run();
}
