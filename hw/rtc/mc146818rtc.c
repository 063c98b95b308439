/*
 * Motorola MC146818A real-time clock and 128 bytes of CMOS RAM.
 *
 * Written from the MC146818A datasheet: time, alarm and date registers in
 * BCD or binary, 12/24-hour format, register A (UIP, divider, periodic
 * rate), B (SET, PIE, AIE, UIE, DM, 24/12), C (IRQF, PF, AF, UF, cleared
 * by a read), D (VRT). Alarm bytes with the two top bits set match any
 * value ("don't care").
 *
 * Time is not ticked: the device keeps (base_sec, base_clock_ns), the
 * guest time in seconds and the clock value at which that second began,
 * and derives the registers from the chosen clock. Timers run only for
 * the periodic and once-per-second (update-ended / alarm) events.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include <time.h>
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/isa/isa.h"
#include "hw/rtc/mc146818rtc.h"

OBJECT_DECLARE_SIMPLE_TYPE(RTCState, MC146818_RTC)

#define RTC_SECONDS         0
#define RTC_SECONDS_ALARM   1
#define RTC_MINUTES         2
#define RTC_MINUTES_ALARM   3
#define RTC_HOURS           4
#define RTC_HOURS_ALARM     5
#define RTC_DAY_OF_WEEK     6
#define RTC_DAY_OF_MONTH    7
#define RTC_MONTH           8
#define RTC_YEAR            9
#define RTC_REG_A           10
#define RTC_REG_B           11
#define RTC_REG_C           12
#define RTC_REG_D           13

#define REG_A_UIP           0x80
#define REG_A_DV_MASK       0x70
#define REG_A_DV_NORMAL     0x20    /* 32.768 kHz time base, running */
#define REG_A_RS_MASK       0x0f

#define REG_B_SET           0x80
#define REG_B_PIE           0x40
#define REG_B_AIE           0x20
#define REG_B_UIE           0x10
#define REG_B_SQWE          0x08
#define REG_B_DM            0x04    /* 1: binary */
#define REG_B_24H           0x02
#define REG_B_DSE           0x01

#define REG_C_IRQF          0x80
#define REG_C_PF            0x40
#define REG_C_AF            0x20
#define REG_C_UF            0x10

#define REG_D_VRT           0x80

#define RTC_FREQ            32768
#define NS_PER_SEC          NANOSECONDS_PER_SECOND
/* UIP rises 244 us before the 1984 us update cycle; the registers change
 * at its end. */
#define UIP_WINDOW_NS       ((244 + 1984) * 1000LL)

struct RTCState {
    ISADevice parent_obj;

    MemoryRegion io;
    qemu_irq irq;
    uint8_t cmos_data[128];
    uint8_t cmos_index;

    /* Guest time: base_sec began at base_clock_ns on clock cur_clock. */
    int64_t base_sec;
    int64_t base_clock_ns;
    QEMUClockType cur_clock;
    bool time_valid;
    bool frozen;            /* SET or divider held: registers are static */

    QEMUTimer *periodic_timer;
    QEMUTimer *second_timer;
    int64_t next_periodic_ns;
    int64_t next_second_ns;
    uint32_t irq_coalesced; /* slew: periodic ticks still to inject */
    bool irq_level;

    /* properties */
    char *base;
    char *clock;
    char *lost_tick_policy;
    int32_t base_year;
    uint32_t iobase;
    uint32_t isairq;
};

/* ---- clocks and time --------------------------------------------------- */

static QEMUClockType rtc_clock_type(RTCState *s)
{
    if (qemu_clock_virtual_is_manual()) {
        return QEMU_CLOCK_VIRTUAL;      /* qtest drives time */
    }
    if (s->clock && !strcmp(s->clock, "vm")) {
        return QEMU_CLOCK_VIRTUAL;
    }
    if (s->clock && !strcmp(s->clock, "rt")) {
        return QEMU_CLOCK_REALTIME;
    }
    return QEMU_CLOCK_HOST;
}

static bool rtc_slew(RTCState *s)
{
    return s->lost_tick_policy && !strcmp(s->lost_tick_policy, "slew");
}

