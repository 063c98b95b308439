/*
 * Port I/O: the IOPL / TSS I/O permission bitmap check (Intel SDM vol. 1
 * "I/O Permission Bit Map") and accesses to address_space_io, made with
 * the BQL held since devices expect it and vCPU threads run without it.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "target/i386/tcg/sys-internal.h"

#define HELPER_H "target/i386/tcg/helper.h"
#include "exec/helper-proto.h"

void helper_check_io(CPUX86State *env, uint32_t port, uint32_t size)
{
    uintptr_t ra = GETPC();
    int type = (env->tr.flags >> DESC_TYPE_SHIFT) & 0xf;
    uint32_t io_base, bits, mask = (1u << size) - 1;
    int iopl = (env->eflags & IOPL_MASK) >> 12;

    if (!(env->cr[0] & CR0_PE) ||
        (!(env->eflags & VM_MASK) && x86_cpl(env) <= iopl)) {
        return;
    }
    /* Only a 32/64-bit TSS has a bitmap. */
    if (!(env->tr.flags & DESC_P) || (type != 9 && type != 11) ||
        env->tr.limit < 103) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    io_base = x86_sys_ld(env, env->tr.base + 0x66, 2, MMU_KNOSMAP_IDX, ra);
    port &= 0xffff;
    if (io_base + (port >> 3) + 1 > env->tr.limit) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
    bits = x86_sys_ld(env, env->tr.base + io_base + (port >> 3), 2,
                      MMU_KNOSMAP_IDX, ra);
    if ((bits >> (port & 7)) & mask) {
        raise_exception_err_ra(env, EXCP_GP, 0, ra);
    }
}

/* One access of the given size (a 16-bit IDE data port or a 32-bit PCI
 * config access must reach the device as such). */
static uint32_t io_read(uint32_t port, int size)
{
    bool locked = bql_locked();
    MemTxAttrs attrs = MEMTXATTRS_UNSPECIFIED;
    uint32_t v;

    if (!locked) {
        bql_lock();
    }
    port &= 0xffff;
    v = size == 1 ? address_space_ldub(&address_space_io, port, attrs, NULL)
      : size == 2 ? address_space_lduw_le(&address_space_io, port, attrs, NULL)
      : address_space_ldl_le(&address_space_io, port, attrs, NULL);
    if (!locked) {
        bql_unlock();
    }
    return v;
}

static void io_write(uint32_t port, uint32_t val, int size)
{
    bool locked = bql_locked();
    MemTxAttrs attrs = MEMTXATTRS_UNSPECIFIED;

    if (!locked) {
        bql_lock();
    }
    port &= 0xffff;
    if (size == 1) {
        address_space_stb(&address_space_io, port, val, attrs, NULL);
    } else if (size == 2) {
        address_space_stw_le(&address_space_io, port, val, attrs, NULL);
    } else {
        address_space_stl_le(&address_space_io, port, val, attrs, NULL);
    }
    if (!locked) {
        bql_unlock();
    }
}

uint32_t helper_inb(CPUX86State *env, uint32_t port)
{
    return io_read(port, 1);
}

uint32_t helper_inw(CPUX86State *env, uint32_t port)
{
    return io_read(port, 2);
}

uint32_t helper_inl(CPUX86State *env, uint32_t port)
{
    return io_read(port, 4);
}

void helper_outb(CPUX86State *env, uint32_t port, uint32_t val)
{
    io_write(port, val, 1);
}

void helper_outw(CPUX86State *env, uint32_t port, uint32_t val)
{
    io_write(port, val, 2);
}

void helper_outl(CPUX86State *env, uint32_t port, uint32_t val)
{
    io_write(port, val, 4);
}
