package highlight

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const sampleInfo = `python title="s.py" hl_lines="2"`

var sampleCode = []byte("def score(x):\n    return x * 2\n")

// reference is the block's HTML computed without any cache.
func reference(t *testing.T) []byte {
	t.Helper()
	return New(Options{}).Render(sampleInfo, sampleCode)
}

func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, "*"+entrySuffix))
	if err != nil {
		t.Fatal(err)
	}
	return matches
}

func TestMemoHighlightsEachBlockOnceAcrossGoroutines(t *testing.T) {
	h := New(Options{})
	const goroutines = 32
	results := make([][]byte, goroutines)
	var wg sync.WaitGroup
	for i := range goroutines {
		wg.Go(func() { results[i] = h.Render(sampleInfo, sampleCode) })
	}
	wg.Wait()
	want := reference(t)
	for i, got := range results {
		if !bytes.Equal(got, want) {
			t.Fatalf("goroutine %d got different HTML", i)
		}
	}
	if s := h.Stats(); s.Highlighted != 1 || s.MemoHits != goroutines-1 || s.Blocks != goroutines {
		t.Fatalf("Stats() = %+v, want 1 highlighted and %d memo hits", s, goroutines-1)
	}
}

func TestDifferentOptionsAreDifferentBlocks(t *testing.T) {
	h := New(Options{})
	a := h.Render(`python hl_lines="1"`, sampleCode)
	b := h.Render(`python hl_lines="2"`, sampleCode)
	if bytes.Equal(a, b) || h.Stats().Highlighted != 2 {
		t.Fatalf("options were not part of the memo key: %+v", h.Stats())
	}
}

func TestDiskCacheServesNextBuild(t *testing.T) {
	dir := t.TempDir()
	first := New(Options{CacheDir: dir})
	want := first.Render(sampleInfo, sampleCode)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(cacheEntries(t, dir)); n != 1 {
		t.Fatalf("want 1 cache entry, found %d", n)
	}
	second := New(Options{CacheDir: dir})
	got := second.Render(sampleInfo, sampleCode)
	if !bytes.Equal(got, want) {
		t.Fatalf("disk cache returned different HTML:\n%s\nwant\n%s", got, want)
	}
	if s := second.Stats(); s.DiskHits != 1 || s.Highlighted != 0 {
		t.Fatalf("Stats() = %+v, want one disk hit and nothing highlighted", s)
	}
	second.Render(sampleInfo, sampleCode)
	if s := second.Stats(); s.MemoHits != 1 || s.DiskHits != 1 {
		t.Fatalf("second request in the same build should hit the memo: %+v", s)
	}
}

func TestCorruptEntriesAreRecomputed(t *testing.T) {
	corruptions := map[string]func([]byte) []byte{
		"flipped payload byte": func(b []byte) []byte { b[len(b)-3] ^= 0x20; return b },
		"truncated":            func(b []byte) []byte { return b[:len(b)/2] },
		"empty":                func([]byte) []byte { return nil },
		"garbage header":       func(b []byte) []byte { return append([]byte("junk\n"), b...) },
		"extra bytes":          func(b []byte) []byte { return append(b, "<script>"...) },
	}
	want := reference(t)
	for name, corrupt := range corruptions {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			New(Options{CacheDir: dir}).Render(sampleInfo, sampleCode)
			entries := cacheEntries(t, dir)
			if len(entries) != 1 {
				t.Fatalf("want 1 entry, found %d", len(entries))
			}
			data, err := os.ReadFile(entries[0])
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(entries[0], corrupt(data), 0o644); err != nil {
				t.Fatal(err)
			}

			h := New(Options{CacheDir: dir})
			if got := h.Render(sampleInfo, sampleCode); !bytes.Equal(got, want) {
				t.Fatalf("corrupt entry leaked into output:\n%s", got)
			}
			if s := h.Stats(); s.Highlighted != 1 || s.DiskHits != 0 {
				t.Fatalf("Stats() = %+v, want the block recomputed", s)
			}
			// The recomputed block replaced the bad entry.
			if s := readBack(t, dir); s.DiskHits != 1 {
				t.Fatalf("the entry was not rewritten: %+v", s)
			}
		})
	}
}

func readBack(t *testing.T, dir string) Stats {
	t.Helper()
	h := New(Options{CacheDir: dir})
	h.Render(sampleInfo, sampleCode)
	return h.Stats()
}

