// Package store persists the gateway's REST APIs in an embedded bbolt
// database: one JSON document per REST API, rewritten in a single bbolt
// transaction (fsync'd on commit) per write. Every read is served from an
// in-process copy of the committed documents, which is only replaced after
// bbolt has committed, so nothing acknowledged is ever lost and readers never
// see a half-applied write.
package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/portico/portico/internal/apigw"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Memory is the DataDir value for an ephemeral store.
const Memory = ":memory:"

// ErrLocked is returned by Open when another process holds the data
// directory's database.
var ErrLocked = errors.New("data directory in use")

// ErrNotFound is returned when a REST API does not exist.
var ErrNotFound = errors.New("rest api not found")

var bucketAPIs = []byte("restapis")

// DeploymentDoc is a deployment and the frozen configuration it serves.
type DeploymentDoc struct {
	Deployment apigw.Deployment `json:"deployment"`
	Snapshot   Snapshot         `json:"snapshot"`
}

// Snapshot is a deep copy of an API's configuration taken at
// CreateDeployment: the API's settings, every resource with its methods,
// integrations and responses, and the models.
type Snapshot struct {
	API       apigw.RestApi              `json:"api"`
	Resources map[string]*apigw.Resource `json:"resources"`
	Models    map[string]*apigw.Model    `json:"models,omitempty"`
}

// APIDoc is everything the gateway knows about one REST API.
type APIDoc struct {
	Seq         uint64                     `json:"seq"`
	API         apigw.RestApi              `json:"api"`
	Resources   map[string]*apigw.Resource `json:"resources"`
	Models      map[string]*apigw.Model    `json:"models"`
	Deployments map[string]*DeploymentDoc  `json:"deployments"`
	Stages      map[string]*apigw.Stage    `json:"stages"`
}

// NewAPIDoc returns an empty document for api with all maps allocated.
func NewAPIDoc(api apigw.RestApi) *APIDoc {
	return &APIDoc{
		API:         api,
		Resources:   map[string]*apigw.Resource{},
		Models:      map[string]*apigw.Model{},
		Deployments: map[string]*DeploymentDoc{},
		Stages:      map[string]*apigw.Stage{},
	}
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
}

// Store is the gateway's persistent state. It is safe for concurrent use.
type Store struct {
	db      *bolt.DB
	tmpDir  string // removed on Close for Memory stores
	writeMu sync.Mutex

	mu    sync.RWMutex
	cache map[string]*APIDoc // committed documents; never mutated in place
	raw   map[string][]byte  // their encoded form, decoded afresh for writers
}

// Open opens (creating if needed) the store in dataDir, or an ephemeral one
// when dataDir is Memory.
func Open(dataDir string) (*Store, error) {
	s := &Store{cache: map[string]*APIDoc{}, raw: map[string][]byte{}}
	// Long enough to ride out a gateway that is just exiting.
	opts := &bolt.Options{Timeout: 2 * time.Second}
	var path string
	if dataDir == Memory {
		dir, err := os.MkdirTemp("", "portico-mem-*")
		if err != nil {
			return nil, fmt.Errorf("create ephemeral store: %w", err)
		}
		s.tmpDir = dir
		path = filepath.Join(dir, "portico.db")
		opts.NoSync = true // nothing to make durable
	} else {
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return nil, fmt.Errorf("create data dir %s: %w", dataDir, err)
		}
		path = filepath.Join(dataDir, "portico.db")
	}
	db, err := bolt.Open(path, 0o600, opts)
	if errors.Is(err, bolterrors.ErrTimeout) {
		s.cleanup()
		return nil, fmt.Errorf("%w: %s is held by another portico serve: stop that one, or give this one another --data directory (or --data :memory:)", ErrLocked, dataDir)
	}
	if err != nil {
		s.cleanup()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s.db = db
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketAPIs)
		if err != nil {
			return err
		}
		return b.ForEach(func(k, v []byte) error {
			doc, err := decode(v)
			if err != nil {
				return fmt.Errorf("decode rest api %s: %w", k, err)
			}
			s.cache[string(k)] = doc
			s.raw[string(k)] = slices.Clone(v)
			return nil
		})
	})
	if err != nil {
		_ = db.Close()
		s.cleanup()
		return nil, fmt.Errorf("load store %s: %w", path, err)
	}
	return s, nil
}

func (s *Store) cleanup() {
	if s.tmpDir != "" {
		_ = os.RemoveAll(s.tmpDir)
	}
}

// Close closes the database (and removes an ephemeral one).
func (s *Store) Close() error {
	err := s.db.Close()
	s.cleanup()
	if err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

func decode(b []byte) (*APIDoc, error) {
	var d APIDoc
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, err
	}
	d.fill()
	return &d, nil
}

