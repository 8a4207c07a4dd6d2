package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree makes root/p/s (the source: content/, theme/, handbook.yaml, .git)
// beside root/p/o.txt, and returns root and the source folder.
func tree(t *testing.T) (root, src string) {
	t.Helper()
	root = t.TempDir()
	src = filepath.Join(root, "p", "s")
	for _, d := range []string{"content/sub", "theme", ".git"} {
		if err := os.MkdirAll(filepath.Join(src, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(src, "content", "index.md"), "# H\n")
	write(t, filepath.Join(src, "handbook.yaml"), "title: T\n")
	write(t, filepath.Join(root, "p", "o.txt"), "keep")
	return root, src
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func protectedFor(src string) Protected {
	return Protected{
		Source:  src,
		Content: filepath.Join(src, "content"),
		Config:  filepath.Join(src, "handbook.yaml"),
		Theme:   filepath.Join(src, "theme"),
	}
}

// chdir changes the working directory for one test.
func chdir(t *testing.T, dir string) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(wd) })
}

func TestCheckTargetRefusesWhatABuildMustKeep(t *testing.T) {
	root, src := tree(t)
	link := filepath.Join(root, "link")
	if err := os.Symlink(filepath.Join(root, "p"), link); err != nil {
		t.Fatal(err)
	}
	foreignRepo := filepath.Join(root, "repo")
	os.MkdirAll(filepath.Join(foreignRepo, ".git"), 0o755)
	chdir(t, filepath.Join(root, "p"))
	p := protectedFor(src)
	p.WorkDir = filepath.Join(root, "p")
	refused := map[string]string{
		src:                            "source folder",
		filepath.Join(root, "p"):       "source folder",
		root:                           "source folder",
		"s":                            "source folder", // relative, from the working directory
		".":                            "source folder",
		"..":                           "source folder",
		"s/.":                          "source folder",
		"s/content/..":                 "source folder",
		filepath.Join(link, "s"):       "source folder", // through a symbolic link
		link:                           "source folder",
		"s/content":                    "content folder",
		"s/content/out":                "inside the content folder",
		"s/content/sub/deeper/out":     "inside the content folder",
		filepath.Join(link, "s/theme"): "theme folder",
		"s/theme/public":               "inside the theme folder",
		foreignRepo:                    "git repository",
		"/":                            "file system root",
	}
	for out, why := range refused {
		for _, force := range []bool{false, true} {
			_, err := Open(out, force, p)
			if err == nil || !strings.Contains(err.Error(), why) {
				t.Errorf("Open(%q, force=%v) = %v, want a refusal naming %q", out, force, err, why)
			}
		}
	}
	for _, out := range []string{"s/public", filepath.Join(root, "elsewhere", "public"), filepath.Join(link, "s", "public")} {
		d, err := Open(out, false, p)
		if err != nil {
			t.Errorf("Open(%q) refused: %v", out, err)
			continue
		}
		d.Abort()
	}
	if b, _ := os.ReadFile(filepath.Join(root, "p", "o.txt")); string(b) != "keep" {
		t.Fatal("a file beside the source changed")
	}
}

// TestCheckTargetCaseInsensitive: on a file system that folds case, an
// output spelled with other case is still the source.
func TestCheckTargetCaseInsensitive(t *testing.T) {
	root, src := tree(t)
	upper := filepath.Join(root, "P", "S")
	if _, err := os.Stat(upper); err != nil {
		t.Skipf("%s: the temporary folder's file system is case-sensitive; the identity comparison is exercised through symbolic links instead", root)
	}
	if _, err := Open(upper, true, protectedFor(src)); err == nil {
		t.Fatal("the source spelled in upper case was accepted as output")
	}
}

func TestCheckTargetHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	src := filepath.Join(home, "site")
	os.MkdirAll(filepath.Join(src, "content"), 0o755)
	if _, err := Open(home, true, Protected{Source: src}); err == nil || !strings.Contains(err.Error(), "home folder") {
		t.Fatalf("home folder accepted as output: %v", err)
	}
}
