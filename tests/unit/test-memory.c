/*
 * Unit tests of the memory API: overlap resolution, aliases, listeners,
 * MMIO access splitting and validation, ROM, dirty bitmaps, DMA mapping,
 * discard, info mtree.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "exec/memory.h"
#include "exec/ramblock.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED

/* Each test builds its own space so tests cannot disturb each other. */
typedef struct Fixture {
    MemoryRegion root;
    AddressSpace as;
} Fixture;

static void fixture_init(Fixture *f, uint64_t size)
{
    memory_region_init(&f->root, NULL, "root", size);
    address_space_init(&f->as, &f->root, "test");
}

static void fixture_fini(Fixture *f)
{
    address_space_destroy(&f->as);
    memory_region_finalize(&f->root);
}

static void ram(MemoryRegion *mr, const char *name, uint64_t size)
{
    memory_region_init_ram(mr, NULL, name, size, &error_abort);
}

static uint8_t rd8(Fixture *f, hwaddr a)
{
    return address_space_ldub(&f->as, a, ATTRS, NULL);
}

static void test_priority(void)
{
    Fixture f;
    MemoryRegion low, high, eq1, eq2;

    fixture_init(&f, UINT64_MAX);
    ram(&low, "low", 0x4000);
    ram(&high, "high", 0x1000);
    memset(memory_region_get_ram_ptr(&low), 0x11, 0x4000);
    memset(memory_region_get_ram_ptr(&high), 0x22, 0x1000);
    memory_region_add_subregion_overlap(&f.root, 0x1000, &high, 1);
    memory_region_add_subregion(&f.root, 0, &low);

    g_assert_cmpuint(rd8(&f, 0x0fff), ==, 0x11);
    g_assert_cmpuint(rd8(&f, 0x1000), ==, 0x22);
    g_assert_cmpuint(rd8(&f, 0x1fff), ==, 0x22);
    g_assert_cmpuint(rd8(&f, 0x2000), ==, 0x11);
    /* The low region is split around the high one; offsets stay right. */
    address_space_stb(&f.as, 0x2000, 0x33, ATTRS, NULL);
    g_assert_cmpuint(((uint8_t *)memory_region_get_ram_ptr(&low))[0x2000],
                     ==, 0x33);
    g_assert_cmpuint(address_space_to_flatview(&f.as) ? 1 : 0, ==, 1);

    /* Equal priority: the region added last wins. */
    ram(&eq1, "eq1", 0x1000);
    ram(&eq2, "eq2", 0x1000);
    memset(memory_region_get_ram_ptr(&eq1), 0xe1, 0x1000);
    memset(memory_region_get_ram_ptr(&eq2), 0xe2, 0x1000);
    memory_region_add_subregion_overlap(&f.root, 0x10000, &eq1, 5);
    memory_region_add_subregion_overlap(&f.root, 0x10000, &eq2, 5);
    g_assert_cmpuint(rd8(&f, 0x10000), ==, 0xe2);
    memory_region_del_subregion(&f.root, &eq2);
    g_assert_cmpuint(rd8(&f, 0x10000), ==, 0xe1);

    /* Lowering high below low hides it (re-adding with new priority). */
    memory_region_del_subregion(&f.root, &high);
    memory_region_add_subregion_overlap(&f.root, 0x1000, &high, -1);
    g_assert_cmpuint(rd8(&f, 0x1000), ==, 0x11);

    memory_region_finalize(&eq1);
    memory_region_finalize(&eq2);
    memory_region_finalize(&high);
    memory_region_finalize(&low);
    fixture_fini(&f);
}

static void test_alias(void)
{
    Fixture f;
    MemoryRegion r, a, cont, inner, ca;
    uint8_t *p;

    fixture_init(&f, UINT64_MAX);
    ram(&r, "r", 0x10000);
    p = memory_region_get_ram_ptr(&r);
    for (int i = 0; i < 0x10000; i++) {
        p[i] = i >> 8;
    }
    memory_region_add_subregion(&f.root, 0, &r);
    /* Alias showing r[0x3000..0x5000) at 0x100000. */
    memory_region_init_alias(&a, NULL, "a", &r, 0x3000, 0x2000);
    memory_region_add_subregion(&f.root, 0x100000, &a);
    g_assert_cmpuint(rd8(&f, 0x100000), ==, 0x30);
    g_assert_cmpuint(rd8(&f, 0x101fff), ==, 0x4f);
    g_assert_cmpuint(address_space_ldub(&f.as, 0x102000, ATTRS, NULL),
                     ==, 0xff);
    memory_region_set_alias_offset(&a, 0x8000);
    g_assert_cmpuint(rd8(&f, 0x100000), ==, 0x80);
    g_assert_true(memory_region_get_ram_ptr(&a) == p + 0x8000);

    /* Alias of a container: its subregions show through, clipped. */
    memory_region_init(&cont, NULL, "cont", 0x10000);
    memory_region_init_alias(&inner, NULL, "inner", &r, 0xa000, 0x1000);
    memory_region_add_subregion(&cont, 0x800, &inner);
    memory_region_init_alias(&ca, NULL, "ca", &cont, 0x400, 0x800);
    memory_region_add_subregion(&f.root, 0x200000, &ca);
    g_assert_cmpuint(rd8(&f, 0x200000), ==, 0xff);   /* hole in cont */
    g_assert_cmpuint(rd8(&f, 0x200400), ==, 0xa0);
    g_assert_cmpuint(rd8(&f, 0x2007ff), ==, 0xa3);
    g_assert_cmpuint(rd8(&f, 0x200800), ==, 0xff);   /* clipped */

    memory_region_finalize(&ca);
    memory_region_finalize(&inner);
    memory_region_finalize(&cont);
    memory_region_finalize(&a);
    memory_region_finalize(&r);
    fixture_fini(&f);
}

