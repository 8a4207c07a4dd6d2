package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// copyDir copies the MkDocs fixture project into a temporary folder.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dest := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dest, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dest, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBuildMkDocsProjectUnchanged builds an MkDocs project as it is: its
// mkdocs.yml is read, pages keep their MkDocs URLs (.html here, since the
// project turns directory URLs off) and heading ids.
func TestBuildMkDocsProjectUnchanged(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "../project/testdata/project", dir)
	sitetest.WriteTxtar(t, dir, `
-- docs/guide/basics.md --
---
tags: [basics, interviews]
---
# Basics

!!! tip "Read this first"
    See [tuning](advanced/tuning.md#cache-sizes) and [home](../index.md).

## 🚀 Über café — naïve résumé

=== "L6"
    Six.

=== "L7"
    Seven.
-- docs/guide/advanced/tuning.md --
# Tuning

### Cache sizes
`)
	code, out, errOut := run(t, "build", "--source", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "\nmkdocs.yml:81:5: warning: markdown_extensions: smarty is not implemented by handbook") || strings.Count(errOut, "markdown_extensions") != 1 {
		t.Errorf("the unimplemented extension not reported once, at its line:\n%s", errOut)
	}
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(dir, "site", p))
		if err != nil {
			t.Fatalf("missing %s", p)
		}
		return string(b)
	}
	basics := read("guide/basics.html")
	for _, want := range []string{
		`<a href="advanced/tuning.html#cache-sizes">tuning</a>`,
		`<a href="../index.html">home</a>`,
		`<h2 id="-über-café--naïve-résumé">`, // toc's slugify: pymdownx.slugs.slugify, case: lower
		`title="Permanent link">#</a>`,
		`<link rel="stylesheet" href="../stylesheets/extra.css">`,
		`<script src="../javascripts/extra.js" defer></script>`,
		`--hb-accent:#7e56c2`,
		`<html lang="de"`,
		`<title>Basics · Interview Prep</title>`,
	} {
		if !strings.Contains(basics, want) {
			t.Errorf("guide/basics.html lacks %q", want)
		}
	}
	for _, bad := range []string{"cdn.example.com", "unpkg.com", "!!! tip", "=== "} {
		if strings.Contains(basics, bad) {
			t.Errorf("guide/basics.html contains %q", bad)
		}
	}
	tags := read("tags.html")
	if !strings.Contains(tags, `<a href="guide/basics.html">Basics</a>`) {
		t.Errorf("tags page:\n%s", tags)
	}
	read("guide/advanced/index.html")
	read("search/index.json")
}

func TestImportWritesHandbookYAMLOnce(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "../project/testdata/project", dir)
	mk := filepath.Join(dir, "mkdocs.yml")
	code, out, errOut := run(t, "import", mk)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "wrote "+filepath.Join(dir, "handbook.yaml")) || !strings.Contains(out, "not carried over:") || !strings.Contains(out, "smarty is not implemented") {
		t.Errorf("output:\n%s", out)
	}
	// The imported config builds the same site, without warnings about keys.
	code, _, errOut = run(t, "build", "--source", dir)
	if code != 0 || strings.Contains(errOut, "unknown config key") {
		t.Fatalf("building with the imported handbook.yaml: %d\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "guide", "basics.html")); err != nil {
		t.Error("imported config lost use_directory_urls: false")
	}
	if code, _, errOut = run(t, "import", mk); code == 0 || !strings.Contains(errOut, "handbook.yaml") {
		t.Errorf("second import overwrote: %d %s", code, errOut)
	}
}

