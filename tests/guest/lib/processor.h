/*
 * Inline access to the processor: CPUID, MSRs, control registers, flags,
 * port I/O, TSC. Facts from the Intel SDM.
 */
#ifndef GUEST_PROCESSOR_H
#define GUEST_PROCESSOR_H

#include "guest.h"

#define X86_EFLAGS_CF   BIT(0)
#define X86_EFLAGS_PF   BIT(2)
#define X86_EFLAGS_ZF   BIT(6)
#define X86_EFLAGS_SF   BIT(7)
#define X86_EFLAGS_TF   BIT(8)
#define X86_EFLAGS_IF   BIT(9)
#define X86_EFLAGS_DF   BIT(10)
#define X86_EFLAGS_OF   BIT(11)
#define X86_EFLAGS_IOPL (3u << 12)
#define X86_EFLAGS_NT   BIT(14)
#define X86_EFLAGS_RF   BIT(16)
#define X86_EFLAGS_VM   BIT(17)
#define X86_EFLAGS_AC   BIT(18)
#define X86_EFLAGS_ID   BIT(21)

#define X86_CR0_PE      BIT(0)
#define X86_CR0_MP      BIT(1)
#define X86_CR0_EM      BIT(2)
#define X86_CR0_TS      BIT(3)
#define X86_CR0_ET      BIT(4)
#define X86_CR0_NE      BIT(5)
#define X86_CR0_WP      BIT(16)
#define X86_CR0_AM      BIT(18)
#define X86_CR0_NW      BIT(29)
#define X86_CR0_CD      BIT(30)
#define X86_CR0_PG      BIT(31)

#define X86_CR4_VME     BIT(0)
#define X86_CR4_PVI     BIT(1)
#define X86_CR4_TSD     BIT(2)
#define X86_CR4_DE      BIT(3)
#define X86_CR4_PSE     BIT(4)
#define X86_CR4_PAE     BIT(5)
#define X86_CR4_MCE     BIT(6)
#define X86_CR4_PGE     BIT(7)
#define X86_CR4_OSFXSR  BIT(9)
#define X86_CR4_UMIP    BIT(11)
#define X86_CR4_OSXSAVE BIT(18)
#define X86_CR4_SMEP    BIT(20)
#define X86_CR4_SMAP    BIT(21)

#define MSR_IA32_TSC            0x10
#define MSR_IA32_APICBASE       0x1b
#define MSR_IA32_UMWAIT_CONTROL 0xe1
#define MSR_IA32_SYSENTER_CS    0x174
#define MSR_IA32_SYSENTER_ESP   0x175
#define MSR_IA32_SYSENTER_EIP   0x176
#define MSR_IA32_MISC_ENABLE    0x1a0
#define MSR_IA32_CR_PAT         0x277
#define MSR_IA32_TSC_DEADLINE   0x6e0
#define MSR_EFER                0xc0000080
#define MSR_STAR                0xc0000081
#define MSR_LSTAR               0xc0000082
#define MSR_FS_BASE             0xc0000100
#define MSR_GS_BASE             0xc0000101
#define MSR_KERNEL_GS_BASE      0xc0000102
#define MSR_TSC_AUX             0xc0000103

#define EFER_SCE        BIT(0)
#define EFER_LME        BIT(8)
#define EFER_LMA        BIT(10)
#define EFER_NXE        BIT(11)

#define APIC_BASE_BSP   BIT(8)
#define APIC_BASE_EXTD  BIT(10)
#define APIC_BASE_EN    BIT(11)

struct cpuid {
    u32 a, b, c, d;
};

static inline struct cpuid cpuid_count(u32 leaf, u32 subleaf)
{
    struct cpuid r;

    asm volatile("cpuid"
                 : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
                 : "0"(leaf), "2"(subleaf));
    return r;
}

static inline struct cpuid cpuid(u32 leaf)
{
    return cpuid_count(leaf, 0);
}

/* Feature bits: leaf, subleaf, register, bit packed for cpu_has(). */
enum cpuid_reg { EAX, EBX, ECX, EDX };
#define X86_FEATURE(leaf, sub, reg, bit) \
    (((u64)(leaf) << 32) | ((sub) << 16) | ((reg) << 8) | (bit))
