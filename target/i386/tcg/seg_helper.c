/*
 * Segment loads with the protected-mode checks, LDTR/TR loads, far
 * JMP/CALL/RET (call gates, task gates), IRET (real, protected, to
 * virtual-8086, 64-bit), task switches (32-bit and 16-bit TSS), and
 * LAR/LSL/VERR/VERW. Rules from the Intel SDM vol. 2 (instruction
 * pseudocode facts) and vol. 3 chapters 5 and 7.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "target/i386/tcg/sys-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

/* Data segments keep these across a privilege drop only if DPL >= CPL. */
#define VM86_SEG_FLAGS (DESC_P | DESC_S | DESC_W | DESC_A | \
                        (3u << DESC_DPL_SHIFT))

static uint64_t desc_addr(CPUX86State *env, uint32_t selector)
{
    SegmentCache *dt = (selector & 4) ? &env->ldt : &env->gdt;

    return dt->base + (selector & ~7u);
}

static bool desc_in_limit(CPUX86State *env, uint32_t selector, int size)
{
    SegmentCache *dt = (selector & 4) ? &env->ldt : &env->gdt;

    return (selector & ~7u) + size - 1 <= dt->limit;
}

bool x86_load_desc(CPUX86State *env, uint32_t selector, uint32_t *e1,
                   uint32_t *e2, uintptr_t ra)
{
    uint64_t ptr;
    int mmu = cpu_mmu_index_kernel(env);

    if (!desc_in_limit(env, selector, 8)) {
        return false;
    }
    ptr = desc_addr(env, selector);
    *e1 = x86_sys_ld(env, ptr, 4, mmu, ra);
    *e2 = x86_sys_ld(env, ptr + 4, 4, mmu, ra);
    return true;
}

/* The high 32 bits of a 16-byte system descriptor's base (long mode). */
static uint32_t load_desc_high(CPUX86State *env, uint32_t selector,
                               uintptr_t ra)
{
    if (!desc_in_limit(env, selector, 16)) {
        raise_exception_err_ra(env, EXCP_GP, selector & 0xfffc, ra);
    }
    return x86_sys_ld(env, desc_addr(env, selector) + 8, 4,
                      cpu_mmu_index_kernel(env), ra);
}

static void set_desc_flag(CPUX86State *env, uint32_t selector, uint32_t e2,
                          uint32_t flag, uintptr_t ra)
{
    if (!(e2 & flag)) {
        x86_sys_st(env, desc_addr(env, selector) + 4, e2 | flag, 4,
                   cpu_mmu_index_kernel(env), ra);
    }
}

static void load_seg_from_desc(CPUX86State *env, int seg, uint32_t selector,
                               uint32_t e1, uint32_t e2)
{
    cpu_x86_load_seg_cache(env, seg, selector, desc_base(e1, e2),
                           desc_limit(e1, e2), e2);
}

/* CS with the DPL field set to the new CPL (conforming segments keep the
 * caller's CPL; hflags derive CPL from CS.DPL). */
static void load_cs(CPUX86State *env, uint32_t selector, int cpl,
                    uint32_t e1, uint32_t e2)
{
    cpu_x86_load_seg_cache(env, R_CS, (selector & 0xfffc) | cpl,
                           desc_base(e1, e2), desc_limit(e1, e2),
                           (e2 & ~(3u << DESC_DPL_SHIFT)) |
                           (cpl << DESC_DPL_SHIFT));
}

static bool is_64bit_code(CPUX86State *env, uint32_t e2)
{
    return (env->hflags & HF_LMA) && (e2 & DESC_L);
}

/* ---- segment register loads ---------------------------------------------- */

/*
 * The checks of MOV/POP Sreg and LDS etc. (and of the segment reloads
 * of task switches, with #TS instead of #GP: fault_vector).
 */
static void load_seg_checked(CPUX86State *env, int seg, uint32_t selector,
                             int cpl, int fault_vector, uintptr_t ra)
{
    uint32_t e1, e2;
    int rpl = selector & 3, dpl;

    if ((selector & 0xfffc) == 0) {
        if (seg == R_SS) {
            /* Null SS only in 64-bit mode below CPL 3, with RPL = CPL. */
            if (!(env->hflags & HF_CS64) || cpl == 3 || rpl != cpl) {
                raise_exception_err_ra(env, fault_vector, 0, ra);
            }
            cpu_x86_load_seg_cache(env, seg, selector, 0, 0,
                                   cpl << DESC_DPL_SHIFT);
        } else {
            cpu_x86_load_seg_cache(env, seg, selector, 0, 0, 0);
        }
        return;
    }
    if (!x86_load_desc(env, selector, &e1, &e2, ra) || !(e2 & DESC_S)) {
        raise_exception_err_ra(env, fault_vector, selector & 0xfffc, ra);
    }
    dpl = desc_dpl(e2);
    if (seg == R_SS) {
        if (rpl != cpl || dpl != cpl || (e2 & DESC_CS) || !(e2 & DESC_W)) {
            raise_exception_err_ra(env, fault_vector, selector & 0xfffc, ra);
        }
        if (!(e2 & DESC_P)) {
            raise_exception_err_ra(env, EXCP_SS, selector & 0xfffc, ra);
        }
    } else {
        if ((e2 & DESC_CS) && !(e2 & DESC_R)) {
            raise_exception_err_ra(env, fault_vector, selector & 0xfffc, ra);
        }
        if (!(e2 & DESC_CS) || !(e2 & DESC_C)) {
            if (dpl < cpl || dpl < rpl) {
                raise_exception_err_ra(env, fault_vector, selector & 0xfffc,
                                       ra);
            }
        }
        if (!(e2 & DESC_P)) {
            raise_exception_err_ra(env, EXCP_NP, selector & 0xfffc, ra);
        }
    }
    set_desc_flag(env, selector, e2, DESC_A, ra);
    load_seg_from_desc(env, seg, selector, e1, e2 | DESC_A);
}

