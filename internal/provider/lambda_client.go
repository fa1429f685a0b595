package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
)

// The Lambda client of the provider: aws_lambda_function, _permission and
// _alias talk to Lambda (real AWS or `portico serve`) only through it.
//
// Endpoint, in order: `endpoints { lambda = ... }`, AWS_ENDPOINT_URL_LAMBDA,
// AWS_ENDPOINT_URL (the SDK's base endpoint), else AWS's regional endpoint.
// Per-resource regions get their own client, built once per region with the
// provider's credentials, retryer and endpoint.

// lambdaClients builds and caches one Lambda client per region.
type lambdaClients struct {
	mu       sync.Mutex
	byRegion map[string]*lambda.Client
	config   aws.Config
	endpoint string
}

// lambdaEndpoint resolves the Lambda endpoint from the provider block's
// value, the environment and the SDK's base endpoint ("" for AWS's own).
func lambdaEndpoint(configured string, cfg aws.Config) string {
	if configured != "" {
		return configured
	}
	if v := os.Getenv("AWS_ENDPOINT_URL_LAMBDA"); v != "" {
		return v
	}
	if cfg.BaseEndpoint != nil {
		return *cfg.BaseEndpoint
	}

	return ""
}

// newLambdaClients resolves the endpoint and checks it is an absolute URL.
func newLambdaClients(cfg aws.Config, configured string) (*lambdaClients, error) {
	ep := lambdaEndpoint(configured, cfg)
	if ep != "" {
		if err := checkEndpointURL(ep); err != nil {
			return nil, fmt.Errorf("lambda endpoint: %w", err)
		}
	}

	return &lambdaClients{config: cfg, endpoint: ep}, nil
}

// forRegion returns the Lambda client of region.
func (lc *lambdaClients) forRegion(region string) *lambda.Client {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	if c, ok := lc.byRegion[region]; ok {
		return c
	}
	c := lambda.NewFromConfig(lc.config, func(o *lambda.Options) {
		if region != "" {
			o.Region = region
		}
		if lc.endpoint != "" {
			o.BaseEndpoint = aws.String(lc.endpoint)
		}
	})
	if lc.byRegion == nil {
		lc.byRegion = map[string]*lambda.Client{}
	}
	lc.byRegion[region] = c

	return c
}

// errLambdaNotConfigured is reported when the provider was built without a
// Lambda client (a bug, or a Client made by hand in a test).
var errLambdaNotConfigured = errors.New("the provider has no Lambda client")

// lambdaConn is the Lambda client of c's region.
func (c *Client) lambdaConn() (*lambda.Client, error) {
	if c == nil || c.lambda == nil {
		return nil, errLambdaNotConfigured
	}

	return c.lambda.forRegion(c.Region), nil
}

// isLambdaNotFound reports whether err is Lambda's ResourceNotFoundException
// (or a finder's errNotFound).
func isLambdaNotFound(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, errNotFound) {
		return true
	}
	var nf *lambdatypes.ResourceNotFoundException
	if errors.As(err, &nf) {
		return true
	}
	var apiErr smithy.APIError

	return errors.As(err, &apiErr) && apiErr.ErrorCode() == "ResourceNotFoundException"
}

// lambdaNotFoundIf wraps a ResourceNotFoundException into errNotFound.
func lambdaNotFoundIf(err error) error {
	if err != nil && isLambdaNotFound(err) && !errors.Is(err, errNotFound) {
		return errors.Join(errNotFound, err)
	}

	return err
}

// lambdaErrorContains reports whether err is the Lambda error code with a
// message containing one of subs.
func lambdaErrorContains(err error, code string, subs ...string) bool {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code {
		return false
	}
	msg := apiErr.ErrorMessage()
	for _, s := range subs {
		if strings.Contains(msg, s) {
			return true
		}
	}

	return len(subs) == 0
}

// lambdaPropagationTimeout bounds the retries for IAM and Lambda eventual
// consistency, as HashiCorp's provider's.
const lambdaPropagationTimeout = 2 * time.Minute

