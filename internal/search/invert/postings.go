package invert

import (
	"encoding/binary"
	"math"
)

// A worker keeps each term's postings as a stream of bytes, gathered as
// it reads the sections: per posting, the section (as the difference from
// the term's last one), the fields it is in and its count in each, and its
// positions (as differences), all as varints. That is about a fifth of the
// memory of a struct per posting, and the term's list is already grouped
// when the index is written (the impacts need the whole corpus's lengths,
// so they are worked out then). The streams are chains of blocks carved
// out of large slabs: a rare term takes one small block, and no slice is
// copied as it grows. Each block of a stream is twice as large as the one
// before, up to maxUnits units: a common term's postings lie in few long
// runs of memory, which reading them back (long after, when every other
// term's blocks were written) streams through instead of waiting for
// each small block in turn.
const (
	unitBytes = 128  // blocks are whole units, and start at one
	maxUnits  = 32   // a block is at most 4 KiB
	slabUnits = 8192 // units per slab (1 MiB)
)

// postingStore holds the blocks of a worker's streams.
type postingStore struct {
	slabs [][]byte
	units uint32 // the units carved out (the last slab's rest is free)
}

// newBlock carves a block of n units, which never straddles two slabs,
// and returns its first unit's number.
func (s *postingStore) newBlock(n uint8) uint32 {
	if s.units%slabUnits+uint32(n) > slabUnits {
		s.units += slabUnits - s.units%slabUnits // (the slab's rest is left)
	}
	id := s.units
	if int(id/slabUnits) == len(s.slabs) {
		s.slabs = append(s.slabs, make([]byte, slabUnits*unitBytes))
	}
	s.units += uint32(n)
	return id
}

// block is the block of n units starting at unit id.
func (s *postingStore) block(id uint32, n uint8) []byte {
	at := int(id%slabUnits) * unitBytes
	end := at + int(n)*unitBytes
	return s.slabs[id/slabUnits][at:end:end]
}

// nextUnits is the size of the block after one of n units.
func nextUnits(n uint8) uint8 { return min(2*n, maxUnits) }

// (2*n must not overflow a uint8: this fails to compile if it could.)
const _ = uint8(2 * maxUnits)

// stream is one term's postings in one worker.
type stream struct {
	head, tail uint32 // first and last blocks (when n > 0)
	used       int32  // bytes of the last block's data in use
	n          int32  // postings
	last       int32  // the last posting's section
	size       int32  // bytes
	started    bool   // head is allocated
	units      uint8  // the size of the last block
}

// data is the bytes of the last block's data (after the next block's
// number).
func (st *stream) data() int32 { return int32(st.units)*unitBytes - 4 }

// add appends the posting of section doc, counts tf and positions pos
// to the term's stream (its body as appendBody writes it, which is also
// how a build keeps it for the next: see Postings). It returns scratch,
// for the next posting (grown when the posting was encoded there).
func (s *postingStore) add(st *stream, scratch []byte, doc int32, tf *[numFields]uint16, pos []uint16) []byte {
	if st.started && st.used+int32(maxSmallPosting(pos)) <= st.data() {
		// (most often: encoded where it goes, in the last block)
		blk := s.block(st.tail, st.units)[4+st.used : 4+st.used]
		delta := st.delta(doc)
		b := appendBody(binary.AppendUvarint(blk, uint64(delta)), tf, pos)
		st.added(doc, int32(len(b)))
		st.used += int32(len(b))
		return scratch
	}
	b := appendBody(scratch[:0], tf, pos)
	s.put(st, doc, b)
	return b
}

// maxSmallPosting bounds the bytes of a posting with these positions in a
// stream: the section's delta, the mask, the counts and the positions, all
// (but the mask and the section) at most 16 bits.
func maxSmallPosting(pos []uint16) int {
	return binary.MaxVarintLen32 + 1 + (numFields+1)*3 + 3*len(pos)
}

// delta is how the stream writes section doc: the difference from its
// last one (doc+1 for the first).
func (st *stream) delta(doc int32) int32 {
	if st.n > 0 {
		return doc - st.last
	}
	return doc + 1
}

// added counts a posting of section doc of size bytes.
func (st *stream) added(doc, size int32) {
	st.n++
	st.last = doc
	st.size += size
}