void helper_load_seg(CPUX86State *env, uint32_t seg, uint32_t selector)
{
    uintptr_t ra = GETPC();

    selector &= 0xffff;
    if (seg >= R_NB_SEGS || seg == R_CS) {
        raise_exception_ra(env, EXCP_UD, ra);
    }
    if (!(env->cr[0] & CR0_PE)) {
        /* Real mode: base only; limit and attributes stay (unreal mode). */
        cpu_x86_load_seg_cache(env, seg, selector, (uint64_t)selector << 4,
                               env->segs[seg].limit, env->segs[seg].flags);
    } else if (env->eflags & VM_MASK) {
        cpu_x86_load_seg_cache(env, seg, selector, (uint64_t)selector << 4,
                               0xffff, VM86_SEG_FLAGS);
    } else {
        load_seg_checked(env, seg, selector, x86_cpl(env), EXCP_GP, ra);
    }
}

/* After a return to an outer level, data segments the new CPL may not
 * use become null. */
static void validate_data_segs(CPUX86State *env, int cpl)
{
    static const int segs[] = { R_ES, R_DS, R_FS, R_GS };

    for (int i = 0; i < 4; i++) {
        SegmentCache *sc = &env->segs[segs[i]];
        uint32_t f = sc->flags;

        /* 64-bit FS/GS with a null selector keep their base. */
        if ((segs[i] == R_FS || segs[i] == R_GS) &&
            (sc->selector & 0xfffc) == 0) {
            continue;
        }
        if (desc_dpl(f) < cpl &&
            (!(f & DESC_CS) || !(f & DESC_C))) {
            cpu_x86_load_seg_cache(env, segs[i], 0, 0, 0, 0);
        }
    }
}

/* ---- LDTR and TR ------------------------------------------------------------ */

static void load_system_seg(CPUX86State *env, uint32_t selector,
                            SegmentCache *dst, bool is_tr, uintptr_t ra)
{
    uint32_t e1, e2, type;
    uint64_t base;

    selector &= 0xffff;
    if (x86_cpl(env) != 0) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    if ((selector & 0xfffc) == 0) {
        if (is_tr) {
            raise_exception_err_ra(env, EXCP_GP, 0, ra);
        }
        *dst = (SegmentCache) { .selector = selector };
        return;
    }
    if ((selector & 4) || !x86_load_desc(env, selector, &e1, &e2, ra)) {
        raise_exception_err_ra(env, EXCP_GP, selector & 0xfffc, ra);
    }
    type = (e2 >> DESC_TYPE_SHIFT) & 0xf;
    if ((e2 & DESC_S) ||
        (is_tr ? (type != 9 && (type != 1 || (env->hflags & HF_LMA)))
               : type != 2)) {
        raise_exception_err_ra(env, EXCP_GP, selector & 0xfffc, ra);
    }
    if (!(e2 & DESC_P)) {
        raise_exception_err_ra(env, EXCP_NP, selector & 0xfffc, ra);
    }
    base = desc_base(e1, e2);
    if (env->hflags & HF_LMA) {
        uint32_t e3 = load_desc_high(env, selector, ra);
        base |= (uint64_t)e3 << 32;
    }
    if (is_tr) {
        set_desc_flag(env, selector, e2, DESC_TSS_BUSY, ra);
        e2 |= DESC_TSS_BUSY;
    }
    *dst = (SegmentCache) {
        .selector = selector, .base = base, .limit = desc_limit(e1, e2),
        .flags = e2 & 0x00ffff00,
    };
}

void helper_lldt(CPUX86State *env, uint32_t selector)
{
    load_system_seg(env, selector, &env->ldt, false, GETPC());
}

void helper_ltr(CPUX86State *env, uint32_t selector)
{
    load_system_seg(env, selector, &env->tr, true, GETPC());
}

/* ---- task switches ---------------------------------------------------------- */

