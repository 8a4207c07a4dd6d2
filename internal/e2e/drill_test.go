package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// drillSite builds the drill fixture (internal/build/testdata/sites/
// drill.txtar: a bank of four questions, three of them for L6, and an L6
// drill page) and returns the folder of the built site.
func drillSite(t *testing.T) string {
	t.Helper()
	src := sitetest.WriteFixture(t, "../build/testdata/sites/drill.txtar")
	res := build.Run(build.Options{Source: src})
	if !res.OK() {
		t.Fatalf("building the drill fixture: %v", res.Diags)
	}
	out := filepath.Join(t.TempDir(), "public")
	sitetest.WriteFiles(t, out, res.Files)
	return out
}

// drillQuestions are the fixture's L6 questions.
var drillQuestions = []string{"dr-1", "own-1", "own-3"}

// evalT evaluates expr in the page and returns its value.
func evalT[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	return browsertest.Eval[T](t, ctx, expr)
}

// awaitT evaluates expr, a promise, and returns what it resolves to.
func awaitT[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %q: %v", expr, err)
	}
	return v
}

// current is the id of the question on stage, "" when none.
const current = `((document.querySelector(".hb-drill__stage .hb-drill__card") || {dataset: {}}).dataset.id || "")`

func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// TestDrillInBrowser drives the drill page in Chromium over loopback: a
// random L6 question with its rubric hidden, the rubric on demand, the
// timer, "got it" and "review again" kept across a reload, the filters,
// rebased links and ids that do not clash; and not one request leaves
// the server.
func TestDrillInBrowser(t *testing.T) {
	dir := drillSite(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	ctx := browsertest.New(t)

	var mu sync.Mutex
	var requests []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requests = append(requests, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, func(ctx context.Context, target *chromedp.Target) (struct{}, error) {
		_, err := cdp.Call(ctx, target, network.Enable, network.EnableParams{})
		return struct{}{}, err
	}); err != nil {
		t.Fatal(err)
	}

	page := srv.URL + "/drill/"
	browsertest.Do(t, ctx, chromedp.Navigate(page))
	waitFor(t, ctx, `!!document.querySelector(".hb-drill.is-ready")`)

	deck := evalT[[]string](t, ctx, `Array.from(document.querySelector("template.hb-drill__deck").content.querySelectorAll(".hb-drill__card")).map(c => c.dataset.id).sort()`)
	if strings.Join(deck, " ") != strings.Join(drillQuestions, " ") {
		t.Fatalf("deck %v, want the L6 questions %v", deck, drillQuestions)
	}
	first := evalT[string](t, ctx, current)
	if !contains(strings.Join(drillQuestions, " "), first) || first == "" {
		t.Fatalf("first question %q", first)
	}
	if h := evalT[string](t, ctx, `location.hash`); h != "#q="+first {
		t.Errorf("hash %q, want #q=%s", h, first)
	}

	// A question chosen by link; its rubric is hidden, the model answer is not.
	browsertest.Do(t, ctx, chromedp.Navigate(page+"#q=own-3"))
	waitFor(t, ctx, current+` === "own-3"`)
	visible := func(text string) bool {
		return evalT[bool](t, ctx, `(() => { const w = document.createTreeWalker(document.querySelector(".hb-drill__stage"), NodeFilter.SHOW_TEXT);
			while (w.nextNode()) if (w.currentNode.textContent.includes("`+text+`")) return w.currentNode.parentElement.getClientRects().length > 0;
			return false; })()`)
	}
	if visible("OWN3RUBRIC") {
		t.Error("the rubric shows before it is asked for")
	}
	if !evalT[bool](t, ctx, `document.querySelector(".hb-drill__stage").textContent.includes("OWN3MODEL")`) {
		t.Error("the block not titled Rubric left the question")
	}
	click(t, ctx, "[data-drill-reveal]")
	if !visible("OWN3RUBRIC") {
		t.Error("the rubric does not show after Show rubric")
	}
	if got := evalT[string](t, ctx, `document.querySelector("[data-drill-reveal]").getAttribute("aria-expanded")`); got != "true" {
		t.Errorf("reveal button aria-expanded=%q", got)
	}

	// Ids stay unique in the document and the card's tabs still work.
	if dups := evalT[[]string](t, ctx, `(() => { const seen = {}, d = []; document.querySelectorAll("[id]").forEach(e => { if (seen[e.id]) d.push(e.id); seen[e.id] = 1; }); return d; })()`); len(dups) > 0 {
		t.Errorf("duplicate ids: %v", dups)
	}
	click(t, ctx, ".hb-drill__stage .tabbed-labels label:nth-child(2)")
	if !visible("SEVENTAB") {
		t.Error("the card's second tab does not open")
	}

	// The timer counts down, and stops while paused.
	seconds := func() int {
		s := evalT[string](t, ctx, `document.querySelector(".hb-drill__time").textContent`)
		var m, sec int
		if _, err := fmt.Sscanf(strings.TrimSpace(s), "%d:%d", &m, &sec); err != nil {
			t.Fatalf("timer shows %q", s)
		}
		return m*60 + sec
	}
	start := seconds()
	if start > 60 || start < 50 {
		t.Errorf("timer starts at %ds, want about 60", start)
	}
	time.Sleep(2100 * time.Millisecond)
	running := seconds()
	if running > start-2 {
		t.Errorf("timer went from %d to %d in 2.1 s", start, running)
	}
	click(t, ctx, "[data-drill-pause]")
	paused := seconds()
	time.Sleep(1500 * time.Millisecond)
	if seconds() != paused {
		t.Error("the paused timer kept counting")
	}

	// Links from the bank are rebased and lead somewhere real.
	rel := evalT[string](t, ctx, `document.querySelector("template.hb-drill__deck").content.querySelector('[data-id="own-1"] a[href*="other"]').getAttribute("href")`)
	if rel != "../other/#target" {
		t.Errorf("the link to other.md#target reads %q from the drill", rel)
	}
	if st := awaitT[int](t, ctx, `fetch(new URL(`+quote(rel)+`, location.href)).then(r => r.status)`); st != 200 {
		t.Errorf("the rebased link answers %d", st)
	}
	target := evalT[string](t, ctx, `document.querySelector(".hb-drill__source a").href`)
	if target != srv.URL+"/bank/#own-3" {
		t.Errorf("source link %q", target)
	}

	// Got it, for every question: then nothing is left to practise.
	key := evalT[string](t, ctx, `"hb-drill:" + location.pathname`)
	for i := 0; i < len(drillQuestions); i++ {
		waitFor(t, ctx, current+` !== ""`)
		id := evalT[string](t, ctx, current)
		click(t, ctx, `[data-drill-mark="got"]`)
		if s := evalT[string](t, ctx, `JSON.parse(localStorage.getItem(`+quote(key)+`))[`+quote(id)+`].s`); s != "got" {
			t.Fatalf("after Got it on %s the store says %q", id, s)
		}
		if i < len(drillQuestions)-1 {
			if next := evalT[string](t, ctx, current); next == id || next == "" {
				t.Fatalf("after Got it on %s the drill shows %q", id, next)
			}
		}
	}
	waitFor(t, ctx, `!!document.querySelector(".hb-drill__empty")`)
	if !evalT[bool](t, ctx, `document.querySelector('[data-drill-mark="got"]').disabled`) {
		t.Error("Got it is enabled with no question on stage")
	}

	// A reload keeps the progress.
	browsertest.Do(t, ctx, chromedp.Navigate(page))
	waitFor(t, ctx, `!!document.querySelector(".hb-drill.is-ready")`)
	if s := evalT[string](t, ctx, `document.querySelector(".hb-drill__progress").textContent`); !strings.HasPrefix(s, "3 of 3 got it") {
		t.Errorf("after a reload the progress reads %q", s)
	}
	// "all" brings the questions back; Review again puts one in the review filter.
	browsertest.Do(t, ctx, chromedp.SetValue(chromedp.CSS("[data-drill-filter]"), "all"))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("[data-drill-filter]").dispatchEvent(new Event("change"))`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, current+` !== ""`)
	again := evalT[string](t, ctx, current)
	click(t, ctx, `[data-drill-mark="review"]`)
	browsertest.Do(t, ctx, chromedp.SetValue(chromedp.CSS("[data-drill-filter]"), "review"))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("[data-drill-filter]").dispatchEvent(new Event("change"))`)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ { // the only question to review comes up every time
		if got := evalT[string](t, ctx, current); got != again {
			t.Fatalf("review filter shows %q, want %q", got, again)
		}
		click(t, ctx, "[data-drill-next]")
	}
	click(t, ctx, "[data-drill-reset]")
	if s := evalT[string](t, ctx, `document.querySelector(".hb-drill__progress").textContent`); !strings.Contains(s, "0 of 3 got it") {
		t.Errorf("after a reset the progress reads %q", s)
	}

	mu.Lock()
	defer mu.Unlock()
	var outside []string
	for _, u := range requests {
		if !strings.HasPrefix(u, srv.URL) && !strings.HasPrefix(u, "data:") {
			outside = append(outside, u)
		}
	}
	sort.Strings(outside)
	if len(outside) > 0 {
		t.Errorf("requests leaving the site: %v", outside)
	}
	if len(requests) == 0 {
		t.Error("no request seen: the listener is not working")
	}
}

