package site

import (
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

// loadBase is the records a saved state holds (see RestoreRaw), looked up
// by path and decoded only when a load asks for their file: a build that
// finds most files unchanged builds no map of them, and saves those it
// found as they were read.
type loadBase struct {
	prefix string   // the content folder, with a separator
	srcs   []string // content-relative, sorted
	raws   [][]byte
	decode func([]byte) (LoadRecord, bool)
	// seen is, for each record, the load that found its file (0: none),
	// or shadowed once an entry of the map stands for the file.
	seen []atomic.Int64
}

const shadowed = -1

// RestoreRaw adds the records of files under contentDir a saved state
// holds, as saved (raws, with their files' content-relative paths srcs,
// sorted), to be decoded by decode when a load looks for their file (a
// record decode finds damaged is not there). Records lists those a load
// found as they were given. Unsorted paths are decoded and restored at
// once (Restore).
func (c *LoadCache) RestoreRaw(contentDir string, srcs []string, raws [][]byte, decode func([]byte) (LoadRecord, bool)) {
	if !slices.IsSorted(srcs) {
		recs := make([]LoadRecord, 0, len(raws))
		for _, raw := range raws {
			if r, ok := decode(raw); ok {
				recs = append(recs, r)
			}
		}
		c.Restore(contentDir, recs)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]loadEntry{}
	}
	c.base = &loadBase{prefix: filepath.Clean(contentDir) + string(filepath.Separator), srcs: srcs, raws: raws, decode: decode,
		seen: make([]atomic.Int64, len(srcs))}
}

// find is the place of the record of the file at abs; false when there
// is none.
func (b *loadBase) find(abs string) (int, bool) {
	if b == nil {
		return 0, false
	}
	rel, ok := strings.CutPrefix(abs, b.prefix)
	if !ok {
		return 0, false
	}
	src := filepath.ToSlash(rel)
	i, found := slices.BinarySearch(b.srcs, src)
	return i, found && b.seen[i].Load() != shadowed
}

// entry is the record at i as a cache entry of the file at abs; false when
// it is damaged.
func (b *loadBase) entry(i int, abs string) (loadEntry, bool) {
	r, ok := b.decode(b.raws[i])
	if !ok || r.Src != b.srcs[i] {
		return loadEntry{}, false
	}
	p := r.Page
	p.Src, p.Abs = r.Src, abs
	return loadEntry{read: time.Unix(0, r.Read), mod: time.Unix(0, r.Mod), size: r.Size, hash: r.Hash, key: r.Key, page: p, diags: r.Diags, raw: b.raws[i]}, true
}

// foundBy records that load gen found the file of the record at i
// (unless an entry of the map stands for it).
func (b *loadBase) foundBy(i, gen int) {
	if old := b.seen[i].Load(); old != shadowed {
		b.seen[i].CompareAndSwap(old, int64(gen))
	}
}

// shadow marks the record of the file at abs as replaced by an entry of
// the map.
func (b *loadBase) shadow(abs string) {
	if i, ok := b.find(abs); ok {
		b.seen[i].Store(shadowed)
	}
}

// found lists the places of the records found by load gen.
func (b *loadBase) found(gen int) []int32 {
	if b == nil {
		return nil
	}
	n := 0
	for i := range b.seen {
		if b.seen[i].Load() == int64(gen) {
			n++
		}
	}
	out := make([]int32, 0, n)
	for i := range b.seen {
		if b.seen[i].Load() == int64(gen) {
			out = append(out, int32(i))
		}
	}
	return out
}
