/*
 * "i8042": the AT keyboard controller (Intel 8042 / 8742 firmware
 * behaviour as documented for the IBM PC/AT and PS/2) with a PS/2
 * keyboard on its first port and a PS/2 mouse on its auxiliary port.
 *
 * The controller holds one output byte (port 0x60); the keyboard and the
 * mouse queue bytes until it is free. Bytes from the keyboard are
 * translated from scan code set 2 to set 1 when command byte bit 6 asks.
 * IRQ 1 / IRQ 12 are high while a keyboard / mouse byte waits in the
 * output buffer and the command byte enables that interrupt.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/input/i8042.h"
#include "hw/irq.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "system/runstate.h"

/* Status register (read 0x64). */
#define STAT_OBF        0x01    /* output buffer full */
#define STAT_IBF        0x02    /* input buffer full (we never are) */
#define STAT_SYS        0x04    /* system flag */
#define STAT_CMD        0x08    /* last write was to 0x64 */
#define STAT_UNLOCKED   0x10    /* keyboard not inhibited by the lock */
#define STAT_AUX_OBF    0x20    /* output byte is from the mouse */

/* Command byte (controller RAM 0). */
#define MODE_KBD_INT    0x01
#define MODE_AUX_INT    0x02
#define MODE_SYS        0x04
#define MODE_NO_KEYLOCK 0x08
#define MODE_DISABLE_KBD 0x10
#define MODE_DISABLE_AUX 0x20
#define MODE_XLATE      0x40

/* Output port. */
#define OUT_RESET       0x01    /* 0 holds the CPU in reset */
#define OUT_A20         0x02
#define OUT_KBD_OBF     0x10
#define OUT_AUX_OBF     0x20
#define OUT_ONES        0xcc

#define PS2_QUEUE_SIZE  256
#define CTRL_QUEUE_SIZE 16

enum { SRC_KBD, SRC_AUX };

typedef struct PS2Queue {
    uint8_t data[PS2_QUEUE_SIZE];
    unsigned head;
    unsigned count;
} PS2Queue;

typedef struct PS2Kbd {
    PS2Queue q;
    bool scanning;
    uint8_t scancode_set;
    uint8_t leds;
    uint8_t typematic;
    uint8_t pending_cmd;        /* command waiting for its argument */
    uint8_t last_sent;          /* for 0xFE resend */
} PS2Kbd;

typedef struct PS2Mouse {
    PS2Queue q;
    bool reporting;
    bool remote;
    bool wrap;
    bool scaling21;
    uint8_t resolution;
    uint8_t sample_rate;
    uint8_t id;                 /* 0, or 3 for the IntelliMouse wheel */
    uint8_t rate_hist[3];       /* last sample rates, for ID detection */
    uint8_t pending_cmd;
    uint8_t last_sent;
    uint8_t buttons;
    int dx, dy, dz;
} PS2Mouse;

typedef struct I8042State {
    ISADevice parent_obj;
    MemoryRegion io_data;
    MemoryRegion io_cmd;
    qemu_irq irq_kbd;
    qemu_irq irq_aux;
    qemu_irq a20_out;

    uint8_t status;
    uint8_t ram[32];            /* ram[0] is the command byte */
    uint8_t outport;
    uint8_t out_byte;           /* what 0x60 returns */
    uint8_t out_src;            /* SRC_KBD / SRC_AUX of out_byte */
    uint8_t pending_write;      /* controller command awaiting data */
    bool xlate_break;           /* saw set-2 0xF0 while translating */

    /* Replies of the controller itself, ahead of device bytes. */
    uint8_t ctrl_q[CTRL_QUEUE_SIZE];
    uint8_t ctrl_src[CTRL_QUEUE_SIZE];
    unsigned ctrl_head, ctrl_count;

    PS2Kbd kbd;
    PS2Mouse mouse;
} I8042State;

#define I8042(obj) OBJECT_CHECK(I8042State, (obj), TYPE_I8042)

/*
 * Scan code set 2 -> set 1, as the controller translates. Codes not
 * listed (and everything >= 0x80 except 0x83/0x84) pass unchanged.
 */
