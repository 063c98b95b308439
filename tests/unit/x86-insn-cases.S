/*
 * Instruction test cases for test-x86-insn: short x86-64 code snippets
 * that run both natively and under the translator from the same random
 * register/flag inputs; registers, flags (under a mask) and the data
 * buffer must agree afterwards.
 *
 * Environment of a snippet: RBX, RSI, RDI, RBP point into a 64 KiB data
 * buffer (RBX +0x400, RSI +0x100, RDI +0x800, RBP +0x1000), RSP +0x8000
 * (stack inside the buffer); the other registers and the arithmetic
 * flags are random; DF = 0. Snippets must not fault natively.
 *
 * One case per line: T "name", flags_mask; instructions; ...; E
 * flags_mask: EFLAGS bits compared (F_ALL = O S Z A P C D).
 * (';' separates statements before macro expansion, hence the two macros
 * around the body rather than one taking it as an argument.)
 */
#define F_C 0x1
#define F_P 0x4
#define F_A 0x10
#define F_Z 0x40
#define F_S 0x80
#define F_D 0x400
#define F_O 0x800
#define F_ALL 0xcd5
#define F_SZP (F_S | F_Z | F_P)
#define F_NOA (F_ALL & ~F_A)

    .macro T name, fmask
    .pushsection .data.rel.ro.x86insn_table, "aw"
    .quad .Lcs\@, \fmask, .Lcn\@
    .popsection
    .pushsection .rodata.x86insn_str, "aMS", @progbits, 1
.Lcn\@:
    .asciz "\name"
    .popsection
    .pushsection .rodata.x86insn_code, "a"
.Lcs\@:
    .endm
    .macro E
.Lce\@:
    .popsection
    .pushsection .data.rel.ro.x86insn_table, "aw"
    .quad .Lce\@
    .popsection
    .endm

    .pushsection .data.rel.ro.x86insn_table, "aw"
    .globl x86_insn_cases
    .balign 8
x86_insn_cases:
    .popsection

