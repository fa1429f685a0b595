package invoke_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/portico/portico/internal/gateway/gatewaytest"
)

const pyHandler = `import json

def handler(event, context):
    if event.get("path", "").endswith("/boom") or event.get("boom"):
        raise ValueError("NotFound: pet " + str(event.get("id", "?")))
    if "httpMethod" in event:
        return {"statusCode": 200, "headers": {"X-Fn": context.function_name},
                "body": json.dumps({"path": event["path"], "stage": event["requestContext"]["stage"], "id": event.get("pathParameters", {}).get("id")})}
    return {"echo": event, "fn": context.function_name}
`

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestLocalLambdaIntegrations: AWS_PROXY and AWS integrations call functions
// held by portico serve itself (real python3 handlers), and a function
// without an aws_lambda_permission for the method is AWS's 500 with
// "Invalid permissions on Lambda function" in the log.
func TestLocalLambdaIntegrations(t *testing.T) {
	g := startGateway(t, "")
	lc := lambda.New(lambda.Options{Region: gatewaytest.Region, BaseEndpoint: aws.String(g.endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), Retryer: aws.NopRetryer{}})
	code := zipOf(t, map[string]string{"app.py": pyHandler})
	var arns = map[string]string{}
	for _, name := range []string{"pets", "forbidden"} {
		out, err := lc.CreateFunction(g.ctx, &lambda.CreateFunctionInput{FunctionName: aws.String(name), Runtime: lambdatypes.RuntimePython312,
			Handler: aws.String("app.handler"), Role: aws.String("arn:aws:iam::000000000000:role/r"), Code: &lambdatypes.FunctionCode{ZipFile: code}})
		if err != nil {
			t.Fatal(err)
		}
		arns[name] = *out.FunctionArn
	}
	a := g.newAPI(t)
	invokeURI := func(fn string) *string {
		return aws.String("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + arns[fn] + "/invocations")
	}
	a.method(t, "/pets/{id}", "GET", map[string]bool{"method.request.path.id": true},
		&apigateway.PutIntegrationInput{Type: types.IntegrationTypeAwsProxy, IntegrationHttpMethod: aws.String("POST"), Uri: invokeURI("pets")})
	a.method(t, "/plain", "POST", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeAws, IntegrationHttpMethod: aws.String("POST"), Uri: invokeURI("pets"),
		RequestTemplates: map[string]string{"application/json": `{"id": $input.json('$.id'), "boom": $input.json('$.boom')}`}})
	a.response(t, "/plain", "POST", "200", nil, nil, map[string]string{"application/json": `{"got": $input.json('$.echo.id'), "fn": "$input.path('$.fn')"}`})
	a.response(t, "/plain", "POST", "404", aws.String("NotFound.*"), nil, map[string]string{"application/json": `{"error": "$input.path('$.errorMessage')"}`})
	a.method(t, "/nope", "GET", nil, &apigateway.PutIntegrationInput{Type: types.IntegrationTypeAwsProxy, IntegrationHttpMethod: aws.String("POST"), Uri: invokeURI("forbidden")})
	a.deploy(t, "dev", nil)
	execARN := "arn:aws:execute-api:us-east-1:000000000000:" + a.id
	for _, p := range []struct{ sid, source string }{{"proxy", execARN + "/*/GET/pets/{id}"}, {"plain", execARN + "/*/*/*"}} {
		if _, err := lc.AddPermission(g.ctx, &lambda.AddPermissionInput{FunctionName: aws.String("pets"), StatementId: aws.String(p.sid),
			Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("apigateway.amazonaws.com"), SourceArn: aws.String(p.source)}); err != nil {
			t.Fatal(err)
		}
	}
	// forbidden may be invoked by another API only.
	if _, err := lc.AddPermission(g.ctx, &lambda.AddPermissionInput{FunctionName: aws.String("forbidden"), StatementId: aws.String("other"),
		Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("apigateway.amazonaws.com"), SourceArn: aws.String("arn:aws:execute-api:us-east-1:000000000000:otherapi/*/*/*")}); err != nil {
		t.Fatal(err)
	}

	r := a.call(t, "GET", "dev", "/pets/7", "", nil)
	var body map[string]any
	if r.status != 200 || r.header.Get("X-Fn") != "pets" || json.Unmarshal([]byte(r.body), &body) != nil || body["id"] != "7" || body["stage"] != "dev" || body["path"] != "/pets/7" {
		t.Errorf("AWS_PROXY: %d %v %s", r.status, r.header, r.body)
	}
	r = a.call(t, "POST", "dev", "/plain", `{"id": 5}`, map[string]string{"Content-Type": "application/json"})
	if r.status != 200 || strings.ReplaceAll(r.body, " ", "") != `{"got":5,"fn":"pets"}` {
		t.Errorf("AWS: %d %s", r.status, r.body)
	}
	r = a.call(t, "POST", "dev", "/plain", `{"id": 9, "boom": true}`, map[string]string{"Content-Type": "application/json"})
	if r.status != 404 || !strings.Contains(r.body, `"error": "NotFound: pet 9"`) {
		t.Errorf("AWS error mapping: %d %s", r.status, r.body)
	}
	r = a.call(t, "GET", "dev", "/nope", "", nil)
	if r.status != 500 || r.body != `{"message": "Internal server error"}` {
		t.Errorf("missing permission: %d %s", r.status, r.body)
	}
	// TestInvokeMethod's log names the cause.
	out, err := g.c.TestInvokeMethod(g.ctx, &apigateway.TestInvokeMethodInput{RestApiId: &a.id, ResourceId: aws.String(a.paths["/nope"]), HttpMethod: aws.String("GET")})
	if err != nil {
		t.Fatal(err)
	}
	if out.Status != 500 || !strings.Contains(aws.ToString(out.Log), "Invalid permissions on Lambda function") {
		t.Errorf("TestInvokeMethod: %d %s", out.Status, aws.ToString(out.Log))
	}
}
