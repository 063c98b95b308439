/*
 * Differential tests of the x86 translator: every snippet of
 * x86-insn-cases.S runs natively on the host and under TCG (a 64-bit
 * vCPU with identity paging) from the same random registers, flags and
 * memory; the results must agree. Also: cc_compute_all against flags the
 * host computes for the same operations.
 *
 * The TCG backend is the interpreter unless VIREO_TEST_TCG_BACKEND=native.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include <cpuid.h>
#include "qapi/error.h"
#include "qemu/main-loop.h"
#include "qemu/atomic.h"
#include "qemu/log.h"
#include "exec/memory.h"
#include "exec/exec-all.h"
#include "exec/cpu-ldst.h"
#include "target/i386/cpu.h"
#include "target/i386/cpu-hflags.h"
#include "target/i386/tcg/tcg-cpu.h"
#include "target/i386/tcg/cc-compute.h"
#include "accel/tcg/internal.h"

typedef struct InsnCase {
    const uint8_t *start;
    uint64_t flags_mask;
    const char *name;
    const uint8_t *end;
} InsnCase;
extern const InsnCase x86_insn_cases[];

typedef struct Regs {
    uint64_t r[16];
    uint64_t flags;
} Regs;

/* ------------------------------------------------------------------ */
/* Native execution                                                    */

void native_run(Regs *st, void *code);
void native_return(void);

asm(".text\n"
    ".globl native_run\n"
    "native_run:\n"
    "  push %rbp\n push %rbx\n push %r12\n push %r13\n push %r14\n"
    "  push %r15\n"
    "  mov %rsp, native_host_rsp(%rip)\n"
    "  mov %rdi, native_st(%rip)\n"
    "  mov %rsi, native_code(%rip)\n"
    "  pushq 128(%rdi)\n popfq\n"
    "  mov 8(%rdi), %rcx\n mov 16(%rdi), %rdx\n mov 24(%rdi), %rbx\n"
    "  mov 32(%rdi), %rsp\n mov 40(%rdi), %rbp\n mov 48(%rdi), %rsi\n"
    "  mov 64(%rdi), %r8\n mov 72(%rdi), %r9\n mov 80(%rdi), %r10\n"
    "  mov 88(%rdi), %r11\n mov 96(%rdi), %r12\n mov 104(%rdi), %r13\n"
    "  mov 112(%rdi), %r14\n mov 120(%rdi), %r15\n mov 0(%rdi), %rax\n"
    "  mov 56(%rdi), %rdi\n"
    "  jmp *native_code(%rip)\n"
    ".globl native_return\n"
    "native_return:\n"
    "  mov %rax, native_tmp(%rip)\n"
    "  mov native_st(%rip), %rax\n"
    "  mov %rcx, 8(%rax)\n mov %rdx, 16(%rax)\n mov %rbx, 24(%rax)\n"
    "  mov %rsp, 32(%rax)\n mov %rbp, 40(%rax)\n mov %rsi, 48(%rax)\n"
    "  mov %rdi, 56(%rax)\n mov %r8, 64(%rax)\n mov %r9, 72(%rax)\n"
    "  mov %r10, 80(%rax)\n mov %r11, 88(%rax)\n mov %r12, 96(%rax)\n"
    "  mov %r13, 104(%rax)\n mov %r14, 112(%rax)\n mov %r15, 120(%rax)\n"
    "  mov native_host_rsp(%rip), %rsp\n"
    "  pushfq\n popq 128(%rax)\n"
    "  mov native_tmp(%rip), %rcx\n mov %rcx, 0(%rax)\n"
    "  cld\n"
    "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbx\n pop %rbp\n"
    "  ret\n"
    ".bss\n"
    ".balign 8\n"
    "native_host_rsp: .quad 0\n"
    "native_st: .quad 0\n"
    "native_code: .quad 0\n"
    "native_tmp: .quad 0\n"
    ".text\n");

#define BUF_SIZE   0x10000
#define RAM_SIZE   (8 * MiB)
#define CODE_ADDR  0x10000
#define DATA_ADDR  0x100000
static uint8_t *native_buf;
static uint8_t *native_page;

