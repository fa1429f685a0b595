package provider

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestLambdaResourcesRegistered(t *testing.T) {
	names := ResourceTypeNames(context.Background())
	for _, want := range []string{"aws_lambda_alias", "aws_lambda_function", "aws_lambda_permission"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("%s is not registered (have %v)", want, names)
		}
	}
}

// TestLambdaSchemasDescribed: every attribute and block of the three Lambda
// resources has a MarkdownDescription (the generated docs need them), and
// the schemas pass the framework's own validation.
func TestLambdaSchemasDescribed(t *testing.T) {
	ctx := context.Background()
	for _, f := range []func() resource.Resource{NewLambdaFunctionResource, NewLambdaPermissionResource, NewLambdaAliasResource} {
		r := f()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "aws"}, &meta)
		var resp resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("%s schema: %v", meta.TypeName, resp.Diagnostics)
		}
		if d := resp.Schema.ValidateImplementation(ctx); d.HasError() {
			t.Errorf("%s schema implementation: %v", meta.TypeName, d)
		}
		if resp.Schema.MarkdownDescription == "" {
			t.Errorf("%s has no MarkdownDescription", meta.TypeName)
		}
		for name, a := range resp.Schema.Attributes {
			if a.GetMarkdownDescription() == "" {
				t.Errorf("%s.%s has no MarkdownDescription", meta.TypeName, name)
			}
		}
		for name, b := range resp.Schema.Blocks {
			if b.GetMarkdownDescription() == "" {
				t.Errorf("%s block %s has no MarkdownDescription", meta.TypeName, name)
			}
		}
	}
}

func TestLambdaEndpointResolution(t *testing.T) {
	base := aws.Config{BaseEndpoint: aws.String("http://base.example:1")}
	tests := []struct {
		name, configured, env string
		cfg                   aws.Config
		want                  string
	}{
		{name: "provider block wins", configured: "http://127.0.0.1:1", env: "http://127.0.0.1:2", cfg: base, want: "http://127.0.0.1:1"},
		{name: "AWS_ENDPOINT_URL_LAMBDA", env: "http://127.0.0.1:2", cfg: base, want: "http://127.0.0.1:2"},
		{name: "AWS_ENDPOINT_URL", cfg: base, want: "http://base.example:1"},
		{name: "AWS", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("AWS_ENDPOINT_URL_LAMBDA", tt.env)
			if got := lambdaEndpoint(tt.configured, tt.cfg); got != tt.want {
				t.Errorf("lambdaEndpoint = %q, want %q", got, tt.want)
			}
		})
	}
	if _, err := newLambdaClients(aws.Config{}, "127.0.0.1:4567"); err == nil {
		t.Error("an endpoint without scheme was accepted")
	}
	lc, err := newLambdaClients(aws.Config{Region: "us-east-1"}, "http://127.0.0.1:4567")
	if err != nil {
		t.Fatal(err)
	}
	if a, b := lc.forRegion("us-east-1"), lc.forRegion("us-east-1"); a != b {
		t.Error("forRegion builds a new client for the same region")
	}
	if a, b := lc.forRegion("us-east-1"), lc.forRegion("eu-west-1"); a == b {
		t.Error("forRegion shares one client between regions")
	}
	if a, b := lc.forRegion("eu-west-1").Options().Region, lc.forRegion("eu-west-1").Options().BaseEndpoint; a != "eu-west-1" || aws.ToString(b) != "http://127.0.0.1:4567" {
		t.Errorf("eu-west-1 client: region %q endpoint %q", a, aws.ToString(b))
	}
	if _, err := (&Client{Region: "us-east-1"}).lambdaConn(); err == nil {
		t.Error("a Client without Lambda clients gave a connection")
	}
}

func apiErr(code, msg string) error { return &smithy.GenericAPIError{Code: code, Message: msg} }

func TestLambdaErrorRules(t *testing.T) {
	tests := []struct {
		err       error
		retryable bool
		notFound  bool
	}{
		{err: apiErr("InvalidParameterValueException", "The role defined for the function cannot be assumed by Lambda."), retryable: true},
		{err: apiErr("InvalidParameterValueException", "The provided execution role does not have permissions to call CreateNetworkInterface on EC2"), retryable: true},
		{err: apiErr("ResourceConflictException", "The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:f"), retryable: true},
		{err: apiErr("ResourceConflictException", "Function already exist: f")},
		{err: apiErr("InvalidParameterValueException", "Unzipped size must be smaller than 262144000 bytes")},
		{err: apiErr("ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:f"), notFound: true},
		{err: &lambdatypes.ResourceNotFoundException{Message: aws.String("gone")}, notFound: true},
		{err: lambdaNotFoundIf(apiErr("ResourceNotFoundException", "x")), notFound: true},
		{err: nil},
	}
	for _, tt := range tests {
		if got := retryableFunctionOpError(tt.err); got != tt.retryable {
			t.Errorf("retryableFunctionOpError(%v) = %v, want %v", tt.err, got, tt.retryable)
		}
		if got := isLambdaNotFound(tt.err); got != tt.notFound {
			t.Errorf("isLambdaNotFound(%v) = %v, want %v", tt.err, got, tt.notFound)
		}
	}
}

