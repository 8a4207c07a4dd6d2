package build

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"maps"
	"os"
	"slices"
	"sync"

	"handbook/internal/cache"

	"handbook/internal/markdown"
)

// fileMemo reads each file once per build: a snippet many pages include
// (an auto_append glossary) is read once, and a reused conversion checks
// its snippets against the same bytes.
type fileMemo struct {
	mu sync.Mutex
	m  map[string]memoEntry
}

type memoEntry struct {
	data []byte
	err  error
}

func newFileMemo() *fileMemo { return &fileMemo{m: map[string]memoEntry{}} }

func (f *fileMemo) read(path string) ([]byte, error) {
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

// fileDep is a file a conversion read (a snippet), by content, or a path it
// looked for in vain.
type fileDep struct {
	path    string
	sum     [32]byte
	missing bool
}

// snippetDeps records the files res read and missed.
func snippetDeps(res *markdown.Result, memo *fileMemo) []fileDep {
	var deps []fileDep
	for _, p := range res.Included {
		data, err := memo.read(p)
		if err != nil {
			deps = append(deps, fileDep{path: p, missing: true})
			continue
		}
		deps = append(deps, fileDep{path: p, sum: sha256.Sum256(data)})
	}
	for _, p := range res.Missing {
		deps = append(deps, fileDep{path: p, missing: true})
	}
	return deps
}

// depsUnchanged reports whether every file a conversion read still holds
// the same bytes and every path it missed is still missing.
func depsUnchanged(deps []fileDep, memo *fileMemo) bool {
	for _, d := range deps {
		data, err := memo.read(d.path)
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

// snippetFiles lists the files the pages included and missed, sorted.
func snippetFiles(work []*pageWork) []string {
	seen := map[string]bool{}
	for _, w := range work {
		for _, p := range slices.Concat(w.res.Included, w.res.Missing) {
			seen[p] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// withDeps extends a conversion key with the snippets the conversion read,
// for the keys made from it (the rendered page's).
func withDeps(k cache.Key, deps []fileDep) cache.Key {
	if len(deps) == 0 {
		return k
	}
	w := cache.NewKey().Bytes(k[:])
	for _, d := range deps {
		w.Str(d.path).Bytes(d.sum[:]).Num(boolInt(d.missing))
	}
	return w.Sum()
}
