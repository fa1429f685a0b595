package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/portico/portico/internal/apigw"
)

// On-disk layout (format 2). Bucket "apis" holds one bucket per REST API,
// named by its id; in it, one key per entity, so a write stores only what
// it changed:
//
//	api                  {"seq":N,"api":{RestApi}}
//	r/{resource-id}      Resource without its methods
//	m/{resource-id}/{VERB} Method with its integration and responses
//	model/{name}         Model
//	stage/{name}         Stage
//	dep/{deployment-id}  Deployment
//	snap/{deployment-id} Snapshot (written once, with the deployment)
//	auth/{id}            Authorizer
//	validator/{id}       RequestValidator
//	gwresp/{type}        GatewayResponse
//
// Bucket "kv" holds one bucket per service that keeps account-level records
// (see Records). Bucket "meta" holds "format".
const (
	keyAPI       = "api"
	prefixRes    = "r/"
	prefixMethod = "m/"
	prefixModel  = "model/"
	prefixStage  = "stage/"
	prefixDep    = "dep/"
	prefixSnap   = "snap/"
	prefixAuth   = "auth/"
	prefixValid  = "validator/"
	prefixGWResp = "gwresp/"
)

type apiRecord struct {
	Seq uint64        `json:"seq"`
	API apigw.RestApi `json:"api"`
}

// change is the set of keys one write puts and deletes in an API's bucket.
type change struct {
	puts map[string][]byte
	dels []string
}

func (c *change) put(key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	c.puts[key] = b
	return nil
}

func (c *change) empty() bool { return len(c.puts) == 0 && len(c.dels) == 0 }