/* ALU, all sizes and forms */
T "add r64", F_ALL; add %rcx, %rax; E
T "add r32", F_ALL; add %ecx, %eax; E
T "add r16", F_ALL; add %cx, %ax; E
T "add r8", F_ALL; add %cl, %al; E
T "add r8h", F_ALL; add %ch, %ah; add %dh, %bl; E
T "add imm32", F_ALL; add $0x12345678, %eax; E
T "add imm8 sx", F_ALL; add $-3, %rdx; E
T "add imm al", F_ALL; add $0x7f, %al; E
T "add mem,r", F_ALL; add %rax, 8(%rbx); E
T "add r,mem", F_ALL; add 16(%rbx), %ecx; E
T "add mem8,imm", F_ALL; addb $0x81, 3(%rbx); E
T "adc r64", F_ALL; adc %rcx, %rax; E
T "adc r32", F_ALL; adc %ecx, %eax; E
T "adc r16", F_ALL; adc %cx, %ax; E
T "adc r8", F_ALL; adc %cl, %dl; E
T "adc mem", F_ALL; adc %r8, (%rbx); E
T "adc -1", F_ALL; mov $-1, %rcx; adc %rcx, %rax; E
T "sub r64", F_ALL; sub %rcx, %rax; E
T "sub r32", F_ALL; sub %ecx, %eax; E
T "sub r16", F_ALL; sub %cx, %ax; E
T "sub r8", F_ALL; sub %cl, %al; E
T "sub mem", F_ALL; sub %rdx, 24(%rbx); E
T "sbb r64", F_ALL; sbb %rcx, %rax; E
T "sbb r32", F_ALL; sbb %ecx, %eax; E
T "sbb r8", F_ALL; sbb %cl, %al; E
T "sbb mem16", F_ALL; sbb %dx, 6(%rbx); E
T "sbb -1", F_ALL; mov $-1, %ecx; sbb %ecx, %eax; E
T "and r64", F_NOA; and %rcx, %rax; E
T "and r8", F_NOA; and %cl, %al; E
T "or r32", F_NOA; or %ecx, %eax; E
T "or mem", F_NOA; orq $0x100, 32(%rbx); E
T "xor r16", F_NOA; xor %cx, %ax; E
T "xor self", F_NOA; xor %eax, %eax; E
T "cmp r64", F_ALL; cmp %rcx, %rax; E
T "cmp r32", F_ALL; cmp %ecx, %eax; E
T "cmp r16", F_ALL; cmp %cx, %ax; E
T "cmp r8", F_ALL; cmp %cl, %al; E
T "cmp mem", F_ALL; cmp 40(%rbx), %r9; E
T "test r64", F_NOA; test %rcx, %rax; E
T "test imm8", F_NOA; test $0x81, %al; E
T "test mem", F_NOA; testl $0x80000001, 12(%rbx); E
T "inc r64", F_ALL; inc %rax; E
T "inc r32", F_ALL; inc %ecx; E
T "inc r8", F_ALL; inc %dl; E
T "inc max", F_ALL; mov $0x7fffffff, %eax; inc %eax; E
T "dec r16", F_ALL; dec %ax; E
T "dec mem", F_ALL; decq 8(%rbx); E
T "dec min", F_ALL; mov $0x80, %al; dec %al; E
T "neg r64", F_ALL; neg %rax; E
T "neg r8", F_ALL; neg %cl; E
T "neg zero", F_ALL; xor %eax, %eax; neg %eax; E
T "neg mem", F_ALL; negl 4(%rbx); E
T "not r32", F_ALL; not %eax; not %r9w; E
T "lock add", F_ALL; lock add %rax, (%rbx); E
T "lock sub", F_ALL; lock subl $5, 4(%rbx); E
T "lock adc", F_ALL; lock adc %ecx, 8(%rbx); E
T "lock sbb", F_ALL; lock sbb %cl, 9(%rbx); E
T "lock and", F_NOA; lock and %rdx, 16(%rbx); E
T "lock or", F_NOA; lock orw $0x1234, 18(%rbx); E
T "lock xor", F_NOA; lock xor %r8, 24(%rbx); E
T "lock inc", F_ALL; lock incl 32(%rbx); E
T "lock dec", F_ALL; lock decb 33(%rbx); E
T "lock neg", F_ALL; lock negq 40(%rbx); E
T "lock not", F_ALL; lock notw 48(%rbx); E

/* Conditions: every Jcc after several flag producers */
    .irp op, cmp, sub, add, and, test, adc, sbb
    .irp cc, o, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g
T "\op+j\cc", F_ALL; \op %rcx, %rax; mov $0, %edx; j\cc 1f; mov $1, %edx; 1:; E
    .endr
    .endr
    .irp cc, o, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g
T "cmpb+set\cc", F_ALL; cmp %cl, %al; set\cc %dl; set\cc 1(%rbx); E
T "cmpw+cmov\cc", F_ALL; cmp %cx, %ax; cmov\cc %r8, %r9; cmov\cc %r10d, %r11d; E
T "inc+set\cc", F_ALL; inc %eax; set\cc %dl; E
T "shl+set\cc", F_NOA; shl $3, %eax; set\cc %dl; E
T "sar+set\cc", F_NOA; sar %cl, %rax; set\cc %dl; E
T "popcnt+set\cc", F_ALL; popcnt %rcx, %rax; set\cc %dl; E
T "flags+set\cc", F_ALL; set\cc %dl; E
    .endr
    .irp cc, o, no, b, ae
T "imul+set\cc", F_C | F_O; imul %ecx, %eax; set\cc %dl; E
    .endr
T "loop", F_ALL; mov $5, %ecx; xor %eax, %eax; 1: inc %eax; loop 1b; E
T "loope", F_ALL; mov $5, %ecx; 1: cmp %eax, %eax; loope 1b; E
T "loopne", F_ALL; mov $5, %ecx; xor %eax, %eax; 1: inc %eax; cmp $3, %eax; loopne 1b; E
T "jrcxz", F_ALL; and $1, %ecx; mov $0, %edx; jrcxz 1f; mov $1, %edx; 1:; E
T "jecxz", F_ALL; and $1, %ecx; mov $0, %edx; jecxz 1f; mov $1, %edx; 1:; E

