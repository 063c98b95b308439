/*
 * The qtest line protocol, independent of the rest of the emulator: line
 * assembly, parsing, validation, replies and the -qtest-log file. What a
 * verb does is delegated to QTestBackendOps, so the parser can be unit
 * tested against a fake machine.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ACCEL_QTEST_PROTO_H
#define ACCEL_QTEST_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

/* Largest read/write/b64read/b64write transfer, and the line that carries
 * it (base64 of the maximum plus the verb and numbers). */
#define QTEST_MAX_XFER (8u << 20)
#define QTEST_MAX_LINE (2 * QTEST_MAX_XFER + 256)
/* memset allocates nothing, but a huge one would stall the main loop. */
#define QTEST_MAX_MEMSET (1ull << 30)

typedef struct QTestProto QTestProto;

/*
 * Backend hooks. Functions returning bool report failure by returning
 * false and setting *err to a message (g_strdup'd; it becomes "FAIL msg").
 */
typedef struct QTestBackendOps {
    /* Guest physical memory; errors of the access itself are ignored, as
     * on a bus with nothing mapped reads give what the bus gives. */
    void (*mem_rw)(void *opaque, uint64_t addr, void *buf, size_t len,
                   bool is_write);
    void (*mem_set)(void *opaque, uint64_t addr, uint8_t c, uint64_t len);
    /* I/O ports; size is 1, 2 or 4. */
    uint32_t (*io_read)(void *opaque, uint16_t port, unsigned size);
    void (*io_write)(void *opaque, uint16_t port, unsigned size,
                     uint32_t val);
    /* Virtual clock; each returns the new clock value, or -1 with *err. */
    int64_t (*clock_step)(void *opaque, int64_t ns, char **err);
    int64_t (*clock_step_next)(void *opaque, char **err);
    int64_t (*clock_set)(void *opaque, int64_t ns, char **err);
    /* GPIO interception and driving. name NULL is the unnamed list. */
    bool (*irq_intercept)(void *opaque, const char *path, bool out,
                          char **err);
    bool (*set_irq_in)(void *opaque, const char *path, const char *name,
                       int num, int level, char **err);
    bool big_endian;
    /* Writes one complete reply line (with its '\n'). */
    void (*send)(void *opaque, const char *text, size_t len);
} QTestBackendOps;

/* log may be NULL; it is not closed by qtest_proto_free(). */
QTestProto *qtest_proto_new(const QTestBackendOps *ops, void *opaque,
                            FILE *log);
void qtest_proto_free(QTestProto *s);

/* Feed bytes received from the peer; complete lines are executed. */
void qtest_proto_feed(QTestProto *s, const uint8_t *buf, size_t len);
/* Run one line (without '\n'). */
void qtest_proto_process_line(QTestProto *s, const char *line);

/* Connection state changes: drop partial input; log OPENED / CLOSED. */
void qtest_proto_opened(QTestProto *s);
void qtest_proto_closed(QTestProto *s);

/* Asynchronous notice "IRQ raise N" / "IRQ lower N". */
void qtest_proto_send_irq(QTestProto *s, int n, bool level);

#endif
