/*
 * The TCGHelperInfo of every x86 helper (gen_helper_* refer to them).
 * Until every owner of a helper list has its helpers linked in, only the
 * lists present are expanded here.
 */
#include "qemu/osdep.h"
#include "target/i386/cpu.h"

#define HELPER_H "target/i386/tcg/helper-int.h"
#include "exec/helper-proto.h"
#include "exec/helper-info.c.inc"
