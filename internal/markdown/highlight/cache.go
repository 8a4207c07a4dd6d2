package highlight

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"handbook/internal/cache"
)

// markupVersion changes whenever the HTML this package writes changes, so
// persistent caches written by older builds are never reused.
const markupVersion = "hb-highlight-1"

// chromaModule is the module whose version keys the persistent cache: a new
// chroma may tokenise differently.
const chromaModule = "github.com/alecthomas/chroma/v2"

// chromaVersionFallback is used when the binary carries no build information.
const chromaVersionFallback = "chroma-v2-unknown"

// DefaultMaxCacheBytes bounds the persistent cache when Options.MaxCacheBytes is 0.
const DefaultMaxCacheBytes = 64 << 20

const (
	tempPrefix = ".tmp-"
	// maxPacks is how many packs may accumulate before Close merges them:
	// each warm build reads every pack, so their number is kept small.
	maxPacks = 8
	// staleTempAge is how old a temporary file must be before Close deletes
	// it: younger ones may belong to a build that is still writing.
	staleTempAge = time.Hour
)

// chromaVersion reports the chroma module version linked into this binary.
var chromaVersion = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return chromaVersionFallback
	}
	for _, dep := range info.Deps {
		if dep.Path == chromaModule {
			if dep.Replace != nil {
				dep = dep.Replace
			}
			return dep.Version + " " + dep.Sum
		}
	}
	return chromaVersionFallback
})

type cacheKey = cache.Key

// keyFor hashes everything that determines a highlighted block's HTML.
// Each field is length-prefixed so no two inputs share an encoding.
func keyFor(opts fenceOptions, code []byte) cacheKey {
	h := sha256.New()
	for _, field := range []string{markupVersion, chromaVersion(), opts.key(), opts.Lang} {
		fmt.Fprintf(h, "%d:%s;", len(field), field)
	}
	fmt.Fprintf(h, "%d:", len(code))
	h.Write(code)
	var k cacheKey
	h.Sum(k[:0])
	return k
}

// memoBlock is one highlighted block, as the memo keeps it.
type memoBlock struct {
	html   []byte
	failed bool // the lexer failed: html is the plain text (see Warnings)
}

// diskCache is a directory of pack files (see pack.go). A build reads every
// pack once, on its first lookup, into an in-memory index, so lookups never
// touch the disk; blocks it highlights are kept in memory and written by
// close as one new pack. Two builds sharing the directory each read the
// packs present when they start and each add their own pack: packs are
// renamed into place whole and never modified, so no locks are needed.
//
// close also bounds the directory: with more than maxPacks packs, or more
// than maxBytes in packs, it merges the entries this build used and then the
// most recently written others into one pack within maxBytes, and deletes
// the packs it read. Packs that appeared after it read the directory are
// left for a later build. Other files are left alone, except temporary files
// of interrupted builds (after staleTempAge) and the single-entry
// "<key>.hl" files of the previous layout of this cache, which no build reads
// any more and which close deletes.
type diskCache struct {
	dir      string
	maxBytes int64

	loadOnce sync.Once
	index    map[cacheKey]indexedEntry // immutable once loaded
	packs    []loadedPack              // every pack load examined, oldest first

	mu    sync.Mutex
	fresh map[cacheKey][]byte   // highlighted by this build, not yet on disk
	used  map[cacheKey]struct{} // served from the index to this build

	packsRead, packsWritten atomic.Int64
}

type indexedEntry struct {
	payload []byte
	pack    int // position in diskCache.packs
}

type loadedPack struct {
	name  string
	size  int64
	mtime time.Time
	err   error      // nil, errPackDamaged or errPackForeign
	keys  []cacheKey // in file order
}

func newDiskCache(dir string, maxBytes int64) *diskCache {
	return &diskCache{
		dir:      dir,
		maxBytes: maxBytes,
		fresh:    map[cacheKey][]byte{},
		used:     map[cacheKey]struct{}{},
	}
}