static void test_enable_move_resize(void)
{
    Fixture f;
    MemoryRegion r, c;
    MemoryRegionSection s;

    fixture_init(&f, UINT64_MAX);
    ram(&r, "r", 0x2000);
    memset(memory_region_get_ram_ptr(&r), 0x5a, 0x2000);
    memory_region_add_subregion(&f.root, 0x4000, &r);
    g_assert_true(memory_region_is_mapped(&r));
    g_assert_cmpuint(rd8(&f, 0x4000), ==, 0x5a);
    memory_region_set_enabled(&r, false);
    g_assert_cmpuint(rd8(&f, 0x4000), ==, 0xff);
    memory_region_set_enabled(&r, true);
    g_assert_cmpuint(rd8(&f, 0x4000), ==, 0x5a);

    memory_region_set_address(&r, 0x8000);
    g_assert_cmpuint(rd8(&f, 0x4000), ==, 0xff);
    g_assert_cmpuint(rd8(&f, 0x8000), ==, 0x5a);

    memory_region_set_size(&r, 0x1000);
    g_assert_cmpuint(rd8(&f, 0x8fff), ==, 0x5a);
    g_assert_cmpuint(rd8(&f, 0x9000), ==, 0xff);
    /* RAM cannot grow past its block. */
    memory_region_set_size(&r, 0x4000);
    g_assert_cmpuint(memory_region_size(&r), ==, 0x1000);

    s = memory_region_find(&r, 0x800, 0x10000);
    g_assert_true(s.mr == &r);
    g_assert_cmpuint(s.offset_within_address_space, ==, 0x8800);
    g_assert_cmpuint(s.offset_within_region, ==, 0x800);
    g_assert_cmpuint(s.size, ==, 0x800);

    /* A container (nested) moves its children with it. */
    memory_region_init(&c, NULL, "c", 0x100000);
    memory_region_del_subregion(&f.root, &r);
    memory_region_add_subregion(&c, 0x10, &r);
    memory_region_add_subregion(&f.root, 0x100000, &c);
    g_assert_cmpuint(rd8(&f, 0x100010), ==, 0x5a);
    memory_region_set_address(&c, 0x200000);
    g_assert_cmpuint(rd8(&f, 0x200010), ==, 0x5a);
    g_assert_cmpuint(rd8(&f, 0x100010), ==, 0xff);

    memory_region_finalize(&r);
    memory_region_finalize(&c);
    fixture_fini(&f);
}

/* ---- listeners ---- */

typedef struct Recorder {
    MemoryListener l;
    GString *log;
    const char *tag;
} Recorder;

static void rec(MemoryListener *l, const char *what, MemoryRegionSection *s)
{
    Recorder *r = container_of(l, Recorder, l);
    if (r->tag) {
        g_string_append_printf(r->log, "%s:", r->tag);
    }
    if (s) {
        g_string_append_printf(r->log, "%s %s %" PRIx64 "+%" PRIx64 "@%"
                               PRIx64 ";", what, memory_region_name(s->mr),
                               s->offset_within_address_space, s->size,
                               s->offset_within_region);
    } else {
        g_string_append_printf(r->log, "%s;", what);
    }
}

static void rec_begin(MemoryListener *l) { rec(l, "begin", NULL); }
static void rec_commit(MemoryListener *l) { rec(l, "commit", NULL); }
static void rec_add(MemoryListener *l, MemoryRegionSection *s)
{
    rec(l, "add", s);
}
static void rec_del(MemoryListener *l, MemoryRegionSection *s)
{
    rec(l, "del", s);
}
static void rec_nop(MemoryListener *l, MemoryRegionSection *s)
{
    rec(l, "nop", s);
}
static void rec_log_start(MemoryListener *l, MemoryRegionSection *s, int o,
                          int n)
{
    rec(l, n & (1 << DIRTY_MEMORY_MIGRATION) ? "logstart-mig" : "logstart",
        s);
}
static void rec_log_stop(MemoryListener *l, MemoryRegionSection *s, int o,
                         int n)
{
    rec(l, "logstop", s);
}
static void rec_gstart(MemoryListener *l) { rec(l, "gstart", NULL); }
static void rec_gstop(MemoryListener *l) { rec(l, "gstop", NULL); }

static void recorder_init(Recorder *r, GString *log, const char *tag,
                          unsigned prio)
{
    *r = (Recorder) {
        .l = {
            .name = tag ? tag : "rec",
            .begin = rec_begin, .commit = rec_commit,
            .region_add = rec_add, .region_del = rec_del,
            .region_nop = rec_nop,
            .log_start = rec_log_start, .log_stop = rec_log_stop,
            .log_global_start = rec_gstart, .log_global_stop = rec_gstop,
            .priority = prio,
        },
        .log = log,
        .tag = tag,
    };
}

static void expect_log(GString *log, const char *want)
{
    g_assert_cmpstr(log->str, ==, want);
    g_string_truncate(log, 0);
}

static void test_listener(void)
{
    Fixture f;
    MemoryRegion a, b;
    Recorder r;
    GString *log = g_string_new("");

    fixture_init(&f, UINT64_MAX);
    ram(&a, "a", 0x1000);
    ram(&b, "b", 0x1000);
    memory_region_add_subregion(&f.root, 0x1000, &a);

    /* Registration replays the current view. */
    recorder_init(&r, log, NULL, 0);
    memory_listener_register(&r.l, &f.as);
    expect_log(log, "begin;add a 1000+1000@0;commit;");

    memory_region_add_subregion(&f.root, 0x3000, &b);
    expect_log(log, "begin;nop a 1000+1000@0;add b 3000+1000@0;commit;");

    /* A move is a del of the old range then an add of the new one. */
    memory_region_set_address(&b, 0x5000);
    expect_log(log, "begin;del b 3000+1000@0;nop a 1000+1000@0;"
               "add b 5000+1000@0;commit;");

    /* A transaction batches several changes into one update. */
    memory_region_transaction_begin();
    memory_region_set_enabled(&a, false);
    memory_region_set_enabled(&b, false);
    g_assert_cmpstr(log->str, ==, "");
    memory_region_transaction_commit();
    expect_log(log, "begin;del a 1000+1000@0;del b 5000+1000@0;commit;");
    memory_region_set_enabled(&a, true);
    expect_log(log, "begin;add a 1000+1000@0;commit;");

    /* Dirty logging on a region: nop plus log_start / log_stop. */
    memory_region_set_log(&a, true, DIRTY_MEMORY_VGA);
    expect_log(log, "begin;nop a 1000+1000@0;logstart a 1000+1000@0;"
               "commit;");
    memory_region_set_log(&a, false, DIRTY_MEMORY_VGA);
    expect_log(log, "begin;nop a 1000+1000@0;logstop a 1000+1000@0;"
               "commit;");

    /* Global dirty logging reaches every listener and RAM section. */
    memory_global_dirty_log_start();
    g_assert_true(memory_global_dirty_log_enabled());
    expect_log(log, "gstart;begin;nop a 1000+1000@0;"
               "logstart-mig a 1000+1000@0;commit;");
    memory_global_dirty_log_stop();
    expect_log(log, "begin;nop a 1000+1000@0;logstop a 1000+1000@0;"
               "commit;gstop;");

    memory_listener_unregister(&r.l);
    expect_log(log, "begin;del a 1000+1000@0;commit;");
    memory_region_set_enabled(&b, true);
    expect_log(log, "");

    memory_region_finalize(&a);
    memory_region_finalize(&b);
    fixture_fini(&f);
    g_string_free(log, true);
}

