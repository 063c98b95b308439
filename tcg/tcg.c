/*
 * The TCG context: op definitions, temps (globals, TB/EBB temps,
 * interned constants), labels and op emission. See docs/devel/tcg-ir.md.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg-internal.h"

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define DEF(n, o, i, c, f) \
    [INDEX_op_##n] = { .name = #n, .nb_oargs = o, .nb_iargs = i, \
                       .nb_cargs = c, .flags = f },
#include "tcg/tcg-opc.h"
#undef DEF
};

__thread TCGContext *tcg_ctx;
TCGv_ptr tcg_env;

/*
 * Weak so that the runtime or a backend may define it too; a backend's
 * init_code_buffer points it at its return-to-runtime code.
 */
__attribute__((weak)) const void *tcg_code_gen_epilogue;

/* The template holding env and the globals; every context copies it. */
static TCGContextFull *tcg_template;
/* Every context made so far, so late globals reach them all. */
static GPtrArray *tcg_all_contexts;
static GMutex tcg_ctx_lock;

static guint const_key_hash(gconstpointer p)
{
    const TCGConstKey *k = p;
    return g_int64_hash(&k->val) ^ (guint)k->type;
}

static gboolean const_key_equal(gconstpointer a, gconstpointer b)
{
    const TCGConstKey *x = a, *y = b;
    return x->val == y->val && x->type == y->type;
}

static TCGContextFull *context_alloc(void)
{
    TCGContextFull *f = g_new0(TCGContextFull, 1);
    TCGContext *s = &f->s;

    for (int t = 0; t < 2; t++) {
        for (int k = 0; k < 2; k++) {
            s->free_temps[t][k] = g_array_new(false, false, sizeof(int));
        }
    }
    f->consts = g_hash_table_new_full(const_key_hash, const_key_equal,
                                      g_free, NULL);
    s->ops_cap = 256;
    s->ops = g_new0(TCGOp, s->ops_cap);
    return f;
}

static void temp_init(TCGTemp *t, TCGType type, TCGTempKind kind)
{
    memset(t, 0, sizeof(*t));
    t->type = type;
    t->kind = kind;
    t->allocated = true;
    t->reg = -1;
}

void tcg_init(void)
{
    TCGContextFull *f;
    TCGTemp *env;

    g_mutex_lock(&tcg_ctx_lock);
    if (tcg_template) {
        g_mutex_unlock(&tcg_ctx_lock);
        if (!tcg_ctx) {
            tcg_ctx = &tcg_template->s;
        }
        return;
    }
    f = context_alloc();
    env = &f->s.temps[0];
    temp_init(env, TCG_TYPE_PTR, TEMP_FIXED);
    env->name = "env";
    f->s.nb_globals = 1;
    f->s.nb_temps = 1;
    tcg_template = f;
    tcg_all_contexts = g_ptr_array_new();
    g_ptr_array_add(tcg_all_contexts, f);
    tcg_env = (TCGv_ptr)(uintptr_t)1;
    g_mutex_unlock(&tcg_ctx_lock);
    if (!tcg_ctx) {
        tcg_ctx = &f->s;
    }
    tcg_func_start(&f->s);
}

TCGContext *tcg_context_create(void)
{
    TCGContextFull *f = context_alloc();
    TCGContext *s = &f->s;

    g_assert(tcg_template);
    g_mutex_lock(&tcg_ctx_lock);
    s->nb_globals = tcg_template->s.nb_globals;
    memcpy(s->temps, tcg_template->s.temps,
           sizeof(TCGTemp) * s->nb_globals);
    s->nb_temps = s->nb_globals;
    g_ptr_array_add(tcg_all_contexts, f);
    g_mutex_unlock(&tcg_ctx_lock);
    tcg_func_start(s);
    return s;
}

