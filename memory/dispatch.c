/*
 * Access dispatch: address_space_rw walks the FlatView, copies RAM directly
 * and turns MMIO into device callbacks of the sizes the device accepts
 * (ops.valid) and implements (ops.impl). Nothing here trusts the address or
 * length it is given.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "exec/memory.h"
#include "memory-internal.h"

static uint64_t ldn_le(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

static void stn_le(uint8_t *p, unsigned size, uint64_t v)
{
    for (unsigned i = 0; i < size; i++) {
        p[i] = v >> (8 * i);
    }
}

static uint64_t ldn_be(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

static void stn_be(uint8_t *p, unsigned size, uint64_t v)
{
    for (unsigned i = 0; i < size; i++) {
        p[size - 1 - i] = v >> (8 * i);
    }
}

static uint64_t all_ones(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * size)) - 1;
}

/* Largest power of two <= x (x >= 1). */
static unsigned pow2_floor(unsigned x)
{
    return 1U << (31 - __builtin_clz(x));
}

static unsigned valid_max(const MemoryRegionOps *ops)
{
    unsigned v = ops->valid.max_access_size ? ops->valid.max_access_size : 4;
    return MIN(v, 8);
}

bool memory_region_access_valid(MemoryRegion *mr, hwaddr addr,
                                unsigned size, bool is_write)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned vmin;

    if (!ops) {
        return false;
    }
    if (is_write ? !(ops->write || ops->write_with_attrs)
                 : !(ops->read || ops->read_with_attrs)) {
        return false;
    }
    if (size == 0 || size > 8 || (size & (size - 1))) {
        return false;
    }
    vmin = ops->valid.min_access_size ? ops->valid.min_access_size : 1;
    if (size < vmin || size > valid_max(ops)) {
        return false;
    }
    if (!ops->valid.unaligned && (addr & (size - 1))) {
        return false;
    }
    return (u128)addr + size <= mr_size128(mr);
}

static MemTxResult call_read(MemoryRegion *mr, hwaddr addr, uint64_t *val,
                             unsigned size, MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;

    if (ops->read_with_attrs) {
        return ops->read_with_attrs(mr->opaque, addr, val, size, attrs);
    }
    *val = ops->read(mr->opaque, addr, size);
    return MEMTX_OK;
}

static MemTxResult call_write(MemoryRegion *mr, hwaddr addr, uint64_t val,
                              unsigned size, MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;

    if (ops->write_with_attrs) {
        return ops->write_with_attrs(mr->opaque, addr, val, size, attrs);
    }
    ops->write(mr->opaque, addr, val, size);
    return MEMTX_OK;
}

/*
 * Moves size bytes at addr through callbacks of the implemented width:
 * units of clamp(size, impl.min, impl.max) bytes, aligned to their width
 * unless impl.unaligned. Working in bytes makes splitting, widening and the
 * device's byte order one mechanism. A write narrower than a unit sends the
 * unit with the other bytes zero: no read-modify-write, since device reads
 * can have side effects.
 */
static MemTxResult access_with_impl(MemoryRegion *mr, hwaddr addr,
                                    uint8_t *bytes, unsigned size,
                                    bool is_write, MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned imin = ops->impl.min_access_size ? ops->impl.min_access_size : 1;
    unsigned imax = ops->impl.max_access_size ? ops->impl.max_access_size : 4;
    bool big = ops->endianness == DEVICE_BIG_ENDIAN;
    unsigned asz = MAX(MIN(size, imax), imin);
    u128 end = (u128)addr + size;
    u128 unit;
    MemTxResult r = MEMTX_OK;

    asz = pow2_floor(MIN(MAX(asz, 1U), 8U));
    unit = ops->impl.unaligned ? addr : addr & ~(hwaddr)(asz - 1);
    for (; unit < end; unit += asz) {
        uint8_t ub[8] = { 0 };
        u128 lo = MAX(unit, (u128)addr);
        u128 hi = MIN(unit + asz, end);
        uint64_t v = 0;

        if (is_write) {
            memcpy(ub + (lo - unit), bytes + (lo - addr), hi - lo);
            v = big ? ldn_be(ub, asz) : ldn_le(ub, asz);
            r |= call_write(mr, (hwaddr)unit, v, asz, attrs);
        } else {
            r |= call_read(mr, (hwaddr)unit, &v, asz, attrs);
            if (big) {
                stn_be(ub, asz, v);
            } else {
                stn_le(ub, asz, v);
            }
            memcpy(bytes + (lo - addr), ub + (lo - unit), hi - lo);
        }
    }
    return r;
}

