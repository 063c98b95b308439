/*
 * EventNotifier over Linux eventfd (non-blocking, close-on-exec).
 */
#include "qemu/osdep.h"
#include "qemu/event_notifier.h"
#include <sys/eventfd.h>

int event_notifier_init(EventNotifier *e, int active)
{
    int fd = eventfd(active ? 1 : 0, EFD_NONBLOCK | EFD_CLOEXEC);

    if (fd < 0) {
        return -errno;
    }
    e->rfd = e->wfd = fd;
    e->initialized = true;
    return 0;
}

void event_notifier_cleanup(EventNotifier *e)
{
    if (!e->initialized) {
        return;
    }
    close(e->rfd);
    e->rfd = e->wfd = -1;
    e->initialized = false;
}

int event_notifier_set(EventNotifier *e)
{
    uint64_t one = 1;
    ssize_t r;

    do {
        r = write(e->wfd, &one, sizeof(one));
    } while (r < 0 && errno == EINTR);
    /* EAGAIN: the counter is saturated, so it is signalled anyway. */
    return r < 0 && errno != EAGAIN ? -errno : 0;
}

bool event_notifier_test_and_clear(EventNotifier *e)
{
    uint64_t count;
    ssize_t r;

    do {
        r = read(e->rfd, &count, sizeof(count));
    } while (r < 0 && errno == EINTR);
    return r == sizeof(count) && count > 0;
}

int event_notifier_get_fd(const EventNotifier *e)
{
    return e->rfd;
}
