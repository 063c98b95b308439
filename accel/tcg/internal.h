/*
 * Private to accel/tcg: the per-vCPU runtime state, the TB cache and the
 * pieces the runtime files share. See docs/devel/tcg.md.
 */
#ifndef ACCEL_TCG_INTERNAL_H
#define ACCEL_TCG_INTERNAL_H

#include "qemu/osdep.h"
#include <setjmp.h>
#include "tcg/tcg.h"
#include "exec/exec-all.h"
#include "target/i386/cpu.h"
#include "system/accel.h"

/* Per-vCPU cache of recently run TBs, indexed by a hash of the virtual pc. */
#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)

/* Deferred TLB flushes (pending_tlb_flush): one bit per mmu index. */
#define TLB_FLUSH_ALL_MMU ((1u << NB_MMU_MODES) - 1)

/* Victim TLB: entries evicted from the direct-mapped table, per mmu index. */
#define CPU_VTLB_SIZE 8

typedef struct TCGWorkItem TCGWorkItem;

/* What the runtime keeps per vCPU (CPUState.accel). */
typedef struct TCGCPUState {
    sigjmp_buf jmp_env;
    bool jmp_env_valid;           /* inside cpu_exec: cpu_loop_exit works */
    TranslationBlock *jmp_cache[TB_JMP_CACHE_SIZE];   /* atomic entries */
    /* cflags forced for the next TB (one insn after SMC), or -1. */
    uint32_t cflags_next_tb;
    /* Flushes other threads asked for; done by the owner between TBs. */
    uint32_t pending_tlb_flush;
    /* Large pages in the TLB, per mmu index: flushing a page inside
     * [addr, addr | mask] flushes the whole index. */
    uint64_t large_page_addr[NB_MMU_MODES];
    uint64_t large_page_mask[NB_MMU_MODES];
    /* Code page protected last by the translator's fetches. */
    uint64_t last_code_page;
    /* Recently evicted TLB entries (tlb_lock): a miss swaps one back
     * instead of walking the page tables (conflicts of two hot pages). */
    CPUTLBEntry vtable[NB_MMU_MODES][CPU_VTLB_SIZE];
    CPUTLBEntryFull vfull[NB_MMU_MODES][CPU_VTLB_SIZE];
    unsigned vindex[NB_MMU_MODES];
    /* Orders code protection by other threads with the owner's TLB
     * changes (cputlb.c). */
    GMutex tlb_lock;
    /* Between cpu_exec_start and cpu_exec_end (may run TB code). */
    bool running;
    /* Running one insn with every other vCPU stopped (EXCP_ATOMIC). */
    bool in_step_atomic;
    /* run_on_cpu and friends: queued work, run by the vCPU's thread. */
    GMutex work_lock;
    TCGWorkItem *work_first, *work_last;
} TCGCPUState;

/* The runtime state of cpu, created on first use. */
TCGCPUState *tcg_cpu_state(CPUState *cpu);

static inline X86CPU *tcg_x86(CPUState *cpu)
{
    return container_of(cpu, X86CPU, parent_obj);
}

static inline unsigned tb_jmp_cache_hash(uint64_t pc)
{
    uint64_t h = pc ^ (pc >> TB_JMP_CACHE_BITS);
    return (unsigned)(h & (TB_JMP_CACHE_SIZE - 1));
}

/* ---- translate-all.c: code buffer, translation, host pc -> TB ---- */

/* Creates the code buffer (size in bytes, 0: default) for backend. */
bool tcg_code_buffer_init(const TCGBackend *backend, size_t size,
                          Error **errp);
extern const TCGBackend *tcg_backend;
/* Default cflags of every TB (CF_PARALLEL under MTTCG). */
extern uint32_t tcg_cflags_default;
/* Makes the calling thread's TCGContext (vCPU threads; idempotent). */
void tcg_thread_context_init(void);
/* Translates; never returns NULL (longjmps on guest faults). */
TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags);
/* The TB whose host code contains host_pc, or NULL. */
TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc);
/* Index of the guest insn of tb whose host code contains host_pc
 * (a return address inside tb's code), or -1. */
