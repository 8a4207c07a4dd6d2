package search

import (
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"handbook/internal/search/invert"
)

// indexKept reports whether some of the names kept are index files (not
// chunks): only an edit made from the last build's keeps them.
func indexKept(kept []string) bool {
	return slices.ContainsFunc(kept, func(name string) bool {
		return strings.HasPrefix(name, "search/t-") || strings.HasPrefix(name, "search/p-") || strings.HasPrefix(name, "search/v-")
	})
}

// vocabulary is many words, for many shards and vocabulary files: an
// edit of one page leaves most of them as they were.
func vocabulary(n int) []string {
	syllables := strings.Fields("ka lo mi ne ru sa ti vo ze pa bu de fi go hu")
	words := make([]string, n)
	for i := range words {
		w := ""
		for k := i + 1; k > 0; k /= len(syllables) {
			w += syllables[k%len(syllables)]
		}
		words[i] = w
	}
	return words
}

// pagesOf makes n pages of a few sections of words (the first words far
// more often than the last).
func pagesOf(r *rand.Rand, words []string, n int) []Page {
	pages := make([]Page, n)
	for i := range pages {
		var docs []Doc
		for s := range 1 + r.Intn(3) {
			var text []string
			for range 10 + r.Intn(30) {
				text = append(text, words[int(float64(len(words))*r.Float64()*r.Float64())])
			}
			d := Doc{URL: fmt.Sprintf("p%d/#s%d", i, s), Page: fmt.Sprintf("Page %d %s", i, words[r.Intn(len(words))]), Text: strings.Join(text, " ")}
			if s > 0 {
				d.Headings = []string{words[r.Intn(len(words))]}
			}
			if i%5 == 0 {
				d.Levels = []string{"L6"}
			} else if i%7 == 0 {
				d.Levels = []string{"L7"}
			}
			docs = append(docs, d)
		}
		pages[i] = Page{Key: pageKey(docs), Docs: docs}
	}
	return pages
}

// editDocs is page p with f applied to its sections.
func editDocs(p Page, f func(docs []Doc) []Doc) Page {
	docs := f(slices.Clone(p.Docs))
	return Page{Key: pageKey(docs), Docs: docs}
}

// indexKeptAnyway: a build whose index may or may not be patched.
var indexKeptAnyway = struct{}{}

