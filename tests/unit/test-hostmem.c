/*
 * Unit tests of the host memory backends: creation through the object
 * model as -object does it, property checks, and the memory they give.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qom/object.h"
#include "exec/memory.h"
#include "system/hostmem.h"

/* props: "key=value,..." parsed into a JsonObject of strings, as from
 * the command line. */
static Object *create(const char *type, const char *id, const char *props,
                      Error **errp)
{
    JsonObject *o = json_object_new();
    g_auto(GStrv) kv = g_strsplit(props, ",", -1);
    Object *obj;

    json_object_set_string_member(o, "qom-type", type);
    json_object_set_string_member(o, "id", id);
    for (char **p = kv; *p && **p; p++) {
        char *eq = strchr(*p, '=');
        g_assert_nonnull(eq);
        *eq = 0;
        json_object_set_string_member(o, *p, eq + 1);
    }
    obj = user_creatable_add(o, errp);
    json_object_unref(o);
    return obj;
}

static void expect_error(const char *type, const char *props,
                         const char *msg)
{
    Error *err = NULL;

    g_assert_null(create(type, "bad", props, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static void test_ram(void)
{
    Object *obj = create(TYPE_MEMORY_BACKEND_RAM, "ram0", "size=2M",
                         &error_abort);
    HostMemoryBackend *b = MEMORY_BACKEND(obj);
    MemoryRegion *mr = host_memory_backend_get_memory(b);
    uint8_t *p;

    g_assert_nonnull(mr);
    g_assert_true(memory_region_is_ram(mr));
    g_assert_cmpuint(memory_region_size(mr), ==, 2 * MiB);
    g_assert_cmpstr(memory_region_name(mr), ==, "ram0");
    g_assert_true(qemu_ram_block_by_name("ram0") == mr->ram_block);
    g_assert_cmpint(memory_region_get_fd(mr), ==, -1);
    p = memory_region_get_ram_ptr(mr);
    p[2 * MiB - 1] = 1;
    g_assert_cmpuint(object_property_get_uint(obj, "size", &error_abort),
                     ==, 2 * MiB);
    g_assert_true(object_property_get_bool(obj, "merge", &error_abort));
    g_assert_true(object_property_get_bool(obj, "dump", &error_abort));

    /* Size is fixed once the memory exists. */
    g_assert_false(object_property_set_uint(obj, "size", 4 * MiB, NULL));

    /* In use: cannot be deleted. */
    host_memory_backend_set_mapped(b, true);
    g_assert_false(user_creatable_del("ram0", NULL));
    host_memory_backend_set_mapped(b, false);
    g_assert_true(user_creatable_del("ram0", &error_abort));
    g_assert_null(qemu_ram_block_by_name("ram0"));
}

static void test_errors(void)
{
    expect_error(TYPE_MEMORY_BACKEND_RAM, "",
                 "Parameter 'size' is missing");
    expect_error(TYPE_MEMORY_BACKEND_RAM, "size=0",
                 "property 'size' of memory-backend-ram doesn't take "
                 "value '0'");
    expect_error(TYPE_MEMORY_BACKEND_RAM, "size=foo",
                 "Parameter 'size' expects a size value");
    expect_error(TYPE_MEMORY_BACKEND_RAM, "size=1M,policy=bogus",
                 "Parameter 'policy' does not accept value 'bogus'");
    expect_error(TYPE_MEMORY_BACKEND_RAM, "size=1M,host-nodes=0",
                 "host-nodes must be empty for policy default, or you "
                 "should explicitly specify a policy other than default");
    expect_error(TYPE_MEMORY_BACKEND_FILE, "size=1M",
                 "mem-path property not set");
    expect_error(TYPE_MEMORY_BACKEND_FILE,
                 "size=1M,mem-path=/nonexistent/dir/file",
                 "can't open backing store /nonexistent/dir/file for guest "
                 "RAM: No such file or directory");
    /* A failed object leaves nothing behind. */
    g_assert_null(qemu_ram_block_by_name("bad"));
}

static void test_memfd_share(void)
{
    Object *obj = create(TYPE_MEMORY_BACKEND_MEMFD, "mfd0", "size=1M",
                         &error_abort);
    MemoryRegion *mr = host_memory_backend_get_memory(MEMORY_BACKEND(obj));
    int fd = memory_region_get_fd(mr);
    uint8_t *p = memory_region_get_ram_ptr(mr);
    uint8_t b = 0;

    g_assert_true(object_property_get_bool(obj, "share", &error_abort));
    g_assert_true(object_property_get_bool(obj, "seal", &error_abort));
    g_assert_cmpint(fd, >=, 0);
    /* Guest writes are visible through the fd (share=on) ... */
    p[4096] = 0xab;
    g_assert_cmpint(pread(fd, &b, 1, 4096), ==, 1);
    g_assert_cmpuint(b, ==, 0xab);
    /* ... and the other way round. */
    b = 0xcd;
    g_assert_cmpint(pwrite(fd, &b, 1, 8), ==, 1);
    g_assert_cmpuint(p[8], ==, 0xcd);
    /* Sealed: the size cannot change under the guest. */
    g_assert_cmpint(ftruncate(fd, 2 * MiB), <, 0);
    g_assert_true(user_creatable_del("mfd0", &error_abort));
}

static void test_memfd_private(void)
{
    Object *obj = create(TYPE_MEMORY_BACKEND_MEMFD, "mfd1",
                         "size=1M,share=off,seal=off,prealloc=on",
                         &error_abort);
    MemoryRegion *mr = host_memory_backend_get_memory(MEMORY_BACKEND(obj));
    int fd = memory_region_get_fd(mr);
    uint8_t *p = memory_region_get_ram_ptr(mr);
    uint8_t b = 0xff;

    p[0] = 0x11;
    g_assert_cmpint(pread(fd, &b, 1, 0), ==, 1);
    g_assert_cmpuint(b, ==, 0);
    g_assert_true(user_creatable_del("mfd1", &error_abort));
}

static void test_file(void)
{
    g_autofree char *dir = g_dir_make_tmp("hostmem-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "ram.img", NULL);
    g_autofree char *props = g_strdup_printf("size=64K,share=on,mem-path=%s",
                                             path);
    g_autofree char *props_dir = g_strdup_printf("size=64K,mem-path=%s",
                                                 dir);
    g_autofree char *props_ro = g_strdup_printf("size=128K,readonly=on,"
                                                "mem-path=%s", path);
    Object *obj;
    MemoryRegion *mr;
    uint8_t *p;
    struct stat st;
    GDir *d;

    obj = create(TYPE_MEMORY_BACKEND_FILE, "file0", props, &error_abort);
    mr = host_memory_backend_get_memory(MEMORY_BACKEND(obj));
    p = memory_region_get_ram_ptr(mr);
    memcpy(p, "vireo", 5);
    g_assert_cmpint(stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_size, ==, 64 * KiB);
    g_assert_true(user_creatable_del("file0", &error_abort));
    {
        char buf[5];
        FILE *f = fopen(path, "rb");
        g_assert_nonnull(f);
        g_assert_cmpuint(fread(buf, 1, 5, f), ==, 5);
        fclose(f);
        g_assert_cmpmem(buf, 5, "vireo", 5);
    }

    /* Read-only: a ROM, and the file must be big enough. */
    expect_error(TYPE_MEMORY_BACKEND_FILE, props_ro,
                 "backing store size 0x10000 does not match 'size' option "
                 "0x20000");
    g_free(props_ro);
    props_ro = g_strdup_printf("size=64K,readonly=on,mem-path=%s", path);
    obj = create(TYPE_MEMORY_BACKEND_FILE, "file1", props_ro, &error_abort);
    mr = host_memory_backend_get_memory(MEMORY_BACKEND(obj));
    g_assert_true(memory_region_is_rom(mr));
    g_assert_cmpmem(memory_region_get_ram_ptr(mr), 5, "vireo", 5);
    g_assert_true(user_creatable_del("file1", &error_abort));

    /* A directory gets an unlinked temporary file. */
    unlink(path);
    obj = create(TYPE_MEMORY_BACKEND_FILE, "file2", props_dir,
                 &error_abort);
    g_assert_nonnull(host_memory_backend_get_memory(MEMORY_BACKEND(obj)));
    d = g_dir_open(dir, 0, NULL);
    g_assert_null(g_dir_read_name(d));
    g_dir_close(d);
    g_assert_true(user_creatable_del("file2", &error_abort));
    g_assert_cmpint(rmdir(dir), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hostmem/ram", test_ram);
    g_test_add_func("/hostmem/errors", test_errors);
    g_test_add_func("/hostmem/memfd/share", test_memfd_share);
    g_test_add_func("/hostmem/memfd/private", test_memfd_private);
    g_test_add_func("/hostmem/file", test_file);
    return g_test_run();
}
