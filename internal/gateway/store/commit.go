package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// commit is one queued write: a REST API's change (doc nil: the API is
// deleted) or a service's records.
type commit struct {
	api    string
	doc    *APIDoc
	change *change
	fresh  bool // the API's bucket is new

	records *records // set for a records write
	puts    map[string][]byte
	dels    []string

	done chan error
}

// maxBatch bounds how many queued writes share one transaction.
const maxBatch = 256

// commitLoop writes queued changes, as many as are waiting in one bbolt
// transaction, then publishes them in queue order and acknowledges them.
func (s *Store) commitLoop() {
	defer close(s.done)
	for {
		var batch []*commit
		select {
		case c := <-s.queue:
			batch = append(batch, c)
		case <-s.stop:
			// Close holds writeMu while closing stop: nothing more can
			// be queued; finish what is.
			for {
				select {
				case c := <-s.queue:
					s.run([]*commit{c})
				default:
					return
				}
			}
		}
	more:
		for len(batch) < maxBatch {
			select {
			case c := <-s.queue:
				batch = append(batch, c)
			default:
				break more
			}
		}
		s.run(batch)
	}
}

func (s *Store) run(batch []*commit) {
	s.mu.RLock()
	broken := s.broken
	s.mu.RUnlock()
	if broken != nil {
		s.fail(batch, broken)
		return
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, c := range batch {
			if err := c.apply(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.fail(batch, err)
		return
	}
	s.mu.Lock()
	for _, c := range batch {
		c.publish(s)
	}
	s.mu.Unlock()
	if s.opts.Check {
		for _, c := range batch {
			if c.records == nil {
				s.check(c.api)
			}
		}
	}
	for _, c := range batch {
		c.done <- nil
	}
}

func (c *commit) apply(tx *bolt.Tx) error {
	if c.records != nil {
		b, err := tx.Bucket(bucketKV).CreateBucketIfNotExists([]byte(c.records.name))
		if err != nil {
			return err
		}
		return putAll(b, c.puts, c.dels)
	}
	apis := tx.Bucket(bucketAPIs)
	if c.doc == nil {
		if err := apis.DeleteBucket([]byte(c.api)); err != nil && !errors.Is(err, bolterrors.ErrBucketNotFound) {
			return fmt.Errorf("delete rest api %s: %w", c.api, err)
		}
		return nil
	}
	b := apis.Bucket([]byte(c.api))
	if b == nil {
		var err error
		if b, err = apis.CreateBucket([]byte(c.api)); err != nil {
			return fmt.Errorf("create rest api %s: %w", c.api, err)
		}
	}
	if err := putAll(b, c.change.puts, c.change.dels); err != nil {
		return fmt.Errorf("write rest api %s: %w", c.api, err)
	}
	return nil
}

func putAll(b *bolt.Bucket, puts map[string][]byte, dels []string) error {
	for _, k := range dels {
		if err := b.Delete([]byte(k)); err != nil {
			return err
		}
	}
	for k, v := range puts {
		if err := b.Put([]byte(k), v); err != nil {
			return err
		}
	}
	return nil
}

// publish makes a committed write visible. Call with s.mu held.
func (c *commit) publish(s *Store) {
	if c.records != nil {
		return // read from the database itself
	}
	if c.doc == nil {
		delete(s.committed, c.api)
	} else {
		s.committed[c.api] = c.doc
	}
	if cur, ok := s.pending[c.api]; ok && cur == c.doc {
		delete(s.pending, c.api)
	}
}

// fail answers a failed batch with err and puts the store in a state that
// refuses writes: the disk is not what the queued writes were computed on.
// Writes queued behind it are refused by run.
func (s *Store) fail(batch []*commit, err error) {
	err = fmt.Errorf("store: commit to %s failed: %w", s.path, err)
	s.mu.Lock()
	if s.broken == nil {
		s.broken = err
	}
	clear(s.pending)
	s.mu.Unlock()
	for _, c := range batch {
		c.done <- err
	}
}

// writable returns the error of an earlier failed commit. Call with writeMu
// held.
func (s *Store) writable() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.broken != nil {
		return fmt.Errorf("%w; restart portico serve", s.broken)
	}
	select {
	case <-s.stop:
		return errors.New("store: closed")
	default:
	}
	return nil
}

// wait returns the commit's result. The write stays queued if ctx ends
// first: it was accepted and will be committed, it is only not awaited.
func (s *Store) wait(ctx context.Context, c *commit) error {
	select {
	case err := <-c.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// check compares what is on disk for API id with what readers see.
func (s *Store) check(id string) {
	s.mu.RLock()
	mem, inMem := s.committed[id]
	s.mu.RUnlock()
	var disk *APIDoc
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAPIs).Bucket([]byte(id))
		if b == nil {
			return nil
		}
		d, err := loadDoc(id, func(fn func(k, v []byte) error) error { return b.ForEach(fn) })
		disk = d
		return err
	})
	if err != nil {
		panic(fmt.Sprintf("store check: %v", err))
	}
	if !inMem || disk == nil {
		if inMem != (disk != nil) {
			panic(fmt.Sprintf("store check: rest api %s in memory %v, on disk %v", id, inMem, disk != nil))
		}
		return
	}
	a, _ := json.Marshal(mem)
	b, _ := json.Marshal(disk)
	if !bytes.Equal(a, b) {
		panic(fmt.Sprintf("store check: rest api %s differs between memory and disk (an update modified a shared entity in place?)\nmemory: %s\ndisk:   %s", id, a, b))
	}
}

// migrateV1 rewrites format 1 (one JSON document per REST API in bucket
// "restapis") as format 2, in the one transaction that opens the file.
func migrateV1(tx *bolt.Tx) error {
	old := tx.Bucket(bucketV1)
	docs := map[string]*APIDoc{}
	err := old.ForEach(func(k, v []byte) error {
		var d APIDoc
		if err := json.Unmarshal(v, &d); err != nil {
			return fmt.Errorf("decode rest api %s: %w", k, err)
		}
		d.fill()
		d.API.ID = string(k)
		docs[string(k)] = &d
		return nil
	})
	if err != nil {
		return err
	}
	if err := initBuckets(tx); err != nil {
		return err
	}
	apis := tx.Bucket(bucketAPIs)
	for _, id := range slices.Sorted(maps.Keys(docs)) {
		ch, err := diff(nil, docs[id])
		if err != nil {
			return err
		}
		b, err := apis.CreateBucket([]byte(id))
		if err != nil {
			return err
		}
		if err := putAll(b, ch.puts, ch.dels); err != nil {
			return err
		}
	}
	return tx.DeleteBucket(bucketV1)
}
