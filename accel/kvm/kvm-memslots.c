/*
 * KVM memory slots follow the FlatView of address_space_memory: each RAM
 * (or ROM, or ROM device in romd mode) section becomes a slot, trimmed to
 * host pages; ROM is KVM_MEM_READONLY so guest writes exit as MMIO and
 * reach the memory API, which drops them. The table grows as needed, up
 * to KVM_CAP_NR_MEMSLOTS. Dirty logging is per slot, switched on by the
 * memory API's log_start/log_stop, and read with KVM_GET_DIRTY_LOG
 * (KVM_CLEAR_DIRTY_LOG with manual protect) or from the dirty rings.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "accel/kvm/kvm-internal.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"

#define BITS_PER_LONG (sizeof(unsigned long) * 8)

void kvm_slots_init(KVMSlotTable *t, unsigned max_slots,
                    int (*set_region)(void *, const KVMSlot *, bool),
                    void *opaque)
{
    t->by_start = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                        g_free);
    t->max_slots = max_slots;
    t->used_ids = g_new0(unsigned long,
                         DIV_ROUND_UP(max_slots, BITS_PER_LONG));
    t->nr_used = 0;
    t->peak = 0;
    t->set_region = set_region;
    t->opaque = opaque;
}

void kvm_slots_destroy(KVMSlotTable *t)
{
    g_hash_table_destroy(t->by_start);
    t->by_start = NULL;
    g_free(t->used_ids);
    t->used_ids = NULL;
    t->nr_used = 0;
}

static int slot_id_alloc(KVMSlotTable *t)
{
    for (unsigned w = 0; w < DIV_ROUND_UP(t->max_slots, BITS_PER_LONG);
         w++) {
        if (t->used_ids[w] != ~0UL) {
            unsigned b = __builtin_ctzl(~t->used_ids[w]);
            unsigned id = w * BITS_PER_LONG + b;

            if (id >= t->max_slots) {
                break;
            }
            t->used_ids[w] |= 1UL << b;
            return id;
        }
    }
    return -1;
}

static void slot_id_free(KVMSlotTable *t, unsigned id)
{
    t->used_ids[id / BITS_PER_LONG] &= ~(1UL << (id % BITS_PER_LONG));
}

/* What KVM should map of a section: [start, start+size), host pointer. */
static bool section_to_range(MemoryRegionSection *sec, uint64_t page_size,
                             hwaddr *start, uint64_t *size, void **host,
                             hwaddr *offset, uint32_t *flags)
{
    MemoryRegion *mr = sec->mr;
    hwaddr sec_start = sec->offset_within_address_space;
    uint64_t sec_size = sec->size;
    hwaddr s, e, delta;
    uint8_t *ptr;

    if (!mr || !sec_size) {
        return false;
    }
    if (mr->rom_device) {
        if (!mr->romd_mode) {
            return false;       /* reads go to the device: MMIO */
        }
    } else if (!memory_region_is_ram(mr)) {
        return false;
    }
    ptr = memory_region_get_ram_ptr(mr);
    if (!ptr) {
        return false;
    }
    s = QEMU_ALIGN_UP(sec_start, page_size);
    e = QEMU_ALIGN_DOWN(sec_start + sec_size, page_size);
    if (e <= s) {
        return false;           /* sub-page RAM: served through exits */
    }
    delta = s - sec_start;
    *start = s;
    *size = e - s;
    *offset = sec->offset_within_region + delta;
    *host = ptr + *offset;
    if ((uintptr_t)*host & (page_size - 1)) {
        return false;           /* host and guest pages not congruent */
    }
    *flags = 0;
    if (mr->readonly || mr->rom_device || sec->readonly) {
        *flags |= KVM_MEM_READONLY;
    }
    if (mr->dirty_log_mask) {
        *flags |= KVM_MEM_LOG_DIRTY_PAGES;
    }
    return true;
}

int kvm_slots_add_section(KVMSlotTable *t, MemoryRegionSection *sec,
                          uint64_t page_size, Error **errp)
{
    hwaddr start, offset;
    uint64_t size;
    void *host;
    uint32_t flags;
    KVMSlot *slot;
    int id, r;

    if (!section_to_range(sec, page_size, &start, &size, &host, &offset,
                          &flags)) {
        return 0;
    }
    id = slot_id_alloc(t);
    if (id < 0) {
        error_setg(errp, "kvm: out of memory slots (the host allows %u) "
                   "mapping '%s' at 0x%" PRIx64, t->max_slots,
                   memory_region_name(sec->mr), start);
        return -ENOSPC;
    }
    slot = g_new0(KVMSlot, 1);
    slot->id = id;
    slot->start = start;
    slot->size = size;
    slot->host = host;
    slot->flags = flags;
    slot->mr = sec->mr;
    slot->offset_in_mr = offset;
    r = t->set_region ? t->set_region(t->opaque, slot, false) : 0;
    if (r < 0) {
        error_setg_errno(errp, -r, "kvm: KVM_SET_USER_MEMORY_REGION for "
                         "'%s' at 0x%" PRIx64 " size 0x%" PRIx64 " failed",
                         memory_region_name(sec->mr), start, size);
        slot_id_free(t, id);
        g_free(slot);
        return r;
    }
    g_hash_table_replace(t->by_start, &slot->start, slot);
    t->nr_used++;
    t->peak = MAX(t->peak, t->nr_used);
    return 1;
}

