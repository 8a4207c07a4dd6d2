package serve

import (
	"context"
	"errors"
	"html"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
	"handbook/internal/diag"
)

// waitFor polls a boolean JavaScript expression until it is true. Page
// reloads make single evaluations fail now and then; those are retried.
func waitFor(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second) // generous: CI runs these under -race on 2 cores
	for {
		evalCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
		ok, err := chromedp.Run(evalCtx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s (last error: %v)", expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// liveSite makes a folder of pages and serves it with watching, as
// `handbook serve` does.
func liveSite(t *testing.T) (dir, url string) {
	dir = t.TempDir()
	writeFile(t, filepath.Join(dir, "index.md"), "Home")
	writeFile(t, filepath.Join(dir, "guide.md"), "Guide v1")
	_, url = newTestServer(t, markdownSite(dir), Options{Watch: []string{dir}})
	return dir, url
}

const textIs = `(document.getElementById('text') || {}).textContent === `

func TestBrowserReloadsOnEditKeepingScroll(t *testing.T) {
	dir, url := liveSite(t)
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, chromedp.Navigate(url+"/guide/"))
	waitFor(t, ctx, `window.__hbLiveReady === true`)
	waitFor(t, ctx, textIs+`'Guide v1'`)
	// The browser's own scroll restoration is turned off, so that only the
	// live script can bring the position back.
	browsertest.Eval[bool](t, ctx, `history.scrollRestoration = 'manual'; window.scrollTo(0, 1500); window.notReloaded = true`)
	writeFile(t, filepath.Join(dir, "guide.md"), "Guide v2")
	waitFor(t, ctx, textIs+`'Guide v2'`)
	if browsertest.Eval[bool](t, ctx, `window.notReloaded === true`) {
		t.Error("the new text appeared without a reload")
	}
	waitFor(t, ctx, `window.scrollY === 1500`)

	// Another page's edit leaves this one alone.
	browsertest.Eval[bool](t, ctx, `window.notReloaded = true`)
	writeFile(t, filepath.Join(dir, "index.md"), "Home v2")
	writeFile(t, filepath.Join(dir, "other.md"), "sentinel")
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if res, _ := get(t, url+"/other/"); res.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the new page never appeared")
		}
	}
	time.Sleep(300 * time.Millisecond) // time for a (wrong) reload to happen
	if !browsertest.Eval[bool](t, ctx, `window.notReloaded === true`) {
		t.Error("an edit of another page reloaded this one")
	}
}

func TestBrowserSwapsStylesheetWithoutReload(t *testing.T) {
	dir, url := liveSite(t)
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, chromedp.Navigate(url+"/guide/"))
	waitFor(t, ctx, `window.__hbLiveReady === true`)
	waitFor(t, ctx, `getComputedStyle(document.getElementById('text')).color === 'rgb(1, 2, 3)'`)
	browsertest.Eval[bool](t, ctx, `window.notReloaded = true`)
	writeFile(t, filepath.Join(dir, "site.css"), "main { color: rgb(200, 0, 0); }")
	waitFor(t, ctx, `getComputedStyle(document.getElementById('text')).color === 'rgb(200, 0, 0)'`)
	if !browsertest.Eval[bool](t, ctx, `window.notReloaded === true`) {
		t.Error("a stylesheet change reloaded the page")
	}
	waitFor(t, ctx, `document.querySelectorAll('link[rel=stylesheet]').length === 1`)
}

func TestBrowserShowsAndClearsErrorOverlay(t *testing.T) {
	dir, url := liveSite(t)
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, chromedp.Navigate(url+"/guide/"))
	waitFor(t, ctx, `window.__hbLiveReady === true`)
	waitFor(t, ctx, textIs+`'Guide v1'`)

	writeFile(t, filepath.Join(dir, "guide.md"), "first line\nsome BROKEN text")
	const overlay = `document.getElementById('hb-live-overlay')`
	waitFor(t, ctx, `!!`+overlay)
	text := browsertest.Eval[string](t, ctx, overlay+`.textContent`)
	if !strings.Contains(text, "guide.md:2:6") || !strings.Contains(text, "the page says BROKEN <b>here</b>") {
		t.Errorf("overlay text %q", text)
	}
	if browsertest.Eval[string](t, ctx, overlay+`.getAttribute('role')`) != "alert" {
		t.Error("overlay is not role=alert")
	}
	if browsertest.Eval[bool](t, ctx, `!!document.querySelector('#hb-live-overlay b')`) {
		t.Error("a message was inserted as HTML")
	}
	if !browsertest.Eval[bool](t, ctx, textIs+`'Guide v1'`) {
		t.Error("the last good page was replaced during a failed build")
	}

	// A page loaded while the build is broken shows the overlay too.
	browsertest.Do(t, ctx, chromedp.Navigate(url+"/"))
	waitFor(t, ctx, `window.__hbLiveReady === true`)
	waitFor(t, ctx, `!!`+overlay+` && `+overlay+`.textContent.includes('guide.md:2:6')`)

	// Dismissing hides it; the next failed build shows it again.
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(`#hb-live-overlay button`)))
	waitFor(t, ctx, `!`+overlay)

	browsertest.Do(t, ctx, chromedp.Navigate(url+"/guide/"))
	waitFor(t, ctx, `window.__hbLiveReady === true`)
	waitFor(t, ctx, `!!`+overlay)
	writeFile(t, filepath.Join(dir, "guide.md"), "Guide fixed")
	waitFor(t, ctx, textIs+`'Guide fixed'`)
	waitFor(t, ctx, `!`+overlay)
}

