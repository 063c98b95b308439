/*
 * Multi-threaded TCG (-accel tcg,thread=multi) with 4 vCPUs running a
 * real-mode firmware (tcg-mttcg-fw.S) on every CPU:
 *
 * - stress: every CPU adds ITERS to shared counters with LOCK INC/XADD/
 *   CMPXCHG/CMPXCHG8B, 16-bit LOCK INC, and an XCHG spinlock around a
 *   plain INC; every total must be 4 * ITERS (a lost update means some
 *   LOCK'd op was not atomic between host threads);
 * - cmc: cross-modifying code. An AP rewrites an immediate in code the
 *   BSP keeps calling, and waits until the BSP returns the new value;
 *   with a small translation cache this also flushes it under load;
 * - runstate: stop, cont, system_reset and quit while every vCPU runs,
 *   and query-cpus-fast reporting each vCPU's own thread.
 *
 * The qtest socket only reads and writes guest memory; the guest really
 * runs under tcg (QTEST_ACCEL).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "libqtest.h"

/* The firmware (tcg-mttcg-fw.S) and its entry points. */
extern const uint8_t mttcg_fw[], mttcg_fw_end[];
extern const uint8_t mttcg_fw_stress[], mttcg_fw_cmc[], mttcg_fw_spin[];

/* Its shared memory. */
#define BOOTS       0x500
#define FINISHED    0x50c
#define CNT_INC     0x600
#define CNT_XADD    0x604
#define CNT_CMPXCHG 0x608
#define CNT_LOCKED  0x614
#define CNT_PLAIN   0x618
#define CNT_INCW    0x61c
#define CNT_CX8     0x620
#define ITERS       0x630
#define CMC_SEEN    0x704
#define CMC_DONE    0x708
#define CMC_ROUNDS  0x70c
#define CMC_BACKWARDS 0x710
#define PERCPU      0x800

#define NCPUS 4

/* Every wait is bounded so that a hang fails instead of blocking. */
#define WAIT_US (120 * G_USEC_PER_SEC)

typedef struct Guest {
    char *dir;
    char *bios;
    QTestState *qts;
} Guest;

static const char *bin_path(void)
{
    return getenv("QTEST_QEMU_BINARY");
}

/* Whether this build runs guest code under -accel tcg,thread=multi. */
static bool mttcg_available(void)
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

/* A 64 KiB BIOS with the firmware at f000:0 entered at entry; -S. */
static void guest_start(Guest *g, const uint8_t *entry, const char *accel,
                        const char *extra)
{
    g_autofree uint8_t *rom = g_malloc0(64 * 1024);
    size_t len = mttcg_fw_end - mttcg_fw;
    uint16_t off = entry - mttcg_fw;
    GError *err = NULL;

    g_assert_cmpuint(len, <=, 0xfff0);
    g->dir = g_dir_make_tmp("tcg-mttcg-test-XXXXXX", &err);
    g_assert_no_error(err);
    g->bios = g_build_filename(g->dir, "bios.bin", NULL);
    memcpy(rom, mttcg_fw, len);
    /* fff0: ljmp $0xf000, $entry */
    rom[0xfff0] = 0xea;
    rom[0xfff1] = off & 0xff;
    rom[0xfff2] = off >> 8;
    rom[0xfff3] = 0x00;
    rom[0xfff4] = 0xf0;
    g_file_set_contents(g->bios, (char *)rom, 64 * 1024, &err);
    g_assert_no_error(err);
    g_setenv("QTEST_ACCEL", accel, true);
    g->qts = qtest_initf("-bios %s -smp %d -S %s", g->bios, NCPUS,
                         extra ? extra : "");
}

static void guest_end(Guest *g)
{
    if (g->qts) {
        qtest_quit(g->qts);
    }
    g_unlink(g->bios);
    g_rmdir(g->dir);
    g_free(g->bios);
    g_free(g->dir);
}

static void cont(Guest *g)
{
    qtest_qmp_assert_success(g->qts, "{'execute': 'cont'}");
}

/* Waits until the 32-bit word at addr reaches want (or fails). */
static void wait_at_least(Guest *g, uint64_t addr, uint32_t want)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_US;
    uint32_t v;

    do {
        v = qtest_readl(g->qts, addr);
        if (v >= want) {
            return;
        }
        g_usleep(2000);
    } while (g_get_monotonic_time() < deadline);
    g_test_message("word at 0x%" PRIx64 " stuck at %u (want %u)", addr, v,
                   want);
    g_assert_not_reached();
}

