/* Where firmware files are looked up: -L dirs first, then the install and
 * build trees, then the distribution's firmware packages. */
#include "qemu/osdep.h"
#include "system/system.h"

static GPtrArray *data_dirs;

void qemu_add_data_dir(const char *path)
{
    if (!data_dirs) {
        data_dirs = g_ptr_array_new();
    }
    g_ptr_array_add(data_dirs, g_strdup(path));
}

char *qemu_find_file(const char *name)
{
    static const char *const builtin[] = {
        VIREO_DATADIR,
        VIREO_BUILD_DIR "/pc-bios",
        VIREO_SOURCE_DIR "/pc-bios",
        "/usr/share/seabios",
        "/usr/share/qemu",
        NULL,
    };

    if (strchr(name, '/')) {
        return g_file_test(name, G_FILE_TEST_IS_REGULAR) ? g_strdup(name)
                                                         : NULL;
    }
    for (guint i = 0; data_dirs && i < data_dirs->len; i++) {
        char *p = g_build_filename(g_ptr_array_index(data_dirs, i), name,
                                   NULL);
        if (g_file_test(p, G_FILE_TEST_IS_REGULAR)) {
            return p;
        }
        g_free(p);
    }
    for (int i = 0; builtin[i]; i++) {
        char *p = g_build_filename(builtin[i], name, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_REGULAR)) {
            return p;
        }
        g_free(p);
    }
    return NULL;
}
