/*
 * x87 decoding (opcodes D8-DF), called by the frontend's decoder. Every
 * operation is a helper call (fpu_helper.c); memory operands of integer
 * and 32/64-bit float size are loaded here, 80-bit ones and the
 * environment by the helpers.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/translate.h"
#include "target/i386/tcg/fpu-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-gen.h"

static TCGv_i32 ci(int32_t v)
{
    return tcg_constant_i32(v);
}

static TCGv_i32 ld_i32(DisasContext *s, MemOp ot)
{
    TCGv_i32 t = tcg_temp_new_i32();

    gen_op_ld(s, ot, s->T0, s->A0);
    tcg_gen_extrl_i64_i32(t, s->T0);
    return t;
}

static void st_i32(DisasContext *s, MemOp ot, TCGv_i32 v)
{
    tcg_gen_extu_i32_i64(s->T0, v);
    gen_op_st(s, ot, s->T0, s->A0);
}

/* The last non-control instruction, for FSTENV/FXSAVE. */
static void gen_fpu_ip(DisasContext *s, int b, int modrm, bool mem)
{
    tcg_gen_st16_i32(ci(((b & 7) << 8) | modrm), tcg_env,
                     offsetof(CPUX86State, fpop));
    tcg_gen_st_i64(tcg_constant_i64(cur_eip(s)), tcg_env,
                   offsetof(CPUX86State, fpip));
    if (mem) {
        tcg_gen_st_i64(s->A0, tcg_env, offsetof(CPUX86State, fpdp));
    }
}

static bool has_feat(DisasContext *s, FpuFeature f)
{
    return fpu_has_feature(s->env, f);
}

static bool disas_x87_mem(DisasContext *s, int b, int modrm)
{
    int reg = (modrm >> 3) & 7;
    int op = ((b & 7) << 3) | reg;
    bool data32 = s->dflag != MO_16;
    TCGv_i64 t64;

    gen_lea_modrm(s, modrm);
    switch (op) {
    case 0x00 ... 0x07:     /* D8: FADD..FDIVR m32fp */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_farith_m32(tcg_env, ci(reg), ld_i32(s, MO_32));
        return true;
    case 0x10 ... 0x17:     /* DA: FIADD..FIDIVR m32int */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_farith_mi32(tcg_env, ci(reg), ld_i32(s, MO_32));
        return true;
    case 0x20 ... 0x27:     /* DC: m64fp */
        gen_fpu_ip(s, b, modrm, true);
        t64 = tcg_temp_new_i64();
        gen_op_ld(s, MO_64, t64, s->A0);
        gen_helper_farith_m64(tcg_env, ci(reg), t64);
        return true;
    case 0x30 ... 0x37:     /* DE: m16int */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_farith_mi16(tcg_env, ci(reg), ld_i32(s, MO_16));
        return true;

    case 0x08:              /* FLD m32fp */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_fld_m32(tcg_env, ld_i32(s, MO_32));
        return true;
    case 0x0a:              /* FST m32fp */
    case 0x0b:              /* FSTP */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_fst_mem(tcg_env, s->A0,
                           ci(FST_M32 | (reg == 3 ? FST_POP : 0)));
        return true;
    case 0x0c:              /* FLDENV */
        gen_helper_fldenv(tcg_env, s->A0, ci(data32));
        return true;
    case 0x0d:              /* FLDCW */
        gen_helper_fldcw(tcg_env, ld_i32(s, MO_16));
        return true;
    case 0x0e: {            /* FNSTENV */
        gen_helper_fnstenv(tcg_env, s->A0, ci(data32));
        return true;
    }
    case 0x0f: {            /* FNSTCW */
        TCGv_i32 t = tcg_temp_new_i32();
        gen_helper_fnstcw(t, tcg_env);
        st_i32(s, MO_16, t);
        return true;
    }

    case 0x18:              /* FILD m32int */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_fild_m32(tcg_env, ld_i32(s, MO_32));
        return true;
    case 0x19:              /* FISTTP m32int (SSE3) */
    case 0x29:              /* FISTTP m64int */
    case 0x39:              /* FISTTP m16int */
        if (!has_feat(s, FPUF_SSE3)) {
            return false;
        }
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_fst_mem(tcg_env, s->A0,
                           ci((op == 0x19 ? FST_I32 : op == 0x29 ? FST_I64
                                          : FST_I16) | FST_POP | FST_TRUNC));
        return true;
    case 0x1a:              /* FIST m32int */
    case 0x1b:              /* FISTP */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_fst_mem(tcg_env, s->A0,
                           ci(FST_I32 | (reg == 3 ? FST_POP : 0)));
        return true;
    case 0x1d:              /* FLD m80 */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_fld_m80(tcg_env, s->A0);
        return true;
    case 0x1f:              /* FSTP m80 */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_fst_mem(tcg_env, s->A0, ci(FST_M80 | FST_POP));
        return true;

    case 0x28:              /* FLD m64fp */
        gen_fpu_ip(s, b, modrm, true);
        t64 = tcg_temp_new_i64();
        gen_op_ld(s, MO_64, t64, s->A0);
        gen_helper_fld_m64(tcg_env, t64);
        return true;
    case 0x2a:              /* FST m64fp */
    case 0x2b:              /* FSTP */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_fst_mem(tcg_env, s->A0,
                           ci(FST_M64 | (reg == 3 ? FST_POP : 0)));
        return true;
    case 0x2c:              /* FRSTOR */
        gen_helper_frstor(tcg_env, s->A0, ci(data32));
        return true;
    case 0x2e:              /* FNSAVE */
        gen_helper_fnsave(tcg_env, s->A0, ci(data32));
        return true;
    case 0x2f: {            /* FNSTSW m16 */
        TCGv_i32 t = tcg_temp_new_i32();
        gen_helper_fnstsw(t, tcg_env);
        st_i32(s, MO_16, t);
        return true;
    }

    case 0x38:              /* FILD m16int */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_fild_m16(tcg_env, ld_i32(s, MO_16));
        return true;
    case 0x3a:              /* FIST m16int */
    case 0x3b:              /* FISTP */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_fst_mem(tcg_env, s->A0,
                           ci(FST_I16 | (reg == 3 ? FST_POP : 0)));
        return true;
    case 0x3c:              /* FBLD */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_fbld(tcg_env, s->A0);
        return true;
    case 0x3d:              /* FILD m64int */
        gen_fpu_ip(s, b, modrm, true);
        t64 = tcg_temp_new_i64();
        gen_op_ld(s, MO_64, t64, s->A0);
        gen_helper_fild_m64(tcg_env, t64);
        return true;
    case 0x3e:              /* FBSTP */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_fst_mem(tcg_env, s->A0, ci(FST_BCD | FST_POP));
        return true;
    case 0x3f:              /* FISTP m64int */
        gen_fpu_ip(s, b, modrm, true);
        gen_helper_fst_mem(tcg_env, s->A0, ci(FST_I64 | FST_POP));
        return true;
    default:
        return false;
    }
}