static const uint8_t xlate_pairs[][2] = {
    {0x76, 0x01}, {0x16, 0x02}, {0x1e, 0x03}, {0x26, 0x04}, {0x25, 0x05},
    {0x2e, 0x06}, {0x36, 0x07}, {0x3d, 0x08}, {0x3e, 0x09}, {0x46, 0x0a},
    {0x45, 0x0b}, {0x4e, 0x0c}, {0x55, 0x0d}, {0x66, 0x0e}, {0x0d, 0x0f},
    {0x15, 0x10}, {0x1d, 0x11}, {0x24, 0x12}, {0x2d, 0x13}, {0x2c, 0x14},
    {0x35, 0x15}, {0x3c, 0x16}, {0x43, 0x17}, {0x44, 0x18}, {0x4d, 0x19},
    {0x54, 0x1a}, {0x5b, 0x1b}, {0x5a, 0x1c}, {0x14, 0x1d}, {0x1c, 0x1e},
    {0x1b, 0x1f}, {0x23, 0x20}, {0x2b, 0x21}, {0x34, 0x22}, {0x33, 0x23},
    {0x3b, 0x24}, {0x42, 0x25}, {0x4b, 0x26}, {0x4c, 0x27}, {0x52, 0x28},
    {0x0e, 0x29}, {0x12, 0x2a}, {0x5d, 0x2b}, {0x1a, 0x2c}, {0x22, 0x2d},
    {0x21, 0x2e}, {0x2a, 0x2f}, {0x32, 0x30}, {0x31, 0x31}, {0x3a, 0x32},
    {0x41, 0x33}, {0x49, 0x34}, {0x4a, 0x35}, {0x59, 0x36}, {0x7c, 0x37},
    {0x11, 0x38}, {0x29, 0x39}, {0x58, 0x3a}, {0x05, 0x3b}, {0x06, 0x3c},
    {0x04, 0x3d}, {0x0c, 0x3e}, {0x03, 0x3f}, {0x0b, 0x40}, {0x83, 0x41},
    {0x02, 0x41}, {0x0a, 0x42}, {0x01, 0x43}, {0x09, 0x44}, {0x77, 0x45},
    {0x7e, 0x46}, {0x6c, 0x47}, {0x75, 0x48}, {0x7d, 0x49}, {0x7b, 0x4a},
    {0x6b, 0x4b}, {0x73, 0x4c}, {0x74, 0x4d}, {0x79, 0x4e}, {0x69, 0x4f},
    {0x72, 0x50}, {0x7a, 0x51}, {0x70, 0x52}, {0x71, 0x53}, {0x84, 0x54},
    {0x61, 0x56}, {0x78, 0x57}, {0x07, 0x58}, {0x13, 0x70}, {0x51, 0x73},
    {0x64, 0x79}, {0x67, 0x7b}, {0x6a, 0x7d}, {0x00, 0xff},
};

static uint8_t xlate_table[256];

static void build_xlate_table(void)
{
    for (int i = 0; i < 256; i++) {
        xlate_table[i] = i;
    }
    for (size_t i = 0; i < ARRAY_SIZE(xlate_pairs); i++) {
        xlate_table[xlate_pairs[i][0]] = xlate_pairs[i][1];
    }
}

static void q_push(PS2Queue *q, uint8_t b)
{
    if (q->count >= PS2_QUEUE_SIZE) {
        return;     /* the device's buffer overflows: byte lost */
    }
    q->data[(q->head + q->count) % PS2_QUEUE_SIZE] = b;
    q->count++;
}

static uint8_t q_pop(PS2Queue *q)
{
    uint8_t b = q->data[q->head];

    q->head = (q->head + 1) % PS2_QUEUE_SIZE;
    q->count--;
    return b;
}

static void q_clear(PS2Queue *q)
{
    q->head = q->count = 0;
}

static void i8042_update_irq(I8042State *s)
{
    bool kbd = false, aux = false;

    if (s->status & STAT_OBF) {
        if (s->out_src == SRC_AUX) {
            aux = s->ram[0] & MODE_AUX_INT;
        } else {
            kbd = s->ram[0] & MODE_KBD_INT;
        }
    }
    qemu_set_irq(s->irq_kbd, kbd);
    qemu_set_irq(s->irq_aux, aux);
}

