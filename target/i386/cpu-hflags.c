/*
 * hflags: the mode bits translated code depends on, derived from CR0,
 * CR4, EFER, EFLAGS, XCR0 and the CS/SS/DS/ES caches. Accelerator
 * neutral (TCG keys TBs on it; KVM uses it for "info registers").
 */
#include "qemu/osdep.h"
#include "target/i386/cpu-hflags.h"

#define DESC_B_FLAG  (1u << 22)   /* D/B bit, as in SegmentCache.flags */
#define DESC_L_FLAG  (1u << 21)

void x86_update_hflags(CPUX86State *env)
{
    /* Bits that are state rather than derived: keep them. */
    uint32_t keep = env->hflags & (HF_INHIBIT_IRQ | HF_SMM);
    uint32_t hf = keep;
    uint64_t cr0 = env->cr[0], cr4 = env->cr[4];
    uint32_t cs_flags = env->segs[R_CS].flags;

    if (cr0 & 1) {
        hf |= HF_PE;
        if (env->eflags & VM_MASK) {
            hf |= 3u << HF_CPL_SHIFT;
        } else {
            hf |= ((cs_flags >> 13) & 3) << HF_CPL_SHIFT;
        }
    }
    if (cr0 & (1u << 1)) {
        hf |= HF_MP;
    }
    if (cr0 & (1u << 2)) {
        hf |= HF_EM;
    }
    if (cr0 & (1u << 3)) {
        hf |= HF_TS;
    }
    if (cr0 & (1u << 16)) {
        hf |= HF_WP;
    }
    if (cr0 & (1u << 18)) {
        hf |= HF_AM;
    }
    if (cr0 & (1u << 31)) {
        hf |= HF_PG;
    }
    if (cr4 & (1u << 9)) {
        hf |= HF_OSFXSR;
    }
    if (cr4 & (1u << 11)) {
        hf |= HF_UMIP;
    }
    if (cr4 & (1u << 16)) {
        hf |= HF_FSGSBASE;
    }
    if (cr4 & (1u << 18)) {
        hf |= HF_OSXSAVE;
        if ((env->xcr0 & 6) == 6) {
            hf |= HF_AVX_EN;
        }
    }
    if (cr4 & (1u << 21)) {
        hf |= HF_SMAP;
    }
    if (cr4 & (1u << 22)) {
        hf |= HF_PKRU;
    }
    if (env->eflags & TF_MASK) {
        hf |= HF_TF;
    }
    if (env->eflags & RF_MASK) {
        hf |= HF_RF;
    }
    if (env->eflags & VM_MASK) {
        hf |= HF_VM;
    }
    if (env->eflags & AC_MASK) {
        hf |= HF_AC;
    }
    hf |= ((env->eflags & IOPL_MASK) >> 12) << HF_IOPL_SHIFT;

    if (env->efer & (1u << 10)) {
        hf |= HF_LMA;
    }
    if ((hf & HF_LMA) && (cs_flags & DESC_L_FLAG)) {
        /* 64-bit code: CS.D must be 0; flat segments. */
        hf |= HF_CS64 | HF_CS32 | HF_SS32;
    } else {
        if (cs_flags & DESC_B_FLAG) {
            hf |= HF_CS32;
        }
        if (env->segs[R_SS].flags & DESC_B_FLAG) {
            hf |= HF_SS32;
        }
        /*
         * Outside 64-bit code, ADDSEG says whether DS/ES/SS bases must be
         * added: always in real/vm86 mode and 16-bit code, otherwise only
         * if one of them is non-zero.
         */
        if (!(hf & HF_PE) || (hf & HF_VM) || !(hf & HF_CS32)) {
            hf |= HF_ADDSEG;
        } else if (env->segs[R_DS].base | env->segs[R_ES].base |
                   env->segs[R_SS].base) {
            hf |= HF_ADDSEG;
        }
    }
    env->hflags = hf;
}
