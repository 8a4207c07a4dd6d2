package search

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"

	"handbook/internal/cache"
)

// An index build can start from the last one (BuildPages with a Cache):
// each page's analysis (its sections' terms with their counts and
// positions) is kept, so that only the pages that changed are read again,
// and the chunk files of the groups whose sections did not change are
// kept as they are in the output. The terms' postings are always scored
// and written anew: their impacts depend on the whole corpus. The files
// are the same bytes as a build from scratch (tested).

// Page is one page's sections for BuildPages.
type Page struct {
	// Key identifies the page's sections: equal keys, equal sections.
	Key cache.Key
	// Docs are the sections, in order; nil when the Cache given to
	// BuildPages holds the page (Cache.Has).
	Docs []Doc
}

// Input is what BuildPages indexes.
type Input struct {
	Pages []Page
	// Cache is the last build's (nil for none).
	Cache *Cache
	// Previous returns a file of the last build's index as it was
	// published (nil when it is not available): chunk files are made of
	// parts of them.
	Previous func(name string) []byte
}

// Cache is what an index build keeps for the next one: each page's
// analysis and the layout of the chunk files.
type Cache struct {
	opts   Options
	pages  map[cache.Key]*pageEntry
	groups []groupRecord
	// The words of the analyses: each folded word (a piece) and the term
	// it is a form of. Pages name their words by index.
	pieces    []string
	pieceTerm []int32
	terms     []string
	pieceIDs  map[string]int32 // made when pieces are added
	termIDs   map[string]int32
}

// pageEntry is a page's analysis, encoded (see recorder and replay): its
// words (head: a piece index of the cache's per term of the page, its best
// form on the page) and its sections (body).
type pageEntry struct {
	key        cache.Key
	docs       int
	head, body []byte
	// A fresh analysis names its words by the recording worker's piece ids
	// until the cache adopts them (see adopt).
	worker *worker
	local  []int32
}

// groupRecord is a group of chunk files as the last build wrote it: its
// hash (in its files' names) and each chunk's sections.
type groupRecord struct {
	hash   string
	chunks [][]docRef
}

// docRef names a section: the page's key and its place on the page.
type docRef struct {
	page cache.Key
	at   int
}

// ForgetFiles drops the layout of the last build's chunk files, when the
// output they were written to may not hold them any more: the next build
// writes every chunk file.
func (c *Cache) ForgetFiles() { c.groups = nil }

// Has reports whether c holds the analysis of the page with this key.
func (c *Cache) Has(key cache.Key) bool {
	if c == nil {
		return false
	}
	_, ok := c.pages[key]
	return ok
}

// ErrNeedDocs is returned by BuildPages when a page given without its
// sections must be read after all (a chunk file it needs could not be
// read back); the caller builds again with the sections of Keys.
type ErrNeedDocs struct{ Keys []cache.Key }

func (e *ErrNeedDocs) Error() string {
	return fmt.Sprintf("search: the sections of %d pages are needed", len(e.Keys))
}

// BuildPages builds the index of in.Pages. It returns the files to write
// and the names of the files of the last build that stay as they are
// (the caller keeps them, or writes in.Previous(name)), and the Cache for
// the next build.
func BuildPages(in Input, opts Options) (files map[string][]byte, kept []string, next *Cache, err error) {
	opts = opts.withDefaults()
	old := in.Cache
	if old != nil && (old.opts.layout() != opts.layout() || !old.opts.sameAnalysis(opts)) {
		old = nil
	}
	rules, err := opts.Analysis.compile()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("search: %w", err)
	}
	units := make([]unit, len(in.Pages))
	total := 0
	for i, p := range in.Pages {
		u := unit{first: int32(total), page: &in.Pages[i]}
		if p.Docs != nil {
			u.n = len(p.Docs)
		} else {
			e, ok := old.entry(p.Key)
			if !ok {
				return nil, nil, nil, &ErrNeedDocs{Keys: []cache.Key{p.Key}}
			}
			u.cached, u.n = e, e.docs
		}
		units[i] = u
		total += u.n
	}
	if total >= maxDocs {
		return nil, nil, nil, fmt.Errorf("search: %d sections is more than the index supports", total)
	}
	emit := opts.Emit
	if emit == nil {
		emit, files = collect()
	}
	// The chunks first: they may find that the sections of a page given
	// without them are needed after all, and then nothing is emitted (a
	// build from the last one's holds its chunks until the analyses are
	// read back too).
	next = &Cache{opts: opts.layoutOnly()}
	hashes, kept, later, err := writeChunksFrom(units, total, opts, old, in.Previous, emit, next)
	if err != nil {
		return nil, nil, nil, err
	}
	ix, levels := invertUnits(units, total, true, old, rules)
	var damaged []cache.Key
	for _, u := range units {
		if u.damaged {
			damaged = append(damaged, u.page.Key)
		}
	}
	if damaged != nil {
		return nil, nil, nil, &ErrNeedDocs{Keys: damaged}
	}
	for _, f := range later {
		emit(f.name, f.body)
	}
	e := writeIndex(ix, levels, opts, emit)
	next.pages = make(map[cache.Key]*pageEntry, len(units))
	if old != nil {
		next.pieces, next.pieceTerm, next.terms = old.pieces, old.pieceTerm, old.terms
		next.pieceIDs, next.termIDs = old.pieceIDs, old.termIDs
	}
	next.adopt(units)
	for _, u := range units {
		next.pages[u.page.Key] = u.entry()
	}
	e.Chunks = hashes
	writeEntry(emit, e)
	return files, kept, next, nil
}

