// Package apigw holds the facts about API Gateway (REST v1) that both Portico
// programs depend on: the enumerations AWS accepts, the HTTP method list, the
// integration URI forms, and the naming and mapping rules for resources,
// status codes, stages, models and parameters.
//
// The Terraform provider calls these rules at plan time and the local gateway
// calls the same rules when it answers a request, so a configuration that
// plans cleanly is one the gateway accepts, and the two never disagree about
// what is valid. Each rule returns the message AWS itself answers where it is
// known, so the gateway can reply with AWS's text.
package apigw
