package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
)

// TestLevelSwitcher switches to L6 on the failure case studies, checks the
// sidebar and a folded L7 section, reloads, and finds the choice kept.
func TestLevelSwitcher(t *testing.T) {
	root := handbookSite(t)
	ctx := browsertest.New(t)
	page := root + "experiences/failure-case-studies/"
	browsertest.Do(t, ctx,
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS(".hb-level-switch")),
	)
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll(".hb-fold").length`); n != 0 {
		t.Fatalf("%d sections folded before choosing a level", n)
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(`.hb-level-switch button[data-level="L6"]`)))
	if p := browsertest.Eval[string](t, ctx, `document.querySelector('.hb-level-switch button[aria-pressed="true"]').dataset.level`); p != "L6" {
		t.Fatalf("pressed button is %q", p)
	}
	// The L7 case study is folded behind a one-line control; L6 ones are not.
	folded := browsertest.Eval[string](t, ctx, `Array.from(document.querySelectorAll(".hb-fold span")).map(s => s.textContent).join("|")`)
	if folded == "" || !contains(folded, "L7 section: ") {
		t.Fatalf("no folded L7 section: %q", folded)
	}
	if contains(folded, "L6 section") {
		t.Fatalf("an L6 section was folded: %q", folded)
	}
	l7Hidden := browsertest.Eval[bool](t, ctx, `(() => { const h = document.querySelector('h2[data-level="L7"]'); return getComputedStyle(h).display === "none"; })()`)
	if !l7Hidden {
		t.Fatal("the L7 heading is still visible")
	}
	// Show the folded section on demand.
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".hb-fold button")))
	if browsertest.Eval[bool](t, ctx, `getComputedStyle(document.querySelector('h2[data-level="L7"]')).display === "none"`) {
		t.Fatal("show did not unfold the section")
	}
	// Reload: the choice is kept.
	browsertest.Do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(".hb-level-switch")))
	if p := browsertest.Eval[string](t, ctx, `document.querySelector('.hb-level-switch button[aria-pressed="true"]').dataset.level`); p != "L6" {
		t.Fatalf("after reload the level is %q", p)
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll(".hb-fold").length`); n == 0 {
		t.Fatal("after reload nothing is folded")
	}
	// In a branch holding an L7 page, the sidebar hides it.
	browsertest.Do(t, ctx, chromedp.Navigate(root+"behavioral/"), chromedp.WaitVisible(chromedp.CSS(".hb-nav")))
	hiddenL7 := browsertest.Eval[int](t, ctx, `Array.from(document.querySelectorAll('.hb-nav li[data-levels="L7"]')).filter(li => getComputedStyle(li).display === "none").length`)
	visibleL7 := browsertest.Eval[int](t, ctx, `Array.from(document.querySelectorAll('.hb-nav li[data-levels="L7"]')).filter(li => getComputedStyle(li).display !== "none").length`)
	if hiddenL7 == 0 || visibleL7 != 0 {
		t.Fatalf("sidebar: %d L7-only entries hidden, %d visible", hiddenL7, visibleL7)
	}
	// A link can set the level: ?level=L7.
	browsertest.Do(t, ctx, chromedp.Navigate(page+"?level=L7"), chromedp.WaitVisible(chromedp.CSS(".hb-level-switch")))
	if p := browsertest.Eval[string](t, ctx, `localStorage.getItem("hb-level")`); p != "L7" {
		t.Fatalf("?level=L7 stored %q", p)
	}
	folded = browsertest.Eval[string](t, ctx, `Array.from(document.querySelectorAll(".hb-fold span")).map(s => s.textContent).join("|")`)
	if !contains(folded, "L6 section: ") || contains(folded, "L7 section") {
		t.Fatalf("with L7 chosen, folded: %q", folded)
	}
}

func contains(s, sub string) bool { return len(sub) == 0 || indexOf(s, sub) >= 0 }

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
