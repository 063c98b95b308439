/* Private glue between the main-loop files. */
#ifndef MAIN_LOOP_INT_H
#define MAIN_LOOP_INT_H

#include "qemu/osdep.h"

/* Runs the bottom halves scheduled before the call; true if any ran. */
bool qemu_bh_poll(void);
/* True if a bottom half waits to run (poll must not block). */
bool qemu_bh_pending(void);
/* True on the thread that called qemu_init_main_loop(). */
bool qemu_in_main_thread(void);

#endif
