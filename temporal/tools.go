//go:build tools

// Package tools pins the Temporal programs this project builds from Go modules:
// the server, its SQL schema tool, the CLI and the standalone Web UI server.
package tools

import (
	_ "github.com/temporalio/cli/cmd/temporal"
	_ "github.com/temporalio/ui-server/v2/cmd/server"
	_ "go.temporal.io/server/cmd/server"
	_ "go.temporal.io/server/cmd/tools/sql"
)