// load returns the cached payload, or nil when absent. The first call reads
// the packs; no call after it touches the disk.
func (c *diskCache) load(k cacheKey) []byte {
	c.loadOnce.Do(c.readPacks)
	e, ok := c.index[k]
	if !ok {
		return nil
	}
	c.mu.Lock()
	c.used[k] = struct{}{}
	c.mu.Unlock()
	return e.payload
}

// store remembers a block highlighted by this build for close to write.
func (c *diskCache) store(k cacheKey, payload []byte) {
	c.mu.Lock()
	c.fresh[k] = payload
	c.mu.Unlock()
}

// readPacks builds the index from every pack in the directory. Packs are
// read oldest first so a key found in several maps to the newest.
func (c *diskCache) readPacks() {
	c.index = map[cacheKey]indexedEntry{}
	listing, err := c.list()
	if err != nil {
		return
	}
	for _, f := range listing.packs {
		data, err := os.ReadFile(filepath.Join(c.dir, f.name))
		if err != nil {
			continue // deleted meanwhile by another build's compaction
		}
		c.packsRead.Add(1)
		entries, err := decodePack(data)
		pack := loadedPack{name: f.name, size: f.size, mtime: f.mtime, err: err}
		for _, e := range entries {
			pack.keys = append(pack.keys, e.key)
			c.index[e.key] = indexedEntry{payload: e.payload, pack: len(c.packs)}
		}
		c.packs = append(c.packs, pack)
	}
}

type cacheFile struct {
	name  string
	size  int64
	mtime time.Time
}

// dirListing is the files of the cache directory this package wrote.
type dirListing struct {
	packs  []cacheFile // oldest first
	temps  []cacheFile
	legacy []cacheFile
}

func (l dirListing) packBytes() int64 {
	var total int64
	for _, f := range l.packs {
		total += f.size
	}
	return total
}

func (c *diskCache) list() (dirListing, error) {
	dirEntries, err := os.ReadDir(c.dir)
	if err != nil {
		return dirListing{}, fmt.Errorf("highlight cache: %w", err)
	}
	var l dirListing
	for _, de := range dirEntries {
		info, err := de.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue // removed meanwhile by another build, or not ours
		}
		f := cacheFile{de.Name(), info.Size(), info.ModTime()}
		switch name := de.Name(); {
		case isPackName(name):
			l.packs = append(l.packs, f)
		case strings.HasPrefix(name, tempPrefix):
			l.temps = append(l.temps, f)
		case isLegacyEntryName(name):
			l.legacy = append(l.legacy, f)
		}
	}
	slices.SortFunc(l.packs, func(a, b cacheFile) int {
		return cmp.Or(a.mtime.Compare(b.mtime), cmp.Compare(a.name, b.name))
	})
	return l, nil
}

// close writes this build's new entries and bounds the directory.
func (c *diskCache) close() error {
	listing, err := c.list()
	if err != nil {
		return err
	}
	c.removeLeftovers(listing)
	fresh := c.takeFresh()
	if c.needsCompaction(listing, fresh) {
		return c.compact(fresh)
	}
	// Before writing: the new pack may have the same content, hence the
	// same name, as a damaged one.
	c.removeDamagedPacks()
	c.touchPacksThatServedHits()
	if len(fresh) > 0 {
		if _, err := c.writePack(fresh); err != nil {
			return err
		}
	}
	return nil
}

// removeLeftovers deletes temporary files of interrupted builds and entries
// of the previous single-file layout. Young temporary files may belong to a
// build that is still writing, so they stay.
func (c *diskCache) removeLeftovers(l dirListing) {
	for _, f := range l.temps {
		if time.Since(f.mtime) > staleTempAge {
			os.Remove(filepath.Join(c.dir, f.name))
		}
	}
	for _, f := range l.legacy {
		os.Remove(filepath.Join(c.dir, f.name))
	}
}

// takeFresh returns the entries highlighted since the last close, sorted by
// key so the same blocks always make the same pack.
func (c *diskCache) takeFresh() []packEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	entries := make([]packEntry, 0, len(c.fresh))
	for k, payload := range c.fresh {
		entries = append(entries, packEntry{k, payload})
	}
	clear(c.fresh)
	sortByKey(entries)
	return entries
}

