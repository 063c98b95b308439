/*
 * fw_cfg: signature and features through the ports and DMA, standard
 * items (-m, -smp, -uuid), the sorted file directory, DMA reads, DMA
 * error reporting for bad guest addresses, reads past an item's end.
 */
#include "fw_cfg-helpers.h"

#define DESC 0x1000
#define BUF  0x2000

static void test_signature(void)
{
    QTestState *s = qtest_init("-machine pc");
    char sig[5] = { 0 };

    fwcfg_select(s, 0x00);
    fwcfg_read(s, sig, 4);
    g_assert_cmpstr(sig, ==, "QEMU");
    g_assert_cmphex(fwcfg_get(s, 0x01, 4), ==, 3);   /* traditional | DMA */
    /* The DMA register reads as the big-endian "QEMU CFG". */
    g_assert_cmphex(qtest_inl(s, FWCFG_DMA), ==, 0x554d4551);
    g_assert_cmphex(qtest_inl(s, FWCFG_DMA + 4), ==, 0x47464320);
    /* Signature again, by DMA with select. */
    qtest_memset(s, BUF, 0xaa, 8);
    g_assert_cmphex(fwcfg_dma(s, DESC, 0x0000 << 16 | 0x08 | 0x02, 4, BUF),
                    ==, 0);
    qtest_memread(s, BUF, sig, 4);
    g_assert_cmpstr(sig, ==, "QEMU");
    qtest_quit(s);
}

static void test_items(void)
{
    QTestState *s = qtest_init("-machine pc -m 256 -smp 3 "
                               "-uuid 4d9d3cc4-3d93-4d3c-9b54-2d3f11aa0001");
    uint8_t uuid[16];
    static const uint8_t want[16] = {
        0x4d, 0x9d, 0x3c, 0xc4, 0x3d, 0x93, 0x4d, 0x3c,
        0x9b, 0x54, 0x2d, 0x3f, 0x11, 0xaa, 0x00, 0x01,
    };

    g_assert_cmpuint(fwcfg_get(s, 0x03, 8), ==, 256 << 20);
    g_assert_cmpuint(fwcfg_get(s, 0x05, 2), ==, 3);
    g_assert_cmpuint(fwcfg_get(s, 0x0f, 2), >=, 3);
    fwcfg_select(s, 0x02);
    fwcfg_read(s, uuid, 16);
    g_assert_cmpmem(uuid, 16, want, 16);
    qtest_quit(s);
}

static void test_directory(void)
{
    QTestState *s = qtest_init("-machine pc");
    uint32_t count;
    g_autofree char *prev = g_strdup("");
    bool bootorder = false, e820 = false;

    fwcfg_select(s, 0x19);
    fwcfg_read(s, &count, 4);
    count = GUINT32_FROM_BE(count);
    g_assert_cmpuint(count, >=, 2);
    for (uint32_t i = 0; i < count; i++) {
        struct { uint32_t size; uint16_t sel, res; char name[56]; } f;
        fwcfg_read(s, &f, sizeof(f));
        g_assert_cmpint(strcmp(prev, f.name), <, 0);
        g_assert_cmphex(GUINT16_FROM_BE(f.sel), ==, 0x20 + i);
        bootorder |= !strcmp(f.name, "bootorder");
        e820 |= !strcmp(f.name, "etc/e820");
        g_free(prev);
        prev = g_strdup(f.name);
    }
    g_assert_true(bootorder);
    g_assert_true(e820);
    qtest_quit(s);
}

static void test_dma_file(void)
{
    QTestState *s = qtest_init("-machine pc -m 512");
    uint32_t size = 0;
    uint16_t key = 0;
    g_autofree uint8_t *port = fwcfg_read_file(s, "etc/e820", &size);
    g_autofree uint8_t *dma = NULL;
    uint64_t len;

    g_assert_nonnull(port);
    g_assert_cmpuint(size % 20, ==, 0);
    g_assert_cmpuint(size, >=, 20);
    /* The first entry is RAM from 0 covering the whole -m. */
    memcpy(&len, port + 8, 8);
    g_assert_cmpuint(GUINT64_FROM_LE(len), ==, 512 << 20);
    g_assert_true(fwcfg_find_file(s, "etc/e820", &key, &size));

    dma = g_malloc0(size);
    g_assert_cmphex(fwcfg_dma(s, DESC, (uint32_t)key << 16 | 0x08 | 0x02,
                              size, BUF), ==, 0);
    qtest_memread(s, BUF, dma, size);
    g_assert_cmpmem(dma, size, port, size);

    /* Skip then read continues at the right offset. */
    g_assert_cmphex(fwcfg_dma(s, DESC, (uint32_t)key << 16 | 0x08 | 0x04,
                              8, 0), ==, 0);
    g_assert_cmphex(fwcfg_dma(s, DESC, 0x02, 8, BUF), ==, 0);
    qtest_memread(s, BUF, dma, 8);
    g_assert_cmpmem(dma, 8, port + 8, 8);
    qtest_quit(s);
}

static void test_dma_bad_address(void)
{
    QTestState *s = qtest_init("-machine pc -m 128");
    JsonNode *ret;

    /* Destination far beyond RAM and any device. */
    g_assert_cmphex(fwcfg_dma(s, DESC, 0x0000 << 16 | 0x08 | 0x02, 4,
                              0xfff0000000000000ULL) & 1, ==, 1);
    /* Wrapping destination. */
    g_assert_cmphex(fwcfg_dma(s, DESC, 0x02, 0x100,
                              0xffffffffffffff80ULL) & 1, ==, 1);
    /* Writes to read-only items fail too. */
    g_assert_cmphex(fwcfg_dma(s, DESC, 0x0000 << 16 | 0x08 | 0x10, 4, BUF)
                    & 1, ==, 1);
    /* A descriptor nowhere: nothing to report into, but no crash. */
    fwcfg_dma_kick(s, 0xfff0000000000000ULL);
    ret = qtest_qmp_assert_success(s, "{'execute': 'query-status'}");
    g_assert_nonnull(ret);
    /* And the device still works. */
    g_assert_cmphex(fwcfg_get(s, 0x00, 4), ==, 0x554d4551);
    qtest_quit(s);
}

static void test_read_past_end(void)
{
    QTestState *s = qtest_init("-machine pc");
    uint8_t b[8];

    fwcfg_select(s, 0x05);                  /* 2-byte item */
    fwcfg_read(s, b, 8);
    g_assert_cmpuint(b[0], ==, 1);
    for (int i = 2; i < 8; i++) {
        g_assert_cmpuint(b[i], ==, 0);
    }
    fwcfg_select(s, 0x3fff);                /* no such item */
    fwcfg_read(s, b, 4);
    g_assert_cmpuint(b[0] | b[1] | b[2] | b[3], ==, 0);
    /* DMA past the end zero-fills. */
    qtest_memset(s, BUF, 0xaa, 8);
    g_assert_cmphex(fwcfg_dma(s, DESC, 0x05 << 16 | 0x08 | 0x02, 8, BUF),
                    ==, 0);
    qtest_memread(s, BUF, b, 8);
    g_assert_cmpuint(b[0], ==, 1);
    g_assert_cmpuint(b[7], ==, 0);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/fw_cfg/signature", test_signature);
    qtest_add_func("/fw_cfg/items", test_items);
    qtest_add_func("/fw_cfg/directory", test_directory);
    qtest_add_func("/fw_cfg/dma-file", test_dma_file);
    qtest_add_func("/fw_cfg/dma-bad-address", test_dma_bad_address);
    qtest_add_func("/fw_cfg/read-past-end", test_read_past_end);
    return g_test_run();
}
