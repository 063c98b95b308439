/*
 * pc-testdev (-device pc-testdev): a 32-bit scratch register at ports
 * 0xe0-0xe3 (any width and alignment) and again byte-wise at 0xe8-0xeb,
 * a page-flush port at 0xe4, ISA IRQ line controls at 0x2000 + n (write
 * the level), and 64 KiB of MMIO scratch memory at 0xff000000.
 */
#ifndef GUEST_TESTDEV_H
#define GUEST_TESTDEV_H

#include "processor.h"

#define TESTDEV_PORT        0xe0
#define TESTDEV_FLUSH_PORT  0xe4
#define TESTDEV_BYTE_PORT   0xe8
#define TESTDEV_IRQ_PORT    0x2000
#define TESTDEV_MMIO        0xff000000UL
#define TESTDEV_MMIO_SIZE   0x10000

static inline void testdev_set_irq(unsigned line, bool level)
{
    outb(TESTDEV_IRQ_PORT + line, level);
}

/* True if the scratch register holds what was written to it. */
static inline bool testdev_present(void)
{
    outl(TESTDEV_PORT, 0x5a5aa5a5);
    return inl(TESTDEV_PORT) == 0x5a5aa5a5;
}

#endif
