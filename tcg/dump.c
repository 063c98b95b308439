/*
 * Human-readable IR dumps (link stub; the real one follows).
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg-internal.h"

const char *tcg_cond_name(TCGCond c)
{
    return "cond";
}

void tcg_dump_ops(TCGContext *s, GString *out)
{
    for (int i = 0; i < s->nb_ops; i++) {
        g_string_append_printf(out, " %s\n", tcg_op_defs[s->ops[i].opc].name);
    }
}
