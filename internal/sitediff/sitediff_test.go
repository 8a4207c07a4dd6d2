package sitediff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// page wraps content in a handbook-like page: header, nav, article, the
// "last updated" line and footer outside the article.
func page(title, nav, date, css, article string) string {
	return fmt.Sprintf(`<!doctype html><html><head><title>%s</title><link rel="stylesheet" href="../assets/%s"><script src="../assets/app.js"></script></head>
<body><header class="hb-header"><a href="../">Site</a><button>Theme</button></header>
<nav class="hb-nav">%s</nav><main><article class="hb-article">%s</article>
<p class="hb-meta">Last updated <time>%s</time></p></main><footer>Built</footer></body></html>`, title, css, nav, article, date)
}

func site(files map[string]string) *Site {
	m := fstest.MapFS{}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	s, err := Load(m)
	if err != nil {
		panic(err)
	}
	return s
}

func TestParsePageBlocks(t *testing.T) {
	html := page("Setup · Site", `<a href="x/">Nav link</a>`, "2024-01-01", "style.1.css", `
<h1 id="setup">Setup<a class="headerlink" href="#setup">¶</a></h1>
<p>Install   the <strong>tool</strong><br>first.</p>
<script>var x = "not content";</script>
<ul><li>One</li><li>Two<ul><li>Nested</li></ul></li></ul>
<div class="admonition tip"><p class="admonition-title">Tip</p><p>Body with <a href="../other/#part">a link</a>.</p></div>
<pre><code>line one
  line two

</code></pre>
<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>
<p><img src="pic.png" alt="A chart"></p>
<svg><text>drawn</text></svg>`)
	p := ParsePage("guide/setup/index.html", []byte(html))
	want := []Block{
		{"heading 1", "Setup"}, {"paragraph", "Install the tool first."},
		{"list item", "One"}, {"list item", "Two"}, {"list item", "Nested"},
		{"paragraph", "Tip"}, {"paragraph", "Body with a link."},
		{"code", "line one"}, {"code", "  line two"},
		{"table row", "A | B"}, {"table row", "1 | 2"},
		{"paragraph", "[image: A chart]"},
	}
	if fmt.Sprint(p.Blocks) != fmt.Sprint(want) {
		t.Errorf("blocks:\n got %q\nwant %q", p.Blocks, want)
	}
	if p.Title != "Setup" || p.URL != "guide/setup/" {
		t.Errorf("title %q url %q", p.Title, p.URL)
	}
	// The headings' ¶ permalinks are not content.
	if len(p.Links) != 1 || p.Links[0].Target != "guide/other/#part" || p.Links[0].Text != "a link" {
		t.Errorf("links %+v", p.Links)
	}
	if !p.IDs["setup"] || len(p.Resources) != 3 {
		t.Errorf("ids %v resources %v", p.IDs, p.Resources)
	}
}

func TestFingerprintsDatesAndNavAreNotChanges(t *testing.T) {
	body := `<h1>Setup</h1><p>Install it.</p>`
	old := site(map[string]string{
		"guide/setup/index.html": page("Setup", `<a href="../a/">A</a>`, "2024-01-01", "style.111.css", body),
		"assets/style.111.css":   "body{}",
		"assets/app.js":          "1",
	})
	new := site(map[string]string{
		"guide/setup/index.html": page("Setup", `<a href="../a/">A</a><a href="../b/">B</a>`, "2025-06-30", "style.222.css", body),
		"assets/style.222.css":   "body{}",
		"assets/app.js":          "1",
	})
	r := Compare(old, new)
	if !r.Empty() || r.Unchanged != 1 {
		t.Errorf("a nav, date and fingerprint change counted: %+v", r)
	}
}

