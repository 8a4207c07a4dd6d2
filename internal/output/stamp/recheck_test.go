package stamp

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"handbook/internal/srctree"
)

// recheckSite makes a project as the build stamp sees one: a config file,
// a content folder with subfolders, a dotfile, the output folder and the
// cache inside it, every file saved an hour ago.
func recheckSite(t *testing.T) (dir string, in Inputs) {
	t.Helper()
	dir = t.TempDir()
	files := map[string]string{
		"handbook.yaml":                          "title: T\n",
		"content/index.md":                       "# Home\n",
		"content/a.md":                           "# A\n",
		"content/guide/b.md":                     "# B\n",
		"content/guide/deep/c.md":                "# C\n",
		"content/guide/.meta.yml":                "levels: [L6]\n",
		"content/.hidden.md":                     "not read\n",
		"content/public/index.html":              "built\n",
		"content/public/" + srctree.OutputMarker: "",
		"content/.cache/handbook/x":              "cached\n",
		"snippets/s.md":                          "snippet\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ageAll(t, dir)
	content := filepath.Join(dir, "content")
	in = Inputs{
		Key:     []string{"opts"},
		Files:   []string{filepath.Join(dir, "handbook.yaml"), filepath.Join(dir, "mkdocs.yml")},
		Trees:   []string{content, filepath.Join(dir, "theme")},
		Within:  []string{dir},
		Exclude: []string{filepath.Join(content, "public"), filepath.Join(content, ".cache", "handbook")},
		Include: []string{".meta.yml"},
	}
	return dir, in
}

// ageAll makes every file under dir look saved an hour ago.
func ageAll(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type()&fs.ModeSymlink == 0 {
			os.Chtimes(p, old, old)
		}
		return nil
	})
}

func write(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRecheck: Recheck, which checks the last stamp's listing against the
// file system, gives the verdict UpToDate gives on a stamp taken anew,
// for every kind of change to the inputs and for changes that are none.
func TestRecheck(t *testing.T) {
	changes := []struct {
		name     string
		change   func(t *testing.T, dir string)
		upToDate bool
	}{
		{"nothing", func(t *testing.T, dir string) {}, true},
		{"a page edited", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/a.md"), "# A!\n") }, false},
		{"a page edited, same size", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/a.md"), "# Z\n") }, false},
		{"a page touched", func(t *testing.T, dir string) {
			now := time.Now()
			os.Chtimes(filepath.Join(dir, "content/guide/deep/c.md"), now, now)
		}, false},
		{"a page's mode", func(t *testing.T, dir string) { os.Chmod(filepath.Join(dir, "content/a.md"), 0o600) }, false},
		{"a page added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/guide/new.md"), "# N\n") }, false},
		{"a page added first", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/0.md"), "# N\n") }, false},
		{"a page added last", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/zz.md"), "# N\n") }, false},
		{"a page removed", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "content/guide/deep/c.md")) }, false},
		{"a page renamed", func(t *testing.T, dir string) {
			os.Rename(filepath.Join(dir, "content/a.md"), filepath.Join(dir, "content/b.md"))
		}, false},
		{"a folder removed", func(t *testing.T, dir string) { os.RemoveAll(filepath.Join(dir, "content/guide/deep")) }, false},
		{"an empty folder added", func(t *testing.T, dir string) { os.Mkdir(filepath.Join(dir, "content/empty"), 0o755) }, false},
		{"a page replaced by a folder", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "content/a.md"))
			os.Mkdir(filepath.Join(dir, "content/a.md"), 0o755)
		}, false},
		{"a .meta.yml added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/.meta.yml"), "x: 1\n") }, false},
		{"a .meta.yml edited", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/guide/.meta.yml"), "x: 12\n") }, false},
		{"a dotfile added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/.DS_Store"), "x") }, true},
		{"a dot-folder's file added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/.git/HEAD"), "x") }, true},
		{"the output folder written", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/public/new/index.html"), "x") }, true},
		{"an output folder added", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "content/site/index.html"), "x")
			write(t, filepath.Join(dir, "content/site", srctree.OutputMarker), "")
		}, true},
		{"a folder made an output folder", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "content/guide/deep", srctree.OutputMarker), "")
		}, false},
		{"a link to a page added", func(t *testing.T, dir string) {
			os.Symlink("a.md", filepath.Join(dir, "content/link.md"))
		}, false},
		{"a page replaced by a link", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "content/guide/b.md"))
			os.Symlink("../a.md", filepath.Join(dir, "content/guide/b.md"))
		}, false},
		{"a pipe added", func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "content/pipe")) }, false},
		{"the config edited", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "handbook.yaml"), "title: U\n") }, false},
		{"a config added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "mkdocs.yml"), "site_name: x\n") }, false},
		{"the theme folder added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "theme/main.html"), "x") }, false},
		{"a snippet edited", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "snippets/s.md"), "snippet!\n") }, false},
		{"the content folder removed", func(t *testing.T, dir string) { os.RemoveAll(filepath.Join(dir, "content")) }, false},
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			dir, in := recheckSite(t)
			out := filepath.Join(dir, "content", "public")
			prev, err := Take(in, out)
			if err != nil {
				t.Fatal(err)
			}
			prev.RecordRead([]string{filepath.Join(dir, "snippets/s.md")})
			c.change(t, dir)
			upToDate, known, refreshed := prev.Recheck(in, out)
			if runtime.GOOS != "linux" {
				if known {
					t.Fatal("Recheck tells outside Linux")
				}
				return
			}
			taken, err := Take(in, out)
			if err != nil && upToDate {
				t.Fatalf("up to date, but a stamp cannot be taken: %v", err)
			}
			oracle := err == nil && func() bool { ok, _ := taken.UpToDate(prev); return ok }()
			if oracle != c.upToDate {
				t.Fatalf("UpToDate says %v, the test %v", oracle, c.upToDate)
			}
			if known && upToDate != c.upToDate {
				t.Errorf("Recheck: up to date %v, want %v", upToDate, c.upToDate)
			}
			if !known && c.upToDate {
				t.Errorf("Recheck cannot tell that nothing changed")
			}
			if refreshed != nil {
				t.Errorf("refreshed without racy files")
			}
		})
	}
}

