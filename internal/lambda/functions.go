package lambda

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/portico/portico/internal/lambdaspec"
)

// validRuntimes is the runtime list of CreateFunction's
// InvalidParameterValueException, in the order AWS's answer gives it
// (LocalStack's recorded test_create_lambda_exceptions snapshot).
const validRuntimes = "[nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java17, nodejs16.x, java25, dotnet8, python3.10, java11, python3.11, dotnet6, java21, nodejs18.x, provided.al2, ruby3.3, ruby3.4, java8.al2, ruby3.2, python3.8, python3.9]"

// settings are the configuration members CreateFunction and
// UpdateFunctionConfiguration share; nil means "not given".
type settings struct {
	Runtime          *string                      `json:"Runtime"`
	Role             *string                      `json:"Role"`
	Handler          *string                      `json:"Handler"`
	Description      *string                      `json:"Description"`
	Timeout          *int                         `json:"Timeout"`
	MemorySize       *int                         `json:"MemorySize"`
	VpcConfig        *vpcConfig                   `json:"VpcConfig"`
	DeadLetterConfig *struct{ TargetArn *string } `json:"DeadLetterConfig"`
	Environment      *struct {
		Variables map[string]string
	} `json:"Environment"`
	KMSKeyArn         *string                   `json:"KMSKeyArn"`
	TracingConfig     *struct{ Mode string }    `json:"TracingConfig"`
	Layers            *[]string                 `json:"Layers"`
	FileSystemConfigs json.RawMessage           `json:"FileSystemConfigs"`
	EphemeralStorage  *struct{ Size int }       `json:"EphemeralStorage"`
	SnapStart         *struct{ ApplyOn string } `json:"SnapStart"`
	LoggingConfig     *loggingConfig            `json:"LoggingConfig"`
	ImageConfig       json.RawMessage           `json:"ImageConfig"`
	RevisionID        string                    `json:"RevisionId"`
}

type createInput struct {
	settings
	FunctionName string
	Code         struct {
		ZipFile         []byte
		S3Bucket        string
		S3Key           string
		S3ObjectVersion string
		ImageUri        string
	}
	Publish              bool
	PackageType          string
	Tags                 map[string]string
	Architectures        []string
	CodeSigningConfigArn string
}