func TestRetryWhenAndWaitFor(t *testing.T) {
	ctx := context.Background()
	calls := 0
	out, err := retryWhen(ctx, time.Minute, retryableFunctionOpError, func(context.Context) (int, error) {
		calls++
		if calls < 3 {
			return 0, apiErr("ResourceConflictException", "An update is in progress for resource: f")
		}
		return 42, nil
	})
	if err != nil || out != 42 || calls != 3 {
		t.Errorf("retryWhen = %d, %v after %d calls", out, err, calls)
	}
	calls = 0
	_, err = retryWhen(ctx, time.Minute, retryableFunctionOpError, func(context.Context) (int, error) {
		calls++
		return 0, apiErr("ResourceConflictException", "Function already exist: f")
	})
	if err == nil || calls != 1 {
		t.Errorf("a lasting conflict was retried: %d calls, %v", calls, err)
	}

	states := []string{"Pending", "Pending", "Active"}
	i := 0
	err = waitFor(ctx, "x", []string{"Pending"}, []string{"Active"}, func(context.Context) (string, string, error) {
		s := states[i]
		i++
		return s, "", nil
	})
	if err != nil || i != 3 {
		t.Errorf("waitFor = %v after %d polls", err, i)
	}
	err = waitFor(ctx, "x", []string{"Pending"}, []string{"Active"}, func(context.Context) (string, string, error) {
		return "Failed", "InvalidRuntime: the runtime is not installed", nil
	})
	if err == nil || !strings.Contains(err.Error(), `unexpected state "Failed"`) || !strings.Contains(err.Error(), "InvalidRuntime: the runtime is not installed") {
		t.Errorf("waitFor on Failed = %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := waitFor(cctx, "x", []string{"Pending"}, []string{"Active"}, func(context.Context) (string, string, error) { return "Pending", "", nil }); err == nil {
		t.Error("waitFor ignored a cancelled context")
	}
}

func strMap(kv ...string) types.Map {
	elems := map[string]attr.Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		elems[kv[i]] = types.StringValue(kv[i+1])
	}

	return types.MapValueMust(types.StringType, elems)
}

