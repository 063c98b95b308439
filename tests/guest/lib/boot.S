/*
 * Entry from a multiboot v1 loader: 32-bit protected mode, paging off,
 * EAX = 0x2BADB002, EBX = multiboot information. Loads our GDT, clears
 * the BSS, builds identity page tables for the first 4 GiB (2 MiB pages,
 * everything user-accessible, cache-disabled above 3 GiB where the MMIO
 * lives) and calls lib_start(); the x86_64 flavour first enters long mode
 * through PAE, EFER.LME and CR0.PG. The i386 flavour stays unpaged until
 * setup_vm(). APs arrive through the real-mode trampoline at ap_start32.
 */
#include "layout.h"

#define MB_MAGIC    0x1badb002
#define MB_FLAGS    0x00000003      /* page-aligned modules, memory info */

#define KERNEL_CS64 0x08
#define KERNEL_DS   0x10
#define KERNEL_CS32 0x18

#define PTE_LARGE   0x87            /* present, writable, user, 2 MiB */
#define PTE_TABLE   0x07            /* present, writable, user */
#define PTE_UC      0x18            /* PWT | PCD */

    .section .multiboot, "a"
    .align 4
    .long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

    .section .text.boot, "ax"
    .code32
    .globl _start
_start:
    cli
    cld
    mov %eax, mb_magic
    mov %ebx, mb_info
    lgdtl gdt_descr
    ljmpl $KERNEL_CS32, $1f
1:  mov $KERNEL_DS, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    mov $__bss_start, %edi
    mov $__bss_end, %ecx
    sub %edi, %ecx
    xor %eax, %eax
    rep stosb
    mov $stacks + STACK_SIZE, %esp
    call build_page_tables
#ifdef __x86_64__
    mov $boot_pml4, %eax
    mov %eax, ap_cr3
    movl $0x20, ap_cr4              /* PAE */
    movl $0x100, ap_efer            /* LME */
    movl $0x80000011, ap_cr0        /* PG | ET | PE */
    xor %ebx, %ebx
    jmp enter_paging
#else
    xor %eax, %eax
    push %eax
    call lib_start
1:  hlt
    jmp 1b
#endif

/* 2048 PD entries cover 4 GiB; PDPT/PML4 (and the PAE PDPT) above them. */
build_page_tables:
    mov $boot_pd, %edi
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $PTE_LARGE, %eax
    cmp $1536, %ecx
    jb 2f
    or $PTE_UC, %eax
2:  mov %eax, (%edi, %ecx, 8)
    movl $0, 4(%edi, %ecx, 8)
    inc %ecx
    cmp $2048, %ecx
    jb 1b
    xor %ecx, %ecx
    mov $boot_pd, %eax
3:  lea PTE_TABLE(%eax), %edx
    mov %edx, boot_pdpt(, %ecx, 8)
    lea 1(%eax), %edx               /* PAE PDPTEs: present bit only */
    mov %edx, boot_pae_pdpt(, %ecx, 8)
    add $4096, %eax
    inc %ecx
    cmp $4, %ecx
    jb 3b
    movl $boot_pdpt + PTE_TABLE, boot_pml4
    ret

/*
 * APs: the trampoline far-jumps here in 32-bit protected mode with our
 * GDT. Take the next CPU number, its stack, and the BSP's paging state.
 */
    .globl ap_start32
ap_start32:
    mov $KERNEL_DS, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    mov $1, %ebx
    lock xadd %ebx, ap_next_cpu
    lea 1(%ebx), %eax
    imul $STACK_SIZE, %eax
    add $stacks, %eax
    mov %eax, %esp
#ifndef __x86_64__
    mov ap_cr0, %eax                /* the BSP's CR0 (clears CD/NW too) */
    test $0x80000000, %eax
    jnz enter_paging
    test %eax, %eax
    jz 2f
    mov %eax, %cr0
    jmp 2f
#endif

/* Paging on with ap_cr3/cr4/efer/cr0; EBX = CPU number. */
enter_paging:
    mov ap_cr4, %eax
    mov %eax, %cr4
    mov ap_cr3, %eax
    mov %eax, %cr3
    cmpl $0, ap_efer                /* only CPUs with LM or NX have EFER */
    jz 1f
    mov $0xc0000080, %ecx
    mov ap_efer, %eax
    xor %edx, %edx
    wrmsr
1:  mov ap_cr0, %eax
    mov %eax, %cr0
#ifdef __x86_64__
    ljmpl $KERNEL_CS64, $start64

    .code64
start64:
    mov $KERNEL_DS, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    mov %esp, %esp                  /* zero-extend */
    mov %ebx, %edi
    test %ebx, %ebx
    jnz 1f
    call lib_start
    jmp 2f
1:  call ap_entry
2:  hlt
    jmp 2b
#else
    ljmpl $KERNEL_CS32, $2f
2:  push %ebx
    call ap_entry
1:  hlt
    jmp 1b
#endif

/*
 * Real-mode trampoline, copied to TRAMPOLINE_ADDR; a SIPI starts APs at
 * its first byte with CS = TRAMPOLINE_ADDR >> 4, IP = 0.
 */
    .code16
    .globl trampoline_start, trampoline_end
trampoline_start:
    cli
    mov %cs, %ax
    mov %ax, %ds
    lgdtl tramp_gdt_descr - trampoline_start
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmpl $KERNEL_CS32, $ap_start32
    .align 4
tramp_gdt_descr:
    .word gdt_end - gdt - 1
    .long gdt
trampoline_end:
    .code32

    .data
    .align 16
    .globl gdt, gdt_end, gdt_descr
gdt:
    .quad 0
    .quad 0x00af9b000000ffff        /* 0x08 kernel code, 64-bit */
    .quad 0x00cf93000000ffff        /* 0x10 kernel data */
    .quad 0x00cf9b000000ffff        /* 0x18 kernel code, 32-bit */
    .quad 0x00cffb000000ffff        /* 0x20 user code, 32-bit */
    .quad 0x00cff3000000ffff        /* 0x28 user data */
    .quad 0x00affb000000ffff        /* 0x30 user code, 64-bit */
    .fill 5, 8, 0                   /* 0x38-0x58: for tests */
    .fill 2 * MAX_CPUS, 8, 0        /* 0x60: one TSS per CPU */
gdt_end:
    .align 4
    .word 0
gdt_descr:                          /* lgdt reads 6 bytes, 10 in long mode */
    .word gdt_end - gdt - 1
    .long gdt, 0

    .globl mb_magic, mb_info, ap_cr0, ap_cr3, ap_cr4, ap_efer, ap_next_cpu
mb_magic:   .long 0
mb_info:    .long 0
/* Paging state for enter_paging (APs copy the BSP's; 0 = none). */
ap_cr0:     .long 0
ap_cr3:     .long 0
ap_cr4:     .long 0
ap_efer:    .long 0
ap_next_cpu: .long 1

    .bss
    .align 4096
    .globl stacks, boot_pml4, boot_pdpt, boot_pd, boot_pae_pdpt
stacks:     .space MAX_CPUS * STACK_SIZE
boot_pml4:  .space 4096
boot_pdpt:  .space 4096
boot_pd:    .space 4 * 4096
boot_pae_pdpt: .space 4096

    .section .note.GNU-stack, "", @progbits