void x86_task_switch(CPUX86State *env, uint32_t selector, uint32_t e1,
                     uint32_t e2, int source, uint64_t next_eip,
                     uintptr_t ra)
{
    int mmu = MMU_KNOSMAP_IDX;
    int type = (e2 >> DESC_TYPE_SHIFT) & 0xf, old_type;
    uint64_t tss_base, old_base = env->tr.base;
    uint32_t tss_limit, new_regs[8], new_segs[R_NB_SEGS], new_ldt;
    uint32_t new_eip, new_eflags, new_cr3 = 0, old_eflags;
    bool is32;

    if (type == 5) {
        /* Task gate: the TSS selector is in the gate. */
        selector = e1 >> 16;
        if ((selector & 4) || !x86_load_desc(env, selector, &e1, &e2, ra)) {
            raise_exception_err_ra(env, EXCP_GP, selector & 0xfffc, ra);
        }
        type = (e2 >> DESC_TYPE_SHIFT) & 0xf;
    }
    if ((e2 & DESC_S) || ((type & 7) != 1 && (type & 7) != 3)) {
        raise_exception_err_ra(env, EXCP_GP, selector & 0xfffc, ra);
    }
    if (!(e2 & DESC_P)) {
        raise_exception_err_ra(env, EXCP_NP, selector & 0xfffc, ra);
    }
    /* JMP/CALL need an available TSS, IRET a busy one. */
    if ((source == 2) != !!(type & 2)) {
        raise_exception_err_ra(env, source == 2 ? EXCP_TS : EXCP_GP,
                               selector & 0xfffc, ra);
    }
    is32 = type & 8;
    tss_limit = desc_limit(e1, e2);
    tss_base = desc_base(e1, e2);
    if (tss_limit < (is32 ? 103u : 43u)) {
        raise_exception_err_ra(env, EXCP_TS, selector & 0xfffc, ra);
    }
    old_type = (env->tr.flags >> DESC_TYPE_SHIFT) & 0xf;

    /* Read the new state (faults here leave the old task intact). */
    if (is32) {
        new_cr3 = x86_sys_ld(env, tss_base + 0x1c, 4, mmu, ra);
        new_eip = x86_sys_ld(env, tss_base + 0x20, 4, mmu, ra);
        new_eflags = x86_sys_ld(env, tss_base + 0x24, 4, mmu, ra);
        for (int i = 0; i < 8; i++) {
            new_regs[i] = x86_sys_ld(env, tss_base + 0x28 + i * 4, 4, mmu,
                                     ra);
        }
        for (int i = 0; i < R_NB_SEGS; i++) {
            new_segs[i] = x86_sys_ld(env, tss_base + 0x48 + i * 4, 2, mmu,
                                     ra);
        }
        new_ldt = x86_sys_ld(env, tss_base + 0x60, 2, mmu, ra);
    } else {
        new_eip = x86_sys_ld(env, tss_base + 0x0e, 2, mmu, ra);
        new_eflags = x86_sys_ld(env, tss_base + 0x10, 2, mmu, ra);
        for (int i = 0; i < 8; i++) {
            new_regs[i] = x86_sys_ld(env, tss_base + 0x12 + i * 2, 2, mmu,
                                     ra) | 0xffff0000;
        }
        for (int i = 0; i < 4; i++) {
            new_segs[i] = x86_sys_ld(env, tss_base + 0x22 + i * 2, 2, mmu,
                                     ra);
        }
        new_segs[R_FS] = new_segs[R_GS] = 0;
        new_ldt = x86_sys_ld(env, tss_base + 0x2a, 2, mmu, ra);
    }

    /* Save the old state into the current TSS. */
    old_eflags = cpu_compute_eflags(env);
    if (source == 2) {
        old_eflags &= ~NT_MASK;
    }
    if (old_type & 8) {
        x86_sys_st(env, old_base + 0x20, next_eip, 4, mmu, ra);
        x86_sys_st(env, old_base + 0x24, old_eflags, 4, mmu, ra);
        for (int i = 0; i < 8; i++) {
            x86_sys_st(env, old_base + 0x28 + i * 4, env->regs[i], 4, mmu,
                       ra);
        }
        for (int i = 0; i < R_NB_SEGS; i++) {
            x86_sys_st(env, old_base + 0x48 + i * 4, env->segs[i].selector,
                       2, mmu, ra);
        }
    } else {
        x86_sys_st(env, old_base + 0x0e, next_eip, 2, mmu, ra);
        x86_sys_st(env, old_base + 0x10, old_eflags, 2, mmu, ra);
        for (int i = 0; i < 8; i++) {
            x86_sys_st(env, old_base + 0x12 + i * 2, env->regs[i], 2, mmu,
                       ra);
        }
        for (int i = 0; i < 4; i++) {
            x86_sys_st(env, old_base + 0x22 + i * 2, env->segs[i].selector,
                       2, mmu, ra);
        }
    }
    if (source == 0 || source == 2) {
        /* The old task is no longer busy. */
        uint32_t oe2 = x86_sys_ld(env, desc_addr(env, env->tr.selector) + 4,
                                  4, mmu, ra);
        x86_sys_st(env, desc_addr(env, env->tr.selector) + 4,
                   oe2 & ~DESC_TSS_BUSY, 4, mmu, ra);
    }
    if (source == 1) {
        x86_sys_st(env, tss_base, env->tr.selector, 2, mmu, ra);
        new_eflags |= NT_MASK;
    }
    if (source != 2) {
        set_desc_flag(env, selector, e2, DESC_TSS_BUSY, ra);
    }
    e2 |= DESC_TSS_BUSY;

    /* Commit the new task. */
    env->cr[0] |= CR0_TS;
    env->hflags |= HF_TS;
    env->tr = (SegmentCache) {
        .selector = selector, .base = tss_base, .limit = tss_limit,
        .flags = e2 & 0x00ffff00,
    };
    if (is32 && (env->cr[0] & CR0_PG)) {
        cpu_x86_update_cr3(env, new_cr3);
    }
    env->eip = new_eip;
    cpu_load_eflags(env, new_eflags,
                    is32 ? (TF_MASK | IF_MASK | DF_MASK | IOPL_MASK |
                            NT_MASK | RF_MASK | VM_MASK | AC_MASK |
                            ID_MASK)
                         : (TF_MASK | IF_MASK | DF_MASK | IOPL_MASK |
                            NT_MASK));
    for (int i = 0; i < 8; i++) {
        env->regs[i] = is32 ? new_regs[i] :
                       (env->regs[i] & ~0xffffull) | (new_regs[i] & 0xffff);
    }
    if (new_eflags & VM_MASK && is32) {
        for (int i = 0; i < R_NB_SEGS; i++) {
            cpu_x86_load_seg_cache(env, i, new_segs[i],
                                   (uint64_t)new_segs[i] << 4, 0xffff,
                                   VM86_SEG_FLAGS);
        }
    } else {
        /* Selectors first (faults below are in the new task's context). */
        for (int i = 0; i < R_NB_SEGS; i++) {
            env->segs[i].selector = new_segs[i];
        }
    }
    /* LDT */
    env->ldt.selector = new_ldt & ~4u;
    env->ldt.base = 0;
    env->ldt.limit = 0;
    env->ldt.flags = 0;
    if (new_ldt & 4) {
        raise_exception_err_ra(env, EXCP_TS, new_ldt & 0xfffc, ra);
    }
    if ((new_ldt & 0xfffc) != 0) {
        uint32_t le1, le2;

        if (!x86_load_desc(env, new_ldt, &le1, &le2, ra) ||
            (le2 & DESC_S) || ((le2 >> DESC_TYPE_SHIFT) & 0xf) != 2) {
            raise_exception_err_ra(env, EXCP_TS, new_ldt & 0xfffc, ra);
        }
        if (!(le2 & DESC_P)) {
            raise_exception_err_ra(env, EXCP_TS, new_ldt & 0xfffc, ra);
        }
        env->ldt = (SegmentCache) {
            .selector = new_ldt, .base = desc_base(le1, le2),
            .limit = desc_limit(le1, le2), .flags = le2 & 0x00ffff00,
        };
    }
    if (!(new_eflags & VM_MASK) || !is32) {
        uint32_t cs = new_segs[R_CS], ce1, ce2;
        int cpl = cs & 3, dpl;

        if ((cs & 0xfffc) == 0 || !x86_load_desc(env, cs, &ce1, &ce2, ra) ||
            !(ce2 & DESC_S) || !(ce2 & DESC_CS)) {
            raise_exception_err_ra(env, EXCP_TS, cs & 0xfffc, ra);
        }
        dpl = desc_dpl(ce2);
        if ((ce2 & DESC_C) ? dpl > cpl : dpl != cpl) {
            raise_exception_err_ra(env, EXCP_TS, cs & 0xfffc, ra);
        }
        if (!(ce2 & DESC_P)) {
            raise_exception_err_ra(env, EXCP_NP, cs & 0xfffc, ra);
        }
        load_cs(env, cs, cpl, ce1, ce2);
        load_seg_checked(env, R_SS, new_segs[R_SS], cpl, EXCP_TS, ra);
        for (int i = 0; i < R_NB_SEGS; i++) {
            if (i != R_CS && i != R_SS) {
                load_seg_checked(env, i, new_segs[i], cpl, EXCP_TS, ra);
            }
        }
    }
    x86_update_hflags(env);
    if (env->eip > env->segs[R_CS].limit) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
}

