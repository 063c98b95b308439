/*
 * Exceptions raised by helpers and translated code.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/sys-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

void helper_raise_exception(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_raise_exception_err(CPUX86State *env, uint32_t a1, uint32_t a2)
{
    X86_SYS_UNIMPL();
}

void helper_raise_interrupt(CPUX86State *env, uint32_t a1, uint32_t a2)
{
    X86_SYS_UNIMPL();
}

void helper_single_step(CPUX86State *env)
{
    X86_SYS_UNIMPL();
}
G_NORETURN void raise_exception(CPUX86State *env, int vector)
{
    X86_SYS_UNIMPL();
}

G_NORETURN void raise_exception_ra(CPUX86State *env, int vector, uintptr_t ra)
{
    X86_SYS_UNIMPL();
}

G_NORETURN void raise_exception_err(CPUX86State *env, int vector,
                                    int error_code)
{
    X86_SYS_UNIMPL();
}

G_NORETURN void raise_exception_err_ra(CPUX86State *env, int vector,
                                       int error_code, uintptr_t ra)
{
    X86_SYS_UNIMPL();
}
