/*
 * x86 segmentation and event delivery unit test: descriptor tables in
 * guest RAM (no machine, no accelerator), helpers called directly with
 * x86_sys_direct_access (memory through the page walker) and exceptions
 * caught by x86_sys_exception_hook. Checks selector loads and their
 * #GP/#NP/#SS error codes, LDTR/TR, LAR/LSL/VERR/VERW, far calls through
 * gates, returns, IRET, task switches, and interrupt delivery in real,
 * protected and long mode including #DF and triple faults. Facts from
 * the Intel SDM vol. 3 chapters 5-7.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qapi/error.h"
#include "exec/memory.h"
#include "target/i386/tcg/sys-internal.h"
#include <setjmp.h>

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

#define GDT 0x1000
#define IDT 0x2000
#define TSS 0x3000
#define TSS2 0x3800
#define LDT 0x4000

enum {
    SEL_CODE0 = 0x08, SEL_DATA0 = 0x10, SEL_CODE3 = 0x1b, SEL_DATA3 = 0x23,
    SEL_NP = 0x28, SEL_XONLY = 0x30, SEL_TSS = 0x38, SEL_LDT = 0x40,
    SEL_CODE64 = 0x48, SEL_BASED = 0x50, SEL_TSS2 = 0x58, SEL_RO = 0x60,
    SEL_CODE64_3 = 0x6b, SEL_GATE = 0x70, SEL_TSS64 = 0x78,
};

static CPUX86State *env;
static sigjmp_buf jb;
static int last_vec, last_err;

static void hook(CPUX86State *e, int vector, int error_code)
{
    last_vec = vector;
    last_err = error_code;
    siglongjmp(jb, 1);
}

/* Runs stmt expecting exception vec with error code err. */
#define EXPECT_EXC(vec, err, stmt) \
    do { \
        last_vec = -2; \
        if (!sigsetjmp(jb, 0)) { \
            stmt; \
            g_assert_not_reached(); \
        } \
        env->old_exception = -1; \
        g_assert_cmpint(last_vec, ==, (vec)); \
        g_assert_cmphex(last_err, ==, (err)); \
    } while (0)

