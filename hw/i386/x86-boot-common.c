/*
 * Direct kernel boot: shared helpers and the format dispatch.
 */
#include "qemu/osdep.h"
#include "hw/i386/x86-boot.h"
#include "exec/memory.h"
#include "qapi/error.h"

X86BootState x86_boot_state;

void x86_boot_write(hwaddr addr, const void *buf, size_t len)
{
    address_space_write_rom(&address_space_memory, addr,
                            MEMTXATTRS_UNSPECIFIED, buf, len);
}

/* null, null, code (0x10), data (0x18): the Linux boot selectors. */
void x86_boot_setup_gdt(X86BootMode mode)
{
    uint64_t gdt[4] = {
        0, 0,
        mode == X86_BOOT_LONG64 ? 0x00af9b000000ffffULL   /* L=1 */
                                : 0x00cf9b000000ffffULL,  /* D=1 */
        0x00cf93000000ffffULL,
    };

    for (int i = 0; i < 4; i++) {
        gdt[i] = GUINT64_TO_LE(gdt[i]);
    }
    x86_boot_write(X86_BOOT_GDT_ADDR, gdt, sizeof(gdt));
    x86_boot_state.gdt_base = X86_BOOT_GDT_ADDR;
    x86_boot_state.gdt_limit = sizeof(gdt) - 1;
    x86_boot_state.cs = X86_BOOT_CS;
    x86_boot_state.ds = X86_BOOT_DS;
}

void x86_boot_set_prot32(uint32_t entry, uint32_t eax, uint32_t ebx,
                         const char *loader)
{
    x86_boot_setup_gdt(X86_BOOT_PROT32);
    x86_boot_state.mode = X86_BOOT_PROT32;
    x86_boot_state.rip = entry;
    x86_boot_state.rax = eax;
    x86_boot_state.rbx = ebx;
    x86_boot_state.rsi = 0;
    x86_boot_state.rsp = 0;
    x86_boot_state.cr0 = 0x11;          /* PE | ET */
    x86_boot_state.cr3 = 0;
    x86_boot_state.cr4 = 0;
    x86_boot_state.efer = 0;
    x86_boot_state.loader = loader;
    x86_boot_state.valid = true;
}

uint8_t *x86_boot_read_file(const char *what, const char *filename,
                            size_t *size, Error **errp)
{
    int fd = open(filename, O_RDONLY);
    struct stat st;
    uint8_t *buf;
    size_t done = 0;

    if (fd < 0) {
        error_setg(errp, "could not load %s '%s': %s", what, filename,
                   strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        error_setg(errp, "could not load %s '%s': %s", what, filename,
                   S_ISDIR(st.st_mode) ? "Is a directory"
                                       : "not a regular file");
        close(fd);
        return NULL;
    }
    /* Nothing we load can exceed the 32-bit physical space. */
    if ((uint64_t)st.st_size > 4 * GiB) {
        error_setg(errp, "could not load %s '%s': file too large", what,
                   filename);
        close(fd);
        return NULL;
    }
    buf = g_malloc(st.st_size ? st.st_size : 1);
    while (done < (size_t)st.st_size) {
        ssize_t r = read(fd, buf + done, st.st_size - done);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            error_setg(errp, "could not load %s '%s': %s", what, filename,
                       r < 0 ? strerror(errno) : "unexpected end of file");
            g_free(buf);
            close(fd);
            return NULL;
        }
        done += r;
    }
    close(fd);
    *size = done;
    return buf;
}

bool x86_load_kernel(const X86BootInfo *bi, FWCfgState *fw_cfg,
                     Error **errp)
{
    size_t size;
    g_autofree uint8_t *image = x86_boot_read_file("kernel",
                                                   bi->kernel_filename,
                                                   &size, errp);
    int r;

    if (!image) {
        return false;
    }
    memset(&x86_boot_state, 0, sizeof(x86_boot_state));
    r = x86_load_pvh(bi, image, size, fw_cfg, errp);
    if (r == 0) {
        r = x86_load_multiboot(bi, image, size, fw_cfg, errp);
    }
    if (r == 0) {
        r = x86_load_linux(bi, image, size, fw_cfg, errp);
    }
    if (r == 0) {
        error_setg(errp, "could not load kernel '%s': unknown kernel format "
                   "(not a bzImage, multiboot or PVH ELF kernel)",
                   bi->kernel_filename);
    }
    return r > 0;
}