// TestRecheckKey: other options, another output folder: not up to date.
func TestRecheckKey(t *testing.T) {
	dir, in := recheckSite(t)
	out := filepath.Join(dir, "content", "public")
	prev, err := Take(in, out)
	if err != nil {
		t.Fatal(err)
	}
	if ok, known, _ := prev.Recheck(in, out+"2"); ok || !known {
		t.Errorf("another output folder: up to date %v (known %v)", ok, known)
	}
	in.Key = []string{"other"}
	if ok, known, _ := prev.Recheck(in, out); ok || !known {
		t.Errorf("other options: up to date %v (known %v)", ok, known)
	}
}

// TestRecheckLinks: a listing with links (followed under srctree's rule)
// is left to Take and UpToDate.
func TestRecheckLinks(t *testing.T) {
	dir, in := recheckSite(t)
	if err := os.Symlink("guide", filepath.Join(dir, "content", "alias")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "content", "public")
	prev, err := Take(in, out)
	if err != nil {
		t.Fatal(err)
	}
	if _, known, _ := prev.Recheck(in, out); known {
		t.Error("Recheck tells with a link among the inputs")
	}
}

// TestRecheckRacy: files saved just before the stamp are compared by
// content: a same-size edit that keeps the time is seen, and when many
// were read, the stamp comes back refreshed with the new time.
func TestRecheckRacy(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("Recheck tells on Linux only (elsewhere Take and UpToDate do)")
	}
	dir, in := recheckSite(t)
	out := filepath.Join(dir, "content", "public")
	page := filepath.Join(dir, "content", "a.md")
	write(t, page, "# Now\n") // racy
	info, _ := os.Stat(page)
	prev, err := Take(in, out)
	if err != nil {
		t.Fatal(err)
	}
	if ok, known, refreshed := prev.Recheck(in, out); !ok || !known || refreshed != nil {
		t.Fatalf("one racy file, unchanged: up to date %v (known %v), refreshed %v", ok, known, refreshed != nil)
	}
	write(t, page, "# Wow\n")
	os.Chtimes(page, info.ModTime(), info.ModTime())
	if ok, known, _ := prev.Recheck(in, out); ok || !known {
		t.Fatalf("a racy file edited, same size and time: up to date %v (known %v)", ok, known)
	}
	write(t, page, "# Now\n")
	os.Chtimes(page, info.ModTime(), info.ModTime())

	for i := range refreshAfter + 1 {
		write(t, filepath.Join(dir, "content", "many", fmt.Sprintf("%d.md", i)), "x")
	}
	prev, err = Take(in, out)
	if err != nil {
		t.Fatal(err)
	}
	ok, known, refreshed := prev.Recheck(in, out)
	if !ok || !known || refreshed == nil {
		t.Fatalf("many racy files, unchanged: up to date %v (known %v), refreshed %v", ok, known, refreshed != nil)
	}
	if refreshed.Started <= prev.Started || len(refreshed.Files) != len(prev.Files) {
		t.Fatalf("refreshed: started %d (was %d), %d files (was %d)", refreshed.Started, prev.Started, len(refreshed.Files), len(prev.Files))
	}
	if ok, _, _ := refreshed.Recheck(in, out); !ok {
		t.Error("the refreshed stamp is not up to date")
	}
}

