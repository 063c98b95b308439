/*
 * Event delivery: exceptions and interrupts through the IVT (real mode)
 * or the IDT (protected mode with interrupt/trap/task gates, virtual-8086
 * mode, long mode with IST), and the external events the runtime asks
 * about: INTR (LAPIC or 8259), NMI, INIT, SIPI. Rules from the Intel SDM
 * vol. 3 chapter 6 ("Interrupt and Exception Handling") and 8.4 (INIT,
 * SIPI).
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "hw/intc/apic.h"
#include "hw/intc/i8259.h"
#include "target/i386/tcg/sys-internal.h"
#include "target/i386/tcg/sys-state.h"

static bool has_error_code(int intno)
{
    switch (intno) {
    case EXCP_DF: case EXCP_TS: case EXCP_NP: case EXCP_SS: case EXCP_GP:
    case EXCP_PF: case EXCP_AC: case 21:
        return true;
    }
    return false;
}

/* Clears the EFLAGS bits interrupt delivery clears (non-arithmetic bits
 * live in env->eflags while translated code runs). */
static void clear_eflags(CPUX86State *env, uint64_t mask)
{
    env->eflags &= ~mask;
    x86_update_hflags(env);
}

static void do_interrupt_real(CPUX86State *env, int intno, bool is_int,
                              uint64_t next_eip)
{
    int mmu = MMU_KNOSMAP_IDX;
    X86Stack st = x86_cur_stack(env, mmu, 0);
    uint64_t ptr = env->idt.base + intno * 4;
    uint32_t offset, selector;

    if (intno * 4 + 3 > env->idt.limit) {
        raise_exception_err(env, EXCP_GP, intno * 8 + 2);
    }
    offset = x86_sys_ld(env, ptr, 2, mmu, 0);
    selector = x86_sys_ld(env, ptr + 2, 2, mmu, 0);
    x86_push(env, &st, cpu_compute_eflags(env), 2);
    x86_push(env, &st, env->segs[R_CS].selector, 2);
    x86_push(env, &st, is_int ? next_eip : env->eip, 2);
    x86_set_sp(env, &st);
    env->eip = offset;
    cpu_x86_load_seg_cache(env, R_CS, selector, (uint64_t)selector << 4,
                           env->segs[R_CS].limit, env->segs[R_CS].flags);
    clear_eflags(env, IF_MASK | TF_MASK | AC_MASK | RF_MASK);
}

/* SS:ESP for privilege level dpl from the 16- or 32-bit TSS. */
static void tss_stack(CPUX86State *env, int dpl, uint32_t *ss, uint32_t *esp)
{
    int type = (env->tr.flags >> DESC_TYPE_SHIFT) & 0xf;
    int shift = type >> 3;
    uint32_t index = (dpl * 4 + 2) << shift;
    int mmu = cpu_mmu_index_kernel(env);

    if (!(env->tr.flags & DESC_P)) {
        qemu_log_mask(LOG_GUEST_ERROR, "x86: interrupt with no valid TR\n");
    }
    if (index + (4 << shift) - 1 > env->tr.limit) {
        raise_exception_err(env, EXCP_TS, env->tr.selector & 0xfffc);
    }
    if (shift) {
        *esp = x86_sys_ld(env, env->tr.base + index, 4, mmu, 0);
        *ss = x86_sys_ld(env, env->tr.base + index + 4, 2, mmu, 0);
    } else {
        *esp = x86_sys_ld(env, env->tr.base + index, 2, mmu, 0);
        *ss = x86_sys_ld(env, env->tr.base + index + 2, 2, mmu, 0);
    }
}

/* RSPn (level 0-2) or ISTn (level 3 + n) from the 64-bit TSS. */
static uint64_t tss_rsp64(CPUX86State *env, int level)
{
    uint32_t index = 8 * level + 4;

    if (index + 7 > env->tr.limit) {
        raise_exception_err(env, EXCP_TS, env->tr.selector & 0xfffc);
    }
    return x86_sys_ld(env, env->tr.base + index, 8,
                      cpu_mmu_index_kernel(env), 0);
}

