/*
 * qtest: the accelerator that runs no guest code, and the server that lets
 * a test peer drive the machine over a chardev. The protocol itself (parsing,
 * validation, replies, log) is in qtest-proto.c; this file binds its hooks
 * to the memory API, the virtual clock and qdev GPIO lines.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"

#include "accel/qtest/qtest-proto.h"
#include "chardev/char.h"
#include "exec/memory.h"
#include "hw/boards.h"
#include "hw/core/cpu.h"
#include "hw/irq.h"
#include "hw/qdev-core.h"
#include "qapi/error.h"
#include "qemu/timer.h"
#include "qom/object.h"
#include "system/accel.h"
#include "system/qtest.h"

typedef struct QTestServer {
    Chardev *chr;
    CharBackend be;
    QTestProto *proto;
    FILE *log;
    DeviceState *irq_dev;     /* device whose GPIOs are intercepted */
    bool irq_out;             /* ... outputs rather than inputs */
} QTestServer;

static QTestServer *server;

bool qtest_enabled(void)
{
    return accel_is("qtest");
}

bool qtest_server_active(void)
{
    return server != NULL;
}

/* ------------------------------------------------------------------ */
/* Backend hooks                                                       */

static void be_mem_rw(void *opaque, uint64_t addr, void *buf, size_t len,
                      bool is_write)
{
    /* Unmapped ranges read as the bus gives them; errors are not ours. */
    address_space_rw(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                     buf, len, is_write);
}

static void be_mem_set(void *opaque, uint64_t addr, uint8_t c, uint64_t len)
{
    address_space_set(&address_space_memory, addr, c, len,
                      MEMTXATTRS_UNSPECIFIED);
}

static uint32_t be_io_read(void *opaque, uint16_t port, unsigned size)
{
    switch (size) {
    case 1:
        return address_space_ldub(&address_space_io, port,
                                  MEMTXATTRS_UNSPECIFIED, NULL);
    case 2:
        return address_space_lduw_le(&address_space_io, port,
                                     MEMTXATTRS_UNSPECIFIED, NULL);
    default:
        return address_space_ldl_le(&address_space_io, port,
                                    MEMTXATTRS_UNSPECIFIED, NULL);
    }
}

static void be_io_write(void *opaque, uint16_t port, unsigned size,
                        uint32_t val)
{
    switch (size) {
    case 1:
        address_space_stb(&address_space_io, port, (uint8_t)val,
                          MEMTXATTRS_UNSPECIFIED, NULL);
        break;
    case 2:
        address_space_stw_le(&address_space_io, port, (uint16_t)val,
                             MEMTXATTRS_UNSPECIFIED, NULL);
        break;
    default:
        address_space_stl_le(&address_space_io, port, val,
                             MEMTXATTRS_UNSPECIFIED, NULL);
        break;
    }
}

static bool clock_is_ours(char **err)
{
    if (!qemu_clock_virtual_is_manual()) {
        *err = g_strdup("the virtual clock is driven by qtest only with "
                        "-accel qtest");
        return false;
    }
    return true;
}

static int64_t be_clock_step(void *opaque, int64_t ns, char **err)
{
    int64_t now;

    if (!clock_is_ours(err)) {
        return -1;
    }
    now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    if (ns > INT64_MAX - now) {
        *err = g_strdup("step overflows the clock");
        return -1;
    }
    return qemu_clock_advance_virtual(ns);
}

static int64_t be_clock_step_next(void *opaque, char **err)
{
    int64_t deadline;

    if (!clock_is_ours(err)) {
        return -1;
    }
    deadline = qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL);
    if (deadline < 0) {
        /* Nothing pending: the clock stays where it is. */
        return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    }
    return be_clock_step(opaque, deadline, err);
}

