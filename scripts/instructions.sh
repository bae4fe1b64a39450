#!/usr/bin/env bash
# The instruction-count guard (BENCHMARKS.md, "The instruction-count guard"): every operation of
# the table on its example input, counted by callgrind in the release build, against the
# baseline in bench/instructions.tsv. Counts repeat exactly for one binary, so this does not
# flake on a busy machine the way a timed test would.
#
#   scripts/instructions.sh          # fails when an operation costs more than 10 % over its baseline
#   scripts/instructions.sh --bless  # writes the counts measured now as the new baseline
#
# A change that makes an operation dearer on purpose updates the baseline in the same commit
# (--bless), and says why in its message. An operation that got more than 10 % cheaper passes,
# with a note to bless the lower count so that the guard stays tight. Needs valgrind (apt).
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=bench/instructions.tsv
tolerance=10   # per cent
bless=0
[ "${1:-}" = --bless ] && bless=1

if ! command -v valgrind >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq valgrind >/dev/null
  else
    echo "instructions: valgrind is missing (apt-get install valgrind)" >&2
    exit 1
  fi
fi

# The bench profile is the release profile: the build the host's benchmarks and callgrind use.
bin=$(cargo bench -q -p icce-core --bench instructions --no-run --message-format=json 2>/dev/null \
  | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  cargo bench -p icce-core --bench instructions --no-run   # shows the build error
  echo "instructions: the workload did not build" >&2
  exit 1
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
measured="$out/measured.tsv"
: >"$measured"
for op in $("$bin" --list); do
  valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*instructions*measured*' \
    --callgrind-out-file="$out/$op.out" "$bin" "$op" >/dev/null 2>"$out/$op.log" || {
      cat "$out/$op.log" >&2
      echo "instructions: $op failed under callgrind" >&2
      exit 1
    }
  n=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$out/$op.out")
  if [ -z "$n" ] || [ "$n" -eq 0 ]; then
    echo "instructions: no instructions counted for $op (was the measured function inlined or renamed?)" >&2
    exit 1
  fi
  printf '%s\t%s\n' "$op" "$n" >>"$measured"
done

if [ "$bless" = 1 ]; then
  {
    echo "# Instructions of one call of each operation on its example input (core/openapi-examples/),"
    echo "# counted by callgrind in the release build after one warm-up call (scripts/instructions.sh)."
    echo "# rustc: $(rustc --version | cut -d' ' -f2), valgrind: $(valgrind --version | sed 's/^valgrind-//')"
    printf 'operation\tinstructions\n'
    cat "$measured"
  } >"$baseline"
  echo "instructions: baseline written to $baseline"
  cat "$measured"
  exit 0
fi

if [ ! -f "$baseline" ]; then
  echo "instructions: no baseline ($baseline): run scripts/instructions.sh --bless" >&2
  exit 1
fi
failed=0
printf '%-24s %12s %12s %8s\n' operation baseline now change
while IFS=$'\t' read -r op n; do
  base=$(awk -F'\t' -v op="$op" '$1 == op { print $2 }' "$baseline")
  if [ -z "$base" ]; then
    echo "instructions: $op has no baseline: run scripts/instructions.sh --bless and commit $baseline" >&2
    failed=1
    continue
  fi
  change=$(awk -v n="$n" -v b="$base" 'BEGIN { printf "%+.1f%%", (n - b) * 100 / b }')
  printf '%-24s %12s %12s %8s\n' "$op" "$base" "$n" "$change"
  if awk -v n="$n" -v b="$base" -v t="$tolerance" 'BEGIN { exit !(n * 100 > b * (100 + t)) }'; then
    echo "instructions: $op costs $change against its baseline (more than $tolerance %): make it cheaper, or, if the cost is meant, run scripts/instructions.sh --bless and commit $baseline with the reason" >&2
    failed=1
  elif awk -v n="$n" -v b="$base" -v t="$tolerance" 'BEGIN { exit !(n * 100 < b * (100 - t)) }'; then
    echo "instructions: $op is $change cheaper than its baseline: bless the lower count (--bless) to keep the guard tight" >&2
  fi
done <"$measured"
for op in $(awk -F'\t' 'NR > 1 && !/^#/ && $1 != "operation" { print $1 }' "$baseline"); do
  if ! grep -q "^$op	" "$measured"; then
    echo "instructions: $baseline names $op, which is no longer an operation: bless the baseline" >&2
    failed=1
  fi
done
exit "$failed"
