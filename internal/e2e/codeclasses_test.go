package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"handbook/internal/browsertest"
	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// classesSite is a Material site without content.code.copy or
// content.code.annotate: only the blocks whose braces ask for them get a
// copy button or annotations.
const classesSite = `-- mkdocs.yml --
site_name: Classes
theme:
  name: material
markdown_extensions:
  - attr_list
  - pymdownx.superfences
  - pymdownx.highlight
-- docs/index.md --
# Code classes

` + "```python\nplain = 1  # (1)\n```" + `

1.  Not an annotation: the block did not ask for them.

` + "``` { .python .copy .annotate }\nasked = 2  # (1)\n```" + `

1.  An annotation the block asked for.
`

// TestCodeBlockClasses: .copy gives a block a copy button and .annotate
// its annotations when the site's features do not; other blocks get
// neither.
func TestCodeBlockClasses(t *testing.T) {
	src, err := tempDir()
	if err != nil {
		t.Fatal(err)
	}
	sitetest.WriteTxtar(t, src, classesSite)
	res := build.Run(build.Options{Source: src})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	dir := filepath.Join(src, "site")
	sitetest.WriteFiles(t, dir, res.Files)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	atEachSize(t, func(t *testing.T, ctx context.Context) {
		open(t, ctx, srv.URL+"/", "")
		waitFor(t, ctx, `document.querySelectorAll(".hb-annotation").length > 0`)
		got := browsertest.Eval[string](t, ctx, `[...document.querySelectorAll(".highlight")].map(b => b.className + ":" + b.querySelectorAll(".hb-copy").length + ":" + b.querySelectorAll(".hb-annotation").length).join(" | ")`)
		if want := "language-python highlight:0:0 | language-python copy annotate highlight:1:1"; got != want {
			t.Errorf("blocks (class:copy buttons:annotations)\n%q, want\n%q", got, want)
		}
	})
}
