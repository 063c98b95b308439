/*
 * FlatView: the MemoryRegion tree of an AddressSpace rendered into a sorted
 * array of non-overlapping ranges, rebuilt after every (batched) change. The
 * difference between the old and new view is what listeners hear.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "exec/memory.h"
#include "memory-internal.h"

/* Aliases can in principle form a cycle; no sane tree nests this deep. */
#define RENDER_MAX_DEPTH 64

static GMutex flatview_lock;          /* as->current_map swaps vs. readers */
static unsigned transaction_depth;
static bool update_pending;
static GList *address_spaces;         /* AddressSpace *, creation order */
static GList *all_listeners;          /* MemoryListener *, by priority */
bool global_dirty_log;

/* ---- rendering ---- */

static void flatview_insert(FlatView *fv, unsigned pos, const FlatRange *fr)
{
    if (fv->nr == fv->nr_alloc) {
        fv->nr_alloc = MAX(16, fv->nr_alloc * 2);
        fv->ranges = g_renew(FlatRange, fv->ranges, fv->nr_alloc);
    }
    memmove(&fv->ranges[pos + 1], &fv->ranges[pos],
            (fv->nr - pos) * sizeof(FlatRange));
    fv->ranges[pos] = *fr;
    fv->nr++;
}

/* Index of the first range whose last byte is >= addr. */
static unsigned flatview_first_ending_at_or_after(FlatView *fv, u128 addr)
{
    unsigned lo = 0, hi = fv->nr;

    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if ((u128)fv->ranges[mid].last < addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/*
 * Higher-priority regions were rendered first, so a terminating region only
 * fills the holes left in [start, end).
 */
static void render_terminating(FlatView *fv, MemoryRegion *mr, s128 base,
                               u128 start, u128 end, bool readonly,
                               bool nonvolatile)
{
    unsigned pos = flatview_first_ending_at_or_after(fv, start);
    u128 cur = start;
    FlatRange fr = {
        .mr = mr,
        .dirty_log_mask = memory_region_effective_log_mask(mr),
        .readonly = readonly,
        .nonvolatile = nonvolatile,
        .romd_mode = mr->romd_mode,
    };

    while (cur < end) {
        u128 gap_end;

        if (pos < fv->nr && fv->ranges[pos].addr <= cur) {
            cur = (u128)fv->ranges[pos].last + 1;
            pos++;
            continue;
        }
        gap_end = end;
        if (pos < fv->nr && fv->ranges[pos].addr < gap_end) {
            gap_end = fv->ranges[pos].addr;
        }
        fr.addr = (hwaddr)cur;
        fr.last = (hwaddr)(gap_end - 1);
        fr.offset_in_region = (hwaddr)((s128)cur - base);
        flatview_insert(fv, pos, &fr);
        pos++;
        cur = gap_end;
    }
}

static void render_region(FlatView *fv, MemoryRegion *mr, s128 base,
                          u128 clip_start, u128 clip_end, bool readonly,
                          bool nonvolatile, int depth)
{
    s128 rstart = base, rend = base + (s128)mr_size128(mr);
    u128 start, end;
    GList *l;

    if (!mr->enabled || depth > RENDER_MAX_DEPTH) {
        if (depth > RENDER_MAX_DEPTH) {
            error_report("memory: region '%s' nested too deep (alias loop?)",
                         memory_region_name(mr));
        }
        return;
    }
    rstart = MAX(rstart, (s128)clip_start);
    rend = MIN(rend, (s128)clip_end);
    if (rstart >= rend) {
        return;
    }
    start = (u128)rstart;
    end = (u128)rend;
    readonly |= mr->readonly;
    nonvolatile |= mr->nonvolatile;

    if (mr->alias) {
        /* The alias window [base, base+size) shows orig from alias_offset. */
        render_region(fv, mr->alias, base - (s128)mr->alias_offset, start,
                      end, readonly, nonvolatile, depth + 1);
        return;
    }
    for (l = mr->subregions; l; l = l->next) {
        MemoryRegion *sub = l->data;
        render_region(fv, sub, base + (s128)sub->addr, start, end, readonly,
                      nonvolatile, depth + 1);
    }
    if (mr->terminates) {
        render_terminating(fv, mr, base, start, end, readonly, nonvolatile);
    }
}

static bool flatrange_can_merge(const FlatRange *a, const FlatRange *b)
{
    return a->mr == b->mr
        && (u128)a->last + 1 == b->addr
        && (u128)a->offset_in_region + fr_size128(a) == b->offset_in_region
        && a->readonly == b->readonly
        && a->nonvolatile == b->nonvolatile
        && a->romd_mode == b->romd_mode
        && a->dirty_log_mask == b->dirty_log_mask;
}

/* Pieces of one region split only by since-vanished neighbours merge. */
static void flatview_simplify(FlatView *fv)
{
    unsigned i, out = 0;

    for (i = 0; i < fv->nr; i++) {
        if (out && flatrange_can_merge(&fv->ranges[out - 1],
                                       &fv->ranges[i])) {
            fv->ranges[out - 1].last = fv->ranges[i].last;
        } else {
            fv->ranges[out++] = fv->ranges[i];
        }
    }
    fv->nr = out;
}

FlatView *flatview_render(MemoryRegion *root)
{
    static uint64_t next_gen;
    FlatView *fv = g_new0(FlatView, 1);
    unsigned i;

    fv->ref = 1;
    fv->gen = __atomic_add_fetch(&next_gen, 1, __ATOMIC_RELAXED);
    fv->root = root;
    if (root) {
        render_region(fv, root, 0, 0, U128_2_64, false, false, 0);
    }
    flatview_simplify(fv);
    /* Owners stay alive while a view can dispatch to their regions. */
    for (i = 0; i < fv->nr; i++) {
        memory_region_ref(fv->ranges[i].mr);
    }
    return fv;
}

void flatview_ref(FlatView *fv)
{
    __atomic_fetch_add(&fv->ref, 1, __ATOMIC_RELAXED);
}

void flatview_unref(FlatView *fv)
{
    unsigned i;

    if (!fv || __atomic_sub_fetch(&fv->ref, 1, __ATOMIC_ACQ_REL) != 0) {
        return;
    }
    for (i = 0; i < fv->nr; i++) {
        memory_region_unref(fv->ranges[i].mr);
    }
    g_free(fv->ranges);
    g_free(fv);
}

FlatRange *flatview_lookup(FlatView *fv, hwaddr addr)
{
    unsigned i = flatview_first_ending_at_or_after(fv, addr);

    if (i < fv->nr && fv->ranges[i].addr <= addr) {
        return &fv->ranges[i];
    }
    return NULL;
}

FlatRange *flatview_next_after(FlatView *fv, hwaddr addr)
{
    unsigned i = flatview_first_ending_at_or_after(fv, addr);

    while (i < fv->nr && fv->ranges[i].addr <= addr) {
        i++;
    }
    return i < fv->nr ? &fv->ranges[i] : NULL;
}

MemoryRegionSection flatrange_to_section(FlatView *fv, const FlatRange *fr)
{
    return (MemoryRegionSection) {
        .size = fr->last - fr->addr + 1,      /* 0 for the whole 2^64 */
        .mr = fr->mr,
        .fv = fv,
        .offset_within_region = fr->offset_in_region,
        .offset_within_address_space = fr->addr,
        .readonly = fr->readonly,
        .nonvolatile = fr->nonvolatile,
    };
}

/*
 * Per-thread view cache. Every address_space_* access gets the current
 * view, vCPU threads included (page walks, port I/O): instead of the
 * mutex plus two reference-count updates on a line all threads share,
 * each thread keeps a reference to the views it used last in slots of
 * its own. get takes the reference out of the slot and checks it is
 * still current; put stores it back. The writer, after installing a new
 * view, empties every thread's slots and drops what it took, so an idle
 * thread keeps no old view (and no device memory) alive. A reader
 * putting a view back as it is replaced cannot keep it either: both
 * sides exchange the slot, then look at the other side's data
 * (current_map), and sequentially consistent atomics make at least one
 * of them see the other's store.
 */
#define VIEW_SLOTS 2

typedef struct ViewCache {
    struct {
        AddressSpace *as;             /* written by the owner thread only */
        FlatView *fv;                 /* owned reference or NULL; atomic */
    } slot[VIEW_SLOTS];
    unsigned victim;
    struct ViewCache *next;           /* in view_caches */
} ViewCache;

static GMutex view_cache_lock;        /* view_caches; leaf lock */
static ViewCache *view_caches;
static __thread ViewCache *view_cache_self;

static void view_cache_thread_exit(gpointer opaque)
{
    ViewCache *c = opaque, **p;

    view_cache_self = NULL;           /* runs on the exiting thread */
    g_mutex_lock(&view_cache_lock);
    for (p = &view_caches; *p; p = &(*p)->next) {
        if (*p == c) {
            *p = c->next;
            break;
        }
    }
    g_mutex_unlock(&view_cache_lock);
    for (int i = 0; i < VIEW_SLOTS; i++) {
        flatview_unref(__atomic_exchange_n(&c->slot[i].fv, NULL,
                                           __ATOMIC_SEQ_CST));
    }
    g_free(c);
}

static GPrivate view_cache_key = G_PRIVATE_INIT(view_cache_thread_exit);

static ViewCache *view_cache_get(void)
{
    ViewCache *c = view_cache_self;

    if (!c) {
        c = g_new0(ViewCache, 1);
        g_mutex_lock(&view_cache_lock);
        c->next = view_caches;
        view_caches = c;
        g_mutex_unlock(&view_cache_lock);
        g_private_set(&view_cache_key, c);
        view_cache_self = c;
    }
    return c;
}

/* Empties every thread's slots into old (views to drop later: dropping
 * one may finalize an owner). Called by the writer after a swap. */
static void view_caches_sweep(GPtrArray *old)
{
    g_mutex_lock(&view_cache_lock);
    for (ViewCache *c = view_caches; c; c = c->next) {
        for (int i = 0; i < VIEW_SLOTS; i++) {
            FlatView *fv = __atomic_exchange_n(&c->slot[i].fv, NULL,
                                               __ATOMIC_SEQ_CST);
            if (fv) {
                g_ptr_array_add(old, fv);
            }
        }
    }
    g_mutex_unlock(&view_cache_lock);
}

FlatView *address_space_get_flatview(AddressSpace *as)
{
    ViewCache *c = view_cache_get();
    FlatView *fv;

    for (int i = 0; i < VIEW_SLOTS; i++) {
        if (c->slot[i].as == as) {
            fv = __atomic_exchange_n(&c->slot[i].fv, NULL, __ATOMIC_SEQ_CST);
            /* Our reference keeps fv alive, so equal means current. */
            if (fv && fv == __atomic_load_n(&as->current_map,
                                            __ATOMIC_SEQ_CST)) {
                return fv;
            }
            flatview_unref(fv);
            break;
        }
    }
    g_mutex_lock(&flatview_lock);
    fv = as->current_map;
    if (fv) {
        flatview_ref(fv);
    }
    g_mutex_unlock(&flatview_lock);
    return fv;
}

void address_space_put_flatview(AddressSpace *as, FlatView *fv)
{
    ViewCache *c = view_cache_get();
    int i;

    if (!fv) {
        return;
    }
    for (i = 0; i < VIEW_SLOTS && c->slot[i].as != as; i++) {
    }
    if (i == VIEW_SLOTS) {
        i = c->victim++ % VIEW_SLOTS;
        c->slot[i].as = as;
    }
    /* A nested get (an MMIO callback accessing memory) may have filled
     * the slot meanwhile: keep one reference. */
    flatview_unref(__atomic_exchange_n(&c->slot[i].fv, fv, __ATOMIC_SEQ_CST));
    if (__atomic_load_n(&as->current_map, __ATOMIC_SEQ_CST) != fv) {
        /* Replaced meanwhile; the writer may have missed our slot. */
        flatview_unref(__atomic_exchange_n(&c->slot[i].fv, NULL,
                                           __ATOMIC_SEQ_CST));
    }
}

FlatView *address_space_to_flatview(AddressSpace *as)
{
    return as->current_map;
}

void flatview_for_each_range(FlatView *fv,
                             bool (*cb)(hwaddr start, hwaddr len,
                                        MemoryRegion *mr,
                                        hwaddr offset_in_region,
                                        void *opaque),
                             void *opaque)
{
    unsigned i;

    for (i = 0; fv && i < fv->nr; i++) {
        FlatRange *fr = &fv->ranges[i];
        if (cb(fr->addr, fr->last - fr->addr + 1, fr->mr,
               fr->offset_in_region, opaque)) {
            break;
        }
    }
}

/* ---- listeners ---- */

typedef enum { FORWARD, REVERSE } ListenerOrder;

#define FOR_EACH_LISTENER(list, l, order) \
    for (GList *_it = (order) == FORWARD ? (list) : g_list_last(list); \
         _it && ((l) = _it->data, 1); \
         _it = (order) == FORWARD ? _it->next : _it->prev)

static void as_call_begin(AddressSpace *as)
{
    MemoryListener *l;
    FOR_EACH_LISTENER(as->listeners, l, FORWARD) {
        if (l->begin) {
            l->begin(l);
        }
    }
}

static void as_call_commit(AddressSpace *as)
{
    MemoryListener *l;
    FOR_EACH_LISTENER(as->listeners, l, FORWARD) {
        if (l->commit) {
            l->commit(l);
        }
    }
}

static bool flatrange_same(const FlatRange *a, const FlatRange *b)
{
    return a->mr == b->mr && a->addr == b->addr && a->last == b->last
        && a->offset_in_region == b->offset_in_region
        && a->readonly == b->readonly && a->nonvolatile == b->nonvolatile
        && a->romd_mode == b->romd_mode;
}

static void notify_log_change(AddressSpace *as, MemoryRegionSection *sec,
                              uint8_t old_mask, uint8_t new_mask)
{
    MemoryListener *l;

    if (old_mask & ~new_mask) {
        FOR_EACH_LISTENER(as->listeners, l, REVERSE) {
            if (l->log_stop) {
                l->log_stop(l, sec, old_mask, new_mask);
            }
        }
    }
    if (new_mask & ~old_mask) {
        FOR_EACH_LISTENER(as->listeners, l, FORWARD) {
            if (l->log_start) {
                l->log_start(l, sec, old_mask, new_mask);
            }
        }
    }
}

/*
 * Walks both sorted views in step. The first pass reports the ranges that
 * disappeared (region_del, listeners in reverse); the second the unchanged
 * ones (region_nop, plus log_start/stop if only the log mask moved) and the
 * new ones (region_add). Deleting everything first lets a listener reuse
 * resources (KVM slots) for the additions.
 */
static void update_topology_pass(AddressSpace *as, FlatView *old_view,
                                 FlatView *new_view, bool adding)
{
    unsigned io = 0, in = 0;
    unsigned old_nr = old_view ? old_view->nr : 0;
    MemoryListener *l;

    while (io < old_nr || in < new_view->nr) {
        FlatRange *o = io < old_nr ? &old_view->ranges[io] : NULL;
        FlatRange *n = in < new_view->nr ? &new_view->ranges[in] : NULL;
        MemoryRegionSection sec;

        if (o && n && flatrange_same(o, n)) {
            if (adding) {
                sec = flatrange_to_section(new_view, n);
                FOR_EACH_LISTENER(as->listeners, l, FORWARD) {
                    if (l->region_nop) {
                        l->region_nop(l, &sec);
                    }
                }
                if (o->dirty_log_mask != n->dirty_log_mask) {
                    notify_log_change(as, &sec, o->dirty_log_mask,
                                      n->dirty_log_mask);
                }
            }
            io++;
            in++;
        } else if (o && (!n || o->addr < n->addr ||
                         (o->addr == n->addr && !flatrange_same(o, n)))) {
            if (!adding) {
                sec = flatrange_to_section(old_view, o);
                FOR_EACH_LISTENER(as->listeners, l, REVERSE) {
                    if (l->region_del) {
                        l->region_del(l, &sec);
                    }
                }
            }
            io++;
        } else {
            if (adding) {
                sec = flatrange_to_section(new_view, n);
                FOR_EACH_LISTENER(as->listeners, l, FORWARD) {
                    if (l->region_add) {
                        l->region_add(l, &sec);
                    }
                }
                if (n->dirty_log_mask) {
                    notify_log_change(as, &sec, 0, n->dirty_log_mask);
                }
            }
            in++;
        }
    }
}

/* Installs a fresh view; returns the old one for the caller to drop. */
static FlatView *address_space_update(AddressSpace *as)
{
    FlatView *new_view = flatview_render(as->root);
    FlatView *old_view = as->current_map;

    if (as->listeners) {
        as_call_begin(as);
        update_topology_pass(as, old_view, new_view, false);
        update_topology_pass(as, old_view, new_view, true);
        as_call_commit(as);
    }
    g_mutex_lock(&flatview_lock);
    __atomic_store_n(&as->current_map, new_view, __ATOMIC_SEQ_CST);
    g_mutex_unlock(&flatview_lock);
    return old_view;
}

void memory_region_transaction_begin(void)
{
    transaction_depth++;
}

void memory_region_transaction_commit(void)
{
    assert(transaction_depth > 0);
    if (--transaction_depth > 0) {
        return;
    }
    while (update_pending) {
        GPtrArray *old_views = g_ptr_array_new();
        GList *l;

        update_pending = false;
        /* Changes made by listeners only mark the topology pending. */
        transaction_depth++;
        for (l = address_spaces; l; l = l->next) {
            g_ptr_array_add(old_views, address_space_update(l->data));
        }
        transaction_depth--;
        view_caches_sweep(old_views);
        /* Dropping views may finalize owners, which may change the tree:
         * safe now, and caught by the loop. */
        for (guint i = 0; i < old_views->len; i++) {
            flatview_unref(g_ptr_array_index(old_views, i));
        }
        g_ptr_array_free(old_views, true);
    }
}

void memory_region_update_pending_set(void)
{
    update_pending = true;
    if (transaction_depth == 0) {
        memory_region_transaction_begin();
        memory_region_transaction_commit();
    }
}

static GList *insert_by_priority(GList *list, MemoryListener *listener)
{
    GList *l;

    for (l = list; l; l = l->next) {
        MemoryListener *other = l->data;
        if (other->priority > listener->priority) {
            break;
        }
    }
    return g_list_insert_before(list, l, listener);
}

void memory_listener_register(MemoryListener *listener, AddressSpace *as)
{
    FlatView *fv = as->current_map;

    listener->address_space = as;
    as->listeners = insert_by_priority(as->listeners, listener);
    all_listeners = insert_by_priority(all_listeners, listener);
    if (global_dirty_log && listener->log_global_start) {
        listener->log_global_start(listener);
    }
    if (listener->begin) {
        listener->begin(listener);
    }
    for (unsigned i = 0; fv && i < fv->nr; i++) {
        MemoryRegionSection sec = flatrange_to_section(fv, &fv->ranges[i]);
        if (listener->region_add) {
            listener->region_add(listener, &sec);
        }
        if (fv->ranges[i].dirty_log_mask && listener->log_start) {
            listener->log_start(listener, &sec, 0,
                                fv->ranges[i].dirty_log_mask);
        }
    }
    if (listener->commit) {
        listener->commit(listener);
    }
}

void memory_listener_unregister(MemoryListener *listener)
{
    AddressSpace *as = listener->address_space;
    FlatView *fv;

    if (!as) {
        return;
    }
    fv = as->current_map;
    if (listener->begin) {
        listener->begin(listener);
    }
    for (unsigned i = 0; fv && i < fv->nr; i++) {
        MemoryRegionSection sec = flatrange_to_section(fv, &fv->ranges[i]);
        if (listener->region_del) {
            listener->region_del(listener, &sec);
        }
    }
    if (listener->commit) {
        listener->commit(listener);
    }
    as->listeners = g_list_remove(as->listeners, listener);
    all_listeners = g_list_remove(all_listeners, listener);
    listener->address_space = NULL;
}

/* ---- global dirty logging ---- */

bool memory_global_dirty_log_enabled(void)
{
    return global_dirty_log;
}

void memory_global_dirty_log_start(void)
{
    MemoryListener *l;

    if (global_dirty_log) {
        return;
    }
    global_dirty_log = true;
    FOR_EACH_LISTENER(all_listeners, l, FORWARD) {
        if (l->log_global_start) {
            l->log_global_start(l);
        }
    }
    /* RAM sections gain DIRTY_MEMORY_MIGRATION: listeners see log_start. */
    memory_region_update_pending_set();
}

void memory_global_dirty_log_stop(void)
{
    MemoryListener *l;

    if (!global_dirty_log) {
        return;
    }
    global_dirty_log = false;
    memory_region_update_pending_set();
    FOR_EACH_LISTENER(all_listeners, l, REVERSE) {
        if (l->log_global_stop) {
            l->log_global_stop(l);
        }
    }
}

void memory_global_dirty_log_sync(void)
{
    for (GList *a = address_spaces; a; a = a->next) {
        AddressSpace *as = a->data;
        FlatView *fv = as->current_map;
        MemoryListener *l;

        FOR_EACH_LISTENER(as->listeners, l, FORWARD) {
            if (!l->log_sync) {
                continue;
            }
            for (unsigned i = 0; fv && i < fv->nr; i++) {
                if (fv->ranges[i].dirty_log_mask) {
                    MemoryRegionSection sec =
                        flatrange_to_section(fv, &fv->ranges[i]);
                    l->log_sync(l, &sec);
                }
            }
        }
    }
}

/* ---- address spaces ---- */

GList *memory_address_spaces(void)
{
    return address_spaces;
}

void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name)
{
    memset(as, 0, sizeof(*as));
    as->name = g_strdup(name ? name : "anonymous");
    as->root = root;
    as->current_map = flatview_render(root);
    address_spaces = g_list_append(address_spaces, as);
}

void address_space_destroy(AddressSpace *as)
{
    GPtrArray *old;
    FlatView *fv;

    while (as->listeners) {
        memory_listener_unregister(as->listeners->data);
    }
    address_spaces = g_list_remove(address_spaces, as);
    g_mutex_lock(&flatview_lock);
    fv = as->current_map;
    __atomic_store_n(&as->current_map, NULL, __ATOMIC_SEQ_CST);
    g_mutex_unlock(&flatview_lock);
    old = g_ptr_array_new();
    view_caches_sweep(old);
    flatview_unref(fv);
    for (guint i = 0; i < old->len; i++) {
        flatview_unref(g_ptr_array_index(old, i));
    }
    g_ptr_array_free(old, true);
    g_clear_pointer(&as->name, g_free);
}

MemoryRegionSection memory_region_find(MemoryRegion *mr, hwaddr addr,
                                       uint64_t size)
{
    MemoryRegionSection ret = { 0 };
    MemoryRegion *root = mr;
    AddressSpace *as = NULL;
    FlatView *fv;
    FlatRange *fr;
    u128 abs = addr, end, start, stop;

    while (root->container) {
        abs += root->addr;
        root = root->container;
    }
    if (abs >= U128_2_64) {
        return ret;
    }
    end = abs + (size ? size : 1);
    end = end > U128_2_64 ? U128_2_64 : end;
    for (GList *l = address_spaces; l; l = l->next) {
        if (((AddressSpace *)l->data)->root == root) {
            as = l->data;
            break;
        }
    }
    fv = as ? address_space_get_flatview(as) : flatview_render(root);
    fr = flatview_lookup(fv, (hwaddr)abs);
    if (!fr) {
        fr = flatview_next_after(fv, (hwaddr)abs);
        if (fr && fr->addr >= end) {
            fr = NULL;
        }
    }
    if (fr) {
        start = MAX(abs, (u128)fr->addr);
        stop = MIN(end, (u128)fr->last + 1);
        ret.mr = fr->mr;
        ret.fv = as ? fv : NULL;      /* a temporary view dies below */
        ret.offset_within_region = fr->offset_in_region + (start - fr->addr);
        ret.offset_within_address_space = (hwaddr)start;
        ret.size = (uint64_t)(stop - start);
        ret.readonly = fr->readonly;
        ret.nonvolatile = fr->nonvolatile;
    }
    if (as) {
        address_space_put_flatview(as, fv);
    } else {
        flatview_unref(fv);
    }
    return ret;
}

/* ---- the global spaces ---- */

static MemoryRegion system_memory;
static MemoryRegion system_io;
AddressSpace address_space_memory;
AddressSpace address_space_io;

/* Before main() so no caller can see an uninitialised space. */
static void __attribute__((constructor)) memory_map_init(void)
{
    memory_region_init(&system_memory, NULL, "system", UINT64_MAX);
    address_space_init(&address_space_memory, &system_memory, "memory");
    memory_region_init(&system_io, NULL, "io", 64 * KiB);
    address_space_init(&address_space_io, &system_io, "I/O");
}

MemoryRegion *get_system_memory(void)
{
    return &system_memory;
}

MemoryRegion *get_system_io(void)
{
    return &system_io;
}
