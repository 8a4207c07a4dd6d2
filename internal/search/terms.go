package search

import (
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"handbook/internal/par"
	"handbook/internal/search/invert"
)

// termFiles is how a term is written in the index files, as a build
// keeps it for the next: its number of postings, its first tier (as in
// its shard entry), its deeper tiers' hashes (their files' names), and
// each tier's lowest-ranked member, by which an edit finds the tier a
// posting is in without reading the others (patch.go).
type termFiles struct {
	df     int
	first  []byte
	deeper []string
	lows   []member
}

// entrySize is the size of the term's shard entry.
func (tf *termFiles) entrySize() int {
	n := 6 + len(strconv.Itoa(tf.df)) + len(tf.first)
	for i, h := range tf.deeper {
		n += len(h) + 2
		if i > 0 {
			n++
		}
	}
	return n
}

// appendEntry appends the term's shard entry: [df,[first tier],[deeper
// tier hashes]].
func (tf *termFiles) appendEntry(b []byte) []byte {
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(tf.df), 10)
	b = append(b, ',')
	b = append(b, tf.first...)
	b = append(b, ",["...)
	for i, h := range tf.deeper {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, h...)
		b = append(b, '"')
	}
	return append(b, "]]"...)
}

// indexFiles is what a build keeps of its index files for the next
// build: each term's (in the order of the store's terms), the shards and
// vocabulary files (each a run of terms), every level with the number of
// sections having it, and each section's levels as bits of the entry's.
type indexFiles struct {
	terms  []termFiles
	shards []termRun
	vocab  []termRun
	levels []levelCount
	masks  []uint32
}

// termRun is a file of a run of terms: its key (a shard's prefix, a
// vocabulary file's first character), its hash and its terms [lo, hi).
type termRun struct {
	key    string
	hash   string
	lo, hi int
}

type levelCount struct {
	level string
	docs  int
}

// newEntry is the entry of an index of docs sections with these levels.
func newEntry(docs int, levels []string, opts Options) *entry {
	return &entry{
		Version:   formatVersion,
		Docs:      docs,
		ChunkDocs: opts.ChunkDocs,
		GroupSize: chunkGroup,
		PosTiers:  positionTiers,
		Levels:    levels,
		Shards:    map[string]string{},
		Vocab:     map[string]string{},
		Separator: opts.Analysis.Separator,
		Stemmer:   opts.Analysis.Stemmer(),
	}
}

// writeIndex emits the term shards, deeper tiers and vocabulary of ix and
// returns the entry that names them; the chunks are the caller's. emit may
// be called from several goroutines. With keep, it returns what the next
// build needs of the files.
func writeIndex(ix *invert.Index, opts Options, emit func(string, []byte), keep bool) (*entry, *indexFiles) {
	levels, masks, counts := levelMasks(ix.Levels)
	e := newEntry(ix.Docs, levels, opts)
	files := &indexFiles{terms: encodeTerms(ix, masks, opts.FirstTier, emit, keep), levels: counts, masks: masks}
	word := func(t int) string { return ix.Words[ix.Terms[t]] }
	writeLayout(e, ix.Terms, files, word, opts.ShardBytes, emit, nil)
	if !keep {
		return e, nil
	}
	return e, files
}

// levelMasks lists the levels present (in natural order, L6 before L10),
// gives each doc a bit mask of its levels (0 means "all levels"), and
// counts the docs of each level.
func levelMasks(docs [][]string) ([]string, []uint32, []levelCount) {
	count := map[string]int{}
	for _, d := range docs {
		for _, l := range d {
			if l != "" {
				count[l]++
			}
		}
	}
	all := make([]levelCount, 0, len(count))
	for l, n := range count {
		all = append(all, levelCount{l, n})
	}
	slices.SortFunc(all, func(a, b levelCount) int { return naturalCompare(a.level, b.level) })
	levels, bit := levelBits(all)
	masks := make([]uint32, len(docs))
	if len(bit) > 0 {
		for i, d := range docs {
			masks[i] = maskOf(d, bit)
		}
	}
	return levels, masks, all
}

// levelBits are the levels the entry lists (at most 30: the mask is a
// 31-bit integer in JS) and each one's bit.
func levelBits(all []levelCount) ([]string, map[string]uint32) {
	levels := []string{} // an array in the entry file even when empty
	bit := map[string]uint32{}
	for _, lc := range all {
		if len(levels) == 30 {
			break
		}
		bit[lc.level] = 1 << len(levels)
		levels = append(levels, lc.level)
	}
	return levels, bit
}

