/*
 * RAM blocks: the host memory behind RAM regions, their names (for
 * migration) and their dirty bitmaps, one bit per target page and client.
 * Bits are set with atomics: vCPU threads and DMA write concurrently.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "exec/memory.h"
#include "exec/ramblock.h"
#include "hw/qdev-core.h"
#include "memory-internal.h"

#include <linux/falloc.h>

#define BITS_PER_LONG (sizeof(unsigned long) * 8)

static GList *ram_blocks;                 /* RAMBlock *, creation order */
static RAMCodeWriteFn *code_write_hook;

/* ---- bitmaps ---- */

static unsigned long word_mask(uint64_t first, uint64_t last_excl,
                               uint64_t word)
{
    uint64_t lo = MAX(first, word * BITS_PER_LONG);
    uint64_t hi = MIN(last_excl, (word + 1) * BITS_PER_LONG);
    unsigned n = hi - lo, shift = lo % BITS_PER_LONG;

    return n == BITS_PER_LONG ? ~0UL : ((1UL << n) - 1) << shift;
}

static void bitmap_set_atomic(unsigned long *map, uint64_t first,
                              uint64_t end)
{
    for (uint64_t w = first / BITS_PER_LONG; w * BITS_PER_LONG < end; w++) {
        unsigned long m = word_mask(first, end, w);
        if ((__atomic_load_n(&map[w], __ATOMIC_RELAXED) & m) != m) {
            __atomic_fetch_or(&map[w], m, __ATOMIC_RELAXED);
        }
    }
}

static bool bitmap_test_and_clear_atomic(unsigned long *map, uint64_t first,
                                         uint64_t end)
{
    bool any = false;

    for (uint64_t w = first / BITS_PER_LONG; w * BITS_PER_LONG < end; w++) {
        unsigned long m = word_mask(first, end, w);
        if (__atomic_load_n(&map[w], __ATOMIC_RELAXED) & m) {
            any |= (__atomic_fetch_and(&map[w], ~m, __ATOMIC_RELAXED) & m)
                   != 0;
        }
    }
    return any;
}

static bool bitmap_test_any(const unsigned long *map, uint64_t first,
                            uint64_t end)
{
    for (uint64_t w = first / BITS_PER_LONG; w * BITS_PER_LONG < end; w++) {
        if (__atomic_load_n(&map[w], __ATOMIC_RELAXED) &
            word_mask(first, end, w)) {
            return true;
        }
    }
    return false;
}

static bool test_bit_atomic(const unsigned long *map, uint64_t bit)
{
    return (__atomic_load_n(&map[bit / BITS_PER_LONG], __ATOMIC_RELAXED) >>
            (bit % BITS_PER_LONG)) & 1;
}

/* Clips [offset, offset+len) to the block and converts it to pages
 * [*first, *end); false if nothing is left. */
static bool block_pages(const RAMBlock *rb, uint64_t offset, uint64_t len,
                        uint64_t *first, uint64_t *end)
{
    if (len == 0 || offset >= rb->max_length) {
        return false;
    }
    len = MIN(len, rb->max_length - offset);
    *first = offset >> TARGET_PAGE_BITS;
    *end = ((offset + len - 1) >> TARGET_PAGE_BITS) + 1;
    return true;
}

uint64_t ram_block_nr_pages(const RAMBlock *rb)
{
    return DIV_ROUND_UP(rb->max_length, TARGET_PAGE_SIZE);
}

/* ---- naming and allocation ---- */

/*
 * Blocks of a device on a bus carry the bus path ("0000:00:02.0/vga.vram"),
 * so two devices of one kind get distinct, stable names across hosts.
 */
static char *ram_block_make_idstr(MemoryRegion *mr)
{
    const char *name = memory_region_name(mr);
    Object *dev = mr->owner ? object_dynamic_cast(mr->owner, TYPE_DEVICE)
                            : NULL;

    if (dev && ((DeviceState *)dev)->parent_bus) {
        BusState *bus = ((DeviceState *)dev)->parent_bus;
        BusClass *bc = (BusClass *)object_get_class(OBJECT(bus));
        char *path = bc->get_dev_path ? bc->get_dev_path((DeviceState *)dev)
                                      : NULL;
        if (path) {
            char *id = g_strdup_printf("%s/%s", path, name);
            g_free(path);
            return id;
        }
    }
    return g_strdup(name);
}

