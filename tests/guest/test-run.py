#!/usr/bin/env python3
"""Checks tests/guest/run's verdicts against fake emulators (no guest runs).

Usage: test-run.py RUNNER [KERNEL-WITH-GUEST-ARGS]
Prints TAP.
"""
import os
import stat
import subprocess
import sys
import tempfile

RUNNER = sys.argv[1]
ARGS_KERNEL = sys.argv[2] if len(sys.argv) > 2 else None

SUMMARY = 'SUMMARY: {} tests, {} unexpected failures, {} skipped'
CASES = [
    # name, fake emulator body (sh), runner options, exit status, output
    ('accelerator not yet available is SKIP 77',
     'echo "vireo: -accel tcg: the tcg accelerator is not yet available in '
     'this build" >&2; exit 1', [], 77, 'not yet available'),
    ('no KVM module is SKIP 77',
     'echo "Could not access KVM kernel module: No such file" >&2; exit 1',
     [], 77, 'Could not access KVM'),
    ('debug-exit code 0 with a clean SUMMARY is PASS',
     'echo "guest: x"; echo "PASS: a"; echo "' + SUMMARY.format(1, 0, 0) +
     '"; exit 1', [], 0, 'PASS k (tcg)'),
    ('debug-exit code 1 is FAIL',
     'echo "guest: x"; echo "FAIL: a"; echo "' + SUMMARY.format(1, 1, 0) +
     '"; exit 3', [], 1, 'FAIL k (tcg)'),
    ('status 1 without SUMMARY (emulator error) is FAIL',
     'echo "vireo: bad option" >&2; exit 1', [], 1, 'without a SUMMARY'),
    ('status 0 after boot (triple fault, -no-reboot) is FAIL',
     'echo "guest: x"; exit 0', [], 1, 'triple fault'),
    ('every subtest skipped is SKIP 77',
     'echo "guest: x"; echo "SKIP: a"; echo "' + SUMMARY.format(1, 0, 1) +
     '"; exit 1', [], 77, 'all subtests skipped'),
    ('a hang is a FAIL at the timeout',
     'echo "guest: x"; sleep 30', ['--timeout', '1'], 1, 'timed out'),
    ('a stopped VM ends the run early',
     'echo "guest: x"; echo "KVM internal error. Suberror: 1" >&2; sleep 30',
     ['--timeout', '20'], 1, 'stopped the guest'),
    ('TAP: an unavailable accelerator gives a skip plan',
     'echo "the tcg accelerator is not yet available" >&2; exit 1',
     ['--tap'], 0, '1..0 # SKIP'),
    ('TAP: subtests become TAP lines',
     'echo "guest: x"; echo "PASS: a"; echo "FAIL: b"; echo "SKIP: c"; '
     'echo "' + SUMMARY.format(3, 1, 1) + '"; exit 3', ['--tap'], 0,
     'ok 1 - a\nnot ok 2 - b\nok 3 - c # SKIP\n1..3'),
]


def fake(dirname, body):
    path = os.path.join(dirname, 'emu')
    with open(path, 'w') as f:
        f.write('#!/bin/sh\n' + body + '\n')
    os.chmod(path, stat.S_IRWXU)
    return path


def main():
    n = 0
    failed = 0
    with tempfile.TemporaryDirectory() as d:
        kernel = os.path.join(d, 'k.elf')
        open(kernel, 'wb').close()
        for name, body, opts, want_status, want_out in CASES:
            emu = fake(d, body)
            p = subprocess.run([sys.executable, RUNNER, '--binary', emu] +
                               opts + [kernel], capture_output=True,
                               text=True, timeout=60)
            ok = p.returncode == want_status and want_out in p.stdout
            n += 1
            print(f'{"ok" if ok else "not ok"} {n} - {name}')
            if not ok:
                failed += 1
                print(f'# status {p.returncode}, output:')
                for ln in p.stdout.splitlines():
                    print(f'#   {ln}')
        if ARGS_KERNEL:
            emu = fake(d, f'echo "$@" > {d}/args; exit 1')
            subprocess.run([sys.executable, RUNNER, '--binary', emu,
                            '--accel', 'tcg', ARGS_KERNEL],
                           capture_output=True, timeout=60)
            with open(os.path.join(d, 'args')) as f:
                args = f.read()
            n += 1
            ok = '-smp 4' in args and '-device pc-testdev' in args and \
                '-accel tcg' in args and '-no-reboot' in args
            print(f'{"ok" if ok else "not ok"} {n} - the kernel\'s '
                  f'GUEST_ARGS reach the emulator')
            failed += not ok
            subprocess.run([sys.executable, RUNNER, '--binary', emu,
                            '--smp', '2', ARGS_KERNEL],
                           capture_output=True, timeout=60)
            with open(os.path.join(d, 'args')) as f:
                args = f.read()
            n += 1
            ok = '-smp 2' in args and '-smp 4' not in args
            print(f'{"ok" if ok else "not ok"} {n} - --smp overrides them')
            failed += not ok
    print(f'1..{n}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
