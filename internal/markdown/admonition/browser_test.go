package admonition_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
)

// types lists each admonition type followed by its aliases.
var types = [][]string{
	{"note"}, {"abstract", "summary", "tldr"}, {"info", "todo"}, {"tip", "hint", "important"},
	{"success", "check", "done"}, {"question", "help", "faq"}, {"warning", "caution", "attention"},
	{"failure", "fail", "missing"}, {"danger", "error"}, {"bug"}, {"example"}, {"quote", "cite"},
}

func admonitionPage(t *testing.T) string {
	t.Helper()
	var src strings.Builder
	for _, names := range types {
		for _, name := range names {
			src.WriteString("!!! " + name + "\n    Body of " + name + ".\n\n")
		}
	}
	src.WriteString("!!! unknown-type\n    Body.\n\n??? warning \"Folded\"\n    Hidden.\n\n!!! note inline end \"Side\"\n    Side.\n")
	var body bytes.Buffer
	if err := newMarkdown().Convert([]byte(src.String()), &body); err != nil {
		t.Fatal(err)
	}
	css := readCSS(t, "10-base.css") + readCSS(t, "20-admonitions.css")
	page := "<!doctype html><html><head><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
		"<title>admonitions</title><style>" + css + "</style></head><body><main>" + body.String() + "</main></body></html>"
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page))
	}))
	t.Cleanup(server.Close)
	return server.URL
}

func readCSS(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "theme", "assets", "css", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// contrastJS defines helpers: the WCAG contrast ratio of two computed colours.
const contrastJS = `
const rgb = c => {
  let m = c.match(/^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/);
  if (m) return [m[1] / 255, m[2] / 255, m[3] / 255];
  m = c.match(/^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)/);
  if (m) return [+m[1], +m[2], +m[3]];
  throw new Error('unparsed colour ' + c);
};
const lum = c => rgb(c).map(v => v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
  .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
const contrast = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
`

// checkColours returns "" or a description of every box whose title text or
// body text is below 4.5:1, or whose icon is below 3:1 against the title bar.
func checkColours(t *testing.T, ctx context.Context) string {
	t.Helper()
	return browsertest.Eval[string](t, ctx, `(() => {`+contrastJS+`
	const problems = [];
	for (const box of document.querySelectorAll('.admonition, details')) {
	  const title = box.querySelector(':scope > .admonition-title, :scope > summary');
	  const ts = getComputedStyle(title), bs = getComputedStyle(box);
	  const icon = getComputedStyle(title, '::before').backgroundColor;
	  const name = box.className;
	  if (contrast(ts.color, ts.backgroundColor) < 4.5) problems.push(name + ' title text');
	  if (contrast(bs.color, bs.backgroundColor) < 4.5) problems.push(name + ' body text');
	  if (contrast(icon, ts.backgroundColor) < 3) problems.push(name + ' icon ' + contrast(icon, ts.backgroundColor).toFixed(2));
	}
	return problems.join('; ');
	})()`)
}

func TestAdmonitionStyles(t *testing.T) {
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, chromedp.Navigate(admonitionPage(t)), chromedp.WaitVisible(chromedp.CSS(".admonition")))

	// Each type has its own colour and icon; aliases share them; an unknown
	// type looks like a note.
	look := func(class string) string {
		return browsertest.Eval[string](t, ctx, `(() => { const b = document.querySelector('.admonition.`+class+`');
		  return getComputedStyle(b).borderLeftColor + ' ' + getComputedStyle(b.firstElementChild, '::before').maskImage; })()`)
	}
	seen := map[string]string{}
	for _, names := range types {
		want := look(names[0])
		if !strings.Contains(want, `url("data:image/svg+xml`) {
			t.Errorf("%s: icon is not an inline SVG mask: %s", names[0], want)
		}
		if other, dup := seen[want]; dup {
			t.Errorf("%s looks the same as %s", names[0], other)
		}
		seen[want] = names[0]
		for _, alias := range names[1:] {
			if got := look(alias); got != want {
				t.Errorf("alias %s looks different from %s", alias, names[0])
			}
		}
	}
	if look("unknown-type") != look("note") {
		t.Error("an unknown type does not look like a note")
	}

	noteColour := func() string {
		return browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector('.admonition.note')).borderLeftColor`)
	}
	light := noteColour()
	if problems := checkColours(t, ctx); problems != "" {
		t.Errorf("light: low contrast: %s", problems)
	}
	browsertest.Eval[bool](t, ctx, `document.documentElement.dataset.theme = 'dark', true`)
	darkToggle := noteColour()
	if problems := checkColours(t, ctx); problems != "" {
		t.Errorf("dark (toggle): low contrast: %s", problems)
	}
	browsertest.Eval[bool](t, ctx, `delete document.documentElement.dataset.theme, true`)
	darkOS := chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		})
		return err
	})
	browsertest.Do(t, ctx, darkOS)
	if problems := checkColours(t, ctx); problems != "" {
		t.Errorf("dark (OS preference): low contrast: %s", problems)
	}
	if darkToggle == light || noteColour() != darkToggle {
		t.Errorf("note colour light %s, dark toggle %s, dark OS %s: dark mode not applied", light, darkToggle, noteColour())
	}

	// The contrast check itself catches a pale colour.
	browsertest.Eval[bool](t, ctx, `document.documentElement.style.setProperty('--hb-adm-warning', '#3a2a00'), true`)
	if problems := checkColours(t, ctx); !strings.Contains(problems, "warning icon") {
		t.Errorf("a dark icon on a dark page was not reported: %q", problems)
	}
}

func TestCollapsibleAndPhoneLayout(t *testing.T) {
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, chromedp.Navigate(admonitionPage(t)), chromedp.WaitVisible(chromedp.CSS("details > summary")))
	if browsertest.Eval[bool](t, ctx, `document.querySelector('details').open`) {
		t.Fatal("??? block starts open")
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("details > summary")))
	if !browsertest.Eval[bool](t, ctx, `document.querySelector('details').open`) {
		t.Error("clicking the summary does not open the block")
	}
	if got := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector('.admonition.inline')).float`); got != "right" {
		t.Errorf("inline end box floats %q on a wide screen", got)
	}
	browsertest.Do(t, ctx, chromedp.EmulateViewport(375, 800))
	if got := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector('.admonition.inline')).float`); got != "none" {
		t.Errorf("inline end box floats %q on a phone", got)
	}
	if overflow := browsertest.Eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth`); overflow {
		t.Error("the page scrolls sideways on a phone")
	}
}