func TestFlattenLambdaEnvironment(t *testing.T) {
	null := types.MapNull(types.StringType)
	tests := []struct {
		name  string
		api   *lambdatypes.EnvironmentResponse
		prior []lambdaEnvironmentModel
		want  []lambdaEnvironmentModel
	}{
		{name: "none", api: nil, prior: nil, want: nil},
		{name: "empty block kept", api: &lambdatypes.EnvironmentResponse{}, prior: []lambdaEnvironmentModel{{Variables: null}}, want: []lambdaEnvironmentModel{{Variables: null}}},
		{name: "empty map kept", api: nil, prior: []lambdaEnvironmentModel{{Variables: strMap()}}, want: []lambdaEnvironmentModel{{Variables: strMap()}}},
		{name: "variables removed remotely", api: nil, prior: []lambdaEnvironmentModel{{Variables: strMap("A", "1")}}, want: []lambdaEnvironmentModel{{Variables: null}}},
		{name: "variables", api: &lambdatypes.EnvironmentResponse{Variables: map[string]string{"A": "1"}}, prior: nil, want: []lambdaEnvironmentModel{{Variables: strMap("A", "1")}}},
	}
	for _, tt := range tests {
		got := flattenLambdaEnvironment(tt.api, tt.prior)
		if len(got) != len(tt.want) || (len(got) == 1 && !got[0].Variables.Equal(tt.want[0].Variables)) {
			t.Errorf("%s: flattenLambdaEnvironment = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFlattenLambdaDefaultsAreNoBlock(t *testing.T) {
	// Lambda's defaults read as "no block" when the configuration has none,
	// and as the block when it has one or when they drifted.
	if got := flattenLambdaEphemeralStorage(&lambdatypes.EphemeralStorage{Size: aws.Int32(512)}, nil); got != nil {
		t.Errorf("default ephemeral storage = %v, want no block", got)
	}
	if got := flattenLambdaEphemeralStorage(&lambdatypes.EphemeralStorage{Size: aws.Int32(512)}, []lambdaEphemeralModel{{Size: types.Int64Unknown()}}); len(got) != 1 || got[0].Size.ValueInt64() != 512 {
		t.Errorf("configured ephemeral storage = %v", got)
	}
	if got := flattenLambdaEphemeralStorage(&lambdatypes.EphemeralStorage{Size: aws.Int32(2048)}, nil); len(got) != 1 || got[0].Size.ValueInt64() != 2048 {
		t.Errorf("drifted ephemeral storage = %v", got)
	}

	def := &lambdatypes.LoggingConfig{LogFormat: lambdatypes.LogFormatText, LogGroup: aws.String("/aws/lambda/fn")}
	if got := flattenLambdaLoggingConfig(def, "fn", nil); got != nil {
		t.Errorf("default logging = %v, want no block", got)
	}
	if got := flattenLambdaLoggingConfig(nil, "fn", nil); got != nil {
		t.Errorf("absent logging = %v, want no block", got)
	}
	j := &lambdatypes.LoggingConfig{LogFormat: lambdatypes.LogFormatJson, LogGroup: aws.String("/aws/lambda/fn"), ApplicationLogLevel: "INFO", SystemLogLevel: "WARN"}
	got := flattenLambdaLoggingConfig(j, "fn", nil)
	if len(got) != 1 || got[0].LogFormat.ValueString() != "JSON" || got[0].ApplicationLogLevel.ValueString() != "INFO" || got[0].SystemLogLevel.ValueString() != "WARN" || got[0].LogGroup.ValueString() != "/aws/lambda/fn" {
		t.Errorf("JSON logging = %+v", got)
	}
	got = flattenLambdaLoggingConfig(def, "fn", []lambdaLoggingConfigModel{{LogFormat: types.StringValue("Text")}})
	if len(got) != 1 || !got[0].ApplicationLogLevel.IsNull() || got[0].LogGroup.ValueString() != "/aws/lambda/fn" {
		t.Errorf("configured Text logging = %+v", got)
	}

	if got := flattenLambdaVPCConfig(&lambdatypes.VpcConfigResponse{}, nil); got != nil {
		t.Errorf("no VPC = %v", got)
	}
	emptySet := types.SetValueMust(types.StringType, []attr.Value{})
	got2 := flattenLambdaVPCConfig(nil, []lambdaVPCConfigModel{{SecurityGroupIDs: emptySet, SubnetIDs: emptySet, IPv6AllowedForDualStack: types.BoolValue(false), VPCID: types.StringUnknown()}})
	if len(got2) != 1 || got2[0].VPCID.ValueString() != "" || got2[0].VPCID.IsUnknown() {
		t.Errorf("empty vpc_config block = %+v", got2)
	}
	got2 = flattenLambdaVPCConfig(&lambdatypes.VpcConfigResponse{SubnetIds: []string{"subnet-1"}, SecurityGroupIds: []string{"sg-1"}, VpcId: aws.String("vpc-1")}, nil)
	if len(got2) != 1 || got2[0].VPCID.ValueString() != "vpc-1" || len(got2[0].SubnetIDs.Elements()) != 1 {
		t.Errorf("VPC = %+v", got2)
	}
}

func TestFlattenLambdaAliasRouting(t *testing.T) {
	null := types.MapNull(types.Float64Type)
	if got := flattenLambdaAliasRouting(nil, nil); got != nil {
		t.Errorf("no routing = %v", got)
	}
	if got := flattenLambdaAliasRouting(&lambdatypes.AliasRoutingConfiguration{}, []lambdaAliasRoutingModel{{AdditionalVersionWeights: null}}); len(got) != 1 || !got[0].AdditionalVersionWeights.IsNull() {
		t.Errorf("empty routing block = %v", got)
	}
	got := flattenLambdaAliasRouting(&lambdatypes.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{"2": 0.5}}, nil)
	if len(got) != 1 || len(got[0].AdditionalVersionWeights.Elements()) != 1 {
		t.Errorf("weights = %v", got)
	}
}

func TestStatementIDs(t *testing.T) {
	re := regexp.MustCompile(`^terraform-\d{18}[0-9a-f]{8}$`)
	a, b := prefixedUniqueID(uniqueIDPrefix), prefixedUniqueID(uniqueIDPrefix)
	if !re.MatchString(a) || a == b {
		t.Errorf("prefixedUniqueID = %q, %q", a, b)
	}
	tests := []struct {
		sid, prefix string
		ok          bool
	}{
		{sid: a, prefix: "terraform-", ok: true},
		{sid: prefixedUniqueID("AllowAPIGW-"), prefix: "AllowAPIGW-", ok: true},
		{sid: prefixedUniqueID(""), prefix: "", ok: true},
		{sid: "AllowExecutionFromAPIGateway"},
		{sid: "short"},
	}
	for _, tt := range tests {
		p, ok := statementIDPrefixOf(tt.sid)
		if ok != tt.ok || p != tt.prefix {
			t.Errorf("statementIDPrefixOf(%q) = %q, %v, want %q, %v", tt.sid, p, ok, tt.prefix, tt.ok)
		}
	}
}

func TestChangedTopLevel(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.String, "b": tftypes.Number, "c": tftypes.List{ElementType: tftypes.String}}}
	v := func(a string, b int, c ...string) tftypes.Value {
		var cs []tftypes.Value
		for _, s := range c {
			cs = append(cs, tftypes.NewValue(tftypes.String, s))
		}
		return tftypes.NewValue(typ, map[string]tftypes.Value{
			"a": tftypes.NewValue(tftypes.String, a),
			"b": tftypes.NewValue(tftypes.Number, b),
			"c": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, cs),
		})
	}
	got := changedTopLevel(v("x", 1, "p"), v("x", 2, "p", "q"))
	if len(got) != 2 || !got["b"] || !got["c"] {
		t.Errorf("changedTopLevel = %v, want b and c", got)
	}
	if got := changedTopLevel(v("x", 1), v("x", 1)); len(got) != 0 {
		t.Errorf("changedTopLevel(same) = %v", got)
	}
}

