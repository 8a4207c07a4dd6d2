package e2e

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"handbook/internal/browsertest"
)

// readerSizes are the screens the reader features are tested at.
var readerSizes = []viewport{
	{name: "desktop", width: 1280, height: 800},
	{name: "phone", width: 390, height: 844, mobile: true},
}

// atEachSize runs test in a fresh tab at every reader size.
func atEachSize(t *testing.T, test func(t *testing.T, ctx context.Context)) {
	browser := browsertest.New(t)
	for _, vp := range readerSizes {
		t.Run(vp.name, func(t *testing.T) {
			ctx := newTab(t, browser)
			browsertest.Do(t, ctx, emulate(vp))
			test(t, ctx)
		})
	}
}

// TestInstantNavigation follows the "Next" link and comes back: the page
// changes without a new document (a marker set on window survives, and
// the browser records no navigation), focus moves to the new heading, the
// level choice stays applied, and Back restores the scroll position.
func TestInstantNavigation(t *testing.T) {
	root := handbookSite(t)
	atEachSize(t, func(t *testing.T, ctx context.Context) {
		page := root + "experiences/failure-case-studies/"
		browsertest.Do(t, ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(".hb-pager__next")))
		browsertest.Eval[bool](t, ctx, `localStorage.setItem("hb-level", "L6"); true`)
		browsertest.Do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(".hb-pager__next")))
		waitFor(t, ctx, `document.readyState === "complete"`)
		browsertest.Eval[bool](t, ctx, `window.__hbMarker = 1; document.querySelector(".hb-pager__next").scrollIntoView({block: "center"}); true`)
		y := browsertest.Eval[float64](t, ctx, `scrollY`)
		next := browsertest.Eval[string](t, ctx, `document.querySelector(".hb-pager__next").href`)
		startLen := browsertest.Eval[int](t, ctx, `history.length`)
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".hb-pager__next")))
		waitFor(t, ctx, `location.href === `+jsString(next)+` && document.querySelector(".hb-article h1") !== null`)
		if !browsertest.Eval[bool](t, ctx, `window.__hbMarker === 1`) {
			t.Fatal("a new document was loaded: the marker set on window is gone")
		}
		if n := browsertest.Eval[int](t, ctx, `performance.getEntriesByType("navigation").length + performance.getEntriesByType("resource").filter(e => e.initiatorType === "navigation").length`); n != 1 {
			t.Errorf("%d navigation entries, want the first page's only", n)
		}
		if got := browsertest.Eval[int](t, ctx, `history.length`); got != startLen+1 {
			t.Errorf("history length %d, want %d", got, startLen+1)
		}
		if got := browsertest.Eval[string](t, ctx, `document.activeElement.tagName + " " + document.title.includes(document.activeElement.textContent.replace("¶", "").trim())`); got != "H1 true" {
			t.Errorf("focus after the swap: %q, want the new page's h1", got)
		}
		if got := browsertest.Eval[string](t, ctx, `document.documentElement.getAttribute("data-level") + " " + document.querySelector('.hb-level-switch [aria-pressed="true"]').dataset.level`); got != "L6 L6" {
			t.Errorf("level after the swap: %q", got)
		}
		if got := browsertest.Eval[string](t, ctx, `document.querySelector('.hb-nav a[aria-current="page"]')?.href || ""`); got != next {
			t.Errorf("the nav marks %q as current, want %q", got, next)
		}
		// Search still opens, with "/".
		browsertest.Do(t, ctx, chromedp.KeyEvent("/"))
		waitFor(t, ctx, `document.activeElement === document.querySelector(".hb-search__input")`)
		browsertest.Do(t, ctx, chromedp.KeyEvent(kb.Escape))
		waitFor(t, ctx, `document.querySelector(".hb-search__panel").hidden`)
		browsertest.Do(t, ctx, chromedp.NavigateBack())
		waitFor(t, ctx, `location.href === `+jsString(page))
		waitFor(t, ctx, `Math.abs(scrollY - `+jsNumber(y)+`) < 2`)
		if !browsertest.Eval[bool](t, ctx, `window.__hbMarker === 1 && document.querySelectorAll(".hb-fold").length > 0`) {
			t.Error("after Back: a new document, or the L7 sections are no longer folded")
		}
	})
}

// TestInstantNavigationFallsBack: a link to a file that is not a page, and
// a click with a modifier key, are left to the browser.
func TestInstantNavigationFallsBack(t *testing.T) {
	root := handbookSite(t)
	ctx := newTab(t, browsertest.New(t))
	browsertest.Do(t, ctx, chromedp.Navigate(root+"experiences/failure-case-studies/"), chromedp.WaitVisible(chromedp.CSS(".hb-pager__next")))
	waitFor(t, ctx, `document.readyState === "complete"`)
	// A link to the sitemap (a file) loads it as a new document.
	browsertest.Eval[bool](t, ctx, `window.__hbMarker = 1; const a = document.createElement("a"); a.href = "../../robots.txt"; a.id = "hb-test-file"; a.textContent = "robots"; document.querySelector(".hb-article").append(a); true`)
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#hb-test-file")))
	waitFor(t, ctx, `location.pathname.endsWith("/robots.txt") && window.__hbMarker === undefined`)
}

func jsString(s string) string  { return strconv.Quote(s) }
func jsNumber(f float64) string { return fmtFloat(f) }

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
