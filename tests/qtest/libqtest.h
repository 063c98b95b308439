/*
 * libqtest: client side of the qtest protocol, for device tests.
 *
 * A test starts the emulator with qtest_init(), which connects two sockets:
 * the qtest line protocol (memory, I/O ports, clock, IRQ lines) and a QMP
 * monitor. Every verb below asserts (fails the test) on protocol errors, so
 * tests can use the return values directly.
 *
 * QMP values are json-glib objects. Ownership follows json-glib's rules and
 * is stated on each function: "new reference" means the caller must
 * json_object_unref()/json_node_unref() it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LIBQTEST_H
#define LIBQTEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <glib.h>
#include <json-glib/json-glib.h>

typedef struct QTestState QTestState;

/*
 * Start-up and shutdown
 */

/*
 * Start $QTEST_QEMU_BINARY with "-qtest ... -accel qtest ... <extra_args>"
 * and connect qtest and QMP (greeting read, qmp_capabilities done).
 * extra_args is split by the shell, like a command line; may be NULL.
 * Environment:
 *   QTEST_QEMU_BINARY  emulator to run (required)
 *   QTEST_LOG          if set: "1" logs protocol traffic to stderr, any other
 *                      value is the path of the emulator's -qtest-log file
 *   QTEST_ACCEL        accelerator to pass instead of "qtest"; set it empty
 *                      to pass no -accel at all (for binaries without one)
 */
QTestState *qtest_init(const char *extra_args);
QTestState *qtest_initf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
QTestState *qtest_vinitf(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);

/* Like qtest_init() but without the QMP capabilities handshake: the test
 * receives the greeting itself with qtest_qmp_receive_dict(). */
QTestState *qtest_init_without_qmp_handshake(const char *extra_args);

/* Terminate the emulator (SIGTERM), reap it, check its exit status equals
 * the expected one (0 unless changed), and free s. NULL is a no-op. */
void qtest_quit(QTestState *s);

/* Exit status qtest_quit() and qtest_wait_qemu() expect (default 0). */
void qtest_set_expected_status(QTestState *s, int status);

/* Wait for the emulator to exit on its own (e.g. after QMP "quit") and
 * return its exit status (128 + signal number if killed by a signal). After
 * this, qtest_quit() only frees s. */
int qtest_wait_qemu(QTestState *s);

/* Send SIGKILL and reap; status as qtest_wait_qemu(). */
int qtest_kill_qemu(QTestState *s);

/* True if the emulator is still running (reaps it if it has exited). */
bool qtest_probe_child(QTestState *s);

pid_t qtest_pid(QTestState *s);

/*
 * qtest verbs. Addresses are guest physical; ports are I/O ports.
 */

void qtest_outb(QTestState *s, uint16_t port, uint8_t value);
void qtest_outw(QTestState *s, uint16_t port, uint16_t value);
void qtest_outl(QTestState *s, uint16_t port, uint32_t value);
uint8_t qtest_inb(QTestState *s, uint16_t port);
uint16_t qtest_inw(QTestState *s, uint16_t port);
uint32_t qtest_inl(QTestState *s, uint16_t port);

void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value);
void qtest_writew(QTestState *s, uint64_t addr, uint16_t value);
void qtest_writel(QTestState *s, uint64_t addr, uint32_t value);
void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value);
uint8_t qtest_readb(QTestState *s, uint64_t addr);
uint16_t qtest_readw(QTestState *s, uint64_t addr);
uint32_t qtest_readl(QTestState *s, uint64_t addr);
uint64_t qtest_readq(QTestState *s, uint64_t addr);

/* Bulk transfers: memread/memwrite use hex ("read"/"write"), bufread and
 * bufwrite use base64 ("b64read"/"b64write"). size 0 is a no-op. */
void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_memwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size);
void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size);
void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern, size_t size);

/* Advance the virtual clock by step ns; return the new clock value. */
int64_t qtest_clock_step(QTestState *s, int64_t step);
/* Advance to the next pending virtual-clock deadline; return the clock. */
int64_t qtest_clock_step_next(QTestState *s);
/* Set the virtual clock to val ns (must not go backwards); return it. */
int64_t qtest_clock_set(QTestState *s, int64_t val);

