package invert

import (
	"bytes"
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"unsafe"

	"handbook/internal/cache"
	"handbook/internal/search/analyze"
	"handbook/internal/search/analyze/analyzetest"
)

// Every field's words are indexed as the analyser finds them, and each
// term is shown as its plainest word.
func TestDocsIndexesTheAnalysersTerms(t *testing.T) {
	docs := []Doc{
		{Page: "Hiring Policies", Headings: []string{"Bar-Raiser's role", "Résumé"}, Text: "The policies running quickly. don't stop", Code: "snake_case camelCase()"},
		{Page: "Policy", Text: "hire hiring hired raisers 日本語 ½"},
	}
	for _, s := range analyzetest.TrickyStrings {
		docs = append(docs, Doc{Text: s})
	}
	want := map[string]bool{}
	for _, d := range docs {
		for _, text := range append([]string{d.Page, d.Text, d.Code}, d.Headings...) {
			for _, tm := range analyze.Text(text) {
				want[tm.Text] = true
			}
		}
	}
	ix := Docs(docs, nil)
	got := map[string]bool{}
	for i, term := range ix.Terms {
		got[term] = true
		if ix.DF(i) == 0 || analyze.Stem(ix.Words[term]) != term {
			t.Errorf("%q: %d postings, shown as %q", term, ix.DF(i), ix.Words[term])
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("indexed %v, analysed %v", got, want)
	}
	if ix.Words["policy"] != "policy" || ix.Words["hir"] != "hire" {
		t.Errorf("policy shown as %q, hir as %q: want the plainest words", ix.Words["policy"], ix.Words["hir"])
	}
	if policy := postings(ix, "policy"); ix.Docs != len(docs) || len(policy.Postings) != 3 || policy.Postings[0].Doc != 0 {
		t.Errorf("policy postings %+v in %d docs", policy.Postings, ix.Docs)
	}
}

// A title word outranks the same word in prose, and positions number the
// words with a gap between fields.
func TestImpactsAndPositions(t *testing.T) {
	ix := Docs([]Doc{{Page: "latency", Text: "budget"}, {Page: "budget", Text: "latency"}}, nil)
	l := postings(ix, "latency")
	lat := l.Postings
	if len(lat) != 2 || lat[0].Impact <= lat[1].Impact {
		t.Errorf("latency postings %+v: the title's should score higher", lat)
	}
	if p := l.Positions(&lat[1]); !reflect.DeepEqual(p, []uint16{1 + fieldGap}) {
		t.Errorf("latency in the second doc's text at %v, want [%d]", p, 1+fieldGap)
	}
}

// postings reads the postings of term.
func postings(ix *Index, term string) *List {
	var l List
	if i, ok := slices.BinarySearch(ix.Terms, term); ok {
		ix.Read(i, &l)
	}
	return &l
}

func randomPages(r *rand.Rand, prefix string, n int, words []string) []Page {
	pages := make([]Page, n)
	for i := range pages {
		var docs []Doc
		for s := range 1 + r.Intn(3) {
			var text []string
			for range 3 + r.Intn(30) {
				text = append(text, words[r.Intn(len(words))])
			}
			d := Doc{Page: prefix + fmt.Sprint(i), Text: strings.Join(text, " ")}
			if s > 0 {
				d.Headings = []string{words[r.Intn(len(words))]}
				d.Levels = []string{"L6"}
			}
			docs = append(docs, d)
		}
		pages[i] = Page{Key: cache.NewKey().Value(docs).Sum(), Docs: docs}
	}
	return pages
}

// dump is an index as text, the same whichever worker built what.
func dump(ix *Index) string {
	var b strings.Builder
	if !slices.IsSorted(ix.Terms) {
		fmt.Fprintln(&b, "terms not sorted")
	}
	var l List
	for i, term := range ix.Terms {
		fmt.Fprintf(&b, "%s %q:", term, ix.Words[term])
		ix.Read(i, &l)
		for _, p := range l.Postings {
			fmt.Fprintf(&b, " %d/%d%v", p.Doc, p.Impact, l.Positions(&p))
		}
		b.WriteByte('\n')
	}
	fmt.Fprintln(&b, ix.Docs, ix.Levels)
	return b.String()
}

// save encodes s as the state saves it: its manifest (checked) and its
// segment files by name.
func save(t testing.TB, s *Store) (manifest []byte, files map[string][]byte) {
	t.Helper()
	files = map[string][]byte{}
	if _, err := s.SegmentFiles(func(name string, body []byte) error {
		files[name] = body
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	e := cache.NewStream(&buf)
	s.Encode(e)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	manifest, _ = cache.Checked(buf.Bytes())
	return manifest, files
}

func roundTrip(t *testing.T, s *Store) *Store {
	t.Helper()
	body, files := save(t, s)
	d := cache.NewDec(body)
	b, err := DecodeStore(d, func(name string) ([]byte, bool) {
		f, ok := files[name]
		return f, ok
	})
	if err != nil || !d.Done() {
		t.Fatalf("decode: %v, done %v", err, d.Done())
	}
	return b
}

// build indexes pages (from last), reading every term, and returns the
// index as text and the store for the next build.
func build(t *testing.T, pages []Page, last *Store) (string, *Store) {
	t.Helper()
	a, damaged := Pages(pages, last, nil, true, nil)
	if damaged != nil {
		t.Fatalf("damaged %v", damaged)
	}
	ix := a.Index()
	d := dump(ix)
	if ix.Damaged() {
		t.Fatal("damaged index")
	}
	return d, ix.Next()
}

// storeText is a store's terms, postings and forms as text, the same
// whichever words it numbered how.
func storeText(s *Store) string {
	var b strings.Builder
	for t, term := range s.Terms {
		p := &s.Postings[t]
		fmt.Fprintf(&b, "%s %d", term, p.N)
		for _, q := range p.Parts {
			q, _ := q.loaded()
			fmt.Fprintf(&b, " [%d %d %x %x]", q.Seg, q.N, q.Data, q.Skip)
		}
		var forms []string
		for _, f := range s.Forms[t] {
			forms = append(forms, fmt.Sprintf(" %s:%d", s.words[f.Word], f.Pages))
		}
		slices.Sort(forms)
		fmt.Fprint(&b, strings.Join(forms, ""))
		b.WriteByte('\n')
	}
	for _, p := range s.pages {
		fmt.Fprintf(&b, "%x %d %d:", p.key[:4], p.first, p.docs)
		s.pageRecord(&p, nil, func(word, sections int32) { fmt.Fprintf(&b, " %s/%d", s.words[word], sections) })
		b.WriteByte('\n')
	}
	fmt.Fprintln(&b, s.lens)
	return b.String()
}

// Pages taken from the last build's store give the index and store their
// reading gives, kept in order or not, after the words of pages no longer
// there are dropped, and through the codec.
func TestStoreIsReading(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	old := randomPages(r, "old", 40, strings.Fields("ownership latency budget incident review design roadmap hiring résumé don't"))
	fresh := randomPages(r, "new", 30, strings.Fields("alpha bravo charlie delta echo foxtrot golf hiring hired latency"))
	_, first := build(t, old, nil)
	for _, order := range []string{"kept in order", "moved"} {
		// Some pages from the store, some read: as if all were read.
		mixed := append(slices.Clone(old[:20]), fresh...)
		if order == "moved" {
			slices.Reverse(mixed)
		}
		want, wantNext := build(t, mixed, nil)
		for i := range mixed {
			if strings.HasPrefix(mixed[i].Docs[0].Page, "old") {
				mixed[i].Docs = nil
			}
		}
		got, next := build(t, mixed, roundTrip(t, first))
		if got != want {
			t.Fatalf("%s, from the store:\n%s\nread:\n%s", order, got, want)
		}
		if storeText(next) != storeText(wantNext) {
			t.Fatalf("%s: the next store differs:\n%s\nread:\n%s", order, storeText(next), storeText(wantNext))
		}
		if n, ok := next.Sections(old[0].Key); !ok || n != len(old[0].Docs) {
			t.Errorf("Sections = %d, %v; want %d", n, ok, len(old[0].Docs))
		}
	}
	// The old pages' words go once no page names them.
	mixed := append(slices.Clone(old[:20]), fresh...)
	for i := range 20 {
		mixed[i].Docs = nil
	}
	_, second := build(t, mixed, first)
	rest := append([]Page{old[0]}, fresh...)
	want, alone := build(t, rest, nil)
	rest[0].Docs = nil
	_, third := build(t, rest, second)
	before := len(third.words)
	used, _ := third.usedWords()
	third.dropWords(used)
	if len(third.words) >= before || len(third.words) != len(alone.words) {
		t.Errorf("%d words before compaction, %d after, want %d", before, len(third.words), len(alone.words))
	}
	for i := range rest {
		rest[i].Docs = nil
	}
	got, _ := build(t, rest, roundTrip(t, third))
	if got != want {
		t.Errorf("from the store after compaction:\n%s\nread:\n%s", got, want)
	}
}

// A page neither given nor in the store is reported, not indexed; a
// damaged store gives a damaged index.
func TestMissingOrDamagedRecordsAreReported(t *testing.T) {
	pages := randomPages(rand.New(rand.NewSource(2)), "p", 3, []string{"one", "two", "three"})
	_, s := build(t, pages, nil)
	missing := Page{Key: cache.NewKey().Str("missing").Sum()}
	if a, damaged := Pages([]Page{{Key: pages[0].Key}, missing}, s, nil, true, nil); a != nil || !slices.Equal(damaged, []cache.Key{missing.Key}) {
		t.Errorf("a page not recorded: analysis %v, reported %v", a != nil, damaged)
	}
	p := &s.Postings[0].Parts[0]
	p.Data = p.Data[:len(p.Data)-1]
	a, _ := Pages([]Page{{Key: pages[0].Key}, {Key: pages[1].Key}, {Key: pages[2].Key}}, s, nil, true, nil)
	ix := a.Index()
	dump(ix)
	if !ix.Damaged() {
		t.Error("damaged postings read as sound")
	}
}

// Two pages of one key (never two real pages, whose keys hold their URLs)
// do not share the last build's postings of that key: they are asked for.
func TestPagesOfOneKeyAreAskedFor(t *testing.T) {
	pages := randomPages(rand.New(rand.NewSource(6)), "p", 3, []string{"one", "two"})
	_, s := build(t, pages, nil)
	twice := []Page{{Key: pages[0].Key}, {Key: pages[1].Key}, {Key: pages[1].Key}}
	if a, damaged := Pages(twice, s, nil, true, nil); a != nil || !slices.Equal(damaged, []cache.Key{pages[1].Key}) {
		t.Errorf("analysis %v, asked for %v", a != nil, damaged)
	}
}

// Pages read by LoadInto, each into the memory the last one was read
// into, give the index and store their sections give.
func TestPagesReadIntoOneBuffer(t *testing.T) {
	pages := randomPages(rand.New(rand.NewSource(3)), "p", 60, strings.Fields("ownership latency budget incident review design roadmap hiring résumé don't"))
	want, wantNext := build(t, pages, nil)
	var loads atomic.Int32
	lazy := make([]Page, len(pages))
	for i, p := range pages {
		lazy[i] = Page{Key: p.Key, Sections: len(p.Docs), Load: func() []Doc {
			t.Error("Load called, not LoadInto")
			return p.Docs
		}, LoadInto: func(room []byte) ([]Doc, []byte) {
			loads.Add(1)
			room = room[:0]
			in := func(s string) string { // s, in room's memory
				at := len(room)
				room = append(room, s...)
				return unsafe.String(unsafe.SliceData(room[at:]), len(s))
			}
			room = slices.Grow(room, 1<<12) // (no page takes more: one array)
			docs := slices.Clone(p.Docs)
			for j := range docs {
				d := &docs[j]
				d.Page, d.Text, d.Code = in(d.Page), in(d.Text), in(d.Code)
				d.Headings = slices.Clone(d.Headings)
				for k := range d.Headings {
					d.Headings[k] = in(d.Headings[k])
				}
			}
			return docs, room
		}}
	}
	got, next := build(t, lazy, nil)
	if got != want || storeText(next) != storeText(wantNext) {
		t.Errorf("read into one buffer:\n%s\ngiven:\n%s", got, want)
	}
	if loads.Load() != int32(len(pages)) {
		t.Errorf("LoadInto called %d times for %d pages", loads.Load(), len(pages))
	}
}

// roundImpact must round as max(1, math.Round(x)) did: near every half,
// at the ends of the range, and for random scores.
func TestRoundImpactRoundsAsMathRound(t *testing.T) {
	want := func(x float64) int32 { return int32(max(1, math.Round(x))) }
	xs := []float64{0, -1, 0.49999999999999994, 0.5, 1, 1.4999999999999998, 1.5, 2.5, 1e6 + 0.5, math.Inf(1), math.MaxInt32 - 0.5, math.MaxInt32 + 0.3}
	for n := 0.0; n < 5000; n++ {
		h := n + 0.5
		xs = append(xs, h, math.Nextafter(h, 0), math.Nextafter(h, math.Inf(1)), n, math.Nextafter(n, 0))
	}
	r := rand.New(rand.NewSource(1))
	for range 200000 {
		xs = append(xs, r.Float64()*3000, r.ExpFloat64()*100)
	}
	for _, x := range xs {
		if got := roundImpact(x); got != want(x) {
			t.Fatalf("roundImpact(%v) = %d, want %d", x, got, want(x))
		}
	}
}