// apply validates s and writes it onto c.
func (s *Service) apply(in *settings, c *config, create bool) *Error {
	if in.Role != nil {
		if !rolePattern.MatchString(*in.Role) {
			return validation(*in.Role, "role", `Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`)
		}
		c.Role = *in.Role
	}
	if in.Runtime != nil {
		rt, ok := lambdaspec.LookupRuntime(*in.Runtime)
		if !ok {
			return invalidParam("Value %s at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: %s or be a valid ARN", *in.Runtime, validRuntimes)
		}
		now := time.Now()
		if (create && rt.CreateBlocked(now)) || (!create && rt.UpdateBlocked(now)) {
			return invalidParam("%s", (&lambdaspec.BlockedRuntimeError{Runtime: rt.ID, Successor: rt.Successor}).Error())
		}
		c.Runtime = *in.Runtime
	}
	if in.Handler != nil {
		if len(*in.Handler) > 128 {
			return validation(*in.Handler, "handler", "Member must have length less than or equal to 128")
		}
		if strings.ContainsAny(*in.Handler, " \t\r\n") {
			return validation(*in.Handler, "handler", `Member must satisfy regular expression pattern: [^\s]+`)
		}
		c.Handler = *in.Handler
	}
	if in.Description != nil {
		if len(*in.Description) > 256 {
			return validation(*in.Description, "description", "Member must have length less than or equal to 256")
		}
		c.Description = *in.Description
	}
	if in.Timeout != nil {
		switch {
		case *in.Timeout < 1:
			return validation(*in.Timeout, "timeout", "Member must have value greater than or equal to 1")
		case *in.Timeout > 900:
			return validation(*in.Timeout, "timeout", "Member must have value less than or equal to 900")
		}
		c.Timeout = *in.Timeout
	}
	if in.MemorySize != nil {
		switch {
		case *in.MemorySize < 128:
			return validation(*in.MemorySize, "memorySize", "Member must have value greater than or equal to 128")
		case *in.MemorySize > 10240:
			return validation(*in.MemorySize, "memorySize", "Member must have value less than or equal to 10240")
		}
		c.MemorySize = *in.MemorySize
	}
	if in.Environment != nil {
		vars := in.Environment.Variables
		if used := lambdaspec.ReservedKeysIn(vars); len(used) > 0 {
			return invalidParam("%s", (&lambdaspec.ReservedKeysError{Keys: used}).Error())
		}
		if b, _ := json.Marshal(vars); len(b) > lambdaspec.EnvironmentMaxBytes {
			return invalidParam("Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: %s", b)
		}
		if vars == nil {
			vars = map[string]string{}
		}
		c.Environment = vars
		c.HasEnvironment = true
	}
	if in.VpcConfig != nil {
		if len(in.VpcConfig.SubnetIDs) == 0 && len(in.VpcConfig.SecurityGroupIDs) == 0 {
			c.Vpc = nil
		} else {
			v := *in.VpcConfig
			c.Vpc = &v
		}
	}
	if in.DeadLetterConfig != nil {
		c.DeadLetterTarget = ""
		if in.DeadLetterConfig.TargetArn != nil {
			c.DeadLetterTarget = *in.DeadLetterConfig.TargetArn
		}
	}
	if in.KMSKeyArn != nil {
		c.KMSKeyArn = *in.KMSKeyArn
	}
	if in.TracingConfig != nil && in.TracingConfig.Mode != "" {
		if in.TracingConfig.Mode != "Active" && in.TracingConfig.Mode != "PassThrough" {
			return validation(in.TracingConfig.Mode, "tracingConfig.mode", "Member must satisfy enum value set: [Active, PassThrough]")
		}
		c.TracingMode = in.TracingConfig.Mode
	}
	if in.Layers != nil {
		if len(*in.Layers) > 5 {
			return invalidParam("Cannot reference more than 5 layers.")
		}
		c.Layers = slices.Clone(*in.Layers)
	}
	if in.FileSystemConfigs != nil {
		c.FileSystems = in.FileSystemConfigs
		if string(in.FileSystemConfigs) == "[]" || string(in.FileSystemConfigs) == "null" {
			c.FileSystems = nil
		}
	}
	if in.EphemeralStorage != nil {
		switch size := in.EphemeralStorage.Size; {
		case size < 512:
			return validation(size, "ephemeralStorage.size", "Member must have value greater than or equal to 512")
		case size > 10240:
			return validation(size, "ephemeralStorage.size", "Member must have value less than or equal to 10240")
		}
		c.EphemeralStorage = in.EphemeralStorage.Size
	}
	if in.SnapStart != nil {
		switch in.SnapStart.ApplyOn {
		case "None", "PublishedVersions", "":
			c.SnapStartApplyOn = in.SnapStart.ApplyOn
		default:
			return validation(in.SnapStart.ApplyOn, "snapStart.applyOn", "Member must satisfy enum value set: [PublishedVersions, None]")
		}
	}
	if in.LoggingConfig != nil {
		lc := *in.LoggingConfig
		if lc.LogFormat == "" {
			lc.LogFormat = c.Logging.LogFormat
		}
		if lc.LogGroup == "" {
			lc.LogGroup = c.Logging.LogGroup
		}
		switch lc.LogFormat {
		case "Text":
			lc.ApplicationLogLevel, lc.SystemLogLevel = "", ""
		case "JSON":
			if lc.ApplicationLogLevel == "" {
				lc.ApplicationLogLevel = "INFO"
			}
			if lc.SystemLogLevel == "" {
				lc.SystemLogLevel = "INFO"
			}
		}
		c.Logging = lc
	}
	return nil
}

