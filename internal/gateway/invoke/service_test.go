package invoke_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kinesistypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/portico/portico/internal/app"
	"github.com/portico/portico/internal/gateway/gatewaytest"
	"github.com/portico/portico/internal/upstream/upstreamtest"
)

// AWS integrations with SQS, DynamoDB, SNS, Kinesis, S3, Step Functions
// and EventBridge, against a real moto_server behind portico: every
// resource is created through portico's pass-through, the methods use the
// templates AWS's documentation and users write, and every effect is read
// back from moto directly.

const account = upstreamtest.Account // moto's: resources created through the pass-through live there

// svcEnv is a gateway with moto behind it.
type svcEnv struct {
	g           *gw
	moto        *upstreamtest.Moto
	via, direct aws.Config // SDK configurations: through portico, and moto itself
	role        string     // an IAM role (created at moto) for the integrations' credentials
	logs        *syncBuffer
	ctx         context.Context
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startServiceEnv(t *testing.T, moto *upstreamtest.Moto) *svcEnv {
	t.Helper()
	logs := &syncBuffer{}
	cfg := app.Config{Logger: slog.New(slog.NewTextHandler(logs, nil))}
	if moto != nil {
		cfg.Upstream = moto.URL
	}
	_, endpoint := gatewaytest.StartServer(t, cfg)
	e := &svcEnv{
		g:    &gw{endpoint: endpoint, c: gatewaytest.NewClient(endpoint), ctx: context.Background()},
		moto: moto, via: upstreamtest.Config(endpoint), logs: logs, ctx: context.Background(),
		role: "arn:aws:iam::" + account + ":role/apigw",
	}
	if moto != nil {
		e.direct = upstreamtest.Config(moto.URL)
		out := must(awsiam.NewFromConfig(e.via).CreateRole(e.ctx, &awsiam.CreateRoleInput{RoleName: aws.String("apigw-" + strings.ReplaceAll(t.Name(), "/", "-")),
			AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)}))(t)
		e.role = aws.ToString(out.Role.Arn)
	}
	return e
}

// awsInteg is an AWS integration of uri with the env's role.
func (e *svcEnv) awsInteg(uri, verb string, params, templates map[string]string) *apigateway.PutIntegrationInput {
	return &apigateway.PutIntegrationInput{
		Type: types.IntegrationTypeAws, IntegrationHttpMethod: aws.String(verb), Uri: aws.String(uri),
		Credentials: aws.String(e.role), RequestParameters: params, RequestTemplates: templates,
	}
}

// once calls the stage once (Host form): these integrations have effects.
func (a *api) once(t testing.TB, method, stage, path, body string, headers map[string]string) resp {
	t.Helper()
	f := a.urlForms(stage, path)["host"]
	return do(t, method, f.url, f.host, body, headers)
}

func jsonField(t *testing.T, body, field string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("body %q is not JSON: %v", body, err)
	}
	s, _ := m[field].(string)
	return s
}

func TestAWSServiceIntegrations(t *testing.T) {
	moto := upstreamtest.Start(t)
	t.Run("SQS", func(t *testing.T) { testSQS(t, startServiceEnv(t, moto)) })
	t.Run("DynamoDB", func(t *testing.T) { testDynamoDB(t, startServiceEnv(t, moto)) })
	t.Run("SNS", func(t *testing.T) { testSNS(t, startServiceEnv(t, moto)) })
	t.Run("Kinesis", func(t *testing.T) { testKinesis(t, startServiceEnv(t, moto)) })
	t.Run("S3", func(t *testing.T) { testS3(t, startServiceEnv(t, moto)) })
	t.Run("StepFunctions", func(t *testing.T) { testStepFunctions(t, startServiceEnv(t, moto)) })
	t.Run("EventBridge", func(t *testing.T) { testEventBridge(t, startServiceEnv(t, moto)) })
}

func receiveAll(t *testing.T, e *svcEnv, queue string) []sqstypes.Message {
	t.Helper()
	out := must(sqs.NewFromConfig(e.direct).ReceiveMessage(e.ctx, &sqs.ReceiveMessageInput{
		QueueUrl: aws.String(e.moto.URL + "/" + account + "/" + queue), MaxNumberOfMessages: 10}))(t)
	return out.Messages
}

