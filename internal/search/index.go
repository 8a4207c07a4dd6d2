package search

import (
	"math"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"
)

// The fields of a section, in the order their words are numbered.
const (
	fieldTitle = iota
	fieldHeading
	fieldText
	fieldCode
	numFields
)

// Ranking constants. A word in the page title counts three times a word of
// prose, a heading word twice, a code word about a third.
var (
	fieldBoost = [numFields]float64{3, 2, 1, 0.35}
	// Titles and headings are short and alike in length, so only prose and
	// code are normalised by length.
	fieldLengthNorm = [numFields]float64{0, 0, 0.75, 0.75}
)

const (
	bm25K1 = 1.2
	// maxPositions is how many word positions a posting keeps (the first
	// ones), for phrase matching and the proximity boost.
	maxPositions = 16
	// fieldGap separates fields and headings in the position numbering, so
	// a phrase never matches across them.
	fieldGap = 16
	// impactScale turns a BM25F score into the integer stored in postings.
	impactScale = 100
)

// posting records one term in one section, as written out.
type posting struct {
	doc    int32
	off    uint32 // first position in the arena of the worker that built it
	impact int32
	n      uint8 // number of positions kept
	worker uint8
}

// occurrences is what a worker records of a term in a section, until the
// impact can be computed from the whole corpus's statistics. Its positions
// run in the worker's arena from off to the next occurrences' off: the
// worker appends both in the same order.
type occurrences struct {
	doc int32
	off uint32
	tf  [numFields]uint16
}

// index is the inverted index before it is written out.
type index struct {
	docs   int
	terms  map[string][]posting // postings in doc order
	arenas [][]uint16           // word positions, one arena per worker
	lens   [][numFields]uint32  // words per field, per doc
	words  map[string]string    // term → the word shown for it in suggestions
}

func (ix *index) positions(p posting) []uint16 {
	return ix.arenas[p.worker][p.off : p.off+uint32(p.n)]
}

