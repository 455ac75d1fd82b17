#!/usr/bin/env python3
"""TUI in tmux at 100x30: recording a reply on a case, from the Enter that saves it to the
frame that says « Enregistré. ». Each run opens the first case of the Dossiers tab, chooses
« Noter la réponse reçue » and saves it dated today (so each run adds one event to the
register: use a copy). Polls `tmux capture-pane` every 5 ms.

Usage: ACCES_BIN=target/release/acces tui_save_time.py DATA_DIR RUNS
DATA_DIR: a store made with `gen_dataset.py acces --cases N` then `acces import` under the
passphrase below (or unlocked with `acces deverrouiller`)."""
import os, statistics, subprocess, sys, time

DATA = sys.argv[1]
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
BIN = os.environ.get("ACCES_BIN", "target/release/acces")
S = "perfsave"


def tmux(*a):
    return subprocess.run(["tmux", *a], capture_output=True, text=True).stdout


def wait_for(text, t0, timeout=120.0):
    while True:
        scr = tmux("capture-pane", "-p", "-t", S)
        if text in scr:
            return time.perf_counter() - t0
        if time.perf_counter() - t0 > timeout:
            raise SystemExit(f"timeout waiting for {text!r}:\n{scr}")
        time.sleep(0.005)


def key(k, then):
    tmux("send-keys", "-t", S, k)
    wait_for(then, time.perf_counter())
    time.sleep(0.2)


def main():
    tmux("kill-session", "-t", S)
    tmux("new-session", "-d", "-s", S, "-x", "100", "-y", "30",
         "-e", f"ACCES_DATA_DIR={DATA}", "-e", "ACCES_PASSPHRASE=phrase de passe perf",
         "sleep 1000000")
    # The pane stays when acces quits, to be respawned for the next run.
    tmux("set-option", "-t", S, "remain-on-exit", "on")
    time.sleep(0.3)
    times = []
    try:
        for _ in range(RUNS):
            tmux("respawn-pane", "-k", "-t", S, BIN)
            wait_for("Que vous arrive-t-il", time.perf_counter())
            key("d", " dossiers")
            # The store has finished loading once the table has rows.
            key("Enter", "Que voulez-vous faire ?")
            key("Enter", "Date de la réponse")
            key("Enter", "Ce qu'elle dit")
            tmux("send-keys", "-t", S, "Enter")
            time.sleep(0.2)
            t0 = time.perf_counter()
            tmux("send-keys", "-t", S, "Enter")
            times.append(wait_for("Enregistré.", t0))
            tmux("send-keys", "-t", S, "q")
            time.sleep(0.3)
    finally:
        tmux("kill-session", "-t", S)
    ms = sorted(t * 1000 for t in times)
    print(f"save -> frame: median {statistics.median(ms):.0f} ms, "
          f"min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms ({len(ms)} runs)")


main()
