package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/portico/portico/internal/gateway/gatewaytest"
)

// BenchmarkServeStartup measures how long `portico serve` takes from exec to
// answering its first management request (GET /restapis), with an ephemeral
// store and with an on-disk store that already holds 50 REST APIs. The stop
// after each start is not timed.
//
//	go test -run '^$' -bench ServeStartup ./cmd/portico/
func BenchmarkServeStartup(b *testing.B) {
	bin := buildPortico(b)
	disk := b.TempDir()
	seedAPIs(b, bin, disk, 50)
	for _, tc := range []struct{ name, data string }{
		{"memory", storeMemory},
		{"disk-50-apis", disk},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				cmd, endpoint := startForBench(b, bin, tc.data)
				resp, err := http.Get(endpoint + "/restapis")
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("GET /restapis: %d", resp.StatusCode)
				}
				b.StopTimer()
				stopForBench(b, cmd)
				b.StartTimer()
			}
		})
	}
}

// startForBench execs `portico serve` and returns once it has printed its
// address.
func startForBench(b *testing.B, bin, data string) (*exec.Cmd, string) {
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data, "--log-level", "error")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	endpoint, ok := strings.CutPrefix(strings.TrimSpace(line), "portico listening on ")
	if err != nil || !ok {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		b.Fatalf("portico did not print its address: %q %v", line, err)
	}
	return cmd, endpoint
}

func stopForBench(b *testing.B, cmd *exec.Cmd) {
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		b.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		b.Fatalf("portico exit: %v", err)
	}
}

// seedAPIs creates n REST APIs, each with a resource, in the store at dir.
func seedAPIs(b *testing.B, bin, dir string, n int) {
	cmd, endpoint := startForBench(b, bin, dir)
	defer stopForBench(b, cmd)
	c := gatewaytest.NewClient(endpoint)
	ctx := context.Background()
	for i := range n {
		api, err := c.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String(fmt.Sprintf("api-%d", i))})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: api.Id, ParentId: api.RootResourceId, PathPart: aws.String("pets")}); err != nil {
			b.Fatal(err)
		}
	}
}
