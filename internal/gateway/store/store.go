// Package store persists the state of `portico serve` in an embedded bbolt
// database (one file, fsync'd on commit).
//
// REST APIs are kept one key per entity (see layout.go), so a write costs
// what it changed, not the size of the API. Every committed document is also
// held decoded in memory: reads decode nothing. Writers compute their change
// on a copy-on-write working document, one at a time, and queue it; one
// committer goroutine writes everything queued in one bbolt transaction (a
// group commit: concurrent writers share an fsync) and only then publishes
// the new documents and acknowledges the writers. Nothing acknowledged is
// lost, and readers never see a write that is not durable.
//
// Services that keep account-level objects get a kv.Records of their own
// (Records), committed the same way.
package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/portico/portico/internal/apigw"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Memory is the DataDir value for an ephemeral store.
const Memory = ":memory:"

// Format is the version of the on-disk layout this binary writes.
const Format = 2

// ErrLocked is returned by Open when another process holds the data
// directory's database.
var ErrLocked = errors.New("data directory in use")

// ErrNotFound is returned when a REST API does not exist.
var ErrNotFound = errors.New("rest api not found")

// ErrStageNotFound is returned by StageSnapshot when the stage (or its
// deployment) does not exist.
var ErrStageNotFound = errors.New("stage not found")

var (
	bucketMeta = []byte("meta")
	bucketAPIs = []byte("apis")
	bucketKV   = []byte("kv")
	bucketV1   = []byte("restapis") // format 1: one JSON document per API
	keyFormat  = []byte("format")
)

// Options tune a Store.
type Options struct {
	// Check makes every commit re-read what it wrote and compare it with
	// what it publishes, panicking on a difference: a test switch that
	// catches an update modifying a shared entity in place.
	Check bool
}

// Store is the gateway's persistent state. It is safe for concurrent use.
type Store struct {
	db     *bolt.DB
	path   string
	tmpDir string // removed on Close for Memory stores
	opts   Options

	// writeMu orders writers: each computes its change on top of the
	// newest queued state and enqueues it while holding it.
	writeMu sync.Mutex
	lastSeq uint64 // highest REST API sequence number handed out
	queue   chan *commit
	stop    chan struct{}
	done    chan struct{}

	mu        sync.RWMutex
	committed map[string]*APIDoc // what readers see
	pending   map[string]*APIDoc // queued, not yet durable (nil value: deleted)
	broken    error              // a commit failed; the store refuses writes
	records   map[string]*records
}

// Open opens (creating if needed) the store in dataDir, or an ephemeral one
// when dataDir is Memory. A database of format 1 is migrated once; a newer
// format, or a file that is not Portico's, is refused and left unchanged.
func Open(dataDir string, opts ...Options) (*Store, error) {
	s := &Store{
		committed: map[string]*APIDoc{},
		pending:   map[string]*APIDoc{},
		records:   map[string]*records{},
		queue:     make(chan *commit, 1024),
		stop:      make(chan struct{}),
		done:      make(chan struct{}),
	}
	if len(opts) > 0 {
		s.opts = opts[0]
	}
	// Long enough to ride out a gateway that is just exiting.
	bopts := &bolt.Options{Timeout: 2 * time.Second}
	if dataDir == Memory {
		dir, err := os.MkdirTemp("", "portico-mem-*")
		if err != nil {
			return nil, fmt.Errorf("create ephemeral store: %w", err)
		}
		s.tmpDir = dir
		s.path = filepath.Join(dir, "portico.db")
		bopts.NoSync = true // nothing to make durable
	} else {
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return nil, fmt.Errorf("create data dir %s: %w", dataDir, err)
		}
		s.path = filepath.Join(dataDir, "portico.db")
	}
	db, err := bolt.Open(s.path, 0o600, bopts)
	if errors.Is(err, bolterrors.ErrTimeout) {
		s.cleanup()
		return nil, fmt.Errorf("%w: %s is held by another portico serve: stop that one, or give this one another --data directory (or --data :memory:)", ErrLocked, dataDir)
	}
	if errors.Is(err, bolterrors.ErrInvalid) || errors.Is(err, bolterrors.ErrVersionMismatch) || errors.Is(err, bolterrors.ErrChecksum) {
		s.cleanup()
		return nil, fmt.Errorf("%s is not a Portico database (%w): move it away, or give portico serve another --data directory", s.path, err)
	}
	if err != nil {
		s.cleanup()
		return nil, fmt.Errorf("open store %s: %w", s.path, err)
	}
	s.db = db
	if err := s.prepare(); err != nil {
		_ = db.Close()
		s.cleanup()
		return nil, err
	}
	if err := s.load(); err != nil {
		_ = db.Close()
		s.cleanup()
		return nil, fmt.Errorf("load store %s: %w", s.path, err)
	}
	go s.commitLoop()
	return s, nil
}

