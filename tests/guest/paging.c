/*
 * Paging: #PF error codes and CR2 for not-present, write-protect, user,
 * reserved-bit and NX faults; CR0.WP; accessed and dirty bits; INVLPG and
 * CR3 reloads; 2 MiB pages. The i386 flavour runs with PAE paging.
 */
#include "guest.h"
#include "desc.h"
#include "processor.h"
#include "vm.h"

#define TEST_VA     0x40000000ul        /* 4 KiB test mappings */
#define LARGE_VA    0x40400000ul        /* a 2 MiB test mapping */

enum { READ, WRITE, EXEC };

static u8 *page1, *page2;

/* Accesses va; returns the exception vector or -1. */
static int access_va(ulong va, int kind)
{
    ulong saved;
    u8 v;

    switch (kind) {
    case READ:
        asm volatile(ASM_TRY_BEGIN "movb (%1), %0\n\t" ASM_TRY_END
                     : "=&q"(v) : "r"(va) : "memory");
        break;
    case WRITE:
        asm volatile(ASM_TRY_BEGIN "movb $0x5a, (%0)\n\t" ASM_TRY_END
                     : : "r"(va) : "memory");
        break;
    default:
        /* A fetch fault leaves CALL's return address pushed. */
#ifdef __x86_64__
        asm volatile("mov %%rsp, %0\n\t" ASM_TRY_BEGIN "call *%1\n\t"
                     ASM_TRY_END "mov %0, %%rsp\n\t"
                     : "=&r"(saved) : "r"(va)
                     : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
                       "r11", "memory");
#else
        asm volatile("mov %%esp, %0\n\t" ASM_TRY_BEGIN "call *%1\n\t"
                     ASM_TRY_END "mov %0, %%esp\n\t"
                     : "=&r"(saved) : "r"(va)
                     : "eax", "ecx", "edx", "memory");
#endif
        break;
    }
    return exception_vector();
}

static void expect_pf(const char *what, ulong va, int kind, ulong error_code)
{
    int v = access_va(va, kind);

    if (v != PF_VECTOR) {
        report(false, "%s: vector %d, expected #PF", what, v);
        return;
    }
    report(last_exception.error_code == error_code &&
           last_exception.cr2 == va,
           "%s: #PF error code 0x%lx and CR2", what, error_code);
    if (last_exception.error_code != error_code ||
        last_exception.cr2 != va) {
        report_info("got error code 0x%lx, CR2 0x%lx",
                    last_exception.error_code, last_exception.cr2);
    }
}

static void test_basic(void)
{
    pteval_t *pte = install_page(TEST_VA, (ulong)page1,
                                 PT_PRESENT | PT_WRITABLE | PT_USER);

    page1[0] = 0x11;
    report(access_va(TEST_VA, READ) == -1 &&
           *(volatile u8 *)TEST_VA == 0x11, "a mapped page reads through");
    report(access_va(TEST_VA, WRITE) == -1 && page1[0] == 0x5a,
           "a mapped page writes through");

    *pte = (ulong)page1;            /* not present */
    invlpg((void *)TEST_VA);
    expect_pf("read of a not-present page", TEST_VA, READ, 0);
    expect_pf("write to a not-present page", TEST_VA, WRITE, PFERR_WRITE);

    *pte = (ulong)page1 | PT_PRESENT | PT_USER;     /* read-only */
    invlpg((void *)TEST_VA);
    report(access_va(TEST_VA, READ) == -1, "a read-only page reads");
    write_cr0(read_cr0() | X86_CR0_WP);
    expect_pf("supervisor write to a read-only page with CR0.WP", TEST_VA,
              WRITE, PFERR_PRESENT | PFERR_WRITE);
    write_cr0(read_cr0() & ~X86_CR0_WP);
    report(access_va(TEST_VA, WRITE) == -1,
           "supervisor write to a read-only page without CR0.WP");
}

static void user_read(void *va)
{
    (void)*(volatile u8 *)va;
}

static void user_write(void *va)
{
    *(volatile u8 *)va = 1;
}

static void expect_user_pf(const char *what, void (*fn)(void *),
                           ulong error_code)
{
    int v = run_user(fn, (void *)TEST_VA);

    report(v == PF_VECTOR && last_exception.error_code == error_code &&
           last_exception.cr2 == TEST_VA,
           "%s: #PF error code 0x%lx and CR2", what, error_code);
    if (v != PF_VECTOR || last_exception.error_code != error_code) {
        report_info("got vector %d, error code 0x%lx, CR2 0x%lx", v,
                    last_exception.error_code, last_exception.cr2);
    }
}

static void test_user(void)
{
    install_page(TEST_VA, (ulong)page1, PT_PRESENT | PT_WRITABLE);
    expect_user_pf("user read of a supervisor page", user_read,
                   PFERR_PRESENT | PFERR_USER);
    install_page(TEST_VA, (ulong)page1, PT_PRESENT | PT_USER);
    {
        int v = run_user(user_read, (void *)TEST_VA);
        report(v == -1, "user read of a read-only user page");
        if (v != -1) {
            report_info("vector %d error code 0x%lx ip 0x%lx cr2 0x%lx", v,
                        last_exception.error_code, last_exception.ip,
                        last_exception.cr2);
        }
    }
    expect_user_pf("user write to a read-only user page", user_write,
                   PFERR_PRESENT | PFERR_WRITE | PFERR_USER);
    install_page(TEST_VA, (ulong)page1, PT_USER);
    expect_user_pf("user read of a not-present page", user_read,
                   PFERR_USER);
    install_page(TEST_VA, (ulong)page1, PT_PRESENT | PT_WRITABLE | PT_USER);
    report(run_user(user_write, (void *)TEST_VA) == -1,
           "user write to a writable user page");
}

