/*
 * Direct kernel boot on the pc machine (-kernel/-initrd/-append) and the
 * e820 helpers the loaders share.
 *
 * Vireo boots a -kernel without any firmware: the loader (Linux bzImage,
 * multiboot v1 or PVH ELF, chosen by format) places the kernel, its
 * parameters and the structures it expects in guest RAM and fills
 * x86_boot_state with the CPU state the boot CPU must have at its first
 * instruction. CPU reset (TCG or KVM) applies it to CPU 0 when valid;
 * the other CPUs stay in wait-for-SIPI as usual.
 */
#ifndef HW_I386_X86_BOOT_H
#define HW_I386_X86_BOOT_H

#include "qemu/osdep.h"

typedef struct PCMachineState PCMachineState;

typedef struct E820Entry {
    uint64_t address;
    uint64_t length;
    uint32_t type;
} E820Entry;

/* The table, sorted; valid until the next e820_add_entry. */
const E820Entry *e820_entries(int *count);
/* Packed little-endian {u64 addr, u64 len, u32 type} array (etc/e820). */
uint8_t *e820_to_blob(size_t *size);
/* End of the highest RAM entry starting below limit, clipped to limit. */
uint64_t e820_ram_below(uint64_t limit);
/* For unit tests. */
void e820_reset_table(void);

typedef enum X86BootMode {
    /* 64-bit long mode: CR0.PE|PG, CR4.PAE, EFER.LME|LMA, CS 64-bit. */
    X86_BOOT_LONG64 = 1,
    /* 32-bit protected mode, paging off: CR0.PE, CS 32-bit flat. */
    X86_BOOT_PROT32 = 2,
} X86BootMode;

/*
 * Initial state of CPU 0 for a direct kernel boot. Everything not listed
 * is its architectural reset value (other GPRs 0, EFLAGS 0x2 so
 * interrupts are off, CR2 0, no IDT: idtr base 0 limit 0).
 *
 * Segments: gdt_base/gdt_limit describe a GDT in guest RAM with flat 4 GiB
 * descriptors; CS is loaded with selector cs (0x10, the Linux __BOOT_CS),
 * DS/ES/FS/GS/SS with ds (0x18, __BOOT_DS); their hidden parts are the
 * descriptors from that GDT (base 0, limit 0xffffffff, G=1; code is
 * execute/read, L=1 in X86_BOOT_LONG64 and D=1 in X86_BOOT_PROT32; data
 * is read/write, D/B=1). TR/LDTR null.
 */
typedef struct X86BootState {
    bool valid;                   /* false: start at the reset vector */
    X86BootMode mode;
    uint64_t rip;
    uint64_t rax, rbx, rsi, rsp;
    uint64_t cr0, cr3, cr4, efer;
    uint64_t gdt_base;
    uint16_t gdt_limit;
    uint16_t cs, ds;
    /* What loaded it, for logs: "linux", "multiboot", "pvh". */
    const char *loader;
} X86BootState;

extern X86BootState x86_boot_state;

/*
 * Guest-physical layout of a direct boot (all below 1 MiB, in RAM):
 *   0x00500  GDT (4 descriptors: null, null, code 0x10, data 0x18)
 *   0x07000  Linux boot_params (zero page), 4 KiB
 *   0x06ff0  initial RSP for Linux (grows down, below the zero page)
 *   0x09000  Linux: PML4, PDPT, 4 page directories (0x9000-0xefff),
 *            identity-mapping 0-4 GiB with 2 MiB pages
 *            multiboot/PVH: info structures, module lists, memory maps
 *   0x20000  kernel command line (up to 64 KiB)
 *   0xf0000  ACPI RSDP (in the "isa-bios" ROM mapped at 0xe0000)
 * The protected-mode kernel goes where its header asks (>= 1 MiB), the
 * initrd/modules as high as the kernel allows below the top of low RAM.
 */
#define X86_BOOT_GDT_ADDR       0x500
#define X86_BOOT_PARAMS_ADDR    0x7000
#define X86_BOOT_STACK_TOP      0x6ff0
#define X86_BOOT_PGTABLE_ADDR   0x9000
#define X86_BOOT_INFO_ADDR      0x9000
#define X86_BOOT_INFO_END       0x20000
#define X86_BOOT_CMDLINE_ADDR   0x20000
#define X86_BOOT_CMDLINE_MAX    0x10000
#define X86_BOOT_RSDP_ADDR      0xf0000

#define X86_BOOT_CS 0x10
#define X86_BOOT_DS 0x18

/* What a loader needs to know about the machine. */
typedef struct X86BootInfo {
    const char *kernel_filename;
    const char *initrd_filename;
    const char *cmdline;          /* never NULL ("" if no -append) */
    uint64_t ram_below_4g;        /* top of usable low RAM (below ACPI) */
    uint64_t rsdp_addr;           /* 0 without ACPI */
} X86BootInfo;

/*
 * Loaders: each returns 1 if it loaded the kernel, 0 if the file is not
 * in its format (so the next one may try), -1 with errp set on error.
 */
int x86_load_pvh(const X86BootInfo *bi, const uint8_t *image, size_t size,
                 FWCfgState *fw_cfg, Error **errp);
int x86_load_multiboot(const X86BootInfo *bi, const uint8_t *image,
                       size_t size, FWCfgState *fw_cfg, Error **errp);
int x86_load_linux(const X86BootInfo *bi, const uint8_t *image, size_t size,
                   FWCfgState *fw_cfg, Error **errp);

/* Reads -kernel, picks the loader by format (PVH note, multiboot header,
 * bzImage) and runs it. */
bool x86_load_kernel(const X86BootInfo *bi, FWCfgState *fw_cfg,
                     Error **errp);

/* Shared helpers (x86-boot-common.c). */
void x86_boot_write(hwaddr addr, const void *buf, size_t len);
void x86_boot_setup_gdt(X86BootMode mode);
/* Sets x86_boot_state for 32-bit protected mode at entry. */
void x86_boot_set_prot32(uint32_t entry, uint32_t eax, uint32_t ebx,
                         const char *loader);
/* Reads a whole file; errors are "could not load <what> '<file>': ..." */
uint8_t *x86_boot_read_file(const char *what, const char *filename,
                            size_t *size, Error **errp);

/*
 * ELF loading for multiboot and PVH: loads PT_LOAD segments at their
 * physical addresses (bss zeroed). Returns false with a message (no
 * file name; the caller adds it) if the ELF is malformed or a segment
 * falls outside [min_addr, ram_top).
 */
bool x86_elf_is_elf(const uint8_t *image, size_t size);
bool x86_elf_load(const uint8_t *image, size_t size, uint64_t min_addr,
                  uint64_t ram_top, uint64_t *entry, uint64_t *lowest,
                  uint64_t *highest, char **msg);
/* Finds a note (name, type) in PT_NOTE segments; returns its
 * descriptor and length, or NULL. */
const uint8_t *x86_elf_find_note(const uint8_t *image, size_t size,
                                 const char *name, uint32_t type,
                                 uint32_t *desc_len);

#endif
