/* The few C library string functions the kit and the compiler need. */
#include "guest.h"

void *memset(void *s, int c, size_t n)
{
    u8 *p = s;

    while (n--) {
        *p++ = c;
    }
    return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    u8 *d = dst;
    const u8 *s = src;

    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    u8 *d = dst;
    const u8 *s = src;

    if (d <= s || d >= s + n) {
        return memcpy(dst, src, n);
    }
    while (n--) {
        d[n] = s[n];
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const u8 *x = a, *y = b;

    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) {
            return x[i] - y[i];
        }
    }
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while (s[n]) {
        n++;
    }
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b || !*a) {
            return (u8)*a - (u8)*b;
        }
    }
    return 0;
}

#ifndef __x86_64__
/*
 * 64-bit division for the i386 flavour (there is no 32-bit libgcc to
 * link): binary long division.
 */
u64 __udivmoddi4(u64 n, u64 d, u64 *rem);

u64 __udivmoddi4(u64 n, u64 d, u64 *rem)
{
    u64 q = 0, r = 0;

    if (d == 0) {
        asm volatile("ud2");
    }
    for (int i = 63; i >= 0; i--) {
        r = r << 1 | ((n >> i) & 1);
        if (r >= d) {
            r -= d;
            q |= 1ull << i;
        }
    }
    if (rem) {
        *rem = r;
    }
    return q;
}

u64 __udivdi3(u64 n, u64 d);
u64 __umoddi3(u64 n, u64 d);
int64_t __divdi3(int64_t n, int64_t d);
int64_t __moddi3(int64_t n, int64_t d);

u64 __udivdi3(u64 n, u64 d)
{
    return __udivmoddi4(n, d, NULL);
}

u64 __umoddi3(u64 n, u64 d)
{
    u64 r;

    __udivmoddi4(n, d, &r);
    return r;
}

int64_t __divdi3(int64_t n, int64_t d)
{
    bool neg = (n < 0) != (d < 0);
    u64 q = __udivmoddi4(n < 0 ? -(u64)n : (u64)n,
                         d < 0 ? -(u64)d : (u64)d, NULL);

    return neg ? -(int64_t)q : (int64_t)q;
}

int64_t __moddi3(int64_t n, int64_t d)
{
    u64 r;

    __udivmoddi4(n < 0 ? -(u64)n : (u64)n, d < 0 ? -(u64)d : (u64)d, &r);
    return n < 0 ? -(int64_t)r : (int64_t)r;
}
#endif
