/*
 * x86-64 instruction encoder for the native backend: prefixes, REX,
 * ModRM/SIB with disp8/disp32, and the few composite forms the op
 * emitters use everywhere (moves, immediates, ALU ops, jumps).
 * Encodings from the Intel SDM, vol. 2.
 */
#include "qemu/osdep.h"
#include "native.h"

void nat_out_opc(NativeCtx *nc, int opc, int r, int rm, int x)
{
    int rex = 0;

    if (opc & P_DATA16) {
        nat_out8(nc, 0x66);
    }
    if (opc & P_F3) {
        nat_out8(nc, 0xf3);
    } else if (opc & P_F2) {
        nat_out8(nc, 0xf2);
    }
    if (opc & P_REXW) {
        rex |= 8;
    }
    rex |= (r & 8) >> 1;
    rex |= (x & 8) >> 2;
    rex |= (rm & 8) >> 3;
    /* spl/bpl/sil/dil exist only with a REX prefix (else ah/ch/dh/bh). */
    if (((opc & P_REXB_R) && r >= 4 && r < 8) ||
        ((opc & P_REXB_RM) && rm >= 4 && rm < 8)) {
        rex |= 0x40;
    }
    if (rex) {
        nat_out8(nc, 0x40 | rex);
    }
    if (opc & (P_EXT | P_EXT38 | P_EXT3A)) {
        nat_out8(nc, 0x0f);
        if (opc & P_EXT38) {
            nat_out8(nc, 0x38);
        } else if (opc & P_EXT3A) {
            nat_out8(nc, 0x3a);
        }
    }
    nat_out8(nc, opc & 0xff);
}

void nat_out_modrm(NativeCtx *nc, int opc, int r, int rm)
{
    nat_out_opc(nc, opc, r, rm, 0);
    nat_out8(nc, 0xc0 | ((r & 7) << 3) | (rm & 7));
}

void nat_out_modrm_sib(NativeCtx *nc, int opc, int r, int base, int index,
                       int shift, intptr_t offset)
{
    int mod, len;

    assert(fits_s32(offset));
    assert(index != TCG_REG_RSP);
    if (base < 0) {
        /* absolute [disp32] (or [index*s + disp32]): SIB with no base */
        nat_out_opc(nc, opc, r, 0, index < 0 ? 0 : index);
        nat_out8(nc, 0x04 | ((r & 7) << 3));
        nat_out8(nc, (shift << 6) | (((index < 0 ? 4 : index) & 7) << 3) | 5);
        nat_out32(nc, offset);
        return;
    }
    /* rbp/r13 as base with mod 00 would mean rip/disp32: use disp8 0. */
    if (offset == 0 && (base & 7) != TCG_REG_RBP) {
        mod = 0x00;
        len = 0;
    } else if (fits_s8(offset)) {
        mod = 0x40;
        len = 1;
    } else {
        mod = 0x80;
        len = 4;
    }
    if (index < 0 && (base & 7) != TCG_REG_RSP) {
        nat_out_opc(nc, opc, r, base, 0);
        nat_out8(nc, mod | ((r & 7) << 3) | (base & 7));
    } else {
        /* rsp/r12 as base needs a SIB byte; index 4 = none */
        int idx = index < 0 ? 4 : index;
        nat_out_opc(nc, opc, r, base, index < 0 ? 0 : index);
        nat_out8(nc, mod | ((r & 7) << 3) | 4);
        nat_out8(nc, (shift << 6) | ((idx & 7) << 3) | (base & 7));
    }
    if (len == 1) {
        nat_out8(nc, offset);
    } else if (len == 4) {
        nat_out32(nc, offset);
    }
}

void nat_out_modrm_rip(NativeCtx *nc, int opc, int r, const void *target,
                       int imm_len)
{
    intptr_t disp;

    nat_out_opc(nc, opc, r, 0, 0);
    nat_out8(nc, 0x05 | ((r & 7) << 3));
    disp = (const uint8_t *)target - (nc->code + 4 + imm_len);
    assert(fits_s32(disp));
    nat_out32(nc, disp);
}

void nat_mov(NativeCtx *nc, TCGType type, int dst, int src)
{
    if (dst != src) {
        nat_out_modrm(nc, OPC_MOVL_GvEv | rexw(type), dst, src);
    }
}

void nat_movi(NativeCtx *nc, TCGType type, int reg, int64_t val,
              bool keep_flags)
{
    if (type == TCG_TYPE_I32) {
        val = (uint32_t)val;
    }
    if (val == 0 && !keep_flags) {
        nat_out_modrm(nc, OPC_XOR_GvEv, reg, reg);
    } else if (val == (uint32_t)val) {
        /* mov r32, imm32 zero-extends */
        nat_out_opc(nc, OPC_MOVL_Iv + (reg & 7), 0, reg, 0);
        nat_out32(nc, val);
    } else if (fits_s32(val)) {
        nat_out_modrm(nc, OPC_MOVL_EvIz | P_REXW, 0, reg);
        nat_out32(nc, val);
    } else {
        nat_out_opc(nc, (OPC_MOVL_Iv + (reg & 7)) | P_REXW, 0, reg, 0);
        nat_out64(nc, val);
    }
}

