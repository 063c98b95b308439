/*
 * Translation: the code buffer, tb_gen_code (guest code -> IR -> host
 * code), and mapping a host pc back to guest state.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "exec/exec-all.h"
#include "target/i386/cpu.h"

static G_NORETURN void translate_unimplemented(const char *fn)
{
    fprintf(stderr, "tcg runtime: %s: not implemented yet\n", fn);
    abort();
}

bool cpu_restore_state(CPUState *cpu, uintptr_t retaddr)
{
    translate_unimplemented(__func__);
}

void gen_tb_start(TranslationBlock *tb)
{
    translate_unimplemented(__func__);
}

void gen_tb_end(TranslationBlock *tb, int nb_insns)
{
    translate_unimplemented(__func__);
}
