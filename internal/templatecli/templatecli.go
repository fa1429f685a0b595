// Package templatecli implements `portico template render|check`: run API
// Gateway mapping templates (Velocity) locally, or check their syntax.
package templatecli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/portico/portico/internal/vtl"
)

const usage = `Usage:
  portico template render --template FILE [--body FILE|-] [--header K=V]...
                          [--query K=V]... [--path K=V]... [--stage-var K=V]...
                          [--context K=V]...
  portico template check FILE...

render  renders an API Gateway mapping template (Velocity 1.7 with $input,
        $util, $context, $stageVariables) and prints the result. Without
        --body the request body is empty ($input reads it as {}); "--body -"
        reads it from standard input. K=V splits at the first '=', header
        names are kept as given, repeated --query/--header add values (the
        first one is what $input.params() sees), and --context a.b=v sets
        nested values ($context.a.b). Overrides the template sets on
        $context.requestOverride / responseOverride are reported on stderr.
check   parses each FILE and reports syntax errors as FILE:LINE:COL: message.

Exit status: 0 on success, 1 on a template error, 2 on a usage error.
`

// Run executes the template subcommand; args exclude the word "template".
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "render":
		return render(ctx, args[1:], stdin, stdout, stderr)
	case "check":
		return check(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "portico template: unknown subcommand %q\n\n%s", args[0], usage)
	return 2
}

type kvList []string

func (k *kvList) String() string     { return strings.Join(*k, ",") }
func (k *kvList) Set(v string) error { *k = append(*k, v); return nil }

func splitKV(flagName, s string) (string, string, error) {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return "", "", fmt.Errorf("--%s %q: expected K=V", flagName, s)
	}
	return k, v, nil
}

func render(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("portico template render", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var (
		tplFile, bodyFile                       string
		headers, query, path, stageVars, ctxKVs kvList
	)
	fs.StringVar(&tplFile, "template", "", "template file")
	fs.StringVar(&bodyFile, "body", "", "request body file, or - for stdin")
	fs.Var(&headers, "header", "header K=V")
	fs.Var(&query, "query", "query string parameter K=V")
	fs.Var(&path, "path", "path parameter K=V")
	fs.Var(&stageVars, "stage-var", "stage variable K=V")
	fs.Var(&ctxKVs, "context", "$context value K=V (dotted keys nest)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "portico template render: %v\n\n%s", err, usage)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "portico template render: unexpected argument %q\n\n%s", fs.Arg(0), usage)
		return 2
	}
	if tplFile == "" {
		fmt.Fprintf(stderr, "portico template render: --template FILE is required\n\n%s", usage)
		return 2
	}
	in := vtl.MappingInput{
		PathParams:     map[string]string{},
		QueryParams:    map[string][]string{},
		Headers:        map[string][]string{},
		StageVariables: map[string]string{},
		Context:        map[string]any{},
	}
	for _, kv := range headers {
		k, v, err := splitKV("header", kv)
		if err != nil {
			return usageErr(stderr, err)
		}
		in.Headers[k] = append(in.Headers[k], v)
	}
	for _, kv := range query {
		k, v, err := splitKV("query", kv)
		if err != nil {
			return usageErr(stderr, err)
		}
		in.QueryParams[k] = append(in.QueryParams[k], v)
	}
	for _, kv := range path {
		k, v, err := splitKV("path", kv)
		if err != nil {
			return usageErr(stderr, err)
		}
		in.PathParams[k] = v
	}
	for _, kv := range stageVars {
		k, v, err := splitKV("stage-var", kv)
		if err != nil {
			return usageErr(stderr, err)
		}
		in.StageVariables[k] = v
	}
	for _, kv := range ctxKVs {
		k, v, err := splitKV("context", kv)
		if err != nil {
			return usageErr(stderr, err)
		}
		if err := setNested(in.Context, strings.Split(k, "."), v); err != nil {
			return usageErr(stderr, fmt.Errorf("--context %q: %v", kv, err))
		}
	}
	src, err := os.ReadFile(tplFile)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", tplFile, err)
		return 1
	}
	switch bodyFile {
	case "":
	case "-":
		b, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "reading body from stdin: %v\n", err)
			return 1
		}
		in.Body = b
	default:
		b, err := os.ReadFile(bodyFile)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", bodyFile, err)
			return 1
		}
		in.Body = b
	}
	t, err := vtl.Parse(string(src))
	if err != nil {
		fmt.Fprintf(stderr, "%s:%v\n", tplFile, err)
		return 1
	}
	out, err := vtl.RenderMapping(ctx, t, in)
	if err != nil {
		var re *vtl.RenderError
		if errors.As(err, &re) && re.Line > 0 {
			fmt.Fprintf(stderr, "%s:%v\n", tplFile, err)
		} else {
			fmt.Fprintf(stderr, "%s: %v\n", tplFile, err)
		}
		return 1
	}
	if _, err := io.WriteString(stdout, out.Body); err != nil {
		return 1
	}
	reportOverrides(stderr, out)
	return 0
}

func usageErr(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "portico template render: %v\n", err)
	return 2
}

func setNested(m map[string]any, keys []string, v string) error {
	for i, k := range keys {
		if k == "" {
			return fmt.Errorf("empty key segment")
		}
		if i == len(keys)-1 {
			if _, isMap := m[k].(map[string]any); isMap {
				return fmt.Errorf("%s already holds nested values", k)
			}
			m[k] = v
			return nil
		}
		next, ok := m[k].(map[string]any)
		if !ok {
			if _, exists := m[k]; exists {
				return fmt.Errorf("%s is already a value", k)
			}
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	return nil
}

func reportOverrides(w io.Writer, out vtl.MappingOutput) {
	emit := func(prefix string, m map[string]string) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "# %s.%s = %s\n", prefix, k, m[k])
		}
	}
	emit("requestOverride.header", out.RequestOverride.Header)
	emit("requestOverride.querystring", out.RequestOverride.Querystring)
	emit("requestOverride.path", out.RequestOverride.Path)
	if out.ResponseOverride.Status != 0 {
		fmt.Fprintf(w, "# responseOverride.status = %d\n", out.ResponseOverride.Status)
	}
	emit("responseOverride.header", out.ResponseOverride.Header)
}

func check(files []string, stdout, stderr io.Writer) int {
	if len(files) == 0 {
		fmt.Fprintf(stderr, "portico template check: no files given\n\n%s", usage)
		return 2
	}
	status := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", f, err)
			status = 1
			continue
		}
		if _, err := vtl.Parse(string(src)); err != nil {
			fmt.Fprintf(stderr, "%s:%v\n", f, err)
			status = 1
			continue
		}
		fmt.Fprintf(stdout, "%s: ok\n", f)
	}
	return status
}
