#!/usr/bin/env python3
"""Paired whole-process timing (copied from the team benchmark, ../shared/bench) with the Python standard library only.

  pairbench.py [-n RUNS] [--warmup W] --a 'CMD A' --b 'CMD B'

A and B run in turn (A B A B ...) after W warm-up runs each; each run's wall time is a
monotonic clock around fork/exec/wait, its CPU time and peak RSS come from wait4()'s rusage.
Prints min / median / max of each and the paired ratios A/B (pair by pair, then the median),
which stay meaningful when a shared machine's speed drifts. Output is discarded. Commands
are run through /bin/sh -c.
"""
import argparse, os, statistics, subprocess, time

def run(cmd):
    t0 = time.monotonic()
    p = subprocess.Popen(["/bin/sh", "-c", cmd], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0, p.returncode

def stats(xs):
    return f"{min(xs):9.3f} {statistics.median(xs):9.3f} {max(xs):9.3f}"

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--a", required=True)
    ap.add_argument("--b", required=True)
    a = ap.parse_args()
    for _ in range(a.warmup):
        run(a.a); run(a.b)
    ra, rb = [], []
    for _ in range(a.n):
        ra.append(run(a.a)); rb.append(run(a.b))
    print(f"A = {a.a}\nB = {a.b}\nexit codes: A {sorted({r[3] for r in ra})}, B {sorted({r[3] for r in rb})}")
    print(f"{'':14s}{'min':>9s} {'median':>9s} {'max':>9s}   (n={a.n})")
    for name, rs in (("A", ra), ("B", rb)):
        print(f"{name} wall s      {stats([r[0] for r in rs])}")
        print(f"{name} cpu s       {stats([r[1] for r in rs])}")
        print(f"{name} peak MiB    {stats([r[2] for r in rs])}")
    print(f"A/B wall      {stats([x[0] / y[0] for x, y in zip(ra, rb)])}")
    print(f"A/B cpu       {stats([x[1] / max(y[1], 1e-9) for x, y in zip(ra, rb)])}")

main()
