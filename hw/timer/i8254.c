/*
 * Intel 8254 programmable interval timer: three 16-bit down counters at
 * 1.193182 MHz, modes 0-5, binary or BCD, LSB/MSB/word access, counter
 * latch and read-back commands, gates. Channel 0's OUT drives ISA IRQ 0.
 *
 * The counters are not ticked: each one remembers when it was loaded and
 * computes its count and OUT from the virtual clock. Channel 0 arms a
 * timer for its next OUT transition to drive the IRQ line.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/isa/isa.h"
#include "hw/timer/i8254.h"

OBJECT_DECLARE_SIMPLE_TYPE(PITState, I8254)

/* Access states for the two-byte counter and latch. */
enum {
    RW_LSB = 1,
    RW_MSB = 2,
    RW_WORD0 = 3,   /* LSB next, then MSB */
    RW_WORD1 = 4,   /* MSB next */
};

typedef struct PITChannel {
    struct PITState *pit;
    int index;
    uint32_t count;         /* initial count: 1..0x10000 (BCD 1..10000) */
    uint16_t latched_count;
    uint8_t count_latched;  /* 0 or RW_* state of the latched value */
    bool status_latched;
    uint8_t status;
    uint8_t read_state;
    uint8_t write_state;
    uint8_t write_latch;
    uint8_t rw_mode;        /* 1 LSB, 2 MSB, 3 LSB then MSB */
    uint8_t mode;           /* 0..5 */
    uint8_t mode_bits;      /* as programmed (6, 7 alias 2, 3) */
    bool bcd;
    bool gate;
    bool null_count;        /* programmed, no count written yet */
    bool running;           /* counting from count_load_time */
    bool frozen;            /* mode 0/4 held by a low gate */
    int64_t frozen_ticks;
    int64_t count_load_time;
    int64_t next_transition_time;
    QEMUTimer *irq_timer;   /* channel 0 only */
    int irq_level;
} PITChannel;

struct PITState {
    ISADevice parent_obj;

    MemoryRegion ioports;
    qemu_irq irq;
    bool output_disabled;   /* HPET legacy replacement */
    PITChannel channels[3];
    uint32_t iobase;
};

static int64_t pit_ns_to_ticks(int64_t ns)
{
    return (int64_t)((__int128)ns * PIT_FREQ / NANOSECONDS_PER_SECOND);
}

/* Smallest ns such that pit_ns_to_ticks(ns) >= ticks. */
static int64_t pit_ticks_to_ns(int64_t ticks)
{
    return (int64_t)(((__int128)ticks * NANOSECONDS_PER_SECOND +
                      PIT_FREQ - 1) / PIT_FREQ);
}

static int64_t pit_elapsed(PITChannel *c, int64_t now)
{
    if (c->frozen) {
        return c->frozen_ticks;
    }
    return pit_ns_to_ticks(now - c->count_load_time);
}

static int pit_get_count(PITChannel *c, int64_t now)
{
    int64_t d, n = c->count;
    int64_t v;

    if (!c->running) {
        return c->count & 0xffff;
    }
    d = pit_elapsed(c, now);
    switch (c->mode) {
    case 2:
        v = n - (d % n);
        break;
    case 3:
        /* counts down by two per clock */
        v = n - ((2 * d) % n);
        break;
    default:
        /* 0, 1, 4, 5: free-runs past terminal count */
        v = n - d;
        break;
    }
    if (c->bcd) {
        v %= 10000;
        if (v < 0) {
            v += 10000;
        }
        return v;
    }
    return v & 0xffff;
}

static int pit_get_out_at(PITChannel *c, int64_t now)
{
    int64_t d, n = c->count;

    if (!c->running) {
        /* After the control word: mode 0 drives OUT low, others high. */
        return c->mode == 0 ? 0 : 1;
    }
    d = pit_elapsed(c, now);
    switch (c->mode) {
    case 0:
    case 1:
        return d >= n;
    case 2:
        /* low for the one clock when the count is 1 */
        return n == 1 || (d % n) != n - 1;
    case 3:
        return (d % n) < (n + 1) / 2;
    case 4:
    case 5:
    default:
        return d != n;
    }
}

