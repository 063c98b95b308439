/*
 * Liveness analysis (link stub; the real one follows).
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"

void tcg_liveness_analysis(TCGContext *s)
{
    for (int i = 0; i < s->nb_ops; i++) {
        s->ops[i].life = 0;
    }
}