#define X86_FEATURE_FPU         X86_FEATURE(1, 0, EDX, 0)
#define X86_FEATURE_TSC         X86_FEATURE(1, 0, EDX, 4)
#define X86_FEATURE_MSR         X86_FEATURE(1, 0, EDX, 5)
#define X86_FEATURE_PAE         X86_FEATURE(1, 0, EDX, 6)
#define X86_FEATURE_APIC        X86_FEATURE(1, 0, EDX, 9)
#define X86_FEATURE_SEP         X86_FEATURE(1, 0, EDX, 11)
#define X86_FEATURE_PGE         X86_FEATURE(1, 0, EDX, 13)
#define X86_FEATURE_PAT         X86_FEATURE(1, 0, EDX, 16)
#define X86_FEATURE_CLFLUSH     X86_FEATURE(1, 0, EDX, 19)
#define X86_FEATURE_SSE2        X86_FEATURE(1, 0, EDX, 26)
#define X86_FEATURE_MONITOR     X86_FEATURE(1, 0, ECX, 3)
#define X86_FEATURE_X2APIC      X86_FEATURE(1, 0, ECX, 21)
#define X86_FEATURE_TSC_DEADLINE X86_FEATURE(1, 0, ECX, 24)
#define X86_FEATURE_XSAVE       X86_FEATURE(1, 0, ECX, 26)
#define X86_FEATURE_OSXSAVE     X86_FEATURE(1, 0, ECX, 27)
#define X86_FEATURE_HYPERVISOR  X86_FEATURE(1, 0, ECX, 31)
#define X86_FEATURE_SMEP        X86_FEATURE(7, 0, EBX, 7)
#define X86_FEATURE_SMAP        X86_FEATURE(7, 0, EBX, 20)
#define X86_FEATURE_UMIP        X86_FEATURE(7, 0, ECX, 2)
#define X86_FEATURE_WAITPKG     X86_FEATURE(7, 0, ECX, 5)
#define X86_FEATURE_NX          X86_FEATURE(0x80000001, 0, EDX, 20)
#define X86_FEATURE_GBPAGES     X86_FEATURE(0x80000001, 0, EDX, 26)
#define X86_FEATURE_RDTSCP      X86_FEATURE(0x80000001, 0, EDX, 27)
#define X86_FEATURE_LM          X86_FEATURE(0x80000001, 0, EDX, 29)

static inline bool cpu_has(u64 feature)
{
    u32 leaf = feature >> 32;
    u32 sub = (feature >> 16) & 0xffff;
    u32 max = cpuid(leaf & 0x80000000).a;
    struct cpuid r;
    u32 v;

    if (max < leaf) {
        return false;
    }
    r = cpuid_count(leaf, sub);
    switch ((feature >> 8) & 0xff) {
    case EAX: v = r.a; break;
    case EBX: v = r.b; break;
    case ECX: v = r.c; break;
    default:  v = r.d; break;
    }
    return v & BIT(feature & 0xff);
}

static inline u64 rdmsr(u32 index)
{
    u32 lo, hi;

    asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(index) : "memory");
    return lo | (u64)hi << 32;
}

static inline void wrmsr(u32 index, u64 val)
{
    asm volatile("wrmsr"
                 : : "a"((u32)val), "d"((u32)(val >> 32)), "c"(index)
                 : "memory");
}

static inline u64 rdtsc(void)
{
    u32 lo, hi;

    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return lo | (u64)hi << 32;
}

#define DEFINE_CR(n)                                                    \
    static inline ulong read_cr##n(void)                                \
    {                                                                   \
        ulong v;                                                        \
        asm volatile("mov %%cr" #n ", %0" : "=r"(v) : : "memory");      \
        return v;                                                       \
    }                                                                   \
    static inline void write_cr##n(ulong v)                             \
    {                                                                   \
        asm volatile("mov %0, %%cr" #n : : "r"(v) : "memory");          \
    }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline ulong read_flags(void)
{
    ulong f;

    asm volatile("pushf; pop %0" : "=r"(f) : : "memory");
    return f;
}

static inline void write_flags(ulong f)
{
    asm volatile("push %0; popf" : : "r"(f) : "memory", "cc");
}

static inline void cli(void) { asm volatile("cli" ::: "memory"); }
static inline void sti(void) { asm volatile("sti" ::: "memory"); }
static inline void pause(void) { asm volatile("pause" ::: "memory"); }
static inline void hlt(void) { asm volatile("hlt" ::: "memory"); }
/* STI's one-instruction shadow makes the pair atomic: an interrupt that
 * is already pending wakes the HLT rather than being taken before it. */
static inline void safe_halt(void) { asm volatile("sti; hlt" ::: "memory"); }
static inline void invlpg(const volatile void *va)
{
    asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline u16 read_cs(void)
{
    u16 v;

    asm volatile("mov %%cs, %0" : "=rm"(v));
    return v;
}

static inline u16 read_ss(void)
{
    u16 v;

    asm volatile("mov %%ss, %0" : "=rm"(v));
    return v;
}

static inline void outb(u16 port, u8 v)
{
    asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(u16 port, u16 v)
{
    asm volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(u16 port, u32 v)
{
    asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
    u8 v;

    asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline u16 inw(u16 port)
{
    u16 v;

    asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline u32 inl(u16 port)
{
    u32 v;

    asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

/* Memory-mapped register access that the compiler may not merge. */
static inline u32 mmio_read32(ulong addr)
{
    return *(volatile u32 *)addr;
}

static inline void mmio_write32(ulong addr, u32 v)
{
    *(volatile u32 *)addr = v;
}

/* True if CPUID's hypervisor leaf says KVM (to name KVM quirks). */
static inline bool on_kvm(void)
{
    struct cpuid r;

    if (!cpu_has(X86_FEATURE_HYPERVISOR)) {
        return false;
    }
    r = cpuid(0x40000000);
    return r.b == 0x4b4d564b && r.c == 0x564b4d56 && r.d == 0x4d;
}

/* Physical address bits (CPUID 0x80000008), 36 if the leaf is absent. */
static inline unsigned cpu_phys_bits(void)
{
    if (cpuid(0x80000000).a >= 0x80000008) {
        return cpuid(0x80000008).a & 0xff;
    }
    return 36;
}

#endif
