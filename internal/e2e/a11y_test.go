package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
)

// pageKind is one kind of page the browser quality gates visit.
type pageKind struct {
	name string // names the subtest and the screenshot file
	path string // relative to the site root
	// prepare, when set, brings the loaded page into the state to check.
	prepare func(t *testing.T, ctx context.Context)
	// axeScope is the CSS selector of the part axe-core checks; empty means
	// the whole document.
	axeScope string
	// tall pages are too long for a screenshot of the whole page.
	tall bool
}

// pageKinds holds one page of every kind the handbook has.
var pageKinds = []pageKind{
	{name: "home", path: ""},
	{name: "case-study", path: "experiences/failure-case-studies/"},
	{name: "tabs-tasks", path: "practice/self-assessment/"},
	{name: "code", path: "system-design/l6-design-walkthrough/"},
	{name: "level", path: "levels/l6/"},
	{name: "drill", path: "practice/drill-l6/", prepare: revealDrillAnswer},
	{name: "print", path: "print/l6/", tall: true},
	// The pages under the popovers are checked as case-study already.
	{name: "preview", path: "experiences/failure-case-studies/", prepare: showPreview, axeScope: "#hb-preview"},
	{name: "search", path: "experiences/failure-case-studies/", prepare: openSearchWithResults, axeScope: "[data-hb-search]"},
	{name: "404", path: "404.html"},
}

var themes = []string{"light", "dark"}

// searchQuery is typed into the search box; the handbook has pages on it.
const searchQuery = "bar raiser"

// axeViolation is the part of an axe-core result the report needs.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// runAxe is evaluated after axe.min.js, with the context to check in
// place of %s: it resolves to the violations, reduced to what the report
// prints.
const runAxe = `axe.run(%s, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || "", help: v.help,
	nodes: v.nodes.map(n => ({target: n.target.map(String).join(" "), summary: n.failureSummary || ""}))
})))`

// TestAccessibility runs axe-core over one page of every kind, in the light
// and the dark theme: no violation of impact serious or critical.
func TestAccessibility(t *testing.T) {
	axePath := ciTool(t, "axe-core/axe.min.js")
	axeSource, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	root := handbookSite(t)
	browser := browsertest.New(t)
	for _, theme := range themes {
		for _, kind := range pageKinds {
			t.Run(theme+"/"+kind.name, func(t *testing.T) {
				ctx := newTab(t, browser)
				loadPage(t, ctx, root, kind, theme)
				checkAxe(t, ctx, string(axeSource), kind.axeScope)
			})
		}
	}
}

// TestNavLinkNamesHaveNoDecoration reads the accessibility tree Chromium
// gives screen readers: the arrow drawn after a closed section's link is not
// part of the link's name.
func TestNavLinkNamesHaveNoDecoration(t *testing.T) {
	root := handbookSite(t)
	ctx := newTab(t, browsertest.New(t))
	browsertest.Do(t, ctx, chromedp.Navigate(root+"experiences/failure-case-studies/"))
	if !browsertest.Eval[bool](t, ctx, `!!document.querySelector(".hb-nav__section:not(.is-open) > a")`) {
		t.Fatal("no closed section in the navigation to check")
	}
	names := linkNames(t, ctx, ".hb-nav")
	if len(names) == 0 {
		t.Fatal("no links in the navigation's accessibility tree")
	}
	for _, name := range names {
		if strings.Contains(name, "›") {
			t.Errorf("navigation link named %q", name)
		}
	}
}

// linkNames returns the accessible names of the links under the element
// matching sel, as computed by the browser.
func linkNames(t *testing.T, ctx context.Context, sel string) []string {
	t.Helper()
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(sel)))
	if err != nil || len(nodes) == 0 {
		t.Fatalf("finding %s: %v", sel, err)
	}
	query := func(ctx context.Context, target *chromedp.Target) ([]string, error) {
		res, err := cdp.Call(ctx, target, accessibility.QueryAXTree,
			accessibility.QueryAXTreeParams{BackendNodeID: nodes[0].BackendNodeID, Role: "link"})
		if err != nil {
			return nil, err
		}
		var names []string
		for _, n := range res.Nodes {
			var name string
			if n.Name != nil && json.Unmarshal(n.Name.Value, &name) == nil {
				names = append(names, name)
			}
		}
		return names, nil
	}
	names, err := chromedp.Run(ctx, query)
	if err != nil {
		t.Fatalf("reading the accessibility tree: %v", err)
	}
	return names
}

