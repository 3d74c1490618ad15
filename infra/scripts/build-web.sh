#!/usr/bin/env bash
# Builds the React app in web/ with Vite into web/dist, keyed by a hash of its sources, the domain
# code it bundles (web/ imports domain/ at run time) and the lockfile: an unchanged app is reused,
# any change rebuilds (a few seconds).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="web/dist"
STAMP="$OUT/.build-key"
KEY="$( (find web domain -path web/dist -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum; sha256sum package-lock.json) | sha256sum | cut -d' ' -f1)"

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$KEY" ]]; then
  echo "web: reusing build in $OUT"
  exit 0
fi
started=$(date +%s)
npx --no-install vite build --config web/vite.config.mts --logLevel warn
echo "$KEY" > "$STAMP"
echo "web: built in $(( $(date +%s) - started ))s into $OUT"
