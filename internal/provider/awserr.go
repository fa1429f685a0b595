package provider

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/smithy-go"
)

// errNotFound marks a finder result for an object that no longer exists: the
// caller removes the resource from state (Read) or treats a delete as done.
var errNotFound = errors.New("not found")

// isNotFound reports whether err is API Gateway's NotFoundException.
func isNotFound(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, errNotFound) {
		return true
	}
	var nf *types.NotFoundException
	if errors.As(err, &nf) {
		return true
	}
	var apiErr smithy.APIError

	return errors.As(err, &apiErr) && apiErr.ErrorCode() == "NotFoundException"
}

// notFoundIf wraps a NotFoundException into errNotFound (keeping the cause).
func notFoundIf(err error) error {
	if err != nil && isNotFound(err) && !errors.Is(err, errNotFound) {
		return errors.Join(errNotFound, err)
	}

	return err
}
