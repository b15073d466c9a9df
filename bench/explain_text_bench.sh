#!/usr/bin/env bash
# explain_text_bench.sh: `mtls-doctor explain` on one pasted text, start to exit — what a person
# (or a script explaining texts one by one) waits for. Two binaries, interleaved rounds, on a
# one-line text, a wild text (a Java stack trace) and a whole s_client session.
#
#   bench/explain_text_bench.sh AFTER_BINARY [BEFORE_BINARY]
#   RUNS=7 (rounds)
#
# Per binary and text: median CPU seconds (user+sys, GNU time), wall seconds and peak RSS. No
# figure is asserted; exit 0.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-7}
after=${1:?usage: explain_text_bench.sh AFTER_BINARY [BEFORE_BINARY]}
before=${2:-}
texts=("$ROOT/tests/explain/wild/entries/002-java-pkix-keycloak-truststore.txt"
       "$ROOT/tests/explain/samples/s_client-full-tls1_2-untrusted-issuer.txt")
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
one() {  # label binary [file]
  if [[ $# -eq 3 ]]; then
    /usr/bin/time -f "$1 $(basename "$3") %U %S %e %M" "$2" explain --format json - <"$3" >/dev/null 2>>"$raw"
  else
    /usr/bin/time -f "$1 one-line %U %S %e %M" "$2" explain --format json "tlsv1 alert unknown ca" >/dev/null 2>>"$raw"
  fi
}
for ((r = 0; r < RUNS; r++)); do
  for t in "" "${texts[@]}"; do
    for who in after before; do
      bin=$after
      [[ $who == before ]] && bin=$before
      [[ -z $bin ]] && continue
      if [[ -z $t ]]; then one "$who" "$bin"; else one "$who" "$bin" "$t"; fi
    done
  done
done
python3 - "$raw" <<'PY'
import collections, statistics, sys
d = collections.defaultdict(list)
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 6:
        d[(p[1], p[0])].append((float(p[2]) + float(p[3]), float(p[4]), int(p[5])))
print(f"{'text':48} {'binary':7} {'cpu s':>6} {'wall s':>6} {'peak MiB':>8}")
for (text, who), v in sorted(d.items()):
    print(f"{text:48} {who:7} {statistics.median(x[0] for x in v):6.3f} {statistics.median(x[1] for x in v):6.3f}"
          f" {statistics.median(x[2] for x in v) / 1024:8.1f}")
PY