func (c *Cache) entry(key cache.Key) (*pageEntry, bool) {
	if c == nil {
		return nil, false
	}
	e, ok := c.pages[key]
	return e, ok
}

// unit is a page as invert sees it: fresh sections to analyse (and record),
// or a cached analysis to replay.
type unit struct {
	page   *Page
	first  int32 // the number of its first section
	n      int
	cached *pageEntry
	rec    *pageEntry // the fresh analysis, once recorded
	// damaged: the cached analysis could not be read.
	damaged bool
}

func (u *unit) entry() *pageEntry {
	if u.cached != nil {
		return u.cached
	}
	return u.rec
}

// invertUnits is invert over pages: each worker takes a run of whole pages
// (about as many sections each), analysing the fresh ones, recording
// their analysis, and replaying the cached ones. It returns the index and
// each section's levels.
func invertUnits(units []unit, total int, record bool, c *Cache, rules *wordRules) (*index, [][]string) {
	nw := min(runtime.GOMAXPROCS(0), 16, max(1, total/256), max(1, len(units)))
	bounds := make([]int, nw+1) // worker i takes units[bounds[i]:bounds[i+1]]
	for i, u := 1, 0; i < nw; i++ {
		for u < len(units) && int(units[u].first) < total*i/nw {
			u++
		}
		bounds[i] = u
	}
	bounds[nw] = len(units)
	levels := make([][]string, total)
	workers := make([]*worker, nw)
	var wg sync.WaitGroup
	for i := range workers {
		w := newWorker(uint8(i))
		w.rules = rules
		workers[i] = w
		run := units[bounds[i]:bounds[i+1]]
		size, docs := 0, 0
		for _, u := range run {
			if u.cached != nil {
				size += len(u.cached.body)
			} else {
				for j := range u.page.Docs {
					size += len(u.page.Docs[j].Text) + len(u.page.Docs[j].Code)
				}
			}
			docs += u.n
		}
		w.reserve(size/8, size/4, docs)
		wg.Go(func() {
			var rec recorder
			var r replayer
			if c != nil {
				r.fromCache = make([]int32, len(c.pieces))
			}
			for k := range run {
				u := &run[k]
				if u.cached != nil {
					u.damaged = !r.replay(w, c, u.first, u.n, u.cached, levels)
					continue
				}
				if record {
					rec.start(w)
				}
				for j := range u.page.Docs {
					d := &u.page.Docs[j]
					doc := u.first + int32(j)
					lens := w.analyse(doc, d)
					if record {
						rec.doc(w, d.Levels, lens)
					}
					w.commit(doc, lens)
					levels[doc] = d.Levels
				}
				if record {
					u.rec = rec.finish(w, u.page.Key)
				}
			}
		})
	}
	wg.Wait()
	return merge(workers, total), levels
}

// localSlot maps a worker's term id to its index among the terms of the
// page being recorded (valid when page is the recorder's current one).
type localSlot struct{ page, at int32 }

// recorder writes the analysis of one page as the worker reads it: per
// section its levels, field lengths, and per term its index among the
// page's words, its counts per field (a mask of the fields it is in, then
// those counts) and its positions (as deltas). The page's words are the
// worker's pieces, its best form of each term on the page.
type recorder struct {
	local []int32 // the page's words, as worker piece ids
	docs  cache.Enc
	n     int
}

