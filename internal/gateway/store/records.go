package store

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/portico/portico/internal/kv"
	bolt "go.etcd.io/bbolt"
)

// records is one service's kv.Records: bucket kv/{name}. Reads go to the
// database (committed data only, no decoding); writes share the REST APIs'
// group commit.
type records struct {
	s    *Store
	name string
}

var _ kv.Records = (*records)(nil)

// Records returns the durable records of service name (e.g. "lambda",
// "iam"), created on first write.
func (s *Store) Records(name string) kv.Records {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.records[name]
	if !ok {
		r = &records{s: s, name: name}
		s.records[name] = r
	}
	return r
}

func (r *records) bucket(tx *bolt.Tx) *bolt.Bucket {
	return tx.Bucket(bucketKV).Bucket([]byte(r.name))
}

// Get implements kv.Records.
func (r *records) Get(key string) ([]byte, bool) {
	var out []byte
	_ = r.s.db.View(func(tx *bolt.Tx) error {
		if b := r.bucket(tx); b != nil {
			if v := b.Get([]byte(key)); v != nil {
				out = bytes.Clone(v)
			}
		}
		return nil
	})
	return out, out != nil
}

// Scan implements kv.Records.
func (r *records) Scan(prefix string, fn func(key string, value []byte) bool) {
	type pair struct {
		k string
		v []byte
	}
	var pairs []pair
	_ = r.s.db.View(func(tx *bolt.Tx) error {
		b := r.bucket(tx)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		p := []byte(prefix)
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			pairs = append(pairs, pair{string(k), bytes.Clone(v)})
		}
		return nil
	})
	for _, p := range pairs {
		if !fn(p.k, p.v) {
			return
		}
	}
}

// Apply implements kv.Records.
func (r *records) Apply(ctx context.Context, puts map[string][]byte, deletes []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for k := range puts {
		if k == "" {
			return fmt.Errorf("store: %s: empty key", r.name)
		}
	}
	c := &commit{records: r, puts: maps.Clone(puts), dels: slices.Clone(deletes), done: make(chan error, 1)}
	for k, v := range c.puts {
		c.puts[k] = bytes.Clone(v)
	}
	r.s.writeMu.Lock()
	if err := r.s.writable(); err != nil {
		r.s.writeMu.Unlock()
		return err
	}
	r.s.queue <- c
	r.s.writeMu.Unlock()
	return r.s.wait(ctx, c)
}
