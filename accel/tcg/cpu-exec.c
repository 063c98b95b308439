/*
 * The vCPU execution loop: find or translate the TB for the current
 * state, run it, chain it to its successor, and handle what makes it
 * stop: exceptions, interrupts, exit requests (kicks) and HLT.
 *
 * cpu_exec() runs without the BQL; it takes the BQL to deliver
 * interrupts and exceptions (the APIC and PIC are devices).
 */
#include "qemu/osdep.h"
#include "qemu/atomic.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "target/i386/tcg/tcg-cpu.h"
#include "internal.h"

/* The backend's return-to-loop code, set by its init_code_buffer. */
const void *tcg_code_gen_epilogue;

uint32_t tcg_curr_cflags(CPUState *cpu)
{
    uint32_t cflags = tcg_cflags_default;

    if (qemu_loglevel_mask(CPU_LOG_TB_NOCHAIN)) {
        cflags |= CF_NO_GOTO_TB | CF_NO_GOTO_PTR;
    }
    return cflags;
}

/* ---- leaving the loop ---- */

void cpu_loop_exit(CPUState *cpu)
{
    TCGCPUState *tcs = tcg_cpu_state(cpu);

    if (!tcs->jmp_env_valid) {
        g_error("tcg: cpu_loop_exit outside cpu_exec (exception %d)",
                cpu->exception_index);
    }
    siglongjmp(tcs->jmp_env, 1);
}

void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr)
{
    if (retaddr) {
        cpu_restore_state(cpu, retaddr);
    }
    cpu_loop_exit(cpu);
}

void cpu_loop_exit_noexc(CPUState *cpu)
{
    cpu->exception_index = -1;
    cpu_loop_exit(cpu);
}

bool cpu_in_parallel_context(CPUState *cpu)
{
    return tcg_mttcg_enabled && !tcg_cpu_state(cpu)->in_step_atomic;
}

void cpu_loop_exit_atomic(CPUState *cpu, uintptr_t retaddr)
{
    g_assert(cpu_in_parallel_context(cpu));
    if (retaddr) {
        cpu_restore_state(cpu, retaddr);
    }
    cpu->exception_index = EXCP_ATOMIC;
    cpu_loop_exit(cpu);
}

/* ---- finding TBs ---- */

/* Hot paths: the state exists once the vCPU runs TBs. */
static inline TCGCPUState *tcs_of(CPUState *cpu)
{
    TCGCPUState *tcs = qatomic_read((TCGCPUState **)&cpu->accel);

    return likely(tcs) ? tcs : tcg_cpu_state(cpu);
}

static TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc,
                                   uint64_t cs_base, uint32_t flags,
                                   uint32_t cflags)
{
    TCGCPUState *tcs = tcs_of(cpu);
    CPUArchState *env = &tcg_x86(cpu)->env;
    unsigned h = tb_jmp_cache_hash(pc);
    TranslationBlock *tb = qatomic_read(&tcs->jmp_cache[h]);
    uint64_t phys_pc;

    /* An invalidated TB has CF_INVALID in cflags: it never matches. */
    if (likely(tb && tb->pc == pc && tb->cs_base == cs_base &&
               tb->flags == flags && qatomic_read(&tb->cflags) == cflags)) {
        return tb;
    }
    phys_pc = get_page_addr_code_probe(env, pc);
    if (phys_pc == (uint64_t)-1) {
        return NULL;        /* tb_gen_code raises the fault */
    }
    tb = tb_htable_lookup(phys_pc, pc, cs_base, flags, cflags);
    if (!tb) {
        return NULL;
    }
    if (tb->page_addr[1] != (uint64_t)-1) {
        uint64_t p2 = get_page_addr_code_probe(
            env, (pc & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE);
        if (p2 == (uint64_t)-1 ||
            (p2 & TARGET_PAGE_MASK) != tb->page_addr[1]) {
            return NULL;    /* retranslated; tb_link replaces it */
        }
    }
    qatomic_set(&tcs->jmp_cache[h], tb);
    return tb;
}

static void log_exec(CPUState *cpu, TranslationBlock *tb)
{
    if (qemu_loglevel_mask(CPU_LOG_EXEC)) {
        qemu_log("Trace %d: %p [%016" PRIx64 "/%016" PRIx64 "/%08x/%08x]\n",
                 cpu->cpu_index, tb->tc.ptr, tb->cs_base, tb->pc, tb->flags,
                 tb->cflags);
    }
    if (qemu_loglevel_mask(CPU_LOG_TB_CPU)) {
        CPUClass *cc = CPU_GET_CLASS(cpu);
        if (cc->dump_state) {
            GString *s = g_string_new(NULL);
            x86_cpu_exec_exit(cpu);
            cc->dump_state(cpu, s, 0);
            x86_cpu_exec_enter(cpu);
            qemu_log("%s", s->str);
            g_string_free(s, true);
        }
    }
}

const void *helper_lookup_tb_ptr(CPUArchState *env)
{
    CPUState *cpu = env_cpu(env);
    TCGCPUState *tcs = tcs_of(cpu);
    TranslationBlock *tb;
    uint64_t pc, cs_base;
    uint32_t flags, cflags;

    if (tcs->cflags_next_tb != (uint32_t)-1 || tcs->in_step_atomic) {
        return tcg_code_gen_epilogue;
    }
    x86_cpu_get_tb_cpu_state(env, &pc, &cs_base, &flags);
    /* tcg_curr_cflags() without the call: it differs only with -d. */
    cflags = tcg_cflags_default;
    if (unlikely(qemu_loglevel)) {
        cflags = tcg_curr_cflags(cpu);
    }
    tb = tb_lookup(cpu, pc, cs_base, flags, cflags);
    if (!tb) {
        return tcg_code_gen_epilogue;
    }
    if (unlikely(qemu_loglevel)) {
        log_exec(cpu, tb);
    }
    return tb->tc.ptr;
}

/* Direct jumps only within the pages the source TB was made from. */
static bool tb_may_chain(const TranslationBlock *from,
                         const TranslationBlock *to)
{
    uint64_t to_page = to->pc & TARGET_PAGE_MASK;
    uint64_t last = from->pc + (from->size ? from->size - 1 : 0);

    return from->cflags == to->cflags &&
           !(from->cflags & CF_NO_GOTO_TB) &&
           ((from->pc & TARGET_PAGE_MASK) == to_page ||
            (last & TARGET_PAGE_MASK) == to_page);
}

/* ---- the loop ---- */

static bool cpu_handle_halt(CPUState *cpu)
{
    if (cpu->halted) {
        if (!x86_cpu_has_work(cpu)) {
            return true;
        }
        cpu->halted = false;
    }
    return false;
}

/* true: leave the inner loop; *ret is set when cpu_exec returns. */
static bool cpu_handle_exception(CPUState *cpu, int *ret)
{
    if (cpu->exception_index < 0) {
        return false;
    }
    if (cpu->exception_index >= EXCP_INTERRUPT) {
        *ret = cpu->exception_index;
        cpu->exception_index = -1;
        return true;
    }
    qemu_log_mask(CPU_LOG_INT, "tcg: cpu %d exception 0x%x\n",
                  cpu->cpu_index, cpu->exception_index);
    bql_lock();
    x86_cpu_do_interrupt(cpu);
    bql_unlock();
    cpu->exception_index = -1;
    return false;
}

static bool cpu_handle_interrupt(CPUState *cpu, TranslationBlock **last_tb)
{
    uint32_t ir;

    tlb_flush_pending(cpu);
    ir = qatomic_read(&cpu->interrupt_request);
    if (unlikely(ir)) {
        bql_lock();
        ir = qatomic_read(&cpu->interrupt_request);
        if (ir & CPU_INTERRUPT_HALT) {
            cpu_reset_interrupt(cpu, CPU_INTERRUPT_HALT);
            cpu->halted = true;
        }
        if (!cpu->halted || x86_cpu_has_work(cpu)) {
            if (x86_cpu_exec_interrupt(cpu, ir)) {
                *last_tb = NULL;
            }
        }
        if (qatomic_read(&cpu->interrupt_request) & CPU_INTERRUPT_EXITTB) {
            cpu_reset_interrupt(cpu, CPU_INTERRUPT_EXITTB);
            *last_tb = NULL;
        }
        bql_unlock();
        if (cpu->halted && cpu->exception_index < 0) {
            /* INIT (wait for SIPI) or HALT request. */
            cpu->exception_index = EXCP_HLT;
        }
        if (cpu->exception_index >= 0) {
            return true;
        }
    }
    if (unlikely(qatomic_read(&cpu->exit_request))) {
        qatomic_set(&cpu->exit_request, 0);
        if (cpu->exception_index < 0) {
            cpu->exception_index = EXCP_INTERRUPT;
        }
        return true;
    }
    return false;
}

static void cpu_loop_exec_tb(CPUState *cpu, TranslationBlock *tb,
                             TranslationBlock **last_tb, int *tb_exit)
{
    CPUArchState *env = &tcg_x86(cpu)->env;
    uintptr_t ret;
    TranslationBlock *last;

    if (unlikely(qemu_loglevel_mask(CPU_LOG_EXEC | CPU_LOG_TB_CPU))) {
        log_exec(cpu, tb);
    }
    ret = tcg_backend->exec(env, tb->tc.ptr);
    last = (TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
    *tb_exit = ret & TB_EXIT_MASK;
    if (last && *tb_exit <= TB_EXIT_IDX1) {
        *last_tb = last;
    } else {
        /* Plain exit, or exit request seen at a TB start (state is at
         * that TB's first insn). */
        *last_tb = NULL;
    }
}

static int cpu_exec_loop(CPUState *cpu)
{
    TCGCPUState *tcs = tcg_cpu_state(cpu);
    CPUArchState *env = &tcg_x86(cpu)->env;
    int ret = EXCP_INTERRUPT;

    while (!cpu_handle_exception(cpu, &ret)) {
        TranslationBlock *last_tb = NULL;
        int tb_exit = 0;

        while (!cpu_handle_interrupt(cpu, &last_tb)) {
            TranslationBlock *tb;
            uint64_t pc, cs_base;
            uint32_t flags, cflags;

            x86_cpu_get_tb_cpu_state(env, &pc, &cs_base, &flags);
            cflags = tcs->cflags_next_tb;
            if (cflags == (uint32_t)-1) {
                cflags = tcg_curr_cflags(cpu);
            } else {
                tcs->cflags_next_tb = -1;
            }
            tb = tb_lookup(cpu, pc, cs_base, flags, cflags);
            if (!tb) {
                tb = tb_gen_code(cpu, pc, cs_base, flags, cflags);
                qatomic_set(&tcs->jmp_cache[tb_jmp_cache_hash(pc)], tb);
            }
            if (last_tb && tb_may_chain(last_tb, tb)) {
                tb_add_jump(last_tb, tb_exit, tb);
            }
            cpu_loop_exec_tb(cpu, tb, &last_tb, &tb_exit);
        }
    }
    return ret;
}

static int cpu_exec_setjmp(CPUState *cpu)
{
    TCGCPUState *tcs = tcg_cpu_state(cpu);

    if (sigsetjmp(tcs->jmp_env, 0) != 0) {
        /* Back from cpu_loop_exit: a helper may have held the BQL, and
         * the interpreter's published return address is stale. */
        if (bql_locked()) {
            bql_unlock();
        }
        tcg_interp_retaddr = 0;
    }
    return cpu_exec_loop(cpu);
}

/*
 * The insn at the current pc could not be done atomically with other
 * vCPUs running (cpu_loop_exit_atomic): run it alone, in a TB of one
 * insn without CF_PARALLEL. Called by the vCPU's thread outside cpu_exec,
 * without the BQL. A fault in it is left in exception_index for the next
 * cpu_exec.
 */
void cpu_exec_step_atomic(CPUState *cpu)
{
    TCGCPUState *tcs = tcg_cpu_state(cpu);
    CPUArchState *env = &tcg_x86(cpu)->env;

    tcg_thread_context_init();
    start_exclusive();
    tcs->in_step_atomic = true;
    x86_cpu_exec_enter(cpu);
    tcs->jmp_env_valid = true;
    if (sigsetjmp(tcs->jmp_env, 0) == 0) {
        TranslationBlock *tb, *last_tb;
        uint64_t pc, cs_base;
        uint32_t flags, cflags;
        int tb_exit;

        tlb_flush_pending(cpu);
        x86_cpu_get_tb_cpu_state(env, &pc, &cs_base, &flags);
        cflags = (tcg_curr_cflags(cpu) & ~CF_PARALLEL) | CF_NO_GOTO_TB |
                 CF_NO_GOTO_PTR | 1;
        tcs->cflags_next_tb = -1;
        tb = tb_lookup(cpu, pc, cs_base, flags, cflags);
        if (!tb) {
            tb = tb_gen_code(cpu, pc, cs_base, flags, cflags);
        }
        cpu_loop_exec_tb(cpu, tb, &last_tb, &tb_exit);
    } else {
        if (bql_locked()) {
            bql_unlock();
        }
        tcg_interp_retaddr = 0;
    }
    tcs->jmp_env_valid = false;
    x86_cpu_exec_exit(cpu);
    tcs->in_step_atomic = false;
    end_exclusive();
}

int cpu_exec(CPUState *cpu)
{
    TCGCPUState *tcs = tcg_cpu_state(cpu);
    int ret;

    if (cpu_handle_halt(cpu)) {
        return EXCP_HALTED;
    }
    tcg_thread_context_init();
    tlb_flush_pending(cpu);
    x86_cpu_exec_enter(cpu);
    tcs->jmp_env_valid = true;
    ret = cpu_exec_setjmp(cpu);
    tcs->jmp_env_valid = false;
    x86_cpu_exec_exit(cpu);
    return ret;
}
