/*
 * Integer-ISA helpers: what is awkward or rare enough not to be worth
 * inline IR (division, LOCK'd read-modify-write, RCL/RCR, BCD, BOUND,
 * PDEP/PEXT, CRC32).
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/translate.h"
#include "target/i386/tcg/cc-compute.h"
#include "exec/exec-all.h"
#include "exec/cpu-ldst.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

/* ------------------------------------------------------------------ */
/* Division                                                            */

#define RAX env->regs[R_EAX]
#define RDX env->regs[R_EDX]

static inline void set_reg32(uint64_t *r, uint32_t v)
{
    *r = v;
}

void helper_divb(CPUX86State *env, uint64_t d)
{
    uint32_t n = (uint16_t)RAX, q, r;

    d = (uint8_t)d;
    if (d == 0 || (q = n / d) > 0xff) {
        raise_exception_ra(env, EXCP00_DIVZ, GETPC());
    }
    r = n % d;
    RAX = (RAX & ~0xffffULL) | (r << 8) | q;
}

void helper_idivb(CPUX86State *env, uint64_t d)
{
    int32_t n = (int16_t)RAX, q, r, dv = (int8_t)d;

    if (dv == 0) {
        raise_exception_ra(env, EXCP00_DIVZ, GETPC());
    }
    q = n / dv;
    if (q != (int8_t)q) {
        raise_exception_ra(env, EXCP00_DIVZ, GETPC());
    }
    r = n % dv;
    RAX = (RAX & ~0xffffULL) | ((uint32_t)(r & 0xff) << 8) | (q & 0xff);
}

void helper_divw(CPUX86State *env, uint64_t d)
{
    uint32_t n = ((uint32_t)(uint16_t)RDX << 16) | (uint16_t)RAX, q;

    d = (uint16_t)d;
    if (d == 0 || (q = n / d) > 0xffff) {
        raise_exception_ra(env, EXCP00_DIVZ, GETPC());
    }
    RAX = (RAX & ~0xffffULL) | q;
    RDX = (RDX & ~0xffffULL) | (uint16_t)(n % d);
}

void helper_idivw(CPUX86State *env, uint64_t d)
{
    int32_t n = (int32_t)(((uint32_t)(uint16_t)RDX << 16) |
                          (uint16_t)RAX);
    int32_t dv = (int16_t)d, q;

    if (dv == 0) {
        raise_exception_ra(env, EXCP00_DIVZ, GETPC());
    }
    q = n / dv;
    if (q != (int16_t)q) {
        raise_exception_ra(env, EXCP00_DIVZ, GETPC());
    }
    RAX = (RAX & ~0xffffULL) | (uint16_t)q;
    RDX = (RDX & ~0xffffULL) | (uint16_t)(n % dv);
}

void helper_divl(CPUX86State *env, uint64_t d)
{
    uint64_t n = ((uint64_t)(uint32_t)RDX << 32) | (uint32_t)RAX, q;

    d = (uint32_t)d;
    if (d == 0 || (q = n / d) > 0xffffffffULL) {
        raise_exception_ra(env, EXCP00_DIVZ, GETPC());
    }
    set_reg32(&RAX, q);
    set_reg32(&RDX, n % d);
}

void helper_idivl(CPUX86State *env, uint64_t d)
{
    int64_t n = (int64_t)(((uint64_t)(uint32_t)RDX << 32) |
                          (uint32_t)RAX);
    int64_t dv = (int32_t)d, q;

    if (dv == 0 || (n == INT64_MIN && dv == -1)) {
        raise_exception_ra(env, EXCP00_DIVZ, GETPC());
    }
    q = n / dv;
    if (q != (int32_t)q) {
        raise_exception_ra(env, EXCP00_DIVZ, GETPC());
    }
    set_reg32(&RAX, q);
    set_reg32(&RDX, n % dv);
}

void helper_divq(CPUX86State *env, uint64_t d)
{
    unsigned __int128 n = ((unsigned __int128)RDX << 64) | RAX, q;

    if (d == 0 || (q = n / d) >> 64) {
        raise_exception_ra(env, EXCP00_DIVZ, GETPC());
    }
    RAX = (uint64_t)q;
    RDX = (uint64_t)(n % d);
}