func (s *Service) createFunction(r *http.Request) (int, any, *Error) {
	var in createInput
	if e := decode(r, &in, maxZipBody, "CreateFunction"); e != nil {
		return 0, nil, e
	}
	if lambdaspec.ValidateFunctionName(in.FunctionName) != nil {
		rf, e := parseRef(in.FunctionName, "functionName")
		if e != nil {
			return 0, nil, e
		}
		in.FunctionName = rf.name
	}
	if in.PackageType == "Image" || in.Code.ImageUri != "" {
		return 0, nil, invalidParam("portico serve does not run container images (PackageType Image); deploy the function as a .zip package (ZipFile)")
	}
	if in.PackageType != "" && in.PackageType != "Zip" {
		return 0, nil, validation(in.PackageType, "packageType", "Member must satisfy enum value set: [Zip, Image]")
	}
	if in.Role == nil {
		return 0, nil, validation(nil, "role", "Member must not be null")
	}
	if in.Runtime == nil || *in.Runtime == "" || in.Handler == nil || *in.Handler == "" {
		return 0, nil, invalidParam("%s", lambdaspec.MsgRuntimeAndHandlerRequired)
	}
	arch, e := architectures(in.Architectures)
	if e != nil {
		return 0, nil, e
	}
	c := config{
		Version: lambdaspec.LatestVersion, Timeout: lambdaspec.TimeoutDefault, MemorySize: lambdaspec.MemoryDefault,
		Architectures: arch, EphemeralStorage: lambdaspec.EphemeralStorageDflt,
		TracingMode: "PassThrough",
		Logging:     loggingConfig{LogFormat: "Text", LogGroup: "/aws/lambda/" + in.FunctionName},
	}
	if e := s.apply(&in.settings, &c, true); e != nil {
		return 0, nil, e
	}
	if len(in.Tags) > 50 {
		return 0, nil, invalidParam("Number of tags exceeds function tag limit.")
	}
	switch {
	case len(in.Code.ZipFile) > 0:
	case in.Code.S3Bucket != "" || in.Code.S3Key != "":
		return 0, nil, invalidParam("portico serve has no S3 to read code from yet (S3Bucket %q, S3Key %q): upload the package with ZipFile (Terraform: filename) until an upstream S3 is supported", in.Code.S3Bucket, in.Code.S3Key)
	default:
		return 0, nil, invalidParam("Please provide a source for function code.")
	}
	sha, size, e := s.storeCode(in.Code.ZipFile)
	if e != nil {
		return 0, nil, e
	}
	c.CodeSha256, c.CodeSize = sha, size
	now := time.Now()
	c.LastModified = lambdaTime(now)
	c.RevisionID = newRevision()

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.funcs[in.FunctionName] != nil {
		return 0, nil, conflict("Function already exist: %s", in.FunctionName)
	}
	st := &fnState{
		fn: function{Name: in.FunctionName, Latest: c, NextVersion: 1, Tags: in.Tags,
			RuntimeVersion: runtimeVersionARN(s.opts.Region, c.Runtime)},
		versions: map[string]*config{}, aliases: map[string]*alias{}, policies: map[string]*lambdaspec.Policy{},
	}
	out := c
	puts := map[string][]byte{}
	if in.Publish {
		v := c.clone()
		v.Version = "1"
		v.RevisionID = newRevision()
		st.versions["1"] = &v
		st.fn.NextVersion = 2
		puts[versionKey(st.fn.Name, "1")] = mustJSON(v)
		out = v
	}
	puts[functionKey(st.fn.Name)] = mustJSON(st.fn)
	if e := s.persist(r.Context(), puts, nil); e != nil {
		return 0, nil, e
	}
	s.funcs[st.fn.Name] = st
	if err := s.rt.Check(c.Runtime); err != nil {
		s.log.Warn("lambda: function created with a runtime this host cannot run", "function", st.fn.Name, "runtime", c.Runtime, "err", err)
	}
	// The answer is taken before the function becomes Active: its
	// revision changes then, as on Lambda.
	out.RevisionID = newRevision()
	return http.StatusCreated, s.configOut(st, &out, false, phaseCreate), nil
}

func architectures(in []string) ([]string, *Error) {
	if len(in) == 0 {
		return []string{"x86_64"}, nil
	}
	if len(in) != 1 {
		return nil, validation("["+strings.Join(in, ", ")+"]", "architectures", "Member must have length less than or equal to 1")
	}
	if in[0] != "x86_64" && in[0] != "arm64" {
		return nil, validation("["+in[0]+"]", "architectures", "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]")
	}
	return []string{in[0]}, nil
}

func runtimeVersionARN(region, rt string) string {
	sum := sha256.Sum256([]byte("portico:" + rt))
	return "arn:aws:lambda:" + region + "::runtime:" + hex.EncodeToString(sum[:])
}

const (
	phaseSteady = iota
	phaseCreate
	phaseUpdate
)

