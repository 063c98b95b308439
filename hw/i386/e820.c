/*
 * The e820 memory map the pc board describes to firmware (fw_cfg
 * "etc/e820", key 0x8003) and to directly booted kernels (boot_params,
 * multiboot mmap, PVH memmap).
 *
 * Entries are kept sorted and non-overlapping: a new entry takes over the
 * part of older entries it covers (the board adds RAM first, then carves
 * reserved or ACPI ranges out of it), and adjacent entries of one type
 * merge.
 */
#include "qemu/osdep.h"
#include "hw/i386/pc.h"
#include "hw/i386/x86-boot.h"

static GArray *e820_table;   /* E820Entry, host-endian */

static GArray *e820_table_get(void)
{
    if (!e820_table) {
        e820_table = g_array_new(false, true, sizeof(E820Entry));
    }
    return e820_table;
}

static void e820_merge(GArray *t)
{
    for (guint i = 0; i + 1 < t->len; ) {
        E820Entry *a = &g_array_index(t, E820Entry, i);
        E820Entry *b = &g_array_index(t, E820Entry, i + 1);

        if (a->type == b->type && a->address + a->length == b->address) {
            a->length += b->length;
            g_array_remove_index(t, i + 1);
        } else {
            i++;
        }
    }
}

void e820_add_entry(uint64_t address, uint64_t length, uint32_t type)
{
    GArray *t = e820_table_get();
    uint64_t end;
    E820Entry n = { .address = address, .length = length, .type = type };
    guint i;

    if (!length) {
        return;
    }
    /* Clamp rather than wrap at the top of the 64-bit space. */
    if (address + length < address) {
        length = n.length = UINT64_MAX - address;
    }
    end = address + length;

    /* Cut [address, end) out of every existing entry. */
    for (i = 0; i < t->len; ) {
        E820Entry *e = &g_array_index(t, E820Entry, i);
        uint64_t e_end = e->address + e->length;

        if (e_end <= address || e->address >= end) {
            i++;
            continue;
        }
        if (e->address < address && e_end > end) {
            /* Split: keep the head here, insert the tail after it. */
            E820Entry tail = { end, e_end - end, e->type };
            e->length = address - e->address;
            g_array_insert_val(t, i + 1, tail);
            i += 2;
        } else if (e->address < address) {
            e->length = address - e->address;
            i++;
        } else if (e_end > end) {
            e->length = e_end - end;
            e->address = end;
            i++;
        } else {
            g_array_remove_index(t, i);
        }
    }
    for (i = 0; i < t->len; i++) {
        if (g_array_index(t, E820Entry, i).address > address) {
            break;
        }
    }
    g_array_insert_val(t, i, n);
    e820_merge(t);
}

int e820_get_num_entries(void)
{
    return e820_table_get()->len;
}

bool e820_get_entry(int idx, uint32_t type, uint64_t *address,
                    uint64_t *length)
{
    GArray *t = e820_table_get();
    E820Entry *e;

    if (idx < 0 || idx >= (int)t->len) {
        return false;
    }
    e = &g_array_index(t, E820Entry, idx);
    if (e->type != type) {
        return false;
    }
    *address = e->address;
    *length = e->length;
    return true;
}

const E820Entry *e820_entries(int *count)
{
    GArray *t = e820_table_get();

    *count = t->len;
    return (const E820Entry *)t->data;
}

void e820_reset_table(void)
{
    if (e820_table) {
        g_array_set_size(e820_table, 0);
    }
}

uint8_t *e820_to_blob(size_t *size)
{
    int n;
    const E820Entry *e = e820_entries(&n);
    uint8_t *blob = g_malloc0(n * 20 + 1);

    for (int i = 0; i < n; i++) {
        uint64_t a = GUINT64_TO_LE(e[i].address);
        uint64_t l = GUINT64_TO_LE(e[i].length);
        uint32_t t = GUINT32_TO_LE(e[i].type);

        memcpy(blob + i * 20, &a, 8);
        memcpy(blob + i * 20 + 8, &l, 8);
        memcpy(blob + i * 20 + 16, &t, 4);
    }
    *size = n * 20;
    return blob;
}

uint64_t e820_ram_below(uint64_t limit)
{
    int n;
    const E820Entry *e = e820_entries(&n);
    uint64_t top = 0;

    for (int i = 0; i < n; i++) {
        if (e[i].type == E820_RAM && e[i].address < limit) {
            top = MAX(top, MIN(e[i].address + e[i].length, limit));
        }
    }
    return top;
}
