#!/usr/bin/env python3
"""Write split.tsv: a deterministic, content-blind tune/holdout split.

Entries are sorted by SHA-256 of (source URL + file name), exactly the two
strings concatenated with nothing between them; the first
max(90, ceil(0.4 * n)) of that order go to `holdout`, the rest to `tune`.
Nothing but the `# source:` line and the file name is read.  Re-running it
after adding entries re-deals the split, so run it only when the set is
frozen (and say so in the commit). That takes `--redeal-everything`; any
other argument list but the two below is refused.

    make_split.py --add ROUND

keeps every row of split.tsv as it is and deals only the entries not yet in
it, each on its own: holdout when the first 32 bits of SHA-256(source URL +
file name), read as a fraction of 2^32, are below 0.4, tune otherwise; the
row's third column names the round (e.g. `added-2026-12-03`), so the scorer
can report the original set and each addition apart (score.py --round).
A 4th column, `retired-holdout-DATE`, marks a row that was held out until DATE
and has been `tune` since (the original round's 90 holdout rows, 2026-12-05;
score.py --split retired); `--add` keeps such rows as they are, and
`--redeal-everything` would drop the tag (and the history with it).

    make_split.py --add ROUND --holdout-fraction F

the same, with F (0 < F < 1) in place of 0.4: round added-2026-12-04 was dealt
with 0.5 (about half tune, half holdout).  The hash is the seed: the deal
depends on nothing but the source URL and the file name.

stdlib only.
"""
import hashlib
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ENTRIES = os.path.join(HERE, "entries")


def source_of(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# source:"):
                return line.split(":", 1)[1].strip()
    raise SystemExit(f"{path}: no '# source:' line")


def add(round_name, fraction=0.4):
    """Deal the entries that split.tsv does not list yet; keep every existing row."""
    path = os.path.join(HERE, "split.tsv")
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    listed = {line.split("\t")[0] for line in lines if line and not line.startswith("#")}
    names = sorted(n for n in os.listdir(ENTRIES) if n.endswith(".txt") and n not in listed)
    counts = {"tune": 0, "holdout": 0}
    for n in names:
        h = hashlib.sha256((source_of(os.path.join(ENTRIES, n)) + n).encode("utf-8")).hexdigest()
        part = "holdout" if int(h[:8], 16) / 2**32 < fraction else "tune"
        counts[part] += 1
        lines.append(f"{n}\t{part}\t{round_name}")
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    print(f"{len(names)} new entries ({round_name}): {counts['holdout']} holdout, {counts['tune']} tune")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--add":
        return add(sys.argv[2])
    if len(sys.argv) == 5 and sys.argv[1] == "--add" and sys.argv[3] == "--holdout-fraction":
        fraction = float(sys.argv[4])
        if not 0.0 < fraction < 1.0:
            raise SystemExit("--holdout-fraction must be between 0 and 1")
        return add(sys.argv[2], fraction)
    # Re-dealing the whole set mixes texts already tuned on into the holdout part: only on
    # purpose, never by a mistyped option.
    if sys.argv[1:] != ["--redeal-everything"]:
        raise SystemExit(__doc__ + "\nunknown arguments: " + " ".join(sys.argv[1:]))
    names = sorted(n for n in os.listdir(ENTRIES) if n.endswith(".txt"))
    keyed = sorted((hashlib.sha256((source_of(os.path.join(ENTRIES, n)) + n).encode("utf-8")).hexdigest(), n)
                   for n in names)
    n_hold = max(90, math.ceil(0.4 * len(names)))
    part = {n: ("holdout" if i < n_hold else "tune") for i, (_, n) in enumerate(keyed)}
    with open(os.path.join(HERE, "split.tsv"), "w", encoding="utf-8") as out:
        out.write("# file\tsplit   (made by make_split.py: sha256(source URL + file name), first "
                  f"{n_hold} of {len(names)} -> holdout)\n")
        for n in names:
            out.write(f"{n}\t{part[n]}\n")
    print(f"{len(names)} entries: {n_hold} holdout, {len(names) - n_hold} tune")


if __name__ == "__main__":
    main()
