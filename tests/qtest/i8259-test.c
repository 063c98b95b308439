/*
 * 8259A PIC pair: initialisation, IRR/ISR via OCW3, masking, poll-mode
 * acknowledge, EOI variants, priority rotation, ELCR edge/level, cascade.
 *
 * Inputs are driven with set_irq_in on the isa-i8259 devices, found by
 * walking the QOM tree for their type (boards place them differently).
 * Also runs against QEMU without a qtest accelerator: QTEST_ACCEL="tcg -S".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "libqtest.h"

#define MASTER 0x20
#define SLAVE  0xa0

/* set_irq_in on the unnamed GPIO input list, QEMU's "unnamed-gpio-in". */
static void set_irq_in_unnamed(QTestState *s, const char *path, int num,
                               int level)
{
    qtest_set_irq_in(s, path, "unnamed-gpio-in", num, level);
}

typedef struct PicTest {
    QTestState *s;
    char *master_path;
    char *slave_path;
} PicTest;

static char *find_type(QTestState *s, const char *path, const char *type,
                       uint32_t iobase, int depth)
{
    JsonNode *ret;
    JsonArray *arr;
    char *found = NULL;
    char *want = g_strdup_printf("child<%s>", type);

    ret = qtest_qmp_assert_success_ref(s,
            "{'execute': 'qom-list', 'arguments': {'path': '%s'}}", path);
    arr = json_node_get_array(ret);
    for (guint i = 0; i < json_array_get_length(arr) && !found; i++) {
        JsonObject *p = json_array_get_object_element(arr, i);
        const char *name = json_object_get_string_member(p, "name");
        const char *ptype = json_object_get_string_member(p, "type");
        char *child;

        if (!g_str_has_prefix(ptype, "child<")) {
            continue;
        }
        child = g_strdup_printf("%s/%s", strcmp(path, "/") ? path : "",
                                name);
        if (!strcmp(ptype, want)) {
            JsonNode *v = qtest_qmp_assert_success_ref(s,
                "{'execute': 'qom-get', 'arguments': "
                "{'path': '%s', 'property': 'iobase'}}", child);
            if ((uint32_t)json_node_get_int(v) == iobase) {
                found = g_strdup(child);
            }
            json_node_unref(v);
        } else if (depth > 0 && !g_str_has_prefix(ptype, "child<irq") &&
                   !g_str_has_prefix(ptype, "child<memory-region")) {
            found = find_type(s, child, type, iobase, depth - 1);
        }
        g_free(child);
    }
    json_node_unref(ret);
    g_free(want);
    return found;
}

static void pic_start(PicTest *t)
{
    t->s = qtest_init("-machine pc");
    t->master_path = find_type(t->s, "/machine", "isa-i8259", MASTER, 3);
    t->slave_path = find_type(t->s, "/machine", "isa-i8259", SLAVE, 3);
    g_assert_nonnull(t->master_path);
    g_assert_nonnull(t->slave_path);
}

static void pic_stop(PicTest *t)
{
    qtest_quit(t->s);
    g_free(t->master_path);
    g_free(t->slave_path);
}

/* The PC BIOS / Linux sequence: edge, cascade, 8086 mode. */
static void pic_init_pair(QTestState *s, uint8_t mbase, uint8_t sbase)
{
    qtest_outb(s, MASTER, 0x11);
    qtest_outb(s, SLAVE, 0x11);
    qtest_outb(s, MASTER + 1, mbase);
    qtest_outb(s, SLAVE + 1, sbase);
    qtest_outb(s, MASTER + 1, 0x04);
    qtest_outb(s, SLAVE + 1, 0x02);
    qtest_outb(s, MASTER + 1, 0x01);
    qtest_outb(s, SLAVE + 1, 0x01);
}

static uint8_t read_irr(QTestState *s, uint16_t base)
{
    qtest_outb(s, base, 0x0a);
    return qtest_inb(s, base);
}

static uint8_t read_isr(QTestState *s, uint16_t base)
{
    qtest_outb(s, base, 0x0b);
    return qtest_inb(s, base);
}

static uint8_t poll(QTestState *s, uint16_t base)
{
    qtest_outb(s, base, 0x0c);
    return qtest_inb(s, base);
}

static void set_in(PicTest *t, int isairq, int level)
{
    set_irq_in_unnamed(t->s, isairq < 8 ? t->master_path : t->slave_path,
                       isairq & 7, level);
}

