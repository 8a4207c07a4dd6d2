package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handbook/internal/sitetest"
)

// age makes every file under dir look saved a minute ago, as files are in
// real use by the time a build runs (the up-to-date check distrusts files
// modified within two seconds of a build).
func age(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-time.Minute)
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if rel, _ := filepath.Rel(dir, p); isOutput(rel) {
			return nil
		}
		if info, err := d.Info(); err == nil && info.ModTime().After(old.Add(30*time.Second)) {
			os.Chtimes(p, old, old) // only files saved since the last age
		}
		return nil
	})
}

// isOutput: rel, a path in a project folder, lies in a default output
// folder (public/, or site/ for an MkDocs project).
func isOutput(rel string) bool {
	first, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
	return first == "public" || first == "site"
}

// snapshotDir maps each file under dir to its content and modification time.
func snapshotDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		info, _ := d.Info()
		rel, _ := filepath.Rel(dir, p)
		files[rel] = string(b) + "\x00" + info.ModTime().String()
		return nil
	})
	return files
}

// withoutTimes keeps the contents of a snapshotDir's files.
func withoutTimes(files map[string]string) map[string]string {
	out := map[string]string{}
	for p, v := range files {
		out[p], _, _ = strings.Cut(v, "\x00")
	}
	return out
}

