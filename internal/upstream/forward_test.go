package upstream_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/portico/portico/internal/app"
	"github.com/portico/portico/internal/gateway/gatewaytest"
	"github.com/portico/portico/internal/upstream"
	"github.com/portico/portico/internal/upstream/upstreamtest"
)

func must[T any](v T, err error) func(t testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

func s3opts(o *s3.Options) { o.UsePathStyle = true }

// logBuffer collects portico's log lines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }

// Every service the issue names is created through portico's pass-through
// with the SDKs' own clients (BaseEndpoint = portico), and read back from
// moto directly; API Gateway and Lambda stay portico's.
func TestPassThroughCreatesInMoto(t *testing.T) {
	ctx := context.Background()
	moto := upstreamtest.Start(t)
	_, portico := gatewaytest.StartServer(t, app.Config{Upstream: moto.URL})
	via, direct := upstreamtest.Config(portico), upstreamtest.Config(moto.URL)

	// SQS (JSON protocol): the queue URL moto builds points back at portico
	q := must(sqs.NewFromConfig(via).CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("orders")}))(t)
	if !strings.HasPrefix(aws.ToString(q.QueueUrl), portico+"/") {
		t.Errorf("QueueUrl = %s, want it under portico's %s (the Host is forwarded)", aws.ToString(q.QueueUrl), portico)
	}
	must(sqs.NewFromConfig(via).SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("via portico")}))(t)
	got := must(sqs.NewFromConfig(direct).ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl: aws.String(moto.URL + "/" + upstreamtest.Account + "/orders"), MaxNumberOfMessages: 10}))(t)
	if len(got.Messages) != 1 || aws.ToString(got.Messages[0].Body) != "via portico" {
		t.Errorf("moto holds messages %+v, want the one sent through portico", got.Messages)
	}

	// DynamoDB
	must(dynamodb.NewFromConfig(via).CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("pets"),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: ddbtypes.KeyTypeHash}},
		BillingMode:          ddbtypes.BillingModePayPerRequest,
	}))(t)
	must(dynamodb.NewFromConfig(via).PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("pets"),
		Item: map[string]ddbtypes.AttributeValue{"id": &ddbtypes.AttributeValueMemberS{Value: "1"}}}))(t)
	item := must(dynamodb.NewFromConfig(direct).GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("pets"),
		Key: map[string]ddbtypes.AttributeValue{"id": &ddbtypes.AttributeValueMemberS{Value: "1"}}}))(t)
	if item.Item == nil {
		t.Error("the item put through portico is not in moto")
	}

	// SNS (query protocol)
	topic := must(sns.NewFromConfig(via).CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("alerts")}))(t)
	must(sns.NewFromConfig(direct).GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: topic.TopicArn}))(t)

	// Kinesis
	must(kinesis.NewFromConfig(via).CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("clicks"), ShardCount: aws.Int32(1)}))(t)
	must(kinesis.NewFromConfig(direct).DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("clicks")}))(t)

	// S3 (REST-XML), a 3 MiB binary object both ways
	must(s3.NewFromConfig(via, s3opts).CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("media")}))(t)
	blob := make([]byte, 3<<20)
	_, _ = rand.Read(blob)
	must(s3.NewFromConfig(via, s3opts).PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("media"), Key: aws.String("a/b.bin"),
		Body: bytes.NewReader(blob), ContentType: aws.String("application/octet-stream")}))(t)
	obj := must(s3.NewFromConfig(direct, s3opts).GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("media"), Key: aws.String("a/b.bin")}))(t)
	back := must(io.ReadAll(obj.Body))(t)
	if !bytes.Equal(back, blob) {
		t.Errorf("moto holds %d bytes, want the %d put through portico", len(back), len(blob))
	}
	obj = must(s3.NewFromConfig(via, s3opts).GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("media"), Key: aws.String("a/b.bin")}))(t)
	if back = must(io.ReadAll(obj.Body))(t); !bytes.Equal(back, blob) {
		t.Errorf("GetObject through portico gave %d bytes, want %d", len(back), len(blob))
	}

	// IAM and STS are the upstream's when there is one
	role := must(awsiam.NewFromConfig(via).CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("sfn-role"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)}))(t)
	must(awsiam.NewFromConfig(direct).GetRole(ctx, &awsiam.GetRoleInput{RoleName: aws.String("sfn-role")}))(t)
	who := must(sts.NewFromConfig(via).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))(t)
	if aws.ToString(who.Account) != upstreamtest.Account {
		t.Errorf("GetCallerIdentity through portico = account %s, want moto's %s", aws.ToString(who.Account), upstreamtest.Account)
	}

	// Step Functions and EventBridge
	sm := must(sfn.NewFromConfig(via).CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: aws.String("flow"), RoleArn: role.Role.Arn,
		Definition: aws.String(`{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}`)}))(t)
	must(sfn.NewFromConfig(direct).DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: sm.StateMachineArn}))(t)
	must(eventbridge.NewFromConfig(via).CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("orders-bus")}))(t)
	must(eventbridge.NewFromConfig(direct).DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{Name: aws.String("orders-bus")}))(t)

	// API Gateway and Lambda stay portico's (moto has both: nothing reaches it)
	must(apigateway.NewFromConfig(via).CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("mine")}))(t)
	if apis := must(apigateway.NewFromConfig(direct).GetRestApis(ctx, &apigateway.GetRestApisInput{}))(t); len(apis.Items) != 0 {
		t.Errorf("moto holds %d REST APIs: the management API was forwarded", len(apis.Items))
	}
	must(lambda.NewFromConfig(via).ListFunctions(ctx, &lambda.ListFunctionsInput{}))(t)
}

