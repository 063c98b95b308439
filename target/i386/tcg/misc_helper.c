/*
 * Control and debug registers, TLB maintenance (INVLPG, INVPCID), the
 * TSC and friends, RDRAND, XCR0, and waiting (HLT, MWAIT, PAUSE,
 * UMWAIT/TPAUSE). Checks from the Intel SDM vol. 2 and vol. 3 2.5.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "hw/intc/apic.h"
#include "target/i386/tcg/sys-internal.h"
#include "target/i386/tcg/sys-state.h"
#include <sys/random.h>

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

static void check_cpl0(CPUX86State *env, uintptr_t ra)
{
    if (x86_cpl(env) != 0) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
}

/* Runs fn with the BQL held (vCPU threads run without it). */
#define WITH_BQL(stmt) \
    do { \
        bool locked_ = bql_locked(); \
        if (!locked_) { \
            bql_lock(); \
        } \
        stmt; \
        if (!locked_) { \
            bql_unlock(); \
        } \
    } while (0)

/* ---- control registers ------------------------------------------------------ */

static uint64_t cr4_valid_bits(CPUX86State *env)
{
    uint64_t v = CR4_PCE | CR4_TSD | CR4_DE | CR4_MCE | CR4_PSE | CR4_PAE |
                 CR4_PGE;

    if (x86_feature(env, FEAT_1_EDX, 1)) {
        v |= CR4_VME | CR4_PVI;
    }
    if (x86_feature(env, FEAT_1_EDX, 24)) {
        v |= CR4_OSFXSR;
    }
    if (x86_feature(env, FEAT_1_EDX, 25)) {
        v |= CR4_OSXMMEXCPT;
    }
    if (x86_feature(env, FEAT_1_ECX, 17)) {
        v |= CR4_PCIDE;
    }
    if (x86_feature(env, FEAT_1_ECX, 26)) {
        v |= CR4_OSXSAVE;
    }
    if (x86_feature(env, FEAT_7_0_EBX, 0)) {
        v |= CR4_FSGSBASE;
    }
    if (x86_feature(env, FEAT_7_0_EBX, 7)) {
        v |= CR4_SMEP;
    }
    if (x86_feature(env, FEAT_7_0_EBX, 20)) {
        v |= CR4_SMAP;
    }
    if (x86_feature(env, FEAT_7_0_ECX, 2)) {
        v |= CR4_UMIP;
    }
    if (x86_feature(env, FEAT_7_0_ECX, 3)) {
        v |= CR4_PKE;
    }
    if (x86_feature(env, FEAT_7_0_ECX, 16)) {
        v |= CR4_LA57;
    }
    return v;
}

/* MOV to CR0 checks; returns false for #GP(0). */
bool x86_cr0_write_ok(CPUX86State *env, uint64_t val)
{
    if (val >> 32) {
        return false;
    }
    if ((val & CR0_PG) && !(val & CR0_PE)) {
        return false;
    }
    if ((val & CR0_NW) && !(val & CR0_CD)) {
        return false;
    }
    if ((val & CR0_PG) && !(env->cr[0] & CR0_PG) &&
        (env->efer & EFER_LME) && !(env->cr[4] & CR4_PAE)) {
        return false;
    }
    if (!(val & CR0_PG) && (env->hflags & HF_CS64)) {
        return false;
    }
    if ((val & CR0_PG) && !(env->cr[0] & CR0_PG) && (env->efer & EFER_LME) &&
        (env->segs[R_CS].flags & DESC_L)) {
        return false;
    }
    return true;
}

bool x86_cr4_write_ok(CPUX86State *env, uint64_t val)
{
    if (val & ~cr4_valid_bits(env)) {
        return false;
    }
    if ((env->hflags & HF_LMA) && !(val & CR4_PAE)) {
        return false;
    }
    if ((env->hflags & HF_LMA) && ((val ^ env->cr[4]) & CR4_LA57)) {
        return false;
    }
    if ((val & CR4_PCIDE) && !(env->cr[4] & CR4_PCIDE) &&
        (!(env->hflags & HF_LMA) || (env->cr[3] & 0xfff))) {
        return false;
    }
    return true;
}

uint64_t helper_read_crN(CPUX86State *env, uint32_t reg)
{
    uint64_t v = 0;

    check_cpl0(env, GETPC());
    switch (reg) {
    case 0: case 2: case 3: case 4:
        return env->cr[reg];
    case 8:
        if (env_archcpu(env)->apic_state) {
            WITH_BQL(v = cpu_get_apic_tpr(env_archcpu(env)->apic_state));
        } else {
            v = env->cr8;
        }
        return v;
    }
    raise_exception_ra(env, EXCP_UD, GETPC());
}