static void log_invalid(MemoryRegion *mr, hwaddr addr, unsigned size,
                        bool is_write)
{
    qemu_log_mask(LOG_GUEST_ERROR,
                  "Invalid %s at addr 0x%" PRIX64 ", size %u, region '%s'\n",
                  is_write ? "write" : "read", addr, size,
                  memory_region_name(mr));
}

/* RAM (or a ROM device's RAM) read with bounds against the block. */
static bool ram_read(MemoryRegion *mr, hwaddr addr, uint8_t *buf,
                     unsigned size)
{
    RAMBlock *rb = mr->ram_block;

    if (!rb || addr >= rb->used_length || size > rb->used_length - addr) {
        return false;
    }
    memcpy(buf, rb->host + addr, size);
    return true;
}

MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *data, unsigned size,
                                        MemTxAttrs attrs)
{
    uint8_t bytes[8];
    MemTxResult r;

    if (size >= 1 && size <= 8 && (mr->ram || memory_region_romd_reads(mr))) {
        if (ram_read(mr, addr, bytes, size)) {
            *data = ldn_le(bytes, size);
            return MEMTX_OK;
        }
        *data = all_ones(size);
        return MEMTX_DECODE_ERROR;
    }
    if (!memory_region_access_valid(mr, addr, size, false)) {
        log_invalid(mr, addr, size, false);
        *data = all_ones(size > 8 ? 8 : size);
        return MEMTX_DECODE_ERROR;
    }
    r = access_with_impl(mr, addr, bytes, size, false, attrs);
    *data = ldn_le(bytes, size);
    return r;
}

MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t data, unsigned size,
                                         MemTxAttrs attrs)
{
    uint8_t bytes[8];

    if (mr->ram) {
        RAMBlock *rb = mr->ram_block;
        if (size < 1 || size > 8 || addr >= rb->used_length ||
            size > rb->used_length - addr) {
            return MEMTX_DECODE_ERROR;
        }
        if (!mr->readonly) {
            stn_le(rb->host + addr, size, data);
            ram_block_dirty_range(rb, addr, size,
                                  memory_region_effective_log_mask(mr));
        }
        return MEMTX_OK;
    }
    if (!memory_region_access_valid(mr, addr, size, true)) {
        log_invalid(mr, addr, size, true);
        return MEMTX_DECODE_ERROR;
    }
    stn_le(bytes, size, data);
    return access_with_impl(mr, addr, bytes, size, true, attrs);
}

/*
 * The piece of an MMIO range one callback gets: at most valid.max, and
 * naturally aligned unless the device takes unaligned accesses.
 */
static unsigned mmio_piece_size(MemoryRegion *mr, hwaddr off, hwaddr len)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned max = ops ? valid_max(ops) : 8;

    if (!ops || !(ops->valid.unaligned && ops->impl.unaligned)) {
        hwaddr align = off & -off;
        if (align && align < max) {
            max = align;
        }
    }
    return pow2_floor(MIN(len, (hwaddr)max));
}

/* Whether this access goes straight to the RAM block. */
static bool is_direct(const FlatRange *fr, bool is_write, bool rom_write)
{
    MemoryRegion *mr = fr->mr;

    if (!mr->ram_block) {
        return false;
    }
    if (mr->ram) {
        return true;
    }
    /* ROM device: RAM reads in romd mode, writes go to the device. */
    return is_write ? rom_write : fr->romd_mode;
}

static MemTxResult range_rw(const FlatRange *fr, hwaddr off, uint8_t *buf,
                            hwaddr len, bool is_write, bool rom_write,
                            MemTxAttrs attrs)
{
    MemoryRegion *mr = fr->mr;
    MemTxResult r = MEMTX_OK;

    if (is_direct(fr, is_write, rom_write)) {
        RAMBlock *rb = mr->ram_block;
        if (off >= rb->used_length || len > rb->used_length - off) {
            /* A region larger than its block (never by construction). */
            if (!is_write) {
                memset(buf, 0xff, len);
            }
            return MEMTX_DECODE_ERROR;
        }
        if (!is_write) {
            memcpy(buf, rb->host + off, len);
        } else if (!fr->readonly || rom_write) {
            memcpy(rb->host + off, buf, len);
            ram_block_dirty_range(rb, off, len, fr->dirty_log_mask);
        }
        /* else: a write to ROM, ignored like real hardware does */
        return MEMTX_OK;
    }
    if (rom_write) {
        return MEMTX_OK;              /* loaders skip devices */
    }
    while (len > 0) {
        unsigned sz = mmio_piece_size(mr, off, len);
        uint64_t v;

        if (is_write) {
            r |= memory_region_dispatch_write(mr, off, ldn_le(buf, sz), sz,
                                              attrs);
        } else {
            r |= memory_region_dispatch_read(mr, off, &v, sz, attrs);
            stn_le(buf, sz, v);
        }
        off += sz;
        buf += sz;
        len -= sz;
    }
    return r;
}

