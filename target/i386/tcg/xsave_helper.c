/*
 * FXSAVE/FXRSTOR, XSAVE/XSAVEOPT/XSAVEC/XRSTOR and LDMXCSR.
 * Layouts from the Intel SDM (vol. 1, 10.5 and 13.4).
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/fpu-internal.h"
#include "exec/cpu-ldst.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

/* Offsets in the legacy (FXSAVE) region */
#define FXS_FCW    0
#define FXS_FSW    2
#define FXS_FTW    4
#define FXS_FOP    6
#define FXS_FIP    8
#define FXS_FDP    16
#define FXS_MXCSR  24
#define FXS_MXCSR_MASK 28
#define FXS_ST     32
#define FXS_XMM    160
#define XSAVE_HDR  512
#define XSAVE_YMM_STD 576

void fpu_set_mxcsr(CPUX86State *env, uint32_t mxcsr)
{
    env->mxcsr = mxcsr & MXCSR_WRITABLE;
}

void helper_ldmxcsr(CPUX86State *env, uint32_t val)
{
    if (val & ~MXCSR_WRITABLE) {
        raise_exception_err_ra(env, FPU_EXCP_GP, 0, GETPC());
    }
    fpu_set_mxcsr(env, val);
}

static int nb_xmm_regs(CPUX86State *env)
{
    return (env->hflags & HF_CS64) ? 16 : 8;
}

typedef struct XsCtx {
    CPUX86State *env;
    int mmu;
    uintptr_t ra;
} XsCtx;

static void st64(XsCtx *c, uint64_t a, uint64_t v)
{
    cpu_stq_mmuidx_ra(c->env, a, v, c->mmu, c->ra);
}
static void st32(XsCtx *c, uint64_t a, uint32_t v)
{
    cpu_stl_mmuidx_ra(c->env, a, v, c->mmu, c->ra);
}
static void st16(XsCtx *c, uint64_t a, uint32_t v)
{
    cpu_stw_mmuidx_ra(c->env, a, v, c->mmu, c->ra);
}
static uint64_t ld64(XsCtx *c, uint64_t a)
{
    return cpu_ldq_mmuidx_ra(c->env, a, c->mmu, c->ra);
}
static uint32_t ld32(XsCtx *c, uint64_t a)
{
    return cpu_ldl_mmuidx_ra(c->env, a, c->mmu, c->ra);
}
static uint32_t ld16(XsCtx *c, uint64_t a)
{
    return cpu_lduw_mmuidx_ra(c->env, a, c->mmu, c->ra);
}

static void xs_init(XsCtx *c, CPUX86State *env, uintptr_t ra)
{
    c->env = env;
    c->mmu = cpu_mmu_index(env);
    c->ra = ra;
}

/* x87 state: FCW..FDP and ST0-7 (state component 0). */
static void save_x87(XsCtx *c, uint64_t a, bool rexw)
{
    CPUX86State *env = c->env;

    st16(c, a + FXS_FCW, env->fpuc);
    st16(c, a + FXS_FSW, fpu_get_fsw(env));
    st16(c, a + FXS_FTW, fpu_abridged_tags(env));
    st16(c, a + FXS_FOP, env->fpop);
    if (rexw) {
        st64(c, a + FXS_FIP, env->fpip);
        st64(c, a + FXS_FDP, env->fpdp);
    } else {
        st32(c, a + FXS_FIP, env->fpip);
        st32(c, a + FXS_FIP + 4, env->fpcs);
        st32(c, a + FXS_FDP, env->fpdp);
        st32(c, a + FXS_FDP + 4, env->fpds);
    }
    for (int i = 0; i < 8; i++) {
        const X86FPReg *r = fpu_st(env, i);
        st64(c, a + FXS_ST + 16 * i, r->mant);
        st64(c, a + FXS_ST + 16 * i + 8, r->exp);
    }
}

static void save_mxcsr(XsCtx *c, uint64_t a)
{
    st32(c, a + FXS_MXCSR, c->env->mxcsr);
    st32(c, a + FXS_MXCSR_MASK, MXCSR_WRITABLE);
}

static void save_xmm(XsCtx *c, uint64_t a)
{
    for (int i = 0; i < nb_xmm_regs(c->env); i++) {
        st64(c, a + FXS_XMM + 16 * i, c->env->xmm_regs[i].q[0]);
        st64(c, a + FXS_XMM + 16 * i + 8, c->env->xmm_regs[i].q[1]);
    }
}

static void save_ymmh(XsCtx *c, uint64_t a)
{
    for (int i = 0; i < nb_xmm_regs(c->env); i++) {
        st64(c, a + 16 * i, c->env->xmm_regs[i].q[2]);
        st64(c, a + 16 * i + 8, c->env->xmm_regs[i].q[3]);
    }
}