// new and fix work in the project's docs_dir, wherever its config puts it
// (here a Zensical project's docs_dir, and an MkDocs one found by --config).
func TestNewAndFixWorkInDocsDir(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- zensical.toml --\n[project]\nsite_name = \"Z\"\ndocs_dir = \"pages\"\n-- pages/index.md --\n# Home\n\nCoffee \u00e2\u0080\u0094 ok.\n")
	if code, _, errOut := run(t, "new", "--source", dir, "guide/first-steps.md"); code != 0 {
		t.Fatalf("new: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "pages", "guide", "first-steps.md")); err != nil {
		t.Errorf("new did not write into docs_dir: %v", err)
	}
	if code, out, errOut := run(t, "fix", "--source", dir); code != 0 || !strings.Contains(out, "fixed 1 file") {
		t.Fatalf("fix: exit %d: %s %s", code, out, errOut)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "pages", "index.md")); !strings.Contains(string(b), "Coffee — ok.") {
		t.Errorf("fix did not repair docs_dir's page: %q", b)
	}
	other := t.TempDir()
	sitetest.WriteTxtar(t, other, "-- site/online.yml --\nsite_name: O\ndocs_dir: ../notes\n-- notes/index.md --\n# Home\n")
	if code, _, errOut := run(t, "new", "--source", other, "--config", filepath.Join(other, "site", "online.yml"), "more.md"); code != 0 {
		t.Fatalf("new --config: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(other, "notes", "more.md")); err != nil {
		t.Errorf("new --config did not write into the config's docs_dir (relative to the config file): %v", err)
	}
}

// TestSearchSeparatorBuild builds an MkDocs project whose search plugin sets
// a separator: the index names it for the browser, is the same byte for
// byte in two builds, and follows an edit of the setting.
func TestSearchSeparatorBuild(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "../project/testdata/project", dir)
	mk := filepath.Join(dir, "mkdocs.yml")
	yml, err := os.ReadFile(mk)
	if err != nil {
		t.Fatal(err)
	}
	const sep = `'[\s\-]+|(?!\b)(?=[A-Z][a-z])'`
	withSep := strings.Replace(string(yml), "  - search:\n      lang: en\n", "  - search:\n      separator: "+sep+"\n      lang: [de]\n", 1)
	if withSep == string(yml) {
		t.Fatal("the fixture's search plugin entry has changed; update this test")
	}
	if err := os.WriteFile(mk, []byte(withSep), 0o644); err != nil {
		t.Fatal(err)
	}
	sitetest.WriteTxtar(t, dir, "-- docs/camel.md --\n# Camel\n\nTurn on searchHighlight.\n")
	searchFiles := func(out string) map[string]string {
		code, stdout, errOut := run(t, "build", "--source", dir, "--out", out)
		if code != 0 {
			t.Fatalf("exit %d\n%s\n%s", code, stdout, errOut)
		}
		files := map[string]string{}
		entries, _ := os.ReadDir(filepath.Join(out, "search"))
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(out, "search", e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files[e.Name()] = string(b)
		}
		return files
	}
	a, b := searchFiles(filepath.Join(dir, "a")), searchFiles(filepath.Join(dir, "b"))
	if len(a) == 0 || !reflect.DeepEqual(a, b) {
		t.Fatalf("two builds' search files differ (%d and %d files)", len(a), len(b))
	}
	if entry := a["index.json"]; !strings.Contains(entry, `"separator":"[\\s\\-]+|(?!\\b)(?=[A-Z][a-z])"`) || !strings.Contains(entry, `"stemmer":"none"`) {
		t.Errorf("index.json lacks the separator or the stemmer: %.300s", entry)
	}
	shards := ""
	for name, body := range a {
		if strings.HasPrefix(name, "t-") {
			shards += body
		}
	}
	if !strings.Contains(shards, `"highlight"`) || strings.Contains(shards, `"searchhighlight"`) {
		t.Error("searchHighlight is not indexed as its parts")
	}
	if err := os.WriteFile(mk, yml, 0o644); err != nil {
		t.Fatal(err)
	}
	if entry := searchFiles(filepath.Join(dir, "a"))["index.json"]; strings.Contains(entry, "separator") || strings.Contains(entry, "stemmer") {
		t.Errorf("after the separator and lang were removed, index.json still names them: %.300s", entry)
	}
}

