/*
 * Real-mode firmware for tcg-mttcg-test.c: a 64 KiB BIOS image runs on
 * every vCPU. The test copies this blob to the start of the image (f000:0)
 * and points the reset vector at one of the entry points below. The BSP
 * switches its LAPIC to x2APIC mode (MSRs work in real mode) and starts
 * the APs with INIT + SIPI vector 0xf1: they begin at f100:0000, which is
 * offset 0x1000 of the image (ap_entry), and run the routine whose offset
 * the BSP left at 0x510.
 *
 * Shared memory (segment 0):
 *   0x500 boots (BSP, one per reset)       0x504 APs started (index source)
 *   0x50c CPUs finished                    0x510 AP routine (offset in f000)
 *   0x600.. stress counters                0x700.. cross-modifying code state
 *   0x800 + 4 * n  per-CPU loop counters   0x2000 code rewritten by an AP
 *
 * The host assembler builds it into the test's .rodata; only differences
 * of labels are used, so it needs no relocation.
 */

#define BOOTS       0x500
#define AP_STARTED  0x504
#define FINISHED    0x50c
#define AP_ROUTINE  0x510

#define CNT_INC     0x600       /* lock incl */
#define CNT_XADD    0x604       /* lock xaddl */
#define CNT_CMPXCHG 0x608       /* lock cmpxchgl loop */
#define SPINLOCK    0x610       /* xchg spinlock ... */
#define CNT_LOCKED  0x614       /* ... guarding a plain incl */
#define CNT_PLAIN   0x618       /* plain incl: loses updates (info only) */
#define CNT_INCW    0x61c       /* lock incw (16 bits) */
#define CNT_CX8     0x620       /* lock cmpxchg8b loop (64 bits) */
#define ITERS       0x630       /* iterations per CPU, set by the test */

#define CMC_SEEN    0x704       /* value the BSP got from the code */
#define CMC_DONE    0x708       /* rounds the writer completed */
#define CMC_ROUNDS  0x70c       /* rounds, set by the test */
#define CMC_BACKWARDS 0x710     /* readers that saw a value go back */
#define CMC_FUNC    0x2000      /* movl $imm32, %eax; lret */

#define PERCPU      0x800

#define OFF(x) ((x) - mttcg_fw)

    .section .rodata.mttcg_fw, "a"
    .globl mttcg_fw, mttcg_fw_end
    .globl mttcg_fw_stress, mttcg_fw_cmc, mttcg_fw_spin
    .code16

/* Common BSP start: segments, stack, boot count. */
.macro bsp_init
    cli
    xorw %ax, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movw $0x7000, %sp
    lock incl BOOTS
    movl $0, AP_STARTED
.endm

mttcg_fw:

/* Starts the APs on the routine at offset %bx (in f000). */
start_aps:
    movw %bx, AP_ROUTINE
    /* x2APIC: IA32_APIC_BASE |= EXTD (the APIC is enabled at reset). */
    movl $0x1b, %ecx
    rdmsr
    orl $0x400, %eax
    wrmsr
    /* ICR (0x830): all excluding self, INIT assert; then SIPI 0xf1. */
    movl $0x830, %ecx
    xorl %edx, %edx
    movl $0x000c4500, %eax
    wrmsr
    movl $0x000c46f1, %eax
    wrmsr
    ret

/* Never returns: count this CPU as finished and halt. */
finish:
    lock incl FINISHED
1:  cli
    hlt
    jmp 1b

/* ---- LOCK stress: every CPU runs ITERS rounds of each atomic op ---- */

mttcg_fw_stress:
    bsp_init
    movw $OFF(stress_worker), %bx
    call start_aps
    jmp stress_worker

stress_worker:
    movl ITERS, %esi
1:  lock incl CNT_INC
    movl $1, %eax
    lock xaddl %eax, CNT_XADD
    /* compare-and-swap increment */
    movl CNT_CMPXCHG, %eax
2:  leal 1(%eax), %edx
    lock cmpxchgl %edx, CNT_CMPXCHG
    jnz 2b
    /* spinlock around a plain increment */
3:  movl $1, %eax
    xchgl %eax, SPINLOCK
    testl %eax, %eax
    jz 4f
    pause
    jmp 3b
4:  incl CNT_LOCKED
    movl $0, SPINLOCK
    incl CNT_PLAIN
    lock incw CNT_INCW
    /* 64-bit increment with cmpxchg8b */
    movl CNT_CX8, %eax
    movl CNT_CX8 + 4, %edx
5:  movl %eax, %ebx
    movl %edx, %ecx
    addl $1, %ebx
    adcl $0, %ecx
    lock cmpxchg8b CNT_CX8
    jnz 5b
    decl %esi
    jnz 1b
    jmp finish

/* ---- cross-modifying code ----
 * The BSP calls a function in RAM that returns an immediate; the first
 * AP rewrites the immediate 1, 2, ... CMC_ROUNDS, each time waiting until
 * the BSP has returned the new value. The other APs call the function
 * too and count it if a value ever goes back.
 */

mttcg_fw_cmc:
    bsp_init
    /* CMC_FUNC: 66 b8 imm32 (movl $imm32, %eax); cb (lret) */
    movw $0xb866, CMC_FUNC
    movl $0, CMC_FUNC + 2
    movb $0xcb, CMC_FUNC + 6
    movw $OFF(cmc_ap), %bx
    call start_aps
1:  lcall $0, $CMC_FUNC
    movl %eax, CMC_SEEN
    cmpl CMC_ROUNDS, %eax
    je finish
    pause
    jmp 1b

cmc_ap:
    testl %esi, %esi            /* AP index (ap_main) */
    jnz cmc_reader
    movl $1, %ecx
1:  movl %ecx, CMC_FUNC + 2     /* rewrite the immediate */
2:  cmpl %ecx, CMC_SEEN
    je 3f
    pause
    jmp 2b
3:  movl %ecx, CMC_DONE
    cmpl CMC_ROUNDS, %ecx
    je finish
    incl %ecx
    jmp 1b

cmc_reader:
    xorl %edi, %edi             /* last value seen */
1:  lcall $0, $CMC_FUNC
    cmpl %edi, %eax
    jae 2f
    lock incl CMC_BACKWARDS
2:  movl %eax, %edi
    cmpl CMC_ROUNDS, %eax
    je finish
    pause
    jmp 1b

/* ---- every CPU counts forever at PERCPU + 4 * cpu (runstate tests) ---- */

mttcg_fw_spin:
    bsp_init
    movw $OFF(spin_worker), %bx
    call start_aps
    xorl %esi, %esi
    jmp 1f
spin_worker:
    incl %esi                   /* AP index + 1: the BSP is 0 */
1:  movw %si, %bx
    shlw $2, %bx
    addw $PERCPU, %bx
    movl $0, (%bx)
2:  incl (%bx)
    jmp 2b

/* ---- APs: SIPI vector 0xf1 starts them at f100:0000 ---- */

    .org 0x1000
ap_entry:
    cli
    ljmp $0xf000, $OFF(ap_main)
ap_main:
    xorw %ax, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    /* AP index 0, 1, ... from a shared counter; its own stack */
    movl $1, %esi
    lock xaddl %esi, AP_STARTED
    movw %si, %sp
    shlw $10, %sp
    negw %sp
    addw $0x6c00, %sp
    movw AP_ROUTINE, %bx
    jmp *%bx
mttcg_fw_end:

    .section .note.GNU-stack, "", @progbits