/* FCMOVcc ST0, ST(i): jcc = the condition's Jcc low nibble. */
static bool gen_fcmov(DisasContext *s, int jcc, int i)
{
    TCGv c = tcg_temp_new_i64();
    TCGv_i32 code = tcg_temp_new_i32();

    if (!has_feat(s, FPUF_CMOV)) {
        return false;
    }
    /* The helper always runs: an empty ST0/ST(i) faults even if false. */
    gen_setcc(s, jcc, c);
    tcg_gen_extrl_i64_i32(code, c);
    tcg_gen_shli_i32(code, code, 3);
    tcg_gen_ori_i32(code, code, i);
    gen_helper_fcmov(tcg_env, code);
    return true;
}

static bool gen_fcomi(DisasContext *s, uint32_t code)
{
    TCGv_i32 fl = tcg_temp_new_i32();

    if (!has_feat(s, FPUF_CMOV)) {
        return false;
    }
    gen_update_cc_op(s);
    gen_helper_fcomi(fl, tcg_env, ci(code));
    tcg_gen_extu_i32_i64(cpu_cc_src, fl);
    set_cc_op(s, CC_OP_EFLAGS);
    return true;
}

static bool disas_x87_reg(DisasContext *s, int b, int modrm)
{
    int reg = (modrm >> 3) & 7, i = modrm & 7;
    int op = ((b & 7) << 3) | reg;

    if (op != 0x3c && !(op == 0x1c)) {
        gen_fpu_ip(s, b, modrm, false);
    }
    switch (op) {
    case 0x00: case 0x01: case 0x04 ... 0x07:   /* D8: ST0 op ST(i) */
        gen_helper_farith_reg(tcg_env, ci(reg | 0 << 3 | i << 6));
        return true;
    case 0x02: case 0x22:                       /* FCOM (DC: alias) */
        gen_helper_fcom_reg(tcg_env, ci(i));
        return true;
    case 0x03: case 0x23: case 0x32:            /* FCOMP (aliases) */
        gen_helper_fcom_reg(tcg_env, ci(i | 1 << 3));
        return true;
    case 0x08:                                  /* FLD ST(i) */
        gen_helper_fld_sti(tcg_env, ci(i));
        return true;
    case 0x09: case 0x29: case 0x39:            /* FXCH (aliases) */
        gen_helper_fxch(tcg_env, ci(i));
        return true;
    case 0x0a:                                  /* FNOP */
        if (i != 0) {
            return false;
        }
        gen_helper_fwait(tcg_env);
        return true;
    case 0x0b: case 0x2b: case 0x3a: case 0x3b: /* FSTP ST(i) (aliases) */
        gen_helper_fst_sti(tcg_env, ci(i), ci(1));
        return true;
    case 0x0c ... 0x0f: {                       /* D9 E0..FF */
        int sub = modrm - 0xe0;
        if (sub == 2 || sub == 3 || sub == 6 || sub == 7 || sub == 0x0f) {
            return false;
        }
        gen_helper_fspecial(tcg_env, ci(sub));
        return true;
    }
    case 0x10: return gen_fcmov(s, 0x2, i);     /* FCMOVB */
    case 0x11: return gen_fcmov(s, 0x4, i);     /* FCMOVE */
    case 0x12: return gen_fcmov(s, 0x6, i);     /* FCMOVBE */
    case 0x13: return gen_fcmov(s, 0xa, i);     /* FCMOVU */
    case 0x15:                                  /* FUCOMPP */
        if (i != 1) {
            return false;
        }
        gen_helper_fcom_reg(tcg_env, ci(1 | 2 << 3 | 1 << 5));
        return true;
    case 0x18: return gen_fcmov(s, 0x3, i);     /* FCMOVNB */
    case 0x19: return gen_fcmov(s, 0x5, i);     /* FCMOVNE */
    case 0x1a: return gen_fcmov(s, 0x7, i);     /* FCMOVNBE */
    case 0x1b: return gen_fcmov(s, 0xb, i);     /* FCMOVNU */
    case 0x1c:
        switch (i) {
        case 0: case 1: case 4:                 /* FENI, FDISI, FSETPM */
            return true;
        case 2:                                 /* FNCLEX */
            gen_helper_fnclex(tcg_env);
            return true;
        case 3:                                 /* FNINIT */
            gen_helper_fninit(tcg_env);
            return true;
        default:
            return false;
        }
    case 0x1d:                                  /* FUCOMI */
        return gen_fcomi(s, i | 1 << 5);
    case 0x1e:                                  /* FCOMI */
        return gen_fcomi(s, i);
    case 0x20: case 0x21: case 0x24 ... 0x27:   /* DC: ST(i) op ST0 */
    case 0x30: case 0x31: case 0x34 ... 0x37: { /* DE: ... and pop */
        int aop = reg >= 4 ? reg ^ 1 : reg;
        int pop = (b & 7) == 6;
        gen_helper_farith_reg(tcg_env, ci(aop | i << 3 | 0 << 6 | pop << 9));
        return true;
    }
    case 0x28:                                  /* FFREE */
        gen_helper_ffree(tcg_env, ci(i));
        return true;
    case 0x2a:                                  /* FST ST(i) */
        gen_helper_fst_sti(tcg_env, ci(i), ci(0));
        return true;
    case 0x2c:                                  /* FUCOM */
        gen_helper_fcom_reg(tcg_env, ci(i | 1 << 5));
        return true;
    case 0x2d:                                  /* FUCOMP */
        gen_helper_fcom_reg(tcg_env, ci(i | 1 << 3 | 1 << 5));
        return true;
    case 0x33:                                  /* FCOMPP */
        if (i != 1) {
            return false;
        }
        gen_helper_fcom_reg(tcg_env, ci(1 | 2 << 3));
        return true;
    case 0x38:                                  /* FFREEP */
        gen_helper_ffree(tcg_env, ci(i));
        gen_helper_fpop(tcg_env);
        return true;
    case 0x3c: {                                /* FNSTSW AX */
        TCGv_i32 t = tcg_temp_new_i32();
        if (i != 0) {
            return false;
        }
        gen_helper_fnstsw(t, tcg_env);
        tcg_gen_extu_i32_i64(s->T0, t);
        gen_op_mov_reg_v(s, MO_16, R_EAX, s->T0);
        return true;
    }
    case 0x3d:                                  /* FUCOMIP */
        return gen_fcomi(s, i | 1 << 3 | 1 << 5);
    case 0x3e:                                  /* FCOMIP */
        return gen_fcomi(s, i | 1 << 3);
    default:
        return false;
    }
}

bool disas_x87(DisasContext *s, CPUX86State *env, int b, int modrm)
{
    if (!has_feat(s, FPUF_FPU)) {
        return false;
    }
    /* #NM: emulation or a task switch since the last FPU use */
    if (s->flags & (HF_EM | HF_TS)) {
        gen_exception(s, EXCP07_PREX);
        return true;
    }
    if ((modrm >> 6) == 3) {
        return disas_x87_reg(s, b, modrm);
    }
    return disas_x87_mem(s, b, modrm);
}