KVMSlot *kvm_slots_find_section(KVMSlotTable *t, MemoryRegionSection *sec,
                                uint64_t page_size)
{
    hwaddr start, offset;
    uint64_t size;
    void *host;
    uint32_t flags;
    KVMSlot *slot;

    if (!section_to_range(sec, page_size, &start, &size, &host, &offset,
                          &flags)) {
        return NULL;
    }
    slot = g_hash_table_lookup(t->by_start, &start);
    return slot && slot->size == size ? slot : NULL;
}

int kvm_slots_del_section(KVMSlotTable *t, MemoryRegionSection *sec,
                          uint64_t page_size)
{
    KVMSlot *slot = kvm_slots_find_section(t, sec, page_size);
    int r;

    if (!slot) {
        return 0;
    }
    r = t->set_region ? t->set_region(t->opaque, slot, true) : 0;
    if (r < 0) {
        error_report("kvm: deleting memory slot %u at 0x%" PRIx64
                     " failed: %s", slot->id, slot->start, strerror(-r));
    }
    slot_id_free(t, slot->id);
    t->nr_used--;
    g_hash_table_remove(t->by_start, &slot->start);
    return 1;
}

int kvm_slots_set_flags(KVMSlotTable *t, KVMSlot *slot, uint32_t flags)
{
    uint32_t old = slot->flags;
    int r;

    if (old == flags) {
        return 0;
    }
    slot->flags = flags;
    r = t->set_region ? t->set_region(t->opaque, slot, false) : 0;
    if (r < 0) {
        slot->flags = old;
    }
    return r;
}

typedef struct FindId {
    uint32_t id;
    KVMSlot *found;
} FindId;

static void find_id(gpointer key, gpointer value, gpointer opaque)
{
    FindId *f = opaque;

    if (((KVMSlot *)value)->id == f->id) {
        f->found = value;
    }
}

KVMSlot *kvm_slots_by_id(KVMSlotTable *t, uint32_t id)
{
    FindId f = { .id = id };

    g_hash_table_foreach(t->by_start, find_id, &f);
    return f.found;
}

/* ------------------------------------------------------------------ */
/* Dirty logging                                                       */

static void mark_dirty_bitmap(KVMSlot *slot, const unsigned long *bmap)
{
    uint64_t pages = slot->size / TARGET_PAGE_SIZE;

    for (uint64_t w = 0; w < DIV_ROUND_UP(pages, BITS_PER_LONG); w++) {
        unsigned long bits = bmap[w];

        while (bits) {
            unsigned b = __builtin_ctzl(bits);
            uint64_t page = w * BITS_PER_LONG + b;

            bits &= bits - 1;
            memory_region_set_dirty(slot->mr, slot->offset_in_mr +
                                    page * TARGET_PAGE_SIZE,
                                    TARGET_PAGE_SIZE);
        }
    }
}

static void kvm_slot_sync_dirty(KVMState *s, KVMSlot *slot)
{
    uint64_t pages = slot->size / TARGET_PAGE_SIZE;
    size_t len = DIV_ROUND_UP(pages, 64) * 8;
    g_autofree unsigned long *bmap = g_malloc0(len);
    struct kvm_dirty_log log = { .slot = slot->id, .dirty_bitmap = bmap };
    int r;

    if (!(slot->flags & KVM_MEM_LOG_DIRTY_PAGES)) {
        return;
    }
    r = kvm_vm_ioctl(s, KVM_GET_DIRTY_LOG, &log);
    if (r < 0) {
        error_report("kvm: KVM_GET_DIRTY_LOG for slot %u failed: %s",
                     slot->id, strerror(-r));
        return;
    }
    mark_dirty_bitmap(slot, bmap);
    if (s->manual_dirty_protect) {
        struct kvm_clear_dirty_log clear = {
            .slot = slot->id,
            .first_page = 0,
            .num_pages = pages,
            .dirty_bitmap = bmap,
        };

        /* num_pages must be a multiple of 64 unless it ends the slot. */
        r = kvm_vm_ioctl(s, KVM_CLEAR_DIRTY_LOG, &clear);
        if (r < 0) {
            error_report("kvm: KVM_CLEAR_DIRTY_LOG for slot %u failed: %s",
                         slot->id, strerror(-r));
        }
    }
}

