package buildstate

import (
	"errors"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"handbook/internal/cache"
	"handbook/internal/offline"
	"handbook/internal/search"
	"handbook/internal/site"
)

// Cache carries work from one build of a site to the next: in memory
// between serve's builds, or read from the state the last CLI build into
// the same output folder saved (Open, Save). Pages whose file did not
// change are not read again, pages whose conversion inputs did not change
// are not converted again, and files whose every input is the same are
// not made again. Every reuse is keyed by a hash of all the inputs of
// that step (see package cache), so a cached build writes the same bytes
// as a clean one (tested). Its methods are safe on a nil Cache, which
// keeps nothing.
type Cache struct {
	Load site.LoadCache

	conversions cache.Store[Conversion] // by page source path
	rendered    cache.Store[[]byte]     // each page's HTML, by output path
	icons       offline.Drawn

	mu        sync.Mutex
	structure string // the StructureKey of the last build's site
	index     index
	hashes    offline.Hashes // of the last build's files, for the service worker's version

	// disk is set for a Cache read from and saved to disk between builds:
	// what it holds then comes from the last build into the same output
	// folder.
	disk *disk
}

// index is the last search index built; serve may publish it while a
// newer one is built, so it is kept with its key rather than looked up by
// it.
type index struct {
	key   cache.Key
	files map[string][]byte
}

// disk is what a Cache read from disk adds.
type disk struct {
	// kept maps each file of the output folder to the key it was made from
	// (empty when the folder is not as the saved state says).
	kept map[string]cache.Key

	mu   sync.Mutex
	keys map[string]cache.Key // this build's files and their keys

	// search is the last build's search index cache, set (or left nil)
	// once searchRead is closed: it is decoded while the build goes on
	// (only the search index reads it); nextSearch is this build's, to
	// save.
	search, nextSearch *search.Cache
	searchRead         chan struct{}

	// last is the state read (nil when none): its pages with their
	// summaries, and the log their conversions are in; sameOutput, that
	// the output folder is as it left it.
	last       *State
	sameOutput bool
	predecode  sync.Once
	filled     sync.Once // (see fill)
	isFilled   atomic.Bool
}

// Conversions are the pages' conversions, by source path.
func (c *Cache) Conversions() *cache.Store[Conversion] {
	if c == nil {
		return nil
	}
	c.fill()
	return &c.conversions
}

// Rendered are the pages' HTML, by output path (nil on disk: there the
// output folder holds them, see Kept).
func (c *Cache) Rendered() *cache.Store[[]byte] {
	if c == nil || c.disk != nil {
		return nil
	}
	return &c.rendered
}

// DrawnIcons are the app icons earlier builds drew.
func (c *Cache) DrawnIcons() *offline.Drawn {
	if c == nil {
		return nil
	}
	return &c.icons
}

// SameStructure reports whether the last build's site had this structure
// (StructureKey), and records it as this build's.
func (c *Cache) SameStructure(structure string) bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	same := c.structure == structure
	c.structure = structure
	return same
}

// Digest is the digest of a build's files (see offline.DigestFiles),
// hashing only those that are not the same as in the last build.
func (c *Cache) Digest(files map[string][]byte) *offline.Digest {
	if c == nil {
		d, _ := offline.DigestFiles(files, nil)
		return d
	}
	c.mu.Lock()
	last := c.hashes
	c.mu.Unlock()
	d, next := offline.DigestFiles(files, last)
	c.mu.Lock()
	c.hashes = next
	c.mu.Unlock()
	return d
}