func testSQS(t *testing.T, e *svcEnv) {
	must(sqs.NewFromConfig(e.via).CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: aws.String("orders")}))(t)
	a := e.g.newAPI(t)
	msgID := `{"messageId": "$input.path('$.SendMessageResponse.SendMessageResult.MessageId')"}`

	// the path form with a form body, as AWS's knowledge center shows it
	in := e.awsInteg("arn:aws:apigateway:us-east-1:sqs:path/"+account+"/orders", "POST",
		map[string]string{"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"},
		map[string]string{"application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"})
	in.PassthroughBehavior = aws.String("NEVER")
	a.method(t, "/orders", "POST", nil, in)
	a.response(t, "/orders", "POST", "200", nil, nil, map[string]string{"application/json": msgID})

	// the action form with query-string mappings (query protocol)
	a.method(t, "/orders/quick", "GET", map[string]bool{"method.request.querystring.msg": true}, e.awsInteg("arn:aws:apigateway:us-east-1:sqs:action/SendMessage", "POST",
		map[string]string{
			"integration.request.querystring.QueueUrl":    "'https://sqs.us-east-1.amazonaws.com/" + account + "/orders'",
			"integration.request.querystring.MessageBody": "method.request.querystring.msg",
		}, nil))
	a.response(t, "/orders/quick", "GET", "200", nil, nil, map[string]string{"application/json": msgID})

	// the JSON protocol with the headers mapped
	a.method(t, "/orders/json", "POST", nil, e.awsInteg("arn:aws:apigateway:us-east-1:sqs:path//", "POST",
		map[string]string{
			"integration.request.header.X-Amz-Target": "'AmazonSQS.SendMessage'",
			"integration.request.header.Content-Type": "'application/x-amz-json-1.0'",
		},
		map[string]string{"application/json": `{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/` + account + `/orders", "MessageBody": "$util.escapeJavaScript($input.body)"}`}))
	a.response(t, "/orders/json", "POST", "200", nil, nil, map[string]string{"application/json": `{"messageId": "$input.path('$.MessageId')"}`})
	a.deploy(t, "prod", nil)

	sent := map[string]string{} // message id -> body
	body := `{"order": 42, "note": "a&b=c + d"}`
	r := a.once(t, "POST", "prod", "/orders", body, map[string]string{"Content-Type": "application/json"})
	if r.status != 200 || jsonField(t, r.body, "messageId") == "" {
		t.Fatalf("path form: %d %s\nlog:\n%s", r.status, r.body, e.logs)
	}
	sent[jsonField(t, r.body, "messageId")] = body
	r = a.once(t, "GET", "prod", "/orders/quick?msg=hello%20world", "", nil)
	if r.status != 200 || jsonField(t, r.body, "messageId") == "" {
		t.Fatalf("action form: %d %s\nlog:\n%s", r.status, r.body, e.logs)
	}
	sent[jsonField(t, r.body, "messageId")] = "hello world"
	r = a.once(t, "POST", "prod", "/orders/json", `{"via":"json"}`, map[string]string{"Content-Type": "application/json"})
	if r.status != 200 || jsonField(t, r.body, "messageId") == "" {
		t.Fatalf("JSON protocol: %d %s\nlog:\n%s", r.status, r.body, e.logs)
	}
	sent[jsonField(t, r.body, "messageId")] = `{"via":"json"}`

	got := map[string]string{}
	for range 3 {
		for _, m := range receiveAll(t, e, "orders") {
			got[aws.ToString(m.MessageId)] = aws.ToString(m.Body)
		}
		if len(got) == len(sent) {
			break
		}
	}
	for id, b := range sent {
		if got[id] != b {
			t.Errorf("message %s in moto = %q, want %q (all: %v)", id, got[id], b, got)
		}
	}
}