// Without --upstream, a request for another service is a 400 in its
// client's error shape (the SDKs read it) naming the flag; IAM is
// portico's own.
func TestPassThroughWithoutUpstream(t *testing.T) {
	ctx := context.Background()
	_, portico := gatewaytest.StartServer(t, app.Config{})
	cfg := upstreamtest.Config(portico)
	check := func(name string, err error) {
		t.Helper()
		var ae smithy.APIError
		if !errors.As(err, &ae) {
			t.Errorf("%s: err = %v, want an API error", name, err)
			return
		}
		if ae.ErrorCode() != "UnsupportedServiceException" || !strings.Contains(ae.ErrorMessage(), "--upstream") {
			t.Errorf("%s: %s %q, want UnsupportedServiceException naming --upstream", name, ae.ErrorCode(), ae.ErrorMessage())
		}
		var re interface{ HTTPStatusCode() int }
		if errors.As(err, &re) && re.HTTPStatusCode() != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", name, re.HTTPStatusCode())
		}
	}
	_, err := sqs.NewFromConfig(cfg).ListQueues(ctx, &sqs.ListQueuesInput{}) // JSON protocol
	check("sqs", err)
	_, err = sns.NewFromConfig(cfg).ListTopics(ctx, &sns.ListTopicsInput{}) // query protocol
	check("sns", err)
	_, err = s3.NewFromConfig(cfg, s3opts).ListBuckets(ctx, &s3.ListBucketsInput{}) // REST-XML
	check("s3", err)
	_, err = dynamodb.NewFromConfig(cfg).ListTables(ctx, &dynamodb.ListTablesInput{})
	check("dynamodb", err)
	must(awsiam.NewFromConfig(cfg).ListRoles(ctx, &awsiam.ListRolesInput{}))(t)
	if who := must(sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))(t); aws.ToString(who.Account) != "000000000000" {
		t.Errorf("GetCallerIdentity = %s, want portico's own account", aws.ToString(who.Account))
	}
}

// recorder is an upstream that records what reaches it and answers 200.
type recorder struct {
	mu   sync.Mutex
	reqs []recorded
	srv  *httptest.Server
}

type recorded struct {
	method, uri, host string
	header            http.Header
	body              []byte
}

func newRecorder(t *testing.T) *recorder {
	rec := &recorder{}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, recorded{r.Method, r.RequestURI, r.Host, r.Header.Clone(), b})
		rec.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("X-Amzn-Requestid", "upstream-request-id")
		_, _ = io.WriteString(w, `{"QueueUrls":[]}`)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

func (rec *recorder) last(t *testing.T) recorded {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.reqs) == 0 {
		t.Fatal("nothing reached the upstream")
	}
	return rec.reqs[len(rec.reqs)-1]
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.reqs)
}

