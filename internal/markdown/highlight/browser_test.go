package highlight

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"handbook/internal/themecfg"

	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
)

var themeDir = filepath.Join("..", "..", "..", "theme")

// testVariables stand in for the lead's theme variables.
const testVariables = `:root{--hb-fg:#1f2328;--hb-bg:#fff;--hb-bg-soft:#f6f8fa;--hb-muted:#59636e;
--hb-border:#d1d9e0;--hb-accent:#0969da;--hb-accent-fg:#fff;--hb-code-bg:#f6f8fa;--hb-code-fg:#1f2328;
--hb-radius:6px;--hb-font:sans-serif;--hb-mono:monospace}
body{margin:0;padding:0 1rem;font-family:var(--hb-font);background:var(--hb-bg);color:var(--hb-fg)}`

// codeMarkdown is a page of code blocks; diagramMarkdown adds a diagram.
const codeMarkdown = "# Code\n\n" +
	"```python title=\"score.py\" linenums=\"1\" hl_lines=\"2\"\n" +
	"def score(x):\n    return x * 2  # a comment long enough to need horizontal scrolling on a phone screen, really\n```\n\n" +
	"```\nplain <text> & more\n```\n"

const diagramMarkdown = codeMarkdown + "\n```mermaid\ngraph TD\n  Start --> Stop\n```\n"

const mathHTML = `<p>Inline <span class="arithmatex">\(a^2 + b^2 = c^2\)</span></p>
<div class="arithmatex">\[E = mc^2\]</div>
<p>Script form <span class="arithmatex"><span class="MathJax_Preview">x^2</span><script type="math/tex">x^2</script></span></p>
<div class="arithmatex"><div class="MathJax_Preview">y</div><script type="math/tex; mode=display">y</script></div>`

// site serves a page under /repo/, like a site published on a sub-path, and
// records every path the browser requested.
type site struct {
	*httptest.Server
	mu        sync.Mutex
	requested []string
}

func (s *site) paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requested...)
}

func concat(t *testing.T, files ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(themeDir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
		b.WriteString("\n")
	}
	return b.Bytes()
}

func pageHTML(body string) string {
	return `<!doctype html><html lang="en" data-hb-switches="` + strings.Join(themecfg.HandbookFeatures, " ") + `"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="hb-root" content="../">
<link rel="stylesheet" href="../assets/site.css"><script defer src="../assets/site.js"></script>
<title>t</title></head><body><main>` + body + `</main></body></html>`
}

func newSite(t *testing.T) *site {
	t.Helper()
	css := append([]byte(testVariables), concat(t, "assets/css/40-code.css", "assets/css/41-chroma.css")...)
	js := concat(t, "assets/js/00-core.js", "assets/js/40-code.js", "assets/js/41-diagrams.js")
	code := convert(t, New(Options{}), codeMarkdown)
	diagrams := convert(t, New(Options{}), diagramMarkdown)

	s := &site{}
	mux := http.NewServeMux()
	serve := func(path, contentType string, body []byte) {
		mux.HandleFunc(path, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.Write(body)
		})
	}
	serve("/repo/assets/site.css", "text/css", css)
	serve("/repo/assets/site.js", "text/javascript", js)
	serve("/repo/code/", "text/html", []byte(pageHTML(code)))
	serve("/repo/diagrams/", "text/html", []byte(pageHTML(diagrams+mathHTML)))
	mux.Handle("/repo/vendor/", http.StripPrefix("/repo/vendor/", http.FileServer(http.Dir(filepath.Join(themeDir, "vendor")))))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requested = append(s.requested, r.URL.Path)
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func waitFor(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", expr, err)
	}
}

func TestBrowserCopyButton(t *testing.T) {
	ctx := browsertest.New(t)
	s := newSite(t)
	browsertest.Do(t, ctx, chromedp.Navigate(s.URL+"/repo/diagrams/"))
	waitFor(t, ctx, `document.querySelectorAll("button.hb-copy").length >= 2`)

	labels := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll("button.hb-copy")].map(b => b.getAttribute("aria-label"))`)
	if len(labels) != 2 || labels[0] != "Copy code" || labels[1] != "Copy code" {
		t.Fatalf("copy buttons: %v, want two labelled \"Copy code\" (none on the mermaid block)", labels)
	}

	// Capture what the clipboard API receives.
	browsertest.Eval[bool](t, ctx, `(() => {
		window.__copied = null;
		Object.defineProperty(navigator, "clipboard", {configurable: true, value: {
			writeText: text => { window.__copied = text; return Promise.resolve(); }}});
		return true; })()`)
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("div.highlight button.hb-copy")))
	waitFor(t, ctx, `window.__copied !== null`)
	want := "def score(x):\n    return x * 2  # a comment long enough to need horizontal scrolling on a phone screen, really"
	if got := browsertest.Eval[string](t, ctx, `window.__copied`); got != want {
		t.Fatalf("copied %q, want %q (no line numbers)", got, want)
	}
	waitFor(t, ctx, `document.querySelector("div.highlight button.hb-copy").textContent === "Copied"`)
	waitFor(t, ctx, `[...document.querySelectorAll("[aria-live=polite]")].some(e => e.textContent === "Copied to clipboard")`)
}

func TestBrowserCopyFallbackWithoutClipboardAPI(t *testing.T) {
	ctx := browsertest.New(t)
	s := newSite(t)
	browsertest.Do(t, ctx, chromedp.Navigate(s.URL+"/repo/code/"))
	waitFor(t, ctx, `document.querySelectorAll(".hb-codeblock button.hb-copy").length === 1`)
	browsertest.Eval[bool](t, ctx, `(() => {
		window.__copied = null;
		Object.defineProperty(navigator, "clipboard", {configurable: true, value: undefined});
		document.addEventListener("copy", () => {
			const a = document.activeElement;
			window.__copied = a.value.slice(a.selectionStart, a.selectionEnd);
		});
		return true; })()`)
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS(".hb-codeblock button.hb-copy")))
	waitFor(t, ctx, `window.__copied !== null`)
	if got := browsertest.Eval[string](t, ctx, `window.__copied`); got != "plain <text> & more" {
		t.Fatalf("fallback copied %q", got)
	}
}

func TestBrowserLineNumbersAreNotSelected(t *testing.T) {
	ctx := browsertest.New(t)
	s := newSite(t)
	browsertest.Do(t, ctx, chromedp.Navigate(s.URL+"/repo/code/"))
	waitFor(t, ctx, `document.readyState === "complete"`)
	got := browsertest.Eval[string](t, ctx, `(() => {
		const range = document.createRange();
		range.selectNodeContents(document.querySelector("div.highlight code"));
		getSelection().removeAllRanges();
		getSelection().addRange(range);
		return getSelection().toString(); })()`)
	if strings.Contains(got, "1") || !strings.HasPrefix(got, "def score") {
		t.Fatalf("selection includes line numbers: %q", got)
	}
	shown := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector(".linenos"), "::before").content`)
	if shown != `"1 "` {
		t.Fatalf("line number not displayed: content=%s", shown)
	}
}