func TestAddedRemovedChanged(t *testing.T) {
	old := site(map[string]string{
		"index.html":         page("Home", "", "", "s.css", `<h1>Home</h1><p>See <a href="old/">old</a>.</p>`),
		"old/index.html":     page("Old", "", "", "s.css", `<h1>Old</h1>`),
		"guide/a/index.html": page("A", "", "", "s.css", `<h1>A</h1><p>The cache is cleared between builds, always, in every case we know.</p><h2>Linux</h2><p>Gone soon.</p>`),
	})
	new := site(map[string]string{
		"index.html":         page("Home", "", "", "s.css", `<h1>Home</h1><p>See <a href="new/">new</a>.</p><p>Broken <a href="nowhere/">here</a> and <a href="new/#nope">there</a>.</p>`),
		"new/index.html":     page("New", "", "", "s.css", `<h1 id="top">New</h1>`),
		"guide/a/index.html": page("A", "", "", "s.css", `<h1>A</h1><p>The cache is kept between builds, always, in every case we know.</p><h2>Windows</h2><h2>macOS</h2>`),
	})
	r := Compare(old, new)
	if len(r.Added) != 1 || r.Added[0].URL != "new/" || r.Added[0].Title != "New" {
		t.Errorf("added %+v", r.Added)
	}
	if len(r.Removed) != 1 || r.Removed[0].URL != "old/" {
		t.Errorf("removed %+v", r.Removed)
	}
	if len(r.Changed) != 2 {
		t.Fatalf("changed %+v", r.Changed)
	}
	a := r.Changed[0]
	wantA := []Change{
		{Op: "changed", Kind: "paragraph", Text: "The cache is kept between builds, always, in every case we know.", Old: "The cache is cleared between builds, always, in every case we know."},
		{Op: "changed", Kind: "heading 2", Text: "Windows", Old: "Linux"},
		{Op: "removed", Kind: "paragraph", Text: "Gone soon."},
		{Op: "added", Kind: "heading 2", Text: "macOS"},
	}
	if a.URL != "guide/a/" || fmt.Sprint(a.Changes) != fmt.Sprint(wantA) {
		t.Errorf("guide/a changes:\n got %+v\nwant %+v", a.Changes, wantA)
	}
	home := r.Changed[1]
	if home.URL != "" || len(home.LinksAdded) != 3 || len(home.LinksRemoved) != 1 || home.LinksRemoved[0].Target != "old/" {
		t.Errorf("home links: +%+v -%+v", home.LinksAdded, home.LinksRemoved)
	}
	if len(r.BrokenLinks.Introduced) != 2 || len(r.BrokenLinks.Fixed) != 0 {
		t.Fatalf("broken links %+v", r.BrokenLinks)
	}
	if b := r.BrokenLinks.Introduced[0]; b.Href != "new/#nope" || !strings.Contains(b.Problem, `no id "nope"`) {
		t.Errorf("broken anchor %+v", b)
	}
	if b := r.BrokenLinks.Introduced[1]; b.Href != "nowhere/" || !strings.Contains(b.Problem, "no such page") {
		t.Errorf("broken page link %+v", b)
	}
	// The other way round, the broken links are fixed.
	back := Compare(new, old)
	if len(back.BrokenLinks.Fixed) != 2 || len(back.BrokenLinks.Introduced) != 0 {
		t.Errorf("reversed broken links %+v", back.BrokenLinks)
	}

	var text bytes.Buffer
	WriteText(&text, r, FormatOptions{})
	for _, want := range []string{
		"1 page added, 1 removed, 2 changed, 0 unchanged",
		"  + /new/  New", "  - /old/  Old", "  ~ /guide/a/  A",
		"~ paragraph: The cache is [-cleared-]{+kept+} between builds, always, in every case …",
		"~ heading 2: [-Linux-]{+Windows+}", "- paragraph: Gone soon.", "+ heading 2: macOS",
		`+ link: new/ "new"`, `- link: old/ "old"`,
		"Broken links introduced (2):", "/: nowhere/ (no such page or file: /nowhere/)",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}
	var md bytes.Buffer
	WriteMarkdown(&md, r, FormatOptions{Preview: "https://example.com/artifact/1", LinkBase: "http://127.0.0.1:8000/"})
	for _, want := range []string{
		"**1 page added, 1 removed, 2 changed, 0 unchanged**", "⚠️ 2 broken links introduced",
		"[download the built site](https://example.com/artifact/1)",
		"| added | [`/new/`](http://127.0.0.1:8000/new/) | New | `new/index.html` |",
		"| removed | `/old/` | Old |  |",
		"<details><summary><code>/guide/a/</code> A</summary>",
		"```diff\n- paragraph: The cache is cleared between builds, always, in every case …\n+ paragraph: The cache is kept between builds, always, in every case …\n",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown report lacks %q:\n%s", want, md.String())
		}
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var back2 Report
	if err := json.Unmarshal(js.Bytes(), &back2); err != nil || len(back2.Changed) != 2 || back2.Changed[0].Changes[1].Old != "Linux" {
		t.Errorf("JSON round trip: %v %+v", err, back2)
	}
}