/* The x87 part read into temporaries first, then committed. */
typedef struct X87Image {
    uint16_t fcw, fsw, ftw, fop;
    uint64_t fip, fdp;
    uint16_t fcs, fds;
    X86FPReg st[8];
} X87Image;

static void load_x87(XsCtx *c, uint64_t a, bool rexw, X87Image *im)
{
    im->fcw = ld16(c, a + FXS_FCW);
    im->fsw = ld16(c, a + FXS_FSW);
    im->ftw = ld16(c, a + FXS_FTW) & 0xff;
    im->fop = ld16(c, a + FXS_FOP) & 0x7ff;
    if (rexw) {
        im->fip = ld64(c, a + FXS_FIP);
        im->fdp = ld64(c, a + FXS_FDP);
        im->fcs = im->fds = 0;
    } else {
        im->fip = ld32(c, a + FXS_FIP);
        im->fcs = ld16(c, a + FXS_FIP + 4);
        im->fdp = ld32(c, a + FXS_FDP);
        im->fds = ld16(c, a + FXS_FDP + 4);
    }
    for (int i = 0; i < 8; i++) {
        im->st[i].mant = ld64(c, a + FXS_ST + 16 * i);
        im->st[i].exp = ld16(c, a + FXS_ST + 16 * i + 8);
    }
}

static void commit_x87(CPUX86State *env, const X87Image *im)
{
    env->fpuc = im->fcw | 0x40;
    fpu_set_fsw(env, im->fsw);
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = !((im->ftw >> i) & 1);
    }
    env->fpop = im->fop;
    env->fpip = im->fip;
    env->fpdp = im->fdp;
    env->fpcs = im->fcs;
    env->fpds = im->fds;
    for (int i = 0; i < 8; i++) {
        X86FPReg *r = fpu_st(env, i);
        r->mant = im->st[i].mant;
        r->exp = im->st[i].exp;
    }
}

static void init_x87(CPUX86State *env)
{
    fpu_reset_x87(env);
    for (int i = 0; i < 8; i++) {
        env->fpregs[i].mant = 0;
        env->fpregs[i].exp = 0;
    }
}

static uint32_t load_mxcsr_checked(XsCtx *c, uint64_t a)
{
    uint32_t m = ld32(c, a + FXS_MXCSR);

    if (m & ~MXCSR_WRITABLE) {
        raise_exception_err_ra(c->env, FPU_EXCP_GP, 0, c->ra);
    }
    return m;
}

static void load_xmm(XsCtx *c, uint64_t a, X86XMMReg *regs, int n)
{
    for (int i = 0; i < n; i++) {
        regs[i].q[0] = ld64(c, a + FXS_XMM + 16 * i);
        regs[i].q[1] = ld64(c, a + FXS_XMM + 16 * i + 8);
    }
}

static void check_align(XsCtx *c, uint64_t a, uint64_t align)
{
    if (a & (align - 1)) {
        raise_exception_err_ra(c->env, FPU_EXCP_GP, 0, c->ra);
    }
}

void helper_fxsave(CPUX86State *env, uint64_t addr, uint32_t rexw)
{
    XsCtx c;

    xs_init(&c, env, GETPC());
    check_align(&c, addr, 16);
    /* Probe the last byte first so a fault leaves memory untouched. */
    (void)ld64(&c, addr + 504);
    save_x87(&c, addr, rexw);
    save_mxcsr(&c, addr);
    save_xmm(&c, addr);
}

void helper_fxrstor(CPUX86State *env, uint64_t addr, uint32_t rexw)
{
    XsCtx c;
    X87Image im;
    X86XMMReg xmm[16];
    int n = nb_xmm_regs(env);
    uint32_t mxcsr;

    xs_init(&c, env, GETPC());
    check_align(&c, addr, 16);
    mxcsr = load_mxcsr_checked(&c, addr);
    load_x87(&c, addr, rexw, &im);
    load_xmm(&c, addr, xmm, n);
    commit_x87(env, &im);
    env->mxcsr = mxcsr;
    for (int i = 0; i < n; i++) {
        env->xmm_regs[i].q[0] = xmm[i].q[0];
        env->xmm_regs[i].q[1] = xmm[i].q[1];
    }
}

/* --- XSAVE --- */

/* Supported state components: x87, SSE, AVX (YMM upper halves). */
#define XSTATE_SUPPORTED (XSTATE_X87 | XSTATE_SSE | XSTATE_YMM)

static uint64_t xsave_rfbm(CPUX86State *env, uint64_t req)
{
    return req & env->xcr0 & XSTATE_SUPPORTED;
}

