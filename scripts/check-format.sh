#!/usr/bin/env bash
# Every C++ source of the tree against .clang-format: lists the files that differ, exits 1 if any.
# Fix them with: scripts/check-format.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [[ ${1:-} == --fix ]]; then
  clang-format -i "${files[@]}"
  exit 0
fi
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/mtlsd-format.$$; then
  grep -o '^[^:]*:[0-9]*:[0-9]*: error' /tmp/mtlsd-format.$$ | cut -d: -f1 | sort -u | sed 's/^/format: /'
  rm -f /tmp/mtlsd-format.$$
  echo "format: the files above differ from .clang-format (scripts/check-format.sh --fix)"
  exit 1
fi
rm -f /tmp/mtlsd-format.$$
echo "format: ${#files[@]} files match .clang-format"
