/*
 * ACPI tables: on a direct kernel boot, find the RSDP by the classic
 * 0xe0000-0xfffff scan, walk RSDT/XSDT, check every checksum, the MADT
 * CPU count, FADT fields and the DSDT; with firmware, check the fw_cfg
 * blobs and table-loader; acpi=off has no tables at all.
 */
#include "fw_cfg-helpers.h"

static uint64_t find_rsdp(QTestState *s)
{
    g_autofree uint8_t *area = g_malloc(0x20000);

    qtest_memread(s, 0xe0000, area, 0x20000);
    for (uint32_t off = 0; off < 0x20000; off += 16) {
        if (!memcmp(area + off, "RSD PTR ", 8)) {
            return 0xe0000 + off;
        }
    }
    return 0;
}

static uint8_t sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;

    while (n--) {
        s += *p++;
    }
    return s;
}

static uint8_t *read_table(QTestState *s, uint64_t addr, const char *sig)
{
    uint8_t hdr[36];
    uint32_t len;
    uint8_t *t;

    qtest_memread(s, addr, hdr, 36);
    g_assert_cmpmem(hdr, 4, sig, 4);
    len = hdr[4] | hdr[5] << 8 | hdr[6] << 16 | (uint32_t)hdr[7] << 24;
    g_assert_cmpuint(len, >=, 36);
    g_assert_cmpuint(len, <, 1 << 20);
    t = g_malloc(len);
    qtest_memread(s, addr, t, len);
    g_assert_cmpuint(sum(t, len), ==, 0);
    return t;
}

static uint32_t le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
    return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void test_tables(void)
{
    g_autofree char *k = make_bzimage(2047, 0x10000);
    QTestState *s = qtest_initf("-machine pc -smp 2 -m 256 -kernel %s", k);
    uint8_t rsdp[36];
    uint64_t rsdp_addr = find_rsdp(s);
    g_autofree uint8_t *rsdt = NULL, *xsdt = NULL, *fadt = NULL;
    g_autofree uint8_t *madt = NULL, *dsdt = NULL, *facs_hdr = NULL;
    uint32_t n, cpus = 0;
    bool found_madt = false;

    g_assert_cmphex(rsdp_addr, ==, 0xf0000);
    qtest_memread(s, rsdp_addr, rsdp, 36);
    g_assert_cmpuint(sum(rsdp, 20), ==, 0);
    g_assert_cmpuint(sum(rsdp, 36), ==, 0);
    g_assert_cmpuint(rsdp[15], ==, 2);

    rsdt = read_table(s, le32(rsdp + 16), "RSDT");
    xsdt = read_table(s, le64(rsdp + 24), "XSDT");
    n = (le32(xsdt + 4) - 36) / 8;
    g_assert_cmpuint(n, ==, (le32(rsdt + 4) - 36) / 4);
    g_assert_cmpuint(n, >=, 2);
    for (uint32_t i = 0; i < n; i++) {
        uint64_t a = le64(xsdt + 36 + i * 8);
        uint8_t sig[4];

        g_assert_cmphex(a, ==, le32(rsdt + 36 + i * 4));
        /* In the E820_ACPI area at the top of low RAM. */
        g_assert_cmphex(a, >=, (256 << 20) - (128 << 10));
        qtest_memread(s, a, sig, 4);
        if (!memcmp(sig, "FACP", 4)) {
            fadt = read_table(s, a, "FACP");
        } else if (!memcmp(sig, "APIC", 4)) {
            madt = read_table(s, a, "APIC");
            found_madt = true;
        } else {
            g_free(read_table(s, a, (char *)sig));
        }
    }
    g_assert_nonnull(fadt);
    g_assert_true(found_madt);

    /* FADT */
    g_assert_cmpuint(le32(fadt + 4), ==, 268);
    g_assert_cmpuint(fadt[8], ==, 5);
    g_assert_cmpuint(fadt[46] | fadt[47] << 8, ==, 9);      /* SCI_INT */
    g_assert_cmphex(le32(fadt + 48), ==, 0xb2);             /* SMI_CMD */
    g_assert_cmphex(fadt[52], ==, 0xf1);
    g_assert_cmphex(fadt[53], ==, 0xf0);
    g_assert_cmphex(le32(fadt + 56), ==, 0x600);            /* PM1a_EVT */
    g_assert_cmphex(le32(fadt + 64), ==, 0x604);            /* PM1a_CNT */
    g_assert_cmphex(le32(fadt + 76), ==, 0x608);            /* PM_TMR */
    g_assert_cmpuint(fadt[108], ==, 0x32);                  /* CENTURY */
    g_assert_cmphex(le32(fadt + 112) & (1 << 10), !=, 0);   /* RESET_REG_SUP */
    g_assert_cmpuint(fadt[116], ==, 1);                     /* I/O space */
    g_assert_cmphex(le64(fadt + 120), ==, 0xcf9);
    g_assert_cmphex(fadt[128], ==, 0x06);
    g_assert_cmphex(le64(fadt + 140), ==, le32(fadt + 40)); /* X_DSDT */
    dsdt = read_table(s, le32(fadt + 40), "DSDT");
    facs_hdr = g_malloc(64);
    qtest_memread(s, le32(fadt + 36), facs_hdr, 64);
    g_assert_cmpmem(facs_hdr, 4, "FACS", 4);
    g_assert_cmpuint(le32(facs_hdr + 4), ==, 64);
    /* The DSDT names PCI0 and \_S5. */
    g_assert_nonnull(memmem(dsdt, le32(dsdt + 4), "PCI0", 4));
    g_assert_nonnull(memmem(dsdt, le32(dsdt + 4), "_S5_", 4));

    /* MADT: one enabled local APIC per -smp CPU, one IOAPIC. */
    for (uint32_t off = 44; off < le32(madt + 4); off += madt[off + 1]) {
        g_assert_cmpuint(madt[off + 1], >=, 2);
        if (madt[off] == 0 && (le32(madt + off + 4) & 1)) {
            cpus++;
        }
        if (madt[off] == 1) {
            g_assert_cmphex(le32(madt + off + 4), ==, 0xfec00000);
        }
        if (madt[off] == 2 && madt[off + 3] == 0) {
            g_assert_cmpuint(le32(madt + off + 4), ==, 2);  /* IRQ0->GSI2 */
        }
    }
    g_assert_cmpuint(cpus, ==, 2);

    /* The e820 map the kernel got marks the area as ACPI. */
    g_assert_cmpuint(qtest_readb(s, 0x7000 + 0x1e8), >=, 4);
    qtest_quit(s);
    g_unlink(k);
}

