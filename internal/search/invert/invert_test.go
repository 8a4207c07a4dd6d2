package invert

import (
	"bytes"
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"

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

func roundTrip(t *testing.T, a *Analyses) *Analyses {
	t.Helper()
	var buf bytes.Buffer
	s := cache.NewStream(&buf)
	keys := a.Encode(s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	body, _ := cache.Checked(buf.Bytes())
	d := cache.NewDec(body)
	b, decodedKeys, err := Decode(d)
	if err != nil || !d.Done() || !slices.Equal(keys, decodedKeys) {
		t.Fatalf("decode: %v, done %v, keys %d then %d", err, d.Done(), len(keys), len(decodedKeys))
	}
	return b
}

// Replayed pages give the index their reading gave, after the words of
// pages no longer there are dropped, and through the codec.
func TestReplayIsReading(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	old := randomPages(r, "old", 40, strings.Fields("ownership latency budget incident review design roadmap hiring résumé don't"))
	fresh := randomPages(r, "new", 30, strings.Fields("alpha bravo charlie delta echo foxtrot golf hiring hired latency"))
	_, first, damaged := Pages(old, nil, nil, true, nil)
	if damaged != nil {
		t.Fatal(damaged)
	}
	// Some pages replayed, some read: as if all were read.
	mixed := append(slices.Clone(old[:20]), fresh...)
	want, _, _ := Pages(mixed, nil, nil, true, nil)
	for i := range 20 {
		mixed[i].Docs = nil
	}
	got, second, damaged := Pages(mixed, first, nil, true, nil)
	if damaged != nil || dump(got) != dump(want) {
		t.Fatalf("replayed (damaged %v):\n%s\nread:\n%s", damaged, dump(got), dump(want))
	}
	if n, ok := second.Sections(old[0].Key); !ok || n != len(old[0].Docs) {
		t.Errorf("Sections = %d, %v; want %d", n, ok, len(old[0].Docs))
	}
	// The old pages' words go once no page names them.
	want, alone, _ := Pages(fresh, nil, nil, true, nil)
	_, third, _ := Pages(fresh, second, nil, true, nil)
	before := len(third.words)
	third.compact(1)
	if len(third.words) >= before || len(third.words) != len(alone.words) {
		t.Errorf("%d words before compaction, %d after, want %d", before, len(third.words), len(alone.words))
	}
	replay := slices.Clone(fresh)
	for i := range replay {
		replay[i].Docs = nil
	}
	got, _, damaged = Pages(replay, roundTrip(t, third), nil, true, nil)
	if damaged != nil || dump(got) != dump(want) {
		t.Errorf("replayed after compaction (damaged %v):\n%s\nread:\n%s", damaged, dump(got), dump(want))
	}
}

// A page neither given nor recorded, or whose record is damaged, is
// reported, not indexed.
func TestMissingOrDamagedRecordsAreReported(t *testing.T) {
	pages := randomPages(rand.New(rand.NewSource(2)), "p", 3, []string{"one", "two", "three"})
	_, a, _ := Pages(pages, nil, nil, true, nil)
	missing := Page{Key: cache.NewKey().Str("missing").Sum()}
	if ix, _, damaged := Pages([]Page{{Key: pages[0].Key}, missing}, a, nil, true, nil); ix != nil || !slices.Equal(damaged, []cache.Key{missing.Key}) {
		t.Errorf("a page not recorded: index %v, reported %v", ix != nil, damaged)
	}
	e := a.pages[pages[1].Key]
	e.body = e.body[:len(e.body)-1]
	if ix, _, damaged := Pages([]Page{{Key: pages[0].Key}, {Key: pages[1].Key}}, a, nil, true, nil); ix != nil || !slices.Equal(damaged, []cache.Key{pages[1].Key}) {
		t.Errorf("a damaged record: index %v, reported %v", ix != nil, damaged)
	}
}