// TestDrillWorksOffline opens the built drill from disk (file://) with the
// browser's network switched off: the questions, the rubric, the timer
// and the stored progress all work without a server or a network.
func TestDrillWorksOffline(t *testing.T) {
	dir := drillSite(t)
	ctx := browsertest.New(t)
	if _, err := chromedp.Run(ctx, func(ctx context.Context, target *chromedp.Target) (struct{}, error) {
		if _, err := cdp.Call(ctx, target, network.Enable, network.EnableParams{}); err != nil {
			return struct{}{}, err
		}
		if _, err := cdp.Call(ctx, target, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
		}); err != nil {
			return struct{}{}, err
		}
		_, err := cdp.Call(ctx, target, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
		return struct{}{}, err
	}); err != nil {
		t.Fatal(err)
	}
	page := "file://" + filepath.ToSlash(filepath.Join(dir, "drill", "index.html"))
	browsertest.Do(t, ctx, chromedp.Navigate(page))
	if evalT[bool](t, ctx, `navigator.onLine`) {
		t.Fatal("the browser still reports being online")
	}
	// The network is really off: a request to a loopback server fails.
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	if awaitT[bool](t, ctx, `(async () => { try { await fetch(`+quote(srv.URL+"/")+`); return true; } catch (e) { return false; } })()`) {
		t.Fatal("a fetch went through with the network off")
	}
	waitFor(t, ctx, `!!document.querySelector(".hb-drill.is-ready")`)
	first := evalT[string](t, ctx, current)
	if first == "" {
		t.Fatal("no question on stage offline")
	}
	if !evalT[bool](t, ctx, `getComputedStyle(document.querySelector(".hb-drill__stage")).display !== "none"`) {
		t.Error("the drill's stylesheet did not load from disk")
	}
	click(t, ctx, "[data-drill-reveal]")
	if evalT[bool](t, ctx, `document.querySelector(".hb-drill__stage .hb-drill__answer").hidden`) {
		t.Error("the rubric does not show offline")
	}
	click(t, ctx, `[data-drill-mark="got"]`)
	// The reload comes once the mark is in (it lands with the click's
	// event, which the reload could otherwise overtake).
	waitFor(t, ctx, `document.querySelector(".hb-drill__progress").textContent.startsWith("1 of 3 got it")`)
	browsertest.Do(t, ctx, chromedp.Navigate(page))
	waitFor(t, ctx, `!!document.querySelector(".hb-drill.is-ready")`)
	if s := evalT[string](t, ctx, `document.querySelector(".hb-drill__progress").textContent`); !strings.HasPrefix(s, "1 of 3 got it") {
		t.Errorf("offline, after a reload the progress reads %q", s)
	}
}

