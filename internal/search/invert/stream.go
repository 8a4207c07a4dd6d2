package invert

import (
	"encoding/binary"
	"math"
)

// Postings are a term's postings as a build keeps them for the next, in
// parts: one for each segment of the sections (see Store.Cuts) the term is
// in, so that an edit reads and writes only the parts of the segments it
// reaches, and the next build's cache keeps every other segment's file.
type Postings struct {
	N     int // the postings
	Parts []Part
}

// Part is a term's postings in one segment: Data, their bytes in
// section order as the workers' streams hold them (per posting the
// section as the difference from the last one's, the first's number plus
// one, then its body: see postingStore.add), and Skip, for every
// skipEvery-th posting the section before it (plus one) and its offset in
// Data, both as little-endian uint32s, so that an edit finds a section's
// postings without decoding those before them. A part read from a
// store's segment file is read (and the file checked) when first used
// (see loaded).
type Part struct {
	Seg  int32 // the segment
	N    int   // the postings
	Data []byte
	Skip []byte
	src  *partSource
}

const (
	skipEvery = 32
	skipEntry = 8
)

// postingsWriter appends postings in section order to a part. Its Data
// and Skip may hold other parts before it (from base and skipBase on:
// see partsWriter): the skip list's offsets are from base.
type postingsWriter struct {
	p              Part
	last           int32 // the last posting's section, -1 before the first
	base, skipBase int
}

// add appends the posting of section doc (after the last one's) with
// this body.
func (w *postingsWriter) add(doc int32, body []byte) {
	if w.p.N%skipEvery == 0 {
		w.mark()
	}
	w.p.Data = binary.AppendUvarint(w.p.Data, uint64(doc-w.last))
	w.p.Data = append(w.p.Data, body...)
	w.p.N++
	w.last = doc
}

// mark adds the skip entry of the posting about to be written.
func (w *postingsWriter) mark() {
	w.p.Skip = binary.LittleEndian.AppendUint32(w.p.Skip, uint32(w.last+1))
	w.p.Skip = binary.LittleEndian.AppendUint32(w.p.Skip, uint32(len(w.p.Data)-w.base))
}

// partsWriter appends postings in section order, a part per segment, all
// in one buffer of data and one of skip lists (as large as the term's
// postings, with a few bytes a part more): the parts are cut from them
// when done.
type partsWriter struct {
	postingsWriter // the part being written
	out            Postings
	cuts           []int32
	end            int32    // the end of the part's segment (0 before the first)
	spans          [][4]int // each part's data and skip list in the buffers
}

// newPartsWriter is a writer of about sizeHint bytes of n postings cut
// at cuts.
func newPartsWriter(cuts []int32, sizeHint, n int) *partsWriter {
	w := &partsWriter{cuts: cuts}
	parts := min(max(len(cuts), 1), n)
	w.p.Data = make([]byte, 0, sizeHint+8*parts)
	w.p.Skip = make([]byte, 0, skipEntry*((n+skipEvery-1)/skipEvery+parts))
	return w
}

// add appends the posting of section doc (after the last one's) with
// this body.
func (w *partsWriter) add(doc int32, body []byte) {
	if doc >= w.end {
		w.start(doc)
	}
	w.postingsWriter.add(doc, body)
}

// start starts the part of the segment section doc is in.
func (w *partsWriter) start(doc int32) {
	w.flush()
	s := segmentOf(w.cuts, doc)
	_, w.end = segmentRange(w.cuts, s)
	w.postingsWriter = postingsWriter{last: -1, p: Part{Seg: s, Data: w.p.Data, Skip: w.p.Skip}, base: len(w.p.Data), skipBase: len(w.p.Skip)}
}

func (w *partsWriter) flush() {
	if w.p.N > 0 {
		w.out.Parts = append(w.out.Parts, Part{Seg: w.p.Seg, N: w.p.N})
		w.spans = append(w.spans, [4]int{w.base, len(w.p.Data), w.skipBase, len(w.p.Skip)})
		w.out.N += w.p.N
	}
}

// finish is the postings written.
func (w *partsWriter) finish() Postings {
	w.flush()
	for i, sp := range w.spans {
		q := &w.out.Parts[i]
		q.Data, q.Skip = w.p.Data[sp[0]:sp[1]:sp[1]], w.p.Skip[sp[2]:sp[3]:sp[3]]
	}
	w.p.N = 0
	return w.out
}

