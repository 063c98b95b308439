/*
 * fw_cfg device (x86 I/O flavour): selector 0x510, data 0x511, DMA 0x514.
 * See include/hw/nvram/fw_cfg.h for the guest interface.
 */
#include "qemu/osdep.h"
#include "hw/nvram/fw_cfg.h"
#include "hw/qdev-core.h"
#include "hw/boards.h"
#include "exec/memory.h"
#include "qapi/error.h"
#include "qemu/log.h"

#define FW_CFG_NUM_FIXED FW_CFG_FILE_FIRST

typedef struct FWCfgEntry {
    uint8_t *data;
    uint32_t len;
    bool allow_write;
    bool owned;                   /* data is ours to free */
    FWCfgCallback select_cb;
    FWCfgWriteCallback write_cb;
    void *cb_opaque;
} FWCfgEntry;

typedef struct FWCfgNamedFile {
    char name[FW_CFG_MAX_FILE_PATH];
    FWCfgEntry entry;
} FWCfgNamedFile;

struct FWCfgState {
    DeviceState parent_obj;
    MemoryRegion ctl_io;          /* 0x510: selector (2 bytes, data at +1) */
    MemoryRegion dma_io;          /* 0x514: DMA address, 8 bytes */
    AddressSpace *dma_as;
    bool dma_enabled;
    /* Fixed keys 0x00-0x1f, generic and arch-local. */
    FWCfgEntry fixed[2][FW_CFG_NUM_FIXED];
    GPtrArray *files;             /* FWCfgNamedFile *, sorted by name */
    uint16_t cur_key;
    uint32_t cur_offset;
    uint64_t dma_addr;            /* high half latched from 0x514 */
};

#define FW_CFG(obj) OBJECT_CHECK(FWCfgState, (obj), TYPE_FW_CFG_IO)

static FWCfgEntry *fw_cfg_entry(FWCfgState *s, uint16_t key)
{
    int arch = !!(key & FW_CFG_ARCH_LOCAL);
    uint16_t idx = key & FW_CFG_ENTRY_MASK;

    if (idx < FW_CFG_NUM_FIXED) {
        return &s->fixed[arch][idx];
    }
    idx -= FW_CFG_FILE_FIRST;
    if (!arch && idx < s->files->len) {
        FWCfgNamedFile *f = g_ptr_array_index(s->files, idx);
        return &f->entry;
    }
    return NULL;
}

static void fw_cfg_entry_set(FWCfgEntry *e, void *data, size_t len,
                             bool owned)
{
    if (e->owned) {
        g_free(e->data);
    }
    e->data = data;
    e->len = len;
    e->owned = owned;
}

/* ---- item API ---- */

static FWCfgEntry *fw_cfg_fixed_slot(FWCfgState *s, uint16_t key)
{
    uint16_t idx = key & FW_CFG_ENTRY_MASK;

    assert(idx < FW_CFG_NUM_FIXED && !(key & FW_CFG_WRITE_CHANNEL));
    return &s->fixed[!!(key & FW_CFG_ARCH_LOCAL)][idx];
}

static void fw_cfg_set_bytes(FWCfgState *s, uint16_t key, void *data,
                             size_t len, bool owned, bool replace)
{
    FWCfgEntry *e = fw_cfg_fixed_slot(s, key);

    assert(replace || !e->data);
    assert(len <= UINT32_MAX);
    fw_cfg_entry_set(e, data, len, owned);
}

void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, void *data, size_t len)
{
    fw_cfg_set_bytes(s, key, data, len, false, false);
}

void fw_cfg_modify_bytes(FWCfgState *s, uint16_t key, void *data, size_t len)
{
    fw_cfg_set_bytes(s, key, data, len, false, true);
}

void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value)
{
    fw_cfg_set_bytes(s, key, g_strdup(value), strlen(value) + 1, true, false);
}

