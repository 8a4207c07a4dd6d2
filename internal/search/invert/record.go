package invert

import (
	"bytes"
	"errors"
	"slices"
	"unsafe"

	"handbook/internal/cache"
)

// Analyses are the analyses of a build's pages, recorded for the next
// build (see Pages): per page, its sections' terms with their counts and
// positions, so that an unchanged page is replayed, not read again.
type Analyses struct {
	pages map[cache.Key]*pageEntry
	// The words of the analyses: each folded word and the term it is a
	// form of. Pages name their words by index.
	words    []string
	wordTerm []int32
	terms    []string
	wordIDs  map[string]int32 // made when words are added
	termIDs  map[string]int32
}

// pageEntry is a page's analysis, encoded (see recorder and replay): its
// words (head: a word index of the Analyses per term of the page, its best
// form on the page) and its sections (body).
type pageEntry struct {
	key        cache.Key
	docs       int
	head, body []byte
	// A fresh analysis names its words by the recording worker's word ids
	// until the Analyses adopt them (see adopt).
	worker *worker
	local  []int32
}

// Sections is the number of sections of the page with this key, and
// whether a holds its analysis.
func (a *Analyses) Sections(key cache.Key) (int, bool) {
	e, ok := a.entry(key)
	if !ok {
		return 0, false
	}
	return e.docs, true
}

func (a *Analyses) entry(key cache.Key) (*pageEntry, bool) {
	if a == nil {
		return nil, false
	}
	e, ok := a.pages[key]
	return e, ok
}

// next is the analyses of units (read by a build from a, which may be nil).
func (a *Analyses) next(units []unit) *Analyses {
	n := &Analyses{pages: make(map[cache.Key]*pageEntry, len(units))}
	if a != nil {
		n.words, n.wordTerm, n.terms = a.words, a.wordTerm, a.terms
		n.wordIDs, n.termIDs = a.wordIDs, a.termIDs
	}
	n.adopt(units)
	for _, u := range units {
		n.pages[u.page.Key] = u.entry()
	}
	return n
}

// localSlot maps a worker's term id to its index among the terms of the
// page being recorded (valid when page is the recorder's current one).
type localSlot struct{ page, at int32 }

// recorder writes the analysis of one page as the worker reads it: per
// section its levels, field lengths, and per term its index among the
// page's words, its counts per field (a mask of the fields it is in, then
// those counts) and its positions (as deltas). The page's words are the
// worker's word ids, its best form of each term on the page.
type recorder struct {
	local []int32 // the page's words, as worker word ids
	docs  cache.Enc
	n     int
	free  []byte // room for the next pages' records, so each does not grow from nothing
}

func (r *recorder) start(w *worker) {
	w.pageNo++
	r.local = nil
	if cap(r.free) < 16<<10 {
		r.free = make([]byte, 0, 1<<20)
	}
	r.docs.B = r.free
	r.n = 0
}

// doc starts the record of a doc (the worker's docTerms): its terms
// follow (term).
func (r *recorder) doc(w *worker, levels []string, lens [numFields]uint32) {
	r.n++
	r.docs.Strs(levels)
	for _, l := range lens {
		r.docs.Uint(uint64(l))
	}
	r.docs.Uint(uint64(len(w.docTerms)))
}

// term records a term of the doc: its index among the page's words, and
// the body of its posting (see postingStore.add).
func (r *recorder) term(w *worker, t *docTerm, body []byte) {
	ls := &w.local[t.id]
	if ls.page != w.pageNo {
		*ls = localSlot{page: w.pageNo, at: int32(len(r.local))}
		r.local = append(r.local, t.word)
	} else if best := r.local[ls.at]; t.word != best && betterWord(w.lex.Word(t.word), w.lex.Word(best)) {
		r.local[ls.at] = t.word
	}
	r.docs.Uint(uint64(ls.at))
	r.docs.B = append(r.docs.B, body...)
}

func (r *recorder) finish(w *worker, key cache.Key) *pageEntry {
	body := slices.Clip(r.docs.B)
	if len(body) > 0 && unsafe.SliceData(body) == unsafe.SliceData(r.free) {
		r.free = r.free[len(body):len(body)] // (else the record outgrew it)
	}
	return &pageEntry{key: key, docs: r.n, body: body, worker: w, local: r.local}
}

// adopt names the words of the fresh analyses by a's words, adding the
// new ones.
func (a *Analyses) adopt(units []unit) {
	if a.wordIDs == nil {
		a.wordIDs = make(map[string]int32, len(a.words))
		for i, p := range a.words {
			a.wordIDs[p] = int32(i)
		}
		a.termIDs = make(map[string]int32, len(a.terms))
		for i, t := range a.terms {
			a.termIDs[t] = int32(i)
		}
	}
	trans := map[*worker][]int32{} // worker word id → a's + 1
	for _, u := range units {
		e := u.rec
		if e == nil {
			continue
		}
		w := e.worker
		t := trans[w]
		if n := w.lex.Words(); len(t) < n {
			t = append(t, make([]int32, n-len(t))...)
			trans[w] = t
		}
		var h cache.Enc
		h.Uint(uint64(e.docs))
		h.Uint(uint64(len(e.local)))
		for _, p := range e.local {
			if t[p] == 0 {
				t[p] = a.word(w.lex.Word(p), w.lex.TermText(w.lex.Term(p))) + 1
			}
			h.Uint(uint64(t[p] - 1))
		}
		e.head, e.worker, e.local = h.B, nil, nil
	}
}