static void test_init_and_mask(void)
{
    PicTest t;

    pic_start(&t);
    pic_init_pair(t.s, 0x08, 0x70);
    /* ICW1 clears the mask */
    g_assert_cmphex(qtest_inb(t.s, MASTER + 1), ==, 0x00);
    g_assert_cmphex(qtest_inb(t.s, SLAVE + 1), ==, 0x00);
    qtest_outb(t.s, MASTER + 1, 0xb8);
    qtest_outb(t.s, SLAVE + 1, 0x8e);
    g_assert_cmphex(qtest_inb(t.s, MASTER + 1), ==, 0xb8);
    g_assert_cmphex(qtest_inb(t.s, SLAVE + 1), ==, 0x8e);
    g_assert_cmphex(read_irr(t.s, MASTER), ==, 0);
    g_assert_cmphex(read_isr(t.s, MASTER), ==, 0);
    /* OCW3 read selection sticks: the next read returns ISR again */
    g_assert_cmphex(qtest_inb(t.s, MASTER), ==, 0);
    /* a new ICW1 clears the mask again */
    qtest_outb(t.s, MASTER, 0x11);
    qtest_outb(t.s, MASTER + 1, 0x08);
    qtest_outb(t.s, MASTER + 1, 0x04);
    qtest_outb(t.s, MASTER + 1, 0x01);
    g_assert_cmphex(qtest_inb(t.s, MASTER + 1), ==, 0x00);
    pic_stop(&t);
}

static void test_irr_isr_eoi(void)
{
    PicTest t;

    pic_start(&t);
    pic_init_pair(t.s, 0x08, 0x70);

    /* Edge: a pulse latches IRR and stays latched. */
    set_in(&t, 3, 1);
    set_in(&t, 3, 0);
    set_in(&t, 5, 1);
    g_assert_cmphex(read_irr(t.s, MASTER), ==, 0x28);

    /* Masked requests still show in IRR but are not delivered. */
    qtest_outb(t.s, MASTER + 1, 0x28);
    g_assert_cmphex(read_irr(t.s, MASTER), ==, 0x28);
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x00);
    qtest_outb(t.s, MASTER + 1, 0x00);

    /* Poll acknowledges the highest priority request: IR3 */
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x83);
    g_assert_cmphex(read_isr(t.s, MASTER), ==, 0x08);
    g_assert_cmphex(read_irr(t.s, MASTER), ==, 0x20);
    /* IR5 has lower priority than the in-service IR3 */
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x00);
    /* Non-specific EOI clears IR3 from ISR */
    qtest_outb(t.s, MASTER, 0x20);
    g_assert_cmphex(read_isr(t.s, MASTER), ==, 0x00);
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x85);
    g_assert_cmphex(read_isr(t.s, MASTER), ==, 0x20);
    /* IR5 still high but edge: no new request until the next edge */
    g_assert_cmphex(read_irr(t.s, MASTER), ==, 0x00);

    /* A higher-priority request nests over IR5 */
    set_in(&t, 1, 1);
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x81);
    g_assert_cmphex(read_isr(t.s, MASTER), ==, 0x22);
    /* Specific EOI of IR5 leaves IR1 in service */
    qtest_outb(t.s, MASTER, 0x65);
    g_assert_cmphex(read_isr(t.s, MASTER), ==, 0x02);
    qtest_outb(t.s, MASTER, 0x20);
    g_assert_cmphex(read_isr(t.s, MASTER), ==, 0x00);
    set_in(&t, 1, 0);
    set_in(&t, 5, 0);
    pic_stop(&t);
}

static void test_rotation(void)
{
    PicTest t;

    pic_start(&t);
    pic_init_pair(t.s, 0x08, 0x70);

    /* Set priority: IR4 lowest, so IR5 is now the highest */
    qtest_outb(t.s, MASTER, 0xc4);
    set_in(&t, 3, 1);
    set_in(&t, 6, 1);
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x86);
    /* Rotate on non-specific EOI: IR6 becomes the lowest */
    qtest_outb(t.s, MASTER, 0xa0);
    g_assert_cmphex(read_isr(t.s, MASTER), ==, 0x00);
    set_in(&t, 6, 0);
    set_in(&t, 6, 1);
    set_in(&t, 7, 1);
    /* order now 7,0,1,2,3,4,5,6 */
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x87);
    /* Rotate on specific EOI of IR7 -> 0 highest; IR3 then IR6 */
    qtest_outb(t.s, MASTER, 0xe7);
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x83);
    qtest_outb(t.s, MASTER, 0x63);
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x86);
    qtest_outb(t.s, MASTER, 0x66);
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x00);
    pic_stop(&t);
}

static void test_auto_eoi(void)
{
    PicTest t;

    pic_start(&t);
    qtest_outb(t.s, MASTER, 0x11);
    qtest_outb(t.s, MASTER + 1, 0x08);
    qtest_outb(t.s, MASTER + 1, 0x04);
    qtest_outb(t.s, MASTER + 1, 0x03);        /* AEOI */
    set_in(&t, 4, 1);
    set_in(&t, 6, 1);
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x84);
    g_assert_cmphex(read_isr(t.s, MASTER), ==, 0x00);
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x86);
    g_assert_cmphex(read_isr(t.s, MASTER), ==, 0x00);
    pic_stop(&t);
}

static void test_special_mask(void)
{
    PicTest t;

    pic_start(&t);
    pic_init_pair(t.s, 0x08, 0x70);
    set_in(&t, 2 + 4, 1);           /* IR6 */
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x86);
    set_in(&t, 7, 1);
    /* IR7 is below the in-service IR6 */
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x00);
    /* Special mask mode with IR6 masked lets IR7 through */
    qtest_outb(t.s, MASTER + 1, 0x40);
    qtest_outb(t.s, MASTER, 0x68);
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x87);
    qtest_outb(t.s, MASTER, 0x48);  /* reset special mask */
    qtest_outb(t.s, MASTER, 0x67);
    qtest_outb(t.s, MASTER, 0x66);
    g_assert_cmphex(read_isr(t.s, MASTER), ==, 0x00);
    pic_stop(&t);
}

