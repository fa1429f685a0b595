package main

import (
	"context"
	"io"

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