// checkAxe injects axe-core into the loaded page, runs it over the part
// matching scope (the whole document when empty), and fails on any serious
// or critical violation; lesser ones are logged.
func checkAxe(t *testing.T, ctx context.Context, axeSource, scope string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	axeContext := "document"
	if scope != "" {
		axeContext = fmt.Sprintf("{include: [%q]}", scope)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](fmt.Sprintf(runAxe, axeContext), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	for _, v := range violations {
		report := formatViolation(v)
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(report)
		} else {
			t.Log(report)
		}
	}
}

// maxNodesShown bounds the elements listed per violation: the first few
// locate the problem, and a page can have hundreds of the same one.
const maxNodesShown = 5

func formatViolation(v axeViolation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for i, n := range v.Nodes {
		if i == maxNodesShown {
			fmt.Fprintf(&b, "\n  and %d more", len(v.Nodes)-i)
			break
		}
		fmt.Fprintf(&b, "\n  at %s\n    %s", n.Target, strings.ReplaceAll(n.Summary, "\n", "\n    "))
	}
	return b.String()
}

// newTab opens a fresh tab in the shared browser with its own time budget,
// so a long series of pages is not bounded by one deadline. The tab closes
// when the (sub)test ends.
func newTab(t *testing.T, browser context.Context) context.Context {
	t.Helper()
	budget, cancelBudget := context.WithTimeout(context.WithoutCancel(browser), 60*time.Second)
	tab, cancelTab := chromedp.NewContext(budget)
	t.Cleanup(func() {
		cancelTab()
		cancelBudget()
	})
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return tab
}

// loadPage opens kind's page in theme ("light" or "dark") with every level
// shown, waits for the theme script, then runs kind's preparation.
func loadPage(t *testing.T, ctx context.Context, root string, kind pageKind, theme string) {
	t.Helper()
	url := root + kind.path
	browsertest.Do(t, ctx,
		chromedp.Navigate(url),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`localStorage.setItem("hb-theme", %q); localStorage.removeItem("hb-level")`, theme)),
		chromedp.Reload(),
	)
	waitFor(t, ctx, `document.readyState === "complete"`)
	if got := browsertest.Eval[string](t, ctx, `document.documentElement.getAttribute("data-theme")`); got != theme {
		t.Fatalf("%s: theme is %q, want %q", url, got, theme)
	}
	if kind.prepare != nil {
		kind.prepare(t, ctx)
	}
}

// showPreview focuses the article's first cross-link to another page and
// waits for its preview.
func showPreview(t *testing.T, ctx context.Context) {
	t.Helper()
	browsertest.Eval[bool](t, ctx, `[...document.querySelectorAll(".hb-article a[href]")].find(a => !a.classList.contains("headerlink") && new URL(a.href).pathname !== location.pathname && new URL(a.href).origin === location.origin).focus(); true`)
	waitFor(t, ctx, `!!document.querySelector("#hb-preview:not([hidden]) .hb-preview__title")`)
}

// openSearchWithResults opens search with the "/" key, types the query and
// waits for results.
func openSearchWithResults(t *testing.T, ctx context.Context) {
	t.Helper()
	if !browsertest.Eval[bool](t, ctx, `!!document.querySelector("[data-hb-search] button")`) {
		t.Fatal("no search button in [data-hb-search] after the page's scripts ran")
	}
	browsertest.Do(t, ctx, chromedp.KeyEvent("/"))
	waitFor(t, ctx, `document.activeElement && document.activeElement.matches("[data-hb-search] input")`)
	browsertest.Do(t, ctx, chromedp.KeyEvent(searchQuery))
	waitSearchResults(t, ctx)
}

// waitSearchResults waits until the open search panel lists results, and
// fails with the panel's status text when it does not.
func waitSearchResults(t *testing.T, ctx context.Context) {
	t.Helper()
	const listed = `document.querySelectorAll("[data-hb-search] [role=option]").length > 0`
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](listed)); err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	status := browsertest.Eval[string](t, ctx, `(document.querySelector("[data-hb-search] [role=status]") || {}).textContent || ""`)
	t.Fatalf("no search results for %q; search status: %q", searchQuery, status)
}
