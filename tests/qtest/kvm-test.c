/*
 * -accel kvm end to end: tiny multiboot guests written by the test boot
 * under each kernel-irqchip mode and end through isa-debug-exit; failure
 * paths (vCPU creation failing at vCPU N, bad properties, missing CPUID
 * features with enforce) exit with one clear error. Skips without a
 * usable /dev/kvm.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#define BASE 0x100000u

static const char *binary;
static char *tmpdir;

/* Multiboot header with the a.out kludge: load the whole image at BASE,
 * enter at BASE + 32 in 32-bit protected mode. */
static GByteArray *guest_new(void)
{
    GByteArray *g = g_byte_array_new();
    uint32_t hdr[8] = {
        0x1BADB002, 0x00010000, (uint32_t)-(0x1BADB002 + 0x00010000),
        BASE, BASE, 0, 0, BASE + 32,
    };

    g_byte_array_append(g, (const guint8 *)hdr, sizeof(hdr));
    return g;
}

static void emit(GByteArray *g, const char *hex)
{
    for (const char *p = hex; *p;) {
        unsigned v;

        while (*p == ' ') {
            p++;
        }
        if (!*p || sscanf(p, "%2x", &v) != 1) {
            break;
        }
        guint8 b = v;
        g_byte_array_append(g, &b, 1);
        p += 2;
    }
}

static void emit32(GByteArray *g, uint32_t v)
{
    g_byte_array_append(g, (const guint8 *)&v, 4);
}

/* mov al, code; out 0xf4, al; hlt loop. Exit status is code * 2 + 1. */
static void emit_exit(GByteArray *g, int code)
{
    guint8 b[] = { 0xb0, (guint8)code, 0xe6, 0xf4, 0xf4, 0xeb, 0xfd };

    g_byte_array_append(g, b, sizeof(b));
}

/* n port writes (out 0x80) or n MMIO writes to an unassigned address. */
static GByteArray *guest_loop(uint32_t n, bool mmio)
{
    GByteArray *g = guest_new();
    guint loop;

    emit(g, "b9");                      /* mov ecx, n */
    emit32(g, n);
    loop = g->len;
    if (mmio) {
        emit(g, "a3");                  /* mov [0xfebf0000], eax */
        emit32(g, 0xfebf0000);
    } else {
        emit(g, "e6 80");               /* out 0x80, al */
    }
    emit(g, "49");                      /* dec ecx */
    emit(g, "75");                      /* jnz loop */
    {
        guint8 rel = (guint8)(loop - (g->len + 1));
        g_byte_array_append(g, &rel, 1);
    }
    emit_exit(g, 0);
    return g;
}

/* The isa-bios ROM (0xf0000) must ignore a guest write: a read-only
 * memory slot whose writes reach the memory API as MMIO. */
static GByteArray *guest_rom(void)
{
    GByteArray *g = guest_new();

    emit(g, "a1 00 00 0f 00");          /* mov eax, [0xf0000] */
    emit(g, "89 c3");                   /* mov ebx, eax */
    emit(g, "f7 d0");                   /* not eax */
    emit(g, "a3 00 00 0f 00");          /* mov [0xf0000], eax */
    emit(g, "a1 00 00 0f 00");          /* mov eax, [0xf0000] */
    emit(g, "39 d8");                   /* cmp eax, ebx */
    emit(g, "75 07");                   /* jne fail */
    emit_exit(g, 0);
    emit_exit(g, 1);                    /* fail: */
    /* RAM below must stay writable: write and read back 0x200000. */
    return g;
}

/* lidt with limit 0, then divide by zero: #DE, #GP, #DF, triple fault.
 * (Not int3: nested KVM hosts may fail to emulate it.) */
static GByteArray *guest_triple_fault(void)
{
    GByteArray *g = guest_new();
    uint32_t idtr = BASE + 32 + 11;

    emit(g, "0f 01 1d");                /* lidt [idtr] */
    emit32(g, idtr);
    emit(g, "31 c9 f7 f1");             /* xor ecx, ecx; div ecx */
    emit(g, "00 00 00 00 00 00 00 00"); /* idtr: limit 0, base 0 */
    return g;
}