void helper_idivq(CPUX86State *env, uint64_t d)
{
    __int128 n = (__int128)(((unsigned __int128)RDX << 64) | RAX), q;
    int64_t dv = d;

    if (dv == 0 || (dv == -1 && RDX == (1ULL << 63) && RAX == 0)) {
        raise_exception_ra(env, EXCP00_DIVZ, GETPC());
    }
    q = n / dv;
    if (q != (int64_t)q) {
        raise_exception_ra(env, EXCP00_DIVZ, GETPC());
    }
    RAX = (uint64_t)q;
    RDX = (uint64_t)(n % dv);
}

/* ------------------------------------------------------------------ */
/* LOCK'd operations                                                   */

static uint64_t ld_sized(CPUX86State *env, uint64_t addr, int ot, int idx,
                         uintptr_t ra)
{
    switch (ot) {
    case MO_8:
        return cpu_ldub_mmuidx_ra(env, addr, idx, ra);
    case MO_16:
        return cpu_lduw_mmuidx_ra(env, addr, idx, ra);
    case MO_32:
        return cpu_ldl_mmuidx_ra(env, addr, idx, ra);
    default:
        return cpu_ldq_mmuidx_ra(env, addr, idx, ra);
    }
}

static void st_sized(CPUX86State *env, uint64_t addr, uint64_t v, int ot,
                     int idx, uintptr_t ra)
{
    switch (ot) {
    case MO_8:
        cpu_stb_mmuidx_ra(env, addr, v, idx, ra);
        break;
    case MO_16:
        cpu_stw_mmuidx_ra(env, addr, v, idx, ra);
        break;
    case MO_32:
        cpu_stl_mmuidx_ra(env, addr, v, idx, ra);
        break;
    default:
        cpu_stq_mmuidx_ra(env, addr, v, idx, ra);
        break;
    }
}

static uint64_t rmw_value(int op, uint64_t old, uint64_t val)
{
    switch (op) {
    case X86_ATOMIC_ADD:
        return old + val;
    case X86_ATOMIC_AND:
        return old & val;
    case X86_ATOMIC_OR:
        return old | val;
    case X86_ATOMIC_XOR:
        return old ^ val;
    case X86_ATOMIC_NEG:
        return -old;
    default:
        return val;
    }
}

/*
 * The host address of a guest access that can be done atomically (RAM,
 * within one page), after the permission checks; NULL otherwise.
 */
static void *atomic_host(CPUX86State *env, uint64_t addr, int size,
                         int idx, uintptr_t ra)
{
    if ((addr & ~TARGET_PAGE_MASK) + size > TARGET_PAGE_SIZE) {
        return NULL;
    }
    return probe_access(env, addr, size, 1, idx, ra);
}

/*
 * A locked access the host cannot do atomically (MMIO, page-crossing) is
 * a plain load and store: safe only while no other vCPU runs, so under
 * MTTCG redo the instruction in an exclusive section.
 */
static void need_exclusive(CPUX86State *env, uintptr_t ra)
{
    CPUState *cs = env_cpu(env);

    if (cpu_in_parallel_context(cs)) {
        cpu_loop_exit_atomic(cs, ra);
    }
}

#define ATOMIC_RMW(T, p, op, val)                                          \
    ({                                                                     \
        T *p_ = (T *)(p);                                                  \
        T v_ = (T)(val), o_;                                               \
        switch (op) {                                                      \
        case X86_ATOMIC_ADD:                                               \
            o_ = __atomic_fetch_add(p_, v_, __ATOMIC_SEQ_CST);             \
            break;                                                         \
        case X86_ATOMIC_AND:                                               \
            o_ = __atomic_fetch_and(p_, v_, __ATOMIC_SEQ_CST);             \
            break;                                                         \
        case X86_ATOMIC_OR:                                                \
            o_ = __atomic_fetch_or(p_, v_, __ATOMIC_SEQ_CST);              \
            break;                                                         \
        case X86_ATOMIC_XOR:                                               \
            o_ = __atomic_fetch_xor(p_, v_, __ATOMIC_SEQ_CST);             \
            break;                                                         \
        case X86_ATOMIC_XCHG:                                              \
            o_ = __atomic_exchange_n(p_, v_, __ATOMIC_SEQ_CST);            \
            break;                                                         \
        default: /* NEG */                                                 \
            o_ = __atomic_load_n(p_, __ATOMIC_RELAXED);                    \
            while (!__atomic_compare_exchange_n(p_, &o_, (T)-o_, false,    \
                                                __ATOMIC_SEQ_CST,          \
                                                __ATOMIC_RELAXED)) {       \
            }                                                              \
            break;                                                         \
        }                                                                  \
        (uint64_t)o_;                                                      \
    })