void helper_write_crN(CPUX86State *env, uint32_t reg, uint64_t val)
{
    uintptr_t ra = GETPC();

    check_cpl0(env, ra);
    switch (reg) {
    case 0:
        if (!x86_cr0_write_ok(env, val)) {
            raise_exception_err_ra(env, EXCP_GP, 0, ra);
        }
        cpu_x86_update_cr0(env, val);
        return;
    case 2:
        env->cr[2] = val;
        return;
    case 3:
        if (env->hflags & HF_LMA) {
            uint64_t rsvd = ~((1ull << X86_PHYS_BITS) - 1) & ~(1ull << 63);
            if (val & rsvd) {
                raise_exception_err_ra(env, EXCP_GP, 0, ra);
            }
        } else {
            val &= 0xffffffff;
        }
        cpu_x86_update_cr3(env, val);
        return;
    case 4:
        if (!x86_cr4_write_ok(env, val)) {
            raise_exception_err_ra(env, EXCP_GP, 0, ra);
        }
        cpu_x86_update_cr4(env, val);
        return;
    case 8:
        if (val & ~0xfull) {
            raise_exception_err_ra(env, EXCP_GP, 0, ra);
        }
        env->cr8 = val;
        if (env_archcpu(env)->apic_state) {
            WITH_BQL(cpu_set_apic_tpr(env_archcpu(env)->apic_state, val));
        }
        return;
    }
    raise_exception_ra(env, EXCP_UD, ra);
}

/* LMSW: PE MP EM TS only, and it cannot clear PE. */
void helper_lmsw(CPUX86State *env, uint64_t val)
{
    uint64_t cr0 = (env->cr[0] & ~0xeull) | (val & 0xf);

    check_cpl0(env, GETPC());
    cpu_x86_update_cr0(env, cr0);
}

void helper_clts(CPUX86State *env)
{
    check_cpl0(env, GETPC());
    env->cr[0] &= ~CR0_TS;
    env->hflags &= ~HF_TS;
}

/* ---- debug registers --------------------------------------------------------- */

static int dr_index(CPUX86State *env, uint32_t reg, uintptr_t ra)
{
    check_cpl0(env, ra);
    if (reg == 4 || reg == 5) {
        if (env->cr[4] & CR4_DE) {
            raise_exception_ra(env, EXCP_UD, ra);
        }
        reg += 2;
    }
    if (reg > 7) {
        raise_exception_ra(env, EXCP_UD, ra);
    }
    return reg;
}

uint64_t helper_get_dr(CPUX86State *env, uint32_t reg)
{
    return env->dr[dr_index(env, reg, GETPC())];
}

void helper_set_dr(CPUX86State *env, uint32_t reg, uint64_t val)
{
    uintptr_t ra = GETPC();
    int n = dr_index(env, reg, ra);

    if (n >= 6 && (val >> 32)) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    if (n == 6) {
        val = (val & 0x0000f00f) | 0xffff0ff0;
    } else if (n == 7) {
        val = (val & ~0xd000ull) | 0x400;
        if (val & 0xff) {
            qemu_log_mask(LOG_UNIMP, "x86: hardware breakpoints (DR7=%#"
                          PRIx64 ") are not implemented\n", val);
        }
    }
    env->dr[n] = val;
}

/* ---- TLB maintenance ----------------------------------------------------------- */

static void flush_page(CPUX86State *env, uint64_t addr)
{
    tlb_flush_page(env_cpu(env), addr);
}

void helper_invlpg(CPUX86State *env, uint64_t addr)
{
    check_cpl0(env, GETPC());
    flush_page(env, addr);
}

/* Types 0 (address), 1 (PCID), 2 (all incl. global), 3 (all but global):
 * with one untagged TLB, 1-3 flush everything. */
void helper_invpcid(CPUX86State *env, uint32_t type, uint64_t desc_addr)
{
    uintptr_t ra = GETPC();
    uint64_t pcid, addr;
    int mmu = cpu_mmu_index(env);

    check_cpl0(env, ra);
    pcid = x86_sys_ld(env, desc_addr, 8, mmu, ra);
    addr = x86_sys_ld(env, desc_addr + 8, 8, mmu, ra);
    if (type > 3 || (type < 2 && pcid > 0xfff)) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    if (type == 0) {
        flush_page(env, addr);
    } else {
        tlb_flush(env_cpu(env));
    }
}

/* ---- time, identity, random ------------------------------------------------------ */

static uint64_t tsc_khz(CPUX86State *env)
{
    return env->tsc_khz ? env->tsc_khz : 1000000;   /* default 1 GHz */
}

uint64_t x86_get_tsc(CPUX86State *env)
{
    int64_t ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint64_t ticks = (unsigned __int128)ns * tsc_khz(env) / 1000000;

    return ticks + env->tsc_offset;
}

static uint64_t tsc_ticks_to_ns(CPUX86State *env, uint64_t ticks)
{
    return (unsigned __int128)ticks * 1000000 / tsc_khz(env);
}

