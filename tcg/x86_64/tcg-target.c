/*
 * The native x86-64 backend: turns TCG IR into host machine code. This
 * file has the backend interface (prologue/epilogue, the per-TB op loop,
 * labels, TB exits and chaining); the op emitters are in ops.c and
 * ldst.c, the allocator in regalloc.c, the encoder in emit.c. See
 * docs/devel/tcg-native.md.
 */
#include "qemu/osdep.h"
#include <cpuid.h>
#include "native.h"
#include "exec/exec-all.h"

#define ARG(i) arg_temp(op->args[i])

unsigned native_host_features;
static unsigned native_features_detected;
static bool native_features_probed;

/* Shared code from init_code_buffer. */
static const uint8_t *native_prologue;
static const uint8_t *native_epilogue_zero;  /* returns 0 */
static const uint8_t *native_epilogue_ret;   /* returns rax */

static void native_probe_features(void)
{
    unsigned a, b, c, d, f = 0;

    if (native_features_probed) {
        return;
    }
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_POPCNT)) {
        f |= NATIVE_HAVE_POPCNT;
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d) && (c & bit_LZCNT)) {
        f |= NATIVE_HAVE_LZCNT;
    }
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        if (b & bit_BMI) {
            f |= NATIVE_HAVE_BMI1;
        }
        if (b & bit_BMI2) {
            f |= NATIVE_HAVE_BMI2;
        }
    }
    native_features_detected = f;
    native_host_features = f;
    native_features_probed = true;
}

void tcg_native_set_host_features(unsigned mask)
{
    native_probe_features();
    native_host_features = native_features_detected & mask;
}

unsigned tcg_native_get_host_features(void)
{
    native_probe_features();
    return native_host_features;
}

static const int saved_regs[] = {
    TCG_REG_RBP, TCG_REG_RBX, TCG_REG_R12, TCG_REG_R13, TCG_REG_R14, TCG_REG_R15,
};
/* return address + pushes + frame keep rsp 16-byte aligned */
QEMU_BUILD_BUG_ON((8 + sizeof(saved_regs) / sizeof(int) * 8 + FRAME_SIZE)
                  % 16 != 0);

static void out_push(NativeCtx *nc, int r)
{
    nat_out_opc(nc, 0x50 + (r & 7), 0, r, 0);
}

static void out_pop(NativeCtx *nc, int r)
{
    nat_out_opc(nc, 0x58 + (r & 7), 0, r, 0);
}

/*
 * uintptr_t prologue(env, tc_ptr): saves the callee-saved registers,
 * reserves the frame, env -> rbp, jumps to the TB. TB code leaves
 * through the epilogue with the exit value in rax.
 */
static void native_init_code_buffer(TCGContext *s)
{
    NativeCtx nc = { .s = s, .code = s->code_ptr };

    native_probe_features();
    nc.code = (uint8_t *)QEMU_ALIGN_UP((uintptr_t)nc.code, 16);
    native_prologue = nc.code;
    for (int i = 0; i < ARRAY_SIZE(saved_regs); i++) {
        out_push(&nc, saved_regs[i]);
    }
    nat_out_modrm(&nc, OPC_ARITH_EvIz | P_REXW, ARITH_SUB, TCG_REG_RSP);
    nat_out32(&nc, FRAME_SIZE);
    nat_mov(&nc, TCG_TYPE_I64, TCG_REG_ENV, TCG_REG_RDI);
    nat_out_modrm(&nc, OPC_GRP5, EXT5_JMP_Ev, TCG_REG_RSI);

    nat_nops(&nc, (16 - ((uintptr_t)nc.code & 15)) & 15);
    native_epilogue_zero = nc.code;
    tcg_code_gen_epilogue = nc.code;
    nat_out_modrm(&nc, OPC_XOR_GvEv, TCG_REG_RAX, TCG_REG_RAX);
    native_epilogue_ret = nc.code;
    nat_out_modrm(&nc, OPC_ARITH_EvIz | P_REXW, ARITH_ADD, TCG_REG_RSP);
    nat_out32(&nc, FRAME_SIZE);
    for (int i = ARRAY_SIZE(saved_regs) - 1; i >= 0; i--) {
        out_pop(&nc, saved_regs[i]);
    }
    nat_out8(&nc, 0xc3);
    s->code_ptr = nc.code;
}

static uintptr_t native_exec(void *env, const void *tc_ptr)
{
    uintptr_t (*fn)(void *, const void *) =
        (uintptr_t (*)(void *, const void *))native_prologue;

    return fn(env, tc_ptr);
}

static void native_set_jmp_target(TranslationBlock *tb, int n,
                                  const TranslationBlock *target)
{
    uint8_t *jmp = (uint8_t *)tb->tc.ptr + tb->jmp_insn_offset[n];
    const uint8_t *dest = target ? (const uint8_t *)target->tc.ptr
                          : (uint8_t *)tb->tc.ptr + tb->jmp_reset_offset[n];
    int32_t disp = dest - (jmp + 5);

    assert(tb->jmp_insn_offset[n] != 0xffff);
    /* naturally aligned rel32: one atomic store retargets the jmp */
    __atomic_store_n((int32_t *)(jmp + 1), disp, __ATOMIC_RELEASE);
}