/* Absolute ns of the next OUT change after now, -1 if none. */
static int64_t pit_next_transition(PITChannel *c, int64_t now)
{
    int64_t d, n = c->count, base, next;

    if (!c->running || c->frozen) {
        return -1;
    }
    d = pit_elapsed(c, now);
    switch (c->mode) {
    case 0:
    case 1:
        if (d >= n) {
            return -1;
        }
        next = n;
        break;
    case 2:
        if (n == 1) {
            return -1;
        }
        base = d - (d % n);
        next = (d % n) < n - 1 ? base + n - 1 : base + n;
        break;
    case 3:
        base = d - (d % n);
        if (n == 1) {
            return -1;
        }
        next = (d % n) < (n + 1) / 2 ? base + (n + 1) / 2 : base + n;
        break;
    case 4:
    case 5:
    default:
        if (d < n) {
            next = n;
        } else if (d == n) {
            next = n + 1;
        } else {
            return -1;
        }
        break;
    }
    return c->count_load_time + pit_ticks_to_ns(next);
}

static void pit_irq_update(PITChannel *c, int64_t now)
{
    PITState *pit = c->pit;
    int64_t next;
    int level;

    if (!c->irq_timer) {
        return;
    }
    level = pit_get_out_at(c, now);
    if (level != c->irq_level) {
        c->irq_level = level;
        if (!pit->output_disabled) {
            qemu_set_irq(pit->irq, level);
        }
    }
    next = pit->output_disabled ? -1 : pit_next_transition(c, now);
    c->next_transition_time = next;
    if (next >= 0) {
        timer_mod(c->irq_timer, next);
    } else {
        timer_del(c->irq_timer);
    }
}

static void pit_irq_timer(void *opaque)
{
    PITChannel *c = opaque;

    pit_irq_update(c, c->next_transition_time);
}

/* Starts counting from now if the gate allows it. */
static void pit_start(PITChannel *c, int64_t now)
{
    c->frozen = false;
    c->count_load_time = now;
    switch (c->mode) {
    case 1:
    case 5:
        /* wait for a gate trigger */
        c->running = false;
        break;
    case 2:
    case 3:
        c->running = c->gate;
        break;
    default:
        c->running = true;
        if (!c->gate) {
            /* modes 0/4: loaded but held until the gate rises */
            c->frozen = true;
            c->frozen_ticks = 0;
        }
        break;
    }
}

static void pit_load_count(PITChannel *c, uint32_t val)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (c->bcd) {
        /* Convert the BCD digits; invalid digits wrap like the chip. */
        val = ((val >> 12) & 0xf) * 1000 + ((val >> 8) & 0xf) * 100 +
              ((val >> 4) & 0xf) * 10 + (val & 0xf);
        if (val == 0) {
            val = 10000;
        }
    } else if (val == 0) {
        val = 0x10000;
    }
    c->count = val;
    c->null_count = false;
    pit_start(c, now);
    pit_irq_update(c, now);
}

static void pit_latch_count(PITChannel *c)
{
    if (!c->count_latched) {
        c->latched_count = pit_get_count(c, qemu_clock_get_ns(
                                            QEMU_CLOCK_VIRTUAL));
        c->count_latched = (c->rw_mode == 3 || !c->rw_mode) ? RW_WORD0
                                                        : c->rw_mode;
    }
}

static uint8_t pit_status(PITChannel *c)
{
    int out = pit_get_out_at(c, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));

    return (out << 7) | (c->null_count << 6) | (c->rw_mode << 4) |
           (c->mode_bits << 1) | c->bcd;
}

static uint16_t pit_to_bcd(int v)
{
    return ((v / 1000) % 10) << 12 | ((v / 100) % 10) << 8 |
           ((v / 10) % 10) << 4 | (v % 10);
}