static int64_t rtc_now(RTCState *s)
{
    return qemu_clock_get_ns(s->cur_clock);
}

static int to_bcd(RTCState *s, int v)
{
    if (s->cmos_data[RTC_REG_B] & REG_B_DM) {
        return v;
    }
    return ((v / 10) << 4) | (v % 10);
}

static int from_bcd(RTCState *s, int v)
{
    if (s->cmos_data[RTC_REG_B] & REG_B_DM) {
        return v;
    }
    return ((v >> 4) & 0x0f) * 10 + (v & 0x0f);
}

/* The host's wall time, as the guest's initial time per "base". */
static int64_t rtc_initial_time(RTCState *s, Error **errp)
{
    time_t now = g_get_real_time() / G_USEC_PER_SEC;
    struct tm tm;
    int y, mo, d, h = 0, mi = 0, sec = 0;
    char tail;

    if (!s->base || !strcmp(s->base, "utc")) {
        return now;
    }
    if (!strcmp(s->base, "localtime")) {
        localtime_r(&now, &tm);
        return timegm(&tm);
    }
    if (sscanf(s->base, "%d-%d-%dT%d:%d:%d%c", &y, &mo, &d, &h, &mi, &sec,
               &tail) == 6 ||
        sscanf(s->base, "%d-%d-%d%c", &y, &mo, &d, &tail) == 3) {
        if (y >= 1900 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 &&
            h >= 0 && h < 24 && mi >= 0 && mi < 60 && sec >= 0 && sec < 60) {
            memset(&tm, 0, sizeof(tm));
            tm.tm_year = y - 1900;
            tm.tm_mon = mo - 1;
            tm.tm_mday = d;
            tm.tm_hour = h;
            tm.tm_min = mi;
            tm.tm_sec = sec;
            return timegm(&tm);
        }
    }
    error_setg(errp, "Invalid 'base' value '%s' (utc, localtime, or a date "
               "like 2006-06-17T16:01:21 or 2006-06-17)", s->base);
    return now;
}

/* Guest time (seconds) and the ns into that second. */
static int64_t rtc_guest_time(RTCState *s, int64_t now, int64_t *subsec)
{
    int64_t d = now - s->base_clock_ns;
    int64_t secs = d >= 0 ? d / NS_PER_SEC : -((-d + NS_PER_SEC - 1) /
                                               NS_PER_SEC);

    if (subsec) {
        *subsec = d - secs * NS_PER_SEC;
    }
    return s->base_sec + secs;
}

static bool rtc_running(RTCState *s)
{
    return !(s->cmos_data[RTC_REG_B] & REG_B_SET) &&
           (s->cmos_data[RTC_REG_A] & REG_A_DV_MASK) == REG_A_DV_NORMAL;
}

/* Writes the time registers (and the century byte) for guest time t. */
static void rtc_set_regs(RTCState *s, int64_t t)
{
    time_t tt = t;
    struct tm tm;
    int h, year;

    gmtime_r(&tt, &tm);
    s->cmos_data[RTC_SECONDS] = to_bcd(s, tm.tm_sec);
    s->cmos_data[RTC_MINUTES] = to_bcd(s, tm.tm_min);
    if (s->cmos_data[RTC_REG_B] & REG_B_24H) {
        s->cmos_data[RTC_HOURS] = to_bcd(s, tm.tm_hour);
    } else {
        h = tm.tm_hour % 12;
        s->cmos_data[RTC_HOURS] = to_bcd(s, h ? h : 12) |
                                  (tm.tm_hour >= 12 ? 0x80 : 0);
    }
    s->cmos_data[RTC_DAY_OF_WEEK] = to_bcd(s, tm.tm_wday + 1);
    s->cmos_data[RTC_DAY_OF_MONTH] = to_bcd(s, tm.tm_mday);
    s->cmos_data[RTC_MONTH] = to_bcd(s, tm.tm_mon + 1);
    year = tm.tm_year + 1900 - s->base_year;
    s->cmos_data[RTC_YEAR] = to_bcd(s, ((year % 100) + 100) % 100);
    s->cmos_data[RTC_CENTURY] = to_bcd(s, (tm.tm_year + 1900) / 100);
}

