// Package kv defines durable key/value records, the storage contract of the
// services of `portico serve` that keep account-level objects (Lambda
// functions, IAM roles, API keys, ...). The gateway's store implements it on
// disk (one bbolt bucket per service, group-committed); Mem implements it in
// memory for tests.
//
// Values are opaque bytes (services encode their own JSON). A value returned
// by Get or Scan is shared and must not be modified.
package kv

import (
	"context"
	"slices"
	"strings"
	"sync"
)

// Records is one service's durable key/value space.
type Records interface {
	// Get returns the committed value of key.
	Get(key string) ([]byte, bool)
	// Scan calls fn for each committed key with prefix, in byte order of
	// the keys, until fn returns false.
	Scan(prefix string, fn func(key string, value []byte) bool)
	// Apply writes puts and removes deletes atomically. It returns only
	// after the change is durable (or failed, changing nothing).
	Apply(ctx context.Context, puts map[string][]byte, deletes []string) error
}

// Mem is an in-memory Records (for tests, and for :memory: gateways).
type Mem struct {
	mu   sync.RWMutex
	data map[string][]byte
}

// NewMem returns an empty Mem.
func NewMem() *Mem { return &Mem{data: map[string][]byte{}} }

// Get implements Records.
func (m *Mem) Get(key string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	v, ok := m.data[key]
	return v, ok
}

// Scan implements Records.
func (m *Mem) Scan(prefix string, fn func(key string, value []byte) bool) {
	m.mu.RLock()
	keys := make([]string, 0, len(m.data))
	for k := range m.data {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	vals := make([][]byte, len(keys))
	slices.Sort(keys)
	for i, k := range keys {
		vals[i] = m.data[k]
	}
	m.mu.RUnlock()
	for i, k := range keys {
		if !fn(k, vals[i]) {
			return
		}
	}
}

// Apply implements Records.
func (m *Mem) Apply(ctx context.Context, puts map[string][]byte, deletes []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range deletes {
		delete(m.data, k)
	}
	for k, v := range puts {
		m.data[k] = slices.Clone(v)
	}
	return nil
}
