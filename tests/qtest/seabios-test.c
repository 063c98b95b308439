/*
 * The pc machine boots Debian's SeaBIOS (bios-256k.bin) under -accel tcg:
 * its banner reaches the serial console (SeaBIOS's "sercon", used when
 * there is no VGA), its debug log on port 0x402 shows it counting the
 * vCPUs (INIT/SIPI bring-up of the APs) and it gets to the boot menu.
 * Also, under -accel qtest, the PIIX4 PM register that makes SeaBIOS skip
 * SMM setup (there is no SMM; it would wait forever for an SMI).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "libqtest.h"

#define BIOS_FILE "/usr/share/seabios/bios-256k.bin"
/* SeaBIOS needs ~1 s of guest time; a loaded host may be much slower. */
#define WAIT_US (120 * G_USEC_PER_SEC)

static bool tcg_available(void)
{
    static int avail = -1;

    if (avail < 0) {
        g_autofree char *cmd = g_strdup_printf(
            "%s -M none -accel tcg,thread=bogus -display none",
            getenv("QTEST_QEMU_BINARY"));
        g_autofree char *err = NULL;
        gint status;

        g_spawn_command_line_sync(cmd, NULL, &err, &status, NULL);
        avail = err && strstr(err, "Invalid 'thread' setting") != NULL;
    }
    return avail;
}

/* Waits until every string of want[] is in the file (or fails). */
static void wait_file(const char *path, const char *const *want)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_US;
    g_autofree char *text = NULL;
    size_t len = 0;
    int i;

    for (;;) {
        g_free(text);
        text = NULL;
        g_file_get_contents(path, &text, &len, NULL);
        for (i = 0; text && want[i]; i++) {
            /* The logs may hold NULs or escapes: search the bytes. */
            if (!g_strstr_len(text, len, want[i])) {
                break;
            }
        }
        if (text && !want[i]) {
            return;
        }
        if (g_get_monotonic_time() > deadline) {
            g_test_message("%s: no \"%s\" in:\n%s", path,
                           want[i], text ? text : "(nothing)");
            g_assert_not_reached();
        }
        g_usleep(20 * 1000);
    }
}

static void test_boot(gconstpointer opaque)
{
    int smp = GPOINTER_TO_INT(opaque);
    g_autofree char *dir = NULL;
    g_autofree char *serial = NULL;
    g_autofree char *debug = NULL;
    g_autofree char *cpus = g_strdup_printf("Found %d cpu(s)", smp);
    const char *serial_want[] = {
        "SeaBIOS (version", "No bootable device", NULL
    };
    const char *debug_want[] = {
        "SeaBIOS (version", cpus, "sercon: using ioport 0x3f8",
        "enter handle_19", NULL
    };
    GError *err = NULL;
    QTestState *qts;

    if (!tcg_available()) {
        g_test_skip("-accel tcg is not available in this build");
        return;
    }
    if (!g_file_test(BIOS_FILE, G_FILE_TEST_IS_REGULAR)) {
        g_test_skip("no " BIOS_FILE " (Debian package seabios)");
        return;
    }
    dir = g_dir_make_tmp("seabios-test-XXXXXX", &err);
    g_assert_no_error(err);
    serial = g_build_filename(dir, "serial.txt", NULL);
    debug = g_build_filename(dir, "debug.txt", NULL);
    g_setenv("QTEST_ACCEL", "tcg", true);
    /* -nographic: SeaBIOS uses the serial port as its console only
     * when fw_cfg says there is no graphics. */
    qts = qtest_initf("-M pc -m 128 -smp %d -bios " BIOS_FILE
                      " -nographic -serial file:%s -chardev file,id=dbg,path=%s"
                      " -device isa-debugcon,iobase=0x402,chardev=dbg",
                      smp, serial, debug);
    wait_file(debug, debug_want);
    wait_file(serial, serial_want);
    qtest_quit(qts);
    g_unsetenv("QTEST_ACCEL");
    g_unlink(serial);
    g_unlink(debug);
    g_rmdir(dir);
}

/* DEVACTB (0x58) bit 25, APMC_EN: "APM SMI already set up". */
static void test_pm_no_smm(void)
{
    QTestState *qts = qtest_init("-M pc");
    uint32_t devactb;

    /* 00:01.3 (PIIX4 PM), register 0x58. */
    qtest_outl(qts, 0xcf8, 0x80000000 | (1 << 11) | (3 << 8) | 0x58);
    devactb = qtest_inl(qts, 0xcfc);
    g_assert_cmphex(devactb & (1u << 25), ==, 1u << 25);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/seabios/pm-no-smm", test_pm_no_smm);
    qtest_add_data_func("/seabios/boot/smp1", GINT_TO_POINTER(1), test_boot);
    qtest_add_data_func("/seabios/boot/smp2", GINT_TO_POINTER(2), test_boot);
    return g_test_run();
}
