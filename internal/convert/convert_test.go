package convert

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"handbook/internal/buildstate"
	"handbook/internal/cache"
	"handbook/internal/diag"
	"handbook/internal/markdown/highlight"
	"handbook/internal/pages"
	"handbook/internal/project"
	"handbook/internal/search"
	"handbook/internal/site"
	"handbook/internal/sitetest"
)

const pagesSite = `-- content/index.md --
# Home

See [the guide](guide.md#setup).
-- content/guide.md --
# Guide

## Setup

Text.
`

func loadSite(t *testing.T, dir string) (*project.Config, *site.Site) {
	t.Helper()
	cfg := project.Default()
	s, diags := site.Load(cfg, dir, site.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return cfg, s
}

func convertAll(t *testing.T, dir string, kept *cache.Store[buildstate.Conversion], sameStructure bool) ([]*Page, int) {
	t.Helper()
	cfg, s := loadSite(t, dir)
	c, _ := New(cfg, s, highlight.New(highlight.Options{}), nil, "settings")
	return c.All(Options{Kept: kept, SameStructure: sameStructure})
}

// Every page is converted, in the site's order; converted again with the
// conversions kept, none is converted twice, and each gives the same.
func TestKeptConversionsAreReused(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, pagesSite)
	var kept cache.Store[buildstate.Conversion]
	first, reused := convertAll(t, dir, &kept, false)
	if reused != 0 || len(first) != 2 || first[0].Page.Src != "guide.md" || !strings.Contains(string(first[0].Res.HTML), "Setup") {
		t.Fatalf("first conversion: reused %d of %d", reused, len(first))
	}
	again, reused := convertAll(t, dir, &kept, false)
	if reused != 2 {
		t.Errorf("second conversion reused %d of 2", reused)
	}
	for i := range again {
		if again[i].ID != first[i].ID || string(again[i].Res.HTML) != string(first[i].Res.HTML) {
			t.Errorf("page %s differs when reused", again[i].Page.Src)
		}
		if refs := again[i].Linker.Refs; len(refs) > 0 && (refs[0].Target == first[i].Linker.Refs[0].Target || refs[0].Target.Src != "guide.md") {
			t.Errorf("page %s: a reused link points at the last conversion's page, not this one's", again[i].Page.Src)
		}
	}
}

// A kept conversion whose link now resolves elsewhere is converted again
// (the links are checked one by one when the site's structure changed).
func TestKeptConversionWhoseLinkMovedIsConvertedAgain(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, pagesSite)
	var kept cache.Store[buildstate.Conversion]
	convertAll(t, dir, &kept, false)
	if err := os.Remove(filepath.Join(dir, "content", "guide.md")); err != nil {
		t.Fatal(err)
	}
	work, reused := convertAll(t, dir, &kept, false)
	if reused != 0 || len(work) != 1 {
		t.Errorf("after the link's target went: reused %d of %d", reused, len(work))
	}
}