/* ---- far JMP / CALL / RET ----------------------------------------------------- */

/* Checks of a code segment reached directly by JMP/CALL (not a gate). */
static void check_direct_code(CPUX86State *env, uint32_t selector,
                              uint32_t e2, uintptr_t ra)
{
    int cpl = x86_cpl(env), dpl = desc_dpl(e2), rpl = selector & 3;

    if (!(e2 & DESC_CS)) {
        raise_exception_err_ra(env, EXCP_GP, selector & 0xfffc, ra);
    }
    if ((e2 & DESC_C) ? dpl > cpl : (rpl > cpl || dpl != cpl)) {
        raise_exception_err_ra(env, EXCP_GP, selector & 0xfffc, ra);
    }
    if ((env->hflags & HF_LMA) && (e2 & DESC_L) && (e2 & DESC_B)) {
        raise_exception_err_ra(env, EXCP_GP, selector & 0xfffc, ra);
    }
    if (!(e2 & DESC_P)) {
        raise_exception_err_ra(env, EXCP_NP, selector & 0xfffc, ra);
    }
}

/* A call gate's target: selector, offset (with the 64-bit high part). */
typedef struct Gate {
    uint32_t selector;
    uint64_t offset;
    int param_count;
    int size;                     /* 2, 4 or 8: the gate's operand size */
    uint32_t ce1, ce2;            /* target code descriptor */
} Gate;

static void read_call_gate(CPUX86State *env, uint32_t gate_sel, uint32_t e1,
                           uint32_t e2, Gate *g, uintptr_t ra)
{
    int type = (e2 >> DESC_TYPE_SHIFT) & 0x1f;
    int cpl = x86_cpl(env), dpl = desc_dpl(e2), rpl = gate_sel & 3, cdpl;

    if (dpl < cpl || dpl < rpl) {
        raise_exception_err_ra(env, EXCP_GP, gate_sel & 0xfffc, ra);
    }
    if (!(e2 & DESC_P)) {
        raise_exception_err_ra(env, EXCP_NP, gate_sel & 0xfffc, ra);
    }
    g->selector = e1 >> 16;
    g->offset = (e2 & 0xffff0000) | (e1 & 0xffff);
    g->param_count = e2 & 0x1f;
    g->size = type == 4 ? 2 : 4;
    if (type == 4) {
        g->offset &= 0xffff;
    }
    if (env->hflags & HF_LMA) {
        uint32_t e3 = x86_sys_ld(env, desc_addr(env, gate_sel) + 8, 4,
                                 cpu_mmu_index_kernel(env), ra);
        uint32_t e4 = x86_sys_ld(env, desc_addr(env, gate_sel) + 12, 4,
                                 cpu_mmu_index_kernel(env), ra);

        if (!desc_in_limit(env, gate_sel, 16) || ((e4 >> 8) & 0x1f) != 0) {
            raise_exception_err_ra(env, EXCP_GP, gate_sel & 0xfffc, ra);
        }
        g->offset |= (uint64_t)e3 << 32;
        g->size = 8;
        g->param_count = 0;
    }
    if ((g->selector & 0xfffc) == 0) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    if (!x86_load_desc(env, g->selector, &g->ce1, &g->ce2, ra) ||
        !(g->ce2 & DESC_S) || !(g->ce2 & DESC_CS)) {
        raise_exception_err_ra(env, EXCP_GP, g->selector & 0xfffc, ra);
    }
    cdpl = desc_dpl(g->ce2);
    if (cdpl > cpl) {
        raise_exception_err_ra(env, EXCP_GP, g->selector & 0xfffc, ra);
    }
    if ((env->hflags & HF_LMA) &&
        (!(g->ce2 & DESC_L) || (g->ce2 & DESC_B))) {
        raise_exception_err_ra(env, EXCP_GP, g->selector & 0xfffc, ra);
    }
    if (!(g->ce2 & DESC_P)) {
        raise_exception_err_ra(env, EXCP_NP, g->selector & 0xfffc, ra);
    }
}