static void test_listener_priority(void)
{
    Fixture f;
    MemoryRegion a;
    Recorder r1, r2;
    GString *log = g_string_new("");

    fixture_init(&f, UINT64_MAX);
    ram(&a, "a", 0x1000);
    recorder_init(&r2, log, "p2", 2);
    recorder_init(&r1, log, "p1", 1);
    memory_listener_register(&r2.l, &f.as);
    memory_listener_register(&r1.l, &f.as);
    expect_log(log, "p2:begin;p2:commit;p1:begin;p1:commit;");
    memory_region_add_subregion(&f.root, 0, &a);
    /* Additions in ascending priority. */
    expect_log(log, "p1:begin;p2:begin;p1:add a 0+1000@0;p2:add a 0+1000@0;"
               "p1:commit;p2:commit;");
    memory_region_del_subregion(&f.root, &a);
    /* Deletions in descending priority. */
    expect_log(log, "p1:begin;p2:begin;p2:del a 0+1000@0;p1:del a 0+1000@0;"
               "p1:commit;p2:commit;");
    memory_listener_unregister(&r1.l);
    memory_listener_unregister(&r2.l);
    memory_region_finalize(&a);
    fixture_fini(&f);
    g_string_free(log, true);
}

/* ---- MMIO ---- */

typedef struct Dev {
    GString *log;
    uint8_t regs[16];
} Dev;

static uint64_t dev_read(void *opaque, hwaddr addr, unsigned size)
{
    Dev *d = opaque;
    uint64_t v = 0;

    g_string_append_printf(d->log, "r%u@%" PRIx64 ";", size, addr);
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)d->regs[(addr + i) % 16] << (8 * i);
    }
    return v;
}

static void dev_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    Dev *d = opaque;

    g_string_append_printf(d->log, "w%u@%" PRIx64 "=%" PRIx64 ";", size,
                           addr, val);
    for (unsigned i = 0; i < size; i++) {
        d->regs[(addr + i) % 16] = val >> (8 * i);
    }
}

static void dev_init(Dev *d)
{
    d->log = g_string_new("");
    for (int i = 0; i < 16; i++) {
        d->regs[i] = 0x10 + i;
    }
}