int tb_insn_index(const TranslationBlock *tb, uintptr_t host_pc);
/* TB registry for host-pc lookups (kept in tc.ptr order). */
void tb_tree_insert(TranslationBlock *tb);
void tb_tree_remove_all(void);
/* Resets the code buffer to empty (tb_flush, all vCPUs stopped). */
void tcg_code_buffer_reset(void);
/* Allocates a TB record with room for icount insns' restore data. */
TranslationBlock *tb_alloc_record(unsigned max_insns);

/* ---- tb-maint.c: hash table, page lists, chaining, invalidation ---- */

void tb_maint_init(void);
/* Lookup by (guest physical pc, cs_base, flags, cflags). */
TranslationBlock *tb_htable_lookup(uint64_t phys_pc, uint64_t pc,
                                   uint64_t cs_base, uint32_t flags,
                                   uint32_t cflags);
/*
 * Publishes a new TB (hash + page lists). Returns tb, or an equal TB
 * already there (then tb is discarded), or NULL if guest code it was
 * made from changed during translation (inval_seq moved).
 */
TranslationBlock *tb_link(TranslationBlock *tb, uint64_t inval_seq);
/* Bumped by every invalidation; tb_link refuses TBs made across one. */
uint64_t tb_inval_seq_read(void);
/* Chains slot n of from to to (both live); no-op if already chained. */
void tb_add_jump(TranslationBlock *from, int n, TranslationBlock *to);
/* Invalidates one TB: unchain, unhash, CF_INVALID. */
void tb_phys_invalidate(TranslationBlock *tb);
/*
 * Invalidates TBs overlapping guest physical [start, end). If the TB
 * the calling vCPU is running (found from retaddr) is among them, the
 * vCPU restarts the faulting insn in a single-insn TB (longjmp). Pages
 * left without TBs lose their code protection.
 */
void tb_invalidate_phys_range_ra(CPUState *cpu, uint64_t start,
                                 uint64_t end, uintptr_t retaddr);
/*
 * A store of [start, end) is about to change code: if that code belongs
 * to the TB the calling vCPU runs (after the storing insn), invalidates
 * and restarts the insn in a TB of its own (longjmp). Otherwise returns;
 * the caller stores, then invalidates with tb_invalidate_phys_range (in
 * that order, so a translation racing on another vCPU either reads the
 * new bytes or is refused or dropped).
 */
void tb_check_smc_current(CPUState *cpu, uint64_t start, uint64_t end,
                          uintptr_t retaddr);
/* Whether the guest physical page holds TBs. */
bool tb_page_has_code(uint64_t phys_page);
/* Clears jump-cache entries of one vCPU (all / those of a page). */
void tb_jmp_cache_clear(CPUState *cpu);
void tb_jmp_cache_clear_page(CPUState *cpu, uint64_t vaddr);
/* Number of live TBs and flushes so far (tests, "info jit"). */
unsigned tb_count_live(void);
unsigned tb_flush_count(void);
/* Empties the TB cache now; caller guarantees no vCPU runs TB code. */
void tb_flush_now(void);
/* Code-write hook and memory listener (init_machine; idempotent). */
void tcg_memory_hooks_init(void);

/*
 * Safe work: functions run when no vCPU executes translated code (the
 * single-threaded loop runs them between time slices; MTTCG in an
 * exclusive section, on whichever vCPU thread gets there first).
 */
typedef void TCGSafeWorkFn(void *opaque);
void tcg_safe_work_schedule(TCGSafeWorkFn *fn, void *opaque);
/* Runs the queue; true if anything ran. */
bool tcg_safe_work_run(void);
bool tcg_safe_work_pending(void);

/* ---- cpu-work.c: exclusive sections, work for vCPU threads ---- */

