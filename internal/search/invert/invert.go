// Package invert builds a site's inverted index: every section's words,
// read by the analyser (internal/search/analyze), become postings (the
// term's counts per field and first positions in that section) scored with
// BM25F. A build can keep its index for the next (Store), which then
// reads only the pages that changed, and, when they leave the site's
// statistics as they were, touches only their terms (Edit). Writing the
// index out is internal/search's.
package invert

import (
	"encoding/binary"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"handbook/internal/cache"
	"handbook/internal/par"
	"handbook/internal/search/analyze"
)

// Doc is one searchable section.
type Doc struct {
	URL      string   // site-relative URL incl. anchor, e.g. "experiences/failure-case-studies/#l7-failure-case-study"
	Page     string   // page title
	Headings []string // heading path below the page title down to this section's heading (empty for the intro)
	Text     string   // the section's prose as plain text
	Code     string   // the section's code text (indexed with lower weight)
	Levels   []string // level ids, e.g. ["L7"]; empty = all levels
}

// Index is the inverted index of a site's sections, numbered from 0 in
// the order given.
type Index struct {
	Docs   int               // the number of sections
	Terms  []string          // the terms, sorted
	Words  map[string]string // term → the word shown for it (its plainest form on the site)
	Levels [][]string        // each section's levels

	workers []*worker
	local   [][]int32 // [worker][term] → the worker's id of Terms[term], -1 when it has none
	df      []int32   // [term] → its postings
	lengths *lengths

	// The last build's postings (see Analysis.Index): each term's index
	// in its store (-1: none), and each of its sections' number in this
	// build (-1: its page is gone or read again); ordered when the pages
	// kept their order.
	last    *Store
	oldTerm []int32
	remap   []int32
	ordered bool
	// next is the store for the next build (nil: none), whose postings
	// Read records.
	next    *Store
	damaged atomic.Bool
}

// Posting records one term in one section.
type Posting struct {
	Doc    int32 // the section
	Impact int32 // its BM25F score, scaled to an integer (at least 1)
	off    uint32
	n      uint8 // number of positions kept
}

// DF is the number of postings of Terms[t].
func (ix *Index) DF(t int) int { return int(ix.df[t]) }

// Read fills l with the postings of Terms[t], in section order, scored
// (l's slices are reused). When the index keeps a store for the next
// build, they are recorded there: each term is read once.
func (ix *Index) Read(t int, l *List) {
	l.reset()
	idf := inverseDocFrequency(int(ix.df[t]), ix.Docs)
	merge := ix.oldTerm != nil && ix.oldTerm[t] >= 0
	// (Postings from the workers alone are kept as they are read; merged
	// with the last build's, once in order.)
	var rec *partsWriter
	if ix.next != nil && !merge {
		size := 0
		for i, w := range ix.workers {
			if id := ix.local[i][t]; id >= 0 {
				size += int(w.streams[id].size) + binary.MaxVarintLen32
			}
		}
		rec = newPartsWriter(ix.next.cuts, size, int(ix.df[t]))
	}
	for i, w := range ix.workers {
		id := ix.local[i][t]
		if id < 0 {
			continue
		}
		l.decode(&w.store, &w.streams[id], idf, ix.lengths, rec)
	}
	if merge {
		ix.readLast(t, l, idf)
	}
	if len(l.Postings) != int(ix.df[t]) {
		ix.damaged.Store(true)
	}
	switch {
	case rec != nil:
		ix.next.Postings[t] = rec.finish()
	case ix.next != nil:
		ix.next.Postings[t] = ix.recordMerged(t)
	}
}

