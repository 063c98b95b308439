/* Legacy PC devices: 8259 PIC pair, 8254 PIT, MC146818 RTC/CMOS. */
#ifndef GUEST_ISA_H
#define GUEST_ISA_H

#include "guest.h"

/* The library remaps the PICs to vectors 0x20-0x2f and masks all lines
 * at start-up (firmware may have left IRQ 0 at vector 8, i.e. #DF). */
#define PIC_VECTOR_BASE     0x20
#define PIC_SPURIOUS_MASTER (PIC_VECTOR_BASE + 7)
#define PIC_SPURIOUS_SLAVE  (PIC_VECTOR_BASE + 15)

void pic_init(void);
void pic_mask(unsigned irq, bool masked);
void pic_mask_all(void);
void pic_eoi(unsigned irq);
u16 pic_read_irr(void);
u16 pic_read_isr(void);

/* PIT channel 0 (ISA IRQ 0, IOAPIC pin 2): mode 0 (interrupt on terminal
 * count) or mode 2 (rate generator); 1193182 Hz input. */
#define PIT_HZ 1193182
void pit_oneshot(u16 count);
void pit_periodic(u16 count);
u16 pit_read_count(void);

/* CMOS/RTC. */
#define RTC_SECONDS     0x00
#define RTC_MINUTES     0x02
#define RTC_HOURS       0x04
#define RTC_DAY_OF_WEEK 0x06
#define RTC_DAY         0x07
#define RTC_MONTH       0x08
#define RTC_YEAR        0x09
#define RTC_REG_A       0x0a
#define RTC_REG_B       0x0b
#define RTC_REG_C       0x0c
#define RTC_REG_D       0x0d
#define RTC_CENTURY     0x32

#define RTC_A_UIP       BIT(7)
#define RTC_B_SET       BIT(7)
#define RTC_B_PIE       BIT(6)
#define RTC_B_AIE       BIT(5)
#define RTC_B_UIE       BIT(4)
#define RTC_B_DM_BINARY BIT(2)
#define RTC_B_24H       BIT(1)
#define RTC_C_IRQF      BIT(7)
#define RTC_C_PF        BIT(6)
#define RTC_C_AF        BIT(5)
#define RTC_C_UF        BIT(4)
#define RTC_D_VRT       BIT(7)

u8 cmos_read(u8 reg);
void cmos_write(u8 reg, u8 val);

struct rtc_time {
    unsigned sec, min, hour, day, month, year;     /* year: full, 4 digits */
};
/* Reads a consistent time (outside update cycles, twice the same);
 * false if the RTC never left its update cycle. */
bool rtc_read_time(struct rtc_time *t);

#endif
