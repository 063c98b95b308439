/*
 * 16550A UART register core (National Semiconductor PC16550D datasheet):
 * receive and transmit FIFOs with trigger levels, the four interrupt
 * sources with IIR priorities, the divisor latch, modem control/status
 * with internal loopback, break and the RX FIFO character timeout.
 *
 * Transmission is not paced at the baud rate: a byte leaves the transmit
 * shift register as soon as the backend takes it, which guests cannot tell
 * from a fast line. Only the character timeout uses the programmed rate.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/char/serial.h"
#include "hw/irq.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"

/* Register offsets. */
#define UART_RBR 0      /* read, DLAB=0 */
#define UART_THR 0      /* write, DLAB=0 */
#define UART_DLL 0      /* DLAB=1 */
#define UART_IER 1      /* DLAB=0 */
#define UART_DLM 1      /* DLAB=1 */
#define UART_IIR 2      /* read */
#define UART_FCR 2      /* write */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7

#define UART_IER_RDI    0x01    /* received data available */
#define UART_IER_THRI   0x02    /* transmitter holding register empty */
#define UART_IER_RLSI   0x04    /* receiver line status */
#define UART_IER_MSI    0x08    /* modem status */

#define UART_IIR_NO_INT 0x01
#define UART_IIR_ID     0x0e
#define UART_IIR_MSI    0x00
#define UART_IIR_THRI   0x02
#define UART_IIR_RDI    0x04
#define UART_IIR_RLSI   0x06
#define UART_IIR_CTI    0x0c    /* character timeout */
#define UART_IIR_FE     0xc0    /* FIFOs enabled */

#define UART_FCR_FE     0x01
#define UART_FCR_RFR    0x02    /* clear receive FIFO */
#define UART_FCR_XFR    0x04    /* clear transmit FIFO */
#define UART_FCR_DMS    0x08
#define UART_FCR_ITL    0xc0    /* receive trigger level */

#define UART_LCR_WLS    0x03
#define UART_LCR_STB    0x04
#define UART_LCR_PEN    0x08
#define UART_LCR_SBC    0x40    /* set break */
#define UART_LCR_DLAB   0x80

#define UART_MCR_DTR    0x01
#define UART_MCR_RTS    0x02
#define UART_MCR_OUT1   0x04
#define UART_MCR_OUT2   0x08
#define UART_MCR_LOOP   0x10

#define UART_LSR_DR     0x01
#define UART_LSR_OE     0x02
#define UART_LSR_PE     0x04
#define UART_LSR_FE     0x08
#define UART_LSR_BI     0x10
#define UART_LSR_THRE   0x20
#define UART_LSR_TEMT   0x40
#define UART_LSR_FIFOE  0x80    /* error somewhere in the RX FIFO */
#define UART_LSR_INT_ANY (UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | UART_LSR_BI)

#define UART_MSR_DCTS   0x01
#define UART_MSR_DDSR   0x02
#define UART_MSR_TERI   0x04
#define UART_MSR_DDCD   0x08
#define UART_MSR_CTS    0x10
#define UART_MSR_DSR    0x20
#define UART_MSR_RI     0x40
#define UART_MSR_DCD    0x80
#define UART_MSR_DELTAS 0x0f

/* With no real modem behind the chardev the lines look like a connected
 * null-modem cable: carrier, data set ready and clear to send. */
#define UART_MSR_DEFAULT (UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS)

#define TX_RETRY_NS     (1 * SCALE_MS)

static void fifo_reset(SerialFIFO *f)
{
    f->head = 0;
    f->count = 0;
}

static bool fifo_push(SerialFIFO *f, uint8_t c, uint8_t flags)
{
    unsigned tail;

    if (f->count >= UART_FIFO_LENGTH) {
        return false;
    }
    tail = (f->head + f->count) % UART_FIFO_LENGTH;
    f->data[tail] = c;
    f->flags[tail] = flags;
    f->count++;
    return true;
}

static uint8_t fifo_pop(SerialFIFO *f, uint8_t *flags)
{
    uint8_t c;

    if (f->count == 0) {
        *flags = 0;
        return 0;
    }
    c = f->data[f->head];
    *flags = f->flags[f->head];
    f->head = (f->head + 1) % UART_FIFO_LENGTH;
    f->count--;
    return c;
}

