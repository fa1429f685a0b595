package awswire

import (
	"encoding/json"
	"net/http"
)

// Error is an AWS error answer in the REST-JSON protocols (API Gateway,
// Lambda): a status, the error type sent as x-amzn-ErrorType, a message.
type Error struct {
	Status  int
	Type    string
	Message string
}

func (e *Error) Error() string { return e.Type + ": " + e.Message }

// WriteError writes e as API Gateway does: the x-amzn-ErrorType header and
// {"message": ...}.
func WriteError(w http.ResponseWriter, e *Error) {
	hdr := w.Header()
	hdr["X-Amzn-ErrorType"] = []string{e.Type}
	hdr.Set("Content-Type", "application/json")
	w.WriteHeader(e.Status)
	b, _ := json.Marshal(map[string]string{"message": e.Message})
	_, _ = w.Write(b)
}
