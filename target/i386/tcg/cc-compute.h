/*
 * The lazy flags evaluator, as pure functions of (dst, src, src2, op) so
 * that the helpers, the C-level cc_compute_all() and the unit tests share
 * one definition. What each CCOp keeps where (w = operand width):
 *
 *   EFLAGS      src = O S Z A P C bits
 *   MUL*        dst = low result; src != 0 -> CF = OF = 1
 *   ADD*        dst = result, src = second operand
 *   ADC*        ADD plus src2 = carry in
 *   SUB*        dst = result, src = second operand (first = dst + src)
 *   SBB*        SUB plus src2 = borrow in
 *   LOGIC*      dst = result (CF = OF = AF = 0)
 *   INC, DEC    dst = result, src = CF before the instruction
 *   SHL*        dst = result, src = operand shifted by count - 1
 *               (CF = its top bit; OF = CF ^ top bit of dst)
 *   SAR*        dst = result, src = operand shifted right by count - 1
 *               (CF = its bit 0; OF = top bit of src ^ dst, which gives
 *               SAR's 0 and SHR-by-1's old sign bit); also used for SHR
 *   BMILG*      dst = result, src: CF = (src == 0), OF = 0
 *   ADCX        src = EFLAGS, dst = new CF
 *   ADOX        src = EFLAGS, src2 = new OF
 *   ADCOX       src = EFLAGS, dst = new CF, src2 = new OF
 *   CLR         Z P set, the rest clear
 *   POPCNT      src = source operand: ZF = (src == 0), the rest clear
 */
#ifndef TARGET_I386_TCG_CC_COMPUTE_H
#define TARGET_I386_TCG_CC_COMPUTE_H

#include "target/i386/cpu.h"

static inline unsigned cc_parity(uint64_t v)
{
    return (__builtin_popcount((unsigned)(v & 0xff)) & 1) ? 0 : CC_P;
}

/* log2 of the operand size in bytes for the CCOp groups of four. */
static inline int cc_op_size(uint32_t op, uint32_t first)
{
    return (int)(op - first);
}

static inline uint64_t cc_width_mask(int size)
{
    return size == 3 ? ~0ULL : (1ULL << (8 << size)) - 1;
}

static inline unsigned cc_szp(uint64_t dst, int size)
{
    uint64_t m = cc_width_mask(size);
    unsigned fl = cc_parity(dst);

    if ((dst & m) == 0) {
        fl |= CC_Z;
    }
    if ((dst >> ((8 << size) - 1)) & 1) {
        fl |= CC_S;
    }
    return fl;
}

static inline uint32_t x86_cc_compute_all(uint64_t dst, uint64_t src,
                                          uint64_t src2, uint32_t op)
{
    int size, bits;
    uint64_t m, s1, sign;
    unsigned fl;

    switch (op) {
    case CC_OP_EFLAGS:
        return src & (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C);
    case CC_OP_CLR:
        return CC_Z | CC_P;
    case CC_OP_POPCNT:
        return src ? 0 : CC_Z;
    case CC_OP_ADCX:
        return (src & ~(uint64_t)CC_C) | (dst ? CC_C : 0);
    case CC_OP_ADOX:
        return (src & ~(uint64_t)CC_O) | (src2 ? CC_O : 0);
    case CC_OP_ADCOX:
        return (src & ~(uint64_t)(CC_C | CC_O)) | (dst ? CC_C : 0) |
               (src2 ? CC_O : 0);
    default:
        break;
    }

    if (op >= CC_OP_MULB && op <= CC_OP_BMILGQ) {
        size = (op - CC_OP_MULB) & 3;
    } else {
        return 0;   /* CC_OP_DYNAMIC or garbage: nothing sensible */
    }
    bits = 8 << size;
    m = cc_width_mask(size);
    sign = 1ULL << (bits - 1);
    dst &= m;
    fl = cc_szp(dst, size);

    switch (op - ((op - CC_OP_MULB) & 3)) {
    case CC_OP_MULB:
        if (src) {
            fl |= CC_C | CC_O;
        }
        return fl;
    case CC_OP_ADDB:
    case CC_OP_ADCB: {
        uint64_t cin = (op >= CC_OP_ADCB) ? (src2 & 1) : 0;
        src &= m;
        s1 = (dst - src - cin) & m;
        if (cin ? dst <= s1 : dst < s1) {
            fl |= CC_C;
        }
        fl |= (dst ^ s1 ^ src) & CC_A;
        if ((~(s1 ^ src) & (s1 ^ dst)) & sign) {
            fl |= CC_O;
        }
        return fl;
    }
    case CC_OP_SUBB:
    case CC_OP_SBBB: {
        uint64_t bin = (op >= CC_OP_SBBB) ? (src2 & 1) : 0;
        src &= m;
        s1 = (dst + src + bin) & m;
        if (bin ? s1 <= src : s1 < src) {
            fl |= CC_C;
        }
        fl |= (dst ^ s1 ^ src) & CC_A;
        if (((s1 ^ src) & (s1 ^ dst)) & sign) {
            fl |= CC_O;
        }
        return fl;
    }
    case CC_OP_LOGICB:
        return fl;
    case CC_OP_INCB:
        fl |= (src & 1) ? CC_C : 0;
        if (dst == sign) {
            fl |= CC_O;
        }
        if ((dst & 0xf) == 0) {
            fl |= CC_A;
        }
        return fl;
    case CC_OP_DECB:
        fl |= (src & 1) ? CC_C : 0;
        if (dst == sign - 1) {
            fl |= CC_O;
        }
        if ((dst & 0xf) == 0xf) {
            fl |= CC_A;
        }
        return fl;
    case CC_OP_SHLB:
        if ((src >> (bits - 1)) & 1) {
            fl |= CC_C;
        }
        if (((src ^ dst) >> (bits - 1)) & 1) {
            /* CF ^ top bit of the result */
            fl |= CC_O;
        }
        return fl;
    case CC_OP_SARB:
        if (src & 1) {
            fl |= CC_C;
        }
        if (((src ^ dst) >> (bits - 1)) & 1) {
            fl |= CC_O;
        }
        return fl;
    case CC_OP_BMILGB:
        if ((src & m) == 0) {
            fl |= CC_C;
        }
        return fl;
    }
    return 0;
}

static inline uint32_t x86_cc_compute_c(uint64_t dst, uint64_t src,
                                        uint64_t src2, uint32_t op)
{
    return x86_cc_compute_all(dst, src, src2, op) & CC_C;
}

#endif