type configJSON struct {
	FunctionName               string            `json:"FunctionName"`
	FunctionArn                string            `json:"FunctionArn"`
	Runtime                    string            `json:"Runtime,omitempty"`
	Role                       string            `json:"Role"`
	Handler                    string            `json:"Handler,omitempty"`
	CodeSize                   int64             `json:"CodeSize"`
	Description                string            `json:"Description"`
	Timeout                    int               `json:"Timeout"`
	MemorySize                 int               `json:"MemorySize"`
	LastModified               string            `json:"LastModified"`
	CodeSha256                 string            `json:"CodeSha256"`
	Version                    string            `json:"Version"`
	VpcConfig                  *vpcJSON          `json:"VpcConfig,omitempty"`
	DeadLetterConfig           *targetJSON       `json:"DeadLetterConfig,omitempty"`
	Environment                *environmentJSON  `json:"Environment,omitempty"`
	KMSKeyArn                  string            `json:"KMSKeyArn,omitempty"`
	TracingConfig              modeJSON          `json:"TracingConfig"`
	RevisionID                 string            `json:"RevisionId"`
	Layers                     []layerJSON       `json:"Layers,omitempty"`
	State                      string            `json:"State,omitempty"`
	StateReason                string            `json:"StateReason,omitempty"`
	StateReasonCode            string            `json:"StateReasonCode,omitempty"`
	LastUpdateStatus           string            `json:"LastUpdateStatus,omitempty"`
	LastUpdateStatusReason     string            `json:"LastUpdateStatusReason,omitempty"`
	LastUpdateStatusReasonCode string            `json:"LastUpdateStatusReasonCode,omitempty"`
	FileSystemConfigs          json.RawMessage   `json:"FileSystemConfigs,omitempty"`
	PackageType                string            `json:"PackageType"`
	Architectures              []string          `json:"Architectures"`
	EphemeralStorage           sizeJSON          `json:"EphemeralStorage"`
	SnapStart                  snapStartJSON     `json:"SnapStart"`
	RuntimeVersionConfig       *runtimeVerJSON   `json:"RuntimeVersionConfig,omitempty"`
	LoggingConfig              loggingConfig     `json:"LoggingConfig"`
	Tags                       map[string]string `json:"-"`
}

type (
	vpcJSON struct {
		SubnetIDs        []string `json:"SubnetIds"`
		SecurityGroupIDs []string `json:"SecurityGroupIds"`
		VpcID            string   `json:"VpcId"`
		IPv6DualStack    bool     `json:"Ipv6AllowedForDualStack"`
	}
	targetJSON struct {
		TargetArn string `json:"TargetArn"`
	}
	environmentJSON struct {
		Variables map[string]string `json:"Variables"`
	}
	modeJSON struct {
		Mode string `json:"Mode"`
	}
	layerJSON struct {
		Arn      string `json:"Arn"`
		CodeSize int64  `json:"CodeSize"`
	}
	sizeJSON struct {
		Size int `json:"Size"`
	}
	snapStartJSON struct {
		ApplyOn            string `json:"ApplyOn"`
		OptimizationStatus string `json:"OptimizationStatus"`
	}
	runtimeVerJSON struct {
		RuntimeVersionArn string `json:"RuntimeVersionArn"`
	}
)