// recordMerged is the postings of Terms[t] as the next build keeps them:
// the workers' and those kept from the last build, in section order.
func (ix *Index) recordMerged(t int) Postings {
	var fresh, old []Fresh
	var arena []byte
	for i, w := range ix.workers {
		if id := ix.local[i][t]; id >= 0 {
			w.store.each(&w.streams[id], func(doc int32, body []byte) {
				at := len(arena)
				arena = append(arena, body...)
				fresh = append(fresh, Fresh{doc, arena[at:len(arena):len(arena)]})
			})
		}
	}
	last := &ix.last.Postings[ix.oldTerm[t]]
	if !last.each(func(doc int32, body []byte) {
		if int(doc) < len(ix.remap) {
			if d := ix.remap[doc]; d >= 0 {
				old = append(old, Fresh{d, body})
			}
		}
	}) {
		ix.damaged.Store(true)
	}
	if !ix.ordered {
		slices.SortFunc(old, func(a, b Fresh) int { return int(a.Doc - b.Doc) })
	}
	w := newPartsWriter(ix.next.cuts, len(arena)+last.size(), len(fresh)+len(old))
	i, j := 0, 0
	for i < len(fresh) || j < len(old) {
		if j == len(old) || i < len(fresh) && fresh[i].Doc < old[j].Doc {
			w.add(fresh[i].Doc, fresh[i].Body)
			i++
		} else {
			w.add(old[j].Doc, old[j].Body)
			j++
		}
	}
	return w.finish()
}

// readLast adds the postings of Terms[t] kept by the last build for the
// pages this one did not read again.
func (ix *Index) readLast(t int, l *List, idf float64) {
	fresh := len(l.Postings)
	bad := false
	if !ix.last.Postings[ix.oldTerm[t]].each(func(doc int32, body []byte) {
		if bad || int(doc) >= len(ix.remap) {
			bad = true
			return
		}
		if d := ix.remap[doc]; d >= 0 {
			l.body(body, 0, d, idf, &ix.lengths.norms[d])
		}
	}) || bad {
		ix.damaged.Store(true)
		return
	}
	if !ix.ordered {
		slices.SortFunc(l.Postings[fresh:], func(a, b Posting) int { return int(a.Doc - b.Doc) })
	}
	l.merge(fresh)
}

// Damaged reports whether some postings kept by the last build could not
// be read back (then the index is not to be used).
func (ix *Index) Damaged() bool { return ix.damaged.Load() }

// Next is the store to keep for the next build, once every term was Read
// (nil when none is kept).
func (ix *Index) Next() *Store {
	if ix.next != nil {
		ix.next.compact(1000)
	}
	return ix.next
}

// Docs inverts docs on all CPUs, analysing by rules (handbook's own when
// nil).
func Docs(docs []Doc, rules *analyze.Rules) *Index {
	const per = 256
	pages := make([]Page, 0, len(docs)/per+1)
	for lo := 0; lo < len(docs); lo += per {
		pages = append(pages, Page{Docs: docs[lo:min(lo+per, len(docs))]})
	}
	a, _ := Pages(pages, nil, rules, false, nil)
	return a.Index()
}

// Page is one page's sections for Pages.
type Page struct {
	// Key identifies the page's sections: equal keys, equal sections.
	Key cache.Key
	// Docs are the sections, in order; nil to take the page's postings
	// from the last build's store (a page without sections is an empty
	// slice, not nil), or to have Load read them.
	Docs []Doc
	// Load, when set, reads the page's sections (Sections of them) when
	// they are needed (each call reads them anew): when the last build's
	// store does not hold the page, or Fresh. Holding every page's
	// sections at once would make a large site's memory grow with its
	// text.
	Load func() []Doc
	// LoadInto, when set with Load, is Load reading the sections' text
	// into room's memory (returned, grown as needed, for the next page):
	// their strings but the Levels are valid until room is used again, so
	// that a build reads every page into a few buffers, not each into new
	// memory.
	LoadInto func(room []byte) ([]Doc, []byte)
	Sections int
	Fresh    bool
}

// load reads the page's sections (Load, or LoadInto into *room).
func (p *Page) load(room *[]byte) []Doc {
	if p.LoadInto != nil {
		docs, used := p.LoadInto(*room)
		*room = used
		return docs
	}
	return p.Load()
}

// Given reports how many sections the page has and whether they are read
// (not taken from last); ok is false when they can be neither.
func (p *Page) Given(last *Store) (n int, given, ok bool) {
	n, given, ok, _ = p.GivenAt(last, -1)
	return n, given, ok
}

// GivenAt is Given of the page at place i of the build, and the index of
// its entry in last (-1 when given): a page is most often in the place it
// had in the last build.
func (p *Page) GivenAt(last *Store, i int) (n int, given, ok bool, at int32) {
	switch {
	case p.Docs != nil:
		return len(p.Docs), true, true, -1
	case p.Load != nil && p.Fresh:
		return p.Sections, true, true, -1
	}
	if at := last.index(p.Key, i); at >= 0 {
		return int(last.pages[at].docs), false, true, at
	}
	return p.Sections, p.Load != nil, p.Load != nil, -1
}

