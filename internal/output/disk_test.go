package output

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"handbook/internal/output/stamp"
)

// publish writes files through a Disk (in place over prev when given) and
// commits.
func publish(t *testing.T, out string, files map[string]string, prev []stamp.FileStat) *Disk {
	t.Helper()
	d, err := Open(out, false, Protected{})
	if err != nil {
		t.Fatal(err)
	}
	d.Record = true
	if prev != nil {
		d.Update(prev)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := d.Put(name, []byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return d
}

// read returns every file under dir but the marker.
func read(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		if rel != Marker {
			got[filepath.ToSlash(rel)] = string(b)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func siblings(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestFoldersAndFilesReadableByAnyone(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	out := filepath.Join(t.TempDir(), "public")
	publish(t, out, map[string]string{"index.html": "x", "a/b/index.html": "y"}, nil)
	for p, want := range map[string]fs.FileMode{out: 0o755, filepath.Join(out, "a", "b"): 0o755, filepath.Join(out, "a/b/index.html"): 0o644, filepath.Join(out, Marker): 0o644} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, info.Mode().Perm(), want)
		}
	}
	syscall.Umask(0o027)
	out2 := filepath.Join(t.TempDir(), "public")
	publish(t, out2, map[string]string{"index.html": "x"}, nil)
	if info, _ := os.Stat(out2); info.Mode().Perm() != 0o750 {
		t.Errorf("with umask 027 the output folder is %v, want 0750", info.Mode().Perm())
	}
}

func TestForeignFolderMovedAsideNotDeleted(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	os.MkdirAll(out, 0o755)
	write(t, filepath.Join(out, "precious.txt"), "mine")
	write(t, filepath.Join(dir, "sibling.txt"), "also mine")
	if _, err := Open(out, false, Protected{}); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("want a refusal mentioning --force, got %v", err)
	}
	d, err := Open(out, true, Protected{})
	if err != nil {
		t.Fatal(err)
	}
	d.Update([]stamp.FileStat{{Path: "precious.txt"}}) // ignored: never edit a foreign folder in place
	d.Put("index.html", []byte("x"))
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if d.Aside == "" || !strings.Contains(d.String(), d.Aside) {
		t.Fatalf("the folder moved aside is not reported: %q", d.String())
	}
	if b, _ := os.ReadFile(filepath.Join(d.Aside, "precious.txt")); string(b) != "mine" {
		t.Fatal("the foreign file is not kept where it was moved")
	}
	if got := read(t, out); len(got) != 1 || got["index.html"] != "x" {
		t.Fatalf("output holds %v", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "sibling.txt")); string(b) != "also mine" {
		t.Fatal("a file beside the output folder was touched")
	}
	if err := d.Put("../escape.html", []byte("x")); err == nil {
		t.Fatal("wrote outside the output folder")
	}
}

func TestKilledBuildsLeftoversRemoved(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	dead := filepath.Join(dir, ".public.tmp-999999999-0badcafe")
	live := filepath.Join(dir, fmt.Sprintf(".public.tmp-%d-00c0ffee", os.Getppid()))
	other := filepath.Join(dir, ".other.tmp-999999999-0badcafe")
	for _, p := range []string{dead, live, other} {
		os.MkdirAll(filepath.Join(p, "sub"), 0o755)
	}
	publish(t, out, map[string]string{"index.html": "x"}, nil)
	if _, err := os.Stat(dead); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a killed build's staging folder was left")
	}
	for _, p := range []string{live, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", p)
		}
	}
}

var (
	oldBuild = map[string]string{"index.html": "old home", "a/index.html": "old a", "gone/index.html": "gone", "same.css": "same", "f/index.html": "file becomes folder's page"}
	newBuild = map[string]string{"index.html": "new home", "a/index.html": "new a", "b/index.html": "new b", "same.css": "same", "f/index.html": "file becomes folder's page", "f/x/index.html": "deeper"}
)