uint64_t helper_atomic_rmw(CPUX86State *env, uint64_t addr, uint64_t val,
                           uint32_t desc)
{
    uintptr_t ra = GETPC();
    int ot = desc & 3, op = (desc >> 4) & 15, idx = desc >> 8;
    void *host = atomic_host(env, addr, 1 << ot, idx, ra);
    uint64_t old;

    if (host) {
        switch (ot) {
        case MO_8:
            return ATOMIC_RMW(uint8_t, host, op, val);
        case MO_16:
            return ATOMIC_RMW(uint16_t, host, op, val);
        case MO_32:
            return ATOMIC_RMW(uint32_t, host, op, val);
        default:
            return ATOMIC_RMW(uint64_t, host, op, val);
        }
    }
    /* MMIO or split across pages: done alone, with other vCPUs stopped. */
    need_exclusive(env, ra);
    old = ld_sized(env, addr, ot, idx, ra);
    st_sized(env, addr, rmw_value(op, old, val), ot, idx, ra);
    return old;
}

#define ATOMIC_CAS(T, p, cmpv, newv)                                       \
    ({                                                                     \
        T e_ = (T)(cmpv);                                                  \
        __atomic_compare_exchange_n((T *)(p), &e_, (T)(newv), false,       \
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);   \
        (uint64_t)e_;                                                      \
    })

static uint64_t do_cmpxchg(CPUX86State *env, uint64_t addr, uint64_t cmpv,
                           uint64_t newv, int ot, int idx, uintptr_t ra)
{
    void *host = atomic_host(env, addr, 1 << ot, idx, ra);
    uint64_t old, mask = ot == MO_64 ? ~0ULL : (1ULL << (8 << ot)) - 1;

    if (host) {
        switch (ot) {
        case MO_8:
            return ATOMIC_CAS(uint8_t, host, cmpv, newv);
        case MO_16:
            return ATOMIC_CAS(uint16_t, host, cmpv, newv);
        case MO_32:
            return ATOMIC_CAS(uint32_t, host, cmpv, newv);
        default:
            return ATOMIC_CAS(uint64_t, host, cmpv, newv);
        }
    }
    need_exclusive(env, ra);
    old = ld_sized(env, addr, ot, idx, ra);
    /* The destination is written either way. */
    st_sized(env, addr, old == (cmpv & mask) ? newv : old, ot, idx, ra);
    return old;
}

uint64_t helper_atomic_cmpxchg(CPUX86State *env, uint64_t addr,
                               uint64_t cmpv, uint64_t newv, uint32_t desc)
{
    return do_cmpxchg(env, addr, cmpv, newv, desc & 3, desc >> 8, GETPC());
}

static void set_zf(CPUX86State *env, bool z)
{
    env->cc_src = (env->cc_src & ~(uint64_t)CC_Z) | (z ? CC_Z : 0);
}

void helper_cmpxchg8b(CPUX86State *env, uint64_t addr, uint32_t desc)
{
    uintptr_t ra = GETPC();
    uint64_t cmpv = ((uint64_t)(uint32_t)RDX << 32) | (uint32_t)RAX;
    uint64_t newv = ((uint64_t)(uint32_t)env->regs[R_ECX] << 32) |
                    (uint32_t)env->regs[R_EBX];
    uint64_t old = do_cmpxchg(env, addr, cmpv, newv, MO_64, desc & 15, ra);

    if (old == cmpv) {
        set_zf(env, true);
    } else {
        set_zf(env, false);
        set_reg32(&RAX, (uint32_t)old);
        set_reg32(&RDX, old >> 32);
    }
}

