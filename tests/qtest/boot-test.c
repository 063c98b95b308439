/*
 * Direct kernel boot: synthetic bzImage, multiboot and PVH kernels land
 * in guest RAM with their boot structures; bad kernels fail with the
 * documented message and exit status 1. Also the ACPI PM device: S5
 * through PM1a_CNT powers off, system_powerdown sets PWRBTN_STS.
 */
#include "fw_cfg-helpers.h"

static uint32_t rd32(QTestState *s, uint64_t a)
{
    return qtest_readl(s, a);
}

static char *rdstr(QTestState *s, uint64_t a)
{
    char buf[256] = { 0 };

    qtest_memread(s, a, buf, sizeof(buf) - 1);
    return g_strdup(buf);
}

static void test_linux(void)
{
    g_autofree char *k = make_bzimage(2047, 0x10000);
    g_autofree uint8_t *rd = g_malloc(8192);
    g_autofree char *initrd = NULL;
    g_autofree char *cmd = NULL;
    QTestState *s;
    uint32_t ramdisk, cmdline;
    char hdrs[5] = { 0 }, marker[9] = { 0 };
    uint8_t rdback[16];

    memset(rd, 0x5a, 8192);
    memcpy(rd, "INITRD!!", 8);
    initrd = write_tmp("vireo-initrd-XXXXXX", rd, 8192);
    s = qtest_initf("-machine pc -m 256 -kernel %s -initrd %s "
                    "-append 'console=ttyS0 quiet'", k, initrd);

    qtest_memread(s, 0x7000 + 0x202, hdrs, 4);
    g_assert_cmpstr(hdrs, ==, "HdrS");
    g_assert_cmphex(qtest_readb(s, 0x7000 + 0x210), ==, 0xff);
    g_assert_cmphex(qtest_readb(s, 0x7000 + 0x211) & 0x81, ==, 0x81);
    cmdline = rd32(s, 0x7000 + 0x228);
    g_assert_cmphex(cmdline, ==, 0x20000);
    cmd = rdstr(s, cmdline);
    g_assert_cmpstr(cmd, ==, "console=ttyS0 quiet");

    /* e820: RAM from 0 first, table at 0x2d0. */
    g_assert_cmpuint(qtest_readb(s, 0x7000 + 0x1e8), >=, 3);
    g_assert_cmphex(qtest_readq(s, 0x7000 + 0x2d0), ==, 0);
    g_assert_cmphex(rd32(s, 0x7000 + 0x2d0 + 16), ==, 1);
    g_assert_cmphex(qtest_readq(s, 0x7000 + 0x2d0 + 8), ==, 0xa0000);

    /* initrd: page aligned, below RAM top, content intact. */
    ramdisk = rd32(s, 0x7000 + 0x218);
    g_assert_cmphex(rd32(s, 0x7000 + 0x21c), ==, 8192);
    g_assert_cmphex(ramdisk & 0xfff, ==, 0);
    g_assert_cmphex(ramdisk, <, 256 << 20);
    g_assert_cmphex(ramdisk, >=, FAKE_BZ_PREF + 0x10000);
    qtest_memread(s, ramdisk, rdback, 8);
    g_assert_cmpmem(rdback, 8, "INITRD!!", 8);

    /* Kernel body at pref_address; RSDP address handed over. */
    qtest_memread(s, FAKE_BZ_PREF, marker, 8);
    g_assert_cmpstr(marker, ==, FAKE_BZ_MARKER);
    g_assert_cmphex(qtest_readq(s, 0x7000 + 0x70), ==, 0xf0000);

    /* Page tables: PML4 -> PDPT -> PD, 2 MiB identity pages; GDT. */
    g_assert_cmphex(qtest_readq(s, 0x9000), ==, 0xa003);
    g_assert_cmphex(qtest_readq(s, 0xa000 + 3 * 8), ==, 0xe003);
    g_assert_cmphex(qtest_readq(s, 0xb000 + 8), ==, 0x200083);
    g_assert_cmphex(qtest_readq(s, 0xe000 + 511 * 8), ==,
                    0xffe00000ULL | 0x83);
    g_assert_cmphex(qtest_readq(s, 0x500 + 0x10), ==, 0x00af9b000000ffffULL);
    qtest_quit(s);
    g_unlink(k);
    g_unlink(initrd);
}

