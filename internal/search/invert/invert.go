// Package invert builds a site's inverted index: every section's words,
// read by the analyser (internal/search/analyze), become postings (the
// term's counts per field and first positions in that section) scored with
// BM25F. Pages read for one build can be recorded (Analyses) and replayed
// by the next, which then reads only the pages that changed. Writing the
// index out is internal/search's.
package invert

import (
	"runtime"
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
	Docs   int                  // the number of sections
	Terms  map[string][]Posting // each term's postings, in section order
	Words  map[string]string    // term → the word shown for it (its plainest form on the site)
	Levels [][]string           // each section's levels
	arenas [][]uint16           // word positions, one arena per worker
}

// Posting records one term in one section.
type Posting struct {
	Doc    int32 // the section
	Impact int32 // its BM25F score, scaled to an integer (at least 1)
	off    uint32
	n      uint8 // number of positions kept
	worker uint8 // whose arena holds the positions
}

// Positions are the first positions of the posting's term in its section
// (at most 16), in the numbering of the section's words where each field
// and heading starts a little apart, so that no phrase crosses them.
func (ix *Index) Positions(p *Posting) []uint16 {
	return ix.arenas[p.worker][p.off : p.off+uint32(p.n)]
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
	return invertUnits(units, len(docs), false, nil, rules)
}

// Page is one page's sections for Pages.
type Page struct {
	// Key identifies the page's sections: equal keys, equal sections.
	Key cache.Key
	// Docs are the sections, in order; nil to replay the page's analysis
	// recorded by the last build (a page without sections is an empty
	// slice, not nil).
	Docs []Doc
}

// Pages inverts the sections of pages, in order: the pages given with
// their sections are read and their analysis recorded, the others are
// replayed from last. It returns the index and the analyses of these pages
// for the next build. When the record of some pages cannot be read (or
// last does not hold them), it returns their keys and the index is not to
// be used.
func Pages(pages []Page, last *Analyses, rules *analyze.Rules) (*Index, *Analyses, []cache.Key) {
	units := make([]unit, len(pages))
	total := 0
	var damaged []cache.Key
	for i, p := range pages {
		u := unit{first: int32(total), page: &pages[i]}
		if p.Docs != nil {
			u.n = len(p.Docs)
		} else if e, ok := last.entry(p.Key); ok {
			u.cached, u.n = e, e.docs
		} else {
			damaged = append(damaged, p.Key)
		}
		units[i] = u
		total += u.n
	}
	if damaged != nil {
		return nil, nil, damaged
	}
	ix := invertUnits(units, total, true, last, rules)
	for _, u := range units {
		if u.damaged {
			damaged = append(damaged, u.page.Key)
		}
	}
	if damaged != nil {
		return nil, nil, damaged
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
func invertUnits(units []unit, total int, record bool, c *Analyses, rules *analyze.Rules) *Index {
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
		// About one posting per 13 bytes of text and one kept position
		// per 6.5 (one per 6.5 and 3.3 bytes of a recorded analysis): the
		// big slices are then rarely copied as they grow, nor much larger
		// than needed.
		text, recorded, docs := 0, 0, 0
		for _, u := range run {
			if u.cached != nil {
				recorded += len(u.cached.body)
			} else {
				for j := range u.page.Docs {
					text += len(u.page.Docs[j].Text) + len(u.page.Docs[j].Code)
				}
			}
			docs += u.n
		}
		w.reserve(text/12+recorded/6, text/6+recorded/3, docs)
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
	ix := merge(workers, total)
	ix.Levels = levels
	return ix
}

// merge turns the workers' postings into the index.
func merge(workers []*worker, total int) *Index {
	ix := &Index{Docs: total, Words: map[string]string{}}
	var lens [][numFields]uint32
	for _, w := range workers {
		ix.arenas = append(ix.arenas, w.arena)
		lens = append(lens, w.lens...)
		for id, word := range w.wordOf {
			t := w.lex.TermText(int32(id))
			if prev, ok := ix.Words[t]; !ok || betterWord(word, prev) {
				ix.Words[t] = word
			}
		}
	}
	ix.Terms = groupAndScore(workers, lengthNorms(lens, total))
	return ix
}