/* Shifts and rotates by 1, imm and CL */
    .irp op, shl, shr, sar, rol, ror
T "\op r64,1", F_NOA; \op %rax; E
T "\op r32,1", F_NOA; \op %eax; E
T "\op r16,1", F_NOA; \op %ax; E
T "\op r8,1", F_NOA; \op %al; E
T "\op r64,imm", F_NOA & ~F_O; \op $13, %rax; E
T "\op r32,imm", F_NOA & ~F_O; \op $31, %eax; E
T "\op r16,imm", F_NOA & ~F_O; \op $7, %dx; E
T "\op r8,imm", F_NOA & ~F_O; \op $5, %bl; E
T "\op r64,cl", F_NOA & ~F_O; \op %cl, %rax; E
T "\op r32,cl", F_NOA & ~F_O; \op %cl, %eax; E
T "\op r8,cl", F_NOA & ~F_O; and $7, %cl; \op %cl, %al; E
T "\op mem,cl", F_NOA & ~F_O; \op\()q %cl, 8(%rbx); E
T "\op r32,0", F_ALL; and $0xe0, %cl; \op %cl, %eax; E
    .endr
    .irp op, rcl, rcr
T "\op r64,1", F_C | F_O; \op %rax; E
T "\op r32,1", F_C | F_O; \op %eax; E
T "\op r16,1", F_C | F_O; \op %ax; E
T "\op r8,1", F_C | F_O; \op %al; E
T "\op r64,cl", F_C; \op %cl, %rax; E
T "\op r32,cl", F_C; \op %cl, %eax; E
T "\op r16,cl", F_C; and $15, %cl; \op %cl, %ax; E
T "\op r8,cl", F_C; and $7, %cl; \op %cl, %dl; E
T "\op mem,imm", F_C; \op\()b $3, 9(%rbx); E
    .endr
T "shld r64,imm", F_NOA & ~F_O; shld $9, %rcx, %rax; E
T "shld r32,cl", F_NOA & ~F_O; shld %cl, %edx, %eax; E
T "shld r16,imm", F_NOA & ~F_O; shld $5, %cx, %ax; E
T "shld 1", F_NOA; shld $1, %rcx, %rax; E
T "shrd r64,cl", F_NOA & ~F_O; shrd %cl, %rdx, %rax; E
T "shrd r32,imm", F_NOA & ~F_O; shrd $17, %ecx, %eax; E
T "shrd r16,imm", F_NOA & ~F_O; shrd $3, %cx, %ax; E
T "shrd 1", F_NOA; shrd $1, %ecx, %eax; E
T "shrd mem", F_NOA & ~F_O; shrd $4, %rcx, 16(%rbx); E
T "sarx", F_ALL; sarx %rcx, %rax, %rdx; E
T "shlx", F_ALL; shlx %ecx, %eax, %edx; E
T "shrx", F_ALL; shrx %rcx, 8(%rbx), %rdx; E
T "rorx", F_ALL; rorx $7, %rax, %rdx; rorx $3, %ecx, %r8d; E

