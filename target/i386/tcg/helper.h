/*
 * All TCG helpers of the x86 frontend, as DEF_HELPER lists (see
 * include/exec/helper-head.h). Each list has one owner:
 *   helper-int.h  integer ISA: flags, multiply/divide, BCD, bit ops
 *   helper-sys.h  system: exceptions, segments, CRs, MSRs, I/O, CPUID
 *   helper-fpu.h  x87, MMX, SSE, AES, PCLMUL, XSAVE
 */
#include "target/i386/tcg/helper-int.h"
#include "target/i386/tcg/helper-sys.h"
#include "target/i386/tcg/helper-fpu.h"
