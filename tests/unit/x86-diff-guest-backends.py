#!/usr/bin/env python3
"""Runs the guest test kernels under both TCG backends and compares.

  x86-diff-guest-backends.py --binary EMU [--timeout S] DIR|KERNEL.elf...

Each kernel (tests/guest, built by the "guest" suite) boots twice through
tests/guest/run's run_kernel(): with -accel tcg,backend=native and with
-accel tcg,backend=interp. The interpreter is the reference backend, so
both must give the same result: the same PASS/FAIL/SKIP for the kernel
and for every subtest line (numbers in subtest messages are ignored, they
may be timings). Prints TAP, one line per kernel (a plan of 1..0, i.e.
skipped, when there are no kernels).
"""
import argparse
import glob
import importlib.machinery
import importlib.util
import os
import re
import sys

SRCROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BACKENDS = ('native', 'interp')


def load_runner():
    path = os.path.join(SRCROOT, 'tests', 'guest', 'run')
    loader = importlib.machinery.SourceFileLoader('guest_run', path)
    spec = importlib.util.spec_from_loader('guest_run', loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def subtests(res):
    """message (digits blanked) -> list of statuses, in order."""
    out = {}
    for status, msg in res.subtests:
        out.setdefault(re.sub(r'\d+', '#', msg), []).append(status)
    return out


def compare(results):
    """Returns a list of differences between the backends' results."""
    a, b = (results[be] for be in BACKENDS)
    diffs = []
    if a.status != b.status:
        diffs.append(f'kernel: native {a.status} ({a.reason}), '
                     f'interp {b.status} ({b.reason})')
    sa, sb = subtests(a), subtests(b)
    for msg in sorted(set(sa) | set(sb)):
        if sa.get(msg) != sb.get(msg):
            diffs.append(f'{msg}: native {sa.get(msg)} interp {sb.get(msg)}')
    return diffs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--binary', required=True)
    ap.add_argument('--timeout', type=float, default=120.0)
    ap.add_argument('kernels', nargs='+')
    opts = ap.parse_args()

    kernels = []
    for k in opts.kernels:
        if os.path.isdir(k):
            kernels += sorted(glob.glob(os.path.join(k, '*.elf')))
        elif os.path.exists(k):
            kernels.append(k)
    if not kernels:
        print('1..0 # SKIP no guest kernels (tests/guest not built)')
        return 0
    run = load_runner()
    print(f'1..{len(kernels)}')
    bad = 0
    for n, kernel in enumerate(kernels, 1):
        results = {be: run.run_kernel(kernel, opts.binary,
                                      'tcg,backend=' + be,
                                      timeout=opts.timeout)
                   for be in BACKENDS}
        name = run.kernel_name(kernel)
        diffs = compare(results)
        statuses = '/'.join(results[be].status for be in BACKENDS)
        if diffs:
            bad += 1
            print(f'not ok {n} {name}: backends disagree ({statuses})')
            for d in diffs[:20]:
                print(f'# {d}')
        else:
            print(f'ok {n} {name} (native/interp: {statuses}, '
                  f'{len(results["interp"].subtests)} subtests)')
        sys.stdout.flush()
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