void helper_cmpxchg16b(CPUX86State *env, uint64_t addr, uint32_t desc)
{
    uintptr_t ra = GETPC();
    int idx = desc & 15;
    uint64_t cl = RAX, ch = RDX;
    uint64_t nl = env->regs[R_EBX], nh = env->regs[R_ECX];
    uint64_t ol, oh;
    void *host;

    if (addr & 15) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    host = atomic_host(env, addr, 16, idx, ra);
#if defined(__x86_64__)
    if (host) {
        uint8_t ok;
        ol = cl;
        oh = ch;
        __asm__ __volatile__("lock cmpxchg16b %1\n\tsete %0"
                             : "=q"(ok), "+m"(*(unsigned __int128 *)host),
                               "+a"(ol), "+d"(oh)
                             : "b"(nl), "c"(nh)
                             : "memory", "cc");
        (void)ok;
    } else
#endif
    {
        need_exclusive(env, ra);
        ol = cpu_ldq_mmuidx_ra(env, addr, idx, ra);
        oh = cpu_ldq_mmuidx_ra(env, addr + 8, idx, ra);
        if (ol == cl && oh == ch) {
            cpu_stq_mmuidx_ra(env, addr, nl, idx, ra);
            cpu_stq_mmuidx_ra(env, addr + 8, nh, idx, ra);
        } else {
            cpu_stq_mmuidx_ra(env, addr, ol, idx, ra);
            cpu_stq_mmuidx_ra(env, addr + 8, oh, idx, ra);
        }
    }
    if (ol == cl && oh == ch) {
        set_zf(env, true);
    } else {
        set_zf(env, false);
        RAX = ol;
        RDX = oh;
    }
}

/* ------------------------------------------------------------------ */
/* Rotate through carry                                                */

static int rc_count(uint64_t count, int ot)
{
    int c = count & (ot == MO_64 ? 0x3f : 0x1f);

    if (ot == MO_8) {
        c %= 9;
    } else if (ot == MO_16) {
        c %= 17;
    }
    return c;
}

static void set_c_o(CPUX86State *env, bool c, bool o)
{
    env->cc_src = (env->cc_src & ~(uint64_t)(CC_C | CC_O)) |
                  (c ? CC_C : 0) | (o ? CC_O : 0);
}

uint64_t helper_rcl(CPUX86State *env, uint64_t val, uint64_t count,
                    uint32_t ot)
{
    int bits = 8 << ot, c = rc_count(count, ot);
    uint64_t m = cc_width_mask(ot), cf = env->cc_src & CC_C;

    if ((count & (ot == MO_64 ? 0x3f : 0x1f)) == 0) {
        return val;
    }
    val &= m;
    for (int i = 0; i < c; i++) {
        uint64_t out = (val >> (bits - 1)) & 1;
        val = ((val << 1) | cf) & m;
        cf = out;
    }
    set_c_o(env, cf, ((val >> (bits - 1)) & 1) ^ cf);
    return val;
}

uint64_t helper_rcr(CPUX86State *env, uint64_t val, uint64_t count,
                    uint32_t ot)
{
    int bits = 8 << ot, c = rc_count(count, ot);
    uint64_t m = cc_width_mask(ot), cf = env->cc_src & CC_C;

    if ((count & (ot == MO_64 ? 0x3f : 0x1f)) == 0) {
        return val;
    }
    val &= m;
    for (int i = 0; i < c; i++) {
        uint64_t out = val & 1;
        val = (val >> 1) | (cf << (bits - 1));
        cf = out;
    }
    set_c_o(env, cf, ((val >> (bits - 1)) ^ (val >> (bits - 2))) & 1);
    return val;
}

/* ------------------------------------------------------------------ */
/* BCD                                                                 */

static void set_bcd_flags(CPUX86State *env, uint8_t al, bool cf, bool af)
{
    uint32_t fl = cc_szp(al, MO_8);     /* OF is undefined: 0 */

    fl |= cf ? CC_C : 0;
    fl |= af ? CC_A : 0;
    env->cc_src = fl;
}

void helper_daa(CPUX86State *env)
{
    uint8_t al = RAX, old_al = al;
    bool old_cf = env->cc_src & CC_C, af = env->cc_src & CC_A, cf = false;

    if ((al & 0xf) > 9 || af) {
        cf = old_cf || al > 0xf9;
        al += 6;
        af = true;
    } else {
        af = false;
    }
    if (old_al > 0x99 || old_cf) {
        al += 0x60;
        cf = true;
    } else {
        cf = false;
    }
    RAX = (RAX & ~0xffULL) | al;
    set_bcd_flags(env, al, cf, af);
}