// TestDrillKeepsMarksOfOtherTabs opens the drill in two tabs of one
// browser: a question marked in each is kept (the second tab's save does
// not write over the first's mark, which it never read), and each tab's
// progress shows both marks.
func TestDrillKeepsMarksOfOtherTabs(t *testing.T) {
	dir := drillSite(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	first := browsertest.New(t)
	second, cancel := chromedp.NewContext(first) // another tab of the same browser
	t.Cleanup(cancel)
	page := srv.URL + "/drill/"
	open := func(ctx context.Context, id string) {
		browsertest.Do(t, ctx, chromedp.Navigate(page+"#q="+id))
		waitFor(t, ctx, `!!document.querySelector(".hb-drill.is-ready") && `+current+` === `+quote(id))
	}
	open(first, "dr-1")
	open(second, "own-1") // both tabs have read the progress: nothing marked
	click(t, first, `[data-drill-mark="got"]`)
	waitFor(t, first, `document.querySelector(".hb-drill__progress").textContent.startsWith("1 of 3 got it")`)
	click(t, second, `[data-drill-mark="got"]`)
	stored := func(ctx context.Context) string {
		return evalT[string](t, ctx, `(() => { const p = JSON.parse(localStorage.getItem("hb-drill:" + location.pathname) || "{}");
			return Object.keys(p).filter(k => p[k].s === "got").sort().join(" "); })()`)
	}
	if got := stored(second); got != "dr-1 own-1" {
		t.Errorf("after a mark in each tab the store holds %q got, want dr-1 own-1", got)
	}
	for _, ctx := range []context.Context{first, second} {
		waitFor(t, ctx, `document.querySelector(".hb-drill__progress").textContent.startsWith("2 of 3 got it")`)
	}
}

func quote(s string) string { return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'" }

// revealDrillAnswer waits for the drill and opens the current question's
// rubric, so the quality gates see the whole card.
func revealDrillAnswer(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, `!!document.querySelector(".hb-drill.is-ready") && !!document.querySelector(".hb-drill__stage .hb-drill__card")`)
	click(t, ctx, "[data-drill-reveal]")
}