void fw_cfg_modify_string(FWCfgState *s, uint16_t key, const char *value)
{
    fw_cfg_set_bytes(s, key, g_strdup(value), strlen(value) + 1, true, true);
}

#define FW_CFG_INT(bits)                                                   \
    void fw_cfg_add_i##bits(FWCfgState *s, uint16_t key, uint##bits##_t v) \
    {                                                                      \
        uint##bits##_t *p = g_new(uint##bits##_t, 1);                      \
        *p = GUINT##bits##_TO_LE(v);                                       \
        fw_cfg_set_bytes(s, key, p, sizeof(*p), true, false);              \
    }                                                                      \
    void fw_cfg_modify_i##bits(FWCfgState *s, uint16_t key,                \
                               uint##bits##_t v)                           \
    {                                                                      \
        uint##bits##_t *p = g_new(uint##bits##_t, 1);                      \
        *p = GUINT##bits##_TO_LE(v);                                       \
        fw_cfg_set_bytes(s, key, p, sizeof(*p), true, true);               \
    }
FW_CFG_INT(16)
FW_CFG_INT(32)
FW_CFG_INT(64)

/* Rebuilds the directory blob; file keys follow name order. */
static void fw_cfg_update_dir(FWCfgState *s)
{
    uint32_t n = s->files->len;
    size_t dsize = 4 + n * sizeof(FWCfgFile);
    uint8_t *dir = g_malloc0(dsize);
    uint32_t be_n = GUINT32_TO_BE(n);

    memcpy(dir, &be_n, 4);
    for (uint32_t i = 0; i < n; i++) {
        FWCfgNamedFile *f = g_ptr_array_index(s->files, i);
        FWCfgFile df = {
            .size = GUINT32_TO_BE(f->entry.len),
            .select = GUINT16_TO_BE(FW_CFG_FILE_FIRST + i),
        };
        memcpy(df.name, f->name, FW_CFG_MAX_FILE_PATH);
        memcpy(dir + 4 + i * sizeof(FWCfgFile), &df, sizeof(df));
    }
    fw_cfg_entry_set(&s->fixed[0][FW_CFG_FILE_DIR], dir, dsize, true);
}

static FWCfgNamedFile *fw_cfg_lookup_file(FWCfgState *s, const char *name,
                                          guint *index)
{
    for (guint i = 0; i < s->files->len; i++) {
        FWCfgNamedFile *f = g_ptr_array_index(s->files, i);
        if (!strcmp(f->name, name)) {
            if (index) {
                *index = i;
            }
            return f;
        }
    }
    return NULL;
}

bool fw_cfg_add_file_callback(FWCfgState *s, const char *filename,
                              FWCfgCallback select_cb,
                              FWCfgWriteCallback write_cb,
                              void *cb_opaque, void *data, size_t len,
                              bool read_only, Error **errp)
{
    FWCfgNamedFile *f;
    guint pos;

    if (strlen(filename) >= FW_CFG_MAX_FILE_PATH) {
        error_setg(errp, "fw_cfg file name '%s' is too long (max %d)",
                   filename, FW_CFG_MAX_FILE_PATH - 1);
        return false;
    }
    if (fw_cfg_lookup_file(s, filename, NULL)) {
        error_setg(errp, "duplicate fw_cfg file name: %s", filename);
        return false;
    }
    if (s->files->len >= FW_CFG_FILE_SLOTS) {
        error_setg(errp, "fw_cfg: no free file slot for '%s'", filename);
        return false;
    }
    if (len > UINT32_MAX) {
        error_setg(errp, "fw_cfg file '%s' is too large", filename);
        return false;
    }
    f = g_new0(FWCfgNamedFile, 1);
    pstrcpy(f->name, sizeof(f->name), filename);
    f->entry.data = data;
    f->entry.len = len;
    f->entry.select_cb = select_cb;
    f->entry.write_cb = write_cb;
    f->entry.cb_opaque = cb_opaque;
    f->entry.allow_write = !read_only;
    for (pos = 0; pos < s->files->len; pos++) {
        FWCfgNamedFile *o = g_ptr_array_index(s->files, pos);
        if (strcmp(filename, o->name) < 0) {
            break;
        }
    }
    g_ptr_array_insert(s->files, pos, f);
    fw_cfg_update_dir(s);
    return true;
}

