/*
 * Multiboot v1 kernels: header in the first 8 KiB, loaded as ELF or by
 * the a.out kludge (flag 16); modules from -initrd "file args,file2"
 * (",," is a literal comma); entry in 32-bit protected mode with
 * EAX=0x2BADB002 and EBX=multiboot information.
 */
#include "qemu/osdep.h"
#include "hw/i386/x86-boot.h"
#include "hw/i386/pc.h"
#include "qapi/error.h"

#define MB_MAGIC            0x1badb002
#define MB_BOOTLOADER_MAGIC 0x2badb002
#define MB_SEARCH           8192
#define MB_FLAG_PAGE_ALIGN  (1u << 0)
#define MB_FLAG_MEMORY      (1u << 1)
#define MB_FLAG_VIDEO       (1u << 2)
#define MB_FLAG_AOUT_KLUDGE (1u << 16)
#define MB_SUPPORTED        (MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMORY | \
                             MB_FLAG_VIDEO | MB_FLAG_AOUT_KLUDGE)

/* multiboot_info flags and offsets */
#define MBI_MEMORY          (1u << 0)
#define MBI_CMDLINE         (1u << 2)
#define MBI_MODS            (1u << 3)
#define MBI_MMAP            (1u << 6)
#define MBI_LOADER_NAME     (1u << 9)
#define MBI_SIZE            0x80
#define MBI_FLAGS           0
#define MBI_MEM_LOWER       4
#define MBI_MEM_UPPER       8
#define MBI_CMDLINE_PTR     16
#define MBI_MODS_COUNT      20
#define MBI_MODS_ADDR       24
#define MBI_MMAP_LENGTH     44
#define MBI_MMAP_ADDR       48
#define MBI_LOADER_NAME_PTR 64

#define MB_LOAD_MIN         (1 * MiB)

static uint32_t rd32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Grows the info area (at X86_BOOT_INFO_ADDR) and returns the guest
 * address of what was added. */
static uint32_t mb_add(GByteArray *info, const void *data, size_t len)
{
    uint32_t addr = X86_BOOT_INFO_ADDR + info->len;

    g_byte_array_append(info, data, len);
    while (info->len & 3) {
        uint8_t z = 0;
        g_byte_array_append(info, &z, 1);
    }
    return addr;
}

static void put32(GByteArray *info, size_t off, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(info->data + off, &v, 4);
}

/* Splits -initrd at single commas; ",," stands for a comma. */
static GPtrArray *mb_split_modules(const char *spec)
{
    GPtrArray *mods = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new(NULL);

    for (const char *p = spec; ; p++) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(cur, ',');
            p++;
        } else if (*p == ',' || !*p) {
            if (cur->len) {
                g_ptr_array_add(mods, g_string_free(cur, false));
                cur = g_string_new(NULL);
            }
            if (!*p) {
                break;
            }
        } else {
            g_string_append_c(cur, *p);
        }
    }
    g_string_free(cur, true);
    return mods;
}

