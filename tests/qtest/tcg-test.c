/*
 * End-to-end tests of the TCG accelerator with tiny real-mode firmware
 * images (built here from byte arrays, see the assembly in comments):
 * serial output, self-modifying code, and the run state machine (-S,
 * stop, cont, system_reset, quit) with a guest that never stops running.
 * Each runs under both backends (native, interp).
 *
 * The qtest socket is only used to read guest memory: the accelerator
 * is tcg (QTEST_ACCEL), so the guest really runs.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "libqtest.h"

/* Every wait is bounded so that a hang fails instead of blocking. */
#define WAIT_US (60 * G_USEC_PER_SEC)

/*
 * 9 bytes at f000:0000:
 *   mov $0x3f8, %dx; mov $'X', %al; out %al, %dx; hlt; 1: jmp 1b
 */
static const uint8_t hello_code[] = {
    0xba, 0xf8, 0x03, 0xb0, 0x58, 0xee, 0xf4, 0xeb, 0xfe,
};

/*
 * Copies a payload to 0000:1000 and runs it there (RAM, so it can
 * write itself). The payload (linked at 0x1000):
 *   1000 mov $0x3f8, %dx
 *   1003 movb $'B', 0x1009     -- the immediate of the next insn
 *   1008 mov $'A', %al         -- so this prints 'B'
 *   100a out %al, %dx
 *   100b call 0x101c           -- prints '1'
 *   100e movb $'2', 0x101d     -- patch the function, translated already
 *   1013 call 0x101c           -- prints '2'
 *   1016 mov $'\n', %al; out %al, %dx; hlt; 1: jmp 1b
 *   101c mov $'1', %al; out %al, %dx; ret
 * and before it, at f000:0000:
 *   cli; xor %ax,%ax; mov %ax,%ds; mov %ax,%es; mov %ax,%ss;
 *   mov $0x7000,%sp; mov $payload,%si; mov $0x1000,%di; mov $len,%cx;
 *   cs rep movsb; ljmp $0,$0x1000
 */
static const uint8_t smc_code[] = {
    0xfa, 0x31, 0xc0, 0x8e, 0xd8, 0x8e, 0xc0, 0x8e, 0xd0, 0xbc, 0x00, 0x70,
    0xbe, 0x1d, 0x00, 0xbf, 0x00, 0x10, 0xb9, 0x20, 0x00, 0x2e, 0xf3, 0xa4,
    0xea, 0x00, 0x10, 0x00, 0x00, 0xba, 0xf8, 0x03, 0xc6, 0x06, 0x09, 0x10,
    0x42, 0xb0, 0x41, 0xee, 0xe8, 0x0e, 0x00, 0xc6, 0x06, 0x1d, 0x10, 0x32,
    0xe8, 0x06, 0x00, 0xb0, 0x0a, 0xee, 0xf4, 0xeb, 0xfe, 0xb0, 0x31, 0xee,
    0xc3,
};

/*
 * Runs forever, counting boots at 0x502 and loop iterations at 0x500:
 *   cli; xor %ax,%ax; mov %ax,%ds; incw 0x502; movw $0,0x500;
 *   1: incw 0x500; jmp 1b
 */
static const uint8_t counter_code[] = {
    0xfa, 0x31, 0xc0, 0x8e, 0xd8, 0xff, 0x06, 0x02, 0x05, 0xc7, 0x06, 0x00,
    0x05, 0x00, 0x00, 0xff, 0x06, 0x00, 0x05, 0xeb, 0xfa,
};

typedef struct Guest {
    char *dir;
    char *bios;
    char *serial;
    QTestState *qts;
} Guest;

static const char *bin_path(void)
{
    return getenv("QTEST_QEMU_BINARY");
}

/* Whether this build runs guest code under -accel tcg at all. */
static bool tcg_available(void)
{
    static int avail = -1;

    if (avail < 0) {
        g_autofree char *cmd = g_strdup_printf(
            "%s -M none -accel tcg,thread=bogus -display none", bin_path());
        g_autofree char *err = NULL;
        gint status;

        g_spawn_command_line_sync(cmd, NULL, &err, &status, NULL);
        avail = err && strstr(err, "Invalid 'thread' setting") != NULL;
    }
    return avail;
}

/* A 64 KiB BIOS: code at its start (f000:0000), reset vector jumps there. */
static void guest_start(Guest *g, const uint8_t *code, size_t len,
                        const char *backend, const char *extra)
{
    g_autofree uint8_t *rom = g_malloc0(64 * 1024);
    g_autofree char *accel = g_strdup_printf("tcg,backend=%s", backend);
    GError *err = NULL;

    g->dir = g_dir_make_tmp("tcg-test-XXXXXX", &err);
    g_assert_no_error(err);
    g->bios = g_build_filename(g->dir, "bios.bin", NULL);
    g->serial = g_build_filename(g->dir, "serial.txt", NULL);
    memcpy(rom, code, len);
    /* fff0: ljmp $0xf000, $0 */
    rom[0xfff0] = 0xea;
    rom[0xfff1] = 0x00;
    rom[0xfff2] = 0x00;
    rom[0xfff3] = 0x00;
    rom[0xfff4] = 0xf0;
    g_file_set_contents(g->bios, (char *)rom, 64 * 1024, &err);
    g_assert_no_error(err);
    g_setenv("QTEST_ACCEL", accel, true);
    g->qts = qtest_initf("-bios %s -serial file:%s %s", g->bios, g->serial,
                         extra ? extra : "");
}

