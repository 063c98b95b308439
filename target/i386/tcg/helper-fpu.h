/*
 * x87, MMX, SSE and XSAVE helpers (target/i386/tcg/fpu_helper.c,
 * sse_helper.c, simd_int_helper.c, aes_helper.c, xsave_helper.c).
 *
 * Conventions: "tl" addresses are guest linear addresses (segment base
 * already added); helpers that touch guest memory or may raise #MF/#XM/
 * #GP restore state from GETPC(). SIMD helpers take pointers into env:
 * (env, dst, src), where dst/src point at an X86XMMReg (xmm_regs[n] or
 * xmm_t0 holding a memory operand) or at an MMX register (fpregs[n].mant
 * or xmm_t0.q[0]).
 */

/* Pure computations: never fault, touch only env memory. */
#define FPU_NF (TCG_CALL_NO_RWG)
/* May raise a guest exception or access guest memory. */
#define FPU_F  (TCG_CALL_NO_WRITE_GLOBALS)

/* --- x87 control --- */
DEF_HELPER_FLAGS_1(fninit, TCG_CALL_NO_RWG, void, env)
DEF_HELPER_FLAGS_1(fwait, FPU_F, void, env)
DEF_HELPER_FLAGS_1(fnclex, FPU_NF, void, env)
DEF_HELPER_FLAGS_1(fnstsw, FPU_NF, i32, env)
DEF_HELPER_FLAGS_1(fnstcw, FPU_NF, i32, env)
DEF_HELPER_FLAGS_2(fldcw, FPU_F, void, env, i32)
/* Last x87 instruction (FSTENV/FXSAVE report it): opcode, ip, cs. */
DEF_HELPER_FLAGS_3(fpu_set_ip, FPU_NF, void, env, i32, tl)
DEF_HELPER_FLAGS_2(fpu_set_dp, FPU_NF, void, env, tl)

/* --- x87 loads (push) --- */
DEF_HELPER_FLAGS_2(fld_m32, FPU_F, void, env, i32)
DEF_HELPER_FLAGS_2(fld_m64, FPU_F, void, env, i64)
DEF_HELPER_FLAGS_2(fild_m16, FPU_F, void, env, i32)
DEF_HELPER_FLAGS_2(fild_m32, FPU_F, void, env, i32)
DEF_HELPER_FLAGS_2(fild_m64, FPU_F, void, env, i64)
DEF_HELPER_FLAGS_2(fld_m80, FPU_F, void, env, tl)
DEF_HELPER_FLAGS_2(fbld, FPU_F, void, env, tl)
DEF_HELPER_FLAGS_2(fld_sti, FPU_F, void, env, i32)
/* 0 FLD1, 1 FLDL2T, 2 FLDL2E, 3 FLDPI, 4 FLDLG2, 5 FLDLN2, 6 FLDZ */
DEF_HELPER_FLAGS_2(fld_const, FPU_F, void, env, i32)
/*
 * Stores of ST0 to memory. kind: FST_* (fpu-internal.h) | FST_POP |
 * FST_TRUNC (FISTTP). No store and no pop on an unmasked exception.
 */
DEF_HELPER_FLAGS_3(fst_mem, FPU_F, void, env, tl, i32)
/* FST/FSTP ST(i): i, pop */
DEF_HELPER_FLAGS_3(fst_sti, FPU_F, void, env, i32, i32)

/* --- x87 arithmetic --- */
/*
 * ST(dst) = ST(dst) op ST(src); code = op | dst << 3 | src << 6 |
 * pop << 9, op as the ModRM reg field of D8 (0 add 1 mul 4 sub
 * (dst - src) 5 subr 6 div 7 divr).
 */
