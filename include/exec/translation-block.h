/*
 * A translation block: the host code for a run of guest instructions,
 * cached by (guest physical pc, cs_base, flags, cflags). Owned by the
 * runtime (accel/tcg/); backends fill the tc part and the jump offsets.
 */
#ifndef EXEC_TRANSLATION_BLOCK_H
#define EXEC_TRANSLATION_BLOCK_H

#include "qemu/osdep.h"

/* cflags */
#define CF_COUNT_MASK   0x000001ff  /* max guest insns (0 = default) */
#define CF_NO_GOTO_TB   0x00000200  /* do not chain (single-step, -d nochain) */
#define CF_NO_GOTO_PTR  0x00000400
#define CF_SINGLE_STEP  0x00000800
#define CF_PARALLEL     0x00001000  /* other vCPUs run concurrently (MTTCG) */
#define CF_INVALID      0x00002000  /* invalidated: never execute or chain */
#define CF_LAST_IO      0x00004000  /* last insn may do I/O */

typedef struct TranslationBlock TranslationBlock;

struct TranslationBlock {
    uint64_t pc;                  /* guest virtual address of the first insn */
    uint64_t cs_base;
    uint32_t flags;               /* target mode flags (x86: hflags etc.) */
    uint32_t cflags;
    uint16_t size;                /* guest bytes covered */
    uint16_t icount;              /* guest insns */
    /* Guest physical pages holding the code ([1] = -1 if one page). */
    uint64_t page_addr[2];

    /* Host code. */
    struct {
        void *ptr;
        uint32_t size;
    } tc;

    /*
     * Direct jumps (goto_tb n): the backend records where slot n's jump
     * is and where its unchained fall-back (exit_tb) starts; 0xffff if
     * the TB has no slot n.
     */
    uint16_t jmp_insn_offset[2];
    uint16_t jmp_reset_offset[2];
    /* Chaining bookkeeping (runtime): where slot n jumps now. */
    uintptr_t jmp_dest[2];        /* TranslationBlock * or 0 */
    /* TBs that jump into this one (list threaded through jmp_list_next,
     * low bit = slot). */
    uintptr_t jmp_list_head;
    uintptr_t jmp_list_next[2];

    /* Insn restore data (copied from TCGContext at generation). */
    uint32_t *insn_end_off;       /* icount entries */
    uint64_t (*insn_data)[2];     /* icount x TCG_INSN_START_WORDS */

    /* Runtime links: hash chain and the per-page lists for SMC. */
    TranslationBlock *hash_next;
    uintptr_t page_next[2];
    uint32_t hash;
};

#endif
