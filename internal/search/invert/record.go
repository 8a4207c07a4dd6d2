package invert

import (
	"errors"
	"math"
	"slices"
	"sync"
	"unsafe"

	"handbook/internal/cache"
)

// Store is what a build's index keeps for the next build (see Pages):
// each page's record (its sections' levels, and its terms: the page's
// best form of each, and how many of its sections hold it), each
// section's lengths, and each term's postings. The next build reads again
// only the pages that changed; when they leave the site's statistics as
// they were, it touches only their terms' postings (see Analysis.Edit).
type Store struct {
	pages []pageEntry // in the build's order
	lens  [][2]uint32 // each section's words of text and of code

	keysOnce sync.Once
	byKey    map[cache.Key]int32

	// The words of the records: each folded word and the term it is a
	// form of. Records name their words by index.
	words    []string
	wordTerm []int32
	terms    []string
	wordIDs  map[string]int32 // made when words are added
	termIDs  map[string]int32

	// The index's terms, sorted; each one's postings, and the words that
	// are some page's best form of it (Form.Pages such pages).
	Terms    []string
	Postings []Postings
	Forms    [][]Form

	// cuts are the segments' first sections (see cutSegments); layout,
	// where SegmentFiles put each part.
	cuts   []int32
	layout *segmentLayout
}

// Form is a word of a term and the number of pages whose best form of
// the term it is (the term is shown as its best word on the site).
type Form struct{ Word, Pages int32 }

// pageEntry is a page's record: its sections' levels, then its words
// (see recorder).
type pageEntry struct {
	key   cache.Key
	first int32 // its first section's number
	docs  int32
	rec   []byte
	// A record read from disk is in its segment's file (from, the
	// at-th of its records), read when first used (rec is nil).
	from *segmentRecords
	at   int32
	// A fresh record names its words by the recording worker's word ids
	// until the Store adopts them (see adopt).
	worker *worker
	local  []pageWord
}

// pageWord is a term of a page: its best word there, and how many of
// the page's sections hold it.
type pageWord struct{ word, sections int32 }

// Sections is the number of sections of the page with this key, and
// whether s holds its record.
func (s *Store) Sections(key cache.Key) (int, bool) {
	e := s.entry(key)
	if e == nil {
		return 0, false
	}
	return int(e.docs), true
}

func (s *Store) entry(key cache.Key) *pageEntry {
	if at := s.index(key, -1); at >= 0 {
		return &s.pages[at]
	}
	return nil
}

// index is the index of the page with this key (-1: none), looked for at
// i first.
func (s *Store) index(key cache.Key, i int) int32 {
	if s == nil {
		return -1
	}
	if i >= 0 && i < len(s.pages) && s.pages[i].key == key {
		return int32(i)
	}
	s.keysOnce.Do(func() {
		s.byKey = make(map[cache.Key]int32, len(s.pages))
		for i := range s.pages {
			s.byKey[s.pages[i].key] = int32(i)
		}
	})
	at, ok := s.byKey[key]
	if !ok {
		return -1
	}
	return at
}

// Pages is the number of pages of the build s was kept by, Key the key
// of each, and Index a page's index.
func (s *Store) Pages() int { return len(s.pages) }

func (s *Store) Key(i int) cache.Key { return s.pages[i].key }

// KeyAt reports whether page i has this key.
func (s *Store) KeyAt(i int, key cache.Key) bool {
	return i >= 0 && i < len(s.pages) && s.pages[i].key == key
}

func (s *Store) Index(key cache.Key) (int, bool) {
	at := s.index(key, -1)
	return int(at), at >= 0
}

// Word is the word term t of s is shown as.
func (s *Store) Word(t int) string { return s.bestWord(s.Forms[t]) }

// Docs is the number of sections of the build s was kept by.
func (s *Store) Docs() int { return len(s.lens) }

// pageRecord reads a page's record: each section's levels (into levels,
// when not nil) and its words; ok is false when it is damaged.
func (s *Store) pageRecord(e *pageEntry, levels [][]string, words func(word, sections int32)) bool {
	rec, ok := e.record()
	if !ok {
		return false
	}
	d := cache.NewDec(rec)
	for j := range int(e.docs) {
		ls := d.Strs()
		if levels != nil {
			levels[j] = ls
		}
	}
	n := d.Len(2)
	for range n {
		w, k := d.Uint(), d.Uint()
		if w >= uint64(len(s.words)) || k == 0 || k > uint64(e.docs) {
			return false
		}
		if words != nil {
			words(int32(w), int32(k))
		}
	}
	return d.Done()
}

// localSlot maps a worker's term id to its index among the terms of the
// page being recorded (valid when page is the recorder's current one).
type localSlot struct{ page, at int32 }

