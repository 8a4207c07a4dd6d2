package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"handbook/internal/browsertest"
)

// focusState describes the focused element, as the keyboard walk sees it.
type focusState struct {
	Body    bool   `json:"body"`    // nothing focused
	Seen    bool   `json:"seen"`    // focused before in this walk
	Desc    string `json:"desc"`    // tag, id and classes, for messages
	Visible bool   `json:"visible"` // is on screen and draws an outline or a box-shadow
	Region  string `json:"region"`  // skip, header, search, nav, main, toc or other
	Tab     bool   `json:"tab"`     // a content tab (role=tab)
	Closed  bool   `json:"closed"`  // the <summary> of a closed collapsible block
}

// describeFocus returns the focusState of document.activeElement and marks
// it seen. A visually hidden control (a task-list checkbox) counts as
// showing focus when the indicator drawn for it does.
const describeFocus = `(() => {
	const e = document.activeElement;
	if (!e || e === document.body || e === document.documentElement) return {body: true};
	const seen = e.__hbWalkSeen === true;
	e.__hbWalkSeen = true;
	const drawn = e.matches(".task-list-control > input") && e.nextElementSibling ? e.nextElementSibling : e;
	const cs = getComputedStyle(drawn);
	const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
	const box = drawn.getBoundingClientRect();
	const shown = box.width > 1 && box.height > 1 && drawn.checkVisibility({opacityProperty: true, visibilityProperty: true});
	const region = e.matches(".hb-skip") ? "skip"
		: e.closest("[data-hb-search]") ? "search"
		: e.closest(".hb-nav") ? "nav"
		: e.closest(".hb-header") ? "header"
		: e.closest("main") ? "main"
		: e.closest(".hb-toc") ? "toc" : "other";
	const desc = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
		(e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") +
		" " + JSON.stringify((e.textContent || e.getAttribute("aria-label") || "").trim().slice(0, 40));
	return {seen, desc, visible: shown && (outline || cs.boxShadow !== "none"), region,
		tab: e.getAttribute("role") === "tab", closed: e.tagName === "SUMMARY" && !e.parentElement.open};
})()`

// maxTabStops bounds the walk; the longest page has a few hundred stops.
const maxTabStops = 800

// TestKeyboardOnly walks the failure case studies with real key events only:
// the skip link comes first and moves focus to the content, "/" opens
// search and Escape closes it, and every element Tab reaches shows focus,
// the navigation among them.
func TestKeyboardOnly(t *testing.T) {
	root := handbookSite(t)
	browser := browsertest.New(t)
	ctx := newTab(t, browser)
	page := root + "experiences/failure-case-studies/"
	browsertest.Do(t, ctx, chromedp.Navigate(page))
	waitFor(t, ctx, `document.readyState === "complete"`)

	first := tabToNext(t, ctx)
	if first.Region != "skip" {
		t.Fatalf("the first Tab focused %s, not the skip link", first.Desc)
	}
	pressKey(t, ctx, kb.Enter)
	waitFor(t, ctx, `document.activeElement && document.activeElement.id === "hb-content"`)
	if next := tabToNext(t, ctx); next.Region != "main" {
		t.Errorf("after the skip link, Tab focused %s (in %s), not the content", next.Desc, next.Region)
	}

	checkSearchShortcut(t, ctx)

	browsertest.Do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, `document.readyState === "complete"`)
	stops := walkTabOrder(t, ctx)
	if !anyStop(stops, func(s focusState) bool { return s.Region == "search" }) {
		t.Error("Tab never reaches the search button")
	}
	if !anyStop(stops, func(s focusState) bool { return s.Region == "nav" }) {
		t.Error("Tab never reaches a navigation link")
	}
}

// TestKeyboardContentWidgets reaches the tabs and a collapsible block of the
// self-assessment with Tab, switches tabs with the arrow keys and opens the
// collapsible block with Enter.
func TestKeyboardContentWidgets(t *testing.T) {
	root := handbookSite(t)
	browser := browsertest.New(t)
	ctx := newTab(t, browser)
	browsertest.Do(t, ctx, chromedp.Navigate(root+"practice/self-assessment/"))
	waitFor(t, ctx, `document.readyState === "complete"`)
	if !browsertest.Eval[bool](t, ctx, `!!document.querySelector("main .tabbed-set [role=tab]")`) {
		t.Fatal("the self-assessment has no content tabs with role=tab (tabs markup or script missing)")
	}
	tab := tabUntil(t, ctx, func(s focusState) bool { return s.Tab })
	if !tab.Visible {
		t.Errorf("focused tab %s shows no focus", tab.Desc)
	}
	checkArrowSwitchesTab(t, ctx)

	// Start again from the top: the block may come before the tabs.
	browsertest.Do(t, ctx, chromedp.Reload())
	waitFor(t, ctx, `document.readyState === "complete"`)
	if !browsertest.Eval[bool](t, ctx, `!!document.querySelector("main details:not([open]) > summary")`) {
		t.Fatal("the self-assessment has no closed collapsible block (details > summary)")
	}
	summary := tabUntil(t, ctx, func(s focusState) bool { return s.Closed })
	if !summary.Visible {
		t.Errorf("focused summary %s shows no focus", summary.Desc)
	}
	pressKey(t, ctx, kb.Enter)
	if !browsertest.Eval[bool](t, ctx, `document.activeElement.parentElement.open === true`) {
		t.Error("Enter on a focused <summary> did not open its block")
	}
}

