/*
 * The TB key, segment cache loads, CR0/CR3/CR4 side effects (TLB
 * flushes, long mode activation) and the mmu index for the current
 * privilege.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/sys-internal.h"
#include "target/i386/tcg/sys-state.h"

#define X86_SYS_MAX_CPUS 4096

static X86SysState *sys_states[X86_SYS_MAX_CPUS];

X86SysState *x86_sys_state(CPUX86State *env)
{
    int idx = env_cpu(env)->cpu_index;
    X86SysState *s, *expected = NULL;

    g_assert(idx >= 0 && idx < X86_SYS_MAX_CPUS);
    s = __atomic_load_n(&sys_states[idx], __ATOMIC_ACQUIRE);
    if (s) {
        return s;
    }
    s = g_new0(X86SysState, 1);
    if (!__atomic_compare_exchange_n(&sys_states[idx], &expected, s, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        g_free(s);
        s = expected;
    }
    return s;
}

void cpu_x86_load_seg_cache(CPUX86State *env, int seg, uint32_t selector,
                            uint64_t base, uint32_t limit, uint32_t flags)
{
    SegmentCache *sc = &env->segs[seg];

    sc->selector = selector;
    sc->base = base;
    sc->limit = limit;
    sc->flags = flags;
    x86_update_hflags(env);
}

void cpu_x86_update_cr0(CPUX86State *env, uint64_t new_cr0)
{
    uint64_t old = env->cr[0];

    new_cr0 |= CR0_ET;
    if ((old ^ new_cr0) & (CR0_PG | CR0_WP | CR0_PE)) {
        tlb_flush(env_cpu(env));
    }
    /* Long mode turns on with paging when EFER.LME is set, off with it. */
    if (!(old & CR0_PG) && (new_cr0 & CR0_PG) && (env->efer & EFER_LME)) {
        env->efer |= EFER_LMA;
    } else if ((old & CR0_PG) && !(new_cr0 & CR0_PG) &&
               (env->efer & EFER_LMA)) {
        env->efer &= ~EFER_LMA;
        env->eip &= 0xffffffff;
    }
    env->cr[0] = new_cr0;
    x86_update_hflags(env);
}

void cpu_x86_update_cr3(CPUX86State *env, uint64_t new_cr3)
{
    /*
     * With CR4.PCIDE, bit 63 asks to keep the PCID's translations; we
     * keep none anyway (one shared TLB), so every write flushes, which is
     * always allowed. Global pages are flushed too: a superset.
     */
    if ((env->cr[4] & CR4_PCIDE) && (env->efer & EFER_LMA)) {
        new_cr3 &= ~(1ull << 63);
    }
    env->cr[3] = new_cr3;
    if (env->cr[0] & CR0_PG) {
        tlb_flush(env_cpu(env));
    }
}

void cpu_x86_update_cr4(CPUX86State *env, uint64_t new_cr4)
{
    uint64_t old = env->cr[4];

    /* Translations only depend on these bits while paging is on. */
    if (((old ^ new_cr4) & (CR4_PGE | CR4_PAE | CR4_PSE | CR4_SMEP |
                            CR4_SMAP | CR4_PKE | CR4_LA57 | CR4_PCIDE)) &&
        (env->cr[0] & CR0_PG)) {
        tlb_flush(env_cpu(env));
    }
    env->cr[4] = new_cr4;
    x86_update_hflags(env);
}

/* Explicit data accesses: user at CPL 3; SMAP is off with EFLAGS.AC. */
int cpu_mmu_index(CPUX86State *env)
{
    if (x86_cpl(env) == 3) {
        return MMU_USER_IDX;
    }
    if ((env->cr[4] & CR4_SMAP) && !(env->eflags & AC_MASK)) {
        return MMU_KSMAP_IDX;
    }
    return MMU_KNOSMAP_IDX;
}

/*
 * Implicit supervisor accesses (descriptor tables, TSS, interrupt
 * stacks): SMAP applies unless CPL < 3 and EFLAGS.AC is set.
 */
int cpu_mmu_index_kernel(CPUX86State *env)
{
    if (!(env->cr[4] & CR4_SMAP)) {
        return MMU_KNOSMAP_IDX;
    }
    if (x86_cpl(env) < 3 && (env->eflags & AC_MASK)) {
        return MMU_KNOSMAP_IDX;
    }
    return MMU_KSMAP_IDX;
}
