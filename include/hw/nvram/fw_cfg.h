/*
 * fw_cfg: the firmware configuration interface of QEMU-style machines.
 *
 * Guest view (x86 I/O ports):
 *   0x510  selector, 16-bit write: key of the item to read from offset 0
 *   0x511  data, 8-bit read: next byte of the selected item (0 past the end)
 *   0x514  DMA address, big-endian: 32-bit write of the high half at
 *          0x514, then the low half at 0x518 starts the transfer; reading
 *          the 8 bytes gives the signature "QEMU CFG"
 * A DMA transfer reads an FWCfgDmaAccess {be32 control, be32 length,
 * be64 address} at the given guest address, performs it and writes
 * control back as 0 (done) or FW_CFG_DMA_CTL_ERROR.
 *
 * Items are blobs under 16-bit keys. Named items ("files") get keys from
 * FW_CFG_FILE_FIRST in name order and are listed at FW_CFG_FILE_DIR as
 * be32 count, then per file {be32 size, be16 select, be16 reserved,
 * char name[56]}.
 */
#ifndef HW_NVRAM_FW_CFG_H
#define HW_NVRAM_FW_CFG_H

#include "qemu/osdep.h"

#define TYPE_FW_CFG_IO "fw_cfg_io"

#define FW_CFG_IO_BASE          0x510
#define FW_CFG_DMA_IO_BASE      0x514

/* Standard keys. */
#define FW_CFG_SIGNATURE        0x00
#define FW_CFG_ID               0x01
#define FW_CFG_UUID             0x02
#define FW_CFG_RAM_SIZE         0x03
#define FW_CFG_NOGRAPHIC        0x04
#define FW_CFG_NB_CPUS          0x05
#define FW_CFG_MACHINE_ID       0x06
#define FW_CFG_KERNEL_ADDR      0x07
#define FW_CFG_KERNEL_SIZE      0x08
#define FW_CFG_KERNEL_CMDLINE   0x09
#define FW_CFG_INITRD_ADDR      0x0a
#define FW_CFG_INITRD_SIZE      0x0b
#define FW_CFG_BOOT_DEVICE      0x0c
#define FW_CFG_NUMA             0x0d
#define FW_CFG_BOOT_MENU        0x0e
#define FW_CFG_MAX_CPUS         0x0f
#define FW_CFG_KERNEL_ENTRY     0x10
#define FW_CFG_KERNEL_DATA      0x11
#define FW_CFG_INITRD_DATA      0x12
#define FW_CFG_CMDLINE_ADDR     0x13
#define FW_CFG_CMDLINE_SIZE     0x14
#define FW_CFG_CMDLINE_DATA     0x15
#define FW_CFG_SETUP_ADDR       0x16
#define FW_CFG_SETUP_SIZE       0x17
#define FW_CFG_SETUP_DATA       0x18
#define FW_CFG_FILE_DIR         0x19
#define FW_CFG_FILE_FIRST       0x20
#define FW_CFG_FILE_SLOTS       0x1000
#define FW_CFG_WRITE_CHANNEL    0x4000
#define FW_CFG_ARCH_LOCAL       0x8000
#define FW_CFG_ENTRY_MASK       (~(FW_CFG_WRITE_CHANNEL | FW_CFG_ARCH_LOCAL))
#define FW_CFG_INVALID          0xffff

/* x86 arch-local keys. */
#define FW_CFG_ACPI_TABLES      (FW_CFG_ARCH_LOCAL + 0)
#define FW_CFG_SMBIOS_ENTRIES   (FW_CFG_ARCH_LOCAL + 1)
#define FW_CFG_IRQ0_OVERRIDE    (FW_CFG_ARCH_LOCAL + 2)
#define FW_CFG_E820_TABLE       (FW_CFG_ARCH_LOCAL + 3)
#define FW_CFG_HPET             (FW_CFG_ARCH_LOCAL + 4)

#define FW_CFG_MAX_FILE_PATH    56

/* FW_CFG_ID feature bits. */
#define FW_CFG_VERSION          0x01
#define FW_CFG_VERSION_DMA      0x02

/* FWCfgDmaAccess.control */
#define FW_CFG_DMA_CTL_ERROR    0x01
#define FW_CFG_DMA_CTL_READ     0x02
#define FW_CFG_DMA_CTL_SKIP     0x04
#define FW_CFG_DMA_CTL_SELECT   0x08
#define FW_CFG_DMA_CTL_WRITE    0x10

#define FW_CFG_DMA_SIGNATURE    0x51454d5520434647ULL   /* "QEMU CFG" */

typedef struct FWCfgDmaAccess {
    uint32_t control;
    uint32_t length;
    uint64_t address;
} QEMU_PACKED FWCfgDmaAccess;

typedef struct FWCfgFile {
    uint32_t size;                /* big-endian */
    uint16_t select;              /* big-endian */
    uint16_t reserved;
    char name[FW_CFG_MAX_FILE_PATH];
} FWCfgFile;

/* Called before the guest reads an item from offset 0 (e.g. to build it
 * lazily), and after a guest write to a writable item. */
typedef void (*FWCfgCallback)(void *opaque);
typedef void (*FWCfgWriteCallback)(void *opaque, off_t start, size_t len);

/*
 * Creates the fw_cfg device with I/O at 0x510 (and DMA at 0x514 when
 * dma_enabled) in the system I/O space, as child "fw_cfg" of the machine,
 * with the signature and ID items.
 */
FWCfgState *fw_cfg_init_io_dma(uint32_t iobase, uint32_t dma_iobase,
                               AddressSpace *dma_as);
/* The machine's fw_cfg, or NULL. */
FWCfgState *fw_cfg_find(void);

/*
 * Items. The blob is not copied: it must stay valid (add_bytes/add_file
 * take no ownership; add_string/add_iN copy). A key added twice is a
 * programming error (assert); use fw_cfg_modify_* to replace.
 */
void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, void *data, size_t len);
void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value);
void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value);
void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value);
void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value);
void fw_cfg_modify_bytes(FWCfgState *s, uint16_t key, void *data, size_t len);
void fw_cfg_modify_string(FWCfgState *s, uint16_t key, const char *value);
void fw_cfg_modify_i16(FWCfgState *s, uint16_t key, uint16_t value);
void fw_cfg_modify_i32(FWCfgState *s, uint16_t key, uint32_t value);
void fw_cfg_modify_i64(FWCfgState *s, uint16_t key, uint64_t value);

/* Named files; returns false (errp) for a duplicate or too-long name or a
 * full directory. */
bool fw_cfg_add_file(FWCfgState *s, const char *filename, void *data,
                     size_t len, Error **errp);
bool fw_cfg_add_file_callback(FWCfgState *s, const char *filename,
                              FWCfgCallback select_cb,
                              FWCfgWriteCallback write_cb,
                              void *cb_opaque, void *data, size_t len,
                              bool read_only, Error **errp);
/* Replaces (or adds) a file's contents; returns the old data pointer. */
void *fw_cfg_modify_file(FWCfgState *s, const char *filename, void *data,
                         size_t len);

/* Lookup, for tests and board code: the blob under key / file name. */
const void *fw_cfg_get_item(FWCfgState *s, uint16_t key, size_t *len);
const void *fw_cfg_get_file(FWCfgState *s, const char *filename,
                            size_t *len);
/* Key of a file, or FW_CFG_INVALID. */
uint16_t fw_cfg_file_key(FWCfgState *s, const char *filename);

#endif
