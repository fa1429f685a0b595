package provider

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// retryableCodes are API Gateway error codes worth another attempt. The SDK's
// standard retryer already retries throttling (TooManyRequestsException among
// them) and transient network errors; ConflictException ("Unable to complete
// operation due to concurrent modification") is added here, as HashiCorp's
// provider does.
var retryableCodes = map[string]struct{}{
	"ConflictException":        {},
	"TooManyRequestsException": {},
}

// newRetryer is the SDK's standard retryer (exponential backoff with full
// jitter) with Portico's extra retryable codes and no client-side retry
// quota, so a burst of conflicts under parallel applies does not exhaust the
// token bucket and fail fast.
func newRetryer(maxRetries int) aws.Retryer {
	attempts := maxRetries
	if attempts < 1 {
		attempts = 1
	}

	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = attempts
		o.RateLimiter = ratelimit.None
		o.Retryables = append(append([]retry.IsErrorRetryable{}, o.Retryables...),
			retry.RetryableErrorCode{Codes: retryableCodes})
	})
}
