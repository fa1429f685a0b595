package lambdaspec

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Runtime families: how a runtime runs a function's code.
const (
	FamilyNode     = "nodejs"
	FamilyPython   = "python"
	FamilyJava     = "java"
	FamilyDotnet   = "dotnet"
	FamilyRuby     = "ruby"
	FamilyGo       = "go"
	FamilyProvided = "provided" // OS-only runtimes: the package's bootstrap executable
)

// Runtime is one Lambda runtime identifier and its lifecycle. Zero dates mean
// "not scheduled".
type Runtime struct {
	ID     string
	Family string
	// Deprecated is the date Lambda stops supporting the runtime.
	Deprecated time.Time
	// BlockCreate is the first day CreateFunction refuses the runtime.
	BlockCreate time.Time
	// BlockUpdate is the first day UpdateFunctionConfiguration and
	// UpdateFunctionCode refuse the runtime.
	BlockUpdate time.Time
	// Successor is the runtime AWS recommends in its refusal, if it names one.
	Successor string
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// runtimes is every identifier of the Lambda API's Runtime enum
// (aws-sdk-go-v2 service/lambda types.Runtime, in its order), with the
// deprecation schedule AWS publishes in "Lambda runtimes" (the dates as
// cfn-lint's LmbdRuntimeLifecycle.json records them).
var runtimes = []Runtime{
	{ID: "nodejs", Family: FamilyNode, Deprecated: day("2016-10-31"), BlockCreate: day("2016-10-31"), BlockUpdate: day("2016-10-31")},
	{ID: "nodejs4.3", Family: FamilyNode, Deprecated: day("2020-03-05"), BlockCreate: day("2020-03-05"), BlockUpdate: day("2020-03-05")},
	{ID: "nodejs6.10", Family: FamilyNode, Deprecated: day("2019-08-12"), BlockCreate: day("2019-08-12"), BlockUpdate: day("2019-08-12")},
	{ID: "nodejs8.10", Family: FamilyNode, Deprecated: day("2020-03-06"), BlockCreate: day("2020-03-06"), BlockUpdate: day("2020-03-06")},
	{ID: "nodejs10.x", Family: FamilyNode, Deprecated: day("2021-07-30"), BlockCreate: day("2021-07-30"), BlockUpdate: day("2022-02-14")},
	{ID: "nodejs12.x", Family: FamilyNode, Deprecated: day("2023-03-31"), BlockCreate: day("2023-03-31"), BlockUpdate: day("2023-04-30")},
	{ID: "nodejs14.x", Family: FamilyNode, Deprecated: day("2023-12-04"), BlockCreate: day("2024-07-09"), BlockUpdate: day("2025-11-01")},
	{ID: "nodejs16.x", Family: FamilyNode, Deprecated: day("2024-06-12"), BlockCreate: day("2025-10-01"), BlockUpdate: day("2025-11-01")},
	{ID: "nodejs18.x", Family: FamilyNode, Deprecated: day("2025-09-01"), BlockCreate: day("2025-10-01"), BlockUpdate: day("2025-11-01")},
	{ID: "nodejs20.x", Family: FamilyNode, Deprecated: day("2026-04-30")},
	{ID: "nodejs22.x", Family: FamilyNode, Deprecated: day("2027-04-30")},
	{ID: "nodejs24.x", Family: FamilyNode, Deprecated: day("2028-04-30")},
	{ID: "java8", Family: FamilyJava, Deprecated: day("2024-01-08"), BlockCreate: day("2024-02-08"), BlockUpdate: day("2025-11-01")},
	{ID: "java8.al2", Family: FamilyJava, Deprecated: day("2026-06-30")},
	{ID: "java11", Family: FamilyJava, Deprecated: day("2026-06-30")},
	{ID: "java17", Family: FamilyJava, Deprecated: day("2026-06-30")},
	{ID: "java21", Family: FamilyJava, Deprecated: day("2029-06-30")},
	{ID: "java25", Family: FamilyJava, Deprecated: day("2029-06-30")},
	{ID: "python2.7", Family: FamilyPython, Deprecated: day("2021-07-15"), BlockCreate: day("2021-07-15"), BlockUpdate: day("2022-05-30")},
	{ID: "python3.6", Family: FamilyPython, Deprecated: day("2022-07-18"), BlockCreate: day("2022-07-18"), BlockUpdate: day("2022-08-29")},
	{ID: "python3.7", Family: FamilyPython, Deprecated: day("2023-12-04"), BlockCreate: day("2024-01-09"), BlockUpdate: day("2025-11-01")},
	{ID: "python3.8", Family: FamilyPython, Deprecated: day("2024-10-14"), BlockCreate: day("2025-10-01"), BlockUpdate: day("2025-11-01")},
	{ID: "python3.9", Family: FamilyPython, Deprecated: day("2025-12-15")},
	{ID: "python3.10", Family: FamilyPython, Deprecated: day("2026-06-30")},
	{ID: "python3.11", Family: FamilyPython, Deprecated: day("2026-06-30")},
	{ID: "python3.12", Family: FamilyPython, Deprecated: day("2028-10-31")},
	{ID: "python3.13", Family: FamilyPython, Deprecated: day("2029-06-30")},
	{ID: "python3.14", Family: FamilyPython, Deprecated: day("2029-06-30")},
	{ID: "dotnetcore1.0", Family: FamilyDotnet, Deprecated: day("2019-06-27"), BlockCreate: day("2019-07-30"), BlockUpdate: day("2019-07-30")},
	{ID: "dotnetcore2.0", Family: FamilyDotnet, Deprecated: day("2019-05-30"), BlockCreate: day("2019-05-30"), BlockUpdate: day("2019-05-30")},
	{ID: "dotnetcore2.1", Family: FamilyDotnet, Deprecated: day("2022-01-05"), BlockCreate: day("2022-01-05"), BlockUpdate: day("2022-04-13")},
	{ID: "dotnetcore3.1", Family: FamilyDotnet, Deprecated: day("2023-04-03"), BlockCreate: day("2023-04-03"), BlockUpdate: day("2023-05-03")},
	{ID: "dotnet6", Family: FamilyDotnet, Deprecated: day("2024-11-12"), BlockCreate: day("2025-10-01"), BlockUpdate: day("2025-11-01")},
	{ID: "dotnet8", Family: FamilyDotnet, Deprecated: day("2026-11-10")},
	{ID: "dotnet10", Family: FamilyDotnet, Deprecated: day("2028-11-14")},
	{ID: "nodejs4.3-edge", Family: FamilyNode, Deprecated: day("2020-03-05"), BlockCreate: day("2019-04-30"), BlockUpdate: day("2019-04-30")},
	{ID: "go1.x", Family: FamilyGo, Deprecated: day("2024-01-08"), BlockCreate: day("2024-02-08"), BlockUpdate: day("2025-11-01"), Successor: "provided.al2023"},
	{ID: "ruby2.5", Family: FamilyRuby, Deprecated: day("2021-07-30"), BlockCreate: day("2021-07-30"), BlockUpdate: day("2022-03-31")},
	{ID: "ruby2.7", Family: FamilyRuby, Deprecated: day("2023-12-07"), BlockCreate: day("2024-01-09"), BlockUpdate: day("2025-11-01")},
	{ID: "ruby3.2", Family: FamilyRuby, Deprecated: day("2026-03-31")},
	{ID: "ruby3.3", Family: FamilyRuby, Deprecated: day("2027-03-31")},
	{ID: "ruby3.4", Family: FamilyRuby, Deprecated: day("2028-03-31")},
	{ID: "ruby4.0", Family: FamilyRuby},
	{ID: "provided", Family: FamilyProvided, Deprecated: day("2024-01-08"), BlockCreate: day("2024-02-08"), BlockUpdate: day("2025-11-01"), Successor: "provided.al2023"},
	{ID: "provided.al2", Family: FamilyProvided, Deprecated: day("2026-06-30")},
	{ID: "provided.al2023", Family: FamilyProvided, Deprecated: day("2029-06-30")},
	{ID: "nodejs26.x", Family: FamilyNode},
	{ID: "python3.15", Family: FamilyPython},
	{ID: "java8.al2023", Family: FamilyJava},
	{ID: "java11.al2023", Family: FamilyJava},
	{ID: "java17.al2023", Family: FamilyJava},
}

// RuntimeIDs returns every runtime identifier the Lambda API's enum has, in
// the enum's order (the order of AWS's "Member must satisfy enum value set"
// message).
func RuntimeIDs() []string {
	ids := make([]string, len(runtimes))
	for i, r := range runtimes {
		ids[i] = r.ID
	}
	return ids
}

// LookupRuntime returns the runtime with identifier id.
func LookupRuntime(id string) (Runtime, bool) {
	i := slices.IndexFunc(runtimes, func(r Runtime) bool { return r.ID == id })
	if i < 0 {
		return Runtime{}, false
	}
	return runtimes[i], true
}

// CreateBlocked reports whether CreateFunction refuses the runtime at now.
func (r Runtime) CreateBlocked(now time.Time) bool {
	return !r.BlockCreate.IsZero() && !now.Before(r.BlockCreate)
}

// UpdateBlocked reports whether updates of a function refuse the runtime at now.
func (r Runtime) UpdateBlocked(now time.Time) bool {
	return !r.BlockUpdate.IsZero() && !now.Before(r.BlockUpdate)
}

// DeprecatedAt reports whether the runtime is past its deprecation date at now.
func (r Runtime) DeprecatedAt(now time.Time) bool {
	return !r.Deprecated.IsZero() && !now.Before(r.Deprecated)
}

// UnknownRuntimeError is a runtime identifier outside the Lambda API's enum.
// Its message is the constraint AWS's ValidationException states.
type UnknownRuntimeError struct{ Runtime string }

func (e *UnknownRuntimeError) Error() string {
	return fmt.Sprintf("Value '%s' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [%s]",
		e.Runtime, strings.Join(RuntimeIDs(), ", "))
}

// BlockedRuntimeError is a known runtime that AWS no longer accepts for
// creating (or updating) functions. Its message is AWS's
// InvalidParameterValueException text.
type BlockedRuntimeError struct {
	Runtime   string
	Successor string
}

func (e *BlockedRuntimeError) Error() string {
	rec := "a supported runtime"
	if e.Successor != "" {
		rec = "the new runtime (" + e.Successor + ")"
	}
	return fmt.Sprintf("The runtime parameter of %s is no longer supported for creating or updating AWS Lambda functions. We recommend you use %s while creating or updating functions.", e.Runtime, rec)
}

// ValidateRuntime checks that id is a Lambda runtime identifier.
func ValidateRuntime(id string) error {
	if _, ok := LookupRuntime(id); !ok {
		return &UnknownRuntimeError{Runtime: id}
	}
	return nil
}

// ValidateRuntimeForCreate checks that CreateFunction accepts runtime id at now.
func ValidateRuntimeForCreate(id string, now time.Time) error {
	r, ok := LookupRuntime(id)
	if !ok {
		return &UnknownRuntimeError{Runtime: id}
	}
	if r.CreateBlocked(now) {
		return &BlockedRuntimeError{Runtime: id, Successor: r.Successor}
	}
	return nil
}

// ValidateRuntimeForUpdate checks that an update of a function accepts
// runtime id at now.
func ValidateRuntimeForUpdate(id string, now time.Time) error {
	r, ok := LookupRuntime(id)
	if !ok {
		return &UnknownRuntimeError{Runtime: id}
	}
	if r.UpdateBlocked(now) {
		return &BlockedRuntimeError{Runtime: id, Successor: r.Successor}
	}
	return nil
}