/* Guest time from the registers (as the guest wrote them). */
static int64_t rtc_get_regs(RTCState *s)
{
    struct tm tm;
    int hour, century, year;

    memset(&tm, 0, sizeof(tm));
    tm.tm_sec = from_bcd(s, s->cmos_data[RTC_SECONDS] & 0x7f);
    tm.tm_min = from_bcd(s, s->cmos_data[RTC_MINUTES] & 0x7f);
    hour = s->cmos_data[RTC_HOURS];
    if (s->cmos_data[RTC_REG_B] & REG_B_24H) {
        tm.tm_hour = from_bcd(s, hour & 0x3f);
    } else {
        tm.tm_hour = from_bcd(s, hour & 0x7f) % 12;
        if (hour & 0x80) {
            tm.tm_hour += 12;
        }
    }
    tm.tm_mday = from_bcd(s, s->cmos_data[RTC_DAY_OF_MONTH] & 0x3f);
    tm.tm_mon = from_bcd(s, s->cmos_data[RTC_MONTH] & 0x1f) - 1;
    year = from_bcd(s, s->cmos_data[RTC_YEAR]) % 100;
    century = from_bcd(s, s->cmos_data[RTC_CENTURY]);
    if (s->base_year % 100 == 0 && century >= 19 && century <= 99) {
        year += century * 100;
    } else {
        year += s->base_year;
        if (s->base_year % 100 == 0 && year < 1970) {
            year += 100;
        }
    }
    tm.tm_year = year - 1900;
    /* timegm normalises out-of-range fields the way the chip would not;
     * the guest gets what it wrote back on the next update anyway. */
    return timegm(&tm);
}

/* Keeps the time base on the clock we should be using now. */
static void rtc_sync_clock(RTCState *s)
{
    QEMUClockType want = rtc_clock_type(s);
    int64_t subsec, t;

    if (!s->time_valid) {
        s->cur_clock = want;
        s->base_sec = rtc_initial_time(s, NULL);
        s->base_clock_ns = rtc_now(s);
        s->time_valid = true;
        return;
    }
    if (want != s->cur_clock) {
        t = rtc_guest_time(s, rtc_now(s), &subsec);
        s->cur_clock = want;
        s->base_sec = t;
        s->base_clock_ns = rtc_now(s) - subsec;
        timer_del(s->periodic_timer);
        timer_del(s->second_timer);
        timer_free(s->periodic_timer);
        timer_free(s->second_timer);
        s->periodic_timer = NULL;
        s->second_timer = NULL;
    }
}

/* Refreshes the time registers from the clock (when running). */
static void rtc_update_regs(RTCState *s)
{
    if (rtc_running(s)) {
        rtc_set_regs(s, rtc_guest_time(s, rtc_now(s), NULL));
    }
}

/* ---- interrupts and timers --------------------------------------------- */

static void rtc_update_irq(RTCState *s)
{
    uint8_t c = s->cmos_data[RTC_REG_C];
    uint8_t b = s->cmos_data[RTC_REG_B];
    bool level;

    if (((c & REG_C_PF) && (b & REG_B_PIE)) ||
        ((c & REG_C_AF) && (b & REG_B_AIE)) ||
        ((c & REG_C_UF) && (b & REG_B_UIE))) {
        c |= REG_C_IRQF;
    } else {
        c &= ~REG_C_IRQF;
    }
    s->cmos_data[RTC_REG_C] = c;
    level = c & REG_C_IRQF;
    if (level != s->irq_level) {
        s->irq_level = level;
        qemu_set_irq(s->irq, level);
    }
}

/* Periodic rate in 32.768 kHz ticks, 0 if off. */
static int rtc_periodic_ticks(RTCState *s)
{
    int rs = s->cmos_data[RTC_REG_A] & REG_A_RS_MASK;

    if (!rs) {
        return 0;
    }
    if (rs <= 2) {
        rs += 7;        /* 1, 2 repeat the rates of 8, 9 */
    }
    return 1 << (rs - 1);
}

static void rtc_periodic_cb(void *opaque);
static void rtc_second_cb(void *opaque);

