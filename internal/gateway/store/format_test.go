package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/portico/portico/internal/apigw"
	bolt "go.etcd.io/bbolt"
)

// testdata/v1.db was written by portico serve before the per-entity layout
// (format 1: bucket "restapis", one JSON document per REST API) with the
// AWS CLI: API xqvcy53mh5 "v1api" with /pets/{petId} GET (MOCK, a method
// and an integration response), a model Pet, a deployment 05p9ch0c4w on
// stage v1 with variable a=b and a tag; API oj3iwbep9y "second".
func copyV1(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/v1.db")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "portico.db"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestMigrateFormat1(t *testing.T) {
	dir := copyV1(t)
	ctx := context.Background()
	for round := range 2 { // the second open finds format 2: no migration
		s, err := Open(dir, Options{Check: true})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		docs, _ := s.List(ctx)
		if len(docs) != 2 || docs[0].API.ID != "xqvcy53mh5" || docs[1].API.ID != "oj3iwbep9y" {
			t.Fatalf("round %d: apis = %v", round, docs)
		}
		d := docs[0]
		if d.API.Name != "v1api" || d.API.Description != "made by portico v1" || d.API.Tags["team"] != "core" {
			t.Errorf("api = %+v", d.API)
		}
		var pet *apigw.Resource
		for _, r := range d.Resources {
			if r.Path == "/pets/{petId}" {
				pet = r
			}
		}
		if pet == nil || pet.ResourceMethods["GET"] == nil || pet.ResourceMethods["GET"].MethodIntegration.Type != "MOCK" ||
			pet.ResourceMethods["GET"].MethodIntegration.IntegrationResponses["200"] == nil || pet.ResourceMethods["GET"].MethodResponses["200"] == nil {
			t.Fatalf("/pets/{petId} = %+v", pet)
		}
		if d.Models["Pet"] == nil || d.Models["Empty"] == nil {
			t.Errorf("models = %v", d.Models)
		}
		snap, err := s.StageSnapshot(ctx, "xqvcy53mh5", "v1")
		if err != nil || snap.Deployment.ID != "05p9ch0c4w" || snap.Stage.Variables["a"] != "b" || len(snap.Resources) != 3 {
			t.Fatalf("stage v1 = %+v, %v", snap, err)
		}
		// The migrated store takes writes, in the new layout.
		if err := s.Update(ctx, "oj3iwbep9y", func(d *APIDoc) error { d.API.Description = fmt.Sprint("round ", round); return nil }); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	db, err := bolt.Open(filepath.Join(dir, "portico.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketV1) != nil {
			t.Error("format 1 bucket still there after migration")
		}
		if got := string(tx.Bucket(bucketMeta).Get(keyFormat)); got != "2" {
			t.Errorf("format = %q", got)
		}
		return nil
	})
}

// A file Open must not use is refused with a message saying what it is and
// what to do, and is left byte for byte as it was.
func TestOpenRefusesAndLeavesUnchanged(t *testing.T) {
	newer := func(t *testing.T, path string) {
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		_ = db.Update(func(tx *bolt.Tx) error {
			b, _ := tx.CreateBucket(bucketMeta)
			return b.Put(keyFormat, []byte("3"))
		})
		db.Close()
	}
	foreign := func(t *testing.T, path string) {
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		_ = db.Update(func(tx *bolt.Tx) error {
			b, _ := tx.CreateBucket([]byte("someone-elses"))
			return b.Put([]byte("k"), []byte("v"))
		})
		db.Close()
	}
	cases := []struct {
		name  string
		make  func(t *testing.T, path string)
		wants []string
	}{
		{"garbage", func(t *testing.T, path string) {
			_ = os.WriteFile(path, bytes.Repeat([]byte("not a database "), 1000), 0o600)
		}, []string{"is not a Portico database", "--data"}},
		{"newer format", newer, []string{"newer portico (store format 3)", "formats 1 to 2", "--data"}},
		{"foreign bbolt file", foreign, []string{"not Portico's", "--data"}},
		{"truncated format 1 file", func(t *testing.T, path string) {
			b, _ := os.ReadFile("testdata/v1.db")
			_ = os.WriteFile(path, b[:5000], 0o600)
		}, []string{"portico.db"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "portico.db")
			tc.make(t, path)
			before, _ := os.ReadFile(path)
			s, err := Open(dir)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Error("the refused file was changed")
			}
		})
	}
}