func (r *recorder) start(w *worker) {
	w.pageNo++
	r.local = nil
	r.docs.B = nil
	r.n = 0
}

func (r *recorder) doc(w *worker, levels []string, lens [numFields]uint32) {
	r.n++
	r.docs.Strs(levels)
	for _, l := range lens {
		r.docs.Uint(uint64(l))
	}
	r.docs.Uint(uint64(len(w.docTerms)))
	for i := range w.docTerms {
		t := &w.docTerms[i]
		ls := &w.local[t.id]
		if ls.page != w.pageNo {
			*ls = localSlot{page: w.pageNo, at: int32(len(r.local))}
			r.local = append(r.local, t.piece)
		} else if best := r.local[ls.at]; t.piece != best && betterWord(w.pieceWord[t.piece], w.pieceWord[best]) {
			r.local[ls.at] = t.piece
		}
		r.docs.Uint(uint64(ls.at))
		mask := byte(0)
		for f, tf := range t.tf {
			if tf != 0 {
				mask |= 1 << f
			}
		}
		r.docs.B = append(r.docs.B, mask)
		for _, tf := range t.tf {
			if tf != 0 {
				r.docs.Uint(uint64(tf))
			}
		}
		r.docs.Uint(uint64(t.n))
		last := uint16(0)
		for _, p := range t.pos[:t.n] {
			r.docs.Uint(uint64(p - last))
			last = p
		}
	}
}

func (r *recorder) finish(w *worker, key cache.Key) *pageEntry {
	return &pageEntry{key: key, docs: r.n, body: r.docs.B, worker: w, local: r.local}
}

// adopt names the words of the fresh analyses by the cache's pieces,
// adding the new ones.
func (c *Cache) adopt(units []unit) {
	if c.pieceIDs == nil {
		c.pieceIDs = make(map[string]int32, len(c.pieces))
		for i, p := range c.pieces {
			c.pieceIDs[p] = int32(i)
		}
		c.termIDs = make(map[string]int32, len(c.terms))
		for i, t := range c.terms {
			c.termIDs[t] = int32(i)
		}
	}
	trans := map[*worker][]int32{} // worker piece id → the cache's + 1
	for _, u := range units {
		e := u.rec
		if e == nil {
			continue
		}
		w := e.worker
		t := trans[w]
		if len(t) < len(w.pieceWord) {
			t = append(t, make([]int32, len(w.pieceWord)-len(t))...)
			trans[w] = t
		}
		var h cache.Enc
		h.Uint(uint64(e.docs))
		h.Uint(uint64(len(e.local)))
		for _, p := range e.local {
			if t[p] == 0 {
				t[p] = c.piece(w.pieceWord[p], w.termOf[w.pieceTerm[p]]) + 1
			}
			h.Uint(uint64(t[p] - 1))
		}
		e.head, e.worker, e.local = h.B, nil, nil
	}
}

// piece is the index of a folded word of term, added when new.
func (c *Cache) piece(word, term string) int32 {
	if id, ok := c.pieceIDs[word]; ok {
		return id
	}
	t, ok := c.termIDs[term]
	if !ok {
		t = int32(len(c.terms))
		c.terms = append(c.terms, term)
		c.termIDs[term] = t
	}
	id := int32(len(c.pieces))
	c.pieces = append(c.pieces, word)
	c.pieceTerm = append(c.pieceTerm, t)
	c.pieceIDs[word] = id
	return id
}

// replayer replays recorded pages into one worker.
type replayer struct {
	fromCache []int32 // the cache's piece → the worker's piece id + 1
	ids       []int32 // scratch: the page's words as term ids
	pieces    []int32 // and as piece ids
}

