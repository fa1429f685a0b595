package provider

import (
	"errors"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// The IAM and STS clients of the provider: aws_iam_* resources and data
// sources talk to IAM, aws_caller_identity to STS (real AWS or
// `portico serve`), only through them. IAM is a global service: one client,
// whatever a resource's region.
//
// Endpoints, in order: `endpoints { iam = ... }` / `endpoints { sts = ... }`,
// AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL (the SDK's
// base endpoint), else AWS's own.

// identityClients are the IAM and STS clients.
type identityClients struct {
	iam *iam.Client
	sts *sts.Client
}

func serviceEndpoint(configured, envVar string, cfg aws.Config) string {
	if configured != "" {
		return configured
	}
	if v := os.Getenv(envVar); v != "" {
		return v
	}
	if cfg.BaseEndpoint != nil {
		return *cfg.BaseEndpoint
	}

	return ""
}

// newIdentityClients resolves the endpoints and builds the clients.
func newIdentityClients(cfg aws.Config, iamConfigured, stsConfigured string) (*identityClients, error) {
	iamEndpoint := serviceEndpoint(iamConfigured, "AWS_ENDPOINT_URL_IAM", cfg)
	stsEndpoint := serviceEndpoint(stsConfigured, "AWS_ENDPOINT_URL_STS", cfg)
	for name, ep := range map[string]string{"iam": iamEndpoint, "sts": stsEndpoint} {
		if ep == "" {
			continue
		}
		if err := checkEndpointURL(ep); err != nil {
			return nil, fmt.Errorf("%s endpoint: %w", name, err)
		}
	}

	return &identityClients{
		iam: iam.NewFromConfig(cfg, func(o *iam.Options) {
			if iamEndpoint != "" {
				o.BaseEndpoint = aws.String(iamEndpoint)
			}
		}),
		sts: sts.NewFromConfig(cfg, func(o *sts.Options) {
			if stsEndpoint != "" {
				o.BaseEndpoint = aws.String(stsEndpoint)
			}
		}),
	}, nil
}

// errIdentityNotConfigured is reported when the provider was built without
// IAM/STS clients (a bug, or a Client made by hand in a test).
var errIdentityNotConfigured = errors.New("the provider has no IAM/STS client")

// iamConn is the IAM client.
func (c *Client) iamConn() (*iam.Client, error) {
	if c == nil || c.identity == nil {
		return nil, errIdentityNotConfigured
	}

	return c.identity.iam, nil
}

// stsConn is the STS client.
func (c *Client) stsConn() (*sts.Client, error) {
	if c == nil || c.identity == nil {
		return nil, errIdentityNotConfigured
	}

	return c.identity.sts, nil
}

// isIAMNotFound reports whether err is IAM's NoSuchEntity (or a finder's
// errNotFound).
func isIAMNotFound(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, errNotFound) {
		return true
	}
	var nf *iamtypes.NoSuchEntityException
	if errors.As(err, &nf) {
		return true
	}
	var apiErr smithy.APIError

	return errors.As(err, &apiErr) && apiErr.ErrorCode() == "NoSuchEntity"
}

// iamNotFoundIf wraps a NoSuchEntity into errNotFound (keeping the cause).
func iamNotFoundIf(err error) error {
	if err != nil && isIAMNotFound(err) && !errors.Is(err, errNotFound) {
		return errors.Join(errNotFound, err)
	}

	return err
}