// recorder writes the record of one page as the worker reads it: its
// sections' levels, and its terms (as worker word ids until adopted).
type recorder struct {
	local []pageWord
	rec   cache.Enc
	n     int
	free  []byte // room for the next pages' records
}

func (r *recorder) start(w *worker) {
	w.pageNo++
	r.local = nil
	if cap(r.free) < 4<<10 {
		r.free = make([]byte, 0, 256<<10)
	}
	r.rec.B = r.free
	r.n = 0
}

// doc starts the record of a section (the worker's docTerms).
func (r *recorder) doc(levels []string) {
	r.n++
	r.rec.Strs(levels)
}

// term notes a term of the section.
func (r *recorder) term(w *worker, t *docTerm) {
	ls := &w.local[t.id]
	if ls.page != w.pageNo {
		*ls = localSlot{page: w.pageNo, at: int32(len(r.local))}
		r.local = append(r.local, pageWord{word: t.word})
	} else if best := r.local[ls.at].word; t.word != best && betterWord(w.lex.Word(t.word), w.lex.Word(best)) {
		r.local[ls.at].word = t.word
	}
	r.local[ls.at].sections++
}

func (r *recorder) finish(w *worker, key cache.Key) *pageEntry {
	rec := slices.Clip(r.rec.B)
	if len(rec) > 0 && unsafe.SliceData(rec) == unsafe.SliceData(r.free) {
		r.free = r.free[len(rec):len(rec)] // (else the record outgrew it)
	}
	return &pageEntry{key: key, docs: int32(r.n), rec: rec, worker: w, local: r.local}
}

// adopt names the words of fresh records by s's words (adding the new
// ones) and calls each with the word and sections of each term of each.
func (s *Store) adopt(entries []*pageEntry, each func(e *pageEntry, word, sections int32)) {
	s.indexWords()
	trans := map[*worker][]int32{} // worker word id → s's + 1
	for _, e := range entries {
		w := e.worker
		if w == nil {
			continue
		}
		t := trans[w]
		if n := w.lex.Words(); len(t) < n {
			t = append(t, make([]int32, n-len(t))...)
			trans[w] = t
		}
		rec := cache.Enc{B: make([]byte, 0, len(e.rec)+2+3*len(e.local))}
		rec.B = append(rec.B, e.rec...)
		rec.Uint(uint64(len(e.local)))
		for _, p := range e.local {
			if t[p.word] == 0 {
				t[p.word] = s.word(w.lex.Word(p.word), w.lex.TermText(w.lex.Term(p.word))) + 1
			}
			rec.Uint(uint64(t[p.word] - 1))
			rec.Uint(uint64(p.sections))
			if each != nil {
				each(e, t[p.word]-1, p.sections)
			}
		}
		e.rec, e.worker, e.local = rec.B, nil, nil
	}
}

func (s *Store) indexWords() {
	if s.wordIDs != nil {
		return
	}
	s.wordIDs = make(map[string]int32, len(s.words))
	for i, p := range s.words {
		s.wordIDs[p] = int32(i)
	}
	s.termIDs = make(map[string]int32, len(s.terms))
	for i, t := range s.terms {
		s.termIDs[t] = int32(i)
	}
}

// word is the index of a folded word of term, added when new.
func (s *Store) word(word, term string) int32 {
	if id, ok := s.wordIDs[word]; ok {
		return id
	}
	t, ok := s.termIDs[term]
	if !ok {
		t = int32(len(s.terms))
		s.terms = append(s.terms, term)
		s.termIDs[term] = t
	}
	id := int32(len(s.words))
	s.words = append(s.words, word)
	s.wordTerm = append(s.wordTerm, t)
	s.wordIDs[word] = id
	return id
}

// termOf is the term a word of the records is a form of.
func (s *Store) termOf(word int32) string { return s.terms[s.wordTerm[word]] }

// bestWord is the word a term is shown as: its plainest best form.
func (s *Store) bestWord(forms []Form) string {
	best := ""
	for _, f := range forms {
		if f.Pages > 0 {
			if w := s.words[f.Word]; betterWord(w, best) {
				best = w
			}
		}
	}
	return best
}

// withForm is forms with n more pages (n may be negative) whose best form
// is word; forms is not modified.
func withForm(forms []Form, word, n int32) []Form {
	out := make([]Form, 0, len(forms)+1)
	found := false
	for _, f := range forms {
		if f.Word == word {
			f.Pages += n
			found = true
		}
		if f.Pages > 0 {
			out = append(out, f)
		}
	}
	if !found && n > 0 {
		out = append(out, Form{word, n})
		slices.SortFunc(out, func(a, b Form) int { return int(a.Word - b.Word) })
	}
	return out
}

