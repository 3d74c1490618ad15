#!/usr/bin/env bash
# Builds the Temporal server, its SQL schema tool, the CLI and the Web UI server from the
# Go modules pinned in temporal/go.mod into .temporal/bin, once per machine: the build is
# keyed by a hash of go.mod + go.sum, so a version bump rebuilds and anything else reuses it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/infra/scripts/go-build.sh"
MODULE_DIR="$ROOT/temporal"
BIN_DIR="$ROOT/.temporal/bin"
STAMP="$BIN_DIR/.build-key"
KEY="$(key_of "$MODULE_DIR/go.mod" "$MODULE_DIR/go.sum")"

if built "$STAMP" "$KEY"; then
  echo "temporal: reusing build in .temporal/bin"
  exit 0
fi

go_build_env temporal
mkdir -p "$BIN_DIR"
cd "$MODULE_DIR"
started=$(date +%s)
echo "temporal: building pinned Temporal binaries (first time on this machine takes a few minutes)"
go build -ldflags="-s -w" -o "$BIN_DIR/temporal-server" go.temporal.io/server/cmd/server
go build -ldflags="-s -w" -o "$BIN_DIR/temporal-sql-tool" go.temporal.io/server/cmd/tools/sql
go build -ldflags="-s -w" -o "$BIN_DIR/temporal" github.com/temporalio/cli/cmd/temporal
go build -ldflags="-s -w" -o "$BIN_DIR/temporal-ui-server" github.com/temporalio/ui-server/v2/cmd/server
echo "$KEY" > "$STAMP"
echo "temporal: built in $(( $(date +%s) - started ))s: $(du -sh "$BIN_DIR" | cut -f1) in .temporal/bin"
