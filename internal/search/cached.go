package search

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"

	"handbook/internal/cache"
	"handbook/internal/par"
	"handbook/internal/search/analyze"
	"handbook/internal/search/invert"
)

// An index build can start from the last one (BuildPages with a Cache):
// each page's record and each term's postings are kept (invert.Store), so
// that only the pages that changed are read again, and the chunk files
// of the groups whose sections did not change are kept as they are in
// the output. When the pages read again are few, each in its place with
// as many sections, and leave the site's average lengths (rounded) as
// they were, only their terms' postings change: the other terms' files
// are kept, and of a term whose postings stay as many, only the tiers
// where its changed postings were or are go (patch.go). Otherwise every
// posting is scored and written anew. The files are the same bytes as a
// build from scratch (tested).

// Page is one page's sections for BuildPages: Docs nil when the Cache
// given to BuildPages holds the page (Cache.Has).
type Page = invert.Page

// Input is what BuildPages indexes.
type Input struct {
	Pages []Page
	// Cache is the last build's (nil for none).
	Cache *Cache
	// Previous returns a file of the last build's index as it was
	// published (nil when it is not available): chunk files are made of
	// parts of them.
	Previous func(name string) []byte
	// Forget: no Cache for the next build is wanted (BuildPages returns
	// none), so the pages' analyses are not recorded.
	Forget bool
}

// Cache is what an index build keeps for the next one: the index's
// store, what its files were made of, and the layout of the chunk files.
type Cache struct {
	opts  Options
	store *invert.Store
	files *indexFiles // nil when the output may not hold the files
	// groups are the hashes (in their files' names) of the groups of
	// chunk files as the build wrote them, of the sections of layout.
	groups []string
	layout sectionLayout
}

// docRef names a section: the page's key and its place on the page.
type docRef struct {
	page cache.Key
	at   int
}

// ForgetFiles drops the layout of the last build's files, when the
// output they were written to may not hold them any more: the next build
// writes every file.
func (c *Cache) ForgetFiles() { c.groups, c.layout, c.files = nil, sectionLayout{}, nil }

// Has reports whether c holds the analysis of the page with this key.
func (c *Cache) Has(key cache.Key) bool {
	if c == nil {
		return false
	}
	_, ok := c.store.Sections(key)
	return ok
}

// ErrNeedDocs is returned by BuildPages when a page given without its
// sections must be read after all (a chunk file it needs could not be
// read back); the caller builds again with the sections of Keys.
type ErrNeedDocs struct{ Keys []cache.Key }

func (e *ErrNeedDocs) Error() string {
	return fmt.Sprintf("search: the sections of %d pages are needed", len(e.Keys))
}

// ReadAgain marks the pages e names Fresh in in (their sections read, not
// taken from the cache), for the caller's second BuildPages.
func (e *ErrNeedDocs) ReadAgain(in *Input) {
	for _, k := range e.Keys {
		for i := range in.Pages {
			if in.Pages[i].Key == k {
				in.Pages[i].Fresh = true
			}
		}
	}
}