static bool fifo_has_errors(const SerialFIFO *f)
{
    for (unsigned i = 0; i < f->count; i++) {
        if (f->flags[(f->head + i) % UART_FIFO_LENGTH]) {
            return true;
        }
    }
    return false;
}

static bool fifo_enabled(SerialState *s)
{
    return s->fcr & UART_FCR_FE;
}

static bool loopback(SerialState *s)
{
    return s->mcr & UART_MCR_LOOP;
}

static void serial_update_irq(SerialState *s)
{
    uint8_t id = UART_IIR_NO_INT;
    bool rx_ready;

    if (fifo_enabled(s)) {
        rx_ready = s->recv_fifo.count >= s->recv_trigger;
    } else {
        rx_ready = s->lsr & UART_LSR_DR;
    }

    /* Priority order from the datasheet's IIR table. */
    if ((s->ier & UART_IER_RLSI) && (s->lsr & UART_LSR_INT_ANY)) {
        id = UART_IIR_RLSI;
    } else if ((s->ier & UART_IER_RDI) && rx_ready) {
        id = UART_IIR_RDI;
    } else if ((s->ier & UART_IER_RDI) && s->timeout_ipending) {
        id = UART_IIR_CTI;
    } else if ((s->ier & UART_IER_THRI) && s->thr_ipending) {
        id = UART_IIR_THRI;
    } else if ((s->ier & UART_IER_MSI) && (s->msr & UART_MSR_DELTAS)) {
        id = UART_IIR_MSI;
    }
    s->iir = id;
    qemu_set_irq(s->irq, id != UART_IIR_NO_INT);
}

/* Time one frame takes on the wire: start + data + parity + stop bits. */
static void serial_update_parameters(SerialState *s)
{
    unsigned data_bits = 5 + (s->lcr & UART_LCR_WLS);
    unsigned frame_bits = 1 + data_bits + !!(s->lcr & UART_LCR_PEN);
    uint64_t baud;

    frame_bits += (s->lcr & UART_LCR_STB) ? 2 : 1;
    /* Divisor 0 is undefined on the chip; treat it as the fastest rate
     * rather than dividing by zero. */
    baud = s->baudbase / (s->divider ? s->divider : 1);
    if (baud == 0) {
        baud = 1;
    }
    s->char_transmit_time = (NANOSECONDS_PER_SECOND / baud) * frame_bits;
}

static void serial_rearm_timeout(SerialState *s)
{
    if (fifo_enabled(s) && s->recv_fifo.count > 0) {
        timer_mod(s->fifo_timeout_timer,
                  qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                  4 * s->char_transmit_time);
    } else {
        timer_del(s->fifo_timeout_timer);
    }
}

static void fifo_timeout_cb(void *opaque)
{
    SerialState *s = opaque;

    if (fifo_enabled(s) && s->recv_fifo.count > 0) {
        s->timeout_ipending = true;
        serial_update_irq(s);
    }
}

/* A character (or a break, flags = BI) arrives at the receiver. */
static void serial_receive_byte(SerialState *s, uint8_t c, uint8_t flags)
{
    if (fifo_enabled(s)) {
        if (!fifo_push(&s->recv_fifo, c, flags)) {
            /* The FIFO keeps its contents; the new character is lost. */
            s->lsr |= UART_LSR_OE;
        } else if (flags) {
            s->lsr |= flags | UART_LSR_FIFOE;
        }
        s->timeout_ipending = false;
        serial_rearm_timeout(s);
    } else {
        if (s->lsr & UART_LSR_DR) {
            s->lsr |= UART_LSR_OE;
        }
        s->rbr = c;
        s->lsr |= flags;
    }
    s->lsr |= UART_LSR_DR;
    serial_update_irq(s);
}

static void serial_set_msr_lines(SerialState *s, uint8_t lines)
{
    uint8_t old = s->msr;
    uint8_t changed = (old ^ lines) & 0xf0;

    s->msr = (old & UART_MSR_DELTAS) | lines;
    if (changed & UART_MSR_CTS) {
        s->msr |= UART_MSR_DCTS;
    }
    if (changed & UART_MSR_DSR) {
        s->msr |= UART_MSR_DDSR;
    }
    if (changed & UART_MSR_DCD) {
        s->msr |= UART_MSR_DDCD;
    }
    /* Trailing edge of ring indicator only. */
    if ((old & UART_MSR_RI) && !(lines & UART_MSR_RI)) {
        s->msr |= UART_MSR_TERI;
    }
}

