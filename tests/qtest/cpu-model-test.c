/*
 * x86 CPU models under TCG: -cpu help lists them; a bit TCG lacks (model
 * or +feat) warns once per vCPU as QEMU 7.2 does and is dropped; check=off
 * silences that; enforce makes it fatal; -cpu max has exactly the bits of
 * target/i386/tcg-features.c (seen through the QOM feature properties).
 */
#include <glib.h>
#include <string.h>
#include <sys/wait.h>
#include "libqtest.h"

#define WARN "vireo-system-x86_64: warning: TCG doesn't support requested " \
             "feature: "

/* Runs "-accel tcg -S" plus args with an HMP monitor on stdin that gets
 * "quit"; returns the exit status, stdout and stderr. */
static int run_tcg(const char *args, char **out, char **err)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");
    g_autofree char *cmd = NULL;
    g_autoptr(GError) gerr = NULL;
    int status;

    g_assert_nonnull(bin);
    cmd = g_strdup_printf("echo quit | exec %s -accel tcg -S -display none "
                          "-nodefaults -serial none -monitor stdio %s",
                          bin, args);
    {
        char *argv[] = { "sh", "-c", cmd, NULL };

        g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH,
                                   NULL, NULL, out, err, &status, &gerr));
    }
    g_assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static unsigned count(const char *haystack, const char *needle)
{
    unsigned n = 0;

    for (const char *p = haystack; (p = strstr(p, needle)); p++) {
        n++;
    }
    return n;
}

static void test_help(void)
{
    g_autofree char *out = NULL, *err = NULL;
    const char *bin = getenv("QTEST_QEMU_BINARY");
    g_autofree char *cmd = g_strdup_printf("%s -cpu help", bin);
    int status;

    g_assert_true(g_spawn_command_line_sync(cmd, &out, &err, &status, NULL));
    g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    g_assert_nonnull(strstr(out, "Available CPUs:"));
    g_assert_nonnull(strstr(out, "x86 qemu64 "));
    g_assert_nonnull(strstr(out, "x86 max "));
    g_assert_nonnull(strstr(out, "x86 Skylake-Client "));
    g_assert_nonnull(strstr(out, "x86 Westmere "));
    g_assert_nonnull(strstr(out, "Recognized CPUID flags:"));
    g_assert_nonnull(strstr(out, " sse4.2 "));
}

/* Models whose every bit TCG runs start silently. */
static void test_clean_models(void)
{
    static const char *const args[] = {
        "-cpu qemu64", "-cpu max", "-cpu Westmere", "-cpu max,-aes,-sse4.2",
        "-cpu qemu64,+ssse3,+bmi2,+rdrand", "-cpu max,enforce",
        "-cpu Westmere,enforce", "",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(args); i++) {
        g_autofree char *out = NULL, *err = NULL;
        int status = run_tcg(args[i], &out, &err);

        if (*err) {
            g_test_message("%s: %s", args[i], err);
        }
        g_assert_cmpint(status, ==, 0);
        g_assert_cmpstr(err, ==, "");
    }
}

static void test_requested_warns(void)
{
    g_autofree char *out = NULL, *err = NULL;
    int status = run_tcg("-cpu qemu64,+avx,avx2=on,+monitor", &out, &err);

    g_assert_cmpint(status, ==, 0);
    /* In CPUID order: leaf 1 ECX before leaf 7 EBX, bits ascending. */
    g_assert_cmpstr(err, ==,
                    WARN "CPUID.01H:ECX.monitor [bit 3]\n"
                    WARN "CPUID.01H:ECX.avx [bit 28]\n"
                    WARN "CPUID.07H:EBX.avx2 [bit 5]\n");
}

static void test_model_bits_warn(void)
{
    g_autofree char *out = NULL, *err = NULL;
    int status = run_tcg("-cpu Skylake-Client", &out, &err);

    g_assert_cmpint(status, ==, 0);
    g_assert_nonnull(strstr(err, WARN "CPUID.01H:EDX.vme [bit 1]\n"));
    g_assert_nonnull(strstr(err, WARN "CPUID.01H:ECX.avx [bit 28]\n"));
    g_assert_nonnull(strstr(err, WARN "CPUID.07H:EBX.rtm [bit 11]\n"));
    g_assert_null(strstr(err, ".xsavec "));     /* implemented */
    g_assert_null(strstr(err, ".ssse3 "));
    g_assert_null(strstr(err, ".bmi2 "));
    g_free(out);
    g_free(err);
    /* -feat removes a bit before the filter sees it */
    status = run_tcg("-cpu Skylake-Client,-avx", &out, &err);
    g_assert_cmpint(status, ==, 0);
    g_assert_null(strstr(err, ".avx [bit 28]"));
    g_assert_nonnull(strstr(err, ".avx2 [bit 5]"));
}

