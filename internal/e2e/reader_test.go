package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"handbook/internal/browsertest"
)

// open loads path under root in a clean state (no level, no progress) and
// waits for the page's scripts.
func open(t *testing.T, ctx context.Context, root, path string) {
	t.Helper()
	browsertest.Do(t, ctx, chromedp.Navigate(root+path))
	browsertest.Eval[bool](t, ctx, `localStorage.clear(); true`)
	browsertest.Do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, `document.readyState === "complete"`)
}

// TestLinkPreviewOnFocus focuses a cross-link in an article: a popover
// shows the target's title and first paragraph, the link is described by
// it, nothing on the page moves, and Esc closes it. A footnote reference
// shows its note.
func TestLinkPreviewOnFocus(t *testing.T) {
	root := handbookSite(t)
	atEachSize(t, func(t *testing.T, ctx context.Context) {
		open(t, ctx, root, "experiences/failure-case-studies/")
		link := `[...document.querySelectorAll(".hb-article a[href]")].find(a => !a.classList.contains("headerlink") && new URL(a.href).pathname !== location.pathname && new URL(a.href).pathname.startsWith("/handbook/"))`
		if !browsertest.Eval[bool](t, ctx, `!!`+link) {
			t.Fatal("no cross-link in the article")
		}
		before := browsertest.Eval[string](t, ctx, `JSON.stringify([document.documentElement.scrollHeight, document.querySelector(".hb-article").getBoundingClientRect().height])`)
		browsertest.Eval[bool](t, ctx, `window.__hbLink = `+link+`; __hbLink.focus(); true`)
		waitFor(t, ctx, `!!document.querySelector("#hb-preview:not([hidden]) .hb-preview__title")`)
		title := browsertest.Eval[string](t, ctx, `document.querySelector("#hb-preview .hb-preview__title").textContent`)
		want, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(__hbLink.href).then(r => r.text()).then(t => new DOMParser().parseFromString(t, "text/html")).then(d => {
			const id = decodeURIComponent(new URL(__hbLink.href).hash.slice(1));
			const h = (id && d.getElementById(id)) || d.querySelector(".hb-article h1");
			return h.textContent.replace(/¶\s*$/, "").trim();
		})`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		if title != want {
			t.Errorf("preview title %q, want the target's heading %q", title, want)
		}
		if got := browsertest.Eval[string](t, ctx, `__hbLink.getAttribute("aria-describedby")`); got != "hb-preview" {
			t.Errorf("the focused link is described by %q", got)
		}
		if after := browsertest.Eval[string](t, ctx, `JSON.stringify([document.documentElement.scrollHeight, document.querySelector(".hb-article").getBoundingClientRect().height])`); after != before {
			t.Errorf("the page moved: %s before the preview, %s with it", before, after)
		}
		browsertest.Do(t, ctx, chromedp.KeyEvent(kb.Escape))
		waitFor(t, ctx, `document.querySelector("#hb-preview").hidden`)

		open(t, ctx, root, "getting-started/l6-vs-l7/")
		browsertest.Eval[bool](t, ctx, `document.querySelector("a.footnote-ref").focus(); true`)
		waitFor(t, ctx, `!!document.querySelector("#hb-preview:not([hidden]) .hb-preview__note")`)
		note := browsertest.Eval[string](t, ctx, `document.querySelector("#hb-preview").textContent.trim()`)
		wantNote := browsertest.Eval[string](t, ctx, `(() => { const li = document.getElementById(decodeURIComponent(new URL(document.querySelector("a.footnote-ref").href).hash.slice(1))).cloneNode(true); li.querySelectorAll(".footnote-backref").forEach(x => x.remove()); return li.textContent.trim(); })()`)
		if note == "" || note != wantNote {
			t.Errorf("footnote tooltip %q, want %q", note, wantNote)
		}
	})
}

// TestProgressSurvivesReload ticks a task-list item and marks the page as
// studied, reloads, and finds both kept; the level page counts the page.
func TestProgressSurvivesReload(t *testing.T) {
	root := handbookSite(t)
	atEachSize(t, func(t *testing.T, ctx context.Context) {
		open(t, ctx, root, "levels/l6/")
		target := browsertest.Eval[string](t, ctx, `document.querySelector(".hb-level-list > li > a").getAttribute("href")`)
		total := browsertest.Eval[int](t, ctx, `new Set([...document.querySelectorAll(".hb-level-list > li > a")].map(a => a.href)).size`)
		if got := browsertest.Eval[string](t, ctx, `document.querySelector(".hb-progress-summary span").textContent`); got != "0 of "+itoa(total)+" L6 pages studied" {
			t.Errorf("level page progress %q before studying, want 0 of %d", got, total)
		}

		open(t, ctx, root, "practice/self-assessment/")
		if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll(".hb-article .task-list-item input:disabled").length`); n != 0 {
			t.Fatalf("%d task-list checkboxes still disabled", n)
		}
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".hb-article .task-list-item:nth-of-type(2) .task-list-indicator")))
		browsertest.Do(t, ctx, chromedp.Reload())
		waitFor(t, ctx, `document.readyState === "complete"`)
		got := browsertest.Eval[string](t, ctx, `[...document.querySelectorAll(".hb-article .task-list-item input")].slice(0, 3).map(i => i.checked ? "x" : "-").join("")`)
		if got != "-x-" {
			t.Errorf("after reload the first three items are %q, want -x-", got)
		}

		browsertest.Do(t, ctx, chromedp.Navigate(root+"levels/l6/"+target))
		waitFor(t, ctx, `document.readyState === "complete" && !!document.querySelector(".hb-studied")`)
		browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".hb-studied")))
		browsertest.Do(t, ctx, chromedp.Reload())
		waitFor(t, ctx, `document.readyState === "complete" && !!document.querySelector(".hb-studied")`)
		if got := browsertest.Eval[string](t, ctx, `document.querySelector(".hb-studied").getAttribute("aria-pressed")`); got != "true" {
			t.Errorf("Mark as studied after reload: aria-pressed %q", got)
		}
		browsertest.Do(t, ctx, chromedp.Navigate(root+"levels/l6/"))
		waitFor(t, ctx, `document.readyState === "complete"`)
		if got := browsertest.Eval[string](t, ctx, `document.querySelector(".hb-progress-summary span").textContent`); got != "1 of "+itoa(total)+" L6 pages studied" {
			t.Errorf("level page progress %q, want 1 of %d", got, total)
		}
		if got := browsertest.Eval[string](t, ctx, `document.querySelector('.hb-nav a[aria-current="page"] .hb-nav__count')?.textContent || ""`); got != " 1/"+itoa(total) {
			t.Errorf("the nav's L6 entry counts %q, want 1/%d", got, total)
		}
		// Import replaces the progress with a file's.
		browsertest.Eval[bool](t, ctx, `(() => {
			const input = document.querySelector(".hb-progress-panel input[type=file]");
			const dt = new DataTransfer();
			const keys = [...new Set([...document.querySelectorAll(".hb-level-list > li > a")].map(a => decodeURIComponent(new URL(a.href).pathname.slice(HB.root().pathname.length))))];
			const pages = {};
			keys.slice(0, 2).forEach(k => { pages[k] = {studied: true}; });
			dt.items.add(new File([JSON.stringify({version: 1, pages})], "progress.json", {type: "application/json"}));
			input.files = dt.files;
			input.dispatchEvent(new Event("change", {bubbles: true}));
			return true;
		})()`)
		waitFor(t, ctx, `document.querySelector(".hb-progress-summary span").textContent.startsWith("2 of")`)
		// Reset forgets everything.
		browsertest.Eval[bool](t, ctx, `window.confirm = () => true; document.querySelector('.hb-progress-panel [data-act="reset"]').click(); true`)
		waitFor(t, ctx, `document.querySelector(".hb-progress-summary span").textContent.startsWith("0 of")`)
	})
}

