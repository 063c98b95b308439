/* Integer ISA helpers (target/i386/tcg/int_helper.c, cc_helper.c). */
/* Flags from the lazy representation: O S Z A P C of cc_op(dst, src, src2). */
DEF_HELPER_FLAGS_4(cc_compute_all, TCG_CALL_NO_RWG_SE, tl, tl, tl, tl, i32)
DEF_HELPER_FLAGS_4(cc_compute_c, TCG_CALL_NO_RWG_SE, tl, tl, tl, tl, i32)
/* EFLAGS as the guest sees it / POPF-style load under a mask. */
DEF_HELPER_FLAGS_1(read_eflags, TCG_CALL_NO_WRITE_GLOBALS, tl, env)
DEF_HELPER_FLAGS_3(write_eflags, 0, void, env, tl, i32)
