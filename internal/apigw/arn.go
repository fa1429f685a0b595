package apigw

import (
	"strings"
)

// ARNs of API Gateway resources, as AWS documents them in "API Gateway
// Amazon Resource Name (ARN) reference" (Developer Guide,
// arn-format-reference.html) and as TagResource, UntagResource and GetTags
// take them:
//
//	REST API:  arn:{partition}:apigateway:{region}::/restapis/{rest_api_id}
//	stage:     arn:{partition}:apigateway:{region}::/restapis/{rest_api_id}/stages/{stage_name}
//	execution: arn:{partition}:execute-api:{region}:{account_id}:{rest_api_id}/{stage_name}
//
// The account field of an apigateway ARN is empty.

// RestAPIARN is the ARN of a REST API.
func RestAPIARN(partition, region, apiID string) string {
	return "arn:" + partition + ":apigateway:" + region + "::/restapis/" + apiID
}

// StageARN is the ARN of a stage of a REST API.
func StageARN(partition, region, apiID, stage string) string {
	return RestAPIARN(partition, region, apiID) + "/stages/" + stage
}

// ExecutionARN is the execute-api ARN of a REST API's stage, the prefix of
// the method ARNs an IAM policy or a Lambda permission's source_arn names.
// With stage "" it is the prefix that covers every stage ("{api}/").
func ExecutionARN(partition, region, accountID, apiID, stage string) string {
	return "arn:" + partition + ":execute-api:" + region + ":" + accountID + ":" + apiID + "/" + stage
}

// APIExecutionARN is the execute-api ARN of a REST API without a stage part,
// as HashiCorp's aws_api_gateway_rest_api exports it in execution_arn.
func APIExecutionARN(partition, region, accountID, apiID string) string {
	return "arn:" + partition + ":execute-api:" + region + ":" + accountID + ":" + apiID
}

// ResourceARN is a taggable API Gateway ARN taken apart: a REST API, or one
// of its stages when StageName is set.
type ResourceARN struct {
	Partition string
	Region    string
	RestAPIID string
	StageName string // "" for the REST API itself
}

// ParseResourceARN parses the ARN of a REST API or of a stage. Anything else
// is ErrInvalidARN ("Invalid ARN specified in the request"), AWS's answer.
func ParseResourceARN(arn string) (ResourceARN, error) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !partitionRE.MatchString(parts[1]) || parts[2] != "apigateway" || parts[4] != "" {
		return ResourceARN{}, ErrInvalidARN
	}
	r := ResourceARN{Partition: parts[1], Region: parts[3]}
	segs := strings.Split(strings.TrimPrefix(parts[5], "/"), "/")
	switch {
	case len(segs) == 2 && segs[0] == "restapis" && segs[1] != "":
		r.RestAPIID = segs[1]
	case len(segs) == 4 && segs[0] == "restapis" && segs[1] != "" && segs[2] == "stages" && segs[3] != "":
		r.RestAPIID, r.StageName = segs[1], segs[3]
	default:
		return ResourceARN{}, ErrInvalidARN
	}
	return r, nil
}