// compact drops the words no term's forms name any more, when they are
// at least minUnused and as many as the others.
func (s *Store) compact(minUnused int) {
	used, n := s.usedWords()
	if unused := len(s.words) - n; unused >= minUnused && unused >= n {
		s.dropWords(used)
	}
}

// usedWords marks the words some term's forms name, and counts them.
func (s *Store) usedWords() ([]bool, int) {
	used := make([]bool, len(s.words))
	n := 0
	for _, forms := range s.Forms {
		for _, f := range forms {
			if !used[f.Word] {
				used[f.Word] = true
				n++
			}
		}
	}
	return used, n
}

// dropWords keeps only the words used: the records and forms are
// renumbered.
func (s *Store) dropWords(used []bool) {
	remap := make([]int32, len(s.words))
	fresh := &Store{}
	fresh.indexWords()
	for g, ok := range used {
		if ok {
			remap[g] = fresh.word(s.words[g], s.termOf(int32(g)))
		}
	}
	for i := range s.pages {
		e := &s.pages[i]
		rec, _ := e.record() // (one that cannot be read made the index damaged)
		d := cache.NewDec(rec)
		for range e.docs {
			d.Strs()
		}
		head := len(rec) - len(d.Rest())
		out := cache.Enc{B: append(make([]byte, 0, len(rec)), rec[:head]...)}
		m := d.Len(2)
		out.Uint(uint64(m))
		for range m {
			out.Uint(uint64(remap[min(d.Uint(), uint64(len(remap)-1))]))
			out.Uint(d.Uint())
		}
		e.rec, e.from = out.B, nil
	}
	for t, forms := range s.Forms {
		out := make([]Form, len(forms))
		for i, f := range forms {
			out[i] = Form{remap[f.Word], f.Pages}
		}
		slices.SortFunc(out, func(a, b Form) int { return int(a.Word - b.Word) })
		s.Forms[t] = out
	}
	s.words, s.wordTerm, s.terms, s.wordIDs, s.termIDs = fresh.words, fresh.wordTerm, fresh.terms, fresh.wordIDs, fresh.termIDs
}

// Encode writes s to e (once SegmentFiles has written the records and
// postings): the words, the pages' keys and sections, the sections'
// lengths, the segment files and the terms, with where their postings'
// parts are in those files.
func (s *Store) Encode(e *cache.Stream) {
	e.Strs(s.terms)
	e.Uint(uint64(len(s.words)))
	for i, p := range s.words {
		e.Str(p)
		e.Uint(uint64(s.wordTerm[i]))
		e.Spill()
	}
	e.Uint(uint64(len(s.pages)))
	for i := range s.pages {
		p := &s.pages[i]
		e.Key(p.key)
		e.Uint(uint64(p.docs))
		e.Spill()
	}
	e.Uint(uint64(len(s.lens)))
	for _, l := range s.lens {
		e.Uint(uint64(l[0]))
		e.Uint(uint64(l[1]))
		e.Spill()
	}
	e.Uint(uint64(len(s.cuts)))
	for _, c := range s.cuts {
		e.Uint(uint64(c))
	}
	l := s.layout
	if l == nil {
		l = &segmentLayout{} // (not laid out: read back as damaged)
	}
	e.Uint(uint64(len(l.names)))
	for i, name := range l.names {
		e.Str(name)
		e.Uint(uint64(l.sizes[i]))
		e.Uint(uint64(l.records[i]))
	}
	e.Uint(uint64(len(s.Terms)))
	for t, term := range s.Terms {
		e.Str(term)
		forms := s.Forms[t]
		e.Uint(uint64(len(forms)))
		for _, f := range forms {
			e.Uint(uint64(f.Word))
			e.Uint(uint64(f.Pages))
		}
		p := &s.Postings[t]
		e.Uint(uint64(p.N))
		if t >= len(l.offs) {
			e.Uint(0)
			continue
		}
		e.Uint(uint64(len(p.Parts)))
		for i := range p.Parts {
			q := &p.Parts[i]
			data, skip := len(q.Data), len(q.Skip)
			if q.src != nil {
				data, skip = q.src.data, q.src.skipSize
			}
			e.Uint(uint64(q.Seg))
			e.Uint(uint64(q.N))
			e.Uint(uint64(l.offs[t][i]))
			e.Uint(uint64(data))
			e.Uint(uint64(skip))
		}
		e.Spill()
	}
}

// errDamaged is a store that cannot be read.
var errDamaged = errors.New("search: damaged index store")

