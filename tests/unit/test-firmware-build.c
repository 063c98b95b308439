/*
 * Unit tests for the pieces of the firmware interface that need no
 * machine: e820 overlay/merge, AML encodings, table-loader script.
 */
#include "qemu/osdep.h"
#include "hw/i386/pc.h"
#include "hw/i386/x86-boot.h"
#include "hw/acpi/aml-build.h"
#include "hw/acpi/bios-linker-loader.h"

static void test_e820_overlay(void)
{
    const E820Entry *e;
    int n;

    e820_reset_table();
    e820_add_entry(0, 256 * MiB, E820_RAM);
    e820_add_entry(0xa0000, 0x60000, E820_RESERVED);
    e820_add_entry(256 * MiB - 128 * KiB, 128 * KiB, E820_ACPI);
    e = e820_entries(&n);
    g_assert_cmpint(n, ==, 4);
    g_assert_cmphex(e[0].length, ==, 0xa0000);
    g_assert_cmphex(e[1].address, ==, 0xa0000);
    g_assert_cmpuint(e[1].type, ==, E820_RESERVED);
    g_assert_cmphex(e[2].address, ==, 0x100000);
    g_assert_cmphex(e[2].address + e[2].length, ==, 256 * MiB - 128 * KiB);
    g_assert_cmpuint(e[3].type, ==, E820_ACPI);
    g_assert_cmphex(e820_ram_below(4 * GiB), ==, 256 * MiB - 128 * KiB);
    /* Re-adding RAM over the hole merges everything back. */
    e820_add_entry(0, 256 * MiB, E820_RAM);
    e = e820_entries(&n);
    g_assert_cmpint(n, ==, 1);
    g_assert_cmphex(e[0].length, ==, 256 * MiB);
    e820_reset_table();
}

static void test_aml_encodings(void)
{
    uint8_t pl[4];
    char seg[4];
    Aml *a;

    g_assert_cmpuint(aml_encode_pkglength(pl, 10), ==, 1);
    g_assert_cmphex(pl[0], ==, 11);
    g_assert_cmpuint(aml_encode_pkglength(pl, 0x100), ==, 2);
    g_assert_cmphex(pl[0], ==, 0x40 | 0x2);          /* 0x102 */
    g_assert_cmphex(pl[1], ==, 0x10);
    aml_encode_nameseg(seg, "PCI");
    g_assert_cmpmem(seg, 4, "PCI_", 4);

    a = aml_eisaid("PNP0A03");
    g_assert_cmpuint(a->len, ==, 5);
    g_assert_cmphex(a->data[1], ==, 0x41);
    g_assert_cmphex(a->data[2], ==, 0xd0);
    g_assert_cmphex(a->data[3], ==, 0x0a);
    g_assert_cmphex(a->data[4], ==, 0x03);
    aml_free(a);

    a = aml_name("\\_SB.PCI0.ISA");
    g_assert_cmpuint(a->len, ==, 1 + 2 + 12);
    g_assert_cmphex(a->data[1], ==, 0x2f);
    g_assert_cmpuint(a->data[2], ==, 3);
    aml_free(a);
}

static uint64_t fixed_addr(const char *file, void *opaque)
{
    return !strcmp(file, "b") ? 0x1000 : 0x2000;
}

static void test_linker(void)
{
    BIOSLinker *l = bios_linker_loader_new();
    GArray *a = g_array_new(false, true, 1);
    GArray *b = g_array_new(false, true, 1);
    uint8_t init_a[8] = { 0x10, 0, 0, 0, 0 };
    GArray *script;

    g_array_append_vals(a, init_a, 8);
    g_array_set_size(b, 0x20);
    bios_linker_loader_alloc(l, "a", a, 16, true);
    bios_linker_loader_alloc(l, "b", b, 64, false);
    bios_linker_loader_add_pointer(l, "a", 0, 4, "b");
    bios_linker_loader_add_checksum(l, "a", 0, 8, 4);
    script = bios_linker_loader_script(l);
    g_assert_cmpuint(script->len, ==, 4 * 128);
    bios_linker_loader_apply(l, fixed_addr, NULL);
    g_assert_cmphex(a->data[0] | a->data[1] << 8, ==, 0x1010);
    g_assert_cmpuint(acpi_checksum((uint8_t *)a->data, 8), ==, 0);
    bios_linker_loader_free(l);
    g_array_free(a, true);
    g_array_free(b, true);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/firmware/e820-overlay", test_e820_overlay);
    g_test_add_func("/firmware/aml-encodings", test_aml_encodings);
    g_test_add_func("/firmware/linker", test_linker);
    return g_test_run();
}
