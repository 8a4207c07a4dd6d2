// Package invert builds a site's inverted index: every section's words,
// read by the analyser (internal/search/analyze), become postings (the
// term's counts per field and first positions in that section) scored with
// BM25F. Pages read for one build can be recorded (Analyses) and replayed
// by the next, which then reads only the pages that changed. Writing the
// index out is internal/search's.
package invert

import (
	"runtime"
	"slices"
	"sync"

	"handbook/internal/cache"
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
// (l's slices are reused).
func (ix *Index) Read(t int, l *List) {
	l.Postings, l.positions = l.Postings[:0], l.positions[:0]
	idf := inverseDocFrequency(int(ix.df[t]), ix.Docs)
	for i, w := range ix.workers {
		id := ix.local[i][t]
		if id < 0 {
			continue
		}
		l.decode(&w.store, &w.streams[id], idf, ix.lengths)
	}
}

// Docs inverts docs on all CPUs, each worker taking a contiguous range,
// analysing by rules (handbook's own when nil).
func Docs(docs []Doc, rules *analyze.Rules) *Index {
	const per = 256
	units := make([]unit, 0, len(docs)/per+1)
	for lo := 0; lo < len(docs); lo += per {
		hi := min(lo+per, len(docs))
		units = append(units, unit{page: &Page{Docs: docs[lo:hi]}, first: int32(lo), n: hi - lo})
	}
	return invertUnits(units, len(docs), false, nil, rules, nil)
}

// Page is one page's sections for Pages.
type Page struct {
	// Key identifies the page's sections: equal keys, equal sections.
	Key cache.Key
	// Docs are the sections, in order; nil to replay the page's analysis
	// recorded by the last build (a page without sections is an empty
	// slice, not nil), or to have Load read them.
	Docs []Doc
	// Load, when set, reads the page's sections (Sections of them) when
	// they are needed (each call reads them anew): when the last build's
	// analyses do not hold the page, or Fresh. Holding every page's
	// sections at once would make a large site's memory grow with its
	// text.
	Load     func() []Doc
	Sections int
	Fresh    bool
}

// Given reports how many sections the page has and whether they are read
// (not replayed from last); ok is false when they can be neither.
func (p *Page) Given(last *Analyses) (n int, given, ok bool) {
	switch {
	case p.Docs != nil:
		return len(p.Docs), true, true
	case p.Load != nil && p.Fresh:
		return p.Sections, true, true
	}
	if n, ok := last.Sections(p.Key); ok {
		return n, false, true
	}
	return p.Sections, p.Load != nil, p.Load != nil
}

// Pages inverts the sections of pages, in order: the pages given with
// their sections are read and their analysis recorded, the others are
// replayed from last. It returns the index and the analyses of these pages
// for the next build. When the record of some pages cannot be read (or
// last does not hold them), it returns their keys and the index is not to
// be used. seen (when not nil) is given each page's sections as they are
// read, with the number of the first (from several goroutines). Without
// record, no analyses are returned.
func Pages(pages []Page, last *Analyses, rules *analyze.Rules, record bool, seen func(first int32, docs []Doc)) (*Index, *Analyses, []cache.Key) {
	units := make([]unit, len(pages))
	total := 0
	var damaged []cache.Key
	for i := range pages {
		p := &pages[i]
		u := unit{first: int32(total), page: p}
		n, given, ok := p.Given(last)
		switch {
		case !ok:
			damaged = append(damaged, p.Key)
		case given:
			u.n = n
		default:
			u.cached, _ = last.entry(p.Key)
			u.n = n
		}
		units[i] = u
		total += u.n
	}
	if damaged != nil {
		return nil, nil, damaged
	}
	ix := invertUnits(units, total, record, last, rules, seen)
	for _, u := range units {
		if u.damaged {
			damaged = append(damaged, u.page.Key)
		}
	}
	if damaged != nil {
		return nil, nil, damaged
	}
	if !record {
		return ix, nil, nil
	}
	return ix, last.next(units), nil
}

// unit is a page as the workers see it: fresh sections to analyse (and
// record), or a cached analysis to replay.
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

// invertUnits inverts the units on all CPUs: each worker takes a run of
// whole units (about as many sections each), analysing the fresh ones,
// recording their analysis, and replaying the cached ones; their postings
// are then merged in section order.
func invertUnits(units []unit, total int, record bool, c *Analyses, rules *analyze.Rules, seen func(first int32, docs []Doc)) *Index {
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
		w := newWorker(uint8(i), rules)
		workers[i] = w
		run := units[bounds[i]:bounds[i+1]]
		docs := 0
		for _, u := range run {
			docs += u.n
		}
		w.lens = make([][numFields]uint32, 0, docs)
		wg.Go(func() {
			var rec recorder
			var r replayer
			if c != nil {
				r.fromCache = make([]int32, len(c.words))
			}
			for k := range run {
				u := &run[k]
				if u.cached != nil {
					u.damaged = !r.replay(w, c, u.first, u.n, u.cached, levels)
					continue
				}
				docs := u.page.Docs
				if docs == nil && u.page.Load != nil {
					docs = u.page.Load()
				}
				if len(docs) != u.n { // (Load gave other sections than the page has)
					u.damaged = true
					for range u.n {
						w.lens = append(w.lens, [numFields]uint32{})
					}
					continue
				}
				if record {
					rec.start(w)
				}
				for j := range docs {
					d := &docs[j]
					doc := u.first + int32(j)
					lens := w.analyse(doc, d)
					if record {
						rec.doc(w, d.Levels, lens)
						w.commit(doc, lens, &rec)
					} else {
						w.commit(doc, lens, nil)
					}
					levels[doc] = d.Levels
				}
				if record {
					u.rec = rec.finish(w, u.page.Key)
				}
				if seen != nil {
					seen(u.first, docs)
				}
			}
		})
	}
	wg.Wait()
	ix := merge(workers, total)
	ix.Levels = levels
	return ix
}

// merge makes the index of the workers' postings.
func merge(workers []*worker, total int) *Index {
	ix := &Index{Docs: total, Words: map[string]string{}, workers: workers}
	var lens [][numFields]uint32
	for _, w := range workers {
		lens = append(lens, w.lens...)
		w.lens = nil
		for id, word := range w.wordOf {
			t := w.lex.TermText(int32(id))
			if prev, ok := ix.Words[t]; !ok || betterWord(word, prev) {
				ix.Words[t] = word
			}
		}
	}
	ix.lengths = newLengths(lens, total)
	ix.Terms = make([]string, 0, len(ix.Words))
	for t := range ix.Words {
		ix.Terms = append(ix.Terms, t)
	}
	slices.Sort(ix.Terms)
	order := make(map[string]int32, len(ix.Terms))
	for i, t := range ix.Terms {
		order[t] = int32(i)
	}
	ix.df = make([]int32, len(ix.Terms))
	ix.local = make([][]int32, len(workers))
	for i, w := range workers {
		local := make([]int32, len(ix.Terms))
		for t := range local {
			local[t] = -1
		}
		for id := range w.lex.Terms() {
			t := order[w.lex.TermText(int32(id))]
			local[t] = int32(id)
			ix.df[t] += w.streams[id].n
		}
		ix.local[i] = local
	}
	return ix
}