static const MemoryRegionOps byte_impl_ops = {
    .read = dev_read, .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static const MemoryRegionOps dword_impl_ops = {
    .read = dev_read, .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static const MemoryRegionOps word_only_ops = {
    .read = dev_read, .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 2, .max_access_size = 2 },
};

static const MemoryRegionOps be_ops = {
    .read = dev_read, .write = dev_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static void test_mmio_split(void)
{
    Fixture f;
    MemoryRegion m, w, be;
    Dev d, dw, db;
    uint64_t v;

    fixture_init(&f, 0x100000);
    dev_init(&d);
    dev_init(&dw);
    dev_init(&db);
    memory_region_init_io(&m, NULL, &byte_impl_ops, &d, "bytes", 16);
    memory_region_init_io(&w, NULL, &dword_impl_ops, &dw, "dwords", 16);
    memory_region_init_io(&be, NULL, &be_ops, &db, "be", 16);
    memory_region_add_subregion(&f.root, 0x1000, &m);
    memory_region_add_subregion(&f.root, 0x2000, &w);
    memory_region_add_subregion(&f.root, 0x3000, &be);

    /* 4-byte access to a byte-wide device: four callbacks, LE assembled. */
    v = address_space_ldl_le(&f.as, 0x1004, ATTRS, NULL);
    g_assert_cmphex(v, ==, 0x17161514);
    g_assert_cmpstr(d.log->str, ==, "r1@4;r1@5;r1@6;r1@7;");
    g_string_truncate(d.log, 0);
    address_space_stw_le(&f.as, 0x1002, 0xbeef, ATTRS, NULL);
    g_assert_cmpstr(d.log->str, ==, "w1@2=ef;w1@3=be;");

    /* 1-byte read from a dword device: widened to the aligned dword. */
    g_assert_cmpuint(address_space_ldub(&f.as, 0x2006, ATTRS, NULL), ==,
                     0x16);
    g_assert_cmpstr(dw.log->str, ==, "r4@4;");
    g_string_truncate(dw.log, 0);
    /* 8-byte access: split by valid.max into two dword accesses. */
    v = address_space_ldq_le(&f.as, 0x2000, ATTRS, NULL);
    g_assert_cmphex(v, ==, 0x1716151413121110ULL);
    g_assert_cmpstr(dw.log->str, ==, "r4@0;r4@4;");

    /* Big-endian device: bytes in memory order are MSB first. */
    g_assert_cmpuint(memory_region_dispatch_read(&be, 0, &v, 4, ATTRS), ==,
                     MEMTX_OK);
    /* The device value 0x13121110 is MSB first in memory. */
    g_assert_cmphex(v, ==, 0x10111213);
    memory_region_dispatch_write(&be, 0, 0x11223344, 4, ATTRS);
    g_assert_cmpstr(db.log->str, ==, "r4@0;w4@0=44332211;");

    memory_region_finalize(&m);
    memory_region_finalize(&w);
    memory_region_finalize(&be);
    fixture_fini(&f);
    g_string_free(d.log, true);
    g_string_free(dw.log, true);
    g_string_free(db.log, true);
}

static void test_mmio_valid(void)
{
    Fixture f;
    MemoryRegion m;
    Dev d;
    uint64_t v;
    MemTxResult r;

    fixture_init(&f, 0x100000);
    dev_init(&d);
    memory_region_init_io(&m, NULL, &word_only_ops, &d, "words", 16);
    memory_region_add_subregion(&f.root, 0x1000, &m);

    /* Too wide, too narrow, unaligned: rejected without a callback. */
    r = memory_region_dispatch_read(&m, 0, &v, 4, ATTRS);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(v, ==, 0xffffffff);
    r = memory_region_dispatch_read(&m, 0, &v, 1, ATTRS);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(v, ==, 0xff);
    r = memory_region_dispatch_write(&m, 1, 0x1234, 2, ATTRS);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    /* Past the end of the region. */
    r = memory_region_dispatch_read(&m, 16, &v, 2, ATTRS);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    g_assert_cmpstr(d.log->str, ==, "");
    g_assert_false(memory_region_access_valid(&m, 0, 4, false));
    g_assert_true(memory_region_access_valid(&m, 2, 2, true));

    /* address_space_* splits a 4-byte access into valid 2-byte pieces. */
    v = address_space_ldl_le(&f.as, 0x1000, ATTRS, &r);
    g_assert_cmpuint(r, ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0x13121110);
    g_assert_cmpstr(d.log->str, ==, "r2@0;r2@2;");
    g_string_truncate(d.log, 0);
    /* ...but a single byte cannot be made valid. */
    g_assert_cmpuint(address_space_ldub(&f.as, 0x1001, ATTRS, &r), ==, 0xff);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    g_assert_cmpstr(d.log->str, ==, "");

    g_assert_true(address_space_access_valid(&f.as, 0x1000, 4, false,
                                             ATTRS));
    g_assert_false(address_space_access_valid(&f.as, 0x1001, 1, false,
                                              ATTRS));
    g_assert_false(address_space_access_valid(&f.as, 0x1000, 32, false,
                                              ATTRS));
    g_assert_true(address_space_access_valid(&f.as, 0x1002, 14, true,
                                             ATTRS));
    g_assert_false(address_space_access_valid(&f.as, 0x1002, 13, true,
                                              ATTRS));

    memory_region_finalize(&m);
    fixture_fini(&f);
    g_string_free(d.log, true);
}

static void test_unassigned(void)
{
    Fixture f;
    MemoryRegion r;
    uint8_t buf[8];
    MemTxResult res;

    fixture_init(&f, UINT64_MAX);
    ram(&r, "r", 0x1000);
    memset(memory_region_get_ram_ptr(&r), 0, 0x1000);
    memory_region_add_subregion(&f.root, 0x1000, &r);

    res = address_space_read(&f.as, 0x5000, ATTRS, buf, 4);
    g_assert_cmpuint(res, ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(buf[0] & buf[1] & buf[2] & buf[3], ==, 0xff);
    /* Half RAM, half hole. */
    res = address_space_read(&f.as, 0x1ffc, ATTRS, buf, 8);
    g_assert_cmpuint(res, ==, MEMTX_DECODE_ERROR);
    g_assert_cmpuint(buf[3], ==, 0);
    g_assert_cmpuint(buf[4], ==, 0xff);
    /* Wrapping past 2^64 never reaches address 0. */
    res = address_space_read(&f.as, UINT64_MAX - 1, ATTRS, buf, 4);
    g_assert_cmpuint(res, ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(buf[3], ==, 0xff);
    g_assert_cmpuint(address_space_write(&f.as, 0x9000, ATTRS, buf, 8), ==,
                     MEMTX_DECODE_ERROR);

    memory_region_finalize(&r);
    fixture_fini(&f);
}

static void test_rom(void)
{
    Fixture f;
    MemoryRegion rom, rd;
    Dev d;
    uint8_t *p;
    uint64_t v;

    fixture_init(&f, UINT64_MAX);
    memory_region_init_rom(&rom, NULL, "rom", 0x1000, &error_abort);
    g_assert_true(memory_region_is_rom(&rom));
    p = memory_region_get_ram_ptr(&rom);
    memset(p, 0xaa, 0x1000);
    memory_region_add_subregion(&f.root, 0xf000, &rom);

    address_space_stl_le(&f.as, 0xf000, 0x12345678, ATTRS, NULL);
    g_assert_cmphex(address_space_ldl_le(&f.as, 0xf000, ATTRS, NULL), ==,
                    0xaaaaaaaa);
    address_space_write_rom(&f.as, 0xf000, ATTRS, "\x01\x02", 2);
    g_assert_cmphex(address_space_lduw_le(&f.as, 0xf000, ATTRS, NULL), ==,
                    0x0201);

    /* ROM device: reads from RAM, writes to the device; romd off sends
     * reads to the device too. */
    dev_init(&d);
    memory_region_init_rom_device(&rd, NULL, &byte_impl_ops, &d, "flash",
                                  0x1000, &error_abort);
    memset(memory_region_get_ram_ptr(&rd), 0x77, 0x1000);
    memory_region_add_subregion(&f.root, 0x20000, &rd);
    g_assert_cmpuint(rd8(&f, 0x20003), ==, 0x77);
    address_space_stb(&f.as, 0x20003, 0x99, ATTRS, NULL);
    g_assert_cmpstr(d.log->str, ==, "w1@3=99;");
    g_assert_cmpuint(rd8(&f, 0x20003), ==, 0x77);
    memory_region_rom_device_set_romd(&rd, false);
    g_assert_cmpuint(rd8(&f, 0x20003), ==, 0x99);
    memory_region_dispatch_read(&rd, 3, &v, 1, ATTRS);
    g_assert_cmpuint(v, ==, 0x99);
    /* Loaders write a ROM device's RAM. */
    address_space_write_rom(&f.as, 0x20000, ATTRS, "\x42", 1);
    memory_region_rom_device_set_romd(&rd, true);
    g_assert_cmpuint(rd8(&f, 0x20000), ==, 0x42);

    memory_region_finalize(&rd);
    memory_region_finalize(&rom);
    fixture_fini(&f);
    g_string_free(d.log, true);
}

static void test_dirty(void)
{
    Fixture f;
    MemoryRegion r;
    RAMBlock *rb;

    fixture_init(&f, UINT64_MAX);
    ram(&r, "dirty-ram", 0x10000);
    memory_region_add_subregion(&f.root, 0x100000, &r);
    rb = qemu_ram_block_by_name("dirty-ram");
    g_assert_nonnull(rb);
    g_assert_true(rb == r.ram_block);
    g_assert_cmpuint(ram_block_nr_pages(rb), ==, 16);

    /* Everything starts dirty. */
    g_assert_true(memory_region_test_and_clear_dirty(&r, 0, 0x10000,
                                                     DIRTY_MEMORY_VGA));
    g_assert_false(memory_region_get_dirty(&r, 0, 0x10000,
                                           DIRTY_MEMORY_VGA));
    memory_region_reset_dirty(&r, 0, 0x10000, DIRTY_MEMORY_MIGRATION);

    /* Not logging: writes leave the bitmap alone. */
    address_space_stb(&f.as, 0x101000, 1, ATTRS, NULL);
    g_assert_false(memory_region_get_dirty(&r, 0, 0x10000,
                                           DIRTY_MEMORY_VGA));

    memory_region_set_log(&r, true, DIRTY_MEMORY_VGA);
    /* A write straddling pages 2 and 3. */
    address_space_stl_le(&f.as, 0x102ffe, 0xffffffff, ATTRS, NULL);
    g_assert_false(memory_region_get_dirty(&r, 0x1000, 0x1000,
                                           DIRTY_MEMORY_VGA));
    g_assert_true(memory_region_get_dirty(&r, 0x2000, 1, DIRTY_MEMORY_VGA));
    g_assert_true(memory_region_get_dirty(&r, 0x3fff, 1, DIRTY_MEMORY_VGA));
    g_assert_false(memory_region_get_dirty(&r, 0x4000, 0xc000,
                                           DIRTY_MEMORY_VGA));
    /* Migration is not logging: its bitmap stays clean. */
    g_assert_false(memory_region_get_dirty(&r, 0, 0x10000,
                                           DIRTY_MEMORY_MIGRATION));
    g_assert_true(memory_region_test_and_clear_dirty(&r, 0x2000, 0x1000,
                                                     DIRTY_MEMORY_VGA));
    g_assert_false(memory_region_test_and_clear_dirty(&r, 0x2000, 0x1000,
                                                      DIRTY_MEMORY_VGA));
    g_assert_true(memory_region_test_and_clear_dirty(&r, 0, 0x10000,
                                                     DIRTY_MEMORY_VGA));

    memory_region_set_dirty(&r, 0x8000, 1);
    g_assert_true(memory_region_get_dirty(&r, 0x8000, 0x1000,
                                          DIRTY_MEMORY_VGA));

    /* Global logging adds migration for every RAM write. */
    memory_global_dirty_log_start();
    address_space_stb(&f.as, 0x10f000, 1, ATTRS, NULL);
    g_assert_true(memory_region_get_dirty(&r, 0xf000, 1,
                                          DIRTY_MEMORY_MIGRATION));
    memory_global_dirty_log_stop();
    memory_region_reset_dirty(&r, 0, 0x10000, DIRTY_MEMORY_MIGRATION);
    address_space_stb(&f.as, 0x10e000, 1, ATTRS, NULL);
    g_assert_false(memory_region_get_dirty(&r, 0xe000, 1,
                                           DIRTY_MEMORY_MIGRATION));
    /* Out-of-range queries are clipped, not trusted. */
    g_assert_false(memory_region_get_dirty(&r, 0x10000, 0x1000,
                                           DIRTY_MEMORY_VGA));
    g_assert_false(memory_region_get_dirty(&r, 0, 1, 99));

    memory_region_finalize(&r);
    g_assert_null(qemu_ram_block_by_name("dirty-ram"));
    fixture_fini(&f);
}

static uint64_t code_hook_offset;
static unsigned code_hook_calls;

static void code_hook(RAMBlock *rb, uint64_t offset, uint64_t len)
{
    code_hook_offset = offset;
    code_hook_calls++;
}

static void test_code_tracking(void)
{
    Fixture f;
    MemoryRegion r;

    fixture_init(&f, UINT64_MAX);
    ram(&r, "code-ram", 0x4000);
    memory_region_add_subregion(&f.root, 0, &r);
    ram_block_set_code_write_hook(code_hook);
    address_space_stb(&f.as, 0x1000, 1, ATTRS, NULL);
    g_assert_cmpuint(code_hook_calls, ==, 0);      /* no code there */
    ram_block_protect_code(r.ram_block, 0x2000, 0x1000);
    address_space_stb(&f.as, 0x2004, 1, ATTRS, NULL);
    g_assert_cmpuint(code_hook_calls, ==, 1);
    g_assert_cmphex(code_hook_offset, ==, 0x2000);
    address_space_stb(&f.as, 0x2008, 1, ATTRS, NULL);
    g_assert_cmpuint(code_hook_calls, ==, 1);      /* bit set again */
    ram_block_set_code_write_hook(NULL);
    memory_region_finalize(&r);
    fixture_fini(&f);
}

static void test_map(void)
{
    Fixture f;
    MemoryRegion r, rom, m;
    Dev d;
    hwaddr len;
    uint8_t *p, *q;

    fixture_init(&f, UINT64_MAX);
    ram(&r, "map-ram", 0x4000);
    memory_region_add_subregion(&f.root, 0x10000, &r);
    memory_region_init_rom(&rom, NULL, "map-rom", 0x1000, &error_abort);
    memory_region_add_subregion(&f.root, 0x14000, &rom);
    dev_init(&d);
    memory_region_init_io(&m, NULL, &byte_impl_ops, &d, "map-mmio", 16);
    memory_region_add_subregion(&f.root, 0x20000, &m);

    /* RAM maps directly, shortened at the end of the RAM. */
    len = 0x10000;
    p = address_space_map(&f.as, 0x13000, &len, true, ATTRS);
    g_assert_true(p == (uint8_t *)memory_region_get_ram_ptr(&r) + 0x3000);
    g_assert_cmphex(len, ==, 0x1000);
    memory_region_set_log(&r, true, DIRTY_MEMORY_VGA);
    memory_region_reset_dirty(&r, 0, 0x4000, DIRTY_MEMORY_VGA);
    p[0] = 1;
    /* Unmap marks only what was written (access_len) dirty. */
    address_space_unmap(&f.as, p, len, true, 0x10);
    g_assert_true(memory_region_get_dirty(&r, 0x3000, 1, DIRTY_MEMORY_VGA));
    g_assert_false(memory_region_get_dirty(&r, 0, 0x3000,
                                           DIRTY_MEMORY_VGA));

    /* Nothing mapped, or zero length: NULL. */
    len = 0x100;
    g_assert_null(address_space_map(&f.as, 0x50000, &len, false, ATTRS));
    g_assert_cmpuint(len, ==, 0);
    len = 0;
    g_assert_null(address_space_map(&f.as, 0x10000, &len, false, ATTRS));

    /* MMIO: one bounce buffer at a time, written back on unmap. */
    len = 0x100;
    p = address_space_map(&f.as, 0x20000, &len, true, ATTRS);
    g_assert_nonnull(p);
    g_assert_cmpuint(len, ==, 16);
    len = 4;
    q = address_space_map(&f.as, 0x20004, &len, false, ATTRS);
    g_assert_null(q);
    memset(p, 0x5a, 16);
    address_space_unmap(&f.as, p, 16, true, 2);
    g_assert_cmpstr(d.log->str, ==, "w1@0=5a;w1@1=5a;");
    len = 4;
    q = address_space_map(&f.as, 0x20004, &len, false, ATTRS);
    g_assert_nonnull(q);
    g_assert_cmphex(q[0], ==, 0x14);
    address_space_unmap(&f.as, q, len, false, 0);

    /* A ROM cannot be written through a mapping: it bounces. */
    len = 0x1000;
    p = address_space_map(&f.as, 0x14000, &len, true, ATTRS);
    g_assert_true(p != memory_region_get_ram_ptr(&rom));
    address_space_unmap(&f.as, p, len, true, len);

    memory_region_finalize(&m);
    memory_region_finalize(&rom);
    memory_region_finalize(&r);
    fixture_fini(&f);
    g_string_free(d.log, true);
}

/*
 * The per-thread view cache: a get after a put is the same view until
 * the map changes; a change releases the views threads cached (an
 * owner's references drop at once); readers racing with map changes
 * always see one of the two layouts.
 */
#define TYPE_MEM_OWNER "test-mem-owner"

static const TypeInfo mem_owner_info = {
    .name = TYPE_MEM_OWNER,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Object),
};

typedef struct ViewReader {
    AddressSpace *as;
    hwaddr addr;
    uint64_t a, b;
    bool stop;
    unsigned reads, wrong;
} ViewReader;

static gpointer view_reader_fn(gpointer opaque)
{
    ViewReader *r = opaque;

    while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE) ||
           r->reads < 1000) {
        uint64_t v = address_space_ldq_le(r->as, r->addr, ATTRS, NULL);
        r->wrong += v != r->a && v != r->b;
        r->reads++;
    }
    return NULL;
}

static void test_view_cache(void)
{
    Fixture f;
    MemoryRegion r1, r2, r3;
    Object *owner;
    FlatView *fv1, *fv2;
    MemoryRamSpan span;
    ViewReader vr;
    GThread *th[2];
    uint32_t refs;

    type_register_static(&mem_owner_info);
    owner = object_new(TYPE_MEM_OWNER);
    fixture_init(&f, UINT64_MAX);
    ram(&r1, "view-ram1", 0x1000);
    memory_region_init_ram(&r2, owner, "view-ram2", 0x1000, &error_abort);
    memory_region_add_subregion(&f.root, 0x1000, &r1);

    fv1 = address_space_get_flatview(&f.as);
    address_space_put_flatview(&f.as, fv1);
    fv2 = address_space_get_flatview(&f.as);
    g_assert_true(fv1 == fv2);
    g_assert_true(flatview_ram_span(fv2, 0x1008, &span));
    address_space_put_flatview(&f.as, fv2);
    g_assert_true(flatview_ram_span_current(fv1, &span));

    /* The owner's region enters the map: the view holds a reference,
     * and so does this thread's cache after an access. */
    refs = owner->ref;
    memory_region_add_subregion_overlap(&f.root, 0x1000, &r2, 1);
    g_assert_cmpuint(owner->ref, ==, refs + 1);
    g_assert_cmpuint(rd8(&f, 0x1000), ==, 0);
    fv2 = address_space_get_flatview(&f.as);
    g_assert_false(flatview_ram_span_current(fv2, &span));
    address_space_put_flatview(&f.as, fv2);
    /* Leaving the map drops every reference at once, cached or not. */
    memory_region_del_subregion(&f.root, &r2);
    g_assert_cmpuint(owner->ref, ==, refs);

    /* Readers on other threads while the map flips between two RAMs. */
    ram(&r3, "view-ram3", 0x1000);
    memset(memory_region_get_ram_ptr(&r1), 0x11, 0x1000);
    memset(memory_region_get_ram_ptr(&r3), 0x33, 0x1000);
    vr = (ViewReader) { .as = &f.as, .addr = 0x1010,
                        .a = 0x1111111111111111ull,
                        .b = 0x3333333333333333ull };
    for (int i = 0; i < 2; i++) {
        th[i] = g_thread_new("view-reader", view_reader_fn, &vr);
    }
    for (int i = 0; i < 300; i++) {
        memory_region_add_subregion_overlap(&f.root, 0x1000, &r3, 1);
        memory_region_del_subregion(&f.root, &r3);
    }
    __atomic_store_n(&vr.stop, true, __ATOMIC_RELEASE);
    for (int i = 0; i < 2; i++) {
        g_thread_join(th[i]);
    }
    g_assert_cmpuint(vr.wrong, ==, 0);

    memory_region_finalize(&r3);
    memory_region_finalize(&r2);
    memory_region_finalize(&r1);
    fixture_fini(&f);
    g_assert_cmpuint(owner->ref, ==, 1);
    object_unref(owner);
}

/* RAM spans: host pointers into RAM/ROM only; writes through them are
 * reported like memory API writes (dirty bits, code invalidation). */
static void test_ram_span(void)
{
    Fixture f;
    MemoryRegion r, rom, m;
    MemoryRamSpan span;
    FlatView *fv;
    Dev d;
    uint8_t *host;

    fixture_init(&f, UINT64_MAX);
    ram(&r, "span-ram", 0x4000);
    memory_region_add_subregion(&f.root, 0x10000, &r);
    memory_region_init_rom(&rom, NULL, "span-rom", 0x1000, &error_abort);
    memory_region_add_subregion(&f.root, 0x14000, &rom);
    dev_init(&d);
    memory_region_init_io(&m, NULL, &byte_impl_ops, &d, "span-mmio", 16);
    memory_region_add_subregion(&f.root, 0x20000, &m);
    host = memory_region_get_ram_ptr(&r);

    fv = address_space_get_flatview(&f.as);
    g_assert_true(flatview_ram_span(fv, 0x12345, &span));
    g_assert_cmphex(span.addr, ==, 0x10000);
    g_assert_cmphex(span.last, ==, 0x13fff);
    g_assert_true(span.host == host);
    g_assert_true(span.writable);
    g_assert_true(span.rb == r.ram_block);
    g_assert_true(flatview_ram_span(fv, 0x14010, &span));
    g_assert_false(span.writable);
    g_assert_false(flatview_ram_span(fv, 0x20000, &span));
    g_assert_false(flatview_ram_span(fv, 0x30000, &span));

    /* A write through the span: dirty for the logging client, and the
     * code-write hook for a page holding code. */
    g_assert_true(flatview_ram_span(fv, 0x12000, &span));
    address_space_put_flatview(&f.as, fv);
    memory_region_set_log(&r, true, DIRTY_MEMORY_VGA);
    fv = address_space_get_flatview(&f.as);
    g_assert_false(flatview_ram_span_current(fv, &span));   /* new view */
    g_assert_true(flatview_ram_span(fv, 0x12000, &span));
    memory_region_reset_dirty(&r, 0, 0x4000, DIRTY_MEMORY_VGA);
    ram_block_set_code_write_hook(code_hook);
    code_hook_calls = 0;
    ram_block_protect_code(r.ram_block, 0x2000, 0x1000);
    span.host[0x2008] = 0;            /* guest physical 0x12008 */
    memory_ram_span_notify_write(&span, 0x12008, 8);
    g_assert_cmpuint(code_hook_calls, ==, 1);
    g_assert_cmphex(code_hook_offset, ==, 0x2000);
    g_assert_true(memory_region_get_dirty(&r, 0x2000, 0x1000,
                                          DIRTY_MEMORY_VGA));
    g_assert_false(memory_region_get_dirty(&r, 0x3000, 0x1000,
                                           DIRTY_MEMORY_VGA));
    memory_ram_span_notify_write(&span, 0x12010, 8);
    g_assert_cmpuint(code_hook_calls, ==, 1);      /* unprotected now */
    ram_block_set_code_write_hook(NULL);
    address_space_put_flatview(&f.as, fv);

    memory_region_finalize(&m);
    memory_region_finalize(&rom);
    memory_region_finalize(&r);
    fixture_fini(&f);
    g_string_free(d.log, true);
}

static void test_discard(void)
{
    MemoryRegion r, s;
    uint8_t *p;
    size_t ps = sysconf(_SC_PAGESIZE);
    int fd;

    ram(&r, "discard-ram", 4 * ps);
    p = memory_region_get_ram_ptr(&r);
    memset(p, 0x11, 4 * ps);
    g_assert_cmpint(ram_block_discard_range(r.ram_block, ps, ps), ==, 0);
    g_assert_cmpuint(p[ps - 1], ==, 0x11);
    g_assert_cmpuint(p[ps], ==, 0);
    g_assert_cmpuint(p[2 * ps - 1], ==, 0);
    g_assert_cmpuint(p[2 * ps], ==, 0x11);
    g_assert_cmpint(ram_block_discard_range(r.ram_block, 1, ps), ==,
                    -EINVAL);
    g_assert_cmpint(ram_block_discard_range(r.ram_block, 4 * ps, ps), ==,
                    -EINVAL);
    g_assert_cmpint(ram_block_discard_range(r.ram_block, 0, (size_t)-ps),
                    ==, -EINVAL);
    memory_region_finalize(&r);

    /* Shared fd: the hole is punched in the file itself. */
    fd = memfd_create("discard", MFD_CLOEXEC);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, 2 * ps), ==, 0);
    g_assert_true(memory_region_init_ram_from_fd(&s, NULL, "discard-fd",
                                                 2 * ps, true, fd, 0,
                                                 &error_abort));
    g_assert_cmpint(memory_region_get_fd(&s), >=, 0);
    p = memory_region_get_ram_ptr(&s);
    memset(p, 0x22, 2 * ps);
    g_assert_cmpint(ram_block_discard_range(s.ram_block, 0, ps), ==, 0);
    {
        uint8_t b = 0xff;
        g_assert_cmpint(pread(fd, &b, 1, 0), ==, 1);
        g_assert_cmpuint(b, ==, 0);
        g_assert_cmpint(pread(fd, &b, 1, ps), ==, 1);
        g_assert_cmpuint(b, ==, 0x22);
    }
    g_assert_cmpuint(p[0], ==, 0);
    memory_region_finalize(&s);
    close(fd);
}