/* Multiply and divide */
T "mul r64", F_C | F_O; mul %rcx; E
T "mul r32", F_C | F_O; mul %ecx; E
T "mul r16", F_C | F_O; mul %cx; E
T "mul r8", F_C | F_O; mul %cl; E
T "imul1 r64", F_C | F_O; imul %rcx; E
T "imul1 r32", F_C | F_O; imul %ecx; E
T "imul1 r16", F_C | F_O; imul %cx; E
T "imul1 r8", F_C | F_O; imul %cl; E
T "imul2 r64", F_C | F_O; imul %rcx, %rax; E
T "imul2 r16", F_C | F_O; imul %cx, %ax; E
T "imul3 imm32", F_C | F_O; imul $0x12345, %rcx, %rax; E
T "imul3 imm8", F_C | F_O; imul $-7, %ecx, %eax; E
T "imul mem", F_C | F_O; imul 8(%rbx), %edx; E
T "mulx", F_ALL; mulx %rcx, %r8, %r9; mulx %ecx, %r10d, %r11d; E
T "div r64", 0; or $1, %rcx; xor %edx, %edx; div %rcx; E
T "div r32", 0; or $1, %ecx; xor %edx, %edx; div %ecx; E
T "div r16", 0; or $0x8000, %cx; xor %edx, %edx; div %cx; E
T "div r8", 0; or $0x80, %cl; and $0x7fff, %eax; div %cl; E
T "div big", 0; mov $0x1234, %edx; mov $-1, %rcx; div %rcx; E
T "idiv r64", 0; or $1, %rcx; cqo; idiv %rcx; E
T "idiv r32", 0; or $1, %ecx; cdq; idiv %ecx; E
T "idiv r16", 0; or $0x4000, %cx; cwd; idiv %cx; E
T "idiv r8", 0; mov $-100, %ax; mov $7, %cl; idiv %cl; E
T "idiv neg", 0; mov $-1000000007, %rax; cqo; mov $-13, %rcx; idiv %rcx; E
T "div mem", 0; orl $1, 8(%rbx); xor %edx, %edx; divl 8(%rbx); E

/* Bit operations */
T "bt r64", F_C; bt %rcx, %rax; E
T "bt r32 imm", F_C; bt $17, %eax; E
T "bts r16", F_C; bts %cx, %ax; E
T "btr r64 imm", F_C; btr $63, %rax; E
T "btc r32", F_C; btc %ecx, %eax; E
T "bt mem reg", F_C; and $0x7ff, %rcx; sub $0x400, %rcx; bt %rcx, 0x100(%rbx); E
T "bts mem reg", F_C; and $0x3ff, %ecx; bts %ecx, (%rbx); E
T "btr mem imm", F_C; btrl $5, 8(%rbx); E
T "btc mem neg", F_C; mov $-9, %rcx; btc %rcx, 16(%rbx); E
T "lock bts", F_C; and $0x3ff, %ecx; lock bts %ecx, (%rbx); E
T "lock btr", F_C; lock btrq $33, 8(%rbx); E
T "bt zf kept", F_Z | F_C; cmp %eax, %eax; bt $3, %ecx; E
T "bsf r64", F_Z; bsf %rcx, %rax; E
T "bsf r32", F_Z; bsf %ecx, %eax; E
T "bsf zero", F_Z; xor %ecx, %ecx; bsf %rcx, %rax; E
T "bsr r64", F_Z; bsr %rcx, %rax; E
T "bsr r16", F_Z; bsr %cx, %ax; E
T "bsr zero", F_Z; xor %ecx, %ecx; bsr %ecx, %eax; E
T "tzcnt", F_Z | F_C; tzcnt %rcx, %rax; tzcnt %cx, %dx; E
T "tzcnt zero", F_Z | F_C; xor %ecx, %ecx; tzcnt %ecx, %eax; E
T "lzcnt", F_Z | F_C; lzcnt %rcx, %rax; lzcnt %ecx, %edx; E
T "lzcnt zero", F_Z | F_C; xor %ecx, %ecx; lzcnt %cx, %ax; E
T "popcnt", F_ALL; popcnt %rcx, %rax; popcnt %cx, %dx; E
T "bswap", F_ALL; bswap %rax; bswap %ecx; bswap %r9; E
T "andn", F_ALL & ~F_A & ~F_P; andn %rcx, %rax, %rdx; E
T "bextr", F_Z | F_C | F_O; mov $0x0804, %ecx; bextr %rcx, %rax, %rdx; E
T "bextr big", F_Z | F_C | F_O; mov $0x4020, %ecx; bextr %ecx, %eax, %edx; E
T "blsi", F_Z | F_C | F_O | F_S; blsi %rcx, %rax; E
T "blsi zero", F_Z | F_C | F_O | F_S; xor %ecx, %ecx; blsi %ecx, %eax; E
T "blsr", F_Z | F_C | F_O | F_S; blsr %rcx, %rax; E
T "blsmsk", F_Z | F_C | F_O | F_S; blsmsk %ecx, %eax; E
T "bzhi", F_Z | F_C | F_O | F_S; bzhi %rcx, %rax, %rdx; E
T "bzhi small", F_Z | F_C | F_O | F_S; and $63, %ecx; bzhi %ecx, %eax, %edx; E
T "pdep", F_ALL; pdep %rcx, %rax, %rdx; E
T "pext", F_ALL; pext %ecx, %eax, %edx; E
T "adcx", F_ALL; adcx %rcx, %rax; adcx %edx, %r8d; E
T "adox", F_ALL; adox %rcx, %rax; adox %edx, %r8d; E
T "adcx adox", F_ALL; adcx %rcx, %rax; adox %rdx, %r8; adcx %r9, %r10; adox %r11, %r12; E
T "crc32", F_ALL; crc32b %cl, %eax; crc32w %dx, %eax; crc32l %r8d, %eax; crc32q %r9, %rax; E

