/*
 * MSI capability (PCI Local Bus Specification 3.0, section 6.8.1): one
 * message address/data pair, up to 32 vectors, optional per-vector
 * masking. A message is a bus-master dword write, so it also needs
 * COMMAND.MASTER, as on real hardware.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/pci/pci.h"
#include "qemu/log.h"
#include "qapi/error.h"

static uint16_t msi_flags(const PCIDevice *dev)
{
    return pci_get_word(dev->config + dev->msi_cap + PCI_MSI_FLAGS);
}

static bool msi_is64(const PCIDevice *dev)
{
    return msi_flags(dev) & PCI_MSI_FLAGS_64BIT;
}

static bool msi_maskbit(const PCIDevice *dev)
{
    return msi_flags(dev) & PCI_MSI_FLAGS_MASKBIT;
}

static unsigned msi_data_off(const PCIDevice *dev)
{
    return dev->msi_cap + (msi_is64(dev) ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32);
}

static unsigned msi_mask_off(const PCIDevice *dev)
{
    return dev->msi_cap + (msi_is64(dev) ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32);
}

static unsigned msi_pending_off(const PCIDevice *dev)
{
    return dev->msi_cap + (msi_is64(dev) ? PCI_MSI_PENDING_64
                                         : PCI_MSI_PENDING_32);
}

int msi_init(PCIDevice *dev, uint8_t offset, unsigned int nr_vectors,
             bool msi64bit, bool msi_per_vector_mask, Error **errp)
{
    unsigned log2 = 0;
    uint8_t size;
    uint16_t flags;
    int ret;

    if (nr_vectors == 0 || nr_vectors > 32 ||
        (nr_vectors & (nr_vectors - 1))) {
        error_setg(errp, "MSI: %u vectors, must be a power of two 1..32",
                   nr_vectors);
        return -1;
    }
    while ((1u << log2) < nr_vectors) {
        log2++;
    }
    size = msi64bit ? 0x0e : 0x0a;
    if (msi_per_vector_mask) {
        size += 10;
    }
    ret = pci_add_capability(dev, PCI_CAP_ID_MSI, offset, size, errp);
    if (ret < 0) {
        return ret;
    }
    dev->msi_cap = ret;
    dev->msi_vectors = nr_vectors;
    dev->cap_present |= QEMU_PCI_CAP_MSI;

    flags = log2 << 1;
    if (msi64bit) {
        flags |= PCI_MSI_FLAGS_64BIT;
    }
    if (msi_per_vector_mask) {
        flags |= PCI_MSI_FLAGS_MASKBIT;
    }
    pci_set_word(dev->config + ret + PCI_MSI_FLAGS, flags);
    pci_set_word(dev->wmask + ret + PCI_MSI_FLAGS,
                 PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);
    pci_set_long(dev->wmask + ret + PCI_MSI_ADDRESS_LO, 0xfffffffc);
    if (msi64bit) {
        pci_set_long(dev->wmask + ret + PCI_MSI_ADDRESS_HI, 0xffffffff);
    }
    pci_set_word(dev->wmask + msi_data_off(dev), 0xffff);
    if (msi_per_vector_mask) {
        pci_set_long(dev->wmask + msi_mask_off(dev),
                     0xffffffffu >> (32 - nr_vectors));
    }
    return ret;
}

void msi_uninit(PCIDevice *dev)
{
    uint8_t size;

    if (!dev->msi_cap) {
        return;
    }
    size = msi_is64(dev) ? 0x0e : 0x0a;
    if (msi_maskbit(dev)) {
        size += 10;
    }
    pci_del_capability(dev, PCI_CAP_ID_MSI, size);
    dev->msi_cap = 0;
    dev->cap_present &= ~QEMU_PCI_CAP_MSI;
}

bool msi_enabled(const PCIDevice *dev)
{
    return dev->msi_cap && (msi_flags(dev) & PCI_MSI_FLAGS_ENABLE);
}

unsigned int msi_nr_vectors_allocated(const PCIDevice *dev)
{
    unsigned mme;

    if (!dev->msi_cap) {
        return 0;
    }
    mme = (msi_flags(dev) & PCI_MSI_FLAGS_QSIZE) >> 4;
    return 1u << MIN(mme, 5u);
}

static void msi_send(PCIDevice *dev, unsigned vector)
{
    uint64_t addr = pci_get_long(dev->config + dev->msi_cap +
                                 PCI_MSI_ADDRESS_LO);
    uint32_t data = pci_get_word(dev->config + msi_data_off(dev));
    unsigned nr = msi_nr_vectors_allocated(dev);

    if (msi_is64(dev)) {
        addr |= (uint64_t)pci_get_long(dev->config + dev->msi_cap +
                                       PCI_MSI_ADDRESS_HI) << 32;
    }
    /* With n vectors enabled the low log2(n) data bits are the vector. */
    data = (data & ~(nr - 1)) | (vector & (nr - 1));
    address_space_stl_le(pci_get_address_space(dev), addr, data,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

void msi_notify(PCIDevice *dev, unsigned int vector)
{
    if (!msi_enabled(dev)) {
        return;
    }
    if (vector >= msi_nr_vectors_allocated(dev)) {
        qemu_log_mask(LOG_GUEST_ERROR, "msi: %s vector %u beyond the %u "
                      "the guest enabled\n", dev->name, vector,
                      msi_nr_vectors_allocated(dev));
        return;
    }
    if (msi_maskbit(dev) &&
        (pci_get_long(dev->config + msi_mask_off(dev)) & (1u << vector))) {
        uint32_t pend = pci_get_long(dev->config + msi_pending_off(dev));

        pci_set_long(dev->config + msi_pending_off(dev),
                     pend | (1u << vector));
        return;
    }
    msi_send(dev, vector);
}

void msi_write_config(PCIDevice *dev, uint32_t addr, uint32_t val, int len)
{
    unsigned cap = dev->msi_cap;
    uint16_t flags;
    unsigned mmc, mme;
    uint32_t mask, pend;

    if (!cap || addr + len <= cap || addr >= cap + 0x18) {
        return;
    }
    flags = msi_flags(dev);
    mmc = (flags & PCI_MSI_FLAGS_QMASK) >> 1;
    mme = (flags & PCI_MSI_FLAGS_QSIZE) >> 4;
    if (mme > mmc) {
        /* More than advertised is undefined: give what we have. */
        flags = (flags & ~PCI_MSI_FLAGS_QSIZE) | (mmc << 4);
        pci_set_word(dev->config + cap + PCI_MSI_FLAGS, flags);
    }
    if (!msi_enabled(dev) || !msi_maskbit(dev)) {
        return;
    }
    /* Unmasking a vector delivers what was held pending. */
    mask = pci_get_long(dev->config + msi_mask_off(dev));
    pend = pci_get_long(dev->config + msi_pending_off(dev));
    for (unsigned v = 0; v < msi_nr_vectors_allocated(dev); v++) {
        uint32_t bit = 1u << v;

        if ((pend & bit) && !(mask & bit)) {
            pend &= ~bit;
            pci_set_long(dev->config + msi_pending_off(dev), pend);
            msi_send(dev, v);
        }
    }
}

void msi_reset(PCIDevice *dev)
{
    uint16_t flags;

    if (!dev->msi_cap) {
        return;
    }
    flags = msi_flags(dev) & ~(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);
    pci_set_word(dev->config + dev->msi_cap + PCI_MSI_FLAGS, flags);
    pci_set_long(dev->config + dev->msi_cap + PCI_MSI_ADDRESS_LO, 0);
    if (msi_is64(dev)) {
        pci_set_long(dev->config + dev->msi_cap + PCI_MSI_ADDRESS_HI, 0);
    }
    pci_set_word(dev->config + msi_data_off(dev), 0);
    if (msi_maskbit(dev)) {
        pci_set_long(dev->config + msi_mask_off(dev), 0);
        pci_set_long(dev->config + msi_pending_off(dev), 0);
    }
}
