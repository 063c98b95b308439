/*
 * x87 FPU helpers: the register stack, tags, status/control words, and
 * the arithmetic, computed by the host's own x87 unit. The host is an
 * x86-64 CPU, so loading the guest's precision and rounding control into
 * the host control word gives bit-identical results, flags and condition
 * codes. Exceptions are always masked on the host; the guest's unmasked
 * exceptions are emulated here (see docs/devel/tcg-x86-fpu.md).
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "target/i386/tcg/fpu-internal.h"
#include "exec/cpu-ldst.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

static const X86FPReg fp_indefinite = {
    .mant = 0xc000000000000000ull, .exp = 0xffff,
};

/* --- status and control words, tags --- */

void fpu_set_fsw(CPUX86State *env, uint16_t fsw)
{
    env->fpstt = (fsw >> 11) & 7;
    env->fpus = fsw & ~0x3800;
    if (env->fpus & ~env->fpuc & FPUS_EXC) {
        env->fpus |= FPUS_ES | FPUS_B;
    } else {
        env->fpus &= ~(FPUS_ES | FPUS_B);
    }
}

void fpu_set_fcw(CPUX86State *env, uint16_t fcw)
{
    env->fpuc = fcw | 0x40;
    fpu_set_fsw(env, fpu_get_fsw(env));
}

void fpu_reset_x87(CPUX86State *env)
{
    env->fpuc = 0x37f;
    env->fpus = 0;
    env->fpstt = 0;
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = 1;
    }
    env->fpop = 0;
    env->fpip = env->fpdp = 0;
    env->fpcs = env->fpds = 0;
}

static int fpu_tag_of(const X86FPReg *r)
{
    int e = r->exp & 0x7fff;

    if (e == 0x7fff) {
        return 2;
    }
    if (e == 0) {
        return r->mant ? 2 : 1;
    }
    return (r->mant >> 63) ? 0 : 2;
}

uint16_t fpu_full_tags(const CPUX86State *env)
{
    uint16_t ftw = 0;

    for (int i = 0; i < 8; i++) {
        int t = env->fptags[i] ? 3 : fpu_tag_of(&env->fpregs[i]);
        ftw |= t << (2 * i);
    }
    return ftw;
}

void fpu_set_full_tags(CPUX86State *env, uint16_t ftw)
{
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = ((ftw >> (2 * i)) & 3) == 3;
    }
}

uint8_t fpu_abridged_tags(const CPUX86State *env)
{
    uint8_t t = 0;

    for (int i = 0; i < 8; i++) {
        t |= (!env->fptags[i]) << i;
    }
    return t;
}

/* --- the stack --- */

static inline bool st_empty(CPUX86State *env, int i)
{
    return env->fptags[(env->fpstt + i) & 7];
}

static inline void st_set(CPUX86State *env, int i, const X86FPReg *v)
{
    X86FPReg *r = fpu_st(env, i);

    r->mant = v->mant;
    r->exp = v->exp;
    env->fptags[(env->fpstt + i) & 7] = 0;
}

static inline void fpu_pop(CPUX86State *env)
{
    env->fptags[env->fpstt & 7] = 1;
    env->fpstt = (env->fpstt + 1) & 7;
}

static inline void fpu_push(CPUX86State *env)
{
    env->fpstt = (env->fpstt - 1) & 7;
    env->fptags[env->fpstt] = 0;
}

/* Stack overflow/underflow: IE + SF; true if masked (use indefinite). */
static bool fpu_stack_fault(CPUX86State *env, bool overflow)
{
    env->fpus |= FPUS_IE | FPUS_SF;
    env->fpus = (env->fpus & ~FPUS_C1) | (overflow ? FPUS_C1 : 0);
    if (!(env->fpuc & FPUS_IE)) {
        env->fpus |= FPUS_ES | FPUS_B;
        return false;
    }
    return true;
}

/* Is there room for a push? Handles the overflow fault. */
static bool fpu_push_ok(CPUX86State *env, bool *use_indefinite)
{
    *use_indefinite = false;
    if (!env->fptags[(env->fpstt - 1) & 7]) {
        if (!fpu_stack_fault(env, true)) {
            return false;
        }
        *use_indefinite = true;
    }
    return true;
}

/*
 * A pending unmasked exception is reported by the next waiting x87
 * instruction: #MF with CR0.NE, else the FERR# line, which this machine
 * does not wire (the guest sees nothing, as with a masked IRQ13).
 */
static void fpu_check_pending(CPUX86State *env, uintptr_t ra)
{
    if (unlikely(env->fpus & FPUS_ES)) {
        if (env->cr[0] & FPU_CR0_NE) {
            raise_exception_ra(env, FPU_EXCP_MF, ra);
        }
    }
}

/*
 * Merges the host status word of one operation: sticky exception flags,
 * condition codes, ES/B. Returns false when an unmasked pre-computation
 * exception (IE, DE, ZE) means the destination must stay unchanged.
 */
static bool fpu_commit(CPUX86State *env, uint16_t sw)
{
    uint16_t exc = sw & FPUS_EXC & ~FPUS_SF;
    uint16_t unmasked = exc & ~env->fpuc & FPUS_EXC;

    env->fpus = (env->fpus & ~FPUS_CC) | (sw & FPUS_CC) | exc;
    if (unmasked) {
        env->fpus |= FPUS_ES | FPUS_B;
    }
    return !(unmasked & (FPUS_IE | FPUS_DE | FPUS_ZE));
}

