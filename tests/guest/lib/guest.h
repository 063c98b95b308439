/*
 * The guest test kit: freestanding kernels that report over COM1 and exit
 * through isa-debug-exit. Include this first; the other headers add one
 * area each (processor.h, desc.h, vm.h, apic.h, isa.h, smp.h, fwcfg.h,
 * testdev.h).
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef unsigned long ulong;

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)  (((x) + (a) - 1) & ~((typeof(x))(a) - 1))
#define BIT(n)          (1u << (n))
#define BIT_ULL(n)      (1ull << (n))
#define barrier()       asm volatile("" ::: "memory")
#define READ_ONCE(x)    (*(volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile typeof(x) *)&(x) = (v))
#define __noreturn      __attribute__((noreturn))
#define __printf(a, b)  __attribute__((format(printf, a, b)))
#define __aligned(n)    __attribute__((aligned(n)))

/* Spins (with PAUSE) until cond holds or about 2^33 TSC cycles (a few
 * seconds) pass; evaluates to cond. Timing never decides a result: the
 * bound only keeps a broken run from hanging. */
#define WAIT_TSC_CYCLES (1ull << 33)
#define WAIT_UNTIL(cond)                                                \
    ({                                                                  \
        uint64_t __t0 = wait_tsc();                                     \
        for (long __i = 0; !(cond) && __i < 500000000L &&               \
             wait_tsc() - __t0 < WAIT_TSC_CYCLES; __i++) {              \
            asm volatile("pause" ::: "memory");                         \
        }                                                               \
        (bool)(cond);                                                   \
    })

static inline uint64_t wait_tsc(void)
{
    uint32_t lo, hi;

    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return lo | (uint64_t)hi << 32;
}

/* "x86_64" or "i386": the flavour this kernel was built for. */
#ifdef __x86_64__
#define GUEST_ARCH "x86_64"
#else
#define GUEST_ARCH "i386"
#endif

/*
 * Extra emulator arguments this test needs (for example "-smp 4"); the
 * runner reads them from the kernel's .guest_args section. Use once per
 * test, at file scope.
 */
#define GUEST_ARGS(str)                                                 \
    asm(".pushsection .guest_args, \"\", @progbits\n\t"                 \
        ".asciz \"" str " \"\n\t.popsection")

/* string.c */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/* printf.c: COM1 at 0x3f8, serialised by a spinlock between CPUs. */
void serial_init(void);
void putchar(int c);
void puts(const char *s);
int printf(const char *fmt, ...) __printf(1, 2);
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* report.c */
void report(bool pass, const char *fmt, ...) __printf(2, 3);
void report_skip(const char *fmt, ...) __printf(1, 2);
/* PASS if pass; else, if known (the result matches a known deviation of
 * a reference emulator, described by why), SKIP "<msg>: <why>" so the
 * reference run stays clean and the difference stays visible; else FAIL. */
void report_known(bool pass, bool known, const char *why,
                  const char *fmt, ...) __printf(4, 5);
void report_info(const char *fmt, ...) __printf(1, 2);
/* Prefixes every following report line with "prefix: " (NULL clears). */
void report_prefix(const char *prefix);
/* An unexpected event (interrupt, exception) counts as one failure. */
void report_unexpected(const char *fmt, ...) __printf(1, 2);
/* Prints "SUMMARY: N tests, M unexpected failures, K skipped" and exits
 * with code 0 (all passed or skipped) or 1 (some failed). */
int report_summary(void) __noreturn;
/* Writes code to isa-debug-exit (0xf4): the emulator exits with status
 * (code << 1) | 1. Halts forever if the device is missing. */
void exit(int code) __noreturn;
/* Reports "FAIL: <msg>" and ends the run at once. */
void abort_test(const char *fmt, ...) __printf(1, 2) __noreturn;

#define assert(cond)                                                    \
    do {                                                                \
        if (!(cond)) {                                                  \
            abort_test("assertion '%s' failed at %s:%d", #cond,         \
                       __FILE__, __LINE__);                             \
        }                                                               \
    } while (0)

/* setup.c: multiboot information and the page allocator. */
extern u32 mb_magic, mb_info;
/* Bytes of RAM above 1 MiB from multiboot's mem_upper (0 if absent). */
u64 mb_mem_upper(void);
/* The kernel command line (-append; after the loader's kernel path). */
const char *mb_cmdline(void);
/* True if the command line has word as a whole space-separated word. */
bool cmdline_has(const char *word);
/* The runner appends "host=kvm-pvm" under KVM on a PVM host (a software
 * KVM without VMX/SVM), whose interrupt and exception emulation has known
 * gaps; tests name those gaps instead of failing on them. */
bool host_is_pvm(void);
/* A zeroed 4 KiB page from the RAM after the kernel; aborts when none left. */
void *alloc_page(void);

/* The test's entry point; the library calls report_summary() if it
 * returns. */
int main(void);

#endif
