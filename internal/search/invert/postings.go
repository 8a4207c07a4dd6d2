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
// so they are worked out then). The streams are chains of fixed-size
// blocks carved out of large slabs: a rare term takes one block, and no
// slice is copied as it grows.
const (
	blockBytes = 128
	blockData  = blockBytes - 4 // the first 4 bytes name the next block
	slabBlocks = 8192           // blocks per slab (1 MiB)
)

// postingStore holds the blocks of a worker's streams.
type postingStore struct {
	slabs  [][]byte
	blocks uint32
}

func (s *postingStore) newBlock() uint32 {
	id := s.blocks
	if int(id/slabBlocks) == len(s.slabs) {
		s.slabs = append(s.slabs, make([]byte, slabBlocks*blockBytes))
	}
	s.blocks++
	return id
}

func (s *postingStore) block(id uint32) []byte {
	at := int(id%slabBlocks) * blockBytes
	return s.slabs[id/slabBlocks][at : at+blockBytes : at+blockBytes]
}

// stream is one term's postings in one worker.
type stream struct {
	head, tail uint32 // first and last blocks (when n > 0)
	used       int32  // bytes of the last block's data in use
	n          int32  // postings
	last       int32  // the last posting's section
}

// add appends the posting of section doc, counts tf and positions pos
// to the term's stream.
func (s *postingStore) add(st *stream, scratch []byte, doc int32, tf *[numFields]uint16, pos []uint16) []byte {
	b := scratch[:0]
	delta := doc + 1
	if st.n > 0 {
		delta = doc - st.last
	}
	b = binary.AppendUvarint(b, uint64(delta))
	mask := uint64(0)
	for f, c := range tf {
		if c != 0 {
			mask |= 1 << f
		}
	}
	b = binary.AppendUvarint(b, uint64(len(pos))<<numFields|mask)
	for _, c := range tf {
		if c != 0 {
			b = binary.AppendUvarint(b, uint64(c))
		}
	}
	last := uint16(0)
	for _, p := range pos {
		b = binary.AppendUvarint(b, uint64(p-last))
		last = p
	}
	if st.n == 0 {
		st.head = s.newBlock()
		st.tail, st.used = st.head, 0
	}
	st.n++
	st.last = doc
	for rest := b; len(rest) > 0; {
		if st.used == blockData {
			next := s.newBlock()
			binary.LittleEndian.PutUint32(s.block(st.tail), next)
			st.tail, st.used = next, 0
		}
		k := copy(s.block(st.tail)[4+st.used:], rest)
		st.used += int32(k)
		rest = rest[k:]
	}
	return b
}

// appendBytes appends the bytes of the stream to dst.
func (s *postingStore) appendBytes(dst []byte, st *stream) []byte {
	if st.n == 0 {
		return dst
	}
	for id := st.head; ; {
		blk := s.block(id)
		if id == st.tail {
			return append(dst, blk[4:4+st.used]...)
		}
		dst = append(dst, blk[4:]...)
		id = binary.LittleEndian.Uint32(blk)
	}
}

// List is a term's postings, in section order.
type List struct {
	Postings  []Posting
	positions []uint16
	raw       []byte // scratch: the streams' bytes
}

// Positions are the first positions of the posting's term in its section
// (at most 16), in the numbering of the section's words where each field
// and heading starts a little apart, so that no phrase crosses them.
func (l *List) Positions(p *Posting) []uint16 {
	return l.positions[p.off : p.off+uint32(p.n)]
}

// decode appends the n postings of raw (one worker's stream of a term) to
// l, scoring them.
func (l *List) decode(raw []byte, n int32, idf float64, norms [][numFields]float64) {
	doc := int32(-1)
	i := 0
	uv := func() uint64 {
		if b := raw[i]; b < 0x80 {
			i++
			return uint64(b)
		}
		v, k := binary.Uvarint(raw[i:])
		i += k
		return v
	}
	for range n {
		doc += int32(uv())
		head := uv()
		var tf [numFields]uint16
		for f := range numFields {
			if head&(1<<f) != 0 {
				tf[f] = uint16(min(uv(), math.MaxUint16))
			}
		}
		np := head >> numFields
		off := uint32(len(l.positions))
		last := uint16(0)
		for range np {
			last += uint16(uv())
			l.positions = append(l.positions, last)
		}
		l.Postings = append(l.Postings, Posting{Doc: doc, Impact: impact(tf, idf, &norms[doc]), off: off, n: uint8(np)})
	}
}
