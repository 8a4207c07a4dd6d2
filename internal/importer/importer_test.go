package importer

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"handbook/internal/diag"
	"handbook/internal/mdconfig"
	"handbook/internal/project"
)

var update = flag.Bool("update", false, "rewrite testdata/project.handbook.yaml")

const golden = "testdata/project.handbook.yaml"

// fixture is the project package's MkDocs config, which uses every key.
const fixture = "../project/testdata/project/mkdocs.yml"

// readMkDocsFile reads an MkDocs config's keys as they are written (Load
// also checks site_url and makes it end in "/").
func readMkDocsFile(path string) (*project.Config, diag.List) {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return project.ParseMkDocs(path, data)
}

// parseHandbook reads a handbook.yaml held in memory.
func parseHandbook(t *testing.T, data []byte) (*project.Config, diag.List) {
	t.Helper()
	return project.ParseHandbook(project.FileName, data)
}

func diagStrings(diags diag.List) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.String())
	}
	return out
}

func TestImportGolden(t *testing.T) {
	os.Unsetenv("HANDBOOK_TEST_SITE_URL")
	os.Unsetenv("HANDBOOK_TEST_SOCIAL")
	out, _, err := Import(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != string(want) {
		t.Errorf("Import output differs from %s (go test -update rewrites it):\n%s", golden, out)
	}
}

func TestImportReport(t *testing.T) {
	os.Unsetenv("HANDBOOK_TEST_SITE_URL")
	os.Unsetenv("HANDBOOK_TEST_SOCIAL")
	_, report, err := Import(fixture)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"not carried over: extra_javascript option type for javascripts/module.js",
		"not carried over: remote assets https://cdn.example.com/remote.css, https://unpkg.com/remote.js",
		"smarty is not implemented by handbook (ignored: its syntax stays as text)",
	}
	if !reflect.DeepEqual(report, want) {
		t.Errorf("report =\n%s\nwant\n%s", strings.Join(report, "\n"), strings.Join(want, "\n"))
	}
}

// The written handbook.yaml reads back through parseHandbook to the same
// config, and the only keys parseHandbook does not know are ProposedKeys.
func TestImportRoundTrip(t *testing.T) {
	os.Unsetenv("HANDBOOK_TEST_SITE_URL")
	os.Unsetenv("HANDBOOK_TEST_SOCIAL")
	cfg, _ := readMkDocsFile(fixture)
	out, _, err := Import(fixture)
	if err != nil {
		t.Fatal(err)
	}
	back, diags := parseHandbook(t, out)
	checkOnlyProposedKeyWarnings(t, diags)
	assertSameConfig(t, back, cfg)
}

func checkOnlyProposedKeyWarnings(t *testing.T, diags diag.List) {
	t.Helper()
	for _, d := range diags {
		proposed := false
		for _, k := range ProposedKeys {
			proposed = proposed || strings.HasPrefix(d.Message, "unknown config key \""+k+"\"")
		}
		if d.Code != "config-key" || !proposed {
			t.Errorf("parseHandbook: %s", d)
		}
	}
}

func assertSameConfig(t *testing.T, got, want *project.Config) {
	t.Helper()
	g, w := *got, *want
	// What Load sets beside the keys: where the config is, what it read.
	for _, c := range []*project.Config{&g, &w} {
		c.Path, c.Format, c.Root, c.Files, c.ThemeDir, c.CustomDir = "", 0, "", nil, "", ""
		c.Strict.Source = "" // where strict comes from: the file's name
		c.SnippetPaths, c.MkDocs, c.Notes = nil, nil, nil
	}
	g.Nav, w.Nav = withoutLines(g.Nav), withoutLines(w.Nav)
	// Theme settings and plugin options are not carried over (the import
	// report lists them).
	g.RawTheme, w.RawTheme, g.RawExtra, w.RawExtra, g.Plugins, w.Plugins = nil, nil, nil, nil, project.Plugins{}, project.Plugins{}
	// The extensions with their options as written: the same fingerprint.
	if mdconfig.Key(&g) != mdconfig.Key(&w) {
		t.Errorf("markdown_extensions differ:\n got %q\nwant %q", mdconfig.Key(&g), mdconfig.Key(&w))
	}
	g.MarkdownExtensions, w.MarkdownExtensions = nil, nil
	if !reflect.DeepEqual(g, w) {
		t.Errorf("round trip:\n got %+v\nwant %+v", g, w)
	}
}

func withoutLines(items []project.NavItem) []project.NavItem {
	var out []project.NavItem
	for _, it := range items {
		it.Line = 0
		it.Children = withoutLines(it.Children)
		out = append(out, it)
	}
	return out
}