func maskOf(levels []string, bit map[string]uint32) uint32 {
	m := uint32(0)
	for _, l := range levels {
		m |= bit[l]
	}
	return m
}

// encodeTerms encodes every term's postings, spreading the terms over the
// CPUs: it emits the deeper tiers' files as they are made and returns
// each term's files (with their tiers' members, with keep).
func encodeTerms(ix *invert.Index, masks []uint32, firstTier int, emit func(string, []byte), keep bool) []termFiles {
	out := make([]termFiles, len(ix.Terms))
	// (a List per worker, reused term after term)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(1, len(out))) {
		wg.Go(func() {
			var l invert.List
			var sc tierScratch
			for i := int(next.Add(1) - 1); i < len(out); i = int(next.Add(1) - 1) {
				ix.Read(i, &l)
				out[i] = encodeTerm(&l, masks, firstTier, keep, emit, &sc)
			}
		})
	}
	wg.Wait()
	return out
}

// encodeTerm orders the postings by impact and cuts them into tiers: the
// first (firstTier postings, the term's best sections) goes in the shard,
// each later tier is four times larger and a file of its own, emitted.
// sc (nil for none) is reused term after term.
func encodeTerm(l *invert.List, masks []uint32, firstTier int, keep bool, emit func(string, []byte), sc *tierScratch) termFiles {
	list := l.Postings
	tf := termFiles{df: len(list)}
	if sc == nil {
		sc = &tierScratch{}
	}
	for tier, members := range sc.tiers(list, firstTier) {
		body := encodeTier(l, members, masks, tier < positionTiers)
		if tier == 0 {
			tf.first = body
		} else {
			h := contentHash(body)
			tf.deeper = append(tf.deeper, h)
			emit("search/p-"+h+".json", body)
		}
		if keep {
			tf.lows = append(tf.lows, lowestOf(list, members))
		}
	}
	return tf
}

// lowestOf is the lowest-ranked of a tier's members (in section order):
// the last of the lowest impact.
func lowestOf(list []invert.Posting, members []int32) member {
	low := member{list[members[0]].Doc, list[members[0]].Impact}
	for _, i := range members[1:] {
		if p := &list[i]; p.Impact <= low.imp {
			low = member{p.Doc, p.Impact}
		}
	}
	return low
}

// tierSizes are the sizes of the tiers of df postings.
func tierSizes(df, firstTier int) []int {
	var sizes []int
	for start, size := 0, firstTier; start < df; start, size = start+size, size*4 {
		sizes = append(sizes, min(size, df-start))
	}
	return sizes
}

// tiers splits postings (in doc order) into tiers of firstTier, 4×firstTier,
// 16×firstTier… postings by rank, ranked by impact (higher first, then doc
// order). It returns each tier as indices into list, in doc order. A
// counting sort on the impact does it without sorting the postings.
func tiers(list []invert.Posting, firstTier int) [][]int32 {
	return new(tierScratch).tiers(list, firstTier)
}

// tierScratch is the memory tiers works in, kept from one term to the
// next (the tiers it returns are valid until its next call).
type tierScratch struct {
	next    []int
	backing []int32
	out     [][]int32
	starts  []int
	fill    []int
}

func (sc *tierScratch) tiers(list []invert.Posting, firstTier int) [][]int32 {
	if len(list) <= firstTier {
		// (most terms: one tier, every posting, already in doc order; the
		// counting sort would walk every impact up to the highest)
		return sc.oneTier(len(list))
	}
	maxImpact := int32(0)
	for _, p := range list {
		maxImpact = max(maxImpact, p.Impact)
	}
	next := resize(sc.next, int(maxImpact)+2) // impact → rank of its next posting
	clear(next)
	sc.next = next
	for _, p := range list {
		next[p.Impact]++
	}
	rank := 0
	for imp := maxImpact; imp >= 0; imp-- {
		n := next[imp]
		next[imp] = rank
		rank += n
	}
	// One backing array, cut into the tiers: tier t holds the ranks from
	// starts[t], and fill[t] is where its next member goes.
	backing := resize(sc.backing, len(list))
	sc.backing = backing
	out, starts := sc.out[:0], sc.starts[:0]
	for start, size := 0, firstTier; start < len(list); start, size = start+size, size*4 {
		out = append(out, backing[start:min(start+size, len(list))])
		starts = append(starts, start)
	}
	fill := append(sc.fill[:0], starts...)
	sc.out, sc.starts, sc.fill = out, starts, fill
	for i, p := range list {
		r := next[p.Impact]
		next[p.Impact]++
		t := len(starts) - 1 // (from the deepest tier, which holds most)
		for r < starts[t] {
			t--
		}
		backing[fill[t]] = int32(i)
		fill[t]++
	}
	return out
}