// killAt makes the step-th change of a journal panic, as a build killed
// there would stop.
func killAt(t *testing.T, n int) {
	count := 0
	step = func() {
		count++
		if count == n {
			panic("killed")
		}
	}
	t.Cleanup(func() { step = func() {} })
}

// TestUpdateKilledAtEveryStep kills an in-place update before each of its
// changes in turn; the next build's Recover must leave exactly the new build.
func TestUpdateKilledAtEveryStep(t *testing.T) {
	for n := 1; ; n++ {
		out := filepath.Join(t.TempDir(), "public")
		first := publish(t, out, oldBuild, nil)
		killed := func() (killed bool) {
			defer func() { killed = recover() != nil }()
			killAt(t, n)
			publish(t, out, newBuild, first.Written)
			return false
		}()
		step = func() {}
		if !killed {
			if n < 4 {
				t.Fatalf("the update made only %d changes", n-1)
			}
			break
		}
		if err := Recover(out); err != nil {
			t.Fatal(err)
		}
		if got := read(t, out); !maps.Equal(got, newBuild) {
			t.Fatalf("killed before change %d: after recovery the output holds %v", n, got)
		}
		if names := siblings(t, filepath.Dir(out)); !slices.Equal(names, []string{"public"}) {
			t.Fatalf("killed before change %d: left %v", n, names)
		}
	}
}

// TestSwapFallbackKilledAtEveryStep: where folders cannot be exchanged in
// one step, the two renames run under a journal.
func TestSwapFallbackKilledAtEveryStep(t *testing.T) {
	exchangeFolders = func(a, b string) error { return errors.ErrUnsupported }
	defer func() { exchangeFolders = exchange }()
	for n := 1; ; n++ {
		out := filepath.Join(t.TempDir(), "public")
		publish(t, out, oldBuild, nil)
		killed := func() (killed bool) {
			defer func() { killed = recover() != nil }()
			killAt(t, n)
			publish(t, out, newBuild, nil)
			return false
		}()
		step = func() {}
		if !killed {
			break
		}
		if err := Recover(out); err != nil {
			t.Fatal(err)
		}
		if got := read(t, out); !maps.Equal(got, newBuild) {
			t.Fatalf("killed before change %d: after recovery the output holds %v", n, got)
		}
		if names := siblings(t, filepath.Dir(out)); !slices.Equal(names, []string{"public"}) {
			t.Fatalf("killed before change %d: left %v", n, names)
		}
	}
}

func TestUpdateWritesOnlyChangedFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := publish(t, out, oldBuild, nil)
	before, _ := os.Stat(filepath.Join(out, "same.css"))
	second := publish(t, out, newBuild, first.Written)
	after, _ := os.Stat(filepath.Join(out, "same.css"))
	if !os.SameFile(before, after) {
		t.Error("an unchanged file was written again")
	}
	if got := read(t, out); !maps.Equal(got, newBuild) {
		t.Fatalf("output holds %v", got)
	}
	listed, _ := List(out)
	files := slices.DeleteFunc(slices.Clone(second.Written), func(f stamp.FileStat) bool { return f.Mode.IsDir() })
	if len(listed) != len(files) {
		t.Fatalf("Written lists %d files, the folder holds %d", len(files), len(listed))
	}
	if !stamp.Unchanged(out, second.Written) {
		t.Error("Written does not list the folder as it is")
	}
	for i := range listed {
		w := files[i]
		if listed[i].Path != w.Path || listed[i].Size != w.Size || listed[i].Mod != w.Mod {
			t.Errorf("Written says %+v, the folder holds %+v", w, listed[i])
		}
	}
	if _, err := os.Stat(journalPath(out)); !errors.Is(err, fs.ErrNotExist) {
		t.Error("the journal was left after a finished update")
	}
	if !bytes.Equal([]byte(read(t, out)["b/index.html"]), []byte("new b")) {
		t.Error("new file missing")
	}
}

