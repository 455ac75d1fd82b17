#!/usr/bin/env python3
"""TUI timings in tmux at 80x24: launch -> first frame containing TEXT, then key -> frame.
Polls `tmux capture-pane` every 5 ms. Usage: ACCES_BIN=target/release/acces tui_time.py DATA_DIR RUNS
DATA_DIR: a store made with `gen_dataset.py acces --cases N` then `acces import` under the
passphrase below. Copied from the team's shared benchmark (../shared/bench/)."""
import os, subprocess, sys, time, statistics

DATA = sys.argv[1]
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
BIN = os.environ.get("ACCES_BIN", "target/release/acces")
S = "perftui"

def tmux(*a):
    return subprocess.run(["tmux", *a], capture_output=True, text=True).stdout

def wait_for(text, t0, timeout=60.0, also=None):
    n = 0
    seen = None
    while True:
        scr = tmux("capture-pane", "-p", "-t", S)
        n += 1
        now = time.perf_counter()
        if also and seen is None and also in scr:
            seen = now - t0
        if text in scr:
            if also:
                return now - t0, seen
            return now - t0, n
        if now - t0 > timeout:
            raise SystemExit(f"timeout waiting for {text!r}:\n{scr}")
        time.sleep(0.005)

def main():
    tmux("kill-session", "-t", S)
    tmux("new-session", "-d", "-s", S, "-x", "80", "-y", "24",
         "-e", f"ACCES_DATA_DIR={DATA}", "-e", "ACCES_PASSPHRASE=phrase de passe perf",
         "sleep 1000000")
    res = {"opening": [], "first": [], "d": [], "e": [], "d2": [], "e2": []}
    expect_d = sys.argv[3] if len(sys.argv) > 3 else " dossiers"
    expect_e = sys.argv[4] if len(sys.argv) > 4 else "En retard ("
    for i in range(RUNS):
        tmux("respawn-pane", "-k", "-t", S, "sleep 1000000")
        time.sleep(0.3)
        t0 = time.perf_counter()
        subprocess.run(["tmux", "respawn-pane", "-k", "-t", S, BIN])
        dt, op = wait_for("Que vous arrive-t-il", t0, also="Ouverture du registre")
        res["first"].append(dt)
        if op is not None:
            res["opening"].append(op)
        time.sleep(1.0)  # let any background load finish
        for key, label, txt in (("d", "d", expect_d), ("e", "e", expect_e), ("d", "d2", expect_d), ("e", "e2", expect_e)):
            # go home first so the expected text is absent
            tmux("send-keys", "-t", S, "a")
            wait_for("Que vous arrive-t-il", time.perf_counter())
            time.sleep(0.2)
            t0 = time.perf_counter()
            tmux("send-keys", "-t", S, key)
            dt, n = wait_for(txt, t0)
            res[label].append(dt)
            time.sleep(0.2)
    tmux("kill-session", "-t", S)
    for k, v in res.items():
        v = [x * 1000 for x in v]
        if not v:
            print(f"{k:6s} (never seen)"); continue
        print(f"{k:6s} n={len(v)} min={min(v):.1f} median={statistics.median(v):.1f} max={max(v):.1f} ms")

main()