// replay adds the postings of a recorded page of n sections, its first
// section numbered first, and sets its sections' levels. A damaged record
// (which the cache's checksum makes unlikely) still adds n sections, empty
// ones, and reports false.
func (r *replayer) replay(w *worker, c *Cache, first int32, n int, e *pageEntry, levels [][]string) bool {
	h := cache.NewDec(e.head)
	ok := int(h.Uint()) == n
	m := h.Len(1)
	r.ids, r.pieces = r.ids[:0], r.pieces[:0]
	for range m {
		g := h.Uint()
		if g >= uint64(len(c.pieces)) {
			ok = false
			break
		}
		p := r.fromCache[g] - 1
		if p < 0 {
			p = w.wordPiece(c.pieces[g], w.termID(c.terms[c.pieceTerm[g]]))
			r.fromCache[g] = p + 1
		}
		r.pieces = append(r.pieces, p)
		r.ids = append(r.ids, w.pieceTerm[p])
	}
	ok = ok && h.Done()
	if ok {
		// The page's best form of each term counts once, not per posting.
		for i, id := range r.ids {
			if word := w.pieceWord[r.pieces[i]]; betterWord(word, w.wordOf[id]) {
				w.wordOf[id] = word
			}
		}
	}
	d := cache.NewDec(e.body)
	for j := range n {
		doc := first + int32(j)
		var lens [numFields]uint32
		if ok {
			levels[doc] = d.Strs()
			for f := range lens {
				lens[f] = uint32(d.Uint())
			}
			// Straight into the postings (as commit adds a doc's).
			for range d.Len(4) {
				local := d.Uint()
				mask := d.Raw(1)
				if local >= uint64(len(r.ids)) || len(mask) == 0 {
					ok = false
					break
				}
				o := occurrences{doc: doc, off: uint32(len(w.arena))}
				for f := range o.tf {
					if mask[0]&(1<<f) != 0 {
						o.tf[f] = uint16(d.Uint())
					}
				}
				last := uint16(0)
				for range min(d.Uint(), maxPositions) {
					last += uint16(d.Uint())
					w.arena = append(w.arena, last)
				}
				id := r.ids[local]
				w.all = append(w.all, o)
				w.termIDs = append(w.termIDs, id)
				w.termCount[id]++
			}
			ok = ok && d.Err() == nil
		}
		if !ok {
			lens, levels[doc] = [numFields]uint32{}, nil
		}
		w.lens = append(w.lens, lens)
	}
	return ok && d.Done()
}

// wordPiece is the piece id of a folded word of term id.
func (w *worker) wordPiece(word string, id int32) int32 {
	if p, ok := w.ids[word]; ok {
		return p
	}
	p := int32(len(w.pieceTerm))
	w.pieceTerm = append(w.pieceTerm, id)
	w.pieceWord = append(w.pieceWord, word)
	w.ids[word] = p
	return p
}

// writeChunksFrom writes the chunk files of the sections of units, in
// groups: a group whose chunks hold the same sections as the last build's
// is kept; another is written, each chunk from the last build's file when
// it holds the same sections, else from its sections (a fresh page's, or
// a cached page's taken from the last build's chunk that held it). It
// returns each group's hash and the names kept, and records the layout in
// next. Without a last build, chunks are emitted as made; with one, they
// are returned (later) for the caller to emit once nothing is missing.
func writeChunksFrom(units []unit, total int, opts Options, old *Cache, previous func(string) []byte, emit func(string, []byte), next *Cache) (hashes, kept []string, later []namedFile, err error) {
	refs := make([]docRef, 0, total)
	fresh := make(map[cache.Key]*Page)
	for _, u := range units {
		for j := range u.n {
			refs = append(refs, docRef{u.page.Key, j})
		}
		if u.page.Docs != nil {
			fresh[u.page.Key] = u.page
		}
	}
	nChunks := (total + opts.ChunkDocs - 1) / opts.ChunkDocs
	nGroups := (nChunks + chunkGroup - 1) / chunkGroup
	hashes = make([]string, nGroups)
	var oldChunks [][]docRef
	var oldNames []string
	if old != nil {
		for g, gr := range old.groups {
			for c := range gr.chunks {
				oldChunks = append(oldChunks, gr.chunks[c])
				oldNames = append(oldNames, chunkName(g*chunkGroup+c, gr.hash))
			}
		}
	}
	where := map[docRef][2]int{} // a section's old chunk and place in it, made on first need
	split := map[int][][]byte{}  // old chunk → its sections' entries
	var need []cache.Key
	chunkOf := func(c int) []docRef { return refs[c*opts.ChunkDocs : min((c+1)*opts.ChunkDocs, total)] }
	for g := range nGroups {
		lo, hi := g*chunkGroup, min((g+1)*chunkGroup, nChunks)
		rec := groupRecord{}
		same := old != nil && g < len(old.groups) && len(old.groups[g].chunks) == hi-lo
		for c := lo; c < hi; c++ {
			rec.chunks = append(rec.chunks, chunkOf(c))
			same = same && slices.Equal(chunkOf(c), old.groups[g].chunks[c-lo])
		}
		if same {
			rec.hash = old.groups[g].hash
			hashes[g] = rec.hash
			for c := lo; c < hi; c++ {
				kept = append(kept, chunkName(c, rec.hash))
			}
			next.groups = append(next.groups, rec)
			continue
		}
		bodies := make([][]byte, hi-lo)
		for c := lo; c < hi; c++ {
			docs := chunkOf(c)
			if c < len(oldChunks) && slices.Equal(docs, oldChunks[c]) && previous != nil {
				if b := previous(oldNames[c]); b != nil {
					bodies[c-lo] = b
					continue
				}
			}
			b := make([]byte, 0, 4096)
			b = append(b, '[')
			for i, ref := range docs {
				if i > 0 {
					b = append(b, ',')
				}
				if p := fresh[ref.page]; p != nil {
					b = appendChunkDoc(b, &p.Docs[ref.at], opts.MaxTextBytes)
					continue
				}
				part := oldPart(ref, oldChunks, oldNames, previous, where, split)
				if part == nil {
					need = append(need, ref.page)
					continue
				}
				b = append(b, part...)
			}
			bodies[c-lo] = append(b, ']')
		}
		rec.hash = groupHash(bodies)
		hashes[g] = rec.hash
		for c := lo; c < hi; c++ {
			if old == nil {
				emit(chunkName(c, rec.hash), bodies[c-lo]) // (nothing can be missing)
			} else {
				later = append(later, namedFile{chunkName(c, rec.hash), bodies[c-lo]})
			}
		}
		next.groups = append(next.groups, rec)
	}
	if need != nil {
		slices.SortFunc(need, func(a, b cache.Key) int { return bytes.Compare(a[:], b[:]) })
		return nil, nil, nil, &ErrNeedDocs{Keys: slices.Compact(need)}
	}
	return hashes, kept, later, nil
}