// configOut is a FunctionConfiguration. qualified names the version in
// FunctionArn (published versions always are).
func (s *Service) configOut(st *fnState, c *config, qualified bool, phase int) *configJSON {
	arn := s.functionARN(st.fn.Name)
	if qualified || c.Version != "$LATEST" {
		arn = s.qualifiedARN(st.fn.Name, c.Version)
	}
	out := &configJSON{
		FunctionName: st.fn.Name, FunctionArn: arn, Runtime: c.Runtime, Role: c.Role, Handler: c.Handler,
		CodeSize: c.CodeSize, Description: c.Description, Timeout: c.Timeout, MemorySize: c.MemorySize,
		LastModified: c.LastModified, CodeSha256: c.CodeSha256, Version: c.Version, KMSKeyArn: c.KMSKeyArn,
		TracingConfig: modeJSON{c.TracingMode}, RevisionID: c.RevisionID, State: "Active",
		LastUpdateStatus: "Successful", FileSystemConfigs: c.FileSystems, PackageType: "Zip",
		Architectures: c.Architectures, EphemeralStorage: sizeJSON{c.EphemeralStorage},
		SnapStart:     snapStartJSON{ApplyOn: "None", OptimizationStatus: "Off"},
		LoggingConfig: c.Logging,
	}
	if c.SnapStartApplyOn != "" {
		out.SnapStart.ApplyOn = c.SnapStartApplyOn
		if c.SnapStartApplyOn == "PublishedVersions" && c.Version != "$LATEST" {
			out.SnapStart.OptimizationStatus = "On"
		}
	}
	if st.fn.RuntimeVersion != "" {
		out.RuntimeVersionConfig = &runtimeVerJSON{st.fn.RuntimeVersion}
	}
	if c.Vpc != nil {
		out.VpcConfig = &vpcJSON{SubnetIDs: c.Vpc.SubnetIDs, SecurityGroupIDs: c.Vpc.SecurityGroupIDs, IPv6DualStack: c.Vpc.IPv6DualStack}
		if out.VpcConfig.SubnetIDs == nil {
			out.VpcConfig.SubnetIDs = []string{}
		}
		if out.VpcConfig.SecurityGroupIDs == nil {
			out.VpcConfig.SecurityGroupIDs = []string{}
		}
	}
	if c.DeadLetterTarget != "" {
		out.DeadLetterConfig = &targetJSON{c.DeadLetterTarget}
	}
	if c.HasEnvironment {
		vars := c.Environment
		if vars == nil {
			vars = map[string]string{}
		}
		out.Environment = &environmentJSON{vars}
	}
	for _, l := range c.Layers {
		out.Layers = append(out.Layers, layerJSON{Arn: l})
	}
	switch phase {
	case phaseCreate:
		out.State, out.StateReason, out.StateReasonCode = "Pending", "The function is being created.", "Creating"
		out.LastUpdateStatus = ""
	case phaseUpdate:
		out.LastUpdateStatus, out.LastUpdateStatusReason, out.LastUpdateStatusReasonCode = "InProgress", "The function is being created.", "Creating"
	}
	return out
}

type codeJSON struct {
	RepositoryType string `json:"RepositoryType"`
	Location       string `json:"Location"`
}

func (s *Service) getFunction(r *http.Request) (int, any, *Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, rf, e := s.lookup(r, r.URL.Query().Get("Qualifier"))
	if e != nil {
		return 0, nil, e
	}
	c, _, e := s.resolve(st, rf.qualifier)
	if e != nil {
		return 0, nil, e
	}
	out := map[string]any{
		"Configuration": s.configOut(st, c, rf.qualifier != "", phaseSteady),
		"Code":          codeJSON{RepositoryType: "S3", Location: s.codeLocation(r, st.fn.Name, c)},
	}
	if rf.qualifier == "" {
		tags := st.fn.Tags
		if tags == nil {
			tags = map[string]string{}
		}
		out["Tags"] = tags
		if st.fn.Reserved != nil {
			out["Concurrency"] = map[string]int{"ReservedConcurrentExecutions": *st.fn.Reserved}
		}
	}
	return http.StatusOK, out, nil
}

func (s *Service) codeLocation(r *http.Request, name string, c *config) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + codeLocationPrefix + c.codeID() + ".zip?function=" + name + "&version=" + strings.ReplaceAll(c.Version, "$", "%24")
}

// serveCode answers GetFunction's Code.Location.
func (s *Service) serveCode(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, codeLocationPrefix), ".zip")
	s.mu.RLock()
	used := s.usedCode()[id]
	s.mu.RUnlock()
	if !used || strings.ContainsAny(id, "/.") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	http.ServeFile(w, r, s.zipPath(id))
}

func (s *Service) getFunctionConfiguration(r *http.Request) (int, any, *Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, rf, e := s.lookup(r, r.URL.Query().Get("Qualifier"))
	if e != nil {
		return 0, nil, e
	}
	c, _, e := s.resolve(st, rf.qualifier)
	if e != nil {
		return 0, nil, e
	}
	return http.StatusOK, s.configOut(st, c, rf.qualifier != "", phaseSteady), nil
}

