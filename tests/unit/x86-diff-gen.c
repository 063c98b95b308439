/*
 * Case generator of test-x86-diff: instruction templates encoded here
 * (from the Intel SDM opcode tables) into machine code, with operand
 * registers, sizes, immediates and prefixes drawn from a fixed seed.
 * Each case says which EFLAGS are defined afterwards (SDM "Flags
 * Affected") and how to constrain its random inputs.
 */
#include "qemu/osdep.h"
#include "x86-diff.h"

/* ------------------------------------------------------------------ */
/* Random numbers                                                      */

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

uint64_t diff_rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

uint64_t diff_rnd_value(void)
{
    static const uint64_t edge[] = {
        0, 1, 2, 0x7f, 0x80, 0x81, 0xff, 0xfe, 0x7fff, 0x8000, 0xffff,
        0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
        0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull, ~1ull,
        0x8080808080808080ull, 0x7f7f7f7f7f7f7f7full,
    };

    switch (diff_rnd() % 6) {
    case 0:
    case 1:
        return edge[diff_rnd() % ARRAY_SIZE(edge)];
    case 2:
        return diff_rnd() & 0xff;
    case 3:
        return diff_rnd() >> (diff_rnd() % 64);
    default:
        return diff_rnd();
    }
}

static int rnd_below(int n)
{
    return diff_rnd() % n;
}

/* printf into one of a few static buffers (names are copied at once) */
static const char *tmpf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static const char *tmpf(const char *fmt, ...)
{
    static char buf[4][32];
    static int i;
    va_list ap;

    i = (i + 1) % 4;
    va_start(ap, fmt);
    g_vsnprintf(buf[i], sizeof(buf[i]), fmt, ap);
    va_end(ap);
    return buf[i];
}

/* ------------------------------------------------------------------ */
/* Encoder                                                             */

/* Byte registers 16..19 are AH, CH, DH, BH (no REX allowed). */
#define AH 16
#define CH 17
#define DH 18

typedef struct Op {
    bool mem;
    int reg;
    int base;
    int32_t disp;
} Op;

static Op reg_op(int r)
{
    return (Op){ .reg = r };
}

static Op mem_op(int base, int32_t disp)
{
    return (Op){ .mem = true, .base = base, .disp = disp };
}

#define PLOCK 1
#define P66   2
#define PF2   4
#define PF3   8
#define PA32  16    /* address-size prefix */
#define PREXW 32    /* REX.W regardless of the operand size */

static void b1(DiffCase *c, uint8_t v)
{
    g_assert(c->len < sizeof(c->code));
    c->code[c->len++] = v;
}

static void bn(DiffCase *c, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) {
        b1(c, v >> (8 * i));
    }
}

static int imm_bytes(int size)
{
    return size == 1 ? 1 : size == 2 ? 2 : 4;
}

static void modrm(DiffCase *c, int reg, Op rm)
{
    int rmc = rm.mem ? rm.base & 7 : rm.reg & 7;

    if (!rm.mem) {
        b1(c, 0xc0 | (reg & 7) << 3 | rmc);
        return;
    }
    if (rm.disp == 0 && rmc != 5) {
        b1(c, (reg & 7) << 3 | rmc);
    } else if (rm.disp >= -128 && rm.disp < 128) {
        b1(c, 0x40 | (reg & 7) << 3 | rmc);
    } else {
        b1(c, 0x80 | (reg & 7) << 3 | rmc);
    }
    if (rmc == 4) {
        b1(c, 0x24);            /* SIB: no index, base = rm */
    }
    if (rm.disp == 0 && rmc != 5) {
        return;
    }
    bn(c, rm.disp, rm.disp >= -128 && rm.disp < 128 ? 1 : 4);
}

/*
 * One legacy/REX-encoded instruction. size 2 adds 66, size 8 REX.W;
 * byteregs (BR_*): which of reg / rm name byte registers (AH..BH are
 * 16..19) when size is 1.
 * opc is emitted big-endian in opclen bytes.
 */
#define BR_RM  2    /* ModRM.rm names a byte register (reg is /digit) */
#define BR_ALL 3    /* both ModRM.reg and ModRM.rm do */

static void enc(DiffCase *c, int pfx, int size, int byteregs, uint32_t opc,
                int opclen, int reg, Op rm)
{
    int rex = 0x40, regc = reg, rmc = rm.mem ? rm.base : rm.reg;
    bool need = false, high = false;

    if (size != 1) {
        byteregs = 0;
    }
    if (byteregs & 1) {
        if (reg >= 16) {
            regc = reg - 12;
            high = true;
        } else if (reg >= 4 && reg < 8) {
            need = true;
        }
    }
    if (byteregs & 2) {
        if (!rm.mem && rm.reg >= 16) {
            rmc = rm.reg - 12;
            high = true;
        } else if (!rm.mem && rm.reg >= 4 && rm.reg < 8) {
            need = true;
        }
    }
    if (pfx & PLOCK) {
        b1(c, 0xf0);
    }
    if (pfx & PA32) {
        b1(c, 0x67);
    }
    if (size == 2 || (pfx & P66)) {
        b1(c, 0x66);
    }
    if (pfx & PF2) {
        b1(c, 0xf2);
    }
    if (pfx & PF3) {
        b1(c, 0xf3);
    }
    if (size == 8 || (pfx & PREXW)) {
        rex |= 8;
    }
    if (regc & 8) {
        rex |= 4;
    }
    if (rmc & 8) {
        rex |= 1;
    }
    if (!c->compat && (rex != 0x40 || need)) {
        g_assert(!high);
        b1(c, rex);
    }
    for (int i = opclen - 1; i >= 0; i--) {
        b1(c, opc >> (8 * i));
    }
    modrm(c, regc, (Op){ .mem = rm.mem, .reg = rmc, .base = rmc,
                         .disp = rm.disp });
}

/* VEX (3-byte C4 form): map 1 = 0F, 2 = 0F38, 3 = 0F3A; pp 0/66/F3/F2. */
static void enc_vex(DiffCase *c, int map, int pp, bool w, int vvvv,
                    uint8_t opc, int reg, Op rm)
{
    int rmc = rm.mem ? rm.base : rm.reg;

    b1(c, 0xc4);
    b1(c, (!(reg & 8)) << 7 | 1 << 6 | (!(rmc & 8)) << 5 | map);
    b1(c, w << 7 | ((~vvvv) & 15) << 3 | pp);
    b1(c, opc);
    modrm(c, reg, (Op){ .mem = rm.mem, .reg = rmc, .base = rmc,
                        .disp = rm.disp });
}

/* ------------------------------------------------------------------ */
/* Case list                                                           */

static GArray *cases;