/* In loopback the modem outputs feed the modem inputs internally. */
static void serial_update_msr(SerialState *s)
{
    uint8_t lines;

    if (loopback(s)) {
        lines = 0;
        if (s->mcr & UART_MCR_RTS) {
            lines |= UART_MSR_CTS;
        }
        if (s->mcr & UART_MCR_DTR) {
            lines |= UART_MSR_DSR;
        }
        if (s->mcr & UART_MCR_OUT1) {
            lines |= UART_MSR_RI;
        }
        if (s->mcr & UART_MCR_OUT2) {
            lines |= UART_MSR_DCD;
        }
    } else {
        lines = UART_MSR_DEFAULT;
    }
    serial_set_msr_lines(s, lines);
}

/*
 * Moves bytes from THR/FIFO through the shift register to the backend (or
 * to the receiver in loopback) until the backend stops taking them.
 */
static void serial_xmit(SerialState *s)
{
    for (;;) {
        if (!s->tsr_busy) {
            if (fifo_enabled(s)) {
                uint8_t flags;

                if (s->xmit_fifo.count == 0) {
                    break;
                }
                s->tsr = fifo_pop(&s->xmit_fifo, &flags);
                if (s->xmit_fifo.count == 0) {
                    s->lsr |= UART_LSR_THRE;
                    s->thr_ipending = true;
                }
            } else {
                if (s->lsr & UART_LSR_THRE) {
                    break;
                }
                s->tsr = s->thr;
                s->lsr |= UART_LSR_THRE;
                s->thr_ipending = true;
            }
            s->tsr_busy = true;
            s->tsr_retry = 0;
        }

        if (loopback(s)) {
            serial_receive_byte(s, s->tsr, 0);
        } else if (qemu_chr_fe_backend_connected(&s->chr)) {
            int ret = qemu_chr_fe_write(&s->chr, &s->tsr, 1);

            if (ret != 1) {
                if (ret < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                    /* Backend gone: the byte falls off the line. */
                    s->tsr_busy = false;
                    continue;
                }
                /* Busy backend: try again later rather than block. */
                s->tsr_retry++;
                timer_mod(s->tx_timer,
                          qemu_clock_get_ns(QEMU_CLOCK_REALTIME) +
                          TX_RETRY_NS);
                serial_update_irq(s);
                return;
            }
        }
        s->tsr_busy = false;
    }
    s->lsr |= UART_LSR_TEMT;
    serial_update_irq(s);
}

static void tx_timer_cb(void *opaque)
{
    serial_xmit(opaque);
}

static void serial_write_thr(SerialState *s, uint8_t val)
{
    if (fifo_enabled(s)) {
        if (!fifo_push(&s->xmit_fifo, val, 0)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "serial: write to full transmit FIFO dropped\n");
        }
    } else {
        if (!(s->lsr & UART_LSR_THRE)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "serial: THR overwritten before it was sent\n");
        }
        s->thr = val;
    }
    s->thr_ipending = false;
    s->lsr &= ~(UART_LSR_THRE | UART_LSR_TEMT);
    if (!timer_pending(s->tx_timer)) {
        serial_xmit(s);
    } else {
        serial_update_irq(s);
    }
}

