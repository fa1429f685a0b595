package main

import (
	"context"
	"fmt"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/portico/portico/internal/gateway/gatewaytest"
)

// TestKill9UnderConcurrentWrites kills `portico serve` with SIGKILL while 8
// clients write to one REST API (each resource: CreateResource, PutMethod,
// PutIntegration), and, after a restart on the same data directory, finds
// every acknowledged write. Three rounds, killed at different moments.
func TestKill9UnderConcurrentWrites(t *testing.T) {
	bin := buildPortico(t)
	data := t.TempDir()
	ctx := context.Background()
	for round := range 3 {
		cmd, endpoint, stderr := startPortico(t, bin, "--data", data)
		c := gatewaytest.NewClient(endpoint)
		api, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String(fmt.Sprint("round-", round))})
		if err != nil {
			t.Fatal(err)
		}
		var (
			mu         sync.Mutex
			parts      = map[string]string{} // acknowledged resource id -> path part
			integrated = map[string]bool{}   // resources whose PutIntegration was acknowledged
			wg         sync.WaitGroup
		)
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					part := fmt.Sprintf("w%d-%d", w, i)
					res, err := c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: api.Id, ParentId: api.RootResourceId, PathPart: aws.String(part)})
					if err != nil {
						return // the server is gone
					}
					mu.Lock()
					parts[*res.Id] = part
					mu.Unlock()
					if _, err := c.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: api.Id, ResourceId: res.Id, HttpMethod: aws.String("GET"), AuthorizationType: aws.String("NONE")}); err != nil {
						return
					}
					if _, err := c.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: api.Id, ResourceId: res.Id, HttpMethod: aws.String("GET"), Type: types.IntegrationTypeMock}); err != nil {
						return
					}
					mu.Lock()
					integrated[*res.Id] = true
					mu.Unlock()
				}
			}()
		}
		time.Sleep(time.Duration(300+250*round) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		wg.Wait()
		if len(parts) < 10 {
			t.Fatalf("round %d: only %d resources acknowledged before the kill; stderr:\n%s", round, len(parts), stderr)
		}

		cmd2, endpoint2, _ := startPortico(t, bin, "--data", data)
		c2 := gatewaytest.NewClient(endpoint2)
		got := map[string]types.Resource{}
		var pos *string
		for {
			page, err := c2.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: api.Id, Limit: aws.Int32(500), Position: pos, Embed: []string{"methods"}})
			if err != nil {
				t.Fatalf("round %d: after restart: %v", round, err)
			}
			for _, r := range page.Items {
				got[*r.Id] = r
			}
			if page.Position == nil {
				break
			}
			pos = page.Position
		}
		for id, part := range parts {
			r, ok := got[id]
			if !ok {
				t.Errorf("round %d: acknowledged resource %s (%s) lost", round, id, part)
				continue
			}
			if *r.Path != "/"+part {
				t.Errorf("round %d: resource %s path %s, want /%s", round, id, *r.Path, part)
			}
			m, hasMethod := r.ResourceMethods["GET"]
			if integrated[id] && (!hasMethod || m.MethodIntegration == nil || m.MethodIntegration.Type != types.IntegrationTypeMock) {
				t.Errorf("round %d: acknowledged integration of %s lost", round, part)
			}
		}
		t.Logf("round %d: %d resources (%d integrated) acknowledged before SIGKILL, %d present after restart",
			round, len(parts), len(integrated), len(got)-1)
		// The restarted gateway takes writes.
		if _, err := c2.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: api.Id, ParentId: api.RootResourceId, PathPart: aws.String("after")}); err != nil {
			t.Fatalf("round %d: write after restart: %v", round, err)
		}
		if err := cmd2.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		_ = cmd2.Wait()
	}
}