func TestBrowserMermaidRendersAndFollowsTheme(t *testing.T) {
	ctx := browsertest.New(t)
	s := newSite(t)
	browsertest.Do(t, ctx, chromedp.Navigate(s.URL+"/repo/diagrams/"))
	waitFor(t, ctx, `!!document.querySelector(".hb-mermaid svg") && !document.querySelector("pre.mermaid")`)
	light := browsertest.Eval[string](t, ctx, `document.querySelector(".hb-mermaid svg").outerHTML`)
	if !strings.Contains(light, "Start") {
		t.Fatalf("diagram lacks its node label:\n%.300s", light)
	}
	browsertest.Eval[bool](t, ctx, `document.documentElement.setAttribute("data-theme", "dark") || true`)
	waitFor(t, ctx, `document.querySelector(".hb-mermaid svg").outerHTML !== `+jsString(light))
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll(".hb-mermaid").length`); n != 1 {
		t.Fatalf("re-rendering left %d diagrams, want 1", n)
	}
	// Both of arithmatex's forms: generic delimiters, and MathJax's script
	// tags (the preview replaced, display math in display mode).
	waitFor(t, ctx, `document.querySelectorAll(".arithmatex .katex").length === 4`)
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll(".arithmatex script, .MathJax_Preview").length + document.querySelectorAll(".katex-display").length`); n != 2 {
		t.Fatalf("script form: %d scripts, previews and display blocks, want the two display blocks only", n)
	}
	assertSameOrigin(t, ctx, s)
}

func TestBrowserNoVendorLoadsWithoutDiagramsOrMath(t *testing.T) {
	ctx := browsertest.New(t)
	s := newSite(t)
	browsertest.Do(t, ctx, chromedp.Navigate(s.URL+"/repo/code/"))
	waitFor(t, ctx, `document.querySelectorAll("button.hb-copy").length === 2`)
	browsertest.Do(t, ctx, chromedp.Sleep(300*time.Millisecond))
	for _, p := range s.paths() {
		if strings.Contains(p, "/vendor/") {
			t.Fatalf("a page without diagrams or math loaded %s", p)
		}
	}
}

func TestBrowserPhoneWidthScrollsInsideTheBlock(t *testing.T) {
	ctx := browsertest.New(t)
	s := newSite(t)
	browsertest.Do(t, ctx, chromedp.EmulateViewport(360, 740), chromedp.Navigate(s.URL+"/repo/code/"))
	waitFor(t, ctx, `document.readyState === "complete"`)
	pageWidth := browsertest.Eval[int](t, ctx, `document.documentElement.scrollWidth`)
	if pageWidth > 360 {
		t.Fatalf("page is %dpx wide at a 360px viewport: code overflows", pageWidth)
	}
	scrolls := browsertest.Eval[bool](t, ctx, `(() => { const p = document.querySelector("div.highlight pre"); return p.scrollWidth > p.clientWidth; })()`)
	if !scrolls {
		t.Fatal("the long line should scroll inside its block")
	}
}

// assertSameOrigin fails if the page fetched anything from another host, and
// checks the vendored scripts came from the site's own /repo/vendor/.
func assertSameOrigin(t *testing.T, ctx context.Context, s *site) {
	t.Helper()
	foreign := browsertest.Eval[[]string](t, ctx,
		`performance.getEntriesByType("resource").map(e => e.name).filter(u => !u.startsWith(location.origin + "/"))`)
	if len(foreign) != 0 {
		t.Fatalf("requests to other hosts: %v", foreign)
	}
	var sawVendor bool
	for _, p := range s.paths() {
		sawVendor = sawVendor || strings.HasPrefix(p, "/repo/vendor/mermaid/")
	}
	if !sawVendor {
		t.Fatalf("mermaid was not served from the site root's vendor/: %v", s.paths())
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
