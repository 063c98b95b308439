/*
 * x87 decoding (opcodes D8-DF), called by the frontend's decoder.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/fpu-internal.h"

typedef struct DisasContext DisasContext;
bool disas_x87(DisasContext *s, CPUX86State *env, int b, int modrm);

bool disas_x87(DisasContext *s, CPUX86State *env, int b, int modrm)
{
    return false;
}
