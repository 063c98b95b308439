/*
 * qtest: a test peer drives the machine over a line protocol (memory and
 * I/O port access, the virtual clock, GPIO interception) instead of guest
 * code running. The client side is tests/qtest/libqtest.h.
 *
 * Command line (parsed by system/vl.c):
 *   -qtest CHARDEV    the chardev spec, as -serial takes it ("unix:PATH",
 *                     "tcp:HOST:PORT", "stdio", "chardev:ID", ...); call
 *                     qtest_server_init() once the chardevs exist. As in
 *                     QEMU, -qtest makes "qtest" the default accelerator.
 *   -qtest-log FILE   log the traffic to FILE ("none": no log); without it
 *                     the log goes to stderr.
 *   -accel qtest      no guest code runs; the virtual clock moves only by
 *                     the peer's clock_step / clock_set.
 */
#ifndef SYSTEM_QTEST_H
#define SYSTEM_QTEST_H

#include "qemu/osdep.h"

#define TYPE_QTEST_ACCEL "qtest-accel"     /* ACCEL_CLASS_NAME("qtest") */

/* True when the qtest accelerator is the one in use. */
bool qtest_enabled(void);

/* True once qtest_server_init() has succeeded. */
bool qtest_server_active(void);

/* Opens the chardev and starts serving; logfile may be NULL. */
bool qtest_server_init(const char *chardev_spec, const char *logfile,
                       Error **errp);

#endif