func TestWeightAndSearch(t *testing.T) {
	big := strings.Repeat("<p>words words words</p>", 200)
	old := site(map[string]string{
		"a/index.html": page("A", "", "", "s.css", "<h1>A</h1>"), "a/s.css": "x",
		"search/index.json": `{"docs":3}`, "search/t-a.1.json": "12345",
	})
	new := site(map[string]string{
		"a/index.html": page("A", "", "", "s.css", "<h1>A</h1>"+big), "a/s.css": "x",
		"search/index.json": `{"docs":5}`, "search/t-a.2.json": "1234567890", "search/t-b.1.json": "1",
	})
	r := Compare(old, new)
	if r.Search.Old.Sections != 3 || r.Search.New.Sections != 5 || r.Search.Old.Files != 2 || r.Search.New.Files != 3 {
		t.Errorf("search %+v", r.Search)
	}
	if len(r.Weight.Pages) != 1 || r.Weight.Pages[0].New-r.Weight.Pages[0].Old != int64(len(big)) {
		t.Errorf("weight %+v", r.Weight)
	}
	if r.Weight.NewTotal-r.Weight.OldTotal != int64(len(big))+6 {
		t.Errorf("totals %d → %d", r.Weight.OldTotal, r.Weight.NewTotal)
	}
}

func TestCompareProblems(t *testing.T) {
	old := []Problem{{"warning", "a.md", 3, 1, "lint", "image without alt text"}, {"warning", "b.md", 1, 1, "lint", "skipped level"}}
	new := []Problem{{"warning", "a.md", 9, 1, "lint", "image without alt text"}, {"error", "c.md", 2, 2, "yaml", "bad"}}
	p := CompareProblems(old, new)
	if len(p.Introduced) != 1 || p.Introduced[0].Path != "c.md" || len(p.Fixed) != 1 || p.Fixed[0].Path != "b.md" {
		t.Errorf("problems %+v", p)
	}
}

func TestMarkdownFitsAComment(t *testing.T) {
	old, new := map[string]string{}, map[string]string{}
	for i := 0; i < 300; i++ {
		f := fmt.Sprintf("p%d/index.html", i)
		old[f] = page("P", "", "", "s.css", strings.Repeat(fmt.Sprintf("<p>old paragraph %d with some words</p>", i), 20))
		new[f] = page("P", "", "", "s.css", strings.Repeat(fmt.Sprintf("<p>new paragraph %d with other words</p>", i), 20))
	}
	var md bytes.Buffer
	WriteMarkdown(&md, Compare(site(old), site(new)), FormatOptions{})
	if md.Len() > 65536 {
		t.Errorf("markdown report is %d bytes, more than a comment holds", md.Len())
	}
	if !strings.Contains(md.String(), "more changed pages are left out") {
		t.Error("no note of the pages left out")
	}
}

func TestFallbackContent(t *testing.T) {
	// A page without <article>: <main>, without its nav.
	p := ParsePage("x.html", []byte(`<body><header>Top</header><main><nav>Menu</nav><p>Text</p><aside>Side</aside></main><footer>F</footer></body>`))
	if fmt.Sprint(p.Blocks) != fmt.Sprint([]Block{{"paragraph", "Text"}}) || p.URL != "x.html" {
		t.Errorf("blocks %q", p.Blocks)
	}
	// Without <main>: <body> without header, nav and footer.
	p = ParsePage("index.html", []byte(`<body><header>Top</header><p>Text</p><footer>F</footer></body>`))
	if fmt.Sprint(p.Blocks) != fmt.Sprint([]Block{{"paragraph", "Text"}}) {
		t.Errorf("blocks %q", p.Blocks)
	}
}

func FuzzParsePage(f *testing.F) {
	f.Add([]byte(page("T", "<a href='x'>x</a>", "d", "s.css", "<h1>T</h1><pre>a\nb</pre><a href=\"%zz\">bad</a>")))
	f.Add([]byte("<pre><pre><table><td>x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := ParsePage("a/index.html", data)
		s := &Site{Pages: map[string]*Page{p.File: p}, Files: map[string]int64{p.File: p.Size}}
		_ = s.Broken()
		_ = Compare(s, s)
	})
}