// oneTier is the tiers of n postings that all fit in the first.
func (sc *tierScratch) oneTier(n int) [][]int32 {
	if n == 0 {
		return sc.out[:0]
	}
	backing := resize(sc.backing, n)
	for i := range backing {
		backing[i] = int32(i)
	}
	sc.backing = backing
	sc.out = append(sc.out[:0], backing)
	return sc.out
}

// resize is s with n elements (their values left as they are), reusing
// its array when it is large enough.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// positionTiers is how many tiers keep word positions. Deeper tiers (the
// 1,500th-best section of a term onwards) hold only doc, impact and levels:
// they are fetched rarely, and positions would triple the index.
const positionTiers = 2

// encodeTier writes the postings list[members…] as one flat array, in doc
// order: docDelta, impact, levelMask, positionCount, firstPosition,
// positionDeltas… with positions; docDelta, impact, levelMask without (tiers
// from positionTiers on).
func encodeTier(l *invert.List, members []int32, masks []uint32, withPositions bool) []byte {
	list := l.Postings
	size := 2 + 16*len(members)
	if withPositions {
		for _, i := range members {
			size += 4 + 4*l.PositionCount(&list[i])
		}
	}
	b := make([]byte, 0, size)
	b = append(b, '[')
	prev := int32(0)
	for k, i := range members {
		p := &list[i]
		if k > 0 {
			b = append(b, ',')
		}
		// (appendPosting, in line: a tier has up to millions)
		b = appendUint(b, uint32(p.Doc-prev))
		b = append(b, ',')
		b = appendUint(b, uint32(p.Impact))
		b = append(b, ',')
		b = appendUint(b, masks[p.Doc])
		prev = p.Doc
		if withPositions {
			b = appendPositions(b, l.Positions(p))
		}
	}
	return append(b, ']')
}

// appendPosting writes "docDelta,impact,levelMask".
func appendPosting(b []byte, delta, impact int32, mask uint32) []byte {
	b = appendUint(b, uint32(delta))
	b = append(b, ',')
	b = appendUint(b, uint32(impact))
	b = append(b, ',')
	return appendUint(b, mask)
}

// appendPositions writes ",count,first,delta…".
func appendPositions(b []byte, positions []uint16) []byte {
	b = append(b, ',')
	b = appendUint(b, uint32(len(positions)))
	last := uint16(0)
	for _, pos := range positions {
		b = append(b, ',')
		b = appendUint(b, uint32(pos-last))
		last = pos
	}
	return b
}

// lastLayout is the last build's shards and vocabulary files for
// writeLayout: a file whose terms are the same (by oldIndex: each term's
// index in the last build's terms, -1 when new) and none changed (in its
// entry, for a shard; in its postings' number or word, for the
// vocabulary) is kept.
type lastLayout struct {
	shards, vocab              []termRun
	oldIndex                   []int32
	entryChanged, vocabChanged []bool
}

// writeLayout emits the prefix shards and the vocabulary of terms
// (sorted, with their files and words) and names them in e; with last,
// those the last build wrote alike are not emitted but returned as kept.
// It records the files' runs in files.
func writeLayout(e *entry, terms []string, files *indexFiles, word func(int) string, maxBytes int, emit func(string, []byte), last *lastLayout) (kept []string) {
	shards := splitShards(terms, files.terms, maxBytes)
	made := make([]bool, len(shards))
	if last != nil {
		byKey := make(map[string]termRun, len(last.shards))
		for _, r := range last.shards {
			byKey[r.key] = r
		}
		for i := range shards {
			sh := &shards[i]
			if old, ok := byKey[sh.key]; ok && last.same(sh.lo, sh.hi, old, last.entryChanged) {
				sh.hash = old.hash
				kept = append(kept, shardName(sh.key, sh.hash))
				made[i] = true
			}
		}
	}
	par.For(len(shards), func(i int) {
		if made[i] {
			return
		}
		sh := &shards[i]
		body := shardFile(terms[sh.lo:sh.hi], files.terms[sh.lo:sh.hi])
		sh.hash = contentHash(body)
		emit(shardName(sh.key, sh.hash), body)
	})
	for _, sh := range shards {
		e.Shards[sh.key] = sh.hash
	}
	vocab := vocabRuns(terms)
	var lastVocab map[string][]termRun
	if last != nil {
		lastVocab = map[string][]termRun{}
		for _, r := range last.vocab {
			lastVocab[r.key] = append(lastVocab[r.key], r)
		}
	}
	for i := range vocab {
		v := &vocab[i]
		for _, old := range lastVocab[v.key] {
			if last.same(v.lo, v.hi, old, last.vocabChanged) {
				v.hash = old.hash
				kept = append(kept, vocabName(v.key, v.hash))
				break
			}
		}
		if v.hash == "" {
			body := vocabFile(terms, files.terms, word, v.lo, v.hi)
			v.hash = contentHash(body)
			emit(vocabName(v.key, v.hash), body)
		}
		e.Vocab[v.key] = v.hash
	}
	files.shards, files.vocab = shards, vocab
	return kept
}