// page cuts a sorted list of keys at marker (the first key of the page) and
// max items.
func page(n int, key func(int) string, r *http.Request, defMax int) (from, to int, next string, e *Error) {
	q := r.URL.Query()
	maxItems := defMax
	if v := q.Get("MaxItems"); v != "" {
		m, err := strconv.Atoi(v)
		if err != nil || m < 1 || m > 10000 {
			return 0, 0, "", validation(v, "maxItems", "Member must have value between 1 and 10000")
		}
		maxItems = m
	}
	if marker := q.Get("Marker"); marker != "" {
		from = sort.Search(n, func(i int) bool { return key(i) >= marker })
	}
	to = min(from+maxItems, n)
	if to < n {
		next = key(to)
	}
	return from, to, next, nil
}

func (s *Service) listFunctions(r *http.Request) (int, any, *Error) {
	all := r.URL.Query().Get("FunctionVersion")
	if all != "" && all != "ALL" {
		return 0, nil, validation(all, "functionVersion", "Member must satisfy enum value set: [ALL]")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	type item struct {
		key string
		c   *configJSON
	}
	var items []item
	for _, st := range s.funcs {
		items = append(items, item{st.fn.Name + "\x00", s.configOut(st, &st.fn.Latest, all == "ALL", phaseSteady)})
		if all == "ALL" {
			for _, v := range st.versions {
				n, _ := strconv.Atoi(v.Version)
				items = append(items, item{st.fn.Name + "\x00" + strconv.Itoa(1e9+n), s.configOut(st, v, true, phaseSteady)})
			}
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].key < items[j].key })
	from, to, next, e := page(len(items), func(i int) string { return items[i].key }, r, 50)
	if e != nil {
		return 0, nil, e
	}
	fns := make([]*configJSON, 0, to-from)
	for _, it := range items[from:to] {
		c := *it.c
		c.State, c.LastUpdateStatus = "", "" // ListFunctions leaves out state fields
		fns = append(fns, &c)
	}
	out := map[string]any{"Functions": fns}
	if next != "" {
		out["NextMarker"] = next
	}
	return http.StatusOK, out, nil
}

