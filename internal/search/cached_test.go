package search

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"strings"
	"sync"
	"testing"

	"handbook/internal/cache"
)

// testPages makes n pages of a few sections of random words.
func testPages(r *rand.Rand, n int) []Page {
	words := strings.Fields("ownership latency budget incident review design roadmap hiring quarter tradeoff partition replica cache throughput customer metric decision policies policy hired hiring résumé don't naïve")
	pages := make([]Page, n)
	for i := range pages {
		pages[i] = testPage(r, words, fmt.Sprintf("p%d/", i))
	}
	return pages
}

func testPage(r *rand.Rand, words []string, url string) Page {
	var docs []Doc
	for s := range 1 + r.Intn(4) {
		var text []string
		for range 5 + r.Intn(40) {
			text = append(text, words[r.Intn(len(words))])
		}
		d := Doc{URL: url + fmt.Sprintf("#s%d", s), Page: "Page " + url, Text: strings.Join(text, " ")}
		if s > 0 {
			d.Headings = []string{"Heading " + words[r.Intn(len(words))]}
		}
		if r.Intn(3) == 0 {
			d.Levels = []string{"L" + fmt.Sprint(6+r.Intn(2))}
		}
		if r.Intn(4) == 0 {
			d.Code = "func " + words[r.Intn(len(words))] + "() {}"
		}
		docs = append(docs, d)
	}
	return Page{Key: pageKey(docs), Docs: docs}
}

func pageKey(docs []Doc) cache.Key {
	return cache.NewKey().Value(docs).Sum()
}

// lazy is p with its sections read by Load.
func lazy(p Page) Page {
	docs := p.Docs
	return Page{Key: p.Key, Sections: len(docs), Load: func() []Doc { return slices.Clone(docs) }}
}

func allDocs(pages []Page) []Doc {
	var docs []Doc
	for _, p := range pages {
		docs = append(docs, p.Docs...)
	}
	return docs
}

// TestBuildPagesFromCacheIsBuild: an index built from the last build's
// cache, with only the changed pages' sections and the last build's files
// to read chunks from, is the same files as one built from every section.
func TestBuildPagesFromCacheIsBuild(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	opts := Options{ChunkDocs: 3}
	pages := testPages(r, 150)
	words := strings.Fields("ownership review design newword quarter policies")
	published := map[string][]byte{}
	var c *Cache
	textOnly := false
	for step := range 12 {
		want, err := Build(allDocs(pages), opts)
		if err != nil {
			t.Fatal(err)
		}
		in := Input{Cache: c, Previous: func(name string) []byte { return published[name] }}
		for _, p := range pages {
			switch {
			case c.Has(p.Key) && r.Intn(2) == 0:
				p.Docs = nil // the cache holds it
			case r.Intn(2) == 0:
				p = lazy(p)
			}
			in.Pages = append(in.Pages, p)
		}
		files, kept, next, err := BuildPages(in, opts)
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		got := maps.Clone(files)
		for _, name := range kept {
			if published[name] == nil {
				t.Fatalf("step %d: kept %s, which the last build did not write", step, name)
			}
			got[name] = published[name]
		}
		if len(got) != len(want) {
			t.Fatalf("step %d: %d files, want %d", step, len(got), len(want))
		}
		for name, b := range want {
			if string(got[name]) != string(b) {
				t.Fatalf("step %d: %s differs", step, name)
			}
		}
		if textOnly && len(kept) == 0 {
			t.Errorf("step %d: no chunk file kept after a text edit", step)
		}
		c, err = roundTrip(next)
		if err != nil {
			t.Fatal(err)
		}
		published = got
		// Edit: change a page's text, add one, delete one, move one.
		textOnly = step%4 == 3
		i := len(pages) - 1 - r.Intn(10)
		if textOnly {
			docs := slices.Clone(pages[i].Docs)
			docs[0].Text += " newword"
			pages[i] = Page{Key: pageKey(docs), Docs: docs}
			continue
		}
		pages[i] = testPage(r, words, fmt.Sprintf("p%d/", i))
		switch step % 4 {
		case 0:
			pages = append(pages, testPage(r, words, fmt.Sprintf("new%d/", step)))
		case 1:
			pages = slices.Delete(pages, 3, 4)
		case 2:
			pages[5], pages[6] = pages[6], pages[5]
		}
	}
}

