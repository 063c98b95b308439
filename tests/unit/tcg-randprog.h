/*
 * Deterministic random TCG IR programs, for comparing backends (and the
 * optimizer) with each other: the same seed gives the same op list.
 *
 * Use:
 *   tcg_init();
 *   RandProgGlobals g;
 *   randprog_register_globals(&g, 0, 8, 4);    once, env offsets 0...
 *   for each seed:
 *     tcg_func_start(tcg_ctx);
 *     randprog_emit(seed, &opts, &g);           ends in exit_tb(NULL, 0)
 *     randprog_init_env(seed, env, &g, &opts);  same start state each run
 *     ... optimize / liveness / gen_code / exec with each backend on a
 *     fresh copy of env, then compare the env buffers (globals and the
 *     scratch area).
 * Programs never divide by zero or overflow a division, only branch
 * forward (plus small counted loops) so they always terminate, and touch
 * memory only through env: globals, the scratch area (ld/st) and the
 * helpers below. Keep nb_ops <= ~1500: every random constant is a temp
 * and a TB has at most TCG_MAX_TEMPS.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TESTS_UNIT_TCG_RANDPROG_H
#define TESTS_UNIT_TCG_RANDPROG_H

#include "qemu/osdep.h"
#include "tcg/tcg.h"

#define RANDPROG_MAX_GLOBALS 16

typedef struct RandProgGlobals {
    int n64, n32;
    TCGv_i64 g64[RANDPROG_MAX_GLOBALS];
    TCGv_i32 g32[RANDPROG_MAX_GLOBALS];
    intptr_t ofs64[RANDPROG_MAX_GLOBALS];
    intptr_t ofs32[RANDPROG_MAX_GLOBALS];
    intptr_t end;                  /* first env byte after the globals */
} RandProgGlobals;

typedef struct RandProgOpts {
    int nb_ops;                    /* roughly how many ops to emit */
    bool branches;                 /* forward brconds, counted loops */
    bool env_ldst;                 /* ld/st on the scratch area */
    bool calls;                    /* helper calls (see below) */
    intptr_t scratch_ofs;          /* env offset, 8-aligned, no globals */
    int scratch_size;              /* bytes, >= 64, multiple of 8 */
} RandProgOpts;

/*
 * Registers n64 I64 globals then n32 I32 globals (named r0.., w0..)
 * packed from env offset ofs (8-byte slots). Call once after tcg_init().
 */
void randprog_register_globals(RandProgGlobals *g, intptr_t ofs,
                               int n64, int n32);
/* Appends the program for seed to tcg_ctx's op list. */
void randprog_emit(uint64_t seed, const RandProgOpts *o,
                   const RandProgGlobals *g);
/* Fills the globals and the scratch area with seed-derived values. */
void randprog_init_env(uint64_t seed, void *env, const RandProgGlobals *g,
                       const RandProgOpts *o);

/*
 * Helpers the programs call: mix64/mix32 are pure (TCG_CALL_NO_RWG_SE);
 * bump reads global r0 and w0 and writes r1 and w1 (flags 0), which
 * checks that a backend syncs globals around calls.
 */
uint64_t randprog_helper_mix64(uint64_t a, uint64_t b, uint64_t c);
uint32_t randprog_helper_mix32(uint32_t a, uint32_t b);
void randprog_helper_bump(void *env, uint64_t v);

#endif
