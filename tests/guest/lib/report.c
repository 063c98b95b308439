/*
 * Test results on the serial line, one per line:
 *   PASS: <prefix: >message      FAIL: ...      SKIP: ...
 * and at the end
 *   SUMMARY: N tests, M unexpected failures, K skipped
 * then the exit through isa-debug-exit (code 0 success, 1 failure).
 */
#include "guest.h"
#include "processor.h"
#include "smp.h"

#define DEBUG_EXIT_PORT 0xf4

static volatile int tests, failures, skips;
static const char *prefix;

void report_prefix(const char *p)
{
    prefix = p;
}

static void line(const char *tag, const char *fmt, va_list ap)
{
    char msg[256];

    vsnprintf(msg, sizeof(msg), fmt, ap);
    printf("%s: %s%s%s\n", tag, prefix ? prefix : "", prefix ? ": " : "",
           msg);
}

void report(bool pass, const char *fmt, ...)
{
    va_list ap;

    atomic_inc(&tests);
    if (!pass) {
        atomic_inc(&failures);
    }
    va_start(ap, fmt);
    line(pass ? "PASS" : "FAIL", fmt, ap);
    va_end(ap);
}

void report_skip(const char *fmt, ...)
{
    va_list ap;

    atomic_inc(&tests);
    atomic_inc(&skips);
    va_start(ap, fmt);
    line("SKIP", fmt, ap);
    va_end(ap);
}

void report_known(bool pass, bool known, const char *why,
                  const char *fmt, ...)
{
    char msg[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (!pass && known) {
        report_skip("%s: %s", msg, why);
    } else {
        report(pass, "%s", msg);
    }
}

void report_unexpected(const char *fmt, ...)
{
    va_list ap;

    atomic_inc(&tests);
    atomic_inc(&failures);
    va_start(ap, fmt);
    line("FAIL", fmt, ap);
    va_end(ap);
}

void report_info(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    line("INFO", fmt, ap);
    va_end(ap);
}

void exit(int code)
{
    outl(DEBUG_EXIT_PORT, code);
    /* Still here: no isa-debug-exit. Stop rather than run on. */
    for (;;) {
        cli();
        hlt();
    }
}

int report_summary(void)
{
    printf("SUMMARY: %d tests, %d unexpected failures, %d skipped\n",
           tests, failures, skips);
    exit(failures ? 1 : 0);
}

void abort_test(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tests++;
    failures++;
    line("FAIL", fmt, ap);
    va_end(ap);
    report_summary();
}
