package provider

import (
	"strings"
	"testing"
)

func TestSplitImportID(t *testing.T) {
	const form = "REST-API-ID/RESOURCE-ID/HTTP-METHOD"
	tests := []struct {
		id   string
		want []string
	}{
		{"a/b/GET", []string{"a", "b", "GET"}},
		{"a/b", nil},
		{"a/b/GET/200", nil},
		{"a//GET", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got, err := splitImportID(tt.id, form)
		if tt.want == nil {
			if err == nil || !strings.Contains(err.Error(), "expected "+form+"[@REGION]") {
				t.Errorf("splitImportID(%q) = %v, %v; want an error naming %s", tt.id, got, err, form)
			}
			continue
		}
		if err != nil || strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("splitImportID(%q) = %v, %v; want %v", tt.id, got, err, tt.want)
		}
	}
}