MemTxResult flatview_rw(FlatView *fv, hwaddr addr, MemTxAttrs attrs,
                        uint8_t *buf, hwaddr len, bool is_write,
                        bool rom_write)
{
    MemTxResult r = MEMTX_OK;

    while (len > 0) {
        FlatRange *fr = fv ? flatview_lookup(fv, addr) : NULL;
        u128 stop;
        hwaddr l;

        if (fr) {
            stop = (u128)fr->last + 1;
        } else {
            /* Unassigned: reads see all ones. */
            FlatRange *next = fv ? flatview_next_after(fv, addr) : NULL;
            stop = next ? (u128)next->addr : U128_2_64;
        }
        l = (hwaddr)MIN((u128)len, stop - addr);
        if (fr) {
            r |= range_rw(fr, fr->offset_in_region + (addr - fr->addr), buf,
                          l, is_write, rom_write, attrs);
        } else {
            if (!is_write) {
                memset(buf, 0xff, l);
            }
            r |= MEMTX_DECODE_ERROR;
        }
        buf += l;
        len -= l;
        if (len && (u128)addr + l >= U128_2_64) {
            /* Past the top of the space: nothing there. */
            if (!is_write) {
                memset(buf, 0xff, len);
            }
            return r | MEMTX_DECODE_ERROR;
        }
        addr += l;
    }
    return r;
}

static MemTxResult as_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                         uint8_t *buf, hwaddr len, bool is_write,
                         bool rom_write)
{
    FlatView *fv;
    MemTxResult r;

    if (!as->current_map) {
        if (!is_write) {
            memset(buf, 0xff, len);
        }
        return MEMTX_DECODE_ERROR;
    }
    fv = address_space_get_flatview(as);
    r = flatview_rw(fv, addr, attrs, buf, len, is_write, rom_write);
    address_space_put_flatview(as, fv);
    return r;
}

MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write)
{
    return as_rw(as, addr, attrs, buf, len, is_write, false);
}

MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, void *buf, hwaddr len)
{
    return as_rw(as, addr, attrs, buf, len, false, false);
}

MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf, hwaddr len)
{
    return as_rw(as, addr, attrs, (uint8_t *)buf, len, true, false);
}

MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    MemTxAttrs attrs, const void *buf,
                                    hwaddr len)
{
    return as_rw(as, addr, attrs, (uint8_t *)buf, len, true, true);
}

/*
 * Walks the view instead of writing chunk by chunk: a guest-sized length
 * over RAM is one memset, over holes nothing at all.
 */
MemTxResult address_space_set(AddressSpace *as, hwaddr addr, uint8_t c,
                              hwaddr len, MemTxAttrs attrs)
{
    uint8_t chunk[512];
    MemTxResult r = MEMTX_OK;
    FlatView *fv;

    if (!as->current_map) {
        return len ? MEMTX_DECODE_ERROR : MEMTX_OK;
    }
    memset(chunk, c, sizeof(chunk));
    fv = address_space_get_flatview(as);
    while (len > 0) {
        FlatRange *fr = flatview_lookup(fv, addr);
        u128 stop;
        hwaddr l;

        if (fr) {
            stop = (u128)fr->last + 1;
        } else {
            FlatRange *next = flatview_next_after(fv, addr);
            stop = next ? (u128)next->addr : U128_2_64;
        }
        l = (hwaddr)MIN((u128)len, stop - addr);
        if (!fr) {
            r |= MEMTX_DECODE_ERROR;
        } else if (is_direct(fr, true, false)) {
            RAMBlock *rb = fr->mr->ram_block;
            hwaddr off = fr->offset_in_region + (addr - fr->addr);
            if (off >= rb->used_length || l > rb->used_length - off) {
                r |= MEMTX_DECODE_ERROR;
            } else if (!fr->readonly) {
                memset(rb->host + off, c, l);
                ram_block_dirty_range(rb, off, l, fr->dirty_log_mask);
            }
        } else {
            for (hwaddr done = 0; done < l;) {
                hwaddr n = MIN(l - done, (hwaddr)sizeof(chunk));
                r |= flatview_rw(fv, addr + done, attrs, chunk, n, true,
                                 false);
                done += n;
            }
        }
        len -= l;
        if (len && (u128)addr + l >= U128_2_64) {
            r |= MEMTX_DECODE_ERROR;
            break;
        }
        addr += l;
    }
    address_space_put_flatview(as, fv);
    return r;
}

