package buildstate

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"sync"

	"handbook/internal/cache"
	"handbook/internal/markdown"
)

// FileMemo reads each file once per build: a snippet many pages include
// (an auto_append glossary) is read once, and a reused conversion checks
// its snippets against the same bytes.
type FileMemo struct {
	mu sync.Mutex
	m  map[string]memoEntry
}

type memoEntry struct {
	data []byte
	err  error
}

// NewFileMemo makes an empty FileMemo.
func NewFileMemo() *FileMemo { return &FileMemo{m: map[string]memoEntry{}} }

// Read reads the file at path, or gives what the first read of it gave.
func (f *FileMemo) Read(path string) ([]byte, error) {
	f.mu.Lock()
	e, ok := f.m[path]
	f.mu.Unlock()
	if ok {
		return e.data, e.err
	}
	data, err := os.ReadFile(path)
	f.mu.Lock()
	f.m[path] = memoEntry{data, err}
	f.mu.Unlock()
	return data, err
}

// FileDep is a file a conversion read (a snippet), by content, or a path
// it looked for in vain.
type FileDep struct {
	path    string
	sum     [32]byte
	missing bool
}

// SnippetDeps records the files res read and missed.
func SnippetDeps(res *markdown.Result, memo *FileMemo) []FileDep {
	var deps []FileDep
	for _, p := range res.Included {
		data, err := memo.Read(p)
		if err != nil {
			deps = append(deps, FileDep{path: p, missing: true})
			continue
		}
		deps = append(deps, FileDep{path: p, sum: sha256.Sum256(data)})
	}
	for _, p := range res.Missing {
		deps = append(deps, FileDep{path: p, missing: true})
	}
	return deps
}

// DepsUnchanged reports whether every file a conversion read still holds
// the same bytes and every path it missed is still missing.
func DepsUnchanged(deps []FileDep, memo *FileMemo) bool {
	for _, d := range deps {
		data, err := memo.Read(d.path)
		if d.missing {
			if err == nil || !errors.Is(err, fs.ErrNotExist) {
				return false
			}
			continue
		}
		if err != nil || sha256.Sum256(data) != d.sum {
			return false
		}
	}
	return true
}

// WithDeps extends a conversion key with the snippets the conversion read,
// for the keys made from it (the rendered page's).
func WithDeps(k cache.Key, deps []FileDep) cache.Key {
	if len(deps) == 0 {
		return k
	}
	w := cache.NewKey().Bytes(k[:])
	for _, d := range deps {
		missing := 0
		if d.missing {
			missing = 1
		}
		w.Str(d.path).Bytes(d.sum[:]).Num(missing)
	}
	return w.Sum()
}

// encodeDeps writes the snippet files a conversion read or missed.
func encodeDeps(e *cache.Enc, deps []FileDep) {
	e.Uint(uint64(len(deps)))
	for _, d := range deps {
		e.Str(d.path)
		e.Bytes(d.sum[:])
		e.Bool(d.missing)
	}
}

func decodeDeps(d *cache.Dec) []FileDep {
	n := d.Len(3)
	if n == 0 {
		return nil
	}
	deps := make([]FileDep, n)
	for i := range deps {
		deps[i].path = d.Str()
		copy(deps[i].sum[:], d.Bytes())
		deps[i].missing = d.Bool()
	}
	return deps
}