func TestInlineDiff(t *testing.T) {
	var w []string
	for i := 1; i <= 30; i++ {
		w = append(w, fmt.Sprintf("w%d", i))
	}
	long := strings.Join(w, " ")
	cases := []struct{ old, new, want string }{
		{"a b c", "a x c", "a [-b-]{+x+} c"},
		{"a b c", "a b c d", "a b c {+d+}"},
		// A word added near the start of a summary cut at a fixed length:
		// the words after it are the same, the cut end differs.
		{"Loop team interview dynamodb partition metric lambda result interview design obsession customer tradeo…",
			"Loop CHANGED team interview dynamodb partition metric lambda result interview design obsession custo…",
			"Loop {+CHANGED+} team interview dynamodb partition metric lambda result interview design obsession [-customer tradeo…-]{+custo…+}"},
		// Two changes far apart: each with its context, the middle elided.
		{long, strings.Replace(strings.Replace(long, "w2 ", "two ", 1), "w28", "twenty-eight", 1),
			"w1 [-w2-]{+two+} w3 w4 w5 w6 w7 w8 … w22 w23 w24 w25 w26 w27 [-w28-]{+twenty-eight+} w29 w30"},
	}
	for _, c := range cases {
		if got := inlineDiff(c.old, c.new); got != c.want {
			t.Errorf("inlineDiff(%q, %q)\n got %q\nwant %q", c.old, c.new, got, c.want)
		}
	}
	old, new := trimCommon(long, strings.Replace(long, "w28", "twenty-eight", 1))
	if old != "… w22 w23 w24 w25 w26 w27 w28 w29 w30" || new != "… w22 w23 w24 w25 w26 w27 twenty-eight w29 w30" {
		t.Errorf("trimCommon: %q / %q", old, new)
	}
}

func TestStyledSiblingsKeepWordsApart(t *testing.T) {
	p := ParsePage("x.html", []byte(`<article><ul><li><a href="a/">Title</a><span class="summary">Summary</span></li></ul><p>wo<em>rd</em></p></article>`))
	if fmt.Sprint(p.Blocks) != fmt.Sprint([]Block{{"list item", "Title Summary"}, {"paragraph", "word"}}) {
		t.Errorf("blocks %q", p.Blocks)
	}
}

// TestCompareFSMatchesCompare: the streaming comparison reports what the
// comparison of fully loaded sites reports.
func TestCompareFSMatchesCompare(t *testing.T) {
	mapFS := func(files map[string]string) fstest.MapFS {
		m := fstest.MapFS{}
		for name, data := range files {
			m[name] = &fstest.MapFile{Data: []byte(data)}
		}
		return m
	}
	old := mapFS(map[string]string{
		"index.html":         page("Home", "", "", "s.css", `<h1>Home</h1><p>See <a href="old/">old</a> and <a href="a/#gone">a</a>.</p>`),
		"old/index.html":     page("Old", "", "", "s.css", `<h1>Old</h1>`),
		"a/index.html":       page("A", "", "", "s.css", `<h1>A</h1><p>Text one.</p>`+strings.Repeat("<p>more</p>", 300)),
		"same/index.html":    page("Same", "", "", "s.css", `<h1>Same</h1>`),
		"search/index.json":  `{"docs":4}`,
		"assets/s.css":       "x",
		"assets/picture.png": "png",
	})
	new := mapFS(map[string]string{
		"index.html":        page("Home", "", "", "s.css", `<h1>Home</h1><p>See <a href="new/">new</a> and <a href="a/#gone">a</a>.</p>`),
		"new/index.html":    page("New", "", "", "s.css", `<h1>New</h1>`),
		"a/index.html":      page("A", "", "", "s.css", `<h1 id="gone">A</h1><p>Text two.</p>`),
		"same/index.html":   page("Same", "", "", "s.css", `<h1>Same</h1>`),
		"search/index.json": `{"docs":5}`,
		"assets/s.css":      "x",
	})
	loadedOld, err := Load(old)
	if err != nil {
		t.Fatal(err)
	}
	loadedNew, err := Load(new)
	if err != nil {
		t.Fatal(err)
	}
	want := Compare(loadedOld, loadedNew)
	got, err := CompareFS(old, new)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	WriteJSON(&a, want)
	WriteJSON(&b, got)
	if a.String() != b.String() {
		t.Errorf("CompareFS:\n%s\nCompare:\n%s", b.String(), a.String())
	}
	if len(got.Changed) != 2 || len(got.Added) != 1 || len(got.Removed) != 1 || got.Unchanged != 1 || len(got.BrokenLinks.Fixed) != 1 || len(got.Weight.Pages) != 1 {
		t.Errorf("report: %s", b.String())
	}
}

func TestPrintPagesAreLeftOut(t *testing.T) {
	printPage := func(text string) string {
		return `<html><body class="hb-kind-print"><article><h1>All</h1><p>` + text + `</p><a href="nowhere/">x</a></article></body></html>`
	}
	old := site(map[string]string{"print/index.html": printPage("old"), "a/index.html": page("A", "", "", "s.css", "<h1>A</h1>")})
	new := site(map[string]string{"print/index.html": printPage("new"), "a/index.html": page("A", "", "", "s.css", "<h1>A</h1>"), "print/l6/index.html": printPage("x")})
	r := Compare(old, new)
	if !r.Empty() || r.Unchanged != 1 || len(r.BrokenLinks.Introduced) != 0 {
		t.Errorf("print pages counted: %+v", r)
	}
}
