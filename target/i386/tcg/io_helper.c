/*
 * Port I/O: permission check and access to address_space_io.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/sys-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

void helper_check_io(CPUX86State *env, uint32_t a1, uint32_t a2)
{
    X86_SYS_UNIMPL();
}

uint32_t helper_inb(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

uint32_t helper_inw(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

uint32_t helper_inl(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_outb(CPUX86State *env, uint32_t a1, uint32_t a2)
{
    X86_SYS_UNIMPL();
}

void helper_outw(CPUX86State *env, uint32_t a1, uint32_t a2)
{
    X86_SYS_UNIMPL();
}

void helper_outl(CPUX86State *env, uint32_t a1, uint32_t a2)
{
    X86_SYS_UNIMPL();
}
