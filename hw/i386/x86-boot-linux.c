/*
 * Linux bzImage, 64-bit boot protocol (Documentation/x86/boot.rst):
 * protected-mode kernel at its preferred address, boot_params (zero page)
 * with the setup header, e820 map, command line and initrd, and CPU 0
 * entering startup_64 (load address + 0x200) in long mode with RSI
 * pointing at boot_params.
 */
#include "qemu/osdep.h"
#include "hw/i386/x86-boot.h"
#include "hw/i386/pc.h"
#include "hw/nvram/fw_cfg.h"
#include "qapi/error.h"

/* Setup header offsets (in the image and in boot_params alike). */
#define HDR_SETUP_SECTS     0x1f1
#define HDR_VID_MODE        0x1fa
#define HDR_BOOT_FLAG       0x1fe
#define HDR_JUMP            0x200
#define HDR_MAGIC           0x202
#define HDR_VERSION         0x206
#define HDR_TYPE_OF_LOADER  0x210
#define HDR_LOADFLAGS       0x211
#define HDR_RAMDISK_IMAGE   0x218
#define HDR_RAMDISK_SIZE    0x21c
#define HDR_HEAP_END_PTR    0x224
#define HDR_CMD_LINE_PTR    0x228
#define HDR_INITRD_ADDR_MAX 0x22c
#define HDR_KERNEL_ALIGN    0x230
#define HDR_RELOCATABLE     0x234
#define HDR_XLOADFLAGS      0x236
#define HDR_CMDLINE_SIZE    0x238
#define HDR_PREF_ADDRESS    0x258
#define HDR_INIT_SIZE       0x260

/* boot_params fields outside the header. */
#define BP_ACPI_RSDP_ADDR   0x070
#define BP_EXT_RAMDISK_IMAGE 0x0c0
#define BP_EXT_RAMDISK_SIZE 0x0c4
#define BP_EXT_CMD_LINE_PTR 0x0c8
#define BP_ALT_MEM_K        0x1e0
#define BP_E820_ENTRIES     0x1e8
#define BP_E820_TABLE       0x2d0
#define BP_E820_MAX         128

#define LOADED_HIGH         0x01
#define CAN_USE_HEAP        0x80
#define XLF_KERNEL_64       0x01

static uint64_t rd(const uint8_t *p, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

static void wr(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) {
        p[i] = v >> (8 * i);
    }
}

/* 0-4 GiB identity map with 2 MiB pages: PML4, PDPT, four PDs. */
static void linux_build_page_tables(void)
{
    g_autofree uint64_t *pt = g_new0(uint64_t, 6 * 512);
    hwaddr base = X86_BOOT_PGTABLE_ADDR;

    pt[0] = GUINT64_TO_LE((base + 0x1000) | 3);
    for (int i = 0; i < 4; i++) {
        pt[512 + i] = GUINT64_TO_LE((base + 0x2000 + i * 0x1000) | 3);
        for (int j = 0; j < 512; j++) {
            uint64_t addr = ((uint64_t)i * 512 + j) << 21;
            pt[1024 + i * 512 + j] = GUINT64_TO_LE(addr | 0x83);
        }
    }
    x86_boot_write(base, pt, 6 * 4096);
}

static void linux_fill_e820(uint8_t *bp, uint64_t ram_top)
{
    int n;
    const E820Entry *e = e820_entries(&n);

    n = MIN(n, BP_E820_MAX);
    bp[BP_E820_ENTRIES] = n;
    for (int i = 0; i < n; i++) {
        uint8_t *p = bp + BP_E820_TABLE + i * 20;
        wr(p, e[i].address, 8);
        wr(p + 8, e[i].length, 8);
        wr(p + 16, e[i].type, 4);
    }
    wr(bp + BP_ALT_MEM_K, ram_top > 1 * MiB ? (ram_top - 1 * MiB) / KiB : 0,
       4);
}

