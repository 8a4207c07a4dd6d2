package invert

import (
	"bytes"
	"slices"
	"sync/atomic"
)

// Edit is the index of a build that reads again some of the last build's
// pages, each in its place and with as many sections, while the others
// are the last build's and the average lengths (Averages) stay as they
// were: every section keeps its number and every other section its
// scores, so only the terms of the pages read again (before or after:
// Touched) change, each by the postings of those sections (Ranges). A
// term whose postings stay as many keeps every other posting's impact.
type Edit struct {
	Docs int
	// Next is the store for the next build: the last one's with the
	// touched terms' postings replaced once each is Spliced.
	Next *Store
	// Ranges are the sections read again, [first, end), in order.
	Ranges [][2]int32
	// OldLevels and Levels are their levels before and now, section by
	// section.
	OldLevels, Levels [][]string
	// Touched are the terms of the pages read again; OldIndex gives each
	// term of Next.Terms its index in the last store's (-1: new); Gone
	// are the last store's terms no page holds any more.
	Touched  []TermEdit
	OldIndex []int32
	Gone     []int

	avg       Averages
	lastStore *Store
	damaged   atomic.Bool
}

// TermEdit is a touched term: its index in Next.Terms (-1 when gone) and
// in the last store's (-1 when new), its postings before and now, and
// its postings in the sections read again.
type TermEdit struct {
	Term, Old int
	OldDF, DF int
	fresh     []Fresh
	old       []Fresh // its last postings in the sections read again
	oldRead   bool
}

// Edit is the build's index as an edit of the last one's, when it is one
// (see Edit) of at most maxFresh sections read again.
func (a *Analysis) Edit(maxFresh int) (*Edit, bool) {
	last := a.last
	if last == nil || !a.record || len(a.units) != len(last.pages) || a.total != last.Docs() {
		return nil, false
	}
	e := &Edit{Docs: a.total, lastStore: last}
	fresh := 0
	for i := range a.units {
		u := &a.units[i]
		if u.old >= 0 {
			if int(u.old) != i {
				return nil, false
			}
			continue
		}
		if int32(u.n) != last.pages[i].docs {
			return nil, false
		}
		fresh += u.n
		if u.n == 0 {
			continue
		}
		if k := len(e.Ranges) - 1; k >= 0 && e.Ranges[k][1] == u.first {
			e.Ranges[k][1] += int32(u.n)
		} else {
			e.Ranges = append(e.Ranges, [2]int32{u.first, u.first + int32(u.n)})
		}
	}
	if fresh > maxFresh {
		return nil, false
	}
	lens := slices.Clone(last.lens)
	for i := range a.units {
		if u := &a.units[i]; u.old < 0 {
			copy(lens[u.first:int(u.first)+u.n], a.lens[u.at:])
		}
	}
	e.avg = averages(totals(lens), len(lens))
	if e.avg != averages(totals(last.lens), len(last.lens)) {
		return nil, false
	}
	next := &Store{pages: slices.Clone(last.pages), lens: lens, cuts: last.cuts,
		words: slices.Clip(last.words), wordTerm: slices.Clip(last.wordTerm), terms: slices.Clip(last.terms)}
	e.Next = next
	if !e.touch(a, last) {
		return nil, false
	}
	return e, true
}

