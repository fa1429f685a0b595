package iam

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// The stored records. Each role is one record (its inline policies and the
// ARNs of its attached managed policies inside); each customer managed
// policy is one record with its versions; an attachment also has an index
// record under the policy so a policy's attachments are found without
// reading every role.

const (
	roleKeyPrefix       = "role/"       // + lower(name) -> roleRecord
	policyKeyPrefix     = "policy/"     // + ARN -> policyRecord
	policyNameKeyPrefix = "policyname/" // + lower(name) -> ARN
	attachKeyPrefix     = "attach/"     // + policy ARN + "|" + lower(role name) -> role name
	sessionKeyPrefix    = "session/"    // + access key id -> sessionRecord
)

type tag struct {
	Key   string `json:"k"`
	Value string `json:"v"`
}

type roleRecord struct {
	Name               string            `json:"name"`
	Path               string            `json:"path"`
	ID                 string            `json:"id"`
	ARN                string            `json:"arn"`
	AssumeRolePolicy   string            `json:"assumeRolePolicy"`
	Description        string            `json:"description,omitempty"`
	MaxSessionDuration int               `json:"maxSessionDuration"`
	Boundary           string            `json:"boundary,omitempty"`
	Tags               []tag             `json:"tags,omitempty"`
	Created            time.Time         `json:"created"`
	Inline             map[string]string `json:"inline,omitempty"`   // policy name -> document
	Attached           []string          `json:"attached,omitempty"` // policy ARNs, in attach order
}

type policyVersion struct {
	ID       string    `json:"id"`
	Document string    `json:"document"`
	Created  time.Time `json:"created"`
}

type policyRecord struct {
	Name           string          `json:"name"`
	Path           string          `json:"path"`
	ID             string          `json:"id"`
	ARN            string          `json:"arn"`
	Description    string          `json:"description,omitempty"`
	Tags           []tag           `json:"tags,omitempty"`
	Created        time.Time       `json:"created"`
	Updated        time.Time       `json:"updated"`
	DefaultVersion string          `json:"defaultVersion"`
	Versions       []policyVersion `json:"versions"` // oldest first
	NextVersion    int             `json:"nextVersion"`
	// AWSManaged marks the built-in AWS managed policies (never stored).
	AWSManaged bool `json:"-"`
}

func (p *policyRecord) version(id string) (policyVersion, bool) {
	for _, v := range p.Versions {
		if v.ID == id {
			return v, true
		}
	}
	return policyVersion{}, false
}

type sessionRecord struct {
	ARN        string    `json:"arn"`
	UserID     string    `json:"userId"`
	Expiration time.Time `json:"expiration"`
}

func roleKey(name string) string { return roleKeyPrefix + strings.ToLower(name) }

func policyKey(arn string) string { return policyKeyPrefix + arn }

func policyNameKey(name string) string { return policyNameKeyPrefix + strings.ToLower(name) }

func attachKey(policyARN, roleName string) string {
	return attachKeyPrefix + policyARN + "|" + strings.ToLower(roleName)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("iam: encoding %T: %v", v, err))
	}
	return b
}

// uniqueID returns an IAM unique id: a four-letter prefix naming the kind
// (AROA role, ANPA policy, ASIA temporary access key) and 17 characters of
// AWS's upper-case base-32 alphabet, 21 in all, as AWS's ids.
func uniqueID(prefix string) string {
	return prefix + randomBase32(17)
}

func randomBase32(n int) string {
	b := make([]byte, (n*5+7)/8+1)
	_, _ = rand.Read(b)
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)[:n]
}

