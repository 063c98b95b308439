/*
 * Per-vCPU state of the system helpers that has no architectural home
 * in CPUX86State (so KVM and migration never see it).
 */
#ifndef TARGET_I386_TCG_SYS_STATE_H
#define TARGET_I386_TCG_SYS_STATE_H

#include "qemu/timer.h"
#include "target/i386/cpu.h"

typedef struct X86SysState {
    /* UMWAIT/TPAUSE: the vCPU is halted until wait_timer fires or an
     * event arrives; CF was preset for the timer case. */
    QEMUTimer *wait_timer;
    bool wait_active;
    bool wait_expired;
    bool wait_cf;
} X86SysState;

X86SysState *x86_sys_state(CPUX86State *env);

#endif
