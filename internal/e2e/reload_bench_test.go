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
	var times []time.Duration
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
		times = append(times, time.Since(start))
		b.StopTimer()
		lv.waitRefreshed(b)
		b.StartTimer()
	}
	reportTimes(b, times)
}

// reportTimes reports the mean, median and worst of the measured saves in
// milliseconds.
func reportTimes(b *testing.B, times []time.Duration) {
	ms := make([]float64, len(times))
	total := 0.0
	for i, t := range times {
		ms[i] = float64(t.Microseconds()) / 1000
		total += ms[i]
	}
	slices.Sort(ms)
	b.ReportMetric(total/float64(len(ms)), "ms/save")
	b.ReportMetric(ms[len(ms)/2], "median-ms")
	b.ReportMetric(ms[len(ms)-1], "worst-ms")
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
// after live.js replaced the article, or the first contentful paint of the
// new document when the page reloaded instead (counted in "reloads"). A
// reload is told from an update in place by a mark left on the window
// before the save, which a reload wipes: the old document's first paint
// is never taken for the new one's.
func benchSaveToBrowser(b *testing.B, pages int) {
	lv := startLiveServer(b, pages)
	ctx := browsertest.New(b)
	url := lv.url + "/section-000/case-001/"
	browsertest.Do(b, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("article")))
	var times []time.Duration
	reloads := 0
	b.ResetTimer()
	b.StopTimer()
	for i := 0; i < b.N; i++ {
		waitFor(b, ctx, `window.__hbLiveReady === true`)
		marker := fmt.Sprintf("Saved edit number %d.", i)
		text := append(slices.Clone(lv.orig), "\n"+marker+"\n"...)
		mark := strconv.Itoa(i)
		browsertest.Eval[bool](b, ctx, `delete window.__hbLiveUpdated; window.__hbBenchMark = `+mark+`; true`)
		// The times come from the browser's clock, not from how soon the
		// polling below notices.
		saved := float64(time.Now().UnixNano()) / 1e6
		if err := os.WriteFile(lv.page, text, 0o644); err != nil {
			b.Fatal(err)
		}
		updated := `window.__hbBenchMark === ` + mark + ` && window.__hbLiveUpdated > 0`
		reloaded := `window.__hbBenchMark !== ` + mark + ` && performance.getEntriesByName("first-contentful-paint").length > 0`
		waitFor(b, ctx, `document.querySelector("article") && document.querySelector("article").textContent.includes(`+strconv.Quote(marker)+`) && ((`+updated+`) || (`+reloaded+`))`)
		// Updated in place: the frame after the swap; reloaded: the new document's first paint.
		ready := browsertest.Eval[float64](b, ctx, `(`+updated+`) ? window.__hbLiveUpdated : performance.timeOrigin + performance.getEntriesByName("first-contentful-paint")[0].startTime`)
		if browsertest.Eval[bool](b, ctx, reloaded) {
			reloads++
		}
		times = append(times, time.Duration((ready-saved)*1e6))
		lv.waitRefreshed(b)
	}
	reportTimes(b, times)
	b.ReportMetric(float64(reloads), "reloads")
}

func BenchmarkSaveToBrowser1k(b *testing.B)  { benchSaveToBrowser(b, 1000) }
func BenchmarkSaveToBrowser10k(b *testing.B) { benchSaveToBrowser(b, 10000) }
