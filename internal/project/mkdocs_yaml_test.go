package project

import (
	"reflect"
	"strings"
	"testing"

	"handbook/internal/project/cfgtree"
)

// Each YAML error names the file, line and column where it is.
func TestYAMLErrors(t *testing.T) {
	cases := []struct{ name, yml, want string }{
		{"unclosed quote", "site_name: \"abc\nnav: []\n", "mkdocs.yml:1:12: invalid YAML: could not find end character of double-quoted text"},
		{"tab indent", "site_name: x\nnav:\n\t- a.md\n", "mkdocs.yml:3:1: invalid YAML: found character '\t' that cannot start any token"},
		{"duplicate key", "site_name: x\nsite_name: y\n", "mkdocs.yml:2:1: invalid YAML: mapping key \"site_name\" already defined at [1:1]"},
		{"unclosed flow list", "site_name: x\nnav: [a.md, b.md\n", "mkdocs.yml:2:6: invalid YAML: sequence end token ']' not found"},
		{"unclosed flow map", "site_name: x\ntheme: {name: material\n", "mkdocs.yml:2:8: invalid YAML: could not find flow mapping end token '}'"},
		{"stray brace", "site_name: x\nextra: {a: b}}\n", "mkdocs.yml:2:14: invalid YAML: value is not allowed in this context"},
		{"dedented list item", "site_name: x\nnav:\n  - a.md\n - b.md\n", "mkdocs.yml:4:2: invalid YAML: value is not allowed in this context"},
		{"undefined alias", "site_name: x\nnav: *nope\n", "mkdocs.yml:2:6: invalid YAML: alias *nope names no anchor defined before it"},
		{"not a mapping", "- a\n- b\n", "mkdocs.yml:1:1: mkdocs.yml must be a mapping of keys to values"},
		{"ENV of a mapping", "site_name: x\nsite_url: !ENV {a: b}\n", "mkdocs.yml:2:11: !ENV takes a variable name or a list [VAR, …, default]"},
		{"no site_name", "docs_dir: docs\n", "mkdocs.yml:1:1: mkdocs.yml has no site_name (MkDocs requires one)"},
		{"site_name a list", "site_name: [a]\n", "mkdocs.yml:1:12: site_name must be a string"},
		{"nav not a list", "site_name: x\nnav: index.md\n", "mkdocs.yml:2:6: nav must be a list"},
		{"nav entry a list", "site_name: x\nnav:\n  - [a.md]\n", "mkdocs.yml:3:5: nav entry must be a page path or a \"Title: page\" mapping"},
		{"nav title without page", "site_name: x\nnav:\n  - Home:\n", "mkdocs.yml:3:5: nav entry \"Home\" must map to a page path, a link or a list"},
		{"directory urls not a bool", "site_name: x\nuse_directory_urls: sometimes\n", "mkdocs.yml:2:21: use_directory_urls must be true or false"},
		{"toc_depth not a number", "site_name: x\nmarkdown_extensions:\n  - toc: {toc_depth: deep}\n", "mkdocs.yml:3:22: toc_depth must be a whole number"},
		{"extensions not a list", "site_name: x\nmarkdown_extensions: toc\n", "mkdocs.yml:2:22: markdown_extensions must be a list"},
		{"extra_css entry without path", "site_name: x\nextra_css:\n  - {media: print}\n", "mkdocs.yml:3:5: extra_css entry needs a path"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, diags := load(t, c.yml)
			if !diags.HasErrors() {
				t.Fatalf("no error; diagnostics %q", diagStrings(diags))
			}
			got := diagStrings(diags)
			if !contains(got, c.want) {
				t.Errorf("diagnostics %q\nwant %q", got, c.want)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestAliasExpansionIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("site_name: x\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		prev := "*a" + itoa(i-1)
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [" + strings.Repeat(prev+", ", 9) + prev + "]\n")
	}
	_, _, diags := load(t, b.String())
	if got := diagStrings(diags); !diags.HasErrors() || !strings.Contains(strings.Join(got, "\n"), "more than 200000 values") {
		t.Errorf("diagnostics = %q, want the expansion bound error", got)
	}
}

func itoa(i int) string { return string(rune('0'+i/10)) + string(rune('0'+i%10)) }

func TestMkDocsTags(t *testing.T) {
	t.Setenv("HB_SET", "from-env")
	t.Setenv("HB_EMPTY", "")
	yml := `site_name: !ENV HB_SET
site_description: !ENV [HB_UNSET, HB_SET, 'fallback']
site_author: !ENV [HB_UNSET, 'Default Author']
copyright: !ENV [HB_EMPTY, 'not used: the variable is set, to ""']
repo_name: !ENV HB_UNSET
docs_dir: !relative $config_dir
use_directory_urls: !ENV [HB_UNSET, false]
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
          class: mermaid
        - name: math
          format: !!python/name:pymdownx.arithmatex.fence_mathjax_format   # trailing comment
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
      permalink: !!str true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.keys: {key_map: !!python/name:x.y, other: [!!python/name:a.b, c]}
  - pymdownx.mark
`
	cfg, extra, diags := load(t, yml)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %q", diagStrings(diags))
	}
	if cfg.Title != "from-env" || cfg.Description != "from-env" || extra.SiteAuthor != "Default Author" ||
		cfg.Copyright != "" || extra.RepoName != "" || cfg.ContentDir != "$config_dir" || extra.UseDirectoryURLs {
		t.Errorf("tags resolved wrongly: title %q description %q author %q copyright %q repo_name %q docs_dir %q directory urls %v",
			cfg.Title, cfg.Description, extra.SiteAuthor, cfg.Copyright, extra.RepoName, cfg.ContentDir, extra.UseDirectoryURLs)
	}
	// A value-less tag must not swallow the next key or list item.
	want := []string{"pymdownx.superfences", "toc", "pymdownx.emoji", "pymdownx.keys", "pymdownx.mark"}
	if !reflect.DeepEqual(extra.Extensions, want) || !extra.TocPermalink {
		t.Errorf("Extensions = %q (permalink %v), want %q", extra.Extensions, extra.TocPermalink, want)
	}
}

func TestPythonNameResolvesToItsName(t *testing.T) {
	root, diags := cfgtree.ParseYAML("m.yml", []byte("a: !!python/name:pkg.fn\nb:\n  - !!python/name:pkg.other\n  - c\nd: !relative\ne: !!python/tuple\n- 1\n- 2\n"))
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if a := root.Get("a"); a.Text != "pkg.fn" || a.Tag != "!!python/name:pkg.fn" {
		t.Errorf("a = %+v", a)
	}
	if b := root.Get("b"); len(b.Items) != 2 || b.Items[0].Text != "pkg.other" || b.Items[1].Text != "c" {
		t.Errorf("b = %+v", b)
	}
	if d := root.Get("d"); !d.IsNull() || d.Tag != "!relative" {
		t.Errorf("d = %+v, want a null tagged !relative", d)
	}
	if e := root.Get("e"); e.Kind != cfgtree.List || len(e.Items) != 2 {
		t.Errorf("e = %+v, want the list under the tag", e)
	}
}

func TestUnknownTagWarnsAndKeepsValue(t *testing.T) {
	cfg, _, diags := load(t, "site_name: !custom Hello\n")
	want := []string{"mkdocs.yml:1:12: warning: unknown YAML tag !custom: its value is used as it is"}
	if cfg.Title != "Hello" || !reflect.DeepEqual(diagStrings(diags), want) {
		t.Errorf("title %q, diagnostics %q", cfg.Title, diagStrings(diags))
	}
}

func TestMergeKeysAndAnchors(t *testing.T) {
	_, extra, diags := load(t, "site_name: x\nx-base: &base {primary: teal}\ntheme:\n  palette:\n    <<: *base\n    accent: red\n")
	if extra.Palette != (Palette{"#009485", "#ff1947"}) {
		t.Errorf("Palette = %+v (diagnostics %q)", extra.Palette, diagStrings(diags))
	}
}