static void rtc_ensure_timers(RTCState *s)
{
    if (!s->periodic_timer) {
        s->periodic_timer = timer_new_ns(s->cur_clock, rtc_periodic_cb, s);
        s->second_timer = timer_new_ns(s->cur_clock, rtc_second_cb, s);
    }
}

static void rtc_arm_periodic(RTCState *s, int64_t now)
{
    int ticks = rtc_periodic_ticks(s);
    uint8_t c = s->cmos_data[RTC_REG_C];
    int64_t t, next;

    rtc_ensure_timers(s);
    /* PF sets with or without PIE; no need to tick once it is set. */
    if (!ticks || (s->cmos_data[RTC_REG_A] & REG_A_DV_MASK) !=
        REG_A_DV_NORMAL ||
        (!(s->cmos_data[RTC_REG_B] & REG_B_PIE) && (c & REG_C_PF))) {
        timer_del(s->periodic_timer);
        return;
    }
    /* Phase-locked to the divider chain, which restarts at base_clock. */
    t = (int64_t)((__int128)(now - s->base_clock_ns) * RTC_FREQ / NS_PER_SEC);
    if (now < s->base_clock_ns) {
        t = -1;
    }
    t = (t >= 0 ? t / ticks + 1 : 0) * ticks;
    next = s->base_clock_ns +
           (int64_t)(((__int128)t * NS_PER_SEC + RTC_FREQ - 1) / RTC_FREQ);
    if (s->irq_coalesced && (s->cmos_data[RTC_REG_B] & REG_B_PIE) &&
        !(c & REG_C_PF)) {
        /* slew: reinject a lost tick soon, four times the rate */
        int64_t soon = now + (int64_t)ticks * NS_PER_SEC / RTC_FREQ / 4;
        if (soon < next) {
            next = soon;
        }
    }
    s->next_periodic_ns = next;
    timer_mod(s->periodic_timer, next);
}

static void rtc_periodic_cb(void *opaque)
{
    RTCState *s = opaque;
    int64_t now = s->next_periodic_ns;

    if ((s->cmos_data[RTC_REG_C] & REG_C_PF) &&
        (s->cmos_data[RTC_REG_B] & REG_B_PIE) && rtc_slew(s)) {
        /* The guest has not acknowledged the last one: remember it. */
        s->irq_coalesced++;
    } else {
        if (s->irq_coalesced && !(s->cmos_data[RTC_REG_C] & REG_C_PF)) {
            s->irq_coalesced--;
        }
        s->cmos_data[RTC_REG_C] |= REG_C_PF;
        rtc_update_irq(s);
    }
    rtc_arm_periodic(s, now);
}

static bool rtc_alarm_match(RTCState *s)
{
    static const int pairs[3][2] = {
        { RTC_SECONDS_ALARM, RTC_SECONDS },
        { RTC_MINUTES_ALARM, RTC_MINUTES },
        { RTC_HOURS_ALARM, RTC_HOURS },
    };
    int i;

    for (i = 0; i < 3; i++) {
        uint8_t alarm = s->cmos_data[pairs[i][0]];
        if ((alarm & 0xc0) != 0xc0 && alarm != s->cmos_data[pairs[i][1]]) {
            return false;
        }
    }
    return true;
}

static void rtc_arm_second(RTCState *s, int64_t now)
{
    uint8_t c = s->cmos_data[RTC_REG_C];
    uint8_t b = s->cmos_data[RTC_REG_B];
    int64_t subsec;

    rtc_ensure_timers(s);
    if (!rtc_running(s) ||
        (!(b & (REG_B_UIE | REG_B_AIE)) && (c & REG_C_UF) &&
         (c & REG_C_AF))) {
        timer_del(s->second_timer);
        return;
    }
    rtc_guest_time(s, now, &subsec);
    s->next_second_ns = now - subsec + NS_PER_SEC;
    timer_mod(s->second_timer, s->next_second_ns);
}

