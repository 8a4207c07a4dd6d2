package search

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sync"

	"handbook/internal/par"
	"handbook/internal/search/invert"
)

// patchIndex writes the index files of an edit (invert.Edit: some pages
// read again in their places, the average lengths as they were) from the
// last build's: only the touched terms' files are made again. A term
// whose postings are as many keeps every other posting's impact, so its
// tiers are the last build's with the changed postings taken out and put
// back where they now rank; only the tiers whose members change are
// written (patchTerm). Shards and vocabulary files whose terms did not
// change are kept. It returns the entry, the names of the last build's
// files kept, and false (having emitted nothing) when the edit cannot be
// made so: the levels the entry lists changed, or the last build's
// records could not be read back.
func patchIndex(ed *invert.Edit, old *Cache, opts Options, emit func(string, []byte), next *Cache) (*entry, []string, bool) {
	of := old.files
	levels, masks, counts, ok := editLevels(ed, of)
	if !ok {
		return nil, nil, false
	}
	masksChanged := false
	for _, r := range ed.Ranges {
		for d := r[0]; d < r[1]; d++ {
			masksChanged = masksChanged || masks[d] != of.masks[d]
		}
	}
	terms := ed.Next.Terms
	files := &indexFiles{terms: make([]termFiles, len(terms)), levels: counts, masks: masks}
	for t, o := range ed.OldIndex {
		if o >= 0 {
			files.terms[t] = of.terms[o]
		}
	}
	// The files are held until every term is made: an edit that cannot
	// be made emits none.
	var mu sync.Mutex
	var made []namedFile
	hold := func(name string, body []byte) {
		mu.Lock()
		made = append(made, namedFile{name, body})
		mu.Unlock()
	}
	entryChanged := make([]bool, len(terms))
	vocabChanged := make([]bool, len(terms))
	var lists sync.Pool
	par.For(len(ed.Touched), func(k int) {
		ed.Splice(k)
		te := &ed.Touched[k]
		if te.Term < 0 {
			return
		}
		l, _ := lists.Get().(*invert.List)
		if l == nil {
			l = new(invert.List)
		}
		defer lists.Put(l)
		var tf termFiles
		patched := false
		if te.Old >= 0 && te.DF == te.OldDF {
			tf, patched = patchTerm(ed, k, l, &of.terms[te.Old], masks, masksChanged, opts.FirstTier, hold)
		}
		if !patched {
			ed.Read(k, l)
			tf = encodeTerm(l, masks, opts.FirstTier, true, hold)
		}
		files.terms[te.Term] = tf
		entryChanged[te.Term] = te.Old < 0 || !sameEntry(&tf, &of.terms[te.Old])
		vocabChanged[te.Term] = te.Old < 0 || te.DF != te.OldDF || ed.Word(te.Term) != old.store.Word(te.Old)
	})
	if ed.Damaged() {
		return nil, nil, false
	}
	e := newEntry(ed.Docs, levels, opts)
	last := &lastLayout{shards: of.shards, vocab: of.vocab, oldIndex: ed.OldIndex, entryChanged: entryChanged, vocabChanged: vocabChanged}
	kept := writeLayout(e, terms, files, ed.Word, opts.ShardBytes, hold, last)
	// Every deeper tier not made again is kept.
	fresh := make(map[string]bool, len(made))
	for _, f := range made {
		fresh[f.name] = true
	}
	for t := range files.terms {
		for _, h := range files.terms[t].deeper {
			if name := "search/p-" + h + ".json"; !fresh[name] {
				fresh[name] = true
				kept = append(kept, name)
			}
		}
	}
	par.For(len(made), func(i int) { emit(made[i].name, made[i].body) })
	next.files, next.store = files, ed.Next
	return e, kept, true
}

// sameEntry reports whether a term's shard entry is as it was.
func sameEntry(a, b *termFiles) bool {
	return a.df == b.df && bytes.Equal(a.first, b.first) && slices.Equal(a.deeper, b.deeper)
}