static uint64_t host_page_size(void)
{
    static uint64_t ps;
    if (!ps) {
        ps = sysconf(_SC_PAGESIZE);
    }
    return ps;
}

RAMBlock *ram_block_new(MemoryRegion *mr, uint64_t size, uint64_t max_size,
                        int fd, uint64_t fd_offset, bool shared, void *host,
                        Error **errp)
{
    RAMBlock *rb;
    char *idstr = ram_block_make_idstr(mr);
    uint64_t page = host_page_size(), map_len, nr_longs;

    if (qemu_ram_block_by_name(idstr)) {
        error_setg(errp, "RAMBlock \"%s\" already registered", idstr);
        g_free(idstr);
        return NULL;
    }
    if (fd >= 0) {
        struct stat st;
        if (fstat(fd, &st) == 0 && st.st_blksize > (blksize_t)page) {
            page = st.st_blksize;     /* hugetlbfs reports its page size */
        }
        if (fd_offset % page) {
            error_setg(errp, "cannot set up guest memory '%s': offset 0x%"
                       PRIx64 " is not page aligned", idstr, fd_offset);
            g_free(idstr);
            return NULL;
        }
    }
    if (max_size > UINT64_MAX - page) {
        error_setg(errp, "cannot set up guest memory '%s': size too large",
                   idstr);
        g_free(idstr);
        return NULL;
    }
    map_len = QEMU_ALIGN_UP(max_size, page);

    rb = g_new0(RAMBlock, 1);
    rb->mr = mr;
    rb->idstr = idstr;
    rb->used_length = size;
    rb->max_length = max_size;
    rb->fd = -1;
    rb->page_size = page;
    if (host) {
        rb->host = host;
    } else {
        void *p;
        if (fd >= 0) {
            rb->fd = dup(fd);          /* the block owns its own copy */
            if (rb->fd < 0) {
                error_setg_errno(errp, errno, "cannot set up guest memory "
                                 "'%s'", idstr);
                goto fail;
            }
            p = mmap(NULL, map_len, PROT_READ | PROT_WRITE,
                     shared ? MAP_SHARED : MAP_PRIVATE, rb->fd, fd_offset);
        } else {
            p = mmap(NULL, map_len, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        }
        if (p == MAP_FAILED) {
            error_setg_errno(errp, errno, "cannot set up guest memory '%s'",
                             idstr);
            goto fail;
        }
        rb->host = p;
        rb->own_host = true;
    }
    rb->fd_offset = fd_offset;
    rb->shared = shared;
    /* Everything starts dirty: migration sends it all, displays redraw,
     * and no page holds translated code yet. */
    nr_longs = DIV_ROUND_UP(ram_block_nr_pages(rb), BITS_PER_LONG);
    for (int i = 0; i < DIRTY_MEMORY_NUM; i++) {
        rb->dirty[i] = g_new(unsigned long, nr_longs);
        memset(rb->dirty[i], 0xff, nr_longs * sizeof(unsigned long));
    }
    ram_blocks = g_list_append(ram_blocks, rb);
    return rb;

fail:
    if (rb->fd >= 0) {
        close(rb->fd);
    }
    g_free(rb->idstr);
    g_free(rb);
    return NULL;
}

void ram_block_free(RAMBlock *rb)
{
    ram_blocks = g_list_remove(ram_blocks, rb);
    if (rb->own_host) {
        munmap(rb->host, QEMU_ALIGN_UP(rb->max_length, rb->page_size));
    }
    if (rb->fd >= 0) {
        close(rb->fd);
    }
    for (int i = 0; i < DIRTY_MEMORY_NUM; i++) {
        g_free(rb->dirty[i]);
    }
    g_free(rb->idstr);
    g_free(rb);
}

RAMBlock *qemu_ram_block_by_name(const char *name)
{
    for (GList *l = ram_blocks; l; l = l->next) {
        RAMBlock *rb = l->data;
        if (!strcmp(rb->idstr, name)) {
            return rb;
        }
    }
    return NULL;
}

void qemu_ram_foreach_block(void (*fn)(RAMBlock *rb, void *opaque),
                            void *opaque)
{
    for (GList *l = ram_blocks; l;) {
        GList *next = l->next;        /* fn may free the block */
        fn(l->data, opaque);
        l = next;
    }
}

RAMBlock *ram_block_from_host(void *host, uint64_t *offset)
{
    uint8_t *p = host;

    for (GList *l = ram_blocks; l; l = l->next) {
        RAMBlock *rb = l->data;
        if (p >= rb->host && p < rb->host + rb->max_length) {
            *offset = p - rb->host;
            return rb;
        }
    }
    return NULL;
}

int ram_block_discard_range(RAMBlock *rb, uint64_t start, size_t length)
{
    if (!QEMU_IS_ALIGNED(start, rb->page_size) ||
        !QEMU_IS_ALIGNED(length, rb->page_size) ||
        start > rb->max_length || length > rb->max_length - start) {
        return -EINVAL;
    }
    if (length == 0) {
        return 0;
    }
    if (rb->fd >= 0 && rb->shared) {
        /* The pages belong to the file: free them there; every mapping
         * then reads zeroes. */
        if (fallocate(rb->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                      rb->fd_offset + start, length) < 0) {
            return -errno;
        }
        return 0;
    }
    /* Private: drop our copy; anonymous memory reads zeroes afterwards,
     * a private file mapping the file's contents. */
    if (madvise(rb->host + start, length, MADV_DONTNEED) < 0) {
        return -errno;
    }
    return 0;
}

/* ---- dirty tracking ---- */

void ram_block_set_code_write_hook(RAMCodeWriteFn *fn)
{
    code_write_hook = fn;
}

void ram_block_protect_code(RAMBlock *rb, uint64_t offset, uint64_t len)
{
    uint64_t first, end;

    if (block_pages(rb, offset, len, &first, &end)) {
        bitmap_test_and_clear_atomic(rb->dirty[DIRTY_MEMORY_CODE], first,
                                     end);
    }
}

void ram_block_dirty_range(RAMBlock *rb, uint64_t offset, uint64_t len,
                           uint8_t mask)
{
    uint64_t first, end;

    if (!block_pages(rb, offset, len, &first, &end)) {
        return;
    }
    for (int c = 0; c < DIRTY_MEMORY_NUM; c++) {
        if (c != DIRTY_MEMORY_CODE && (mask & (1 << c))) {
            bitmap_set_atomic(rb->dirty[c], first, end);
        }
    }
    if (code_write_hook) {
        unsigned long *code = rb->dirty[DIRTY_MEMORY_CODE];
        for (uint64_t p = first; p < end; p++) {
            if (!test_bit_atomic(code, p)) {
                code_write_hook(rb, p << TARGET_PAGE_BITS, TARGET_PAGE_SIZE);
                bitmap_set_atomic(code, p, p + 1);
            }
        }
    }
}

bool ram_block_get_dirty(RAMBlock *rb, uint64_t offset, uint64_t len,
                         unsigned client)
{
    uint64_t first, end;

    return client < DIRTY_MEMORY_NUM &&
           block_pages(rb, offset, len, &first, &end) &&
           bitmap_test_any(rb->dirty[client], first, end);
}

bool ram_block_test_and_clear_dirty(RAMBlock *rb, uint64_t offset,
                                    uint64_t len, unsigned client)
{
    uint64_t first, end;

    return client < DIRTY_MEMORY_NUM &&
           block_pages(rb, offset, len, &first, &end) &&
           bitmap_test_and_clear_atomic(rb->dirty[client], first, end);
}

void ram_block_set_dirty(RAMBlock *rb, uint64_t offset, uint64_t len,
                         unsigned client)
{
    uint64_t first, end;

    if (client < DIRTY_MEMORY_NUM &&
        block_pages(rb, offset, len, &first, &end)) {
        bitmap_set_atomic(rb->dirty[client], first, end);
    }
}

static RAMBlock *mr_block(MemoryRegion *mr, hwaddr *addr)
{
    while (mr->alias) {
        *addr += mr->alias_offset;
        mr = mr->alias;
    }
    return mr->ram_block;
}

bool memory_region_get_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                             unsigned client)
{
    RAMBlock *rb = mr_block(mr, &addr);
    return rb && ram_block_get_dirty(rb, addr, size, client);
}

bool memory_region_test_and_clear_dirty(MemoryRegion *mr, hwaddr addr,
                                        hwaddr size, unsigned client)
{
    RAMBlock *rb = mr_block(mr, &addr);
    return rb && ram_block_test_and_clear_dirty(rb, addr, size, client);
}

void memory_region_reset_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                               unsigned client)
{
    RAMBlock *rb = mr_block(mr, &addr);
    if (rb) {
        ram_block_test_and_clear_dirty(rb, addr, size, client);
    }
}
