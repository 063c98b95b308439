/* fw_cfg through the I/O ports and by DMA. */
#include "fwcfg.h"
#include "processor.h"

static u32 bswap32(u32 v)
{
    return __builtin_bswap32(v);
}

void fwcfg_select(u16 key)
{
    outw(FW_CFG_PORT_SEL, key);
}

void fwcfg_read(void *buf, size_t len)
{
    u8 *p = buf;

    for (size_t i = 0; i < len; i++) {
        p[i] = inb(FW_CFG_PORT_DATA);
    }
}

bool fwcfg_present(void)
{
    char sig[4];

    fwcfg_select(FW_CFG_SIGNATURE);
    fwcfg_read(sig, 4);
    return memcmp(sig, "QEMU", 4) == 0;
}

u16 fwcfg_read_u16(u16 key)
{
    u16 v;

    fwcfg_select(key);
    fwcfg_read(&v, sizeof(v));
    return v;
}

u32 fwcfg_read_u32(u16 key)
{
    u32 v;

    fwcfg_select(key);
    fwcfg_read(&v, sizeof(v));
    return v;
}

u64 fwcfg_read_u64(u16 key)
{
    u64 v;

    fwcfg_select(key);
    fwcfg_read(&v, sizeof(v));
    return v;
}

unsigned fwcfg_nb_cpus(void)
{
    return fwcfg_read_u16(FW_CFG_NB_CPUS);
}

u64 fwcfg_ram_size(void)
{
    return fwcfg_read_u64(FW_CFG_RAM_SIZE);
}

bool fwcfg_dma_present(void)
{
    return fwcfg_present() &&
           (fwcfg_read_u32(FW_CFG_ID) & FW_CFG_ID_DMA);
}

struct fwcfg_dma {
    u32 control;
    u32 length;
    u64 address;
} __attribute__((packed, aligned(16)));

bool fwcfg_dma_read(u16 key, void *buf, u32 len)
{
    static volatile struct fwcfg_dma d;
    u64 addr = (ulong)&d;

    if (!fwcfg_dma_present()) {
        return false;
    }
    d.control = bswap32((u32)key << 16 | FW_CFG_DMA_CTL_SELECT |
                        FW_CFG_DMA_CTL_READ);
    d.length = bswap32(len);
    d.address = (u64)bswap32((ulong)buf) << 32;
    barrier();
    outl(FW_CFG_PORT_DMA, bswap32(addr >> 32));
    outl(FW_CFG_PORT_DMA + 4, bswap32((u32)addr));
    for (int i = 0; i < 1000000; i++) {
        u32 c = bswap32(d.control);

        if (!(c & ~FW_CFG_DMA_CTL_ERROR)) {
            return !(c & FW_CFG_DMA_CTL_ERROR);
        }
        pause();
    }
    return false;
}

bool fwcfg_find_file(const char *name, u16 *key, u32 *size)
{
    u32 count;

    fwcfg_select(FW_CFG_FILE_DIR);
    fwcfg_read(&count, 4);
    count = bswap32(count);
    for (u32 i = 0; i < count; i++) {
        struct {
            u32 size;
            u16 select;
            u16 reserved;
            char name[56];
        } f;

        fwcfg_read(&f, sizeof(f));
        f.name[55] = 0;
        if (strcmp(f.name, name) == 0) {
            *key = __builtin_bswap16(f.select);
            *size = bswap32(f.size);
            return true;
        }
    }
    return false;
}
