/*
 * x86 condition codes: the lazy representation (cc_op, cc_dst, cc_src,
 * cc_src2) that translated code leaves behind, turned into EFLAGS bits.
 * See docs/devel/tcg-x86.md for what each CCOp keeps in which field.
 */
#include "qemu/osdep.h"
#include "target/i386/cpu.h"
#include "target/i386/tcg/tcg-cpu.h"
#include "target/i386/tcg/cc-compute.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

#define CC_ARITH_MASK (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C)

uint64_t helper_cc_compute_all(uint64_t dst, uint64_t src1, uint64_t src2,
                               uint32_t op)
{
    return x86_cc_compute_all(dst, src1, src2, op);
}

uint64_t helper_cc_compute_c(uint64_t dst, uint64_t src1, uint64_t src2,
                             uint32_t op)
{
    return x86_cc_compute_c(dst, src1, src2, op);
}

uint32_t cc_compute_all(CPUX86State *env)
{
    return x86_cc_compute_all(env->cc_dst, env->cc_src, env->cc_src2,
                              env->cc_op);
}

uint64_t cpu_compute_eflags(CPUX86State *env)
{
    uint64_t fl = env->eflags & ~(uint64_t)(CC_ARITH_MASK | DF_MASK);

    fl |= cc_compute_all(env);
    if (env->df < 0) {
        fl |= DF_MASK;
    }
    return fl | 2;
}

/* hflags bits that mirror EFLAGS bits. */
static void eflags_to_hflags(CPUX86State *env)
{
    uint32_t hf = env->hflags;
    uint64_t fl = env->eflags;

    hf &= ~(HF_TF | HF_RF | HF_VM | HF_AC | (3u << HF_IOPL_SHIFT));
    if (fl & TF_MASK) {
        hf |= HF_TF;
    }
    if (fl & RF_MASK) {
        hf |= HF_RF;
    }
    if (fl & VM_MASK) {
        hf |= HF_VM;
    }
    if (fl & AC_MASK) {
        hf |= HF_AC;
    }
    hf |= ((fl & IOPL_MASK) >> 12) << HF_IOPL_SHIFT;
    env->hflags = hf;
}

void cpu_load_eflags(CPUX86State *env, uint64_t eflags, uint64_t update_mask)
{
    update_mask &= ~(uint64_t)(CC_ARITH_MASK | DF_MASK);
    env->cc_src = eflags & CC_ARITH_MASK;
    env->cc_op = CC_OP_EFLAGS;
    env->df = (eflags & DF_MASK) ? -1 : 1;
    env->eflags = (env->eflags & ~update_mask) | (eflags & update_mask);
    env->eflags = (env->eflags & ~(uint64_t)(CC_ARITH_MASK | DF_MASK)) | 2;
    eflags_to_hflags(env);
}

uint64_t helper_read_eflags(CPUX86State *env)
{
    /* PUSHF: VM and RF read as 0 in the pushed image. */
    return cpu_compute_eflags(env) & ~(uint64_t)(VM_MASK | RF_MASK);
}

void helper_write_eflags(CPUX86State *env, uint64_t val, uint32_t mask)
{
    /* DF and the arithmetic flags are always loaded. */
    cpu_load_eflags(env, val, mask | CC_ARITH_MASK | DF_MASK);
}

void x86_cpu_exec_enter(CPUState *cs)
{
    CPUX86State *env = &X86_CPU(cs)->env;
    uint64_t fl = env->eflags;

    env->cc_src = fl & CC_ARITH_MASK;
    env->cc_op = CC_OP_EFLAGS;
    env->df = (fl & DF_MASK) ? -1 : 1;
    env->eflags = (fl & ~(uint64_t)(CC_ARITH_MASK | DF_MASK)) | 2;
}

void x86_cpu_exec_exit(CPUState *cs)
{
    CPUX86State *env = &X86_CPU(cs)->env;

    env->eflags = cpu_compute_eflags(env);
}
