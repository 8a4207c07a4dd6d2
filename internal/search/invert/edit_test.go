package invert

import (
	"bytes"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"handbook/internal/cache"
)

// edited is page p with its sections' text changed by f (a new key).
func edited(p Page, f func(j int, d *Doc)) Page {
	docs := slices.Clone(p.Docs)
	for j := range docs {
		f(j, &docs[j])
	}
	return Page{Key: cache.NewKey().Value(docs).Sum(), Docs: docs}
}

// fromStore is pages with the sections of those not in fresh left to the
// store.
func fromStore(pages []Page, fresh ...int) []Page {
	out := slices.Clone(pages)
	for i := range out {
		if !slices.Contains(fresh, i) {
			out[i].Docs = nil
		}
	}
	return out
}

// postingsText is a term's postings as text.
func postingsText(l *List) string {
	var b strings.Builder
	for i := range l.Postings {
		p := &l.Postings[i]
		fmt.Fprintf(&b, " %d/%d%v", p.Doc, p.Impact, l.Positions(p))
	}
	return b.String()
}

// indexOf is the index of pages read from scratch.
func indexOf(t *testing.T, pages []Page) *Index {
	t.Helper()
	a, damaged := Pages(pages, nil, nil, true, nil)
	if damaged != nil {
		t.Fatal(damaged)
	}
	return a.Index()
}

// read is the postings of term in ix.
func read(ix *Index, term string) *List {
	l := new(List)
	if i, ok := slices.BinarySearch(ix.Terms, term); ok {
		ix.Read(i, l)
	}
	return l
}

// An edit (pages read again in their places, as many sections, the
// averages as they were) makes the store and the postings a build from
// scratch makes: every term's stored bytes are the same, the touched
// terms read back the same, and Changes names the postings that changed.
func TestEditIsReading(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	words := strings.Fields("ownership latency budget incident review design roadmap hiring résumé don't")
	pages := randomPages(r, "p", 60, words)
	_, first := build(t, pages, nil)
	for step := range 12 {
		before := slices.Clone(pages)
		var changed []int
		switch step % 3 {
		case 0: // a word for another of the same length, and a new one
			i := r.Intn(len(pages))
			pages[i] = edited(pages[i], func(j int, d *Doc) {
				if j == 0 {
					fields := strings.Fields(strings.Replace(d.Text, "review", "weiver", 1))
					d.Text = strings.Join(append(fields[1:], "newword"), " ")
				}
			})
			changed = []int{i}
		case 1: // two pages, one a new term
			i, k := r.Intn(30), 30+r.Intn(30)
			pages[i] = edited(pages[i], func(j int, d *Doc) { d.Text = strings.ReplaceAll(d.Text, words[0], words[1]) })
			pages[k] = edited(pages[k], func(j int, d *Doc) { d.Text = strings.Replace(d.Text, words[2], fmt.Sprintf("term%d", step), 1) })
			changed = []int{i, k}
		case 2: // a title
			i := r.Intn(len(pages))
			pages[i] = edited(pages[i], func(j int, d *Doc) { d.Page = fmt.Sprintf("Retitled %d", step) })
			changed = []int{i}
		}
		_, wantNext := build(t, pages, nil)
		last := roundTrip(t, first)
		a, damaged := Pages(fromStore(pages, changed...), last, nil, true, nil)
		if damaged != nil {
			t.Fatal(damaged)
		}
		e, ok := a.Edit(a.total)
		if !ok {
			t.Fatalf("step %d: no edit", step)
		}
		for k := range e.Touched {
			e.Splice(k)
		}
		if e.Damaged() || storeText(e.Next) != storeText(wantNext) {
			t.Fatalf("step %d: the next store (damaged %v):\n%s\nfrom scratch:\n%s", step, e.Damaged(), storeText(e.Next), storeText(wantNext))
		}
		now, then := indexOf(t, pages), indexOf(t, before)
		var l List
		for k, te := range e.Touched {
			if te.Term < 0 {
				if _, found := slices.BinarySearch(now.Terms, last.Terms[te.Old]); found {
					t.Errorf("step %d: %s gone, but some page holds it", step, last.Terms[te.Old])
				}
				continue
			}
			term := e.Next.Terms[te.Term]
			e.Read(k, &l)
			if got, want := postingsText(&l), postingsText(read(now, term)); got != want {
				t.Errorf("step %d: %s:%s\nfrom scratch:%s", step, term, got, want)
			}
			if te.Old < 0 {
				continue
			}
			removed := e.Changes(k, &l)
			old := read(then, term)
			patched := map[int32]string{}
			for i := range old.Postings {
				p := &old.Postings[i]
				patched[p.Doc] = fmt.Sprint(p.Impact, old.Positions(p))
			}
			for _, d := range removed {
				if was := patched[d.Doc]; !strings.HasPrefix(was, fmt.Sprint(d.Impact)+" [") {
					t.Errorf("step %d: %s in %d removed with impact %d, was %s", step, term, d.Doc, d.Impact, was)
				}
				delete(patched, d.Doc)
			}
			for i := range l.Postings {
				p := &l.Postings[i]
				patched[p.Doc] = fmt.Sprint(p.Impact, l.Positions(p))
			}
			want := read(now, term)
			if len(patched) != len(want.Postings) && te.DF == te.OldDF {
				t.Errorf("step %d: %s: %d postings patched, want %d", step, term, len(patched), len(want.Postings))
			}
			for i := range want.Postings {
				p := &want.Postings[i]
				if got, want := patched[p.Doc], fmt.Sprint(p.Impact, want.Positions(p)); got != want && te.DF == te.OldDF {
					t.Errorf("step %d: %s in %d: patched %q, want %q", step, term, p.Doc, got, want)
				}
			}
		}
		first = wantNext
	}
}

