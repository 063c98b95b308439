/*
 * -d / -D logging. qemu_log_mask(LOG_GUEST_ERROR, ...) for guest misuse,
 * LOG_UNIMP for unimplemented device features.
 */
#ifndef QEMU_LOG_H
#define QEMU_LOG_H

#include "qemu/osdep.h"

#define CPU_LOG_TB_OUT_ASM  (1 << 0)
#define CPU_LOG_TB_IN_ASM   (1 << 1)
#define CPU_LOG_TB_OP       (1 << 2)
#define CPU_LOG_TB_OP_OPT   (1 << 3)
#define CPU_LOG_INT         (1 << 4)
#define CPU_LOG_EXEC        (1 << 5)
#define CPU_LOG_PCALL       (1 << 6)
#define CPU_LOG_TB_CPU      (1 << 8)
#define CPU_LOG_RESET       (1 << 9)
#define LOG_UNIMP           (1 << 10)
#define LOG_GUEST_ERROR     (1 << 11)
#define CPU_LOG_MMU         (1 << 12)
#define CPU_LOG_TB_NOCHAIN  (1 << 13)
#define CPU_LOG_PAGE        (1 << 14)
#define LOG_TRACE           (1 << 15)
#define CPU_LOG_TB_OP_IND   (1 << 16)
#define CPU_LOG_TB_FPU      (1 << 17)
#define CPU_LOG_PLUGIN      (1 << 18)
#define LOG_STRACE          (1 << 19)

extern int qemu_loglevel;

static inline bool qemu_loglevel_mask(int mask)
{
    return (qemu_loglevel & mask) != 0;
}

void qemu_log(const char *fmt, ...) QEMU_PRINTF(1, 2);

#define qemu_log_mask(MASK, FMT, ...)               \
    do {                                            \
        if (unlikely(qemu_loglevel_mask(MASK))) {   \
            qemu_log(FMT, ##__VA_ARGS__);           \
        }                                           \
    } while (0)

/* Parses "guest_errors,unimp,int" ("all", "trace:PATTERN" too); returns 0
 * on a bad item and sets errp naming it ("Invalid log item 'x'"). For
 * "help" (check is_help_option() first to exit afterwards) it prints the
 * list to stdout and returns 0 without an error. */
int qemu_str_to_log_mask(const char *str, Error **errp);
void qemu_print_log_usage(FILE *f);
void qemu_set_log(int mask);
/* -D FILE; NULL means stderr. Returns false with errp set on open failure. */
bool qemu_set_log_filename(const char *filename, Error **errp);
FILE *qemu_log_trylock(void);
void qemu_log_unlock(FILE *f);

#endif