static int global_new(TCGType type, intptr_t offset, const char *name)
{
    int idx;

    g_assert(tcg_template);
    g_mutex_lock(&tcg_ctx_lock);
    idx = tcg_template->s.nb_globals;
    if (idx >= TCG_MAX_TEMPS / 4) {
        g_error("tcg: too many globals");
    }
    for (guint i = 0; i < tcg_all_contexts->len; i++) {
        TCGContextFull *f = g_ptr_array_index(tcg_all_contexts, i);
        TCGContext *s = &f->s;
        TCGTemp *t;

        /* Globals must be registered before any TB temp exists. */
        g_assert(s->nb_temps == s->nb_globals && s->nb_globals == idx);
        t = &s->temps[idx];
        temp_init(t, type, TEMP_GLOBAL);
        t->mem_offset = offset;
        t->name = name;
        s->nb_globals++;
        s->nb_temps++;
    }
    g_mutex_unlock(&tcg_ctx_lock);
    return idx;
}

TCGv_i32 tcg_global_mem_new_i32(TCGv_ptr base, intptr_t offset,
                                const char *name)
{
    g_assert(base == tcg_env);
    return (TCGv_i32)(uintptr_t)(global_new(TCG_TYPE_I32, offset, name) + 1);
}

TCGv_i64 tcg_global_mem_new_i64(TCGv_ptr base, intptr_t offset,
                                const char *name)
{
    g_assert(base == tcg_env);
    return (TCGv_i64)(uintptr_t)(global_new(TCG_TYPE_I64, offset, name) + 1);
}

void tcg_func_start(TCGContext *s)
{
    TCGContextFull *f = container_of(s, TCGContextFull, s);

    for (int t = 0; t < 2; t++) {
        for (int k = 0; k < 2; k++) {
            g_array_set_size(s->free_temps[t][k], 0);
        }
    }
    g_hash_table_remove_all(f->consts);
    s->nb_temps = s->nb_globals;
    for (int i = 0; i < s->nb_globals; i++) {
        s->temps[i].state = 0;
        s->temps[i].state_ptr = NULL;
        s->temps[i].reg = -1;
        s->temps[i].val_type = 0;
        s->temps[i].mem_coherent = false;
    }
    s->nb_ops = 0;
    /* Labels are pooled: the structures are reused TB after TB. */
    s->nb_labels = 0;
    s->nb_insns = 0;
}

static TCGTemp *temp_alloc(TCGContext *s, TCGType type, TCGTempKind kind)
{
    TCGTemp *t;

    if (s->nb_temps >= TCG_MAX_TEMPS) {
        g_error("tcg: out of temps (%d); free temps in the frontend",
                TCG_MAX_TEMPS);
    }
    t = &s->temps[s->nb_temps++];
    temp_init(t, type, kind);
    return t;
}

TCGTemp *tcg_temp_new_internal(TCGType type, TCGTempKind kind)
{
    TCGContext *s = tcg_ctx;
    GArray *fl = s->free_temps[type][kind == TEMP_TB];

    if (fl->len) {
        int idx = g_array_index(fl, int, fl->len - 1);
        TCGTemp *t = &s->temps[idx];

        g_array_set_size(fl, fl->len - 1);
        temp_init(t, type, kind);
        return t;
    }
    return temp_alloc(s, type, kind);
}

void tcg_temp_free_internal(TCGTemp *t)
{
    TCGContext *s = tcg_ctx;
    int idx = temp_idx(t);

    if (t->kind != TEMP_EBB && t->kind != TEMP_TB) {
        return;     /* constants and globals are never freed */
    }
    g_assert(t->allocated);
    t->allocated = false;
    g_array_append_val(s->free_temps[t->type][t->kind == TEMP_TB], idx);
}

