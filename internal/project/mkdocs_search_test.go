package project

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestSearchPluginSeparatorAndLang(t *testing.T) {
	yml := "site_name: x\nplugins:\n  - search:\n      separator: '[\\s\\-]+|(?!\\b)(?=[A-Z][a-z])|\\.(?!\\d)'\n      lang: [en, DE]\n"
	cfg, _, diags := load(t, yml)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diagStrings(diags))
	}
	s := cfg.Plugins.Search
	if s.Separator != `[\s\-]+|(?!\b)(?=[A-Z][a-z])|\.(?!\d)` || !slices.Equal(s.Lang, []string{"en", "de"}) {
		t.Errorf("separator %q lang %q", s.Separator, s.Lang)
	}
	cfg, _, diags = load(t, "site_name: x\nplugins:\n  - search:\n      lang: fr\n")
	if len(diags) != 0 || !slices.Equal(cfg.Plugins.Search.Lang, []string{"fr"}) {
		t.Errorf("lang: fr read as %q, %v", cfg.Plugins.Search.Lang, diagStrings(diags))
	}
}

func TestSearchPluginInvalidSeparatorIsAnErrorAtItsLine(t *testing.T) {
	cfg, _, diags := load(t, "site_name: x\nplugins:\n  - tags\n  - search:\n      separator: '[\\s(?=x'\n")
	got := diagStrings(diags)
	if len(got) != 1 || !diags.HasErrors() || diags[0].Line != 5 || diags[0].Col != 18 {
		t.Fatalf("diagnostics %q, want one error at mkdocs.yml:5:18", got)
	}
	if cfg.Plugins.Search.Separator != "" {
		t.Errorf("invalid separator kept: %q", cfg.Plugins.Search.Separator)
	}
}

func TestSearchPluginUnknownLangIsAWarningAtItsLine(t *testing.T) {
	cfg, _, diags := load(t, "site_name: x\nplugins:\n  - search:\n      lang:\n        - en\n        - xx\n")
	got := diagStrings(diags)
	if len(got) != 1 || diags.HasErrors() || diags[0].Line != 6 || diags[0].Col != 11 {
		t.Fatalf("diagnostics %q, want one warning at mkdocs.yml:6:11", got)
	}
	if !slices.Equal(cfg.Plugins.Search.Lang, []string{"en", "xx"}) {
		t.Errorf("lang %q", cfg.Plugins.Search.Lang)
	}
}

func TestZensicalSearchPlugin(t *testing.T) {
	dir := t.TempDir()
	toml := "[project]\nsite_name = \"z\"\n\n[project.plugins.search]\nseparator = '[\\s\\-]+|(?!\\b)(?=[A-Z][a-z])'\nlang = [\"de\", \"qq\"]\n"
	if err := os.WriteFile(filepath.Join(dir, "zensical.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, diags := Load(Options{Source: dir})
	if len(diags) != 1 || diags.HasErrors() || diags[0].Line != 6 {
		t.Errorf("diagnostics %v, want one warning (qq) at line 6", diags)
	}
	if s := cfg.Plugins.Search; s.Separator != `[\s\-]+|(?!\b)(?=[A-Z][a-z])` || !slices.Equal(s.Lang, []string{"de", "qq"}) {
		t.Errorf("separator %q lang %q", s.Separator, s.Lang)
	}
	os.WriteFile(filepath.Join(dir, "zensical.toml"), []byte("[project]\nsite_name = \"z\"\n\n[project.plugins.search]\nseparator = \"(\"\n"), 0o644)
	if _, diags := Load(Options{Source: dir}); !diags.HasErrors() || diags[0].Line != 5 {
		t.Errorf("diagnostics %v, want an error at line 5", diags)
	}
}