// invert analyses docs on all CPUs, each worker taking a contiguous range,
// and merges the per-worker postings in doc order.
func invert(docs []Doc, rules *wordRules) *index {
	nw := min(runtime.GOMAXPROCS(0), 16, max(1, len(docs)/256))
	workers := make([]*worker, nw)
	var wg sync.WaitGroup
	for i := range workers {
		lo, hi := len(docs)*i/nw, len(docs)*(i+1)/nw
		w := newWorker(uint8(i))
		w.rules = rules
		w.presize(docs[lo:hi])
		workers[i] = w
		wg.Go(func() {
			for d := lo; d < hi; d++ {
				w.add(int32(d), &docs[d])
			}
		})
	}
	wg.Wait()
	ix := &index{docs: len(docs), words: map[string]string{}}
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

// groupAndScore turns the workers' postings (each worker's in doc order)
// into one list per term, in doc order, carved out of a single allocation,
// and sets their impacts. The workers' postings are scattered in parallel:
// each worker fills its own part of every term's list.
func groupAndScore(workers []*worker, norms [][numFields]float64) map[string][]posting {
	var names []string // global term id → term
	global := map[string]int32{}
	toGlobal := make([][]int32, len(workers)) // worker's term id → global id
	for i, w := range workers {
		toGlobal[i] = make([]int32, len(w.termOf))
		for id, t := range w.termOf {
			g, ok := global[t]
			if !ok {
				g = int32(len(names))
				global[t] = g
				names = append(names, t)
			}
			toGlobal[i][id] = g
		}
	}
	// cursors[i][g] is where worker i writes its next posting of term g.
	cursors := make([][]int, len(workers))
	df := make([]int, len(names))
	for i, w := range workers {
		cursors[i] = make([]int, len(names))
		for id, n := range w.termCount {
			g := toGlobal[i][id]
			cursors[i][g] = df[g] // for now, relative to the term's start
			df[g] += n
		}
	}
	total := 0
	for _, n := range df {
		total += n
	}
	backing := make([]posting, total)
	terms := make(map[string][]posting, len(names))
	idf := make([]float64, len(names))
	start := 0
	for g, t := range names {
		terms[t] = backing[start : start+df[g] : start+df[g]]
		for i := range workers {
			cursors[i][g] += start
		}
		start += df[g]
		idf[g] = inverseDocFrequency(df[g], len(norms))
	}
	var wg sync.WaitGroup
	for i, w := range workers {
		wg.Go(func() {
			cursor, toG := cursors[i], toGlobal[i]
			for k, o := range w.all {
				g := toG[w.termIDs[k]]
				end := uint32(len(w.arena))
				if k+1 < len(w.all) {
					end = w.all[k+1].off
				}
				backing[cursor[g]] = posting{doc: o.doc, off: o.off, n: uint8(end - o.off), worker: w.id,
					impact: impact(o.tf, idf[g], &norms[o.doc])}
				cursor[g]++
			}
			w.all, w.termIDs = nil, nil
		})
	}
	wg.Wait()
	return terms
}

func inverseDocFrequency(df, docs int) float64 {
	n, d := float64(docs), float64(df)
	return math.Log(1 + (n-d+0.5)/(d+0.5))
}

// impact is a posting's BM25F score, scaled to an integer.
func impact(tf [numFields]uint16, idf float64, norm *[numFields]float64) int32 {
	sum := 0.0
	for f := range numFields {
		switch {
		case tf[f] == 0: // adding 0 would change nothing
		case fieldLengthNorm[f] == 0: // the norm is exactly 1
			sum += fieldBoost[f] * float64(tf[f])
		default:
			sum += fieldBoost[f] * float64(tf[f]) / norm[f]
		}
	}
	s := idf * sum * (bm25K1 + 1) / (sum + bm25K1)
	return int32(max(1, math.Round(s*impactScale)))
}

// lengthNorms is each doc's BM25 length normalisation per field.
func (ix *index) lengthNorms() [][numFields]float64 {
	var avg [numFields]float64
	for _, l := range ix.lens {
		for f := range avg {
			avg[f] += float64(l[f])
		}
	}
	for f := range avg {
		avg[f] = max(avg[f]/float64(max(1, ix.docs)), 1)
	}
	norms := make([][numFields]float64, len(ix.lens))
	for d, l := range ix.lens {
		for f := range numFields {
			norms[d][f] = 1 - fieldLengthNorm[f] + fieldLengthNorm[f]*float64(l[f])/avg[f]
		}
	}
	return norms
}

// worker analyses a range of docs into its own postings. Terms get small
// ids so that the per-word work is one table lookup.
type worker struct {
	id        uint8
	an        analyzer
	rules     *wordRules
	short     wordTable        // ASCII word of up to 16 bytes as written → term id
	raw       map[string]int32 // longer ASCII word as written → term id
	ids       map[string]int32 // folded piece → term id
	stemIDs   map[string]int32 // stemmed term → term id
	termOf    []string         // term id → stemmed term
	wordOf    []string         // term id → its shortest folded word
	all       []occurrences    // postings in doc order
	termIDs   []int32          // term id of each posting in all
	termCount []int            // term id → number of postings
	arena     []uint16
	lens      [][numFields]uint32

	// per-doc scratch: slots[id].at indexes docTerms when slots[id].doc == doc+1
	slots    []docSlot
	docTerms []docTerm
	pos      int
}

type docSlot struct{ doc, at int32 }

type docTerm struct {
	id  int32
	tf  [numFields]uint16
	pos [maxPositions]uint16
	n   uint8
}

func newWorker(id uint8) *worker {
	return &worker{id: id, rules: defaultRules, raw: map[string]int32{}, ids: map[string]int32{}, stemIDs: map[string]int32{}}
}

// presize reserves room for the postings and positions of docs, estimated
// from their length (about one posting per 13 bytes of prose and one kept
// position per 6.5), so the big slices are rarely copied as they grow.
func (w *worker) presize(docs []Doc) {
	size := 0
	for i := range docs {
		size += len(docs[i].Text) + len(docs[i].Code)
	}
	w.all = make([]occurrences, 0, size/12)
	w.termIDs = make([]int32, 0, size/12)
	w.arena = make([]uint16, 0, size/6)
	w.lens = make([][numFields]uint32, 0, len(docs))
}

func (w *worker) add(doc int32, d *Doc) {
	w.pos = 0
	w.docTerms = w.docTerms[:0]
	var lens [numFields]uint32
	lens[fieldTitle] = w.field(doc, fieldTitle, d.Page)
	for _, h := range d.Headings {
		lens[fieldHeading] += w.field(doc, fieldHeading, h)
	}
	lens[fieldText] = w.field(doc, fieldText, d.Text)
	lens[fieldCode] = w.field(doc, fieldCode, d.Code)
	w.lens = append(w.lens, lens)
	for i := range w.docTerms {
		t := &w.docTerms[i]
		off := uint32(len(w.arena))
		w.arena = append(w.arena, t.pos[:t.n]...)
		w.all = append(w.all, occurrences{doc: doc, tf: t.tf, off: off})
		w.termIDs = append(w.termIDs, t.id)
		w.termCount[t.id]++
	}
}

// field adds the words of one field and returns how many there were.
func (w *worker) field(doc int32, f int, text string) uint32 {
	count := uint32(0)
	w.rules.stretches(text, func(lo, hi int) { count += w.words(doc, f, text[lo:hi]) })
	w.pos += fieldGap
	return count
}

// words adds the words of text. Plain ASCII words (nearly all of them) take
// a fast path that looks the word up as written, before folding; the rest
// go through the full analyser.
func (w *worker) words(doc int32, f int, text string) uint32 {
	count := uint32(0)
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf && !asciiWord[c] {
			i++
			continue
		}
		if i+maxShortWord <= len(text) {
			if key, end, ok := shortASCIIWord(text, i); ok {
				w.occur(doc, f, w.shortTermID(key, text[i:end]))
				count++
				i = end + 1 // text[end] is an ASCII separator
				continue
			}
		}
		j := i
		for j < len(text) && text[j] < utf8.RuneSelf && asciiWord[text[j]] {
			j++
		}
		if j > i && (j == len(text) || text[j] < utf8.RuneSelf && text[j] != '\'') {
			w.occur(doc, f, w.rawTermID(text, i, j))
			count++
			i = j
			continue
		}
		if !startsWord(text, i) {
			_, size := decodeRune(text, i)
			i += size
			continue
		}
		end, ascii := wordEnd(text, i)
		forEachPiece(w.an.fold(text[i:end], ascii), func(piece string) {
			w.occur(doc, f, w.termID(piece))
			count++
		})
		i = end
	}
	return count
}