/* Counts 10 PIT ticks routed through the PIC (mode 0) or the IOAPIC
 * (mode 1), then exits with 0. Assembled from (GNU as, .code32):
 *   IDT at 0x70000 (vector 0x20: tick, others: exit 1), LAPIC SVR 0x1ff
 *   and LINT0 ExtINT, PIC ICWs with vectors 0x20/0x28, PIC IRQ0 unmasked
 *   or IOAPIC pin 2 -> vector 0x20, PIT channel 0 mode 2 at 1 kHz;
 *   sti; hlt until the count reaches 10. The handler does not IRET
 *   (nested KVM may fail to emulate it): it drops the frame, EOIs, sti
 *   and jumps back to the wait loop. */
static const guint8 irq_guest[] = {
#include "kvm-test-irq.inc"
};

static GByteArray *guest_irq(bool ioapic)
{
    GByteArray *g = g_byte_array_new();

    g_byte_array_append(g, irq_guest, sizeof(irq_guest));
    g->data[32] = ioapic;
    return g;
}

static void patch32(GByteArray *g, guint at, uint32_t v)
{
    memcpy(g->data + at, &v, 4);
}

/* mov dword [addr], v */
static void emit_store(GByteArray *g, uint32_t addr, uint32_t v)
{
    emit(g, "c7 05");
    emit32(g, addr);
    emit32(g, v);
}

static void emit_jcc_back(GByteArray *g, const char *op, guint target)
{
    guint8 rel;

    emit(g, op);
    rel = (guint8)(target - (g->len + 1));
    g_byte_array_append(g, &rel, 1);
}

/* The IDTR that idtr_at (a lidt operand) points to, then 0x21 interrupt
 * gates (CS 0x10), 8-byte aligned: vector 0x20 -> ok_at, others fail_at. */
static void emit_idt(GByteArray *g, guint idtr_at, guint ok_at,
                     guint fail_at)
{
    guint16 limit = 0x21 * 8 - 1;
    guint idt_at;

    patch32(g, idtr_at, BASE + g->len);
    g_byte_array_append(g, (const guint8 *)&limit, 2);
    idt_at = (g->len + 4 + 7) & ~7u;
    emit32(g, BASE + idt_at);
    while (g->len < idt_at) {
        emit(g, "00");
    }
    for (int v = 0; v <= 0x20; v++) {
        uint32_t h = BASE + (v == 0x20 ? ok_at : fail_at);

        emit32(g, (h & 0xffff) | (0x10 << 16));
        emit32(g, (h & 0xffff0000) | 0x8e00);
    }
}

/* 8259 ICWs: vectors 0x20/0x28, slave masked, master mask as given. */
static void emit_pic_init(GByteArray *g, bool unmask_irq0)
{
    emit(g, "b0 11 e6 20 e6 a0 b0 20 e6 21 b0 28 e6 a1 b0 04 e6 21");
    emit(g, "b0 02 e6 a1 b0 01 e6 21 e6 a1 b0 ff e6 a1");
    emit(g, unmask_irq0 ? "b0 fe e6 21" : "b0 ff e6 21");
}

/*
 * An interrupt that becomes pending while the guest has IF=0 and keeps
 * exiting, then STI;HLT must take it (vector 0x20: exit 0; any other
 * vector: exit 1). With ioapic false the PIT comes through the 8259 and
 * the LAPIC's LINT0 in ExtINT mode; the guest polls the 8259's IRR.
 * With ioapic true it comes through IOAPIC pin 2; the guest polls the
 * LAPIC's IRR. Deterministic: the interrupt is always pending at IF=0
 * across several port exits before the STI.
 */