// LastIndex is the last search index kept (KeepIndex) and its key (files
// nil when none).
func (c *Cache) LastIndex() (cache.Key, map[string][]byte) {
	if c == nil {
		return cache.Key{}, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.index.key, c.index.files
}

// KeepIndex keeps a search index, made from documents with this key.
func (c *Cache) KeepIndex(key cache.Key, files map[string][]byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.index = index{key, files}
	c.mu.Unlock()
}

// OnDisk reports whether the Cache was read from the state on disk (Open),
// to be saved for the next build (Save).
func (c *Cache) OnDisk() bool { return c != nil && c.disk != nil }

// Kept reports whether the last build's file at name, in the output
// folder, was made from key (on disk only).
func (c *Cache) Kept(name string, key cache.Key) bool {
	if !c.OnDisk() {
		return false
	}
	k, ok := c.disk.kept[name]
	return ok && k == key
}

// Record notes the key an output file of this build was made from (on
// disk only: the next build's Kept).
func (c *Cache) Record(name string, key cache.Key) {
	if !c.OnDisk() {
		return
	}
	c.disk.mu.Lock()
	c.disk.keys[name] = key
	c.disk.mu.Unlock()
}

// RecordAll is Record of each of names with the key at its place in keys.
func (c *Cache) RecordAll(names []string, keys []cache.Key) {
	if !c.OnDisk() {
		return
	}
	c.disk.mu.Lock()
	for i, name := range names {
		c.disk.keys[name] = keys[i]
	}
	c.disk.mu.Unlock()
}

// SearchCache is the search index's cache the last build saved (nil when
// none), and SetSearchCache sets this build's, to save.
func (c *Cache) SearchCache() *search.Cache {
	if !c.OnDisk() {
		return nil
	}
	<-c.disk.searchRead
	return c.disk.search
}

// SetSearchCache sets the search index's cache of this build, to save.
func (c *Cache) SetSearchCache(sc *search.Cache) {
	if c.OnDisk() {
		c.disk.nextSearch = sc
	}
}

// Open fills an empty Cache with the state saved in file by a build whose
// settings had this key; a missing, damaged or foreign state leaves it
// empty, but saved by Save. prevState names the state the output folder
// was left with: the keys of the output files are trusted only when it
// is this one. contentDir is the folder the pages are read from.
func (c *Cache) Open(file string, key cache.Key, prevState, contentDir string) {
	c.disk = &disk{kept: map[string]cache.Key{}, keys: map[string]cache.Key{}, searchRead: make(chan struct{})}
	st, ok := Read(file, key)
	if !ok {
		close(c.disk.searchRead)
		return
	}
	sameOutput := st.ID == prevState && st.ID != ""
	go func() {
		defer close(c.disk.searchRead)
		if st.Search == nil {
			return
		}
		if sc, err := decodeSearch(st.Search, SegmentDir(file)); err == nil {
			if !sameOutput {
				sc.ForgetFiles() // the output folder may not hold them
			}
			c.disk.search = sc
		}
	}()
	srcs, raws := st.LoadRaws()
	c.Load.RestoreRaw(contentDir, srcs, raws, LoadRecord)
	c.structure = st.Structure
	c.disk.last, c.disk.sameOutput = st, sameOutput
	if sameOutput {
		c.disk.kept = st.Outputs
		// This build records a key for about as many files (grown one
		// by one, the map of a large site is rebuilt a dozen times).
		c.disk.keys = make(map[string]cache.Key, len(st.Outputs))
	}
}

// decodeSearch decodes the search index's cache, which is the file
// mapped (Read): a file cut short by another program while it is
// checked and decoded (the first reading of all its bytes) is a damaged
// cache, not a crash.
func decodeSearch(b []byte, segments string) (sc *search.Cache, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, fault := r.(interface{ Addr() uintptr }); !fault {
				panic(r)
			}
			sc, err = nil, errSearchFault
		}
	}()
	return search.DecodeCache(b, func(name string) ([]byte, bool) {
		// (mapped as long as the process runs: the cache shares its bytes)
		b, _ := mapFile(filepath.Join(segments, name))
		return b, b != nil
	})
}

var errSearchFault = errors.New("the search index's cache could not be read")

// fill puts the state read's conversions in the store, once (a build
// that redoes few pages from the state never looks them up).
func (c *Cache) fill() {
	if !c.OnDisk() || c.disk.last == nil {
		return
	}
	c.disk.filled.Do(func() {
		for _, p := range c.disk.last.Pages {
			c.conversions.Put(p.Src, p.Key, p.Conv)
		}
		c.disk.isFilled.Store(true)
	})
}

// Predecode reads the last state's conversions and decodes them in the
// background, for a build that is to use most of them (see
// State.Predecode); once.
func (c *Cache) Predecode() {
	if c.OnDisk() && c.disk.last != nil {
		c.disk.predecode.Do(c.disk.last.Predecode)
	}
}