// A spilled page keeps in memory only what the build reads of every page,
// and gives back from the spill what a page held in memory has: its HTML,
// its whole conversion, its search documents' text, and the conversion
// the state saves.
func TestSpilledPageGivesWhatAHeldPageHas(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, pagesSite+"\n```go\nfunc main() {}\n```\n\nMore text. And more.\n\n### Deeper\n\nText [home](index.md).\n")
	cfg, s := loadSite(t, dir)
	held, _ := New(cfg, s, highlight.New(highlight.Options{}), nil, "settings")
	want, _ := held.All(Options{})
	sp, err := cache.NewSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Close()
	_, s2 := loadSite(t, dir)
	spilled, _ := New(cfg, s2, highlight.New(highlight.Options{}), nil, "settings")
	got, _ := spilled.All(Options{Spill: sp})
	fail := func(d diag.List) { t.Errorf("reading back: %v", d) }
	for i, w := range got {
		h := want[i]
		if !w.Spilled() || w.Res.HTML != nil || w.Res.Headings != nil {
			t.Fatalf("%s: not spilled, or its conversion is held whole", w.Page.Src)
		}
		if w.ID != h.ID || w.Res.Title != h.Res.Title || len(w.Res.Sections) != len(h.Res.Sections) || !slices.Equal(w.Res.IDs, h.Res.IDs) {
			t.Errorf("%s: the slim conversion differs: %+v", w.Page.Src, w.Res)
		}
		if string(w.HTML(fail)) != string(h.HTML(fail)) {
			t.Errorf("%s: HTML differs", w.Page.Src)
		}
		full := *h.Res
		full.HTML = nil
		full.Sections = slices.Clone(full.Sections)
		for j := range full.Sections {
			full.Sections[j].Text, full.Sections[j].Code = "", ""
		}
		if f := w.Full(fail); !reflect.DeepEqual(f, &full) {
			t.Errorf("%s: the whole conversion differs:\n got %+v\nwant %+v", w.Page.Src, f, &full)
		}
		docs := func(p *Page) []search.Doc { return pages.SearchDocs(p.Page, p.WithText(fail)) }
		if g, wd := docs(w), docs(h); len(g) == 0 || !reflect.DeepEqual(g, wd) {
			t.Errorf("%s: search documents differ:\n got %+v\nwant %+v", w.Page.Src, g, wd)
		}
	}
	// The state saves the same of both.
	saved := func(work []*Page) []buildstate.Conversion {
		var pp []buildstate.Page
		for _, w := range work {
			pp = append(pp, buildstate.Page{Src: w.Page.Src, Key: w.Key, Conv: w.Kept()})
		}
		file := filepath.Join(t.TempDir(), "state.bin")
		if _, err := buildstate.Write(file, cache.Key{}, buildstate.Saving{Pages: pp}); err != nil {
			t.Fatal(err)
		}
		st, ok := buildstate.Read(file, cache.Key{})
		if !ok {
			t.Fatal("the state is not read back")
		}
		var convs []buildstate.Conversion
		for _, p := range st.Pages {
			c, ok := p.Conv.Unpack(s2)
			if !ok {
				t.Fatalf("%s: the conversion saved does not unpack", p.Src)
			}
			convs = append(convs, c)
		}
		return convs
	}
	for i, c := range saved(got) {
		if want := saved(want)[i]; !reflect.DeepEqual(c.Res, want.Res) || !reflect.DeepEqual(c.Refs, want.Refs) || c.TagsMarker != want.TagsMarker {
			t.Errorf("the state saves a spilled page's conversion otherwise:\n got %+v\nwant %+v", c, want)
		}
	}
}

// Pages read one after the other into one buffer give each the search
// documents it gives alone, and their sections' levels stay as they were
// once the buffer holds the next page.
func TestSpilledTextReadIntoOneBuffer(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, pagesSite+"\n## L7 case study\n\nA section of one level.\n-- content/other.md --\n# Other\n\n## L6 practice\n\nAnother level, and longer text than the first page's.\n")
	cfg, s := loadSite(t, dir)
	cfg.Levels = project.DefaultLevels
	sp, err := cache.NewSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Close()
	c, _ := New(cfg, s, highlight.New(highlight.Options{}), nil, "settings")
	work, _ := c.All(Options{Spill: sp})
	fail := func(d diag.List) { t.Errorf("reading back: %v", d) }
	room := make([]byte, 0, 1<<16) // (large enough for each page: one buffer)
	var levels [][]string
	var want [][]string
	found := 0
	for _, w := range work {
		res, used := w.WithTextInto(room, fail)
		room = used
		docs, alone := pages.SearchDocs(w.Page, res), pages.SearchDocs(w.Page, w.WithText(fail))
		if !reflect.DeepEqual(docs, alone) {
			t.Errorf("%s: read into the buffer:\n got %+v\nwant %+v", w.Page.Src, docs, alone)
		}
		for _, d := range docs {
			levels = append(levels, d.Levels)
			var copied []string
			for _, l := range d.Levels {
				copied = append(copied, strings.Clone(l))
			}
			want = append(want, copied)
			if len(d.Levels) > 0 {
				found++
			}
		}
	}
	if found < 2 {
		t.Fatalf("only %d sections have levels", found)
	}
	clear(room[:cap(room)])
	for i := range levels {
		if !slices.Equal(levels[i], want[i]) {
			t.Errorf("section %d: levels %q once the buffer is reused, want %q", i, levels[i], want[i])
		}
	}
}