/*
 * A vCPU thread brackets cpu_exec with these. cpu_exec_start waits while
 * an exclusive section runs.
 */
void cpu_exec_start(CPUState *cpu);
void cpu_exec_end(CPUState *cpu);
/* Whether cpu is between cpu_exec_start and cpu_exec_end. */
bool tcg_cpu_running(CPUState *cpu);
/*
 * Exclusive section: returns when no vCPU is between cpu_exec_start and
 * cpu_exec_end (running ones are kicked out), and keeps them out until
 * end_exclusive. The caller must not hold the BQL (a vCPU may be waiting
 * for it before it can leave) and must not be inside cpu_exec itself.
 */
void start_exclusive(void);
void end_exclusive(void);
/* Whether the calling thread is in an exclusive section (or is the
 * round-robin thread running safe work). */
bool tcg_in_exclusive(void);

typedef void TCGRunOnCpuFn(CPUState *cpu, void *data);
/*
 * Runs fn on cpu's thread, outside cpu_exec, with the BQL held; returns
 * when it ran. The caller holds the BQL and is not inside cpu_exec (a
 * vCPU starting an exclusive section would wait for it while it waits
 * for that vCPU). On cpu's own thread (or before the thread exists) fn
 * runs at once.
 */
void run_on_cpu(CPUState *cpu, TCGRunOnCpuFn *fn, void *data);
/* The same without waiting. */
void async_run_on_cpu(CPUState *cpu, TCGRunOnCpuFn *fn, void *data);
/* Without waiting, in an exclusive section (BQL not held). */
void async_safe_run_on_cpu(CPUState *cpu, TCGRunOnCpuFn *fn, void *data);
/* Whether cpu has queued work. */
bool tcg_cpu_work_pending(CPUState *cpu);
/*
 * cpu's thread runs its queued work and the global safe work (BQL held
 * on entry and exit; dropped around exclusive sections).
 */
void tcg_process_queued_work(CPUState *cpu);
/* Sets cpu's exit_request: it leaves translated code at the next TB
 * start. No wake-up (a halted vCPU runs nothing anyway). */
void tcg_kick_exit(CPUState *cpu);

/* ---- cputlb.c ---- */

void tlb_init_cpu(CPUState *cpu);
/* Applies flushes other threads left for cpu (cpu's own thread). */
void tlb_flush_pending(CPUState *cpu);
/* A page became code: makes writes through every vCPU's TLB slow. */
void tlb_protect_code_page(uint64_t phys_page);
/* RAM behind a guest physical page, or NULL (MMIO, ROM device...). */
void *tcg_phys_to_host(uint64_t paddr, RAMBlock **rb, uint64_t *rb_offset);
/* Physical address of the code at vaddr without faulting; -1 if none. */
uint64_t get_page_addr_code_probe(CPUArchState *env, uint64_t vaddr);
/* Whether cpu's TLB may be changed by the calling thread right now. */
bool tcg_cpu_is_owned(CPUState *cpu);

/* ---- cpu-exec.c ---- */

int cpu_exec(CPUState *cpu);
/* EXCP_ATOMIC: runs the next insn alone, every other vCPU stopped. */
void cpu_exec_step_atomic(CPUState *cpu);
/* cflags for the next TB of cpu (cflags_next_tb or the default). */
uint32_t tcg_curr_cflags(CPUState *cpu);

/* ---- tcg-accel-ops.c ---- */

extern const AccelOpsClass tcg_accel_ops;
/* true: one thread per vCPU (MTTCG); false: round-robin. */
extern bool tcg_mttcg_enabled;
/* A vCPU thread exists (before that, "safe" work runs at once). */
extern bool tcg_threads_started;
/* The round-robin thread (all vCPUs), NULL before it starts / MTTCG. */
extern GThread *tcg_rr_thread;
/* Makes every vCPU leave translated code soon. */
void tcg_kick_all(void);

#endif