// editLevels are the levels of the sections after the edit: the entry's
// list (which must be the last build's), each section's mask, each
// level's sections; ok is false when the list changed.
func editLevels(ed *invert.Edit, of *indexFiles) (levels []string, masks []uint32, counts []levelCount, ok bool) {
	count := make(map[string]int, len(of.levels))
	for _, lc := range of.levels {
		count[lc.level] = lc.docs
	}
	for _, ls := range ed.OldLevels {
		for _, l := range ls {
			if l != "" {
				count[l]--
			}
		}
	}
	for _, ls := range ed.Levels {
		for _, l := range ls {
			if l != "" {
				count[l]++
			}
		}
	}
	for l, n := range count {
		if n < 0 {
			return nil, nil, nil, false
		}
		if n > 0 {
			counts = append(counts, levelCount{l, n})
		}
	}
	slices.SortFunc(counts, func(a, b levelCount) int { return naturalCompare(a.level, b.level) })
	levels, bit := levelBits(counts)
	if before, _ := levelBits(of.levels); !slices.Equal(levels, before) {
		return nil, nil, nil, false
	}
	masks = slices.Clone(of.masks)
	k := 0
	for _, r := range ed.Ranges {
		for d := r[0]; d < r[1]; d++ {
			masks[d] = maskOf(ed.Levels[k], bit)
			k++
		}
	}
	return levels, masks, counts, true
}

// patchTerm makes the files of touched term k, whose postings are as
// many as before (of: its files then), from the last build's tiers: the
// postings of the sections read again are taken out of them and the
// fresh ones put where they rank, the tiers evened out to their sizes
// again. Only the tiers whose members changed are written anew. ok is
// false when the last build's tiers cannot be used.
func patchTerm(ed *invert.Edit, k int, l *invert.List, of *termFiles, masks []uint32, masksChanged bool, firstTier int, emit func(string, []byte)) (termFiles, bool) {
	te := &ed.Touched[k]
	sizes := tierSizes(te.DF, firstTier)
	if len(of.tiers) != len(sizes) || len(of.deeper) != len(sizes)-1 {
		return termFiles{}, false
	}
	for t := range sizes {
		if len(of.tiers[t]) != 6*sizes[t] {
			return termFiles{}, false
		}
	}
	ts := newTierSet(of.tiers)
	if masksChanged {
		// (the sections' levels are in every posting: all of them change)
		for t := range sizes {
			for _, r := range ed.Ranges {
				ts.removeRange(t, r[0], r[1])
			}
		}
		ed.ReadFresh(k, l)
	} else {
		for _, doc := range ed.Changes(k, l) {
			if !ts.remove(doc) {
				return termFiles{}, false
			}
		}
	}
	for _, p := range l.Postings {
		ts.insert(p.Doc, p.Impact)
	}
	ts.even(sizes)
	tf := termFiles{df: te.DF, first: of.first, deeper: slices.Clone(of.deeper), tiers: slices.Clone(of.tiers)}
	for t := range sizes {
		if !ts.changed[t] {
			continue
		}
		docs, imps := ts.members(t)
		if !inOrder(docs, len(masks)) {
			return termFiles{}, false // (a damaged cache)
		}
		cols := columns(docs, imps)
		if t >= positionTiers && !masksChanged && bytes.Equal(cols, of.tiers[t]) {
			continue // (the same members and impacts: the same file)
		}
		tf.tiers[t] = cols
		var positions [][]uint16
		if t < positionTiers {
			positions = make([][]uint16, len(docs))
			ed.Positions(te.Term, docs, func(i int, pos []uint16) { positions[i] = slices.Clone(pos) })
			if ed.Damaged() {
				return termFiles{}, false
			}
		}
		body := encodeColumns(docs, imps, masks, positions)
		if t == 0 {
			tf.first = body
		} else {
			tf.deeper[t-1] = contentHash(body)
			emit("search/p-"+tf.deeper[t-1]+".json", body)
		}
	}
	return tf, true
}