// With --credentials, clients sign with portico's own credentials: those
// never reach the upstream; the request is signed again with the upstream
// credentials for the same service and region. Without, the client's own
// signature goes as it is. The upstream's answer (and request id) comes
// back unchanged; portico adds no headers of its own.
func TestPassThroughCredentials(t *testing.T) {
	ctx := context.Background()
	const key, secret = "AKIAPORTICOSECRETKEY", "portico-only-secret"

	t.Run("resigned", func(t *testing.T) {
		rec := newRecorder(t)
		_, portico := gatewaytest.StartServer(t, app.Config{Upstream: rec.srv.URL, Credentials: map[string]string{key: secret}})
		out := must(sqs.NewFromConfig(upstreamtest.ConfigWith(portico, key, secret)).ListQueues(ctx, &sqs.ListQueuesInput{QueueNamePrefix: aws.String("o")}))(t)
		if len(out.QueueUrls) != 0 {
			t.Errorf("QueueUrls = %v", out.QueueUrls)
		}
		got := rec.last(t)
		for name, vs := range got.header {
			for _, v := range vs {
				if strings.Contains(v, key) || strings.Contains(v, secret) {
					t.Errorf("header %s: %q carries portico's credentials", name, v)
				}
			}
		}
		if a := got.header.Get("Authorization"); !strings.Contains(a, "Credential="+upstream.DefaultAccessKeyID+"/") || !strings.Contains(a, "/us-east-1/sqs/aws4_request") {
			t.Errorf("Authorization = %q, want the upstream credentials, scope us-east-1/sqs", a)
		}
		if !strings.Contains(string(got.body), `"QueueNamePrefix":"o"`) {
			t.Errorf("body = %s, want the client's", got.body)
		}
		if got.host != strings.TrimPrefix(portico, "http://") {
			t.Errorf("Host = %q, want the client's %q", got.host, strings.TrimPrefix(portico, "http://"))
		}
		for _, h := range []string{"X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Via"} {
			if got.header.Get(h) != "" {
				t.Errorf("portico added %s: %q", h, got.header.Get(h))
			}
		}
		// a wrong secret is portico's 403, the upstream never sees it
		before := rec.count()
		_, err := sqs.NewFromConfig(upstreamtest.ConfigWith(portico, key, "wrong")).ListQueues(ctx, &sqs.ListQueuesInput{})
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != "InvalidSignatureException" {
			t.Errorf("wrong secret: err = %v, want InvalidSignatureException", err)
		}
		if rec.count() != before {
			t.Error("a request portico refused reached the upstream")
		}
	})

	t.Run("as signed", func(t *testing.T) {
		rec := newRecorder(t)
		_, portico := gatewaytest.StartServer(t, app.Config{Upstream: rec.srv.URL})
		req, _ := http.NewRequest(http.MethodPost, portico+"/", strings.NewReader(`{}`))
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		req.Header.Set("X-Amz-Target", "AmazonSQS.ListQueues")
		auth := "AWS4-HMAC-SHA256 Credential=AKIACLIENTOWN/20260101/eu-west-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcd"
		req.Header.Set("Authorization", auth)
		req.Header.Set("X-Amz-Date", "20260101T000000Z")
		resp := must(http.DefaultClient.Do(req))(t)
		body := must(io.ReadAll(resp.Body))(t)
		_ = resp.Body.Close()
		if got := rec.last(t).header.Get("Authorization"); got != auth {
			t.Errorf("Authorization = %q, want the client's %q", got, auth)
		}
		if resp.StatusCode != 200 || string(body) != `{"QueueUrls":[]}` {
			t.Errorf("answer %d %s, want the upstream's", resp.StatusCode, body)
		}
		if ids := resp.Header.Values("X-Amzn-Requestid"); len(ids) != 1 || ids[0] != "upstream-request-id" {
			t.Errorf("x-amzn-RequestId = %v, want only the upstream's", ids)
		}
	})

	t.Run("moto", func(t *testing.T) {
		moto := upstreamtest.Start(t)
		_, portico := gatewaytest.StartServer(t, app.Config{Upstream: moto.URL, Credentials: map[string]string{key: secret}})
		cfg := upstreamtest.ConfigWith(portico, key, secret)
		must(s3.NewFromConfig(cfg, s3opts).CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("signed")}))(t)
		must(s3.NewFromConfig(cfg, s3opts).PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("signed"), Key: aws.String("k"), Body: strings.NewReader("v")}))(t)
		must(sqs.NewFromConfig(cfg).CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("signed")}))(t)
		must(sqs.NewFromConfig(upstreamtest.Config(moto.URL)).GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
			QueueUrl: aws.String(moto.URL + "/" + upstreamtest.Account + "/signed")}))(t)
		// presigned URLs too: the signature in the query is replaced
		ps := must(s3.NewPresignClient(s3.NewFromConfig(cfg, s3opts)).PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("signed"), Key: aws.String("k")}))(t)
		resp := must(http.Get(ps.URL))(t)
		b := must(io.ReadAll(resp.Body))(t)
		_ = resp.Body.Close()
		if resp.StatusCode != 200 || string(b) != "v" {
			t.Errorf("presigned GET: %d %s", resp.StatusCode, b)
		}
	})
}

