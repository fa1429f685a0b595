package provider

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/portico/portico/internal/apigw"
)

// isLocalEndpoint reports whether a custom API Gateway endpoint is a local
// gateway (`portico serve` or another emulator on this machine): a loopback
// IP, "localhost" or a *.localhost name.
func isLocalEndpoint(endpoint string) bool {
	if endpoint == "" {
		return false
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)

	return ip != nil && ip.IsLoopback()
}

// dnsSuffixForPartition is the DNS suffix of execute-api hosts.
func dnsSuffixForPartition(partition string) string {
	switch partition {
	case "aws-cn":
		return "amazonaws.com.cn"
	case "aws-iso":
		return "c2s.ic.gov"
	case "aws-iso-b":
		return "sc2s.sgov.gov"
	default:
		return "amazonaws.com"
	}
}

// invokeURL is the URL that answers for a stage of a REST API: on real AWS
// https://{api}.execute-api.{region}.amazonaws.com/{stage}; when the
// provider's API Gateway endpoint is a local gateway, that gateway's
// http://{api}.execute-api.localhost:{port}/{stage} (docs/gateway.md). A
// custom endpoint that is not local (a VPC or FIPS endpoint of real AWS)
// gets AWS's form. This is the one rule for deployment and stage.
func invokeURL(c *Client, apiID, stage string) string {
	if c != nil && isLocalEndpoint(c.Endpoint) {
		u, _ := url.Parse(c.Endpoint) // parsed by isLocalEndpoint
		scheme := u.Scheme
		host := apiID + ".execute-api.localhost"
		if port := u.Port(); port != "" {
			host += ":" + port
		}
		return fmt.Sprintf("%s://%s/%s", scheme, host, stage)
	}
	region, partition := "", "aws"
	if c != nil {
		region, partition = c.Region, c.Partition
	}

	return fmt.Sprintf("https://%s.execute-api.%s.%s/%s", apiID, region, dnsSuffixForPartition(partition), stage)
}

// executionARN is the execute-api ARN of a stage ("" stage: every stage's
// prefix, as HashiCorp's deployment without stage_name).
func executionARN(c *Client, apiID, stage string) string {
	return apigw.ExecutionARN(c.Partition, c.Region, c.AccountID, apiID, stage)
}
