/* The emulator's top level (system/vl.c). */
#ifndef SYSTEM_SYSTEM_H
#define SYSTEM_SYSTEM_H

#include "qemu/osdep.h"

/* Parses argv, creates the machine, runs the main loop; returns the exit
 * status. */
int qemu_main(int argc, char **argv);

/* -name guest=NAME, -uuid */
extern const char *qemu_name;
extern struct QemuUUID qemu_uuid;
extern bool qemu_uuid_set;

/* -nographic, -display none */
extern int display_type_none;

/* Firmware search path (-L); returns a g_malloc'd path or NULL. */
char *qemu_find_file(const char *name);
void qemu_add_data_dir(const char *path);

#endif