// Analysis is a build's pages as Pages read them: the postings and
// records of the pages read (the fresh ones), and the last build's store
// for the others. Its Index is the build's index; its Edit, when the
// build is a small edit of the last one, the same index as a change of
// the last one's.
type Analysis struct {
	units   []unit
	total   int
	last    *Store
	record  bool
	workers []*worker
	// The fresh sections' words of text and code, and levels, in order
	// (a fresh unit's from its at): an edit's are a few.
	lens   [][2]uint32
	levels [][]string
}

// unit is a page as the workers see it: fresh sections to read (and
// record), or the last build's.
type unit struct {
	page  *Page
	first int32 // the number of its first section
	at    int32 // and its first's among the fresh sections (read)
	n     int
	old   int32      // its index in the last build's store (-1: read)
	rec   *pageEntry // the fresh record
	// damaged: Load gave other sections than the page has.
	damaged bool
}

// Pages reads the pages, in order: those given with their sections (or a
// Load, when last does not hold them or they are Fresh) are analysed,
// on all CPUs; the others' postings are the last build's. A store for the
// next build is kept when record is true or last is not nil. It returns
// the keys of the pages whose sections could not be had instead (then
// there is no Analysis). seen (when not nil) is given each page's
// sections as they are read, with the number of the first (from several
// goroutines; they are valid during the call: see Page.LoadInto).
func Pages(pages []Page, last *Store, rules *analyze.Rules, record bool, seen func(first int32, docs []Doc)) (*Analysis, []cache.Key) {
	a := &Analysis{units: make([]unit, len(pages)), last: last, record: record || last != nil}
	var damaged []cache.Key
	var taken []bool // (two pages of one key, never two real pages, cannot share one's postings)
	for i := range pages {
		p := &pages[i]
		u := unit{page: p, first: int32(a.total), old: -1}
		n, given, ok, at := p.GivenAt(last, i)
		switch {
		case !ok:
			damaged = append(damaged, p.Key)
		case !given:
			u.old = at
			if taken == nil {
				taken = make([]bool, len(last.pages))
			}
			if taken[u.old] {
				damaged = append(damaged, p.Key)
			}
			taken[u.old] = true
		}
		u.n = n
		a.units[i] = u
		a.total += n
	}
	if damaged != nil {
		return nil, damaged
	}
	if !slices.ContainsFunc(a.units, func(u unit) bool { return u.old >= 0 }) {
		a.last = nil // (nothing of it is used)
	}
	a.analyse(rules, seen)
	for _, u := range a.units {
		if u.damaged {
			damaged = append(damaged, u.page.Key)
		}
	}
	if damaged != nil {
		return nil, damaged
	}
	return a, nil
}

// analyse reads the fresh pages on all CPUs: each worker takes a run of
// whole pages (about as many sections each), recording their analysis
// when a store is kept.
func (a *Analysis) analyse(rules *analyze.Rules, seen func(first int32, docs []Doc)) {
	var fresh []*unit
	docs := 0
	for i := range a.units {
		if u := &a.units[i]; u.old < 0 {
			fresh = append(fresh, u)
			u.at = int32(docs)
			docs += u.n
		}
	}
	a.lens, a.levels = make([][2]uint32, docs), make([][]string, docs)
	nw := min(runtime.GOMAXPROCS(0), 16, max(1, docs/256), max(1, len(fresh)))
	bounds := make([]int, nw+1) // worker i takes fresh[bounds[i]:bounds[i+1]]
	for i, u, sum := 1, 0, 0; i < nw; i++ {
		for u < len(fresh) && sum < docs*i/nw {
			sum += fresh[u].n
			u++
		}
		bounds[i] = u
	}
	bounds[nw] = len(fresh)
	a.workers = make([]*worker, nw)
	var wg sync.WaitGroup
	for i := range a.workers {
		w := newWorker(uint8(i), rules)
		a.workers[i] = w
		run := fresh[bounds[i]:bounds[i+1]]
		wg.Go(func() {
			var rec recorder
			var room []byte // (each page's text, read; see Page.LoadInto)
			for _, u := range run {
				docs := u.page.Docs
				if docs == nil && u.page.Load != nil {
					docs = u.page.load(&room)
				}
				if len(docs) != u.n { // (Load gave other sections than the page has)
					u.damaged = true
					continue
				}
				if a.record {
					rec.start(w)
				}
				for j := range docs {
					d := &docs[j]
					doc := u.first + int32(j)
					lens := w.analyse(doc, d)
					if a.record {
						rec.doc(d.Levels)
						w.commit(doc, &rec)
					} else {
						w.commit(doc, nil)
					}
					a.levels[u.at+int32(j)] = d.Levels
					a.lens[u.at+int32(j)] = [2]uint32{lens[fieldText], lens[fieldCode]}
				}
				if a.record {
					u.rec = rec.finish(w, u.page.Key)
				}
				if seen != nil {
					seen(u.first, docs)
				}
			}
		})
	}
	wg.Wait()
}

