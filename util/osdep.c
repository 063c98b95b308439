/*
 * Host facts cached once at start-up.
 */
#include "qemu/osdep.h"

uintptr_t qemu_real_host_page_size;

/* A high-priority constructor, so code running from other constructors
 * (type_init) and unit tests see the value without an init call. */
static void __attribute__((constructor(101))) init_host_page_size(void)
{
    long sz = sysconf(_SC_PAGESIZE);

    qemu_real_host_page_size = sz > 0 ? (uintptr_t)sz : 4096;
}
