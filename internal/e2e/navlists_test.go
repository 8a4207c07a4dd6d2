package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// longNavSite builds sitetest.LongNav with nav_list_limit 10 (windows of
// 5): a top level of 15 entries and many/ of 30 pages, both cut. It
// serves it over loopback, uncached and without its service worker (so
// that every fetch of a cut list's file reaches the server, which counts
// them in fetched); while refuse is set, those files are not found.
func longNavSite(t *testing.T) (root string, refuse *atomic.Bool, fetched *atomic.Int32) {
	t.Helper()
	src := t.TempDir()
	sitetest.WriteTxtar(t, src, sitetest.LongNav("nav_list_limit: 10\n", 12, 30))
	res := build.Run(build.Options{Source: src})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	out := filepath.Join(t.TempDir(), "public")
	sitetest.WriteFiles(t, out, res.Files)
	refuse, fetched = new(atomic.Bool), new(atomic.Int32)
	files := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if strings.HasPrefix(r.URL.Path, "/nav/list-") {
			fetched.Add(1)
		}
		if r.URL.Path == "/sw.js" || refuse.Load() && strings.HasPrefix(r.URL.Path, "/nav/list-") {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/", refuse, fetched
}

// manyList is the texts of many/'s entries in the sidebar.
const manyList = `Array.from(document.querySelectorAll(".hb-nav > ul > li.is-open > ul > li")).map(li => li.textContent)`

// TestNavListsWholeInBrowser: a page whose nav lists are cut shows them
// whole once the script has fetched them (each file once, kept across
// instant navigation), with the current page still marked and in view in
// the sidebar, the level filter applied to the entries put in, and the
// window left as it is when the files cannot be had; focus on a "more"
// item moves to the first entry it stood for.
func TestNavListsWholeInBrowser(t *testing.T) {
	root, refuse, fetched := longNavSite(t)
	atEachSize(t, func(t *testing.T, ctx context.Context) {
		fetched.Store(0)
		browsertest.Do(t, ctx, chromedp.Navigate(root+"many/p20/"))
		waitFor(t, ctx, `document.readyState === "complete" && !document.querySelector(".hb-nav ul[data-hb-list]")`)
		var want []string
		for i := range 30 {
			want = append(want, "Many "+twoDigits(i))
		}
		if got := evalT[[]string](t, ctx, manyList); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("many/'s list: %q", got)
		}
		if n := evalT[int](t, ctx, `document.querySelectorAll(".hb-nav > ul > li").length`); n != 15 {
			t.Errorf("the top level has %d entries, want 15", n)
		}
		if n := evalT[int](t, ctx, `document.querySelectorAll(".hb-nav .hb-nav__more").length`); n != 0 {
			t.Errorf("%d more items left", n)
		}
		if got := evalT[string](t, ctx, `document.querySelector('.hb-nav a[aria-current="page"]').getAttribute("href")`); got != "../../many/p20/" {
			t.Errorf("the current entry links to %q, want ../../many/p20/", got)
		}
		if got := evalT[[]string](t, ctx, `Array.from(document.querySelectorAll(".hb-nav a")).slice(0, 3).map(a => a.getAttribute("href"))`); strings.Join(got, " ") != "../../ ../../many/p00/ ../../many/p00/" {
			t.Errorf("the entries put in link to %q, want links seen from the page", got)
		}
		// In view in the sidebar (the drawer's on a phone, open or not).
		if !evalT[bool](t, ctx, `(() => {
			const a = document.querySelector('.hb-nav a[aria-current="page"]'), box = a.closest(".hb-sidebar").getBoundingClientRect(), r = a.getBoundingClientRect();
			return r.top >= box.top && r.bottom <= box.bottom;
		})()`) {
			t.Error("the current entry is not in view in the sidebar")
		}
		if n := fetched.Load(); n != 2 {
			t.Errorf("%d fetches of the lists' files, want 2 (the top level's and many/'s)", n)
		}

		// Instant navigation to another page of the list: whole again,
		// with no new fetch, the new page marked.
		browsertest.Eval[bool](t, ctx, `window.__hbMarker = 1; true`)
		browsertest.Eval[bool](t, ctx, `document.querySelector('.hb-nav a[href="../../many/p03/"]').click(); true`)
		waitFor(t, ctx, `location.pathname.endsWith("/many/p03/") && document.querySelector('.hb-nav a[aria-current="page"]')?.getAttribute("href") === "../../many/p03/" && !document.querySelector(".hb-nav ul[data-hb-list]")`)
		if !evalT[bool](t, ctx, `window.__hbMarker === 1`) {
			t.Error("a new document was loaded")
		}
		if got := evalT[[]string](t, ctx, manyList); len(got) != 30 {
			t.Errorf("after instant navigation many/'s list has %d entries", len(got))
		}
		if n := fetched.Load(); n != 2 {
			t.Errorf("%d fetches of the lists' files after instant navigation, want still 2", n)
		}

		// The level filter covers the entries put in: L6 hides the odd pages.
		browsertest.Eval[bool](t, ctx, `localStorage.setItem("hb-level", "L6"); true`)
		browsertest.Do(t, ctx, chromedp.Reload())
		waitFor(t, ctx, `document.readyState === "complete" && !document.querySelector(".hb-nav ul[data-hb-list]")`)
		if got := evalT[string](t, ctx, `Array.from(document.querySelectorAll(".hb-nav > ul > li.is-open > ul > li")).filter(li => !li.hasAttribute("data-hb-hidden")).map(li => li.textContent).join(" ")`); got != "Many 00 Many 02 Many 04 Many 06 Many 08 Many 10 Many 12 Many 14 Many 16 Many 18 Many 20 Many 22 Many 24 Many 26 Many 28" {
			t.Errorf("with L6 chosen the list shows %q", got)
		}
		browsertest.Eval[bool](t, ctx, `localStorage.removeItem("hb-level"); true`)

		// Without the files the windows stay, and their more items lead to
		// nav/; when the files come (the browser is online again), focus
		// on a more item moves to the first entry it stood for.
		refuse.Store(true)
		fetched.Store(0)
		browsertest.Do(t, ctx, chromedp.Navigate(root+"many/p10/"))
		for deadline := time.Now().Add(20 * time.Second); fetched.Load() < 2 && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
		awaitT[bool](t, ctx, `new Promise((done) => setTimeout(() => done(true), 300))`) // (the refusals reach the script)
		if got := evalT[[]string](t, ctx, manyList); strings.Join(got, "|") != "8 more entries|Many 08|Many 09|Many 10|Many 11|Many 12|17 more entries" {
			t.Errorf("without the files many/'s list is %q", got)
		}
		more := `document.querySelector(".hb-nav > ul > li.is-open > ul > li:last-child > a")`
		if got := evalT[string](t, ctx, more+`.getAttribute("href")`); got != "../../nav/#hb-list-1" {
			t.Errorf("the more item leads to %q", got)
		}
		refuse.Store(false)
		// (On a phone the nav is in the drawer: open it to reach the item.)
		browsertest.Eval[bool](t, ctx, `(() => { const d = document.querySelector(".hb-drawer-toggle"); if (d && getComputedStyle(d).display !== "none" && !d.hidden) d.click(); return true; })()`)
		if got := evalT[string](t, ctx, more+`.focus(); document.activeElement.textContent`); !strings.HasSuffix(got, "17 more entries") {
			t.Fatalf("focus on the more item: %q", got)
		}
		browsertest.Eval[bool](t, ctx, `window.dispatchEvent(new Event("online")); true`)
		waitFor(t, ctx, `!document.querySelector(".hb-nav ul[data-hb-list]")`)
		if got := evalT[string](t, ctx, `document.activeElement.textContent`); got != "Many 13" {
			t.Errorf("focus is on %q, want Many 13, the first entry the more item stood for", got)
		}
	})
}

func twoDigits(i int) string { return string(rune('0'+i/10)) + string(rune('0'+i%10)) }
