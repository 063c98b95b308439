/*
 * Unit tests for util/error.c, util/error-report.c and util/log.c.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/log.h"

static GString *captured;

static void capture_hook(const char *msg, void *opaque)
{
    g_string_append(captured, msg);
}

static void capture_start(void)
{
    captured = g_string_new(NULL);
    error_set_output_hook(capture_hook, NULL);
}

static char *capture_stop(void)
{
    error_set_output_hook(NULL, NULL);
    return g_string_free(captured, false);
}

static void fails(int n, Error **errp)
{
    error_setg(errp, "bad value %d", n);
}

static bool fails_with_guard(Error **errp)
{
    ERRP_GUARD();

    fails(3, errp);
    if (*errp) {
        error_append_hint(errp, "try 4\n");
        return false;
    }
    return true;
}

static void test_setg_propagate(void)
{
    Error *err = NULL, *local = NULL;

    fails(1, &err);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, "bad value 1");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_GENERIC_ERROR);

    /* The first error wins. */
    fails(2, &local);
    error_propagate(&err, local);
    local = NULL;
    g_assert_cmpstr(error_get_pretty(err), ==, "bad value 1");
    error_free_or_abort(&err);

    fails(5, &local);
    error_propagate(&err, local);
    local = NULL;
    g_assert_cmpstr(error_get_pretty(err), ==, "bad value 5");
    error_free_or_abort(&err);

    /* NULL errp ignores; propagating NULL is a no-op. */
    fails(6, NULL);
    error_propagate(&err, NULL);
    g_assert_null(err);
    fails(7, &local);
    error_propagate(NULL, local);
}

static void test_prepend_hint_copy(void)
{
    Error *err = NULL, *copy;

    fails(1, &err);
    error_prepend(&err, "-m %s: ", "foo");
    g_assert_cmpstr(error_get_pretty(err), ==, "-m foo: bad value 1");
    error_append_hint(&err, "line %d\n", 1);
    error_append_hint(&err, "line 2\n");
    g_assert_cmpstr(error_get_hint(err), ==, "line 1\nline 2\n");

    copy = error_copy(err);
    error_free(err);
    err = NULL;
    g_assert_cmpstr(error_get_pretty(copy), ==, "-m foo: bad value 1");
    g_assert_cmpstr(error_get_hint(copy), ==, "line 1\nline 2\n");
    error_free(copy);

    /* Prepend/hint on "no error" do nothing. */
    error_prepend(NULL, "x");
    error_append_hint(&err, "x");
    g_assert_null(err);
}

static void test_errno_and_class(void)
{
    Error *err = NULL;

    error_setg_errno(&err, ENOENT, "Could not open '%s'", "/x");
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Could not open '/x': No such file or directory");
    error_free_or_abort(&err);

    error_set(&err, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
              "d0");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    error_free_or_abort(&err);

    g_assert_cmpstr(error_class_name(ERROR_CLASS_GENERIC_ERROR), ==,
                    "GenericError");
    g_assert_cmpstr(error_class_name(ERROR_CLASS_COMMAND_NOT_FOUND), ==,
                    "CommandNotFound");
    g_assert_cmpstr(error_class_name(ERROR_CLASS_DEVICE_NOT_ACTIVE), ==,
                    "DeviceNotActive");
    g_assert_cmpstr(error_class_name(ERROR_CLASS_DEVICE_NOT_FOUND), ==,
                    "DeviceNotFound");
    g_assert_cmpstr(error_class_name(ERROR_CLASS_KVM_MISSING_CAP), ==,
                    "KVMMissingCap");
}

static void test_guard(void)
{
    Error *err = NULL;

    g_assert_false(fails_with_guard(&err));
    g_assert_cmpstr(error_get_hint(err), ==, "try 4\n");
    error_free_or_abort(&err);
    /* With NULL the guard still lets the function see its failure. */
    g_assert_false(fails_with_guard(NULL));
}

static void test_report_format(void)
{
    char *argv[] = { (char *)"vireo", (char *)"-m", (char *)"foo", NULL };
    char *out;
    Error *err = NULL;

    capture_start();
    error_report("plain %d", 1);
    out = capture_stop();
    /* Inside the hook (HMP), no program-name prefix. */
    g_assert_cmpstr(out, ==, "plain 1\n");
    g_free(out);

    capture_start();
    loc_set_cmdline(argv, 1, 2);
    fails(9, &err);
    error_append_hint(&err, "hint\n");
    error_report_err(err);
    warn_report("careful");
    info_report("fyi");
    loc_set_none();
    error_report("after");
    out = capture_stop();
    g_assert_cmpstr(out, ==,
                    "-m foo: bad value 9\nhint\n"
                    "-m foo: warning: careful\n"
                    "-m foo: info: fyi\n"
                    "after\n");
    g_free(out);

    /* loc_push_none / loc_pop nest. */
    capture_start();
    loc_set_cmdline(argv, 1, 1);
    loc_push_none();
    error_report("inner");
    loc_pop();
    error_report("outer");
    loc_set_none();
    loc_set_file("vm.cfg", 3);
    error_report("in file");
    loc_set_none();
    out = capture_stop();
    g_assert_cmpstr(out, ==, "inner\n-m: outer\nvm.cfg:3: in file\n");
    g_free(out);
}

static void test_report_timestamp(void)
{
    char *out;

    capture_start();
    error_with_timestamp = true;
    error_report("stamped");
    error_with_timestamp = false;
    out = capture_stop();
    /* "YYYY-MM-DDTHH:MM:SS.uuuuuuZ stamped" */
    g_assert_true(g_regex_match_simple(
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\."
        "[0-9]{6}Z stamped\n$", out, 0, 0));
    g_free(out);
}

