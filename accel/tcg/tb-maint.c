/*
 * TB bookkeeping: the hash table, per-page lists for invalidation of
 * self-modifying code, chaining, and flushing the whole cache.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "exec/exec-all.h"

static G_NORETURN void tb_maint_unimplemented(const char *fn)
{
    fprintf(stderr, "tcg runtime: %s: not implemented yet\n", fn);
    abort();
}

void tb_invalidate_phys_range(uint64_t start, uint64_t end)
{
    tb_maint_unimplemented(__func__);
}

void tb_flush(CPUState *cpu)
{
    tb_maint_unimplemented(__func__);
}