bool fw_cfg_add_file(FWCfgState *s, const char *filename, void *data,
                     size_t len, Error **errp)
{
    return fw_cfg_add_file_callback(s, filename, NULL, NULL, NULL, data, len,
                                    true, errp);
}

void *fw_cfg_modify_file(FWCfgState *s, const char *filename, void *data,
                         size_t len)
{
    FWCfgNamedFile *f = fw_cfg_lookup_file(s, filename, NULL);
    void *old;

    if (!f) {
        fw_cfg_add_file(s, filename, data, len, &error_abort);
        return NULL;
    }
    old = f->entry.data;
    f->entry.data = data;
    f->entry.len = len;
    fw_cfg_update_dir(s);
    return old;
}

const void *fw_cfg_get_item(FWCfgState *s, uint16_t key, size_t *len)
{
    FWCfgEntry *e = fw_cfg_entry(s, key);

    *len = e ? e->len : 0;
    return e ? e->data : NULL;
}

const void *fw_cfg_get_file(FWCfgState *s, const char *filename,
                            size_t *len)
{
    FWCfgNamedFile *f = fw_cfg_lookup_file(s, filename, NULL);

    *len = f ? f->entry.len : 0;
    return f ? f->entry.data : NULL;
}

uint16_t fw_cfg_file_key(FWCfgState *s, const char *filename)
{
    guint i;

    return fw_cfg_lookup_file(s, filename, &i) ? FW_CFG_FILE_FIRST + i
                                                : FW_CFG_INVALID;
}

/* ---- guest interface ---- */

static void fw_cfg_select(FWCfgState *s, uint16_t key)
{
    FWCfgEntry *e;

    s->cur_offset = 0;
    s->cur_key = key & ~FW_CFG_WRITE_CHANNEL;
    e = fw_cfg_entry(s, s->cur_key);
    if (e && e->select_cb) {
        e->select_cb(e->cb_opaque);
    }
}

static FWCfgEntry *fw_cfg_cur(FWCfgState *s)
{
    return s->cur_key == FW_CFG_INVALID ? NULL : fw_cfg_entry(s, s->cur_key);
}

static uint8_t fw_cfg_read_byte(FWCfgState *s)
{
    FWCfgEntry *e = fw_cfg_cur(s);

    if (!e || !e->data || s->cur_offset >= e->len) {
        return 0;
    }
    return e->data[s->cur_offset++];
}

static uint64_t fw_cfg_ctl_read(void *opaque, hwaddr addr, unsigned size)
{
    FWCfgState *s = opaque;
    uint64_t v = 0;

    if (addr == 1) {
        /* Data register: one byte per read (valid size is 1 here). */
        v = fw_cfg_read_byte(s);
    }
    return v;
}

static void fw_cfg_ctl_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    FWCfgState *s = opaque;

    if (addr == 0 && size == 2) {
        fw_cfg_select(s, val);
    } else if (addr == 0 && size == 1) {
        /* Some probes write a byte; treat it as the low selector byte. */
        fw_cfg_select(s, val & 0xff);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fw_cfg: ignored %u-byte write to port 0x%x "
                      "(data port writes are not supported)\n",
                      size, (unsigned)(FW_CFG_IO_BASE + addr));
    }
}

static const MemoryRegionOps fw_cfg_ctl_ops = {
    .read = fw_cfg_ctl_read,
    .write = fw_cfg_ctl_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 2 },
    .impl = { .min_access_size = 1, .max_access_size = 2 },
};