static void test_per_vcpu_and_check_off(void)
{
    g_autofree char *out = NULL, *err = NULL;
    int status = run_tcg("-smp 2 -cpu qemu64,+rtm", &out, &err);

    g_assert_cmpint(status, ==, 0);
    g_assert_cmpuint(count(err, WARN "CPUID.07H:EBX.rtm [bit 11]\n"), ==, 2);
    g_free(out);
    g_free(err);
    status = run_tcg("-cpu Skylake-Client,check=off,+rtm", &out, &err);
    g_assert_cmpint(status, ==, 0);
    g_assert_cmpstr(err, ==, "");
}

static void test_enforce(void)
{
    g_autofree char *out = NULL, *err = NULL;
    int status = run_tcg("-cpu qemu64,+avx,+rtm,enforce", &out, &err);

    g_assert_cmpint(status, ==, 1);
    g_assert_cmpstr(err, ==,
                    WARN "CPUID.01H:ECX.avx [bit 28]\n"
                    WARN "CPUID.07H:EBX.rtm [bit 11]\n"
                    "vireo-system-x86_64: TCG doesn't support requested "
                    "features\n");
    g_free(out);
    g_free(err);
    /* enforce still names the bits with check=off, as QEMU does */
    status = run_tcg("-cpu Skylake-Client,enforce,check=off", &out, &err);
    g_assert_cmpint(status, ==, 1);
    g_assert_nonnull(strstr(err, WARN "CPUID.01H:ECX.avx [bit 28]\n"));
    g_assert_true(g_str_has_suffix(err, "TCG doesn't support requested "
                                        "features\n"));
}

static bool feature_on(QTestState *qts, const char *name)
{
    JsonNode *ret = qtest_qmp_assert_success(qts,
        "{'execute': 'qom-get', 'arguments': "
        "{'path': '/machine/unattached/device[0]', 'property': '%s'}}",
        name);

    return json_node_get_boolean(ret);
}

/* -cpu max under TCG: the table, and nothing TCG lacks. */
static void test_max_bits(void)
{
    static const char *const on[] = {
        "fpu", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", "sep",
        "mtrr", "pge", "mca", "cmov", "pat", "pse36", "clflush", "mmx",
        "fxsr", "sse", "sse2", "pni", "pclmulqdq", "ssse3", "cx16", "pcid",
        "sse4.1", "sse4.2", "x2apic", "movbe", "popcnt", "tsc-deadline",
        "aes", "xsave", "rdrand", "fsgsbase", "bmi1", "smep", "bmi2", "erms",
        "invpcid", "rdseed", "adx", "smap", "clflushopt", "clwb", "umip",
        "waitpkg", "la57", "rdpid", "spec-ctrl", "stibp",
        "arch-capabilities", "ssbd", "syscall", "nx", "mmxext", "pdpe1gb",
        "rdtscp", "lm", "lahf-lm", "abm", "3dnowprefetch", "xgetbv1",
        "pku", "xsaveopt", "xsavec",
    };
    static const char *const off[] = {
        "vme", "monitor", "vmx", "fma", "avx", "f16c", "osxsave",
        "hypervisor", "tsc-adjust", "hle", "avx2", "rtm", "mpx", "avx512f",
        "sha-ni", "vaes", "gfni", "svm", "sse4a", "xop", "3dnow",
        "xsaves",
    };
    QTestState *qts;

    g_setenv("QTEST_ACCEL", "tcg", true);
    qts = qtest_init("-cpu max -S");
    for (size_t i = 0; i < G_N_ELEMENTS(on); i++) {
        g_test_message("%s", on[i]);
        g_assert_true(feature_on(qts, on[i]));
    }
    for (size_t i = 0; i < G_N_ELEMENTS(off); i++) {
        g_test_message("%s", off[i]);
        g_assert_false(feature_on(qts, off[i]));
    }
    qtest_quit(qts);

    qts = qtest_init("-cpu max,-aes,-la57 -S");
    g_assert_false(feature_on(qts, "aes"));
    g_assert_false(feature_on(qts, "la57"));
    g_assert_true(feature_on(qts, "pclmulqdq"));
    qtest_quit(qts);
    g_unsetenv("QTEST_ACCEL");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/x86/cpu-model/help", test_help);
    qtest_add_func("/x86/cpu-model/tcg/clean", test_clean_models);
    qtest_add_func("/x86/cpu-model/tcg/requested-warns",
                   test_requested_warns);
    qtest_add_func("/x86/cpu-model/tcg/model-bits-warn",
                   test_model_bits_warn);
    qtest_add_func("/x86/cpu-model/tcg/per-vcpu-check-off",
                   test_per_vcpu_and_check_off);
    qtest_add_func("/x86/cpu-model/tcg/enforce", test_enforce);
    qtest_add_func("/x86/cpu-model/tcg/max", test_max_bits);
    return g_test_run();
}