func testDynamoDB(t *testing.T, e *svcEnv) {
	must(dynamodb.NewFromConfig(e.via).CreateTable(e.ctx, &dynamodb.CreateTableInput{
		TableName: aws.String("pets"),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{
			{AttributeName: aws.String("kind"), AttributeType: ddbtypes.ScalarAttributeTypeS},
			{AttributeName: aws.String("id"), AttributeType: ddbtypes.ScalarAttributeTypeS},
		},
		KeySchema: []ddbtypes.KeySchemaElement{
			{AttributeName: aws.String("kind"), KeyType: ddbtypes.KeyTypeHash},
			{AttributeName: aws.String("id"), KeyType: ddbtypes.KeyTypeRange},
		},
		BillingMode: ddbtypes.BillingModePayPerRequest,
	}))(t)
	a := e.g.newAPI(t)
	a.method(t, "/pets", "POST", nil, e.awsInteg("arn:aws:apigateway:us-east-1:dynamodb:action/PutItem", "POST", nil, map[string]string{"application/json": `{
  "TableName": "pets",
  "Item": {
    "kind": {"S": "$input.path('$.kind')"},
    "id": {"S": "$input.path('$.id')"},
    "name": {"S": "$util.escapeJavaScript($input.path('$.name'))"}
  }
}`}))
	a.response(t, "/pets", "POST", "200", nil, nil, map[string]string{"application/json": `{"stored": true}`})
	a.response(t, "/pets", "POST", "400", ptr(`4\d{2}`), nil, nil)
	a.method(t, "/pets/{kind}/{id}", "GET", map[string]bool{"method.request.path.kind": true, "method.request.path.id": true},
		e.awsInteg("arn:aws:apigateway:us-east-1:dynamodb:action/GetItem", "POST", nil, map[string]string{"application/json": `{"TableName": "pets", "Key": {"kind": {"S": "$input.params('kind')"}, "id": {"S": "$input.params('id')"}}}`}))
	a.response(t, "/pets/{kind}/{id}", "GET", "200", nil, nil, map[string]string{"application/json": `#set($item = $input.path('$.Item'))
{"id": "$item.id.S", "kind": "$item.kind.S", "name": "$item.name.S"}`})
	a.method(t, "/pets/{kind}", "GET", map[string]bool{"method.request.path.kind": true},
		e.awsInteg("arn:aws:apigateway:us-east-1:dynamodb:action/Query", "POST", nil, map[string]string{"application/json": `{
  "TableName": "pets",
  "KeyConditionExpression": "kind = :k",
  "ExpressionAttributeValues": {":k": {"S": "$input.params('kind')"}}
}`}))
	a.response(t, "/pets/{kind}", "GET", "200", nil, nil, map[string]string{"application/json": `#set($inputRoot = $input.path('$'))
{"pets": [
#foreach($elem in $inputRoot.Items)
  {"id": "$elem.id.S", "name": "$util.escapeJavaScript($elem.name.S)"}#if($foreach.hasNext),#end
#end
]}`})
	// a template that builds an invalid request: the service's own error
	a.method(t, "/broken", "POST", nil, e.awsInteg("arn:aws:apigateway:us-east-1:dynamodb:action/PutItem", "POST", nil,
		map[string]string{"application/json": `{"TableName": "no-such-table", "Item": {"id": {"S": "1"}}}`}))
	a.response(t, "/broken", "POST", "200", nil, nil, nil)
	a.deploy(t, "prod", nil)

	for _, p := range []string{`{"kind": "dog", "id": "1", "name": "Rex \"the\" dog"}`, `{"kind": "dog", "id": "2", "name": "Fido"}`, `{"kind": "cat", "id": "3", "name": "Tom"}`} {
		if r := a.once(t, "POST", "prod", "/pets", p, map[string]string{"Content-Type": "application/json"}); r.status != 200 || r.body != `{"stored": true}` {
			t.Fatalf("PutItem %s: %d %s\nlog:\n%s", p, r.status, r.body, e.logs)
		}
	}
	item := must(dynamodb.NewFromConfig(e.direct).GetItem(e.ctx, &dynamodb.GetItemInput{TableName: aws.String("pets"), Key: map[string]ddbtypes.AttributeValue{
		"kind": &ddbtypes.AttributeValueMemberS{Value: "dog"}, "id": &ddbtypes.AttributeValueMemberS{Value: "1"}}}))(t)
	if n, _ := item.Item["name"].(*ddbtypes.AttributeValueMemberS); n == nil || n.Value != `Rex "the" dog` {
		t.Errorf("moto holds %v, want the item put through the API", item.Item)
	}
	r := a.once(t, "GET", "prod", "/pets/dog/1", "", nil)
	if r.status != 200 || r.body != `{"id": "1", "kind": "dog", "name": "Rex "the" dog"}` {
		t.Errorf("GetItem: %d %s", r.status, r.body)
	}
	r = a.once(t, "GET", "prod", "/pets/dog", "", nil)
	var q struct {
		Pets []struct{ ID, Name string } `json:"pets"`
	}
	if err := json.Unmarshal([]byte(r.body), &q); r.status != 200 || err != nil || len(q.Pets) != 2 || q.Pets[0].Name != `Rex "the" dog` || q.Pets[1].Name != "Fido" {
		t.Errorf("Query: %d %s (%v)", r.status, r.body, err)
	}
	// the service's error selects the 4xx response and keeps its body
	r = a.once(t, "POST", "prod", "/pets", `{"kind": "dog"}`, map[string]string{"Content-Type": "application/json"})
	if r.status != 400 || !strings.Contains(r.body, "ValidationException") {
		t.Errorf("invalid PutItem: %d %s, want DynamoDB's 400 ValidationException", r.status, r.body)
	}
	// without a 4xx response the default one passes the error body on, as on AWS
	r = a.once(t, "POST", "prod", "/broken", `{}`, map[string]string{"Content-Type": "application/json"})
	if r.status != 200 || !strings.Contains(r.body, "ResourceNotFoundException") {
		t.Errorf("broken template: %d %s, want the service's error under the default 200", r.status, r.body)
	}
}

