/*
 * The page walker (paging off, 32-bit, PAE, 4- and 5-level) behind
 * soft-TLB misses, physical memory access for the walker and helpers,
 * and linear-address access for helpers. Paging rules from the Intel
 * SDM vol. 3 chapter 4 ("Paging").
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "target/i386/tcg/sys-internal.h"
#include "target/i386/tcg/sys-state.h"
#include "exec/cpu-ldst.h"
#include <endian.h>

bool x86_sys_direct_access;

/* ---- physical memory ---------------------------------------------------- */

uint32_t x86_ldl_phys(CPUState *cs, uint64_t paddr)
{
    return address_space_ldl_le(&address_space_memory, paddr,
                                MEMTXATTRS_UNSPECIFIED, NULL);
}

uint64_t x86_ldq_phys(CPUState *cs, uint64_t paddr)
{
    return address_space_ldq_le(&address_space_memory, paddr,
                                MEMTXATTRS_UNSPECIFIED, NULL);
}

void x86_stl_phys(CPUState *cs, uint64_t paddr, uint32_t val)
{
    address_space_stl_le(&address_space_memory, paddr, val,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

void x86_stq_phys(CPUState *cs, uint64_t paddr, uint64_t val)
{
    address_space_stq_le(&address_space_memory, paddr, val,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

/*
 * Atomic on RAM (another vCPU may update the same entry). Anything else
 * comes back through the DMA bounce buffer, whose contents never match
 * old: the caller then falls back to a plain store.
 */
static bool cmpxchg_phys(uint64_t paddr, void *old, const void *new_val,
                         int size)
{
    hwaddr len = size;
    void *p = address_space_map(&address_space_memory, paddr, &len, true,
                                MEMTXATTRS_UNSPECIFIED);
    bool ok = false;

    if (!p) {
        return false;
    }
    if (len == (hwaddr)size) {
        if (size == 8) {
            ok = __atomic_compare_exchange_n((uint64_t *)p, (uint64_t *)old,
                                             *(const uint64_t *)new_val,
                                             false, __ATOMIC_SEQ_CST,
                                             __ATOMIC_SEQ_CST);
        } else {
            ok = __atomic_compare_exchange_n((uint32_t *)p, (uint32_t *)old,
                                             *(const uint32_t *)new_val,
                                             false, __ATOMIC_SEQ_CST,
                                             __ATOMIC_SEQ_CST);
        }
    }
    address_space_unmap(&address_space_memory, p, len, true, ok ? size : 0);
    return ok;
}

bool x86_cmpxchgq_phys(CPUState *cs, uint64_t paddr, uint64_t old,
                       uint64_t new_val)
{
    return cmpxchg_phys(paddr, &old, &new_val, 8);
}

bool x86_cmpxchgl_phys(CPUState *cs, uint64_t paddr, uint32_t old,
                       uint32_t new_val)
{
    return cmpxchg_phys(paddr, &old, &new_val, 4);
}

/* ---- the walker --------------------------------------------------------- */

#define ADDR_MASK_52 0x000ffffffffff000ull
#define PHYS_RSVD (((1ull << 52) - 1) & ~((1ull << X86_PHYS_BITS) - 1))

typedef struct Walk {
    uint64_t entry_addr[5];
    uint64_t entry[5];
    int n;
    bool wide;                    /* 8-byte entries */
    FlatView *fv;                 /* system memory, held for the walk */
} Walk;

/*
 * Page tables in RAM are read and updated through host pointers. The walk
 * holds the current view of system memory (cheap: the memory API caches
 * it per thread), so the RAM stays allocated meanwhile. The RAM span of
 * the last page-table page is kept per host thread across walks, and
 * trusted only while the view is the one it came from (a generation
 * check; any map change makes a new view). Page tables elsewhere (MMIO,
 * unassigned, across a span's end) take the memory API path.
 */
static __thread MemoryRamSpan pt_span;
static __thread bool pt_span_valid;

static void walk_begin(Walk *w)
{
    w->fv = address_space_get_flatview(&address_space_memory);
    if (pt_span_valid && !flatview_ram_span_current(w->fv, &pt_span)) {
        pt_span_valid = false;
    }
}

static void walk_end(Walk *w)
{
    address_space_put_flatview(&address_space_memory, w->fv);
    w->fv = NULL;
}

/* Host address of a page-table entry, or NULL for the slow path. */
static void *pt_host(Walk *w, uint64_t paddr, unsigned size, bool write)
{
    uint8_t *p;

    if (!w->fv) {
        return NULL;
    }
    if (!pt_span_valid || paddr < pt_span.addr ||
        paddr + size - 1 > pt_span.last) {
        pt_span_valid = flatview_ram_span(w->fv, paddr, &pt_span);
        if (!pt_span_valid || paddr + size - 1 > pt_span.last) {
            return NULL;
        }
    }
    if (write && !pt_span.writable) {
        return NULL;                  /* ROM: the memory API ignores it */
    }
    p = pt_span.host + (paddr - pt_span.addr);
    /* Entries are naturally aligned in guest memory; atomics need the
     * host address to be too (an oddly offset alias would not be). */
    return ((uintptr_t)p & (size - 1)) ? NULL : p;
}

static uint64_t load_entry(CPUX86State *env, Walk *w, uint64_t paddr)
{
    CPUState *cs = env_cpu(env);
    void *p;
    uint64_t v;

    paddr &= env->a20_mask;
    p = pt_host(w, paddr, w->wide ? 8 : 4, false);
    if (p) {
        /* Another vCPU may be setting A/D bits: one untorn load. */
        v = w->wide ? le64toh(__atomic_load_n((uint64_t *)p,
                                              __ATOMIC_RELAXED))
                    : le32toh(__atomic_load_n((uint32_t *)p,
                                              __ATOMIC_RELAXED));
    } else {
        v = w->wide ? x86_ldq_phys(cs, paddr) : x86_ldl_phys(cs, paddr);
    }
    w->entry_addr[w->n] = paddr;
    w->entry[w->n] = v;
    w->n++;
    return v;
}

/* Compare-and-swap of one entry in RAM, reported as a guest store (dirty
 * logging, translated code on that page). -1: not RAM, use the slow path;
 * else whether the entry still held old. */
static int cmpxchg_entry(Walk *w, uint64_t paddr, uint64_t old, uint64_t nv)
{
    unsigned size = w->wide ? 8 : 4;
    void *p = pt_host(w, paddr, size, true);
    bool ok;

    if (!p) {
        return -1;
    }
    if (w->wide) {
        uint64_t o = htole64(old);
        ok = __atomic_compare_exchange_n((uint64_t *)p, &o, htole64(nv),
                                         false, __ATOMIC_SEQ_CST,
                                         __ATOMIC_SEQ_CST);
    } else {
        uint32_t o = htole32(old);
        ok = __atomic_compare_exchange_n((uint32_t *)p, &o, htole32(nv),
                                         false, __ATOMIC_SEQ_CST,
                                         __ATOMIC_SEQ_CST);
    }
    if (ok) {
        memory_ram_span_notify_write(&pt_span, paddr, size);
    }
    return ok;
}

/* Sets A on every entry of the walk and D on the leaf for a write.
 * False if an entry changed meanwhile: walk again. */
static bool update_ad(CPUX86State *env, Walk *w, bool write, int skip)
{
    CPUState *cs = env_cpu(env);

    for (int i = skip; i < w->n; i++) {
        uint64_t old = w->entry[i], nv = old | PG_A;

        if (i == w->n - 1 && write) {
            nv |= PG_D;
        }
        if (nv == old) {
            continue;
        }
        switch (cmpxchg_entry(w, w->entry_addr[i], old, nv)) {
        case 1:
            continue;
        case 0:
            return false;
        }
        if (w->wide ? !x86_cmpxchgq_phys(cs, w->entry_addr[i], old, nv)
                    : !x86_cmpxchgl_phys(cs, w->entry_addr[i], old, nv)) {
            /* Changed under us, or not RAM: check which. */
            uint64_t now = w->wide ? x86_ldq_phys(cs, w->entry_addr[i])
                                   : x86_ldl_phys(cs, w->entry_addr[i]);
            if (now != old) {
                return false;
            }
            if (w->wide) {
                x86_stq_phys(cs, w->entry_addr[i], nv);
            } else {
                x86_stl_phys(cs, w->entry_addr[i], nv);
            }
        }
    }
    return true;
}

typedef struct Perm {
    bool user, rw, nx;            /* accumulated over the levels */
    uint32_t pkey;                /* leaf's protection key (4/5-level) */
    bool pk_valid;
} Perm;

/* Whether this access is allowed by the accumulated rights; *pk set if
 * a protection key refused it. */
static bool access_ok(CPUX86State *env, const Perm *p, int access,
                      int mmu_idx, bool *pk)
{
    bool is_user = mmu_idx == MMU_USER_IDX;
    bool wp = env->cr[0] & CR0_WP;

    *pk = false;
    if (access == 2) {
        if (p->nx) {
            return false;
        }
        if (is_user) {
            return p->user;
        }
        return !(p->user && (env->cr[4] & CR4_SMEP));
    }
    if (is_user) {
        if (!p->user || (access == 1 && !p->rw)) {
            return false;
        }
    } else {
        if (p->user && (env->cr[4] & CR4_SMAP) && mmu_idx == MMU_KSMAP_IDX) {
            return false;
        }
        if (access == 1 && !p->rw && wp) {
            return false;
        }
    }
    if (p->pk_valid && p->user) {
        uint32_t ad = (env->pkru >> (p->pkey * 2)) & 1;
        uint32_t wd = (env->pkru >> (p->pkey * 2 + 1)) & 1;

        if (ad || (access == 1 && wd && (is_user || wp))) {
            *pk = true;
            return false;
        }
    }
    return true;
}

static bool walk_once(CPUX86State *env, Walk *held, uint64_t addr,
                      int access, int mmu_idx, X86Translation *t, bool *retry)
{
    bool lma = env->efer & EFER_LMA;
    bool pae = env->cr[4] & CR4_PAE;
    bool nxe = (env->efer & EFER_NXE) && (pae || lma);
    uint64_t rsvd_nx = nxe ? 0 : PG_NX;
    uint32_t err = (access == 1 ? PF_ERR_W : 0) |
                   (mmu_idx == MMU_USER_IDX ? PF_ERR_U : 0);
    Perm perm = { .user = true, .rw = true };
    Walk w = { .n = 0, .fv = held->fv };
    uint64_t paddr, size, e;
    int leaf_level = 1;
    bool pk;

    *retry = false;
    if (!lma) {
        addr &= 0xffffffff;
    }
    if (access == 2 && (nxe || (env->cr[4] & CR4_SMEP))) {
        err |= PF_ERR_I;
    }
    if (lma || pae) {
        uint64_t table;
        int level;

        w.wide = true;
        if (lma) {
            level = (env->cr[4] & CR4_LA57) ? 5 : 4;
            table = env->cr[3] & ADDR_MASK_52;
        } else {
            uint64_t pdpte = load_entry(env, &w, (env->cr[3] & 0xffffffe0) +
                                        ((addr >> 30) & 3) * 8);
            if (!(pdpte & PG_P)) {
                goto not_present;
            }
            if (pdpte & (PHYS_RSVD | 0x1e6 | PG_NX)) {
                goto rsvd;
            }
            level = 2;
            table = pdpte & ADDR_MASK_52;
        }
        for (;; level--) {
            int shift = 12 + 9 * (level - 1);
            uint64_t rsvd = PHYS_RSVD | rsvd_nx;

            e = load_entry(env, &w, table + ((addr >> shift) & 0x1ff) * 8);
            if (!(e & PG_P)) {
                goto not_present;
            }
            if (level >= 4) {
                rsvd |= PG_PS;
            } else if (level == 3 && (e & PG_PS) &&
                       !x86_feature(env, FEAT_8000_0001_EDX, 26)) {
                rsvd |= PG_PS;
            }
            if (level == 3 && (e & PG_PS)) {
                rsvd |= 0x3fffe000ull;         /* bits 29:13 */
            } else if (level == 2 && (e & PG_PS)) {
                rsvd |= 0x1fe000ull;           /* bits 20:13 */
            }
            if (e & rsvd) {
                goto rsvd;
            }
            perm.user &= !!(e & PG_US);
            perm.rw &= !!(e & PG_RW);
            perm.nx |= nxe && (e & PG_NX);
            if (level == 1 || ((level == 2 || level == 3) && (e & PG_PS))) {
                size = 1ull << shift;
                paddr = (e & ADDR_MASK_52 & ~(size - 1)) | (addr & (size - 1));
                leaf_level = level;
                break;
            }
            table = e & ADDR_MASK_52;
        }
        if (lma && (env->cr[4] & CR4_PKE)) {
            perm.pk_valid = true;
            perm.pkey = (e >> 59) & 0xf;
        }
    } else {
        uint64_t pde;

        pde = load_entry(env, &w, (env->cr[3] & 0xfffff000) +
                         ((addr >> 22) & 0x3ff) * 4);
        if (!(pde & PG_P)) {
            goto not_present;
        }
        perm.user = pde & PG_US;
        perm.rw = pde & PG_RW;
        if ((pde & PG_PS) && (env->cr[4] & CR4_PSE)) {
            /* 4 MiB page; PSE-36 puts physical bits 39:32 in 20:13. */
            uint64_t high = ((pde >> 13) & 0xff) << 32;

            if ((pde & (1u << 21)) || (high & PHYS_RSVD)) {
                goto rsvd;
            }
            size = 4 * MiB;
            paddr = (pde & 0xffc00000) | high | (addr & 0x3fffff);
            leaf_level = 2;
        } else {
            e = load_entry(env, &w, (pde & 0xfffff000) +
                           ((addr >> 12) & 0x3ff) * 4);
            if (!(e & PG_P)) {
                goto not_present;
            }
            perm.user &= !!(e & PG_US);
            perm.rw &= !!(e & PG_RW);
            size = 4 * KiB;
            paddr = (e & 0xfffff000) | (addr & 0xfff);
        }
    }

    if (!access_ok(env, &perm, access, mmu_idx, &pk)) {
        err |= PF_ERR_P | (pk ? PF_ERR_PK : 0);
        goto fault;
    }
    /* The PAE PDPTEs have no A/D bits. */
    if (!update_ad(env, &w, access == 1, (!lma && pae) ? 1 : 0)) {
        *retry = true;
        return false;
    }
    t->paddr = paddr & env->a20_mask;
    t->page_size = size;
    t->prot = 0;
    if (access_ok(env, &perm, 0, mmu_idx, &pk)) {
        t->prot |= PAGE_READ;
    }
    /* Writes through the TLB only once the dirty bit is set. */
    if (access_ok(env, &perm, 1, mmu_idx, &pk) &&
        (access == 1 || (w.entry[w.n - 1] & PG_D))) {
        t->prot |= PAGE_WRITE;
    }
    if (access_ok(env, &perm, 2, mmu_idx, &pk)) {
        t->prot |= PAGE_EXEC;
    }
    (void)leaf_level;
    return true;

rsvd:
    err |= PF_ERR_P | PF_ERR_RSVD;
    goto fault;
not_present:
fault:
    t->pf_error = err;
    return false;
}

bool x86_mmu_translate(CPUX86State *env, uint64_t addr, int access,
                       int mmu_idx, X86Translation *t)
{
    Walk w;

    if (mmu_idx == MMU_PHYS_IDX || !(env->cr[0] & CR0_PG)) {
        t->paddr = addr & env->a20_mask;
        t->page_size = 4 * KiB;
        t->prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
        t->pf_error = 0;
        return true;
    }
    walk_begin(&w);
    for (int tries = 0; tries < 100; tries++) {
        bool retry;

        if (walk_once(env, &w, addr, access, mmu_idx, t, &retry)) {
            walk_end(&w);
            return true;
        }
        if (!retry) {
            walk_end(&w);
            return false;
        }
    }
    walk_end(&w);
    /* Another vCPU keeps rewriting the tables: report not present. */
    t->pf_error = (access == 1 ? PF_ERR_W : 0) |
                  (mmu_idx == MMU_USER_IDX ? PF_ERR_U : 0);
    return false;
}

static bool x86_canonical(CPUX86State *env, uint64_t addr)
{
    int bits = (env->cr[4] & CR4_LA57) ? 57 : 48;
    int64_t s = (int64_t)(addr << (64 - bits)) >> (64 - bits);

    return (uint64_t)s == addr;
}

bool x86_cpu_tlb_fill(CPUState *cs, uint64_t addr, int size,
                      int access_type, int mmu_idx, bool probe,
                      uintptr_t retaddr)
{
    /* Every fill comes here: no QOM cast (cs is always an X86CPU's). */
    CPUX86State *env = &container_of(cs, X86CPU, parent_obj)->env;
    X86Translation t;

    if ((env->hflags & HF_LMA) && mmu_idx != MMU_PHYS_IDX &&
        !x86_canonical(env, addr)) {
        if (probe) {
            return false;
        }
        raise_exception_err_ra(env, EXCP_GP, 0, retaddr);
    }
    if (!x86_mmu_translate(env, addr, access_type, mmu_idx, &t)) {
        if (probe) {
            return false;
        }
        x86_raise_page_fault(env, addr, t.pf_error, retaddr);
    }
    /* The runtime tracks large pages: INVLPG inside one flushes all of
     * that mmu index, elsewhere only the page. */
    tlb_set_page(cs, addr & TARGET_PAGE_MASK, t.paddr & TARGET_PAGE_MASK,
                 t.prot, mmu_idx, t.page_size);
    return true;
}

/* ---- linear-address access for helpers ---------------------------------- */

static uint64_t direct_translate(CPUX86State *env, uint64_t addr, int access,
                                 int mmu_idx, uintptr_t ra)
{
    X86Translation t;

    if (!x86_mmu_translate(env, addr, access, mmu_idx, &t)) {
        x86_raise_page_fault(env, addr, t.pf_error, ra);
    }
    return t.paddr;
}

uint64_t x86_sys_ld(CPUX86State *env, uint64_t addr, int size, int mmu_idx,
                    uintptr_t ra)
{
    if (!x86_sys_direct_access) {
        switch (size) {
        case 1:
            return cpu_ldub_mmuidx_ra(env, addr, mmu_idx, ra);
        case 2:
            return cpu_lduw_mmuidx_ra(env, addr, mmu_idx, ra);
        case 4:
            return cpu_ldl_mmuidx_ra(env, addr, mmu_idx, ra);
        default:
            return cpu_ldq_mmuidx_ra(env, addr, mmu_idx, ra);
        }
    } else {
        uint8_t buf[8] = { 0 };
        uint64_t v = 0;

        for (int i = 0; i < size; i++) {
            uint64_t pa = direct_translate(env, addr + i, 0, mmu_idx, ra);
            address_space_read(&address_space_memory, pa,
                               MEMTXATTRS_UNSPECIFIED, &buf[i], 1);
        }
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | buf[i];
        }
        return v;
    }
}

void x86_sys_st(CPUX86State *env, uint64_t addr, uint64_t val, int size,
                int mmu_idx, uintptr_t ra)
{
    if (!x86_sys_direct_access) {
        switch (size) {
        case 1:
            cpu_stb_mmuidx_ra(env, addr, val, mmu_idx, ra);
            break;
        case 2:
            cpu_stw_mmuidx_ra(env, addr, val, mmu_idx, ra);
            break;
        case 4:
            cpu_stl_mmuidx_ra(env, addr, val, mmu_idx, ra);
            break;
        default:
            cpu_stq_mmuidx_ra(env, addr, val, mmu_idx, ra);
            break;
        }
    } else {
        uint64_t pa[8];

        /* Translate every byte first: a fault stores nothing. */
        for (int i = 0; i < size; i++) {
            pa[i] = direct_translate(env, addr + i, 1, mmu_idx, ra);
        }
        for (int i = 0; i < size; i++) {
            uint8_t b = val >> (8 * i);
            address_space_write(&address_space_memory, pa[i],
                                MEMTXATTRS_UNSPECIFIED, &b, 1);
        }
    }
}