static void test_fw_cfg_blobs(void)
{
    QTestState *s = qtest_init("-machine pc -smp 2");
    uint32_t tsize = 0, rsize = 0, lsize = 0;
    g_autofree uint8_t *tables = fwcfg_read_file(s, "etc/acpi/tables",
                                                 &tsize);
    g_autofree uint8_t *rsdp = fwcfg_read_file(s, "etc/acpi/rsdp", &rsize);
    g_autofree uint8_t *loader = fwcfg_read_file(s, "etc/table-loader",
                                                 &lsize);

    g_assert_nonnull(tables);
    g_assert_nonnull(rsdp);
    g_assert_nonnull(loader);
    g_assert_cmpuint(rsize, ==, 36);
    g_assert_cmpmem(rsdp, 8, "RSD PTR ", 8);
    g_assert_cmpuint(lsize % 128, ==, 0);
    /* First command: ALLOCATE etc/acpi/tables. */
    g_assert_cmpuint(le32(loader), ==, 1);
    g_assert_cmpstr((char *)loader + 4, ==, "etc/acpi/tables");
    /* Nothing in guest memory: the firmware installs them. */
    g_assert_cmphex(find_rsdp(s), ==, 0);
    qtest_quit(s);
}

static void test_acpi_off(void)
{
    g_autofree char *k = make_bzimage(2047, 0x10000);
    QTestState *s = qtest_initf("-machine pc,acpi=off -kernel %s", k);
    uint32_t size;
    uint16_t key;

    g_assert_cmphex(find_rsdp(s), ==, 0);
    g_assert_false(fwcfg_find_file(s, "etc/acpi/tables", &key, &size));
    g_assert_false(fwcfg_find_file(s, "etc/table-loader", &key, &size));
    g_assert_cmphex(qtest_readq(s, 0x7000 + 0x70), ==, 0);
    /* No PM block either. */
    g_assert_cmphex(qtest_inw(s, 0x604), ==, 0xffff);
    qtest_quit(s);
    g_unlink(k);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/acpi/tables", test_tables);
    qtest_add_func("/acpi/fw_cfg-blobs", test_fw_cfg_blobs);
    qtest_add_func("/acpi/off", test_acpi_off);
    return g_test_run();
}