int x86_load_linux(const X86BootInfo *bi, const uint8_t *image, size_t size,
                   FWCfgState *fw_cfg, Error **errp)
{
    const char *kfile = bi->kernel_filename;
    uint64_t ram_top = bi->ram_below_4g;
    g_autofree uint8_t *bp = NULL;
    unsigned version, setup_sects, hdr_end;
    uint32_t cmdline_max, initrd_max;
    uint64_t setup_size, kernel_size, load, init_size, align;
    size_t cmdline_len = strlen(bi->cmdline);
    uint64_t initrd_addr = 0, initrd_size = 0;

    if (size < 0x400 || rd(image + HDR_BOOT_FLAG, 2) != 0xaa55 ||
        memcmp(image + HDR_MAGIC, "HdrS", 4)) {
        return 0;
    }
    version = rd(image + HDR_VERSION, 2);
    if (version < 0x020c) {
        error_setg(errp, "could not load kernel '%s': boot protocol %u.%02u "
                   "is too old for a 64-bit boot (2.12 or later needed)",
                   kfile, version >> 8, version & 0xff);
        return -1;
    }
    if (!(rd(image + HDR_XLOADFLAGS, 2) & XLF_KERNEL_64)) {
        error_setg(errp, "could not load kernel '%s': the kernel has no "
                   "64-bit entry point (XLF_KERNEL_64 clear)", kfile);
        return -1;
    }
    if (!(image[HDR_LOADFLAGS] & LOADED_HIGH)) {
        error_setg(errp, "could not load kernel '%s': not a bzImage "
                   "(zImage kernels are not supported)", kfile);
        return -1;
    }
    setup_sects = image[HDR_SETUP_SECTS] ? image[HDR_SETUP_SECTS] : 4;
    setup_size = (setup_sects + 1) * 512ULL;
    if (setup_size >= size) {
        error_setg(errp, "could not load kernel '%s': setup code (%" PRIu64
                   " bytes) is larger than the file", kfile, setup_size);
        return -1;
    }
    kernel_size = size - setup_size;
    init_size = MAX(rd(image + HDR_INIT_SIZE, 4), kernel_size);
    align = rd(image + HDR_KERNEL_ALIGN, 4);
    load = rd(image + HDR_PREF_ADDRESS, 8);
    if (load < 1 * MiB || load + init_size > ram_top) {
        if (!image[HDR_RELOCATABLE]) {
            load = 1 * MiB;
        } else {
            load = QEMU_ALIGN_UP(1 * MiB, align && !(align & (align - 1))
                                          ? align : 2 * MiB);
        }
    }
    if (load + init_size > ram_top) {
        error_setg(errp, "could not load kernel '%s': kernel too big for RAM "
                   "(needs 0x%" PRIx64 "-0x%" PRIx64 ", RAM ends at 0x%"
                   PRIx64 ")", kfile, load, load + init_size, ram_top);
        return -1;
    }

    cmdline_max = rd(image + HDR_CMDLINE_SIZE, 4);
    cmdline_max = MIN(cmdline_max, X86_BOOT_CMDLINE_MAX - 1);
    if (cmdline_len > cmdline_max) {
        error_setg(errp, "kernel command line too long (max %u)",
                   cmdline_max);
        return -1;
    }

    if (bi->initrd_filename) {
        size_t isize;
        g_autofree uint8_t *initrd =
            x86_boot_read_file("initrd", bi->initrd_filename, &isize, errp);
        uint64_t top;

        if (!initrd) {
            return -1;
        }
        initrd_max = rd(image + HDR_INITRD_ADDR_MAX, 4);
        top = MIN((uint64_t)initrd_max + 1, ram_top);
        if (isize > top || QEMU_ALIGN_DOWN(top - isize, 4096) <
                           load + init_size) {
            error_setg(errp, "initrd '%s' is too large (%zu bytes, at most "
                       "%" PRIu64 " fit)", bi->initrd_filename, isize,
                       top > load + init_size ? top - load - init_size : 0);
            return -1;
        }
        initrd_addr = QEMU_ALIGN_DOWN(top - isize, 4096);
        initrd_size = isize;
        x86_boot_write(initrd_addr, initrd, isize);
        if (fw_cfg) {
            fw_cfg_add_i32(fw_cfg, FW_CFG_INITRD_ADDR, initrd_addr);
            fw_cfg_add_i32(fw_cfg, FW_CFG_INITRD_SIZE, isize);
            fw_cfg_add_bytes(fw_cfg, FW_CFG_INITRD_DATA,
                             g_steal_pointer(&initrd), isize);
        }
    }

    /* The zero page: the image's setup header, then our fields. */
    bp = g_malloc0(4096);
    hdr_end = MIN(0x202 + image[HDR_JUMP + 1], 0x1000);
    hdr_end = MIN(hdr_end, setup_size);
    memcpy(bp + HDR_SETUP_SECTS, image + HDR_SETUP_SECTS,
           hdr_end - HDR_SETUP_SECTS);
    wr(bp + HDR_VID_MODE, 0xffff, 2);
    bp[HDR_TYPE_OF_LOADER] = 0xff;
    bp[HDR_LOADFLAGS] |= LOADED_HIGH | CAN_USE_HEAP;
    wr(bp + HDR_HEAP_END_PTR, 0xfe00 - 0x200, 2);
    wr(bp + HDR_CMD_LINE_PTR, X86_BOOT_CMDLINE_ADDR, 4);
    wr(bp + BP_EXT_CMD_LINE_PTR, 0, 4);
    wr(bp + HDR_RAMDISK_IMAGE, initrd_addr, 4);
    wr(bp + HDR_RAMDISK_SIZE, initrd_size, 4);
    wr(bp + BP_EXT_RAMDISK_IMAGE, 0, 4);
    wr(bp + BP_EXT_RAMDISK_SIZE, 0, 4);
    if (version >= 0x020e) {
        wr(bp + BP_ACPI_RSDP_ADDR, bi->rsdp_addr, 8);
    }
    linux_fill_e820(bp, ram_top);

    x86_boot_write(X86_BOOT_CMDLINE_ADDR, bi->cmdline, cmdline_len + 1);
    x86_boot_write(X86_BOOT_PARAMS_ADDR, bp, 4096);
    x86_boot_write(load, image + setup_size, kernel_size);
    linux_build_page_tables();
    x86_boot_setup_gdt(X86_BOOT_LONG64);

    x86_boot_state.mode = X86_BOOT_LONG64;
    x86_boot_state.rip = load + 0x200;
    x86_boot_state.rsi = X86_BOOT_PARAMS_ADDR;
    x86_boot_state.rsp = X86_BOOT_STACK_TOP;
    x86_boot_state.cr0 = 0x80000011;    /* PG | ET | PE */
    x86_boot_state.cr3 = X86_BOOT_PGTABLE_ADDR;
    x86_boot_state.cr4 = 0x20;          /* PAE */
    x86_boot_state.efer = 0x500;        /* LME | LMA */
    x86_boot_state.loader = "linux";
    x86_boot_state.valid = true;

    if (fw_cfg) {
        /* For firmware-based loaders; ours has already placed it all. */
        fw_cfg_add_i32(fw_cfg, FW_CFG_KERNEL_ADDR, load);
        fw_cfg_add_i32(fw_cfg, FW_CFG_KERNEL_SIZE, kernel_size);
        fw_cfg_add_bytes(fw_cfg, FW_CFG_KERNEL_DATA,
                         g_memdup2(image + setup_size, kernel_size),
                         kernel_size);
        fw_cfg_add_i32(fw_cfg, FW_CFG_SETUP_ADDR, X86_BOOT_PARAMS_ADDR);
        fw_cfg_add_i32(fw_cfg, FW_CFG_SETUP_SIZE, setup_size);
        fw_cfg_add_bytes(fw_cfg, FW_CFG_SETUP_DATA,
                         g_memdup2(image, setup_size), setup_size);
        fw_cfg_add_i32(fw_cfg, FW_CFG_CMDLINE_ADDR, X86_BOOT_CMDLINE_ADDR);
        fw_cfg_add_i32(fw_cfg, FW_CFG_CMDLINE_SIZE, cmdline_len + 1);
        fw_cfg_add_string(fw_cfg, FW_CFG_CMDLINE_DATA, bi->cmdline);
    }
    return 1;
}