// Create stores a new REST API document.
func (s *Store) Create(ctx context.Context, doc *APIDoc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	id := doc.API.ID
	if _, ok := s.get(id); ok {
		return fmt.Errorf("rest api %s already exists", id)
	}
	doc.fill()
	var raw []byte
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAPIs)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		doc.Seq = seq
		raw, err = json.Marshal(doc)
		if err != nil {
			return err
		}
		return b.Put([]byte(id), raw)
	})
	if err != nil {
		return fmt.Errorf("create rest api %s: %w", id, err)
	}
	s.publish(id, raw)
	return nil
}

func (s *Store) publish(id string, raw []byte) {
	doc, err := decode(raw)
	if err != nil { // cannot happen: we just encoded it
		panic(fmt.Sprintf("store: re-decode %s: %v", id, err))
	}
	s.mu.Lock()
	s.cache[id] = doc
	s.raw[id] = raw
	s.mu.Unlock()
}

func (s *Store) get(id string) (*APIDoc, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, ok := s.cache[id]
	return d, ok
}

// Update applies fn to a private copy of the REST API's document and, if fn
// returns nil, commits the result to disk before returning. fn's error is
// returned unchanged; ErrNotFound when the API does not exist.
func (s *Store) Update(ctx context.Context, id string, fn func(doc *APIDoc) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.mu.RLock()
	cur, ok := s.raw[id]
	s.mu.RUnlock()
	if !ok {
		return ErrNotFound
	}
	doc, err := decode(cur)
	if err != nil {
		return fmt.Errorf("decode rest api %s: %w", id, err)
	}
	if err := fn(doc); err != nil {
		return err
	}
	doc.API.ID = id
	raw, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("encode rest api %s: %w", id, err)
	}
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAPIs).Put([]byte(id), raw)
	}); err != nil {
		return fmt.Errorf("write rest api %s: %w", id, err)
	}
	s.publish(id, raw)
	return nil
}

// View calls fn with the committed document of a REST API. fn must not
// modify the document or keep references to it past the call if it intends
// to modify them.
func (s *Store) View(ctx context.Context, id string, fn func(doc *APIDoc) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d, ok := s.get(id)
	if !ok {
		return ErrNotFound
	}
	return fn(d)
}

// Get returns the committed, read-only document of a REST API.
func (s *Store) Get(ctx context.Context, id string) (*APIDoc, error) {
	var out *APIDoc
	err := s.View(ctx, id, func(d *APIDoc) error { out = d; return nil })
	return out, err
}

// List returns the committed, read-only documents in creation order.
func (s *Store) List(ctx context.Context) ([]*APIDoc, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	out := make([]*APIDoc, 0, len(s.cache))
	for _, d := range s.cache {
		out = append(out, d)
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b *APIDoc) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// Delete removes a REST API and everything in it.
func (s *Store) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if _, ok := s.get(id); !ok {
		return ErrNotFound
	}
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAPIs).Delete([]byte(id))
	}); err != nil {
		return fmt.Errorf("delete rest api %s: %w", id, err)
	}
	s.mu.Lock()
	delete(s.cache, id)
	delete(s.raw, id)
	s.mu.Unlock()
	return nil
}

// StageSnapshot is what a stage serves: the stage, its deployment and the
// configuration frozen in that deployment. All of it is read-only.
type StageSnapshot struct {
	API        apigw.RestApi              // the API's settings at deployment time
	Stage      apigw.Stage                // the stage as it is now (variables, settings)
	Deployment apigw.Deployment           // the deployment the stage points at
	Resources  map[string]*apigw.Resource // frozen resources/methods/integrations/responses by id
	Models     map[string]*apigw.Model    // frozen models by name
}

// ErrStageNotFound is returned by StageSnapshot when the stage (or its
// deployment) does not exist.
var ErrStageNotFound = errors.New("stage not found")

// StageSnapshot returns what stage stageName of REST API apiID serves.
// It returns ErrNotFound for an unknown API and ErrStageNotFound for an
// unknown stage. The returned maps are shared and must not be modified.
func (s *Store) StageSnapshot(ctx context.Context, apiID, stageName string) (*StageSnapshot, error) {
	d, err := s.Get(ctx, apiID)
	if err != nil {
		return nil, err
	}
	st, ok := d.Stages[stageName]
	if !ok {
		return nil, ErrStageNotFound
	}
	dep, ok := d.Deployments[st.DeploymentID]
	if !ok {
		return nil, ErrStageNotFound
	}
	return &StageSnapshot{
		API:        dep.Snapshot.API,
		Stage:      *st,
		Deployment: dep.Deployment,
		Resources:  dep.Snapshot.Resources,
		Models:     dep.Snapshot.Models,
	}, nil
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