static bool mb_load_aout(const X86BootInfo *bi, const uint8_t *image,
                         size_t size, size_t hdr, uint64_t *entry,
                         uint64_t *highest, Error **errp)
{
    uint32_t header_addr, load_addr, load_end, bss_end;
    uint64_t file_off, load_size, end;

    if (size - hdr < 32) {
        error_setg(errp, "could not load kernel '%s': truncated multiboot "
                   "header", bi->kernel_filename);
        return false;
    }
    header_addr = rd32(image + hdr + 12);
    load_addr = rd32(image + hdr + 16);
    load_end = rd32(image + hdr + 20);
    bss_end = rd32(image + hdr + 24);
    *entry = rd32(image + hdr + 28);
    if (header_addr < load_addr || header_addr - load_addr > hdr) {
        error_setg(errp, "could not load kernel '%s': multiboot header_addr "
                   "0x%x is inconsistent with load_addr 0x%x",
                   bi->kernel_filename, header_addr, load_addr);
        return false;
    }
    file_off = hdr - (header_addr - load_addr);
    if (load_end == 0) {
        load_size = size - file_off;
    } else if (load_end < load_addr || load_end - load_addr >
               size - file_off) {
        error_setg(errp, "could not load kernel '%s': multiboot "
                   "load_end_addr 0x%x is beyond the file",
                   bi->kernel_filename, load_end);
        return false;
    } else {
        load_size = load_end - load_addr;
    }
    end = load_addr + load_size;
    if (bss_end) {
        if (bss_end < end) {
            error_setg(errp, "could not load kernel '%s': multiboot "
                       "bss_end_addr 0x%x is below the loaded image",
                       bi->kernel_filename, bss_end);
            return false;
        }
        end = bss_end;
    }
    if (load_addr < MB_LOAD_MIN || end > bi->ram_below_4g) {
        error_setg(errp, "could not load kernel '%s': kernel too big for RAM "
                   "(0x%x-0x%" PRIx64 " must lie within 0x%" PRIx64
                   "-0x%" PRIx64 ")", bi->kernel_filename, load_addr, end,
                   (uint64_t)MB_LOAD_MIN, bi->ram_below_4g);
        return false;
    }
    x86_boot_write(load_addr, image + file_off, load_size);
    address_space_set(&address_space_memory, load_addr + load_size, 0,
                      end - load_addr - load_size, MEMTXATTRS_UNSPECIFIED);
    *highest = end;
    return true;
}

static void mb_add_mmap(GByteArray *info)
{
    int n;
    const E820Entry *e = e820_entries(&n);
    uint32_t addr = 0;

    for (int i = 0; i < n; i++) {
        uint8_t ent[24];
        uint32_t sz = GUINT32_TO_LE(20);
        uint64_t a = GUINT64_TO_LE(e[i].address);
        uint64_t l = GUINT64_TO_LE(e[i].length);
        uint32_t t = GUINT32_TO_LE(e[i].type);
        uint32_t at;

        memcpy(ent, &sz, 4);
        memcpy(ent + 4, &a, 8);
        memcpy(ent + 12, &l, 8);
        memcpy(ent + 20, &t, 4);
        at = mb_add(info, ent, sizeof(ent));
        if (i == 0) {
            addr = at;
        }
    }
    put32(info, MBI_MMAP_ADDR, addr);
    put32(info, MBI_MMAP_LENGTH, n * 24);
}