// prepare checks the file's format before anything is written: a new file
// is initialised, format 1 migrated, anything else refused unchanged.
func (s *Store) prepare() error {
	var format int
	foreign := false
	err := s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketMeta); b != nil {
			n, convErr := strconv.Atoi(string(b.Get(keyFormat)))
			foreign = convErr != nil
			format = n
			return nil
		}
		return tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			if string(name) == string(bucketV1) {
				format = 1
			} else {
				foreign = true
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("read store %s: %w", s.path, err)
	}
	switch {
	case foreign:
		return fmt.Errorf("%s is a bbolt database but not Portico's (no store format): move it away, or give portico serve another --data directory", s.path)
	case format > Format:
		return fmt.Errorf("%s was written by a newer portico (store format %d); this portico reads formats 1 to %d: upgrade portico, or give it another --data directory", s.path, format, Format)
	case format == 1:
		if err := s.db.Update(migrateV1); err != nil {
			return fmt.Errorf("migrate store %s from format 1: %w", s.path, err)
		}
		return nil
	case format == Format:
		return nil
	}
	return s.db.Update(func(tx *bolt.Tx) error { // a new database
		return initBuckets(tx)
	})
}

func initBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketMeta, bucketAPIs, bucketKV} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketMeta).Put(keyFormat, []byte(strconv.Itoa(Format)))
}

// load decodes every committed REST API into memory.
func (s *Store) load() error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAPIs).ForEachBucket(func(k []byte) error {
			b := tx.Bucket(bucketAPIs).Bucket(k)
			d, err := loadDoc(string(k), func(fn func(k, v []byte) error) error { return b.ForEach(fn) })
			if err != nil {
				return err
			}
			s.committed[string(k)] = d
			s.lastSeq = max(s.lastSeq, d.Seq)
			return nil
		})
	})
}

func (s *Store) cleanup() {
	if s.tmpDir != "" {
		_ = os.RemoveAll(s.tmpDir)
	}
}

// Close waits for queued commits, then closes the database (and removes an
// ephemeral one).
func (s *Store) Close() error {
	s.writeMu.Lock()
	close(s.stop)
	s.writeMu.Unlock()
	<-s.done
	err := s.db.Close()
	s.cleanup()
	if err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// head returns the newest state of API id, queued or committed (nil, false
// when it does not exist). Call with writeMu held.
func (s *Store) head(id string) (*APIDoc, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if d, ok := s.pending[id]; ok {
		return d, d != nil
	}
	d, ok := s.committed[id]
	return d, ok
}

// Create stores a new REST API document.
func (s *Store) Create(ctx context.Context, doc *APIDoc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	id := doc.API.ID
	doc.fill()
	doc.tx = nil
	return s.write(ctx, id, func(cur *APIDoc, exists bool) (*APIDoc, error) {
		if exists {
			return nil, fmt.Errorf("rest api %s already exists", id)
		}
		return doc, nil
	})
}

// Update applies fn to a working copy of the REST API's document (see
// APIDoc for the rules) and, if fn returns nil, commits what it changed to
// disk before returning. fn's error is returned unchanged and changes
// nothing; ErrNotFound when the API does not exist.
func (s *Store) Update(ctx context.Context, id string, fn func(doc *APIDoc) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.write(ctx, id, func(cur *APIDoc, exists bool) (*APIDoc, error) {
		if !exists {
			return nil, ErrNotFound
		}
		w := cur.work()
		if err := fn(w); err != nil {
			return nil, err
		}
		w.API.ID = id
		w.tx = nil
		return w, nil
	})
}

// Delete removes a REST API and everything in it.
func (s *Store) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.write(ctx, id, func(cur *APIDoc, exists bool) (*APIDoc, error) {
		if !exists {
			return nil, ErrNotFound
		}
		return nil, nil
	})
}

