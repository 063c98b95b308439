/*
 * -cpu max: every CPUID feature bit it advertises works. For each bit this
 * test knows, an instruction (or MSR, or CR4 bit) of the feature runs
 * without #UD/#GP and gives a known answer; a bit the test does not know
 * fails, so "max" cannot grow a bit nobody exercises. Paging features
 * without an instruction (PSE-36, SMEP, 1 GiB pages, 5-level walks) are
 * walked by tests/unit/test-x86-mmu; they are named here as such.
 */
#include "guest.h"
#include "apic.h"
#include "desc.h"
#include "processor.h"
#include "vm.h"

GUEST_ARGS("-cpu max");

#define CR4_DE          BIT(3)
#define CR4_MCE         BIT(6)
#define CR4_OSXMMEXCPT  BIT(10)
#define CR4_LA57        BIT(12)
#define CR4_FSGSBASE    BIT(16)
#define CR4_PCIDE       BIT(17)
#define CR4_PKE         BIT(22)

enum { W_1_EDX, W_1_ECX, W_7_EBX, W_7_ECX, W_7_EDX, W_81_EDX, W_81_ECX,
       W_D1_EAX, W_NB };
static const char *const word_name[W_NB] = {
    "CPUID.01H:EDX", "CPUID.01H:ECX", "CPUID.07H:EBX", "CPUID.07H:ECX",
    "CPUID.07H:EDX", "CPUID.80000001H:EDX", "CPUID.80000001H:ECX",
    "CPUID.0DH.1:EAX",
};
/* Bits that mirror other state rather than name a feature. */
static const u32 dynamic_bits[W_NB] = {
    [W_1_EDX] = BIT(28),                      /* HTT with -smp */
    [W_1_ECX] = BIT(27),                      /* OSXSAVE = CR4.OSXSAVE */
    [W_7_ECX] = BIT(4),                       /* OSPKE = CR4.PKE */
};

static u32 words[W_NB];

static void read_words(void)
{
    struct cpuid r = cpuid(1);
    u32 max = cpuid(0).a, xmax = cpuid(0x80000000).a;

    words[W_1_EDX] = r.d;
    words[W_1_ECX] = r.c;
    if (max >= 7) {
        r = cpuid_count(7, 0);
        words[W_7_EBX] = r.b;
        words[W_7_ECX] = r.c;
        words[W_7_EDX] = r.d;
    }
    if (xmax >= 0x80000001) {
        r = cpuid(0x80000001);
        words[W_81_EDX] = r.d;
        words[W_81_ECX] = r.c;
    }
    if (max >= 0xd && (words[W_1_ECX] & BIT(26))) {
        words[W_D1_EAX] = cpuid_count(0xd, 1).a;
    }
}

#define TRY(insns, ...) \
    asm volatile(ASM_TRY_BEGIN insns "\n\t" ASM_TRY_END __VA_ARGS__)
#define OK() (exception_vector() == -1)

static u8 area[4096] __aligned(64);

/* ---- x87, MMX, SSE ------------------------------------------------- */

static void sse_on(void)
{
    write_cr0((read_cr0() & ~X86_CR0_EM) | X86_CR0_MP);
    write_cr4(read_cr4() | X86_CR4_OSFXSR | CR4_OSXMMEXCPT);
}

static bool t_fpu(void)
{
    u32 v = 0;

    TRY("fninit; fld1; fadd %%st(0), %%st(0); fistpl %0", : "=m"(v) : :
        "memory");
    return OK() && v == 2;
}

static bool t_cmov(void)
{
    ulong a = 1, b = 7;

    TRY("cmp %1, %1; cmove %1, %0", : "+r"(a) : "r"(b) : "cc");
    return OK() && a == 7;
}

static bool t_mmx(void)
{
    u64 a = 0x0102030405060708ull, b = 0x0101010101010101ull;

    TRY("movq %0, %%mm0; paddb %1, %%mm0; movq %%mm0, %0; emms",
        : "+m"(a) : "m"(b) : "memory");
    return OK() && a == 0x0203040506070809ull;
}

