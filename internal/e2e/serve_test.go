package e2e

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
	"handbook/internal/build"
	"handbook/internal/cli"
	"handbook/internal/serve"
	"handbook/internal/sitetest"
)

// TestServeLiveReloadWithRealBuild runs handbook serve's server with the
// real generator on a temporary site: an edit shows up in the open page (in
// place for a body edit, by a reload for a title change),
// broken front matter shows the overlay with file and line, and fixing it
// clears the overlay.
func TestServeLiveReloadWithRealBuild(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n\nFirst version.\n-- content/other.md --\n# Other\n")
	var srv *serve.Server
	refresh, stopped := make(chan struct{}), make(chan struct{})
	notify := func() { // from the background index builder
		select {
		case refresh <- struct{}{}:
		case <-stopped:
		}
	}
	srv, err := serve.NewServer(cli.ServeBuild(build.Options{Source: dir}, notify), serve.Options{Watch: cli.WatchPaths(dir), Log: testWriter{t}})
	if err != nil {
		t.Fatal(err)
	}
	var publishing sync.WaitGroup
	publishing.Add(1)
	go func() {
		defer publishing.Done()
		for {
			select {
			case <-refresh:
				srv.Rebuild([]string{}) // the deferred search index is ready: publish it
			case <-stopped:
				return
			}
		}
	}()
	// Stop publishing (and logging) before the test ends.
	t.Cleanup(func() { close(stopped); publishing.Wait(); srv.Close() })
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	ctx := browsertest.New(t)
	url := "http://" + l.Addr().String() + "/"
	browsertest.Do(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("article")))
	page := filepath.Join(dir, "content", "index.md")
	// Wait until the live-reload connection is up before editing.
	waitFor(t, ctx, `window.__hbLiveReady === true`)
	// A body edit replaces the article in place: no reload (the marker set
	// on this window survives), and the new content gets the theme's
	// enhancements (tabs, copy buttons).
	// The page is marked studied: the nav ticks it.
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".hb-studied")))
	const studied = `!!document.querySelector('.hb-nav a.hb-is-studied') && document.querySelector(".hb-studied").getAttribute("aria-pressed") === "true"`
	waitFor(t, ctx, studied)
	// The new article comes with the server's event: the page does not
	// fetch itself.
	browsertest.Eval[bool](t, ctx, `window.__hbSamePage = true`)
	const pageFetches = `performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'fetch' && new URL(e.name).pathname === location.pathname).length`
	waitFor(t, ctx, pageFetches+` >= 1`) // the copy of the page as served that live.js keeps, fetched once connected
	fetches := browsertest.Eval[int](t, ctx, pageFetches)
	os.WriteFile(page, []byte("# Home\n\nSecond version.\n\n=== \"One\"\n\n    First tab.\n\n=== \"Two\"\n\n    Second tab.\n\n```go\nfunc main() {}\n```\n"), 0o644)
	waitFor(t, ctx, `document.querySelector("article").textContent.includes("Second version.")`)
	if !browsertest.Eval[bool](t, ctx, `window.__hbSamePage === true`) {
		t.Error("a body edit reloaded the page instead of updating it in place")
	}
	if n := browsertest.Eval[int](t, ctx, pageFetches); n != fetches {
		t.Errorf("the page fetched itself %d times for a body edit, whose article the event carries", n-fetches)
	}
	waitFor(t, ctx, `!!document.querySelector("article .tabbed-labels[role=tablist]") && !!document.querySelector("article .highlight .hb-copy")`)
	// The nav (left as it was) still ticks the page, and its button says so.
	if !browsertest.Eval[bool](t, ctx, studied) {
		t.Error("after the update in place, the page is no longer shown as studied")
	}
	// A new heading changes the table of contents too: still in place.
	os.WriteFile(page, []byte("# Home\n\nSecond version.\n\n## A new section\n\nWords.\n"), 0o644)
	waitFor(t, ctx, `!!document.querySelector('.hb-toc a[href="#a-new-section"]') && !!document.getElementById("a-new-section")`)
	if !browsertest.Eval[bool](t, ctx, `window.__hbSamePage === true`) {
		t.Error("a new heading reloaded the page instead of updating it in place")
	}
	// A title change changes the nav: the page reloads.
	os.WriteFile(page, []byte("---\ntitle: Start\n---\n# Home\n\nSecond version.\n"), 0o644)
	waitFor(t, ctx, `window.__hbSamePage === undefined && !!document.querySelector("article") && !document.getElementById("a-new-section")`)
	// The page reloaded: wait until it listens again before the next edit.
	waitFor(t, ctx, `window.__hbLiveReady === true`)
	// Break the front matter: the page is served as built all the same, and
	// the overlay names the file and line.
	os.WriteFile(page, []byte("---\ntitle: [unclosed\n---\n# Home\n\nThird.\n"), 0o644)
	waitFor(t, ctx, `!!document.querySelector("article") && document.querySelector("article").textContent.includes("Third.")`)
	waitFor(t, ctx, `!!document.getElementById("hb-live-overlay")`)
	text := browsertest.Eval[string](t, ctx, `document.getElementById("hb-live-overlay").textContent`)
	if !strings.Contains(text, "content/index.md:2") || !strings.Contains(text, "served as built") {
		t.Errorf("overlay does not point at the file and line of a page served with it: %q", text)
	}
	// Fix it: the overlay goes and the new text shows.
	os.WriteFile(page, []byte("---\ntitle: Home\n---\n# Home\n\nFixed.\n"), 0o644)
	waitFor(t, ctx, `!document.getElementById("hb-live-overlay") && document.querySelector("article") && document.querySelector("article").textContent.includes("Fixed.")`)
}

func waitFor(t testing.TB, ctx contextT, expr string) {
	t.Helper()
	deadline := time.Now().Add(40 * time.Second) // generous: CI runs this under -race on 2 cores
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", expr)
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
