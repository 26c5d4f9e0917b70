#!/usr/bin/env bash
# Browser tests: tests/e2e/run.sh GLEXIA_BINARY SCRATCH_DIR
# Imports enterprise 17.1 and 18.1 into a scratch store, installs playwright-core
# from the lockfile if needed, and runs the node tests against `glexia serve`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
binary="$(realpath "${1:?usage: run.sh GLEXIA_BINARY SCRATCH_DIR}")"
scratch="${2:?usage: run.sh GLEXIA_BINARY SCRATCH_DIR}"
data="${GLEXIA_ATTACK_DATA:-$here/../../../shared/attack-data}"
mkdir -p "$scratch"
scratch="$(realpath "$scratch")"

if [[ ! -x /usr/bin/chromium ]]; then
  echo "e2e: /usr/bin/chromium is missing (apt-get install chromium)" >&2
  exit 1
fi
if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

db="$scratch/e2e.db"
rm -f "$db" "$db-wal" "$db-shm"
"$binary" --db "$db" import "$data/enterprise-attack/enterprise-attack-17.1.json.gz" \
  "$data/enterprise-attack/enterprise-attack-18.1.json.gz" >/dev/null

export GLEXIA_BINARY="$binary" GLEXIA_DB="$db" E2E_ARTIFACTS="${E2E_ARTIFACTS:-$here/artifacts}"
cd "$here"
exec node --test --test-concurrency=1 web.test.mjs
