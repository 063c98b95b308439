/* Shared between the x86 CPU files; not for devices. */
#ifndef TARGET_I386_CPU_INTERNAL_H
#define TARGET_I386_CPU_INTERNAL_H

#include "target/i386/cpu.h"

typedef struct FeatureWordInfo {
    const char *const *names;     /* 32 entries, NULL for unnamed bits */
    const char *where;            /* "CPUID.07H:ECX" for messages */
} FeatureWordInfo;

extern const FeatureWordInfo feature_word_info[FEATURE_WORDS];
bool x86_feature_lookup(const char *name, FeatureWord *w, int *bit);

struct X86CPUModel {
    const char *name;
    const char *desc;
    const char *vendor;           /* 12 characters */
    int family, model, stepping;
    uint32_t level, xlevel;
    const char *model_id;
    uint32_t features[FEATURE_WORDS];
};

#endif
