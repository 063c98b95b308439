/*
 * MMX/SSE/SSE2..SSE4.2/AES/PCLMUL decoding (0F, 0F38, 0F3A maps), called
 * by the frontend's decoder.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/fpu-internal.h"

typedef struct DisasContext DisasContext;
bool disas_sse(DisasContext *s, CPUX86State *env, int b, int modrm);

bool disas_sse(DisasContext *s, CPUX86State *env, int b, int modrm)
{
    return false;
}
