/* Process-level chores: pidfile, daemonize, thread names. */
#include "qemu/osdep.h"
#include "system/vl-internal.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include <sys/prctl.h>
#include <sys/wait.h>

static int daemon_pipe = -1;

void prctl_set_name(const char *name)
{
    prctl(PR_SET_NAME, name, 0, 0, 0);
}

/* Creates and locks the pidfile, so a second instance with the same file
 * fails instead of overwriting it. */
bool qemu_write_pidfile(const char *path, Error **errp)
{
    g_autofree char *pid = g_strdup_printf("%d\n", (int)getpid());
    int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);

    if (fd < 0) {
        error_setg_errno(errp, errno, "failed to open '%s'", path);
        return false;
    }
    if (lockf(fd, F_TLOCK, 0) < 0) {
        error_setg_errno(errp, errno, "Cannot lock pid file '%s'", path);
        close(fd);
        return false;
    }
    if (ftruncate(fd, 0) < 0 ||
        write(fd, pid, strlen(pid)) != (ssize_t)strlen(pid)) {
        error_setg_errno(errp, errno, "failed to write '%s'", path);
        close(fd);
        return false;
    }
    /* fd stays open (and locked) for the life of the process. */
    return true;
}

void vl_remove_pidfile(const char *path)
{
    if (path) {
        unlink(path);
    }
}

/*
 * -daemonize: fork early; the parent waits until the child reports that
 * start-up finished (or failed) and exits with that status, so whoever
 * started us sees errors.
 */
void vl_daemonize_start(void)
{
    int fds[2];
    pid_t pid;

    if (pipe2(fds, O_CLOEXEC) < 0) {
        error_report("daemonize: pipe failed: %s", strerror(errno));
        exit(1);
    }
    pid = fork();
    if (pid < 0) {
        error_report("daemonize: fork failed: %s", strerror(errno));
        exit(1);
    }
    if (pid > 0) {
        uint8_t status = 1;
        ssize_t n;

        close(fds[1]);
        do {
            n = read(fds[0], &status, 1);
        } while (n < 0 && errno == EINTR);
        if (n != 1) {
            int wstatus = 0;
            waitpid(pid, &wstatus, 0);
            exit(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) ?
                 WEXITSTATUS(wstatus) : 1);
        }
        exit(status);
    }
    close(fds[0]);
    daemon_pipe = fds[1];
    setsid();
}

void vl_daemonize_finish(void)
{
    uint8_t ok = 0;
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);

    if (chdir("/") < 0) {
        /* not fatal: we only avoid keeping a directory busy */
    }
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        close(null);
    }
    if (write(daemon_pipe, &ok, 1) != 1) {
        /* the parent is gone; nothing to tell */
    }
    close(daemon_pipe);
    daemon_pipe = -1;
}
