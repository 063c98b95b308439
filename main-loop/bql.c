/*
 * The big QEMU lock. Not recursive: taking it twice on one thread is a
 * bug that would otherwise deadlock silently, so it aborts with a message.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"

static GMutex bql;
static __thread bool bql_held;

void qemu_mutex_lock_iothread(void)
{
    if (bql_held) {
        fprintf(stderr, "BUG: the BQL is already held by this thread\n");
        abort();
    }
    g_mutex_lock(&bql);
    bql_held = true;
}

void qemu_mutex_unlock_iothread(void)
{
    if (!bql_held) {
        fprintf(stderr, "BUG: unlocking the BQL without holding it\n");
        abort();
    }
    bql_held = false;
    g_mutex_unlock(&bql);
}

bool qemu_mutex_iothread_locked(void)
{
    return bql_held;
}

/* vCPU threads park on conditions guarded by the BQL. */
void qemu_cond_wait_bql(GCond *cond)
{
    if (!bql_held) {
        fprintf(stderr, "BUG: waiting on a BQL condition without the BQL\n");
        abort();
    }
    bql_held = false;
    g_cond_wait(cond, &bql);
    bql_held = true;
}
