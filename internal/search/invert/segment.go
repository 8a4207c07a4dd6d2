package invert

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"math"
	"runtime/debug"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/zeebo/xxh3"

	"handbook/internal/cache"
)

// A store's postings are cut into segments, ranges of sections that start
// at a page's first section (a page's sections are in one segment): each
// term's postings in a segment are a Part of them. On disk each segment is
// a file of its own, named by a hash of its bytes, holding its parts; the
// rest of the store (the cache's manifest) says where each part is. An
// edit (see Edit) reads again pages in their places, so it reads and
// makes anew only the parts of the segments it reaches: the next build's
// cache is every other segment's file as it was, and a segment file is
// read (and checked against its name) only when one of its parts is used.

// A segment's file holds its pages' records too (the pages whose first
// section is in it), after its parts: an edit reads the records of the
// pages it reads again from their segment's file, and the manifest holds
// only each page's key and number of sections.

// segmentsWanted is how many segments a large site's sections are cut
// into; minSegment the least number of sections of a segment.
const segmentsWanted = 64

var minSegment atomic.Int32

func init() { minSegment.Store(1024) }

// SetMinSegment sets the least number of sections of a segment (tests
// cut small sites into many segments) and returns what restores it.
func SetMinSegment(n int) (restore func()) {
	old := minSegment.Swap(int32(max(n, 1)))
	return func() { minSegment.Store(old) }
}

// cutSegments cuts the sections of pages (each page's first section and
// number of sections, in order; total in all) into segments: the first
// section of each.
func cutSegments(firsts []int32, counts []int, total int) []int32 {
	per := max(int(minSegment.Load()), (total+segmentsWanted-1)/segmentsWanted)
	cuts := []int32{0}
	for i, first := range firsts {
		if counts[i] > 0 && int(first-cuts[len(cuts)-1]) >= per {
			cuts = append(cuts, first)
		}
	}
	return cuts
}

// segmentOf is the segment section doc is in.
func segmentOf(cuts []int32, doc int32) int32 {
	return int32(max(sort.Search(len(cuts), func(i int) bool { return cuts[i] > doc })-1, 0))
}

// segmentRange is segment s's sections, [lo, hi).
func segmentRange(cuts []int32, s int32) (lo, hi int32) {
	if int(s) < len(cuts) {
		lo = cuts[s]
	}
	hi = math.MaxInt32
	if int(s)+1 < len(cuts) {
		hi = cuts[s+1]
	}
	return lo, hi
}

// segmentFile is a segment's file as a store read from disk has it: read
// and checked when first used.
type segmentFile struct {
	name string
	size int
	open func(name string) ([]byte, bool)

	once sync.Once
	body []byte // nil when it cannot be read
}

// segmentRecords are the records of a segment's pages as a store read
// from disk has them: in its file from off, read when first used.
type segmentRecords struct {
	file  *segmentFile
	off   int
	pages int

	once sync.Once
	recs [][]byte // nil when they cannot be read
}

// load is the records, or nil when the file cannot be read or does not
// hold as many records from off to its end.
func (r *segmentRecords) load() [][]byte {
	r.once.Do(func() {
		b := r.file.read()
		if b == nil || r.off > len(b) {
			return
		}
		d := cache.NewDec(b[r.off:])
		recs := make([][]byte, r.pages)
		for i := range recs {
			recs[i] = d.Bytes()
		}
		if d.Done() {
			r.recs = recs
		}
	})
	return r.recs
}

// record is the page's record; false when it cannot be read.
func (e *pageEntry) record() ([]byte, bool) {
	if e.from == nil {
		return e.rec, true
	}
	recs := e.from.load()
	if int(e.at) >= len(recs) {
		return nil, false
	}
	return recs[e.at], true
}

// segmentPages are the pages of each segment, [lo, hi): a page is in the
// segment of its first section (the pages are in their sections' order).
func (s *Store) segmentPages() [][2]int {
	out := make([][2]int, max(len(s.cuts), 1))
	for i := range s.pages {
		out[segmentOf(s.cuts, s.pages[i].first)][1]++
	}
	lo := 0
	for k := range out {
		out[k] = [2]int{lo, lo + out[k][1]}
		lo = out[k][1]
	}
	return out
}

