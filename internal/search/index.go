package search

import (
	"math"
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
	const per = 256
	units := make([]unit, 0, len(docs)/per+1)
	for lo := 0; lo < len(docs); lo += per {
		hi := min(lo+per, len(docs))
		units = append(units, unit{page: &Page{Docs: docs[lo:hi]}, first: int32(lo), n: hi - lo})
	}
	ix, _ := invertUnits(units, len(docs), false, nil, rules)
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

// worker analyses a range of docs into its own postings. Words get small
// ids so that the per-word work is one table lookup: a piece id per folded
// word form, each mapped to the id of its (stemmed) term.
type worker struct {
	id        uint8
	an        analyzer
	rules     *wordRules
	short     wordTable        // ASCII word of up to 16 bytes as written → piece id
	raw       map[string]int32 // longer ASCII word as written → piece id
	ids       map[string]int32 // folded piece → piece id
	pieceTerm []int32          // piece id → term id
	pieceWord []string         // piece id → the folded piece
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

	// For recording a page's analysis (see recorder in cached.go).
	local  []localSlot // term id → its index in the page's terms
	pageNo int32       // numbers the pages recorded, for local
}

type docSlot struct{ doc, at int32 }

type docTerm struct {
	id    int32
	piece int32 // the best word of the term in this doc
	tf    [numFields]uint16
	pos   [maxPositions]uint16
	n     uint8
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
	w.reserve(size/12, size/6, len(docs))
}

func (w *worker) reserve(postings, positions, docs int) {
	w.all = make([]occurrences, 0, postings)
	w.termIDs = make([]int32, 0, postings)
	w.arena = make([]uint16, 0, positions)
	w.lens = make([][numFields]uint32, 0, docs)
}

// add analyses one doc and adds its postings.
func (w *worker) add(doc int32, d *Doc) {
	w.commit(doc, w.analyse(doc, d))
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

// commit adds the doc in docTerms to the postings.
func (w *worker) commit(doc int32, lens [numFields]uint32) {
	w.lens = append(w.lens, lens)
	for i := range w.docTerms {
		t := &w.docTerms[i]
		off := uint32(len(w.arena))
		w.arena = append(w.arena, t.pos[:t.n]...)
		w.all = append(w.all, occurrences{doc: doc, tf: t.tf, off: off})
		w.termIDs = append(w.termIDs, t.id)
		w.termCount[t.id]++
		if word := w.pieceWord[t.piece]; betterWord(word, w.wordOf[t.id]) {
			w.wordOf[t.id] = word
		}
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
				w.occur(doc, f, w.shortPieceID(key, text[i:end]))
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
			w.occur(doc, f, w.rawPieceID(text, i, j))
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
			w.occur(doc, f, w.pieceID(piece))
			count++
		})
		i = end
	}
	return count
}

// rawPieceID is pieceID for the unfolded ASCII word text[i:j].
func (w *worker) rawPieceID(text string, i, j int) int32 {
	if j-i <= maxShortWord {
		return w.shortPieceID(shortWordKey(text, i, j), text[i:j])
	}
	word := text[i:j]
	if id, ok := w.raw[word]; ok {
		return id
	}
	id := w.pieceID(w.an.fold(word, true))
	w.raw[strings.Clone(word)] = id
	return id
}

// shortPieceID is pieceID for an unfolded ASCII word of up to 16 bytes and its key.
func (w *worker) shortPieceID(key wordKey, word string) int32 {
	if id, ok := w.short.get(key); ok {
		return id
	}
	id := w.pieceID(w.an.fold(word, true))
	w.short.put(key, id)
	return id
}

// pieceID is the id of a folded piece, made on its first sight along with
// its term's.
func (w *worker) pieceID(piece string) int32 {
	if id, ok := w.ids[piece]; ok {
		return id
	}
	key := strings.Clone(piece)
	id := int32(len(w.pieceTerm))
	w.pieceTerm = append(w.pieceTerm, w.termID(w.rules.stem(key)))
	w.pieceWord = append(w.pieceWord, key)
	w.ids[key] = id
	return id
}

// termID is the id of a stemmed term, made on its first sight.
func (w *worker) termID(stem string) int32 {
	id, ok := w.stemIDs[stem]
	if !ok {
		id = int32(len(w.termOf))
		w.stemIDs[stem] = id
		w.termOf = append(w.termOf, stem)
		w.wordOf = append(w.wordOf, "")
		w.slots = append(w.slots, docSlot{})
		w.termCount = append(w.termCount, 0)
		w.local = append(w.local, localSlot{})
	}
	return id
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

func (w *worker) occur(doc int32, f int, piece int32) {
	id := w.pieceTerm[piece]
	slot := &w.slots[id]
	if slot.doc != doc+1 {
		*slot = docSlot{doc: doc + 1, at: int32(len(w.docTerms))}
		w.newDocTerm(id, piece)
	}
	t := &w.docTerms[slot.at]
	if piece != t.piece && betterWord(w.pieceWord[piece], w.pieceWord[t.piece]) {
		t.piece = piece
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
func (w *worker) newDocTerm(id, piece int32) {
	n := len(w.docTerms)
	if n == cap(w.docTerms) {
		w.docTerms = append(w.docTerms, docTerm{id: id, piece: piece})
		return
	}
	w.docTerms = w.docTerms[:n+1]
	t := &w.docTerms[n]
	t.id, t.piece, t.tf, t.n = id, piece, [numFields]uint16{}, 0
}
