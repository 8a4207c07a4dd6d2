package cache

import (
	"errors"
	"io"
	"os"
	"sync"
)

// Spill holds byte slices in a temporary file rather than in memory: a
// large site's build keeps each page's HTML there between converting the
// page and rendering it, so that its memory does not grow with the site.
// (The system's page cache keeps the file in memory as long as it can, so
// reading it back is cheap.) It is safe for concurrent use.
type Spill struct {
	f    *os.File
	name string
	mu   sync.Mutex
	end  int64
}

// Ref names a slice put in a Spill.
type Ref struct {
	off int64
	n   int
}

// NewSpill makes a spill file in dir ("" for the system's temporary
// folder). Close removes it (if it is not gone already).
func NewSpill(dir string) (*Spill, error) {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	f, err := os.CreateTemp(dir, "spill-*")
	if err != nil {
		return nil, err
	}
	s := &Spill{f: f, name: f.Name()}
	// Removed at once where an open file can be (the file lives on while
	// open): a build that is stopped leaves no spill file behind.
	if os.Remove(s.name) == nil {
		s.name = ""
	}
	return s, nil
}

// Put writes b and returns where it is.
func (s *Spill) Put(b []byte) (Ref, error) {
	s.mu.Lock()
	off := s.end
	s.end += int64(len(b))
	s.mu.Unlock()
	if _, err := s.f.WriteAt(b, off); err != nil {
		return Ref{}, err
	}
	return Ref{off, len(b)}, nil
}

// Get reads back what Put wrote.
func (s *Spill) Get(r Ref) ([]byte, error) { return s.GetInto(nil, r) }

// GetInto is Get reading into dst's room (its length is ignored),
// growing it when it is too small.
func (s *Spill) GetInto(dst []byte, r Ref) ([]byte, error) {
	if cap(dst) < r.n {
		dst = make([]byte, r.n)
	}
	b := dst[:r.n]
	n, err := s.f.ReadAt(b, r.off)
	if n == r.n {
		return b, nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return nil, err
}

// Close removes the spill file (nothing on a nil Spill).
func (s *Spill) Close() error {
	if s == nil {
		return nil
	}
	err := s.f.Close()
	if s.name == "" {
		return err
	}
	if rerr := os.Remove(s.name); err == nil {
		err = rerr
	}
	return err
}
