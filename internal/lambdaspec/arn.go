package lambdaspec

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// FunctionARN is arn:{partition}:lambda:{region}:{account}:function:{name}.
func FunctionARN(partition, region, account, name string) string {
	return "arn:" + partition + ":lambda:" + region + ":" + account + ":function:" + name
}

// QualifiedARN is a function ARN with a version or alias:
// {function_arn}:{qualifier}.
func QualifiedARN(functionARN, qualifier string) string {
	return functionARN + ":" + qualifier
}

// InvokeARN is the API Gateway integration URI that invokes functionARN
// (qualified or not):
// arn:{partition}:apigateway:{region}:lambda:path/2015-03-31/functions/{function_arn}/invocations.
// The partition is the function ARN's.
func InvokeARN(region, functionARN string) string {
	partition := "aws"
	if p, _, ok := strings.Cut(strings.TrimPrefix(functionARN, "arn:"), ":"); ok && strings.HasPrefix(functionARN, "arn:") {
		partition = p
	}
	return "arn:" + partition + ":apigateway:" + region + ":lambda:path/2015-03-31/functions/" + functionARN + "/invocations"
}

// ParseFunctionARN takes a (qualified) function ARN apart. ok is false for
// anything but a full function ARN.
func ParseFunctionARN(arn string) (ref FunctionRef, ok bool) {
	if !strings.HasPrefix(arn, "arn:") {
		return FunctionRef{}, false
	}
	r, err := ParseFunctionRef(arn)
	if err != nil {
		return FunctionRef{}, false
	}
	return r, true
}

// UnqualifiedARN strips a version or alias qualifier from a function ARN.
func UnqualifiedARN(arn string) string {
	r, ok := ParseFunctionARN(arn)
	if !ok || r.Qualifier == "" {
		return arn
	}
	return strings.TrimSuffix(arn, ":"+r.Qualifier)
}

// CodeSha256 is the CodeSha256 Lambda reports for a deployment package: the
// base64 (standard encoding) SHA-256 of the zip's bytes. It is also what
// Terraform's filebase64sha256() gives for source_code_hash.
func CodeSha256(zip []byte) string {
	sum := sha256.Sum256(zip)
	return base64.StdEncoding.EncodeToString(sum[:])
}