static void test_multiboot(void)
{
    g_autofree char *k = make_multiboot_elf();
    g_autofree char *m1 = write_tmp("vireo-mod1-XXXXXX", "MODULE-ONE", 10);
    g_autofree char *m2 = write_tmp("vireo-mod2-XXXXXX", "MODULE-TWO", 10);
    g_autofree char *cmd = NULL, *want = NULL, *mcmd = NULL;
    g_autofree char *wantm = NULL;
    QTestState *s;
    uint32_t flags, mods;
    char buf[11] = { 0 };

    s = qtest_initf("-machine pc -m 128 -kernel %s -append 'a=1' "
                    "-initrd '%s arg,,x,%s'", k, m1, m2);
    memset(buf, 0, sizeof(buf));
    qtest_memread(s, FAKE_MB_LOAD + 0x10, buf, 8);
    g_assert_cmpstr(buf, ==, "MBKERNEL");
    /* bss zeroed */
    g_assert_cmphex(qtest_readq(s, FAKE_MB_LOAD + 0x2000), ==, 0);

    flags = rd32(s, 0x9000);
    g_assert_cmphex(flags & 0x4d, ==, 0x4d);   /* mem, cmdline, mods, mmap */
    g_assert_cmpuint(rd32(s, 0x9000 + 4), ==, 640);
    g_assert_cmpuint(rd32(s, 0x9000 + 8), >, 100 * 1024);
    cmd = rdstr(s, rd32(s, 0x9000 + 16));
    want = g_strdup_printf("%s a=1", k);
    g_assert_cmpstr(cmd, ==, want);

    g_assert_cmpuint(rd32(s, 0x9000 + 20), ==, 2);
    mods = rd32(s, 0x9000 + 24);
    g_assert_cmphex(rd32(s, mods) & 0xfff, ==, 0);
    g_assert_cmphex(rd32(s, mods + 4) - rd32(s, mods), ==, 10);
    qtest_memread(s, rd32(s, mods), buf, 10);
    g_assert_cmpstr(buf, ==, "MODULE-ONE");
    mcmd = rdstr(s, rd32(s, mods + 8));
    wantm = g_strdup_printf("%s arg,x", m1);
    g_assert_cmpstr(mcmd, ==, wantm);
    qtest_memread(s, rd32(s, mods + 16), buf, 10);
    g_assert_cmpstr(buf, ==, "MODULE-TWO");

    g_assert_cmpuint(rd32(s, 0x9000 + 44) % 24, ==, 0);
    g_assert_cmpuint(rd32(s, rd32(s, 0x9000 + 48)), ==, 20);
    qtest_quit(s);
    g_unlink(k);
    g_unlink(m1);
    g_unlink(m2);
}

static void test_pvh(void)
{
    g_autofree char *k = make_pvh_elf();
    g_autofree char *initrd = write_tmp("vireo-pvhrd-XXXXXX", "RAMDISK", 7);
    g_autofree char *cmd = NULL;
    QTestState *s;
    char buf[9] = { 0 };
    uint64_t modlist, memmap;

    s = qtest_initf("-machine pc -m 128 -kernel %s -initrd %s "
                    "-append 'root=/dev/vda'", k, initrd);
    qtest_memread(s, FAKE_PVH_LOAD, buf, 8);
    g_assert_cmpstr(buf, ==, "PVHKERNL");
    g_assert_cmphex(rd32(s, 0x9000), ==, 0x336ec578);
    g_assert_cmpuint(rd32(s, 0x9000 + 4), ==, 1);
    g_assert_cmpuint(rd32(s, 0x9000 + 12), ==, 1);
    cmd = rdstr(s, qtest_readq(s, 0x9000 + 24));
    g_assert_cmpstr(cmd, ==, "root=/dev/vda");
    g_assert_cmphex(qtest_readq(s, 0x9000 + 32), ==, 0xf0000);
    modlist = qtest_readq(s, 0x9000 + 16);
    g_assert_cmpuint(qtest_readq(s, modlist + 8), ==, 7);
    qtest_memread(s, qtest_readq(s, modlist), buf, 7);
    buf[7] = 0;
    g_assert_cmpstr(buf, ==, "RAMDISK");
    memmap = qtest_readq(s, 0x9000 + 40);
    g_assert_cmpuint(rd32(s, 0x9000 + 48), >=, 3);
    g_assert_cmphex(qtest_readq(s, memmap), ==, 0);
    g_assert_cmpuint(rd32(s, memmap + 16), ==, 1);
    qtest_quit(s);
    g_unlink(k);
    g_unlink(initrd);
}

/* Runs the emulator directly; returns its stderr, sets *status. */
static char *run_bad(const char *args, int *status)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");
    g_autofree char *cmd = g_strdup_printf("%s -machine pc -display none "
                                           "-accel qtest -qtest null -S %s",
                                           bin, args);
    char *out = NULL, *err = NULL;
    GError *gerr = NULL;
    int wait;

    g_assert_true(g_spawn_command_line_sync(cmd, &out, &err, &wait, &gerr));
    g_assert_no_error(gerr);
    g_free(out);
    *status = WIFEXITED(wait) ? WEXITSTATUS(wait) : -1;
    return err;
}