static int64_t be_clock_set(void *opaque, int64_t ns, char **err)
{
    if (!clock_is_ours(err)) {
        return -1;
    }
    if (ns < qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL)) {
        *err = g_strdup("the clock cannot go backwards");
        return -1;
    }
    return qemu_clock_set_virtual(ns);
}

static DeviceState *find_device(const char *path, char **err)
{
    bool ambiguous = false;
    Object *obj = object_resolve_path(path, &ambiguous);
    Object *dev;

    if (!obj) {
        *err = g_strdup(ambiguous ? "Ambiguous device path" : "Unknown device");
        return NULL;
    }
    dev = object_dynamic_cast(obj, TYPE_DEVICE);
    if (!dev) {
        *err = g_strdup("Not a device");
        return NULL;
    }
    return DEVICE(dev);
}

/* The device's GPIO list called name (NULL: unnamed), without creating it. */
static NamedGPIOList *find_gpio_list(DeviceState *dev, const char *name)
{
    for (GList *l = dev->gpios; l; l = l->next) {
        NamedGPIOList *ngl = l->data;
        if (g_strcmp0(ngl->name, name) == 0) {
            return ngl;
        }
    }
    return NULL;
}

static void qtest_irq_handler(void *opaque, int n, int level)
{
    if (server) {
        qtest_proto_send_irq(server->proto, n, level != 0);
    }
}

static bool be_irq_intercept(void *opaque, const char *path, bool out,
                             char **err)
{
    QTestServer *s = opaque;
    DeviceState *dev = find_device(path, err);
    bool any = false;

    if (!dev) {
        return false;
    }
    if (s->irq_dev) {
        if (s->irq_dev == dev && s->irq_out == out) {
            return true;
        }
        *err = g_strdup("IRQ intercept already enabled");
        return false;
    }
    for (GList *l = dev->gpios; l; l = l->next) {
        NamedGPIOList *ngl = l->data;
        any |= out ? ngl->num_out > 0 : ngl->num_in > 0;
    }
    if (!any) {
        *err = g_strdup_printf("device has no GPIO %s", out ? "outputs"
                                                          : "inputs");
        return false;
    }
    if (out) {
        qdev_intercept_gpio_out(dev, qtest_irq_handler);
    } else {
        qdev_intercept_gpio_in(dev, qtest_irq_handler);
    }
    /* Hold the device: the handlers we installed refer to its lines. */
    object_ref(OBJECT(dev));
    s->irq_dev = dev;
    s->irq_out = out;
    return true;
}

static bool be_set_irq_in(void *opaque, const char *path, const char *name,
                          int num, int level, char **err)
{
    DeviceState *dev = find_device(path, err);
    NamedGPIOList *ngl;

    if (!dev) {
        return false;
    }
    ngl = find_gpio_list(dev, name);
    if (!ngl || ngl->num_in == 0) {
        *err = g_strdup_printf("device has no GPIO input list '%s'",
                               name ? name : "unnamed");
        return false;
    }
    if (num < 0 || num >= ngl->num_in) {
        *err = g_strdup_printf("GPIO input %d out of range (%d inputs)", num,
                               ngl->num_in);
        return false;
    }
    qemu_set_irq(qdev_get_gpio_in_named(dev, name, num), level);
    return true;
}

static void be_send(void *opaque, const char *text, size_t len)
{
    QTestServer *s = opaque;

    /* Blocks until written or the peer is gone; a lost peer is not fatal. */
    qemu_chr_fe_write_all(&s->be, (const uint8_t *)text, (int)len);
}

static const QTestBackendOps qtest_backend_ops = {
    .mem_rw = be_mem_rw,
    .mem_set = be_mem_set,
    .io_read = be_io_read,
    .io_write = be_io_write,
    .clock_step = be_clock_step,
    .clock_step_next = be_clock_step_next,
    .clock_set = be_clock_set,
    .irq_intercept = be_irq_intercept,
    .set_irq_in = be_set_irq_in,
    .big_endian = false,
    .send = be_send,
};