func testSNS(t *testing.T, e *svcEnv) {
	topic := must(sns.NewFromConfig(e.via).CreateTopic(e.ctx, &sns.CreateTopicInput{Name: aws.String("alerts")}))(t)
	must(sqs.NewFromConfig(e.via).CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: aws.String("alerts-inbox")}))(t)
	must(sns.NewFromConfig(e.direct).Subscribe(e.ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"),
		Endpoint: aws.String("arn:aws:sqs:us-east-1:" + account + ":alerts-inbox"), Attributes: map[string]string{"RawMessageDelivery": "true"}}))(t)
	a := e.g.newAPI(t)
	a.method(t, "/alerts", "POST", map[string]bool{"method.request.querystring.message": true, "method.request.querystring.subject": false},
		e.awsInteg("arn:aws:apigateway:us-east-1:sns:action/Publish", "POST", map[string]string{
			"integration.request.querystring.TopicArn": "'" + aws.ToString(topic.TopicArn) + "'",
			"integration.request.querystring.Message":  "method.request.querystring.message",
			"integration.request.querystring.Subject":  "method.request.querystring.subject",
		}, nil))
	a.response(t, "/alerts", "POST", "200", nil, nil, map[string]string{"application/json": `{"id": "$input.path('$.PublishResponse.PublishResult.MessageId')"}`})
	a.deploy(t, "prod", nil)

	r := a.once(t, "POST", "prod", "/alerts?message=disk%20full&subject=ops", `{"ignored": true}`, map[string]string{"Content-Type": "application/json"})
	if r.status != 200 || jsonField(t, r.body, "id") == "" {
		t.Fatalf("Publish: %d %s\nlog:\n%s", r.status, r.body, e.logs)
	}
	msgs := receiveAll(t, e, "alerts-inbox")
	if len(msgs) != 1 || aws.ToString(msgs[0].Body) != "disk full" {
		t.Errorf("the subscribed queue holds %+v, want the message published through the API", msgs)
	}
}

