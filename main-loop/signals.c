/*
 * Host signals. The handler only writes (signal, sender pid) into a
 * self-pipe; the main loop reads it and raises the shutdown request, so
 * nothing async-signal-unsafe runs in signal context and it does not
 * matter which thread the kernel picks to deliver the signal.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/error-report.h"
#include "system/runstate.h"

#include <signal.h>
#include <glib-unix.h>

typedef struct SignalRecord {
    int32_t signo;
    int32_t pid;
} SignalRecord;

static int signal_pipe[2] = { -1, -1 };

static void termsig_handler(int signo, siginfo_t *info, void *ctx)
{
    SignalRecord rec = {
        .signo = signo,
        .pid = info && info->si_code <= 0 ? info->si_pid : 0,
    };
    int saved_errno = errno;

    /* A full pipe means plenty of requests are queued already. */
    if (write(signal_pipe[1], &rec, sizeof(rec)) < 0) {
        /* nothing useful to do in a signal handler */
    }
    errno = saved_errno;
}

static void signal_pipe_read(void *opaque)
{
    SignalRecord rec;

    while (read(signal_pipe[0], &rec, sizeof(rec)) == sizeof(rec)) {
        /* Records the signal for the "terminating on signal" message and
         * requests shutdown with cause host-signal. */
        qemu_system_killed(rec.signo, rec.pid);
    }
}

void os_setup_signal_handling(void)
{
    struct sigaction act;
    static const int termsigs[] = { SIGINT, SIGHUP, SIGTERM };

    if (signal_pipe[0] >= 0) {
        return;
    }
    if (!g_unix_open_pipe(signal_pipe, FD_CLOEXEC, NULL)) {
        error_report("Could not create the signal pipe: %s",
                     g_strerror(errno));
        return;
    }
    g_unix_set_fd_nonblocking(signal_pipe[0], TRUE, NULL);
    g_unix_set_fd_nonblocking(signal_pipe[1], TRUE, NULL);
    qemu_set_fd_handler(signal_pipe[0], signal_pipe_read, NULL, NULL);

    memset(&act, 0, sizeof(act));
    act.sa_sigaction = termsig_handler;
    act.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&act.sa_mask);
    for (size_t i = 0; i < ARRAY_SIZE(termsigs); i++) {
        sigaction(termsigs[i], &act, NULL);
    }
    signal(SIGPIPE, SIG_IGN);
}