static void guest_end(Guest *g)
{
    if (g->qts) {
        qtest_quit(g->qts);
    }
    g_unlink(g->bios);
    g_unlink(g->serial);
    g_rmdir(g->dir);
    g_free(g->bios);
    g_free(g->serial);
    g_free(g->dir);
}

/* Waits until the serial log holds exactly want (or fails). */
static void wait_serial(Guest *g, const char *want)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_US;
    g_autofree char *text = NULL;

    for (;;) {
        g_free(text);
        text = NULL;
        g_file_get_contents(g->serial, &text, NULL, NULL);
        if (text && strlen(text) >= strlen(want)) {
            break;
        }
        if (g_get_monotonic_time() > deadline) {
            break;
        }
        g_usleep(10 * 1000);
    }
    g_assert_cmpstr(text, ==, want);
}

static const char *status(QTestState *qts)
{
    static char buf[32];
    JsonNode *r = qtest_qmp_assert_success_ref(qts, "{'execute': "
                                               "'query-status'}");
    JsonObject *o = json_node_get_object(r);

    g_strlcpy(buf, json_object_get_string_member(o, "status"), sizeof(buf));
    json_node_unref(r);
    return buf;
}

/* Reads the counter until cond(value) holds (bounded). */
static uint16_t wait_counter(QTestState *qts, uint64_t addr,
                             bool (*cond)(uint16_t v, uint16_t ref),
                             uint16_t ref)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_US;
    uint16_t v;

    do {
        v = qtest_readw(qts, addr);
        if (cond(v, ref)) {
            return v;
        }
        g_usleep(1000);
    } while (g_get_monotonic_time() < deadline);
    g_test_message("counter at 0x%" PRIx64 " stuck at %u", addr, v);
    g_assert_not_reached();
}

static bool differs(uint16_t v, uint16_t ref)
{
    return v != ref;
}

static bool at_least(uint16_t v, uint16_t ref)
{
    return v >= ref;
}

static void test_hello(gconstpointer backend)
{
    Guest g = { 0 };

    if (!tcg_available()) {
        g_test_skip("-accel tcg is not available in this build");
        return;
    }
    guest_start(&g, hello_code, sizeof(hello_code), backend, NULL);
    wait_serial(&g, "X");
    guest_end(&g);
}

static void test_smc(gconstpointer backend)
{
    Guest g = { 0 };

    if (!tcg_available()) {
        g_test_skip("-accel tcg is not available in this build");
        return;
    }
    guest_start(&g, smc_code, sizeof(smc_code), backend, NULL);
    wait_serial(&g, "B12\n");
    guest_end(&g);
}

static void test_runstate(gconstpointer backend)
{
    Guest g = { 0 };
    uint16_t v1, v2;

    if (!tcg_available()) {
        g_test_skip("-accel tcg is not available in this build");
        return;
    }
    guest_start(&g, counter_code, sizeof(counter_code), backend, "-S");
    /* -S: nothing ran. */
    g_assert_cmpstr(status(g.qts), ==, "prelaunch");
    g_assert_cmpuint(qtest_readw(g.qts, 0x502), ==, 0);

    qtest_qmp_assert_success(g.qts, "{'execute': 'cont'}");
    wait_counter(g.qts, 0x502, at_least, 1);
    v1 = wait_counter(g.qts, 0x500, differs, 0);
    wait_counter(g.qts, 0x500, differs, v1);
    g_assert_cmpstr(status(g.qts), ==, "running");

    /* stop: the vCPU is out of guest code when the command returns. */
    qtest_qmp_assert_success(g.qts, "{'execute': 'stop'}");
    g_assert_cmpstr(status(g.qts), ==, "paused");
    v1 = qtest_readw(g.qts, 0x500);
    g_assert_cmpstr(status(g.qts), ==, "paused");
    v2 = qtest_readw(g.qts, 0x500);
    g_assert_cmpuint(v1, ==, v2);

    qtest_qmp_assert_success(g.qts, "{'execute': 'cont'}");
    wait_counter(g.qts, 0x500, differs, v2);

    /* Reset runs the firmware again from the reset vector. */
    qtest_qmp_assert_success(g.qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(g.qts, "RESET");
    wait_counter(g.qts, 0x502, at_least, 2);
    g_assert_cmpstr(status(g.qts), ==, "running");

    /* QMP quit with the guest running: a clean exit. */
    qtest_qmp_send(g.qts, "{'execute': 'quit'}");
    g_assert_cmpint(qtest_wait_qemu(g.qts), ==, 0);
    qtest_quit(g.qts);
    g.qts = NULL;
    guest_end(&g);
}

int main(int argc, char **argv)
{
    static const char *const backends[] = { "native", "interp" };

    g_test_init(&argc, &argv, NULL);
    for (int i = 0; i < 2; i++) {
        g_autofree char *p1 = g_strdup_printf("/tcg/%s/hello", backends[i]);
        g_autofree char *p2 = g_strdup_printf("/tcg/%s/smc", backends[i]);
        g_autofree char *p3 = g_strdup_printf("/tcg/%s/runstate",
                                              backends[i]);
        g_test_add_data_func(p1, backends[i], test_hello);
        g_test_add_data_func(p2, backends[i], test_smc);
        g_test_add_data_func(p3, backends[i], test_runstate);
    }
    return g_test_run();
}