// TestUpToDateBuildLeavesOutputAlone: a build into a folder that already
// holds what it would write does nothing (and says so), but any change to
// an input or to the output, a damaged stamp or --no-cache builds again.
func TestUpToDateBuildLeavesOutputAlone(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n\nSee [a](a.md).\n-- content/a.md --\n# A\n\nA control character: \x01.\n")
	public := filepath.Join(dir, "public")
	build := func(step string, wantUpToDate bool, extra ...string) (stdout, stderr string) {
		t.Helper()
		age(t, dir)
		code, out, errOut := run(t, append([]string{"build", "--source", dir}, extra...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", step, code, errOut)
		}
		if got := strings.HasPrefix(out, "up to date: 2 pages, 0 assets"); got != wantUpToDate {
			t.Fatalf("%s: up to date = %v, want %v: %q", step, got, wantUpToDate, out)
		}
		if !strings.Contains(errOut, "control character U+0001") {
			t.Errorf("%s: the page's warning is not reported: %q", step, errOut)
		}
		return out, errOut
	}
	build("first build", false)
	before := snapshotDir(t, public)
	build("nothing changed", true)
	if after := snapshotDir(t, public); !equalMaps(before, after) {
		t.Fatal("an up-to-date build changed the output")
	}

	os.WriteFile(filepath.Join(dir, "content", "a.md"), []byte("# A\n\nNew words. \x01\n"), 0o644)
	build("page edited", false)
	if b, _ := os.ReadFile(filepath.Join(public, "a", "index.html")); !strings.Contains(string(b), "New words.") {
		t.Fatal("the edit is not in the output")
	}
	build("nothing changed after the edit", true)

	os.WriteFile(filepath.Join(public, "a", "index.html"), []byte("hand-edited"), 0o644)
	build("output file modified", false)
	if b, _ := os.ReadFile(filepath.Join(public, "a", "index.html")); !strings.Contains(string(b), "New words.") {
		t.Fatal("the hand-edited output file was not rebuilt")
	}
	os.WriteFile(filepath.Join(public, "stray.html"), []byte("x"), 0o644)
	build("file added to the output", false)
	if _, err := os.Stat(filepath.Join(public, "stray.html")); err == nil {
		t.Fatal("the stray output file is still there")
	}

	os.WriteFile(filepath.Join(dir, "handbook.yaml"), []byte("title: Renamed\n"), 0o644)
	build("config added", false)
	os.MkdirAll(filepath.Join(dir, "theme", "assets", "css"), 0o755)
	os.WriteFile(filepath.Join(dir, "theme", "assets", "css", "90-site.css"), []byte("body{}\n"), 0o644)
	build("theme file added", false)
	build("base URL given", false, "--base-url", "https://example.org/hb/")
	build("same base URL again", true, "--base-url", "https://example.org/hb/")

	stamps, _ := filepath.Glob(filepath.Join(dir, ".cache", "handbook", "build-*.stamp"))
	if len(stamps) != 1 {
		t.Fatalf("want one stamp, found %v", stamps)
	}
	// A build killed while it saved the stamp left its temporary file.
	leftover := filepath.Join(filepath.Dir(stamps[0]), "."+filepath.Base(stamps[0])+".tmp-1234")
	os.WriteFile(leftover, []byte("half a stamp"), 0o644)
	build("a stamp's temporary file left", true, "--base-url", "https://example.org/hb/")
	if _, err := os.Stat(leftover); err == nil {
		t.Error("the stamp's temporary file is still there")
	}
	os.WriteFile(leftover, []byte("half a stamp"), 0o644)
	os.WriteFile(filepath.Join(dir, "content", "a.md"), []byte("# A\n\nNewer words. \x01\n"), 0o644)
	build("page edited, a stamp's temporary file left", false, "--base-url", "https://example.org/hb/")
	if _, err := os.Stat(leftover); err == nil {
		t.Error("the stamp's temporary file is still there after a build")
	}
	os.WriteFile(stamps[0], []byte("{not a stamp"), 0o644)
	build("damaged stamp", false, "--base-url", "https://example.org/hb/")
	// The stamp is not synced to the disk: what a system crash may leave
	// of it (cut short, empty, a block of zeros, a byte changed) is read
	// as no stamp, and the build runs in full.
	damage := map[string]func([]byte) []byte{
		"stamp cut short":             func(b []byte) []byte { return b[:len(b)/2] },
		"stamp emptied":               func(b []byte) []byte { return nil },
		"stamp's tail zeroed":         func(b []byte) []byte { clear(b[len(b)-len(b)/3:]); return b },
		"a byte of the stamp changed": func(b []byte) []byte { b[len(b)*2/3] ^= 0x20; return b },
	}
	for _, name := range []string{"stamp cut short", "stamp emptied", "stamp's tail zeroed", "a byte of the stamp changed"} {
		build(name+": before", true, "--base-url", "https://example.org/hb/")
		b, err := os.ReadFile(stamps[0])
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(stamps[0], damage[name](b), 0o644)
		before := snapshotDir(t, public)
		build(name, false, "--base-url", "https://example.org/hb/")
		if after := snapshotDir(t, public); !equalMaps(withoutTimes(before), withoutTimes(after)) {
			t.Fatalf("%s: the build over it wrote other files", name)
		}
	}
	build("--no-cache", false, "--base-url", "https://example.org/hb/", "--no-cache")
	build("options changed back", false)
	build("trusted", true)
}

// TestUpToDateRightAfterSaving: files saved just before a build (a fresh
// clone or copy, an editor's save) may change again within their
// timestamp's resolution without their size or time changing, so the
// stamp keeps their content hash: the next build with nothing changed is
// up to date (and records the files again, trusting their times from then
// on), while a same-size edit that keeps the time is still seen.
// buildsOf builds the project in dir at each call, checking whether the
// build reports it up to date.
func buildsOf(t *testing.T, dir string) func(step string, wantUpToDate bool) {
	return func(step string, wantUpToDate bool) {
		t.Helper()
		code, out, errOut := run(t, "build", "--source", dir)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", step, code, errOut)
		}
		if got := strings.HasPrefix(out, "up to date"); got != wantUpToDate {
			t.Fatalf("%s: up to date = %v, want %v: %q", step, got, wantUpToDate, out)
		}
	}
}