/* ------------------------------------------------------------------ */
/* Chardev frontend                                                    */

static int qtest_can_read(void *opaque)
{
    return 64 * 1024;
}

static void qtest_read(void *opaque, const uint8_t *buf, int size)
{
    QTestServer *s = opaque;

    if (size > 0) {
        qtest_proto_feed(s->proto, buf, (size_t)size);
    }
}

static void qtest_event(void *opaque, QEMUChrEvent event)
{
    QTestServer *s = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        qtest_proto_opened(s->proto);
        break;
    case CHR_EVENT_CLOSED:
        /* Like QEMU: keep running; the test harness ends us. */
        qtest_proto_closed(s->proto);
        break;
    default:
        break;
    }
}

bool qtest_server_init(const char *chardev_spec, const char *logfile,
                       Error **errp)
{
    QTestServer *s;
    Chardev *chr;
    FILE *log = NULL;

    if (server) {
        error_setg(errp, "-qtest: only one qtest server is supported");
        return false;
    }
    if (!logfile) {
        log = stderr;
    } else if (strcmp(logfile, "none") != 0) {
        log = fopen(logfile, "w");
        if (!log) {
            error_setg_errno(errp, errno, "-qtest-log: cannot open '%s'",
                             logfile);
            return false;
        }
    }

    chr = qemu_chr_new("qtest", chardev_spec, errp);
    if (!chr) {
        error_prepend(errp, "-qtest %s: ", chardev_spec);
        if (log && log != stderr) {
            fclose(log);
        }
        return false;
    }

    s = g_new0(QTestServer, 1);
    s->chr = chr;
    s->log = log;
    s->proto = qtest_proto_new(&qtest_backend_ops, s, log);
    if (!qemu_chr_fe_init(&s->be, chr, errp)) {
        error_prepend(errp, "-qtest %s: ", chardev_spec);
        qtest_proto_free(s->proto);
        if (log && log != stderr) {
            fclose(log);
        }
        g_free(s);
        return false;
    }
    server = s;
    qemu_chr_fe_set_handlers(&s->be, qtest_can_read, qtest_read, qtest_event,
                             s, NULL, true);
    return true;
}

/* ------------------------------------------------------------------ */
/* The accelerator                                                     */

static int qtest_init_machine(MachineState *ms, Error **errp)
{
    qemu_clock_set_virtual_manual(true);
    return 0;
}

static bool qtest_create_vcpu_thread(CPUState *cpu, Error **errp)
{
    /* No guest code runs: the vCPU exists but never gets a thread. */
    cpu->created = true;
    cpu->stopped = true;
    return true;
}

static void qtest_kick_vcpu_thread(CPUState *cpu)
{
}

static void qtest_destroy_vcpu_thread(CPUState *cpu)
{
    cpu->created = false;
}

static void qtest_synchronize_state(CPUState *cpu)
{
}

static bool qtest_cpus_are_resettable(void)
{
    return true;
}

static const AccelOpsClass qtest_accel_ops = {
    .create_vcpu_thread = qtest_create_vcpu_thread,
    .kick_vcpu_thread = qtest_kick_vcpu_thread,
    .destroy_vcpu_thread = qtest_destroy_vcpu_thread,
    .synchronize_state = qtest_synchronize_state,
    .synchronize_post_reset = qtest_synchronize_state,
    .synchronize_post_init = qtest_synchronize_state,
    .cpus_are_resettable = qtest_cpus_are_resettable,
};

static void qtest_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "qtest";
    ac->init_machine = qtest_init_machine;
    ac->ops = &qtest_accel_ops;
}

static const TypeInfo qtest_accel_type = {
    .name = TYPE_QTEST_ACCEL,
    .parent = TYPE_ACCEL,
    .class_init = qtest_accel_class_init,
};

static void qtest_register_types(void)
{
    type_register_static(&qtest_accel_type);
}

type_init(qtest_register_types)
