/*
 * Intel 8259A programmable interrupt controller (one chip per device).
 *
 * Written from the 8259A datasheet: ICW1-4 initialisation sequence,
 * OCW1 (mask), OCW2 (EOI / rotation), OCW3 (read register, poll, special
 * mask), fully nested priority with rotation, auto-EOI, plus the PIIX
 * edge/level control register (ELCR) that the PC chipset adds per chip.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/isa/isa.h"
#include "hw/intc/i8259.h"

OBJECT_DECLARE_SIMPLE_TYPE(PICState, ISA_I8259)

struct PICState {
    ISADevice parent_obj;

    MemoryRegion base_io;
    MemoryRegion elcr_io;
    qemu_irq int_out;

    uint8_t line;           /* current level of the IR inputs */
    uint8_t irr;            /* interrupt request register */
    uint8_t imr;            /* interrupt mask register */
    uint8_t isr;            /* in-service register */
    uint8_t priority_add;   /* IR with the highest priority */
    uint8_t irq_base;       /* ICW2 vector base */
    uint8_t icw3;
    uint8_t read_reg_select;/* OCW3 RR/RIS: 0 IRR, 1 ISR */
    bool poll;
    bool special_mask;
    uint8_t init_state;     /* 0 ready, 1..3: ICW2..ICW4 expected */
    bool init4;             /* ICW4 will follow */
    bool single_mode;
    bool ltim;              /* ICW1 LTIM: all inputs level-sensitive */
    bool auto_eoi;
    bool rotate_on_auto_eoi;
    bool special_fully_nested;
    bool buffered;
    uint8_t elcr;           /* 1 = level-triggered */
    bool int_level;
    PICState *slave;        /* master only: the cascaded chip */

    /* properties */
    uint32_t iobase;
    uint32_t elcr_addr;
    uint8_t elcr_mask;
    bool master;
};

DeviceState *isa_pic;

static uint8_t pic_level_mask(PICState *s)
{
    return s->ltim ? 0xff : s->elcr;
}

/* Priority of the highest-priority bit set in mask, 0 = highest; 8: none. */
static int pic_get_priority(PICState *s, uint8_t mask)
{
    int priority;

    if (!mask) {
        return 8;
    }
    priority = 0;
    while (!(mask & (1 << ((priority + s->priority_add) & 7)))) {
        priority++;
    }
    return priority;
}

/* The IR the chip would present on INTA now, or -1. */
static int pic_get_irq(PICState *s)
{
    int priority, cur_priority;
    uint8_t mask = s->irr & ~s->imr;

    priority = pic_get_priority(s, mask);
    if (priority == 8) {
        return -1;
    }
    /*
     * In-service interrupts block those of lower (or equal) priority.
     * Special mask mode lets masked in-service levels stop blocking;
     * special fully nested mode lets the slave interrupt while another of
     * its inputs is in service (cascade IR of the master).
     */
    mask = s->isr;
    if (s->special_mask) {
        mask &= ~s->imr;
    }
    if (s->special_fully_nested && s->master) {
        mask &= ~(1 << 2);
    }
    cur_priority = pic_get_priority(s, mask);
    if (priority < cur_priority) {
        return (priority + s->priority_add) & 7;
    }
    return -1;
}

static void pic_update_irq(PICState *s)
{
    bool level = pic_get_irq(s) >= 0;

    if (level != s->int_level) {
        s->int_level = level;
        qemu_set_irq(s->int_out, level);
    }
}

static void pic_set_irq(void *opaque, int n, int level)
{
    PICState *s = opaque;
    uint8_t mask;

    if (n < 0 || n > 7) {
        return;
    }
    mask = 1 << n;
    if (pic_level_mask(s) & mask) {
        /* Level-sensitive: the request follows the line. */
        if (level) {
            s->irr |= mask;
            s->line |= mask;
        } else {
            s->irr &= ~mask;
            s->line &= ~mask;
        }
    } else {
        /* Edge-sensitive: a rising edge latches the request. */
        if (level) {
            if (!(s->line & mask)) {
                s->irr |= mask;
            }
            s->line |= mask;
        } else {
            s->line &= ~mask;
        }
    }
    pic_update_irq(s);
}

/* Acknowledge of IR irq (INTA or poll): move it from IRR to ISR. */
static void pic_intack(PICState *s, int irq)
{
    uint8_t mask = 1 << irq;

    if (s->auto_eoi) {
        if (s->rotate_on_auto_eoi) {
            s->priority_add = (irq + 1) & 7;
        }
    } else {
        s->isr |= mask;
    }
    /* A level request stays in IRR while the line is high. */
    if (!(pic_level_mask(s) & mask)) {
        s->irr &= ~mask;
    }
    pic_update_irq(s);
}

int pic_get_output(DeviceState *d)
{
    return ISA_I8259(d)->int_level;
}