int x86_load_multiboot(const X86BootInfo *bi, const uint8_t *image,
                       size_t size, FWCfgState *fw_cfg, Error **errp)
{
    size_t hdr;
    uint32_t flags = 0, mbi_flags;
    uint64_t entry, lowest, highest, next;
    GByteArray *info;
    g_autofree char *cmdline = NULL;
    g_autoptr(GPtrArray) mods = NULL;
    g_autofree uint8_t *modlist = NULL;
    bool found = false;
    static const char loader_name[] = "Vireo";

    for (hdr = 0; hdr + 12 <= MIN(size, MB_SEARCH); hdr += 4) {
        uint32_t magic = rd32(image + hdr);
        flags = rd32(image + hdr + 4);
        if (magic == MB_MAGIC &&
            (uint32_t)(magic + flags + rd32(image + hdr + 8)) == 0) {
            found = true;
            break;
        }
    }
    if (!found) {
        return 0;
    }
    if (flags & 0xffff & ~MB_SUPPORTED) {
        error_setg(errp, "could not load kernel '%s': multiboot header "
                   "requires unsupported features (flags 0x%x)",
                   bi->kernel_filename, flags);
        return -1;
    }
    if (flags & MB_FLAG_AOUT_KLUDGE) {
        if (!mb_load_aout(bi, image, size, hdr, &entry, &highest, errp)) {
            return -1;
        }
    } else {
        char *msg = NULL;

        if (!x86_elf_is_elf(image, size)) {
            error_setg(errp, "could not load kernel '%s': multiboot kernel "
                       "is not ELF and has no a.out kludge (flag 16)",
                       bi->kernel_filename);
            return -1;
        }
        if (!x86_elf_load(image, size, MB_LOAD_MIN, bi->ram_below_4g,
                          &entry, &lowest, &highest, &msg)) {
            error_setg(errp, "could not load kernel '%s': %s",
                       bi->kernel_filename, msg);
            g_free(msg);
            return -1;
        }
    }

    info = g_byte_array_new();
    g_byte_array_set_size(info, MBI_SIZE);
    memset(info->data, 0, MBI_SIZE);
    mbi_flags = MBI_MEMORY | MBI_CMDLINE | MBI_MMAP | MBI_LOADER_NAME;
    put32(info, MBI_MEM_LOWER, 640);
    put32(info, MBI_MEM_UPPER, bi->ram_below_4g > MiB
                               ? (bi->ram_below_4g - MiB) / KiB : 0);
    /* Like GRUB, the kernel's own path comes first. */
    cmdline = bi->cmdline[0]
              ? g_strdup_printf("%s %s", bi->kernel_filename, bi->cmdline)
              : g_strdup(bi->kernel_filename);
    put32(info, MBI_CMDLINE_PTR, mb_add(info, cmdline, strlen(cmdline) + 1));
    put32(info, MBI_LOADER_NAME_PTR,
          mb_add(info, loader_name, sizeof(loader_name)));
    mb_add_mmap(info);

    next = QEMU_ALIGN_UP(highest, 4096);
    mods = bi->initrd_filename ? mb_split_modules(bi->initrd_filename)
                               : g_ptr_array_new();
    if (mods->len) {
        modlist = g_malloc0(mods->len * 16);
        mbi_flags |= MBI_MODS;
    }
    for (guint i = 0; i < mods->len; i++) {
        const char *spec = g_ptr_array_index(mods, i);
        g_autofree char *file = g_strndup(spec, strcspn(spec, " "));
        size_t msize;
        g_autofree uint8_t *data =
            x86_boot_read_file("multiboot module", file, &msize, errp);
        uint32_t v[4];

        if (!data) {
            g_byte_array_free(info, true);
            return -1;
        }
        if (msize > bi->ram_below_4g || next > bi->ram_below_4g - msize) {
            error_setg(errp, "could not load multiboot module '%s': too "
                       "large for RAM (%zu bytes at 0x%" PRIx64 ", RAM ends "
                       "at 0x%" PRIx64 ")", file, msize, next,
                       bi->ram_below_4g);
            g_byte_array_free(info, true);
            return -1;
        }
        x86_boot_write(next, data, msize);
        v[0] = GUINT32_TO_LE(next);
        v[1] = GUINT32_TO_LE(next + msize);
        v[2] = GUINT32_TO_LE(mb_add(info, spec, strlen(spec) + 1));
        v[3] = 0;
        memcpy(modlist + i * 16, v, 16);
        next = QEMU_ALIGN_UP(next + msize, 4096);
    }
    if (mods->len) {
        put32(info, MBI_MODS_COUNT, mods->len);
        put32(info, MBI_MODS_ADDR, mb_add(info, modlist, mods->len * 16));
    }
    put32(info, MBI_FLAGS, mbi_flags);
    if (info->len > X86_BOOT_INFO_END - X86_BOOT_INFO_ADDR) {
        error_setg(errp, "could not load kernel '%s': multiboot information "
                   "too large (%u bytes; shorten -append or -initrd)",
                   bi->kernel_filename, info->len);
        g_byte_array_free(info, true);
        return -1;
    }
    x86_boot_write(X86_BOOT_INFO_ADDR, info->data, info->len);
    g_byte_array_free(info, true);
    x86_boot_set_prot32(entry, MB_BOOTLOADER_MAGIC, X86_BOOT_INFO_ADDR,
                        "multiboot");
    return 1;
}
