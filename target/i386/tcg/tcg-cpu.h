/*
 * The x86 side of TCG: the hooks the runtime (accel/tcg/) calls and the
 * C-level functions helpers share. Owners: translate*.c (frontend),
 * excp/seg/mmu/misc helpers (system), cc_helper.c (flags).
 */
#ifndef TARGET_I386_TCG_CPU_H
#define TARGET_I386_TCG_CPU_H

#include "target/i386/cpu.h"
#include "exec/exec-all.h"

/* --- Hooks for accel/tcg. --- */
/* Frontend: registers the env globals; once, after tcg_init(). */
void tcg_x86_init(void);
/* Frontend: emits IR for the TB at tb->pc (at most max_insns insns). */
void gen_intermediate_code(CPUState *cs, TranslationBlock *tb,
                           int max_insns);
/* Frontend: restores eip and cc_op from an insn_start's data words. */
void x86_restore_state_to_opc(CPUState *cs, const TranslationBlock *tb,
                              const uint64_t *data);
/*
 * The TB key for the current state: env->hflags with the EFLAGS-derived
 * bits (TF, IOPL, RF, VM, AC) taken from env->eflags now, since POPF and
 * friends change EFLAGS without recomputing hflags. HF_INHIBIT_IRQ comes
 * from hflags as the frontend left it. Inline: it runs on every indirect
 * jump (helper_lookup_tb_ptr). The HF_ bits sit where the EFLAGS bits do.
 */
#define X86_TB_EFLAGS_BITS (TF_MASK | IOPL_MASK | RF_MASK | VM_MASK | AC_MASK)
QEMU_BUILD_BUG_ON(HF_TF != TF_MASK || (3u << HF_IOPL_SHIFT) != IOPL_MASK ||
                  HF_RF != RF_MASK || HF_VM != VM_MASK || HF_AC != AC_MASK);

static inline void x86_cpu_get_tb_cpu_state(CPUX86State *env, uint64_t *pc,
                                            uint64_t *cs_base,
                                            uint32_t *flags)
{
    uint32_t f = (env->hflags & ~(uint32_t)X86_TB_EFLAGS_BITS) |
                 ((uint32_t)env->eflags & X86_TB_EFLAGS_BITS);
    uint64_t base = env->segs[R_CS].base;
    uint64_t p = base + env->eip;

    *cs_base = base;
    /* Outside 64-bit code the linear pc wraps at 4 GiB. */
    *pc = (f & HF_CS64) ? p : (uint32_t)p;
    *flags = f;
}
/* Delivers a pending interrupt/NMI/INIT/SIPI if allowed; true if it
 * changed the control flow. */
bool x86_cpu_exec_interrupt(CPUState *cs, int interrupt_request);
/* Delivers cs->exception_index (a vector) with env->error_code etc. */
void x86_cpu_do_interrupt(CPUState *cs);
/* Can the halted CPU run (pending unmasked interrupt, NMI, INIT...)? */
bool x86_cpu_has_work(CPUState *cs);
/*
 * Soft-TLB miss: walks the page tables for addr (access_type 0 read,
 * 1 write, 2 execute) and calls tlb_set_page; on a fault returns false
 * if probe, else raises #PF (restoring state from retaddr).
 */
bool x86_cpu_tlb_fill(CPUState *cs, uint64_t addr, int size,
                      int access_type, int mmu_idx, bool probe,
                      uintptr_t retaddr);
/* Entering/leaving cpu_exec: eflags <-> lazy flags (cc_src, cc_op, df). */
void x86_cpu_exec_enter(CPUState *cs);
void x86_cpu_exec_exit(CPUState *cs);

/* --- Shared by helpers. --- */
/* Raise a guest exception; ra = GETPC() or 0 when state is precise. */
G_NORETURN void raise_exception(CPUX86State *env, int vector);
G_NORETURN void raise_exception_ra(CPUX86State *env, int vector,
                                   uintptr_t ra);
G_NORETURN void raise_exception_err(CPUX86State *env, int vector,
                                    int error_code);
G_NORETURN void raise_exception_err_ra(CPUX86State *env, int vector,
                                       int error_code, uintptr_t ra);
/* Loads a segment register's hidden part and updates hflags. */
void cpu_x86_load_seg_cache(CPUX86State *env, int seg, uint32_t selector,
                            uint64_t base, uint32_t limit, uint32_t flags);
void cpu_x86_update_cr0(CPUX86State *env, uint64_t new_cr0);
void cpu_x86_update_cr3(CPUX86State *env, uint64_t new_cr3);
void cpu_x86_update_cr4(CPUX86State *env, uint64_t new_cr4);
/* Flags: the O S Z A P C bits of the lazy state; full EFLAGS. */
uint32_t cc_compute_all(CPUX86State *env);
uint64_t cpu_compute_eflags(CPUX86State *env);
/* Loads EFLAGS bits under update_mask (plus the arithmetic flags). */
void cpu_load_eflags(CPUX86State *env, uint64_t eflags, uint64_t update_mask);
/* Guest memory via the stack segment etc. with mmu index for CPL. */
int cpu_mmu_index(CPUX86State *env);
int cpu_mmu_index_kernel(CPUX86State *env);

#endif