static void test_ramblock_names(void)
{
    MemoryRegion a, b;
    Error *err = NULL;

    ram(&a, "same-name", 0x1000);
    g_assert_false(memory_region_init_ram(&b, NULL, "same-name", 0x1000,
                                          &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_false(memory_region_init_ram(&b, NULL, "zero", 0, &err));
    g_assert_nonnull(err);
    error_free(err);
    memory_region_finalize(&a);
}

static void test_resize(void)
{
    Fixture f;
    MemoryRegion r;
    Error *err = NULL;

    fixture_init(&f, UINT64_MAX);
    g_assert_true(memory_region_init_resizeable_ram(&r, NULL, "resizeable",
                                                    0x1000, 0x4000,
                                                    &error_abort));
    memory_region_add_subregion(&f.root, 0, &r);
    g_assert_cmpuint(rd8(&f, 0x1000), ==, 0xff);
    g_assert_true(memory_region_ram_resize(&r, 0x3000, &error_abort));
    g_assert_cmpuint(rd8(&f, 0x2fff), ==, 0);
    g_assert_false(memory_region_ram_resize(&r, 0x5000, &err));
    g_assert_nonnull(err);
    error_free(err);
    memory_region_finalize(&r);
    fixture_fini(&f);
}

static void test_set_ldst(void)
{
    Fixture f;
    MemoryRegion r;
    uint8_t buf[0x900];

    fixture_init(&f, UINT64_MAX);
    ram(&r, "ldst", 0x1000);
    memory_region_add_subregion(&f.root, 0x1000, &r);
    g_assert_cmpuint(address_space_set(&f.as, 0x1100, 0xcc, 0x800, ATTRS),
                     ==, MEMTX_OK);
    address_space_read(&f.as, 0x1080, ATTRS, buf, sizeof(buf));
    g_assert_cmpuint(buf[0x7f], ==, 0);
    g_assert_cmpuint(buf[0x80], ==, 0xcc);
    g_assert_cmpuint(buf[0x87f], ==, 0xcc);
    g_assert_cmpuint(buf[0x880], ==, 0);
    address_space_stq_le(&f.as, 0x1008, 0x0102030405060708ULL, ATTRS, NULL);
    g_assert_cmphex(address_space_ldq_le(&f.as, 0x1008, ATTRS, NULL), ==,
                    0x0102030405060708ULL);
    g_assert_cmphex(address_space_ldl_le(&f.as, 0x100c, ATTRS, NULL), ==,
                    0x01020304);
    g_assert_cmphex(address_space_lduw_le(&f.as, 0x1008, ATTRS, NULL), ==,
                    0x0708);
    /* A guest-sized length over holes and RAM finishes at once. */
    g_assert_cmpuint(address_space_set(&f.as, 0, 0xdd, UINT64_MAX, ATTRS),
                     ==, MEMTX_DECODE_ERROR);
    g_assert_cmpuint(address_space_ldub(&f.as, 0x1fff, ATTRS, NULL), ==,
                     0xdd);
    memory_region_set_readonly(&r, true);
    address_space_set(&f.as, 0x1000, 0x00, 0x1000, ATTRS);
    g_assert_cmpuint(address_space_ldub(&f.as, 0x1000, ATTRS, NULL), ==,
                     0xdd);
    memory_region_finalize(&r);
    fixture_fini(&f);
}

static bool count_range(hwaddr start, hwaddr len, MemoryRegion *mr,
                        hwaddr off, void *opaque)
{
    (*(int *)opaque)++;
    return false;
}

static void test_mtree(void)
{
    MemoryRegion r, a, io;
    GString *out = g_string_new("");
    Dev d;
    int n = 0;

    ram(&r, "mt.ram", 0x100000);
    memory_region_init_alias(&a, NULL, "mt.alias", &r, 0x1000, 0x2000);
    dev_init(&d);
    memory_region_init_io(&io, NULL, &byte_impl_ops, &d, "mt.io", 0x10);
    memory_region_add_subregion(get_system_memory(), 0x40000000, &a);
    memory_region_add_subregion_overlap(get_system_memory(), 0x40001000,
                                        &io, 3);
    memory_region_set_enabled(&io, false);

    mtree_info(out, false);
    g_assert_null(strstr(out->str, "mt.io"));
    g_string_truncate(out, 0);
    mtree_info_ext(out, false, true);
    g_assert_nonnull(strstr(out->str, "address-space: memory\n"
                            "  0000000000000000-ffffffffffffffff "
                            "(prio 0, i/o): system\n"));
    g_assert_nonnull(strstr(out->str, "    0000000040000000-0000000040001fff"
                            " (prio 0, ram): alias mt.alias @mt.ram "
                            "0000000000001000-0000000000002fff\n"));
    g_assert_nonnull(strstr(out->str, "    0000000040001000-000000004000100f"
                            " (prio 3, i/o): mt.io [disabled]\n"));
    g_assert_nonnull(strstr(out->str, "memory-region: mt.ram\n"
                            "  0000000000000000-00000000000fffff "
                            "(prio 0, ram): mt.ram\n"));
    g_assert_nonnull(strstr(out->str, "address-space: I/O\n"
                            "  0000000000000000-000000000000ffff "
                            "(prio 0, i/o): io\n"));

    memory_region_set_enabled(&io, true);
    g_string_truncate(out, 0);
    mtree_info(out, true);
    g_assert_nonnull(strstr(out->str, " AS \"memory\", root: system\n"
                            " Root memory region: system\n"));
    g_assert_nonnull(strstr(out->str, "  0000000040000000-0000000040000fff"
                            " (prio 0, ram): mt.ram @0000000000001000\n"
                            "  0000000040001000-000000004000100f"
                            " (prio 3, i/o): mt.io\n"
                            "  0000000040001010-0000000040001fff"
                            " (prio 0, ram): mt.ram @0000000000002010\n"));
    flatview_for_each_range(address_space_to_flatview(&address_space_memory),
                            count_range, &n);
    g_assert_cmpint(n, >=, 3);

    memory_region_del_subregion(get_system_memory(), &io);
    memory_region_del_subregion(get_system_memory(), &a);
    memory_region_finalize(&io);
    memory_region_finalize(&a);
    memory_region_finalize(&r);
    g_string_free(out, true);
    g_string_free(d.log, true);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/memory/priority", test_priority);
    g_test_add_func("/memory/alias", test_alias);
    g_test_add_func("/memory/enable-move-resize", test_enable_move_resize);
    g_test_add_func("/memory/listener/sequence", test_listener);
    g_test_add_func("/memory/listener/priority", test_listener_priority);
    g_test_add_func("/memory/mmio/split", test_mmio_split);
    g_test_add_func("/memory/mmio/valid", test_mmio_valid);
    g_test_add_func("/memory/unassigned", test_unassigned);
    g_test_add_func("/memory/rom", test_rom);
    g_test_add_func("/memory/dirty", test_dirty);
    g_test_add_func("/memory/code-tracking", test_code_tracking);
    g_test_add_func("/memory/map", test_map);
    g_test_add_func("/memory/view-cache", test_view_cache);
    g_test_add_func("/memory/ram-span", test_ram_span);
    g_test_add_func("/memory/discard", test_discard);
    g_test_add_func("/memory/ramblock-names", test_ramblock_names);
    g_test_add_func("/memory/resize", test_resize);
    g_test_add_func("/memory/set-ldst", test_set_ldst);
    g_test_add_func("/memory/mtree", test_mtree);
    return g_test_run();
}
