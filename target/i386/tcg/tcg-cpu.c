/*
 * The TB key, segment cache loads, CR0/CR3/CR4 side effects and the mmu
 * index for the current privilege.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/sys-internal.h"

void x86_cpu_get_tb_cpu_state(CPUX86State *env, uint64_t *pc,
                              uint64_t *cs_base, uint32_t *flags)
{
    X86_SYS_UNIMPL();
}

void cpu_x86_load_seg_cache(CPUX86State *env, int seg, uint32_t selector,
                            uint64_t base, uint32_t limit, uint32_t flags)
{
    X86_SYS_UNIMPL();
}

void cpu_x86_update_cr0(CPUX86State *env, uint64_t new_cr0)
{
    X86_SYS_UNIMPL();
}

void cpu_x86_update_cr3(CPUX86State *env, uint64_t new_cr3)
{
    X86_SYS_UNIMPL();
}

void cpu_x86_update_cr4(CPUX86State *env, uint64_t new_cr4)
{
    X86_SYS_UNIMPL();
}

int cpu_mmu_index(CPUX86State *env)
{
    X86_SYS_UNIMPL();
}

int cpu_mmu_index_kernel(CPUX86State *env)
{
    X86_SYS_UNIMPL();
}
