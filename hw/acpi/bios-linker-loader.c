/*
 * etc/table-loader script builder and a local interpreter for it.
 */
#include "qemu/osdep.h"
#include "hw/acpi/bios-linker-loader.h"

typedef struct LinkerFile {
    char name[BIOS_LINKER_LOADER_FILESZ];
    GArray *blob;
    uint32_t align;
    bool fseg;
} LinkerFile;

typedef struct LinkerCmd {
    uint32_t command;
    char file[BIOS_LINKER_LOADER_FILESZ];   /* dest / checksummed file */
    char src[BIOS_LINKER_LOADER_FILESZ];
    uint32_t offset, start, length;
    uint8_t size;
} LinkerCmd;

struct BIOSLinker {
    GArray *files;                /* LinkerFile */
    GArray *pointers;             /* LinkerCmd */
    GArray *checksums;            /* LinkerCmd */
    GArray *script;               /* serialized, rebuilt on demand */
};

BIOSLinker *bios_linker_loader_new(void)
{
    BIOSLinker *l = g_new0(BIOSLinker, 1);

    l->files = g_array_new(false, true, sizeof(LinkerFile));
    l->pointers = g_array_new(false, true, sizeof(LinkerCmd));
    l->checksums = g_array_new(false, true, sizeof(LinkerCmd));
    l->script = g_array_new(false, true, 1);
    return l;
}

void bios_linker_loader_free(BIOSLinker *l)
{
    if (l) {
        g_array_free(l->files, true);
        g_array_free(l->pointers, true);
        g_array_free(l->checksums, true);
        g_array_free(l->script, true);
        g_free(l);
    }
}

static LinkerFile *linker_find(BIOSLinker *l, const char *name)
{
    for (guint i = 0; i < l->files->len; i++) {
        LinkerFile *f = &g_array_index(l->files, LinkerFile, i);
        if (!strcmp(f->name, name)) {
            return f;
        }
    }
    return NULL;
}

void bios_linker_loader_alloc(BIOSLinker *l, const char *file, GArray *blob,
                              uint32_t align, bool fseg)
{
    LinkerFile f = { .blob = blob, .align = align, .fseg = fseg };

    assert(strlen(file) < BIOS_LINKER_LOADER_FILESZ && !linker_find(l, file));
    assert(align && !(align & (align - 1)));
    strcpy(f.name, file);
    g_array_append_val(l->files, f);
}

void bios_linker_loader_add_pointer(BIOSLinker *l, const char *dest_file,
                                    uint32_t dest_offset, uint8_t size,
                                    const char *src_file)
{
    LinkerFile *d = linker_find(l, dest_file);
    LinkerCmd c = {
        .command = BIOS_LINKER_LOADER_COMMAND_ADD_POINTER,
        .offset = dest_offset, .size = size,
    };

    assert(d && linker_find(l, src_file));
    assert(size == 1 || size == 2 || size == 4 || size == 8);
    assert(dest_offset + size <= d->blob->len);
    strcpy(c.file, dest_file);
    strcpy(c.src, src_file);
    g_array_append_val(l->pointers, c);
}

void bios_linker_loader_add_checksum(BIOSLinker *l, const char *file,
                                     uint32_t start, uint32_t length,
                                     uint32_t checksum_offset)
{
    LinkerFile *f = linker_find(l, file);
    LinkerCmd c = {
        .command = BIOS_LINKER_LOADER_COMMAND_ADD_CHECKSUM,
        .offset = checksum_offset, .start = start, .length = length,
    };

    assert(f && start + length <= f->blob->len);
    assert(checksum_offset >= start && checksum_offset < start + length);
    strcpy(c.file, file);
    g_array_append_val(l->checksums, c);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(p, &v, 4);
}

GArray *bios_linker_loader_script(BIOSLinker *l)
{
    g_array_set_size(l->script, 0);
    for (guint i = 0; i < l->files->len; i++) {
        LinkerFile *f = &g_array_index(l->files, LinkerFile, i);
        uint8_t e[BIOS_LINKER_CMD_SIZE] = { 0 };

        put_le32(e, BIOS_LINKER_LOADER_COMMAND_ALLOCATE);
        memcpy(e + 4, f->name, strlen(f->name));
        put_le32(e + 60, f->align);
        e[64] = f->fseg ? BIOS_LINKER_LOADER_ALLOC_ZONE_FSEG
                        : BIOS_LINKER_LOADER_ALLOC_ZONE_HIGH;
        g_array_append_vals(l->script, e, sizeof(e));
    }
    for (guint i = 0; i < l->pointers->len; i++) {
        LinkerCmd *c = &g_array_index(l->pointers, LinkerCmd, i);
        uint8_t e[BIOS_LINKER_CMD_SIZE] = { 0 };

        put_le32(e, c->command);
        memcpy(e + 4, c->file, strlen(c->file));
        memcpy(e + 60, c->src, strlen(c->src));
        put_le32(e + 116, c->offset);
        e[120] = c->size;
        g_array_append_vals(l->script, e, sizeof(e));
    }
    for (guint i = 0; i < l->checksums->len; i++) {
        LinkerCmd *c = &g_array_index(l->checksums, LinkerCmd, i);
        uint8_t e[BIOS_LINKER_CMD_SIZE] = { 0 };

        put_le32(e, c->command);
        memcpy(e + 4, c->file, strlen(c->file));
        put_le32(e + 60, c->offset);
        put_le32(e + 64, c->start);
        put_le32(e + 68, c->length);
        g_array_append_vals(l->script, e, sizeof(e));
    }
    return l->script;
}

void bios_linker_loader_apply(BIOSLinker *l,
                              uint64_t (*addr_of)(const char *file,
                                                  void *opaque),
                              void *opaque)
{
    for (guint i = 0; i < l->pointers->len; i++) {
        LinkerCmd *c = &g_array_index(l->pointers, LinkerCmd, i);
        uint8_t *p = (uint8_t *)linker_find(l, c->file)->blob->data +
                     c->offset;
        uint64_t v = 0;

        for (int b = 0; b < c->size; b++) {
            v |= (uint64_t)p[b] << (8 * b);
        }
        v += addr_of(c->src, opaque);
        for (int b = 0; b < c->size; b++) {
            p[b] = v >> (8 * b);
        }
    }
    for (guint i = 0; i < l->checksums->len; i++) {
        LinkerCmd *c = &g_array_index(l->checksums, LinkerCmd, i);
        uint8_t *d = (uint8_t *)linker_find(l, c->file)->blob->data;
        uint8_t sum = 0;

        for (uint32_t b = 0; b < c->length; b++) {
            sum += d[c->start + b];
        }
        d[c->offset] -= sum;
    }
}