static GByteArray *guest_pending(bool ioapic)
{
    GByteArray *g = guest_new();
    guint idtr_at, ok_at, fail_at, poll, loop, halt;

    emit(g, "fa");                          /* cli */
    emit(g, "bc 00 00 08 00");              /* mov esp, 0x80000 */
    emit(g, "0f 01 1d");                    /* lidt [idtr] */
    idtr_at = g->len;
    emit32(g, 0);
    emit_store(g, 0xfee000f0, 0x1ff);       /* LAPIC SVR: enabled */
    emit_store(g, 0xfee00350, 0x700);       /* LINT0: ExtINT */
    emit_pic_init(g, !ioapic);
    if (ioapic) {
        emit_store(g, 0xfec00000, 0x14);    /* pin 2: vector 0x20, edge */
        emit_store(g, 0xfec00010, 0x20);
        emit_store(g, 0xfec00000, 0x15);    /* destination APIC 0 */
        emit_store(g, 0xfec00010, 0);
    }
    emit(g, "b0 34 e6 43 b0 a9 e6 40 b0 04 e6 40");  /* PIT 1 kHz */
    poll = g->len;
    if (ioapic) {
        emit(g, "a1");                      /* mov eax, [LAPIC IRR 32-63] */
        emit32(g, 0xfee00210);
        emit(g, "a9 01 00 00 00");          /* test eax, 1 */
    } else {
        emit(g, "b0 0a e6 20 e4 20 a8 01"); /* OCW3: read IRR; test al, 1 */
    }
    emit_jcc_back(g, "74", poll);           /* jz poll */
    emit(g, "b9 32 00 00 00");              /* 50 more exits at IF=0 */
    loop = g->len;
    emit(g, "e6 80 49");                    /* out 0x80, al; dec ecx */
    emit_jcc_back(g, "75", loop);
    emit(g, "fb");                          /* sti */
    halt = g->len;
    emit(g, "f4");                          /* hlt */
    emit_jcc_back(g, "eb", halt);
    ok_at = g->len;
    emit_exit(g, 0);
    fail_at = g->len;
    emit_exit(g, 1);
    emit_idt(g, idtr_at, ok_at, fail_at);
    return g;
}

/*
 * LINT0 masked: the 8259's pending IRQ 0 (IF=1) must not come in until
 * the guest unmasks LINT0 (ExtINT); then it must. The handler checks a
 * flag the guest sets just before unmasking.
 */
static GByteArray *guest_lint0_masked(void)
{
    GByteArray *g = guest_new();
    guint idtr_at, fail_at, poll, loop, halt, handler;

    emit(g, "fa bc 00 00 08 00");           /* cli; mov esp, 0x80000 */
    emit(g, "0f 01 1d");                    /* lidt [idtr] */
    idtr_at = g->len;
    emit32(g, 0);
    emit(g, "c6 05 00 00 09 00 00");        /* mov byte [0x90000], 0 */
    emit_store(g, 0xfee000f0, 0x1ff);       /* LAPIC SVR: enabled */
    emit_store(g, 0xfee00350, 0x10700);     /* LINT0: ExtINT, masked */
    emit_pic_init(g, true);
    emit(g, "b0 34 e6 43 b0 a9 e6 40 b0 04 e6 40");  /* PIT 1 kHz */
    emit(g, "fb");                          /* sti */
    poll = g->len;
    emit(g, "b0 0a e6 20 e4 20 a8 01");     /* 8259 IRR bit 0 */
    emit_jcc_back(g, "74", poll);
    emit(g, "b9 32 00 00 00");              /* 50 exits with it pending */
    loop = g->len;
    emit(g, "e6 80 49");
    emit_jcc_back(g, "75", loop);
    emit(g, "c6 05 00 00 09 00 01");        /* mov byte [0x90000], 1 */
    emit_store(g, 0xfee00350, 0x700);       /* LINT0: ExtINT */
    halt = g->len;
    emit(g, "f4");
    emit_jcc_back(g, "eb", halt);
    handler = g->len;
    /* cmp byte [0x90000], 1; jne fail (over the 7-byte exit 0) */
    emit(g, "80 3d 00 00 09 00 01 75 07");
    emit_exit(g, 0);
    fail_at = g->len;
    emit_exit(g, 1);
    emit_idt(g, idtr_at, handler, fail_at);
    return g;
}