static bool fw_cfg_dma_done(FWCfgState *s, hwaddr desc, uint32_t control)
{
    uint32_t be = GUINT32_TO_BE(control);

    return address_space_write(s->dma_as, desc, MEMTXATTRS_UNSPECIFIED,
                               &be, 4) == MEMTX_OK;
}

/* Guest memory [addr, addr + len) must be entirely accessible. */
static bool fw_cfg_dma_range_ok(FWCfgState *s, uint64_t addr, uint32_t len,
                                bool is_write)
{
    if (addr + len < addr) {
        return false;
    }
    return address_space_access_valid(s->dma_as, addr, len, is_write,
                                      MEMTXATTRS_UNSPECIFIED);
}

static void fw_cfg_dma_transfer(FWCfgState *s, hwaddr desc)
{
    FWCfgDmaAccess dma;
    uint32_t control, length;
    uint64_t address;
    FWCfgEntry *e;
    bool error = false;

    if (address_space_read(s->dma_as, desc, MEMTXATTRS_UNSPECIFIED, &dma,
                           sizeof(dma)) != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "fw_cfg: DMA descriptor at 0x%"
                      HWADDR_PRIx " is not readable\n", desc);
        return;
    }
    control = GUINT32_FROM_BE(dma.control);
    length = GUINT32_FROM_BE(dma.length);
    address = GUINT64_FROM_BE(dma.address);

    if (control & FW_CFG_DMA_CTL_SELECT) {
        fw_cfg_select(s, control >> 16);
    }
    e = fw_cfg_cur(s);

    if (control & FW_CFG_DMA_CTL_READ) {
        uint32_t avail = 0;

        if (!fw_cfg_dma_range_ok(s, address, length, true)) {
            qemu_log_mask(LOG_GUEST_ERROR, "fw_cfg: DMA read into bad "
                          "guest range 0x%" PRIx64 "+0x%x\n", address, length);
            error = true;
        } else {
            if (e && e->data && s->cur_offset < e->len) {
                avail = MIN(length, e->len - s->cur_offset);
                if (address_space_write(s->dma_as, address,
                                        MEMTXATTRS_UNSPECIFIED,
                                        e->data + s->cur_offset,
                                        avail) != MEMTX_OK) {
                    error = true;
                }
            }
            /* Past the end of the item reads as zeros, as on the data
             * port. */
            if (!error && length > avail &&
                address_space_set(s->dma_as, address + avail, 0,
                                  length - avail,
                                  MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
                error = true;
            }
        }
    } else if (control & FW_CFG_DMA_CTL_WRITE) {
        if (!e || !e->allow_write || !e->data ||
            s->cur_offset > e->len || length > e->len - s->cur_offset ||
            !fw_cfg_dma_range_ok(s, address, length, false) ||
            address_space_read(s->dma_as, address, MEMTXATTRS_UNSPECIFIED,
                               e->data + s->cur_offset,
                               length) != MEMTX_OK) {
            qemu_log_mask(LOG_GUEST_ERROR, "fw_cfg: rejected DMA write of "
                          "%u bytes to key 0x%x\n", length, s->cur_key);
            error = true;
        } else if (e->write_cb) {
            e->write_cb(e->cb_opaque, s->cur_offset, length);
        }
    }
    if (!error && (control & (FW_CFG_DMA_CTL_READ | FW_CFG_DMA_CTL_WRITE |
                              FW_CFG_DMA_CTL_SKIP))) {
        uint64_t off = (uint64_t)s->cur_offset + length;
        s->cur_offset = MIN(off, UINT32_MAX);
    }
    if (!fw_cfg_dma_done(s, desc, error ? FW_CFG_DMA_CTL_ERROR : 0)) {
        qemu_log_mask(LOG_GUEST_ERROR, "fw_cfg: cannot write DMA status at "
                      "0x%" HWADDR_PRIx "\n", desc);
    }
}

/*
 * The DMA register is big-endian: byte i of the 8-byte register is bits
 * 63-8i..56-8i of the value. The memory core hands us the little-endian
 * value of the bytes, so we convert by hand.
 */
