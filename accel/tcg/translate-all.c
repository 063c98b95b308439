/*
 * Translation: the code buffer, tb_gen_code (guest code -> IR -> host
 * code), the TB-start glue, and mapping a host pc back to the guest
 * instruction it belongs to (precise exceptions).
 *
 * The code buffer is one RWX mapping. The backend's shared code
 * (prologue, epilogue) sits at its start; the rest is handed out in
 * chunks to translating threads, which fill them with TBs in increasing
 * address order. When it is full the whole cache is flushed.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include "qapi/error.h"
#include "qemu/atomic.h"
#include "qemu/log.h"
#include "exec/cpu-ldst.h"
#include "target/i386/tcg/tcg-cpu.h"
#include "internal.h"
#include "config-host.h"
#if CONFIG_CAPSTONE
#include <capstone.h>
#endif

#define CODE_BUFFER_DEFAULT (256 * MiB)
#define CODE_CHUNK_SIZE     (1 * MiB)
#define TB_CODE_ALIGN       16
#define ALIGN_PTR_UP(p, n) \
    ((uint8_t *)QEMU_ALIGN_UP((uintptr_t)(p), (uintptr_t)(n)))

const TCGBackend *tcg_backend;
uint32_t tcg_cflags_default;

static uint8_t *code_buf;
static size_t code_buf_size;
static uint8_t *code_shared_end;  /* after the backend's shared code */
static uint8_t *code_next_chunk;  /* guarded by code_lock */
static unsigned code_epoch;       /* bumped by every reset */
static GMutex code_lock;

/* The calling thread's chunk. */
static __thread uint8_t *tls_code_ptr, *tls_code_end;
static __thread unsigned tls_code_epoch;
/* A TB being translated; freed if translation longjmps out. */
static __thread TranslationBlock *tls_unpublished_tb;

/* Every TB whose code is in the buffer, by tc.ptr (host pc lookups). */
static GTree *tb_tree;
static GMutex tb_tree_lock;

/* ---- code buffer ---- */

bool tcg_code_buffer_init(const TCGBackend *backend, size_t size,
                          Error **errp)
{
    void *p;

    if (code_buf) {
        return true;
    }
    if (!size) {
        size = CODE_BUFFER_DEFAULT;
    }
    size = MAX(size, 4 * CODE_CHUNK_SIZE);
    p = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        error_setg_errno(errp, errno, "tcg: cannot map a %zu MiB code buffer",
                         size / MiB);
        return false;
    }
    code_buf = p;
    code_buf_size = size;
    tcg_backend = backend;
    tb_maint_init();

    tcg_thread_context_init();
    tcg_ctx->backend = backend;
    tcg_ctx->code_buf = tcg_ctx->code_ptr = code_buf;
    tcg_ctx->code_end = code_buf + CODE_CHUNK_SIZE;
    if (backend->init_code_buffer) {
        backend->init_code_buffer(tcg_ctx);
    }
    code_shared_end = ALIGN_PTR_UP(tcg_ctx->code_ptr, CODE_CHUNK_SIZE);
    if (code_shared_end == code_buf) {
        code_shared_end = code_buf + CODE_CHUNK_SIZE;
    }
    code_next_chunk = code_shared_end;
    return true;
}

void tcg_code_buffer_reset(void)
{
    g_mutex_lock(&code_lock);
    code_next_chunk = code_shared_end;
    code_epoch++;
    g_mutex_unlock(&code_lock);
}

/* Gives the calling thread a fresh chunk; false if the buffer is full. */
static bool code_chunk_claim(void)
{
    bool ok = false;

    g_mutex_lock(&code_lock);
    if (code_next_chunk + CODE_CHUNK_SIZE <= code_buf + code_buf_size) {
        tls_code_ptr = code_next_chunk;
        tls_code_end = code_next_chunk + CODE_CHUNK_SIZE;
        tls_code_epoch = code_epoch;
        code_next_chunk += CODE_CHUNK_SIZE;
        ok = true;
    }
    g_mutex_unlock(&code_lock);
    return ok;
}

void tcg_thread_context_init(void)
{
    if (!tcg_ctx) {
        tcg_ctx = tcg_context_create();
    }
}

