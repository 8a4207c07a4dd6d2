package e2e

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// hostileNames is a site whose file names try to be URLs: a page named
// like a javascript: URL (with an HTML comment opener), and one whose
// name holds "?", "#" and "%".
const hostileNames = `-- content/index.md --
# Home

See [the odd page](a%3Fb%23c%25d.md).
-- content/javascript:alert(document.domain)<!--.md --
# Hostile

zebracorn hostile
-- content/a?b#c%d.md --
# Odd

zebracorn odd

[home](index.md)
`

// TestFileNamesNeverRunScript: clicking the nav link and the search result
// of a page named "javascript:alert(document.domain)<!--.md" opens that
// page and runs no script; the page named "a?b#c%d.md" is reached from
// its link, its nav entry and its search result.
func TestFileNamesNeverRunScript(t *testing.T) {
	src := t.TempDir()
	sitetest.WriteTxtar(t, src, hostileNames)
	res := build.Run(build.Options{Source: src})
	if !res.OK() {
		t.Fatalf("build: %v", res.Diags)
	}
	out := filepath.Join(src, "public")
	sitetest.WriteFiles(t, out, res.Files)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	ctx := browsertest.New(t)
	var dialogs atomic.Int32
	err := chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			dialogs.Add(1)
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	arrive := func(how, title string) {
		t.Helper()
		there := `(document.querySelector("article h1") || {firstChild: {}}).firstChild.textContent === ` + jsString(title)
		for deadline := time.Now().Add(40 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			if n := dialogs.Load(); n != 0 {
				t.Fatalf("%s: the click ran script (%d dialogs opened)", how, n)
			}
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](there)); err == nil && ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: never reached %q", how, title)
			}
		}
		if proto := browsertest.Eval[string](t, ctx, `location.protocol`); proto != "http:" {
			t.Fatalf("%s: the page is at a %s URL", how, proto)
		}
	}
	clickLink := func(how, find string) {
		t.Helper()
		if !browsertest.Eval[bool](t, ctx, `(() => { document.querySelectorAll("#hb-test-target").forEach(e => e.removeAttribute("id")); const a = `+find+`; if (!a) return false; a.id = "hb-test-target"; return true })()`) {
			t.Fatalf("%s: no such link", how)
		}
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#hb-test-target"), chromedp.NodeVisible))
	}
	navLink := func(text string) string {
		return `[...document.querySelectorAll(".hb-nav a")].find(a => a.textContent.trim() === ` + jsString(text) + `)`
	}
	search := func(text string) {
		t.Helper()
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("button.hb-search__open")))
		waitFor(t, ctx, `document.activeElement === document.querySelector(".hb-search__input")`)
		browsertest.Do(t, ctx, chromedp.SendKeys(chromedp.CSS(".hb-search__input"), "zebracorn"))
		waitFor(t, ctx, `[...document.querySelectorAll("[role=listbox] a[role=option]")].some(a => a.textContent.includes(`+jsString(text)+`))`)
	}
	result := func(text string) string {
		return `[...document.querySelectorAll("[role=listbox] a[role=option]")].find(a => a.textContent.includes(` + jsString(text) + `))`
	}
	home := func() {
		t.Helper()
		browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+"/"))
		waitFor(t, ctx, `document.readyState === "complete"`)
	}

	home()
	for _, href := range browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll("a[href]")].map(a => a.href)`) {
		if u := href; len(u) < 7 || u[:7] != "http://" {
			t.Errorf("link to %q", href)
		}
	}
	clickLink("nav", navLink("Hostile"))
	arrive("the nav link", "Hostile")

	home()
	search("Hostile")
	clickLink("search", result("Hostile"))
	arrive("the search result", "Hostile")

	home()
	clickLink("link", `document.querySelector("article a[href^='a%3F']")`)
	arrive("the link to a?b#c%d.md", "Odd")
	home()
	clickLink("nav", navLink("Odd"))
	arrive("the nav link to a?b#c%d.md", "Odd")
	home()
	search("Odd")
	clickLink("search", result("Odd"))
	arrive("the search result of a?b#c%d.md", "Odd")
	clickLink("link back", `document.querySelector("article a[href='../']")`)
	arrive("the link back home", "Home")
}
