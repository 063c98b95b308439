/*
 * Generated differential tests of the x86 translator: every case built by
 * x86-diff-gen.c (thousands of instruction templates x random inputs)
 * runs natively on the host and under TCG from the same registers,
 * flags, memory and x87/SSE state; GPRs, the defined EFLAGS, the data
 * buffer and the FXSAVE image must agree. BCD and other instructions
 * invalid in 64-bit mode run in a 32-bit compatibility-mode code segment
 * (selector 0x23 natively, a CS with L=0 D=1 in the guest).
 *
 * The TCG backend is the interpreter unless VIREO_TEST_TCG_BACKEND=native
 * (meson runs both: test-x86-diff-interp, test-x86-diff-native).
 * X86_DIFF_ITERS=n sets the random inputs per case (default 8, -m slow 64);
 * X86_DIFF_ONLY=substring runs only the cases whose name contains it.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include <cpuid.h>
#include <setjmp.h>
#include <signal.h>
#include "qapi/error.h"
#include "qemu/main-loop.h"
#include "qemu/log.h"
#include "exec/memory.h"
#include "exec/exec-all.h"
#include "target/i386/cpu.h"
#include "target/i386/cpu-hflags.h"
#include "target/i386/tcg/tcg-cpu.h"
#include "accel/tcg/internal.h"
#include "x86-diff.h"

#define FX_IN    (DIFF_FX_ADDR)
#define FX_OUT   (DIFF_FX_ADDR + 0x200)
#define FX_HOST  (DIFF_FX_ADDR + 0x400)
#define FX_SIZE  512
#define STR(x)   STR2(x)
#define STR2(x)  #x

/* Linux x86-64 user segment selectors */
#define USER32_CS 0x23
#define USER_DS   0x2b
#define USER_CS   0x33

/* ------------------------------------------------------------------ */
/* Native execution                                                    */

void diff_native_run(DiffRegs *st, void *code);
void diff_native_return(void);

asm(".text\n"
    ".globl diff_native_run\n"
    "diff_native_run:\n"
    "  push %rbp\n push %rbx\n push %r12\n push %r13\n push %r14\n"
    "  push %r15\n"
    "  mov %rsp, diff_host_rsp(%rip)\n"
    "  mov %rdi, diff_st(%rip)\n"
    "  mov %rsi, diff_code(%rip)\n"
    "  fxsave64 " STR(FX_HOST) "\n"
    "  mov %ds, %eax\n mov %eax, diff_host_ds(%rip)\n"
    "  mov %es, %eax\n mov %eax, diff_host_es(%rip)\n"
    "  mov $" STR(USER_DS) ", %eax\n mov %eax, %ds\n mov %eax, %es\n"
    "  pushq 128(%rdi)\n popfq\n"
    "  mov 8(%rdi), %rcx\n mov 16(%rdi), %rdx\n mov 24(%rdi), %rbx\n"
    "  mov 32(%rdi), %rsp\n mov 40(%rdi), %rbp\n mov 48(%rdi), %rsi\n"
    "  mov 64(%rdi), %r8\n mov 72(%rdi), %r9\n mov 80(%rdi), %r10\n"
    "  mov 88(%rdi), %r11\n mov 96(%rdi), %r12\n mov 104(%rdi), %r13\n"
    "  mov 112(%rdi), %r14\n mov 120(%rdi), %r15\n mov 0(%rdi), %rax\n"
    "  mov 56(%rdi), %rdi\n"
    "  jmp *diff_code(%rip)\n"
    ".globl diff_native_return\n"
    "diff_native_return:\n"
    "  mov %rax, diff_tmp(%rip)\n"
    "  mov diff_st(%rip), %rax\n"
    "  mov %rcx, 8(%rax)\n mov %rdx, 16(%rax)\n mov %rbx, 24(%rax)\n"
    "  mov %rsp, 32(%rax)\n mov %rbp, 40(%rax)\n mov %rsi, 48(%rax)\n"
    "  mov %rdi, 56(%rax)\n mov %r8, 64(%rax)\n mov %r9, 72(%rax)\n"
    "  mov %r10, 80(%rax)\n mov %r11, 88(%rax)\n mov %r12, 96(%rax)\n"
    "  mov %r13, 104(%rax)\n mov %r14, 112(%rax)\n mov %r15, 120(%rax)\n"
    "  mov diff_host_rsp(%rip), %rsp\n"
    "  pushfq\n popq 128(%rax)\n"
    "  mov diff_tmp(%rip), %rcx\n mov %rcx, 0(%rax)\n"
    "  cld\n"
    "  mov diff_host_ds(%rip), %eax\n mov %eax, %ds\n"
    "  mov diff_host_es(%rip), %eax\n mov %eax, %es\n"
    "  fxrstor64 " STR(FX_HOST) "\n"
    "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbx\n pop %rbp\n"
    "  ret\n"
    ".bss\n"
    ".balign 8\n"
    "diff_host_rsp: .quad 0\n"
    "diff_st: .quad 0\n"
    "diff_code: .quad 0\n"
    "diff_tmp: .quad 0\n"
    "diff_host_ds: .quad 0\n"
    "diff_host_es: .quad 0\n"
    ".text\n");

