package search

import (
	"bytes"
	"math"
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
func patchIndex(ed *invert.Edit, old *Cache, opts Options, previous func(string) []byte, emit func(string, []byte), next *Cache) (*entry, []string, bool) {
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
		if !masksChanged && ed.Same(k) {
			// (its files are the last build's: files.terms holds them)
			vocabChanged[te.Term] = ed.Word(te.Term) != old.store.Word(te.Old)
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
			tf, patched = patchTerm(ed, k, l, &of.terms[te.Old], masks, masksChanged, opts.FirstTier, previous, hold)
		}
		if !patched {
			ed.Read(k, l)
			tf = encodeTerm(l, masks, opts.FirstTier, true, hold, nil)
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
// many as before (of: its files then), from the last build's tiers (its
// first in of, the others its files, read with previous): the changed
// postings are taken out of them and put back where they rank now, the
// tiers evened out to their sizes again. Only the tiers whose members
// changed are written anew. ok is false when the last build's tiers
// cannot be read.
func patchTerm(ed *invert.Edit, k int, l *invert.List, of *termFiles, masks []uint32, masksChanged bool, firstTier int, previous func(string) []byte, emit func(string, []byte)) (termFiles, bool) {
	te := &ed.Touched[k]
	sizes := tierSizes(te.DF, firstTier)
	if len(of.lows) != len(sizes) || len(of.deeper) != len(sizes)-1 {
		return termFiles{}, false
	}
	ts := newTierSet(of, sizes, len(masks), previous)
	var changed []invert.Removed
	if masksChanged {
		// (the sections' levels are in every posting: all of them change)
		for t := range sizes {
			for _, r := range ed.Ranges {
				ts.removeRange(t, r[0], r[1])
			}
		}
		ed.ReadFresh(k, l)
	} else {
		changed = ed.Changes(k, l)
	}
	removed, added := ts.spliceImpacts(changed, l.Postings)
	for _, m := range removed {
		if !ts.remove(m) {
			return termFiles{}, false
		}
	}
	for _, m := range added {
		ts.insert(m)
	}
	ts.even()
	if ts.damaged {
		return termFiles{}, false // (a tier file not as the last build wrote it)
	}
	tf := termFiles{df: te.DF, first: of.first, deeper: slices.Clone(of.deeper), lows: slices.Clone(of.lows)}
	for t := range sizes {
		if !ts.changed[t] {
			continue
		}
		body := ts.spliced[t] // (its members and lowest as they were)
		if ts.docs[t] != nil {
			tf.lows[t] = ts.lowest(t)
			docs, imps := ts.members(t)
			var positions [][]uint16
			if t < positionTiers {
				positions = tierPositions(ed, te.Term, docs, ts.positions)
				if ed.Damaged() {
					return termFiles{}, false
				}
			}
			body = encodeColumns(docs, imps, masks, positions)
		}
		switch {
		case bytes.Equal(body, ts.file[t]):
			// (the same members, impacts and positions: the same file)
		case t == 0:
			tf.first = body
		default:
			tf.deeper[t-1] = contentHash(body)
			emit("search/p-"+tf.deeper[t-1]+".json", body)
		}
	}
	return tf, true
}

// tierPositions are the positions of term t in each of the sections
// docs: as the last build's tier files gave them (known), but in the
// sections read again or not in those files, which are read from the
// term's postings (only the segments of those sections are read).
func tierPositions(ed *invert.Edit, t int, docs []int32, known map[int32][]uint16) [][]uint16 {
	positions := make([][]uint16, len(docs))
	var need []int32
	var at []int
	for i, doc := range docs {
		if pos, ok := known[doc]; ok && !inRanges(ed.Ranges, doc) {
			positions[i] = pos
			continue
		}
		need, at = append(need, doc), append(at, i)
	}
	if len(need) > 0 {
		ed.Positions(t, need, func(k int, pos []uint16) { positions[at[k]] = slices.Clone(pos) })
	}
	return positions
}

// inRanges reports whether section doc is in one of ranges (sorted).
func inRanges(ranges [][2]int32, doc int32) bool {
	i, _ := slices.BinarySearchFunc(ranges, doc, func(r [2]int32, d int32) int {
		switch {
		case r[1] <= d:
			return -1
		case r[0] > d:
			return 1
		}
		return 0
	})
	return i < len(ranges) && ranges[i][0] <= doc && doc < ranges[i][1]
}

// parseTier reads the members of a tier of n as encodeTier writes it
// (their sections, of at most sections, and impacts, and to positions,
// when not nil, each one's positions in a tier that keeps them); ok is
// false when it is not one.
func parseTier(b []byte, withPositions bool, n, sections int, positions map[int32][]uint16) (docs, imps []int32, ok bool) {
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return nil, nil, false
	}
	end := len(b) - 1
	i := 1
	ok = true
	num := func() uint64 {
		v, start := uint64(0), i
		for i < end && '0' <= b[i] && b[i] <= '9' && i-start < 10 {
			v = v*10 + uint64(b[i]-'0')
			i++
		}
		switch {
		case i == start:
			ok = false
		case i < end && b[i] == ',':
			i++
		case i != end:
			ok = false
		}
		return v
	}
	docs, imps = make([]int32, 0, n+4), make([]int32, 0, n+4)
	doc := int64(0)
	for ok && i < end && len(docs) < n {
		delta, imp := num(), num()
		num() // (the levels' mask)
		var pos []uint16
		if withPositions {
			c := num()
			if positions != nil && c <= 1<<16 {
				pos = make([]uint16, 0, c)
			}
			last := uint16(0)
			for ; ok && c > 0; c-- {
				last += uint16(num())
				if pos != nil {
					pos = append(pos, last)
				}
			}
		}
		doc += int64(delta)
		if pos != nil && doc < int64(sections) {
			positions[int32(doc)] = pos
		}
		if delta == 0 && len(docs) > 0 || doc >= int64(sections) || imp > math.MaxInt32 {
			return nil, nil, false
		}
		docs, imps = append(docs, int32(doc)), append(imps, int32(imp))
	}
	return docs, imps, ok && i == end && len(docs) == n
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

// tierSet is a term's tiers as an edit changes them: each read from the
// last build's file when first needed, its members' sections (in order)
// and impacts. Every member of a tier ranks above every member of the
// next (a higher impact, or the same and an earlier section), as the
// tiers of a build from scratch do. Each tier's lowest member is known
// without reading it (termFiles.lows), until it changes.
type tierSet struct {
	of       *termFiles
	previous func(string) []byte
	file     [][]byte // each tier's file as read
	// spliced is a tier's file with some members' impacts changed in it
	// (spliceImpacts), until the tier is read whole.
	spliced  [][]byte
	docs     [][]int32
	imps     [][]int32
	changed  []bool
	low      []member // each tier's lowest member
	lowKnown []bool
	sizes    []int
	sections int // the site's (members are sections of it)
	damaged  bool
	// positions are the members' positions in the tiers read that keep
	// them, by section, as the last build wrote them.
	positions map[int32][]uint16
}

// member is a tier's member: its section and impact.
type member struct{ doc, imp int32 }

// above reports whether a ranks above b.
func (a member) above(b member) bool {
	return a.imp > b.imp || a.imp == b.imp && a.doc < b.doc
}

func newTierSet(of *termFiles, sizes []int, sections int, previous func(string) []byte) *tierSet {
	n := len(sizes)
	s := &tierSet{of: of, previous: previous, file: make([][]byte, n), spliced: make([][]byte, n), docs: make([][]int32, n), imps: make([][]int32, n),
		changed: make([]bool, n), low: make([]member, n), lowKnown: make([]bool, n), sizes: sizes, sections: sections,
		positions: map[int32][]uint16{}}
	copy(s.low, of.lows)
	for t := range s.lowKnown {
		s.lowKnown[t] = true
	}
	return s
}

// read is tier t's file as the last build wrote it.
func (s *tierSet) read(t int) []byte {
	if s.file[t] == nil {
		s.file[t] = s.of.first
		if t > 0 {
			s.file[t] = s.previous("search/p-" + s.of.deeper[t-1] + ".json")
		}
	}
	return s.file[t]
}

// load reads tier t's members from its file (one that cannot be read as
// none, noting it), as spliced if it was.
func (s *tierSet) load(t int) {
	if s.docs[t] != nil {
		return
	}
	b := s.spliced[t]
	if b == nil {
		b = s.read(t)
	}
	docs, imps, ok := parseTier(b, t < positionTiers, s.sizes[t], s.sections, s.positions)
	if !ok {
		s.damaged = true
		docs, imps = []int32{}, []int32{}
	}
	s.docs[t], s.imps[t] = docs, imps
}

// spliceImpacts makes, in the tier files themselves, the changes of a
// section's impact that leave it in its tier, neither its lowest member
// before nor after, in a tier without positions: the tier's members and
// lowest stay as they were, and its file, read but not parsed, changes by
// that impact alone (a deep tier of a common term has hundreds of
// thousands of members). removed are the postings that go (in section
// order), added those that come (likewise); it returns the changes it
// left to be made by taking members out and putting them in.
func (s *tierSet) spliceImpacts(removed []invert.Removed, added []invert.Posting) (rest, fresh []member) {
	i, j := 0, 0
	for i < len(removed) || j < len(added) {
		switch {
		case j == len(added) || i < len(removed) && removed[i].Doc < added[j].Doc:
			rest = append(rest, member{removed[i].Doc, removed[i].Impact})
			i++
		case i == len(removed) || added[j].Doc < removed[i].Doc:
			fresh = append(fresh, member{added[j].Doc, added[j].Impact})
			j++
		default:
			was, now := member{removed[i].Doc, removed[i].Impact}, member{added[j].Doc, added[j].Impact}
			if !s.splice(was, now) {
				rest, fresh = append(rest, was), append(fresh, now)
			}
			i++
			j++
		}
	}
	return rest, fresh
}

// splice changes member was's impact to now's in its tier's file, when
// the change leaves the tier's members and lowest as they were (see
// spliceImpacts), and reports whether it did.
func (s *tierSet) splice(was, now member) bool {
	t := s.tierOf(was)
	if t < positionTiers || t != s.tierFor(now) || s.docs[t] != nil || !s.lowKnown[t] || s.low[t] == was || !now.above(s.low[t]) {
		return false
	}
	if was.imp == now.imp {
		return true // (its positions changed: this tier has none)
	}
	b := s.spliced[t]
	if b == nil {
		b = s.read(t)
	}
	b, ok := spliceImpact(b, now.doc, now.imp)
	if ok {
		s.spliced[t], s.changed[t] = b, true
	}
	return ok
}

// tierOf is the tier member m is in (-1 when none): the first it ranks at
// or above the lowest member of.
func (s *tierSet) tierOf(m member) int {
	for t := range s.sizes {
		if s.size(t) > 0 && !s.lowest(t).above(m) {
			return t
		}
	}
	return -1
}

// tierFor is the tier insert puts member m in.
func (s *tierSet) tierFor(m member) int {
	last := len(s.sizes) - 1
	for t := range last {
		if s.size(t) > 0 && m.above(s.lowest(t)) {
			return t
		}
	}
	return last
}

// spliceImpact is tier file b (of a tier without positions) with the
// impact of its member in section doc changed to imp; ok is false when it
// has none there (or is not a tier's file).
func spliceImpact(b []byte, doc, imp int32) (_ []byte, ok bool) {
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return nil, false
	}
	at, field := int64(0), 0
	for i := 1; i < len(b)-1; field = (field + 1) % 3 {
		start := i
		v := int64(0)
		for ; i < len(b)-1 && '0' <= b[i] && b[i] <= '9' && i-start < 10; i++ {
			v = v*10 + int64(b[i]-'0')
		}
		if i == start || b[i] != ',' && b[i] != ']' {
			return nil, false
		}
		end := i
		i++
		switch {
		case field == 0:
			at += v
			if at > int64(doc) {
				return nil, false
			}
		case field == 1 && at == int64(doc):
			out := make([]byte, 0, len(b)+10)
			out = appendUint(append(out, b[:start]...), uint32(imp))
			return append(out, b[end:]...), true
		}
	}
	return nil, false
}

// size is tier t's members (a tier not read is as the last build had it).
func (s *tierSet) size(t int) int {
	if s.docs[t] == nil {
		return s.sizes[t]
	}
	return len(s.docs[t])
}

func (s *tierSet) members(t int) ([]int32, []int32) {
	s.load(t)
	return s.docs[t], s.imps[t]
}

// find is the index of the first member of tier t in section doc or
// after.
func (s *tierSet) find(t int, doc int32) int {
	s.load(t)
	i, _ := slices.BinarySearch(s.docs[t], doc)
	return i
}

// removeRange takes the members in sections [lo, hi) out of tier t.
func (s *tierSet) removeRange(t int, lo, hi int32) {
	i, j := s.find(t, lo), s.find(t, hi)
	if i == j {
		return
	}
	s.changed[t] = true
	s.docs[t] = slices.Delete(s.docs[t], i, j)
	s.imps[t] = slices.Delete(s.imps[t], i, j)
	s.lowKnown[t] = false
}

// remove takes member m out of its tier (the first it ranks at or above
// the lowest member of), and reports whether it was there.
func (s *tierSet) remove(m member) bool {
	for t := range s.sizes {
		if s.size(t) == 0 || s.lowest(t).above(m) {
			continue
		}
		if i := s.find(t, m.doc); i < s.size(t) && s.docs[t][i] == m.doc {
			s.take(t, i)
			return true
		}
		return false
	}
	return false
}

// add puts a member in tier t.
func (s *tierSet) add(t int, m member) {
	i := s.find(t, m.doc)
	s.changed[t] = true
	s.docs[t] = slices.Insert(s.docs[t], i, m.doc)
	s.imps[t] = slices.Insert(s.imps[t], i, m.imp)
	if s.lowKnown[t] && s.low[t].above(m) {
		s.low[t] = m
	}
}

// take takes member i out of tier t.
func (s *tierSet) take(t, i int) member {
	s.load(t)
	s.changed[t] = true
	m := member{s.docs[t][i], s.imps[t][i]}
	s.docs[t] = slices.Delete(s.docs[t], i, i+1)
	s.imps[t] = slices.Delete(s.imps[t], i, i+1)
	if s.lowKnown[t] && s.low[t] == m {
		s.lowKnown[t] = false
	}
	return m
}

// lowest is tier t's lowest-ranked member (t not empty): the last of its
// lowest impact (its members are in section order).
func (s *tierSet) lowest(t int) member {
	if s.lowKnown[t] {
		return s.low[t]
	}
	s.load(t)
	imps := s.imps[t]
	low := 0
	for i := 1; i < len(imps); i++ {
		if imps[i] <= imps[low] {
			low = i
		}
	}
	s.low[t], s.lowKnown[t] = member{s.docs[t][low], imps[low]}, true
	return s.low[t]
}

// takeLowest takes tier t's lowest member out.
func (s *tierSet) takeLowest(t int) member {
	return s.take(t, s.find(t, s.lowest(t).doc))
}

// takeHighest takes tier t's highest-ranked member out: the first of its
// highest impact.
func (s *tierSet) takeHighest(t int) member {
	s.load(t)
	imps := s.imps[t]
	high := 0
	for i := 1; i < len(imps); i++ {
		if imps[i] > imps[high] {
			high = i
		}
	}
	return s.take(t, high)
}

// insert puts a posting in the first tier whose lowest member it ranks
// above (the last when none): it still ranks below every member of the
// tiers before, and above those of the tiers after.
func (s *tierSet) insert(m member) {
	last := len(s.sizes) - 1
	for t := range last {
		if s.size(t) > 0 && m.above(s.lowest(t)) {
			s.add(t, m)
			return
		}
	}
	s.add(last, m)
}

// even moves members between neighbouring tiers until each has its
// size: a tier's lowest member down to the next, or the next tiers'
// highest up.
func (s *tierSet) even() {
	sizes := s.sizes
	for t := 0; t+1 < len(sizes); t++ {
		for s.size(t) > sizes[t] {
			s.add(t+1, s.takeLowest(t))
		}
		for s.size(t) < sizes[t] {
			u := t + 1
			for u < len(sizes) && s.size(u) == 0 {
				u++
			}
			if u == len(sizes) {
				return
			}
			s.add(t, s.takeHighest(u))
		}
	}
}
