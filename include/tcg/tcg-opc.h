/*
 * The IR opcodes, as an X-macro list:
 *   DEF(name, nb_oargs, nb_iargs, nb_cargs, flags)
 * Outputs come first in TCGOp.args, then inputs, then constant arguments.
 * Every arithmetic op has a type (TCG_TYPE_I32 or TCG_TYPE_I64) in
 * TCGOp.type; an I32 op reads and writes only the low 32 bits of its
 * temps (the high half of an I32 temp is undefined).
 */
/* No operation (the optimizer turns dead ops into nop). */
DEF(nop, 0, 0, 0, TCG_OPF_NOT_PRESENT)
/* Start of a guest instruction: cargs = TCG_INSN_START_WORDS data words
 * (x86: eip - cs_base relative pc, cc_op). */
DEF(insn_start, 0, 0, TCG_INSN_START_WORDS, TCG_OPF_NOT_PRESENT)
/* Marks a temp dead (value no longer needed). */
DEF(discard, 1, 0, 0, TCG_OPF_NOT_PRESENT)

/* Control flow. cargs[0] of br/brcond/set_label is a TCGLabel *. */
DEF(set_label, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_NOT_PRESENT)
DEF(br, 0, 0, 1, TCG_OPF_BB_END)
/* brcond a, b, cond, label */
DEF(brcond, 0, 2, 2, TCG_OPF_BB_END | TCG_OPF_COND_BRANCH)
/* Call: outputs (0 or 1), inputs (the helper's args), cargs: func
 * (TCGHelperInfo *). TCGOp.nb_oargs/nb_iargs hold the real counts. */
DEF(call, 0, 0, 1, TCG_OPF_CALL_CLOBBER)
/* Direct-jump slot n (0 or 1) to the next TB; patched by chaining. */
DEF(goto_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)
/* Return to the runtime with cargs[0] (TB pointer | exit code). */
DEF(exit_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)
/* Jump to host code address in a temp (from helper_lookup_tb_ptr). */
DEF(goto_ptr, 0, 1, 0, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)
/* Memory barrier: cargs[0] = TCG_MO_* | TCG_BAR_* */
DEF(mb, 0, 0, 1, TCG_OPF_SIDE_EFFECTS)

/* Moves and host-memory access (env fields: base is a ptr temp). */
DEF(mov, 1, 1, 0, TCG_OPF_NOT_PRESENT)
DEF(ld8u, 1, 1, 1, 0)          /* ret = *(uint8_t *)(base + cargs[0]) */
DEF(ld8s, 1, 1, 1, 0)
DEF(ld16u, 1, 1, 1, 0)
DEF(ld16s, 1, 1, 1, 0)
DEF(ld32u, 1, 1, 1, 0)         /* I64 only */
DEF(ld32s, 1, 1, 1, 0)         /* I64 only */
DEF(ld, 1, 1, 1, 0)            /* full width of the op type */
DEF(st8, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)    /* *(base + off) = val: args val, base */
DEF(st16, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF(st32, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF(st, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)

/* Arithmetic and logic. */
DEF(add, 1, 2, 0, 0)
DEF(sub, 1, 2, 0, 0)
DEF(mul, 1, 2, 0, 0)
DEF(neg, 1, 1, 0, 0)
DEF(and, 1, 2, 0, 0)
DEF(or, 1, 2, 0, 0)
DEF(xor, 1, 2, 0, 0)
DEF(andc, 1, 2, 0, 0)          /* a & ~b */
DEF(not, 1, 1, 0, 0)
/* Shift counts are taken modulo the type width (32 or 64). */
DEF(shl, 1, 2, 0, 0)
DEF(shr, 1, 2, 0, 0)
DEF(sar, 1, 2, 0, 0)
DEF(rotl, 1, 2, 0, 0)
DEF(rotr, 1, 2, 0, 0)
/* Full multiply: rl, rh = a * b (unsigned / signed). */
DEF(mulu2, 2, 2, 0, 0)
DEF(muls2, 2, 2, 0, 0)
/* Double-word add/sub: rl, rh = (ah:al) +/- (bh:bl). */
DEF(add2, 2, 4, 0, 0)
DEF(sub2, 2, 4, 0, 0)
/* Division; the divisor is never 0 and never overflows (the frontend
 * checks and raises #DE first). */
DEF(div, 1, 2, 0, 0)
DEF(divu, 1, 2, 0, 0)
DEF(rem, 1, 2, 0, 0)
DEF(remu, 1, 2, 0, 0)

/* Extensions within the op type. */
DEF(ext8s, 1, 1, 0, 0)
DEF(ext8u, 1, 1, 0, 0)
DEF(ext16s, 1, 1, 0, 0)
DEF(ext16u, 1, 1, 0, 0)
DEF(ext32s, 1, 1, 0, 0)        /* I64 only */
DEF(ext32u, 1, 1, 0, 0)        /* I64 only */
/* Between types: ret (I64) = zero/sign-extended I32 input;
 * extrl: I32 = low half of I64; extrh: I32 = high half of I64. */
DEF(extu_i32_i64, 1, 1, 0, 0)
DEF(ext_i32_i64, 1, 1, 0, 0)
DEF(extrl_i64_i32, 1, 1, 0, 0)
DEF(extrh_i64_i32, 1, 1, 0, 0)

/* Bit fields: cargs ofs, len (len >= 1, ofs + len <= width). */
DEF(extract, 1, 1, 2, 0)       /* ret = (a >> ofs) & ((1 << len) - 1) */
DEF(sextract, 1, 1, 2, 0)      /* same, sign-extended from bit len-1 */
DEF(deposit, 1, 2, 2, 0)       /* ret = a with b's low len bits at ofs */
/* Byte swaps of the low 2/4/8 bytes; bswap16/32 zero-extend. */
DEF(bswap16, 1, 1, 0, 0)
DEF(bswap32, 1, 1, 0, 0)
DEF(bswap64, 1, 1, 0, 0)       /* I64 only */
/* Bit counts: clz/ctz ret = a ? count : b. */
DEF(clz, 1, 2, 0, 0)
DEF(ctz, 1, 2, 0, 0)
DEF(ctpop, 1, 1, 0, 0)

/* Comparisons; cargs[0] is a TCGCond. */
DEF(setcond, 1, 2, 1, 0)       /* ret = (a cond b) ? 1 : 0 */
DEF(negsetcond, 1, 2, 1, 0)    /* ret = (a cond b) ? -1 : 0 */
DEF(movcond, 1, 4, 1, 0)       /* ret = (c1 cond c2) ? v1 : v2 */

/*
 * Guest memory: addr is always an I64 temp holding the guest virtual
 * address; cargs[0] is a MemOpIdx (memop and mmu index). Loads zero- or
 * sign-extend to the op type. These may fault (raise a guest exception
 * through the slow path), so globals are synced before them.
 */
DEF(qemu_ld, 1, 1, 1, TCG_OPF_SIDE_EFFECTS | TCG_OPF_MAY_FAULT)
DEF(qemu_st, 0, 2, 1, TCG_OPF_SIDE_EFFECTS | TCG_OPF_MAY_FAULT)   /* args val, addr */
