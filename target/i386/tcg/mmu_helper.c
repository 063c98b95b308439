/*
 * The page walker (paging off, 32-bit, PAE, 4-level) behind soft-TLB
 * misses, and physical memory access for the walker and helpers.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/sys-internal.h"
#include "exec/cpu-ldst.h"

bool x86_cpu_tlb_fill(CPUState *cs, uint64_t addr, int size,
                      int access_type, int mmu_idx, bool probe,
                      uintptr_t retaddr)
{
    X86_SYS_UNIMPL();
}

uint32_t x86_ldl_phys(CPUState *cs, uint64_t paddr)
{
    X86_SYS_UNIMPL();
}

uint64_t x86_ldq_phys(CPUState *cs, uint64_t paddr)
{
    X86_SYS_UNIMPL();
}

void x86_stl_phys(CPUState *cs, uint64_t paddr, uint32_t val)
{
    X86_SYS_UNIMPL();
}

void x86_stq_phys(CPUState *cs, uint64_t paddr, uint64_t val)
{
    X86_SYS_UNIMPL();
}

bool x86_cmpxchgq_phys(CPUState *cs, uint64_t paddr, uint64_t old,
                       uint64_t new_val)
{
    X86_SYS_UNIMPL();
}

bool x86_cmpxchgl_phys(CPUState *cs, uint64_t paddr, uint32_t old,
                       uint32_t new_val)
{
    X86_SYS_UNIMPL();
}
