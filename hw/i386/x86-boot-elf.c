/*
 * Minimal, bounds-checked ELF32/ELF64 (little-endian x86) loading for the
 * multiboot and PVH loaders: PT_LOAD by physical address, PT_NOTE lookup.
 */
#include "qemu/osdep.h"
#include "hw/i386/x86-boot.h"
#include "exec/memory.h"

#define PT_LOAD 1
#define PT_NOTE 4

typedef struct ElfPhdr {
    uint32_t type;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
} ElfPhdr;

static uint64_t rd(const uint8_t *p, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

bool x86_elf_is_elf(const uint8_t *image, size_t size)
{
    return size >= 52 && !memcmp(image, "\x7f" "ELF", 4) &&
           (image[4] == 1 || image[4] == 2) && image[5] == 1 &&
           (size >= 64 || image[4] == 1);
}

/* Program header i, or false if it lies outside the file. */
static bool elf_phdr(const uint8_t *im, size_t size, unsigned i, ElfPhdr *ph)
{
    bool is64 = im[4] == 2;
    uint64_t phoff = is64 ? rd(im + 32, 8) : rd(im + 28, 4);
    uint64_t phentsize = is64 ? rd(im + 54, 2) : rd(im + 42, 2);
    uint64_t need = is64 ? 56 : 32;
    uint64_t at = phoff + i * phentsize;
    const uint8_t *p;

    if (phentsize < need || phoff > size || at > size || size - at < need) {
        return false;
    }
    p = im + at;
    ph->type = rd(p, 4);
    if (is64) {
        ph->offset = rd(p + 8, 8);
        ph->vaddr = rd(p + 16, 8);
        ph->paddr = rd(p + 24, 8);
        ph->filesz = rd(p + 32, 8);
        ph->memsz = rd(p + 40, 8);
        ph->align = rd(p + 48, 8);
    } else {
        ph->offset = rd(p + 4, 4);
        ph->vaddr = rd(p + 8, 4);
        ph->paddr = rd(p + 12, 4);
        ph->filesz = rd(p + 16, 4);
        ph->memsz = rd(p + 20, 4);
        ph->align = rd(p + 28, 4);
    }
    return true;
}

static unsigned elf_phnum(const uint8_t *im)
{
    return rd(im + (im[4] == 2 ? 56 : 44), 2);
}

bool x86_elf_load(const uint8_t *im, size_t size, uint64_t min_addr,
                  uint64_t ram_top, uint64_t *entry, uint64_t *lowest,
                  uint64_t *highest, char **msg)
{
    bool is64 = im[4] == 2;
    uint64_t e_entry = is64 ? rd(im + 24, 8) : rd(im + 24, 4);
    unsigned phnum = elf_phnum(im);
    uint64_t lo = UINT64_MAX, hi = 0;
    bool entry_mapped = false;
    ElfPhdr ph;

    if (rd(im + 16, 2) != 2) {
        *msg = g_strdup("ELF file is not an executable");
        return false;
    }
    /* Validate everything before touching guest memory. */
    for (unsigned i = 0; i < phnum; i++) {
        if (!elf_phdr(im, size, i, &ph)) {
            *msg = g_strdup("ELF program headers lie outside the file");
            return false;
        }
        if (ph.type != PT_LOAD || !ph.memsz) {
            continue;
        }
        if (ph.filesz > ph.memsz || ph.offset > size ||
            ph.filesz > size - ph.offset) {
            *msg = g_strdup("ELF segment lies outside the file");
            return false;
        }
        if (ph.paddr < min_addr || ph.paddr + ph.memsz < ph.paddr ||
            ph.paddr + ph.memsz > ram_top) {
            *msg = g_strdup_printf("ELF segment at 0x%" PRIx64 "-0x%" PRIx64
                                   " does not fit in RAM (0x%" PRIx64
                                   "-0x%" PRIx64 ")", ph.paddr,
                                   ph.paddr + ph.memsz, min_addr, ram_top);
            return false;
        }
        lo = MIN(lo, ph.paddr);
        hi = MAX(hi, ph.paddr + ph.memsz);
    }
    if (lo == UINT64_MAX) {
        *msg = g_strdup("ELF file has no loadable segment");
        return false;
    }
    for (unsigned i = 0; i < phnum; i++) {
        elf_phdr(im, size, i, &ph);
        if (ph.type != PT_LOAD || !ph.memsz) {
            continue;
        }
        x86_boot_write(ph.paddr, im + ph.offset, ph.filesz);
        address_space_set(&address_space_memory, ph.paddr + ph.filesz, 0,
                          ph.memsz - ph.filesz, MEMTXATTRS_UNSPECIFIED);
        /* A virtual entry point becomes the physical one. */
        if (!entry_mapped && e_entry >= ph.vaddr &&
            e_entry < ph.vaddr + ph.memsz) {
            *entry = e_entry - ph.vaddr + ph.paddr;
            entry_mapped = true;
        }
    }
    if (!entry_mapped) {
        *entry = e_entry;
    }
    *lowest = lo;
    *highest = hi;
    return true;
}

const uint8_t *x86_elf_find_note(const uint8_t *im, size_t size,
                                 const char *name, uint32_t type,
                                 uint32_t *desc_len)
{
    unsigned phnum = elf_phnum(im);
    size_t name_len = strlen(name) + 1;
    ElfPhdr ph;

    for (unsigned i = 0; i < phnum; i++) {
        uint64_t pos, end, align;

        if (!elf_phdr(im, size, i, &ph) || ph.type != PT_NOTE ||
            ph.offset > size || ph.filesz > size - ph.offset) {
            continue;
        }
        align = ph.align == 8 ? 8 : 4;
        pos = ph.offset;
        end = ph.offset + ph.filesz;
        while (end - pos >= 12) {
            uint64_t namesz = rd(im + pos, 4);
            uint64_t descsz = rd(im + pos + 4, 4);
            uint64_t ntype = rd(im + pos + 8, 4);
            uint64_t name_at = pos + 12;
            uint64_t desc_at = name_at + QEMU_ALIGN_UP(namesz, align);
            uint64_t next = desc_at + QEMU_ALIGN_UP(descsz, align);

            if (desc_at > end || descsz > end - desc_at) {
                break;
            }
            if (ntype == type && namesz == name_len &&
                !memcmp(im + name_at, name, name_len)) {
                *desc_len = descsz;
                return im + desc_at;
            }
            if (next <= pos || next > end) {
                break;
            }
            pos = next;
        }
    }
    return NULL;
}
