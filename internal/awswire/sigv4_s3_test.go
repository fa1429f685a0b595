package awswire

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// S3 signs its path unescaped once more and presigns without the payload:
// requests signed as the SDK's S3 client signs them verify.
func TestCheckSignatureS3(t *testing.T) {
	creds := aws.Credentials{AccessKeyID: "AKIDS3", SecretAccessKey: "s3-secret"}
	keys := map[string]string{"AKIDS3": "s3-secret"}
	s3path := func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }
	now := time.Now()

	// header-signed PUT of a key with a space and a plus
	body := []byte("object")
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	out, _ := http.NewRequest(http.MethodPut, "http://127.0.0.1:4567/bucket/a%20b%2Bc.txt", nil)
	out.Header.Set("X-Amz-Content-Sha256", hash)
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, out, hash, "s3", "us-east-1", now, s3path); err != nil {
		t.Fatal(err)
	}
	in := httptest.NewRequest(http.MethodPut, out.URL.RequestURI(), nil)
	in.Host, in.Header = out.Host, out.Header
	in.Body = io.NopCloser(bytes.NewReader(body))
	if e := checkSignatureAt(in, keys, now); e != nil {
		t.Errorf("S3 PUT of a key with a space: %v", e)
	}

	// presigned GET
	get, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:4567/bucket/a%20b.txt?X-Amz-Expires=900", nil)
	url, _, err := v4.NewSigner().PresignHTTP(context.Background(), creds, get, "UNSIGNED-PAYLOAD", "s3", "us-east-1", now, s3path)
	if err != nil {
		t.Fatal(err)
	}
	pin := httptest.NewRequest(http.MethodGet, url, nil)
	pin.Host = "127.0.0.1:4567"
	pin.RequestURI = pin.URL.RequestURI()
	if e := checkSignatureAt(pin, keys, now); e != nil {
		t.Errorf("presigned S3 GET: %v", e)
	}
}