static void wq(uint64_t pa, uint64_t v)
{
    address_space_stq_le(&address_space_memory, pa, v,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

static void wl(uint64_t pa, uint32_t v)
{
    address_space_stl_le(&address_space_memory, pa, v,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

static void ww(uint64_t pa, uint16_t v)
{
    address_space_stw_le(&address_space_memory, pa, v,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

static uint32_t rl(uint64_t pa)
{
    return address_space_ldl_le(&address_space_memory, pa,
                                MEMTXATTRS_UNSPECIFIED, NULL);
}

static uint64_t rq(uint64_t pa)
{
    return address_space_ldq_le(&address_space_memory, pa,
                                MEMTXATTRS_UNSPECIFIED, NULL);
}

/* A segment descriptor from base, limit (20 bits) and the flag bits of
 * the high word (type/S/DPL/P at 15:8, AVL/L/D/G at 23:20). */
static uint64_t desc(uint32_t base, uint32_t limit, uint32_t flags)
{
    uint32_t lo = (base << 16) | (limit & 0xffff);
    uint32_t hi = (base & 0xff000000) | ((base >> 16) & 0xff) |
                  (limit & 0xf0000) | flags;

    return ((uint64_t)hi << 32) | lo;
}

#define F_CODE(dpl) (0xc09a00 | ((dpl) << 13))
#define F_DATA(dpl) (0xc09200 | ((dpl) << 13))

static void setup_gdt(void)
{
    address_space_set(&address_space_memory, 0, 0, 0x10000,
                      MEMTXATTRS_UNSPECIFIED);
    wq(GDT + SEL_CODE0, desc(0, 0xfffff, F_CODE(0)));
    wq(GDT + SEL_DATA0, desc(0, 0xfffff, F_DATA(0)));
    wq(GDT + (SEL_CODE3 & ~3), desc(0, 0xfffff, F_CODE(3)));
    wq(GDT + (SEL_DATA3 & ~3), desc(0, 0xfffff, F_DATA(3)));
    wq(GDT + SEL_NP, desc(0, 0xfffff, F_DATA(0) & ~0x8000));
    wq(GDT + SEL_XONLY, desc(0, 0xfffff, 0xc09800));
    wq(GDT + SEL_TSS, desc(TSS, 0x67, 0x8900));
    wq(GDT + SEL_LDT, desc(LDT, 0xff, 0x8200));
    wq(GDT + SEL_CODE64, desc(0, 0xfffff, 0xa09a00));
    wq(GDT + SEL_BASED, desc(0x12345678, 0xfff, 0x409300));
    wq(GDT + SEL_TSS2, desc(TSS2, 0x67, 0x8900));
    wq(GDT + SEL_RO, desc(0, 0xfffff, 0xc09000));
    wq(GDT + (SEL_CODE64_3 & ~3), desc(0, 0xfffff, 0xa0fa00));
    env->gdt.base = GDT;
    env->gdt.limit = 0x8f;
    env->idt.base = IDT;
    env->idt.limit = 0x7ff;
    env->ldt = (SegmentCache) { 0 };
}

static void load_flat(int seg, uint32_t sel, uint32_t flags)
{
    cpu_x86_load_seg_cache(env, seg, sel, 0, 0xffffffff, flags);
}

/* 32-bit protected mode at CPL cpl with flat segments. */
static void pmode(int cpl)
{
    setup_gdt();
    env->cr[0] = CR0_PE | CR0_ET;
    env->cr[4] = 0;
    env->efer = 0;
    env->eflags = 0x202;
    env->cc_op = CC_OP_EFLAGS;
    env->cc_src = 0;
    env->hflags = 0;
    env->hflags2 = 0;
    env->old_exception = -1;
    load_flat(R_CS, cpl ? SEL_CODE3 : SEL_CODE0, F_CODE(cpl) | DESC_A);
    for (int s = 0; s < R_NB_SEGS; s++) {
        if (s != R_CS) {
            load_flat(s, cpl ? SEL_DATA3 : SEL_DATA0, F_DATA(cpl) | DESC_A);
        }
    }
    env->tr = (SegmentCache) { .selector = SEL_TSS, .base = TSS,
                               .limit = 0x67, .flags = 0x8b00 };
    env->regs[R_ESP] = 0x8000;
    env->eip = 0x100;
    g_assert_cmpint(x86_cpl(env), ==, cpl);
}

/* ---- selector loads ---------------------------------------------------- */

static void test_load_seg(void)
{
    pmode(0);
    helper_load_seg(env, R_DS, SEL_BASED);
    g_assert_cmphex(env->segs[R_DS].base, ==, 0x12345678);
    g_assert_cmphex(env->segs[R_DS].limit, ==, 0xfff);
    g_assert_cmphex(env->segs[R_DS].selector, ==, SEL_BASED);
    /* The accessed bit is set in the table. */
    g_assert_true(rl(GDT + SEL_BASED + 4) & DESC_A);
    g_assert_true(env->hflags & HF_ADDSEG);
    /* Null: allowed for DS, not for SS outside 64-bit mode. */
    helper_load_seg(env, R_ES, 0);
    g_assert_cmphex(env->segs[R_ES].base, ==, 0);
    EXPECT_EXC(EXCP_GP, 0, helper_load_seg(env, R_SS, 0));
    EXPECT_EXC(EXCP_GP, 0x98, helper_load_seg(env, R_DS, 0x98));  /* limit */
    EXPECT_EXC(EXCP_NP, SEL_NP, helper_load_seg(env, R_DS, SEL_NP));
    EXPECT_EXC(EXCP_SS, SEL_NP, helper_load_seg(env, R_SS, SEL_NP));
    EXPECT_EXC(EXCP_GP, SEL_XONLY, helper_load_seg(env, R_DS, SEL_XONLY));
    EXPECT_EXC(EXCP_GP, SEL_TSS, helper_load_seg(env, R_DS, SEL_TSS));
    EXPECT_EXC(EXCP_GP, SEL_RO, helper_load_seg(env, R_SS, SEL_RO));
    EXPECT_EXC(EXCP_GP, SEL_CODE0, helper_load_seg(env, R_SS, SEL_CODE0));
    /* SS: RPL and DPL must equal CPL. */
    EXPECT_EXC(EXCP_GP, SEL_DATA3 & ~3,
               helper_load_seg(env, R_SS, SEL_DATA3));
    EXPECT_EXC(EXCP_GP, SEL_DATA0, helper_load_seg(env, R_SS,
                                                   SEL_DATA0 | 3));
    helper_load_seg(env, R_DS, SEL_RO);     /* readable data is fine */
    helper_load_seg(env, R_DS, SEL_CODE0);  /* readable code too */
    /* At CPL 3, DPL 0 data is out of reach; RPL 3 on DPL 0 likewise. */
    pmode(3);
    EXPECT_EXC(EXCP_GP, SEL_DATA0, helper_load_seg(env, R_DS, SEL_DATA0));
    helper_load_seg(env, R_DS, SEL_DATA3);
    /* LDT selectors with no LDT. */
    EXPECT_EXC(EXCP_GP, 0x0c, helper_load_seg(env, R_DS, 0x0f));
    /* Real mode: base only; virtual-8086: 64 KiB DPL 3. */
    pmode(0);
    env->cr[0] &= ~CR0_PE;
    x86_update_hflags(env);
    helper_load_seg(env, R_DS, 0x1234);
    g_assert_cmphex(env->segs[R_DS].base, ==, 0x12340);
    g_assert_cmphex(env->segs[R_DS].limit, ==, 0xffffffff);   /* unreal */
    env->cr[0] |= CR0_PE;
    env->eflags |= VM_MASK;
    x86_update_hflags(env);
    g_assert_cmpint(x86_cpl(env), ==, 3);
    helper_load_seg(env, R_ES, 0xb800);
    g_assert_cmphex(env->segs[R_ES].base, ==, 0xb8000);
    g_assert_cmphex(env->segs[R_ES].limit, ==, 0xffff);
}

static void test_null_ss_64(void)
{
    pmode(0);
    env->efer = EFER_LME | EFER_LMA;
    env->cr[4] = CR4_PAE;
    env->cr[0] |= CR0_PG;
    load_flat(R_CS, SEL_CODE64, 0xa09b00);
    g_assert_true(env->hflags & HF_CS64);
    helper_load_seg(env, R_SS, 0);
    g_assert_cmphex(env->segs[R_SS].selector, ==, 0);
    EXPECT_EXC(EXCP_GP, 0, helper_load_seg(env, R_SS, 3));
    /* Back to paging off for the other tests. */
    env->cr[0] &= ~CR0_PG;
    env->efer = 0;
}

static void test_lldt_ltr(void)
{
    pmode(0);
    helper_lldt(env, SEL_LDT);
    g_assert_cmphex(env->ldt.base, ==, LDT);
    g_assert_cmphex(env->ldt.limit, ==, 0xff);
    /* An LDT selector now loads from the LDT. */
    wq(LDT + 8, desc(0x5000, 0xfff, 0x409200));
    helper_load_seg(env, R_FS, 0x0c);
    g_assert_cmphex(env->segs[R_FS].base, ==, 0x5000);
    EXPECT_EXC(EXCP_GP, SEL_TSS, helper_lldt(env, SEL_TSS));
    helper_lldt(env, 0);
    g_assert_cmphex(env->ldt.limit, ==, 0);

    helper_ltr(env, SEL_TSS2);
    g_assert_cmphex(env->tr.base, ==, TSS2);
    g_assert_cmphex((rl(GDT + SEL_TSS2 + 4) >> 8) & 0xf, ==, 0xb);
    EXPECT_EXC(EXCP_GP, SEL_TSS2, helper_ltr(env, SEL_TSS2));   /* busy */
    EXPECT_EXC(EXCP_GP, 0, helper_ltr(env, 0));
    EXPECT_EXC(EXCP_GP, SEL_LDT, helper_ltr(env, SEL_LDT));
    pmode(3);
    EXPECT_EXC(EXCP_GP, 0, helper_lldt(env, SEL_LDT));
}

static void test_lar_lsl_verr(void)
{
    pmode(3);
    env->cc_src = 0;
    g_assert_cmphex(helper_lar(env, SEL_DATA3), ==, F_DATA(3));
    g_assert_true(env->cc_src & CC_Z);
    g_assert_cmphex(helper_lsl(env, SEL_DATA3), ==, 0xffffffff);
    g_assert_true(env->cc_src & CC_Z);
    helper_lar(env, SEL_DATA0);                 /* DPL 0 < CPL 3 */
    g_assert_false(env->cc_src & CC_Z);
    helper_lsl(env, 0);
    g_assert_false(env->cc_src & CC_Z);
    helper_verw(env, SEL_DATA3);
    g_assert_true(env->cc_src & CC_Z);
    pmode(0);
    helper_verr(env, SEL_XONLY);
    g_assert_false(env->cc_src & CC_Z);
    helper_verr(env, SEL_CODE0);
    g_assert_true(env->cc_src & CC_Z);
    helper_verw(env, SEL_RO);
    g_assert_false(env->cc_src & CC_Z);
    g_assert_cmphex(helper_lsl(env, SEL_TSS), ==, 0x67);
    g_assert_true(env->cc_src & CC_Z);
    g_assert_cmphex(helper_lsl(env, SEL_BASED), ==, 0xfff);
    helper_lar(env, 0x98);                      /* beyond the limit */
    g_assert_false(env->cc_src & CC_Z);
}

/* ---- far transfers --------------------------------------------------- */

static void test_call_gate(void)
{
    uint32_t sp;

    pmode(3);
    /* 32-bit call gate, DPL 3, to CODE0:0x5000 copying 2 parameters. */
    wq(GDT + SEL_GATE, ((uint64_t)(0x8000 | (3 << 13) | (12 << 8) | 2) << 32)
                       | (SEL_CODE0 << 16) | 0x5000);
    env->gdt.limit = 0xff;
    wl(TSS + 4, 0x9000);                        /* ESP0 */
    wl(TSS + 8, SEL_DATA0);                     /* SS0 */
    wl(0x8000, 0x11111111);                     /* parameters */
    wl(0x8004, 0x22222222);
    helper_lcall_protected(env, SEL_GATE | 3, 0, 1, 0x777);
    g_assert_cmpint(x86_cpl(env), ==, 0);
    g_assert_cmphex(env->eip, ==, 0x5000);
    g_assert_cmphex(env->segs[R_SS].selector, ==, SEL_DATA0);
    sp = env->regs[R_ESP];
    g_assert_cmphex(sp, ==, 0x9000 - 24);
    g_assert_cmphex(rl(sp), ==, 0x777);
    g_assert_cmphex(rl(sp + 4), ==, SEL_CODE3);
    g_assert_cmphex(rl(sp + 8), ==, 0x11111111);
    g_assert_cmphex(rl(sp + 12), ==, 0x22222222);
    g_assert_cmphex(rl(sp + 16), ==, 0x8000);
    g_assert_cmphex(rl(sp + 20), ==, SEL_DATA3);
    /* RET 8 returns to CPL 3, popping the parameters on both stacks. */
    helper_lret_protected(env, 1, 8);
    g_assert_cmpint(x86_cpl(env), ==, 3);
    g_assert_cmphex(env->eip, ==, 0x777);
    g_assert_cmphex(env->regs[R_ESP], ==, 0x8008);
    g_assert_cmphex(env->segs[R_SS].selector, ==, SEL_DATA3);
    /* A gate with DPL 0 is out of reach from CPL 3. */
    wq(GDT + SEL_GATE, ((uint64_t)(0x8000 | (12 << 8)) << 32) |
                       (SEL_CODE0 << 16) | 0x5000);
    EXPECT_EXC(EXCP_GP, SEL_GATE,
               helper_lcall_protected(env, SEL_GATE | 3, 0, 1, 0));
    /* Direct far jump to a more privileged non-conforming segment. */
    EXPECT_EXC(EXCP_GP, SEL_CODE0,
               helper_ljmp_protected(env, SEL_CODE0, 0x10, 0));
    /* Direct far call at the same level, and back. */
    pmode(0);
    helper_lcall_protected(env, SEL_CODE0, 0x4321, 1, 0x105);
    g_assert_cmphex(env->eip, ==, 0x4321);
    g_assert_cmphex(rl(0x8000 - 8), ==, 0x105);
    helper_lret_protected(env, 1, 0);
    g_assert_cmphex(env->eip, ==, 0x105);
    g_assert_cmphex(env->regs[R_ESP], ==, 0x8000);
    EXPECT_EXC(EXCP_GP, 0, helper_ljmp_protected(env, SEL_CODE0,
                                                 0x100000000ull, 0));
}

static void test_iret(void)
{
    /* IRET from CPL 0 to CPL 3. */
    pmode(0);
    env->regs[R_ESP] = 0x7000;
    wl(0x7000, 0x1234);
    wl(0x7004, SEL_CODE3);
    wl(0x7008, 0x3202);                        /* IF, IOPL 3 */
    wl(0x700c, 0x6000);
    wl(0x7010, SEL_DATA3);
    env->hflags2 |= HF2_NMI;
    helper_iret_protected(env, 1, 0);
    g_assert_cmpint(x86_cpl(env), ==, 3);
    g_assert_cmphex(env->eip, ==, 0x1234);
    g_assert_cmphex(env->regs[R_ESP], ==, 0x6000);
    g_assert_cmphex(env->eflags & (IF_MASK | IOPL_MASK), ==, 0x3200);
    g_assert_false(env->hflags2 & HF2_NMI);
    g_assert_cmphex(env->segs[R_SS].selector, ==, SEL_DATA3);
    /* DS with DPL 0 becomes null on the way out. */
    g_assert_cmphex(env->segs[R_DS].selector, ==, 0);

    /* IRET at CPL 3 cannot change IOPL or (IOPL 0) IF. */
    pmode(3);
    env->eflags = 0x202;
    env->regs[R_ESP] = 0x7000;
    wl(0x7000, 0x55);
    wl(0x7004, SEL_CODE3);
    wl(0x7008, 0x3002);
    helper_iret_protected(env, 1, 0);
    g_assert_cmphex(env->eflags & (IF_MASK | IOPL_MASK), ==, IF_MASK);

    /* To virtual-8086 mode. */
    pmode(0);
    env->regs[R_ESP] = 0x7000;
    wl(0x7000, 0x0100);
    wl(0x7004, 0x2000);
    wl(0x7008, VM_MASK | 0x202);
    wl(0x700c, 0xfffe);
    wl(0x7010, 0x3000);
    wl(0x7014, 0x4000);
    wl(0x7018, 0x5000);
    wl(0x701c, 0x6000);
    wl(0x7020, 0x7000);
    helper_iret_protected(env, 1, 0);
    g_assert_true(env->eflags & VM_MASK);
    g_assert_cmpint(x86_cpl(env), ==, 3);
    g_assert_cmphex(env->segs[R_CS].base, ==, 0x20000);
    g_assert_cmphex(env->segs[R_SS].base, ==, 0x30000);
    g_assert_cmphex(env->segs[R_GS].base, ==, 0x70000);
    g_assert_cmphex(env->regs[R_ESP], ==, 0xfffe);

    /* Real-mode IRET. */
    pmode(0);
    env->cr[0] &= ~CR0_PE;
    x86_update_hflags(env);
    env->regs[R_ESP] = 0x7000;
    env->segs[R_SS].base = 0;
    ww(0x7000, 0x0010);
    ww(0x7002, 0xf000);
    ww(0x7004, 0x0046);
    helper_iret_real(env, 0);
    g_assert_cmphex(env->segs[R_CS].base, ==, 0xf0000);
    g_assert_cmphex(env->eip, ==, 0x10);
    g_assert_cmphex(env->regs[R_ESP], ==, 0x7006);
    g_assert_false(env->eflags & IF_MASK);
}

static void test_task_switch(void)
{
    pmode(0);
    env->regs[R_EAX] = 0xaaaa;
    /* The new task: EIP, EFLAGS, registers and selectors. */
    wl(TSS2 + 0x20, 0x4444);
    wl(TSS2 + 0x24, 0x2);
    wl(TSS2 + 0x28, 0xbbbb);                    /* EAX */
    wl(TSS2 + 0x38, 0x9999);                    /* ESP */
    for (int i = 0; i < R_NB_SEGS; i++) {
        ww(TSS2 + 0x48 + i * 4, i == R_CS ? SEL_CODE0 : SEL_DATA0);
    }
    ww(TSS2 + 0x60, 0);
    /* Mark the current TSS busy as LTR would. */
    wl(GDT + SEL_TSS + 4, rl(GDT + SEL_TSS + 4) | DESC_TSS_BUSY);
    helper_ljmp_protected(env, SEL_TSS2, 0, 0x106);
    g_assert_cmphex(env->tr.selector, ==, SEL_TSS2);
    g_assert_cmphex(env->eip, ==, 0x4444);
    g_assert_cmphex(env->regs[R_EAX], ==, 0xbbbb);
    g_assert_cmphex(env->regs[R_ESP], ==, 0x9999);
    g_assert_true(env->cr[0] & CR0_TS);
    /* Old state saved, busy bits moved. */
    g_assert_cmphex(rl(TSS + 0x20), ==, 0x106);
    g_assert_cmphex(rl(TSS + 0x28), ==, 0xaaaa);
    g_assert_false(rl(GDT + SEL_TSS + 4) & DESC_TSS_BUSY);
    g_assert_true(rl(GDT + SEL_TSS2 + 4) & DESC_TSS_BUSY);
    /* Jumping to a busy TSS faults. */
    EXPECT_EXC(EXCP_GP, SEL_TSS2, helper_ljmp_protected(env, SEL_TSS2, 0, 0));
}

/* ---- interrupt delivery ---------------------------------------------- */

static void set_gate(int vec, uint32_t sel, uint32_t off, int type, int dpl)
{
    wq(IDT + vec * 8, ((uint64_t)((off & 0xffff0000) | 0x8000 | (dpl << 13) |
                                  (type << 8)) << 32) |
                      (sel << 16) | (off & 0xffff));
}

static void test_int_protected(void)
{
    uint32_t sp;

    pmode(3);
    set_gate(0x80, SEL_CODE0, 0x12345, 14, 3);
    wl(TSS + 4, 0x9000);
    wl(TSS + 8, SEL_DATA0);
    x86_do_interrupt(env, 0x80, true, 0, 0x102, false);
    g_assert_cmpint(x86_cpl(env), ==, 0);
    g_assert_cmphex(env->eip, ==, 0x12345);
    g_assert_cmphex(env->segs[R_CS].selector, ==, SEL_CODE0);
    g_assert_cmphex(env->segs[R_SS].selector, ==, SEL_DATA0);
    sp = env->regs[R_ESP];
    g_assert_cmphex(sp, ==, 0x9000 - 20);
    g_assert_cmphex(rl(sp), ==, 0x102);
    g_assert_cmphex(rl(sp + 4), ==, SEL_CODE3);
    g_assert_cmphex(rl(sp + 8), ==, 0x202);
    g_assert_cmphex(rl(sp + 12), ==, 0x8000);
    g_assert_cmphex(rl(sp + 16), ==, SEL_DATA3);
    g_assert_false(env->eflags & IF_MASK);
    /* And back with IRET. */
    helper_iret_protected(env, 1, 0);
    g_assert_cmpint(x86_cpl(env), ==, 3);
    g_assert_cmphex(env->eip, ==, 0x102);
    g_assert_true(env->eflags & IF_MASK);

    /* Software INT through a DPL 0 gate from CPL 3: #GP(vec*8+2). */
    set_gate(0x81, SEL_CODE0, 0x1000, 14, 0);
    EXPECT_EXC(EXCP_GP, 0x81 * 8 + 2,
               x86_do_interrupt(env, 0x81, true, 0, 0, false));
    /* ... but a hardware interrupt may use it (EXT = 1 on faults). */
    set_gate(0x82, SEL_CODE0, 0x1000, 14, 0);
    wq(IDT + 0x82 * 8, rq(IDT + 0x82 * 8) & ~(0x8000ull << 32));
    EXPECT_EXC(EXCP_NP, 0x82 * 8 + 3,
               x86_do_interrupt(env, 0x82, false, 0, 0, true));
    EXPECT_EXC(EXCP_GP, 0x90 * 8 + 3,
               x86_do_interrupt(env, 0x90, false, 0, 0, true));  /* empty */

    /* An exception with error code through a trap gate, same level. */
    pmode(0);
    set_gate(EXCP_GP, SEL_CODE0, 0x2222, 15, 0);
    x86_do_interrupt(env, EXCP_GP, false, 0x38, 0, false);
    sp = env->regs[R_ESP];
    g_assert_cmphex(sp, ==, 0x8000 - 16);
    g_assert_cmphex(rl(sp), ==, 0x38);
    g_assert_cmphex(rl(sp + 4), ==, 0x100);     /* faulting eip */
    g_assert_true(env->eflags & IF_MASK);       /* trap gate */

    /* From virtual-8086 mode: segments pushed and nulled. */
    pmode(0);
    set_gate(0x20, SEL_CODE0, 0x3333, 14, 0);
    wl(TSS + 4, 0x9000);
    wl(TSS + 8, SEL_DATA0);
    env->eflags |= VM_MASK;
    for (int s = 0; s < R_NB_SEGS; s++) {
        cpu_x86_load_seg_cache(env, s, 0x1000 + s, (0x1000 + s) << 4,
                               0xffff, 0xf300);
    }
    x86_update_hflags(env);
    x86_do_interrupt(env, 0x20, false, 0, 0, true);
    g_assert_false(env->eflags & VM_MASK);
    g_assert_cmpint(x86_cpl(env), ==, 0);
    sp = env->regs[R_ESP];
    g_assert_cmphex(sp, ==, 0x9000 - 36);
    g_assert_cmphex(rl(sp + 20), ==, 0x1000 + R_ES);
    g_assert_cmphex(rl(sp + 32), ==, 0x1000 + R_GS);
    g_assert_cmphex(env->segs[R_DS].selector, ==, 0);
}

static void test_int_real(void)
{
    pmode(0);
    env->cr[0] &= ~CR0_PE;
    env->idt.base = 0;
    env->idt.limit = 0x3ff;
    cpu_x86_load_seg_cache(env, R_CS, 0x1000, 0x10000, 0xffff, 0x9b00);
    cpu_x86_load_seg_cache(env, R_SS, 0, 0, 0xffff, 0x9300);
    env->regs[R_ESP] = 0x7000;
    ww(8 * 4, 0x5678);
    ww(8 * 4 + 2, 0xf000);
    x86_do_interrupt(env, 8, false, 0, 0, true);
    g_assert_cmphex(env->segs[R_CS].base, ==, 0xf0000);
    g_assert_cmphex(env->eip, ==, 0x5678);
    g_assert_cmphex(env->regs[R_ESP], ==, 0x6ffa);
    g_assert_cmphex(rl(0x6ffa) & 0xffff, ==, 0x100);
    g_assert_cmphex(rl(0x6ffc) & 0xffff, ==, 0x1000);
    g_assert_false(env->eflags & IF_MASK);
}

static void set_gate64(int vec, uint32_t sel, uint64_t off, int type,
                       int dpl, int ist)
{
    uint64_t base = IDT + vec * 16;

    wq(base, ((uint64_t)((off & 0xffff0000) | 0x8000 | (dpl << 13) |
                         (type << 8) | ist) << 32) |
             (sel << 16) | (off & 0xffff));
    wq(base + 8, off >> 32);
}

static void test_int_long(void)
{
    uint64_t sp;

    pmode(3);
    env->efer = EFER_LME | EFER_LMA;
    env->cr[4] = CR4_PAE;
    load_flat(R_CS, SEL_CODE64_3, 0xa0fb00);
    g_assert_true(env->hflags & HF_CS64);
    env->tr = (SegmentCache) { .selector = SEL_TSS64, .base = TSS,
                               .limit = 0x67, .flags = 0x8b00 };
    wq(TSS + 4, 0x9008);                        /* RSP0 */
    wq(TSS + 0x24, 0xa00f);                     /* IST1 */
    env->regs[R_ESP] = 0x7ff8;
    set_gate64(0x40, SEL_CODE64, 0xffffffff80001000ull, 14, 3, 0);
    x86_do_interrupt(env, 0x40, true, 0, 0x123, false);
    g_assert_cmpint(x86_cpl(env), ==, 0);
    g_assert_cmphex(env->eip, ==, 0xffffffff80001000ull);
    sp = env->regs[R_ESP];
    g_assert_cmphex(sp, ==, 0x9000 - 40);       /* aligned to 16 */
    g_assert_cmphex(rq(sp), ==, 0x123);
    g_assert_cmphex(rq(sp + 8), ==, SEL_CODE64_3);
    g_assert_cmphex(rq(sp + 24), ==, 0x7ff8);
    g_assert_cmphex(rq(sp + 32), ==, SEL_DATA3);
    g_assert_cmphex(env->segs[R_SS].selector, ==, 0);
    /* IRETQ back to CPL 3. */
    helper_iret_protected(env, 2, 0);
    g_assert_cmpint(x86_cpl(env), ==, 3);
    g_assert_cmphex(env->regs[R_ESP], ==, 0x7ff8);
    g_assert_cmphex(env->eip, ==, 0x123);

    /* IST: used even without a privilege change; #PF pushes its code. */
    set_gate64(EXCP_PF, SEL_CODE64, 0x2000, 14, 0, 1);
    x86_do_interrupt(env, EXCP_PF, false, 6, 0, false);
    sp = env->regs[R_ESP];
    g_assert_cmphex(sp, ==, 0xa000 - 48);
    g_assert_cmphex(rq(sp), ==, 6);
    /* 32-bit gate types are invalid in long mode. */
    set_gate64(0x41, SEL_CODE64, 0x2000, 6, 3, 0);
    EXPECT_EXC(EXCP_GP, 0x41 * 8 + 2,
               x86_do_interrupt(env, 0x41, true, 0, 0, false));
    env->efer = 0;
    env->cr[4] = 0;
}

static void test_double_triple_fault(void)
{
    pmode(0);
    env->idt.limit = 8 * 9 - 1;                 /* vectors 0-8 only */
    set_gate(EXCP_DF, SEL_CODE0, 0x8888, 14, 0);
    /* #GP while delivering #NP: contributory twice -> #DF(0). */
    EXPECT_EXC(EXCP_DF, 0, x86_do_interrupt(env, EXCP_NP, false, 4, 0,
                                            false));
    /* #PF then #GP -> #DF; #DE then #PF stays #PF. */
    env->old_exception = -1;
    EXPECT_EXC(EXCP_DF, 0, x86_do_interrupt(env, EXCP_PF, false, 2, 0,
                                            false));
    /* A benign exception (#BP) faulting on delivery gives the fault. */
    env->idt.limit = 7;
    EXPECT_EXC(EXCP_GP, 3 * 8 + 2, x86_do_interrupt(env, EXCP_BP, true, 0,
                                                    0, false));
    /* A fault while delivering #DF is a triple fault (shutdown). */
    EXPECT_EXC(-1, 0, x86_do_interrupt(env, EXCP_DF, false, 0, 0, false));
    g_assert_true(env_cpu(env)->halted);
    env_cpu(env)->halted = false;
    /* #DF delivered normally pushes error code 0. */
    pmode(0);
    set_gate(EXCP_DF, SEL_CODE0, 0x8888, 14, 0);
    x86_do_interrupt(env, EXCP_DF, false, 0, 0, false);
    g_assert_cmphex(env->eip, ==, 0x8888);
    g_assert_cmphex(rl(env->regs[R_ESP]), ==, 0);
    g_assert_cmpint(env->old_exception, ==, -1);
}

static void test_syscall_sysenter(void)
{
    pmode(0);
    env->efer = EFER_LME | EFER_LMA | EFER_SCE;
    env->cr[4] = CR4_PAE;
    load_flat(R_CS, SEL_CODE64, 0xa09b00);
    env->star = ((uint64_t)0x23 << 48) | ((uint64_t)SEL_CODE64 << 32);
    env->lstar = 0xffffffff81000000ull;
    env->fmask = IF_MASK;
    /* From user mode, RCX/R11 keep the return state. */
    env->eflags = 0x202;
    helper_syscall(env, 2);
    g_assert_cmphex(env->eip, ==, 0xffffffff81000000ull);
    g_assert_cmphex(env->regs[R_ECX], ==, 0x102);
    g_assert_cmphex(env->regs[11] & 0xfff, ==, 0x202);
    g_assert_false(env->eflags & IF_MASK);
    g_assert_cmphex(env->segs[R_SS].selector, ==, SEL_CODE64 + 8);
    g_assert_true(env->hflags & HF_CS64);
    /* SYSRETQ: CS = STAR[63:48] + 16, RPL 3. */
    helper_sysret(env, 2);
    g_assert_cmpint(x86_cpl(env), ==, 3);
    g_assert_cmphex(env->segs[R_CS].selector, ==, 0x33);
    g_assert_cmphex(env->segs[R_SS].selector, ==, 0x2b);
    g_assert_cmphex(env->eip, ==, 0x102);
    g_assert_true(env->eflags & IF_MASK);
    EXPECT_EXC(EXCP_GP, 0, helper_sysret(env, 2));
    /* SYSENTER/SYSEXIT in 32-bit mode. */
    pmode(3);
    env->sysenter_cs = SEL_CODE0;
    env->sysenter_esp = 0x9000;
    env->sysenter_eip = 0xc0001000;
    helper_sysenter(env);
    g_assert_cmpint(x86_cpl(env), ==, 0);
    g_assert_cmphex(env->eip, ==, 0xc0001000);
    g_assert_cmphex(env->segs[R_SS].selector, ==, SEL_CODE0 + 8);
    env->regs[R_ECX] = 0x7000;
    env->regs[R_EDX] = 0x401000;
    helper_sysexit(env, 1);
    g_assert_cmpint(x86_cpl(env), ==, 3);
    g_assert_cmphex(env->segs[R_CS].selector, ==, (SEL_CODE0 + 16) | 3);
    g_assert_cmphex(env->eip, ==, 0x401000);
    env->sysenter_cs = 0;
    EXPECT_EXC(EXCP_GP, 0, helper_sysenter(env));
    /* SWAPGS needs CPL 0. */
    EXPECT_EXC(EXCP_GP, 0, helper_swapgs(env));
    env->efer = 0;
    env->cr[4] = 0;
}

int main(int argc, char **argv)
{
    static MemoryRegion ram;
    X86CPU *cpu;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    memory_region_init_ram(&ram, NULL, "test-x86-seg.ram", 16 * MiB,
                           &error_abort);
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    cpu = x86_cpu_create(X86_CPU_TYPE_NAME("qemu64"), NULL, 0, &error_abort);
    cpu_reset(CPU(cpu));
    env = &cpu->env;
    x86_sys_direct_access = true;
    x86_sys_exception_hook = hook;

    g_test_add_func("/x86/seg/load-seg", test_load_seg);
    g_test_add_func("/x86/seg/null-ss-64", test_null_ss_64);
    g_test_add_func("/x86/seg/lldt-ltr", test_lldt_ltr);
    g_test_add_func("/x86/seg/lar-lsl-verr", test_lar_lsl_verr);
    g_test_add_func("/x86/seg/call-gate", test_call_gate);
    g_test_add_func("/x86/seg/iret", test_iret);
    g_test_add_func("/x86/seg/task-switch", test_task_switch);
    g_test_add_func("/x86/seg/int-protected", test_int_protected);
    g_test_add_func("/x86/seg/int-real", test_int_real);
    g_test_add_func("/x86/seg/int-long", test_int_long);
    g_test_add_func("/x86/seg/double-triple-fault",
                    test_double_triple_fault);
    g_test_add_func("/x86/seg/syscall-sysenter", test_syscall_sysenter);
    return g_test_run();
}
