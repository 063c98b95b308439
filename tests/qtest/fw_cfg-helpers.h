/*
 * fw_cfg access from qtests (I/O ports 0x510/0x511, DMA at 0x514), and
 * synthetic kernels for the boot and ACPI tests.
 */
#ifndef TESTS_QTEST_FW_CFG_HELPERS_H
#define TESTS_QTEST_FW_CFG_HELPERS_H

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "libqtest.h"

#define FWCFG_CTL 0x510
#define FWCFG_DATA 0x511
#define FWCFG_DMA 0x514

static inline void fwcfg_select(QTestState *s, uint16_t key)
{
    qtest_outw(s, FWCFG_CTL, key);
}

static inline void fwcfg_read(QTestState *s, void *buf, size_t len)
{
    uint8_t *p = buf;

    for (size_t i = 0; i < len; i++) {
        p[i] = qtest_inb(s, FWCFG_DATA);
    }
}

static inline uint64_t fwcfg_get(QTestState *s, uint16_t key, int bytes)
{
    uint8_t b[8] = { 0 };
    uint64_t v = 0;

    fwcfg_select(s, key);
    fwcfg_read(s, b, bytes);
    for (int i = bytes - 1; i >= 0; i--) {
        v = (v << 8) | b[i];
    }
    return v;
}

/* Finds a file in the directory: key and size, false if absent. */
static inline bool fwcfg_find_file(QTestState *s, const char *name,
                                   uint16_t *key, uint32_t *size)
{
    uint32_t count;

    fwcfg_select(s, 0x19);
    fwcfg_read(s, &count, 4);
    count = GUINT32_FROM_BE(count);
    for (uint32_t i = 0; i < count; i++) {
        struct { uint32_t size; uint16_t sel, res; char name[56]; } f;
        fwcfg_read(s, &f, sizeof(f));
        if (!strcmp(f.name, name)) {
            *key = GUINT16_FROM_BE(f.sel);
            *size = GUINT32_FROM_BE(f.size);
            return true;
        }
    }
    return false;
}

/* Reads a whole file through the data port; NULL if absent. */
static inline uint8_t *fwcfg_read_file(QTestState *s, const char *name,
                                       uint32_t *size)
{
    uint16_t key;
    uint8_t *buf;

    if (!fwcfg_find_file(s, name, &key, size)) {
        return NULL;
    }
    buf = g_malloc0(*size + 1);
    fwcfg_select(s, key);
    fwcfg_read(s, buf, *size);
    return buf;
}

/* Starts a DMA with its descriptor at guest address desc. */
static inline void fwcfg_dma_kick(QTestState *s, uint64_t desc)
{
    /* The register is big-endian: bytes on the bus are BE halves. */
    qtest_outl(s, FWCFG_DMA, GUINT32_SWAP_LE_BE((uint32_t)(desc >> 32)));
    qtest_outl(s, FWCFG_DMA + 4, GUINT32_SWAP_LE_BE((uint32_t)desc));
}

static inline uint32_t fwcfg_dma(QTestState *s, uint64_t desc,
                                 uint32_t control, uint32_t len,
                                 uint64_t addr)
{
    struct { uint32_t control, length; uint64_t address; } d = {
        GUINT32_TO_BE(control), GUINT32_TO_BE(len), GUINT64_TO_BE(addr),
    };
    uint32_t ctl;

    qtest_memwrite(s, desc, &d, sizeof(d));
    fwcfg_dma_kick(s, desc);
    qtest_memread(s, desc, &ctl, 4);
    return GUINT32_FROM_BE(ctl);
}

/* ---- synthetic kernels ---- */

static inline void put_le(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) {
        p[i] = v >> (8 * i);
    }
}

static inline char *write_tmp(const char *tmpl, const void *data, size_t len)
{
    GError *err = NULL;
    char *path = NULL;
    int fd = g_file_open_tmp(tmpl, &path, &err);

    g_assert_no_error(err);
    g_assert_cmpint(write(fd, data, len), ==, (ssize_t)len);
    close(fd);
    return path;
}

#define FAKE_BZ_PREF   0x1000000
#define FAKE_BZ_MARKER "VIREOKRN"

/* A bzImage: 1 setup sector + boot sector, 64-bit capable, protocol 2.15,
 * with a marker at the start of the protected-mode part. */
