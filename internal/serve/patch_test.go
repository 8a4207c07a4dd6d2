package serve

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"handbook/internal/diag"
)

// articlePage is a page in the shape of the theme's: a nav, an article and
// a table of contents.
func articlePage(nav, article, toc string) []byte {
	return []byte("<!doctype html><html><head><title>Guide</title><meta name=\"description\" content=\"d\"></head>" +
		"<body><nav class=\"hb-nav\">" + nav + "</nav><main><article class=\"hb-article\">" + article + "</article>" +
		"<aside class=\"hb-toc\" aria-label=\"On this page\">" + toc + "</aside></main></body></html>")
}

func inner(page []byte, r [2]int) string {
	if r[0] < 0 {
		return "<none>"
	}
	return string(page[r[0]:r[1]])
}

func TestSplitPageFindsArticleAndTOC(t *testing.T) {
	for _, tc := range []struct {
		name, page, article, toc string
	}{
		{"theme page", string(articlePage("n", "<h1>T</h1><p>x</p>", "<a href=\"#t\">T</a>")), "<h1>T</h1><p>x</p>", `<a href="#t">T</a>`},
		{"nested articles",
			`<html><body><article class="a hb-article b"><article>in</article><p>after</p></article></body></html>`,
			`<article>in</article><p>after</p>`, "<none>"},
		{"tags in raw text and attributes are not tags",
			`<html><head><script>"<article class=hb-article>"</script></head><body title="<article class=hb-article>">` +
				`<article class="hb-article"><script>"</article>"</script><!-- </article> --><p>x</p></article></body></html>`,
			`<script>"</article>"</script><!-- </article> --><p>x</p>`, "<none>"},
		{"first of each, as querySelector",
			`<html><body><aside class="hb-toc">one</aside><article class="hb-article">A</article><aside class="hb-toc">two</aside></body></html>`,
			"A", "one"},
		{"class must match a whole word", `<html><body><article class="hb-articles">x</article></body></html>`, "<none>", "<none>"},
		{"unclosed article", `<html><body><article class="hb-article"><p>x`, "<none>", "<none>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := []byte(tc.page)
			p := splitPage(page)
			if got := inner(page, p.inner[0]); got != tc.article {
				t.Errorf("article %q, want %q", got, tc.article)
			}
			if got := inner(page, p.inner[1]); got != tc.toc {
				t.Errorf("toc %q, want %q", got, tc.toc)
			}
		})
	}
}

func siteOf(files map[string][]byte, prev *site) *site { return newSite(files, prev) }

func TestMakeUpdate(t *testing.T) {
	const name = "guide/index.html"
	before := siteOf(map[string][]byte{name: articlePage("nav", "<p>one</p>", "toc")}, nil)
	for _, tc := range []struct {
		name      string
		page      []byte
		want      bool
		article   string
		toc, head string
	}{
		{"article and toc changed", articlePage("nav", `<p>two & "<b>three</b>"</p>`, "toc 2"), true, `<p>two & "<b>three</b>"</p>`, "toc 2", ""},
		{"the nav changed too", articlePage("nav 2", "<p>two</p>", "toc"), false, "", "", ""},
		{"the title changed too", []byte(strings.Replace(string(articlePage("nav", "<p>two</p>", "toc")), "<title>Guide", "<title>Other", 1)), false, "", "", ""},
		{"the head's meta changed (as live.js, only the title counts)", []byte(strings.Replace(string(articlePage("nav", "<p>two</p>", "toc")), `content="d"`, `content="e"`, 1)), true, "<p>two</p>", "toc", ""},
		{"a script in the new article", articlePage("nav", "<p>two</p><script>x()</script>", "toc"), false, "", "", ""},
		{"a diagram in the new article", articlePage("nav", `<pre class="mermaid">graph</pre>`, "toc"), false, "", "", ""},
		{"the toc went away", []byte(strings.Replace(string(articlePage("nav", "<p>two</p>", "toc")), `<aside class="hb-toc" aria-label="On this page">toc</aside>`, "", 1)), false, "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			after := siteOf(map[string][]byte{name: tc.page}, before)
			u := makeUpdate(before, after, name)
			if (u != nil) != tc.want {
				t.Fatalf("update %+v, want one: %v", u, tc.want)
			}
			if u == nil {
				return
			}
			if u.Page != name || u.From != before.hashes[name] || u.Hash != after.hashes[name] || u.Article != tc.article || u.TOC == nil || *u.TOC != tc.toc {
				t.Errorf("update %+v", u)
			}
		})
	}
	// A page without a table of contents gets an update without one.
	plain := func(article string) []byte {
		return []byte(`<html><head><title>T</title></head><body><article class="hb-article">` + article + `</article></body></html>`)
	}
	b := siteOf(map[string][]byte{name: plain("one")}, nil)
	a := siteOf(map[string][]byte{name: plain("two")}, b)
	if u := makeUpdate(b, a, name); u == nil || u.TOC != nil || u.Article != "two" {
		t.Errorf("update without a toc: %+v", u)
	}
	// Not HTML, new or gone: no update.
	if makeUpdate(b, siteOf(map[string][]byte{}, b), name) != nil || makeUpdate(siteOf(map[string][]byte{}, nil), a, name) != nil {
		t.Error("an update for a page that is new or gone")
	}
}