/* Reads gate target descriptor checks shared by both IDT formats. */
static void check_gate_target(CPUX86State *env, uint32_t selector, int ext,
                              uint32_t *e1, uint32_t *e2)
{
    if ((selector & 0xfffc) == 0) {
        raise_exception_err(env, EXCP_GP, ext);
    }
    if (!x86_load_desc(env, selector, e1, e2, 0)) {
        raise_exception_err(env, EXCP_GP, (selector & 0xfffc) + ext);
    }
    if (!(*e2 & DESC_S) || !(*e2 & DESC_CS)) {
        raise_exception_err(env, EXCP_GP, (selector & 0xfffc) + ext);
    }
    if (desc_dpl(*e2) > x86_cpl(env)) {
        raise_exception_err(env, EXCP_GP, (selector & 0xfffc) + ext);
    }
    if (!(*e2 & DESC_P)) {
        raise_exception_err(env, EXCP_NP, (selector & 0xfffc) + ext);
    }
}

static void do_interrupt_protected(CPUX86State *env, int intno, bool is_int,
                                   int error_code, uint64_t next_eip,
                                   bool is_hw)
{
    bool has_err = !is_int && !is_hw && has_error_code(intno);
    int ext = is_int ? 0 : 1;
    uint32_t idt_err = intno * 8 + 2 + ext;
    int cpl = x86_cpl(env), dpl, type, shift, mmu;
    uint32_t e1, e2, ce1, ce2, selector, ss = 0, esp = 0;
    uint32_t ss_e1 = 0, ss_e2 = 0;
    uint64_t offset, eflags, ret_eip = is_int ? next_eip : env->eip;
    bool vm86 = env->eflags & VM_MASK, new_stack;
    X86Stack st;

    if (intno * 8 + 7 > env->idt.limit) {
        raise_exception_err(env, EXCP_GP, idt_err);
    }
    mmu = cpu_mmu_index_kernel(env);
    e1 = x86_sys_ld(env, env->idt.base + intno * 8, 4, mmu, 0);
    e2 = x86_sys_ld(env, env->idt.base + intno * 8 + 4, 4, mmu, 0);
    type = (e2 >> DESC_TYPE_SHIFT) & 0x1f;
    switch (type) {
    case 5: case 6: case 7: case 14: case 15:
        break;
    default:
        raise_exception_err(env, EXCP_GP, idt_err);
    }
    if (is_int && desc_dpl(e2) < cpl) {
        raise_exception_err(env, EXCP_GP, idt_err);
    }
    if (!(e2 & DESC_P)) {
        raise_exception_err(env, EXCP_NP, idt_err);
    }
    if (type == 5) {
        uint32_t tss_sel = e1 >> 16, te1, te2;

        if ((tss_sel & 4) || !x86_load_desc(env, tss_sel, &te1, &te2, 0)) {
            raise_exception_err(env, EXCP_TS, (tss_sel & 0xfffc) + ext);
        }
        x86_task_switch(env, tss_sel, te1, te2, 1, ret_eip, 0);
        if (has_err) {
            int size = (env->tr.flags & (8u << DESC_TYPE_SHIFT)) ? 4 : 2;

            st = x86_cur_stack(env, cpu_mmu_index_kernel(env), 0);
            x86_push(env, &st, error_code, size);
            x86_set_sp(env, &st);
        }
        return;
    }
    shift = type >> 3;
    offset = (e2 & 0xffff0000) | (e1 & 0xffff);
    if (!shift) {
        offset &= 0xffff;
    }
    selector = e1 >> 16;
    check_gate_target(env, selector, ext, &ce1, &ce2);
    dpl = (ce2 & DESC_C) ? cpl : desc_dpl(ce2);

    if (dpl < cpl) {
        tss_stack(env, dpl, &ss, &esp);
        if ((ss & 0xfffc) == 0) {
            raise_exception_err(env, EXCP_TS, ext);
        }
        if ((ss & 3) != dpl || !x86_load_desc(env, ss, &ss_e1, &ss_e2, 0) ||
            desc_dpl(ss_e2) != dpl || !(ss_e2 & DESC_S) ||
            (ss_e2 & DESC_CS) || !(ss_e2 & DESC_W)) {
            raise_exception_err(env, EXCP_TS, (ss & 0xfffc) + ext);
        }
        if (!(ss_e2 & DESC_P)) {
            raise_exception_err(env, EXCP_SS, (ss & 0xfffc) + ext);
        }
        new_stack = true;
        st = (X86Stack) {
            .base = desc_base(ss_e1, ss_e2),
            .mask = (ss_e2 & DESC_B) ? 0xffffffff : 0xffff,
            .sp = esp, .mmu_idx = dpl == 3 ? MMU_USER_IDX : mmu,
        };
    } else {
        if (vm86) {
            raise_exception_err(env, EXCP_GP, (selector & 0xfffc) + ext);
        }
        new_stack = false;
        st = x86_cur_stack(env, dpl == 3 ? MMU_USER_IDX : mmu, 0);
    }
    if (vm86 && dpl != 0) {
        raise_exception_err(env, EXCP_GP, (selector & 0xfffc) + ext);
    }

    eflags = cpu_compute_eflags(env);
    if (new_stack) {
        if (vm86) {
            x86_push(env, &st, env->segs[R_GS].selector, 2 << shift);
            x86_push(env, &st, env->segs[R_FS].selector, 2 << shift);
            x86_push(env, &st, env->segs[R_DS].selector, 2 << shift);
            x86_push(env, &st, env->segs[R_ES].selector, 2 << shift);
        }
        x86_push(env, &st, env->segs[R_SS].selector, 2 << shift);
        x86_push(env, &st, env->regs[R_ESP], 2 << shift);
    }
    x86_push(env, &st, eflags, 2 << shift);
    x86_push(env, &st, env->segs[R_CS].selector, 2 << shift);
    x86_push(env, &st, ret_eip, 2 << shift);
    if (has_err) {
        x86_push(env, &st, error_code, 2 << shift);
    }

    /* Committed: nothing below faults. */
    if (new_stack) {
        if (vm86) {
            for (int seg = R_ES; seg < R_NB_SEGS; seg++) {
                if (seg != R_CS && seg != R_SS) {
                    cpu_x86_load_seg_cache(env, seg, 0, 0, 0, 0);
                }
            }
        }
        cpu_x86_load_seg_cache(env, R_SS, (ss & ~3) | dpl,
                               desc_base(ss_e1, ss_e2),
                               desc_limit(ss_e1, ss_e2), ss_e2);
        env->regs[R_ESP] = esp;
    }
    x86_set_sp(env, &st);
    cpu_x86_load_seg_cache(env, R_CS, (selector & 0xfffc) | dpl,
                           desc_base(ce1, ce2), desc_limit(ce1, ce2),
                           (ce2 & ~(3u << DESC_DPL_SHIFT)) |
                           (dpl << DESC_DPL_SHIFT));
    env->eip = offset;
    clear_eflags(env, TF_MASK | VM_MASK | RF_MASK | NT_MASK |
                      ((type & 1) ? 0 : IF_MASK));
}

