// Command portico runs Portico's local AWS API Gateway.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/portico/portico/internal/app"
	"github.com/portico/portico/internal/gateway/store"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `portico: a local AWS API Gateway (REST APIs, v1).

Usage:
  portico serve [flags]     run the gateway (management API + deployed stages)
  portico template ...      render API Gateway mapping templates (see "portico template --help")
  portico version           print the version
  portico help [command]    show help

Run "portico serve --help" for the serve flags.
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-version":
		if len(args) > 1 && (args[1] == "--help" || args[1] == "-h" || args[1] == "-help") {
			fmt.Fprint(stdout, "Usage: portico version\n\nPrints portico's version.\n")
			return 0
		}
		fmt.Fprintf(stdout, "portico %s\n", getVersion())
		return 0
	case "help", "--help", "-h", "-help":
		if len(args) > 1 {
			return run(ctx, []string{args[1], "--help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	}
	if code, ok := runExtra(ctx, args, stdin, stdout, stderr); ok {
		return code
	}
	fmt.Fprintf(stderr, "portico: unknown command %q\n\n%s", args[0], usage)
	return 2
}

func getVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}

// defaultDataDir is $XDG_STATE_HOME/portico, else ~/.local/state/portico.
func defaultDataDir() string {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "portico")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "state", "portico")
	}
	return filepath.Join(os.TempDir(), "portico-state")
}

type credentialsFlag map[string]string

func (c credentialsFlag) String() string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k+":***")
	}
	return strings.Join(keys, ",")
}

func (c credentialsFlag) Set(v string) error {
	id, secret, ok := strings.Cut(v, ":")
	if !ok || id == "" || secret == "" {
		return errors.New("want ACCESS_KEY_ID:SECRET_ACCESS_KEY")
	}
	c[id] = secret
	return nil
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("portico serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:4567", "listen `address`; port 0 picks a free port (the real one is printed)")
	dataDir := fs.String("data", defaultDataDir(), "`directory` of the state database, or :memory: for an ephemeral gateway\n(default: $XDG_STATE_HOME/portico, else ~/.local/state/portico)")
	region := fs.String("region", "us-east-1", "AWS `region` the gateway pretends to be (used in ARNs)")
	logLevel := fs.String("log-level", "info", "log `level`: debug, info, warn or error (debug also writes each invoke's execution log)")
	lambdaEndpoint := fs.String("lambda-endpoint", "", "`URL` of an external Lambda-compatible Invoke API (e.g. sam local start-lambda) that AWS and AWS_PROXY\nLambda integrations call for functions portico itself does not hold")
	upstreamURL := fs.String("upstream", os.Getenv("PORTICO_UPSTREAM"), "`URL` of an AWS emulator (e.g. moto_server, LocalStack) for every service portico does not serve:\nrequests for them are forwarded there, and AWS integrations (SQS, DynamoDB, S3, ...) call it\n(default: $PORTICO_UPSTREAM)")
	creds := credentialsFlag{}
	fs.Var(creds, "credentials", "`AKID:SECRET` accepted for SigV4; repeatable. When given, every management request\nmust be signed by one of them (else AWS's 403). Without it, any signature is accepted")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: portico serve [flags]

Runs the API Gateway management API (AWS REST v1 wire protocol) and serves
deployed stages, on one loopback listener. Prints "portico listening on
http://ADDR" once ready, logs one line per request to stderr, and shuts
down cleanly on SIGINT/SIGTERM.

Flags:
`)
		fs.PrintDefaults()
	}
	// The flag package prints its own complaint and the usage while parsing;
	// hold that until we know whether it was a request for help (usage on
	// stdout, once) or a mistake (complaint and usage on stderr).
	var parseOut bytes.Buffer
	fs.SetOutput(&parseOut)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return 0
		}
		_, _ = stderr.Write(parseOut.Bytes())
		return 2
	}
	fs.SetOutput(stderr)
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "portico serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(stderr, "portico serve: invalid --log-level %q: %v\n", *logLevel, err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	if *dataDir != store.Memory {
		abs, err := filepath.Abs(*dataDir)
		if err == nil {
			*dataDir = abs
		}
	}
	// Listen first: functions are told where the gateway answers.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		hint := ""
		if errors.Is(err, syscall.EADDRINUSE) {
			hint = ": another process listens there; pick another port, or --addr 127.0.0.1:0 for a free one"
		}
		fmt.Fprintf(stderr, "portico serve: %v%s\n", err, hint)
		return 1
	}
	srv, err := app.New(app.Config{
		DataDir: *dataDir, Region: *region, Credentials: creds, LambdaEndpoint: *lambdaEndpoint, Logger: logger,
		Upstream:   *upstreamURL,
		URL:        "http://" + ln.Addr().String(),
		StoreCheck: os.Getenv("PORTICO_STORE_CHECK") == "1",
	})
	if err != nil {
		_ = ln.Close()
		fmt.Fprintf(stderr, "portico serve: %v\n", err)
		return 1
	}
	defer func() {
		if err := srv.Close(); err != nil {
			logger.Error("close", "err", err)
		}
	}()
	fmt.Fprintf(stdout, "portico listening on http://%s\n", ln.Addr())
	if f, ok := stdout.(*os.File); ok {
		_ = f.Sync()
	}
	logger.Info("serving", "addr", ln.Addr().String(), "data", *dataDir, "region", *region, "verify_signatures", len(creds) > 0,
		"upstream", srv.Upstream.URL())
	go srv.Upstream.LogCheck(ctx) // a warning when it does not answer; never holds up serving
	if err := srv.Serve(ctx, ln); err != nil {
		logger.Error("serve", "err", err)
		return 1
	}
	logger.Info("stopped")
	return 0
}
