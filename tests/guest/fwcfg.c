/*
 * fw_cfg: signature and feature ID, CPU count and RAM size (against the
 * multiboot memory map), the file directory (etc/e820), and DMA reads
 * (signature register, whole items, files) matching port reads.
 */
#include "guest.h"
#include "fwcfg.h"
#include "processor.h"

static u8 buf_io[1024], buf_dma[1024];

static void test_basics(void)
{
    u32 id = fwcfg_read_u32(FW_CFG_ID);
    unsigned cpus = fwcfg_nb_cpus();
    unsigned max = fwcfg_read_u16(FW_CFG_MAX_CPUS);
    u64 ram = fwcfg_ram_size(), upper = mb_mem_upper();

    report(id & FW_CFG_ID_TRADITIONAL, "FW_CFG_ID has the port interface");
    report_info("ID 0x%x, %u CPUs (max %u), RAM 0x%lx, multiboot "
                "mem_upper 0x%lx", id, cpus, max, (ulong)ram, (ulong)upper);
    report(cpus >= 1 && cpus <= max, "CPU count is within 1..max");
    if (upper && ram < 0xc0000000ull) {
        report(ram >= upper + 0x100000 && ram - upper - 0x100000 <= 0x100000,
               "RAM size agrees with multiboot's mem_upper");
    } else {
        report_skip("RAM size vs mem_upper: no multiboot memory info");
    }
}

static bool test_files(u16 *e820_key, u32 *e820_size)
{
    u32 count;
    bool sorted = true, sane = true;
    char prev[56] = "";

    fwcfg_select(FW_CFG_FILE_DIR);
    fwcfg_read(&count, 4);
    count = __builtin_bswap32(count);
    report_info("%u fw_cfg files", count);
    report(count >= 1 && count < 4096, "the file directory lists files");
    for (u32 i = 0; i < count && i < 4096; i++) {
        struct {
            u32 size;
            u16 select;
            u16 reserved;
            char name[56];
        } f;

        fwcfg_read(&f, sizeof(f));
        sane &= f.name[55] == 0 && f.name[0] != 0 &&
                __builtin_bswap16(f.select) >= 0x20;
        if (strcmp(prev, f.name) > 0) {
            sorted = false;
        }
        memcpy(prev, f.name, sizeof(prev));
    }
    report(sane, "directory entries have names and file keys");
    report(sorted, "directory entries are sorted by name");
    if (!fwcfg_find_file("etc/e820", e820_key, e820_size)) {
        report(false, "etc/e820 is listed");
        return false;
    }
    report(*e820_size && *e820_size % 20 == 0, "etc/e820 holds whole "
           "20-byte entries");
    return true;
}

static void test_dma(bool have_e820, u16 e820_key, u32 e820_size)
{
    char sig[8];
    u32 hi, lo;

    if (!fwcfg_dma_present()) {
        report_skip("DMA: FW_CFG_ID has no DMA bit");
        return;
    }
    hi = inl(FW_CFG_PORT_DMA);
    lo = inl(FW_CFG_PORT_DMA + 4);
    memcpy(sig, &hi, 4);
    memcpy(sig + 4, &lo, 4);
    report(memcmp(sig, "QEMU CFG", 8) == 0, "the DMA register reads "
           "\"QEMU CFG\"");
    memset(buf_dma, 0, sizeof(buf_dma));
    report(fwcfg_dma_read(FW_CFG_SIGNATURE, buf_dma, 4) &&
           memcmp(buf_dma, "QEMU", 4) == 0, "DMA reads the signature");
    fwcfg_select(FW_CFG_FILE_DIR);
    fwcfg_read(buf_io, 4 + 64);
    report(fwcfg_dma_read(FW_CFG_FILE_DIR, buf_dma, 4 + 64) &&
           memcmp(buf_io, buf_dma, 4 + 64) == 0,
           "DMA and port reads of the file directory agree");
    if (have_e820) {
        u32 n = e820_size < sizeof(buf_io) ? e820_size : sizeof(buf_io);

        fwcfg_select(e820_key);
        fwcfg_read(buf_io, n);
        memset(buf_dma, 0xff, sizeof(buf_dma));
        report(fwcfg_dma_read(e820_key, buf_dma, n) &&
               memcmp(buf_io, buf_dma, n) == 0,
               "DMA and port reads of etc/e820 agree");
    }
}

int main(void)
{
    u16 key = 0;
    u32 size = 0;
    bool e820;

    if (!fwcfg_present()) {
        report(false, "fw_cfg signature \"QEMU\" at port 0x510");
        return 0;
    }
    report(true, "fw_cfg signature \"QEMU\" at port 0x510");
    test_basics();
    e820 = test_files(&key, &size);
    test_dma(e820, key, size);
    return 0;
}
