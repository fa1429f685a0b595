package provider

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// The policy document model of aws_iam_policy_document, with HashiCorp's
// JSON layout: members in the order Version, Id, Statement; in statements
// Sid, Effect, Action, NotAction, Resource, NotResource, Principal,
// NotPrincipal, Condition; a list of one string written as the string,
// longer lists sorted in reverse; principals and conditions grouped by type
// (test, variable) in maps, so their keys are sorted.

type iamPolicyDoc struct {
	Version    string                `json:",omitempty"`
	Id         string                `json:",omitempty"` //nolint:revive // the JSON member is "Id"
	Statements []*iamPolicyStatement `json:"Statement,omitempty"`
}

type iamPolicyStatement struct {
	Sid           string                         `json:",omitempty"`
	Effect        string                         `json:",omitempty"`
	Actions       any                            `json:"Action,omitempty"`
	NotActions    any                            `json:"NotAction,omitempty"`
	Resources     any                            `json:"Resource,omitempty"`
	NotResources  any                            `json:"NotResource,omitempty"`
	Principals    iamPolicyStatementPrincipalSet `json:"Principal,omitempty"`
	NotPrincipals iamPolicyStatementPrincipalSet `json:"NotPrincipal,omitempty"`
	Conditions    iamPolicyStatementConditionSet `json:"Condition,omitempty"`
}

type iamPolicyStatementPrincipal struct {
	Type        string
	Identifiers any // string or []string
}

type iamPolicyStatementPrincipalSet []iamPolicyStatementPrincipal

type iamPolicyStatementCondition struct {
	Test     string
	Variable string
	Values   any // string or []string
}

type iamPolicyStatementConditionSet []iamPolicyStatementCondition

// Merge merges newDoc into s: newDoc's Id, a newer Version, and its
// statements, a statement with the Sid of an existing one replacing it.
func (s *iamPolicyDoc) Merge(newDoc *iamPolicyDoc) {
	if len(newDoc.Id) > 0 {
		s.Id = newDoc.Id
	}
	if newDoc.Version > s.Version {
		s.Version = newDoc.Version
	}
	for _, newStatement := range newDoc.Statements {
		if len(newStatement.Sid) == 0 {
			s.Statements = append(s.Statements, newStatement)
			continue
		}
		seen := false
		for i, existing := range s.Statements {
			if existing.Sid == newStatement.Sid {
				s.Statements[i] = newStatement
				seen = true
				break
			}
		}
		if !seen {
			s.Statements = append(s.Statements, newStatement)
		}
	}
}

// MarshalJSON writes principals as IAM's Principal element: "*" for the
// single principal {type = "*", identifiers = ["*"]}, else a map of type to
// identifiers.
func (ps iamPolicyStatementPrincipalSet) MarshalJSON() ([]byte, error) {
	raw := map[string]any{}
	if len(ps) == 1 && ps[0].Type == "*" {
		switch v := ps[0].Identifiers.(type) {
		case string:
			if v == "*" {
				return []byte(`"*"`), nil
			}
		case []string:
			if len(v) == 1 && v[0] == "*" {
				return []byte(`"*"`), nil
			}
		}
	}
	for _, p := range ps {
		switch i := p.Identifiers.(type) {
		case []string:
			var ids []string
			switch v := raw[p.Type].(type) {
			case nil:
				ids = make([]string, 0, len(i))
			case string:
				ids = append(make([]string, 0, len(i)+1), v)
			case []string:
				ids = v
			}
			sorted := slices.Clone(i)
			slices.Sort(sorted)
			slices.Reverse(sorted)
			raw[p.Type] = append(ids, sorted...)
		case string:
			switch v := raw[p.Type].(type) {
			case nil:
				raw[p.Type] = i
			case string:
				raw[p.Type] = []string{v, i}
			case []string:
				raw[p.Type] = append(v, i)
			}
		default:
			return nil, fmt.Errorf("unsupported data type %T for IAMPolicyStatementPrincipalSet", i)
		}
	}

	return json.Marshal(&raw)
}

