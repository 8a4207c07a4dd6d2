package tabs_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handbook/internal/themecfg"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"handbook/internal/browsertest"
)

// tabsPage is two sets with the same labels (to test syncing), a set of 25
// tabs (beyond the CSS :checked rules) and a paragraph between them.
const tabsPage = `=== "Go"
    Go one.

=== "Python"
    Python one.

=== "Rust"
    Rust one.

Between the sets.

=== "Go"
    Go two.

=== "Python"
    Python two.

=== "Rust"
    Rust two.

A paragraph ends the second set.

`

func manyTabs() string {
	var b bytes.Buffer
	for i := 1; i <= 25; i++ {
		b.WriteString("=== \"Tab " + string(rune('A'+i-1)) + "\"\n    Body " + string(rune('A'+i-1)) + ".\n\n")
	}
	return b.String()
}

// servePage renders the markdown with the theme's tab CSS (and the tab
// script unless withJS is false) and serves it on loopback.
func servePage(t *testing.T, withJS bool) string {
	t.Helper()
	var body bytes.Buffer
	if err := newFullMarkdown().Convert([]byte(tabsPage+manyTabs()), &body); err != nil {
		t.Fatal(err)
	}
	css := readTheme(t, "css/21-tabs.css")
	script, js := "", readTheme(t, "js/00-core.js")+"\n"+readTheme(t, "js/20-tabs.js")
	if withJS {
		script = `<script defer src="/tabs.js"></script>`
	}
	page := "<!doctype html><html data-hb-switches=\"" + strings.Join(themecfg.HandbookFeatures, " ") + "\"><head><meta charset=utf-8><title>tabs</title><style>" + css + "</style>" +
		script + "</head><body>" + body.String() + "</body></html>"
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/tabs.js" {
			w.Header().Set("Content-Type", "text/javascript")
			_, _ = w.Write([]byte(js))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page))
	}))
	t.Cleanup(server.Close)
	return server.URL
}

func readTheme(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "theme", "assets", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// visibleBlocks returns the text of the visible tab blocks of set id.
func visibleBlocks(t *testing.T, ctx context.Context, set int) string {
	t.Helper()
	return browsertest.Eval[string](t, ctx, `Array.from(document.querySelectorAll('.tabbed-set[data-tabs^="`+
		string(rune('0'+set))+`:"] > .tabbed-content > .tabbed-block'))
		.filter(b => getComputedStyle(b).display !== 'none').map(b => b.textContent.trim()).join('|')`)
}

func TestTabsWorkWithoutJavaScript(t *testing.T) {
	ctx := browsertest.New(t)
	url := servePage(t, false)
	browsertest.Do(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(".tabbed-set")))
	if got := visibleBlocks(t, ctx, 1); got != "Go one." {
		t.Fatalf("initially visible: %q, want the first tab only", got)
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(`label[for="__tabbed_1_3"]`)))
	if got := visibleBlocks(t, ctx, 1); got != "Rust one." {
		t.Errorf("after clicking Rust: %q", got)
	}
	if got := visibleBlocks(t, ctx, 2); got != "Go two." {
		t.Errorf("the other set changed without JavaScript: %q", got)
	}
}

func TestTabsScriptAddsRolesKeysAndSync(t *testing.T) {
	ctx := browsertest.New(t)
	url := servePage(t, true)
	browsertest.Do(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`.tabbed-labels[role="tablist"]`)))

	roles := browsertest.Eval[string](t, ctx, `[
		document.querySelector('.tabbed-labels').getAttribute('role'),
		document.querySelector('label[for="__tabbed_1_1"]').getAttribute('role'),
		document.querySelector('label[for="__tabbed_1_1"]').getAttribute('aria-selected'),
		document.querySelector('label[for="__tabbed_1_2"]').getAttribute('aria-selected'),
		document.querySelector('#__tabbed_1_1-panel').getAttribute('role'),
		document.querySelector('#__tabbed_1_1-panel').getAttribute('aria-labelledby')].join(',')`)
	if roles != "tablist,tab,true,false,tabpanel,__tabbed_1_1-tab" {
		t.Fatalf("roles and states: %s", roles)
	}

	browsertest.Do(t, ctx, chromedp.Focus(chromedp.CSS(`label[for="__tabbed_1_1"]`)), chromedp.KeyEvent(kb.ArrowRight))
	assertSelected(t, ctx, "Python one.", "Python two.", "__tabbed_1_2-tab")

	browsertest.Do(t, ctx, chromedp.KeyEvent(kb.End))
	assertSelected(t, ctx, "Rust one.", "Rust two.", "__tabbed_1_3-tab")

	browsertest.Do(t, ctx, chromedp.KeyEvent(kb.ArrowRight)) // wraps around
	assertSelected(t, ctx, "Go one.", "Go two.", "__tabbed_1_1-tab")

	browsertest.Do(t, ctx, chromedp.KeyEvent(kb.ArrowLeft), chromedp.KeyEvent(kb.Home))
	assertSelected(t, ctx, "Go one.", "Go two.", "__tabbed_1_1-tab")

	// A click in the second set switches the first one too.
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(`label[for="__tabbed_2_2"]`)))
	assertSelected(t, ctx, "Python one.", "Python two.", "__tabbed_2_2-tab")
}

func assertSelected(t *testing.T, ctx context.Context, first, second, focused string) {
	t.Helper()
	if got := visibleBlocks(t, ctx, 1); got != first {
		t.Errorf("set 1 shows %q, want %q", got, first)
	}
	if got := visibleBlocks(t, ctx, 2); got != second {
		t.Errorf("set 2 shows %q, want %q", got, second)
	}
	// A click moves focus to the label in a task after the click's own
	// default action (which focuses the radio): wait for it.
	var state string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		state = browsertest.Eval[string](t, ctx, `document.activeElement.id + ' ' + document.activeElement.tabIndex + ' ' +
			document.activeElement.getAttribute('aria-selected')`)
		if state == focused+" 0 true" || time.Now().After(deadline) {
			break
		}
	}
	if state != focused+" 0 true" {
		t.Errorf("focused element: %q, want %q selected with tabindex 0", state, focused)
	}
}

func TestTabsBeyondTheCSSRulesWorkWithScript(t *testing.T) {
	ctx := browsertest.New(t)
	url := servePage(t, true)
	browsertest.Do(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(".tabbed-set")))
	// The label is scrolled out of its strip, so click it from the page.
	browsertest.Eval[bool](t, ctx, `document.querySelector('label[for="__tabbed_3_23"]').click(), true`)
	if got := visibleBlocks(t, ctx, 3); got != "Body W." {
		t.Errorf("set 3 shows %q after choosing tab 23", got)
	}
}

func TestTabLabelsScrollOnPhones(t *testing.T) {
	ctx := browsertest.New(t)
	url := servePage(t, true)
	browsertest.Do(t, ctx, chromedp.EmulateViewport(375, 800), chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(".tabbed-set")))
	strip := browsertest.Eval[string](t, ctx, `(() => {
		const s = document.querySelector('.tabbed-set[data-tabs^="3:"] > .tabbed-labels');
		return getComputedStyle(s).overflowX + ' ' + (s.scrollWidth > s.clientWidth); })()`)
	if strip != "auto true" {
		t.Errorf("label strip overflow and overflowing: %q, want it to scroll sideways", strip)
	}
	if browsertest.Eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth`) {
		t.Error("the page itself scrolls sideways on a phone")
	}
}