func TestEntryFromAnotherKeyIsRejected(t *testing.T) {
	// A valid entry copied under another block's name must not be served.
	dir := t.TempDir()
	h := New(Options{CacheDir: dir})
	h.Render(sampleInfo, sampleCode)
	other := []byte("print('other')\n")
	src := cacheEntries(t, dir)[0]
	data, _ := os.ReadFile(src)
	dst := (&diskCache{dir: dir}).path(keyFor(parseOptions(sampleInfo), other))
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	h2 := New(Options{CacheDir: dir})
	got := h2.Render(sampleInfo, other)
	if bytes.Contains(got, []byte("score")) || h2.Stats().Highlighted != 1 {
		t.Fatalf("misnamed entry was served: %s", got)
	}
}

func TestInterruptedWriteLeavesNoVisibleEntry(t *testing.T) {
	dir := t.TempDir()
	// What a build killed mid-write leaves: a partial temporary file.
	stale := filepath.Join(dir, tempPrefix+"123")
	if err := os.WriteFile(stale, []byte("hbhl1 partial"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * staleTempAge)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, tempPrefix+"456") // another build, still writing
	if err := os.WriteFile(fresh, []byte("hbhl1 part"), 0o644); err != nil {
		t.Fatal(err)
	}

	h := New(Options{CacheDir: dir})
	if got := h.Render(sampleInfo, sampleCode); !bytes.Equal(got, reference(t)) {
		t.Fatal("wrong HTML next to a partial temporary file")
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("stale temporary file was not removed")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a recent temporary file (another build's) was removed")
	}
}

func TestParallelBuildsShareADirectory(t *testing.T) {
	dir := t.TempDir()
	blocks := realisticBlocks(60)
	want := make([][]byte, len(blocks))
	plain := New(Options{})
	for i, b := range blocks {
		want[i] = plain.Render(b.info, b.code)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			h := New(Options{CacheDir: dir})
			for i, b := range blocks {
				if got := h.Render(b.info, b.code); !bytes.Equal(got, want[i]) {
					errs <- fmt.Errorf("block %d differs", i)
					return
				}
			}
			if err := h.Close(); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(cacheEntries(t, dir)); n != len(blocks) {
		t.Fatalf("want %d entries, found %d", len(blocks), n)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, tempPrefix+"*"))
	if len(leftovers) != 0 {
		t.Fatalf("temporary files left behind: %v", leftovers)
	}
	h := New(Options{CacheDir: dir})
	for i, b := range blocks {
		if !bytes.Equal(h.Render(b.info, b.code), want[i]) {
			t.Fatalf("block %d differs after parallel builds", i)
		}
	}
	if s := h.Stats(); s.DiskHits != int64(len(blocks)) {
		t.Fatalf("Stats() = %+v, want every block from disk", s)
	}
}

func TestCloseEvictsLeastRecentlyUsed(t *testing.T) {
	dir := t.TempDir()
	blocks := realisticBlocks(10)
	h := New(Options{CacheDir: dir})
	for _, b := range blocks {
		h.Render(b.info, b.code)
	}
	// Age the entries: block i was last used i minutes after block 0.
	base := time.Now().Add(-time.Hour)
	var sizes []int64
	for i, b := range blocks {
		p := (&diskCache{dir: dir}).path(keyFor(parseOptions(b.info), b.code))
		mt := base.Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
		fi, _ := os.Stat(p)
		sizes = append(sizes, fi.Size())
	}
	// A cache hit counts as a use: block 0 becomes the most recent.
	New(Options{CacheDir: dir}).Render(blocks[0].info, blocks[0].code)

	// Room for exactly the 4 most recently used: block 0, 9, 8, 7.
	limit := sizes[0] + sizes[9] + sizes[8] + sizes[7]
	unrelated := filepath.Join(dir, "README")
	os.WriteFile(unrelated, []byte(strings.Repeat("x", 1000)), 0o644)
	if err := New(Options{CacheDir: dir, MaxCacheBytes: limit}).Close(); err != nil {
		t.Fatal(err)
	}
	for i, b := range blocks {
		_, err := os.Stat((&diskCache{dir: dir}).path(keyFor(parseOptions(b.info), b.code)))
		kept := err == nil
		if wantKept := i == 0 || i >= 7; kept != wantKept {
			t.Errorf("block %d: kept=%v, want %v", i, kept, wantKept)
		}
	}
	if _, err := os.Stat(unrelated); err != nil {
		t.Error("a file the cache did not write was deleted")
	}
}

func TestUnwritableCacheDirStillRenders(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	os.WriteFile(file, nil, 0o644)
	h := New(Options{CacheDir: file})
	if got := h.Render(sampleInfo, sampleCode); !bytes.Equal(got, reference(t)) {
		t.Fatal("rendering depends on the cache directory")
	}
	if err := h.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}
