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

// liveServer is handbook serve's server with the real generator and
// watcher on a generated corpus, listening on loopback, for the benchmarks.
type liveServer struct {
	url       string
	page      string        // the page the benchmarks edit
	orig      []byte        // its text, put back when the benchmark ends
	refreshed chan struct{} // a value each time a deferred search index is published
}

func startLiveServer(b *testing.B, pages int) *liveServer {
	dir := sitetest.Corpus(b, pages)
	lv := &liveServer{page: filepath.Join(dir, "content", "section-000", "case-001.md"), refreshed: make(chan struct{}, 16)}
	orig, err := os.ReadFile(lv.page)
	if err != nil {
		b.Fatal(err)
	}
	lv.orig = orig
	b.Cleanup(func() { os.WriteFile(lv.page, orig, 0o644) })
	var srv *serve.Server
	buildFn := cli.ServeBuild(build.Options{Source: dir}, func() {
		srv.Rebuild([]string{})
		lv.refreshed <- struct{}{}
	})
	srv, err = serve.NewServer(buildFn, serve.Options{Watch: cli.WatchPaths(dir), Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(l)
	lv.url = "http://" + l.Addr().String()
	return lv
}

// waitRefreshed waits for the background search index and its publishing
// build, so that the next save does not overlap them.
func (lv *liveServer) waitRefreshed(b *testing.B) {
	select {
	case <-lv.refreshed:
	case <-time.After(time.Minute):
		b.Fatal("the search index was not refreshed within a minute")
	}
}

// benchSaveToReload measures what a contributor waits for in handbook serve:
// from the moment a page's new text is saved to the moment the "reload"
// event naming that page reaches the browser's event stream. Everything is
// real: the file is written on disk, fsnotify reports it, the watcher
// debounces, the server rebuilds with the real generator and sends the
// event over HTTP on loopback. The search index is then rebuilt in the
// background; each save waits for it (untimed) so saves do not overlap it.
func benchSaveToReload(b *testing.B, pages int) {
	lv := startLiveServer(b, pages)
	res, err := http.Get(lv.url + "/__handbook/events")
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
		text := append(slices.Clone(lv.orig), fmt.Sprintf("\nSaved edit number %d.\n", i)...)
		b.StartTimer()
		start := time.Now()
		if err := os.WriteFile(lv.page, text, 0o644); err != nil {
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
		lv.waitRefreshed(b)
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
	lv := startLiveServer(b, pages)
	ctx := browsertest.New(b)
	url := lv.url + "/section-000/case-001/"
	browsertest.Do(b, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("article")))
	var total, worst float64
	var times []float64
	reloads := 0
	b.ResetTimer()
	b.StopTimer()
	for i := 0; i < b.N; i++ {
		waitFor(b, ctx, `window.__hbLiveReady === true`)
		marker := fmt.Sprintf("Saved edit number %d.", i)
		text := append(slices.Clone(lv.orig), "\n"+marker+"\n"...)
		browsertest.Eval[bool](b, ctx, `delete window.__hbLiveUpdated`)
		// The times come from the browser's clock, not from how soon the
		// polling below notices.
		saved := float64(time.Now().UnixNano()) / 1e6
		if err := os.WriteFile(lv.page, text, 0o644); err != nil {
			b.Fatal(err)
		}
		waitFor(b, ctx, `document.querySelector("article") && document.querySelector("article").textContent.includes(`+strconv.Quote(marker)+`) && (window.__hbLiveUpdated > 0 || performance.getEntriesByName("first-contentful-paint").length > 0)`)
		// Updated in place: the frame after the swap; reloaded: the first paint.
		ready := browsertest.Eval[float64](b, ctx, `window.__hbLiveUpdated || performance.timeOrigin + performance.getEntriesByName("first-contentful-paint")[0].startTime`)
		if browsertest.Eval[bool](b, ctx, `!window.__hbLiveUpdated`) {
			reloads++
		}
		ms := ready - saved
		total += ms
		worst = max(worst, ms)
		times = append(times, ms)
		lv.waitRefreshed(b)
	}
	slices.Sort(times)
	b.ReportMetric(total/float64(b.N), "ms/save")
	b.ReportMetric(times[len(times)/2], "median-ms")
	b.ReportMetric(worst, "worst-ms")
	b.ReportMetric(float64(reloads), "reloads")
}

func BenchmarkSaveToBrowser1k(b *testing.B)  { benchSaveToBrowser(b, 1000) }
func BenchmarkSaveToBrowser10k(b *testing.B) { benchSaveToBrowser(b, 10000) }
