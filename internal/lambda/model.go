package lambda

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"

	"github.com/portico/portico/internal/lambdaspec"
)

// The durable records of the Lambda service (JSON values in kv.Records):
//
//	function/<name>              function (with its $LATEST configuration)
//	version/<name>/<%010d>       config of a published version
//	alias/<name>/<alias>         alias
//	policy/<name>/<qualifier>    resource policy ("" qualifier: the function)

type function struct {
	Name           string            `json:"name"`
	Latest         config            `json:"latest"`
	NextVersion    int               `json:"nextVersion"`
	Tags           map[string]string `json:"tags,omitempty"`
	Reserved       *int              `json:"reserved,omitempty"`
	RecursiveLoop  string            `json:"recursiveLoop,omitempty"`
	RuntimeUpdate  string            `json:"runtimeUpdate,omitempty"`
	RuntimeVersion string            `json:"runtimeVersionArn,omitempty"`
}

// config is one version's configuration (also $LATEST's).
type config struct {
	Version          string            `json:"version"`
	Description      string            `json:"description"`
	Role             string            `json:"role"`
	Handler          string            `json:"handler,omitempty"`
	Runtime          string            `json:"runtime,omitempty"`
	Timeout          int               `json:"timeout"`
	MemorySize       int               `json:"memorySize"`
	Environment      map[string]string `json:"environment,omitempty"`
	HasEnvironment   bool              `json:"hasEnvironment,omitempty"`
	Architectures    []string          `json:"architectures"`
	EphemeralStorage int               `json:"ephemeralStorage"`
	TracingMode      string            `json:"tracingMode"`
	CodeSha256       string            `json:"codeSha256"`
	CodeSize         int64             `json:"codeSize"`
	LastModified     string            `json:"lastModified"`
	RevisionID       string            `json:"revisionId"`
	Layers           []string          `json:"layers,omitempty"`
	DeadLetterTarget string            `json:"deadLetterTarget,omitempty"`
	KMSKeyArn        string            `json:"kmsKeyArn,omitempty"`
	Vpc              *vpcConfig        `json:"vpc,omitempty"`
	Logging          loggingConfig     `json:"logging"`
	SnapStartApplyOn string            `json:"snapStartApplyOn,omitempty"`
	FileSystems      json.RawMessage   `json:"fileSystems,omitempty"`
}

type vpcConfig struct {
	SubnetIDs        []string `json:"SubnetIds"`
	SecurityGroupIDs []string `json:"SecurityGroupIds"`
	IPv6DualStack    bool     `json:"Ipv6AllowedForDualStack"`
}

type loggingConfig struct {
	LogFormat           string `json:"LogFormat,omitempty"`
	LogGroup            string `json:"LogGroup,omitempty"`
	ApplicationLogLevel string `json:"ApplicationLogLevel,omitempty"`
	SystemLogLevel      string `json:"SystemLogLevel,omitempty"`
}

// codeID is the hex SHA-256 of the code (its directory name).
func (c *config) codeID() string {
	return hexOfBase64(c.CodeSha256)
}

// contentHash identifies what a version runs: code and configuration, not
// its identity (version, revision, time). Publishing an unchanged $LATEST
// returns the last version, and instances are replaced when it changes.
func (c *config) contentHash() string {
	x := *c
	x.Version, x.RevisionID, x.LastModified = "", "", ""
	if x.Environment != nil {
		x.Environment = maps.Clone(x.Environment)
	}
	b, _ := json.Marshal(x)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

func (c config) clone() config {
	c.Environment = maps.Clone(c.Environment)
	c.Architectures = slices.Clone(c.Architectures)
	c.Layers = slices.Clone(c.Layers)
	if c.Vpc != nil {
		v := *c.Vpc
		c.Vpc = &v
	}
	return c
}

type alias struct {
	Name            string             `json:"name"`
	FunctionVersion string             `json:"functionVersion"`
	Description     string             `json:"description"`
	Weights         map[string]float64 `json:"weights,omitempty"`
	RevisionID      string             `json:"revisionId"`
}

// fnState is a function with its versions, aliases and policies, in memory.
type fnState struct {
	fn       function
	versions map[string]*config // by version number
	aliases  map[string]*alias
	policies map[string]*lambdaspec.Policy // by qualifier ("" = unqualified)
}

func functionKey(name string) string { return "function/" + name }

func versionKey(name, v string) string {
	for len(v) < 10 {
		v = "0" + v
	}
	return "version/" + name + "/" + v
}

func aliasKey(name, a string) string { return "alias/" + name + "/" + a }

func policyKey(name, q string) string { return "policy/" + name + "/" + q }

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