type namedFile struct {
	name string
	body []byte
}

// oldPart is the entry of section ref in the last build's chunk file that
// held it, or nil.
func oldPart(ref docRef, oldChunks [][]docRef, oldNames []string, previous func(string) []byte, where map[docRef][2]int, split map[int][][]byte) []byte {
	if previous == nil {
		return nil
	}
	if len(where) == 0 {
		for c, docs := range oldChunks {
			for i, r := range docs {
				where[r] = [2]int{c, i}
			}
		}
	}
	at, ok := where[ref]
	if !ok {
		return nil
	}
	parts, ok := split[at[0]]
	if !ok {
		parts = splitChunk(previous(oldNames[at[0]]))
		split[at[0]] = parts
	}
	if at[1] >= len(parts) {
		return nil
	}
	return parts[at[1]]
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

// merge turns the workers' postings into the index (see invert).
func merge(workers []*worker, total int) *index {
	ix := &index{docs: total, words: map[string]string{}}
	for _, w := range workers {
		ix.arenas = append(ix.arenas, w.arena)
		ix.lens = append(ix.lens, w.lens...)
		for id, word := range w.wordOf {
			t := w.termOf[id]
			if prev, ok := ix.words[t]; !ok || betterWord(word, prev) {
				ix.words[t] = word
			}
		}
	}
	ix.terms = groupAndScore(workers, ix.lengthNorms())
	return ix
}

// The cache on disk: a header (magic, version, options), the pages'
// analyses, the chunk groups.
const (
	cacheMagic   = "hb-search"
	cacheVersion = 2
)

// Encode writes the cache.
func (c *Cache) Encode() []byte {
	var b bytes.Buffer
	c.WriteTo(&b)
	return b.Bytes()
}

// WriteTo writes the cache to w, as Encode would.
func (c *Cache) WriteTo(w io.Writer) (int64, error) {
	c.compact(1000)
	cw := &countingWriter{w: w}
	e := cache.NewStream(cw)
	e.B = append(e.B, cacheMagic...)
	e.Uint(cacheVersion)
	for _, v := range []int{c.opts.FirstTier, c.opts.ShardBytes, c.opts.ChunkDocs, c.opts.MaxTextBytes} {
		e.Uint(uint64(v))
	}
	e.Str(c.opts.Analysis.Separator)
	e.Strs(c.opts.Analysis.Lang)
	e.Strs(c.terms)
	e.Uint(uint64(len(c.pieces)))
	for i, p := range c.pieces {
		e.Str(p)
		e.Uint(uint64(c.pieceTerm[i]))
		e.Spill()
	}
	keys := make([]cache.Key, 0, len(c.pages))
	for k := range c.pages {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b cache.Key) int { return bytes.Compare(a[:], b[:]) })
	index := make(map[cache.Key]int, len(keys))
	for i, k := range keys {
		index[k] = i
	}
	e.Uint(uint64(len(keys)))
	for _, k := range keys {
		p := c.pages[k]
		e.Key(k)
		e.Uint(uint64(p.docs))
		e.Bytes(p.head)
		e.Uint(uint64(len(p.body)))
		e.Write(p.body)
	}
	e.Uint(uint64(len(c.groups)))
	for _, g := range c.groups {
		e.Str(g.hash)
		e.Uint(uint64(len(g.chunks)))
		for _, docs := range g.chunks {
			e.Uint(uint64(len(docs)))
			for _, r := range docs {
				e.Uint(uint64(index[r.page]))
				e.Uint(uint64(r.at))
			}
		}
		e.Spill()
	}
	err := e.Close()
	return cw.n, err
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

// compact drops the words no page names any more, when they are at least
// minUnused and as many as the others.
func (c *Cache) compact(minUnused int) {
	used := make([]bool, len(c.pieces))
	n := 0
	for _, p := range c.pages {
		h := cache.NewDec(p.head)
		h.Uint()
		for range h.Len(1) {
			if g := h.Uint(); g < uint64(len(used)) && !used[g] {
				used[g] = true
				n++
			}
		}
	}
	if unused := len(c.pieces) - n; unused < minUnused || unused < n {
		return
	}
	remap := make([]int32, len(c.pieces))
	fresh := &Cache{}
	fresh.pieceIDs, fresh.termIDs = map[string]int32{}, map[string]int32{}
	for g, ok := range used {
		if ok {
			remap[g] = fresh.piece(c.pieces[g], c.terms[c.pieceTerm[g]])
		}
	}
	for _, p := range c.pages {
		h := cache.NewDec(p.head)
		var out cache.Enc
		out.Uint(h.Uint())
		m := h.Len(1)
		out.Uint(uint64(m))
		for range m {
			if g := h.Uint(); g < uint64(len(remap)) {
				out.Uint(uint64(remap[g]))
			}
		}
		p.head = out.B
	}
	c.pieces, c.pieceTerm, c.terms, c.pieceIDs, c.termIDs = fresh.pieces, fresh.pieceTerm, fresh.terms, fresh.pieceIDs, fresh.termIDs
}

// errCache is a cache that cannot be read.
var errCache = errors.New("search: damaged cache")

// DecodeCache reads a cache written by Encode (which keeps sharing b).
func DecodeCache(b []byte) (*Cache, error) {
	body, ok := cache.Checked(b)
	if !ok {
		return nil, errCache
	}
	return decodeCache(body)
}

func decodeCache(b []byte) (*Cache, error) {
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
	c.opts.Analysis = Analysis{Separator: d.Str(), Lang: d.Strs()}
	c.terms = d.Strs()
	np := d.Len(2)
	c.pieces, c.pieceTerm = make([]string, np), make([]int32, np)
	for i := range np {
		c.pieces[i] = d.Str()
		t := d.Uint()
		if t >= uint64(len(c.terms)) {
			return nil, errCache
		}
		c.pieceTerm[i] = int32(t)
	}
	n := d.Len(34)
	keys := make([]cache.Key, n)
	c.pages = make(map[cache.Key]*pageEntry, n)
	for i := range keys {
		k := d.Key()
		p := &pageEntry{key: k, docs: int(min(d.Uint(), 1<<30))}
		p.head, p.body = d.Bytes(), d.Bytes()
		if p.docs > len(p.body) { // each section takes a few bytes
			return nil, errCache
		}
		keys[i] = k
		c.pages[k] = p
	}
	for range d.Len(2) {
		g := groupRecord{hash: d.Str()}
		for range d.Len(1) {
			docs := make([]docRef, d.Len(2))
			for i := range docs {
				at := d.Uint()
				if at >= uint64(len(keys)) {
					return nil, errCache
				}
				docs[i] = docRef{keys[at], int(min(d.Uint(), 1<<30))}
			}
			g.chunks = append(g.chunks, docs)
		}
		c.groups = append(c.groups, g)
	}
	if !d.Done() {
		return nil, errCache
	}
	return c, nil
}