static bool t_mmxext(void)
{
    u64 a = 0x0004000300020001ull, b = 0x0010002000300040ull;

    /* PSHUFW reverses the words; PMINUB on MMX registers */
    TRY("movq %0, %%mm0; pshufw $0x1b, %%mm0, %%mm1; pminub %1, %%mm1;"
        "movq %%mm1, %0; emms", : "+m"(a) : "m"(b) : "memory");
    return OK() && a == 0x0001000200030004ull;
}

static bool t_fxsr(void)
{
    memset(area, 0xcc, 512);
    TRY("fxsave (%0); fxrstor (%0)", : : "r"(area) : "memory");
    return OK() && *(u32 *)(area + 24) == 0x1f80;
}

static u8 xa[16] __aligned(16), xb[16] __aligned(16);

static void set16(u8 *p, u64 lo, u64 hi)
{
    memcpy(p, &lo, 8);
    memcpy(p + 8, &hi, 8);
}

static u64 lo64(const u8 *p)
{
    u64 v;

    memcpy(&v, p, 8);
    return v;
}

static u64 hi64(const u8 *p)
{
    return lo64(p + 8);
}

static bool t_sse(void)
{
    u32 one = 0x3f800000;      /* 1.0f */

    set16(xa, (u64)one << 32 | one, (u64)one << 32 | one);
    TRY("movaps (%0), %%xmm0; addps %%xmm0, %%xmm0; movaps %%xmm0, (%0)",
        : : "r"(xa) : "memory");
    return OK() && lo64(xa) == 0x4000000040000000ull;       /* 2.0f */
}

static bool t_sse2(void)
{
    set16(xa, 1, 2);
    set16(xb, 10, 20);
    TRY("movdqa (%0), %%xmm0; paddq (%1), %%xmm0; movdqa %%xmm0, (%0)",
        : : "r"(xa), "r"(xb) : "memory");
    return OK() && lo64(xa) == 11 && hi64(xa) == 22;
}

static bool t_sse3(void)
{
    u64 one = 0x3ff0000000000000ull;    /* 1.0 */
    u32 v = 0;
    static const u32 two_and_half = 0x40200000;   /* 2.5f */

    set16(xa, one, one);
    TRY("movapd (%0), %%xmm0; addsubpd %%xmm0, %%xmm0; movapd %%xmm0, (%0)",
        : : "r"(xa) : "memory");
    if (!OK() || lo64(xa) != 0 || hi64(xa) != 0x4000000000000000ull) {
        return false;
    }
    TRY("fninit; flds %1; fisttpl %0", : "=m"(v) : "m"(two_and_half) :
        "memory");
    return OK() && v == 2;              /* truncates */
}

static bool t_ssse3(void)
{
    set16(xa, 0xffffffffffffffffull, 0x80ff7f01fe02fd03ull);
    TRY("movdqa (%0), %%xmm0; pabsb %%xmm0, %%xmm0; movdqa %%xmm0, (%0)",
        : : "r"(xa) : "memory");
    return OK() && lo64(xa) == 0x0101010101010101ull &&
           hi64(xa) == 0x80017f0102020303ull;
}

static bool t_sse41(void)
{
    set16(xa, 0x00000005fffffffbull, 0);   /* dwords -5, 5 */
    set16(xb, 0x0000000300000002ull, 0);   /* dwords 2, 3 */
    TRY("movdqa (%0), %%xmm0; pminsd (%1), %%xmm0; movdqa %%xmm0, (%0)",
        : : "r"(xa), "r"(xb) : "memory");
    return OK() && lo64(xa) == 0x00000003fffffffbull;
}