DEF_HELPER_FLAGS_2(farith_reg, FPU_F, void, env, i32)
/* ST0 = ST0 op mem; op 0..7 as D8 /r (2 FCOM, 3 FCOMP). */
DEF_HELPER_FLAGS_3(farith_m32, FPU_F, void, env, i32, i32)
DEF_HELPER_FLAGS_3(farith_m64, FPU_F, void, env, i32, i64)
DEF_HELPER_FLAGS_3(farith_mi16, FPU_F, void, env, i32, i32)
DEF_HELPER_FLAGS_3(farith_mi32, FPU_F, void, env, i32, i32)
/* FCOM/FUCOM ST(i): code = i | pops << 3 | unordered << 5 */
DEF_HELPER_FLAGS_2(fcom_reg, FPU_F, void, env, i32)
/* FCOMI/FUCOMI(P): same code; returns ZF PF CF for cc_src (CC_OP_EFLAGS) */
DEF_HELPER_FLAGS_2(fcomi, FPU_F, i32, env, i32)
/* D9 E0..FF (FCHS .. FCOS): op = ModRM byte - 0xE0 */
DEF_HELPER_FLAGS_2(fspecial, FPU_F, void, env, i32)
DEF_HELPER_FLAGS_2(fxch, FPU_F, void, env, i32)
DEF_HELPER_FLAGS_2(ffree, FPU_NF, void, env, i32)
DEF_HELPER_FLAGS_1(fpop, FPU_NF, void, env)
/*
 * FCMOVcc: code = i | cond << 3 (cond: the translator's test of the
 * condition); ST0 = ST(i) if cond; stack underflow faults either way.
 */
DEF_HELPER_FLAGS_2(fcmov, FPU_F, void, env, i32)

/* --- x87 environment; data32: 32-bit operand size --- */
DEF_HELPER_FLAGS_3(fnstenv, FPU_F, void, env, tl, i32)
DEF_HELPER_FLAGS_3(fldenv, FPU_F, void, env, tl, i32)
DEF_HELPER_FLAGS_3(fnsave, FPU_F, void, env, tl, i32)
DEF_HELPER_FLAGS_3(frstor, FPU_F, void, env, tl, i32)

/* --- MMX state --- */
DEF_HELPER_FLAGS_1(emms, FPU_NF, void, env)
DEF_HELPER_FLAGS_1(enter_mmx, FPU_NF, void, env)

/* --- FXSAVE / XSAVE / MXCSR. rexw: 64-bit FXSAVE format. --- */
DEF_HELPER_FLAGS_3(fxsave, FPU_F, void, env, tl, i32)
DEF_HELPER_FLAGS_3(fxrstor, FPU_F, void, env, tl, i32)
/* XSAVE: addr, requested-feature bitmap (EDX:EAX), kind XSAVE_KIND_* */
DEF_HELPER_FLAGS_4(xsave, FPU_F, void, env, tl, i64, i32)
DEF_HELPER_FLAGS_4(xrstor, FPU_F, void, env, tl, i64, i32)
DEF_HELPER_FLAGS_2(ldmxcsr, FPU_F, void, env, i32)

