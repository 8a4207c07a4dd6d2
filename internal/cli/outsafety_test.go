package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// snapshot lists every file under root with its content.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			files[p] = string(b)
		}
		return nil
	})
	return files
}

// TestForceOutNeverDeletesTheSource: --out naming the source, a folder
// above it, the content or the config's folder is refused, with or without
// --force, from inside the source and from outside, and nothing changes.
func TestForceOutNeverDeletesTheSource(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "p", "s")
	sitetest.WriteTxtar(t, src, "-- content/index.md --\n# H\n-- handbook.yaml --\ntitle: T\n-- .git/HEAD --\nref: refs/heads/main\n")
	os.WriteFile(filepath.Join(root, "p", "o.txt"), []byte("keep\n"), 0o644)
	os.Symlink(filepath.Join(root, "p"), filepath.Join(root, "alias"))
	before := snapshot(t, root)
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	cases := []struct {
		cwd  string
		args []string
	}{
		{src, []string{"--force", "--out", filepath.Join(root, "p")}}, // the reproduction
		{src, []string{"--force", "--out", "."}},
		{src, []string{"--force", "--out", ".."}},
		{src, []string{"--force", "--out", src}},
		{src, []string{"--force", "--out", "content"}},
		{src, []string{"--out", "content/out"}},
		{src, []string{"--force", "--out", filepath.Join(root, "alias")}},
		{src, []string{"--force", "--out", filepath.Join(root, "alias", "s")}},
		{root, []string{"--force", "--source", src, "--out", "p"}},
		{root, []string{"--force", "--source", "p/s", "--out", "."}},
		{root, []string{"--force", "--source", "alias/s", "--out", "p/s/content/x"}},
		{root, []string{"--force", "--source", "p/s", "--config", "p/s/handbook.yaml", "--out", "p/s"}},
	}
	for _, c := range cases {
		os.Chdir(c.cwd)
		code, _, errOut := run(t, append([]string{"build"}, c.args...)...)
		if code == 0 || !strings.Contains(errOut, "refusing to use") {
			t.Errorf("in %s, build %v: exit %d, %s", c.cwd, c.args, code, errOut)
		}
		if after := snapshot(t, root); !mapsEqual(before, after) {
			t.Fatalf("in %s, build %v changed files outside any output folder", c.cwd, c.args)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestForceMovesForeignFolderAside: --force over a folder handbook did not
// write keeps its files, moved to a sibling that the summary names.
func TestForceMovesForeignFolderAside(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# H\n-- site/notes.txt --\nmine\n")
	out := filepath.Join(dir, "site")
	code, stdout, errOut := run(t, "build", "--source", dir, "--force", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	entries, _ := os.ReadDir(dir)
	var aside string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "site.before-handbook-") {
			aside = filepath.Join(dir, e.Name())
		}
	}
	if aside == "" || !strings.Contains(stdout, aside) {
		t.Fatalf("no folder moved aside, or not reported: %q, %v", stdout, entries)
	}
	if b, _ := os.ReadFile(filepath.Join(aside, "notes.txt")); string(b) != "mine\n" {
		t.Fatal("the foreign file was not kept")
	}
	names := []string{}
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, ".tmp-") }) {
		t.Errorf("left a staging folder: %v", names)
	}
}