// reloadData is a "reload" event's data: the change and the update, if any.
type reloadData struct {
	Change
	Update *Update `json:"update"`
}

func readReload(t *testing.T, events *sseReader) reloadData {
	t.Helper()
	m := events.next()
	if m.event != "reload" {
		t.Fatalf("event %s %s, want reload", m.event, m.data)
	}
	var d reloadData
	if err := json.Unmarshal(m.data, &d); err != nil {
		t.Fatalf("reload data %s: %v", m.data, err)
	}
	return d
}

// The stream of the page whose article alone changed gets the new article
// with the reload event; other pages' streams get the change alone.
func TestReloadEventCarriesTheShownPagesArticle(t *testing.T) {
	const name = "guide/index.html"
	build := &fixedBuild{files: map[string][]byte{name: articlePage("nav", "<p>one</p>", "toc"), "index.html": articlePage("nav", "home", "")}}
	s, url := newTestServer(t, build.build, Options{})
	guide := openEvents(t, url+"/__handbook/events?page="+name)
	home := openEvents(t, url+"/__handbook/events?page=index.html")
	anon := openEvents(t, url+"/__handbook/events")
	for _, e := range []*sseReader{guide, home, anon} {
		e.next() // hello
	}
	from := contentHash(build.files[name])
	build.files[name] = articlePage("nav", "<p>two <b>&amp;</b> \u2028 \"q\"\n</p>", "<a href=\"#x\">x</a>")
	s.Rebuild([]string{"/abs/guide.md"})

	got := readReload(t, guide)
	if got.Update == nil {
		t.Fatal("the edited page's stream got no update")
	}
	want := Update{Page: name, From: from, Hash: contentHash(build.files[name]), Article: "<p>two <b>&amp;</b> \u2028 \"q\"\n</p>"}
	if got.Update.Page != want.Page || got.Update.From != want.From || got.Update.Hash != want.Hash || got.Update.Article != want.Article ||
		got.Update.TOC == nil || *got.Update.TOC != `<a href="#x">x</a>` {
		t.Errorf("update %+v, want %+v", got.Update, want)
	}
	if !sort.StringsAreSorted(got.Changed) || len(got.Changed) != 1 || got.Changed[0] != name {
		t.Errorf("changed %v", got.Changed)
	}
	for _, e := range []*sseReader{home, anon} {
		if d := readReload(t, e); d.Update != nil || len(d.Changed) != 1 {
			t.Errorf("another stream got %+v", d)
		}
	}

	// The nav changed too: no update, the page fetches itself.
	build.files[name] = articlePage("nav 2", "<p>three</p>", "toc")
	s.Rebuild([]string{"/abs/guide.md"})
	if d := readReload(t, guide); d.Update != nil {
		t.Errorf("an update though the nav changed: %+v", d.Update)
	}
}

// A build dropped for a newer one (more of the save arrived) sends no
// update: the one event carries the article of the build served.
func TestUpdateIsOfTheBuildServed(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "guide.md")
	writeFile(t, src, "first")
	var builtHalf atomic.Bool
	build := func(changed []string) (*Output, diag.List, error) {
		b, err := os.ReadFile(src)
		if err != nil {
			return nil, nil, err
		}
		if string(b) == "half" {
			os.WriteFile(src, []byte("half and the rest"), 0o644)
			time.Sleep(100 * time.Millisecond) // the watcher sees it
			builtHalf.Store(true)
		}
		return &Output{Files: map[string][]byte{"guide/index.html": articlePage("nav", string(b), "")}}, nil, nil
	}
	_, url := newTestServer(t, build, Options{Watch: []string{dir}})
	events := openEvents(t, url+"/__handbook/events?page=guide/index.html")
	events.next()
	writeFile(t, src, "half")
	d := readReload(t, events)
	if d.Update == nil || d.Update.Article != "half and the rest" {
		t.Errorf("update %+v, want the whole save's article", d.Update)
	}
	if !builtHalf.Load() {
		t.Error("no build read the half-saved page: the test proves nothing")
	}
}
