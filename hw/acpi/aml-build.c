/*
 * AML byte-code emitter and ACPI table helpers (ACPI 6.x encodings).
 */
#include "qemu/osdep.h"
#include "hw/acpi/aml-build.h"

#define AML_ZERO_OP         0x00
#define AML_ONE_OP          0x01
#define AML_NAME_OP         0x08
#define AML_BYTE_PREFIX     0x0a
#define AML_WORD_PREFIX     0x0b
#define AML_DWORD_PREFIX    0x0c
#define AML_STRING_PREFIX   0x0d
#define AML_QWORD_PREFIX    0x0e
#define AML_SCOPE_OP        0x10
#define AML_BUFFER_OP       0x11
#define AML_PACKAGE_OP      0x12
#define AML_METHOD_OP       0x14
#define AML_DUAL_NAME       0x2e
#define AML_MULTI_NAME      0x2f
#define AML_EXT_OP          0x5b
#define AML_DEVICE_OP       0x82
#define AML_RETURN_OP       0xa4

Aml *aml_new(void)
{
    return g_byte_array_new();
}

void aml_free(Aml *aml)
{
    g_byte_array_free(aml, true);
}

void aml_append(Aml *parent, Aml *child)
{
    g_byte_array_append(parent, child->data, child->len);
    aml_free(child);
}

static void aml_byte(Aml *a, uint8_t b)
{
    g_byte_array_append(a, &b, 1);
}

static void aml_le(Aml *a, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) {
        aml_byte(a, v >> (8 * i));
    }
}

/* PkgLength counts itself: 1 byte up to 63, else 2-4 bytes. */
size_t aml_encode_pkglength(uint8_t *out, size_t body_len)
{
    size_t n, total;

    if (body_len + 1 <= 0x3f) {
        out[0] = body_len + 1;
        return 1;
    }
    for (n = 2; n <= 4; n++) {
        total = body_len + n;
        if (total < (1ULL << (4 + 8 * (n - 1)))) {
            break;
        }
    }
    assert(n <= 4);
    out[0] = ((n - 1) << 6) | (total & 0xf);
    for (size_t i = 1; i < n; i++) {
        out[i] = total >> (4 + 8 * (i - 1));
    }
    return n;
}

static void aml_pkg(Aml *a, const uint8_t *op, size_t oplen, Aml *body)
{
    uint8_t pl[4];
    size_t n = aml_encode_pkglength(pl, body->len);

    g_byte_array_append(a, op, oplen);
    g_byte_array_append(a, pl, n);
    g_byte_array_append(a, body->data, body->len);
    aml_free(body);
}

void aml_encode_nameseg(char out[4], const char *seg)
{
    size_t len = strcspn(seg, ".");

    assert(len >= 1 && len <= 4);
    memset(out, '_', 4);
    memcpy(out, seg, len);
}

static void aml_namestring(Aml *a, const char *name)
{
    const char *p = name;
    unsigned segs = 0;
    char s[4];

    while (*p == '\\' || *p == '^') {
        aml_byte(a, *p++);
    }
    if (*p) {
        segs = 1;
        for (const char *q = p; *q; q++) {
            segs += *q == '.';
        }
    }
    if (segs == 0) {
        aml_byte(a, 0x00);        /* NullName */
        return;
    } else if (segs == 2) {
        aml_byte(a, AML_DUAL_NAME);
    } else if (segs > 2) {
        aml_byte(a, AML_MULTI_NAME);
        aml_byte(a, segs);
    }
    for (unsigned i = 0; i < segs; i++) {
        aml_encode_nameseg(s, p);
        g_byte_array_append(a, (uint8_t *)s, 4);
        p += strcspn(p, ".");
        p += *p == '.';
    }
}

Aml *aml_int(uint64_t v)
{
    Aml *a = aml_new();

    if (v == 0) {
        aml_byte(a, AML_ZERO_OP);
    } else if (v == 1) {
        aml_byte(a, AML_ONE_OP);
    } else if (v <= 0xff) {
        aml_byte(a, AML_BYTE_PREFIX);
        aml_le(a, v, 1);
    } else if (v <= 0xffff) {
        aml_byte(a, AML_WORD_PREFIX);
        aml_le(a, v, 2);
    } else if (v <= 0xffffffff) {
        aml_byte(a, AML_DWORD_PREFIX);
        aml_le(a, v, 4);
    } else {
        aml_byte(a, AML_QWORD_PREFIX);
        aml_le(a, v, 8);
    }
    return a;
}

