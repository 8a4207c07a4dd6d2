package build

import (
	"html/template"
	"testing"

	"handbook/internal/buildstate"
	"handbook/internal/convert"
	"handbook/internal/project"
	"handbook/internal/render"
	"handbook/internal/site"
	"handbook/internal/sitetest"
)

// FuzzPagePipeline sends arbitrary bytes through everything a page goes
// through: text checks, front matter, the full dialect with highlighting,
// link resolution against a real site, and the page template. Nothing may
// panic or hang.
func FuzzPagePipeline(f *testing.F) {
	dir := f.TempDir()
	sitetest.WriteTxtar(f, dir, "-- content/index.md --\n# Home\n\n## Anchor\n-- content/guide/a.md --\n# A\n-- content/img.png --\nx\n")
	cfg := project.Default()
	s, _ := site.Load(cfg, dir, site.Options{})
	th, _ := render.LoadTheme("", "")
	hl := newHighlighter(Options{})
	conv, _ := convert.Markdown(cfg, hl, nil, buildstate.NewFileMemo())
	for _, seed := range []string{
		"---\ntitle: [x\n---\n# T",
		"---\nlevels: L6\n---\n!!! note \"T\"\n    body [a](guide/a.md#x)\n\n=== \"A\"\n    ```python hl_lines=\"1\"\n    x\n    ```\n",
		"???+ tip\n    <div markdown>\n    **b** ==m== ^^i^^ ~s~ ++ctrl+k++ :rocket: :material-check:\n    </div>\n\n*[LP]: Leadership\nLP $x$ [^1]\n\n[^1]: n\n",
		"\x00\xff## L7 \x01 {#id .c}\n- [ ] t\n{ .lead }\n[](/)",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, _ := s.ParsePage("guide/fuzz.md", src)
		p.URL = "guide/fuzz/"
		res := conv.Convert(p.Body, s.NewLinker(p, nil))
		if res.Panic != "" {
			t.Fatalf("a parser panicked: %s", res.Panic)
		}
		_, err := th.Page(&render.PageData{Title: "x", Root: "../../", Content: template.HTML(res.HTML)})
		if err != nil {
			t.Fatalf("template: %v", err)
		}
	})
}
