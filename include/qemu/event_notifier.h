/*
 * EventNotifier: an eventfd that one side signals and the other waits on
 * or hands to the kernel (KVM irqfd / ioeventfd, vhost).
 */
#ifndef QEMU_EVENT_NOTIFIER_H
#define QEMU_EVENT_NOTIFIER_H

#include "qemu/osdep.h"

typedef struct EventNotifier {
    int rfd;
    int wfd;                      /* the same fd for an eventfd */
    bool initialized;
} EventNotifier;

/* Creates the eventfd; active starts it signalled. 0 or -errno. */
int event_notifier_init(EventNotifier *e, int active);
void event_notifier_cleanup(EventNotifier *e);
/* Signals it (adds 1). 0 or -errno. */
int event_notifier_set(EventNotifier *e);
/* Consumes the count; true if it was signalled. */
bool event_notifier_test_and_clear(EventNotifier *e);
int event_notifier_get_fd(const EventNotifier *e);

#endif