// freshRecords are the records of the pages read, in order.
func (a *Analysis) freshRecords() []*pageEntry {
	var out []*pageEntry
	for i := range a.units {
		if u := &a.units[i]; u.rec != nil {
			u.rec.first = u.first
			out = append(out, u.rec)
		}
	}
	return out
}

// Index is the build's index: the fresh pages' postings merged with the
// last build's of the others, every posting scored anew.
func (a *Analysis) Index() *Index {
	ix := &Index{Docs: a.total, workers: a.workers, last: a.last}
	lens, levels := a.lens, a.levels // (every unit is fresh without a last store)
	if last := a.last; last != nil {
		lens, levels = make([][2]uint32, a.total), make([][]string, a.total)
		for i := range a.units {
			if u := &a.units[i]; u.old < 0 {
				copy(lens[u.first:int(u.first)+u.n], a.lens[u.at:])
				copy(levels[u.first:int(u.first)+u.n], a.levels[u.at:])
			}
		}
		ix.remap = make([]int32, last.Docs())
		for i := range ix.remap {
			ix.remap[i] = -1
		}
		ix.ordered = true
		prev := int32(-1)
		var kept []*unit
		for i := range a.units {
			u := &a.units[i]
			if u.old < 0 {
				continue
			}
			e := &last.pages[u.old]
			for j := range e.docs {
				ix.remap[e.first+j] = u.first + j
				lens[u.first+j] = last.lens[e.first+j]
			}
			ix.ordered = ix.ordered && e.first > prev
			prev = e.first
			kept = append(kept, u)
		}
		par.For(len(kept), func(i int) {
			u := kept[i]
			if !last.pageRecord(&last.pages[u.old], levels[u.first:int(u.first)+u.n], nil) {
				ix.damaged.Store(true)
			}
		})
	}
	ix.Levels, ix.lengths = levels, newLengths(lens)
	if a.record {
		a.indexTerms(ix, lens)
	} else {
		a.workerTerms(ix)
	}
	ix.local = make([][]int32, len(a.workers))
	order := make(map[string]int32, len(ix.Terms))
	for i, t := range ix.Terms {
		order[t] = int32(i)
	}
	for i, w := range a.workers {
		local := make([]int32, len(ix.Terms))
		for t := range local {
			local[t] = -1
		}
		for id := range w.lex.Terms() {
			if t, ok := order[w.lex.TermText(int32(id))]; ok && w.streams[id].n > 0 {
				local[t] = int32(id)
			} else if w.streams[id].n > 0 {
				ix.damaged.Store(true)
			}
		}
		ix.local[i] = local
	}
	return ix
}

// workerTerms gives ix the terms the workers read, and their words.
func (a *Analysis) workerTerms(ix *Index) {
	ix.Words = map[string]string{}
	df := map[string]int32{}
	for _, w := range a.workers {
		for id := range w.wordOf {
			t, word := w.lex.TermText(int32(id)), w.plainestWord(id)
			if prev, ok := ix.Words[t]; !ok || betterWord(word, prev) {
				ix.Words[t] = word
			}
			df[t] += w.streams[id].n
		}
	}
	ix.Terms = make([]string, 0, len(ix.Words))
	for t := range ix.Words {
		ix.Terms = append(ix.Terms, t)
	}
	slices.Sort(ix.Terms)
	ix.df = make([]int32, len(ix.Terms))
	for i, t := range ix.Terms {
		ix.df[i] = df[t]
	}
}