static bool t_sse42(void)
{
    u32 crc = 0xffffffff;
    u32 idx = 99;

    /* CRC32C (no final inversion) of one zero byte from ~0 */
    TRY("crc32b %1, %0", : "+r"(crc) : "r"((u8)0) : "cc");
    if (!OK() || crc != 0xad82acae) {
        return false;
    }
    memcpy(xa, "hello, world\0\0\0", 16);
    memcpy(xb, ",\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    /* PCMPISTRI: equal-any, index of the first ',' in xa */
    TRY("movdqa (%1), %%xmm0; movdqa (%2), %%xmm1;"
        "pcmpistri $0x00, %%xmm1, %%xmm0", : "=c"(idx) :
        "r"(xb), "r"(xa) : "memory", "cc");
    return OK() && idx == 5;
}

static bool t_pclmulqdq(void)
{
    set16(xa, 3, 0);
    set16(xb, 3, 0);
    TRY("movdqa (%0), %%xmm0; pclmulqdq $0, (%1), %%xmm0;"
        "movdqa %%xmm0, (%0)", : : "r"(xa), "r"(xb) : "memory");
    return OK() && lo64(xa) == 5 && hi64(xa) == 0;
}

static bool t_aes(void)
{
    set16(xa, 0, 0);
    set16(xb, 0, 0);
    /* One round on a zero state with a zero key: every byte S(0) = 0x63 */
    TRY("movdqa (%0), %%xmm0; aesenc (%1), %%xmm0; movdqa %%xmm0, (%0)",
        : : "r"(xa), "r"(xb) : "memory");
    return OK() && lo64(xa) == 0x6363636363636363ull &&
           hi64(xa) == 0x6363636363636363ull;
}

static bool t_xsave(void)
{
    u32 lo = 0, hi = 0;
    u64 xstate_bv;

    write_cr4(read_cr4() | X86_CR4_OSXSAVE);
    TRY("xsetbv; xgetbv", : "=a"(lo), "=d"(hi) :
        "c"(0), "a"(3), "d"(0) : "memory");
    if (!OK() || lo != 3 || hi != 0) {
        return false;
    }
    memset(area, 0, 1024);
    TRY("xsave (%0); xrstor (%0)", : : "r"(area), "a"(3), "d"(0) :
        "memory");
    memcpy(&xstate_bv, area + 512, 8);
    return OK() && !(xstate_bv & ~3ull) &&
           *(u32 *)(area + 24) == 0x1f80;
}

/* MXCSR != its init value: the SSE component is in use and must be saved */
static bool xsave_variant(bool compact)
{
    u32 mxcsr = 0x1fa0, def = 0x1f80;
    u64 bv = 0, comp = 0;

    write_cr4(read_cr4() | X86_CR4_OSXSAVE);
    asm volatile("xsetbv" : : "c"(0), "a"(3), "d"(0));
    memset(area, 0, 1024);
    asm volatile("ldmxcsr %0" : : "m"(mxcsr));
    if (compact) {
        TRY("xsavec (%0)", : : "r"(area), "a"(3), "d"(0) : "memory");
    } else {
        TRY("xsaveopt (%0)", : : "r"(area), "a"(3), "d"(0) : "memory");
    }
    asm volatile("ldmxcsr %0" : : "m"(def));
    if (!OK()) {
        return false;
    }
    memcpy(&bv, area + 512, 8);
    memcpy(&comp, area + 520, 8);
    if (*(u32 *)(area + 24) != mxcsr || !(bv & 2) || (bv & ~3ull)) {
        return false;
    }
    if (compact && comp != ((1ull << 63) | 3)) {
        return false;
    }
    /* XRSTOR takes both forms back */
    TRY("xrstor (%0)", : : "r"(area), "a"(3), "d"(0) : "memory");
    asm volatile("stmxcsr %0" : "=m"(mxcsr));
    asm volatile("ldmxcsr %0" : : "m"(def));
    return OK() && mxcsr == 0x1fa0;
}

static bool t_xsaveopt(void)
{
    return xsave_variant(false);
}

static bool t_xsavec(void)
{
    return xsave_variant(true);
}

static bool t_xgetbv1(void)
{
    u32 lo = 0, hi = 0;

    write_cr4(read_cr4() | X86_CR4_OSXSAVE);
    TRY("xgetbv", : "=a"(lo), "=d"(hi) : "c"(1) : "memory");
    /* XINUSE is a subset of XCR0 */
    return OK() && !(lo & ~3u) && hi == 0;
}

/* ---- integer ----------------------------------------------------- */

static bool t_cx8(void)
{
    static u64 m = 5;
    u32 a = 5, d = 0;

    TRY("lock cmpxchg8b %0", : "+m"(m), "+a"(a), "+d"(d) :
        "b"(7), "c"(0) : "cc");
    return OK() && m == 7;
}

#ifdef __x86_64__
static bool t_cx16(void)
{
    static u64 m[2] __aligned(16) = { 1, 2 };
    u64 a = 1, d = 2;

    TRY("lock cmpxchg16b %0", : "+m"(*m), "+a"(a), "+d"(d) :
        "b"(3ul), "c"(4ul) : "cc", "memory");
    return OK() && m[0] == 3 && m[1] == 4;
}

static bool t_lahf_lm(void)
{
    ulong ax = 0;

    TRY("stc; lahf", : "+a"(ax) : : "cc");
    return OK() && (ax & 0x100);
}

static bool t_fsgsbase(void)
{
    ulong fs = 0, fs2 = 1;
    u64 gs;
    bool ok;
    int v;

    write_cr4(read_cr4() | CR4_FSGSBASE);
    TRY("rdfsbase %0; wrfsbase %0; rdfsbase %1", : "=r"(fs), "=r"(fs2));
    ok = OK() && fs == fs2 && fs == rdmsr(MSR_FS_BASE);
    /* a non-canonical base is #GP(0) and leaves the base alone */
    gs = rdmsr(MSR_GS_BASE);
    TRY("wrgsbase %0", : : "r"(0x0000800000000000ul));
    v = exception_vector();
    report_known(v == GP_VECTOR && rdmsr(MSR_GS_BASE) == gs, v == -1,
                 "not checked (QEMU's TCG)",
                 "WRGSBASE of a non-canonical base raises #GP(0)");
    wrmsr(MSR_GS_BASE, gs);
    write_cr4(read_cr4() & ~CR4_FSGSBASE);
    return ok;
}

static volatile int syscall_hits;
extern char syscall_entry[];
asm(".pushsection .text\n"
    "syscall_entry:\n\t"
    "incl syscall_hits(%rip)\n\t"
    "sysretq\n"
    ".popsection");

static void user_syscall(void *arg)
{
    asm volatile("syscall" ::: "rcx", "r11", "memory");
}

static bool t_syscall(void)
{
    u64 efer = rdmsr(MSR_EFER);
    int v;

    /* SYSCALL: CS 0x08, SS 0x10; SYSRET: CS 0x20+16, SS 0x20+8 (RPL 3) */
    wrmsr(MSR_STAR, (u64)(USER_CS32 | 3) << 48 | (u64)KERNEL_CS64 << 32);
    wrmsr(MSR_LSTAR, (ulong)syscall_entry);
    wrmsr(0xc0000084, 0);               /* FMASK */
    wrmsr(MSR_EFER, efer | EFER_SCE);
    syscall_hits = 0;
    v = run_user(user_syscall, NULL);
    wrmsr(MSR_EFER, efer);
    return v == -1 && syscall_hits == 1;
}

static bool t_pcid(void)
{
    ulong cr3 = read_cr3(), got;

    if (cr3 & 0xfff) {
        return false;
    }
    write_cr4(read_cr4() | CR4_PCIDE);
    TRY("mov %1, %%cr3; mov %2, %%cr3; mov %%cr3, %0", : "=r"(got) :
        "r"(cr3 | 1), "r"(cr3 | 1ull << 63 | 2) : "memory");
    write_cr3(cr3);
    write_cr4(read_cr4() & ~CR4_PCIDE);
    /* bit 63 (keep translations) is not stored; the PCID is */
    return OK() && got == (cr3 | 2);
}

static bool t_la57(void)
{
    ulong cr4 = read_cr4();

    TRY("mov %0, %%cr4", : : "r"(cr4 | CR4_LA57) : "memory");
    /* In long mode CR4.LA57 cannot change; walks: test-x86-mmu */
    return exception_vector() == GP_VECTOR &&
           ((cpuid(0x80000008).a >> 8) & 0xff) == 57;
}
#endif

static bool t_movbe(void)
{
    static u32 m = 0x11223344;
    u32 v = 0;

    TRY("movbe %1, %0", : "=r"(v) : "m"(m));
    return OK() && v == 0x44332211;
}

static bool t_popcnt(void)
{
    u32 v = 0;

    TRY("popcnt %1, %0", : "=r"(v) : "r"(0xf0f1u) : "cc");
    return OK() && v == 9;
}

static bool rand_insn(bool seed)
{
    for (int i = 0; i < 100; i++) {
        u8 cf = 0;
        ulong v;

        if (seed) {
            TRY("rdseed %0; setc %1", : "=r"(v), "+q"(cf) : : "cc");
        } else {
            TRY("rdrand %0; setc %1", : "=r"(v), "+q"(cf) : : "cc");
        }
        if (!OK()) {
            return false;
        }
        if (cf) {
            return true;
        }
    }
    return false;
}

static bool t_rdrand(void)
{
    return rand_insn(false);
}

static bool t_rdseed(void)
{
    return rand_insn(true);
}

static bool t_bmi1(void)
{
    u32 a = 0, t = 0;

    TRY("andn %2, %3, %0; tzcnt %3, %1", : "=&r"(a), "=&r"(t) :
        "r"(0xffu), "r"(0u) : "cc");
    /* ANDN: ~0 & 0xff; TZCNT(0) = 32 where BSF would leave it alone */
    return OK() && a == 0xff && t == 32;
}

static bool t_bmi2(void)
{
    u32 v = 0, s = 0;

    TRY("pext %3, %2, %0; shlx %4, %2, %1", : "=&r"(v), "=&r"(s) :
        "r"(0xff00u), "r"(0xf0f0u), "r"(4u));
    return OK() && v == 0xf0 && s == 0xff000;
}

static bool t_adx(void)
{
    u32 a = 1;

    TRY("stc; adcx %1, %0", : "+r"(a) : "r"(1u) : "cc");
    return OK() && a == 3;
}

static bool t_abm(void)
{
    u32 v = 0;

    TRY("lzcnt %1, %0", : "=r"(v) : "r"(1u) : "cc");
    return OK() && v == 31;
}

static bool t_erms(void)
{
    static u8 src[100], dst[100];
    void *d = dst, *s = src;
    ulong n = sizeof(src);

    for (int i = 0; i < 100; i++) {
        src[i] = i;
    }
    TRY("rep movsb", : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    return OK() && !memcmp(src, dst, 100);
}

static bool t_clflush(void)
{
    TRY("clflush %0", : "+m"(area[0]));
    return OK();
}

static bool t_clflushopt(void)
{
    TRY("clflushopt %0", : "+m"(area[0]));
    return OK();
}

static bool t_clwb(void)
{
    TRY("clwb %0", : "+m"(area[0]));
    return OK();
}

static bool t_prefetchw(void)
{
    TRY("prefetchw %0", : "+m"(area[0]));
    return OK();
}

static bool t_rdtscp(void)
{
    u32 lo, hi, aux = 0;

    wrmsr(MSR_TSC_AUX, 0x42);
    TRY("rdtscp", : "=a"(lo), "=d"(hi), "=c"(aux));
    return OK() && aux == 0x42;
}

static bool t_rdpid(void)
{
    ulong v = 0;

    wrmsr(MSR_TSC_AUX, 0x43);
    TRY("rdpid %0", : "=r"(v));
    return OK() && v == 0x43;
}

static bool t_waitpkg(void)
{
    u64 deadline = rdtsc() + 1000;

    TRY("tpause %%ecx", : : "c"(0), "a"((u32)deadline),
        "d"((u32)(deadline >> 32)) : "memory", "cc");
    return OK();
}

/* ---- system ------------------------------------------------------ */

static bool t_tsc(void)
{
    u64 a = rdtsc(), b = rdtsc();

    return b >= a;
}

static bool t_msr(void)
{
    u64 v;

    return rdmsr_safe(MSR_IA32_CR_PAT, &v) == -1;
}

static bool t_pat(void)
{
    u64 old = rdmsr(MSR_IA32_CR_PAT), v;
    int r = wrmsr_safe(MSR_IA32_CR_PAT, 0x0007040600070406ull);

    v = rdmsr(MSR_IA32_CR_PAT);
    wrmsr(MSR_IA32_CR_PAT, old);
    return r == -1 && v == 0x0007040600070406ull;
}

static bool t_de(void)
{
    ulong cr4 = read_cr4(), v;
    int with, without;

    write_cr4(cr4 | CR4_DE);
    TRY("mov %%dr4, %0", : "=r"(v));
    with = exception_vector();
    write_cr4(cr4 & ~CR4_DE);
    TRY("mov %%dr4, %0", : "=r"(v));
    without = exception_vector();
    write_cr4(cr4);
    return with == UD_VECTOR && without == -1;
}

static bool cr4_bit_sticks(ulong bit)
{
    ulong cr4 = read_cr4();
    bool ok;

    write_cr4(cr4 | bit);
    ok = read_cr4() & bit;
    write_cr4(cr4);
    return ok;
}

static bool t_mce(void)
{
    return cr4_bit_sticks(CR4_MCE);
}

static bool t_pge(void)
{
    return cr4_bit_sticks(X86_CR4_PGE);
}

static bool t_pse(void)
{
    /* 4 MiB pages need 32-bit paging: walks in test-x86-mmu */
    return cr4_bit_sticks(X86_CR4_PSE);
}

static bool t_pae(void)
{
    return read_cr4() & X86_CR4_PAE;        /* we run on PAE/4-level */
}

static bool t_apic(void)
{
    return rdmsr(MSR_IA32_APICBASE) & APIC_BASE_EN;
}

static bool t_mtrr(void)
{
    u64 cap, def;

    return rdmsr_safe(0xfe, &cap) == -1 && (cap & 0xff) >= 1 &&
           rdmsr_safe(0x2ff, &def) == -1 && wrmsr_safe(0x2ff, def) == -1;
}

static bool t_mca(void)
{
    u64 cap, ctl;

    return rdmsr_safe(0x179, &cap) == -1 && (cap & 0xff) >= 1 &&
           rdmsr_safe(0x400, &ctl) == -1;
}

static bool t_sep(void)
{
    /* SYSENTER/SYSEXIT themselves: test-x86-seg */
    u64 old = rdmsr(MSR_IA32_SYSENTER_EIP);
    bool ok = wrmsr_safe(MSR_IA32_SYSENTER_EIP, 0x1234) == -1 &&
              rdmsr(MSR_IA32_SYSENTER_EIP) == 0x1234;

    wrmsr(MSR_IA32_SYSENTER_EIP, old);
    return ok;
}

static bool t_x2apic(void)
{
    u32 initial = cpuid(1).b >> 24;
    bool ok;

    apic_enable();
    if (!enable_x2apic()) {
        return false;
    }
    ok = (u32)rdmsr(0x802) == initial && ((u32)rdmsr(0x803) & 0xff) != 0;
    reset_apic_to_xapic();
    return ok;
}

static bool t_tsc_deadline(void)
{
    u64 v;

    return wrmsr_safe(MSR_IA32_TSC_DEADLINE, 0) == -1 &&
           rdmsr_safe(MSR_IA32_TSC_DEADLINE, &v) == -1 && v == 0;
}

static bool t_invpcid(void)
{
    static u64 desc[2] __aligned(16);

    desc[0] = 0;
    desc[1] = (ulong)area;
    TRY("invpcid %0, %1; invpcid %0, %2", : : "m"(*desc), "r"((ulong)0),
        "r"((ulong)2) : "memory");
    return OK();
}

static bool t_smap(void)
{
    u32 v = 0;
    ulong cr4 = read_cr4();

    /* Every boot mapping is a user page: set AC before turning SMAP on.
     * No stack use in between. */
    TRY("stac; mov %2, %%cr4; movl %3, %0; mov %1, %%cr4; clac",
        : "=&r"(v) : "r"(cr4), "r"(cr4 | X86_CR4_SMAP), "m"(area[0]) :
        "memory");
    return OK() && !(read_flags() & X86_EFLAGS_AC);
}

static void user_sgdt(void *arg)
{
    static u8 d[10];

    asm volatile("sgdt %0" : "=m"(d));
}

static bool t_umip(void)
{
    ulong cr4 = read_cr4();
    int v;

    write_cr4(cr4 | X86_CR4_UMIP);
    v = run_user(user_sgdt, NULL);
    write_cr4(cr4);
    return v == GP_VECTOR && run_user(user_sgdt, NULL) == -1;
}

static bool t_pku(void)
{
    u32 v = 1, ospke;

    write_cr4(read_cr4() | CR4_PKE);
    ospke = cpuid_count(7, 0).c & BIT(4);
    TRY("wrpkru; rdpkru", : "=a"(v) : "a"(0xcu), "c"(0), "d"(0) : "memory");
    asm volatile("wrpkru" : : "a"(0), "c"(0), "d"(0) : "memory");
    write_cr4(read_cr4() & ~CR4_PKE);
    return OK() && v == 0xc && ospke && !(cpuid_count(7, 0).c & BIT(4));
}

static bool spec_ctrl_bit(u64 bit)
{
    bool ok = wrmsr_safe(0x48, bit) == -1 && rdmsr(0x48) == bit;

    wrmsr(0x48, 0);
    return ok;
}

static bool t_spec_ctrl(void)
{
    return spec_ctrl_bit(1) && wrmsr_safe(0x49, 1) == -1;     /* IBPB */
}

static bool t_stibp(void)
{
    return spec_ctrl_bit(2);
}

static bool t_ssbd(void)
{
    return spec_ctrl_bit(4);
}

static bool t_arch_cap(void)
{
    u64 v;

    return rdmsr_safe(0x10a, &v) == -1;
}

static bool t_nx(void)
{
    return enable_nx() && (rdmsr(MSR_EFER) & EFER_NXE);
}

static bool t_lm(void)
{
#ifdef __x86_64__
    return rdmsr(MSR_EFER) & EFER_LMA;
#else
    return true;
#endif
}

/* ---------------------------------------------------------------- */

struct feat {
    int word, bit;
    const char *name;
    bool (*fn)(void);           /* NULL: no instruction, see 'elsewhere' */
    const char *elsewhere;
    bool only64;
};

#define F(w, b, n, f) { .word = w, .bit = b, .name = n, .fn = f }
#define F64(w, b, n, f) { .word = w, .bit = b, .name = n, .fn = f, \
                          .only64 = true }
#define ELSEWHERE(w, b, n, e) { .word = w, .bit = b, .name = n, \
                                .elsewhere = e }

