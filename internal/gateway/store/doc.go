package store

import (
	"encoding/json"
	"fmt"
	"maps"

	"github.com/portico/portico/internal/apigw"
)

// DeploymentDoc is a deployment and the frozen configuration it serves.
// The snapshot is written once, when the deployment is created.
type DeploymentDoc struct {
	Deployment apigw.Deployment `json:"deployment"`
	Snapshot   Snapshot         `json:"snapshot"`
}

// Snapshot is a deep copy of an API's configuration taken at
// CreateDeployment: the API's settings, every resource with its methods,
// integrations and responses, and the models.
type Snapshot struct {
	API               apigw.RestApi                      `json:"api"`
	Resources         map[string]*apigw.Resource         `json:"resources"`
	Models            map[string]*apigw.Model            `json:"models,omitempty"`
	Authorizers       map[string]*apigw.Authorizer       `json:"authorizers,omitempty"`
	RequestValidators map[string]*apigw.RequestValidator `json:"requestValidators,omitempty"`
	GatewayResponses  map[string]*apigw.GatewayResponse  `json:"gatewayResponses,omitempty"` // by response type; only those set
}

// APIDoc is everything the gateway knows about one REST API.
//
// A document handed out by View, Get or List is committed and shared: it
// must not be modified. The document an Update function receives is a
// working copy whose maps are private to the update, and whose entities are
// copied on first access through its accessors (Resource, Method, Model,
// Stage, Deployment) and API: modify an existing entity only through what an
// accessor returned; add or replace entities by assigning new values to the
// maps, and remove them with delete. At commit the store writes exactly the
// entities whose pointers differ from the committed document.
type APIDoc struct {
	Seq         uint64                     `json:"seq"`
	API         apigw.RestApi              `json:"api"`
	Resources   map[string]*apigw.Resource `json:"resources"`
	Models      map[string]*apigw.Model    `json:"models"`
	Deployments map[string]*DeploymentDoc  `json:"deployments"`
	Stages      map[string]*apigw.Stage    `json:"stages"`
	// Authorizers and RequestValidators by id, GatewayResponses by
	// response type (only those put; the defaults are the gateway's).
	Authorizers       map[string]*apigw.Authorizer       `json:"authorizers"`
	RequestValidators map[string]*apigw.RequestValidator `json:"requestValidators"`
	GatewayResponses  map[string]*apigw.GatewayResponse  `json:"gatewayResponses"`

	tx *workState // nil for committed documents
}

// workState records what an update has copied, so each entity is copied at
// most once.
type workState struct {
	base   *APIDoc
	copied map[copyKey]bool
}

type copyKey struct {
	kind string
	key  string
}

// NewAPIDoc returns an empty document for api with all maps allocated.
func NewAPIDoc(api apigw.RestApi) *APIDoc {
	d := &APIDoc{API: api}
	d.fill()
	return d
}

func (d *APIDoc) fill() {
	if d.Resources == nil {
		d.Resources = map[string]*apigw.Resource{}
	}
	if d.Models == nil {
		d.Models = map[string]*apigw.Model{}
	}
	if d.Deployments == nil {
		d.Deployments = map[string]*DeploymentDoc{}
	}
	if d.Stages == nil {
		d.Stages = map[string]*apigw.Stage{}
	}
	if d.Authorizers == nil {
		d.Authorizers = map[string]*apigw.Authorizer{}
	}
	if d.RequestValidators == nil {
		d.RequestValidators = map[string]*apigw.RequestValidator{}
	}
	if d.GatewayResponses == nil {
		d.GatewayResponses = map[string]*apigw.GatewayResponse{}
	}
}

// work returns a working copy of the committed document d: the maps are
// cloned (pointers shared until an accessor copies an entity), the API's
// settings deep-copied.
func (d *APIDoc) work() *APIDoc {
	return &APIDoc{
		Seq:         d.Seq,
		API:         DeepCopy(d.API),
		Resources:   maps.Clone(d.Resources),
		Models:      maps.Clone(d.Models),
		Deployments: maps.Clone(d.Deployments),
		Stages:      maps.Clone(d.Stages),

		Authorizers:       maps.Clone(d.Authorizers),
		RequestValidators: maps.Clone(d.RequestValidators),
		GatewayResponses:  maps.Clone(d.GatewayResponses),
		tx:                &workState{base: d, copied: map[copyKey]bool{}},
	}
}

