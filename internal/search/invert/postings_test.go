package invert

import (
	"encoding/binary"
	"math/rand"
	"slices"
	"syscall"
	"testing"
	"time"
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
				body := appendBody(nil, &p.tf, p.pos) // a posting's body, as a record holds it
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
		// Decoded and recorded (as an index keeping a store does), and
		// walked (as an edit does): the same postings each way.
		l.reset()
		// (recorded in segments, cut anywhere but at the first section)
		cuts := []int32{0, int32(1 + k*37%900), int32(1000 + k*53%900), 2500}
		rec := newPartsWriter(cuts, 0, 0)
		l.decode(&s, &st, 1, ls, rec)
		got := rec.finish()
		var walked []Fresh
		s.each(&st, func(doc int32, body []byte) { walked = append(walked, Fresh{doc, slices.Clone(body)}) })
		var recorded []Fresh
		if !got.each(func(doc int32, body []byte) { recorded = append(recorded, Fresh{doc, body}) }) {
			t.Fatalf("stream %d: the recorded postings cannot be read", k)
		}
		for i, f := range walked {
			if i >= len(recorded) || recorded[i].Doc != f.Doc || !slices.Equal(recorded[i].Body, f.Body) || f.Doc != want[k][i].doc {
				t.Fatalf("stream %d posting %d: walked %d %v, want section %d", k, i, f.Doc, f.Body, want[k][i].doc)
			}
			if got := bodyPositions(nil, f.Body); !slices.Equal(got, want[k][i].pos) {
				t.Fatalf("stream %d posting %d: positions %v, want %v", k, i, got, want[k][i].pos)
			}
		}
		if len(walked) != len(want[k]) || len(recorded) != len(want[k]) || got.N != len(want[k]) {
			t.Fatalf("stream %d: walked %d, recorded %d (%d), want %d", k, len(walked), len(recorded), got.N, len(want[k]))
		}
		for _, q := range got.Parts {
			lo, hi := segmentRange(cuts, q.Seg)
			var docs []int32
			r := q.reader()
			for {
				doc, _, _, ok := r.next()
				if !ok {
					break
				}
				docs = append(docs, doc)
			}
			if r.bad || len(docs) != q.N || docs[0] < lo || docs[len(docs)-1] >= hi || len(q.Skip) != skipEntry*((q.N+skipEvery-1)/skipEvery) {
				t.Fatalf("stream %d: segment %d [%d, %d) holds %d postings (%d), sections %v, %d bytes of skip list", k, q.Seg, lo, hi, q.N, len(docs), docs, len(q.Skip))
			}
		}
		if len(l.Postings) != len(want[k]) {
			t.Fatalf("stream %d: %d postings, want %d", k, len(l.Postings), len(want[k]))
		}
		for i, p := range l.Postings {
			w := want[k][i]
			if p.Doc != w.doc || !slices.Equal(l.Positions(&p), w.pos) || p.Impact != impact(&w.tf, 1, &[numFields]float64{1, 1, 1, 1}) {
				t.Fatalf("stream %d posting %d: %+v %v, want %+v", k, i, p, l.Positions(&p), w)
			}
		}
	}
}

// A common term's postings lie in few blocks, each twice as large as the
// one before up to maxUnits: reading them back streams through memory.
func TestCommonTermsLieInFewBlocks(t *testing.T) {
	var s postingStore
	var st stream
	var scratch []byte
	tf := [numFields]uint16{fieldText: 2}
	for doc := range int32(5000) {
		scratch = s.add(&st, scratch, doc, &tf, []uint16{3, 90, 400})
	}
	blocks, id, units := 1, st.head, uint8(1)
	for id != st.tail {
		id, units = binary.LittleEndian.Uint32(s.block(id, units)), nextUnits(units)
		blocks++
	}
	if most := 6 + int(st.size)/(maxUnits*unitBytes-4-maxSmallPosting(nil)) + 1; blocks > most || units != maxUnits {
		t.Fatalf("%d bytes of postings in %d blocks (the last of %d units), want at most %d", st.size, blocks, units, most)
	}
}

// Blocks of every size are carved within their slab.
func TestBlocksStayInTheirSlab(t *testing.T) {
	var s postingStore
	for i := range 20000 {
		n := uint8(1 << (i % 6))
		id := s.newBlock(n)
		if id%slabUnits+uint32(n) > slabUnits || len(s.block(id, n)) != int(n)*unitBytes {
			t.Fatalf("block %d of %d units crosses its slab", id, n)
		}
	}
}

// benchStreams is a worker's store of streams as a site's analysis leaves
// it: many terms, a few common (a posting in most sections), most rare.
func benchStreams() (*postingStore, []stream, *lengths) {
	r := rand.New(rand.NewSource(1))
	const docs, terms = 20000, 400
	var s postingStore
	streams := make([]stream, terms)
	var scratch []byte
	for doc := int32(0); doc < docs; doc++ {
		for k := range streams {
			if r.Intn(k+2) != 0 {
				continue
			}
			var tf [numFields]uint16
			tf[fieldText] = uint16(1 + r.Intn(4))
			if r.Intn(8) == 0 {
				tf[fieldHeading] = 1
			}
			pos := make([]uint16, 0, maxPositions)
			last := uint16(r.Intn(50))
			for range 1 + r.Intn(6) {
				last += uint16(1 + r.Intn(200))
				pos = append(pos, last)
			}
			scratch = s.add(&streams[k], scratch, doc, &tf, pos)
		}
	}
	ls := &lengths{norms: make([][2]float64, docs)}
	for d := range ls.norms {
		ls.norms[d] = [2]float64{0.5 + float64(d%7)/7, 1}
	}
	return &s, streams, ls
}

// BenchmarkStreamRead reads every stream of a store back: scored into a
// List (as an index without a store for the next build reads them), also
// recorded (with one), and walked (each, as an edit reads them).
func BenchmarkStreamRead(b *testing.B) {
	s, streams, ls := benchStreams()
	n := 0
	for _, st := range streams {
		n += int(st.n)
	}
	// (CPU time: on a shared machine it measures the work better than
	// wall time does)
	report := func(b *testing.B, start time.Duration) {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N*n), "cpu-ns/posting")
	}
	b.Run("decode", func(b *testing.B) {
		start := cpuTime()
		var l List
		for b.Loop() {
			for k := range streams {
				l.reset()
				l.decode(s, &streams[k], 1.5, ls, nil)
			}
		}
		report(b, start)
	})
	b.Run("record", func(b *testing.B) {
		start := cpuTime()
		var l List
		for b.Loop() {
			for k := range streams {
				l.reset()
				l.decode(s, &streams[k], 1.5, ls, newPartsWriter(nil, int(streams[k].size), int(streams[k].n)))
			}
		}
		report(b, start)
	})
	b.Run("each", func(b *testing.B) {
		start := cpuTime()
		sum := int32(0)
		for b.Loop() {
			for k := range streams {
				s.each(&streams[k], func(doc int32, body []byte) { sum += doc + int32(len(body)) })
			}
		}
		report(b, start)
	})
}

// cpuTime is the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
