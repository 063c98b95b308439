#!/usr/bin/env python3
"""Counts test cases in meson's testlog.json and prints the summary line.

TAP programs are counted per case ("ok", "not ok", "# SKIP"); others by
their overall result. Exits non-zero if anything failed.
"""
import json
import re
import sys

TAP_LINE = re.compile(r'^(not ok|ok)\b(.*)$')


def count(entry):
    passed = failed = skipped = 0
    for line in (entry.get('stdout') or '').splitlines():
        m = TAP_LINE.match(line.strip())
        if not m:
            continue
        directive = m.group(2)
        if re.search(r'#\s*SKIP', directive, re.I):
            skipped += 1
        elif m.group(1) == 'ok' or re.search(r'#\s*TODO', directive, re.I):
            passed += 1
        else:
            failed += 1
    result = entry.get('result', '')
    if passed + failed + skipped == 0:
        if result == 'SKIP':
            skipped = 1
        elif result in ('OK', 'EXPECTEDFAIL'):
            passed = 1
        else:
            failed = 1
    elif result not in ('OK', 'EXPECTEDFAIL', 'SKIP') and failed == 0:
        failed = 1      # crashed or timed out after its last case
    return passed, failed, skipped


def main():
    totals = [0, 0, 0]
    try:
        with open(sys.argv[1]) as f:
            entries = [json.loads(line) for line in f if line.strip()]
    except OSError as e:
        print(f'test-summary: {e}', file=sys.stderr)
        print('0 passed, 1 failed')
        return 1
    for entry in entries:
        for i, n in enumerate(count(entry)):
            totals[i] += n
    print(f'{totals[0]} passed, {totals[1]} failed, {totals[2]} skipped')
    return 1 if totals[1] else 0


if __name__ == '__main__':
    sys.exit(main())