static inline char *make_bzimage(uint32_t cmdline_size, uint32_t init_size)
{
    size_t size = 1024 + 8192;
    g_autofree uint8_t *im = g_malloc0(size);

    im[0x1f1] = 1;
    put_le(im + 0x1fe, 0xaa55, 2);
    im[0x200] = 0xeb;
    im[0x201] = 0x6a;
    memcpy(im + 0x202, "HdrS", 4);
    put_le(im + 0x206, 0x020f, 2);
    im[0x211] = 0x01;                       /* LOADED_HIGH */
    put_le(im + 0x22c, 0x7fffffff, 4);
    put_le(im + 0x230, 0x200000, 4);
    im[0x234] = 1;
    put_le(im + 0x236, 0x3, 2);             /* XLF_KERNEL_64 | ABOVE_4G */
    put_le(im + 0x238, cmdline_size, 4);
    put_le(im + 0x258, FAKE_BZ_PREF, 8);
    put_le(im + 0x260, init_size, 4);
    memcpy(im + 1024, FAKE_BZ_MARKER, 8);
    return write_tmp("vireo-bz-XXXXXX", im, size);
}

#define FAKE_MB_LOAD 0x100000

/* ELF32 with one PT_LOAD at 1 MiB holding a multiboot header. */
static inline char *make_multiboot_elf(void)
{
    size_t size = 0x2000;
    g_autofree uint8_t *im = g_malloc0(size);
    uint8_t *ph = im + 52;

    memcpy(im, "\x7f" "ELF", 4);
    im[4] = 1; im[5] = 1; im[6] = 1;
    put_le(im + 16, 2, 2);                  /* ET_EXEC */
    put_le(im + 18, 3, 2);                  /* EM_386 */
    put_le(im + 20, 1, 4);
    put_le(im + 24, FAKE_MB_LOAD + 0x10, 4);
    put_le(im + 28, 52, 4);                 /* phoff */
    put_le(im + 40, 52, 2);
    put_le(im + 42, 32, 2);
    put_le(im + 44, 1, 2);
    put_le(ph, 1, 4);                       /* PT_LOAD */
    put_le(ph + 4, 0x1000, 4);
    put_le(ph + 8, FAKE_MB_LOAD, 4);
    put_le(ph + 12, FAKE_MB_LOAD, 4);
    put_le(ph + 16, 0x1000, 4);
    put_le(ph + 20, 0x3000, 4);             /* bss after */
    put_le(ph + 24, 5, 4);
    put_le(im + 0x1000, 0x1badb002, 4);
    put_le(im + 0x1004, 0x3, 4);
    put_le(im + 0x1008, -(0x1badb002u + 3), 4);
    memcpy(im + 0x1010, "MBKERNEL", 8);
    return write_tmp("vireo-mb-XXXXXX", im, size);
}

#define FAKE_PVH_LOAD 0x200000

/* ELF64 with PT_LOAD at 2 MiB (virtual 0xffffffff81000000) and a Xen
 * PHYS32_ENTRY note. */
static inline char *make_pvh_elf(void)
{
    size_t size = 0x2000;
    g_autofree uint8_t *im = g_malloc0(size);
    uint8_t *ph = im + 64;

    memcpy(im, "\x7f" "ELF", 4);
    im[4] = 2; im[5] = 1; im[6] = 1;
    put_le(im + 16, 2, 2);
    put_le(im + 18, 62, 2);                 /* EM_X86_64 */
    put_le(im + 20, 1, 4);
    put_le(im + 24, 0xffffffff81000000ULL, 8);
    put_le(im + 32, 64, 8);
    put_le(im + 52, 64, 2);
    put_le(im + 54, 56, 2);
    put_le(im + 56, 2, 2);
    put_le(ph, 1, 4);                       /* PT_LOAD */
    put_le(ph + 8, 0x1000, 8);
    put_le(ph + 16, 0xffffffff81000000ULL, 8);
    put_le(ph + 24, FAKE_PVH_LOAD, 8);
    put_le(ph + 32, 0x1000, 8);
    put_le(ph + 40, 0x1000, 8);
    ph += 56;
    put_le(ph, 4, 4);                       /* PT_NOTE */
    put_le(ph + 8, 0x200, 8);
    put_le(ph + 32, 20, 8);
    put_le(ph + 40, 20, 8);
    put_le(ph + 48, 4, 8);
    put_le(im + 0x200, 4, 4);               /* namesz */
    put_le(im + 0x204, 4, 4);               /* descsz */
    put_le(im + 0x208, 18, 4);              /* XEN_ELFNOTE_PHYS32_ENTRY */
    memcpy(im + 0x20c, "Xen", 4);
    put_le(im + 0x210, FAKE_PVH_LOAD + 0x20, 4);
    memcpy(im + 0x1000, "PVHKERNL", 8);
    return write_tmp("vireo-pvh-XXXXXX", im, size);
}

#endif
