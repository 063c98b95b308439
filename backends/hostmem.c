/*
 * memory-backend: the abstract base of the host memory backends. It holds
 * the common properties and, on completion, lets the subclass allocate the
 * RAM, then applies the host-side policy (merge, dump, NUMA binding,
 * preallocation) to it.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "system/hostmem.h"

#include <sys/syscall.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#define MPOL_MF_STRICT (1 << 0)
#define MPOL_MF_MOVE   (1 << 1)

static const char *const host_mem_policy_names[] = {
    "default", "preferred", "bind", "interleave", NULL
};

/* ---- properties ---- */

static void reject_after_complete(HostMemoryBackend *b, const char *name,
                                  Error **errp)
{
    error_setg(errp, "cannot change property %s of %s", name,
               object_get_typename(OBJECT(b)));
}

static JsonNode *get_size(Object *obj, const char *name, void *opaque,
                          Error **errp)
{
    return qom_value_from_uint(MEMORY_BACKEND(obj)->size);
}

static void set_size(Object *obj, const char *name, const JsonNode *value,
                     void *opaque, Error **errp)
{
    HostMemoryBackend *b = MEMORY_BACKEND(obj);
    uint64_t size;

    if (b->allocated) {
        reject_after_complete(b, name, errp);
        return;
    }
    if (!qom_value_to_size(value, name, &size, errp)) {
        return;
    }
    if (!size) {
        error_setg(errp, "property '%s' of %s doesn't take value '0'", name,
                   object_get_typename(obj));
        return;
    }
    b->size = size;
}

static bool get_share(Object *obj, Error **errp)
{
    return MEMORY_BACKEND(obj)->share;
}

static void set_share(Object *obj, bool value, Error **errp)
{
    HostMemoryBackend *b = MEMORY_BACKEND(obj);

    if (b->allocated) {
        reject_after_complete(b, "share", errp);
        return;
    }
    b->share = value;
}

static bool prealloc_memory(HostMemoryBackend *b, Error **errp)
{
    uint8_t *p = memory_region_get_ram_ptr(&b->mr);
    uint64_t page = host_memory_backend_pagesize(b);

    if (madvise(p, b->size, MADV_POPULATE_WRITE) == 0) {
        return true;
    }
    if (errno != EINVAL) {
        error_setg_errno(errp, errno, "Could not preallocate memory for '%s'",
                         object_get_canonical_path_component(OBJECT(b)));
        return false;
    }
    /* Older kernels: write each page; reading first keeps file data. */
    for (uint64_t off = 0; off < b->size; off += page) {
        volatile uint8_t *q = p + off;
        *q = *q;
    }
    return true;
}

static bool get_prealloc(Object *obj, Error **errp)
{
    return MEMORY_BACKEND(obj)->prealloc;
}

static void set_prealloc(Object *obj, bool value, Error **errp)
{
    HostMemoryBackend *b = MEMORY_BACKEND(obj);

    /* Turning it on later still allocates now; off cannot undo it. */
    if (b->allocated && value && !b->prealloc &&
        !prealloc_memory(b, errp)) {
        return;
    }
    b->prealloc = value;
}

static void apply_dump(HostMemoryBackend *b)
{
    madvise(memory_region_get_ram_ptr(&b->mr), b->size,
            b->dump ? MADV_DODUMP : MADV_DONTDUMP);
}

static void apply_merge(HostMemoryBackend *b)
{
    madvise(memory_region_get_ram_ptr(&b->mr), b->size,
            b->merge ? MADV_MERGEABLE : MADV_UNMERGEABLE);
}

static bool get_dump(Object *obj, Error **errp)
{
    return MEMORY_BACKEND(obj)->dump;
}

static void set_dump(Object *obj, bool value, Error **errp)
{
    HostMemoryBackend *b = MEMORY_BACKEND(obj);

    b->dump = value;
    if (b->allocated) {
        apply_dump(b);
    }
}

static bool get_merge(Object *obj, Error **errp)
{
    return MEMORY_BACKEND(obj)->merge;
}

static void set_merge(Object *obj, bool value, Error **errp)
{
    HostMemoryBackend *b = MEMORY_BACKEND(obj);

    b->merge = value;
    if (b->allocated) {
        apply_merge(b);
    }
}

static bool get_reserve(Object *obj, Error **errp)
{
    return MEMORY_BACKEND(obj)->reserve;
}

static void set_reserve(Object *obj, bool value, Error **errp)
{
    HostMemoryBackend *b = MEMORY_BACKEND(obj);

    if (b->allocated) {
        reject_after_complete(b, "reserve", errp);
        return;
    }
    b->reserve = value;
}

static bool get_canonical(Object *obj, Error **errp)
{
    return MEMORY_BACKEND(obj)->use_canonical_path;
}

static void set_canonical(Object *obj, bool value, Error **errp)
{
    MEMORY_BACKEND(obj)->use_canonical_path = value;
}

