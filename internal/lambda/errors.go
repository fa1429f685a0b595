package lambda

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// Error is a Lambda API error: the HTTP status, the error type (sent as
// x-amzn-ErrorType) and the message. Invoke returns it for a function that
// does not exist or cannot run.
type Error struct {
	Status  int
	Type    string
	Message string
	// Reason is TooManyRequestsException's throttle reason.
	Reason string
}

func (e *Error) Error() string { return e.Type + ": " + e.Message }

// capitalMessage lists the error shapes whose model names the message member
// "Message" (the rest use "message"), as Lambda's API model does.
var capitalMessage = map[string]bool{
	"ResourceNotFoundException":          true,
	"ServiceException":                   true,
	"InvalidRuntimeException":            true,
	"InvalidZipFileException":            true,
	"CodeSigningConfigNotFoundException": true,
	"ResourceInUseException":             true,
}

// write writes e as Lambda does: x-amzn-ErrorType and a JSON body
// {"Type":"User","Message"|"message": ...}. Validation errors, which the
// service's front end answers, carry only {"message": ...}.
func (e *Error) write(w http.ResponseWriter) {
	h := w.Header()
	h["X-Amzn-ErrorType"] = []string{e.Type}
	h.Set("Content-Type", "application/json")
	body := map[string]string{}
	key := "message"
	if capitalMessage[e.Type] {
		key = "Message"
	}
	body[key] = e.Message
	switch e.Type {
	case "ValidationException", "UnknownOperationException":
	case "ServiceException", "InvalidRuntimeException":
		body["Type"] = "Service"
	default:
		body["Type"] = "User"
	}
	if e.Reason != "" {
		body["Reason"] = e.Reason
	}
	if e.Type == "TooManyRequestsException" {
		h.Set("Retry-After", strconv.Itoa(1))
	}
	w.WriteHeader(e.Status)
	b, _ := json.Marshal(body)
	_, _ = w.Write(b)
}

func errorf(status int, typ, format string, args ...any) *Error {
	return &Error{Status: status, Type: typ, Message: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) *Error {
	return errorf(http.StatusNotFound, "ResourceNotFoundException", format, args...)
}

func conflict(format string, args ...any) *Error {
	return errorf(http.StatusConflict, "ResourceConflictException", format, args...)
}

func invalidParam(format string, args ...any) *Error {
	return errorf(http.StatusBadRequest, "InvalidParameterValueException", format, args...)
}

// validation is the front end's constraint error: "1 validation error
// detected: Value 'v' at 'field' failed to satisfy constraint: rule".
func validation(value any, field, rule string) *Error {
	v := fmt.Sprint(value)
	if value == nil {
		return errorf(http.StatusBadRequest, "ValidationException",
			"1 validation error detected: Value null at '%s' failed to satisfy constraint: %s", field, rule)
	}
	return errorf(http.StatusBadRequest, "ValidationException",
		"1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s", v, field, rule)
}

func preconditionFailed() *Error {
	return errorf(http.StatusPreconditionFailed, "PreconditionFailedException",
		"The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
}

func tooLarge(limit int, op string) *Error {
	return errorf(http.StatusRequestEntityTooLarge, "RequestEntityTooLargeException",
		"Request must be smaller than %d bytes for the %s operation", limit, op)
}
