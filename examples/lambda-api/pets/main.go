// Command pets is the GET /pets/{id} function of examples/lambda-api: a
// provided.al2023 bootstrap built with aws-lambda-go, behind an AWS
// (non-proxy) integration. The request template hands it {"id": "..."}; it
// answers with the pet, or fails with an error whose message starts with
// "NotFound:" or "BadRequest:", which the integration responses' selection
// patterns map to 404 and 400.
package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type request struct {
	ID string `json:"id"`
}

type pet struct {
	ID        int     `json:"id"`
	Type      string  `json:"type"`
	Price     float64 `json:"price"`
	RequestID string  `json:"requestId"`
}

var pets = map[int]pet{
	1: {ID: 1, Type: "dog", Price: 249.99},
	2: {ID: 2, Type: "cat", Price: 124.99},
	3: {ID: 3, Type: "fish", Price: 0.99},
}

func handle(ctx context.Context, req request) (*pet, error) {
	id, err := strconv.Atoi(req.ID)
	if err != nil {
		return nil, errors.New("BadRequest: the pet id must be a number, got " + strconv.Quote(req.ID))
	}
	p, ok := pets[id]
	if !ok {
		return nil, fmt.Errorf("NotFound: no pet with id %d", id)
	}
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		p.RequestID = lc.AwsRequestID
	}

	return &p, nil
}

func main() { lambda.Start(handle) }