// TestUnchangedNested: the output check sees a file edited in place, a
// file added, a mode changed and a folder replaced by a link, at every
// depth, as stating each path whole does.
func TestUnchangedNested(t *testing.T) {
	changes := []struct {
		name   string
		change func(out string)
		same   bool
	}{
		{"nothing", func(out string) {}, true},
		{"a file edited in place", func(out string) {
			f, _ := os.OpenFile(filepath.Join(out, "a/b/c/index.html"), os.O_WRONLY, 0)
			f.WriteAt([]byte("X"), 0)
			f.Close()
		}, false},
		{"a top file edited", func(out string) { os.WriteFile(filepath.Join(out, "index.html"), []byte("home!"), 0o644) }, false},
		{"a file added deep", func(out string) { os.WriteFile(filepath.Join(out, "a/b/c/stray.html"), nil, 0o644) }, false},
		{"a file added on top", func(out string) { os.WriteFile(filepath.Join(out, "stray.html"), nil, 0o644) }, false},
		{"a file removed", func(out string) { os.Remove(filepath.Join(out, "a/b/index.html")) }, false},
		{"a mode changed", func(out string) { os.Chmod(filepath.Join(out, "a/b/c/index.html"), 0o600) }, false},
		{"a top folder replaced by a link", func(out string) {
			os.Rename(filepath.Join(out, "a"), filepath.Join(out, "..", "a-moved"))
			os.Symlink(filepath.Join(out, "..", "a-moved"), filepath.Join(out, "a"))
		}, false},
		{"the folder removed", func(out string) { os.RemoveAll(out) }, false},
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			var listing []FileStat
			for _, name := range []string{"index.html", "a/index.html", "a/b/index.html", "a/b/c/index.html", "z/index.html"} {
				write(t, filepath.Join(out, filepath.FromSlash(name)), "page "+name)
			}
			ageAll(t, out)
			filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
				info, _ := d.Info()
				rel, _ := filepath.Rel(out, p)
				f := FileStat{Path: filepath.ToSlash(rel), Mod: info.ModTime().UnixNano(), Mode: info.Mode()}
				if !d.IsDir() {
					f.Size = info.Size()
				}
				listing = append(listing, f)
				return nil
			})
			c.change(out)
			if got, want := Unchanged(out, listing), unchangedByPath(out, listing); got != c.same || want != c.same {
				t.Errorf("Unchanged %v, stating whole paths %v, want %v", got, want, c.same)
			}
		})
	}
}

// TestSaveRemovesLeftovers: the temporary file of a stamp write cut short
// is removed by the next save; other files are not.
func TestSaveRemovesLeftovers(t *testing.T) {
	cacheDir := t.TempDir()
	out := filepath.Join(t.TempDir(), "public")
	base := filepath.Base(stampPath(cacheDir, out))
	left := filepath.Join(cacheDir, "."+base+".tmp-123456")
	other := filepath.Join(cacheDir, ".build-000000000000.stamp.tmp-1")
	kept := filepath.Join(cacheDir, "state-x.bin")
	for _, p := range []string{left, other, kept} {
		write(t, p, "x")
	}
	if err := sampleStamp().Save(cacheDir, out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(left); err == nil {
		t.Error("the leftover is still there")
	}
	for _, p := range []string{other, kept} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed", p)
		}
	}
	entries, _ := os.ReadDir(cacheDir)
	for _, e := range entries {
		if strings.Contains(e.Name(), base+".tmp-") {
			t.Errorf("left in the cache: %s", e.Name())
		}
	}
	if Read(cacheDir, out) == nil {
		t.Error("the stamp saved cannot be read")
	}
}