func TestUpToDateRightAfterSaving(t *testing.T) {
	dir := t.TempDir()
	// Written just now, as a clone or a copy leaves them.
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n\nSee [a](a.md).\n-- content/a.md --\n# A\n\nFirst words.\n")
	build := buildsOf(t, dir)
	build("first build after a copy", false)
	build("second build, nothing changed", true)
	build("third build", true)

	// A racily clean file: rewritten with the same size and its old time.
	page := filepath.Join(dir, "content", "a.md")
	info, _ := os.Stat(page)
	os.WriteFile(page, []byte("# A\n\nOther words.\n"), 0o644)
	os.Chtimes(page, info.ModTime(), info.ModTime())
	if now, _ := os.Stat(page); now.Size() != info.Size() || !now.ModTime().Equal(info.ModTime()) {
		t.Fatal("the test could not keep the file's size and time")
	}
	build("same size, same time, new content", false)
	if b, _ := os.ReadFile(filepath.Join(dir, "public", "a", "index.html")); !strings.Contains(string(b), "Other words.") {
		t.Fatal("the racily clean edit is not in the output")
	}
	build("nothing changed since", true)

	// Once a file is old enough, its time alone is trusted again, and a
	// change of time (a touch) rebuilds.
	age(t, dir)
	build("files aged", false)
	build("aged and unchanged", true)
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestBuildUpdatesOutputInPlace: a build into a folder the last build left
// as it was writes only the files whose content changed, removes those no
// longer built, and ends with exactly what a build into a new folder writes.
func TestBuildUpdatesOutputInPlace(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n\nSee [a](a.md).\n-- content/a.md --\n# A\n\nFirst.\n-- content/b/c.md --\n# C\n")
	public := filepath.Join(dir, "public")
	build := func(step string) {
		t.Helper()
		age(t, dir)
		if code, _, errOut := run(t, "build", "--source", dir); code != 0 {
			t.Fatalf("%s: exit %d: %s", step, code, errOut)
		}
		fresh := filepath.Join(t.TempDir(), "fresh")
		if code, _, errOut := run(t, "build", "--source", dir, "--out", fresh, "--no-cache"); code != 0 {
			t.Fatalf("%s: fresh build: exit %d: %s", step, code, errOut)
		}
		got, want := contents(t, public), contents(t, fresh)
		if !equalMaps(got, want) {
			t.Fatalf("%s: the updated folder differs from a new build:\n got %d files\nwant %d files", step, len(got), len(want))
		}
	}
	build("first build")
	before := snapshotDir(t, public)

	os.WriteFile(filepath.Join(dir, "content", "b", "c.md"), []byte("# C\n\nMore words.\n"), 0o644)
	build("one page edited")
	after := snapshotDir(t, public)
	if before["b/c/index.html"] == after["b/c/index.html"] {
		t.Error("the edited page was not written")
	}
	for _, kept := range []string{"a/index.html", ".nojekyll", "robots.txt"} {
		if before[kept] != after[kept] {
			t.Errorf("%s was written again though its content did not change", kept)
		}
	}

	// An edit while another page's output was edited by hand (or a stray
	// file added): the build, which starts before the output is checked,
	// makes the folder whole again.
	os.WriteFile(filepath.Join(dir, "content", "b", "c.md"), []byte("# C\n\nMore words, again.\n"), 0o644)
	os.WriteFile(filepath.Join(public, "a", "index.html"), []byte("hand-edited"), 0o644)
	build("one page edited, another's output edited by hand")
	os.WriteFile(filepath.Join(dir, "content", "b", "c.md"), []byte("# C\n\nMore words.\n"), 0o644)
	os.WriteFile(filepath.Join(public, "stray.html"), []byte("x"), 0o644)
	build("one page edited, a file added to the output")
	before = snapshotDir(t, public) // (every file written again)
	after = before

	// A failed build leaves the folder as it was, and the next one still
	// updates it in place.
	os.WriteFile(filepath.Join(dir, "content", "b", "c.md"), []byte("# C\n\n[broken](nowhere.md)\n"), 0o644)
	age(t, dir)
	if code, _, _ := run(t, "build", "--source", dir); code != 1 {
		t.Fatalf("a broken link did not fail the build: exit %d", code)
	}
	if got := snapshotDir(t, public); !equalMaps(got, after) {
		t.Fatal("a failed build changed the output")
	}
	os.WriteFile(filepath.Join(dir, "content", "b", "c.md"), []byte("# C\n\nFixed.\n"), 0o644)
	build("fixed")
	if got := snapshotDir(t, public); got["a/index.html"] != before["a/index.html"] {
		t.Error("after a failed build, the next one wrote unchanged files again")
	}

	os.RemoveAll(filepath.Join(dir, "content", "b"))
	build("folder deleted")
	if _, err := os.Stat(filepath.Join(public, "b")); err == nil {
		t.Error("the deleted folder's output is still there")
	}
	if _, err := os.Stat(filepath.Join(public, ".handbook-output")); err != nil {
		t.Error("the output marker is gone")
	}
}

// contents maps each file under dir to its bytes.
func contents(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[rel] = string(b)
		return nil
	})
	return files
}