func TestLambdaInvokeARNs(t *testing.T) {
	fn := "arn:aws:lambda:eu-west-1:123456789012:function:f"
	want := "arn:aws:apigateway:eu-west-1:lambda:path/2021-11-15/functions/" + fn + "/response-streaming-invocations"
	if got := lambdaResponseStreamingInvokeARN("eu-west-1", fn); got != want {
		t.Errorf("lambdaResponseStreamingInvokeARN = %q, want %q", got, want)
	}
}

func writeZip(t *testing.T, dir, name string, files ...string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte("x"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	return p
}

func TestCheckLocalPackage(t *testing.T) {
	dir := t.TempDir()
	py := writeZip(t, dir, "py.zip", "app.py", "pkg/mod.py")
	node := writeZip(t, dir, "node.zip", "src/index.mjs")
	boot := writeZip(t, dir, "boot.zip", "bootstrap")
	notZip := filepath.Join(dir, "not.zip")
	if err := os.WriteFile(notZip, []byte("def handler(e, c): pass"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := types.StringValue
	tests := []struct {
		file, runtime, handler string
		wantErr, wantWarn      bool
	}{
		{file: py, runtime: "python3.12", handler: "app.handler"},
		{file: py, runtime: "python3.12", handler: "pkg.mod.handler"},
		{file: py, runtime: "python3.12", handler: "pkg/mod.handler"},
		{file: py, runtime: "python3.12", handler: "main.handler", wantWarn: true},
		{file: node, runtime: "nodejs20.x", handler: "src/index.handler"},
		{file: node, runtime: "nodejs20.x", handler: "index.handler", wantWarn: true},
		{file: boot, runtime: "provided.al2023", handler: "bootstrap"},
		{file: py, runtime: "provided.al2023", handler: "bootstrap", wantWarn: true},
		{file: notZip, runtime: "python3.12", handler: "app.handler", wantErr: true},
		{file: filepath.Join(dir, "built-later.zip"), runtime: "python3.12", handler: "app.handler"},
	}
	for _, tt := range tests {
		d := checkLocalPackage(tt.file, s(tt.runtime), s(tt.handler))
		if d.HasError() != tt.wantErr || (d.WarningsCount() > 0) != tt.wantWarn {
			t.Errorf("checkLocalPackage(%s, %s, %s) = %v, want error %v warning %v", filepath.Base(tt.file), tt.runtime, tt.handler, d, tt.wantErr, tt.wantWarn)
		}
	}
}

func TestEnvironmentSize(t *testing.T) {
	small := map[string]types.String{"A": types.StringValue("1")}
	if n := environmentSize(small); n != len(`{"A":"1"}`) {
		t.Errorf("environmentSize = %d", n)
	}
	big := map[string]types.String{"A": types.StringValue(strings.Repeat("x", 4100))}
	if n := environmentSize(big); n <= 4096 {
		t.Errorf("environmentSize(big) = %d", n)
	}
}