/* Data movement */
T "mov", F_ALL; mov %rcx, %rax; mov %edx, %r8d; mov %r9w, %r10w; mov %r11b, %r12b; E
T "mov ah", F_ALL; mov %ah, %cl; mov %dh, %ch; mov %al, %dh; E
T "mov spl", F_ALL; mov %sil, %dl; mov %r8b, %dil; E
T "mov mem", F_ALL; mov %rax, 8(%rbx); mov 16(%rbx), %ecx; movw $0x1234, 2(%rbx); movb $5, 1(%rsi); E
T "mov imm64", F_ALL; movabs $0x123456789abcdef0, %rax; mov $-1, %ecx; mov $0x80000000, %rdx; E
T "movzx", F_ALL; movzbl %cl, %eax; movzwq %dx, %r8; movzbw %ah, %cx; movzbl 3(%rbx), %r10d; E
T "movsx", F_ALL; movsbl %cl, %eax; movswq %dx, %r8; movsbw %ah, %cx; movswl 2(%rbx), %r10d; E
T "movsxd", F_ALL; movslq %ecx, %rax; movslq 4(%rbx), %rdx; E
T "lea", F_ALL; lea 8(%rax,%rcx,4), %rdx; lea -1(%rcx), %r8d; lea (%rax,%rax,2), %r9w; E
T "lea32", F_ALL; lea 0x10(%eax,%ecx,8), %rdx; lea (%eax), %r8d; E
T "rip rel", F_ALL; lea 1f(%rip), %rax; lea 0(%rip), %rdx; sub %rdx, %rax; mov 1f(%rip), %ecx; cmpl $0x12345678, 1f(%rip); sete %r8b; cmpb $0x78, 1f(%rip); sete %r9b; btl $3, 1f(%rip); setc %r10b; jmp 2f; 1: .long 0x12345678; 2: xor %edx, %edx; E
T "xchg", F_ALL; xchg %rax, %rcx; xchg %edx, %r8d; xchg %r9w, %r10w; xchg %al, %ah; E
T "xchg mem", F_ALL; xchg %rax, 8(%rbx); xchg 4(%rbx), %cl; E
T "xchg eax", F_ALL; xchg %eax, %ecx; xchg %eax, %r8d; E
T "xadd", F_ALL; xadd %rcx, %rax; xadd %dl, %r8b; E
T "xadd mem", F_ALL; lock xadd %ecx, 8(%rbx); xadd %ax, 2(%rbx); E
T "cmpxchg eq", F_ALL; mov %rax, %rcx; cmpxchg %rdx, %rcx; E
T "cmpxchg ne", F_ALL; cmpxchg %edx, %ecx; E
T "cmpxchg mem", F_ALL; mov 8(%rbx), %rax; lock cmpxchg %rdx, 8(%rbx); cmpxchg %cx, 8(%rbx); E
T "cmpxchg r8", F_ALL; cmpxchg %dl, %cl; cmpxchg %dh, %al; E
T "cmpxchg8b", F_Z; mov (%rsi), %eax; mov 4(%rsi), %edx; mov %r8, %rbx; cmpxchg8b (%rsi); cmpxchg8b 8(%rsi); E
T "cmpxchg16b", F_Z; mov (%rsi), %rax; mov 8(%rsi), %rdx; mov %r8, %rbx; lock cmpxchg16b (%rsi); cmpxchg16b 16(%rsi); E
T "cbw etc", F_ALL; cbw; cwde; cdqe; mov %ecx, %edx; cwd; cdq; cqo; E
T "cmovcc mem", F_ALL; cmp %rcx, %rax; cmovl 8(%rbx), %rdx; cmovae 4(%rbx), %r8w; E
T "movbe", F_ALL; movbe 8(%rbx), %rax; movbe %ecx, 4(%rbx); movbe 2(%rbx), %dx; E
T "lahf sahf", F_ALL; lahf; mov %ah, %cl; xor $0xd5, %ah; sahf; E
T "clc stc cmc", F_ALL; clc; setc %al; stc; setc %ah; cmc; setc %cl; E
T "xlat", F_ALL; mov $7, %al; xlat; E
T "movnti", F_ALL; movnti %rax, 8(%rbx); movnti %ecx, 20(%rbx); E