// appendBody appends a posting's body: the fields it is in (a bit mask),
// its count in each, and its positions (their number, then each as the
// difference from the one before).
func appendBody(b []byte, tf *[numFields]uint16, pos []uint16) []byte {
	if tf[fieldTitle]|tf[fieldHeading]|tf[fieldCode] == 0 && 0 < tf[fieldText] && tf[fieldText] < 0x80 {
		// (most often: a few words of prose, the mask and count a byte each)
		b = append(b, 1<<fieldText, byte(tf[fieldText]))
		return appendPositions(b, pos)
	}
	mask := byte(0)
	for f, c := range tf {
		if c != 0 {
			mask |= 1 << f
		}
	}
	b = append(b, mask)
	for _, c := range tf {
		if c != 0 {
			b = binary.AppendUvarint(b, uint64(c))
		}
	}
	return appendPositions(b, pos)
}

// appendPositions appends a posting body's positions: their number, then
// each as the difference from the last.
func appendPositions(b []byte, pos []uint16) []byte {
	b = binary.AppendUvarint(b, uint64(len(pos)))
	last := uint16(0)
	for _, p := range pos {
		b = binary.AppendUvarint(b, uint64(p-last))
		last = p
	}
	return b
}

// postingsReader reads postings in section order.
type postingsReader struct {
	data []byte
	i    int
	doc  int32 // the last posting's section
	left int   // postings left to read
	bad  bool  // the data is damaged
}

func (p *Part) reader() postingsReader {
	return postingsReader{data: p.Data, doc: -1, left: p.N}
}

// next reads the next posting: its section, its body (sharing the data)
// and where it starts in the data; ok is false at the end (or when the
// data is damaged: r.bad).
func (r *postingsReader) next() (doc int32, body []byte, at int, ok bool) {
	if r.left == 0 || r.bad {
		return 0, nil, 0, false
	}
	at = r.i
	v, k := binary.Uvarint(r.data[min(r.i, len(r.data)):])
	if k <= 0 || v == 0 || v > math.MaxInt32 || int64(r.doc)+int64(v) > math.MaxInt32 {
		r.bad = true
		return 0, nil, 0, false
	}
	n := postingBody(r.data[r.i+k:])
	if n == 0 {
		r.bad = true
		return 0, nil, 0, false
	}
	r.doc += int32(v)
	body = r.data[r.i+k : r.i+k+n : r.i+k+n]
	r.i += k + n
	r.left--
	return r.doc, body, at, true
}

// skipAt is skip entry j: the section before its posting and its offset.
func (p *Part) skipAt(j int) (prev int32, off int) {
	e := p.Skip[j*skipEntry:]
	return int32(binary.LittleEndian.Uint32(e)) - 1, int(binary.LittleEndian.Uint32(e[4:]))
}

// readerFrom is a reader at the posting the skip list names last before
// section doc (it still has to read on to doc's), and the number of the
// posting it starts at.
func (p *Part) readerFrom(doc int32) (postingsReader, int) {
	entries := len(p.Skip) / skipEntry
	if entries != (p.N+skipEvery-1)/skipEvery {
		return p.reader(), 0 // (damaged: read from the start)
	}
	lo, hi := 0, entries // the last entry whose previous section is before doc
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if prev, _ := p.skipAt(mid); prev < doc {
			lo = mid
		} else {
			hi = mid
		}
	}
	if entries == 0 {
		return p.reader(), 0
	}
	prev, off := p.skipAt(lo)
	if off > len(p.Data) || prev < -1 {
		return p.reader(), 0
	}
	return postingsReader{data: p.Data, i: off, doc: prev, left: p.N - lo*skipEvery}, lo * skipEvery
}

// positionsOf calls each with the positions of the term in each of the
// sections docs (increasing), and reports false if one does not hold it.
func (p *Part) positionsOf(docs []int32, each func(k int, pos []uint16)) bool {
	var pos []uint16
	var r postingsReader
	for k, doc := range docs {
		if k == 0 || p.skipsTo(&r, doc) {
			r, _ = p.readerFrom(doc)
		}
		for {
			d, body, _, ok := r.next()
			if !ok || d > doc {
				return false
			}
			if d == doc {
				pos = bodyPositions(pos[:0], body)
				each(k, pos)
				break
			}
		}
	}
	return true
}