static void serial_write_fcr(SerialState *s, uint8_t val)
{
    uint8_t old = s->fcr;

    /* FCR bits other than FIFO enable only latch while it is set. */
    if (!(val & UART_FCR_FE)) {
        s->fcr = 0;
    } else {
        s->fcr = val & (UART_FCR_FE | UART_FCR_DMS | UART_FCR_ITL);
    }
    if ((old ^ s->fcr) & UART_FCR_FE) {
        /* Switching FIFO mode on or off empties both FIFOs. */
        val |= UART_FCR_RFR | UART_FCR_XFR;
        if (!(s->fcr & UART_FCR_FE)) {
            s->lsr &= ~UART_LSR_DR;
        }
    }
    if (val & UART_FCR_RFR) {
        fifo_reset(&s->recv_fifo);
        s->timeout_ipending = false;
        timer_del(s->fifo_timeout_timer);
        if (fifo_enabled(s) || (old & UART_FCR_FE)) {
            s->lsr &= ~(UART_LSR_DR | UART_LSR_FIFOE);
        }
        qemu_chr_fe_accept_input(&s->chr);
    }
    if (val & UART_FCR_XFR) {
        fifo_reset(&s->xmit_fifo);
        if (!(s->lsr & UART_LSR_THRE)) {
            s->lsr |= UART_LSR_THRE;
            s->thr_ipending = true;
        }
        if (!s->tsr_busy) {
            s->lsr |= UART_LSR_TEMT;
        }
    }
    switch (s->fcr & UART_FCR_ITL) {
    case 0x00:
        s->recv_trigger = 1;
        break;
    case 0x40:
        s->recv_trigger = 4;
        break;
    case 0x80:
        s->recv_trigger = 8;
        break;
    default:
        s->recv_trigger = 14;
        break;
    }
    serial_update_irq(s);
}

void serial_ioport_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    SerialState *s = opaque;
    uint8_t v = val;

    switch (addr & 7) {
    case UART_THR:
        if (s->lcr & UART_LCR_DLAB) {
            s->divider = (s->divider & 0xff00) | v;
            serial_update_parameters(s);
        } else {
            serial_write_thr(s, v);
        }
        break;
    case UART_IER:
        if (s->lcr & UART_LCR_DLAB) {
            s->divider = (s->divider & 0x00ff) | (v << 8);
            serial_update_parameters(s);
        } else {
            uint8_t changed = (s->ier ^ v) & 0x0f;

            s->ier = v & 0x0f;
            /* Enabling ETBEI while THR is empty interrupts at once. */
            if ((changed & UART_IER_THRI) && (s->ier & UART_IER_THRI) &&
                (s->lsr & UART_LSR_THRE)) {
                s->thr_ipending = true;
            }
            serial_update_irq(s);
        }
        break;
    case UART_FCR:
        serial_write_fcr(s, v);
        break;
    case UART_LCR: {
        uint8_t old = s->lcr;

        s->lcr = v;
        serial_update_parameters(s);
        /* In loopback the receiver sees the break we send. */
        if ((v & UART_LCR_SBC) && !(old & UART_LCR_SBC) && loopback(s)) {
            serial_receive_byte(s, 0, UART_LSR_BI);
        }
        break;
    }
    case UART_MCR: {
        uint8_t old = s->mcr;

        s->mcr = v & 0x1f;
        if ((old ^ s->mcr) & UART_MCR_LOOP) {
            qemu_chr_fe_accept_input(&s->chr);
        }
        serial_update_msr(s);
        serial_update_irq(s);
        if (!loopback(s) && !(s->lsr & UART_LSR_TEMT) &&
            !timer_pending(s->tx_timer)) {
            serial_xmit(s);
        }
        break;
    }
    case UART_LSR:
    case UART_MSR:
        /* Read-only (factory test writes on the real part). */
        qemu_log_mask(LOG_GUEST_ERROR,
                      "serial: write 0x%02x to read-only register %d\n",
                      v, (int)(addr & 7));
        break;
    case UART_SCR:
        s->scr = v;
        break;
    }
}

static uint8_t serial_read_rbr(SerialState *s)
{
    uint8_t ret, flags;

    if (fifo_enabled(s)) {
        ret = fifo_pop(&s->recv_fifo, &flags);
        if (s->recv_fifo.count == 0) {
            s->lsr &= ~UART_LSR_DR;
        }
        s->timeout_ipending = false;
        serial_rearm_timeout(s);
    } else {
        ret = s->rbr;
        s->lsr &= ~UART_LSR_DR;
    }
    serial_update_irq(s);
    qemu_chr_fe_accept_input(&s->chr);
    return ret;
}