static int get_policy(Object *obj, Error **errp)
{
    return MEMORY_BACKEND(obj)->policy;
}

static void set_policy(Object *obj, int value, Error **errp)
{
    MEMORY_BACKEND(obj)->policy = value;
}

static bool add_host_node(uint64_t *nodes, uint64_t node, Error **errp)
{
    if (node >= HOST_MEM_MAX_NODES) {
        error_setg(errp, "Invalid host-nodes value: %" PRIu64, node);
        return false;
    }
    *nodes |= UINT64_C(1) << node;
    return true;
}

/* "0", "0-3", "0,2-3" on the command line; a list of numbers in JSON. */
static bool parse_host_nodes(const char *s, uint64_t *nodes, Error **errp)
{
    g_auto(GStrv) parts = g_strsplit(s, ",", -1);

    for (char **p = parts; *p; p++) {
        const char *end;
        uint64_t lo, hi;

        if (qemu_strtou64(*p, &end, 10, &lo) < 0) {
            goto bad;
        }
        hi = lo;
        if (*end == '-' && qemu_strtou64(end + 1, NULL, 10, &hi) < 0) {
            goto bad;
        } else if (*end && *end != '-') {
            goto bad;
        }
        if (hi < lo || hi >= HOST_MEM_MAX_NODES) {
            error_setg(errp, "Invalid host-nodes value: %s", *p);
            return false;
        }
        for (uint64_t n = lo; n <= hi; n++) {
            *nodes |= UINT64_C(1) << n;
        }
    }
    return true;
bad:
    error_setg(errp, "Parameter 'host-nodes' expects a list of host NUMA "
               "node numbers");
    return false;
}

static JsonNode *get_host_nodes(Object *obj, const char *name, void *opaque,
                                Error **errp)
{
    HostMemoryBackend *b = MEMORY_BACKEND(obj);
    JsonArray *arr = json_array_new();
    JsonNode *node = json_node_new(JSON_NODE_ARRAY);

    for (int i = 0; i < HOST_MEM_MAX_NODES; i++) {
        if (b->host_nodes & (UINT64_C(1) << i)) {
            json_array_add_int_element(arr, i);
        }
    }
    json_node_take_array(node, arr);
    return node;
}

static void set_host_nodes(Object *obj, const char *name,
                           const JsonNode *value, void *opaque, Error **errp)
{
    HostMemoryBackend *b = MEMORY_BACKEND(obj);
    uint64_t nodes = 0;

    if (JSON_NODE_HOLDS_ARRAY((JsonNode *)value)) {
        JsonArray *arr = json_node_get_array((JsonNode *)value);
        for (guint i = 0; i < json_array_get_length(arr); i++) {
            JsonNode *e = json_array_get_element(arr, i);
            uint64_t n;
            if (!qom_value_to_uint(e, name, "uint16_t", UINT16_MAX, &n, errp)
                || !add_host_node(&nodes, n, errp)) {
                return;
            }
        }
    } else if (JSON_NODE_HOLDS_VALUE((JsonNode *)value) &&
               json_node_get_value_type((JsonNode *)value) == G_TYPE_INT64) {
        int64_t n = json_node_get_int((JsonNode *)value);
        if (n < 0 || !add_host_node(&nodes, n, errp)) {
            if (n < 0) {
                error_setg(errp, "Invalid host-nodes value: %" PRId64, n);
            }
            return;
        }
    } else {
        const char *s = qom_value_to_str(value, name, errp);
        if (!s || !parse_host_nodes(s, &nodes, errp)) {
            return;
        }
    }
    /* The command line repeats the key for each node: accumulate. */
    b->host_nodes |= nodes;
}

/* ---- completion ---- */

static bool apply_policy(HostMemoryBackend *b, Error **errp)
{
    unsigned long mask = b->host_nodes;
    long r;

    if (b->policy == HOST_MEM_POLICY_DEFAULT) {
        if (b->host_nodes) {
            error_setg(errp, "host-nodes must be empty for policy default, "
                       "or you should explicitly specify a policy other "
                       "than default");
            return false;
        }
        return true;
    }
    if (!b->host_nodes) {
        error_setg(errp, "host-nodes must be set for policy %s",
                   host_mem_policy_names[b->policy]);
        return false;
    }
    r = syscall(SYS_mbind, memory_region_get_ram_ptr(&b->mr), b->size,
                (int)b->policy, &mask, HOST_MEM_MAX_NODES + 1,
                MPOL_MF_STRICT | MPOL_MF_MOVE);
    if (r < 0) {
        error_setg_errno(errp, errno,
                         "cannot bind memory to host NUMA nodes");
        return false;
    }
    return true;
}

