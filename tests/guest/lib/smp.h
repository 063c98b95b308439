/*
 * SMP: APs start with INIT-SIPI-SIPI at the real-mode trampoline, switch
 * to the BSP's mode (same GDT, IDT, page tables, APIC mode), take a
 * per-CPU stack and wait in HLT for work sent with on_cpu().
 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include "guest.h"

/* The vector that wakes an idle AP (its handler only EOIs). */
#define SMP_WAKE_VECTOR 0xfe

struct spinlock {
    volatile int v;
};

static inline void spin_lock(struct spinlock *l)
{
    while (__sync_lock_test_and_set(&l->v, 1)) {
        while (l->v) {
            asm volatile("pause" ::: "memory");
        }
    }
}

static inline void spin_unlock(struct spinlock *l)
{
    __sync_lock_release(&l->v);
}

static inline int atomic_inc(volatile int *p)
{
    return __sync_add_and_fetch(p, 1);
}

/* Starts the APs fw_cfg counts (FW_CFG_NB_CPUS, at most MAX_CPUS) and
 * returns how many CPUs are online, BSP included. */
int smp_init(void);
int cpu_count(void);
/* This CPU's number: 0 for the BSP, 1.. in the order APs came up. */
int smp_id(void);
/* The APIC ID a CPU reported when it came up. */
u32 cpu_apic_id(int cpu);
/* Runs fn(arg) on cpu (or here, if cpu is this CPU) and waits for it. */
void on_cpu(int cpu, void (*fn)(void *), void *arg);
/* The same without waiting; cpu_idle() says when it is done. */
void on_cpu_async(int cpu, void (*fn)(void *), void *arg);
bool cpu_idle(int cpu);
/* Runs fn(arg) on every online CPU, this one last, and waits. */
void on_cpus(void (*fn)(void *), void *arg);

/* Internal: the library's BSP set-up. */
void smp_bsp_init(void);

#endif