func randomBase64(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// patternRule is an AWS member pattern: the text AWS prints in messages and
// the Go expression that matches the whole value.
type patternRule struct {
	text string
	re   *regexp.Regexp
}

func rule(text, goExpr string) *patternRule {
	return &patternRule{text: text, re: regexp.MustCompile(`^(?:` + goExpr + `)$`)}
}

var (
	nameRule        = rule(`[\w+=,.@-]+`, `[\w+=,.@-]+`)
	pathRule        = rule(`(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`, `(/)|(/[\x{21}-\x{7E}]+/)`)
	pathPrefixRule  = rule(`\u002F[\u0021-\u007E]*`, `/[\x{21}-\x{7E}]*`)
	descriptionRule = rule(`[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*`, `[\x{09}\x{0A}\x{0D}\x{20}-\x{7E}\x{A1}-\x{FF}]*`)
	documentRule    = rule(`[\u0009\u000A\u000D\u0020-\u00FF]+`, `[\x{09}\x{0A}\x{0D}\x{20}-\x{10FFFF}]+`)
	versionIDRule   = rule(`v[1-9][0-9]*(\.[A-Za-z0-9-]*)?`, `v[1-9][0-9]*(\.[A-Za-z0-9-]*)?`)
	tagKeyRule      = rule(`[\p{L}\p{Z}\p{N}_.:/=+\-@]+`, `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`)
	tagValueRule    = rule(`[\p{L}\p{Z}\p{N}_.:/=+\-@]*`, `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`)
	sessionNameRule = rule(`[\w+=,.@-]*`, `[\w+=,.@-]*`)
)

// Limits of IAM (AWS's default quotas).
const (
	maxTagsPerResource  = 50
	maxPolicyVersions   = 5
	maxAttachedPerRole  = 10
	maxInlineRoleBytes  = 10240
	maxPolicyDocLength  = 131072
	maxAssumeRoleLength = 131072
	defaultMaxItems     = 100
)

// readTags reads Tags.member.N.Key/Value, checking AWS's constraints.
// caseInsensitive is the roles' rule for duplicate keys (role tag keys are
// case-insensitive; policy tag keys are not).
func readTags(p *params, caseInsensitive bool) ([]tag, *Error) {
	var out []tag
	for i := 1; ; i++ {
		kname := fmt.Sprintf("Tags.member.%d.Key", i)
		if !p.has(kname) {
			break
		}
		out = append(out, tag{Key: p.get(kname), Value: p.get(fmt.Sprintf("Tags.member.%d.Value", i))})
	}
	if len(out) > maxTagsPerResource {
		p.errs = append(p.errs, fmt.Sprintf("Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to %d", maxTagsPerResource))
		return nil, p.err()
	}
	for i, t := range out {
		prefix := fmt.Sprintf("Value at 'tags.%d.member.", i+1)
		switch {
		case len([]rune(t.Key)) > 128:
			p.errs = append(p.errs, prefix+"key' failed to satisfy constraint: Member must have length less than or equal to 128")
		case len(t.Key) < 1:
			p.errs = append(p.errs, prefix+"key' failed to satisfy constraint: Member must have length greater than or equal to 1")
		case !tagKeyRule.re.MatchString(t.Key):
			p.errs = append(p.errs, prefix+"key' failed to satisfy constraint: Member must satisfy regular expression pattern: "+tagKeyRule.text)
		}
		switch {
		case len([]rune(t.Value)) > 256:
			p.errs = append(p.errs, prefix+"value' failed to satisfy constraint: Member must have length less than or equal to 256")
		case !tagValueRule.re.MatchString(t.Value):
			p.errs = append(p.errs, prefix+"value' failed to satisfy constraint: Member must satisfy regular expression pattern: "+tagValueRule.text)
		}
	}
	if e := p.err(); e != nil {
		return nil, e
	}
	seen := map[string]bool{}
	for _, t := range out {
		k := t.Key
		if caseInsensitive {
			k = strings.ToLower(k)
		}
		if seen[k] {
			if caseInsensitive {
				return nil, invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
			}
			return nil, invalidInput("Duplicate tag keys found.")
		}
		seen[k] = true
	}
	return out, nil
}

// readTagKeys reads TagKeys.member.N for Untag*.
func readTagKeys(p *params) ([]string, *Error) {
	keys := p.list("TagKeys")
	if len(keys) > maxTagsPerResource {
		p.errs = append(p.errs, fmt.Sprintf("Value at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to %d", maxTagsPerResource))
		return nil, p.err()
	}
	for _, k := range keys {
		if n := len([]rune(k)); n < 1 || n > 128 || !tagKeyRule.re.MatchString(k) {
			p.errs = append(p.errs, "Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: "+tagKeyRule.text+", Member must not be null]")
			return nil, p.err()
		}
	}
	return keys, nil
}

// mergeTags sets add over have (keys compared as caseInsensitive says) and
// returns the result sorted by key, as IAM lists tags.
func mergeTags(have, add []tag, caseInsensitive bool) []tag {
	norm := func(k string) string {
		if caseInsensitive {
			return strings.ToLower(k)
		}
		return k
	}
	out := append([]tag(nil), have...)
	for _, t := range add {
		replaced := false
		for i := range out {
			if norm(out[i].Key) == norm(t.Key) {
				out[i] = t
				replaced = true
				break
			}
		}
		if !replaced {
			out = append(out, t)
		}
	}
	sortTags(out)
	return out
}

func removeTags(have []tag, keys []string, caseInsensitive bool) []tag {
	drop := map[string]bool{}
	for _, k := range keys {
		if caseInsensitive {
			k = strings.ToLower(k)
		}
		drop[k] = true
	}
	var out []tag
	for _, t := range have {
		k := t.Key
		if caseInsensitive {
			k = strings.ToLower(k)
		}
		if !drop[k] {
			out = append(out, t)
		}
	}
	return out
}

func sortTags(tags []tag) {
	sort.SliceStable(tags, func(i, j int) bool { return tags[i].Key < tags[j].Key })
}

// partitionOf returns the ARN partition of a region.
func partitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	default:
		return "aws"
	}
}

var knownPartitions = map[string]bool{"aws": true, "aws-cn": true, "aws-us-gov": true, "aws-iso": true, "aws-iso-b": true, "aws-iso-e": true, "aws-iso-f": true, "aws-eusc": true}

// parsedPolicyARN is arn:PARTITION:iam::ACCOUNT:policy/PATH/NAME.
type parsedPolicyARN struct {
	partition, account, path, name string
}

// parsePolicyARN splits a managed policy ARN. ok is false for anything
// else (IAM answers "ARN x is not valid.").
func parsePolicyARN(s string) (parsedPolicyARN, bool) {
	f := strings.SplitN(s, ":", 6)
	if len(f) != 6 || f[0] != "arn" || f[2] != "iam" || f[3] != "" || !strings.HasPrefix(f[5], "policy/") {
		return parsedPolicyARN{}, false
	}
	rest := strings.TrimPrefix(f[5], "policy")
	i := strings.LastIndex(rest, "/")
	p := parsedPolicyARN{partition: f[1], account: f[4], path: rest[:i+1], name: rest[i+1:]}
	if p.name == "" || p.account == "" || !nameRule.re.MatchString(p.name) {
		return parsedPolicyARN{}, false
	}
	return p, true
}
