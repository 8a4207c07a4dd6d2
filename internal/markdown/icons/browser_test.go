package icons_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"handbook/internal/browsertest"
	"handbook/internal/markdown/icons"
)

// TestIconsInTheBrowser draws an icon of each set with the theme's CSS in
// Chromium: each is sized to the text, filled icons take the text colour,
// and outline icons (Lucide, octicons with fill="none") stay outlines
// drawn in the text colour.
func TestIconsInTheBrowser(t *testing.T) {
	src := ":material-heart: :octicons-heart-16: :fontawesome-brands-github: :simple-python: :lucide-house: :octicons-flag-16:"
	var body bytes.Buffer
	if err := newMarkdown(nil).Convert([]byte(src), &body); err != nil {
		t.Fatal(err)
	}
	var css string
	for _, name := range []string{"10-base.css", "30-inline.css"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "..", "theme", "assets", "css", name))
		if err != nil {
			t.Fatal(err)
		}
		css += string(b)
	}
	// The same icons as data: URIs, as theme settings use them in CSS.
	var images strings.Builder
	for _, name := range []string{"material/heart", "fontawesome/brands/github", "lucide/house"} {
		svg, _ := icons.Lookup(name)
		images.WriteString(`<img alt="" width="24" height="24" src="` + icons.DataURI(svg) + `">`)
		images.WriteString(`<div class="mask" style="mask-image: url(&quot;` + icons.DataURI(svg) + `&quot;)"></div>`)
	}
	page := "<!doctype html><html><head><meta charset=utf-8><title>icons</title><style>" + css +
		"</style></head><body><main style='font-size: 20px; color: rgb(200, 0, 0)'>" + body.String() + "</main>" +
		images.String() + "</body></html>"
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page))
	}))
	defer server.Close()

	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, chromedp.Navigate(server.URL), chromedp.WaitVisible(chromedp.CSS(".twemoji")))
	type drawn struct {
		Width, Height      float64
		Fill, Stroke, Path string // the svg's fill and stroke, its first shape's fill
	}
	got := browsertest.Eval[[]drawn](t, ctx, `[...document.querySelectorAll('.twemoji svg')].map(svg => {
	  const r = svg.getBoundingClientRect(), s = getComputedStyle(svg);
	  return {Width: r.width, Height: r.height, Fill: s.fill, Stroke: s.stroke,
	          Path: getComputedStyle(svg.firstElementChild).fill};
	})`)
	if len(got) != 6 {
		t.Fatalf("%d icons drawn, want 6", len(got))
	}
	const red = "rgb(200, 0, 0)"
	for i, want := range []drawn{
		{Fill: red, Path: red},                // material
		{Fill: red, Path: red},                // octicons
		{Fill: red, Path: red},                // fontawesome (fill="currentColor" on its path)
		{Fill: red, Path: red},                // simple
		{Fill: "none", Stroke: red, Path: ""}, // lucide: an outline
		{Fill: "none", Path: red},             // octicons flag: fill="none", its path fill="currentColor"
	} {
		g := got[i]
		if g.Height < 20 || g.Height > 25 || g.Width < 10 {
			t.Errorf("icon %d is %.1f×%.1f px; the text is 20 px", i, g.Width, g.Height)
		}
		if g.Fill != want.Fill || (want.Stroke != "" && g.Stroke != want.Stroke) {
			t.Errorf("icon %d: fill %s stroke %s, want fill %s stroke %s", i, g.Fill, g.Stroke, want.Fill, want.Stroke)
		}
		if want.Path != "" && g.Path != want.Path {
			t.Errorf("icon %d: shape fill %s, want %s", i, g.Path, want.Path)
		}
	}
	if got[4].Path != "none" {
		t.Errorf("lucide's shapes are filled with %s", got[4].Path)
	}

	decoded := browsertest.Eval[[]bool](t, ctx, `[...document.images].map(i => i.complete && i.naturalWidth > 0)`)
	masks := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('.mask')].map(d => getComputedStyle(d).maskImage)`)
	if len(decoded) != 3 || len(masks) != 3 {
		t.Fatalf("%d images, %d masks", len(decoded), len(masks))
	}
	for i := range decoded {
		if !decoded[i] {
			t.Errorf("data: URI %d does not decode as an image", i)
		}
		if !strings.HasPrefix(masks[i], `url("data:image/svg+xml;charset=utf-8,`) {
			t.Errorf("data: URI %d is not taken as a mask: %.60q", i, masks[i])
		}
	}
}