// indexTerms gives ix its terms from the records (the last build's
// terms, less those of the pages gone or read again, and the fresh
// pages'), and makes the store for the next build: the records in this
// build's order, each term's forms.
func (a *Analysis) indexTerms(ix *Index, lens [][2]uint32) {
	last := a.last
	next := &Store{lens: lens, cuts: a.cuts()}
	if last != nil {
		next.words, next.wordTerm, next.terms = slices.Clip(last.words), slices.Clip(last.wordTerm), slices.Clip(last.terms)
	}
	fresh := a.freshRecords()
	// The fresh records' terms are counted as they are adopted: each
	// term's sections (df, by the records' terms) and each word's pages.
	df := make([]int32, len(next.terms), len(next.terms)+1024)
	pages := make([]int32, len(next.words), len(next.words)+1024)
	next.adopt(fresh, func(_ *pageEntry, word, sections int32) {
		for int(word) >= len(pages) {
			pages = append(pages, 0)
		}
		t := next.wordTerm[word]
		for int(t) >= len(df) {
			df = append(df, 0)
		}
		df[t] += sections
		pages[word]++
	})
	if last != nil {
		for t, term := range last.Terms {
			id, ok := next.termIDs[term]
			if !ok {
				ix.damaged.Store(true)
				continue
			}
			df[id] += int32(last.Postings[t].N)
			for _, f := range last.Forms[t] {
				pages[f.Word] += f.Pages
			}
		}
		keep := make([]bool, len(last.pages))
		for _, u := range a.units {
			if u.old >= 0 {
				keep[u.old] = true
			}
		}
		for i := range last.pages {
			if !keep[i] && !last.pageRecord(&last.pages[i], nil, func(word, sections int32) {
				df[last.wordTerm[word]] -= sections
				pages[word]--
			}) {
				ix.damaged.Store(true)
			}
		}
	}
	next.pages = make([]pageEntry, len(a.units))
	for i := range a.units {
		u := &a.units[i]
		if u.rec != nil {
			next.pages[i] = *u.rec
			continue
		}
		e := last.pages[u.old]
		e.first = u.first
		next.pages[i] = e
	}
	for t, n := range df {
		if n > 0 {
			ix.Terms = append(ix.Terms, next.terms[t])
		} else if n < 0 {
			ix.damaged.Store(true)
		}
	}
	slices.Sort(ix.Terms)
	order := make(map[string]int32, len(ix.Terms))
	for i, t := range ix.Terms {
		order[t] = int32(i)
	}
	ix.df = make([]int32, len(ix.Terms))
	for t, n := range df {
		if n > 0 {
			ix.df[order[next.terms[t]]] = n
		}
	}
	next.Terms = ix.Terms
	next.Postings = make([]Postings, len(ix.Terms))
	next.Forms = make([][]Form, len(ix.Terms))
	for w, n := range pages {
		if n > 0 {
			if t, ok := order[next.termOf(int32(w))]; ok {
				next.Forms[t] = append(next.Forms[t], Form{int32(w), n})
			}
		} else if n < 0 {
			ix.damaged.Store(true)
		}
	}
	ix.Words = make(map[string]string, len(ix.Terms))
	for t, term := range ix.Terms {
		ix.Words[term] = next.bestWord(next.Forms[t])
	}
	if last != nil {
		ix.oldTerm = make([]int32, len(ix.Terms))
		for t, term := range ix.Terms {
			ix.oldTerm[t] = -1
			if o, ok := slices.BinarySearch(last.Terms, term); ok {
				ix.oldTerm[t] = int32(o)
			}
		}
	}
	ix.next = next
}

// cuts are the segments of this build's sections (see cutSegments).
func (a *Analysis) cuts() []int32 {
	firsts, counts := make([]int32, len(a.units)), make([]int, len(a.units))
	for i := range a.units {
		firsts[i], counts[i] = a.units[i].first, a.units[i].n
	}
	return cutSegments(firsts, counts, a.total)
}