// touch works out the touched terms: their postings before and now, and
// their forms; and the terms of next.
func (e *Edit) touch(a *Analysis, last *Store) bool {
	next := e.Next
	type change struct {
		df    int32
		forms map[int32]int32
	}
	changes := map[string]*change{}
	at := func(term string) *change {
		c := changes[term]
		if c == nil {
			c = &change{forms: map[int32]int32{}}
			changes[term] = c
		}
		return c
	}
	ok := true
	for i := range a.units {
		if u := &a.units[i]; u.old < 0 {
			levels := make([][]string, u.n)
			ok = ok && last.pageRecord(&last.pages[i], levels, func(word, sections int32) {
				c := at(last.termOf(word))
				c.df -= sections
				c.forms[word]--
			})
			e.OldLevels = append(e.OldLevels, levels...)
			e.Levels = append(e.Levels, a.levels[u.at:int(u.at)+u.n]...)
		}
	}
	// (The records are adopted as copies: the Analysis may still make
	// its Index.)
	var fresh []*pageEntry
	for _, r := range a.freshRecords() {
		c := *r
		fresh = append(fresh, &c)
	}
	next.adopt(fresh, nil)
	k := 0
	for i := range a.units {
		if u := &a.units[i]; u.rec != nil {
			next.pages[i] = *fresh[k]
			k++
			ok = ok && next.pageRecord(&next.pages[i], nil, func(word, sections int32) {
				c := at(next.termOf(word))
				c.df += sections
				c.forms[word]++
			})
		}
	}
	if !ok {
		return false
	}
	// The touched terms, sorted, with their indices before.
	touched := make([]string, 0, len(changes))
	for term := range changes {
		touched = append(touched, term)
	}
	slices.Sort(touched)
	e.Touched = make([]TermEdit, len(touched))
	grows := false
	for k, term := range touched {
		te := TermEdit{Old: -1}
		if o, found := slices.BinarySearch(last.Terms, term); found {
			te.Old, te.OldDF = o, last.Postings[o].N
		}
		te.DF = te.OldDF + int(changes[term].df)
		switch {
		case te.DF < 0, te.Old < 0 && changes[term].df <= 0:
			return false
		case te.DF == 0:
			e.Gone = append(e.Gone, te.Old)
		}
		grows = grows || te.Old < 0
		e.Touched[k] = te
	}
	// The terms now: the last build's, less the gone, with the new.
	if !grows && len(e.Gone) == 0 {
		next.Terms = last.Terms
		e.OldIndex = make([]int32, len(last.Terms))
		for t := range e.OldIndex {
			e.OldIndex[t] = int32(t)
		}
	} else {
		gone := make(map[int]bool, len(e.Gone))
		for _, o := range e.Gone {
			gone[o] = true
		}
		next.Terms = make([]string, 0, len(last.Terms)+len(touched))
		for o, term := range last.Terms {
			if !gone[o] {
				next.Terms = append(next.Terms, term)
				e.OldIndex = append(e.OldIndex, int32(o))
			}
		}
		next.Terms, e.OldIndex = mergeNew(next.Terms, e.OldIndex, touched, e.Touched)
	}
	next.Postings = make([]Postings, len(next.Terms))
	next.Forms = make([][]Form, len(next.Terms))
	for t, o := range e.OldIndex {
		if o >= 0 {
			next.Postings[t], next.Forms[t] = last.Postings[o], last.Forms[o]
		}
	}
	for k := range e.Touched {
		te := &e.Touched[k]
		te.Term = -1
		if te.DF > 0 {
			te.Term, _ = slices.BinarySearch(next.Terms, touched[k])
			forms := next.Forms[te.Term]
			for word, n := range changes[touched[k]].forms {
				if n != 0 {
					forms = withForm(forms, word, n)
				}
			}
			next.Forms[te.Term] = forms
		}
	}
	e.freshPostings(a, touched)
	return true
}

// mergeNew adds the new touched terms to terms (sorted, each with its
// index before), keeping them sorted.
func mergeNew(terms []string, old []int32, touched []string, edits []TermEdit) ([]string, []int32) {
	var added []string
	for k, te := range edits {
		if te.Old < 0 {
			added = append(added, touched[k])
		}
	}
	outT := make([]string, 0, len(terms)+len(added))
	outO := make([]int32, 0, len(terms)+len(added))
	i, j := 0, 0
	for i < len(terms) || j < len(added) {
		if j == len(added) || i < len(terms) && terms[i] < added[j] {
			outT, outO = append(outT, terms[i]), append(outO, old[i])
			i++
		} else {
			outT, outO = append(outT, added[j]), append(outO, -1)
			j++
		}
	}
	return outT, outO
}

// freshPostings gathers each touched term's postings in the sections
// read again, from the workers' streams (in section order: the workers
// took the pages in order).
func (e *Edit) freshPostings(a *Analysis, touched []string) {
	for _, w := range a.workers {
		for id := range w.lex.Terms() {
			st := &w.streams[id]
			if st.n == 0 {
				continue
			}
			k, found := slices.BinarySearch(touched, w.lex.TermText(int32(id)))
			if !found {
				e.damaged.Store(true)
				continue
			}
			te := &e.Touched[k]
			w.store.each(st, func(doc int32, body []byte) {
				te.fresh = append(te.fresh, Fresh{doc, slices.Clone(body)})
			})
		}
	}
}

// Damaged reports whether some of the last build's postings could not be
// read back (then the edit is not to be used).
func (e *Edit) Damaged() bool { return e.damaged.Load() }

// lastPostings are touched term k's postings of the last build in the
// sections read again.
func (e *Edit) lastPostings(k int) []Fresh {
	te := &e.Touched[k]
	if te.oldRead || te.Old < 0 {
		return te.old
	}
	te.oldRead = true
	p := &e.lastStore.Postings[te.Old]
	for _, rg := range e.Ranges {
		if !p.scan(e.lastStore.cuts, rg[0], rg[1], func(doc int32, body []byte) {
			te.old = append(te.old, Fresh{doc, body})
		}) {
			e.damaged.Store(true)
		}
	}
	return te.old
}

// Same reports whether touched term k's postings are the last build's:
// the pages read again hold it in the same sections, as often and in the
// same places, and their lengths are the same (then so are its impacts).
func (e *Edit) Same(k int) bool {
	te := &e.Touched[k]
	old := e.lastPostings(k)
	if te.Old < 0 || len(old) != len(te.fresh) {
		return false
	}
	for i := range old {
		d := old[i].Doc
		if d != te.fresh[i].Doc || !bytes.Equal(old[i].Body, te.fresh[i].Body) || e.Next.lens[d] != e.lastStore.lens[d] {
			return false
		}
	}
	return true
}