func (s *Service) updateFunctionConfiguration(r *http.Request) (int, any, *Error) {
	var in settings
	if e := decode(r, &in, 1<<20, "UpdateFunctionConfiguration"); e != nil {
		return 0, nil, e
	}
	if in.ImageConfig != nil && string(in.ImageConfig) != "{}" && string(in.ImageConfig) != "null" {
		return 0, nil, invalidParam("portico serve does not run container images: ImageConfig cannot be set")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, rf, e := s.lookup(r, "")
	if e != nil {
		return 0, nil, e
	}
	if rf.qualifier != "" {
		return 0, nil, invalidParam("Versions and aliases cannot be updated; update the function ($LATEST) by name or unqualified ARN.")
	}
	if in.RevisionID != "" && in.RevisionID != st.fn.Latest.RevisionID {
		return 0, nil, preconditionFailed()
	}
	c := st.fn.Latest.clone()
	if e := s.apply(&in, &c, false); e != nil {
		return 0, nil, e
	}
	fn := st.fn
	if in.Runtime != nil {
		fn.RuntimeVersion = runtimeVersionARN(s.opts.Region, c.Runtime)
	}
	c.LastModified = lambdaTime(time.Now())
	c.RevisionID = newRevision()
	fn.Latest = c
	if e := s.persist(r.Context(), map[string][]byte{functionKey(fn.Name): mustJSON(fn)}, nil); e != nil {
		return 0, nil, e
	}
	st.fn = fn
	out := c
	out.RevisionID = newRevision()
	return http.StatusOK, s.configOut(st, &out, false, phaseUpdate), nil
}

type updateCodeInput struct {
	ZipFile       []byte
	S3Bucket      string
	S3Key         string
	ImageUri      string
	Architectures []string
	Publish       bool
	DryRun        bool
	RevisionID    string `json:"RevisionId"`
}

func (s *Service) updateFunctionCode(r *http.Request) (int, any, *Error) {
	var in updateCodeInput
	if e := decode(r, &in, maxZipBody, "UpdateFunctionCode"); e != nil {
		return 0, nil, e
	}
	switch {
	case in.ImageUri != "":
		return 0, nil, invalidParam("Please don't provide ImageUri when updating a function with packageType Zip.")
	case len(in.ZipFile) > 0:
	case in.S3Bucket != "" || in.S3Key != "":
		return 0, nil, invalidParam("portico serve has no S3 to read code from yet (S3Bucket %q, S3Key %q): upload the package with ZipFile (Terraform: filename) until an upstream S3 is supported", in.S3Bucket, in.S3Key)
	default:
		return 0, nil, invalidParam("Please provide a source for function code.")
	}
	var arch []string
	if in.Architectures != nil {
		a, e := architectures(in.Architectures)
		if e != nil {
			return 0, nil, e
		}
		arch = a
	}
	s.mu.RLock()
	st, rf, e := s.lookup(r, "")
	s.mu.RUnlock()
	if e != nil {
		return 0, nil, e
	}
	if rf.qualifier != "" {
		return 0, nil, invalidParam("Versions and aliases cannot be updated; update the function ($LATEST) by name or unqualified ARN.")
	}
	sha, size, e := s.storeCode(in.ZipFile)
	if e != nil {
		return 0, nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.funcs[st.fn.Name] != st {
		return 0, nil, notFound("Function not found: %s", s.functionARN(st.fn.Name))
	}
	if in.RevisionID != "" && in.RevisionID != st.fn.Latest.RevisionID {
		return 0, nil, preconditionFailed()
	}
	c := st.fn.Latest.clone()
	c.CodeSha256, c.CodeSize = sha, size
	if arch != nil {
		c.Architectures = arch
	}
	if in.DryRun {
		return http.StatusOK, s.configOut(st, &c, false, phaseSteady), nil
	}
	c.LastModified = lambdaTime(time.Now())
	c.RevisionID = newRevision()
	fn := st.fn
	fn.Latest = c
	puts := map[string][]byte{}
	var published *config
	if in.Publish {
		var created bool
		published, created = s.newVersion(st, &fn, nil)
		if created {
			puts[versionKey(fn.Name, published.Version)] = mustJSON(published)
		}
	}
	puts[functionKey(fn.Name)] = mustJSON(fn)
	if e := s.persist(r.Context(), puts, nil); e != nil {
		return 0, nil, e
	}
	st.fn = fn
	if published != nil {
		st.versions[published.Version] = published
	}
	s.collectCode(s.usedCode())
	if published != nil {
		return http.StatusOK, s.configOut(st, published, true, phaseUpdate), nil
	}
	out := c
	out.RevisionID = newRevision()
	return http.StatusOK, s.configOut(st, &out, false, phaseUpdate), nil
}

func (s *Service) deleteFunction(r *http.Request) (int, any, *Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, rf, e := s.lookup(r, r.URL.Query().Get("Qualifier"))
	if e != nil {
		if rf.qualifier != "" && e.Type == "ResourceNotFoundException" {
			return 0, nil, notFound("Function not found: %s", s.functionARN(rf.name))
		}
		return 0, nil, e
	}
	name := st.fn.Name
	switch q := rf.qualifier; {
	case q == "$LATEST":
		return 0, nil, invalidParam("$LATEST version cannot be deleted without deleting the function.")
	case q != "":
		if !isVersion(q) {
			return 0, nil, invalidParam("Deletion of aliases is not supported by DeleteFunction; use DeleteAlias.")
		}
		if st.versions[q] == nil {
			return http.StatusNoContent, nil, nil
		}
		for _, a := range st.aliases {
			if a.FunctionVersion == q || a.Weights[q] > 0 {
				return 0, nil, conflict("Unable to delete version because the following aliases reference it: [%s]", a.Name)
			}
		}
		dels := []string{versionKey(name, q)}
		if st.policies[q] != nil {
			dels = append(dels, policyKey(name, q))
		}
		if e := s.persist(r.Context(), nil, dels); e != nil {
			return 0, nil, e
		}
		delete(st.versions, q)
		delete(st.policies, q)
		s.rt.Retire(name)
		s.collectCode(s.usedCode())
		return http.StatusNoContent, nil, nil
	}
	dels := []string{functionKey(name)}
	for v := range st.versions {
		dels = append(dels, versionKey(name, v))
	}
	for a := range st.aliases {
		dels = append(dels, aliasKey(name, a))
	}
	for q := range st.policies {
		dels = append(dels, policyKey(name, q))
	}
	if e := s.persist(r.Context(), nil, dels); e != nil {
		return 0, nil, e
	}
	delete(s.funcs, name)
	s.rt.Retire(name)
	s.collectCode(s.usedCode())
	return http.StatusNoContent, nil, nil
}