static char *write_guest(GByteArray *g, const char *name)
{
    char *path = g_build_filename(tmpdir, name, NULL);

    g_assert_true(g_file_set_contents(path, (const char *)g->data, g->len,
                                      NULL));
    g_byte_array_unref(g);
    return path;
}

typedef struct Run {
    int status;                         /* exit status, -1 if killed */
    char *out, *err;
} Run;

static void run_free(Run *r)
{
    g_free(r->out);
    g_free(r->err);
}

/* Runs the emulator (argv NULL-terminated after the common options). */
static Run run_vm(const char *input, const char *first, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    va_list ap;
    Run r = { 0 };
    GError *err = NULL;
    int wait_status = 0;
    g_autofree char *in_path = NULL;
    const char *a;

    g_ptr_array_add(argv, "timeout");
    g_ptr_array_add(argv, "60");
    g_ptr_array_add(argv, (char *)binary);
    g_ptr_array_add(argv, "-machine");
    g_ptr_array_add(argv, "pc");
    g_ptr_array_add(argv, "-m");
    g_ptr_array_add(argv, "64");
    g_ptr_array_add(argv, "-display");
    g_ptr_array_add(argv, "none");
    g_ptr_array_add(argv, "-nodefaults");
    g_ptr_array_add(argv, "-device");
    g_ptr_array_add(argv, "isa-debug-exit,iobase=0xf4,iosize=4");
    va_start(ap, first);
    for (a = first; a; a = va_arg(ap, const char *)) {
        g_ptr_array_add(argv, (char *)a);
    }
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    if (input) {
        g_autofree char *sh = NULL;
        g_autofree char *cmd = NULL;

        /* Feed stdin from a file through the shell. */
        in_path = g_build_filename(tmpdir, "stdin", NULL);
        g_assert_true(g_file_set_contents(in_path, input, -1, NULL));
        cmd = g_strjoinv("' '", (char **)argv->pdata);
        sh = g_strdup_printf("'%s' < '%s'", cmd, in_path);
        g_assert_true(g_spawn_sync(NULL, (char *[]){ "sh", "-c", sh, NULL },
                                   NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &r.out, &r.err, &wait_status, &err));
    } else {
        g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL,
                                   G_SPAWN_SEARCH_PATH, NULL, NULL, &r.out,
                                   &r.err, &wait_status, &err));
    }
    g_ptr_array_free(argv, true);
    r.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
    if (g_test_verbose()) {
        g_printerr("status %d\nstdout: %s\nstderr: %s\n", r.status, r.out,
                   r.err);
    }
    return r;
}

static bool no_sanitizer_report(const char *err)
{
    return !strstr(err, "LeakSanitizer") && !strstr(err, "AddressSanitizer");
}

static bool kvm_usable(void)
{
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

    if (fd < 0) {
        g_test_skip("no usable /dev/kvm");
        return false;
    }
    close(fd);
    return true;
}

/* ------------------------------------------------------------------ */

static void test_loop(gconstpointer data)
{
    const char *spec = data;            /* "pio:on", "mmio:split", ... */
    g_auto(GStrv) p = g_strsplit(spec, ":", 2);
    g_autofree char *kernel = NULL;
    g_autofree char *accel = NULL;
    Run r;

    if (!kvm_usable()) {
        return;
    }
    kernel = write_guest(guest_loop(1000, !strcmp(p[0], "mmio")),
                         "loop.bin");
    accel = g_strdup_printf("kvm,kernel-irqchip=%s", p[1]);
    r = run_vm(NULL, "-accel", accel, "-kernel", kernel, NULL);
    g_assert_cmpint(r.status, ==, 1);          /* debug-exit code 0 */
    g_assert_true(no_sanitizer_report(r.err));
    run_free(&r);
}

