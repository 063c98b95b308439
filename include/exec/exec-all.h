/*
 * What target code (translator and helpers) needs from the TCG runtime
 * (accel/tcg/): leaving the execution loop, restoring precise state,
 * filling and flushing the soft TLB, and generated-code glue.
 */
#ifndef EXEC_EXEC_ALL_H
#define EXEC_EXEC_ALL_H

#include "hw/core/cpu.h"
#include "exec/cpu-tlb.h"
#include "exec/translation-block.h"
#include "exec/memory.h"
#include "tcg/tcg.h"              /* MemOpIdx */

/*
 * The host return address inside generated code, for helpers. Under the
 * interpreter backend the C return address is inside the interpreter, so
 * it publishes the calling op's place in the TB's bytecode instead
 * (nonzero only while a helper called from bytecode runs).
 */
extern __thread uintptr_t tcg_interp_retaddr;
#define GETPC() \
    (tcg_interp_retaddr ? tcg_interp_retaddr \
                        : (uintptr_t)__builtin_return_address(0))

/*
 * Leaves the current TB back to the cpu_exec loop (siglongjmp). With
 * _restore, first restores the guest pc/cc state of the insn at host
 * address retaddr (0: state is already precise).
 */
G_NORETURN void cpu_loop_exit(CPUState *cpu);
G_NORETURN void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr);
/* Sets cpu->exception_index = EXCP_* and leaves. */
G_NORETURN void cpu_loop_exit_noexc(CPUState *cpu);
/*
 * MTTCG: whether other vCPUs may run while this one executes. A helper
 * that cannot do a guest access atomically (MMIO, crossing a page) then
 * calls cpu_loop_exit_atomic: the insn at retaddr is redone alone, in a
 * TB of its own, with every other vCPU stopped (EXCP_ATOMIC), where
 * cpu_in_parallel_context is false and a plain load + store is atomic.
 */
bool cpu_in_parallel_context(CPUState *cpu);
G_NORETURN void cpu_loop_exit_atomic(CPUState *cpu, uintptr_t retaddr);
/* Restores guest state for host pc retaddr; false if not in a TB. */
bool cpu_restore_state(CPUState *cpu, uintptr_t retaddr);

/* Special exception_index values (guest vectors are 0..255). */
#define EXCP_INTERRUPT  0x10000   /* async interrupt: re-check requests */
#define EXCP_HLT        0x10001   /* CPU halted */
#define EXCP_DEBUG      0x10002
#define EXCP_HALTED     0x10003
#define EXCP_YIELD      0x10004   /* give other vCPUs a turn (PAUSE, ...) */
#define EXCP_ATOMIC     0x10005   /* re-run one insn with other vCPUs stopped */

/*
 * The TLB. tlb_set_page installs a translation for vaddr's page in
 * mmu_idx: paddr is the guest physical page, prot PAGE_* bits. Called by
 * the target's tlb_fill.
 */
void tlb_set_page(CPUState *cpu, uint64_t vaddr, uint64_t paddr, int prot,
                  int mmu_idx, uint64_t size);
void tlb_flush(CPUState *cpu);
void tlb_flush_page(CPUState *cpu, uint64_t vaddr);
/*
 * Flush every vCPU. Called from a vCPU thread without the BQL, returns
 * when every other vCPU has flushed or is out of translated code (it
 * flushes before its next TB); with the BQL held (or from a non-vCPU
 * thread) the others are kicked to flush before their next TB.
 */
void tlb_flush_all_cpus_synced(CPUState *src);
void tlb_flush_page_all_cpus_synced(CPUState *src, uint64_t vaddr);

/*
 * Probes an access without faulting: returns the host address for RAM,
 * NULL for MMIO or when nonfault and the translation is missing.
 * access: 0 read, 1 write, 2 execute.
 */
void *probe_access(CPUArchState *env, uint64_t vaddr, int size, int access,
                   int mmu_idx, uintptr_t retaddr);
void *tlb_vaddr_to_host(CPUArchState *env, uint64_t vaddr, int access,
                        int mmu_idx);

/* Generated code's slow paths and TB lookup (accel/tcg/cputlb.c). */
uint64_t helper_ld_mmu(CPUArchState *env, uint64_t addr, MemOpIdx oi,
                       uintptr_t retaddr);
void helper_st_mmu(CPUArchState *env, uint64_t addr, uint64_t val,
                   MemOpIdx oi, uintptr_t retaddr);
/* Returns host code for the TB matching env's state, or the runtime's
 * return-to-loop stub (tcg_code_gen_epilogue). */
const void *helper_lookup_tb_ptr(CPUArchState *env);
extern const void *tcg_code_gen_epilogue;

/* Frontend glue: emitted at TB start (exit-request check) and end. */
void gen_tb_start(TranslationBlock *tb);
void gen_tb_end(TranslationBlock *tb, int nb_insns);

/* Invalidation of translated code (SMC, DMA writes, loads). */
void tb_invalidate_phys_range(uint64_t start, uint64_t end);
void tb_flush(CPUState *cpu);

#endif