// inOrder reports whether docs are increasing sections of n.
func inOrder(docs []int32, n int) bool {
	for i, d := range docs {
		if d < 0 || int(d) >= n || i > 0 && d <= docs[i-1] {
			return false
		}
	}
	return true
}

// columns are a tier's members as termFiles keeps them.
func columns(docs, imps []int32) []byte {
	b := make([]byte, 6*len(docs))
	for k := range docs {
		binary.LittleEndian.PutUint32(b[4*k:], uint32(docs[k]))
		binary.LittleEndian.PutUint16(b[4*len(docs)+2*k:], uint16(imps[k]))
	}
	return b
}

// encodeColumns writes a tier as encodeTier does, from its members'
// sections and impacts (and positions, for a tier that keeps them).
func encodeColumns(docs, imps []int32, masks []uint32, positions [][]uint16) []byte {
	size := 2 + 16*len(docs)
	for _, pos := range positions {
		size += 4 + 4*len(pos)
	}
	b := make([]byte, 0, size)
	b = append(b, '[')
	prev := int32(0)
	for k, doc := range docs {
		if k > 0 {
			b = append(b, ',')
		}
		b = appendPosting(b, doc-prev, imps[k], masks[doc])
		prev = doc
		if positions != nil {
			b = appendPositions(b, positions[k])
		}
	}
	return append(b, ']')
}

// tierSet is a term's tiers as an edit changes them: each the last
// build's columns (raw) until it changes, then its members' sections (in
// order) and impacts. Every member of a tier ranks above every member of
// the next (a higher impact, or the same and an earlier section), as the
// tiers of a build from scratch do.
type tierSet struct {
	raw     [][]byte
	docs    [][]int32
	imps    [][]int32
	changed []bool
	low     []int // each tier's lowest member (-1: not known)
}

func newTierSet(raw [][]byte) *tierSet {
	n := len(raw)
	s := &tierSet{raw: raw, docs: make([][]int32, n), imps: make([][]int32, n), changed: make([]bool, n), low: make([]int, n)}
	for t := range s.low {
		s.low[t] = -1
	}
	return s
}

func (s *tierSet) size(t int) int {
	if s.changed[t] {
		return len(s.docs[t])
	}
	return len(s.raw[t]) / 6
}

func (s *tierSet) doc(t, i int) int32 {
	if s.changed[t] {
		return s.docs[t][i]
	}
	return int32(binary.LittleEndian.Uint32(s.raw[t][4*i:]))
}

func (s *tierSet) imp(t, i int) int32 {
	if s.changed[t] {
		return s.imps[t][i]
	}
	return int32(binary.LittleEndian.Uint16(s.raw[t][len(s.raw[t])/6*4+2*i:]))
}

// edit makes tier t's members editable.
func (s *tierSet) edit(t int) {
	if s.changed[t] {
		return
	}
	n := s.size(t)
	s.docs[t], s.imps[t] = make([]int32, n, n+4), make([]int32, n, n+4)
	for i := range n {
		s.docs[t][i], s.imps[t][i] = s.doc(t, i), s.imp(t, i)
	}
	s.changed[t] = true
}

func (s *tierSet) members(t int) ([]int32, []int32) {
	s.edit(t)
	return s.docs[t], s.imps[t]
}