/* --- host x87 --- */

/* Guest precision and rounding; every exception masked on the host. */
static inline uint16_t host_cw(CPUX86State *env)
{
    return (env->fpuc & 0x0f00) | 0x007f;
}

#define X87_PRE  "fnstcw %[hcw]\n\tfnclex\n\tfldcw %[gcw]\n\t"
#define X87_POST "\n\tfldcw %[hcw]"
#define X87_OUT  [sw] "=m"(sw), [hcw] "+m"(hcw)
#define X87_CLOB "st", "st(1)", "st(2)", "memory"

/* ST0 = a op b, with op a register form "%st(1), %st" */
#define X87_BIN(insn)                                                   \
    asm volatile(X87_PRE "fldt %[b]\n\tfldt %[a]\n\t" insn               \
                 " %%st(1), %%st\n\tfnstsw %[sw]\n\tfstpt %[out]\n\t"   \
                 "fstp %%st(0)" X87_POST                                \
                 : X87_OUT, [out] "=m"(*out)                            \
                 : [a] "m"(*a), [b] "m"(*b), [gcw] "m"(gcw) : X87_CLOB)

static uint16_t x87_bin(CPUX86State *env, int op, const X86FPReg *a,
                        const X86FPReg *b, X86FPReg *out)
{
    uint16_t sw = 0, hcw = 0, gcw = host_cw(env);

    switch (op) {
    case 0: X87_BIN("fadd"); break;
    case 1: X87_BIN("fmul"); break;
    case 4: X87_BIN("fsub"); break;
    case 5: X87_BIN("fsubr"); break;
    case 6: X87_BIN("fdiv"); break;
    case 7: X87_BIN("fdivr"); break;
    default: g_assert_not_reached();
    }
    return sw;
}

/* Compares ST0 (a) with b: C0 C2 C3 in the returned status word. */
#define X87_CMP(insn)                                                   \
    asm volatile(X87_PRE "fldt %[b]\n\tfldt %[a]\n\t" insn              \
                 "\n\tfnstsw %[sw]\n\tfstp %%st(0)\n\tfstp %%st(0)"     \
                 X87_POST                                               \
                 : X87_OUT : [a] "m"(*a), [b] "m"(*b), [gcw] "m"(gcw)   \
                 : X87_CLOB)

static uint16_t x87_cmp(CPUX86State *env, bool unordered,
                        const X86FPReg *a, const X86FPReg *b)
{
    uint16_t sw = 0, hcw = 0, gcw = host_cw(env);

    if (unordered) {
        X87_CMP("fucom %%st(1)");
    } else {
        X87_CMP("fcom %%st(1)");
    }
    return sw;
}

/* ST0 = a op mem (op 2/3: compare, ST0 unchanged) */
#define X87_MEM(insn, mem)                                              \
    asm volatile(X87_PRE "fldt %[a]\n\t" insn " %[m]\n\t"               \
                 "fnstsw %[sw]\n\tfstpt %[out]" X87_POST                \
                 : X87_OUT, [out] "=m"(*out)                            \
                 : [a] "m"(*a), [m] "m"(mem), [gcw] "m"(gcw) : X87_CLOB)

/* pfx "f" for float operands, "fi" for integer ones (fiadds, ficoml...). */
#define X87_MEM_SWITCH(pfx, sfx, m)                     \
    switch (op) {                                       \
    case 0: X87_MEM(pfx "add" sfx, m); break;           \
    case 1: X87_MEM(pfx "mul" sfx, m); break;           \
    case 2: case 3: X87_MEM(pfx "com" sfx, m); break;   \
    case 4: X87_MEM(pfx "sub" sfx, m); break;           \
    case 5: X87_MEM(pfx "subr" sfx, m); break;          \
    case 6: X87_MEM(pfx "div" sfx, m); break;           \
    case 7: X87_MEM(pfx "divr" sfx, m); break;          \
    }

static uint16_t x87_mem_f32(CPUX86State *env, int op, const X86FPReg *a,
                            uint32_t m, X86FPReg *out)
{
    uint16_t sw = 0, hcw = 0, gcw = host_cw(env);
    X87_MEM_SWITCH("f", "s", m)
    return sw;
}

static uint16_t x87_mem_f64(CPUX86State *env, int op, const X86FPReg *a,
                            uint64_t m, X86FPReg *out)
{
    uint16_t sw = 0, hcw = 0, gcw = host_cw(env);
    X87_MEM_SWITCH("f", "l", m)
    return sw;
}

static uint16_t x87_mem_i16(CPUX86State *env, int op, const X86FPReg *a,
                            uint16_t m, X86FPReg *out)
{
    uint16_t sw = 0, hcw = 0, gcw = host_cw(env);
    X87_MEM_SWITCH("fi", "s", m)
    return sw;
}

static uint16_t x87_mem_i32(CPUX86State *env, int op, const X86FPReg *a,
                            uint32_t m, X86FPReg *out)
{
    uint16_t sw = 0, hcw = 0, gcw = host_cw(env);
    X87_MEM_SWITCH("fi", "l", m)
    return sw;
}

