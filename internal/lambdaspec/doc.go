// Package lambdaspec holds the facts about AWS Lambda that both Portico
// programs depend on: the runtime identifiers and their deprecation dates,
// the handler rule per runtime family, the limits of a function's
// configuration, the name, qualifier, alias and statement-id patterns, and the
// formats of function, qualified and invoke ARNs.
//
// The Terraform provider calls these rules at plan time and the local Lambda
// service calls the same rules when it answers a request, so a configuration
// that plans cleanly is one the service accepts. Messages are AWS's own where
// they are known. The package imports nothing of Portico's.
package lambdaspec
