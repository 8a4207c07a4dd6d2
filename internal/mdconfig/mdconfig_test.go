package mdconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/markdown"
	"handbook/internal/project"
	"handbook/internal/sitetest"
)

func load(t *testing.T, dir string) *project.Config {
	t.Helper()
	cfg, diags := project.Load(project.Options{Source: dir})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return cfg
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Material's own markdown_extensions and the other pymdownx extensions
// real projects use are all read without a warning, and the page using
// them converts with each construct in Material's markup.
func TestEveryExtensionConfiguredAndRendered(t *testing.T) {
	cfg := load(t, "testdata/material")
	opts, diags := Read(cfg)
	if len(diags) > 0 {
		t.Fatalf("warnings:\n%s", sitetest.Messages(diags))
	}
	src, err := os.ReadFile("testdata/material/docs/index.md")
	if err != nil {
		t.Fatal(err)
	}
	res := markdown.New(opts).Convert(src, nil)
	if len(res.Diags) > 0 {
		t.Fatalf("conversion: %v", res.Diags)
	}
	html := string(res.HTML)
	for _, want := range []string{
		`<h2 id="emphasis-and-symbols">Emphasis and symbols<a class="headerlink" href="#emphasis-and-symbols" title="Anchor link to this section">&para;</a></h2>`,
		`snake*case*name stays, <strong>bold</strong>`, // betterem smart_enable: all
		`&copy;`, `&rarr;`, `&frac12;`, // smartsymbols
		`<span class="arithmatex">\(E = mc^2\)</span>`, `<span class="arithmatex">\(a+b\)</span>`,
		`<div class="arithmatex">\[x^2\]</div>`,
		`<p>Text from a snippet.</p>`,                          // snippets, from base_path
		`<abbr title="Hyper Text Markup Language">HTML</abbr>`, // auto_append
		`added`, `<div class="admonition tip">`, `<p class="admonition-title">Custom title</p>`,
		`<details open="open">`, `<summary>Open me</summary>`,
		`class="tabbed-set tabbed-alternate"`,
		`id="blocks-one" name="__tabbed_1"`, `<label for="blocks-two">Two</label>`, // tabbed's slugify, combine_header_slug
		`<div class="progress progress-60plus">`,
		`href="https://github.com/squidfunk"`, `href="https://github.com/squidfunk/mkdocs-material/issues/123"`,
		`a&nbsp;b`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s", want)
		}
	}
	if strings.Contains(html, "removed") || strings.Contains(html, "{++") {
		t.Error("critic accept mode left a deletion or a mark")
	}
	if len(res.Included) != 2 {
		t.Errorf("Included = %q, want the snippet and the appended file", res.Included)
	}
	if opts.TOC.Top != 2 || opts.TOC.Bottom != 4 || opts.TOC.ID("Ünïcode Title") != "ünïcode-title" {
		t.Errorf("toc: depth %d-%d, id %q", opts.TOC.Top, opts.TOC.Bottom, opts.TOC.ID("Ünïcode Title"))
	}
}

// An extension handbook does not implement is one warning at its line;
// an option it does not know is a warning at the option.
func TestUnimplementedExtensionAndUnknownOption(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "mkdocs.yml"), `site_name: x
markdown_extensions:
  - mkautodoc
  - pymdownx.snippets:
      base_pth: docs
  - smarty
  - pymdownx.betterem:
      smart_enable: sometimes
`)
	_, diags := Read(load(t, dir))
	got := sitetest.Messages(diags)
	for _, want := range []string{
		"mkdocs.yml:3:5: warning: markdown_extensions: mkautodoc is not implemented by handbook (ignored: its syntax stays as text)",
		"mkdocs.yml:5:7: warning: markdown_extensions: pymdownx.snippets has no option \"base_pth\" that handbook knows (ignored)",
		"mkdocs.yml:6:5: warning: markdown_extensions: smarty is not implemented by handbook",
		"mkdocs.yml:8:21: warning: markdown_extensions: pymdownx.betterem smart_enable must be all, asterisk, underscore or none",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if len(diags) != 4 {
		t.Errorf("%d warnings, want 4:\n%s", len(diags), got)
	}
}

