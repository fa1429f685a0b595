package main

import (
	"context"
	"io"
	"log/slog"

	"github.com/portico/portico/internal/gateway/server"
	"github.com/portico/portico/internal/templatecli"
)

// runExtra dispatches commands implemented in other packages; ok is false
// for an unknown command.
func runExtra(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int, ok bool) {
	switch args[0] {
	case "template":
		return templatecli.Run(ctx, args[1:], stdin, stdout, stderr), true
	}
	return 0, false
}

// mountExtras attaches optional parts (e.g. the invoke API) to srv.
func mountExtras(srv *server.Server, logger *slog.Logger) error {
	return nil
}
