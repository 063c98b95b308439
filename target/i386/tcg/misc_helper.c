/*
 * Control/debug registers, TLB maintenance, time, RDRAND, XCR0, waiting.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/sys-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

uint64_t helper_read_crN(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_write_crN(CPUX86State *env, uint32_t a1, uint64_t a2)
{
    X86_SYS_UNIMPL();
}

void helper_lmsw(CPUX86State *env, uint64_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_clts(CPUX86State *env)
{
    X86_SYS_UNIMPL();
}

uint64_t helper_get_dr(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_set_dr(CPUX86State *env, uint32_t a1, uint64_t a2)
{
    X86_SYS_UNIMPL();
}

void helper_invlpg(CPUX86State *env, uint64_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_invpcid(CPUX86State *env, uint32_t a1, uint64_t a2)
{
    X86_SYS_UNIMPL();
}

void helper_rdtsc(CPUX86State *env)
{
    X86_SYS_UNIMPL();
}

void helper_rdtscp(CPUX86State *env)
{
    X86_SYS_UNIMPL();
}

uint64_t helper_rdpid(CPUX86State *env)
{
    X86_SYS_UNIMPL();
}

void helper_rdpmc(CPUX86State *env)
{
    X86_SYS_UNIMPL();
}

uint64_t helper_rdrand(CPUX86State *env)
{
    X86_SYS_UNIMPL();
}

void helper_xgetbv(CPUX86State *env)
{
    X86_SYS_UNIMPL();
}

void helper_xsetbv(CPUX86State *env)
{
    X86_SYS_UNIMPL();
}

void helper_hlt(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_monitor(CPUX86State *env, uint64_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_mwait(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_pause(CPUX86State *env, uint32_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_umonitor(CPUX86State *env, uint64_t a1)
{
    X86_SYS_UNIMPL();
}

void helper_umwait(CPUX86State *env, uint32_t a1, uint32_t a2)
{
    X86_SYS_UNIMPL();
}

void helper_tpause(CPUX86State *env, uint32_t a1, uint32_t a2)
{
    X86_SYS_UNIMPL();
}