// UnmarshalJSON reads a Principal element ("*" or a map of type to one or
// more identifiers).
func (ps *iamPolicyStatementPrincipalSet) UnmarshalJSON(b []byte) error {
	var data any
	if err := json.Unmarshal(b, &data); err != nil {
		return err
	}
	var out iamPolicyStatementPrincipalSet
	switch t := data.(type) {
	case string:
		out = append(out, iamPolicyStatementPrincipal{Type: "*", Identifiers: []string{"*"}})
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, key := range keys {
			switch v := t[key].(type) {
			case string:
				out = append(out, iamPolicyStatementPrincipal{Type: key, Identifiers: v})
			case []any:
				values := []string{}
				for i, e := range v {
					s, ok := e.(string)
					if !ok {
						return fmt.Errorf("unsupported element type %T for IAMPolicyStatementPrincipalSet.Identifiers[%d] (principal type %q): must be string", e, i, key)
					}
					values = append(values, s)
				}
				slices.Sort(values)
				out = append(out, iamPolicyStatementPrincipal{Type: key, Identifiers: values})
			default:
				return fmt.Errorf("unsupported data type %T for IAMPolicyStatementPrincipalSet.Identifiers", v)
			}
		}
	default:
		return fmt.Errorf("unsupported data type %T for IAMPolicyStatementPrincipalSet", t)
	}
	*ps = out

	return nil
}

// MarshalJSON writes conditions as IAM's Condition element: test ->
// variable -> values, one value written as the string; values keep their
// order.
func (cs iamPolicyStatementConditionSet) MarshalJSON() ([]byte, error) {
	values := map[string]map[string][]string{}
	for _, c := range cs {
		if _, ok := values[c.Test]; !ok {
			values[c.Test] = map[string][]string{}
		}
		items, ok := values[c.Test][c.Variable]
		if !ok {
			items = []string{}
		}
		switch i := c.Values.(type) {
		case []string:
			items = append(items, i...)
		case string:
			items = append(items, i)
		default:
			return nil, fmt.Errorf("unsupported data type for IAMPolicyStatementConditionSet: %v", i)
		}
		values[c.Test][c.Variable] = items
	}
	raw := make(map[string]map[string]any, len(values))
	for k1, vars := range values {
		raw[k1] = make(map[string]any, len(vars))
		for k2, items := range vars {
			if len(items) == 1 {
				raw[k1][k2] = items[0]
			} else {
				raw[k1][k2] = items
			}
		}
	}

	return json.Marshal(&raw)
}

// UnmarshalJSON reads a Condition element; booleans and numbers become
// their JSON text.
func (cs *iamPolicyStatementConditionSet) UnmarshalJSON(b []byte) error {
	var data map[string]map[string]any
	if err := json.Unmarshal(b, &data); err != nil {
		return err
	}
	var out iamPolicyStatementConditionSet
	tests := make([]string, 0, len(data))
	for k := range data {
		tests = append(tests, k)
	}
	slices.Sort(tests)
	for _, test := range tests {
		vars := make([]string, 0, len(data[test]))
		for k := range data[test] {
			vars = append(vars, k)
		}
		slices.Sort(vars)
		for _, variable := range vars {
			switch v := data[test][variable].(type) {
			case string:
				out = append(out, iamPolicyStatementCondition{Test: test, Variable: variable, Values: []string{v}})
			case bool:
				out = append(out, iamPolicyStatementCondition{Test: test, Variable: variable, Values: strconv.FormatBool(v)})
			case float64:
				out = append(out, iamPolicyStatementCondition{Test: test, Variable: variable, Values: strconv.FormatFloat(v, 'f', -1, 64)})
			case []any:
				values := []string{}
				for _, e := range v {
					switch s := e.(type) {
					case string:
						values = append(values, s)
					case bool:
						values = append(values, strconv.FormatBool(s))
					case float64:
						values = append(values, strconv.FormatFloat(s, 'f', -1, 64))
					default:
						return fmt.Errorf("unsupported condition value %v (%s %s)", e, test, variable)
					}
				}
				out = append(out, iamPolicyStatementCondition{Test: test, Variable: variable, Values: values})
			}
		}
	}
	*cs = out

	return nil
}

// policyDecodeConfigStrings returns the single element of l as a string,
// or l sorted in reverse order.
func policyDecodeConfigStrings(l []string) any {
	if len(l) == 1 {
		return l[0]
	}
	out := slices.Clone(l)
	slices.Sort(out)
	slices.Reverse(out)

	return out
}
