package stamp

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
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
		"content/more/d.md":                      "# D\n",
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

func write(t testing.TB, p, text string) {
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
		taken    bool // only files' sizes, times or modes changed: Recheck takes the stamp
	}{
		{"nothing", func(t *testing.T, dir string) {}, true, false},
		{"a page edited", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/a.md"), "# A!\n") }, false, true},
		{"a page edited, same size", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/a.md"), "# Z\n") }, false, true},
		{"a page touched", func(t *testing.T, dir string) {
			now := time.Now()
			os.Chtimes(filepath.Join(dir, "content/guide/deep/c.md"), now, now)
		}, false, true},
		{"a page's mode", func(t *testing.T, dir string) { os.Chmod(filepath.Join(dir, "content/a.md"), 0o600) }, false, true},
		{"a page added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/guide/new.md"), "# N\n") }, false, false},
		{"a page added first", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/0.md"), "# N\n") }, false, false},
		{"a page added last", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/zz.md"), "# N\n") }, false, false},
		{"a page removed", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "content/guide/deep/c.md")) }, false, false},
		{"a page renamed", func(t *testing.T, dir string) {
			os.Rename(filepath.Join(dir, "content/a.md"), filepath.Join(dir, "content/b.md"))
		}, false, false},
		{"a folder removed", func(t *testing.T, dir string) { os.RemoveAll(filepath.Join(dir, "content/guide/deep")) }, false, false},
		{"an empty folder added", func(t *testing.T, dir string) { os.Mkdir(filepath.Join(dir, "content/empty"), 0o755) }, false, false},
		{"a page replaced by a folder", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "content/a.md"))
			os.Mkdir(filepath.Join(dir, "content/a.md"), 0o755)
		}, false, false},
		{"a .meta.yml added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/.meta.yml"), "x: 1\n") }, false, false},
		{"a .meta.yml edited", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/guide/.meta.yml"), "x: 12\n") }, false, true},
		{"a dotfile added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/.DS_Store"), "x") }, true, false},
		{"a dot-folder's file added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/.git/HEAD"), "x") }, true, false},
		{"the output folder written", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "content/public/new/index.html"), "x") }, true, false},
		{"an output folder added", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "content/site/index.html"), "x")
			write(t, filepath.Join(dir, "content/site", srctree.OutputMarker), "")
		}, true, false},
		{"a folder made an output folder", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "content/guide/deep", srctree.OutputMarker), "")
		}, false, false},
		{"a link to a page added", func(t *testing.T, dir string) {
			os.Symlink("a.md", filepath.Join(dir, "content/link.md"))
		}, false, false},
		{"a page replaced by a link", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "content/guide/b.md"))
			os.Symlink("../a.md", filepath.Join(dir, "content/guide/b.md"))
		}, false, false},
		{"a pipe added", func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "content/pipe")) }, false, false},
		{"the config edited", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "handbook.yaml"), "title: U\n") }, false, true},
		{"a config added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "mkdocs.yml"), "site_name: x\n") }, false, true},
		{"the theme folder added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "theme/main.html"), "x") }, false, false},
		{"a snippet edited", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "snippets/s.md"), "snippet!\n") }, false, false},
		{"the content folder removed", func(t *testing.T, dir string) { os.RemoveAll(filepath.Join(dir, "content")) }, false, false},
		// The root's folders are checked in parallel: what each finds is
		// added up.
		{"pages at every depth edited", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "content/a.md"), "# A!\n")
			write(t, filepath.Join(dir, "content/guide/b.md"), "# B!\n")
			write(t, filepath.Join(dir, "content/guide/deep/c.md"), "# C!\n")
			write(t, filepath.Join(dir, "content/more/d.md"), "# D!\n")
		}, false, true},
		{"a subfolder's mode and a page in another", func(t *testing.T, dir string) {
			os.Chmod(filepath.Join(dir, "content/guide"), 0o700)
			write(t, filepath.Join(dir, "content/more/d.md"), "# D!\n")
		}, false, true},
		{"a page added in one folder, one edited in another", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "content/guide/b.md"), "# B!\n")
			write(t, filepath.Join(dir, "content/more/new.md"), "# N\n")
		}, false, false},
		{"the last page of a folder removed", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "content/more/d.md")) }, false, false},
		// An editor's save: the folder's time changes, its names do not.
		{"a page saved over by a rename", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "content/guide/b.md~"), "# B!\n")
			os.Rename(filepath.Join(dir, "content/guide/b.md~"), filepath.Join(dir, "content/guide/b.md"))
		}, false, true},
		{"a dotfile added and a page edited", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "content/more/.DS_Store"), "x")
			write(t, filepath.Join(dir, "content/a.md"), "# A!\n")
		}, false, true},
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
			re := prev.Recheck(in, out)
			upToDate, known := re.UpToDate, re.Known
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
			if re.Refreshed != nil {
				t.Errorf("refreshed without racy files")
			}
			if re.Taken != nil {
				// The stamp Recheck took is Take's: the same listing, the
				// same files changed since prev.
				if !reflect.DeepEqual(re.Taken.Files, taken.Files) || re.Taken.Inputs != taken.Inputs {
					t.Errorf("Recheck took\n%v\nTake took\n%v", re.Taken.Files, taken.Files)
				}
				got, _ := re.Taken.Changed(prev)
				want, _ := taken.Changed(prev)
				if !slices.Equal(got, want) || len(got) == 0 {
					t.Errorf("changed since prev: %v, by Take's stamp %v", got, want)
				}
			}
			if re.Taken == nil && known && !upToDate && c.taken {
				t.Error("the same files are there, but Recheck took no stamp")
			}
		})
	}
}

