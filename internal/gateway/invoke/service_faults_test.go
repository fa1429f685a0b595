package invoke_test

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/portico/portico/internal/app"
	"github.com/portico/portico/internal/gateway/gatewaytest"
)

// faultUpstream answers STS AssumeRole as an emulator does, and every other
// request with fault (a real HTTP server misbehaving on the wire).
func faultUpstream(t *testing.T, fault func(w http.ResponseWriter, r *http.Request)) string {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if strings.Contains(string(body), "Action=AssumeRole") {
			w.Header().Set("Content-Type", "text/xml")
			_, _ = io.WriteString(w, `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAFAULT</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>tok</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`)
			return
		}
		if fault == nil { // slow: never answers while the request lives
			select {
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		fault(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs first: a hanging handler lets go
	return srv.URL
}

func hijack(t *testing.T, w http.ResponseWriter, raw string) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_, _ = buf.WriteString(raw)
	_ = buf.Flush()
	_ = conn.Close()
}

// An upstream that is down, slow, answers garbage, closes the connection or
// cuts its answer short: AWS's 500 or 504 and a log line saying why, within
// timeoutInMillis.
func TestAWSServiceUpstreamFaults(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + ln.Addr().String()
	_ = ln.Close()

	cases := []struct {
		name     string
		upstream func(t *testing.T) string
		status   int
		body     string
		log      string
	}{
		{"down", func(*testing.T) string { return down }, 500, `{"message": "Internal server error"}`, "did not answer"},
		{"slow", func(t *testing.T) string { return faultUpstream(t, nil) }, 504, `{"message": "Endpoint request timed out"}`, "timeout"},
		{"garbage", func(t *testing.T) string {
			return faultUpstream(t, func(w http.ResponseWriter, r *http.Request) { hijack(t, w, "THIS IS NOT HTTP\r\n\r\n") })
		}, 500, `{"message": "Internal server error"}`, "malformed HTTP"},
		{"closes the connection", func(t *testing.T) string {
			return faultUpstream(t, func(w http.ResponseWriter, r *http.Request) { hijack(t, w, "") })
		}, 500, `{"message": "Internal server error"}`, "EOF"},
		{"cut short", func(t *testing.T) string {
			return faultUpstream(t, func(w http.ResponseWriter, r *http.Request) {
				hijack(t, w, "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 100\r\n\r\n{\"Item\"")
			})
		}, 500, `{"message": "Internal server error"}`, "unexpected EOF"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			logs := &syncBuffer{}
			_, endpoint := gatewaytest.StartServer(t, app.Config{Upstream: c.upstream(t), Logger: slog.New(slog.NewTextHandler(logs, nil))})
			e := &svcEnv{g: &gw{endpoint: endpoint, c: gatewaytest.NewClient(endpoint), ctx: t.Context()}, role: "arn:aws:iam::" + account + ":role/apigw", logs: logs, ctx: t.Context()}
			a := e.g.newAPI(t)
			in := e.awsInteg("arn:aws:apigateway:us-east-1:dynamodb:action/GetItem", "POST", nil, map[string]string{"application/json": `{"TableName": "t"}`})
			in.TimeoutInMillis = aws.Int32(50)
			a.method(t, "/x", "POST", nil, in)
			a.response(t, "/x", "POST", "200", nil, nil, nil)
			a.deploy(t, "prod", nil)
			r := a.once(t, "POST", "prod", "/x", `{}`, map[string]string{"Content-Type": "application/json"})
			if r.status != c.status || r.body != c.body {
				t.Errorf("%d %s, want %d %s", r.status, r.body, c.status, c.body)
			}
			if !strings.Contains(logs.String(), "invoke failed") || !strings.Contains(logs.String(), c.log) {
				t.Errorf("no log line saying %q:\n%s", c.log, logs)
			}
		})
	}
}