// put appends the posting of section doc to the term's stream, the rest
// of it (fields, counts, positions) encoded in body.
func (s *postingStore) put(st *stream, doc int32, body []byte) {
	delta := st.delta(doc)
	st.added(doc, int32(uvarintLen(uint64(delta))+len(body)))
	if st.started && int(st.used)+binary.MaxVarintLen32+len(body) <= int(st.data()) {
		// (most often: the posting fits in the last block)
		blk := s.block(st.tail, st.units)[4+st.used:]
		k := binary.PutUvarint(blk, uint64(delta))
		st.used += int32(k + copy(blk[k:], body))
		return
	}
	var head [binary.MaxVarintLen32]byte
	s.write(st, binary.AppendUvarint(head[:0], uint64(delta)))
	s.write(st, body)
}

func (s *postingStore) write(st *stream, b []byte) {
	if !st.started {
		st.head = s.newBlock(1)
		st.tail, st.units, st.started = st.head, 1, true
	}
	for len(b) > 0 {
		if st.used == st.data() {
			units := nextUnits(st.units)
			next := s.newBlock(units)
			binary.LittleEndian.PutUint32(s.block(st.tail, st.units), next)
			st.tail, st.units, st.used = next, units, 0
		}
		k := copy(s.block(st.tail, st.units)[4+st.used:], b)
		st.used += int32(k)
		b = b[k:]
	}
}

// maxPosting bounds the bytes of a posting in a stream (ten per varint).
const maxPosting = binary.MaxVarintLen32 + 1 + (numFields+1+maxPositions)*binary.MaxVarintLen64

// blockWalk loads a stream's blocks in order into a small window, which
// holds at least a whole posting whenever one is read: the one walk of
// the blocks that scoring (List.decode) and an edit (postingStore.each)
// share. The window and the place in it are the caller's (locals in its
// loop).
type blockWalk struct {
	s     *postingStore
	st    *stream
	next  uint32 // the next block to load
	units uint8  // its size
	tail  bool   // the last block is loaded
}

func (s *postingStore) walk(st *stream) blockWalk {
	return blockWalk{s: s, st: st, next: st.head, units: 1}
}

// short reports whether the window must be refilled before the posting
// at win[i:] is read (it may end beyond the window's bytes).
func (r *blockWalk) short(win []byte, i int) bool {
	return !r.tail && len(win)-i < maxPosting
}

// refill returns the window without the postings before i, and with
// blocks loaded until it holds a whole posting (or the stream's last
// block). It reuses win's space.
func (r *blockWalk) refill(win []byte, i int) []byte {
	return r.extend(append(win[:0], win[i:]...), 0)
}

// extend returns win with blocks appended until it holds a whole posting
// from i (or the stream's last block).
func (r *blockWalk) extend(win []byte, i int) []byte {
	for !r.tail && len(win)-i < maxPosting {
		blk := r.s.block(r.next, r.units)
		if r.next == r.st.tail {
			win = append(win, blk[4:4+r.st.used]...)
			r.tail = true
		} else {
			win = append(win, blk[4:]...)
			r.next, r.units = binary.LittleEndian.Uint32(blk), nextUnits(r.units)
		}
	}
	return win
}

// postingBody is the length of the posting body (see add) at the start of
// b, 0 when b does not start with one.
func postingBody(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	i := 1
	skip := func() (uint64, bool) {
		v, k := binary.Uvarint(b[i:])
		if k <= 0 {
			return 0, false
		}
		i += k
		return v, true
	}
	for f := range numFields {
		if b[0]&(1<<f) != 0 {
			if _, ok := skip(); !ok {
				return 0
			}
		}
	}
	n, ok := skip()
	if !ok || n > maxPositions {
		return 0
	}
	for range n {
		if _, ok := skip(); !ok {
			return 0
		}
	}
	return i
}

// List is a term's postings, in section order.
type List struct {
	Postings []Posting
	// raw holds the bytes of the term's postings as read, kept until the
	// next term: a posting's positions are decoded from them only when
	// Positions asks (most postings fall in tiers without positions).
	raw       []byte
	positions []uint16  // scratch: what Positions returns
	merged    []Posting // scratch
}

// Positions are the first positions of the posting's term in its section
// (at most 16), in the numbering of the section's words where each field
// and heading starts a little apart, so that no phrase crosses them. The
// slice is valid until the next call.
func (l *List) Positions(p *Posting) []uint16 {
	l.positions = l.positions[:0]
	i, last := int(p.off), uint16(0)
	for range p.n {
		var v uint64
		v, i = uvarint(l.raw, i)
		last += uint16(v)
		l.positions = append(l.positions, last)
	}
	return l.positions
}