// Resource returns the resource id (its methods map is private in an
// update, the methods themselves are copied by Method).
func (d *APIDoc) Resource(id string) (*apigw.Resource, bool) {
	return access(d, "resource", d.Resources, baseOf(d, func(b *APIDoc) map[string]*apigw.Resource { return b.Resources }), id,
		func(res *apigw.Resource) *apigw.Resource {
			cp := *res
			cp.ResourceMethods = maps.Clone(res.ResourceMethods)
			return &cp
		})
}

// Method returns the method verb of resource res, which must come from
// d.Resource. In an update it is a private deep copy (integration and
// responses included).
func (d *APIDoc) Method(res *apigw.Resource, verb string) (*apigw.Method, bool) {
	var base map[string]*apigw.Method
	if d.tx != nil {
		if b, ok := d.tx.base.Resources[res.ID]; ok {
			base = b.ResourceMethods
		}
	}
	return access(d, "method "+res.ID, res.ResourceMethods, base, verb, DeepCopy[*apigw.Method])
}

// Model returns the model name.
func (d *APIDoc) Model(name string) (*apigw.Model, bool) {
	return access(d, "model", d.Models, baseOf(d, func(b *APIDoc) map[string]*apigw.Model { return b.Models }), name,
		func(m *apigw.Model) *apigw.Model { cp := *m; return &cp })
}

// Stage returns the stage name.
func (d *APIDoc) Stage(name string) (*apigw.Stage, bool) {
	return access(d, "stage", d.Stages, baseOf(d, func(b *APIDoc) map[string]*apigw.Stage { return b.Stages }), name, DeepCopy[*apigw.Stage])
}

// Authorizer returns the authorizer id.
func (d *APIDoc) Authorizer(id string) (*apigw.Authorizer, bool) {
	return access(d, "authorizer", d.Authorizers, baseOf(d, func(b *APIDoc) map[string]*apigw.Authorizer { return b.Authorizers }), id, DeepCopy[*apigw.Authorizer])
}

// RequestValidator returns the request validator id.
func (d *APIDoc) RequestValidator(id string) (*apigw.RequestValidator, bool) {
	return access(d, "validator", d.RequestValidators, baseOf(d, func(b *APIDoc) map[string]*apigw.RequestValidator { return b.RequestValidators }), id,
		func(v *apigw.RequestValidator) *apigw.RequestValidator { cp := *v; return &cp })
}

// GatewayResponse returns the gateway response put for responseType.
func (d *APIDoc) GatewayResponse(responseType string) (*apigw.GatewayResponse, bool) {
	return access(d, "gatewayresponse", d.GatewayResponses, baseOf(d, func(b *APIDoc) map[string]*apigw.GatewayResponse { return b.GatewayResponses }), responseType, DeepCopy[*apigw.GatewayResponse])
}

// Deployment returns the deployment id. Its snapshot stays shared even in
// an update: a snapshot never changes.
func (d *APIDoc) Deployment(id string) (*DeploymentDoc, bool) {
	return access(d, "deployment", d.Deployments, baseOf(d, func(b *APIDoc) map[string]*DeploymentDoc { return b.Deployments }), id,
		func(dep *DeploymentDoc) *DeploymentDoc {
			return &DeploymentDoc{Deployment: DeepCopy(dep.Deployment), Snapshot: dep.Snapshot}
		})
}

// baseOf returns a map of the committed document an update started from
// (nil outside an update).
func baseOf[T any](d *APIDoc, get func(*APIDoc) map[string]*T) map[string]*T {
	if d.tx == nil {
		return nil
	}
	return get(d.tx.base)
}

// access is the copy-on-first-access rule: outside an update the shared
// value is returned; in one, a value still shared with the committed
// document (base) is replaced in m by clone's copy, once.
func access[T any](d *APIDoc, kind string, m, base map[string]*T, key string, clone func(*T) *T) (*T, bool) {
	v, ok := m[key]
	if !ok || d.tx == nil {
		return v, ok
	}
	k := copyKey{kind, key}
	if d.tx.copied[k] {
		return v, true
	}
	d.tx.copied[k] = true
	if base[key] == v {
		v = clone(v)
		m[key] = v
	}
	return v, true
}

// DeepCopy returns an independent copy of v via JSON (the store's own
// encoding, so nothing that is persisted can be lost by copying).
func DeepCopy[T any](v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("store: deep copy: %v", err))
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		panic(fmt.Sprintf("store: deep copy: %v", err))
	}
	return out
}