static void check_eip_limit(CPUX86State *env, uint64_t eip, uint32_t e1,
                            uint32_t e2, uintptr_t ra)
{
    if (!is_64bit_code(env, e2) && eip > desc_limit(e1, e2)) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
}

void helper_ljmp_protected(CPUX86State *env, uint32_t selector,
                           uint64_t new_eip, uint64_t next_eip)
{
    uintptr_t ra = GETPC();
    uint32_t e1, e2;
    int cpl = x86_cpl(env), type;
    Gate g;

    selector &= 0xffff;
    if ((selector & 0xfffc) == 0) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    if (!x86_load_desc(env, selector, &e1, &e2, ra)) {
        raise_exception_err_ra(env, EXCP_GP, selector & 0xfffc, ra);
    }
    if (e2 & DESC_S) {
        check_direct_code(env, selector, e2, ra);
        check_eip_limit(env, new_eip, e1, e2, ra);
        load_cs(env, selector, cpl, e1, e2);
        env->eip = new_eip;
        return;
    }
    type = (e2 >> DESC_TYPE_SHIFT) & 0x1f;
    switch (type) {
    case 1: case 9: case 5:
        if ((env->hflags & HF_LMA) || desc_dpl(e2) < cpl ||
            desc_dpl(e2) < (int)(selector & 3)) {
            raise_exception_err_ra(env, EXCP_GP, selector & 0xfffc, ra);
        }
        x86_task_switch(env, selector, e1, e2, 0, next_eip, ra);
        return;
    case 4: case 12:
        if ((env->hflags & HF_LMA) && type != 12) {
            break;
        }
        read_call_gate(env, selector, e1, e2, &g, ra);
        if ((g.ce2 & DESC_C) ? desc_dpl(g.ce2) > cpl
                             : desc_dpl(g.ce2) != cpl) {
            raise_exception_err_ra(env, EXCP_GP, g.selector & 0xfffc, ra);
        }
        check_eip_limit(env, g.offset, g.ce1, g.ce2, ra);
        load_cs(env, g.selector, cpl, g.ce1, g.ce2);
        env->eip = g.offset;
        return;
    }
    raise_exception_err_ra(env, EXCP_GP, selector & 0xfffc, ra);
}

void helper_lcall_real(CPUX86State *env, uint32_t selector, uint64_t new_eip,
                       uint32_t shift, uint32_t next_eip)
{
    uintptr_t ra = GETPC();
    X86Stack st = x86_cur_stack(env, MMU_KNOSMAP_IDX, ra);
    int size = shift ? 4 : 2;

    x86_push(env, &st, env->segs[R_CS].selector, size);
    x86_push(env, &st, next_eip, size);
    x86_set_sp(env, &st);
    env->eip = new_eip;
    cpu_x86_load_seg_cache(env, R_CS, selector & 0xffff,
                           (uint64_t)(selector & 0xffff) << 4,
                           env->segs[R_CS].limit, env->segs[R_CS].flags);
}

