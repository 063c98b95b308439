/*
 * System helpers (target/i386/tcg/{excp,seg,misc,io}_helper.c).
 * Conventions: "next_eip_addend" is the instruction length, so the helper
 * can compute the return address; a helper that may fault is called with
 * env->eip already equal to the faulting instruction's eip (the frontend
 * syncs it) or restores it from GETPC().
 */
/* Exceptions: never return. */
DEF_HELPER_FLAGS_2(raise_exception, TCG_CALL_NO_WRITE_GLOBALS, void, env, i32)
DEF_HELPER_FLAGS_3(raise_exception_err, TCG_CALL_NO_WRITE_GLOBALS, void, env, i32, i32)
/* INT n / INT3 / INTO: vector, next_eip_addend */
DEF_HELPER_FLAGS_3(raise_interrupt, TCG_CALL_NO_WRITE_GLOBALS, void, env, i32, i32)
/* Trap after an instruction when EFLAGS.TF was set at its start. */
DEF_HELPER_FLAGS_1(single_step, 0, void, env)

/* Segments and descriptor tables. Selector loads with all checks. */
DEF_HELPER_FLAGS_3(load_seg, 0, void, env, i32, i32)          /* seg, selector */
DEF_HELPER_FLAGS_2(lldt, 0, void, env, i32)
DEF_HELPER_FLAGS_2(ltr, 0, void, env, i32)
/* Far transfers. shift: operand size 0=16 1=32 2=64. */
DEF_HELPER_FLAGS_4(ljmp_protected, 0, void, env, i32, tl, tl)        /* sel, eip, next_eip */
DEF_HELPER_FLAGS_5(lcall_real, 0, void, env, i32, tl, i32, i32)      /* sel, eip, shift, next_eip */
DEF_HELPER_FLAGS_5(lcall_protected, 0, void, env, i32, tl, i32, tl)  /* sel, eip, shift, next_eip */
DEF_HELPER_FLAGS_3(lret_protected, 0, void, env, i32, i32)           /* shift, addend (imm16) */
DEF_HELPER_FLAGS_2(iret_real, 0, void, env, i32)                     /* shift */
DEF_HELPER_FLAGS_3(iret_protected, 0, void, env, i32, i32)           /* shift, next_eip */
/* LAR/LSL return the value and set ZF via cc_src (CC_OP_EFLAGS). */
DEF_HELPER_FLAGS_2(lar, 0, tl, env, tl)
DEF_HELPER_FLAGS_2(lsl, 0, tl, env, tl)
DEF_HELPER_FLAGS_2(verr, 0, void, env, tl)
DEF_HELPER_FLAGS_2(verw, 0, void, env, tl)
DEF_HELPER_FLAGS_2(syscall, 0, void, env, i32)     /* next_eip_addend */
DEF_HELPER_FLAGS_2(sysret, 0, void, env, i32)      /* dflag: 1=32 2=64 */
DEF_HELPER_FLAGS_1(sysenter, 0, void, env)
DEF_HELPER_FLAGS_2(sysexit, 0, void, env, i32)     /* dflag */
DEF_HELPER_FLAGS_1(swapgs, 0, void, env)

/* Control and debug registers, TLB. */
DEF_HELPER_FLAGS_2(read_crN, 0, tl, env, i32)
DEF_HELPER_FLAGS_3(write_crN, 0, void, env, i32, tl)
DEF_HELPER_FLAGS_2(lmsw, 0, void, env, tl)
DEF_HELPER_FLAGS_1(clts, 0, void, env)
DEF_HELPER_FLAGS_2(get_dr, 0, tl, env, i32)
DEF_HELPER_FLAGS_3(set_dr, 0, void, env, i32, tl)
DEF_HELPER_FLAGS_2(invlpg, 0, void, env, tl)
DEF_HELPER_FLAGS_3(invpcid, 0, void, env, i32, tl)   /* type, descriptor address */

/* CPUID, MSRs, time, random numbers: operate on EAX/ECX/EDX in env. */
DEF_HELPER_FLAGS_1(cpuid, 0, void, env)
DEF_HELPER_FLAGS_1(rdmsr, 0, void, env)
DEF_HELPER_FLAGS_1(wrmsr, 0, void, env)
DEF_HELPER_FLAGS_1(rdtsc, 0, void, env)
DEF_HELPER_FLAGS_1(rdtscp, 0, void, env)
DEF_HELPER_FLAGS_1(rdpid, 0, tl, env)
DEF_HELPER_FLAGS_1(rdpmc, 0, void, env)
/* RDRAND/RDSEED: returns the value, sets CF via cc_src (CC_OP_EFLAGS). */
DEF_HELPER_FLAGS_1(rdrand, 0, tl, env)
DEF_HELPER_FLAGS_1(xgetbv, 0, void, env)
DEF_HELPER_FLAGS_1(xsetbv, 0, void, env)

/* Waiting. */
DEF_HELPER_FLAGS_2(hlt, 0, void, env, i32)            /* next_eip_addend */
DEF_HELPER_FLAGS_2(monitor, 0, void, env, tl)         /* address */
DEF_HELPER_FLAGS_2(mwait, 0, void, env, i32)          /* next_eip_addend */
DEF_HELPER_FLAGS_2(pause, 0, void, env, i32)          /* next_eip_addend */
/* WAITPKG: UMONITOR addr; UMWAIT/TPAUSE r32 (control), deadline in
 * EDX:EAX; set CF via cc_src when the deadline or the OS limit ended it. */
DEF_HELPER_FLAGS_2(umonitor, 0, void, env, tl)
DEF_HELPER_FLAGS_3(umwait, 0, void, env, i32, i32)    /* control, next_eip_addend */
DEF_HELPER_FLAGS_3(tpause, 0, void, env, i32, i32)

/* Port I/O, with the IOPL / TSS bitmap check done by check_io. */
DEF_HELPER_FLAGS_3(check_io, 0, void, env, i32, i32)  /* port, size in bytes */
DEF_HELPER_FLAGS_2(inb, 0, i32, env, i32)
DEF_HELPER_FLAGS_2(inw, 0, i32, env, i32)
DEF_HELPER_FLAGS_2(inl, 0, i32, env, i32)
DEF_HELPER_FLAGS_3(outb, 0, void, env, i32, i32)
DEF_HELPER_FLAGS_3(outw, 0, void, env, i32, i32)
DEF_HELPER_FLAGS_3(outl, 0, void, env, i32, i32)

/* PKU: RDPKRU (ECX must be 0) returns PKRU; WRPKRU (ECX = EDX = 0) takes
 * EDX:EAX. #UD without CR4.PKE, #GP(0) on non-zero ECX/EDX. */
DEF_HELPER_FLAGS_2(rdpkru, 0, i32, env, i32)           /* ecx */
DEF_HELPER_FLAGS_3(wrpkru, 0, void, env, i32, i64)     /* ecx, edx:eax */