TCGTemp *tcg_constant_internal(TCGType type, int64_t val)
{
    TCGContext *s = tcg_ctx;
    TCGContextFull *f = container_of(s, TCGContextFull, s);
    TCGConstKey key = { .val = val, .type = type };
    gpointer p;
    TCGTemp *t;
    TCGConstKey *k;

    if (type == TCG_TYPE_I32) {
        key.val = val = (int32_t)val;
    }
    p = g_hash_table_lookup(f->consts, &key);
    if (p) {
        return &s->temps[GPOINTER_TO_INT(p) - 1];
    }
    t = temp_alloc(s, type, TEMP_CONST);
    t->val = val;
    k = g_new(TCGConstKey, 1);
    *k = key;
    g_hash_table_insert(f->consts, k, GINT_TO_POINTER(temp_idx(t) + 1));
    return t;
}

TCGv_i32 tcg_temp_new_i32(void)
{
    return temp_tcgv_i32(tcg_temp_new_internal(TCG_TYPE_I32, TEMP_TB));
}

TCGv_i64 tcg_temp_new_i64(void)
{
    return temp_tcgv_i64(tcg_temp_new_internal(TCG_TYPE_I64, TEMP_TB));
}

TCGv_ptr tcg_temp_new_ptr(void)
{
    return temp_tcgv_ptr(tcg_temp_new_internal(TCG_TYPE_PTR, TEMP_TB));
}

TCGv_i32 tcg_temp_ebb_new_i32(void)
{
    return temp_tcgv_i32(tcg_temp_new_internal(TCG_TYPE_I32, TEMP_EBB));
}

TCGv_i64 tcg_temp_ebb_new_i64(void)
{
    return temp_tcgv_i64(tcg_temp_new_internal(TCG_TYPE_I64, TEMP_EBB));
}

void tcg_temp_free_i32(TCGv_i32 t)
{
    tcg_temp_free_internal(tcgv_i32_temp(t));
}

void tcg_temp_free_i64(TCGv_i64 t)
{
    tcg_temp_free_internal(tcgv_i64_temp(t));
}

void tcg_temp_free_ptr(TCGv_ptr t)
{
    tcg_temp_free_internal(tcgv_ptr_temp(t));
}

TCGv_i32 tcg_constant_i32(int32_t val)
{
    return temp_tcgv_i32(tcg_constant_internal(TCG_TYPE_I32, val));
}

TCGv_i64 tcg_constant_i64(int64_t val)
{
    return temp_tcgv_i64(tcg_constant_internal(TCG_TYPE_I64, val));
}

TCGv_ptr tcg_constant_ptr(intptr_t val)
{
    return temp_tcgv_ptr(tcg_constant_internal(TCG_TYPE_PTR, val));
}

TCGLabel *gen_new_label(void)
{
    TCGContext *s = tcg_ctx;
    TCGLabel *l;

    if (s->nb_labels == s->labels_cap) {
        int ncap = s->labels_cap ? s->labels_cap * 2 : 32;

        s->labels = g_renew(TCGLabel *, s->labels, ncap);
        for (int i = s->labels_cap; i < ncap; i++) {
            s->labels[i] = g_new0(TCGLabel, 1);
        }
        s->labels_cap = ncap;
    }
    l = s->labels[s->nb_labels];
    memset(l, 0, sizeof(*l));
    l->id = s->nb_labels++;
    return l;
}

TCGOp *tcg_emit_op(TCGOpcode opc, TCGType type, int nargs)
{
    TCGContext *s = tcg_ctx;
    const TCGOpDef *def = &tcg_op_defs[opc];
    TCGOp *op;

    g_assert(nargs <= TCG_MAX_OP_ARGS);
    if (s->nb_ops == s->ops_cap) {
        s->ops_cap *= 2;
        s->ops = g_renew(TCGOp, s->ops, s->ops_cap);
    }
    op = &s->ops[s->nb_ops++];
    memset(op, 0, sizeof(*op));
    op->opc = opc;
    op->type = type;
    op->nb_oargs = def->nb_oargs;
    op->nb_iargs = def->nb_iargs;
    return op;
}