void helper_das(CPUX86State *env)
{
    uint8_t al = RAX, old_al = al;
    bool old_cf = env->cc_src & CC_C, af = env->cc_src & CC_A, cf = false;

    if ((al & 0xf) > 9 || af) {
        cf = old_cf || al < 6;
        al -= 6;
        af = true;
    } else {
        af = false;
    }
    if (old_al > 0x99 || old_cf) {
        al -= 0x60;
        cf = true;
    }
    RAX = (RAX & ~0xffULL) | al;
    set_bcd_flags(env, al, cf, af);
}

void helper_aaa(CPUX86State *env)
{
    uint16_t ax = RAX;
    bool af = env->cc_src & CC_A;
    bool adj = (ax & 0xf) > 9 || af;

    if (adj) {
        ax += 0x106;
    }
    ax &= 0xff0f;
    RAX = (RAX & ~0xffffULL) | ax;
    set_bcd_flags(env, ax & 0xff, adj, adj);
}

void helper_aas(CPUX86State *env)
{
    uint16_t ax = RAX;
    bool af = env->cc_src & CC_A;
    bool adj = (ax & 0xf) > 9 || af;

    if (adj) {
        ax -= 6;
        ax -= 0x100;
    }
    ax &= 0xff0f;
    RAX = (RAX & ~0xffffULL) | ax;
    set_bcd_flags(env, ax & 0xff, adj, adj);
}

/* ------------------------------------------------------------------ */
/* BOUND, PDEP/PEXT, CRC32                                             */

void helper_bound(CPUX86State *env, uint64_t index, uint64_t addr,
                  uint32_t desc)
{
    uintptr_t ra = GETPC();
    int ot = desc & 3, idx = desc >> 4;
    int64_t lo, hi, v;

    if (ot == MO_16) {
        lo = (int16_t)cpu_lduw_mmuidx_ra(env, addr, idx, ra);
        hi = (int16_t)cpu_lduw_mmuidx_ra(env, (uint32_t)(addr + 2), idx, ra);
        v = (int16_t)index;
    } else {
        lo = (int32_t)cpu_ldl_mmuidx_ra(env, addr, idx, ra);
        hi = (int32_t)cpu_ldl_mmuidx_ra(env, (uint32_t)(addr + 4), idx, ra);
        v = (int32_t)index;
    }
    if (v < lo || v > hi) {
        raise_exception_ra(env, EXCP05_BOUND, ra);
    }
}

uint64_t helper_pdep(uint64_t val, uint64_t mask)
{
    uint64_t r = 0;

    for (uint64_t bit = 1; mask; bit <<= 1) {
        uint64_t low = mask & -mask;
        if (val & bit) {
            r |= low;
        }
        mask &= mask - 1;
    }
    return r;
}

uint64_t helper_pext(uint64_t val, uint64_t mask)
{
    uint64_t r = 0;

    for (uint64_t bit = 1; mask; bit <<= 1) {
        uint64_t low = mask & -mask;
        if (val & low) {
            r |= bit;
        }
        mask &= mask - 1;
    }
    return r;
}

uint64_t helper_crc32(uint32_t crc, uint64_t val, uint32_t bits)
{
    for (uint32_t i = 0; i < bits; i += 8) {
        crc ^= (val >> i) & 0xff;
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0x82f63b78u & -(crc & 1));
        }
    }
    return crc;
}

/* ------------------------------------------------------------------ */
/* Instruction trace ring (debugging aid)                              */

#define TRACE_RING 65536

typedef struct TraceEntry {
    uint64_t pc, rax, rbx, rsp;
} TraceEntry;

static TraceEntry trace_ring[TRACE_RING];
static unsigned trace_pos;

void helper_trace_insn(CPUX86State *env, uint64_t pc)
{
    TraceEntry *e = &trace_ring[trace_pos++ % TRACE_RING];

    e->pc = pc;
    e->rax = env->regs[R_EAX];
    e->rbx = env->regs[R_EBX];
    e->rsp = env->regs[R_ESP];
}

void x86_trace_dump(int n);

/* Prints the last n traced instructions (callable from a debugger). */
void x86_trace_dump(int n)
{
    if (n > TRACE_RING) {
        n = TRACE_RING;
    }
    for (int i = n; i > 0; i--) {
        TraceEntry *e = &trace_ring[(trace_pos - i) % TRACE_RING];
        fprintf(stderr, "trace %016" PRIx64 " rax %016" PRIx64 " rbx %016"
                PRIx64 " rsp %016" PRIx64 "\n", e->pc, e->rax, e->rbx,
                e->rsp);
    }
}