/* Loads a memory operand into an 80-bit value. */
#define X87_LOAD(insn, mem)                                             \
    asm volatile(X87_PRE insn " %[m]\n\tfnstsw %[sw]\n\tfstpt %[out]"   \
                 X87_POST : X87_OUT, [out] "=m"(*out)                   \
                 : [m] "m"(mem), [gcw] "m"(gcw) : X87_CLOB)
/* Stores a into memory with a popping store. */
#define X87_STORE(insn, mem)                                            \
    asm volatile(X87_PRE "fldt %[a]\n\t" insn " %[m]\n\tfnstsw %[sw]"  \
                 X87_POST : X87_OUT, [m] "=m"(mem)                      \
                 : [a] "m"(*a), [gcw] "m"(gcw) : X87_CLOB)
/* One operand in, one out (ST0 = op ST0). */
#define X87_UN(insn)                                                    \
    asm volatile(X87_PRE "fldt %[a]\n\t" insn "\n\tfnstsw %[sw]\n\t"   \
                 "fstpt %[out]" X87_POST                                \
                 : X87_OUT, [out] "=m"(*out)                            \
                 : [a] "m"(*a), [gcw] "m"(gcw) : X87_CLOB)
/* ST0 = ST0 op ST1, ST1 stays (FPREM, FSCALE) */
#define X87_BIN_KEEP(insn)                                              \
    asm volatile(X87_PRE "fldt %[b]\n\tfldt %[a]\n\t" insn "\n\t"       \
                 "fnstsw %[sw]\n\tfstpt %[out]\n\tfstp %%st(0)"         \
                 X87_POST : X87_OUT, [out] "=m"(*out)                   \
                 : [a] "m"(*a), [b] "m"(*b), [gcw] "m"(gcw) : X87_CLOB)
/* ST1 = ST1 op ST0, pop (FYL2X, FPATAN, FYL2XP1) */
#define X87_BIN_POP(insn)                                               \
    asm volatile(X87_PRE "fldt %[b]\n\tfldt %[a]\n\t" insn "\n\t"       \
                 "fnstsw %[sw]\n\tfstpt %[out]" X87_POST                \
                 : X87_OUT, [out] "=m"(*out)                            \
                 : [a] "m"(*a), [b] "m"(*b), [gcw] "m"(gcw) : X87_CLOB)
/*
 * ST0 = op ST0 then push (FPTAN, FSINCOS, FXTRACT): out[0] is the new
 * ST0, out[1] the new ST1. With C2 set (operand out of range) FPTAN and
 * FSINCOS leave the stack alone: only out[0] is written.
 */
#define X87_PUSH(insn)                                                  \
    asm volatile(X87_PRE "fldt %[a]\n\t" insn "\n\tfnstsw %[sw]\n\t"   \
                 "fstpt %[o0]\n\ttestw $0x400, %[sw]\n\tjnz 1f\n\t"     \
                 "fstpt %[o1]\n1:" X87_POST                             \
                 : X87_OUT, [o0] "=m"(out[0]), [o1] "=m"(out[1])        \
                 : [a] "m"(*a), [gcw] "m"(gcw) : X87_CLOB, "cc")

/* --- pending exceptions and control --- */

void helper_fninit(CPUX86State *env)
{
    fpu_reset_x87(env);
}

void helper_fwait(CPUX86State *env)
{
    fpu_check_pending(env, GETPC());
}

void helper_fnclex(CPUX86State *env)
{
    env->fpus &= ~(FPUS_EXC | FPUS_SF | FPUS_ES | FPUS_B);
}

uint32_t helper_fnstsw(CPUX86State *env)
{
    return fpu_get_fsw(env);
}

uint32_t helper_fnstcw(CPUX86State *env)
{
    return env->fpuc;
}

void helper_fldcw(CPUX86State *env, uint32_t val)
{
    fpu_set_fcw(env, val);
}

void helper_fpu_set_ip(CPUX86State *env, uint32_t fop, uint64_t ip)
{
    env->fpop = fop & 0x7ff;
    env->fpip = ip;
    env->fpcs = env->segs[R_CS].selector;
}

void helper_fpu_set_dp(CPUX86State *env, uint64_t dp)
{
    env->fpdp = dp;
}

/* --- loads --- */

/* Pushes a loaded value (or the indefinite on a masked overflow). */
static void fpu_push_loaded(CPUX86State *env, uint16_t sw,
                            const X86FPReg *v)
{
    if (fpu_commit(env, sw)) {
        fpu_push(env);
        st_set(env, 0, v);
    }
}

#define DEF_FLD(name, type, insn)                                       \
void helper_##name(CPUX86State *env, type val)                          \
{                                                                       \
    uint16_t sw = 0, hcw = 0, gcw = host_cw(env);                       \
    X86FPReg v, *out = &v;                                              \
    bool indef;                                                         \
                                                                        \
    fpu_check_pending(env, GETPC());                                    \
    if (!fpu_push_ok(env, &indef)) {                                    \
        return;                                                         \
    }                                                                   \
    if (indef) {                                                        \
        fpu_push(env);                                                  \
        st_set(env, 0, &fp_indefinite);                                 \
        return;                                                         \
    }                                                                   \
    {                                                                   \
        type m = val;                                                   \
        X87_LOAD(insn, m);                                              \
    }                                                                   \
    fpu_push_loaded(env, sw, &v);                                       \
}

