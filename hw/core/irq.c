/*
 * Interrupt lines. A qemu_irq is a handler plus its opaque and line number;
 * the sender calls qemu_set_irq() and never knows who listens. A NULL line
 * is an unconnected output: setting it does nothing.
 */
#include "qemu/osdep.h"
#include "hw/irq.h"

void qemu_set_irq(qemu_irq irq, int level)
{
    if (!irq || !irq->handler) {
        return;
    }
    irq->handler(irq->opaque, irq->n, level);
}

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n)
{
    qemu_irq irq = g_new0(struct IRQState, 1);

    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

qemu_irq *qemu_allocate_irqs(qemu_irq_handler handler, void *opaque, int n)
{
    qemu_irq *s;

    g_assert(n >= 0);
    s = g_new0(qemu_irq, n ? n : 1);
    for (int i = 0; i < n; i++) {
        s[i] = qemu_allocate_irq(handler, opaque, i);
    }
    return s;
}

void qemu_free_irq(qemu_irq irq)
{
    g_free(irq);
}

void qemu_free_irqs(qemu_irq *s, int n)
{
    if (!s) {
        return;
    }
    for (int i = 0; i < n; i++) {
        qemu_free_irq(s[i]);
    }
    g_free(s);
}

/* The opaque of a split line: the two lines it drives. */
typedef struct IRQSplit {
    qemu_irq a;
    qemu_irq b;
} IRQSplit;

static void irq_split_handler(void *opaque, int n, int level)
{
    IRQSplit *s = opaque;

    qemu_set_irq(s->a, level);
    qemu_set_irq(s->b, level);
}

qemu_irq qemu_irq_split(qemu_irq a, qemu_irq b)
{
    IRQSplit *s = g_new0(IRQSplit, 1);

    /* Lives as long as the board that wired it: never freed. */
    s->a = a;
    s->b = b;
    return qemu_allocate_irq(irq_split_handler, s, 0);
}

void qemu_irq_intercept_in(qemu_irq *gpio_in, qemu_irq_handler handler, int n)
{
    /*
     * The IRQState objects are changed in place, so every sender that holds
     * one of these lines now reaches the interceptor. The opaque becomes a
     * copy of the original line, so an interceptor may still forward.
     */
    for (int i = 0; i < n; i++) {
        if (!gpio_in[i]) {
            continue;
        }
        qemu_irq orig = g_memdup2(gpio_in[i], sizeof(*gpio_in[i]));
        gpio_in[i]->handler = handler;
        gpio_in[i]->opaque = orig;
    }
}