// An update's listing (Written) is the folder's as a full listing gives
// it, sorted by path, however the update moves, removes and adds files
// and folders: deeper folders made, whole folders emptied and removed.
func TestUpdatedListingIsTheFolders(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	builds := []map[string]string{
		oldBuild, newBuild,
		{"index.html": "home", "f/x/index.html": "deeper", "f/x/y/z/index.html": "deepest", "c/d/index.html": "new folders"},
		{"index.html": "home", "f/x/y/z/index.html": "deepest again", "same.css": "back"},
		{"index.html": "home"},
	}
	var prev []stamp.FileStat
	for step, files := range builds {
		d := publish(t, out, files, prev)
		prev = d.Written
		if !slices.IsSortedFunc(prev, byPath) {
			t.Fatalf("build %d: the listing is not sorted", step)
		}
		if !stamp.Unchanged(out, prev) {
			t.Fatalf("build %d: the listing is not the folder as it is", step)
		}
		var want, got []string
		filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
			if err == nil {
				rel, _ := filepath.Rel(out, p)
				want = append(want, filepath.ToSlash(rel))
			}
			return err
		})
		for _, f := range prev {
			got = append(got, f.Path)
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("build %d: the listing has\n%v\nthe folder\n%v", step, got, want)
		}
	}
}

// An update given the folder's listing in another order than by path
// (sorted for it, the caller's left as it was) keeps, removes and lists
// what it does given it sorted.
func TestUpdateOfAnUnsortedListing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := publish(t, out, oldBuild, nil)
	shuffled := slices.Clone(first.Written)
	slices.Reverse(shuffled)
	given := slices.Clone(shuffled)
	probe, err := Open(out, false, Protected{})
	if err != nil {
		t.Fatal(err)
	}
	probe.Update(shuffled)
	if !probe.Keep("same.css") || probe.Previous("index.html") == nil {
		t.Error("a file of the unsorted listing is not known")
	}
	probe.Abort()
	d := publish(t, out, newBuild, shuffled)
	if !slices.Equal(shuffled, given) {
		t.Error("Update reordered the caller's listing")
	}
	if got := read(t, out); !maps.Equal(got, newBuild) {
		t.Errorf("the folder holds %v, want %v", got, newBuild)
	}
	if !slices.IsSortedFunc(d.Written, byPath) || !stamp.Unchanged(out, d.Written) {
		t.Error("the listing is not the folder's, sorted")
	}
}

// KeepAll keeps what Keep keeps: the files the last build's listing
// holds with their content hashes, once each; the others are left to be
// put, and an update keeps the files kept and removes the others.
func TestKeepAllKeepsAsKeepDoes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := publish(t, out, map[string]string{"a.html": "a", "b.html": "b", "c.html": "c"}, nil)
	d, err := Open(out, false, Protected{})
	if err != nil {
		t.Fatal(err)
	}
	d.Record = true
	d.Update(first.Written)
	hashes := d.KeepAll([]string{"a.html", "missing.html", "b.html", "a.html"})
	if hashes[0] != ContentHash([]byte("a")) || hashes[1] != "" || hashes[2] != ContentHash([]byte("b")) || hashes[3] != "" {
		t.Fatalf("KeepAll gave %q", hashes)
	}
	if d.Keep("b.html") || d.Hash("a.html") != hashes[0] {
		t.Error("a file KeepAll kept is not kept once, with its hash")
	}
	if err := d.Put("d.html", []byte("d")); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, out); !maps.Equal(got, map[string]string{"a.html": "a", "b.html": "b", "d.html": "d"}) {
		t.Errorf("output holds %v", got)
	}
}