static void test_irq(gconstpointer data)
{
    const char *spec = data;            /* "pic:on", "ioapic:split", ... */
    g_auto(GStrv) p = g_strsplit(spec, ":", 2);
    g_autofree char *kernel = NULL;
    g_autofree char *accel = NULL;
    Run r;

    if (!kvm_usable()) {
        return;
    }
    kernel = write_guest(guest_irq(!strcmp(p[0], "ioapic")), "irq.bin");
    accel = g_strdup_printf("kvm,kernel-irqchip=%s", p[1]);
    r = run_vm(NULL, "-accel", accel, "-kernel", kernel, NULL);
    g_assert_cmpint(r.status, ==, 1);
    run_free(&r);
}

/* The interrupt pending at IF=0 across exits (kernel-irqchip=off used
 * to livelock there: KVM_RUN returning at once, forever). */
static void test_irq_pending(gconstpointer data)
{
    const char *spec = data;            /* "pic:off", "ioapic:on", ... */
    g_auto(GStrv) p = g_strsplit(spec, ":", 2);
    g_autofree char *kernel = NULL;
    g_autofree char *accel = NULL;
    Run r;

    if (!kvm_usable()) {
        return;
    }
    kernel = write_guest(guest_pending(!strcmp(p[0], "ioapic")),
                         "pending.bin");
    accel = g_strdup_printf("kvm,kernel-irqchip=%s", p[1]);
    r = run_vm(NULL, "-accel", accel, "-kernel", kernel, NULL);
    g_assert_cmpint(r.status, ==, 1);
    run_free(&r);
}

static void test_lint0_masked(gconstpointer data)
{
    const char *mode = data;
    g_autofree char *kernel = NULL;
    g_autofree char *accel = NULL;
    Run r;

    if (!kvm_usable()) {
        return;
    }
    kernel = write_guest(guest_lint0_masked(), "lint0.bin");
    accel = g_strdup_printf("kvm,kernel-irqchip=%s", mode);
    r = run_vm(NULL, "-accel", accel, "-kernel", kernel, NULL);
    g_assert_cmpint(r.status, ==, 1);
    run_free(&r);
}

/* The PIT tick guest under kernel-irqchip=off, again and again: the hang
 * was timing dependent (a tick arriving while the handler ran at IF=0). */
static void test_irq_off_repeat(void)
{
    g_autofree char *pic = NULL;
    g_autofree char *ioapic = NULL;

    if (!kvm_usable()) {
        return;
    }
    pic = write_guest(guest_irq(false), "irq-pic.bin");
    ioapic = write_guest(guest_irq(true), "irq-ioapic.bin");
    for (int i = 0; i < 20; i++) {
        Run r = run_vm(NULL, "-accel", "kvm,kernel-irqchip=off", "-kernel",
                       i & 1 ? ioapic : pic, NULL);

        g_assert_cmpint(r.status, ==, 1);
        run_free(&r);
    }
}

static void test_smp(void)
{
    g_autofree char *kernel = NULL;
    Run r;

    if (!kvm_usable()) {
        return;
    }
    kernel = write_guest(guest_loop(100, false), "smp.bin");
    r = run_vm(NULL, "-accel", "kvm", "-smp", "4", "-kernel", kernel, NULL);
    g_assert_cmpint(r.status, ==, 1);
    run_free(&r);
}

static void test_rom(void)
{
    g_autofree char *kernel = NULL;
    Run r;

    if (!kvm_usable()) {
        return;
    }
    kernel = write_guest(guest_rom(), "rom.bin");
    r = run_vm(NULL, "-accel", "kvm", "-kernel", kernel, NULL);
    g_assert_cmpint(r.status, ==, 1);          /* the write was dropped */
    run_free(&r);
}