// BuildPages builds the index of in.Pages. It returns the files to write
// and the names of the files of the last build that stay as they are
// (the caller keeps them, or writes in.Previous(name)), and the Cache for
// the next build.
func BuildPages(in Input, opts Options) (files map[string][]byte, kept []string, next *Cache, err error) {
	opts = opts.withDefaults()
	old := in.Cache
	if old != nil && (old.opts.layout() != opts.layout() || !old.opts.Analysis.Equal(opts.Analysis)) {
		old = nil
	}
	rules, err := opts.Analysis.Compile()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("search: %w", err)
	}
	var last *invert.Store
	if old != nil {
		last = old.store
	}
	counts := make([]int, len(in.Pages)) // each page's sections
	total := 0
	for i := range in.Pages {
		n, _, ok, _ := in.Pages[i].GivenAt(last, i)
		if !ok {
			return nil, nil, nil, &ErrNeedDocs{Keys: []cache.Key{in.Pages[i].Key}}
		}
		counts[i] = n
		total += n
	}
	if total >= maxDocs {
		return nil, nil, nil, fmt.Errorf("search: %d sections is more than the index supports", total)
	}
	emit := opts.Emit
	if emit == nil {
		emit, files = collect()
	}
	next = &Cache{opts: opts.layoutOnly()}
	var hashes []string
	var later []namedFile
	var seen func(first int32, docs []Doc)
	var sink *chunkSink
	if old == nil {
		// Every page's sections are read: their chunks are written as
		// the index reads them, and no page's are held longer.
		sink = newChunkSink(total, opts, emit)
		seen = sink.add
	} else {
		// The chunks first: they may find that the sections of a page
		// given without them are needed after all, and then nothing is
		// emitted (a build from the last one's holds its chunks until the
		// pages are read too).
		hashes, kept, later, err = writeChunksFrom(in.Pages, counts, total, opts, old, in.Previous, next)
		if err != nil {
			return nil, nil, nil, err
		}
	}
	a, damaged := invert.Pages(in.Pages, last, rules, !in.Forget, seen)
	if damaged != nil {
		return nil, nil, nil, &ErrNeedDocs{Keys: damaged}
	}
	par.For(len(later), func(i int) { emit(later[i].name, later[i].body) })
	if sink != nil {
		hashes = sink.finish()
		if len(hashes) == chunkGroups(total, opts.ChunkDocs) {
			next.groups, next.layout = hashes, pagesLayout(in.Pages, counts)
		}
	}
	var e *entry
	if old != nil && old.files != nil && in.Previous != nil {
		if ed, ok := a.Edit(total / 4); ok {
			var indexKept []string
			if e, indexKept, ok = patchIndex(ed, old, opts, in.Previous, emit, next); ok {
				kept = append(kept, indexKept...)
			}
		}
	}
	if e == nil {
		if keys := cachedKeys(in.Pages, last); len(keys) > 0 && !last.Readable() {
			// (found before any file of the index is written: see below)
			return nil, nil, nil, &ErrNeedDocs{Keys: keys}
		}
		ix := a.Index()
		e, next.files = writeIndex(ix, opts, emit, !in.Forget)
		if ix.Damaged() {
			// (the last build's store could not be read back)
			return nil, nil, nil, &ErrNeedDocs{Keys: cachedKeys(in.Pages, last)}
		}
		next.store = ix.Next()
	}
	e.Chunks = hashes
	writeEntry(emit, e)
	if in.Forget {
		return files, kept, nil, nil
	}
	return files, kept, next, nil
}

// cachedKeys are the keys of the pages taken from the last build's store
// (not given with their sections).
func cachedKeys(pages []Page, last *invert.Store) []cache.Key {
	var keys []cache.Key
	for i := range pages {
		if _, given, _, _ := pages[i].GivenAt(last, i); !given {
			keys = append(keys, pages[i].Key)
		}
	}
	return keys
}

// writeChunksFrom writes the chunk files of the sections of pages (each
// of counts[i] sections, total in all), in groups: a group whose chunks
// hold the same sections as the last build's is kept; another is written,
// each chunk from the last build's file when it holds the same sections,
// else from its sections (a fresh page's, or a cached page's taken from
// the last build's chunk that held it). The groups are made in parallel,
// and only those written are cut into their chunks' sections. It returns
// each group's hash and the names kept, and records the layout in next.
// The chunks are returned (later) for the caller to emit once nothing is
// missing.
func writeChunksFrom(pages []Page, counts []int, total int, opts Options, old *Cache, previous func(string) []byte, next *Cache) (hashes, kept []string, later []namedFile, err error) {
	cw := &chunkWriter{opts: opts, old: old, previous: previous, now: pagesLayout(pages, counts), pages: pages, fresh: make([]bool, len(pages))}
	for i := range pages {
		_, cw.fresh[i], _, _ = pages[i].GivenAt(old.store, i)
	}
	if len(old.groups) > 0 {
		cw.oldTotal = old.layout.total()
	}
	nChunks := (total + opts.ChunkDocs - 1) / opts.ChunkDocs
	groups := make([]chunkGroupOut, (nChunks+chunkGroup-1)/chunkGroup)
	par.For(len(groups), func(g int) { groups[g] = cw.group(g, nChunks) })
	var need []cache.Key
	hashes = make([]string, len(groups))
	kept = make([]string, 0, nChunks) // (most are kept)
	for g, out := range groups {
		hashes[g] = out.hash
		need = append(need, out.need...)
		for i, body := range out.bodies {
			later = append(later, namedFile{chunkName(g*chunkGroup+i, out.hash), body})
		}
		if out.kept {
			for c := g * chunkGroup; c < min((g+1)*chunkGroup, nChunks); c++ {
				kept = append(kept, chunkName(c, out.hash))
			}
		}
	}
	if need != nil {
		slices.SortFunc(need, func(a, b cache.Key) int { return bytes.Compare(a[:], b[:]) })
		return nil, nil, nil, &ErrNeedDocs{Keys: slices.Compact(need)}
	}
	next.groups, next.layout = hashes, cw.now
	return hashes, kept, later, nil
}

