/*
 * Event delivery: exceptions and interrupts through the IVT/IDT (real,
 * protected, long and virtual-8086 mode), and the external events the
 * runtime asks about (INTR, NMI, INIT, SIPI).
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/sys-internal.h"

void x86_cpu_do_interrupt(CPUState *cs)
{
    X86_SYS_UNIMPL();
}

bool x86_cpu_exec_interrupt(CPUState *cs, int interrupt_request)
{
    X86_SYS_UNIMPL();
}

bool x86_cpu_has_work(CPUState *cs)
{
    X86_SYS_UNIMPL();
}
