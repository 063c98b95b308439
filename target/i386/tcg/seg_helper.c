/*
 * Segment loads, descriptor tables, far transfers, IRET, LAR/LSL/VERR/VERW.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/sys-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

void helper_load_seg(CPUX86State *env, uint32_t a1, uint32_t a2)
{
    X86_SYS_UNIMPL();
}

void helper_lldt(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_ltr(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_ljmp_protected(CPUX86State *env, uint32_t a1, uint64_t a2, uint64_t a3)
{
    X86_SYS_UNIMPL();
}

void helper_lcall_real(CPUX86State *env, uint32_t a1, uint64_t a2, uint32_t a3, uint32_t a4)
{
    X86_SYS_UNIMPL();
}

void helper_lcall_protected(CPUX86State *env, uint32_t a1, uint64_t a2, uint32_t a3, uint64_t a4)
{
    X86_SYS_UNIMPL();
}

void helper_lret_protected(CPUX86State *env, uint32_t a1, uint32_t a2)
{
    X86_SYS_UNIMPL();
}

void helper_iret_real(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_iret_protected(CPUX86State *env, uint32_t a1, uint32_t a2)
{
    X86_SYS_UNIMPL();
}

uint64_t helper_lar(CPUX86State *env, uint64_t a1)
{
    X86_SYS_UNIMPL();
}

uint64_t helper_lsl(CPUX86State *env, uint64_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_verr(CPUX86State *env, uint64_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_verw(CPUX86State *env, uint64_t a1)
{
    X86_SYS_UNIMPL();
}