// LastStructure is the structure of the last build's site (see
// StructureKey).
func (c *Cache) LastStructure() string {
	if c == nil {
		return ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.structure
}

// LastLoad is the last build's parse of the file at src (content-relative),
// as the state read holds it.
func (c *Cache) LastLoad(src string) (site.LoadRecord, bool) {
	if !c.OnDisk() || c.disk.last == nil {
		return site.LoadRecord{}, false
	}
	return c.disk.last.Load(src)
}

// KeptKey is the key the file of the output folder at name was made from
// (on disk only; false when the folder is not as the state read says, or
// the state has no key for it).
func (c *Cache) KeptKey(name string) (cache.Key, bool) {
	if !c.OnDisk() {
		return cache.Key{}, false
	}
	k, ok := c.disk.kept[name]
	return k, ok
}

// LastPages are the pages of the state read, with their summaries, when
// the output folder is as that state left it (nil otherwise).
func (c *Cache) LastPages() []Page {
	if !c.OnDisk() || c.disk.last == nil || !c.disk.sameOutput {
		return nil
	}
	return c.disk.last.Pages
}

// Save writes the state of this build, each page's conversion as pages
// gives it, to file (see Write) and returns its name.
func (c *Cache) Save(file string, key cache.Key, pages []Page, withHTML bool, contentDir string) (string, error) {
	id := NewID()
	if err := c.SaveID(file, key, id, pages, withHTML, contentDir); err != nil {
		return "", err
	}
	return id, nil
}

// SaveID is Save of a state whose ID was chosen before (see WriteID).
func (c *Cache) SaveID(file string, key cache.Key, id string, pages []Page, withHTML bool, contentDir string) error {
	s := c.saving(pages, withHTML, contentDir)
	s.Outputs, s.Search = c.rest()
	return WriteID(file, key, id, s)
}

// SaveEarly starts saving the state as SaveID does while the build is
// still making its files: the pages' conversions (final once they are
// converted) are written at once, the rest (the parses, the pages'
// summaries, the keys of the files written and the search index's cache)
// once the build has made them all and calls finish with true and what
// gives the pages' summaries (called as the state is written). pages
// gives the pages, and is called as the saving starts (a large site's
// take a while to gather: the build goes on meanwhile). finish (false,
// nil) abandons the state. saved is closed once the state is saved or has
// failed to be.
func (c *Cache) SaveEarly(file string, key cache.Key, id string, pages func() []Page, withHTML bool, contentDir string) (finish func(ok bool, sums func() []Summary), saved <-chan struct{}) {
	type finished struct {
		ok   bool
		sums func() []Summary
	}
	done := make(chan finished, 1)
	saving := make(chan struct{})
	go func() {
		defer close(saving)
		s := c.saving(pages(), withHTML, contentDir)
		s.Rest = func() (map[string]cache.Key, SearchCache, []Summary, bool) {
			f := <-done
			if !f.ok {
				return nil, nil, nil, false
			}
			outputs, search := c.rest()
			return outputs, search, f.sums(), true
		}
		_ = WriteID(file, key, id, s) // (a state not saved is not found by its name)
	}()
	return func(ok bool, sums func() []Summary) { done <- finished{ok, sums} }, saving
}

// saving is what a state saved now holds up to its outputs: the site's
// structure, each file's parse, and each page's conversion as pages
// gives it (saved as read when it is the one read).
func (c *Cache) saving(pages []Page, withHTML bool, contentDir string) Saving {
	// While no build has looked up or put a conversion in the store, the
	// page at the same place in the state read is the one it would give:
	// the store is then not filled (from every page of that state) for it.
	var last []Page
	if c.disk.last != nil && !c.disk.isFilled.Load() {
		last = c.disk.last.Pages
	}
	for i := range pages {
		if pages[i].Conv.rec != nil {
			continue // (as read)
		}
		var read Conversion
		if i < len(last) && last[i].Src == pages[i].Src {
			if last[i].Key == pages[i].Key {
				read = last[i].Conv
			}
		} else {
			read, _ = c.Conversions().Get(pages[i].Src, pages[i].Key)
		}
		pages[i].Conv = pages[i].Conv.saved(read)
	}
	c.mu.Lock()
	structure := c.structure
	c.mu.Unlock()
	s := Saving{Structure: structure, Loads: c.Load.Records(contentDir), Pages: pages, WithHTML: withHTML}
	if c.disk.last != nil {
		s.log = c.disk.last.log
	}
	return s
}

// rest is the rest of a state saved now: the keys of this build's files
// and its search index's cache.
func (c *Cache) rest() (map[string]cache.Key, SearchCache) {
	var search SearchCache
	if c.disk.nextSearch != nil {
		search = c.disk.nextSearch
	}
	c.disk.mu.Lock()
	defer c.disk.mu.Unlock()
	return c.disk.keys, search
}