/* End of an update cycle: new second, UF, alarm check. */
static void rtc_second_cb(void *opaque)
{
    RTCState *s = opaque;
    int64_t now = s->next_second_ns;

    if (rtc_running(s)) {
        rtc_set_regs(s, rtc_guest_time(s, now, NULL));
        s->cmos_data[RTC_REG_C] |= REG_C_UF;
        if (rtc_alarm_match(s)) {
            s->cmos_data[RTC_REG_C] |= REG_C_AF;
        }
        rtc_update_irq(s);
    }
    rtc_arm_second(s, now);
}

static void rtc_rearm(RTCState *s)
{
    int64_t now = rtc_now(s);

    rtc_arm_periodic(s, now);
    rtc_arm_second(s, now);
}

/* ---- register access ---------------------------------------------------- */

static bool rtc_uip(RTCState *s)
{
    int64_t subsec;

    if (!rtc_running(s)) {
        return false;
    }
    rtc_guest_time(s, rtc_now(s), &subsec);
    return subsec >= NS_PER_SEC - UIP_WINDOW_NS;
}

static uint64_t rtc_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    RTCState *s = opaque;
    uint8_t ret;

    if ((addr & 1) == 0) {
        return 0xff;    /* the index register is write-only */
    }
    rtc_sync_clock(s);
    switch (s->cmos_index) {
    case RTC_SECONDS:
    case RTC_MINUTES:
    case RTC_HOURS:
    case RTC_DAY_OF_WEEK:
    case RTC_DAY_OF_MONTH:
    case RTC_MONTH:
    case RTC_YEAR:
    case RTC_CENTURY:
        rtc_update_regs(s);
        ret = s->cmos_data[s->cmos_index];
        break;
    case RTC_REG_A:
        ret = s->cmos_data[RTC_REG_A] & ~REG_A_UIP;
        if (rtc_uip(s)) {
            ret |= REG_A_UIP;
        }
        break;
    case RTC_REG_C:
        ret = s->cmos_data[RTC_REG_C];
        s->cmos_data[RTC_REG_C] = 0;
        rtc_update_irq(s);
        rtc_rearm(s);
        break;
    default:
        ret = s->cmos_data[s->cmos_index];
        break;
    }
    return ret;
}

static void rtc_ioport_write(void *opaque, hwaddr addr, uint64_t val64,
                             unsigned size)
{
    RTCState *s = opaque;
    uint8_t val = val64;
    uint8_t old;
    int64_t now, subsec;

    if ((addr & 1) == 0) {
        /* bit 7 is the NMI mask on a PC; the RTC sees the index only */
        s->cmos_index = val & 0x7f;
        return;
    }
    rtc_sync_clock(s);
    now = rtc_now(s);
    switch (s->cmos_index) {
    case RTC_SECONDS:
    case RTC_MINUTES:
    case RTC_HOURS:
    case RTC_DAY_OF_WEEK:
    case RTC_DAY_OF_MONTH:
    case RTC_MONTH:
    case RTC_YEAR:
    case RTC_CENTURY:
        if (rtc_running(s)) {
            /* Counting continues from the written value, same phase. */
            rtc_update_regs(s);
            s->cmos_data[s->cmos_index] = val;
            rtc_guest_time(s, now, &subsec);
            s->base_sec = rtc_get_regs(s);
            s->base_clock_ns = now - subsec;
            rtc_set_regs(s, s->base_sec);
        } else {
            s->cmos_data[s->cmos_index] = val;
        }
        break;
    case RTC_REG_A:
        old = s->cmos_data[RTC_REG_A];
        if (rtc_running(s)) {
            rtc_update_regs(s);
        }
        s->cmos_data[RTC_REG_A] = val & ~REG_A_UIP;
        if ((old & REG_A_DV_MASK) == REG_A_DV_NORMAL &&
            (val & REG_A_DV_MASK) != REG_A_DV_NORMAL) {
            /* divider stopped: freeze the registers */
            s->frozen = true;
        } else if ((old & REG_A_DV_MASK) != REG_A_DV_NORMAL &&
                   (val & REG_A_DV_MASK) == REG_A_DV_NORMAL &&
                   !(s->cmos_data[RTC_REG_B] & REG_B_SET)) {
            /* the first update comes 500 ms after the divider restarts */
            s->base_sec = rtc_get_regs(s);
            s->base_clock_ns = now - NS_PER_SEC / 2;
            s->frozen = false;
        }
        if ((val & REG_A_DV_MASK) != REG_A_DV_NORMAL &&
            (val & REG_A_DV_MASK) != 0x60 && (val & REG_A_DV_MASK) != 0x70) {
            qemu_log_mask(LOG_UNIMP, "mc146818rtc: divider 0x%x treated "
                          "as stopped\n", val & REG_A_DV_MASK);
        }
        rtc_rearm(s);
        break;
    case RTC_REG_B:
        old = s->cmos_data[RTC_REG_B];
        if (rtc_running(s)) {
            rtc_update_regs(s);
        }
        if (val & REG_B_SET) {
            val &= ~REG_B_UIE;  /* SET clears UIE */
        }
        if (!(old & REG_B_SET) && (val & REG_B_SET)) {
            s->frozen = true;
        }
        if ((old ^ val) & (REG_B_DM | REG_B_24H)) {
            /* keep the same time, now in the new format */
            int64_t t = rtc_running(s) ? rtc_guest_time(s, now, NULL)
                                       : rtc_get_regs(s);
            s->cmos_data[RTC_REG_B] = val;
            rtc_set_regs(s, t);
        }
        if ((old & REG_B_SET) && !(val & REG_B_SET)) {
            /* SET released: count from the written time, new second */
            s->base_sec = rtc_get_regs(s);
            s->base_clock_ns = now;
            s->frozen = false;
        }
        s->cmos_data[RTC_REG_B] = val;
        rtc_update_irq(s);
        rtc_rearm(s);
        break;
    case RTC_REG_C:
    case RTC_REG_D:
        break;      /* read-only */
    default:
        s->cmos_data[s->cmos_index] = val;
        break;
    }
}

