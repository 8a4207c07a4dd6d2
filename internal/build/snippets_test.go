package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

const snippetSite = `-- mkdocs.yml --
site_name: Snippets
markdown_extensions:
  - pymdownx.snippets:
      base_path: [snippets]
-- docs/index.md --
# Home

--8<-- "part.md"

--8<-- "later.md"
-- docs/other.md --
# Other
-- snippets/part.md --
First text.
`

// A page's conversion is reused only while the snippets it includes are
// the same, and while those it named but were missing still are: an edit
// to a snippet, or a missing one made, changes the page (serve's cached
// rebuilds; Result.Read is what the build stamp records).
func TestSnippetEditsReachCachedBuilds(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, snippetSite)
	cache := &Cache{}
	res := Run(Options{Source: dir, Cache: cache})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	part := filepath.Join(dir, "snippets", "part.md")
	later := filepath.Join(dir, "snippets", "later.md")
	if got := strings.Join(res.Read, ","); got != later+","+part {
		t.Errorf("Read = %s, want the missing and the included snippet", got)
	}
	home := func(r *Result) string { return string(r.Files["index.html"]) }
	if !strings.Contains(home(res), "First text.") {
		t.Fatal("snippet not included")
	}
	if err := os.WriteFile(part, []byte("Second text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res = Run(Options{Source: dir, Cache: cache, Changed: []string{part}})
	if !strings.Contains(home(res), "Second text.") || res.Stats.Cache.ConvReused != 1 {
		t.Errorf("after the snippet edit: reused %d, page:\n%s", res.Stats.Cache.ConvReused, home(res))
	}
	if err := os.WriteFile(later, []byte("Made later.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res = Run(Options{Source: dir, Cache: cache, Changed: []string{later}})
	if !strings.Contains(home(res), "Made later.") {
		t.Errorf("the snippet made later is not in the page (reused %d, incremental %v):\n%s", res.Stats.Cache.ConvReused, res.Stats.Cache.Incremental, home(res))
	}
}
