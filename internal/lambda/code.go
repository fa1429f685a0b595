package lambda

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/portico/portico/internal/lambdaspec"
)

// Code is kept by content under Options.CodeDir:
//
//	zips/<sha256-hex>.zip   the uploaded package (GetFunction's Code.Location)
//	code/<sha256-hex>/      the package unpacked (LAMBDA_TASK_ROOT)

const (
	maxUnzipped = lambdaspec.UnzippedMaxBytes
	maxZipBody  = 69905067 // the request limit of CreateFunction / UpdateFunctionCode: a 50 MB zip in base64
)

func hexOfBase64(s string) string {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return ""
	}
	return hex.EncodeToString(b)
}

func (s *Service) zipPath(id string) string  { return filepath.Join(s.opts.CodeDir, "zips", id+".zip") }
func (s *Service) codePath(id string) string { return filepath.Join(s.opts.CodeDir, "code", id) }

// storeCode validates a deployment package and keeps it (zip and unpacked).
// It returns the CodeSha256 (base64) and size.
func (s *Service) storeCode(b []byte) (string, int64, *Error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "", 0, invalidParam("Could not unzip uploaded file. Please check your file, then try to upload again.")
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
	}
	if total >= maxUnzipped {
		return "", 0, invalidParam("Unzipped size must be smaller than %d bytes", maxUnzipped)
	}
	sum := sha256.Sum256(b)
	id := hex.EncodeToString(sum[:])
	if err := s.writeZip(id, b); err != nil {
		s.log.Error("lambda: keep code", "err", err)
		return "", 0, errorf(500, "ServiceException", "portico could not store the code: %v", err)
	}
	if err := s.unpack(id, zr); err != nil {
		var bad *badZipError
		if errors.As(err, &bad) {
			return "", 0, invalidParam("Could not unzip uploaded file. Please check your file, then try to upload again.")
		}
		s.log.Error("lambda: unpack code", "err", err)
		return "", 0, errorf(500, "ServiceException", "portico could not unpack the code: %v", err)
	}
	return lambdaspec.CodeSha256(b), int64(len(b)), nil
}

func (s *Service) writeZip(id string, b []byte) error {
	p := s.zipPath(id)
	if _, err := os.Stat(p); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

type badZipError struct{ msg string }

func (e *badZipError) Error() string { return e.msg }

// ensureCode unpacks a stored package again if its directory is missing.
func (s *Service) ensureCode(id string) error {
	if _, err := os.Stat(s.codePath(id)); err == nil {
		return nil
	}
	b, err := os.ReadFile(s.zipPath(id))
	if err != nil {
		return fmt.Errorf("code %s: %w", id, err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return fmt.Errorf("code %s: %w", id, err)
	}
	return s.unpack(id, zr)
}

// unpack writes the package's files into code/<id>, atomically.
func (s *Service) unpack(id string, zr *zip.Reader) error {
	dst := s.codePath(id)
	if _, err := os.Stat(dst); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dst), "."+id[:12]+"-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	for _, f := range zr.File {
		name := strings.TrimPrefix(filepath.ToSlash(f.Name), "/")
		if name == "" {
			continue
		}
		clean := filepath.Clean(filepath.FromSlash(name))
		if clean == "." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) || clean == ".." {
			return &badZipError{"entry outside the package: " + f.Name}
		}
		p := filepath.Join(tmp, clean)
		mode := f.Mode()
		if f.FileInfo().IsDir() {
			if err := os.MkdirAll(p, 0o755); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if mode&fs.ModeSymlink != 0 {
			target, err := readAll(f, 4096)
			if err != nil {
				return &badZipError{err.Error()}
			}
			if err := os.Symlink(string(target), p); err != nil {
				return err
			}
			continue
		}
		perm := mode.Perm()
		if f.CreatorVersion>>8 != 3 || perm == 0 { // not made on Unix: no permissions recorded
			perm = 0o644
		}
		if err := writeEntry(f, p, perm|0o400); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		if _, statErr := os.Stat(dst); statErr == nil {
			return nil // unpacked concurrently
		}
		return err
	}
	return nil
}

func readAll(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, limit))
}

func writeEntry(f *zip.File, p string, perm fs.FileMode) error {
	rc, err := f.Open()
	if err != nil {
		return &badZipError{err.Error()}
	}
	defer rc.Close()
	out, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, io.LimitReader(rc, maxUnzipped)); err != nil {
		out.Close()
		return &badZipError{err.Error()}
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chmod(p, perm)
}

// collectCode removes packages no version uses.
func (s *Service) collectCode(used map[string]bool) {
	for _, sub := range []string{"zips", "code"} {
		entries, err := os.ReadDir(filepath.Join(s.opts.CodeDir, sub))
		if err != nil {
			continue
		}
		for _, e := range entries {
			id := strings.TrimSuffix(e.Name(), ".zip")
			if strings.HasPrefix(id, ".") || used[id] {
				continue
			}
			_ = os.RemoveAll(filepath.Join(s.opts.CodeDir, sub, e.Name()))
		}
	}
}
