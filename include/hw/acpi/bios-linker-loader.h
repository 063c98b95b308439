/*
 * The "etc/table-loader" script: firmware (SeaBIOS, OVMF) allocates the
 * named fw_cfg blobs, patches pointers between them and fixes checksums.
 * Each command is 128 bytes, little-endian:
 *   u32 command, then
 *   ALLOCATE (1):     char file[56], u32 align, u8 zone (1 high, 2 fseg)
 *   ADD_POINTER (2):  char dest[56], char src[56], u32 offset, u8 size;
 *                     the size-byte field at dest+offset gets src's
 *                     address added
 *   ADD_CHECKSUM (3): char file[56], u32 offset, u32 start, u32 length;
 *                     the byte at offset is adjusted so the bytes of
 *                     [start, start+length) sum to 0
 * Vireo emits every ALLOCATE first, then every pointer, then every
 * checksum, so a checksum always sees its table's final pointers.
 */
#ifndef HW_ACPI_BIOS_LINKER_LOADER_H
#define HW_ACPI_BIOS_LINKER_LOADER_H

#include "qemu/osdep.h"

#define BIOS_LINKER_LOADER_FILESZ 56
#define BIOS_LINKER_CMD_SIZE 128

#define BIOS_LINKER_LOADER_COMMAND_ALLOCATE     0x1
#define BIOS_LINKER_LOADER_COMMAND_ADD_POINTER  0x2
#define BIOS_LINKER_LOADER_COMMAND_ADD_CHECKSUM 0x3
#define BIOS_LINKER_LOADER_ALLOC_ZONE_HIGH      0x1
#define BIOS_LINKER_LOADER_ALLOC_ZONE_FSEG      0x2

typedef struct BIOSLinker BIOSLinker;

BIOSLinker *bios_linker_loader_new(void);
void bios_linker_loader_free(BIOSLinker *l);

/* blob stays owned by the caller and must outlive the linker. */
void bios_linker_loader_alloc(BIOSLinker *l, const char *file, GArray *blob,
                              uint32_t align, bool fseg);
void bios_linker_loader_add_pointer(BIOSLinker *l, const char *dest_file,
                                    uint32_t dest_offset, uint8_t size,
                                    const char *src_file);
void bios_linker_loader_add_checksum(BIOSLinker *l, const char *file,
                                     uint32_t start, uint32_t length,
                                     uint32_t checksum_offset);

/* The serialized script (owned by l). */
GArray *bios_linker_loader_script(BIOSLinker *l);

/*
 * Runs the script ourselves, as firmware would, with each file placed at
 * the address addr_of() returns; patches the blobs in place. Used for
 * direct kernel boots, where no firmware runs.
 */
void bios_linker_loader_apply(BIOSLinker *l,
                              uint64_t (*addr_of)(const char *file,
                                                  void *opaque),
                              void *opaque);

#endif
