/*
 * Raising exceptions from helpers and translated code: the double-fault
 * and triple-fault rules (Intel SDM vol. 3 "Interrupt 8 - Double Fault
 * Exception", table "Conditions for Generating a Double Fault") and the
 * software interrupt helpers.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "system/runstate.h"
#include "target/i386/tcg/sys-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

void (*x86_sys_exception_hook)(CPUX86State *env, int vector, int error_code);

static bool contributory(int vector)
{
    return vector == EXCP_DE || (vector >= EXCP_TS && vector <= EXCP_GP);
}

/*
 * Combines a new exception with the one being delivered (old_exception):
 * contributory after contributory, or contributory / #PF after #PF,
 * becomes #DF; anything after #DF is a triple fault (returns -1).
 */
static int check_exception(CPUX86State *env, int vector, int *error_code)
{
    int old = env->old_exception;

    if (old == EXCP_DF && (contributory(vector) || vector == EXCP_PF ||
                           vector == EXCP_DF)) {
        return -1;
    }
    if ((contributory(old) && contributory(vector)) ||
        (old == EXCP_PF && (contributory(vector) || vector == EXCP_PF))) {
        *error_code = 0;
        return EXCP_DF;
    }
    return vector;
}

static G_NORETURN void triple_fault(CPUX86State *env)
{
    CPUState *cs = env_cpu(env);

    qemu_log_mask(LOG_GUEST_ERROR, "x86: triple fault at %04x:%016" PRIx64
                  ", resetting\n", env->segs[R_CS].selector, env->eip);
    env->old_exception = -1;
    qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    cs->halted = true;
    cs->exception_index = EXCP_HLT;
    if (x86_sys_exception_hook) {
        x86_sys_exception_hook(env, -1, 0);
    }
    cpu_loop_exit(cs);
}

static G_NORETURN void raise_interrupt2(CPUX86State *env, int vector,
                                        bool is_int, int error_code,
                                        int next_eip_addend, uintptr_t ra)
{
    CPUState *cs = env_cpu(env);

    if (!is_int) {
        vector = check_exception(env, vector, &error_code);
        if (vector < 0) {
            if (ra) {
                cpu_restore_state(cs, ra);
            }
            triple_fault(env);
        }
    }
    cs->exception_index = vector;
    env->error_code = error_code;
    env->exception_is_int = is_int;
    if (x86_sys_exception_hook) {
        env->exception_next_eip = env->eip + next_eip_addend;
        x86_sys_exception_hook(env, vector, error_code);
    }
    if (ra) {
        cpu_restore_state(cs, ra);
    }
    env->exception_next_eip = env->eip + next_eip_addend;
    cpu_loop_exit(cs);
}

G_NORETURN void raise_exception(CPUX86State *env, int vector)
{
    raise_interrupt2(env, vector, false, 0, 0, 0);
}

G_NORETURN void raise_exception_ra(CPUX86State *env, int vector, uintptr_t ra)
{
    raise_interrupt2(env, vector, false, 0, 0, ra);
}

G_NORETURN void raise_exception_err(CPUX86State *env, int vector,
                                    int error_code)
{
    raise_interrupt2(env, vector, false, error_code, 0, 0);
}

G_NORETURN void raise_exception_err_ra(CPUX86State *env, int vector,
                                       int error_code, uintptr_t ra)
{
    raise_interrupt2(env, vector, false, error_code, 0, ra);
}

G_NORETURN void x86_raise_page_fault(CPUX86State *env, uint64_t addr,
                                     uint32_t error_code, uintptr_t ra)
{
    env->cr[2] = addr;
    raise_interrupt2(env, EXCP_PF, false, error_code, 0, ra);
}

void helper_raise_exception(CPUX86State *env, uint32_t vector)
{
    raise_interrupt2(env, vector, false, 0, 0, GETPC());
}

void helper_raise_exception_err(CPUX86State *env, uint32_t vector,
                                uint32_t error_code)
{
    raise_interrupt2(env, vector, false, error_code, 0, GETPC());
}

/*
 * INT n, INT3, INTO: traps whose return address is the next instruction.
 * In virtual-8086 mode with IOPL < 3 they fault with #GP(0) instead (no
 * VME interrupt redirection).
 */
void helper_raise_interrupt(CPUX86State *env, uint32_t vector,
                            uint32_t next_eip_addend)
{
    uintptr_t ra = GETPC();

    if ((env->eflags & VM_MASK) && ((env->eflags & IOPL_MASK) >> 12) < 3) {
        raise_interrupt2(env, EXCP_GP, false, 0, 0, ra);
    }
    raise_interrupt2(env, vector, true, 0, next_eip_addend, ra);
}

/* #DB trap after an instruction executed with TF set: DR6.BS. The
 * frontend has already set eip to the next instruction. */
void helper_single_step(CPUX86State *env)
{
    env->dr[6] |= 1u << 14;
    raise_interrupt2(env, EXCP_DB, false, 0, 0, 0);
}
