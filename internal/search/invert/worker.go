package invert

import (
	"math"

	"handbook/internal/search/analyze"
)

// worker analyses a range of docs into its own postings. Its lexicon gives
// words small ids, so that the per-word work is one table lookup: a word
// id per folded word, each mapped to the id of its (stemmed) term.
type worker struct {
	id      uint8
	lex     *analyze.Lexicon
	words   []int32      // scratch: a field's word ids
	wordOf  []int32      // term id → the word id of its plainest folded word (-1: none yet)
	streams []stream     // term id → its postings (see postings.go)
	store   postingStore // holds the streams
	scratch []byte       // a posting as it is encoded

	// per-doc scratch: slots[id].at indexes docTerms when slots[id].doc == doc+1
	slots    []docSlot
	docTerms []docTerm
	pos      int

	// For recording a page's analysis (see recorder in record.go).
	local  []localSlot // term id → its index in the page's terms
	pageNo int32       // numbers the pages recorded, for local
}

type docSlot struct{ doc, at int32 }

type docTerm struct {
	id   int32
	word int32 // the best word of the term in this doc
	tf   [numFields]uint16
	pos  [maxPositions]uint16
	n    uint8
}

func newWorker(id uint8, rules *analyze.Rules) *worker {
	return &worker{id: id, lex: analyze.NewLexicon(rules)}
}

// post adds a posting of term id.
func (w *worker) post(id, doc int32, tf *[numFields]uint16, pos []uint16) {
	w.scratch = w.store.add(&w.streams[id], w.scratch, doc, tf, pos)
}

// growTerms gives the terms the lexicon added their per-term state.
func (w *worker) growTerms() {
	for n := w.lex.Terms(); len(w.slots) < n; {
		w.wordOf = append(w.wordOf, -1)
		w.slots = append(w.slots, docSlot{})
		w.streams = append(w.streams, stream{})
		w.local = append(w.local, localSlot{})
	}
}

// analyse reads one doc's words into docTerms and returns its field lengths.
func (w *worker) analyse(doc int32, d *Doc) [numFields]uint32 {
	w.pos = 0
	w.docTerms = w.docTerms[:0]
	var lens [numFields]uint32
	lens[fieldTitle] = w.field(doc, fieldTitle, d.Page)
	for _, h := range d.Headings {
		lens[fieldHeading] += w.field(doc, fieldHeading, h)
	}
	lens[fieldText] = w.field(doc, fieldText, d.Text)
	lens[fieldCode] = w.field(doc, fieldCode, d.Code)
	return lens
}

// commit adds the doc in docTerms to the postings, and to the page's
// record when rec is not nil.
func (w *worker) commit(doc int32, rec *recorder) {
	for i := range w.docTerms {
		t := &w.docTerms[i]
		w.post(t.id, doc, &t.tf, t.pos[:t.n])
		if rec != nil {
			rec.term(w, t)
		}
		// (most often the doc's word is the one already kept: no strings
		// are compared)
		if best := w.wordOf[t.id]; t.word != best && (best < 0 || betterWord(w.lex.Word(t.word), w.lex.Word(best))) {
			w.wordOf[t.id] = t.word
		}
	}
}

// field adds the words of one field and returns how many there were.
func (w *worker) field(doc int32, f int, text string) uint32 {
	w.words = w.lex.AppendWords(w.words[:0], text)
	w.growTerms()
	for _, word := range w.words {
		w.occur(doc, f, word)
	}
	w.pos += fieldGap
	return uint32(len(w.words))
}

// plainestWord is the word kept for term id ("" when none).
func (w *worker) plainestWord(id int) string {
	if best := w.wordOf[id]; best >= 0 {
		return w.lex.Word(best)
	}
	return ""
}

// betterWord prefers the shorter word, then the alphabetically first: the
// plain form of a term ("policy", not "policies"; "hire", not "hiring").
// Any word is better than none ("").
func betterWord(a, b string) bool {
	if b == "" {
		return a != ""
	}
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func (w *worker) occur(doc int32, f int, word int32) {
	id := w.lex.Term(word)
	slot := &w.slots[id]
	if slot.doc != doc+1 {
		*slot = docSlot{doc: doc + 1, at: int32(len(w.docTerms))}
		w.newDocTerm(id, word)
	}
	t := &w.docTerms[slot.at]
	if word != t.word && betterWord(w.lex.Word(word), w.lex.Word(t.word)) {
		t.word = word
	}
	if t.tf[f] < math.MaxUint16 {
		t.tf[f]++
	}
	if t.n < maxPositions && w.pos <= math.MaxUint16 {
		t.pos[t.n] = uint16(w.pos)
		t.n++
	}
	w.pos++
}

// newDocTerm appends a cleared docTerm for id, reusing the slice's spare
// capacity without clearing the position array, which is only read up to n.
func (w *worker) newDocTerm(id, word int32) {
	n := len(w.docTerms)
	if n == cap(w.docTerms) {
		w.docTerms = append(w.docTerms, docTerm{id: id, word: word})
		return
	}
	w.docTerms = w.docTerms[:n+1]
	t := &w.docTerms[n]
	t.id, t.word, t.tf, t.n = id, word, [numFields]uint16{}, 0
}
