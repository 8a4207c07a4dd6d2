package invert

import (
	"math/rand"
	"slices"
	"testing"
)

// Postings read back from the streams are the ones added, whichever
// blocks they straddle, as added (add) or as copied from a record (put).
func TestStreamsGiveBackTheirPostings(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	type posting struct {
		doc int32
		tf  [numFields]uint16
		pos []uint16
	}
	var s postingStore
	streams := make([]stream, 5)
	want := make([][]posting, len(streams))
	var scratch []byte
	for doc := int32(0); doc < 3000; doc += 1 + int32(r.Intn(40)) {
		for k := range streams {
			if r.Intn(k+1) != 0 {
				continue
			}
			p := posting{doc: doc}
			for f := range p.tf {
				if r.Intn(2) == 0 {
					p.tf[f] = uint16(r.Intn(1 << (4 * r.Intn(5))))
				}
			}
			last := uint16(r.Intn(50))
			for range r.Intn(maxPositions + 1) {
				last += uint16(r.Intn(1 << (3 * r.Intn(6))))
				p.pos = append(p.pos, last)
			}
			slices.Sort(p.pos)
			if r.Intn(2) == 0 {
				scratch = s.add(&streams[k], scratch, doc, &p.tf, p.pos)
			} else {
				body := s.add(&stream{}, nil, doc, &p.tf, p.pos) // a posting's body, as a record holds it
				if postingBody(body) != len(body) {
					t.Fatalf("postingBody %d of %d bytes", postingBody(body), len(body))
				}
				s.put(&streams[k], doc, body)
			}
			want[k] = append(want[k], p)
		}
	}
	ls := &lengths{norms: make([][2]float64, 3000)}
	for d := range ls.norms {
		ls.norms[d] = [2]float64{1, 1}
	}
	var l List
	for k, st := range streams {
		l.Postings, l.positions = l.Postings[:0], l.positions[:0]
		l.decode(&s, &st, 1, ls, nil)
		if len(l.Postings) != len(want[k]) {
			t.Fatalf("stream %d: %d postings, want %d", k, len(l.Postings), len(want[k]))
		}
		for i, p := range l.Postings {
			w := want[k][i]
			if p.Doc != w.doc || !slices.Equal(l.Positions(&p), w.pos) || p.Impact != impact(w.tf, 1, &[numFields]float64{1, 1, 1, 1}) {
				t.Fatalf("stream %d posting %d: %+v %v, want %+v", k, i, p, l.Positions(&p), w)
			}
		}
	}
}