// skipsTo reports whether the skip list has an entry between r and
// section doc: jumping there reads fewer postings than reading on.
func (p *Part) skipsTo(r *postingsReader, doc int32) bool {
	j := (p.N-r.left)/skipEvery + 1 // the entry after r's block
	if (j+1)*skipEntry > len(p.Skip) {
		return false
	}
	prev, _ := p.skipAt(j)
	return prev < doc
}

// bodyPositions appends a posting body's positions to out.
func bodyPositions(out []uint16, body []byte) []uint16 {
	i := 1
	for f := range numFields {
		if body[0]&(1<<f) != 0 {
			_, i = uvarint(body, i)
		}
	}
	np, i := uvarint(body, i)
	last := uint16(0)
	for range np {
		var v uint64
		v, i = uvarint(body, i)
		last += uint16(v)
		out = append(out, last)
	}
	return out
}

// Fresh is a posting read from a page read again: its section and body.
type Fresh struct {
	Doc  int32
	Body []byte
}

// splice returns p with the postings of the sections in ranges (sorted,
// disjoint, [lo, hi)) replaced by fresh (in section order, each in a
// range): the bytes before the first range and after the last are
// copied as they are, and so are their skip entries when the postings
// after the ranges keep their numbers. ok is false when p is damaged.
func (p *Part) splice(ranges [][2]int32, fresh []Fresh) (out Part, ok bool) {
	if len(ranges) == 0 {
		return *p, true
	}
	r, first := p.readerFrom(ranges[0][0])
	// The postings before the first range are kept as they are.
	var a int
	var prev int32
	for {
		at, doc := r.i, r.doc
		d, _, _, ok := r.next()
		if !ok || d >= ranges[0][0] {
			if r.bad {
				return Part{}, false
			}
			a, prev = at, doc
			r = postingsReader{data: p.Data, i: at, doc: doc, left: r.left}
			if ok {
				r.left++
			}
			break
		}
		first++
	}
	w := &postingsWriter{last: prev}
	w.p.N = first
	w.p.Data = append(make([]byte, 0, len(p.Data)+len(p.Data)/16+64), p.Data[:a]...)
	w.p.Skip = append(make([]byte, 0, len(p.Skip)+skipEntry), p.Skip[:skipEntry*((first+skipEvery-1)/skipEvery)]...)
	k := 0 // the next fresh posting
	for _, rg := range ranges {
		for {
			at, doc, left := r.i, r.doc, r.left
			d, body, _, ok := r.next()
			if !ok && r.bad {
				return Part{}, false
			}
			if ok && d < rg[0] {
				w.add(d, body)
				continue
			}
			if ok && d < rg[1] {
				continue // replaced
			}
			r = postingsReader{data: p.Data, i: at, doc: doc, left: left}
			break
		}
		for ; k < len(fresh) && fresh[k].Doc < rg[1]; k++ {
			w.add(fresh[k].Doc, fresh[k].Body)
		}
	}
	if k != len(fresh) {
		return Part{}, false
	}
	// The rest: its first posting is written anew (its difference from the
	// one before may have changed), the others copied.
	next := p.N - r.left // the number of the first
	d, body, _, ok := r.next()
	if !ok {
		return w.p, !r.bad
	}
	w.add(d, body)
	if w.p.N != next+1 || len(p.Skip) != skipEntry*((p.N+skipEvery-1)/skipEvery) {
		for { // (other numbers: the skip list is made anew)
			d, body, _, ok := r.next()
			if !ok {
				return w.p, !r.bad
			}
			w.add(d, body)
		}
	}
	shift := len(w.p.Data) - r.i
	w.p.Data = append(w.p.Data, p.Data[r.i:]...)
	for j := (next + skipEvery) / skipEvery; j*skipEntry < len(p.Skip); j++ {
		prev, off := p.skipAt(j)
		w.p.Skip = binary.LittleEndian.AppendUint32(w.p.Skip, uint32(prev+1))
		w.p.Skip = binary.LittleEndian.AppendUint32(w.p.Skip, uint32(off+shift))
	}
	w.p.N = p.N
	return w.p, true
}
