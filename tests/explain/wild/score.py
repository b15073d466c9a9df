#!/usr/bin/env python3
"""Score `mtls-doctor explain` against the wild evaluation set.

Each entry in entries/*.txt is a real error text taken from a public thread
that settled its cause (see README.md).  Each entry's text is written to a
file of its own and explained with

    $MTLSD_BIN explain --format json --each FILE...

(one process per --jobs share of the entries: `--each` explains every file
as `explain -` explains its stdin; --one-process-per-text runs exactly that,
a process per entry), and the JSON verdict is compared with the `# expect:`
(and `# also:`) header lines.

Rules (see README.md):
  * top-1   verdict.cause is the expected cause or one of the `also` causes.
            An expected `new:<id>` counts only if the tool prints `<id>`.
  * cand    the expected (or an `also`) cause is one of the ranked candidate
            causes, i.e. the ids of the JSON `findings` list (the verdict's
            cause is the first of them; the others are "Also possible").
  * side    verdict.rejected_by equals the expected rejected_by.
  * none    verdict is null (the tool explained nothing).
  * error   the binary failed (exit 2, bad JSON, or timeout).

The holdout split must not be looked at while tuning: --list-failures is
refused for it unless --i-am-done-tuning is given.  A holdout part can be
*retired* into tune (split.tsv: `tune`, its round, and a 4th column
`retired-holdout-DATE`): from then on it is tuned on like any tune row, and
`--split retired` scores it apart (it counts in `tune` as well; `--split all`
prints tune, retired and holdout, and "all" = tune + holdout).

stdlib only.
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
ENTRIES = os.path.join(HERE, "entries")
SPLIT = os.path.join(HERE, "split.tsv")
HEADER_KEYS = ("source", "settled", "writer", "expect", "also", "note", "ecosystem")
NEW_PREFIX = "new:"


def parse_entry(path):
    """Return dict(name, source, expect_cause, expect_side, also, writer, ecosystem, text)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    meta = {"also": []}
    body_start = 0
    for i, line in enumerate(lines):
        key = None
        if line.startswith("# ") and ":" in line:
            key = line[2:].split(":", 1)[0].strip()
        if key not in HEADER_KEYS:
            body_start = i
            break
        value = line.split(":", 1)[1].strip()
        if key == "also":
            meta["also"].extend(v for v in value.split() if v)
        else:
            meta[key] = value
    else:
        body_start = len(lines)
    text = "\n".join(lines[body_start:]).rstrip("\n") + "\n"
    expect = meta.get("expect", "").split()
    if len(expect) != 2:
        raise ValueError(f"{path}: '# expect: <cause> <rejected_by>' missing or malformed")
    return {
        "name": os.path.basename(path),
        "source": meta.get("source", ""),
        "writer": meta.get("writer", ""),
        "ecosystem": meta.get("ecosystem", ""),
        "expect_cause": expect[0],
        "expect_side": expect[1],
        "also": meta["also"],
        "text": text,
    }


