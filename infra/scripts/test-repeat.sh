#!/usr/bin/env bash
# Catches flaky tests: runs what CI runs (.ci/run) on fresh clones of the committed HEAD, N times in
# a row, and prints one line per run (result, seconds, Jest's pass/fail count). Stops at the first
# red run unless KEEP_GOING=1. Logs stay in the printed folder.
#   npm run test:repeat -- 5        five runs
#   LOAD_CMD='node --import tsx bench/intake/run.ts --tickets 2000' npm run test:repeat -- 2
#                                   two runs while LOAD_CMD (run from this checkout against a
#                                   running `npm start`) loads the machine
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "usage: npm run test:repeat -- <runs>" >&2; exit 2; }
WORK="$(mktemp -d /tmp/helpdesk-test-repeat.XXXXXX)"
echo "test:repeat: $RUNS run(s) of .ci/run on fresh clones of $(git -C "$ROOT" rev-parse --short HEAD); logs in $WORK"

load_pid=""
if [[ -n "${LOAD_CMD:-}" ]]; then
  (cd "$ROOT" && exec setsid bash -c 'while true; do bash -c "$0"; done' "$LOAD_CMD" >>"$WORK/load.log" 2>&1) &
  load_pid=$!
  trap 'kill -- -"$load_pid" 2>/dev/null' EXIT
  echo "test:repeat: load running: $LOAD_CMD"
fi

failed=0
for i in $(seq "$RUNS"); do
  clone="$WORK/clone-$i"
  git clone -q "$ROOT" "$clone"
  started=$(date +%s)
  if (cd "$clone" && .ci/run) >"$WORK/run-$i.log" 2>&1; then result=green; else result=RED; failed=$((failed + 1)); fi
  summary="$(grep -E '^jest: ' "$WORK/run-$i.log" | tail -1)"
  echo "run $i: $result in $(($(date +%s) - started)) s; ${summary:-no jest summary (see run-$i.log)}"
  rm -rf "$clone"
  [[ $result == green || "${KEEP_GOING:-0}" == 1 ]] || break
done
[[ $failed -eq 0 ]]
