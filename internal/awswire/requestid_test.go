package awswire

import (
	"regexp"
	"testing"
)

// uuidV4 is the form of AWS request ids: a random (version 4, RFC 4122
// variant) UUID in lower-case hex.
var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewRequestID(t *testing.T) {
	seen := make(map[string]bool)
	for range 2000 {
		id := NewRequestID()
		if !uuidV4.MatchString(id) {
			t.Fatalf("NewRequestID() = %q, not a version 4 UUID", id)
		}
		if seen[id] {
			t.Fatalf("NewRequestID() repeated %q", id)
		}
		seen[id] = true
	}
}

func BenchmarkNewRequestID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = NewRequestID()
	}
}
