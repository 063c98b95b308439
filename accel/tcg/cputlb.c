/*
 * The soft TLB: filling, flushing, and the slow paths of guest loads and
 * stores (RAM, MMIO, pages holding translated code).
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "exec/exec-all.h"
#include "exec/cpu-ldst.h"
#include "target/i386/cpu.h"

static G_NORETURN void cputlb_unimplemented(const char *fn)
{
    fprintf(stderr, "tcg runtime: %s: not implemented yet\n", fn);
    abort();
}

void tlb_set_page(CPUState *cpu, uint64_t vaddr, uint64_t paddr, int prot,
                  int mmu_idx, uint64_t size)
{
    cputlb_unimplemented(__func__);
}

void tlb_flush(CPUState *cpu)
{
    cputlb_unimplemented(__func__);
}

void tlb_flush_page(CPUState *cpu, uint64_t vaddr)
{
    cputlb_unimplemented(__func__);
}

void tlb_flush_all_cpus_synced(CPUState *src)
{
    cputlb_unimplemented(__func__);
}

void tlb_flush_page_all_cpus_synced(CPUState *src, uint64_t vaddr)
{
    cputlb_unimplemented(__func__);
}

void *probe_access(CPUArchState *env, uint64_t vaddr, int size, int access,
                   int mmu_idx, uintptr_t retaddr)
{
    cputlb_unimplemented(__func__);
}

void *tlb_vaddr_to_host(CPUArchState *env, uint64_t vaddr, int access,
                        int mmu_idx)
{
    cputlb_unimplemented(__func__);
}

uint64_t helper_ld_mmu(CPUArchState *env, uint64_t addr, MemOpIdx oi,
                       uintptr_t retaddr)
{
    cputlb_unimplemented(__func__);
}

void helper_st_mmu(CPUArchState *env, uint64_t addr, uint64_t val,
                   MemOpIdx oi, uintptr_t retaddr)
{
    cputlb_unimplemented(__func__);
}

#define LDST_STUB(ret, name, ...) \
    ret name(__VA_ARGS__) { cputlb_unimplemented(__func__); }

LDST_STUB(uint32_t, cpu_ldub_mmuidx_ra, CPUArchState *env, uint64_t addr,
          int mmu_idx, uintptr_t ra)
LDST_STUB(uint32_t, cpu_lduw_mmuidx_ra, CPUArchState *env, uint64_t addr,
          int mmu_idx, uintptr_t ra)
LDST_STUB(uint32_t, cpu_ldl_mmuidx_ra, CPUArchState *env, uint64_t addr,
          int mmu_idx, uintptr_t ra)
LDST_STUB(uint64_t, cpu_ldq_mmuidx_ra, CPUArchState *env, uint64_t addr,
          int mmu_idx, uintptr_t ra)
LDST_STUB(void, cpu_stb_mmuidx_ra, CPUArchState *env, uint64_t addr,
          uint32_t val, int mmu_idx, uintptr_t ra)
LDST_STUB(void, cpu_stw_mmuidx_ra, CPUArchState *env, uint64_t addr,
          uint32_t val, int mmu_idx, uintptr_t ra)
LDST_STUB(void, cpu_stl_mmuidx_ra, CPUArchState *env, uint64_t addr,
          uint32_t val, int mmu_idx, uintptr_t ra)
LDST_STUB(void, cpu_stq_mmuidx_ra, CPUArchState *env, uint64_t addr,
          uint64_t val, int mmu_idx, uintptr_t ra)
LDST_STUB(uint32_t, cpu_ldub_code, CPUArchState *env, uint64_t addr)
LDST_STUB(uint32_t, cpu_lduw_code, CPUArchState *env, uint64_t addr)
LDST_STUB(uint32_t, cpu_ldl_code, CPUArchState *env, uint64_t addr)
LDST_STUB(uint64_t, cpu_ldq_code, CPUArchState *env, uint64_t addr)
LDST_STUB(uint64_t, get_page_addr_code, CPUArchState *env, uint64_t addr)
