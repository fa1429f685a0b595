package lambdaspec

import (
	"errors"
	"fmt"
	"strings"
)

// MsgRuntimeAndHandlerRequired is AWS's InvalidParameterValueException for a
// .zip function created without a runtime or a handler.
const MsgRuntimeAndHandlerRequired = "Runtime and Handler are mandatory parameters for functions created with deployment packages."

// HandlerMaxLen is the longest handler the API accepts.
const HandlerMaxLen = 128

// Handler is a function's handler setting taken apart for its runtime family.
type Handler struct {
	// Module is the file or module that holds the function: for Python a
	// module path ("pkg/app" or "pkg.app"), for Node.js and Ruby a file path
	// without extension ("src/index"). Empty for OS-only runtimes.
	Module string
	// Function is the name (Node.js: a dotted path) of the handler function.
	Function string
}

// ErrHandlerEmpty, ErrHandlerWhitespace and ErrHandlerTooLong are the API's
// constraints on the handler string, for every runtime.
var (
	ErrHandlerEmpty      = errors.New("handler must not be empty")
	ErrHandlerWhitespace = errors.New("handler must not contain whitespace (AWS's pattern is [^\\s]+)")
	ErrHandlerTooLong    = fmt.Errorf("handler must be at most %d characters", HandlerMaxLen)
)

// ValidateHandlerString checks the API's own constraints on a handler:
// 1..128 characters, no whitespace.
func ValidateHandlerString(h string) error {
	switch {
	case h == "":
		return ErrHandlerEmpty
	case len(h) > HandlerMaxLen:
		return ErrHandlerTooLong
	case strings.ContainsAny(h, " \t\r\n\f\v"):
		return ErrHandlerWhitespace
	}
	return nil
}

// ParseHandler takes handler apart as the runtime's interface client does,
// and returns an error a runtime would report when the function is first
// invoked (Runtime.MalformedHandlerName) as a plain description:
//
//   - python: "module.function", split at the last dot; the module may be a
//     path with slashes ("pkg/app.handler").
//   - nodejs: "path/file.function", the file is everything up to the first
//     dot after the last slash, the function the rest ("index.a.b").
//   - ruby: "file.method" or "file.Class::method", split at the first dot
//     after the last slash.
//   - java: "package.Class" or "package.Class::method".
//   - dotnet: "Assembly::Namespace.Class::Method" (or an executable
//     assembly name).
//   - provided, go: any string; the package's bootstrap (or executable) reads
//     it from _HANDLER.
//
// An unknown runtime is an UnknownRuntimeError.
func ParseHandler(runtime, handler string) (Handler, error) {
	if err := ValidateHandlerString(handler); err != nil {
		return Handler{}, err
	}
	r, ok := LookupRuntime(runtime)
	if !ok {
		return Handler{}, &UnknownRuntimeError{Runtime: runtime}
	}
	switch r.Family {
	case FamilyPython:
		i := strings.LastIndex(handler, ".")
		if i <= 0 || i == len(handler)-1 {
			return Handler{}, fmt.Errorf("handler %q for %s must be MODULE.FUNCTION (e.g. \"app.handler\" for def handler in app.py)", handler, runtime)
		}
		return Handler{Module: handler[:i], Function: handler[i+1:]}, nil
	case FamilyNode, FamilyRuby:
		dir, base := "", handler
		if i := strings.LastIndex(handler, "/"); i >= 0 {
			dir, base = handler[:i+1], handler[i+1:]
		}
		file, fn, ok := strings.Cut(base, ".")
		if !ok || file == "" || fn == "" {
			ext := "index.mjs or index.js"
			if r.Family == FamilyRuby {
				ext = "index.rb"
			}
			return Handler{}, fmt.Errorf("handler %q for %s must be FILE.FUNCTION (e.g. \"index.handler\" for handler in %s)", handler, runtime, ext)
		}
		return Handler{Module: dir + file, Function: fn}, nil
	case FamilyJava:
		class, method, hasMethod := strings.Cut(handler, "::")
		if class == "" || (hasMethod && method == "") {
			return Handler{}, fmt.Errorf("handler %q for %s must be package.Class or package.Class::method", handler, runtime)
		}
		return Handler{Module: class, Function: method}, nil
	case FamilyDotnet:
		parts := strings.Split(handler, "::")
		if len(parts) == 1 {
			return Handler{Module: handler}, nil
		}
		if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
			return Handler{}, fmt.Errorf("handler %q for %s must be Assembly::Namespace.Class::Method", handler, runtime)
		}
		return Handler{Module: parts[0] + "::" + parts[1], Function: parts[2]}, nil
	default:
		return Handler{Function: handler}, nil
	}
}