/* ---- the TB tree ---- */

static gint tb_tree_cmp(gconstpointer a, gconstpointer b, gpointer data)
{
    uintptr_t pa = (uintptr_t)((const TranslationBlock *)a)->tc.ptr;
    uintptr_t pb = (uintptr_t)((const TranslationBlock *)b)->tc.ptr;

    return pa < pb ? -1 : pa > pb;
}

static gint tb_tree_search(gconstpointer key, gconstpointer data)
{
    const TranslationBlock *tb = key;
    uintptr_t pc = *(const uintptr_t *)data;
    uintptr_t start = (uintptr_t)tb->tc.ptr;

    if (pc < start) {
        return -1;
    }
    return pc >= start + MAX(tb->tc.size, 1u) ? 1 : 0;
}

static void tb_record_free(gpointer p)
{
    TranslationBlock *tb = p;

    g_free(tb->insn_end_off);
    g_free(tb->insn_data);
    g_free(tb);
}

void tb_tree_insert(TranslationBlock *tb)
{
    g_mutex_lock(&tb_tree_lock);
    if (!tb_tree) {
        tb_tree = g_tree_new_full(tb_tree_cmp, NULL, tb_record_free, NULL);
    }
    g_tree_insert(tb_tree, tb, tb);
    g_mutex_unlock(&tb_tree_lock);
}

void tb_tree_remove_all(void)
{
    g_mutex_lock(&tb_tree_lock);
    if (tb_tree) {
        g_tree_destroy(tb_tree);
        tb_tree = NULL;
    }
    g_mutex_unlock(&tb_tree_lock);
}

TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc)
{
    TranslationBlock *tb = NULL;

    /* A return address points just past the call: look one byte back. */
    host_pc -= 1;
    g_mutex_lock(&tb_tree_lock);
    if (tb_tree) {
        tb = g_tree_search(tb_tree, tb_tree_search, &host_pc);
    }
    g_mutex_unlock(&tb_tree_lock);
    return tb;
}

int tb_insn_index(const TranslationBlock *tb, uintptr_t host_pc)
{
    uintptr_t off;

    if (host_pc <= (uintptr_t)tb->tc.ptr || !tb->insn_end_off) {
        return -1;
    }
    off = host_pc - (uintptr_t)tb->tc.ptr;
    for (unsigned i = 0; i < tb->icount; i++) {
        if (off <= tb->insn_end_off[i]) {
            return i;
        }
    }
    return -1;
}

bool cpu_restore_state(CPUState *cpu, uintptr_t retaddr)
{
    TranslationBlock *tb;
    int i;

    if (!retaddr) {
        return false;
    }
    tb = tb_find_by_host_pc(retaddr);
    if (!tb) {
        return false;
    }
    i = tb_insn_index(tb, retaddr);
    if (i < 0) {
        return false;
    }
    x86_restore_state_to_opc(cpu, tb, tb->insn_data[i]);
    return true;
}

/* ---- TB start/end glue ---- */

static __thread TCGLabel *tb_exit_label;

void gen_tb_start(TranslationBlock *tb)
{
    TCGv_i32 req = tcg_temp_ebb_new_i32();

    tb_exit_label = gen_new_label();
    tcg_gen_ld_i32(req, tcg_env, EXIT_REQUEST_ENV_OFFSET);
    tcg_gen_brcondi_i32(TCG_COND_NE, req, 0, tb_exit_label);
    tcg_temp_free_i32(req);
}

void gen_tb_end(TranslationBlock *tb, int nb_insns)
{
    /* Not reached by fall-through: the frontend ended the TB already. */
    tcg_gen_set_label(tb_exit_label);
    tcg_gen_exit_tb(tb, TB_EXIT_REQUESTED);
    tb_exit_label = NULL;
    if (nb_insns > 0) {
        tb->icount = nb_insns;
    }
}

/* ---- logging ---- */

