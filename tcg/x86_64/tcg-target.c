/*
 * The native x86-64 backend: turns TCG IR into host machine code.
 * (Link stub for now; the real backend follows.)
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "exec/exec-all.h"

/*
 * Weak so that whoever owns the runtime may also define it; the backend
 * points it at its return-to-runtime stub in init_code_buffer.
 */
__attribute__((weak)) const void *tcg_code_gen_epilogue;

static void native_init_code_buffer(TCGContext *s)
{
    g_error("tcg native backend: not implemented yet");
}

static int native_gen_code(TCGContext *s, TranslationBlock *tb)
{
    g_error("tcg native backend: not implemented yet");
}

static uintptr_t native_exec(void *env, const void *tc_ptr)
{
    g_error("tcg native backend: not implemented yet");
}

static void native_set_jmp_target(TranslationBlock *tb, int n,
                                  const TranslationBlock *target)
{
    g_error("tcg native backend: not implemented yet");
}

const TCGBackend tcg_backend_native = {
    .name = "native",
    .init_code_buffer = native_init_code_buffer,
    .gen_code = native_gen_code,
    .exec = native_exec,
    .set_jmp_target = native_set_jmp_target,
};
