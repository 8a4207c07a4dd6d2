package highlight

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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

func sampleKey() cacheKey { return keyFor(parseOptions(sampleInfo), sampleCode) }

func packFiles(t *testing.T, dir string) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, packPrefix+"*"+packSuffix))
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(matches, func(p string) bool { return !isPackName(filepath.Base(p)) })
}

// onlyPack returns the single pack in dir, failing if there is not exactly one.
func onlyPack(t *testing.T, dir string) string {
	t.Helper()
	packs := packFiles(t, dir)
	if len(packs) != 1 {
		t.Fatalf("want 1 pack, found %d: %v", len(packs), packs)
	}
	return packs[0]
}

// packKeys decodes a pack file and returns its keys in file order.
func packKeys(t *testing.T, path string) []cacheKey {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := decodePack(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var keys []cacheKey
	for _, e := range entries {
		keys = append(keys, e.key)
	}
	return keys
}

func build(t *testing.T, opts Options, blocks []block) *Highlighter {
	t.Helper()
	h := New(opts)
	renderAll(h, blocks)
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	return h
}

func blockKey(b block) cacheKey { return keyFor(parseOptions(b.info), b.code) }

// writeSingleEntryPacks writes one pack per block, block i last modified i
// minutes after block 0, and returns each pack's size.
func writeSingleEntryPacks(t *testing.T, dir string, blocks []block) []int64 {
	t.Helper()
	plain := New(Options{})
	c := newDiskCache(dir, DefaultMaxCacheBytes)
	base := time.Now().Add(-time.Hour)
	var sizes []int64
	for i, b := range blocks {
		entry := packEntry{blockKey(b), plain.Render(b.info, b.code)}
		name, err := c.writePack([]packEntry{entry})
		if err != nil {
			t.Fatal(err)
		}
		mt := base.Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(filepath.Join(dir, name), mt, mt); err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, packOverhead()+entry.size())
	}
	return sizes
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
	if n := len(packFiles(t, dir)); n != 0 {
		t.Fatalf("%d packs written before Close", n)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	onlyPack(t, dir)
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
	// A build that highlighted nothing new adds no pack.
	if err := second.Close(); err != nil {
		t.Fatal(err)
	}
	onlyPack(t, dir)
}

func TestBuildWritesOnePackForAllItsBlocks(t *testing.T) {
	dir := t.TempDir()
	blocks := realisticBlocks(40)
	build(t, Options{CacheDir: dir}, blocks)
	keys := packKeys(t, onlyPack(t, dir))
	if len(keys) != len(blocks) {
		t.Fatalf("pack holds %d entries, want %d", len(keys), len(blocks))
	}
	for _, b := range blocks {
		if !slices.Contains(keys, blockKey(b)) {
			t.Fatalf("block %q missing from the pack", b.info)
		}
	}
	if h := build(t, Options{CacheDir: dir}, blocks); h.disk.packsRead.Load() != 1 || h.Stats().DiskHits != int64(len(blocks)) {
		t.Fatalf("warm build read %d packs, stats %+v", h.disk.packsRead.Load(), h.Stats())
	}
}

func TestLookupsAfterTheFirstNeverTouchTheDisk(t *testing.T) {
	dir := t.TempDir()
	blocks := realisticBlocks(10)
	build(t, Options{CacheDir: dir}, blocks)

	h := New(Options{CacheDir: dir})
	h.Render(blocks[0].info, blocks[0].code)
	// With the pack gone, only the in-memory index can serve the others.
	if err := os.Remove(onlyPack(t, dir)); err != nil {
		t.Fatal(err)
	}
	renderAll(h, blocks[1:])
	if s := h.Stats(); s.DiskHits != int64(len(blocks)) || s.Highlighted != 0 {
		t.Fatalf("Stats() = %+v, want every block from the index", s)
	}
	if n := h.disk.packsRead.Load(); n != 1 {
		t.Fatalf("read %d pack files, want 1", n)
	}
}

func TestCorruptPacksAreIgnoredAndReplaced(t *testing.T) {
	keyOffset := len(packHeader())
	corruptions := map[string]func([]byte) []byte{
		"flipped payload byte":  func(b []byte) []byte { b[len(b)-sha256.Size-3] ^= 0x20; return b },
		"flipped key byte":      func(b []byte) []byte { b[keyOffset] ^= 0x01; return b },
		"flipped checksum byte": func(b []byte) []byte { b[len(b)-1] ^= 0x01; return b },
		"truncated":             func(b []byte) []byte { return b[:len(b)/2] },
		"empty":                 func([]byte) []byte { return nil },
		"garbage header":        func(b []byte) []byte { return append([]byte("junk\n"), b...) },
		"extra bytes":           func(b []byte) []byte { return append(b, "<script>"...) },
	}
	want := reference(t)
	for name, corrupt := range corruptions {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			build(t, Options{CacheDir: dir}, []block{{sampleInfo, sampleCode}})
			pack := onlyPack(t, dir)
			data, err := os.ReadFile(pack)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(pack, corrupt(data), 0o644); err != nil {
				t.Fatal(err)
			}

			h := New(Options{CacheDir: dir})
			if got := h.Render(sampleInfo, sampleCode); !bytes.Equal(got, want) {
				t.Fatalf("corrupt pack leaked into output:\n%s", got)
			}
			if s := h.Stats(); s.Highlighted != 1 || s.DiskHits != 0 {
				t.Fatalf("Stats() = %+v, want the block recomputed", s)
			}
			if err := h.Close(); err != nil {
				t.Fatal(err)
			}
			// The damaged pack was replaced by an intact one.
			packKeys(t, onlyPack(t, dir))
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

// packWithHeader encodes entries after an arbitrary header, with a valid checksum.
func packWithHeader(header []byte, entries []packEntry) []byte {
	b := slices.Clone(header)
	for _, e := range entries {
		b = append(b, e.key[:]...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(e.payload)))
		b = append(b, e.payload...)
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

func foreignHeader(formatVersion uint16, chroma string) []byte {
	h := []byte(packMagic)
	h = binary.BigEndian.AppendUint16(h, formatVersion)
	h = binary.BigEndian.AppendUint16(h, uint16(len(chroma)))
	return append(h, chroma...)
}

func TestPackOfAnotherVersionIsIgnored(t *testing.T) {
	stale := []packEntry{{sampleKey(), []byte("<p>stale markup</p>")}}
	headers := map[string][]byte{
		"other chroma":         foreignHeader(packFormatVersion, "v2.0.0-other h1:abc="),
		"other format version": foreignHeader(packFormatVersion+1, chromaVersion()),
	}
	for name, header := range headers {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			encoded := packWithHeader(header, stale)
			foreign := filepath.Join(dir, packName(encoded))
			if err := os.WriteFile(foreign, encoded, 0o644); err != nil {
				t.Fatal(err)
			}
			h := New(Options{CacheDir: dir})
			if got := h.Render(sampleInfo, sampleCode); !bytes.Equal(got, reference(t)) {
				t.Fatalf("a pack of another version was served:\n%s", got)
			}
			if err := h.Close(); err != nil {
				t.Fatal(err)
			}
			// Intact, it may serve another binary sharing the folder.
			if _, err := os.Stat(foreign); err != nil {
				t.Fatal("an intact pack of another version was deleted outside compaction")
			}
		})
	}
}

func TestTemporaryFilesAreNeverReadAndStaleOnesAreRemoved(t *testing.T) {
	dir := t.TempDir()
	// A complete pack still under a temporary name must not be read: it may
	// be another build's, not yet renamed. This one would serve forged HTML.
	forged := encodePack([]packEntry{{sampleKey(), []byte("<p>forged</p>")}})
	stale := filepath.Join(dir, tempPrefix+"123") // left by a killed build
	fresh := filepath.Join(dir, tempPrefix+"456") // another build, still writing
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, forged, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * staleTempAge)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}

	h := New(Options{CacheDir: dir})
	if got := h.Render(sampleInfo, sampleCode); !bytes.Equal(got, reference(t)) {
		t.Fatalf("a temporary file was read: %s", got)
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
	const builds = 4
	var wg sync.WaitGroup
	errs := make(chan error, builds)
	for n := range builds {
		wg.Go(func() {
			h := New(Options{CacheDir: dir})
			// Each build renders its own share first so their packs differ.
			order := append(slices.Clone(blocks[n*10:]), blocks[:n*10]...)
			for _, b := range order {
				i := slices.IndexFunc(blocks, func(x block) bool { return x.info == b.info && bytes.Equal(x.code, b.code) })
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
	if n := len(packFiles(t, dir)); n < 1 || n > builds {
		t.Fatalf("want 1 to %d packs, found %d", builds, n)
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

func TestCompactionKeepsPacksWrittenAfterItRead(t *testing.T) {
	dir := t.TempDir()
	blocks := realisticBlocks(9)
	old, mine, theirs := blocks[:maxPacks-1], blocks[7], blocks[8]
	writeSingleEntryPacks(t, dir, old)

	compacting := New(Options{CacheDir: dir})
	renderAll(compacting, old[:1]) // reads the packs present now
	// Another build finishes meanwhile, leaving the maximum number of packs.
	build(t, Options{CacheDir: dir}, []block{theirs})
	if n := len(packFiles(t, dir)); n != maxPacks {
		t.Fatalf("setup: %d packs, want %d", n, maxPacks)
	}
	// One more pack would exceed the maximum: this Close merges.
	renderAll(compacting, []block{mine})
	if err := compacting.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(packFiles(t, dir)); n != 2 {
		t.Fatalf("want the merged pack and the other build's, found %d packs", n)
	}
	if h := build(t, Options{CacheDir: dir}, blocks); h.Stats().DiskHits != int64(len(blocks)) {
		t.Fatalf("Stats() = %+v, want every block from disk", h.Stats())
	}
}

func TestManyPacksAreMergedIntoOne(t *testing.T) {
	dir := t.TempDir()
	blocks := realisticBlocks(maxPacks + 1)
	for i, b := range blocks[:maxPacks] {
		build(t, Options{CacheDir: dir}, []block{b})
		if n := len(packFiles(t, dir)); n != i+1 {
			t.Fatalf("after build %d: %d packs", i+1, n)
		}
	}
	build(t, Options{CacheDir: dir}, blocks[maxPacks:])
	if keys := packKeys(t, onlyPack(t, dir)); len(keys) != len(blocks) {
		t.Fatalf("merged pack holds %d entries, want %d", len(keys), len(blocks))
	}
	h := build(t, Options{CacheDir: dir}, blocks)
	if s := h.Stats(); s.DiskHits != int64(len(blocks)) || h.disk.packsRead.Load() != 1 {
		t.Fatalf("Stats() = %+v after reading %d packs, want every block from one pack", s, h.disk.packsRead.Load())
	}
}

func TestCloseEvictsLeastRecentlyUsed(t *testing.T) {
	dir := t.TempDir()
	blocks := realisticBlocks(6) // fewer packs than maxPacks: only the size bound applies
	sizes := writeSingleEntryPacks(t, dir, blocks)
	unrelated := []string{"README", "notes.hl", "pack-notes.hbc", "pack-0123.hbc"}
	for _, name := range unrelated {
		os.WriteFile(filepath.Join(dir, name), []byte(strings.Repeat("x", 1000)), 0o644)
	}
	// Room for exactly 3 entries in one pack: block 0, used by this build,
	// then the most recently written, 5 and 4.
	entry := func(i int) int64 { return sizes[i] - packOverhead() }
	limit := packOverhead() + entry(0) + entry(5) + entry(4)
	h := New(Options{CacheDir: dir, MaxCacheBytes: limit})
	h.Render(blocks[0].info, blocks[0].code)
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	keys := packKeys(t, onlyPack(t, dir))
	for i, b := range blocks {
		kept := slices.Contains(keys, blockKey(b))
		if wantKept := i == 0 || i >= 4; kept != wantKept {
			t.Errorf("block %d: kept=%v, want %v", i, kept, wantKept)
		}
	}
	if fi, err := os.Stat(onlyPack(t, dir)); err != nil || fi.Size() > limit {
		t.Errorf("merged pack exceeds the bound %d: %v %v", limit, fi.Size(), err)
	}
	for _, name := range unrelated {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s, a file the cache did not write, was deleted", name)
		}
	}
}

func TestHitsRefreshTheirPackForEviction(t *testing.T) {
	dir := t.TempDir()
	blocks := realisticBlocks(3)
	sizes := writeSingleEntryPacks(t, dir, blocks)
	// Block 0's pack is the oldest, but a build reading it makes it recent.
	build(t, Options{CacheDir: dir}, blocks[:1])
	limit := packOverhead() + (sizes[0] - packOverhead()) + (sizes[2] - packOverhead())
	build(t, Options{CacheDir: dir, MaxCacheBytes: limit}, nil)
	keys := packKeys(t, onlyPack(t, dir))
	if !slices.Contains(keys, blockKey(blocks[0])) || !slices.Contains(keys, blockKey(blocks[2])) || len(keys) != 2 {
		t.Fatal("eviction ignored the hit on block 0's pack")
	}
}

func TestCloseWithoutLookupsReadsNoPack(t *testing.T) {
	dir := t.TempDir()
	build(t, Options{CacheDir: dir}, realisticBlocks(3))
	h := build(t, Options{CacheDir: dir}, nil)
	if n := h.disk.packsRead.Load(); n != 0 {
		t.Fatalf("Close read %d packs with nothing to write or bound", n)
	}
	onlyPack(t, dir)
}

func TestEntriesOfThePreviousLayoutAreDeleted(t *testing.T) {
	dir := t.TempDir()
	legacy := filepath.Join(dir, strings.Repeat("ab", sha256.Size)+legacyEntrySuffix)
	lookalikes := []string{"notes.hl", strings.Repeat("AB", sha256.Size) + ".hl", strings.Repeat("ab", sha256.Size) + ".hl.bak"}
	for _, p := range append(lookalikes, filepath.Base(legacy)) {
		os.WriteFile(filepath.Join(dir, p), []byte("hbhl1 x"), 0o644)
	}
	build(t, Options{CacheDir: dir}, nil)
	if _, err := os.Stat(legacy); !os.IsNotExist(err) {
		t.Error("an entry of the previous layout was kept")
	}
	for _, name := range lookalikes {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s was deleted", name)
		}
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

func TestDamagedPackIsDeletedByTheBuildThatReadIt(t *testing.T) {
	dir := t.TempDir()
	blocks := realisticBlocks(2)
	build(t, Options{CacheDir: dir}, blocks[:1])
	damaged := onlyPack(t, dir)
	if err := os.Truncate(damaged, 10); err != nil {
		t.Fatal(err)
	}
	build(t, Options{CacheDir: dir}, blocks[1:])
	if _, err := os.Stat(damaged); !os.IsNotExist(err) {
		t.Fatal("the damaged pack was kept")
	}
	if keys := packKeys(t, onlyPack(t, dir)); len(keys) != 1 || keys[0] != blockKey(blocks[1]) {
		t.Fatal("the new pack does not hold exactly this build's block")
	}
}