static void pit_ioport_write(void *opaque, hwaddr addr, uint64_t val64,
                             unsigned size)
{
    PITState *pit = opaque;
    uint8_t val = val64;
    PITChannel *c;
    int channel, i;

    addr &= 3;
    if (addr == 3) {
        channel = val >> 6;
        if (channel == 3) {
            /* read-back: bit 5 = !COUNT, bit 4 = !STATUS, 3..1 = CNT2..0 */
            for (i = 0; i < 3; i++) {
                c = &pit->channels[i];
                if (!(val & (2 << i))) {
                    continue;
                }
                if (!(val & 0x20)) {
                    pit_latch_count(c);
                }
                if (!(val & 0x10) && !c->status_latched) {
                    c->status = pit_status(c);
                    c->status_latched = true;
                }
            }
            return;
        }
        c = &pit->channels[channel];
        if (((val >> 4) & 3) == 0) {
            pit_latch_count(c);
            return;
        }
        c->rw_mode = (val >> 4) & 3;
        c->read_state = c->rw_mode == 3 ? RW_WORD0 : c->rw_mode;
        c->write_state = c->read_state;
        c->mode_bits = (val >> 1) & 7;
        c->mode = c->mode_bits > 5 ? c->mode_bits - 4 : c->mode_bits;
        c->bcd = val & 1;
        c->count_latched = 0;
        c->status_latched = false;
        c->null_count = true;
        /* Counting stops until a new count is written. */
        c->running = false;
        c->frozen = false;
        pit_irq_update(c, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        return;
    }

    c = &pit->channels[addr];
    switch (c->write_state) {
    case RW_LSB:
        pit_load_count(c, val);
        break;
    case RW_MSB:
        pit_load_count(c, val << 8);
        break;
    case RW_WORD0:
        c->write_latch = val;
        c->write_state = RW_WORD1;
        if (c->mode == 0) {
            /* mode 0: the first byte stops the count, OUT goes low */
            c->running = false;
            pit_irq_update(c, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        }
        break;
    case RW_WORD1:
        pit_load_count(c, c->write_latch | (val << 8));
        c->write_state = RW_WORD0;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "i8254: write to unprogrammed counter %d\n",
                      (int)addr);
        break;
    }
}

static uint64_t pit_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    PITState *pit = opaque;
    PITChannel *c;
    int count, ret;

    addr &= 3;
    if (addr == 3) {
        return 0xff;    /* the control word register is write-only */
    }
    c = &pit->channels[addr];
    if (c->status_latched) {
        c->status_latched = false;
        return c->status;
    }
    if (c->count_latched) {
        count = c->bcd ? pit_to_bcd(c->latched_count) : c->latched_count;
        switch (c->count_latched) {
        case RW_LSB:
            c->count_latched = 0;
            return count & 0xff;
        case RW_MSB:
            c->count_latched = 0;
            return (count >> 8) & 0xff;
        case RW_WORD0:
            c->count_latched = RW_WORD1;
            return count & 0xff;
        default:
            c->count_latched = 0;
            return (count >> 8) & 0xff;
        }
    }
    count = pit_get_count(c, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    if (c->bcd) {
        count = pit_to_bcd(count);
    }
    switch (c->read_state) {
    case RW_LSB:
        ret = count & 0xff;
        break;
    case RW_MSB:
        ret = (count >> 8) & 0xff;
        break;
    case RW_WORD0:
        ret = count & 0xff;
        c->read_state = RW_WORD1;
        break;
    case RW_WORD1:
        ret = (count >> 8) & 0xff;
        c->read_state = RW_WORD0;
        break;
    default:
        ret = 0;
        break;
    }
    return ret;
}

void pit_set_gate(ISADevice *dev, int channel, int level)
{
    PITState *pit = I8254(dev);
    PITChannel *c;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    bool rising;

    if (channel < 0 || channel > 2) {
        return;
    }
    c = &pit->channels[channel];
    level = !!level;
    rising = level && !c->gate;
    if (level == c->gate) {
        return;
    }
    c->gate = level;
    if (c->null_count) {
        pit_irq_update(c, now);
        return;     /* no count yet: nothing to start or hold */
    }
    switch (c->mode) {
    case 0:
    case 4:
        if (!c->running) {
            break;
        }
        if (!level) {
            c->frozen_ticks = pit_elapsed(c, now);
            c->frozen = true;
        } else if (c->frozen) {
            c->count_load_time = now - pit_ticks_to_ns(c->frozen_ticks);
            c->frozen = false;
        }
        break;
    case 1:
    case 5:
        if (rising) {
            c->count_load_time = now;
            c->running = true;
        }
        break;
    case 2:
    case 3:
        /* low gate forces OUT high; the rising edge reloads */
        c->running = level;
        if (rising) {
            c->count_load_time = now;
        }
        break;
    }
    pit_irq_update(c, now);
}

int pit_get_gate(ISADevice *dev, int channel)
{
    if (channel < 0 || channel > 2) {
        return 0;
    }
    return I8254(dev)->channels[channel].gate;
}

int pit_get_out(ISADevice *dev, int channel)
{
    if (channel < 0 || channel > 2) {
        return 0;
    }
    return pit_get_out_at(&I8254(dev)->channels[channel],
                          qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

static void pit_hpet_legacy(void *opaque, int n, int level)
{
    PITState *pit = opaque;
    PITChannel *c = &pit->channels[0];

    pit->output_disabled = level;
    if (level) {
        timer_del(c->irq_timer);
        qemu_irq_lower(pit->irq);
    } else {
        qemu_set_irq(pit->irq, c->irq_level);
        pit_irq_update(c, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    }
}

static void pit_reset(DeviceState *dev)
{
    PITState *pit = I8254(dev);
    int i;

    for (i = 0; i < 3; i++) {
        PITChannel *c = &pit->channels[i];

        c->mode = c->mode_bits = 3;
        /* status reports RW 00 until programmed; data access is LSB/MSB */
        c->rw_mode = 0;
        c->read_state = c->write_state = RW_WORD0;
        c->bcd = false;
        c->count_latched = 0;
        c->status_latched = false;
        c->gate = i != 2;       /* channel 2's gate is port 0x61 bit 0 */
        c->count = 0x10000;
        c->null_count = false;
        c->frozen = false;
        c->irq_level = 0;
        /* Power-on: counting with count 0 in mode 3 (as the BIOS leaves
         * it), OUT toggling at 18.2 Hz on channel 0. */
        pit_start(c, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        if (c->irq_timer) {
            qemu_irq_lower(pit->irq);
            pit_irq_update(c, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        }
    }
}

static const MemoryRegionOps pit_ioport_ops = {
    .read = pit_ioport_read,
    .write = pit_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 1,
    .impl.min_access_size = 1,
    .impl.max_access_size = 1,
};

static void pit_realize(DeviceState *dev, Error **errp)
{
    PITState *pit = I8254(dev);
    int i;

    if (pit->iobase > 0xfffc) {
        error_setg(errp, "isa-pit: iobase 0x%x out of range", pit->iobase);
        return;
    }
    for (i = 0; i < 3; i++) {
        pit->channels[i].pit = pit;
        pit->channels[i].index = i;
    }
    pit->channels[0].irq_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL,
                                              pit_irq_timer,
                                              &pit->channels[0]);
    memory_region_init_io(&pit->ioports, OBJECT(dev), &pit_ioport_ops, pit,
                          "pit", 4);
    isa_register_ioport(ISA_DEVICE(dev), &pit->ioports, pit->iobase);
}

static void pit_unrealize(DeviceState *dev)
{
    PITState *pit = I8254(dev);

    timer_free(pit->channels[0].irq_timer);
    pit->channels[0].irq_timer = NULL;
}

static void pit_instance_init(Object *obj)
{
    PITState *pit = I8254(obj);

    qdev_init_gpio_out(DEVICE(obj), &pit->irq, 1);
    qdev_init_gpio_in_named(DEVICE(obj), pit_hpet_legacy, "hpet-legacy", 1);
}

static Property pit_properties[] = {
    DEFINE_PROP_UINT32("iobase", PITState, iobase, 0x40),
    DEFINE_PROP_END_OF_LIST(),
};

static void pit_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = pit_realize;
    dc->unrealize = pit_unrealize;
    dc->reset = pit_reset;
    dc->desc = "Intel 8254 programmable interval timer";
    dc->user_creatable = false;
    dc->bus_type = TYPE_ISA_BUS;
    device_class_set_props(dc, pit_properties);
}

static const TypeInfo i8254_types[] = {
    {
        .name = TYPE_I8254,
        .parent = TYPE_ISA_DEVICE,
        .instance_size = sizeof(PITState),
        .instance_init = pit_instance_init,
        .class_init = pit_class_init,
    },
};

DEFINE_TYPES(i8254_types)

ISADevice *i8254_pit_init(ISABus *bus, int iobase, int isairq,
                          qemu_irq alt_irq)
{
    ISADevice *isa = isa_new(TYPE_I8254);
    DeviceState *dev = DEVICE(isa);

    qdev_prop_set_uint32(dev, "iobase", iobase);
    isa_realize_and_unref(isa, bus, &error_fatal);
    qdev_connect_gpio_out(dev, 0,
                          alt_irq ? alt_irq : isa_bus_get_irq(bus, isairq));
    return isa;
}