static void do_interrupt64(CPUX86State *env, int intno, bool is_int,
                           int error_code, uint64_t next_eip, bool is_hw)
{
    bool has_err = !is_int && !is_hw && has_error_code(intno);
    int ext = is_int ? 0 : 1;
    uint32_t idt_err = intno * 8 + 2 + ext;
    int cpl = x86_cpl(env), dpl, type, ist, mmu;
    uint32_t e1, e2, e3, ce1, ce2, selector;
    uint64_t offset, rsp, ret_eip = is_int ? next_eip : env->eip;
    uint64_t ptr = env->idt.base + intno * 16;
    X86Stack st;

    if (intno * 16 + 15 > env->idt.limit) {
        raise_exception_err(env, EXCP_GP, idt_err);
    }
    mmu = cpu_mmu_index_kernel(env);
    e1 = x86_sys_ld(env, ptr, 4, mmu, 0);
    e2 = x86_sys_ld(env, ptr + 4, 4, mmu, 0);
    e3 = x86_sys_ld(env, ptr + 8, 4, mmu, 0);
    type = (e2 >> DESC_TYPE_SHIFT) & 0x1f;
    if (type != 14 && type != 15) {
        raise_exception_err(env, EXCP_GP, idt_err);
    }
    if (is_int && desc_dpl(e2) < cpl) {
        raise_exception_err(env, EXCP_GP, idt_err);
    }
    if (!(e2 & DESC_P)) {
        raise_exception_err(env, EXCP_NP, idt_err);
    }
    selector = e1 >> 16;
    offset = ((uint64_t)e3 << 32) | (e2 & 0xffff0000) | (e1 & 0xffff);
    ist = e2 & 7;
    check_gate_target(env, selector, ext, &ce1, &ce2);
    if (!(ce2 & DESC_L) || (ce2 & DESC_B)) {
        raise_exception_err(env, EXCP_GP, (selector & 0xfffc) + ext);
    }
    dpl = (ce2 & DESC_C) ? cpl : desc_dpl(ce2);
    if (ist) {
        rsp = tss_rsp64(env, ist + 3);
    } else if (dpl < cpl) {
        rsp = tss_rsp64(env, dpl);
    } else {
        rsp = env->regs[R_ESP];
    }
    rsp &= ~0xfull;
    st = (X86Stack) {
        .sp = rsp, .flat64 = true, .mmu_idx = dpl == 3 ? MMU_USER_IDX : mmu,
    };
    x86_push(env, &st, env->segs[R_SS].selector, 8);
    x86_push(env, &st, env->regs[R_ESP], 8);
    x86_push(env, &st, cpu_compute_eflags(env), 8);
    x86_push(env, &st, env->segs[R_CS].selector, 8);
    x86_push(env, &st, ret_eip, 8);
    if (has_err) {
        x86_push(env, &st, error_code, 8);
    }

    env->regs[R_ESP] = st.sp;
    if (dpl < cpl) {
        /* The new SS is a null selector whose RPL is the new CPL. */
        cpu_x86_load_seg_cache(env, R_SS, dpl, 0, 0,
                               dpl << DESC_DPL_SHIFT);
    }
    cpu_x86_load_seg_cache(env, R_CS, (selector & 0xfffc) | dpl,
                           desc_base(ce1, ce2), desc_limit(ce1, ce2),
                           (ce2 & ~(3u << DESC_DPL_SHIFT)) |
                           (dpl << DESC_DPL_SHIFT));
    env->eip = offset;
    clear_eflags(env, TF_MASK | VM_MASK | RF_MASK | NT_MASK |
                      ((type & 1) ? 0 : IF_MASK));
}