// same reports whether terms [lo, hi) are the terms of the last build's
// run, none of them changed.
func (l *lastLayout) same(lo, hi int, old termRun, changed []bool) bool {
	if hi-lo != old.hi-old.lo || l.oldIndex[lo] != int32(old.lo) || l.oldIndex[hi-1] != int32(old.hi-1) {
		return false
	}
	for i := lo; i < hi; i++ {
		if changed[i] {
			return false
		}
	}
	return true
}

func shardName(prefix, hash string) string {
	return "search/t-" + fileKey(prefix) + "." + hash + ".json"
}

func vocabName(key, hash string) string {
	return "search/v-" + fileKey(key) + "." + hash + ".json"
}

// splitShards groups sorted terms by prefix, starting from one shard for
// everything and splitting any shard above maxBytes (its terms and
// entries) by its next character. Terms equal to a split prefix stay in
// that prefix's own shard. A term lives in the shard with the longest
// prefix of it.
func splitShards(terms []string, files []termFiles, maxBytes int) []termRun {
	var out []termRun
	var split func(prefix string, lo, hi int)
	split = func(prefix string, lo, hi int) {
		size := 0
		for i := lo; i < hi; i++ {
			size += len(terms[i]) + files[i].entrySize()
		}
		if size <= maxBytes || hi-lo == 1 {
			out = append(out, termRun{key: prefix, lo: lo, hi: hi})
			return
		}
		own := -1
		for i := lo; i < hi; {
			t := terms[i]
			if t == prefix {
				own = i
				i++
				continue
			}
			_, n := utf8.DecodeRuneInString(t[len(prefix):])
			next := t[:len(prefix)+n]
			j := i
			for j < hi && strings.HasPrefix(terms[j], next) {
				j++
			}
			split(next, i, j)
			i = j
		}
		if own >= 0 {
			out = append(out, termRun{key: prefix, lo: own, hi: own + 1})
		}
	}
	if len(terms) > 0 {
		split("", 0, len(terms))
	}
	return out
}

func shardFile(terms []string, files []termFiles) []byte {
	size := 2
	for i := range terms {
		size += len(terms[i]) + 4 + files[i].entrySize()
	}
	b := make([]byte, 0, size)
	b = append(b, '{')
	for i, t := range terms {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, t)
		b = append(b, ':')
		b = files[i].appendEntry(b)
	}
	return append(b, '}')
}

// vocabRuns are the runs of terms by first character (digits and
// non-ASCII letters share one file each), in the order of their keys.
func vocabRuns(terms []string) []termRun {
	var out []termRun
	for i := 0; i < len(terms); {
		key := VocabKey(terms[i])
		j := i
		for i < len(terms) && VocabKey(terms[i]) == key {
			i++
		}
		out = append(out, termRun{key: key, lo: j, hi: i})
	}
	slices.SortStableFunc(out, func(a, b termRun) int { return strings.Compare(a.key, b.key) })
	return out
}

// vocabFile lists terms [lo, hi) as a flat array: term, df, word, term,
// df, word… where word is the plain word for the term ("" when it is the
// term).
func vocabFile(terms []string, files []termFiles, word func(int) string, lo, hi int) []byte {
	b := []byte{'['}
	for i := lo; i < hi; i++ {
		if i > lo {
			b = append(b, ',')
		}
		b = appendJSONString(b, terms[i])
		b = appendInts(b, int64(files[i].df))
		b = append(b, ',')
		if w := word(i); w != terms[i] {
			b = appendJSONString(b, w)
		} else {
			b = append(b, `""`...)
		}
	}
	return append(b, ']')
}
