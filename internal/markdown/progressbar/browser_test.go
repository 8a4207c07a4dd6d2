package progressbar_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
	"handbook/internal/markdown/attrs"
	"handbook/internal/markdown/blocks"
	"handbook/internal/markdown/critic"
	"handbook/internal/markdown/mdtest"
	"handbook/internal/markdown/progressbar"
)

// TestExtensionStyles renders progress bars, critic marks and a captioned
// figure with the theme's CSS in Chromium and checks how they look.
func TestExtensionStyles(t *testing.T) {
	md := mdtest.WithPreprocess(mdtest.New(progressbar.New(progressbar.Options{}), blocks.New(blocks.All()), attrs.Extension),
		func(src []byte) []byte { return critic.Process(src, critic.Options{}).Source })
	src := "[=65% \"65%\"]\n\n[=2/3]{: .thin}\n\nSome {--old--}{++new++} text{>>why<<}.\n\n![alt](data:image/gif;base64,R0lGODlhAQABAAAAACw=){ width=\"40\" }\n/// figure-caption\nA caption\n///\n"
	html := mdtest.ConvertTwice(t, md, src)
	var css string
	for _, name := range []string{"10-base.css", "30-inline.css", "32-extensions.css"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "..", "theme", "assets", "css", name))
		if err != nil {
			t.Fatal(err)
		}
		css += string(b)
	}
	page := "<!doctype html><html><head><meta charset=utf-8><style>" + css + "</style></head><body><main style='width:500px'>" + html + "</main></body></html>"
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page))
	}))
	defer server.Close()
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, chromedp.Navigate(server.URL), chromedp.WaitVisible(chromedp.CSS(".progress")))

	ratio := browsertest.Eval[float64](t, ctx, `(() => { const p = document.querySelector('.progress'); return p.querySelector('.progress-bar').getBoundingClientRect().width / p.clientWidth; })()`)
	if ratio < 0.64 || ratio > 0.66 || ratio != ratio {
		t.Errorf("a 65%% bar fills %.3f of its track", ratio)
	}
	if h := browsertest.Eval[float64](t, ctx, `document.querySelectorAll('.progress')[1].getBoundingClientRect().height`); h > 12 {
		t.Errorf("a thin bar is %.0fpx high", h)
	}
	if label := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector('.progress-label')).visibility + ' ' + document.querySelector('.progress-label').textContent`); label != "visible 65%" {
		t.Errorf("label: %q", label)
	}
	if bg := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector('del.critic')).backgroundColor + '|' + getComputedStyle(document.querySelector('ins.critic')).backgroundColor`); bg == "rgba(0, 0, 0, 0)|rgba(0, 0, 0, 0)" {
		t.Errorf("critic marks have no background: %s", bg)
	}
	if c := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector('.critic.comment'), '::before').content`); c != `"/* "` {
		t.Errorf("comment opens with %s", c)
	}
	centred := browsertest.Eval[bool](t, ctx, `(() => { const f = document.querySelector('figure').getBoundingClientRect(), m = document.querySelector('main').getBoundingClientRect(); return Math.abs((f.left - m.left) - (m.right - f.right)) < 2; })()`)
	if !centred {
		t.Error("the figure is not centred")
	}
	if got := browsertest.Eval[string](t, ctx, `document.querySelector('figure').id + ' ' + document.querySelector('figcaption').textContent.trim()`); got != "__figure-caption_1 Figure 1. A caption" {
		t.Errorf("figure: %q", got)
	}
}
