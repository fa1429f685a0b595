package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/portico/portico/internal/gateway/invoke"
	"github.com/portico/portico/internal/gateway/server"
	"github.com/portico/portico/internal/upstream"
)

// upstreamService is the pass-through's entry on the server: after
// portico's own services, it answers every request signed for a service
// name none of them owns, and the unsigned requests upstream.Claims
// recognises as AWS clients' (without --upstream, with a 4xx naming the
// flag).
func upstreamService(u *upstream.Service) server.Service {
	return server.Service{
		Name:              "upstream",
		Handler:           u,
		Claims:            upstream.Claims,
		OtherSigningNames: true,
	}
}

// upstreamIntegrations lets the invoke API send AWS integrations' service
// requests through the upstream.
type upstreamIntegrations struct{ u *upstream.Service }

func (a upstreamIntegrations) SendServiceRequest(ctx context.Context, in *invoke.ServiceRequest) (*invoke.ServiceResponse, error) {
	res, err := a.u.Send(ctx, &upstream.Request{
		Service: in.Service, Subdomain: in.Subdomain, Region: in.Region, Method: in.Method,
		Path: in.Path, RawQuery: in.RawQuery, Header: in.Header, Body: in.Body, RoleARN: in.Credentials,
	})
	var (
		assume      *upstream.AssumeRoleError
		unreachable *upstream.UnreachableError
	)
	switch {
	case err == nil:
		return &invoke.ServiceResponse{StatusCode: res.StatusCode, Header: res.Header, Body: res.Body}, nil
	case errors.Is(err, upstream.ErrNotConfigured):
		return nil, fmt.Errorf("%w: %v", invoke.ErrNoUpstream, err)
	case errors.As(err, &assume):
		return nil, fmt.Errorf("%w %s (the upstream's STS answered %s: %s)", invoke.ErrAssumeRole, assume.RoleARN, assume.Code, assume.Message)
	case errors.As(err, &unreachable):
		return nil, fmt.Errorf("%w: %w", invoke.ErrUpstreamUnreachable, err)
	default:
		return nil, err
	}
}

// withoutLocalIAM drops portico's own IAM/STS from the routing when there
// is an upstream: IAM and STS requests are then the upstream's, like every
// service portico does not emulate fully.
func withoutLocalIAM(u *upstream.Service, services []server.Service) []server.Service {
	if !u.Configured() {
		return services
	}
	out := services[:0:0]
	for _, s := range services {
		if s.Name != "iam" {
			out = append(out, s)
		}
	}
	return out
}