func testKinesis(t *testing.T, e *svcEnv) {
	must(kinesis.NewFromConfig(e.via).CreateStream(e.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("clicks"), ShardCount: aws.Int32(1)}))(t)
	a := e.g.newAPI(t)
	a.method(t, "/streams/{stream}/record", "PUT", map[string]bool{"method.request.path.stream": true},
		e.awsInteg("arn:aws:apigateway:us-east-1:kinesis:action/PutRecord", "POST", nil, map[string]string{"application/json": `{
    "StreamName": "$input.params('stream')",
    "Data": "$util.base64Encode($input.json('$.Data'))",
    "PartitionKey": "$input.path('$.PartitionKey')"
}`}))
	a.response(t, "/streams/{stream}/record", "PUT", "200", nil, nil, nil)
	a.deploy(t, "prod", nil)

	r := a.once(t, "PUT", "prod", "/streams/clicks/record", `{"Data": {"page": "/home", "n": 1}, "PartitionKey": "user-7"}`, map[string]string{"Content-Type": "application/json"})
	if r.status != 200 || jsonField(t, r.body, "SequenceNumber") == "" {
		t.Fatalf("PutRecord: %d %s\nlog:\n%s", r.status, r.body, e.logs)
	}
	k := kinesis.NewFromConfig(e.direct)
	desc := must(k.DescribeStream(e.ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("clicks")}))(t)
	it := must(k.GetShardIterator(e.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("clicks"),
		ShardId: desc.StreamDescription.Shards[0].ShardId, ShardIteratorType: kinesistypes.ShardIteratorTypeTrimHorizon}))(t)
	recs := must(k.GetRecords(e.ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator}))(t)
	if len(recs.Records) != 1 || string(recs.Records[0].Data) != `{"page":"/home","n":1}` || aws.ToString(recs.Records[0].PartitionKey) != "user-7" {
		t.Errorf("the stream holds %+v, want the record put through the API", recs.Records)
	}
}

func testS3(t *testing.T, e *svcEnv) {
	must(s3.NewFromConfig(e.via, func(o *s3.Options) { o.UsePathStyle = true }).CreateBucket(e.ctx, &s3.CreateBucketInput{Bucket: aws.String("media")}))(t)
	a := e.g.newAPI(t, "image/png")
	keyParam := map[string]bool{"method.request.path.key": true, "method.request.header.Content-Type": false}
	a.method(t, "/files/{key}", "PUT", keyParam, e.awsInteg("arn:aws:apigateway:us-east-1:s3:path/media/{key}", "PUT", map[string]string{
		"integration.request.path.key":            "method.request.path.key",
		"integration.request.header.Content-Type": "method.request.header.Content-Type",
	}, nil))
	a.response(t, "/files/{key}", "PUT", "200", nil, nil, nil)
	contentType := map[string]string{"method.response.header.Content-Type": "integration.response.header.Content-Type"}
	a.method(t, "/files/{key}", "GET", keyParam, e.awsInteg("arn:aws:apigateway:us-east-1:s3:path/media/{key}", "GET", map[string]string{
		"integration.request.path.key": "method.request.path.key",
	}, nil))
	a.response(t, "/files/{key}", "GET", "200", nil, contentType, nil)
	a.response(t, "/files/{key}", "GET", "404", ptr("404"), nil, nil)
	// the bucket as the URI's subdomain (virtual-hosted style on AWS)
	a.method(t, "/v/{key}", "GET", keyParam, e.awsInteg("arn:aws:apigateway:us-east-1:media.s3:path/{key}", "GET", map[string]string{
		"integration.request.path.key": "method.request.path.key",
	}, nil))
	a.response(t, "/v/{key}", "GET", "200", nil, contentType, nil)
	a.deploy(t, "prod", nil)

	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0x00, 0xff, 0xfe, 0x80}, 4096)...)
	r := a.once(t, "PUT", "prod", "/files/logo.png", string(png), map[string]string{"Content-Type": "image/png"})
	if r.status != 200 {
		t.Fatalf("PUT object: %d %s\nlog:\n%s", r.status, r.body, e.logs)
	}
	obj := must(s3.NewFromConfig(e.direct, func(o *s3.Options) { o.UsePathStyle = true }).GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String("media"), Key: aws.String("logo.png")}))(t)
	stored := must(io.ReadAll(obj.Body))(t)
	if !bytes.Equal(stored, png) || aws.ToString(obj.ContentType) != "image/png" {
		t.Errorf("moto holds %d bytes of %s, want the %d bytes of image/png put through the API", len(stored), aws.ToString(obj.ContentType), len(png))
	}
	for _, p := range []string{"/files/logo.png", "/v/logo.png"} {
		r = a.once(t, "GET", "prod", p, "", map[string]string{"Accept": "image/png"})
		if r.status != 200 || r.body != string(png) || r.header.Get("Content-Type") != "image/png" {
			t.Errorf("GET %s: %d, %d bytes of %s, want the object", p, r.status, len(r.body), r.header.Get("Content-Type"))
		}
	}
	r = a.once(t, "GET", "prod", "/files/missing.png", "", nil)
	if r.status != 404 || !strings.Contains(r.body, "NoSuchKey") {
		t.Errorf("missing object: %d %s, want S3's 404 NoSuchKey body", r.status, r.body)
	}
}