// word is the index of a folded word of term, added when new.
func (a *Analyses) word(word, term string) int32 {
	if id, ok := a.wordIDs[word]; ok {
		return id
	}
	t, ok := a.termIDs[term]
	if !ok {
		t = int32(len(a.terms))
		a.terms = append(a.terms, term)
		a.termIDs[term] = t
	}
	id := int32(len(a.words))
	a.words = append(a.words, word)
	a.wordTerm = append(a.wordTerm, t)
	a.wordIDs[word] = id
	return id
}

// replayer replays recorded pages into one worker.
type replayer struct {
	fromCache []int32 // the Analyses' word → the worker's word id + 1
	ids       []int32 // scratch: the page's words as term ids
	words     []int32 // and as word ids
}

// replay adds the postings of a recorded page of n sections, its first
// section numbered first, and sets its sections' levels. A damaged record
// (which the cache's checksum makes unlikely) still adds n sections, empty
// ones, and reports false.
func (r *replayer) replay(w *worker, c *Analyses, first int32, n int, e *pageEntry, levels [][]string) bool {
	h := cache.NewDec(e.head)
	ok := int(h.Uint()) == n
	m := h.Len(1)
	r.ids, r.words = r.ids[:0], r.words[:0]
	for range m {
		g := h.Uint()
		if g >= uint64(len(c.words)) {
			ok = false
			break
		}
		p := r.fromCache[g] - 1
		if p < 0 {
			p = w.lex.Add(c.words[g], c.terms[c.wordTerm[g]])
			r.fromCache[g] = p + 1
		}
		r.words = append(r.words, p)
		r.ids = append(r.ids, w.lex.Term(p))
	}
	w.growTerms()
	ok = ok && h.Done()
	if ok {
		// The page's best form of each term counts once, not per posting.
		for i, id := range r.ids {
			if word := w.lex.Word(r.words[i]); betterWord(word, w.wordOf[id]) {
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
			// Straight into the postings: a term's record after its
			// index on the page is a posting's body (see postingStore.add).
			for range d.Len(4) {
				local := d.Uint()
				body := d.Rest()
				k := postingBody(body)
				if local >= uint64(len(r.ids)) || k == 0 {
					ok = false
					break
				}
				w.store.put(&w.streams[r.ids[local]], doc, body[:k])
				d.Raw(k)
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

// Encode writes the analyses to e (after dropping the words no page names
// any more, when there are many) and returns the pages' keys in the order
// written: Decode returns the same list.
func (a *Analyses) Encode(e *cache.Stream) []cache.Key {
	a.compact(1000)
	e.Strs(a.terms)
	e.Uint(uint64(len(a.words)))
	for i, p := range a.words {
		e.Str(p)
		e.Uint(uint64(a.wordTerm[i]))
		e.Spill()
	}
	keys := make([]cache.Key, 0, len(a.pages))
	for k := range a.pages {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b cache.Key) int { return bytes.Compare(a[:], b[:]) })
	e.Uint(uint64(len(keys)))
	for _, k := range keys {
		p := a.pages[k]
		e.Key(k)
		e.Uint(uint64(p.docs))
		e.Bytes(p.head)
		e.Uint(uint64(len(p.body)))
		e.Write(p.body)
	}
	return keys
}

// compact drops the words no page names any more, when they are at least
// minUnused and as many as the others.
func (a *Analyses) compact(minUnused int) {
	used := make([]bool, len(a.words))
	n := 0
	for _, p := range a.pages {
		h := cache.NewDec(p.head)
		h.Uint()
		for range h.Len(1) {
			if g := h.Uint(); g < uint64(len(used)) && !used[g] {
				used[g] = true
				n++
			}
		}
	}
	if unused := len(a.words) - n; unused < minUnused || unused < n {
		return
	}
	remap := make([]int32, len(a.words))
	fresh := &Analyses{wordIDs: map[string]int32{}, termIDs: map[string]int32{}}
	for g, ok := range used {
		if ok {
			remap[g] = fresh.word(a.words[g], a.terms[a.wordTerm[g]])
		}
	}
	for _, p := range a.pages {
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
	a.words, a.wordTerm, a.terms, a.wordIDs, a.termIDs = fresh.words, fresh.wordTerm, fresh.terms, fresh.wordIDs, fresh.termIDs
}

// errDamaged is analyses that cannot be read.
var errDamaged = errors.New("search: damaged analyses")

// Decode reads analyses written by Encode (which keep sharing d's bytes)
// and the pages' keys in the order written.
func Decode(d *cache.Dec) (*Analyses, []cache.Key, error) {
	a := &Analyses{}
	a.terms = d.Strs()
	np := d.Len(2)
	a.words, a.wordTerm = make([]string, np), make([]int32, np)
	for i := range np {
		a.words[i] = d.Str()
		t := d.Uint()
		if t >= uint64(len(a.terms)) {
			return nil, nil, errDamaged
		}
		a.wordTerm[i] = int32(t)
	}
	n := d.Len(34)
	keys := make([]cache.Key, n)
	a.pages = make(map[cache.Key]*pageEntry, n)
	for i := range keys {
		k := d.Key()
		p := &pageEntry{key: k, docs: int(min(d.Uint(), 1<<30))}
		p.head, p.body = d.Bytes(), d.Bytes()
		if p.docs > len(p.body) { // each section takes a few bytes
			return nil, nil, errDamaged
		}
		keys[i] = k
		a.pages[k] = p
	}
	if d.Err() != nil {
		return nil, nil, errDamaged
	}
	return a, keys, nil
}