static void test_progname_stderr(void)
{
    if (g_test_subprocess()) {
        char *argv[] = { (char *)"x", (char *)"-m", (char *)"foo", NULL };
        error_set_progname("/usr/bin/vireo-system-x86_64");
        loc_set_cmdline(argv, 1, 2);
        error_report("Parameter 'size' expects a size");
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr("vireo-system-x86_64: -m foo: Parameter "
                              "'size' expects a size\n");
}

static void test_error_fatal(void)
{
    if (g_test_subprocess()) {
        Error *local = NULL;
        fails(1, &local);
        error_append_hint(&local, "the hint\n");
        error_propagate(&error_fatal, local);
        return;     /* not reached */
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*: bad value 1\nthe hint\n");
}

static void test_error_abort(void)
{
    if (g_test_subprocess()) {
        fails(2, &error_abort);
        return;     /* not reached */
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*Unexpected error in fails()*bad value 2*");
}

static void test_log_mask(void)
{
    Error *err = NULL;
    int mask;

    mask = qemu_str_to_log_mask("guest_errors,unimp,int", &error_abort);
    g_assert_cmpint(mask, ==, LOG_GUEST_ERROR | LOG_UNIMP | CPU_LOG_INT);
    mask = qemu_str_to_log_mask("in_asm,out_asm,op,op_opt,op_ind,exec,cpu,"
                                "fpu,mmu,pcall,cpu_reset,page,nochain,"
                                "strace,trace", &error_abort);
    g_assert_cmpint(mask, ==, CPU_LOG_TB_IN_ASM | CPU_LOG_TB_OUT_ASM |
                    CPU_LOG_TB_OP | CPU_LOG_TB_OP_OPT | CPU_LOG_TB_OP_IND |
                    CPU_LOG_EXEC | CPU_LOG_TB_CPU | CPU_LOG_TB_FPU |
                    CPU_LOG_MMU | CPU_LOG_PCALL | CPU_LOG_RESET |
                    CPU_LOG_PAGE | CPU_LOG_TB_NOCHAIN | LOG_STRACE |
                    LOG_TRACE);
    g_assert_cmpint(qemu_str_to_log_mask("trace:pci_*", &error_abort), ==,
                    LOG_TRACE);

    g_assert_cmpint(qemu_str_to_log_mask("int,bogus", &err), ==, 0);
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid log item 'bogus'");
    error_free_or_abort(&err);
    g_assert_cmpint(qemu_str_to_log_mask("", &err), ==, 0);
    error_free_or_abort(&err);
}

static void test_log_file(void)
{
    Error *err = NULL;
    char *dir = g_dir_make_tmp("vireo-log-XXXXXX", NULL);
    char *path = g_build_filename(dir, "log-%d.txt", NULL);
    char *real = g_strdup_printf("%s/log-%d.txt", dir, (int)getpid());
    char *contents = NULL;
    char *bad;

    g_assert_true(qemu_set_log_filename(path, &error_abort));
    qemu_set_log(LOG_GUEST_ERROR);
    qemu_log_mask(LOG_GUEST_ERROR, "guest did %s\n", "wrong");
    qemu_log_mask(LOG_UNIMP, "not logged\n");
    g_assert_true(qemu_set_log_filename(NULL, &error_abort));
    qemu_set_log(0);
    g_assert_true(g_file_get_contents(real, &contents, NULL, NULL));
    g_assert_cmpstr(contents, ==, "guest did wrong\n");
    g_free(contents);

    g_assert_false(qemu_set_log_filename("/tmp/x%s", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Bad logfile template: /tmp/x%s");
    error_free_or_abort(&err);
    bad = g_build_filename(dir, "no", "such", "dir", NULL);
    g_assert_false(qemu_set_log_filename(bad, &err));
    g_assert_true(g_str_has_prefix(error_get_pretty(err),
                                   "Error opening logfile "));
    error_free_or_abort(&err);

    unlink(real);
    rmdir(dir);
    g_free(bad);
    g_free(real);
    g_free(path);
    g_free(dir);
}

static void test_log_help(void)
{
    if (g_test_subprocess()) {
        g_assert_cmpint(qemu_str_to_log_mask("help", &error_abort), ==, 0);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("Log items (comma separated):\n*unimp *");
}

static void test_log_usage(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    qemu_print_log_usage(f);
    fclose(f);
    g_assert_true(g_str_has_prefix(buf, "Log items (comma separated):\n"));
    g_assert_nonnull(strstr(buf, "\nguest_errors "));
    g_assert_nonnull(strstr(buf, "\ncpu_reset "));
    free(buf);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/error/setg_propagate", test_setg_propagate);
    g_test_add_func("/error/prepend_hint_copy", test_prepend_hint_copy);
    g_test_add_func("/error/errno_and_class", test_errno_and_class);
    g_test_add_func("/error/guard", test_guard);
    g_test_add_func("/error/report_format", test_report_format);
    g_test_add_func("/error/report_timestamp", test_report_timestamp);
    g_test_add_func("/error/progname_stderr", test_progname_stderr);
    g_test_add_func("/error/error_fatal", test_error_fatal);
    g_test_add_func("/error/error_abort", test_error_abort);
    g_test_add_func("/log/mask", test_log_mask);
    g_test_add_func("/log/file", test_log_file);
    g_test_add_func("/log/usage", test_log_usage);
    g_test_add_func("/log/help", test_log_help);
    return g_test_run();
}
