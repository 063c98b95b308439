/* The few atomic operations Vireo uses, on top of the GCC builtins. */
#ifndef QEMU_ATOMIC_H
#define QEMU_ATOMIC_H

#define qatomic_read(ptr) __atomic_load_n(ptr, __ATOMIC_RELAXED)
#define qatomic_set(ptr, v) __atomic_store_n(ptr, v, __ATOMIC_RELAXED)
#define qatomic_load_acquire(ptr) __atomic_load_n(ptr, __ATOMIC_ACQUIRE)
#define qatomic_store_release(ptr, v) __atomic_store_n(ptr, v, __ATOMIC_RELEASE)
#define qatomic_xchg(ptr, v) __atomic_exchange_n(ptr, v, __ATOMIC_SEQ_CST)
#define qatomic_cmpxchg(ptr, old, new) ({                                \
    __typeof__(*(ptr)) _old = (old);                                     \
    __atomic_compare_exchange_n(ptr, &_old, new, false,                  \
                                __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);     \
    _old; })
#define qatomic_fetch_add(ptr, n) __atomic_fetch_add(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_fetch_sub(ptr, n) __atomic_fetch_sub(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_fetch_or(ptr, n) __atomic_fetch_or(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_fetch_and(ptr, n) __atomic_fetch_and(ptr, n, __ATOMIC_SEQ_CST)
#define qatomic_inc(ptr) ((void)qatomic_fetch_add(ptr, 1))
#define qatomic_dec(ptr) ((void)qatomic_fetch_sub(ptr, 1))
#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)

#define qatomic_set_int(ptr, v) qatomic_set(ptr, v)
#define qatomic_xchg_int(ptr, v) qatomic_xchg(ptr, v)

#endif