// chunkWriter makes the chunk files of a build from the last one's.
type chunkWriter struct {
	opts     Options
	now      sectionLayout // every section, in order
	pages    []Page
	fresh    []bool // the pages whose sections are read (not in the cache)
	old      *Cache
	oldTotal int // the sections of the last build's chunks (none: no chunks)
	previous func(string) []byte

	whereOnce sync.Once
	where     map[docRef][2]int // a section's old chunk and place in it
}

// chunkGroupOut is one group of chunk files as made: kept as the last
// build wrote it, or written (bodies), or missing some pages' sections.
type chunkGroupOut struct {
	hash   string
	kept   bool
	bodies [][]byte
	need   []cache.Key
}

// sameRun reports whether chunks [lo, hi) hold the same sections as the
// last build's chunks [lo, hi).
func (cw *chunkWriter) sameRun(lo, hi int) bool {
	from := lo * cw.opts.ChunkDocs
	to := min(hi*cw.opts.ChunkDocs, cw.now.total())
	return to == min(hi*cw.opts.ChunkDocs, cw.oldTotal) && sameSections(cw.now, cw.old.layout, from, to)
}

// chunk is chunk c's sections in layout l of total sections.
func (cw *chunkWriter) chunk(l sectionLayout, total, c int) []docRef {
	return l.refs(c*cw.opts.ChunkDocs, min((c+1)*cw.opts.ChunkDocs, total))
}

// oldName is the name of the last build's chunk c.
func (cw *chunkWriter) oldName(c int) string {
	return chunkName(c, cw.old.groups[c/chunkGroup])
}

// group makes group g of the nChunks chunks.
func (cw *chunkWriter) group(g, nChunks int) chunkGroupOut {
	lo, hi := g*chunkGroup, min((g+1)*chunkGroup, nChunks)
	var out chunkGroupOut
	if g < len(cw.old.groups) && cw.sameRun(lo, hi) {
		out.hash, out.kept = cw.old.groups[g], true
		return out
	}
	gs := &groupState{split: map[int][][]byte{}, oldChunks: map[int][]docRef{}, loaded: map[*Page][]Doc{}}
	out.bodies = make([][]byte, hi-lo)
	for c := lo; c < hi; c++ {
		if c/chunkGroup < len(cw.old.groups) && cw.previous != nil && cw.sameRun(c, c+1) {
			if b := cw.previous(cw.oldName(c)); b != nil {
				out.bodies[c-lo] = b
				continue
			}
		}
		out.bodies[c-lo] = cw.chunkFile(c, gs, &out.need)
	}
	out.hash = groupHash(out.bodies)
	return out
}

// groupState is what the making of a group's chunks reads once: the last
// build's chunk files cut into their sections' entries, and their
// sections, and the pages' sections read.
type groupState struct {
	split     map[int][][]byte // old chunk → its sections' entries
	oldChunks map[int][]docRef // and its sections
	loaded    map[*Page][]Doc
}

// section is section ref, read from its page, or nil when it cannot be.
func (cw *chunkWriter) section(ref docRef, page int, gs *groupState) *Doc {
	p := &cw.pages[page]
	docs := p.Docs
	if docs == nil && p.Load != nil {
		var ok bool
		if docs, ok = gs.loaded[p]; !ok {
			docs = p.Load()
			gs.loaded[p] = docs
		}
	}
	if ref.at >= len(docs) {
		return nil
	}
	return &docs[ref.at]
}