/* Waits until the word at addr differs from ref; returns it. */
static uint32_t wait_change(Guest *g, uint64_t addr, uint32_t ref)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_US;
    uint32_t v;

    do {
        v = qtest_readl(g->qts, addr);
        if (v != ref) {
            return v;
        }
        g_usleep(1000);
    } while (g_get_monotonic_time() < deadline);
    g_test_message("word at 0x%" PRIx64 " stuck at %u", addr, v);
    g_assert_not_reached();
}

static const char *status(Guest *g)
{
    static char buf[32];
    JsonNode *r = qtest_qmp_assert_success_ref(g->qts, "{'execute': "
                                               "'query-status'}");
    JsonObject *o = json_node_get_object(r);

    g_strlcpy(buf, json_object_get_string_member(o, "status"), sizeof(buf));
    json_node_unref(r);
    return buf;
}

typedef struct StressArgs {
    const char *accel;
    uint32_t iters;
} StressArgs;

static void test_stress(gconstpointer opaque)
{
    const StressArgs *a = opaque;
    uint32_t total = NCPUS * a->iters;
    uint64_t cx8;
    Guest g = { 0 };

    if (!mttcg_available()) {
        g_test_skip("-accel tcg is not available in this build");
        return;
    }
    guest_start(&g, mttcg_fw_stress, a->accel, NULL);
    qtest_writel(g.qts, ITERS, a->iters);
    cont(&g);
    wait_at_least(&g, FINISHED, NCPUS);

    g_assert_cmpuint(qtest_readl(g.qts, CNT_INC), ==, total);
    g_assert_cmpuint(qtest_readl(g.qts, CNT_XADD), ==, total);
    g_assert_cmpuint(qtest_readl(g.qts, CNT_CMPXCHG), ==, total);
    g_assert_cmpuint(qtest_readl(g.qts, CNT_LOCKED), ==, total);
    g_assert_cmpuint(qtest_readl(g.qts, CNT_INCW) & 0xffff, ==,
                     total & 0xffff);
    cx8 = qtest_readl(g.qts, CNT_CX8) |
          (uint64_t)qtest_readl(g.qts, CNT_CX8 + 4) << 32;
    g_assert_cmpuint(cx8, ==, total);
    /* Unlocked increments race once the vCPUs really run in parallel;
     * how much depends on the host, so this is only reported. */
    g_test_message("plain INC: %u of %u", qtest_readl(g.qts, CNT_PLAIN),
                   total);
    guest_end(&g);
}

typedef struct CmcArgs {
    const char *accel;
    uint32_t rounds;
} CmcArgs;

static void test_cmc(gconstpointer opaque)
{
    const CmcArgs *a = opaque;
    Guest g = { 0 };

    if (!mttcg_available()) {
        g_test_skip("-accel tcg is not available in this build");
        return;
    }
    guest_start(&g, mttcg_fw_cmc, a->accel, NULL);
    qtest_writel(g.qts, CMC_ROUNDS, a->rounds);
    cont(&g);
    wait_at_least(&g, FINISHED, NCPUS);
    g_assert_cmpuint(qtest_readl(g.qts, CMC_DONE), ==, a->rounds);
    g_assert_cmpuint(qtest_readl(g.qts, CMC_SEEN), ==, a->rounds);
    /* Once a vCPU ran the new code it never runs the old again. */
    g_assert_cmpuint(qtest_readl(g.qts, CMC_BACKWARDS), ==, 0);
    guest_end(&g);
}

/* Every vCPU's counter moves. */
static void wait_all_counting(Guest *g)
{
    for (int i = 0; i < NCPUS; i++) {
        uint32_t v = qtest_readl(g->qts, PERCPU + 4 * i);
        wait_change(g, PERCPU + 4 * i, v);
    }
}

/* query-cpus-fast: one entry per vCPU, each with a thread of its own
 * (own) or all on one thread. */
static void check_threads_own(Guest *g, bool own)
{
    JsonNode *r = qtest_qmp_assert_success_ref(g->qts, "{'execute': "
                                               "'query-cpus-fast'}");
    JsonArray *cpus = json_node_get_array(r);
    int64_t tids[NCPUS];

    g_assert_cmpuint(json_array_get_length(cpus), ==, NCPUS);
    for (int i = 0; i < NCPUS; i++) {
        JsonObject *c = json_array_get_object_element(cpus, i);

        g_assert_cmpint(json_object_get_int_member(c, "cpu-index"), ==, i);
        tids[i] = json_object_get_int_member(c, "thread-id");
        g_assert_cmpint(tids[i], >, 0);
        for (int j = 0; j < i; j++) {
            if (own) {
                g_assert_cmpint(tids[i], !=, tids[j]);
            } else {
                g_assert_cmpint(tids[i], ==, tids[j]);
            }
        }
    }
    json_node_unref(r);
}

