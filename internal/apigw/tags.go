package apigw

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Tag limits of API Gateway resources, from "Tag restrictions and usage
// conventions" in the API Gateway Developer Guide (apigateway-tagging.html)
// and the TagResource API reference: at most 50 tags per resource, keys of 1
// to 128 Unicode characters that do not start with "aws:" in any case, and
// values of 0 to 256 Unicode characters.
const (
	MaxTags           = 50
	MaxTagKeyLength   = 128
	MaxTagValueLength = 256
	ReservedTagPrefix = "aws:"
)

// The gateway's answers (BadRequestException) to a broken tag rule.
// ErrTagKeyReserved is AWS's own text (seen in API Gateway's answers quoted
// in serverless/serverless#9223 and aws/aws-cdk#23738); AWS's texts for the
// other three are not recorded, so they state the rule.
var (
	ErrTagKeyLength   = fmt.Errorf("Tag keys must be between 1 and %d characters", MaxTagKeyLength)
	ErrTagKeyReserved = errors.New("Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)")
	ErrTagValueLength = fmt.Errorf("Tag values must be at most %d characters", MaxTagValueLength)
	ErrTooManyTags    = fmt.Errorf("Too many tags: a resource can have at most %d tags", MaxTags)
)

// TagError is a broken tag rule. Error is the gateway's answer (one of the
// Err* values above, which errors.Is matches); Message explains it for a
// plan.
type TagError struct {
	Key   string // the tag's key; "" for ErrTooManyTags
	Count int    // the number of tags, for ErrTooManyTags
	Err   error
}

func (e *TagError) Error() string { return e.Err.Error() }

// Unwrap returns the Err* value.
func (e *TagError) Unwrap() error { return e.Err }

// Message explains the broken rule for a person reading a plan.
func (e *TagError) Message() string {
	switch e.Err {
	case ErrTagKeyLength:
		if e.Key == "" {
			return "a tag key must not be empty"
		}
		return fmt.Sprintf("tag key %q is %d characters long: keys are 1 to %d characters", e.Key, utf8.RuneCountInString(e.Key), MaxTagKeyLength)
	case ErrTagKeyReserved:
		return fmt.Sprintf("tag key %q starts with %q, a prefix AWS reserves for its own tags (in any case): choose another key", e.Key, ReservedTagPrefix)
	case ErrTagValueLength:
		return fmt.Sprintf("the value of tag %q is longer than %d characters", e.Key, MaxTagValueLength)
	case ErrTooManyTags:
		return fmt.Sprintf("%d tags: an API Gateway resource can have at most %d", e.Count, MaxTags)
	}
	return e.Err.Error()
}

// ValidateTagKey checks one tag key: 1 to 128 characters, not starting with
// "aws:" in any case.
func ValidateTagKey(k string) error {
	if n := utf8.RuneCountInString(k); n == 0 || n > MaxTagKeyLength {
		return &TagError{Key: k, Err: ErrTagKeyLength}
	}
	if strings.HasPrefix(strings.ToLower(k), ReservedTagPrefix) {
		return &TagError{Key: k, Err: ErrTagKeyReserved}
	}
	return nil
}

// ValidateTagValue checks the value of tag k: at most 256 characters.
func ValidateTagValue(k, v string) error {
	if utf8.RuneCountInString(v) > MaxTagValueLength {
		return &TagError{Key: k, Err: ErrTagValueLength}
	}
	return nil
}

// ValidateTagCount checks the number of tags a resource ends up with.
func ValidateTagCount(n int) error {
	if n > MaxTags {
		return &TagError{Count: n, Err: ErrTooManyTags}
	}
	return nil
}

// ValidateTags checks a resource's tags: every key and value, in key order,
// then their number. It returns the first broken rule as a *TagError.
func ValidateTags(tags map[string]string) error {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := ValidateTagKey(k); err != nil {
			return err
		}
		if err := ValidateTagValue(k, tags[k]); err != nil {
			return err
		}
	}
	return ValidateTagCount(len(tags))
}
