/*
 * printf to COM1 (16550 at 0x3f8, 115200 8N1). Conversions: %d %i %u %x
 * %X %o %c %s %p %%, length l and ll, flags '-' '0', a field width.
 */
#include "guest.h"
#include "processor.h"
#include "smp.h"

#define COM1 0x3f8

static struct spinlock print_lock;

/* Interrupts stay off while the lock is held, so a handler that prints
 * cannot deadlock against the code it interrupted. */
static ulong lock_out(void)
{
    ulong flags = read_flags();

    cli();
    spin_lock(&print_lock);
    return flags;
}

static void unlock_out(ulong flags)
{
    spin_unlock(&print_lock);
    if (flags & X86_EFLAGS_IF) {
        sti();
    }
}

void serial_init(void)
{
    outb(COM1 + 1, 0x00);       /* no interrupts */
    outb(COM1 + 3, 0x80);       /* DLAB */
    outb(COM1 + 0, 0x01);       /* divisor 1: 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);       /* 8N1 */
    outb(COM1 + 2, 0x07);       /* FIFO on, cleared */
    outb(COM1 + 4, 0x03);       /* DTR, RTS */
}

static void serial_out(char c)
{
    for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++) {
        pause();
    }
    outb(COM1, c);
}

struct out {
    char *buf;
    size_t size;
    size_t len;
};

static void emit(struct out *o, char c)
{
    if (o->buf) {
        if (o->len + 1 < o->size) {
            o->buf[o->len] = c;
        }
    } else {
        serial_out(c);
    }
    o->len++;
}

static void emit_num(struct out *o, u64 v, unsigned base, bool neg,
                     bool upper, int width, bool zero, bool left)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, len;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    len = n + neg;
    if (neg && zero) {
        emit(o, '-');
    }
    while (!left && len < width) {
        emit(o, zero ? '0' : ' ');
        width--;
    }
    if (neg && !zero) {
        emit(o, '-');
    }
    while (n) {
        emit(o, tmp[--n]);
    }
    while (left && len < width) {
        emit(o, ' ');
        width--;
    }
}

static void format(struct out *o, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        bool zero = false, left = false, upper = false;
        int width = 0, lng = 0;
        unsigned base = 10;
        u64 v;

        if (*fmt != '%') {
            emit(o, *fmt);
            continue;
        }
        fmt++;
        for (;; fmt++) {
            if (*fmt == '0') {
                zero = true;
            } else if (*fmt == '-') {
                left = true;
            } else {
                break;
            }
        }
        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (*fmt++ - '0');
        }
        while (*fmt == 'l') {
            lng++;
            fmt++;
        }
        if (*fmt == 'z') {
            lng = sizeof(size_t) == 8 ? 2 : 0;
            fmt++;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t s = lng >= 2 ? va_arg(ap, long long)
                      : lng ? va_arg(ap, long) : va_arg(ap, int);
            emit_num(o, s < 0 ? -(u64)s : (u64)s, 10, s < 0, false, width,
                     zero, left);
            continue;
        }
        case 'X':
            upper = true;
            /* fall through */
        case 'x':
            base = 16;
            break;
        case 'o':
            base = 8;
            break;
        case 'u':
            break;
        case 'p':
            emit(o, '0');
            emit(o, 'x');
            emit_num(o, (ulong)va_arg(ap, void *), 16, false, false, width,
                     zero, left);
            continue;
        case 'c':
            emit(o, (char)va_arg(ap, int));
            continue;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len;

            if (!s) {
                s = "(null)";
            }
            len = strlen(s);
            while (!left && len < width--) {
                emit(o, ' ');
            }
            while (*s) {
                emit(o, *s++);
            }
            while (left && len < width--) {
                emit(o, ' ');
            }
            continue;
        }
        case '%':
            emit(o, '%');
            continue;
        case 0:
            return;
        default:
            emit(o, '%');
            emit(o, *fmt);
            continue;
        }
        v = lng >= 2 ? va_arg(ap, unsigned long long)
          : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
        emit_num(o, v, base, false, upper, width, zero, left);
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };

    format(&o, fmt, ap);
    if (size) {
        buf[o.len < size ? o.len : size - 1] = 0;
    }
    return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char *fmt, va_list ap)
{
    struct out o = { NULL, 0, 0 };

    ulong flags = lock_out();

    format(&o, fmt, ap);
    unlock_out(flags);
    return o.len;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

void putchar(int c)
{
    ulong flags = lock_out();

    serial_out(c);
    unlock_out(flags);
}

void puts(const char *s)
{
    ulong flags = lock_out();

    while (*s) {
        serial_out(*s++);
    }
    unlock_out(flags);
}