static uint8_t *native_data, *native_code, *native_fx;
static sigjmp_buf native_jmp;
static volatile int native_in_case;

static void native_fault(int sig)
{
    if (native_in_case) {
        native_in_case = 0;
        siglongjmp(native_jmp, sig);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void native_signals(void)
{
    static uint8_t altstack[65536];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    struct sigaction sa = { 0 };

    sigaltstack(&ss, NULL);
    sa.sa_handler = native_fault;
    sa.sa_flags = SA_ONSTACK | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

static void put(uint8_t **p, const void *b, size_t n)
{
    memcpy(*p, b, n);
    *p += n;
}

/* fxrstor64 / fxsave64 at an absolute address (ModRM SIB disp32) */
static void put_fx(uint8_t **p, int ext, uint32_t addr)
{
    uint8_t b[] = { 0x48, 0x0f, 0xae, 0x04 | ext << 3, 0x25 };

    put(p, b, sizeof(b));
    put(p, &addr, 4);
}

/* The case's code as the guest runs it: at DIFF_CODE_ADDR, then HLT. */
static int guest_code(const DiffCase *c, uint8_t *out)
{
    uint8_t *p = out;

    if (c->fpu) {
        put_fx(&p, 1, FX_IN);
    }
    put(&p, c->code, c->len);
    if (c->fpu) {
        put_fx(&p, 0, FX_OUT);
    }
    *p++ = 0xf4;
    return p - out;
}

/* Returns 0, or the signal that stopped the case natively. */
static int run_native(const DiffCase *c, DiffRegs *st)
{
    uint8_t *p = native_code;
    uint64_t ret = (uintptr_t)diff_native_return;
    uint8_t *entry = native_code;
    int sig;

    if (c->fpu) {
        put_fx(&p, 1, FX_IN);
    }
    put(&p, c->code, c->len);
    if (c->fpu) {
        put_fx(&p, 0, FX_OUT);
    }
    if (c->compat) {
        /* ljmp $USER_CS, $CODE+0x900 (back to 64-bit mode) */
        uint32_t back = DIFF_CODE_ADDR + 0x900, addr = DIFF_CODE_ADDR;
        uint16_t sel = USER_CS;
        uint8_t *q;

        *p++ = 0xea;
        put(&p, &back, 4);
        put(&p, &sel, 2);
        /* at +0x800: ljmp *(+0x880) -> USER32_CS:CODE */
        entry = native_code + 0x800;
        q = entry;
        *q++ = 0xff;
        *q++ = 0x2d;
        put(&q, &(uint32_t){ 0x880 - 0x806 }, 4);
        q = native_code + 0x880;
        put(&q, &addr, 4);
        sel = USER32_CS;
        put(&q, &sel, 2);
        p = native_code + 0x900;
    }
    /* jmp *0(%rip); .quad diff_native_return */
    *p++ = 0xff;
    *p++ = 0x25;
    memset(p, 0, 4);
    p += 4;
    memcpy(p, &ret, 8);

    sig = sigsetjmp(native_jmp, 1);
    if (sig) {
        asm volatile("cld; fxrstor64 " STR(FX_HOST) ::: "memory");
        asm volatile("mov %0, %%ds; mov %0, %%es" :: "r"(0));
        return sig;
    }
    native_in_case = 1;
    diff_native_run(st, entry);
    native_in_case = 0;
    return 0;
}

/* ------------------------------------------------------------------ */
/* The guest                                                           */

#define RAM_SIZE   (8 * MiB)
#define PT_ADDR    0x200000
#define IDT_ADDR   0x210000
#define STUB_ADDR  0x211000
#define VEC_ADDR   0x212000
#define GDT_ADDR   0x213000

static MemoryRegion ram;
static uint8_t *ram_host;
static X86CPU *cpu;
static CPUX86State *env;

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static uint32_t host_cpuid(uint32_t leaf, int reg)
{
    uint32_t r[4];

    __cpuid_count(leaf, 0, r[0], r[1], r[2], r[3]);
    return r[reg];
}

static void setup_guest(void)
{
    uint64_t *pml4, *pdpt, *pd, *idt, *gdt;
    const char *backend = getenv("VIREO_TEST_TCG_BACKEND");
    CPUState *cs;

    memory_region_init_ram(&ram, NULL, "test-x86-diff.ram", RAM_SIZE,
                           &error_abort);
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    ram_host = memory_region_get_ram_ptr(&ram);

    tcg_init();
    tcg_x86_init();
    if (!tcg_code_buffer_init(backend && !strcmp(backend, "native") ?
                              &tcg_backend_native : &tcg_backend_interp,
                              32 * MiB, &error_abort)) {
        abort();
    }
    tcg_memory_hooks_init();

    cpu = x86_cpu_create(X86_CPU_TYPE_NAME("qemu64"), NULL, 0, &error_abort);
    cs = CPU(cpu);
    cpu_reset(cs);
    env = &cpu->env;
    tcg_cpu_state(cs);
    tlb_init_cpu(cs);

    /* The host's features, so the same instructions decode. */
    env->features[FEAT_1_ECX] = host_cpuid(1, 2);
    env->features[FEAT_1_EDX] = host_cpuid(1, 3);
    env->features[FEAT_7_0_EBX] = host_cpuid(7, 1);
    env->features[FEAT_7_0_ECX] = host_cpuid(7, 2);
    env->features[FEAT_7_0_EDX] = host_cpuid(7, 3);
    env->features[FEAT_8000_0001_ECX] = host_cpuid(0x80000001, 2);
    env->features[FEAT_8000_0001_EDX] = host_cpuid(0x80000001, 3);

    /* Identity map of the first 1 GiB with 2 MiB pages. */
    pml4 = (uint64_t *)(ram_host + PT_ADDR);
    pdpt = (uint64_t *)(ram_host + PT_ADDR + 0x1000);
    pd = (uint64_t *)(ram_host + PT_ADDR + 0x2000);
    pml4[0] = (PT_ADDR + 0x1000) | 7;
    pdpt[0] = (PT_ADDR + 0x2000) | 7;
    for (int i = 0; i < 512; i++) {
        pd[i] = ((uint64_t)i << 21) | 0x87;
    }
    /* GDT: 0x08 64-bit code, 0x10 data, 0x18 32-bit code */
    gdt = (uint64_t *)(ram_host + GDT_ADDR);
    gdt[1] = 0x00af9b000000ffffull;
    gdt[2] = 0x00cf93000000ffffull;
    gdt[3] = 0x00cf9b000000ffffull;
    env->gdt.base = GDT_ADDR;
    env->gdt.limit = 4 * 8 - 1;
    /* IDT: vector v -> stub "movl $v, VEC_ADDR; hlt". */
    idt = (uint64_t *)(ram_host + IDT_ADDR);
    for (int v = 0; v < 32; v++) {
        uint64_t h = STUB_ADDR + v * 16;
        uint8_t *stub = ram_host + h;

        stub[0] = 0xc7;
        stub[1] = 0x04;
        stub[2] = 0x25;
        put32(stub + 3, VEC_ADDR);
        put32(stub + 7, v);
        stub[11] = 0xf4;
        idt[2 * v] = (h & 0xffff) | (0x08ull << 16) | (0x8eull << 40) |
                     ((h >> 16) << 48);
        idt[2 * v + 1] = h >> 32;
    }

    env->cr[0] = 0x80000011;  /* PG ET PE */
    env->cr[3] = PT_ADDR;
    env->cr[4] = 0x20 | 0x200 | 0x400;  /* PAE OSFXSR OSXMMEXCPT */
    env->efer = 0x500;        /* LME LMA */
    env->idt.base = IDT_ADDR;
    env->idt.limit = 32 * 16 - 1;
    for (int s = 0; s < R_NB_SEGS; s++) {
        env->segs[s].selector = 0x10;
        env->segs[s].flags = (1u << 22) | (1u << 15) | (1u << 12) |
                             (0x3u << 8);
        env->segs[s].limit = 0xffffffff;
        env->segs[s].base = 0;
    }
    env->a20_mask = ~0ull;
}

static void set_guest_mode(bool compat)
{
    env->segs[R_CS].selector = compat ? 0x18 : 0x08;
    env->segs[R_CS].flags = (1u << 15) | (1u << 12) | (0xbu << 8) |
                            (compat ? 1u << 22 : 1u << 21);
}

/* Runs the case in the guest; returns the exception vector or -1. */
static int run_guest(const DiffCase *c, DiffRegs *st, bool new_code)
{
    CPUState *cs = CPU(cpu);
    uint32_t vec;
    int ret;

    if (new_code) {
        guest_code(c, ram_host + DIFF_CODE_ADDR);
        tb_invalidate_phys_range(DIFF_CODE_ADDR, DIFF_CODE_ADDR + 0x1000);
    }
    put32(ram_host + VEC_ADDR, -1);
    memcpy(env->regs, st->r, sizeof(st->r));
    env->eip = DIFF_CODE_ADDR;
    env->eflags = (st->flags & F_ALL) | 0x202;
    set_guest_mode(c->compat);
    x86_update_hflags(env);
    cs->halted = false;
    cs->exception_index = -1;
    do {
        ret = cpu_exec(cs);
    } while (ret == EXCP_INTERRUPT);
    memcpy(st->r, env->regs, sizeof(st->r));
    st->flags = env->eflags;
    if (ret != EXCP_HLT) {
        return 256 + ret;
    }
    memcpy(&vec, ram_host + VEC_ADDR, 4);
    return (int32_t)vec;
}

/* ------------------------------------------------------------------ */
/* Inputs                                                              */

static uint8_t in_mem[DIFF_DATA_SIZE];
static uint8_t in_fx[FX_SIZE];

static uint64_t fp_double(void)
{
    static const double nice[] = {
        0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.0, 3.0, 10.0, -7.25, 1e10, 1e-10,
        1.0 / 3, 65536.0, 2147483648.0, -2147483649.0, 4294967296.5,
        9.2233720368547758e18, 1e300, -1e-300, 0.1,
    };
    union { double d; uint64_t u; } v;

    switch (diff_rnd() % 8) {
    case 0: return 0x7ff0000000000000ull | (diff_rnd() & 1ull << 63);
    case 1: return 0x7ff8000000000000ull | (diff_rnd() & 0x800ffffull);
    case 2: return diff_rnd() & 0x800fffffffffffffull;    /* denormal */
    case 3: return diff_rnd();
    case 4:
    case 5:
        v.d = nice[diff_rnd() % ARRAY_SIZE(nice)];
        return v.u;
    default:
        /* exponent near 1.0 and random mantissa */
        return (diff_rnd() & 0x800fffffffffffffull) |
               ((uint64_t)(1023 - 40 + diff_rnd() % 80) << 52);
    }
}

static uint32_t fp_float(void)
{
    static const float nice[] = {
        0.0f, -0.0f, 1.0f, -1.0f, 0.5f, 3.0f, 1e10f, 1e-10f, 2147483648.0f,
        -3.5f, 0.1f,
    };
    union { float f; uint32_t u; } v;

    switch (diff_rnd() % 8) {
    case 0: return 0x7f800000u | (diff_rnd() & 1u << 31);
    case 1: return 0x7fc00000u | (diff_rnd() & 0x8000ffffu);
    case 2: return diff_rnd() & 0x807fffffu;
    case 3: return diff_rnd();
    case 4:
    case 5:
        v.f = nice[diff_rnd() % ARRAY_SIZE(nice)];
        return v.u;
    default:
        return (diff_rnd() & 0x807fffffu) |
               ((uint32_t)(127 - 20 + diff_rnd() % 40) << 23);
    }
}

static uint64_t fp_slot(void)
{
    switch (diff_rnd() % 4) {
    case 0:
        return fp_float() | (uint64_t)fp_float() << 32;
    case 1:
        return diff_rnd_value();
    default:
        return fp_double();
    }
}

static void make_fx(uint8_t *fx)
{
    static const uint16_t cws[] = { 0x037f, 0x037f, 0x027f, 0x007f, 0x077f,
                                    0x0b7f, 0x0f7f, 0x0e7f };
    uint16_t cw = cws[diff_rnd() % ARRAY_SIZE(cws)];
    int top = diff_rnd() % 8, nvalid = diff_rnd() % 9;
    uint16_t sw = top << 11 | (diff_rnd() & 0x4700);
    uint8_t ftw = 0;
    uint32_t mxcsr = 0x1f80 | (diff_rnd() & 0x6000);

    memset(fx, 0, FX_SIZE);
    if (diff_rnd() % 4 == 0) {
        mxcsr |= diff_rnd() & 0x803f;   /* FTZ, sticky flags */
    }
    if (diff_rnd() % 4 == 0) {
        mxcsr |= 0x40;                  /* DAZ */
    }
    for (int i = 0; i < nvalid; i++) {
        uint8_t *st = fx + 32 + 16 * i;
        uint64_t mant = diff_rnd() | 1ull << 63;
        uint16_t se = 0x3fff + (int)(diff_rnd() % 80) - 40;

        switch (diff_rnd() % 8) {
        case 0:
            mant = 0;
            se = 0;
            break;
        case 1:
            se = 0x7fff;
            mant = 1ull << 63 | ((diff_rnd() & 1) ? 1ull << 62 : 0);
            break;
        case 2:
            mant = 1ull << 63;
            se = 0x3fff + diff_rnd() % 64;
            break;
        case 3:
            mant &= ~0x7ffull;          /* exactly a double */
            break;
        }
        se |= (diff_rnd() & 1) << 15;
        memcpy(st, &mant, 8);
        memcpy(st + 8, &se, 2);
        ftw |= 1 << ((top + i) & 7);
    }
    memcpy(fx, &cw, 2);
    memcpy(fx + 2, &sw, 2);
    fx[4] = ftw;
    memcpy(fx + 24, &mxcsr, 4);
    for (int i = 0; i < 16; i++) {
        for (int j = 0; j < 2; j++) {
            uint64_t v = (i + j) & 1 ? fp_slot() : fp_double();
            memcpy(fx + 160 + 16 * i + 8 * j, &v, 8);
        }
    }
}

static void make_inputs(const DiffCase *c, DiffRegs *in)
{
    int hot = c->strings ? 0x6000 : 0x1000;

    for (int i = 0; i < 16; i++) {
        in->r[i] = diff_rnd_value();
    }
    in->r[RBX] = DIFF_DATA_ADDR + DIFF_RBX_OFF;
    in->r[R13] = DIFF_DATA_ADDR + DIFF_R13_OFF;
    in->r[RSP] = DIFF_DATA_ADDR + DIFF_RSP_OFF;
    in->flags = (diff_rnd() & F_ARITH) | 2;
    for (int i = 0; i < hot; i += 8) {
        uint64_t v = c->fp_data ? fp_slot() : diff_rnd_value();
        memcpy(in_mem + i, &v, 8);
    }
    if (c->compat) {
        for (int i = DIFF_RSP_OFF - 0x40; i < DIFF_RSP_OFF + 0x40; i += 8) {
            uint64_t v = diff_rnd_value();
            memcpy(in_mem + i, &v, 8);
        }
    }
    if (c->fpu) {
        make_fx(in_fx);
    }
    if (c->fixup) {
        c->fixup(c, in, in_mem);
    }
}

/* ------------------------------------------------------------------ */
/* Running and comparing                                               */

typedef struct Outcome {
    DiffRegs nat, gst;
    int nat_sig, gst_vec;
    int mem_off;            /* first differing byte of the data, or -1 */
    char what[160];         /* what differs */
} Outcome;

static uint32_t case_flags_mask(const DiffCase *c, const DiffRegs *in)
{
    return c->flags_fn ? c->flags_fn(c, in) : c->flags_mask;
}

static bool fx_differs(const DiffCase *c, const uint8_t *n, const uint8_t *g,
                       char *what, size_t len)
{
    uint16_t nsw, gsw, mask = c->fsw_mask;
    int top;

    if (memcmp(n, g, 2)) {
        snprintf(what, len, "FCW %02x%02x / %02x%02x", n[1], n[0], g[1], g[0]);
        return true;
    }
    memcpy(&nsw, n + 2, 2);
    memcpy(&gsw, g + 2, 2);
    if (c->cc_undef_invalid) {
        /* FPREM: no quotient bits for invalid operands or NaNs */
        uint16_t isw, e0, e1;

        memcpy(&isw, in_fx + 2, 2);
        memcpy(&e0, in_fx + 40, 2);
        memcpy(&e1, in_fx + 56, 2);
        if ((nsw & 1) || (e0 & 0x7fff) == 0x7fff || (e1 & 0x7fff) == 0x7fff) {
            mask &= ~0x4700;
        }
    }
    if ((nsw ^ gsw) & mask) {
        snprintf(what, len, "FSW %04x / %04x", nsw, gsw);
        return true;
    }
    if (n[4] != g[4]) {
        snprintf(what, len, "FTW %02x / %02x", n[4], g[4]);
        return true;
    }
    if (memcmp(n + 24, g + 24, 4)) {
        uint32_t a, b;

        memcpy(&a, n + 24, 4);
        memcpy(&b, g + 24, 4);
        snprintf(what, len, "MXCSR %08x / %08x", a, b);
        return true;
    }
    top = (nsw >> 11) & 7;
    for (int i = 0; i < 8; i++) {
        const uint8_t *a = n + 32 + 16 * i, *b = g + 32 + 16 * i;
        uint64_t am, bm;
        uint16_t ae, be;

        if (!(n[4] & (1 << ((top + i) & 7))) || !memcmp(a, b, 10)) {
            continue;
        }
        memcpy(&am, a, 8);
        memcpy(&bm, b, 8);
        memcpy(&ae, a + 8, 2);
        memcpy(&be, b + 8, 2);
        snprintf(what, len, "ST%d %04x:%016" PRIx64 " / %04x:%016" PRIx64,
                 i, ae, am, be, bm);
        return true;
    }
    for (int i = 0; i < 16; i++) {
        const uint8_t *a = n + 160 + 16 * i, *b = g + 160 + 16 * i;
        uint64_t a0, a1, b0, b1;

        if (!memcmp(a, b, 16)) {
            continue;
        }
        memcpy(&a0, a, 8);
        memcpy(&a1, a + 8, 8);
        memcpy(&b0, b, 8);
        memcpy(&b1, b + 8, 8);
        snprintf(what, len, "XMM%d %016" PRIx64 "%016" PRIx64 " / %016"
                 PRIx64 "%016" PRIx64, i, a1, a0, b1, b0);
        return true;
    }
    return false;
}

/* Runs one input set both ways; true if the results differ. */
static bool run_pair(const DiffCase *c, const DiffRegs *in, bool new_code,
                     Outcome *o)
{
    uint32_t fm = case_flags_mask(c, in);
    uint64_t rmask = c->compat ? 0xffffffffull : ~0ull;
    int nregs = c->compat ? 8 : 16;

    o->nat = o->gst = *in;
    o->mem_off = -1;
    o->what[0] = 0;
    memcpy(native_data, in_mem, DIFF_DATA_SIZE);
    memcpy(ram_host + DIFF_DATA_ADDR, in_mem, DIFF_DATA_SIZE);
    if (c->fpu) {
        memcpy(native_fx, in_fx, FX_SIZE);
        memcpy(ram_host + FX_IN, in_fx, FX_SIZE);
        memset(native_fx + 0x200, 0, FX_SIZE);
        memset(ram_host + FX_OUT, 0, FX_SIZE);
    }
    o->nat_sig = run_native(c, &o->nat);
    o->gst_vec = run_guest(c, &o->gst, new_code);
    if (o->nat_sig) {
        snprintf(o->what, sizeof(o->what), "native signal %d", o->nat_sig);
        return true;
    }
    if (o->gst_vec != -1) {
        snprintf(o->what, sizeof(o->what), "guest exception %d%s",
                 o->gst_vec, o->gst_vec >= 256 ? " (cpu_exec exit)" : "");
        return true;
    }
    for (int i = 0; i < nregs; i++) {
        if ((o->nat.r[i] ^ o->gst.r[i]) & rmask) {
            snprintf(o->what, sizeof(o->what),
                     "r%d native %016" PRIx64 " guest %016" PRIx64, i,
                     o->nat.r[i], o->gst.r[i]);
            return true;
        }
    }
    if ((o->nat.flags ^ o->gst.flags) & fm) {
        snprintf(o->what, sizeof(o->what),
                 "flags native %03" PRIx64 " guest %03" PRIx64 " (mask %03x)",
                 o->nat.flags & F_ALL, o->gst.flags & F_ALL, fm);
        return true;
    }
    if (memcmp(native_data, ram_host + DIFF_DATA_ADDR, DIFF_DATA_SIZE)) {
        for (int i = 0; i < DIFF_DATA_SIZE; i++) {
            if (native_data[i] != ram_host[DIFF_DATA_ADDR + i]) {
                uint64_t a = 0, b = 0;

                o->mem_off = i;
                memcpy(&a, native_data + (i & ~7), 8);
                memcpy(&b, ram_host + DIFF_DATA_ADDR + (i & ~7), 8);
                snprintf(o->what, sizeof(o->what),
                         "memory +%#x: native %016" PRIx64 " guest %016"
                         PRIx64, i & ~7, a, b);
                return true;
            }
        }
    }
    if (c->fpu && fx_differs(c, native_fx + 0x200, ram_host + FX_OUT, o->what,
                             sizeof(o->what))) {
        return true;
    }
    return false;
}

/*
 * Minimises a failing input: zeroes each free register and clears each
 * input flag while the results still differ.
 */
static void minimise(const DiffCase *c, DiffRegs *in, Outcome *o)
{
    uint16_t fixed = c->fixed_regs | 1 << RBX | 1 << R13 | 1 << RSP;

    for (int i = 0; i < 16; i++) {
        uint64_t save = in->r[i];

        if ((fixed & (1 << i)) || !save) {
            continue;
        }
        in->r[i] = 0;
        if (!run_pair(c, in, false, o) || o->nat_sig) {
            in->r[i] = save;
        }
    }
    for (int b = 0; b < 12; b++) {
        uint64_t save = in->flags;

        if (!(F_ALL & (1u << b)) || !(save & (1u << b)) ||
            (c->strings && b == 10)) {
            continue;
        }
        in->flags &= ~(1ull << b);
        if (!run_pair(c, in, false, o) || o->nat_sig) {
            in->flags = save;
        }
    }
    run_pair(c, in, false, o);
}

static void report(const DiffCase *c, const DiffRegs *in, const Outcome *o)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "MISMATCH [%s] %s: %s\n  bytes:", c->name,
                           c->compat ? "(32-bit)" : "", o->what);
    for (int i = 0; i < c->len; i++) {
        g_string_append_printf(s, " %02x", c->code[i]);
    }
    g_string_append_printf(s, "\n  input (minimised) flags %03" PRIx64 ":",
                           in->flags & F_ALL);
    for (int i = 0; i < 16; i++) {
        if (in->r[i] && i != RSP && i != RBX && i != R13) {
            g_string_append_printf(s, " r%d=%" PRIx64, i, in->r[i]);
        }
    }
    if (c->fpu) {
        uint16_t cw, sw;
        uint32_t mx;

        memcpy(&cw, in_fx, 2);
        memcpy(&sw, in_fx + 2, 2);
        memcpy(&mx, in_fx + 24, 4);
        g_string_append_printf(s, "\n  fpu in: FCW %04x FSW %04x FTW %02x "
                               "MXCSR %08x", cw, sw, in_fx[4], mx);
        for (int i = 0; i < 8; i++) {
            uint64_t m;
            uint16_t e;

            if (!(in_fx[4] & (1 << (((sw >> 11) + i) & 7)))) {
                continue;
            }
            memcpy(&m, in_fx + 32 + 16 * i, 8);
            memcpy(&e, in_fx + 40 + 16 * i, 2);
            g_string_append_printf(s, " ST%d=%04x:%016" PRIx64, i, e, m);
        }
    }
    g_string_append_printf(s, "\n  native flags %03" PRIx64 ", guest flags %03"
                           PRIx64 ":", o->nat.flags & F_ALL,
                           o->gst.flags & F_ALL);
    for (int i = 0; i < 16; i++) {
        if (o->nat.r[i] != o->gst.r[i]) {
            g_string_append_printf(s, " r%d %" PRIx64 "/%" PRIx64, i,
                                   o->nat.r[i], o->gst.r[i]);
        }
    }
    g_test_message("%s", s->str);
    g_string_free(s, true);
}

/* ------------------------------------------------------------------ */
/* Known translator bugs: their cases fail as "incomplete", not "fail" */

typedef struct KnownBug {
    const char *name_prefix;
    const char *bug;
} KnownBug;

static const KnownBug known_bugs[] = {
    { NULL, NULL },
};

static const KnownBug *known_bug(const DiffCase *c)
{
    for (const KnownBug *k = known_bugs; k->name_prefix; k++) {
        if (g_str_has_prefix(c->name, k->name_prefix)) {
            return k;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ */

static DiffCase *all_cases;
static int n_cases;
static int iters;
static int total_runs;

static void test_category(gconstpointer opaque)
{
    DiffCat cat = (DiffCat)(uintptr_t)opaque;
    const char *only = getenv("X86_DIFF_ONLY");
    int ncase = 0, nfail = 0, nknown = 0, shown = 0;
    GString *known = g_string_new(NULL);

    for (int i = 0; i < n_cases; i++) {
        const DiffCase *c = &all_cases[i];
        bool failed = false;

        if (c->cat != cat || (only && !strstr(c->name, only))) {
            continue;
        }
        ncase++;
        for (int it = 0; it < iters && !failed; it++) {
            DiffRegs in;
            Outcome o;

            make_inputs(c, &in);
            total_runs++;
            if (!run_pair(c, &in, it == 0, &o)) {
                continue;
            }
            failed = true;
            if (o.nat_sig) {
                /* an encoding the host refuses: a generator bug */
                report(c, &in, &o);
                nfail++;
                break;
            }
            minimise(c, &in, &o);
            if (known_bug(c)) {
                nknown++;
                if (!strstr(known->str, known_bug(c)->bug)) {
                    g_string_append_printf(known, "%s; ", known_bug(c)->bug);
                }
                if (g_test_verbose()) {
                    report(c, &in, &o);
                }
            } else {
                nfail++;
                if (shown++ < 40) {
                    report(c, &in, &o);
                }
            }
        }
    }
    g_test_message("%s: %d cases x %d inputs, %d failed, %d known bugs",
                   x86_diff_cat_name(cat), ncase, iters, nfail, nknown);
    if (nfail) {
        g_test_fail();
    } else if (nknown) {
        g_test_incomplete(known->str);
    }
    g_string_free(known, true);
}

static void *map_fixed(uintptr_t addr, size_t size, int prot)
{
    void *p = mmap((void *)addr, size, prot,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

    return p == (void *)addr ? p : NULL;
}

int main(int argc, char **argv)
{
    DiffHostFeatures hf;
    uint32_t ecx1 = host_cpuid(1, 2), ebx7 = host_cpuid(7, 1);
    uint32_t ecx81 = host_cpuid(0x80000001, 2);

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);

    iters = g_test_slow() ? 64 : 8;
    if (getenv("X86_DIFF_ITERS")) {
        iters = atoi(getenv("X86_DIFF_ITERS"));
    }
    /* Same addresses natively and in the guest. */
    native_data = map_fixed(DIFF_DATA_ADDR, DIFF_DATA_SIZE,
                            PROT_READ | PROT_WRITE);
    native_code = map_fixed(DIFF_CODE_ADDR, 4096,
                            PROT_READ | PROT_WRITE | PROT_EXEC);
    native_fx = map_fixed(DIFF_FX_ADDR, 4096, PROT_READ | PROT_WRITE);
    if (!native_data || !native_code || !native_fx) {
        g_test_skip("cannot map the test buffers at the guest's addresses");
        return g_test_run();
    }
    native_signals();
    setup_guest();

    hf = (DiffHostFeatures) {
        .popcnt = ecx1 & (1u << 23),
        .lzcnt = ecx81 & (1u << 5),
        .bmi1 = ebx7 & (1u << 3),
        .bmi2 = ebx7 & (1u << 8),
        .adx = ebx7 & (1u << 19),
        .ssse3 = ecx1 & (1u << 9),
        .sse41 = ecx1 & (1u << 19),
        .cx16 = ecx1 & (1u << 13),
    };
    n_cases = x86_diff_generate(&hf, &all_cases);
    for (int i = 0; i < DIFF_DATA_SIZE; i += 8) {
        uint64_t v = diff_rnd_value();
        memcpy(in_mem + i, &v, 8);
    }
    g_test_message("%d generated cases, %d inputs each (%s backend)",
                   n_cases, iters, getenv("VIREO_TEST_TCG_BACKEND") ?
                   getenv("VIREO_TEST_TCG_BACKEND") : "interp");
    for (int cat = 0; cat < CAT_COUNT; cat++) {
        char *path = g_strdup_printf("/x86-diff/%s",
                                     x86_diff_cat_name(cat));
        g_test_add_data_func(path, (void *)(uintptr_t)cat, test_category);
        g_free(path);
    }
    return g_test_run();
}
