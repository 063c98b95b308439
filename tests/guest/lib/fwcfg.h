/*
 * fw_cfg, the firmware configuration interface: selector 0x510 (16-bit
 * key), data 0x511 (bytes), DMA address 0x514 (big-endian, the write of
 * the low half at 0x518 starts the transfer).
 */
#ifndef GUEST_FWCFG_H
#define GUEST_FWCFG_H

#include "guest.h"

#define FW_CFG_PORT_SEL     0x510
#define FW_CFG_PORT_DATA    0x511
#define FW_CFG_PORT_DMA     0x514

#define FW_CFG_SIGNATURE    0x00
#define FW_CFG_ID           0x01
#define FW_CFG_RAM_SIZE     0x03
#define FW_CFG_NB_CPUS      0x05
#define FW_CFG_MAX_CPUS     0x0f
#define FW_CFG_FILE_DIR     0x19

#define FW_CFG_ID_TRADITIONAL   BIT(0)
#define FW_CFG_ID_DMA           BIT(1)

#define FW_CFG_DMA_CTL_ERROR    0x01
#define FW_CFG_DMA_CTL_READ     0x02
#define FW_CFG_DMA_CTL_SKIP     0x04
#define FW_CFG_DMA_CTL_SELECT   0x08

/* True if the selector/data ports answer with the "QEMU" signature. */
bool fwcfg_present(void);
void fwcfg_select(u16 key);
void fwcfg_read(void *buf, size_t len);
u16 fwcfg_read_u16(u16 key);
u32 fwcfg_read_u32(u16 key);
u64 fwcfg_read_u64(u16 key);
unsigned fwcfg_nb_cpus(void);
u64 fwcfg_ram_size(void);
bool fwcfg_dma_present(void);
/* Reads len bytes of key by DMA; false on an error or a missing device. */
bool fwcfg_dma_read(u16 key, void *buf, u32 len);
/* Looks a named file up in FW_CFG_FILE_DIR. */
bool fwcfg_find_file(const char *name, u16 *key, u32 *size);

#endif
