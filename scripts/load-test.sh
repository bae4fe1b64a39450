#!/usr/bin/env bash
# The service under load on loopback (FUZZING.md, section The service under load), with wrk:
#
#   scripts/load-test.sh                 # 60 s at saturation, then 20 s overloaded
#   ICCE_LOAD_SECONDS=10 scripts/load-test.sh
#
# Phase 1, saturation: the release `icce serve` with its default limits and 64 connections
# posting the three samples (ready, incomplete, invalid: all answered 200) in turn, for
# ICCE_LOAD_SECONDS (60). Every answer must be 200, with no socket errors, and the server's RSS
# after the run within 25% + 16 MiB of its RSS after a 5 s warm-up.
# Phase 2, overload: one instance, a queue of 8 and 256 connections for ICCE_OVERLOAD_SECONDS
# (20): only 200 and the intended 503 (busy) may come back, and the server answers afterwards.
# Figures go to stdout and target/load-test.txt. Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${ICCE_LOAD_SECONDS:-60}"
overload_seconds="${ICCE_OVERLOAD_SECONDS:-20}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build -q --release -p icce-host
bin=target/release/icce
out=target/load-test.txt
mkdir -p target
: > "$out"
say() { echo "$*" | tee -a "$out"; }

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null || true' EXIT

start() {
  local log="$1"; shift
  RUST_LOG=warn "$bin" serve --addr 127.0.0.1:0 "$@" 2>"$log" &
  pid=$!
  for _ in $(seq 1 200); do
    addr=$(sed -n 's#^icce serve: listening on http://##p' "$log")
    [ -n "$addr" ] && return 0
    sleep 0.05
  done
  echo "load-test: the server did not start:" >&2; cat "$log" >&2; exit 1
}

stop() {
  kill -TERM "$pid"
  wait "$pid" || { echo "load-test: the server exited with $?" >&2; exit 1; }
  pid=""
}

samples=(samples/request-ready.json samples/request-incomplete.json samples/request-invalid.json)
fail=0

# ---- phase 1: saturation ----
start target/load-test-serve.log
url="http://$addr/v1/validateRequestOut"
wrk -t2 -c64 -d5s -s scripts/load-test.lua "$url" -- "${samples[@]}" >/dev/null   # warm-up
rss_before=$(rss_kib "$pid")
report=$(wrk -t2 -c64 -d"${seconds}s" --latency -s scripts/load-test.lua "$url" -- "${samples[@]}")
rss_after=$(rss_kib "$pid")
curl -s "http://$addr/metrics" > target/load-test-metrics.txt || true
stop
say "== phase 1: saturation, 64 connections, ${seconds} s, default limits ($(nproc) cores)"
say "$(echo "$report" | grep -E 'Requests/sec|Transfer/sec|requests in|statuses|socket errors|latency p50|Non-2xx')"
say "rss: ${rss_before} KiB after warm-up, ${rss_after} KiB after the run"
statuses=$(echo "$report" | sed -n 's/^statuses: //p')
for s in $statuses; do
  case "${s%%=*}" in 200) ;; *) say "FAIL: unexpected status ${s}"; fail=1 ;; esac
done
echo "$report" | grep -q 'socket errors: connect=0 read=0 write=0 timeout=0' || { say "FAIL: socket errors"; fail=1; }
if [ "$rss_after" -gt $(( rss_before * 5 / 4 + 16384 )) ]; then say "FAIL: memory grew"; fail=1; fi

# ---- phase 2: overload ----
start target/load-test-serve-overload.log --instances 1 --max-queue 8 --queue-timeout-ms 100
url="http://$addr/v1/validateRequestOut"
rss_before=$(rss_kib "$pid")
report=$(wrk -t2 -c256 -d"${overload_seconds}s" --latency -s scripts/load-test.lua "$url" -- "${samples[@]}")
rss_after=$(rss_kib "$pid")
after=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @samples/request-ready.json "$url")
stop
say "== phase 2: overload, 256 connections, 1 instance, queue 8, ${overload_seconds} s"
say "$(echo "$report" | grep -E 'Requests/sec|requests in|statuses|socket errors|latency p50')"
say "rss: ${rss_before} KiB at start, ${rss_after} KiB after the run; a request afterwards: ${after}"
statuses=$(echo "$report" | sed -n 's/^statuses: //p')
for s in $statuses; do
  case "${s%%=*}" in 200|503) ;; *) say "FAIL: unexpected status ${s}"; fail=1 ;; esac
done
echo "$statuses" | grep -q '503=' || { say "FAIL: overload produced no 503"; fail=1; }
[ "$after" = 200 ] || { say "FAIL: no 200 after the overload"; fail=1; }

[ "$fail" = 0 ] && say "load-test: passed" || { say "load-test: FAILED"; exit 1; }
