/*
 * The MMX-register instructions SSE added (PSHUFW, PMINUB..PSADBW,
 * PINSRW, PEXTRW, PMOVMSKB, MASKMOVQ, MOVNTQ) and PREFETCHh/SFENCE are
 * SSE instructions (CPUID.01H:EDX.SSE) that AMD also enables with MMXEXT.
 * The default model (qemu64) has SSE and no MMXEXT: they must all run.
 */
#include "guest.h"
#include "desc.h"
#include "processor.h"

#define TRY(insns, ...) \
    asm volatile(ASM_TRY_BEGIN insns "\n\t" ASM_TRY_END __VA_ARGS__)
#define OK() (exception_vector() == -1)

static const u64 A = 0x80ff7f0112fe3456ull, B = 0x7f00800221fd5634ull;

static unsigned byte(u64 v, int i) { return (v >> (8 * i)) & 0xff; }
static unsigned word(u64 v, int i) { return (v >> (16 * i)) & 0xffff; }

/* Byte/word-wise reference results of the operations below. */
static u64 ref(int op)
{
    u64 r = 0;

    for (int i = 0; i < 8; i++) {
        unsigned a = byte(A, i), b = byte(B, i), v;
        switch (op) {
        case 0: v = a < b ? a : b; break;              /* PMINUB */
        case 1: v = a > b ? a : b; break;              /* PMAXUB */
        case 2: v = (a + b + 1) >> 1; break;           /* PAVGB */
        default: continue;
        }
        r |= (u64)v << (8 * i);
    }
    for (int i = 0; i < 4; i++) {
        unsigned a = word(A, i), b = word(B, i), v;
        switch (op) {
        case 3: v = (int16_t)a < (int16_t)b ? a : b; break;    /* PMINSW */
        case 4: v = (int16_t)a > (int16_t)b ? a : b; break;    /* PMAXSW */
        case 5: v = (a + b + 1) >> 1; break;           /* PAVGW */
        case 6: v = (a * b) >> 16; break;              /* PMULHUW */
        default: continue;
        }
        r |= (u64)v << (16 * i);
    }
    if (op == 7) {                                     /* PSADBW */
        for (int i = 0; i < 8; i++) {
            int d = (int)byte(A, i) - (int)byte(B, i);
            r += d < 0 ? -d : d;
        }
    }
    return r;
}

#define BINOP(n, insn)                                                  \
    do {                                                                \
        u64 d = A;                                                      \
        TRY("movq %0, %%mm0; movq %1, %%mm1; " insn " %%mm1, %%mm0;"    \
            "movq %%mm0, %0; emms", : "+m"(d) : "m"(B) : "memory");     \
        report(OK() && d == ref(n), insn " mm, mm (got %llx want %llx)", \
               (unsigned long long)d, (unsigned long long)ref(n));      \
    } while (0)

static void test_arith(void)
{
    u64 d = 0x0004000300020001ull;

    TRY("movq %0, %%mm0; pshufw $0x1b, %%mm0, %%mm1; movq %%mm1, %0; emms",
        : "+m"(d) : : "memory");
    report(OK() && d == 0x0001000200030004ull, "pshufw");
    BINOP(0, "pminub");
    BINOP(1, "pmaxub");
    BINOP(2, "pavgb");
    BINOP(3, "pminsw");
    BINOP(4, "pmaxsw");
    BINOP(5, "pavgw");
    BINOP(6, "pmulhuw");
    BINOP(7, "psadbw");
}

static void test_moves(void)
{
    u64 d = A, mask = 0x8000800000008080ull;
    static u64 dst __aligned(8);
    u32 w = 0, m = 0;

    TRY("movq %2, %%mm0; mov $0xbeef, %%eax; pinsrw $2, %%eax, %%mm0;"
        "pextrw $2, %%mm0, %0; pmovmskb %%mm0, %1; movq %%mm0, %2; emms",
        : "=&r"(w), "=&r"(m), "+m"(d) : : "eax", "memory");
    report(OK() && w == 0xbeef && d == ((A & ~0xffff00000000ull) |
                                        0xbeef00000000ull),
           "pinsrw, pextrw");
    report(OK() && m == 0xf4, "pmovmskb (0x%x)", m);

    dst = 0x1111111111111111ull;
    TRY("movq %1, %%mm0; movq %2, %%mm1; maskmovq %%mm1, %%mm0; emms",
        : : "D"(&dst), "m"(A), "m"(mask) : "memory");
    report(OK() && dst == ((A & 0xff00ff000000ffffull) |
                           (0x1111111111111111ull & ~0xff00ff000000ffffull)),
           "maskmovq");
    dst = 0;
    TRY("movq %1, %%mm0; movntq %%mm0, %0; sfence; emms",
        : "=m"(dst) : "m"(A) : "memory");
    report(OK() && dst == A, "movntq, sfence");
    TRY("prefetcht0 %0; prefetcht1 %0; prefetcht2 %0; prefetchnta %0",
        : : "m"(dst));
    report(OK(), "prefetcht0/t1/t2/nta");
}

int main(void)
{
    u32 d = cpuid(1).d, e = cpuid(0x80000001).d;

    if (!(d & BIT(25))) {
        report_skip("the CPU model has no SSE");
        return 0;
    }
    report_info("SSE %d, MMXEXT %d", !!(d & BIT(25)), !!(e & BIT(22)));
    write_cr0((read_cr0() & ~X86_CR0_EM) | X86_CR0_MP);
    write_cr4(read_cr4() | X86_CR4_OSFXSR);
    test_arith();
    test_moves();
    return 0;
}
