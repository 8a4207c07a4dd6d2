package nav

import (
	"reflect"
	"strings"
	"testing"

	"handbook/internal/project/cfgtree"
)

func read(t *testing.T, yml string) ([]Item, cfgtree.Reader) {
	t.Helper()
	root, diags := cfgtree.ParseYAML("mkdocs.yml", []byte(yml))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	r := cfgtree.Reader{Path: "mkdocs.yml"}
	return Read(&r, root.Get("nav")), r
}

// TestRead: page paths, titled pages and links, sections, each with its
// line; a link that is not remote is noted.
func TestRead(t *testing.T) {
	items, r := read(t, `nav:
  - index.md
  - Guide:
      - guide/index.md
      - Setup: guide/setup.MD
  - GitHub: https://github.com/o/r
  - Mail: mailto:a@b.c
  - Other: /other/path/
`)
	want := []Item{
		{Page: "index.md", Line: 2},
		{Title: "Guide", Line: 3, Children: []Item{{Page: "guide/index.md", Line: 4}, {Title: "Setup", Page: "guide/setup.MD", Line: 5}}},
		{Title: "GitHub", URL: "https://github.com/o/r", Line: 6},
		{Title: "Mail", URL: "mailto:a@b.c", Line: 7},
		{Title: "Other", URL: "/other/path/", Line: 8},
	}
	if !reflect.DeepEqual(items, want) {
		t.Errorf("items\n%+v\nwant\n%+v", items, want)
	}
	if len(r.Diags) > 0 || len(r.Notes) != 1 || !strings.Contains(r.Notes[0], `"/other/path/" (line 8)`) {
		t.Errorf("diagnostics %v, notes %q", r.Diags, r.Notes)
	}
}

// TestReadErrors: each malformed entry is an error at its node; the rest
// is read.
func TestReadErrors(t *testing.T) {
	for yml, want := range map[string]string{
		"nav: index.md\n":                 "mkdocs.yml:1:6: nav must be a list",
		"nav:\n  - [a.md]\n":              "mkdocs.yml:2:5: nav entry must be a page path or a \"Title: page\" mapping",
		"nav:\n  - Home: {a: b}\n":        "mkdocs.yml:2:5: nav entry \"Home\" must map to a page path, a link or a list",
		"nav:\n  - Home: ''\n  - b.md\n":  "mkdocs.yml:2:11: nav entry has an empty page path",
		"nav:\n  - Sec:\n      - x: {}\n": "mkdocs.yml:3:9: nav entry \"x\" must map to a page path, a link or a list",
	} {
		_, r := read(t, yml)
		if len(r.Diags) != 1 || r.Diags[0].String() != want {
			t.Errorf("%q: %v, want %s", yml, r.Diags, want)
		}
	}
}