static NativeCtx *native_ctx(TCGContext *s)
{
    NativeCtx *nc = s->backend_state;

    if (!nc) {
        nc = g_new0(NativeCtx, 1);
        nc->free_slots = g_array_new(false, false, sizeof(int));
        nc->relocs = g_array_new(false, false, sizeof(NativeReloc));
        nc->ldst = g_array_new(false, false, sizeof(NativeLdst));
        s->backend_state = nc;
    }
    nc->s = s;
    return nc;
}

static void emit_goto_tb(NativeCtx *nc, TranslationBlock *tb, int n,
                         uint8_t *start)
{
    ptrdiff_t off;

    ra_sync_globals(nc);
    /* the rel32 after the 0xe9 must be 4-byte aligned */
    nat_nops(nc, (3 - ((uintptr_t)nc->code & 3)) & 3);
    off = nc->code - start;
    nat_out8(nc, OPC_JMP_long);
    nat_out32(nc, 0);
    if (off + 5 >= 0xffff) {
        nc->too_big = true;
        return;
    }
    tb->jmp_insn_offset[n] = off;
    tb->jmp_reset_offset[n] = off + 5;
}

static void emit_exit_tb(NativeCtx *nc, uintptr_t val)
{
    ra_sync_globals(nc);
    if (val == 0) {
        nat_jmp_to(nc, native_epilogue_zero);
    } else {
        nat_movi(nc, TCG_TYPE_I64, TCG_REG_RAX, val, false);
        nat_jmp_to(nc, native_epilogue_ret);
    }
}

static int native_gen_code(TCGContext *s, TranslationBlock *tb)
{
    NativeCtx *nc = native_ctx(s);
    uint8_t *start = s->code_ptr;
    size_t margin = 1024;
    int insn = -1;

    nc->code = start;
    ra_init(nc);
    g_array_set_size(nc->relocs, 0);
    g_array_set_size(nc->ldst, 0);
    for (int i = 0; i < s->nb_labels; i++) {
        s->labels[i]->backend_data = NULL;
        s->labels[i]->value = 0;
    }
    for (int i = 0; i < s->nb_temps; i++) {
        /* a block end may store every global, TB temp and constant */
        margin += s->temps[i].kind == TEMP_GLOBAL ||
                  s->temps[i].kind == TEMP_TB ? 24 : 0;
    }
    if (s->code_end - start < (ptrdiff_t)margin) {
        return -1;
    }
    nc->limit = s->code_end - margin;

    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int nb_oargs = def->nb_oargs, nb_iargs = def->nb_iargs;
        TCGLabel *l;
        int r;

        if (nc->code > nc->limit) {
            return -1;
        }
        switch (op->opc) {
        case INDEX_op_nop:
            break;
        case INDEX_op_insn_start:
            if (insn >= 0) {
                s->insn_end_off[insn] = nc->code - start;
            }
            if (++insn >= TCG_MAX_INSNS) {
                return -2;
            }
            for (int w = 0; w < TCG_INSN_START_WORDS; w++) {
                s->insn_data[insn][w] = op->args[w];
            }
            break;
        case INDEX_op_discard:
            ra_dead(nc, ARG(0));
            break;
        case INDEX_op_set_label:
            ra_sync_bb_end(nc);
            ra_reset_at_label(nc);
            l = arg_label(op->args[0]);
            l->value = (uintptr_t)nc->code;
            l->backend_data = (void *)1;
            break;
        case INDEX_op_br:
            ra_sync_bb_end(nc);
            nat_jump_label(nc, -1, arg_label(op->args[0]));
            break;
        case INDEX_op_brcond:
            nat_emit_brcond(nc, op);
            break;
        case INDEX_op_call:
            nb_oargs = op->nb_oargs;
            nb_iargs = op->nb_iargs;
            nat_emit_call(nc, op);
            break;
        case INDEX_op_goto_tb:
            emit_goto_tb(nc, tb, op->args[0], start);
            break;
        case INDEX_op_exit_tb:
            emit_exit_tb(nc, op->args[0]);
            break;
        case INDEX_op_goto_ptr:
            r = ra_load(nc, ARG(0), ALLOC_REGS);
            ra_sync_globals(nc);
            nat_out_modrm(nc, OPC_GRP5, EXT5_JMP_Ev, r);
            break;
        case INDEX_op_qemu_ld:
            nat_emit_qemu_ld(nc, op);
            break;
        case INDEX_op_qemu_st:
            nat_emit_qemu_st(nc, op);
            break;
        default:
            if (!nat_emit_op(nc, op)) {
                g_error("tcg native: op %s not supported", def->name);
            }
            break;
        }
        ra_op_done(nc, op, nb_oargs, nb_iargs);
    }
    if (insn >= 0) {
        s->insn_end_off[insn] = nc->code - start;
    }
    if (!nat_emit_ldst_slow_paths(nc)) {
        return -1;
    }
    for (guint i = 0; i < nc->relocs->len; i++) {
        NativeReloc *r = &g_array_index(nc->relocs, NativeReloc, i);
        assert(r->label->backend_data);
        nat_patch32(r->at, (uint8_t *)r->label->value - (r->at + 4));
    }
    if (nc->too_big) {
        return -2;
    }
    tb->tc.ptr = start;
    tb->tc.size = nc->code - start;
    s->code_ptr = nc->code;
    return nc->code - start;
}

const TCGBackend tcg_backend_native = {
    .name = "native",
    .init_code_buffer = native_init_code_buffer,
    .gen_code = native_gen_code,
    .exec = native_exec,
    .set_jmp_target = native_set_jmp_target,
};