// Splice makes the postings of touched term k in Next (each once).
func (e *Edit) Splice(k int) {
	te := &e.Touched[k]
	if te.Term < 0 {
		return
	}
	if len(e.lastPostings(k)) == len(te.fresh) && e.bodiesSame(k) {
		e.Next.Postings[te.Term] = e.lastStore.Postings[te.Old] // (the same bytes)
		return
	}
	var p Postings
	if te.Old >= 0 {
		var ok bool
		p, ok = e.last().Postings[te.Old].splice(e.Next.cuts, e.Ranges, te.fresh)
		if !ok {
			e.damaged.Store(true)
		}
	} else {
		w := newPartsWriter(e.Next.cuts, 64, len(te.fresh))
		for _, f := range te.fresh {
			w.add(f.Doc, f.Body)
		}
		p = w.finish()
	}
	if p.N != te.DF {
		e.damaged.Store(true)
	}
	e.Next.Postings[te.Term] = p
}

// Changes fills l with touched term k's postings in the sections read
// again that are new or changed (scored), and returns the postings of the
// last build that go (gone or changed), with the impacts they had (with
// the last build's postings of the term as many as now). A posting is
// the same when its body is (its counts and positions) and so is its
// section's length: then so is its impact.
func (e *Edit) Changes(k int, l *List) (removed []Removed) {
	te := &e.Touched[k]
	last := e.lastStore
	old := e.lastPostings(k)
	l.reset()
	idf := inverseDocFrequency(te.DF, e.Docs)
	add := func(f *Fresh) {
		n := e.avg.norms(e.Next.lens[f.Doc])
		l.body(f.Body, 0, f.Doc, idf, &n)
	}
	var was List
	remove := func(f *Fresh) {
		was.reset()
		n := e.avg.norms(last.lens[f.Doc])
		was.body(f.Body, 0, f.Doc, inverseDocFrequency(te.OldDF, e.Docs), &n)
		removed = append(removed, Removed{f.Doc, was.Postings[0].Impact})
	}
	fresh := te.fresh
	i, j := 0, 0
	for i < len(old) || j < len(fresh) {
		switch {
		case j == len(fresh) || i < len(old) && old[i].Doc < fresh[j].Doc:
			remove(&old[i])
			i++
		case i == len(old) || fresh[j].Doc < old[i].Doc:
			add(&fresh[j])
			j++
		default:
			if d := old[i].Doc; !bytes.Equal(old[i].Body, fresh[j].Body) || e.Next.lens[d] != last.lens[d] {
				remove(&old[i])
				add(&fresh[j])
			}
			i++
			j++
		}
	}
	return removed
}

// Removed is a posting of the last build an edit takes out: its section
// and the impact it had.
type Removed struct{ Doc, Impact int32 }

// bodiesSame reports whether touched term k's postings in the sections
// read again are the same bytes as the last build's.
func (e *Edit) bodiesSame(k int) bool {
	te := &e.Touched[k]
	if te.Old < 0 {
		return false
	}
	for i, f := range e.lastPostings(k) {
		if f.Doc != te.fresh[i].Doc || !bytes.Equal(f.Body, te.fresh[i].Body) {
			return false
		}
	}
	return true
}

// ReadFresh fills l with touched term k's postings in the sections read
// again, scored.
func (e *Edit) ReadFresh(k int, l *List) {
	te := &e.Touched[k]
	l.reset()
	idf := inverseDocFrequency(te.DF, e.Docs)
	for _, f := range te.fresh {
		n := e.avg.norms(e.Next.lens[f.Doc])
		l.body(f.Body, 0, f.Doc, idf, &n)
	}
}

// Read fills l with all postings of touched term k, scored (once
// Spliced).
func (e *Edit) Read(k int, l *List) {
	te := &e.Touched[k]
	l.reset()
	idf := inverseDocFrequency(te.DF, e.Docs)
	bad := false
	ok := e.Next.Postings[te.Term].each(func(doc int32, body []byte) {
		if bad || int(doc) >= len(e.Next.lens) {
			bad = true
			return
		}
		n := e.avg.norms(e.Next.lens[doc])
		l.body(body, 0, doc, idf, &n)
	})
	if !ok || bad || len(l.Postings) != te.DF {
		e.damaged.Store(true)
	}
}

// Positions calls each with term t's positions in each of the sections
// docs (increasing), from Next's postings.
func (e *Edit) Positions(t int, docs []int32, each func(k int, pos []uint16)) {
	if !e.Next.Postings[t].positionsOf(e.Next.cuts, docs, each) {
		e.damaged.Store(true)
	}
}

// Word is the word term t of Next is shown as.
func (e *Edit) Word(t int) string { return e.Next.bestWord(e.Next.Forms[t]) }

// Averages are the average lengths the edit keeps.
func (e *Edit) Averages() Averages { return e.avg }

func (e *Edit) last() *Store { return e.lastStore }

// each calls fn with each posting of st: its section and its body.
func (s *postingStore) each(st *stream, fn func(doc int32, body []byte)) {
	if !st.started {
		return
	}
	r := s.walk(st)
	var win []byte
	i, doc := 0, int32(-1)
	for range st.n {
		if r.short(win, i) {
			win, i = r.refill(win, i), 0
		}
		v, k := uvarint(win, i)
		doc += int32(v)
		i = k + postingBody(win[k:])
		fn(doc, win[k:i])
	}
}