Aml *aml_string(const char *s)
{
    Aml *a = aml_new();

    aml_byte(a, AML_STRING_PREFIX);
    g_byte_array_append(a, (const uint8_t *)s, strlen(s) + 1);
    return a;
}

static uint8_t hexval(char c)
{
    return g_ascii_xdigit_value(c) & 0xf;
}

/* Compressed EISA id: 3 letters in 5 bits each, then 4 hex digits. */
Aml *aml_eisaid(const char *id)
{
    Aml *a = aml_new();

    assert(strlen(id) == 7);
    aml_byte(a, AML_DWORD_PREFIX);
    aml_byte(a, ((id[0] & 0x1f) << 2) | ((id[1] & 0x1f) >> 3));
    aml_byte(a, ((id[1] & 0x1f) << 5) | (id[2] & 0x1f));
    aml_byte(a, (hexval(id[3]) << 4) | hexval(id[4]));
    aml_byte(a, (hexval(id[5]) << 4) | hexval(id[6]));
    return a;
}

Aml *aml_name(const char *name)
{
    Aml *a = aml_new();

    aml_namestring(a, name);
    return a;
}

Aml *aml_package(Aml *elements, unsigned count)
{
    Aml *a = aml_new();
    Aml *body = aml_new();
    uint8_t op = AML_PACKAGE_OP;

    assert(count <= 255);
    aml_byte(body, count);
    aml_append(body, elements);
    aml_pkg(a, &op, 1, body);
    return a;
}

Aml *aml_buffer(const uint8_t *data, size_t len)
{
    Aml *a = aml_new();
    Aml *body = aml_int(len);
    uint8_t op = AML_BUFFER_OP;

    g_byte_array_append(body, data, len);
    aml_pkg(a, &op, 1, body);
    return a;
}

Aml *aml_name_decl(const char *name, Aml *value)
{
    Aml *a = aml_new();

    aml_byte(a, AML_NAME_OP);
    aml_namestring(a, name);
    aml_append(a, value);
    return a;
}

static Aml *aml_named_block(const uint8_t *op, size_t oplen,
                            const char *name, const uint8_t *extra,
                            size_t extra_len, Aml *body)
{
    Aml *a = aml_new();
    Aml *inner = aml_new();

    aml_namestring(inner, name);
    g_byte_array_append(inner, extra, extra_len);
    aml_append(inner, body);
    aml_pkg(a, op, oplen, inner);
    return a;
}

Aml *aml_scope(const char *name, Aml *body)
{
    static const uint8_t op[] = { AML_SCOPE_OP };

    return aml_named_block(op, 1, name, NULL, 0, body);
}

Aml *aml_device(const char *name, Aml *body)
{
    static const uint8_t op[] = { AML_EXT_OP, AML_DEVICE_OP };

    return aml_named_block(op, 2, name, NULL, 0, body);
}

Aml *aml_method(const char *name, unsigned nargs, bool serialized,
                Aml *body)
{
    static const uint8_t op[] = { AML_METHOD_OP };
    uint8_t flags = (nargs & 7) | (serialized ? 8 : 0);

    return aml_named_block(op, 1, name, &flags, 1, body);
}

Aml *aml_return(Aml *value)
{
    Aml *a = aml_new();

    aml_byte(a, AML_RETURN_OP);
    aml_append(a, value);
    return a;
}

/* ---- resource descriptors ---- */

Aml *aml_resource_template(Aml *descriptors)
{
    static const uint8_t end_tag[] = { 0x79, 0x00 };
    Aml *a;

    g_byte_array_append(descriptors, end_tag, 2);
    a = aml_buffer(descriptors->data, descriptors->len);
    aml_free(descriptors);
    return a;
}

Aml *aml_io(uint16_t min, uint16_t max, uint8_t align, uint8_t len)
{
    Aml *a = aml_new();

    aml_byte(a, 0x47);
    aml_byte(a, 1);               /* decodes 16 address bits */
    aml_le(a, min, 2);
    aml_le(a, max, 2);
    aml_byte(a, align);
    aml_byte(a, len);
    return a;
}

