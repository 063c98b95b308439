/*
 * Interrupt and exception entry: one stub per vector (256) pushes a dummy
 * error code where the CPU pushes none, then the vector, saves the
 * general registers as struct ex_regs and calls do_exception(regs).
 * Also try_call() (returns to its caller when an exception abandons the
 * callee) and user_enter() (IRET to CPL 3).
 */
#include "layout.h"

#define KERNEL_DS   0x10
#define USER_DS     0x28
#define USER_CS32   0x20
#define USER_CS64   0x30

#ifdef __x86_64__
#define PTR .quad
#else
#define PTR .long
#endif

    .data
    .align 8
    .globl isr_table
isr_table:

    .text
    .set vec, 0
    .rept 256
    .pushsection .data
    PTR 1f
    .popsection
    .align 16
1:
    .if (vec == 8) || (vec >= 10 && vec <= 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
    .else
    push $0
    .endif
    push $vec
    jmp isr_common
    .set vec, vec + 1
    .endr

#ifdef __x86_64__
isr_common:
    push %rax
    push %rcx
    push %rdx
    push %rbx
    push %rbp
    push %rsi
    push %rdi
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, %rdi
    cld
    call do_exception
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rdi
    pop %rsi
    pop %rbp
    pop %rbx
    pop %rdx
    pop %rcx
    pop %rax
    add $16, %rsp
    iretq

/* int try_call(void (*fn)(void *), void *arg) */
    .globl try_call, try_recover
try_call:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    push try_sp
    mov %rsp, try_sp
    mov %rdi, %rax
    mov %rsi, %rdi
    call *%rax
    mov $-1, %eax
try_done:
    pop try_sp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret

/* do_exception IRETs here (CPL 0) when an exception ends a try_call. */
try_recover:
    mov try_sp, %rsp
    mov $KERNEL_DS, %ecx
    mov %ecx, %ds
    mov %ecx, %es
    mov try_result, %eax
    jmp try_done

/* void user_enter(void (*fn)(void *), void *arg, void *stack_top) */
    .globl user_enter
user_enter:
    pushq $(USER_DS | 3)
    push %rdx
    pushf
    pushq $(USER_CS64 | 3)
    pushq $user_trampoline
    mov %rdi, %rax
    mov %rsi, %rdi
    iretq
user_trampoline:
    call *%rax
    .globl user_return_ud2
user_return_ud2:                    /* do_exception knows this #UD */
    ud2

#else

isr_common:
    pusha
    mov %esp, %eax
    cld
    push %eax
    call do_exception
    add $4, %esp
    popa
    add $8, %esp
    iret

    .globl try_call, try_recover
try_call:
    push %ebp
    push %ebx
    push %esi
    push %edi
    push try_sp
    mov %esp, try_sp
    mov 24(%esp), %eax
    mov 28(%esp), %ecx
    push %ecx
    call *%eax
    add $4, %esp
    mov $-1, %eax
try_done:
    pop try_sp
    pop %edi
    pop %esi
    pop %ebx
    pop %ebp
    ret

try_recover:
    mov $KERNEL_DS, %ecx
    mov %ecx, %ss
    mov try_sp, %esp
    mov %ecx, %ds
    mov %ecx, %es
    mov try_result, %eax
    jmp try_done

    .globl user_enter
user_enter:
    mov 4(%esp), %eax
    mov 8(%esp), %ecx
    mov 12(%esp), %edx
    sub $16, %edx
    mov %ecx, (%edx)
    mov $(USER_DS | 3), %ecx
    mov %ecx, %ds
    mov %ecx, %es
    push $(USER_DS | 3)
    push %edx
    pushf
    push $(USER_CS32 | 3)
    push $user_trampoline
    iret
user_trampoline:
    call *%eax
    .globl user_return_ud2
user_return_ud2:
    ud2
#endif

    .section .note.GNU-stack, "", @progbits