// The build stamp records the snippets pages include, and where missing
// ones would be, though a snippet base path (here the default: the
// project folder) holds the output too: an edit to one, or making a
// missing one, builds again; otherwise the build is up to date.
func TestUpToDateFollowsSnippets(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- mkdocs.yml --\nsite_name: S\nmarkdown_extensions:\n  - pymdownx.snippets\n"+
		"-- docs/index.md --\n# Home\n\n--8<-- \"parts/a.md\"\n\n--8<-- \"parts/later.md\"\n-- parts/a.md --\nFirst.\n")
	build := func(step string, wantUpToDate bool) {
		t.Helper()
		age(t, dir)
		code, out, errOut := run(t, "build", "--source", dir)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", step, code, errOut)
		}
		if got := strings.HasPrefix(out, "up to date"); got != wantUpToDate {
			t.Fatalf("%s: up to date = %v, want %v\n%s", step, got, wantUpToDate, out)
		}
	}
	build("first", false)
	build("nothing changed", true)
	sitetest.WriteTxtar(t, dir, "-- parts/a.md --\nSecond.\n")
	build("snippet edited", false)
	build("nothing changed again", true)
	sitetest.WriteTxtar(t, dir, "-- parts/later.md --\nLater.\n")
	build("missing snippet made", false)
	if b, _ := os.ReadFile(filepath.Join(dir, "site", "index.html")); !strings.Contains(string(b), "Second.") || !strings.Contains(string(b), "Later.") {
		t.Errorf("page:\n%s", b)
	}
	build("and then up to date", true)
}

// TestDotfilesTheBuildReadsAreInputs: the build reads two files whose
// names start with a dot, MkDocs' .meta.yml and the blog's .authors.yml;
// editing either makes the next build run (other dotfiles are not inputs).
func TestDotfilesTheBuildReadsAreInputs(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, `-- mkdocs.yml --
site_name: T
plugins: [blog, meta]
-- docs/index.md --
# Home
-- docs/.meta.yml --
description: First
-- docs/blog/index.md --
# Blog
-- docs/blog/.authors.yml --
authors:
  ada:
    name: Ada
-- docs/blog/posts/p.md --
---
date: 2024-01-01
authors: [ada]
---
# P
`)
	for _, edit := range []struct{ file, text, want string }{
		{"docs/.meta.yml", "description: Second\n", "Second"},
		{"docs/blog/.authors.yml", "authors:\n  ada:\n    name: Ada Lovelace\n", "Ada Lovelace"},
	} {
		age(t, dir)
		if code, _, errOut := run(t, "build", "--source", dir); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if code, out, _ := run(t, "build", "--source", dir); code != 0 || !strings.HasPrefix(out, "up to date") {
			t.Fatalf("an unchanged project was built again: %s", out)
		}
		if err := os.WriteFile(filepath.Join(dir, edit.file), []byte(edit.text), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := run(t, "build", "--source", dir)
		if code != 0 || strings.HasPrefix(out, "up to date") {
			t.Errorf("after editing %s: exit %d: %s%s", edit.file, code, out, errOut)
		}
		found := false
		filepath.WalkDir(filepath.Join(dir, "site"), func(p string, d fs.DirEntry, err error) error {
			if b, _ := os.ReadFile(p); err == nil && !d.IsDir() && strings.Contains(string(b), edit.want) {
				found = true
			}
			return nil
		})
		if !found {
			t.Errorf("after editing %s no page shows %q", edit.file, edit.want)
		}
	}
}

// TestUpToDateWithCustomDirInDocs: an MkDocs project whose custom_dir is
// inside its docs folder (as many are) is up to date on the next build,
// its files old enough for their folders' times to be trusted; an edit of
// an override is not.
func TestUpToDateWithCustomDirInDocs(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, `-- mkdocs.yml --
site_name: Custom
theme:
  name: material
  custom_dir: docs/overrides
-- docs/index.md --
# Home
-- docs/guide/a.md --
# A
-- docs/overrides/main.html --
{% extends "base.html" %}
-- docs/overrides/partials/copyright.html --
<div>Copyright</div>
`)
	age(t, dir)
	build := buildsOf(t, dir)
	build("first build", false)
	build("second build, nothing changed", true)
	build("third build", true)
	os.WriteFile(filepath.Join(dir, "docs", "overrides", "partials", "copyright.html"), []byte("<div>Other</div>\n"), 0o644)
	build("an override edited", false)
}