// PositionCount is the number of positions of p (len(Positions(p))).
func (l *List) PositionCount(p *Posting) int { return int(p.n) }

// decode appends the postings of st (one worker's stream of a term) to l,
// scoring them, and to w when not nil.
func (l *List) decode(s *postingStore, st *stream, idf float64, ls *lengths, w *partsWriter) {
	if !st.started {
		return
	}
	r := s.walk(st)
	// (The bytes are added to l.raw, whose earlier bytes stay: the
	// postings' positions are read there later.)
	win, i, doc := l.raw, len(l.raw), int32(-1)
	run := i // (w takes the postings from run as they are)
	for left := st.n; left > 0; left-- {
		if r.short(win, i) {
			if w != nil {
				w.p.Data = append(w.p.Data, win[run:i]...)
				run = i
			}
			win = r.extend(win, i)
		}
		start := i
		v, k := uvarint(win, i)
		doc += int32(v)
		i = l.read(win, k, doc, idf, &ls.norms[doc])
		switch {
		case w == nil:
		case left == st.n || doc >= w.end:
			// (its first, after another worker's postings, or the first of
			// a segment)
			w.p.Data = append(w.p.Data, win[run:start]...)
			w.add(doc, win[k:i])
			run = i
		default:
			if w.p.N%skipEvery == 0 {
				w.p.Data = append(w.p.Data, win[run:start]...)
				run = start
				w.mark()
			}
			w.p.N++
			w.last = doc
		}
	}
	if w != nil {
		w.p.Data = append(w.p.Data, win[run:i]...)
	}
	l.raw = win
}

// body appends the posting of section doc whose body is raw[i:], scored
// with idf and the section's norms (text, code), and returns the index
// after it. The body is copied to l.raw, where Positions reads it.
func (l *List) body(raw []byte, i int, doc int32, idf float64, n *[2]float64) int {
	at := len(l.raw)
	l.raw = append(l.raw, raw[i:]...)
	return i + l.read(l.raw, at, doc, idf, n) - at
}

// read is body for a posting already in raw, which is l.raw (or will be
// when Positions is called).
func (l *List) read(raw []byte, i int, doc int32, idf float64, n *[2]float64) int {
	var v, np uint64
	mask := raw[i]
	i++
	var tf [numFields]uint16
	if c := raw[i]; mask == 1<<fieldText && c < 0x80 {
		// (most often: prose only, its count a byte)
		tf[fieldText] = uint16(c)
		i++
	} else {
		for f := range numFields {
			if mask&(1<<f) != 0 {
				v, i = uvarint(raw, i)
				tf[f] = uint16(min(v, math.MaxUint16))
			}
		}
	}
	np, i = uvarint(raw, i)
	off := uint32(i) // (Positions decodes them when asked)
	for left := np; left > 0; i++ {
		if raw[i] < 0x80 { // (the last byte of a varint)
			left--
		}
	}
	norm := [numFields]float64{1, 1, n[0], n[1]}
	// (set field by field: a Posting put together on the stack is then
	// read whole, which waits for its narrow writes)
	l.Postings = append(l.Postings, Posting{})
	p := &l.Postings[len(l.Postings)-1]
	p.Doc, p.Impact, p.off, p.n = doc, impact(&tf, idf, &norm), off, uint8(np)
	return i
}

// merge puts l's postings, two runs in section order (before k and
// from k), in section order.
func (l *List) merge(k int) {
	a, b := l.Postings[:k], l.Postings[k:]
	if len(a) == 0 || len(b) == 0 || a[len(a)-1].Doc < b[0].Doc {
		return
	}
	out := l.merged[:0]
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i].Doc < b[j].Doc {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(append(out, a[i:]...), b[j:]...)
	copy(l.Postings, out)
	l.merged = out
}

// reset empties l for another term.
func (l *List) reset() {
	l.Postings, l.raw = l.Postings[:0], l.raw[:0]
}

// uvarintLen is the length of v as a varint.
func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// uvarint reads the varint at b[i:] and returns it and the index after it.
// It is small enough for the compiler to inline (it reads every number of
// every posting): b holds a whole varint there, as the streams do, and the
// postings read back from a store once postingBody has checked them.
func uvarint(b []byte, i int) (uint64, int) {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		c := b[i]
		i++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v, i
		}
	}
}