// recordsIn makes the pages' records read from files (each segment's,
// its records at offs), as Encode wrote them; false when a segment with
// pages has no file.
func (s *Store) recordsIn(files []*segmentFile, offs []uint64) bool {
	for k, r := range s.segmentPages() {
		if r[0] == r[1] {
			continue
		}
		if k >= len(files) || files[k] == nil {
			return false
		}
		recs := &segmentRecords{file: files[k], off: int(offs[k]), pages: r[1] - r[0]}
		for i := r[0]; i < r[1]; i++ {
			s.pages[i].from, s.pages[i].at = recs, int32(i-r[0])
		}
	}
	return true
}

// partSource is where a part is in a segment file.
type partSource struct {
	file                *segmentFile
	off, data, skipSize int
}

// segmentMagic starts a segment file (its version with it).
const segmentMagic = "hb-seg\x01"

// segmentName is the name of a segment file of these bytes.
func segmentName(b []byte) string {
	h := xxh3.Hash128(b).Bytes()
	return hex.EncodeToString(h[:])
}

// validSegmentName reports whether name is one segmentName makes (so
// that a file of that name is in the cache's folder, not elsewhere).
func validSegmentName(name string) bool {
	if len(name) != 32 {
		return false
	}
	_, err := hex.DecodeString(name)
	return err == nil
}

// read is the file's bytes, or nil when it is missing, not of its size
// or not the bytes its name is the hash of. A file mapped into memory and
// cut short by another program while it is read is one that cannot be
// read, not a crash.
func (f *segmentFile) read() []byte {
	f.once.Do(func() {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if r := recover(); r != nil {
				if _, fault := r.(interface{ Addr() uintptr }); !fault {
					panic(r)
				}
				f.body = nil
			}
		}()
		b, ok := f.open(f.name)
		if ok && len(b) == f.size && bytes.HasPrefix(b, []byte(segmentMagic)) && segmentName(b) == f.name {
			f.body = b
		}
	})
	return f.body
}

// loaded is p with its bytes (read from its segment file when it was
// read from disk); false when they cannot be read.
func (p *Part) loaded() (Part, bool) {
	src := p.src
	if src == nil {
		return *p, true
	}
	b := src.file.read()
	if b == nil || src.off+src.data+src.skipSize > len(b) {
		return Part{}, false
	}
	at := src.off + src.data
	return Part{Seg: p.Seg, N: p.N, Data: b[src.off:at:at], Skip: b[at : at+src.skipSize : at+src.skipSize]}, true
}

// size is the bytes of p's postings.
func (p *Postings) size() int {
	n := 0
	for i := range p.Parts {
		if src := p.Parts[i].src; src != nil {
			n += src.data
		} else {
			n += len(p.Parts[i].Data)
		}
	}
	return n
}

// each calls fn with each posting in section order, and reports false
// when some part cannot be read (fn may have been called for some).
func (p *Postings) each(fn func(doc int32, body []byte)) bool {
	last := int32(-1)
	for i := range p.Parts {
		q, ok := p.Parts[i].loaded()
		if !ok {
			return false
		}
		r := q.reader()
		for {
			doc, body, _, ok := r.next()
			if !ok {
				break
			}
			if doc <= last {
				return false
			}
			last = doc
			fn(doc, body)
		}
		if r.bad {
			return false
		}
	}
	return true
}

// scan calls fn with each posting in sections [lo, hi), reading only the
// parts of the segments (of cuts) that range reaches.
func (p *Postings) scan(cuts []int32, lo, hi int32, fn func(doc int32, body []byte)) bool {
	for i := range p.Parts {
		a, b := segmentRange(cuts, p.Parts[i].Seg)
		if b <= lo || a >= hi {
			continue
		}
		q, ok := p.Parts[i].loaded()
		if !ok {
			return false
		}
		r, _ := q.readerFrom(lo)
		for {
			doc, body, _, ok := r.next()
			if !ok || doc >= hi {
				break
			}
			if doc >= lo {
				fn(doc, body)
			}
		}
		if r.bad {
			return false
		}
	}
	return true
}

// positionsOf calls each with the positions of the term in each of the
// sections docs (increasing), and reports false if one does not hold it.
func (p *Postings) positionsOf(cuts []int32, docs []int32, each func(k int, pos []uint16)) bool {
	k := 0
	for i := range p.Parts {
		if k == len(docs) {
			break
		}
		a, b := segmentRange(cuts, p.Parts[i].Seg)
		if docs[k] < a {
			return false
		}
		j := k
		for j < len(docs) && docs[j] < b {
			j++
		}
		if j == k {
			continue
		}
		q, ok := p.Parts[i].loaded()
		if !ok {
			return false
		}
		base := k
		if !q.positionsOf(docs[k:j], func(i int, pos []uint16) { each(base+i, pos) }) {
			return false
		}
		k = j
	}
	return k == len(docs)
}