// A build is no edit of the last when a page's sections are more or
// fewer, pages come or go or move, or the averages move.
func TestEditRefusesOtherBuilds(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	words := strings.Fields("ownership latency budget incident review design")
	pages := randomPages(r, "p", 40, words)
	_, s := build(t, pages, nil)
	longer := edited(pages[3], func(j int, d *Doc) { d.Text += strings.Repeat(" budget", 400) })
	more := pages[3]
	more.Docs = append(slices.Clone(more.Docs), Doc{Text: "latency"})
	more.Key = cache.NewKey().Value(more.Docs).Sum()
	cases := map[string][]Page{
		"a section more": append(append(fromStore(pages[:3]), more), fromStore(pages[4:])...),
		"a page more":    append(fromStore(pages), randomPages(r, "q", 1, words)...),
		"a page less":    fromStore(pages[1:]),
		"pages moved":    append(fromStore(pages[1:]), fromStore(pages[:1])...),
		"averages moved": append(append(fromStore(pages[:3]), longer), fromStore(pages[4:])...),
	}
	for name, next := range cases {
		a, damaged := Pages(next, s, nil, true, nil)
		if damaged != nil {
			t.Fatal(name, damaged)
		}
		if _, ok := a.Edit(a.total); ok {
			t.Errorf("%s: an edit", name)
		}
	}
	a, _ := Pages(append(append(fromStore(pages[:3]), edited(pages[3], func(j int, d *Doc) { d.Page = "Other" })), fromStore(pages[4:])...), s, nil, true, nil)
	if _, ok := a.Edit(a.total); !ok {
		t.Error("a title edit is no edit")
	}
	if _, ok := a.Edit(0); ok {
		t.Error("an edit of more sections than asked for")
	}
}

