/* Start-up of the BSP, and memory from the multiboot information. */
#include "guest.h"
#include "apic.h"
#include "desc.h"
#include "isa.h"
#include "processor.h"
#include "smp.h"

#define MB_BOOTLOADER_MAGIC 0x2badb002

extern u8 __end[];
static ulong next_free;

u64 mb_mem_upper(void)
{
    const u32 *mbi = (const u32 *)(ulong)mb_info;

    if (mb_magic != MB_BOOTLOADER_MAGIC || !(mbi[0] & 1)) {
        return 0;
    }
    return (u64)mbi[2] * 1024;
}

const char *mb_cmdline(void)
{
    const u32 *mbi = (const u32 *)(ulong)mb_info;

    if (mb_magic != MB_BOOTLOADER_MAGIC || !(mbi[0] & BIT(2)) || !mbi[4]) {
        return "";
    }
    return (const char *)(ulong)mbi[4];
}

bool cmdline_has(const char *word)
{
    size_t n = strlen(word);

    for (const char *p = mb_cmdline(); *p; p++) {
        if ((p == mb_cmdline() || p[-1] == ' ') && !strncmp(p, word, n) &&
            (p[n] == ' ' || p[n] == 0)) {
            return true;
        }
    }
    return false;
}

bool host_is_pvm(void)
{
    return cmdline_has("host=kvm-pvm");
}

void *alloc_page(void)
{
    static struct spinlock lock;
    u64 top = 0x100000 + mb_mem_upper();
    void *p;

    spin_lock(&lock);
    if (!next_free) {
        next_free = (ulong)__end;
    }
    if (top && next_free + 4096 > top) {
        spin_unlock(&lock);
        abort_test("alloc_page: out of memory at 0x%lx", next_free);
    }
    p = (void *)next_free;
    next_free += 4096;
    spin_unlock(&lock);
    memset(p, 0, 4096);
    return p;
}

void lib_start(void);

void lib_start(void)
{
    serial_init();
    desc_init_cpu(0);
    smp_bsp_init();
    pic_init();
    printf("guest: %s kernel, multiboot magic 0x%x, %lu KiB above 1 MiB\n",
           GUEST_ARCH, mb_magic, (ulong)(mb_mem_upper() / 1024));
    main();
    report_summary();
}