DEF_FLD(fld_m32, uint32_t, "flds")
DEF_FLD(fld_m64, uint64_t, "fldl")
DEF_FLD(fild_m32, uint32_t, "fildl")
DEF_FLD(fild_m64, uint64_t, "fildll")

void helper_fild_m16(CPUX86State *env, uint32_t val)
{
    helper_fild_m32(env, (uint32_t)(int32_t)(int16_t)val);
}

static void fpu_push_raw(CPUX86State *env, const X86FPReg *v)
{
    bool indef;

    if (!fpu_push_ok(env, &indef)) {
        return;
    }
    fpu_push(env);
    st_set(env, 0, indef ? &fp_indefinite : v);
    if (!indef) {
        env->fpus &= ~FPUS_C1;
    }
}

static void fpu_read80(CPUX86State *env, uint64_t addr, uint8_t buf[10],
                       uintptr_t ra)
{
    int mmu = cpu_mmu_index(env);
    uint64_t lo = cpu_ldq_mmuidx_ra(env, addr, mmu, ra);
    uint16_t hi = cpu_lduw_mmuidx_ra(env, addr + 8, mmu, ra);

    memcpy(buf, &lo, 8);
    memcpy(buf + 8, &hi, 2);
}

static void fpu_write80(CPUX86State *env, uint64_t addr,
                        const uint8_t buf[10], uintptr_t ra)
{
    int mmu = cpu_mmu_index(env);
    uint64_t lo;
    uint16_t hi;

    memcpy(&lo, buf, 8);
    memcpy(&hi, buf + 8, 2);
    /* The high part first: a fault on the second page stores nothing. */
    cpu_stw_mmuidx_ra(env, addr + 8, hi, mmu, ra);
    cpu_stq_mmuidx_ra(env, addr, lo, mmu, ra);
}

void helper_fld_m80(CPUX86State *env, uint64_t addr)
{
    uintptr_t ra = GETPC();
    uint8_t buf[10];
    X86FPReg v = { 0 };

    fpu_check_pending(env, ra);
    fpu_read80(env, addr, buf, ra);
    memcpy(&v.mant, buf, 8);
    memcpy(&v.exp, buf + 8, 2);
    fpu_push_raw(env, &v);
}

void helper_fbld(CPUX86State *env, uint64_t addr)
{
    uintptr_t ra = GETPC();
    uint16_t sw = 0, hcw = 0, gcw = host_cw(env);
    struct { uint8_t b[10]; } m;
    X86FPReg v, *out = &v;
    bool indef;

    fpu_check_pending(env, ra);
    fpu_read80(env, addr, m.b, ra);
    if (!fpu_push_ok(env, &indef)) {
        return;
    }
    if (indef) {
        fpu_push(env);
        st_set(env, 0, &fp_indefinite);
        return;
    }
    X87_LOAD("fbld", m);
    fpu_push_loaded(env, sw, &v);
}

void helper_fld_sti(CPUX86State *env, uint32_t i)
{
    X86FPReg v = *fpu_st(env, i & 7);

    fpu_check_pending(env, GETPC());
    if (st_empty(env, i & 7)) {
        if (!fpu_stack_fault(env, false)) {
            return;
        }
        v = fp_indefinite;
    }
    fpu_push_raw(env, &v);
}

void helper_fld_const(CPUX86State *env, uint32_t which)
{
    uint16_t sw = 0, hcw = 0, gcw = host_cw(env);
    X86FPReg v, *out = &v;
    uint8_t dummy = 0;
    bool indef;

    fpu_check_pending(env, GETPC());
    if (!fpu_push_ok(env, &indef)) {
        return;
    }
    if (indef) {
        fpu_push(env);
        st_set(env, 0, &fp_indefinite);
        return;
    }
#define X87_CONST(insn)                                                 \
    asm volatile(X87_PRE insn "\n\tfnstsw %[sw]\n\tfstpt %[out]"        \
                 X87_POST : X87_OUT, [out] "=m"(*out)                   \
                 : [gcw] "m"(gcw), "m"(dummy) : X87_CLOB)
    switch (which) {
    case 0: X87_CONST("fld1"); break;
    case 1: X87_CONST("fldl2t"); break;
    case 2: X87_CONST("fldl2e"); break;
    case 3: X87_CONST("fldpi"); break;
    case 4: X87_CONST("fldlg2"); break;
    case 5: X87_CONST("fldln2"); break;
    default: X87_CONST("fldz"); break;
    }
#undef X87_CONST
    fpu_push_loaded(env, sw, &v);
}

/* --- stores --- */