int pic_read_irq(DeviceState *d)
{
    PICState *s = ISA_I8259(d);
    PICState *slave;
    int irq, irq2, intno;

    irq = pic_get_irq(s);
    if (irq < 0) {
        /* The request vanished before INTA: spurious IR7, ISR untouched. */
        return s->irq_base + 7;
    }
    slave = s->slave;
    if (irq == 2 && !s->single_mode && slave) {
        irq2 = pic_get_irq(slave);
        if (irq2 >= 0) {
            pic_intack(slave, irq2);
        } else {
            irq2 = 7;      /* spurious IRQ15: no slave ISR bit */
        }
        intno = slave->irq_base + irq2;
    } else {
        intno = s->irq_base + irq;
    }
    pic_intack(s, irq);
    return intno;
}

/* ICW1: the datasheet's initialisation reset. */
static void pic_init_reset(PICState *s)
{
    s->irr &= s->line & pic_level_mask(s);
    s->imr = 0;
    s->isr = 0;
    s->priority_add = 0;
    s->irq_base = 0;
    s->read_reg_select = 0;
    s->poll = false;
    s->special_mask = false;
    s->init_state = 0;
    s->init4 = false;
    s->single_mode = false;
    s->ltim = false;
    s->auto_eoi = false;
    s->rotate_on_auto_eoi = false;
    s->special_fully_nested = false;
    s->buffered = false;
}

static void pic_reset(DeviceState *dev)
{
    PICState *s = ISA_I8259(dev);

    s->line = 0;
    s->irr = 0;
    pic_init_reset(s);
    s->icw3 = 0;
    s->elcr = 0;
    pic_update_irq(s);
}

static void pic_ioport_write(void *opaque, hwaddr addr, uint64_t val64,
                             unsigned size)
{
    PICState *s = opaque;
    uint8_t val = val64;
    int priority, irq, cmd;

    if (addr == 0) {
        if (val & 0x10) {
            /* ICW1 */
            pic_init_reset(s);
            s->init_state = 1;
            s->init4 = val & 1;
            s->single_mode = val & 2;
            s->ltim = val & 8;
            if (val & 0x04) {
                qemu_log_mask(LOG_UNIMP, "i8259: ADI/interval 4 ignored\n");
            }
            /* After ICW1 every level input still asserted is a request. */
            s->irr = s->line & pic_level_mask(s);
            pic_update_irq(s);
        } else if (val & 0x08) {
            /* OCW3 */
            if (val & 0x04) {
                s->poll = true;
            }
            if (val & 0x02) {
                s->read_reg_select = val & 1;
            }
            if (val & 0x40) {
                s->special_mask = (val >> 5) & 1;
            }
            pic_update_irq(s);
        } else {
            /* OCW2 */
            cmd = val >> 5;
            switch (cmd) {
            case 0: /* clear rotate in auto-EOI mode */
            case 4: /* set rotate in auto-EOI mode */
                s->rotate_on_auto_eoi = cmd >> 2;
                break;
            case 1: /* non-specific EOI */
            case 5: /* rotate on non-specific EOI */
                priority = pic_get_priority(s, s->isr);
                if (priority != 8) {
                    irq = (priority + s->priority_add) & 7;
                    s->isr &= ~(1 << irq);
                    if (cmd == 5) {
                        s->priority_add = (irq + 1) & 7;
                    }
                    pic_update_irq(s);
                }
                break;
            case 3: /* specific EOI */
                irq = val & 7;
                s->isr &= ~(1 << irq);
                pic_update_irq(s);
                break;
            case 6: /* set priority: IR val&7 becomes the lowest */
                s->priority_add = (val + 1) & 7;
                pic_update_irq(s);
                break;
            case 7: /* rotate on specific EOI */
                irq = val & 7;
                s->isr &= ~(1 << irq);
                s->priority_add = (irq + 1) & 7;
                pic_update_irq(s);
                break;
            default: /* 2: no operation */
                break;
            }
        }
        return;
    }

    switch (s->init_state) {
    case 0:
        /* OCW1 */
        s->imr = val;
        pic_update_irq(s);
        break;
    case 1:
        /* ICW2 */
        s->irq_base = val & 0xf8;
        s->init_state = s->single_mode ? (s->init4 ? 3 : 0) : 2;
        break;
    case 2:
        /* ICW3 */
        s->icw3 = val;
        s->init_state = s->init4 ? 3 : 0;
        break;
    case 3:
        /* ICW4 */
        if (!(val & 1)) {
            qemu_log_mask(LOG_UNIMP, "i8259: MCS-80/85 mode not supported\n");
        }
        s->auto_eoi = (val >> 1) & 1;
        s->buffered = (val >> 3) & 1;
        s->special_fully_nested = (val >> 4) & 1;
        s->init_state = 0;
        pic_update_irq(s);
        break;
    }
}

/* Poll command: the next read returns 0x80 | IR and acknowledges it. */
static uint8_t pic_poll_read(PICState *s)
{
    int irq = pic_get_irq(s);

    if (irq < 0) {
        return 0;
    }
    pic_intack(s, irq);
    return 0x80 | irq;
}