// chunkFile makes the file of chunk c, adding to need the pages whose
// sections it lacks. A cached page's section is taken from the last
// build's chunk that held it, or else read from the page.
func (cw *chunkWriter) chunkFile(c int, gs *groupState, need *[]cache.Key) []byte {
	docs := cw.chunk(cw.now, cw.now.total(), c)
	parts := make([][]byte, len(docs)) // the cached sections' entries
	secs := make([]*Doc, len(docs))    // and the others
	size := 2
	for i, ref := range docs {
		page := cw.now.pageAt(c*cw.opts.ChunkDocs + i)
		if !cw.fresh[page] {
			parts[i] = cw.oldPart(ref, c, gs)
		}
		if parts[i] != nil {
			size += len(parts[i]) + 1
			continue
		}
		if secs[i] = cw.section(ref, page, gs); secs[i] == nil {
			*need = append(*need, ref.page)
			continue
		}
		size += chunkDocSize(secs[i], cw.opts.MaxTextBytes)
	}
	b := make([]byte, 0, size+size/16)
	b = append(b, '[')
	for i := range docs {
		if i > 0 {
			b = append(b, ',')
		}
		if parts[i] != nil {
			b = append(b, parts[i]...)
		} else if secs[i] != nil {
			b = appendChunkDoc(b, secs[i], cw.opts.MaxTextBytes)
		}
	}
	return append(b, ']')
}

type namedFile struct {
	name string
	body []byte
}

// oldPart is the entry of section ref (now in chunk c) in the last
// build's chunk file that held it, or nil.
func (cw *chunkWriter) oldPart(ref docRef, c int, gs *groupState) []byte {
	if cw.previous == nil || cw.oldTotal == 0 {
		return nil
	}
	at, ok := cw.near(ref, c, gs)
	if !ok {
		cw.whereOnce.Do(func() {
			cw.where = map[docRef][2]int{}
			for s, r := range cw.old.layout.refs(0, cw.oldTotal) {
				cw.where[r] = [2]int{s / cw.opts.ChunkDocs, s % cw.opts.ChunkDocs}
			}
		})
		if at, ok = cw.where[ref]; !ok {
			return nil
		}
	}
	parts, ok := gs.split[at[0]]
	if !ok {
		parts = splitChunk(cw.previous(cw.oldName(at[0])))
		gs.split[at[0]] = parts
	}
	if at[1] >= len(parts) {
		return nil
	}
	return parts[at[1]]
}

// near finds section ref in the last build's chunk c or its neighbours,
// where it is after an edit that moved few sections (without making the
// map of every section's place).
func (cw *chunkWriter) near(ref docRef, c int, gs *groupState) ([2]int, bool) {
	oldChunks := (cw.oldTotal + cw.opts.ChunkDocs - 1) / cw.opts.ChunkDocs
	for _, o := range [3]int{c, c - 1, c + 1} {
		if o < 0 || o >= oldChunks {
			continue
		}
		refs, ok := gs.oldChunks[o]
		if !ok {
			refs = cw.chunk(cw.old.layout, cw.oldTotal, o)
			gs.oldChunks[o] = refs
		}
		if i := slices.Index(refs, ref); i >= 0 {
			return [2]int{o, i}, true
		}
	}
	return [2]int{}, false
}

// splitChunk cuts a chunk file (a JSON array of arrays) into its entries;
// nil when it is not one.
func splitChunk(b []byte) [][]byte {
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return nil
	}
	var parts [][]byte
	depth, start, inString := 0, -1, false
	for i := 1; i < len(b)-1; i++ {
		c := b[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[':
			if depth == 0 {
				start = i
			}
			depth++
		case ']':
			depth--
			if depth == 0 && start >= 0 {
				parts = append(parts, b[start:i+1])
				start = -1
			}
			if depth < 0 {
				return nil
			}
		}
	}
	if depth != 0 || inString {
		return nil
	}
	return parts
}

// The cache on disk: its manifest, a header (magic, version, options),
// the index's store (its postings' parts named by where they are in the
// store's segment files: see invert.Store.SegmentFiles), what its files
// were made of (when known), the chunk groups; and the segment files.
const (
	cacheMagic   = "hb-search"
	cacheVersion = 5
)