/* Loads the next byte into an empty output buffer. */
static void i8042_fill_output(I8042State *s)
{
    if (s->status & STAT_OBF) {
        i8042_update_irq(s);
        return;
    }
    if (s->ctrl_count) {
        s->out_byte = s->ctrl_q[s->ctrl_head];
        s->out_src = s->ctrl_src[s->ctrl_head];
        s->ctrl_head = (s->ctrl_head + 1) % CTRL_QUEUE_SIZE;
        s->ctrl_count--;
    } else {
        bool got = false;

        while (!got && s->kbd.q.count && !(s->ram[0] & MODE_DISABLE_KBD)) {
            uint8_t b = q_pop(&s->kbd.q);

            if ((s->ram[0] & MODE_XLATE) && b == 0xf0) {
                s->xlate_break = true;      /* folded into the next code */
                continue;
            }
            if (s->ram[0] & MODE_XLATE) {
                b = xlate_table[b];
                if (s->xlate_break) {
                    b |= 0x80;
                    s->xlate_break = false;
                }
            }
            s->out_byte = b;
            s->out_src = SRC_KBD;
            got = true;
        }
        if (!got && s->mouse.q.count && !(s->ram[0] & MODE_DISABLE_AUX)) {
            s->out_byte = q_pop(&s->mouse.q);
            s->out_src = SRC_AUX;
            got = true;
        }
        if (!got) {
            i8042_update_irq(s);
            return;
        }
    }
    s->status |= STAT_OBF;
    if (s->out_src == SRC_AUX) {
        s->status |= STAT_AUX_OBF;
    } else {
        s->status &= ~STAT_AUX_OBF;
    }
    i8042_update_irq(s);
}

static void ctrl_reply(I8042State *s, uint8_t b, int src)
{
    if (s->ctrl_count >= CTRL_QUEUE_SIZE) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "i8042: controller replies not read, one dropped\n");
        return;
    }
    s->ctrl_q[(s->ctrl_head + s->ctrl_count) % CTRL_QUEUE_SIZE] = b;
    s->ctrl_src[(s->ctrl_head + s->ctrl_count) % CTRL_QUEUE_SIZE] = src;
    s->ctrl_count++;
    i8042_fill_output(s);
}

static void kbd_send(I8042State *s, uint8_t b)
{
    s->kbd.last_sent = b;
    q_push(&s->kbd.q, b);
}

static void mouse_send(I8042State *s, uint8_t b)
{
    s->mouse.last_sent = b;
    q_push(&s->mouse.q, b);
}