// A build made with errors is served: the page shows the new text, and
// the overlay lists the problems, saying the page is served with them.
func TestBrowserServesABuildWithProblems(t *testing.T) {
	dir, url := liveSite(t)
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, chromedp.Navigate(url+"/guide/"))
	waitFor(t, ctx, `window.__hbLiveReady === true`)
	writeFile(t, filepath.Join(dir, "guide.md"), "Guide v2 with a PROBLEM")
	const overlay = `document.getElementById('hb-live-overlay')`
	waitFor(t, ctx, textIs+`'Guide v2 with a PROBLEM'`)
	waitFor(t, ctx, `!!`+overlay+` && `+overlay+`.textContent.includes('guide.md:1:17')`)
	text := browsertest.Eval[string](t, ctx, overlay+`.textContent`)
	if !strings.Contains(text, "1 problem") || !strings.Contains(text, "served as built") {
		t.Errorf("overlay text %q", text)
	}
	// A page loaded meanwhile shows it too; fixing the problem clears it.
	browsertest.Do(t, ctx, chromedp.Navigate(url+"/"))
	waitFor(t, ctx, `!!`+overlay+` && `+overlay+`.textContent.includes('served as built')`)
	writeFile(t, filepath.Join(dir, "guide.md"), "Guide v3")
	waitFor(t, ctx, `!`+overlay)
}

func TestBrowserLeavesDeletedPageForParent(t *testing.T) {
	dir, url := liveSite(t)
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, chromedp.Navigate(url+"/guide/"))
	waitFor(t, ctx, `window.__hbLiveReady === true`)
	waitFor(t, ctx, textIs+`'Guide v1'`)
	if err := os.Remove(filepath.Join(dir, "guide.md")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `location.pathname === '/' && `+textIs+`'Home'`)
}

func TestBrowserReconnectsAfterServerRestart(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "guide.md"), "Before restart")
	first, err := NewServer(markdownSite(dir), Options{Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	go first.Serve(l)
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, chromedp.Navigate("http://"+addr+"/guide/"))
	waitFor(t, ctx, `window.__hbLiveReady === true`)
	waitFor(t, ctx, textIs+`'Before restart'`)
	first.Close()

	writeFile(t, filepath.Join(dir, "guide.md"), "After restart")
	second, err := NewServer(markdownSite(dir), Options{Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	l, err = net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	go second.Serve(l)
	t.Cleanup(func() { second.Close() })
	waitFor(t, ctx, textIs+`'After restart'`)
}

// pageFetches counts the fetches the page made of itself.
const pageFetches = `performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'fetch' && new URL(e.name).pathname === location.pathname).length`

// An edit of the article alone is put in the open page from the reload
// event: no reload, no fetch. An edit of anything else reloads it.
func TestBrowserPutsTheEventsArticleInThePage(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "nav.txt"), "Nav v1")
	writeFile(t, filepath.Join(dir, "guide.md"), "Guide v1")
	build := func([]string) (*Output, diag.List, error) {
		nav, err1 := os.ReadFile(filepath.Join(dir, "nav.txt"))
		text, err2 := os.ReadFile(filepath.Join(dir, "guide.md"))
		if err := errors.Join(err1, err2); err != nil {
			return nil, nil, err
		}
		article := `<p id="text">` + html.EscapeString(string(text)) + `</p>`
		return &Output{Files: map[string][]byte{"guide/index.html": articlePage(html.EscapeString(string(nav)), article, "toc of "+html.EscapeString(string(text)))}}, nil, nil
	}
	_, url := newTestServer(t, build, Options{Watch: []string{dir}})
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, chromedp.Navigate(url+"/guide/"))
	waitFor(t, ctx, `window.__hbLiveReady === true`)
	browsertest.Eval[bool](t, ctx, `window.notReloaded = true; document.addEventListener('hb:content', (e) => { window.contentRoot = e.detail.root.tagName }); true`)
	waitFor(t, ctx, pageFetches+` >= 1`) // the copy of the page as served that live.js keeps, fetched once connected
	fetches := browsertest.Eval[int](t, ctx, pageFetches)

	writeFile(t, filepath.Join(dir, "guide.md"), "Guide <v2>")
	waitFor(t, ctx, textIs+`'Guide <v2>' && document.querySelector('.hb-toc').textContent === 'toc of Guide <v2>'`)
	if !browsertest.Eval[bool](t, ctx, `window.notReloaded === true && window.contentRoot === 'ARTICLE'`) {
		t.Error("the page reloaded, or the theme was not told of the new article")
	}
	if n := browsertest.Eval[int](t, ctx, pageFetches); n != fetches {
		t.Errorf("the page fetched itself %d times for an update the event carried", n-fetches)
	}

	writeFile(t, filepath.Join(dir, "nav.txt"), "Nav v2")
	waitFor(t, ctx, `document.querySelector('.hb-nav').textContent === 'Nav v2' && window.notReloaded === undefined`)
}
