#!/usr/bin/env bash
# Builds the Temporal server, its SQL schema tool, the CLI and the Web UI server from the
# Go modules pinned in temporal/go.mod into .temporal/bin, once per machine: the build is
# keyed by a hash of go.mod + go.sum, so a version bump rebuilds and anything else reuses it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODULE_DIR="$ROOT/temporal"
BIN_DIR="$ROOT/.temporal/bin"
STAMP="$BIN_DIR/.build-key"
KEY="$(cat "$MODULE_DIR/go.mod" "$MODULE_DIR/go.sum" | sha256sum | cut -d' ' -f1)"

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$KEY" ]]; then
  echo "temporal: reusing build in .temporal/bin"
  exit 0
fi

command -v go >/dev/null || { echo "temporal: Go is required to build the Temporal server" >&2; exit 1; }

mkdir -p "$BIN_DIR"
export GOTOOLCHAIN=local GOFLAGS="-trimpath -mod=readonly" CGO_ENABLED=0
cd "$MODULE_DIR"
started=$(date +%s)
echo "temporal: building pinned Temporal binaries (first time on this machine takes a few minutes)"
go build -ldflags="-s -w" -o "$BIN_DIR/temporal-server" go.temporal.io/server/cmd/server
go build -ldflags="-s -w" -o "$BIN_DIR/temporal-sql-tool" go.temporal.io/server/cmd/tools/sql
go build -ldflags="-s -w" -o "$BIN_DIR/temporal" github.com/temporalio/cli/cmd/temporal
go build -ldflags="-s -w" -o "$BIN_DIR/temporal-ui-server" github.com/temporalio/ui-server/v2/cmd/server
echo "$KEY" > "$STAMP"
echo "temporal: built in $(( $(date +%s) - started ))s: $(du -sh "$BIN_DIR" | cut -f1) in .temporal/bin"
