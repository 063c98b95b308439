/*
 * The TCGHelperInfo of every x86 helper (gen_helper_* refer to them):
 * the integer, system and x87/SSE lists of helper.h.
 */
#include "qemu/osdep.h"
#include "target/i386/cpu.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"
#include "exec/helper-info.c.inc"