// pymdownx.extra is its parts: betterem (smart underscores), with options
// given under a part's name.
func TestPymdownxExtraBundle(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "mkdocs.yml"), "site_name: x\nmarkdown_extensions:\n  - pymdownx.extra:\n      pymdownx.betterem:\n        smart_enable: all\n")
	opts, diags := Read(load(t, dir))
	if len(diags) > 0 {
		t.Fatal(sitetest.Messages(diags))
	}
	if b := opts.Dialect.BetterEm; b == nil || !b.SmartAsterisk || !b.SmartUnderscore {
		t.Errorf("BetterEm = %+v, want smart everywhere", b)
	}
}

// footnotes' options reach the dialect, given alone or under
// pymdownx.extra; without options the dialect keeps its defaults (nil).
func TestFootnoteOptions(t *testing.T) {
	for _, exts := range []string{
		"  - footnotes:\n      SEPARATOR: '-'\n      BACKLINK_TEXT: '^'\n      UNIQUE_IDS: true\n",
		"  - pymdownx.extra:\n      footnotes:\n        SEPARATOR: '-'\n        BACKLINK_TEXT: '^'\n",
	} {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "mkdocs.yml"), "site_name: x\nmarkdown_extensions:\n"+exts)
		opts, diags := Read(load(t, dir))
		if len(diags) > 0 {
			t.Fatal(sitetest.Messages(diags))
		}
		if f := opts.Dialect.Footnotes; f == nil || f.Separator != "-" || f.BacklinkText != "^" || f.SuperscriptText != "" {
			t.Errorf("%s: Footnotes = %+v", exts, f)
		}
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "mkdocs.yml"), "site_name: x\nmarkdown_extensions:\n  - footnotes\n")
	if opts, _ := Read(load(t, dir)); opts.Dialect.Footnotes != nil {
		t.Errorf("Footnotes = %+v without options, want nil", opts.Dialect.Footnotes)
	}
}

// With no markdown_extensions, a Zensical project gets Zensical's
// defaults; an MkDocs one gets MkDocs' (toc without permalinks, every
// rank listed) and handbook.yaml handbook's own (permalinks, h2-h3).
func TestDefaults(t *testing.T) {
	z, diags := Read(load(t, "testdata/zensical"))
	if len(diags) > 0 {
		t.Fatal(sitetest.Messages(diags))
	}
	if z.Dialect.BetterEm == nil || z.Dialect.SmartSymbols == nil || z.Dialect.Math == nil || !z.Dialect.Math.Generic || !z.TOC.Permalink {
		t.Errorf("zensical defaults not applied: %+v", z.Dialect)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "mkdocs.yml"), "site_name: x\n")
	m, _ := Read(load(t, dir))
	if m.TOC.Permalink || m.TOC.Bottom != 6 || m.Dialect.BetterEm != nil || m.Snippets != nil {
		t.Errorf("mkdocs defaults: %+v", m)
	}
	h, _ := Read(project.Default())
	if !h.TOC.Permalink || h.TOC.Bottom != 3 {
		t.Errorf("handbook defaults: %+v", h.TOC)
	}
}

// handbook.yaml takes markdown_extensions in mkdocs.yml's shape.
func TestHandbookYAMLExtensions(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "handbook.yaml"), "title: x\nmarkdown_extensions:\n  - pymdownx.snippets:\n      check_paths: true\n  - pymdownx.smartsymbols\n")
	cfg := load(t, dir)
	opts, diags := Read(cfg)
	if len(diags) > 0 {
		t.Fatal(sitetest.Messages(diags))
	}
	if opts.Snippets == nil || !opts.Snippets.CheckPaths || opts.Dialect.SmartSymbols == nil {
		t.Errorf("options %+v", opts)
	}
	if len(cfg.SnippetPaths) != 1 || cfg.SnippetPaths[0] != dir {
		t.Errorf("SnippetPaths = %q, want the project folder", cfg.SnippetPaths)
	}
}

// The key changes with any extension option, and only then.
func TestKey(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	write(t, filepath.Join(a, "mkdocs.yml"), "site_name: x\nmarkdown_extensions:\n  - toc:\n      permalink: true\n")
	write(t, filepath.Join(b, "mkdocs.yml"), "site_name: y\nmarkdown_extensions:\n  - toc:\n      permalink: '#'\n")
	ka, kb := Key(load(t, a)), Key(load(t, b))
	if ka == kb {
		t.Error("a different permalink gives the same key")
	}
	if Key(load(t, a)) != ka {
		t.Error("the key is not stable")
	}
}
