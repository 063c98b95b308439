/*
 * 16550A UART. SerialState is the register core shared by the bus
 * front ends (isa-serial); it has an 8-byte I/O region, one IRQ line and
 * a chardev backend.
 */
#ifndef HW_CHAR_SERIAL_H
#define HW_CHAR_SERIAL_H

#include "hw/qdev-core.h"
#include "exec/memory.h"
#include "chardev/char.h"
#include "qemu/timer.h"

#define UART_FIFO_LENGTH    16

typedef struct SerialFIFO {
    uint8_t data[UART_FIFO_LENGTH];
    uint8_t flags[UART_FIFO_LENGTH];  /* per byte LSR error bits (BI) */
    unsigned head;
    unsigned count;
} SerialFIFO;

typedef struct SerialState {
    DeviceState *owner;
    MemoryRegion io;
    qemu_irq irq;
    CharBackend chr;

    uint16_t divider;
    uint8_t rbr;            /* non-FIFO receive buffer */
    uint8_t thr;            /* non-FIFO transmit holding */
    uint8_t tsr;            /* transmit shift register */
    uint8_t ier;
    uint8_t iir;
    uint8_t lcr;
    uint8_t mcr;
    uint8_t lsr;
    uint8_t msr;
    uint8_t scr;
    uint8_t fcr;
    bool thr_ipending;      /* THRE interrupt latched until IIR read/THR write */
    bool timeout_ipending;  /* RX FIFO character timeout */
    bool tsr_busy;          /* tsr holds a byte waiting for the backend */
    bool rx_break;          /* a break is waiting to enter the FIFO */
    int tsr_retry;

    SerialFIFO recv_fifo;
    SerialFIFO xmit_fifo;
    unsigned recv_trigger;  /* 1, 4, 8 or 14 */

    uint32_t baudbase;      /* input clock / 16 */
    int64_t char_transmit_time;     /* ns per character at current rate */
    QEMUTimer *fifo_timeout_timer;
    QEMUTimer *modem_status_poll;
    QEMUTimer *tx_timer;    /* paces the transmitter / retries the backend */
} SerialState;

extern const MemoryRegionOps serial_io_ops;

/* Called by the front end's realize / unrealize / reset. */
void serial_realize_core(SerialState *s, Error **errp);
void serial_exit_core(SerialState *s);
void serial_reset(SerialState *s);
/* Register access (offset 0..7), for front ends with their own ops. */
uint64_t serial_ioport_read(void *opaque, hwaddr addr, unsigned size);
void serial_ioport_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size);

/* ISA front end. */
#define TYPE_ISA_SERIAL "isa-serial"
#define MAX_ISA_SERIAL_PORTS 4

/* The -serial backends, filled by system/ (NULL: none). */
extern Chardev *serial_hds[MAX_ISA_SERIAL_PORTS];

/* Creates isa-serial index=i for each serial_hds[i] (from <= i < to) that
 * is set, on bus. */
void serial_hds_isa_init(ISABus *bus, int from, int to);

#endif
