package printpage

import (
	"strings"
	"testing"
)

func TestJoinMakesIDsUniqueAndLinksInternal(t *testing.T) {
	pages := []Page{
		{URL: "a/", Title: "Page A", HTML: []byte(`<h1 id="top">A</h1><h2 id="intro">Intro</h2><p><a href="../b/#intro">to B</a> <a href="#intro">here</a> <a href="../c/">C</a> <img src="../img/x.png" alt="x"></p>` +
			`<div class="tabbed-set"><input id="__tabbed_1_1" name="__tabbed_1" type="radio"><div class="tabbed-labels"><label for="__tabbed_1_1">L6</label></div></div>`)},
		{URL: "b/", Title: "Page B", HTML: []byte(`<h2 id="intro">Intro</h2><p><a href="https://example.org/x">out</a> <a href="../a/">A</a></p>` +
			`<div class="tabbed-set"><input id="__tabbed_1_1" name="__tabbed_1" type="radio"></div>`)},
	}
	doc := Join(pages, "print/l6/", "")
	got := string(doc.HTML)
	for _, want := range []string{
		`id="page-a"`, `id="page-b"`, `<h1 id="page-a--top">A</h1>`, `<h1 id="page-b--title">Page B</h1>`,
		`id="page-a--intro"`, `id="page-b--intro"`,
		`href="#page-b--intro"`, `href="#page-a--intro"`, `href="#page-a"`,
		`href="../../c/"`, `src="../../img/x.png"`, `href="https://example.org/x"`,
		`name="page-a--__tabbed_1"`, `name="page-b--__tabbed_1"`, `for="page-a--__tabbed_1_1"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	if strings.Count(got, `id="page-a--intro"`) != 1 {
		t.Error("an id appears twice")
	}
	if len(doc.TOC) != 2 || doc.TOC[0] != (Entry{"page-a", "Page A"}) || doc.TOC[1].ID != "page-b" {
		t.Errorf("toc %v", doc.TOC)
	}
	if i, j := strings.Index(got, `id="page-a"`), strings.Index(got, `id="page-b"`); i > j {
		t.Error("pages out of order")
	}
}

func TestAnchor(t *testing.T) {
	for in, want := range map[string]string{"": "page-home", "a/b/": "page-a--b", "x.html": "page-x"} {
		if got := Anchor(in); got != want {
			t.Errorf("Anchor(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzJoin(f *testing.F) {
	f.Add(`<h1 id="a">x</h1><a href="../b/#c">y</a>`, "a/")
	f.Add(`<p>unclosed <a href="#">`, "")
	f.Fuzz(func(t *testing.T, src, url string) {
		Join([]Page{{URL: url, Title: "t", HTML: []byte(src)}}, "print/", "L6")
	})
}

func TestJoinLeavesOutOtherLevelsSections(t *testing.T) {
	src := `<p>intro <a href="#a">jump</a></p><h2 id="a" data-level="L7">L7 part</h2><p>seven</p><h3 id="b">sub</h3><p>deeper</p>` +
		`<h2 id="c" data-level="L6">L6 part</h2><p>six</p><h2 id="d">Both</h2><p>all</p>`
	got := string(Join([]Page{{URL: "p/", Title: "P", HTML: []byte(src)}}, "print/l6/", "L6").HTML)
	for _, gone := range []string{"seven", "deeper", "L7 part"} {
		if strings.Contains(got, gone) {
			t.Errorf("%q is in the L6 document:\n%s", gone, got)
		}
	}
	for _, kept := range []string{"intro", "six", "all", `id="page-p--c"`, `href="../../p/#a"`} {
		if !strings.Contains(got, kept) {
			t.Errorf("%q missing from the L6 document:\n%s", kept, got)
		}
	}
}

// A level's document is the same whether each page's ids are read again or
// taken from the document of every level (Document.IDs).
func TestJoinWithIDsFromEveryLevelsDocument(t *testing.T) {
	pages := []Page{
		{URL: "a/", Title: "A", HTML: []byte(`<h2 id="x">X</h2><p><a href="../b/#fn:1">note</a> <a href="../b/#gone">gone</a> <a href="../c/#__tabbed_1_1">tab</a></p>`)},
		{URL: "b/", Title: "B", HTML: []byte(`<h2 id="gone" data-level="L7">L7 only</h2><p>seven</p><h2 id="kept">Both</h2><p id="fn:1">note</p>`)},
		{URL: "c/", Title: "C", HTML: []byte(`<div><input id="__tabbed_1_1" name="__tabbed_1"><label for="__tabbed_1_1">L6</label></div>`)},
		{URL: "d/", Title: "D", HTML: []byte(`<p>no ids at all</p>`)},
	}
	all := Join(pages, "print/", "")
	if len(all.IDs) != len(pages) || all.IDs[3] == nil || len(all.IDs[0]) != 1 {
		t.Fatalf("ids %q", all.IDs)
	}
	with := append([]Page(nil), pages...)
	for i := range with {
		with[i].IDs = all.IDs[i]
	}
	for _, level := range []string{"L6", "L7"} {
		got, want := Join(with, "print/l6/", level), Join(pages, "print/l6/", level)
		if string(got.HTML) != string(want.HTML) {
			t.Errorf("%s:\n got %s\nwant %s", level, got.HTML, want.HTML)
		}
		if got.IDs != nil {
			t.Errorf("%s: a level's document gives ids", level)
		}
	}
	if l6 := string(Join(with, "print/l6/", "L6").HTML); !strings.Contains(l6, `href="../../b/#gone"`) || !strings.Contains(l6, `href="#page-b--fn:1"`) {
		t.Errorf("links to a section left out and to one kept:\n%s", l6)
	}
}

// mayRewrite's one pass answers as looking for each hint would.
func TestMayRewrite(t *testing.T) {
	hints := []string{"id=", "for=", "name=", "href=", "src=", "aria-"}
	for _, raw := range []string{`<span class="n">`, `<a href="x">`, `<div data-id="x">`, `<p grid=1 x=2>`, `<i aria-hidden>`,
		`<x =id=>`, `<x id = "y">`, `<x idfor=>`, `<label for="a" class=b>`, `<x src>`, `<x name=1=2>`, `<x==>`, `<x>`, "", "="} {
		want := false
		for _, h := range hints {
			want = want || strings.Contains(raw, h)
		}
		if got := mayRewrite([]byte(raw)); got != want {
			t.Errorf("mayRewrite(%q) = %v, want %v", raw, got, want)
		}
	}
}