static void set_outport(I8042State *s, uint8_t val)
{
    s->outport = val;
    qemu_set_irq(s->a20_out, !!(val & OUT_A20));
    if (!(val & OUT_RESET)) {
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

/* PS/2 keyboard. */

static void kbd_reset_defaults(PS2Kbd *k)
{
    k->scanning = true;
    k->scancode_set = 2;
    k->leds = 0;
    k->typematic = 0x2b;        /* 10.9 cps, 500 ms */
    k->pending_cmd = 0;
}

static void kbd_write(I8042State *s, uint8_t val)
{
    PS2Kbd *k = &s->kbd;

    /* Arguments are below 0xED; a command byte cancels the wait. */
    if (k->pending_cmd && val < 0xed) {
        uint8_t cmd = k->pending_cmd;

        k->pending_cmd = 0;
        switch (cmd) {
        case 0xed:              /* set LEDs */
            k->leds = val & 7;
            kbd_send(s, 0xfa);
            return;
        case 0xf3:              /* typematic rate/delay */
            k->typematic = val & 0x7f;
            kbd_send(s, 0xfa);
            return;
        case 0xf0:              /* scan code set */
            if (val == 0) {
                kbd_send(s, 0xfa);
                kbd_send(s, k->scancode_set);
            } else if (val <= 3) {
                k->scancode_set = val;
                kbd_send(s, 0xfa);
            } else {
                kbd_send(s, 0xfe);
            }
            return;
        }
    }
    k->pending_cmd = 0;

    /* A command makes the keyboard discard what it has not sent. */
    if (val != 0xfe) {
        q_clear(&k->q);
    }
    switch (val) {
    case 0xed:
    case 0xf3:
    case 0xf0:
        k->pending_cmd = val;
        kbd_send(s, 0xfa);
        break;
    case 0xee:                  /* echo */
        kbd_send(s, 0xee);
        break;
    case 0xf2:                  /* identify: MF2 keyboard */
        kbd_send(s, 0xfa);
        kbd_send(s, 0xab);
        kbd_send(s, 0x83);
        break;
    case 0xf4:
        k->scanning = true;
        kbd_send(s, 0xfa);
        break;
    case 0xf5:                  /* defaults, stop scanning */
        kbd_reset_defaults(k);
        k->scanning = false;
        kbd_send(s, 0xfa);
        break;
    case 0xf6:
        kbd_reset_defaults(k);
        kbd_send(s, 0xfa);
        break;
    case 0xf7: case 0xf8: case 0xf9: case 0xfa:
    case 0xfb: case 0xfc: case 0xfd:
        /* Set-3 key type commands: acknowledged, no effect in set 2. */
        kbd_send(s, 0xfa);
        break;
    case 0xfe:
        kbd_send(s, k->last_sent);
        break;
    case 0xff:                  /* reset and basic assurance test */
        kbd_reset_defaults(k);
        kbd_send(s, 0xfa);
        kbd_send(s, 0xaa);
        break;
    default:
        kbd_send(s, 0xfe);
        break;
    }
}

void i8042_kbd_put_keycode(DeviceState *dev, uint8_t keycode)
{
    I8042State *s = I8042(dev);

    if (!s->kbd.scanning) {
        return;
    }
    q_push(&s->kbd.q, keycode);
    i8042_fill_output(s);
}

/* PS/2 mouse. */

static void mouse_reset_defaults(PS2Mouse *m)
{
    m->reporting = false;
    m->remote = false;
    m->scaling21 = false;
    m->resolution = 2;
    m->sample_rate = 100;
    m->pending_cmd = 0;
    m->dx = m->dy = m->dz = 0;
}

static int clamp_delta(int *acc, int lo, int hi)
{
    int v = *acc;

    if (v < lo) {
        v = lo;
    } else if (v > hi) {
        v = hi;
    }
    *acc -= v;
    return v;
}

static void mouse_send_packet(I8042State *s)
{
    PS2Mouse *m = &s->mouse;
    int dx = clamp_delta(&m->dx, -256, 255);
    int dy = clamp_delta(&m->dy, -256, 255);
    uint8_t b0 = 0x08 | (m->buttons & 7);

    if (dx < 0) {
        b0 |= 0x10;
    }
    if (dy < 0) {
        b0 |= 0x20;
    }
    mouse_send(s, b0);
    mouse_send(s, dx & 0xff);
    mouse_send(s, dy & 0xff);
    if (m->id == 3) {
        mouse_send(s, clamp_delta(&m->dz, -8, 7) & 0xff);
    } else {
        m->dz = 0;
    }
}

static void mouse_write(I8042State *s, uint8_t val)
{
    PS2Mouse *m = &s->mouse;

    if (m->pending_cmd) {
        uint8_t cmd = m->pending_cmd;

        m->pending_cmd = 0;
        if (cmd == 0xf3) {      /* sample rate */
            m->sample_rate = val;
            m->rate_hist[0] = m->rate_hist[1];
            m->rate_hist[1] = m->rate_hist[2];
            m->rate_hist[2] = val;
            /* 200, 100, 80 switches on the wheel (IntelliMouse). */
            if (m->rate_hist[0] == 200 && m->rate_hist[1] == 100 &&
                m->rate_hist[2] == 80) {
                m->id = 3;
            }
            mouse_send(s, 0xfa);
            return;
        }
        if (cmd == 0xe8) {      /* resolution */
            m->resolution = val & 3;
            mouse_send(s, 0xfa);
            return;
        }
    }
    if (m->wrap && val != 0xec && val != 0xff) {
        mouse_send(s, val);
        return;
    }
    if (val != 0xfe) {
        q_clear(&m->q);
    }
    switch (val) {
    case 0xe6:
        m->scaling21 = false;
        mouse_send(s, 0xfa);
        break;
    case 0xe7:
        m->scaling21 = true;
        mouse_send(s, 0xfa);
        break;
    case 0xe8:
    case 0xf3:
        m->pending_cmd = val;
        mouse_send(s, 0xfa);
        break;
    case 0xe9: {                /* status request */
        uint8_t b0 = m->buttons & 7;

        b0 |= m->scaling21 ? 0x10 : 0;
        b0 |= m->reporting ? 0x20 : 0;
        b0 |= m->remote ? 0x40 : 0;
        mouse_send(s, 0xfa);
        mouse_send(s, b0);
        mouse_send(s, m->resolution);
        mouse_send(s, m->sample_rate);
        break;
    }
    case 0xea:
        m->remote = false;
        mouse_send(s, 0xfa);
        break;
    case 0xeb:                  /* read data */
        mouse_send(s, 0xfa);
        mouse_send_packet(s);
        break;
    case 0xec:
        m->wrap = false;
        mouse_send(s, 0xfa);
        break;
    case 0xee:
        m->wrap = true;
        mouse_send(s, 0xfa);
        break;
    case 0xf0:
        m->remote = true;
        mouse_send(s, 0xfa);
        break;
    case 0xf2:
        mouse_send(s, 0xfa);
        mouse_send(s, m->id);
        break;
    case 0xf4:
        m->reporting = true;
        mouse_send(s, 0xfa);
        break;
    case 0xf5:
        m->reporting = false;
        mouse_send(s, 0xfa);
        break;
    case 0xf6:
        mouse_reset_defaults(m);
        mouse_send(s, 0xfa);
        break;
    case 0xfe:
        mouse_send(s, m->last_sent);
        break;
    case 0xff:
        mouse_reset_defaults(m);
        m->wrap = false;
        m->id = 0;
        memset(m->rate_hist, 0, sizeof(m->rate_hist));
        mouse_send(s, 0xfa);
        mouse_send(s, 0xaa);
        mouse_send(s, 0x00);
        break;
    default:
        mouse_send(s, 0xfe);
        break;
    }
}

void i8042_mouse_event(DeviceState *dev, int dx, int dy, int dz, int buttons)
{
    I8042State *s = I8042(dev);
    PS2Mouse *m = &s->mouse;
    bool changed = (buttons & 7) != m->buttons;

    m->buttons = buttons & 7;
    m->dx += dx;
    m->dy -= dy;                /* PS/2 counts up as positive */
    m->dz += dz;
    if (!m->reporting || m->remote) {
        return;
    }
    /* Don't flood the queue: one packet per event, leftover carries. */
    if ((changed || m->dx || m->dy || m->dz) &&
        m->q.count + 4 <= PS2_QUEUE_SIZE) {
        mouse_send_packet(s);
        i8042_fill_output(s);
    }
}

/* Controller ports. */

static uint64_t i8042_data_read(void *opaque, hwaddr addr, unsigned size)
{
    I8042State *s = opaque;
    uint8_t val = s->out_byte;

    /* Reading an empty buffer returns the stale byte. */
    s->status &= ~(STAT_OBF | STAT_AUX_OBF);
    i8042_fill_output(s);
    return val;
}

static void i8042_data_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    I8042State *s = opaque;
    uint8_t cmd = s->pending_write;

    s->status &= ~STAT_CMD;
    s->pending_write = 0;
    switch (cmd) {
    case 0:
        /* Sending to the keyboard enables its interface. */
        s->ram[0] &= ~MODE_DISABLE_KBD;
        kbd_write(s, val);
        break;
    case 0x60 ... 0x7f:
        s->ram[cmd - 0x60] = val;
        if (cmd == 0x60) {
            s->status = (s->status & ~STAT_SYS) | (val & MODE_SYS);
        }
        break;
    case 0xd1:
        set_outport(s, val);
        break;
    case 0xd2:
        ctrl_reply(s, val, SRC_KBD);
        return;
    case 0xd3:
        ctrl_reply(s, val, SRC_AUX);
        return;
    case 0xd4:
        s->ram[0] &= ~MODE_DISABLE_AUX;
        mouse_write(s, val);
        break;
    }
    i8042_fill_output(s);
}

static uint64_t i8042_status_read(void *opaque, hwaddr addr, unsigned size)
{
    I8042State *s = opaque;

    return s->status;
}

static void i8042_command_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    I8042State *s = opaque;
    uint8_t out;

    s->status |= STAT_CMD;
    s->pending_write = 0;
    switch (val) {
    case 0x20 ... 0x3f:         /* read controller RAM */
        ctrl_reply(s, s->ram[val - 0x20], SRC_KBD);
        break;
    case 0x60 ... 0x7f:         /* write controller RAM: data follows */
    case 0xd1:                  /* write output port */
    case 0xd2:                  /* write keyboard output buffer */
    case 0xd3:                  /* write mouse output buffer */
    case 0xd4:                  /* write to the mouse */
        s->pending_write = val;
        break;
    case 0xa4:                  /* password installed? no */
        ctrl_reply(s, 0xf1, SRC_KBD);
        break;
    case 0xa7:
        s->ram[0] |= MODE_DISABLE_AUX;
        break;
    case 0xa8:
        s->ram[0] &= ~MODE_DISABLE_AUX;
        i8042_fill_output(s);
        break;
    case 0xa9:                  /* mouse interface test: ok */
    case 0xab:                  /* keyboard interface test: ok */
        ctrl_reply(s, 0x00, SRC_KBD);
        break;
    case 0xaa:                  /* controller self-test */
        s->status |= STAT_SYS;
        ctrl_reply(s, 0x55, SRC_KBD);
        break;
    case 0xad:
        s->ram[0] |= MODE_DISABLE_KBD;
        break;
    case 0xae:
        s->ram[0] &= ~MODE_DISABLE_KBD;
        i8042_fill_output(s);
        break;
    case 0xc0:                  /* input port: keyboard not inhibited */
        ctrl_reply(s, 0x80, SRC_KBD);
        break;
    case 0xd0:                  /* read output port */
        out = s->outport & ~(OUT_KBD_OBF | OUT_AUX_OBF);
        if (s->status & STAT_OBF) {
            out |= (s->status & STAT_AUX_OBF) ? OUT_AUX_OBF : OUT_KBD_OBF;
        }
        ctrl_reply(s, out, SRC_KBD);
        break;
    case 0xdd:                  /* A20 off (HP Vectra command set) */
        set_outport(s, s->outport & ~OUT_A20);
        break;
    case 0xdf:                  /* A20 on */
        set_outport(s, s->outport | OUT_A20);
        break;
    case 0xe0:                  /* test inputs T0/T1 */
        ctrl_reply(s, 0x00, SRC_KBD);
        break;
    case 0xf0 ... 0xff:
        /* Pulse the output port bits whose command bit is 0; bit 0 is
         * the CPU reset line. */
        if (!(val & 1)) {
            qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "i8042: unsupported controller command 0x%02x\n",
                      (unsigned)val);
        break;
    }
}

