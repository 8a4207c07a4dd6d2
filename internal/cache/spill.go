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
//
// What is put is gathered in memory and written spillChunk bytes at a
// time: one write for many pages rather than three for each, each of
// which has the file system update the file's times.
type Spill struct {
	f    *os.File
	name string
	mu   sync.Mutex
	end  int64 // where the next slice goes
	// pending holds what was put since the last write, from offset
	// written on; after a write fails it holds the rest for good (err).
	pending []byte
	written int64
	err     error
}

// spillChunk is the size from which a Spill writes what it gathered.
const spillChunk = 1 << 20

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

// Put keeps a copy of b (the caller may reuse b) and returns where it
// is. Once a write to the file failed, it refuses with that error (what
// it took before stays in memory).
func (s *Spill) Put(b []byte) (Ref, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return Ref{}, s.err
	}
	r := Ref{s.end, len(b)}
	s.end += int64(len(b))
	s.pending = append(s.pending, b...)
	if len(s.pending) >= spillChunk {
		s.flush()
	}
	return r, nil
}

// flush writes the pending slices to the file; when that fails they stay
// in memory, where Get finds them, and the error is kept for later Puts.
func (s *Spill) flush() {
	if _, err := s.f.WriteAt(s.pending, s.written); err != nil {
		s.err = err
		return
	}
	s.written += int64(len(s.pending))
	s.pending = s.pending[:0]
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
	if s.copyPending(b, r) {
		return b, nil
	}
	n, err := s.f.ReadAt(b, r.off)
	if n == r.n {
		return b, nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return nil, err
}

// copyPending copies r into b when it is still pending (not written).
func (s *Spill) copyPending(b []byte, r Ref) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.off < s.written {
		return false
	}
	copy(b, s.pending[r.off-s.written:])
	return true
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