static uint64_t ld_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                      MemTxResult *result, unsigned size)
{
    uint8_t b[8];
    MemTxResult r = address_space_read(as, addr, attrs, b, size);

    if (result) {
        *result = r;
    }
    return ldn_le(b, size);
}

static void st_le(AddressSpace *as, hwaddr addr, uint64_t val,
                  MemTxAttrs attrs, MemTxResult *result, unsigned size)
{
    uint8_t b[8];
    MemTxResult r;

    stn_le(b, size, val);
    r = address_space_write(as, addr, attrs, b, size);
    if (result) {
        *result = r;
    }
}

uint8_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                           MemTxResult *result)
{
    return ld_le(as, addr, attrs, result, 1);
}

uint16_t address_space_lduw_le(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *result)
{
    return ld_le(as, addr, attrs, result, 2);
}

uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result)
{
    return ld_le(as, addr, attrs, result, 4);
}

uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result)
{
    return ld_le(as, addr, attrs, result, 8);
}

void address_space_stb(AddressSpace *as, hwaddr addr, uint8_t val,
                       MemTxAttrs attrs, MemTxResult *result)
{
    st_le(as, addr, val, attrs, result, 1);
}

void address_space_stw_le(AddressSpace *as, hwaddr addr, uint16_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    st_le(as, addr, val, attrs, result, 2);
}

void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    st_le(as, addr, val, attrs, result, 4);
}

void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    st_le(as, addr, val, attrs, result, 8);
}

void cpu_physical_memory_rw(hwaddr addr, void *buf, hwaddr len,
                            bool is_write)
{
    address_space_rw(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                     buf, len, is_write);
}

bool address_space_access_valid(AddressSpace *as, hwaddr addr, hwaddr len,
                                bool is_write, MemTxAttrs attrs)
{
    FlatView *fv;
    bool ok = true;

    if (!as->current_map) {
        return false;
    }
    fv = address_space_get_flatview(as);
    while (len > 0 && ok) {
        FlatRange *fr = flatview_lookup(fv, addr);
        hwaddr l, off;

        if (!fr) {
            ok = false;
            break;
        }
        l = (hwaddr)MIN((u128)len, (u128)fr->last + 1 - addr);
        off = fr->offset_in_region + (addr - fr->addr);
        if (!is_direct(fr, is_write, false)) {
            for (hwaddr done = 0; done < l && ok;) {
                unsigned sz = mmio_piece_size(fr->mr, off + done, l - done);
                hwaddr full;

                ok = memory_region_access_valid(fr->mr, off + done, sz,
                                                is_write);
                done += sz;
                /* Once pieces reach valid.max they stay that size and are
                 * alike; the bounds check is monotonic: only the last of
                 * the run and the tail need checking, so a guest length
                 * cannot make this slow. */
                full = (l - done) / sz * sz;
                if (ok && full > sz && sz == valid_max(fr->mr->ops) &&
                    !((off + done) & (sz - 1))) {
                    done += full - sz;
                }
            }
        }
        len -= l;
        if (len && (u128)addr + l >= U128_2_64) {
            ok = false;
        }
        addr += l;
    }
    address_space_put_flatview(as, fv);
    return ok;
}

/* ---- direct RAM access for hot paths ---- */

bool flatview_ram_span(FlatView *fv, hwaddr addr, MemoryRamSpan *span)
{
    FlatRange *fr = fv ? flatview_lookup(fv, addr) : NULL;
    RAMBlock *rb;
    hwaddr off, avail;

    if (!fr || !is_direct(fr, false, false)) {
        return false;
    }
    rb = fr->mr->ram_block;
    off = fr->offset_in_region + (addr - fr->addr);
    if (off >= rb->used_length) {
        return false;
    }
    /* The range clipped to the block: [addr - (off - start), ...]. */
    avail = rb->used_length - fr->offset_in_region;
    span->addr = fr->addr;
    span->last = fr->last;
    if (avail - 1 < fr->last - fr->addr) {
        span->last = fr->addr + avail - 1;
    }
    span->host = rb->host + fr->offset_in_region;
    span->rb = rb;
    span->offset = fr->offset_in_region;
    span->dirty_mask = fr->dirty_log_mask;
    span->writable = fr->mr->ram && !fr->readonly;
    span->gen = fv->gen;
    return true;
}

bool flatview_ram_span_current(FlatView *fv, const MemoryRamSpan *span)
{
    return fv && fv->gen == span->gen;
}

void memory_ram_span_notify_write(const MemoryRamSpan *span, hwaddr addr,
                                  hwaddr len)
{
    ram_block_dirty_range(span->rb, span->offset + (addr - span->addr), len,
                          span->dirty_mask);
}
