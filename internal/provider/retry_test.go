package provider

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/smithy-go"
)

// TestRetryOnlyTransientConflicts: a ConflictException is retried only when
// API Gateway says the conflict is transient ("... concurrent modification.
// Please try again later."). A lasting conflict (a stage, model, method or
// resource that already exists, a model still referenced by a method) is
// reported after one attempt: retrying it 25 times, as the default
// max_retries did, held `terraform apply`/`destroy` for about three minutes
// before it printed the same error.
func TestRetryOnlyTransientConflicts(t *testing.T) {
	cases := []struct {
		message   string
		wantCalls int32
	}{
		{"Unable to complete operation due to concurrent modification. Please try again later.", 3},
		{"Stage already exists", 1},
		{"Model name already exists for this REST API", 1},
		{"Method already exists for this resource", 1},
		{"Another resource with the same parent already has this name: pets", 1},
		{"Cannot delete model 'Pet', is referenced in method request: //POST", 1},
	}
	for _, tc := range cases {
		t.Run(tc.message, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) <= 2 {
					w.Header().Set("X-Amzn-ErrorType", "ConflictException")
					w.WriteHeader(http.StatusConflict)
					_, _ = w.Write([]byte(`{"message":` + strconvQuote(tc.message) + `}`))
					return
				}
				w.WriteHeader(http.StatusAccepted)
			}))
			defer srv.Close()
			client := apigateway.New(apigateway.Options{
				Region:       "us-east-1",
				BaseEndpoint: aws.String(srv.URL),
				Credentials:  credentials.NewStaticCredentialsProvider("a", "b", ""),
				Retryer:      newRetryer(defaultMaxRetries),
			})
			_, err := client.DeleteModel(context.Background(), &apigateway.DeleteModelInput{RestApiId: aws.String("abc"), ModelName: aws.String("Pet")})
			if got := calls.Load(); got != tc.wantCalls {
				t.Fatalf("%d calls, want %d (err: %v)", got, tc.wantCalls, err)
			}
			var apiErr smithy.APIError
			if tc.wantCalls == 1 && (!errors.As(err, &apiErr) || !strings.Contains(apiErr.ErrorMessage(), tc.message)) {
				t.Errorf("err = %v, want the ConflictException %q", err, tc.message)
			}
			if tc.wantCalls > 1 && err != nil {
				t.Errorf("err after retries = %v, want success", err)
			}
		})
	}
}

func strconvQuote(s string) string {
	b, _ := jsonMarshal(s)
	return b
}
