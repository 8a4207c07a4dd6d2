package e2e

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
	"handbook/internal/build"
	"handbook/internal/offline"
	"handbook/internal/printpage"
	"handbook/internal/sitetest"
)

// TestOfflineAfterOneVisit visits a page, lets the service worker install,
// then stops the server: the page reloads, and another page opens, from
// the worker's cache.
func TestOfflineAfterOneVisit(t *testing.T) {
	handbookSite(t)
	atEachSize(t, func(t *testing.T, ctx context.Context) {
		srv := httptest.NewServer(http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(siteDir))))
		defer srv.Close()
		root := srv.URL + prefix
		page := root + "experiences/failure-case-studies/"
		browsertest.Do(t, ctx, chromedp.Navigate(page))
		waitFor(t, ctx, `document.readyState === "complete"`)
		waitFor(t, ctx, `!!navigator.serviceWorker.controller`)
		if got := browsertest.Eval[string](t, ctx, `navigator.serviceWorker.controller.scriptURL`); got != root+"sw.js" {
			t.Errorf("service worker %s, want the site's sw.js", got)
		}
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.getRegistration().then(r => r.scope === `+jsString(root)+`)`, chromedp.EvalAwaitPromise)); err != nil || !ok {
			t.Errorf("the worker's scope is not the site's root (%v)", err)
		}
		waitFor(t, ctx, `(window.__hbCached = window.__hbCached || caches.match(location.href).then(r => { window.__hbCachedOK = !!r; window.__hbCached = null; })) && window.__hbCachedOK === true`)
		title := browsertest.Eval[string](t, ctx, `document.title`)
		srv.CloseClientConnections()
		srv.Close() // the network is off
		browsertest.Do(t, ctx, chromedp.Reload())
		waitFor(t, ctx, `document.readyState === "complete"`)
		if got := browsertest.Eval[string](t, ctx, `document.title + "|" + !!document.querySelector(".hb-article h1")`); got != title+"|true" {
			t.Errorf("offline reload shows %q, want %q", got, title+"|true")
		}
		// Another page, never visited, was cached when the worker installed.
		browsertest.Do(t, ctx, chromedp.Navigate(root+"practice/self-assessment/"))
		waitFor(t, ctx, `document.readyState === "complete"`)
		if !browsertest.Eval[bool](t, ctx, `!!document.querySelector(".hb-article h1") && !!document.querySelector('link[rel="stylesheet"]').sheet`) {
			t.Error("an unvisited page did not open offline with its stylesheet")
		}
	})
}

var navOrder struct {
	once sync.Once
	res  *build.Result
}

// levelPagesInNavOrder lists the URLs of the handbook's pages for level
// ("" for all) in nav order.
func levelPagesInNavOrder(t *testing.T, level string) []string {
	navOrder.once.Do(func() {
		navOrder.res = build.Run(build.Options{Source: "../..", BaseURL: "https://example.org" + prefix})
	})
	res := navOrder.res
	var out []string
	for _, p := range res.Nav.PageOrder() {
		if _, real := res.Converted[p]; !real {
			continue // a generated page: levels/
		}
		if level == "" || len(p.Levels) == 0 || slices.Contains(p.Levels, level) {
			out = append(out, p.URL)
		}
	}
	return out
}

// TestPrintPageHoldsItsLevel opens print/l6/ and print/: each holds every
// page of its level, in nav order, each once, listed in its contents.
func TestPrintPageHoldsItsLevel(t *testing.T) {
	root := handbookSite(t)
	atEachSize(t, func(t *testing.T, ctx context.Context) {
		for _, level := range []string{"L6", ""} {
			var want []string
			for _, u := range levelPagesInNavOrder(t, level) {
				want = append(want, printpage.Anchor(u))
			}
			path := "print/"
			if level != "" {
				path += strings.ToLower(level) + "/"
			}
			open(t, ctx, root, path)
			got := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll(".hb-print-page")].map(s => s.id)`)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s holds\n%q\nwant\n%q", path, got, want)
			}
			toc := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll(".hb-print-toc a")].map(a => a.getAttribute("href").slice(1))`)
			if strings.Join(toc, " ") != strings.Join(want, " ") {
				t.Errorf("%s contents list %q", path, toc)
			}
			if dup := browsertest.Eval[[]string](t, ctx, `(() => { const seen = new Set(), dup = []; for (const e of document.querySelectorAll("[id]")) { if (seen.has(e.id)) dup.push(e.id); seen.add(e.id); } return dup; })()`); len(dup) > 0 {
				t.Errorf("%s repeats ids %q", path, dup)
			}
			if level != "" {
				if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll('.hb-print-page [data-level]:not([data-level="`+level+`"])').length`); n != 0 {
					t.Errorf("%s holds %d sections of another level", path, n)
				}
			}
		}
	})
}

