/* Integer ISA helpers (target/i386/tcg/int_helper.c, cc_helper.c). */
/* Flags from the lazy representation: O S Z A P C of cc_op(dst, src, src2). */
DEF_HELPER_FLAGS_4(cc_compute_all, TCG_CALL_NO_RWG_SE, tl, tl, tl, tl, i32)
DEF_HELPER_FLAGS_4(cc_compute_c, TCG_CALL_NO_RWG_SE, tl, tl, tl, tl, i32)
/* EFLAGS as the guest sees it / POPF-style load under a mask. */
DEF_HELPER_FLAGS_1(read_eflags, TCG_CALL_NO_WRITE_GLOBALS, tl, env)
DEF_HELPER_FLAGS_3(write_eflags, 0, void, env, tl, i32)

/* Division: operands in rAX/rDX, divisor as argument; #DE on /0 or
 * quotient overflow (the registers are left unchanged then). */
DEF_HELPER_FLAGS_2(divb, 0, void, env, tl)
DEF_HELPER_FLAGS_2(divw, 0, void, env, tl)
DEF_HELPER_FLAGS_2(divl, 0, void, env, tl)
DEF_HELPER_FLAGS_2(divq, 0, void, env, tl)
DEF_HELPER_FLAGS_2(idivb, 0, void, env, tl)
DEF_HELPER_FLAGS_2(idivw, 0, void, env, tl)
DEF_HELPER_FLAGS_2(idivl, 0, void, env, tl)
DEF_HELPER_FLAGS_2(idivq, 0, void, env, tl)

/*
 * LOCK'd read-modify-write on guest memory as one host atomic operation.
 * desc = log2(size) | X86_ATOMIC_* << 4 | mmu_idx << 8 (int_helper.c);
 * returns the old value.
 */
DEF_HELPER_FLAGS_4(atomic_rmw, 0, tl, env, tl, tl, i32)
/* Compare-and-exchange: returns the old value (equal to cmp on success). */
DEF_HELPER_FLAGS_5(atomic_cmpxchg, 0, tl, env, tl, tl, tl, i32)
/* CMPXCHG8B/16B m: EDX:EAX / RDX:RAX vs memory; ZF in cc_src (the
 * translator computes EFLAGS first). desc = mmu_idx | locked << 4. */
DEF_HELPER_FLAGS_3(cmpxchg8b, 0, void, env, tl, i32)
DEF_HELPER_FLAGS_3(cmpxchg16b, 0, void, env, tl, i32)

/* RCL/RCR: value, count, log2(size); CF/OF in and out through cc_src
 * (CC_OP_EFLAGS set up by the translator). */
DEF_HELPER_FLAGS_4(rcl, 0, tl, env, tl, tl, i32)
DEF_HELPER_FLAGS_4(rcr, 0, tl, env, tl, tl, i32)

/* BCD on AL/AH with flags through cc_src (CC_OP_EFLAGS). */
DEF_HELPER_FLAGS_1(daa, 0, void, env)
DEF_HELPER_FLAGS_1(das, 0, void, env)
DEF_HELPER_FLAGS_1(aaa, 0, void, env)
DEF_HELPER_FLAGS_1(aas, 0, void, env)

/* BOUND r, m: index, address, desc = log2(size) | mmu_idx << 4; #BR. */
DEF_HELPER_FLAGS_4(bound, 0, void, env, tl, tl, i32)

/* BMI2 PDEP/PEXT (value, mask) and SSE4.2 CRC32 (crc, value, bits). */
DEF_HELPER_FLAGS_2(pdep, TCG_CALL_NO_RWG_SE, tl, tl, tl)
DEF_HELPER_FLAGS_2(pext, TCG_CALL_NO_RWG_SE, tl, tl, tl)
DEF_HELPER_FLAGS_3(crc32, TCG_CALL_NO_RWG_SE, tl, i32, tl, i32)

/* Debugging (VIREO_X86_TRACE=1): records each instruction's pc and a
 * few registers in a ring that x86_trace_dump() prints. */
DEF_HELPER_FLAGS_2(trace_insn, TCG_CALL_NO_WRITE_GLOBALS, void, env, tl)
