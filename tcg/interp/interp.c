/*
 * The IR interpreter backend (link stub; the real one follows).
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"

static void interp_init_code_buffer(TCGContext *s)
{
    g_error("tcg interp backend: not implemented yet");
    abort();
}

static int interp_gen_code(TCGContext *s, TranslationBlock *tb)
{
    g_error("tcg interp backend: not implemented yet");
    abort();
}

static uintptr_t interp_exec(void *env, const void *tc_ptr)
{
    g_error("tcg interp backend: not implemented yet");
    abort();
}

static void interp_set_jmp_target(TranslationBlock *tb, int n,
                                  const TranslationBlock *target)
{
    g_error("tcg interp backend: not implemented yet");
    abort();
}

const TCGBackend tcg_backend_interp = {
    .name = "interp",
    .init_code_buffer = interp_init_code_buffer,
    .gen_code = interp_gen_code,
    .exec = interp_exec,
    .set_jmp_target = interp_set_jmp_target,
};
