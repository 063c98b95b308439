/*
 * Shared between the x86 system helpers (excp/seg/mmu/misc/msr/io):
 * descriptor-table access, stacks, the page walker, exception vectors.
 * Not an interface for other subsystems: see tcg-cpu.h for that.
 */
#ifndef TARGET_I386_TCG_SYS_INTERNAL_H
#define TARGET_I386_TCG_SYS_INTERNAL_H

#include "tcg/tcg.h"              /* MemOpIdx for exec-all.h */
#include "target/i386/tcg/tcg-cpu.h"
#include "target/i386/cpu-hflags.h"

/* Unfinished paths abort loudly rather than misbehave silently. */
#define X86_SYS_UNIMPL() \
    do { \
        fprintf(stderr, "vireo: %s: not implemented yet\n", __func__); \
        abort(); \
    } while (0)

#endif