static void log_disas(const char *title, const void *code, size_t size,
                      uint64_t addr, int mode64)
{
    FILE *f = qemu_log_trylock();

    if (!f) {
        return;
    }
    fprintf(f, "%s 0x%" PRIx64 ":\n", title, addr);
#if CONFIG_CAPSTONE
    {
        csh h;
        cs_mode mode = mode64 == 2 ? CS_MODE_64 :
                       mode64 == 1 ? CS_MODE_32 : CS_MODE_16;
        if (cs_open(CS_ARCH_X86, mode, &h) == CS_ERR_OK) {
            cs_insn *insn;
            size_t n = cs_disasm(h, code, size, addr, 0, &insn);
            for (size_t i = 0; i < n; i++) {
                fprintf(f, "0x%08" PRIx64 ":  %-8s %s\n", insn[i].address,
                        insn[i].mnemonic, insn[i].op_str);
            }
            if (n) {
                cs_free(insn, n);
            }
            cs_close(&h);
            fprintf(f, "\n");
            qemu_log_unlock(f);
            return;
        }
    }
#endif
    for (size_t i = 0; i < size; i++) {
        fprintf(f, "%02x%s", ((const uint8_t *)code)[i],
                (i % 16 == 15 || i + 1 == size) ? "\n" : " ");
    }
    fprintf(f, "\n");
    qemu_log_unlock(f);
}

static void log_guest_code(CPUArchState *env, TranslationBlock *tb)
{
    uint8_t *buf = g_malloc(tb->size ? tb->size : 1);
    int mode = (tb->flags & HF_CS64) ? 2 : (tb->flags & HF_CS32) ? 1 : 0;

    for (unsigned i = 0; i < tb->size; i++) {
        buf[i] = cpu_ldub_code(env, tb->pc + i);
    }
    log_disas("IN:", buf, tb->size, tb->pc, mode);
    g_free(buf);
}

static void log_ops(const char *title)
{
    GString *s = g_string_new(NULL);
    FILE *f;

    tcg_dump_ops(tcg_ctx, s);
    f = qemu_log_trylock();
    if (f) {
        fprintf(f, "%s\n%s\n", title, s->str);
        qemu_log_unlock(f);
    }
    g_string_free(s, true);
}

/* ---- translation ---- */

static void *memdup_(const void *p, size_t n)
{
    return memcpy(g_malloc(n), p, n);
}

TranslationBlock *tb_alloc_record(unsigned max_insns)
{
    TranslationBlock *tb = g_new0(TranslationBlock, 1);

    tb->page_addr[0] = tb->page_addr[1] = (uint64_t)-1;
    tb->jmp_insn_offset[0] = tb->jmp_insn_offset[1] = 0xffff;
    tb->jmp_reset_offset[0] = tb->jmp_reset_offset[1] = 0xffff;
    return tb;
}

/* The buffer is full: flush at the next safe point and leave the loop. */
static G_NORETURN void tb_gen_code_buffer_full(CPUState *cpu)
{
    tb_flush(cpu);
    cpu->exception_index = EXCP_INTERRUPT;
    cpu_loop_exit(cpu);
}

TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags)
{
    CPUArchState *env = &tcg_x86(cpu)->env;
    TCGContext *s;
    TranslationBlock *tb, *published;
    uint64_t phys_pc, inval_seq;
    int max_insns, ret, tries = 0;
    bool fresh_chunk;

    tcg_thread_context_init();
    s = tcg_ctx;
    if (tls_unpublished_tb) {
        /* The last translation faulted half-way. */
        tb_record_free(tls_unpublished_tb);
        tls_unpublished_tb = NULL;
    }
    phys_pc = get_page_addr_code(env, pc);
    max_insns = cflags & CF_COUNT_MASK;
    if (max_insns == 0 || max_insns > TCG_MAX_INSNS) {
        max_insns = TCG_MAX_INSNS;
    }
    if (cflags & CF_SINGLE_STEP) {
        max_insns = 1;
    }

restart:
    fresh_chunk = false;
    if (!tls_code_ptr || tls_code_epoch != qatomic_read(&code_epoch)) {
        if (!code_chunk_claim()) {
            tb_gen_code_buffer_full(cpu);
        }
        fresh_chunk = true;
    }
    inval_seq = tb_inval_seq_read();
    tb = tb_alloc_record(max_insns);
    tls_unpublished_tb = tb;
    tb->pc = pc;
    tb->cs_base = cs_base;
    tb->flags = flags;
    tb->cflags = cflags;
    tb->page_addr[0] = phys_pc & TARGET_PAGE_MASK;

    s->backend = tcg_backend;
    s->code_buf = s->code_ptr =
        ALIGN_PTR_UP(tls_code_ptr, TB_CODE_ALIGN);
    s->code_end = tls_code_end;
    s->tb = tb;
    tcg_func_start(s);
    gen_intermediate_code(cpu, tb, max_insns);
    if (!tb->icount) {
        tb->icount = s->nb_insns;
    }
    if (qemu_loglevel_mask(CPU_LOG_TB_IN_ASM)) {
        log_guest_code(env, tb);
    }
    if (qemu_loglevel_mask(CPU_LOG_TB_OP)) {
        log_ops("OP:");
    }
    tcg_optimize(s);
    tcg_liveness_analysis(s);
    if (qemu_loglevel_mask(CPU_LOG_TB_OP_OPT)) {
        log_ops("OP after optimization and liveness analysis:");
    }
    ret = tcg_backend->gen_code(s, tb);
    if (ret == -1 || ret == -2) {
        tb_record_free(tb);
        tls_unpublished_tb = NULL;
        if (ret == -1 && !fresh_chunk) {
            /* Finish this chunk; the TB goes into a new one. */
            tls_code_ptr = NULL;
            goto restart;
        }
        if (max_insns == 1 || ++tries > 10) {
            if (ret == -1) {
                tb_gen_code_buffer_full(cpu);
            }
            g_error("tcg: backend %s cannot translate one insn at 0x%"
                    PRIx64, tcg_backend->name, pc);
        }
        max_insns = MAX(1, (int)MIN((unsigned)max_insns, s->nb_insns) / 2);
        goto restart;
    }
    if (!tb->tc.ptr) {
        tb->tc.ptr = s->code_buf;
    }
    if (!tb->tc.size) {
        tb->tc.size = (uint32_t)(s->code_ptr - (uint8_t *)tb->tc.ptr);
    }
    tls_code_ptr = MAX(s->code_ptr, (uint8_t *)tb->tc.ptr + tb->tc.size);
    if (qemu_loglevel_mask(CPU_LOG_TB_OUT_ASM)) {
        log_disas("OUT: [host]", tb->tc.ptr, tb->tc.size,
                  (uint64_t)(uintptr_t)tb->tc.ptr, 2);
    }

    /* Restore data for precise exceptions. */
    tb->icount = MIN((unsigned)tb->icount, (unsigned)TCG_MAX_INSNS);
    if (s->nb_insns < tb->icount) {
        tb->icount = s->nb_insns;
    }
    tb->insn_end_off = memdup_(s->insn_end_off,
                                 sizeof(uint32_t) * MAX(tb->icount, 1u));
    tb->insn_data = memdup_(s->insn_data,
                              sizeof(s->insn_data[0]) * MAX(tb->icount, 1u));

    /* A TB running into the next page depends on that page's mapping. */
    if (tb->size &&
        ((pc + tb->size - 1) & TARGET_PAGE_MASK) != (pc & TARGET_PAGE_MASK)) {
        uint64_t p2 = get_page_addr_code(env, (pc & TARGET_PAGE_MASK) +
                                         TARGET_PAGE_SIZE);
        tb->page_addr[1] = p2 & TARGET_PAGE_MASK;
        tlb_protect_code_page(tb->page_addr[1]);
    }
    tlb_protect_code_page(tb->page_addr[0]);

    tls_unpublished_tb = NULL;
    tb_tree_insert(tb);
    published = tb_link(tb, inval_seq);
    if (published != tb) {
        /* Our code stays in the buffer until the next flush, unused. */
        tb->cflags |= CF_INVALID;
        if (!published) {
            /* The guest code changed while we translated it. */
            if (++tries <= 10) {
                goto restart;
            }
            if (cpu_in_parallel_context(cpu)) {
                /* Other vCPUs keep rewriting it: translate and run one
                 * insn with them stopped, then go on. */
                cpu_loop_exit_atomic(cpu, 0);
            }
            /* Only DMA writes it meanwhile: run this snapshot once,
             * unpublished (CF_INVALID: never looked up nor chained). */
            return tb;
        }
    }
    return published;
}