static void test_nx(void)
{
    if (!enable_nx()) {
        report_skip("NX: not in CPUID");
        return;
    }
    page1[0] = 0xc3;                /* ret */
    install_page(TEST_VA, (ulong)page1, PT_PRESENT | PT_WRITABLE | PT_USER);
    report(access_va(TEST_VA, EXEC) == -1, "fetch from an executable page");
    install_page(TEST_VA, (ulong)page1,
                 PT_PRESENT | PT_WRITABLE | PT_USER | PT_NX);
    expect_pf("fetch from an NX page", TEST_VA, EXEC,
              PFERR_PRESENT | PFERR_FETCH);
    report(last_exception.ip == TEST_VA, "the fetch fault reports RIP = "
           "the target");
    install_page(TEST_VA, (ulong)page1, PT_WRITABLE | PT_USER);
    expect_pf("fetch from a not-present page with EFER.NXE", TEST_VA, EXEC,
              PFERR_FETCH);
}

static void test_reserved(void)
{
    unsigned phys = cpu_phys_bits();

    if (phys >= 52) {
        report_skip("reserved bits: MAXPHYADDR is 52");
        return;
    }
    install_page(TEST_VA, (ulong)page1 | (1ull << 51),
                 PT_PRESENT | PT_WRITABLE | PT_USER);
    if (access_va(TEST_VA, READ) == PF_VECTOR &&
        last_exception.error_code == PFERR_RSVD) {
        report_known(false, true, "error code 0x8, P clear (QEMU's TCG)",
                     "read through a PTE with reserved bit 51: #PF error "
                     "code 0x9 and CR2");
    } else {
        expect_pf("read through a PTE with reserved bit 51", TEST_VA, READ,
                  PFERR_PRESENT | PFERR_RSVD);
    }
    install_page(TEST_VA, (ulong)page1, PT_PRESENT | PT_WRITABLE | PT_USER);
}

static void test_accessed_dirty(void)
{
    pteval_t *pte = install_page(TEST_VA, (ulong)page1,
                                 PT_PRESENT | PT_WRITABLE | PT_USER);

    report(!(*pte & (PT_ACCESSED | PT_DIRTY)), "a new PTE has A and D "
           "clear");
    (void)*(volatile u8 *)TEST_VA;
    report((*pte & PT_ACCESSED) && !(*pte & PT_DIRTY),
           "a read sets A, not D");
    *(volatile u8 *)TEST_VA = 1;
    report(*pte & PT_DIRTY, "a write sets D");
    *pte &= ~(PT_ACCESSED | PT_DIRTY);
    invlpg((void *)TEST_VA);
    *(volatile u8 *)TEST_VA = 2;
    report((*pte & (PT_ACCESSED | PT_DIRTY)) == (PT_ACCESSED | PT_DIRTY),
           "a first write sets A and D");
}

static void test_invlpg(void)
{
    pteval_t *pte;
    volatile u8 *va = (volatile u8 *)TEST_VA;
    u8 stale;

    page1[0] = 1;
    page2[0] = 2;
    pte = install_page(TEST_VA, (ulong)page1,
                       PT_PRESENT | PT_WRITABLE | PT_USER);
    (void)*va;
    *pte = (ulong)page2 | PT_PRESENT | PT_WRITABLE | PT_USER;
    stale = *va;
    report_info("read %u before INVLPG (1 if the TLB kept the old entry)",
                stale);
    invlpg((void *)TEST_VA);
    report(*va == 2, "INVLPG makes the new PTE visible");
    *pte = (ulong)page1 | PT_PRESENT | PT_WRITABLE | PT_USER;
    flush_tlb();
    report(*va == 1, "a CR3 reload makes the new PTE visible");
    unmap_page(TEST_VA);
    expect_pf("read after unmap_page", TEST_VA, READ, 0);
}

static void test_large(void)
{
    int level;
    pteval_t *pde = get_pte(LARGE_VA, &level);
    ulong base = (ulong)page1 & ~(LARGE_PAGE_SIZE - 1);

    if (!pde || level != 2) {
        report(false, "the boot mapping uses 2 MiB pages");
        return;
    }
    page1[8] = 0x77;
    *pde = base | PT_PRESENT | PT_WRITABLE | PT_USER | PT_PAGE_SIZE;
    invlpg((void *)LARGE_VA);
    report(*(volatile u8 *)(LARGE_VA + ((ulong)page1 - base) + 8) == 0x77,
           "a 2 MiB page maps its 2 MiB frame");
    *pde &= ~PT_PRESENT;
    invlpg((void *)LARGE_VA);
    expect_pf("read of a not-present 2 MiB page", LARGE_VA + 0x1234, READ,
              0);
    *pde = LARGE_VA | PT_PRESENT | PT_WRITABLE | PT_USER | PT_PAGE_SIZE;
    invlpg((void *)LARGE_VA);
}

int main(void)
{
    setup_vm();
    report(read_cr0() & X86_CR0_PG, "paging is on");
    page1 = alloc_page();
    page2 = alloc_page();
    test_basic();
    test_user();
    test_nx();
    test_reserved();
    test_accessed_dirty();
    test_invlpg();
    test_large();
    return 0;
}
