/*
 * x86 frontend: guest code -> TCG IR (see docs/devel/tcg-x86.md).
 */
#include "qemu/osdep.h"
#include "target/i386/cpu.h"
#include "target/i386/tcg/tcg-cpu.h"

void tcg_x86_init(void)
{
}

void gen_intermediate_code(CPUState *cs, TranslationBlock *tb, int max_insns)
{
    fprintf(stderr, "x86 translator: not implemented yet\n");
    abort();
}

void x86_restore_state_to_opc(CPUState *cs, const TranslationBlock *tb,
                              const uint64_t *data)
{
    CPUX86State *env = &X86_CPU(cs)->env;

    env->eip = data[0] - tb->cs_base;
    if (data[1] != CC_OP_DYNAMIC) {
        env->cc_op = data[1];
    }
}
