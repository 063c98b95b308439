/*
 * The IR optimizer (link stub; the real one follows).
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"

void tcg_optimize(TCGContext *s)
{
}
