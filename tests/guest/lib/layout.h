/* Constants shared by the assembly entry code and C. */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

#define MAX_CPUS        16
#define STACK_SIZE      16384       /* per CPU, kernel mode */
#define AUX_STACK_SIZE  4096        /* per CPU: user stack, user->kernel */
/* Real-mode page the APs start in (SIPI vector TRAMPOLINE_ADDR >> 12). */
#define TRAMPOLINE_ADDR 0x8000

#endif