static const MemoryRegionOps i8042_data_ops = {
    .read = i8042_data_read,
    .write = i8042_data_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static const MemoryRegionOps i8042_cmd_ops = {
    .read = i8042_status_read,
    .write = i8042_command_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static void i8042_reset(DeviceState *dev)
{
    I8042State *s = I8042(dev);

    memset(s->ram, 0, sizeof(s->ram));
    s->ram[0] = MODE_KBD_INT | MODE_AUX_INT;
    s->status = STAT_CMD | STAT_UNLOCKED;
    s->outport = OUT_RESET | OUT_A20 | OUT_ONES;
    s->out_byte = 0;
    s->out_src = SRC_KBD;
    s->pending_write = 0;
    s->xlate_break = false;
    s->ctrl_head = s->ctrl_count = 0;
    q_clear(&s->kbd.q);
    kbd_reset_defaults(&s->kbd);
    s->kbd.last_sent = 0;
    q_clear(&s->mouse.q);
    mouse_reset_defaults(&s->mouse);
    s->mouse.wrap = false;
    s->mouse.id = 0;
    s->mouse.buttons = 0;
    memset(s->mouse.rate_hist, 0, sizeof(s->mouse.rate_hist));
    i8042_update_irq(s);
}

static void i8042_initfn(Object *obj)
{
    I8042State *s = I8042(obj);

    qdev_init_gpio_out_named(DEVICE(obj), &s->a20_out, I8042_A20_LINE, 1);
}

static void i8042_realize(DeviceState *dev, Error **errp)
{
    I8042State *s = I8042(dev);
    ISADevice *isa = ISA_DEVICE(dev);

    s->irq_kbd = isa_get_irq(isa, 1);
    s->irq_aux = isa_get_irq(isa, 12);
    memory_region_init_io(&s->io_data, OBJECT(dev), &i8042_data_ops, s,
                          "i8042-data", 1);
    memory_region_init_io(&s->io_cmd, OBJECT(dev), &i8042_cmd_ops, s,
                          "i8042-cmd", 1);
    isa_register_ioport(isa, &s->io_data, 0x60);
    isa_register_ioport(isa, &s->io_cmd, 0x64);
    i8042_reset(dev);
}

static void i8042_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    build_xlate_table();
    dc->realize = i8042_realize;
    dc->reset = i8042_reset;
    dc->desc = "8042 keyboard controller with PS/2 keyboard and mouse";
    dc->user_creatable = false;     /* the board wires its A20 output */
    device_class_set_categories(dc, DEVICE_CATEGORY_INPUT);
}

static const TypeInfo i8042_info = {
    .name = TYPE_I8042,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(I8042State),
    .instance_init = i8042_initfn,
    .class_init = i8042_class_init,
};

static void i8042_register_types(void)
{
    type_register_static(&i8042_info);
}
type_init(i8042_register_types)