// TestLevelsAgreeEverywhere chooses L6 on the failure case studies: every
// entry left in the table of contents leads to a visible section, and
// the hidden ones are exactly the folded sections. With L7 chosen, the
// self-assessment's L6/L7 tab sets show L7.
func TestLevelsAgreeEverywhere(t *testing.T) {
	root := handbookSite(t)
	ctx := newTab(t, browsertest.New(t))
	open(t, ctx, root, "experiences/failure-case-studies/")
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(`.hb-level-switch button[data-level="L6"]`)))
	bad := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll(".hb-toc li")].filter(li => {
		const target = document.getElementById(decodeURIComponent(li.querySelector("a").getAttribute("href").slice(1)));
		const shown = getComputedStyle(li).display !== "none";
		return shown === (!target || target.hasAttribute("data-hb-folded"));
	}).map(li => li.textContent)`)
	if len(bad) > 0 {
		t.Errorf("table of contents entries that disagree with the folded sections: %q", bad)
	}
	if n := browsertest.Eval[int](t, ctx, `[...document.querySelectorAll(".hb-toc li")].filter(li => getComputedStyle(li).display === "none").length`); n == 0 {
		t.Error("no entry left the table of contents with L6 chosen")
	}
	open(t, ctx, root, "practice/self-assessment/")
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(`.hb-level-switch button[data-level="L7"]`)))
	labels := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll(".tabbed-set")].filter(s => [...s.querySelectorAll(".tabbed-labels > label")].some(l => /\bL7\b/.test(l.textContent))).map(s => s.querySelector('.tabbed-labels > [aria-selected="true"]').textContent.trim())`)
	if len(labels) == 0 {
		t.Fatal("no tab set with an L7 tab")
	}
	for _, l := range labels {
		if !strings.Contains(l, "L7") {
			t.Errorf("with L7 chosen a tab set shows %q", l)
		}
	}
	// Deeper entries of the table of contents are indented deeper.
	open(t, ctx, root, "experiences/failure-case-studies/")
	indents := browsertest.Eval[[]float64](t, ctx, `[2, 3, 4].map(r => { const a = document.querySelector(".hb-toc__item--h" + r + " a"); return a ? parseFloat(getComputedStyle(a).paddingLeft) : -1; })`)
	if indents[2] >= 0 && !(indents[0] < indents[1] && indents[1] < indents[2]) {
		t.Errorf("table of contents indents by rank h2, h3, h4: %v", indents)
	}
}

