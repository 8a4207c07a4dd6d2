package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
	"handbook/internal/build"
	"handbook/internal/cli"
	"handbook/internal/serve"
	"handbook/internal/sitetest"
)

// benchSaveToReload measures what a contributor waits for in handbook serve:
// from the moment a page's new text is saved to the moment the "reload"
// event naming that page reaches the browser's event stream. Everything is
// real: the file is written on disk, fsnotify reports it, the watcher
// debounces, the server rebuilds with the real generator and sends the
// event over HTTP on loopback. The search index is then rebuilt in the
// background; each save waits for it (untimed) so saves do not overlap it.
func benchSaveToReload(b *testing.B, pages int) {
	dir := sitetest.Corpus(b, pages)
	page := filepath.Join(dir, "content", "section-000", "case-001.md")
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(page, orig, 0o644)

	var srv *serve.Server
	refreshed := make(chan struct{}, 16)
	buildFn := cli.ServeBuild(build.Options{Source: dir}, func() {
		srv.Rebuild([]string{})
		refreshed <- struct{}{}
	})
	srv, err = serve.NewServer(buildFn, serve.Options{Watch: cli.WatchPaths(dir), Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(l)
	res, err := http.Get("http://" + l.Addr().String() + "/__handbook/events")
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	reloads := make(chan string, 64)
	go readEvents(res.Body, "reload", reloads)

	want := `"section-000/case-001/index.html"`
	var worst time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		drain(reloads)
		text := append(slices.Clone(orig), fmt.Sprintf("\nSaved edit number %d.\n", i)...)
		b.StartTimer()
		start := time.Now()
		if err := os.WriteFile(page, text, 0o644); err != nil {
			b.Fatal(err)
		}
		for data := range reloads {
			if strings.Contains(data, want) {
				break
			}
		}
		took := time.Since(start)
		b.StopTimer()
		worst = max(worst, took)
		select { // the background search index, then its publishing build
		case <-refreshed:
		case <-time.After(time.Minute):
			b.Fatal("the search index was not refreshed within a minute")
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/save")
	b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
}

// readEvents sends the data of each Server-Sent Event named name.
func readEvents(r io.Reader, name string, out chan<- string) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<24)
	event := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: ") && event == name:
			out <- strings.TrimPrefix(line, "data: ")
		case line == "":
			event = ""
		}
	}
	close(out)
}

func drain(ch chan string) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

func BenchmarkSaveToReload1k(b *testing.B)  { benchSaveToReload(b, 1000) }
func BenchmarkSaveToReload10k(b *testing.B) { benchSaveToReload(b, 10000) }

// benchSaveToBrowser measures the same edit to the moment headless Chromium
// shows the new text, on the same clock as the save: the animation frame
// after live.js replaced the article, or the first contentful paint when the
// page reloaded instead (counted in "reloads").
func benchSaveToBrowser(b *testing.B, pages int) {
	dir := sitetest.Corpus(b, pages)
	page := filepath.Join(dir, "content", "section-000", "case-001.md")
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(page, orig, 0o644)
	var srv *serve.Server
	refreshed := make(chan struct{}, 16)
	buildFn := cli.ServeBuild(build.Options{Source: dir}, func() {
		srv.Rebuild([]string{})
		refreshed <- struct{}{}
	})
	srv, err = serve.NewServer(buildFn, serve.Options{Watch: cli.WatchPaths(dir), Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(l)
	ctx := browsertest.New(b)
	url := "http://" + l.Addr().String() + "/section-000/case-001/"
	browsertest.Do(b, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("article")))
	var total, worst float64
	reloads := 0
	b.ResetTimer()
	b.StopTimer()
	for i := 0; i < b.N; i++ {
		waitForB(b, ctx, `window.__hbLiveReady === true`)
		marker := fmt.Sprintf("Saved edit number %d.", i)
		text := append(slices.Clone(orig), "\n"+marker+"\n"...)
		saved := float64(time.Now().UnixNano()) / 1e6
		if err := os.WriteFile(page, text, 0o644); err != nil {
			b.Fatal(err)
		}
		browsertest.Eval[bool](b, ctx, `delete window.__hbLiveUpdated`)
		waitForB(b, ctx, `document.querySelector("article") && document.querySelector("article").textContent.includes(`+strconv.Quote(marker)+`) && (window.__hbLiveUpdated > 0 || performance.getEntriesByName("first-contentful-paint").length > 0)`)
		// Updated in place: the frame after the swap; reloaded: the first paint.
		ready := browsertest.Eval[float64](b, ctx, `window.__hbLiveUpdated || performance.timeOrigin + performance.getEntriesByName("first-contentful-paint")[0].startTime`)
		if browsertest.Eval[bool](b, ctx, `!window.__hbLiveUpdated`) {
			reloads++
		}
		ms := ready - saved
		total += ms
		worst = max(worst, ms)
		select { // the background search index, then its publishing build
		case <-refreshed:
		case <-time.After(time.Minute):
			b.Fatal("the search index was not refreshed within a minute")
		}
	}
	b.ReportMetric(total/float64(b.N), "ms/save")
	b.ReportMetric(worst, "worst-ms")
	b.ReportMetric(float64(reloads), "reloads")
}

func waitForB(b *testing.B, ctx contextT, expr string) {
	b.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr)); err == nil && ok {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	b.Fatalf("timed out waiting for %s", expr)
}

func BenchmarkSaveToBrowser1k(b *testing.B)  { benchSaveToBrowser(b, 1000) }
func BenchmarkSaveToBrowser10k(b *testing.B) { benchSaveToBrowser(b, 10000) }
