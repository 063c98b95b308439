/*
 * GPIO lines of a device: named lists of inputs (qemu_irqs the device
 * allocates and handles) and outputs (qemu_irq slots in the device's state
 * that the board points at somebody's input). The unnamed list has name
 * NULL.
 */
#include "qemu/osdep.h"
#include "hw/qdev-core.h"

NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev, const char *name)
{
    NamedGPIOList *ngl;

    for (GList *l = dev->gpios; l; l = l->next) {
        ngl = l->data;
        if (g_strcmp0(name, ngl->name) == 0) {
            return ngl;
        }
    }
    ngl = g_new0(NamedGPIOList, 1);
    ngl->name = g_strdup(name);
    dev->gpios = g_list_append(dev->gpios, ngl);
    return ngl;
}

static NamedGPIOList *gpio_list_find(DeviceState *dev, const char *name)
{
    for (GList *l = dev->gpios; l; l = l->next) {
        NamedGPIOList *ngl = l->data;

        if (g_strcmp0(name, ngl->name) == 0) {
            return ngl;
        }
    }
    return NULL;
}

void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);

    g_assert(n >= 0);
    /* Repeated calls extend the list; new lines are numbered after it. */
    ngl->in = g_renew(qemu_irq, ngl->in, ngl->num_in + n);
    for (int i = 0; i < n; i++) {
        ngl->in[ngl->num_in + i] =
            qemu_allocate_irq(handler, dev, ngl->num_in + i);
    }
    ngl->num_in += n;
}

void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n)
{
    qdev_init_gpio_in_named(dev, handler, NULL, n);
}

void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);

    g_assert(n >= 0);
    ngl->out = g_renew(qemu_irq *, ngl->out, ngl->num_out + n);
    for (int i = 0; i < n; i++) {
        ngl->out[ngl->num_out + i] = &pins[i];
    }
    ngl->num_out += n;
}

void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n)
{
    qdev_init_gpio_out_named(dev, pins, NULL, n);
}

qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n)
{
    NamedGPIOList *ngl = gpio_list_find(dev, name);

    /* Wiring is board code: a bad index is a programming error. */
    g_assert(ngl && n >= 0 && n < ngl->num_in);
    return ngl->in[n];
}

qemu_irq qdev_get_gpio_in(DeviceState *dev, int n)
{
    return qdev_get_gpio_in_named(dev, NULL, n);
}

void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq pin)
{
    NamedGPIOList *ngl = gpio_list_find(dev, name);

    g_assert(ngl && n >= 0 && n < ngl->num_out);
    *ngl->out[n] = pin;
}

void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq pin)
{
    qdev_connect_gpio_out_named(dev, NULL, n, pin);
}

qemu_irq qdev_get_gpio_out_connector(DeviceState *dev, const char *name,
                                     int n)
{
    NamedGPIOList *ngl = gpio_list_find(dev, name);

    if (!ngl || n < 0 || n >= ngl->num_out) {
        return NULL;
    }
    return *ngl->out[n];
}

/* The unnamed list first, then the named ones in creation order. */
static GList *gpio_lists_in_order(DeviceState *dev)
{
    GList *order = NULL;
    NamedGPIOList *unnamed = gpio_list_find(dev, NULL);

    if (unnamed) {
        order = g_list_append(order, unnamed);
    }
    for (GList *l = dev->gpios; l; l = l->next) {
        NamedGPIOList *ngl = l->data;

        if (ngl->name) {
            order = g_list_append(order, ngl);
        }
    }
    return order;
}

/*
 * qtest: the lines are numbered 0.. across the lists in the order above, so
 * the unnamed lines keep their own numbers.
 */
void qdev_intercept_gpio_in(DeviceState *dev, qemu_irq_handler handler)
{
    GList *order = gpio_lists_in_order(dev);
    int base = 0;

    for (GList *l = order; l; l = l->next) {
        NamedGPIOList *ngl = l->data;

        qemu_irq_intercept_in(ngl->in, handler, ngl->num_in);
        for (int i = 0; i < ngl->num_in; i++) {
            ngl->in[i]->n = base + i;
            /* The opaque is now a copy of the original line; the device
             * owns it and frees it with itself. */
            if (!dev->gpio_in_intercept_copies) {
                dev->gpio_in_intercept_copies =
                    g_ptr_array_new_with_free_func(g_free);
            }
            g_ptr_array_add(dev->gpio_in_intercept_copies,
                            ngl->in[i]->opaque);
        }
        base += ngl->num_in;
    }
    g_list_free(order);
}

void qdev_intercept_gpio_out(DeviceState *dev, qemu_irq_handler handler)
{
    GList *order = gpio_lists_in_order(dev);
    int base = 0;

    for (GList *l = order; l; l = l->next) {
        NamedGPIOList *ngl = l->data;

        for (int i = 0; i < ngl->num_out; i++) {
            qemu_irq irq = qemu_allocate_irq(handler, dev, base + i);

            /* The device owns the interceptors; freed with it. */
            if (!dev->gpio_out_intercepts) {
                dev->gpio_out_intercepts =
                    g_ptr_array_new_with_free_func((GDestroyNotify)
                                                   qemu_free_irq);
            }
            g_ptr_array_add(dev->gpio_out_intercepts, irq);
            *ngl->out[i] = irq;
        }
        base += ngl->num_out;
    }
    g_list_free(order);
}
