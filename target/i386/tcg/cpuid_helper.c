/*
 * CPUID: every leaf generated from the model in env.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/sys-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

void helper_cpuid(CPUX86State *env)
{
    X86_SYS_UNIMPL();
}
