/*
 * WAITPKG (CPUID.7.0:ECX[5]): with it, TPAUSE and UMWAIT return by their
 * TSC deadline (or the OS limit, CF=1), reserved bits of their control
 * operand raise #GP, and IA32_UMWAIT_CONTROL (MSR 0xe1) keeps its
 * writable bits and refuses bit 1. Without it, UMONITOR/UMWAIT/TPAUSE
 * raise #UD and MSR 0xe1 does not exist.
 */
#include "guest.h"
#include "desc.h"
#include "processor.h"

#ifdef __x86_64__
#define UMONITOR "umonitor %%rax"
#else
#define UMONITOR "umonitor %%eax"
#endif

static volatile u32 monitored __aligned(64);

static int umonitor(volatile void *addr)
{
    asm volatile(ASM_TRY_BEGIN UMONITOR "\n\t" ASM_TRY_END
                 : : "a"(addr) : "memory");
    return exception_vector();
}

/* Returns the vector or -1, and CF in *cf. */
static int tpause(u32 ctrl, u64 deadline, bool *cf)
{
    u8 c = 0;

    asm volatile(ASM_TRY_BEGIN "tpause %%ecx\n\tsetc %0\n\t" ASM_TRY_END
                 : "+q"(c) : "c"(ctrl), "a"((u32)deadline),
                   "d"((u32)(deadline >> 32)) : "memory", "cc");
    *cf = c;
    return exception_vector();
}

static int umwait(u32 ctrl, u64 deadline, bool *cf)
{
    u8 c = 0;

    asm volatile(ASM_TRY_BEGIN "umwait %%ecx\n\tsetc %0\n\t" ASM_TRY_END
                 : "+q"(c) : "c"(ctrl), "a"((u32)deadline),
                   "d"((u32)(deadline >> 32)) : "memory", "cc");
    *cf = c;
    return exception_vector();
}

static void test_present(void)
{
    u64 ctl, t;
    bool cf;
    int v;

    report(rdmsr_safe(MSR_IA32_UMWAIT_CONTROL, &ctl) == -1,
           "IA32_UMWAIT_CONTROL can be read");
    report_info("IA32_UMWAIT_CONTROL 0x%lx", (ulong)ctl);
    report(wrmsr_safe(MSR_IA32_UMWAIT_CONTROL, 0x100000 | 1) == -1 &&
           rdmsr(MSR_IA32_UMWAIT_CONTROL) == (0x100000 | 1),
           "IA32_UMWAIT_CONTROL keeps the time limit and C0.2 disable");
    report(wrmsr_safe(MSR_IA32_UMWAIT_CONTROL, 2) == GP_VECTOR,
           "IA32_UMWAIT_CONTROL bit 1 is reserved (#GP)");
    wrmsr(MSR_IA32_UMWAIT_CONTROL, ctl);

    for (u32 ctrl = 0; ctrl <= 1; ctrl++) {
        u64 deadline = rdtsc() + 10000;

        v = tpause(ctrl, deadline, &cf);
        t = rdtsc();
        report(v == -1 && (t >= deadline || cf),
               "TPAUSE C0.%u returns at the deadline or the OS limit",
               2 - ctrl);
    }
    v = tpause(2, rdtsc() + 1000, &cf);
    report(v == GP_VECTOR, "TPAUSE with reserved control bits raises #GP");

    report(umonitor(&monitored) == -1, "UMONITOR arms an address");
    {
        u64 deadline = rdtsc() + 10000;

        v = umwait(1, deadline, &cf);
        t = rdtsc();
        /* Any wake-up event may end UMWAIT early: only check it returns. */
        (void)t;
        report(v == -1, "UMWAIT returns (deadline, OS limit or a store)");
    }
}

static void test_absent(void)
{
    u64 v;
    bool cf;
    int vec;

    if (host_is_pvm()) {
        /* PVM emulates the #UD it gets from the host CPU and stops. */
        report_skip("WAITPKG #UD probes: they stop the VM under KVM on PVM "
                    "hosts");
        return;
    }

    vec = umonitor(&monitored);
    report_known(vec == UD_VECTOR, vec == -1,
                 "executed without #UD (QEMU's TCG)", "UMONITOR raises #UD");
    vec = umwait(0, rdtsc() + 1000, &cf);
    report_known(vec == UD_VECTOR, vec == -1,
                 "executed without #UD (QEMU's TCG)", "UMWAIT raises #UD");
    vec = tpause(0, rdtsc() + 1000, &cf);
    report_known(vec == UD_VECTOR, vec == -1,
                 "executed without #UD (QEMU's TCG)", "TPAUSE raises #UD");
    vec = rdmsr_safe(MSR_IA32_UMWAIT_CONTROL, &v);
    report_known(vec == GP_VECTOR, vec == -1 && v == 0,
                 "read as 0 (QEMU's TCG)",
                 "IA32_UMWAIT_CONTROL does not exist (#GP)");
    report_skip("TPAUSE/UMWAIT deadlines: CPUID.7.0:ECX.WAITPKG is clear");
}

int main(void)
{
    if (cpu_has(X86_FEATURE_WAITPKG)) {
        test_present();
    } else {
        test_absent();
    }
    return 0;
}