/* Stack */
T "push pop", F_ALL; push %rax; push %r9; pop %rcx; pop %rdx; E
T "push imm", F_ALL; push $-5; push $0x12345678; pop %rax; pop %rcx; E
T "push16", F_ALL; pushw $0x1234; push %ax; pop %cx; popw 8(%rbx); E
T "push mem", F_ALL; pushq 8(%rbx); popq 16(%rbx); E
T "pop rsp", F_ALL; push %rcx; pop %rsp; E
T "push rsp", F_ALL; push %rsp; pop %rax; sub %rsp, %rax; movq $0, -8(%rsp); E
T "pushf popf", F_ALL; pushf; pop %rax; push %rcx; andq $0xcd5, (%rsp); popf; E
T "enter leave", F_ALL; enter $16, $0; mov %rbp, %rax; leave; enter $8, $3; leave; E
T "call ret", F_ALL; call 1f; jmp 2f; 1: mov %rsp, %rax; ret; 2:; E
T "call ind", F_ALL; lea 1f(%rip), %rax; call *%rax; jmp 2f; 1: ret $0; 2:; E
T "ret imm", F_ALL; call 1f; jmp 2f; 1: pop %rcx; push $0; push %rcx; ret $8; 2:; E
T "jmp ind", F_ALL; lea 1f(%rip), %rax; mov %rax, 8(%rbx); jmp *8(%rbx); ud2; 1:; E

/* Strings */
T "movsb", F_ALL; movsb; movsw; movsl; movsq; E
T "rep movsb", F_ALL; and $63, %ecx; rep movsb; E
T "rep movsq", F_ALL; and $31, %ecx; rep movsq; E
T "rep movsl std", F_ALL; and $31, %ecx; add $0x200, %rsi; add $0x200, %rdi; std; rep movsl; cld; E
T "rep stosb", F_ALL; and $63, %ecx; rep stosb; E
T "rep stosq", F_ALL; and $15, %ecx; rep stosq; E
T "lodsw", F_ALL; lodsw; lodsb; lodsq; E
T "rep lodsb", F_ALL; and $7, %ecx; rep lodsb; E
T "cmpsb", F_ALL; cmpsb; cmpsq; E
T "repe cmpsb", F_ALL; and $63, %ecx; mov %rsi, %rdi; add $0x40, %rdi; repe cmpsb; E
T "repe cmps eq", F_ALL; mov $32, %ecx; mov %rsi, %rdi; repe cmpsb; E
T "repne scasb", F_ALL; and $63, %ecx; repne scasb; E
T "repe scasl", F_ALL; and $15, %ecx; mov (%rdi), %eax; repe scasl; E
T "rep zero", F_ALL; xor %ecx, %ecx; rep movsb; repe cmpsb; E
T "a32 stos", F_ALL; and $7, %ecx; addr32 rep stosb; E