// A write stores the entities it changed, however large the API.
func TestWritesStoreOnlyWhatChanged(t *testing.T) {
	s, err := Open(t.TempDir(), Options{Check: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Create(ctx, newDoc("a")); err != nil {
		t.Fatal(err)
	}
	for i := range 500 {
		id := fmt.Sprintf("r%03d", i)
		if err := s.Update(ctx, "a", func(d *APIDoc) error {
			d.Resources[id] = &apigw.Resource{ID: id, ParentID: "root", PathPart: id, Path: "/" + id,
				ResourceMethods: map[string]*apigw.Method{"GET": {HTTPMethod: "GET", MethodIntegration: &apigw.Integration{Type: "MOCK"}}}}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	// One write to one method of a 500-resource API: its diff names the
	// method's key and the resource's, nothing else.
	cur, _ := s.Get(ctx, "a")
	w := cur.work()
	res, _ := w.Resource("r123")
	m, _ := w.Method(res, "GET")
	m.OperationName = "getIt"
	ch, err := diff(cur, w)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.puts) != 2 || ch.puts["m/r123/GET"] == nil || ch.puts["r/r123"] == nil || len(ch.dels) != 0 {
		keys := []string{}
		for k := range ch.puts {
			keys = append(keys, k)
		}
		t.Errorf("one method change writes %v, deletes %v", keys, ch.dels)
	}
	if cur.Resources["r123"].ResourceMethods["GET"].OperationName != "" {
		t.Error("the working copy's change reached the committed document")
	}
	// A deployment's snapshot is written once; updating its description
	// rewrites only the deployment record.
	if err := s.Update(ctx, "a", func(d *APIDoc) error {
		d.Deployments["d1"] = &DeploymentDoc{Deployment: apigw.Deployment{ID: "d1"}, Snapshot: Snapshot{API: d.API, Resources: DeepCopy(d.Resources)}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	cur, _ = s.Get(ctx, "a")
	w = cur.work()
	dep, _ := w.Deployment("d1")
	dep.Deployment.Description = "new"
	ch, _ = diff(cur, w)
	if len(ch.puts) != 1 || ch.puts["dep/d1"] == nil {
		t.Errorf("deployment description change writes %d keys", len(ch.puts))
	}
	// Deleting a resource deletes its record and its methods'.
	w = cur.work()
	delete(w.Resources, "r007")
	ch, _ = diff(cur, w)
	if len(ch.puts) != 0 || len(ch.dels) != 2 {
		t.Errorf("delete writes %v, deletes %v", ch.puts, ch.dels)
	}
}

// The check mode catches an update that changes a committed entity in place
// instead of through an accessor.
func TestCheckCatchesInPlaceChange(t *testing.T) {
	s, err := Open(Memory, Options{Check: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Create(ctx, newDoc("a")); err != nil {
		t.Fatal(err)
	}
	c := make(chan any, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { c <- recover() }()
		s.check("a") // clean: no panic
		cur, _ := s.Get(ctx, "a")
		cur.Resources["root"].PathPart = "sneaky" // what an update must not do
		s.check("a")
	}()
	<-done
	if v := <-c; v == nil || !strings.Contains(fmt.Sprint(v), "differs between memory and disk") {
		t.Errorf("check = %v", v)
	}
}

func TestRecords(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := s.Records("lambda")
	if _, ok := r.Get("f/a"); ok {
		t.Error("Get of an empty service found a value")
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				k := fmt.Sprintf("f/%d-%02d", i, j)
				if err := r.Apply(ctx, map[string][]byte{k: []byte(k)}, nil); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if err := r.Apply(ctx, map[string][]byte{"g/x": []byte("1")}, []string{"f/0-00"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Records("iam").Apply(ctx, map[string][]byte{"f/other": []byte("iam")}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r = s.Records("lambda")
	var keys []string
	r.Scan("f/", func(k string, v []byte) bool {
		if string(v) != k {
			t.Errorf("%s = %q", k, v)
		}
		keys = append(keys, k)
		return true
	})
	if len(keys) != 159 || keys[0] != "f/0-01" || keys[158] != "f/7-19" {
		t.Errorf("scan f/ = %d keys %v...", len(keys), keys[:min(3, len(keys))])
	}
	if v, ok := r.Get("g/x"); !ok || string(v) != "1" {
		t.Errorf("g/x = %q %v", v, ok)
	}
	n := 0
	r.Scan("", func(string, []byte) bool { n++; return n < 5 })
	if n != 5 {
		t.Errorf("scan stopped after %d, want 5", n)
	}
	if v, _ := s.Records("iam").Get("f/other"); string(v) != "iam" {
		t.Errorf("services share keys: %q", v)
	}
}

// A failed commit refuses later writes with the cause and keeps readers on
// the last durable state.
func TestFailedCommitRefusesWrites(t *testing.T) {
	s, err := Open(Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Create(ctx, newDoc("a")); err != nil {
		t.Fatal(err)
	}
	// A key bbolt refuses (too long) makes the transaction fail.
	long := strings.Repeat("k", bolt.MaxKeySize+1)
	err = s.Records("x").Apply(ctx, map[string][]byte{long: []byte("v")}, nil)
	if err == nil {
		t.Fatal("an oversized key committed")
	}
	err = s.Update(ctx, "a", func(d *APIDoc) error { d.API.Name = "later"; return nil })
	if err == nil || !strings.Contains(err.Error(), "restart portico serve") {
		t.Errorf("write after a failed commit = %v", err)
	}
	if d, _ := s.Get(ctx, "a"); d.API.Name != "a" {
		t.Errorf("readers see %q", d.API.Name)
	}
	if errors.Is(err, ErrNotFound) {
		t.Error("wrong error")
	}
}
