#!/usr/bin/env python3
"""Paired CPU rounds of `explain --log`: two (or more) binaries on one log, interleaved.

    bench/paired_rounds.py LOG BIN_A BIN_B [BIN ...]      # N=7 rounds by default (env N)

Each round runs every binary once with `explain --log LOG --format json --jobs 1`, output
discarded, the order reversed every other round; the CPU time (user + system) of each run comes
from os.wait4. Prints each binary's median and runs, and with two binaries the median and range of
the per-round ratio A / B: on a shared, noisy machine only such paired ratios say anything
(docs/performance.md).
"""
import os
import statistics
import subprocess
import sys


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    log, bins = sys.argv[1], sys.argv[2:]
    rounds = int(os.environ.get("N", "7"))
    cpu = [[] for _ in bins]  # by position: the same binary may be given twice (an A/A run)
    for r in range(rounds):
        order = range(len(bins)) if r % 2 == 0 else reversed(range(len(bins)))
        for i in order:
            p = subprocess.Popen([bins[i], "explain", "--log", log, "--format", "json", "--jobs", "1"],
                                 stdout=subprocess.DEVNULL)
            _, status, usage = os.wait4(p.pid, 0)
            if status != 0:
                print(f"{bins[i]} exited with status {status}", file=sys.stderr)
                return 1
            cpu[i].append(usage.ru_utime + usage.ru_stime)
    for b, runs in zip(bins, cpu):
        print(f"{b}: median CPU {statistics.median(runs):.3f} s;", " ".join(f"{x:.2f}" for x in runs))
    if len(bins) == 2:
        ratios = [a / c for a, c in zip(cpu[0], cpu[1])]
        print(f"A / B per round: median {statistics.median(ratios):.3f}, range {min(ratios):.2f}-{max(ratios):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