void nat_ld(NativeCtx *nc, TCGType type, int reg, int base, intptr_t off)
{
    nat_out_modrm_offset(nc, OPC_MOVL_GvEv | rexw(type), reg, base, off);
}

void nat_st(NativeCtx *nc, TCGType type, int reg, int base, intptr_t off)
{
    nat_out_modrm_offset(nc, OPC_MOVL_EvGv | rexw(type), reg, base, off);
}

void nat_sti(NativeCtx *nc, TCGType type, int64_t val, int base,
             intptr_t off)
{
    if (type == TCG_TYPE_I32 || fits_s32(val)) {
        nat_out_modrm_offset(nc, OPC_MOVL_EvIz | rexw(type), 0, base, off);
        nat_out32(nc, val);
    } else {
        /* two halves: no register needed */
        nat_out_modrm_offset(nc, OPC_MOVL_EvIz, 0, base, off);
        nat_out32(nc, val);
        nat_out_modrm_offset(nc, OPC_MOVL_EvIz, 0, base, off + 4);
        nat_out32(nc, (uint64_t)val >> 32);
    }
}

void nat_arith_rr(NativeCtx *nc, TCGType type, int c, int dst, int src)
{
    nat_out_modrm(nc, (OPC_ARITH_GvEv + (c << 3)) | rexw(type), dst, src);
}

void nat_arith_ri(NativeCtx *nc, TCGType type, int c, int reg, int64_t val)
{
    if (type == TCG_TYPE_I32) {
        val = (int32_t)val;
    }
    assert(fits_s32(val));
    if (fits_s8(val)) {
        nat_out_modrm(nc, OPC_ARITH_EvIb | rexw(type), c, reg);
        nat_out8(nc, val);
    } else if (reg == TCG_REG_RAX) {
        /* short form: op eax/rax, imm32 */
        nat_out_opc(nc, (0x05 + (c << 3)) | rexw(type), 0, 0, 0);
        nat_out32(nc, val);
    } else {
        nat_out_modrm(nc, OPC_ARITH_EvIz | rexw(type), c, reg);
        nat_out32(nc, val);
    }
}

void nat_shift_ri(NativeCtx *nc, TCGType type, int c, int reg, int count)
{
    count &= type == TCG_TYPE_I32 ? 31 : 63;
    if (count == 1) {
        nat_out_modrm(nc, OPC_SHIFT_1 | rexw(type), c, reg);
    } else {
        nat_out_modrm(nc, OPC_SHIFT_Ib | rexw(type), c, reg);
        nat_out8(nc, count);
    }
}

void nat_lea(NativeCtx *nc, TCGType type, int dst, int base, int index,
             int shift, intptr_t off)
{
    nat_out_modrm_sib(nc, OPC_LEA | rexw(type), dst, base, index, shift, off);
}

/* Recommended multi-byte nops (SDM "NOP" table). */
void nat_nops(NativeCtx *nc, int n)
{
    static const uint8_t nops[8][8] = {
        { 0 },
        { 0x90 },
        { 0x66, 0x90 },
        { 0x0f, 0x1f, 0x00 },
        { 0x0f, 0x1f, 0x40, 0x00 },
        { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
    };
    while (n > 0) {
        int k = n > 7 ? 7 : n;
        memcpy(nc->code, nops[k], k);
        nc->code += k;
        n -= k;
    }
}

void nat_jmp_to(NativeCtx *nc, const void *target)
{
    intptr_t disp = (const uint8_t *)target - (nc->code + 2);

    if (fits_s8(disp)) {
        nat_out8(nc, OPC_JMP_short);
        nat_out8(nc, disp);
        return;
    }
    disp = (const uint8_t *)target - (nc->code + 5);
    assert(fits_s32(disp));
    nat_out8(nc, OPC_JMP_long);
    nat_out32(nc, disp);
}

void nat_call_to(NativeCtx *nc, const void *target)
{
    intptr_t disp = (const uint8_t *)target - (nc->code + 5);

    if (fits_s32(disp)) {
        nat_out8(nc, OPC_CALL_Jz);
        nat_out32(nc, disp);
    } else {
        /* r11: call-clobbered and never an argument register */
        nat_movi(nc, TCG_TYPE_I64, TCG_REG_R11, (intptr_t)target, true);
        nat_out_modrm(nc, OPC_GRP5, EXT5_CALL_Ev, TCG_REG_R11);
    }
}

void nat_out_vex_modrm(NativeCtx *nc, int opc, int r, int v, int rm)
{
    int map = opc & P_EXT3A ? 3 : opc & P_EXT38 ? 2 : 1;
    int pp = opc & P_DATA16 ? 1 : opc & P_F3 ? 2 : opc & P_F2 ? 3 : 0;

    nat_out8(nc, 0xc4);
    nat_out8(nc, ((~r & 8) << 4) | 0x40 | ((~rm & 8) << 2) | map);
    nat_out8(nc, (opc & P_REXW ? 0x80 : 0) | ((~v & 15) << 3) | pp);
    nat_out8(nc, opc & 0xff);
    nat_out8(nc, 0xc0 | ((r & 7) << 3) | (rm & 7));
}
