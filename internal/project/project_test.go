package project

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadSearchOrder(t *testing.T) {
	dir := t.TempDir()
	cfg, diags := Load(Options{Source: dir})
	if diags.HasErrors() || cfg.Format != FormatHandbook || cfg.Path != FileName {
		t.Fatalf("empty folder: format %v path %q %v", cfg.Format, cfg.Path, diags)
	}
	steps := []struct {
		name   string
		text   string
		format Format
	}{
		{"zensical.yml", "site_name: Z yml\n", FormatMkDocs},
		{"zensical.toml", "[project]\nsite_name = \"Z toml\"\n", FormatZensical},
		{"mkdocs.yaml", "site_name: M yaml\n", FormatMkDocs},
		{"mkdocs.yml", "site_name: M yml\n", FormatMkDocs},
		{"handbook.yaml", "title: H\n", FormatHandbook},
	}
	// Each file added outranks the ones before it.
	for _, s := range steps {
		write(t, filepath.Join(dir, s.name), s.text)
		cfg, diags := Load(Options{Source: dir})
		if diags.HasErrors() {
			t.Fatalf("%s: %v", s.name, diags)
		}
		if cfg.Format != s.format || cfg.Path != s.name {
			t.Errorf("with %s: read %q as %v, want it as %v", s.name, cfg.Path, cfg.Format, s.format)
		}
	}
}

func TestConfigFlagFormatFromKeysNotName(t *testing.T) {
	dir := t.TempDir()
	online := filepath.Join(dir, "mkdocs-online.yml")
	write(t, online, "site_name: Online\ndocs_dir: pages\n")
	cfg, diags := Load(Options{Source: dir, ConfigPath: online})
	if diags.HasErrors() || cfg.Format != FormatMkDocs || cfg.Title != "Online" || cfg.ContentDir != "pages" {
		t.Errorf("mkdocs-online.yml: format %v title %q docs %q %v", cfg.Format, cfg.Title, cfg.ContentDir, diags)
	}
	odd := filepath.Join(dir, "site-settings.yaml")
	write(t, odd, "site_name: Odd name\n")
	if cfg, _ := Load(Options{Source: dir, ConfigPath: odd}); cfg.Format != FormatMkDocs || cfg.Title != "Odd name" {
		t.Errorf("site-settings.yaml with site_name: format %v title %q", cfg.Format, cfg.Title)
	}
	hb := filepath.Join(dir, "mkdocs.yml")
	write(t, hb, "title: Really handbook\ncontent_dir: notes\n")
	if cfg, _ := Load(Options{Source: dir, ConfigPath: hb}); cfg.Format != FormatHandbook || cfg.Title != "Really handbook" {
		t.Errorf("mkdocs.yml with handbook keys: format %v title %q", cfg.Format, cfg.Title)
	}
	toml := filepath.Join(dir, "settings.toml")
	write(t, toml, "[project]\nsite_name = \"T\"\n")
	if cfg, _ := Load(Options{Source: dir, ConfigPath: toml}); cfg.Format != FormatZensical || cfg.Title != "T" {
		t.Errorf("settings.toml: format %v title %q", cfg.Format, cfg.Title)
	}
}