// An MkDocs or Zensical project is built where `mkdocs build` and
// `zensical build` write it: site_dir (relative to the config file's
// folder), site/ by default; --out overrides it; the next build into
// site_dir is up to date; a handbook project writes public/.
func TestBuildWritesWhereSiteDirSays(t *testing.T) {
	build := func(t *testing.T, dir string, args ...string) string {
		t.Helper()
		code, out, errOut := run(t, append([]string{"build", "--source", dir}, args...)...)
		if code != 0 {
			t.Fatalf("build %v: exit %d: %s", args, code, errOut)
		}
		return out
	}
	has := func(t *testing.T, path string, want bool) {
		t.Helper()
		if _, err := os.Stat(path); (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", path, err == nil, want)
		}
	}
	t.Run("mkdocs default", func(t *testing.T) {
		dir := t.TempDir()
		sitetest.WriteTxtar(t, dir, "-- mkdocs.yml --\nsite_name: T\n-- docs/index.md --\n# Home\n")
		build(t, dir)
		has(t, filepath.Join(dir, "site", "index.html"), true)
		has(t, filepath.Join(dir, "public"), false)
	})
	t.Run("zensical default", func(t *testing.T) {
		dir := t.TempDir()
		sitetest.WriteTxtar(t, dir, "-- zensical.toml --\n[project]\nsite_name = \"Z\"\n-- docs/index.md --\n# Home\n")
		build(t, dir)
		has(t, filepath.Join(dir, "site", "index.html"), true)
	})
	t.Run("site_dir", func(t *testing.T) {
		dir := t.TempDir()
		sitetest.WriteTxtar(t, dir, "-- conf/mkdocs.yml --\nsite_name: T\ndocs_dir: ../docs\nsite_dir: ../built/html\n-- docs/index.md --\n# Home\n")
		config := filepath.Join(dir, "conf", "mkdocs.yml")
		age(t, dir) // (the sources older than the output: no racy stamp)
		build(t, dir, "--config", config)
		has(t, filepath.Join(dir, "built", "html", "index.html"), true)
		has(t, filepath.Join(dir, "site"), false)
		has(t, filepath.Join(dir, "conf", "site"), false)
		if out := build(t, dir, "--config", config); !strings.HasPrefix(out, "up to date") || !strings.Contains(out, filepath.Join(dir, "built", "html")) {
			t.Errorf("the second build into site_dir: %s", out)
		}
		other := filepath.Join(t.TempDir(), "o")
		build(t, dir, "--config", config, "--out", other)
		has(t, filepath.Join(other, "index.html"), true)
	})
	t.Run("site_dir naming the docs folder", func(t *testing.T) {
		dir := t.TempDir()
		sitetest.WriteTxtar(t, dir, "-- mkdocs.yml --\nsite_name: T\nsite_dir: docs\n-- docs/index.md --\n# Home\n")
		code, _, errOut := run(t, "build", "--source", dir)
		if code != 1 || !strings.HasPrefix(errOut, "mkdocs.yml:2:11: site_dir: ") || !strings.Contains(errOut, "content folder") {
			t.Errorf("exit %d, want 1 and the refusal at site_dir's place:\n%s", code, errOut)
		}
		if b, err := os.ReadFile(filepath.Join(dir, "docs", "index.md")); err != nil || string(b) != "# Home\n" {
			t.Errorf("the docs folder was touched: %q, %v", b, err)
		}
	})
	t.Run("handbook", func(t *testing.T) {
		dir := t.TempDir()
		sitetest.WriteTxtar(t, dir, "-- handbook.yaml --\ntitle: H\n-- content/index.md --\n# Home\n")
		build(t, dir)
		has(t, filepath.Join(dir, "public", "index.html"), true)
		has(t, filepath.Join(dir, "site"), false)
	})
}