void helper_xsave(CPUX86State *env, uint64_t addr, uint64_t req,
                  uint32_t kind)
{
    XsCtx c;
    uint64_t rfbm = xsave_rfbm(env, req);
    bool rexw = kind & XSAVE_KIND_REXW;
    bool compact = (kind & 0xf) == XSAVE_KIND_C;
    uint64_t bv;

    xs_init(&c, env, GETPC());
    check_align(&c, addr, 64);
    (void)ld64(&c, addr + XSAVE_HDR + 56);
    if (rfbm & XSTATE_X87) {
        save_x87(&c, addr, rexw);
    }
    if (rfbm & (XSTATE_SSE | XSTATE_YMM)) {
        save_mxcsr(&c, addr);
    }
    if (rfbm & XSTATE_SSE) {
        save_xmm(&c, addr);
    }
    if (rfbm & XSTATE_YMM) {
        /* compacted: component 2 is the first after the header */
        save_ymmh(&c, addr + XSAVE_YMM_STD);
    }
    /* Every saved component counts as in use (XINUSE = 1). */
    if (compact) {
        st64(&c, addr + XSAVE_HDR, rfbm);
        st64(&c, addr + XSAVE_HDR + 8, rfbm | (1ull << 63));
    } else {
        bv = ld64(&c, addr + XSAVE_HDR);
        bv = (bv & ~rfbm) | rfbm;
        st64(&c, addr + XSAVE_HDR, bv);
    }
}

void helper_xrstor(CPUX86State *env, uint64_t addr, uint64_t req,
                   uint32_t rexw)
{
    XsCtx c;
    uint64_t rfbm = xsave_rfbm(env, req);
    uint64_t xstate_bv, xcomp_bv;
    X87Image im;
    X86XMMReg xmm[16];
    uint64_t ymmh[16][2];
    uint32_t mxcsr = env->mxcsr;
    int n = nb_xmm_regs(env);

    xs_init(&c, env, GETPC());
    check_align(&c, addr, 64);
    xstate_bv = ld64(&c, addr + XSAVE_HDR);
    xcomp_bv = ld64(&c, addr + XSAVE_HDR + 8);
    if (xcomp_bv >> 63) {
        if (!fpu_has_feature(env, FPUF_XSAVEC) ||
            (xcomp_bv & ~(1ull << 63) & ~env->xcr0) ||
            (xstate_bv & ~xcomp_bv)) {
            raise_exception_err_ra(env, FPU_EXCP_GP, 0, c.ra);
        }
        for (int i = 16; i < 64; i += 8) {
            if (ld64(&c, addr + XSAVE_HDR + i)) {
                raise_exception_err_ra(env, FPU_EXCP_GP, 0, c.ra);
            }
        }
    } else {
        if ((xstate_bv & ~env->xcr0) || xcomp_bv ||
            ld64(&c, addr + XSAVE_HDR + 16)) {
            raise_exception_err_ra(env, FPU_EXCP_GP, 0, c.ra);
        }
    }

    /* Read everything that will be loaded, then commit. */
    if (rfbm & xstate_bv & XSTATE_X87) {
        load_x87(&c, addr, rexw, &im);
    }
    if (rfbm & (XSTATE_SSE | XSTATE_YMM)) {
        mxcsr = load_mxcsr_checked(&c, addr);
    }
    if (rfbm & xstate_bv & XSTATE_SSE) {
        load_xmm(&c, addr, xmm, n);
    }
    if (rfbm & xstate_bv & XSTATE_YMM) {
        for (int i = 0; i < n; i++) {
            ymmh[i][0] = ld64(&c, addr + XSAVE_YMM_STD + 16 * i);
            ymmh[i][1] = ld64(&c, addr + XSAVE_YMM_STD + 16 * i + 8);
        }
    }

    if (rfbm & XSTATE_X87) {
        if (xstate_bv & XSTATE_X87) {
            commit_x87(env, &im);
        } else {
            init_x87(env);
        }
    }
    if (rfbm & (XSTATE_SSE | XSTATE_YMM)) {
        env->mxcsr = mxcsr;
    }
    if (rfbm & XSTATE_SSE) {
        for (int i = 0; i < n; i++) {
            bool load = xstate_bv & XSTATE_SSE;
            env->xmm_regs[i].q[0] = load ? xmm[i].q[0] : 0;
            env->xmm_regs[i].q[1] = load ? xmm[i].q[1] : 0;
        }
    }
    if (rfbm & XSTATE_YMM) {
        for (int i = 0; i < n; i++) {
            bool load = xstate_bv & XSTATE_YMM;
            env->xmm_regs[i].q[2] = load ? ymmh[i][0] : 0;
            env->xmm_regs[i].q[3] = load ? ymmh[i][1] : 0;
        }
    }
}