func sortByKey(entries []packEntry) {
	slices.SortFunc(entries, func(a, b packEntry) int { return slices.Compare(a.key[:], b.key[:]) })
}

func packSize(entries []packEntry) int64 {
	size := packOverhead()
	for _, e := range entries {
		size += e.size()
	}
	return size
}

func (c *diskCache) needsCompaction(l dirListing, fresh []packEntry) bool {
	count, size := len(l.packs), l.packBytes()
	if len(fresh) > 0 {
		count++
		size += packSize(fresh)
	}
	return count > maxPacks || size > c.maxBytes
}

// compact replaces the packs this build read by one pack within maxBytes:
// the entries this build used first, then the others from the most recently
// written packs. The old packs are deleted only once the new one is in place.
func (c *diskCache) compact(fresh []packEntry) error {
	c.loadOnce.Do(c.readPacks)
	written := ""
	if merged := c.mergedEntries(fresh); len(merged) > 0 {
		var err error
		if written, err = c.writePack(merged); err != nil {
			return err
		}
	}
	for _, p := range c.packs {
		if p.name != written { // same name, same content: the new pack
			os.Remove(filepath.Join(c.dir, p.name))
		}
	}
	return nil
}

// mergedEntries lists the entries to keep, most recently used first, until
// the next one would not fit in maxBytes.
func (c *diskCache) mergedEntries(fresh []packEntry) []packEntry {
	budget := c.maxBytes - packOverhead()
	kept := map[cacheKey]bool{}
	var merged []packEntry
	add := func(e packEntry) bool {
		if kept[e.key] {
			return true
		}
		if e.size() > budget {
			return false
		}
		budget -= e.size()
		kept[e.key] = true
		merged = append(merged, e)
		return true
	}
	for _, e := range c.usedEntries(fresh) {
		if !add(e) {
			return merged
		}
	}
	for i := len(c.packs) - 1; i >= 0; i-- {
		for _, k := range c.packs[i].keys {
			if !add(packEntry{k, c.index[k].payload}) {
				return merged
			}
		}
	}
	return merged
}

// usedEntries is every entry this build rendered: the fresh ones and those
// served from the index, sorted by key.
func (c *diskCache) usedEntries(fresh []packEntry) []packEntry {
	c.mu.Lock()
	entries := slices.Clone(fresh)
	for k := range c.used {
		entries = append(entries, packEntry{k, c.index[k].payload})
	}
	c.mu.Unlock()
	sortByKey(entries)
	return entries
}

// writePack writes entries as a new pack through a temporary file renamed
// into place, and returns its name.
func (c *diskCache) writePack(entries []packEntry) (string, error) {
	encoded := encodePack(entries)
	name := packName(encoded)
	tmp, err := os.CreateTemp(c.dir, tempPrefix+"*")
	if err != nil {
		return "", fmt.Errorf("highlight cache: %w", err)
	}
	_, err = tmp.Write(encoded)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(c.dir, name))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("highlight cache: %w", err)
	}
	c.packsWritten.Add(1)
	return name, nil
}

// touchPacksThatServedHits refreshes the mtime of the packs this build read
// entries from, so compaction keeps recently used packs first.
func (c *diskCache) touchPacksThatServedHits() {
	c.mu.Lock()
	served := map[int]bool{}
	for k := range c.used {
		served[c.index[k].pack] = true
	}
	c.mu.Unlock()
	now := time.Now()
	for i := range served {
		_ = os.Chtimes(filepath.Join(c.dir, c.packs[i].name), now, now) // best effort
	}
}

// removeDamagedPacks deletes the packs this build found damaged. Packs of
// another version are intact and may serve another binary: compaction
// drops them.
func (c *diskCache) removeDamagedPacks() {
	for _, p := range c.packs {
		if p.err == errPackDamaged {
			os.Remove(filepath.Join(c.dir, p.name))
		}
	}
}
