/*
 * Fast system calls: SYSCALL/SYSRET (long mode and legacy), SYSENTER/
 * SYSEXIT, SWAPGS. Flat segments are loaded from the MSRs as the SDM
 * describes, without reading the GDT.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/sys-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

#define FLAT_CODE64 (DESC_G | DESC_P | DESC_S | DESC_CS | DESC_R | DESC_A | \
                     DESC_L)
#define FLAT_CODE32 (DESC_G | DESC_B | DESC_P | DESC_S | DESC_CS | DESC_R | \
                     DESC_A)
#define FLAT_DATA   (DESC_G | DESC_B | DESC_P | DESC_S | DESC_W | DESC_A)
#define DPL3        (3u << DESC_DPL_SHIFT)

static void load_flat(CPUX86State *env, int seg, uint32_t selector,
                      uint32_t flags)
{
    cpu_x86_load_seg_cache(env, seg, selector, 0, 0xffffffff, flags);
}

void helper_syscall(CPUX86State *env, uint32_t next_eip_addend)
{
    uintptr_t ra = GETPC();
    uint32_t sel = (env->star >> 32) & 0xffff;
    uint64_t next = env->eip + next_eip_addend;

    if (!(env->efer & EFER_SCE)) {
        raise_exception_ra(env, EXCP_UD, ra);
    }
    if (env->hflags & HF_LMA) {
        uint64_t rflags = cpu_compute_eflags(env);
        bool from64 = env->hflags & HF_CS64;

        env->regs[R_ECX] = next;
        env->regs[11] = rflags;
        cpu_load_eflags(env, rflags & ~(env->fmask | RF_MASK),
                        ~0ull & ~(uint64_t)VM_MASK);
        env->eflags &= ~VM_MASK;
        load_flat(env, R_CS, sel & 0xfffc, FLAT_CODE64);
        load_flat(env, R_SS, (sel + 8) & 0xfffc, FLAT_DATA);
        env->eip = from64 ? env->lstar : env->cstar;
    } else {
        env->regs[R_ECX] = (uint32_t)next;
        env->eflags &= ~(IF_MASK | VM_MASK | RF_MASK);
        load_flat(env, R_CS, sel & 0xfffc, FLAT_CODE32);
        load_flat(env, R_SS, (sel + 8) & 0xfffc, FLAT_DATA);
        env->eip = (uint32_t)env->star;
    }
    x86_update_hflags(env);
}

static bool canonical48(uint64_t a)
{
    return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

void helper_sysret(CPUX86State *env, uint32_t dflag)
{
    uintptr_t ra = GETPC();
    uint32_t sel = (env->star >> 48) & 0xffff;

    if (!(env->efer & EFER_SCE)) {
        raise_exception_ra(env, EXCP_UD, ra);
    }
    if (!(env->cr[0] & CR0_PE) || x86_cpl(env) != 0) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    if (env->hflags & HF_LMA) {
        if (dflag == 2 && !canonical48(env->regs[R_ECX])) {
            raise_exception_err_ra(env, EXCP_GP, 0, ra);
        }
        if (dflag == 2) {
            load_flat(env, R_CS, (sel + 16) | 3, FLAT_CODE64 | DPL3);
            env->eip = env->regs[R_ECX];
        } else {
            load_flat(env, R_CS, sel | 3, FLAT_CODE32 | DPL3);
            env->eip = (uint32_t)env->regs[R_ECX];
        }
        load_flat(env, R_SS, (sel + 8) | 3, FLAT_DATA | DPL3);
        cpu_load_eflags(env, (env->regs[11] & ~(uint64_t)(RF_MASK |
                                                          VM_MASK)) | 2,
                        TF_MASK | AC_MASK | ID_MASK | IF_MASK | IOPL_MASK |
                        NT_MASK | RF_MASK | DF_MASK | VIF_MASK | VIP_MASK);
    } else {
        load_flat(env, R_CS, sel | 3, FLAT_CODE32 | DPL3);
        load_flat(env, R_SS, (sel + 8) | 3, FLAT_DATA | DPL3);
        env->eip = (uint32_t)env->regs[R_ECX];
        env->eflags |= IF_MASK;
    }
    x86_update_hflags(env);
}

void helper_sysenter(CPUX86State *env)
{
    uintptr_t ra = GETPC();
    uint32_t cs = env->sysenter_cs & 0xffff;

    if (!(env->cr[0] & CR0_PE) || (cs & 0xfffc) == 0) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    env->eflags &= ~(VM_MASK | IF_MASK | RF_MASK);
    if (env->hflags & HF_LMA) {
        load_flat(env, R_CS, cs & 0xfffc, FLAT_CODE64);
        env->regs[R_ESP] = env->sysenter_esp;
        env->eip = env->sysenter_eip;
    } else {
        load_flat(env, R_CS, cs & 0xfffc, FLAT_CODE32);
        env->regs[R_ESP] = (uint32_t)env->sysenter_esp;
        env->eip = (uint32_t)env->sysenter_eip;
    }
    load_flat(env, R_SS, (cs + 8) & 0xfffc, FLAT_DATA);
    x86_update_hflags(env);
}

void helper_sysexit(CPUX86State *env, uint32_t dflag)
{
    uintptr_t ra = GETPC();
    uint32_t cs = env->sysenter_cs & 0xffff;

    if (!(env->cr[0] & CR0_PE) || x86_cpl(env) != 0 || (cs & 0xfffc) == 0) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    if (dflag == 2) {
        load_flat(env, R_CS, ((cs + 32) & 0xfffc) | 3, FLAT_CODE64 | DPL3);
        load_flat(env, R_SS, ((cs + 40) & 0xfffc) | 3, FLAT_DATA | DPL3);
        env->regs[R_ESP] = env->regs[R_ECX];
        env->eip = env->regs[R_EDX];
    } else {
        load_flat(env, R_CS, ((cs + 16) & 0xfffc) | 3, FLAT_CODE32 | DPL3);
        load_flat(env, R_SS, ((cs + 24) & 0xfffc) | 3, FLAT_DATA | DPL3);
        env->regs[R_ESP] = (uint32_t)env->regs[R_ECX];
        env->eip = (uint32_t)env->regs[R_EDX];
    }
    x86_update_hflags(env);
}

void helper_swapgs(CPUX86State *env)
{
    uint64_t t;

    if (x86_cpl(env) != 0) {
        raise_exception_err_ra(env, EXCP_GP, 0, GETPC());
    }
    t = env->segs[R_GS].base;
    env->segs[R_GS].base = env->kernelgsbase;
    env->kernelgsbase = t;
}