// A page given without its sections when the cache does not hold it, or a
// chunk file that cannot be read back, asks for the sections.
func TestBuildPagesAsksForWhatItLacks(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	pages := testPages(r, 40)
	_, _, next, err := BuildPages(Input{Pages: pages}, Options{ChunkDocs: 3})
	if err != nil {
		t.Fatal(err)
	}
	lacking := slices.Clone(pages)
	lacking[0].Docs = nil
	if _, _, _, err := BuildPages(Input{Pages: lacking}, Options{}); err == nil {
		t.Error("a page without sections and without a cache built")
	}
	// Every page cached, one changed: its chunk's neighbours come from the
	// last build's files, which are not there.
	in := Input{Cache: next, Previous: func(string) []byte { return nil }}
	for i, p := range pages {
		if i != 10 {
			p.Docs = nil
		} else {
			p = testPage(r, strings.Fields("other words"), "p10/")
		}
		in.Pages = append(in.Pages, p)
	}
	_, _, _, err = BuildPages(in, Options{ChunkDocs: 3})
	need, ok := err.(*ErrNeedDocs)
	if !ok || len(need.Keys) == 0 {
		t.Fatalf("err = %v, want ErrNeedDocs", err)
	}
	// With a Load, such a page is read instead.
	in.Pages[10] = lazy(in.Pages[10])
	var all []Doc
	for i, p := range pages {
		if i != 10 {
			in.Pages[i] = Page{Key: p.Key, Sections: len(p.Docs), Load: func() []Doc { return p.Docs }}
			all = append(all, p.Docs...)
		} else {
			all = append(all, in.Pages[10].Load()...)
		}
	}
	files, kept, _, err := BuildPages(in, Options{ChunkDocs: 3})
	if err != nil || len(kept) != 0 {
		t.Fatalf("with Load: err %v, %d kept", err, len(kept))
	}
	want, _ := Build(all, Options{ChunkDocs: 3})
	if !maps.EqualFunc(files, want, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Error("with Load: not the files of Build")
	}
	// A Load giving other sections than the page has is no index.
	in.Pages[3].Sections++
	if _, _, _, err := BuildPages(Input{Pages: in.Pages}, Options{ChunkDocs: 3}); err == nil {
		t.Error("a page of the wrong number of sections built")
	}
}

func TestSplitChunk(t *testing.T) {
	docs := []Doc{{URL: "a", Page: `q"[x]`, Text: `t\"]["`}, {URL: "b", Headings: []string{"]"}, Levels: []string{"L6"}}}
	body := chunkFile(docs, 100)
	parts := splitChunk(body)
	if len(parts) != 2 {
		t.Fatalf("%d parts of %s", len(parts), body)
	}
	for i := range docs {
		if want := appendChunkDoc(nil, &docs[i], 100); string(parts[i]) != string(want) {
			t.Errorf("part %d = %s, want %s", i, parts[i], want)
		}
	}
	for _, bad := range []string{"", "[", "[[]", `[["]]`, "x"} {
		if splitChunk([]byte(bad)) != nil && bad != "" {
			t.Errorf("%q split", bad)
		}
	}
}

// FuzzDecodeCache: damaged caches never panic, whether the build only
// takes pages from them or patches their index.
func FuzzDecodeCache(f *testing.F) {
	r := rand.New(rand.NewSource(3))
	built := testPages(r, 6)
	opts := Options{ChunkDocs: 2, FirstTier: 2}
	_, _, next, _ := BuildPages(Input{Pages: built}, opts)
	b, segs := next.Encode()
	f.Add(b[:len(b)-4])
	edit := built[0]
	edit.Docs = slices.Clone(edit.Docs)
	edit.Docs[0].Text += " latency"
	edit.Key = pageKey(edit.Docs)
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := decodeCache(b, openIn(segs)) // past the checksum
		if err != nil {
			return
		}
		var pages []Page
		for _, p := range built { // (most damaged caches still hold these keys)
			pages = append(pages, Page{Key: p.Key})
		}
		// (with the options the build uses: a cache made with others is not read)
		BuildPages(Input{Pages: pages, Cache: c, Previous: func(string) []byte { return nil }}, opts)
		pages[0] = edit
		BuildPages(Input{Pages: pages, Cache: c, Previous: func(string) []byte { return nil }}, opts)
	})
}

// A cache of another version (the last format's, written by an older
// handbook) is not read.
func TestCacheOfAnotherVersionIsNotRead(t *testing.T) {
	_, _, next, err := BuildPages(Input{Pages: testPages(rand.New(rand.NewSource(4)), 3)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, segs := next.Encode()
	if _, err := DecodeCache(b, openIn(segs)); err != nil {
		t.Fatal(err)
	}
	body := bytes.Clone(b[:len(b)-4])
	at := len(cacheMagic)
	if body[at] != cacheVersion {
		t.Fatalf("version byte %d", body[at])
	}
	for _, v := range []byte{2, cacheVersion + 1} {
		body[at] = v
		var buf bytes.Buffer
		s := cache.NewStream(&buf)
		s.Write(body)
		s.Close()
		if _, err := DecodeCache(buf.Bytes(), openIn(segs)); err == nil {
			t.Errorf("a cache of version %d read", v)
		}
	}
}

// savedSegments are the segment files the tests' caches saved (a cache
// saved after an edit names the last one's files it keeps, as on disk).
var savedSegments = struct {
	sync.Mutex
	files map[string][]byte
}{files: map[string][]byte{}}

// roundTrip is c saved (its manifest and segment files, in memory) and
// read back.
func roundTrip(c *Cache) (*Cache, error) {
	b, segs := c.Encode()
	savedSegments.Lock()
	maps.Copy(savedSegments.files, segs)
	savedSegments.Unlock()
	back, err := DecodeCache(b, func(name string) ([]byte, bool) {
		savedSegments.Lock()
		defer savedSegments.Unlock()
		b, ok := savedSegments.files[name]
		return b, ok
	})
	// (the chunk groups are saved as their hashes, their sections the
	// store's pages')
	if err == nil && (!slices.Equal(back.groups, c.groups) || !sameLayout(back.layout, c.layout)) {
		return nil, errors.New("the chunk groups read back are not those saved")
	}
	return back, err
}

// openIn opens segment files from segs.
func openIn(segs map[string][]byte) func(string) ([]byte, bool) {
	return func(name string) ([]byte, bool) {
		b, ok := segs[name]
		return b, ok
	}
}