static bool double_fault_class(int intno)
{
    return intno == EXCP_DE || (intno >= EXCP_TS && intno <= EXCP_GP) ||
           intno == EXCP_PF || intno == EXCP_DF;
}

void x86_do_interrupt(CPUX86State *env, int intno, bool is_int,
                      int error_code, uint64_t next_eip, bool is_hw)
{
    qemu_log_mask(CPU_LOG_INT, "x86: vector %#x%s%s err=%#x at "
                  "%04x:%016" PRIx64 " cpl=%d\n", intno,
                  is_int ? " (int)" : "", is_hw ? " (hw)" : "",
                  error_code, env->segs[R_CS].selector, env->eip,
                  x86_cpl(env));
    /* What a fault during this delivery combines with (excp_helper.c). */
    env->old_exception = (!is_int && !is_hw && double_fault_class(intno)) ?
                         intno : -1;
    if (!(env->cr[0] & CR0_PE)) {
        do_interrupt_real(env, intno, is_int, next_eip);
    } else if (env->hflags & HF_LMA) {
        do_interrupt64(env, intno, is_int, error_code, next_eip, is_hw);
    } else {
        do_interrupt_protected(env, intno, is_int, error_code, next_eip,
                               is_hw);
    }
    env->old_exception = -1;
    /* Delivery ends any MOV SS / STI shadow. */
    env->hflags &= ~HF_INHIBIT_IRQ;
}

void x86_cpu_do_interrupt(CPUState *cs)
{
    CPUX86State *env = &X86_CPU(cs)->env;
    int intno = cs->exception_index;

    if (intno < 0 || intno > 255) {
        return;
    }
    x86_do_interrupt(env, intno, env->exception_is_int, env->error_code,
                     env->exception_next_eip, false);
    cs->exception_index = -1;
}

/* ---- external events ----------------------------------------------------- */