static const struct feat feats[] = {
    F(W_1_EDX, 0, "fpu", t_fpu),
    F(W_1_EDX, 2, "de", t_de),
    F(W_1_EDX, 3, "pse", t_pse),
    F(W_1_EDX, 4, "tsc", t_tsc),
    F(W_1_EDX, 5, "msr", t_msr),
    F(W_1_EDX, 6, "pae", t_pae),
    F(W_1_EDX, 7, "mce", t_mce),
    F(W_1_EDX, 8, "cx8", t_cx8),
    F(W_1_EDX, 9, "apic", t_apic),
    F(W_1_EDX, 11, "sep", t_sep),
    F(W_1_EDX, 12, "mtrr", t_mtrr),
    F(W_1_EDX, 13, "pge", t_pge),
    F(W_1_EDX, 14, "mca", t_mca),
    F(W_1_EDX, 15, "cmov", t_cmov),
    F(W_1_EDX, 16, "pat", t_pat),
    ELSEWHERE(W_1_EDX, 17, "pse36", "32-bit paging walks: test-x86-mmu"),
    F(W_1_EDX, 19, "clflush", t_clflush),
    F(W_1_EDX, 23, "mmx", t_mmx),
    F(W_1_EDX, 24, "fxsr", t_fxsr),
    F(W_1_EDX, 25, "sse", t_sse),
    F(W_1_EDX, 26, "sse2", t_sse2),
    F(W_1_ECX, 0, "pni", t_sse3),
    F(W_1_ECX, 1, "pclmulqdq", t_pclmulqdq),
    F(W_1_ECX, 9, "ssse3", t_ssse3),
#ifdef __x86_64__
    F64(W_1_ECX, 13, "cx16", t_cx16),
    F64(W_1_ECX, 17, "pcid", t_pcid),
#else
    F64(W_1_ECX, 13, "cx16", NULL),
    F64(W_1_ECX, 17, "pcid", NULL),
#endif
    F(W_1_ECX, 19, "sse4.1", t_sse41),
    F(W_1_ECX, 20, "sse4.2", t_sse42),
    F(W_1_ECX, 21, "x2apic", t_x2apic),
    F(W_1_ECX, 22, "movbe", t_movbe),
    F(W_1_ECX, 23, "popcnt", t_popcnt),
    F(W_1_ECX, 24, "tsc-deadline", t_tsc_deadline),
    F(W_1_ECX, 25, "aes", t_aes),
    F(W_1_ECX, 26, "xsave", t_xsave),
    F(W_1_ECX, 30, "rdrand", t_rdrand),
#ifdef __x86_64__
    F64(W_7_EBX, 0, "fsgsbase", t_fsgsbase),
#else
    F64(W_7_EBX, 0, "fsgsbase", NULL),
#endif
    F(W_7_EBX, 3, "bmi1", t_bmi1),
    ELSEWHERE(W_7_EBX, 7, "smep", "supervisor fetches: test-x86-mmu"),
    F(W_7_EBX, 8, "bmi2", t_bmi2),
    F(W_7_EBX, 9, "erms", t_erms),
    F(W_7_EBX, 10, "invpcid", t_invpcid),
    F(W_7_EBX, 18, "rdseed", t_rdseed),
    F(W_7_EBX, 19, "adx", t_adx),
    F(W_7_EBX, 20, "smap", t_smap),
    F(W_7_EBX, 23, "clflushopt", t_clflushopt),
    F(W_7_EBX, 24, "clwb", t_clwb),
    F(W_7_ECX, 2, "umip", t_umip),
    F(W_7_ECX, 3, "pku", t_pku),
    F(W_7_ECX, 5, "waitpkg", t_waitpkg),
#ifdef __x86_64__
    F64(W_7_ECX, 16, "la57", t_la57),
#else
    F64(W_7_ECX, 16, "la57", NULL),
#endif
    F(W_7_ECX, 22, "rdpid", t_rdpid),
    F(W_7_EDX, 26, "spec-ctrl", t_spec_ctrl),
    F(W_7_EDX, 27, "stibp", t_stibp),
    F(W_7_EDX, 29, "arch-capabilities", t_arch_cap),
    F(W_7_EDX, 31, "ssbd", t_ssbd),
#ifdef __x86_64__
    F64(W_81_EDX, 11, "syscall", t_syscall),
#else
    F64(W_81_EDX, 11, "syscall", NULL),
#endif
    F(W_81_EDX, 20, "nx", t_nx),
    F(W_81_EDX, 22, "mmxext", t_mmxext),
    ELSEWHERE(W_81_EDX, 26, "pdpe1gb", "1 GiB page walks: test-x86-mmu"),
    F(W_81_EDX, 27, "rdtscp", t_rdtscp),
    F(W_81_EDX, 29, "lm", t_lm),
#ifdef __x86_64__
    F64(W_81_ECX, 0, "lahf-lm", t_lahf_lm),
#else
    F64(W_81_ECX, 0, "lahf-lm", NULL),
#endif
    F(W_81_ECX, 5, "abm", t_abm),
    F(W_81_ECX, 8, "3dnowprefetch", t_prefetchw),
    F(W_D1_EAX, 0, "xsaveopt", t_xsaveopt),
    F(W_D1_EAX, 1, "xsavec", t_xsavec),
    F(W_D1_EAX, 2, "xgetbv1", t_xgetbv1),
};

