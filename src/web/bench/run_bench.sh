#!/usr/bin/env bash
# HTML technique page throughput and latency with wrk over loopback keep-alive.
#   src/web/bench/run_bench.sh BASE_URL BUNDLE.json.gz [RELEASE] [DOMAIN]
# Lists every technique of the bundle (python3 reads the raw JSON), warms each page once,
# then runs wrk (2 threads, 32 connections, 15 s) cycling over all of them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base="${1:?BASE_URL}"; bundle="${2:?BUNDLE}"; release="${3:-18.1}"; domain="${4:-enterprise-attack}"
paths="$(mktemp)"
python3 - "$bundle" "$release" "$domain" > "$paths" <<'PY'
import gzip, json, sys
b = json.load(gzip.open(sys.argv[1]) if sys.argv[1].endswith('.gz') else open(sys.argv[1]))
for o in b['objects']:
    if o.get('type') == 'attack-pattern' and not o.get('revoked'):
        for r in o.get('external_references', []):
            if r.get('source_name', '').startswith('mitre'):
                print(f"/techniques/{r['external_id']}?release={sys.argv[2]}&domain={sys.argv[3]}")
                break
PY
echo "pages: $(wc -l < "$paths")"
start=$(date +%s.%N)
while read -r p; do curl -s -o /dev/null "$base$p"; done < "$paths"
echo "cold render of every page (sequential curl): $(echo "$(date +%s.%N) - $start" | bc) s"
GLEXIA_BENCH_PATHS="$paths" wrk -t2 -c32 -d15s --latency -s "$here/pages.lua" "$base"
rm -f "$paths"
