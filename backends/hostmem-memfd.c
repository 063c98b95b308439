/*
 * memory-backend-memfd: guest RAM in an anonymous memory file, shared by
 * default so vhost-user back ends can map it. Sealing (on by default) keeps
 * anyone holding the fd from growing or shrinking it under the guest.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "system/hostmem.h"

#include <linux/memfd.h>


typedef struct HostMemoryBackendMemfd {
    HostMemoryBackend parent_obj;
    bool hugetlb;
    uint64_t hugetlbsize;
    bool seal;
} HostMemoryBackendMemfd;

#define MEMORY_BACKEND_MEMFD(obj) \
    OBJECT_CHECK(HostMemoryBackendMemfd, (obj), TYPE_MEMORY_BACKEND_MEMFD)

static bool memfd_backend_alloc(HostMemoryBackend *b, Error **errp)
{
    HostMemoryBackendMemfd *m = MEMORY_BACKEND_MEMFD(b);
    g_autofree char *name = host_memory_backend_get_name(b);
    unsigned flags = MFD_CLOEXEC;
    bool ok;
    int fd;

    if (m->seal) {
        flags |= MFD_ALLOW_SEALING;
    }
    if (m->hugetlb) {
        flags |= MFD_HUGETLB;
        if (m->hugetlbsize) {
            if (m->hugetlbsize & (m->hugetlbsize - 1)) {
                error_setg(errp, "hugetlbsize 0x%" PRIx64 " is not a power "
                           "of two", m->hugetlbsize);
                return false;
            }
            flags |= (unsigned)__builtin_ctzll(m->hugetlbsize)
                     << MFD_HUGE_SHIFT;
        }
    }
    fd = memfd_create(TYPE_MEMORY_BACKEND_MEMFD, flags);
    if (fd < 0) {
        error_setg_errno(errp, errno, "failed to create memfd");
        return false;
    }
    if (ftruncate(fd, b->size) < 0) {
        error_setg_errno(errp, errno, "failed to resize memfd to %" PRIu64,
                         b->size);
        close(fd);
        return false;
    }
    if (m->seal &&
        fcntl(fd, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) < 0) {
        error_setg_errno(errp, errno, "failed to add seals to memfd");
        close(fd);
        return false;
    }
    ok = memory_region_init_ram_from_fd(&b->mr, OBJECT(b), name, b->size,
                                        b->share, fd, 0, errp);
    close(fd);
    return ok;
}

static bool reject_if_allocated(Object *obj, const char *name, Error **errp)
{
    if (MEMORY_BACKEND(obj)->allocated) {
        error_setg(errp, "cannot change property %s of %s", name,
                   object_get_typename(obj));
        return true;
    }
    return false;
}

static bool get_hugetlb(Object *obj, Error **errp)
{
    return MEMORY_BACKEND_MEMFD(obj)->hugetlb;
}

static void set_hugetlb(Object *obj, bool value, Error **errp)
{
    if (!reject_if_allocated(obj, "hugetlb", errp)) {
        MEMORY_BACKEND_MEMFD(obj)->hugetlb = value;
    }
}

static bool get_seal(Object *obj, Error **errp)
{
    return MEMORY_BACKEND_MEMFD(obj)->seal;
}

static void set_seal(Object *obj, bool value, Error **errp)
{
    if (!reject_if_allocated(obj, "seal", errp)) {
        MEMORY_BACKEND_MEMFD(obj)->seal = value;
    }
}

static JsonNode *get_hugetlbsize(Object *obj, const char *name, void *opaque,
                                 Error **errp)
{
    return qom_value_from_uint(MEMORY_BACKEND_MEMFD(obj)->hugetlbsize);
}

static void set_hugetlbsize(Object *obj, const char *name,
                            const JsonNode *value, void *opaque, Error **errp)
{
    uint64_t size;

    if (reject_if_allocated(obj, name, errp) ||
        !qom_value_to_size(value, name, &size, errp)) {
        return;
    }
    if (!size) {
        error_setg(errp, "property '%s' of %s doesn't take value '0'", name,
                   object_get_typename(obj));
        return;
    }
    MEMORY_BACKEND_MEMFD(obj)->hugetlbsize = size;
}

static void memfd_backend_init(Object *obj)
{
    MEMORY_BACKEND(obj)->share = true;
    MEMORY_BACKEND_MEMFD(obj)->seal = true;
}

static void memfd_backend_class_init(ObjectClass *oc, void *data)
{
    HostMemoryBackendClass *bc = MEMORY_BACKEND_CLASS(oc);

    bc->alloc = memfd_backend_alloc;
    object_class_property_add_bool(oc, "hugetlb", get_hugetlb, set_hugetlb);
    object_class_property_set_description(oc, "hugetlb",
                                          "Use huge pages");
    object_class_property_add(oc, "hugetlbsize", "size", get_hugetlbsize,
                              set_hugetlbsize, NULL, NULL);
    object_class_property_set_description(oc, "hugetlbsize",
                                          "Huge pages size (ex: 2M, 1G)");
    object_class_property_add_bool(oc, "seal", get_seal, set_seal);
    object_class_property_set_description(oc, "seal",
                                          "Seal growing & shrinking");
}

static const TypeInfo memfd_backend_info = {
    .name = TYPE_MEMORY_BACKEND_MEMFD,
    .parent = TYPE_MEMORY_BACKEND,
    .instance_size = sizeof(HostMemoryBackendMemfd),
    .instance_init = memfd_backend_init,
    .class_init = memfd_backend_class_init,
};

static void memfd_backend_register_types(void)
{
    type_register_static(&memfd_backend_info);
}

type_init(memfd_backend_register_types)
