/*
 * The x86 half of the KVM accelerator (target/i386/kvm/): CPUID, MSRs,
 * register state. Internal to it and accel/kvm.
 */
#ifndef TARGET_I386_KVM_X86_H
#define TARGET_I386_KVM_X86_H

#include "accel/kvm/kvm-internal.h"
#include "target/i386/cpu.h"

/* KVM_GET_SUPPORTED_CPUID, cached. */
struct kvm_cpuid2 *kvm_x86_supported_cpuid(KVMState *s, Error **errp);
struct kvm_cpuid_entry2 *kvm_x86_cpuid_find(struct kvm_cpuid2 *c,
                                            uint32_t leaf, uint32_t index);
/* What the host offers for one feature word (with KVM's emulated bits). */
uint32_t kvm_x86_supported_word(KVMState *s, FeatureWord w);
/* -cpu host or max: the host's CPUID as is. */
bool kvm_x86_model_is_host(X86CPU *cpu);
/* The CPUID table for this vCPU; filters env->features (warns, or fails
 * with enforce). */
struct kvm_cpuid2 *kvm_x86_build_cpuid(X86CPU *cpu, unsigned ncpus,
                                       Error **errp);
/* Whether KVM_GET_MSR_INDEX_LIST names this MSR. */
bool kvm_x86_has_msr(uint32_t index);

#endif
