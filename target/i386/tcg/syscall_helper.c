/*
 * SYSCALL/SYSRET, SYSENTER/SYSEXIT, SWAPGS.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/sys-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

void helper_syscall(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_sysret(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_sysenter(CPUX86State *env)
{
    X86_SYS_UNIMPL();
}

void helper_sysexit(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_swapgs(CPUX86State *env)
{
    X86_SYS_UNIMPL();
}
