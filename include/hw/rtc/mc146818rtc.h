/*
 * Motorola MC146818A real-time clock with CMOS RAM (the PC's RTC).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_RTC_MC146818RTC_H
#define HW_RTC_MC146818RTC_H

#include "hw/isa/isa.h"

#define TYPE_MC146818_RTC "mc146818rtc"
#define RTC_ISA_IRQ 8
#define RTC_ISA_BASE 0x70

/* CMOS offsets the PC board fills. */
#define RTC_REG_EQUIPMENT_BYTE  0x14
#define RTC_CENTURY             0x32
#define RTC_IBM_PS2_CENTURY_BYTE 0x37

/*
 * Creates the RTC at 0x70/0x71 on bus. The year register counts from
 * base_year (2000 on a PC: register 24 = 2024; the century byte at 0x32
 * carries the rest). The IRQ goes to intercept_irq if set, else ISA IRQ 8.
 * Properties (settable with -global mc146818rtc.X=...):
 *   base      "utc" (default), "localtime", or a date
 *             "2006-06-17T16:01:21" / "2006-06-17"     (-rtc base=)
 *   clock     "host" (default), "rt", "vm"             (-rtc clock=)
 *             under qtest's manual virtual clock "vm" is always used.
 *   lost_tick_policy "discard" (default) or "slew"     (-rtc driftfix=)
 *   base_year, iobase, irq
 * QOM property "date" (read-only): {tm_year (since 1900), tm_mon (0-11),
 * tm_mday, tm_hour, tm_min, tm_sec}.
 */
ISADevice *mc146818_rtc_init(ISABus *bus, int base_year,
                             qemu_irq intercept_irq);
/* Board access to CMOS RAM; addr 0..127 (out of range is ignored). */
void mc146818rtc_set_cmos_data(ISADevice *dev, int addr, int val);
int mc146818rtc_get_cmos_data(ISADevice *dev, int addr);

#endif
