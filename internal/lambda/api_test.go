package lambda

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

const echoPy = `
def handler(event, context):
    return {"event": event, "version": context.function_version}
`

func TestFunctionLifecycle(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	code := pyZip(t, echoPy)
	created := e.create(fnSpec{name: "life", runtime: "python3.12", handler: "app.handler", zip: code})
	sum := sha256.Sum256(code)
	if got, want := aws.ToString(created.CodeSha256), base64.StdEncoding.EncodeToString(sum[:]); got != want {
		t.Fatalf("CodeSha256 %s, want %s", got, want)
	}
	if created.CodeSize != int64(len(code)) || aws.ToString(created.Version) != "$LATEST" ||
		created.State != types.StatePending || created.StateReasonCode != types.StateReasonCodeCreating ||
		aws.ToString(created.FunctionArn) != "arn:aws:lambda:us-east-1:000000000000:function:life" ||
		created.Timeout == nil || *created.Timeout != 3 || *created.MemorySize != 128 ||
		created.PackageType != types.PackageTypeZip || created.Architectures[0] != types.ArchitectureX8664 {
		t.Fatalf("create answer: %+v", created)
	}
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$`).MatchString(aws.ToString(created.LastModified)) {
		t.Fatalf("LastModified %q", aws.ToString(created.LastModified))
	}
	got, err := e.client.GetFunction(ctx, &awslambda.GetFunctionInput{FunctionName: aws.String("life")})
	if err != nil {
		t.Fatal(err)
	}
	c := got.Configuration
	if c.State != types.StateActive || c.LastUpdateStatus != types.LastUpdateStatusSuccessful || aws.ToString(c.RevisionId) == aws.ToString(created.RevisionId) {
		t.Fatalf("get: state %s, last update %s, revision %s (create %s)", c.State, c.LastUpdateStatus, aws.ToString(c.RevisionId), aws.ToString(created.RevisionId))
	}
	resp, err := http.Get(aws.ToString(got.Code.Location))
	if err != nil {
		t.Fatal(err)
	}
	zipBack, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(zipBack) != string(code) {
		t.Fatalf("Code.Location served %d bytes, want the %d uploaded", len(zipBack), len(code))
	}

	list, err := e.client.ListFunctions(ctx, &awslambda.ListFunctionsInput{})
	if err != nil || len(list.Functions) != 1 || aws.ToString(list.Functions[0].FunctionName) != "life" {
		t.Fatalf("list: %v %+v", err, list)
	}

	upd, err := e.client.UpdateFunctionConfiguration(ctx, &awslambda.UpdateFunctionConfigurationInput{
		FunctionName: aws.String("life"), Description: aws.String("changed"), MemorySize: aws.Int32(512),
		Timeout: aws.Int32(10), Environment: &types.Environment{Variables: map[string]string{"A": "a"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if upd.LastUpdateStatus != types.LastUpdateStatusInProgress || aws.ToString(upd.Description) != "changed" || *upd.MemorySize != 512 {
		t.Fatalf("update answer: %+v", upd)
	}
	cfg, err := e.client.GetFunctionConfiguration(ctx, &awslambda.GetFunctionConfigurationInput{FunctionName: aws.String("life")})
	if err != nil || cfg.LastUpdateStatus != types.LastUpdateStatusSuccessful || cfg.Environment.Variables["A"] != "a" || *cfg.Timeout != 10 {
		t.Fatalf("after update: %v %+v", err, cfg)
	}

	code2 := pyZip(t, echoPy+"\n# v2\n")
	uc, err := e.client.UpdateFunctionCode(ctx, &awslambda.UpdateFunctionCodeInput{FunctionName: aws.String("life"), ZipFile: code2})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(uc.CodeSha256) == aws.ToString(created.CodeSha256) || uc.CodeSize != int64(len(code2)) {
		t.Fatalf("code update: %+v", uc)
	}

	// Waiters read what AWS's do.
	if err := awslambda.NewFunctionActiveV2Waiter(e.client).Wait(ctx, &awslambda.GetFunctionInput{FunctionName: aws.String("life")}, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := awslambda.NewFunctionUpdatedV2Waiter(e.client).Wait(ctx, &awslambda.GetFunctionInput{FunctionName: aws.String("life")}, 10*time.Second); err != nil {
		t.Fatal(err)
	}

	if _, err := e.client.DeleteFunction(ctx, &awslambda.DeleteFunctionInput{FunctionName: aws.String("life")}); err != nil {
		t.Fatal(err)
	}
	_, err = e.client.GetFunction(ctx, &awslambda.GetFunctionInput{FunctionName: aws.String("life")})
	ae := apiErrorOf(t, err, "ResourceNotFoundException")
	if ae.ErrorMessage() != "Function not found: arn:aws:lambda:us-east-1:000000000000:function:life" {
		t.Fatalf("message %q", ae.ErrorMessage())
	}
}

// TestWireErrorShape checks the raw answer: status, x-amzn-ErrorType, body.
func TestWireErrorShape(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, method, path, body string
		status                   int
		typ                      string
		wantBody                 map[string]string
	}{
		{"not found", "GET", "/2015-03-31/functions/nope", "", 404, "ResourceNotFoundException",
			map[string]string{"Type": "User", "Message": "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope"}},
		{"qualified not found", "GET", "/2015-03-31/functions/nope/configuration?Qualifier=3", "", 404, "ResourceNotFoundException",
			map[string]string{"Type": "User", "Message": "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope:3"}},
		{"bad name", "GET", "/2015-03-31/functions/bad%20name", "", 400, "ValidationException", nil},
		{"not a zip", "POST", "/2015-03-31/functions", `{"FunctionName":"z","Runtime":"python3.12","Handler":"a.b","Role":"` + testRole + `","Code":{"ZipFile":"bm90IGEgemlw"}}`,
			400, "InvalidParameterValueException", map[string]string{"Type": "User", "message": "Could not unzip uploaded file. Please check your file, then try to upload again."}},
		{"unknown operation", "GET", "/2015-03-31/functions/x/nothing", "", 404, "UnknownOperationException", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, e.srv.URL+tc.path, strings.NewReader(tc.body))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tc.status || resp.Header.Get("X-Amzn-Errortype") != tc.typ || resp.Header.Get("X-Amzn-Requestid") == "" {
				t.Fatalf("status %d type %q request id %q", resp.StatusCode, resp.Header.Get("X-Amzn-Errortype"), resp.Header.Get("X-Amzn-Requestid"))
			}
			if tc.wantBody != nil {
				var body map[string]string
				if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
					t.Fatal(err)
				}
				for k, v := range tc.wantBody {
					if body[k] != v {
						t.Fatalf("body %v, want %s=%q", body, k, v)
					}
				}
			}
		})
	}
}

func TestCreateAndUpdateErrors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	code := pyZip(t, echoPy)
	e.create(fnSpec{name: "dup", runtime: "python3.12", handler: "app.handler", zip: code})
	base := func(m func(*awslambda.CreateFunctionInput)) *awslambda.CreateFunctionInput {
		in := &awslambda.CreateFunctionInput{FunctionName: aws.String("f1"), Runtime: types.RuntimePython312,
			Handler: aws.String("app.handler"), Role: aws.String(testRole), Code: &types.FunctionCode{ZipFile: code}}
		m(in)
		return in
	}
	tests := []struct {
		name string
		in   *awslambda.CreateFunctionInput
		code string
		msg  string
	}{
		{"exists", base(func(in *awslambda.CreateFunctionInput) { in.FunctionName = aws.String("dup") }),
			"ResourceConflictException", "Function already exist: dup"},
		{"runtime", base(func(in *awslambda.CreateFunctionInput) { in.Runtime = "python9.9" }),
			"InvalidParameterValueException", "Value python9.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: " + validRuntimes + " or be a valid ARN"},
		{"s3 code", base(func(in *awslambda.CreateFunctionInput) {
			in.Code = &types.FunctionCode{S3Bucket: aws.String("b"), S3Key: aws.String("k.zip")}
		}), "InvalidParameterValueException", ""},
		{"reserved env", base(func(in *awslambda.CreateFunctionInput) {
			in.Environment = &types.Environment{Variables: map[string]string{"AWS_REGION": "x"}}
		}), "InvalidParameterValueException", "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION"},
		{"timeout", base(func(in *awslambda.CreateFunctionInput) { in.Timeout = aws.Int32(901) }),
			"ValidationException", "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900"},
		{"role", base(func(in *awslambda.CreateFunctionInput) { in.Role = aws.String("nope") }), "ValidationException", ""},
		{"not a zip", base(func(in *awslambda.CreateFunctionInput) { in.Code = &types.FunctionCode{ZipFile: []byte("plain text")} }),
			"InvalidParameterValueException", "Could not unzip uploaded file. Please check your file, then try to upload again."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.client.CreateFunction(ctx, tc.in)
			ae := apiErrorOf(t, err, tc.code)
			if tc.msg != "" && ae.ErrorMessage() != tc.msg {
				t.Fatalf("message %q\nwant    %q", ae.ErrorMessage(), tc.msg)
			}
		})
	}
	_, err := e.client.UpdateFunctionConfiguration(ctx, &awslambda.UpdateFunctionConfigurationInput{
		FunctionName: aws.String("dup"), RevisionId: aws.String("stale"), Description: aws.String("x")})
	apiError(t, err, "PreconditionFailedException")
	_, err = e.client.UpdateFunctionCode(ctx, &awslambda.UpdateFunctionCodeInput{FunctionName: aws.String("nope"), ZipFile: code})
	apiError(t, err, "ResourceNotFoundException")
	_, err = e.client.DeleteFunction(ctx, &awslambda.DeleteFunctionInput{FunctionName: aws.String("dup"), Qualifier: aws.String("$LATEST")})
	apiError(t, err, "InvalidParameterValueException")
}

func TestVersionsAndAliases(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.create(fnSpec{name: "v", runtime: "python3.12", handler: "app.handler", zip: pyZip(t, echoPy)})
	v1, err := e.client.PublishVersion(ctx, &awslambda.PublishVersionInput{FunctionName: aws.String("v"), Description: aws.String("first")})
	if err != nil || aws.ToString(v1.Version) != "1" || aws.ToString(v1.FunctionArn) != "arn:aws:lambda:us-east-1:000000000000:function:v:1" {
		t.Fatalf("publish: %v %+v", err, v1)
	}
	same, err := e.client.PublishVersion(ctx, &awslambda.PublishVersionInput{FunctionName: aws.String("v")})
	if err != nil || aws.ToString(same.Version) != "1" {
		t.Fatalf("publish unchanged: %v %+v", err, same)
	}
	_, err = e.client.PublishVersion(ctx, &awslambda.PublishVersionInput{FunctionName: aws.String("v"), CodeSha256: aws.String("other")})
	apiError(t, err, "InvalidParameterValueException")
	if _, err := e.client.UpdateFunctionCode(ctx, &awslambda.UpdateFunctionCodeInput{FunctionName: aws.String("v"),
		ZipFile: pyZip(t, strings.Replace(echoPy, `"version"`, `"v2"`, 1)), Publish: true}); err != nil {
		t.Fatal(err)
	}
	vs, err := e.client.ListVersionsByFunction(ctx, &awslambda.ListVersionsByFunctionInput{FunctionName: aws.String("v")})
	if err != nil || len(vs.Versions) != 3 || aws.ToString(vs.Versions[0].Version) != "$LATEST" || aws.ToString(vs.Versions[2].Version) != "2" {
		t.Fatalf("versions: %v %+v", err, vs)
	}
	fc, err := e.client.GetFunctionConfiguration(ctx, &awslambda.GetFunctionConfigurationInput{FunctionName: aws.String("v"), Qualifier: aws.String("1")})
	if err != nil || fc.LastUpdateStatus != types.LastUpdateStatusSuccessful || aws.ToString(fc.Description) != "first" {
		t.Fatalf("version 1: %v %+v", err, fc)
	}

	al, err := e.client.CreateAlias(ctx, &awslambda.CreateAliasInput{FunctionName: aws.String("v"), Name: aws.String("live"), FunctionVersion: aws.String("1")})
	if err != nil || aws.ToString(al.AliasArn) != "arn:aws:lambda:us-east-1:000000000000:function:v:live" {
		t.Fatalf("alias: %v %+v", err, al)
	}
	_, err = e.client.CreateAlias(ctx, &awslambda.CreateAliasInput{FunctionName: aws.String("v"), Name: aws.String("live"), FunctionVersion: aws.String("1")})
	apiError(t, err, "ResourceConflictException")
	_, err = e.client.CreateAlias(ctx, &awslambda.CreateAliasInput{FunctionName: aws.String("v"), Name: aws.String("bad"), FunctionVersion: aws.String("9")})
	apiError(t, err, "ResourceNotFoundException")
	_, err = e.client.GetAlias(ctx, &awslambda.GetAliasInput{FunctionName: aws.String("v"), Name: aws.String("nope")})
	if ae := apiErrorOf(t, err, "ResourceNotFoundException"); ae.ErrorMessage() != "Cannot find alias arn: arn:aws:lambda:us-east-1:000000000000:function:v:nope" {
		t.Fatal(ae.ErrorMessage())
	}

	tests := []struct {
		qualifier, wantVersion, key string
	}{
		{"", "$LATEST", "v2"},
		{"1", "1", "version"},
		{"2", "2", "v2"},
		{"live", "1", "version"},
	}
	for _, tc := range tests {
		out := e.invoke("v", `{}`, func(in *awslambda.InvokeInput) {
			if tc.qualifier != "" {
				in.Qualifier = aws.String(tc.qualifier)
			}
		})
		if aws.ToString(out.ExecutedVersion) != tc.wantVersion || !strings.Contains(string(out.Payload), tc.key) {
			t.Fatalf("qualifier %q: executed %s, payload %s", tc.qualifier, aws.ToString(out.ExecutedVersion), out.Payload)
		}
	}
	out := e.invoke("arn:aws:lambda:us-east-1:000000000000:function:v:live", `{}`)
	if aws.ToString(out.ExecutedVersion) != "1" {
		t.Fatalf("alias ARN executed %s", aws.ToString(out.ExecutedVersion))
	}

	if _, err := e.client.UpdateAlias(ctx, &awslambda.UpdateAliasInput{FunctionName: aws.String("v"), Name: aws.String("live"), FunctionVersion: aws.String("2")}); err != nil {
		t.Fatal(err)
	}
	if out := e.invoke("v", `{}`, func(in *awslambda.InvokeInput) { in.Qualifier = aws.String("live") }); aws.ToString(out.ExecutedVersion) != "2" {
		t.Fatalf("after UpdateAlias executed %s", aws.ToString(out.ExecutedVersion))
	}
	as, err := e.client.ListAliases(ctx, &awslambda.ListAliasesInput{FunctionName: aws.String("v")})
	if err != nil || len(as.Aliases) != 1 || aws.ToString(as.Aliases[0].FunctionVersion) != "2" {
		t.Fatalf("aliases: %v %+v", err, as)
	}
	if _, err := e.client.DeleteAlias(ctx, &awslambda.DeleteAliasInput{FunctionName: aws.String("v"), Name: aws.String("live")}); err != nil {
		t.Fatal(err)
	}
	_, err = e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("v"), Qualifier: aws.String("live")})
	apiError(t, err, "ResourceNotFoundException")
	if _, err := e.client.DeleteFunction(ctx, &awslambda.DeleteFunctionInput{FunctionName: aws.String("v"), Qualifier: aws.String("1")}); err != nil {
		t.Fatal(err)
	}
	_, err = e.client.GetFunction(ctx, &awslambda.GetFunctionInput{FunctionName: aws.String("v"), Qualifier: aws.String("1")})
	apiError(t, err, "ResourceNotFoundException")
}

func TestPermissions(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.create(fnSpec{name: "p", runtime: "python3.12", handler: "app.handler", zip: pyZip(t, echoPy)})
	_, err := e.client.GetPolicy(ctx, &awslambda.GetPolicyInput{FunctionName: aws.String("p")})
	apiError(t, err, "ResourceNotFoundException")
	add, err := e.client.AddPermission(ctx, &awslambda.AddPermissionInput{
		FunctionName: aws.String("p"), StatementId: aws.String("apigw"), Action: aws.String("lambda:InvokeFunction"),
		Principal: aws.String("apigateway.amazonaws.com"), SourceArn: aws.String("arn:aws:execute-api:us-east-1:000000000000:abc123/*/POST/items"),
	})
	if err != nil {
		t.Fatal(err)
	}
	var stmt map[string]any
	if err := json.Unmarshal([]byte(aws.ToString(add.Statement)), &stmt); err != nil {
		t.Fatal(err)
	}
	if stmt["Resource"] != "arn:aws:lambda:us-east-1:000000000000:function:p" ||
		stmt["Principal"].(map[string]any)["Service"] != "apigateway.amazonaws.com" ||
		stmt["Condition"].(map[string]any)["ArnLike"].(map[string]any)["AWS:SourceArn"] == nil {
		t.Fatalf("statement %v", stmt)
	}
	_, err = e.client.AddPermission(ctx, &awslambda.AddPermissionInput{FunctionName: aws.String("p"), StatementId: aws.String("apigw"),
		Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("apigateway.amazonaws.com")})
	if ae := apiErrorOf(t, err, "ResourceConflictException"); !strings.HasPrefix(ae.ErrorMessage(), "The statement id (apigw) provided already exists.") {
		t.Fatal(ae.ErrorMessage())
	}
	pol, err := e.client.GetPolicy(ctx, &awslambda.GetPolicyInput{FunctionName: aws.String("p")})
	if err != nil || !strings.Contains(aws.ToString(pol.Policy), `"Sid":"apigw"`) || aws.ToString(pol.RevisionId) == "" {
		t.Fatalf("policy: %v %+v", err, pol)
	}

	permitted := []struct {
		fn, principal, source string
		want                  bool
	}{
		{"p", "apigateway.amazonaws.com", "arn:aws:execute-api:us-east-1:000000000000:abc123/prod/POST/items", true},
		{"arn:aws:lambda:us-east-1:000000000000:function:p", "apigateway.amazonaws.com", "arn:aws:execute-api:us-east-1:000000000000:abc123/test/POST/items", true},
		{"p", "apigateway.amazonaws.com", "arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/items", false},
		{"p", "apigateway.amazonaws.com", "arn:aws:execute-api:us-east-1:000000000000:other/prod/POST/items", false},
		{"p", "s3.amazonaws.com", "arn:aws:execute-api:us-east-1:000000000000:abc123/prod/POST/items", false},
		{"p:live", "apigateway.amazonaws.com", "arn:aws:execute-api:us-east-1:000000000000:abc123/prod/POST/items", false},
		{"nope", "apigateway.amazonaws.com", "arn:aws:execute-api:us-east-1:000000000000:abc123/prod/POST/items", false},
	}
	for _, tc := range permitted {
		if got := e.svc.Permitted(tc.fn, tc.principal, tc.source); got != tc.want {
			t.Errorf("Permitted(%s, %s, %s) = %v", tc.fn, tc.principal, tc.source, got)
		}
	}

	if _, err := e.client.RemovePermission(ctx, &awslambda.RemovePermissionInput{FunctionName: aws.String("p"), StatementId: aws.String("apigw")}); err != nil {
		t.Fatal(err)
	}
	_, err = e.client.RemovePermission(ctx, &awslambda.RemovePermissionInput{FunctionName: aws.String("p"), StatementId: aws.String("apigw")})
	apiError(t, err, "ResourceNotFoundException")
	if e.svc.Permitted("p", "apigateway.amazonaws.com", "arn:aws:execute-api:us-east-1:000000000000:abc123/prod/POST/items") {
		t.Fatal("permitted after RemovePermission")
	}
	_, err = e.client.AddPermission(ctx, &awslambda.AddPermissionInput{FunctionName: aws.String("p"), StatementId: aws.String("x"),
		Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("apigateway.amazonaws.com"), Qualifier: aws.String("$LATEST")})
	apiError(t, err, "InvalidParameterValueException")
}

func TestTagsAndConcurrency(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.create(fnSpec{name: "t", runtime: "python3.12", handler: "app.handler", zip: pyZip(t, echoPy)})
	arn := "arn:aws:lambda:us-east-1:000000000000:function:t"
	if _, err := e.client.TagResource(ctx, &awslambda.TagResourceInput{Resource: aws.String(arn), Tags: map[string]string{"a": "1", "b": "2"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.UntagResource(ctx, &awslambda.UntagResourceInput{Resource: aws.String(arn), TagKeys: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := e.client.ListTags(ctx, &awslambda.ListTagsInput{Resource: aws.String(arn)})
	if err != nil || len(tags.Tags) != 1 || tags.Tags["b"] != "2" {
		t.Fatalf("tags: %v %+v", err, tags)
	}
	_, err = e.client.TagResource(ctx, &awslambda.TagResourceInput{Resource: aws.String(arn + ":1"), Tags: map[string]string{"a": "1"}})
	apiError(t, err, "InvalidParameterValueException")

	gc, err := e.client.GetFunctionConcurrency(ctx, &awslambda.GetFunctionConcurrencyInput{FunctionName: aws.String("t")})
	if err != nil || gc.ReservedConcurrentExecutions != nil {
		t.Fatalf("no concurrency: %v %+v", err, gc)
	}
	if _, err := e.client.PutFunctionConcurrency(ctx, &awslambda.PutFunctionConcurrencyInput{FunctionName: aws.String("t"), ReservedConcurrentExecutions: aws.Int32(5)}); err != nil {
		t.Fatal(err)
	}
	got, err := e.client.GetFunction(ctx, &awslambda.GetFunctionInput{FunctionName: aws.String("t")})
	if err != nil || got.Concurrency == nil || *got.Concurrency.ReservedConcurrentExecutions != 5 || got.Tags["b"] != "2" {
		t.Fatalf("GetFunction concurrency/tags: %v %+v", err, got)
	}
	_, err = e.client.PutFunctionConcurrency(ctx, &awslambda.PutFunctionConcurrencyInput{FunctionName: aws.String("t"), ReservedConcurrentExecutions: aws.Int32(901)})
	apiError(t, err, "InvalidParameterValueException")
	if _, err := e.client.DeleteFunctionConcurrency(ctx, &awslambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String("t")}); err != nil {
		t.Fatal(err)
	}
	// What HashiCorp's provider reads besides.
	if _, err := e.client.GetFunctionCodeSigningConfig(ctx, &awslambda.GetFunctionCodeSigningConfigInput{FunctionName: aws.String("t")}); err != nil {
		t.Fatal(err)
	}
	rm, err := e.client.GetRuntimeManagementConfig(ctx, &awslambda.GetRuntimeManagementConfigInput{FunctionName: aws.String("t")})
	if err != nil || rm.UpdateRuntimeOn != types.UpdateRuntimeOnAuto {
		t.Fatalf("runtime management: %v %+v", err, rm)
	}
	rc, err := e.client.GetFunctionRecursionConfig(ctx, &awslambda.GetFunctionRecursionConfigInput{FunctionName: aws.String("t")})
	if err != nil || rc.RecursiveLoop != types.RecursiveLoopTerminate {
		t.Fatalf("recursion: %v %+v", err, rc)
	}
	_, err = e.client.GetFunctionUrlConfig(ctx, &awslambda.GetFunctionUrlConfigInput{FunctionName: aws.String("t")})
	apiError(t, err, "ResourceNotFoundException")
	_, err = e.client.GetFunctionEventInvokeConfig(ctx, &awslambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String("t")})
	apiError(t, err, "ResourceNotFoundException")
	pcs, err := e.client.ListProvisionedConcurrencyConfigs(ctx, &awslambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String("t")})
	if err != nil || len(pcs.ProvisionedConcurrencyConfigs) != 0 {
		t.Fatalf("provisioned: %v", err)
	}
	if _, err := e.client.GetAccountSettings(ctx, &awslambda.GetAccountSettingsInput{}); err != nil {
		t.Fatal(err)
	}
}

func TestInvokeRequestErrors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.create(fnSpec{name: "i", runtime: "python3.12", handler: "app.handler", zip: pyZip(t, echoPy)})
	_, err := e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("i"), Payload: make([]byte, MaxSyncPayload+1)})
	if ae := apiErrorOf(t, err, "RequestEntityTooLargeException"); ae.ErrorMessage() != "Request must be smaller than 6291456 bytes for the InvokeFunction operation" {
		t.Fatal(ae.ErrorMessage())
	}
	_, err = e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("i"), Payload: []byte("{not json")})
	apiError(t, err, "InvalidRequestContentException")
	_, err = e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("nope")})
	apiError(t, err, "ResourceNotFoundException")
	dry, err := e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("i"), InvocationType: types.InvocationTypeDryRun})
	if err != nil || dry.StatusCode != 204 {
		t.Fatalf("DryRun: %v %+v", err, dry)
	}
	// A runtime the host does not run: created, refused at Invoke with what
	// portico runs.
	e.create(fnSpec{name: "java", runtime: "java21", handler: "a.B::handle", zip: zipOf(t, file{name: "a/B.class", body: "x"})})
	_, err = e.client.Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String("java")})
	if ae := apiErrorOf(t, err, "InvalidRuntimeException"); !strings.Contains(ae.ErrorMessage(), "java21") {
		t.Fatal(ae.ErrorMessage())
	}
	// In-process Invoke carries the same errors.
	_, err = e.svc.Invoke(ctx, InvokeInput{FunctionName: "nope"})
	var le *Error
	if !asError(err, &le) || le.Status != 404 || le.Type != "ResourceNotFoundException" {
		t.Fatalf("in-process Invoke of a missing function: %v", err)
	}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}