static void host_memory_backend_complete(Object *obj, Error **errp)
{
    HostMemoryBackend *b = MEMORY_BACKEND(obj);
    HostMemoryBackendClass *bc = MEMORY_BACKEND_GET_CLASS(obj);

    if (b->allocated) {
        return;
    }
    if (!b->size) {
        error_setg(errp, "Parameter 'size' is missing");
        return;
    }
    if (!bc->alloc || !bc->alloc(b, errp)) {
        return;
    }
    b->allocated = true;
    apply_merge(b);
    if (!b->dump) {
        apply_dump(b);
    }
    /* Bind before touching, so the pages land on the right nodes. */
    if (!apply_policy(b, errp) ||
        (b->prealloc && !prealloc_memory(b, errp))) {
        memory_region_finalize(&b->mr);
        b->allocated = false;
    }
}

static bool host_memory_backend_can_be_deleted(Object *obj)
{
    return !MEMORY_BACKEND(obj)->is_mapped;
}

static void host_memory_backend_init(Object *obj)
{
    HostMemoryBackend *b = MEMORY_BACKEND(obj);

    b->dump = true;
    b->merge = true;
    b->reserve = true;
    b->prealloc_threads = 1;
    object_property_add_uint32_ptr(obj, "prealloc-threads",
                                   &b->prealloc_threads,
                                   OBJ_PROP_FLAG_READWRITE);
}

static void host_memory_backend_finalize(Object *obj)
{
    HostMemoryBackend *b = MEMORY_BACKEND(obj);

    if (b->allocated) {
        memory_region_finalize(&b->mr);
        b->allocated = false;
    }
}

static void host_memory_backend_class_init(ObjectClass *oc, void *data)
{
    UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);

    ucc->complete = host_memory_backend_complete;
    ucc->can_be_deleted = host_memory_backend_can_be_deleted;

    object_class_property_add(oc, "size", "size", get_size, set_size, NULL,
                              NULL);
    object_class_property_set_description(oc, "size",
                                          "Size of the memory region (ex: 500M)");
    object_class_property_add_bool(oc, "share", get_share, set_share);
    object_class_property_set_description(oc, "share",
                                          "Mark the memory as private to QEMU or shared");
    object_class_property_add_bool(oc, "prealloc", get_prealloc,
                                   set_prealloc);
    object_class_property_set_description(oc, "prealloc",
                                          "Preallocate memory");
    object_class_property_add_bool(oc, "dump", get_dump, set_dump);
    object_class_property_set_description(oc, "dump",
                                          "Set to 'off' to exclude from core dump");
    object_class_property_add_bool(oc, "merge", get_merge, set_merge);
    object_class_property_set_description(oc, "merge",
                                          "Mark memory as mergeable");
    object_class_property_add_bool(oc, "reserve", get_reserve, set_reserve);
    object_class_property_set_description(oc, "reserve",
                                          "Reserve swap space (or huge pages) if applicable");
    object_class_property_add_bool(oc, "x-use-canonical-path-for-ramblock-id",
                                   get_canonical, set_canonical);
    object_class_property_add(oc, "host-nodes", "int", get_host_nodes,
                              set_host_nodes, NULL, NULL);
    object_class_property_set_description(oc, "host-nodes",
                                          "Binds memory to the list of NUMA host nodes");
    object_class_property_add_enum(oc, "policy", "HostMemPolicy",
                                   host_mem_policy_names, get_policy,
                                   set_policy);
    object_class_property_set_description(oc, "policy",
                                          "Set the NUMA policy");
}

MemoryRegion *host_memory_backend_get_memory(HostMemoryBackend *backend)
{
    return backend->allocated ? &backend->mr : NULL;
}

bool host_memory_backend_is_mapped(HostMemoryBackend *backend)
{
    return backend->is_mapped;
}

void host_memory_backend_set_mapped(HostMemoryBackend *backend, bool mapped)
{
    backend->is_mapped = mapped;
}

char *host_memory_backend_get_name(HostMemoryBackend *backend)
{
    if (backend->use_canonical_path) {
        return object_get_canonical_path(OBJECT(backend));
    }
    return g_strdup(object_get_canonical_path_component(OBJECT(backend)));
}

uint64_t host_memory_backend_pagesize(HostMemoryBackend *backend)
{
    MemoryRegion *mr = host_memory_backend_get_memory(backend);

    if (mr && mr->ram_block) {
        return mr->ram_block->page_size;
    }
    return sysconf(_SC_PAGESIZE);
}

static const TypeInfo host_memory_backend_info = {
    .name = TYPE_MEMORY_BACKEND,
    .parent = TYPE_OBJECT,
    .abstract = true,
    .class_size = sizeof(HostMemoryBackendClass),
    .class_init = host_memory_backend_class_init,
    .instance_size = sizeof(HostMemoryBackend),
    .instance_init = host_memory_backend_init,
    .instance_finalize = host_memory_backend_finalize,
    .interfaces = (InterfaceInfo[]) {
        { TYPE_USER_CREATABLE },
        { }
    },
};

static void host_memory_backend_register_types(void)
{
    type_register_static(&host_memory_backend_info);
}

type_init(host_memory_backend_register_types)
