/*
 * A small ACPI table and AML byte-code builder (no iasl needed).
 *
 * AML is built bottom-up: fill a body with aml_append(), then wrap it in
 * a scope, device, method or resource template, which takes ownership:
 *
 *     Aml *dev = aml_new();
 *     aml_append(dev, aml_name_decl("_HID", aml_eisaid("PNP0B00")));
 *     aml_append(scope, aml_device("RTC", dev));
 */
#ifndef HW_ACPI_AML_BUILD_H
#define HW_ACPI_AML_BUILD_H

#include "qemu/osdep.h"

typedef GByteArray Aml;

Aml *aml_new(void);
/* Appends child's bytes to parent and frees child. */
void aml_append(Aml *parent, Aml *child);
void aml_free(Aml *aml);

/* Data objects. */
Aml *aml_int(uint64_t val);
Aml *aml_string(const char *s);
Aml *aml_eisaid(const char *id);          /* "PNP0A03" -> DWordConst */
Aml *aml_name(const char *name);          /* a NameString reference */
Aml *aml_package(Aml *elements, unsigned count);
Aml *aml_buffer(const uint8_t *data, size_t len);

/* Named objects and blocks (these consume their body). */
Aml *aml_name_decl(const char *name, Aml *value);
Aml *aml_scope(const char *name, Aml *body);
Aml *aml_device(const char *name, Aml *body);
Aml *aml_method(const char *name, unsigned nargs, bool serialized,
                Aml *body);
Aml *aml_return(Aml *value);

/* Resource descriptors, appended into a body given to
 * aml_resource_template() (which adds the end tag). */
Aml *aml_resource_template(Aml *descriptors);
Aml *aml_io(uint16_t min, uint16_t max, uint8_t align, uint8_t len);
Aml *aml_irq_no_flags(uint8_t irq);
Aml *aml_memory32_fixed(uint32_t base, uint32_t len, bool rw);
Aml *aml_word_bus_number(uint16_t min, uint16_t max);
Aml *aml_word_io(uint16_t min, uint16_t max);
Aml *aml_dword_memory(uint32_t min, uint32_t max, bool cacheable);
Aml *aml_qword_memory(uint64_t min, uint64_t max, bool cacheable);

/* Encodings, exposed for unit tests. */
size_t aml_encode_pkglength(uint8_t *out, size_t body_len);
void aml_encode_nameseg(char out[4], const char *seg);

/*
 * ACPI table helpers on a blob (GArray of uint8_t) holding several
 * tables back to back.
 */
#define ACPI_TABLE_HEADER_SIZE 36

/* Appends a header with signature sig and revision rev; returns the
 * table's offset. acpi_table_end() fills in its length. The checksum is
 * left 0 (the linker script or acpi_checksum_fixup computes it). */
size_t acpi_table_begin(GArray *blob, const char *sig, uint8_t rev);
void acpi_table_end(GArray *blob, size_t table_offset);

void acpi_append(GArray *blob, const void *data, size_t len);
void acpi_append_u8(GArray *blob, uint8_t v);
void acpi_append_u16(GArray *blob, uint16_t v);
void acpi_append_u32(GArray *blob, uint32_t v);
void acpi_append_u64(GArray *blob, uint64_t v);
void acpi_append_zeros(GArray *blob, size_t n);
/* Generic Address Structure (12 bytes). space: 0 memory, 1 I/O. */
void acpi_append_gas(GArray *blob, uint8_t space, uint8_t bit_width,
                     uint8_t bit_offset, uint8_t access_size, uint64_t addr);
void acpi_set_u32(GArray *blob, size_t offset, uint32_t v);
/* 8-bit sum of len bytes. */
uint8_t acpi_checksum(const uint8_t *data, size_t len);

#define ACPI_OEM_ID       "VIREO "
#define ACPI_OEM_TABLE_ID "VIREOPC "
#define ACPI_CREATOR_ID   "VIRO"

#endif