// A splice of a term's postings gives the bytes and skip list of the
// postings written afresh, whether the postings after the sections read
// again keep their numbers or not.
func TestSpliceIsWriting(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	type posting struct {
		doc  int32
		body []byte
	}
	random := func(doc int32) posting {
		tf := [numFields]uint16{uint16(r.Intn(3)), 0, uint16(1 + r.Intn(300)), 0}
		var pos []uint16
		for p := uint16(r.Intn(10)); len(pos) < r.Intn(maxPositions+1); p += uint16(1 + r.Intn(200)) {
			pos = append(pos, p)
		}
		return posting{doc, appendBody(nil, &tf, pos)}
	}
	write := func(ps []posting) Part {
		w := postingsWriter{last: -1}
		for _, p := range ps {
			w.add(p.doc, p.body)
		}
		return w.p
	}
	writeParts := func(cuts []int32, ps []posting) Postings {
		w := newPartsWriter(cuts, 0, len(ps))
		for _, p := range ps {
			w.add(p.doc, p.body)
		}
		return w.finish()
	}
	for trial := range 300 {
		var old []posting
		for doc := int32(r.Intn(3)); doc < int32(50+r.Intn(3000)); doc += 1 + int32(r.Intn(1+r.Intn(20))) {
			old = append(old, random(doc))
		}
		var ranges [][2]int32
		for lo := int32(r.Intn(100)); lo < 3100 && len(ranges) < 1+trial%4; lo += int32(10 + r.Intn(1500)) {
			ranges = append(ranges, [2]int32{lo, lo + int32(1+r.Intn(12))})
		}
		in := func(doc int32) bool {
			for _, rg := range ranges {
				if rg[0] <= doc && doc < rg[1] {
					return true
				}
			}
			return false
		}
		var want []posting
		var fresh []Fresh
		keepCount := trial%2 == 0
		for _, p := range old {
			if !in(p.doc) {
				want = append(want, p)
			} else if keepCount {
				q := random(p.doc)
				fresh = append(fresh, Fresh{q.doc, q.body})
			}
		}
		if !keepCount {
			for _, rg := range ranges {
				for d := rg[0]; d < rg[1]; d++ {
					if r.Intn(2) == 0 {
						q := random(d)
						fresh = append(fresh, Fresh{q.doc, q.body})
					}
				}
			}
		}
		for _, f := range fresh {
			want = append(want, posting{f.Doc, f.Body})
		}
		slices.SortFunc(want, func(a, b posting) int { return int(a.doc - b.doc) })
		p := write(old)
		got, ok := p.splice(ranges, fresh)
		w := write(want)
		if !ok || got.N != w.N || !bytes.Equal(got.Data, w.Data) || !bytes.Equal(got.Skip, w.Skip) {
			t.Fatalf("trial %d (ranges %v): spliced %d postings, %d bytes, %d of skip; written %d, %d, %d",
				trial, ranges, got.N, len(got.Data), len(got.Skip), w.N, len(w.Data), len(w.Skip))
		}
		// The skip list finds every posting's positions.
		var docs []int32
		for _, q := range want {
			if r.Intn(4) == 0 {
				docs = append(docs, q.doc)
			}
		}
		seen := 0
		if !got.positionsOf(docs, func(k int, pos []uint16) {
			seen++
			for _, q := range want {
				if q.doc == docs[k] && !slices.Equal(pos, bodyPositions(nil, q.body)) {
					t.Fatalf("trial %d: positions of %d: %v", trial, docs[k], pos)
				}
			}
		}) || seen != len(docs) {
			t.Fatalf("trial %d: positions of %d sections found %d", trial, len(docs), seen)
		}
		if got.positionsOf([]int32{-5}, func(int, []uint16) {}) {
			t.Fatalf("trial %d: positions in a section without the term", trial)
		}
		// In segments: only the segments the ranges reach are made anew,
		// the others kept as they were.
		cuts := []int32{0}
		for c := int32(1 + r.Intn(400)); c < 3100; c += int32(1 + r.Intn(700)) {
			cuts = append(cuts, c)
		}
		ps := writeParts(cuts, old)
		gotParts, ok := ps.splice(cuts, ranges, fresh)
		wantParts := writeParts(cuts, want)
		if !ok || gotParts.N != wantParts.N || len(gotParts.Parts) != len(wantParts.Parts) {
			t.Fatalf("trial %d: spliced %d postings in %d parts (%v), want %d in %d", trial, gotParts.N, len(gotParts.Parts), ok, wantParts.N, len(wantParts.Parts))
		}
		reached := segmentsOf(cuts, ranges)
		for i, q := range gotParts.Parts {
			w := wantParts.Parts[i]
			if q.Seg != w.Seg || q.N != w.N || !bytes.Equal(q.Data, w.Data) || !bytes.Equal(q.Skip, w.Skip) {
				t.Fatalf("trial %d: part %d (segment %d, %d postings) is not as written (segment %d, %d)", trial, i, q.Seg, q.N, w.Seg, w.N)
			}
			if !slices.Contains(reached, q.Seg) {
				k := slices.IndexFunc(ps.Parts, func(o Part) bool { return o.Seg == q.Seg })
				if k < 0 || unsafe.SliceData(ps.Parts[k].Data) != unsafe.SliceData(q.Data) {
					t.Fatalf("trial %d: segment %d, which no range reaches, was made anew", trial, q.Seg)
				}
			}
		}
		seen = 0
		if !gotParts.positionsOf(cuts, docs, func(k int, pos []uint16) {
			seen++
			for _, q := range want {
				if q.doc == docs[k] && !slices.Equal(pos, bodyPositions(nil, q.body)) {
					t.Fatalf("trial %d: positions of %d in segments: %v", trial, docs[k], pos)
				}
			}
		}) || seen != len(docs) {
			t.Fatalf("trial %d: positions of %d sections found %d in segments", trial, len(docs), seen)
		}
	}
}

// Averages are rounded to 2,048 steps an octave: within 1/4096 of the
// average, and the same for averages that close.
func TestQuantise(t *testing.T) {
	prev := 0.0
	for v := 1.0; v < 1e7; v *= 1.00007 {
		q := quantise(v)
		if math.Abs(q-v)/v > 1.0/4096 || q < prev || quantise(q) != q {
			t.Fatalf("quantise(%v) = %v after %v", v, q, prev)
		}
		prev = q
	}
	if quantise(100) != quantise(100.01) {
		t.Error("100 and 100.01 are rounded apart")
	}
}
