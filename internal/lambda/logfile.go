package lambda

import (
	"os"
	"path/filepath"
	"sync"
	"time"
)

// fileSink writes each function's log to <LogDir>/<function>.log, one line
// per output line, prefixed with the time; a file past maxLogFile is moved
// to <function>.log.1.
type fileSink struct {
	dir   string
	mu    sync.Mutex
	files map[string]*logFile
}

type logFile struct {
	f    *os.File
	size int64
}

const maxLogFile = 16 << 20

func newFileSink(dir string) *fileSink { return &fileSink{dir: dir, files: map[string]*logFile{}} }

// WriteLine implements runtime.LogSink.
func (s *fileSink) WriteLine(function, _ string, line []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	lf := s.files[function]
	p := filepath.Join(s.dir, function+".log")
	if lf != nil && lf.size > maxLogFile {
		_ = lf.f.Close()
		_ = os.Rename(p, p+".1")
		lf = nil
	}
	if lf == nil {
		f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return
		}
		st, _ := f.Stat()
		lf = &logFile{f: f}
		if st != nil {
			lf.size = st.Size()
		}
		s.files[function] = lf
	}
	buf := make([]byte, 0, len(line)+32)
	buf = time.Now().UTC().AppendFormat(buf, "2006-01-02T15:04:05.000Z ")
	buf = append(buf, line...)
	buf = append(buf, '\n')
	n, _ := lf.f.Write(buf)
	lf.size += int64(n)
}

func (s *fileSink) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, lf := range s.files {
		_ = lf.f.Close()
	}
	s.files = map[string]*logFile{}
}
