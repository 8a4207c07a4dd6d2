package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/browsertest"
	"handbook/internal/sitetest"
)

const levelSite = "-- handbook.yaml --\ntitle: Prep\n" +
	"-- content/index.md --\n# Home\n\nStart [here](a.md).\n" +
	"-- content/a.md --\n---\nlevels: [L6]\n---\n# Alpha for L6\n\nSee [beta](b.md#two).\n" +
	"-- content/b.md --\n---\nlevels: [L7]\n---\n# Beta for L7\n\n## Two\n\nText.\n"

// TestPDFPrintsALevel prints the L6 pages to a PDF with Chromium.
func TestPDFPrintsALevel(t *testing.T) {
	if browsertest.Path() == "" {
		browsertest.New(t) // skips locally, fails in CI
	}
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, levelSite)
	out := filepath.Join(dir, "l6.pdf")
	code, stdout, stderr := run(t, "pdf", "--source", dir, "--level", "L6", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("%s is not a PDF (%v)", out, err)
	}
	if !strings.Contains(stdout, "printed print/l6/ to "+out) {
		t.Errorf("stdout %q", stdout)
	}
}

// TestPDFWithoutChromiumSaysWhatToInstall: no browser, a clear message.
func TestPDFWithoutChromiumSaysWhatToInstall(t *testing.T) {
	t.Setenv("HANDBOOK_CHROMIUM", filepath.Join(t.TempDir(), "no-such-browser"))
	code, _, stderr := run(t, "pdf", "--source", t.TempDir())
	if code != 1 || !strings.Contains(stderr, "apt-get install chromium") || !strings.Contains(stderr, "HANDBOOK_CHROMIUM") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestOfflineBuild makes a folder for file://: links name index.html, the
// search index is also written as scripts, and there is no service worker.
func TestOfflineBuild(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, levelSite)
	if code, _, stderr := run(t, "build", "--source", dir, "--offline"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pub := filepath.Join(dir, "public")
	home, _ := os.ReadFile(filepath.Join(pub, "index.html"))
	if !bytes.Contains(home, []byte(`href="a/index.html"`)) || bytes.Contains(home, []byte(`href="a/"`)) {
		t.Errorf("home page links: %s", home)
	}
	scripts, _ := filepath.Glob(filepath.Join(pub, "search", "*.js"))
	jsons, _ := filepath.Glob(filepath.Join(pub, "search", "*.json"))
	if len(scripts) == 0 || len(scripts) != len(jsons) {
		t.Errorf("%d search scripts for %d index files", len(scripts), len(jsons))
	}
	entry, _ := os.ReadFile(filepath.Join(pub, "search", "index.js"))
	if !bytes.HasPrefix(entry, []byte(`HBSearchFile("search/index.json",{`)) {
		t.Errorf("search/index.js starts %.60q", entry)
	}
	if _, err := os.Stat(filepath.Join(pub, "sw.js")); err == nil {
		t.Error("an offline folder has a service worker")
	}
}

// Material's offline plugin makes the folder --offline makes.
func TestOfflinePluginBuildsAnOfflineFolder(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- mkdocs.yml --\nsite_name: T\nplugins: [search, offline]\n-- docs/index.md --\n# Home\n\n[A](a.md)\n-- docs/a.md --\n# A\n")
	if code, _, stderr := run(t, "build", "--source", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	home, _ := os.ReadFile(filepath.Join(dir, "site", "index.html"))
	if !bytes.Contains(home, []byte(`href="a/index.html"`)) {
		t.Errorf("the offline plugin's build links folders, not index.html:\n%s", home)
	}
	if _, err := os.Stat(filepath.Join(dir, "site", "sw.js")); err == nil {
		t.Error("an offline folder has a service worker")
	}
}