// Unsigned requests are the upstream's when AWS's protocols mark them
// (X-Amz-Target, Action, a form body, an S3 host); anything else unsigned
// is still the API Gateway management API's.
func TestPassThroughRouting(t *testing.T) {
	rec := newRecorder(t)
	_, portico := gatewaytest.StartServer(t, app.Config{Upstream: rec.srv.URL})
	cases := []struct {
		name     string
		method   string
		path     string
		host     string
		header   map[string]string
		body     string
		upstream bool
	}{
		{"X-Amz-Target", "POST", "/", "", map[string]string{"X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0"}, "{}", true},
		{"Action query", "GET", "/?Action=GetCallerIdentity&Version=2011-06-15", "", nil, "", true},
		{"form body", "POST", "/", "", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, "Action=ListTopics&Version=2010-03-31", true},
		{"S3 host", "GET", "/key", "bucket.s3.localhost", nil, "", true},
		{"signed sqs", "POST", "/", "", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=A/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=ab"}, "", true},
		{"signed sts", "POST", "/", "", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=A/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=ab"}, "", true},
		{"management API", "GET", "/restapis", "", nil, "", false},
		{"signed apigateway", "GET", "/restapis", "", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=A/20260101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=ab"}, "", false},
		{"lambda", "GET", "/2015-03-31/functions/", "", nil, "", false},
		{"invoke URL", "GET", "/restapis/abc/prod/_user_request_/x", "", nil, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := rec.count()
			req, _ := http.NewRequest(c.method, portico+c.path, strings.NewReader(c.body))
			if c.host != "" {
				req.Host = c.host
			}
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			resp := must(http.DefaultClient.Do(req))(t)
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if reached := rec.count() > before; reached != c.upstream {
				t.Errorf("reached the upstream: %v, want %v (status %d)", reached, c.upstream, resp.StatusCode)
			}
		})
	}
}

// An upstream that does not answer is a 502 in the client's error shape
// and a log line; the startup check warns.
func TestPassThroughUpstreamDown(t *testing.T) {
	ctx := context.Background()
	ln := must(net.Listen("tcp", "127.0.0.1:0"))(t)
	down := "http://" + ln.Addr().String()
	_ = ln.Close()
	var logs logBuffer
	a, portico := gatewaytest.StartServer(t, app.Config{Upstream: down, Logger: logs.logger()})
	_, err := sqs.NewFromConfig(upstreamtest.Config(portico)).ListQueues(ctx, &sqs.ListQueuesInput{})
	var re interface{ HTTPStatusCode() int }
	if !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusBadGateway {
		t.Errorf("err = %v, want a 502", err)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) || !strings.Contains(ae.ErrorMessage(), down) {
		t.Errorf("err = %v, want a message naming the upstream %s", err, down)
	}
	a.Upstream.LogCheck(ctx)
	for _, want := range []string{"upstream: forwarding failed", "upstream does not answer"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}

// The startup check reads the account of moto's STS.
func TestCheck(t *testing.T) {
	moto := upstreamtest.Shared(t)
	u := must(upstream.New(upstream.Options{URL: moto.URL}))(t)
	res := must(u.Check(context.Background()))(t)
	if res.Account != upstreamtest.Account || res.Status != 200 {
		t.Errorf("Check = %+v, want moto's account %s", res, upstreamtest.Account)
	}
	if _, err := upstream.New(upstream.Options{URL: "ftp://x"}); err == nil {
		t.Error("an ftp:// upstream was accepted")
	}
	none := must(upstream.New(upstream.Options{}))(t)
	if _, err := none.Check(context.Background()); !errors.Is(err, upstream.ErrNotConfigured) {
		t.Errorf("Check without upstream = %v", err)
	}
}