// retryableFunctionOpError is HashiCorp's retryFunctionOp rule: a role that
// Lambda cannot assume yet (IAM propagation), missing role permissions, EC2
// throttling, a KMS grant not ready, and a conflict with an update still in
// progress. A conflict that lasts ("Function already exist") is not retried.
func retryableFunctionOpError(err error) bool {
	return lambdaErrorContains(err, "InvalidParameterValueException",
		"The role defined for the function cannot be assumed by Lambda",
		"The provided execution role does not have permissions",
		"throttled by EC2",
		"Lambda was unable to configure access to your environment variables because the KMS key is invalid for CreateGrant") ||
		lambdaErrorContains(err, "ResourceConflictException", "in progress", "The operation cannot be performed at this time")
}

// backoff yields the delays between polls: immediate first, then doubling
// from 25 ms up to 5 s (HashiCorp's poll interval), so a local service
// answers in milliseconds and real AWS is polled as often as HashiCorp does.
type backoff struct{ next time.Duration }

func (b *backoff) wait(ctx context.Context) error {
	d := b.next
	switch {
	case b.next == 0:
		b.next = 25 * time.Millisecond
	case b.next < 5*time.Second:
		b.next *= 2
		if b.next > 5*time.Second {
			b.next = 5 * time.Second
		}
	}
	if d == 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryWhen calls f until it succeeds, fails with an error retryable does
// not accept, or timeout passes (then the last error is returned).
func retryWhen[T any](ctx context.Context, timeout time.Duration, retryable func(error) bool, f func(context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var b backoff
	for {
		out, err := f(ctx)
		if err == nil || !retryable(err) {
			return out, err
		}
		if werr := b.wait(ctx); werr != nil {
			return out, err
		}
	}
}

// waitFor polls status until it reports one of target, an error, or a
// status outside pending (an unexpected state, reported with its reason).
// A status of "" means the object is gone; it is a target when target
// contains "".
func waitFor(ctx context.Context, what string, pending, target []string, status func(context.Context) (string, string, error)) error {
	var b backoff
	last := ""
	for {
		st, reason, err := status(ctx)
		if err != nil {
			return err
		}
		for _, t := range target {
			if st == t {
				return nil
			}
		}
		known := false
		for _, p := range pending {
			if st == p {
				known = true
			}
		}
		if !known {
			msg := fmt.Sprintf("waiting for %s: unexpected state %q, wanted target %q", what, st, strings.Join(target, ", "))
			if reason != "" {
				msg += ". last error: " + reason
			}
			return errors.New(msg)
		}
		last = st
		if err := b.wait(ctx); err != nil {
			return fmt.Errorf("waiting for %s (last state %q): %w", what, last, err)
		}
	}
}

// lambdaUpdateTags moves a Lambda resource's tags from oldAll to newAll with
// UntagResource and TagResource, never touching ignored keys.
func (c *Client) lambdaUpdateTags(ctx context.Context, conn *lambda.Client, arn string, oldAll, newAll map[string]string) error {
	var remove []string
	for k := range oldAll {
		if _, ok := newAll[k]; !ok && !c.IgnoreTags.Ignored(k) {
			remove = append(remove, k)
		}
	}
	sort.Strings(remove)
	if len(remove) > 0 {
		if _, err := conn.UntagResource(ctx, &lambda.UntagResourceInput{Resource: aws.String(arn), TagKeys: remove}); err != nil {
			return fmt.Errorf("untagging %s: %w", arn, err)
		}
	}
	set := map[string]string{}
	for k, v := range newAll {
		if ov, ok := oldAll[k]; (!ok || ov != v) && !c.IgnoreTags.Ignored(k) {
			set[k] = v
		}
	}
	if len(set) > 0 {
		if _, err := conn.TagResource(ctx, &lambda.TagResourceInput{Resource: aws.String(arn), Tags: set}); err != nil {
			return fmt.Errorf("tagging %s: %w", arn, err)
		}
	}

	return nil
}
