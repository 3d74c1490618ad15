#!/usr/bin/env bash
# Builds the tools that validate the Kubernetes chart offline into .deploy/bin, once per machine:
# helm (pinned in deploy/validate/go.mod) and the strict manifest validator (deploy/validate).
# Each is keyed by a hash of what it is built from, so a version bump or a validator change
# rebuilds it and anything else reuses it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/infra/scripts/go-build.sh"
MODULE_DIR="$ROOT/deploy/validate"
BIN_DIR="$ROOT/.deploy/bin"
HELM_KEY="$(key_of "$MODULE_DIR/go.mod" "$MODULE_DIR/go.sum")"
VALIDATE_KEY="$(key_of "$MODULE_DIR/go.mod" "$MODULE_DIR/go.sum" "$MODULE_DIR"/*.go)"
tool_built() { [[ -x "$BIN_DIR/$1" ]] && built "$BIN_DIR/.$1.key" "$2"; }

if tool_built helm "$HELM_KEY" && tool_built validate "$VALIDATE_KEY"; then
  echo "deploy tools: reusing helm and validate in .deploy/bin"
  exit 0
fi

go_build_env "deploy tools"
mkdir -p "$BIN_DIR"
cd "$MODULE_DIR"
started=$(date +%s)
if ! tool_built helm "$HELM_KEY"; then
  echo "deploy tools: building the pinned helm (first time on this machine takes a few minutes)"
  go build -ldflags="-s -w" -o "$BIN_DIR/helm" helm.sh/helm/v4/cmd/helm
  echo "$HELM_KEY" > "$BIN_DIR/.helm.key"
fi
if ! tool_built validate "$VALIDATE_KEY"; then
  echo "deploy tools: building the manifest validator"
  go build -ldflags="-s -w" -o "$BIN_DIR/validate" .
  echo "$VALIDATE_KEY" > "$BIN_DIR/.validate.key"
fi
echo "deploy tools: built in $(( $(date +%s) - started ))s: $(du -sh "$BIN_DIR" | cut -f1) in .deploy/bin"
