package apigw

import (
	"errors"
	"slices"
)

// Minimum compression size of a REST API, in bytes: AWS's CreateRestApi
// reference gives "a non-negative integer between 0 and 10485760 (10M)
// bytes, inclusive"; outside that range (or not a number) AWS answers
// MsgInvalidCompressionSize (the text LocalStack's API Gateway provider,
// checked against AWS by its parity tests, answers with).
const (
	MinCompressionSize = 0
	MaxCompressionSize = 10485760
)

// MsgInvalidCompressionSize is AWS's answer to a minimumCompressionSize out
// of range (its numbers are MinCompressionSize and MaxCompressionSize).
const MsgInvalidCompressionSize = "Invalid minimum compression size, must be between 0 and 10485760"

// ValidateCompressionSize checks a minimumCompressionSize.
func ValidateCompressionSize(n int64) error {
	if n < MinCompressionSize || n > MaxCompressionSize {
		return errors.New(MsgInvalidCompressionSize)
	}
	return nil
}

// Endpoint types and IP address types of a REST API (AWS's EndpointType and
// IpAddressType enums).
const (
	EndpointTypeEdge     = "EDGE"
	EndpointTypeRegional = "REGIONAL"
	EndpointTypePrivate  = "PRIVATE"

	IPAddressTypeIPv4      = "ipv4"
	IPAddressTypeDualstack = "dualstack"
)

// DefaultEndpointType is the endpoint type of a REST API created without an
// endpoint configuration (CreateRestApi reference: "the default is EDGE").
const DefaultEndpointType = EndpointTypeEdge

// DefaultIPAddressType is the IP address type API Gateway gives an endpoint
// of type endpointType when none is set: dualstack for PRIVATE (the only one
// a private API takes), ipv4 otherwise (the "IP address types for REST APIs"
// page of the Developer Guide).
func DefaultIPAddressType(endpointType string) string {
	if endpointType == EndpointTypePrivate {
		return IPAddressTypeDualstack
	}
	return IPAddressTypeIPv4
}

// AWS's answers to an endpoint configuration it refuses, as LocalStack's
// API Gateway provider (checked against AWS by its parity tests) gives them;
// HashiCorp's provider quotes ErrMultipleEndpointTypes beside its MaxItems.
var (
	ErrNoEndpointTypes        = errors.New("REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.")
	ErrMultipleEndpointTypes  = errors.New("Cannot create an api with multiple Endpoint Types.")
	ErrPrivateNeedsDualstack  = errors.New("Only dualstack ipAddressType is supported for Private APIs.")
	ErrVPCEndpointsNotPrivate = errors.New("VPC endpoint IDs can only be specified for PRIVATE endpoint type")
)

// ValidateEndpointTypes checks the number of endpoint types: nil (not set)
// or exactly one.
func ValidateEndpointTypes(types []string) error {
	switch {
	case types != nil && len(types) == 0:
		return ErrNoEndpointTypes
	case len(types) > 1:
		return ErrMultipleEndpointTypes
	}
	return nil
}

// ValidateEndpointIPAddressType checks the IP address type against the
// endpoint types: a PRIVATE API takes only dualstack. "" (not set) passes.
func ValidateEndpointIPAddressType(types []string, ipAddressType string) error {
	if slices.Contains(types, EndpointTypePrivate) && ipAddressType == IPAddressTypeIPv4 {
		return ErrPrivateNeedsDualstack
	}
	return nil
}

// ValidateVPCEndpointIDs checks that VPC endpoint ids (n of them) are only
// given to a PRIVATE API.
func ValidateVPCEndpointIDs(types []string, n int) error {
	if n > 0 && !slices.Contains(types, EndpointTypePrivate) {
		return ErrVPCEndpointsNotPrivate
	}
	return nil
}

// ValidateEndpointConfiguration checks every endpoint configuration rule of
// CreateRestApi in the order AWS reports them. A nil configuration passes.
func ValidateEndpointConfiguration(ec *EndpointConfiguration) error {
	if ec == nil {
		return nil
	}
	if err := ValidateEndpointTypes(ec.Types); err != nil {
		return err
	}
	if err := ValidateEndpointIPAddressType(ec.Types, ec.IPAddressType); err != nil {
		return err
	}
	return ValidateVPCEndpointIDs(ec.Types, len(ec.VpcEndpointIds))
}