// checkSearchShortcut opens search with "/" and closes it with Escape.
func checkSearchShortcut(t *testing.T, ctx context.Context) {
	t.Helper()
	// The dialog is made when search is first wanted: the button is there from the start.
	if !browsertest.Eval[bool](t, ctx, `!!document.querySelector("[data-hb-search] button.hb-search__open")`) {
		t.Fatal("no search button in [data-hb-search] after the page's scripts ran")
	}
	pressKey(t, ctx, "/")
	waitFor(t, ctx, `document.activeElement && document.activeElement.matches("[data-hb-search] input")`)
	if got := browsertest.Eval[string](t, ctx, `document.activeElement.value`); got != "" {
		t.Errorf("the / that opened search was typed into it: %q", got)
	}
	pressKey(t, ctx, kb.Escape)
	waitFor(t, ctx, `!document.querySelector("[data-hb-search] input").checkVisibility()`)
	if f := focusNow(t, ctx); f.Region != "search" {
		t.Errorf("after Escape, focus is on %s, not back on the search button", f.Desc)
	}
}

// checkArrowSwitchesTab presses ArrowRight on the focused tab: the next
// tab must become selected and focused, and only its panel visible.
func checkArrowSwitchesTab(t *testing.T, ctx context.Context) {
	t.Helper()
	const selectedIndex = `(() => {
		const tabs = Array.from(document.activeElement.closest("[role=tablist]").querySelectorAll("[role=tab]"));
		return tabs.findIndex(l => l.getAttribute("aria-selected") === "true");
	})()`
	before := browsertest.Eval[int](t, ctx, selectedIndex)
	pressKey(t, ctx, kb.ArrowRight)
	after := browsertest.Eval[int](t, ctx, selectedIndex)
	if after == before {
		t.Fatalf("ArrowRight left tab %d selected", before)
	}
	if !browsertest.Eval[bool](t, ctx, `document.activeElement.getAttribute("aria-selected") === "true"`) {
		t.Error("after ArrowRight, focus is not on the selected tab")
	}
	panels := browsertest.Eval[[]bool](t, ctx, `(() => {
		const tab = document.activeElement;
		const set = tab.closest(".tabbed-set");
		return Array.from(set.querySelectorAll(":scope > .tabbed-content > *")).map(p => p.checkVisibility());
	})()`)
	for i, visible := range panels {
		if visible != (i == after) {
			t.Errorf("after selecting tab %d, panel %d visible = %v", after, i, visible)
		}
	}
}

// walkTabOrder presses Tab from the top of the page until focus leaves the
// page or comes back round, checking each stop shows focus.
func walkTabOrder(t *testing.T, ctx context.Context) []focusState {
	t.Helper()
	var stops []focusState
	for range maxTabStops {
		s := tabToNext(t, ctx)
		if s.Body || s.Seen {
			return stops
		}
		if !s.Visible {
			t.Errorf("Tab stop %d, %s (in %s), shows no focus", len(stops)+1, s.Desc, s.Region)
		}
		stops = append(stops, s)
	}
	t.Fatalf("focus did not come round after %d Tab presses", maxTabStops)
	return nil
}

// tabUntil presses Tab until the focused element satisfies want.
func tabUntil(t *testing.T, ctx context.Context, want func(focusState) bool) focusState {
	t.Helper()
	var passed []string
	for range maxTabStops {
		s := tabToNext(t, ctx)
		if want(s) {
			return s
		}
		if s.Body || s.Seen {
			break
		}
		passed = append(passed, s.Desc)
	}
	t.Fatalf("Tab never reached the element; it passed:\n%s", strings.Join(passed, "\n"))
	return focusState{}
}

func tabToNext(t *testing.T, ctx context.Context) focusState {
	t.Helper()
	pressKey(t, ctx, kb.Tab)
	return focusNow(t, ctx)
}

func focusNow(t *testing.T, ctx context.Context) focusState {
	t.Helper()
	return browsertest.Eval[focusState](t, ctx, describeFocus)
}

func anyStop(stops []focusState, match func(focusState) bool) bool {
	for _, s := range stops {
		if match(s) {
			return true
		}
	}
	return false
}

// pressKey sends one key (a kb constant or a character) as real key events.
func pressKey(t *testing.T, ctx context.Context, key string) {
	t.Helper()
	browsertest.Do(t, ctx, chromedp.KeyEvent(key))
}