// WriteSegments gives put the segment files of the cache that are not
// the last build's (each once, by name: the name is a hash of its bytes)
// and returns the names of all of them, before WriteTo writes the
// manifest, which names them.
func (c *Cache) WriteSegments(put func(name string, body []byte) error) ([]string, error) {
	names, err := c.store.SegmentFiles(put)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, n := range names {
		if n != "" {
			out = append(out, n)
		}
	}
	return out, nil
}

// Encode is the cache's manifest and its segment files (by name), made
// in memory.
func (c *Cache) Encode() (manifest []byte, segments map[string][]byte) {
	segments = map[string][]byte{}
	if _, err := c.WriteSegments(func(name string, body []byte) error {
		segments[name] = body
		return nil
	}); err != nil {
		return nil, nil
	}
	var b bytes.Buffer
	c.WriteTo(&b)
	return b.Bytes(), segments
}

// WriteTo writes the cache's manifest to w (once WriteSegments has laid
// out its segment files).
func (c *Cache) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	e := cache.NewStream(cw)
	e.B = append(e.B, cacheMagic...)
	e.Uint(cacheVersion)
	for _, v := range []int{c.opts.FirstTier, c.opts.ShardBytes, c.opts.ChunkDocs, c.opts.MaxTextBytes} {
		e.Uint(uint64(v))
	}
	e.Str(c.opts.Analysis.Separator)
	e.Strs(c.opts.Analysis.Lang)
	c.store.Encode(e)
	e.Bool(c.files != nil)
	if c.files != nil {
		c.files.encode(e)
	}
	// The chunk groups' sections are the store's pages' in order (see
	// storeLayout): only their hashes are written. (Groups laid out
	// otherwise are not kept: the next build writes its chunks anew.)
	groups := c.groups
	if !c.groupsOfStore() {
		groups = nil
	}
	e.Strs(groups)
	err := e.Close()
	return cw.n, err
}

