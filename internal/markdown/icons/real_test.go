package icons_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"handbook/internal/sitetest"

	"handbook/internal/build"
	"handbook/internal/markdown/icons"
)

// TestExtraMaterialDocsIcons builds Material for MkDocs' own documentation (an
// extra: it needs ../shared) and checks the icons: no shortcode in it
// names a missing icon, and the build reports no unknown icon.
func TestExtraMaterialDocsIcons(t *testing.T) {
	realMaterial := filepath.Join(sitetest.SharedDir(), "real", "mkdocs-material")
	if _, err := os.Stat(filepath.Join(realMaterial, "mkdocs.yml")); err != nil {
		t.Skipf("../shared/real/mkdocs-material not available: %v", err)
	}
	// Every icon shortcode written in the docs, code examples included,
	// exists (Material's docs show only real icons), and so does every icon
	// a page's front matter or mkdocs.yml (theme.icon, its logo: logo,
	// palette toggles, extra.social) names in the path form.
	shortcode := regexp.MustCompile(`:((?:material|octicons|fontawesome|simple|lucide)-[a-z0-9_-]+):`)
	setting := regexp.MustCompile(`(?m)^\s*(?:- )?(?:icon|logo): ([a-z0-9_/-]+)(?:\s|$)`)
	used, settings := map[string]bool{}, map[string]bool{}
	config, err := os.ReadFile(filepath.Join(realMaterial, "mkdocs.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range setting.FindAllSubmatch(config, -1) {
		settings[string(m[1])] = true
	}
	err = filepath.WalkDir(filepath.Join(realMaterial, "docs"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		src, err := os.ReadFile(path)
		for _, m := range shortcode.FindAllSubmatch(src, -1) {
			used[string(m[1])] = true
		}
		if front, ok := bytes.CutPrefix(src, []byte("---\n")); ok {
			front, _, _ = bytes.Cut(front, []byte("\n---"))
			for _, m := range setting.FindAllSubmatch(front, -1) {
				settings[string(m[1])] = true
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 100 {
		t.Fatalf("found only %d distinct icon shortcodes in the docs", len(used))
	}
	for name := range used {
		if _, ok := icons.Lookup(name); !ok {
			t.Errorf("%s is used in Material's docs but not bundled", name)
		}
	}
	if len(settings) < 30 {
		t.Fatalf("found only %d icons in settings and front matter", len(settings))
	}
	for name := range settings {
		if _, ok := icons.Lookup(name); !ok {
			t.Errorf("icon: %s is set in Material's docs but not bundled", name)
		}
	}

	// The build (links may be broken for reasons of their own; only the
	// icon diagnostics count here).
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(realMaterial)); err != nil {
		t.Fatal(err)
	}
	r := build.Run(build.Options{Source: src, WarnLinks: true})
	rendered := 0
	for path, data := range r.Files {
		if strings.HasSuffix(path, ".html") {
			rendered += strings.Count(string(data), `<span class="twemoji`)
		}
	}
	for _, d := range r.Diags {
		if d.Code == "unknown-icon" || strings.Contains(d.Message, "icon :") {
			t.Errorf("%s", d)
		}
	}
	if rendered < len(used) {
		t.Errorf("%d icons rendered in the whole site, fewer than the %d distinct names its pages use", rendered, len(used))
	}
	t.Logf("%d distinct icon shortcodes in the docs, %d icons in settings; %d icons rendered; %d diagnostics (none about icons)", len(used), len(settings), rendered, len(r.Diags))
}