static void test_triple_fault(void)
{
    g_autofree char *kernel = NULL;
    Run r;

    if (!kvm_usable()) {
        return;
    }
    kernel = write_guest(guest_triple_fault(), "tf.bin");
    /* The triple fault resets; -no-reboot turns that into a shutdown. */
    r = run_vm(NULL, "-accel", "kvm", "-no-reboot", "-kernel", kernel, NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_null(strstr(r.err, "internal error"));
    run_free(&r);
}

static void test_vcpu_fail(gconstpointer data)
{
    const char *step = data;
    g_autofree char *kernel = NULL;
    g_autofree char *accel = NULL;
    Run r;

    if (!kvm_usable()) {
        return;
    }
    kernel = write_guest(guest_loop(1, false), "fail.bin");
    accel = g_strdup_printf("kvm,x-fail-vcpu=2,x-fail-step=%s", step);
    r = run_vm(NULL, "-accel", accel, "-smp", "4", "-kernel", kernel, NULL);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "vCPU 2"));
    /* Everything of vCPUs 0..2 is released: no leak reports. */
    g_assert_true(no_sanitizer_report(r.err));
    run_free(&r);
}

static bool host_has_flag(const char *flag)
{
    g_autofree char *info = NULL;
    g_autofree char *pat = g_strdup_printf(" %s", flag);

    if (!g_file_get_contents("/proc/cpuinfo", &info, NULL, NULL)) {
        return false;
    }
    for (char *p = strstr(info, pat); p; p = strstr(p + 1, pat)) {
        char c = p[strlen(pat)];
        if (c == ' ' || c == '\n') {
            return true;
        }
    }
    return false;
}

static void test_cpuid_missing(gconstpointer data)
{
    bool enforce = GPOINTER_TO_INT(data);
    g_autofree char *kernel = NULL;
    Run r;

    if (!kvm_usable()) {
        return;
    }
    if (host_has_flag("waitpkg")) {
        g_test_skip("the host has waitpkg");
        return;
    }
    kernel = write_guest(guest_loop(1, false), "cpuid.bin");
    r = run_vm(NULL, "-accel", "kvm", "-cpu",
               enforce ? "qemu64,+waitpkg,enforce" : "qemu64,+waitpkg",
               "-kernel", kernel, NULL);
    g_assert_nonnull(strstr(r.err, "host doesn't support requested "
                            "feature: CPUID.07H:ECX.waitpkg [bit 5]"));
    g_assert_cmpint(r.status, ==, 1);   /* enforce: error; else ran */
    if (!enforce) {
        g_assert_null(strstr(r.err, "enforce"));
    }
    run_free(&r);
}

static void test_bad_props(void)
{
    Run r;

    r = run_vm(NULL, "-accel", "kvm,kernel-irqchip=maybe", NULL);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "kernel-irqchip"));
    run_free(&r);
    if (!kvm_usable()) {
        return;
    }
    r = run_vm(NULL, "-accel", "kvm,dirty-ring-size=3", NULL);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "dirty-ring-size"));
    run_free(&r);
}

static void test_dirty_ring(void)
{
    g_autofree char *kernel = NULL;
    Run r;

    if (!kvm_usable()) {
        return;
    }
    kernel = write_guest(guest_loop(100, true), "ring.bin");
    r = run_vm(NULL, "-accel", "kvm,dirty-ring-size=4096", "-kernel", kernel,
               NULL);
    if (strstr(r.err, "does not offer the dirty ring")) {
        g_test_skip("the host has no dirty ring");
    } else {
        g_assert_cmpint(r.status, ==, 1);
    }
    run_free(&r);
}

static void test_query_kvm(void)
{
    Run r;

    if (!kvm_usable()) {
        return;
    }
    r = run_vm("{\"execute\": \"qmp_capabilities\"}\n"
               "{\"execute\": \"query-kvm\"}\n"
               "{\"execute\": \"quit\"}\n",
               "-accel", "kvm", "-S", "-qmp", "stdio", NULL);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "\"enabled\": true"));
    g_assert_nonnull(strstr(r.out, "\"present\": true"));
    run_free(&r);
}

