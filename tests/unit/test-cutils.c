/*
 * Unit tests for util/cutils.c: strict number and size parsers, booleans,
 * base64 and UUIDs.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qapi/error.h"

static void test_strtoi64(void)
{
    int64_t v;
    const char *end;

    g_assert_cmpint(qemu_strtoi64("123", NULL, 0, &v), ==, 0);
    g_assert_cmpint(v, ==, 123);
    g_assert_cmpint(qemu_strtoi64("-0x10", NULL, 0, &v), ==, 0);
    g_assert_cmpint(v, ==, -16);
    g_assert_cmpint(qemu_strtoi64("", NULL, 0, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtoi64(NULL, NULL, 0, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtoi64("12x", NULL, 0, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtoi64("12x", &end, 0, &v), ==, 0);
    g_assert_cmpstr(end, ==, "x");
    g_assert_cmpint(qemu_strtoi64("x", &end, 0, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtoi64("99999999999999999999", NULL, 0, &v), ==,
                    -ERANGE);
    g_assert_cmpint(v, ==, INT64_MAX);
}

static void test_strtou64(void)
{
    uint64_t v;

    g_assert_cmpint(qemu_strtou64("0xffffffffffffffff", NULL, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, UINT64_MAX);
    /* strtoull() would wrap this to UINT64_MAX. */
    g_assert_cmpint(qemu_strtou64("-1", NULL, 0, &v), ==, -ERANGE);
    g_assert_cmpint(qemu_strtou64("-0", NULL, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, 0);
    g_assert_cmpint(qemu_strtou64("18446744073709551616", NULL, 0, &v), ==,
                    -ERANGE);
    g_assert_cmpint(qemu_strtou64("0x", NULL, 0, &v), ==, -EINVAL);
}

static void test_strtoi_ul(void)
{
    int i;
    unsigned long ul;

    g_assert_cmpint(qemu_strtoi("2147483647", NULL, 10, &i), ==, 0);
    g_assert_cmpint(i, ==, INT_MAX);
    g_assert_cmpint(qemu_strtoi("2147483648", NULL, 10, &i), ==, -ERANGE);
    g_assert_cmpint(qemu_strtoi("-2147483649", NULL, 10, &i), ==, -ERANGE);
    g_assert_cmpint(i, ==, INT_MIN);
    g_assert_cmpint(qemu_strtoul("42", NULL, 10, &ul), ==, 0);
    g_assert_cmpuint(ul, ==, 42);
}