void helper_fst_mem(CPUX86State *env, uint64_t addr, uint32_t kind)
{
    uintptr_t ra = GETPC();
    int mmu = cpu_mmu_index(env);
    uint16_t sw = 0, hcw = 0, gcw = host_cw(env);
    const X86FPReg *a = fpu_st(env, 0);
    bool pop = kind & FST_POP, faulted = false;
    union {
        uint16_t w;
        uint32_t l;
        uint64_t q;
        uint8_t b[10];
    } m = { .b = { 0 } };

    fpu_check_pending(env, ra);
    if (kind & FST_TRUNC) {
        gcw |= 0x0c00;
    }
    if (st_empty(env, 0)) {
        if (!fpu_stack_fault(env, false)) {
            return;
        }
        a = &fp_indefinite;
        faulted = true;
    }
    switch (kind & FST_KIND_MASK) {
    case FST_M32: X87_STORE("fstps", m.l); break;
    case FST_M64: X87_STORE("fstpl", m.q); break;
    case FST_I16: X87_STORE("fistps", m.w); break;
    case FST_I32: X87_STORE("fistpl", m.l); break;
    case FST_I64: X87_STORE("fistpll", m.q); break;
    case FST_BCD: {
        struct { uint8_t b[10]; } bcd;
        X87_STORE("fbstp", bcd);
        memcpy(m.b, bcd.b, 10);
        break;
    }
    case FST_M80:
    default:
        memcpy(m.b, &a->mant, 8);
        memcpy(m.b + 8, &a->exp, 2);
        sw = env->fpus & FPUS_CC & ~FPUS_C1;
        break;
    }
    if (!faulted) {
        uint16_t unmasked;

        env->fpus = (env->fpus & ~FPUS_CC) | (sw & FPUS_CC) |
                    (sw & FPUS_EXC);
        unmasked = sw & ~env->fpuc & FPUS_EXC;
        if (unmasked) {
            env->fpus |= FPUS_ES | FPUS_B;
            if (unmasked & ~FPUS_PE) {
                return;         /* nothing stored, nothing popped */
            }
        }
    }
    switch (kind & FST_KIND_MASK) {
    case FST_M32:
    case FST_I32:
        cpu_stl_mmuidx_ra(env, addr, m.l, mmu, ra);
        break;
    case FST_M64:
    case FST_I64:
        cpu_stq_mmuidx_ra(env, addr, m.q, mmu, ra);
        break;
    case FST_I16:
        cpu_stw_mmuidx_ra(env, addr, m.w, mmu, ra);
        break;
    default:
        fpu_write80(env, addr, m.b, ra);
        break;
    }
    if (pop) {
        fpu_pop(env);
    }
}

void helper_fst_sti(CPUX86State *env, uint32_t i, uint32_t pop)
{
    X86FPReg v = *fpu_st(env, 0);

    fpu_check_pending(env, GETPC());
    if (st_empty(env, 0)) {
        if (!fpu_stack_fault(env, false)) {
            return;
        }
        v = fp_indefinite;
    } else {
        env->fpus &= ~FPUS_C1;
    }
    st_set(env, i & 7, &v);
    if (pop) {
        fpu_pop(env);
    }
}

/* --- arithmetic --- */

void helper_farith_reg(CPUX86State *env, uint32_t code)
{
    int op = code & 7, dst = (code >> 3) & 7, src = (code >> 6) & 7;
    bool pop = (code >> 9) & 1;
    X86FPReg out;
    uint16_t sw;

    fpu_check_pending(env, GETPC());
    if (st_empty(env, dst) || st_empty(env, src)) {
        if (!fpu_stack_fault(env, false)) {
            return;
        }
        st_set(env, dst, &fp_indefinite);
    } else {
        sw = x87_bin(env, op, fpu_st(env, dst), fpu_st(env, src), &out);
        if (!fpu_commit(env, sw)) {
            return;
        }
        st_set(env, dst, &out);
    }
    if (pop) {
        fpu_pop(env);
    }
}

static void farith_mem_finish(CPUX86State *env, int op, uint16_t sw,
                              const X86FPReg *out)
{
    if (!fpu_commit(env, sw)) {
        return;
    }
    if (op == 2 || op == 3) {
        if (op == 3) {
            fpu_pop(env);
        }
        return;
    }
    st_set(env, 0, out);
}

/* An empty ST0: the stack fault, and FCOM's "unordered" result. */
static bool farith_mem_empty(CPUX86State *env, int op)
{
    if (!st_empty(env, 0)) {
        return false;
    }
    if (fpu_stack_fault(env, false)) {
        if (op == 2 || op == 3) {
            env->fpus |= FPUS_C0 | FPUS_C2 | FPUS_C3;
            if (op == 3) {
                fpu_pop(env);
            }
        } else {
            st_set(env, 0, &fp_indefinite);
        }
    }
    return true;
}

#define DEF_FARITH_MEM(name, type, fn, cast)                            \
void helper_##name(CPUX86State *env, uint32_t op, type val)             \
{                                                                       \
    X86FPReg out;                                                       \
                                                                        \
    op &= 7;                                                            \
    fpu_check_pending(env, GETPC());                                    \
    if (farith_mem_empty(env, op)) {                                    \
        return;                                                         \
    }                                                                   \
    farith_mem_finish(env, op, fn(env, op, fpu_st(env, 0), cast, &out), \
                      &out);                                            \
}

DEF_FARITH_MEM(farith_m32, uint32_t, x87_mem_f32, val)
DEF_FARITH_MEM(farith_m64, uint64_t, x87_mem_f64, val)
DEF_FARITH_MEM(farith_mi16, uint32_t, x87_mem_i16, (uint16_t)val)
DEF_FARITH_MEM(farith_mi32, uint32_t, x87_mem_i32, val)

