#!/usr/bin/env python3
"""Score `mtls-doctor explain` against the error catalogs of TLS libraries.

Each tests/explain/catalog/<library>.tsv lists the error texts a library (or a program) can
print about a failed TLS handshake or certificate, taken from its own source code, each with the
cause and side that the code path printing it settles (README.md: format and rules). Unlike the
wild set (tests/explain/wild), which samples what people paste, a catalog is complete for the
part of a library it covers: every message, each in the wrapping the library or its usual
caller prints around it.

    score.py [--bin BIN] [--library NAME] [--list-failures] [--json] [--require-all]

--require-all (the ctest): exit 1 unless every row's best cause and side are right.
Rows are explained with `explain --format json --each` (wild/score.py's reader and judge).
stdlib only.
"""

import argparse
import concurrent.futures
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(HERE, "..", "wild"))
import score as wild  # noqa: E402  (wild/score.py: run_batch, judge, summarize, print_table)

SIDES = ("none", "server", "client", "negotiation", "network", "local")


def unescape(text):
    """A row's text: backslash-n is a new line, backslash-t a tab, two backslashes one."""
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in "nt\\":
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[text[i + 1]])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def load(library=None):
    """Every row of every catalog (or one library's): dicts as wild/score.py's parse_entry."""
    rows, errors = [], []
    for fname in sorted(os.listdir(HERE)):
        if not fname.endswith(".tsv"):
            continue
        lib = fname[:-4]
        if library and lib != library:
            continue
        with open(os.path.join(HERE, fname), encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if len(cols) != 5:
                    errors.append(f"{fname}:{lineno}: {len(cols)} columns, not 5")
                    continue
                cause, side, also, source, text = cols
                if side not in SIDES:
                    errors.append(f"{fname}:{lineno}: side '{side}' is not one of {', '.join(SIDES)}")
                    continue
                if not source.startswith("https://"):
                    errors.append(f"{fname}:{lineno}: the source is not an https address")
                    continue
                rows.append({"name": f"{lib}-{lineno:04d}", "library": lib, "line": lineno,
                             "expect_cause": cause, "expect_side": side,
                             "also": [a for a in also.split(",") if a and a != "-"],
                             "source": source, "text": unescape(text), "ecosystem": lib})
    return rows, errors


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=None, help="binary (default $MTLSD_BIN or build-test/mtls-doctor)")
    ap.add_argument("--library", default=None, help="one catalog (its file name without .tsv)")
    ap.add_argument("--list-failures", action="store_true", help="list the rows whose best cause or side is wrong")
    ap.add_argument("--require-all", action="store_true", help="exit 1 unless every row is right (the ctest)")
    ap.add_argument("--json", action="store_true", help="one JSON object instead of tables")
    ap.add_argument("--jobs", type=int, default=2, help="processes run in parallel (default 2)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per row (default 60)")
    args = ap.parse_args()

    binary = wild.resolve_binary(args.bin)
    if binary is None:
        return 2
    rows, errors = load(args.library)
    for e in errors:
        sys.stderr.write(f"error: {e}\n")
    if errors:
        return 2
    if not rows:
        sys.stderr.write("no catalog rows\n")
        return 2

    jobs = max(1, args.jobs)
    answers = {}
    with tempfile.TemporaryDirectory(prefix="mtlsd-catalog-") as workdir:
        shares = [rows[k::jobs] for k in range(jobs) if rows[k::jobs]]
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            for share, got in zip(shares, pool.map(lambda sh: wild.run_batch(binary, sh, args.timeout, workdir),
                                                   shares)):
                for r, a in zip(share, got):
                    answers[r["name"]] = wild.judge(r, a)
    by_lib = {}
    for r in rows:
        by_lib.setdefault(r["library"], []).append(answers[r["name"]])
    out = {"binary": binary, "libraries": {k: wild.summarize(v) for k, v in sorted(by_lib.items())},
           "all": wild.summarize(list(answers.values()))}
    failures = [r for r in rows if not (answers[r["name"]]["top1"] and answers[r["name"]]["side_ok"])]
    if args.list_failures:
        out["failures"] = [
            {"row": f"{r['library']}.tsv:{r['line']}", "expect": f"{r['expect_cause']} {r['expect_side']}",
             "got": (f"{answers[r['name']]['cause']} {answers[r['name']]['side']}"
                     if answers[r["name"]]["verdict"] else "no verdict"),
             "error": answers[r["name"]]["error"], "text": r["text"][:160]} for r in failures]
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        groups = list(out["libraries"].items())
        if len(groups) > 1:
            groups.append(("all", out["all"]))
        wild.print_table(f"mtls-doctor explain on the library catalogs ({binary})", groups)
        if args.list_failures:
            print()
            for f in out["failures"]:
                err = f"  ERROR {f['error']}" if f["error"] else ""
                print(f"{f['row']}: expect {f['expect']}; got {f['got']}{err}\n    {f['text']!r}")
    if args.require_all:
        bad = len(failures) + out["all"]["errors"]
        if bad:
            sys.stderr.write(f"{len(failures)} of {len(rows)} catalog rows read wrong "
                             f"(score.py --list-failures names them)\n")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