// diff returns what turns base into next on disk: the entities whose
// pointers differ (base nil: everything). It costs pointer comparisons for
// what is unchanged and encoding for what changed.
func diff(base, next *APIDoc) (*change, error) {
	c := &change{puts: map[string][]byte{}}
	if base == nil {
		base = &APIDoc{}
	}
	apiRaw, err := json.Marshal(apiRecord{Seq: next.Seq, API: next.API})
	if err != nil {
		return nil, fmt.Errorf("encode api: %w", err)
	}
	if !bytes.Equal(apiRaw, base.apiRaw()) {
		c.puts[keyAPI] = apiRaw
	}
	for id, res := range next.Resources {
		old := base.Resources[id]
		if old == res {
			continue
		}
		flat := *res
		flat.ResourceMethods = nil
		if err := c.put(prefixRes+id, &flat); err != nil {
			return nil, err
		}
		var oldMethods map[string]*apigw.Method
		if old != nil {
			oldMethods = old.ResourceMethods
		}
		for verb, m := range res.ResourceMethods {
			if oldMethods[verb] != m {
				if err := c.put(methodKeyOf(id, verb), m); err != nil {
					return nil, err
				}
			}
		}
		for verb := range oldMethods {
			if _, ok := res.ResourceMethods[verb]; !ok {
				c.dels = append(c.dels, methodKeyOf(id, verb))
			}
		}
	}
	for id, old := range base.Resources {
		if _, ok := next.Resources[id]; !ok {
			c.dels = append(c.dels, prefixRes+id)
			for verb := range old.ResourceMethods {
				c.dels = append(c.dels, methodKeyOf(id, verb))
			}
		}
	}
	if err := diffMap(c, prefixModel, base.Models, next.Models, nil); err != nil {
		return nil, err
	}
	if err := diffMap(c, prefixStage, base.Stages, next.Stages, nil); err != nil {
		return nil, err
	}
	if err := diffMap(c, prefixAuth, base.Authorizers, next.Authorizers, nil); err != nil {
		return nil, err
	}
	if err := diffMap(c, prefixValid, base.RequestValidators, next.RequestValidators, nil); err != nil {
		return nil, err
	}
	if err := diffMap(c, prefixGWResp, base.GatewayResponses, next.GatewayResponses, nil); err != nil {
		return nil, err
	}
	err = diffMap(c, prefixDep, base.Deployments, next.Deployments, func(c *change, id string, dep *DeploymentDoc, isNew bool) error {
		if err := c.put(prefixDep+id, &dep.Deployment); err != nil {
			return err
		}
		if isNew {
			return c.put(prefixSnap+id, &dep.Snapshot)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// diffMap puts the entries of next whose pointers differ from base's and
// deletes those gone. put, when given, writes an entry instead.
func diffMap[T any](c *change, prefix string, base, next map[string]*T, put func(c *change, key string, v *T, isNew bool) error) error {
	for k, v := range next {
		old, had := base[k]
		if old == v {
			continue
		}
		var err error
		if put != nil {
			err = put(c, k, v, !had)
		} else {
			err = c.put(prefix+k, v)
		}
		if err != nil {
			return err
		}
	}
	for k := range base {
		if _, ok := next[k]; !ok {
			c.dels = append(c.dels, prefix+k)
			if prefix == prefixDep {
				c.dels = append(c.dels, prefixSnap+k)
			}
		}
	}
	return nil
}

// decodeInto decodes v into a new entry key of m.
func decodeInto[T any](m map[string]*T, key string, v []byte) error {
	var x T
	if err := json.Unmarshal(v, &x); err != nil {
		return err
	}
	m[key] = &x
	return nil
}

func methodKeyOf(resourceID, verb string) string {
	return prefixMethod + resourceID + "/" + verb
}

// apiRaw is the encoded "api" record of a committed document.
func (d *APIDoc) apiRaw() []byte {
	if d.API.ID == "" {
		return nil
	}
	b, _ := json.Marshal(apiRecord{Seq: d.Seq, API: d.API})
	return b
}

// loadDoc decodes one API's bucket (key -> value pairs in key order).
func loadDoc(id string, each func(fn func(k, v []byte) error) error) (*APIDoc, error) {
	d := &APIDoc{}
	d.fill()
	snaps := map[string]*Snapshot{}
	err := each(func(k, v []byte) error {
		key := string(k)
		var err error
		switch {
		case key == keyAPI:
			var rec apiRecord
			err = json.Unmarshal(v, &rec)
			d.Seq, d.API = rec.Seq, rec.API
		case strings.HasPrefix(key, prefixRes):
			var res apigw.Resource
			if err = json.Unmarshal(v, &res); err == nil {
				if cur, ok := d.Resources[res.ID]; ok { // methods came first
					res.ResourceMethods = cur.ResourceMethods
				}
				d.Resources[res.ID] = &res
			}
		case strings.HasPrefix(key, prefixMethod):
			resID, verb, ok := strings.Cut(strings.TrimPrefix(key, prefixMethod), "/")
			if !ok {
				return fmt.Errorf("malformed key %q", key)
			}
			var m apigw.Method
			if err = json.Unmarshal(v, &m); err == nil {
				res, ok := d.Resources[resID]
				if !ok {
					res = &apigw.Resource{ID: resID}
					d.Resources[resID] = res
				}
				if res.ResourceMethods == nil {
					res.ResourceMethods = map[string]*apigw.Method{}
				}
				res.ResourceMethods[verb] = &m
			}
		case strings.HasPrefix(key, prefixModel):
			var m apigw.Model
			if err = json.Unmarshal(v, &m); err == nil {
				d.Models[strings.TrimPrefix(key, prefixModel)] = &m
			}
		case strings.HasPrefix(key, prefixAuth):
			err = decodeInto(d.Authorizers, strings.TrimPrefix(key, prefixAuth), v)
		case strings.HasPrefix(key, prefixValid):
			err = decodeInto(d.RequestValidators, strings.TrimPrefix(key, prefixValid), v)
		case strings.HasPrefix(key, prefixGWResp):
			err = decodeInto(d.GatewayResponses, strings.TrimPrefix(key, prefixGWResp), v)
		case strings.HasPrefix(key, prefixStage):
			var st apigw.Stage
			if err = json.Unmarshal(v, &st); err == nil {
				d.Stages[strings.TrimPrefix(key, prefixStage)] = &st
			}
		case strings.HasPrefix(key, prefixDep):
			var dep apigw.Deployment
			if err = json.Unmarshal(v, &dep); err == nil {
				id := strings.TrimPrefix(key, prefixDep)
				dd := &DeploymentDoc{Deployment: dep}
				if s, ok := snaps[id]; ok {
					dd.Snapshot = *s
				}
				d.Deployments[id] = dd
			}
		case strings.HasPrefix(key, prefixSnap):
			var s Snapshot
			if err = json.Unmarshal(v, &s); err == nil {
				id := strings.TrimPrefix(key, prefixSnap)
				if dd, ok := d.Deployments[id]; ok {
					dd.Snapshot = s
				} else {
					snaps[id] = &s
				}
			}
		default:
			return fmt.Errorf("unknown key %q", key)
		}
		if err != nil {
			return fmt.Errorf("decode %s: %w", key, err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("rest api %s: %w", id, err)
	}
	if d.API.ID != id {
		return nil, fmt.Errorf("rest api %s: no api record", id)
	}
	return d, nil
}