Aml *aml_irq_no_flags(uint8_t irq)
{
    Aml *a = aml_new();

    assert(irq < 16);
    aml_byte(a, 0x22);
    aml_le(a, 1u << irq, 2);
    return a;
}

Aml *aml_memory32_fixed(uint32_t base, uint32_t len, bool rw)
{
    Aml *a = aml_new();

    aml_byte(a, 0x86);
    aml_le(a, 9, 2);
    aml_byte(a, rw);
    aml_le(a, base, 4);
    aml_le(a, len, 4);
    return a;
}

/* Address space descriptors: producer, MinFixed, MaxFixed, PosDecode. */
static Aml *aml_address_space(uint8_t tag, int width, uint8_t type,
                              uint8_t type_flags, uint64_t min, uint64_t max)
{
    Aml *a = aml_new();

    aml_byte(a, tag);
    aml_le(a, 3 + 5 * width, 2);
    aml_byte(a, type);
    aml_byte(a, 0x0c);
    aml_byte(a, type_flags);
    aml_le(a, 0, width);          /* granularity */
    aml_le(a, min, width);
    aml_le(a, max, width);
    aml_le(a, 0, width);          /* translation */
    aml_le(a, max - min + 1, width);
    return a;
}

Aml *aml_word_bus_number(uint16_t min, uint16_t max)
{
    return aml_address_space(0x88, 2, 2, 0, min, max);
}

Aml *aml_word_io(uint16_t min, uint16_t max)
{
    return aml_address_space(0x88, 2, 1, 3, min, max);
}

Aml *aml_dword_memory(uint32_t min, uint32_t max, bool cacheable)
{
    return aml_address_space(0x87, 4, 0, cacheable ? 3 : 1, min, max);
}

Aml *aml_qword_memory(uint64_t min, uint64_t max, bool cacheable)
{
    return aml_address_space(0x8a, 8, 0, cacheable ? 3 : 1, min, max);
}

/* ---- tables ---- */

void acpi_append(GArray *blob, const void *data, size_t len)
{
    g_array_append_vals(blob, data, len);
}

void acpi_append_u8(GArray *blob, uint8_t v)
{
    acpi_append(blob, &v, 1);
}

void acpi_append_u16(GArray *blob, uint16_t v)
{
    v = GUINT16_TO_LE(v);
    acpi_append(blob, &v, 2);
}

void acpi_append_u32(GArray *blob, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    acpi_append(blob, &v, 4);
}

void acpi_append_u64(GArray *blob, uint64_t v)
{
    v = GUINT64_TO_LE(v);
    acpi_append(blob, &v, 8);
}

void acpi_append_zeros(GArray *blob, size_t n)
{
    g_array_set_size(blob, blob->len + n);
    memset(blob->data + blob->len - n, 0, n);
}

void acpi_append_gas(GArray *blob, uint8_t space, uint8_t bit_width,
                     uint8_t bit_offset, uint8_t access_size, uint64_t addr)
{
    acpi_append_u8(blob, space);
    acpi_append_u8(blob, bit_width);
    acpi_append_u8(blob, bit_offset);
    acpi_append_u8(blob, access_size);
    acpi_append_u64(blob, addr);
}

void acpi_set_u32(GArray *blob, size_t offset, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    assert(offset + 4 <= blob->len);
    memcpy(blob->data + offset, &v, 4);
}

size_t acpi_table_begin(GArray *blob, const char *sig, uint8_t rev)
{
    size_t off = blob->len;

    assert(strlen(sig) == 4);
    acpi_append(blob, sig, 4);
    acpi_append_u32(blob, 0);     /* length, set by acpi_table_end */
    acpi_append_u8(blob, rev);
    acpi_append_u8(blob, 0);      /* checksum */
    acpi_append(blob, ACPI_OEM_ID, 6);
    acpi_append(blob, ACPI_OEM_TABLE_ID, 8);
    acpi_append_u32(blob, 1);     /* OEM revision */
    acpi_append(blob, ACPI_CREATOR_ID, 4);
    acpi_append_u32(blob, 1);     /* creator revision */
    return off;
}

void acpi_table_end(GArray *blob, size_t table_offset)
{
    acpi_set_u32(blob, table_offset + 4, blob->len - table_offset);
}

uint8_t acpi_checksum(const uint8_t *data, size_t len)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < len; i++) {
        sum += data[i];
    }
    return sum;
}