func TestImportQuotesAwkwardStrings(t *testing.T) {
	yml := `site_name: "yes"
site_description: "Notes: # not a comment, 'quoted' \"double\" \\ and ünïcode ✓"
copyright: "123"
site_url: "null"
nav:
  - "on": index.md
  - "123": "weird name: colon.md"
  - "true":
      - "x: y.md"
`
	dir := t.TempDir()
	p := filepath.Join(dir, "mkdocs.yml")
	if err := os.WriteFile(p, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, diags := readMkDocsFile(p)
	if diags.HasErrors() {
		t.Fatal(diagStrings(diags))
	}
	out, _, err := Import(p)
	if err != nil {
		t.Fatal(err)
	}
	back, bdiags := parseHandbook(t, out)
	checkOnlyProposedKeyWarnings(t, bdiags)
	assertSameConfig(t, back, cfg)
	if back.Title != "yes" || back.Copyright != "123" {
		t.Errorf("title %q copyright %q", back.Title, back.Copyright)
	}
}

func TestImportFailsOnErrors(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "mkdocs.yml")
	if err := os.WriteFile(p, []byte("site_name: x\nnav: [a.md\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := Import(p)
	if err == nil || out != nil || !strings.Contains(err.Error(), "mkdocs.yml:2:6: invalid YAML") {
		t.Errorf("Import = %q, %v; want no output and the YAML error with its position", out, err)
	}
	if _, _, err := Import(filepath.Join(dir, "absent.yml")); err == nil {
		t.Error("Import of a missing file did not fail")
	}
}

// Titles that need quotes are written as valid YAML whose key text is the
// title. (parseHandbook reads quoted nav keys with their quotes today, so
// this checks the writer directly.)
func TestNavTitlesNeedingQuotes(t *testing.T) {
	titles := []string{"- dash: colon", "Trailing ", "#hash", "a \"b\" \\ c", "tab\there", "ünï: ✓"}
	var nav []project.NavItem
	for i, title := range titles {
		nav = append(nav, project.NavItem{Title: title, Page: "p" + string(rune('a'+i)) + ".md"})
	}
	var w yamlWriter
	writeNav(&w, 0, nav)
	file, err := parser.ParseBytes(w.Bytes(), 0)
	if err != nil {
		t.Fatalf("%v\n%s", err, w.Bytes())
	}
	seq, ok := file.Docs[0].Body.(*ast.SequenceNode)
	if !ok || len(seq.Values) != len(titles) {
		t.Fatalf("not a list of %d entries:\n%s", len(titles), w.Bytes())
	}
	for i, v := range seq.Values {
		kv, ok := v.(*ast.MappingValueNode)
		if m, isMap := v.(*ast.MappingNode); isMap && len(m.Values) == 1 {
			kv, ok = m.Values[0], true
		}
		if !ok {
			t.Fatalf("entry %d is %T", i, v)
		}
		key, ok := kv.Key.(*ast.StringNode)
		if !ok || key.Value != titles[i] {
			t.Errorf("entry %d key = %v, want %q", i, kv.Key, titles[i])
		}
	}
}

// TestImportCarriesSecurityOver: extra: {security: {raw_html: false}} in
// mkdocs.yml becomes security: {raw_html: false} in handbook.yaml, which
// loads as untrusted.
func TestImportCarriesSecurityOver(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mkdocs.yml"), []byte("site_name: T\nextra:\n  security:\n    raw_html: false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := Import(filepath.Join(dir, "mkdocs.yml"))
	if err != nil || !strings.Contains(string(out), "security:\n  raw_html: false\n") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	cfg, diags := project.ParseHandbook("handbook.yaml", out)
	if !cfg.Untrusted() || diags.HasErrors() {
		t.Errorf("the imported config: untrusted %v, %v", cfg.Untrusted(), diags)
	}
}

// TestImportCarriesNavListLimitOver: extra.nav_list_limit in mkdocs.yml
// becomes nav_list_limit in handbook.yaml, which loads with that limit.
func TestImportCarriesNavListLimitOver(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mkdocs.yml"), []byte("site_name: T\nextra:\n  nav_list_limit: 40\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := Import(filepath.Join(dir, "mkdocs.yml"))
	if err != nil || !strings.Contains(string(out), "\nnav_list_limit: 40\n") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	cfg, diags := project.ParseHandbook("handbook.yaml", out)
	if cfg.NavLimit() != 40 || len(diags) != 0 {
		t.Errorf("the imported config: limit %d, %v", cfg.NavLimit(), diags)
	}
}
