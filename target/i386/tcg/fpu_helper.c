/*
 * x87 FPU helpers: the register stack, tags, status/control words, and
 * the arithmetic, computed by the host's own x87 unit (see
 * docs/devel/tcg-x86-fpu.md for why that is exact).
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/fpu-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

void fpu_set_fsw(CPUX86State *env, uint16_t fsw)
{
    env->fpstt = (fsw >> 11) & 7;
    env->fpus = fsw & ~0x3800;
    if (env->fpus & ~env->fpuc & FPUS_EXC) {
        env->fpus |= FPUS_ES | FPUS_B;
    } else {
        env->fpus &= ~(FPUS_ES | FPUS_B);
    }
}

void fpu_set_fcw(CPUX86State *env, uint16_t fcw)
{
    env->fpuc = fcw | 0x40;
    fpu_set_fsw(env, fpu_get_fsw(env));
}

void fpu_reset_x87(CPUX86State *env)
{
    env->fpuc = 0x37f;
    env->fpus = 0;
    env->fpstt = 0;
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = 1;
    }
    env->fpop = 0;
    env->fpip = env->fpdp = 0;
    env->fpcs = env->fpds = 0;
}

void helper_fninit(CPUX86State *env)
{
    fpu_reset_x87(env);
}