/* Harvests every vCPU's ring; BQL held. */
void kvm_dirty_ring_reap(KVMState *s)
{
    CPUState *cpu;
    uint32_t entries = s->dirty_ring_size;

    if (!s->dirty_ring_on || !cpu_list) {
        return;
    }
    CPU_FOREACH(cpu) {
        KVMVcpu *v = kvm_vcpu(cpu);

        if (!v || !v->ring) {
            continue;
        }
        for (;;) {
            struct kvm_dirty_gfn *g = &v->ring[v->ring_next % entries];
            uint32_t flags = __atomic_load_n(&g->flags, __ATOMIC_ACQUIRE);
            KVMSlot *slot;

            if (!(flags & KVM_DIRTY_GFN_F_DIRTY)) {
                break;
            }
            slot = kvm_slots_by_id(&s->slots, g->slot & 0xffff);
            if (slot && g->offset < slot->size / TARGET_PAGE_SIZE) {
                memory_region_set_dirty(slot->mr, slot->offset_in_mr +
                                        g->offset * TARGET_PAGE_SIZE,
                                        TARGET_PAGE_SIZE);
            }
            __atomic_store_n(&g->flags, KVM_DIRTY_GFN_F_RESET,
                             __ATOMIC_RELEASE);
            v->ring_next++;
        }
    }
    kvm_vm_ioctl(s, KVM_RESET_DIRTY_RINGS, NULL);
}

/* ------------------------------------------------------------------ */
/* The listener                                                        */

static KVMState *listener_state(MemoryListener *l)
{
    return container_of(l, KVMState, mem_listener);
}

static void kvm_region_add(MemoryListener *l, MemoryRegionSection *sec)
{
    KVMState *s = listener_state(l);
    Error *err = NULL;

    if (kvm_slots_add_section(&s->slots, sec, qemu_real_host_page_size,
                              &err) < 0) {
        /* The guest cannot run without its RAM. */
        error_report_err(err);
        abort();
    }
}

static void kvm_region_del(MemoryListener *l, MemoryRegionSection *sec)
{
    KVMState *s = listener_state(l);
    KVMSlot *slot = kvm_slots_find_section(&s->slots, sec,
                                           qemu_real_host_page_size);

    /* Pages dirtied until now must not be lost (migration). */
    if (slot && (slot->flags & KVM_MEM_LOG_DIRTY_PAGES)) {
        if (s->dirty_ring_on) {
            kvm_dirty_ring_reap(s);
        } else {
            kvm_slot_sync_dirty(s, slot);
        }
    }
    kvm_slots_del_section(&s->slots, sec, qemu_real_host_page_size);
}

static void kvm_log_change(MemoryListener *l, MemoryRegionSection *sec,
                           bool on)
{
    KVMState *s = listener_state(l);
    KVMSlot *slot = kvm_slots_find_section(&s->slots, sec,
                                           qemu_real_host_page_size);
    uint32_t flags;
    int r;

    if (!slot) {
        return;
    }
    flags = on ? slot->flags | KVM_MEM_LOG_DIRTY_PAGES
               : slot->flags & ~KVM_MEM_LOG_DIRTY_PAGES;
    if (!on && (slot->flags & KVM_MEM_LOG_DIRTY_PAGES)) {
        kvm_slot_sync_dirty(s, slot);
    }
    r = kvm_slots_set_flags(&s->slots, slot, flags);
    if (r < 0) {
        error_report("kvm: %s dirty logging for slot %u failed: %s",
                     on ? "starting" : "stopping", slot->id, strerror(-r));
    }
}

static void kvm_log_start(MemoryListener *l, MemoryRegionSection *sec,
                          int old_mask, int new_mask)
{
    if (new_mask && !old_mask) {
        kvm_log_change(l, sec, true);
    }
}

static void kvm_log_stop(MemoryListener *l, MemoryRegionSection *sec,
                         int old_mask, int new_mask)
{
    if (old_mask && !new_mask) {
        kvm_log_change(l, sec, false);
    }
}

static void kvm_log_sync(MemoryListener *l, MemoryRegionSection *sec)
{
    KVMState *s = listener_state(l);
    KVMSlot *slot;

    if (s->dirty_ring_on) {
        kvm_dirty_ring_reap(s);
        return;
    }
    slot = kvm_slots_find_section(&s->slots, sec, qemu_real_host_page_size);
    if (slot) {
        kvm_slot_sync_dirty(s, slot);
    }
}

void kvm_memory_listener_register(KVMState *s);

void kvm_memory_listener_register(KVMState *s)
{
    s->mem_listener = (MemoryListener) {
        .name = "kvm-memory",
        .region_add = kvm_region_add,
        .region_del = kvm_region_del,
        .log_start = kvm_log_start,
        .log_stop = kvm_log_stop,
        .log_sync = kvm_log_sync,
        .priority = 10,
    };
    memory_listener_register(&s->mem_listener, &address_space_memory);
}
