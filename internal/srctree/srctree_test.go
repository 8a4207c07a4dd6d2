package srctree

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// tree makes files (name → content; content "->target" makes a symbolic
// link, a name ending in "/" a folder) under a new folder.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasSuffix(name, "/"):
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
		case strings.HasPrefix(content, "->"):
			if err := os.Symlink(strings.TrimPrefix(content, "->"), p); err != nil {
				t.Fatal(err)
			}
		default:
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return root
}

type walked struct {
	files, dirs []string
	problems    map[string]string
}

func walk(t *testing.T, root string, opts Options) walked {
	t.Helper()
	w := walked{problems: map[string]string{}}
	opts.Problem = func(rel, msg string) { w.problems[rel] = msg }
	l, err := List(root, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range l.Files {
		w.files = append(w.files, f.Rel)
		if b, err := os.ReadFile(f.Path); err != nil || len(b) == 0 && f.Info.Size() != 0 {
			t.Errorf("%s: cannot read through %s: %v", f.Rel, f.Path, err)
		}
	}
	for _, d := range l.Dirs {
		w.dirs = append(w.dirs, d.Rel)
	}
	return w
}

func TestLinksInsideAreFollowedFilesAndFolders(t *testing.T) {
	root := tree(t, map[string]string{
		"project/content/a.md":       "# A",
		"project/content/alias.md":   "->a.md",
		"project/content/readme.md":  "->../README.md",
		"project/content/guides":     "->../shared/guides",
		"project/README.md":          "# Readme",
		"project/shared/guides/g.md": "# G",
	})
	w := walk(t, filepath.Join(root, "project", "content"), Options{Within: []string{filepath.Join(root, "project")}})
	want := []string{"a.md", "alias.md", "guides/g.md", "readme.md"}
	if !slices.Equal(w.files, want) || !slices.Equal(w.dirs, []string{"guides"}) || len(w.problems) != 0 {
		t.Errorf("files %v dirs %v problems %v; want files %v, dirs [guides], no problem", w.files, w.dirs, w.problems, want)
	}
}

func TestLinksOutsideAreRefusedAtTheLink(t *testing.T) {
	root := tree(t, map[string]string{
		"project/theme/passwd":      "->/etc/passwd",
		"project/theme/etc":         "->/etc",
		"project/theme/ok.css":      "body{}",
		"project/theme/sneaky.css":  "->../../secret/key",
		"secret/key":                "hush",
		"project/theme/dangling.js": "->nowhere.js",
	})
	w := walk(t, filepath.Join(root, "project", "theme"), Options{Within: []string{filepath.Join(root, "project")}})
	if !slices.Equal(w.files, []string{"ok.css"}) || len(w.dirs) != 0 {
		t.Errorf("files %v dirs %v, want only ok.css", w.files, w.dirs)
	}
	for _, rel := range []string{"passwd", "etc", "sneaky.css"} {
		if !strings.Contains(w.problems[rel], "outside the project folder") {
			t.Errorf("%s: problem %q, want a refusal naming the project folder", rel, w.problems[rel])
		}
	}
	if !strings.Contains(w.problems["dangling.js"], "broken symbolic link") {
		t.Errorf("dangling.js: problem %q", w.problems["dangling.js"])
	}
}

func TestLoopsAreDetected(t *testing.T) {
	root := tree(t, map[string]string{
		"c/a/page.md": "x",
		"c/a/up":      "->..",
		"c/a/self":    "->.",
		"c/b/x.md":    "y",
		"c/b/toa":     "->../a",
		"c/a/tob":     "->../b",
	})
	w := walk(t, filepath.Join(root, "c"), Options{})
	// a/tob/toa is a loop (a holds it), b/toa/tob too; each folder is
	// still listed where a link to it is not a loop.
	want := []string{"a/page.md", "a/tob/x.md", "b/toa/page.md", "b/x.md"}
	if !slices.Equal(w.files, want) {
		t.Errorf("files %v, want %v", w.files, want)
	}
	for _, rel := range []string{"a/up", "a/self", "a/tob/toa", "b/toa/tob"} {
		if !strings.Contains(w.problems[rel], "loop") {
			t.Errorf("%s: problem %q, want a loop", rel, w.problems[rel])
		}
	}
}

func TestSymlinkedRootIsFollowed(t *testing.T) {
	root := tree(t, map[string]string{"docs/index.md": "# I", "docs/sub/p.md": "# P", "content": "->docs"})
	w := walk(t, filepath.Join(root, "content"), Options{Within: []string{root}})
	if !slices.Equal(w.files, []string{"index.md", "sub/p.md"}) || len(w.problems) != 0 {
		t.Errorf("files %v problems %v", w.files, w.problems)
	}
}

func TestExcludedFoldersAndOutputFoldersAreLeftOut(t *testing.T) {
	root := tree(t, map[string]string{
		"site/index.md":               "# I",
		"site/public/index.html":      "<p>",
		"site/old/" + OutputMarker:    "",
		"site/old/page/index.html":    "<p>",
		"site/.cache/handbook/x.json": "{}",
		"site/link-to-public":         "->public",
		"site/notes/.hidden.md":       "x",
		"site/notes/n.md":             "x",
	})
	w := walk(t, filepath.Join(root, "site"), Options{Exclude: []string{filepath.Join(root, "site", "public")}})
	if !slices.Equal(w.files, []string{"index.md", "notes/n.md"}) {
		t.Errorf("files %v, want index.md and notes/n.md", w.files)
	}
}

func TestPipesAreNotRead(t *testing.T) {
	root := tree(t, map[string]string{"c/a.md": "x"})
	if err := syscall.Mkfifo(filepath.Join(root, "c", "pipe.md"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	w := walk(t, filepath.Join(root, "c"), Options{})
	if !slices.Equal(w.files, []string{"a.md"}) || !strings.Contains(w.problems["pipe.md"], "not a regular file") {
		t.Errorf("files %v problems %v", w.files, w.problems)
	}
}

func TestResolve(t *testing.T) {
	root := tree(t, map[string]string{
		"p/snips/a.md":   "a",
		"p/snips/b.md":   "->../docs/b.md",
		"p/docs/b.md":    "b",
		"p/snips/out.md": "->../../outside.md",
		"outside.md":     "o",
	})
	p := filepath.Join(root, "p")
	if _, err := Resolve(filepath.Join(p, "snips", "b.md"), p); err != nil {
		t.Errorf("b.md: %v", err)
	}
	if _, err := Resolve(filepath.Join(p, "snips", "out.md"), p); !errors.Is(err, ErrOutside) || !strings.Contains(err.Error(), filepath.Join(root, "outside.md")) {
		t.Errorf("out.md: %v, want a refusal naming the target", err)
	}
	if b, err := ReadFile(filepath.Join(p, "snips", "b.md"), p); err != nil || string(b) != "b" {
		t.Errorf("ReadFile(b.md) = %q, %v", b, err)
	}
	if b, err := ReadFile(filepath.Join(p, "snips", "out.md"), p); !errors.Is(err, ErrOutside) || b != nil {
		t.Errorf("ReadFile(out.md) = %q, %v: want a refusal", b, err)
	}
	if _, err := ReadFile(filepath.Join(p, "snips", "none.md"), p); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile(none.md): %v, want not found", err)
	}
}

func TestFSOpensOnlyUnderTheRule(t *testing.T) {
	root := tree(t, map[string]string{
		"p/theme/new/page.md":   "mine",
		"p/theme/new/shared.md": "->../../shared.md",
		"p/shared.md":           "shared",
		"p/theme/new/passwd.md": "->/etc/passwd",
	})
	fsys := FS(filepath.Join(root, "p", "theme", "new"), filepath.Join(root, "p"))
	for name, want := range map[string]string{"page.md": "mine", "shared.md": "shared"} {
		if b, err := fs.ReadFile(fsys, name); err != nil || string(b) != want {
			t.Errorf("%s: %q %v", name, b, err)
		}
	}
	if _, err := fs.ReadFile(fsys, "passwd.md"); err == nil || !strings.Contains(err.Error(), "outside the project folder") {
		t.Errorf("passwd.md: %v, want a refusal", err)
	}
	if _, err := fs.ReadFile(fsys, "missing.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing.md: %v, want not-exist", err)
	}
}

// NoFileInfo: the walk lists the same files, folders and problems, and
// gives plain files without their state (folders and followed links keep
// theirs); a pipe is still not read.
func TestNoFileInfoListsTheSameWithoutReadingPlainFiles(t *testing.T) {
	root := tree(t, map[string]string{"c/a.md": "x", "c/sub/b.md": "yy", "c/link.md": "->a.md", "c/out.md": "->../../elsewhere.md"})
	fifo := syscall.Mkfifo(filepath.Join(root, "c", "pipe.md"), 0o644) == nil
	type seen struct {
		rel       string
		dir, info bool
		link      bool
		size      int64
	}
	list := func(opts Options) ([]seen, map[string]string) {
		var out []seen
		problems := map[string]string{}
		opts.Problem = func(rel, msg string) { problems[rel] = msg }
		err := Walk(filepath.Join(root, "c"), opts, func(e Entry) error {
			s := seen{rel: e.Rel, dir: e.IsDir(), info: e.Info != nil, link: e.Link}
			if e.Info != nil && !e.IsDir() {
				s.size = e.Info.Size()
			}
			out = append(out, s)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out, problems
	}
	full, fullProblems := list(Options{})
	lazy, lazyProblems := list(Options{NoFileInfo: true})
	if len(full) != len(lazy) || len(fullProblems) != len(lazyProblems) {
		t.Fatalf("NoFileInfo walks %v (problems %v), the walk %v (problems %v)", lazy, lazyProblems, full, fullProblems)
	}
	for i := range full {
		f, l := full[i], lazy[i]
		plain := !f.dir && !f.link
		if f.rel != l.rel || f.dir != l.dir || f.link != l.link || l.info == plain || !plain && l.size != f.size {
			t.Errorf("entry %d: NoFileInfo gives %+v, the walk %+v", i, l, f)
		}
	}
	if fifo && !strings.Contains(lazyProblems["pipe.md"], "not a regular file") {
		t.Errorf("a pipe is not reported with NoFileInfo: %v", lazyProblems)
	}
}