/* Counts beyond the operand width (masked to 5 bits) */
    .irp op, shl, shr, sar
T "\op r8,cl big", F_S | F_Z | F_P; and $31, %cl; \op %cl, %al; E
T "\op r16,cl big", F_S | F_Z | F_P; and $31, %cl; \op %cl, %dx; E
    .endr
    .irp op, rol, ror, rcl, rcr
T "\op r8,cl big", F_C; \op %cl, %al; E
T "\op r16,cl big", F_C; \op %cl, %dx; E
T "\op mem16,imm", F_C; \op\()w $19, 10(%rbx); E
    .endr
T "shld r16 big", F_C | F_Z | F_S | F_P; and $15, %cl; shld %cl, %dx, %ax; E

/* Conditions after less common producers */
    .irp cc, b, e, be, l, le, o, s, p
T "neg+j\cc", F_ALL; neg %eax; mov $0, %edx; j\cc 1f; mov $1, %edx; 1: E
T "dec+cmov\cc", F_ALL; dec %cx; cmov\cc %r8, %r9; E
T "blsr+set\cc", F_C | F_Z | F_S | F_O; blsr %rcx, %rax; set\cc %dl; E
T "bt+set\cc", F_C; bt %ecx, %eax; setc %dl; E
T "adcx+set\cc", F_ALL; adcx %rcx, %rax; adox %rdx, %r8; set\cc %r9b; E
    .endr
T "sbb idiom", F_ALL; cmp %rcx, %rax; sbb %edx, %edx; neg %r8; sbb %r9, %r9; E
T "setcc mem", F_ALL; cmp %ecx, %eax; setl 3(%rbx); setbe 4(%rbx); setp 5(%rbx); E

/* More addressing forms */
T "sib forms", F_ALL; and $0xff, %ecx; mov (%rbx,%rcx,4), %eax; mov 8(%rsi,%rcx), %dx; lea (,%rcx,8), %r8; mov 0x10(%rbp,%rcx,2), %r9; E
T "r12 r13 base", F_ALL; and $0xff, %ecx; mov %rbx, %r12; mov %rsi, %r13; mov (%r12), %eax; mov 8(%r13), %edx; mov %ecx, (%r12,%rcx,1); E
T "rbp base", F_ALL; mov 0(%rbp), %eax; addl $1, -8(%rbp); E
T "16-bit ops", F_ALL; add %cx, %ax; adc $0x1234, %dx; imul $77, %cx, %r8w; movw $5, 2(%rbx); incw 4(%rbx); E
T "xchg r8 xH", F_ALL; xchg %ah, %cl; xchg %dh, %bl; E
T "cmpxchg r32 eq", F_ALL; mov %eax, %ecx; cmpxchg %edx, %ecx; E
T "cmpxchg mem32", F_ALL; cmpxchg %edx, 8(%rbx); mov 12(%rbx), %eax; cmpxchg %ecx, 12(%rbx); E
T "push pop 16", F_ALL; pushw %ax; pushw 8(%rbx); popw %cx; popw %dx; E
T "leave enter nested", F_ALL; enter $32, $2; mov %rbp, %rax; sub %rsp, %rax; leave; E
T "movs a32", F_ALL; and $15, %ecx; addr32 rep movsb; E
T "cmps mixed", F_ALL; and $15, %ecx; cmpsw; repne cmpsl; E
T "lods stos w", F_ALL; and $15, %ecx; lodsw; rep stosw; E
T "string df", F_ALL; and $15, %ecx; add $0x100, %rsi; add $0x100, %rdi; std; rep movsw; lodsl; stosq; cld; E

/* Regressions found booting Linux */
/* EMMS (0F 77) has no ModRM: the next instruction must not be eaten. */
T "emms then alu", F_ALL; emms; add %ecx, %eax; E

/* End of the table. */
    .pushsection .data.rel.ro.x86insn_table, "aw"
    .quad 0, 0, 0, 0
    .popsection
    .section .note.GNU-stack, "", @progbits