// encode writes the files' records.
func (f *indexFiles) encode(e *cache.Stream) {
	e.Uint(uint64(len(f.levels)))
	for _, lc := range f.levels {
		e.Str(lc.level)
		e.Uint(uint64(lc.docs))
	}
	encodeMaskRuns(e, f.masks)
	e.Uint(uint64(len(f.terms)))
	for i := range f.terms {
		tf := &f.terms[i]
		e.Uint(uint64(tf.df))
		e.Bytes(tf.first)
		e.Strs(tf.deeper)
		e.Uint(uint64(len(tf.lows)))
		for _, low := range tf.lows {
			e.Uint(uint64(low.doc))
			e.Uint(uint64(low.imp))
		}
		e.Spill()
	}
	for _, runs := range [][]termRun{f.shards, f.vocab} {
		e.Uint(uint64(len(runs)))
		for _, r := range runs {
			e.Str(r.key)
			e.Str(r.hash)
			e.Uint(uint64(r.lo))
			e.Uint(uint64(r.hi))
		}
	}
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// errCache is a cache that cannot be read.
var errCache = errors.New("search: damaged cache")

// DecodeCache reads a cache's manifest written by WriteTo (which keeps
// sharing b); open reads its segment files by name, each when first used
// (and checked then: a segment file missing or damaged is found as
// damaged postings, and the build reads every page again).
func DecodeCache(b []byte, open func(name string) ([]byte, bool)) (*Cache, error) {
	body, ok := cache.Checked(b)
	if !ok {
		return nil, errCache
	}
	return decodeCache(body, open)
}

func decodeCache(b []byte, open func(name string) ([]byte, bool)) (*Cache, error) {
	rest, ok := bytes.CutPrefix(b, []byte(cacheMagic))
	if !ok {
		return nil, errCache
	}
	d := cache.NewDec(rest)
	if d.Uint() != cacheVersion {
		return nil, errCache
	}
	c := &Cache{}
	c.opts = Options{FirstTier: int(d.Uint()), ShardBytes: int(d.Uint()), ChunkDocs: int(d.Uint()), MaxTextBytes: int(d.Uint())}
	c.opts.Analysis = analyze.Config{Separator: d.Str(), Lang: d.Strs()}
	store, err := invert.DecodeStore(d, open)
	if err != nil {
		return nil, errCache
	}
	c.store = store
	if d.Bool() {
		if c.files, err = decodeFiles(d, store, c.opts.withDefaults().FirstTier); err != nil {
			return nil, errCache
		}
	}
	if hashes := d.Strs(); len(hashes) > 0 {
		if c.opts.ChunkDocs <= 0 || len(hashes) != chunkGroups(store.Docs(), c.opts.ChunkDocs) {
			return nil, errCache
		}
		c.groups, c.layout = hashes, storeLayout(store)
	}
	if !d.Done() {
		return nil, errCache
	}
	return c, nil
}

// decodeFiles reads the files' records of the store's terms.
func decodeFiles(d *cache.Dec, store *invert.Store, firstTier int) (*indexFiles, error) {
	f := &indexFiles{}
	f.levels = make([]levelCount, d.Len(2))
	for i := range f.levels {
		f.levels[i] = levelCount{d.Str(), int(min(d.Uint(), uint64(store.Docs())))}
	}
	var ok bool
	if f.masks, ok = decodeMaskRuns(d, store.Docs()); !ok {
		return nil, errCache
	}
	n := d.Len(4)
	if n != len(store.Terms) {
		return nil, errCache
	}
	f.terms = make([]termFiles, n)
	for i := range f.terms {
		tf := &f.terms[i]
		tf.df = int(min(d.Uint(), uint64(store.Docs())))
		tf.first, tf.deeper = d.Bytes(), d.Strs()
		sizes := tierSizes(tf.df, firstTier)
		if tf.df != store.Postings[i].N || len(tf.deeper) != len(sizes)-1 || d.Uint() != uint64(len(sizes)) {
			return nil, errCache
		}
		tf.lows = make([]member, len(sizes))
		for t := range tf.lows {
			tf.lows[t] = member{int32(min(d.Uint(), math.MaxInt32)), int32(min(d.Uint(), math.MaxInt32))}
		}
	}
	for _, runs := range []*[]termRun{&f.shards, &f.vocab} {
		*runs = make([]termRun, d.Len(4))
		for i := range *runs {
			r := termRun{key: d.Str(), hash: d.Str(), lo: int(min(d.Uint(), uint64(n))), hi: int(min(d.Uint(), uint64(n)))}
			if r.lo >= r.hi {
				return nil, errCache
			}
			(*runs)[i] = r
		}
	}
	if d.Err() != nil {
		return nil, errCache
	}
	return f, nil
}

// encodeMaskRuns writes the sections' level masks as runs of one mask
// (a page's sections, and most often many pages, share theirs): a few
// bytes for a large site's rather than four a section.
func encodeMaskRuns(e *cache.Stream, masks []uint32) {
	var runs int
	for i := range masks {
		if i == 0 || masks[i] != masks[i-1] {
			runs++
		}
	}
	e.Uint(uint64(runs))
	for i := 0; i < len(masks); {
		j := i + 1
		for j < len(masks) && masks[j] == masks[i] {
			j++
		}
		e.Uint(uint64(masks[i]))
		e.Uint(uint64(j - i))
		e.Spill()
		i = j
	}
}

// decodeMaskRuns reads the masks of docs sections encodeMaskRuns wrote;
// false when they are not as many.
func decodeMaskRuns(d *cache.Dec, docs int) ([]uint32, bool) {
	masks := make([]uint32, 0, docs)
	for range d.Len(2) {
		m, n := d.Uint(), d.Uint()
		if m > math.MaxUint32 || n == 0 || n > uint64(docs-len(masks)) {
			return nil, false
		}
		for range n {
			masks = append(masks, uint32(m))
		}
	}
	return masks, len(masks) == docs && d.Err() == nil
}

// groupsOfStore reports whether the chunk groups are those of the
// store's pages' sections in order, as storeLayout lays them out.
func (c *Cache) groupsOfStore() bool {
	if len(c.groups) == 0 {
		return c.store.Docs() == 0
	}
	return len(c.groups) == chunkGroups(c.store.Docs(), c.opts.ChunkDocs) && sameLayout(c.layout, storeLayout(c.store))
}