static void test_strtosz(void)
{
    uint64_t v;
    const char *end;

    g_assert_cmpint(qemu_strtosz("1024", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 1024);
    g_assert_cmpint(qemu_strtosz("64k", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 64 * KiB);
    g_assert_cmpint(qemu_strtosz("2M", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 2 * MiB);
    g_assert_cmpint(qemu_strtosz("1G", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, GiB);
    g_assert_cmpint(qemu_strtosz("1t", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, TiB);
    g_assert_cmpint(qemu_strtosz("1P", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 1024 * TiB);
    g_assert_cmpint(qemu_strtosz("8E", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, UINT64_C(8) << 60);
    g_assert_cmpint(qemu_strtosz("16E", NULL, &v), ==, -ERANGE);
    g_assert_cmpint(qemu_strtosz("1.5G", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, GiB + GiB / 2);
    g_assert_cmpint(qemu_strtosz("0.5k", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 512);
    g_assert_cmpint(qemu_strtosz("12B", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 12);
    g_assert_cmpint(qemu_strtosz("0x10", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 16);
    /* Errors */
    g_assert_cmpint(qemu_strtosz("", NULL, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtosz("k", NULL, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtosz("-1", NULL, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtosz("1.5", NULL, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtosz("1.5B", NULL, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtosz("1.", NULL, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtosz("1Mx", NULL, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtosz("0x1.8M", NULL, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtosz("foo", NULL, &v), ==, -EINVAL);
    /* With an end pointer, junk after the suffix is left for the caller. */
    g_assert_cmpint(qemu_strtosz("4kxyz", &end, &v), ==, 0);
    g_assert_cmpuint(v, ==, 4096);
    g_assert_cmpstr(end, ==, "xyz");
}

static void test_strtosz_mib(void)
{
    uint64_t v;

    g_assert_cmpint(qemu_strtosz_MiB("128", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 128 * MiB);
    g_assert_cmpint(qemu_strtosz_MiB("2G", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 2 * GiB);
    g_assert_cmpint(qemu_strtosz_MiB("4096B", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 4096);
    g_assert_cmpint(qemu_strtosz_MiB("foo", NULL, &v), ==, -EINVAL);
    /* As QEMU: a fraction needs an explicit unit. */
    g_assert_cmpint(qemu_strtosz_MiB("1.5", NULL, &v), ==, -EINVAL);
}

static void test_parse_bool(void)
{
    bool b;
    static const char *const yes[] = { "on", "yes", "true" };
    static const char *const no[] = { "off", "no", "false" };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(yes); i++) {
        b = false;
        g_assert_true(qemu_parse_bool(yes[i], &b));
        g_assert_true(b);
        b = true;
        g_assert_true(qemu_parse_bool(no[i], &b));
        g_assert_false(b);
    }
    g_assert_false(qemu_parse_bool("1", &b));
    g_assert_false(qemu_parse_bool("ON", &b));
    g_assert_false(qemu_parse_bool("", &b));
    g_assert_false(qemu_parse_bool(NULL, &b));
}

static void test_strings(void)
{
    char buf[4];
    const char *rest;

    pstrcpy(buf, sizeof(buf), "abcdef");
    g_assert_cmpstr(buf, ==, "abc");
    g_assert_true(strstart("-device", "-dev", &rest));
    g_assert_cmpstr(rest, ==, "ice");
    g_assert_false(strstart("-m", "-machine", NULL));
    g_assert_cmpuint(qemu_host_page_size(), ==, sysconf(_SC_PAGESIZE));
    g_assert_cmpuint(qemu_real_host_page_size, ==, sysconf(_SC_PAGESIZE));
}

static void test_base64(void)
{
    Error *err = NULL;
    size_t len;
    uint8_t *out;

    out = qbase64_decode("aGVsbG8=", (size_t)-1, &len, &error_abort);
    g_assert_cmpuint(len, ==, 5);
    g_assert_cmpmem(out, len, "hello", 5);
    g_free(out);

    out = qbase64_decode("", 0, &len, &error_abort);
    g_assert_nonnull(out);
    g_assert_cmpuint(len, ==, 0);
    g_free(out);

    g_assert_null(qbase64_decode("aGVsbG8", (size_t)-1, &len, &err));
    error_free_or_abort(&err);
    g_assert_null(qbase64_decode("aGV$bG8=", (size_t)-1, &len, &err));
    error_free_or_abort(&err);
    g_assert_null(qbase64_decode("aG=sbG8=", (size_t)-1, &len, &err));
    error_free_or_abort(&err);
    g_assert_null(qbase64_decode("a===", (size_t)-1, &len, &err));
    error_free_or_abort(&err);
    g_assert_null(qbase64_decode("aGVs\0G8=", 8, &len, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "NUL"));
    error_free_or_abort(&err);
}

static void test_uuid(void)
{
    QemuUUID u;
    char *s;

    g_assert_cmpint(qemu_uuid_parse("12345678-9ABC-def0-1234-56789abcdef0",
                                    &u), ==, 0);
    g_assert_cmphex(u.data[0], ==, 0x12);
    g_assert_cmphex(u.data[5], ==, 0xbc);
    g_assert_cmphex(u.data[15], ==, 0xf0);
    s = qemu_uuid_unparse_strdup(&u);
    g_assert_cmpstr(s, ==, "12345678-9abc-def0-1234-56789abcdef0");
    g_free(s);
    g_assert_false(qemu_uuid_is_null(&u));
    memset(&u, 0, sizeof(u));
    g_assert_true(qemu_uuid_is_null(&u));

    g_assert_cmpint(qemu_uuid_parse("12345678-9abc-def0-1234-56789abcdef", &u),
                    ==, -1);
    g_assert_cmpint(qemu_uuid_parse("12345678-9abc-def0-1234_56789abcdef0",
                                    &u), ==, -1);
    g_assert_cmpint(qemu_uuid_parse("g2345678-9abc-def0-1234-56789abcdef0",
                                    &u), ==, -1);
    g_assert_cmpint(qemu_uuid_parse(NULL, &u), ==, -1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cutils/strtoi64", test_strtoi64);
    g_test_add_func("/cutils/strtou64", test_strtou64);
    g_test_add_func("/cutils/strtoi_ul", test_strtoi_ul);
    g_test_add_func("/cutils/strtosz", test_strtosz);
    g_test_add_func("/cutils/strtosz_MiB", test_strtosz_mib);
    g_test_add_func("/cutils/parse_bool", test_parse_bool);
    g_test_add_func("/cutils/strings", test_strings);
    g_test_add_func("/cutils/base64", test_base64);
    g_test_add_func("/cutils/uuid", test_uuid);
    return g_test_run();
}