static void test_cpu_pm(void)
{
    g_autofree char *kernel = NULL;
    Run r;

    if (!kvm_usable()) {
        return;
    }
    kernel = write_guest(guest_loop(10, false), "pm.bin");
    r = run_vm(NULL, "-accel", "kvm", "-overcommit", "cpu-pm=on", "-kernel",
               kernel, NULL);
    /* Runs where the host can; otherwise one clear line and status 1. */
    if (r.status == 1 && strstr(r.err, "-overcommit cpu-pm=on")) {
        g_test_skip("the host cannot disable HLT/PAUSE exits");
    } else {
        g_assert_cmpint(r.status, ==, 1);
    }
    run_free(&r);
}

int main(int argc, char **argv)
{
    static const char *const loops[] = {
        "pio:on", "pio:split", "pio:off", "mmio:on", "mmio:split",
        "mmio:off",
    };
    static const char *const irqs[] = {
        "pic:on", "ioapic:on", "pic:split", "ioapic:split", "pic:off",
        "ioapic:off",
    };
    /* Not "on": there LINT0 is entirely the kernel's business (and its
     * PIT may hold back ticks while no LAPIC takes ExtINT). */
    static const char *const modes[] = { "split", "off" };
    static const char *const steps[] = { "create", "mmap", "arch",
                                         "thread" };
    int ret;

    g_test_init(&argc, &argv, NULL);
    g_test_set_nonfatal_assertions();
    binary = g_getenv("QTEST_QEMU_BINARY");
    if (!binary) {
        g_printerr("QTEST_QEMU_BINARY is not set\n");
        return 1;
    }
    tmpdir = g_dir_make_tmp("kvm-test-XXXXXX", NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(loops); i++) {
        g_autofree char *name = g_strdup_printf("/kvm/exits/%s", loops[i]);
        g_test_add_data_func(name, loops[i], test_loop);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(irqs); i++) {
        g_autofree char *name = g_strdup_printf("/kvm/irq/%s", irqs[i]);
        g_test_add_data_func(name, irqs[i], test_irq);
        g_free(name);
        name = g_strdup_printf("/kvm/irq-pending/%s", irqs[i]);
        g_test_add_data_func(name, irqs[i], test_irq_pending);
    }
    g_test_add_func("/kvm/irq/off-repeat", test_irq_off_repeat);
    for (size_t i = 0; i < G_N_ELEMENTS(modes); i++) {
        g_autofree char *name = g_strdup_printf("/kvm/irq-lint0-masked/%s",
                                                modes[i]);
        g_test_add_data_func(name, modes[i], test_lint0_masked);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(steps); i++) {
        g_autofree char *name = g_strdup_printf("/kvm/vcpu-create-fail/%s",
                                                steps[i]);
        g_test_add_data_func(name, steps[i], test_vcpu_fail);
    }
    g_test_add_func("/kvm/smp", test_smp);
    g_test_add_func("/kvm/rom-readonly", test_rom);
    g_test_add_func("/kvm/triple-fault", test_triple_fault);
    g_test_add_data_func("/kvm/cpuid/missing-warns", GINT_TO_POINTER(0),
                         test_cpuid_missing);
    g_test_add_data_func("/kvm/cpuid/missing-enforce", GINT_TO_POINTER(1),
                         test_cpuid_missing);
    g_test_add_func("/kvm/bad-props", test_bad_props);
    g_test_add_func("/kvm/dirty-ring", test_dirty_ring);
    g_test_add_func("/kvm/query-kvm", test_query_kvm);
    g_test_add_func("/kvm/overcommit-cpu-pm", test_cpu_pm);
    ret = g_test_run();
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        g_printerr("could not remove %s\n", tmpdir);
    }
    g_free(tmpdir);
    return ret;
}