/* Compare ST0 with ST(i); returns the host status word (C0 C2 C3). */
static uint16_t fcom_common(CPUX86State *env, uint32_t code, bool *ok)
{
    int i = code & 7;
    bool unordered = (code >> 5) & 1;
    uint16_t sw;

    *ok = true;
    if (st_empty(env, 0) || st_empty(env, i)) {
        *ok = fpu_stack_fault(env, false);
        return FPUS_C0 | FPUS_C2 | FPUS_C3 | FPUS_IE | FPUS_SF;
    }
    sw = x87_cmp(env, unordered, fpu_st(env, 0), fpu_st(env, i));
    *ok = fpu_commit(env, sw);
    return sw;
}

static void fcom_pops(CPUX86State *env, uint32_t code)
{
    for (int n = (code >> 3) & 3; n > 0; n--) {
        fpu_pop(env);
    }
}

void helper_fcom_reg(CPUX86State *env, uint32_t code)
{
    bool ok;
    uint16_t sw;

    fpu_check_pending(env, GETPC());
    sw = fcom_common(env, code, &ok);
    if (ok) {
        env->fpus = (env->fpus & ~FPUS_CC) |
                    (sw & (FPUS_C0 | FPUS_C2 | FPUS_C3));
        fcom_pops(env, code);
    }
}

uint32_t helper_fcomi(CPUX86State *env, uint32_t code)
{
    bool ok;
    uint16_t sw, cc = env->fpus & FPUS_CC;
    uint32_t fl = 0;

    fpu_check_pending(env, GETPC());
    sw = fcom_common(env, code, &ok);
    /* FCOMI reports in EFLAGS; C0 C2 C3 keep their values, C1 = 0. */
    env->fpus = (env->fpus & ~FPUS_CC) | (cc & ~FPUS_C1);
    if (!ok) {
        return cc_compute_all(env);
    }
    fl |= (sw & FPUS_C0) ? CC_C : 0;
    fl |= (sw & FPUS_C2) ? CC_P : 0;
    fl |= (sw & FPUS_C3) ? CC_Z : 0;
    fcom_pops(env, code);
    return fl;
}

void helper_fxch(CPUX86State *env, uint32_t i)
{
    X86FPReg a, b;

    i &= 7;
    fpu_check_pending(env, GETPC());
    a = *fpu_st(env, 0);
    b = *fpu_st(env, i);
    if (st_empty(env, 0) || st_empty(env, i)) {
        if (!fpu_stack_fault(env, false)) {
            return;
        }
        if (st_empty(env, 0)) {
            a = fp_indefinite;
        }
        if (st_empty(env, i)) {
            b = fp_indefinite;
        }
    } else {
        env->fpus &= ~FPUS_C1;
    }
    st_set(env, 0, &b);
    st_set(env, i, &a);
}

void helper_ffree(CPUX86State *env, uint32_t i)
{
    env->fptags[(env->fpstt + i) & 7] = 1;
}

void helper_fpop(CPUX86State *env)
{
    fpu_pop(env);
}

void helper_fcmov(CPUX86State *env, uint32_t code)
{
    int i = code & 7;
    X86FPReg v = *fpu_st(env, i);

    fpu_check_pending(env, GETPC());
    /* Underflow is checked whatever the condition (as the hardware). */
    if (st_empty(env, 0) || st_empty(env, i)) {
        if (!fpu_stack_fault(env, false)) {
            return;
        }
        v = fp_indefinite;
    } else if (!(code & 8)) {
        return;
    }
    st_set(env, 0, &v);
}

/* FXAM: class in C3 C2 C0, sign in C1. */
static uint16_t fxam_class(CPUX86State *env)
{
    const X86FPReg *r = fpu_st(env, 0);
    uint16_t cc = (r->exp & 0x8000) ? FPUS_C1 : 0;
    int e = r->exp & 0x7fff;
    bool j = r->mant >> 63;
    uint64_t frac = r->mant << 1;

    if (st_empty(env, 0)) {
        return cc | FPUS_C3 | FPUS_C0;
    }
    if (e == 0x7fff) {
        if (!j) {
            return cc;                              /* unsupported */
        }
        return cc | (frac ? FPUS_C0 : (FPUS_C2 | FPUS_C0));
    }
    if (e == 0) {
        return cc | (r->mant ? (FPUS_C3 | FPUS_C2) : FPUS_C3);
    }
    return cc | (j ? FPUS_C2 : 0);                  /* normal/unnormal */
}