static DiffCase *new_case(DiffCat cat, uint32_t flags_mask,
                          const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static DiffCase *new_case(DiffCat cat, uint32_t flags_mask,
                          const char *fmt, ...)
{
    DiffCase c = { .cat = cat, .flags_mask = flags_mask, .fsw_mask = 0xffff };
    va_list ap;

    va_start(ap, fmt);
    g_vsnprintf(c.name, sizeof(c.name), fmt, ap);
    va_end(ap);
    g_array_append_val(cases, c);
    return &g_array_index(cases, DiffCase, cases->len - 1);
}

/* Registers holding random data (not RSP, RBX, R13: pointers). */
static const int data_regs[] = {
    RAX, RCX, RDX, RBP, RSI, RDI, R8, R9, R10, R11, R12, R14, R15,
};

static int rnd_reg(void)
{
    return data_regs[rnd_below(ARRAY_SIZE(data_regs))];
}

static int rnd_reg_size(int size)
{
    if (size == 1 && rnd_below(4) == 0) {
        return AH + rnd_below(3);
    }
    return rnd_reg();
}

/* Two registers that can share one instruction (no AH with REX). */
static void rnd_pair(int size, int *a, int *b)
{
    for (;;) {
        *a = rnd_reg_size(size);
        *b = rnd_reg_size(size);
        if (size != 1) {
            return;
        }
        bool high = *a >= 16 || *b >= 16;
        bool rex = (*a >= 4 && *a < 16) || (*b >= 4 && *b < 16);
        if (!(high && rex)) {
            return;
        }
    }
}

static Op rnd_mem(int size)
{
    int base = rnd_below(3) ? RBX : R13;
    int32_t disp = rnd_below(0x100) * 8 - 0x200;

    if (rnd_below(4) == 0) {
        disp += rnd_below(8);           /* misaligned */
    }
    if (rnd_below(8) == 0) {
        disp = 0;
    }
    (void)size;
    return mem_op(base, disp);
}

static const char *reg_name(int r, int size)
{
    static const char *n64[] = {
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
    };
    static const char *n8h[] = { "ah", "ch", "dh", "bh" };
    static char buf[8][8];
    static int i;

    if (r >= 16) {
        return n8h[r - 16];
    }
    i = (i + 1) % 8;
    snprintf(buf[i], 8, "%s%s", n64[r], size == 8 ? "" :
             size == 4 ? "d" : size == 2 ? "w" : "b");
    return buf[i];
}

static const char *op_name(Op o, int size)
{
    static char buf[4][24];
    static int i;

    if (!o.mem) {
        return reg_name(o.reg, size);
    }
    i = (i + 1) % 4;
    snprintf(buf[i], 24, "m%d[%s%+d]", size * 8, reg_name(o.base, 8),
             o.disp);
    return buf[i];
}

static uint64_t rnd_imm(int size)
{
    uint64_t v = diff_rnd_value();
    return size == 1 ? (uint8_t)v : size == 2 ? (uint16_t)v : (uint32_t)v;
}

static const int sizes[4] = { 1, 2, 4, 8 };

/* ------------------------------------------------------------------ */
/* ALU                                                                 */

static void gen_alu(void)
{
    static const char *names[8] = {
        "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp",
    };

    for (int op = 0; op < 8; op++) {
        uint32_t fm = (op == 1 || op == 4 || op == 6) ? F_ALL & ~F_A : F_ALL;
        for (int si = 0; si < 4; si++) {
            int sz = sizes[si], w = sz > 1;
            for (int v = 0; v < 2; v++) {
                int a, b, lock = (v && op != 7) ? PLOCK : 0;
                uint64_t imm;
                Op m;
                DiffCase *c;

                rnd_pair(sz, &a, &b);
                c = new_case(CAT_ALU, fm, "%s %s,%s", names[op],
                             reg_name(a, sz), reg_name(b, sz));
                enc(c, 0, sz, BR_ALL, op * 8 + w, 1, b, reg_op(a));

                rnd_pair(sz, &a, &b);
                c = new_case(CAT_ALU, fm, "%s %s,%s (r,rm)", names[op],
                             reg_name(a, sz), reg_name(b, sz));
                enc(c, 0, sz, BR_ALL, op * 8 + 2 + w, 1, a, reg_op(b));

                a = rnd_reg();
                m = rnd_mem(sz);
                c = new_case(CAT_ALU, fm, "%s%s %s,%s", lock ? "lock " : "",
                             names[op], op_name(m, sz), reg_name(a, sz));
                enc(c, lock, sz, BR_ALL, op * 8 + w, 1, a, m);

                m = rnd_mem(sz);
                c = new_case(CAT_ALU, fm, "%s %s,%s", names[op],
                             reg_name(a, sz), op_name(m, sz));
                enc(c, 0, sz, BR_ALL, op * 8 + 2 + w, 1, a, m);

                imm = rnd_imm(sz);
                c = new_case(CAT_ALU, fm, "%s %s,$%#" PRIx64 " (acc)",
                             names[op], reg_name(RAX, sz), imm);
                if (sz == 2) {
                    b1(c, 0x66);
                } else if (sz == 8) {
                    b1(c, 0x48);
                }
                b1(c, op * 8 + 4 + w);
                bn(c, imm, imm_bytes(sz));

                a = rnd_reg_size(sz);
                imm = rnd_imm(sz);
                c = new_case(CAT_ALU, fm, "%s %s,$%#" PRIx64, names[op],
                             reg_name(a, sz), imm);
                enc(c, 0, sz, BR_RM, 0x80 + w, 1, op, reg_op(a));
                bn(c, imm, imm_bytes(sz));

                m = rnd_mem(sz);
                imm = rnd_imm(sz);
                c = new_case(CAT_ALU, fm, "%s%s %s,$%#" PRIx64,
                             lock ? "lock " : "", names[op], op_name(m, sz),
                             imm);
                enc(c, lock, sz, BR_RM, 0x80 + w, 1, op, m);
                bn(c, imm, imm_bytes(sz));

                if (sz > 1) {
                    a = rnd_reg();
                    imm = (uint8_t)diff_rnd_value();
                    c = new_case(CAT_ALU, fm, "%s %s,$%#" PRIx64 " (sx8)",
                                 names[op], reg_name(a, sz), imm);
                    enc(c, 0, sz, false, 0x83, 1, op, reg_op(a));
                    b1(c, imm);
                }
            }
        }
    }
    for (int si = 0; si < 4; si++) {
        int sz = sizes[si], w = sz > 1, a, b;
        uint64_t imm = rnd_imm(sz);
        uint32_t fm = F_ALL & ~F_A;
        DiffCase *c;
        Op m = rnd_mem(sz);

        rnd_pair(sz, &a, &b);
        c = new_case(CAT_ALU, fm, "test %s,%s", reg_name(a, sz),
                     reg_name(b, sz));
        enc(c, 0, sz, BR_ALL, 0x84 + w, 1, b, reg_op(a));
        c = new_case(CAT_ALU, fm, "test %s,%s", op_name(m, sz),
                     reg_name(a, sz));
        enc(c, 0, sz, BR_ALL, 0x84 + w, 1, a, m);
        c = new_case(CAT_ALU, fm, "test %s,$%#" PRIx64, reg_name(b, sz), imm);
        enc(c, 0, sz, BR_RM, 0xf6 + w, 1, 0, reg_op(b));
        bn(c, imm, imm_bytes(sz));
        c = new_case(CAT_ALU, fm, "test acc%d,$%#" PRIx64, sz * 8, imm);
        if (sz == 2) {
            b1(c, 0x66);
        } else if (sz == 8) {
            b1(c, 0x48);
        }
        b1(c, 0xa8 + w);
        bn(c, imm, imm_bytes(sz));
    }
}

static void gen_incdec(void)
{
    static const struct { const char *n; uint8_t opc, ext; } ops[] = {
        { "inc", 0xfe, 0 }, { "dec", 0xfe, 1 },
        { "not", 0xf6, 2 }, { "neg", 0xf6, 3 },
    };

    for (int o = 0; o < 4; o++) {
        for (int si = 0; si < 4; si++) {
            int sz = sizes[si];
            for (int v = 0; v < 3; v++) {
                Op m = v ? rnd_mem(sz) : reg_op(rnd_reg_size(sz));
                int lock = v == 2 ? PLOCK : 0;
                DiffCase *c = new_case(CAT_INCDEC, F_ALL, "%s%s %s",
                                       lock ? "lock " : "", ops[o].n,
                                       op_name(m, sz));
                enc(c, lock, sz, BR_RM, ops[o].opc + (sz > 1), 1, ops[o].ext,
                    m);
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Shifts and rotates                                                  */

/* p[0] op (/r), p[1] count or -1 for CL, p[2] size, p[3] 0 / 1 SHLD-SHRD */
static uint32_t shift_flags(const DiffCase *c, const DiffRegs *in)
{
    int op = c->p[0], sz = c->p[2], w = sz * 8;
    unsigned cnt = c->p[1] >= 0 ? c->p[1] : (uint8_t)in->r[RCX];
    unsigned m = cnt & (sz == 8 ? 63 : 31);
    uint32_t fm = F_ALL;

    if (m == 0) {
        return F_ALL;
    }
    if (m != 1) {
        fm &= ~F_O;
    }
    if (c->p[3]) {
        return fm & ~F_A;       /* SHLD/SHRD */
    }
    if (op >= 4) {
        fm &= ~F_A;
        if (op != 7 && m >= (unsigned)w) {
            fm &= ~F_C;
        }
    }
    return fm;
}

static void shift_count_fixup(const DiffCase *c, DiffRegs *in, uint8_t *mem)
{
    int sz = c->p[2], w = sz * 8;
    unsigned cnt;

    switch (diff_rnd() % 6) {
    case 0:
        cnt = 0;
        break;
    case 1:
        cnt = 1;
        break;
    case 2:
        cnt = w;
        break;
    case 3:
        cnt = w + 1 + diff_rnd() % 8;
        break;
    default:
        cnt = diff_rnd() % 256;
    }
    if (c->p[3] && sz == 2 && (cnt & 31) > 16) {
        cnt = (cnt & 31) % 17;  /* counts above 16 are undefined */
    }
    in->r[RCX] = (in->r[RCX] & ~0xffull) | (cnt & 0xff);
}

static int pick_count(int sz, bool dbl)
{
    int w = sz * 8;

    switch (diff_rnd() % 6) {
    case 0:
        return 0;
    case 1:
        return 1;
    case 2:
        return dbl && sz == 2 ? 16 : w;
    case 3:
        return dbl ? 1 + rnd_below(w - 1) : w - 1;
    case 4:
        return dbl ? (sz == 2 ? rnd_below(17) : rnd_below(256)) :
                     (sz == 8 ? 63 : 31);
    default:
        return dbl && sz == 2 ? rnd_below(17) : rnd_below(256);
    }
}

static void gen_shift(void)
{
    static const char *names[8] = {
        "rol", "ror", "rcl", "rcr", "shl", "shr", "sal6", "sar",
    };

    for (int op = 0; op < 8; op++) {
        if (op == 6) {
            continue;
        }
        for (int si = 0; si < 4; si++) {
            int sz = sizes[si], w = sz > 1;
            for (int v = 0; v < 6; v++) {
                Op m = v >= 4 ? rnd_mem(sz) : reg_op(rnd_reg_size(sz));
                int cnt = (v == 0) ? 1 : (v & 1) ? -1 : pick_count(sz, false);
                DiffCase *c;

                if (!m.mem && (m.reg == RCX || m.reg == CH) && cnt < 0) {
                    m.reg = RDX;
                }
                c = new_case(CAT_SHIFT, 0, "%s %s,%s", names[op],
                             op_name(m, sz), cnt < 0 ? "cl" :
                             tmpf("$%d%s", cnt,
                                             v == 0 ? " (d0)" : ""));
                c->p[0] = op;
                c->p[1] = cnt;
                c->p[2] = sz;
                c->flags_fn = shift_flags;
                if (cnt < 0) {
                    c->fixup = shift_count_fixup;
                    c->fixed_regs = 1 << RCX;
                    enc(c, 0, sz, BR_RM, 0xd2 + w, 1, op, m);
                } else if (v == 0) {
                    enc(c, 0, sz, BR_RM, 0xd0 + w, 1, op, m);
                } else {
                    enc(c, 0, sz, BR_RM, 0xc0 + w, 1, op, m);
                    b1(c, cnt);
                }
            }
        }
    }
    /* SHLD / SHRD */
    for (int r = 0; r < 2; r++) {
        for (int si = 1; si < 4; si++) {
            int sz = sizes[si];
            for (int v = 0; v < 6; v++) {
                int src = rnd_reg(), cnt = (v & 1) ? -1 : pick_count(sz, true);
                Op m = v >= 4 ? rnd_mem(sz) : reg_op(rnd_reg());
                DiffCase *c;

                if (cnt < 0) {
                    if (src == RCX) {
                        src = R9;
                    }
                    if (!m.mem && m.reg == RCX) {
                        m.reg = R10;
                    }
                }
                c = new_case(CAT_SHIFT, 0, "%s %s,%s,%s", r ? "shrd" : "shld",
                             op_name(m, sz), reg_name(src, sz),
                             cnt < 0 ? "cl" : tmpf("$%d", cnt));
                c->p[1] = cnt;
                c->p[2] = sz;
                c->p[3] = 1;
                c->flags_fn = shift_flags;
                if (cnt < 0) {
                    c->fixup = shift_count_fixup;
                    c->fixed_regs = 1 << RCX;
                    enc(c, 0, sz, false, r ? 0x0fad : 0x0fa5, 2, src, m);
                } else {
                    enc(c, 0, sz, false, r ? 0x0fac : 0x0fa4, 2, src, m);
                    b1(c, cnt);
                }
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Multiply and divide                                                 */

static uint64_t width_mask(int sz)
{
    return sz == 8 ? ~0ull : (1ull << (sz * 8)) - 1;
}

static void set_low(uint64_t *r, uint64_t v, int sz)
{
    if (sz == 4) {
        *r = (uint32_t)v;       /* like a 32-bit write */
    } else {
        *r = (*r & ~width_mask(sz)) | (v & width_mask(sz));
    }
}

/* p[0] signed, p[2] size, p[1] divisor register, or offset from RBX if p[3] */
static void div_fixup(const DiffCase *c, DiffRegs *in, uint8_t *mem)
{
    int sz = c->p[2], bits = sz * 8;
    uint64_t mask = width_mask(sz), d;
    uint8_t *dp = NULL;
    __int128 dividend;

    if (!c->p[3]) {
        d = c->p[1] >= 16 ? in->r[c->p[1] - 16] >> 8 : in->r[c->p[1]];
    } else {
        dp = mem + DIFF_RBX_OFF + c->p[1];
        memcpy(&d, dp, 8);
    }
    d &= mask;
    if (d == 0) {
        d = (diff_rnd() & mask) | 1;
    }
    if (c->p[0]) {
        /* signed: quotient q, |r| < |d|, r with the dividend's sign */
        __int128 sd = (int64_t)(d << (64 - bits)) >> (64 - bits);
        __int128 q = (int64_t)(diff_rnd_value() << (64 - bits)) >> (64 - bits);
        __int128 r, ad = sd < 0 ? -sd : sd;

        q >>= diff_rnd() % bits;
        if (q == -((__int128)1 << (bits - 1))) {
            q++;
        }
        r = (__int128)(diff_rnd() % (uint64_t)ad);
        if ((q * sd) < 0) {
            r = -r;
        }
        dividend = q * sd + r;
    } else {
        unsigned __int128 q = diff_rnd_value() & mask;
        unsigned __int128 r = diff_rnd() % d;

        q >>= diff_rnd() % bits;
        dividend = (__int128)(q * d + r);
    }
    if (sz == 1) {
        set_low(&in->r[RAX], (uint64_t)dividend, 2);
    } else {
        set_low(&in->r[RAX], (uint64_t)dividend, sz);
        set_low(&in->r[RDX], (uint64_t)(dividend >> bits), sz);
    }
    if (c->p[3]) {
        memcpy(dp, &d, sz);
    } else if (c->p[1] >= 16) {
        int r = c->p[1] - 16;
        in->r[r] = (in->r[r] & ~0xff00ull) | (d << 8);
    } else {
        set_low(&in->r[c->p[1]], d, sz);
    }
}

static void gen_muldiv(void)
{
    static const char *names[4] = { "mul", "imul", "div", "idiv" };

    for (int o = 0; o < 4; o++) {
        for (int si = 0; si < 4; si++) {
            int sz = sizes[si];
            for (int v = 0; v < 4; v++) {
                Op m;
                DiffCase *c;

                if (v >= 2) {
                    m = rnd_mem(sz);
                } else {
                    do {
                        m = reg_op(rnd_reg_size(sz));
                    } while (o >= 2 && (m.reg == RAX || m.reg == RDX ||
                                        m.reg == AH || m.reg == DH));
                }
                c = new_case(CAT_MULDIV, o < 2 ? F_C | F_O : 0, "%s %s",
                             names[o], op_name(m, sz));
                enc(c, 0, sz, BR_RM, sz > 1 ? 0xf7 : 0xf6, 1, 4 + o, m);
                if (o >= 2) {
                    c->fixup = div_fixup;
                    c->p[0] = o == 3;
                    c->p[2] = sz;
                    c->p[1] = !m.mem ? m.reg : m.base == RBX ? m.disp :
                              DIFF_R13_OFF - DIFF_RBX_OFF + m.disp;
                    c->p[3] = m.mem;
                    c->fixed_regs = 1 << RAX | 1 << RDX;
                    if (!m.mem) {
                        c->fixed_regs |= 1 << (m.reg >= 16 ? m.reg - 16 :
                                               m.reg);
                    }
                }
            }
        }
    }
    for (int si = 1; si < 4; si++) {
        int sz = sizes[si];
        for (int v = 0; v < 4; v++) {
            int a = rnd_reg();
            Op m = (v & 1) ? rnd_mem(sz) : reg_op(rnd_reg());
            uint64_t imm = rnd_imm(sz);
            DiffCase *c;

            c = new_case(CAT_MULDIV, F_C | F_O, "imul %s,%s", reg_name(a, sz),
                         op_name(m, sz));
            enc(c, 0, sz, false, 0x0faf, 2, a, m);
            c = new_case(CAT_MULDIV, F_C | F_O, "imul %s,%s,$%#" PRIx64,
                         reg_name(a, sz), op_name(m, sz), imm);
            enc(c, 0, sz, false, 0x69, 1, a, m);
            bn(c, imm, imm_bytes(sz));
            imm = (uint8_t)diff_rnd_value();
            c = new_case(CAT_MULDIV, F_C | F_O, "imul %s,%s,$%#" PRIx64 " (sx8)",
                         reg_name(a, sz), op_name(m, sz), imm);
            enc(c, 0, sz, false, 0x6b, 1, a, m);
            b1(c, imm);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Bit operations, BMI, ADX                                            */

/* p[0]: register holding a bit offset kept within +-p[1] bits */
static void bitoff_fixup(const DiffCase *c, DiffRegs *in, uint8_t *mem)
{
    int64_t off = (int64_t)(diff_rnd() % (2 * c->p[1])) - c->p[1];

    set_low(&in->r[c->p[0]], off, c->p[2]);
}

/* p[0]: control register; p[1]: 1 = BEXTR (start, len), 0 = BZHI index */
static void bmi_ctl_fixup(const DiffCase *c, DiffRegs *in, uint8_t *mem)
{
    uint64_t v = in->r[c->p[0]] & ~0xffffull;

    v |= diff_rnd() % 72;
    if (c->p[1]) {
        v |= (diff_rnd() % 72) << 8;
    }
    in->r[c->p[0]] = v;
}

static void gen_bitops(const DiffHostFeatures *hf)
{
    static const char *bt_names[4] = { "bt", "bts", "btr", "btc" };

    for (int o = 0; o < 4; o++) {
        for (int si = 1; si < 4; si++) {
            int sz = sizes[si];
            for (int v = 0; v < 4; v++) {
                int a = rnd_reg();
                Op m = v >= 2 ? rnd_mem(sz) : reg_op(rnd_reg());
                int lock = (v == 3 && o) ? PLOCK : 0;
                DiffCase *c;

                if (!m.mem && a == m.reg) {
                    a = (a == R9) ? R10 : R9;
                }
                c = new_case(CAT_BITOPS, F_C, "%s%s %s,%s", lock ? "lock " : "",
                             bt_names[o], op_name(m, sz), reg_name(a, sz));
                enc(c, lock, sz, false, 0x0fa3 + o * 8, 2, a, m);
                if (m.mem) {
                    c->fixup = bitoff_fixup;
                    c->p[0] = a;
                    c->p[1] = 0x1c0 * 8;
                    c->p[2] = sz;
                    c->fixed_regs = 1 << a;
                }
                c = new_case(CAT_BITOPS, F_C, "%s%s %s,$imm", lock ? "lock " : "",
                             bt_names[o], op_name(m, sz));
                enc(c, lock, sz, false, 0x0fba, 2, 4 + o, m);
                b1(c, diff_rnd());
            }
        }
    }
    for (int si = 1; si < 4; si++) {
        int sz = sizes[si];
        for (int v = 0; v < 4; v++) {
            int a = rnd_reg();
            Op m = (v & 1) ? rnd_mem(sz) : reg_op(rnd_reg());
            DiffCase *c;

            c = new_case(CAT_BITOPS, F_Z, "bsf %s,%s", reg_name(a, sz),
                         op_name(m, sz));
            enc(c, 0, sz, false, 0x0fbc, 2, a, m);
            c = new_case(CAT_BITOPS, F_Z, "bsr %s,%s", reg_name(a, sz),
                         op_name(m, sz));
            enc(c, 0, sz, false, 0x0fbd, 2, a, m);
            if (hf->popcnt) {
                c = new_case(CAT_BITOPS, F_ALL, "popcnt %s,%s",
                             reg_name(a, sz), op_name(m, sz));
                enc(c, PF3, sz, false, 0x0fb8, 2, a, m);
            }
            if (hf->lzcnt) {
                c = new_case(CAT_BITOPS, F_C | F_Z, "lzcnt %s,%s",
                             reg_name(a, sz), op_name(m, sz));
                enc(c, PF3, sz, false, 0x0fbd, 2, a, m);
            }
            if (hf->bmi1) {
                c = new_case(CAT_BITOPS, F_C | F_Z, "tzcnt %s,%s",
                             reg_name(a, sz), op_name(m, sz));
                enc(c, PF3, sz, false, 0x0fbc, 2, a, m);
            }
        }
    }
}

static void gen_bmi(const DiffHostFeatures *hf)
{
    for (int w = 0; w < 2; w++) {
        int sz = w ? 8 : 4;
        for (int v = 0; v < 4; v++) {
            int d = rnd_reg(), s = rnd_reg();
            Op m = (v & 1) ? rnd_mem(sz) : reg_op(rnd_reg());
            DiffCase *c;

            if (hf->bmi1) {
                c = new_case(CAT_BMI, F_S | F_Z | F_O | F_C, "andn %s,%s,%s",
                             reg_name(d, sz), reg_name(s, sz), op_name(m, sz));
                enc_vex(c, 2, 0, w, s, 0xf2, d, m);
                c = new_case(CAT_BMI, F_Z | F_O | F_C, "bextr %s,%s,%s",
                             reg_name(d, sz), op_name(m, sz), reg_name(s, sz));
                enc_vex(c, 2, 0, w, s, 0xf7, d, m);
                if (v & 2) {
                    c->fixup = bmi_ctl_fixup;
                    c->p[0] = s;
                    c->p[1] = 1;
                    c->fixed_regs = 1 << s;
                }
                c = new_case(CAT_BMI, F_S | F_Z | F_O | F_C, "blsr %s,%s",
                             reg_name(d, sz), op_name(m, sz));
                enc_vex(c, 2, 0, w, d, 0xf3, 1, m);
                c = new_case(CAT_BMI, F_S | F_Z | F_O | F_C, "blsmsk %s,%s",
                             reg_name(d, sz), op_name(m, sz));
                enc_vex(c, 2, 0, w, d, 0xf3, 2, m);
                c = new_case(CAT_BMI, F_S | F_Z | F_O | F_C, "blsi %s,%s",
                             reg_name(d, sz), op_name(m, sz));
                enc_vex(c, 2, 0, w, d, 0xf3, 3, m);
            }
            if (hf->bmi2) {
                static const char *sh[3] = { "shlx", "sarx", "shrx" };
                int d2 = rnd_reg();

                c = new_case(CAT_BMI, F_S | F_Z | F_O | F_C, "bzhi %s,%s,%s",
                             reg_name(d, sz), op_name(m, sz), reg_name(s, sz));
                enc_vex(c, 2, 0, w, s, 0xf5, d, m);
                if (v & 2) {
                    c->fixup = bmi_ctl_fixup;
                    c->p[0] = s;
                    c->fixed_regs = 1 << s;
                }
                c = new_case(CAT_BMI, F_ALL, "pdep %s,%s,%s", reg_name(d, sz),
                             reg_name(s, sz), op_name(m, sz));
                enc_vex(c, 2, 3, w, s, 0xf5, d, m);
                c = new_case(CAT_BMI, F_ALL, "pext %s,%s,%s", reg_name(d, sz),
                             reg_name(s, sz), op_name(m, sz));
                enc_vex(c, 2, 2, w, s, 0xf5, d, m);
                if (d2 == d) {
                    d2 = d == R8 ? R9 : R8;
                }
                c = new_case(CAT_BMI, F_ALL, "mulx %s,%s,%s", reg_name(d, sz),
                             reg_name(d2, sz), op_name(m, sz));
                enc_vex(c, 2, 3, w, d2, 0xf6, d, m);
                c = new_case(CAT_BMI, F_ALL, "rorx %s,%s", reg_name(d, sz),
                             op_name(m, sz));
                enc_vex(c, 3, 3, w, 0, 0xf0, d, m);
                b1(c, diff_rnd());
                for (int k = 0; k < 3; k++) {
                    c = new_case(CAT_BMI, F_ALL, "%s %s,%s,%s", sh[k],
                                 reg_name(d, sz), op_name(m, sz),
                                 reg_name(s, sz));
                    enc_vex(c, 2, k + 1, w, s, 0xf7, d, m);
                }
            }
            if (hf->adx) {
                c = new_case(CAT_BMI, F_ALL, "adcx %s,%s", reg_name(d, sz),
                             op_name(m, sz));
                enc(c, P66, sz, false, 0x0f38f6, 3, d, m);
                c = new_case(CAT_BMI, F_ALL, "adox %s,%s", reg_name(d, sz),
                             op_name(m, sz));
                enc(c, PF3, sz, false, 0x0f38f6, 3, d, m);
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Conditions after flag producers                                     */

static const uint32_t cc_reads[8] = {
    F_O, F_C, F_Z, F_C | F_Z, F_S, F_P, F_S | F_O, F_Z | F_S | F_O,
};
static const char *cc_names[16] = {
    "o", "no", "b", "ae", "e", "ne", "be", "a",
    "s", "ns", "p", "np", "l", "ge", "le", "g",
};

/* The flag producer (RAX, RCX, memory) and the flags it defines. */
static uint32_t emit_producer(DiffCase *c, int k, const char **name)
{
    static const char *names[] = {
        "cmp64", "sub32", "add8", "and16", "test64", "adc32", "sbb64",
        "inc32", "dec8", "neg64", "shl1", "shl3", "imul", "bt", "popcnt",
        "bsf", "ror1", "cmpm", "sar-cl", "xor-self", "cmp16",
    };
    *name = names[k];
    switch (k) {
    case 0: enc(c, 0, 8, false, 0x39, 1, RCX, reg_op(RAX)); return F_ALL;
    case 1: enc(c, 0, 4, false, 0x29, 1, RCX, reg_op(RAX)); return F_ALL;
    case 2: enc(c, 0, 1, BR_ALL, 0x00, 1, RCX, reg_op(RAX)); return F_ALL;
    case 3: enc(c, 0, 2, false, 0x21, 1, RCX, reg_op(RAX));
        return F_ALL & ~F_A;
    case 4: enc(c, 0, 8, false, 0x85, 1, RCX, reg_op(RAX));
        return F_ALL & ~F_A;
    case 5: enc(c, 0, 4, false, 0x11, 1, RCX, reg_op(RAX)); return F_ALL;
    case 6: enc(c, 0, 8, false, 0x19, 1, RCX, reg_op(RAX)); return F_ALL;
    case 7: enc(c, 0, 4, false, 0xff, 1, 0, reg_op(RAX)); return F_ALL;
    case 8: enc(c, 0, 1, BR_RM, 0xfe, 1, 1, reg_op(RAX)); return F_ALL;
    case 9: enc(c, 0, 8, false, 0xf7, 1, 3, reg_op(RAX)); return F_ALL;
    case 10: enc(c, 0, 4, false, 0xd1, 1, 4, reg_op(RAX));
        return F_ALL & ~F_A;
    case 11: enc(c, 0, 8, false, 0xc1, 1, 4, reg_op(RAX)); b1(c, 3);
        return F_ALL & ~F_A & ~F_O;
    case 12: enc(c, 0, 4, false, 0x0faf, 2, RAX, reg_op(RCX));
        return F_C | F_O | F_D;
    case 13: enc(c, 0, 8, false, 0x0fa3, 2, RCX, reg_op(RAX));
        return F_C | F_D;
    case 14: enc(c, PF3, 8, false, 0x0fb8, 2, RAX, reg_op(RCX));
        return F_ALL;
    case 15: enc(c, 0, 4, false, 0x0fbc, 2, RAX, reg_op(RCX));
        return F_Z | F_D;
    case 16: enc(c, 0, 8, false, 0xd1, 1, 1, reg_op(RAX)); return F_ALL;
    case 17: enc(c, 0, 4, false, 0x3b, 1, RAX, mem_op(RBX, 8)); return F_ALL;
    case 18: enc(c, 0, 8, false, 0xd3, 1, 7, reg_op(RAX));
        return F_S | F_Z | F_P | F_D;   /* CF/OF depend on the count */
    case 19: enc(c, 0, 4, false, 0x31, 1, RAX, reg_op(RAX));
        return F_ALL & ~F_A;
    default: enc(c, 0, 2, false, 0x39, 1, RCX, reg_op(RAX)); return F_ALL;
    }
}

static void gen_cond(void)
{
    for (int k = -1; k < 21; k++) {
        for (int cc = 0; cc < 16; cc++) {
            DiffCase tmp = { 0 };
            const char *pn = "flags";
            uint32_t fm = F_ALL;
            DiffCase *c;
            int form = rnd_below(4);

            if (k >= 0) {
                fm = emit_producer(&tmp, k, &pn);
            }
            if ((cc_reads[cc >> 1] & fm) != cc_reads[cc >> 1]) {
                continue;
            }
            c = new_case(CAT_COND, fm, "%s; set%s/cmov%s/j%s", pn,
                         cc_names[cc], cc_names[cc], cc_names[cc]);
            memcpy(c->code, tmp.code, tmp.len);
            c->len = tmp.len;
            /* setcc dl / sil / r8b / mem */
            if (form == 3) {
                enc(c, 0, 1, BR_RM, 0x0f90 + cc, 2, 0, mem_op(RBX, 1));
            } else {
                enc(c, 0, 1, BR_RM, 0x0f90 + cc, 2, 0,
                    reg_op(form == 0 ? RDX : form == 1 ? RSI : R8));
            }
            /* cmovcc r9, r10 (64 or 32 bit, 32 zero-extends either way) */
            enc(c, 0, form & 1 ? 4 : 8, false, 0x0f40 + cc, 2, R9,
                reg_op(R10));
            enc(c, 0, 2, false, 0x0f40 + cc, 2, R12, mem_op(R13, 16));
            /* jcc over "mov $1, %r11d", short or near */
            if (form & 2) {
                b1(c, 0x0f);
                b1(c, 0x80 + cc);
                bn(c, 6, 4);
            } else {
                b1(c, 0x70 + cc);
                b1(c, 6);
            }
            b1(c, 0x41);
            b1(c, 0xbb);
            bn(c, 1, 4);
            if (k == 18) {
                c->fixup = shift_count_fixup;
                c->p[2] = 8;
                c->fixed_regs = 1 << RCX;
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* BCD and other compatibility-mode instructions                       */

static void gen_bcd(void)
{
    static const struct { const char *n; uint8_t opc; uint32_t fm; } ops[] = {
        { "daa", 0x27, F_ALL & ~F_O }, { "das", 0x2f, F_ALL & ~F_O },
        { "aaa", 0x37, F_A | F_C | F_D }, { "aas", 0x3f, F_A | F_C | F_D },
    };
    static const int imms[] = { 10, 16, 2, 7, 0xff, 0x81 };

    for (int o = 0; o < 4; o++) {
        for (int v = 0; v < 12; v++) {
            DiffCase *c = new_case(CAT_BCD, ops[o].fm, "%s #%d", ops[o].n, v);
            c->compat = true;
            b1(c, ops[o].opc);
        }
    }
    for (int i = 0; i < (int)ARRAY_SIZE(imms); i++) {
        for (int v = 0; v < 4; v++) {
            DiffCase *c = new_case(CAT_BCD, F_S | F_Z | F_P | F_D,
                                   "aam $%d #%d", imms[i], v);
            c->compat = true;
            b1(c, 0xd4);
            b1(c, imms[i]);
            c = new_case(CAT_BCD, F_S | F_Z | F_P | F_D, "aad $%d #%d",
                         imms[i], v);
            c->compat = true;
            b1(c, 0xd5);
            b1(c, imms[i]);
        }
    }
    {
        DiffCase *c;

        for (int r = 0; r < 8; r++) {
            if (r == RSP || r == RBX) {
                continue;
            }
            c = new_case(CAT_BCD, F_ALL, "inc e%d (40+r, 32-bit)", r);
            c->compat = true;
            b1(c, 0x40 + r);
            c = new_case(CAT_BCD, F_ALL, "dec e%d (48+r, 32-bit)", r);
            c->compat = true;
            b1(c, 0x48 + r);
            c = new_case(CAT_BCD, F_ALL, "push/pop e%d (32-bit)", r);
            c->compat = true;
            b1(c, 0x50 + r);
            b1(c, 0x58 + (r ? 0 : 1));
        }
        c = new_case(CAT_BCD, F_ALL, "pusha (32-bit)");
        c->compat = true;
        b1(c, 0x60);
        c = new_case(CAT_BCD, F_ALL, "pushaw; popa (32-bit)");
        c->compat = true;
        b1(c, 0x66);
        b1(c, 0x60);
        b1(c, 0x61);
        c = new_case(CAT_BCD, F_ALL, "add/adc/sbb 32-bit");
        c->compat = true;
        b1(c, 0x01);
        b1(c, 0xc8);            /* add ecx, eax */
        b1(c, 0x11);
        b1(c, 0xd6);            /* adc edx, esi */
        b1(c, 0x19);
        b1(c, 0xef);            /* sbb ebp, edi */
        c = new_case(CAT_BCD, F_ALL, "add [ebx+8],eax (32-bit)");
        c->compat = true;
        b1(c, 0x01);
        b1(c, 0x43);
        b1(c, 0x08);
    }
}

/* ------------------------------------------------------------------ */
/* String instructions                                                 */

/* p[0]: 0 MOVS 1 STOS 2 LODS 3 CMPS 4 SCAS; p[2] size; p[3] a32 */
static void string_fixup(const DiffCase *c, DiffRegs *in, uint8_t *mem)
{
    int sz = c->p[2];
    uint32_t si = 0x2000 + (diff_rnd() % 32) * sz, di = 0x5000 +
                  (diff_rnd() % 32) * sz;

    if (diff_rnd() & 1) {
        si += diff_rnd() % 8;
        di += diff_rnd() % 8;
    }
    in->flags = (in->flags & ~(uint64_t)F_D) | ((diff_rnd() & 1) ? F_D : 0);
    in->r[RSI] = DIFF_DATA_ADDR + si;
    in->r[RDI] = DIFF_DATA_ADDR + di;
    in->r[RCX] = diff_rnd() % 24;
    if (c->p[3]) {
        in->r[RCX] |= diff_rnd() & 0xffffffff00000000ull;
        in->r[RSI] |= diff_rnd() & 0xffffffff00000000ull;
        in->r[RDI] |= diff_rnd() & 0xffffffff00000000ull;
    }
    if (c->p[0] == 3) {
        /* mostly equal strings, so REPE runs and REPNE stops early */
        memcpy(mem + di - 0x400, mem + si - 0x400, 0x800);
        if (diff_rnd() % 4) {
            mem[di - 0xc0 + diff_rnd() % 0x180] ^= 1 << (diff_rnd() % 8);
        }
    } else if (c->p[0] == 4 && diff_rnd() % 2) {
        uint64_t v;
        int k = diff_rnd() % 24;

        memcpy(&v, mem + di + ((in->flags & F_D) ? -k : k) * sz, 8);
        set_low(&in->r[RAX], v, sz);
    }
}

static void gen_string(void)
{
    static const char *names[5] = { "movs", "stos", "lods", "cmps", "scas" };
    static const uint8_t opc[5] = { 0xa4, 0xaa, 0xac, 0xa6, 0xae };

    for (int o = 0; o < 5; o++) {
        for (int si = 0; si < 4; si++) {
            int sz = sizes[si];
            for (int rep = 0; rep < 3; rep++) {
                for (int v = 0; v < 2; v++) {
                    DiffCase *c;
                    bool a32 = v && rnd_below(3) == 0;

                    if (rep == 2 && o < 3) {
                        continue;
                    }
                    c = new_case(CAT_STRING, F_ALL, "%s%s%s%c", a32 ? "a32 " : "",
                                 rep == 0 ? "" : o < 3 ? "rep " :
                                 rep == 1 ? "repe " : "repne ", names[o],
                                 "bwlq"[si]);
                    c->strings = true;
                    c->fixup = string_fixup;
                    c->p[0] = o;
                    c->p[2] = sz;
                    c->p[3] = a32;
                    c->fixed_regs = 1 << RCX | 1 << RSI | 1 << RDI | 1 << RAX;
                    if (a32) {
                        b1(c, 0x67);
                    }
                    if (sz == 2) {
                        b1(c, 0x66);
                    }
                    if (rep) {
                        b1(c, rep == 2 ? 0xf2 : 0xf3);
                    }
                    if (sz == 8) {
                        b1(c, 0x48);
                    }
                    b1(c, opc[o] + (sz > 1));
                }
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* CMPXCHG, XADD, XCHG                                                 */

/* p[0]: offset of the memory operand from RBX or -1 - reg; p[2] size */
static void cmpxchg_fixup(const DiffCase *c, DiffRegs *in, uint8_t *mem)
{
    uint64_t v;

    if (diff_rnd() % 2) {
        return;
    }
    if (c->p[0] >= 16) {
        v = in->r[c->p[0] - 16];
    } else {
        memcpy(&v, mem + DIFF_RBX_OFF + c->p[0], 8);
    }
    set_low(&in->r[RAX], v, c->p[2]);
}

static void cmpxchg8b_fixup(const DiffCase *c, DiffRegs *in, uint8_t *mem)
{
    uint64_t lo, hi;
    int half = c->p[2] / 2;

    if (diff_rnd() % 2) {
        return;
    }
    memcpy(&lo, mem + DIFF_RBX_OFF + c->p[0], 8);
    memcpy(&hi, mem + DIFF_RBX_OFF + c->p[0] + half, 8);
    set_low(&in->r[RAX], lo, half);
    set_low(&in->r[RDX], hi, half);
}

static void gen_atomic(const DiffHostFeatures *hf)
{
    for (int si = 0; si < 4; si++) {
        int sz = sizes[si], w = sz > 1;
        for (int v = 0; v < 4; v++) {
            int a, b;
            Op m;
            int lock = v == 3 ? PLOCK : 0;
            DiffCase *c;

            rnd_pair(sz, &a, &b);
            m = v >= 2 ? mem_op(RBX, rnd_below(0x40) * 8) : reg_op(b);
            c = new_case(CAT_ATOMIC, F_ALL, "%scmpxchg %s,%s",
                         lock ? "lock " : "", op_name(m, sz), reg_name(a, sz));
            enc(c, lock, sz, BR_ALL, 0x0fb0 + w, 2, a, m);
            c->fixup = cmpxchg_fixup;
            c->p[0] = m.mem ? m.disp : 16 + (m.reg >= 16 ? m.reg - 16 : m.reg);
            c->p[2] = sz;
            if (!m.mem && m.reg >= 16) {
                c->fixup = NULL;    /* AH as the operand: leave random */
            }
            c = new_case(CAT_ATOMIC, F_ALL, "%sxadd %s,%s", lock ? "lock " : "",
                         op_name(m, sz), reg_name(a, sz));
            enc(c, lock, sz, BR_ALL, 0x0fc0 + w, 2, a, m);
            c = new_case(CAT_ATOMIC, F_ALL, "%sxchg %s,%s", lock ? "lock " : "",
                         op_name(m, sz), reg_name(a, sz));
            enc(c, lock, sz, BR_ALL, 0x86 + w, 1, a, m);
        }
        if (sz > 1) {
            for (int r = 0; r < 16; r++) {
                DiffCase *c;

                if (r == RSP || r == RBX || r == R13) {
                    continue;
                }
                c = new_case(CAT_ATOMIC, F_ALL, "xchg %s,%s (90+r)",
                             reg_name(RAX, sz), reg_name(r, sz));
                if (sz == 2) {
                    b1(c, 0x66);
                }
                if (sz == 8 || r >= 8) {
                    b1(c, 0x40 | (sz == 8) << 3 | (r >> 3));
                }
                b1(c, 0x90 + (r & 7));
            }
        }
    }
    for (int v = 0; v < 8; v++) {
        int off = rnd_below(0x20) * 16;
        bool q = (v & 1) && hf->cx16;
        DiffCase *c = new_case(CAT_ATOMIC, F_ALL, "%scmpxchg%s [rbx+%d]",
                               v & 2 ? "lock " : "", q ? "16b" : "8b", off);

        enc(c, v & 2 ? PLOCK : 0, q ? 8 : 4, false, 0x0fc7, 2, 1,
            mem_op(RBX, off));
        c->fixup = cmpxchg8b_fixup;
        c->p[0] = off;
        c->p[2] = q ? 16 : 8;
    }
}

/* ------------------------------------------------------------------ */
/* SSE                                                                 */

typedef struct SseInsn {
    const char *n;
    uint8_t pfx;        /* P66 / PF2 / PF3 */
    uint32_t opc;       /* 0fxx or 0f38xx / 0f3axx */
    int8_t imm;         /* -1: none; 0..255 fixed; 256: random */
    uint8_t need;       /* 0, 1 SSSE3, 2 SSE4.1 */
    uint8_t kind;       /* 0 xmm,xmm/m; 1 gpr dst; 2 gpr src; 3 store */
} SseInsn;

#define RNDI 0x7f

static const SseInsn sse_insns[] = {
    /* moves */
    { "movaps", 0, 0x0f28, -1 }, { "movups", 0, 0x0f10, -1 },
    { "movapd", P66, 0x0f28, -1 }, { "movdqa", P66, 0x0f6f, -1 },
    { "movdqu", PF3, 0x0f6f, -1 }, { "movss", PF3, 0x0f10, -1 },
    { "movsd", PF2, 0x0f10, -1 }, { "movq", PF3, 0x0f7e, -1 },
    { "movhlps/movlps", 0, 0x0f12, -1 }, { "movlhps/movhps", 0, 0x0f16, -1 },
    { "movsldup", PF3, 0x0f12, -1 }, { "movddup", PF2, 0x0f12, -1 },
    { "movmskps", 0, 0x0f50, -1, 0, 1 }, { "movmskpd", P66, 0x0f50, -1, 0, 1 },
    { "pmovmskb", P66, 0x0fd7, -1, 0, 1 },
    { "movd/q xmm,r", P66, 0x0f6e, -1, 0, 2 },
    { "movd/q r,xmm", P66, 0x0f7e, -1, 0, 3 },
    { "movaps store", 0, 0x0f29, -1, 0, 3 },
    { "movups store", 0, 0x0f11, -1, 0, 3 },
    { "movss store", PF3, 0x0f11, -1, 0, 3 },
    { "movsd store", PF2, 0x0f11, -1, 0, 3 },
    { "movq store", P66, 0x0fd6, -1, 0, 3 },
    /* floating-point arithmetic */
    { "addps", 0, 0x0f58, -1 }, { "addpd", P66, 0x0f58, -1 },
    { "addss", PF3, 0x0f58, -1 }, { "addsd", PF2, 0x0f58, -1 },
    { "subps", 0, 0x0f5c, -1 }, { "subsd", PF2, 0x0f5c, -1 },
    { "mulps", 0, 0x0f59, -1 }, { "mulpd", P66, 0x0f59, -1 },
    { "mulss", PF3, 0x0f59, -1 }, { "mulsd", PF2, 0x0f59, -1 },
    { "divps", 0, 0x0f5e, -1 }, { "divpd", P66, 0x0f5e, -1 },
    { "divss", PF3, 0x0f5e, -1 }, { "divsd", PF2, 0x0f5e, -1 },
    { "minps", 0, 0x0f5d, -1 }, { "minsd", PF2, 0x0f5d, -1 },
    { "maxps", 0, 0x0f5f, -1 }, { "maxpd", P66, 0x0f5f, -1 },
    { "sqrtps", 0, 0x0f51, -1 }, { "sqrtpd", P66, 0x0f51, -1 },
    { "sqrtss", PF3, 0x0f51, -1 }, { "sqrtsd", PF2, 0x0f51, -1 },
    { "andps", 0, 0x0f54, -1 }, { "andnpd", P66, 0x0f55, -1 },
    { "orps", 0, 0x0f56, -1 }, { "xorpd", P66, 0x0f57, -1 },
    { "addsubps", PF2, 0x0fd0, -1 }, { "haddpd", P66, 0x0f7c, -1 },
    /* integer arithmetic */
    { "paddb", P66, 0x0ffc, -1 }, { "paddw", P66, 0x0ffd, -1 },
    { "paddd", P66, 0x0ffe, -1 }, { "paddq", P66, 0x0fd4, -1 },
    { "psubb", P66, 0x0ff8, -1 }, { "psubq", P66, 0x0ffb, -1 },
    { "paddusb", P66, 0x0fdc, -1 }, { "paddsw", P66, 0x0fed, -1 },
    { "psubusw", P66, 0x0fd9, -1 }, { "psubsb", P66, 0x0fe8, -1 },
    { "pmullw", P66, 0x0fd5, -1 }, { "pmulhw", P66, 0x0fe5, -1 },
    { "pmulhuw", P66, 0x0fe4, -1 }, { "pmuludq", P66, 0x0ff4, -1 },
    { "pmaddwd", P66, 0x0ff5, -1 }, { "psadbw", P66, 0x0ff6, -1 },
    { "pavgb", P66, 0x0fe0, -1 }, { "pavgw", P66, 0x0fe3, -1 },
    { "pminub", P66, 0x0fda, -1 }, { "pmaxsw", P66, 0x0fee, -1 },
    { "pand", P66, 0x0fdb, -1 }, { "pandn", P66, 0x0fdf, -1 },
    { "por", P66, 0x0feb, -1 }, { "pxor", P66, 0x0fef, -1 },
    { "pmulld", P66, 0x0f3840, -1, 2 }, { "pminsd", P66, 0x0f3839, -1, 2 },
    { "pabsw", P66, 0x0f381d, -1, 1 }, { "pmaddubsw", P66, 0x0f3804, -1, 1 },
    { "phaddw", P66, 0x0f3801, -1, 1 }, { "pmulhrsw", P66, 0x0f380b, -1, 1 },
    /* compares */
    { "cmpps", 0, 0x0fc2, RNDI }, { "cmppd", P66, 0x0fc2, RNDI },
    { "cmpss", PF3, 0x0fc2, RNDI }, { "cmpsd", PF2, 0x0fc2, RNDI },
    { "pcmpeqb", P66, 0x0f74, -1 }, { "pcmpeqd", P66, 0x0f76, -1 },
    { "pcmpgtw", P66, 0x0f65, -1 }, { "pcmpgtd", P66, 0x0f66, -1 },
    { "pcmpeqq", P66, 0x0f3829, -1, 2 }, { "ptest", P66, 0x0f3817, -1, 2 },
    { "comiss", 0, 0x0f2f, -1 }, { "ucomiss", 0, 0x0f2e, -1 },
    { "comisd", P66, 0x0f2f, -1 }, { "ucomisd", P66, 0x0f2e, -1 },
    /* shuffles, unpacks, packs */
    { "shufps", 0, 0x0fc6, RNDI }, { "shufpd", P66, 0x0fc6, RNDI },
    { "pshufd", P66, 0x0f70, RNDI }, { "pshuflw", PF2, 0x0f70, RNDI },
    { "pshufhw", PF3, 0x0f70, RNDI }, { "unpcklps", 0, 0x0f14, -1 },
    { "unpckhpd", P66, 0x0f15, -1 }, { "punpcklbw", P66, 0x0f60, -1 },
    { "punpckhwd", P66, 0x0f69, -1 }, { "punpckldq", P66, 0x0f62, -1 },
    { "punpckhqdq", P66, 0x0f6d, -1 }, { "packsswb", P66, 0x0f63, -1 },
    { "packuswb", P66, 0x0f67, -1 }, { "packssdw", P66, 0x0f6b, -1 },
    { "packusdw", P66, 0x0f382b, -1, 2 }, { "pshufb", P66, 0x0f3800, -1, 1 },
    { "palignr", P66, 0x0f3a0f, RNDI, 1 }, { "pblendw", P66, 0x0f3a0e, RNDI, 2 },
    { "blendps", P66, 0x0f3a0c, RNDI, 2 }, { "insertps", P66, 0x0f3a21, RNDI, 2 },
    { "pmovsxbw", P66, 0x0f3820, -1, 2 }, { "pmovzxdq", P66, 0x0f3835, -1, 2 },
    { "roundps", P66, 0x0f3a08, RNDI, 2 }, { "roundsd", P66, 0x0f3a0b, RNDI, 2 },
    { "dpps", P66, 0x0f3a40, RNDI, 2 },
    /* shifts by register */
    { "psrlw", P66, 0x0fd1, -1 }, { "psrad", P66, 0x0fe2, -1 },
    { "psllq", P66, 0x0ff3, -1 }, { "psrlq", P66, 0x0fd3, -1 },
    /* conversions */
    { "cvtdq2ps", 0, 0x0f5b, -1 }, { "cvtps2dq", P66, 0x0f5b, -1 },
    { "cvttps2dq", PF3, 0x0f5b, -1 }, { "cvtdq2pd", PF3, 0x0fe6, -1 },
    { "cvtpd2dq", PF2, 0x0fe6, -1 }, { "cvttpd2dq", P66, 0x0fe6, -1 },
    { "cvtps2pd", 0, 0x0f5a, -1 }, { "cvtpd2ps", P66, 0x0f5a, -1 },
    { "cvtss2sd", PF3, 0x0f5a, -1 }, { "cvtsd2ss", PF2, 0x0f5a, -1 },
    { "cvtsi2ss", PF3, 0x0f2a, -1, 0, 2 }, { "cvtsi2sd", PF2, 0x0f2a, -1, 0, 2 },
    { "cvtss2si", PF3, 0x0f2d, -1, 0, 1 }, { "cvttss2si", PF3, 0x0f2c, -1, 0, 1 },
    { "cvtsd2si", PF2, 0x0f2d, -1, 0, 1 }, { "cvttsd2si", PF2, 0x0f2c, -1, 0, 1 },
    { "rcpps (approx.)", 0, 0, -1 },
};

static void gen_sse(const DiffHostFeatures *hf)
{
    for (int i = 0; i < (int)ARRAY_SIZE(sse_insns); i++) {
        const SseInsn *s = &sse_insns[i];
        int opclen = s->opc > 0xffff ? 3 : 2;

        if (!s->opc || (s->need == 1 && !hf->ssse3) ||
            (s->need == 2 && !hf->sse41)) {
            continue;
        }
        for (int v = 0; v < 4; v++) {
            int x = rnd_below(16), y = rnd_below(16), gpr = rnd_reg();
            bool mem = v & 1, w = (v & 2) && s->kind;
            Op rm = mem ? mem_op(RBX, rnd_below(0x20) * 16) :
                          reg_op(s->kind == 2 ? gpr : y);
            DiffCase *c;
            int imm = s->imm == RNDI ? (int)(diff_rnd() & 0xff) : s->imm;

            if (s->kind == 1 && mem && s->opc != 0x0f2d && s->opc != 0x0f2c) {
                mem = false;    /* movmsk, pmovmskb: register source only */
                rm = reg_op(y);
            }
            if (s->kind == 3 && !mem && s->opc != 0x0f7e) {
                rm = reg_op(y);
            }
            if (s->kind == 3 && s->opc == 0x0f7e && !mem) {
                rm = reg_op(gpr);
            }
            if (!strncmp(s->n, "round", 5)) {
                imm &= 0xf;     /* bits 4-7 reserved */
            }
            c = new_case(CAT_SSE, F_ALL, "%s%s %s%d,%s%s", s->n,
                         w ? " (W)" : "", s->kind == 1 ? "r" : "xmm",
                         s->kind == 1 ? gpr : x,
                         mem ? op_name(rm, 16) : s->kind == 2 ||
                         (s->kind == 3 && s->opc == 0x0f7e) ? "gpr" : "xmm",
                         imm >= 0 ? tmpf(",$%#x", imm) : "");
            c->fpu = true;
            c->fp_data = true;
            enc(c, s->pfx, w ? 8 : 0, false, s->opc, opclen,
                s->kind == 1 ? gpr : x, rm);
            if (imm >= 0) {
                b1(c, imm);
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* x87                                                                 */

typedef struct X87Insn {
    const char *n;
    uint8_t b0, b1;     /* b1 < 0xc0: ModRM.reg of a memory form */
    uint8_t sti;        /* add a random ST(i) to b1 */
    uint8_t memsize;    /* bytes of the memory operand */
    uint32_t fm;        /* EFLAGS compared */
} X87Insn;

static const X87Insn x87_insns[] = {
    /* arithmetic, all forms */
    { "fadd st,st(i)", 0xd8, 0xc0, 1 }, { "fmul st,st(i)", 0xd8, 0xc8, 1 },
    { "fsub st,st(i)", 0xd8, 0xe0, 1 }, { "fsubr st,st(i)", 0xd8, 0xe8, 1 },
    { "fdiv st,st(i)", 0xd8, 0xf0, 1 }, { "fdivr st,st(i)", 0xd8, 0xf8, 1 },
    { "fadd st(i),st", 0xdc, 0xc0, 1 }, { "fsub st(i),st", 0xdc, 0xe8, 1 },
    { "fdiv st(i),st", 0xdc, 0xf8, 1 }, { "fmulp", 0xde, 0xc8, 1 },
    { "faddp", 0xde, 0xc0, 1 }, { "fsubp", 0xde, 0xe8, 1 },
    { "fsubrp", 0xde, 0xe0, 1 }, { "fdivp", 0xde, 0xf8, 1 },
    { "fdivrp", 0xde, 0xf0, 1 },
    { "fadd m32", 0xd8, 0, 0, 4 }, { "fmul m64", 0xdc, 1, 0, 8 },
    { "fsub m32", 0xd8, 4, 0, 4 }, { "fsubr m64", 0xdc, 5, 0, 8 },
    { "fdiv m64", 0xdc, 6, 0, 8 }, { "fdivr m32", 0xd8, 7, 0, 4 },
    { "fiadd m32", 0xda, 0, 0, 4 }, { "fimul m16", 0xde, 1, 0, 2 },
    { "fisub m16", 0xde, 4, 0, 2 }, { "fidiv m32", 0xda, 6, 0, 4 },
    /* one-operand */
    { "fchs", 0xd9, 0xe0 }, { "fabs", 0xd9, 0xe1 }, { "fsqrt", 0xd9, 0xfa },
    { "frndint", 0xd9, 0xfc }, { "fscale", 0xd9, 0xfd },
    { "fxtract", 0xd9, 0xf4 }, { "fprem", 0xd9, 0xf8 },
    { "fprem1", 0xd9, 0xf5 },
    { "fld1", 0xd9, 0xe8 }, { "fldl2t", 0xd9, 0xe9 }, { "fldl2e", 0xd9, 0xea },
    { "fldpi", 0xd9, 0xeb }, { "fldlg2", 0xd9, 0xec },
    { "fldln2", 0xd9, 0xed }, { "fldz", 0xd9, 0xee },
    { "fxch", 0xd9, 0xc8, 1 }, { "fincstp", 0xd9, 0xf7 },
    { "fdecstp", 0xd9, 0xf6 }, { "ffree", 0xdd, 0xc0, 1 },
    { "fnop", 0xd9, 0xd0 }, { "fnclex", 0xdb, 0xe2 }, { "fninit", 0xdb, 0xe3 },
    /* compares */
    { "fcom st(i)", 0xd8, 0xd0, 1 }, { "fcomp st(i)", 0xd8, 0xd8, 1 },
    { "fcompp", 0xde, 0xd9 }, { "fucom", 0xdd, 0xe0, 1 },
    { "fucomp", 0xdd, 0xe8, 1 }, { "fucompp", 0xda, 0xe9 },
    { "fcomi", 0xdb, 0xf0, 1, 0, F_ALL }, { "fcomip", 0xdf, 0xf0, 1, 0, F_ALL },
    { "fucomi", 0xdb, 0xe8, 1, 0, F_ALL },
    { "fucomip", 0xdf, 0xe8, 1, 0, F_ALL },
    { "ftst", 0xd9, 0xe4 }, { "fxam", 0xd9, 0xe5 },
    { "fcom m32", 0xd8, 2, 0, 4 }, { "fcomp m64", 0xdc, 3, 0, 8 },
    { "ficom m16", 0xde, 2, 0, 2 }, { "ficomp m32", 0xda, 3, 0, 4 },
    /* loads and stores (conversions) */
    { "fld st(i)", 0xd9, 0xc0, 1 }, { "fld m32", 0xd9, 0, 0, 4 },
    { "fld m64", 0xdd, 0, 0, 8 }, { "fld m80", 0xdb, 5, 0, 10 },
    { "fild m16", 0xdf, 0, 0, 2 }, { "fild m32", 0xdb, 0, 0, 4 },
    { "fild m64", 0xdf, 5, 0, 8 }, { "fbld m80", 0xdf, 4, 0, 10 },
    { "fst m32", 0xd9, 2, 0, 4 }, { "fstp m32", 0xd9, 3, 0, 4 },
    { "fst m64", 0xdd, 2, 0, 8 }, { "fstp m64", 0xdd, 3, 0, 8 },
    { "fstp m80", 0xdb, 7, 0, 10 }, { "fist m16", 0xdf, 2, 0, 2 },
    { "fist m32", 0xdb, 2, 0, 4 }, { "fistp m16", 0xdf, 3, 0, 2 },
    { "fistp m32", 0xdb, 3, 0, 4 }, { "fistp m64", 0xdf, 7, 0, 8 },
    { "fisttp m16", 0xdf, 1, 0, 2 }, { "fisttp m32", 0xdb, 1, 0, 4 },
    { "fisttp m64", 0xdd, 1, 0, 8 }, { "fbstp m80", 0xdf, 6, 0, 10 },
    { "fst st(i)", 0xdd, 0xd0, 1 }, { "fstp st(i)", 0xdd, 0xd8, 1 },
    { "fnstcw m16", 0xd9, 7, 0, 2 }, { "fnstsw m16", 0xdd, 7, 0, 2 },
    { "fnstsw ax", 0xdf, 0xe0 },
    { "fcmovb", 0xda, 0xc0, 1, 0, F_ALL }, { "fcmove", 0xda, 0xc8, 1, 0, F_ALL },
    { "fcmovnbe", 0xdb, 0xd0, 1, 0, F_ALL },
    { "fcmovnu", 0xdb, 0xd8, 1, 0, F_ALL },
};

/* p[0]: offset from RBX of an m80 operand that must be canonical */
static void m80_fixup(const DiffCase *c, DiffRegs *in, uint8_t *mem)
{
    uint8_t *p = mem + DIFF_RBX_OFF + c->p[0];
    uint64_t mant = diff_rnd() | (1ull << 63);
    uint16_t se = 0x3fff + (int)(diff_rnd() % 130) - 65;

    if (c->p[1]) {
        /* packed BCD: 18 digits and a sign byte */
        for (int i = 0; i < 9; i++) {
            p[i] = (diff_rnd() % 10) | (diff_rnd() % 10) << 4;
        }
        p[9] = (diff_rnd() & 1) << 7;
        return;
    }
    switch (diff_rnd() % 8) {
    case 0:
        mant = 0;
        se = 0;
        break;
    case 1:
        se = 0x7fff;
        mant = 1ull << 63 | ((diff_rnd() & 1) ? diff_rnd() >> 2 : 0);
        break;
    case 2:
        se = 0;
        mant >>= 1 + diff_rnd() % 62;   /* denormal */
        break;
    }
    se |= (diff_rnd() & 1) << 15;
    memcpy(p, &mant, 8);
    memcpy(p + 8, &se, 2);
}

/* a control word for "fldcw [rbx+0x78]": exceptions masked */
static void fcw_fixup(const DiffCase *c, DiffRegs *in, uint8_t *mem)
{
    uint16_t cw = 0x3f | (diff_rnd() & 0xf00);

    memcpy(mem + DIFF_RBX_OFF + 0x78, &cw, 2);
}

/* SDM "FPU Flags Affected": which of C0..C3 are defined afterwards */
static uint16_t x87_fsw_mask(const char *n)
{
    static const char *all[] = {
        "fcom", "fucom", "ftst", "fxam", "ficom", "fprem", "fnst", "fnop",
        "fninit",
    };

    if (g_str_has_prefix(n, "fcomi") || g_str_has_prefix(n, "fucomi")) {
        return ~0x0200;         /* C1: "set to 0" (SDM), AMD keeps it */
    }
    for (int i = 0; i < (int)ARRAY_SIZE(all); i++) {
        if (g_str_has_prefix(n, all[i])) {
            return 0xffff;
        }
    }
    if (g_str_has_prefix(n, "ffree") || g_str_has_prefix(n, "fnclex")) {
        return ~0x4700;         /* C0..C3 undefined */
    }
    return ~0x4500;             /* C1 defined, C0 C2 C3 undefined */
}

static void gen_x87(void)
{
    for (int i = 0; i < (int)ARRAY_SIZE(x87_insns); i++) {
        const X87Insn *x = &x87_insns[i];
        for (int v = 0; v < 6; v++) {
            DiffCase *c;
            int sti = x->sti ? rnd_below(8) : 0;
            int off = rnd_below(0x40) * 16 - 0x100;

            c = new_case(CAT_X87, x->fm ? x->fm : F_ALL, "%s%s #%d", x->n,
                         x->sti ? tmpf(" (%d)", sti) : "", v);
            c->fpu = true;
            c->fp_data = true;
            c->fsw_mask = x87_fsw_mask(x->n);
            c->cc_undef_invalid = g_str_has_prefix(x->n, "fprem");
            if (x->memsize) {
                enc(c, 0, 0, false, x->b0, 1, x->b1, mem_op(RBX, off));
                if (x->memsize == 10 && !(x->b1 & 2)) {
                    /* loads of m80 (fld, fbld): canonical values */
                    c->fixup = m80_fixup;
                    c->p[0] = off;
                    c->p[1] = x->b1 == 4;
                }
            } else {
                b1(c, x->b0);
                b1(c, x->b1 + sti);
            }
        }
    }
    /* load, load, operate, store: rounding of the stored result */
    static const uint8_t ops[6] = { 0xc1, 0xc9, 0xe9, 0xe1, 0xf9, 0xf1 };
    static const char *opn[6] = { "add", "mul", "sub", "subr", "div", "divr" };
    for (int o = 0; o < 6; o++) {
        for (int v = 0; v < 6; v++) {
            int a = rnd_below(0x40) * 8, b = rnd_below(0x40) * 8;
            int st = (v & 1) ? 3 : 2;      /* fstp m64 / fst m64 */
            DiffCase *c = new_case(CAT_X87, F_ALL,
                                   "fld m64; fld m64; f%sp; fst%s m64 (%s) #%d",
                                   opn[o], st == 3 ? "p" : "", v & 2 ? "fldcw" : "", v);
            c->fpu = true;
            c->fp_data = true;
            c->fsw_mask = ~0x4500;
            if (v & 2) {
                c->fixup = fcw_fixup;
                b1(c, 0xd9);            /* fldcw: random PC and RC */
                b1(c, 0x6b);
                b1(c, 0x78);            /* fldcw [rbx+0x78] */
            }
            enc(c, 0, 0, false, 0xdd, 1, 0, mem_op(RBX, a));
            enc(c, 0, 0, false, 0xdd, 1, 0, mem_op(RBX, b));
            b1(c, 0xde);
            b1(c, ops[o]);
            enc(c, 0, 0, false, 0xdd, 1, st, mem_op(RBX, 0x300));
        }
    }
}

/* ------------------------------------------------------------------ */

const char *x86_diff_cat_name(DiffCat cat)
{
    static const char *names[CAT_COUNT] = {
        "alu", "incdec", "shift", "muldiv", "bitops", "bmi", "cond", "bcd",
        "string", "atomic", "sse", "x87",
    };
    return names[cat];
}

/* ------------------------------------------------------------------ */
/* Frontend fast paths: operands aliasing, moves, sub-registers        */

/*
 * The frontend reads register operands straight from the globals
 * (garbage above the operand size) and writes results through them:
 * same-register forms, AH..BH next to AL..BL and 32-bit moves check that
 * reads happen before writes and that every write extends correctly.
 * Appended last so the random streams of the other generators stay.
 */
static void gen_fe_operands(void)
{
    static const char *names[8] = {
        "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp",
    };
    static const int same[4] = { AH, RAX, R9, RDX };
    static const int byte_pairs[][2] = {
        { RAX, AH }, { AH, RAX }, { CH, RCX }, { AH, DH }, { RDX, DH },
    };

    for (int op = 0; op < 8; op++) {
        uint32_t fm = (op == 1 || op == 4 || op == 6) ? F_ALL & ~F_A : F_ALL;
        for (int si = 0; si < 4; si++) {
            int sz = sizes[si], w = sz > 1;
            int r = sz == 1 ? same[si] : same[1 + (op & 3) % 3];
            DiffCase *c;

            c = new_case(CAT_ALU, fm, "%s %s,%s (same)", names[op],
                         reg_name(r, sz), reg_name(r, sz));
            enc(c, 0, sz, BR_ALL, op * 8 + w, 1, r, reg_op(r));
            c = new_case(CAT_ALU, fm, "%s %s,%s (same, r,rm)", names[op],
                         reg_name(r, sz), reg_name(r, sz));
            enc(c, 0, sz, BR_ALL, op * 8 + 2 + w, 1, r, reg_op(r));
        }
        for (int i = 0; i < (int)ARRAY_SIZE(byte_pairs); i++) {
            int a = byte_pairs[i][0], b = byte_pairs[i][1];
            DiffCase *c = new_case(CAT_ALU, fm, "%s %s,%s (bytes)",
                                   names[op], reg_name(a, 1),
                                   reg_name(b, 1));
            enc(c, 0, 1, BR_ALL, op * 8, 1, b, reg_op(a));
        }
    }
    for (int si = 0; si < 4; si++) {
        int sz = sizes[si], w = sz > 1;
        int a = sz == 1 ? AH : RSI, b = sz == 1 ? RCX : R10;
        Op m = rnd_mem(sz);
        DiffCase *c;

        c = new_case(CAT_ALU, F_ALL, "mov %s,%s", reg_name(a, sz),
                     reg_name(b, sz));
        enc(c, 0, sz, BR_ALL, 0x88 + w, 1, b, reg_op(a));
        c = new_case(CAT_ALU, F_ALL, "mov %s,%s (r,rm)", reg_name(b, sz),
                     reg_name(a, sz));
        enc(c, 0, sz, BR_ALL, 0x8a + w, 1, b, reg_op(a));
        c = new_case(CAT_ALU, F_ALL, "mov %s,%s (same)", reg_name(b, sz),
                     reg_name(b, sz));
        enc(c, 0, sz, BR_ALL, 0x8a + w, 1, b, reg_op(b));
        /* memory bases may need REX: no AH..BH with them */
        c = new_case(CAT_ALU, F_ALL, "mov %s,%s", reg_name(b, sz),
                     op_name(m, sz));
        enc(c, 0, sz, BR_ALL, 0x8a + w, 1, b, m);
        c = new_case(CAT_ALU, F_ALL, "mov %s,%s", op_name(m, sz),
                     reg_name(b, sz));
        enc(c, 0, sz, BR_ALL, 0x88 + w, 1, b, m);
        c = new_case(CAT_ALU, F_ALL & ~F_A, "test %s,%s (same)",
                     reg_name(a, sz), reg_name(a, sz));
        enc(c, 0, sz, BR_ALL, 0x84 + w, 1, a, reg_op(a));
    }
}

int x86_diff_generate(const DiffHostFeatures *hf, DiffCase **out)
{
    int n;

    cases = g_array_new(false, false, sizeof(DiffCase));
    gen_alu();
    gen_incdec();
    gen_shift();
    gen_muldiv();
    gen_bitops(hf);
    gen_bmi(hf);
    gen_cond();
    gen_bcd();
    gen_string();
    gen_atomic(hf);
    gen_sse(hf);
    gen_x87();
    gen_fe_operands();
    n = cases->len;
    *out = (DiffCase *)g_array_free(cases, false);
    return n;
}