// splice returns p with the postings of the sections in ranges (sorted,
// disjoint, [lo, hi)) replaced by fresh (in section order, each in a
// range): only the parts of the segments (of cuts) the ranges reach are
// read and made anew, the others kept as they are. ok is false when p
// is damaged.
func (p *Postings) splice(cuts []int32, ranges [][2]int32, fresh []Fresh) (out Postings, ok bool) {
	keep := func(q Part) {
		if q.N > 0 {
			out.Parts = append(out.Parts, q)
			out.N += q.N
		}
	}
	i, k := 0, 0 // the next part and fresh posting
	for _, s := range segmentsOf(cuts, ranges) {
		for i < len(p.Parts) && p.Parts[i].Seg < s {
			keep(p.Parts[i])
			i++
		}
		lo, hi := segmentRange(cuts, s)
		j := k
		for j < len(fresh) && fresh[j].Doc < hi {
			if fresh[j].Doc < lo {
				return Postings{}, false
			}
			j++
		}
		var q Part
		if i < len(p.Parts) && p.Parts[i].Seg == s {
			old, ok := p.Parts[i].loaded()
			if !ok {
				return Postings{}, false
			}
			if q, ok = old.splice(clipRanges(ranges, lo, hi), fresh[k:j]); !ok {
				return Postings{}, false
			}
			i++
		} else {
			w := postingsWriter{last: -1}
			for _, f := range fresh[k:j] {
				w.add(f.Doc, f.Body)
			}
			q = w.p
		}
		q.Seg = s
		keep(q)
		k = j
	}
	for ; i < len(p.Parts); i++ {
		keep(p.Parts[i])
	}
	return out, k == len(fresh)
}

// segmentsOf are the segments (of cuts) ranges reach, in order.
func segmentsOf(cuts []int32, ranges [][2]int32) []int32 {
	var segs []int32
	for _, r := range ranges {
		if r[1] <= r[0] {
			continue
		}
		for s := segmentOf(cuts, r[0]); s <= segmentOf(cuts, r[1]-1); s++ {
			if len(segs) == 0 || segs[len(segs)-1] < s {
				segs = append(segs, s)
			}
		}
	}
	return segs
}

// clipRanges are ranges cut to [lo, hi).
func clipRanges(ranges [][2]int32, lo, hi int32) [][2]int32 {
	var out [][2]int32
	for _, r := range ranges {
		if a, b := max(r[0], lo), min(r[1], hi); a < b {
			out = append(out, [2]int32{a, b})
		}
	}
	return out
}

// SegmentFiles writes the segment files of s as put gives them (a name
// and its bytes) and returns the name of each segment's file ("" for a
// segment with no page). A segment whose parts and records are all read
// from one file of the last build's is that file, not written again; the
// others are made (reading the last build's parts and records they keep)
// and given to put one at a time. It records where each part and each
// segment's records are, for Encode. ok is false (nothing more put) when
// a part or record cannot be read or put fails.
func (s *Store) SegmentFiles(put func(name string, body []byte) error) (names []string, err error) {
	pages := s.segmentPages()
	nseg := len(pages)
	bySeg := make([][]partRef, nseg)
	for t := range s.Postings {
		for i := range s.Postings[t].Parts {
			seg := s.Postings[t].Parts[i].Seg
			if seg < 0 || int(seg) >= nseg {
				return nil, errDamaged
			}
			bySeg[seg] = append(bySeg[seg], partRef{int32(t), int32(i)})
		}
	}
	offs := make([][]int, len(s.Postings))
	for t := range s.Postings {
		offs[t] = make([]int, len(s.Postings[t].Parts))
	}
	layout := &segmentLayout{names: make([]string, nseg), sizes: make([]int, nseg), records: make([]int, nseg), offs: offs}
	for seg, refs := range bySeg {
		lo, hi := pages[seg][0], pages[seg][1]
		if len(refs) == 0 && lo == hi {
			continue
		}
		if file, recs := s.keptFile(refs, lo, hi); file != nil {
			for _, r := range refs {
				offs[r.term][r.part] = s.Postings[r.term].Parts[r.part].src.off
			}
			layout.names[seg], layout.sizes[seg], layout.records[seg] = file.name, file.size, recs
			continue
		}
		b, at, ok := s.segmentBytes(refs, lo, hi, offs)
		if !ok {
			return nil, errDamaged
		}
		name := segmentName(b)
		if err := put(name, b); err != nil {
			return nil, err
		}
		layout.names[seg], layout.sizes[seg], layout.records[seg] = name, len(b), at
	}
	s.layout = layout
	return layout.names, nil
}

