/*
 * Guest virtual memory access from TCG helpers. The _ra variants take the
 * helper's GETPC() so a fault restores precise state; mmu_idx selects the
 * privilege (MMU_*_IDX in target/i386/cpu.h). They raise the guest's
 * page fault and never return in that case.
 */
#ifndef EXEC_CPU_LDST_H
#define EXEC_CPU_LDST_H

#include "qemu/osdep.h"


uint32_t cpu_ldub_mmuidx_ra(CPUArchState *env, uint64_t addr, int mmu_idx,
                            uintptr_t ra);
uint32_t cpu_lduw_mmuidx_ra(CPUArchState *env, uint64_t addr, int mmu_idx,
                            uintptr_t ra);
uint32_t cpu_ldl_mmuidx_ra(CPUArchState *env, uint64_t addr, int mmu_idx,
                           uintptr_t ra);
uint64_t cpu_ldq_mmuidx_ra(CPUArchState *env, uint64_t addr, int mmu_idx,
                           uintptr_t ra);
void cpu_stb_mmuidx_ra(CPUArchState *env, uint64_t addr, uint32_t val,
                       int mmu_idx, uintptr_t ra);
void cpu_stw_mmuidx_ra(CPUArchState *env, uint64_t addr, uint32_t val,
                       int mmu_idx, uintptr_t ra);
void cpu_stl_mmuidx_ra(CPUArchState *env, uint64_t addr, uint32_t val,
                       int mmu_idx, uintptr_t ra);
void cpu_stq_mmuidx_ra(CPUArchState *env, uint64_t addr, uint64_t val,
                       int mmu_idx, uintptr_t ra);
/* Instruction fetch (execute permission) for the translator. */
uint32_t cpu_ldub_code(CPUArchState *env, uint64_t addr);
uint32_t cpu_lduw_code(CPUArchState *env, uint64_t addr);
uint32_t cpu_ldl_code(CPUArchState *env, uint64_t addr);
uint64_t cpu_ldq_code(CPUArchState *env, uint64_t addr);
/* Guest physical page of the code at addr (fills the TLB; may fault). */
uint64_t get_page_addr_code(CPUArchState *env, uint64_t addr);

/* Physical-address access for page walks and device-like helpers. */
uint32_t x86_ldl_phys(CPUState *cs, uint64_t paddr);
uint64_t x86_ldq_phys(CPUState *cs, uint64_t paddr);
void x86_stl_phys(CPUState *cs, uint64_t paddr, uint32_t val);
void x86_stq_phys(CPUState *cs, uint64_t paddr, uint64_t val);
/* Atomic compare-exchange on guest physical memory (A/D bit updates). */
bool x86_cmpxchgq_phys(CPUState *cs, uint64_t paddr, uint64_t old,
                       uint64_t new_val);
bool x86_cmpxchgl_phys(CPUState *cs, uint64_t paddr, uint32_t old,
                       uint32_t new_val);

#endif
