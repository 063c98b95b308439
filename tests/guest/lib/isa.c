/* 8259 PIC pair, 8254 PIT channel 0, MC146818 RTC/CMOS. */
#include "isa.h"
#include "processor.h"

#define PIC1_CMD    0x20
#define PIC1_DATA   0x21
#define PIC2_CMD    0xa0
#define PIC2_DATA   0xa1

void pic_init(void)
{
    outb(PIC1_CMD, 0x11);               /* ICW1: edge, cascade, ICW4 */
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, PIC_VECTOR_BASE);   /* ICW2: vector base */
    outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
    outb(PIC1_DATA, 0x04);              /* ICW3: slave on IRQ 2 */
    outb(PIC2_DATA, 0x02);
    outb(PIC1_DATA, 0x01);              /* ICW4: 8086 mode */
    outb(PIC2_DATA, 0x01);
    pic_mask_all();
}

void pic_mask_all(void)
{
    outb(PIC1_DATA, 0xff);
    outb(PIC2_DATA, 0xff);
}

void pic_mask(unsigned irq, bool masked)
{
    u16 port = irq < 8 ? PIC1_DATA : PIC2_DATA;
    u8 bit = 1u << (irq & 7);
    u8 m = inb(port);

    outb(port, masked ? m | bit : m & ~bit);
    if (irq >= 8 && !masked) {
        outb(PIC1_DATA, inb(PIC1_DATA) & ~BIT(2));  /* the cascade */
    }
}

void pic_eoi(unsigned irq)
{
    if (irq >= 8) {
        outb(PIC2_CMD, 0x20);
    }
    outb(PIC1_CMD, 0x20);
}

static u16 pic_read_ocw3(u8 ocw3)
{
    u16 v;

    outb(PIC1_CMD, ocw3);
    outb(PIC2_CMD, ocw3);
    v = inb(PIC1_CMD) | inb(PIC2_CMD) << 8;
    outb(PIC1_CMD, 0x0a);               /* back to reading IRR */
    outb(PIC2_CMD, 0x0a);
    return v;
}

u16 pic_read_irr(void)
{
    return pic_read_ocw3(0x0a);
}

u16 pic_read_isr(void)
{
    return pic_read_ocw3(0x0b);
}

static void pit_start(u8 mode, u16 count)
{
    outb(0x43, 0x30 | mode << 1);       /* channel 0, lo/hi byte */
    outb(0x40, count & 0xff);
    outb(0x40, count >> 8);
}

void pit_oneshot(u16 count)
{
    pit_start(0, count);
}

void pit_periodic(u16 count)
{
    pit_start(2, count);
}

u16 pit_read_count(void)
{
    u8 lo;

    outb(0x43, 0x00);                   /* latch channel 0 */
    lo = inb(0x40);
    return lo | inb(0x40) << 8;
}

u8 cmos_read(u8 reg)
{
    outb(0x70, reg);
    return inb(0x71);
}

void cmos_write(u8 reg, u8 val)
{
    outb(0x70, reg);
    outb(0x71, val);
}

static unsigned from_bcd(u8 v, bool binary)
{
    return binary ? v : (v >> 4) * 10 + (v & 0xf);
}

static bool rtc_read_raw(u8 raw[7])
{
    static const u8 regs[7] = {
        RTC_SECONDS, RTC_MINUTES, RTC_HOURS, RTC_DAY, RTC_MONTH, RTC_YEAR,
        RTC_CENTURY,
    };
    int i;

    for (i = 0; i < 1000000 && (cmos_read(RTC_REG_A) & RTC_A_UIP); i++) {
    }
    if (i == 1000000) {
        return false;
    }
    for (i = 0; i < 7; i++) {
        raw[i] = cmos_read(regs[i]);
    }
    return true;
}

bool rtc_read_time(struct rtc_time *t)
{
    u8 a[7], b[7];
    u8 regb = cmos_read(RTC_REG_B);
    bool bin = regb & RTC_B_DM_BINARY;
    unsigned hour;

    for (int tries = 0; tries < 10; tries++) {
        if (!rtc_read_raw(a) || !rtc_read_raw(b)) {
            return false;
        }
        if (memcmp(a, b, sizeof(a)) != 0) {
            continue;
        }
        t->sec = from_bcd(a[0], bin);
        t->min = from_bcd(a[1], bin);
        hour = from_bcd(a[2] & 0x7f, bin);
        if (!(regb & RTC_B_24H)) {
            hour %= 12;
            if (a[2] & 0x80) {
                hour += 12;
            }
        }
        t->hour = hour;
        t->day = from_bcd(a[3], bin);
        t->month = from_bcd(a[4], bin);
        t->year = from_bcd(a[6], bin) * 100 + from_bcd(a[5], bin);
        return true;
    }
    return false;
}