// A new folder's listing is made as its files are written (each stated
// by the goroutine that wrote it): it must be the folder as a walk finds
// it after the commit, with files put from many goroutines, put twice
// with other bytes (the last write's size and time are listed), and put
// under names that are not clean.
func TestNewFolderListingIsTheFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	d, err := Open(out, false, Protected{})
	if err != nil {
		t.Fatal(err)
	}
	d.Record = true
	names := []string{"index.html", "a//b/index.html", "./c.html", "search/c-1.json"}
	for i := range 200 {
		names = append(names, fmt.Sprintf("s%d/p%d/index.html", i%7, i))
	}
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			if err := d.Put(name, []byte(strings.Repeat("x", i+1))); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	// Put again, longer: a listing that kept the first write's size fails.
	for _, name := range []string{"index.html", "a/b/index.html", "s3/p3/index.html"} {
		wg.Go(func() {
			if err := d.Put(name, []byte(strings.Repeat("y", 1000))); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	// Two writers of one file state it in either order: as if the first
	// write's stat came last, the listing holds a stale entry until Commit.
	d.mu.Lock()
	for _, name := range []string{"index.html", "a/b/index.html", "s3/p3/index.html"} {
		f := d.stats[name]
		f.Size = 1
		d.stats[name] = f
	}
	d.mu.Unlock()
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	want, err := List(out)
	if err != nil {
		t.Fatal(err)
	}
	var got []stamp.FileStat
	for _, f := range d.Written {
		if !f.Mode.IsDir() {
			f.Hash = ""
			got = append(got, f)
		}
	}
	slices.SortFunc(want, byPath)
	if !slices.Equal(got, want) {
		t.Fatalf("the listing has\n%v\nthe folder\n%v", got, want)
	}
	if !stamp.Unchanged(out, d.Written) {
		t.Fatal("the listing is not the folder as it is")
	}
	for _, f := range d.Written {
		if f.Path == "a/b/index.html" && f.Size != 1000 {
			t.Fatalf("a/b/index.html listed with size %d, written last with 1000 bytes", f.Size)
		}
	}
}

// Listed are the last build's files as Update was given them, with their
// content hashes: its folders and the Marker are not the build's files.
func TestListedAreTheLastBuildsFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := publish(t, out, map[string]string{"a.html": "a", "f/b.html": "b"}, nil)
	d, err := Open(out, false, Protected{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	d.Update(first.Written)
	got := maps.Collect(d.Listed())
	want := map[string]string{"a.html": ContentHash([]byte("a")), "f/b.html": ContentHash([]byte("b"))}
	if !maps.Equal(got, want) {
		t.Errorf("Listed gave %v, want %v", got, want)
	}
}

// Unbuilt counts the last build's files (not its folders or the Marker)
// and gives those this build has neither put nor kept, with their content
// hashes; ListedHash gives a listed file's hash.
func TestUnbuiltAreTheListedFilesNeitherPutNorKept(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := publish(t, out, map[string]string{"a.html": "a", "f/b.html": "b", "f/c.html": "c", "d.html": "d"}, nil)
	d, err := Open(out, false, Protected{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	d.Update(first.Written)
	if err := d.Put("a.html", []byte("a2")); err != nil {
		t.Fatal(err)
	}
	d.Keep("f/b.html")
	d.KeepAll([]string{"d.html"})
	n, unbuilt := d.Unbuilt()
	got := maps.Collect(unbuilt)
	if want := map[string]string{"f/c.html": ContentHash([]byte("c"))}; n != 4 || !maps.Equal(got, want) {
		t.Errorf("Unbuilt gave %d files and %v, want 4 and %v", n, got, want)
	}
	if h, ok := d.ListedHash("f/b.html"); !ok || h != ContentHash([]byte("b")) {
		t.Errorf("ListedHash(f/b.html) = %q, %v", h, ok)
	}
	if _, ok := d.ListedHash("f"); ok {
		t.Error("a folder has a listed hash")
	}
	if _, ok := d.ListedHash("new.html"); ok {
		t.Error("a file not listed has a listed hash")
	}
}