// Each kind of edit builds the files a build from scratch does, from the
// last build's cache and files: those that keep the pages in their places
// with as many sections, the average lengths and the levels listed as
// they were, by patching the last build's index (keeping files of it);
// the others by making it anew.
func TestEditsPatchTheIndex(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	words := vocabulary(400)
	pages := pagesOf(r, words, 300)
	opts := Options{FirstTier: 4, ShardBytes: 2048, ChunkDocs: 4}
	published := map[string][]byte{}
	var c *Cache
	build := func(name string, patched any) {
		t.Helper()
		want, err := Build(allDocs(pages), opts)
		if err != nil {
			t.Fatal(err)
		}
		in := Input{Cache: c, Previous: func(name string) []byte { return published[name] }}
		for _, p := range pages {
			if c.Has(p.Key) {
				p = lazy(p)
			}
			in.Pages = append(in.Pages, p)
		}
		files, kept, next, err := BuildPages(in, opts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := maps.Clone(files)
		for _, k := range kept {
			if published[k] == nil {
				t.Fatalf("%s: kept %s, which the last build did not write", name, k)
			}
			got[k] = published[k]
		}
		for n, b := range want {
			if string(got[n]) != string(b) {
				t.Fatalf("%s: %s differs:\n%.300s\nfrom scratch:\n%.300s", name, n, got[n], b)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d files, want %d", name, len(got), len(want))
		}
		if c != nil && patched != indexKeptAnyway && indexKept(kept) != patched.(bool) {
			t.Errorf("%s: patched %v, want %v", name, indexKept(kept), patched)
		}
		if c, err = roundTrip(next); err != nil {
			t.Fatal(err)
		}
		published = got
	}
	build("from scratch", false)
	swap := func(i int, from, to string) {
		pages[i] = editDocs(pages[i], func(docs []Doc) []Doc {
			docs[len(docs)-1].Text = strings.Replace(docs[len(docs)-1].Text+" "+from, from, to, 1)
			docs[len(docs)-1].Text = strings.TrimSuffix(docs[len(docs)-1].Text, " "+from)
			return docs
		})
	}
	for step := range 3 {
		i := 10 + 37*step
		// A word of the page for another: its postings as many.
		swap(i, strings.Fields(pages[i].Docs[0].Text)[0], words[1])
		build("a body edit", true)
		// A word no page had, and one fewer section with the word.
		swap(i+1, words[0], fmt.Sprintf("brandnew%d", step))
		build("a new word", true)
		// Every word of a section another (as many): some terms gone
		// from the site, others in fewer sections.
		pages[i+2] = editDocs(pages[i+2], func(docs []Doc) []Doc {
			n := len(strings.Fields(docs[0].Text))
			docs[0].Text = strings.TrimSpace(strings.Repeat(fmt.Sprintf("other%d ", step), n))
			return docs
		})
		build("a section rewritten", true)
		// A line added: the averages may move or not; the files are the
		// same.
		pages[i+2] = editDocs(pages[i+2], func(docs []Doc) []Doc {
			docs[0].Text += " " + strings.Join(words[100:110], " ")
			return docs
		})
		build("a line added", indexKeptAnyway)
		// A word added: the section's other terms' impacts change, in
		// their tiers (made in the tiers' files) or across them.
		pages[i+1] = editDocs(pages[i+1], func(docs []Doc) []Doc {
			docs[0].Text += " " + words[0]
			return docs
		})
		build("a word added", indexKeptAnyway)
		pages[i+3] = editDocs(pages[i+3], func(docs []Doc) []Doc {
			for j := range docs {
				docs[j].Page = fmt.Sprintf("Retitled %d", step)
			}
			return docs
		})
		build("a title edit", true)
		pages[i+4] = editDocs(pages[i+4], func(docs []Doc) []Doc {
			docs[0].Levels = []string{"L7"}
			return docs
		})
		build("a level changed", true)
		pages[i+5] = editDocs(pages[i+5], func(docs []Doc) []Doc {
			return append(docs, Doc{URL: docs[0].URL + "#new", Page: docs[0].Page, Headings: []string{"New heading"}, Text: "added"})
		})
		build("a heading added", false)
		pages = append(pages[:i+6], append(pagesOf(r, words, 1), pages[i+6:]...)...)
		build("a page added", false)
		pages = slices.Delete(pages, i+7, i+8)
		build("a page deleted", false)
		pages[i+8] = editDocs(pages[i+8], func(docs []Doc) []Doc {
			docs[0].Text += strings.Repeat(" "+words[5], 3000)
			return docs
		})
		build("the average moved", false)
		pages[i+9] = editDocs(pages[i+9], func(docs []Doc) []Doc {
			docs[0].Levels = []string{fmt.Sprintf("L%d", 8+step)}
			return docs
		})
		build("a level added", false)
		swap(i+10, words[2], words[3])
		build("a body edit after them", true)
	}
}

// A tier file of the last build that cannot be read back (changed or
// gone from the output) costs its term a full writing, not wrong files.
func TestPatchWithoutTheLastTierFiles(t *testing.T) {
	r := rand.New(rand.NewSource(8))
	words := vocabulary(100)
	pages := pagesOf(r, words, 200)
	opts := Options{FirstTier: 2, ChunkDocs: 4}
	first, _, c, err := BuildPages(Input{Pages: pages}, opts)
	if err != nil {
		t.Fatal(err)
	}
	i := 50
	docs := slices.Clone(pages[i].Docs)
	last := len(docs) - 1
	fields := strings.Fields(docs[last].Text)
	docs[last].Text = strings.Join(append(fields[1:], words[0]), " ")
	pages[i] = Page{Key: pageKey(docs), Docs: docs}
	want, _ := Build(allDocs(pages), opts)
	for _, hide := range []string{"search/p-", "search/t-"} {
		in := Input{Cache: c, Previous: func(name string) []byte {
			if strings.HasPrefix(name, hide) {
				return []byte("[1,2,")
			}
			return first[name]
		}}
		for k, p := range pages {
			if k != i {
				p.Docs = nil
			}
			in.Pages = append(in.Pages, p)
		}
		files, kept, _, err := BuildPages(in, opts)
		if err != nil {
			t.Fatal(err)
		}
		got := maps.Clone(files)
		for _, k := range kept {
			got[k] = first[k]
		}
		if !maps.EqualFunc(got, want, func(a, b []byte) bool { return string(a) == string(b) }) {
			t.Errorf("without the last build's %s files: not the files of a build from scratch", hide)
		}
	}
}

// spliceImpact changes one member's impact in a tier's file as encoding
// the tier with that impact does; a section the tier lacks, or a file
// that is not a tier's, is refused.
func TestSpliceImpactIsEncodingWithTheImpact(t *testing.T) {
	docs, imps := []int32{3, 7, 8, 20}, []int32{500, 480, 9, 1000}
	masks := make([]uint32, 21)
	masks[7] = 5
	tier := encodeColumns(docs, imps, masks, nil)
	for k := range docs {
		want := slices.Clone(imps)
		want[k] = 123456
		got, ok := spliceImpact(tier, docs[k], 123456)
		if !ok || string(got) != string(encodeColumns(docs, want, masks, nil)) {
			t.Errorf("section %d: got %s, %v", docs[k], got, ok)
		}
	}
	for _, c := range []struct {
		file string
		doc  int32
	}{{string(tier), 5}, {string(tier), 21}, {"[]", 3}, {"[3,500", 3}, {"[3,x,0]", 3}, {"", 0}} {
		if got, ok := spliceImpact([]byte(c.file), c.doc, 1); ok {
			t.Errorf("%q, section %d: got %s", c.file, c.doc, got)
		}
	}
}

// A change of impact that leaves a section in its deep tier, not its
// lowest, is made in the tier's file, which is not parsed; one that
// moves it to another tier is left to be made by moving members.
func TestDeepTierImpactsSplicedUnparsed(t *testing.T) {
	// 21 sections, ranked by section: tiers of 1, 4 and 16.
	var docs, imps []int32
	for d := range int32(21) {
		docs, imps = append(docs, d), append(imps, 1000-10*d)
	}
	masks := make([]uint32, 21)
	deep := encodeColumns(docs[5:], imps[5:], masks, nil)
	of := &termFiles{df: 21, deeper: []string{"t1", "t2"}, lows: []member{{0, 1000}, {4, 960}, {20, 800}}}
	previous := func(name string) []byte {
		if name == "search/p-t2.json" {
			return deep
		}
		return nil
	}
	ts := newTierSet(of, tierSizes(21, 1), 21, previous)
	gone, come := ts.spliceImpacts([]invert.Removed{{Doc: 10, Impact: 900}, {Doc: 12, Impact: 880}},
		[]invert.Posting{{Doc: 10, Impact: 899}, {Doc: 12, Impact: 999}})
	if !slices.Equal(gone, []member{{12, 880}}) || !slices.Equal(come, []member{{12, 999}}) {
		t.Errorf("left %v out, %v in; want the change across tiers alone", gone, come)
	}
	want := slices.Clone(imps[5:])
	want[10-5] = 899
	if ts.docs[2] != nil || !ts.changed[2] || string(ts.spliced[2]) != string(encodeColumns(docs[5:], want, masks, nil)) {
		t.Errorf("the deep tier parsed %v, changed %v, spliced %s", ts.docs[2] != nil, ts.changed[2], ts.spliced[2])
	}
}