func testStepFunctions(t *testing.T, e *svcEnv) {
	sm := must(sfn.NewFromConfig(e.via).CreateStateMachine(e.ctx, &sfn.CreateStateMachineInput{Name: aws.String("checkout"), RoleArn: aws.String(e.role),
		Definition: aws.String(`{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}`)}))(t)
	a := e.g.newAPI(t)
	a.method(t, "/checkout", "POST", nil, e.awsInteg("arn:aws:apigateway:us-east-1:states:action/StartExecution", "POST", nil, map[string]string{"application/json": `#set($data = $util.escapeJavaScript($input.json('$')))
{
    "input": "$data",
    "stateMachineArn": "` + aws.ToString(sm.StateMachineArn) + `"
}`}))
	a.response(t, "/checkout", "POST", "200", nil, nil, map[string]string{"application/json": `{"execution": "$input.path('$.executionArn')"}`})
	a.deploy(t, "prod", nil)

	r := a.once(t, "POST", "prod", "/checkout", `{"cart": ["a", "b"], "total": 12.5}`, map[string]string{"Content-Type": "application/json"})
	arn := jsonField(t, r.body, "execution")
	if r.status != 200 || arn == "" {
		t.Fatalf("StartExecution: %d %s\nlog:\n%s", r.status, r.body, e.logs)
	}
	ex := must(sfn.NewFromConfig(e.direct).DescribeExecution(e.ctx, &sfn.DescribeExecutionInput{ExecutionArn: aws.String(arn)}))(t)
	var in map[string]any
	if err := json.Unmarshal([]byte(aws.ToString(ex.Input)), &in); err != nil || in["total"] != 12.5 {
		t.Errorf("the execution's input is %q, want the request body", aws.ToString(ex.Input))
	}
}