void helper_lcall_protected(CPUX86State *env, uint32_t selector,
                            uint64_t new_eip, uint32_t shift,
                            uint64_t next_eip)
{
    uintptr_t ra = GETPC();
    uint32_t e1, e2, ss = 0, ss_e1 = 0, ss_e2 = 0;
    int cpl = x86_cpl(env), type, dpl, size = 2 << shift;
    X86Stack st;
    Gate g;

    selector &= 0xffff;
    if ((selector & 0xfffc) == 0) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    if (!x86_load_desc(env, selector, &e1, &e2, ra)) {
        raise_exception_err_ra(env, EXCP_GP, selector & 0xfffc, ra);
    }
    if (e2 & DESC_S) {
        check_direct_code(env, selector, e2, ra);
        st = x86_cur_stack(env, cpu_mmu_index(env), ra);
        x86_push(env, &st, env->segs[R_CS].selector, size);
        x86_push(env, &st, next_eip, size);
        check_eip_limit(env, new_eip, e1, e2, ra);
        x86_set_sp(env, &st);
        load_cs(env, selector, cpl, e1, e2);
        env->eip = new_eip;
        return;
    }
    type = (e2 >> DESC_TYPE_SHIFT) & 0x1f;
    switch (type) {
    case 1: case 9: case 5:
        if ((env->hflags & HF_LMA) || desc_dpl(e2) < cpl ||
            desc_dpl(e2) < (int)(selector & 3)) {
            raise_exception_err_ra(env, EXCP_GP, selector & 0xfffc, ra);
        }
        x86_task_switch(env, selector, e1, e2, 1, next_eip, ra);
        return;
    case 4: case 12:
        if (!(env->hflags & HF_LMA) || type == 12) {
            break;
        }
        /* fall through */
    default:
        raise_exception_err_ra(env, EXCP_GP, selector & 0xfffc, ra);
    }
    read_call_gate(env, selector, e1, e2, &g, ra);
    dpl = desc_dpl(g.ce2);
    if (!(g.ce2 & DESC_C) && dpl < cpl) {
        /* More privileged: switch to the inner stack from the TSS. */
        X86Stack old = x86_cur_stack(env, cpu_mmu_index_kernel(env), ra);
        uint64_t old_ss = env->segs[R_SS].selector, old_sp = env->regs[R_ESP];
        int mmu = MMU_KNOSMAP_IDX;

        if (g.size == 8) {
            uint32_t index = 8 * dpl + 4;

            if (index + 7 > env->tr.limit) {
                raise_exception_err_ra(env, EXCP_TS,
                                       env->tr.selector & 0xfffc, ra);
            }
            st = (X86Stack) {
                .sp = x86_sys_ld(env, env->tr.base + index, 8, mmu, ra),
                .flat64 = true, .mmu_idx = mmu, .ra = ra,
            };
            ss = dpl;
        } else {
            int tss_shift = ((env->tr.flags >> DESC_TYPE_SHIFT) & 8) ? 1 : 0;
            uint32_t index = (dpl * 4 + 2) << tss_shift;
            uint32_t esp;

            if (index + (4 << tss_shift) - 1 > env->tr.limit) {
                raise_exception_err_ra(env, EXCP_TS,
                                       env->tr.selector & 0xfffc, ra);
            }
            if (tss_shift) {
                esp = x86_sys_ld(env, env->tr.base + index, 4, mmu, ra);
                ss = x86_sys_ld(env, env->tr.base + index + 4, 2, mmu, ra);
            } else {
                esp = x86_sys_ld(env, env->tr.base + index, 2, mmu, ra);
                ss = x86_sys_ld(env, env->tr.base + index + 2, 2, mmu, ra);
            }
            if ((ss & 0xfffc) == 0) {
                raise_exception_err_ra(env, EXCP_TS, 0, ra);
            }
            if ((ss & 3) != dpl || !x86_load_desc(env, ss, &ss_e1, &ss_e2, ra)
                || desc_dpl(ss_e2) != dpl || !(ss_e2 & DESC_S) ||
                (ss_e2 & DESC_CS) || !(ss_e2 & DESC_W)) {
                raise_exception_err_ra(env, EXCP_TS, ss & 0xfffc, ra);
            }
            if (!(ss_e2 & DESC_P)) {
                raise_exception_err_ra(env, EXCP_SS, ss & 0xfffc, ra);
            }
            st = (X86Stack) {
                .base = desc_base(ss_e1, ss_e2),
                .mask = (ss_e2 & DESC_B) ? 0xffffffff : 0xffff,
                .sp = esp, .mmu_idx = mmu, .ra = ra,
            };
        }
        x86_push(env, &st, old_ss, g.size);
        x86_push(env, &st, old_sp, g.size);
        /* Parameters, copied from the old stack, last first. */
        for (int i = g.param_count - 1; i >= 0; i--) {
            X86Stack p = old;

            p.sp = (old.sp & ~old.mask) | ((old.sp + i * g.size) & old.mask);
            x86_push(env, &st, x86_pop(env, &p, g.size), g.size);
        }
        x86_push(env, &st, env->segs[R_CS].selector, g.size);
        x86_push(env, &st, next_eip, g.size);
        check_eip_limit(env, g.offset, g.ce1, g.ce2, ra);
        if (g.size == 8) {
            cpu_x86_load_seg_cache(env, R_SS, dpl, 0, 0,
                                   dpl << DESC_DPL_SHIFT);
            env->regs[R_ESP] = st.sp;
        } else {
            cpu_x86_load_seg_cache(env, R_SS, (ss & ~3) | dpl,
                                   desc_base(ss_e1, ss_e2),
                                   desc_limit(ss_e1, ss_e2), ss_e2);
            env->regs[R_ESP] = st.sp;
        }
        load_cs(env, g.selector, dpl, g.ce1, g.ce2);
    } else {
        st = x86_cur_stack(env, cpu_mmu_index(env), ra);
        x86_push(env, &st, env->segs[R_CS].selector, g.size);
        x86_push(env, &st, next_eip, g.size);
        check_eip_limit(env, g.offset, g.ce1, g.ce2, ra);
        x86_set_sp(env, &st);
        load_cs(env, g.selector, cpl, g.ce1, g.ce2);
    }
    env->eip = g.offset;
}

/* Checks the CS popped by RET/IRET; returns the new CPL (its RPL). */
static int check_return_cs(CPUX86State *env, uint32_t cs, uint32_t *e1,
                           uint32_t *e2, uintptr_t ra)
{
    int cpl = x86_cpl(env), rpl = cs & 3, dpl;

    if ((cs & 0xfffc) == 0) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    if (!x86_load_desc(env, cs, e1, e2, ra) || !(*e2 & DESC_S) ||
        !(*e2 & DESC_CS) || rpl < cpl) {
        raise_exception_err_ra(env, EXCP_GP, cs & 0xfffc, ra);
    }
    dpl = desc_dpl(*e2);
    if ((*e2 & DESC_C) ? dpl > rpl : dpl != rpl) {
        raise_exception_err_ra(env, EXCP_GP, cs & 0xfffc, ra);
    }
    if ((env->hflags & HF_LMA) && (*e2 & DESC_L) && (*e2 & DESC_B)) {
        raise_exception_err_ra(env, EXCP_GP, cs & 0xfffc, ra);
    }
    if (!(*e2 & DESC_P)) {
        raise_exception_err_ra(env, EXCP_NP, cs & 0xfffc, ra);
    }
    return rpl;
}

