/*
 * KVM UAPI names newer than Debian's <linux/kvm.h> (6.1), from the KVM
 * API documentation (Documentation/virt/kvm/api.rst: numbers only).
 * Each is guarded so a newer system header wins.
 */
#ifndef VIREO_LINUX_KVM_EXTRA_H
#define VIREO_LINUX_KVM_EXTRA_H

#include <linux/kvm.h>

/* Exit reasons added after 6.1. */
#ifndef KVM_EXIT_LOONGARCH_IOCSR
#define KVM_EXIT_LOONGARCH_IOCSR 38
#endif
#ifndef KVM_EXIT_MEMORY_FAULT
#define KVM_EXIT_MEMORY_FAULT 39
#endif

/* Capabilities added after 6.1. */
#ifndef KVM_CAP_DISABLE_QUIRKS2
#define KVM_CAP_DISABLE_QUIRKS2 213
#endif

#endif
