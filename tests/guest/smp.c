/*
 * SMP (-smp 4): the APs start through INIT-SIPI-SIPI and the real-mode
 * trampoline, reach the BSP's mode, report unique APIC IDs, run work sent
 * by IPI, send IPIs to the BSP and to each other, take exceptions, and
 * share memory under LOCK and a spinlock.
 */
#include "guest.h"
#include "apic.h"
#include "desc.h"
#include "fwcfg.h"
#include "layout.h"
#include "processor.h"
#include "smp.h"

GUEST_ARGS("-smp 4");

#define TO_BSP_VECTOR   0xd1
#define BROADCAST_VECTOR 0xd2

static volatile int ran[MAX_CPUS];
static volatile bool not_bsp[MAX_CPUS], same_mode[MAX_CPUS];
static volatile int to_bsp, broadcast_seen[MAX_CPUS];
static volatile int atomic_total, locked_total;
static struct spinlock lock;
static ulong bsp_cr0, bsp_cr3;

static void to_bsp_handler(struct ex_regs *r)
{
    to_bsp++;
    apic_eoi();
}

static void broadcast_handler(struct ex_regs *r)
{
    broadcast_seen[smp_id()]++;
    apic_eoi();
}

static void who_am_i(void *arg)
{
    int me = smp_id();

    ran[me]++;
    not_bsp[me] = !(rdmsr(MSR_IA32_APICBASE) & APIC_BASE_BSP);
    same_mode[me] = read_cr0() == bsp_cr0 && read_cr3() == bsp_cr3;
#ifdef __x86_64__
    same_mode[me] &= (rdmsr(MSR_EFER) & EFER_LMA) != 0;
#endif
}

static void send_to_bsp(void *arg)
{
    apic_icr_write(APIC_DM_FIXED | TO_BSP_VECTOR, cpu_apic_id(0));
}

static void hammer(void *arg)
{
    for (int i = 0; i < 2000; i++) {
        __sync_fetch_and_add(&atomic_total, 1);
        spin_lock(&lock);
        locked_total = locked_total + 1;
        spin_unlock(&lock);
    }
}

static volatile int ap_vector;

static void ap_ud(void *arg)
{
    asm volatile(ASM_TRY_BEGIN "ud2\n\t" ASM_TRY_END ::: "memory");
    ap_vector = exception_vector();
}

static void send_to_next(void *arg)
{
    int next = (smp_id() + 1) % cpu_count();

    if (next == 0) {
        next = 1;
    }
    apic_icr_write(APIC_DM_FIXED | BROADCAST_VECTOR, cpu_apic_id(next));
}

int main(void)
{
    unsigned want = fwcfg_present() ? fwcfg_nb_cpus() : 1;
    int n, unique = 1, all_ran = 1, aps_ok = 1, mode_ok = 1;

    report_info("fw_cfg reports %u CPUs", want);
    if (want < 2) {
        report_skip("SMP: only one CPU (run with -smp 2 or more)");
        return 0;
    }
    handle_irq(TO_BSP_VECTOR, to_bsp_handler);
    handle_irq(BROADCAST_VECTOR, broadcast_handler);
    bsp_cr0 = read_cr0();
    bsp_cr3 = read_cr3();
    n = smp_init();
    report(n == (int)(want > MAX_CPUS ? MAX_CPUS : want),
           "every CPU fw_cfg counts came up");
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
            if (cpu_apic_id(i) == cpu_apic_id(j)) {
                unique = 0;
            }
        }
    }
    report(unique, "APIC IDs are unique");

    on_cpus(who_am_i, NULL);
    for (int i = 0; i < n; i++) {
        all_ran &= ran[i] == 1;
        if (i) {
            aps_ok &= not_bsp[i];
            mode_ok &= same_mode[i];
        }
    }
    report(all_ran, "on_cpus runs the function once on every CPU");
    report(aps_ok, "APIC_BASE.BSP is clear on the APs");
    report(mode_ok, "the APs run in the BSP's mode with its page tables");

    sti();
    {
        bool all = true;

        /* One at a time: IPIs of one vector pending together coalesce. */
        for (int i = 1; i < n; i++) {
            on_cpu(i, send_to_bsp, NULL);
            all &= WAIT_UNTIL(to_bsp == i);
        }
        report(all, "every AP's IPI reaches the BSP");
    }

    apic_icr_write(APIC_DEST_OTHERS | APIC_DM_FIXED | BROADCAST_VECTOR, 0);
    {
        bool all = true;

        for (int i = 1; i < n; i++) {
            all &= WAIT_UNTIL(broadcast_seen[i] == 1);
        }
        report(all && broadcast_seen[0] == 0,
               "an all-but-self IPI reaches every AP, not the BSP");
    }
    if (n >= 3) {
        bool all = true;

        on_cpu(2, send_to_next, NULL);
        all = WAIT_UNTIL(broadcast_seen[n == 3 ? 1 : 3] == 2);
        report(all, "an AP's IPI reaches another AP");
    }
    cli();

    on_cpu(1, ap_ud, NULL);
    report(ap_vector == UD_VECTOR, "an AP takes #UD through the shared IDT");

    on_cpus(hammer, NULL);
    report(atomic_total == n * 2000, "LOCK XADD from every CPU adds up");
    report(locked_total == n * 2000, "a spinlock serialises every CPU");
    return 0;
}
