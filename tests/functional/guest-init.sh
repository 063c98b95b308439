#!/bin/sh
# /init of the default guest: mount the basics, say hello on the serial
# console, run the workload named on the kernel command line
# (vireo.run=NAME), then power off -- or give an interactive shell.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "VIREO-GUEST-READY $(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo)"
run=$(sed -n 's/.*vireo\.run=\([^ ]*\).*/\1/p' /proc/cmdline)
case "$run" in
"")
    echo "Vireo default guest: busybox shell; 'poweroff -f' ends the VM."
    setsid cttyhack sh
    ;;
*)
    if [ -x "/bench/$run" ]; then
        "/bench/$run"
    else
        echo "VIREO-GUEST-ERROR unknown workload '$run'"
    fi
    ;;
esac
echo "VIREO-GUEST-DONE"
poweroff -f