/* Checks the SS popped by a return to privilege rpl. */
static void check_return_ss(CPUX86State *env, uint32_t ss, int rpl,
                            bool to64, uint32_t *e1, uint32_t *e2,
                            uintptr_t ra)
{
    if ((ss & 0xfffc) == 0) {
        if (!to64 || rpl == 3) {
            raise_exception_err_ra(env, EXCP_GP, 0, ra);
        }
        *e1 = 0;
        *e2 = rpl << DESC_DPL_SHIFT;
        return;
    }
    if ((ss & 3) != rpl || !x86_load_desc(env, ss, e1, e2, ra) ||
        !(*e2 & DESC_S) || (*e2 & DESC_CS) || !(*e2 & DESC_W) ||
        desc_dpl(*e2) != rpl) {
        raise_exception_err_ra(env, EXCP_GP, ss & 0xfffc, ra);
    }
    if (!(*e2 & DESC_P)) {
        raise_exception_err_ra(env, EXCP_SS, ss & 0xfffc, ra);
    }
}

static void load_return_ss(CPUX86State *env, uint32_t ss, uint32_t e1,
                           uint32_t e2)
{
    if ((ss & 0xfffc) == 0) {
        cpu_x86_load_seg_cache(env, R_SS, ss, 0, 0, e2);
    } else {
        load_seg_from_desc(env, R_SS, ss, e1, e2);
    }
}

/*
 * Far RET and protected-mode IRET share this: pops CS:EIP (and EFLAGS
 * for IRET), then SS:ESP if returning outward or from 64-bit mode.
 */
static void do_return(CPUX86State *env, int shift, bool is_iret, int addend,
                      uintptr_t ra)
{
    int size = 2 << shift, cpl = x86_cpl(env), rpl;
    X86Stack st = x86_cur_stack(env, cpu_mmu_index(env), ra);
    uint64_t new_eip, new_eflags = 0, new_esp;
    uint32_t new_cs, new_ss, e1, e2, ss_e1, ss_e2;
    bool pop_ss;

    new_eip = x86_pop(env, &st, size);
    new_cs = x86_pop(env, &st, size) & 0xffff;
    if (is_iret) {
        new_eflags = x86_pop(env, &st, size);
        if (shift == 0) {
            new_eflags &= 0xffff;
        }
        if (shift == 1 && (new_eflags & VM_MASK) && cpl == 0 &&
            !(env->hflags & HF_LMA)) {
            /* Return to virtual-8086 mode. */
            uint32_t sel[6];

            new_esp = x86_pop(env, &st, 4);
            sel[R_SS] = x86_pop(env, &st, 4) & 0xffff;
            sel[R_ES] = x86_pop(env, &st, 4) & 0xffff;
            sel[R_DS] = x86_pop(env, &st, 4) & 0xffff;
            sel[R_FS] = x86_pop(env, &st, 4) & 0xffff;
            sel[R_GS] = x86_pop(env, &st, 4) & 0xffff;
            sel[R_CS] = new_cs;
            cpu_load_eflags(env, new_eflags,
                            TF_MASK | AC_MASK | ID_MASK | IF_MASK |
                            IOPL_MASK | NT_MASK | RF_MASK | VM_MASK |
                            VIF_MASK | VIP_MASK | DF_MASK);
            for (int i = 0; i < R_NB_SEGS; i++) {
                cpu_x86_load_seg_cache(env, i, sel[i],
                                       (uint64_t)sel[i] << 4, 0xffff,
                                       VM86_SEG_FLAGS);
            }
            env->eip = new_eip & 0xffff;
            env->regs[R_ESP] = new_esp;
            x86_update_hflags(env);
            return;
        }
    }
    rpl = check_return_cs(env, new_cs, &e1, &e2, ra);
    pop_ss = rpl != cpl || (is_iret && (env->hflags & HF_CS64));
    if (!pop_ss) {
        check_eip_limit(env, new_eip, e1, e2, ra);
        st.sp = st.flat64 ? st.sp + addend
                          : (st.sp & ~st.mask) | ((st.sp + addend) & st.mask);
        x86_set_sp(env, &st);
        load_cs(env, new_cs, rpl, e1, e2);
    } else {
        bool to64 = is_64bit_code(env, e2);

        st.sp = st.flat64 ? st.sp + addend
                          : (st.sp & ~st.mask) | ((st.sp + addend) & st.mask);
        new_esp = x86_pop(env, &st, size);
        new_ss = x86_pop(env, &st, size) & 0xffff;
        check_return_ss(env, new_ss, rpl, to64, &ss_e1, &ss_e2, ra);
        check_eip_limit(env, new_eip, e1, e2, ra);
        load_cs(env, new_cs, rpl, e1, e2);
        load_return_ss(env, new_ss, ss_e1, ss_e2);
        if (to64 || (ss_e2 & DESC_B)) {
            env->regs[R_ESP] = to64 ? new_esp + addend
                                    : (uint32_t)(new_esp + addend);
        } else {
            env->regs[R_ESP] = (env->regs[R_ESP] & ~0xffffull) |
                               ((new_esp + addend) & 0xffff);
        }
        if (rpl > cpl) {
            validate_data_segs(env, rpl);
        }
    }
    env->eip = new_eip;
    if (is_iret) {
        uint64_t mask = TF_MASK | AC_MASK | ID_MASK | RF_MASK | NT_MASK |
                        DF_MASK;
        int iopl = (env->eflags & IOPL_MASK) >> 12;

        if (cpl == 0) {
            mask |= IOPL_MASK | VIF_MASK | VIP_MASK;
        }
        if (cpl <= iopl) {
            mask |= IF_MASK;
        }
        if (shift == 0) {
            mask &= 0xffff;
        }
        cpu_load_eflags(env, new_eflags, mask);
        x86_update_hflags(env);
    }
}

void helper_lret_protected(CPUX86State *env, uint32_t shift, uint32_t addend)
{
    do_return(env, shift, false, addend, GETPC());
}