static void check_threads(Guest *g)
{
    check_threads_own(g, true);
}

/* Several vCPUs get a thread each unless thread=single says otherwise. */
static void test_default(void)
{
    Guest g = { 0 };

    if (!mttcg_available()) {
        g_test_skip("-accel tcg is not available in this build");
        return;
    }
    guest_start(&g, mttcg_fw_spin, "tcg", NULL);
    check_threads_own(&g, true);
    cont(&g);
    wait_at_least(&g, BOOTS, 1);
    wait_all_counting(&g);
    guest_end(&g);

    guest_start(&g, mttcg_fw_spin, "tcg,thread=single", NULL);
    check_threads_own(&g, false);
    cont(&g);
    wait_at_least(&g, BOOTS, 1);
    wait_all_counting(&g);
    guest_end(&g);
}

static void test_runstate(gconstpointer accel)
{
    uint32_t before[NCPUS];
    Guest g = { 0 };

    if (!mttcg_available()) {
        g_test_skip("-accel tcg is not available in this build");
        return;
    }
    guest_start(&g, mttcg_fw_spin, accel, NULL);
    g_assert_cmpstr(status(&g), ==, "prelaunch");
    check_threads(&g);
    cont(&g);
    wait_at_least(&g, BOOTS, 1);
    wait_all_counting(&g);
    g_assert_cmpstr(status(&g), ==, "running");

    /* stop: no vCPU runs guest code once the command returns. */
    for (int round = 0; round < 3; round++) {
        qtest_qmp_assert_success(g.qts, "{'execute': 'stop'}");
        g_assert_cmpstr(status(&g), ==, "paused");
        for (int i = 0; i < NCPUS; i++) {
            before[i] = qtest_readl(g.qts, PERCPU + 4 * i);
        }
        g_usleep(20 * 1000);
        for (int i = 0; i < NCPUS; i++) {
            g_assert_cmpuint(qtest_readl(g.qts, PERCPU + 4 * i), ==,
                             before[i]);
        }
        cont(&g);
        wait_all_counting(&g);
    }

    /* Reset: the BSP runs the firmware again and restarts the APs. */
    qtest_qmp_assert_success(g.qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(g.qts, "RESET");
    wait_at_least(&g, BOOTS, 2);
    wait_all_counting(&g);
    g_assert_cmpstr(status(&g), ==, "running");
    check_threads(&g);

    /* QMP quit with every vCPU running: a clean exit. */
    qtest_qmp_send(g.qts, "{'execute': 'quit'}");
    g_assert_cmpint(qtest_wait_qemu(g.qts), ==, 0);
    qtest_quit(g.qts);
    g.qts = NULL;
    guest_end(&g);
}

int main(int argc, char **argv)
{
    static const StressArgs stress[] = {
        { "tcg,thread=multi,backend=native", 200000 },
        { "tcg,thread=multi,backend=interp", 20000 },
        { "tcg,thread=single", 20000 },
    };
    static const char *const stress_names[] = {
        "/tcg-mttcg/native/lock-stress",
        "/tcg-mttcg/interp/lock-stress",
        "/tcg-mttcg/single/lock-stress",
    };
    /* 1 MiB asks for the smallest cache: it fills and is flushed while
     * the code keeps changing. */
    static const CmcArgs cmc[] = {
        { "tcg,thread=multi,backend=native,tb-size=1", 30000 },
        { "tcg,thread=multi,backend=interp", 3000 },
        { "tcg,thread=single", 3000 },
    };
    static const char *const cmc_names[] = {
        "/tcg-mttcg/native/cross-modifying-code",
        "/tcg-mttcg/interp/cross-modifying-code",
        "/tcg-mttcg/single/cross-modifying-code",
    };

    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(stress); i++) {
        g_test_add_data_func(stress_names[i], &stress[i], test_stress);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(cmc); i++) {
        g_test_add_data_func(cmc_names[i], &cmc[i], test_cmc);
    }
    g_test_add_data_func("/tcg-mttcg/native/runstate", "tcg,thread=multi",
                         test_runstate);
    g_test_add_func("/tcg-mttcg/default", test_default);
    return g_test_run();
}