/* The D9 E0..FF group. */
void helper_fspecial(CPUX86State *env, uint32_t op)
{
    uint16_t sw = 0, hcw = 0, gcw = host_cw(env);
    X86FPReg res[2];
    X86FPReg *out = res;
    const X86FPReg *a = fpu_st(env, 0), *b = fpu_st(env, 1);
    bool two = false;

    op &= 0x1f;
    fpu_check_pending(env, GETPC());
    switch (op) {
    case 0x16: /* FDECSTP: D9 F6 (the decoder passes modrm - 0xe0) */
        env->fpstt = (env->fpstt - 1) & 7;
        env->fpus &= ~FPUS_C1;
        return;
    case 0x17: /* FINCSTP: D9 F7 */
        env->fpstt = (env->fpstt + 1) & 7;
        env->fpus &= ~FPUS_C1;
        return;
    case 0x05: /* FXAM */
        env->fpus = (env->fpus & ~FPUS_CC) | fxam_class(env);
        return;
    case 0x08 ... 0x0e:
        helper_fld_const(env, op - 8);
        return;
    case 0x11: case 0x13: case 0x15: case 0x18: case 0x19: case 0x1d:
        two = true;
        break;
    default:
        break;
    }
    if (st_empty(env, 0) || (two && st_empty(env, 1))) {
        if (!fpu_stack_fault(env, false)) {
            return;
        }
        if (op == 0x04) {               /* FTST: unordered */
            env->fpus |= FPUS_C0 | FPUS_C2 | FPUS_C3;
        } else if (op == 0x11 || op == 0x13 || op == 0x19) {
            st_set(env, 1, &fp_indefinite);
            fpu_pop(env);
        } else if (op == 0x12 || op == 0x14 || op == 0x1b) {
            /* FPTAN FXTRACT FSINCOS still push: both results indefinite */
            st_set(env, 0, &fp_indefinite);
            fpu_push(env);
            st_set(env, 0, &fp_indefinite);
        } else {
            st_set(env, 0, &fp_indefinite);
        }
        return;
    }
    if (op == 0x12 || op == 0x14 || op == 0x1b) {   /* pushers */
        bool indef;

        if (!fpu_push_ok(env, &indef)) {
            return;
        }
        if (indef) {
            st_set(env, 0, &fp_indefinite);
            fpu_push(env);
            st_set(env, 0, &fp_indefinite);
            return;
        }
    }
    switch (op) {
    case 0x00: X87_UN("fchs"); break;
    case 0x01: X87_UN("fabs"); break;
    case 0x04: X87_UN("ftst"); res[0] = *a; break;
    case 0x10: X87_UN("f2xm1"); break;
    case 0x11: X87_BIN_POP("fyl2x"); break;
    case 0x12: X87_PUSH("fptan"); break;
    case 0x13: X87_BIN_POP("fpatan"); break;
    case 0x14: X87_PUSH("fxtract"); break;
    case 0x15: X87_BIN_KEEP("fprem1"); break;
    case 0x18: X87_BIN_KEEP("fprem"); break;
    case 0x19: X87_BIN_POP("fyl2xp1"); break;
    case 0x1a: X87_UN("fsqrt"); break;
    case 0x1b: X87_PUSH("fsincos"); break;
    case 0x1c: X87_UN("frndint"); break;
    case 0x1d: X87_BIN_KEEP("fscale"); break;
    case 0x1e: X87_UN("fsin"); break;
    case 0x1f: X87_UN("fcos"); break;
    default:
        /* reserved encodings are #UD in the decoder */
        return;
    }
    if (!fpu_commit(env, sw)) {
        return;
    }
    switch (op) {
    case 0x04:
        break;
    case 0x11: case 0x13: case 0x19:
        st_set(env, 1, &res[0]);
        fpu_pop(env);
        break;
    case 0x12: case 0x14: case 0x1b:
        if (op == 0x14 || !(sw & FPUS_C2)) {
            /* res[0] is the new ST0, res[1] replaces the old ST0 */
            st_set(env, 0, &res[1]);
            fpu_push(env);
            st_set(env, 0, &res[0]);
        } else {
            st_set(env, 0, &res[0]);
        }
        break;
    default:
        st_set(env, 0, &res[0]);
        break;
    }
}

/* --- environment --- */

static bool fpu_real_format(CPUX86State *env)
{
    return !(env->hflags & HF_PE) || (env->hflags & HF_VM);
}

/* FSTENV layout; returns the size of the environment (14 or 28). */
static int fpu_store_env(CPUX86State *env, uint64_t addr, bool data32,
                         uintptr_t ra)
{
    int mmu = cpu_mmu_index(env);
    uint16_t fcw = env->fpuc, fsw = fpu_get_fsw(env);
    uint16_t ftw = fpu_full_tags(env);
    uint32_t ip = env->fpip, dp = env->fpdp;

    if (data32) {
        cpu_stl_mmuidx_ra(env, addr, 0xffff0000 | fcw, mmu, ra);
        cpu_stl_mmuidx_ra(env, addr + 4, 0xffff0000 | fsw, mmu, ra);
        cpu_stl_mmuidx_ra(env, addr + 8, 0xffff0000 | ftw, mmu, ra);
        if (fpu_real_format(env)) {
            cpu_stl_mmuidx_ra(env, addr + 12, 0xffff0000 | (ip & 0xffff),
                              mmu, ra);
            cpu_stl_mmuidx_ra(env, addr + 16,
                              ((ip >> 16) << 12) | (env->fpop & 0x7ff),
                              mmu, ra);
            cpu_stl_mmuidx_ra(env, addr + 20, 0xffff0000 | (dp & 0xffff),
                              mmu, ra);
            cpu_stl_mmuidx_ra(env, addr + 24, (dp >> 16) << 12, mmu, ra);
        } else {
            cpu_stl_mmuidx_ra(env, addr + 12, ip, mmu, ra);
            cpu_stl_mmuidx_ra(env, addr + 16,
                              env->fpcs | ((uint32_t)env->fpop << 16),
                              mmu, ra);
            cpu_stl_mmuidx_ra(env, addr + 20, dp, mmu, ra);
            cpu_stl_mmuidx_ra(env, addr + 24, 0xffff0000 | env->fpds,
                              mmu, ra);
        }
        return 28;
    }
    cpu_stw_mmuidx_ra(env, addr, fcw, mmu, ra);
    cpu_stw_mmuidx_ra(env, addr + 2, fsw, mmu, ra);
    cpu_stw_mmuidx_ra(env, addr + 4, ftw, mmu, ra);
    if (fpu_real_format(env)) {
        cpu_stw_mmuidx_ra(env, addr + 6, ip, mmu, ra);
        cpu_stw_mmuidx_ra(env, addr + 8,
                          ((ip >> 16) & 0xf) << 12 | (env->fpop & 0x7ff),
                          mmu, ra);
        cpu_stw_mmuidx_ra(env, addr + 10, dp, mmu, ra);
        cpu_stw_mmuidx_ra(env, addr + 12, ((dp >> 16) & 0xf) << 12, mmu, ra);
    } else {
        cpu_stw_mmuidx_ra(env, addr + 6, ip, mmu, ra);
        cpu_stw_mmuidx_ra(env, addr + 8, env->fpcs, mmu, ra);
        cpu_stw_mmuidx_ra(env, addr + 10, dp, mmu, ra);
        cpu_stw_mmuidx_ra(env, addr + 12, env->fpds, mmu, ra);
    }
    return 14;
}

