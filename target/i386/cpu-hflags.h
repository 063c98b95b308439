/*
 * Recomputes env->hflags from CR0, CR4, EFER, EFLAGS and the segment
 * caches (target/i386/cpu-hflags.c). Accelerator-neutral: TCG needs it
 * for translation, KVM after loading state for "info registers".
 */
#ifndef TARGET_I386_CPU_HFLAGS_H
#define TARGET_I386_CPU_HFLAGS_H

#include "target/i386/cpu.h"

void x86_update_hflags(CPUX86State *env);

#endif
