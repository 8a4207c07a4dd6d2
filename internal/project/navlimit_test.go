package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNavListLimit: nav_list_limit in handbook.yaml and
// extra.nav_list_limit in mkdocs.yml and zensical.toml set the longest nav
// list shown whole; unset, it is the default; 0 is allowed (no windows).
func TestNavListLimit(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       int
	}{
		{"handbook.yaml", "title: T\n", DefaultNavListLimit},
		{"handbook.yaml", "title: T\nnav_list_limit: 50\n", 50},
		{"handbook.yaml", "title: T\nnav_list_limit: 0\n", 0},
		{"mkdocs.yml", "site_name: T\n", DefaultNavListLimit},
		{"mkdocs.yml", "site_name: T\nextra:\n  nav_list_limit: 300\n", 300},
		{"zensical.toml", "[project]\nsite_name = \"T\"\n[project.extra]\nnav_list_limit = 7\n", 7},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, c.name), []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, diags := Load(Options{Source: dir})
		if got := cfg.NavLimit(); got != c.want || len(diags) != 0 {
			t.Errorf("%s %q: limit %d, want %d; diagnostics %v", c.name, c.text, got, c.want, diags)
		}
	}
}

// TestNavListLimitErrors: a limit that is not a whole number of 0 or more
// is an error at its line, and the default applies.
func TestNavListLimitErrors(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"handbook.yaml", "title: T\nnav_list_limit: -1\n", "handbook.yaml:2:17: nav_list_limit must be 0"},
		{"handbook.yaml", "title: T\nnav_list_limit: many\n", "handbook.yaml:2:17: nav_list_limit must be a whole number"},
		{"mkdocs.yml", "site_name: T\nextra:\n  nav_list_limit: -5\n", "mkdocs.yml:3:19: extra.nav_list_limit must be 0"},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, c.name), []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, diags := Load(Options{Source: dir})
		got := ""
		for _, d := range diags {
			got += d.String() + "\n"
		}
		if !strings.Contains(got, c.want) || !diags.HasErrors() {
			t.Errorf("%q: diagnostics\n%s\nwant %q", c.text, got, c.want)
		}
		if cfg.NavLimit() != DefaultNavListLimit {
			t.Errorf("%q: limit %d, want the default", c.text, cfg.NavLimit())
		}
	}
}