/* --- SIMD integer, MMX and XMM forms: (env, dst, src) --- */
#define FPU_SIMD_MX(name) \
    DEF_HELPER_FLAGS_3(name##_mmx, FPU_NF, void, env, ptr, ptr) \
    DEF_HELPER_FLAGS_3(name##_xmm, FPU_NF, void, env, ptr, ptr)
#define FPU_SIMD_X(name) \
    DEF_HELPER_FLAGS_3(name##_xmm, FPU_NF, void, env, ptr, ptr)
#define FPU_SIMD_MX_I(name) \
    DEF_HELPER_FLAGS_4(name##_mmx, FPU_NF, void, env, ptr, ptr, i32) \
    DEF_HELPER_FLAGS_4(name##_xmm, FPU_NF, void, env, ptr, ptr, i32)
#define FPU_SIMD_X_I(name) \
    DEF_HELPER_FLAGS_4(name##_xmm, FPU_NF, void, env, ptr, ptr, i32)

FPU_SIMD_MX(paddb) FPU_SIMD_MX(paddw) FPU_SIMD_MX(paddd) FPU_SIMD_MX(paddq)
FPU_SIMD_MX(psubb) FPU_SIMD_MX(psubw) FPU_SIMD_MX(psubd) FPU_SIMD_MX(psubq)
FPU_SIMD_MX(paddusb) FPU_SIMD_MX(paddusw) FPU_SIMD_MX(paddsb)
FPU_SIMD_MX(paddsw) FPU_SIMD_MX(psubusb) FPU_SIMD_MX(psubusw)
FPU_SIMD_MX(psubsb) FPU_SIMD_MX(psubsw)
FPU_SIMD_MX(pminub) FPU_SIMD_MX(pmaxub) FPU_SIMD_MX(pminsw) FPU_SIMD_MX(pmaxsw)
FPU_SIMD_MX(pand) FPU_SIMD_MX(pandn) FPU_SIMD_MX(por) FPU_SIMD_MX(pxor)
FPU_SIMD_MX(pcmpeqb) FPU_SIMD_MX(pcmpeqw) FPU_SIMD_MX(pcmpeqd)
FPU_SIMD_MX(pcmpgtb) FPU_SIMD_MX(pcmpgtw) FPU_SIMD_MX(pcmpgtd)
FPU_SIMD_MX(pmullw) FPU_SIMD_MX(pmulhw) FPU_SIMD_MX(pmulhuw)
FPU_SIMD_MX(pmuludq) FPU_SIMD_MX(pmaddwd) FPU_SIMD_MX(psadbw)
FPU_SIMD_MX(pavgb) FPU_SIMD_MX(pavgw)
FPU_SIMD_MX(packsswb) FPU_SIMD_MX(packuswb) FPU_SIMD_MX(packssdw)
FPU_SIMD_MX(punpcklbw) FPU_SIMD_MX(punpcklwd) FPU_SIMD_MX(punpckldq)
FPU_SIMD_MX(punpckhbw) FPU_SIMD_MX(punpckhwd) FPU_SIMD_MX(punpckhdq)
FPU_SIMD_X(punpcklqdq) FPU_SIMD_X(punpckhqdq)
/* Shifts by the count in src's low 64 bits */
FPU_SIMD_MX(psllw) FPU_SIMD_MX(pslld) FPU_SIMD_MX(psllq)
FPU_SIMD_MX(psrlw) FPU_SIMD_MX(psrld) FPU_SIMD_MX(psrlq)
FPU_SIMD_MX(psraw) FPU_SIMD_MX(psrad)
/* Byte shifts of the whole register (imm) */
FPU_SIMD_X_I(pslldq) FPU_SIMD_X_I(psrldq)
DEF_HELPER_FLAGS_4(pshufw_mmx, FPU_NF, void, env, ptr, ptr, i32)
FPU_SIMD_X_I(pshufd)
FPU_SIMD_X_I(pshuflw) FPU_SIMD_X_I(pshufhw)
/* SSSE3 */
FPU_SIMD_MX(pshufb) FPU_SIMD_MX(phaddw) FPU_SIMD_MX(phaddd)
FPU_SIMD_MX(phaddsw) FPU_SIMD_MX(phsubw) FPU_SIMD_MX(phsubd)
FPU_SIMD_MX(phsubsw) FPU_SIMD_MX(pmaddubsw) FPU_SIMD_MX(pmulhrsw)
FPU_SIMD_MX(psignb) FPU_SIMD_MX(psignw) FPU_SIMD_MX(psignd)
FPU_SIMD_MX(pabsb) FPU_SIMD_MX(pabsw) FPU_SIMD_MX(pabsd)
FPU_SIMD_MX_I(palignr)
/* SSE4.1 */
FPU_SIMD_X(pminsb) FPU_SIMD_X(pminsd) FPU_SIMD_X(pminuw) FPU_SIMD_X(pminud)
FPU_SIMD_X(pmaxsb) FPU_SIMD_X(pmaxsd) FPU_SIMD_X(pmaxuw) FPU_SIMD_X(pmaxud)
FPU_SIMD_X(pmulld) FPU_SIMD_X(pmuldq) FPU_SIMD_X(packusdw)
FPU_SIMD_X(pcmpeqq) FPU_SIMD_X(phminposuw)
FPU_SIMD_X(pmovsxbw) FPU_SIMD_X(pmovsxbd) FPU_SIMD_X(pmovsxbq)
FPU_SIMD_X(pmovsxwd) FPU_SIMD_X(pmovsxwq) FPU_SIMD_X(pmovsxdq)
FPU_SIMD_X(pmovzxbw) FPU_SIMD_X(pmovzxbd) FPU_SIMD_X(pmovzxbq)
FPU_SIMD_X(pmovzxwd) FPU_SIMD_X(pmovzxwq) FPU_SIMD_X(pmovzxdq)
/* Variable blends use XMM0 as the mask */
FPU_SIMD_X(pblendvb) FPU_SIMD_X(blendvps) FPU_SIMD_X(blendvpd)
FPU_SIMD_X_I(blendps) FPU_SIMD_X_I(blendpd) FPU_SIMD_X_I(pblendw)
FPU_SIMD_X_I(mpsadbw) FPU_SIMD_X_I(insertps)
/* PTEST: returns ZF/CF for cc_src (CC_OP_EFLAGS) */
DEF_HELPER_FLAGS_3(ptest_xmm, FPU_NF, i32, env, ptr, ptr)
/* SSE4.2 */
FPU_SIMD_X(pcmpgtq)
/*
 * PCMPxSTRx: imm | kind << 8 (kind bit0: explicit lengths in EAX/EDX,
 * bit1: mask result, bit2: REX.W). Writes ECX or XMM0 in env; returns
 * the flags (C Z S O) for cc_src.
 */
DEF_HELPER_FLAGS_4(pcmpstr_xmm, 0, i32, env, ptr, ptr, i32)
/* AES-NI and PCLMULQDQ */
FPU_SIMD_X(aesenc) FPU_SIMD_X(aesenclast) FPU_SIMD_X(aesdec)
FPU_SIMD_X(aesdeclast) FPU_SIMD_X(aesimc)
FPU_SIMD_X_I(aeskeygenassist) FPU_SIMD_X_I(pclmulqdq)
/* Moves that need more than a load/store */
DEF_HELPER_FLAGS_2(pmovmskb_mmx, FPU_NF, i32, env, ptr)
DEF_HELPER_FLAGS_2(pmovmskb_xmm, FPU_NF, i32, env, ptr)
DEF_HELPER_FLAGS_2(movmskps, FPU_NF, i32, env, ptr)
DEF_HELPER_FLAGS_2(movmskpd, FPU_NF, i32, env, ptr)
/* MASKMOVQ/MASKMOVDQU: data, mask, address; size 8 or 16 */
DEF_HELPER_FLAGS_5(maskmov, FPU_F, void, env, ptr, ptr, tl, i32)
FPU_SIMD_X_I(shufps) FPU_SIMD_X_I(shufpd)

/* --- SSE floating point (MXCSR rounding, flags, #XM) --- */
#define FPU_SIMD_F(name) \
    DEF_HELPER_FLAGS_3(name, FPU_F, void, env, ptr, ptr)
#define FPU_SIMD_F4(name) \
    FPU_SIMD_F(name##ps) FPU_SIMD_F(name##pd) \
    FPU_SIMD_F(name##ss) FPU_SIMD_F(name##sd)
FPU_SIMD_F4(add) FPU_SIMD_F4(sub) FPU_SIMD_F4(mul) FPU_SIMD_F4(div)
FPU_SIMD_F4(min) FPU_SIMD_F4(max) FPU_SIMD_F4(sqrt)
FPU_SIMD_F(rcpps) FPU_SIMD_F(rcpss) FPU_SIMD_F(rsqrtps) FPU_SIMD_F(rsqrtss)
/* CMPPS etc.: predicate imm (0..7) */
DEF_HELPER_FLAGS_4(cmpps, FPU_F, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(cmppd, FPU_F, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(cmpss, FPU_F, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(cmpsd, FPU_F, void, env, ptr, ptr, i32)
/* (U)COMISS/SD: returns ZF PF CF for cc_src */
DEF_HELPER_FLAGS_3(comiss, FPU_F, i32, env, ptr, ptr)
DEF_HELPER_FLAGS_3(ucomiss, FPU_F, i32, env, ptr, ptr)
DEF_HELPER_FLAGS_3(comisd, FPU_F, i32, env, ptr, ptr)
DEF_HELPER_FLAGS_3(ucomisd, FPU_F, i32, env, ptr, ptr)
/* Conversions between vector registers (dst, src) */
FPU_SIMD_F(cvtps2pd) FPU_SIMD_F(cvtpd2ps) FPU_SIMD_F(cvtss2sd)
FPU_SIMD_F(cvtsd2ss) FPU_SIMD_F(cvtdq2ps) FPU_SIMD_F(cvtps2dq)
FPU_SIMD_F(cvttps2dq) FPU_SIMD_F(cvtdq2pd) FPU_SIMD_F(cvtpd2dq)
FPU_SIMD_F(cvttpd2dq)
FPU_SIMD_F(cvtpi2ps) FPU_SIMD_F(cvtpi2pd) FPU_SIMD_F(cvtps2pi)
FPU_SIMD_F(cvttps2pi) FPU_SIMD_F(cvtpd2pi) FPU_SIMD_F(cvttpd2pi)
/* Integer register <-> scalar: dst xmm, 32- or 64-bit integer */
DEF_HELPER_FLAGS_3(cvtsi2ss, FPU_F, void, env, ptr, i32)
DEF_HELPER_FLAGS_3(cvtsq2ss, FPU_F, void, env, ptr, i64)
DEF_HELPER_FLAGS_3(cvtsi2sd, FPU_F, void, env, ptr, i32)
DEF_HELPER_FLAGS_3(cvtsq2sd, FPU_F, void, env, ptr, i64)
DEF_HELPER_FLAGS_2(cvtss2si, FPU_F, i32, env, ptr)
DEF_HELPER_FLAGS_2(cvtss2sq, FPU_F, i64, env, ptr)
DEF_HELPER_FLAGS_2(cvttss2si, FPU_F, i32, env, ptr)
DEF_HELPER_FLAGS_2(cvttss2sq, FPU_F, i64, env, ptr)
DEF_HELPER_FLAGS_2(cvtsd2si, FPU_F, i32, env, ptr)
DEF_HELPER_FLAGS_2(cvtsd2sq, FPU_F, i64, env, ptr)
DEF_HELPER_FLAGS_2(cvttsd2si, FPU_F, i32, env, ptr)
DEF_HELPER_FLAGS_2(cvttsd2sq, FPU_F, i64, env, ptr)
/* SSE3 */
FPU_SIMD_F(addsubps) FPU_SIMD_F(addsubpd) FPU_SIMD_F(haddps)
FPU_SIMD_F(haddpd) FPU_SIMD_F(hsubps) FPU_SIMD_F(hsubpd)
/* SSE4.1: imm operand */
DEF_HELPER_FLAGS_4(roundps, FPU_F, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(roundpd, FPU_F, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(roundss, FPU_F, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(roundsd, FPU_F, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(dpps, FPU_F, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(dppd, FPU_F, void, env, ptr, ptr, i32)

#undef FPU_SIMD_MX
#undef FPU_SIMD_X
#undef FPU_SIMD_MX_I
#undef FPU_SIMD_X_I
#undef FPU_SIMD_F
#undef FPU_SIMD_F4
#undef FPU_NF
#undef FPU_F
