#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Judge a vxe test run from its results directory.

Reads KUnit KTAP (results/kunit/*.ktap), selftest TAP
(results/selftests/*.tap), IGT's results.json (results/igt/) and the guest's
console log, prints one line per test group and failure, and closes with
"N passed, N failed, N skipped". Exits non-zero on any failure.
"""

import argparse
import json
import os
import re
import sys

TAP_LINE = re.compile(r"^\s*(not ok|ok)\s+\d+\s+(?:-\s+)?([^#]*?)\s*(?:#\s*(.*))?$")

# Kernel messages that mean the run is broken whatever the tests said
SPLAT = re.compile(
    r"(WARNING: |BUG: |Oops|Kernel panic|general protection fault|"
    r"possible circular locking|possible recursive locking|"
    r"inconsistent lock state|suspicious RCU usage|"
    r"KASAN:|UBSAN:|kernel BUG at|Call Trace:|INFO: task .* blocked|"
    r"lockdep is turned off|DEBUG_LOCKS_WARN_ON|kmemleak:.*unreferenced)")


class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.failures = []

    def add(self, group, name, result, why=""):
        if result == "pass":
            self.passed += 1
        elif result == "skip":
            self.skipped += 1
        else:
            self.failed += 1
            self.failures.append(f"{group}: {name}: {result}{' (' + why + ')' if why else ''}")


def tap_results(path):
    """(name, result, directive) of each test line in a TAP/KTAP file."""
    out = []
    with open(path, errors="replace") as f:
        for line in f:
            m = TAP_LINE.match(line.rstrip("\n"))
            if not m:
                continue
            ok, name, directive = m.group(1), m.group(2), m.group(3) or ""
            if directive.upper().startswith("SKIP"):
                out.append((name, "skip", directive))
            else:
                out.append((name, "pass" if ok == "ok" else "fail", directive))
    return out


def judge_kunit(t, results, expected_suites):
    kdir = os.path.join(results, "kunit")
    found = set()
    if os.path.isdir(kdir):
        for fn in sorted(os.listdir(kdir)):
            suite = fn[: -len(".ktap")]
            found.add(suite)
            cases = [r for r in tap_results(os.path.join(kdir, fn)) if r[0] != suite]
            if not cases:
                t.add("kunit", suite, "fail", "no test case ran")
            for name, res, why in cases:
                t.add("kunit", f"{suite}.{name}", res, why)
            print(f"kunit {suite}: {sum(r[1] == 'pass' for r in cases)}/{len(cases)} passed")
    for suite in sorted(set(expected_suites) - found):
        t.add("kunit", suite, "fail", "suite did not run")


def judge_selftests(t, results):
    sdir = os.path.join(results, "selftests")
    if not os.path.isdir(sdir):
        t.add("selftests", "*", "fail", "no selftest results")
        return
    for fn in sorted(os.listdir(sdir)):
        prog = fn[: -len(".tap")]
        path = os.path.join(sdir, fn)
        cases = tap_results(path)
        status = None
        with open(path, errors="replace") as f:
            for line in f:
                m = re.match(r"^# exit status (\d+)", line)
                if m:
                    status = int(m.group(1))
        for name, res, why in cases:
            t.add("selftests", f"{prog}.{name}", res, why)
        if not cases:
            t.add("selftests", prog, "fail", "no TAP output")
        elif status not in (0, 4) and not any(r[1] == "fail" for r in cases):
            # kselftest: 4 means all skipped; other codes with no failing
            # test mean the program crashed or timed out
            t.add("selftests", prog, "fail", f"exit status {status}")
        print(f"selftests {prog}: {sum(r[1] == 'pass' for r in cases)}/{len(cases)} passed")


def judge_igt(t, results, testlist):
    wanted = []
    if testlist and os.path.exists(testlist):
        with open(testlist) as f:
            wanted = [ln.strip() for ln in f if ln.strip().startswith("igt@")]
    if not wanted:
        return
    path = os.path.join(results, "igt", "results.json")
    if not os.path.exists(path):
        for name in wanted:
            t.add("igt", name, "fail", "no results.json")
        return
    with open(path) as f:
        tests = json.load(f).get("tests", {})
    per_bin = {}
    for name in wanted:
        res = tests.get(name, {}).get("result", "notrun")
        binary = name.split("@")[1]
        per_bin.setdefault(binary, [0, 0, 0])
        if res == "pass":
            t.add("igt", name, "pass")
            per_bin[binary][0] += 1
        elif res == "skip":
            t.add("igt", name, "skip")
            per_bin[binary][2] += 1
        else:
            t.add("igt", name, res)
            per_bin[binary][1] += 1
    for binary, (p, f_, s) in sorted(per_bin.items()):
        print(f"igt {binary}: {p} passed, {f_} failed, {s} skipped")


def judge_console(t, results):
    path = os.path.join(results, "console.log")
    if not os.path.exists(path):
        t.add("kernel", "console", "fail", "no console log")
        return
    splats = []
    with open(path, errors="replace") as f:
        for line in f:
            if SPLAT.search(line):
                splats.append(line.strip())
    if splats:
        for s in splats[:20]:
            print(f"splat: {s}")
        t.add("kernel", "no-splat", "fail", f"{len(splats)} splat lines in console.log")
    else:
        t.add("kernel", "no-splat", "pass")


# A leak is ours when its allocation backtrace goes through vxe or the
# DRM/TTM/GPU SVM code it drives
LEAK_OURS = re.compile(r"vxe|drm_|ttm_|gpusvm|gpu_buddy|dma_fence|syncobj|hmm_")


def judge_kmemleak(t, results):
    path = os.path.join(results, "kmemleak.txt")
    if not os.path.exists(path):
        t.add("kernel", "no-leak", "fail", "no kmemleak report")
        return
    with open(path, errors="replace") as f:
        blocks = [b for b in f.read().split("unreferenced object") if b.strip()]
    ours = [b for b in blocks if LEAK_OURS.search(b)]
    for b in ours[:5]:
        print("leak: unreferenced object" + " | ".join(b.strip().splitlines()[:12]))
    if ours:
        t.add("kernel", "no-leak", "fail", f"{len(ours)} leaked objects")
    else:
        t.add("kernel", "no-leak", "pass")
    if len(blocks) > len(ours):
        print(f"kmemleak: {len(blocks) - len(ours)} reports outside vxe's stack ignored")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--kunit-suites", default="")
    ap.add_argument("--igt-list")
    ap.add_argument("--guest-status", type=int, default=0)
    ap.add_argument("--check", action="append", default=[],
                    help="name=ok|FAIL of a host-side check")
    a = ap.parse_args()

    t = Tally()
    for c in a.check:
        name, _, res = c.partition("=")
        t.add("check", name, "pass" if res == "ok" else "fail")
    if a.guest_status != 0:
        t.add("guest", "status", "fail", f"guest status {a.guest_status}")
    judge_kunit(t, a.results, [s for s in a.kunit_suites.split(",") if s])
    judge_selftests(t, a.results)
    judge_igt(t, a.results, a.igt_list)
    judge_console(t, a.results)
    judge_kmemleak(t, a.results)

    bench = os.path.join(a.results, "bench.txt")
    if os.path.exists(bench):
        with open(bench) as f:
            for line in f:
                print(f"bench: {line.rstrip()}")

    for f in t.failures:
        print(f"FAILED {f}")
    summary = f"{t.passed} passed, {t.failed} failed, {t.skipped} skipped"
    with open(os.path.join(a.results, "summary.txt"), "w") as f:
        f.write("\n".join(f"FAILED {x}" for x in t.failures) + "\n" + summary + "\n")
    print(summary)
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