static int fpu_load_env(CPUX86State *env, uint64_t addr, bool data32,
                        uintptr_t ra)
{
    int mmu = cpu_mmu_index(env);
    int step = data32 ? 4 : 2;
    uint16_t fcw, fsw, ftw;
    uint32_t w[4];

    fcw = cpu_lduw_mmuidx_ra(env, addr, mmu, ra);
    fsw = cpu_lduw_mmuidx_ra(env, addr + step, mmu, ra);
    ftw = cpu_lduw_mmuidx_ra(env, addr + 2 * step, mmu, ra);
    for (int i = 0; i < 4; i++) {
        w[i] = data32 ? cpu_ldl_mmuidx_ra(env, addr + (3 + i) * 4, mmu, ra)
                      : cpu_lduw_mmuidx_ra(env, addr + (3 + i) * 2, mmu, ra);
    }
    if (fpu_real_format(env)) {
        uint32_t hmask = data32 ? 0xffff : 0xf;
        env->fpip = (w[0] & 0xffff) | (((w[1] >> 12) & hmask) << 16);
        env->fpop = w[1] & 0x7ff;
        env->fpdp = (w[2] & 0xffff) | (((w[3] >> 12) & hmask) << 16);
    } else {
        env->fpip = w[0];
        env->fpcs = w[1];
        env->fpop = data32 ? (w[1] >> 16) & 0x7ff : 0;
        env->fpdp = w[2];
        env->fpds = w[3];
    }
    env->fpuc = fcw | 0x40;
    fpu_set_fsw(env, fsw);
    fpu_set_full_tags(env, ftw);
    return data32 ? 28 : 14;
}

void helper_fnstenv(CPUX86State *env, uint64_t addr, uint32_t data32)
{
    fpu_store_env(env, addr, data32, GETPC());
    /* FNSTENV masks all exceptions afterwards */
    env->fpuc |= FPUC_EXC_MASK;
}

void helper_fldenv(CPUX86State *env, uint64_t addr, uint32_t data32)
{
    fpu_load_env(env, addr, data32, GETPC());
}

void helper_fnsave(CPUX86State *env, uint64_t addr, uint32_t data32)
{
    uintptr_t ra = GETPC();
    int off = fpu_store_env(env, addr, data32, ra);

    for (int i = 0; i < 8; i++) {
        const X86FPReg *r = fpu_st(env, i);
        uint8_t buf[10];

        memcpy(buf, &r->mant, 8);
        memcpy(buf + 8, &r->exp, 2);
        fpu_write80(env, addr + off + 10 * i, buf, ra);
    }
    fpu_reset_x87(env);
}

void helper_frstor(CPUX86State *env, uint64_t addr, uint32_t data32)
{
    uintptr_t ra = GETPC();
    X86FPReg regs[8];
    int off;

    /* Read everything first so that a fault changes nothing. */
    off = data32 ? 28 : 14;
    for (int i = 0; i < 8; i++) {
        uint8_t buf[10];

        fpu_read80(env, addr + off + 10 * i, buf, ra);
        memcpy(&regs[i].mant, buf, 8);
        memcpy(&regs[i].exp, buf + 8, 2);
    }
    fpu_load_env(env, addr, data32, ra);
    for (int i = 0; i < 8; i++) {
        X86FPReg *r = fpu_st(env, i);
        r->mant = regs[i].mant;
        r->exp = regs[i].exp;
    }
}

/* --- MMX --- */

void helper_emms(CPUX86State *env)
{
    memset(env->fptags, 1, sizeof(env->fptags));
}

void helper_enter_mmx(CPUX86State *env)
{
    env->fpstt = 0;
    memset(env->fptags, 0, sizeof(env->fptags));
}
