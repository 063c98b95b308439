/*
 * memory-backend-ram: anonymous host memory. share=on needs the pages to be
 * visible to other processes (vhost-user), so it is backed by a memfd.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "system/hostmem.h"

static bool ram_backend_alloc(HostMemoryBackend *b, Error **errp)
{
    g_autofree char *name = host_memory_backend_get_name(b);
    bool ok;
    int fd;

    if (!b->share) {
        return memory_region_init_ram(&b->mr, OBJECT(b), name, b->size,
                                      errp);
    }
    fd = memfd_create(name, MFD_CLOEXEC);
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
    ok = memory_region_init_ram_from_fd(&b->mr, OBJECT(b), name, b->size,
                                        true, fd, 0, errp);
    close(fd);
    return ok;
}

static void ram_backend_class_init(ObjectClass *oc, void *data)
{
    HostMemoryBackendClass *bc = MEMORY_BACKEND_CLASS(oc);

    bc->alloc = ram_backend_alloc;
}

static const TypeInfo ram_backend_info = {
    .name = TYPE_MEMORY_BACKEND_RAM,
    .parent = TYPE_MEMORY_BACKEND,
    .class_init = ram_backend_class_init,
};

static void ram_backend_register_types(void)
{
    type_register_static(&ram_backend_info);
}

type_init(ram_backend_register_types)
