/*
 * Test and debug devices on the ISA bus (hw/misc):
 *  isa-debug-exit  a write of v to iobase exits with status (v << 1) | 1
 *  pc-testdev      kvm-unit-tests' I/O and MMIO scratch and IRQ device
 *  port92          system control port A: fast A20 (bit 1), reset (bit 0)
 *  isa-debugcon    firmware's debug console (port 0xe9 -> chardev)
 */
#ifndef HW_MISC_ISA_TESTDEVS_H
#define HW_MISC_ISA_TESTDEVS_H

#define TYPE_ISA_DEBUG_EXIT_DEVICE "isa-debug-exit"
#define TYPE_PC_TESTDEV "pc-testdev"
#define TYPE_PORT92 "port92"
#define PORT92_A20_LINE "a20"
#define TYPE_ISA_DEBUGCON_DEVICE "isa-debugcon"

#endif