// DecodeStore reads a store written by Encode (which keeps sharing d's
// bytes), its segment files read by open (by name, the file's bytes) when
// first used, and checked then: a part of a file that cannot be read is
// damaged postings (see Index.Damaged, Edit.Damaged).
func DecodeStore(d *cache.Dec, open func(name string) ([]byte, bool)) (*Store, error) {
	s := &Store{}
	s.terms = d.Strs()
	np := d.Len(2)
	s.words, s.wordTerm = make([]string, np), make([]int32, np)
	for i := range np {
		s.words[i] = d.Str()
		t := d.Uint()
		if t >= uint64(len(s.terms)) {
			return nil, errDamaged
		}
		s.wordTerm[i] = int32(t)
	}
	n := d.Len(33)
	s.pages = make([]pageEntry, n)
	first := int64(0)
	for i := range s.pages {
		p := &s.pages[i]
		p.key = d.Key()
		docs := d.Uint()
		if docs > math.MaxInt32 || first+int64(docs) > math.MaxInt32 {
			return nil, errDamaged
		}
		p.first, p.docs = int32(first), int32(docs)
		first += int64(docs)
	}
	n = d.Len(2)
	if int64(n) != first {
		return nil, errDamaged
	}
	s.lens = make([][2]uint32, n)
	for i := range s.lens {
		text, code := d.Uint(), d.Uint()
		if text > math.MaxUint32 || code > math.MaxUint32 {
			return nil, errDamaged
		}
		s.lens[i] = [2]uint32{uint32(text), uint32(code)}
	}
	s.cuts = make([]int32, d.Len(1))
	for i := range s.cuts {
		s.cuts[i] = int32(min(d.Uint(), math.MaxInt32))
	}
	if !sortedCuts(s.cuts, len(s.lens)) {
		return nil, errDamaged
	}
	files := make([]*segmentFile, d.Len(2))
	if len(files) != len(s.cuts) {
		return nil, errDamaged
	}
	records := make([]uint64, len(files))
	for i := range files {
		name, size := d.Str(), d.Uint()
		records[i] = d.Uint()
		if name == "" {
			continue
		}
		if !validSegmentName(name) || size > math.MaxInt32 || records[i] < uint64(len(segmentMagic)) || records[i] > size {
			return nil, errDamaged
		}
		files[i] = &segmentFile{name: name, size: int(size), open: open}
	}
	if !s.recordsIn(files, records) {
		return nil, errDamaged
	}
	n = d.Len(4)
	s.Terms, s.Postings, s.Forms = make([]string, n), make([]Postings, n), make([][]Form, n)
	for t := range n {
		s.Terms[t] = d.Str()
		if t > 0 && s.Terms[t] <= s.Terms[t-1] {
			return nil, errDamaged
		}
		forms := make([]Form, d.Len(2))
		for i := range forms {
			w, k := d.Uint(), d.Uint()
			if w >= uint64(len(s.words)) || k == 0 || k > uint64(len(s.pages)) {
				return nil, errDamaged
			}
			forms[i] = Form{int32(w), int32(k)}
		}
		s.Forms[t] = forms
		p := &s.Postings[t]
		p.N = int(min(d.Uint(), uint64(first)))
		if !decodeParts(d, p, files) {
			return nil, errDamaged
		}
	}
	if d.Err() != nil {
		return nil, errDamaged
	}
	return s, nil
}

// decodeParts reads the parts of p (whose N is read) as Encode wrote
// them, each in one of files (by segment).
func decodeParts(d *cache.Dec, p *Postings, files []*segmentFile) bool {
	p.Parts = make([]Part, d.Len(5))
	n, last := 0, int32(-1)
	for i := range p.Parts {
		seg, count, off, data, skip := d.Uint(), d.Uint(), d.Uint(), d.Uint(), d.Uint()
		if seg >= uint64(len(files)) || int32(seg) <= last || files[seg] == nil || count > uint64(p.N) {
			return false
		}
		f := files[seg]
		if off < uint64(len(segmentMagic)) || off > uint64(f.size) || data > uint64(f.size) || skip > uint64(f.size) ||
			off+data+skip > uint64(f.size) || !partSizes(int(count), int(data), int(skip)) {
			return false
		}
		last = int32(seg)
		n += int(count)
		p.Parts[i] = Part{Seg: int32(seg), N: int(count), src: &partSource{file: f, off: int(off), data: int(data), skipSize: int(skip)}}
	}
	return p.N > 0 && n == p.N && d.Err() == nil
}

// PageSections is the number of sections of page i.
func (s *Store) PageSections(i int) int { return int(s.pages[i].docs) }

// First is the number of page i's first section (i ≤ Pages: First(Pages)
// is Docs).
func (s *Store) First(i int) int {
	if i == len(s.pages) {
		return s.Docs()
	}
	return int(s.pages[i].first)
}