// TestPhoneDrawer opens the drawer at phone size: it spans the screen's
// height and holds the nav and the page's table of contents; touch
// targets in it are at least 44 px high; the header shows the site
// title's first words.
func TestPhoneDrawer(t *testing.T) {
	root := handbookSite(t)
	ctx := newTab(t, browsertest.New(t))
	browsertest.Do(t, ctx, emulate(readerSizes[1]))
	open(t, ctx, root, "experiences/failure-case-studies/")
	title := browsertest.Eval[string](t, ctx, `(() => { const e = document.querySelector(".hb-site-title"); return e.scrollHeight <= e.clientHeight + 1 && e.scrollWidth <= e.clientWidth + 1 ? "whole" : "cut"; })()`)
	if title != "whole" {
		t.Errorf("the site title is cut in the phone header")
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".hb-drawer-toggle")))
	waitFor(t, ctx, `document.body.classList.contains("hb-drawer-open") && !!document.querySelector(".hb-sidebar .hb-drawer-toc a")`)
	got := browsertest.Eval[string](t, ctx, `(() => {
		const r = document.querySelector(".hb-sidebar").getBoundingClientRect();
		const header = document.querySelector(".hb-header").getBoundingClientRect().bottom;
		return Math.round(r.bottom - header) + "/" + Math.round(innerHeight - header);
	})()`)
	if parts := strings.Split(got, "/"); parts[0] != parts[1] {
		t.Errorf("drawer height %s of the screen below the header", got)
	}
	small := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll(".hb-sidebar a, .hb-header button")].filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 44).map(e => e.textContent.trim() || e.getAttribute("aria-label"))`)
	if len(small) > 0 {
		t.Errorf("touch targets under 44 px: %q", small)
	}
	time.Sleep(400 * time.Millisecond) // the drawer slides in
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".hb-drawer-toc li:nth-child(2) a")))
	waitFor(t, ctx, `!document.body.classList.contains("hb-drawer-open") && location.hash !== ""`)
}

func itoa(n int) string { return strconv.Itoa(n) }