def load_split():
    split = {}
    if not os.path.exists(SPLIT):
        return split
    with open(SPLIT, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            # 4th column: a retirement tag (`retired-holdout-DATE`): the row was held out once and
            # has been tuning since that date; it stays visible as such (--split retired).
            split[cols[0]] = (cols[1], cols[2] if len(cols) > 2 and cols[2] else "original",
                              cols[3] if len(cols) > 3 else "")
    return split


RETIRED_PREFIX = "retired-holdout-"


def part_of(split, retired):
    """The parts a row counts in: its split, and `retired` too for a retired holdout row."""
    parts = [split]
    if retired.startswith(RETIRED_PREFIX):
        if split != "tune":
            raise ValueError(f"a row tagged {retired} must be in tune, not {split}")
        parts.append("retired")
    return parts


def resolve_binary(given):
    """--bin, else $MTLSD_BIN, else build-test/mtls-doctor, relative to the repository; None
    (after saying so) when it does not exist."""
    binary = given or os.environ.get("MTLSD_BIN") or os.path.join(REPO, "build-test", "mtls-doctor")
    if not os.path.isabs(binary):
        binary = os.path.join(REPO, binary)
    if not os.path.exists(binary):
        sys.stderr.write(f"binary not found: {binary} (set MTLSD_BIN)\n")
        return None
    return binary


def tool_id(expected):
    """The id the tool must print for an expected cause ('new:x' -> 'x')."""
    return expected[len(NEW_PREFIX):] if expected.startswith(NEW_PREFIX) else expected


def empty_result(entry):
    return {"name": entry["name"], "cause": None, "side": None, "candidates": [],
            "verdict": False, "error": None, "confidence": None}


def run_one(binary, entry, timeout):
    res = empty_result(entry)
    try:
        proc = subprocess.run([binary, "explain", "--format", "json", "-"],
                              input=entry["text"].encode("utf-8"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        res["error"] = f"timeout after {timeout}s"
        return res
    except OSError as e:
        res["error"] = f"cannot run {binary}: {e}"
        return res
    if proc.returncode not in (0, 1):
        res["error"] = f"exit {proc.returncode}: {proc.stderr.decode('utf-8', 'replace').strip()[:200]}"
    try:
        doc = json.loads(proc.stdout.decode("utf-8"))
    except ValueError:
        res["error"] = res["error"] or "stdout is not one JSON object"
        return res
    return read_answer(res, doc)


def run_batch(binary, entries, timeout, workdir):
    """The entries explained by one `explain --each` process; results in the entries' order."""
    files = []
    for e in entries:
        path = os.path.join(workdir, e["name"])
        with open(path, "w", encoding="utf-8") as f:
            f.write(e["text"])
        files.append(path)
    results = {e["name"]: empty_result(e) for e in entries}
    try:
        proc = subprocess.run([binary, "explain", "--format", "json", "--each"] + files,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout * max(1, len(entries)))
    except subprocess.TimeoutExpired:
        for r in results.values():
            r["error"] = f"timeout after {timeout}s a text"
        return [results[e["name"]] for e in entries]
    except OSError as ex:
        for r in results.values():
            r["error"] = f"cannot run {binary}: {ex}"
        return [results[e["name"]] for e in entries]
    seen = set()
    for line in proc.stdout.decode("utf-8").splitlines():
        try:
            doc = json.loads(line)
        except ValueError:
            continue
        name = os.path.basename(doc.get("file") or "")
        if name not in results:
            continue
        seen.add(name)
        if isinstance(doc.get("error"), dict):
            results[name]["error"] = doc["error"].get("message", "error")
        else:
            read_answer(results[name], doc)
    for name, r in results.items():
        if name not in seen and not r["error"]:
            r["error"] = (f"no answer (exit {proc.returncode}: "
                          f"{proc.stderr.decode('utf-8', 'replace').strip()[:200]})")
    return [results[e["name"]] for e in entries]


def read_answer(res, doc):
    """The verdict, side and ranked candidates of one explain JSON answer, into res."""
    verdict = doc.get("verdict")
    if isinstance(verdict, dict):
        res["verdict"] = True
        res["cause"] = verdict.get("cause")
        res["side"] = verdict.get("rejected_by")
        res["confidence"] = verdict.get("confidence")
    # The ranked candidates are the `findings`; each carries evidence.rank
    # (1 = the verdict's cause, 2.. = "Also possible").  Order by that rank,
    # keeping document order for findings without one.
    ranked = []
    for idx, f in enumerate(doc.get("findings") or []):
        if not isinstance(f, dict) or not f.get("id"):
            continue
        ev = f.get("evidence") if isinstance(f.get("evidence"), dict) else {}
        rank = ev.get("rank") if isinstance(ev.get("rank"), int) else 10**6
        ranked.append((rank, idx, f["id"]))
    cands = []
    for _, _, fid in sorted(ranked):
        if fid not in cands:
            cands.append(fid)
    if res["cause"] and res["cause"] not in cands:
        cands.insert(0, res["cause"])
    res["candidates"] = cands
    return res


def judge(entry, res):
    wanted = [tool_id(entry["expect_cause"])] + [tool_id(a) for a in entry["also"]]
    res["top1"] = res["cause"] in wanted if res["cause"] else False
    res["cand"] = any(w in res["candidates"] for w in wanted)
    res["side_ok"] = res["side"] == entry["expect_side"]
    return res


def summarize(rows):
    n = len(rows)
    s = {"entries": n,
         "top1": sum(r["top1"] for r in rows),
         "candidates": sum(r["cand"] for r in rows),
         "side": sum(r["side_ok"] for r in rows),
         "no_verdict": sum((not r["verdict"]) and not r["error"] for r in rows),
         "errors": sum(bool(r["error"]) for r in rows)}
    return s


def pct(a, n):
    return f"{a:3d} {100.0 * a / n:5.1f}%" if n else f"{a:3d}   n/a"


def print_table(title, groups):
    print(title)
    print(f"{'group':<12} {'n':>4}  {'top-1 cause':>12}  {'in candidates':>13}  {'side':>12}  {'no verdict':>12}  {'errors':>6}")
    for name, s in groups:
        n = s["entries"]
        print(f"{name:<12} {n:>4}  {pct(s['top1'], n):>12}  {pct(s['candidates'], n):>13}  "
              f"{pct(s['side'], n):>12}  {pct(s['no_verdict'], n):>12}  {s['errors']:>6}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("tune", "holdout", "retired", "all"), default="all",
                    help="which part to score (default all: both parts, reported separately); "
                         "'retired' is the part of tune that was held out once (split.tsv's 4th column)")
    ap.add_argument("--list-failures", action="store_true",
                    help="list entries whose top-1 cause or side is wrong (tune or retired only)")
    ap.add_argument("--i-am-done-tuning", action="store_true",
                    help="allow --list-failures on the holdout part (only after tuning is over)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    ap.add_argument("--by-ecosystem", action="store_true", help="also break the scores down by ecosystem")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per entry (default 60)")
    ap.add_argument("--jobs", type=int, default=2, help="processes run in parallel (default 2)")
    ap.add_argument("--one-process-per-text", action="store_true",
                    help="run `explain -` once per entry, the text on stdin, instead of `explain --each`")
    ap.add_argument("--round", default="all",
                    help="which entries: 'original' (the first 224), a round named in split.tsv's third "
                         "column (e.g. added-2026-12-03), or 'all' (default)")
    ap.add_argument("--bin", default=None, help="binary (default $MTLSD_BIN or build-test/mtls-doctor)")
    args = ap.parse_args()

    # `all`: tune (retired rows included), the retired rows apart, and the holdout still held out.
    parts = ("tune", "retired", "holdout") if args.split == "all" else (args.split,)
    if args.list_failures and "holdout" in parts and not args.i_am_done_tuning:
        sys.stderr.write("refusing to list holdout failures while tuning: use --split tune, "
                         "or pass --i-am-done-tuning once tuning is over\n")
        return 2

    binary = resolve_binary(args.bin)
    if binary is None:
        return 2

    split = load_split()
    entries = []
    for fname in sorted(os.listdir(ENTRIES)):
        if not fname.endswith(".txt"):
            continue
        e = parse_entry(os.path.join(ENTRIES, fname))
        if fname not in split:
            sys.stderr.write(f"warning: {fname} is not in split.tsv; skipped\n")
            continue
        e["split"], e["round"], e["retired"] = split[fname]
        e["parts"] = part_of(e["split"], e["retired"])
        if args.round != "all" and e["round"] != args.round:
            continue
        if any(p in parts for p in e["parts"]):
            entries.append(e)

    jobs = max(1, args.jobs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        if args.one_process_per_text:
            results = list(pool.map(lambda e: judge(e, run_one(binary, e, args.timeout)), entries))
        else:
            with tempfile.TemporaryDirectory(prefix="mtlsd-wild-") as workdir:
                shares = [entries[k::jobs] for k in range(jobs) if entries[k::jobs]]
                answers = {}
                for share, rows in zip(shares, pool.map(lambda sh: run_batch(binary, sh, args.timeout, workdir),
                                                        shares)):
                    for e, r in zip(share, rows):
                        answers[e["name"]] = judge(e, r)
                results = [answers[e["name"]] for e in entries]
    by_name = {e["name"]: e for e in entries}

    out = {"binary": binary, "splits": {}}
    for part in parts:
        rows = [r for r in results if part in by_name[r["name"]]["parts"]]
        out["splits"][part] = summarize(rows)
        if args.by_ecosystem:
            eco = {}
            for r in rows:
                eco.setdefault(by_name[r["name"]]["ecosystem"] or "?", []).append(r)
            out["splits"][part]["by_ecosystem"] = {k: summarize(v) for k, v in sorted(eco.items())}
    if args.list_failures:
        out["failures"] = [
            {"name": r["name"], "split": "/".join(by_name[r["name"]]["parts"]),
             "expect": f"{by_name[r['name']]['expect_cause']} {by_name[r['name']]['expect_side']}",
             "also": by_name[r["name"]]["also"],
             "got": f"{r['cause']} {r['side']}" if r["verdict"] else "no verdict",
             "candidates": r["candidates"], "error": r["error"]}
            for r in results if not (r["top1"] and r["side_ok"])]

    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    groups = [(p, out["splits"][p]) for p in parts]
    if len(parts) > 1:
        groups.append(("all", summarize(results)))
        groups = [(n, g) for n, g in groups if not (n == "retired" and g["entries"] == 0)]
    print_table(f"mtls-doctor explain on the wild set ({binary})", groups)
    if args.by_ecosystem:
        for p in parts:
            print()
            print_table(f"{p} by ecosystem", list(out["splits"][p]["by_ecosystem"].items()))
    if args.list_failures:
        print()
        for f in out["failures"]:
            also = f" (also {' '.join(f['also'])})" if f["also"] else ""
            err = f"  ERROR {f['error']}" if f["error"] else ""
            print(f"{f['name']}: expect {f['expect']}{also}; got {f['got']}; "
                  f"candidates {','.join(f['candidates']) or '-'}{err}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