func testEventBridge(t *testing.T, e *svcEnv) {
	eb := eventbridge.NewFromConfig(e.via)
	must(eb.CreateEventBus(e.ctx, &eventbridge.CreateEventBusInput{Name: aws.String("orders-bus")}))(t)
	must(sqs.NewFromConfig(e.via).CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: aws.String("order-events")}))(t)
	must(eb.PutRule(e.ctx, &eventbridge.PutRuleInput{Name: aws.String("all"), EventBusName: aws.String("orders-bus"), EventPattern: aws.String(`{"source": ["shop"]}`)}))(t)
	must(eb.PutTargets(e.ctx, &eventbridge.PutTargetsInput{Rule: aws.String("all"), EventBusName: aws.String("orders-bus"),
		Targets: []ebtypes.Target{{Id: aws.String("q"), Arn: aws.String("arn:aws:sqs:us-east-1:" + account + ":order-events")}}}))(t)
	a := e.g.newAPI(t)
	a.method(t, "/events", "POST", nil, e.awsInteg("arn:aws:apigateway:us-east-1:events:action/PutEvents", "POST", map[string]string{
		"integration.request.header.X-Amz-Target": "'AWSEvents.PutEvents'",
		"integration.request.header.Content-Type": "'application/x-amz-json-1.1'",
	}, map[string]string{"application/json": `{"Entries": [{
  "Source": "shop",
  "DetailType": "order placed",
  "Detail": "$util.escapeJavaScript($input.json('$'))",
  "EventBusName": "orders-bus"
}]}`}))
	a.response(t, "/events", "POST", "200", nil, nil, map[string]string{"application/json": `{"failed": $input.path('$.FailedEntryCount'), "id": "$input.path('$.Entries[0].EventId')"}`})
	a.deploy(t, "prod", nil)

	r := a.once(t, "POST", "prod", "/events", `{"order": 7}`, map[string]string{"Content-Type": "application/json"})
	if r.status != 200 || !strings.HasPrefix(r.body, `{"failed": 0, "id": "`) || jsonField(t, r.body, "id") == "" {
		t.Fatalf("PutEvents: %d %s\nlog:\n%s", r.status, r.body, e.logs)
	}
	msgs := receiveAll(t, e, "order-events")
	if len(msgs) != 1 {
		t.Fatalf("the rule's queue holds %d messages, want the event", len(msgs))
	}
	var ev struct {
		Source     string         `json:"source"`
		DetailType string         `json:"detail-type"`
		Detail     map[string]any `json:"detail"`
	}
	if err := json.Unmarshal([]byte(aws.ToString(msgs[0].Body)), &ev); err != nil || ev.Source != "shop" || ev.Detail["order"] != float64(7) {
		t.Errorf("event %s (%v), want source shop, detail {order: 7}", aws.ToString(msgs[0].Body), err)
	}
}

// TestInvokeMethod shows the service request in AWS's execution-log form.
func TestAWSServiceTestInvoke(t *testing.T) {
	e := startServiceEnv(t, upstreamtest.Start(t))
	must(sqs.NewFromConfig(e.via).CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: aws.String("logged")}))(t)
	a := e.g.newAPI(t)
	a.method(t, "/q", "POST", nil, e.awsInteg("arn:aws:apigateway:us-east-1:sqs:path/"+account+"/logged", "POST",
		map[string]string{"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"},
		map[string]string{"application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"}))
	a.response(t, "/q", "POST", "200", nil, nil, nil)
	out := must(e.g.c.TestInvokeMethod(e.ctx, &apigateway.TestInvokeMethodInput{RestApiId: &a.id, ResourceId: aws.String(a.paths["/q"]),
		HttpMethod: aws.String("POST"), Body: aws.String(`{"a":1}`), Headers: map[string]string{"Content-Type": "application/json"}}))(t)
	log := aws.ToString(out.Log)
	for _, want := range []string{
		"Endpoint request URI: https://sqs.us-east-1.amazonaws.com/" + account + "/logged",
		"Endpoint request body after transformations: Action=SendMessage&MessageBody=%7B%22a%22%3A1%7D",
		"Received response. Status: 200",
		"SendMessageResponse",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("execution log lacks %q:\n%s", want, log)
		}
	}
	if out.Status != 200 {
		t.Errorf("status %d, body %s", out.Status, aws.ToString(out.Body))
	}
}

// Without --upstream, an AWS service integration is a 500 whose log line
// names the flag.
func TestAWSServiceWithoutUpstream(t *testing.T) {
	e := startServiceEnv(t, nil)
	a := e.g.newAPI(t)
	a.method(t, "/q", "POST", nil, e.awsInteg("arn:aws:apigateway:us-east-1:sqs:path/"+account+"/q", "POST", nil, nil))
	a.response(t, "/q", "POST", "200", nil, nil, nil)
	a.deploy(t, "prod", nil)
	r := a.once(t, "POST", "prod", "/q", "x", nil)
	if r.status != http.StatusInternalServerError || r.body != `{"message": "Internal server error"}` {
		t.Errorf("%d %s, want AWS's 500", r.status, r.body)
	}
	if !strings.Contains(e.logs.String(), "--upstream") {
		t.Errorf("no log line names --upstream:\n%s", e.logs)
	}
}