static void expect_error(const char *args, const char *msg)
{
    int status;
    g_autofree char *err = run_bad(args, &status);

    if (!strstr(err, msg)) {
        g_printerr("stderr: %s\nwanted: %s\n", err, msg);
    }
    g_assert_nonnull(strstr(err, msg));
    g_assert_cmpint(status, ==, 1);
}

static void test_bad_kernels(void)
{
    g_autofree char *junk = write_tmp("vireo-junk-XXXXXX",
                                      "this is not a kernel at all, "
                                      "not even close", 44);
    g_autofree char *bz = make_bzimage(16, 0x10000);
    g_autofree char *huge = make_bzimage(2047, 0x10000000);
    g_autofree char *args = NULL, *msg = NULL;
    g_autofree uint8_t *big = g_malloc0(40 << 20);
    g_autofree char *bigrd = write_tmp("vireo-bigrd-XXXXXX", big, 40 << 20);

    expect_error("-kernel /nonexistent/vmlinuz",
                 "could not load kernel '/nonexistent/vmlinuz': "
                 "No such file or directory");

    args = g_strdup_printf("-kernel %s", junk);
    msg = g_strdup_printf("could not load kernel '%s': unknown kernel format",
                          junk);
    expect_error(args, msg);
    g_free(args);
    g_free(msg);

    args = g_strdup_printf("-kernel %s -append 0123456789abcdefXYZ", bz);
    expect_error(args, "kernel command line too long (max 16)");
    g_free(args);

    args = g_strdup_printf("-m 64 -kernel %s", huge);
    msg = g_strdup_printf("could not load kernel '%s': kernel too big for "
                          "RAM", huge);
    expect_error(args, msg);
    g_free(args);
    g_free(msg);

    args = g_strdup_printf("-m 48 -kernel %s -initrd %s",
                           bz, bigrd);
    msg = g_strdup_printf("initrd '%s' is too large", bigrd);
    expect_error(args, msg);

    g_unlink(junk);
    g_unlink(bz);
    g_unlink(huge);
    g_unlink(bigrd);
}

#define PM_BASE 0x600

static void test_poweroff(void)
{
    QTestState *s = qtest_init("-machine pc");
    JsonObject *ev;
    JsonObject *data;

    /* S5 is SLP_TYP 0 in our \_S5; SLP_EN is bit 13. */
    qtest_outw(s, PM_BASE + 4, 0 << 10 | 1 << 13);
    ev = qtest_qmp_eventwait_ref(s, "SHUTDOWN");
    data = json_object_get_object_member(ev, "data");
    g_assert_true(json_object_get_boolean_member(data, "guest"));
    g_assert_cmpstr(json_object_get_string_member(data, "reason"), ==,
                    "guest-shutdown");
    json_object_unref(ev);
    qtest_quit(s);
}

static void test_powerdown_button(void)
{
    QTestState *s = qtest_init("-machine pc");

    g_assert_cmphex(qtest_inw(s, PM_BASE) & 0x100, ==, 0);
    /* ACPI mode on through SMI_CMD, as an OS would. */
    qtest_outb(s, 0xb2, 0xf1);
    g_assert_cmphex(qtest_inw(s, PM_BASE + 4) & 1, ==, 1);
    qtest_qmp_assert_success(s, "{'execute': 'system_powerdown'}");
    g_assert_cmphex(qtest_inw(s, PM_BASE) & 0x100, ==, 0x100);
    /* Write-one-to-clear. */
    qtest_outw(s, PM_BASE, 0x100);
    g_assert_cmphex(qtest_inw(s, PM_BASE) & 0x100, ==, 0);
    qtest_outb(s, 0xb2, 0xf0);
    g_assert_cmphex(qtest_inw(s, PM_BASE + 4) & 1, ==, 0);
    qtest_quit(s);
}

static void test_pm_timer(void)
{
    QTestState *s = qtest_init("-machine pc");
    uint32_t t0 = qtest_inl(s, PM_BASE + 8), t1;

    qtest_clock_step(s, 1000000000LL);      /* one second */
    t1 = qtest_inl(s, PM_BASE + 8);
    g_assert_cmpuint((t1 - t0) & 0xffffff, >=, 3579545 - 2);
    g_assert_cmpuint((t1 - t0) & 0xffffff, <=, 3579545 + 2);
    /* Overflow of bit 23 sets TMR_STS. */
    qtest_clock_step(s, 3000000000LL);
    g_assert_cmphex(qtest_inw(s, PM_BASE) & 1, ==, 1);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/boot/linux", test_linux);
    qtest_add_func("/boot/multiboot", test_multiboot);
    qtest_add_func("/boot/pvh", test_pvh);
    qtest_add_func("/boot/bad-kernels", test_bad_kernels);
    qtest_add_func("/acpi-pm/poweroff", test_poweroff);
    qtest_add_func("/acpi-pm/powerdown-button", test_powerdown_button);
    qtest_add_func("/acpi-pm/pm-timer", test_pm_timer);
    return g_test_run();
}
