/*
 * PVH boot: an ELF kernel with a XEN_ELFNOTE_PHYS32_ENTRY note ("Xen",
 * type 18) is entered in 32-bit protected mode at that address with EBX
 * pointing at an hvm_start_info (version 1: with the e820 memory map).
 */
#include "qemu/osdep.h"
#include "hw/i386/x86-boot.h"
#include "qapi/error.h"

#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define HVM_START_MAGIC         0x336ec578
#define HVM_START_INFO_SIZE     56
#define HVM_MODLIST_ENTRY_SIZE  32
#define HVM_MEMMAP_ENTRY_SIZE   24

static void put(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) {
        p[i] = v >> (8 * i);
    }
}

int x86_load_pvh(const X86BootInfo *bi, const uint8_t *image, size_t size,
                 FWCfgState *fw_cfg, Error **errp)
{
    const char *kfile = bi->kernel_filename;
    const uint8_t *note;
    uint32_t note_len;
    uint64_t pvh_entry = 0, elf_entry, lowest, highest;
    char *msg = NULL;
    uint8_t *si;
    int n;
    const E820Entry *e;
    size_t cmdline_len = strlen(bi->cmdline);
    size_t si_size;
    uint64_t memmap_addr, modlist_addr;

    if (!x86_elf_is_elf(image, size)) {
        return 0;
    }
    note = x86_elf_find_note(image, size, "Xen", XEN_ELFNOTE_PHYS32_ENTRY,
                             &note_len);
    if (!note) {
        return 0;
    }
    if (note_len != 4 && note_len != 8) {
        error_setg(errp, "could not load kernel '%s': bad PVH entry note "
                   "(%u bytes)", kfile, note_len);
        return -1;
    }
    for (int i = note_len - 1; i >= 0; i--) {
        pvh_entry = (pvh_entry << 8) | note[i];
    }
    if (cmdline_len >= X86_BOOT_CMDLINE_MAX) {
        error_setg(errp, "kernel command line too long (max %u)",
                   X86_BOOT_CMDLINE_MAX - 1);
        return -1;
    }
    if (!x86_elf_load(image, size, 1 * MiB, bi->ram_below_4g, &elf_entry,
                      &lowest, &highest, &msg)) {
        error_setg(errp, "could not load kernel '%s': %s", kfile, msg);
        g_free(msg);
        return -1;
    }
    if (pvh_entry < lowest || pvh_entry >= highest) {
        error_setg(errp, "could not load kernel '%s': PVH entry 0x%" PRIx64
                   " is outside the loaded image", kfile, pvh_entry);
        return -1;
    }

    /* start_info, then one module entry, then the memory map. */
    e = e820_entries(&n);
    modlist_addr = X86_BOOT_INFO_ADDR + HVM_START_INFO_SIZE;
    memmap_addr = modlist_addr + HVM_MODLIST_ENTRY_SIZE;
    si_size = HVM_START_INFO_SIZE + HVM_MODLIST_ENTRY_SIZE +
              n * HVM_MEMMAP_ENTRY_SIZE;
    assert(si_size <= X86_BOOT_INFO_END - X86_BOOT_INFO_ADDR);
    si = g_malloc0(si_size);
    put(si + 0, HVM_START_MAGIC, 4);
    put(si + 4, 1, 4);                      /* version */
    put(si + 8, 0, 4);                      /* flags */
    put(si + 24, X86_BOOT_CMDLINE_ADDR, 8);
    put(si + 32, bi->rsdp_addr, 8);
    put(si + 40, memmap_addr, 8);
    put(si + 48, n, 4);
    for (int i = 0; i < n; i++) {
        uint8_t *m = si + HVM_START_INFO_SIZE + HVM_MODLIST_ENTRY_SIZE +
                     i * HVM_MEMMAP_ENTRY_SIZE;
        put(m, e[i].address, 8);
        put(m + 8, e[i].length, 8);
        put(m + 16, e[i].type, 4);
    }
    if (bi->initrd_filename) {
        size_t isize;
        g_autofree uint8_t *initrd =
            x86_boot_read_file("initrd", bi->initrd_filename, &isize, errp);
        uint64_t floor = QEMU_ALIGN_UP(highest, 4096);
        uint64_t addr;

        if (!initrd) {
            g_free(si);
            return -1;
        }
        if (isize > bi->ram_below_4g ||
            QEMU_ALIGN_DOWN(bi->ram_below_4g - isize, 4096) < floor) {
            error_setg(errp, "initrd '%s' is too large (%zu bytes, at most "
                       "%" PRIu64 " fit)", bi->initrd_filename, isize,
                       bi->ram_below_4g > floor ? bi->ram_below_4g - floor
                                                : 0);
            g_free(si);
            return -1;
        }
        addr = QEMU_ALIGN_DOWN(bi->ram_below_4g - isize, 4096);
        x86_boot_write(addr, initrd, isize);
        put(si + 12, 1, 4);                 /* nr_modules */
        put(si + 16, modlist_addr, 8);
        put(si + HVM_START_INFO_SIZE, addr, 8);
        put(si + HVM_START_INFO_SIZE + 8, isize, 8);
    }
    x86_boot_write(X86_BOOT_CMDLINE_ADDR, bi->cmdline, cmdline_len + 1);
    x86_boot_write(X86_BOOT_INFO_ADDR, si, si_size);
    g_free(si);
    x86_boot_set_prot32(pvh_entry, 0, X86_BOOT_INFO_ADDR, "pvh");
    return 1;
}
