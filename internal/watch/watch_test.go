package watch

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// modes runs a test against both backends.
var modes = []struct {
	name string
	opts Options
}{
	{"notify", Options{}},
	{"poll", Options{Poll: true, PollInterval: 25 * time.Millisecond}},
}

func start(t *testing.T, opts Options, paths ...string) *Watcher {
	t.Helper()
	w, err := New(paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// collect reads batches until every wanted path has been seen (or fails after
// a timeout) and returns everything seen.
func collect(t *testing.T, w *Watcher, want ...string) []string {
	t.Helper()
	seen := map[string]bool{}
	deadline := time.After(5 * time.Second)
	for !containsAll(seen, want) {
		select {
		case batch := <-w.Events():
			for _, p := range batch {
				seen[p] = true
			}
		case err := <-w.Errors():
			t.Fatalf("watch error: %v", err)
		case <-deadline:
			t.Fatalf("timed out: want %v, saw %v", want, keys(seen))
		}
	}
	return keys(seen)
}

func containsAll(seen map[string]bool, want []string) bool {
	for _, p := range want {
		if !seen[p] {
			return false
		}
	}
	return true
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// settle gives the poller a tick so that files written before a change are
// in its baseline with a different mtime than the change.
func settle() { time.Sleep(60 * time.Millisecond) }

func TestWriteIsReported(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			dir := t.TempDir()
			page := filepath.Join(dir, "page.md")
			write(t, page, "one")
			w := start(t, m.opts, dir)
			settle()
			write(t, page, "two, longer")
			got := collect(t, w, page)
			if !slices.Equal(got, []string{page}) {
				t.Errorf("got %v, want only %s", got, page)
			}
		})
	}
}

func TestAtomicSaveReportsTarget(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			dir := t.TempDir()
			page := filepath.Join(dir, "page.md")
			write(t, page, "old")
			w := start(t, m.opts, dir)
			settle()
			tmp := filepath.Join(dir, "page.md.tmp")
			write(t, tmp, "new content")
			if err := os.Rename(tmp, page); err != nil {
				t.Fatal(err)
			}
			got := collect(t, w, page)
			if slices.Contains(got, tmp) {
				t.Errorf("temporary %s reported: %v", tmp, got)
			}
		})
	}
}

func TestNewFolderThenFileInside(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			dir := t.TempDir()
			w := start(t, m.opts, dir)
			sub := filepath.Join(dir, "guides", "deep")
			first := filepath.Join(sub, "first.md")
			write(t, first, "first")
			collect(t, w, first)
			// The new folder must now be watched itself.
			second := filepath.Join(sub, "second.md")
			write(t, second, "second")
			collect(t, w, second)
		})
	}
}

func TestDeleteFile(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			dir := t.TempDir()
			page := filepath.Join(dir, "page.md")
			write(t, page, "x")
			w := start(t, m.opts, dir)
			if err := os.Remove(page); err != nil {
				t.Fatal(err)
			}
			collect(t, w, page)
		})
	}
}

func TestRenameFileReportsOldAndNew(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			dir := t.TempDir()
			oldPath, newPath := filepath.Join(dir, "old.md"), filepath.Join(dir, "new.md")
			write(t, oldPath, "x")
			w := start(t, m.opts, dir)
			if err := os.Rename(oldPath, newPath); err != nil {
				t.Fatal(err)
			}
			collect(t, w, oldPath, newPath)
		})
	}
}

func TestRenameFolderReportsFilesUnderBothNames(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			dir := t.TempDir()
			oldDir, newDir := filepath.Join(dir, "drafts"), filepath.Join(dir, "published")
			write(t, filepath.Join(oldDir, "a.md"), "a")
			write(t, filepath.Join(oldDir, "inner", "b.md"), "b")
			w := start(t, m.opts, dir)
			if err := os.Rename(oldDir, newDir); err != nil {
				t.Fatal(err)
			}
			collect(t, w,
				oldDir, filepath.Join(oldDir, "a.md"), filepath.Join(oldDir, "inner", "b.md"),
				newDir, filepath.Join(newDir, "a.md"), filepath.Join(newDir, "inner", "b.md"))
			// The renamed tree is watched under its new name.
			later := filepath.Join(newDir, "inner", "c.md")
			write(t, later, "c")
			got := collect(t, w, later)
			for _, p := range got {
				if strings.HasPrefix(p, oldDir+string(filepath.Separator)) {
					t.Errorf("event under the old folder name after the rename: %s", p)
				}
			}
		})
	}
}

func TestDeleteFolderReportsFilesInside(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			dir := t.TempDir()
			sub := filepath.Join(dir, "section")
			write(t, filepath.Join(sub, "a.md"), "a")
			w := start(t, m.opts, dir)
			if err := os.RemoveAll(sub); err != nil {
				t.Fatal(err)
			}
			collect(t, w, sub, filepath.Join(sub, "a.md"))
		})
	}
}