void helper_iret_real(CPUX86State *env, uint32_t shift)
{
    uintptr_t ra = GETPC();
    X86Stack st = x86_cur_stack(env, cpu_mmu_index(env), ra);
    int size = shift ? 4 : 2;
    uint64_t new_eip, new_eflags, mask;
    uint32_t new_cs;
    bool vm86 = env->eflags & VM_MASK;

    if (vm86 && ((env->eflags & IOPL_MASK) >> 12) < 3) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    new_eip = x86_pop(env, &st, size);
    new_cs = x86_pop(env, &st, size) & 0xffff;
    new_eflags = x86_pop(env, &st, size);
    x86_set_sp(env, &st);
    if (vm86) {
        cpu_x86_load_seg_cache(env, R_CS, new_cs, (uint64_t)new_cs << 4,
                               0xffff, VM86_SEG_FLAGS);
    } else {
        cpu_x86_load_seg_cache(env, R_CS, new_cs, (uint64_t)new_cs << 4,
                               env->segs[R_CS].limit, env->segs[R_CS].flags);
    }
    env->eip = shift ? (uint32_t)new_eip : (new_eip & 0xffff);
    mask = TF_MASK | AC_MASK | ID_MASK | IF_MASK | NT_MASK | RF_MASK |
           DF_MASK;
    if (!vm86) {
        mask |= IOPL_MASK;
    }
    if (!shift) {
        mask &= 0xffff;
    }
    cpu_load_eflags(env, new_eflags, mask);
    env->hflags2 &= ~HF2_NMI;
    x86_update_hflags(env);
}

void helper_iret_protected(CPUX86State *env, uint32_t shift,
                           uint32_t next_eip)
{
    uintptr_t ra = GETPC();

    env->hflags2 &= ~HF2_NMI;
    if ((env->eflags & VM_MASK)) {
        /* IRET in virtual-8086 mode (IOPL 3) is the real-mode form. */
        helper_iret_real(env, shift);
        return;
    }
    if (env->eflags & NT_MASK) {
        uint32_t back, e1, e2;

        if (env->hflags & HF_LMA) {
            raise_exception_err_ra(env, EXCP_GP, 0, ra);
        }
        back = x86_sys_ld(env, env->tr.base, 2, MMU_KNOSMAP_IDX, ra);
        if ((back & 4) || !x86_load_desc(env, back, &e1, &e2, ra) ||
            (e2 & DESC_S) || (((e2 >> DESC_TYPE_SHIFT) & 7) != 3)) {
            raise_exception_err_ra(env, EXCP_TS, back & 0xfffc, ra);
        }
        x86_task_switch(env, back, e1, e2, 2, next_eip, ra);
        return;
    }
    do_return(env, shift, true, 0, ra);
}

/* ---- LAR / LSL / VERR / VERW -------------------------------------------------- */

/* ZF in cc_src: the frontend has put the flags there (CC_OP_EFLAGS). */
static void set_zf(CPUX86State *env, bool z)
{
    env->cc_src = (env->cc_src & ~CC_Z) | (z ? CC_Z : 0);
}

static bool lar_lsl_check(CPUX86State *env, uint32_t selector, bool lsl,
                          uint32_t *e1, uint32_t *e2, uintptr_t ra)
{
    int cpl = x86_cpl(env), rpl = selector & 3, dpl;

    if ((selector & 0xfffc) == 0 ||
        !x86_load_desc(env, selector, e1, e2, ra)) {
        return false;
    }
    dpl = desc_dpl(*e2);
    if (*e2 & DESC_S) {
        if ((*e2 & DESC_CS) && (*e2 & DESC_C)) {
            return true;
        }
    } else {
        int type = (*e2 >> DESC_TYPE_SHIFT) & 0xf;
        bool lma = env->hflags & HF_LMA;
        bool ok;

        switch (type) {
        case 2: case 9: case 11:
            ok = true;
            break;
        case 1: case 3:
            ok = !lma;
            break;
        case 4: case 5: case 12:
            ok = !lsl && (!lma || type == 12);
            break;
        default:
            ok = false;
        }
        if (!ok) {
            return false;
        }
    }
    return dpl >= cpl && dpl >= rpl;
}

uint64_t helper_lar(CPUX86State *env, uint64_t selector)
{
    uint32_t e1, e2;
    bool ok = lar_lsl_check(env, selector & 0xffff, false, &e1, &e2,
                            GETPC());

    set_zf(env, ok);
    return ok ? (e2 & 0x00f0ff00) : 0;
}

uint64_t helper_lsl(CPUX86State *env, uint64_t selector)
{
    uint32_t e1, e2;
    bool ok = lar_lsl_check(env, selector & 0xffff, true, &e1, &e2, GETPC());

    set_zf(env, ok);
    return ok ? desc_limit(e1, e2) : 0;
}

static bool verr_verw(CPUX86State *env, uint32_t selector, bool write,
                      uintptr_t ra)
{
    int cpl = x86_cpl(env), rpl = selector & 3, dpl;
    uint32_t e1, e2;

    if ((selector & 0xfffc) == 0 ||
        !x86_load_desc(env, selector, &e1, &e2, ra) || !(e2 & DESC_S)) {
        return false;
    }
    dpl = desc_dpl(e2);
    if (e2 & DESC_CS) {
        if (write || !(e2 & DESC_R)) {
            return false;
        }
        if (e2 & DESC_C) {
            return true;
        }
    } else if (write && !(e2 & DESC_W)) {
        return false;
    }
    return dpl >= cpl && dpl >= rpl;
}

void helper_verr(CPUX86State *env, uint64_t selector)
{
    set_zf(env, verr_verw(env, selector & 0xffff, false, GETPC()));
}

void helper_verw(CPUX86State *env, uint64_t selector)
{
    set_zf(env, verr_verw(env, selector & 0xffff, true, GETPC()));
}