// partRef is a term's part.
type partRef struct{ term, part int32 }

// keptFile is the last build's file that holds every part refs names
// and the records of pages [lo, hi), each as it is there, and where
// those records are in it; nil when there is none.
func (s *Store) keptFile(refs []partRef, lo, hi int) (*segmentFile, int) {
	var file *segmentFile
	for _, r := range refs {
		src := s.Postings[r.term].Parts[r.part].src
		if src == nil || file != nil && src.file != file {
			return nil, 0
		}
		file = src.file
	}
	if file == nil || lo == hi {
		return nil, 0
	}
	from := s.pages[lo].from
	if from == nil || from.file != file || from.pages != hi-lo {
		return nil, 0
	}
	for i := lo; i < hi; i++ {
		if s.pages[i].from != from || int(s.pages[i].at) != i-lo {
			return nil, 0
		}
	}
	return file, from.off
}

// segmentBytes is a segment file of the parts refs names and the records
// of pages [lo, hi) (read from the last build's files those are kept in),
// and where the records start; it records where each part is in offs.
// ok is false when one cannot be read.
func (s *Store) segmentBytes(refs []partRef, lo, hi int, offs [][]int) (b []byte, records int, ok bool) {
	recs := make([][]byte, hi-lo)
	size := len(segmentMagic)
	for i := range recs {
		if recs[i], ok = s.pages[lo+i].record(); !ok {
			return nil, 0, false
		}
		size += binary.MaxVarintLen32 + len(recs[i])
	}
	for _, r := range refs {
		q := &s.Postings[r.term].Parts[r.part]
		if q.src != nil {
			size += q.src.data + q.src.skipSize
		} else {
			size += len(q.Data) + len(q.Skip)
		}
	}
	b = make([]byte, 0, size)
	b = append(b, segmentMagic...)
	for _, r := range refs {
		q, ok := s.Postings[r.term].Parts[r.part].loaded()
		if !ok {
			return nil, 0, false
		}
		offs[r.term][r.part] = len(b)
		b = append(append(b, q.Data...), q.Skip...)
	}
	records = len(b)
	for _, rec := range recs {
		b = binary.AppendUvarint(b, uint64(len(rec)))
		b = append(b, rec...)
	}
	return b, records, true
}

// segmentLayout is where SegmentFiles put each part and record: each
// segment's file name and size and where its records start, and each
// term's parts' offsets in them.
type segmentLayout struct {
	names   []string
	sizes   []int
	records []int
	offs    [][]int
}

// partSizes checks a part's sizes as read: its data at least two bytes a
// posting, its skip list one entry per skipEvery postings.
func partSizes(n, data, skip int) bool {
	return n > 0 && data >= 2*n && skip == skipEntry*((n+skipEvery-1)/skipEvery)
}

// sortedCuts reports whether cuts are segments' first sections of a site
// of docs sections.
func sortedCuts(cuts []int32, docs int) bool {
	if len(cuts) == 0 || cuts[0] != 0 {
		return false
	}
	for i := 1; i < len(cuts); i++ {
		if cuts[i] <= cuts[i-1] || int(cuts[i]) >= docs {
			return false
		}
	}
	return slices.IsSorted(cuts)
}

// Readable reads and checks every segment file s's postings and records
// are in (each once), and reports whether all are sound: a build that is
// to read every term's postings finds a damaged file before it writes
// any.
func (s *Store) Readable() bool {
	if s == nil {
		return true
	}
	seen := map[*segmentFile]bool{}
	for t := range s.Postings {
		for _, q := range s.Postings[t].Parts {
			if f := q.src; f != nil && !seen[f.file] {
				seen[f.file] = true
				if f.file.read() == nil {
					return false
				}
			}
		}
	}
	for i := range s.pages {
		if _, ok := s.pages[i].record(); !ok {
			return false
		}
	}
	return true
}
