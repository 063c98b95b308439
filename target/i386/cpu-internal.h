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

/* tcg-features.c: the CPUID bits TCG implements, each with its evidence. */
typedef struct X86TCGFeature {
    FeatureWord word;
    int bit;
    const char *what;             /* the implementation, for docs */
} X86TCGFeature;

extern const X86TCGFeature x86_tcg_feature_list[];
extern const size_t x86_tcg_feature_count;
/* The mask of word w that TCG can advertise ("-cpu max" under TCG). */
uint32_t x86_tcg_supported_word(FeatureWord w);

struct X86CPUModel {
    const char *name;
    const char *desc;
    const char *vendor;           /* 12 characters */
    int family, model, stepping;
    uint32_t level, xlevel;
    const char *model_id;
    uint32_t features[FEATURE_WORDS];
    bool max;                     /* features: all the accelerator has */
};

#endif
