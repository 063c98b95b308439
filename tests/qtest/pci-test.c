/*
 * PCI on the pc machine through configuration mechanism #1: the i440FX
 * at 00.0 and PIIX3 at 01.0, absent functions, CONFIG_ADDRESS behaviour,
 * BAR sizing and decode on a plugged pci-testdev, and slot conflicts.
 *
 * Also runs against QEMU without a qtest accelerator: QTEST_ACCEL="tcg -S".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "libqtest.h"

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA 0xcfc

static uint32_t cfg_addr(int slot, int fn, int reg)
{
    return 0x80000000u | (slot << 11) | (fn << 8) | (reg & 0xfc);
}

static uint32_t cfg_readl(QTestState *s, int slot, int fn, int reg)
{
    qtest_outl(s, CONFIG_ADDRESS, cfg_addr(slot, fn, reg));
    return qtest_inl(s, CONFIG_DATA);
}

static uint16_t cfg_readw(QTestState *s, int slot, int fn, int reg)
{
    qtest_outl(s, CONFIG_ADDRESS, cfg_addr(slot, fn, reg));
    return qtest_inw(s, CONFIG_DATA + (reg & 2));
}

static uint8_t cfg_readb(QTestState *s, int slot, int fn, int reg)
{
    qtest_outl(s, CONFIG_ADDRESS, cfg_addr(slot, fn, reg));
    return qtest_inb(s, CONFIG_DATA + (reg & 3));
}

static void cfg_writel(QTestState *s, int slot, int fn, int reg, uint32_t v)
{
    qtest_outl(s, CONFIG_ADDRESS, cfg_addr(slot, fn, reg));
    qtest_outl(s, CONFIG_DATA, v);
}

static void cfg_writeb(QTestState *s, int slot, int fn, int reg, uint8_t v)
{
    qtest_outl(s, CONFIG_ADDRESS, cfg_addr(slot, fn, reg));
    qtest_outb(s, CONFIG_DATA + (reg & 3), v);
}

static void test_host_bridge(void)
{
    QTestState *s = qtest_init("-machine pc");

    g_assert_cmphex(cfg_readl(s, 0, 0, 0x00), ==, 0x12378086);
    g_assert_cmphex(cfg_readw(s, 0, 0, 0x02), ==, 0x1237);
    g_assert_cmphex(cfg_readb(s, 0, 0, 0x01), ==, 0x80);
    g_assert_cmphex(cfg_readw(s, 0, 0, 0x0a), ==, 0x0600);
    g_assert_cmphex(cfg_readb(s, 0, 0, 0x0e) & 0x7f, ==, 0x00);
    /* No BARs: sizing writes are ignored. */
    cfg_writel(s, 0, 0, 0x10, 0xffffffff);
    g_assert_cmphex(cfg_readl(s, 0, 0, 0x10), ==, 0);
    /* Vendor and device ids are read-only. */
    cfg_writel(s, 0, 0, 0x00, 0);
    g_assert_cmphex(cfg_readl(s, 0, 0, 0x00), ==, 0x12378086);
    /* PAM RE/WE bits are writable (PAM0 has only the 0xf0000 pair;
     * QEMU also keeps the reserved bits, so only these are checked). */
    cfg_writeb(s, 0, 0, 0x59, 0xff);
    g_assert_cmphex(cfg_readb(s, 0, 0, 0x59) & 0x33, ==, 0x30 |
                    (cfg_readb(s, 0, 0, 0x59) & 0x03));
    cfg_writeb(s, 0, 0, 0x5a, 0x31);
    g_assert_cmphex(cfg_readb(s, 0, 0, 0x5a), ==, 0x31);
    cfg_writeb(s, 0, 0, 0x5a, 0x00);
    /* SMRAM: C_BASE_SEG fixed at 010b. */
    g_assert_cmphex(cfg_readb(s, 0, 0, 0x72), ==, 0x02);
    qtest_quit(s);
}

static void test_isa_bridge(void)
{
    QTestState *s = qtest_init("-machine pc");

    g_assert_cmphex(cfg_readl(s, 1, 0, 0x00), ==, 0x70008086);
    g_assert_cmphex(cfg_readw(s, 1, 0, 0x0a), ==, 0x0601);
    g_assert_cmphex(cfg_readb(s, 1, 0, 0x0e), ==, 0x80);   /* multi-fn */
    /* PIRQ A-D routing: disabled at reset, then writable. */
    g_assert_cmphex(cfg_readl(s, 1, 0, 0x60), ==, 0x80808080);
    cfg_writeb(s, 1, 0, 0x61, 0x0b);
    g_assert_cmphex(cfg_readl(s, 1, 0, 0x60), ==, 0x80800b80);
    g_assert_cmphex(cfg_readl(s, 1, 0, 0x4c) & 0xff00ff, ==, 0x03004d);
    qtest_quit(s);
}

static void test_absent_and_disabled(void)
{
    QTestState *s = qtest_init("-machine pc");

    /* Nobody at 00:1f.0 or on bus 5: master abort reads all ones. */
    g_assert_cmphex(cfg_readl(s, 0x1f, 0, 0x00), ==, 0xffffffff);
    g_assert_cmphex(cfg_readw(s, 0x1f, 0, 0x02), ==, 0xffff);
    qtest_outl(s, CONFIG_ADDRESS, 0x80050000);
    g_assert_cmphex(qtest_inl(s, CONFIG_DATA), ==, 0xffffffff);
    /* Enable bit clear: no config cycle at all. */
    qtest_outl(s, CONFIG_ADDRESS, 0x00000000);
    g_assert_cmphex(qtest_inl(s, CONFIG_DATA), ==, 0xffffffff);
    qtest_quit(s);
}

