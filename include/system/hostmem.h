/*
 * Host memory backends (-object memory-backend-{ram,memfd,file}): user-
 * creatable objects that own guest RAM. The machine or a memory device maps
 * the backend's MemoryRegion; a backend can be mapped by one user at a time.
 */
#ifndef SYSTEM_HOSTMEM_H
#define SYSTEM_HOSTMEM_H

#include "qom/object.h"
#include "exec/memory.h"

#define TYPE_MEMORY_BACKEND "memory-backend"
#define TYPE_MEMORY_BACKEND_RAM "memory-backend-ram"
#define TYPE_MEMORY_BACKEND_MEMFD "memory-backend-memfd"
#define TYPE_MEMORY_BACKEND_FILE "memory-backend-file"

/* Values of the "policy" property (Linux MPOL_* numbering). */
typedef enum HostMemPolicy {
    HOST_MEM_POLICY_DEFAULT,
    HOST_MEM_POLICY_PREFERRED,
    HOST_MEM_POLICY_BIND,
    HOST_MEM_POLICY_INTERLEAVE,
} HostMemPolicy;

#define HOST_MEM_MAX_NODES 64

OBJECT_DECLARE_TYPE(HostMemoryBackend, HostMemoryBackendClass, MEMORY_BACKEND)

struct HostMemoryBackend {
    Object parent_obj;
    uint64_t size;
    bool share;
    bool prealloc;
    bool dump;
    bool merge;
    bool reserve;
    bool use_canonical_path;      /* x-use-canonical-path-for-ramblock-id */
    uint32_t prealloc_threads;
    HostMemPolicy policy;
    uint64_t host_nodes;          /* bit n: host NUMA node n */
    bool is_mapped;
    bool allocated;               /* mr is initialised */
    MemoryRegion mr;
};

struct HostMemoryBackendClass {
    ObjectClass parent_class;
    /* Initialises backend->mr (as RAM of backend->size bytes). */
    bool (*alloc)(HostMemoryBackend *backend, Error **errp);
};

/* The backend's RAM region; NULL until the object is complete. */
MemoryRegion *host_memory_backend_get_memory(HostMemoryBackend *backend);
bool host_memory_backend_is_mapped(HostMemoryBackend *backend);
void host_memory_backend_set_mapped(HostMemoryBackend *backend, bool mapped);
/* The name its region and RAM block get: the id, or the canonical path
 * with x-use-canonical-path-for-ramblock-id=on. g_free the result. */
char *host_memory_backend_get_name(HostMemoryBackend *backend);
/* Host page size backing the memory (larger for hugetlbfs / hugetlb). */
uint64_t host_memory_backend_pagesize(HostMemoryBackend *backend);

#endif
