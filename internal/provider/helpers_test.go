package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
)

func TestPoliciesEquivalent(t *testing.T) {
	base := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":["a","b"]}]}`
	cases := []struct {
		name string
		b    string
		want bool
	}{
		{"identical", base, true},
		{"reordered keys and whitespace", `{ "Statement": [ {"Resource": ["b","a"], "Action": ["execute-api:Invoke"], "Principal": "*", "Effect": "Allow"} ], "Version": "2012-10-17" }`, true},
		{"single statement object", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":["a","b"]}}`, true},
		{"JSON string in a string", `"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":[\"a\",\"b\"]}]}"`, true},
		{"different effect", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":["a","b"]}]}`, false},
		{"missing resource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":["a"]}]}`, false},
		{"empty", ``, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := policiesEquivalent(base, tc.b); got != tc.want {
				t.Errorf("policiesEquivalent = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMapPatch(t *testing.T) {
	ops := mapPatch("/requestTemplates",
		map[string]string{"application/json": "a", "application/xml": "x", "text/plain": "same"},
		map[string]string{"application/json": "b", "text/plain": "same", "text/html": "h"})
	got := map[string]string{}
	for _, o := range ops {
		got[string(o.Op)+" "+aws.ToString(o.Path)] = aws.ToString(o.Value)
	}
	want := map[string]string{
		"remove /requestTemplates/application~1xml":   "",
		"replace /requestTemplates/application~1json": "b",
		"add /requestTemplates/text~1html":            "h",
	}
	if len(got) != len(want) {
		t.Fatalf("ops = %v, want %v", got, want)
	}
	for k, v := range want {
		if gv, ok := got[k]; !ok || gv != v {
			t.Errorf("op %q = %q (present %v), want %q", k, gv, ok, v)
		}
	}
}

func TestIgnoreTagsAndTagsForState(t *testing.T) {
	c := &Client{DefaultTags: map[string]string{"env": "test"}, IgnoreTags: newIgnoreTags([]string{"ops"}, []string{"aws:"})}
	all := c.allTags(map[string]string{"team": "a", "ops": "x"})
	if len(all) != 2 || all["env"] != "test" || all["team"] != "a" {
		t.Errorf("allTags = %v", all)
	}
	tags, tagsAll := c.tagsForState(context.Background(), mapValue(nil, false), map[string]string{"env": "test", "team": "a", "aws:cf": "1"})
	if len(tags.Elements()) != 1 || len(tagsAll.Elements()) != 2 {
		t.Errorf("tags = %v, tags_all = %v", tags, tagsAll)
	}
}

// TestRetryConflict: API Gateway's transient ConflictException ("...
// Please try again later.") and TooManyRequestsException are retried,
// against a real HTTP server, until the call succeeds. (Lasting conflicts:
// TestRetryOnlyTransientConflicts.)
func TestRetryConflict(t *testing.T) {
	for _, code := range []struct {
		name    string
		status  int
		message string
	}{
		{"ConflictException", http.StatusConflict, "Unable to complete operation due to concurrent modification. Please try again later."},
		{"TooManyRequestsException", http.StatusTooManyRequests, "Too Many Requests"},
	} {
		t.Run(code.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) <= 2 {
					w.Header().Set("X-Amzn-ErrorType", code.name)
					w.WriteHeader(code.status)
					_, _ = w.Write([]byte(`{"message":"` + code.message + `"}`))
					return
				}
				_, _ = w.Write([]byte(`{"id":"abc","name":"x"}`))
			}))
			defer srv.Close()
			client := apigateway.New(apigateway.Options{
				Region:       "us-east-1",
				BaseEndpoint: aws.String(srv.URL),
				Credentials:  credentials.NewStaticCredentialsProvider("a", "b", ""),
				Retryer:      newRetryer(5),
			})
			out, err := client.GetRestApi(context.Background(), &apigateway.GetRestApiInput{RestApiId: aws.String("abc")})
			if err != nil {
				t.Fatalf("GetRestApi after retries: %v", err)
			}
			if aws.ToString(out.Id) != "abc" || calls.Load() != 3 {
				t.Errorf("id %q after %d calls, want abc after 3", aws.ToString(out.Id), calls.Load())
			}
		})
	}
}

func TestIsNotFound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Amzn-ErrorType", "NotFoundException")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"message":"Invalid REST API identifier specified"}`))
	}))
	defer srv.Close()
	client := apigateway.New(apigateway.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("a", "b", ""), Retryer: newRetryer(1),
	})
	_, err := findRestAPIByID(context.Background(), client, "nope")
	if !isNotFound(err) {
		t.Fatalf("isNotFound(%v) = false", err)
	}
}