// find is the index of the first member of tier t in section doc or
// after.
func (s *tierSet) find(t int, doc int32) int {
	lo, hi := 0, s.size(t)
	for lo < hi {
		mid := (lo + hi) / 2
		if s.doc(t, mid) < doc {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// removeRange takes the members in sections [lo, hi) out of tier t.
func (s *tierSet) removeRange(t int, lo, hi int32) {
	i, j := s.find(t, lo), s.find(t, hi)
	if i == j {
		return
	}
	s.edit(t)
	s.docs[t] = slices.Delete(s.docs[t], i, j)
	s.imps[t] = slices.Delete(s.imps[t], i, j)
	s.low[t] = -1
}

// remove takes the member of section doc out of its tier, and reports
// whether there was one.
func (s *tierSet) remove(doc int32) bool {
	for t := range s.raw {
		if i := s.find(t, doc); i < s.size(t) && s.doc(t, i) == doc {
			s.take(t, i)
			return true
		}
	}
	return false
}

// add puts a member in tier t.
func (s *tierSet) add(t int, doc, imp int32) {
	s.edit(t)
	i := s.find(t, doc)
	s.docs[t] = slices.Insert(s.docs[t], i, doc)
	s.imps[t] = slices.Insert(s.imps[t], i, imp)
	switch low := s.low[t]; {
	case low < 0:
	case above(s.docs[t][low+boolInt(i <= low)], s.imps[t][low+boolInt(i <= low)], doc, imp):
		s.low[t] = i
	case i <= low:
		s.low[t]++
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// take takes member i out of tier t.
func (s *tierSet) take(t, i int) (doc, imp int32) {
	s.edit(t)
	doc, imp = s.docs[t][i], s.imps[t][i]
	s.docs[t] = slices.Delete(s.docs[t], i, i+1)
	s.imps[t] = slices.Delete(s.imps[t], i, i+1)
	switch low := s.low[t]; {
	case low == i:
		s.low[t] = -1
	case low > i:
		s.low[t]--
	}
	return doc, imp
}

// above reports whether posting a ranks above b.
func above(aDoc, aImp, bDoc, bImp int32) bool {
	return aImp > bImp || aImp == bImp && aDoc < bDoc
}

// lowest is the index of tier t's lowest-ranked member (t not empty).
func (s *tierSet) lowest(t int) int {
	if s.low[t] >= 0 {
		return s.low[t]
	}
	if !s.changed[t] {
		s.low[t] = lowestRaw(s.raw[t])
		return s.low[t]
	}
	low := 0
	for i := 1; i < s.size(t); i++ {
		if above(s.doc(t, low), s.imp(t, low), s.doc(t, i), s.imp(t, i)) {
			low = i
		}
	}
	s.low[t] = low
	return low
}

// lowestRaw is lowest of a tier as the last build kept it: the last of
// its lowest impact (its members are in section order).
func lowestRaw(raw []byte) int {
	n := len(raw) / 6
	imps := raw[4*n:]
	low, lowImp := 0, binary.LittleEndian.Uint16(imps)
	for i := 1; i < n; i++ {
		if imp := binary.LittleEndian.Uint16(imps[2*i:]); imp <= lowImp {
			low, lowImp = i, imp
		}
	}
	return low
}

// highest is the index of tier t's highest-ranked member (t not empty).
func (s *tierSet) highest(t int) int {
	high := 0
	for i := 1; i < s.size(t); i++ {
		if above(s.doc(t, i), s.imp(t, i), s.doc(t, high), s.imp(t, high)) {
			high = i
		}
	}
	return high
}

// insert puts a posting in the first tier whose lowest member it ranks
// above (the last when none): it still ranks below every member of the
// tiers before, and above those of the tiers after.
func (s *tierSet) insert(doc, imp int32) {
	last := len(s.raw) - 1
	for t := range last {
		if s.size(t) == 0 {
			continue
		}
		if low := s.lowest(t); above(doc, imp, s.doc(t, low), s.imp(t, low)) {
			s.add(t, doc, imp)
			return
		}
	}
	s.add(last, doc, imp)
}

// even moves members between neighbouring tiers until each has its
// size: a tier's lowest member down to the next, or the next tiers'
// highest up.
func (s *tierSet) even(sizes []int) {
	for t := 0; t+1 < len(sizes); t++ {
		for s.size(t) > sizes[t] {
			doc, imp := s.take(t, s.lowest(t))
			s.add(t+1, doc, imp)
		}
		for s.size(t) < sizes[t] {
			u := t + 1
			for u < len(sizes) && s.size(u) == 0 {
				u++
			}
			if u == len(sizes) {
				return
			}
			doc, imp := s.take(u, s.highest(u))
			s.add(t, doc, imp)
		}
	}
}