static const MemoryRegionOps rtc_ops = {
    .read = rtc_ioport_read,
    .write = rtc_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 1,
    .impl.min_access_size = 1,
    .impl.max_access_size = 1,
};

/* ---- board API ---------------------------------------------------------- */

void mc146818rtc_set_cmos_data(ISADevice *dev, int addr, int val)
{
    RTCState *s = MC146818_RTC(dev);

    if (addr < 0 || addr >= (int)sizeof(s->cmos_data)) {
        return;
    }
    s->cmos_data[addr] = val;
}

int mc146818rtc_get_cmos_data(ISADevice *dev, int addr)
{
    RTCState *s = MC146818_RTC(dev);

    if (addr < 0 || addr >= (int)sizeof(s->cmos_data)) {
        return 0;
    }
    return s->cmos_data[addr];
}

/* "date": the current guest time as QEMU presents it (struct tm). */
static JsonNode *rtc_get_date(Object *obj, const char *name, void *opaque,
                              Error **errp)
{
    RTCState *s = MC146818_RTC(obj);
    JsonObject *o = json_object_new();
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);
    time_t tt;
    struct tm tm;

    rtc_sync_clock(s);
    tt = rtc_running(s) ? rtc_guest_time(s, rtc_now(s), NULL)
                        : rtc_get_regs(s);
    gmtime_r(&tt, &tm);
    json_object_set_int_member(o, "tm_year", tm.tm_year);
    json_object_set_int_member(o, "tm_mon", tm.tm_mon);
    json_object_set_int_member(o, "tm_mday", tm.tm_mday);
    json_object_set_int_member(o, "tm_hour", tm.tm_hour);
    json_object_set_int_member(o, "tm_min", tm.tm_min);
    json_object_set_int_member(o, "tm_sec", tm.tm_sec);
    json_node_take_object(node, o);
    return node;
}

/* ---- lifecycle ---------------------------------------------------------- */

static void rtc_reset(DeviceState *dev)
{
    RTCState *s = MC146818_RTC(dev);

    rtc_sync_clock(s);
    /* Reset (the chip's RESET pin) leaves time, A and DM/24h alone. */
    s->cmos_data[RTC_REG_B] &= ~(REG_B_PIE | REG_B_AIE | REG_B_UIE |
                                 REG_B_SQWE);
    s->cmos_data[RTC_REG_C] = 0;
    s->irq_coalesced = 0;
    rtc_update_irq(s);
    qemu_irq_lower(s->irq);
    s->irq_level = false;
    rtc_rearm(s);
}

