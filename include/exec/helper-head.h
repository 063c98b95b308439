/*
 * Declaring TCG helpers once, in a list of
 *   DEF_HELPER_FLAGS_n(name, flags, ret, arg1, ..., argn)
 * lines (n = 0..6; types: void i32 s32 i64 s64 ptr env tl), and
 * expanding that list three ways:
 *   exec/helper-proto.h  prototypes: ret helper_name(args)
 *   exec/helper-gen.h    emitters:   gen_helper_name([ret,] args)
 *   exec/helper-info.c.inc  the TCGHelperInfo objects (one .c file)
 * Set HELPER_H to the list's path before including any of them.
 */
#ifndef EXEC_HELPER_HEAD_H
#define EXEC_HELPER_HEAD_H

#define HELPER_GLUE_(a, b) a##b
#define HELPER_GLUE(a, b) HELPER_GLUE_(a, b)

/* C types */
#define dh_ctype_void void
#define dh_ctype_i32 uint32_t
#define dh_ctype_s32 int32_t
#define dh_ctype_i64 uint64_t
#define dh_ctype_s64 int64_t
#define dh_ctype_tl uint64_t
#define dh_ctype_ptr void *
#define dh_ctype_env CPUArchState *
#define dh_ctype(t) HELPER_GLUE(dh_ctype_, t)

/* TCG handle types */
#define dh_tcgv_i32 TCGv_i32
#define dh_tcgv_s32 TCGv_i32
#define dh_tcgv_i64 TCGv_i64
#define dh_tcgv_s64 TCGv_i64
#define dh_tcgv_tl TCGv_i64
#define dh_tcgv_ptr TCGv_ptr
#define dh_tcgv_env TCGv_ptr
#define dh_tcgv(t) HELPER_GLUE(dh_tcgv_, t)

/* handle -> TCGTemp * */
#define dh_temp_i32(v) tcgv_i32_temp(v)
#define dh_temp_s32(v) tcgv_i32_temp(v)
#define dh_temp_i64(v) tcgv_i64_temp(v)
#define dh_temp_s64(v) tcgv_i64_temp(v)
#define dh_temp_tl(v) tcgv_i64_temp(v)
#define dh_temp_ptr(v) tcgv_ptr_temp(v)
#define dh_temp_env(v) tcgv_ptr_temp(v)
#define dh_temp(t, v) HELPER_GLUE(dh_temp_, t)(v)

/* TCGCallType */
#define dh_call_void TCG_CALL_VOID
#define dh_call_i32 TCG_CALL_I32
#define dh_call_s32 TCG_CALL_I32
#define dh_call_i64 TCG_CALL_I64
#define dh_call_s64 TCG_CALL_I64
#define dh_call_tl TCG_CALL_I64
#define dh_call_ptr TCG_CALL_I64
#define dh_call_env TCG_CALL_I64
#define dh_call(t) HELPER_GLUE(dh_call_, t)

/* Return value in emitter signatures: nothing for void. */
#define dh_retdecl0_void void
#define dh_retdecl0_i32 TCGv_i32 retval
#define dh_retdecl0_s32 TCGv_i32 retval
#define dh_retdecl0_i64 TCGv_i64 retval
#define dh_retdecl0_s64 TCGv_i64 retval
#define dh_retdecl0_tl TCGv_i64 retval
#define dh_retdecl0_ptr TCGv_ptr retval
#define dh_retdecl0(t) HELPER_GLUE(dh_retdecl0_, t)
#define dh_retdecl_void
#define dh_retdecl_i32 TCGv_i32 retval,
#define dh_retdecl_s32 TCGv_i32 retval,
#define dh_retdecl_i64 TCGv_i64 retval,
#define dh_retdecl_s64 TCGv_i64 retval,
#define dh_retdecl_tl TCGv_i64 retval,
#define dh_retdecl_ptr TCGv_ptr retval,
#define dh_retdecl(t) HELPER_GLUE(dh_retdecl_, t)
#define dh_rettemp_void NULL
#define dh_rettemp_i32 tcgv_i32_temp(retval)
#define dh_rettemp_s32 tcgv_i32_temp(retval)
#define dh_rettemp_i64 tcgv_i64_temp(retval)
#define dh_rettemp_s64 tcgv_i64_temp(retval)
#define dh_rettemp_tl tcgv_i64_temp(retval)
#define dh_rettemp_ptr tcgv_ptr_temp(retval)
#define dh_rettemp(t) HELPER_GLUE(dh_rettemp_, t)

#endif
