package iam

import (
	"sort"
	"strings"
	"time"
)

// AWS managed policies (arn:PARTITION:iam::aws:policy/...). Portico carries
// a small built-in list of the ones Lambda- and API Gateway-backed
// configurations attach, so GetPolicy and GetPolicyVersion answer for them
// and ListPolicies (Scope AWS or All) lists them. Any other well-formed AWS
// managed policy ARN can still be attached to and detached from a role (its
// document is not known, so GetPolicy answers NoSuchEntity for it). See
// docs/iam.md.

type managedPolicy struct {
	path, name, description, version, document string
}

// awsManagedPolicies is the built-in list; documents are AWS's default
// versions as published in the AWS Managed Policy Reference (compact form).
var awsManagedPolicies = []managedPolicy{
	{"/", "AdministratorAccess", "Provides full access to AWS services and resources.", "v1",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
	{"/service-role/", "AWSLambdaBasicExecutionRole", "Provides write permissions to CloudWatch Logs.", "v1",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`},
	{"/service-role/", "AWSLambdaVPCAccessExecutionRole", "Provides minimum permissions for a Lambda function to execute while accessing a resource within a VPC - create, describe, delete network interfaces and write permissions to CloudWatch Logs.", "v3",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents","ec2:CreateNetworkInterface","ec2:DescribeNetworkInterfaces","ec2:DescribeSubnets","ec2:DeleteNetworkInterface","ec2:AssignPrivateIpAddresses","ec2:UnassignPrivateIpAddresses"],"Resource":"*"}]}`},
	{"/service-role/", "AWSLambdaRole", "Default policy for AWS Lambda service role.", "v2",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":["*"]}]}`},
	{"/service-role/", "AWSLambdaDynamoDBExecutionRole", "Provides list and read access to DynamoDB streams and write permissions to CloudWatch logs.", "v1",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`},
	{"/service-role/", "AWSLambdaSQSQueueExecutionRole", "Provides receive message, delete message, and read attribute access to SQS queues, and write permissions to CloudWatch logs.", "v2",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:GetQueueAttributes","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`},
	{"/service-role/", "AWSLambdaKinesisExecutionRole", "Provides list and read access to Kinesis streams and write permissions to CloudWatch logs.", "v1",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kinesis:DescribeStream","kinesis:DescribeStreamSummary","kinesis:GetRecords","kinesis:GetShardIterator","kinesis:ListShards","kinesis:ListStreams","kinesis:SubscribeToShard","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`},
	{"/service-role/", "AmazonAPIGatewayPushToCloudWatchLogs", "Allows API Gateway to push logs to user's account.", "v1",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:DescribeLogGroups","logs:DescribeLogStreams","logs:PutLogEvents","logs:GetLogEvents","logs:FilterLogEvents"],"Resource":"*"}]}`},
	{"/", "AmazonAPIGatewayInvokeFullAccess", "Provides full access to invoke APIs in Amazon API Gateway.", "v2",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["execute-api:Invoke","execute-api:ManageConnections"],"Resource":"arn:aws:execute-api:*:*:*"}]}`},
	{"/", "AmazonAPIGatewayAdministrator", "Provides full access to create/edit/delete APIs in Amazon API Gateway via the AWS Management Console.", "v1",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["apigateway:*"],"Resource":"arn:aws:apigateway:*::/*"}]}`},
	{"/", "AWSXRayDaemonWriteAccess", "Allow the AWS X-Ray Daemon to relay raw trace segments data to the service's API and retrieve sampling data (rules, targets, etc.) to be used by the X-Ray SDK.", "v1",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["xray:PutTraceSegments","xray:PutTelemetryRecords","xray:GetSamplingRules","xray:GetSamplingTargets","xray:GetSamplingStatisticSummaries"],"Resource":["*"]}]}`},
	{"/", "AmazonS3FullAccess", "Provides full access to all buckets via the AWS Management Console.", "v2",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}`},
	{"/", "AmazonS3ReadOnlyAccess", "Provides read only access to all buckets via the AWS Management Console.", "v3",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]}`},
	{"/", "AmazonSQSFullAccess", "Provides full access to Amazon SQS via the AWS Management Console.", "v1",
		`{"Version":"2012-10-17","Statement":[{"Action":["sqs:*"],"Effect":"Allow","Resource":"*"}]}`},
	{"/", "AmazonSNSFullAccess", "Provides full access to Amazon SNS via the AWS Management Console.", "v1",
		`{"Version":"2012-10-17","Statement":[{"Action":["sns:*"],"Effect":"Allow","Resource":"*"}]}`},
	{"/", "AmazonKinesisFullAccess", "Provides full access to all streams via the AWS Management Console.", "v1",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:*","Resource":"*"}]}`},
	{"/", "CloudWatchLogsFullAccess", "Provides full access to CloudWatch Logs", "v1",
		`{"Version":"2012-10-17","Statement":[{"Action":["logs:*"],"Effect":"Allow","Resource":"*"}]}`},
}

// awsManagedEpoch is the CreateDate/UpdateDate Portico gives built-in
// policies (their real dates are not carried).
var awsManagedEpoch = time.Date(2015, 2, 6, 18, 40, 0, 0, time.UTC)

// awsManaged returns the built-in AWS managed policy with ARN arn in
// partition, as a policy record.
func awsManaged(partition, arn string) (*policyRecord, bool) {
	for _, m := range awsManagedPolicies {
		if managedARN(partition, m) == arn {
			return managedRecord(partition, m), true
		}
	}
	return nil, false
}

func managedARN(partition string, m managedPolicy) string {
	return "arn:" + partition + ":iam::aws:policy" + m.path + m.name
}

func managedRecord(partition string, m managedPolicy) *policyRecord {
	doc := strings.ReplaceAll(m.document, "arn:aws:", "arn:"+partition+":")
	return &policyRecord{
		Name: m.name, Path: m.path, ID: managedPolicyID(m.name), ARN: managedARN(partition, m),
		Description: m.description, Created: awsManagedEpoch, Updated: awsManagedEpoch,
		DefaultVersion: m.version, Versions: []policyVersion{{ID: m.version, Document: doc, Created: awsManagedEpoch}},
		AWSManaged: true,
	}
}

// managedPolicyID derives a stable ANPA id from the policy name, so a
// built-in policy has the same id on every gateway.
func managedPolicyID(name string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	var h uint64 = 14695981039346656037
	for i := 0; i < len(name); i++ {
		h ^= uint64(name[i])
		h *= 1099511628211
	}
	out := []byte("ANPA")
	for range 17 {
		out = append(out, alphabet[h%32])
		h = h/32 ^ h*2654435761
	}
	return string(out)
}

// allManaged returns the built-in policies sorted by name.
func allManaged(partition string) []*policyRecord {
	out := make([]*policyRecord, 0, len(awsManagedPolicies))
	for _, m := range awsManagedPolicies {
		out = append(out, managedRecord(partition, m))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