static void test_config_address(void)
{
    QTestState *s = qtest_init("-machine pc");

    qtest_outl(s, CONFIG_ADDRESS, 0x80001234 & ~3u);
    g_assert_cmphex(qtest_inl(s, CONFIG_ADDRESS), ==, 0x80001234 & ~3u);
    /* Narrow writes are not CONFIG_ADDRESS writes. */
    qtest_outw(s, CONFIG_ADDRESS, 0x5678);
    qtest_outb(s, CONFIG_ADDRESS + 3, 0x12);
    g_assert_cmphex(qtest_inl(s, CONFIG_ADDRESS), ==, 0x80001234 & ~3u);
    qtest_quit(s);
}

static void test_bar_sizing(void)
{
    QTestState *s = qtest_init("-machine pc -device pci-testdev,addr=5");

    g_assert_cmphex(cfg_readl(s, 5, 0, 0x00), ==, 0x00051b36);
    g_assert_cmphex(cfg_readl(s, 5, 0, 0x08) >> 8, ==, 0x00ff00);
    /* BAR0: 4 KiB 32-bit memory. */
    g_assert_cmphex(cfg_readl(s, 5, 0, 0x10), ==, 0);
    cfg_writel(s, 5, 0, 0x10, 0xffffffff);
    g_assert_cmphex(cfg_readl(s, 5, 0, 0x10), ==, 0xfffff000);
    /* BAR1: 256 bytes of I/O. */
    g_assert_cmphex(cfg_readl(s, 5, 0, 0x14), ==, 0x00000001);
    cfg_writel(s, 5, 0, 0x14, 0xffffffff);
    g_assert_cmphex(cfg_readl(s, 5, 0, 0x14), ==, 0xffffff01);
    /* Unused BAR2 stays 0. */
    cfg_writel(s, 5, 0, 0x18, 0xffffffff);
    g_assert_cmphex(cfg_readl(s, 5, 0, 0x18), ==, 0);
    /* Subsystem of the virtual platform. */
    g_assert_cmphex(cfg_readl(s, 5, 0, 0x2c), ==, 0x11001af4);
    qtest_quit(s);
}

static void test_bar_decode(void)
{
    QTestState *s = qtest_init("-machine pc -device pci-testdev,addr=5");
    /* What nothing answers with (all ones here, 0 on QEMU). */
    uint32_t unassigned = qtest_readl(s, 0xfd000000);

    cfg_writel(s, 5, 0, 0x10, 0xfe000000);
    cfg_writel(s, 5, 0, 0x14, 0xc000);
    /* Decode off: nothing answers. */
    g_assert_cmphex(qtest_inl(s, 0xc000), ==, 0xffffffff);
    g_assert_cmphex(qtest_readl(s, 0xfe000000), ==, unassigned);
    cfg_writel(s, 5, 0, 0x04, 0x3);         /* I/O + memory */
    g_assert_cmphex(cfg_readl(s, 5, 0, 0x04) & 0x3, ==, 0x3);
    /* The BARs answer (both read 0 at their start on a fresh device). */
    g_assert_cmphex(qtest_inl(s, 0xc000), ==, 0);
    g_assert_cmphex(qtest_readl(s, 0xfe000000), ==, 0);
    /* Decode off again unmaps. */
    cfg_writel(s, 5, 0, 0x04, 0x0);
    g_assert_cmphex(qtest_inl(s, 0xc000), ==, 0xffffffff);
    g_assert_cmphex(qtest_readl(s, 0xfe000000), ==, unassigned);
    /* Memory decode alone leaves the I/O BAR off. */
    cfg_writel(s, 5, 0, 0x04, 0x2);
    g_assert_cmphex(qtest_inl(s, 0xc000), ==, 0xffffffff);
    g_assert_cmphex(qtest_readl(s, 0xfe000000), ==, 0);
    qtest_quit(s);
}

static void test_slot_conflict(void)
{
    QTestState *s = qtest_init("-machine pc");
    JsonObject *rsp, *err;
    const char *desc;

    rsp = qtest_qmp(s, "{'execute': 'device_add', 'arguments': "
                       "{'driver': 'pci-testdev', 'addr': '0'}}");
    g_assert_true(json_object_has_member(rsp, "error"));
    err = json_object_get_object_member(rsp, "error");
    desc = json_object_get_string_member(err, "desc");
    g_assert_nonnull(strstr(desc, "PCI: slot 0 function 0 not available "
                                  "for pci-testdev, in use by i440FX"));
    json_object_unref(rsp);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/pci/host-bridge", test_host_bridge);
    qtest_add_func("/pci/isa-bridge", test_isa_bridge);
    qtest_add_func("/pci/absent-function", test_absent_and_disabled);
    qtest_add_func("/pci/config-address", test_config_address);
    qtest_add_func("/pci/bar-sizing", test_bar_sizing);
    qtest_add_func("/pci/bar-decode", test_bar_decode);
    qtest_add_func("/pci/slot-conflict", test_slot_conflict);
    return g_test_run();
}