static void check_tsd(CPUX86State *env, uintptr_t ra)
{
    if ((env->cr[4] & CR4_TSD) && x86_cpl(env) != 0) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
}

void helper_rdtsc(CPUX86State *env)
{
    uint64_t tsc;

    check_tsd(env, GETPC());
    tsc = x86_get_tsc(env);
    env->regs[R_EAX] = (uint32_t)tsc;
    env->regs[R_EDX] = tsc >> 32;
}

void helper_rdtscp(CPUX86State *env)
{
    helper_rdtsc(env);
    env->regs[R_ECX] = (uint32_t)env->tsc_aux;
}

uint64_t helper_rdpid(CPUX86State *env)
{
    return env->tsc_aux;
}

/* No performance counters are modelled: the general ones read as 0. */
void helper_rdpmc(CPUX86State *env)
{
    uintptr_t ra = GETPC();

    if ((!(env->cr[4] & CR4_PCE) && x86_cpl(env) != 0) ||
        (uint32_t)env->regs[R_ECX] > 3) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    env->regs[R_EAX] = 0;
    env->regs[R_EDX] = 0;
}

/* RDRAND/RDSEED: CF=1 and the rest of O S Z A P C clear on success. */
uint64_t helper_rdrand(CPUX86State *env)
{
    uint64_t v = 0;

    if (getrandom(&v, sizeof(v), GRND_NONBLOCK) != sizeof(v)) {
        env->cc_src = 0;
        return 0;
    }
    env->cc_src = CC_C;
    return v;
}

/* ---- XCR0 -------------------------------------------------------------------------- */

void helper_xgetbv(CPUX86State *env)
{
    uintptr_t ra = GETPC();
    uint32_t ecx = env->regs[R_ECX];
    uint64_t v;

    if (!(env->cr[4] & CR4_OSXSAVE)) {
        raise_exception_ra(env, EXCP_UD, ra);
    }
    if (ecx == 0) {
        v = env->xcr0;
    } else if (ecx == 1 && (env->features[FEAT_XSAVE] & (1u << 2))) {
        v = env->xcr0;      /* XINUSE: report every enabled component */
    } else {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    env->regs[R_EAX] = (uint32_t)v;
    env->regs[R_EDX] = v >> 32;
}

void helper_xsetbv(CPUX86State *env)
{
    uintptr_t ra = GETPC();
    uint64_t v = ((uint64_t)(uint32_t)env->regs[R_EDX] << 32) |
                 (uint32_t)env->regs[R_EAX];

    if (!(env->cr[4] & CR4_OSXSAVE)) {
        raise_exception_ra(env, EXCP_UD, ra);
    }
    check_cpl0(env, ra);
    if ((uint32_t)env->regs[R_ECX] != 0 || !(v & 1) ||
        (v & ~x86_xcr0_supported(env)) || ((v & 4) && !(v & 2))) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    env->xcr0 = v;
    x86_update_hflags(env);
}

/* ---- waiting ------------------------------------------------------------------------- */

static G_NORETURN void do_halt(CPUX86State *env)
{
    CPUState *cs = env_cpu(env);

    env->hflags &= ~HF_INHIBIT_IRQ;
    cs->halted = true;
    cs->exception_index = EXCP_HLT;
    cpu_loop_exit(cs);
}

/* A finished UMWAIT/TPAUSE wait must not keep has_work() true. */
static void end_stale_wait(CPUX86State *env)
{
    X86SysState *s = x86_sys_state(env);

    if (s->wait_active && __atomic_load_n(&s->wait_expired,
                                          __ATOMIC_ACQUIRE)) {
        s->wait_active = false;
    }
}

void helper_hlt(CPUX86State *env, uint32_t next_eip_addend)
{
    check_cpl0(env, GETPC());
    end_stale_wait(env);
    env->eip += next_eip_addend;
    do_halt(env);
}

void helper_monitor(CPUX86State *env, uint64_t addr)
{
    if ((uint32_t)env->regs[R_ECX] != 0) {
        raise_exception_err_ra(env, EXCP_GP, 0, GETPC());
    }
    env->monitor_addr = addr;
    env->monitor_armed = true;
}

/*
 * MWAIT waits like HLT: stores to the monitored line are not watched, so
 * the wake-up is the next interrupt (a spurious early wake-up is allowed,
 * a late one only costs latency).
 */
void helper_mwait(CPUX86State *env, uint32_t next_eip_addend)
{
    uintptr_t ra = GETPC();

    if ((uint32_t)env->regs[R_ECX] > 1) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    check_cpl0(env, ra);
    end_stale_wait(env);
    env->eip += next_eip_addend;
    env->monitor_armed = false;
    do_halt(env);
}

/*
 * PAUSE in a spin loop: let another vCPU run if there is one. The
 * frontend ends the TB here (the helper never returns), so it always
 * leaves the loop past the instruction.
 */
void helper_pause(CPUX86State *env, uint32_t next_eip_addend)
{
    CPUState *cs = env_cpu(env);

    env->eip += next_eip_addend;
    cs->exception_index = (cpu_list && cpu_list->len > 1) ? EXCP_YIELD : -1;
    cpu_loop_exit(cs);
}

void helper_umonitor(CPUX86State *env, uint64_t addr)
{
    env->monitor_addr = addr;
    env->monitor_armed = true;
}

static void wait_timer_cb(void *opaque)
{
    CPUState *cs = opaque;
    X86SysState *s = x86_sys_state(&X86_CPU(cs)->env);

    __atomic_store_n(&s->wait_expired, true, __ATOMIC_RELEASE);
    qemu_cpu_kick(cs);
}

/* Sets or clears CF in the flags the frontend placed in cc_src. */
static void set_cf(CPUX86State *env, bool cf)
{
    env->cc_src = (env->cc_src & ~CC_C) | (cf ? CC_C : 0);
}

/*
 * UMWAIT/TPAUSE: wait until the TSC reaches EDX:EAX, the OS limit in
 * IA32_UMWAIT_CONTROL[31:2] runs out (CF=1), or an event arrives (CF=0).
 * The vCPU halts with a virtual-clock timer for the wake-up; no spinning.
 */
static void do_umwait(CPUX86State *env, uint32_t control, uint32_t addend,
                      bool need_monitor, uintptr_t ra)
{
    CPUState *cs = env_cpu(env);
    X86SysState *s = x86_sys_state(env);
    uint64_t deadline = ((uint64_t)(uint32_t)env->regs[R_EDX] << 32) |
                        (uint32_t)env->regs[R_EAX];
    uint64_t now, limit = env->umwait_control & ~3ull & 0xffffffff, wake;
    bool cf = false;

    if (control & ~1u) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    check_tsd(env, ra);
    now = x86_get_tsc(env);
    if (need_monitor && !env->monitor_armed) {
        set_cf(env, false);
        return;
    }
    env->monitor_armed = false;
    if ((int64_t)(deadline - now) <= 0) {
        set_cf(env, false);
        return;
    }
    wake = deadline;
    if (limit && limit < deadline - now) {
        wake = now + limit;
        cf = true;
    }
    set_cf(env, cf);
    WITH_BQL({
        if (!s->wait_timer) {
            s->wait_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, wait_timer_cb,
                                         cs);
        }
        s->wait_expired = false;
        s->wait_cf = cf;
        s->wait_active = true;
        timer_mod_ns(s->wait_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                     tsc_ticks_to_ns(env, wake - now));
    });
    env->eip += addend;
    do_halt(env);
}

