package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"handbook/internal/browsertest"
	"handbook/internal/build"
	"handbook/internal/sitetest"
)

var fixture struct {
	once sync.Once
	dir  string
	err  string
}

// readerFixture builds testdata/reader-site.txtar once and serves it.
func readerFixture(t *testing.T) string {
	t.Helper()
	fixture.once.Do(func() {
		archive, err := os.ReadFile("testdata/reader-site.txtar")
		if err != nil {
			fixture.err = err.Error()
			return
		}
		src, err := tempDir()
		if err != nil {
			fixture.err = err.Error()
			return
		}
		sitetest.WriteTxtar(t, src, string(archive))
		res := build.Run(build.Options{Source: src})
		if !res.OK() {
			fixture.err = fmt.Sprint(res.Diags)
			return
		}
		fixture.dir = filepath.Join(src, "public")
		sitetest.WriteFiles(t, fixture.dir, res.Files)
	})
	if fixture.err != "" {
		t.Fatalf("building the reader fixture: %s", fixture.err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(fixture.dir)))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

// TestCodeAnnotations: "# (1)" markers become buttons that show their
// note on Enter and close with Esc; "(2)!" drops its comment's "#".
func TestCodeAnnotations(t *testing.T) {
	root := readerFixture(t)
	atEachSize(t, func(t *testing.T, ctx context.Context) {
		open(t, ctx, root, "code/")
		waitFor(t, ctx, `document.querySelectorAll(".highlight .hb-annotation").length === 2`)
		if got := browsertest.Eval[string](t, ctx, `[...document.querySelectorAll(".highlight .hb-annotation")].map(b => b.parentElement.textContent.trim()).join("|")`); got != "# 1|2" {
			t.Errorf("annotated comments read %q, want the first keeping its #, the second without", got)
		}
		if !browsertest.Eval[bool](t, ctx, `getComputedStyle(document.querySelector(".hb-annotations")).display === "none"`) {
			t.Error("the annotation list still shows after the block")
		}
		browsertest.Eval[bool](t, ctx, `document.querySelector(".hb-annotation").focus(); true`)
		browsertest.Do(t, ctx, chromedp.KeyEvent(kb.Enter))
		waitFor(t, ctx, `!document.querySelector("#hb-preview").hidden`)
		if got := browsertest.Eval[string](t, ctx, `document.querySelector("#hb-preview").textContent.trim() + "|" + document.querySelector(".hb-annotation").getAttribute("aria-expanded")`); got != "The measured result, in the customer's units.|true" {
			t.Errorf("annotation tooltip %q", got)
		}
		browsertest.Do(t, ctx, chromedp.KeyEvent(kb.Escape))
		waitFor(t, ctx, `document.querySelector("#hb-preview").hidden && document.activeElement === document.querySelector(".hb-annotation")`)
	})
}

// TestAnnouncementAndBackToTop: the site's announcement can be dismissed
// and stays dismissed; scrolling back up a long page offers "Back to top".
func TestAnnouncementAndBackToTop(t *testing.T) {
	root := readerFixture(t)
	atEachSize(t, func(t *testing.T, ctx context.Context) {
		open(t, ctx, root, "long/")
		if !browsertest.Eval[bool](t, ctx, `!!document.querySelector(".hb-announce .hb-announce__close")`) {
			t.Fatal("no announcement with a dismiss button")
		}
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".hb-announce__close")))
		browsertest.Do(t, ctx, chromedp.Reload())
		waitFor(t, ctx, `document.readyState === "complete"`)
		if browsertest.Eval[bool](t, ctx, `!!document.querySelector(".hb-announce")`) {
			t.Error("the dismissed announcement is back after a reload")
		}
		browsertest.Eval[bool](t, ctx, `window.scrollTo(0, document.documentElement.scrollHeight); true`)
		waitFor(t, ctx, `scrollY > 2 * innerHeight`)
		// Let the scroll be seen before scrolling back up.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(() => ok(true))))`, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatal(err)
		}
		browsertest.Eval[bool](t, ctx, `window.scrollBy(0, -200); true`)
		waitFor(t, ctx, `!document.querySelector(".hb-top").hidden`)
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".hb-top")))
		waitFor(t, ctx, `scrollY === 0`)
	})
}

