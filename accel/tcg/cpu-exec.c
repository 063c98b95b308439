/*
 * The vCPU execution loop: find or translate the TB for the current
 * state, run it, chain it to its successor, handle exits, exceptions,
 * interrupts and halting.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "exec/exec-all.h"
#include "target/i386/cpu.h"

static G_NORETURN void cpu_exec_unimplemented(const char *fn)
{
    fprintf(stderr, "tcg runtime: %s: not implemented yet\n", fn);
    abort();
}

/* The backend's return-to-loop stub, set when the code buffer is made. */
const void *tcg_code_gen_epilogue;

void cpu_loop_exit(CPUState *cpu)
{
    cpu_exec_unimplemented(__func__);
}

void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr)
{
    cpu_exec_unimplemented(__func__);
}

void cpu_loop_exit_noexc(CPUState *cpu)
{
    cpu_exec_unimplemented(__func__);
}

const void *helper_lookup_tb_ptr(CPUArchState *env)
{
    cpu_exec_unimplemented(__func__);
}
