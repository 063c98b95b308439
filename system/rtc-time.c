/* The guest's notion of wall-clock time, as -rtc base= and clock= set it. */
#include "qemu/osdep.h"
#include "system/vl-internal.h"

void qemu_get_timedate(struct tm *tm, int offset)
{
    time_t now = qemu_clock_get_ns(vl_rtc_config.clock) /
                 NANOSECONDS_PER_SECOND;

    if (vl_rtc_config.base_set) {
        /* base=DATE: the guest clock starts at DATE and runs from there. */
        static int64_t start = -1;
        if (start < 0) {
            start = now;
        }
        now = vl_rtc_config.base_time + (now - start);
    }
    now += offset;
    if (vl_rtc_config.localtime) {
        localtime_r(&now, tm);
    } else {
        gmtime_r(&now, tm);
    }
}