func TestEditorTemporariesIgnored(t *testing.T) {
	temporaries := []string{
		".page.md.swp", "page.md.swp", "page.md.swx", "page.md~", ".#page.md", "4913",
		"page.md.tmp", "page.md___jb_old___", "page.md___jb_tmp___", ".DS_Store",
		".hidden.md", "#page.md#", filepath.Join(".git", "index"), filepath.Join(".obsidian", "x.json"),
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			dir := t.TempDir()
			w := start(t, m.opts, dir)
			for _, name := range temporaries {
				write(t, filepath.Join(dir, name), "noise")
			}
			sentinel := filepath.Join(dir, "real.md")
			write(t, sentinel, "real")
			got := collect(t, w, sentinel)
			if !slices.Equal(got, []string{sentinel}) {
				t.Errorf("got %v, want only %s", got, sentinel)
			}
		})
	}
}

func TestBurstIsOneBatch(t *testing.T) {
	dir := t.TempDir()
	// A longer quiet period than the default, so that a loaded machine
	// pausing between two writes does not split the burst.
	w := start(t, Options{Quiet: 300 * time.Millisecond}, dir)
	var want []string
	for i := range 5 {
		p := filepath.Join(dir, string(rune('a'+i))+".md")
		want = append(want, p)
		for j := range 4 {
			write(t, p, strings.Repeat("x", j+1))
		}
	}
	select {
	case batch := <-w.Events():
		if !slices.Equal(batch, want) {
			t.Errorf("first batch %v, want %v", batch, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no batch")
	}
}

// An editor that moves the old file away before writing the new one: the
// page is missing only for a moment, and the batch waits for it (the
// removal's longer quiet period) instead of reporting its removal alone.
func TestSaveByMovingAwayIsOneBatch(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "page.md")
	write(t, page, "v1")
	// A long removal quiet, so that a loaded machine pausing between the
	// steps does not split them; the quiet period of writes stays short.
	w := start(t, Options{Quiet: time.Millisecond, RemovalQuiet: 500 * time.Millisecond}, dir)
	settle()
	// The batch is read as soon as it is ready, and the page looked for then.
	type received struct {
		batch   []string
		missing bool
	}
	first := make(chan received, 1)
	go func() {
		batch := <-w.Events()
		_, err := os.Stat(page)
		first <- received{batch, err != nil}
	}()
	if err := os.Rename(page, page+"~"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // far longer than Quiet
	write(t, page, "v2")
	os.Remove(page + "~")
	select {
	case got := <-first:
		if !slices.Equal(got.batch, []string{page}) {
			t.Errorf("first batch %v, want the page (its backup is ignored)", got.batch)
		}
		if got.missing {
			t.Error("the batch came while the page was missing")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no batch")
	}
}

// An editor that saves in place truncates the file, then writes it: a
// batch that came between would have the page empty.
func TestSaveInPlaceIsOneBatch(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "page.md")
	write(t, page, "v1")
	w := start(t, Options{Quiet: time.Millisecond, RemovalQuiet: 500 * time.Millisecond}, dir)
	settle()
	first := make(chan string, 1)
	go func() {
		<-w.Events()
		b, _ := os.ReadFile(page)
		first <- string(b)
	}()
	if err := os.Truncate(page, 0); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // far longer than Quiet
	write(t, page, "v2")
	select {
	case got := <-first:
		if got != "v2" {
			t.Errorf("the first batch came with the page reading %q, want the whole save", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no batch")
	}
}

func TestRootFileWatchedAloneThroughAtomicSaves(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			dir := t.TempDir()
			config := filepath.Join(dir, "handbook.yml")
			sibling := filepath.Join(dir, "other.md")
			write(t, config, "a: 1")
			w := start(t, m.opts, config)
			settle()
			write(t, sibling, "not watched")
			for i := range 2 { // twice: the watch must survive the first replacement
				tmp := filepath.Join(dir, "handbook.yml.tmp")
				write(t, tmp, strings.Repeat("b: 2\n", i+2))
				if err := os.Rename(tmp, config); err != nil {
					t.Fatal(err)
				}
				got := collect(t, w, config)
				if !slices.Equal(got, []string{config}) {
					t.Errorf("save %d: got %v, want only %s", i, got, config)
				}
			}
		})
	}
}

func TestDefaultPollInterval(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "page.md")
	write(t, page, "one")
	w := start(t, Options{Poll: true}, dir)
	began := time.Now()
	write(t, page, "two!")
	collect(t, w, page)
	if took := time.Since(began); took > 2*time.Second {
		t.Errorf("polling took %v to notice a change", took)
	}
}

func TestNewRejectsNoPaths(t *testing.T) {
	if _, err := New(nil, Options{}); err == nil {
		t.Error("New accepted no paths")
	}
}