int main(void)
{
    u32 known[W_NB] = { 0 };
    u32 unknown_any = 0;

    setup_vm();
    sse_on();
    read_words();
    for (size_t i = 0; i < ARRAY_SIZE(feats); i++) {
        const struct feat *f = &feats[i];

        known[f->word] |= BIT(f->bit);
        if (!(words[f->word] & BIT(f->bit))) {
            continue;
        }
        if (f->fn) {
            report(f->fn(), "%s (%s bit %d) works", f->name,
                   word_name[f->word], f->bit);
        } else if (f->only64) {
            report_skip("%s: exercised by the x86_64 flavour", f->name);
        } else {
            report_info("%s: no instruction; %s", f->name, f->elsewhere);
        }
    }
    for (int w = 0; w < W_NB; w++) {
        u32 unknown = words[w] & ~known[w] & ~dynamic_bits[w];

        if (w == W_81_EDX) {
            /* AMD repeats leaf 1's fpu..fxsr bits here */
            unknown &= ~(words[W_1_EDX] & 0x0183f3ff);
        }

        if (unknown) {
            report_info("%s: advertised bits this test does not exercise: "
                        "0x%08x", word_name[w], unknown);
        }
        unknown_any |= unknown;
    }
    /* The reference QEMU (hypervisor bit set under TCG) has more. */
    report_known(!unknown_any, cpu_has(X86_FEATURE_HYPERVISOR),
                 "the reference emulator advertises more",
                 "every advertised feature bit is exercised here");
    return 0;
}
