package extlinks

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"time"

	"handbook/internal/atomicfile"
)

// cacheVersion changes whenever the file's meaning changes; a file of
// another version is ignored like a corrupt one.
const cacheVersion = 1

type cacheFile struct {
	Version int               `json:"version"`
	Entries map[string]result `json:"entries"`
}

// loadCache reads the cache; a missing, unreadable or corrupt file gives an
// empty cache (it is rewritten on the next save).
func loadCache(path string) cacheFile {
	empty := cacheFile{Version: cacheVersion, Entries: map[string]result{}}
	if path == "" {
		return empty
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return empty
	}
	var c cacheFile
	if json.Unmarshal(data, &c) != nil || c.Version != cacheVersion || c.Entries == nil {
		return empty
	}
	return c
}

// fresh returns the cached result for u if it has not expired. Entries dated
// in the future (a clock that went back) are not trusted.
func (c cacheFile) fresh(u string, now time.Time, opts Options) (result, bool) {
	r, ok := c.Entries[u]
	if !ok {
		return result{}, false
	}
	ttl := opts.FailureTTL
	if r.ok() {
		ttl = opts.SuccessTTL
	}
	age := now.Sub(r.Checked)
	return r, age >= 0 && age < ttl
}

// save drops expired entries and writes the cache atomically: a temporary
// file in the same directory renamed over the old one, so a crash never
// leaves a half-written cache.
func (c cacheFile) save(path string, now time.Time, opts Options) error {
	for u := range c.Entries {
		if _, ok := c.fresh(u, now, opts); !ok {
			delete(c.Entries, u)
		}
	}
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, append(data, '\n'), 0o644)
}

// resolve answers every URL from the cache when fresh, checks the rest and
// stores their results. A failure to write the cache is returned.
func resolve(ctx context.Context, urls []string, opts Options) (map[string]result, error) {
	cache := loadCache(opts.CacheFile)
	now := opts.Now()
	results := make(map[string]result, len(urls))
	var todo []string
	for _, u := range urls {
		if r, ok := cache.fresh(u, now, opts); ok {
			results[u] = r
		} else {
			todo = append(todo, u)
		}
	}
	if opts.Progress != nil {
		failed := 0
		for _, r := range results {
			if !r.ok() {
				failed++
			}
		}
		opts = countProgress(opts, len(results), len(urls), failed)
	}
	checked := checkAll(ctx, todo, opts)
	for u, r := range checked {
		// Stamped with the run's start so that every result of a run
		// expires together and none is dated after the save below.
		r.Checked = now.UTC()
		results[u] = r
		cache.Entries[u] = r
	}
	if opts.CacheFile == "" || len(checked) == 0 {
		return results, nil
	}
	return results, cache.save(opts.CacheFile, now, opts)
}

// countProgress wraps opts.Progress in counters that start from what the
// cache answered; opts.onResult advances them as requests finish.
func countProgress(opts Options, checked, total, failed int) Options {
	var mu sync.Mutex
	report := opts.Progress
	report(checked, total, failed)
	opts.onResult = func(r result) {
		mu.Lock()
		defer mu.Unlock()
		checked++
		if !r.ok() {
			failed++
		}
		report(checked, total, failed)
	}
	return opts
}
