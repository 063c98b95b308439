/*
 * "info mtree": the region trees of every address space (and of every
 * aliased region) or, with -f, their flattened views, in QEMU's format so
 * scripts that parse it keep working.
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "memory-internal.h"

/* Containers print as "i/o", as QEMU does. */
static const char *region_type(MemoryRegion *mr, bool readonly)
{
    while (mr->alias) {
        readonly |= mr->readonly;
        mr = mr->alias;
    }
    if (mr->rom_device) {
        return mr->romd_mode ? "romd" : "rom";
    }
    if (mr->ram) {
        return readonly || mr->readonly ? "rom" : "ram";
    }
    return "i/o";
}

static void print_range(GString *out, u128 start, u128 size)
{
    u128 last = size ? start + size - 1 : start;
    g_string_append_printf(out, "%016" PRIx64 "-%016" PRIx64,
                           (uint64_t)start, (uint64_t)last);
}

static gint by_addr_then_prio(gconstpointer a, gconstpointer b)
{
    const MemoryRegion *x = a, *y = b;

    if (x->addr != y->addr) {
        return x->addr < y->addr ? -1 : 1;
    }
    return y->priority - x->priority;
}

typedef struct MtreeOpts {
    GPtrArray *aliased;           /* alias targets still to print */
    bool disabled;                /* show disabled regions too */
} MtreeOpts;

static void mtree_print_mr(GString *out, MemoryRegion *mr, unsigned level,
                           u128 base, MtreeOpts *o)
{
    u128 start = base + mr->addr;
    GList *sorted;

    if (level > 64) {
        return;
    }
    g_string_append_printf(out, "%*s", level * 2, "");
    print_range(out, start, mr_size128(mr));
    g_string_append_printf(out, " (prio %d, %s): ", mr->priority,
                           region_type(mr, mr->readonly));
    if (mr->alias) {
        g_string_append_printf(out, "alias %s @%s ", memory_region_name(mr),
                               memory_region_name(mr->alias));
        print_range(out, mr->alias_offset, mr_size128(mr));
        if (!g_ptr_array_find(o->aliased, mr->alias, NULL)) {
            g_ptr_array_add(o->aliased, mr->alias);
        }
    } else {
        g_string_append(out, memory_region_name(mr));
    }
    if (mr->nonvolatile) {
        g_string_append(out, " nv");
    }
    if (!mr->enabled) {
        g_string_append(out, " [disabled]");
    }
    g_string_append_c(out, '\n');

    sorted = g_list_sort(g_list_copy(mr->subregions), by_addr_then_prio);
    for (GList *l = sorted; l; l = l->next) {
        MemoryRegion *sub = l->data;
        if (sub->enabled || o->disabled) {
            mtree_print_mr(out, sub, level + 1, start, o);
        }
    }
    g_list_free(sorted);
}

static void mtree_print_tree(GString *out, bool disabled)
{
    GList *spaces = memory_address_spaces();
    GPtrArray *roots = g_ptr_array_new();
    GPtrArray *aliased = g_ptr_array_new();
    MtreeOpts o = { .aliased = aliased, .disabled = disabled };

    for (GList *l = spaces; l; l = l->next) {
        AddressSpace *as = l->data;
        if (g_ptr_array_find(roots, as->root, NULL)) {
            continue;
        }
        g_ptr_array_add(roots, as->root);
        /* Spaces sharing a root print one tree. */
        for (GList *m = l; m; m = m->next) {
            AddressSpace *other = m->data;
            if (other->root == as->root) {
                g_string_append_printf(out, "address-space: %s\n",
                                       other->name);
            }
        }
        if (as->root) {
            mtree_print_mr(out, as->root, 1, 0, &o);
        }
        g_string_append_c(out, '\n');
    }
    /* Aliased regions, which may reveal more aliases as they print. */
    for (guint i = 0; i < aliased->len; i++) {
        MemoryRegion *mr = g_ptr_array_index(aliased, i);
        g_string_append_printf(out, "memory-region: %s\n",
                               memory_region_name(mr));
        mtree_print_mr(out, mr, 1, -(u128)mr->addr, &o);
        g_string_append_c(out, '\n');
    }
    g_ptr_array_free(roots, true);
    g_ptr_array_free(aliased, true);
}

static bool flatview_equal(const FlatView *a, const FlatView *b)
{
    if (!a || !b) {
        return a == b;
    }
    if (a->nr != b->nr) {
        return false;
    }
    for (unsigned i = 0; i < a->nr; i++) {
        const FlatRange *x = &a->ranges[i], *y = &b->ranges[i];
        if (x->mr != y->mr || x->addr != y->addr || x->last != y->last ||
            x->offset_in_region != y->offset_in_region ||
            x->readonly != y->readonly) {
            return false;
        }
    }
    return true;
}

/* Spaces whose views are identical print as one FlatView, as in QEMU. */
static void mtree_print_flat(GString *out)
{
    GList *spaces = memory_address_spaces();
    GPtrArray *done = g_ptr_array_new();
    unsigned n = 0;

    for (GList *l = spaces; l; l = l->next) {
        AddressSpace *as = l->data;
        FlatView *fv = as->current_map;
        bool empty = !fv || fv->nr == 0;

        if (g_ptr_array_find(done, as, NULL)) {
            continue;
        }
        g_string_append_printf(out, "FlatView #%u\n", n++);
        for (GList *m = l; m; m = m->next) {
            AddressSpace *other = m->data;
            if (other == as ||
                (!g_ptr_array_find(done, other, NULL) &&
                 flatview_equal(fv, other->current_map))) {
                g_ptr_array_add(done, other);
                g_string_append_printf(out, " AS \"%s\", root: %s\n",
                                       other->name,
                                       other->root
                                       ? memory_region_name(other->root)
                                       : "(none)");
            }
        }
        g_string_append_printf(out, " Root memory region: %s\n",
                               empty || !as->root
                               ? "(none)" : memory_region_name(as->root));
        if (empty) {
            g_string_append(out, "  No rendered FlatView\n\n");
            continue;
        }
        for (unsigned i = 0; i < fv->nr; i++) {
            FlatRange *fr = &fv->ranges[i];
            g_string_append(out, "  ");
            print_range(out, fr->addr, fr_size128(fr));
            g_string_append_printf(out, " (prio %d, %s): %s",
                                   fr->mr->priority,
                                   region_type(fr->mr, fr->readonly),
                                   memory_region_name(fr->mr));
            if (fr->offset_in_region) {
                g_string_append_printf(out, " @%016" PRIx64,
                                       fr->offset_in_region);
            }
            if (fr->nonvolatile) {
                g_string_append(out, " nv");
            }
            g_string_append_c(out, '\n');
        }
        g_string_append_c(out, '\n');
    }
    g_ptr_array_free(done, true);
}

void mtree_info_ext(GString *out, bool flatview, bool disabled)
{
    if (flatview) {
        mtree_print_flat(out);
    } else {
        mtree_print_tree(out, disabled);
    }
}

void mtree_info(GString *out, bool flatview)
{
    mtree_info_ext(out, flatview, false);
}