func TestInheritMergesMappingsAndReplacesLists(t *testing.T) {
	cfg, diags := Load(Options{Source: "testdata/inherit"})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if cfg.Title != "Child site" || cfg.Description != "From the middle" {
		t.Errorf("title %q description %q", cfg.Title, cfg.Description)
	}
	// theme is merged key by key through two levels: language from the
	// base, palette.primary from the middle.
	if cfg.Language != "fr" || cfg.Palette.Primary == "" || cfg.MkDocs.Palette.Primary != cfg.Palette.Primary {
		t.Errorf("language %q primary %q", cfg.Language, cfg.Palette.Primary)
	}
	base, _ := Load(Options{Source: "testdata/inherit", ConfigPath: "testdata/inherit/base.yml"})
	if cfg.Palette.Primary == base.Palette.Primary {
		t.Errorf("palette.primary %q is the base's, want the middle's red", cfg.Palette.Primary)
	}
	// markdown_extensions is a list: the child's replaces the base's.
	if !slices.Equal(cfg.MkDocs.Extensions, []string{"pymdownx.mark"}) {
		t.Errorf("extensions %v, want the child's list alone", cfg.MkDocs.Extensions)
	}
	if !slices.Equal(cfg.ExtraCSS, []string{"base.css"}) {
		t.Errorf("extra_css %v, want the base's", cfg.ExtraCSS)
	}
	want := []string{"testdata/inherit/mkdocs.yml", "testdata/inherit/sub/middle.yml", "testdata/inherit/base.yml"}
	for i := range want {
		want[i] = filepath.FromSlash(want[i])
	}
	var got []string
	for _, f := range cfg.Files {
		got = append(got, filepath.Clean(f))
	}
	if !slices.Equal(got, want) {
		t.Errorf("Files = %v, want %v", got, want)
	}
}

func TestInheritMissingFileIsAnErrorAtItsLine(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "mkdocs.yml"), "site_name: X\n\nINHERIT:   parent.yml\n")
	_, diags := Load(Options{Source: dir})
	if !diags.HasErrors() {
		t.Fatal("no error for a missing INHERIT file")
	}
	d := diags[0]
	if d.Path != "mkdocs.yml" || d.Line != 3 || d.Col != 12 || !strings.Contains(d.Message, "parent.yml") {
		t.Errorf("got %s, want mkdocs.yml:3:12 naming parent.yml", d)
	}
}

func TestInheritCycleIsAnError(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "mkdocs.yml"), "INHERIT: a.yml\nsite_name: X\n")
	write(t, filepath.Join(dir, "a.yml"), "INHERIT: mkdocs.yml\n")
	_, diags := Load(Options{Source: dir})
	if !diags.HasErrors() || !strings.Contains(fmt.Sprint(diags), "cycle") {
		t.Errorf("want a cycle error, got %v", diags)
	}
}

func TestInheritedSettingIsReportedInItsFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "base.yml"), "site_name: X\nuse_directory_urls: maybe\n")
	write(t, filepath.Join(dir, "mkdocs.yml"), "INHERIT: base.yml\n")
	_, diags := Load(Options{Source: dir})
	if len(diags) != 1 || filepath.Base(diags[0].Path) != "base.yml" || diags[0].Line != 2 {
		t.Errorf("want one error at base.yml:2, got %v", diags)
	}
}

func TestZensicalTOML(t *testing.T) {
	cfg, diags := Load(Options{Source: "testdata/zensical"})
	var warnings []string
	for _, d := range diags {
		warnings = append(warnings, d.String())
	}
	if diags.HasErrors() {
		t.Fatalf("errors: %v", warnings)
	}
	// (mkautodoc is reported by internal/mdconfig, which reads the
	// extensions into the converter's options.)
	if len(diags) != 0 {
		t.Errorf("diagnostics %v, want none", warnings)
	}
	if ext := cfg.MarkdownExtensions; len(ext) != 3 || ext[2].Name != "mkautodoc" || ext[2].At.Line != 23 {
		t.Errorf("extensions %+v, want mkautodoc third, at line 23", ext)
	}
	if cfg.Format != FormatZensical || cfg.Path != "zensical.toml" || cfg.Title != "Zensical site" {
		t.Errorf("format %v path %q title %q", cfg.Format, cfg.Path, cfg.Title)
	}
	if cfg.BaseURL != "https://example.com/docs/" || cfg.Language != "de" || cfg.Palette.Primary == "" {
		t.Errorf("base %q language %q primary %q", cfg.BaseURL, cfg.Language, cfg.Palette.Primary)
	}
	if cfg.TOC.PermalinkSymbol != "#" || !slices.Equal(cfg.MkDocs.Extensions, []string{"toc", "admonition", "mkautodoc"}) {
		t.Errorf("toc symbol %q extensions %v", cfg.TOC.PermalinkSymbol, cfg.MkDocs.Extensions)
	}
	if len(cfg.Nav) != 2 || cfg.Nav[0].Title != "Home" || cfg.Nav[0].Page != "index.md" || len(cfg.Nav[1].Children) != 1 {
		t.Errorf("nav %+v", cfg.Nav)
	}
	if filepath.Base(cfg.CustomDir) != "overrides" {
		t.Errorf("custom_dir %q", cfg.CustomDir)
	}
}

func TestZensicalTOMLErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "zensical.toml"), "[project]\nsite_name = \"x\"\nsite_name = \"y\"\n")
	_, diags := Load(Options{Source: dir})
	if !diags.HasErrors() || diags[0].Line != 3 {
		t.Errorf("duplicate key: %v", diags)
	}
	write(t, filepath.Join(dir, "zensical.toml"), "[project]\nsite_name = \n")
	_, diags = Load(Options{Source: dir})
	if !diags.HasErrors() || diags[0].Line != 2 || diags[0].Code != "toml" {
		t.Errorf("syntax error: %v", diags)
	}
	write(t, filepath.Join(dir, "zensical.toml"), "site_name = \"x\"\n")
	_, diags = Load(Options{Source: dir})
	if !diags.HasErrors() || !strings.Contains(fmt.Sprint(diags), "[project]") {
		t.Errorf("no [project]: %v", diags)
	}
}

func TestInputsListChainThemeAndDocs(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "base.yml"), "site_name: X\ndocs_dir: pages\ntheme:\n  name: material\n  custom_dir: overrides\nextra_css: [css/site.css]\n")
	write(t, filepath.Join(dir, "mkdocs.yml"), "INHERIT: base.yml\n")
	write(t, filepath.Join(dir, "pages", "index.md"), "# Home\n")
	write(t, filepath.Join(dir, "pages", "css", "site.css"), "p{}\n")
	write(t, filepath.Join(dir, "overrides", "main.html"), "{% extends 'base.html' %}\n")
	write(t, filepath.Join(dir, "theme", "templates", "page.html"), "x")
	cfg, diags := Load(Options{Source: dir})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var got []string
	for _, p := range cfg.Inputs() {
		rel, _ := filepath.Rel(dir, p)
		got = append(got, filepath.ToSlash(rel))
	}
	want := []string{"pages", "mkdocs.yml", "base.yml", "theme", "overrides", "pages/css/site.css"}
	if !slices.Equal(got, want) {
		t.Errorf("Inputs = %v, want %v", got, want)
	}
}

// OutDir is site_dir (relative to the config file's folder), site/ for an
// MkDocs or Zensical project without one, public/ for a handbook project;
// GuessOutDir, which reads no config, gives the same when site_dir is
// unset.
func TestOutDir(t *testing.T) {
	for _, c := range []struct {
		name, file, text, config, want string
	}{
		{"handbook", "handbook.yaml", "title: H\n", "", "public"},
		{"mkdocs", "mkdocs.yml", "site_name: M\n", "", "site"},
		{"zensical", "zensical.toml", "[project]\nsite_name = \"Z\"\n", "", "site"},
		{"--config", "conf/x.yml", "site_name: M\n", "conf/x.yml", "conf/site"},
		{"site_dir", "mkdocs.yml", "site_name: M\nsite_dir: out/html\n", "", "out/html"},
		{"site_dir from --config", "conf/x.yml", "site_name: M\nsite_dir: ../built\n", "conf/x.yml", "built"},
		{"zensical site_dir", "zensical.toml", "[project]\nsite_name = \"Z\"\nsite_dir = \"dist\"\n", "", "dist"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, c.file), c.text)
			opts := Options{Source: dir}
			if c.config != "" {
				opts.ConfigPath = filepath.Join(dir, c.config)
			}
			cfg, diags := Load(opts)
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			want := filepath.Join(dir, filepath.FromSlash(c.want))
			if got := cfg.OutDir(); got != want {
				t.Errorf("OutDir %s, want %s", got, want)
			}
			if guess := GuessOutDir(opts); cfg.SiteDir == "" && guess != want {
				t.Errorf("GuessOutDir %s, want %s", guess, want)
			}
		})
	}
}