static void do_cpu_init(X86CPU *cpu)
{
    CPUState *cs = CPU(cpu);
    CPUX86State *env = &cpu->env;
    /* INIT keeps these (SDM "Table 9-1"): MTRRs, PAT... and the APIC
     * base; it resets the rest like RESET. */
    uint64_t pat = env->pat, apic_base = env->apic_base;
    uint64_t mtrr_def = env->mtrr_deftype, fixed[X86_MTRR_FIXED_COUNT];
    uint64_t vb[X86_MTRR_VAR_COUNT], vm[X86_MTRR_VAR_COUNT];
    uint32_t pending = cs->interrupt_request & CPU_INTERRUPT_SIPI;

    memcpy(fixed, env->mtrr_fixed, sizeof(fixed));
    memcpy(vb, env->mtrr_var_base, sizeof(vb));
    memcpy(vm, env->mtrr_var_mask, sizeof(vm));
    cpu_reset(cs);
    env->pat = pat;
    env->apic_base = apic_base;
    env->mtrr_deftype = mtrr_def;
    memcpy(env->mtrr_fixed, fixed, sizeof(fixed));
    memcpy(env->mtrr_var_base, vb, sizeof(vb));
    memcpy(env->mtrr_var_mask, vm, sizeof(vm));
    cs->interrupt_request |= pending;
    tlb_flush(cs);
    if (cpu->apic_state) {
        apic_init_reset(cpu->apic_state);
    }
    /* Application processors wait for a SIPI. */
    cs->halted = !(env->apic_base & MSR_IA32_APICBASE_BSP);
}

static void do_cpu_sipi(X86CPU *cpu)
{
    CPUState *cs = CPU(cpu);
    CPUX86State *env = &cpu->env;
    int vector = cpu->apic_state ? apic_get_sipi_vector(cpu->apic_state)
                                 : 0;

    env->eip = 0;
    cpu_x86_load_seg_cache(env, R_CS, vector << 8, vector << 12,
                           env->segs[R_CS].limit, env->segs[R_CS].flags);
    cs->halted = false;
}

/* The vector of the pending external interrupt (INTA), or -1. */
static int x86_ack_interrupt(X86CPU *cpu)
{
    bool locked = bql_locked();
    int vector = -1;

    if (!locked) {
        bql_lock();
    }
    if (cpu->apic_state) {
        vector = apic_get_interrupt(cpu->apic_state);
    }
    if (vector < 0 && apic_accept_pic_intr(cpu->apic_state) && isa_pic &&
        pic_get_output(isa_pic)) {
        vector = pic_read_irq(isa_pic);
    }
    if (!locked) {
        bql_unlock();
    }
    return vector;
}

bool x86_cpu_exec_interrupt(CPUState *cs, int interrupt_request)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;
    X86SysState *ss = x86_sys_state(env);

    if (ss->wait_active) {
        /* UMWAIT/TPAUSE: an event ends the wait before the time limit. */
        x86_wait_wake_event(env);
    }
    if (interrupt_request & CPU_INTERRUPT_INIT) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_INIT);
        do_cpu_init(cpu);
        /* An AP now waits for SIPI: the loop sees cs->halted. */
        return true;
    }
    if (interrupt_request & CPU_INTERRUPT_SIPI) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_SIPI);
        do_cpu_sipi(cpu);
        return true;
    }
    if ((interrupt_request & CPU_INTERRUPT_NMI) &&
        !(env->hflags2 & HF2_NMI)) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_NMI);
        env->hflags2 |= HF2_NMI;
        cs->halted = false;
        x86_do_interrupt(env, EXCP_NMI, false, 0, env->eip, true);
        return true;
    }
    if ((interrupt_request & CPU_INTERRUPT_HARD) &&
        (env->eflags & IF_MASK) && !(env->hflags & HF_INHIBIT_IRQ)) {
        int vector = x86_ack_interrupt(cpu);

        if (vector < 0) {
            return false;
        }
        cs->halted = false;
        x86_do_interrupt(env, vector, false, 0, env->eip, true);
        return true;
    }
    return false;
}

bool x86_cpu_has_work(CPUState *cs)
{
    CPUX86State *env = &X86_CPU(cs)->env;
    uint32_t req = cs->interrupt_request;

    if (x86_wait_timer_expired(env)) {
        return true;
    }
    /* UMWAIT/TPAUSE wake up on interrupts even with IF=0. */
    if (x86_sys_state(env)->wait_active &&
        (req & (CPU_INTERRUPT_HARD | CPU_INTERRUPT_NMI))) {
        return true;
    }
    return ((req & CPU_INTERRUPT_HARD) && (env->eflags & IF_MASK)) ||
           ((req & CPU_INTERRUPT_NMI) && !(env->hflags2 & HF2_NMI)) ||
           (req & (CPU_INTERRUPT_INIT | CPU_INTERRUPT_SIPI));
}