static void rtc_realize(DeviceState *dev, Error **errp)
{
    RTCState *s = MC146818_RTC(dev);
    Error *err = NULL;

    if (s->iobase > 0xfffe || s->isairq >= ISA_NUM_IRQS) {
        error_setg(errp, "mc146818rtc: iobase 0x%x / irq %u out of range",
                   s->iobase, s->isairq);
        return;
    }
    if (s->clock && strcmp(s->clock, "host") && strcmp(s->clock, "rt") &&
        strcmp(s->clock, "vm")) {
        error_setg(errp, "Invalid 'clock' value '%s' (host, rt, vm)",
                   s->clock);
        return;
    }
    if (s->lost_tick_policy && strcmp(s->lost_tick_policy, "discard") &&
        strcmp(s->lost_tick_policy, "slew")) {
        error_setg(errp, "Invalid 'lost_tick_policy' value '%s' "
                   "(discard, slew)", s->lost_tick_policy);
        return;
    }
    rtc_initial_time(s, &err);
    if (err) {
        error_propagate(errp, err);
        return;
    }
    s->cmos_data[RTC_REG_A] = 0x26;
    s->cmos_data[RTC_REG_B] = REG_B_24H;
    s->cmos_data[RTC_REG_C] = 0;
    s->cmos_data[RTC_REG_D] = REG_D_VRT;
    s->time_valid = false;
    rtc_sync_clock(s);
    rtc_set_regs(s, s->base_sec);

    memory_region_init_io(&s->io, OBJECT(dev), &rtc_ops, s, "rtc", 2);
    isa_register_ioport(ISA_DEVICE(dev), &s->io, s->iobase);
    if (!s->irq) {
        s->irq = isa_get_irq(ISA_DEVICE(dev), s->isairq);
    }
}

static void rtc_unrealize(DeviceState *dev)
{
    RTCState *s = MC146818_RTC(dev);

    timer_free(s->periodic_timer);
    timer_free(s->second_timer);
    s->periodic_timer = s->second_timer = NULL;
}

static void rtc_instance_init(Object *obj)
{
    object_property_add(obj, "date", "struct tm", rtc_get_date, NULL, NULL,
                        NULL);
}

static Property rtc_properties[] = {
    DEFINE_PROP_STRING("base", RTCState, base),
    DEFINE_PROP_STRING("clock", RTCState, clock),
    DEFINE_PROP_STRING("lost_tick_policy", RTCState, lost_tick_policy),
    DEFINE_PROP_INT32("base_year", RTCState, base_year, 1980),
    DEFINE_PROP_UINT32("iobase", RTCState, iobase, RTC_ISA_BASE),
    DEFINE_PROP_UINT32("irq", RTCState, isairq, RTC_ISA_IRQ),
    DEFINE_PROP_END_OF_LIST(),
};

static void rtc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = rtc_realize;
    dc->unrealize = rtc_unrealize;
    dc->reset = rtc_reset;
    dc->desc = "Motorola MC146818A real-time clock";
    dc->user_creatable = false;
    dc->bus_type = TYPE_ISA_BUS;
    device_class_set_props(dc, rtc_properties);
}

static const TypeInfo rtc_types[] = {
    {
        .name = TYPE_MC146818_RTC,
        .parent = TYPE_ISA_DEVICE,
        .instance_size = sizeof(RTCState),
        .instance_init = rtc_instance_init,
        .class_init = rtc_class_init,
    },
};

DEFINE_TYPES(rtc_types)

ISADevice *mc146818_rtc_init(ISABus *bus, int base_year,
                             qemu_irq intercept_irq)
{
    ISADevice *isa = isa_new(TYPE_MC146818_RTC);
    RTCState *s = MC146818_RTC(isa);

    qdev_prop_set_int32(DEVICE(isa), "base_year", base_year);
    s->irq = intercept_irq;
    isa_realize_and_unref(isa, bus, &error_fatal);
    return isa;
}
