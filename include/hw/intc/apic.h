/*
 * Local APIC (xAPIC MMIO and x2APIC MSRs), one per vCPU, modelled in
 * userspace for TCG (and KVM without an in-kernel irqchip).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_INTC_APIC_H
#define HW_INTC_APIC_H

#include "hw/qdev-core.h"

#define TYPE_APIC "apic"
#define APIC_DEFAULT_ADDRESS 0xfee00000
#define MSI_ADDR_SIZE 0x100000

/* IA32_APIC_BASE bits */
#define MSR_IA32_APICBASE_BSP    (1 << 8)
#define MSR_IA32_APICBASE_EXTD   (1 << 10)
#define MSR_IA32_APICBASE_ENABLE (1 << 11)
#define MSR_IA32_APICBASE_BASE   (0xfffffULL << 12)

/*
 * Creates and realizes cpu's local APIC (the BSP is the one with id 0
 * unless apic_set_bsp says otherwise). The first one also maps the shared
 * 1 MiB window at 0xfee00000 in system memory: CPU accesses reach the
 * accessing CPU's APIC registers, other writes (device DMA) are MSIs.
 * The APIC raises CPU_INTERRUPT_HARD / NMI / INIT / SIPI / SMI with
 * cpu_interrupt(); the CPU then calls apic_get_interrupt().
 */
DeviceState *apic_new(CPUState *cpu, uint32_t apic_id);
/* The APIC of cpu (NULL if none). */
DeviceState *cpu_get_apic(CPUState *cpu);

/* An MSI write: addr 0xfeeXXXXX (dest id in 19:12, dest mode bit 2),
 * data: vector 7:0, delivery mode 10:8, trigger mode bit 15. */
void apic_deliver_msi(uint64_t addr, uint32_t data);
/* Bus message delivery (I/O APIC, MSI, IPIs share it). */
void apic_deliver_irq(uint32_t dest, uint8_t dest_mode, uint8_t delivery_mode,
                      uint8_t vector, uint8_t trigger_mode);

/* Interrupt acknowledge: the vector to take (moves IRR -> ISR), the
 * spurious vector, or -1 if nothing is deliverable (then ask the PIC if
 * apic_accept_pic_intr() says ExtINT). */
int apic_get_interrupt(DeviceState *dev);
/* True if the PIC's INTR reaches this CPU (LINT0 ExtINT unmasked, or the
 * APIC globally disabled / absent). */
int apic_accept_pic_intr(DeviceState *dev);
/* LINT0 level from the 8259 master INT (ExtINT, fixed or NMI per LVT). */
void apic_deliver_pic_intr(DeviceState *dev, int level);
/* LINT1: NMI per the LVT (the PC wires NMI there). */
void apic_deliver_nmi(DeviceState *dev);
/* Re-evaluates pending interrupts (after the CPU re-enables them). */
void apic_poll_irq(DeviceState *dev);

/* INIT and SIPI handling for the CPU layer. */
void apic_init_reset(DeviceState *dev);
/* The vector of the last SIPI (start at vector << 12). */
int apic_get_sipi_vector(DeviceState *dev);
void apic_designate_bsp(DeviceState *dev, bool bsp);

/* IA32_APIC_BASE MSR; returns false (#GP) on an invalid value. */
bool cpu_set_apic_base(DeviceState *dev, uint64_t val);
uint64_t cpu_get_apic_base(DeviceState *dev);
/* CR8 <-> TPR[7:4] */
void cpu_set_apic_tpr(DeviceState *dev, uint8_t val);
uint8_t cpu_get_apic_tpr(DeviceState *dev);
/* IA32_TSC_DEADLINE */
void apic_set_tsc_deadline(DeviceState *dev, uint64_t deadline);
uint64_t apic_get_tsc_deadline(DeviceState *dev);

/* x2APIC MSRs 0x800-0x8ff; return false where the access must #GP. */
bool apic_msr_read(DeviceState *dev, uint32_t index, uint64_t *val);
bool apic_msr_write(DeviceState *dev, uint32_t index, uint64_t val);

/* Frequency of the TSC the deadline mode compares with (default 1 GHz:
 * one tick per virtual-clock ns). The CPU layer sets the real one. */
void apic_set_tsc_frequency(DeviceState *dev, uint64_t hz);

#endif
