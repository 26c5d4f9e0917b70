#!/usr/bin/env bash
# Throughput and latency of a running `glexia serve` over loopback keep-alive,
# measured with wrk (Debian package `wrk`).
#
#   bench/server_bench.sh URL [PATH...]
#   bench/server_bench.sh http://127.0.0.1:8080 /healthz /api/v1/techniques/T1591.002
#
# Defaults: 2 threads, 64 connections, 10 s per path (override with the
# environment variables THREADS, CONNECTIONS, DURATION). With no PATH, /healthz.
# Start the server with --no-access-log (or stderr to /dev/null) so logging
# to a terminal is not what gets measured.
set -euo pipefail

if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
command -v wrk >/dev/null || { echo "server_bench: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

base_url="${1%/}"
shift
paths=("$@")
[[ ${#paths[@]} -eq 0 ]] && paths=(/healthz)
threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"
duration="${DURATION:-10s}"

# Fail early, and with a clear message, if the server is not there.
if ! curl -fsS -o /dev/null --max-time 5 "$base_url/healthz"; then
  echo "server_bench: no server answering at $base_url/healthz" >&2
  exit 1
fi

echo "wrk: $threads threads, $connections connections, $duration per path, keep-alive, against $base_url"
printf '%-48s %12s %10s %10s %10s %10s %8s\n' "path" "requests/s" "p50" "p75" "p90" "p99" "errors"
for path in "${paths[@]}"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$base_url$path" || true)
  if [[ "$status" != 2* ]]; then
    echo "server_bench: $path answers $status; measuring anyway (non-2xx are counted as errors)" >&2
  fi
  out=$(wrk --latency -t"$threads" -c"$connections" -d"$duration" "$base_url$path")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  pct() { awk -v p="$1" '$1 == p {print $2}' <<<"$out"; }
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
  sockerr=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
  errors=$(( ${non2xx:-0} + ${sockerr:-0} ))
  printf '%-48s %12s %10s %10s %10s %10s %8s\n' "$path" "$rps" "$(pct 50%)" "$(pct 75%)" "$(pct 90%)" "$(pct 99%)" "$errors"
  if [[ -n "${VERBOSE:-}" ]]; then echo "$out"; fi
done