uint64_t serial_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    SerialState *s = opaque;
    uint8_t ret = 0xff;

    switch (addr & 7) {
    case UART_RBR:
        if (s->lcr & UART_LCR_DLAB) {
            ret = s->divider & 0xff;
        } else {
            ret = serial_read_rbr(s);
        }
        break;
    case UART_IER:
        ret = (s->lcr & UART_LCR_DLAB) ? s->divider >> 8 : s->ier;
        break;
    case UART_IIR:
        ret = s->iir | (fifo_enabled(s) ? UART_IIR_FE : 0);
        /* Reading IIR acknowledges a THRE interrupt it reports. */
        if ((s->iir & (UART_IIR_ID | UART_IIR_NO_INT)) == UART_IIR_THRI) {
            s->thr_ipending = false;
            serial_update_irq(s);
        }
        break;
    case UART_LCR:
        ret = s->lcr;
        break;
    case UART_MCR:
        ret = s->mcr;
        break;
    case UART_LSR:
        ret = s->lsr;
        s->lsr &= ~(UART_LSR_INT_ANY | UART_LSR_FIFOE);
        /* Errors of characters still queued keep bit 7 set. */
        if (fifo_enabled(s) && fifo_has_errors(&s->recv_fifo)) {
            s->lsr |= UART_LSR_FIFOE;
        }
        serial_update_irq(s);
        break;
    case UART_MSR:
        ret = s->msr;
        s->msr &= ~UART_MSR_DELTAS;
        serial_update_irq(s);
        break;
    case UART_SCR:
        ret = s->scr;
        break;
    }
    return ret;
}

const MemoryRegionOps serial_io_ops = {
    .read = serial_ioport_read,
    .write = serial_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

/* Backend side. */

static int serial_can_receive(void *opaque)
{
    SerialState *s = opaque;

    if (loopback(s)) {
        /* The receiver input is disconnected; take and drop the data. */
        return 1;
    }
    if (fifo_enabled(s)) {
        return UART_FIFO_LENGTH - s->recv_fifo.count;
    }
    return (s->lsr & UART_LSR_DR) ? 0 : 1;
}

static void serial_receive(void *opaque, const uint8_t *buf, int size)
{
    SerialState *s = opaque;

    if (loopback(s)) {
        return;
    }
    for (int i = 0; i < size; i++) {
        serial_receive_byte(s, buf[i], 0);
    }
}

static void serial_event(void *opaque, QEMUChrEvent event)
{
    SerialState *s = opaque;

    if (event == CHR_EVENT_BREAK && !loopback(s)) {
        serial_receive_byte(s, 0, UART_LSR_BI);
    }
}

void serial_reset(SerialState *s)
{
    s->rbr = 0;
    s->thr = 0;
    s->tsr = 0;
    s->ier = 0;
    s->iir = UART_IIR_NO_INT;
    s->lcr = 0;
    s->mcr = 0;
    s->lsr = UART_LSR_TEMT | UART_LSR_THRE;
    s->msr = UART_MSR_DEFAULT;
    s->scr = 0;
    s->fcr = 0;
    s->divider = 12;            /* 9600 baud, what PC firmware expects */
    s->thr_ipending = false;
    s->timeout_ipending = false;
    s->tsr_busy = false;
    s->tsr_retry = 0;
    s->recv_trigger = 1;
    fifo_reset(&s->recv_fifo);
    fifo_reset(&s->xmit_fifo);
    serial_update_parameters(s);
    if (s->fifo_timeout_timer) {
        timer_del(s->fifo_timeout_timer);
    }
    if (s->tx_timer) {
        timer_del(s->tx_timer);
    }
    qemu_set_irq(s->irq, 0);
}

void serial_realize_core(SerialState *s, Error **errp)
{
    if (s->baudbase == 0) {
        s->baudbase = 115200;   /* 1.8432 MHz / 16 */
    }
    s->fifo_timeout_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL,
                                         fifo_timeout_cb, s);
    s->tx_timer = timer_new_ns(QEMU_CLOCK_REALTIME, tx_timer_cb, s);
    if (qemu_chr_fe_backend_connected(&s->chr)) {
        qemu_chr_fe_set_handlers(&s->chr, serial_can_receive, serial_receive,
                                 serial_event, s, NULL, true);
    }
    serial_reset(s);
}

void serial_exit_core(SerialState *s)
{
    qemu_chr_fe_deinit(&s->chr, false);
    timer_free(s->fifo_timeout_timer);
    s->fifo_timeout_timer = NULL;
    timer_free(s->tx_timer);
    s->tx_timer = NULL;
}