// rawTermID is termID for the unfolded ASCII word text[i:j].
func (w *worker) rawTermID(text string, i, j int) int32 {
	if j-i <= maxShortWord {
		return w.shortTermID(shortWordKey(text, i, j), text[i:j])
	}
	word := text[i:j]
	if id, ok := w.raw[word]; ok {
		return id
	}
	id := w.termID(w.an.fold(word, true))
	w.raw[strings.Clone(word)] = id
	return id
}

// shortTermID is termID for an unfolded ASCII word of up to 16 bytes and its key.
func (w *worker) shortTermID(key wordKey, word string) int32 {
	if id, ok := w.short.get(key); ok {
		return id
	}
	id := w.termID(w.an.fold(word, true))
	w.short.put(key, id)
	return id
}

func (w *worker) termID(piece string) int32 {
	if id, ok := w.ids[piece]; ok {
		return id
	}
	key := strings.Clone(piece)
	stem := w.rules.stem(key)
	id, ok := w.stemIDs[stem]
	if !ok {
		id = int32(len(w.termOf))
		w.stemIDs[stem] = id
		w.termOf = append(w.termOf, stem)
		w.wordOf = append(w.wordOf, key)
		w.slots = append(w.slots, docSlot{})
		w.termCount = append(w.termCount, 0)
	}
	w.ids[key] = id
	if betterWord(key, w.wordOf[id]) {
		w.wordOf[id] = key
	}
	return id
}

// betterWord prefers the shorter word, then the alphabetically first: the
// plain form of a term ("policy", not "policies"; "hire", not "hiring").
func betterWord(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func (w *worker) occur(doc int32, f int, id int32) {
	slot := &w.slots[id]
	if slot.doc != doc+1 {
		*slot = docSlot{doc: doc + 1, at: int32(len(w.docTerms))}
		w.newDocTerm(id)
	}
	t := &w.docTerms[slot.at]
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
func (w *worker) newDocTerm(id int32) {
	n := len(w.docTerms)
	if n == cap(w.docTerms) {
		w.docTerms = append(w.docTerms, docTerm{id: id})
		return
	}
	w.docTerms = w.docTerms[:n+1]
	t := &w.docTerms[n]
	t.id, t.tf, t.n = id, [numFields]uint16{}, 0
}
