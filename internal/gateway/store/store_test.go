package store

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/portico/portico/internal/apigw"
)

func newDoc(id string) *APIDoc {
	d := NewAPIDoc(apigw.RestApi{ID: id, Name: id, RootResourceID: "root"})
	d.Resources["root"] = &apigw.Resource{ID: "root", Path: "/"}
	return d
}

func TestStoreReopenAndSnapshot(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := Open(dir, Options{Check: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, newDoc("a")); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, newDoc("a")); err == nil {
		t.Error("duplicate create succeeded")
	}
	err = s.Update(ctx, "a", func(d *APIDoc) error {
		root, _ := d.Resource("root")
		root.ResourceMethods = map[string]*apigw.Method{"GET": {HTTPMethod: "GET", MethodIntegration: &apigw.Integration{Type: "MOCK"}}}
		d.Deployments["d1"] = &DeploymentDoc{Deployment: apigw.Deployment{ID: "d1"}, Snapshot: Snapshot{API: d.API, Resources: DeepCopy(d.Resources)}}
		d.Stages["dev"] = &apigw.Stage{StageName: "dev", DeploymentID: "d1", Variables: map[string]string{"v": "1"}}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A failing update changes nothing.
	boom := errors.New("boom")
	if err := s.Update(ctx, "a", func(d *APIDoc) error { d.API.Name = "changed"; return boom }); !errors.Is(err, boom) {
		t.Fatalf("update error = %v", err)
	}
	// The live config changes after the deployment; the snapshot does not.
	if err := s.Update(ctx, "a", func(d *APIDoc) error {
		root, _ := d.Resource("root")
		m, _ := d.Method(root, "GET")
		m.MethodIntegration.Type = "HTTP"
		return nil
	}); err != nil {
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
	d, err := s.Get(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if d.API.Name != "a" || d.Resources["root"].ResourceMethods["GET"].MethodIntegration.Type != "HTTP" {
		t.Errorf("reopened doc = %+v", d.API)
	}
	snap, err := s.StageSnapshot(ctx, "a", "dev")
	if err != nil {
		t.Fatal(err)
	}
	if snap.Stage.Variables["v"] != "1" || snap.Deployment.ID != "d1" || snap.Resources["root"].ResourceMethods["GET"].MethodIntegration.Type != "MOCK" {
		t.Errorf("snapshot = %+v", snap)
	}
	if _, err := s.StageSnapshot(ctx, "a", "nope"); !errors.Is(err, ErrStageNotFound) {
		t.Errorf("unknown stage: %v", err)
	}
	if _, err := s.StageSnapshot(ctx, "zz", "dev"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown api: %v", err)
	}
	if err := s.Delete(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, "a", func(*APIDoc) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("update deleted: %v", err)
	}
}

func TestStoreConcurrentUpdates(t *testing.T) {
	s, err := Open(Memory, Options{Check: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Create(ctx, newDoc("a")); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 25; j++ {
				_ = s.Update(ctx, "a", func(d *APIDoc) error {
					d.Models[apigw.NewID()] = &apigw.Model{Name: "m"}
					return nil
				})
				_, _ = s.StageSnapshot(ctx, "a", "dev")
				_, _ = s.List(ctx)
			}
		}()
	}
	wg.Wait()
	d, _ := s.Get(ctx, "a")
	if len(d.Models) != 200 {
		t.Errorf("models = %d, want 200 (lost updates)", len(d.Models))
	}
}

// TestOpenLockedDataDir: a data directory held by another gateway is a clear
// error that says what to do, not a bare timeout.
func TestOpenLockedDataDir(t *testing.T) {
	dir := t.TempDir()
	first, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	second, err := Open(dir)
	if err == nil {
		second.Close()
		t.Fatal("a second Open of the same data directory succeeded")
	}
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "--data") {
		t.Errorf("Open of a locked data directory = %v, want ErrLocked naming --data", err)
	}
}