/* Intercept the GPIO inputs (resp. outputs) of the device at qom_path: from
 * then on, level changes on them arrive as "IRQ raise|lower N" and are
 * tracked for qtest_get_irq(). Only one device may be intercepted. */
void qtest_irq_intercept_in(QTestState *s, const char *qom_path);
void qtest_irq_intercept_out(QTestState *s, const char *qom_path);

/* Drive GPIO input number num of the named list (NULL or "" for the
 * unnamed list, sent as "unnamed-gpio-in" like QEMU) of the device at
 * qom_path to level. */
void qtest_set_irq_in(QTestState *s, const char *qom_path, const char *name,
                      int num, int level);

/* Last level seen for intercepted line num (0..255); false if never
 * raised. */
bool qtest_get_irq(QTestState *s, int num);

/* True if the target is big-endian (asks the server once, then cached). */
bool qtest_big_endian(QTestState *s);

/* Send one printf-formatted qtest line (no newline needed) and return the
 * whole response line, "OK ...", "FAIL ..." or "ERR ...", without checking
 * it. For tests of the protocol itself. Free with g_free(). */
char *qtest_raw_cmd(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/*
 * QMP
 *
 * Formats are printf-style and must produce one JSON object. For
 * convenience, single quotes in the format string itself (not in %s
 * arguments) are turned into double quotes, so
 *     qtest_qmp(s, "{'execute': 'qom-get', 'arguments': {'path': '%s'}}", p)
 * works. %s arguments are inserted verbatim (no JSON escaping).
 */

/* Send a command, wait for its response (buffering any events received
 * meanwhile) and return it. New reference. */
JsonObject *qtest_qmp(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
JsonObject *qtest_vqmp(QTestState *s, const char *fmt, va_list ap)
    G_GNUC_PRINTF(2, 0);

/* Send a command, fail the test unless the response has "return", and
 * return that "return" node. The node is owned by s and stays valid until
 * the next QMP call on s or qtest_quit(); do not unref it. */
JsonNode *qtest_qmp_assert_success(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* Same, but the "return" node is a new reference for the caller. */
JsonNode *qtest_qmp_assert_success_ref(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* Send a command without waiting for its response. */
void qtest_qmp_send(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void qtest_qmp_vsend(QTestState *s, const char *fmt, va_list ap)
    G_GNUC_PRINTF(2, 0);
/* Send text exactly as given (no formatting, no validation, no newline
 * added), e.g. malformed JSON. */
void qtest_qmp_send_raw(QTestState *s, const char *text);

/* Connects to a unix socket server the emulator opened (e.g. a second
 * monitor's chardev), retrying while it appears. Fails the test if it
 * never does. */
int qtest_socket_client(const char *path);

/* Next response (a message without "event"), buffering events. New ref. */
JsonObject *qtest_qmp_receive(QTestState *s);
/* Next message of any kind, straight from the socket. New reference. */
JsonObject *qtest_qmp_receive_dict(QTestState *s);

/* Wait for an event named event (taking it from the buffer first) and
 * return the whole event object (new reference). Other events stay
 * buffered. Fails the test if the emulator exits first. */
JsonObject *qtest_qmp_eventwait_ref(QTestState *s, const char *event);
void qtest_qmp_eventwait(QTestState *s, const char *event);
/* Take a buffered event without waiting; NULL if none. New reference. */
JsonObject *qtest_qmp_event_ref(QTestState *s, const char *event);

/*
 * Small helpers
 */

/* Serialize a JSON object/node to compact text. Free with g_free(). */
char *qtest_json_to_string(JsonObject *obj);
char *qtest_json_node_to_string(JsonNode *node);

/* "x86_64" */
const char *qtest_get_arch(void);

/* g_test_add_func/g_test_add_data_func with the "/<arch>/" path prefix. */
void qtest_add_func(const char *path, GTestFunc fn);
void qtest_add_data_func(const char *path, const void *data,
                         GTestDataFunc fn);

#endif /* LIBQTEST_H */
