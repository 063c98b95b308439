/* x87, MMX, SSE and XSAVE helpers (target/i386/tcg/fpu_helper.c etc.). */
DEF_HELPER_FLAGS_1(fninit, TCG_CALL_NO_RWG, void, env)