// TestRootsMadeLaterAndMadeAgain: roots that do not exist when watching
// starts (a content folder, a theme two levels down, a config file) are
// watched once made, and a root folder deleted and made again is watched
// again.
func TestRootsMadeLaterAndMadeAgain(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			dir := t.TempDir()
			content := filepath.Join(dir, "content")
			theme := filepath.Join(dir, "site", "theme")
			config := filepath.Join(dir, "handbook.yaml")
			w := start(t, m.opts, content, theme, config)
			settle()
			page := filepath.Join(content, "sub", "a.md")
			write(t, page, "one")
			collect(t, w, page)
			css := filepath.Join(theme, "assets", "x.css")
			write(t, css, "a{}")
			collect(t, w, css)
			write(t, config, "title: T")
			collect(t, w, config)
			settle()
			if err := os.RemoveAll(content); err != nil {
				t.Fatal(err)
			}
			collect(t, w, page)
			settle()
			again := filepath.Join(content, "b.md")
			write(t, again, "two")
			collect(t, w, again)
			settle()
			write(t, again, "three!")
			collect(t, w, again)
		})
	}
}

func TestCloseClosesEvents(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := start(t, m.opts, t.TempDir())
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if _, ok := <-w.Events(); ok {
				t.Error("Events still open after Close")
			}
			if err := w.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
		})
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"page.md": false, "4913.md": false, "notes.txt": false, "a~b.md": false,
		".swp": true, "x.SWP": true, "x.swx": true, "x~": true, ".#x.md": true, "4913": true,
		"x.tmp": true, "x.md___jb_tmp___": true, "x.md___jb_old___": true, ".DS_Store": true,
		".git": true, "#x.md#": true,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestEndlessWritesStillDeliverBatches(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "busy.md")
	w := start(t, Options{}, dir)
	stop := time.After(2500 * time.Millisecond)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case batch := <-w.Events():
			if !slices.Equal(batch, []string{page}) {
				t.Errorf("batch %v", batch)
			}
			return // delivered although the file never went quiet
		case <-tick.C:
			write(t, page, strings.Repeat("x", i%50+1))
		case <-stop:
			t.Fatal("no batch while the file kept changing")
		}
	}
}

// TestNotifyErrorReportsRootsChanged: when fsnotify reports an error (its
// queue overflowed, so events may be lost), the error is passed on and the
// roots are reported as changed, so that the next build redoes everything
// rather than trusting a partial list of changed files.
func TestNotifyErrorReportsRootsChanged(t *testing.T) {
	dir := t.TempDir()
	w := start(t, Options{}, dir)
	w.notifyErrors <- fsnotify.ErrEventOverflow
	select {
	case err := <-w.Errors():
		if !errors.Is(err, fsnotify.ErrEventOverflow) {
			t.Errorf("error %v, want the overflow", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the error was not passed on")
	}
	select {
	case batch := <-w.Events():
		if !slices.Contains(batch, dir) {
			t.Errorf("batch %v does not report the root %s", batch, dir)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no batch after the error")
	}
}

// TestFollowsLinkedFoldersInsideTheProject: an edit in a folder linked
// into the watched one (inside the project) is reported under the link's
// path, as the build reads it; a folder linked from outside the project is
// not watched.
func TestFollowsLinkedFoldersInsideTheProject(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			project := t.TempDir()
			content := filepath.Join(project, "content")
			write(t, filepath.Join(project, "shared", "g.md"), "# G")
			write(t, filepath.Join(content, "index.md"), "# I")
			outside := t.TempDir()
			write(t, filepath.Join(outside, "o.md"), "# O")
			if err := os.Symlink(filepath.Join(project, "shared"), filepath.Join(content, "guides")); err != nil {
				t.Skip("no symbolic links here:", err)
			}
			if err := os.Symlink(outside, filepath.Join(content, "elsewhere")); err != nil {
				t.Fatal(err)
			}
			opts := m.opts
			opts.Within = []string{project}
			w := start(t, opts, content)
			time.Sleep(50 * time.Millisecond)
			write(t, filepath.Join(outside, "o.md"), "# O2")
			write(t, filepath.Join(project, "shared", "g.md"), "# G2")
			seen := collect(t, w, filepath.Join(content, "guides", "g.md"))
			for _, p := range seen {
				if strings.Contains(p, "elsewhere") {
					t.Errorf("a folder linked from outside the project was watched: %v", seen)
				}
			}
		})
	}
}

// Changes counts every change as it arrives, delivered or not.
func TestChangesCountsEachChange(t *testing.T) {
	dir := t.TempDir()
	w, err := New([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.Changes() != 0 {
		t.Fatal("changes before any change")
	}
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for w.Changes() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the change is never counted")
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case <-w.Events():
	case <-time.After(5 * time.Second):
		t.Fatal("no batch")
	}
	seen := w.Changes()
	if err := os.WriteFile(filepath.Join(dir, "b.md"), []byte("y"), 0o644); err != nil {
		t.Fatal(err)
	}
	for w.Changes() == seen {
		if time.Now().After(deadline) {
			t.Fatal("the second change is never counted")
		}
		time.Sleep(time.Millisecond)
	}
}
