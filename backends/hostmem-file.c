/*
 * memory-backend-file: guest RAM in a file (hugetlbfs, tmpfs, DAX, or a
 * plain file). A directory as mem-path gets an unlinked temporary file.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "exec/memory.h"
#include "system/hostmem.h"

typedef struct HostMemoryBackendFile {
    HostMemoryBackend parent_obj;
    char *mem_path;
    uint64_t align;
    uint64_t offset;
    bool readonly;
    bool discard_data;
    bool pmem;
} HostMemoryBackendFile;

#define MEMORY_BACKEND_FILE(obj) \
    OBJECT_CHECK(HostMemoryBackendFile, (obj), TYPE_MEMORY_BACKEND_FILE)

static int open_backing_store(HostMemoryBackendFile *f, const char *name,
                              Error **errp)
{
    struct stat st;
    int fd;

    if (stat(f->mem_path, &st) == 0 && S_ISDIR(st.st_mode)) {
        g_autofree char *tmpl = NULL;
        g_autofree char *safe = g_strdup(name);

        g_strdelimit(safe, "/", '_');
        tmpl = g_strdup_printf("%s/vireo_back_mem.%s.XXXXXX", f->mem_path,
                               safe);
        fd = mkstemp(tmpl);
        if (fd >= 0) {
            unlink(tmpl);          /* gone when the last mapping goes */
        }
    } else {
        fd = open(f->mem_path, f->readonly ? O_RDONLY : O_RDWR | O_CREAT,
                  0644);
    }
    if (fd < 0) {
        error_setg_errno(errp, errno,
                         "can't open backing store %s for guest RAM",
                         f->mem_path);
    }
    return fd;
}

static bool file_backend_alloc(HostMemoryBackend *b, Error **errp)
{
    HostMemoryBackendFile *f = MEMORY_BACKEND_FILE(b);
    g_autofree char *name = host_memory_backend_get_name(b);
    uint64_t need = f->offset + b->size;
    struct stat st;
    bool ok;
    int fd;

    if (!f->mem_path) {
        error_setg(errp, "mem-path property not set");
        return false;
    }
    if (f->pmem) {
        error_setg(errp, "Lack of libpmem support while setting the "
                   "'pmem=on' of %s. We can't ensure data persistence.",
                   object_get_typename(OBJECT(b)));
        return false;
    }
    if (need < b->size) {
        error_setg(errp, "offset 0x%" PRIx64 " plus size overflows",
                   f->offset);
        return false;
    }
    if (f->align && (f->align & (f->align - 1))) {
        error_setg(errp, "alignment 0x%" PRIx64 " must be a power of two",
                   f->align);
        return false;
    }
    fd = open_backing_store(f, name, errp);
    if (fd < 0) {
        return false;
    }
    if (fstat(fd, &st) < 0) {
        error_setg_errno(errp, errno, "can't stat backing store %s",
                         f->mem_path);
        close(fd);
        return false;
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size < need) {
        if (f->readonly) {
            error_setg(errp, "backing store size 0x%" PRIx64
                       " does not match 'size' option 0x%" PRIx64,
                       (uint64_t)st.st_size, need);
            close(fd);
            return false;
        }
        if (ftruncate(fd, need) < 0) {
            error_setg_errno(errp, errno, "can't resize backing store %s",
                             f->mem_path);
            close(fd);
            return false;
        }
    }
    /* A read-only file cannot back a writable shared mapping; the guest
     * cannot write it anyway (the region is ROM). */
    ok = memory_region_init_ram_from_fd(&b->mr, OBJECT(b), name, b->size,
                                        b->share && !f->readonly, fd,
                                        f->offset, errp);
    close(fd);
    if (ok && f->readonly) {
        b->mr.readonly = true;
    }
    return ok;
}

static bool reject_if_allocated(Object *obj, const char *name, Error **errp)
{
    if (MEMORY_BACKEND(obj)->allocated) {
        error_setg(errp, "cannot change property '%s' of %s", name,
                   object_get_typename(obj));
        return true;
    }
    return false;
}