// TestSocialCards: a page's og:image is a 1200×630 PNG that exists, with
// its alt text and a large-image Twitter card.
func TestSocialCards(t *testing.T) {
	root := handbookSite(t)
	atEachSize(t, func(t *testing.T, ctx context.Context) {
		for _, path := range []string{"", "experiences/failure-case-studies/", "levels/l7/"} {
			open(t, ctx, root, path)
			meta := browsertest.Eval[map[string]string](t, ctx, `Object.fromEntries([...document.querySelectorAll('meta[property^="og:image"], meta[name^="twitter:"]')].map(m => [m.getAttribute("property") || m.getAttribute("name"), m.content]))`)
			img := meta["og:image"]
			if !strings.HasPrefix(img, "https://example.org"+prefix+"social/") || meta["og:image:alt"] == "" || meta["twitter:card"] != "summary_large_image" {
				t.Fatalf("%s: card meta %v", path, meta)
			}
			local := root + strings.TrimPrefix(img, "https://example.org"+prefix)
			size, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise((ok, fail) => { const i = new Image(); i.onload = () => ok(i.naturalWidth + "x" + i.naturalHeight); i.onerror = fail; i.src = `+jsString(local)+`; })`, chromedp.EvalAwaitPromise))
			if err != nil || size != "1200x630" {
				t.Errorf("%s: card %s is %q (%v), want 1200x630", path, local, size, err)
			}
		}
	})
}

// memOutput keeps files in memory.
type memOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memOutput) Put(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = data
	return nil
}

// TestOfflineFolderFromDisk builds the handbook as `build --offline` does
// and opens it from file://: the nav leads to pages and search finds them.
func TestOfflineFolderFromDisk(t *testing.T) {
	mem := &memOutput{files: map[string][]byte{}}
	res := build.Run(build.Options{Source: "../..", Output: offline.Folder{Next: mem}})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	dir, err := tempDir()
	if err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFiles(t, filepath.Join(dir, "public"), mem.files)
	root := "file://" + filepath.Join(dir, "public") + "/"
	atEachSize(t, func(t *testing.T, ctx context.Context) {
		browsertest.Do(t, ctx, chromedp.Navigate(root+"index.html"))
		waitFor(t, ctx, `document.readyState === "complete"`)
		// Follow the pager: a page from disk, not a folder listing.
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".hb-pager__next")))
		waitFor(t, ctx, `location.pathname.endsWith("/index.html") && !!document.querySelector(".hb-article h1")`)
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("button.hb-search__open")))
		waitFor(t, ctx, `!!document.querySelector(".hb-search__input") && document.activeElement === document.querySelector(".hb-search__input")`)
		browsertest.Do(t, ctx, chromedp.SendKeys(chromedp.CSS(".hb-search__input"), searchQuery))
		waitFor(t, ctx, `document.querySelectorAll(".hb-search__result").length > 0`)
		if status := browsertest.Eval[string](t, ctx, `document.querySelector(".hb-search__status").textContent`); strings.Contains(status, "unavailable") {
			t.Fatalf("search from disk: %q", status)
		}
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#hb-search-result-0")))
		waitFor(t, ctx, `location.protocol === "file:" && location.pathname.endsWith("/index.html") && !!document.querySelector("mark.hb-hit")`)
	})
}

// TestUpdateNotice: when a new build's service worker installs, the open
// page says so and offers to reload.
func TestUpdateNotice(t *testing.T) {
	handbookSite(t)
	dir, err := tempDir()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dir, os.DirFS(siteDir)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(dir))))
	defer srv.Close()
	ctx := newTab(t, browsertest.New(t))
	browsertest.Do(t, ctx, chromedp.Navigate(srv.URL+prefix+"experiences/failure-case-studies/"))
	waitFor(t, ctx, `document.readyState === "complete" && !!navigator.serviceWorker.controller`)
	// A new build: its worker has another version.
	sw, err := os.ReadFile(filepath.Join(dir, "sw.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sw.js"), bytes.Replace(sw, []byte(`const VERSION = "`), []byte(`const VERSION = "next-`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	browsertest.Eval[bool](t, ctx, `navigator.serviceWorker.getRegistration().then(r => r.update()); true`)
	waitFor(t, ctx, `!!document.querySelector(".hb-update button")`)
}
