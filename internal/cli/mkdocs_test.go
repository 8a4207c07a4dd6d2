package cli

import (
	"os"
	"path/filepath"
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
	if !strings.Contains(errOut, "mkdocs.yml:48:1: warning: markdown_extensions not supported by handbook (ignored): pymdownx.snippets, pymdownx.critic, smarty") {
		t.Errorf("unsupported extensions not reported once:\n%s", errOut)
	}
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(dir, "public", p))
		if err != nil {
			t.Fatalf("missing %s", p)
		}
		return string(b)
	}
	basics := read("guide/basics.html")
	for _, want := range []string{
		`<a href="advanced/tuning.html#cache-sizes">tuning</a>`,
		`<a href="../index.html">home</a>`,
		`<h2 id="uber-cafe-naive-resume">`,
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
	if !strings.Contains(out, "wrote "+filepath.Join(dir, "handbook.yaml")) || !strings.Contains(out, "not carried over:") || !strings.Contains(out, "pymdownx.snippets") {
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