static void run_native_case(const InsnCase *c, Regs *st)
{
    size_t len = c->end - c->start;
    uint8_t *p = native_page;
    uint64_t ret = (uintptr_t)native_return;

    memcpy(p, c->start, len);
    p += len;
    /* jmp *0(%rip); .quad native_return */
    *p++ = 0xff;
    *p++ = 0x25;
    memset(p, 0, 4);
    p += 4;
    memcpy(p, &ret, 8);
    native_run(st, native_page);
}

/* ------------------------------------------------------------------ */
/* The guest                                                           */

#define PT_ADDR    0x200000
#define IDT_ADDR   0x210000
#define STUB_ADDR  0x211000
#define VEC_ADDR   0x212000

static MemoryRegion ram;
static uint8_t *ram_host;

static void stl_le_p(void *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static uint32_t ldl_le_p(const void *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return v;
}
static X86CPU *cpu;
static CPUX86State *env;

static void setup_guest(void)
{
    uint64_t *pml4, *pdpt, *pd, *idt;
    CPUState *cs;
    const char *backend = getenv("VIREO_TEST_TCG_BACKEND");
    uint32_t a, b, c, d;

    memory_region_init_ram(&ram, NULL, "test-x86-insn.ram", RAM_SIZE,
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

    /* The host's integer features, so the same instructions decode. */
    __cpuid_count(1, 0, a, b, c, d);
    env->features[FEAT_1_ECX] = c;
    env->features[FEAT_1_EDX] = d;
    __cpuid_count(7, 0, a, b, c, d);
    env->features[FEAT_7_0_EBX] = b;
    env->features[FEAT_7_0_ECX] = c;
    env->features[FEAT_7_0_EDX] = d;
    __cpuid_count(0x80000001, 0, a, b, c, d);
    env->features[FEAT_8000_0001_ECX] = c;
    env->features[FEAT_8000_0001_EDX] = d;

    /* Identity map of the first 1 GiB with 2 MiB pages. */
    pml4 = (uint64_t *)(ram_host + PT_ADDR);
    pdpt = (uint64_t *)(ram_host + PT_ADDR + 0x1000);
    pd = (uint64_t *)(ram_host + PT_ADDR + 0x2000);
    pml4[0] = (PT_ADDR + 0x1000) | 7;
    pdpt[0] = (PT_ADDR + 0x2000) | 7;
    for (int i = 0; i < 512; i++) {
        pd[i] = ((uint64_t)i << 21) | 0x87;
    }
    /* IDT: vector v -> stub "movl $v, VEC_ADDR; hlt". */
    idt = (uint64_t *)(ram_host + IDT_ADDR);
    for (int v = 0; v < 32; v++) {
        uint64_t h = STUB_ADDR + v * 16;
        uint8_t *stub = ram_host + h;
        stub[0] = 0xc7;
        stub[1] = 0x04;
        stub[2] = 0x25;
        stl_le_p(stub + 3, VEC_ADDR);
        stl_le_p(stub + 7, v);
        stub[11] = 0xf4;
        idt[2 * v] = (h & 0xffff) | (0x08ull << 16) | (0x8eull << 40) |
                     ((h >> 16) << 48);
        idt[2 * v + 1] = h >> 32;
    }

    env->cr[0] = 0x80000011;  /* PG ET PE */
    env->cr[3] = PT_ADDR;
    env->cr[4] = 0x20 | 0x200 | 0x10000; /* PAE OSFXSR FSGSBASE */
    env->efer = 0x500;        /* LME LMA */
    env->idt.base = IDT_ADDR;
    env->idt.limit = 32 * 16 - 1;
    env->segs[R_CS].selector = 0x08;
    env->segs[R_CS].flags = (1u << 21) | (1u << 15) | (1u << 12) |
                            (0xbu << 8);
    env->segs[R_CS].limit = 0xffffffff;
    env->segs[R_CS].base = 0;
    for (int s = 0; s < R_NB_SEGS; s++) {
        if (s != R_CS) {
            env->segs[s].selector = 0x10;
            env->segs[s].flags = (1u << 22) | (1u << 15) | (1u << 12) |
                                 (0x3u << 8);
            env->segs[s].limit = 0xffffffff;
            env->segs[s].base = 0;
        }
    }
    env->a20_mask = ~0ull;
    if (getenv("X86_INSN_DEBUG")) {
        fprintf(stderr, "pml4[0] %" PRIx64 " pd[0] %" PRIx64 "\n",
                x86_ldq_phys(cs, PT_ADDR), x86_ldq_phys(cs, PT_ADDR + 0x2000));
    }
}

/* Runs the snippet in the guest; returns the exception vector or -1. */
static int run_guest_case(const InsnCase *c, Regs *st)
{
    CPUState *cs = CPU(cpu);
    size_t len = c->end - c->start;
    int ret;

    memcpy(ram_host + CODE_ADDR, c->start, len);
    ram_host[CODE_ADDR + len] = 0xf4;       /* hlt */
    tb_invalidate_phys_range(CODE_ADDR, CODE_ADDR + 0x1000);
    stl_le_p(ram_host + VEC_ADDR, -1);

    memcpy(env->regs, st->r, sizeof(st->r));
    env->eip = CODE_ADDR;
    env->eflags = (st->flags & 0xcd5) | 0x202;
    x86_update_hflags(env);
    cs->halted = false;
    cs->exception_index = -1;
    do {
        ret = cpu_exec(cs);
    } while (ret == EXCP_INTERRUPT);
    g_assert_cmpint(ret, ==, EXCP_HLT);
    if (getenv("X86_INSN_DEBUG")) {
        fprintf(stderr, "eip after %" PRIx64 " hflags %x\n", env->eip, env->hflags);
    }
    memcpy(st->r, env->regs, sizeof(st->r));
    st->flags = env->eflags;
    return (int32_t)ldl_le_p(ram_host + VEC_ADDR);
}

/* ------------------------------------------------------------------ */
/* Inputs and comparison                                               */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t rnd_value(void)
{
    static const uint64_t edge[] = {
        0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
        0x80000000, 0xffffffff, 0x7fffffffffffffffull,
        0x8000000000000000ull, ~0ull, ~1ull,
    };
    switch (rnd() % 4) {
    case 0:
        return edge[rnd() % ARRAY_SIZE(edge)];
    case 1:
        return rnd() & 0xff;
    default:
        return rnd();
    }
}

/* Pointer registers: offset into the data buffer. */
static const struct { int reg; uint64_t off; } ptr_regs[] = {
    { R_EBX, 0x400 }, { R_ESI, 0x100 }, { R_EDI, 0x800 },
    { R_EBP, 0x1000 }, { R_ESP, 0x8000 },
};

static void make_inputs(Regs *nat, Regs *gst, uint8_t *mem)
{
    for (int i = 0; i < 16; i++) {
        nat->r[i] = gst->r[i] = rnd_value();
    }
    for (int i = 0; i < (int)ARRAY_SIZE(ptr_regs); i++) {
        nat->r[ptr_regs[i].reg] = gst->r[ptr_regs[i].reg] =
            DATA_ADDR + ptr_regs[i].off;
    }
    nat->flags = gst->flags = (rnd() & (CC_O | CC_S | CC_Z | CC_A | CC_P |
                                        CC_C)) | 2;
    for (int i = 0; i < BUF_SIZE; i += 8) {
        uint64_t v = rnd_value();
        memcpy(mem + i, &v, 8);
    }
}

static int check_case(const InsnCase *c, int iter)
{
    static uint8_t mem[BUF_SIZE];
    Regs nat, gst, in;
    int vec, bad = 0;

    make_inputs(&nat, &gst, mem);
    in = gst;
    memcpy(native_buf, mem, BUF_SIZE);
    memcpy(ram_host + DATA_ADDR, mem, BUF_SIZE);
    run_native_case(c, &nat);
    vec = run_guest_case(c, &gst);
    if (vec != -1) {
        g_test_message("%s #%d: guest exception %d", c->name, iter, vec);
        return 1;
    }
    for (int i = 0; i < 16; i++) {
        uint64_t n = nat.r[i], g = gst.r[i];
        if (n != g) {
            g_test_message("%s #%d: reg %d: native %" PRIx64 " guest %"
                           PRIx64 " (input %" PRIx64 ")", c->name, iter, i,
                           n, g, in.r[i]);
            bad++;
        }
    }
    if ((nat.flags ^ gst.flags) & c->flags_mask) {
        g_test_message("%s #%d: flags native %" PRIx64 " guest %" PRIx64
                       " mask %" PRIx64 " (input %" PRIx64 ")", c->name,
                       iter, nat.flags, gst.flags, c->flags_mask, in.flags);
        bad++;
    }
    if (memcmp(native_buf, ram_host + DATA_ADDR, BUF_SIZE)) {
        for (int i = 0; i < BUF_SIZE; i++) {
            if (native_buf[i] != ram_host[DATA_ADDR + i]) {
                g_test_message("%s #%d: memory +%#x: native %02x guest %02x",
                               c->name, iter, i, native_buf[i],
                               ram_host[DATA_ADDR + i]);
                break;
            }
        }
        bad++;
    }
    if (bad) {
        for (int i = 0; i < 16; i++) {
            g_test_message("   input r%d = %" PRIx64, i, in.r[i]);
        }
    }
    return bad;
}

static void test_case(gconstpointer opaque)
{
    const InsnCase *c = opaque;
    int iters = g_test_quick() ? 16 : 64;

    for (int i = 0; i < iters; i++) {
        if (check_case(c, i)) {
            g_test_fail();
            return;
        }
    }
}

/* ------------------------------------------------------------------ */
/* An exit request seen at the start of a chained TB                   */

#define EXITREQ_MMIO 0x3000000  /* past RAM, inside the identity map */
static MemoryRegion exitreq_mr;
static bool exitreq_armed;

static uint64_t exitreq_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

/* A device write that kicks the vCPU, as an interrupt would. */
static void exitreq_write(void *opaque, hwaddr addr, uint64_t val,
                          unsigned size)
{
    if (exitreq_armed) {
        exitreq_armed = false;
        qatomic_set(&CPU(cpu)->exit_request, 1);
    }
}

static const MemoryRegionOps exitreq_ops = {
    .read = exitreq_read,
    .write = exitreq_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

/*
 * TB 1 writes the device (which requests an exit) and jumps to TB 2;
 * once they are chained, TB 2 sees the request at its start and leaves
 * before running anything. env->eip must then be TB 2's first insn, or
 * resuming re-runs TB 1 (Linux took timer interrupts with stale return
 * addresses this way).
 *   10000: inc %eax
 *   10002: mov %eax, EXITREQ_MMIO
 *   10009: jmp 1f
 *   1000b: 1: inc %ecx
 *   1000d: hlt
 */
static void test_exit_request_chained(void)
{
    static const uint8_t code[] = {
        0xff, 0xc0,
        0x89, 0x04, 0x25, 0x00, 0x00, 0x00, 0x03,
        0xeb, 0x00,
        0xff, 0xc1,
        0xf4,
    };
    CPUState *cs = CPU(cpu);

    memory_region_init_io(&exitreq_mr, NULL, &exitreq_ops, NULL,
                          "test-x86-insn.exitreq", 0x1000);
    memory_region_add_subregion(get_system_memory(), EXITREQ_MMIO,
                                &exitreq_mr);
    memcpy(ram_host + CODE_ADDR, code, sizeof(code));
    tb_invalidate_phys_range(CODE_ADDR, CODE_ADDR + 0x1000);
    /* Twice: the first run chains TB 1 to TB 2, the second exits. */
    for (int run = 0; run < 2; run++) {
        int ret, exits = 0;

        exitreq_armed = run == 1;
        env->regs[R_EAX] = env->regs[R_ECX] = 0;
        env->eip = CODE_ADDR;
        env->eflags = 0x202;
        x86_update_hflags(env);
        cs->halted = false;
        cs->exception_index = -1;
        while ((ret = cpu_exec(cs)) == EXCP_INTERRUPT) {
            exits++;
        }
        g_assert_cmpint(ret, ==, EXCP_HLT);
        g_assert_cmpint(exits, ==, run);
        g_assert_cmphex(env->regs[R_EAX], ==, 1);
        g_assert_cmphex(env->regs[R_ECX], ==, 1);
    }
    memory_region_del_subregion(get_system_memory(), &exitreq_mr);
}

/* ------------------------------------------------------------------ */
/* cc_compute_all against the host's flags                             */

#define ARITH (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C)

#define HOST_OP2(insn, sfx, reg, T, a, b, out, fl)                          \
    asm volatile("sub $128, %%rsp; push %4; popfq; "                       \
                 insn sfx " %" reg "3, %" reg "0; "                         \
                 "pushfq; pop %1; add $128, %%rsp"                          \
                 : "=r"(out), "=r"(fl) : "0"((T)(a)), "r"((T)(b)),          \
                   "r"((uint64_t)(cin ? 0x203 : 0x202))                     \
                 : "cc")

static void test_cc_compute(void)
{
    for (int i = 0; i < 20000; i++) {
        uint64_t a = rnd_value(), b = rnd_value(), r = 0, fl = 0, want;
        int size = rnd() % 4, cin = rnd() & 1, kind = rnd() % 5;
        static const uint32_t base[5] = { CC_OP_ADDB, CC_OP_ADCB,
                                          CC_OP_SUBB, CC_OP_SBBB,
                                          CC_OP_LOGICB };
        uint32_t op = base[kind] + size;
        uint64_t dst, got;

#define DO(insn)                                                           \
        switch (size) {                                                    \
        case 0: { uint8_t o; HOST_OP2(insn, "b", "b", uint8_t, a, b, o, fl); \
                  r = o; break; }                                          \
        case 1: { uint16_t o; HOST_OP2(insn, "w", "w", uint16_t, a, b, o, fl); \
                  r = o; break; }                                          \
        case 2: { uint32_t o; HOST_OP2(insn, "l", "k", uint32_t, a, b, o, fl); \
                  r = o; break; }                                          \
        default: { uint64_t o; HOST_OP2(insn, "q", "q", uint64_t, a, b, o, fl); \
                  r = o; break; }                                          \
        }
        switch (kind) {
        case 0: DO("add"); break;
        case 1: DO("adc"); break;
        case 2: DO("sub"); break;
        case 3: DO("sbb"); break;
        default: DO("and"); break;
        }
#undef DO
        dst = r;
        got = x86_cc_compute_all(dst, b, cin, op);
        want = fl & ARITH;
        if (kind == 4) {
            want &= ~(uint64_t)CC_A;   /* AF undefined after AND */
            got &= ~(uint64_t)CC_A;
        }
        if (got != want) {
            g_test_message("op %u a %" PRIx64 " b %" PRIx64 " cin %d: "
                           "flags %" PRIx64 " want %" PRIx64, op, a, b, cin,
                           got, want);
            g_test_fail();
            return;
        }
    }
}

int main(int argc, char **argv)
{
    int n = 0;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);

    /*
     * Same addresses natively and in the guest, so pointers that end up
     * in registers or memory (CALL, PUSH RSP, ENTER, LEA) compare equal.
     */
    native_buf = mmap((void *)DATA_ADDR, BUF_SIZE, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                      -1, 0);
    native_page = mmap((void *)CODE_ADDR, 4096,
                       PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                       -1, 0);
    if (native_buf != (void *)DATA_ADDR || native_page != (void *)CODE_ADDR) {
        g_test_skip("cannot map the test buffers at the guest's addresses");
        return g_test_run();
    }
    setup_guest();
    if (getenv("X86_INSN_LOG")) {
        qemu_set_log(atoi(getenv("X86_INSN_LOG")));
    }

    g_test_add_func("/x86/cc/compute-all", test_cc_compute);
    g_test_add_func("/x86/chain/exit-request", test_exit_request_chained);
    for (const InsnCase *c = x86_insn_cases; c->start; c++, n++) {
        char *path = g_strdup_printf("/x86/insn/%03d %s", n, c->name);
        g_test_add_data_func(path, c, test_case);
        g_free(path);
    }
    return g_test_run();
}