// TestRecheckTrustsFolderTimes: a folder whose time is the one recorded
// (and was not recent then) has the same names: they are not read again.
// A name added within the recorded time's tick of the clock is seen, the
// folder's time being recent when it was recorded.
func TestRecheckTrustsFolderTimes(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("Recheck tells on Linux only")
	}
	for _, recent := range []bool{false, true} {
		dir, in := recheckSite(t)
		out := filepath.Join(dir, "content", "public")
		guide := filepath.Join(dir, "content", "guide")
		if recent {
			now := time.Now()
			os.Chtimes(guide, now, now)
		}
		info, _ := os.Stat(guide)
		prev, err := Take(in, out)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(guide, "new.md"), "# N\n")
		os.Chtimes(guide, info.ModTime(), info.ModTime()) // as in the same tick
		if re := prev.Recheck(in, out); re.UpToDate == recent || !re.Known {
			t.Errorf("a page added, the folder's time (recent: %v) as it was: up to date %v, known %v", recent, re.UpToDate, re.Known)
		}
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
	if re := prev.Recheck(in, out+"2"); re.UpToDate || !re.Known || re.Taken != nil {
		t.Errorf("another output folder: %+v", re)
	}
	in.Key = []string{"other"}
	if re := prev.Recheck(in, out); re.UpToDate || !re.Known || re.Taken != nil {
		t.Errorf("other options: %+v", re)
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
	if prev.Recheck(in, out).Known {
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
	if re := prev.Recheck(in, out); !re.UpToDate || !re.Known || re.Refreshed != nil {
		t.Fatalf("one racy file, unchanged: %+v", re)
	}
	write(t, page, "# Wow\n")
	os.Chtimes(page, info.ModTime(), info.ModTime())
	re := prev.Recheck(in, out)
	if re.UpToDate || !re.Known || re.Taken == nil {
		t.Fatalf("a racy file edited, same size and time: %+v", re)
	}
	if changed, _ := re.Taken.Changed(prev); !slices.Equal(changed, []string{page}) {
		t.Fatalf("a racy file edited, same size and time: changed %v", changed)
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
	re = prev.Recheck(in, out)
	if !re.UpToDate || !re.Known || re.Refreshed == nil {
		t.Fatalf("many racy files, unchanged: %+v", re)
	}
	refreshed := re.Refreshed.Refreshed(prev)
	if refreshed.Started <= prev.Started || len(refreshed.Files) != len(prev.Files) {
		t.Fatalf("refreshed: started %d (was %d), %d files (was %d)", refreshed.Started, prev.Started, len(refreshed.Files), len(prev.Files))
	}
	if !refreshed.Recheck(in, out).UpToDate {
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
			for _, name := range []string{"index.html", "a/index.html", "a/b/index.html", "a/b/c/index.html", "z/index.html"} {
				write(t, filepath.Join(out, filepath.FromSlash(name)), "page "+name)
			}
			ageAll(t, out)
			listing := outputListing(out)
			c.change(out)
			if got, want := Unchanged(out, listing), unchangedByPath(out, listing); got != c.same || want != c.same {
				t.Errorf("Unchanged %v, stating whole paths %v, want %v", got, want, c.same)
			}
		})
	}
}

// outputListing lists the output folder out as a build's stamp does.
func outputListing(out string) []FileStat {
	var listing []FileStat
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
	return listing
}

// BenchmarkUnchanged checks an output folder shaped as a site's: pages
// each in a folder of its own, and a folder of many search files.
func BenchmarkUnchanged(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	for s := range 20 {
		for p := range 100 {
			write(b, filepath.Join(out, fmt.Sprintf("section-%d/page-%d/index.html", s, p)), "page")
		}
	}
	for c := range 1000 {
		write(b, filepath.Join(out, "search", fmt.Sprintf("c-%d.json", c)), "{}")
	}
	listing := outputListing(out)
	b.ResetTimer()
	for range b.N {
		if !Unchanged(out, listing) {
			b.Fatal("the output changed")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(listing)), "ns/entry")
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

// TestRecheckNestedRoots: an input folder inside another (a custom_dir
// in the docs folder, with its .icons folder that does not exist) starts
// its own part of the listing, whether the outer folder's walk holds it
// too or leaves it out; a check that trusts folder times must not read it
// as the outer folder's, and an unchanged tree is up to date.
func TestRecheckNestedRoots(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("Recheck tells on Linux only")
	}
	for _, excluded := range []bool{false, true} {
		dir, in := recheckSite(t)
		write(t, filepath.Join(dir, "content", "zz", "partials", "nav.html"), "<nav>\n")
		ageAll(t, dir)
		content := filepath.Join(dir, "content")
		custom := filepath.Join(content, "zz")
		// The custom folder right after the content folder, as its own root.
		in.Trees = []string{content, custom, filepath.Join(custom, ".icons"), filepath.Join(dir, "theme")}
		if excluded {
			in.Exclude = append(in.Exclude, custom)
		}
		out := filepath.Join(content, "public")
		prev, err := Take(in, out)
		if err != nil {
			t.Fatal(err)
		}
		if re := prev.Recheck(in, out); !re.UpToDate || !re.Known {
			t.Fatalf("excluded %v, nothing changed: up to date %v, known %v", excluded, re.UpToDate, re.Known)
		}
		write(t, filepath.Join(custom, "partials", "nav.html"), "<nav>changed</nav>\n")
		if re := prev.Recheck(in, out); re.UpToDate {
			t.Fatalf("excluded %v, the custom folder's file changed: up to date", excluded)
		}
	}
}
