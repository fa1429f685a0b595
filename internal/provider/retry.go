package provider

import (
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
)

// retryableCodes are API Gateway error codes always worth another attempt.
// The SDK's standard retryer already retries throttling
// (TooManyRequestsException among them) and transient network errors.
var retryableCodes = map[string]struct{}{
	"TooManyRequestsException": {},
}

// transientConflict reports whether err is API Gateway's transient
// ConflictException, "Unable to complete operation due to concurrent
// modification. Please try again later.", as HashiCorp's provider
// recognises it. Other ConflictExceptions last until the user acts (a stage,
// model, method or resource that already exists; a model a method still
// references): retrying them only delays the error by minutes.
func transientConflict(err error) aws.Ternary {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode() == "ConflictException" &&
		strings.Contains(strings.ToLower(apiErr.ErrorMessage()), "try again later") {
		return aws.TrueTernary
	}

	return aws.UnknownTernary
}

// newRetryer is the SDK's standard retryer (exponential backoff with full
// jitter) with Portico's extra retryable errors and no client-side retry
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
			retry.RetryableErrorCode{Codes: retryableCodes},
			retry.IsErrorRetryableFunc(transientConflict))
	})
}
