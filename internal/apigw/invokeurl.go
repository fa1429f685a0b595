package apigw

import (
	"net"
	"net/url"
	"strings"
)

// LocalInvokeHostSuffix ends the host of a deployed stage on a local
// gateway: http://{api-id}.execute-api.localhost:{port}/{stage}/{path}
// (docs/invoke.md). The provider writes it into invoke_url; the gateway
// recognises it. Browsers and curl resolve *.localhost to loopback.
const LocalInvokeHostSuffix = ".execute-api.localhost"

// userRequestMarker is the path segment of the second invoke URL form,
// /restapis/{api-id}/{stage}/_user_request_/{path}, which needs no Host.
const userRequestMarker = "_user_request_"

// InvokeTarget is what an invoke URL addresses.
type InvokeTarget struct {
	APIID   string
	Stage   string // unescaped
	RawPath string // escaped path after the stage, starting with "/"
	Domain  string // the domain name as AWS reports it in $context.domainName
}

// LocalInvokeHost is the host (without port) of apiID's stages on a local
// gateway.
func LocalInvokeHost(apiID string) string { return apiID + LocalInvokeHostSuffix }

// ParseInvokeURL is the one rule that tells an invoke request from any other
// request to a local gateway. isInvoke is true when host (with or without
// port) ends in LocalInvokeHostSuffix or the escaped path has the form
// /restapis/{api-id}/{stage}/_user_request_/...; ok is true when the API id
// and stage could also be read (an invoke request that is not ok is AWS's
// 403 Missing Authentication Token).
func ParseInvokeURL(host, escapedPath string) (t InvokeTarget, isInvoke, ok bool) {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(host)
	if prefix, found := strings.CutSuffix(host, LocalInvokeHostSuffix); found {
		if prefix == "" || strings.Contains(prefix, ".") {
			return InvokeTarget{}, true, false
		}
		stage, rest := cutSegment(strings.TrimPrefix(escapedPath, "/"))
		t = InvokeTarget{APIID: prefix, Stage: unescapeSegment(stage), RawPath: "/" + rest, Domain: host}
		return t, true, stage != ""
	}
	p := strings.TrimPrefix(escapedPath, "/")
	seg, p := cutSegment(p)
	if seg != "restapis" {
		return InvokeTarget{}, false, false
	}
	api, p := cutSegment(p)
	stage, p := cutSegment(p)
	marker, p := cutSegment(p)
	if marker != userRequestMarker {
		return InvokeTarget{}, false, false
	}
	if api == "" || stage == "" {
		return InvokeTarget{}, true, false
	}
	return InvokeTarget{APIID: api, Stage: unescapeSegment(stage), RawPath: "/" + p, Domain: LocalInvokeHost(api)}, true, true
}

func cutSegment(p string) (seg, rest string) {
	seg, rest, _ = strings.Cut(p, "/")
	return seg, rest
}

func unescapeSegment(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