static char *get_mem_path(Object *obj, Error **errp)
{
    return g_strdup(MEMORY_BACKEND_FILE(obj)->mem_path);
}

static void set_mem_path(Object *obj, const char *value, Error **errp)
{
    HostMemoryBackendFile *f = MEMORY_BACKEND_FILE(obj);

    if (!reject_if_allocated(obj, "mem-path", errp)) {
        g_free(f->mem_path);
        f->mem_path = g_strdup(value);
    }
}

#define FILE_BOOL_PROP(field, propname)                                   \
    static bool get_##field(Object *obj, Error **errp)                    \
    {                                                                     \
        return MEMORY_BACKEND_FILE(obj)->field;                           \
    }                                                                     \
    static void set_##field(Object *obj, bool value, Error **errp)        \
    {                                                                     \
        if (!reject_if_allocated(obj, propname, errp)) {                  \
            MEMORY_BACKEND_FILE(obj)->field = value;                      \
        }                                                                 \
    }

FILE_BOOL_PROP(readonly, "readonly")
FILE_BOOL_PROP(pmem, "pmem")

/* discard-data may change any time: it only matters at finalize. */
static bool get_discard_data(Object *obj, Error **errp)
{
    return MEMORY_BACKEND_FILE(obj)->discard_data;
}

static void set_discard_data(Object *obj, bool value, Error **errp)
{
    MEMORY_BACKEND_FILE(obj)->discard_data = value;
}

static JsonNode *get_size_field(Object *obj, const char *name, void *opaque,
                                Error **errp)
{
    return qom_value_from_uint(*(uint64_t *)((char *)obj +
                                             (uintptr_t)opaque));
}

static void set_size_field(Object *obj, const char *name,
                           const JsonNode *value, void *opaque, Error **errp)
{
    uint64_t v;

    if (reject_if_allocated(obj, name, errp) ||
        !qom_value_to_size(value, name, &v, errp)) {
        return;
    }
    *(uint64_t *)((char *)obj + (uintptr_t)opaque) = v;
}

static void file_backend_finalize(Object *obj)
{
    HostMemoryBackendFile *f = MEMORY_BACKEND_FILE(obj);
    HostMemoryBackend *b = MEMORY_BACKEND(obj);

    /* The data is not needed after exit: free it instead of writing it
     * back (runs before the base class unmaps). */
    if (f->discard_data && b->allocated && b->mr.ram_block) {
        RAMBlock *rb = b->mr.ram_block;
        ram_block_discard_range(rb, 0,
                                QEMU_ALIGN_UP(rb->max_length, rb->page_size));
    }
    g_free(f->mem_path);
}

static void file_backend_class_init(ObjectClass *oc, void *data)
{
    HostMemoryBackendClass *bc = MEMORY_BACKEND_CLASS(oc);

    bc->alloc = file_backend_alloc;
    object_class_property_add_str(oc, "mem-path", get_mem_path,
                                  set_mem_path);
    object_class_property_set_description(oc, "mem-path",
                                          "Path to the file or directory");
    object_class_property_add_bool(oc, "readonly", get_readonly,
                                   set_readonly);
    object_class_property_add_bool(oc, "pmem", get_pmem, set_pmem);
    object_class_property_add_bool(oc, "discard-data", get_discard_data,
                                   set_discard_data);
    object_class_property_add(oc, "align", "size", get_size_field,
                              set_size_field, NULL,
                              (void *)offsetof(HostMemoryBackendFile, align));
    object_class_property_add(oc, "offset", "size", get_size_field,
                              set_size_field, NULL,
                              (void *)offsetof(HostMemoryBackendFile, offset));
}

static const TypeInfo file_backend_info = {
    .name = TYPE_MEMORY_BACKEND_FILE,
    .parent = TYPE_MEMORY_BACKEND,
    .instance_size = sizeof(HostMemoryBackendFile),
    .instance_finalize = file_backend_finalize,
    .class_init = file_backend_class_init,
};

static void file_backend_register_types(void)
{
    type_register_static(&file_backend_info);
}

type_init(file_backend_register_types)
