package project

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSecurityRawHTML: security: {raw_html: false} in handbook.yaml and
// extra: {security: {raw_html: false}} in mkdocs.yml make the site
// untrusted, without a warning.
func TestSecurityRawHTML(t *testing.T) {
	for name, text := range map[string]string{
		"handbook.yaml": "title: T\nsecurity:\n  raw_html: false\n",
		"mkdocs.yml":    "site_name: T\nextra:\n  security:\n    raw_html: false\n",
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, diags := Load(Options{Source: dir})
		if !cfg.Untrusted() || len(diags) != 0 {
			t.Errorf("%s: untrusted %v, diagnostics %v", name, cfg.Untrusted(), diags)
		}
	}
	if cfg, _ := Load(Options{Source: t.TempDir()}); cfg.Untrusted() {
		t.Error("a project is untrusted by default")
	}
}
