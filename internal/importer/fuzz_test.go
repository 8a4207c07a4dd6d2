package importer

import (
	"os"
	"testing"
	"unicode/utf8"

	"handbook/internal/diag"
	"handbook/internal/project"
)

// FuzzImport: whatever loads without errors imports to a handbook.yaml
// that reads back to the same values.
func FuzzImport(f *testing.F) {
	if data, err := os.ReadFile(fixture); err == nil {
		f.Add(data)
	}
	for _, s := range []string{
		"site_name: x\nnav:\n  - a.md\n  - S:\n    - s/index.md\n    - T: s/t.md\n  - L: https://x.org/\n",
		"site_name: !ENV [A, B, 'c']\nx: !!python/name:a.b\ny: !relative\n",
		"markdown_extensions:\n  - a:\n      f: !!python/name:x\n  - b\n",
		"site_name: \"q\\u00e9\\x41\"\ncopyright: '''x'''\n",
		"theme: {palette: [{primary: red}]}\nplugins: {search: {enabled: no}}\n",
		"site_name: |\n  two\n  lines\n",
		"site_name: x\nmarkdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n  - a: {b: [1, {c: d, 'e: f': [], g: {}}], h: \"x\\ny\"}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, diags := project.ParseMkDocs("fuzz/mkdocs.yml", data)
		if diags.HasErrors() || !utf8.Valid(data) {
			return
		}
		out, _, err := importData("fuzz/mkdocs.yml", data)
		if err != nil {
			t.Fatalf("Import failed after a clean load: %v", err)
		}
		back, bdiags := parseHandbook(t, out)
		for _, d := range bdiags {
			if d.Severity == diag.Error {
				t.Fatalf("handbook.yaml does not read back: %s\n%s", d, out)
			}
		}
		compareFuzzed(t, back, cfg, out)
		if len(back.MarkdownExtensions) != len(cfg.MarkdownExtensions) {
			t.Fatalf("%d extensions read back, want %d\n%s", len(back.MarkdownExtensions), len(cfg.MarkdownExtensions), out)
		}
	})
}

func compareFuzzed(t *testing.T, got, want *project.Config, out []byte) {
	t.Helper()
	fields := [][3]string{
		{"title", got.Title, want.Title}, {"description", got.Description, want.Description},
		{"base_url", got.BaseURL, want.BaseURL}, {"repo_url", got.RepoURL, want.RepoURL},
		{"edit_path", got.EditPath, want.EditPath}, {"content_dir", got.ContentDir, want.ContentDir},
		{"language", got.Language, want.Language}, {"copyright", got.Copyright, want.Copyright},
	}
	for _, f := range fields {
		if f[1] != f[2] && f[2] != "" {
			t.Fatalf("%s = %q, want %q\n%s", f[0], f[1], f[2], out)
		}
	}
	compareNav(t, got.Nav, want.Nav, out)
}

// compareNav checks shape, pages and links; titles only where they are
// written plain (the loader keeps the quotes of a quoted nav key).
func compareNav(t *testing.T, got, want []project.NavItem, out []byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("nav has %d entries, want %d\n%s", len(got), len(want), out)
	}
	for i := range want {
		g, w := got[i], want[i]
		target := w.Page + w.URL
		if g.Page+g.URL != target || (plainKey.MatchString(w.Title) && g.Title != w.Title) {
			t.Fatalf("nav entry %d = %+v, want %+v\n%s", i, g, w, out)
		}
		compareNav(t, g.Children, w.Children, out)
	}
}