static uint64_t fw_cfg_dma_read(void *opaque, hwaddr addr, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size && addr + i < 8; i++) {
        uint8_t b = FW_CFG_DMA_SIGNATURE >> (8 * (7 - (addr + i)));
        v |= (uint64_t)b << (8 * i);
    }
    return v;
}

static void fw_cfg_dma_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    FWCfgState *s = opaque;
    uint64_t be = 0;

    /* Big-endian value of the bytes written. */
    for (unsigned i = 0; i < size; i++) {
        be = (be << 8) | ((val >> (8 * i)) & 0xff);
    }
    if (addr == 0 && size == 8) {
        fw_cfg_dma_transfer(s, be);
    } else if (addr == 0 && size == 4) {
        s->dma_addr = be << 32;
    } else if (addr == 4 && size == 4) {
        uint64_t desc = s->dma_addr | be;
        s->dma_addr = 0;
        fw_cfg_dma_transfer(s, desc);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "fw_cfg: bad DMA register write "
                      "(offset %u, size %u)\n", (unsigned)addr, size);
    }
}

static const MemoryRegionOps fw_cfg_dma_ops = {
    .read = fw_cfg_dma_read,
    .write = fw_cfg_dma_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static void fw_cfg_reset(DeviceState *dev)
{
    FWCfgState *s = FW_CFG(dev);

    fw_cfg_select(s, FW_CFG_SIGNATURE);
    s->dma_addr = 0;
}

static void fw_cfg_instance_init(Object *obj)
{
    FWCfgState *s = FW_CFG(obj);

    s->files = g_ptr_array_new();
    s->cur_key = FW_CFG_INVALID;
}

static void fw_cfg_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->reset = fw_cfg_reset;
    dc->desc = "QEMU firmware configuration interface (I/O)";
    dc->user_creatable = false;
}

static const TypeInfo fw_cfg_types[] = {
    {
        .name = TYPE_FW_CFG_IO,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(FWCfgState),
        .instance_init = fw_cfg_instance_init,
        .class_init = fw_cfg_class_init,
    },
};

DEFINE_TYPES(fw_cfg_types)

static FWCfgState *fw_cfg_machine_instance;

FWCfgState *fw_cfg_find(void)
{
    return fw_cfg_machine_instance;
}

FWCfgState *fw_cfg_init_io_dma(uint32_t iobase, uint32_t dma_iobase,
                               AddressSpace *dma_as)
{
    DeviceState *dev = qdev_new(TYPE_FW_CFG_IO);
    FWCfgState *s = FW_CFG(dev);
    static const char sig[4] = "QEMU";
    uint32_t features = FW_CFG_VERSION;

    object_property_add_child(qdev_get_machine(), "fw_cfg", OBJECT(dev));
    s->dma_as = dma_as ? dma_as : &address_space_memory;
    s->dma_enabled = dma_iobase != 0;
    qdev_realize_and_unref(dev, NULL, &error_fatal);

    memory_region_init_io(&s->ctl_io, OBJECT(s), &fw_cfg_ctl_ops, s,
                          "fwcfg", 2);
    memory_region_add_subregion(get_system_io(), iobase, &s->ctl_io);
    if (s->dma_enabled) {
        memory_region_init_io(&s->dma_io, OBJECT(s), &fw_cfg_dma_ops, s,
                              "fwcfg.dma", 8);
        memory_region_add_subregion(get_system_io(), dma_iobase,
                                    &s->dma_io);
        features |= FW_CFG_VERSION_DMA;
    }
    fw_cfg_add_bytes(s, FW_CFG_SIGNATURE, (void *)sig, sizeof(sig));
    fw_cfg_add_i32(s, FW_CFG_ID, features);
    fw_cfg_update_dir(s);
    fw_cfg_select(s, FW_CFG_SIGNATURE);
    fw_cfg_machine_instance = s;
    return s;
}