// TestSearchResultsAreLinksByPage: results are links in a listbox, grouped
// by page with a count; a query with a word no page has still lists the
// pages with the others, marked; the opened page highlights the terms and
// can clear them; the query is kept among the recent searches.
func TestSearchResultsAreLinksByPage(t *testing.T) {
	root := handbookSite(t)
	atEachSize(t, func(t *testing.T, ctx context.Context) {
		open(t, ctx, root, "experiences/failure-case-studies/")
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("button.hb-search__open")))
		waitFor(t, ctx, `document.activeElement === document.querySelector(".hb-search__input")`)
		browsertest.Do(t, ctx, chromedp.SendKeys(chromedp.CSS(".hb-search__input"), "ownership metrics"))
		// The results of the whole query (those of "ownership metri" may show first).
		waitFor(t, ctx, `document.querySelector("[role=listbox]").dataset.query === "ownership metrics" && document.querySelectorAll("[role=listbox] [role=group] a[role=option][href]").length > 0`)
		groups := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll("[role=listbox] [role=group]")].map(g => g.getAttribute("aria-label"))`)
		seen := map[string]bool{}
		for _, g := range groups {
			if seen[g] {
				t.Errorf("page %q has two groups", g)
			}
			seen[g] = true
		}
		status := browsertest.Eval[string](t, ctx, `document.querySelector(".hb-search__status").textContent`)
		if !strings.Contains(status, " results") || !strings.Contains(status, " pages") {
			t.Errorf("status %q does not count results and pages", status)
		}
		if n := browsertest.Eval[int](t, ctx, `[...document.querySelectorAll("[role=group]")].filter(g => g.querySelectorAll("[role=option]").length > 3).length`); n != 0 {
			t.Errorf("%d pages list more than three sections", n)
		}
		if browsertest.Eval[bool](t, ctx, `!document.querySelector(".hb-search__more").hidden`) {
			// Ten more results (which may fall in pages already listed).
			browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".hb-search__more")))
			waitFor(t, ctx, `document.querySelector(".hb-search__status").textContent !== `+jsString(status))
			after := browsertest.Eval[string](t, ctx, `document.querySelector(".hb-search__status").textContent`)
			if !strings.Contains(after, "the best 20 ") && strings.Contains(after, "the best") {
				t.Errorf("after show more: %q (before: %q)", after, status)
			}
		}
		// A word no page has: the pages with the other words, marked.
		browsertest.Eval[bool](t, ctx, `document.querySelector(".hb-search__input").value = ""; true`)
		browsertest.Do(t, ctx, chromedp.SendKeys(chromedp.CSS(".hb-search__input"), "ownership metrics zqxwv "))
		// (Results for the words typed so far may show first.)
		waitFor(t, ctx, `document.querySelector(".hb-search__missing")?.textContent === "Missing: zqxwv"`)
		if got := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll(".hb-search__missing")].map(m => m.textContent)`); len(got) == 0 || got[0] != "Missing: zqxwv" {
			t.Errorf("partial matches marked %q", got)
		}
		// Open the first result: its terms are highlighted, and can be cleared.
		browsertest.Eval[bool](t, ctx, `document.querySelector(".hb-search__input").value = ""; true`)
		browsertest.Do(t, ctx, chromedp.SendKeys(chromedp.CSS(".hb-search__input"), "ownership"))
		waitFor(t, ctx, `!!document.querySelector("#hb-search-result-0") && !document.querySelector(".hb-search__missing")`)
		browsertest.Do(t, ctx, chromedp.KeyEvent(kb.Enter))
		waitFor(t, ctx, `!!document.querySelector("mark.hb-hit") && !!document.querySelector(".hb-hits button")`)
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".hb-hits button")))
		waitFor(t, ctx, `!document.querySelector("mark.hb-hit") && !document.querySelector(".hb-hits")`)
		// Reopen search and clear the box: the last search is offered.
		browsertest.Do(t, ctx, chromedp.KeyEvent("/"))
		waitFor(t, ctx, `document.activeElement === document.querySelector(".hb-search__input")`)
		browsertest.Do(t, ctx, chromedp.KeyEvent(kb.Backspace))
		waitFor(t, ctx, `!!document.querySelector(".hb-search__recent li button")`)
		if got := browsertest.Eval[string](t, ctx, `document.querySelector(".hb-search__recent li button").textContent`); got != "ownership" {
			t.Errorf("recent searches start with %q", got)
		}
	})
}
