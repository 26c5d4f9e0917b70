#!/usr/bin/env bash
# Throughput and latency of the technique JSON endpoint over loopback
# keep-alive, measured with wrk (Debian package `wrk`).
#
#   bench/api_bench.sh [GLEXIA_BINARY] [ATTACK_DATA_DIR]
#
# Imports enterprise 18.1 into a scratch store, serves it on a random local
# port, warms the response cache, then runs wrk (2 threads, 32 connections,
# 15 s) against /api/v1/techniques/T1591.002 and, for comparison, /healthz
# (the server's floor) and an uncached-mix of every technique.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
glexia=${1:-$here/build/src/cli/glexia}
data=${2:-$here/../shared/attack-data}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

"$glexia" --db "$work/db" import "$data/enterprise-attack/enterprise-attack-18.1.json.gz" >/dev/null
port=$((20000 + RANDOM % 20000))
"$glexia" --db "$work/db" serve --listen "127.0.0.1:$port" --no-access-log 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
url="http://127.0.0.1:$port/api/v1/techniques/T1591.002"
curl -sf "$url" >/dev/null  # builds the model and fills the cache

echo "== technique JSON (cached), $url"
wrk -t2 -c32 -d15s --latency "$url" | grep -E "Requests/sec|Latency|50%|99%"
echo "== /healthz (server floor)"
wrk -t2 -c32 -d15s --latency "http://127.0.0.1:$port/healthz" | grep -E "Requests/sec|50%|99%"

# Every technique once, uncached: the cost of rendering.
ids=$(curl -sf "http://127.0.0.1:$port/api/v1/techniques?limit=1000&include_inactive=true" |
      grep -o '"stix_id":"attack-pattern--[0-9a-f-]*"' | cut -d'"' -f4)
n=$(echo "$ids" | wc -l)
start=$(date +%s.%N)
for id in $ids; do printf 'url = "http://127.0.0.1:%s/api/v1/techniques/%s"\noutput = "/dev/null"\n' "$port" "$id"; done >"$work/urls"
curl -s --parallel --parallel-max 8 -K "$work/urls" 2>/dev/null
end=$(date +%s.%N)
echo "== $n technique documents rendered uncached via curl in $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b-a}') s"