static uint64_t pic_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    PICState *s = opaque;

    if (s->poll) {
        s->poll = false;
        return pic_poll_read(s);
    }
    if (addr == 0) {
        return s->read_reg_select ? s->isr : s->irr;
    }
    return s->imr;
}

static void elcr_ioport_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    PICState *s = opaque;
    uint8_t old = s->elcr;

    s->elcr = val & s->elcr_mask;
    if (s->elcr != old) {
        /* Inputs turning level-sensitive request iff their line is high. */
        s->irr = (s->irr & ~s->elcr) | (s->line & s->elcr);
        pic_update_irq(s);
    }
}

static uint64_t elcr_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    PICState *s = opaque;

    return s->elcr;
}

static const MemoryRegionOps pic_base_ops = {
    .read = pic_ioport_read,
    .write = pic_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 1,
    .impl.min_access_size = 1,
    .impl.max_access_size = 1,
};

static const MemoryRegionOps pic_elcr_ops = {
    .read = elcr_ioport_read,
    .write = elcr_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 1,
    .impl.min_access_size = 1,
    .impl.max_access_size = 1,
};

static void pic_realize(DeviceState *dev, Error **errp)
{
    PICState *s = ISA_I8259(dev);
    ISADevice *isa = ISA_DEVICE(dev);

    if (s->iobase > 0xfffe) {
        error_setg(errp, "isa-i8259: iobase 0x%x out of range", s->iobase);
        return;
    }
    memory_region_init_io(&s->base_io, OBJECT(dev), &pic_base_ops, s,
                          "pic", 2);
    isa_register_ioport(isa, &s->base_io, s->iobase);
    if (s->elcr_addr != (uint32_t)-1) {
        if (s->elcr_addr > 0xffff) {
            error_setg(errp, "isa-i8259: elcr_addr 0x%x out of range",
                       s->elcr_addr);
            return;
        }
        memory_region_init_io(&s->elcr_io, OBJECT(dev), &pic_elcr_ops, s,
                              "elcr", 1);
        isa_register_ioport(isa, &s->elcr_io, s->elcr_addr);
    }
}

static void pic_instance_init(Object *obj)
{
    PICState *s = ISA_I8259(obj);

    qdev_init_gpio_out(DEVICE(obj), &s->int_out, 1);
    qdev_init_gpio_in(DEVICE(obj), pic_set_irq, 8);
}

static Property pic_properties[] = {
    DEFINE_PROP_UINT32("iobase", PICState, iobase, -1),
    DEFINE_PROP_UINT32("elcr_addr", PICState, elcr_addr, -1),
    DEFINE_PROP_UINT8("elcr_mask", PICState, elcr_mask, 0xff),
    DEFINE_PROP_BOOL("master", PICState, master, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void pic_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = pic_realize;
    dc->reset = pic_reset;
    dc->desc = "Intel 8259A interrupt controller";
    dc->user_creatable = false;
    dc->bus_type = TYPE_ISA_BUS;
    device_class_set_props(dc, pic_properties);
}

static const TypeInfo i8259_types[] = {
    {
        .name = TYPE_ISA_I8259,
        .parent = TYPE_ISA_DEVICE,
        .instance_size = sizeof(PICState),
        .instance_init = pic_instance_init,
        .class_init = pic_class_init,
    },
};

DEFINE_TYPES(i8259_types)

static DeviceState *i8259_init_chip(ISABus *bus, bool master)
{
    ISADevice *isa = isa_new(TYPE_ISA_I8259);
    DeviceState *dev = DEVICE(isa);

    qdev_prop_set_uint32(dev, "iobase", master ? 0x20 : 0xa0);
    qdev_prop_set_uint32(dev, "elcr_addr", master ? 0x4d0 : 0x4d1);
    /* PIIX: IRQ0-2, IRQ8 and IRQ13 are always edge-triggered. */
    qdev_prop_set_uint8(dev, "elcr_mask", master ? 0xf8 : 0xde);
    qdev_prop_set_bit(dev, "master", master);
    isa_realize_and_unref(isa, bus, &error_fatal);
    return dev;
}

qemu_irq *i8259_init(ISABus *bus, qemu_irq parent_irq)
{
    qemu_irq *irqs = g_new0(qemu_irq, ISA_NUM_IRQS);
    DeviceState *master, *slave;
    int i;

    master = i8259_init_chip(bus, true);
    qdev_connect_gpio_out(master, 0, parent_irq);
    slave = i8259_init_chip(bus, false);
    qdev_connect_gpio_out(slave, 0, qdev_get_gpio_in(master, 2));
    for (i = 0; i < 8; i++) {
        irqs[i] = qdev_get_gpio_in(master, i);
        irqs[i + 8] = qdev_get_gpio_in(slave, i);
    }
    ISA_I8259(master)->slave = ISA_I8259(slave);
    isa_pic = master;
    return irqs;
}