static void test_elcr_level(void)
{
    PicTest t;

    pic_start(&t);
    pic_init_pair(t.s, 0x08, 0x70);
    /* IRQ0-2, 8 and 13 cannot be level-triggered */
    qtest_outb(t.s, 0x4d0, 0xff);
    qtest_outb(t.s, 0x4d1, 0xff);
    g_assert_cmphex(qtest_inb(t.s, 0x4d0), ==, 0xf8);
    g_assert_cmphex(qtest_inb(t.s, 0x4d1), ==, 0xde);
    qtest_outb(t.s, 0x4d0, 0x00);
    qtest_outb(t.s, 0x4d1, 0x0e);           /* IRQ 9, 10, 11 level */
    g_assert_cmphex(qtest_inb(t.s, 0x4d1), ==, 0x0e);

    /* Level: IRR follows the line */
    set_in(&t, 10, 1);
    g_assert_cmphex(read_irr(t.s, SLAVE), ==, 0x04);
    set_in(&t, 10, 0);
    g_assert_cmphex(read_irr(t.s, SLAVE), ==, 0x00);

    /* Level: still requesting after acknowledge while the line is high */
    set_in(&t, 11, 1);
    g_assert_cmphex(poll(t.s, SLAVE), ==, 0x83);
    g_assert_cmphex(read_irr(t.s, SLAVE), ==, 0x08);
    qtest_outb(t.s, SLAVE, 0x20);
    g_assert_cmphex(poll(t.s, SLAVE), ==, 0x83);
    qtest_outb(t.s, SLAVE, 0x20);
    set_in(&t, 11, 0);
    g_assert_cmphex(poll(t.s, SLAVE), ==, 0x00);

    /* Edge input (IRQ12 with ELCR bit clear) keeps its latched request */
    set_in(&t, 12, 1);
    set_in(&t, 12, 0);
    g_assert_cmphex(read_irr(t.s, SLAVE), ==, 0x10);
    pic_stop(&t);
}

static void test_cascade(void)
{
    PicTest t;

    pic_start(&t);
    pic_init_pair(t.s, 0x08, 0x70);
    /* A slave request raises the slave's INT, i.e. master IR2 */
    set_in(&t, 9, 1);
    g_assert_cmphex(read_irr(t.s, SLAVE), ==, 0x02);
    g_assert_cmphex(read_irr(t.s, MASTER), ==, 0x04);
    /* Masking it at the slave drops INT; the master latched the edge */
    qtest_outb(t.s, SLAVE + 1, 0x02);
    g_assert_cmphex(poll(t.s, SLAVE), ==, 0x00);
    qtest_outb(t.s, SLAVE + 1, 0x00);
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x82);
    g_assert_cmphex(poll(t.s, SLAVE), ==, 0x81);
    g_assert_cmphex(read_isr(t.s, SLAVE), ==, 0x02);
    g_assert_cmphex(read_isr(t.s, MASTER), ==, 0x04);
    qtest_outb(t.s, SLAVE, 0x20);
    qtest_outb(t.s, MASTER, 0x20);
    g_assert_cmphex(read_isr(t.s, SLAVE), ==, 0x00);
    g_assert_cmphex(read_isr(t.s, MASTER), ==, 0x00);
    pic_stop(&t);
}

static void test_int_output(void)
{
    PicTest t;

    pic_start(&t);
    pic_init_pair(t.s, 0x08, 0x70);
    qtest_irq_intercept_out(t.s, t.master_path);
    g_assert_false(qtest_get_irq(t.s, 0));
    set_in(&t, 4, 1);
    g_assert_true(qtest_get_irq(t.s, 0));
    qtest_outb(t.s, MASTER + 1, 0x10);    /* mask drops INT */
    g_assert_false(qtest_get_irq(t.s, 0));
    qtest_outb(t.s, MASTER + 1, 0x00);
    g_assert_true(qtest_get_irq(t.s, 0));
    g_assert_cmphex(poll(t.s, MASTER), ==, 0x84);
    g_assert_false(qtest_get_irq(t.s, 0));
    qtest_outb(t.s, MASTER, 0x20);
    /* slave IRQ 8 via the cascade */
    set_in(&t, 8, 1);
    g_assert_true(qtest_get_irq(t.s, 0));
    pic_stop(&t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/i8259/init-mask", test_init_and_mask);
    qtest_add_func("/i8259/irr-isr-eoi", test_irr_isr_eoi);
    qtest_add_func("/i8259/rotation", test_rotation);
    qtest_add_func("/i8259/auto-eoi", test_auto_eoi);
    qtest_add_func("/i8259/special-mask", test_special_mask);
    qtest_add_func("/i8259/elcr-level", test_elcr_level);
    qtest_add_func("/i8259/cascade", test_cascade);
    qtest_add_func("/i8259/int-output", test_int_output);
    return g_test_run();
}