void helper_umwait(CPUX86State *env, uint32_t control, uint32_t addend)
{
    do_umwait(env, control, addend, true, GETPC());
}

void helper_tpause(CPUX86State *env, uint32_t control, uint32_t addend)
{
    do_umwait(env, control, addend, false, GETPC());
}

bool x86_wait_timer_expired(CPUX86State *env)
{
    X86SysState *s = x86_sys_state(env);

    return s->wait_active && __atomic_load_n(&s->wait_expired,
                                             __ATOMIC_ACQUIRE);
}

/* An interrupt/NMI/INIT woke the CPU from UMWAIT/TPAUSE: if the timer
 * has not fired, the wait ended early and CF must read 0. */
void x86_wait_wake_event(CPUX86State *env)
{
    X86SysState *s = x86_sys_state(env);

    if (!s->wait_active) {
        return;
    }
    s->wait_active = false;
    if (__atomic_load_n(&s->wait_expired, __ATOMIC_ACQUIRE)) {
        return;
    }
    WITH_BQL(timer_del(s->wait_timer));
    if (s->wait_cf) {
        cpu_load_eflags(env, cpu_compute_eflags(env) & ~(uint64_t)CC_C, 0);
    }
}

/* ---- protection keys ------------------------------------------------------------------ */

uint32_t helper_rdpkru(CPUX86State *env, uint32_t ecx)
{
    uintptr_t ra = GETPC();

    if (!(env->cr[4] & CR4_PKE)) {
        raise_exception_ra(env, EXCP_UD, ra);
    }
    if (ecx != 0) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    return env->pkru;
}

void helper_wrpkru(CPUX86State *env, uint32_t ecx, uint64_t val)
{
    uintptr_t ra = GETPC();

    if (!(env->cr[4] & CR4_PKE)) {
        raise_exception_ra(env, EXCP_UD, ra);
    }
    if (ecx != 0 || (val >> 32) != 0) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    env->pkru = val;
    /* TLB entries carry rights computed with the old PKRU. */
    tlb_flush(env_cpu(env));
}