// write runs next on the newest state of API id and queues the result (nil:
// delete the API), then waits for its commit.
func (s *Store) write(ctx context.Context, id string, next func(cur *APIDoc, exists bool) (*APIDoc, error)) error {
	s.writeMu.Lock()
	if err := s.writable(); err != nil {
		s.writeMu.Unlock()
		return err
	}
	cur, exists := s.head(id)
	doc, err := next(cur, exists)
	if err != nil {
		s.writeMu.Unlock()
		return err
	}
	c := &commit{api: id, doc: doc, done: make(chan error, 1)}
	if doc != nil {
		var base *APIDoc
		if exists {
			base = cur
		}
		if doc.Seq == 0 {
			doc.Seq = s.nextSeq()
		}
		ch, err := diff(base, doc)
		if err != nil {
			s.writeMu.Unlock()
			return fmt.Errorf("write rest api %s: %w", id, err)
		}
		if ch.empty() {
			s.writeMu.Unlock()
			return nil // nothing to make durable
		}
		c.change = ch
		c.fresh = !exists
	}
	s.mu.Lock()
	s.pending[id] = doc
	s.mu.Unlock()
	s.queue <- c
	s.writeMu.Unlock()
	return s.wait(ctx, c)
}

// nextSeq numbers REST APIs in creation order. Call with writeMu held.
func (s *Store) nextSeq() uint64 {
	s.lastSeq++
	return s.lastSeq
}

// View calls fn with the committed document of a REST API. fn must not
// modify it or keep references to it.
func (s *Store) View(ctx context.Context, id string, fn func(doc *APIDoc) error) error {
	d, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	return fn(d)
}

// Get returns the committed, read-only document of a REST API.
func (s *Store) Get(ctx context.Context, id string) (*APIDoc, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	d, ok := s.committed[id]
	s.mu.RUnlock()
	if !ok {
		return nil, ErrNotFound
	}
	return d, nil
}

// List returns the committed, read-only documents in creation order.
func (s *Store) List(ctx context.Context) ([]*APIDoc, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	out := make([]*APIDoc, 0, len(s.committed))
	for _, d := range s.committed {
		out = append(out, d)
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b *APIDoc) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// StageSnapshot is what a stage serves: the stage, its deployment and the
// configuration frozen in that deployment. All of it is read-only.
type StageSnapshot struct {
	API        apigw.RestApi              // the API's settings at deployment time
	Stage      apigw.Stage                // the stage as it is now (variables, settings)
	Deployment apigw.Deployment           // the deployment the stage points at
	Resources  map[string]*apigw.Resource // frozen resources/methods/integrations/responses by id
	Models     map[string]*apigw.Model    // frozen models by name
	// Frozen access control: authorizers and request validators by id,
	// gateway responses put by response type.
	Authorizers       map[string]*apigw.Authorizer
	RequestValidators map[string]*apigw.RequestValidator
	GatewayResponses  map[string]*apigw.GatewayResponse
}

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

		Authorizers:       dep.Snapshot.Authorizers,
		RequestValidators: dep.Snapshot.RequestValidators,
		GatewayResponses:  dep.Snapshot.GatewayResponses,
	}, nil
}
